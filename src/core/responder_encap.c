/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The encapsulated request flow, responder side: the requester's flow (requester_encap.c) read
 * backwards. A flow is armed by CHALLENGE_AUTH with BasicMutAuthReq (GET_DIGESTS,
 * GET_CERTIFICATE, CHALLENGE), by KEY_EXCHANGE_RSP asking for mutual authentication with it
 * (GET_DIGESTS, GET_CERTIFICATE; with MUT_AUTH_REQUESTED_WITH_GET_DIGESTS the first GET_DIGESTS
 * is implied, RequestID 0) or by cspdm_responder_encap_key_update (KEY_UPDATE, VerifyNewKey).
 * The requester fetches our requests with GET_ENCAPSULATED_REQUEST and returns each answer in
 * DELIVER_ENCAPSULATED_RESPONSE, naming its RequestID; ENCAPSULATED_RESPONSE_ACK carries the
 * next request or ends the flow. responder_mutual.c checks the answers. While a flow is armed,
 * other requests get RequestInFlight; a flow ends within CSPDM_MAX_ENCAP requests.
 */
#include "responder_ctx.h"
#include "session_ctx.h"

#include <string.h>

#define CERT_RSP_HEADER	  8u
#define DELIVER_HEADER	  4u
#define PORTION_MAX_PRE12 1024u

static int both_encap(const struct cspdm_responder *r)
{
	return (r->cfg.caps & r->req_caps.flags & SPDM_CAP_ENCAP) != 0;
}

void rsp_encap_reset(struct cspdm_responder *r)
{
	const struct cspdm_crypto_ops *ops = r->cfg.crypto;

	if (r->encap.mut_live)
		ops->hash_free(ops->priv, &r->encap.mut);
	memset(&r->encap, 0, sizeof(r->encap));
}

static int live(const struct cspdm_session *s)
{
	return s && (s->state == CSPDM_SESSION_HANDSHAKING || s->state == CSPDM_SESSION_OPEN);
}

cspdm_status rsp_encap_arm(struct cspdm_responder *r, uint8_t kind, struct cspdm_session *s)
{
	const struct cspdm_crypto_ops *ops = r->cfg.crypto;
	cspdm_status st = CSPDM_OK;

	rsp_encap_reset(r);
	r->encap.kind = kind;
	r->encap.sess = s;
	r->encap.next = kind == RE_KEY_UPDATE ? SPDM_KEY_UPDATE : SPDM_GET_DIGESTS;
	r->encap.ku_op = CSPDM_KEY_UPDATE_KEY;
	if (kind == RE_HANDSHAKE && s->mut_auth == SPDM_MUT_AUTH_WITH_GET_DIGESTS)
		r->encap.in_flight = 1; /* implied: GET_DIGESTS, RequestID 0 */
	if (kind != RE_BASIC)
		return CSPDM_OK;
	st = ops->hash_init(ops->priv, &r->encap.mut, r->algs.base_hash);
	r->encap.mut_live = !st;
	if (!st && r->neg.version >= CSPDM_V12) /* the mutual M1/M2 starts with VCA from 1.2 */
		st = ops->hash_update(ops->priv, &r->encap.mut, r->tr.vca, r->tr.vca_len);
	return st;
}

/* The flow's messages travel where it runs: outside sessions, or as its session's handshake
 * does (in the clear or secured), or inside its established session. */
static int channel_ok(const struct cspdm_responder *r)
{
	const struct cspdm_session *s = r->encap.sess;

	switch (r->encap.kind) {
	case RE_BASIC:
		return r->cur == NULL;
	case RE_HANDSHAKE:
		return s->state == CSPDM_SESSION_HANDSHAKING && r->cur == (s->in_clear ? NULL : s);
	case RE_KEY_UPDATE:
		return s->state == CSPDM_SESSION_OPEN && r->cur == s;
	default:
		return 0;
	}
}

/* A flow whose session is gone (ended, failed) is over. */
static void drop_stale(struct cspdm_responder *r)
{
	if (r->encap.kind && r->encap.kind != RE_BASIC && !live(r->encap.sess))
		rsp_encap_reset(r);
}

int rsp_encap_blocks(struct cspdm_responder *r, uint8_t code, uint8_t *out, size_t cap, size_t *n)
{
	drop_stale(r);
	if (!r->encap.kind || code == SPDM_GET_ENCAPSULATED_REQUEST ||
	    code == SPDM_DELIVER_ENCAPSULATED_RESPONSE || code == SPDM_RESPOND_IF_READY)
		return 0;
	r->err.code = code == SPDM_FINISH ? CSPDM_E_MUT_AUTH : CSPDM_E_STATE;
	r->err.field = "encapsulated flow in progress";
	*n = rsp_error(r,
		       r->neg.version >= CSPDM_V12 ? SPDM_ERR_REQUEST_IN_FLIGHT
						   : SPDM_ERR_UNEXPECTED_REQUEST,
		       0, out, cap);
	return 1;
}

