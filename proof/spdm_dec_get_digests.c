/* SPDX-License-Identifier: BSD-3-Clause */
/* GET_DIGESTS (DSP0274 Table 23). */
#include "proof.h"

void main(void)
{
	struct spdm_neg n;
	size_t len;
	const uint8_t *msg = proof_msg(PROOF_MAX_MSG, &len);

	proof_neg(&n);
	spdm_dec_get_digests(&n, msg, len, proof_err());
}
