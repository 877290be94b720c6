/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * KEY_EXCHANGE, KEY_EXCHANGE_RSP, FINISH and FINISH_RSP (DSP0274 1.1-1.4): every version, both
 * handshake modes, every DHE size, with and without a measurement summary hash and a FINISH
 * signature; every truncation, DOE padding and trailing bytes; each reserved field and bit.
 */
#include "testutil.h"

#include <string.h>

#include "codec/spdm.h"

#define MAX_MSG 4096

static const uint8_t versions[] = {0x11, 0x12, 0x13, 0x14};
static const uint32_t dhe_sizes[] = {64, 96, 132, 256, 384, 512};
static const uint32_t hash_sizes[] = {32, 48, 64};
static const uint32_t sig_sizes[] = {64, 96, 132, 114, 256, 384, 512};

static struct spdm_neg g_neg;
static struct spdm_key_exchange g_kx;
static struct spdm_key_exchange_rsp g_kxr;
static struct spdm_finish g_fin;
static struct spdm_finish_rsp g_finr;

/* Field patterns: RandomData 0x20.., ExchangeData 0x30.., summary 0x33, opaque 0x44..,
 * Signature 0x66, verify data 0x77. */
static uint8_t p_random[32], p_exchange[512], p_summary[64], p_opaque[1100];

static void set_neg(uint8_t ver, uint32_t hash, uint32_t sig, uint32_t dhe)
{
	memset(&g_neg, 0, sizeof(g_neg));
	g_neg.version = ver;
	g_neg.hash_size = hash;
	g_neg.sig_size = sig;
	g_neg.req_sig_size = sig;
	g_neg.dhe_size = dhe;
	tu_fill(p_random, sizeof(p_random), 0x20);
	tu_fill(p_exchange, sizeof(p_exchange), 0x30);
	memset(p_summary, 0x33, sizeof(p_summary));
	tu_fill(p_opaque, sizeof(p_opaque), 0x44);
}

static cspdm_status dec_kx(const uint8_t *msg, size_t len, uint32_t max_pad, cspdm_error *err)
{
	g_neg.max_pad = max_pad;
	memset(&g_kx, 0xA5, sizeof(g_kx));
	return spdm_dec_key_exchange(&g_neg, msg, len, &g_kx, err);
}

static cspdm_status dec_kxr(const uint8_t *msg, size_t len, uint32_t max_pad, cspdm_error *err)
{
	g_neg.max_pad = max_pad;
	memset(&g_kxr, 0xA5, sizeof(g_kxr));
	return spdm_dec_key_exchange_rsp(&g_neg, msg, len, &g_kxr, err);
}

static cspdm_status dec_fin(const uint8_t *msg, size_t len, uint32_t max_pad, cspdm_error *err)
{
	g_neg.max_pad = max_pad;
	memset(&g_fin, 0xA5, sizeof(g_fin));
	return spdm_dec_finish(&g_neg, msg, len, &g_fin, err);
}

static cspdm_status dec_finr(const uint8_t *msg, size_t len, uint32_t max_pad, cspdm_error *err)
{
	g_neg.max_pad = max_pad;
	memset(&g_finr, 0xA5, sizeof(g_finr));
	return spdm_dec_finish_rsp(&g_neg, msg, len, &g_finr, err);
}

/* ---- KEY_EXCHANGE ---------------------------------------------------------------------------- */

static size_t kx_msg(uint8_t type, uint8_t slot, uint8_t policy, uint16_t opaque, uint8_t *buf)
{
	struct spdm_key_exchange k;
	size_t n = 0;

	memset(&k, 0, sizeof(k));
	k.meas_summary_type = type;
	k.slot = slot;
	k.req_session_id = 0xFFFE;
	k.session_policy = policy;
	memcpy(k.random, p_random, sizeof(k.random));
	k.exchange = p_exchange;
	k.opaque_len = opaque;
	k.opaque = p_opaque;
	assert_int_equal(spdm_enc_key_exchange(&g_neg, &k, buf, MAX_MSG, &n), CSPDM_OK);
	assert_int_equal(n, 40 + g_neg.dhe_size + 2 + opaque);
	assert_int_equal(spdm_enc_key_exchange(&g_neg, &k, buf, n - 1, &n),
			 CSPDM_E_BUFFER_TOO_SMALL);
	return 40 + g_neg.dhe_size + 2 + opaque;
}

