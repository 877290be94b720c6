/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * CHALLENGE and CHALLENGE_AUTH (DSP0274 Tables 31/33): the 8-byte RequesterContext from 1.3,
 * the measurement summary hash when asked for, opaque data of at most 1024 bytes.
 */
#include "testutil.h"

#include <stdlib.h>
#include <string.h>

#include "codec/spdm.h"

#define MAX_MSG 2048

static struct spdm_neg g_neg;
static struct spdm_challenge g_chal;
static struct spdm_challenge_auth g_auth;

typedef cspdm_status (*dec_fn)(const uint8_t *msg, size_t len, cspdm_error *err);

static cspdm_status dec_challenge(const uint8_t *msg, size_t len, cspdm_error *err)
{
	memset(&g_chal, 0xA5, sizeof(g_chal));
	return spdm_dec_challenge(&g_neg, msg, len, &g_chal, err);
}

static cspdm_status dec_auth(const uint8_t *msg, size_t len, cspdm_error *err)
{
	memset(&g_auth, 0xA5, sizeof(g_auth));
	return spdm_dec_challenge_auth(&g_neg, msg, len, &g_auth, err);
}

static cspdm_status run(dec_fn dec, const uint8_t *msg, size_t len, cspdm_error *err)
{
	uint8_t *p = tu_exact(msg, len);
	cspdm_status st;

	memset(err, 0, sizeof(*err));
	st = dec(p, len, err);
	free(p);
	return st;
}

static void check_truncations(dec_fn dec, const uint8_t *msg, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		cspdm_error err;

		assert_int_equal(run(dec, msg, i, &err), CSPDM_E_TRUNCATED);
		assert_int_equal(err.code, CSPDM_E_TRUNCATED);
		assert_non_null(err.field);
		assert_true(err.offset <= i);
	}
}

static void check_padding(dec_fn dec, const uint8_t *msg, size_t len, const size_t *out_len)
{
	static uint8_t buf[MAX_MSG + 8];
	cspdm_error err;
	uint32_t pad;

	memcpy(buf, msg, len);
	memset(buf + len, 0, 4);
	for (g_neg.max_pad = 0; g_neg.max_pad <= 3; g_neg.max_pad++) {
		for (pad = 0; pad <= g_neg.max_pad; pad++) {
			assert_int_equal(run(dec, buf, len + pad, &err), CSPDM_OK);
			assert_int_equal(*out_len, len);
		}
		tu_expect_err(run(dec, buf, len + pad, &err), &err, CSPDM_E_TRAILING,
			      "end of message", (uint32_t)len);
	}
	g_neg.max_pad = 3;
	buf[len] = 0x01;
	tu_expect_err(run(dec, buf, len + 1, &err), &err, CSPDM_E_TRAILING, "end of message",
		      (uint32_t)len);
	g_neg.max_pad = 0;
}

static void set_neg(uint8_t ver, uint32_t hash, uint32_t sig, uint32_t meas)
{
	memset(&g_neg, 0, sizeof(g_neg));
	g_neg.version = ver;
	g_neg.hash_size = hash;
	g_neg.sig_size = sig;
	g_neg.meas_hash_size = meas;
}

static void fill(uint8_t *p, size_t n, uint8_t start)
{
	size_t i;

	for (i = 0; i < n; i++)
		p[i] = (uint8_t)(start + i);
}

/* ---- CHALLENGE ------------------------------------------------------------------------------ */

