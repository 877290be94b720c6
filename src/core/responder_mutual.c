/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Mutual authentication, responder side: when to ask (BasicMutAuthReq in CHALLENGE_AUTH,
 * MutAuthRequested in KEY_EXCHANGE_RSP), ReqBaseAsymAlg, and the checks of the requester's
 * answers: DIGESTS and CERTIFICATE give its chain, checked as a requester checks a device's
 * (serve_peer_chain, then X.509 with req_crypto's trust store, the CMA SAN not required);
 * its encapsulated CHALLENGE_AUTH is verified over the mutual M1/M2 (VCA from 1.2, then the
 * encapsulated GET_DIGESTS .. CHALLENGE_AUTH), its FINISH signature over TH with Hash(Cm).
 */
#include "codec/certchain.h"
#include "responder_ctx.h"
#include "serve.h"
#include "session_ctx.h"

#include <string.h>

#define CHAIN_MAX 0xFFFFu

static const uint32_t asym_priority[] = {
    CSPDM_ASYM_ECDSA_P384,  CSPDM_ASYM_ECDSA_P256,  CSPDM_ASYM_ECDSA_P521,  CSPDM_ASYM_RSAPSS_3072,
    CSPDM_ASYM_RSAPSS_2048, CSPDM_ASYM_RSAPSS_4096, CSPDM_ASYM_RSASSA_3072, CSPDM_ASYM_RSASSA_2048,
    CSPDM_ASYM_RSASSA_4096, CSPDM_ASYM_EDDSA_25519, CSPDM_ASYM_EDDSA_448};

static const struct cspdm_crypto_ops *req_ops(const struct cspdm_responder *r)
{
	return r->cfg.req_crypto ? r->cfg.req_crypto : r->cfg.crypto;
}

static uint32_t both(const struct cspdm_responder *r, uint32_t flag)
{
	return r->cfg.caps & r->req_caps.flags & flag;
}

void rsp_select_req_asym(const struct cspdm_responder *r, const struct spdm_neg_algs_req *q,
			 struct spdm_algorithms *a)
{
	uint32_t ours = r->cfg.req_asym ? r->cfg.req_asym : 0x0FFFu;
	size_t i;

	a->req_asym = 0;
	if (!r->cfg.mut_auth || !both(r, SPDM_CAP_MUT_AUTH))
		return;
	for (i = 0; i < sizeof(asym_priority) / sizeof(asym_priority[0]); i++)
		if (asym_priority[i] & ours & q->req_asym & spdm_asym_for_version(r->neg.version)) {
			a->req_asym = (uint16_t)asym_priority[i];
			return;
		}
}

int rsp_mut_ok(const struct cspdm_responder *r, int encap)
{
	uint32_t need = SPDM_CAP_CERT | SPDM_CAP_CHAL;

	return r->neg.version >= CSPDM_V11 && r->algs.req_asym && both(r, SPDM_CAP_MUT_AUTH) &&
	       (r->req_caps.flags & need) == need && (!encap || both(r, SPDM_CAP_ENCAP));
}

int rsp_basic_mut_auth(const struct cspdm_responder *r)
{
	return (r->cfg.mut_auth & CSPDM_MUT_BASIC) && rsp_mut_ok(r, 1);
}

/* The chain learned is forgotten (learned again, or the connection ends). */
static void forget_chain(struct cspdm_responder *r)
{
	const struct cspdm_crypto_ops *ops = req_ops(r);

	if (r->peer.pubkey)
		ops->key_free(ops->priv, r->peer.pubkey);
	r->peer.pubkey = NULL;
	r->peer.known = r->peer.trusted = 0;
	r->peer.chain_len = 0;
}

void rsp_mut_reset(struct cspdm_responder *r)
{
	forget_chain(r);
	memset(&r->peer, 0, sizeof(r->peer));
}

/* ---- the requester's chain ---------------------------------------------------------------- */

static void emit_chain(struct cspdm_responder *r, const struct spdm_cert_chain *cc)
{
	struct cspdm_rsp_req_chain c = {r->cfg.req_slot,   r->peer.trusted, r->cfg.req_cert_buf,
					r->peer.chain_len, cc->certs,	    cc->certs_len};

	if (r->cfg.on_req_chain)
		r->cfg.on_req_chain(r->cfg.on_req_priv, &c);
}

/* The SPDM chain in req_cert_buf (chain_len bytes): its format, then X.509 as for devices,
 * without the PCIe CMA SAN rule; the leaf key must fit ReqBaseAsymAlg. */
static cspdm_status validate_chain(struct cspdm_responder *r, const uint8_t *expect)
{
	const struct cspdm_crypto_ops *ops = req_ops(r);
	struct spdm_cert_chain cc;
	struct cspdm_x509_params p;
	struct cspdm_x509_result res;
	uint32_t bad = 0;
	cspdm_status st = serve_peer_chain(r->cfg.crypto, r->algs.base_hash, r->neg.version,
					   r->neg.hash_size, r->cfg.req_cert_buf, r->peer.chain_len,
					   expect, &cc, r->peer.digest, &r->err);

	if (st)
		return st;
	memset(&p, 0, sizeof(p));
	memset(&res, 0, sizeof(res));
	p.base_asym = r->algs.req_asym;
	st = ops->x509_validate(ops->priv, cc.certs, cc.certs_len, &p, &res, &bad);
	if (st) {
		r->err.field = "requester CertChain.Certificate[index]";
		r->err.offset = bad;
		return st;
	}
	r->peer.pubkey = res.pubkey;
	r->peer.trusted = (uint8_t)res.trusted;
	r->peer.known = 1;
	emit_chain(r, &cc);
	return CSPDM_OK;
}

/* WO_ENCAP with the chain given in advance: in SPDM form for this connection, then checked. */
static cspdm_status provided_chain(struct cspdm_responder *r)
{
	uint8_t root[CSPDM_MAX_HASH_SIZE], digest[CSPDM_MAX_HASH_SIZE];
	struct serve_chain c = {r->cfg.req_certs, r->cfg.req_certs_len, root};
	uint32_t hs = r->neg.hash_size, total = serve_chain_total(hs, r->cfg.req_certs_len);
	cspdm_status st = serve_chain_prepare(r->cfg.crypto, r->algs.base_hash, r->neg.version, hs,
					      r->cfg.req_certs, r->cfg.req_certs_len, root, digest);

	if (!st && total > r->cfg.req_cert_cap)
		st = CSPDM_E_CERT_TOO_LARGE;
	if (st)
		return st;
	serve_chain_copy(r->neg.version, hs, &c, 0, total, r->cfg.req_cert_buf);
	r->peer.chain_len = total;
	return validate_chain(r, digest);
}

uint8_t rsp_session_mut_auth(struct cspdm_responder *r)
{
	uint8_t m = r->cfg.mut_auth;

	if (!rsp_mut_ok(r, 0))
		return 0;
	if ((m & CSPDM_MUT_WO_ENCAP) && !r->peer.known && r->cfg.req_certs)
		(void)provided_chain(r); /* a failure leaves it unknown: asked for below */
	if ((m & CSPDM_MUT_WO_ENCAP) && r->peer.known)
		return SPDM_MUT_AUTH_REQUESTED;
	if (!rsp_mut_ok(r, 1))
		return 0;
	if (m & CSPDM_MUT_DIGESTS)
		return SPDM_MUT_AUTH_WITH_GET_DIGESTS;
	return (m & (CSPDM_MUT_ENCAP | CSPDM_MUT_WO_ENCAP)) ? SPDM_MUT_AUTH_WITH_ENCAP : 0;
}

/* ---- the requester's answers to our encapsulated requests --------------------------------- */

/* Our request in flight and its answer join the mutual M1/M2 (basic mutual authentication). */
static cspdm_status mut_pair(struct cspdm_responder *r, const uint8_t *rsp, size_t len)
{
	const struct cspdm_crypto_ops *ops = r->cfg.crypto;
	cspdm_status st;

	if (!r->encap.mut_live)
		return CSPDM_OK;
	st = ops->hash_update(ops->priv, &r->encap.mut, r->encap.req, r->encap.req_len);
	return st ? st : ops->hash_update(ops->priv, &r->encap.mut, rsp, len);
}

static cspdm_status on_digests(struct cspdm_responder *r, const uint8_t *msg, size_t len)
{
	struct spdm_neg neg = r->neg;
	struct spdm_digests d;
	uint8_t slot = r->cfg.req_slot;
	cspdm_status st;

	neg.multi_key = 0;
	st = spdm_dec_digests(&neg, msg, len, &d, &r->err);
	if (!st && !((d.provisioned_mask >> slot) & 1)) {
		r->err.field = "requester DIGESTS Param2 (SlotMask)";
		st = CSPDM_E_SLOT;
	}
	if (!st)
		st = mut_pair(r, msg, d.len);
	if (st)
		return st;
	forget_chain(r); /* a chain learned before is learned again */
	memcpy(r->encap.announced, d.digest[slot], r->neg.hash_size);
	r->encap.next = SPDM_GET_CERTIFICATE;
	r->encap.cert_off = r->encap.cert_total = 0;
	return CSPDM_OK;
}

/* The total the portions add up to: fixed by the first, the same in every later one. */
static cspdm_status cert_total(struct cspdm_responder *r, const struct spdm_cert_rsp *c)
{
	uint64_t total = (uint64_t)r->encap.cert_off + c->portion_len + c->remainder_len;

	r->err.field = "requester CERTIFICATE RemainderLength";
	if (r->encap.cert_total)
		return total == r->encap.cert_total ? CSPDM_OK : CSPDM_E_CERT_REMAINDER;
	if (total > CHAIN_MAX)
		return CSPDM_E_CERT_REMAINDER;
	if (total > r->cfg.req_cert_cap)
		return CSPDM_E_CERT_TOO_LARGE;
	r->encap.cert_total = (uint32_t)total;
	return CSPDM_OK;
}

static cspdm_status on_cert(struct cspdm_responder *r, const uint8_t *msg, size_t len)
{
	struct spdm_cert_rsp c;
	cspdm_status st = spdm_dec_cert(&r->neg, &r->encap.asked, msg, len, &c, &r->err);

	if (!st && c.slot != r->cfg.req_slot) {
		r->err.field = "requester CERTIFICATE Param1 (SlotID)";
		st = CSPDM_E_SLOT;
	}
	if (!st)
		st = cert_total(r, &c);
	if (!st)
		st = mut_pair(r, msg, c.len);
	if (st)
		return st;
	memcpy(r->cfg.req_cert_buf + r->encap.cert_off, c.portion, c.portion_len);
	r->encap.cert_off += c.portion_len;
	if (c.remainder_len)
		return CSPDM_OK; /* next: the following portion */
	r->peer.chain_len = r->encap.cert_total;
	r->encap.next = r->encap.kind == RE_BASIC ? SPDM_CHALLENGE : 0;
	return validate_chain(r, r->encap.announced);
}

static void emit_signature(struct cspdm_responder *r, enum cspdm_sig_kind kind,
			   const uint8_t *digest, const uint8_t *nonces, const uint8_t *sig)
{
	struct cspdm_signature_evidence ev;

	if (!r->cfg.on_req_signature)
		return;
	serve_sig_evidence(&ev, kind, r->neg.version, r->cfg.req_slot, r->algs.req_asym,
			   r->algs.base_hash, digest, sig);
	ev.requester_nonce = nonces; /* our CHALLENGE's, or NULL */
	ev.responder_nonce = nonces ? nonces + CSPDM_NONCE_SIZE : NULL; /* its answer's */
	r->cfg.on_req_signature(r->cfg.on_req_priv, &ev);
}

/* Field checks the decoder cannot make: slot, mask, chain hash, nonce, RequesterContext. */
static cspdm_status check_auth(struct cspdm_responder *r, const struct spdm_challenge_auth *a)
{
	uint8_t slot = r->cfg.req_slot;

	r->err.field = "requester CHALLENGE_AUTH Param1 (SlotID)";
	if (a->slot != slot || a->basic_mut_auth)
		return a->basic_mut_auth ? CSPDM_E_FIELD : CSPDM_E_SLOT;
	r->err.field = "requester CHALLENGE_AUTH Param2 (SlotMask)";
	if (!((a->slot_mask >> slot) & 1))
		return CSPDM_E_SLOT;
	r->err.field = "requester CHALLENGE_AUTH CertChainHash";
	if (memcmp(a->cert_chain_hash, r->peer.digest, r->neg.hash_size) != 0)
		return CSPDM_E_CHAIN_DIGEST;
	r->err.field = "requester CHALLENGE_AUTH Nonce";
	if (memcmp(a->nonce, r->encap.req + 4, CSPDM_NONCE_SIZE) == 0)
		return CSPDM_E_NONCE;
	r->err.field = "requester CHALLENGE_AUTH RequesterContext";
	if (a->req_context && memcmp(a->req_context, r->encap.req_context, 8) != 0)
		return CSPDM_E_FIELD;
	r->err.field = NULL;
	return CSPDM_OK;
}

static cspdm_status on_challenge_auth(struct cspdm_responder *r, const uint8_t *msg, size_t len)
{
	const struct cspdm_crypto_ops *ops = r->cfg.crypto;
	struct spdm_neg neg = r->neg;
	struct spdm_challenge_auth a;
	uint8_t digest[CSPDM_MAX_HASH_SIZE], nonces[2 * CSPDM_NONCE_SIZE];
	cspdm_status st;

	neg.sig_size = cspdm_sig_size(r->algs.req_asym);
	neg.meas_hash_size = 0;
	st = spdm_dec_challenge_auth(&neg, msg, len, &a, &r->err);
	if (!st)
		st = check_auth(r, &a);
	if (!st)
		st = mut_pair(r, msg, a.signed_len);
	if (st)
		return st;
	r->encap.mut_live = 0;
	st = ops->hash_final(ops->priv, &r->encap.mut, digest);
	if (!st)
		st = cspdm_verify_spdm_sig(req_ops(r), r->neg.version, r->peer.pubkey,
					   r->algs.req_asym, r->algs.base_hash,
					   serve_sig_context(CSPDM_SIG_MUT_CHALLENGE_AUTH), digest,
					   a.signature, neg.sig_size);
	if (st)
		return st;
	memcpy(nonces, r->encap.req + 4, CSPDM_NONCE_SIZE);
	memcpy(nonces + CSPDM_NONCE_SIZE, a.nonce, CSPDM_NONCE_SIZE);
	emit_signature(r, CSPDM_SIG_MUT_CHALLENGE_AUTH, digest, nonces, a.signature);
	r->peer.challenge_auth = 1;
	r->encap.next = 0;
	return CSPDM_OK;
}

/* KEY_UPDATE_ACK: after UpdateKey our key changes now, before the ACK carrying VerifyNewKey
 * is sealed; after VerifyNewKey the flow ends. */
static cspdm_status on_key_update_ack(struct cspdm_responder *r, const uint8_t *msg, size_t len)
{
	struct cspdm_session *s = r->encap.sess;
	struct spdm_key_update k;
	cspdm_status st = spdm_dec_key_update(&r->neg, SPDM_KEY_UPDATE_ACK, msg, len, &k, &r->err);

	if (!st && (k.operation != r->encap.ku_op || k.tag != r->encap.ku_tag)) {
		r->err.field = "requester KEY_UPDATE_ACK Param1/Param2";
		st = CSPDM_E_FIELD;
	}
	if (st)
		return st;
	if (k.operation == CSPDM_KEY_UPDATE_VERIFY) {
		s->key_updates++;
		r->peer.key_updates++;
		r->encap.next = 0;
		return CSPDM_OK;
	}
	r->encap.ku_op = CSPDM_KEY_UPDATE_VERIFY;
	return sec_update(&s->ks, &s->sec, SEC_RSP);
}

cspdm_status rsp_mut_response(struct cspdm_responder *r, const uint8_t *msg, size_t len)
{
	if (msg[1] == SPDM_ERROR) {
		r->err.device_code = msg[2];
		r->err.field = "requester ERROR";
		return CSPDM_E_DEVICE_ERROR;
	}
	switch (r->encap.next) {
	case SPDM_GET_DIGESTS:
		return on_digests(r, msg, len);
	case SPDM_GET_CERTIFICATE:
		return on_cert(r, msg, len);
	case SPDM_CHALLENGE:
		return on_challenge_auth(r, msg, len);
	default:
		return on_key_update_ack(r, msg, len);
	}
}

/* ---- FINISH ------------------------------------------------------------------------------- */

cspdm_status rsp_mut_finish(struct cspdm_responder *r, struct cspdm_session *s, const uint8_t *req,
			    const struct spdm_finish *f)
{
	const struct cspdm_crypto_ops *ops = r->cfg.crypto;
	uint8_t digest[CSPDM_MAX_HASH_SIZE];
	struct cspdm_hash h;
	cspdm_status st;

	r->err.field = !f->sig_included ? "Param1 (no Signature: mutual authentication asked for)"
					: "FINISH (the requester's chain is not known)";
	if (!f->sig_included || !r->peer.known)
		return CSPDM_E_MUT_AUTH;
	r->err.field = "Param2 (ReqSlotID)";
	if (f->req_slot != r->cfg.req_slot)
		return CSPDM_E_SLOT;
	r->err.field = "Signature";
	st = sess_th_add(s, &s->th, r->peer.digest, s->ks.hash_size); /* Hash(Cm), once */
	if (!st)
		st = ops->hash_dup(ops->priv, &s->th, &h);
	if (st)
		return st;
	if (ops->hash_update(ops->priv, &h, req, f->signed_len)) {
		ops->hash_free(ops->priv, &h);
		return CSPDM_E_CRYPTO;
	}
	st = ops->hash_final(ops->priv, &h, digest);
	if (!st)
		st = cspdm_verify_spdm_sig(
		    req_ops(r), r->neg.version, r->peer.pubkey, r->algs.req_asym, r->algs.base_hash,
		    serve_sig_context(CSPDM_SIG_FINISH), digest, f->signature, r->neg.req_sig_size);
	if (st)
		return st;
	emit_signature(r, CSPDM_SIG_FINISH, digest, NULL, f->signature);
	r->peer.finishes++;
	r->err.field = NULL;
	return CSPDM_OK;
}

cspdm_status cspdm_responder_mutual_info(const struct cspdm_responder *r,
					 struct cspdm_rsp_mutual_info *i)
{
	if (!r || r->magic != CSPDM_RSP_MAGIC || !i)
		return CSPDM_E_INVALID_ARG;
	memset(i, 0, sizeof(*i));
	i->chain_known = r->peer.known;
	i->trusted = r->peer.trusted;
	i->challenge_auth = r->peer.challenge_auth;
	i->finishes = r->peer.finishes;
	i->encap_requests = r->peer.encap_requests;
	i->key_updates = r->peer.key_updates;
	return CSPDM_OK;
}
