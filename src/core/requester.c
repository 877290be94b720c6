/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The requester state machine (DESIGN.md rule 5): cspdm_step() takes the reply to the last
 * request and says what to do next. This file holds the context lifecycle, the flow-control
 * ERRORs (Busy, ResponseNotReady, RequestResynch) and VCA: GET_VERSION, GET_CAPABILITIES,
 * NEGOTIATE_ALGORITHMS. Digests/certificates and the challenge live in their own files.
 */
#include "context.h"

#include <string.h>

#define ST1_US		 100000u  /* DSP0274 timing: ST1, simple responses */
#define DEFAULT_RTT_US	 1000000u /* transport round trip allowance */
#define BUSY_DELAY_US	 100000u
#define MAX_RDT_EXPONENT 26 /* 2^26 us = 67 s: longer waits are refused */
#define MAX_CT_EXPONENT	 26 /* 2^26 us = 67 s: the longest crypto wait */

static const uint32_t supported_asym =
    CSPDM_ASYM_RSASSA_2048 | CSPDM_ASYM_RSAPSS_2048 | CSPDM_ASYM_RSASSA_3072 |
    CSPDM_ASYM_RSAPSS_3072 | CSPDM_ASYM_ECDSA_P256 | CSPDM_ASYM_RSASSA_4096 |
    CSPDM_ASYM_RSAPSS_4096 | CSPDM_ASYM_ECDSA_P384 | CSPDM_ASYM_ECDSA_P521 |
    CSPDM_ASYM_EDDSA_25519 | CSPDM_ASYM_EDDSA_448;
static const uint32_t supported_hash = CSPDM_HASH_SHA_256 | CSPDM_HASH_SHA_384 |
				       CSPDM_HASH_SHA_512 | CSPDM_HASH_SHA3_256 |
				       CSPDM_HASH_SHA3_384 | CSPDM_HASH_SHA3_512;

void cspdm_config_defaults(struct cspdm_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->min_version = CSPDM_V10;
	cfg->max_version = CSPDM_V14;
	cfg->data_transfer_size = 4096;
	cfg->rtt_us = DEFAULT_RTT_US;
	cfg->busy_retries = 3;
	cfg->not_ready_retries = 8;
	cfg->resynch_retries = 2;
	cfg->req_caps = CSPDM_REQ_CAPS_SESSIONS;
}

size_t cspdm_context_size(void)
{
	return sizeof(struct cspdm_context);
}

static int valid_config(const struct cspdm_config *cfg)
{
	return cfg && cfg->crypto && cfg->cert_buf && cfg->cert_cap &&
	       cfg->slot < CSPDM_MAX_SLOTS && cfg->min_version >= CSPDM_V10 &&
	       cfg->max_version <= CSPDM_V14 && cfg->min_version <= cfg->max_version &&
	       (cfg->meas_summary == 0 || cfg->meas_summary == 1 || cfg->meas_summary == 0xFF) &&
	       req_id_valid(&cfg->req_id);
}

cspdm_status cspdm_init(struct cspdm_context **out, void *mem, size_t mem_len,
			const struct cspdm_config *cfg)
{
	struct cspdm_context *ctx = mem;

	if (!out || !mem || mem_len < sizeof(*ctx) || ((uintptr_t)mem & 7) || !valid_config(cfg))
		return CSPDM_E_INVALID_ARG;
	memset(ctx, 0, sizeof(*ctx));
	ctx->magic = CSPDM_CTX_MAGIC;
	ctx->cfg = *cfg;
	if (!ctx->cfg.base_asym)
		ctx->cfg.base_asym = supported_asym;
	if (!ctx->cfg.base_hash)
		ctx->cfg.base_hash = supported_hash;
	if (!ctx->cfg.rtt_us)
		ctx->cfg.rtt_us = DEFAULT_RTT_US;
	if (!ctx->cfg.data_transfer_size)
		ctx->cfg.data_transfer_size = 4096;
	if (ctx->cfg.data_transfer_size < SPDM_MIN_DATA_TRANSFER_SIZE_12)
		ctx->cfg.data_transfer_size = SPDM_MIN_DATA_TRANSFER_SIZE_12; /* the floor */
	tr_init(&ctx->tr, cfg->crypto, cfg->transcript_buf, cfg->transcript_cap);
	*out = ctx;
	return CSPDM_OK;
}

