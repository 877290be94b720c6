/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Hostile session requests to our responder. An honest requester (our own, stepped through
 * the harness) gets as far as the case's stage: authenticated; KEY_EXCHANGE answered with its
 * FINISH built but not sent; or a session open. Then the case's request goes out, in the clear
 * or sealed in the stage's session with the requester session's own keys (so the requester
 * stays in step with the device and can go on), with the fault applied to the message or to the
 * record. The answer must be the case's ERROR (opened with the session's response key when
 * sealed) or nothing, the responder must hold the sessions the case names, and a session of
 * the stage that is still open must still serve a HEARTBEAT.
 */
#include "hx_sess.h"

#include <stdio.h>
#include <string.h>

#include "core/responder_ctx.h"
#include "testutil.h"

#define REQ_CAP 1024
#define RX_CAP	8192

struct stage {
	struct cspdm_context *ctx;
	struct cspdm_session *s; /* NULL at SS_AUTHED */
	uint8_t fin[REQ_CAP];	 /* the requester's FINISH, as it would have gone out */
	size_t fin_len;
	enum cspdm_msg_kind fin_kind;
};

static uint8_t rx[RX_CAP];

/* Send what the step model hands out, feed back the answer. */
static cspdm_status exchange(struct hx *h, struct cspdm_session *s, struct cspdm_action *act)
{
	enum cspdm_msg_kind kind = CSPDM_MSG_SPDM;
	size_t n = 0;
	cspdm_status st = h->io.send(h->io.priv, act->msg_kind, act->req, act->req_len);

	if (!st)
		st = h->io.recv(h->io.priv, rx, sizeof(rx), &n, &kind, act->timeout_us);
	return st ? st : cspdm_session_step(s, rx, n, kind, act);
}

static const char *reach(struct hx *h, const struct hx_rsp_sess_case *rc, struct stage *sg)
{
	struct cspdm_action act;

	if (cspdm_authenticate(sg->ctx, &h->io))
		return "stage: authentication failed";
	if (rc->stage == SS_AUTHED)
		return NULL;
	if (hx_sess_new(h, sg->ctx, 0, &sg->s) || cspdm_session_open_begin(sg->s) ||
	    cspdm_session_step(sg->s, NULL, 0, CSPDM_MSG_SPDM, &act) ||
	    act.kind != CSPDM_ACT_SEND || exchange(h, sg->s, &act) || act.kind != CSPDM_ACT_SEND ||
	    act.req_len > sizeof(sg->fin))
		return "stage: KEY_EXCHANGE failed";
	memcpy(sg->fin, act.req, act.req_len);
	sg->fin_len = act.req_len;
	sg->fin_kind = act.msg_kind;
	if (rc->stage == SS_HANDSHAKE)
		return NULL;
	if (exchange(h, sg->s, &act) || act.kind != CSPDM_ACT_DONE)
		return "stage: FINISH failed";
	return NULL;
}

/* The key of a sealed request: the session's next (SS_OPEN), or that of the requester's
 * FINISH, which it goes out instead of (SS_HANDSHAKE). */
static void req_key(const struct hx_rsp_sess_case *rc, const struct stage *sg, struct hx_key *k)
{
	hx_key_of(sg->s, SEC_REQ, k);
	if (rc->stage == SS_HANDSHAKE)
		k->seq--;
}

/* An honest KEY_EXCHANGE (a fresh key of the negotiated group, thrown away). */
size_t hx_key_exchange(struct hx *h, uint8_t *buf, size_t cap)
{
	static const uint16_t vers[] = {CSPDM_SM_VERSION_10, CSPDM_SM_VERSION_11,
					CSPDM_SM_VERSION_12};
	const struct cspdm_crypto_ops *ops = hx_env.rsp_ops;
	uint8_t pub[CSPDM_MAX_DHE_SIZE], opaque[64];
	uint16_t group = h->rsp->algs.dhe;
	struct spdm_key_exchange k;
	struct spdm_neg n;
	size_t olen = 0, len = 0;
	void *key = NULL;
	uint8_t general =
	    h->rsp->neg.version >= CSPDM_V12 && (h->rsp->algs.other_params & SPDM_OPAQUE_FMT_1);

	memset(&k, 0, sizeof(k));
	memset(&n, 0, sizeof(n));
	n.version = h->rsp->neg.version;
	n.dhe_size = cspdm_dhe_size(group);
	if (n.version < CSPDM_V11 || !n.dhe_size ||
	    ops->dhe_generate(ops->priv, group, &key, pub, n.dhe_size))
		return 0;
	ops->key_free(ops->priv, key);
	k.req_session_id = 0x4242;
	k.exchange = pub;
	k.opaque = opaque;
	if (spdm_enc_opaque_sm_supported(general, vers, 3, opaque, sizeof(opaque), &olen))
		return 0;
	k.opaque_len = (uint16_t)olen;
	return spdm_enc_key_exchange(&n, &k, buf, cap, &len) ? 0 : len;
}

