/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef CSPDM_CODEC_CERTCHAIN_H
#define CSPDM_CODEC_CERTCHAIN_H

#include "spdm.h"

struct spdm_cert_chain {
	const uint8_t *root_hash; /* hash_size bytes */
	const uint8_t *certs;	  /* DER certificates, root first */
	size_t certs_len;
	size_t root_len; /* DER length of the first certificate */
};

cspdm_status spdm_der_cert_len(const uint8_t *buf, size_t len, size_t *total, cspdm_error *err);
cspdm_status spdm_dec_cert_chain(uint8_t version, uint32_t hash_size, const uint8_t *chain,
				 size_t len, struct spdm_cert_chain *c, cspdm_error *err);
/* Certificate index (0: the root) of a decoded chain, as DER inside c->certs.
 * CSPDM_E_INVALID_ARG past the last one; CSPDM_E_CERT_CHAIN_FORMAT for bad DER framing. */
cspdm_status spdm_chain_cert(const struct spdm_cert_chain *c, unsigned index, const uint8_t **der,
			     size_t *len);

#endif
