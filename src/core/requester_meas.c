/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * GET_MEASUREMENTS after authentication (DSP0274 "Firmware and other measurements"): one
 * index, all at once, or the count and then each index. Signatures are checked over L1/L2:
 * from 1.2 VCA followed by the measurement messages since the last signature or ERROR.
 */
#include "context.h"

#include <string.h>

#define MEAS_CONTEXT "responder-measurements signing"
#define LAST_INDEX   0xFE

static cspdm_status meas_fail(struct cspdm_context *ctx, cspdm_status st, const char *field,
			      uint32_t off, struct cspdm_action *act)
{
	tr_reset(&ctx->tr_l);
	return req_fail(ctx, st, field, off, act);
}

cspdm_status cspdm_meas_begin(struct cspdm_context *ctx, const struct cspdm_meas_query *q)
{
	cspdm_status st = CSPDM_OK;

	if (!ctx || ctx->magic != CSPDM_CTX_MAGIC || !q || !ctx->cfg.meas_buf)
		return CSPDM_E_INVALID_ARG;
	if (q->operation == 0 || (q->operation > 0xFF && q->operation != CSPDM_MEAS_ONE_BY_ONE))
		return CSPDM_E_INVALID_ARG;
	/* no chain (a PSK session after VCA alone): unsigned measurements in the session only */
	if (ctx->state != ST_DONE || (!ctx->pubkey && (q->sign || !ctx->sess)))
		return CSPDM_E_STATE;
	if (!(ctx->caps.flags & SPDM_CAP_MEAS_MASK) || !ctx->algs.meas_spec)
		return CSPDM_E_CAPABILITIES;
	if (q->sign && !(ctx->caps.flags & SPDM_CAP_MEAS_SIG))
		return CSPDM_E_CAPABILITIES;
	ctx->meas_q = *q;
	ctx->meas_index = 0;
	ctx->meas_total = ctx->meas_blocks = ctx->meas_changed = 0;
	ctx->meas_sigs = ctx->meas_rt = 0;
	ctx->meas_len = 0;
	memset(&ctx->err, 0, sizeof(ctx->err));
	/* L1/L2 is recorded after M1/M2 in the same caller storage */
	if (ctx->cfg.transcript_buf)
		tr_init(&ctx->tr_l, ctx->cfg.crypto, ctx->cfg.transcript_buf + ctx->tr.rec_len,
			ctx->cfg.transcript_cap - ctx->tr.rec_len);
	else
		tr_init(&ctx->tr_l, ctx->cfg.crypto, NULL, 0);
	if (ctx->neg.version >= CSPDM_V12)
		st = tr_append(&ctx->tr_l, ctx->tr.vca, ctx->tr.vca_len);
	if (!st)
		st = tr_start_hash(&ctx->tr_l, ctx->algs.base_hash);
	if (st)
		return st;
	ctx->state = ST_MEAS_READY;
	return CSPDM_OK;
}

/* What to ask next: the count (0), an index, or all (0xFF); -1 when finished. */
static int next_operation(const struct cspdm_context *ctx)
{
	if (ctx->meas_q.operation != CSPDM_MEAS_ONE_BY_ONE)
		return ctx->meas_rt ? -1 : ctx->meas_q.operation;
	if (ctx->meas_index == 0)
		return SPDM_MEAS_OP_COUNT;
	if (ctx->meas_blocks >= ctx->meas_total || ctx->meas_index > LAST_INDEX)
		return -1;
	return ctx->meas_index;
}

cspdm_status req_send_meas(struct cspdm_context *ctx, struct cspdm_action *act)
{
	const struct cspdm_crypto_ops *ops = ctx->cfg.crypto;
	struct spdm_get_meas *g = &ctx->meas_asked;
	int op = next_operation(ctx);
	cspdm_status st = CSPDM_OK;

	if (op < 0) {
		tr_reset(&ctx->tr_l);
		ctx->state = ST_DONE;
		act->kind = CSPDM_ACT_DONE;
		return CSPDM_OK;
	}
	memset(g, 0, sizeof(*g));
	g->operation = (uint8_t)op;
	g->attributes =
	    op == SPDM_MEAS_OP_COUNT || !ctx->meas_q.sign ? 0 : SPDM_MEAS_ATTR_SIGNATURE;
	if (ctx->meas_q.raw && ctx->neg.version >= CSPDM_V13)
		g->attributes |= SPDM_MEAS_ATTR_RAW;
	g->slot = ctx->cfg.slot;
	if (ctx->cfg.have_nonce)
		memcpy(g->nonce, ctx->cfg.nonce, CSPDM_NONCE_SIZE);
	else if (g->attributes & SPDM_MEAS_ATTR_SIGNATURE)
		st = ops->random(ops->priv, g->nonce, CSPDM_NONCE_SIZE);
	memcpy(g->req_context, ctx->cfg.req_context, CSPDM_REQ_CONTEXT_SIZE);
	if (!st)
		st = spdm_enc_get_meas(ctx->neg.version, g, ctx->req, sizeof(ctx->req),
				       &ctx->req_len);
	if (st)
		return meas_fail(ctx, st, NULL, 0, act);
	return req_send(ctx, SPDM_GET_MEASUREMENTS, ST_MEAS, act);
}

