/* SPDX-License-Identifier: BSD-3-Clause */
#include "observer.h"

#include "codec/certchain.h"
#include "secured.h"

#include <string.h>

#define CHALLENGE_AUTH_CONTEXT "responder-challenge_auth signing"
#define MEASUREMENTS_CONTEXT   "responder-measurements signing"
#define KEY_EXCHANGE_CONTEXT   "responder-key_exchange_rsp signing"
#define SLOT_PUBKEY	       0xFF /* KEY_EXCHANGE SlotID: a provisioned public key, no chain */

void cspdm_obs_init(struct cspdm_observer *o, const struct cspdm_crypto_ops *ops, uint8_t *chain,
		    size_t chain_cap)
{
	memset(o, 0, sizeof(*o));
	o->ops = ops;
	o->chain = chain;
	o->chain_cap = chain_cap;
	o->neg.version = CSPDM_V10;
	tr_init(&o->tr, ops, NULL, 0);
	tr_init(&o->tr_l, ops, NULL, 0);
}

static void drop_key(struct cspdm_observer *o, unsigned slot)
{
	if (o->slot_key[slot])
		o->ops->key_free(o->ops->priv, o->slot_key[slot]);
	o->slot_key[slot] = NULL;
}

void cspdm_obs_deinit(struct cspdm_observer *o)
{
	unsigned s;

	tr_reset(&o->tr);
	tr_reset(&o->tr_l);
	for (s = 0; s < CSPDM_MAX_SLOTS; s++)
		drop_key(o, s);
}

cspdm_status cspdm_obs_known_key(struct cspdm_observer *o, uint8_t slot, void *key,
				 const uint8_t *chain_hash, size_t hash_len)
{
	if (slot >= CSPDM_MAX_SLOTS || !key || !chain_hash || hash_len > CSPDM_MAX_HASH_SIZE)
		return CSPDM_E_INVALID_ARG;
	drop_key(o, slot);
	o->slot_key[slot] = key;
	memset(o->slot_hash[slot], 0, CSPDM_MAX_HASH_SIZE);
	memcpy(o->slot_hash[slot], chain_hash, hash_len);
	return CSPDM_OK;
}

static cspdm_status obs_fail(struct cspdm_observer *o, cspdm_status st, const char *field,
			     uint32_t off)
{
	o->err.code = st;
	o->err.request_code = o->req_code;
	if (field) {
		o->err.field = field;
		o->err.offset = off;
	}
	return st;
}

/* The requests the observer follows; it passes over the others and their responses. */
static int followed(uint8_t code)
{
	switch (code) {
	case SPDM_GET_VERSION:
	case SPDM_GET_CAPABILITIES:
	case SPDM_NEGOTIATE_ALGORITHMS:
	case SPDM_GET_DIGESTS:
	case SPDM_GET_CERTIFICATE:
	case SPDM_CHALLENGE:
	case SPDM_GET_MEASUREMENTS:
	case SPDM_KEY_EXCHANGE:
	case SPDM_FINISH:
		return 1;
	default:
		return 0; /* encapsulated flows, PSK, VENDOR_DEFINED, RESPOND_IF_READY, ... */
	}
}

/* A request whose header h was read. */
static cspdm_status on_request(struct cspdm_observer *o, const struct spdm_hdr *h,
			       const uint8_t *msg, size_t len)
{
	cspdm_status st;

	o->req_code = h->code;
	/* L1/L2 covers consecutive GET_MEASUREMENTS only */
	if (h->code != SPDM_GET_MEASUREMENTS && o->l_dirty) {
		o->l_dirty = 0;
		st = tr_restart(&o->tr_l, o->algs.base_hash);
		if (st)
			return st;
	}
	if (h->code == SPDM_GET_CAPABILITIES)
		o->neg.version = h->version;
	if (!followed(h->code)) {
		o->passed_over++;
		return CSPDM_OK;
	}
	if (len > sizeof(o->req))
		return obs_fail(o, CSPDM_E_LENGTH, "end of message", (uint32_t)sizeof(o->req));
	memcpy(o->req, msg, len);
	o->req_len = len;
	o->messages++;
	return CSPDM_OK;
}

