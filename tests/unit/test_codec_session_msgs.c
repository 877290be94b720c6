/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * HEARTBEAT/HEARTBEAT_ACK, KEY_UPDATE/KEY_UPDATE_ACK, END_SESSION/END_SESSION_ACK (DSP0274
 * 1.1+): the header alone, with reserved parameters, KeyOperation 1..3 and any Tag, and
 * NegotiatedStateClearing; none of them exists in 1.0.
 */
#include "testutil.h"

#include <string.h>

#include "codec/spdm.h"

static const uint8_t versions[] = {0x11, 0x12, 0x13, 0x14};
static const uint8_t simple_codes[] = {SPDM_HEARTBEAT, SPDM_HEARTBEAT_ACK, SPDM_END_SESSION_ACK};

static struct spdm_neg g_neg;
static uint8_t g_code;
static struct spdm_key_update g_ku;
static uint8_t g_clear;

static void set_neg(uint8_t ver)
{
	memset(&g_neg, 0, sizeof(g_neg));
	g_neg.version = ver;
	g_neg.hash_size = 48;
}

static cspdm_status dec_simple(const uint8_t *msg, size_t len, uint32_t max_pad, cspdm_error *err)
{
	g_neg.max_pad = max_pad;
	return spdm_dec_simple(&g_neg, g_code, msg, len, err);
}

static cspdm_status dec_ku(const uint8_t *msg, size_t len, uint32_t max_pad, cspdm_error *err)
{
	g_neg.max_pad = max_pad;
	memset(&g_ku, 0xA5, sizeof(g_ku));
	return spdm_dec_key_update(&g_neg, g_code, msg, len, &g_ku, err);
}

static cspdm_status dec_end(const uint8_t *msg, size_t len, uint32_t max_pad, cspdm_error *err)
{
	g_neg.max_pad = max_pad;
	g_clear = 0xA5;
	return spdm_dec_end_session(&g_neg, msg, len, &g_clear, err);
}

/* A decoder failure for msg with byte at set to value. */
static void expect_at(tu_dec_fn dec, const uint8_t *msg, size_t at, uint8_t value,
		      cspdm_status code, const char *field, uint32_t offset)
{
	uint8_t copy[4];
	cspdm_error err;

	memcpy(copy, msg, 4);
	copy[at] = value;
	if (code == CSPDM_OK)
		assert_int_equal(tu_run(dec, copy, 4, 0, &err), CSPDM_OK);
	else
		tu_expect_err(tu_run(dec, copy, 4, 0, &err), &err, code, field, offset);
}

static void test_simple(void **state)
{
	size_t v, c;

	(void)state;
	for (v = 0; v < sizeof(versions); v++)
		for (c = 0; c < sizeof(simple_codes); c++) {
			const uint8_t expect[4] = {versions[v], simple_codes[c], 0, 0};
			uint8_t buf[4];
			size_t n = 0;
			cspdm_error err;

			g_code = simple_codes[c];
			set_neg(versions[v]);
			assert_int_equal(spdm_enc_simple(versions[v], g_code, 0, 0, buf, 4, &n),
					 CSPDM_OK);
			assert_int_equal(n, 4);
			assert_memory_equal(buf, expect, 4);
			assert_int_equal(spdm_enc_simple(versions[v], g_code, 0, 0, buf, 3, &n),
					 CSPDM_E_BUFFER_TOO_SMALL);
			assert_int_equal(tu_run(dec_simple, expect, 4, 0, &err), CSPDM_OK);
			tu_check_truncations(dec_simple, expect, 4);
			tu_check_padding(dec_simple, expect, 4, NULL);
		}
}

