/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Session operations in the requester's state machine (DSP0274 "Session" clauses, 1.1-1.4):
 * KEY_EXCHANGE / KEY_EXCHANGE_RSP, FINISH / FINISH_RSP, HEARTBEAT, KEY_UPDATE with
 * VerifyNewKey, END_SESSION. Requests are built in the session's buffer where the record layer
 * seals them; replies arrive already opened (session.c).
 *
 * TH (DSP0274 "Transcript hash in session establishment") is one running hash:
 *   VCA || Hash(certificate chain) || KEY_EXCHANGE || KEY_EXCHANGE_RSP (up to the signature)
 * is what the signature covers; with the signature it is TH1 (handshake secrets, and
 * ResponderVerifyData unless in the clear); FINISH up to RequesterVerifyData is what that HMAC
 * covers; with FINISH_RSP (and its ResponderVerifyData when in the clear) it is TH2.
 */
#include "codec/app/app.h"
#include "context.h"
#include "session_ctx.h"

#include <string.h>

#define KE_CONTEXT   "responder-key_exchange_rsp signing"
#define SID_START    0xFFFF
#define KE_FIXED_LEN 40 /* header, ReqSessionID, SessionPolicy, reserved, RandomData */

static const uint16_t sm_versions[] = {CSPDM_SM_VERSION_10, CSPDM_SM_VERSION_11,
				       CSPDM_SM_VERSION_12};

int req_sess_secured(const struct cspdm_session *s)
{
	return s->state == CSPDM_SESSION_OPEN ||
	       (s->state == CSPDM_SESSION_HANDSHAKING && !s->in_clear);
}

void req_sess_abort(struct cspdm_context *ctx)
{
	struct cspdm_session *s = ctx->sess;

	s->err = ctx->err;
	sess_wipe(s, CSPDM_SESSION_FAILED);
	s->op = OP_NONE;
	ctx->sess = NULL;
}

/* An operation of the session ended well: the context is ready for the next one. */
cspdm_status req_sess_done(struct cspdm_context *ctx, struct cspdm_action *act)
{
	memset(&ctx->err, 0, sizeof(ctx->err));
	ctx->state = ST_DONE;
	act->kind = CSPDM_ACT_DONE;
	return CSPDM_OK;
}

/* ---- TH -------------------------------------------------------------------------------------- */

/* Recorded TH (evidence): after M1/M2 in the caller's transcript storage, as L1/L2 is. */
static uint8_t *th_rec(struct cspdm_context *ctx, size_t *cap)
{
	*cap = ctx->cfg.transcript_buf ? ctx->cfg.transcript_cap - ctx->tr.rec_len : 0;
	return ctx->cfg.transcript_buf ? ctx->cfg.transcript_buf + ctx->tr.rec_len : NULL;
}

static cspdm_status th_add(struct cspdm_session *s, const uint8_t *d, size_t n, size_t *rec_len)
{
	size_t cap;
	uint8_t *rec = th_rec(s->ctx, &cap);

	if (rec_len && rec) {
		if (n > cap - *rec_len)
			return CSPDM_E_TRANSCRIPT_FULL;
		memcpy(rec + *rec_len, d, n);
		*rec_len += n;
	}
	return sess_th_add(s, &s->th, d, n);
}

/* VCA || Hash(chain) || KEY_EXCHANGE, recorded from offset 0 when recording. */
static cspdm_status th_start(struct cspdm_context *ctx, struct cspdm_session *s, size_t *rec_len)
{
	cspdm_status st = sess_th_init(s);

	if (st)
		return st;
	*rec_len = 0;
	st = th_add(s, ctx->tr.vca, ctx->tr.vca_len, rec_len);
	if (!st)
		st = th_add(s, ctx->chain_hash, s->ks.hash_size, rec_len);
	return st ? st : th_add(s, ctx->req_ptr, ctx->req_len, rec_len);
}

/* ---- KEY_EXCHANGE ---------------------------------------------------------------------------- */

int req_sess_both(const struct cspdm_context *ctx, uint32_t flag)
{
	return (ctx->caps.flags & flag) && (ctx->cfg.req_caps & flag);
}

