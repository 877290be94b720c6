/* SPDX-License-Identifier: BSD-3-Clause */
/* ENCAPSULATED_RESPONSE_ACK (DSP0274 1.1+), with or without the next encapsulated request. */
#include "proof.h"

void main(void)
{
	struct spdm_neg n;
	struct spdm_encap_ack a;
	size_t len;
	const uint8_t *msg = proof_msg(PROOF_MAX_MSG, &len);

	proof_neg(&n);
	spdm_dec_encap_ack(&n, msg, len, &a, proof_err());
}
