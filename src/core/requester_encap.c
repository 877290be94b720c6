/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The encapsulated request flow, requester side (DSP0274 "Encapsulated request flow"): the
 * device's requests to us ride in its ENCAPSULATED_REQUEST and ENCAPSULATED_RESPONSE_ACK, our
 * answers (requester_identity.c) in DELIVER_ENCAPSULATED_RESPONSE. It runs
 *   - after CHALLENGE_AUTH with BasicMutAuthReq (GET_DIGESTS, GET_CERTIFICATE, CHALLENGE),
 *   - after KEY_EXCHANGE_RSP asking for mutual authentication with the encapsulated flow
 *     (GET_DIGESTS, GET_CERTIFICATE; with MUT_AUTH_REQUESTED_WITH_GET_DIGESTS the first
 *     GET_DIGESTS is implicit, RequestID 0), then FINISH, signed, in the slot the ACK names,
 *   - inside an established session when asked (GET_DIGESTS, GET_CERTIFICATE, KEY_UPDATE).
 * Inside a session handshake its messages travel as the handshake does (secured unless in
 * the clear); session.c seals and opens them. Every flow ends: at most CSPDM_MAX_ENCAP
 * requests, each RequestID once, and each ACK must name the response it acknowledges (1.2+).
 */
#include "context.h"
#include "session_ctx.h"

#include <string.h>

#define DELIVER_HEADER 4u

static int allowed(uint8_t flow, uint8_t code)
{
	switch (code) {
	case SPDM_GET_DIGESTS:
	case SPDM_GET_CERTIFICATE:
		return 1;
	case SPDM_CHALLENGE:
		return flow == EF_BASIC;
	case SPDM_KEY_UPDATE:
		return flow == EF_SESSION;
	default:
		return 0;
	}
}

static void mut_free(struct cspdm_context *ctx)
{
	const struct cspdm_crypto_ops *ops = ctx->cfg.crypto;

	if (ctx->encap.mut_live)
		ops->hash_free(ops->priv, &ctx->encap.mut);
	ctx->encap.mut_live = 0;
}

void req_encap_release(struct cspdm_context *ctx)
{
	mut_free(ctx);
	memset(&ctx->encap, 0, sizeof(ctx->encap));
}

/* Basic mutual authentication: the mutual M1/M2 starts with VCA from 1.2 on. */
static cspdm_status mut_start(struct cspdm_context *ctx)
{
	const struct cspdm_crypto_ops *ops = ctx->cfg.crypto;
	cspdm_status st = ops->hash_init(ops->priv, &ctx->encap.mut, ctx->algs.base_hash);

	if (st)
		return st;
	ctx->encap.mut_live = 1;
	if (ctx->neg.version < CSPDM_V12)
		return CSPDM_OK;
	return ops->hash_update(ops->priv, &ctx->encap.mut, ctx->tr.vca, ctx->tr.vca_len);
}

static cspdm_status send_get(struct cspdm_context *ctx, struct cspdm_action *act)
{
	cspdm_status st =
	    spdm_enc_get_encap_request(ctx->neg.version, ctx->req, sizeof(ctx->req), &ctx->req_len);

	if (st)
		return req_fail(ctx, st, NULL, 0, act);
	return req_send(ctx, SPDM_GET_ENCAPSULATED_REQUEST, ST_ENCAP_GET, act);
}

/* Room for DELIVER: our buffer, the session's (it is sealed there), the device's size. */
static size_t deliver_cap(const struct cspdm_context *ctx)
{
	size_t cap = ctx->cfg.req_id.tx_cap, scap = 0;

	if (ctx->sess) {
		sess_msg_buf(ctx->sess, &scap);
		cap = scap < cap ? scap : cap;
	}
	if (ctx->neg.version >= CSPDM_V12 && ctx->caps.data_transfer_size < cap)
		cap = ctx->caps.data_transfer_size;
	return cap;
}

/* One request of the device, checked, answered and delivered. */
static cspdm_status deliver(struct cspdm_context *ctx, uint8_t id, const uint8_t *msg, size_t len,
			    struct cspdm_action *act)
{
	uint8_t *buf = ctx->cfg.req_id.tx_buf;
	size_t cap = deliver_cap(ctx), n = 0, hl = 0;
	cspdm_status st;

	if (++ctx->encap.count > CSPDM_MAX_ENCAP)
		return req_fail(ctx, CSPDM_E_ENCAP_LIMIT, "EncapsulatedRequest (one too many)", 0,
				act);
	if ((ctx->encap.seen[id >> 3] >> (id & 7)) & 1)
		return req_fail(ctx, CSPDM_E_ENCAP_ID, "Param1 (RequestID, used before)", 2, act);
	ctx->encap.seen[id >> 3] |= (uint8_t)(1u << (id & 7));
	if (!allowed(ctx->encap.flow, msg[1]))
		return req_fail(ctx, CSPDM_E_ENCAP_UNEXPECTED,
				"EncapsulatedRequest (RequestResponseCode)", 1, act);
	ctx->encap.id = id;
	st = spdm_enc_encap_header(ctx->neg.version, SPDM_DELIVER_ENCAPSULATED_RESPONSE, id, buf,
				   cap, &hl);
	if (!st)
		st = req_id_answer(ctx, msg, len, buf + hl, cap - hl, &n);
	if (st)
		return req_fail(ctx, st, NULL, 0, act);
	return req_send_buf(ctx, SPDM_DELIVER_ENCAPSULATED_RESPONSE, ST_ENCAP_DELIVER, buf, hl + n,
			    act);
}