/* Keep the blocks in caller storage; a single index must come back as itself. */
static cspdm_status keep_blocks(struct cspdm_context *ctx, const struct spdm_meas_rsp *m)
{
	struct spdm_meas_block b;
	size_t off = 0;

	if (ctx->meas_asked.operation != SPDM_MEAS_OP_ALL && m->num_blocks) {
		if (spdm_next_meas_block(m->record, m->record_len, &off, &b, &ctx->err))
			return ctx->err.code;
		if (b.index != ctx->meas_asked.operation)
			return CSPDM_E_FIELD;
	}
	if (m->record_len > ctx->cfg.meas_cap - ctx->meas_len)
		return CSPDM_E_BUFFER_TOO_SMALL;
	memcpy(ctx->cfg.meas_buf + ctx->meas_len, m->record, m->record_len);
	ctx->meas_len += m->record_len;
	ctx->meas_blocks = (uint8_t)(ctx->meas_blocks + m->num_blocks);
	return CSPDM_OK;
}

static cspdm_status check_meas_signature(struct cspdm_context *ctx, const struct spdm_meas_rsp *m)
{
	uint8_t digest[CSPDM_MAX_HASH_SIZE];
	cspdm_status st = tr_final(&ctx->tr_l, digest);

	if (!st)
		st = cspdm_verify_spdm_sig(ctx->cfg.crypto, ctx->neg.version, ctx->pubkey,
					   ctx->algs.base_asym, ctx->algs.base_hash, MEAS_CONTEXT,
					   digest, m->signature, ctx->neg.sig_size);
	if (st)
		return st;
	ctx->meas_sigs++;
	ctx->meas_changed = m->content_changed;
	req_emit_signature(ctx, CSPDM_SIG_MEASUREMENTS, ctx->tr_l.rec, ctx->tr_l.rec_len, digest,
			   ctx->meas_asked.nonce, m->nonce, m->signature, ctx->cfg.slot);
	return tr_restart(&ctx->tr_l, ctx->algs.base_hash);
}

static void advance(struct cspdm_context *ctx, const struct spdm_meas_rsp *m)
{
	if (ctx->meas_q.operation != CSPDM_MEAS_ONE_BY_ONE)
		return;
	if (ctx->meas_index == 0)
		ctx->meas_total = m->total;
	ctx->meas_index++;
}

cspdm_status req_on_meas(struct cspdm_context *ctx, const uint8_t *rsp, size_t len,
			 struct cspdm_action *act)
{
	struct spdm_meas_rsp m;
	cspdm_status st = spdm_dec_meas(&ctx->neg, &ctx->meas_asked, rsp, len, &m, &ctx->err);

	ctx->meas_rt++;
	if (st)
		return meas_fail(ctx, st, NULL, 0, act);
	if (m.req_context &&
	    (memcmp(m.req_context, ctx->cfg.req_context, CSPDM_REQ_CONTEXT_SIZE) != 0))
		return meas_fail(ctx, CSPDM_E_FIELD, "RequesterContext",
				 (uint32_t)(m.signed_len - CSPDM_REQ_CONTEXT_SIZE), act);
	if (m.signature && memcmp(m.nonce, ctx->meas_asked.nonce, CSPDM_NONCE_SIZE) == 0)
		return meas_fail(ctx, CSPDM_E_NONCE, "Nonce", (uint32_t)(8 + m.record_len), act);
	st = keep_blocks(ctx, &m);
	if (!st)
		st = tr_append(&ctx->tr_l, ctx->req, ctx->req_len);
	if (!st)
		st = tr_append(&ctx->tr_l, rsp, m.signed_len);
	if (!st && m.signature)
		st = check_meas_signature(ctx, &m);
	if (st)
		return meas_fail(ctx, st,
				 st == CSPDM_E_SIGNATURE ? "Signature" : "MeasurementRecord",
				 st == CSPDM_E_SIGNATURE ? (uint32_t)m.signed_len : 8, act);
	advance(ctx, &m);
	return req_send_meas(ctx, act);
}

int req_meas_on_error(struct cspdm_context *ctx, const struct spdm_error_rsp *e,
		      struct cspdm_action *act, cspdm_status *st)
{
	/* one by one, an index the device lacks answers InvalidRequest: skip it */
	if (ctx->state != ST_MEAS || ctx->meas_q.operation != CSPDM_MEAS_ONE_BY_ONE ||
	    ctx->meas_index == 0 || e->code != SPDM_ERR_INVALID_REQUEST)
		return 0;
	ctx->meas_rt++;
	ctx->meas_index++;
	*st = tr_restart(&ctx->tr_l, ctx->algs.base_hash); /* an ERROR ends L1/L2 */
	if (!*st)
		*st = req_send_meas(ctx, act);
	else
		*st = meas_fail(ctx, *st, NULL, 0, act);
	return 1;
}

cspdm_status cspdm_measure(struct cspdm_context *ctx, const struct cspdm_io *io,
			   const struct cspdm_meas_query *q)
{
	cspdm_status st = cspdm_meas_begin(ctx, q);

	return st ? st : cspdm_run(ctx, io);
}

cspdm_status cspdm_get_meas_result(const struct cspdm_context *ctx, struct cspdm_meas_result *r)
{
	if (!ctx || ctx->magic != CSPDM_CTX_MAGIC || !r)
		return CSPDM_E_INVALID_ARG;
	memset(r, 0, sizeof(*r));
	r->total = ctx->meas_total;
	r->blocks = ctx->meas_blocks;
	r->record = ctx->cfg.meas_buf;
	r->record_len = ctx->meas_len;
	r->content_changed = ctx->meas_changed;
	r->signatures = ctx->meas_sigs;
	r->round_trips = ctx->meas_rt;
	return CSPDM_OK;
}
