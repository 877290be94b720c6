/* SPDX-License-Identifier: BSD-3-Clause */
/* The SPDM message header (DSP0274 Table 2), read before dispatch. */
#include "proof.h"

void main(void)
{
	struct spdm_hdr h;
	size_t len;
	const uint8_t *msg = proof_msg(PROOF_MAX_MSG, &len);

	spdm_peek_header(msg, len, &h, proof_err());
}
