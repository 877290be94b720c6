/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * PSK_EXCHANGE, PSK_EXCHANGE_RSP, PSK_FINISH and PSK_FINISH_RSP (DSP0274 1.1-1.4): the
 * reference emulators' messages byte for byte, round trips for every version with and without
 * hint, context, opaque data and measurement summary; every truncation, DOE padding and
 * trailing bytes; each reserved field and bit, the context lengths and OpaqueDataLength.
 */
#include "testutil.h"

#include <string.h>

#include "codec/spdm.h"

#define MAX_MSG 4096

static const uint8_t versions[] = {0x11, 0x12, 0x13, 0x14};
static const uint32_t hash_sizes[] = {32, 48, 64};

/* The 1.3 PSK_EXCHANGE and PSK_EXCHANGE_RSP of sessions/sess_v13_mctp_psk.pcap (SHA-384, all
 * measurements, SessionPolicy 1, the sample hint "TestPskHint"). */
static const char ref_psk_exchange[] =
    "13e6ff01ffff0c00400014005465737450736b48696e740045ad7a1fc4ad92fc52b7442db6d82e0663ff803e"
    "20b0441176df452915279ca5e1fc1b159d9e4bcd19b7823ad13884842f80797224f4e0a9f7e303f2b4a0b085"
    "0100000000000900010103001000110012000000";
static const char ref_psk_exchange_rsp[] =
    "1366f000ffff000040000c00fdabe16b17dedf3e762a76f1c5d9ee015e9f50b75bd75ea18db5d398b880258b"
    "46fcc81ae53a9aa35f49f4c24f4ed5a2f2245903e784eb5ac4d70e69796158e7b669ce60c0add296f163c681"
    "6a6d91b4657c64dbddcf83b06fcd4e633069a3116b12a6625838317915531d4681f26b2b0100000000000400"
    "01000012c61adc59076413668d0d6258b0953249f447dc2d1537ceb5a280be786c66a02d98ca47643beb363b"
    "62aed042149c0990";

static struct spdm_neg g_neg;
static struct spdm_psk_exchange g_px;
static struct spdm_psk_exchange_rsp g_pxr;
static struct spdm_psk_finish g_pf;
static struct spdm_psk_finish_rsp g_pfr;

/* Field patterns: hint 0x10.., context 0x20.., summary 0x33, opaque 0x44.., verify 0x77. */
static uint8_t p_hint[64], p_context[128], p_summary[64], p_opaque[1100];

static void set_neg(uint8_t ver, uint32_t hash, uint32_t meas)
{
	memset(&g_neg, 0, sizeof(g_neg));
	g_neg.version = ver;
	g_neg.hash_size = hash;
	g_neg.meas_hash_size = meas;
	tu_fill(p_hint, sizeof(p_hint), 0x10);
	tu_fill(p_context, sizeof(p_context), 0x20);
	memset(p_summary, 0x33, sizeof(p_summary));
	tu_fill(p_opaque, sizeof(p_opaque), 0x44);
}

static cspdm_status dec_px(const uint8_t *msg, size_t len, uint32_t max_pad, cspdm_error *err)
{
	g_neg.max_pad = max_pad;
	memset(&g_px, 0xA5, sizeof(g_px));
	return spdm_dec_psk_exchange(&g_neg, msg, len, &g_px, err);
}

static cspdm_status dec_pxr(const uint8_t *msg, size_t len, uint32_t max_pad, cspdm_error *err)
{
	g_neg.max_pad = max_pad;
	memset(&g_pxr, 0xA5, sizeof(g_pxr));
	return spdm_dec_psk_exchange_rsp(&g_neg, msg, len, &g_pxr, err);
}

static cspdm_status dec_pf(const uint8_t *msg, size_t len, uint32_t max_pad, cspdm_error *err)
{
	g_neg.max_pad = max_pad;
	memset(&g_pf, 0xA5, sizeof(g_pf));
	return spdm_dec_psk_finish(&g_neg, msg, len, &g_pf, err);
}

static cspdm_status dec_pfr(const uint8_t *msg, size_t len, uint32_t max_pad, cspdm_error *err)
{
	g_neg.max_pad = max_pad;
	memset(&g_pfr, 0xA5, sizeof(g_pfr));
	return spdm_dec_psk_finish_rsp(&g_neg, msg, len, &g_pfr, err);
}

/* ---- PSK_EXCHANGE ---------------------------------------------------------------------------- */

