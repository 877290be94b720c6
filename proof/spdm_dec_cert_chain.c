/* SPDX-License-Identifier: BSD-3-Clause */
/* The SPDM certificate chain (DSP0274 'Certificate chain format'), every version and hash. */
#include "proof.h"

#include "codec/certchain.h"

void main(void)
{
	struct spdm_cert_chain c;
	size_t len;
	const uint8_t *chain = proof_msg(PROOF_MAX_MSG, &len);
	uint8_t version = (uint8_t)Frama_C_interval(CSPDM_V10, CSPDM_V14);
	uint32_t hash_size = Frama_C_unsigned_int_interval(0, CSPDM_MAX_HASH_SIZE);

	spdm_dec_cert_chain(version, hash_size, chain, len, &c, proof_err());
}
