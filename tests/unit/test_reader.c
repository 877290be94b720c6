/* SPDX-License-Identifier: BSD-3-Clause */
/* The bounded reader (src/codec/reader.c): bounds, byte order, sticky failure, padding. */
#include "testutil.h"

#include <stdlib.h>
#include <string.h>

#include "codec/reader.h"

static const uint8_t seq[8] = {0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08};

/* A heap copy of exactly len bytes, so ASan catches any read past the end. */
static uint8_t *exact(const uint8_t *src, size_t len)
{
	uint8_t *p = malloc(len ? len : 1);

	assert_non_null(p);
	if (len)
		memcpy(p, src, len);
	return p;
}

static void assert_failed_at(const struct rd *r, size_t off, const char *field)
{
	assert_true(r->failed);
	assert_int_equal(rd_offset(r), off);
	assert_int_equal(r->fail_off, off);
	assert_string_equal(r->fail_field, field);
	assert_int_equal(rd_remaining(r), 0);
	assert_false(rd_at_end(r, 100));
}

/* ---- init ----------------------------------------------------------------------------------- */

static void test_init(void **state)
{
	struct rd r;

	(void)state;
	rd_init(&r, seq, sizeof(seq));
	assert_false(r.failed);
	assert_null(r.fail_field);
	assert_int_equal(rd_offset(&r), 0);
	assert_int_equal(rd_remaining(&r), 8);
	assert_false(rd_at_end(&r, 0));
	assert_false(rd_at_end(&r, 7));
}

static void test_init_null_is_empty(void **state)
{
	struct rd r;
	uint8_t v = 0x5A;

	(void)state;
	rd_init(&r, NULL, 100);
	assert_int_equal(rd_remaining(&r), 0);
	assert_true(rd_at_end(&r, 0));
	assert_false(rd_u8(&r, "x", &v));
	assert_int_equal(v, 0x5A);
	assert_failed_at(&r, 0, "x");
}

static void test_empty_buffer(void **state)
{
	struct rd r;
	uint8_t v = 0;

	(void)state;
	rd_init(&r, seq, 0);
	assert_true(rd_at_end(&r, 0));
	assert_false(rd_u8(&r, "first", &v));
	assert_failed_at(&r, 0, "first");
}

/* ---- integer reads: values, exact length, one past ----------------------------------------- */

enum int_kind { U8, U16LE, U24LE, U32LE, U16BE, U32BE };

struct int_case {
	enum int_kind kind;
	size_t width;
	uint32_t expect; /* value read from seq[] */
};

static const struct int_case int_cases[] = {
    {U8, 1, 0x01},	    {U16LE, 2, 0x0201}, {U24LE, 3, 0x030201},
    {U32LE, 4, 0x04030201}, {U16BE, 2, 0x0102}, {U32BE, 4, 0x01020304},
};

/* Reads one integer of the given kind; *v is written only on success. */
static bool read_int(struct rd *r, enum int_kind kind, const char *field, uint32_t *v)
{
	uint8_t v8;
	uint16_t v16;
	bool ok;

	switch (kind) {
	case U8:
		ok = rd_u8(r, field, &v8);
		if (ok)
			*v = v8;
		return ok;
	case U16LE:
	case U16BE:
		ok = kind == U16LE ? rd_u16le(r, field, &v16) : rd_u16be(r, field, &v16);
		if (ok)
			*v = v16;
		return ok;
	case U24LE:
		return rd_u24le(r, field, v);
	case U32LE:
		return rd_u32le(r, field, v);
	default:
		return rd_u32be(r, field, v);
	}
}

static void test_int_values_and_bounds(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(int_cases) / sizeof(int_cases[0]); i++) {
		const struct int_case *c = &int_cases[i];
		uint8_t *buf;
		struct rd r;
		uint32_t v;

		/* exactly width bytes: succeeds and lands at the end */
		buf = exact(seq, c->width);
		rd_init(&r, buf, c->width);
		v = 0xEEEEEEEE;
		assert_true(read_int(&r, c->kind, "f", &v));
		assert_int_equal(v, c->expect);
		assert_int_equal(rd_offset(&r), c->width);
		assert_int_equal(rd_remaining(&r), 0);
		assert_true(rd_at_end(&r, 0));
		free(buf);

		/* one byte short: fails at offset 0, output untouched */
		buf = exact(seq, c->width - 1);
		rd_init(&r, buf, c->width - 1);
		v = 0xEEEEEEEE;
		assert_false(read_int(&r, c->kind, "short", &v));
		assert_int_equal(v, 0xEEEEEEEE);
		assert_failed_at(&r, 0, "short");
		free(buf);
	}
}

