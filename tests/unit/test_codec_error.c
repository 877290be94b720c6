/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * ERROR (DSP0274 Table 57) with ResponseNotReady extended data (Table 59) and at most 32
 * bytes of other extended error data, and RESPOND_IF_READY (Table 61).
 */
#include "testutil.h"

#include <stdlib.h>
#include <string.h>

#include "codec/spdm.h"

static struct spdm_neg g_neg;
static struct spdm_error_rsp g_err;
static struct spdm_respond_if_ready g_rir;

typedef cspdm_status (*dec_fn)(const uint8_t *msg, size_t len, cspdm_error *err);

static cspdm_status dec_error(const uint8_t *msg, size_t len, cspdm_error *err)
{
	memset(&g_err, 0xA5, sizeof(g_err));
	return spdm_dec_error(&g_neg, msg, len, &g_err, err);
}

static cspdm_status dec_rir(const uint8_t *msg, size_t len, cspdm_error *err)
{
	memset(&g_rir, 0xA5, sizeof(g_rir));
	return spdm_dec_respond_if_ready(&g_neg, msg, len, &g_rir, err);
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

static void set_neg(uint8_t ver, uint32_t max_pad)
{
	memset(&g_neg, 0, sizeof(g_neg));
	g_neg.version = ver;
	g_neg.max_pad = max_pad;
}

/* ---- ERROR: vectors ------------------------------------------------------------------------- */

struct error_vector {
	uint8_t ver;
	const char *hex;
	uint8_t code, data, not_ready;
	uint8_t rdt_exponent, request_code, token, rdtm;
	size_t ext_len;
};

static const struct error_vector error_vectors[] = {
    {0x10, "10 7F 01 00", SPDM_ERR_INVALID_REQUEST, 0, 0, 0, 0, 0, 0, 0},
    {0x11, "11 7F 03 00", SPDM_ERR_BUSY, 0, 0, 0, 0, 0, 0, 0},
    {0x12, "12 7F 04 00", SPDM_ERR_UNEXPECTED_REQUEST, 0, 0, 0, 0, 0, 0, 0},
    {0x13, "13 7F 43 00", SPDM_ERR_REQUEST_RESYNCH, 0, 0, 0, 0, 0, 0, 0},
    {0x14, "14 7F 0F 07", SPDM_ERR_LARGE_RESPONSE, 7, 0, 0, 0, 0, 0, 0},
    {0x12, "12 7F 41 00", SPDM_ERR_VERSION_MISMATCH, 0, 0, 0, 0, 0, 0, 0},
    /* ResponseNotReady: RDTExponent, RequestCode, Token, RDTM */
    {0x12, "12 7F 42 00 05 E0 07 0A", SPDM_ERR_RESPONSE_NOT_READY, 0, 1, 5, 0xE0, 7, 10, 4},
    {0x10, "10 7F 42 00 1F 83 FF 01", SPDM_ERR_RESPONSE_NOT_READY, 0, 1, 0x1F, 0x83, 0xFF, 1, 4},
};

static void test_error_vectors(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(error_vectors) / sizeof(error_vectors[0]); i++) {
		const struct error_vector *v = &error_vectors[i];
		struct spdm_error_rsp e;
		uint8_t expect[16], buf[16];
		size_t len = tu_hex_must(v->hex, expect, sizeof(expect)), n = 0;
		cspdm_error err;

		memset(&e, 0, sizeof(e));
		e.code = v->code;
		e.data = v->data;
		e.rdt_exponent = v->rdt_exponent;
		e.request_code = v->request_code;
		e.token = v->token;
		e.rdtm = v->rdtm;
		assert_int_equal(spdm_enc_error(v->ver, &e, buf, sizeof(buf), &n), CSPDM_OK);
		assert_int_equal(n, len);
		assert_memory_equal(buf, expect, len);
		assert_int_equal(spdm_enc_error(v->ver, &e, buf, len - 1, &n),
				 CSPDM_E_BUFFER_TOO_SMALL);

		set_neg(v->ver, 0);
		assert_int_equal(run(dec_error, expect, len, &err), CSPDM_OK);
		assert_int_equal(g_err.code, v->code);
		assert_int_equal(g_err.data, v->data);
		assert_int_equal(g_err.has_not_ready, v->not_ready);
		assert_int_equal(g_err.ext_len, v->ext_len);
		if (v->not_ready) {
			assert_int_equal(g_err.rdt_exponent, v->rdt_exponent);
			assert_int_equal(g_err.request_code, v->request_code);
			assert_int_equal(g_err.token, v->token);
			assert_int_equal(g_err.rdtm, v->rdtm);
		}
		check_truncations(dec_error, expect, len);
	}
}

