/* SPDX-License-Identifier: BSD-3-Clause */
/* cspdm ide / tdisp: the app flows inside a session (app.c). */
#ifndef CSPDM_CLI_APP_H
#define CSPDM_CLI_APP_H

#include <stdint.h>

#include "crypto/crypto.h"
#include "cspdm/session.h"

struct cli_app_opts {
	int kind; /* -1: none; enum app_flow_kind */
	uint8_t stream_id;
	uint32_t function_id;
};

cspdm_status cli_app_run(struct cspdm_session *s, const struct cspdm_io *io,
			 const struct cspdm_crypto_ops *ops, uint8_t ver,
			 const struct cli_app_opts *a, cspdm_error *err, int quiet);

#endif
