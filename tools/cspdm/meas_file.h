/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef CSPDM_CLI_MEAS_FILE_H
#define CSPDM_CLI_MEAS_FILE_H

#include "cspdm/responder.h"

/* Load a measurement list (see meas_file.c); 0 on success, else -1 with *why. */
int cli_load_meas_file(const char *path, struct cspdm_rsp_meas **out, uint8_t *count,
		       const char **why);
void cli_free_meas(struct cspdm_rsp_meas *m, uint8_t count);

#endif
