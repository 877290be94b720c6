/* SPDX-License-Identifier: BSD-3-Clause */
/* CHUNK_SEND_ACK (DSP0274 1.2+), with or without ResponseToLargeRequest. */
#include "proof.h"

#include "codec/chunk.h"

void main(void)
{
	struct spdm_neg n;
	struct spdm_chunk_ack a;
	size_t len;
	const uint8_t *msg = proof_msg(PROOF_MAX_MSG, &len);

	proof_neg(&n);
	spdm_dec_chunk_ack(&n, msg, len, &a, proof_err());
}
