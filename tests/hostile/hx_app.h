/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The PCI-SIG application protocols in the hostile catalogue (hx_app.c, hx_app_cases.c):
 * IDE_KM, TDISP, CXL IDE_KM and CXL TSP inside an established session.
 *
 * Requester side: our responder with its device model (cfg.app_mem: ports 0..HX_IDE_MAX_PORT,
 * HX_IDE_STREAMS streams, one TDI HX_TDI) serves a session; a requester flow of
 * src/core/app_flow.h runs in it through cspdm_session_vendor, and the fault hits the device's
 * secured VENDOR_DEFINED_RESPONSEs as in hx_sess.c (opened, changed and sealed again, so that
 * only the application layer can object). The device model has no CXL TSP: hk_tsp answers in
 * its place. A scenario ends with its status and field, in the application flow (the session
 * stays open and must still serve a HEARTBEAT and END_SESSION) or in the session (which must
 * have failed with nothing of it left).
 *
 * Responder side: a hostile requester in the session (or in the clear beside it) sends a request
 * to the device model after honest ones; the exact answer (an SPDM ERROR, a TDISP ERROR, a
 * KP_ACK Status) and the device's state, unchanged by it.
 */
#ifndef CSPDM_HX_APP_H
#define CSPDM_HX_APP_H

#include "hx_sess.h"

#include "core/app_flow.h"

#define HX_TDI		0xbeef /* the device's one TDI */
#define HX_IDE_MAX_PORT 7
#define HX_IDE_STREAMS	2

/* ---- requester side ------------------------------------------------------------------------ */

struct hx_app_case {
	const char *name;
	uint8_t flow;	   /* enum app_flow_kind */
	uint32_t arg;	   /* the flow's stream (IDE_KM) or interface (TDISP, 0: HX_TDI) */
	struct hx_fault f; /* on the device's secured replies (hx_sess.c) */
	cspdm_status expect;
	const char *field;  /* cspdm_error.field (NULL with CSPDM_OK) */
	uint8_t dev;	    /* cspdm_error.device_code expected, or 0 */
	uint8_t in_session; /* the session refused it (and failed), not the application flow */
};

extern const struct hx_app_case hx_app_cases[];
extern const size_t hx_n_app_cases;

/* One scenario with the requester context ctx; NULL if all as expected. */
const char *hx_app_case(struct hx *h, const struct hx_app_case *c, struct cspdm_context *ctx,
			char *detail, size_t cap);

/* The VENDOR_DEFINED payload grown by n bytes of 0xA5 (val VP_GROW) or cut by its last n bytes
 * (VP_CUT), its length field following. */
size_t hk_vd_payload(struct hx *h, uint8_t *m, size_t len, const struct hx_fault *f);
#define VP_GROW 0
#define VP_CUT	1
/* A TDISP response turned into TDISP_ERROR with ERROR_CODE val (same interface). */
size_t hk_td_error(struct hx *h, uint8_t *m, size_t len, const struct hx_fault *f);
/* DEVICE_INTERFACE_REPORT from a larger report (val: TR_* content | TP_* portions), at the
 * OFFSET and LENGTH asked for; other responses pass. */
size_t hk_td_report(struct hx *h, uint8_t *m, size_t len, const struct hx_fault *f);
enum hx_td_content {
	TR_HONEST,  /* three ranges, 600 bytes of device information: two portions */
	TR_OVERLAP, /* the third range overlaps the first */
	TR_WRAP,    /* a range of two pages at the last 4K page: wraps 64 bits */
	TR_EDGE,    /* one page at the last 4K page: ends at 2^64 exactly (fine) */
	TR_MANY,    /* 18 ranges, the 18th overlapping the 17th */
	TR_EMPTY,   /* a range of no pages */
};
#define TP_HONEST	   (0u << 8)
#define TP_REMAINDER_GROWS (1u << 8) /* the second portion's REMAINDER_LENGTH 16 more */
#define TP_FIRST_SHORT	   (2u << 8) /* the first portion's REMAINDER_LENGTH 16 less */
#define TP_BEYOND	   (3u << 8) /* the first portion one byte more than LENGTH */
#define TP_EMPTY	   (4u << 8) /* the second portion empty, the remainder left */
/* The CXL TSP device (our model has none): every TSP request answered, val TSP_* lying. */
size_t hk_tsp(struct hx *h, uint8_t *m, size_t len, const struct hx_fault *f);
enum hx_tsp_lie {
	TSP_HONEST,	  /* unlocked until LOCK_CONFIGURATION */
	TSP_LOCKED,	  /* locked from the start (what a secondary session finds) */
	TSP_ERROR_REPORT, /* an Error Response (InvalidRequest) for the second report portion */
	TSP_REMAINDER,	  /* the second portion's RemainderLength 1 more */
	TSP_BEYOND,	  /* the first portion one byte more than Length */
	TSP_NO_V10,	  /* version 2.0 only */
	TSP_SECONDARY_5,  /* five secondary sessions offered (at most four) */
};

/* ---- responder side ------------------------------------------------------------------------ */

enum hx_app_req {
	AQ_NONE,
	AQ_RAW,
	AQ_QUERY,    /* IDE_KM, port 0 */
	AQ_KEY_PROG, /* stream 0, key set 0, RX PR */
	AQ_GO,
	AQ_STOP,
	AQ_CXL_QUERY,
	AQ_CXL_KEY_PROG, /* RX */
	AQ_CXL_GO,
	AQ_CXL_GET_KEY,
	AQ_TD_VERSION, /* TDISP, interface HX_TDI */
	AQ_TD_LOCK,
	AQ_TD_REPORT, /* OFFSET 0, LENGTH 0x200 */
	AQ_TD_STATE,
	AQ_TD_START, /* with the nonce of the last LOCK_INTERFACE_RESPONSE */
	AQ_TD_STOP,
	AQ_TSP_VERSION,
	AQ_TSP_SET, /* AES-XTS-256, no secondary session */
	AQ_TSP_LOCK,
	AQ_TSP_GET,
	AQ_TSP_TE, /* TE state 1 for 0x10000 bytes at 0x100000 */
};

enum hx_app_answer {
	AA_SPDM,   /* an SPDM ERROR (code, data) */
	AA_TDISP,  /* TDISP_ERROR with ERROR_CODE code */
	AA_KP_ACK, /* KP_ACK with Status code */
	AA_TSP	   /* a CXL TSP Error Response with ErrorCode code */
};

struct hx_rsp_app_case {
	const char *name;
	uint8_t pre[3];	   /* honest requests first, in the session (each must be answered) */
	uint8_t base;	   /* the request: AQ_* */
	const char *hex;   /* AQ_RAW */
	struct hx_fault f; /* on the request */
	uint8_t clear;	   /* sent in the clear beside the session */
	uint8_t answer;	   /* AA_* */
	uint16_t code;	   /* ErrorCode, ERROR_CODE or Status */
	int16_t data;	   /* AA_SPDM: ErrorData (-1: any) */
	uint8_t now;	   /* a known responder bug: the SPDM ErrorCode it answers instead */
};

extern const struct hx_rsp_app_case hx_rsp_app_cases[];
extern const size_t hx_n_rsp_app_cases;

/* One case in a session of ctx; NULL if all as expected (the device state unchanged, the
 * session still serving a HEARTBEAT). A known bug (rc->now) is as expected while the device
 * answers that ERROR (*known set), and fails once it answers as it should. */
const char *hx_rsp_app_case(struct hx *h, const struct hx_rsp_app_case *rc,
			    struct cspdm_context *ctx, int *known, char *detail, size_t cap);

#endif
