/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The session object and its step: replies are opened by the record layer before the context's
 * state machine sees them, and requests it hands out are sealed after, so that the flows in
 * requester*.c work on plaintext alone. Blocking wrappers over a struct cspdm_io.
 */
#include "context.h"
#include "session_ctx.h"

#include <string.h>

void cspdm_session_config_defaults(struct cspdm_session_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
}

size_t cspdm_session_size(void)
{
	return sizeof(struct cspdm_session);
}

int sess_valid(const struct cspdm_session *s)
{
	return s && s->magic == CSPDM_SESSION_MAGIC && s->ctx && s->ctx->magic == CSPDM_CTX_MAGIC;
}

static int valid_binding(const struct cspdm_secured_binding *b)
{
	return b->seq_num_size <= 8 && b->app_prefix_len <= sizeof(b->app_prefix) &&
	       (!b->app_typed || (b->app_prefix_len == 1 && !b->app_len_size)) &&
	       (b->app_len_size == 0 ||
		(b->app_len_size <= 4 &&
		 (size_t)b->app_len_at + b->app_len_size <= b->app_prefix_len));
}

cspdm_status cspdm_session_init(struct cspdm_session **out, void *mem, size_t mem_len,
				struct cspdm_context *ctx, const struct cspdm_session_config *cfg)
{
	struct cspdm_session *s = mem;

	if (!out || !mem || mem_len < sizeof(*s) || ((uintptr_t)mem & 7) || !ctx ||
	    ctx->magic != CSPDM_CTX_MAGIC || !cfg || !cfg->tx_buf || cfg->tx_cap < 64 ||
	    !valid_binding(&cfg->binding) || (cfg->psk && !cfg->psk_len) ||
	    (cfg->psk_hint_len && !cfg->psk_hint))
		return CSPDM_E_INVALID_ARG;
	memset(s, 0, sizeof(*s));
	s->magic = CSPDM_SESSION_MAGIC;
	s->ctx = ctx;
	s->cfg = *cfg;
	s->state = CSPDM_SESSION_NONE;
	s->ks.ops = ctx->cfg.crypto;
	*out = s;
	return CSPDM_OK;
}

void sess_wipe(struct cspdm_session *s, enum cspdm_session_state to)
{
	const struct cspdm_crypto_ops *ops = s->ks.ops;

	s->state = to;
	cspdm_memzero(&s->k, sizeof(s->k));
	s->cfg.psk = NULL; /* the caller's: no longer ours to read */
	s->cfg.psk_len = 0;
	if (!ops)
		return; /* nothing was set up */
	sec_wipe(ops, &s->sec);
	if (s->th_live & 1)
		ops->hash_free(ops->priv, &s->th);
	if (s->th_live & 2)
		ops->hash_free(ops->priv, &s->th_fin);
	s->th_live = 0;
	if (s->dhe_key)
		ops->key_free(ops->priv, s->dhe_key);
	s->dhe_key = NULL;
}

void cspdm_session_deinit(struct cspdm_session *s)
{
	if (!sess_valid(s))
		return;
	if (s->ctx->sess == s)
		s->ctx->sess = NULL;
	sess_wipe(s, CSPDM_SESSION_FAILED);
	cspdm_memzero(s, sizeof(*s));
}

uint8_t *sess_msg_buf(struct cspdm_session *s, size_t *cap)
{
	size_t off = sec_msg_offset(&s->cfg.binding, s->sec.mac_only);

	*cap = s->cfg.tx_cap - off - sec_tail(&s->cfg.binding, s->sec.mac_only);
	return s->cfg.tx_buf + off;
}

/* ---- TH ------------------------------------------------------------------------------------ */

cspdm_status sess_th_init(struct cspdm_session *s)
{
	cspdm_status st = s->ks.ops->hash_init(s->ks.ops->priv, &s->th, s->ks.hash);

	if (!st)
		s->th_live |= 1;
	return st;
}

cspdm_status sess_th_add(struct cspdm_session *s, struct cspdm_hash *h, const uint8_t *d, size_t n)
{
	return s->ks.ops->hash_update(s->ks.ops->priv, h, d, n);
}