/* 1.2, secp256r1 (64 bytes), all measurements, slot 3, TerminationPolicy, 4 opaque bytes. */
static void test_key_exchange_hex(void **state)
{
	static uint8_t expect[MAX_MSG], buf[MAX_MSG];
	size_t len, n;

	(void)state;
	set_neg(0x12, 48, 96, 64);
	len = tu_hex_must("12 E4 FF 03 FE FF 01 00", expect, 8);
	tu_fill(expect + len, 32, 0x20);
	len += 32;
	tu_fill(expect + len, 64, 0x30);
	len += 64;
	len += tu_hex_must("04 00 44 45 46 47", expect + len, 6);
	n = kx_msg(0xFF, 3, 0x01, 4, buf);
	assert_int_equal(n, len);
	assert_memory_equal(buf, expect, len);
	tu_decode_ok(dec_kx, expect, len);
	assert_int_equal(g_kx.len, len);
	assert_int_equal(g_kx.meas_summary_type, 0xFF);
	assert_int_equal(g_kx.slot, 3);
	assert_int_equal(g_kx.req_session_id, 0xFFFE);
	assert_int_equal(g_kx.session_policy, 1);
	assert_memory_equal(g_kx.random, p_random, 32);
	assert_ptr_equal(g_kx.exchange, expect + 40);
	assert_int_equal(g_kx.opaque_len, 4);
	assert_ptr_equal(g_kx.opaque, expect + 106);
	/* 1.1 has no SessionPolicy: the encoder writes the reserved zero */
	set_neg(0x11, 48, 96, 64);
	n = kx_msg(0xFF, 3, 0x01, 4, buf);
	expect[0] = 0x11;
	expect[6] = 0x00;
	assert_memory_equal(buf, expect, len);
}

static void check_kx_roundtrip(uint8_t ver, uint32_t dhe, uint16_t opaque, uint8_t type)
{
	static uint8_t msg[MAX_MSG];
	uint8_t policy = ver >= 0x13 ? 0x03 : ver == 0x12 ? 0x01 : 0;
	size_t len;

	set_neg(ver, 48, 96, dhe);
	len = kx_msg(type, (uint8_t)(dhe & 7), policy, opaque, msg);
	tu_decode_ok(dec_kx, msg, len);
	assert_int_equal(g_kx.len, len);
	assert_int_equal(g_kx.meas_summary_type, type);
	assert_int_equal(g_kx.slot, dhe & 7);
	assert_int_equal(g_kx.session_policy, policy);
	assert_ptr_equal(g_kx.exchange, msg + 40);
	assert_memory_equal(g_kx.exchange, p_exchange, dhe);
	assert_int_equal(g_kx.opaque_len, opaque);
	assert_ptr_equal(g_kx.opaque, msg + 42 + dhe);
	tu_check_truncations(dec_kx, msg, len);
	tu_check_padding(dec_kx, msg, len, &g_kx.len);
}

static void test_key_exchange_roundtrip(void **state)
{
	static const uint8_t types[] = {0, 1, 0xFF};
	size_t v, d;

	(void)state;
	for (v = 0; v < sizeof(versions); v++)
		for (d = 0; d < sizeof(dhe_sizes) / sizeof(dhe_sizes[0]); d++)
			check_kx_roundtrip(versions[v], dhe_sizes[d], (uint16_t)(d * 7),
					   types[d % 3]);
	check_kx_roundtrip(0x13, 512, 1024, 0);
}

static void test_key_exchange_invalid(void **state)
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
	    {0x12, 1, 0x64, CSPDM_E_RESPONSE_CODE, "RequestResponseCode", 1},
	    {0x12, 2, 0x02, CSPDM_E_FIELD, "Param1 (MeasurementSummaryHashType)", 2},
	    {0x13, 2, 0xFE, CSPDM_E_FIELD, "Param1 (MeasurementSummaryHashType)", 2},
	    {0x12, 3, 0x08, CSPDM_E_SLOT, "Param2 (SlotID)", 3},
	    {0x14, 3, 0xFE, CSPDM_E_SLOT, "Param2 (SlotID)", 3},
	    {0x11, 6, 0x01, CSPDM_E_RESERVED, "Reserved", 6},
	    {0x11, 6, 0x80, CSPDM_E_RESERVED, "Reserved", 6},
	    {0x12, 6, 0x02, CSPDM_E_RESERVED, "SessionPolicy", 6},
	    {0x12, 6, 0x80, CSPDM_E_RESERVED, "SessionPolicy", 6},
	    {0x13, 6, 0x04, CSPDM_E_RESERVED, "SessionPolicy", 6},
	    {0x14, 6, 0x07, CSPDM_E_RESERVED, "SessionPolicy", 6},
	    {0x14, 6, 0x80, CSPDM_E_RESERVED, "SessionPolicy", 6},
	    {0x11, 7, 0x01, CSPDM_E_RESERVED, "Reserved", 7},
	    {0x14, 7, 0x80, CSPDM_E_RESERVED, "Reserved", 7},
	};
	static uint8_t msg[MAX_MSG];
	size_t i, len;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		set_neg(cases[i].ver, 48, 96, 96);
		len = kx_msg(0, 0, 0, 4, msg);
		tu_expect_at(dec_kx, msg, len, cases[i].at, cases[i].value, cases[i].code,
			     cases[i].field, cases[i].offset);
	}
	/* the defined SessionPolicy bits and slots pass */
	set_neg(0x13, 48, 96, 96);
	len = kx_msg(1, 0xFF, 0x03, 0, msg);
	tu_decode_ok(dec_kx, msg, len);
	assert_int_equal(g_kx.slot, 0xFF);
}

