/* SPDX-License-Identifier: BSD-3-Clause */
/* The requester context: everything cspdm keeps between steps. Caller-allocated. */
#ifndef CSPDM_CONTEXT_H
#define CSPDM_CONTEXT_H

#include "cspdm/cspdm.h"
#include "codec/spdm.h"
#include "crypto/crypto.h"
#include "transcript.h"
#include "chunk.h"

struct cspdm_session;

#define CSPDM_CTX_MAGIC 0x6373706d64637478ull
#define CSPDM_REQ_MAX	160

enum req_state {
	ST_IDLE = 0,
	ST_VERSION,    /* GET_VERSION sent */
	ST_CAPS,       /* GET_CAPABILITIES sent */
	ST_ALGS,       /* NEGOTIATE_ALGORITHMS sent */
	ST_DIGESTS,    /* GET_DIGESTS sent */
	ST_CERT,       /* GET_CERTIFICATE sent */
	ST_CHALLENGE,  /* CHALLENGE sent */
	ST_MEAS_READY, /* cspdm_meas_begin done: the first GET_MEASUREMENTS is next */
	ST_MEAS,       /* GET_MEASUREMENTS sent */
	ST_SESS_READY, /* a session operation begun: its first request is next */
	ST_KEY_EXCHANGE,
	ST_FINISH,
	ST_PSK_EXCHANGE,
	ST_PSK_FINISH,
	ST_HEARTBEAT,
	ST_KEY_UPDATE,
	ST_END_SESSION,
	ST_VENDOR,	  /* VENDOR_DEFINED_REQUEST sent inside a session */
	ST_ENCAP_GET,	  /* GET_ENCAPSULATED_REQUEST sent (requester_encap.c) */
	ST_ENCAP_DELIVER, /* DELIVER_ENCAPSULATED_RESPONSE sent */
	ST_DONE,
	ST_FAILED,
};

/* What to do when the current step's wait ends. */
enum pending {
	PEND_NONE = 0,
	PEND_RESEND,	      /* resend req[] (after Busy) */
	PEND_RESPOND_IF_READY /* send RESPOND_IF_READY (after ResponseNotReady) */
};

/* The encapsulated flow in progress (requester_encap.c): the device's requests to us. */
struct req_encap {
	uint8_t flow;	       /* enum encap_flow */
	uint8_t count;	       /* requests answered in this flow */
	uint8_t id;	       /* RequestID of the response being delivered */
	uint8_t slot;	       /* the slot FINISH names (from KEY_EXCHANGE_RSP or the ACK) */
	uint8_t mut_live;      /* mut holds the mutual M1/M2 */
	uint8_t challenged;    /* the device's CHALLENGE was answered */
	uint8_t upd;	       /* encapsulated KEY_UPDATE: UpdateKey answered, VerifyNewKey due */
	uint8_t seen[32];      /* RequestIDs used in this flow (bit per ID) */
	struct cspdm_hash mut; /* mutual M1/M2: VCA (1.2+), encapsulated B and C */
};

struct cspdm_context {
	uint64_t magic;
	struct cspdm_config cfg;
	cspdm_error err;
	enum req_state state;
	enum cspdm_auth_outcome outcome;

	/* the request in flight, kept for Busy retries and the transcript */
	size_t req_len;
	uint64_t not_ready_timeout_us;
	uint32_t round_trips;

	/* negotiated */
	struct spdm_neg neg;
	struct spdm_neg_algs_req offered;
	struct spdm_caps caps;
	struct spdm_algorithms algs;

	/* certificate chain: total (0 until the first CERTIFICATE) and offset */
	uint32_t cert_total;
	uint32_t cert_off;
	struct spdm_get_cert cert_asked;
	uint32_t sig_len;

	/* transcripts and keys */
	struct transcript tr;
	struct transcript tr_l;
	void *pubkey;
	struct cspdm_known_device known;

	/* measurements */
	struct cspdm_meas_query meas_q;
	struct spdm_get_meas meas_asked;
	size_t meas_len;
	uint32_t meas_sigs, meas_rt;
	uint16_t meas_index; /* the next index, one by one */

	/* byte arrays */
	uint8_t req[CSPDM_REQ_MAX];
	uint8_t digests[CSPDM_MAX_SLOTS][CSPDM_MAX_HASH_SIZE];
	uint8_t chain_hash[CSPDM_MAX_HASH_SIZE];
	uint8_t nonce[CSPDM_NONCE_SIZE];
	uint8_t rsp_nonce[CSPDM_NONCE_SIZE];
	uint8_t sig[CSPDM_MAX_SIG_SIZE];
	uint8_t meas_summary[CSPDM_MAX_HASH_SIZE];
	uint8_t rif[4]; /* RESPOND_IF_READY */

