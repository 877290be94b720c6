/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The responder's side of sessions: KEY_EXCHANGE_RSP (signed over TH with the slot's key),
 * FINISH_RSP, and inside a session HEARTBEAT_ACK, KEY_UPDATE_ACK, END_SESSION_ACK and the
 * requests that may travel there (measurements, digests, certificates). The flows are the
 * requester's (requester_session.c) read backwards, on the same TH and key schedule helpers.
 * Sessions live in the caller's memory (cfg.session_mem); the responder only indexes them.
 */
#include "responder_ctx.h"
#include "session_ctx.h"

#include <string.h>

#define KE_CONTEXT "responder-key_exchange_rsp signing"
#define OPAQUE_MAX 32
#define RSP_SID	   0xFFFF

static const uint16_t sm_versions[] = {CSPDM_SM_VERSION_12, CSPDM_SM_VERSION_11,
				       CSPDM_SM_VERSION_10}; /* best first */

static struct cspdm_session *sess_at(const struct cspdm_responder *r, unsigned i)
{
	return (struct cspdm_session *)r->cfg.session_mem + i;
}

static int live(const struct cspdm_session *s)
{
	return s->state == CSPDM_SESSION_HANDSHAKING || s->state == CSPDM_SESSION_OPEN;
}

static uint32_t both(const struct cspdm_responder *r, uint32_t flag)
{
	return r->cfg.caps & r->req_caps.flags & flag;
}

/* KEY_EXCHANGE_RSP is signed: no session without a signature and a hash algorithm. */
int rsp_sessions_on(const struct cspdm_responder *r)
{
	return r->cfg.session_mem && r->cfg.session_count && r->neg.version >= CSPDM_V11 &&
	       both(r, SPDM_CAP_KEY_EX) && (both(r, SPDM_CAP_ENCRYPT) || both(r, SPDM_CAP_MAC)) &&
	       r->algs.dhe && r->algs.aead && r->algs.key_schedule && r->algs.base_asym &&
	       r->algs.base_hash;
}

void rsp_sess_reset(struct cspdm_responder *r)
{
	unsigned i;

	for (i = 0; r->cfg.session_mem && i < r->cfg.session_count; i++) {
		sess_wipe(sess_at(r, i), CSPDM_SESSION_NONE);
		memset(sess_at(r, i), 0, sizeof(struct cspdm_session));
	}
	r->cur = r->l_owner = NULL;
	r->hs_clear = 0;
}

unsigned cspdm_responder_sessions(const struct cspdm_responder *r)
{
	unsigned i, n = 0;

	for (i = 0; r && r->cfg.session_mem && i < r->cfg.session_count; i++)
		n += (unsigned)live(sess_at(r, i));
	return n;
}

/* Our preference among what both offer: the first listed. */
static uint16_t pick(uint16_t offered, uint16_t ours, const uint16_t *order, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (order[i] & offered & ours)
			return order[i];
	return 0;
}

void rsp_select_session_algs(const struct cspdm_responder *r, const struct spdm_neg_algs_req *q,
			     struct spdm_algorithms *a)
{
	static const uint16_t dhe[] = {CSPDM_DHE_SECP384R1,  CSPDM_DHE_SECP256R1,
				       CSPDM_DHE_SECP521R1,  CSPDM_DHE_FFDHE_3072,
				       CSPDM_DHE_FFDHE_2048, CSPDM_DHE_FFDHE_4096};
	static const uint16_t aead[] = {CSPDM_AEAD_AES_256_GCM, CSPDM_AEAD_CHACHA20_POLY1305,
					CSPDM_AEAD_AES_128_GCM};

	if (!r->cfg.session_count || (!both(r, SPDM_CAP_KEY_EX) && !rsp_psk_offered(r)))
		return;
	a->dhe = pick(q->dhe, r->cfg.dhe ? r->cfg.dhe : 0x3F, dhe, 6);
	a->aead = pick(q->aead, r->cfg.aead ? r->cfg.aead : 0x07, aead, 3);
	a->key_schedule = q->key_schedule & 0x0001;
}

