/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The bounded reader (src/codec/reader.c) on its own: any sequence of reads, on a message of
 * any length (or none), including reads after a failure. Views and skips take any size.
 * Copies and zero checks take the sizes decoders use, each a constant: Eva does not relate a
 * pointer to a length known only at run time. WP proves every rd_* function for every size
 * (the contracts in reader.h).
 */
#include "proof.h"

#include "codec/reader.h"

static void one_read(struct rd *r, uint8_t dst[CSPDM_NONCE_SIZE])
{
	size_t n = Frama_C_unsigned_long_interval(0, SIZE_MAX), bad;
	uint8_t v8;
	uint16_t v16;
	uint32_t v32;
	const uint8_t *view;

	switch (Frama_C_interval(0, 18)) {
	case 0:
		rd_u8(r, "u8", &v8);
		break;
	case 1:
		rd_u16le(r, "u16le", &v16);
		break;
	case 2:
		rd_u24le(r, "u24le", &v32);
		break;
	case 3:
		rd_u32le(r, "u32le", &v32);
		break;
	case 4:
		rd_u16be(r, "u16be", &v16);
		break;
	case 5:
		rd_u32be(r, "u32be", &v32);
		break;
	case 6:
		rd_bytes(r, "bytes", dst, CSPDM_NONCE_SIZE);
		break;
	case 14:
		rd_bytes(r, "bytes", dst, CSPDM_REQ_CONTEXT_SIZE);
		break;
	case 15:
		rd_bytes(r, "bytes", dst, 0);
		break;
	case 7:
		rd_view(r, "view", n, &view);
		break;
	case 8:
		rd_skip(r, "skip", n);
		break;
	case 9:
		rd_zero(r, "zero", 1, proof_or_null(&bad));
		break;
	case 16:
		rd_zero(r, "zero", 7, proof_or_null(&bad));
		break;
	case 17:
		rd_zero(r, "zero", 0, proof_or_null(&bad));
		break;
	case 10:
		rd_remaining(r);
		break;
	case 11:
		rd_offset(r);
		break;
	case 12:
		rd_at_end(r, n);
		break;
	default:
		rd_fail(r, "semantic check");
		break;
	}
}

void main(void)
{
	static uint8_t dst[CSPDM_NONCE_SIZE];
	struct rd r;
	size_t len;
	const uint8_t *msg = proof_msg(PROOF_MAX_MSG, &len);

	rd_init(&r, msg, len);
	while (Frama_C_interval(0, 1))
		one_read(&r, dst);
}