static cspdm_status append_to(struct transcript *t, const uint8_t *req, size_t req_len,
			      const uint8_t *rsp, size_t rsp_len)
{
	cspdm_status st = tr_append(t, req, req_len);

	return st ? st : tr_append(t, rsp, rsp_len);
}

static cspdm_status append_pair(struct cspdm_observer *o, size_t req_len, const uint8_t *rsp,
				size_t rsp_len)
{
	return append_to(&o->tr, o->req, req_len, rsp, rsp_len);
}

static cspdm_status on_version(struct cspdm_observer *o, const uint8_t *rsp, size_t len,
			       uint32_t pad)
{
	struct spdm_version_rsp v;
	cspdm_status st = spdm_dec_get_version(o->req, o->req_len, pad, &o->err);

	if (!st)
		st = spdm_dec_version(rsp, len, pad, &v, &o->err);
	if (st)
		return st;
	tr_reset(&o->tr);
	tr_reset(&o->tr_l);
	o->l_dirty = 0;
	o->msg_d_len = 0;
	memset(&o->algs, 0, sizeof(o->algs));
	return append_pair(o, 4, rsp, v.len);
}

static cspdm_status on_caps(struct cspdm_observer *o, const uint8_t *rsp, size_t len, uint32_t pad)
{
	struct spdm_caps req;
	uint8_t ver;
	cspdm_status st = spdm_dec_get_caps(o->req, o->req_len, pad, &req, &ver, &o->err);

	o->neg.max_pad = pad;
	if (!st)
		st = spdm_dec_caps(&o->neg, rsp, len, &o->caps, &o->err);
	if (st)
		return st;
	o->req_caps = req.flags;
	return append_pair(o, req.len, rsp, o->caps.len);
}

/* What the decoders need from the negotiation, sessions included. */
static void set_neg(struct cspdm_observer *o)
{
	struct spdm_neg *n = &o->neg;

	n->hash_size = cspdm_hash_size(o->algs.base_hash);
	n->sig_size = cspdm_sig_size(o->algs.base_asym);
	n->multi_key = (o->algs.other_params & SPDM_MULTI_KEY_CONN) != 0;
	n->dhe_size = cspdm_dhe_size(o->algs.dhe);
	n->req_sig_size = cspdm_sig_size(o->algs.req_asym);
	n->hs_in_clear = (o->req_caps & o->caps.flags & SPDM_CAP_HANDSHAKE_IN_CLEAR) != 0;
}

static cspdm_status on_algorithms(struct cspdm_observer *o, const uint8_t *rsp, size_t len)
{
	cspdm_status st = spdm_dec_neg_algs(&o->neg, o->req, o->req_len, &o->offered, &o->err);

	if (!st)
		st = spdm_dec_algorithms(&o->neg, &o->offered, o->caps.flags, rsp, len, &o->algs,
					 &o->err);
	if (st)
		return st;
	set_neg(o);
	st = append_pair(o, o->offered.len, rsp, o->algs.len);
	if (!st && o->neg.version >= CSPDM_V12)
		st = tr_append(&o->tr_l, o->tr.vca, o->tr.vca_len);
	if (!st)
		st = tr_start_hash(&o->tr_l, o->algs.base_hash);
	return st ? st : tr_start_hash(&o->tr, o->algs.base_hash);
}

static cspdm_status on_digests(struct cspdm_observer *o, const uint8_t *rsp, size_t len)
{
	struct spdm_digests d;
	cspdm_status st = spdm_dec_get_digests(&o->neg, o->req, o->req_len, &o->err);

	if (!st)
		st = spdm_dec_digests(&o->neg, rsp, len, &d, &o->err);
	if (st)
		return st;
	if (!o->msg_d_len && d.len <= sizeof(o->msg_d)) { /* the first after VCA: D of TH */
		memcpy(o->msg_d, rsp, d.len);
		o->msg_d_len = d.len;
	}
	return append_pair(o, 4, rsp, d.len);
}