/* A session request to a device that serves no sessions: UnsupportedRequest naming it. */
static size_t sessions_off(struct cspdm_responder *r, uint8_t code, uint8_t *out, size_t cap)
{
	r->err.code = CSPDM_E_UNSUPPORTED;
	return rsp_error(r, SPDM_ERR_UNSUPPORTED_REQUEST, code, out, cap);
}

/* HEARTBEAT, KEY_UPDATE, END_SESSION outside a session (1.2 named SessionRequired). */
size_t rsp_session_required(struct cspdm_responder *r, uint8_t code, uint8_t *out, size_t cap)
{
	if (!rsp_sessions_on(r) && !rsp_psk_offered(r))
		return sessions_off(r, code, out, cap);
	r->err.code = CSPDM_E_NOT_SECURED;
	if (r->neg.version >= CSPDM_V12)
		return rsp_error(r, SPDM_ERR_SESSION_REQUIRED, 0, out, cap);
	return rsp_error(r, SPDM_ERR_UNEXPECTED_REQUEST, 0, out, cap);
}

size_t rsp_refuse_state(struct cspdm_responder *r, uint8_t *out, size_t cap)
{
	r->err.code = CSPDM_E_STATE;
	return rsp_error(r, SPDM_ERR_UNEXPECTED_REQUEST, 0, out, cap);
}

/* ---- KEY_EXCHANGE ---------------------------------------------------------------------------- */

static struct cspdm_session *free_session(const struct cspdm_responder *r, unsigned *index)
{
	unsigned i;

	for (i = 0; i < r->cfg.session_count; i++)
		if (!live(sess_at(r, i))) {
			*index = i;
			return sess_at(r, i);
		}
	return NULL;
}

static int sid_taken(const struct cspdm_responder *r, uint16_t sid)
{
	unsigned i;

	for (i = 0; i < r->cfg.session_count; i++)
		if (live(sess_at(r, i)) && (sess_at(r, i)->session_id >> 16) == sid)
			return 1;
	return 0;
}

/* The best secured-message version we share with the requester's SupportedVersionList. */
cspdm_status rsp_sess_pick_sm(struct cspdm_responder *r, const uint8_t *opaque, size_t len,
			      uint16_t *ver)
{
	struct spdm_opaque_sm o;
	uint8_t general = r->neg.version >= CSPDM_V12 && (r->algs.other_params & SPDM_OPAQUE_FMT_1);
	unsigned i, j;

	if (spdm_dec_opaque_sm(general, opaque, len, &o, &r->err))
		return r->err.code;
	for (i = 0; i < 3; i++) {
		unsigned bit = 2 - i; /* sm_versions[] runs 1.2, 1.1, 1.0 */
		if (r->cfg.sm_versions && !((r->cfg.sm_versions >> bit) & 1))
			continue;
		for (j = 0; o.has_supported && j < o.count; j++)
			if ((o.supported[j] & 0xFF00) == sm_versions[i]) {
				*ver = sm_versions[i];
				return CSPDM_OK;
			}
	}
	r->err.field = "OpaqueData.SupportedVersionList";
	return CSPDM_E_FIELD;
}

static void setup(struct cspdm_responder *r, struct cspdm_session *s, unsigned index,
		  uint16_t req_sid)
{
	uint16_t sid = (uint16_t)(RSP_SID - index);

	memset(s, 0, sizeof(*s));
	s->magic = CSPDM_SESSION_MAGIC;
	s->ks.ops = r->cfg.crypto;
	s->ks.hash = r->algs.base_hash;
	s->ks.hash_size = r->neg.hash_size;
	s->ks.version = r->neg.version;
	s->cfg.binding = r->cfg.binding;
	s->dhe = r->algs.dhe;
	s->aead = s->sec.aead = r->algs.aead;
	s->sec.mac_only = s->mac_only = (uint8_t)!both(r, SPDM_CAP_ENCRYPT);
	s->in_clear = (uint8_t) !!both(r, SPDM_CAP_HANDSHAKE_IN_CLEAR);
	while (sid_taken(r, sid))
		sid--;
	s->req_sid = req_sid;
	s->session_id = (uint32_t)req_sid | ((uint32_t)sid << 16);
	s->heartbeat_period = both(r, SPDM_CAP_HBEAT) ? r->cfg.heartbeat_period : 0;
}