	/* small state */
	uint8_t req_code;
	uint8_t pending;
	uint8_t not_ready_token;
	uint8_t busy_count, not_ready_count, resynch_count;
	uint8_t slot_mask;
	uint8_t meas_type;
	uint8_t pubkey_borrowed; /* the caller's key (re-authentication): not ours to free */
	uint8_t reauth;
	uint8_t meas_total, meas_blocks, meas_changed;

	/* sessions (requester_session.c): the operation in flight runs in sess */
	struct cspdm_session *sess;
	const uint8_t *req_ptr; /* the request in flight when it is not req[] (session messages) */
	uint8_t sess_op;	/* what ST_SESS_READY starts (enum sess_op) */
	uint8_t no_challenge;	/* connect only: the chain is validated, CHALLENGE is skipped */
	uint8_t vca_only;	/* VCA only (a PSK session follows): no certificate at all */
	uint16_t next_sid;	/* ReqSessionID allocation */

	/* mutual authentication (requester_identity.c, requester_encap.c) */
	struct req_encap encap;
	uint8_t mutual;				   /* cspdm_result.mutual */
	uint8_t id_root_hash[CSPDM_MAX_HASH_SIZE]; /* our chain's RootHash */
	uint8_t id_digest[CSPDM_MAX_HASH_SIZE];	   /* ... and its digest (Hash(Cm)) */
	struct req_chunk chunk; /* a large message in chunks (requester_chunk.c) */
};

/* requester.c: the state machine's shared helpers */
cspdm_status req_fail(struct cspdm_context *ctx, cspdm_status st, const char *field,
		      uint32_t offset, struct cspdm_action *act);
cspdm_status req_send(struct cspdm_context *ctx, uint8_t code, enum req_state next,
		      struct cspdm_action *act);
uint64_t req_timeout(const struct cspdm_context *ctx, int crypto);
/* A response to the request in flight, whole (ERRORs included): what the flows see. */
cspdm_status req_on_response(struct cspdm_context *ctx, const uint8_t *rsp, size_t len,
			     struct cspdm_action *act);
/* ERROR Busy: wait, then send the request (or the chunk message) in flight again. */
cspdm_status req_on_busy(struct cspdm_context *ctx, struct cspdm_action *act);

/* requester_cert.c */
cspdm_status req_send_get_digests(struct cspdm_context *ctx, struct cspdm_action *act);
cspdm_status req_on_digests(struct cspdm_context *ctx, const uint8_t *rsp, size_t len,
			    struct cspdm_action *act);
cspdm_status req_on_cert(struct cspdm_context *ctx, const uint8_t *rsp, size_t len,
			 struct cspdm_action *act);

/* Report a verified signature to cfg.on_signature (evidence); rec: the recorded transcript
 * (NULL when hash-only). */
void req_emit_signature(struct cspdm_context *ctx, enum cspdm_sig_kind kind, const uint8_t *rec,
			size_t rec_len, const uint8_t *digest, const uint8_t *nonce,
			const uint8_t *rsp_nonce, const uint8_t *sig, uint8_t slot);

/* requester_meas.c */
cspdm_status req_send_meas(struct cspdm_context *ctx, struct cspdm_action *act);
cspdm_status req_on_meas(struct cspdm_context *ctx, const uint8_t *rsp, size_t len,
			 struct cspdm_action *act);
/* An ERROR during measurements: returns 1 if it was handled (a missing index). */
int req_meas_on_error(struct cspdm_context *ctx, const struct spdm_error_rsp *e,
		      struct cspdm_action *act, cspdm_status *st);

/* requester_challenge.c */
cspdm_status req_send_challenge(struct cspdm_context *ctx, struct cspdm_action *act);
cspdm_status req_on_challenge_auth(struct cspdm_context *ctx, const uint8_t *rsp, size_t len,
				   struct cspdm_action *act);

/* requester_identity.c: what the requester serves from its identity */
int req_has_identity(const struct cspdm_context *ctx);
/* An identity is all zero, or complete: chain, key, one algorithm, a slot, the buffer. */
int req_id_valid(const struct cspdm_req_identity *id);
/* CAPABILITIES flags the identity adds (MUT_AUTH, ENCAP, CERT, CHAL), 0 without one. */
uint32_t req_id_caps(const struct cspdm_context *ctx);
/* ReqBaseAsymAlg offered: the identity's algorithm; all offered BaseAsymAlgo without one. */
uint16_t req_id_offer_asym(const struct cspdm_context *ctx, uint32_t base_asym);
/* After ALGORITHMS: RootHash and the digest of our chain. */
cspdm_status req_id_prepare(struct cspdm_context *ctx);
/* Mutual authentication can go on: identity, MUT_AUTH_CAP (and with encap, ENCAP_CAP) both. */
int req_id_mut_ok(const struct cspdm_context *ctx, int encap);
/* Answer the device's encapsulated request msg (its kind checked by the caller) into out. */
cspdm_status req_id_answer(struct cspdm_context *ctx, const uint8_t *msg, size_t len, uint8_t *out,
			   size_t cap, size_t *n);
