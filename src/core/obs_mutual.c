/* SPDX-License-Identifier: BSD-3-Clause */
/* Mutual authentication seen passively: the requester's chain and signatures (obs_mutual.h). */
#include "obs_mutual.h"

#include "codec/certchain.h"
#include "serve.h"

#include <string.h>

static void drop_hash(struct cspdm_obs_mutual *o, struct cspdm_hash *h, uint8_t *live)
{
	if (*live)
		o->ops->hash_free(o->ops->priv, h);
	*live = 0;
}

static void forget(struct cspdm_obs_mutual *o)
{
	drop_hash(o, &o->mut, &o->mut_live);
	drop_hash(o, &o->th, &o->th_live);
	if (o->req_key)
		o->ops->key_free(o->ops->priv, o->req_key);
	o->req_key = NULL;
	o->dev_known = 0;
	o->encap_len = o->dev.len = o->req.len = 0;
	o->msg_d_len = o->encap_d_len = 0;
	tr_reset(&o->vca);
}

void cspdm_obs_mut_init(struct cspdm_obs_mutual *o, const struct cspdm_crypto_ops *ops,
			uint8_t *dev_chain, size_t dev_cap, uint8_t *req_chain, size_t req_cap)
{
	memset(o, 0, sizeof(*o));
	o->ops = ops;
	o->dev.buf = dev_chain;
	o->dev.cap = dev_cap;
	o->req.buf = req_chain;
	o->req.cap = req_cap;
	o->neg.version = CSPDM_V10;
	tr_init(&o->vca, ops, NULL, 0);
}

void cspdm_obs_mut_deinit(struct cspdm_obs_mutual *o)
{
	forget(o);
}

static cspdm_status fail(struct cspdm_obs_mutual *o, cspdm_status st, const char *field)
{
	o->err.code = st;
	if (field)
		o->err.field = field;
	return st;
}

/* ---- VCA ---------------------------------------------------------------------------------- */

static cspdm_status vca_pair(struct cspdm_obs_mutual *o, size_t req_len, const uint8_t *rsp,
			     size_t rsp_len)
{
	cspdm_status st = tr_append(&o->vca, o->last, req_len);

	return st ? st : tr_append(&o->vca, rsp, rsp_len);
}

/* 1.3 MULTI_KEY_CAP: 01b only multi-key, 10b negotiated (by the peer's MULTI_KEY_CONN bit:
 * the requester's in NEGOTIATE_ALGORITHMS for the device, the device's in ALGORITHMS). */
static uint8_t multi(uint32_t caps, uint8_t other_params)
{
	uint32_t m = (caps & SPDM_CAP_MULTI_KEY_MASK) >> 26;

	return m == 1 || (m == 2 && (other_params & SPDM_MULTI_KEY_CONN));
}

static void multi_key(struct cspdm_obs_mutual *o)
{
	int v13 = o->neg.version >= CSPDM_V13;

	o->multi_key_rsp = (uint8_t)(v13 && multi(o->rsp_caps, o->offered.other_params));
	o->multi_key_req = (uint8_t)(v13 && multi(o->req_caps, o->algs.other_params));
	o->neg.multi_key = o->multi_key_rsp;
}

