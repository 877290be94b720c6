/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The responder's side of PSK sessions (DSP0274 1.1-1.4 "PSK_EXCHANGE request and
 * PSK_EXCHANGE_RSP response messages", "PSK_FINISH request and PSK_FINISH_RSP response
 * messages"): the requester's flow (requester_psk.c) read backwards. PSK_EXCHANGE names its
 * PSK by PSKHint in the caller's table (cfg.psks); PSK_EXCHANGE_RSP carries a ResponderContext
 * from the CSPRNG when we have PSK_CAP with context, the selected secured-message version, the
 * measurement summary hash when asked, and ResponderVerifyData over TH1. Without context the
 * session is established at once; with it, PSK_FINISH must follow inside the session.
 *
 * PSK_FINISH is answered only for a PSK session in its handshake: in the clear, in a session
 * opened by KEY_EXCHANGE (CVE-2023-31127) or in an established one it is refused, and FINISH is
 * refused for a PSK session (responder_session.c). An unknown hint gets ERROR Unspecified, as
 * libspdm's responder answers when it finds no PSK for the hint.
 */
#include "responder_ctx.h"
#include "responder_tsp.h"
#include "session_ctx.h"

#include <string.h>

#define OPAQUE_MAX 32
#define HINT_AT	   12 /* PSKHint's offset in PSK_EXCHANGE */

int rsp_psk_valid(const struct cspdm_responder_config *cfg)
{
	unsigned i;

	if (!cfg->psk_count)
		return 1;
	if (!cfg->psks || !cfg->session_count)
		return 0;
	for (i = 0; i < cfg->psk_count; i++)
		if (!cfg->psks[i].psk || !cfg->psks[i].psk_len ||
		    (cfg->psks[i].hint_len && !cfg->psks[i].hint) || cfg->psks[i].hint_len > 0xFFFF)
			return 0;
	return 1;
}

uint32_t rsp_psk_caps(const struct cspdm_responder_config *cfg)
{
	if (!cfg->psk_count && !rsp_tsp_offers_psk(cfg)) /* no PSK to serve: no PSK_CAP */
		return cfg->caps & ~SPDM_CAP_PSK_MASK;
	if (!(cfg->caps & SPDM_CAP_PSK_MASK))
		return cfg->caps | CSPDM_RSP_CAP_PSK_CTX;
	return cfg->caps;
}

int rsp_psk_offered(const struct cspdm_responder *r)
{
	return (r->cfg.psk_count || rsp_tsp_offers_psk(&r->cfg)) &&
	       (r->cfg.caps & SPDM_CAP_PSK_MASK) && (r->req_caps.flags & CSPDM_REQ_CAP_PSK);
}

/* PSK sessions are on: PSK_CAP on both sides, records, memory and the negotiated algorithms. */
static int psk_on(const struct cspdm_responder *r)
{
	uint32_t both = r->cfg.caps & r->req_caps.flags;

	return rsp_psk_offered(r) && r->cfg.session_mem && r->cfg.session_count &&
	       r->neg.version >= CSPDM_V11 && (both & (SPDM_CAP_ENCRYPT | SPDM_CAP_MAC)) &&
	       r->algs.aead && r->algs.key_schedule;
}

/* The PSK the hint names (an empty hint names the entry without one). */
static const struct cspdm_rsp_psk *find_psk(const struct cspdm_responder *r,
					    const struct spdm_psk_exchange *p)
{
	unsigned i;

	for (i = 0; i < r->cfg.psk_count; i++)
		if (r->cfg.psks[i].hint_len == p->hint_len &&
		    (!p->hint_len || !memcmp(r->cfg.psks[i].hint, p->hint, p->hint_len)))
			return &r->cfg.psks[i];
	return rsp_tsp_psk(r, p->hint, p->hint_len); /* CXL TSP secondary sessions' */
}

/* ---- PSK_EXCHANGE ---------------------------------------------------------------------------- */