static void test_challenge_vectors(void **state)
{
	static const struct {
		uint8_t ver, slot, type;
		size_t len;
	} v[] = {
	    {0x10, 0, 0x00, 36}, {0x11, 0xFF, 0x01, 36}, {0x12, 7, 0xFF, 36},
	    {0x13, 3, 0x01, 44}, {0x14, 0, 0x00, 44},
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		struct spdm_challenge c;
		uint8_t expect[64], buf[64];
		size_t n = 0;
		cspdm_error err;

		memset(&c, 0, sizeof(c));
		c.slot = v[i].slot;
		c.meas_summary_type = v[i].type;
		fill(c.nonce, sizeof(c.nonce), 0x20);
		fill(c.req_context, sizeof(c.req_context), 0xC0);
		/* header, Nonce[32], RequesterContext[8] from 1.3 */
		expect[0] = v[i].ver;
		expect[1] = 0x83;
		expect[2] = v[i].slot;
		expect[3] = v[i].type;
		fill(expect + 4, 32, 0x20);
		fill(expect + 36, 8, 0xC0);

		assert_int_equal(spdm_enc_challenge(v[i].ver, &c, buf, sizeof(buf), &n), CSPDM_OK);
		assert_int_equal(n, v[i].len);
		assert_memory_equal(buf, expect, v[i].len);
		assert_int_equal(spdm_enc_challenge(v[i].ver, &c, buf, v[i].len - 1, &n),
				 CSPDM_E_BUFFER_TOO_SMALL);

		set_neg(v[i].ver, 48, 96, 0);
		assert_int_equal(run(dec_challenge, expect, v[i].len, &err), CSPDM_OK);
		assert_int_equal(g_chal.len, v[i].len);
		assert_int_equal(g_chal.slot, v[i].slot);
		assert_int_equal(g_chal.meas_summary_type, v[i].type);
		assert_memory_equal(g_chal.nonce, c.nonce, 32);
		if (v[i].ver >= 0x13) {
			assert_memory_equal(g_chal.req_context, c.req_context, 8);
		} else {
			uint8_t zero[8] = {0};

			assert_memory_equal(g_chal.req_context, zero, 8);
		}
		check_truncations(dec_challenge, expect, v[i].len);
		check_padding(dec_challenge, expect, v[i].len, &g_chal.len);
	}
}

/* A hand-written 1.2 CHALLENGE: slot 1, all measurements, nonce 00..1F. */
static void test_challenge_hex(void **state)
{
	uint8_t msg[64];
	size_t len = tu_hex_must("12 83 01 FF 00 01 02 03 04 05 06 07 08 09 0A 0B 0C 0D 0E 0F"
				 " 10 11 12 13 14 15 16 17 18 19 1A 1B 1C 1D 1E 1F",
				 msg, sizeof(msg));
	cspdm_error err;

	(void)state;
	assert_int_equal(len, 36);
	set_neg(0x12, 48, 96, 48);
	assert_int_equal(run(dec_challenge, msg, len, &err), CSPDM_OK);
	assert_int_equal(g_chal.slot, 1);
	assert_int_equal(g_chal.meas_summary_type, 0xFF);
	assert_int_equal(g_chal.nonce[0], 0x00);
	assert_int_equal(g_chal.nonce[31], 0x1F);
	/* the same bytes in a 1.3 connection lack the RequesterContext */
	msg[0] = 0x13;
	set_neg(0x13, 48, 96, 48);
	tu_expect_err(run(dec_challenge, msg, len, &err), &err, CSPDM_E_TRUNCATED,
		      "RequesterContext", 36);
}

static void test_challenge_invalid(void **state)
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
	    {0x13, 0, 0x12, CSPDM_E_VERSION_FIELD, "SPDMVersion", 0},
	    {0x12, 1, 0x03, CSPDM_E_RESPONSE_CODE, "RequestResponseCode", 1},
	    {0x12, 2, 0x08, CSPDM_E_SLOT, "Param1 (SlotID)", 2},
	    {0x12, 2, 0xFE, CSPDM_E_SLOT, "Param1 (SlotID)", 2},
	    {0x12, 2, 0x80, CSPDM_E_SLOT, "Param1 (SlotID)", 2},
	    {0x12, 3, 0x02, CSPDM_E_FIELD, "Param2 (MeasurementSummaryHashType)", 3},
	    {0x13, 3, 0xFE, CSPDM_E_FIELD, "Param2 (MeasurementSummaryHashType)", 3},
	    {0x12, 3, 0x80, CSPDM_E_FIELD, "Param2 (MeasurementSummaryHashType)", 3},
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct spdm_challenge c;
		uint8_t msg[64];
		size_t n = 0;
		cspdm_error err;

		memset(&c, 0, sizeof(c));
		assert_int_equal(spdm_enc_challenge(cases[i].ver, &c, msg, sizeof(msg), &n),
				 CSPDM_OK);
		set_neg(cases[i].ver, 48, 96, 0);
		msg[cases[i].at] = cases[i].value;
		tu_expect_err(run(dec_challenge, msg, n, &err), &err, cases[i].code, cases[i].field,
			      cases[i].offset);
	}
}