static cspdm_status on_vca(struct cspdm_obs_mutual *o, const uint8_t *m, size_t len)
{
	struct spdm_version_rsp v;
	struct spdm_caps c, rc;
	uint8_t ver = 0;
	cspdm_status st;

	switch (m[1]) {
	case SPDM_VERSION:
		forget(o);
		st = spdm_dec_version(m, len, o->neg.max_pad, &v, &o->err);
		return st ? st : vca_pair(o, 4, m, v.len);
	case SPDM_CAPABILITIES:
		st = spdm_dec_get_caps(o->last, o->last_len, o->neg.max_pad, &c, &ver, &o->err);
		o->neg.version = ver;
		if (!st)
			st = spdm_dec_caps(&o->neg, m, len, &rc, &o->err);
		o->rsp_caps = st ? 0 : rc.flags;
		o->req_caps = st ? 0 : c.flags;
		o->in_clear = !st && (rc.flags & c.flags & SPDM_CAP_HANDSHAKE_IN_CLEAR);
		return st ? st : vca_pair(o, c.len, m, rc.len);
	default:
		st = spdm_dec_neg_algs(&o->neg, o->last, o->last_len, &o->offered, &o->err);
		if (!st)
			st = spdm_dec_algorithms(&o->neg, &o->offered, o->rsp_caps, m, len,
						 &o->algs, &o->err);
		o->neg.hash_size = cspdm_hash_size(o->algs.base_hash);
		o->neg.sig_size = cspdm_sig_size(o->algs.base_asym);
		o->neg.req_sig_size = cspdm_sig_size(o->algs.req_asym);
		o->neg.dhe_size = cspdm_dhe_size(o->algs.dhe);
		multi_key(o);
		return st ? st : vca_pair(o, o->offered.len, m, o->algs.len);
	}
}

/* ---- chains ------------------------------------------------------------------------------- */

/* One CERTIFICATE answering req (its GET_CERTIFICATE): the portion joins ch. */
static cspdm_status take_portion(struct cspdm_obs_mutual *o, struct obs_chain *ch,
				 const uint8_t *req, size_t req_len, const uint8_t *m, size_t len,
				 struct spdm_cert_rsp *c)
{
	cspdm_status st = spdm_dec_get_cert(&o->neg, req, req_len, &ch->asked, &o->err);

	if (!st)
		st = spdm_dec_cert(&o->neg, &ch->asked, m, len, c, &o->err);
	if (st)
		return st;
	if (ch->asked.offset == 0)
		ch->len = 0;
	if (ch->asked.offset != ch->len || c->portion_len > ch->cap - ch->len)
		return fail(o, CSPDM_E_CERT_REMAINDER, "CERTIFICATE (out of order)");
	memcpy(ch->buf + ch->len, c->portion, c->portion_len);
	ch->len += c->portion_len;
	return CSPDM_OK;
}

static cspdm_status on_dev_cert(struct cspdm_obs_mutual *o, const uint8_t *m, size_t len)
{
	struct spdm_cert_rsp c;
	cspdm_status st = take_portion(o, &o->dev, o->last, o->last_len, m, len, &c);

	if (st || c.remainder_len)
		return st;
	st = cspdm_hash_oneshot(o->ops, o->algs.base_hash, o->dev.buf, o->dev.len,
				o->dev_hash[c.slot & 7]);
	o->dev_known |= (uint8_t)(!st << (c.slot & 7));
	return st;
}

/* The requester's chain complete: format, RootHash, its DIGESTS digest, then X.509. */
static cspdm_status req_chain_done(struct cspdm_obs_mutual *o, const uint8_t *announced)
{
	struct spdm_cert_chain cc;
	struct cspdm_x509_params p;
	struct cspdm_x509_result res;
	uint32_t bad = 0;
	cspdm_status st =
	    serve_peer_chain(o->ops, o->algs.base_hash, o->neg.version, o->neg.hash_size,
			     o->req.buf, o->req.len, announced, &cc, o->req_hash, &o->err);

	if (st)
		return fail(o, st, "the requester's chain");
	memset(&p, 0, sizeof(p));
	memset(&res, 0, sizeof(res));
	p.base_asym = o->algs.req_asym;
	st = o->ops->x509_validate(o->ops->priv, cc.certs, cc.certs_len, &p, &res, &bad);
	if (st)
		return fail(o, st, "the requester's CertChain.Certificate[index]");
	if (o->req_key)
		o->ops->key_free(o->ops->priv, o->req_key);
	o->req_key = res.pubkey;
	o->req_trusted = (uint8_t)res.trusted;
	o->req_chains++;
	return CSPDM_OK;
}

/* ---- the encapsulated flow ---------------------------------------------------------------- */

