/* SPDX-License-Identifier: BSD-3-Clause */
/* PSK sessions of a capture, opened with a known PSK: see observer_psk.h. */
#include "observer_psk.h"
#include "app_flow.h"
#include "codec/app/app.h"

#include "codec/reader.h"

#include <string.h>

#define PSK_CAP_SHIFT 10
#define SID_AT	      4 /* ReqSessionID / RspSessionID in (PSK_)KEY_EXCHANGE(_RSP) */

static cspdm_status psk_fail(struct cspdm_obs_psk *p, cspdm_status st, const char *field,
			     uint32_t off)
{
	if (!p->err.code) {
		p->err.code = st;
		if (field) {
			p->err.field = field;
			p->err.offset = off;
		}
	}
	return st;
}

static void end_session(struct cspdm_obs_psk_sess *ps)
{
	sess_wipe(&ps->s, CSPDM_SESSION_ENDED);
	cspdm_memzero(ps, sizeof(*ps));
}

cspdm_status cspdm_obs_psk_init(struct cspdm_obs_psk *p, const struct cspdm_observer *o,
				const struct cspdm_secured_binding *binding, const uint8_t *psk,
				size_t psk_len, const uint8_t *hint, size_t hint_len)
{
	if (!p || !o || !binding || !psk || !psk_len || (hint_len && !hint))
		return CSPDM_E_INVALID_ARG;
	memset(p, 0, sizeof(*p));
	p->o = o;
	p->psk = psk;
	p->psk_len = psk_len;
	p->hint = hint;
	p->hint_len = hint_len;
	p->any_hint = hint == NULL;
	p->binding = *binding;
	return CSPDM_OK;
}

void cspdm_obs_psk_deinit(struct cspdm_obs_psk *p)
{
	unsigned i;

	for (i = 0; i < CSPDM_OBS_PSK_SESSIONS; i++)
		if (p->sess[i].used)
			end_session(&p->sess[i]);
	cspdm_memzero(p->rec, sizeof(p->rec));
	cspdm_memzero(p->tsp_psk, sizeof(p->tsp_psk));
	cspdm_memzero(p->tsp_pending, sizeof(p->tsp_pending));
	p->tsp_valid = p->tsp_pending_valid = 0;
}

/* The negotiated parameters as the session's messages are decoded (no padding inside). */
static struct spdm_neg inner_neg(const struct cspdm_obs_psk *p)
{
	struct spdm_neg n = p->o->neg;

	n.max_pad = 0;
	n.meas_hash_size = 0;
	return n;
}

/* ---- the handshake in the clear ------------------------------------------------------------ */

static struct cspdm_obs_psk_sess *find(struct cspdm_obs_psk *p, uint32_t id)
{
	unsigned i;

	for (i = 0; i < CSPDM_OBS_PSK_SESSIONS; i++)
		if (p->sess[i].used && p->sess[i].s.session_id == id)
			return &p->sess[i];
	return NULL;
}

static void note_other(struct cspdm_obs_psk *p, uint32_t id)
{
	if (p->n_other < CSPDM_OBS_PSK_SESSIONS)
		p->other_ids[p->n_other++] = id;
}

/* The 16-bit SessionID half at offset 4 (KEY_EXCHANGE, KEY_EXCHANGE_RSP). */
static uint16_t sid_at(const uint8_t *msg, size_t len)
{
	struct rd r;
	uint16_t sid = 0;

	rd_init(&r, msg, len);
	rd_skip(&r, "header", SID_AT);
	rd_u16le(&r, "SessionID", &sid);
	return sid;
}