static void release(struct cspdm_context *ctx)
{
	const struct cspdm_crypto_ops *ops = ctx->cfg.crypto;

	tr_reset(&ctx->tr);
	tr_reset(&ctx->tr_l);
	if (ctx->pubkey && !ctx->pubkey_borrowed)
		ops->key_free(ops->priv, ctx->pubkey);
	ctx->pubkey = NULL;
	ctx->pubkey_borrowed = 0;
	req_encap_release(ctx);
	ctx->mutual = 0;
	ctx->chunk.phase = RCK_IDLE;
}

void cspdm_deinit(struct cspdm_context *ctx)
{
	if (!ctx || ctx->magic != CSPDM_CTX_MAGIC)
		return;
	release(ctx);
	memset(ctx, 0, sizeof(*ctx));
}

const cspdm_error *cspdm_last_error(const struct cspdm_context *ctx)
{
	return &ctx->err;
}

cspdm_status req_fail(struct cspdm_context *ctx, cspdm_status st, const char *field,
		      uint32_t offset, struct cspdm_action *act)
{
	ctx->err.code = st;
	ctx->err.request_code = ctx->req_code;
	if (field) {
		ctx->err.field = field;
		ctx->err.offset = offset;
	}
	if (ctx->sess)
		req_sess_abort(ctx); /* the session's keys go with it */
	ctx->state = ST_FAILED;
	ctx->outcome = CSPDM_AUTH_FAILED;
	act->kind = CSPDM_ACT_DONE;
	release(ctx);
	return st;
}

/* The codec already filled err.field/offset: keep them. */
static cspdm_status dec_fail(struct cspdm_context *ctx, cspdm_status st, struct cspdm_action *act)
{
	return req_fail(ctx, st, NULL, 0, act);
}

uint64_t req_timeout(const struct cspdm_context *ctx, int crypto)
{
	uint8_t ct = ctx->caps.ct_exponent;

	if (!crypto)
		return (uint64_t)ctx->cfg.rtt_us + ST1_US;
	if (ct > MAX_CT_EXPONENT)
		ct = MAX_CT_EXPONENT;
	return (uint64_t)ctx->cfg.rtt_us + ((uint64_t)1 << ct);
}

/* req[0..req_len) has been encoded: hand it out. */
cspdm_status req_send(struct cspdm_context *ctx, uint8_t code, enum req_state next,
		      struct cspdm_action *act)
{
	return req_send_buf(ctx, code, next, ctx->req, ctx->req_len, act);
}

/* Requests that make the device compute: CHALLENGE, KEY_EXCHANGE, FINISH, PSK_EXCHANGE,
 * PSK_FINISH, and the encapsulated flow's (the device may check a signature) (CTExponent). */
static int crypto_request(uint8_t code)
{
	return code == SPDM_CHALLENGE || code == SPDM_KEY_EXCHANGE || code == SPDM_FINISH ||
	       code == SPDM_PSK_EXCHANGE || code == SPDM_PSK_FINISH ||
	       code == SPDM_GET_ENCAPSULATED_REQUEST || code == SPDM_DELIVER_ENCAPSULATED_RESPONSE;
}

cspdm_status req_send_buf(struct cspdm_context *ctx, uint8_t code, enum req_state next,
			  const uint8_t *buf, size_t len, struct cspdm_action *act)
{
	ctx->req_code = code;
	ctx->state = next;
	ctx->pending = PEND_NONE;
	ctx->req_ptr = buf == ctx->req ? NULL : buf;
	ctx->req_len = len;
	act->kind = CSPDM_ACT_SEND;
	act->req = buf;
	act->req_len = len;
	act->timeout_us = req_timeout(ctx, crypto_request(code));
	act->delay_us = 0;
	return req_chunk_send(ctx, buf, len, act); /* in chunks when it is large */
}

static cspdm_status send_get_version(struct cspdm_context *ctx, struct cspdm_action *act)
{
	cspdm_status st;

	/* a restart (RequestResynch) drops the transcript and the key of the chain before */
	release(ctx);
	memset(&ctx->neg, 0, sizeof(ctx->neg));
	ctx->neg.version = CSPDM_V10;
	ctx->neg.max_pad = ctx->cfg.max_pad;
	st = spdm_enc_get_version(ctx->req, sizeof(ctx->req), &ctx->req_len);
	if (st)
		return req_fail(ctx, st, NULL, 0, act);
	return req_send(ctx, SPDM_GET_VERSION, ST_VERSION, act);
}