cspdm_status sess_th_peek(struct cspdm_session *s, const struct cspdm_hash *h, uint8_t *out)
{
	const struct cspdm_crypto_ops *ops = s->ks.ops;
	struct cspdm_hash copy;
	cspdm_status st = ops->hash_dup(ops->priv, h, &copy);

	return st ? st : ops->hash_final(ops->priv, &copy, out);
}

cspdm_status sess_hmac(struct cspdm_session *s, const uint8_t *key, const uint8_t *th, uint8_t *out)
{
	const struct cspdm_crypto_ops *ops = s->ks.ops;

	return ops->hmac(ops->priv, s->ks.hash, key, s->ks.hash_size, th, s->ks.hash_size, out);
}

/* TH with FINISH up to RequesterVerifyData, aside in th_fin; *mac receives that HMAC. */
cspdm_status sess_finish_mac(struct cspdm_session *s, const uint8_t *finish, size_t len,
			     uint8_t *mac)
{
	const struct cspdm_crypto_ops *ops = s->ks.ops;
	uint8_t digest[CSPDM_MAX_HASH_SIZE];
	cspdm_status st;

	if (s->th_live & 2)
		ops->hash_free(ops->priv, &s->th_fin);
	s->th_live &= (uint8_t)~2;
	st = ops->hash_dup(ops->priv, &s->th, &s->th_fin);
	if (st)
		return st;
	s->th_live |= 2;
	st = sess_th_add(s, &s->th_fin, finish, len);
	if (!st)
		st = sess_th_peek(s, &s->th_fin, digest);
	return st ? st : sess_hmac(s, s->k.hs.req_finished, digest, mac);
}

/* RequesterVerifyData appended to the FINISH / PSK_FINISH of *len bytes in buf; TH with it
 * waits in th_fin. */
cspdm_status sess_finish_append(struct cspdm_session *s, uint8_t *buf, size_t cap, size_t *len)
{
	uint32_t hs = s->ks.hash_size;
	cspdm_status st = *len + hs > cap ? CSPDM_E_BUFFER_TOO_SMALL : CSPDM_OK;

	if (!st)
		st = sess_finish_mac(s, buf, *len, buf + *len);
	if (!st)
		st = sess_th_add(s, &s->th_fin, buf + *len, hs);
	*len += hs;
	return st;
}

/* The peer's RequesterVerifyData over TH || the request up to it (hmac_off bytes); when it
 * matches, TH goes on with the whole request. */
cspdm_status sess_finish_check(struct cspdm_session *s, const uint8_t *req, size_t hmac_off,
			       const uint8_t *verify)
{
	uint8_t mac[CSPDM_MAX_HASH_SIZE];
	cspdm_status st = sess_finish_mac(s, req, hmac_off, mac);

	if (!st && !cspdm_ct_equal(mac, verify, s->ks.hash_size))
		st = CSPDM_E_VERIFY_DATA;
	if (!st)
		st = sess_th_add(s, &s->th_fin, verify, s->ks.hash_size);
	if (!st)
		sess_finish_commit(s);
	return st;
}

/* FINISH is confirmed: TH goes on with it (th_fin becomes th). */
void sess_finish_commit(struct cspdm_session *s)
{
	s->ks.ops->hash_free(s->ks.ops->priv, &s->th);
	s->th = s->th_fin;
	s->th_live &= (uint8_t)~2;
}

/* TH2 (TH so far), the data secrets into k.data; the handshake secrets are dropped. */
cspdm_status sess_data_secrets(struct cspdm_session *s)
{
	struct ks_data d;
	uint8_t th2[CSPDM_MAX_HASH_SIZE];
	cspdm_status st = sess_th_peek(s, &s->th, th2);

	if (!st)
		st = ks_data(&s->ks, s->k.hs.handshake_secret, th2, &d);
	cspdm_memzero(&s->k, sizeof(s->k));
	if (!st)
		s->k.data = d;
	cspdm_memzero(&d, sizeof(d));
	s->ks.ops->hash_free(s->ks.ops->priv, &s->th);
	s->th_live &= (uint8_t)~1;
	return st;
}

