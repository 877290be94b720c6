/* SPDX-License-Identifier: BSD-3-Clause */
/* KEY_UPDATE and KEY_UPDATE_ACK (DSP0274 1.1+), and any other code the caller names. */
#include "proof.h"

void main(void)
{
	struct spdm_neg n;
	struct spdm_key_update k;
	size_t len;
	const uint8_t *msg = proof_msg(PROOF_MAX_MSG, &len);

	proof_neg(&n);
	spdm_dec_key_update(&n, proof_u8(), msg, len, &k, proof_err());
}