/* What the negotiation allows: a DHE group, an AEAD, the SPDM key schedule, the capabilities. */
static cspdm_status open_check(struct cspdm_context *ctx, const char **field)
{
	const struct spdm_algorithms *a = &ctx->algs;

	*field = "SPDMVersion (sessions need 1.1)";
	if (ctx->neg.version < CSPDM_V11)
		return CSPDM_E_UNSUPPORTED;
	*field = "Flags.KEY_EX_CAP";
	if (!req_sess_both(ctx, SPDM_CAP_KEY_EX))
		return CSPDM_E_CAPABILITIES;
	*field = "Flags.ENCRYPT_CAP/MAC_CAP";
	if (!req_sess_both(ctx, SPDM_CAP_ENCRYPT) && !req_sess_both(ctx, SPDM_CAP_MAC))
		return CSPDM_E_CAPABILITIES;
	*field = "DHE (AlgStruct)";
	if (!spdm_single_bit(a->dhe) || !cspdm_dhe_size(a->dhe))
		return CSPDM_E_ALGORITHM;
	*field = "AEAD (AlgStruct)";
	if (!spdm_single_bit(a->aead) || !cspdm_aead_key_size(a->aead))
		return CSPDM_E_ALGORITHM;
	*field = "KeySchedule (AlgStruct)";
	if (a->key_schedule != 0x0001)
		return CSPDM_E_ALGORITHM;
	/* MultiKeyConn puts the DIGESTS response into TH; we never ask for it, so refuse it */
	*field = "OtherParamsSelection.MultiKeyConn (not offered)";
	if (ctx->neg.multi_key)
		return CSPDM_E_UNSUPPORTED;
	return CSPDM_OK;
}

void req_sess_setup(struct cspdm_context *ctx, struct cspdm_session *s)
{
	s->ks.ops = ctx->cfg.crypto;
	s->ks.hash = ctx->algs.base_hash;
	s->ks.hash_size = ctx->neg.hash_size;
	s->ks.version = ctx->neg.version;
	s->dhe = ctx->algs.dhe;
	s->aead = ctx->algs.aead;
	s->sec.aead = s->aead;
	s->sec.mac_only = s->mac_only = (uint8_t)!req_sess_both(ctx, SPDM_CAP_ENCRYPT);
	s->in_clear = (uint8_t)req_sess_both(ctx, SPDM_CAP_HANDSHAKE_IN_CLEAR);
	s->req_sid =
	    s->cfg.req_session_id ? s->cfg.req_session_id : (uint16_t)(SID_START - ctx->next_sid++);
	ctx->neg.dhe_size = cspdm_dhe_size(s->dhe);
	ctx->neg.hs_in_clear = s->in_clear;
	ctx->neg.meas_hash_size = (s->cfg.meas_summary && (ctx->caps.flags & SPDM_CAP_MEAS_MASK))
				      ? ctx->neg.hash_size
				      : 0;
}

/* The 1.2+ general opaque format when OPAQUE_FMT_1 was negotiated, DSP0277's table before. */
static uint8_t opaque_general(const struct cspdm_context *ctx)
{
	return ctx->neg.version >= CSPDM_V12 && (ctx->algs.other_params & SPDM_OPAQUE_FMT_1);
}

cspdm_status req_sess_opaque(struct cspdm_context *ctx, const struct cspdm_session *s, uint8_t *buf,
			     size_t *len)
{
	uint16_t v[3];
	uint8_t n = 0, i;

	for (i = 0; i < 3; i++)
		if (!s->cfg.sm_versions || (s->cfg.sm_versions >> i) & 1)
			v[n++] = sm_versions[i];
	if (!n)
		return CSPDM_E_INVALID_ARG;
	return spdm_enc_opaque_sm_supported(opaque_general(ctx), v, n, buf, SPDM_SM_OPAQUE_MAX,
					    len);
}

static cspdm_status ke_fill(struct cspdm_context *ctx, struct cspdm_session *s,
			    struct spdm_key_exchange *k, uint8_t *pub, uint8_t *opaque)
{
	const struct cspdm_crypto_ops *ops = ctx->cfg.crypto;
	size_t olen = 0;
	cspdm_status st;

