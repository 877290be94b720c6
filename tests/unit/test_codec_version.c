/* SPDX-License-Identifier: BSD-3-Clause */
/* GET_VERSION and VERSION (DSP0274 Tables 8-10): vectors, round trips and every failure. */
#include "testutil.h"

#include <stdlib.h>
#include <string.h>

#include "codec/spdm.h"

/* max_pad the decoders under test are given */
static uint32_t g_pad;

/* A heap copy of exactly len bytes, so ASan catches any read past the end. */
typedef cspdm_status (*dec_fn)(const uint8_t *msg, size_t len, cspdm_error *err);

static cspdm_status dec_get_version(const uint8_t *msg, size_t len, cspdm_error *err)
{
	return spdm_dec_get_version(msg, len, g_pad, err);
}

static struct spdm_version_rsp g_ver;

static cspdm_status dec_version(const uint8_t *msg, size_t len, cspdm_error *err)
{
	memset(&g_ver, 0, sizeof(g_ver));
	return spdm_dec_version(msg, len, g_pad, &g_ver, err);
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

/* Every proper prefix of a valid message is TRUNCATED, at an offset inside the prefix. */
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

/* Up to max_pad zero bytes are accepted; one more, or one nonzero byte, is TRAILING. */
static void check_padding(dec_fn dec, const uint8_t *msg, size_t len, uint32_t max_pad)
{
	uint8_t buf[128];
	cspdm_error err;
	uint32_t pad;

	assert_true(len + max_pad + 1 <= sizeof(buf));
	g_pad = max_pad;
	memcpy(buf, msg, len);
	memset(buf + len, 0, max_pad + 1);
	for (pad = 0; pad <= max_pad; pad++)
		assert_int_equal(run(dec, buf, len + pad, &err), CSPDM_OK);
	tu_expect_err(run(dec, buf, len + max_pad + 1, &err), &err, CSPDM_E_TRAILING,
		      "end of message", (uint32_t)len);
	buf[len] = 0x01;
	tu_expect_err(run(dec, buf, len + 1, &err), &err, CSPDM_E_TRAILING, "end of message",
		      (uint32_t)len);
	g_pad = 0;
}

/* ---- GET_VERSION ---------------------------------------------------------------------------- */

static void test_get_version_vector(void **state)
{
	uint8_t buf[8], expect[4];
	size_t n = 0;
	cspdm_error err;

	(void)state;
	tu_hex_must("10 84 00 00", expect, sizeof(expect));
	memset(buf, 0xEE, sizeof(buf));
	assert_int_equal(spdm_enc_get_version(buf, sizeof(buf), &n), CSPDM_OK);
	assert_int_equal(n, 4);
	assert_memory_equal(buf, expect, 4);
	assert_int_equal(buf[4], 0xEE);
	assert_int_equal(run(dec_get_version, expect, 4, &err), CSPDM_OK);

	assert_int_equal(spdm_enc_get_version(buf, 4, &n), CSPDM_OK);
	assert_int_equal(spdm_enc_get_version(buf, 3, &n), CSPDM_E_BUFFER_TOO_SMALL);
}

static void test_get_version_invalid(void **state)
{
	static const struct {
		const char *hex;
		cspdm_status code;
		const char *field;
		uint32_t offset;
	} cases[] = {
	    {"11 84 00 00", CSPDM_E_VERSION_FIELD, "SPDMVersion", 0},
	    {"12 84 00 00", CSPDM_E_VERSION_FIELD, "SPDMVersion", 0},
	    {"10 04 00 00", CSPDM_E_RESPONSE_CODE, "RequestResponseCode", 1},
	    {"10 81 00 00", CSPDM_E_RESPONSE_CODE, "RequestResponseCode", 1},
	    {"10 84 01 00", CSPDM_E_RESERVED, "Param1", 2},
	    {"10 84 00 80", CSPDM_E_RESERVED, "Param2", 3},
	    {"10 84 FF FF", CSPDM_E_RESERVED, "Param1", 2},
	};
	uint8_t msg[8];
	cspdm_error err;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		size_t n = tu_hex_must(cases[i].hex, msg, sizeof(msg));

		tu_expect_err(run(dec_get_version, msg, n, &err), &err, cases[i].code,
			      cases[i].field, cases[i].offset);
	}
}