/* A 1.0 message, or a 1.0 connection: KEY_EXCHANGE does not exist there. */
static void test_key_exchange_v10(void **state)
{
	static uint8_t msg[MAX_MSG];
	struct spdm_key_exchange k;
	size_t len, n;
	cspdm_error err;

	(void)state;
	set_neg(0x12, 48, 96, 96);
	len = kx_msg(0, 0, 0, 0, msg);
	msg[0] = 0x10;
	g_neg.version = 0x10;
	tu_expect_err(tu_run(dec_kx, msg, len, 0, &err), &err, CSPDM_E_VERSION_FIELD, "SPDMVersion",
		      0);
	memset(&k, 0, sizeof(k));
	assert_int_equal(spdm_enc_key_exchange(&g_neg, &k, msg, sizeof(msg), &n),
			 CSPDM_E_INVALID_ARG);
}

/* OpaqueDataLength: over 1024 is a length error whether or not the bytes are there; within the
 * limit but beyond the message, the opaque data is truncated. */
static void test_key_exchange_opaque_length(void **state)
{
	static uint8_t msg[MAX_MSG];
	const size_t at = 40 + 96;
	size_t len;
	cspdm_error err;

	(void)state;
	set_neg(0x12, 48, 96, 96);
	len = kx_msg(0, 0, 0, 0, msg);
	memset(msg + len, 0, 1100);
	msg[at] = 0x01;
	msg[at + 1] = 0x04;
	tu_expect_err(tu_run(dec_kx, msg, len + 1025, 0, &err), &err, CSPDM_E_LENGTH,
		      "OpaqueDataLength", (uint32_t)at);
	msg[at] = 0xFF;
	msg[at + 1] = 0xFF;
	tu_expect_err(tu_run(dec_kx, msg, len, 0, &err), &err, CSPDM_E_LENGTH, "OpaqueDataLength",
		      (uint32_t)at);
	msg[at] = 0x00;
	msg[at + 1] = 0x04;
	tu_expect_err(tu_run(dec_kx, msg, len + 1023, 0, &err), &err, CSPDM_E_TRUNCATED,
		      "OpaqueData", (uint32_t)at + 2);
	assert_int_equal(tu_run(dec_kx, msg, len + 1024, 0, &err), CSPDM_OK);
	/* a shorter length leaves trailing bytes */
	msg[at] = 0x10;
	msg[at + 1] = 0x00;
	tu_expect_err(tu_run(dec_kx, msg, len + 17, 0, &err), &err, CSPDM_E_TRAILING,
		      "end of message", (uint32_t)(len + 16));
}

/* ---- KEY_EXCHANGE_RSP ------------------------------------------------------------------------ */

/* The whole response: the encoded signed part, Signature (0x66) and, unless the handshake is in
 * the clear, ResponderVerifyData (0x77). */
static size_t kxr_msg(uint8_t mut, uint8_t req_slot, uint16_t opaque, uint8_t *buf,
		      size_t *signed_len)
{
	struct spdm_key_exchange_rsp k;
	size_t n = 0, len;

	memset(&k, 0, sizeof(k));
	k.heartbeat_period = 0xF0;
	k.rsp_session_id = 0xFFFD;
	k.mut_auth = mut;
	k.req_slot = req_slot;
	k.random = p_random;
	k.exchange = p_exchange;
	k.meas_summary = p_summary;
	k.opaque_len = opaque;
	k.opaque = p_opaque;
	assert_int_equal(spdm_enc_key_exchange_rsp(&g_neg, &k, buf, MAX_MSG, &n), CSPDM_OK);
	assert_int_equal(n, 40 + g_neg.dhe_size + g_neg.meas_hash_size + 2 + opaque);
	*signed_len = n;
	memset(buf + n, 0x66, g_neg.sig_size);
	len = n + g_neg.sig_size;
	if (!g_neg.hs_in_clear) {
		memset(buf + len, 0x77, g_neg.hash_size);
		len += g_neg.hash_size;
	}
	return len;
}