	memset(k, 0, sizeof(*k));
	k->meas_summary_type = ctx->neg.meas_hash_size ? s->cfg.meas_summary : 0;
	k->slot = ctx->cfg.slot;
	k->req_session_id = s->req_sid;
	k->session_policy = ctx->neg.version >= CSPDM_V12 ? s->cfg.session_policy : 0;
	if (s->cfg.have_random)
		memcpy(k->random, s->cfg.random, sizeof(k->random));
	st = s->cfg.have_random ? CSPDM_OK : ops->random(ops->priv, k->random, sizeof(k->random));
	if (!st)
		st = ops->dhe_generate(ops->priv, s->dhe, &s->dhe_key, pub, ctx->neg.dhe_size);
	if (!st)
		st = req_sess_opaque(ctx, s, opaque, &olen);
	k->exchange = pub;
	k->opaque = opaque;
	k->opaque_len = (uint16_t)olen;
	return st;
}

static cspdm_status send_key_exchange(struct cspdm_context *ctx, struct cspdm_session *s,
				      struct cspdm_action *act)
{
	uint8_t pub[CSPDM_MAX_DHE_SIZE], opaque[SPDM_SM_OPAQUE_MAX];
	struct spdm_key_exchange k;
	const char *field = NULL;
	size_t cap, len = 0;
	uint8_t *buf = sess_msg_buf(s, &cap);
	cspdm_status st = open_check(ctx, &field);

	if (st)
		return req_fail(ctx, st, field, 0, act);
	req_sess_setup(ctx, s);
	st = ke_fill(ctx, s, &k, pub, opaque);
	if (!st)
		st = spdm_enc_key_exchange(&ctx->neg, &k, buf, cap, &len);
	if (st)
		return req_fail(ctx, st, NULL, 0, act);
	return req_send_buf(ctx, SPDM_KEY_EXCHANGE, ST_KEY_EXCHANGE, buf, len, act);
}

/* The response's SelectedVersion (opaque data at offset off): one we offered. */
cspdm_status req_sess_selected(struct cspdm_context *ctx, struct cspdm_session *s,
			       const uint8_t *opaque, size_t len, size_t off,
			       struct cspdm_action *act)
{
	struct spdm_opaque_sm o;
	uint8_t i, ok = 0;

	if (spdm_dec_opaque_sm(opaque_general(ctx), opaque, len, &o, &ctx->err))
		return req_fail(ctx, ctx->err.code, NULL, 0, act);
	for (i = 0; i < 3; i++)
		ok |= o.has_selection && o.selected == sm_versions[i] &&
		      (!s->cfg.sm_versions || ((s->cfg.sm_versions >> i) & 1));
	if (!ok)
		return req_fail(ctx, CSPDM_E_FIELD, "OpaqueData.SelectedVersion", (uint32_t)off,
				act);
	s->sm_version = o.selected;
	return CSPDM_OK;
}

/* Checks the codec cannot make: they need what was negotiated and offered. */
static cspdm_status ke_rsp_check(struct cspdm_context *ctx, struct cspdm_session *s,
				 const struct spdm_key_exchange_rsp *k, struct cspdm_action *act)
{
	size_t off = 42 + ctx->neg.dhe_size + ctx->neg.meas_hash_size;

	if (k->heartbeat_period && !req_sess_both(ctx, SPDM_CAP_HBEAT))
		return req_fail(ctx, CSPDM_E_FIELD, "Param1 (HeartbeatPeriod without HBEAT_CAP)", 2,
				act);
	if (k->mut_auth && !req_id_mut_ok(ctx, k->mut_auth != SPDM_MUT_AUTH_REQUESTED))
		return req_fail(ctx, CSPDM_E_FIELD, "MutAuthRequested", 6, act);
	return req_sess_selected(ctx, s, k->opaque, k->opaque_len, off, act);
}

static cspdm_status ke_signature(struct cspdm_context *ctx, struct cspdm_session *s,
				 const struct spdm_key_exchange_rsp *k, const uint8_t *rsp)
{
	uint8_t digest[CSPDM_MAX_HASH_SIZE];
	size_t rec_len = 0, cap;
	cspdm_status st = th_start(ctx, s, &rec_len);

	if (!st)
		st = th_add(s, rsp, k->signed_len, &rec_len);
	if (!st)
		st = sess_th_peek(s, &s->th, digest);
	if (!st)
		st = cspdm_verify_spdm_sig(ctx->cfg.crypto, ctx->neg.version, ctx->pubkey,
					   ctx->algs.base_asym, ctx->algs.base_hash, KE_CONTEXT,
					   digest, k->signature, ctx->neg.sig_size);
	if (st)
		return st;
	req_emit_signature(ctx, CSPDM_SIG_KEY_EXCHANGE_RSP, th_rec(ctx, &cap), rec_len, digest,
			   ctx->req_ptr + 8, k->random, k->signature, ctx->cfg.slot);
	return th_add(s, k->signature, ctx->neg.sig_size, NULL);
}

