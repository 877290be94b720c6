/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The requester's side of large messages (chunk.h, DSP0274 1.2+). req_send_buf hands every
 * request here: one larger than the device's DataTransferSize (or than ours, when both sides
 * chunk) goes out as CHUNK_SEND messages, each acknowledged by CHUNK_SEND_ACK; the last
 * acknowledgement carries the response to it. An ERROR LargeResponse, to any request, starts
 * CHUNK_GET: the response is reassembled in the caller's chunk storage and then handed to the
 * flow (req_on_response) as if it had arrived whole, so transcripts hold it and not the chunks.
 * The flow's own state (ctx->state, req_code, the request and its length) is left alone.
 */
#include "context.h"

#include <string.h>

/* Bytes of chunk storage below which it is no storage at all. */
#define CHUNK_MIN_STORAGE SPDM_MIN_DATA_TRANSFER_SIZE_12

static int ours(const struct cspdm_context *ctx)
{
	return ctx->cfg.chunk_buf && ctx->cfg.chunk_cap >= CHUNK_MIN_STORAGE;
}

/* Both sides chunk: 1.2+, our storage and the device's CHUNK_CAP. */
static int both(const struct cspdm_context *ctx)
{
	return ctx->neg.version >= CSPDM_V12 && ours(ctx) && (ctx->caps.flags & SPDM_CAP_CHUNK);
}

/* Our MaxSPDMmsgSize: the DataTransferSize without chunking (DSP0274 wants them equal). */
static uint32_t max_msg(const struct cspdm_context *ctx)
{
	uint32_t dts = ctx->cfg.data_transfer_size;
	uint64_t m = ctx->cfg.max_msg_size ? ctx->cfg.max_msg_size : ctx->cfg.chunk_cap;

	if (!ours(ctx))
		return dts;
	if (m > UINT32_MAX)
		m = UINT32_MAX;
	return m < dts ? dts : (uint32_t)m;
}

void req_chunk_caps(const struct cspdm_context *ctx, struct spdm_caps *c)
{
	c->flags &= ~SPDM_CAP_CHUNK;
	if (ctx->neg.version >= CSPDM_V12 && ours(ctx))
		c->flags |= SPDM_CAP_CHUNK;
	c->data_transfer_size = ctx->cfg.data_transfer_size;
	c->max_msg_size = max_msg(ctx);
}

static cspdm_status fail(struct cspdm_context *ctx, cspdm_status st, const char *field,
			 uint32_t offset, struct cspdm_action *act)
{
	ctx->chunk.phase = RCK_IDLE;
	return req_fail(ctx, st, field, offset, act);
}

/* A chunk message goes out; the flow's state and its request stay as they are. */
static cspdm_status hand_out(struct cspdm_context *ctx, const uint8_t *msg, size_t len,
			     uint64_t timeout_us, struct cspdm_action *act)
{
	ctx->pending = PEND_NONE;
	act->kind = CSPDM_ACT_SEND;
	act->req = msg;
	act->req_len = len;
	act->timeout_us = timeout_us;
	act->delay_us = 0;
	return CSPDM_OK;
}

/* ---- CHUNK_SEND ------------------------------------------------------------------------------ */

static cspdm_status send_chunk(struct cspdm_context *ctx, struct cspdm_action *act)
{
	struct req_chunk *k = &ctx->chunk;
	uint8_t *out = ctx->cfg.chunk_buf + k->keep;
	struct spdm_chunk c;
	size_t n = 0;
	int last;
	cspdm_status st;

	memset(&c, 0, sizeof(c));
	c.handle = k->handle;
	c.seq = k->seq;
	c.size = chunk_next_size(k->limit, k->sent, k->len);
	c.large_size = k->len;
	c.data = k->msg + k->sent;
	last = k->sent + c.size == k->len;
	c.attributes = last ? SPDM_CHUNK_LAST : 0;
	st = spdm_enc_chunk(ctx->neg.version, SPDM_CHUNK_SEND, &c, out,
			    ctx->cfg.chunk_cap - k->keep, &n);
	if (st)
		return fail(ctx, st, NULL, 0, act);
	k->size = c.size;
	return hand_out(ctx, out, n, last ? k->last_timeout_us : req_timeout(ctx, 0), act);
}

