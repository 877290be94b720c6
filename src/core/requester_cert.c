/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * GET_DIGESTS and GET_CERTIFICATE in portions, then the certificate chain checks: SPDM chain
 * header, RootHash, the chain digest against DIGESTS, and the X.509 policy via the crypto ops.
 * The certificate loop always ends: every portion is non-empty and within a fixed total, which
 * is checked against the caller's storage and re-checked on every reply in 64-bit arithmetic.
 */
#include "context.h"
#include "codec/certchain.h"
#include "serve.h"

#include <string.h>

#define PORTION_MAX_PRE12 1024u
#define CERT_RSP_HEADER	  8u
#define CHAIN_MAX	  0xFFFFu

/* The request and its reply join M1/M2, unless they travel inside a session. */
static cspdm_status m1m2_pair(struct cspdm_context *ctx, const uint8_t *rsp, size_t len)
{
	cspdm_status st;

	if (ctx->sess && req_sess_secured(ctx->sess))
		return CSPDM_OK;
	st = tr_append(&ctx->tr, ctx->req, ctx->req_len);
	return st ? st : tr_append(&ctx->tr, rsp, len);
}

cspdm_status req_send_get_digests(struct cspdm_context *ctx, struct cspdm_action *act)
{
	cspdm_status st =
	    spdm_enc_get_digests(ctx->neg.version, ctx->req, sizeof(ctx->req), &ctx->req_len);

	if (st)
		return req_fail(ctx, st, NULL, 0, act);
	return req_send(ctx, SPDM_GET_DIGESTS, ST_DIGESTS, act);
}

/* The largest portion to ask for: what both sides can carry in one message. */
static uint32_t portion_limit(const struct cspdm_context *ctx)
{
	uint32_t lim = PORTION_MAX_PRE12;

	if (ctx->neg.version >= CSPDM_V12) {
		lim = ctx->cfg.data_transfer_size;
		if (ctx->caps.data_transfer_size < lim)
			lim = ctx->caps.data_transfer_size;
		lim -= CERT_RSP_HEADER;
	}
	if (ctx->cfg.rx_buf && ctx->cfg.rx_cap < lim + CERT_RSP_HEADER + 3)
		lim = (uint32_t)ctx->cfg.rx_cap - CERT_RSP_HEADER - 3;
	return lim > CHAIN_MAX ? CHAIN_MAX : lim;
}

static cspdm_status send_get_cert(struct cspdm_context *ctx, struct cspdm_action *act)
{
	struct spdm_get_cert g;
	uint32_t want = portion_limit(ctx);
	cspdm_status st;

	if (ctx->cert_total && ctx->cert_total - ctx->cert_off < want)
		want = ctx->cert_total - ctx->cert_off;
	memset(&g, 0, sizeof(g));
	g.slot = ctx->cfg.slot;
	g.offset = ctx->cert_off;
	g.length = want;
	ctx->cert_asked = g;
	st = spdm_enc_get_cert(ctx->neg.version, &g, ctx->req, sizeof(ctx->req), &ctx->req_len);
	if (st)
		return req_fail(ctx, st, NULL, 0, act);
	return req_send(ctx, SPDM_GET_CERTIFICATE, ST_CERT, act);
}

/* Re-authentication: the digest must be the saved one; then CHALLENGE with the saved key. */
static cspdm_status reauth_known(struct cspdm_context *ctx, struct cspdm_action *act)
{
	uint32_t hs = ctx->neg.hash_size;

	if (memcmp(ctx->digests[ctx->cfg.slot], ctx->known.chain_digest, hs) != 0)
		return req_fail(
		    ctx, CSPDM_E_CHAIN_DIGEST, "Digest (changed)",
		    4 + spdm_popcount8((uint8_t)(ctx->slot_mask & ((1u << ctx->cfg.slot) - 1))) *
			    hs,
		    act);
	memcpy(ctx->chain_hash, ctx->known.chain_digest, hs);
	ctx->pubkey = ctx->known.pubkey;
	ctx->pubkey_borrowed = 1;
	ctx->outcome = CSPDM_AUTH_TRUSTED;
	return req_send_challenge(ctx, act);
}

cspdm_status req_on_digests(struct cspdm_context *ctx, const uint8_t *rsp, size_t len,
			    struct cspdm_action *act)
{
	struct spdm_digests d;
	unsigned s;
	cspdm_status st = spdm_dec_digests(&ctx->neg, rsp, len, &d, &ctx->err);

