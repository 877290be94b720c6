/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * KEY_EXCHANGE_RSP (DSP0274 1.1+ "Successful KEY_EXCHANGE_RSP response message format"), every
 * DHE, hash, signature and summary size, handshake in the clear or not.
 */
#include "proof.h"

void main(void)
{
	struct spdm_neg n;
	struct spdm_key_exchange_rsp k;
	size_t len;
	const uint8_t *msg = proof_msg(PROOF_MAX_MSG, &len);

	proof_neg(&n);
	spdm_dec_key_exchange_rsp(&n, msg, len, &k, proof_err());
}
