/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The requester state machine against a fuzzed device. The input is the requester header
 * (fuzz_common.h: version range, slot, measurement query, RequesterContext, offers, storage, a
 * session and its binding) and then the device's responses, each with a u16 LE length. They
 * are fed to cspdm_step one by one: authentication (or re-authentication with a known key), and
 * after a successful one cspdm_meas_begin and the measurements, or a whole session: it opens
 * (KEY_EXCHANGE, FINISH), sends HEARTBEAT, KEY_UPDATE (UpdateKey, UpdateAllKeys, each with
 * VerifyNewKey), measures and fetches the chain inside it, and ends it, through
 * cspdm_session_step (in the session a length with bit 15 delivers the reply as the other kind
 * of message than the one due). The crypto ops are stubs: every signature and certificate
 * verifies, "encryption" is a copy and, by default, every digest, MAC and AEAD tag is all
 * zeros, so the fuzzer reaches the deep states (it writes records that open); the FNV mode
 * makes the digest checks real.
 *
 * Properties: statuses of the enum, well-formed actions, every request the requester sends (in
 * a record: its plaintext, framed as the binding says) is accepted by our own request decoders,
 * results inside the caller's storage, a session that fails is FAILED with its secrets zeroed
 * and its handles released, and after cspdm_deinit no hash context, key or AEAD handle is left
 * (nor freed twice, nor used after release).
 */
#include "fuzz_common.h"

#include <string.h>

#include "core/context.h"
#include "core/session_ctx.h"

/* Steps in a row without a response (DELAY, the start of the measurements): a few at most. */
#define MAX_IDLE_STEPS 8
#define REQ_MAX	       160
#define SESS_REQ_MAX   1024 /* KEY_EXCHANGE with FFDHE-4096 and FINISH */
#define RX_CAP	       65536

static uint64_t ctx_mem[8192];
static uint64_t sess_mem[512];
static uint8_t tx[8192], rx[RX_CAP];

/* One run: the configuration, the context, the session (NULL outside one), the input. */
struct run {
	const struct fz_requester *r;
	struct cspdm_context *ctx;
	struct cspdm_session *s;
	struct fz_in *in;
};

/* Session requests the requester sends, with the sizes negotiated (ctx->neg). */
static cspdm_status check_session_request(const struct cspdm_context *ctx, struct spdm_neg *n,
					  const uint8_t *req, size_t len, cspdm_error *err)
{
	struct spdm_key_exchange k;
	struct spdm_key_update u;
	struct spdm_finish f;
	uint8_t clear = 0;
	cspdm_status st;

	n->dhe_size = ctx->neg.dhe_size;
	n->hash_size = ctx->neg.hash_size;
	n->hs_in_clear = ctx->neg.hs_in_clear;
	switch (req[1]) {
	case SPDM_KEY_EXCHANGE:
		st = spdm_dec_key_exchange(n, req, len, &k, err);
		FZ_ASSERT(st || k.slot == ctx->cfg.slot);
		return st;
	case SPDM_FINISH:
		st = spdm_dec_finish(n, req, len, &f, err);
		FZ_ASSERT(st || !f.sig_included);
		return st;
	case SPDM_KEY_UPDATE:
		return spdm_dec_key_update(n, SPDM_KEY_UPDATE, req, len, &u, err);
	case SPDM_END_SESSION:
		return spdm_dec_end_session(n, req, len, &clear, err);
	case SPDM_HEARTBEAT:
		return spdm_dec_simple(n, SPDM_HEARTBEAT, req, len, err);
	default:
		return CSPDM_E_RESPONSE_CODE;
	}
}

/* Its size, and its version: GET_VERSION is always 1.0; everything after it uses the
 * negotiated version. */
static void check_header(const struct fz_requester *r, const uint8_t *req, size_t len)
{
	FZ_ASSERT(req && len >= 4 && len <= SESS_REQ_MAX);
	FZ_ASSERT(len <= REQ_MAX || req[1] == SPDM_KEY_EXCHANGE || req[1] == SPDM_FINISH);
	FZ_ASSERT(req[1] == SPDM_GET_VERSION
		      ? req[0] == CSPDM_V10
		      : req[0] >= r->cfg.min_version && req[0] <= r->cfg.max_version);
}