static size_t px_msg(uint8_t type, uint8_t policy, uint16_t hint, uint16_t ctx, uint16_t opaque,
		     uint8_t *buf)
{
	struct spdm_psk_exchange p;
	size_t n = 0, want = 12u + hint + ctx + opaque;

	memset(&p, 0, sizeof(p));
	p.meas_summary_type = type;
	p.session_policy = policy;
	p.req_session_id = 0xFFFE;
	p.hint = p_hint;
	p.hint_len = hint;
	p.context = p_context;
	p.context_len = ctx;
	p.opaque = p_opaque;
	p.opaque_len = opaque;
	assert_int_equal(spdm_enc_psk_exchange(&g_neg, &p, buf, MAX_MSG, &n), CSPDM_OK);
	assert_int_equal(n, want);
	assert_int_equal(spdm_enc_psk_exchange(&g_neg, &p, buf, want - 1, &n),
			 CSPDM_E_BUFFER_TOO_SMALL);
	assert_int_equal(spdm_enc_psk_exchange(&g_neg, &p, buf, MAX_MSG, &n), CSPDM_OK);
	return want;
}

/* The reference requester's PSK_EXCHANGE: decoded, and encoded again byte for byte. */
static void test_psk_exchange_reference(void **state)
{
	static uint8_t ref[MAX_MSG], buf[MAX_MSG];
	struct spdm_psk_exchange p;
	size_t len = tu_hex_must(ref_psk_exchange, ref, sizeof(ref)), n = 0;

	(void)state;
	set_neg(0x13, 48, 0);
	assert_int_equal(len, 108);
	tu_decode_ok(dec_px, ref, len);
	assert_int_equal(g_px.len, 108);
	assert_int_equal(g_px.meas_summary_type, 0xFF);
	assert_int_equal(g_px.session_policy, 0x01);
	assert_int_equal(g_px.req_session_id, 0xFFFF);
	assert_int_equal(g_px.hint_len, 12);
	assert_memory_equal(g_px.hint, "TestPskHint", 12);
	assert_int_equal(g_px.context_len, 64);
	assert_ptr_equal(g_px.context, ref + 24);
	assert_int_equal(g_px.opaque_len, 20);
	assert_ptr_equal(g_px.opaque, ref + 88);
	p = g_px;
	assert_int_equal(spdm_enc_psk_exchange(&g_neg, &p, buf, sizeof(buf), &n), CSPDM_OK);
	assert_int_equal(n, len);
	assert_memory_equal(buf, ref, len);
}

static void check_px_roundtrip(uint8_t ver, uint16_t hint, uint16_t ctx, uint16_t opaque,
			       uint8_t type)
{
	static uint8_t msg[MAX_MSG];
	uint8_t policy = ver >= 0x13 ? 0x03 : ver == 0x12 ? 0x01 : 0;
	size_t len;

	set_neg(ver, 48, 0);
	len = px_msg(type, policy, hint, ctx, opaque, msg);
	tu_decode_ok(dec_px, msg, len);
	assert_int_equal(g_px.len, len);
	assert_int_equal(g_px.meas_summary_type, type);
	assert_int_equal(g_px.session_policy, policy);
	assert_int_equal(g_px.req_session_id, 0xFFFE);
	assert_int_equal(g_px.hint_len, hint);
	assert_ptr_equal(g_px.hint, msg + 12);
	assert_memory_equal(g_px.hint, p_hint, hint);
	assert_int_equal(g_px.context_len, ctx);
	assert_ptr_equal(g_px.context, msg + 12 + hint);
	assert_memory_equal(g_px.context, p_context, ctx);
	assert_int_equal(g_px.opaque_len, opaque);
	assert_ptr_equal(g_px.opaque, msg + 12 + hint + ctx);
	tu_check_truncations(dec_px, msg, len);
	tu_check_padding(dec_px, msg, len, &g_px.len);
}

static void test_psk_exchange_roundtrip(void **state)
{
	static const uint8_t types[] = {0, 1, 0xFF};
	size_t v, i;

	(void)state;
	for (v = 0; v < sizeof(versions); v++)
		for (i = 0; i < 4; i++)
			check_px_roundtrip(versions[v], (uint16_t)(i * 7), (uint16_t)(32 + i * 16),
					   (uint16_t)(i * 5), types[(v + i) % 3]);
	check_px_roundtrip(0x14, 64, 128, 1024, 0);
}

