/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The requester state machine against a fuzzed device. The input is the requester header
 * (fuzz_common.h: version range, slot, measurement query, RequesterContext, offers, storage)
 * and then the device's responses, each with a u16 LE length. They are fed to cspdm_step one
 * by one: authentication (or re-authentication with a known key), and after a successful one
 * cspdm_meas_begin and the measurements. The crypto ops are stubs: every signature and
 * certificate verifies and, by default, every digest is all zeros, so the fuzzer reaches the
 * deep states; the FNV mode makes the digest checks real.
 *
 * Properties: statuses of the enum, well-formed actions, every request the requester sends is
 * accepted by our own request decoders, results inside the caller's storage, and after
 * cspdm_deinit no hash context or key is left (nor freed twice, nor used after release).
 */
#include "fuzz_common.h"

#include <string.h>

/* Steps in a row without a response (DELAY, the start of the measurements): a few at most. */
#define MAX_IDLE_STEPS 8
#define REQ_MAX	       160

static uint64_t ctx_mem[8192];

/* What the requester sends must be a request our responder-side decoders accept. */
static void check_request(const struct fz_requester *r, const uint8_t *req, size_t len)
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

	FZ_ASSERT(req && len >= 4 && len <= REQ_MAX);
	/* GET_VERSION is always 1.0; everything after it uses the negotiated version */
	FZ_ASSERT(req[1] == SPDM_GET_VERSION
		      ? req[0] == CSPDM_V10
		      : req[0] >= r->cfg.min_version && req[0] <= r->cfg.max_version);
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
		st = CSPDM_E_RESPONSE_CODE;
		break;
	}
	FZ_ASSERT(st == CSPDM_OK);
}

static void check_action(const struct fz_requester *r, cspdm_status st,
			 const struct cspdm_action *act)
{
	FZ_ASSERT(FZ_STATUS_OK(st));
	switch (act->kind) {
	case CSPDM_ACT_SEND:
		FZ_ASSERT(st == CSPDM_OK);
		check_request(r, act->req, act->req_len);
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

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct fz_requester r;
	struct cspdm_context *ctx = NULL;
	struct cspdm_action act;
	struct fz_in in;
	const uint8_t *msg;
	size_t len;
	int measuring = 0, idle = 0;
	cspdm_status st;

	fz_in_init(&in, data, size);
	fz_requester_parse(&in, &r);
	fz_crypto_reset((r.flags & FZ_R_FNV) ? FZ_HASH_FNV : FZ_HASH_ZERO,
			(r.flags & FZ_R_TRUSTED) != 0);
	FZ_ASSERT(cspdm_context_size() <= sizeof(ctx_mem));
	FZ_ASSERT(cspdm_init(&ctx, ctx_mem, sizeof(ctx_mem), &r.cfg) == CSPDM_OK);
	if (r.flags & FZ_R_REAUTH)
		st = cspdm_reauth_begin(ctx, &r.known);
	else
		st = cspdm_auth_begin(ctx);
	FZ_ASSERT(st == CSPDM_OK);
	memset(&act, 0, sizeof(act));
	st = cspdm_step(ctx, NULL, 0, &act);
	for (;;) {
		check_action(&r, st, &act);
		/* the state machine makes progress: every few steps it consumes a response */
		FZ_ASSERT(++idle <= MAX_IDLE_STEPS);
		if (act.kind == CSPDM_ACT_DONE) {
			if (measuring) {
				if (!st)
					check_meas_result(&r, ctx);
				break;
			}
			check_auth_result(&r, ctx, st);
			if (st)
				break;
			/* a DONE state stays DONE */
			FZ_ASSERT(cspdm_step(ctx, NULL, 0, &act) == CSPDM_OK);
			FZ_ASSERT(act.kind == CSPDM_ACT_DONE);
			measuring = 1;
			if (cspdm_meas_begin(ctx, &r.q) != CSPDM_OK)
				break;
			st = cspdm_step(ctx, NULL, 0, &act);
			continue;
		}
		if (act.kind == CSPDM_ACT_DELAY) {
			st = cspdm_step(ctx, NULL, 0, &act);
			continue;
		}
		if (!fz_next_msg(&in, &msg, &len) || len == FZ_MSG_SPECIAL) {
			st = cspdm_step_timeout(ctx, &act);
			FZ_ASSERT(st == CSPDM_E_TIMEOUT && act.kind == CSPDM_ACT_DONE);
			break;
		}
		idle = 0;
		st = cspdm_step(ctx, msg, len, &act);
	}
	cspdm_deinit(ctx);
	fz_crypto_check_released();
	return 0;
}
