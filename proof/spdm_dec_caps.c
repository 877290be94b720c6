/* SPDX-License-Identifier: BSD-3-Clause */
/* CAPABILITIES (DSP0274 Table 11). */
#include "proof.h"

void main(void)
{
	struct spdm_neg n;
	struct spdm_caps c;
	size_t len;
	const uint8_t *msg = proof_msg(PROOF_MAX_MSG, &len);

	proof_neg(&n);
	spdm_dec_caps(&n, msg, len, &c, proof_err());
}
