/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Internals of the OpenSSL backend (openssl.c, x509_openssl.c, openssl_session.c) and the
 * helpers the CLI, the responder and the tests use. Keys are EVP_PKEY pointers passed as void *.
 */
#ifndef CSPDM_OPENSSL_PRIV_H
#define CSPDM_OPENSSL_PRIV_H

#include <stddef.h>
#include <stdint.h>

#include <openssl/types.h>

#include "crypto/crypto.h"

/* Load a private key (PEM or DER, PKCS#8 or traditional) from a file; free with key_free. */
cspdm_status cspdm_openssl_load_key(const char *path, void **key);

/* A public key as SubjectPublicKeyInfo DER (buf NULL: just the length), and back. */
cspdm_status cspdm_openssl_pubkey_to_spki(void *key, uint8_t *buf, size_t cap, size_t *len);
cspdm_status cspdm_openssl_pubkey_from_spki(const uint8_t *der, size_t len, void **key);
/* Free a key handle of this backend (as the ops' key_free). NULL is fine. */
void cspdm_openssl_free_key(void *key);

/* The public key of one DER certificate (exactly len bytes); free with key_free. */
cspdm_status cspdm_openssl_pubkey_from_cert(const uint8_t *der, size_t len, void **key);

/* cspdm_openssl_cert_summary (a certificate's subject and SAN) is in cspdm/cspdm.h. */

/* ---- shared between openssl.c and x509_openssl.c ---- */

/* Does the (public or private) key fit asym_alg? CSPDM_OK or CSPDM_E_X509_KEY. */
cspdm_status cspdm_ossl_key_fits(void *pkey, uint32_t asym_alg);

/* The x509_validate op; backend roots are a STACK_OF(X509) * or NULL, cache may be NULL. */
cspdm_status cspdm_ossl_x509_validate(void *roots, struct cspdm_x509_cache *cache,
				      const uint8_t *der, size_t len,
				      const struct cspdm_x509_params *p,
				      struct cspdm_x509_result *res, uint32_t *err_cert);

/*
 * Append every certificate of a PEM stream (a BIO *) to a STACK_OF(X509) *; a malformed
 * block fails with bad_block. Frees the BIO.
 */
cspdm_status cspdm_ossl_pem_certs(void *bio, void *stack, cspdm_status bad_block);

/*
 * Append the certificates of a file, PEM or DER (one or several concatenated), to a
 * STACK_OF(X509) *. CSPDM_E_IO (errno set) if it cannot be read, CSPDM_E_X509_PARSE if it
 * holds no certificate or a malformed one, CSPDM_E_CERT_TOO_LARGE over 16 MiB.
 */
cspdm_status cspdm_ossl_file_certs(const char *path, void *stack);

/* Trusted roots from a file or a directory into a new stack (cspdm_openssl_new_ex says how). */
cspdm_status cspdm_ossl_load_roots(const char *path, void **roots, cspdm_trust_warn_fn warn,
				   void *warn_priv, cspdm_error *err);
void cspdm_ossl_free_roots(void *roots);

/* ---- the certificate cache (x509_cache.c; cspdm/cspdm.h says what it does) ---- */

#define CSPDM_X509_DIGEST_SIZE 32 /* SHA-256 */

struct cspdm_x509_cache;

/* The SHA-256 of DER bytes, of a parsed certificate's encoding. */
cspdm_status cspdm_x509_cache_digest(const struct cspdm_x509_cache *c, const uint8_t *der,
				     size_t len, uint8_t *digest);
cspdm_status cspdm_x509_cache_digest_cert(const struct cspdm_x509_cache *c, const X509 *x,
					  uint8_t *digest);
/* The parsed certificate of that digest, with a reference for the caller, or NULL. */
X509 *cspdm_x509_cache_get(struct cspdm_x509_cache *c, const uint8_t *digest);
/* Keep x (the cache takes its own reference) under its digest; counted as one parse. */
void cspdm_x509_cache_put(struct cspdm_x509_cache *c, const uint8_t *digest, X509 *x);
/* Has the signature on subject by issuer been verified (both SHA-256 of DER)? */
int cspdm_x509_cache_verified(struct cspdm_x509_cache *c, const uint8_t *subject,
			      const uint8_t *issuer);
/* It has: remember it (for a subject the cache holds). */
void cspdm_x509_cache_set_verified(struct cspdm_x509_cache *c, const uint8_t *subject,
				   const uint8_t *issuer);

/* ---- shared between openssl.c and openssl_session.c ---- */

#define CSPDM_OSSL_NUM_AEAD 3 /* AES-128-GCM, AES-256-GCM, ChaCha20-Poly1305 */

/* What the session ops fetch once per backend object; a NULL member is unsupported. */
struct cspdm_ossl_sess {
	EVP_MAC *hmac;
	EVP_KDF *hkdf;
	EVP_CIPHER *aead[CSPDM_OSSL_NUM_AEAD];
};

void cspdm_ossl_sess_init(struct cspdm_ossl_sess *s);
void cspdm_ossl_sess_fini(struct cspdm_ossl_sess *s);
/* Fill the session members of an ops table (the ops after "sessions" in crypto.h). */
void cspdm_ossl_sess_fill_ops(struct cspdm_crypto_ops *ops);

/* Given the ops' priv (a struct cspdm_openssl *): its fetched digest for alg, or NULL. */
const EVP_MD *cspdm_ossl_md(const void *priv, uint32_t alg);
/* ... and its session objects. */
const struct cspdm_ossl_sess *cspdm_ossl_sess_of(const void *priv);
/* Clear OpenSSL's thread error queue when st is a failure; returns st. */
cspdm_status cspdm_ossl_done(cspdm_status st);

#endif
