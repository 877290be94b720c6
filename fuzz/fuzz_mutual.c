/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Mutual authentication and the encapsulated flow, both roles, with the stub crypto
 * (fuzz_common.h). The first byte picks the role:
 *  - bit 0 clear, the requester with an identity against a fuzzed device: the requester
 *    header (fuzz_common.h), the identity's algorithm and slot (2 bytes), then the device's
 *    responses. cspdm_auth_begin runs (basic mutual authentication when CHALLENGE_AUTH asks),
 *    then a session opens (each MutAuthRequested mode), then cspdm_session_encap; each
 *    response is fed as the kind the requester expects.
 *  - bit 0 set, our responder asking for mutual authentication (bits 4:1 CSPDM_MUT_*, bits
 *    7:5 the requester's slot); then a byte (bit 0: the requester's chain known in advance),
 *    the highest version (1.1 + b % 4), BaseAsymAlgo (1 << b % 12), then the requests; an
 *    entry FZ_MSG_SPECIAL is a new connection, {0xEE, i} the out-of-band start of a
 *    KEY_UPDATE in session i (spdm-emu's OOB_ENCAP_KEY_UPDATE), and a record of one of our
 *    sessions (its SessionID first: the NONE binding) is opened and answered.
 *  - bits 1:0 = 10b, the passive check of mutual authentication (obs_mutual.c) over the
 *    messages that follow (bit 2: FNV digests, bit 3: PCI DOE padding).
 * Properties: statuses of the enum; every DELIVER_ENCAPSULATED_RESPONSE the requester sends
 * carries a response our requester-side decoders accept, at most CSPDM_MAX_ENCAP in a flow;
 * every answer of the responder is an ERROR or answers its request, and the request inside
 * an ENCAPSULATED_REQUEST or ACK is one our request decoders accept; nothing leaks.
 */
#include "fuzz_common.h"

#include "core/context.h"
#include "core/obs_mutual.h"
#include "core/session_ctx.h"
#include "cspdm/session.h"

#include <string.h>

#define MAX_STEPS 400
#define OUT_CAP	  8192

static uint64_t ctx_mem[8192], s_mem[512], rsp_mem[8192], sess_mem[2][512];
static uint8_t tx[OUT_CAP], out[OUT_CAP];
static uint8_t rec[65536];
/* a responder-role entry {FZ_ARM_KEY_UPDATE, i}: the device starts an encapsulated KEY_UPDATE */
#define FZ_ARM_KEY_UPDATE 0xEE

static void on_signature(void *priv, const struct cspdm_signature_evidence *ev)
{
	(void)priv;
	FZ_ASSERT(ev->signature && ev->signature_len == cspdm_sig_size(ev->base_asym));
	FZ_ASSERT(ev->combined_prefix_len == (ev->version >= CSPDM_V12 ? 100u : 0u));
}

/* ---- the requester role ------------------------------------------------------------------- */

/* The response a DELIVER carries decodes with our requester-side decoders. */
static void check_carried_response(const struct spdm_neg *n, const uint8_t *m, size_t len)
{
	struct spdm_neg neg = *n;
	struct spdm_digests d;
	struct spdm_error_rsp e;
	struct spdm_key_update k;
	cspdm_status st = CSPDM_OK;

	neg.multi_key = 0;
	switch (m[1]) {
	case SPDM_DIGESTS:
		st = spdm_dec_digests(&neg, m, len, &d, NULL);
		FZ_ASSERT(st || d.count == 1);
		break;
	case SPDM_ERROR:
		st = spdm_dec_error(&neg, m, len, &e, NULL);
		break;
	case SPDM_KEY_UPDATE_ACK:
		st = spdm_dec_key_update(&neg, SPDM_KEY_UPDATE_ACK, m, len, &k, NULL);
		break;
	case SPDM_CERTIFICATE:
	case SPDM_CHALLENGE_AUTH:
		FZ_ASSERT(len > 8);
		break;
	default:
		FZ_ASSERT(0);
	}
	FZ_ASSERT(st == CSPDM_OK);
}

struct req_run {
	struct fz_requester r;
	struct cspdm_context *ctx;
	struct cspdm_session *s;
	unsigned delivers; /* distinct RequestIDs delivered in this flow */
	uint8_t seen[32];  /* ... as a set (a Busy retry sends one again) */
};

static void check_send(struct req_run *q, cspdm_status st, const struct cspdm_action *act)
{
	struct spdm_neg n = {0};
	struct spdm_encap_msg e;

	FZ_ASSERT(FZ_STATUS_OK(st));
	if (act->kind != CSPDM_ACT_SEND)
		return;
	FZ_ASSERT(st == CSPDM_OK && act->req && act->req_len >= 4);
	if (act->msg_kind != CSPDM_MSG_SPDM)
		return; /* sealed: its content is the record layer's */
	if (act->req[1] == SPDM_GET_ENCAPSULATED_REQUEST || act->req[1] == SPDM_KEY_EXCHANGE) {
		q->delivers = 0; /* a new flow may start */
		memset(q->seen, 0, sizeof(q->seen));
	}
	if (act->req[1] != SPDM_DELIVER_ENCAPSULATED_RESPONSE)
		return;
	if (!((q->seen[act->req[2] >> 3] >> (act->req[2] & 7)) & 1))
		FZ_ASSERT(++q->delivers <= CSPDM_MAX_ENCAP);
	q->seen[act->req[2] >> 3] |= (uint8_t)(1u << (act->req[2] & 7));
	n = q->ctx->neg; /* the digests are of the negotiated hash */
	n.version = act->req[0];
	FZ_ASSERT(spdm_dec_encap_carrier(&n, SPDM_DELIVER_ENCAPSULATED_RESPONSE, act->req,
					 act->req_len, &e, NULL) == CSPDM_OK);
	check_carried_response(&n, e.msg, e.msg_len);
}

/* Feed responses until the operation is done; the kind is the one the requester expects. */
static cspdm_status drive(struct req_run *q, struct fz_in *in, int session)
{
	struct cspdm_action act;
	enum cspdm_msg_kind kind = CSPDM_MSG_SPDM;
	const uint8_t *msg;
	static uint8_t buf[65536];
	size_t len;
	int i;
	cspdm_status st = session ? cspdm_session_step(q->s, NULL, 0, CSPDM_MSG_SPDM, &act)
				  : cspdm_step(q->ctx, NULL, 0, &act);

	for (i = 0; i < MAX_STEPS && act.kind != CSPDM_ACT_DONE; i++) {
		check_send(q, st, &act);
		msg = NULL;
		len = 0;
		if (act.kind == CSPDM_ACT_SEND) {
			kind = act.msg_kind;
			if (!fz_next_msg(in, &msg, &len) || len == FZ_MSG_SPECIAL)
				return session ? cspdm_session_step_timeout(q->s, &act)
					       : cspdm_step_timeout(q->ctx, &act);
			memcpy(buf, msg, len); /* a secured reply is opened in place */
		}
		st = session ? cspdm_session_step(q->s, msg ? buf : NULL, len, kind, &act)
			     : cspdm_step(q->ctx, msg, len, &act);
	}
	FZ_ASSERT(act.kind == CSPDM_ACT_DONE && FZ_STATUS_OK(st));
	return st;
}

static void requester_role(struct fz_in *in)
{
	static struct req_run q;
	struct cspdm_session_config sc;
	uint8_t asym, slot;

	memset(&q, 0, sizeof(q));
	fz_requester_parse(in, &q.r);
	asym = fz_u8(in);
	slot = fz_u8(in);
	fz_crypto_reset((q.r.flags & FZ_R_FNV) ? FZ_HASH_FNV : FZ_HASH_ZERO, 1);
	q.r.cfg.on_signature = on_signature;
	fz_mutual_identity(&q.r.cfg, asym, slot);
	FZ_ASSERT(cspdm_init(&q.ctx, ctx_mem, sizeof(ctx_mem), &q.r.cfg) == CSPDM_OK);
	cspdm_session_config_defaults(&sc);
	sc.tx_buf = tx;
	sc.tx_cap = sizeof(tx);
	FZ_ASSERT(cspdm_session_init(&q.s, s_mem, sizeof(s_mem), q.ctx, &sc) == CSPDM_OK);
	FZ_ASSERT(cspdm_auth_begin(q.ctx) == CSPDM_OK);
	if (!drive(&q, in, 0) && cspdm_session_open_begin(q.s) == CSPDM_OK && !drive(&q, in, 1) &&
	    cspdm_session_encap_begin(q.s) == CSPDM_OK)
		(void)drive(&q, in, 1);
	cspdm_session_deinit(q.s);
	cspdm_deinit(q.ctx);
	fz_crypto_check_released();
}

/* ---- the responder role ------------------------------------------------------------------- */

/* The request an ENCAPSULATED_REQUEST or ACK carries decodes with our request decoders. */
static void check_carried_request(const struct spdm_neg *n, const uint8_t *m, size_t len)
{
	struct spdm_get_cert g;
	struct spdm_challenge c;
	struct spdm_key_update k;
	cspdm_status st;

	switch (m[1]) {
	case SPDM_GET_DIGESTS:
		st = spdm_dec_get_digests(n, m, len, NULL);
		break;
	case SPDM_GET_CERTIFICATE:
		st = spdm_dec_get_cert(n, m, len, &g, NULL);
		FZ_ASSERT(st || g.length > 0);
		break;
	case SPDM_CHALLENGE:
		st = spdm_dec_challenge(n, m, len, &c, NULL);
		FZ_ASSERT(st || c.meas_summary_type == 0);
		break;
	case SPDM_KEY_UPDATE:
		st = spdm_dec_key_update(n, SPDM_KEY_UPDATE, m, len, &k, NULL);
		FZ_ASSERT(st || k.operation != CSPDM_KEY_UPDATE_ALL_KEYS);
		break;
	default:
		st = CSPDM_E_RESPONSE_CODE;
	}
	FZ_ASSERT(st == CSPDM_OK);
}

static void check_answer(const uint8_t *req, size_t len, size_t n)
{
	struct spdm_neg neg = {0};
	struct spdm_error_rsp e;
	struct spdm_encap_msg m;
	struct spdm_encap_ack a;

	FZ_ASSERT(n >= 4 && n <= OUT_CAP);
	neg.version = out[0];
	if (out[1] == SPDM_ERROR) {
		FZ_ASSERT(spdm_dec_error(&neg, out, n, &e, NULL) == CSPDM_OK);
		return;
	}
	FZ_ASSERT(len >= 4 && (req[1] == SPDM_RESPOND_IF_READY || out[1] == (req[1] & 0x7F)));
	if (out[1] == SPDM_ENCAPSULATED_REQUEST) {
		FZ_ASSERT(spdm_dec_encap_carrier(&neg, out[1], out, n, &m, NULL) == CSPDM_OK);
		check_carried_request(&neg, m.msg, m.msg_len);
	}
	if (out[1] == SPDM_ENCAPSULATED_RESPONSE_ACK) {
		FZ_ASSERT(spdm_dec_encap_ack(&neg, out, n, &a, NULL) == CSPDM_OK);
		FZ_ASSERT(neg.version < CSPDM_V12 || a.ack_request_id == req[2]);
		if (a.msg)
			check_carried_request(&neg, a.msg, a.msg_len);
	}
}

/* OOB_ENCAP_KEY_UPDATE: the encapsulated KEY_UPDATE in the session at index i, if open. */
static void arm_key_update(struct cspdm_responder *r, uint8_t i)
{
	const struct cspdm_session *s = (const struct cspdm_session *)sess_mem[i & 1];
	cspdm_status st = cspdm_responder_encap_key_update(r, s->session_id);

	FZ_ASSERT(st == CSPDM_OK || st == CSPDM_E_STATE);
}

static void responder_role(struct fz_in *in, uint8_t role)
{
	static struct cspdm_responder_config cfg;
	struct cspdm_responder *r = NULL;
	const uint8_t *req;
	size_t len, n;
	int i, known = fz_u8(in) & 1;
	uint8_t ver = (uint8_t)(CSPDM_V11 + fz_u8(in) % 4);
	uint32_t asym = 1u << (fz_u8(in) % 12);

	fz_crypto_reset(FZ_HASH_ZERO, 1);
	fz_mutual_responder(&cfg, ver, asym, (uint8_t)((role >> 1) & 0x0F), (uint8_t)(role >> 5),
			    known, sess_mem);
	cfg.on_req_signature = on_signature;
	FZ_ASSERT(cspdm_responder_init(&r, rsp_mem, sizeof(rsp_mem), &cfg) == CSPDM_OK);
	for (i = 0; i < MAX_STEPS && fz_next_msg(in, &req, &len); i++) {
		if (len == FZ_MSG_SPECIAL) {
			cspdm_responder_reset(r);
			continue;
		}
		if (len == 2 && req[0] == FZ_ARM_KEY_UPDATE) {
			arm_key_update(r, req[1]);
			continue;
		}
		if (cspdm_responder_is_secured(r, req, len)) { /* opened in place: a copy */
			memcpy(rec, req, len);
			n = cspdm_responder_process_secured(r, rec, len, 0, out, sizeof(out));
			FZ_ASSERT(FZ_STATUS_OK(cspdm_responder_last_error(r)->code));
			continue;
		}
		n = cspdm_responder_process(r, req, len, 0, out, sizeof(out));
		FZ_ASSERT(FZ_STATUS_OK(cspdm_responder_last_error(r)->code));
		check_answer(req, len, n);
	}
	cspdm_responder_deinit(r);
	fz_crypto_check_released();
}

/* ---- the passive check (obs_mutual.c) ---------------------------------------------------- */

static void observer_role(struct fz_in *in, uint8_t role)
{
	static struct cspdm_obs_mutual o;
	static uint8_t dev[FZ_STORE_CAP], chain[FZ_STORE_CAP];
	const uint8_t *msg;
	size_t len;
	int i;
	cspdm_status st;

	fz_crypto_reset((role & 4) ? FZ_HASH_FNV : FZ_HASH_ZERO, 1);
	cspdm_obs_mut_init(&o, fz_crypto_ops(), dev, sizeof(dev), chain, sizeof(chain));
	for (i = 0; i < MAX_STEPS && fz_next_msg(in, &msg, &len); i++) {
		if (len == FZ_MSG_SPECIAL)
			continue;
		st = cspdm_obs_mut_message(&o, msg, len, (role & 8) ? 3 : 0);
		FZ_ASSERT(FZ_STATUS_OK(st));
		FZ_ASSERT(o.dev.len <= o.dev.cap && o.req.len <= o.req.cap);
	}
	cspdm_obs_mut_deinit(&o);
	fz_crypto_check_released();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fz_in in;
	uint8_t role;

	fz_in_init(&in, data, size);
	role = fz_u8(&in);
	if (role & 1)
		responder_role(&in, role);
	else if (role & 2)
		observer_role(&in, role);
	else
		requester_role(&in);
	return 0;
}