/* The device's request and the requester's answer join the mutual M1/M2 (basic only). */
static cspdm_status mut_pair(struct cspdm_obs_mutual *o, size_t req_len, const uint8_t *rsp,
			     size_t rsp_len)
{
	cspdm_status st;

	if (!o->mut_live)
		return CSPDM_OK;
	st = o->ops->hash_update(o->ops->priv, &o->mut, o->encap, req_len);
	return st ? st : o->ops->hash_update(o->ops->priv, &o->mut, rsp, rsp_len);
}

static cspdm_status on_req_digests(struct cspdm_obs_mutual *o, const uint8_t *m, size_t len)
{
	struct spdm_neg neg = o->neg;
	struct spdm_digests d;
	unsigned s;
	cspdm_status st;

	neg.multi_key = o->multi_key_req;
	st = spdm_dec_digests(&neg, m, len, &d, &o->err);
	for (s = 0; !st && s < CSPDM_MAX_SLOTS; s++)
		if (d.digest[s])
			memcpy(o->announced[s], d.digest[s], o->neg.hash_size);
	if (!st && o->th_live && d.len <= sizeof(o->encap_d)) { /* the handshake's flow */
		memcpy(o->encap_d, m, d.len);
		o->encap_d_len = d.len;
	}
	return st ? st : mut_pair(o, 4, m, d.len);
}

/* The device's first DIGESTS after VCA (TH with its MultiKeyConn). */
static cspdm_status on_dev_digests(struct cspdm_obs_mutual *o, const uint8_t *m, size_t len)
{
	struct spdm_digests d;
	cspdm_status st;

	if (o->msg_d_len)
		return CSPDM_OK;
	st = spdm_dec_digests(&o->neg, m, len, &d, &o->err);
	if (!st && d.len <= sizeof(o->msg_d)) {
		memcpy(o->msg_d, m, d.len);
		o->msg_d_len = d.len;
	}
	return st;
}

static cspdm_status on_req_cert(struct cspdm_obs_mutual *o, const uint8_t *m, size_t len)
{
	struct spdm_cert_rsp c;
	cspdm_status st = take_portion(o, &o->req, o->encap, o->encap_len, m, len, &c);

	if (!st)
		st = mut_pair(o, o->req.asked.len, m, c.len);
	if (st || c.remainder_len)
		return st;
	return req_chain_done(o, o->announced[c.slot & 7]);
}

/* The requester's CHALLENGE_AUTH, signed over the mutual M1/M2 that ends with it. */
static cspdm_status on_req_challenge_auth(struct cspdm_obs_mutual *o, const uint8_t *m, size_t len)
{
	struct spdm_neg neg = o->neg;
	struct spdm_challenge c;
	struct spdm_challenge_auth a;
	uint8_t digest[CSPDM_MAX_HASH_SIZE];
	cspdm_status st = spdm_dec_challenge(&o->neg, o->encap, o->encap_len, &c, &o->err);

	neg.sig_size = o->neg.req_sig_size;
	neg.meas_hash_size = 0;
	if (!st)
		st = spdm_dec_challenge_auth(&neg, m, len, &a, &o->err);
	if (!st && (!o->mut_live || !o->req_key))
		return fail(o, CSPDM_E_STATE, "CHALLENGE_AUTH (no chain or transcript)");
	if (!st)
		st = mut_pair(o, c.len, m, a.signed_len);
	if (st)
		return st;
	o->mut_live = 0;
	st = o->ops->hash_final(o->ops->priv, &o->mut, digest);
	if (!st)
		st = cspdm_verify_spdm_sig(o->ops, o->neg.version, o->req_key, o->algs.req_asym,
					   o->algs.base_hash,
					   serve_sig_context(CSPDM_SIG_MUT_CHALLENGE_AUTH), digest,
					   a.signature, neg.sig_size);
	if (st)
		return fail(o, st, "the requester's CHALLENGE_AUTH Signature");
	o->mut_signatures++;
	return CSPDM_OK;
}

