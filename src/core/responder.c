/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The responder: request dispatch, ERROR responses (DSP0274 Table 57), ResponseNotReady and
 * RESPOND_IF_READY, and VCA (GET_VERSION, GET_CAPABILITIES, NEGOTIATE_ALGORITHMS).
 * Digests, certificates and the challenge are in responder_auth.c.
 */
#include "responder_ctx.h"
#include "cspdm/session.h"

#include <string.h>

static const uint32_t hash_priority[] = {CSPDM_HASH_SHA_384,  CSPDM_HASH_SHA_256,
					 CSPDM_HASH_SHA_512,  CSPDM_HASH_SHA3_384,
					 CSPDM_HASH_SHA3_256, CSPDM_HASH_SHA3_512};

void cspdm_responder_config_defaults(struct cspdm_responder_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->min_version = CSPDM_V10;
	cfg->max_version = CSPDM_V14;
	cfg->base_asym = CSPDM_ASYM_ECDSA_P384;
	cfg->base_hash = CSPDM_HASH_SHA_384 | CSPDM_HASH_SHA_256 | CSPDM_HASH_SHA_512;
	cfg->caps = SPDM_CAP_CERT | SPDM_CAP_CHAL | SPDM_CAP_MEAS_SIG;
	cfg->meas = cspdm_responder_default_meas(&cfg->meas_count);
	cfg->ct_exponent = 12;
	cfg->data_transfer_size = 4096;
	cfg->max_msg_size = 4096;
	cfg->rdt_exponent = 10;
}

size_t cspdm_responder_size(void)
{
	return sizeof(struct cspdm_responder);
}

static int valid_rsp_config(const struct cspdm_responder_config *c)
{
	unsigned s, n = 0;

	for (s = 0; s < CSPDM_MAX_SLOTS; s++)
		n += c->slots[s].certs && c->slots[s].key;
	if (c->session_count && (!c->session_mem || ((uintptr_t)c->session_mem & 7)))
		return 0;
	if (c->mut_auth && /* the requester is asked by a responder that authenticates too */
	    (!n || !c->req_cert_buf || !c->req_cert_cap || c->req_slot >= CSPDM_MAX_SLOTS ||
	     (c->mut_auth & ~0x0Fu) || spdm_popcount8(c->mut_auth & 0x0E) > 1))
		return 0;
	return c->crypto && (n || c->psk_count) && rsp_psk_valid(c) &&
	       spdm_single_bit(c->base_asym) && c->base_hash && c->min_version >= CSPDM_V10 &&
	       c->max_version <= CSPDM_V14 && c->min_version <= c->max_version &&
	       c->data_transfer_size >= SPDM_MIN_DATA_TRANSFER_SIZE_12 &&
	       c->max_msg_size >= c->data_transfer_size;
}

cspdm_status cspdm_responder_init(struct cspdm_responder **out, void *mem, size_t mem_len,
				  const struct cspdm_responder_config *cfg)
{
	struct cspdm_responder *r = mem;

	if (!out || !mem || mem_len < sizeof(*r) || ((uintptr_t)mem & 7) || !cfg ||
	    !valid_rsp_config(cfg))
		return CSPDM_E_INVALID_ARG;
	memset(r, 0, sizeof(*r));
	r->magic = CSPDM_RSP_MAGIC;
	r->cfg = *cfg;
	r->cfg.caps = rsp_psk_caps(cfg);
	rsp_chunk_config(&r->cfg);
	if (cfg->session_mem) /* the caller's memory: nothing in it is a session yet */
		memset(cfg->session_mem, 0, (size_t)cfg->session_count * cspdm_session_size());
	tr_init(&r->tr, cfg->crypto, NULL, 0);
	tr_init(&r->tr_l, cfg->crypto, NULL, 0);
	cspdm_responder_reset(r);
	*out = r;
	return CSPDM_OK;
}