/* The session's parameters from the negotiation, as the requester sets them. */
static void setup(struct cspdm_obs_psk *p, struct cspdm_session *s, uint32_t id, uint8_t ctx)
{
	const struct cspdm_observer *o = p->o;
	uint32_t both = o->caps.flags & p->req_caps;

	memset(s, 0, sizeof(*s));
	s->magic = CSPDM_SESSION_MAGIC;
	s->ks.ops = o->ops;
	s->ks.hash = o->algs.base_hash;
	s->ks.hash_size = o->neg.hash_size;
	s->ks.version = o->neg.version;
	s->aead = s->sec.aead = o->algs.aead;
	s->sec.mac_only = s->mac_only = (uint8_t) !(both & SPDM_CAP_ENCRYPT);
	s->cfg.binding = p->binding;
	s->session_id = id;
	s->psk = ctx ? 2 : 1;
}

static int hint_is_ours(const struct cspdm_obs_psk *p, const struct spdm_psk_exchange *x)
{
	return p->any_hint || (x->hint_len == p->hint_len &&
			       (!x->hint_len || !memcmp(x->hint, p->hint, x->hint_len)));
}

/* The CXL TSP secondary session PSK the hint names, once configured (NULL: none). */
static const uint8_t *tsp_psk_of(const struct cspdm_obs_psk *p, const struct spdm_psk_exchange *x)
{
	uint8_t hint[APP_FLOW_TSP_HINT_LEN];
	unsigned i;

	for (i = 0; x->hint_len == sizeof(hint) && i < APP_FLOW_TSP_2ND; i++) {
		app_flow_tsp_hint(i, hint);
		if (((p->tsp_valid >> i) & 1) && !memcmp(x->hint, hint, sizeof(hint)))
			return p->tsp_psk[i];
	}
	return NULL;
}

/* TH1, the keys, ResponderVerifyData; without context the data keys at once. */
static cspdm_status derive(struct cspdm_obs_psk *p, struct cspdm_obs_psk_sess *ps,
			   const struct spdm_psk_exchange *x, const struct spdm_psk_exchange_rsp *r,
			   const uint8_t *rsp)
{
	struct cspdm_session *s = &ps->s;
	struct sess_psk_th t = {p->o->tr.vca, p->o->tr.vca_len, p->exchange, x->len,
				rsp,	      r->hmac_off};
	uint8_t mac[CSPDM_MAX_HASH_SIZE];
	const uint8_t *tsp = tsp_psk_of(p, x);
	cspdm_status st = tsp ? sess_psk_handshake(s, &t, tsp, APP_FLOW_TSP_PSK, mac)
			      : sess_psk_handshake(s, &t, p->psk, p->psk_len, mac);

	if (!st && !cspdm_ct_equal(mac, r->verify_data, s->ks.hash_size))
		return psk_fail(p, CSPDM_E_VERIFY_DATA, "ResponderVerifyData",
				(uint32_t)r->hmac_off);
	if (st)
		return psk_fail(p, st, NULL, 0);
	p->exchange_verified++;
	p->tsp_sessions += tsp != NULL;
	s->state = CSPDM_SESSION_HANDSHAKING;
	if (s->psk == 2)
		return CSPDM_OK;
	st = sess_psk_data_keys(s);
	s->state = CSPDM_SESSION_OPEN;
	return st ? psk_fail(p, st, NULL, 0) : CSPDM_OK;
}

