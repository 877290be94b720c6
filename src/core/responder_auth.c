/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Responder side of GET_DIGESTS, GET_CERTIFICATE and CHALLENGE. The SPDM certificate chain of
 * a slot is never stored whole: it is the 4-byte header, the RootHash and the caller's DER
 * certificates, and CERTIFICATE portions are cut from those three pieces.
 */
#include "responder_ctx.h"
#include "codec/certchain.h"

#include <string.h>

#define CHALLENGE_AUTH_CONTEXT "responder-challenge_auth signing"
#define CERT_RSP_HEADER	       8u
#define PORTION_MAX_PRE12      1024u

static uint32_t chain_total(const struct cspdm_responder *r, unsigned slot)
{
	return (uint32_t)(SPDM_CERT_CHAIN_HEADER + r->neg.hash_size + r->cfg.slots[slot].certs_len);
}

static void chain_header(const struct cspdm_responder *r, unsigned slot,
			 uint8_t hdr[SPDM_CERT_CHAIN_HEADER])
{
	uint32_t total = chain_total(r, slot);

	hdr[0] = (uint8_t)total;
	hdr[1] = (uint8_t)(total >> 8);
	hdr[2] = r->neg.version >= CSPDM_V14 ? (uint8_t)(total >> 16) : 0;
	hdr[3] = r->neg.version >= CSPDM_V14 ? (uint8_t)(total >> 24) : 0;
}

/* RootHash and the digest of the whole chain, for each provisioned slot. */
static cspdm_status prepare_slot(struct cspdm_responder *r, unsigned s)
{
	const struct cspdm_crypto_ops *ops = r->cfg.crypto;
	const struct cspdm_rsp_slot *sl = &r->cfg.slots[s];
	uint8_t hdr[SPDM_CERT_CHAIN_HEADER];
	struct cspdm_hash h;
	size_t root_len;
	cspdm_status st = spdm_der_cert_len(sl->certs, sl->certs_len, &root_len, NULL);

	if (!st)
		st = cspdm_hash_oneshot(ops, r->algs.base_hash, sl->certs, root_len,
					r->root_hash[s]);
	if (!st && chain_total(r, s) > (r->neg.version >= CSPDM_V14 ? 0xFFFFFFFFu : 0xFFFFu))
		st = CSPDM_E_CERT_TOO_LARGE;
	if (st)
		return st;
	chain_header(r, s, hdr);
	st = ops->hash_init(ops->priv, &h, r->algs.base_hash);
	if (st)
		return st;
	if (ops->hash_update(ops->priv, &h, hdr, sizeof(hdr)) ||
	    ops->hash_update(ops->priv, &h, r->root_hash[s], r->neg.hash_size) ||
	    ops->hash_update(ops->priv, &h, sl->certs, sl->certs_len)) {
		ops->hash_free(ops->priv, &h);
		return CSPDM_E_CRYPTO;
	}
	return ops->hash_final(ops->priv, &h, r->digest[s]);
}

cspdm_status rsp_prepare_chains(struct cspdm_responder *r)
{
	unsigned s;
	cspdm_status st;

	r->provisioned = 0;
	for (s = 0; s < CSPDM_MAX_SLOTS; s++) {
		if (!r->cfg.slots[s].certs || !r->cfg.slots[s].key)
			continue;
		st = prepare_slot(r, s);
		if (st)
			return st;
		r->provisioned |= (uint8_t)(1u << s);
	}
	return CSPDM_OK;
}

static size_t transcribe(struct cspdm_responder *r, const uint8_t *req, size_t req_len,
			 uint8_t *out, size_t n, size_t cap)
{
	if (r->cur)
		return n; /* inside a session: not part of M1/M2 */
	if (tr_append(&r->tr, req, req_len) || tr_append(&r->tr, out, n))
		return rsp_error(r, SPDM_ERR_UNSPECIFIED, 0, out, cap);
	return n;
}

