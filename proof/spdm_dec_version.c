/* SPDX-License-Identifier: BSD-3-Clause */
/* VERSION (DSP0274 Table 9). */
#include "proof.h"

void main(void)
{
	struct spdm_version_rsp v;
	size_t len;
	const uint8_t *msg = proof_msg(PROOF_MAX_MSG, &len);

	spdm_dec_version(msg, len, proof_max_pad(), &v, proof_err());
}
