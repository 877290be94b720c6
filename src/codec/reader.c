/* SPDX-License-Identifier: BSD-3-Clause */
#include "reader.h"

void rd_init(struct rd *r, const uint8_t *buf, size_t len)
{
	r->buf = buf;
	r->len = buf ? len : 0;
	r->off = 0;
	r->failed = false;
	r->fail_off = 0;
	r->fail_field = NULL;
}

void rd_fail(struct rd *r, const char *field)
{
	if (r->failed)
		return;
	r->failed = true;
	r->fail_off = r->off;
	r->fail_field = field;
}

/*
 * The single bounds check: n more bytes must be there. off <= len always holds; the check says
 * so first, and is written so that no subtraction can wrap, which lets Eva follow it too.
 */
/*@ requires \valid(r) && rd_readable(r);
    assigns r->off, r->failed, r->fail_off, r->fail_field;
    behavior read:
      assumes rd_fits(r, n);
      ensures \result != \null && rd_took{Old, Here}(r, n);
      ensures \valid_read(\result + (0 .. n - 1));
      ensures r->buf != \null ==> \result == r->buf + \old(r->off);
    behavior refused:
      assumes !rd_fits(r, n);
      ensures \result == \null && rd_refused{Old, Here}(r, field);
    complete behaviors;
    disjoint behaviors;
*/
static const uint8_t *take(struct rd *r, const char *field, size_t n)
{
	const uint8_t *p;

	if (r->failed)
		return NULL;
	if (r->off > r->len || n > r->len || r->off > r->len - n) {
		rd_fail(r, field);
		return NULL;
	}
	if (!r->buf) {
		static const uint8_t empty[1];

		return empty; /* n == 0 on an empty reader: no arithmetic on NULL */
	}
	p = r->buf + r->off;
	r->off += n;
	return p;
}

bool rd_u8(struct rd *r, const char *field, uint8_t *v)
{
	const uint8_t *p = take(r, field, 1);

	if (!p)
		return false;
	*v = p[0];
	return true;
}

bool rd_u16le(struct rd *r, const char *field, uint16_t *v)
{
	const uint8_t *p = take(r, field, 2);

	if (!p)
		return false;
	*v = (uint16_t)(p[0] | ((unsigned)p[1] << 8));
	return true;
}

bool rd_u24le(struct rd *r, const char *field, uint32_t *v)
{
	const uint8_t *p = take(r, field, 3);

	if (!p)
		return false;
	*v = (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16);
	return true;
}

bool rd_u32le(struct rd *r, const char *field, uint32_t *v)
{
	const uint8_t *p = take(r, field, 4);

	if (!p)
		return false;
	*v = (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) |
	     ((uint32_t)p[3] << 24);
	return true;
}

bool rd_u64le(struct rd *r, const char *field, uint64_t *v)
{
	const uint8_t *p = take(r, field, 8); /* all 8 bytes or none */

	if (!p)
		return false;
	*v = (uint64_t)p[0] | ((uint64_t)p[1] << 8) | ((uint64_t)p[2] << 16) |
	     ((uint64_t)p[3] << 24) | ((uint64_t)p[4] << 32) | ((uint64_t)p[5] << 40) |
	     ((uint64_t)p[6] << 48) | ((uint64_t)p[7] << 56);
	return true;
}

bool rd_u16be(struct rd *r, const char *field, uint16_t *v)
{
	const uint8_t *p = take(r, field, 2);

	if (!p)
		return false;
	*v = (uint16_t)(((unsigned)p[0] << 8) | p[1]);
	return true;
}

bool rd_u32be(struct rd *r, const char *field, uint32_t *v)
{
	const uint8_t *p = take(r, field, 4);

	if (!p)
		return false;
	*v = ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) | ((uint32_t)p[2] << 8) |
	     (uint32_t)p[3];
	return true;
}

bool rd_bytes(struct rd *r, const char *field, uint8_t *dst, size_t n)
{
	const uint8_t *p = take(r, field, n);
	size_t i;

	if (!p)
		return false;
	/*@ loop invariant 0 <= i <= n;
	    loop assigns i, dst[0 .. n - 1];
	    loop variant n - i;
	*/
	for (i = 0; i < n; i++)
		dst[i] = p[i];
	return true;
}

bool rd_view(struct rd *r, const char *field, size_t n, const uint8_t **view)
{
	const uint8_t *p = take(r, field, n);

	if (!p)
		return false;
	*view = p;
	return true;
}

bool rd_skip(struct rd *r, const char *field, size_t n)
{
	return take(r, field, n) != NULL;
}

bool rd_zero(struct rd *r, const char *field, size_t n, size_t *bad_off)
{
	size_t i = r->off;

	if (!take(r, field, n))
		return false;
	/*@ loop invariant \at(r->off, Pre) <= i <= r->off;
	    loop invariant \forall integer j; \at(r->off, Pre) <= j < i ==> r->buf[j] == 0;
	    loop assigns i;
	    loop variant r->off - i;
	*/
	for (; i < r->off; i++) {
		if (r->buf[i]) {
			if (bad_off)
				*bad_off = i;
			return false;
		}
	}
	return true;
}

size_t rd_remaining(const struct rd *r)
{
	return r->failed || r->off > r->len ? 0 : r->len - r->off;
}

size_t rd_offset(const struct rd *r)
{
	return r->failed ? r->fail_off : r->off;
}

bool rd_at_end(const struct rd *r, size_t max_pad)
{
	size_t i;

	if (r->failed || r->off > r->len || (r->len > max_pad && r->off < r->len - max_pad))
		return false;
	/*@ loop invariant r->off <= i <= r->len;
	    loop invariant \forall integer j; r->off <= j < i ==> r->buf[j] == 0;
	    loop assigns i;
	    loop variant r->len - i;
	*/
	for (i = r->off; i < r->len; i++)
		if (r->buf[i])
			return false;
	return true;
}