static void test_psk_exchange_invalid(void **state)
{
	static const struct {
		uint8_t ver;
		size_t at;
		uint8_t value;
		cspdm_status code;
		const char *field;
		uint32_t offset;
	} cases[] = {
	    {0x12, 0, 0x13, CSPDM_E_VERSION_FIELD, "SPDMVersion", 0},
	    {0x12, 1, 0x66, CSPDM_E_RESPONSE_CODE, "RequestResponseCode", 1},
	    {0x12, 2, 0x02, CSPDM_E_FIELD, "Param1 (MeasurementSummaryHashType)", 2},
	    {0x13, 2, 0xFE, CSPDM_E_FIELD, "Param1 (MeasurementSummaryHashType)", 2},
	    {0x11, 3, 0x01, CSPDM_E_RESERVED, "Param2", 3},
	    {0x11, 3, 0x80, CSPDM_E_RESERVED, "Param2", 3},
	    {0x12, 3, 0x02, CSPDM_E_RESERVED, "Param2 (SessionPolicy)", 3},
	    {0x13, 3, 0x04, CSPDM_E_RESERVED, "Param2 (SessionPolicy)", 3},
	    {0x14, 3, 0x80, CSPDM_E_RESERVED, "Param2 (SessionPolicy)", 3},
	    /* RequesterContextLength 31 (and 0) */
	    {0x12, 8, 31, CSPDM_E_LENGTH, "RequesterContextLength", 8},
	    {0x13, 8, 0, CSPDM_E_LENGTH, "RequesterContextLength", 8},
	};
	static uint8_t msg[MAX_MSG];
	size_t i, len;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		set_neg(cases[i].ver, 48, 0);
		len = px_msg(0, 0, 4, 32, 4, msg);
		tu_expect_at(dec_px, msg, len, cases[i].at, cases[i].value, cases[i].code,
			     cases[i].field, cases[i].offset);
	}
	/* the defined SessionPolicy bits pass, and a context of exactly 32 bytes */
	set_neg(0x13, 48, 0);
	len = px_msg(1, 0x03, 0, 32, 0, msg);
	tu_decode_ok(dec_px, msg, len);
}

/* Lengths that disagree with the message, OpaqueDataLength over the limit, a 1.0 message, and
 * the encoder's refusals. */
static void test_psk_exchange_lengths(void **state)
{
	static uint8_t msg[MAX_MSG];
	struct spdm_psk_exchange p;
	cspdm_error err;
	size_t len, n;

	(void)state;
	set_neg(0x12, 48, 0);
	len = px_msg(0, 0, 4, 32, 8, msg);
	msg[6] = 5; /* a longer hint: the opaque data ends past the message */
	tu_expect_err(tu_run(dec_px, msg, len, 0, &err), &err, CSPDM_E_TRUNCATED, "OpaqueData", 49);
	msg[6] = 3; /* a shorter one: a byte is left over */
	tu_expect_err(tu_run(dec_px, msg, len, 0, &err), &err, CSPDM_E_TRAILING, "end of message",
		      (uint32_t)len - 1);
	msg[6] = 4;
	msg[10] = 0x01;
	msg[11] = 0x04; /* 1025 */
	tu_expect_err(tu_run(dec_px, msg, len, 0, &err), &err, CSPDM_E_LENGTH, "OpaqueDataLength",
		      10);
	msg[8] = 0xFF;
	msg[9] = 0xFF; /* a context of 65535 bytes */
	msg[10] = 8;
	msg[11] = 0;
	tu_expect_err(tu_run(dec_px, msg, len, 0, &err), &err, CSPDM_E_TRUNCATED,
		      "RequesterContext", 16);
	msg[0] = 0x10;
	g_neg.version = 0x10;
	tu_expect_err(tu_run(dec_px, msg, len, 0, &err), &err, CSPDM_E_VERSION_FIELD, "SPDMVersion",
		      0);
	memset(&p, 0, sizeof(p));
	p.context = p_context;
	p.context_len = 32;
	assert_int_equal(spdm_enc_psk_exchange(&g_neg, &p, msg, sizeof(msg), &n),
			 CSPDM_E_INVALID_ARG);
	g_neg.version = 0x12;
	p.context_len = 31;
	assert_int_equal(spdm_enc_psk_exchange(&g_neg, &p, msg, sizeof(msg), &n),
			 CSPDM_E_INVALID_ARG);
	p.context_len = 32;
	p.opaque_len = 1025;
	assert_int_equal(spdm_enc_psk_exchange(&g_neg, &p, msg, sizeof(msg), &n),
			 CSPDM_E_INVALID_ARG);
}