static cspdm_status on_exchange_rsp(struct cspdm_obs_psk *p, const uint8_t *rsp, size_t len,
				    uint32_t max_pad)
{
	struct spdm_neg n = p->o->neg;
	struct spdm_psk_exchange x;
	struct spdm_psk_exchange_rsp r;
	struct cspdm_obs_psk_sess *ps = NULL;
	unsigned i;
	cspdm_status st;

	n.max_pad = max_pad;
	st = spdm_dec_psk_exchange(&n, p->exchange, p->exchange_len, &x, &p->err);
	n.meas_hash_size = x.meas_summary_type ? n.hash_size : 0;
	if (!st)
		st = spdm_dec_psk_exchange_rsp(&n, rsp, len, &r, &p->err);
	p->exchange_len = 0;
	if (st)
		return psk_fail(p, st, NULL, 0);
	if (!tsp_psk_of(p, &x) && !hint_is_ours(p, &x)) {
		note_other(p, (uint32_t)x.req_session_id | (uint32_t)r.rsp_session_id << 16);
		return CSPDM_OK;
	}
	for (i = 0; i < CSPDM_OBS_PSK_SESSIONS && !ps; i++)
		ps = p->sess[i].used ? NULL : &p->sess[i];
	if (!ps)
		return psk_fail(p, CSPDM_E_BUFFER_TOO_SMALL, "sessions", 0);
	ps->used = 1;
	setup(p, &ps->s, (uint32_t)x.req_session_id | (uint32_t)r.rsp_session_id << 16,
	      ((p->o->caps.flags & SPDM_CAP_PSK_MASK) >> PSK_CAP_SHIFT) == 2);
	p->sessions++;
	return derive(p, ps, &x, &r, rsp);
}

cspdm_status cspdm_obs_psk_message(struct cspdm_obs_psk *p, const uint8_t *msg, size_t len,
				   uint32_t max_pad)
{
	struct spdm_caps c;
	struct spdm_hdr h;
	uint8_t ver;

	if (spdm_peek_header(msg, len, &h, NULL))
		return CSPDM_OK; /* the observer says what is wrong with it */
	switch (h.code) {
	case SPDM_GET_VERSION: /* a new connection: its sessions are gone */
		cspdm_obs_psk_deinit(p);
		p->n_other = 0;
		return CSPDM_OK;
	case SPDM_GET_CAPABILITIES:
		if (!spdm_dec_get_caps(msg, len, max_pad, &c, &ver, NULL))
			p->req_caps = c.flags;
		return CSPDM_OK;
	case SPDM_PSK_EXCHANGE:
		if (len > sizeof(p->exchange))
			return psk_fail(p, CSPDM_E_BUFFER_TOO_SMALL, "PSK_EXCHANGE", 0);
		memcpy(p->exchange, msg, len);
		p->exchange_len = len;
		return CSPDM_OK;
	case SPDM_PSK_EXCHANGE_RSP:
		return p->exchange_len ? on_exchange_rsp(p, msg, len, max_pad) : CSPDM_OK;
	case SPDM_KEY_EXCHANGE:
		p->pending_sid = sid_at(msg, len);
		return CSPDM_OK;
	case SPDM_KEY_EXCHANGE_RSP: /* a session whose keys an observer cannot have */
		note_other(p, (uint32_t)p->pending_sid | (uint32_t)sid_at(msg, len) << 16);
		return CSPDM_OK;
	default:
		return CSPDM_OK;
	}
}

/* ---- inside the session -------------------------------------------------------------------- */

static cspdm_status on_psk_finish(struct cspdm_obs_psk *p, struct cspdm_obs_psk_sess *ps,
				  const uint8_t *msg, size_t len)
{
	struct spdm_neg n = inner_neg(p);
	struct spdm_psk_finish f;
	cspdm_status st = spdm_dec_psk_finish(&n, msg, len, &f, &p->err);

	if (st)
		return psk_fail(p, st, NULL, 0);
	if (ps->s.state != CSPDM_SESSION_HANDSHAKING || ps->s.psk != 2 || ps->finished)
		return psk_fail(p, CSPDM_E_STATE, "PSK_FINISH (no handshake awaits it)", 1);
	st = sess_finish_check(&ps->s, msg, f.hmac_off, f.verify_data);
	if (st)
		return psk_fail(p, st, st == CSPDM_E_VERIFY_DATA ? "RequesterVerifyData" : NULL,
				(uint32_t)f.hmac_off);
	ps->finished = 1;
	p->finish_verified++;
	return CSPDM_OK;
}