/* Why a large request cannot go: its size against the limit it breaks, in words. */
static cspdm_status too_large(struct cspdm_context *ctx, size_t len, const char *what,
			      uint64_t limit, const char *why, struct cspdm_action *act)
{
	chunk_text(ctx->chunk.why, sizeof(ctx->chunk.why), "request of ", len, what, limit, why);
	return fail(ctx, CSPDM_E_MSG_TOO_LARGE, ctx->chunk.why, 0, act);
}

/* The request can go in chunks of at most limit bytes: what the device and we allow. */
static cspdm_status can_chunk(struct cspdm_context *ctx, size_t len, uint32_t limit,
			      struct cspdm_action *act)
{
	uint32_t dev = ctx->caps.data_transfer_size;

	if (!both(ctx))
		return too_large(ctx, len, " bytes is larger than the device's DataTransferSize ",
				 dev,
				 ours(ctx) ? " and the device has no CHUNK_CAP"
					   : " and no chunk storage was given (CHUNK_CAP)",
				 act);
	if (len > ctx->caps.max_msg_size)
		return too_large(ctx, len, " bytes is larger than the device's MaxSPDMmsgSize ",
				 ctx->caps.max_msg_size, "", act);
	if ((uint64_t)len + limit > ctx->cfg.chunk_cap)
		return too_large(ctx, len, " bytes and a chunk do not fit the chunk storage of ",
				 ctx->cfg.chunk_cap, " bytes", act);
	if (!chunk_seq_fits(ctx->neg.version, limit, len))
		return too_large(ctx, len, " bytes needs more chunks than ChunkSeqNo counts at ",
				 limit, " bytes each", act);
	return CSPDM_OK;
}

cspdm_status req_chunk_send(struct cspdm_context *ctx, const uint8_t *buf, size_t len,
			    struct cspdm_action *act)
{
	struct req_chunk *k = &ctx->chunk;
	uint32_t dev = ctx->caps.data_transfer_size, mine = ctx->cfg.data_transfer_size;
	uint32_t limit = dev < mine ? dev : mine;
	cspdm_status st;

	k->keep = 0;
	if (ctx->neg.version < CSPDM_V12 || !dev || ctx->req_code == SPDM_GET_VERSION ||
	    ctx->req_code == SPDM_GET_CAPABILITIES || (len <= dev && (len <= mine || !both(ctx))))
		return CSPDM_OK; /* whole */
	st = can_chunk(ctx, len, limit, act);
	if (st)
		return st;
	/* the request is kept aside: a session seals the chunks where it was built */
	memmove(ctx->cfg.chunk_buf, buf, len);
	if (ctx->req_ptr)
		ctx->req_ptr = ctx->cfg.chunk_buf;
	k->msg = ctx->cfg.chunk_buf;
	k->len = (uint32_t)len;
	k->keep = (uint32_t)len;
	k->sent = k->seq = 0;
	k->limit = limit;
	k->handle = k->next_handle++;
	k->last_timeout_us = act->timeout_us;
	k->phase = RCK_SEND;
	return send_chunk(ctx, act);
}

/* EarlyErrorDetected: the device refused a chunk and says why in an ERROR. */
static cspdm_status early_error(struct cspdm_context *ctx, const struct spdm_chunk_ack *a,
				struct cspdm_action *act)
{
	struct spdm_error_rsp e;
	cspdm_error dummy;