/* Install the data keys held in k.data; only the export master secret stays. */
cspdm_status sess_data_keys(struct cspdm_session *s)
{
	cspdm_status st = sec_install(&s->ks, &s->sec, SEC_REQ, s->k.data.req_secret);

	if (!st)
		st = sec_install(&s->ks, &s->sec, SEC_RSP, s->k.data.rsp_secret);
	cspdm_memzero(s->k.data.req_secret, sizeof(s->k.data.req_secret));
	cspdm_memzero(s->k.data.rsp_secret, sizeof(s->k.data.rsp_secret));
	return st;
}

/* The DHE secret with the peer's value, the handshake secrets from TH1, the handshake keys. */
cspdm_status sess_handshake_keys(struct cspdm_session *s, const uint8_t *peer, size_t peer_len,
				 uint8_t *th1)
{
	const struct cspdm_crypto_ops *ops = s->ks.ops;
	uint8_t secret[CSPDM_MAX_DHE_SIZE];
	uint32_t n = cspdm_dhe_secret_size(s->dhe);
	cspdm_status st = ops->dhe_derive(ops->priv, s->dhe_key, s->dhe, peer, peer_len, secret, n);

	ops->key_free(ops->priv, s->dhe_key);
	s->dhe_key = NULL;
	if (!st)
		st = sess_th_peek(s, &s->th, th1);
	if (!st)
		st = ks_handshake(&s->ks, secret, n, th1, &s->k.hs);
	cspdm_memzero(secret, sizeof(secret));
	if (!st)
		st = sec_install(&s->ks, &s->sec, SEC_REQ, s->k.hs.req_secret);
	return st ? st : sec_install(&s->ks, &s->sec, SEC_RSP, s->k.hs.rsp_secret);
}

/* ---- beginning an operation ---------------------------------------------------------------- */

static cspdm_status begin(struct cspdm_session *s, uint8_t op)
{
	struct cspdm_context *ctx;

	if (!sess_valid(s))
		return CSPDM_E_INVALID_ARG;
	ctx = s->ctx;
	if (ctx->sess)
		return CSPDM_E_STATE; /* one exchange at a time on a connection */
	if (op != OP_OPEN && (s->state != CSPDM_SESSION_OPEN || ctx->state != ST_DONE))
		return CSPDM_E_STATE;
	memset(&ctx->err, 0, sizeof(ctx->err));
	memset(&s->err, 0, sizeof(s->err));
	s->op = op;
	ctx->sess = s;
	if (op != OP_MEAS && !(op == OP_OPEN && ctx->state == ST_IDLE))
		ctx->state = ST_SESS_READY;
	return CSPDM_OK;
}

cspdm_status cspdm_session_open_begin(struct cspdm_session *s)
{
	struct cspdm_context *ctx;
	cspdm_status st;

	if (!sess_valid(s))
		return CSPDM_E_INVALID_ARG;
	ctx = s->ctx;
	if (s->state != CSPDM_SESSION_NONE)
		return CSPDM_E_STATE;
	if (ctx->state == ST_DONE && (ctx->pubkey || s->cfg.psk))
		return begin(s, OP_OPEN);
	if (ctx->state != ST_IDLE && ctx->state != ST_FAILED && ctx->state != ST_DONE)
		return CSPDM_E_STATE;
	/* no validated chain yet: VCA, GET_DIGESTS and GET_CERTIFICATE first, no CHALLENGE */
	st = cspdm_auth_begin(ctx);
	if (st)
		return st;
	if (s->cfg.psk)
		ctx->vca_only = 1; /* a PSK needs no certificate: VCA, then PSK_EXCHANGE */
	else
		ctx->no_challenge = 1;
	return begin(s, OP_OPEN);
}

cspdm_status cspdm_session_vendor_begin(struct cspdm_session *s, const uint8_t *req, size_t len,
					uint8_t *rsp, size_t rsp_cap)
{
	if (!req || !len || !rsp)
		return CSPDM_E_INVALID_ARG;
	if (sess_valid(s)) {
		s->vd_req = req;
		s->vd_req_len = len;
		s->vd_rsp = rsp;
		s->vd_rsp_cap = rsp_cap;
		s->vd_rsp_len = 0;
	}
	return begin(s, OP_VENDOR);
}

size_t cspdm_session_vendor_len(const struct cspdm_session *s)
{
	return sess_valid(s) ? s->vd_rsp_len : 0;
}

cspdm_status cspdm_session_heartbeat_begin(struct cspdm_session *s)
{
	return begin(s, OP_HEARTBEAT);
}