/* The 1.3 layout in a 1.2 connection: the RequesterContext is trailing data. */
static void test_challenge_layout_mismatch(void **state)
{
	struct spdm_challenge c;
	uint8_t msg[64];
	size_t n = 0;
	cspdm_error err;

	(void)state;
	memset(&c, 0, sizeof(c));
	fill(c.req_context, 8, 1);
	assert_int_equal(spdm_enc_challenge(0x13, &c, msg, sizeof(msg), &n), CSPDM_OK);
	msg[0] = 0x12;
	set_neg(0x12, 48, 96, 0);
	tu_expect_err(run(dec_challenge, msg, n, &err), &err, CSPDM_E_TRAILING, "end of message",
		      36);
}

/* ---- CHALLENGE_AUTH ------------------------------------------------------------------------- */

struct auth_layout {
	uint8_t ver;
	uint32_t hash, sig, meas;
	uint16_t opaque;
};

/*
 * Encode a CHALLENGE_AUTH for the layout and append its signature. Fields are filled with
 * distinct patterns: CertChainHash 0x11.., Nonce 0x22.., summary 0x33.., opaque 0x44..,
 * RequesterContext 0x55.., signature 0x66..
 */
static size_t auth_msg(const struct auth_layout *l, uint8_t slot, uint8_t slot_mask, uint8_t mut,
		       uint8_t *buf, size_t *signed_len)
{
	static uint8_t hash[64], nonce[32], meas[64], opaque[1100], ctx[8];
	struct spdm_challenge_auth a;
	size_t n = 0;

	memset(hash, 0x11, sizeof(hash));
	fill(nonce, sizeof(nonce), 0x22);
	memset(meas, 0x33, sizeof(meas));
	fill(opaque, sizeof(opaque), 0x44);
	memset(ctx, 0x55, sizeof(ctx));
	memset(&a, 0, sizeof(a));
	a.slot = slot;
	a.slot_mask = slot_mask;
	a.basic_mut_auth = mut;
	a.cert_chain_hash = hash;
	a.nonce = nonce;
	a.meas_summary = meas;
	a.opaque_len = l->opaque;
	a.opaque = opaque;
	a.req_context = ctx;
	set_neg(l->ver, l->hash, l->sig, l->meas);
	assert_int_equal(spdm_enc_challenge_auth(&g_neg, &a, buf, MAX_MSG, &n), CSPDM_OK);
	*signed_len = n;
	memset(buf + n, 0x66, l->sig);
	return n + l->sig;
}

/* 1.2 and 1.3, SHA-384, ECDSA P-384, with summary and two bytes of opaque data. */
static void test_auth_hex_vectors(void **state)
{
	static const struct auth_layout l12 = {0x12, 48, 96, 48, 2}, l13 = {0x13, 48, 96, 48, 2};
	static uint8_t expect[MAX_MSG], buf[MAX_MSG];
	size_t len, n, signed_len;
	cspdm_error err;

	(void)state;
	/* header: slot 1 with BasicMutAuthReq (bit 7), SlotMask 0x02 */
	len = tu_hex_must("12 03 81 02", expect, 4);
	memset(expect + len, 0x11, 48);
	len += 48;
	fill(expect + len, 32, 0x22);
	len += 32;
	memset(expect + len, 0x33, 48);
	len += 48;
	len +=
	    tu_hex_must("02 00 44 45", expect + len, 4); /* OpaqueDataLength = 2, little-endian */
	memset(expect + len, 0x66, 96);
	len += 96;
	assert_int_equal(len, 232);

	n = auth_msg(&l12, 1, 0x02, 1, buf, &signed_len);
	assert_int_equal(n, len);
	assert_int_equal(signed_len, 136);
	assert_memory_equal(buf, expect, len);
	assert_int_equal(run(dec_auth, expect, len, &err), CSPDM_OK);
	assert_int_equal(g_auth.slot, 1);
	assert_int_equal(g_auth.basic_mut_auth, 1);
	assert_int_equal(g_auth.slot_mask, 0x02);
	assert_int_equal(g_auth.opaque_len, 2);
	assert_int_equal(g_auth.signed_len, 136);
	assert_int_equal(g_auth.len, 232);
	assert_null(g_auth.req_context);

	/* 1.3: RequesterContext between the opaque data and the signature */
	memmove(expect + 144, expect + 136, 96);
	memset(expect + 136, 0x55, 8);
	expect[0] = 0x13;
	len += 8;
	n = auth_msg(&l13, 1, 0x02, 1, buf, &signed_len);
	assert_int_equal(n, len);
	assert_int_equal(signed_len, 144);
	assert_memory_equal(buf, expect, len);
}