static void test_high_bytes(void **state)
{
	static const uint8_t ff[4] = {0xFF, 0xFE, 0x80, 0x81};
	struct rd r;
	uint16_t v16;
	uint32_t v32;

	(void)state;
	rd_init(&r, ff, 4);
	assert_true(rd_u32le(&r, "a", &v32));
	assert_int_equal(v32, 0x8180FEFFu);
	rd_init(&r, ff, 4);
	assert_true(rd_u32be(&r, "a", &v32));
	assert_int_equal(v32, 0xFFFE8081u);
	rd_init(&r, ff, 4);
	assert_true(rd_u24le(&r, "a", &v32));
	assert_int_equal(v32, 0x80FEFFu);
	rd_init(&r, ff, 4);
	assert_true(rd_u16le(&r, "a", &v16));
	assert_int_equal(v16, 0xFEFF);
	assert_true(rd_u16be(&r, "b", &v16));
	assert_int_equal(v16, 0x8081);
}

static void test_sequential_reads(void **state)
{
	struct rd r;
	uint8_t v8;
	uint16_t v16;
	uint32_t v32;

	(void)state;
	rd_init(&r, seq, sizeof(seq));
	assert_true(rd_u8(&r, "a", &v8));
	assert_int_equal(v8, 0x01);
	assert_true(rd_u16le(&r, "b", &v16));
	assert_int_equal(v16, 0x0302);
	assert_true(rd_u24le(&r, "c", &v32));
	assert_int_equal(v32, 0x060504);
	assert_int_equal(rd_offset(&r), 6);
	assert_int_equal(rd_remaining(&r), 2);
	assert_true(rd_u16be(&r, "d", &v16));
	assert_int_equal(v16, 0x0708);
	assert_true(rd_at_end(&r, 0));
}

/* ---- byte runs ------------------------------------------------------------------------------ */

static void test_bytes(void **state)
{
	uint8_t *buf = exact(seq, sizeof(seq));
	uint8_t dst[8];
	struct rd r;

	(void)state;
	rd_init(&r, buf, 8);
	memset(dst, 0xEE, sizeof(dst));
	assert_true(rd_bytes(&r, "zero", dst, 0));
	assert_int_equal(dst[0], 0xEE);
	assert_int_equal(rd_offset(&r), 0);
	assert_true(rd_bytes(&r, "three", dst, 3));
	assert_memory_equal(dst, seq, 3);
	assert_int_equal(dst[3], 0xEE);
	assert_true(rd_bytes(&r, "five", dst, 5)); /* exactly the rest */
	assert_memory_equal(dst, seq + 3, 5);
	assert_true(rd_at_end(&r, 0));
	assert_true(rd_bytes(&r, "none", dst, 0)); /* zero bytes at the end is fine */
	free(buf);

	buf = exact(seq, 8);
	rd_init(&r, buf, 8);
	memset(dst, 0xEE, sizeof(dst));
	assert_true(rd_bytes(&r, "two", dst, 2));
	assert_false(rd_bytes(&r, "seven", dst, 7)); /* one past */
	assert_int_equal(dst[2], 0xEE);
	assert_failed_at(&r, 2, "seven");
	free(buf);
}

static void test_view(void **state)
{
	const uint8_t *v = NULL;
	struct rd r;

	(void)state;
	rd_init(&r, seq, 8);
	assert_true(rd_skip(&r, "s", 2));
	assert_true(rd_view(&r, "v", 6, &v));
	assert_ptr_equal(v, seq + 2);
	assert_true(rd_at_end(&r, 0));

	rd_init(&r, seq, 8);
	v = NULL;
	assert_false(rd_view(&r, "big", 9, &v));
	assert_null(v);
	assert_failed_at(&r, 0, "big");
}