/* What the requester sends must be a request our responder-side decoders accept. */
static void check_request(const struct fz_requester *r, const struct cspdm_context *ctx,
			  const uint8_t *req, size_t len)
{
	struct spdm_neg n = {0};
	struct spdm_caps c;
	struct spdm_neg_algs_req a;
	struct spdm_get_cert g;
	struct spdm_challenge ch;
	struct spdm_get_meas gm;
	struct spdm_respond_if_ready q;
	cspdm_error err = {0};
	uint8_t ver = 0;
	cspdm_status st;

	check_header(r, req, len);
	n.version = req[0];
	switch (req[1]) {
	case SPDM_GET_VERSION:
		st = spdm_dec_get_version(req, len, 0, &err);
		break;
	case SPDM_GET_CAPABILITIES:
		st = spdm_dec_get_caps(req, len, 0, &c, &ver, &err);
		break;
	case SPDM_NEGOTIATE_ALGORITHMS:
		st = spdm_dec_neg_algs(&n, req, len, &a, &err);
		break;
	case SPDM_GET_DIGESTS:
		st = spdm_dec_get_digests(&n, req, len, &err);
		break;
	case SPDM_GET_CERTIFICATE:
		st = spdm_dec_get_cert(&n, req, len, &g, &err);
		if (!st)
			FZ_ASSERT(g.slot == r->cfg.slot && g.length > 0);
		break;
	case SPDM_CHALLENGE:
		st = spdm_dec_challenge(&n, req, len, &ch, &err);
		if (!st)
			FZ_ASSERT(ch.slot == r->cfg.slot);
		break;
	case SPDM_GET_MEASUREMENTS:
		st = spdm_dec_get_meas(&n, req, len, &gm, &err);
		break;
	case SPDM_RESPOND_IF_READY:
		st = spdm_dec_respond_if_ready(&n, req, len, &q, &err);
		break;
	default:
		st = check_session_request(ctx, &n, req, len, &err);
		break;
	}
	FZ_ASSERT(st == CSPDM_OK);
}

/* A record the session sealed: its header, Length and framing; *msg its plaintext (the stub
 * AEAD copies). */
static void check_record(const struct cspdm_session *s, const uint8_t *r, size_t n,
			 const uint8_t **msg, size_t *mlen)
{
	const struct cspdm_secured_binding *b = &s->cfg.binding;
	size_t hdr = 4 + (size_t)b->seq_num_size + 2, body, app;
	const uint8_t *p = r + hdr;

	FZ_ASSERT(n >= hdr + CSPDM_AEAD_TAG_SIZE);
	FZ_ASSERT((r[0] | r[1] << 8 | r[2] << 16 | (uint32_t)r[3] << 24) == s->session_id);
	FZ_ASSERT(hdr + (r[hdr - 2] | (size_t)r[hdr - 1] << 8) == n);
	body = n - hdr - CSPDM_AEAD_TAG_SIZE;
	if (s->sec.mac_only) {
		app = body;
	} else {
		app = p[0] | (size_t)p[1] << 8;
		FZ_ASSERT(body >= 2 && app <= body - 2);
		FZ_ASSERT(body - 2 - app <= b->max_random_pad &&
			  (!b->max_random_pad || app < body - 2));
		p += 2;
	}
	FZ_ASSERT(app >= b->app_prefix_len && !memcmp(p, b->app_prefix, b->app_prefix_len));
	*msg = p + b->app_prefix_len;
	*mlen = app - b->app_prefix_len;
}

static void check_action(const struct run *u, cspdm_status st, const struct cspdm_action *act)
{
	const uint8_t *req = act->req;
	size_t len = act->req_len;

	FZ_ASSERT(FZ_STATUS_OK(st));
	switch (act->kind) {
	case CSPDM_ACT_SEND:
		FZ_ASSERT(st == CSPDM_OK);
		FZ_ASSERT(act->msg_kind == CSPDM_MSG_SPDM ||
			  (u->s && act->msg_kind == CSPDM_MSG_SECURED));
		if (act->msg_kind == CSPDM_MSG_SECURED)
			check_record(u->s, act->req, act->req_len, &req, &len);
		check_request(u->r, u->ctx, req, len);
		FZ_ASSERT(act->timeout_us > 0);
		break;
	case CSPDM_ACT_DELAY:
		FZ_ASSERT(st == CSPDM_OK);
		FZ_ASSERT(act->delay_us > 0 && act->delay_us <= (1ull << 26));
		break;
	case CSPDM_ACT_DONE:
		break;
	default:
		FZ_ASSERT(0);
	}
}