cspdm_status cspdm_auth_begin(struct cspdm_context *ctx)
{
	if (!ctx || ctx->magic != CSPDM_CTX_MAGIC)
		return CSPDM_E_INVALID_ARG;
	release(ctx);
	memset(&ctx->err, 0, sizeof(ctx->err));
	ctx->state = ST_IDLE;
	ctx->pending = PEND_NONE;
	ctx->busy_count = ctx->not_ready_count = ctx->resynch_count = 0;
	ctx->round_trips = 0;
	ctx->cert_total = ctx->cert_off = 0;
	ctx->slot_mask = 0;
	ctx->sig_len = 0;
	ctx->outcome = CSPDM_AUTH_FAILED;
	ctx->reauth = 0;
	ctx->no_challenge = 0;
	ctx->vca_only = 0;
	ctx->sess = NULL;
	return CSPDM_OK;
}

cspdm_status cspdm_reauth_begin(struct cspdm_context *ctx, const struct cspdm_known_device *k)
{
	cspdm_status st;

	if (!k || !k->pubkey || k->slot >= CSPDM_MAX_SLOTS || !cspdm_hash_size(k->base_hash))
		return CSPDM_E_INVALID_ARG;
	st = cspdm_auth_begin(ctx);
	if (st)
		return st;
	ctx->reauth = 1;
	ctx->known = *k;
	ctx->cfg.slot = k->slot;
	return CSPDM_OK;
}

/* ---- VCA ---------------------------------------------------------------------------------- */

/* Highest version in [min, max] that the device lists. VersionNumberEntry: Table 10. */
static uint8_t pick_version(const struct cspdm_config *cfg, const struct spdm_version_rsp *v)
{
	uint8_t best = 0, ver;
	unsigned i;

	for (i = 0; i < v->count; i++) {
		ver = (uint8_t)(v->entries[i] >> 8);
		if (ver >= cfg->min_version && ver <= cfg->max_version && ver > best)
			best = ver;
	}
	return best;
}

/* Append the request in flight and its reply to the transcript. */
static cspdm_status tr_pair(struct cspdm_context *ctx, const uint8_t *rsp, size_t len)
{
	cspdm_status st = tr_append(&ctx->tr, ctx->req, ctx->req_len);

	return st ? st : tr_append(&ctx->tr, rsp, len);
}

static cspdm_status send_get_caps(struct cspdm_context *ctx, struct cspdm_action *act)
{
	struct spdm_caps c;
	cspdm_status st;

	memset(&c, 0, sizeof(c));
	c.ct_exponent = ctx->cfg.ct_exponent;
	c.flags = ctx->neg.version >= CSPDM_V11 ? ctx->cfg.req_caps | req_id_caps(ctx) : 0;
	req_chunk_caps(ctx, &c);
	st = spdm_enc_get_caps(ctx->neg.version, &c, ctx->req, sizeof(ctx->req), &ctx->req_len);
	if (st)
		return req_fail(ctx, st, NULL, 0, act);
	return req_send(ctx, SPDM_GET_CAPABILITIES, ST_CAPS, act);
}

static cspdm_status on_version(struct cspdm_context *ctx, const uint8_t *rsp, size_t len,
			       struct cspdm_action *act)
{
	struct spdm_version_rsp v;
	cspdm_status st = spdm_dec_version(rsp, len, ctx->neg.max_pad, &v, &ctx->err);

	if (st)
		return dec_fail(ctx, st, act);
	ctx->neg.version = pick_version(&ctx->cfg, &v);
	if (!ctx->neg.version)
		return req_fail(ctx, CSPDM_E_NO_COMMON_VERSION, "VersionNumberEntry", 6, act);
	st = tr_pair(ctx, rsp, v.len);
	if (st)
		return req_fail(ctx, st, NULL, 0, act);
	return send_get_caps(ctx, act);
}