/* A free session set up for the negotiated parameters (NULL: at the limit, err.code set). */
struct cspdm_session *rsp_sess_new(struct cspdm_responder *r, uint16_t req_sid, unsigned *index)
{
	struct cspdm_session *s = free_session(r, index);

	if (s)
		setup(r, s, *index, req_sid);
	else
		r->err.code = CSPDM_E_STATE;
	return s;
}

/* KEY_EXCHANGE_RSP up to the signature, into out; *n its length. */
static cspdm_status ke_encode(struct cspdm_responder *r, struct cspdm_session *s,
			      const struct spdm_key_exchange *k, uint8_t *out, size_t cap,
			      size_t *n)
{
	const struct cspdm_crypto_ops *ops = r->cfg.crypto;
	uint8_t pub[CSPDM_MAX_DHE_SIZE], random[SPDM_RANDOM_SIZE], opaque[OPAQUE_MAX];
	uint8_t summary[CSPDM_MAX_HASH_SIZE];
	uint8_t general = r->neg.version >= CSPDM_V12 && (r->algs.other_params & SPDM_OPAQUE_FMT_1);
	struct spdm_key_exchange_rsp rk;
	size_t olen = 0;
	cspdm_status st = ops->random(ops->priv, random, sizeof(random));

	if (!st)
		st = ops->dhe_generate(ops->priv, s->dhe, &s->dhe_key, pub, r->neg.dhe_size);
	if (!st)
		st = spdm_enc_opaque_sm_selection(general, s->sm_version, opaque, sizeof(opaque),
						  &olen);
	if (!st && k->meas_summary_type)
		st = rsp_meas_summary(r, k->meas_summary_type, summary);
	if (st)
		return st;
	memset(&rk, 0, sizeof(rk));
	rk.heartbeat_period = s->heartbeat_period;
	rk.mut_auth = s->mut_auth; /* responder_mutual.c chose it */
	rk.req_slot = s->mut_auth ? r->cfg.req_slot : 0;
	rk.rsp_session_id = (uint16_t)(s->session_id >> 16);
	rk.random = random;
	rk.exchange = pub;
	rk.meas_summary = k->meas_summary_type ? summary : NULL;
	rk.opaque = opaque;
	rk.opaque_len = (uint16_t)olen;
	return spdm_enc_key_exchange_rsp(&r->neg, &rk, out, cap, n);
}

/* TH up to the signature, the signature, TH1, the handshake keys, ResponderVerifyData. */
static cspdm_status ke_sign(struct cspdm_responder *r, struct cspdm_session *s,
			    const struct spdm_key_exchange *k, const uint8_t *req, uint8_t *out,
			    size_t cap, size_t *n)
{
	uint8_t digest[CSPDM_MAX_HASH_SIZE];
	uint32_t sig = r->neg.sig_size, hs = r->neg.hash_size;
	cspdm_status st = sess_th_init(s);

	if (!st)
		st = sess_th_add(s, &s->th, r->tr.vca, r->tr.vca_len);
	if (!st)
		st = sess_th_add(s, &s->th, r->digest[k->slot], hs);
	if (!st)
		st = sess_th_add(s, &s->th, req, k->len);
	if (!st)
		st = sess_th_add(s, &s->th, out, *n);
	if (!st && cap - *n < (size_t)sig + hs)
		st = CSPDM_E_BUFFER_TOO_SMALL;
	if (!st)
		st = sess_th_peek(s, &s->th, digest);
	if (!st)
		st = rsp_sign_digest(r, digest, k->slot, KE_CONTEXT, out + *n);
	if (!st)
		st = sess_th_add(s, &s->th, out + *n, sig);
	*n += sig;
	if (!st)
		st = sess_handshake_keys(s, k->exchange, r->neg.dhe_size, digest);
	if (st || s->in_clear)
		return st;
	st = sess_hmac(s, s->k.hs.rsp_finished, digest, out + *n);
	if (!st)
		st = sess_th_add(s, &s->th, out + *n, hs);
	*n += hs;
	return st;
}

