/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The hostile-device catalogue for mutual authentication and the encapsulated flow. Our
 * responder runs in-process behind a link (tu_link) whose hooks rewrite its answers (a device
 * that misbehaves towards our requester) or the requests it gets (a requester that misbehaves
 * towards our responder). Each scenario ends in its specific error; then nothing is leaked (a
 * counting crypto table: no hash, key or AEAD handle of the requester left, and none of the
 * responder's once it is freed), and the same requester context and responder run an honest
 * mutual authentication.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "testutil.h"
#include "hostile.h"
#include "codec/spdm.h"
#include "crypto/crypto.h"
#include "cspdm/session.h"
#include "cspdm/transport.h"

struct hx_env hx_env; /* the hx_*.c helpers linked here want it; this catalogue does not */

/* ---- a crypto table that counts the handles it hands out ---------------------------------- */

struct cnt {
	struct cspdm_crypto_ops ops;
	const struct cspdm_crypto_ops *real;
	long hashes, keys, aeads;
};

#define REAL(p) (((struct cnt *)(p))->real)

static cspdm_status c_hash_init(void *p, struct cspdm_hash *h, uint32_t alg)
{
	cspdm_status st = REAL(p)->hash_init(REAL(p)->priv, h, alg);

	((struct cnt *)p)->hashes += !st;
	return st;
}

static cspdm_status c_hash_update(void *p, struct cspdm_hash *h, const uint8_t *d, size_t n)
{
	return REAL(p)->hash_update(REAL(p)->priv, h, d, n);
}

static cspdm_status c_hash_final(void *p, struct cspdm_hash *h, uint8_t *out)
{
	((struct cnt *)p)->hashes--;
	return REAL(p)->hash_final(REAL(p)->priv, h, out);
}

static void c_hash_free(void *p, struct cspdm_hash *h)
{
	((struct cnt *)p)->hashes--;
	REAL(p)->hash_free(REAL(p)->priv, h);
}

static cspdm_status c_hash_dup(void *p, const struct cspdm_hash *s, struct cspdm_hash *d)
{
	cspdm_status st = REAL(p)->hash_dup(REAL(p)->priv, s, d);

	((struct cnt *)p)->hashes += !st;
	return st;
}

static cspdm_status c_x509(void *p, const uint8_t *der, size_t len,
			   const struct cspdm_x509_params *prm, struct cspdm_x509_result *res,
			   uint32_t *bad)
{
	cspdm_status st = REAL(p)->x509_validate(REAL(p)->priv, der, len, prm, res, bad);

	((struct cnt *)p)->keys += !st && res->pubkey;
	return st;
}

static void c_key_free(void *p, void *key)
{
	((struct cnt *)p)->keys -= key != NULL;
	REAL(p)->key_free(REAL(p)->priv, key);
}

static cspdm_status c_dhe_generate(void *p, uint16_t g, void **key, uint8_t *pub, size_t n)
{
	cspdm_status st = REAL(p)->dhe_generate(REAL(p)->priv, g, key, pub, n);

	((struct cnt *)p)->keys += !st;
	return st;
}

static cspdm_status c_aead_new(void *p, uint16_t a, const uint8_t *k, size_t n, void **h)
{
	cspdm_status st = REAL(p)->aead_new(REAL(p)->priv, a, k, n, h);

	((struct cnt *)p)->aeads += !st;
	return st;
}

static void c_aead_free(void *p, void *h)
{
	((struct cnt *)p)->aeads -= h != NULL;
	REAL(p)->aead_free(REAL(p)->priv, h);
}

static void cnt_init(struct cnt *c, const struct cspdm_crypto_ops *real)
{
	memset(c, 0, sizeof(*c));
	c->real = real;
	c->ops = *real;
	c->ops.priv = c;
	c->ops.hash_init = c_hash_init;
	c->ops.hash_update = c_hash_update;
	c->ops.hash_final = c_hash_final;
	c->ops.hash_free = c_hash_free;
	c->ops.hash_dup = c_hash_dup;
	c->ops.x509_validate = c_x509;
	c->ops.key_free = c_key_free;
	c->ops.dhe_generate = c_dhe_generate;
	c->ops.aead_new = c_aead_new;
	c->ops.aead_free = c_aead_free;
}

/* The rest of the table passes priv through as the real backend's: */
static cspdm_status c_random(void *p, uint8_t *out, size_t n)
{
	return REAL(p)->random(REAL(p)->priv, out, n);
}
static cspdm_status c_verify(void *p, void *key, uint32_t a, uint32_t h, const uint8_t *d, size_t n,
			     int pre, const uint8_t *sig, size_t sn)
{
	return REAL(p)->verify(REAL(p)->priv, key, a, h, d, n, pre, sig, sn);
}
static cspdm_status c_sign(void *p, void *key, uint32_t a, uint32_t h, const uint8_t *d, size_t n,
			   int pre, uint8_t *sig, size_t sn)
{
	return REAL(p)->sign(REAL(p)->priv, key, a, h, d, n, pre, sig, sn);
}
static cspdm_status c_dhe_derive(void *p, void *key, uint16_t g, const uint8_t *peer, size_t pn,
				 uint8_t *s, size_t sn)
{
	return REAL(p)->dhe_derive(REAL(p)->priv, key, g, peer, pn, s, sn);
}
static cspdm_status c_hmac(void *p, uint32_t h, const uint8_t *k, size_t kn, const uint8_t *d,
			   size_t n, uint8_t *out)
{
	return REAL(p)->hmac(REAL(p)->priv, h, k, kn, d, n, out);
}
static cspdm_status c_extract(void *p, uint32_t h, const uint8_t *s, size_t sn, const uint8_t *i,
			      size_t in, uint8_t *prk)
{
	return REAL(p)->hkdf_extract(REAL(p)->priv, h, s, sn, i, in, prk);
}
static cspdm_status c_expand(void *p, uint32_t h, const uint8_t *prk, size_t pn,
			     const uint8_t *info, size_t in, uint8_t *out, size_t on)
{
	return REAL(p)->hkdf_expand(REAL(p)->priv, h, prk, pn, info, in, out, on);
}
static cspdm_status c_seal(void *p, void *h, const uint8_t *iv, const uint8_t *aad, size_t an,
			   const uint8_t *in, size_t n, uint8_t *out, uint8_t *tag)
{
	return REAL(p)->aead_seal(REAL(p)->priv, h, iv, aad, an, in, n, out, tag);
}
static cspdm_status c_open(void *p, void *h, const uint8_t *iv, const uint8_t *aad, size_t an,
			   const uint8_t *in, size_t n, const uint8_t *tag, uint8_t *out)
{
	return REAL(p)->aead_open(REAL(p)->priv, h, iv, aad, an, in, n, tag, out);
}

static void cnt_setup(struct cnt *c, const struct cspdm_crypto_ops *real)
{
	cnt_init(c, real);
	c->ops.random = c_random;
	c->ops.verify = c_verify;
	c->ops.sign = c_sign;
	c->ops.dhe_derive = c_dhe_derive;
	c->ops.hmac = c_hmac;
	c->ops.hkdf_extract = c_extract;
	c->ops.hkdf_expand = c_expand;
	c->ops.aead_seal = c_seal;
	c->ops.aead_open = c_open;
}

/* ---- the environment ---------------------------------------------------------------------- */

struct env {
	struct cspdm_openssl *ossl, *trust;
	struct cspdm_identity dev, req;
	struct cnt creq, crsp, ctrust; /* the requester's, the responder's, its requester trust */
	uint8_t tx[8192], id_tx[8192], cert[65536], rx[8192], req_chain[65536];
	uint64_t rsp_mem[4096], sess_mem[2][256], ctx_mem[1024], s_mem[2][256];
};

static struct env ev;

/* What a hook remembers within one scenario. */
struct hstate {
	uint8_t ver, first_id, next_id;
	unsigned fired;
};

static struct hstate hs;

enum flow { FL_BASIC, FL_SESSION };

/* A one-byte fault: in the messages of this code, byte at XOR x (then | set). */
struct poke {
	uint8_t code, at, x, set;
};

static const struct poke *cur_poke;

struct mx_case {
	const char *name;
	uint8_t ver;   /* the device's highest version */
	uint8_t mut;   /* the responder's CSPDM_MUT_* */
	uint8_t flow;  /* enum flow */
	uint8_t setup; /* MX_* */
	void (*pre)(struct tu_link *l);
	void (*post)(struct tu_link *l);
	cspdm_status expect; /* what our requester ends with */
	const char *field;   /* a part of its cspdm_error.field, or NULL */
	uint8_t dev;	     /* the device's ERROR code it reports, or 0 */
	cspdm_status rsp;    /* what our responder ends with (0: not checked) */
	struct poke poke;    /* for h_poke / p_poke */
};

#define MX_NO_ID     (1u << 0) /* the requester has no identity */
#define MX_NO_ENCAP  (1u << 1) /* the device lacks ENCAP_CAP */
#define MX_REQ_SLOT3 (1u << 2) /* the device asks for the requester's slot 3 */
#define MX_KNOWN     (1u << 3) /* the device knows the requester's chain (wo-encap) */

/* ---- hooks on the device's answers (post) -------------------------------------------------- */

static uint8_t reply_code(const struct tu_link *l)
{
	return l->reply_len >= 4 && l->reply_kind == CSPDM_MSG_SPDM ? l->reply[1] : 0;
}

static void set_reply(struct tu_link *l, const uint8_t *m, size_t n)
{
	memcpy(l->reply, m, n);
	l->reply_len = n;
	hs.fired++;
}

/* Every DELIVER gets the next request: GET_DIGESTS under a new RequestID, forever. */
static void h_never_stops(struct tu_link *l)
{
	uint8_t v = l->req[0];
	const uint8_t ack[12] = {v,
				 SPDM_ENCAPSULATED_RESPONSE_ACK,
				 (uint8_t)(100 + hs.fired),
				 1,
				 l->req[2],
				 0,
				 0,
				 0,
				 v,
				 SPDM_GET_DIGESTS,
				 0,
				 0};

	if (l->req[1] == SPDM_DELIVER_ENCAPSULATED_RESPONSE)
		set_reply(l, ack, 12);
}

/* The first encapsulated request becomes code (its header only). */
static void carried_code(struct tu_link *l, uint8_t code)
{
	if (reply_code(l) != SPDM_ENCAPSULATED_REQUEST)
		return;
	l->reply[5] = code;
	l->reply_len = 8;
	hs.fired++;
}

static void h_get_meas(struct tu_link *l)
{
	carried_code(l, SPDM_GET_MEASUREMENTS);
}

static void h_key_exchange(struct tu_link *l)
{
	carried_code(l, SPDM_KEY_EXCHANGE);
}

static void h_response_code(struct tu_link *l)
{
	carried_code(l, SPDM_DIGESTS);
}

static void h_key_update(struct tu_link *l)
{
	if (reply_code(l) == SPDM_ENCAPSULATED_REQUEST)
		l->reply[6] = 1; /* UpdateKey */
	carried_code(l, SPDM_KEY_UPDATE);
}

/* A CHALLENGE where only GET_DIGESTS and GET_CERTIFICATE belong (the session handshake). */
static void h_challenge(struct tu_link *l)
{
	uint8_t m[52];

	if (reply_code(l) != SPDM_ENCAPSULATED_REQUEST)
		return;
	memset(m, 0x5A, sizeof(m));
	memcpy(m, l->reply, 4);
	m[4] = l->reply[0];
	m[5] = SPDM_CHALLENGE;
	m[6] = m[7] = 0;
	set_reply(l, m, l->reply[0] >= CSPDM_V13 ? 52 : 44);
}

static void h_reuse_id(struct tu_link *l)
{
	uint8_t c = reply_code(l);

	if (c == SPDM_ENCAPSULATED_REQUEST)
		hs.first_id = l->reply[2];
	if (c == SPDM_ENCAPSULATED_RESPONSE_ACK && l->reply[3] == SPDM_ENCAP_PAYLOAD_PRESENT) {
		l->reply[2] = hs.first_id; /* the ID of the request answered already */
		hs.fired++;
	}
}

static void h_encap_empty(struct tu_link *l)
{
	if (reply_code(l) == SPDM_ENCAPSULATED_REQUEST) {
		l->reply_len = 4;
		hs.fired++;
	}
}

/* The last ACK of a session's flow names a slot: 8 (none), or 5 (not ours). */
static void ack_slot(struct tu_link *l, uint8_t slot)
{
	if (reply_code(l) == SPDM_ENCAPSULATED_RESPONSE_ACK &&
	    l->reply[3] == SPDM_ENCAP_PAYLOAD_REQ_SLOT) {
		l->reply[8] = slot;
		hs.fired++;
	}
}

static void h_ack_slot8(struct tu_link *l)
{
	ack_slot(l, 8);
}

static void h_ack_slot5(struct tu_link *l)
{
	ack_slot(l, 5);
}

static void h_ack_trailing(struct tu_link *l)
{
	if (reply_code(l) == SPDM_ENCAPSULATED_RESPONSE_ACK &&
	    l->reply[3] == SPDM_ENCAP_PAYLOAD_ABSENT) {
		l->reply[l->reply_len++] = 0xEE;
		hs.fired++;
	}
}

static void h_encap_error(struct tu_link *l)
{
	const uint8_t e[4] = {l->req[0], SPDM_ERROR, SPDM_ERR_UNEXPECTED_REQUEST, 0};

	if (l->req[1] == SPDM_GET_ENCAPSULATED_REQUEST)
		set_reply(l, e, 4);
}

/* A byte of the device's answer (post) or of the requester's request (pre), as the case says. */
static void poke(uint8_t *m, size_t len, enum cspdm_msg_kind kind)
{
	const struct poke *p = cur_poke;

	if (len < 4 || kind != CSPDM_MSG_SPDM || m[1] != p->code || p->at >= len)
		return;
	m[p->at] = (uint8_t)((m[p->at] ^ p->x) | p->set);
	hs.fired++;
}

static void h_poke(struct tu_link *l)
{
	poke(l->reply, l->reply_len, l->reply_kind);
}

static void p_poke(struct tu_link *l)
{
	poke(l->req, l->req_len, l->req_kind);
}

/* ---- hooks on the requester's requests (pre): a requester misbehaving to our responder ---- */

static uint8_t req_code(const struct tu_link *l)
{
	return l->req_len >= 4 && l->req_kind == CSPDM_MSG_SPDM ? l->req[1] : 0;
}

/* FINISH without its Signature: the header, then RequesterVerifyData alone. */
static void p_finish_unsigned(struct tu_link *l)
{
	size_t hsz = 48, keep = l->req[0] >= CSPDM_V14 ? 6 : 4;

	if (req_code(l) != SPDM_FINISH || !(l->req[2] & 1))
		return;
	memmove(l->req + keep, l->req + l->req_len - hsz, hsz);
	l->req[2] = l->req[3] = 0;
	l->req_len = keep + hsz;
	hs.fired++;
}

static void p_deliver_kind(struct tu_link *l)
{
	if (req_code(l) == SPDM_DELIVER_ENCAPSULATED_RESPONSE && l->req[5] == SPDM_DIGESTS) {
		l->req[5] = SPDM_CERTIFICATE;
		hs.fired++;
	}
}

/* Each CERTIFICATE carries one byte: the device's requests would never end but for its bound. */
static void p_cert_dribble(struct tu_link *l)
{
	uint8_t *c = l->req + 4;
	uint32_t portion, rem;

	if (req_code(l) != SPDM_DELIVER_ENCAPSULATED_RESPONSE || c[1] != SPDM_CERTIFICATE)
		return;
	portion = hx_get_le(c + 4, 2);
	rem = hx_get_le(c + 6, 2);
	hx_put_le(c + 4, 2, 1);
	hx_put_le(c + 6, 2, rem + portion - 1);
	l->req_len = 4 + 8 + 1;
	hs.fired++;
}

static void p_digest_flip(struct tu_link *l)
{
	if (req_code(l) == SPDM_DELIVER_ENCAPSULATED_RESPONSE && l->req[5] == SPDM_DIGESTS) {
		l->req[8] ^= 0x01;
		hs.fired++;
	}
}

static void p_mut_sig_flip(struct tu_link *l)
{
	if (req_code(l) == SPDM_DELIVER_ENCAPSULATED_RESPONSE && l->req[5] == SPDM_CHALLENGE_AUTH) {
		l->req[l->req_len - 1] ^= 0x01;
		hs.fired++;
	}
}

/* FINISH (or a second GET_ENCAPSULATED_REQUEST) while our request is out. */
static void p_finish_early(struct tu_link *l)
{
	if (req_code(l) != SPDM_GET_ENCAPSULATED_REQUEST)
		return;
	memset(l->req + 2, 0, 50);
	l->req[1] = SPDM_FINISH;
	l->req_len = l->req[0] >= CSPDM_V14 ? 54 : 52;
	hs.fired++;
}

static void p_get_again(struct tu_link *l)
{
	if (req_code(l) == SPDM_DELIVER_ENCAPSULATED_RESPONSE) {
		l->req[1] = SPDM_GET_ENCAPSULATED_REQUEST;
		l->req[2] = 0;
		l->req_len = 4;
		hs.fired++;
	}
}

/* ---- the catalogue -------------------------------------------------------------------------- */

#define B	CSPDM_MUT_BASIC
#define EN	CSPDM_MUT_ENCAP
#define WO	CSPDM_MUT_WO_ENCAP
#define DG	CSPDM_MUT_DIGESTS
#define V2	CSPDM_V12
#define V3	CSPDM_V13
#define V4	CSPDM_V14
#define DEV_ERR CSPDM_E_DEVICE_ERROR
#define NOP                                                                                        \
	{                                                                                          \
		0, 0, 0, 0                                                                         \
	}
#define ACK	SPDM_ENCAPSULATED_RESPONSE_ACK
#define DELIVER SPDM_DELIVER_ENCAPSULATED_RESPONSE

static const struct mx_case cases[] = {
    /* the device's encapsulated requests, to our requester */
    {"encap: requests that never stop (basic)", V2, B, FL_BASIC, 0, NULL, h_never_stops,
     CSPDM_E_ENCAP_LIMIT, "one too many", 0, 0, NOP},
    {"encap: requests that never stop (KEY_EXCHANGE_RSP)", V3, EN, FL_SESSION, 0, NULL,
     h_never_stops, CSPDM_E_ENCAP_LIMIT, "one too many", 0, 0, NOP},
    {"encap: GET_MEASUREMENTS, never answered", V2, B, FL_BASIC, 0, NULL, h_get_meas,
     CSPDM_E_ENCAP_UNEXPECTED, "RequestResponseCode", 0, 0, NOP},
    {"encap: KEY_EXCHANGE, never answered", V3, EN, FL_SESSION, 0, NULL, h_key_exchange,
     CSPDM_E_ENCAP_UNEXPECTED, "RequestResponseCode", 0, 0, NOP},
    {"encap: a response code as the request", V4, B, FL_BASIC, 0, NULL, h_response_code,
     CSPDM_E_ENCAP_UNEXPECTED, "RequestResponseCode", 0, 0, NOP},
    {"encap: CHALLENGE in the session handshake", V3, EN, FL_SESSION, 0, NULL, h_challenge,
     CSPDM_E_ENCAP_UNEXPECTED, "RequestResponseCode", 0, 0, NOP},
    {"encap: KEY_UPDATE outside a session", V2, B, FL_BASIC, 0, NULL, h_key_update,
     CSPDM_E_ENCAP_UNEXPECTED, "RequestResponseCode", 0, 0, NOP},
    {"encap: a RequestID used again (basic)", V2, B, FL_BASIC, 0, NULL, h_reuse_id,
     CSPDM_E_ENCAP_ID, "RequestID", 0, 0, NOP},
    {"encap: a RequestID used again (session)", CSPDM_V11, EN, FL_SESSION, 0, NULL, h_reuse_id,
     CSPDM_E_ENCAP_ID, "RequestID", 0, 0, NOP},
    {"encap: ACK naming a request that does not exist",
     V2,
     B,
     FL_BASIC,
     0,
     NULL,
     h_poke,
     CSPDM_E_ENCAP_ID,
     "AckRequestID",
     0,
     0,
     {ACK, 4, 0x40, 0}},
    {"encap: ACK naming another request (session)",
     V4,
     DG,
     FL_SESSION,
     0,
     NULL,
     h_poke,
     CSPDM_E_ENCAP_ID,
     "AckRequestID",
     0,
     0,
     {ACK, 4, 0x40, 0}},
    {"encap: ENCAPSULATED_REQUEST carrying nothing", V3, B, FL_BASIC, 0, NULL, h_encap_empty,
     CSPDM_E_TRUNCATED, "EncapsulatedRequest", 0, 0, NOP},
    {"encap: ENCAPSULATED_REQUEST Param2 reserved",
     V3,
     EN,
     FL_SESSION,
     0,
     NULL,
     h_poke,
     CSPDM_E_RESERVED,
     "Param2",
     0,
     0,
     {SPDM_ENCAPSULATED_REQUEST, 3, 0, 1}},
    {"encap: ACK PayloadType 3",
     V2,
     B,
     FL_BASIC,
     0,
     NULL,
     h_poke,
     CSPDM_E_FIELD,
     "PayloadType",
     0,
     0,
     {ACK, 3, 0, 3}},
    {"encap: ACK reserved bytes",
     V3,
     B,
     FL_BASIC,
     0,
     NULL,
     h_poke,
     CSPDM_E_RESERVED,
     "Reserved",
     0,
     0,
     {ACK, 6, 0, 0x10}},
    {"encap: ACK ReqSlotNumber 8", V3, EN, FL_SESSION, 0, NULL, h_ack_slot8, CSPDM_E_SLOT,
     "ReqSlotNumber", 0, 0, NOP},
    {"encap: ACK naming a slot we do not serve", V2, EN, FL_SESSION, 0, NULL, h_ack_slot5,
     CSPDM_E_SLOT, "ReqSlotNumber", 0, 0, NOP},
    {"encap: ACK with bytes after the end", V3, B, FL_BASIC, 0, NULL, h_ack_trailing,
     CSPDM_E_TRAILING, NULL, 0, 0, NOP},
    {"encap: ERROR to GET_ENCAPSULATED_REQUEST in the handshake", V3, EN, FL_SESSION, 0, NULL,
     h_encap_error, DEV_ERR, NULL, SPDM_ERR_UNEXPECTED_REQUEST, 0, NOP},
    {"mutual: KEY_EXCHANGE_RSP encap, the device without ENCAP_CAP",
     V3,
     0,
     FL_SESSION,
     MX_NO_ENCAP,
     NULL,
     h_poke,
     CSPDM_E_FIELD,
     "MutAuthRequested",
     0,
     0,
     {SPDM_KEY_EXCHANGE_RSP, 6, 0, SPDM_MUT_AUTH_WITH_ENCAP}},
    {"mutual: BasicMutAuthReq to a requester without an identity",
     V2,
     0,
     FL_BASIC,
     MX_NO_ID,
     NULL,
     h_poke,
     CSPDM_E_FIELD,
     "BasicMutAuthReq",
     0,
     0,
     {SPDM_CHALLENGE_AUTH, 2, 0, 0x80}},
    {"mutual: the device names a slot we do not serve (wo-encap)", V3, WO, FL_SESSION,
     MX_REQ_SLOT3 | MX_KNOWN, NULL, NULL, CSPDM_E_SLOT, "ReqSlotIDParam", 0, 0, NOP},
    {"mutual: the device asks for a slot we do not serve (encap)", V3, EN, FL_SESSION, MX_REQ_SLOT3,
     NULL, NULL, DEV_ERR, NULL, SPDM_ERR_INVALID_RESPONSE_CODE, CSPDM_E_SLOT, NOP},
    /* the requester's answers and FINISH, to our responder */
    {"responder: FINISH without the signature (encap)", V3, EN, FL_SESSION, 0, p_finish_unsigned,
     NULL, DEV_ERR, NULL, SPDM_ERR_INVALID_REQUEST, CSPDM_E_MUT_AUTH, NOP},
    {"responder: FINISH without the signature (wo-encap)", V4, WO, FL_SESSION, MX_KNOWN,
     p_finish_unsigned, NULL, DEV_ERR, NULL, SPDM_ERR_INVALID_REQUEST, CSPDM_E_MUT_AUTH, NOP},
    {"responder: FINISH naming another slot",
     V3,
     DG,
     FL_SESSION,
     0,
     p_poke,
     NULL,
     DEV_ERR,
     NULL,
     SPDM_ERR_INVALID_REQUEST,
     CSPDM_E_SLOT,
     {SPDM_FINISH, 3, 0, 2}},
    {"responder: FINISH with a bad signature",
     V2,
     EN,
     FL_SESSION,
     0,
     p_poke,
     NULL,
     DEV_ERR,
     NULL,
     SPDM_ERR_DECRYPT_ERROR,
     CSPDM_E_SIGNATURE,
     {SPDM_FINISH, 6, 1, 0}},
    {"responder: FINISH while the encapsulated flow runs", V3, EN, FL_SESSION, 0, p_finish_early,
     NULL, DEV_ERR, NULL, SPDM_ERR_REQUEST_IN_FLIGHT, CSPDM_E_MUT_AUTH, NOP},
    {"responder: DELIVER with a wrong RequestID (basic)",
     V2,
     B,
     FL_BASIC,
     0,
     p_poke,
     NULL,
     DEV_ERR,
     NULL,
     SPDM_ERR_INVALID_REQUEST,
     CSPDM_E_ENCAP_ID,
     {DELIVER, 2, 1, 0}},
    {"responder: DELIVER with a wrong RequestID (session)",
     V4,
     DG,
     FL_SESSION,
     0,
     p_poke,
     NULL,
     DEV_ERR,
     NULL,
     SPDM_ERR_INVALID_REQUEST,
     CSPDM_E_ENCAP_ID,
     {DELIVER, 2, 1, 0}},
    {"responder: DELIVER of another kind of response", V3, B, FL_BASIC, 0, p_deliver_kind, NULL,
     DEV_ERR, NULL, SPDM_ERR_INVALID_RESPONSE_CODE, CSPDM_E_RESPONSE_CODE, NOP},
    {"responder: a chain one byte at a time (bounded)", V2, EN, FL_SESSION, 0, p_cert_dribble, NULL,
     DEV_ERR, NULL, SPDM_ERR_INVALID_RESPONSE_CODE, CSPDM_E_ENCAP_LIMIT, NOP},
    {"responder: DIGESTS that do not match the chain", V3, EN, FL_SESSION, 0, p_digest_flip, NULL,
     DEV_ERR, NULL, SPDM_ERR_INVALID_RESPONSE_CODE, CSPDM_E_CHAIN_DIGEST, NOP},
    {"responder: encapsulated CHALLENGE_AUTH with a bad signature", V3, B, FL_BASIC, 0,
     p_mut_sig_flip, NULL, DEV_ERR, NULL, SPDM_ERR_INVALID_RESPONSE_CODE, CSPDM_E_SIGNATURE, NOP},
    {"responder: GET_ENCAPSULATED_REQUEST while a request is out", V3, B, FL_BASIC, 0, p_get_again,
     NULL, DEV_ERR, NULL, SPDM_ERR_NO_PENDING_REQUESTS, CSPDM_E_STATE, NOP},
};

/* ---- the runner ----------------------------------------------------------------------------- */

struct run {
	struct cspdm_responder_config rc;
	struct cspdm_responder *rsp;
	struct cspdm_config cfg;
	struct cspdm_context *ctx;
	struct cspdm_session *s[2];
	struct tu_link link;
};

static void rsp_config(struct run *r, const struct mx_case *c)
{
	struct cspdm_rsp_slot slot = {ev.dev.chain, ev.dev.chain_len, ev.dev.key};

	cspdm_responder_config_defaults(&r->rc);
	r->rc.crypto = &ev.crsp.ops;
	r->rc.base_asym = ev.dev.asym;
	r->rc.max_version = c->ver;
	r->rc.caps |= CSPDM_RSP_CAPS_SESSIONS | SPDM_CAP_MUT_AUTH |
		      ((c->setup & MX_NO_ENCAP) ? 0 : SPDM_CAP_ENCAP);
	r->rc.slots[0] = slot;
	r->rc.session_mem = ev.sess_mem;
	r->rc.session_count = 2;
	cspdm_transport_secured_binding(CSPDM_TRANSPORT_MCTP, &r->rc.binding);
	r->rc.mut_auth = c->mut;
	r->rc.req_slot = (c->setup & MX_REQ_SLOT3) ? 3 : 0;
	r->rc.req_crypto = &ev.ctrust.ops;
	r->rc.req_cert_buf = ev.req_chain;
	r->rc.req_cert_cap = sizeof(ev.req_chain);
	r->rc.req_certs = (c->setup & MX_KNOWN) ? ev.req.chain : NULL;
	r->rc.req_certs_len = (c->setup & MX_KNOWN) ? ev.req.chain_len : 0;
}

static void req_config(struct run *r, const struct mx_case *c)
{
	cspdm_config_defaults(&r->cfg);
	r->cfg.crypto = &ev.creq.ops;
	r->cfg.cert_buf = ev.cert;
	r->cfg.cert_cap = sizeof(ev.cert);
	r->cfg.rx_buf = ev.rx;
	r->cfg.rx_cap = sizeof(ev.rx);
	if (c->setup & MX_NO_ID)
		return;
	r->cfg.req_id.certs = ev.req.chain;
	r->cfg.req_id.certs_len = ev.req.chain_len;
	r->cfg.req_id.key = ev.req.key;
	r->cfg.req_id.asym = ev.req.asym;
	r->cfg.req_id.tx_buf = ev.id_tx;
	r->cfg.req_id.tx_cap = sizeof(ev.id_tx);
}

static struct cspdm_session *new_session(struct run *r, unsigned i)
{
	struct cspdm_session_config sc;

	cspdm_session_config_defaults(&sc);
	sc.tx_buf = ev.tx;
	sc.tx_cap = sizeof(ev.tx);
	assert_int_equal(
	    cspdm_session_init(&r->s[i], ev.s_mem[i], sizeof(ev.s_mem[i]), r->ctx, &sc), CSPDM_OK);
	return r->s[i];
}

static cspdm_status flow(struct run *r, const struct mx_case *c, unsigned i)
{
	if (c->flow == FL_BASIC)
		return cspdm_authenticate(r->ctx, &r->link.io);
	return cspdm_session_open(new_session(r, i), &r->link.io);
}

static const cspdm_error *last_error(const struct run *r, const struct mx_case *c)
{
	return c->flow == FL_BASIC ? cspdm_last_error(r->ctx) : cspdm_session_last_error(r->s[0]);
}

static void check_outcome(const struct run *r, const struct mx_case *c, cspdm_status st)
{
	const cspdm_error *e = last_error(r, c);
	struct cspdm_session_info i;

	if (st != c->expect || (c->field && (!e->field || !strstr(e->field, c->field))) ||
	    (c->dev && e->device_code != c->dev) ||
	    (c->rsp && cspdm_responder_last_error(r->rsp)->code != c->rsp))
		fail_msg("%s: got %s (field %s, device 0x%02x; responder %s), hook fired %u",
			 c->name, cspdm_status_name(st), e->field ? e->field : "-", e->device_code,
			 cspdm_status_name(cspdm_responder_last_error(r->rsp)->code), hs.fired);
	assert_true(hs.fired > 0 || (!c->pre && !c->post));
	/* nothing left: the requester's keys, hashes and AEAD handles are all gone */
	assert_int_equal(ev.creq.hashes, 0);
	assert_int_equal(ev.creq.keys, 0);
	assert_int_equal(ev.creq.aeads, 0);
	if (c->flow == FL_SESSION) {
		assert_int_equal(cspdm_session_get_info(r->s[0], &i), CSPDM_OK);
		assert_int_equal(i.state, CSPDM_SESSION_FAILED);
	}
}

/* The same context and responder, honest now: mutual authentication succeeds. */
static void honest_again(struct run *r, const struct mx_case *c)
{
	struct mx_case h = *c;
	cspdm_status st;

	r->link.pre = r->link.hook = NULL;
	h.setup &= (uint8_t) ~(MX_REQ_SLOT3 | MX_NO_ENCAP);
	if (c->setup & (MX_REQ_SLOT3 | MX_NO_ENCAP)) { /* a device that asks sensibly */
		cspdm_responder_deinit(r->rsp);
		rsp_config(r, &h);
		assert_int_equal(
		    cspdm_responder_init(&r->rsp, ev.rsp_mem, sizeof(ev.rsp_mem), &r->rc),
		    CSPDM_OK);
		r->link.rsp = r->rsp;
	}
	st = flow(r, &h, 1);
	if (st)
		fail_msg("%s: the honest run after it: %s", c->name, cspdm_status_name(st));
}

static void run_case(const struct mx_case *c)
{
	struct run r;

	memset(&r, 0, sizeof(r));
	memset(&hs, 0, sizeof(hs));
	rsp_config(&r, c);
	req_config(&r, c);
	assert_int_equal(cspdm_responder_init(&r.rsp, ev.rsp_mem, sizeof(ev.rsp_mem), &r.rc),
			 CSPDM_OK);
	assert_int_equal(cspdm_init(&r.ctx, ev.ctx_mem, sizeof(ev.ctx_mem), &r.cfg), CSPDM_OK);
	tu_link_init(&r.link, r.rsp, CSPDM_TRANSPORT_MCTP);
	r.link.pre = c->pre;
	r.link.hook = c->post;
	cur_poke = &c->poke;
	check_outcome(&r, c, flow(&r, c, 0));
	honest_again(&r, c);
	cspdm_session_deinit(r.s[0]);
	cspdm_session_deinit(r.s[1]);
	cspdm_deinit(r.ctx);
	cspdm_responder_deinit(r.rsp);
	assert_int_equal(ev.creq.hashes + ev.creq.keys + ev.creq.aeads, 0);
	assert_int_equal(ev.crsp.hashes + ev.crsp.keys + ev.crsp.aeads, 0);
	assert_int_equal(ev.ctrust.keys, 0);
}

static void test_catalogue(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		run_case(&cases[i]);
		printf("  ok  %s\n", cases[i].name);
	}
	printf("mutual authentication: %zu hostile scenarios\n", sizeof(cases) / sizeof(cases[0]));
}