static void check_auth_result(const struct fz_requester *r, struct cspdm_context *ctx,
			      cspdm_status st)
{
	struct cspdm_result res;
	unsigned s;

	FZ_ASSERT(cspdm_get_result(ctx, &res) == CSPDM_OK);
	if (st) {
		FZ_ASSERT(cspdm_last_error(ctx)->code == st);
		FZ_ASSERT(res.outcome == CSPDM_AUTH_FAILED);
		return;
	}
	FZ_ASSERT(res.outcome != CSPDM_AUTH_FAILED);
	FZ_ASSERT(res.version >= r->cfg.min_version && res.version <= r->cfg.max_version);
	FZ_ASSERT(res.slot == r->cfg.slot && ((res.slot_mask >> res.slot) & 1));
	FZ_ASSERT(spdm_single_bit(res.base_asym) && spdm_single_bit(res.base_hash));
	FZ_ASSERT(res.signature_len == cspdm_sig_size(res.base_asym));
	FZ_ASSERT(res.cert_chain_len <= r->cfg.cert_cap);
	FZ_ASSERT(!res.transcript || res.transcript_len <= r->cfg.transcript_cap);
	for (s = 0; s < CSPDM_MAX_SLOTS; s++)
		FZ_ASSERT(!res.digests[s] == !((res.slot_mask >> s) & 1));
}

static void check_meas_result(const struct fz_requester *r, struct cspdm_context *ctx)
{
	struct cspdm_meas_result m;
	struct spdm_meas_rsp rec = {0};

	FZ_ASSERT(cspdm_get_meas_result(ctx, &m) == CSPDM_OK);
	FZ_ASSERT(m.record_len <= r->cfg.meas_cap);
	/* what was kept is a sequence of well-formed blocks, as many as counted */
	rec.record = m.record;
	rec.record_len = (uint32_t)m.record_len;
	rec.num_blocks = m.blocks;
	FZ_ASSERT(spdm_check_meas_record(&rec, NULL) == CSPDM_OK);
}

/* The next response, as the step functions take it; 0 when the input has none left (or names a
 * timeout). In a session bit 15 of the length turns the kind around. */
static int next_reply(struct run *u, const struct cspdm_action *act, size_t *len,
		      enum cspdm_msg_kind *kind)
{
	const uint8_t *msg;
	int other = 0;

	if (!u->s)
		return fz_next_msg(u->in, &msg, len) && *len != FZ_MSG_SPECIAL &&
		       (memcpy(rx, msg, *len), 1);
	if (!fz_next_msg_kind(u->in, &msg, len, &other) || *len == FZ_MSG_SPECIAL)
		return 0;
	memcpy(rx, msg, *len); /* a secured reply is opened in place */
	*kind = (enum cspdm_msg_kind)(act->msg_kind ^ (unsigned)other);
	if (u->r->binding.untyped)
		*kind = other ? CSPDM_MSG_SECURED : CSPDM_MSG_SPDM;
	return 1;
}

static cspdm_status step(struct run *u, size_t len, enum cspdm_msg_kind kind, int reply,
			 struct cspdm_action *act)
{
	if (u->s)
		return cspdm_session_step(u->s, reply ? rx : NULL, len, kind, act);
	return cspdm_step(u->ctx, reply ? rx : NULL, len, act);
}

/* Step until DONE, feeding the responses of the input; returns the final status. */
static cspdm_status drive(struct run *u, cspdm_status st, struct cspdm_action *act)
{
	enum cspdm_msg_kind kind = CSPDM_MSG_SPDM;
	int idle = 0;
	size_t len = 0;

	for (;;) {
		check_action(u, st, act);
		/* the state machine makes progress: every few steps it consumes a response */
		FZ_ASSERT(++idle <= MAX_IDLE_STEPS);
		if (act->kind == CSPDM_ACT_DONE)
			return st;
		if (act->kind == CSPDM_ACT_DELAY) {
			st = step(u, 0, CSPDM_MSG_SPDM, 0, act);
			continue;
		}
		if (!next_reply(u, act, &len, &kind)) {
			st = u->s ? cspdm_session_step_timeout(u->s, act)
				  : cspdm_step_timeout(u->ctx, act);
			FZ_ASSERT(st == CSPDM_E_TIMEOUT && act->kind == CSPDM_ACT_DONE);
			return st;
		}
		idle = 0;
		st = step(u, len, kind, 1, act);
	}
}

