/* SPDX-License-Identifier: BSD-3-Clause */
/* Bounded writer: encodes into caller storage; overflow is sticky and reported once. */
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

void wr_init(struct wr *w, uint8_t *buf, size_t cap);
void wr_u8(struct wr *w, uint8_t v);
void wr_u16le(struct wr *w, uint16_t v);
void wr_u24le(struct wr *w, uint32_t v);
void wr_u32le(struct wr *w, uint32_t v);
void wr_u64le(struct wr *w, uint64_t v);
void wr_u16be(struct wr *w, uint16_t v);
void wr_u32be(struct wr *w, uint32_t v);
void wr_bytes(struct wr *w, const uint8_t *src, size_t n);
void wr_zero(struct wr *w, size_t n);
/* Patch a little-endian u16 at an earlier offset (for length fields). */
void wr_patch_u16le(struct wr *w, size_t at, uint16_t v);
bool wr_ok(const struct wr *w);

#endif