static const struct auth_layout layouts[] = {
    {0x10, 32, 64, 0, 0},  {0x11, 32, 64, 32, 0},  {0x12, 48, 96, 48, 2},   {0x12, 48, 512, 0, 16},
    {0x13, 48, 96, 48, 0}, {0x13, 64, 132, 64, 5}, {0x14, 48, 96, 0, 1024},
};

static void test_auth_roundtrip(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(layouts) / sizeof(layouts[0]); i++) {
		const struct auth_layout *l = &layouts[i];
		static uint8_t msg[MAX_MSG];
		size_t signed_len,
		    len = auth_msg(l, (uint8_t)(i & 7), 0xA5, i & 1, msg, &signed_len);
		size_t off = 4, expect_signed;
		cspdm_error err;

		expect_signed =
		    4 + l->hash + 32 + l->meas + 2 + l->opaque + (l->ver >= 0x13 ? 8 : 0);
		assert_int_equal(signed_len, expect_signed);
		assert_int_equal(len, expect_signed + l->sig);
		memset(&err, 0, sizeof(err));
		assert_int_equal(dec_auth(msg, len, &err), CSPDM_OK);
		assert_int_equal(g_auth.len, len);
		assert_int_equal(g_auth.signed_len, signed_len);
		assert_int_equal(g_auth.slot, i & 7);
		assert_int_equal(g_auth.basic_mut_auth, i & 1);
		assert_int_equal(g_auth.slot_mask, 0xA5);
		assert_ptr_equal(g_auth.cert_chain_hash, msg + off);
		off += l->hash;
		assert_ptr_equal(g_auth.nonce, msg + off);
		off += 32;
		if (l->meas) {
			assert_ptr_equal(g_auth.meas_summary, msg + off);
			off += l->meas;
		} else {
			assert_null(g_auth.meas_summary);
		}
		assert_int_equal(g_auth.opaque_len, l->opaque);
		assert_ptr_equal(g_auth.opaque, msg + off + 2);
		off += 2 + l->opaque;
		if (l->ver >= 0x13) {
			assert_ptr_equal(g_auth.req_context, msg + off);
			off += 8;
		} else {
			assert_null(g_auth.req_context);
		}
		assert_ptr_equal(g_auth.signature, msg + off);
		assert_int_equal(off, signed_len);

		check_truncations(dec_auth, msg, len);
		check_padding(dec_auth, msg, len, &g_auth.len);
	}
}

static void test_auth_truncation_fields(void **state)
{
	static const struct auth_layout l = {0x13, 48, 96, 48, 2};
	static uint8_t msg[MAX_MSG];
	size_t signed_len, len = auth_msg(&l, 0, 1, 0, msg, &signed_len);
	static const struct {
		size_t len;
		const char *field;
		uint32_t offset;
	} cases[] = {
	    {3, "Param2", 3},
	    {51, "CertChainHash", 4},
	    {83, "Nonce", 52},
	    {131, "MeasurementSummaryHash", 84},
	    {133, "OpaqueDataLength", 132},
	    {135, "OpaqueData", 134},
	    {143, "RequesterContext", 136},
	    {239, "Signature", 144},
	};
	size_t i;

	(void)state;
	assert_int_equal(len, 240);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		cspdm_error err;

		tu_expect_err(run(dec_auth, msg, cases[i].len, &err), &err, CSPDM_E_TRUNCATED,
			      cases[i].field, cases[i].offset);
	}
}

