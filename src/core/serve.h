/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * What a side serves from its own identity, in either role: the responder from its slots, the
 * requester from its identity when the device asks for mutual authentication (DESIGN.md
 * "Roles mirror"). An SPDM certificate chain is never stored whole: it is the 4-byte header,
 * the RootHash and the DER certificates, and CERTIFICATE portions are cut from those pieces.
 */
#ifndef CSPDM_SERVE_H
#define CSPDM_SERVE_H

#include "codec/spdm.h"
#include "crypto/crypto.h"

/* One chain as served: the DER certificates (root first) and the RootHash computed for them. */
struct serve_chain {
	const uint8_t *certs;
	size_t certs_len;
	const uint8_t *root_hash; /* hash_size bytes */
};

/* The SPDM chain's length: header, RootHash and certificates. */
uint32_t serve_chain_total(uint32_t hash_size, size_t certs_len);
/* RootHash and the digest of the whole chain (DIGESTS, CHALLENGE_AUTH's CertChainHash, TH).
 * CSPDM_E_CERT_TOO_LARGE when the chain does not fit its Length field. */
cspdm_status serve_chain_prepare(const struct cspdm_crypto_ops *ops, uint32_t hash, uint8_t ver,
				 uint32_t hash_size, const uint8_t *certs, size_t certs_len,
				 uint8_t *root_hash, uint8_t *digest);
/* Chain bytes [off, off + n) (within the chain) from the header, RootHash and DER pieces. */
void serve_chain_copy(uint8_t ver, uint32_t hash_size, const struct serve_chain *c, uint32_t off,
		      uint32_t n, uint8_t *dst);
/*
 * CERTIFICATE answering g (its slot checked by the caller), a portion of at most max bytes.
 * CSPDM_E_FIELD when the offset is past the chain or nothing fits.
 */
cspdm_status serve_certificate(uint8_t ver, uint32_t hash_size, const struct serve_chain *c,
			       const struct spdm_get_cert *g, uint32_t max, uint8_t *out,
			       size_t cap, size_t *len);

/* CHALLENGE_AUTH up to its signature (a fresh nonce); room for sig_size more is checked. */
struct serve_auth {
	uint8_t slot, slot_mask;
	const uint8_t *chain_digest;
	const uint8_t *req_context;  /* 1.3+: the CHALLENGE's, echoed */
	const uint8_t *meas_summary; /* n->meas_hash_size bytes, or NULL when that is 0 */
	uint8_t basic_mut_auth;	     /* Param1 bit 7 (the responder asks for mutual auth) */
};
cspdm_status serve_challenge_auth(const struct cspdm_crypto_ops *ops, const struct spdm_neg *n,
				  const struct serve_auth *a, uint32_t sig_size, uint8_t *out,
				  size_t cap, size_t *len);

/* A signing key and what it signs with: the negotiated BaseAsymAlgo, or ReqBaseAsymAlg. */
struct serve_signer {
	const struct cspdm_crypto_ops *ops;
	void *key;
	uint8_t version;
	uint32_t asym, hash, hash_size, sig_size;
};
/* Sign a transcript digest: 1.0/1.1 the digest itself, 1.2+ the combined prefix for context
 * followed by the digest (DSP0274 "Signature generation"). */
cspdm_status serve_sign(const struct serve_signer *s, const char *context, const uint8_t *digest,
			uint8_t *sig);

/*
 * A peer's SPDM chain as received (header, RootHash, certificates): its format, the RootHash
 * against the root certificate, and its digest into digest, compared with expect (the one the
 * peer announced in DIGESTS). CSPDM_E_ROOT_HASH, CSPDM_E_CHAIN_DIGEST, or the chain decoder's
 * status with err filled. cc receives the decoded chain.
 */
struct spdm_cert_chain;
cspdm_status serve_peer_chain(const struct cspdm_crypto_ops *ops, uint32_t hash, uint8_t ver,
			      uint32_t hash_size, const uint8_t *chain, size_t len,
			      const uint8_t *expect, struct spdm_cert_chain *cc, uint8_t *digest,
			      cspdm_error *err);

/* The signing context string of a signature kind (DSP0274 "Signature generation", 1.2+). */
const char *serve_sig_context(enum cspdm_sig_kind kind);
/* What evidence of a verified signature says about it whoever checked it: its kind, version,
 * slot, algorithms, the transcript digest (hash_size bytes), the signature, the context and
 * the 1.2+ combined prefix. The rest (transcript, nonces) is the caller's. */
void serve_sig_evidence(struct cspdm_signature_evidence *ev, enum cspdm_sig_kind kind,
			uint8_t version, uint8_t slot, uint32_t asym, uint32_t hash,
			const uint8_t *digest, const uint8_t *sig);

#endif
