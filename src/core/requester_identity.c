/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The requester's own identity, for mutual authentication: what it offers (MUT_AUTH_CAP,
 * ENCAP_CAP, CERT_CAP, CHAL_CAP, ReqBaseAsymAlg), and its answers to the device's encapsulated
 * GET_DIGESTS, GET_CERTIFICATE, CHALLENGE and KEY_UPDATE. Roles mirror (DESIGN.md): the
 * requests are read with the decoders our responder uses, the answers built with its encoders
 * and the chain-serving code it uses (serve.c), and a bad request gets the ERROR our responder
 * would give. The encapsulated CHALLENGE_AUTH is signed over the mutual M1/M2 (VCA from 1.2,
 * then the encapsulated GET_DIGESTS .. CHALLENGE_AUTH), FINISH over TH with Hash(our chain).
 */
#include "context.h"
#include "serve.h"
#include "session_ctx.h"

#include <string.h>

#define PORTION_MAX_PRE12 1024u
#define CERT_RSP_HEADER	  8u

static const uint32_t id_caps = SPDM_CAP_CERT | SPDM_CAP_CHAL | SPDM_CAP_MUT_AUTH | SPDM_CAP_ENCAP;

int req_has_identity(const struct cspdm_context *ctx)
{
	return ctx->cfg.req_id.certs != NULL;
}

int req_id_valid(const struct cspdm_req_identity *id)
{
	if (!id->certs)
		return !id->key && !id->certs_len;
	return id->certs_len && id->key && spdm_single_bit(id->asym) && cspdm_sig_size(id->asym) &&
	       id->slot < CSPDM_MAX_SLOTS && id->tx_buf && id->tx_cap >= CSPDM_ENCAP_TX_MIN;
}

uint32_t req_id_caps(const struct cspdm_context *ctx)
{
	return req_has_identity(ctx) ? id_caps : 0;
}

uint16_t req_id_offer_asym(const struct cspdm_context *ctx, uint32_t base_asym)
{
	if (!req_has_identity(ctx))
		return (uint16_t)base_asym;
	return (uint16_t)(ctx->cfg.req_id.asym & spdm_asym_for_version(ctx->neg.version));
}

cspdm_status req_id_prepare(struct cspdm_context *ctx)
{
	const struct cspdm_req_identity *id = &ctx->cfg.req_id;

	if (!req_has_identity(ctx) || !ctx->algs.req_asym)
		return CSPDM_OK;
	return serve_chain_prepare(ctx->cfg.crypto, ctx->algs.base_hash, ctx->neg.version,
				   ctx->neg.hash_size, id->certs, id->certs_len, ctx->id_root_hash,
				   ctx->id_digest);
}

int req_id_mut_ok(const struct cspdm_context *ctx, int encap)
{
	uint32_t both = ctx->caps.flags & req_id_caps(ctx);

	return ctx->neg.version >= CSPDM_V11 && ctx->algs.req_asym && (both & SPDM_CAP_MUT_AUTH) &&
	       (!encap || (both & SPDM_CAP_ENCAP));
}

static struct serve_signer signer(const struct cspdm_context *ctx)
{
	struct serve_signer sg = {ctx->cfg.crypto,
				  ctx->cfg.req_id.key,
				  ctx->neg.version,
				  ctx->algs.req_asym,
				  ctx->algs.base_hash,
				  ctx->neg.hash_size,
				  cspdm_sig_size(ctx->algs.req_asym)};

	return sg;
}

/* ---- answers ------------------------------------------------------------------------------ */

/* The ERROR our responder gives a request it refuses (responder.c rsp_refuse). */
static cspdm_status refuse(const struct cspdm_context *ctx, cspdm_status why, uint8_t code,
			   uint8_t *out, size_t cap, size_t *n)
{
	struct spdm_error_rsp e;

	memset(&e, 0, sizeof(e));
	e.code = why == CSPDM_E_VERSION_FIELD ? SPDM_ERR_VERSION_MISMATCH
		 : why == CSPDM_E_UNSUPPORTED ? SPDM_ERR_UNSUPPORTED_REQUEST
					      : SPDM_ERR_INVALID_REQUEST;
	e.data = why == CSPDM_E_UNSUPPORTED ? code : 0;
	return spdm_enc_error(ctx->neg.version, &e, out, cap, n);
}

