/* SPDX-License-Identifier: BSD-3-Clause */
/* PSK_FINISH (DSP0274 1.1+ "PSK_FINISH request message format"). */
#include "proof.h"

void main(void)
{
	struct spdm_neg n;
	struct spdm_psk_finish f;
	size_t len;
	const uint8_t *msg = proof_msg(PROOF_MAX_MSG, &len);

	proof_neg(&n);
	spdm_dec_psk_finish(&n, msg, len, &f, proof_err());
}
