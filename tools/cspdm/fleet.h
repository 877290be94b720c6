/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Many devices from one process (authenticate, measure with several --connect or --targets).
 * One thread runs a poll() loop over every connection (spdm-emu socket protocol, non-blocking)
 * and does the I/O only; each reply is handed, with its device's context, to one of --jobs
 * worker threads, which runs cspdm_step (hashing and the signature checks, the cost) and
 * hands back the next request. A device's timeouts are its own: the reply timeout of each
 * request (cspdm_action.timeout_us), and --timeout for the whole device. One OpenSSL backend
 * and one certificate cache serve every device.
 */
#ifndef CSPDM_CLI_FLEET_H
#define CSPDM_CLI_FLEET_H

#include "conn.h"

struct fleet_dev;

/* What the command does with each device. */
struct fleet_cmd {
	void *arg;
	/* Begin flow number phase (0, 1, ...) on ctx; *begun = 0 when there is none left. */
	cspdm_status (*begin)(void *arg, struct cspdm_context *ctx, unsigned phase, int *begun);
	/* The device's JSON object (st: how it ended; e: the failure or NULL). */
	json_t *(*json)(void *arg, const char *target, const char *transport,
			struct cspdm_context *ctx, cspdm_status st, const cspdm_error *e,
			struct cspdm_x509_cache *cache);
};

/* The options of a device command that names several devices. */
#define CLI_FLEET_OPT_TARGETS 0x110
#define CLI_FLEET_OPT_JOBS    0x111
#define CLI_FLEET_OPT_TIMEOUT 0x112

#define CLI_FLEET_OPTIONS                                                                          \
	{"targets", required_argument, NULL, CLI_FLEET_OPT_TARGETS},                               \
	    {"jobs", required_argument, NULL, CLI_FLEET_OPT_JOBS},                                 \
	{                                                                                          \
		"timeout", required_argument, NULL, CLI_FLEET_OPT_TIMEOUT                          \
	}

#define CLI_FLEET_HELP                                                                             \
	"many devices at once:\n"                                                                  \
	"  --connect HOST:PORT   repeated: each one a device\n"                                    \
	"  --targets FILE        one device a line: HOST:PORT [TRANSPORT] (spdm-emu socket;\n"     \
	"                        TRANSPORT as --transport), '#' starts a comment\n"                \
	"  --jobs N              worker threads for the signature checks (default: the\n"          \
	"                        number of CPUs)\n"                                                \
	"  --timeout S           per device: fail it after S seconds (default 60)\n"               \
	"                        Results: a table, or with --json one JSON line per device;\n"     \
	"                        exit status 0 only if every device succeeded\n"

/* 0: handled; 1: not one of the fleet options; 2: usage error (printed). */
int cli_parse_fleet_opt(struct cli_conn_opts *o, int c, const char *arg);
/* Several devices named (more than one --connect, or --targets)? */
int cli_is_fleet(const struct cli_conn_opts *o);
/* Run fc over every device named in o; prints the results; the exit status. */
int cli_fleet_run(struct cli_conn_opts *o, const struct fleet_cmd *fc);

#endif