static cspdm_status ke_check(const struct cspdm_responder *r, const struct spdm_key_exchange *k)
{
	if (!r->algs.base_asym) /* no signing algorithm in common (found by fuzz_mutual) */
		return CSPDM_E_UNSUPPORTED;
	if (k->slot >= CSPDM_MAX_SLOTS || !((r->provisioned >> k->slot) & 1))
		return CSPDM_E_SLOT;
	if (k->meas_summary_type && (!(r->cfg.caps & SPDM_CAP_MEAS_MASK) || !r->algs.meas_spec))
		return CSPDM_E_FIELD;
	return CSPDM_OK;
}

size_t rsp_key_exchange(struct cspdm_responder *r, const uint8_t *req, size_t len, uint8_t *out,
			size_t cap)
{
	struct spdm_key_exchange k;
	struct cspdm_session *s;
	unsigned index = 0;
	uint16_t ver = 0;
	size_t n = 0;
	cspdm_status st;

	if (!rsp_sessions_on(r))
		return sessions_off(r, SPDM_KEY_EXCHANGE, out, cap);
	r->neg.dhe_size = cspdm_dhe_size(r->algs.dhe);
	r->neg.hs_in_clear = (uint8_t) !!both(r, SPDM_CAP_HANDSHAKE_IN_CLEAR);
	r->neg.meas_hash_size = 0;
	st = spdm_dec_key_exchange(&r->neg, req, len, &k, &r->err);
	if (!st)
		st = ke_check(r, &k);
	if (!st)
		st = rsp_sess_pick_sm(r, k.opaque, k.opaque_len, &ver);
	if (st)
		return rsp_refuse(r, st, out, cap);
	s = rsp_sess_new(r, k.req_session_id, &index);
	if (!s)
		return rsp_error(r, SPDM_ERR_SESSION_LIMIT_EXCEEDED, 0, out, cap);
	s->sm_version = ver;
	s->mut_auth = rsp_session_mut_auth(r);
	r->neg.meas_hash_size = k.meas_summary_type ? r->neg.hash_size : 0;
	st = ke_encode(r, s, &k, out, cap, &n);
	if (!st)
		st = ke_sign(r, s, &k, req, out, cap, &n);
	if (st) {
		sess_wipe(s, CSPDM_SESSION_FAILED);
		return rsp_refuse(r, st == CSPDM_E_DHE_KEY ? CSPDM_E_FIELD : st, out, cap);
	}
	s->state = CSPDM_SESSION_HANDSHAKING;
	r->hs_clear = s->in_clear ? (uint8_t)(index + 1) : 0;
	if (s->mut_auth & (SPDM_MUT_AUTH_WITH_ENCAP | SPDM_MUT_AUTH_WITH_GET_DIGESTS) &&
	    rsp_encap_arm(r, RE_HANDSHAKE, s)) {
		sess_wipe(s, CSPDM_SESSION_FAILED);
		return rsp_error(r, SPDM_ERR_UNSPECIFIED, 0, out, cap);
	}
	return n;
}

/* ---- FINISH -------------------------------------------------------------------------------- */