static void test_simple_invalid(void **state)
{
	const uint8_t hb[4] = {0x12, SPDM_HEARTBEAT, 0, 0};

	(void)state;
	set_neg(0x12);
	g_code = SPDM_HEARTBEAT;
	expect_at(dec_simple, hb, 0, 0x13, CSPDM_E_VERSION_FIELD, "SPDMVersion", 0);
	expect_at(dec_simple, hb, 1, SPDM_HEARTBEAT_ACK, CSPDM_E_RESPONSE_CODE,
		  "RequestResponseCode", 1);
	expect_at(dec_simple, hb, 2, 0x01, CSPDM_E_RESERVED, "Param1", 2);
	expect_at(dec_simple, hb, 2, 0x80, CSPDM_E_RESERVED, "Param1", 2);
	expect_at(dec_simple, hb, 3, 0x01, CSPDM_E_RESERVED, "Param2", 3);
	g_code = SPDM_END_SESSION_ACK;
	expect_at(dec_simple, hb, 1, SPDM_END_SESSION_ACK, CSPDM_OK, NULL, 0);
}

/* Not a header-only message this decoder knows. */
static void test_simple_other_codes(void **state)
{
	const uint8_t msg[4] = {0x12, SPDM_END_SESSION, 0, 0};
	cspdm_error err;

	(void)state;
	set_neg(0x12);
	g_code = SPDM_END_SESSION;
	tu_expect_err(tu_run(dec_simple, msg, 4, 0, &err), &err, CSPDM_E_INVALID_ARG,
		      "RequestResponseCode", 1);
	g_code = SPDM_GET_DIGESTS;
	tu_expect_err(tu_run(dec_simple, msg, 4, 0, &err), &err, CSPDM_E_INVALID_ARG,
		      "RequestResponseCode", 1);
}

/* HEARTBEAT and friends exist from 1.1: a 1.0 message is refused (CSPDM_E_VERSION_FIELD). */
static void test_v10(void **state)
{
	const uint8_t hb[4] = {0x10, SPDM_HEARTBEAT, 0, 0};
	const uint8_t ku[4] = {0x10, SPDM_KEY_UPDATE, 1, 0};
	const uint8_t es[4] = {0x10, SPDM_END_SESSION, 0, 0};
	cspdm_error err;

	(void)state;
	set_neg(0x10);
	g_code = SPDM_HEARTBEAT;
	tu_expect_err(tu_run(dec_simple, hb, 4, 0, &err), &err, CSPDM_E_VERSION_FIELD,
		      "SPDMVersion", 0);
	g_code = SPDM_KEY_UPDATE;
	tu_expect_err(tu_run(dec_ku, ku, 4, 0, &err), &err, CSPDM_E_VERSION_FIELD, "SPDMVersion",
		      0);
	tu_expect_err(tu_run(dec_end, es, 4, 0, &err), &err, CSPDM_E_VERSION_FIELD, "SPDMVersion",
		      0);
}

static void test_key_update(void **state)
{
	static const uint8_t codes[] = {SPDM_KEY_UPDATE, SPDM_KEY_UPDATE_ACK};
	size_t v, c;
	unsigned op;

	(void)state;
	for (v = 0; v < sizeof(versions); v++)
		for (c = 0; c < 2; c++)
			for (op = 1; op <= 3; op++) {
				struct spdm_key_update k = {(uint8_t)op, (uint8_t)(0x40 + op * v)};
				const uint8_t expect[4] = {versions[v], codes[c], k.operation,
							   k.tag};
				uint8_t buf[4];
				size_t n = 0;
				cspdm_error err;

				set_neg(versions[v]);
				g_code = codes[c];
				assert_int_equal(spdm_enc_key_update(versions[v], g_code, &k, buf,
								     sizeof(buf), &n),
						 CSPDM_OK);
				assert_int_equal(n, 4);
				assert_memory_equal(buf, expect, 4);
				assert_int_equal(tu_run(dec_ku, expect, 4, 0, &err), CSPDM_OK);
				assert_int_equal(g_ku.operation, op);
				assert_int_equal(g_ku.tag, k.tag);
				tu_check_truncations(dec_ku, expect, 4);
				tu_check_padding(dec_ku, expect, 4, NULL);
			}
}