/* The chain is complete: validate it (no trust store needed) and keep the leaf key. */
static cspdm_status chain_key(struct cspdm_observer *o)
{
	struct spdm_cert_chain cc;
	struct cspdm_x509_params p;
	struct cspdm_x509_result res;
	uint32_t bad = 0;
	cspdm_status st = spdm_dec_cert_chain(o->neg.version, o->neg.hash_size, o->chain,
					      o->chain_len, &cc, &o->err);

	if (st)
		return st;
	memset(&p, 0, sizeof(p));
	memset(&res, 0, sizeof(res));
	p.base_asym = o->algs.base_asym;
	drop_key(o, o->chain_slot);
	st = o->ops->x509_validate(o->ops->priv, cc.certs, cc.certs_len, &p, &res, &bad);
	if (st)
		return obs_fail(o, st, "CertChain.Certificate[index]", bad);
	o->slot_key[o->chain_slot] = res.pubkey;
	return cspdm_hash_oneshot(o->ops, o->algs.base_hash, o->chain, o->chain_len,
				  o->slot_hash[o->chain_slot]);
}

static cspdm_status on_cert(struct cspdm_observer *o, const uint8_t *rsp, size_t len)
{
	struct spdm_get_cert g;
	struct spdm_cert_rsp c;
	cspdm_status st = spdm_dec_get_cert(&o->neg, o->req, o->req_len, &g, &o->err);

	if (!st)
		st = spdm_dec_cert(&o->neg, &g, rsp, len, &c, &o->err);
	if (st)
		return st;
	if (g.offset == 0) {
		o->chain_len = 0;
		o->chain_slot = g.slot;
	}
	if (g.offset != o->chain_len || g.slot != o->chain_slot)
		return obs_fail(o, CSPDM_E_CERT_REMAINDER, "Offset", 4);
	if ((uint64_t)o->chain_len + c.portion_len > o->chain_cap)
		return obs_fail(o, CSPDM_E_CERT_TOO_LARGE, "PortionLength", 4);
	memcpy(o->chain + o->chain_len, c.portion, c.portion_len);
	o->chain_len += c.portion_len;
	st = append_pair(o, g.len, rsp, c.len);
	if (!st && c.remainder_len == 0)
		st = chain_key(o);
	return st;
}

/* Verify a signature over transcript t with the slot's key (Table "signing contexts"). */
static cspdm_status verify_tr(struct cspdm_observer *o, struct transcript *t, void *key,
			      const char *context, const uint8_t *sig)
{
	uint8_t digest[CSPDM_MAX_HASH_SIZE];
	cspdm_status st = tr_final(t, digest);

	if (st)
		return st;
	return cspdm_verify_spdm_sig(o->ops, o->neg.version, key, o->algs.base_asym,
				     o->algs.base_hash, context, digest, sig, o->neg.sig_size);
}

static cspdm_status verify_auth(struct cspdm_observer *o, const struct spdm_challenge_auth *a)
{
	if (memcmp(o->slot_hash[a->slot], a->cert_chain_hash, o->neg.hash_size) != 0)
		return obs_fail(o, CSPDM_E_CHAIN_DIGEST, "CertChainHash", 4);
	return verify_tr(o, &o->tr, o->slot_key[a->slot], CHALLENGE_AUTH_CONTEXT, a->signature);
}