/* RequesterVerifyData; then FINISH_RSP up to its ResponderVerifyData. */
static cspdm_status finish_check(struct cspdm_responder *r, struct cspdm_session *s,
				 const uint8_t *req, const struct spdm_finish *f)
{
	cspdm_status st;

	if (f->sig_included && !s->mut_auth) {
		r->err.field = "Param1 (Signature without mutual authentication)";
		return CSPDM_E_FIELD;
	}
	st = s->mut_auth ? rsp_mut_finish(r, s, req, f) : CSPDM_OK; /* Hash(Cm), Signature */
	return st ? st : sess_finish_check(s, req, f->hmac_off, f->verify_data);
}

static cspdm_status finish_rsp(struct cspdm_responder *r, struct cspdm_session *s, uint8_t *out,
			       size_t cap, size_t *n)
{
	uint8_t digest[CSPDM_MAX_HASH_SIZE];
	struct spdm_finish_rsp fr;
	uint32_t hs = s->ks.hash_size;
	cspdm_status st;

	memset(&fr, 0, sizeof(fr));
	st = spdm_enc_finish_rsp(&r->neg, &fr, out, cap, n);
	if (!st)
		st = sess_th_add(s, &s->th, out, *n);
	if (!st && s->in_clear && cap - *n < hs)
		st = CSPDM_E_BUFFER_TOO_SMALL;
	if (!st && s->in_clear) {
		st = sess_th_peek(s, &s->th, digest);
		if (!st)
			st = sess_hmac(s, s->k.hs.rsp_finished, digest, out + *n);
		if (!st)
			st = sess_th_add(s, &s->th, out + *n, hs);
		*n += hs;
	}
	return st ? st : sess_data_secrets(s);
}

/* A FINISH that ends its session: DecryptError for a bad MAC or signature (DSP0274), else
 * InvalidRequest; sealed first when it came secured. */
static size_t finish_refused(struct cspdm_responder *r, struct cspdm_session *s, cspdm_status st,
			     uint8_t *out, size_t cap)
{
	int decrypt = st == CSPDM_E_VERIFY_DATA || st == CSPDM_E_SIGNATURE;

	r->err.code = st;
	s->after_send = AFTER_FAIL;
	if (!r->cur)
		sess_wipe(s, CSPDM_SESSION_FAILED);
	return rsp_error(r, decrypt ? SPDM_ERR_DECRYPT_ERROR : SPDM_ERR_INVALID_REQUEST, 0, out,
			 cap);
}

/* The session a FINISH belongs to: the one it came in, or the one awaiting it in the clear. */
static struct cspdm_session *finish_session(struct cspdm_responder *r)
{
	struct cspdm_session *s = r->cur;

	if (!s && r->hs_clear && r->hs_clear <= r->cfg.session_count)
		s = sess_at(r, r->hs_clear - 1u);
	if (!s || s->state != CSPDM_SESSION_HANDSHAKING || (r->cur != NULL) == s->in_clear ||
	    s->psk) /* a PSK session ends its handshake with PSK_FINISH */
		return NULL;
	return s;
}

size_t rsp_finish(struct cspdm_responder *r, const uint8_t *req, size_t len, uint8_t *out,
		  size_t cap)
{
	struct cspdm_session *s = finish_session(r);
	struct spdm_finish f;
	size_t n = 0;
	cspdm_status st;

	if (!s && !rsp_sessions_on(r))
		return sessions_off(r, SPDM_FINISH, out, cap);
	if (!s)
		return rsp_refuse_state(r, out, cap);
	r->neg.hs_in_clear = s->in_clear;
	st = spdm_dec_finish(&r->neg, req, len, &f, &r->err);
	if (st)
		return rsp_refuse(r, st, out, cap);
	r->hs_clear = 0;
	st = finish_check(r, s, req, &f);
	if (st == CSPDM_E_VERIFY_DATA || st == CSPDM_E_SIGNATURE || st == CSPDM_E_MUT_AUTH ||
	    st == CSPDM_E_SLOT) /* the session ends (bad MAC or signature: DecryptError) */
		return finish_refused(r, s, st, out, cap);
	if (!st)
		st = finish_rsp(r, s, out, cap, &n);
	if (!st && !r->cur) /* in the clear: the data keys are in use at once */
		st = sess_data_keys(s);
	if (st) {
		sess_wipe(s, CSPDM_SESSION_FAILED);
		return rsp_refuse(r, st, out, cap);
	}
	if (r->cur)
		s->after_send = AFTER_DATA_KEYS;
	else
		s->state = CSPDM_SESSION_OPEN;
	return n;
}

