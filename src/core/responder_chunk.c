/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The responder's side of large messages (chunk.h, DSP0274 1.2+), in front of the request
 * dispatch outside and inside sessions. CHUNK_SEND chunks are reassembled in the caller's
 * storage (cspdm_responder_config.chunk_buf) and acknowledged; the last acknowledgement carries
 * the response to the large request. A response larger than the requester's DataTransferSize
 * or ours is held there instead and announced with ERROR LargeResponse (inside CHUNK_SEND_ACK
 * when it answers a large request); CHUNK_GET serves it. A chunk that does not fit (sequence,
 * handle, sizes) gets CHUNK_SEND_ACK with EarlyErrorDetected and ERROR InvalidRequest, and the
 * transfer is over. While one runs, other requests get UnexpectedRequest, except GET_VERSION,
 * which starts over (libspdm's reading of "shall not be interrupted").
 */
#include "responder_ctx.h"
#include "session_ctx.h"

#include <string.h>

/* Chunk storage below this is no storage at all. */
#define CHUNK_MIN_STORAGE SPDM_MIN_DATA_TRANSFER_SIZE_12

void rsp_chunk_config(struct cspdm_responder_config *c)
{
	int on = c->chunk_buf && c->chunk_cap >= CHUNK_MIN_STORAGE;

	c->caps = (c->caps & ~SPDM_CAP_CHUNK) | (on ? SPDM_CAP_CHUNK : 0);
	if (!on) /* DSP0274: without CHUNK_CAP the two sizes are the same */
		c->max_msg_size = c->data_transfer_size;
	else if (c->max_msg_size > c->chunk_cap)
		c->max_msg_size = (uint32_t)(c->chunk_cap > UINT32_MAX ? UINT32_MAX : c->chunk_cap);
	if (c->max_msg_size < c->data_transfer_size)
		c->max_msg_size = c->data_transfer_size;
}

void rsp_chunk_reset(struct cspdm_responder *r)
{
	uint8_t handle = r->chunk.handle; /* LargeResponse handles go on counting */

	memset(&r->chunk, 0, sizeof(r->chunk));
	r->chunk.handle = handle;
}

/* Both sides chunk: 1.2+, after CAPABILITIES, with both CHUNK_CAPs. */
static int both(const struct cspdm_responder *r)
{
	return r->neg.version >= CSPDM_V12 && r->state >= RSP_CAPS &&
	       (r->cfg.caps & r->req_caps.flags & SPDM_CAP_CHUNK);
}

/* The largest message either way: the requester's DataTransferSize and ours. */
static uint32_t limit(const struct cspdm_responder *r)
{
	uint32_t theirs = r->req_caps.data_transfer_size, ours = r->cfg.data_transfer_size;

	return theirs < ours ? theirs : ours;
}

uint32_t rsp_chunk_msg_max(const struct cspdm_responder *r)
{
	uint32_t m = r->req_caps.max_msg_size;

	if (!both(r))
		return limit(r);
	return r->cfg.chunk_cap < m ? (uint32_t)r->cfg.chunk_cap : m;
}

static size_t refuse(struct cspdm_responder *r, cspdm_status st, uint8_t code, uint8_t *out,
		     size_t cap)
{
	r->err.code = st;
	return rsp_error(r, code, 0, out, cap);
}

/* ---- large responses --------------------------------------------------------------------------
 */

/* rsp[0..n) (in out, cap bytes) is the response: as it is if it fits room, else held for
 * CHUNK_GET and ERROR LargeResponse in its place. */
static size_t offer(struct cspdm_responder *r, struct cspdm_session *s, uint8_t *out, size_t n,
		    size_t cap, uint32_t room)
{
	struct rsp_chunk *k = &r->chunk;
	size_t m = 0;

	if (!n || !both(r) || n <= room)
		return n;
	if (n > r->req_caps.max_msg_size || n > r->cfg.chunk_cap)
		return refuse(r, CSPDM_E_MSG_TOO_LARGE, SPDM_ERR_RESPONSE_TOO_LARGE, out, cap);
	memcpy(r->cfg.chunk_buf, out, n);
	k->phase = RSC_HOLD;
	k->sess = s;
	k->held = (uint32_t)n;
	k->served = k->seq = 0;
	k->handle++;
	if (spdm_enc_large_response(r->neg.version, k->handle, out, cap, &m))
		return 0;
	return m;
}

static size_t on_chunk_get(struct cspdm_responder *r, struct cspdm_session *s, const uint8_t *req,
			   size_t len, uint8_t *out, size_t cap)
{
	struct rsp_chunk *k = &r->chunk;
	struct spdm_chunk_get g;
	struct spdm_chunk c;
	size_t n = 0;
	cspdm_status st = spdm_dec_chunk_get(&r->neg, req, len, &g, &r->err);

	if (st)
		return rsp_refuse(r, st, out, cap);
	if (k->phase != RSC_HOLD || k->sess != s)
		return refuse(r, CSPDM_E_STATE, SPDM_ERR_UNEXPECTED_REQUEST, out, cap);
	if (g.handle != k->handle || g.seq != k->seq)
		return refuse(r, CSPDM_E_CHUNK, SPDM_ERR_INVALID_REQUEST, out, cap);
	memset(&c, 0, sizeof(c));
	c.handle = k->handle;
	c.seq = k->seq;
	c.size = chunk_next_size(limit(r), k->served, k->held);
	c.large_size = k->held;
	c.data = r->cfg.chunk_buf + k->served;
	c.attributes = k->served + c.size == k->held ? SPDM_CHUNK_LAST : 0;
	if (spdm_enc_chunk(r->neg.version, SPDM_CHUNK_RESPONSE, &c, out, cap, &n))
		return 0;
	k->served += c.size;
	k->seq++;
	if (c.attributes & SPDM_CHUNK_LAST)
		rsp_chunk_reset(r);
	return n;
}

/* ---- large requests ---------------------------------------------------------------------------
 */

/* CHUNK_SEND_ACK's header before the body[0..n) already at out + its size. */
static size_t ack(struct cspdm_responder *r, uint8_t attr, uint8_t handle, uint32_t seq,
		  size_t body, uint8_t *out, size_t cap)
{
	struct spdm_chunk_ack a = {attr, handle, seq, NULL, 0};
	uint8_t hdr[8];
	size_t n = 0;

	if (spdm_enc_chunk_ack(r->neg.version, &a, hdr, sizeof(hdr), &n) || n + body > cap)
		return 0;
	memcpy(out, hdr, n);
	return n + body;
}

/* A chunk that does not fit: the transfer ends, EarlyErrorDetected with InvalidRequest. */
static size_t early_error(struct cspdm_responder *r, const struct spdm_chunk *c, cspdm_status st,
			  const char *field, uint8_t *out, size_t cap)
{
	uint32_t hdr = SPDM_CHUNK_ACK_HDR(r->neg.version);
	size_t n;

	rsp_chunk_reset(r);
	if (cap < hdr)
		return 0;
	n = refuse(r, st, SPDM_ERR_INVALID_REQUEST, out + hdr, cap - hdr);
	r->err.field = field;
	return n ? ack(r, SPDM_CHUNK_EARLY_ERROR, c->handle, c->seq, n, out, cap) : 0;
}

/* The large request is whole: its response goes into the last acknowledgement. */
static size_t answer_large(struct cspdm_responder *r, struct cspdm_session *s,
			   const struct spdm_chunk *c, uint8_t *out, size_t cap, rsp_inner_fn inner)
{
	const uint8_t *msg = r->cfg.chunk_buf;
	size_t mlen = r->chunk.rx.total, n, room;
	uint32_t hdr = SPDM_CHUNK_ACK_HDR(r->neg.version);
	struct spdm_hdr h;

	rsp_chunk_reset(r);
	if (cap < hdr + 64)
		return 0;
	room = cap - hdr;
	if (spdm_peek_header(msg, mlen, &h, &r->err) || !(h.code & 0x80) ||
	    h.code == SPDM_CHUNK_SEND || h.code == SPDM_CHUNK_GET || h.code == SPDM_GET_VERSION) {
		n = refuse(r, CSPDM_E_FIELD, SPDM_ERR_INVALID_REQUEST, out + hdr, room);
	} else {
		r->err.request_code = h.code;
		n = inner(r, s, &h, msg, mlen, out + hdr, room);
		n = offer(r, s, out + hdr, n, room, limit(r) - hdr);
	}
	return n ? ack(r, 0, c->handle, c->seq, n, out, cap) : 0;
}

static size_t on_chunk_send(struct cspdm_responder *r, struct cspdm_session *s, const uint8_t *req,
			    size_t len, uint8_t *out, size_t cap, rsp_inner_fn inner)
{
	struct rsp_chunk *k = &r->chunk;
	struct spdm_chunk c;
	const char *field = NULL;
	uint32_t off = 0;
	int complete = 0;
	cspdm_status st;

	if (k->phase == RSC_HOLD || (k->phase == RSC_RECV && k->sess != s))
		return refuse(r, CSPDM_E_STATE, SPDM_ERR_UNEXPECTED_REQUEST, out, cap);
	st = spdm_dec_chunk(&r->neg, SPDM_CHUNK_SEND, req, len, &c, &r->err);
	if (st) {
		rsp_chunk_reset(r);
		return rsp_refuse(r, st, out, cap);
	}
	if (k->phase == RSC_IDLE) {
		k->phase = RSC_RECV;
		k->sess = s;
	}
	if (c.len > r->cfg.data_transfer_size)
		return early_error(r, &c, CSPDM_E_MSG_TOO_LARGE,
				   "CHUNK_SEND (beyond DataTransferSize)", out, cap);
	st = chunk_take(&k->rx, r->neg.version, &c, r->cfg.chunk_buf, r->cfg.chunk_cap,
			r->cfg.max_msg_size, &complete, &field, &off);
	if (st)
		return early_error(r, &c, st, field, out, cap);
	if (!complete)
		return ack(r, 0, c.handle, c.seq, 0, out, cap);
	return answer_large(r, s, &c, out, cap, inner);
}

/* ---- the entry ------------------------------------------------------------------------------ */

static int live(const struct cspdm_session *s)
{
	return !s || s->state == CSPDM_SESSION_HANDSHAKING || s->state == CSPDM_SESSION_OPEN;
}

size_t rsp_chunk_serve(struct cspdm_responder *r, struct cspdm_session *s, const struct spdm_hdr *h,
		       const uint8_t *req, size_t len, uint8_t *out, size_t cap, rsp_inner_fn inner)
{
	size_t n;

	if (r->chunk.phase != RSC_IDLE && !live(r->chunk.sess))
		rsp_chunk_reset(r); /* its session is over */
	if (h->code == SPDM_CHUNK_SEND || h->code == SPDM_CHUNK_GET) {
		if (!both(r)) {
			r->err.code = r->state < RSP_CAPS ? CSPDM_E_STATE : CSPDM_E_UNSUPPORTED;
			return rsp_error(r,
					 r->state < RSP_CAPS ? SPDM_ERR_UNEXPECTED_REQUEST
							     : SPDM_ERR_UNSUPPORTED_REQUEST,
					 r->state < RSP_CAPS ? 0 : h->code, out, cap);
		}
		return h->code == SPDM_CHUNK_SEND ? on_chunk_send(r, s, req, len, out, cap, inner)
						  : on_chunk_get(r, s, req, len, out, cap);
	}
	if (r->chunk.phase != RSC_IDLE && (h->code != SPDM_GET_VERSION || s))
		return refuse(r, CSPDM_E_STATE, SPDM_ERR_UNEXPECTED_REQUEST, out, cap);
	if (r->chunk.phase != RSC_IDLE)
		rsp_chunk_reset(r); /* GET_VERSION starts over */
	n = inner(r, s, h, req, len, out, cap);
	return offer(r, s, out, n, cap, limit(r)); /* limit: after GET_CAPABILITIES */
}