static cspdm_status on_measurements(struct cspdm_observer *o, const uint8_t *rsp, size_t len)
{
	struct spdm_get_meas g;
	struct spdm_meas_rsp m;
	cspdm_status st;

	memset(&m, 0, sizeof(m));
	st = spdm_dec_get_meas(&o->neg, o->req, o->req_len, &g, &o->err);
	if (!st)
		st = spdm_dec_meas(&o->neg, &g, rsp, len, &m, &o->err);
	if (!st)
		st = append_to(&o->tr_l, o->req, g.len, rsp, m.signed_len);
	if (st)
		return st;
	o->measurements++;
	o->l_dirty = 1;
	if (!m.signature)
		return CSPDM_OK;
	if (g.slot >= CSPDM_MAX_SLOTS || !o->slot_key[g.slot])
		return obs_fail(o, CSPDM_E_SLOT, "SlotIDParam", 4 + CSPDM_NONCE_SIZE);
	st = verify_tr(o, &o->tr_l, o->slot_key[g.slot], MEASUREMENTS_CONTEXT, m.signature);
	if (st)
		return obs_fail(o, st, st == CSPDM_E_SIGNATURE ? "Signature" : NULL,
				(uint32_t)m.signed_len);
	o->signed_measurements++;
	o->l_dirty = 0;
	return tr_restart(&o->tr_l, o->algs.base_hash);
}

/* The measurement summary hash a response carries for this MeasurementSummaryHashType. */
static uint32_t summary_size(const struct cspdm_observer *o, uint8_t type)
{
	return (type && (o->caps.flags & SPDM_CAP_MEAS_MASK)) ? o->neg.hash_size : 0;
}

static cspdm_status on_challenge_auth(struct cspdm_observer *o, const uint8_t *rsp, size_t len)
{
	struct spdm_challenge c;
	struct spdm_challenge_auth a;
	cspdm_status st = spdm_dec_challenge(&o->neg, o->req, o->req_len, &c, &o->err);

	if (st)
		return st;
	o->neg.meas_hash_size = summary_size(o, c.meas_summary_type);
	st = spdm_dec_challenge_auth(&o->neg, rsp, len, &a, &o->err);
	if (st)
		return st;
	if (c.slot >= CSPDM_MAX_SLOTS || a.slot != c.slot || !o->slot_key[c.slot])
		return obs_fail(o, CSPDM_E_SLOT, "Param1 (SlotID)", 2);
	st = append_pair(o, c.len, rsp, a.signed_len);
	if (!st)
		st = verify_auth(o, &a);
	if (st)
		return obs_fail(o, st, st == CSPDM_E_SIGNATURE ? "Signature" : NULL,
				(uint32_t)a.signed_len);
	o->challenges++;
	/* M1/M2 starts again from A for the next authentication. */
	return tr_restart(&o->tr, o->algs.base_hash);
}

/* ---- sessions -------------------------------------------------------------------------------- */

static struct cspdm_obs_session *add_session(struct cspdm_observer *o, uint32_t id, uint8_t kx)
{
	struct cspdm_obs_session *s;

	if (o->nsessions == CSPDM_OBS_MAX_SESSIONS) {
		o->sessions_full = 1;
		return NULL;
	}
	s = &o->sessions[o->nsessions++];
	s->id = id;
	s->key_exchange = kx;
	s->secured = 0;
	return s;
}

/* The latest session with this ID (IDs may be used again once a session ended). */
static struct cspdm_obs_session *find_session(struct cspdm_observer *o, uint32_t id)
{
	uint32_t i = o->nsessions;

	while (i--)
		if (o->sessions[i].id == id)
			return &o->sessions[i];
	return NULL;
}

/*
 * 1.3 MULTI_KEY_CONN_RSP (as libspdm decides it): the responder's MULTI_KEY_CAP is "only", or
 * "negotiated" and the requester offered MULTI_KEY_CONN in NEGOTIATE_ALGORITHMS.
 */
static int multi_key_rsp(const struct cspdm_observer *o)
{
	uint32_t cap = (o->caps.flags & SPDM_CAP_MULTI_KEY_MASK) >> 26;

	if (o->neg.version < CSPDM_V13)
		return 0;
	return cap == 1 || (cap == 2 && (o->offered.other_params & SPDM_MULTI_KEY_CONN));
}