/* ---- inside a session ------------------------------------------------------------------------ */

static size_t on_heartbeat(struct cspdm_responder *r, const uint8_t *req, size_t len, uint8_t *out,
			   size_t cap)
{
	size_t n = 0;
	cspdm_status st = spdm_dec_simple(&r->neg, SPDM_HEARTBEAT, req, len, &r->err);

	if (st)
		return rsp_refuse(r, st, out, cap);
	if (spdm_enc_simple(r->neg.version, SPDM_HEARTBEAT_ACK, 0, 0, out, cap, &n))
		return rsp_error(r, SPDM_ERR_UNSPECIFIED, 0, out, cap);
	return n;
}

/* KEY_UPDATE (DSP0274 "KEY_UPDATE request"): the request came under the old key; UpdateKey
 * changes the request key, UpdateAllKeys both, and the ACK goes under the response key in use
 * after that (libspdm's reading too). VerifyNewKey needs an update before it. */
static cspdm_status key_update(struct cspdm_session *s, uint8_t op)
{
	cspdm_status st = CSPDM_OK;

	if (op == CSPDM_KEY_UPDATE_VERIFY) {
		if (!s->upd_pending)
			return CSPDM_E_STATE;
		s->upd_pending = 0;
		return CSPDM_OK;
	}
	st = sec_update(&s->ks, &s->sec, SEC_REQ);
	if (!st && op == CSPDM_KEY_UPDATE_ALL_KEYS)
		st = sec_update(&s->ks, &s->sec, SEC_RSP);
	s->upd_pending = !st;
	return st;
}

static size_t on_key_update(struct cspdm_responder *r, struct cspdm_session *s, const uint8_t *req,
			    size_t len, uint8_t *out, size_t cap)
{
	struct spdm_key_update k;
	size_t n = 0;
	cspdm_status st = spdm_dec_key_update(&r->neg, SPDM_KEY_UPDATE, req, len, &k, &r->err);

	if (st)
		return rsp_refuse(r, st, out, cap);
	st = key_update(s, k.operation);
	if (st == CSPDM_E_STATE)
		return rsp_refuse_state(r, out, cap);
	if (st) {
		s->after_send = AFTER_FAIL;
		return rsp_error(r, SPDM_ERR_UNSPECIFIED, 0, out, cap);
	}
	if (spdm_enc_key_update(r->neg.version, SPDM_KEY_UPDATE_ACK, &k, out, cap, &n))
		return rsp_error(r, SPDM_ERR_UNSPECIFIED, 0, out, cap);
	return n;
}

static size_t on_end_session(struct cspdm_responder *r, struct cspdm_session *s, const uint8_t *req,
			     size_t len, uint8_t *out, size_t cap)
{
	uint8_t clear = 0;
	size_t n = 0;
	cspdm_status st = spdm_dec_end_session(&r->neg, req, len, &clear, &r->err);

	if (st)
		return rsp_refuse(r, st, out, cap);
	if (spdm_enc_simple(r->neg.version, SPDM_END_SESSION_ACK, 0, 0, out, cap, &n))
		return rsp_error(r, SPDM_ERR_UNSPECIFIED, 0, out, cap);
	s->after_send = AFTER_END;
	return n;
}