/* The request and its answer join the mutual M1/M2 (basic mutual authentication only). */
static cspdm_status mut_pair(struct cspdm_context *ctx, const uint8_t *req, size_t req_len,
			     const uint8_t *rsp, size_t rsp_len)
{
	const struct cspdm_crypto_ops *ops = ctx->cfg.crypto;
	cspdm_status st;

	if (!ctx->encap.mut_live)
		return CSPDM_OK;
	st = ops->hash_update(ops->priv, &ctx->encap.mut, req, req_len);
	return st ? st : ops->hash_update(ops->priv, &ctx->encap.mut, rsp, rsp_len);
}

static cspdm_status answer_digests(struct cspdm_context *ctx, const uint8_t *msg, size_t len,
				   uint8_t *out, size_t cap, size_t *n)
{
	struct spdm_neg neg = ctx->neg;
	struct spdm_digests d;
	uint8_t slot = ctx->cfg.req_id.slot;
	cspdm_error err;
	cspdm_status st = spdm_dec_get_digests(&neg, msg, len, &err);

	if (st)
		return refuse(ctx, st, SPDM_GET_DIGESTS, out, cap, n);
	memset(&d, 0, sizeof(d));
	d.supported_mask = d.provisioned_mask = (uint8_t)(1u << slot);
	d.digest[slot] = ctx->id_digest;
	neg.multi_key = 0;
	st = spdm_enc_digests(&neg, &d, out, cap, n);
	return st ? st : mut_pair(ctx, msg, 4, out, *n);
}

/* What one CERTIFICATE may carry: the portion limit of the version and the device's size. */
static uint32_t portion_max(const struct cspdm_context *ctx)
{
	uint32_t lim = PORTION_MAX_PRE12;

	if (ctx->neg.version >= CSPDM_V12 && ctx->caps.data_transfer_size > CERT_RSP_HEADER + 4)
		lim = ctx->caps.data_transfer_size - CERT_RSP_HEADER - 4; /* DELIVER header */
	return lim;
}

static cspdm_status answer_cert(struct cspdm_context *ctx, const uint8_t *msg, size_t len,
				uint8_t *out, size_t cap, size_t *n)
{
	const struct cspdm_req_identity *id = &ctx->cfg.req_id;
	struct serve_chain c = {id->certs, id->certs_len, ctx->id_root_hash};
	struct spdm_get_cert g;
	cspdm_error err;
	cspdm_status st = spdm_dec_get_cert(&ctx->neg, msg, len, &g, &err);

	if (!st && (g.large || g.slot != id->slot))
		st = CSPDM_E_SLOT;
	if (!st)
		st = serve_certificate(ctx->neg.version, ctx->neg.hash_size, &c, &g,
				       portion_max(ctx), out, cap, n);
	if (st == CSPDM_E_BUFFER_TOO_SMALL)
		return st;
	if (st)
		return refuse(ctx, st, SPDM_GET_CERTIFICATE, out, cap, n);
	return mut_pair(ctx, msg, g.len, out, *n);
}

/* CHALLENGE_AUTH signed over the mutual M1/M2, which ends with it. */
static cspdm_status sign_mut(struct cspdm_context *ctx, const struct spdm_challenge *c,
			     const uint8_t *msg, uint8_t *out, size_t *n)
{
	const struct cspdm_crypto_ops *ops = ctx->cfg.crypto;
	struct serve_signer sg = signer(ctx);
	uint8_t digest[CSPDM_MAX_HASH_SIZE];
	cspdm_status st = mut_pair(ctx, msg, c->len, out, *n);

	if (!st && !ctx->encap.mut_live)
		st = CSPDM_E_STATE;
	if (st)
		return st;
	ctx->encap.mut_live = 0;
	st = ops->hash_final(ops->priv, &ctx->encap.mut, digest);
	if (!st)
		st = serve_sign(&sg, serve_sig_context(CSPDM_SIG_MUT_CHALLENGE_AUTH), digest,
				out + *n);
	*n += sg.sig_size;
	return st;
}