static cspdm_status send_finish(struct cspdm_context *ctx, struct cspdm_session *s,
				struct cspdm_action *act);

static cspdm_status on_key_exchange_rsp(struct cspdm_context *ctx, struct cspdm_session *s,
					const uint8_t *rsp, size_t len, struct cspdm_action *act)
{
	struct spdm_key_exchange_rsp k;
	uint8_t th1[CSPDM_MAX_HASH_SIZE], mac[CSPDM_MAX_HASH_SIZE];
	uint32_t hs = s->ks.hash_size;
	cspdm_status st = spdm_dec_key_exchange_rsp(&ctx->neg, rsp, len, &k, &ctx->err);

	if (st)
		return req_fail(ctx, st, NULL, 0, act);
	st = ke_rsp_check(ctx, s, &k, act);
	if (st)
		return st;
	s->session_id = (uint32_t)s->req_sid | ((uint32_t)k.rsp_session_id << 16);
	st = ke_signature(ctx, s, &k, rsp);
	if (st)
		return req_fail(ctx, st, "Signature", (uint32_t)k.signed_len, act);
	st = sess_handshake_keys(s, k.exchange, ctx->neg.dhe_size, th1);
	if (st)
		return req_fail(ctx, st, st == CSPDM_E_DHE_KEY ? "ExchangeData" : NULL, 40, act);
	if (!s->in_clear) {
		st = sess_hmac(s, s->k.hs.rsp_finished, th1, mac);
		if (!st && !cspdm_ct_equal(mac, k.verify_data, hs))
			st = CSPDM_E_VERIFY_DATA;
		if (!st)
			st = th_add(s, k.verify_data, hs, NULL);
		if (st)
			return req_fail(ctx, st, "ResponderVerifyData",
					(uint32_t)(k.signed_len + ctx->neg.sig_size), act);
	}
	s->heartbeat_period = k.heartbeat_period;
	s->meas_summary_len = (uint8_t)ctx->neg.meas_hash_size;
	if (k.meas_summary)
		memcpy(s->meas_summary, k.meas_summary, s->meas_summary_len);
	s->state = CSPDM_SESSION_HANDSHAKING;
	s->mut_auth = k.mut_auth;
	if (k.mut_auth) /* the device authenticates us first (requester_encap.c) */
		return req_encap_after_key_exchange(ctx, k.mut_auth, k.req_slot, act);
	return send_finish(ctx, s, act);
}

/* ---- FINISH ------------------------------------------------------------------------------------
 */

/* FINISH with RequesterVerifyData = HMAC(finished key, Hash(TH || FINISH so far)); the TH that
 * includes it waits aside until FINISH_RSP confirms it. */
static cspdm_status build_finish(struct cspdm_context *ctx, struct cspdm_session *s, uint8_t *buf,
				 size_t cap, size_t *len)
{
	struct spdm_finish f;
	cspdm_status st;

	memset(&f, 0, sizeof(f));
	f.sig_included = s->mut_auth != 0;
	f.req_slot = s->mut_auth ? s->req_slot : 0;
	st = spdm_enc_finish(&ctx->neg, &f, buf, cap, len);
	if (!st && f.sig_included) /* mutual authentication: signed over TH with Hash(Cm) */
		st = req_id_sign_finish(ctx, s, buf, cap, len);
	return st ? st : sess_finish_append(s, buf, cap, len);
}

static cspdm_status send_finish(struct cspdm_context *ctx, struct cspdm_session *s,
				struct cspdm_action *act)
{
	size_t cap, len = 0;
	uint8_t *buf = sess_msg_buf(s, &cap);
	cspdm_status st = build_finish(ctx, s, buf, cap, &len);

	if (st)
		return req_fail(ctx, st, NULL, 0, act);
	return req_send_buf(ctx, SPDM_FINISH, ST_FINISH, buf, len, act);
}

