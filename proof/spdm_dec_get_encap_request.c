/* SPDX-License-Identifier: BSD-3-Clause */
/* GET_ENCAPSULATED_REQUEST (DSP0274 1.1+ "GET_ENCAPSULATED_REQUEST request message format"). */
#include "proof.h"

void main(void)
{
	struct spdm_neg n;
	size_t len;
	const uint8_t *msg = proof_msg(PROOF_MAX_MSG, &len);

	proof_neg(&n);
	spdm_dec_get_encap_request(&n, msg, len, proof_err());
}