/* The ResponseNotReady fields are encoded only for that error code. */
static void test_error_enc_ignores_not_ready_fields(void **state)
{
	struct spdm_error_rsp e;
	uint8_t buf[16];
	size_t n = 0;

	(void)state;
	memset(&e, 0, sizeof(e));
	e.code = SPDM_ERR_BUSY;
	e.rdt_exponent = 9;
	e.token = 9;
	assert_int_equal(spdm_enc_error(0x12, &e, buf, sizeof(buf), &n), CSPDM_OK);
	assert_int_equal(n, 4);
}

/* ---- ERROR: invalid ------------------------------------------------------------------------- */

static void test_error_not_ready_truncated(void **state)
{
	static const struct {
		size_t len;
		const char *field;
	} cases[] = {
	    {4, "RDTExponent"},
	    {5, "RequestCode"},
	    {6, "Token"},
	    {7, "RDTM"},
	};
	uint8_t msg[16];
	size_t i;

	(void)state;
	tu_hex_must("12 7F 42 00 05 E0 07 0A", msg, sizeof(msg));
	set_neg(0x12, 3);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		cspdm_error err;

		tu_expect_err(run(dec_error, msg, cases[i].len, &err), &err, CSPDM_E_TRUNCATED,
			      cases[i].field, (uint32_t)cases[i].len);
	}
}

static void test_error_not_ready_trailing(void **state)
{
	uint8_t msg[16];
	size_t len = tu_hex_must("12 7F 42 00 05 E0 07 0A 00 00 00 00", msg, sizeof(msg));
	cspdm_error err;

	(void)state;
	/* zero padding up to max_pad */
	set_neg(0x12, 3);
	assert_int_equal(run(dec_error, msg, 11, &err), CSPDM_OK);
	assert_int_equal(g_err.ext_len, 4);
	tu_expect_err(run(dec_error, msg, len, &err), &err, CSPDM_E_TRAILING, "end of message", 8);
	set_neg(0x12, 0);
	tu_expect_err(run(dec_error, msg, 9, &err), &err, CSPDM_E_TRAILING, "end of message", 8);
	msg[9] = 0x01;
	set_neg(0x12, 3);
	tu_expect_err(run(dec_error, msg, 10, &err), &err, CSPDM_E_TRAILING, "end of message", 8);
}

/* Other error codes may carry up to 32 bytes of extended error data. */
static void test_error_ext_data(void **state)
{
	uint8_t msg[4 + 40];
	cspdm_error err;

	(void)state;
	tu_hex_must("12 7F 05 00", msg, 4);
	memset(msg + 4, 0xEE, 40);

	set_neg(0x12, 0);
	assert_int_equal(run(dec_error, msg, 4 + 1, &err), CSPDM_OK);
	assert_int_equal(g_err.ext_len, 1);
	assert_int_equal(g_err.has_not_ready, 0);
	assert_int_equal(run(dec_error, msg, 4 + 32, &err), CSPDM_OK);
	assert_int_equal(g_err.code, SPDM_ERR_UNSPECIFIED);
	assert_int_equal(g_err.ext_len, 32);
	tu_expect_err(run(dec_error, msg, 4 + 33, &err), &err, CSPDM_E_LENGTH, "ExtendedErrorData",
		      4);
	tu_expect_err(run(dec_error, msg, 4 + 40, &err), &err, CSPDM_E_LENGTH, "ExtendedErrorData",
		      4);

	/* transport padding does not raise the limit for real data */
	set_neg(0x12, 3);
	tu_expect_err(run(dec_error, msg, 4 + 33, &err), &err, CSPDM_E_LENGTH, "ExtendedErrorData",
		      4);
	tu_expect_err(run(dec_error, msg, 4 + 35, &err), &err, CSPDM_E_LENGTH, "ExtendedErrorData",
		      4);
	/* but 32 bytes of data followed by zero padding is fine, and the padding is not data */
	memset(msg + 4 + 32, 0, 8);
	assert_int_equal(run(dec_error, msg, 4 + 35, &err), CSPDM_OK);
	assert_int_equal(g_err.ext_len, 32);
	tu_expect_err(run(dec_error, msg, 4 + 36, &err), &err, CSPDM_E_LENGTH, "ExtendedErrorData",
		      4);

	/* VendorDefined */
	msg[2] = SPDM_ERR_VENDOR_DEFINED;
	set_neg(0x12, 0);
	assert_int_equal(run(dec_error, msg, 4 + 7, &err), CSPDM_OK);
	assert_int_equal(g_err.code, SPDM_ERR_VENDOR_DEFINED);
	assert_int_equal(g_err.ext_len, 7);
}