static cspdm_status answer_challenge(struct cspdm_context *ctx, const uint8_t *msg, size_t len,
				     uint8_t *out, size_t cap, size_t *n)
{
	struct spdm_challenge c;
	struct spdm_neg neg = ctx->neg;
	struct serve_auth a;
	uint8_t slot = ctx->cfg.req_id.slot;
	cspdm_error err;
	cspdm_status st = spdm_dec_challenge(&ctx->neg, msg, len, &c, &err);

	if (!st && c.slot != slot)
		st = CSPDM_E_SLOT;
	if (!st && c.meas_summary_type) /* a requester has no measurements to summarize */
		st = CSPDM_E_FIELD;
	if (st)
		return refuse(ctx, st, SPDM_CHALLENGE, out, cap, n);
	memset(&a, 0, sizeof(a));
	a.slot = slot;
	a.slot_mask = (uint8_t)(1u << slot);
	a.chain_digest = ctx->id_digest;
	a.req_context = c.req_context;
	neg.meas_hash_size = 0;
	st = serve_challenge_auth(ctx->cfg.crypto, &neg, &a, cspdm_sig_size(ctx->algs.req_asym),
				  out, cap, n);
	if (!st)
		st = sign_mut(ctx, &c, msg, out, n);
	ctx->encap.challenged = !st;
	return st;
}

/* KEY_UPDATE from the device: UpdateKey changes its direction's key once our ACK is sent;
 * VerifyNewKey follows under the new key. UpdateAllKeys is refused (as libspdm does). */
static cspdm_status answer_key_update(struct cspdm_context *ctx, const uint8_t *msg, size_t len,
				      uint8_t *out, size_t cap, size_t *n)
{
	struct cspdm_session *s = ctx->sess;
	struct spdm_key_update k;
	cspdm_error err;
	cspdm_status st = spdm_dec_key_update(&ctx->neg, SPDM_KEY_UPDATE, msg, len, &k, &err);

	if (!st && (k.operation == CSPDM_KEY_UPDATE_ALL_KEYS ||
		    (k.operation == CSPDM_KEY_UPDATE_KEY) == ctx->encap.upd))
		st = CSPDM_E_FIELD;
	if (st)
		return refuse(ctx, st, SPDM_KEY_UPDATE, out, cap, n);
	st = spdm_enc_key_update(ctx->neg.version, SPDM_KEY_UPDATE_ACK, &k, out, cap, n);
	if (st)
		return st;
	ctx->encap.upd = k.operation == CSPDM_KEY_UPDATE_KEY;
	s->upd_rsp_after = ctx->encap.upd; /* the device's key changes after our ACK */
	s->key_updates += !ctx->encap.upd;
	return CSPDM_OK;
}

cspdm_status req_id_answer(struct cspdm_context *ctx, const uint8_t *msg, size_t len, uint8_t *out,
			   size_t cap, size_t *n)
{
	switch (msg[1]) {
	case SPDM_GET_DIGESTS:
		return answer_digests(ctx, msg, len, out, cap, n);
	case SPDM_GET_CERTIFICATE:
		return answer_cert(ctx, msg, len, out, cap, n);
	case SPDM_CHALLENGE:
		return answer_challenge(ctx, msg, len, out, cap, n);
	case SPDM_KEY_UPDATE:
		return answer_key_update(ctx, msg, len, out, cap, n);
	default:
		return CSPDM_E_ENCAP_UNEXPECTED;
	}
}

/* ---- FINISH ------------------------------------------------------------------------------- */

cspdm_status req_id_sign_finish(struct cspdm_context *ctx, struct cspdm_session *s, uint8_t *buf,
				size_t cap, size_t *len)
{
	const struct cspdm_crypto_ops *ops = ctx->cfg.crypto;
	struct serve_signer sg = signer(ctx);
	uint8_t digest[CSPDM_MAX_HASH_SIZE];
	struct cspdm_hash h;
	cspdm_status st;

	if (cap - *len < sg.sig_size)
		return CSPDM_E_BUFFER_TOO_SMALL;
	st = ops->hash_dup(ops->priv, &s->th, &h);
	if (st)
		return st;
	st = ops->hash_update(ops->priv, &h, buf, *len);
	if (st) {
		ops->hash_free(ops->priv, &h);
		return st;
	}
	st = ops->hash_final(ops->priv, &h, digest);
	if (!st)
		st = serve_sign(&sg, serve_sig_context(CSPDM_SIG_FINISH), digest, buf + *len);
	*len += sg.sig_size;
	return st;
}
