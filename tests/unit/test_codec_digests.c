/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * GET_DIGESTS and DIGESTS (DSP0274 Tables 23/24): one digest per bit of the provisioned slot
 * mask (Param2); 1.3 adds SupportedSlotMask (Param1) and, with MultiKeyConn, the KeyPairID,
 * CertificateInfo and KeyUsageMask arrays.
 */
#include "testutil.h"

#include <stdlib.h>
#include <string.h>

#include "codec/spdm.h"

#define MAX_MSG 640

static struct spdm_neg g_neg;
static struct spdm_digests g_dig;

typedef cspdm_status (*dec_fn)(const uint8_t *msg, size_t len, cspdm_error *err);

static cspdm_status dec_get_digests(const uint8_t *msg, size_t len, cspdm_error *err)
{
	return spdm_dec_get_digests(&g_neg, msg, len, err);
}

static cspdm_status dec_digests(const uint8_t *msg, size_t len, cspdm_error *err)
{
	memset(&g_dig, 0xA5, sizeof(g_dig));
	return spdm_dec_digests(&g_neg, msg, len, &g_dig, err);
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

/* Decode msg in place (views into it stay valid). */
static cspdm_status run_in_place(const uint8_t *msg, size_t len, cspdm_error *err)
{
	memset(err, 0, sizeof(*err));
	return dec_digests(msg, len, err);
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
			if (out_len)
				assert_int_equal(*out_len, len);
		}
		tu_expect_err(run(dec, buf, len + pad, &err), &err, CSPDM_E_TRAILING,
			      "end of message", (uint32_t)len);
	}
	g_neg.max_pad = 3;
	buf[len] = 0x80;
	tu_expect_err(run(dec, buf, len + 1, &err), &err, CSPDM_E_TRAILING, "end of message",
		      (uint32_t)len);
	g_neg.max_pad = 0;
}

static void set_neg(uint8_t ver, uint32_t hash_size, uint8_t multi_key)
{
	memset(&g_neg, 0, sizeof(g_neg));
	g_neg.version = ver;
	g_neg.hash_size = hash_size;
	g_neg.multi_key = multi_key;
}

/* Build a DIGESTS message by hand: header, then digest i filled with 0x10 * (slot + 1). */
static size_t digests_msg(uint8_t ver, uint8_t p1, uint8_t p2, unsigned ndigests, size_t h,
			  uint8_t *buf)
{
	unsigned i, s = 0;

	buf[0] = ver;
	buf[1] = SPDM_DIGESTS;
	buf[2] = p1;
	buf[3] = p2;
	for (i = 0; i < ndigests; i++) {
		while (s < 8 && !((p2 >> s) & 1))
			s++;
		memset(buf + 4 + i * h, (int)(0x10 * (s % 8 + 1)), h);
		s++;
	}
	return 4 + ndigests * h;
}

/* ---- GET_DIGESTS ---------------------------------------------------------------------------- */

static void test_get_digests(void **state)
{
	static const uint8_t vers[] = {0x10, 0x11, 0x12, 0x13, 0x14};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(vers); i++) {
		uint8_t expect[4] = {vers[i], 0x81, 0x00, 0x00}, buf[8];
		size_t n = 0;
		cspdm_error err;

		assert_int_equal(spdm_enc_get_digests(vers[i], buf, sizeof(buf), &n), CSPDM_OK);
		assert_int_equal(n, 4);
		assert_memory_equal(buf, expect, 4);
		assert_int_equal(spdm_enc_get_digests(vers[i], buf, 3, &n),
				 CSPDM_E_BUFFER_TOO_SMALL);
		set_neg(vers[i], 32, 0);
		assert_int_equal(run(dec_get_digests, buf, 4, &err), CSPDM_OK);
		check_truncations(dec_get_digests, buf, 4);
		check_padding(dec_get_digests, buf, 4, NULL);
	}
}

static void test_get_digests_invalid(void **state)
{
	static const struct {
		const char *hex;
		cspdm_status code;
		const char *field;
		uint32_t offset;
	} cases[] = {
	    {"11 81 00 00", CSPDM_E_VERSION_FIELD, "SPDMVersion", 0},
	    {"12 01 00 00", CSPDM_E_RESPONSE_CODE, "RequestResponseCode", 1},
	    {"12 82 00 00", CSPDM_E_RESPONSE_CODE, "RequestResponseCode", 1},
	    {"12 81 01 00", CSPDM_E_RESERVED, "Param1", 2},
	    {"12 81 00 01", CSPDM_E_RESERVED, "Param2", 3},
	    {"12 81 00 00 00", CSPDM_E_TRAILING, "end of message", 4},
	};
	uint8_t msg[8];
	cspdm_error err;
	size_t i;

	(void)state;
	set_neg(0x12, 32, 0);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		size_t n = tu_hex_must(cases[i].hex, msg, sizeof(msg));

		tu_expect_err(run(dec_get_digests, msg, n, &err), &err, cases[i].code,
			      cases[i].field, cases[i].offset);
	}
}