/* DELIVER_ENCAPSULATED_RESPONSE: the requester's answer to the request in flight. */
static cspdm_status on_deliver(struct cspdm_obs_mutual *o, const uint8_t *m, size_t len)
{
	struct spdm_encap_msg e;
	cspdm_status st = spdm_dec_encap_carrier(&o->neg, SPDM_DELIVER_ENCAPSULATED_RESPONSE, m,
						 len, &e, &o->err);

	if (st || !o->encap_len)
		return st;
	switch (e.msg[1]) {
	case SPDM_DIGESTS:
		return on_req_digests(o, e.msg, e.msg_len);
	case SPDM_CERTIFICATE:
		return on_req_cert(o, e.msg, e.msg_len);
	case SPDM_CHALLENGE_AUTH:
		return on_req_challenge_auth(o, e.msg, e.msg_len);
	default:
		return CSPDM_OK; /* KEY_UPDATE_ACK, ERROR: nothing to check */
	}
}

/* The device's next request: ENCAPSULATED_REQUEST, or an ACK carrying one. */
static cspdm_status keep_encap(struct cspdm_obs_mutual *o, const uint8_t *m, size_t len)
{
	struct spdm_encap_msg e;
	struct spdm_encap_ack a;
	cspdm_status st;

	o->encap_len = 0;
	if (m[1] == SPDM_ENCAPSULATED_REQUEST) {
		st = spdm_dec_encap_carrier(&o->neg, m[1], m, len, &e, &o->err);
		a.msg = e.msg;
		a.msg_len = e.msg_len;
	} else {
		st = spdm_dec_encap_ack(&o->neg, m, len, &a, &o->err);
	}
	if (st || !a.msg || a.msg_len > sizeof(o->encap))
		return st;
	memcpy(o->encap, a.msg, a.msg_len);
	o->encap_len = a.msg_len;
	return CSPDM_OK;
}

/* CHALLENGE_AUTH with BasicMutAuthReq: the mutual M1/M2 starts (with VCA from 1.2). */
static cspdm_status on_challenge_auth(struct cspdm_obs_mutual *o, const uint8_t *m)
{
	cspdm_status st;

	if (!(m[2] & 0x80) || o->neg.version < CSPDM_V11)
		return CSPDM_OK;
	drop_hash(o, &o->mut, &o->mut_live);
	st = o->ops->hash_init(o->ops->priv, &o->mut, o->algs.base_hash);
	o->mut_live = !st;
	if (!st && o->neg.version >= CSPDM_V12)
		st = o->ops->hash_update(o->ops->priv, &o->mut, o->vca.vca, o->vca.vca_len);
	return st;
}

/* ---- the session handshake ---------------------------------------------------------------- */

/* TH up to and with KEY_EXCHANGE_RSP: VCA || Hash(Ct) || KEY_EXCHANGE || KEY_EXCHANGE_RSP. */
static cspdm_status on_key_exchange_rsp(struct cspdm_obs_mutual *o, const uint8_t *m, size_t len)
{
	struct spdm_key_exchange k;
	struct spdm_key_exchange_rsp kr;
	const struct cspdm_crypto_ops *ops = o->ops;
	cspdm_status st = spdm_dec_key_exchange(&o->neg, o->last, o->last_len, &k, &o->err);

	o->neg.hs_in_clear = o->in_clear;
	o->neg.meas_hash_size = !st && k.meas_summary_type ? o->neg.hash_size : 0;
	if (!st)
		st = spdm_dec_key_exchange_rsp(&o->neg, m, len, &kr, &o->err);
	drop_hash(o, &o->th, &o->th_live);
	o->mut_auth = st ? 0 : kr.mut_auth;
	if (st || !kr.mut_auth || k.slot >= CSPDM_MAX_SLOTS || !((o->dev_known >> k.slot) & 1))
		return st; /* nothing of the requester's to check */
	st = ops->hash_init(ops->priv, &o->th, o->algs.base_hash);
	o->th_live = !st;
	o->encap_d_len = 0;
	if (!st)
		st = ops->hash_update(ops->priv, &o->th, o->vca.vca, o->vca.vca_len);
	if (!st && kr.mut_auth == SPDM_MUT_AUTH_WITH_GET_DIGESTS) { /* implied: GET_DIGESTS */
		memcpy(o->encap, (const uint8_t[]){m[0], SPDM_GET_DIGESTS, 0, 0}, 4);
		o->encap_len = 4;
	}
	if (!st && o->multi_key_rsp)
		st = ops->hash_update(ops->priv, &o->th, o->msg_d, o->msg_d_len);
	if (!st)
		st = ops->hash_update(ops->priv, &o->th, o->dev_hash[k.slot], o->neg.hash_size);
	if (!st)
		st = ops->hash_update(ops->priv, &o->th, o->last, k.len);
	return st ? st : ops->hash_update(ops->priv, &o->th, m, kr.len);
}

