/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The responder's CXL TSP target (CXL 3.1 §11.5.4), part of the device model in cfg.app_mem
 * (responder_app.c keeps it in its memory and hands it here). Its state: the TSP state, the
 * configuration set, the primary session (the first one to speak TSP, unless it is a
 * secondary one) and the secondary sessions, each opened with a PSK the primary set in
 * SECONDARY_SESSION_PSK_KEY_MATERIAL (a secret: zeroed at reset and never logged).
 */
#ifndef CSPDM_RESPONDER_TSP_H
#define CSPDM_RESPONDER_TSP_H

#include "responder_ctx.h"
#include "codec/app/app.h"

#define RSP_TSP_HINT_LEN 24 /* "SECONDARY_SESSION_<i>_PSK" and its NUL */

struct rsp_tsp {
	uint8_t state;		/* enum tsp_state */
	uint8_t configured;	/* SET_CONFIGURATION accepted */
	uint8_t primary_set;	/* a primary session is known */
	uint8_t secondary_live; /* bit i: secondary session i is open */
	uint16_t validity;	/* ConfigurationValidityFlags set: PSK i usable */
	uint32_t primary;	/* its session ID */
	uint32_t secondary[TSP_2ND_SESSIONS];
	struct cxl_tsp_msg cfg; /* the configuration as set (no views) */
	uint8_t ib[TSP_IB_ENTRIES_SIZE];
	uint8_t hint[TSP_2ND_SESSIONS][RSP_TSP_HINT_LEN];
	uint8_t psk[TSP_2ND_SESSIONS][TSP_2ND_PSK_SIZE]; /* secret */
	struct cspdm_rsp_psk found;			 /* what rsp_tsp_psk returned last */
};

/* The TSP target in the device model (NULL: no model, or CXL TSP not served). */
struct rsp_tsp *rsp_app_tsp(const struct cspdm_responder *r);
/* Nonzero when the configuration serves CXL TSP secondary sessions (so PSK_CAP is offered). */
int rsp_tsp_offers_psk(const struct cspdm_responder_config *cfg);
/* A TSP request in the current session (r->cur): the response, or a TSP Error Response. */
size_t rsp_tsp(struct cspdm_responder *r, struct rsp_tsp *t, struct app_msg *m, uint8_t *out,
	       size_t cap);
/* A TSP request the codec refused (p, n: the TSP message): the TSP Error Response due. */
size_t rsp_tsp_refuse(struct cspdm_responder *r, struct app_msg *m, const uint8_t *p, size_t n,
		      uint8_t *out, size_t cap);
/* The secondary session PSK a PSKHint names, once configured (NULL: none). */
const struct cspdm_rsp_psk *rsp_tsp_psk(const struct cspdm_responder *r, const uint8_t *hint,
					size_t hint_len);
/* The PSK session just created used key: if it is a secondary PSK, the session is that one. */
void rsp_tsp_psk_session(struct cspdm_responder *r, const struct cspdm_rsp_psk *key,
			 uint32_t session_id);
/* A session ended: it is no longer primary or secondary. */
void rsp_tsp_session_gone(struct rsp_tsp *t, uint32_t session_id);

#endif