/* FINISH's Signature after buf[0..*len) (the header; 1.4 its OpaqueData): signed over TH. */
cspdm_status req_id_sign_finish(struct cspdm_context *ctx, struct cspdm_session *s, uint8_t *buf,
				size_t cap, size_t *len);

/* requester_encap.c: the encapsulated request flow */
enum encap_flow {
	EF_NONE = 0,
	EF_BASIC,     /* after CHALLENGE_AUTH with BasicMutAuthReq */
	EF_HANDSHAKE, /* after KEY_EXCHANGE_RSP with MutAuthRequested (encapsulated modes) */
	EF_SESSION,   /* inside an established session (cspdm_session_encap_begin) */
};
cspdm_status req_encap_start(struct cspdm_context *ctx, uint8_t flow, struct cspdm_action *act);
/* KEY_EXCHANGE_RSP asked for mutual authentication: mode mut_auth, ReqSlotIDParam slot. */
cspdm_status req_encap_after_key_exchange(struct cspdm_context *ctx, uint8_t mut_auth, uint8_t slot,
					  struct cspdm_action *act);
cspdm_status req_encap_dispatch(struct cspdm_context *ctx, const uint8_t *rsp, size_t len,
				struct cspdm_action *act);
/* An ERROR to GET_ENCAPSULATED_REQUEST inside a session that means none is pending: 1. */
int req_encap_on_error(struct cspdm_context *ctx, const struct spdm_error_rsp *e,
		       struct cspdm_action *act, cspdm_status *st);
/* Free what a flow holds (the mutual M1/M2 hash). */
void req_encap_release(struct cspdm_context *ctx);

/* requester_session.c: FINISH, after the mutual authentication flow */
cspdm_status req_sess_finish(struct cspdm_context *ctx, struct cspdm_action *act);

/* requester.c: the step function without the session check (session.c calls it) */
cspdm_status req_step(struct cspdm_context *ctx, const uint8_t *rsp, size_t rsp_len,
		      struct cspdm_action *act);
/* Hand out buf[0..len) as the request (session messages live in the session's buffer). */
cspdm_status req_send_buf(struct cspdm_context *ctx, uint8_t code, enum req_state next,
			  const uint8_t *buf, size_t len, struct cspdm_action *act);

/* requester_session.c: the session operations inside the state machine */
cspdm_status req_sess_start(struct cspdm_context *ctx, struct cspdm_action *act);
cspdm_status req_sess_resend(struct cspdm_context *ctx, struct cspdm_action *act);
cspdm_status req_sess_dispatch(struct cspdm_context *ctx, const uint8_t *rsp, size_t len,
			       struct cspdm_action *act);
/* The session in flight failed: zero its keys and record why (req_fail calls it). */
void req_sess_abort(struct cspdm_context *ctx);
/* Messages of the session in flight are secured now (inside the session). */
int req_sess_secured(const struct cspdm_session *s);
/* The chain is known (connect, or in-session GET_CERTIFICATE): what comes next. */
cspdm_status req_sess_after_chain(struct cspdm_context *ctx, struct cspdm_action *act);
/* What KEY_EXCHANGE and PSK_EXCHANGE share (requester_session.c): the flag set on both sides;
 * the session's parameters from the negotiation; the SupportedVersionList opaque data (at
 * most SPDM_SM_OPAQUE_MAX bytes); the response's SelectedVersion; an operation done. */
#define SPDM_SM_OPAQUE_MAX 64
int req_sess_both(const struct cspdm_context *ctx, uint32_t flag);
void req_sess_setup(struct cspdm_context *ctx, struct cspdm_session *s);
cspdm_status req_sess_opaque(struct cspdm_context *ctx, const struct cspdm_session *s, uint8_t *buf,
			     size_t *len);
cspdm_status req_sess_selected(struct cspdm_context *ctx, struct cspdm_session *s,
			       const uint8_t *opaque, size_t len, size_t off,
			       struct cspdm_action *act);
cspdm_status req_sess_done(struct cspdm_context *ctx, struct cspdm_action *act);

/* requester_psk.c: PSK_EXCHANGE and PSK_FINISH (the session's cfg.psk is set) */
cspdm_status req_psk_start(struct cspdm_context *ctx, struct cspdm_action *act);
cspdm_status req_psk_resend(struct cspdm_context *ctx, struct cspdm_action *act);
cspdm_status req_psk_dispatch(struct cspdm_context *ctx, const uint8_t *rsp, size_t len,
			      struct cspdm_action *act);

#endif
