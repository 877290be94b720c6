/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The session object (caller-allocated, cspdm_session_size() bytes): the only place the
 * session's secrets live. The record layer's keys are in sec; the handshake secrets until
 * FINISH_RSP in k.hs, then the export master secret in k.export_master.
 */
#ifndef CSPDM_SESSION_CTX_H
#define CSPDM_SESSION_CTX_H

#include "cspdm/session.h"
#include "secured.h"

#define CSPDM_SESSION_MAGIC 0x6373706d73657373ull

enum sess_op {
	OP_NONE = 0,
	OP_OPEN,       /* KEY_EXCHANGE, FINISH */
	OP_HEARTBEAT,  /* HEARTBEAT */
	OP_KEY_UPDATE, /* KEY_UPDATE, then VerifyNewKey */
	OP_CHAIN,      /* GET_DIGESTS, GET_CERTIFICATE inside */
	OP_MEAS,       /* GET_MEASUREMENTS inside */
	OP_END,	       /* END_SESSION */
	OP_VENDOR,     /* one VENDOR_DEFINED exchange (IDE_KM, TDISP, CXL) */
	OP_ENCAP,      /* GET_ENCAPSULATED_REQUEST and the device's requests (requester_encap.c) */
};

struct cspdm_session {
	uint64_t magic;
	struct cspdm_context *ctx;
	struct cspdm_session_config cfg;
	enum cspdm_session_state state;
	cspdm_error err;
	struct ks ks;		  /* the key schedule's parameters */
	struct sec_state sec;	  /* the record layer's keys and sequence numbers */
	struct cspdm_hash th;	  /* TH, running from KEY_EXCHANGE_RSP on */
	struct cspdm_hash th_fin; /* TH with FINISH, until FINISH_RSP confirms it */
	void *dhe_key;		  /* our ephemeral key, until KEY_EXCHANGE_RSP */
	union {
		struct ks_handshake hs; /* until FINISH_RSP */
		struct ks_data data;	/* then: the export master secret (the responder holds the
					   data secrets here until FINISH_RSP is sealed) */
	} k;
	uint32_t session_id;
	uint32_t key_updates, round_trips;
	uint16_t req_sid, dhe, aead, sm_version;
	uint8_t op;	   /* enum sess_op in flight */
	uint8_t upd_op;	   /* KEY_UPDATE: the operation, then VerifyNewKey */
	uint8_t upd_tag;   /* KEY_UPDATE Tag */
	uint8_t end_clear; /* END_SESSION Param1 bit 0 */
	uint8_t th_live;   /* bit 0: th, bit 1: th_fin hold a hash */
	uint8_t in_clear;  /* handshake in the clear */
	uint8_t mac_only;  /* records authenticated only (as sec.mac_only, kept past the end) */
	uint8_t heartbeat_period;
	uint8_t mut_auth;
	uint8_t req_slot; /* mutual authentication: the requester's slot FINISH names */
	uint8_t meas_summary_len;
	uint8_t sealed;	       /* the last request was sent secured */
	uint8_t upd_rsp_after; /* UpdateAllKeys: the response key changes once it is sent */
	uint8_t after_send;    /* responder: what follows the sealed response (enum sess_after) */
	uint8_t upd_pending;   /* responder: a key was updated, VerifyNewKey may follow */
	uint8_t psk;	       /* a PSK session: 1 without context, 2 with (PSK_FINISH) */
	uint8_t meas_summary[CSPDM_MAX_HASH_SIZE];
	/* OP_VENDOR: the caller's request (copied into tx_buf when sent) and response storage */
	const uint8_t *vd_req;
	size_t vd_req_len;
	uint8_t *vd_rsp;
	size_t vd_rsp_cap, vd_rsp_len;
};

enum sess_after {
	AFTER_NONE = 0,
	AFTER_DATA_KEYS, /* FINISH_RSP went out under the handshake keys: switch to data keys */
	AFTER_END,	 /* END_SESSION_ACK went out: the session is over */
	AFTER_FAIL,	 /* ERROR DecryptError went out: the session is over */
};

/* session.c */
int sess_valid(const struct cspdm_session *s);
/* Zero every secret and drop the key handles; the state becomes FAILED (or ENDED). */
void sess_wipe(struct cspdm_session *s, enum cspdm_session_state to);
/* Where a request is built in the session's buffer, and its capacity there. */
uint8_t *sess_msg_buf(struct cspdm_session *s, size_t *cap);

/* TH and the key schedule steps both roles share (session.c). */
cspdm_status sess_th_init(struct cspdm_session *s);
cspdm_status sess_th_add(struct cspdm_session *s, struct cspdm_hash *h, const uint8_t *d, size_t n);
cspdm_status sess_th_peek(struct cspdm_session *s, const struct cspdm_hash *h, uint8_t *out);
cspdm_status sess_hmac(struct cspdm_session *s, const uint8_t *key, const uint8_t *th,
		       uint8_t *out);
cspdm_status sess_handshake_keys(struct cspdm_session *s, const uint8_t *peer, size_t peer_len,
				 uint8_t *th1);
cspdm_status sess_finish_mac(struct cspdm_session *s, const uint8_t *finish, size_t len,
			     uint8_t *mac);
void sess_finish_commit(struct cspdm_session *s);
/* FINISH / PSK_FINISH: RequesterVerifyData appended (requester), or checked and TH moved on
 * with it (responder, observer). */
cspdm_status sess_finish_append(struct cspdm_session *s, uint8_t *buf, size_t cap, size_t *len);
cspdm_status sess_finish_check(struct cspdm_session *s, const uint8_t *req, size_t hmac_off,
			       const uint8_t *verify);
cspdm_status sess_data_secrets(struct cspdm_session *s);
cspdm_status sess_data_keys(struct cspdm_session *s);

/* session_psk.c: TH1 of a PSK session (what it hashes), the handshake keys from the PSK, and
 * ResponderVerifyData into verify (H bytes), added to TH. */
struct sess_psk_th {
	const uint8_t *vca;
	size_t vca_len;
	const uint8_t *req; /* PSK_EXCHANGE */
	size_t req_len;
	const uint8_t *rsp; /* PSK_EXCHANGE_RSP up to ResponderVerifyData */
	size_t rsp_len;
};
cspdm_status sess_psk_handshake(struct cspdm_session *s, const struct sess_psk_th *t,
				const uint8_t *psk, size_t psk_len, uint8_t *verify);
/* TH2 = TH so far, the data secrets and the data keys (no PSK_FINISH to wait for). */
cspdm_status sess_psk_data_keys(struct cspdm_session *s);

#endif