/* The requester's FINISH as a plaintext message (opened when it was sealed). */
static size_t finish_plain(const struct hx_rsp_sess_case *rc, const struct stage *sg, uint8_t *buf,
			   size_t cap)
{
	uint8_t rec[REQ_CAP];
	const uint8_t *msg = NULL;
	cspdm_error err = {0};
	struct sec_state st;
	struct hx_key k;
	size_t n = 0;

	if (sg->fin_kind == CSPDM_MSG_SPDM || rc->stage != SS_HANDSHAKE) {
		n = sg->fin_kind == CSPDM_MSG_SPDM && sg->fin_len <= cap ? sg->fin_len : 0;
		memcpy(buf, sg->fin, n);
		return n;
	}
	req_key(rc, sg, &k);
	memcpy(rec, sg->fin, sg->fin_len);
	if (!hx_key_state(&k, SEC_REQ, &st) &&
	    !sec_open(k.ks.ops, &st, SEC_REQ, k.id, &k.b, 0, rec, sg->fin_len, &msg, &n, &err) &&
	    n <= cap)
		memcpy(buf, msg, n);
	else
		n = 0;
	sec_wipe(k.ks.ops, &st);
	return n;
}

static size_t build(struct hx *h, const struct hx_rsp_sess_case *rc, const struct stage *sg,
		    uint8_t *buf, size_t cap)
{
	int k;

	switch (rc->base) {
	case SQ_KEY_EXCHANGE:
		return hx_key_exchange(h, buf, cap);
	case SQ_FINISH:
		return finish_plain(rc, sg, buf, cap);
	default:
		k = tu_hex(rc->hex, buf, cap);
		return k < 0 ? 0 : (size_t)k;
	}
}

/* Seal msg in the stage's session (the record fault after), the device answers, the answer
 * is opened with the session's response key. */
static const char *send_sealed(struct hx *h, const struct hx_rsp_sess_case *rc, struct stage *sg,
			       const uint8_t *msg, size_t len, const uint8_t **reply, size_t *rlen)
{
	struct cspdm_session *s = sg->s;
	const struct cspdm_crypto_ops *ops = s->ks.ops;
	uint8_t *rec = h->scratch;
	cspdm_error err = {0};
	struct sec_state st;
	struct hx_key k;
	size_t n = 0;

	req_key(rc, sg, &k);
	memcpy(rec + sec_msg_offset(&k.b, k.mac_only), msg, len);
	if (hx_key_state(&k, SEC_REQ, &st) ||
	    sec_seal_app(ops, &st, SEC_REQ, k.id, &k.b, rc->app ? rc->app_type : SEC_APP_SPDM, rec,
			 HX_MSG_MAX, len, &n))
		n = 0;
	sec_wipe(ops, &st);
	if (!n)
		return "could not seal the request";
	if (rc->f.layer == HX_L_RECORD)
		n = hx_mutate(h, &rc->f, rec, n, HX_MSG_MAX);
	*rlen = cspdm_responder_process_secured(h->rsp, rec, n, 0, h->out, HX_MSG_MAX);
	/* the device's number moved on if it answered, or opened an application message and
	 * dropped it; otherwise it did not take the record and the session's numbers stay */
	if (rc->stage == SS_OPEN && (*rlen || rc->app))
		s->sec.dir[SEC_REQ].seq++;
	if (!*rlen)
		return NULL;
	if (sec_open(ops, &s->sec, SEC_RSP, s->session_id, &s->cfg.binding, 0, h->out, *rlen, reply,
		     rlen, &err))
		return "the answer did not open with the session's key";
	return NULL;
}