void cspdm_responder_reset(struct cspdm_responder *r)
{
	rsp_sess_reset(r); /* a new connection (or GET_VERSION) ends every session */
	rsp_encap_reset(r);
	rsp_mut_reset(r);
	tr_reset(&r->tr);
	tr_reset(&r->tr_l);
	r->l_dirty = 0;
	r->state = RSP_IDLE;
	r->provisioned = 0; /* the chains' digests depend on the hash negotiated next */
	memset(&r->neg, 0, sizeof(r->neg));
	r->neg.version = CSPDM_V10;
	r->stash_len = 0;
	memset(&r->err, 0, sizeof(r->err));
	rsp_chunk_reset(r);
}

void cspdm_responder_deinit(struct cspdm_responder *r)
{
	if (!r || r->magic != CSPDM_RSP_MAGIC)
		return;
	rsp_sess_reset(r);
	rsp_encap_reset(r);
	rsp_mut_reset(r);
	tr_reset(&r->tr);
	tr_reset(&r->tr_l);
	memset(r, 0, sizeof(*r));
}

const cspdm_error *cspdm_responder_last_error(const struct cspdm_responder *r)
{
	return &r->err;
}

/* ---- ERROR ---------------------------------------------------------------------------------- */

size_t rsp_error(struct cspdm_responder *r, uint8_t code, uint8_t data, uint8_t *out, size_t cap)
{
	struct spdm_error_rsp e;
	size_t n = 0;

	memset(&e, 0, sizeof(e));
	e.code = code;
	e.data = data;
	r->err.device_code = code;
	if (spdm_enc_error(r->neg.version, &e, out, cap, &n))
		return 0;
	return n;
}

/* A request the codec or a check refused: VersionMismatch or InvalidRequest. */
size_t rsp_refuse(struct cspdm_responder *r, cspdm_status st, uint8_t *out, size_t cap)
{
	if (!r->err.code)
		r->err.code = st;
	if (st == CSPDM_E_VERSION_FIELD)
		return rsp_error(r, SPDM_ERR_VERSION_MISMATCH, 0, out, cap);
	if (st == CSPDM_E_UNSUPPORTED)
		return rsp_error(r, SPDM_ERR_UNSUPPORTED_REQUEST, r->err.request_code, out, cap);
	return rsp_error(r, SPDM_ERR_INVALID_REQUEST, 0, out, cap);
}

/* ---- VCA --------------------------------------------------------------------------------------
 */

static size_t on_get_version(struct cspdm_responder *r, const uint8_t *req, size_t len,
			     uint8_t *out, size_t cap)
{
	struct spdm_version_rsp v;
	uint8_t ver;
	size_t n = 0;
	cspdm_status st;

	cspdm_responder_reset(r);
	st = spdm_dec_get_version(req, len, r->neg.max_pad, &r->err);
	if (st)
		return rsp_refuse(r, st, out, cap);
	memset(&v, 0, sizeof(v));
	for (ver = r->cfg.min_version; ver <= r->cfg.max_version; ver++)
		v.entries[v.count++] = (uint16_t)(ver << 8);
	if (spdm_enc_version(&v, out, cap, &n) || tr_append(&r->tr, req, 4) ||
	    tr_append(&r->tr, out, n))
		return rsp_error(r, SPDM_ERR_UNSPECIFIED, 0, out, cap);
	r->state = RSP_VERSIONED;
	return n;
}

static uint32_t caps_for(const struct cspdm_responder *r, uint8_t ver)
{
	static const uint32_t masks[] = {SPDM_CAP_RSP_MASK_10, SPDM_CAP_RSP_MASK_11,
					 SPDM_CAP_RSP_MASK_12, SPDM_CAP_RSP_MASK_13,
					 SPDM_CAP_RSP_MASK_14};

	return r->cfg.caps & masks[(ver & 0x0F) > 4 ? 4 : (ver & 0x0F)];
}

