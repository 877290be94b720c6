/* SPDX-License-Identifier: BSD-3-Clause */
/* The DER framing of one certificate (X.690 SEQUENCE, definite length). */
#include "proof.h"

#include "codec/certchain.h"

void main(void)
{
	size_t len, total;
	const uint8_t *der = proof_msg(PROOF_MAX_MSG, &len);

	spdm_der_cert_len(der, len, &total, proof_err());
}
