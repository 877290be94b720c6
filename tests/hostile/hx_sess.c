/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Secure sessions in the hostile catalogue, the device side and the requester's checks.
 *
 * The device is our responder with sessions in the harness's memory. A secured request goes to
 * cspdm_responder_process_secured, and the fault hits the secured reply at one of three layers
 * (hx_fault.layer): the record bytes as they go out; the SPDM message inside, which the harness
 * opens with a copy of the session's response key (the record layer's own sec_install /
 * sec_open / sec_seal on the responder session's secret and sequence number), changes and seals
 * again, so that the MAC is valid and only the session flows can object; or the whole
 * plaintext of the record (ApplicationDataLength, the binding's prefix), sealed with the same
 * key. The key of a reply is the response key as it was before the request, except when the
 * request changed it in an open session (KEY_UPDATE UpdateAllKeys: the ACK goes under the new
 * key); FINISH_RSP in an encrypted handshake, END_SESSION_ACK and DecryptError change the keys
 * only after the reply is sealed.
 *
 * The requester-side flow of a session scenario: authentication, then a session that opens,
 * sends HEARTBEAT, KEY_UPDATE (UpdateKey, then UpdateAllKeys, each with VerifyNewKey),
 * measurements and END_SESSION. After a failure the session must report FAILED with every
 * secret and key handle gone (hx_sess_after), and the same context must authenticate an honest
 * device and run an honest session (hx_sess_honest).
 */
#include "hx_sess.h"

#include <stdlib.h>
#include <string.h>

#include "core/responder_ctx.h"
#include "cspdm/transport.h"

#define KE_CTX "responder-key_exchange_rsp signing"
#define TX_CAP 4096

/* The device's sessions before a request: each one's response key and state. */
struct hx_sess_snap {
	struct hx_key k[HX_SESSIONS];
	enum cspdm_session_state state[HX_SESSIONS];
};

static uint64_t req_sess_mem[(sizeof(struct cspdm_session) + 7) / 8];
static uint8_t req_tx[TX_CAP];

static struct cspdm_session *dev_session(const struct hx *h, unsigned i)
{
	return (struct cspdm_session *)h->sess_mem + i;
}

void hx_sess_init(struct hx *h)
{
	h->sess_mem = calloc(HX_SESSIONS, cspdm_session_size());
	h->prev_rec = malloc(HX_MSG_MAX);
	h->scratch = malloc(HX_MSG_MAX);
	h->snap = calloc(1, sizeof(*h->snap));
	h->io.has_secured = 1;
	cspdm_transport_secured_binding(CSPDM_TRANSPORT_MCTP, &h->io.secured);
}

void hx_sess_free(struct hx *h)
{
	free(h->sess_mem);
	free(h->prev_rec);
	free(h->scratch);
	free(h->snap);
}

void hx_sess_config(struct hx *h, struct cspdm_responder_config *cfg, uint32_t sess)
{
	enum cspdm_transport t = (sess & HS_DOE) ? CSPDM_TRANSPORT_PCI_DOE : CSPDM_TRANSPORT_MCTP;

	cfg->caps |= CSPDM_RSP_CAPS_SESSIONS;
	if (sess & HS_ENC)
		cfg->caps &= ~SPDM_CAP_HANDSHAKE_IN_CLEAR;
	if (sess & HS_NO_HBEAT)
		cfg->caps &= ~SPDM_CAP_HBEAT;
	if (sess & HS_MAC_ONLY)
		cfg->caps &= ~SPDM_CAP_ENCRYPT;
	cfg->session_mem = h->sess_mem;
	cfg->session_count = (sess & HS_LIMIT1) ? 1 : HX_SESSIONS;
	cfg->heartbeat_period = 30;
	cspdm_transport_secured_binding(t, &cfg->binding);
	h->io.secured = cfg->binding;
	h->io.max_pad = t == CSPDM_TRANSPORT_PCI_DOE ? 3 : 0;
	h->prev_len = 0;
}

/* ---- keys and records ------------------------------------------------------------------------ */

void hx_key_of(const struct cspdm_session *s, enum sec_dir_id d, struct hx_key *k)
{
	k->ks = s->ks;
	k->aead = s->aead;
	k->mac_only = s->mac_only;
	k->id = s->session_id;
	k->seq = s->sec.dir[d].seq;
	memcpy(k->secret, s->sec.dir[d].secret, sizeof(k->secret));
	k->b = s->cfg.binding;
}

/* A record layer of our own on k (direction d), at k's sequence number. */
cspdm_status hx_key_state(const struct hx_key *k, enum sec_dir_id d, struct sec_state *st)
{
	cspdm_status r;

	memset(st, 0, sizeof(*st));
	st->aead = k->aead;
	st->mac_only = k->mac_only;
	r = sec_install(&k->ks, st, d, k->secret);
	st->dir[d].seq = k->seq;
	return r;
}

/* Seal body (the record's whole plaintext, at buf + header) as it stands, at k's number. */
static size_t seal_body(const struct hx_key *k, struct sec_state *st, enum sec_dir_id d,
			uint8_t *buf, size_t body)
{
	const struct cspdm_crypto_ops *ops = k->ks.ops;
	size_t hdr = 4 + (size_t)k->b.seq_num_size + 2, i;
	uint8_t iv[CSPDM_AEAD_IV_SIZE];
	cspdm_status r;

	hx_put_le(buf, 4, k->id);
	for (i = 0; i < k->b.seq_num_size; i++)
		buf[4 + i] = (uint8_t)(k->seq >> (8 * i));
	hx_put_le(buf + hdr - 2, 2, (uint32_t)(body + CSPDM_AEAD_TAG_SIZE));
	memcpy(iv, st->dir[d].iv, sizeof(iv));
	for (i = 0; i < 8; i++)
		iv[i] ^= (uint8_t)(k->seq >> (8 * i));
	if (k->mac_only)
		r = ops->aead_seal(ops->priv, st->dir[d].aead, iv, buf, hdr + body, NULL, 0, NULL,
				   buf + hdr + body);
	else
		r = ops->aead_seal(ops->priv, st->dir[d].aead, iv, buf, hdr, buf + hdr, body,
				   buf + hdr, buf + hdr + body);
	return r ? 0 : hdr + body + CSPDM_AEAD_TAG_SIZE;
}

/* The fault on the message (msg, len; room for cap) of a record: its new length. */
static size_t fault_msg(struct hx *h, const struct hx_fault *f, uint8_t *msg, size_t len,
			size_t cap)
{
	struct spdm_error_rsp e;
	size_t n = 0;

	if (f->kind != F_ERROR)
		return hx_mutate(h, f, msg, len, cap);
	memset(&e, 0, sizeof(e));
	e.code = f->p1;
	e.data = f->p2;
	if (spdm_enc_error(h->ver, &e, msg, cap, &n))
		h->bad++;
	return n;
}

/* The record's plaintext as the layer sees it: [ApplicationDataLength] prefix message, in
 * buf + header; the fault on it; its length. */
static size_t fault_body(struct hx *h, const struct hx_key *k, const struct hx_fault *f,
			 uint8_t *buf, const uint8_t *msg, size_t len, size_t cap)
{
	size_t hdr = 4 + (size_t)k->b.seq_num_size + 2, at = hdr + (k->mac_only ? 0 : 2);

	memmove(buf + at + k->b.app_prefix_len, msg, len);
	memcpy(buf + at, k->b.app_prefix, k->b.app_prefix_len);
	if (!k->mac_only)
		hx_put_le(buf + hdr, 2, (uint32_t)(k->b.app_prefix_len + len));
	len += at - hdr + k->b.app_prefix_len;
	return hx_mutate(h, f, buf + hdr, len, cap - hdr - CSPDM_AEAD_TAG_SIZE);
}

/*
 * Open the record rec (len bytes, room for cap) with k, apply f to what is inside, and seal it
 * again with k: the new record's length (0 when it did not open). F_KIND: the plaintext message
 * itself, to go out as an SPDM message.
 */
static size_t refault(struct hx *h, const struct hx_key *k, enum sec_dir_id d,
		      const struct hx_fault *f, uint8_t *rec, size_t len, size_t cap)
{
	const struct cspdm_crypto_ops *ops = k->ks.ops;
	size_t off = sec_msg_offset(&k->b, k->mac_only), mlen = 0, n = 0;
	uint8_t *buf = h->scratch;
	const uint8_t *msg = NULL;
	cspdm_error err = {0};
	struct sec_state st;

	if (hx_key_state(k, d, &st) ||
	    sec_open(ops, &st, d, k->id, &k->b, 0, rec, len, &msg, &mlen, &err)) {
		sec_wipe(ops, &st);
		return 0;
	}
	st.dir[d].seq = k->seq;
	if (f->layer == HX_L_BODY) {
		n = seal_body(k, &st, d, buf, fault_body(h, k, f, buf, msg, mlen, cap));
	} else if (f->kind == F_KIND) {
		memmove(buf, msg, mlen);
		n = mlen;
	} else {
		memmove(buf + off, msg, mlen);
		mlen = fault_msg(h, f, buf + off, mlen, cap - off - sec_tail(&k->b, k->mac_only));
		if (sec_seal(ops, &st, d, k->id, &k->b, buf, cap, mlen, &n))
			n = 0;
	}
	sec_wipe(ops, &st);
	memcpy(rec, buf, n);
	return n;
}

/* ---- the device ------------------------------------------------------------------------------ */

static void snapshot(struct hx *h)
{
	unsigned i;

	for (i = 0; i < h->rcfg.session_count && i < HX_SESSIONS; i++) {
		hx_key_of(dev_session(h, i), SEC_RSP, &h->snap->k[i]);
		h->snap->state[i] = dev_session(h, i)->state;
	}
}

/* The key the device sealed its reply with (see the top of the file). */
static int reply_key(const struct hx *h, struct hx_key *k)
{
	uint32_t id = h->out_len >= 4 ? hx_get_le(h->out, 4) : 0;
	const struct cspdm_session *now;
	unsigned i;

	for (i = 0; i < h->rcfg.session_count && i < HX_SESSIONS; i++) {
		if (h->snap->k[i].id != id || h->snap->state[i] < CSPDM_SESSION_HANDSHAKING)
			continue;
		*k = h->snap->k[i];
		now = dev_session(h, i);
		if (h->snap->state[i] == CSPDM_SESSION_OPEN && now->state == CSPDM_SESSION_OPEN &&
		    memcmp(now->sec.dir[SEC_RSP].secret, k->secret, sizeof(k->secret))) {
			hx_key_of(now, SEC_RSP, k);
			k->seq--;
		}
		return 1;
	}
	return 0;
}

static void apply_secured(struct hx *h, const struct hx_fault *f)
{
	struct hx_key k;
	size_t n;

	h->fired++;
	if (f->kind == F_DROP || f->kind == F_IO) {
		h->drop = f->kind == F_DROP;
		h->io_fail = f->kind == F_IO;
		return;
	}
	if (f->layer == HX_L_RECORD) {
		h->out_len = hx_mutate(h, f, h->out, h->out_len, HX_MSG_MAX);
		return;
	}
	n = reply_key(h, &k) ? refault(h, &k, SEC_RSP, f, h->out, h->out_len, HX_MSG_MAX) : 0;
	if (!n) {
		h->bad++; /* the reply did not open with the session's key */
		return;
	}
	h->out_len = n;
	if (f->kind == F_KIND)
		h->out_kind = CSPDM_MSG_SPDM;
}

cspdm_status hx_sess_send(struct hx *h, const uint8_t *rec, size_t len)
{
	const struct hx_fault *f = h->f;
	uint8_t code;

	if (len > sizeof(h->req))
		return CSPDM_E_IO;
	memcpy(h->req, rec, len);
	h->req_len = len;
	snapshot(h);
	h->out_len = cspdm_responder_process_secured(h->rsp, h->req, len, 0, h->out, HX_MSG_MAX);
	code = cspdm_responder_last_error(h->rsp)->request_code; /* 0: it did not open */
	h->count[code]++;
	h->count[HX_SREC]++;
	h->out_kind = h->io.secured.untyped ? CSPDM_MSG_SPDM : CSPDM_MSG_SECURED;
	h->drop = !h->out_len; /* no answer: the wait times out */
	if (f && h->out_len && hx_matches(h, f, f->req == HX_SREC ? HX_SREC : code))
		apply_secured(h, f);
	if (h->out_kind == CSPDM_MSG_SECURED) {
		memcpy(h->prev_rec, h->out, h->out_len);
		h->prev_len = h->out_len;
	}
	return CSPDM_OK;
}

/* ---- hooks ----------------------------------------------------------------------------------- */

/* The secured reply delivered before this one, again. */
size_t hk_prev_record(struct hx *h, uint8_t *m, size_t len, const struct hx_fault *f)
{
	(void)f;
	if (!h->prev_len) {
		h->bad++;
		return len;
	}
	memcpy(m, h->prev_rec, h->prev_len);
	return h->prev_len;
}

/* TH up to KEY_EXCHANGE_RSP's signature, as the device hashes it: VCA, the chain's digest,
 * KEY_EXCHANGE (h->req), the response up to its signature. */
static cspdm_status ke_th(struct hx *h, const uint8_t *m, size_t signed_len, uint8_t *digest)
{
	const struct cspdm_crypto_ops *ops = hx_env.rsp_ops;
	const struct cspdm_responder *r = h->rsp;
	struct cspdm_hash th;
	cspdm_status st = ops->hash_init(ops->priv, &th, h->hash);

	if (st)
		return st;
	if (ops->hash_update(ops->priv, &th, r->tr.vca, r->tr.vca_len) ||
	    ops->hash_update(ops->priv, &th, r->digest[0], h->hsize) ||
	    ops->hash_update(ops->priv, &th, h->req, h->req_len) ||
	    ops->hash_update(ops->priv, &th, m, signed_len)) {
		ops->hash_free(ops->priv, &th);
		return CSPDM_E_CRYPTO;
	}
	return ops->hash_final(ops->priv, &th, digest);
}

/* KEY_EXCHANGE_RSP (handshake in the clear) with its ExchangeData changed (f->val KE_*) and
 * signed again, so that only the DHE check can object. */
size_t hk_ke_resign(struct hx *h, uint8_t *m, size_t len, const struct hx_fault *f)
{
	uint8_t digest[CSPDM_MAX_HASH_SIZE];
	size_t d = h->rsp->neg.dhe_size, signed_len = len - h->ssize;

	if (len < 40 + d + h->ssize || m[1] != SPDM_KEY_EXCHANGE_RSP || !h->rsp->neg.hs_in_clear) {
		h->bad++;
		return len;
	}
	if (f->val == KE_ZERO_DHE)
		memset(m + 40, 0, d);
	if (f->val == KE_OFF_CURVE)
		m[40 + d - 1] ^= 0x01; /* y + 1 or y - 1: not on the curve with x */
	if (ke_th(h, m, signed_len, digest) || hx_sign_digest(h, 0, KE_CTX, digest, m + signed_len))
		h->bad++;
	return len;
}

/* ---- the requester's session ----------------------------------------------------------------- */

cspdm_status hx_sess_new(struct hx *h, struct cspdm_context *ctx, uint32_t sess,
			 struct cspdm_session **s)
{
	struct cspdm_session_config c;

	cspdm_session_config_defaults(&c);
	c.tx_buf = req_tx;
	c.tx_cap = sizeof(req_tx);
	c.sm_versions = (sess & HS_SM11) ? CSPDM_SM_V11 : 0;
	c.binding = h->io.secured;
	return cspdm_session_init(s, req_sess_mem, sizeof(req_sess_mem), ctx, &c);
}

/* Everything a session does, in order; the first failure ends it. */
static cspdm_status session_ops(struct hx *h, struct cspdm_session *s, uint32_t sess)
{
	struct cspdm_meas_query q = {0xFF, 1, 0}; /* all at once, signed */
	cspdm_status st = cspdm_session_open(s, &h->io);

	if (!st)
		st = cspdm_session_heartbeat(s, &h->io);
	if (!st)
		st = cspdm_session_key_update(s, &h->io, CSPDM_KEY_UPDATE_KEY);
	if (!st)
		st = cspdm_session_key_update(s, &h->io, CSPDM_KEY_UPDATE_ALL_KEYS);
	if (!st)
		st = cspdm_session_measure(s, &h->io, &q);
	if (!st && (sess & HS_CHAIN))
		st = cspdm_session_get_chain(s, &h->io);
	return st ? st : cspdm_session_end(s, &h->io, 0);
}

cspdm_status hx_sess_flow(struct hx *h, struct cspdm_context *ctx, uint32_t sess,
			  struct cspdm_session **s)
{
	cspdm_status st = hx_sess_new(h, ctx, sess, s);

	if (!st)
		st = cspdm_authenticate(ctx, &h->io);
	return st ? st : session_ops(h, *s, sess);
}

static int all_zero(const void *p, size_t n)
{
	const uint8_t *b = p;
	uint8_t any = 0;
	size_t i;

	for (i = 0; i < n; i++)
		any |= b[i];
	return !any;
}

const char *hx_sess_after(const struct cspdm_session *s, cspdm_status st)
{
	struct cspdm_session_info i;
	struct hx_live l = hx_live_handles();

	if (cspdm_session_get_info(s, &i))
		return "session: no info";
	if (i.state != (st ? CSPDM_SESSION_FAILED : CSPDM_SESSION_ENDED))
		return st ? "session: not FAILED after the error" : "session: not ENDED";
	if (!all_zero(&s->sec, sizeof(s->sec)) || !all_zero(&s->k, sizeof(s->k)))
		return "session: key material left (sec.dir[].secret/iv/aead, k)";
	if (s->dhe_key || s->th_live)
		return "session: DHE key or TH hash left";
	if (l.aeads)
		return "session: AEAD handles left";
	if (st && cspdm_session_last_error(s)->code != st)
		return "session: last error is not the status";
	return NULL;
}

const char *hx_sess_serve(struct hx *h, struct cspdm_context *ctx)
{
	struct cspdm_session *s = (struct cspdm_session *)req_sess_mem;
	cspdm_status st;

	hx_clear_counts(h);
	cspdm_session_deinit(s);
	st = hx_sess_new(h, ctx, 0, &s);
	if (!st)
		st = cspdm_authenticate(ctx, &h->io);
	if (!st)
		st = cspdm_session_open(s, &h->io);
	if (!st)
		st = cspdm_session_heartbeat(s, &h->io);
	if (!st)
		st = cspdm_session_end(s, &h->io, 0);
	cspdm_session_deinit(s);
	return st ? "an honest session afterwards failed" : NULL;
}

const char *hx_sess_honest(struct hx *h, struct cspdm_context *ctx, uint32_t sess)
{
	struct cspdm_responder_config cfg;

	hx_rsp_config(&cfg, 0, 1);
	hx_sess_config(h, &cfg, sess & (HS_ENC | HS_MAC_ONLY | HS_DOE));
	if (hx_device(h, &cfg))
		return "honest device: init failed";
	return hx_sess_serve(h, ctx);
}

/* KEY_EXCHANGE_RSP without opaque data: OpaqueDataLength 0, the elements gone. */
size_t hk_ke_no_opaque(struct hx *h, uint8_t *m, size_t len, const struct hx_fault *f)
{
	size_t at = 40 + h->rsp->neg.dhe_size + h->rsp->neg.meas_hash_size, olen;

	(void)f;
	if (len < at + 2 || m[1] != SPDM_KEY_EXCHANGE_RSP || at + 2 + hx_get_le(m + at, 2) > len) {
		h->bad++;
		return len;
	}
	olen = hx_get_le(m + at, 2);
	memmove(m + at + 2, m + at + 2 + olen, len - at - 2 - olen);
	hx_put_le(m + at, 2, 0);
	return len - olen;
}
