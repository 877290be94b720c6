/* SPDX-License-Identifier: BSD-3-Clause */
/* ALGORITHMS (DSP0274 Table 16) against any offer and any responder capabilities. */
#include "proof.h"

void main(void)
{
	struct spdm_neg n;
	struct spdm_neg_algs_req req;
	struct spdm_algorithms a;
	size_t len;
	const uint8_t *msg = proof_msg(PROOF_MAX_MSG, &len);

	proof_neg(&n);
	proof_unknown(&req, sizeof(req));
	spdm_dec_algorithms(&n, &req, proof_u32(), msg, len, &a, proof_err());
}