/* ---- DIGESTS: vectors and round trips ------------------------------------------------------- */

/* 1.2, SHA-256, slots 0 and 2 provisioned. */
static void test_digests_vector_12(void **state)
{
	uint8_t d0[32], d2[32], expect[68], buf[80];
	struct spdm_digests d;
	size_t len, n = 0;
	cspdm_error err;

	(void)state;
	memset(d0, 0x11, sizeof(d0));
	memset(d2, 0x22, sizeof(d2));
	len = tu_hex_must("12 01 00 05", expect, 4);
	memcpy(expect + 4, d0, 32);
	memcpy(expect + 36, d2, 32);
	len += 64;

	memset(&d, 0, sizeof(d));
	d.supported_mask = 0xFF; /* not encoded before 1.3 */
	d.provisioned_mask = 0x05;
	d.digest[0] = d0;
	d.digest[2] = d2;
	set_neg(0x12, 32, 0);
	assert_int_equal(spdm_enc_digests(&g_neg, &d, buf, sizeof(buf), &n), CSPDM_OK);
	assert_int_equal(n, len);
	assert_memory_equal(buf, expect, len);
	assert_int_equal(spdm_enc_digests(&g_neg, &d, buf, len - 1, &n), CSPDM_E_BUFFER_TOO_SMALL);

	assert_int_equal(run_in_place(expect, len, &err), CSPDM_OK);
	assert_int_equal(g_dig.len, 68);
	assert_int_equal(g_dig.supported_mask, 0);
	assert_int_equal(g_dig.provisioned_mask, 0x05);
	assert_int_equal(g_dig.count, 2);
	assert_ptr_equal(g_dig.digest[0], expect + 4);
	assert_ptr_equal(g_dig.digest[2], expect + 36);
	assert_null(g_dig.digest[1]);
	assert_null(g_dig.digest[3]);
	assert_null(g_dig.digest[7]);

	check_truncations(dec_digests, expect, len);
	check_padding(dec_digests, expect, len, &g_dig.len);
}

/* A digest for a provisioned slot is required. */
static void test_digests_enc_missing_digest(void **state)
{
	struct spdm_digests d;
	uint8_t buf[80], d0[32] = {0};
	size_t n = 0;

	(void)state;
	memset(&d, 0, sizeof(d));
	d.provisioned_mask = 0x03;
	d.digest[0] = d0;
	set_neg(0x12, 32, 0);
	assert_int_equal(spdm_enc_digests(&g_neg, &d, buf, sizeof(buf), &n), CSPDM_E_INVALID_ARG);
}

