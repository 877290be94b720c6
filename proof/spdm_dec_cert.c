/* SPDX-License-Identifier: BSD-3-Clause */
/* CERTIFICATE (DSP0274 Table 28) for any request, LargeCertChain or not. */
#include "proof.h"

void main(void)
{
	struct spdm_neg n;
	struct spdm_get_cert asked;
	struct spdm_cert_rsp c;
	size_t len;
	const uint8_t *msg = proof_msg(PROOF_MAX_MSG, &len);

	proof_neg(&n);
	proof_unknown(&asked, sizeof(asked));
	spdm_dec_cert(&n, &asked, msg, len, &c, proof_err());
}