	if (!a->response_len ||
	    spdm_dec_error(&ctx->neg, a->response, a->response_len, &e, &dummy) != CSPDM_OK)
		return fail(ctx, CSPDM_E_CHUNK, "ResponseToLargeRequest (no ERROR)",
			    SPDM_CHUNK_ACK_HDR(ctx->neg.version), act);
	ctx->err.device_code = e.code;
	ctx->err.device_data = e.data;
	return fail(ctx, CSPDM_E_DEVICE_ERROR, "ChunkReceiverAttributes (EarlyErrorDetected)", 2,
		    act);
}

static cspdm_status on_ack(struct cspdm_context *ctx, const uint8_t *rsp, size_t len,
			   struct cspdm_action *act)
{
	struct req_chunk *k = &ctx->chunk;
	struct spdm_chunk_ack a;
	uint32_t hdr = SPDM_CHUNK_ACK_HDR(ctx->neg.version);
	int last = k->sent + k->size == k->len;
	cspdm_status st = spdm_dec_chunk_ack(&ctx->neg, rsp, len, &a, &ctx->err);

	if (st)
		return fail(ctx, st, NULL, 0, act);
	if (len > (uint64_t)ctx->cfg.data_transfer_size + ctx->neg.max_pad)
		return fail(ctx, CSPDM_E_MSG_TOO_LARGE,
			    "CHUNK_SEND_ACK (beyond our DataTransferSize)", 0, act);
	if (a.handle != k->handle)
		return fail(ctx, CSPDM_E_CHUNK, "Param2 (Handle)", 3, act);
	if (a.seq != k->seq)
		return fail(ctx, CSPDM_E_CHUNK, "ChunkSeqNo (not the chunk sent)", 4, act);
	if (a.attributes & SPDM_CHUNK_EARLY_ERROR)
		return early_error(ctx, &a, act);
	if (!last && a.response_len)
		return fail(ctx, CSPDM_E_CHUNK, "ResponseToLargeRequest (before the last chunk)",
			    hdr, act);
	if (!last) {
		k->sent += k->size;
		k->seq++;
		return send_chunk(ctx, act);
	}
	if (!a.response_len)
		return fail(ctx, CSPDM_E_CHUNK, "ResponseToLargeRequest (missing)", hdr, act);
	k->phase = RCK_IDLE;
	return req_on_response(ctx, a.response, a.response_len, act);
}

/* ---- CHUNK_GET ------------------------------------------------------------------------------- */

static cspdm_status send_get(struct cspdm_context *ctx, struct cspdm_action *act)
{
	struct req_chunk *k = &ctx->chunk;
	struct spdm_chunk_get g = {k->rx.handle, k->rx.seq};
	size_t n = 0;
	cspdm_status st = spdm_enc_chunk_get(ctx->neg.version, &g, k->get, sizeof(k->get), &n);

	if (st)
		return fail(ctx, st, NULL, 0, act);
	return hand_out(ctx, k->get, n, req_timeout(ctx, 0), act);
}

cspdm_status req_chunk_get_begin(struct cspdm_context *ctx, const uint8_t *rsp, size_t len,
				 struct cspdm_action *act)
{
	struct req_chunk *k = &ctx->chunk;
	uint8_t handle = 0;
	cspdm_status st;

	if (!both(ctx))
		return fail(ctx, CSPDM_E_DEVICE_ERROR,
			    "ErrorCode (LargeResponse without CHUNK_CAP)", 2, act);
	st = spdm_dec_large_response(&ctx->neg, rsp, len, &handle, &ctx->err);
	if (st)
		return fail(ctx, st, NULL, 0, act);
	ctx->err.device_code = ctx->err.device_data = 0; /* not an error: the response follows */
	memset(&k->rx, 0, sizeof(k->rx));
	k->rx.handle = handle;
	k->rx.fixed = 1;
	k->phase = RCK_GET;
	return send_get(ctx, act);
}

