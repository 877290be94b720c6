/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * PSK sessions in the requester's state machine (DSP0274 1.1-1.4 "PSK_EXCHANGE request and
 * PSK_EXCHANGE_RSP response messages", "PSK_FINISH request and PSK_FINISH_RSP response
 * messages"): PSK_EXCHANGE with the caller's PSKHint and a fresh RequesterContext, in the
 * clear; PSK_EXCHANGE_RSP's ResponderVerifyData checked over TH1 (session_psk.c); then, when
 * the device has PSK_CAP with context, PSK_FINISH under the handshake keys with
 * RequesterVerifyData = HMAC(request finished key, Hash(TH || PSK_FINISH up to it)), and
 * PSK_FINISH_RSP. TH2 is TH after the last of these; the data keys follow from it.
 * No certificate is needed: the context may have run VCA alone (ctx->vca_only).
 */
#include "context.h"
#include "session_ctx.h"

#include <string.h>

#define PSK_CAP_SHIFT	 10
#define PSK_CAP_PLAIN	 1 /* Responder PSK_CAP 01: no ResponderContext, no PSK_FINISH */
#define PSK_CAP_CONTEXT	 2 /* 10: ResponderContext, PSK_FINISH follows */
#define REQ_CONTEXT_LEN	 32
#define RSP_OPAQUE_FIXED 12 /* header, RspSessionID, Reserved, the two lengths */

static uint32_t device_psk_cap(const struct cspdm_context *ctx)
{
	return (ctx->caps.flags & SPDM_CAP_PSK_MASK) >> PSK_CAP_SHIFT;
}

/* What the negotiation allows: PSK_CAP on both sides, records, an AEAD, the key schedule. */
static cspdm_status psk_check(const struct cspdm_context *ctx, const char **field)
{
	const struct spdm_algorithms *a = &ctx->algs;
	uint32_t cap = device_psk_cap(ctx);

	*field = "SPDMVersion (sessions need 1.1)";
	if (ctx->neg.version < CSPDM_V11)
		return CSPDM_E_UNSUPPORTED;
	*field = "Flags.PSK_CAP";
	if (!(ctx->cfg.req_caps & CSPDM_REQ_CAP_PSK) ||
	    (cap != PSK_CAP_PLAIN && cap != PSK_CAP_CONTEXT))
		return CSPDM_E_CAPABILITIES;
	*field = "Flags.ENCRYPT_CAP/MAC_CAP";
	if (!req_sess_both(ctx, SPDM_CAP_ENCRYPT) && !req_sess_both(ctx, SPDM_CAP_MAC))
		return CSPDM_E_CAPABILITIES;
	*field = "AEAD (AlgStruct)";
	if (!spdm_single_bit(a->aead) || !cspdm_aead_key_size(a->aead))
		return CSPDM_E_ALGORITHM;
	*field = "KeySchedule (AlgStruct)";
	return a->key_schedule == 0x0001 ? CSPDM_OK : CSPDM_E_ALGORITHM;
}

/* PSK_EXCHANGE into buf: the hint, a RequesterContext, the SupportedVersionList. */
static cspdm_status psk_build(struct cspdm_context *ctx, struct cspdm_session *s, uint8_t *buf,
			      size_t cap, size_t *len)
{
	const struct cspdm_crypto_ops *ops = ctx->cfg.crypto;
	uint8_t context[REQ_CONTEXT_LEN], opaque[SPDM_SM_OPAQUE_MAX];
	struct spdm_psk_exchange p;
	size_t olen = 0;
	cspdm_status st = CSPDM_OK;

	memset(&p, 0, sizeof(p));
	p.meas_summary_type = ctx->neg.meas_hash_size ? s->cfg.meas_summary : 0;
	p.session_policy = ctx->neg.version >= CSPDM_V12 ? s->cfg.session_policy : 0;
	p.req_session_id = s->req_sid;
	p.hint = s->cfg.psk_hint;
	p.hint_len = s->cfg.psk_hint_len;
	if (s->cfg.have_random)
		memcpy(context, s->cfg.random, sizeof(context));
	else
		st = ops->random(ops->priv, context, sizeof(context));
	p.context = context;
	p.context_len = sizeof(context);
	if (!st)
		st = req_sess_opaque(ctx, s, opaque, &olen);
	p.opaque = opaque;
	p.opaque_len = (uint16_t)olen;
	return st ? st : spdm_enc_psk_exchange(&ctx->neg, &p, buf, cap, len);
}