/* 1.3 with MultiKeyConn, SHA-384: slots 0 and 2 of supported 0x0F. */
static void test_digests_vector_13_multi_key(void **state)
{
	static uint8_t expect[128], buf[128];
	uint8_t d0[48], d2[48];
	struct spdm_digests d;
	size_t len, n = 0;
	cspdm_error err;

	(void)state;
	memset(d0, 0xA0, sizeof(d0));
	memset(d2, 0xB0, sizeof(d2));
	tu_hex_must("13 01 0F 05", expect, 4);
	memcpy(expect + 4, d0, 48);
	memcpy(expect + 52, d2, 48);
	/* KeyPairID[2], CertificateInfo[2], KeyUsageMask[2] (little-endian) */
	len = 100 + tu_hex_must("01 02  01 02  05 00 80 01", expect + 100, 8);
	assert_int_equal(len, 108);

	memset(&d, 0, sizeof(d));
	d.supported_mask = 0x0F;
	d.provisioned_mask = 0x05;
	d.digest[0] = d0;
	d.digest[2] = d2;
	d.key_pair_id[0] = 1;
	d.key_pair_id[2] = 2;
	d.cert_info[0] = 1;
	d.cert_info[2] = 2;
	d.key_usage[0] = 0x0005;
	d.key_usage[2] = 0x0180;
	d.key_pair_id[1] = 0x77; /* not provisioned: not encoded */
	set_neg(0x13, 48, 1);
	assert_int_equal(spdm_enc_digests(&g_neg, &d, buf, sizeof(buf), &n), CSPDM_OK);
	assert_int_equal(n, len);
	assert_memory_equal(buf, expect, len);

	assert_int_equal(run_in_place(expect, len, &err), CSPDM_OK);
	assert_int_equal(g_dig.len, 108);
	assert_int_equal(g_dig.supported_mask, 0x0F);
	assert_int_equal(g_dig.provisioned_mask, 0x05);
	assert_int_equal(g_dig.count, 2);
	assert_ptr_equal(g_dig.digest[0], expect + 4);
	assert_ptr_equal(g_dig.digest[2], expect + 52);
	assert_int_equal(g_dig.key_pair_id[0], 1);
	assert_int_equal(g_dig.key_pair_id[2], 2);
	assert_int_equal(g_dig.key_pair_id[1], 0);
	assert_int_equal(g_dig.cert_info[0], 1);
	assert_int_equal(g_dig.cert_info[2], 2);
	assert_int_equal(g_dig.key_usage[0], 0x0005);
	assert_int_equal(g_dig.key_usage[2], 0x0180);

	check_truncations(dec_digests, expect, len);
	check_padding(dec_digests, expect, len, &g_dig.len);
	tu_expect_err(run(dec_digests, expect, 107, &err), &err, CSPDM_E_TRUNCATED, "KeyUsageMask",
		      106);
	tu_expect_err(run(dec_digests, expect, 102, &err), &err, CSPDM_E_TRUNCATED,
		      "CertificateInfo", 102);
	tu_expect_err(run(dec_digests, expect, 100, &err), &err, CSPDM_E_TRUNCATED, "KeyPairID",
		      100);

	/* the same message without MultiKeyConn: the arrays are trailing bytes */
	set_neg(0x13, 48, 0);
	tu_expect_err(run(dec_digests, expect, len, &err), &err, CSPDM_E_TRAILING, "end of message",
		      100);
}

/* Round trip every version and several masks, with both hash sizes. */
static void test_digests_roundtrip(void **state)
{
	static const uint8_t vers[] = {0x10, 0x11, 0x12, 0x13, 0x14};
	static const uint8_t masks[] = {0x01, 0x80, 0x5A, 0xFF};
	static const uint32_t hashes[] = {32, 48, 64};
	static uint8_t store[8][64], buf[MAX_MSG];
	size_t v, m, h, s;

	(void)state;
	for (s = 0; s < 8; s++)
		memset(store[s], (int)(0xC0 + s), sizeof(store[s]));
	for (v = 0; v < sizeof(vers); v++)
		for (m = 0; m < sizeof(masks); m++)
			for (h = 0; h < 3; h++) {
				uint8_t multi = vers[v] >= 0x13 && (m & 1);
				struct spdm_digests d;
				size_t n = 0, expect_len;
				cspdm_error err;

				memset(&d, 0, sizeof(d));
				d.supported_mask = vers[v] >= 0x13 ? 0xFF : 0;
				d.provisioned_mask = masks[m];
				for (s = 0; s < 8; s++) {
					d.digest[s] = store[s];
					d.key_pair_id[s] = (uint8_t)(s + 1);
					d.cert_info[s] = (uint8_t)(s & 7);
					d.key_usage[s] = (uint16_t)(0x100 + s);
				}
				set_neg(vers[v], hashes[h], multi);
				assert_int_equal(spdm_enc_digests(&g_neg, &d, buf, sizeof(buf), &n),
						 CSPDM_OK);
				expect_len = 4 + (size_t)spdm_popcount8(masks[m]) *
						     (hashes[h] + (multi ? 4 : 0));
				assert_int_equal(n, expect_len);
				assert_int_equal(run_in_place(buf, n, &err), CSPDM_OK);
				assert_int_equal(g_dig.len, n);
				assert_int_equal(g_dig.provisioned_mask, masks[m]);
				assert_int_equal(g_dig.supported_mask, d.supported_mask);
				assert_int_equal(g_dig.count, spdm_popcount8(masks[m]));
				for (s = 0; s < 8; s++) {
					if (!((masks[m] >> s) & 1)) {
						assert_null(g_dig.digest[s]);
						continue;
					}
					assert_non_null(g_dig.digest[s]);
					assert_memory_equal(g_dig.digest[s], store[s], hashes[h]);
					if (!multi)
						continue;
					assert_int_equal(g_dig.key_pair_id[s], s + 1);
					assert_int_equal(g_dig.cert_info[s], s & 7);
					assert_int_equal(g_dig.key_usage[s], 0x100 + s);
				}
			}
}

