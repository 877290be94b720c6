/* SPDX-License-Identifier: BSD-3-Clause */
/* The bounded writer (src/codec/writer.c): byte order, capacity, sticky overflow, patching. */
#include "testutil.h"

#include <stdlib.h>
#include <string.h>

#include "codec/writer.h"

#define GUARD 0xEE

/* ---- one write of each kind ----------------------------------------------------------------- */

enum wkind { W8, W16LE, W24LE, W32LE, W16BE, W32BE, WBYTES, WZERO };

struct wcase {
	enum wkind kind;
	uint32_t v;
	const char *hex; /* expected bytes */
};

static const uint8_t src_bytes[3] = {0xC0, 0xFF, 0xEE};

static const struct wcase wcases[] = {
    {W8, 0xA5, "A5"},
    {W16LE, 0x1234, "34 12"},
    {W24LE, 0xABCDEF, "EF CD AB"},
    {W32LE, 0x89ABCDEF, "EF CD AB 89"},
    {W16BE, 0x1234, "12 34"},
    {W32BE, 0x89ABCDEF, "89 AB CD EF"},
    {WBYTES, 3, "C0 FF EE"},
    {WZERO, 5, "00 00 00 00 00"},
};

static void do_write(struct wr *w, const struct wcase *c)
{
	switch (c->kind) {
	case W8:
		wr_u8(w, (uint8_t)c->v);
		break;
	case W16LE:
		wr_u16le(w, (uint16_t)c->v);
		break;
	case W24LE:
		wr_u24le(w, c->v);
		break;
	case W32LE:
		wr_u32le(w, c->v);
		break;
	case W16BE:
		wr_u16be(w, (uint16_t)c->v);
		break;
	case W32BE:
		wr_u32be(w, c->v);
		break;
	case WBYTES:
		wr_bytes(w, src_bytes, c->v);
		break;
	default:
		wr_zero(w, c->v);
		break;
	}
}

/* Each write, into exactly enough room (ok) and into one byte less (overflow, nothing written). */
static void test_each_write_exact_and_short(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(wcases) / sizeof(wcases[0]); i++) {
		const struct wcase *c = &wcases[i];
		uint8_t expect[8], buf[9];
		int n = tu_hex(c->hex, expect, sizeof(expect));
		struct wr w;

		assert_true(n > 0);
		memset(buf, GUARD, sizeof(buf));
		wr_init(&w, buf, (size_t)n);
		do_write(&w, c);
		assert_true(wr_ok(&w));
		assert_int_equal(w.len, (size_t)n);
		assert_memory_equal(buf, expect, (size_t)n);
		assert_int_equal(buf[n], GUARD);

		memset(buf, GUARD, sizeof(buf));
		wr_init(&w, buf, (size_t)n - 1);
		do_write(&w, c);
		assert_false(wr_ok(&w));
		assert_true(w.overflow);
		assert_int_equal(w.len, 0);
		assert_int_equal(buf[0], GUARD);
	}
}

static void test_init(void **state)
{
	uint8_t buf[4];
	struct wr w;

	(void)state;
	wr_init(&w, buf, sizeof(buf));
	assert_true(wr_ok(&w));
	assert_int_equal(w.len, 0);
	assert_int_equal(w.cap, 4);

	/* NULL storage has no room */
	wr_init(&w, NULL, 100);
	assert_int_equal(w.cap, 0);
	wr_zero(&w, 0);
	assert_true(wr_ok(&w));
	wr_u8(&w, 1);
	assert_false(wr_ok(&w));
}

static void test_sequence(void **state)
{
	uint8_t buf[32], expect[32];
	struct wr w;
	int n;

	(void)state;
	n = tu_hex("01 03 02 06 05 04 0A 09 08 07 0B 0C 0D 0E 0F 10 C0 FF EE 00 00", expect,
		   sizeof(expect));
	assert_int_equal(n, 21);
	wr_init(&w, buf, sizeof(buf));
	wr_u8(&w, 0x01);
	wr_u16le(&w, 0x0203);
	wr_u24le(&w, 0x040506);
	wr_u32le(&w, 0x0708090A);
	wr_u16be(&w, 0x0B0C);
	wr_u32be(&w, 0x0D0E0F10);
	wr_bytes(&w, src_bytes, 3);
	wr_zero(&w, 2);
	wr_bytes(&w, NULL, 0);
	wr_zero(&w, 0);
	assert_true(wr_ok(&w));
	assert_int_equal(w.len, 21);
	assert_memory_equal(buf, expect, 21);
}

/* ---- u64: all eight bytes or none ----------------------------------------------------------- */

