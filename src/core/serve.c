/* SPDX-License-Identifier: BSD-3-Clause */
/* Chains, CERTIFICATE portions, CHALLENGE_AUTH and signatures served by either role (serve.h). */
#include "serve.h"
#include "codec/certchain.h"
#include "transcript.h"

#include <string.h>

#define CERT_RSP_HEADER 8u

uint32_t serve_chain_total(uint32_t hash_size, size_t certs_len)
{
	return (uint32_t)(SPDM_CERT_CHAIN_HEADER + hash_size + certs_len);
}

/* Length (2 bytes; 4 from 1.4, LargeCertChain) and the reserved rest of the 4-byte header. */
static void chain_header(uint8_t ver, uint32_t total, uint8_t hdr[SPDM_CERT_CHAIN_HEADER])
{
	hdr[0] = (uint8_t)total;
	hdr[1] = (uint8_t)(total >> 8);
	hdr[2] = ver >= CSPDM_V14 ? (uint8_t)(total >> 16) : 0;
	hdr[3] = ver >= CSPDM_V14 ? (uint8_t)(total >> 24) : 0;
}

cspdm_status serve_chain_prepare(const struct cspdm_crypto_ops *ops, uint32_t hash, uint8_t ver,
				 uint32_t hash_size, const uint8_t *certs, size_t certs_len,
				 uint8_t *root_hash, uint8_t *digest)
{
	uint8_t hdr[SPDM_CERT_CHAIN_HEADER];
	uint32_t total = serve_chain_total(hash_size, certs_len);
	struct cspdm_hash h;
	size_t root_len;
	cspdm_status st = spdm_der_cert_len(certs, certs_len, &root_len, NULL);

	if (!st)
		st = cspdm_hash_oneshot(ops, hash, certs, root_len, root_hash);
	if (!st && (certs_len > 0xFFFFFFFFu - SPDM_CERT_CHAIN_HEADER - hash_size ||
		    total > (ver >= CSPDM_V14 ? 0xFFFFFFFFu : 0xFFFFu)))
		st = CSPDM_E_CERT_TOO_LARGE;
	if (!st)
		st = ops->hash_init(ops->priv, &h, hash);
	if (st)
		return st;
	chain_header(ver, total, hdr);
	if (ops->hash_update(ops->priv, &h, hdr, sizeof(hdr)) ||
	    ops->hash_update(ops->priv, &h, root_hash, hash_size) ||
	    ops->hash_update(ops->priv, &h, certs, certs_len)) {
		ops->hash_free(ops->priv, &h);
		return CSPDM_E_CRYPTO;
	}
	return ops->hash_final(ops->priv, &h, digest);
}

void serve_chain_copy(uint8_t ver, uint32_t hs, const struct serve_chain *c, uint32_t off,
		      uint32_t n, uint8_t *dst)
{
	uint8_t hdr[SPDM_CERT_CHAIN_HEADER];
	const uint8_t *piece[3] = {hdr, c->root_hash, c->certs};
	size_t plen[3] = {sizeof(hdr), hs, c->certs_len};
	size_t base = 0, from, take;
	unsigned i;

	chain_header(ver, serve_chain_total(hs, c->certs_len), hdr);
	for (i = 0; i < 3 && n; i++) {
		if (off < base + plen[i]) {
			from = off - base;
			take = plen[i] - from < n ? plen[i] - from : n;
			memcpy(dst, piece[i] + from, take);
			dst += take;
			off += (uint32_t)take;
			n -= (uint32_t)take;
		}
		base += plen[i];
	}
}

cspdm_status serve_certificate(uint8_t ver, uint32_t hash_size, const struct serve_chain *c,
			       const struct spdm_get_cert *g, uint32_t max, uint8_t *out,
			       size_t cap, size_t *len)
{
	uint32_t total = serve_chain_total(hash_size, c->certs_len), want;
	struct spdm_cert_rsp rsp;

	if (g->offset >= total)
		return CSPDM_E_FIELD;
	want = total - g->offset;
	want = want < g->length ? want : g->length;
	want = want < max ? want : max;
	if (cap > CERT_RSP_HEADER && cap - CERT_RSP_HEADER < want)
		want = (uint32_t)(cap - CERT_RSP_HEADER);
	if (want == 0 || cap < CERT_RSP_HEADER)
		return CSPDM_E_FIELD;
	memset(&rsp, 0, sizeof(rsp));
	rsp.slot = g->slot;
	rsp.portion_len = want;
	rsp.remainder_len = total - g->offset - want;
	rsp.portion = out + CERT_RSP_HEADER;
	serve_chain_copy(ver, hash_size, c, g->offset, want, out + CERT_RSP_HEADER);
	return spdm_enc_cert(ver, &rsp, out, cap, len);
}