/* ---- setup ---------------------------------------------------------------------------------- */

static int group_setup(void **state)
{
	struct cspdm_openssl *o = NULL;
	char path[128];

	(void)state;
	assert_int_equal(cspdm_openssl_new(&ev.ossl, NULL), CSPDM_OK);
	assert_int_equal(cspdm_identity_generate(CSPDM_ASYM_ECDSA_P384, NULL, 0, &ev.dev),
			 CSPDM_OK);
	assert_int_equal(cspdm_identity_generate(CSPDM_ASYM_ECDSA_P384, NULL, 0, &ev.req),
			 CSPDM_OK);
	snprintf(path, sizeof(path), "/tmp/cspdm-hostile-mutual-%d.pem", (int)getpid());
	assert_int_equal(cspdm_identity_export_root(&ev.req, path), CSPDM_OK);
	assert_int_equal(cspdm_openssl_new(&o, path), CSPDM_OK);
	unlink(path);
	ev.trust = o;
	cnt_setup(&ev.creq, cspdm_openssl_ops(ev.ossl));
	cnt_setup(&ev.crsp, cspdm_openssl_ops(ev.ossl));
	cnt_setup(&ev.ctrust, cspdm_openssl_ops(ev.trust));
	return 0;
}

static int group_teardown(void **state)
{
	(void)state;
	cspdm_identity_free(&ev.dev);
	cspdm_identity_free(&ev.req);
	cspdm_openssl_free(ev.trust);
	cspdm_openssl_free(ev.ossl);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {cmocka_unit_test(test_catalogue)};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
