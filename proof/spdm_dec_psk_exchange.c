/* SPDX-License-Identifier: BSD-3-Clause */
/* PSK_EXCHANGE (DSP0274 1.1+ "PSK_EXCHANGE request message format"), every version and size. */
#include "proof.h"

void main(void)
{
	struct spdm_neg n;
	struct spdm_psk_exchange p;
	size_t len;
	const uint8_t *msg = proof_msg(PROOF_MAX_MSG, &len);

	proof_neg(&n);
	spdm_dec_psk_exchange(&n, msg, len, &p, proof_err());
}