static size_t on_get_caps(struct cspdm_responder *r, const uint8_t *req, size_t len, uint8_t *out,
			  size_t cap)
{
	struct spdm_caps c;
	uint8_t ver = 0;
	size_t n = 0;
	cspdm_status st = spdm_dec_get_caps(req, len, r->neg.max_pad, &r->req_caps, &ver, &r->err);

	/* the body's layout depends on the version: one we do not speak is VersionMismatch */
	if (ver < r->cfg.min_version || ver > r->cfg.max_version) {
		r->err.code = CSPDM_E_VERSION_FIELD;
		r->err.field = "SPDMVersion";
		r->err.offset = 0;
		st = CSPDM_E_VERSION_FIELD;
	}
	if (st)
		return rsp_refuse(r, st, out, cap);
	r->neg.version = ver;
	memset(&c, 0, sizeof(c));
	c.ct_exponent = r->cfg.ct_exponent;
	c.flags = caps_for(r, ver);
	c.data_transfer_size = r->cfg.data_transfer_size;
	c.max_msg_size = r->cfg.max_msg_size;
	if (spdm_enc_caps(ver, &c, out, cap, &n) || tr_append(&r->tr, req, r->req_caps.len) ||
	    tr_append(&r->tr, out, n))
		return rsp_error(r, SPDM_ERR_UNSPECIFIED, 0, out, cap);
	r->state = RSP_CAPS;
	return n;
}

uint32_t rsp_meas_hash_for(uint32_t base_hash);

static uint32_t pick_hash(const struct cspdm_responder *r, uint32_t offered)
{
	size_t i;

	for (i = 0; i < sizeof(hash_priority) / sizeof(hash_priority[0]); i++)
		if (hash_priority[i] & offered & r->cfg.base_hash)
			return hash_priority[i];
	return 0;
}

static void select_algs(struct cspdm_responder *r, const struct spdm_neg_algs_req *q)
{
	struct spdm_algorithms *a = &r->algs;
	int meas = (r->cfg.caps & SPDM_CAP_MEAS_MASK) != 0;

	memset(a, 0, sizeof(*a));
	a->base_asym = q->base_asym & r->cfg.base_asym & spdm_asym_for_version(r->neg.version);
	a->base_hash = pick_hash(r, q->base_hash);
	a->meas_spec = meas ? (q->meas_spec & SPDM_MEAS_SPEC_DMTF) : 0;
	a->meas_hash = meas && a->meas_spec ? rsp_meas_hash_for(a->base_hash) : 0;
	if (r->neg.version >= CSPDM_V12)
		a->other_params = q->other_params & SPDM_OPAQUE_FMT_1;
	/* the AlgStructs are answered, with selections when sessions are on */
	a->struct_count = q->struct_count;
	if (r->neg.version >= CSPDM_V11)
		rsp_select_session_algs(r, q, a);
	if (r->neg.version >= CSPDM_V11)
		rsp_select_req_asym(r, q, a);
}

/* M1/M2 and L1/L2 hash from here on; L1/L2 includes VCA from 1.2 on. */
static cspdm_status start_transcripts(struct cspdm_responder *r)
{
	cspdm_status st = CSPDM_OK;

	if (r->neg.version >= CSPDM_V12)
		st = tr_append(&r->tr_l, r->tr.vca, r->tr.vca_len);
	if (!st)
		st = tr_start_hash(&r->tr_l, r->algs.base_hash);
	return st ? st : tr_start_hash(&r->tr, r->algs.base_hash);
}

