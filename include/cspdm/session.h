/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Secure sessions, requester side: KEY_EXCHANGE / FINISH (DSP0274 1.1-1.4) and DSP0277 secured
 * messages, then HEARTBEAT, KEY_UPDATE, measurements, digests and certificates inside the
 * session, and END_SESSION.
 *
 * A session is a caller-allocated object (cspdm_session_size() bytes) on top of a context that
 * has authenticated the device (cspdm_authenticate) or at least run VCA; a context serves any
 * number of sessions, one exchange at a time, and does not grow with them. The session object is
 * the only place that holds the session's secrets; they are zeroed when it ends, on any failure,
 * and by cspdm_session_deinit.
 *
 * The step model is the context's: begin an operation, then call cspdm_session_step with each
 * reply until it says DONE. What the core hands out is ready to send (already sealed when
 * act.msg_kind is CSPDM_MSG_SECURED), and replies are fed back as they arrive (still sealed),
 * with the kind the transport reported.
 */
#ifndef CSPDM_SESSION_H
#define CSPDM_SESSION_H

#include <stddef.h>
#include <stdint.h>

#include "cspdm/cspdm.h"
#include "cspdm/export.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Secured-message versions (DSP0277), as VersionNumberEntry values: major << 12 | minor << 8. */
#define CSPDM_SM_VERSION_10 0x1000
#define CSPDM_SM_VERSION_11 0x1100
#define CSPDM_SM_VERSION_12 0x1200
/* Bits of cspdm_session_config.sm_versions */
#define CSPDM_SM_V10 (1u << 0)
#define CSPDM_SM_V11 (1u << 1)
#define CSPDM_SM_V12 (1u << 2)

/* KEY_UPDATE operations (DSP0274 Table "KEY_UPDATE operations"). */
#define CSPDM_KEY_UPDATE_KEY	  1 /* the requester's direction */
#define CSPDM_KEY_UPDATE_ALL_KEYS 2 /* both directions */
#define CSPDM_KEY_UPDATE_VERIFY	  3 /* VerifyNewKey */

struct cspdm_session_config {
	uint8_t meas_summary;	 /* KEY_EXCHANGE Param1: 0 none, 1 TCB, 0xFF all */
	uint8_t session_policy;	 /* 1.2+ SessionPolicy */
	uint16_t req_session_id; /* our half of the session ID (0: one is chosen) */
	uint8_t sm_versions;	 /* CSPDM_SM_V* offered (0: all) */
	/* the transport's record parameters (cspdm_transport_secured_binding, or io.secured) */
	struct cspdm_secured_binding binding;
	/* caller storage for the requests this session sends (sealed in place) */
	uint8_t *tx_buf;
	size_t tx_cap;
	uint8_t have_random; /* use random[] as KEY_EXCHANGE RandomData / RequesterContext */
	uint8_t random[32];
	/* A PSK session (PSK_EXCHANGE, then PSK_FINISH when the device has PSK_CAP with context)
	 * instead of KEY_EXCHANGE: the caller's PSK and hint, in the caller's memory. The session
	 * copies neither; it reads the PSK once, to derive the handshake secret, and forgets the
	 * pointer then. The context needs PSK_CAP in cfg.req_caps (CSPDM_REQ_CAP_PSK); it may run
	 * VCA only (no certificate): cspdm_session_open_begin does that on a fresh context. */
	const uint8_t *psk;
	size_t psk_len;
	const uint8_t *psk_hint; /* PSKHint, may be empty */
	uint16_t psk_hint_len;
};

CSPDM_API void cspdm_session_config_defaults(struct cspdm_session_config *cfg);

struct cspdm_session;

CSPDM_API size_t cspdm_session_size(void);
/* mem: cspdm_session_size() bytes aligned for uint64_t; ctx: the connection it runs on. */
CSPDM_API cspdm_status cspdm_session_init(struct cspdm_session **out, void *mem, size_t mem_len,
					  struct cspdm_context *ctx,
					  const struct cspdm_session_config *cfg);
/* Zero the keys and forget the session (no END_SESSION is sent). NULL is ignored. */
CSPDM_API void cspdm_session_deinit(struct cspdm_session *s);

/* ---- operations: begin, then cspdm_session_step until DONE ------------------------------- */

/* GET_DIGESTS / GET_CERTIFICATE first if the context has no validated chain, then
 * KEY_EXCHANGE (signature over TH checked with the leaf key), then FINISH. With cfg.psk:
 * VCA first if the context has not run it, then PSK_EXCHANGE (and PSK_FINISH). */
CSPDM_API cspdm_status cspdm_session_open_begin(struct cspdm_session *s);
CSPDM_API cspdm_status cspdm_session_heartbeat_begin(struct cspdm_session *s);
/* One VENDOR_DEFINED_REQUEST inside the session (PCIe IDE_KM and TDISP, CXL IDE_KM and TSP:
 * StandardID PCI-SIG), req in the caller's memory until DONE; the response must decode as the
 * same protocol's, and is copied to rsp (cspdm_session_vendor_len says how long it is). */
CSPDM_API cspdm_status cspdm_session_vendor_begin(struct cspdm_session *s, const uint8_t *req,
						  size_t len, uint8_t *rsp, size_t rsp_cap);