static void test_key_update_invalid(void **state)
{
	const uint8_t ku[4] = {0x13, SPDM_KEY_UPDATE, 2, 0xFF};
	struct spdm_key_update k = {1, 0};
	uint8_t buf[4];
	size_t n;
	cspdm_error err;

	(void)state;
	set_neg(0x13);
	g_code = SPDM_KEY_UPDATE;
	expect_at(dec_ku, ku, 2, 0, CSPDM_E_FIELD, "Param1 (KeyOperation)", 2);
	expect_at(dec_ku, ku, 2, 4, CSPDM_E_FIELD, "Param1 (KeyOperation)", 2);
	expect_at(dec_ku, ku, 2, 0xFF, CSPDM_E_FIELD, "Param1 (KeyOperation)", 2);
	expect_at(dec_ku, ku, 1, SPDM_KEY_UPDATE_ACK, CSPDM_E_RESPONSE_CODE, "RequestResponseCode",
		  1);
	expect_at(dec_ku, ku, 0, 0x12, CSPDM_E_VERSION_FIELD, "SPDMVersion", 0);
	g_code = SPDM_KEY_UPDATE_ACK;
	expect_at(dec_ku, ku, 1, SPDM_KEY_UPDATE_ACK, CSPDM_OK, NULL, 0);
	g_code = SPDM_HEARTBEAT;
	tu_expect_err(tu_run(dec_ku, ku, 4, 0, &err), &err, CSPDM_E_INVALID_ARG,
		      "RequestResponseCode", 1);
	assert_int_equal(spdm_enc_key_update(0x13, SPDM_HEARTBEAT, &k, buf, sizeof(buf), &n),
			 CSPDM_E_INVALID_ARG);
}

static void test_end_session(void **state)
{
	size_t v;
	uint8_t clear;

	(void)state;
	for (v = 0; v < sizeof(versions); v++)
		for (clear = 0; clear <= 1; clear++) {
			const uint8_t expect[4] = {versions[v], SPDM_END_SESSION, clear, 0};
			uint8_t buf[4];
			size_t n = 0;
			cspdm_error err;

			set_neg(versions[v]);
			assert_int_equal(spdm_enc_simple(versions[v], SPDM_END_SESSION, clear, 0,
							 buf, sizeof(buf), &n),
					 CSPDM_OK);
			assert_memory_equal(buf, expect, 4);
			assert_int_equal(tu_run(dec_end, expect, 4, 0, &err), CSPDM_OK);
			assert_int_equal(g_clear, clear);
			tu_check_truncations(dec_end, expect, 4);
			tu_check_padding(dec_end, expect, 4, NULL);
		}
	set_neg(0x12);
	{
		const uint8_t es[4] = {0x12, SPDM_END_SESSION, 1, 0};

		expect_at(dec_end, es, 2, 0x02, CSPDM_E_RESERVED, "Param1", 2);
		expect_at(dec_end, es, 2, 0x81, CSPDM_E_RESERVED, "Param1", 2);
		expect_at(dec_end, es, 3, 0x01, CSPDM_E_RESERVED, "Param2", 3);
		expect_at(dec_end, es, 1, SPDM_END_SESSION_ACK, CSPDM_E_RESPONSE_CODE,
			  "RequestResponseCode", 1);
	}
}

int main(void)
{
	/* clang-format off */
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_simple),
		cmocka_unit_test(test_simple_invalid),
		cmocka_unit_test(test_simple_other_codes),
		cmocka_unit_test(test_v10),
		cmocka_unit_test(test_key_update),
		cmocka_unit_test(test_key_update_invalid),
		cmocka_unit_test(test_end_session),
	};
	/* clang-format on */

	return cmocka_run_group_tests(tests, NULL, NULL);
}