static void fill_offer(struct cspdm_context *ctx, struct spdm_neg_algs_req *a)
{
	memset(a, 0, sizeof(*a));
	a->meas_spec = SPDM_MEAS_SPEC_DMTF;
	a->other_params = SPDM_OPAQUE_FMT_1;
	a->base_asym =
	    ctx->cfg.base_asym & supported_asym & spdm_asym_for_version(ctx->neg.version);
	a->base_hash = ctx->cfg.base_hash & supported_hash;
	/* Structures offered for later sessions; selections are checked against them. */
	/* FFDHE 2048/3072/4096, secp256r1/384r1/521r1; AES-128-GCM, AES-256-GCM, ChaCha20 */
	a->dhe = (uint16_t)((ctx->cfg.dhe ? ctx->cfg.dhe : 0x3F) & 0x3F);
	a->aead = (uint16_t)((ctx->cfg.aead ? ctx->cfg.aead : 0x07) & 0x07);
	a->req_asym = req_id_offer_asym(ctx, a->base_asym);
	a->key_schedule = 0x01; /* SPDM key schedule */
}

static cspdm_status send_neg_algs(struct cspdm_context *ctx, struct cspdm_action *act)
{
	cspdm_status st;

	fill_offer(ctx, &ctx->offered);
	st = spdm_enc_neg_algs(ctx->neg.version, &ctx->offered, ctx->req, sizeof(ctx->req),
			       &ctx->req_len);
	if (st)
		return req_fail(ctx, st, NULL, 0, act);
	return req_send(ctx, SPDM_NEGOTIATE_ALGORITHMS, ST_ALGS, act);
}

static cspdm_status on_caps(struct cspdm_context *ctx, const uint8_t *rsp, size_t len,
			    struct cspdm_action *act)
{
	cspdm_status st = spdm_dec_caps(&ctx->neg, rsp, len, &ctx->caps, &ctx->err);

	if (st)
		return dec_fail(ctx, st, act);
	if (!ctx->vca_only && !(ctx->caps.flags & SPDM_CAP_CERT))
		return req_fail(ctx, CSPDM_E_CAPABILITIES, "Flags.CERT_CAP", 8, act);
	if (!ctx->vca_only && !(ctx->caps.flags & SPDM_CAP_CHAL))
		return req_fail(ctx, CSPDM_E_CAPABILITIES, "Flags.CHAL_CAP", 8, act);
	st = tr_pair(ctx, rsp, ctx->caps.len);
	if (st)
		return req_fail(ctx, st, NULL, 0, act);
	return send_neg_algs(ctx, act);
}

static cspdm_status on_algorithms(struct cspdm_context *ctx, const uint8_t *rsp, size_t len,
				  struct cspdm_action *act)
{
	struct spdm_algorithms *a = &ctx->algs;
	cspdm_status st;

	st = spdm_dec_algorithms(&ctx->neg, &ctx->offered, ctx->caps.flags, rsp, len, a, &ctx->err);
	if (st)
		return dec_fail(ctx, st, act);
	if ((!a->base_asym && !ctx->vca_only) || !a->base_hash)
		return req_fail(ctx, CSPDM_E_ALGORITHM,
				a->base_asym ? "BaseHashSel" : "BaseAsymSel",
				a->base_asym ? 16 : 12, act);
	if (ctx->reauth && a->base_asym != ctx->known.base_asym)
		return req_fail(ctx, CSPDM_E_ALGORITHM, "BaseAsymSel (changed)", 12, act);
	if (ctx->reauth && a->base_hash != ctx->known.base_hash)
		return req_fail(ctx, CSPDM_E_ALGORITHM, "BaseHashSel (changed)", 16, act);
	ctx->neg.hash_size = cspdm_hash_size(a->base_hash);
	ctx->neg.sig_size = cspdm_sig_size(a->base_asym);
	ctx->neg.multi_key = (a->other_params & SPDM_MULTI_KEY_CONN) != 0;
	st = tr_pair(ctx, rsp, a->len);
	if (!st)
		st = tr_start_hash(&ctx->tr, a->base_hash);
	if (!st)
		st = req_id_prepare(ctx);
	if (st)
		return req_fail(ctx, st, NULL, 0, act);
	if (ctx->vca_only) /* no certificate: the PSK session begins */
		return req_sess_start(ctx, act);
	return req_send_get_digests(ctx, act);
}

/* ---- flow-control ERRORs (DSP0274 Table 57/59) --------------------------------------------- */