/* 1.3, secp384r1, SHA-384 summary, ECDSA P-384, in the clear; mutual authentication with
 * encapsulated requests. */
static void test_key_exchange_rsp_hex(void **state)
{
	static uint8_t expect[MAX_MSG], buf[MAX_MSG];
	size_t len, n, signed_len;

	(void)state;
	set_neg(0x13, 48, 96, 96);
	g_neg.meas_hash_size = 48;
	g_neg.hs_in_clear = 1;
	len = tu_hex_must("13 64 F0 00 FD FF 02 00", expect, 8);
	tu_fill(expect + len, 32, 0x20);
	len += 32;
	tu_fill(expect + len, 96, 0x30);
	len += 96;
	memset(expect + len, 0x33, 48);
	len += 48;
	len += tu_hex_must("02 00 44 45", expect + len, 4);
	memset(expect + len, 0x66, 96);
	len += 96;
	assert_int_equal(len, 284);
	n = kxr_msg(0x02, 0, 2, buf, &signed_len);
	assert_int_equal(n, len);
	assert_int_equal(signed_len, 188);
	assert_memory_equal(buf, expect, len);
	tu_decode_ok(dec_kxr, expect, len);
	assert_int_equal(g_kxr.heartbeat_period, 0xF0);
	assert_int_equal(g_kxr.rsp_session_id, 0xFFFD);
	assert_int_equal(g_kxr.mut_auth, 0x02);
	assert_int_equal(g_kxr.req_slot, 0);
	assert_ptr_equal(g_kxr.meas_summary, expect + 136);
	assert_int_equal(g_kxr.signed_len, 188);
	assert_ptr_equal(g_kxr.signature, expect + 188);
	assert_null(g_kxr.verify_data);
	/* not in the clear: 48 more bytes of ResponderVerifyData */
	g_neg.hs_in_clear = 0;
	memset(expect + len, 0x77, 48);
	n = kxr_msg(0x02, 0, 2, buf, &signed_len);
	assert_int_equal(n, len + 48);
	assert_memory_equal(buf, expect, len + 48);
}

static void check_kxr_roundtrip(uint8_t ver, uint32_t dhe, uint32_t hash, uint32_t sig,
				uint32_t meas, uint8_t in_clear, uint16_t opaque)
{
	static uint8_t msg[MAX_MSG];
	size_t signed_len, len, off = 8;

	set_neg(ver, hash, sig, dhe);
	g_neg.meas_hash_size = meas;
	g_neg.hs_in_clear = in_clear;
	len = kxr_msg(0x01, (uint8_t)(dhe & 7), opaque, msg, &signed_len);
	tu_decode_ok(dec_kxr, msg, len);
	assert_int_equal(g_kxr.len, len);
	assert_int_equal(g_kxr.signed_len, signed_len);
	assert_int_equal(g_kxr.req_slot, dhe & 7);
	assert_ptr_equal(g_kxr.random, msg + off);
	off += 32;
	assert_ptr_equal(g_kxr.exchange, msg + off);
	off += dhe;
	if (meas)
		assert_ptr_equal(g_kxr.meas_summary, msg + off);
	else
		assert_null(g_kxr.meas_summary);
	off += meas;
	assert_int_equal(g_kxr.opaque_len, opaque);
	assert_ptr_equal(g_kxr.opaque, msg + off + 2);
	off += 2 + opaque;
	assert_int_equal(off, signed_len);
	assert_ptr_equal(g_kxr.signature, msg + off);
	if (in_clear)
		assert_null(g_kxr.verify_data);
	else
		assert_ptr_equal(g_kxr.verify_data, msg + off + sig);
	tu_check_truncations(dec_kxr, msg, len);
	tu_check_padding(dec_kxr, msg, len, &g_kxr.len);
}

static void test_key_exchange_rsp_roundtrip(void **state)
{
	size_t v, d, c;

	(void)state;
	for (v = 0; v < sizeof(versions); v++)
		for (d = 0; d < sizeof(dhe_sizes) / sizeof(dhe_sizes[0]); d++)
			for (c = 0; c < 2; c++) {
				uint32_t hash = hash_sizes[(v + d) % 3];

				check_kxr_roundtrip(versions[v], dhe_sizes[d], hash,
						    sig_sizes[(v + d + c) % 7], c ? hash : 0,
						    (uint8_t)c, (uint16_t)(d * 5));
				check_kxr_roundtrip(versions[v], dhe_sizes[d], hash, sig_sizes[d],
						    c ? 0 : hash, (uint8_t)c, 12);
			}
	check_kxr_roundtrip(0x14, 512, 64, 512, 64, 0, 1024);
}