static cspdm_status on_psk_finish_rsp(struct cspdm_obs_psk *p, struct cspdm_obs_psk_sess *ps,
				      const uint8_t *msg, size_t len)
{
	struct spdm_neg n = inner_neg(p);
	struct spdm_psk_finish_rsp f;
	cspdm_status st = spdm_dec_psk_finish_rsp(&n, msg, len, &f, &p->err);

	if (st)
		return psk_fail(p, st, NULL, 0);
	if (!ps->finished || ps->s.state != CSPDM_SESSION_HANDSHAKING)
		return psk_fail(p, CSPDM_E_STATE, "PSK_FINISH_RSP (no PSK_FINISH before)", 1);
	st = sess_th_add(&ps->s, &ps->s.th, msg, f.len);
	if (!st)
		st = sess_psk_data_keys(&ps->s);
	if (st)
		return psk_fail(p, st, NULL, 0);
	ps->s.state = CSPDM_SESSION_OPEN;
	p->finish_rsp++;
	return CSPDM_OK;
}

/* KEY_UPDATE: UpdateAllKeys changes the response key at once (its ACK comes under the new
 * one); the request key changes once the ACK is seen. VerifyNewKey changes nothing. */
static cspdm_status on_key_update(struct cspdm_obs_psk *p, struct cspdm_obs_psk_sess *ps,
				  uint8_t code, const uint8_t *msg, size_t len)
{
	struct spdm_neg n = inner_neg(p);
	struct spdm_key_update k;
	cspdm_status st = spdm_dec_key_update(&n, code, msg, len, &k, &p->err);

	if (st)
		return psk_fail(p, st, NULL, 0);
	if (code == SPDM_KEY_UPDATE) {
		ps->upd_pending = k.operation;
		if (k.operation == CSPDM_KEY_UPDATE_ALL_KEYS)
			st = sec_update(&ps->s.ks, &ps->s.sec, SEC_RSP);
		return st ? psk_fail(p, st, NULL, 0) : CSPDM_OK;
	}
	if (ps->upd_pending != k.operation)
		return psk_fail(p, CSPDM_E_FIELD, "Param1 (KeyOperation)", 2);
	ps->upd_pending = 0;
	if (k.operation == CSPDM_KEY_UPDATE_VERIFY)
		return CSPDM_OK;
	p->key_updates++;
	st = sec_update(&ps->s.ks, &ps->s.sec, SEC_REQ);
	return st ? psk_fail(p, st, NULL, 0) : CSPDM_OK;
}

/* Set Target Configuration's PSKs, kept for the secondary sessions once its response is
 * seen (an Error Response drops them). */
static void tsp_learn(struct cspdm_obs_psk *p, const struct cxl_tsp_msg *t)
{
	unsigned i;

	if (t->opcode == TSP_SET_CONFIGURATION) {
		cspdm_memzero(p->tsp_pending, sizeof(p->tsp_pending));
		p->tsp_pending_valid = t->validity_flags & ((1u << APP_FLOW_TSP_2ND) - 1);
		for (i = 0; i < APP_FLOW_TSP_2ND; i++)
			memcpy(p->tsp_pending[i], t->psk_material + (size_t)i * APP_FLOW_TSP_PSK,
			       APP_FLOW_TSP_PSK);
	} else if (t->opcode == TSP_SET_CONFIGURATION_RSP && p->tsp_pending_valid) {
		memcpy(p->tsp_psk, p->tsp_pending, sizeof(p->tsp_psk));
		p->tsp_valid = p->tsp_pending_valid;
	}
	if (t->opcode == TSP_SET_CONFIGURATION_RSP || t->opcode == TSP_ERROR_RSP) {
		cspdm_memzero(p->tsp_pending, sizeof(p->tsp_pending));
		p->tsp_pending_valid = 0;
	}
}

