/* SPDX-License-Identifier: BSD-3-Clause */
/* GET_CAPABILITIES (DSP0274 Table 10): the version comes from the message. */
#include "proof.h"

void main(void)
{
	struct spdm_caps c;
	uint8_t ver;
	size_t len;
	const uint8_t *msg = proof_msg(PROOF_MAX_MSG, &len);

	spdm_dec_get_caps(msg, len, proof_max_pad(), &c, &ver, proof_err());
}