static void test_get_version_truncated_and_padded(void **state)
{
	uint8_t msg[4];
	cspdm_error err;

	(void)state;
	tu_hex_must("10 84 00 00", msg, sizeof(msg));
	check_truncations(dec_get_version, msg, 4);
	tu_expect_err(run(dec_get_version, msg, 3, &err), &err, CSPDM_E_TRUNCATED, "Param2", 3);
	tu_expect_err(run(dec_get_version, msg, 0, &err), &err, CSPDM_E_TRUNCATED, "SPDMVersion",
		      0);
	check_padding(dec_get_version, msg, 4, 0);
	check_padding(dec_get_version, msg, 4, 3);
}

/* ---- VERSION -------------------------------------------------------------------------------- */

/* VERSION listing 1.0 .. 1.4 (VersionNumberEntry: Major[15:12] Minor[11:8], little-endian). */
static const char *const version_all = "10 04 00 00 00 05 00 10 00 11 00 12 00 13 00 14";

static void test_version_vector(void **state)
{
	static const uint16_t entries[5] = {0x1000, 0x1100, 0x1200, 0x1300, 0x1400};
	struct spdm_version_rsp v;
	uint8_t expect[32], buf[80];
	size_t len = tu_hex_must(version_all, expect, sizeof(expect)), n = 0;
	cspdm_error err;

	(void)state;
	assert_int_equal(len, 16);
	memset(&v, 0, sizeof(v));
	v.count = 5;
	memcpy(v.entries, entries, sizeof(entries));
	assert_int_equal(spdm_enc_version(&v, buf, sizeof(buf), &n), CSPDM_OK);
	assert_int_equal(n, 16);
	assert_memory_equal(buf, expect, 16);
	assert_int_equal(spdm_enc_version(&v, buf, 15, &n), CSPDM_E_BUFFER_TOO_SMALL);

	assert_int_equal(run(dec_version, expect, len, &err), CSPDM_OK);
	assert_int_equal(g_ver.len, 16);
	assert_int_equal(g_ver.count, 5);
	assert_memory_equal(g_ver.entries, entries, sizeof(entries));
}

/* One entry, and the maximum of 32 (with update/alpha nibbles kept as sent). */
static void test_version_roundtrip_counts(void **state)
{
	static const uint8_t counts[] = {1, 2, 31, 32};
	size_t i, j;

	(void)state;
	for (i = 0; i < sizeof(counts); i++) {
		struct spdm_version_rsp v;
		uint8_t buf[80];
		size_t n = 0;
		cspdm_error err;

		memset(&v, 0, sizeof(v));
		v.count = counts[i];
		for (j = 0; j < v.count; j++)
			v.entries[j] = (uint16_t)(0x1000 + j * 0x0111);
		assert_int_equal(spdm_enc_version(&v, buf, sizeof(buf), &n), CSPDM_OK);
		assert_int_equal(n, 6 + 2 * (size_t)v.count);
		assert_int_equal(buf[5], v.count);
		assert_int_equal(run(dec_version, buf, n, &err), CSPDM_OK);
		assert_int_equal(g_ver.len, n);
		assert_int_equal(g_ver.count, v.count);
		assert_memory_equal(g_ver.entries, v.entries, 2 * (size_t)v.count);
	}
}

static void test_version_enc_count_limit(void **state)
{
	struct spdm_version_rsp v;
	uint8_t buf[128];
	size_t n = 0;

	(void)state;
	memset(&v, 0, sizeof(v));
	v.count = SPDM_MAX_VERSION_ENTRIES + 1;
	assert_int_equal(spdm_enc_version(&v, buf, sizeof(buf), &n), CSPDM_E_INVALID_ARG);
}

