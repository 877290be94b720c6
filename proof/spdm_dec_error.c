/* SPDX-License-Identifier: BSD-3-Clause */
/* ERROR (DSP0274 Table 57) and ResponseNotReady (Table 59). */
#include "proof.h"

void main(void)
{
	struct spdm_neg n;
	struct spdm_error_rsp e;
	size_t len;
	const uint8_t *msg = proof_msg(PROOF_MAX_MSG, &len);

	proof_neg(&n);
	spdm_dec_error(&n, msg, len, &e, proof_err());
}
