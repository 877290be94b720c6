/* SPDX-License-Identifier: BSD-3-Clause */
/* KEY_EXCHANGE (DSP0274 1.1+ "KEY_EXCHANGE request message format"), every DHE size. */
#include "proof.h"

void main(void)
{
	struct spdm_neg n;
	struct spdm_key_exchange k;
	size_t len;
	const uint8_t *msg = proof_msg(PROOF_MAX_MSG, &len);

	proof_neg(&n);
	spdm_dec_key_exchange(&n, msg, len, &k, proof_err());
}
