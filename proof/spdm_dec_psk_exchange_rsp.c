/* SPDX-License-Identifier: BSD-3-Clause */
/* PSK_EXCHANGE_RSP (DSP0274 1.1+ "Successful PSK_EXCHANGE_RSP response message format"). */
#include "proof.h"

void main(void)
{
	struct spdm_neg n;
	struct spdm_psk_exchange_rsp p;
	size_t len;
	const uint8_t *msg = proof_msg(PROOF_MAX_MSG, &len);

	proof_neg(&n);
	spdm_dec_psk_exchange_rsp(&n, msg, len, &p, proof_err());
}