static void test_key_exchange_rsp_invalid(void **state)
{
	static const struct {
		size_t at;
		uint8_t value;
		cspdm_status code;
		const char *field;
		uint32_t offset;
	} cases[] = {
	    {0, 0x12, CSPDM_E_VERSION_FIELD, "SPDMVersion", 0},
	    {1, 0xE4, CSPDM_E_RESPONSE_CODE, "RequestResponseCode", 1},
	    {3, 0x01, CSPDM_E_RESERVED, "Param2", 3},
	    {3, 0x80, CSPDM_E_RESERVED, "Param2", 3},
	    {6, 0x08, CSPDM_E_RESERVED, "MutAuthRequested", 6},
	    {6, 0x81, CSPDM_E_RESERVED, "MutAuthRequested", 6},
	    {6, 0x03, CSPDM_E_FIELD, "MutAuthRequested", 6},
	    {6, 0x06, CSPDM_E_FIELD, "MutAuthRequested", 6},
	    {6, 0x07, CSPDM_E_FIELD, "MutAuthRequested", 6},
	    {7, 0x10, CSPDM_E_RESERVED, "ReqSlotIDParam", 7},
	    {7, 0xF0, CSPDM_E_RESERVED, "ReqSlotIDParam", 7},
	    {7, 0x08, CSPDM_E_SLOT, "ReqSlotIDParam", 7},
	    {7, 0x0E, CSPDM_E_SLOT, "ReqSlotIDParam", 7},
	};
	static uint8_t msg[MAX_MSG];
	size_t i, len, signed_len;
	cspdm_error err;

	(void)state;
	set_neg(0x13, 48, 96, 96);
	len = kxr_msg(0x01, 0, 0, msg, &signed_len);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		tu_expect_at(dec_kxr, msg, len, cases[i].at, cases[i].value, cases[i].code,
			     cases[i].field, cases[i].offset);
	/* a public key (0xF) for mutual authentication; other modes leave the slot to the flow */
	msg[7] = 0x0F;
	tu_decode_ok(dec_kxr, msg, len);
	assert_int_equal(g_kxr.req_slot, 0x0F);
	len = kxr_msg(0x04, 0x09, 0, msg, &signed_len);
	tu_decode_ok(dec_kxr, msg, len);
	len = kxr_msg(0x00, 0x00, 0, msg, &signed_len);
	tu_decode_ok(dec_kxr, msg, len);
	/* 1.0 */
	msg[0] = 0x10;
	g_neg.version = 0x10;
	tu_expect_err(tu_run(dec_kxr, msg, len, 0, &err), &err, CSPDM_E_VERSION_FIELD,
		      "SPDMVersion", 0);
}

static void test_key_exchange_rsp_opaque_length(void **state)
{
	static uint8_t msg[MAX_MSG];
	const size_t at = 40 + 96 + 48;
	size_t len, signed_len;
	cspdm_error err;

	(void)state;
	set_neg(0x12, 48, 96, 96);
	g_neg.meas_hash_size = 48;
	len = kxr_msg(0, 0, 0, msg, &signed_len);
	msg[at] = 0x01;
	msg[at + 1] = 0x04;
	memset(msg + len, 0, 1100);
	tu_expect_err(tu_run(dec_kxr, msg, len + 1025, 0, &err), &err, CSPDM_E_LENGTH,
		      "OpaqueDataLength", (uint32_t)at);
	/* 256 bytes: beyond the 144 bytes of signature and verify data */
	msg[at] = 0x00;
	msg[at + 1] = 0x01;
	tu_expect_err(tu_run(dec_kxr, msg, len, 0, &err), &err, CSPDM_E_TRUNCATED, "OpaqueData",
		      (uint32_t)at + 2);
	/* 100 bytes: the signature is short; 40: the verify data */
	msg[at] = 100;
	msg[at + 1] = 0;
	tu_expect_err(tu_run(dec_kxr, msg, len, 0, &err), &err, CSPDM_E_TRUNCATED, "Signature",
		      (uint32_t)(at + 2 + 100));
	msg[at] = 40;
	tu_expect_err(tu_run(dec_kxr, msg, len, 0, &err), &err, CSPDM_E_TRUNCATED,
		      "ResponderVerifyData", (uint32_t)(at + 2 + 40 + 96));
}