static cspdm_status psk_request_check(struct cspdm_responder *r, const struct spdm_psk_exchange *p,
				      uint16_t *ver)
{
	if (p->meas_summary_type && (!(r->cfg.caps & SPDM_CAP_MEAS_MASK) || !r->algs.meas_spec)) {
		r->err.field = "Param1 (MeasurementSummaryHashType without MEAS_CAP)";
		r->err.offset = 2;
		return CSPDM_E_FIELD;
	}
	return rsp_sess_pick_sm(r, p->opaque, p->opaque_len, ver);
}

/* PSK_EXCHANGE_RSP up to ResponderVerifyData, into out; *n its length. */
static cspdm_status psk_encode(struct cspdm_responder *r, struct cspdm_session *s,
			       const struct spdm_psk_exchange *p, uint8_t *out, size_t cap,
			       size_t *n)
{
	const struct cspdm_crypto_ops *ops = r->cfg.crypto;
	uint8_t context[CSPDM_MAX_HASH_SIZE], opaque[OPAQUE_MAX], summary[CSPDM_MAX_HASH_SIZE];
	uint8_t general = r->neg.version >= CSPDM_V12 && (r->algs.other_params & SPDM_OPAQUE_FMT_1);
	struct spdm_psk_exchange_rsp rp;
	size_t olen = 0;
	cspdm_status st = CSPDM_OK;

	memset(&rp, 0, sizeof(rp));
	rp.context_len = s->psk == 2 ? (uint16_t)r->neg.hash_size : 0;
	if (rp.context_len)
		st = ops->random(ops->priv, context, rp.context_len);
	if (!st)
		st = spdm_enc_opaque_sm_selection(general, s->sm_version, opaque, sizeof(opaque),
						  &olen);
	if (!st && p->meas_summary_type)
		st = rsp_meas_summary(r, p->meas_summary_type, summary);
	if (st)
		return st;
	rp.heartbeat_period = s->heartbeat_period;
	rp.rsp_session_id = (uint16_t)(s->session_id >> 16);
	rp.meas_summary = p->meas_summary_type ? summary : NULL;
	rp.context = context;
	rp.opaque = opaque;
	rp.opaque_len = (uint16_t)olen;
	return spdm_enc_psk_exchange_rsp(&r->neg, &rp, out, cap, n);
}

/* TH1, the handshake keys, ResponderVerifyData; without context the data keys too. */
static cspdm_status psk_keys(struct cspdm_responder *r, struct cspdm_session *s, const uint8_t *req,
			     size_t req_len, const struct cspdm_rsp_psk *key, uint8_t *out,
			     size_t cap, size_t *n)
{
	struct sess_psk_th t = {r->tr.vca, r->tr.vca_len, req, req_len, out, *n};
	cspdm_status st;

	if (cap - *n < s->ks.hash_size)
		return CSPDM_E_BUFFER_TOO_SMALL;
	st = sess_psk_handshake(s, &t, key->psk, key->psk_len, out + *n);
	*n += s->ks.hash_size;
	if (!st && s->psk == 1)
		st = sess_psk_data_keys(s);
	return st;
}

static size_t unknown_hint(struct cspdm_responder *r, uint8_t *out, size_t cap)
{
	r->err.code = CSPDM_E_FIELD;
	r->err.field = "PSKHint (no PSK for it)";
	r->err.offset = HINT_AT;
	return rsp_error(r, SPDM_ERR_UNSPECIFIED, 0, out, cap);
}

/* The request is valid and its PSK known: the session, and the response. */
static size_t psk_answer(struct cspdm_responder *r, const struct spdm_psk_exchange *p,
			 const struct cspdm_rsp_psk *key, uint16_t ver, const uint8_t *req,
			 uint8_t *out, size_t cap)
{
	struct cspdm_session *s;
	unsigned index = 0;
	size_t n = 0;
	cspdm_status st;

	s = rsp_sess_new(r, p->req_session_id, &index);
	if (!s)
		return rsp_error(r, SPDM_ERR_SESSION_LIMIT_EXCEEDED, 0, out, cap);
	s->psk = (r->cfg.caps & CSPDM_RSP_CAP_PSK_CTX) ? 2 : 1;
	s->in_clear = 0; /* PSK_FINISH always comes secured */
	s->sm_version = ver;
	r->neg.meas_hash_size = p->meas_summary_type ? r->neg.hash_size : 0;
	st = psk_encode(r, s, p, out, cap, &n);
	if (!st)
		st = psk_keys(r, s, req, p->len, key, out, cap, &n);
	if (st) {
		sess_wipe(s, CSPDM_SESSION_FAILED);
		return rsp_refuse(r, st, out, cap);
	}
	s->state = s->psk == 2 ? CSPDM_SESSION_HANDSHAKING : CSPDM_SESSION_OPEN;
	rsp_tsp_psk_session(r, key, s->session_id);
	return n;
}