/* FINISH after mutual authentication: TH goes on with Hash(our chain) (DSP0274 "Transcript
 * hash in session establishment": Hash(Cm) after the KEY_EXCHANGE_RSP part), once. */
cspdm_status req_sess_finish(struct cspdm_context *ctx, struct cspdm_action *act)
{
	struct cspdm_session *s = ctx->sess;
	cspdm_status st = sess_th_add(s, &s->th, ctx->id_digest, s->ks.hash_size);

	if (st)
		return req_fail(ctx, st, NULL, 0, act);
	return send_finish(ctx, s, act);
}

/* FINISH_RSP: TH with FINISH and the response; ResponderVerifyData when in the clear. */
static cspdm_status finish_rsp_check(struct cspdm_session *s, const struct spdm_finish_rsp *f,
				     const uint8_t *rsp)
{
	uint8_t digest[CSPDM_MAX_HASH_SIZE], mac[CSPDM_MAX_HASH_SIZE];
	cspdm_status st;

	sess_finish_commit(s);
	st = sess_th_add(s, &s->th, rsp, f->hmac_off);
	if (st || !f->verify_data)
		return st;
	st = sess_th_peek(s, &s->th, digest);
	if (!st)
		st = sess_hmac(s, s->k.hs.rsp_finished, digest, mac);
	if (!st && !cspdm_ct_equal(mac, f->verify_data, s->ks.hash_size))
		st = CSPDM_E_VERIFY_DATA;
	return st ? st : sess_th_add(s, &s->th, f->verify_data, s->ks.hash_size);
}

static cspdm_status on_finish_rsp(struct cspdm_context *ctx, struct cspdm_session *s,
				  const uint8_t *rsp, size_t len, struct cspdm_action *act)
{
	struct spdm_finish_rsp f;
	cspdm_status st = spdm_dec_finish_rsp(&ctx->neg, rsp, len, &f, &ctx->err);

	if (st)
		return req_fail(ctx, st, NULL, 0, act);
	st = finish_rsp_check(s, &f, rsp);
	if (!st)
		st = sess_data_secrets(s);
	if (!st)
		st = sess_data_keys(s);
	if (st)
		return req_fail(ctx, st, st == CSPDM_E_VERIFY_DATA ? "ResponderVerifyData" : NULL,
				(uint32_t)f.hmac_off, act);
	s->state = CSPDM_SESSION_OPEN;
	return req_sess_done(ctx, act);
}

/* ---- HEARTBEAT, KEY_UPDATE, END_SESSION
 * ---------------------------------------------------------- */

static cspdm_status send_simple(struct cspdm_context *ctx, struct cspdm_session *s, uint8_t code,
				uint8_t p1, uint8_t p2, enum req_state next,
				struct cspdm_action *act)
{
	size_t cap, len = 0;
	uint8_t *buf = sess_msg_buf(s, &cap);
	cspdm_status st = spdm_enc_simple(ctx->neg.version, code, p1, p2, buf, cap, &len);

	if (st)
		return req_fail(ctx, st, NULL, 0, act);
	return req_send_buf(ctx, code, next, buf, len, act);
}

static cspdm_status send_key_update(struct cspdm_context *ctx, struct cspdm_session *s,
				    struct cspdm_action *act)
{
	s->upd_rsp_after = s->upd_op == CSPDM_KEY_UPDATE_ALL_KEYS;
	return send_simple(ctx, s, SPDM_KEY_UPDATE, s->upd_op, s->upd_tag, ST_KEY_UPDATE, act);
}

static cspdm_status new_tag(struct cspdm_context *ctx, struct cspdm_session *s)
{
	return ctx->cfg.crypto->random(ctx->cfg.crypto->priv, &s->upd_tag, 1);
}