static cspdm_status on_not_ready(struct cspdm_context *ctx, const struct spdm_error_rsp *e,
				 struct cspdm_action *act)
{
	if (++ctx->not_ready_count > ctx->cfg.not_ready_retries)
		return req_fail(ctx, CSPDM_E_NOT_READY, "ErrorCode", 2, act);
	if (e->request_code != ctx->req_code)
		return req_fail(ctx, CSPDM_E_NOT_READY, "RequestCode", 5, act);
	/* before VERSION there is no version to send RESPOND_IF_READY in */
	if (ctx->state == ST_VERSION)
		return req_fail(ctx, CSPDM_E_NOT_READY, "ErrorCode (not for GET_VERSION)", 2, act);
	if (e->rdt_exponent > MAX_RDT_EXPONENT)
		return req_fail(ctx, CSPDM_E_NOT_READY, "RDTExponent", 4, act);
	ctx->not_ready_token = e->token;
	ctx->pending = PEND_RESPOND_IF_READY;
	ctx->not_ready_timeout_us = (uint64_t)ctx->cfg.rtt_us + ST1_US;
	act->kind = CSPDM_ACT_DELAY;
	act->delay_us = (uint64_t)1 << e->rdt_exponent;
	return CSPDM_OK;
}

/* Busy: the request in flight again after a while, a few times. */
cspdm_status req_on_busy(struct cspdm_context *ctx, struct cspdm_action *act)
{
	if (++ctx->busy_count > ctx->cfg.busy_retries)
		return req_fail(ctx, CSPDM_E_BUSY, "ErrorCode", 2, act);
	ctx->pending = PEND_RESEND;
	act->kind = CSPDM_ACT_DELAY;
	act->delay_us = BUSY_DELAY_US;
	return CSPDM_OK;
}

static cspdm_status on_error(struct cspdm_context *ctx, const uint8_t *rsp, size_t len,
			     struct cspdm_action *act)
{
	struct spdm_error_rsp e;
	cspdm_status st = spdm_dec_error(&ctx->neg, rsp, len, &e, &ctx->err);

	if (st)
		return dec_fail(ctx, st, act);
	ctx->err.device_code = e.code;
	ctx->err.device_data = e.data;
	if (req_meas_on_error(ctx, &e, act, &st) || req_encap_on_error(ctx, &e, act, &st))
		return st;
	switch (e.code) {
	case SPDM_ERR_RESPONSE_NOT_READY:
		return on_not_ready(ctx, &e, act);
	case SPDM_ERR_BUSY:
		return req_on_busy(ctx, act);
	case SPDM_ERR_LARGE_RESPONSE:
		return req_chunk_get_begin(ctx, rsp, len, act);
	case SPDM_ERR_REQUEST_RESYNCH:
		/* a resynch forgets the negotiated state, and with it every session */
		if (ctx->sess && ctx->state >= ST_SESS_READY)
			return req_fail(ctx, CSPDM_E_RESYNCH, "ErrorCode", 2, act);
		if (++ctx->resynch_count > ctx->cfg.resynch_retries)
			return req_fail(ctx, CSPDM_E_RESYNCH, "ErrorCode", 2, act);
		return send_get_version(ctx, act);
	default:
		return req_fail(ctx, CSPDM_E_DEVICE_ERROR, "ErrorCode", 2, act);
	}
}

/* ---- the step function ------------------------------------------------------------------- */

static cspdm_status resume(struct cspdm_context *ctx, struct cspdm_action *act)
{
	struct spdm_respond_if_ready q;
	size_t n;

	switch (ctx->pending) {
	case PEND_RESEND:
		if (ctx->chunk.phase) /* a chunk message */
			return req_chunk_resend(ctx, act);
		if (ctx->req_ptr) /* a session message: built again (new sequence number) */
			return req_sess_resend(ctx, act);
		return req_send(ctx, ctx->req_code, ctx->state, act);
	case PEND_RESPOND_IF_READY:
		q.request_code = ctx->req_code;
		q.token = ctx->not_ready_token;
		if (spdm_enc_respond_if_ready(ctx->neg.version, &q, ctx->rif, sizeof(ctx->rif), &n))
			return req_fail(ctx, CSPDM_E_STATE, NULL, 0, act);
		ctx->pending = PEND_NONE;
		act->kind = CSPDM_ACT_SEND;
		act->req = ctx->rif;
		act->req_len = n;
		act->timeout_us = ctx->not_ready_timeout_us;
		return CSPDM_OK;
	default:
		return req_fail(ctx, CSPDM_E_STATE, NULL, 0, act);
	}
}