/* ---- PSK_EXCHANGE_RSP ------------------------------------------------------------------------ */

/* The whole response: the encoded part, then ResponderVerifyData (0x77). */
static size_t pxr_msg(uint16_t ctx, uint16_t opaque, uint8_t *buf, size_t *hmac_off)
{
	struct spdm_psk_exchange_rsp p;
	size_t n = 0;

	memset(&p, 0, sizeof(p));
	p.heartbeat_period = 0xF0;
	p.rsp_session_id = 0xFFFD;
	p.meas_summary = p_summary;
	p.context = p_context;
	p.context_len = ctx;
	p.opaque = p_opaque;
	p.opaque_len = opaque;
	assert_int_equal(spdm_enc_psk_exchange_rsp(&g_neg, &p, buf, MAX_MSG, &n), CSPDM_OK);
	assert_int_equal(n, 12u + g_neg.meas_hash_size + ctx + opaque);
	assert_int_equal(spdm_enc_psk_exchange_rsp(&g_neg, &p, buf, n - 1, hmac_off),
			 CSPDM_E_BUFFER_TOO_SMALL);
	*hmac_off = n;
	memset(buf + n, 0x77, g_neg.hash_size);
	return n + g_neg.hash_size;
}

static void test_psk_exchange_rsp_reference(void **state)
{
	static uint8_t ref[MAX_MSG], buf[MAX_MSG];
	struct spdm_psk_exchange_rsp p;
	size_t len = tu_hex_must(ref_psk_exchange_rsp, ref, sizeof(ref)), n = 0;

	(void)state;
	set_neg(0x13, 48, 48);
	assert_int_equal(len, 184);
	tu_decode_ok(dec_pxr, ref, len);
	assert_int_equal(g_pxr.len, 184);
	assert_int_equal(g_pxr.heartbeat_period, 0xF0);
	assert_int_equal(g_pxr.rsp_session_id, 0xFFFF);
	assert_ptr_equal(g_pxr.meas_summary, ref + 12);
	assert_int_equal(g_pxr.context_len, 64);
	assert_ptr_equal(g_pxr.context, ref + 60);
	assert_int_equal(g_pxr.opaque_len, 12);
	assert_ptr_equal(g_pxr.opaque, ref + 124);
	assert_int_equal(g_pxr.hmac_off, 136);
	assert_ptr_equal(g_pxr.verify_data, ref + 136);
	p = g_pxr;
	assert_int_equal(spdm_enc_psk_exchange_rsp(&g_neg, &p, buf, sizeof(buf), &n), CSPDM_OK);
	assert_int_equal(n, 136);
	assert_memory_equal(buf, ref, n);
	/* decoded without the summary the request did not ask for, the lengths disagree */
	set_neg(0x13, 48, 0);
	assert_int_not_equal(tu_run(dec_pxr, ref, len, 0, &(cspdm_error){0}), CSPDM_OK);
}

static void check_pxr_roundtrip(uint8_t ver, uint32_t hash, uint32_t meas, uint16_t ctx,
				uint16_t opaque)
{
	static uint8_t msg[MAX_MSG];
	size_t hmac_off = 0, len;

	set_neg(ver, hash, meas);
	len = pxr_msg(ctx, opaque, msg, &hmac_off);
	tu_decode_ok(dec_pxr, msg, len);
	assert_int_equal(g_pxr.len, len);
	assert_int_equal(g_pxr.heartbeat_period, 0xF0);
	assert_int_equal(g_pxr.rsp_session_id, 0xFFFD);
	if (meas)
		assert_ptr_equal(g_pxr.meas_summary, msg + 12);
	else
		assert_null(g_pxr.meas_summary);
	assert_int_equal(g_pxr.context_len, ctx);
	assert_ptr_equal(g_pxr.context, msg + 12 + meas);
	assert_int_equal(g_pxr.opaque_len, opaque);
	assert_ptr_equal(g_pxr.opaque, msg + 12 + meas + ctx);
	assert_int_equal(g_pxr.hmac_off, hmac_off);
	assert_ptr_equal(g_pxr.verify_data, msg + hmac_off);
	tu_check_truncations(dec_pxr, msg, len);
	tu_check_padding(dec_pxr, msg, len, &g_pxr.len);
}

static void test_psk_exchange_rsp_roundtrip(void **state)
{
	size_t v, h;

	(void)state;
	for (v = 0; v < sizeof(versions); v++)
		for (h = 0; h < 3; h++) {
			check_pxr_roundtrip(versions[v], hash_sizes[h], 0, 0, (uint16_t)(h * 6));
			check_pxr_roundtrip(versions[v], hash_sizes[h], hash_sizes[h],
					    (uint16_t)(32 + h * 16), 12);
		}
	check_pxr_roundtrip(0x14, 64, 64, 128, 1024);
}

