/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The bounded writer (src/codec/writer.c): any sequence of writes, and length patches at any
 * offset, into storage of any capacity (or none). Copies and zero fills take a few constant
 * sizes, as Eva does not relate a pointer to a length known only at run time; WP proves them
 * for every size (the contracts in writer.h). Not an entry point for device bytes, but every
 * encoder builds on it.
 */
#include "proof.h"

#include "codec/writer.h"

static void one_write(struct wr *w, const uint8_t *src)
{
	size_t n = Frama_C_unsigned_long_interval(0, SIZE_MAX);

	switch (Frama_C_interval(0, 11)) {
	case 0:
		wr_u8(w, proof_u8());
		break;
	case 1:
		wr_u16le(w, (uint16_t)proof_u32());
		break;
	case 2:
		wr_u24le(w, proof_u32());
		break;
	case 3:
		wr_u32le(w, proof_u32());
		break;
	case 4:
		wr_u16be(w, (uint16_t)proof_u32());
		break;
	case 5:
		wr_u32be(w, proof_u32());
		break;
	case 6:
		wr_bytes(w, src, CSPDM_MAX_SIG_SIZE);
		break;
	case 7:
		wr_zero(w, 8);
		break;
	case 10:
		wr_bytes(w, src, 1);
		break;
	case 11:
		wr_bytes(w, src, 0);
		break;
	case 8:
		wr_patch_u16le(w, n, (uint16_t)proof_u32());
		break;
	default:
		wr_ok(w);
		break;
	}
}

void main(void)
{
	static uint8_t src[CSPDM_MAX_SIG_SIZE];
	struct wr w;
	size_t cap;
	uint8_t *buf = (uint8_t *)proof_msg(PROOF_MAX_MSG, &cap);

	proof_unknown(src, sizeof(src));
	wr_init(&w, buf, cap);
	while (Frama_C_interval(0, 1))
		one_write(&w, src);
}
