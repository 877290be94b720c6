/* SPDX-License-Identifier: BSD-3-Clause */
/* HEARTBEAT, HEARTBEAT_ACK, END_SESSION_ACK (DSP0274 1.1+), and any other code the caller names. */
#include "proof.h"

void main(void)
{
	struct spdm_neg n;
	size_t len;
	const uint8_t *msg = proof_msg(PROOF_MAX_MSG, &len);

	proof_neg(&n);
	spdm_dec_simple(&n, proof_u8(), msg, len, proof_err());
}