cspdm_status cspdm_session_key_update_begin(struct cspdm_session *s, uint8_t op)
{
	if (op != CSPDM_KEY_UPDATE_KEY && op != CSPDM_KEY_UPDATE_ALL_KEYS)
		return CSPDM_E_INVALID_ARG;
	if (sess_valid(s))
		s->upd_op = op;
	return begin(s, OP_KEY_UPDATE);
}

cspdm_status cspdm_session_meas_begin(struct cspdm_session *s, const struct cspdm_meas_query *q)
{
	cspdm_status st = begin(s, OP_MEAS);

	if (st)
		return st;
	st = cspdm_meas_begin(s->ctx, q);
	if (st) {
		s->ctx->sess = NULL;
		s->op = OP_NONE;
	}
	return st;
}

cspdm_status cspdm_session_chain_begin(struct cspdm_session *s)
{
	return begin(s, OP_CHAIN);
}

cspdm_status cspdm_session_encap_begin(struct cspdm_session *s)
{
	if (sess_valid(s) && !req_has_identity(s->ctx))
		return CSPDM_E_INVALID_ARG;
	return begin(s, OP_ENCAP);
}

cspdm_status cspdm_session_end_begin(struct cspdm_session *s, int preserve)
{
	if (sess_valid(s))
		s->end_clear = preserve ? 0 : SPDM_END_SESSION_CLEAR_STATE;
	return begin(s, OP_END);
}

/* ---- the step ------------------------------------------------------------------------------- */

/* A reply: the kind must answer what was sent; a secured one is opened in place. */
static cspdm_status unwrap(struct cspdm_session *s, uint8_t *rsp, size_t len,
			   enum cspdm_msg_kind kind, const uint8_t **msg, size_t *msg_len)
{
	struct cspdm_context *ctx = s->ctx;
	struct spdm_hdr h;
	cspdm_error hdr_err;
	uint32_t id = 0;

	/* a binding that cannot mark records (NONE): a record names our session first */
	if (s->sealed && kind == CSPDM_MSG_SPDM && s->cfg.binding.untyped &&
	    sec_peek_session_id(rsp, len, &id) && id == s->session_id)
		kind = CSPDM_MSG_SECURED;
	if (kind != (s->sealed ? CSPDM_MSG_SECURED : CSPDM_MSG_SPDM)) {
		ctx->err.field =
		    !s->sealed ? "secured message (a plaintext one is due)"
		    : s->cfg.binding.untyped
			? "plaintext message (a secured one is due; over NONE the peer "
			  "must tell records by their SessionID, as cspdm does)"
			: "plaintext message (a secured one is due)";
		ctx->err.offset = 0;
		if (kind == CSPDM_MSG_SPDM && !spdm_peek_header(rsp, len, &h, &hdr_err)) {
			ctx->err.response_code = h.code; /* what the device said, for the reader */
			if (h.code == SPDM_ERROR) {
				ctx->err.device_code = h.param1;
				ctx->err.device_data = h.param2;
			}
		}
		return CSPDM_E_NOT_SECURED;
	}
	if (!s->sealed) {
		*msg = rsp;
		*msg_len = len;
		return CSPDM_OK;
	}
	return sec_open(ctx->cfg.crypto, &s->sec, SEC_RSP, s->session_id, &s->cfg.binding,
			ctx->cfg.max_pad, rsp, len, msg, msg_len, &ctx->err);
}

/* A request to send: sealed when the session's messages are secured now. */
static cspdm_status wrap(struct cspdm_session *s, struct cspdm_action *act)
{
	const struct cspdm_crypto_ops *ops = s->ctx->cfg.crypto;
	uint8_t *tx = s->cfg.tx_buf;
	size_t off = sec_msg_offset(&s->cfg.binding, s->sec.mac_only), rec = 0;
	cspdm_status st;

	s->sealed = (uint8_t)req_sess_secured(s);
	act->msg_kind = s->sealed ? CSPDM_MSG_SECURED : CSPDM_MSG_SPDM;
	if (!s->sealed)
		return CSPDM_OK;
	if (act->req != tx + off) {
		if (act->req_len > s->cfg.tx_cap - off)
			return CSPDM_E_BUFFER_TOO_SMALL;
		memmove(tx + off, act->req, act->req_len);
	}
	st = sec_seal(ops, &s->sec, SEC_REQ, s->session_id, &s->cfg.binding, tx, s->cfg.tx_cap,
		      act->req_len, &rec);
	if (!st && s->upd_rsp_after) /* UpdateAllKeys: the ACK comes under the new key */
		st = sec_update(&s->ks, &s->sec, SEC_RSP);
	s->upd_rsp_after = 0;
	act->req = tx;
	act->req_len = rec;
	return st;
}