cspdm_status serve_challenge_auth(const struct cspdm_crypto_ops *ops, const struct spdm_neg *n,
				  const struct serve_auth *a, uint32_t sig_size, uint8_t *out,
				  size_t cap, size_t *len)
{
	struct spdm_challenge_auth c;
	uint8_t nonce[CSPDM_NONCE_SIZE];
	cspdm_status st = ops->random(ops->priv, nonce, sizeof(nonce));

	if (st)
		return st;
	memset(&c, 0, sizeof(c));
	c.slot = a->slot;
	c.slot_mask = a->slot_mask;
	c.cert_chain_hash = a->chain_digest;
	c.nonce = nonce;
	c.meas_summary = a->meas_summary;
	c.req_context = a->req_context;
	c.basic_mut_auth = a->basic_mut_auth;
	st = spdm_enc_challenge_auth(n, &c, out, cap, len);
	if (!st && cap - *len < sig_size)
		st = CSPDM_E_BUFFER_TOO_SMALL;
	return st;
}

cspdm_status serve_sign(const struct serve_signer *s, const char *context, const uint8_t *digest,
			uint8_t *sig)
{
	const struct cspdm_crypto_ops *ops = s->ops;
	uint8_t msg[SPDM_SIGN_PREFIX_SIZE + CSPDM_MAX_HASH_SIZE];

	if (s->version < CSPDM_V12)
		return ops->sign(ops->priv, s->key, s->asym, s->hash, digest, s->hash_size, 1, sig,
				 s->sig_size);
	spdm_sign_prefix(s->version, context, msg);
	memcpy(msg + SPDM_SIGN_PREFIX_SIZE, digest, s->hash_size);
	return ops->sign(ops->priv, s->key, s->asym, s->hash, msg,
			 SPDM_SIGN_PREFIX_SIZE + s->hash_size, 0, sig, s->sig_size);
}

cspdm_status serve_peer_chain(const struct cspdm_crypto_ops *ops, uint32_t hash, uint8_t ver,
			      uint32_t hash_size, const uint8_t *chain, size_t len,
			      const uint8_t *expect, struct spdm_cert_chain *cc, uint8_t *digest,
			      cspdm_error *err)
{
	uint8_t h[CSPDM_MAX_HASH_SIZE];
	cspdm_status st = spdm_dec_cert_chain(ver, hash_size, chain, len, cc, err);

	if (!st)
		st = cspdm_hash_oneshot(ops, hash, cc->certs, cc->root_len, h);
	if (!st && memcmp(h, cc->root_hash, hash_size) != 0)
		st = CSPDM_E_ROOT_HASH;
	if (!st)
		st = cspdm_hash_oneshot(ops, hash, chain, len, digest);
	if (!st && memcmp(digest, expect, hash_size) != 0)
		st = CSPDM_E_CHAIN_DIGEST;
	return st;
}

const char *serve_sig_context(enum cspdm_sig_kind kind)
{
	switch (kind) {
	case CSPDM_SIG_CHALLENGE_AUTH:
		return "responder-challenge_auth signing";
	case CSPDM_SIG_MEASUREMENTS:
		return "responder-measurements signing";
	case CSPDM_SIG_KEY_EXCHANGE_RSP:
		return "responder-key_exchange_rsp signing";
	case CSPDM_SIG_MUT_CHALLENGE_AUTH:
		return "requester-challenge_auth signing";
	case CSPDM_SIG_FINISH:
		return "requester-finish signing";
	}
	return "";
}

void serve_sig_evidence(struct cspdm_signature_evidence *ev, enum cspdm_sig_kind kind,
			uint8_t version, uint8_t slot, uint32_t asym, uint32_t hash,
			const uint8_t *digest, const uint8_t *sig)
{
	memset(ev, 0, sizeof(*ev));
	ev->kind = kind;
	ev->version = version;
	ev->slot = slot;
	ev->base_asym = asym;
	ev->base_hash = hash;
	memcpy(ev->transcript_hash, digest, cspdm_hash_size(hash));
	ev->signature = sig;
	ev->signature_len = cspdm_sig_size(asym);
	ev->context = serve_sig_context(kind);
	if (version >= CSPDM_V12) {
		spdm_sign_prefix(version, ev->context, ev->combined_prefix);
		ev->combined_prefix_len = SPDM_SIGN_PREFIX_SIZE;
	}
}