static void test_psk_exchange_rsp_invalid(void **state)
{
	static uint8_t msg[MAX_MSG];
	struct spdm_psk_exchange_rsp p;
	size_t len, off;
	cspdm_error err;

	(void)state;
	set_neg(0x12, 48, 0);
	len = pxr_msg(32, 4, msg, &off);
	tu_expect_at(dec_pxr, msg, len, 0, 0x11, CSPDM_E_VERSION_FIELD, "SPDMVersion", 0);
	tu_expect_at(dec_pxr, msg, len, 1, 0xE6, CSPDM_E_RESPONSE_CODE, "RequestResponseCode", 1);
	tu_expect_at(dec_pxr, msg, len, 3, 0x01, CSPDM_E_RESERVED, "Param2", 3);
	tu_expect_at(dec_pxr, msg, len, 6, 0x01, CSPDM_E_RESERVED, "Reserved", 6);
	tu_expect_at(dec_pxr, msg, len, 7, 0x80, CSPDM_E_RESERVED, "Reserved", 7);
	tu_expect_at(dec_pxr, msg, len, 8, 31, CSPDM_E_LENGTH, "ResponderContextLength", 8);
	tu_expect_at(dec_pxr, msg, len, 8, 1, CSPDM_E_LENGTH, "ResponderContextLength", 8);
	tu_expect_at(dec_pxr, msg, len, 11, 0x04, CSPDM_E_LENGTH, "OpaqueDataLength", 10);
	/* no room for ResponderVerifyData, or a byte past it */
	tu_expect_err(tu_run(dec_pxr, msg, len - 1, 0, &err), &err, CSPDM_E_TRUNCATED,
		      "ResponderVerifyData", (uint32_t)off);
	msg[len] = 0x01;
	tu_expect_err(tu_run(dec_pxr, msg, len + 1, 0, &err), &err, CSPDM_E_TRAILING,
		      "end of message", (uint32_t)len);
	memset(&p, 0, sizeof(p));
	p.context = p_context;
	p.context_len = 31;
	assert_int_equal(spdm_enc_psk_exchange_rsp(&g_neg, &p, msg, sizeof(msg), &off),
			 CSPDM_E_INVALID_ARG);
	g_neg.version = 0x10;
	p.context_len = 0;
	assert_int_equal(spdm_enc_psk_exchange_rsp(&g_neg, &p, msg, sizeof(msg), &off),
			 CSPDM_E_INVALID_ARG);
}

/* ---- PSK_FINISH and PSK_FINISH_RSP ----------------------------------------------------------- */

static size_t pf_msg(uint16_t opaque, uint8_t *buf, size_t *hmac_off)
{
	struct spdm_psk_finish f;
	size_t n = 0;

	memset(&f, 0, sizeof(f));
	f.opaque = p_opaque;
	f.opaque_len = opaque;
	assert_int_equal(spdm_enc_psk_finish(&g_neg, &f, buf, MAX_MSG, &n), CSPDM_OK);
	assert_int_equal(n, 4u + (g_neg.version >= 0x14 ? 2u + opaque : 0));
	*hmac_off = n;
	memset(buf + n, 0x77, g_neg.hash_size);
	return n + g_neg.hash_size;
}

static size_t pfr_msg(uint16_t opaque, uint8_t *buf)
{
	struct spdm_psk_finish_rsp f;
	size_t n = 0;

	memset(&f, 0, sizeof(f));
	f.opaque = p_opaque;
	f.opaque_len = opaque;
	assert_int_equal(spdm_enc_psk_finish_rsp(&g_neg, &f, buf, MAX_MSG, &n), CSPDM_OK);
	assert_int_equal(n, 4u + (g_neg.version >= 0x14 ? 2u + opaque : 0));
	assert_int_equal(spdm_enc_psk_finish_rsp(&g_neg, &f, buf, n - 1, &n),
			 CSPDM_E_BUFFER_TOO_SMALL);
	return 4u + (g_neg.version >= 0x14 ? 2u + opaque : 0);
}