cspdm_status cspdm_session_step(struct cspdm_session *s, uint8_t *rsp, size_t rsp_len,
				enum cspdm_msg_kind kind, struct cspdm_action *act)
{
	struct cspdm_context *ctx;
	const uint8_t *msg = NULL;
	size_t msg_len = 0;
	cspdm_status st;

	if (!sess_valid(s) || !act)
		return CSPDM_E_INVALID_ARG;
	memset(act, 0, sizeof(*act));
	ctx = s->ctx;
	if (ctx->sess != s) { /* no operation of this session in flight */
		act->kind = CSPDM_ACT_DONE;
		return s->state == CSPDM_SESSION_FAILED ? s->err.code : CSPDM_OK;
	}
	if (rsp) {
		s->round_trips++;
		st = unwrap(s, rsp, rsp_len, kind, &msg, &msg_len);
		if (st)
			return req_fail(ctx, st, NULL, 0, act);
	}
	st = req_step(ctx, msg, msg_len, act);
	if (!st && act->kind == CSPDM_ACT_SEND) {
		st = wrap(s, act);
		if (st)
			return req_fail(ctx, st, NULL, 0, act);
	}
	if (act->kind == CSPDM_ACT_DONE && ctx->sess == s) {
		ctx->sess = NULL;
		s->op = OP_NONE;
	}
	return st;
}

cspdm_status cspdm_session_step_timeout(struct cspdm_session *s, struct cspdm_action *act)
{
	if (!sess_valid(s) || !act)
		return CSPDM_E_INVALID_ARG;
	memset(act, 0, sizeof(*act));
	if (s->ctx->sess != s)
		return CSPDM_E_STATE;
	return req_fail(s->ctx, CSPDM_E_TIMEOUT, NULL, 0, act);
}

/* ---- blocking wrappers ---------------------------------------------------------------------- */

static cspdm_status exchange(struct cspdm_session *s, const struct cspdm_io *io,
			     struct cspdm_action *act)
{
	struct cspdm_context *ctx = s->ctx;
	enum cspdm_msg_kind kind = CSPDM_MSG_SPDM;
	size_t n = 0;
	cspdm_status st = io->send(io->priv, act->msg_kind, act->req, act->req_len);

	if (!st)
		st = io->recv(io->priv, ctx->cfg.rx_buf, ctx->cfg.rx_cap, &n, &kind,
			      act->timeout_us);
	if (st == CSPDM_E_TIMEOUT)
		return cspdm_session_step_timeout(s, act);
	if (st)
		return req_fail(ctx, st, NULL, 0, act);
	return cspdm_session_step(s, ctx->cfg.rx_buf, n, kind, act);
}

cspdm_status cspdm_session_run(struct cspdm_session *s, const struct cspdm_io *io)
{
	struct cspdm_action act;
	cspdm_status st;

	if (!sess_valid(s) || !io || !s->ctx->cfg.rx_buf || !s->ctx->cfg.rx_cap)
		return CSPDM_E_INVALID_ARG;
	st = cspdm_session_step(s, NULL, 0, CSPDM_MSG_SPDM, &act);
	while (!st && act.kind != CSPDM_ACT_DONE) {
		if (act.kind == CSPDM_ACT_DELAY) {
			io->sleep_us(io->priv, act.delay_us);
			st = cspdm_session_step(s, NULL, 0, CSPDM_MSG_SPDM, &act);
		} else {
			st = exchange(s, io, &act);
		}
	}
	return st;
}

/* The I/O back-end knows its binding: the session takes its record parameters from it. */
static cspdm_status use_io(struct cspdm_session *s, const struct cspdm_io *io)
{
	if (!sess_valid(s) || !io)
		return CSPDM_E_INVALID_ARG;
	if (!io->has_secured)
		return CSPDM_E_UNSUPPORTED;
	s->cfg.binding = io->secured;
	s->ctx->cfg.max_pad = io->max_pad;
	return CSPDM_OK;
}