/* FINISH in the clear with its Signature: over TH || Hash(Cm) || FINISH up to it. */
static cspdm_status on_finish(struct cspdm_obs_mutual *o, const uint8_t *m, size_t len)
{
	const struct cspdm_crypto_ops *ops = o->ops;
	uint8_t digest[CSPDM_MAX_HASH_SIZE];
	struct spdm_finish f;
	cspdm_status st = spdm_dec_finish(&o->neg, m, len, &f, &o->err);

	if (st || !o->th_live || !f.sig_included)
		return st;
	if (!o->req_key)
		return fail(o, CSPDM_E_STATE, "FINISH (the requester's chain not seen)");
	st = o->multi_key_req ? ops->hash_update(ops->priv, &o->th, o->encap_d, o->encap_d_len)
			      : CSPDM_OK;
	if (!st)
		st = ops->hash_update(ops->priv, &o->th, o->req_hash, o->neg.hash_size);
	if (!st)
		st = ops->hash_update(ops->priv, &o->th, m, f.signed_len);
	o->th_live = 0;
	if (!st)
		st = ops->hash_final(ops->priv, &o->th, digest);
	if (!st)
		st = cspdm_verify_spdm_sig(ops, o->neg.version, o->req_key, o->algs.req_asym,
					   o->algs.base_hash, serve_sig_context(CSPDM_SIG_FINISH),
					   digest, f.signature, o->neg.req_sig_size);
	if (st)
		return fail(o, st, "the requester's FINISH Signature");
	o->finish_signatures++;
	return CSPDM_OK;
}

/* ---- dispatch ----------------------------------------------------------------------------- */

static cspdm_status on_request(struct cspdm_obs_mutual *o, const uint8_t *m, size_t len)
{
	if (m[1] == SPDM_GET_VERSION)
		forget(o);
	if (m[1] == SPDM_DELIVER_ENCAPSULATED_RESPONSE)
		return on_deliver(o, m, len);
	if (m[1] == SPDM_FINISH)
		return on_finish(o, m, len);
	o->last_len = len <= sizeof(o->last) ? len : 0;
	if (o->last_len)
		memcpy(o->last, m, len);
	return CSPDM_OK;
}

cspdm_status cspdm_obs_mut_message(struct cspdm_obs_mutual *o, const uint8_t *msg, size_t len,
				   uint32_t max_pad)
{
	struct spdm_hdr h;
	cspdm_status st = spdm_peek_header(msg, len, &h, &o->err);

	if (st)
		return st;
	o->neg.max_pad = max_pad;
	if (h.code & 0x80)
		return on_request(o, msg, len);
	switch (h.code) {
	case SPDM_VERSION:
	case SPDM_CAPABILITIES:
	case SPDM_ALGORITHMS:
		return on_vca(o, msg, len);
	case SPDM_DIGESTS:
		return on_dev_digests(o, msg, len);
	case SPDM_CERTIFICATE:
		return on_dev_cert(o, msg, len);
	case SPDM_CHALLENGE_AUTH:
		return on_challenge_auth(o, msg);
	case SPDM_ENCAPSULATED_REQUEST:
	case SPDM_ENCAPSULATED_RESPONSE_ACK:
		return keep_encap(o, msg, len);
	case SPDM_KEY_EXCHANGE_RSP:
		return on_key_exchange_rsp(o, msg, len);
	default:
		return CSPDM_OK;
	}
}