/* ---- DIGESTS: invalid ----------------------------------------------------------------------- */

struct dig_case {
	uint8_t ver;
	uint8_t p1, p2;
	unsigned ndigests; /* digests actually present */
	cspdm_status code;
	const char *field;
	uint32_t offset;
};

static const struct dig_case dig_cases[] = {
    /* more bits than digests: truncated at the first missing one */
    {0x12, 0x00, 0x07, 2, CSPDM_E_TRUNCATED, "Digest", 4 + 2 * 48},
    {0x12, 0x00, 0xFF, 7, CSPDM_E_TRUNCATED, "Digest", 4 + 7 * 48},
    {0x10, 0x00, 0x01, 0, CSPDM_E_TRUNCATED, "Digest", 4},
    /* fewer bits than digests: the rest is trailing */
    {0x12, 0x00, 0x01, 2, CSPDM_E_TRAILING, "end of message", 4 + 48},
    {0x12, 0x00, 0x00, 1, CSPDM_E_TRAILING, "end of message", 4},
    {0x13, 0x03, 0x03, 3, CSPDM_E_TRAILING, "end of message", 4 + 2 * 48},
    /* SupportedSlotMask is reserved before 1.3 */
    {0x12, 0x01, 0x01, 1, CSPDM_E_RESERVED, "Param1", 2},
    {0x11, 0x80, 0x01, 1, CSPDM_E_RESERVED, "Param1", 2},
    /* a provisioned slot must be supported */
    {0x13, 0x01, 0x03, 2, CSPDM_E_SLOT, "Param2 (ProvisionedSlotMask)", 3},
    {0x14, 0x00, 0x01, 1, CSPDM_E_SLOT, "Param2 (ProvisionedSlotMask)", 3},
    {0x13, 0xFF, 0x01, 1, CSPDM_OK, NULL, 0},
};

static void test_digests_invalid(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(dig_cases) / sizeof(dig_cases[0]); i++) {
		const struct dig_case *c = &dig_cases[i];
		static uint8_t msg[MAX_MSG];
		size_t len = digests_msg(c->ver, c->p1, c->p2, c->ndigests, 48, msg);
		cspdm_error err;

		set_neg(c->ver, 48, 0);
		if (c->code == CSPDM_OK)
			assert_int_equal(run(dec_digests, msg, len, &err), CSPDM_OK);
		else
			tu_expect_err(run(dec_digests, msg, len, &err), &err, c->code, c->field,
				      c->offset);
	}
}

static void test_digests_header(void **state)
{
	static uint8_t msg[MAX_MSG];
	size_t len;
	cspdm_error err;

	(void)state;
	set_neg(0x12, 48, 0);
	len = digests_msg(0x12, 0, 0x01, 1, 48, msg);
	assert_int_equal(run(dec_digests, msg, len, &err), CSPDM_OK);
	msg[0] = 0x13;
	tu_expect_err(run(dec_digests, msg, len, &err), &err, CSPDM_E_VERSION_FIELD, "SPDMVersion",
		      0);
	msg[0] = 0x12;
	msg[1] = 0x81;
	tu_expect_err(run(dec_digests, msg, len, &err), &err, CSPDM_E_RESPONSE_CODE,
		      "RequestResponseCode", 1);
	msg[1] = 0x7F;
	tu_expect_err(run(dec_digests, msg, len, &err), &err, CSPDM_E_RESPONSE_CODE,
		      "RequestResponseCode", 1);

	/* the digest size follows the negotiated hash: a SHA-256 reply in a SHA-384 session */
	len = digests_msg(0x12, 0, 0x01, 1, 32, msg);
	tu_expect_err(run(dec_digests, msg, len, &err), &err, CSPDM_E_TRUNCATED, "Digest", 4);
	len = digests_msg(0x12, 0, 0x01, 2, 32, msg); /* 64 bytes: one digest plus 16 extra */
	tu_expect_err(run(dec_digests, msg, len, &err), &err, CSPDM_E_TRAILING, "end of message",
		      52);
}

int main(void)
{
	/* clang-format off */
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_get_digests),
		cmocka_unit_test(test_get_digests_invalid),
		cmocka_unit_test(test_digests_vector_12),
		cmocka_unit_test(test_digests_enc_missing_digest),
		cmocka_unit_test(test_digests_vector_13_multi_key),
		cmocka_unit_test(test_digests_roundtrip),
		cmocka_unit_test(test_digests_invalid),
		cmocka_unit_test(test_digests_header),
	};
	/* clang-format on */

	return cmocka_run_group_tests(tests, NULL, NULL);
}
