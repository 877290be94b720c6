/* SPDX-License-Identifier: BSD-3-Clause */
/* CHALLENGE_AUTH (DSP0274 Table 33), any hash, signature and summary size. */
#include "proof.h"

void main(void)
{
	struct spdm_neg n;
	struct spdm_challenge_auth a;
	size_t len;
	const uint8_t *msg = proof_msg(PROOF_MAX_MSG, &len);

	proof_neg(&n);
	spdm_dec_challenge_auth(&n, msg, len, &a, proof_err());
}