size_t rsp_digests(struct cspdm_responder *r, const uint8_t *req, size_t len, uint8_t *out,
		   size_t cap)
{
	struct spdm_digests d;
	size_t n = 0;
	unsigned s;
	cspdm_status st = spdm_dec_get_digests(&r->neg, req, len, &r->err);

	if (st)
		return rsp_refuse(r, st, out, cap);
	if (!(r->cfg.caps & SPDM_CAP_CERT) || !r->algs.base_asym) {
		r->err.code = CSPDM_E_UNSUPPORTED;
		return rsp_error(r, SPDM_ERR_UNSUPPORTED_REQUEST, SPDM_GET_DIGESTS, out, cap);
	}
	memset(&d, 0, sizeof(d));
	d.supported_mask = r->provisioned;
	d.provisioned_mask = r->provisioned;
	for (s = 0; s < CSPDM_MAX_SLOTS; s++)
		d.digest[s] = ((r->provisioned >> s) & 1) ? r->digest[s] : NULL;
	if (spdm_enc_digests(&r->neg, &d, out, cap, &n))
		return rsp_error(r, SPDM_ERR_UNSPECIFIED, 0, out, cap);
	return transcribe(r, req, 4, out, n, cap);
}

/* Copy chain bytes [off, off + n) from the header, RootHash and DER pieces. */
static void chain_copy(const struct cspdm_responder *r, unsigned slot, uint32_t off, uint32_t n,
		       uint8_t *dst)
{
	uint8_t hdr[SPDM_CERT_CHAIN_HEADER];
	const uint8_t *piece[3] = {hdr, r->root_hash[slot], r->cfg.slots[slot].certs};
	size_t plen[3] = {sizeof(hdr), r->neg.hash_size, r->cfg.slots[slot].certs_len};
	size_t base = 0, from, take;
	unsigned i;

	chain_header(r, slot, hdr);
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

static uint32_t portion_max(const struct cspdm_responder *r)
{
	uint32_t lim = PORTION_MAX_PRE12;

	if (r->neg.version >= CSPDM_V12) /* a large CERTIFICATE goes in chunks */
		lim = rsp_chunk_msg_max(r) - CERT_RSP_HEADER;
	return lim > 0xFFFF ? 0xFFFF : lim;
}

size_t rsp_certificate(struct cspdm_responder *r, const uint8_t *req, size_t len, uint8_t *out,
		       size_t cap)
{
	struct spdm_get_cert g;
	struct spdm_cert_rsp c;
	uint32_t total, want;
	size_t n = 0;
	cspdm_status st = spdm_dec_get_cert(&r->neg, req, len, &g, &r->err);

	if (!st && (g.large || !((r->provisioned >> g.slot) & 1)))
		st = CSPDM_E_SLOT;
	total = st ? 0 : chain_total(r, g.slot);
	if (!st && g.offset >= total)
		st = CSPDM_E_FIELD;
	if (st)
		return rsp_refuse(r, st, out, cap);
	want = total - g.offset;
	want = want < g.length ? want : g.length;
	want = want < portion_max(r) ? want : portion_max(r);
	if (want == 0 || cap < CERT_RSP_HEADER + (size_t)want)
		return rsp_refuse(r, CSPDM_E_FIELD, out, cap);
	memset(&c, 0, sizeof(c));
	c.slot = g.slot;
	c.portion_len = want;
	c.remainder_len = total - g.offset - want;
	c.portion = out + CERT_RSP_HEADER;
	chain_copy(r, g.slot, g.offset, want, out + CERT_RSP_HEADER);
	if (spdm_enc_cert(r->neg.version, &c, out, cap, &n))
		return rsp_error(r, SPDM_ERR_UNSPECIFIED, 0, out, cap);
	return transcribe(r, req, g.len, out, n, cap);
}

/* Sign a transcript with the slot's key: its hash for 1.0/1.1, prefix || hash for 1.2+. */
cspdm_status rsp_sign(struct cspdm_responder *r, struct transcript *t, uint8_t slot,
		      const char *context, uint8_t *sig)
{
	uint8_t digest[CSPDM_MAX_HASH_SIZE];
	cspdm_status st = tr_final(t, digest);

	return st ? st : rsp_sign_digest(r, digest, slot, context, sig);
}

cspdm_status rsp_sign_digest(struct cspdm_responder *r, const uint8_t *digest, uint8_t slot,
			     const char *context, uint8_t *sig)
{
	const struct cspdm_crypto_ops *ops = r->cfg.crypto;
	uint8_t msg[SPDM_SIGN_PREFIX_SIZE + CSPDM_MAX_HASH_SIZE];
	uint32_t hs = r->neg.hash_size;
	void *key = r->cfg.slots[slot].key;

	if (r->neg.version < CSPDM_V12)
		return ops->sign(ops->priv, key, r->algs.base_asym, r->algs.base_hash, digest, hs,
				 1, sig, r->neg.sig_size);
	spdm_sign_prefix(r->neg.version, context, msg);
	memcpy(msg + SPDM_SIGN_PREFIX_SIZE, digest, hs);
	return ops->sign(ops->priv, key, r->algs.base_asym, r->algs.base_hash, msg,
			 SPDM_SIGN_PREFIX_SIZE + hs, 0, sig, r->neg.sig_size);
}

static cspdm_status check_challenge(const struct cspdm_responder *r, const struct spdm_challenge *c)
{
	if (!(r->cfg.caps & SPDM_CAP_CHAL) || !r->algs.base_asym)
		return CSPDM_E_UNSUPPORTED;
	if (c->slot >= CSPDM_MAX_SLOTS || !((r->provisioned >> c->slot) & 1))
		return CSPDM_E_SLOT;
	if (c->meas_summary_type && (!(r->cfg.caps & SPDM_CAP_MEAS_MASK) || !r->algs.meas_spec))
		return CSPDM_E_FIELD;
	return CSPDM_OK;
}

static size_t build_auth(struct cspdm_responder *r, const struct spdm_challenge *c, uint8_t *out,
			 size_t cap)
{
	const struct cspdm_crypto_ops *ops = r->cfg.crypto;
	struct spdm_challenge_auth a;
	uint8_t nonce[CSPDM_NONCE_SIZE], summary[CSPDM_MAX_HASH_SIZE];
	size_t n = 0;

	memset(&a, 0, sizeof(a));
	memset(summary, 0, sizeof(summary));
	a.slot = c->slot;
	a.slot_mask = (uint8_t)(1u << c->slot);
	a.cert_chain_hash = r->digest[c->slot];
	a.nonce = nonce;
	a.meas_summary = summary;
	a.req_context = c->req_context;
	r->neg.meas_hash_size = c->meas_summary_type ? r->neg.hash_size : 0;
	if ((c->meas_summary_type && rsp_meas_summary(r, c->meas_summary_type, summary)) ||
	    ops->random(ops->priv, nonce, sizeof(nonce)) ||
	    spdm_enc_challenge_auth(&r->neg, &a, out, cap, &n) || cap - n < r->neg.sig_size)
		return 0;
	return n;
}

size_t rsp_challenge(struct cspdm_responder *r, const uint8_t *req, size_t len, uint8_t *out,
		     size_t cap)
{
	struct spdm_challenge c;
	size_t n;
	cspdm_status st = spdm_dec_challenge(&r->neg, req, len, &c, &r->err);

	if (!st)
		st = check_challenge(r, &c);
	if (st == CSPDM_E_UNSUPPORTED)
		r->err.request_code = SPDM_CHALLENGE;
	if (st)
		return rsp_refuse(r, st, out, cap);
	n = build_auth(r, &c, out, cap);
	if (!n || tr_append(&r->tr, req, c.len) || tr_append(&r->tr, out, n))
		return rsp_error(r, SPDM_ERR_UNSPECIFIED, 0, out, cap);
	st = rsp_sign(r, &r->tr, c.slot, CHALLENGE_AUTH_CONTEXT, out + n);
	/* the next authentication starts again from A, success or not */
	if (tr_restart(&r->tr, r->algs.base_hash) || st)
		return rsp_error(r, SPDM_ERR_UNSPECIFIED, 0, out, cap);
	return n + r->neg.sig_size;
}
