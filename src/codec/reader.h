/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The bounded reader: the only door through which device bytes enter cspdm (DESIGN.md rule 1).
 * Every read checks the remaining length. A failure is sticky: after the first bad read every
 * later read fails too, and the reader remembers the offset and field of the first failure.
 *
 * The ACSL contracts below are what every decoder's safety rests on, and WP proves them
 * (make prove): a read that succeeds consumes exactly n bytes, all inside buf[0 .. len - 1];
 * a read that fails consumes nothing, leaves the reader failed and keeps the first failure;
 * the offset only ever moves to a value within the buffer, so it never exceeds the length.
 */
#ifndef CSPDM_READER_H
#define CSPDM_READER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct rd {
	const uint8_t *buf;
	size_t len;
	size_t off;
	bool failed;
	size_t fail_off;
	const char *fail_field;
};

/*@
  // The bytes a reader reads from: buf[0 .. len - 1] (none when len is 0; buf is then NULL or
  // points into or just past an object).
  predicate rd_readable(struct rd *r) =
    \valid_read(r) && \valid_read(r->buf + (0 .. r->len - 1)) &&
    (r->buf == \null ==> r->len == 0) && (r->buf != \null ==> \object_pointer(r->buf + r->len));

  // n more bytes are there, and the reader has not failed.
  predicate rd_fits(struct rd *r, integer n) =
    !r->failed && r->off <= r->len && n <= r->len - r->off;

  // The next n bytes are all zero.
  predicate rd_zeros(struct rd *r, integer n) =
    \forall integer i; r->off <= i < r->off + n ==> r->buf[i] == 0;

  // A read that succeeded: exactly n bytes consumed, the reader still good.
  predicate rd_took{L1, L2}(struct rd *r, integer n) =
    \at(r->off, L2) == \at(r->off, L1) + n && !\at(r->failed, L2);

  // A read that failed: nothing consumed, the reader failed, the first failure kept.
  predicate rd_refused{L1, L2}(struct rd *r, char *field) =
    \at(r->failed, L2) && \at(r->off, L2) == \at(r->off, L1) &&
    (\at(r->failed, L1) ==> \at(r->fail_off, L2) == \at(r->fail_off, L1) &&
			    \at(r->fail_field, L2) == \at(r->fail_field, L1)) &&
    (!\at(r->failed, L1) ==> \at(r->fail_off, L2) == \at(r->off, L1) &&
			     \at(r->fail_field, L2) == field);

  // A read of n bytes that returned res: it took them if they were there, else it refused.
  predicate rd_read{L1, L2}(struct rd *r, char *field, integer n, integer res) =
    (\at(rd_fits(r, n), L1) ==> res != 0 && rd_took{L1, L2}(r, n)) &&
    (!\at(rd_fits(r, n), L1) ==> res == 0 && rd_refused{L1, L2}(r, field));
*/

/*@ requires \valid(r);
    requires buf == \null || (\valid_read(buf + (0 .. len - 1)) && \object_pointer(buf + len));
    assigns *r;
    ensures rd_readable(r) && r->buf == buf && r->len == (buf == \null ? 0 : len);
    ensures r->off == 0 && !r->failed && r->fail_field == \null;
*/
void rd_init(struct rd *r, const uint8_t *buf, size_t len);

/*@ requires \valid(r) && rd_readable(r) && \valid(v) && \separated(v, r);
    assigns r->off, r->failed, r->fail_off, r->fail_field, *v;
    ensures rd_read{Old, Here}(r, field, 1, \result) && (\result == 0 ==> *v == \old(*v));
    ensures \result != 0 ==> *v == \old(r->buf[r->off]);
*/
bool rd_u8(struct rd *r, const char *field, uint8_t *v);

/*@ requires \valid(r) && rd_readable(r) && \valid(v) && \separated(v, r);
    assigns r->off, r->failed, r->fail_off, r->fail_field, *v;
    ensures rd_read{Old, Here}(r, field, 2, \result) && (\result == 0 ==> *v == \old(*v));
*/
bool rd_u16le(struct rd *r, const char *field, uint16_t *v);

/*@ requires \valid(r) && rd_readable(r) && \valid(v) && \separated(v, r);
    assigns r->off, r->failed, r->fail_off, r->fail_field, *v;
    ensures rd_read{Old, Here}(r, field, 3, \result) && (\result == 0 ==> *v == \old(*v));
*/
bool rd_u24le(struct rd *r, const char *field, uint32_t *v);

/*@ requires \valid(r) && rd_readable(r) && \valid(v) && \separated(v, r);
    assigns r->off, r->failed, r->fail_off, r->fail_field, *v;
    ensures rd_read{Old, Here}(r, field, 4, \result) && (\result == 0 ==> *v == \old(*v));
*/
bool rd_u32le(struct rd *r, const char *field, uint32_t *v);

