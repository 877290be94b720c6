/* SPDX-License-Identifier: BSD-3-Clause */
#include "writer.h"

void wr_init(struct wr *w, uint8_t *buf, size_t cap)
{
	w->buf = buf;
	w->cap = buf ? cap : 0;
	w->len = 0;
	w->overflow = false;
}

/*@ requires wr_writable(w);
    assigns w->len, w->overflow;
    behavior put:
      assumes wr_fits(w, n);
      ensures wr_put{Old, Here}(w, n);
      ensures \result == w->buf + \old(w->len) && \valid(\result + (0 .. n - 1));
    behavior refused:
      assumes !wr_fits(w, n);
      ensures wr_refused{Old, Here}(w) && \result == \null;
    complete behaviors;
    disjoint behaviors;
*/
static uint8_t *room(struct wr *w, size_t n)
{
	uint8_t *p;

	/* len <= cap always holds; written so that no subtraction can wrap */
	if (w->overflow || w->len > w->cap || n > w->cap || w->len > w->cap - n) {
		w->overflow = true;
		return NULL;
	}
	p = w->buf + w->len;
	w->len += n;
	return p;
}

void wr_u8(struct wr *w, uint8_t v)
{
	uint8_t *p = room(w, 1);

	if (p)
		p[0] = v;
}

void wr_u16le(struct wr *w, uint16_t v)
{
	uint8_t *p = room(w, 2);

	if (p) {
		p[0] = (uint8_t)v;
		p[1] = (uint8_t)(v >> 8);
	}
}

void wr_u24le(struct wr *w, uint32_t v)
{
	uint8_t *p = room(w, 3);

	if (p) {
		p[0] = (uint8_t)v;
		p[1] = (uint8_t)(v >> 8);
		p[2] = (uint8_t)(v >> 16);
	}
}

void wr_u32le(struct wr *w, uint32_t v)
{
	uint8_t *p = room(w, 4);

	if (p) {
		p[0] = (uint8_t)v;
		p[1] = (uint8_t)(v >> 8);
		p[2] = (uint8_t)(v >> 16);
		p[3] = (uint8_t)(v >> 24);
	}
}

void wr_u64le(struct wr *w, uint64_t v)
{
	uint8_t *p = room(w, 8); /* all 8 bytes or none */

	if (p) {
		p[0] = (uint8_t)v;
		p[1] = (uint8_t)(v >> 8);
		p[2] = (uint8_t)(v >> 16);
		p[3] = (uint8_t)(v >> 24);
		p[4] = (uint8_t)(v >> 32);
		p[5] = (uint8_t)(v >> 40);
		p[6] = (uint8_t)(v >> 48);
		p[7] = (uint8_t)(v >> 56);
	}
}

void wr_u16be(struct wr *w, uint16_t v)
{
	uint8_t *p = room(w, 2);

	if (p) {
		p[0] = (uint8_t)(v >> 8);
		p[1] = (uint8_t)v;
	}
}

void wr_u32be(struct wr *w, uint32_t v)
{
	uint8_t *p = room(w, 4);

	if (p) {
		p[0] = (uint8_t)(v >> 24);
		p[1] = (uint8_t)(v >> 16);
		p[2] = (uint8_t)(v >> 8);
		p[3] = (uint8_t)v;
	}
}

void wr_bytes(struct wr *w, const uint8_t *src, size_t n)
{
	uint8_t *p = room(w, n);
	size_t i;

	if (!p)
		return;
	/*@ loop invariant 0 <= i <= n;
	    loop invariant \forall integer j; 0 <= j < i ==> p[j] == src[j];
	    loop assigns i, p[0 .. n - 1];
	    loop variant n - i;
	*/
	for (i = 0; i < n; i++)
		p[i] = src[i];
}

void wr_zero(struct wr *w, size_t n)
{
	uint8_t *p = room(w, n);
	size_t i;

	if (!p)
		return;
	/*@ loop invariant 0 <= i <= n;
	    loop assigns i, p[0 .. n - 1];
	    loop variant n - i;
	*/
	for (i = 0; i < n; i++)
		p[i] = 0;
}

void wr_patch_u16le(struct wr *w, size_t at, uint16_t v)
{
	if (w->overflow || w->len > w->cap || w->len < 2 || at > w->len - 2)
		return;
	w->buf[at] = (uint8_t)v;
	w->buf[at + 1] = (uint8_t)(v >> 8);
}

bool wr_ok(const struct wr *w)
{
	return !w->overflow;
}
