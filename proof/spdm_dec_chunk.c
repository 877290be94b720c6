/* SPDX-License-Identifier: BSD-3-Clause */
/* CHUNK_SEND and CHUNK_RESPONSE (DSP0274 1.2+), and any other code the caller names. */
#include "proof.h"

#include "codec/chunk.h"

void main(void)
{
	struct spdm_neg n;
	struct spdm_chunk c;
	size_t len;
	const uint8_t *msg = proof_msg(PROOF_MAX_MSG, &len);

	proof_neg(&n);
	spdm_dec_chunk(&n, proof_u8(), msg, len, &c, proof_err());
}