/* ---- FINISH ---------------------------------------------------------------------------------- */

/* The encoded part, then Signature (0x66, when signed) and RequesterVerifyData (0x77). */
static size_t fin_msg(uint8_t sig, uint8_t slot, uint16_t opaque, uint8_t *buf, size_t *part)
{
	struct spdm_finish f;
	size_t n = 0, len;

	memset(&f, 0, sizeof(f));
	f.sig_included = sig;
	f.req_slot = slot;
	f.opaque_len = opaque;
	f.opaque = p_opaque;
	assert_int_equal(spdm_enc_finish(&g_neg, &f, buf, MAX_MSG, &n), CSPDM_OK);
	assert_int_equal(n, 4 + (g_neg.version >= 0x14 ? 2u + opaque : 0u));
	assert_int_equal(spdm_enc_finish(&g_neg, &f, buf, n - 1, &n), CSPDM_E_BUFFER_TOO_SMALL);
	n = 4 + (g_neg.version >= 0x14 ? 2u + opaque : 0u);
	*part = n;
	len = n;
	if (sig) {
		memset(buf + len, 0x66, g_neg.req_sig_size);
		len += g_neg.req_sig_size;
	}
	memset(buf + len, 0x77, g_neg.hash_size);
	return len + g_neg.hash_size;
}

/* 1.4 with a 3-byte opaque and an ECDSA P-256 signature from slot 2; 1.2 unsigned. */
static void test_finish_hex(void **state)
{
	static uint8_t expect[MAX_MSG], buf[MAX_MSG];
	size_t len, n, part;

	(void)state;
	set_neg(0x14, 32, 64, 64);
	len = tu_hex_must("14 E5 01 02 03 00 44 45 46", expect, 9);
	memset(expect + len, 0x66, 64);
	len += 64;
	memset(expect + len, 0x77, 32);
	len += 32;
	n = fin_msg(1, 2, 3, buf, &part);
	assert_int_equal(n, len);
	assert_int_equal(part, 9);
	assert_memory_equal(buf, expect, len);
	tu_decode_ok(dec_fin, expect, len);
	assert_int_equal(g_fin.sig_included, 1);
	assert_int_equal(g_fin.req_slot, 2);
	assert_int_equal(g_fin.opaque_len, 3);
	assert_ptr_equal(g_fin.opaque, expect + 6);
	assert_int_equal(g_fin.signed_len, 9);
	assert_ptr_equal(g_fin.signature, expect + 9);
	assert_int_equal(g_fin.hmac_off, 73);
	assert_ptr_equal(g_fin.verify_data, expect + 73);

	set_neg(0x12, 48, 96, 96);
	len = tu_hex_must("12 E5 00 00", expect, 4);
	memset(expect + len, 0x77, 48);
	n = fin_msg(0, 0, 3, buf, &part); /* opaque data only from 1.4 */
	assert_int_equal(n, 52);
	assert_memory_equal(buf, expect, 52);
	tu_decode_ok(dec_fin, expect, 52);
	assert_null(g_fin.signature);
	assert_null(g_fin.opaque);
	assert_int_equal(g_fin.signed_len, 4);
	assert_int_equal(g_fin.hmac_off, 4);
}

static void check_fin_roundtrip(uint8_t ver, uint32_t hash, uint32_t sig, uint8_t signed_,
				uint16_t opaque)
{
	static uint8_t msg[MAX_MSG];
	size_t part, len;

	set_neg(ver, hash, sig, 96);
	len = fin_msg(signed_, signed_ ? 0xFF : 0, opaque, msg, &part);
	tu_decode_ok(dec_fin, msg, len);
	assert_int_equal(g_fin.len, len);
	assert_int_equal(g_fin.signed_len, part);
	assert_int_equal(g_fin.hmac_off, part + (signed_ ? sig : 0));
	assert_int_equal(g_fin.opaque_len, ver >= 0x14 ? opaque : 0);
	if (signed_)
		assert_ptr_equal(g_fin.signature, msg + part);
	else
		assert_null(g_fin.signature);
	assert_ptr_equal(g_fin.verify_data, msg + g_fin.hmac_off);
	tu_check_truncations(dec_fin, msg, len);
	tu_check_padding(dec_fin, msg, len, &g_fin.len);
}

