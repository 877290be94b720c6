/* SPDX-License-Identifier: BSD-3-Clause */
/* FINISH (DSP0274 1.1+ "FINISH request message format"), mutual authentication or not. */
#include "proof.h"

void main(void)
{
	struct spdm_neg n;
	struct spdm_finish f;
	size_t len;
	const uint8_t *msg = proof_msg(PROOF_MAX_MSG, &len);

	proof_neg(&n);
	spdm_dec_finish(&n, msg, len, &f, proof_err());
}