/* TH up to the signature: VCA || [D: the first DIGESTS, with MULTI_KEY_CONN_RSP] ||
 * Hash(the slot's chain) || KEY_EXCHANGE || the response up to the signature. */
static cspdm_status verify_kx(struct cspdm_observer *o, const struct spdm_key_exchange *k,
			      const uint8_t *rsp, const struct spdm_key_exchange_rsp *r)
{
	struct transcript th;
	cspdm_status st;

	tr_init(&th, o->ops, NULL, 0);
	st = tr_start_hash(&th, o->algs.base_hash);
	if (!st)
		st = tr_append(&th, o->tr.vca, o->tr.vca_len);
	if (!st && multi_key_rsp(o))
		st = tr_append(&th, o->msg_d, o->msg_d_len);
	if (!st)
		st = tr_append(&th, o->slot_hash[k->slot], o->neg.hash_size);
	if (!st)
		st = append_to(&th, o->req, k->len, rsp, r->signed_len);
	if (!st)
		return verify_tr(o, &th, o->slot_key[k->slot], KEY_EXCHANGE_CONTEXT, r->signature);
	tr_reset(&th);
	return st;
}

static cspdm_status on_key_exchange(struct cspdm_observer *o, const uint8_t *rsp, size_t len)
{
	struct spdm_key_exchange k;
	struct spdm_key_exchange_rsp r;
	cspdm_status st = spdm_dec_key_exchange(&o->neg, o->req, o->req_len, &k, &o->err);

	if (st)
		return st;
	o->neg.meas_hash_size = summary_size(o, k.meas_summary_type);
	st = spdm_dec_key_exchange_rsp(&o->neg, rsp, len, &r, &o->err);
	if (st)
		return st;
	o->key_exchanges++;
	add_session(o, (uint32_t)k.req_session_id | (uint32_t)r.rsp_session_id << 16, 1);
	if (k.slot == SLOT_PUBKEY || !o->slot_key[k.slot]) {
		o->kx_chain_not_seen++; /* no chain in the capture: nothing to verify against */
		return CSPDM_OK;
	}
	st = verify_kx(o, &k, rsp, &r);
	if (st)
		return obs_fail(o, st, st == CSPDM_E_SIGNATURE ? "Signature" : NULL,
				(uint32_t)r.signed_len);
	o->kx_verified++;
	return CSPDM_OK;
}

/* FINISH/FINISH_RSP in the clear: decoded; their HMACs need the session's keys. */
static cspdm_status on_finish(struct cspdm_observer *o, const uint8_t *rsp, size_t len)
{
	struct spdm_finish f;
	struct spdm_finish_rsp fr;
	cspdm_status st = spdm_dec_finish(&o->neg, o->req, o->req_len, &f, &o->err);

	if (!st)
		st = spdm_dec_finish_rsp(&o->neg, rsp, len, &fr, &o->err);
	if (!st)
		o->finishes++;
	return st;
}

cspdm_status cspdm_obs_secured(struct cspdm_observer *o, const uint8_t *rec, size_t len)
{
	struct cspdm_obs_session *s;
	uint32_t id = 0;

	if (!sec_peek_session_id(rec, len, &id)) {
		o->err.code = CSPDM_E_LENGTH;
		o->err.field = "SessionID";
		o->err.offset = 0;
		return CSPDM_E_LENGTH;
	}
	o->secured++;
	s = find_session(o, id);
	if (!s)
		s = add_session(o, id, 0); /* its handshake was not seen (PSK, or encrypted) */
	if (s)
		s->secured++;
	return CSPDM_OK;
}

/* ---- responses ------------------------------------------------------------------------------- */

