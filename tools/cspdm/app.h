/* SPDX-License-Identifier: BSD-3-Clause */
/* cspdm ide / tdisp / cxl-ide / cxl-tsp: the app flows inside a session (app.c). */
#ifndef CSPDM_CLI_APP_H
#define CSPDM_CLI_APP_H

#include <stdint.h>

#include "core/app_flow.h"
#include "crypto/crypto.h"
#include "cspdm/session.h"

struct cli_app_opts {
	int kind; /* -1: none; enum app_flow_kind */
	uint8_t stream_id;
	uint32_t function_id;
	uint8_t td_steps; /* cspdm tdisp --steps: APP_TD_* (0: all) */
};

/* A flow of kind a->kind for the negotiated version ver, its report in static storage. */
void cli_app_flow_init(struct app_flow *f, const struct cspdm_crypto_ops *ops, uint8_t ver,
		       const struct cli_app_opts *a);
/* Run f inside s; unless quiet, print what the device reported. detail (may be NULL): a line
 * that sums it up (CXL flows). The flow's keys are zeroed; the secondary sessions' PSKs of a
 * CXL TSP flow stay in f until app_flow_wipe. */
cspdm_status cli_app_run(struct cspdm_session *s, const struct cspdm_io *io, struct app_flow *f,
			 cspdm_error *err, int quiet, char *detail, size_t detail_cap);

/* --json: what the device reported in flow f (app_json.c), a new object. */
struct json_t;
struct json_t *cli_app_json(const struct app_flow *f);

#endif
