/* SPDX-License-Identifier: BSD-3-Clause */
/* END_SESSION (DSP0274 1.1+). */
#include "proof.h"

void main(void)
{
	struct spdm_neg n;
	uint8_t clear_state;
	size_t len;
	const uint8_t *msg = proof_msg(PROOF_MAX_MSG, &len);

	proof_neg(&n);
	spdm_dec_end_session(&n, msg, len, &clear_state, proof_err());
}
