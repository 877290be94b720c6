/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Bounded writer: encodes into caller storage; overflow is sticky and reported once.
 *
 * The ACSL contracts below are proved with WP (make prove): a write that fits appends exactly n
 * bytes inside buf[0 .. cap - 1]; one that does not writes nothing and leaves the writer in
 * overflow, for good; the length only ever moves to a value within the capacity.
 */
#ifndef CSPDM_WRITER_H
#define CSPDM_WRITER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct wr {
	uint8_t *buf;
	size_t cap;
	size_t len;
	bool overflow;
};

/*@
  // The storage a writer writes to: buf[0 .. cap - 1] (none when cap is 0).
  predicate wr_writable(struct wr *w) =
    \valid(w) && \valid(w->buf + (0 .. w->cap - 1)) && \separated(w, w->buf + (0 .. w->cap - 1)) &&
    (w->buf == \null ==> w->cap == 0) && (w->buf != \null ==> \object_pointer(w->buf + w->cap));

  // n more bytes fit, and the writer has not overflowed.
  predicate wr_fits(struct wr *w, integer n) =
    !w->overflow && w->len <= w->cap && n <= w->cap - w->len;

  // A write that fitted: exactly n bytes appended. One that did not: nothing, and overflow.
  predicate wr_put{L1, L2}(struct wr *w, integer n) =
    \at(w->len, L2) == \at(w->len, L1) + n && !\at(w->overflow, L2);
  predicate wr_refused{L1, L2}(struct wr *w) =
    \at(w->overflow, L2) && \at(w->len, L2) == \at(w->len, L1);

  // A write of n bytes: appended if they fitted, else refused.
  predicate wr_wrote{L1, L2}(struct wr *w, integer n) =
    (\at(wr_fits(w, n), L1) ==> wr_put{L1, L2}(w, n)) &&
    (!\at(wr_fits(w, n), L1) ==> wr_refused{L1, L2}(w));
*/

/*@ requires \valid(w);
    requires buf == \null || (\valid(buf + (0 .. cap - 1)) && \object_pointer(buf + cap) &&
			      \separated(w, buf + (0 .. cap - 1)));
    assigns *w;
    ensures wr_writable(w) && w->buf == buf && w->cap == (buf == \null ? 0 : cap);
    ensures w->len == 0 && !w->overflow;
*/
void wr_init(struct wr *w, uint8_t *buf, size_t cap);

/*@ requires wr_writable(w);
    assigns w->len, w->overflow, w->buf[w->len .. w->len + 1 - 1];
    ensures wr_wrote{Old, Here}(w, 1);
*/
void wr_u8(struct wr *w, uint8_t v);

/*@ requires wr_writable(w);
    assigns w->len, w->overflow, w->buf[w->len .. w->len + 2 - 1];
    ensures wr_wrote{Old, Here}(w, 2);
*/
void wr_u16le(struct wr *w, uint16_t v);

/*@ requires wr_writable(w);
    assigns w->len, w->overflow, w->buf[w->len .. w->len + 3 - 1];
    ensures wr_wrote{Old, Here}(w, 3);
*/
void wr_u24le(struct wr *w, uint32_t v);

/*@ requires wr_writable(w);
    assigns w->len, w->overflow, w->buf[w->len .. w->len + 4 - 1];
    ensures wr_wrote{Old, Here}(w, 4);
*/
void wr_u32le(struct wr *w, uint32_t v);

/*@ requires wr_writable(w);
    assigns w->len, w->overflow, w->buf[w->len .. w->len + 8 - 1];
    ensures wr_wrote{Old, Here}(w, 8);
*/
void wr_u64le(struct wr *w, uint64_t v);

/*@ requires wr_writable(w);
    assigns w->len, w->overflow, w->buf[w->len .. w->len + 2 - 1];
    ensures wr_wrote{Old, Here}(w, 2);
*/
void wr_u16be(struct wr *w, uint16_t v);

/*@ requires wr_writable(w);
    assigns w->len, w->overflow, w->buf[w->len .. w->len + 4 - 1];
    ensures wr_wrote{Old, Here}(w, 4);
*/
void wr_u32be(struct wr *w, uint32_t v);

/*@ requires wr_writable(w) && \valid_read(src + (0 .. n - 1));
    requires \separated(src + (0 .. n - 1), w->buf + (0 .. w->cap - 1));
    assigns w->len, w->overflow, w->buf[w->len .. w->len + n - 1];
    ensures wr_wrote{Old, Here}(w, n);
    ensures \at(wr_fits(w, n), Old) ==>
	    (\forall integer i; 0 <= i < n ==> w->buf[\old(w->len) + i] == src[i]);
*/
void wr_bytes(struct wr *w, const uint8_t *src, size_t n);

/*@ requires wr_writable(w);
    assigns w->len, w->overflow, w->buf[w->len .. w->len + n - 1];
    ensures wr_wrote{Old, Here}(w, n);
*/
void wr_zero(struct wr *w, size_t n);

/* Patch a little-endian u16 at an earlier offset (for length fields). */
/*@ requires wr_writable(w);
    assigns w->buf[at .. at + 1];
    ensures w->len == \old(w->len) && w->overflow == \old(w->overflow);
*/
void wr_patch_u16le(struct wr *w, size_t at, uint16_t v);

/*@ requires \valid_read(w);
    assigns \nothing;
    ensures \result != 0 <==> !w->overflow;
*/
bool wr_ok(const struct wr *w);

#endif
