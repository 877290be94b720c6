/* SPDX-License-Identifier: BSD-3-Clause */
/* NEGOTIATE_ALGORITHMS (DSP0274 Table 15). */
#include "proof.h"

void main(void)
{
	struct spdm_neg n;
	struct spdm_neg_algs_req a;
	size_t len;
	const uint8_t *msg = proof_msg(PROOF_MAX_MSG, &len);

	proof_neg(&n);
	spdm_dec_neg_algs(&n, msg, len, &a, proof_err());
}