static void test_finish_roundtrip(void **state)
{
	size_t v, h, s;

	(void)state;
	for (v = 0; v < sizeof(versions); v++)
		for (h = 0; h < 3; h++)
			for (s = 0; s < 7; s++) {
				check_fin_roundtrip(versions[v], hash_sizes[h], sig_sizes[s], 1,
						    (uint16_t)(s * 3));
				check_fin_roundtrip(versions[v], hash_sizes[h], sig_sizes[s], 0,
						    (uint16_t)s);
			}
	check_fin_roundtrip(0x14, 64, 512, 1, 1024);
}

static void test_finish_invalid(void **state)
{
	static uint8_t msg[MAX_MSG];
	size_t part, len;
	cspdm_error err;

	(void)state;
	set_neg(0x13, 48, 96, 96);
	len = fin_msg(1, 0, 0, msg, &part);
	tu_expect_at(dec_fin, msg, len, 0, 0x14, CSPDM_E_VERSION_FIELD, "SPDMVersion", 0);
	tu_expect_at(dec_fin, msg, len, 1, 0x65, CSPDM_E_RESPONSE_CODE, "RequestResponseCode", 1);
	tu_expect_at(dec_fin, msg, len, 2, 0x03, CSPDM_E_RESERVED, "Param1", 2);
	tu_expect_at(dec_fin, msg, len, 2, 0x80, CSPDM_E_RESERVED, "Param1", 2);
	tu_expect_at(dec_fin, msg, len, 3, 0x08, CSPDM_E_SLOT, "Param2 (ReqSlotID)", 3);
	tu_expect_at(dec_fin, msg, len, 3, 0x0F, CSPDM_E_SLOT, "Param2 (ReqSlotID)", 3);
	msg[3] = 0x07;
	tu_decode_ok(dec_fin, msg, len);
	assert_int_equal(g_fin.req_slot, 7);
	/* without a signature ReqSlotID is reserved */
	len = fin_msg(0, 0, 0, msg, &part);
	tu_expect_at(dec_fin, msg, len, 3, 0x01, CSPDM_E_RESERVED, "Param2", 3);
	tu_expect_at(dec_fin, msg, len, 3, 0xFF, CSPDM_E_RESERVED, "Param2", 3);
	/* the signed form without its signature is short by the signature's bytes */
	msg[2] = 0x01;
	tu_expect_err(tu_run(dec_fin, msg, len, 0, &err), &err, CSPDM_E_TRUNCATED, "Signature", 4);
	msg[0] = 0x10;
	g_neg.version = 0x10;
	tu_expect_err(tu_run(dec_fin, msg, len, 0, &err), &err, CSPDM_E_VERSION_FIELD,
		      "SPDMVersion", 0);
}

static void test_finish_opaque_length(void **state)
{
	static uint8_t msg[MAX_MSG];
	size_t part, len;
	cspdm_error err;

	(void)state;
	set_neg(0x14, 48, 96, 96);
	len = fin_msg(0, 0, 0, msg, &part);
	memset(msg + len, 0, 1100);
	msg[4] = 0x01;
	msg[5] = 0x04;
	tu_expect_err(tu_run(dec_fin, msg, len + 1025, 0, &err), &err, CSPDM_E_LENGTH,
		      "OpaqueDataLength", 4);
	msg[4] = 49; /* beyond the message */
	msg[5] = 0x00;
	tu_expect_err(tu_run(dec_fin, msg, len, 0, &err), &err, CSPDM_E_TRUNCATED, "OpaqueData", 6);
	msg[4] = 47; /* the verify data is short */
	tu_expect_err(tu_run(dec_fin, msg, len, 0, &err), &err, CSPDM_E_TRUNCATED,
		      "RequesterVerifyData", 6 + 47);
	/* the 1.3 layout in a 1.4 connection: the verify data reads as OpaqueDataLength 0x7777 */
	set_neg(0x13, 48, 96, 96);
	len = fin_msg(0, 0, 0, msg, &part);
	msg[0] = 0x14;
	g_neg.version = 0x14;
	tu_expect_err(tu_run(dec_fin, msg, len, 0, &err), &err, CSPDM_E_LENGTH, "OpaqueDataLength",
		      4);
}

/* ---- FINISH_RSP ------------------------------------------------------------------------------ */

static size_t finr_msg(uint16_t opaque, uint8_t *buf, size_t *part)
{
	struct spdm_finish_rsp f;
	size_t n = 0;

	memset(&f, 0, sizeof(f));
	f.opaque_len = opaque;
	f.opaque = p_opaque;
	assert_int_equal(spdm_enc_finish_rsp(&g_neg, &f, buf, MAX_MSG, &n), CSPDM_OK);
	*part = n;
	if (!g_neg.hs_in_clear)
		return n;
	memset(buf + n, 0x77, g_neg.hash_size);
	return n + g_neg.hash_size;
}