/* A request inside an established session (or FINISH while handshaking). */
static size_t rsp_in_session(struct cspdm_responder *r, struct cspdm_session *s, uint8_t code,
			     const uint8_t *req, size_t len, uint8_t *out, size_t cap)
{
	if (code == SPDM_GET_ENCAPSULATED_REQUEST) /* mutual authentication, KEY_UPDATE */
		return rsp_encap_get(r, req, len, out, cap);
	if (code == SPDM_DELIVER_ENCAPSULATED_RESPONSE)
		return rsp_encap_deliver(r, req, len, out, cap);
	if (s->state == CSPDM_SESSION_HANDSHAKING && code == SPDM_PSK_FINISH)
		return rsp_psk_finish(r, req, len, out, cap);
	if (s->state == CSPDM_SESSION_HANDSHAKING)
		return code == SPDM_FINISH ? rsp_finish(r, req, len, out, cap)
					   : rsp_refuse_state(r, out, cap);
	switch (code) {
	case SPDM_HEARTBEAT:
		return on_heartbeat(r, req, len, out, cap);
	case SPDM_KEY_UPDATE:
		return on_key_update(r, s, req, len, out, cap);
	case SPDM_END_SESSION:
		return on_end_session(r, s, req, len, out, cap);
	case SPDM_GET_DIGESTS:
		return rsp_digests(r, req, len, out, cap);
	case SPDM_GET_CERTIFICATE:
		return rsp_certificate(r, req, len, out, cap);
	case SPDM_GET_MEASUREMENTS:
		return rsp_measurements(r, req, len, out, cap);
	default: /* VCA, CHALLENGE, KEY_EXCHANGE, FINISH again, PSK_*: not in a session */
		return rsp_refuse_state(r, out, cap);
	}
}

/* ---- secured messages ------------------------------------------------------------------------ */

static struct cspdm_session *find_session(const struct cspdm_responder *r, const uint8_t *rec,
					  size_t len)
{
	uint32_t id = 0;
	unsigned i;

	if (!r->cfg.session_mem || !sec_peek_session_id(rec, len, &id))
		return NULL;
	for (i = 0; i < r->cfg.session_count; i++)
		if (live(sess_at(r, i)) && sess_at(r, i)->session_id == id)
			return sess_at(r, i);
	return NULL;
}

int cspdm_responder_is_secured(const struct cspdm_responder *r, const uint8_t *msg, size_t len)
{
	return r && r->magic == CSPDM_RSP_MAGIC && find_session(r, msg, len) != NULL;
}

/* A request in session s (whole: chunks are put together before). */
static size_t in_session(struct cspdm_responder *r, struct cspdm_session *s,
			 const struct spdm_hdr *h, const uint8_t *msg, size_t len, uint8_t *out,
			 size_t cap)
{
	size_t n;

	if (h->version != r->neg.version) {
		r->err.code = CSPDM_E_VERSION_FIELD;
		return rsp_error(r, SPDM_ERR_VERSION_MISMATCH, 0, out, cap);
	}
	if (h->code != SPDM_GET_MEASUREMENTS && r->l_dirty && r->l_owner == s) {
		r->l_dirty = 0; /* L1/L2 covers consecutive GET_MEASUREMENTS only */
		if (tr_restart(&r->tr_l, r->algs.base_hash))
			return rsp_error(r, SPDM_ERR_UNSPECIFIED, 0, out, cap);
	}
	r->cur = s;
	if (!rsp_encap_blocks(r, h->code, out, cap, &n))
		n = rsp_in_session(r, s, h->code, msg, len, out, cap);
	r->cur = NULL;
	return n;
}

/* The plaintext request, answered into out (the caller seals it). */
static size_t answer(struct cspdm_responder *r, struct cspdm_session *s, const uint8_t *msg,
		     size_t len, uint8_t *out, size_t cap)
{
	struct spdm_hdr h;

	r->neg.max_pad = 0; /* transport padding is outside the record */
	if (spdm_peek_header(msg, len, &h, &r->err)) {
		r->err.code = CSPDM_E_TRUNCATED;
		return rsp_error(r, SPDM_ERR_INVALID_REQUEST, 0, out, cap);
	}
	r->err.request_code = h.code;
	if (!(h.code & 0x80)) { /* a response code: as cspdm_responder_process says */
		r->err.code = CSPDM_E_RESPONSE_CODE;
		return rsp_error(r, SPDM_ERR_INVALID_REQUEST, 0, out, cap);
	}
	return rsp_chunk_serve(r, s, &h, msg, len, out, cap, in_session);
}

