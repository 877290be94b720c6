/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * VENDOR_DEFINED_REQUEST / VENDOR_DEFINED_RESPONSE (DSP0274 1.1+), the framing around the
 * PCI-SIG and CXL protocols, for any code the caller expects.
 */
#include "proof.h"

#include "codec/app/app.h"

void main(void)
{
	struct spdm_neg n;
	struct spdm_vendor v;
	size_t len;
	const uint8_t *msg = proof_msg(PROOF_MAX_MSG, &len);

	proof_neg(&n);
	spdm_dec_vendor(&n, proof_u8(), msg, len, &v, proof_err());
}