/* What one CERTIFICATE may carry back to us, in a DELIVER within our DataTransferSize. */
static uint32_t portion_want(const struct cspdm_responder *r)
{
	uint32_t lim = PORTION_MAX_PRE12;
	size_t room = r->cfg.req_cert_cap - r->encap.cert_off;

	if (r->neg.version >= CSPDM_V12)
		lim = r->cfg.data_transfer_size - CERT_RSP_HEADER - DELIVER_HEADER;
	if (r->encap.cert_total)
		room = r->encap.cert_total - r->encap.cert_off;
	return room < lim ? (uint32_t)room : lim;
}

static cspdm_status build_cert_request(struct cspdm_responder *r, uint8_t *out, size_t cap,
				       size_t *n)
{
	struct spdm_get_cert *g = &r->encap.asked;

	memset(g, 0, sizeof(*g));
	g->slot = r->cfg.req_slot;
	g->offset = r->encap.cert_off;
	g->length = portion_want(r);
	if (!g->length)
		return CSPDM_E_CERT_TOO_LARGE;
	return spdm_enc_get_cert(r->neg.version, g, out, cap, n);
}

static cspdm_status build_challenge(struct cspdm_responder *r, uint8_t *out, size_t cap, size_t *n)
{
	const struct cspdm_crypto_ops *ops = r->cfg.crypto;
	struct spdm_challenge c;
	cspdm_status st;

	memset(&c, 0, sizeof(c));
	c.slot = r->cfg.req_slot;
	memcpy(c.req_context, r->encap.req_context, CSPDM_REQ_CONTEXT_SIZE);
	st = ops->random(ops->priv, c.nonce, sizeof(c.nonce));
	return st ? st : spdm_enc_challenge(r->neg.version, &c, out, cap, n);
}

static cspdm_status build_key_update(struct cspdm_responder *r, uint8_t *out, size_t cap, size_t *n)
{
	const struct cspdm_crypto_ops *ops = r->cfg.crypto;
	struct spdm_key_update k;
	cspdm_status st = ops->random(ops->priv, &r->encap.ku_tag, 1);

	k.operation = r->encap.ku_op;
	k.tag = r->encap.ku_tag;
	return st ? st : spdm_enc_key_update(r->neg.version, SPDM_KEY_UPDATE, &k, out, cap, n);
}

/* The next request, into out; kept (for the transcript) and in flight from now on. */
static cspdm_status build_request(struct cspdm_responder *r, uint8_t *out, size_t cap, size_t *n)
{
	cspdm_status st;

	if (++r->encap.count > CSPDM_MAX_ENCAP)
		return CSPDM_E_ENCAP_LIMIT;
	switch (r->encap.next) {
	case SPDM_GET_DIGESTS:
		st = spdm_enc_get_digests(r->neg.version, out, cap, n);
		break;
	case SPDM_GET_CERTIFICATE:
		st = build_cert_request(r, out, cap, n);
		break;
	case SPDM_CHALLENGE:
		st = build_challenge(r, out, cap, n);
		break;
	default:
		st = build_key_update(r, out, cap, n);
		break;
	}
	if (st || *n > sizeof(r->encap.req))
		return st ? st : CSPDM_E_BUFFER_TOO_SMALL;
	memcpy(r->encap.req, out, *n);
	r->encap.req_len = (uint8_t)*n;
	r->encap.in_flight = 1;
	r->peer.encap_requests++;
	return CSPDM_OK;
}

/* No flow for this requester here: NoPendingRequests (1.3), UnexpectedRequest before. */
static size_t no_pending(struct cspdm_responder *r, uint8_t *out, size_t cap)
{
	r->err.code = CSPDM_E_STATE;
	return rsp_error(r,
			 r->neg.version >= CSPDM_V13 ? SPDM_ERR_NO_PENDING_REQUESTS
						     : SPDM_ERR_UNEXPECTED_REQUEST,
			 0, out, cap);
}

/* The flow failed: it ends, and so does the session it was for. */
static size_t flow_failed(struct cspdm_responder *r, cspdm_status st, uint8_t *out, size_t cap)
{
	struct cspdm_session *s = r->encap.sess;

	r->err.code = st;
	if (s && r->cur == s)
		s->after_send = AFTER_FAIL;
	else if (s)
		sess_wipe(s, CSPDM_SESSION_FAILED);
	rsp_encap_reset(r);
	return rsp_error(r, SPDM_ERR_INVALID_RESPONSE_CODE, 0, out, cap);
}