static void test_skip(void **state)
{
	struct rd r;
	uint8_t v;

	(void)state;
	rd_init(&r, seq, 8);
	assert_true(rd_skip(&r, "s", 0));
	assert_true(rd_skip(&r, "s", 7));
	assert_int_equal(rd_offset(&r), 7);
	assert_true(rd_u8(&r, "last", &v));
	assert_int_equal(v, 0x08);

	rd_init(&r, seq, 8);
	assert_true(rd_skip(&r, "s", 3));
	assert_false(rd_skip(&r, "past", 6));
	assert_failed_at(&r, 3, "past");
}

/* A huge length must not wrap the bounds check. */
static void test_huge_lengths(void **state)
{
	const uint8_t *v = NULL;
	struct rd r;

	(void)state;
	rd_init(&r, seq, 8);
	assert_true(rd_skip(&r, "s", 1));
	assert_false(rd_skip(&r, "huge", SIZE_MAX));
	assert_failed_at(&r, 1, "huge");

	rd_init(&r, seq, 8);
	assert_true(rd_skip(&r, "s", 4));
	assert_false(rd_view(&r, "wrap", SIZE_MAX - 2, &v));
	assert_failed_at(&r, 4, "wrap");
}

/* ---- rd_zero -------------------------------------------------------------------------------- */

static void test_zero(void **state)
{
	static const uint8_t z[6] = {0, 0, 0, 0, 0x40, 0};
	size_t bad = 99;
	struct rd r;

	(void)state;
	rd_init(&r, z, sizeof(z));
	assert_true(rd_zero(&r, "Reserved", 4, &bad));
	assert_int_equal(bad, 99);
	assert_int_equal(rd_offset(&r), 4);

	/* a nonzero byte: false, offset of that byte, reader not failed, bytes consumed */
	rd_init(&r, z, sizeof(z));
	assert_true(rd_skip(&r, "s", 2));
	assert_false(rd_zero(&r, "Reserved", 4, &bad));
	assert_int_equal(bad, 4);
	assert_false(r.failed);
	assert_int_equal(rd_offset(&r), 6);

	/* bad_off may be NULL */
	rd_init(&r, z, sizeof(z));
	assert_false(rd_zero(&r, "Reserved", 5, NULL));
	assert_false(r.failed);

	/* beyond the end: the reader fails and bad_off is untouched */
	rd_init(&r, z, 4);
	bad = 99;
	assert_true(rd_skip(&r, "s", 1));
	assert_false(rd_zero(&r, "Reserved", 4, &bad));
	assert_int_equal(bad, 99);
	assert_failed_at(&r, 1, "Reserved");
}

/* ---- u64: all eight bytes or none ----------------------------------------------------------- */

static void test_u64le(void **state)
{
	static const uint8_t b[12] = {0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x88, 0xAA, 0xBB};
	uint8_t *buf = exact(b, sizeof(b));
	uint64_t v = 0;
	size_t len;
	struct rd r;

	(void)state;
	rd_init(&r, buf, 8);
	assert_true(rd_u64le(&r, "v", &v));
	assert_true(v == 0x8807060504030201ULL);
	assert_int_equal(rd_offset(&r), 8);

	/* 4 to 7 bytes left: nothing consumed, the failure at the field's start, v untouched */
	for (len = 4; len < 8; len++) {
		uint16_t v16 = 0;

		rd_init(&r, buf, len + 2);
		assert_true(rd_u16le(&r, "before", &v16));
		v = 0x5A;
		assert_false(rd_u64le(&r, "u64", &v));
		assert_true(v == 0x5A);
		assert_failed_at(&r, 2, "u64");
	}
	free(buf);
}

/* ---- sticky failure ------------------------------------------------------------------------- */

