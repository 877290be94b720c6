/* SPDX-License-Identifier: BSD-3-Clause */
/* RESPOND_IF_READY (DSP0274 Table 61). */
#include "proof.h"

void main(void)
{
	struct spdm_neg n;
	struct spdm_respond_if_ready q;
	size_t len;
	const uint8_t *msg = proof_msg(PROOF_MAX_MSG, &len);

	proof_neg(&n);
	spdm_dec_respond_if_ready(&n, msg, len, &q, proof_err());
}
