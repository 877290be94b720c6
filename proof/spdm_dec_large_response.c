/* SPDX-License-Identifier: BSD-3-Clause */
/* ERROR LargeResponse (DSP0274 1.2+ ErrorCode 0x0F) and its Handle. */
#include "proof.h"

#include "codec/chunk.h"

void main(void)
{
	struct spdm_neg n;
	uint8_t handle;
	size_t len;
	const uint8_t *msg = proof_msg(PROOF_MAX_MSG, &len);

	proof_neg(&n);
	spdm_dec_large_response(&n, msg, len, &handle, proof_err());
}