size_t rsp_psk_exchange(struct cspdm_responder *r, const uint8_t *req, size_t len, uint8_t *out,
			size_t cap)
{
	const struct cspdm_rsp_psk *key;
	struct spdm_psk_exchange p;
	uint16_t ver = 0;
	cspdm_status st;

	if (!psk_on(r)) {
		r->err.code = CSPDM_E_UNSUPPORTED;
		return rsp_error(r, SPDM_ERR_UNSUPPORTED_REQUEST, SPDM_PSK_EXCHANGE, out, cap);
	}
	r->neg.meas_hash_size = 0;
	st = spdm_dec_psk_exchange(&r->neg, req, len, &p, &r->err);
	if (!st)
		st = psk_request_check(r, &p, &ver);
	if (st)
		return rsp_refuse(r, st, out, cap);
	key = find_psk(r, &p);
	if (!key)
		return unknown_hint(r, out, cap);
	return psk_answer(r, &p, key, ver, req, out, cap);
}

/* ---- PSK_FINISH ------------------------------------------------------------------------------ */

/* PSK_FINISH_RSP, TH2 with it, the data secrets (installed once the response is sealed). */
static cspdm_status psk_finish_rsp(struct cspdm_responder *r, struct cspdm_session *s, uint8_t *out,
				   size_t cap, size_t *n)
{
	struct spdm_psk_finish_rsp fr;
	cspdm_status st;

	memset(&fr, 0, sizeof(fr));
	st = spdm_enc_psk_finish_rsp(&r->neg, &fr, out, cap, n);
	if (!st)
		st = sess_th_add(s, &s->th, out, *n);
	return st ? st : sess_data_secrets(s);
}

/* PSK_FINISH in the clear: never valid (SessionRequired from 1.2), or not served at all. */
static size_t psk_finish_clear(struct cspdm_responder *r, uint8_t *out, size_t cap)
{
	if (!rsp_psk_offered(r) || !(r->cfg.caps & CSPDM_RSP_CAP_PSK_CTX)) {
		r->err.code = CSPDM_E_UNSUPPORTED;
		return rsp_error(r, SPDM_ERR_UNSUPPORTED_REQUEST, SPDM_PSK_FINISH, out, cap);
	}
	return rsp_session_required(r, SPDM_PSK_FINISH, out, cap);
}

size_t rsp_psk_finish(struct cspdm_responder *r, const uint8_t *req, size_t len, uint8_t *out,
		      size_t cap)
{
	struct cspdm_session *s = r->cur;
	struct spdm_psk_finish f;
	size_t n = 0;
	cspdm_status st;

	if (!s)
		return psk_finish_clear(r, out, cap);
	if (s->state != CSPDM_SESSION_HANDSHAKING || s->psk != 2)
		return rsp_refuse_state(r, out, cap); /* KEY_EXCHANGE's, or established */
	st = spdm_dec_psk_finish(&r->neg, req, len, &f, &r->err);
	if (st)
		return rsp_refuse(r, st, out, cap);
	st = sess_finish_check(s, req, f.hmac_off, f.verify_data);
	if (st == CSPDM_E_VERIFY_DATA) { /* DecryptError, and the session ends */
		r->err.code = st;
		s->after_send = AFTER_FAIL;
		return rsp_error(r, SPDM_ERR_DECRYPT_ERROR, 0, out, cap);
	}
	if (!st)
		st = psk_finish_rsp(r, s, out, cap, &n);
	if (st) {
		sess_wipe(s, CSPDM_SESSION_FAILED);
		return rsp_refuse(r, st, out, cap);
	}
	s->after_send = AFTER_DATA_KEYS;
	return n;
}
