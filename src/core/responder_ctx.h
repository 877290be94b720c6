/* SPDX-License-Identifier: BSD-3-Clause */
/* The responder context: negotiated state, transcript and the ResponseNotReady stash. */
#ifndef CSPDM_RESPONDER_CTX_H
#define CSPDM_RESPONDER_CTX_H

#include "cspdm/responder.h"
#include "codec/spdm.h"
#include "crypto/crypto.h"
#include "transcript.h"
#include "chunk.h"

#define CSPDM_RSP_MAGIC 0x6373706d72737063ull
/* Responses up to this size can be held back by ResponseNotReady. */
#define RSP_STASH_MAX 4160

enum rsp_state {
	RSP_IDLE = 0,	/* waiting for GET_VERSION */
	RSP_VERSIONED,	/* VERSION sent: GET_CAPABILITIES next */
	RSP_CAPS,	/* CAPABILITIES sent: NEGOTIATE_ALGORITHMS next */
	RSP_NEGOTIATED, /* ALGORITHMS sent */
};

/* The encapsulated flow we run (responder_encap.c): our requests to the requester. */
struct rsp_encap {
	uint8_t kind;	   /* enum rsp_encap_kind, 0: none */
	uint8_t next;	   /* the request asked (in flight) or to ask next; 0: the flow ends */
	uint8_t in_flight; /* a request is out: its DELIVER is due */
	uint8_t id;	   /* its RequestID */
	uint8_t count;	   /* requests made in this flow */
	uint8_t ku_op;	   /* KEY_UPDATE: the operation asked, and its tag */
	uint8_t ku_tag;
	uint8_t mut_live; /* mut holds the mutual M1/M2 */
	uint8_t req_len;  /* the request in flight (for the mutual M1/M2) */
	uint8_t req[48];
	uint8_t req_context[CSPDM_REQ_CONTEXT_SIZE]; /* the encapsulated CHALLENGE's (1.3+) */
	uint8_t announced[CSPDM_MAX_HASH_SIZE];	     /* the digest DIGESTS gave for req_slot */
	struct cspdm_session *sess;		     /* the session it runs for (NULL: outside) */
	struct spdm_get_cert asked;
	uint32_t cert_total, cert_off;
	struct cspdm_hash mut;
};

/* The requester as learned by mutual authentication (responder_mutual.c). */
struct rsp_requester {
	void *pubkey; /* its leaf key (req_crypto's), once the chain is validated */
	uint8_t known, trusted, challenge_auth;
	uint8_t digest[CSPDM_MAX_HASH_SIZE]; /* Hash(Cm): its SPDM chain's digest */
	size_t chain_len;		     /* bytes of the chain in cfg.req_cert_buf */
	uint32_t finishes, encap_requests, key_updates;
};

struct cspdm_responder {
	uint64_t magic;
	struct cspdm_responder_config cfg;
	enum rsp_state state;
	cspdm_error err;
	struct spdm_neg neg;
	struct spdm_caps req_caps;
	struct spdm_algorithms algs;
	uint8_t provisioned;
	uint8_t root_hash[CSPDM_MAX_SLOTS][CSPDM_MAX_HASH_SIZE];
	uint8_t digest[CSPDM_MAX_SLOTS][CSPDM_MAX_HASH_SIZE];
	struct transcript tr;	/* M1/M2: VCA, digests, certificates, challenge */
	struct transcript tr_l; /* L1/L2: (VCA from 1.2,) measurement requests and responses */
	/* sessions (responder_session.c), in the caller's memory */
	struct cspdm_session *cur;     /* the session the request in process came in */
	struct cspdm_session *l_owner; /* whose measurements L1/L2 holds (NULL: outside) */
	size_t stash_len;
	uint8_t l_dirty; /* tr_l holds measurement messages */
	uint8_t stash_code;
	uint8_t token;
	uint8_t hs_clear;     /* 1 + index of the session awaiting an in-clear FINISH */
	uint8_t record[2048]; /* a MeasurementRecord being built */
	struct rsp_encap encap;
	struct rsp_requester peer;
	struct rsp_chunk chunk; /* a large message in chunks (responder_chunk.c) */
	/* ResponseNotReady: the response held until RESPOND_IF_READY */
	uint8_t stash[RSP_STASH_MAX];
};

struct cspdm_session;

/* responder.c */
size_t rsp_error(struct cspdm_responder *r, uint8_t code, uint8_t data, uint8_t *out, size_t cap);
size_t rsp_refuse(struct cspdm_responder *r, cspdm_status st, uint8_t *out, size_t cap);

/* responder_meas.c: MEASUREMENTS and the measurement summary hash */
size_t rsp_measurements(struct cspdm_responder *r, const uint8_t *req, size_t len, uint8_t *out,
			size_t cap);
cspdm_status rsp_meas_summary(struct cspdm_responder *r, uint8_t type, uint8_t *out);
cspdm_status rsp_sign(struct cspdm_responder *r, struct transcript *t, uint8_t slot,
		      const char *context, uint8_t *sig);
/* Sign a transcript digest with the slot's key (1.0/1.1 the digest, 1.2+ prefix || digest). */
cspdm_status rsp_sign_digest(struct cspdm_responder *r, const uint8_t *digest, uint8_t slot,
			     const char *context, uint8_t *sig);

/* responder_auth.c: DIGESTS, CERTIFICATE, CHALLENGE_AUTH */
cspdm_status rsp_prepare_chains(struct cspdm_responder *r);
size_t rsp_digests(struct cspdm_responder *r, const uint8_t *req, size_t len, uint8_t *out,
		   size_t cap);