static size_t on_neg_algs(struct cspdm_responder *r, const uint8_t *req, size_t len, uint8_t *out,
			  size_t cap)
{
	struct spdm_neg_algs_req q;
	size_t n = 0;
	cspdm_status st = spdm_dec_neg_algs(&r->neg, req, len, &q, &r->err);

	if (st)
		return rsp_refuse(r, st, out, cap);
	select_algs(r, &q);
	if (spdm_enc_algorithms(r->neg.version, &r->algs, out, cap, &n))
		return rsp_error(r, SPDM_ERR_UNSPECIFIED, 0, out, cap);
	r->neg.hash_size = cspdm_hash_size(r->algs.base_hash);
	r->neg.sig_size = cspdm_sig_size(r->algs.base_asym);
	r->neg.req_sig_size = cspdm_sig_size(r->algs.req_asym);
	if (tr_append(&r->tr, req, q.len) || tr_append(&r->tr, out, n) ||
	    (r->algs.base_hash && start_transcripts(r)) ||
	    (r->algs.base_hash && rsp_prepare_chains(r)))
		return rsp_error(r, SPDM_ERR_UNSPECIFIED, 0, out, cap);
	r->state = RSP_NEGOTIATED;
	return n;
}

/* ---- ResponseNotReady -------------------------------------------------------------------------
 */

static int not_ready_for(const struct cspdm_responder *r, uint8_t code)
{
	return (code >= 0xE0 || (code >= 0x81 && code <= 0x9F)) &&
	       ((r->cfg.not_ready_mask >> (code & 0x1F)) & 1);
}

/* Hold the real response and answer ResponseNotReady instead. */
static size_t defer(struct cspdm_responder *r, uint8_t code, const uint8_t *rsp, size_t n,
		    uint8_t *out, size_t cap)
{
	struct spdm_error_rsp e;
	size_t m = 0;

	if (n > sizeof(r->stash))
		return n;
	memcpy(r->stash, rsp, n);
	r->stash_len = n;
	r->stash_code = code;
	r->token++;
	memset(&e, 0, sizeof(e));
	e.code = SPDM_ERR_RESPONSE_NOT_READY;
	e.rdt_exponent = r->cfg.rdt_exponent;
	e.request_code = code;
	e.token = r->token;
	e.rdtm = 2;
	if (spdm_enc_error(r->neg.version, &e, out, cap, &m))
		return 0;
	return m;
}

static size_t on_respond_if_ready(struct cspdm_responder *r, const uint8_t *req, size_t len,
				  uint8_t *out, size_t cap)
{
	struct spdm_respond_if_ready q;
	size_t n = r->stash_len;
	cspdm_status st = spdm_dec_respond_if_ready(&r->neg, req, len, &q, &r->err);

	if (st)
		return rsp_refuse(r, st, out, cap);
	if (!n || q.request_code != r->stash_code || q.token != r->token) {
		r->err.code = CSPDM_E_NOT_READY;
		return rsp_error(r, SPDM_ERR_UNEXPECTED_REQUEST, 0, out, cap);
	}
	if (n > cap)
		return 0;
	memcpy(out, r->stash, n);
	r->stash_len = 0;
	return n;
}

/* ---- dispatch ---------------------------------------------------------------------------------
 */

static size_t negotiated_request(struct cspdm_responder *r, uint8_t code, const uint8_t *req,
				 size_t len, uint8_t *out, size_t cap)
{
	switch (code) {
	case SPDM_GET_DIGESTS:
		return rsp_digests(r, req, len, out, cap);
	case SPDM_GET_CERTIFICATE:
		return rsp_certificate(r, req, len, out, cap);
	case SPDM_CHALLENGE:
		return rsp_challenge(r, req, len, out, cap);
	case SPDM_GET_MEASUREMENTS:
		return rsp_measurements(r, req, len, out, cap);
	case SPDM_KEY_EXCHANGE:
		return rsp_key_exchange(r, req, len, out, cap);
	case SPDM_FINISH: /* in the clear; encrypted, it comes through process_secured */
		return rsp_finish(r, req, len, out, cap);
	case SPDM_PSK_EXCHANGE:
		return rsp_psk_exchange(r, req, len, out, cap);
	case SPDM_PSK_FINISH: /* secured only: in the clear it is refused */
		return rsp_psk_finish(r, req, len, out, cap);
	case SPDM_HEARTBEAT:
	case SPDM_KEY_UPDATE:
	case SPDM_END_SESSION:
		return rsp_session_required(r, code, out, cap);
	case SPDM_GET_ENCAPSULATED_REQUEST:
		return rsp_encap_get(r, req, len, out, cap);
	case SPDM_DELIVER_ENCAPSULATED_RESPONSE:
		return rsp_encap_deliver(r, req, len, out, cap);
	default:
		r->err.code = CSPDM_E_UNSUPPORTED;
		return rsp_error(r, SPDM_ERR_UNSUPPORTED_REQUEST, code, out, cap);
	}
}

