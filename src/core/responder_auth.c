/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Responder side of GET_DIGESTS, GET_CERTIFICATE and CHALLENGE. The SPDM certificate chain of
 * a slot is never stored whole: it is the 4-byte header, the RootHash and the caller's DER
 * certificates, and CERTIFICATE portions are cut from those three pieces.
 */
#include "responder_ctx.h"
#include "serve.h"

#include <string.h>

#define CHALLENGE_AUTH_CONTEXT "responder-challenge_auth signing"
#define CERT_RSP_HEADER	       8u
#define PORTION_MAX_PRE12      1024u

/* RootHash and the digest of the whole chain, for each provisioned slot. */
static cspdm_status prepare_slot(struct cspdm_responder *r, unsigned s)
{
	const struct cspdm_rsp_slot *sl = &r->cfg.slots[s];

	return serve_chain_prepare(r->cfg.crypto, r->algs.base_hash, r->neg.version,
				   r->neg.hash_size, sl->certs, sl->certs_len, r->root_hash[s],
				   r->digest[s]);
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
	struct serve_chain c;
	size_t n = 0;
	cspdm_status st = spdm_dec_get_cert(&r->neg, req, len, &g, &r->err);

	if (!st && (g.large || !((r->provisioned >> g.slot) & 1)))
		st = CSPDM_E_SLOT;
	if (!st) {
		c.certs = r->cfg.slots[g.slot].certs;
		c.certs_len = r->cfg.slots[g.slot].certs_len;
		c.root_hash = r->root_hash[g.slot];
		st = serve_certificate(r->neg.version, r->neg.hash_size, &c, &g, portion_max(r),
				       out, cap, &n);
	}
	if (st == CSPDM_E_BUFFER_TOO_SMALL)
		return rsp_error(r, SPDM_ERR_UNSPECIFIED, 0, out, cap);
	if (st)
		return rsp_refuse(r, st, out, cap);
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
	struct serve_signer sg = {r->cfg.crypto,     r->cfg.slots[slot].key, r->neg.version,
				  r->algs.base_asym, r->algs.base_hash,	     r->neg.hash_size,
				  r->neg.sig_size};

	return serve_sign(&sg, context, digest, sig);
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
	uint8_t summary[CSPDM_MAX_HASH_SIZE];
	struct serve_auth a = {
	    c->slot, (uint8_t)(1u << c->slot),	    r->digest[c->slot], c->req_context,
	    summary, (uint8_t)rsp_basic_mut_auth(r)};
	size_t n = 0;

	memset(summary, 0, sizeof(summary));
	r->neg.meas_hash_size = c->meas_summary_type ? r->neg.hash_size : 0;
	if ((c->meas_summary_type && rsp_meas_summary(r, c->meas_summary_type, summary)) ||
	    serve_challenge_auth(r->cfg.crypto, &r->neg, &a, r->neg.sig_size, out, cap, &n))
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
	if (!st && (out[2] & 0x80)) { /* BasicMutAuthReq: the requester's turn */
		st = rsp_encap_arm(r, RE_BASIC, NULL);
		memcpy(r->encap.req_context, c.req_context, CSPDM_REQ_CONTEXT_SIZE);
	}
	/* the next authentication starts again from A, success or not */
	if (tr_restart(&r->tr, r->algs.base_hash) || st)
		return rsp_error(r, SPDM_ERR_UNSPECIFIED, 0, out, cap);
	return n + r->neg.sig_size;
}