size_t rsp_certificate(struct cspdm_responder *r, const uint8_t *req, size_t len, uint8_t *out,
		       size_t cap);
size_t rsp_challenge(struct cspdm_responder *r, const uint8_t *req, size_t len, uint8_t *out,
		     size_t cap);

/* responder_session.c */
/* Sessions are on: caps, negotiated algorithms and memory allow KEY_EXCHANGE. */
int rsp_sessions_on(const struct cspdm_responder *r);
void rsp_sess_reset(struct cspdm_responder *r);
/* The AlgStructs selections for sessions (DHE, AEAD, KeySchedule) in ALGORITHMS. */
void rsp_select_session_algs(const struct cspdm_responder *r, const struct spdm_neg_algs_req *q,
			     struct spdm_algorithms *a);
size_t rsp_key_exchange(struct cspdm_responder *r, const uint8_t *req, size_t len, uint8_t *out,
			size_t cap);
size_t rsp_finish(struct cspdm_responder *r, const uint8_t *req, size_t len, uint8_t *out,
		  size_t cap);
/* HEARTBEAT, KEY_UPDATE, END_SESSION outside a session: the ERROR the version names
 * (UnsupportedRequest when the device serves no sessions). */
size_t rsp_session_required(struct cspdm_responder *r, uint8_t code, uint8_t *out, size_t cap);
/* What KEY_EXCHANGE and PSK_EXCHANGE share: a new session (NULL at the limit), the
 * secured-message version from a SupportedVersionList, UnexpectedRequest. */
struct cspdm_session *rsp_sess_new(struct cspdm_responder *r, uint16_t req_sid, unsigned *index);
cspdm_status rsp_sess_pick_sm(struct cspdm_responder *r, const uint8_t *opaque, size_t len,
			      uint16_t *ver);
size_t rsp_refuse_state(struct cspdm_responder *r, uint8_t *out, size_t cap);

/* responder_psk.c: PSK sessions (cfg.psks) */
/* PSK_CAP on both sides (ours from the configuration, the requester's bit 10). */
int rsp_psk_offered(const struct cspdm_responder *r);
/* The caps a configuration serves: PSK_CAP with context when PSKs are given without one. */
uint32_t rsp_psk_caps(const struct cspdm_responder_config *cfg);
/* The PSK table: entries with a PSK, and session memory to run them in. */
int rsp_psk_valid(const struct cspdm_responder_config *cfg);
size_t rsp_psk_exchange(struct cspdm_responder *r, const uint8_t *req, size_t len, uint8_t *out,
			size_t cap);
/* PSK_FINISH inside the session it came in (r->cur), or in the clear (refused). */
size_t rsp_psk_finish(struct cspdm_responder *r, const uint8_t *req, size_t len, uint8_t *out,
		      size_t cap);

/* responder_encap.c: the encapsulated flow, our requests to the requester */
enum rsp_encap_kind {
	RE_NONE = 0,
	RE_BASIC,      /* after CHALLENGE_AUTH with BasicMutAuthReq */
	RE_HANDSHAKE,  /* after KEY_EXCHANGE_RSP with an encapsulated MutAuthRequested */
	RE_KEY_UPDATE, /* in an established session (cspdm_responder_encap_key_update) */
};
size_t rsp_encap_get(struct cspdm_responder *r, const uint8_t *req, size_t len, uint8_t *out,
		     size_t cap);
size_t rsp_encap_deliver(struct cspdm_responder *r, const uint8_t *req, size_t len, uint8_t *out,
			 size_t cap);
/* A flow is armed or under way: other requests get RequestInFlight (1: answered in out). */
int rsp_encap_blocks(struct cspdm_responder *r, uint8_t code, uint8_t *out, size_t cap, size_t *n);
/* Arm a flow of kind for session s (NULL outside); the first request is next. */
cspdm_status rsp_encap_arm(struct cspdm_responder *r, uint8_t kind, struct cspdm_session *s);
void rsp_encap_reset(struct cspdm_responder *r);

/* responder_mutual.c: what mutual authentication asks and checks */
/* ReqBaseAsymAlg selected in ALGORITHMS. */
void rsp_select_req_asym(const struct cspdm_responder *r, const struct spdm_neg_algs_req *q,
			 struct spdm_algorithms *a);
/* Mutual authentication possible on this connection (encap: with the encapsulated flow). */
int rsp_mut_ok(const struct cspdm_responder *r, int encap);
/* CHALLENGE_AUTH: ask for basic mutual authentication (its Param1 bit 7)? */
int rsp_basic_mut_auth(const struct cspdm_responder *r);
/* KEY_EXCHANGE_RSP: the MutAuthRequested to ask (0: none); a chain provided for WO_ENCAP is
 * validated here. */
uint8_t rsp_session_mut_auth(struct cspdm_responder *r);
/* The requester's answer to our request in flight (responder_encap.c calls it). */
cspdm_status rsp_mut_response(struct cspdm_responder *r, const uint8_t *msg, size_t len);
/* FINISH of a session that asked for mutual authentication: Hash(Cm) joins TH, and the
 * Signature is checked. */
cspdm_status rsp_mut_finish(struct cspdm_responder *r, struct cspdm_session *s, const uint8_t *req,
			    const struct spdm_finish *f);
void rsp_mut_reset(struct cspdm_responder *r);

#endif