/*@ requires \valid(r) && rd_readable(r) && \valid(v) && \separated(v, r);
    assigns r->off, r->failed, r->fail_off, r->fail_field, *v;
    ensures rd_read{Old, Here}(r, field, 8, \result) && (\result == 0 ==> *v == \old(*v));
*/
bool rd_u64le(struct rd *r, const char *field, uint64_t *v);

/*@ requires \valid(r) && rd_readable(r) && \valid(v) && \separated(v, r);
    assigns r->off, r->failed, r->fail_off, r->fail_field, *v;
    ensures rd_read{Old, Here}(r, field, 2, \result) && (\result == 0 ==> *v == \old(*v));
*/
bool rd_u16be(struct rd *r, const char *field, uint16_t *v);

/*@ requires \valid(r) && rd_readable(r) && \valid(v) && \separated(v, r);
    assigns r->off, r->failed, r->fail_off, r->fail_field, *v;
    ensures rd_read{Old, Here}(r, field, 4, \result) && (\result == 0 ==> *v == \old(*v));
*/
bool rd_u32be(struct rd *r, const char *field, uint32_t *v);

/* Copy n bytes out. */
/*@ requires \valid(r) && rd_readable(r) && \valid(dst + (0 .. n - 1));
    requires \separated(dst + (0 .. n - 1), r);
    requires \separated(dst + (0 .. n - 1), r->buf + (0 .. r->len - 1));
    assigns r->off, r->failed, r->fail_off, r->fail_field, dst[0 .. n - 1];
    ensures rd_read{Old, Here}(r, field, n, \result);
*/
bool rd_bytes(struct rd *r, const char *field, uint8_t *dst, size_t n);

/* Borrow a view of the next n bytes (valid while the buffer lives). */
/*@ requires \valid(r) && rd_readable(r) && \valid(view) && \separated(view, r);
    assigns r->off, r->failed, r->fail_off, r->fail_field, *view;
    behavior read:
      assumes rd_fits(r, n);
      ensures \result != 0 && rd_took{Old, Here}(r, n);
      ensures \valid_read(*view + (0 .. n - 1));
      ensures r->buf != \null ==> *view == r->buf + \old(r->off);
    behavior refused:
      assumes !rd_fits(r, n);
      ensures \result == 0 && rd_refused{Old, Here}(r, field) && *view == \old(*view);
    complete behaviors;
    disjoint behaviors;
*/
bool rd_view(struct rd *r, const char *field, size_t n, const uint8_t **view);

/*@ requires \valid(r) && rd_readable(r);
    assigns r->off, r->failed, r->fail_off, r->fail_field;
    ensures rd_read{Old, Here}(r, field, n, \result);
*/
bool rd_skip(struct rd *r, const char *field, size_t n);

/* Skip n bytes that must be zero; returns false (without failing the reader) if any is not. */
/*@ requires \valid(r) && rd_readable(r);
    requires bad_off == \null || (\valid(bad_off) && \separated(bad_off, r));
    assigns r->off, r->failed, r->fail_off, r->fail_field, *bad_off;
    behavior zero:
      assumes rd_fits(r, n) && rd_zeros(r, n);
      ensures \result != 0 && rd_took{Old, Here}(r, n);
    behavior not_zero:
      assumes rd_fits(r, n) && !rd_zeros(r, n);
      ensures \result == 0 && rd_took{Old, Here}(r, n);
      ensures bad_off != \null ==> \old(r->off) <= *bad_off < \old(r->off) + n &&
				   r->buf[*bad_off] != 0;
    behavior refused:
      assumes !rd_fits(r, n);
      ensures \result == 0 && rd_refused{Old, Here}(r, field);
      ensures bad_off != \null ==> *bad_off == \old(*bad_off);
    complete behaviors;
    disjoint behaviors;
*/
bool rd_zero(struct rd *r, const char *field, size_t n, size_t *bad_off);

/*@ requires rd_readable(r);
    assigns \nothing;
    ensures \result == (r->failed || r->off > r->len ? 0 : r->len - r->off);
*/
size_t rd_remaining(const struct rd *r);

/*@ requires \valid_read(r);
    assigns \nothing;
    ensures \result == (r->failed ? r->fail_off : r->off);
*/
size_t rd_offset(const struct rd *r);

/* True if the rest is at most max_pad bytes, all zero (transport padding). */
/*@ requires rd_readable(r);
    assigns \nothing;
    ensures \result != 0 <==> rd_fits(r, 0) && r->len - r->off <= max_pad &&
			      (\forall integer i; r->off <= i < r->len ==> r->buf[i] == 0);
*/
bool rd_at_end(const struct rd *r, size_t max_pad);

/* Mark the reader failed at the current offset (a semantic check failed). */
/*@ requires \valid(r);
    assigns r->failed, r->fail_off, r->fail_field;
    ensures r->failed;
    ensures \old(r->failed) ==> r->fail_off == \old(r->fail_off) &&
				r->fail_field == \old(r->fail_field);
    ensures !\old(r->failed) ==> r->fail_off == r->off && r->fail_field == field;
*/
void rd_fail(struct rd *r, const char *field);

#endif