/* VENDOR_DEFINED: the PCI-SIG and CXL protocols inside decode (codec/app). */
static cspdm_status on_vendor(struct cspdm_obs_psk *p, const uint8_t *msg, size_t len)
{
	struct spdm_neg n = inner_neg(p);
	struct app_msg m;
	cspdm_status st = app_dec(&n, msg, len, &m, &p->err);

	if (st)
		return st;
	if (m.proto == APP_CXL_TSP)
		tsp_learn(p, &m.u.tsp);
	p->app[m.proto]++;
	if (p->on_app)
		p->on_app(p->on_app_arg, msg, len);
	return CSPDM_OK;
}

/* A request inside: the session protocol's are followed, the others decoded. */
static cspdm_status inner_request(struct cspdm_obs_psk *p, struct cspdm_obs_psk_sess *ps,
				  const struct spdm_hdr *h, const uint8_t *msg, size_t len)
{
	struct spdm_neg n = inner_neg(p);
	struct spdm_get_meas gm;
	struct spdm_get_cert gc;
	uint8_t clear = 0;

	ps->req_len = len <= sizeof(ps->req) ? len : 0;
	memcpy(ps->req, msg, ps->req_len);
	switch (h->code) {
	case SPDM_PSK_FINISH:
		return on_psk_finish(p, ps, msg, len);
	case SPDM_KEY_UPDATE:
		return on_key_update(p, ps, h->code, msg, len);
	case SPDM_HEARTBEAT:
		return spdm_dec_simple(&n, h->code, msg, len, &p->err);
	case SPDM_END_SESSION:
		return spdm_dec_end_session(&n, msg, len, &clear, &p->err);
	case SPDM_GET_MEASUREMENTS:
		return spdm_dec_get_meas(&n, msg, len, &gm, &p->err);
	case SPDM_GET_DIGESTS:
		return spdm_dec_get_digests(&n, msg, len, &p->err);
	case SPDM_GET_CERTIFICATE:
		return spdm_dec_get_cert(&n, msg, len, &gc, &p->err);
	case SPDM_VENDOR_DEFINED_REQUEST:
		return on_vendor(p, msg, len);
	default:
		return CSPDM_OK;
	}
}

/* MEASUREMENTS and CERTIFICATE are decoded against the request they answer. */
static cspdm_status inner_answer(struct cspdm_obs_psk *p, struct cspdm_obs_psk_sess *ps,
				 uint8_t code, const uint8_t *msg, size_t len)
{
	struct spdm_neg n = inner_neg(p);
	struct spdm_get_meas gm;
	struct spdm_meas_rsp m;
	struct spdm_get_cert gc;
	struct spdm_cert_rsp c;
	cspdm_status st;

	if (code == SPDM_MEASUREMENTS) {
		st = spdm_dec_get_meas(&n, ps->req, ps->req_len, &gm, &p->err);
		return st ? st : spdm_dec_meas(&n, &gm, msg, len, &m, &p->err);
	}
	st = spdm_dec_get_cert(&n, ps->req, ps->req_len, &gc, &p->err);
	return st ? st : spdm_dec_cert(&n, &gc, msg, len, &c, &p->err);
}

static cspdm_status inner_response(struct cspdm_obs_psk *p, struct cspdm_obs_psk_sess *ps,
				   const struct spdm_hdr *h, const uint8_t *msg, size_t len)
{
	struct spdm_neg n = inner_neg(p);
	struct spdm_error_rsp e;
	struct spdm_digests d;

	switch (h->code) {
	case SPDM_PSK_FINISH_RSP:
		return on_psk_finish_rsp(p, ps, msg, len);
	case SPDM_KEY_UPDATE_ACK:
		return on_key_update(p, ps, h->code, msg, len);
	case SPDM_HEARTBEAT_ACK:
	case SPDM_END_SESSION_ACK:
		return spdm_dec_simple(&n, h->code, msg, len, &p->err);
	case SPDM_MEASUREMENTS:
	case SPDM_CERTIFICATE:
		return inner_answer(p, ps, h->code, msg, len);
	case SPDM_DIGESTS:
		return spdm_dec_digests(&n, msg, len, &d, &p->err);
	case SPDM_ERROR: /* in the handshake (DecryptError): the session is over */
		if (ps->s.state == CSPDM_SESSION_HANDSHAKING)
			ps->failed = 1;
		return spdm_dec_error(&n, msg, len, &e, &p->err);
	case SPDM_VENDOR_DEFINED_RESPONSE:
		return on_vendor(p, msg, len);
	default:
		return CSPDM_OK;
	}
}

