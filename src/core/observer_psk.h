/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * PSK sessions of a capture, opened with a PSK the caller knows (cspdm verify --pcap --psk).
 * It runs beside a cspdm_observer, which follows VCA: the negotiated parameters and the VCA
 * bytes are the observer's. From PSK_EXCHANGE and PSK_EXCHANGE_RSP it derives the session's
 * keys as both peers do (session_psk.c) and checks ResponderVerifyData; it opens every secured
 * message of the session, in both directions and in order (the record layer checks the
 * sequence numbers), checks PSK_FINISH's RequesterVerifyData, follows KEY_UPDATE as the peers
 * do (UpdateKey: the request key once the ACK is seen; UpdateAllKeys: the response key before
 * the ACK, the request key after it), decodes each message inside through the codec, and ends
 * the session at END_SESSION_ACK. Anything that does not open or decode is an error.
 * CXL TSP secondary sessions (CXL 3.1 §11.5.4) are opened too: the PSKs a Set Target
 * Configuration carries, once the device accepts it, serve the PSK_EXCHANGE whose PSKHint is
 * "SECONDARY_SESSION_<i>_PSK" (so whoever knows the primary session's PSK reads them all).
 *
 * Caller-owned memory (a struct of a few KiB), no allocation; the keys are zeroed by
 * cspdm_obs_psk_deinit and when a session ends.
 */
#ifndef CSPDM_OBSERVER_PSK_H
#define CSPDM_OBSERVER_PSK_H

#include "observer.h"
#include "session_ctx.h"
#include "codec/app/app.h"

#define CSPDM_OBS_PSK_SESSIONS 4
#define CSPDM_OBS_PSK_MSG_MAX  16384 /* the largest secured message it opens */
#define CSPDM_OBS_PSK_REQ_MAX  1536  /* the largest PSK_EXCHANGE / inner request it keeps */

struct cspdm_obs_psk_sess {
	struct cspdm_session s; /* keys, TH and sequence numbers, as a peer holds them */
	uint8_t used;
	uint8_t upd_pending;		    /* a KEY_UPDATE waits for its ACK (its operation) */
	uint8_t finished;		    /* PSK_FINISH seen and checked */
	uint8_t failed;			    /* an ERROR ended the handshake */
	uint8_t req[CSPDM_OBS_PSK_REQ_MAX]; /* the last request inside (for MEASUREMENTS) */
	size_t req_len;
};

struct cspdm_obs_psk {
	const struct cspdm_observer *o;
	cspdm_error err;
	const uint8_t *psk, *hint; /* the caller's */
	size_t psk_len, hint_len;
	uint8_t any_hint; /* no hint given: the PSK is tried for every PSK_EXCHANGE */
	struct cspdm_secured_binding binding;
	uint32_t req_caps;			 /* the requester's CAPABILITIES flags */
	uint8_t exchange[CSPDM_OBS_PSK_REQ_MAX]; /* the PSK_EXCHANGE awaiting its response */
	size_t exchange_len;
	uint32_t other_ids[CSPDM_OBS_PSK_SESSIONS]; /* sessions not ours (KEY_EXCHANGE, hint) */
	uint16_t pending_sid;			    /* KEY_EXCHANGE's ReqSessionID */
	uint8_t n_other;
	struct cspdm_obs_psk_sess sess[CSPDM_OBS_PSK_SESSIONS];
	uint8_t rec[CSPDM_OBS_PSK_MSG_MAX];
	/* what was seen */
	uint32_t sessions;		 /* PSK sessions whose keys were derived */
	uint32_t exchange_verified;	 /* PSK_EXCHANGE_RSP ResponderVerifyData checked */
	uint32_t finish_verified;	 /* PSK_FINISH RequesterVerifyData checked */
	uint32_t finish_rsp;		 /* PSK_FINISH_RSP decoded (the data keys follow) */
	uint32_t opened_req, opened_rsp; /* secured messages opened, each way */
	uint32_t key_updates;		 /* KEY_UPDATE operations followed */
	uint32_t decoded;		 /* messages inside decoded by the codec */
	uint32_t ended;			 /* END_SESSION_ACK seen */
	uint32_t not_ours;		 /* secured messages of sessions it has no key for */
	uint32_t
	    app[5]; /* VENDOR_DEFINED messages decoded, by enum app_proto (IDE_KM, TDISP, ...) */
	uint32_t tsp_sessions; /* CXL TSP secondary sessions opened with the PSKs learned */
	/* CXL TSP: the PSKs of the last Set Target Configuration (pending: its response not yet
	 * seen), by ConfigurationValidityFlags bit; secret, zeroed at deinit */
	uint8_t tsp_psk[TSP_2ND_SESSIONS][TSP_2ND_PSK_SIZE],
	    tsp_pending[TSP_2ND_SESSIONS][TSP_2ND_PSK_SIZE];
	uint16_t tsp_valid, tsp_pending_valid;
	/* optional: each VENDOR_DEFINED message inside, once decoded (tests re-encode them) */
	void (*on_app)(void *arg, const uint8_t *msg, size_t len);
	void *on_app_arg;
};

/* psk / hint: the caller's bytes (hint NULL: any hint). binding: the capture's transport's
 * (cspdm_transport_secured_binding). */
cspdm_status cspdm_obs_psk_init(struct cspdm_obs_psk *p, const struct cspdm_observer *o,
				const struct cspdm_secured_binding *binding, const uint8_t *psk,
				size_t psk_len, const uint8_t *hint, size_t hint_len);
void cspdm_obs_psk_deinit(struct cspdm_obs_psk *p);
/* Each SPDM message in the clear, after the observer has seen it. */
cspdm_status cspdm_obs_psk_message(struct cspdm_obs_psk *p, const uint8_t *msg, size_t len,
				   uint32_t max_pad);
/* Each secured message (DSP0277 record, from its SessionID on); rec is not changed. */
cspdm_status cspdm_obs_psk_secured(struct cspdm_obs_psk *p, const uint8_t *rec, size_t len,
				   uint32_t max_pad);

#endif