	if (st)
		return req_fail(ctx, st, NULL, 0, act);
	ctx->slot_mask = d.provisioned_mask; /* reported even when our slot is missing */
	if (!((d.provisioned_mask >> ctx->cfg.slot) & 1))
		return req_fail(ctx, CSPDM_E_SLOT, "Param2 (SlotMask)", 3, act);
	for (s = 0; s < CSPDM_MAX_SLOTS; s++)
		if (d.digest[s])
			memcpy(ctx->digests[s], d.digest[s], ctx->neg.hash_size);
	st = m1m2_pair(ctx, rsp, d.len);
	if (st)
		return req_fail(ctx, st, NULL, 0, act);
	ctx->cert_total = 0;
	ctx->cert_off = 0;
	/* inside a session the chain must be the one the session was opened with */
	if (ctx->sess && req_sess_secured(ctx->sess) &&
	    memcmp(ctx->digests[ctx->cfg.slot], ctx->chain_hash, ctx->neg.hash_size) != 0)
		return req_fail(ctx, CSPDM_E_CHAIN_DIGEST, "Digest (changed)", 4, act);
	return ctx->reauth ? reauth_known(ctx, act) : send_get_cert(ctx, act);
}

/* Total chain size implied by this reply; must stay the same on every reply. */
static cspdm_status check_total(struct cspdm_context *ctx, const struct spdm_cert_rsp *c)
{
	uint64_t total = (uint64_t)ctx->cert_off + c->portion_len + c->remainder_len;

	if (ctx->cert_total)
		return total == ctx->cert_total ? CSPDM_OK : CSPDM_E_CERT_REMAINDER;
	if (total > CHAIN_MAX)
		return CSPDM_E_CERT_REMAINDER;
	if (total > ctx->cfg.cert_cap)
		return CSPDM_E_CERT_TOO_LARGE;
	ctx->cert_total = (uint32_t)total;
	return CSPDM_OK;
}

static cspdm_status chain_fail(struct cspdm_context *ctx, cspdm_status st, const char *field,
			       uint32_t off, struct cspdm_action *act)
{
	ctx->err.response_code = SPDM_CERTIFICATE;
	return req_fail(ctx, st, field, off, act);
}

/* Header, RootHash and the digest from DIGESTS (DSP0274 "Certificate chain format"). */
static cspdm_status check_chain_format(struct cspdm_context *ctx, struct spdm_cert_chain *cc,
				       struct cspdm_action *act)
{
	uint32_t hs = ctx->neg.hash_size;
	cspdm_status st = serve_peer_chain(
	    ctx->cfg.crypto, ctx->algs.base_hash, ctx->neg.version, hs, ctx->cfg.cert_buf,
	    ctx->cert_total, ctx->digests[ctx->cfg.slot], cc, ctx->chain_hash, &ctx->err);

	if (st == CSPDM_E_ROOT_HASH)
		return chain_fail(ctx, st, "CertChain.RootHash", 4, act);
	if (st == CSPDM_E_CHAIN_DIGEST)
		return chain_fail(ctx, st, "Digest", 4 + ctx->cfg.slot * hs, act);
	return st ? chain_fail(ctx, st, NULL, 0, act) : CSPDM_OK;
}

static cspdm_status chain_complete(struct cspdm_context *ctx, struct cspdm_action *act)
{
	const struct cspdm_crypto_ops *ops = ctx->cfg.crypto;
	struct spdm_cert_chain cc;
	struct cspdm_x509_params p;
	struct cspdm_x509_result res;
	uint32_t bad = 0;
	cspdm_status st = check_chain_format(ctx, &cc, act);

	if (st)
		return st;
	if (ctx->sess && req_sess_secured(ctx->sess))
		return req_sess_after_chain(ctx, act); /* the same bytes as validated before */
	memset(&p, 0, sizeof(p));
	memset(&res, 0, sizeof(res));
	p.base_asym = ctx->algs.base_asym;
	p.expected_san = ctx->cfg.expected_san;
	st = ops->x509_validate(ops->priv, cc.certs, cc.certs_len, &p, &res, &bad);
	if (st)
		return chain_fail(ctx, st, "CertChain.Certificate[index]", bad, act);
	ctx->pubkey = res.pubkey;
	ctx->outcome = res.trusted ? CSPDM_AUTH_TRUSTED : CSPDM_AUTH_EVIDENCE_READY;
	if (ctx->no_challenge)
		return req_sess_after_chain(ctx, act);
	return req_send_challenge(ctx, act);
}

cspdm_status req_on_cert(struct cspdm_context *ctx, const uint8_t *rsp, size_t len,
			 struct cspdm_action *act)
{
	struct spdm_cert_rsp c;
	cspdm_status st = spdm_dec_cert(&ctx->neg, &ctx->cert_asked, rsp, len, &c, &ctx->err);

	if (st)
		return req_fail(ctx, st, NULL, 0, act);
	if (c.slot != ctx->cfg.slot)
		return req_fail(ctx, CSPDM_E_SLOT, "Param1 (SlotID)", 2, act);
	st = check_total(ctx, &c);
	if (st)
		return req_fail(ctx, st, "RemainderLength", 6, act);
	memcpy(ctx->cfg.cert_buf + ctx->cert_off, c.portion, c.portion_len);
	ctx->cert_off += c.portion_len;
	st = m1m2_pair(ctx, rsp, c.len);
	if (st)
		return req_fail(ctx, st, NULL, 0, act);
	if (c.remainder_len == 0)
		return chain_complete(ctx, act);
	return send_get_cert(ctx, act);
}