cspdm_status cspdm_session_open(struct cspdm_session *s, const struct cspdm_io *io)
{
	cspdm_status st = use_io(s, io);

	if (!st)
		st = cspdm_session_open_begin(s);
	return st ? st : cspdm_session_run(s, io);
}

cspdm_status cspdm_session_vendor(struct cspdm_session *s, const struct cspdm_io *io,
				  const uint8_t *req, size_t len, uint8_t *rsp, size_t rsp_cap,
				  size_t *rsp_len)
{
	cspdm_status st = use_io(s, io);

	if (!st)
		st = cspdm_session_vendor_begin(s, req, len, rsp, rsp_cap);
	if (!st)
		st = cspdm_session_run(s, io);
	if (rsp_len)
		*rsp_len = st ? 0 : s->vd_rsp_len;
	return st;
}

cspdm_status cspdm_session_heartbeat(struct cspdm_session *s, const struct cspdm_io *io)
{
	cspdm_status st = use_io(s, io);

	if (!st)
		st = cspdm_session_heartbeat_begin(s);
	return st ? st : cspdm_session_run(s, io);
}

cspdm_status cspdm_session_key_update(struct cspdm_session *s, const struct cspdm_io *io,
				      uint8_t op)
{
	cspdm_status st = use_io(s, io);

	if (!st)
		st = cspdm_session_key_update_begin(s, op);
	return st ? st : cspdm_session_run(s, io);
}

cspdm_status cspdm_session_measure(struct cspdm_session *s, const struct cspdm_io *io,
				   const struct cspdm_meas_query *q)
{
	cspdm_status st = use_io(s, io);

	if (!st)
		st = cspdm_session_meas_begin(s, q);
	return st ? st : cspdm_session_run(s, io);
}

cspdm_status cspdm_session_get_chain(struct cspdm_session *s, const struct cspdm_io *io)
{
	cspdm_status st = use_io(s, io);

	if (!st)
		st = cspdm_session_chain_begin(s);
	return st ? st : cspdm_session_run(s, io);
}

cspdm_status cspdm_session_end(struct cspdm_session *s, const struct cspdm_io *io, int preserve)
{
	cspdm_status st = use_io(s, io);

	if (!st)
		st = cspdm_session_end_begin(s, preserve);
	return st ? st : cspdm_session_run(s, io);
}

cspdm_status cspdm_session_encap(struct cspdm_session *s, const struct cspdm_io *io)
{
	cspdm_status st = use_io(s, io);

	if (!st)
		st = cspdm_session_encap_begin(s);
	return st ? st : cspdm_session_run(s, io);
}

/* ---- what the session is -------------------------------------------------------------------- */

cspdm_status cspdm_session_get_info(const struct cspdm_session *s, struct cspdm_session_info *i)
{
	if (!sess_valid(s) || !i)
		return CSPDM_E_INVALID_ARG;
	memset(i, 0, sizeof(*i));
	i->state = s->state;
	i->session_id = s->session_id;
	i->dhe = s->dhe;
	i->aead = s->aead;
	i->sm_version = s->sm_version;
	i->heartbeat_period = s->heartbeat_period;
	i->in_clear = s->in_clear;
	i->mac_only = s->mac_only;
	i->mut_auth = s->mut_auth;
	i->psk = s->psk;
	i->meas_summary_len = s->meas_summary_len;
	memcpy(i->meas_summary, s->meas_summary, s->meas_summary_len);
	i->key_updates = s->key_updates;
	i->round_trips = s->round_trips;
	return CSPDM_OK;
}

const cspdm_error *cspdm_session_last_error(const struct cspdm_session *s)
{
	return sess_valid(s) ? &s->err : NULL;
}

uint64_t cspdm_session_heartbeat_due(const struct cspdm_session *s, uint64_t last_exchange_us)
{
	if (!sess_valid(s) || s->state != CSPDM_SESSION_OPEN || !s->heartbeat_period)
		return 0;
	return last_exchange_us + (uint64_t)s->heartbeat_period * 1000000u;
}
