/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * ENCAPSULATED_REQUEST and DELIVER_ENCAPSULATED_RESPONSE (DSP0274 1.1+), the carrier around an
 * encapsulated message, and any other code the caller names.
 */
#include "proof.h"

void main(void)
{
	struct spdm_neg n;
	struct spdm_encap_msg e;
	size_t len;
	const uint8_t *msg = proof_msg(PROOF_MAX_MSG, &len);

	proof_neg(&n);
	spdm_dec_encap_carrier(&n, proof_u8(), msg, len, &e, proof_err());
}
