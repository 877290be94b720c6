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
 *    with the lock's nonce, state (RUN), STOP_INTERFACE, state (CONFIG_UNLOCKED).
 */
#ifndef CSPDM_APP_FLOW_H
#define CSPDM_APP_FLOW_H

#include "codec/app/app.h"
#include "crypto/crypto.h"

enum app_flow_kind { APP_FLOW_IDE_SETUP, APP_FLOW_IDE_STOP, APP_FLOW_TDISP };
#define APP_FLOW_SUBSTREAMS 6 /* RX PR, NPR, CPL, TX PR, NPR, CPL */
#define APP_FLOW_PORTION    0x200

struct app_flow {
	const struct cspdm_crypto_ops *ops;
	uint8_t ver;  /* the negotiated SPDM version */
	uint8_t kind; /* enum app_flow_kind */
	uint8_t step, sub;
	uint8_t stream_id, port_index, key_set;
	uint32_t function_id;
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
	struct tdisp_report rep;
};

void app_flow_init(struct app_flow *f, const struct cspdm_crypto_ops *ops, uint8_t ver,
		   enum app_flow_kind kind);
cspdm_status app_flow_next(struct app_flow *f, const uint8_t *rsp, size_t rsp_len, uint8_t *req,
			   size_t cap, size_t *req_len, cspdm_error *err);

#endif
