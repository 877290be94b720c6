/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Requester flows of the PCI-SIG protocols inside a session, as state machines that allocate
 * nothing and block on nothing: app_flow_next takes the last VENDOR_DEFINED_RESPONSE (none at
 * the start) and builds the next request, or says the flow is done (*req_len 0). The caller
 * carries each request in the session (cspdm_session_vendor) and zeroes it after: a KEY_PROG
 * holds a key. The flow's own copy of each key is zeroed as soon as the request is built.
 *  - IDE setup (PCIe Base 6.0 §6.33.3): QUERY, then for each of RX/TX and PR/NPR/CPL a
 *    KEY_PROG with a fresh key from the CSPRNG (its KP_ACK: success, same stream, substream and
 *    port) and a K_SET_GO (its K_GOSTOP_ACK the same); --stop: a K_SET_STOP for each.
 *  - TDISP (PCIe Base 6.1 §11.3): GET_VERSION, GET_CAPABILITIES, state (CONFIG_UNLOCKED),
 *    LOCK_INTERFACE, state (CONFIG_LOCKED), the interface report in portions, START_INTERFACE
 *    with the lock's nonce, state (RUN), STOP_INTERFACE, state (CONFIG_UNLOCKED). td_steps
 *    picks some of lock, report, start and stop (START needs the lock's nonce: lock too); the
 *    first state is then whatever the device says, unless a lock follows it.
 *  - CXL IDE setup (CXL 3.1 §11.4.7, in the order DMTF's requester uses): QUERY (its Caps),
 *    GET_KEY when the device generates keys or IVs, KEY_PROG RX (the device's key and IV when
 *    it generates them, else a fresh key and the initial IV), KEY_PROG TX (a fresh key), then
 *    K_SET_GO RX and TX; --stop: QUERY, then K_SET_STOP RX and TX when Caps offers it.
 *  - CXL TSP (CXL 3.1 §11.5.4): Get Target TSP Version, Get Target Capabilities, Set Target
 *    Configuration (what the capabilities offer of encryption, AES-XTS-256, TE state change;
 *    fresh PSKs for the secondary sessions the device offers), Get Target Configuration,
 *    the configuration report in portions, Lock Target Configuration, Get Target
 *    Configuration (CONFIG_LOCKED), Set Target TE State 1 then 0 for one memory range. A
 *    secondary session (APP_FLOW_CXL_TSP_2ND, opened with one of those PSKs) runs the same
 *    without the Set and the Lock, and finds the configuration locked.
 */
#ifndef CSPDM_APP_FLOW_H
#define CSPDM_APP_FLOW_H

#include "codec/app/app.h"
#include "crypto/crypto.h"

enum app_flow_kind {
	APP_FLOW_IDE_SETUP,
	APP_FLOW_IDE_STOP,
	APP_FLOW_TDISP,
	APP_FLOW_CXL_IDE_SETUP,
	APP_FLOW_CXL_IDE_STOP,
	APP_FLOW_CXL_TSP,
	APP_FLOW_CXL_TSP_2ND,
};
#define APP_FLOW_SUBSTREAMS 6 /* RX PR, NPR, CPL, TX PR, NPR, CPL */
/* TDISP steps (app_flow.td_steps; 0: all) */
#define APP_TD_LOCK	 0x1
#define APP_TD_REPORT	 0x2
#define APP_TD_START	 0x4
#define APP_TD_STOP	 0x8
#define APP_TD_ALL	 0xF
#define APP_FLOW_PORTION 0x200
#define APP_FLOW_TSP_2ND 4 /* secondary sessions: PSKs set in SET_CONFIGURATION */
#define APP_FLOW_TSP_PSK 32
/* The PSKHint naming secondary session i to DMTF's device: "SECONDARY_SESSION_<i>_PSK" and its
 * NUL, 24 bytes. */
#define APP_FLOW_TSP_HINT_LEN 24

struct app_flow {
	const struct cspdm_crypto_ops *ops;
	uint8_t ver;  /* the negotiated SPDM version */
	uint8_t kind; /* enum app_flow_kind */
	uint8_t step, sub;
	uint8_t stream_id, port_index, key_set;
	uint32_t function_id;
	uint8_t td_steps; /* TDISP: APP_TD_* (0: all) */
	/* what the device said */
	struct ide_km_msg query; /* QUERY_RESP (views into the caller's last response: copied) */
	uint8_t regs[256];
	size_t regs_len;
	uint8_t programmed; /* KEY_PROG acknowledged */
	uint8_t started;    /* K_SET_GO / K_SET_STOP acknowledged */
	uint32_t dsm_caps;
	uint16_t lock_flags;
	uint8_t nonce[TDISP_NONCE_SIZE];
	uint8_t states[4], n_states;
	uint8_t *report; /* caller storage for the interface report */
	size_t report_cap, report_len;
	size_t report_total; /* the report's length, as its first portion announced */
	struct tdisp_report rep;
	/* CXL */
	uint8_t sub_sent;		  /* KeySubStream of the last IDE_KM request */
	uint8_t cxl_key[IDE_KM_KEY_SIZE]; /* GET_KEY_ACK (secret), zeroed once programmed */
	uint8_t cxl_iv[IDE_KM_CXL_IV_SIZE];
	struct cxl_tsp_msg tsp_caps; /* GET_CAPABILITIES_RSP (no views) */
	struct cxl_tsp_msg tsp_cfg;  /* the first GET_CONFIGURATION_RSP (no views) */
	uint8_t tsp_ver;	     /* the highest TSP version the device listed */
	uint8_t te_states;	     /* SET_TE_STATE acknowledged */
	uint16_t tsp_valid;	     /* ConfigurationValidityFlags sent: secondary sessions */
	uint8_t tsp_psk[APP_FLOW_TSP_2ND * APP_FLOW_TSP_PSK]; /* secret: app_flow_wipe */
};

void app_flow_init(struct app_flow *f, const struct cspdm_crypto_ops *ops, uint8_t ver,
		   enum app_flow_kind kind);
cspdm_status app_flow_next(struct app_flow *f, const uint8_t *rsp, size_t rsp_len, uint8_t *req,
			   size_t cap, size_t *req_len, cspdm_error *err);
/* Zero the flow's secrets: keys and IVs from the device, the secondary sessions' PSKs. */
void app_flow_wipe(struct app_flow *f);
/* The PSKHint of secondary session i (APP_FLOW_TSP_HINT_LEN bytes into hint). */
void app_flow_tsp_hint(unsigned i, uint8_t hint[APP_FLOW_TSP_HINT_LEN]);

/* An IDE_KM request (PCIe or CXL) for the flow's port and stream. */
struct app_msg app_flow_ide_req(const struct app_flow *f, enum app_proto proto, uint8_t obj,
				uint8_t sub);
/* An ACK (KP_ACK, K_GOSTOP_ACK, GET_KEY_ACK) for the flow's stream and port and for sub, the
 * request's KeySubStream; a KP_ACK with Status success. cxl: CXL's Status values. */
cspdm_status app_flow_ack(const struct app_flow *f, const struct ide_km_msg *a, uint8_t sub,
			  int cxl, cspdm_error *err);
/* QUERY_RESP for the port asked about, kept (its register blocks copied). */
cspdm_status app_flow_query_resp(struct app_flow *f, const struct app_msg *m, cspdm_error *err);
/* The CXL flows (app_flow_cxl.c), for app_flow_next: m is the decoded response (NULL first). */
cspdm_status app_flow_cxl_ide(struct app_flow *f, const struct app_msg *m, uint8_t *req, size_t cap,
			      size_t *req_len, cspdm_error *err);
cspdm_status app_flow_cxl_tsp(struct app_flow *f, const struct app_msg *m, uint8_t *req, size_t cap,
			      size_t *req_len, cspdm_error *err);

#endif