cspdm_status req_psk_start(struct cspdm_context *ctx, struct cspdm_action *act)
{
	struct cspdm_session *s = ctx->sess;
	const char *field = NULL;
	size_t cap, len = 0;
	uint8_t *buf = sess_msg_buf(s, &cap);
	cspdm_status st = psk_check(ctx, &field);

	ctx->vca_only = 0;
	if (st)
		return req_fail(ctx, st, field, 0, act);
	req_sess_setup(ctx, s);
	s->in_clear = 0; /* PSK_FINISH always travels secured */
	ctx->neg.hs_in_clear = 0;
	s->psk = device_psk_cap(ctx) == PSK_CAP_CONTEXT ? 2 : 1;
	st = psk_build(ctx, s, buf, cap, &len);
	if (st)
		return req_fail(ctx, st, NULL, 0, act);
	return req_send_buf(ctx, SPDM_PSK_EXCHANGE, ST_PSK_EXCHANGE, buf, len, act);
}

/* ---- PSK_EXCHANGE_RSP ------------------------------------------------------------------------ */

/* Checks the codec cannot make: HeartbeatPeriod, the context PSK_CAP announced, the version. */
static cspdm_status psk_rsp_check(struct cspdm_context *ctx, struct cspdm_session *s,
				  const struct spdm_psk_exchange_rsp *p, struct cspdm_action *act)
{
	size_t off = RSP_OPAQUE_FIXED + ctx->neg.meas_hash_size + p->context_len;

	if (p->heartbeat_period && !req_sess_both(ctx, SPDM_CAP_HBEAT))
		return req_fail(ctx, CSPDM_E_FIELD, "Param1 (HeartbeatPeriod without HBEAT_CAP)", 2,
				act);
	if ((p->context_len != 0) != (s->psk == 2))
		return req_fail(ctx, CSPDM_E_FIELD,
				s->psk == 2 ? "ResponderContextLength (0 with PSK_CAP with context)"
					    : "ResponderContextLength (PSK_CAP without context)",
				8, act);
	return req_sess_selected(ctx, s, p->opaque, p->opaque_len, off, act);
}

static cspdm_status send_psk_finish(struct cspdm_context *ctx, struct cspdm_session *s,
				    struct cspdm_action *act);

/* TH2 is TH now: the data keys, and the session is open. */
static cspdm_status established(struct cspdm_context *ctx, struct cspdm_session *s,
				struct cspdm_action *act)
{
	cspdm_status st = sess_psk_data_keys(s);

	if (st)
		return req_fail(ctx, st, NULL, 0, act);
	s->state = CSPDM_SESSION_OPEN;
	return req_sess_done(ctx, act);
}

/* TH1, the handshake keys and ResponderVerifyData; the PSK is not needed after this. */
static cspdm_status psk_keys(struct cspdm_context *ctx, struct cspdm_session *s,
			     const struct spdm_psk_exchange_rsp *p, const uint8_t *rsp)
{
	uint8_t mac[CSPDM_MAX_HASH_SIZE];
	struct sess_psk_th t = {ctx->tr.vca, ctx->tr.vca_len, ctx->req_ptr, ctx->req_len,
				rsp,	     p->hmac_off};
	cspdm_status st = sess_psk_handshake(s, &t, s->cfg.psk, s->cfg.psk_len, mac);

	s->cfg.psk = NULL;
	s->cfg.psk_len = 0;
	if (!st && !cspdm_ct_equal(mac, p->verify_data, s->ks.hash_size))
		st = CSPDM_E_VERIFY_DATA;
	return st;
}