CSPDM_API size_t cspdm_session_vendor_len(const struct cspdm_session *s);
/* op: CSPDM_KEY_UPDATE_KEY or CSPDM_KEY_UPDATE_ALL_KEYS; each is followed by VerifyNewKey. */
CSPDM_API cspdm_status cspdm_session_key_update_begin(struct cspdm_session *s, uint8_t op);
/* Measurements inside the session (results: cspdm_get_meas_result on the context). */
CSPDM_API cspdm_status cspdm_session_meas_begin(struct cspdm_session *s,
						const struct cspdm_meas_query *q);
/* GET_DIGESTS and GET_CERTIFICATE inside the session: the chain is fetched and checked again
 * against the one the session was opened with. */
CSPDM_API cspdm_status cspdm_session_chain_begin(struct cspdm_session *s);
/* END_SESSION; preserve: ask the device to keep the negotiated state (Param1 bit 0 clear). */
CSPDM_API cspdm_status cspdm_session_end_begin(struct cspdm_session *s, int preserve);
/* GET_ENCAPSULATED_REQUEST inside the session, then the device's requests until it has no more
 * (NoPendingRequests): GET_DIGESTS and GET_CERTIFICATE answered from the requester identity
 * (cspdm_config.req_id, required: else CSPDM_E_INVALID_ARG), KEY_UPDATE of the device's
 * direction (counted in key_updates). */
CSPDM_API cspdm_status cspdm_session_encap_begin(struct cspdm_session *s);

/* Feed the reply to the last SEND (or NULL,0 after DELAY / at the start of an operation).
 * A secured reply is opened in place: rsp is overwritten. */
CSPDM_API cspdm_status cspdm_session_step(struct cspdm_session *s, uint8_t *rsp, size_t rsp_len,
					  enum cspdm_msg_kind kind, struct cspdm_action *act);
CSPDM_API cspdm_status cspdm_session_step_timeout(struct cspdm_session *s,
						  struct cspdm_action *act);

/* ---- blocking wrappers over a struct cspdm_io --------------------------------------------- */

CSPDM_API cspdm_status cspdm_session_run(struct cspdm_session *s, const struct cspdm_io *io);
CSPDM_API cspdm_status cspdm_session_open(struct cspdm_session *s, const struct cspdm_io *io);
CSPDM_API cspdm_status cspdm_session_heartbeat(struct cspdm_session *s, const struct cspdm_io *io);
CSPDM_API cspdm_status cspdm_session_vendor(struct cspdm_session *s, const struct cspdm_io *io,
					    const uint8_t *req, size_t len, uint8_t *rsp,
					    size_t rsp_cap, size_t *rsp_len);
CSPDM_API cspdm_status cspdm_session_key_update(struct cspdm_session *s, const struct cspdm_io *io,
						uint8_t op);
CSPDM_API cspdm_status cspdm_session_measure(struct cspdm_session *s, const struct cspdm_io *io,
					     const struct cspdm_meas_query *q);
CSPDM_API cspdm_status cspdm_session_get_chain(struct cspdm_session *s, const struct cspdm_io *io);
CSPDM_API cspdm_status cspdm_session_end(struct cspdm_session *s, const struct cspdm_io *io,
					 int preserve);
CSPDM_API cspdm_status cspdm_session_encap(struct cspdm_session *s, const struct cspdm_io *io);

/* ---- what the session is --------------------------------------------------------------------- */

enum cspdm_session_state {
	CSPDM_SESSION_NONE = 0,	   /* initialized, not opened */
	CSPDM_SESSION_HANDSHAKING, /* KEY_EXCHANGE done, FINISH not yet */
	CSPDM_SESSION_OPEN,	   /* established: application data keys in use */
	CSPDM_SESSION_ENDED,	   /* END_SESSION acknowledged */
	CSPDM_SESSION_FAILED,	   /* torn down after an error; keys zeroed */
};

struct cspdm_session_info {
	enum cspdm_session_state state;
	uint32_t session_id; /* ReqSessionID | RspSessionID << 16 */
	uint16_t dhe, aead;
	uint16_t sm_version;	  /* the selected secured-message version */
	uint8_t heartbeat_period; /* seconds; 0: no heartbeat */
	uint8_t in_clear;	  /* the handshake ran in the clear */
	uint8_t mac_only;	  /* MAC_CAP without ENCRYPT_CAP: records authenticated only */
	uint8_t mut_auth;	  /* KEY_EXCHANGE_RSP MutAuthRequested (FINISH was signed) */
	uint8_t psk;		  /* opened with PSK_EXCHANGE (2: and PSK_FINISH, with context) */
	uint8_t meas_summary_len;
	uint8_t meas_summary[CSPDM_MAX_HASH_SIZE];
	uint32_t key_updates; /* KEY_UPDATE operations completed */
	uint32_t round_trips;
};

CSPDM_API cspdm_status cspdm_session_get_info(const struct cspdm_session *s,
					      struct cspdm_session_info *i);
CSPDM_API const cspdm_error *cspdm_session_last_error(const struct cspdm_session *s);
/*
 * When the next HEARTBEAT is due, on the caller's clock: last_exchange_us (the time of the last
 * message exchanged in the session) plus HeartbeatPeriod. The device may end a session that is
 * silent for twice the period. 0 when the session has no heartbeat.
 */
CSPDM_API uint64_t cspdm_session_heartbeat_due(const struct cspdm_session *s,
					       uint64_t last_exchange_us);

#ifdef __cplusplus
}
#endif
#endif