static const char *send_req(struct hx *h, const struct hx_rsp_sess_case *rc, struct stage *sg,
			    const uint8_t *msg, size_t len, const uint8_t **reply, size_t *rlen)
{
	*reply = NULL;
	*rlen = 0;
	if (rc->sealed)
		return send_sealed(h, rc, sg, msg, len, reply, rlen);
	*rlen = cspdm_responder_process(h->rsp, msg, len, 0, h->out, HX_MSG_MAX);
	*reply = h->out;
	return NULL;
}

static const char *check_answer(const struct hx_rsp_sess_case *rc, const uint8_t *r, size_t n)
{
	static char buf[128];

	if (rc->expect == HX_ANSWER) {
		if (r && n >= 4 && r[1] != SPDM_ERROR)
			return NULL;
		snprintf(buf, sizeof(buf), "expected an answer, got %zu bytes", n);
		return buf;
	}
	if (rc->expect < 0) {
		if (!n)
			return NULL;
		snprintf(buf, sizeof(buf), "expected no answer, got %zu bytes", n);
		return buf;
	}
	return hx_error_answer((uint8_t)rc->expect, rc->data, r, n);
}

/* The device's sessions: open, handshaking, and whether the stage's one is open. */
static const char *check_sessions(const struct hx *h, const struct hx_rsp_sess_case *rc,
				  const struct stage *sg, int *stage_open)
{
	static char buf[96];
	const struct cspdm_session *d;
	int open = 0, hs = 0;
	unsigned i;

	*stage_open = 0;
	for (i = 0; i < h->rcfg.session_count; i++) {
		d = (const struct cspdm_session *)h->sess_mem + i;
		open += d->state == CSPDM_SESSION_OPEN;
		hs += d->state == CSPDM_SESSION_HANDSHAKING;
		*stage_open |=
		    sg->s && d->state == CSPDM_SESSION_OPEN && d->session_id == sg->s->session_id;
	}
	if ((rc->open < 0 || open == rc->open) && (rc->hs < 0 || hs == rc->hs))
		return NULL;
	snprintf(buf, sizeof(buf), "sessions afterwards: %d open, %d handshaking", open, hs);
	return buf;
}

/* What the device answered, and why (verbose). */
static void describe_answer(const struct hx *h, const uint8_t *r, size_t n, char *detail,
			    size_t cap)
{
	const cspdm_error *e = cspdm_responder_last_error(h->rsp);

	snprintf(detail, cap, "%zu bytes %02x %02x %02x %02x (%s, field %s)", n,
		 r && n > 0 ? r[0] : 0, r && n > 1 ? r[1] : 0, r && n > 2 ? r[2] : 0,
		 r && n > 3 ? r[3] : 0, cspdm_status_name(e->code), e->field ? e->field : "-");
}

const char *hx_rsp_sess_case(struct hx *h, const struct hx_rsp_sess_case *rc,
			     struct cspdm_context *ctx, char *detail, size_t cap)
{
	static struct stage sg;
	uint8_t msg[REQ_CAP];
	const uint8_t *reply = NULL;
	size_t n = 0, rlen = 0;
	int stage_open = 0;
	const char *why;

	memset(&sg, 0, sizeof(sg));
	sg.ctx = ctx;
	why = reach(h, rc, &sg);
	if (!why)
		n = build(h, rc, &sg, msg, sizeof(msg));
	if (!why && !n && !(rc->base == SQ_RAW && !rc->hex[0]))
		why = "could not build the request";
	if (!why && rc->f.kind != F_NONE && rc->f.layer != HX_L_RECORD)
		n = hx_mutate(h, &rc->f, msg, n, sizeof(msg));
	if (!why && h->bad)
		why = "the fault did not fit the request";
	if (!why && rc->twice)
		why = send_req(h, rc, &sg, msg, n, &reply, &rlen);
	if (!why)
		why = send_req(h, rc, &sg, msg, n, &reply, &rlen);
	describe_answer(h, reply, rlen, detail, cap);
	if (!why)
		why = check_answer(rc, reply, rlen);
	if (!why && rc->why && cspdm_responder_last_error(h->rsp)->code != rc->why)
		why = "the responder's last error is not the expected one";
	if (!why)
		why = check_sessions(h, rc, &sg, &stage_open);
	if (!why && stage_open && rc->stage == SS_OPEN &&
	    cspdm_session_heartbeat(sg.s, &h->io) != CSPDM_OK)
		why = "the session still open does not serve a HEARTBEAT";
	cspdm_session_deinit(sg.s);
	return why;
}
