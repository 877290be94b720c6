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

	/* ---- sessions ---------------------------------------------------------------------- */
	/* A copy of a running hash (TH is read at several points and goes on). */
	cspdm_status (*hash_dup)(void *priv, const struct cspdm_hash *src, struct cspdm_hash *dst);
	/*
	 * A fresh ephemeral DHE key pair for group (CSPDM_DHE_*). pub receives exactly
	 * cspdm_dhe_size(group) bytes in SPDM's ExchangeData form: ECDHE X || Y, each
	 * big-endian and left-padded to the coordinate size; FFDHE the public value big-endian,
	 * left-padded to the size of p. *key is released with key_free.
	 */
	cspdm_status (*dhe_generate)(void *priv, uint16_t group, void **key, uint8_t *pub,
				     size_t pub_len);
	/*
	 * The shared secret of key and the peer's public value (same form as pub above), into
	 * secret (cspdm_dhe_secret_size(group) bytes: ECDHE the X coordinate, FFDHE g^xy mod p
	 * left-padded to the size of p). The peer value is validated first: CSPDM_E_DHE_KEY
	 * unless the point is on the curve and not the identity, or for FFDHE in [2, p-2].
	 */
	cspdm_status (*dhe_derive)(void *priv, void *key, uint16_t group, const uint8_t *peer,
				   size_t peer_len, uint8_t *secret, size_t secret_len);
	/* HMAC with hash_alg (CSPDM_HASH_*); out receives cspdm_hash_size(hash_alg) bytes. */
	cspdm_status (*hmac)(void *priv, uint32_t hash_alg, const uint8_t *key, size_t key_len,
			     const uint8_t *data, size_t len, uint8_t *out);
	/* RFC 5869 HKDF-Extract: prk receives cspdm_hash_size(hash_alg) bytes. */
	cspdm_status (*hkdf_extract)(void *priv, uint32_t hash_alg, const uint8_t *salt,
				     size_t salt_len, const uint8_t *ikm, size_t ikm_len,
				     uint8_t *prk);
	/* RFC 5869 HKDF-Expand into out_len bytes (out_len <= 255 * hash size). */
	cspdm_status (*hkdf_expand)(void *priv, uint32_t hash_alg, const uint8_t *prk,
				    size_t prk_len, const uint8_t *info, size_t info_len,
				    uint8_t *out, size_t out_len);
	/*
	 * AEAD (CSPDM_AEAD_*): a backend handle on one key (cspdm_aead_key_size(aead) bytes),
	 * used for many messages, each with its own 12-byte IV; the tag is 16 bytes. seal and open
	 * may work in place (out == in). open returns CSPDM_E_DECRYPT when the tag does not verify
	 * and then leaves nothing of the plaintext in out. aead_free zeroes what the handle holds.
	 */
	cspdm_status (*aead_new)(void *priv, uint16_t aead, const uint8_t *key, size_t key_len,
				 void **handle);
	cspdm_status (*aead_seal)(void *priv, void *handle, const uint8_t *iv, const uint8_t *aad,
				  size_t aad_len, const uint8_t *in, size_t len, uint8_t *out,
				  uint8_t *tag);
	cspdm_status (*aead_open)(void *priv, void *handle, const uint8_t *iv, const uint8_t *aad,
				  size_t aad_len, const uint8_t *in, size_t len, const uint8_t *tag,
				  uint8_t *out);
	void (*aead_free)(void *priv, void *handle);
};

/* Zero n bytes in a way the compiler may not drop (secrets). */
void cspdm_memzero(void *p, size_t n);
/* Compare n bytes in time that depends on n only (MACs, verify data): 1 if equal. */
int cspdm_ct_equal(const uint8_t *a, const uint8_t *b, size_t n);

/* One-shot helper built on the ops. */
cspdm_status cspdm_hash_oneshot(const struct cspdm_crypto_ops *ops, uint32_t alg, const uint8_t *d,
				size_t n, uint8_t *out);

/* The OpenSSL backend (src/crypto/openssl.c) is declared in cspdm/cspdm.h. */

#endif