static void test_error_header(void **state)
{
	static const struct {
		uint8_t ver;
		const char *hex;
		cspdm_status code;
		const char *field;
		uint32_t offset;
	} cases[] = {
	    {0x12, "13 7F 03 00", CSPDM_E_VERSION_FIELD, "SPDMVersion", 0},
	    {0x12, "10 7F 03 00", CSPDM_E_VERSION_FIELD, "SPDMVersion", 0},
	    {0x12, "12 FF 03 00", CSPDM_E_RESPONSE_CODE, "RequestResponseCode", 1},
	    {0x12, "12 7E 03 00", CSPDM_E_RESPONSE_CODE, "RequestResponseCode", 1},
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		uint8_t msg[8];
		size_t len = tu_hex_must(cases[i].hex, msg, sizeof(msg));
		cspdm_error err;

		set_neg(cases[i].ver, 0);
		tu_expect_err(run(dec_error, msg, len, &err), &err, cases[i].code, cases[i].field,
			      cases[i].offset);
	}
}

/* ---- RESPOND_IF_READY ----------------------------------------------------------------------- */

static void test_respond_if_ready(void **state)
{
	static const uint8_t vers[] = {0x10, 0x11, 0x12, 0x13, 0x14};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(vers); i++) {
		struct spdm_respond_if_ready q = {.request_code = 0xE0, .token = 7};
		uint8_t expect[4] = {vers[i], 0xFF, 0xE0, 0x07}, buf[8];
		size_t n = 0;
		cspdm_error err;

		assert_int_equal(spdm_enc_respond_if_ready(vers[i], &q, buf, sizeof(buf), &n),
				 CSPDM_OK);
		assert_int_equal(n, 4);
		assert_memory_equal(buf, expect, 4);
		assert_int_equal(spdm_enc_respond_if_ready(vers[i], &q, buf, 3, &n),
				 CSPDM_E_BUFFER_TOO_SMALL);

		set_neg(vers[i], 3);
		assert_int_equal(run(dec_rir, expect, 4, &err), CSPDM_OK);
		assert_int_equal(g_rir.request_code, 0xE0);
		assert_int_equal(g_rir.token, 7);
		check_truncations(dec_rir, expect, 4);
	}
}

static void test_respond_if_ready_invalid(void **state)
{
	uint8_t msg[8];
	size_t len = tu_hex_must("12 FF 83 01 00 00 00 00", msg, sizeof(msg));
	cspdm_error err;

	(void)state;
	set_neg(0x12, 3);
	assert_int_equal(run(dec_rir, msg, 7, &err), CSPDM_OK);
	tu_expect_err(run(dec_rir, msg, len, &err), &err, CSPDM_E_TRAILING, "end of message", 4);
	msg[4] = 0x01;
	tu_expect_err(run(dec_rir, msg, 5, &err), &err, CSPDM_E_TRAILING, "end of message", 4);
	msg[1] = 0x7F;
	tu_expect_err(run(dec_rir, msg, 4, &err), &err, CSPDM_E_RESPONSE_CODE,
		      "RequestResponseCode", 1);
	msg[1] = 0xFF;
	msg[0] = 0x11;
	tu_expect_err(run(dec_rir, msg, 4, &err), &err, CSPDM_E_VERSION_FIELD, "SPDMVersion", 0);
}

int main(void)
{
	/* clang-format off */
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_error_vectors),
		cmocka_unit_test(test_error_enc_ignores_not_ready_fields),
		cmocka_unit_test(test_error_not_ready_truncated),
		cmocka_unit_test(test_error_not_ready_trailing),
		cmocka_unit_test(test_error_ext_data),
		cmocka_unit_test(test_error_header),
		cmocka_unit_test(test_respond_if_ready),
		cmocka_unit_test(test_respond_if_ready_invalid),
	};
	/* clang-format on */

	return cmocka_run_group_tests(tests, NULL, NULL);
}