static cspdm_status dispatch(struct cspdm_observer *o, const uint8_t *msg, size_t len, uint32_t pad)
{
	switch (o->req_code) {
	case SPDM_GET_VERSION:
		return on_version(o, msg, len, pad);
	case SPDM_GET_CAPABILITIES:
		return on_caps(o, msg, len, pad);
	case SPDM_NEGOTIATE_ALGORITHMS:
		return on_algorithms(o, msg, len);
	case SPDM_GET_DIGESTS:
		return on_digests(o, msg, len);
	case SPDM_GET_CERTIFICATE:
		return on_cert(o, msg, len);
	case SPDM_CHALLENGE:
		return on_challenge_auth(o, msg, len);
	case SPDM_GET_MEASUREMENTS:
		return on_measurements(o, msg, len);
	case SPDM_KEY_EXCHANGE:
		return on_key_exchange(o, msg, len);
	default: /* SPDM_FINISH: followed() lets no other request through */
		return on_finish(o, msg, len);
	}
}

/* A response whose header h was read (a chunk reply, ERROR LargeResponse: observer_chunk.c). */
static cspdm_status on_response(struct cspdm_observer *o, const struct spdm_hdr *h,
				const uint8_t *msg, size_t len, uint32_t pad)
{
	if (o->chunk.pending)
		return obs_chunk_response(o, msg, len, pad);
	o->neg.max_pad = pad;
	if (h->code == SPDM_ERROR && h->param1 == SPDM_ERR_LARGE_RESPONSE && o->chunk.buf)
		return obs_chunk_large(o, msg, len); /* the response comes in chunks */
	if (!o->req_len) {
		o->passed_over += o->req_code != 0; /* the answer to a request passed over */
		return CSPDM_OK;
	}
	o->err.response_code = h->code;
	o->messages++;
	if (h->code == SPDM_ERROR && o->req_code == SPDM_GET_MEASUREMENTS && o->algs.base_hash) {
		/* an ERROR ends the measurement sequence: L1/L2 starts again (as libspdm does) */
		o->l_dirty = 0;
		return tr_restart(&o->tr_l, o->algs.base_hash);
	}
	if (h->code == SPDM_ERROR)
		return CSPDM_OK; /* an ERROR pair is not part of any transcript */
	return dispatch(o, msg, len, pad);
}

/* A request whose header h was read: chunks of a large request, or the request itself. */
static cspdm_status request_in(struct cspdm_observer *o, const struct spdm_hdr *h,
			       const uint8_t *msg, size_t len, uint32_t max_pad)
{
	if (o->chunk.buf && (h->code == SPDM_CHUNK_SEND || h->code == SPDM_CHUNK_GET))
		return obs_chunk_request(o, h, msg, len, max_pad); /* the request in flight stays */
	o->chunk.pending = 0;
	o->req_len = 0;
	return on_request(o, h, msg, len);
}

cspdm_status cspdm_obs_request(struct cspdm_observer *o, const uint8_t *msg, size_t len,
			       uint32_t max_pad)
{
	struct spdm_hdr h;
	cspdm_status st = spdm_peek_header(msg, len, &h, &o->err);

	if (!st)
		return request_in(o, &h, msg, len, max_pad);
	o->chunk.pending = 0;
	o->req_len = 0;
	return st;
}

cspdm_status cspdm_obs_response(struct cspdm_observer *o, const uint8_t *msg, size_t len,
				uint32_t max_pad)
{
	struct spdm_hdr h;
	cspdm_status st = spdm_peek_header(msg, len, &h, &o->err);

	return st ? st : on_response(o, &h, msg, len, max_pad);
}

cspdm_status cspdm_obs_message(struct cspdm_observer *o, const uint8_t *msg, size_t len,
			       uint32_t max_pad)
{
	struct spdm_hdr h;
	cspdm_status st = spdm_peek_header(msg, len, &h, &o->err);

	if (st || !(h.code & 0x80))
		return st ? st : on_response(o, &h, msg, len, max_pad);
	return request_in(o, &h, msg, len, max_pad);
}