/* Without ENCAP_CAP on both sides (or before 1.1) the flow's requests are not ours to serve. */
static int unsupported(struct cspdm_responder *r, uint8_t code, uint8_t *out, size_t cap, size_t *n)
{
	if (both_encap(r) && r->neg.version >= CSPDM_V11)
		return 0;
	r->err.code = CSPDM_E_UNSUPPORTED;
	*n = rsp_error(r, SPDM_ERR_UNSUPPORTED_REQUEST, code, out, cap);
	return 1;
}

size_t rsp_encap_get(struct cspdm_responder *r, const uint8_t *req, size_t len, uint8_t *out,
		     size_t cap)
{
	size_t hl = 0, n = 0;
	cspdm_status st;

	if (unsupported(r, SPDM_GET_ENCAPSULATED_REQUEST, out, cap, &n))
		return n;
	st = spdm_dec_get_encap_request(&r->neg, req, len, &r->err);
	if (st)
		return rsp_refuse(r, st, out, cap);
	drop_stale(r);
	if (!r->encap.kind || r->encap.in_flight || !channel_ok(r))
		return no_pending(r, out, cap);
	st = spdm_enc_encap_header(r->neg.version, SPDM_ENCAPSULATED_REQUEST, ++r->encap.id, out,
				   cap, &hl);
	if (!st)
		st = build_request(r, out + hl, cap - hl, &n);
	if (st)
		return flow_failed(r, st, out, cap);
	return hl + n;
}

/* ENCAPSULATED_RESPONSE_ACK for the response to request ack_id: the next request, or the end
 * (a session's flow names the requester's slot for FINISH). */
static size_t send_ack(struct cspdm_responder *r, uint8_t ack_id, uint8_t *out, size_t cap)
{
	struct spdm_encap_ack a;
	size_t hl = 0, n = 0;
	cspdm_status st;

	memset(&a, 0, sizeof(a));
	a.ack_request_id = ack_id;
	a.payload_type = SPDM_ENCAP_PAYLOAD_ABSENT;
	if (r->encap.next) {
		a.payload_type = SPDM_ENCAP_PAYLOAD_PRESENT;
		a.request_id = ++r->encap.id;
	} else if (r->encap.kind == RE_HANDSHAKE) {
		a.payload_type = SPDM_ENCAP_PAYLOAD_REQ_SLOT;
		a.req_slot = r->cfg.req_slot;
	}
	st = spdm_enc_encap_ack(r->neg.version, &a, out, cap, &hl);
	if (!st && r->encap.next)
		st = build_request(r, out + hl, cap - hl, &n);
	if (st)
		return flow_failed(r, st, out, cap);
	if (!r->encap.next)
		rsp_encap_reset(r); /* done */
	return hl + n;
}

size_t rsp_encap_deliver(struct cspdm_responder *r, const uint8_t *req, size_t len, uint8_t *out,
			 size_t cap)
{
	struct spdm_encap_msg e;
	size_t n = 0;
	cspdm_status st;

	if (unsupported(r, SPDM_DELIVER_ENCAPSULATED_RESPONSE, out, cap, &n))
		return n;
	st = spdm_dec_encap_carrier(&r->neg, SPDM_DELIVER_ENCAPSULATED_RESPONSE, req, len, &e,
				    &r->err);
	if (st)
		return rsp_refuse(r, st, out, cap);
	drop_stale(r);
	if (!r->encap.kind || !r->encap.in_flight || !channel_ok(r)) {
		r->err.code = CSPDM_E_STATE;
		return rsp_error(r, SPDM_ERR_UNEXPECTED_REQUEST, 0, out, cap);
	}
	if (e.request_id != r->encap.id) {
		r->err.code = CSPDM_E_ENCAP_ID;
		r->err.field = "Param1 (RequestID)";
		r->err.offset = 2;
		return rsp_error(r, SPDM_ERR_INVALID_REQUEST, 0, out, cap);
	}
	r->encap.in_flight = 0;
	st = rsp_mut_response(r, e.msg, e.msg_len);
	if (st)
		return flow_failed(r, st, out, cap);
	return send_ack(r, e.request_id, out, cap);
}

cspdm_status cspdm_responder_encap_key_update(struct cspdm_responder *r, uint32_t session_id)
{
	struct cspdm_session *s;
	unsigned i;

	if (!r || r->magic != CSPDM_RSP_MAGIC)
		return CSPDM_E_INVALID_ARG;
	drop_stale(r);
	if (r->encap.kind || !both_encap(r) ||
	    !(r->cfg.caps & r->req_caps.flags & SPDM_CAP_KEY_UPD))
		return CSPDM_E_STATE;
	for (i = 0; r->cfg.session_mem && i < r->cfg.session_count; i++) {
		s = (struct cspdm_session *)r->cfg.session_mem + i;
		if (s->state == CSPDM_SESSION_OPEN && s->session_id == session_id)
			return rsp_encap_arm(r, RE_KEY_UPDATE, s);
	}
	return CSPDM_E_STATE;
}
