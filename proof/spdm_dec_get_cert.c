/* SPDX-License-Identifier: BSD-3-Clause */
/* GET_CERTIFICATE (DSP0274 Table 27), both forms. */
#include "proof.h"

void main(void)
{
	struct spdm_neg n;
	struct spdm_get_cert g;
	size_t len;
	const uint8_t *msg = proof_msg(PROOF_MAX_MSG, &len);

	proof_neg(&n);
	spdm_dec_get_cert(&n, msg, len, &g, proof_err());
}
