/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The crypto ops table: everything the protocol core needs from cryptography. The userspace
 * backend is openssl.c (libcrypto EVP); a kernel or firmware port supplies its own table.
 * Algorithm identifiers are the SPDM bit values (CSPDM_HASH_*, CSPDM_ASYM_*).
 */
#ifndef CSPDM_CRYPTO_H
#define CSPDM_CRYPTO_H

#include <stddef.h>
#include <stdint.h>

#include "cspdm/cspdm.h"

/* A running hash. The backend owns what impl points to (hash_free releases it). */
struct cspdm_hash {
	uint32_t alg; /* CSPDM_HASH_* */
	void *impl;
};

/* Result of validating an X.509 chain. */
struct cspdm_x509_result {
	int trusted;  /* 1: anchored in the trust store; 0: no store given (evidence only) */
	void *pubkey; /* leaf public key, release with key_free */
};

struct cspdm_x509_params {
	uint32_t base_asym;	  /* negotiated CSPDM_ASYM_*: the leaf key must match */
	const char *expected_san; /* PCIe CMA SAN value to require, or NULL */
	uint32_t max_depth;	  /* maximum number of certificates (0: 8) */
};

struct cspdm_crypto_ops {
	void *priv;
	/* Hashing (SHA-2 and SHA3). */
	cspdm_status (*hash_init)(void *priv, struct cspdm_hash *h, uint32_t alg);
	cspdm_status (*hash_update)(void *priv, struct cspdm_hash *h, const uint8_t *d, size_t n);
	/* out must hold cspdm_hash_size(h->alg) bytes; finalizing also frees. */
	cspdm_status (*hash_final)(void *priv, struct cspdm_hash *h, uint8_t *out);
	void (*hash_free)(void *priv, struct cspdm_hash *h);
	/* Random bytes from a CSPRNG. */
	cspdm_status (*random)(void *priv, uint8_t *out, size_t n);
	/*
	 * Verify an SPDM signature (ECDSA r||s, RSA, EdDSA) by key.
	 * prehashed=1: data is the digest (hash_alg) of the signed message (ECDSA/RSA only).
	 * prehashed=0: data is the message; ECDSA/RSA hash it with hash_alg, EdDSA signs it as is.
	 * Returns CSPDM_E_SIGNATURE when the signature is wrong.
	 */
	cspdm_status (*verify)(void *priv, void *key, uint32_t asym_alg, uint32_t hash_alg,
			       const uint8_t *data, size_t len, int prehashed, const uint8_t *sig,
			       size_t sig_len);
	/*
	 * Validate a chain of DER certificates (concatenated, root first) per cspdm policy:
	 * path to the trust store (or, with no store, to the chain's own first certificate),
	 * leaf CA=false / issuers CA=true, leaf digitalSignature and no keyCertSign, validity,
	 * the CMA SAN when asked for, and a leaf key that fits base_asym.
	 * On failure *err_cert receives the index of the offending certificate.
	 */
	cspdm_status (*x509_validate)(void *priv, const uint8_t *der, size_t len,
				      const struct cspdm_x509_params *p,
				      struct cspdm_x509_result *res, uint32_t *err_cert);
	void (*key_free)(void *priv, void *key);
	/* Signing, for the responder: key is a backend private key handle. */
	cspdm_status (*sign)(void *priv, void *key, uint32_t asym_alg, uint32_t hash_alg,
			     const uint8_t *data, size_t len, int prehashed, uint8_t *sig,
			     size_t sig_len);
};

/* One-shot helper built on the ops. */
cspdm_status cspdm_hash_oneshot(const struct cspdm_crypto_ops *ops, uint32_t alg, const uint8_t *d,
				size_t n, uint8_t *out);

/* The OpenSSL backend (src/crypto/openssl.c) is declared in cspdm/cspdm.h. */

#endif