static cspdm_status on_psk_exchange_rsp(struct cspdm_context *ctx, struct cspdm_session *s,
					const uint8_t *rsp, size_t len, struct cspdm_action *act)
{
	struct spdm_psk_exchange_rsp p;
	cspdm_status st = spdm_dec_psk_exchange_rsp(&ctx->neg, rsp, len, &p, &ctx->err);

	if (st)
		return req_fail(ctx, st, NULL, 0, act);
	st = psk_rsp_check(ctx, s, &p, act);
	if (st)
		return st;
	s->session_id = (uint32_t)s->req_sid | ((uint32_t)p.rsp_session_id << 16);
	st = psk_keys(ctx, s, &p, rsp);
	if (st)
		return req_fail(ctx, st, st == CSPDM_E_VERIFY_DATA ? "ResponderVerifyData" : NULL,
				(uint32_t)p.hmac_off, act);
	s->heartbeat_period = p.heartbeat_period;
	s->meas_summary_len = (uint8_t)ctx->neg.meas_hash_size;
	if (p.meas_summary)
		memcpy(s->meas_summary, p.meas_summary, s->meas_summary_len);
	s->state = CSPDM_SESSION_HANDSHAKING;
	return s->psk == 2 ? send_psk_finish(ctx, s, act) : established(ctx, s, act);
}

/* ---- PSK_FINISH ------------------------------------------------------------------------------ */

/* PSK_FINISH with RequesterVerifyData; the TH that includes it waits aside (th_fin). */
static cspdm_status send_psk_finish(struct cspdm_context *ctx, struct cspdm_session *s,
				    struct cspdm_action *act)
{
	struct spdm_psk_finish f;
	size_t cap, len = 0;
	uint8_t *buf = sess_msg_buf(s, &cap);
	cspdm_status st;

	memset(&f, 0, sizeof(f));
	st = spdm_enc_psk_finish(&ctx->neg, &f, buf, cap, &len);
	if (!st)
		st = sess_finish_append(s, buf, cap, &len);
	if (st)
		return req_fail(ctx, st, NULL, 0, act);
	return req_send_buf(ctx, SPDM_PSK_FINISH, ST_PSK_FINISH, buf, len, act);
}

static cspdm_status on_psk_finish_rsp(struct cspdm_context *ctx, struct cspdm_session *s,
				      const uint8_t *rsp, size_t len, struct cspdm_action *act)
{
	struct spdm_psk_finish_rsp f;
	cspdm_status st = spdm_dec_psk_finish_rsp(&ctx->neg, rsp, len, &f, &ctx->err);

	if (st)
		return req_fail(ctx, st, NULL, 0, act);
	sess_finish_commit(s);
	st = sess_th_add(s, &s->th, rsp, f.len);
	if (st)
		return req_fail(ctx, st, NULL, 0, act);
	return established(ctx, s, act);
}

/* ---- entry points -----------------------------------------------------------------------------
 */

/* After Busy: PSK_EXCHANGE is still in the buffer in the clear; PSK_FINISH is built again. */
cspdm_status req_psk_resend(struct cspdm_context *ctx, struct cspdm_action *act)
{
	if (ctx->state == ST_PSK_FINISH)
		return send_psk_finish(ctx, ctx->sess, act);
	return req_send_buf(ctx, SPDM_PSK_EXCHANGE, ST_PSK_EXCHANGE, ctx->req_ptr, ctx->req_len,
			    act);
}

cspdm_status req_psk_dispatch(struct cspdm_context *ctx, const uint8_t *rsp, size_t len,
			      struct cspdm_action *act)
{
	if (ctx->state == ST_PSK_FINISH)
		return on_psk_finish_rsp(ctx, ctx->sess, rsp, len, act);
	return on_psk_exchange_rsp(ctx, ctx->sess, rsp, len, act);
}