cspdm_status req_encap_start(struct cspdm_context *ctx, uint8_t flow, struct cspdm_action *act)
{
	cspdm_status st = CSPDM_OK;

	req_encap_release(ctx);
	ctx->encap.flow = flow;
	ctx->encap.slot = ctx->cfg.req_id.slot;
	if (flow == EF_BASIC)
		st = mut_start(ctx);
	if (st)
		return req_fail(ctx, st, NULL, 0, act);
	return send_get(ctx, act);
}

cspdm_status req_encap_after_key_exchange(struct cspdm_context *ctx, uint8_t mut_auth, uint8_t slot,
					  struct cspdm_action *act)
{
	uint8_t get_digests[4] = {ctx->neg.version, SPDM_GET_DIGESTS, 0, 0};

	if (mut_auth == SPDM_MUT_AUTH_REQUESTED) { /* the device names our slot: FINISH */
		ctx->sess->req_slot = slot;
		if (slot != ctx->cfg.req_id.slot)
			return req_fail(ctx, CSPDM_E_SLOT, "ReqSlotIDParam", 7, act);
		return req_sess_finish(ctx, act);
	}
	if (mut_auth == SPDM_MUT_AUTH_WITH_ENCAP)
		return req_encap_start(ctx, EF_HANDSHAKE, act);
	req_encap_release(ctx); /* with GET_DIGESTS: it is implied, RequestID 0 */
	ctx->encap.flow = EF_HANDSHAKE;
	ctx->encap.slot = ctx->cfg.req_id.slot;
	return deliver(ctx, 0, get_digests, sizeof(get_digests), act);
}

/* The flow ended (ABSENT, or REQ_SLOT naming the slot for FINISH). */
static cspdm_status flow_done(struct cspdm_context *ctx, uint8_t slot, struct cspdm_action *act)
{
	uint8_t flow = ctx->encap.flow, challenged = ctx->encap.challenged;

	ctx->encap.flow = EF_NONE;
	mut_free(ctx);
	if (flow == EF_HANDSHAKE) {
		ctx->sess->req_slot = slot;
		if (slot != ctx->cfg.req_id.slot)
			return req_fail(ctx, CSPDM_E_SLOT, "ReqSlotNumber", 8, act);
		return req_sess_finish(ctx, act);
	}
	if (flow == EF_BASIC)
		ctx->mutual = (uint8_t)(1 + challenged);
	memset(&ctx->err, 0, sizeof(ctx->err));
	ctx->state = ST_DONE;
	act->kind = CSPDM_ACT_DONE;
	return CSPDM_OK;
}

static cspdm_status on_encap_request(struct cspdm_context *ctx, const uint8_t *rsp, size_t len,
				     struct cspdm_action *act)
{
	struct spdm_encap_msg e;
	cspdm_status st =
	    spdm_dec_encap_carrier(&ctx->neg, SPDM_ENCAPSULATED_REQUEST, rsp, len, &e, &ctx->err);

	if (st)
		return req_fail(ctx, st, NULL, 0, act);
	return deliver(ctx, e.request_id, e.msg, e.msg_len, act);
}

static cspdm_status on_ack(struct cspdm_context *ctx, const uint8_t *rsp, size_t len,
			   struct cspdm_action *act)
{
	struct spdm_encap_ack a;
	cspdm_status st = spdm_dec_encap_ack(&ctx->neg, rsp, len, &a, &ctx->err);

	if (st)
		return req_fail(ctx, st, NULL, 0, act);
	if (ctx->neg.version >= CSPDM_V12 && a.ack_request_id != ctx->encap.id)
		return req_fail(ctx, CSPDM_E_ENCAP_ID, "AckRequestID", 4, act);
	if (a.payload_type == SPDM_ENCAP_PAYLOAD_PRESENT)
		return deliver(ctx, a.request_id, a.msg, a.msg_len, act);
	if (a.payload_type == SPDM_ENCAP_PAYLOAD_REQ_SLOT)
		return flow_done(ctx, a.req_slot, act);
	return flow_done(ctx, ctx->encap.slot, act);
}

cspdm_status req_encap_dispatch(struct cspdm_context *ctx, const uint8_t *rsp, size_t len,
				struct cspdm_action *act)
{
	if (ctx->state == ST_ENCAP_GET)
		return on_encap_request(ctx, rsp, len, act);
	return on_ack(ctx, rsp, len, act);
}

/* DSP0274: a responder with nothing to ask answers NoPendingRequests (1.3), UnexpectedRequest
 * before; inside an established session that ends the flow with nothing done. */
int req_encap_on_error(struct cspdm_context *ctx, const struct spdm_error_rsp *e,
		       struct cspdm_action *act, cspdm_status *st)
{
	uint8_t none = ctx->neg.version >= CSPDM_V13 ? SPDM_ERR_NO_PENDING_REQUESTS
						     : SPDM_ERR_UNEXPECTED_REQUEST;

	if (ctx->state != ST_ENCAP_GET || ctx->encap.flow != EF_SESSION || e->code != none)
		return 0;
	*st = flow_done(ctx, 0, act);
	return 1;
}
