/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Transcripts (DSP0274 "Transcript and transcript hash calculation rules"): M1/M2 for
 * CHALLENGE_AUTH is A || B || C, A = VCA (GET_VERSION .. ALGORITHMS), B = digests and
 * certificates, C = CHALLENGE and CHALLENGE_AUTH without the signature. The hash algorithm is
 * known only after ALGORITHMS, so A is buffered until then and hashed from there on.
 * Optionally every byte is also recorded into caller storage (evidence).
 */
#ifndef CSPDM_TRANSCRIPT_H
#define CSPDM_TRANSCRIPT_H

#include <stddef.h>
#include <stdint.h>

#include "crypto/crypto.h"

#define CSPDM_VCA_MAX 512

struct transcript {
	const struct cspdm_crypto_ops *ops;
	struct cspdm_hash hash;
	uint8_t hashing;
	uint8_t vca[CSPDM_VCA_MAX];
	uint32_t vca_len;
	uint8_t *rec;
	size_t rec_cap;
	size_t rec_len;
};

void tr_init(struct transcript *t, const struct cspdm_crypto_ops *ops, uint8_t *rec,
	     size_t rec_cap);
/* Drop everything (RequestResynch, restart, teardown). */
void tr_reset(struct transcript *t);
cspdm_status tr_append(struct transcript *t, const uint8_t *d, size_t n);
/* Start hashing with alg; feeds the buffered VCA. */
cspdm_status tr_start_hash(struct transcript *t, uint32_t alg);
/* Back to A alone: drop B/C and hash the buffered VCA again (after a CHALLENGE_AUTH). */
cspdm_status tr_restart(struct transcript *t, uint32_t alg);
/* Finish the hash of everything appended so far into out. */
cspdm_status tr_final(struct transcript *t, uint8_t *out);

/*
 * Check an SPDM signature over a transcript hash: 1.0/1.1 sign the hash itself, 1.2+ the
 * combined prefix for context followed by the hash.
 */
cspdm_status cspdm_verify_spdm_sig(const struct cspdm_crypto_ops *ops, uint8_t version, void *key,
				   uint32_t asym, uint32_t hash, const char *context,
				   const uint8_t *digest, const uint8_t *sig, size_t sig_len);

/* The 1.2+ combined SPDM prefix (100 bytes) for a signing context string. */
#define SPDM_SIGN_PREFIX_SIZE 100
void spdm_sign_prefix(uint8_t version, const char *context, uint8_t out[SPDM_SIGN_PREFIX_SIZE]);

#endif