static void check_finr_roundtrip(uint8_t ver, uint32_t hash, uint8_t in_clear, uint16_t opaque)
{
	static uint8_t msg[MAX_MSG];
	size_t part, len;

	set_neg(ver, hash, 96, 96);
	g_neg.hs_in_clear = in_clear;
	len = finr_msg(opaque, msg, &part);
	assert_int_equal(part, 4 + (ver >= 0x14 ? 2u + opaque : 0u));
	assert_int_equal(len, part + (in_clear ? hash : 0));
	tu_decode_ok(dec_finr, msg, len);
	assert_int_equal(g_finr.len, len);
	assert_int_equal(g_finr.hmac_off, part);
	assert_int_equal(g_finr.opaque_len, ver >= 0x14 ? opaque : 0);
	if (in_clear)
		assert_ptr_equal(g_finr.verify_data, msg + part);
	else
		assert_null(g_finr.verify_data);
	tu_check_truncations(dec_finr, msg, len);
	tu_check_padding(dec_finr, msg, len, &g_finr.len);
}

static void test_finish_rsp_roundtrip(void **state)
{
	size_t v, h;

	(void)state;
	for (v = 0; v < sizeof(versions); v++)
		for (h = 0; h < 3; h++) {
			check_finr_roundtrip(versions[v], hash_sizes[h], 1, (uint16_t)(h * 4));
			check_finr_roundtrip(versions[v], hash_sizes[h], 0, (uint16_t)h);
		}
	check_finr_roundtrip(0x14, 64, 1, 1024);
	check_finr_roundtrip(0x14, 64, 0, 1024);
}

static void test_finish_rsp_invalid(void **state)
{
	static uint8_t msg[MAX_MSG];
	uint8_t hex[8];
	size_t part, len;
	cspdm_error err;

	(void)state;
	set_neg(0x14, 48, 96, 96);
	g_neg.hs_in_clear = 1;
	len = finr_msg(0, msg, &part);
	assert_int_equal(tu_hex_must("14 65 00 00 00 00", hex, sizeof(hex)), 6);
	assert_memory_equal(msg, hex, 6);
	tu_expect_at(dec_finr, msg, len, 0, 0x13, CSPDM_E_VERSION_FIELD, "SPDMVersion", 0);
	tu_expect_at(dec_finr, msg, len, 1, 0xE5, CSPDM_E_RESPONSE_CODE, "RequestResponseCode", 1);
	tu_expect_at(dec_finr, msg, len, 2, 0x01, CSPDM_E_RESERVED, "Param1", 2);
	tu_expect_at(dec_finr, msg, len, 3, 0x80, CSPDM_E_RESERVED, "Param2", 3);
	msg[4] = 0x01;
	msg[5] = 0x04;
	tu_expect_err(tu_run(dec_finr, msg, len, 0, &err), &err, CSPDM_E_LENGTH, "OpaqueDataLength",
		      4);
	/* encrypted handshake: the verify data in the clear form is trailing */
	len = finr_msg(0, msg, &part);
	g_neg.hs_in_clear = 0;
	tu_expect_err(tu_run(dec_finr, msg, len, 0, &err), &err, CSPDM_E_TRAILING, "end of message",
		      6);
	msg[0] = 0x10;
	g_neg.version = 0x10;
	tu_expect_err(tu_run(dec_finr, msg, len, 0, &err), &err, CSPDM_E_VERSION_FIELD,
		      "SPDMVersion", 0);
}

int main(void)
{
	/* clang-format off */
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_key_exchange_hex),
		cmocka_unit_test(test_key_exchange_roundtrip),
		cmocka_unit_test(test_key_exchange_invalid),
		cmocka_unit_test(test_key_exchange_v10),
		cmocka_unit_test(test_key_exchange_opaque_length),
		cmocka_unit_test(test_key_exchange_rsp_hex),
		cmocka_unit_test(test_key_exchange_rsp_roundtrip),
		cmocka_unit_test(test_key_exchange_rsp_invalid),
		cmocka_unit_test(test_key_exchange_rsp_opaque_length),
		cmocka_unit_test(test_finish_hex),
		cmocka_unit_test(test_finish_roundtrip),
		cmocka_unit_test(test_finish_invalid),
		cmocka_unit_test(test_finish_opaque_length),
		cmocka_unit_test(test_finish_rsp_roundtrip),
		cmocka_unit_test(test_finish_rsp_invalid),
	};
	/* clang-format on */

	return cmocka_run_group_tests(tests, NULL, NULL);
}