/* After an operation: a session that failed has nothing of its keys left. */
static void check_session(const struct cspdm_session *s, cspdm_status st)
{
	static const uint8_t zero[sizeof(s->sec) > sizeof(s->k) ? sizeof(s->sec) : sizeof(s->k)];
	struct cspdm_session_info i;

	FZ_ASSERT(cspdm_session_get_info(s, &i) == CSPDM_OK);
	if (!st) {
		FZ_ASSERT(i.state == CSPDM_SESSION_OPEN || i.state == CSPDM_SESSION_ENDED);
		return;
	}
	FZ_ASSERT(i.state == CSPDM_SESSION_FAILED);
	FZ_ASSERT(cspdm_session_last_error(s)->code == st);
	FZ_ASSERT(!memcmp(&s->sec, zero, sizeof(s->sec)) && !memcmp(&s->k, zero, sizeof(s->k)));
	FZ_ASSERT(!s->dhe_key && !s->th_live);
}

static cspdm_status session_op(struct run *u, unsigned op)
{
	switch (op) {
	case 0:
		return cspdm_session_open_begin(u->s);
	case 1:
		return cspdm_session_heartbeat_begin(u->s);
	case 2:
		return cspdm_session_key_update_begin(u->s, CSPDM_KEY_UPDATE_KEY);
	case 3:
		return cspdm_session_key_update_begin(u->s, CSPDM_KEY_UPDATE_ALL_KEYS);
	case 4:
		return cspdm_session_meas_begin(u->s, &u->r->q);
	case 5:
		return cspdm_session_chain_begin(u->s);
	default:
		return cspdm_session_end_begin(u->s, 0);
	}
}

/* A whole session on the authenticated context. */
static void run_session(struct run *u)
{
	struct cspdm_session_config c;
	struct cspdm_action act;
	cspdm_status st = CSPDM_OK;
	unsigned op;

	cspdm_session_config_defaults(&c);
	c.tx_buf = tx;
	c.tx_cap = sizeof(tx);
	c.binding = u->r->binding;
	FZ_ASSERT(cspdm_session_size() <= sizeof(sess_mem));
	FZ_ASSERT(cspdm_session_init(&u->s, sess_mem, sizeof(sess_mem), u->ctx, &c) == CSPDM_OK);
	for (op = 0; op < 7 && !st; op++) {
		if (session_op(u, op) != CSPDM_OK)
			break; /* a query the context refuses */
		memset(&act, 0, sizeof(act));
		st = drive(u, cspdm_session_step(u->s, NULL, 0, CSPDM_MSG_SPDM, &act), &act);
		check_session(u->s, st);
		if (!st && op == 4)
			check_meas_result(u->r, u->ctx);
	}
	cspdm_session_deinit(u->s);
	u->s = NULL;
}

/* After authentication: the measurements, or a session. */
static void after_auth(struct run *u)
{
	struct cspdm_action act;
	cspdm_status st;

	/* a DONE state stays DONE */
	FZ_ASSERT(cspdm_step(u->ctx, NULL, 0, &act) == CSPDM_OK);
	FZ_ASSERT(act.kind == CSPDM_ACT_DONE);
	if (u->r->session) {
		run_session(u);
		return;
	}
	if (cspdm_meas_begin(u->ctx, &u->r->q) != CSPDM_OK)
		return;
	st = drive(u, cspdm_step(u->ctx, NULL, 0, &act), &act);
	if (!st)
		check_meas_result(u->r, u->ctx);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct fz_requester r;
	struct run u = {&r, NULL, NULL, NULL};
	struct cspdm_action act;
	struct fz_in in;
	cspdm_status st;

	fz_in_init(&in, data, size);
	u.in = &in;
	fz_requester_parse(&in, &r);
	fz_crypto_reset((r.flags & FZ_R_FNV) ? FZ_HASH_FNV : FZ_HASH_ZERO,
			(r.flags & FZ_R_TRUSTED) != 0);
	FZ_ASSERT(cspdm_context_size() <= sizeof(ctx_mem));
	FZ_ASSERT(cspdm_init(&u.ctx, ctx_mem, sizeof(ctx_mem), &r.cfg) == CSPDM_OK);
	if (r.flags & FZ_R_REAUTH)
		st = cspdm_reauth_begin(u.ctx, &r.known);
	else
		st = cspdm_auth_begin(u.ctx);
	FZ_ASSERT(st == CSPDM_OK);
	memset(&act, 0, sizeof(act));
	st = drive(&u, cspdm_step(u.ctx, NULL, 0, &act), &act);
	check_auth_result(&r, u.ctx, st);
	if (!st)
		after_auth(&u);
	cspdm_deinit(u.ctx);
	fz_crypto_check_released();
	return 0;
}
