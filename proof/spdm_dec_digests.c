/* SPDX-License-Identifier: BSD-3-Clause */
/* DIGESTS (DSP0274 Table 24), with and without the 1.3 multi-key arrays. */
#include "proof.h"

void main(void)
{
	struct spdm_neg n;
	struct spdm_digests d;
	size_t len;
	const uint8_t *msg = proof_msg(PROOF_MAX_MSG, &len);

	proof_neg(&n);
	spdm_dec_digests(&n, msg, len, &d, proof_err());
}