static void test_u64le(void **state)
{
	uint8_t buf[10];
	size_t cap;
	struct wr w;

	(void)state;
	memset(buf, GUARD, sizeof(buf));
	wr_init(&w, buf, 8);
	wr_u64le(&w, 0x8807060504030201ULL);
	assert_true(wr_ok(&w));
	assert_int_equal(w.len, 8);
	assert_memory_equal(buf, "\x01\x02\x03\x04\x05\x06\x07\x88", 8);
	assert_int_equal(buf[8], GUARD);

	/* room for 4 to 7 bytes: nothing written, the length unchanged */
	for (cap = 4; cap < 8; cap++) {
		memset(buf, GUARD, sizeof(buf));
		wr_init(&w, buf, cap + 1);
		wr_u8(&w, 0x11);
		wr_u64le(&w, 0x8807060504030201ULL);
		assert_false(wr_ok(&w));
		assert_int_equal(w.len, 1);
		assert_int_equal(buf[1], GUARD);
	}
}

/* ---- overflow is sticky --------------------------------------------------------------------- */

static void test_overflow_sticky(void **state)
{
	uint8_t buf[8];
	struct wr w;

	(void)state;
	memset(buf, GUARD, sizeof(buf));
	wr_init(&w, buf, 5);
	wr_u32le(&w, 0x44332211);
	assert_true(wr_ok(&w));
	wr_u16le(&w, 0x6655); /* needs 2, 1 left */
	assert_false(wr_ok(&w));
	assert_int_equal(w.len, 4);
	assert_int_equal(buf[4], GUARD);

	/* would fit, but the writer has overflowed: nothing more is written */
	wr_u8(&w, 0x77);
	wr_zero(&w, 0);
	wr_bytes(&w, src_bytes, 1);
	assert_false(wr_ok(&w));
	assert_int_equal(w.len, 4);
	assert_int_equal(buf[4], GUARD);
	assert_memory_equal(buf, "\x11\x22\x33\x44", 4);
}

static void test_overflow_huge(void **state)
{
	uint8_t buf[4];
	struct wr w;

	(void)state;
	wr_init(&w, buf, sizeof(buf));
	wr_u8(&w, 1);
	wr_zero(&w, SIZE_MAX); /* must not wrap the room check */
	assert_false(wr_ok(&w));
	assert_int_equal(w.len, 1);

	wr_init(&w, buf, sizeof(buf));
	wr_u16le(&w, 1);
	wr_bytes(&w, src_bytes, SIZE_MAX - 1);
	assert_false(wr_ok(&w));
	assert_int_equal(w.len, 2);
}

/* ---- wr_patch_u16le ------------------------------------------------------------------------- */

static void test_patch(void **state)
{
	uint8_t buf[8];
	struct wr w;

	(void)state;
	memset(buf, GUARD, sizeof(buf));
	wr_init(&w, buf, sizeof(buf));
	wr_zero(&w, 6);
	wr_patch_u16le(&w, 0, 0xBBAA); /* first bytes */
	wr_patch_u16le(&w, 4, 0x2211); /* last two written bytes */
	assert_memory_equal(buf, "\xAA\xBB\x00\x00\x11\x22", 6);
	assert_int_equal(w.len, 6);
	assert_true(wr_ok(&w));

	/* a patch that would run past what was written is ignored */
	wr_patch_u16le(&w, 5, 0x4433);
	wr_patch_u16le(&w, 6, 0x4433);
	wr_patch_u16le(&w, 100, 0x4433);
	wr_patch_u16le(&w, SIZE_MAX, 0x4433);
	wr_patch_u16le(&w, SIZE_MAX - 1, 0x4433);
	assert_memory_equal(buf, "\xAA\xBB\x00\x00\x11\x22", 6);
	assert_int_equal(buf[6], GUARD);
	assert_int_equal(buf[7], GUARD);
	assert_int_equal(w.len, 6);
	assert_true(wr_ok(&w));
}

static void test_patch_after_overflow(void **state)
{
	uint8_t buf[4];
	struct wr w;

	(void)state;
	memset(buf, GUARD, sizeof(buf));
	wr_init(&w, buf, sizeof(buf));
	wr_zero(&w, 3);
	wr_u16le(&w, 0x1234); /* overflows */
	wr_patch_u16le(&w, 0, 0x5678);
	assert_memory_equal(buf, "\x00\x00\x00", 3);
	assert_false(wr_ok(&w));
}

int main(void)
{
	/* clang-format off */
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_init),
		cmocka_unit_test(test_each_write_exact_and_short),
		cmocka_unit_test(test_sequence),
		cmocka_unit_test(test_u64le),
		cmocka_unit_test(test_overflow_sticky),
		cmocka_unit_test(test_overflow_huge),
		cmocka_unit_test(test_patch),
		cmocka_unit_test(test_patch_after_overflow),
	};
	/* clang-format on */

	return cmocka_run_group_tests(tests, NULL, NULL);
}