static void test_auth_opaque_length(void **state)
{
	static const struct auth_layout l = {0x12, 48, 96, 48, 0};
	static uint8_t msg[2 * MAX_MSG + 64];
	size_t signed_len, len = auth_msg(&l, 0, 1, 0, msg, &signed_len);
	const size_t at = 4 + 48 + 32 + 48; /* OpaqueDataLength */
	cspdm_error err;

	(void)state;
	assert_int_equal(msg[at], 0);
	/* 1025 bytes: over the limit, whether or not they are there */
	msg[at] = 0x01;
	msg[at + 1] = 0x04;
	tu_expect_err(run(dec_auth, msg, len, &err), &err, CSPDM_E_LENGTH, "OpaqueDataLength",
		      (uint32_t)at);
	memset(msg + len, 0x77, 1025);
	tu_expect_err(run(dec_auth, msg, len + 1025, &err), &err, CSPDM_E_LENGTH,
		      "OpaqueDataLength", (uint32_t)at);
	msg[at] = 0xFF;
	msg[at + 1] = 0xFF;
	tu_expect_err(run(dec_auth, msg, len, &err), &err, CSPDM_E_LENGTH, "OpaqueDataLength",
		      (uint32_t)at);
	/* within the limit but beyond the message */
	msg[at] = 0x00;
	msg[at + 1] = 0x01; /* 256 > the 96 signature bytes that follow */
	tu_expect_err(run(dec_auth, msg, len, &err), &err, CSPDM_E_TRUNCATED, "OpaqueData",
		      (uint32_t)at + 2);
	/* opaque data eating into the signature: the signature is then short */
	msg[at] = 0x10;
	msg[at + 1] = 0x00;
	tu_expect_err(run(dec_auth, msg, len, &err), &err, CSPDM_E_TRUNCATED, "Signature",
		      (uint32_t)at + 2 + 16);
}

static void test_auth_opaque_1024(void **state)
{
	static const struct auth_layout l = {0x13, 48, 96, 48, 1024};
	static uint8_t msg[MAX_MSG];
	size_t signed_len, len = auth_msg(&l, 0, 1, 0, msg, &signed_len);
	cspdm_error err;

	(void)state;
	memset(&err, 0, sizeof(err));
	assert_int_equal(dec_auth(msg, len, &err), CSPDM_OK); /* in place: views stay valid */
	assert_int_equal(g_auth.opaque_len, 1024);
	assert_ptr_equal(g_auth.opaque, msg + 4 + 48 + 32 + 48 + 2);
	assert_int_equal(g_auth.opaque[1023], (uint8_t)(0x44 + 1023));
}

static void test_auth_invalid_header(void **state)
{
	static const struct auth_layout l = {0x12, 48, 96, 0, 0};
	static const struct {
		size_t at;
		uint8_t value;
		cspdm_status code;
		const char *field;
		uint32_t offset;
	} cases[] = {
	    {0, 0x11, CSPDM_E_VERSION_FIELD, "SPDMVersion", 0},
	    {1, 0x83, CSPDM_E_RESPONSE_CODE, "RequestResponseCode", 1},
	    {1, 0x7F, CSPDM_E_RESPONSE_CODE, "RequestResponseCode", 1},
	    {2, 0x10, CSPDM_E_RESERVED, "Param1", 2},
	    {2, 0x40, CSPDM_E_RESERVED, "Param1", 2},
	    {2, 0xF0, CSPDM_E_RESERVED, "Param1", 2},
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		static uint8_t msg[MAX_MSG];
		size_t signed_len, len = auth_msg(&l, 0, 1, 0, msg, &signed_len);
		cspdm_error err;

		msg[cases[i].at] = cases[i].value;
		tu_expect_err(run(dec_auth, msg, len, &err), &err, cases[i].code, cases[i].field,
			      cases[i].offset);
	}

	/* slot 0xF (a provisioned public key) with BasicMutAuthReq */
	{
		static uint8_t msg[MAX_MSG];
		size_t signed_len, len = auth_msg(&l, 0, 0, 0, msg, &signed_len);
		cspdm_error err;

		msg[2] = 0x8F;
		assert_int_equal(run(dec_auth, msg, len, &err), CSPDM_OK);
		assert_int_equal(g_auth.slot, 0x0F);
		assert_int_equal(g_auth.basic_mut_auth, 1);
	}
}

int main(void)
{
	/* clang-format off */
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_challenge_vectors),
		cmocka_unit_test(test_challenge_hex),
		cmocka_unit_test(test_challenge_invalid),
		cmocka_unit_test(test_challenge_layout_mismatch),
		cmocka_unit_test(test_auth_hex_vectors),
		cmocka_unit_test(test_auth_roundtrip),
		cmocka_unit_test(test_auth_truncation_fields),
		cmocka_unit_test(test_auth_opaque_length),
		cmocka_unit_test(test_auth_opaque_1024),
		cmocka_unit_test(test_auth_invalid_header),
	};
	/* clang-format on */

	return cmocka_run_group_tests(tests, NULL, NULL);
}
