/* SPDX-License-Identifier: BSD-3-Clause */
/* CHUNK_GET (DSP0274 1.2+). */
#include "proof.h"

#include "codec/chunk.h"

void main(void)
{
	struct spdm_neg n;
	struct spdm_chunk_get g;
	size_t len;
	const uint8_t *msg = proof_msg(PROOF_MAX_MSG, &len);

	proof_neg(&n);
	spdm_dec_chunk_get(&n, msg, len, &g, proof_err());
}
