/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * CHALLENGE / CHALLENGE_AUTH and the signature check (DSP0274 "CHALLENGE_AUTH signature
 * generation/verification"). 1.0/1.1 sign the hash of M1/M2 directly; 1.2+ sign the combined
 * SPDM prefix followed by that hash.
 */
#include "context.h"
#include "serve.h"

#include <string.h>

#define CHALLENGE_AUTH_CONTEXT "responder-challenge_auth signing"

cspdm_status req_send_challenge(struct cspdm_context *ctx, struct cspdm_action *act)
{
	const struct cspdm_crypto_ops *ops = ctx->cfg.crypto;
	struct spdm_challenge c;
	cspdm_status st = CSPDM_OK;

	if (ctx->cfg.have_nonce)
		memcpy(ctx->nonce, ctx->cfg.nonce, CSPDM_NONCE_SIZE);
	else
		st = ops->random(ops->priv, ctx->nonce, CSPDM_NONCE_SIZE);
	if (st)
		return req_fail(ctx, st, NULL, 0, act);
	ctx->meas_type = (ctx->caps.flags & SPDM_CAP_MEAS_MASK) ? ctx->cfg.meas_summary : 0;
	ctx->neg.meas_hash_size = ctx->meas_type ? ctx->neg.hash_size : 0;
	memset(&c, 0, sizeof(c));
	c.slot = ctx->cfg.slot;
	c.meas_summary_type = ctx->meas_type;
	memcpy(c.nonce, ctx->nonce, CSPDM_NONCE_SIZE);
	memcpy(c.req_context, ctx->cfg.req_context, CSPDM_REQ_CONTEXT_SIZE);
	st = spdm_enc_challenge(ctx->neg.version, &c, ctx->req, sizeof(ctx->req), &ctx->req_len);
	if (st)
		return req_fail(ctx, st, NULL, 0, act);
	return req_send(ctx, SPDM_CHALLENGE, ST_CHALLENGE, act);
}

/* Field checks that the codec cannot do: they need what we sent and what we hold. */
static cspdm_status check_auth(struct cspdm_context *ctx, const struct spdm_challenge_auth *a,
			       struct cspdm_action *act)
{
	if (a->basic_mut_auth && !req_id_mut_ok(ctx, 1))
		return req_fail(ctx, CSPDM_E_FIELD, "Param1.BasicMutAuthReq", 2, act);
	if (a->slot != ctx->cfg.slot)
		return req_fail(ctx, CSPDM_E_SLOT, "Param1 (SlotID)", 2, act);
	if (!((a->slot_mask >> ctx->cfg.slot) & 1))
		return req_fail(ctx, CSPDM_E_SLOT, "Param2 (SlotMask)", 3, act);
	if (memcmp(a->cert_chain_hash, ctx->chain_hash, ctx->neg.hash_size) != 0)
		return req_fail(ctx, CSPDM_E_CHAIN_DIGEST, "CertChainHash", 4, act);
	if (memcmp(a->nonce, ctx->nonce, CSPDM_NONCE_SIZE) == 0)
		return req_fail(ctx, CSPDM_E_NONCE, "Nonce", 4 + ctx->neg.hash_size, act);
	if (a->req_context &&
	    (memcmp(a->req_context, ctx->cfg.req_context, CSPDM_REQ_CONTEXT_SIZE) != 0))
		return req_fail(ctx, CSPDM_E_FIELD, "RequesterContext",
				(uint32_t)(a->signed_len - CSPDM_REQ_CONTEXT_SIZE), act);
	return CSPDM_OK;
}

static cspdm_status verify_sig(struct cspdm_context *ctx, const uint8_t *digest)
{
	return cspdm_verify_spdm_sig(ctx->cfg.crypto, ctx->neg.version, ctx->pubkey,
				     ctx->algs.base_asym, ctx->algs.base_hash,
				     CHALLENGE_AUTH_CONTEXT, digest, ctx->sig, ctx->sig_len);
}

static void keep_result(struct cspdm_context *ctx, const struct spdm_challenge_auth *a)
{
	memcpy(ctx->rsp_nonce, a->nonce, CSPDM_NONCE_SIZE);
	memcpy(ctx->sig, a->signature, ctx->neg.sig_size);
	ctx->sig_len = ctx->neg.sig_size;
	if (a->meas_summary)
		memcpy(ctx->meas_summary, a->meas_summary, ctx->neg.meas_hash_size);
}

cspdm_status req_on_challenge_auth(struct cspdm_context *ctx, const uint8_t *rsp, size_t len,
				   struct cspdm_action *act)
{
	struct spdm_challenge_auth a;
	uint8_t digest[CSPDM_MAX_HASH_SIZE];
	cspdm_status st = spdm_dec_challenge_auth(&ctx->neg, rsp, len, &a, &ctx->err);

	if (st)
		return req_fail(ctx, st, NULL, 0, act);
	st = check_auth(ctx, &a, act);
	if (st)
		return st;
	keep_result(ctx, &a);
	st = tr_append(&ctx->tr, ctx->req, ctx->req_len);
	if (!st)
		st = tr_append(&ctx->tr, rsp, a.signed_len);
	if (!st)
		st = tr_final(&ctx->tr, digest);
	if (st)
		return req_fail(ctx, st, NULL, 0, act);
	st = verify_sig(ctx, digest);
	if (st)
		return req_fail(ctx, st, "Signature", (uint32_t)a.signed_len, act);
	req_emit_signature(ctx, CSPDM_SIG_CHALLENGE_AUTH, ctx->tr.rec, ctx->tr.rec_len, digest,
			   ctx->nonce, ctx->rsp_nonce, ctx->sig, ctx->cfg.slot);
	memset(&ctx->err, 0, sizeof(ctx->err)); /* recovered flow-control ERRORs are history */
	if (a.basic_mut_auth) /* the device authenticates us now: the encapsulated flow */
		return req_encap_start(ctx, EF_BASIC, act);
	ctx->state = ST_DONE;
	act->kind = CSPDM_ACT_DONE;
	return CSPDM_OK;
}

void req_emit_signature(struct cspdm_context *ctx, enum cspdm_sig_kind kind, const uint8_t *rec,
			size_t rec_len, const uint8_t *digest, const uint8_t *nonce,
			const uint8_t *rsp_nonce, const uint8_t *sig, uint8_t slot)
{
	struct cspdm_signature_evidence ev;

	if (!ctx->cfg.on_signature)
		return;
	serve_sig_evidence(&ev, kind, ctx->neg.version, slot, ctx->algs.base_asym,
			   ctx->algs.base_hash, digest, sig);
	ev.transcript = rec;
	ev.transcript_len = rec ? rec_len : 0;
	ev.requester_nonce = nonce;
	ev.responder_nonce = rsp_nonce;
	ctx->cfg.on_signature(ctx->cfg.on_signature_priv, &ev);
}