static size_t dispatch(struct cspdm_responder *r, const struct spdm_hdr *h, const uint8_t *req,
		       size_t len, uint8_t *out, size_t cap)
{
	size_t n;

	if (h->code == SPDM_GET_VERSION)
		return on_get_version(r, req, len, out, cap);
	if (h->code == SPDM_RESPOND_IF_READY && r->state >= RSP_VERSIONED)
		return on_respond_if_ready(r, req, len, out, cap);
	if (h->code == SPDM_GET_CAPABILITIES && r->state == RSP_VERSIONED)
		return on_get_caps(r, req, len, out, cap);
	if (h->code == SPDM_NEGOTIATE_ALGORITHMS && r->state == RSP_CAPS)
		return on_neg_algs(r, req, len, out, cap);
	if (r->state != RSP_NEGOTIATED || h->code == SPDM_GET_CAPABILITIES ||
	    h->code == SPDM_NEGOTIATE_ALGORITHMS) {
		r->err.code = CSPDM_E_STATE;
		return rsp_error(r, SPDM_ERR_UNEXPECTED_REQUEST, 0, out, cap);
	}
	if (h->version != r->neg.version) {
		r->err.code = CSPDM_E_VERSION_FIELD;
		return rsp_error(r, SPDM_ERR_VERSION_MISMATCH, 0, out, cap);
	}
	if (rsp_encap_blocks(r, h->code, out, cap, &n))
		return n;
	/* L1/L2 covers consecutive GET_MEASUREMENTS only: anything else starts it again */
	if (h->code != SPDM_GET_MEASUREMENTS && r->l_dirty) {
		r->l_dirty = 0;
		if (tr_restart(&r->tr_l, r->algs.base_hash))
			return rsp_error(r, SPDM_ERR_UNSPECIFIED, 0, out, cap);
	}
	n = negotiated_request(r, h->code, req, len, out, cap);
	if (n && !r->err.code && not_ready_for(r, h->code))
		return defer(r, h->code, out, n, out, cap);
	return n;
}

static size_t plain(struct cspdm_responder *r, struct cspdm_session *s, const struct spdm_hdr *h,
		    const uint8_t *req, size_t len, uint8_t *out, size_t cap)
{
	(void)s;
	return dispatch(r, h, req, len, out, cap);
}

size_t cspdm_responder_process(struct cspdm_responder *r, const uint8_t *req, size_t len,
			       uint32_t max_pad, uint8_t *out, size_t cap)
{
	struct spdm_hdr h;

	if (!r || r->magic != CSPDM_RSP_MAGIC || !out)
		return 0;
	memset(&r->err, 0, sizeof(r->err));
	r->neg.max_pad = max_pad;
	if (spdm_peek_header(req, len, &h, &r->err)) {
		r->err.code = CSPDM_E_TRUNCATED;
		return rsp_error(r, SPDM_ERR_INVALID_REQUEST, 0, out, cap);
	}
	r->err.request_code = h.code;
	if (!(h.code & 0x80)) {
		r->err.code = CSPDM_E_RESPONSE_CODE;
		return rsp_error(r, SPDM_ERR_INVALID_REQUEST, 0, out, cap);
	}
	return rsp_chunk_serve(r, NULL, &h, req, len, out, cap, plain);
}