static cspdm_status dispatch(struct cspdm_context *ctx, const uint8_t *rsp, size_t len,
			     struct cspdm_action *act)
{
	switch (ctx->state) {
	case ST_VERSION:
		return on_version(ctx, rsp, len, act);
	case ST_CAPS:
		return on_caps(ctx, rsp, len, act);
	case ST_ALGS:
		return on_algorithms(ctx, rsp, len, act);
	case ST_DIGESTS:
		return req_on_digests(ctx, rsp, len, act);
	case ST_CERT:
		return req_on_cert(ctx, rsp, len, act);
	case ST_CHALLENGE:
		return req_on_challenge_auth(ctx, rsp, len, act);
	case ST_MEAS:
		return req_on_meas(ctx, rsp, len, act);
	case ST_KEY_EXCHANGE:
	case ST_FINISH:
	case ST_PSK_EXCHANGE:
	case ST_PSK_FINISH:
	case ST_HEARTBEAT:
	case ST_KEY_UPDATE:
	case ST_END_SESSION:
	case ST_VENDOR:
		return req_sess_dispatch(ctx, rsp, len, act);
	case ST_ENCAP_GET:
	case ST_ENCAP_DELIVER:
		return req_encap_dispatch(ctx, rsp, len, act);
	default:
		return req_fail(ctx, CSPDM_E_STATE, NULL, 0, act);
	}
}

cspdm_status cspdm_step(struct cspdm_context *ctx, const uint8_t *rsp, size_t rsp_len,
			struct cspdm_action *act)
{
	if (!ctx || ctx->magic != CSPDM_CTX_MAGIC || !act)
		return CSPDM_E_INVALID_ARG;
	if (ctx->sess) /* a session operation: its messages go through cspdm_session_step */
		return CSPDM_E_STATE;
	return req_step(ctx, rsp, rsp_len, act);
}

cspdm_status req_step(struct cspdm_context *ctx, const uint8_t *rsp, size_t rsp_len,
		      struct cspdm_action *act)
{
	memset(act, 0, sizeof(*act));
	if (ctx->state == ST_DONE || ctx->state == ST_FAILED) {
		act->kind = CSPDM_ACT_DONE;
		return ctx->state == ST_DONE ? CSPDM_OK : ctx->err.code;
	}
	if (!rsp && ctx->state == ST_MEAS_READY)
		return req_send_meas(ctx, act);
	if (!rsp && ctx->state == ST_SESS_READY)
		return req_sess_start(ctx, act);
	if (!rsp)
		return ctx->state == ST_IDLE ? send_get_version(ctx, act) : resume(ctx, act);
	if (ctx->pending != PEND_NONE)
		return req_fail(ctx, CSPDM_E_STATE, NULL, 0, act);
	ctx->round_trips++;
	if (ctx->chunk.phase)
		return req_chunk_on_reply(ctx, rsp, rsp_len, act);
	return req_on_response(ctx, rsp, rsp_len, act);
}

cspdm_status req_on_response(struct cspdm_context *ctx, const uint8_t *rsp, size_t rsp_len,
			     struct cspdm_action *act)
{
	struct spdm_hdr h;
	cspdm_status st = spdm_peek_header(rsp, rsp_len, &h, &ctx->err);

	if (st)
		return dec_fail(ctx, st, act);
	ctx->err.response_code = h.code;
	if (h.code == SPDM_ERROR)
		return on_error(ctx, rsp, rsp_len, act);
	/* Busy and ResponseNotReady limits are per request */
	ctx->busy_count = ctx->not_ready_count = 0;
	return dispatch(ctx, rsp, rsp_len, act);
}

cspdm_status cspdm_step_timeout(struct cspdm_context *ctx, struct cspdm_action *act)
{
	if (!ctx || ctx->magic != CSPDM_CTX_MAGIC || !act)
		return CSPDM_E_INVALID_ARG;
	memset(act, 0, sizeof(*act));
	return req_fail(ctx, CSPDM_E_TIMEOUT, NULL, 0, act);
}