/* What the sealed response sets off: the data keys after FINISH_RSP, the end of a session. */
static void after_send(struct cspdm_session *s)
{
	uint8_t what = s->after_send;

	s->after_send = AFTER_NONE;
	if (what == AFTER_DATA_KEYS)
		s->state = sess_data_keys(s) ? CSPDM_SESSION_FAILED : CSPDM_SESSION_OPEN;
	if (what == AFTER_END)
		sess_wipe(s, CSPDM_SESSION_ENDED);
	if (what == AFTER_FAIL || s->state == CSPDM_SESSION_FAILED)
		sess_wipe(s, CSPDM_SESSION_FAILED);
}

/*
 * An application message of another type than SPDM (DSP0275: a secured MCTP message carries
 * any MCTP message type) goes to the configured handler; 0: dropped, r->err says why.
 */
static size_t app_answer(struct cspdm_responder *r, const struct cspdm_session *s, uint8_t type,
			 const uint8_t *msg, size_t len, uint8_t *out, size_t cap)
{
	size_t n = 0;
	cspdm_status st;

	if (s->state != CSPDM_SESSION_OPEN)
		st = CSPDM_E_STATE; /* application data only once the session is established */
	else if (!r->cfg.app_message)
		st = CSPDM_E_UNSUPPORTED;
	else
		st = r->cfg.app_message(r->cfg.app_priv, s->session_id, type, msg, len, out, cap,
					&n, &r->err);
	if (!st && (n == 0 || n > cap))
		st = CSPDM_E_INVALID_ARG; /* a handler bug: answer with nothing or too much */
	if (!st)
		return n;
	r->err.code = st;
	if (!r->err.field)
		r->err.field = "application message";
	return 0;
}

size_t cspdm_responder_process_secured(struct cspdm_responder *r, uint8_t *rec, size_t len,
				       uint32_t max_pad, uint8_t *out, size_t cap)
{
	struct cspdm_session *s;
	const uint8_t *msg = NULL;
	size_t off, tail, mlen = 0, n, rlen = 0;
	uint16_t type = SEC_APP_SPDM;

	if (!r || r->magic != CSPDM_RSP_MAGIC || !rec || !out)
		return 0;
	memset(&r->err, 0, sizeof(r->err));
	s = find_session(r, rec, len);
	if (!s) {
		r->err.code = CSPDM_E_SESSION_ID; /* not ours: no answer, as libspdm */
		return 0;
	}
	off = sec_msg_offset(&s->cfg.binding, s->sec.mac_only);
	tail = sec_tail(&s->cfg.binding, s->sec.mac_only);
	if (cap < off + tail + 64)
		return 0;
	if (sec_open_app(r->cfg.crypto, &s->sec, SEC_REQ, s->session_id, &s->cfg.binding, max_pad,
			 rec, len, &type, &msg, &mlen, &r->err)) {
		s->after_send = AFTER_FAIL; /* one answer, whatever failed: no oracle */
		n = rsp_error(r, SPDM_ERR_DECRYPT_ERROR, 0, out + off, cap - off - tail);
	} else if (type != SEC_APP_SPDM) {
		n = app_answer(r, s, (uint8_t)type, msg, mlen, out + off, cap - off - tail);
		if (!n)
			return 0; /* dropped, the session kept */
	} else {
		n = answer(r, s, msg, mlen, out + off, cap - off - tail);
	}
	if (!n || sec_seal_app(r->cfg.crypto, &s->sec, SEC_RSP, s->session_id, &s->cfg.binding,
			       type, out, cap, n, &rlen)) {
		sess_wipe(s, CSPDM_SESSION_FAILED);
		return 0;
	}
	after_send(s);
	return rlen;
}
