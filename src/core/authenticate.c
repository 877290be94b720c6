/* SPDX-License-Identifier: BSD-3-Clause */
/* The blocking wrapper over the state machine, and the result accessor. */
#include "context.h"

#include <string.h>

#include "codec/certchain.h"

cspdm_status cspdm_authenticate(struct cspdm_context *ctx, const struct cspdm_io *io)
{
	cspdm_status st;

	if (!ctx || !io || !ctx->cfg.rx_buf || !ctx->cfg.rx_cap)
		return CSPDM_E_INVALID_ARG;
	ctx->cfg.max_pad = io->max_pad;
	st = cspdm_auth_begin(ctx);
	return st ? st : cspdm_run(ctx, io);
}

cspdm_status cspdm_reauthenticate(struct cspdm_context *ctx, const struct cspdm_io *io,
				  const struct cspdm_known_device *k)
{
	cspdm_status st;

	if (!ctx || !io)
		return CSPDM_E_INVALID_ARG;
	ctx->cfg.max_pad = io->max_pad;
	st = cspdm_reauth_begin(ctx, k);
	return st ? st : cspdm_run(ctx, io);
}

cspdm_status cspdm_run(struct cspdm_context *ctx, const struct cspdm_io *io)
{
	struct cspdm_action act;
	cspdm_status st;
	size_t n = 0;

	if (!ctx || !io || !ctx->cfg.rx_buf || !ctx->cfg.rx_cap)
		return CSPDM_E_INVALID_ARG;
	st = cspdm_step(ctx, NULL, 0, &act);
	while (!st && act.kind != CSPDM_ACT_DONE) {
		if (act.kind == CSPDM_ACT_DELAY) {
			io->sleep_us(io->priv, act.delay_us);
			st = cspdm_step(ctx, NULL, 0, &act);
			continue;
		}
		st = io->send(io->priv, CSPDM_MSG_SPDM, act.req, act.req_len);
		if (!st)
			st = io->recv(io->priv, ctx->cfg.rx_buf, ctx->cfg.rx_cap, &n, NULL,
				      act.timeout_us);
		if (st == CSPDM_E_TIMEOUT)
			st = cspdm_step_timeout(ctx, &act);
		else if (st)
			st = req_fail(ctx, st, NULL, 0, &act);
		else
			st = cspdm_step(ctx, ctx->cfg.rx_buf, n, &act);
	}
	return st;
}

cspdm_status cspdm_get_result(const struct cspdm_context *ctx, struct cspdm_result *r)
{
	unsigned s;

	if (!ctx || ctx->magic != CSPDM_CTX_MAGIC || !r)
		return CSPDM_E_INVALID_ARG;
	memset(r, 0, sizeof(*r));
	r->outcome = ctx->state == ST_DONE ? ctx->outcome : CSPDM_AUTH_FAILED;
	r->version = ctx->neg.version;
	r->rsp_ct_exponent = ctx->caps.ct_exponent;
	r->rsp_caps = ctx->caps.flags;
	r->rsp_data_transfer_size = ctx->caps.data_transfer_size;
	r->rsp_max_msg_size = ctx->caps.max_msg_size;
	r->meas_spec = ctx->algs.meas_spec;
	r->other_params = ctx->algs.other_params;
	r->meas_hash = ctx->algs.meas_hash;
	r->base_asym = ctx->algs.base_asym;
	r->base_hash = ctx->algs.base_hash;
	r->dhe = ctx->algs.dhe;
	r->aead = ctx->algs.aead;
	r->req_asym = ctx->algs.req_asym;
	r->key_schedule = ctx->algs.key_schedule;
	r->slot_mask = ctx->slot_mask;
	r->slot = ctx->cfg.slot;
	for (s = 0; s < CSPDM_MAX_SLOTS; s++)
		r->digests[s] = ((ctx->slot_mask >> s) & 1) ? ctx->digests[s] : NULL;
	r->cert_chain = ctx->cfg.cert_buf;
	r->cert_chain_len = ctx->cert_off;
	r->transcript = ctx->tr.rec;
	r->transcript_len = ctx->tr.rec_len;
	memcpy(r->requester_nonce, ctx->nonce, CSPDM_NONCE_SIZE);
	memcpy(r->responder_nonce, ctx->rsp_nonce, CSPDM_NONCE_SIZE);
	memcpy(r->signature, ctx->sig, ctx->sig_len);
	r->signature_len = ctx->sig_len;
	memcpy(r->meas_summary_hash, ctx->meas_summary, ctx->neg.meas_hash_size);
	r->meas_summary_len = ctx->neg.meas_hash_size;
	r->round_trips = ctx->round_trips;
	r->mutual = ctx->mutual;
	r->encap_requests = ctx->encap.count;
	return CSPDM_OK;
}

cspdm_status cspdm_result_cert(const struct cspdm_result *res, unsigned index, const uint8_t **der,
			       size_t *len)
{
	struct spdm_cert_chain cc;

	if (!res || !der || !len || !res->cert_chain || !res->cert_chain_len)
		return CSPDM_E_INVALID_ARG;
	if (spdm_dec_cert_chain(res->version, cspdm_hash_size(res->base_hash), res->cert_chain,
				res->cert_chain_len, &cc, NULL) != CSPDM_OK)
		return CSPDM_E_INVALID_ARG;
	return spdm_chain_cert(&cc, index, der, len);
}
