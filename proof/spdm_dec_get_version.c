/* SPDX-License-Identifier: BSD-3-Clause */
/* GET_VERSION (DSP0274 Table 8). */
#include "proof.h"

void main(void)
{
	size_t len;
	const uint8_t *msg = proof_msg(PROOF_MAX_MSG, &len);

	spdm_dec_get_version(msg, len, proof_max_pad(), proof_err());
}
