/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The bounded reader: the only door through which device bytes enter cspdm (DESIGN.md rule 1).
 * Every read checks the remaining length. A failure is sticky: after the first bad read every
 * later read fails too, and the reader remembers the offset and field of the first failure.
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

void rd_init(struct rd *r, const uint8_t *buf, size_t len);
bool rd_u8(struct rd *r, const char *field, uint8_t *v);
bool rd_u16le(struct rd *r, const char *field, uint16_t *v);
bool rd_u24le(struct rd *r, const char *field, uint32_t *v);
bool rd_u32le(struct rd *r, const char *field, uint32_t *v);
bool rd_u64le(struct rd *r, const char *field, uint64_t *v);
bool rd_u16be(struct rd *r, const char *field, uint16_t *v);
bool rd_u32be(struct rd *r, const char *field, uint32_t *v);
/* Copy n bytes out. */
bool rd_bytes(struct rd *r, const char *field, uint8_t *dst, size_t n);
/* Borrow a view of the next n bytes (valid while the buffer lives). */
bool rd_view(struct rd *r, const char *field, size_t n, const uint8_t **view);
bool rd_skip(struct rd *r, const char *field, size_t n);
/* Skip n bytes that must be zero; returns false (without failing the reader) if any is not. */
bool rd_zero(struct rd *r, const char *field, size_t n, size_t *bad_off);
size_t rd_remaining(const struct rd *r);
size_t rd_offset(const struct rd *r);
/* True if the rest is at most max_pad bytes, all zero (transport padding). */
bool rd_at_end(const struct rd *r, size_t max_pad);
/* Mark the reader failed at the current offset (a semantic check failed). */
void rd_fail(struct rd *r, const char *field);

#endif