static cspdm_status on_key_update_ack(struct cspdm_context *ctx, struct cspdm_session *s,
				      const uint8_t *rsp, size_t len, struct cspdm_action *act)
{
	struct spdm_key_update k;
	cspdm_status st =
	    spdm_dec_key_update(&ctx->neg, SPDM_KEY_UPDATE_ACK, rsp, len, &k, &ctx->err);

	if (st)
		return req_fail(ctx, st, NULL, 0, act);
	if (k.operation != s->upd_op)
		return req_fail(ctx, CSPDM_E_FIELD, "Param1 (KeyOperation)", 2, act);
	if (k.tag != s->upd_tag)
		return req_fail(ctx, CSPDM_E_FIELD, "Param2 (Tag)", 3, act);
	if (s->upd_op == CSPDM_KEY_UPDATE_VERIFY) {
		s->key_updates++;
		return req_sess_done(ctx, act);
	}
	/* the device has the new request key: use it, and prove it with VerifyNewKey */
	st = sec_update(&s->ks, &s->sec, SEC_REQ);
	if (!st)
		st = new_tag(ctx, s);
	if (st)
		return req_fail(ctx, st, NULL, 0, act);
	s->upd_op = CSPDM_KEY_UPDATE_VERIFY;
	return send_key_update(ctx, s, act);
}

static cspdm_status on_simple_ack(struct cspdm_context *ctx, struct cspdm_session *s, uint8_t code,
				  const uint8_t *rsp, size_t len, struct cspdm_action *act)
{
	cspdm_status st = spdm_dec_simple(&ctx->neg, code, rsp, len, &ctx->err);

	if (st)
		return req_fail(ctx, st, NULL, 0, act);
	if (code == SPDM_END_SESSION_ACK)
		sess_wipe(s, CSPDM_SESSION_ENDED);
	return req_sess_done(ctx, act);
}

/* ---- VENDOR_DEFINED inside the session ------------------------------------------------------ */

/* The caller's request, built again in the session's buffer (sealing overwrites it). */
static cspdm_status send_vendor(struct cspdm_context *ctx, struct cspdm_session *s,
				struct cspdm_action *act)
{
	size_t cap;
	uint8_t *buf = sess_msg_buf(s, &cap);

	if (s->vd_req_len > cap)
		return req_fail(ctx, CSPDM_E_MSG_TOO_LARGE, "VENDOR_DEFINED_REQUEST", 0, act);
	memcpy(buf, s->vd_req, s->vd_req_len);
	return req_send_buf(ctx, SPDM_VENDOR_DEFINED_REQUEST, ST_VENDOR, buf, s->vd_req_len, act);
}

/* The response's framing names the request's protocol: the same StandardID, VendorID and
 * protocol ID (checked before the protocol message, which is then read as that protocol's). */
static cspdm_status vendor_same(const struct spdm_neg *n, const struct app_msg *q,
				const uint8_t *rsp, size_t len, cspdm_error *err)
{
	struct spdm_vendor v;
	cspdm_status st = spdm_dec_vendor(n, SPDM_VENDOR_DEFINED_RESPONSE, rsp, len, &v, err);

	if (st)
		return st;
	if (v.standard_id != q->v.standard_id)
		return spdm_fail(err, CSPDM_E_FIELD, "StandardID (not the request's)", 4);
	if (v.vendor_id_len != q->v.vendor_id_len || v.vendor_id != q->v.vendor_id)
		return spdm_fail(err, CSPDM_E_FIELD, "VendorID (not the request's)", 7);
	if (!v.payload_len || v.proto_id != q->v.proto_id)
		return spdm_fail(err, CSPDM_E_FIELD, "protocol ID (not the request's)",
				 (uint32_t)v.payload_off);
	return CSPDM_OK;
}

/* The response decodes, answers the request's protocol, and goes to the caller's storage. */
static cspdm_status on_vendor_rsp(struct cspdm_context *ctx, struct cspdm_session *s,
				  const uint8_t *rsp, size_t len, struct cspdm_action *act)
{
	struct spdm_neg n = ctx->neg;
	struct app_msg q, m;
	cspdm_status st;

	n.max_pad = 0;
	st = app_dec(&n, s->vd_req, s->vd_req_len, &q, &ctx->err);
	if (!st)
		st = vendor_same(&n, &q, rsp, len, &ctx->err);
	if (!st)
		st = app_dec(&n, rsp, len, &m, &ctx->err);
	if (st)
		return req_fail(ctx, st, ctx->err.field, ctx->err.offset, act);
	if (len > s->vd_rsp_cap)
		return req_fail(ctx, CSPDM_E_BUFFER_TOO_SMALL, "VENDOR_DEFINED_RESPONSE", 0, act);
	memcpy(s->vd_rsp, rsp, len);
	s->vd_rsp_len = len;
	return req_sess_done(ctx, act);
}