static void test_version_truncated_and_padded(void **state)
{
	uint8_t msg[32];
	size_t len = tu_hex_must(version_all, msg, sizeof(msg));
	cspdm_error err;

	(void)state;
	check_truncations(dec_version, msg, len);
	tu_expect_err(run(dec_version, msg, 4, &err), &err, CSPDM_E_TRUNCATED, "Reserved", 4);
	tu_expect_err(run(dec_version, msg, 5, &err), &err, CSPDM_E_TRUNCATED,
		      "VersionNumberEntryCount", 5);
	tu_expect_err(run(dec_version, msg, 15, &err), &err, CSPDM_E_TRUNCATED,
		      "VersionNumberEntry", 14);
	check_padding(dec_version, msg, len, 0);
	check_padding(dec_version, msg, len, 3);

	/* the decoded length excludes the padding */
	memset(msg + len, 0, 3);
	g_pad = 3;
	assert_int_equal(run(dec_version, msg, len + 3, &err), CSPDM_OK);
	assert_int_equal(g_ver.len, len);
	g_pad = 0;
}

static void test_version_invalid(void **state)
{
	static const struct {
		const char *hex;
		cspdm_status code;
		const char *field;
		uint32_t offset;
	} cases[] = {
	    /* header */
	    {"11 04 00 00 00 01 00 10", CSPDM_E_VERSION_FIELD, "SPDMVersion", 0},
	    {"10 84 00 00 00 01 00 10", CSPDM_E_RESPONSE_CODE, "RequestResponseCode", 1},
	    {"10 7F 00 00 00 01 00 10", CSPDM_E_RESPONSE_CODE, "RequestResponseCode", 1},
	    /* reserved byte */
	    {"10 04 00 00 01 01 00 10", CSPDM_E_RESERVED, "Reserved", 4},
	    /* count 0: nothing to negotiate */
	    {"10 04 00 00 00 00", CSPDM_E_COUNT, "VersionNumberEntryCount", 5},
	    {"10 04 00 00 00 00 00 10", CSPDM_E_COUNT, "VersionNumberEntryCount", 5},
	    /* count says more entries than there are */
	    {"10 04 00 00 00 03 00 10 00 11", CSPDM_E_TRUNCATED, "VersionNumberEntry", 10},
	    {"10 04 00 00 00 02 00 10 00", CSPDM_E_TRUNCATED, "VersionNumberEntry", 8},
	    /* count says fewer: the rest is trailing */
	    {"10 04 00 00 00 01 00 10 00 11", CSPDM_E_TRAILING, "end of message", 8},
	};
	uint8_t msg[16];
	cspdm_error err;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		size_t n = tu_hex_must(cases[i].hex, msg, sizeof(msg));

		tu_expect_err(run(dec_version, msg, n, &err), &err, cases[i].code, cases[i].field,
			      cases[i].offset);
	}
}

/* 33 entries: over the limit of 32, even with all 33 present. */
static void test_version_count_33(void **state)
{
	uint8_t msg[6 + 2 * 33];
	cspdm_error err;
	size_t i;

	(void)state;
	tu_hex_must("10 04 00 00 00 21", msg, 6);
	for (i = 0; i < 33; i++) {
		msg[6 + 2 * i] = 0;
		msg[7 + 2 * i] = 0x10;
	}
	tu_expect_err(run(dec_version, msg, sizeof(msg), &err), &err, CSPDM_E_COUNT,
		      "VersionNumberEntryCount", 5);
	msg[5] = 0xFF;
	tu_expect_err(run(dec_version, msg, sizeof(msg), &err), &err, CSPDM_E_COUNT,
		      "VersionNumberEntryCount", 5);
	/* 32 of the same entries is fine */
	msg[5] = 32;
	assert_int_equal(run(dec_version, msg, sizeof(msg) - 2, &err), CSPDM_OK);
	assert_int_equal(g_ver.count, 32);
	assert_int_equal(g_ver.entries[31], 0x1000);
}

int main(void)
{
	/* clang-format off */
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_get_version_vector),
		cmocka_unit_test(test_get_version_invalid),
		cmocka_unit_test(test_get_version_truncated_and_padded),
		cmocka_unit_test(test_version_vector),
		cmocka_unit_test(test_version_roundtrip_counts),
		cmocka_unit_test(test_version_enc_count_limit),
		cmocka_unit_test(test_version_truncated_and_padded),
		cmocka_unit_test(test_version_invalid),
		cmocka_unit_test(test_version_count_33),
	};
	/* clang-format on */

	return cmocka_run_group_tests(tests, NULL, NULL);
}