/* The response is whole: the flow takes it from here (a LargeResponse in it is no answer). */
static cspdm_status deliver(struct cspdm_context *ctx, const uint8_t *msg, size_t len,
			    struct cspdm_action *act)
{
	ctx->chunk.phase = RCK_IDLE;
	if (len >= 3 && msg[1] == SPDM_ERROR && msg[2] == SPDM_ERR_LARGE_RESPONSE)
		return fail(ctx, CSPDM_E_CHUNK, "ErrorCode (LargeResponse inside a large response)",
			    2, act);
	return req_on_response(ctx, msg, len, act);
}

static cspdm_status on_chunk(struct cspdm_context *ctx, const uint8_t *rsp, size_t len,
			     struct cspdm_action *act)
{
	struct req_chunk *k = &ctx->chunk;
	uint8_t *buf = ctx->cfg.chunk_buf + k->keep;
	struct spdm_chunk c;
	const char *field = NULL;
	uint32_t off = 0;
	int complete = 0;
	cspdm_status st = spdm_dec_chunk(&ctx->neg, SPDM_CHUNK_RESPONSE, rsp, len, &c, &ctx->err);

	if (st)
		return fail(ctx, st, NULL, 0, act);
	if (c.len > ctx->cfg.data_transfer_size)
		return fail(ctx, CSPDM_E_MSG_TOO_LARGE,
			    "CHUNK_RESPONSE (beyond our DataTransferSize)", 0, act);
	st = chunk_take(&k->rx, ctx->neg.version, &c, buf, ctx->cfg.chunk_cap - k->keep,
			max_msg(ctx), &complete, &field, &off);
	if (st)
		return fail(ctx, st, field, off, act);
	return complete ? deliver(ctx, buf, k->rx.total, act) : send_get(ctx, act);
}

/* ---- replies during a transfer --------------------------------------------------------------- */

/* An ERROR to a chunk message: Busy is tried again; LargeResponse to the last CHUNK_SEND is
 * the response to the large request; anything else ends the transfer. */
static cspdm_status chunk_error(struct cspdm_context *ctx, const uint8_t *rsp, size_t len,
				struct cspdm_action *act)
{
	struct req_chunk *k = &ctx->chunk;
	struct spdm_error_rsp e;
	cspdm_status st = spdm_dec_error(&ctx->neg, rsp, len, &e, &ctx->err);

	if (st)
		return fail(ctx, st, NULL, 0, act);
	ctx->err.device_code = e.code;
	ctx->err.device_data = e.data;
	if (e.code == SPDM_ERR_BUSY)
		return req_on_busy(ctx, act);
	if (e.code == SPDM_ERR_LARGE_RESPONSE && k->phase == RCK_SEND &&
	    k->sent + k->size == k->len) {
		k->phase = RCK_IDLE;
		return req_on_response(ctx, rsp, len, act);
	}
	return fail(ctx, CSPDM_E_DEVICE_ERROR,
		    k->phase == RCK_SEND ? "ErrorCode (to CHUNK_SEND)" : "ErrorCode (to CHUNK_GET)",
		    2, act);
}

cspdm_status req_chunk_on_reply(struct cspdm_context *ctx, const uint8_t *rsp, size_t len,
				struct cspdm_action *act)
{
	struct spdm_hdr h;
	cspdm_status st = spdm_peek_header(rsp, len, &h, &ctx->err);

	if (st)
		return fail(ctx, st, NULL, 0, act);
	ctx->err.response_code = h.code;
	if (h.code == SPDM_ERROR)
		return chunk_error(ctx, rsp, len, act);
	ctx->busy_count = 0;
	if (ctx->chunk.phase == RCK_SEND)
		return on_ack(ctx, rsp, len, act);
	return on_chunk(ctx, rsp, len, act);
}

cspdm_status req_chunk_resend(struct cspdm_context *ctx, struct cspdm_action *act)
{
	return ctx->chunk.phase == RCK_SEND ? send_chunk(ctx, act) : send_get(ctx, act);
}