/* ---- entry points from the state machine
 * --------------------------------------------------------- */

cspdm_status req_sess_start(struct cspdm_context *ctx, struct cspdm_action *act)
{
	struct cspdm_session *s = ctx->sess;

	switch (s->op) {
	case OP_OPEN:
		return s->cfg.psk ? req_psk_start(ctx, act) : send_key_exchange(ctx, s, act);
	case OP_HEARTBEAT:
		return send_simple(ctx, s, SPDM_HEARTBEAT, 0, 0, ST_HEARTBEAT, act);
	case OP_KEY_UPDATE:
		if (new_tag(ctx, s))
			return req_fail(ctx, CSPDM_E_CRYPTO, NULL, 0, act);
		return send_key_update(ctx, s, act);
	case OP_CHAIN:
		return req_send_get_digests(ctx, act);
	case OP_END:
		return send_simple(ctx, s, SPDM_END_SESSION, s->end_clear, 0, ST_END_SESSION, act);
	case OP_VENDOR:
		return send_vendor(ctx, s, act);
	case OP_ENCAP:
		return req_encap_start(ctx, EF_SESSION, act);
	default:
		return req_fail(ctx, CSPDM_E_STATE, NULL, 0, act);
	}
}

/* After Busy: the same request again. KEY_EXCHANGE is still in the buffer in the clear; the
 * others are built again, since sealing overwrote them. */
cspdm_status req_sess_resend(struct cspdm_context *ctx, struct cspdm_action *act)
{
	struct cspdm_session *s = ctx->sess;

	switch (ctx->state) {
	case ST_KEY_EXCHANGE:
	case ST_ENCAP_DELIVER: /* both still in the clear in their buffers */
		return req_send_buf(ctx, ctx->req_code, ctx->state, ctx->req_ptr, ctx->req_len,
				    act);
	case ST_FINISH:
		return send_finish(ctx, s, act);
	case ST_PSK_EXCHANGE:
	case ST_PSK_FINISH:
		return req_psk_resend(ctx, act);
	case ST_KEY_UPDATE:
		s->upd_rsp_after = 0; /* the response key changed with the first attempt */
		return send_simple(ctx, s, SPDM_KEY_UPDATE, s->upd_op, s->upd_tag, ST_KEY_UPDATE,
				   act);
	case ST_HEARTBEAT:
	case ST_END_SESSION:
	case ST_VENDOR:
		return req_sess_start(ctx, act);
	default:
		return req_fail(ctx, CSPDM_E_STATE, NULL, 0, act);
	}
}

cspdm_status req_sess_dispatch(struct cspdm_context *ctx, const uint8_t *rsp, size_t len,
			       struct cspdm_action *act)
{
	struct cspdm_session *s = ctx->sess;

	if (!s)
		return req_fail(ctx, CSPDM_E_STATE, NULL, 0, act);
	switch (ctx->state) {
	case ST_KEY_EXCHANGE:
		return on_key_exchange_rsp(ctx, s, rsp, len, act);
	case ST_FINISH:
		return on_finish_rsp(ctx, s, rsp, len, act);
	case ST_PSK_EXCHANGE:
	case ST_PSK_FINISH:
		return req_psk_dispatch(ctx, rsp, len, act);
	case ST_HEARTBEAT:
		return on_simple_ack(ctx, s, SPDM_HEARTBEAT_ACK, rsp, len, act);
	case ST_KEY_UPDATE:
		return on_key_update_ack(ctx, s, rsp, len, act);
	case ST_END_SESSION:
		return on_simple_ack(ctx, s, SPDM_END_SESSION_ACK, rsp, len, act);
	case ST_VENDOR:
		return on_vendor_rsp(ctx, s, rsp, len, act);
	default:
		return req_fail(ctx, CSPDM_E_STATE, NULL, 0, act);
	}
}

cspdm_status req_sess_after_chain(struct cspdm_context *ctx, struct cspdm_action *act)
{
	struct cspdm_session *s = ctx->sess;

	if (s->op == OP_OPEN) { /* connect done: the chain authenticates KEY_EXCHANGE_RSP */
		ctx->no_challenge = 0;
		return send_key_exchange(ctx, s, act);
	}
	return req_sess_done(ctx, act);
}