static void test_psk_finish_roundtrip(void **state)
{
	static uint8_t msg[MAX_MSG];
	size_t v, h, len, off = 0;
	uint16_t opaque;

	(void)state;
	for (v = 0; v < sizeof(versions); v++)
		for (h = 0; h < 3; h++) {
			opaque = (uint16_t)(h * 9);
			set_neg(versions[v], hash_sizes[h], 0);
			len = pf_msg(opaque, msg, &off);
			tu_decode_ok(dec_pf, msg, len);
			assert_int_equal(g_pf.len, len);
			assert_int_equal(g_pf.hmac_off, off);
			assert_ptr_equal(g_pf.verify_data, msg + off);
			assert_int_equal(g_pf.opaque_len, versions[v] >= 0x14 ? opaque : 0);
			tu_check_truncations(dec_pf, msg, len);
			tu_check_padding(dec_pf, msg, len, &g_pf.len);
			len = pfr_msg(opaque, msg);
			tu_decode_ok(dec_pfr, msg, len);
			assert_int_equal(g_pfr.len, len);
			assert_int_equal(g_pfr.opaque_len, versions[v] >= 0x14 ? opaque : 0);
			tu_check_truncations(dec_pfr, msg, len);
			tu_check_padding(dec_pfr, msg, len, &g_pfr.len);
		}
}

static void test_psk_finish_invalid(void **state)
{
	static uint8_t msg[MAX_MSG];
	size_t len, off;
	cspdm_error err;

	(void)state;
	set_neg(0x14, 48, 0);
	len = pf_msg(2, msg, &off);
	tu_expect_at(dec_pf, msg, len, 0, 0x13, CSPDM_E_VERSION_FIELD, "SPDMVersion", 0);
	tu_expect_at(dec_pf, msg, len, 1, 0xE5, CSPDM_E_RESPONSE_CODE, "RequestResponseCode", 1);
	tu_expect_at(dec_pf, msg, len, 2, 0x01, CSPDM_E_RESERVED, "Param1", 2);
	tu_expect_at(dec_pf, msg, len, 3, 0x80, CSPDM_E_RESERVED, "Param2", 3);
	tu_expect_at(dec_pf, msg, len, 5, 0x04, CSPDM_E_LENGTH, "OpaqueDataLength", 4);
	tu_expect_err(tu_run(dec_pf, msg, len - 1, 0, &err), &err, CSPDM_E_TRUNCATED,
		      "RequesterVerifyData", (uint32_t)off);
	len = pfr_msg(0, msg);
	tu_expect_at(dec_pfr, msg, len, 1, 0x65, CSPDM_E_RESPONSE_CODE, "RequestResponseCode", 1);
	tu_expect_at(dec_pfr, msg, len, 2, 0x80, CSPDM_E_RESERVED, "Param1", 2);
	tu_expect_at(dec_pfr, msg, len, 3, 0x01, CSPDM_E_RESERVED, "Param2", 3);
	msg[len] = 0x07; /* PSK_FINISH_RSP has no verify data: anything more trails */
	tu_expect_err(tu_run(dec_pfr, msg, len + 1, 0, &err), &err, CSPDM_E_TRAILING,
		      "end of message", (uint32_t)len);
	/* before 1.4 there is no opaque data: its length field would trail */
	set_neg(0x13, 48, 0);
	len = pfr_msg(0, msg);
	msg[4] = msg[5] = 0;
	tu_expect_err(tu_run(dec_pfr, msg, len + 2, 0, &err), &err, CSPDM_E_TRAILING,
		      "end of message", 4);
	msg[0] = 0x10;
	g_neg.version = 0x10;
	tu_expect_err(tu_run(dec_pfr, msg, len, 0, &err), &err, CSPDM_E_VERSION_FIELD,
		      "SPDMVersion", 0);
	assert_int_equal(spdm_enc_psk_finish_rsp(&g_neg, &g_pfr, msg, sizeof(msg), &len),
			 CSPDM_E_INVALID_ARG);
}

int main(void)
{
	/* clang-format off */
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_psk_exchange_reference),
		cmocka_unit_test(test_psk_exchange_roundtrip),
		cmocka_unit_test(test_psk_exchange_invalid),
		cmocka_unit_test(test_psk_exchange_lengths),
		cmocka_unit_test(test_psk_exchange_rsp_reference),
		cmocka_unit_test(test_psk_exchange_rsp_roundtrip),
		cmocka_unit_test(test_psk_exchange_rsp_invalid),
		cmocka_unit_test(test_psk_finish_roundtrip),
		cmocka_unit_test(test_psk_finish_invalid),
	};
	/* clang-format on */

	return cmocka_run_group_tests(tests, NULL, NULL);
}