static void test_sticky_failure(void **state)
{
	uint8_t *buf = exact(seq, 5);
	const uint8_t *v = NULL;
	uint8_t v8 = 0, dst[2] = {0xEE, 0xEE};
	uint16_t v16 = 0;
	uint32_t v32 = 0;
	size_t bad = 77;
	struct rd r;

	(void)state;
	rd_init(&r, buf, 5);
	assert_true(rd_u16le(&r, "first", &v16));
	assert_false(rd_u32le(&r, "second", &v32)); /* 3 bytes left, wants 4 */
	assert_failed_at(&r, 2, "second");

	/* three bytes remain in the buffer, yet every later read fails */
	v8 = 0x5A;
	assert_false(rd_u8(&r, "third", &v8));
	assert_int_equal(v8, 0x5A);
	assert_false(rd_u16le(&r, "x", &v16));
	assert_false(rd_u16be(&r, "x", &v16));
	assert_int_equal(v16, 0x0201); /* still the value of the first read */
	v32 = 0xCAFE;
	assert_false(rd_u24le(&r, "x", &v32));
	assert_false(rd_u32le(&r, "x", &v32));
	assert_false(rd_u32be(&r, "x", &v32));
	assert_int_equal(v32, 0xCAFE);
	assert_false(rd_bytes(&r, "x", dst, 1));
	assert_int_equal(dst[0], 0xEE);
	assert_false(rd_view(&r, "x", 1, &v));
	assert_null(v);
	assert_false(rd_skip(&r, "x", 0));
	assert_false(rd_zero(&r, "x", 0, &bad));
	assert_int_equal(bad, 77);
	rd_fail(&r, "later");

	/* still the first failure */
	assert_failed_at(&r, 2, "second");
	assert_int_equal(r.off, 2);
	free(buf);
}

static void test_rd_fail(void **state)
{
	struct rd r;
	uint8_t v;

	(void)state;
	rd_init(&r, seq, 8);
	assert_true(rd_skip(&r, "s", 3));
	rd_fail(&r, "semantic");
	assert_failed_at(&r, 3, "semantic");
	assert_false(rd_u8(&r, "next", &v));
	rd_fail(&r, "again");
	assert_failed_at(&r, 3, "semantic");
}

/* ---- rd_at_end and padding ------------------------------------------------------------------ */

struct pad_case {
	const char *rest; /* hex of the bytes after the message */
	size_t max_pad;
	bool at_end;
};

static const struct pad_case pad_cases[] = {
    {"", 0, true},	    {"", 3, true},	    {"00", 0, false},	       {"00", 1, true},
    {"00 00 00", 3, true},  {"00 00 00", 2, false}, {"00 00 00 00", 3, false}, {"01", 3, false},
    {"00 00 01", 3, false}, {"80 00 00", 3, false}, {"00 00 00 00", 4, true},  {"FF", 0, false},
};

static void test_at_end_padding(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(pad_cases) / sizeof(pad_cases[0]); i++) {
		uint8_t msg[16] = {0xAA, 0xBB};
		int n = tu_hex(pad_cases[i].rest, msg + 2, sizeof(msg) - 2);
		struct rd r;

		assert_true(n >= 0);
		rd_init(&r, msg, 2 + (size_t)n);
		assert_true(rd_skip(&r, "msg", 2));
		assert_int_equal(rd_at_end(&r, pad_cases[i].max_pad), pad_cases[i].at_end);
		/* rd_at_end does not consume anything */
		assert_int_equal(rd_offset(&r), 2);
		assert_int_equal(rd_remaining(&r), (size_t)n);
	}
}

int main(void)
{
	/* clang-format off */
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_init),
		cmocka_unit_test(test_init_null_is_empty),
		cmocka_unit_test(test_empty_buffer),
		cmocka_unit_test(test_int_values_and_bounds),
		cmocka_unit_test(test_high_bytes),
		cmocka_unit_test(test_sequential_reads),
		cmocka_unit_test(test_bytes),
		cmocka_unit_test(test_view),
		cmocka_unit_test(test_skip),
		cmocka_unit_test(test_huge_lengths),
		cmocka_unit_test(test_zero),
		cmocka_unit_test(test_u64le),
		cmocka_unit_test(test_sticky_failure),
		cmocka_unit_test(test_rd_fail),
		cmocka_unit_test(test_at_end_padding),
	};
	/* clang-format on */

	return cmocka_run_group_tests(tests, NULL, NULL);
}