/* Open a copy of the record with direction d's key; the session's state moves only then. */
static cspdm_status open_dir(struct cspdm_obs_psk *p, struct cspdm_obs_psk_sess *ps,
			     enum sec_dir_id d, const uint8_t *rec, size_t len, uint32_t max_pad,
			     const uint8_t **msg, size_t *mlen)
{
	cspdm_error err;

	memcpy(p->rec, rec, len);
	memset(&err, 0, sizeof(err));
	return sec_open(p->o->ops, &ps->s.sec, d, ps->s.session_id, &p->binding, max_pad, p->rec,
			len, msg, mlen, &err);
}

static int is_other(const struct cspdm_obs_psk *p, uint32_t id)
{
	unsigned i;

	for (i = 0; i < p->n_other; i++)
		if (p->other_ids[i] == id)
			return 1;
	return 0;
}

/* The message inside, in the direction it opened in; END_SESSION_ACK ends the session. */
static cspdm_status inner(struct cspdm_obs_psk *p, struct cspdm_obs_psk_sess *ps, enum sec_dir_id d,
			  const uint8_t *msg, size_t len)
{
	struct spdm_hdr h;
	cspdm_status st = spdm_peek_header(msg, len, &h, &p->err);

	if (!st && h.version != p->o->neg.version)
		st = psk_fail(p, CSPDM_E_VERSION_FIELD, "SPDMVersion", 0);
	if (!st && ((h.code & 0x80) != 0) != (d == SEC_REQ))
		st = psk_fail(p, CSPDM_E_RESPONSE_CODE, "RequestResponseCode (direction)", 1);
	if (!st)
		st = d == SEC_REQ ? inner_request(p, ps, &h, msg, len)
				  : inner_response(p, ps, &h, msg, len);
	if (st)
		return psk_fail(p, st, NULL, 0);
	p->decoded++;
	if (h.code == SPDM_END_SESSION_ACK)
		p->ended++;
	if (h.code == SPDM_END_SESSION_ACK || ps->failed)
		end_session(ps);
	return CSPDM_OK;
}

cspdm_status cspdm_obs_psk_secured(struct cspdm_obs_psk *p, const uint8_t *rec, size_t len,
				   uint32_t max_pad)
{
	struct cspdm_obs_psk_sess *ps;
	const uint8_t *msg = NULL;
	size_t mlen = 0;
	uint32_t id = 0;
	enum sec_dir_id d = SEC_REQ;

	if (!sec_peek_session_id(rec, len, &id))
		return psk_fail(p, CSPDM_E_TRUNCATED, "SessionID", 0);
	ps = find(p, id);
	if (!ps && is_other(p, id)) {
		p->not_ours++;
		return CSPDM_OK;
	}
	if (!ps)
		return psk_fail(p, CSPDM_E_SESSION_ID, "SessionID (no PSK session has it)", 0);
	if (len > sizeof(p->rec))
		return psk_fail(p, CSPDM_E_BUFFER_TOO_SMALL, "secured message", 0);
	if (open_dir(p, ps, SEC_REQ, rec, len, max_pad, &msg, &mlen)) {
		d = SEC_RSP;
		if (open_dir(p, ps, SEC_RSP, rec, len, max_pad, &msg, &mlen))
			return psk_fail(p, CSPDM_E_DECRYPT,
					"secured message (opens with neither direction's key)", 0);
	}
	if (d == SEC_REQ)
		p->opened_req++;
	else
		p->opened_rsp++;
	return inner(p, ps, d, msg, mlen);
}
