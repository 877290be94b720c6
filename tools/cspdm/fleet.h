/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Many devices from one process (authenticate, measure, revalidate with several --connect or
 * --device, or --targets). One thread runs a poll() loop over every spdm-emu socket
 * (HOST:PORT targets, non-blocking) and does their I/O only; each reply is handed, with its
 * device's context, to one of --jobs worker threads, which runs cspdm_step (hashing and the
 * signature checks, the cost) and hands back the next request. The --device back-ends (a
 * config-space DOE mailbox, NVMe and SCSI ioctls, AF_MCTP, DSP0287) are blocking calls, not
 * pollable sockets: each such device is driven whole by one of at most --jobs device threads,
 * with the same steps and the back-end's blocking send and recv. A device's timeouts are its
 * own: the reply timeout of each request (cspdm_action.timeout_us), and --timeout for the
 * whole device. One OpenSSL backend and one certificate cache serve every device.
 */
#ifndef CSPDM_CLI_FLEET_H
#define CSPDM_CLI_FLEET_H

#include "conn.h"

struct fleet_dev;

/* May a --targets line carry identity=PATH (the device's saved identity)? */
enum fleet_identity {
	FLEET_ID_NONE,	   /* no: a line that has one is refused */
	FLEET_ID_OPTIONAL, /* yes (a line without one: the command knows where to look) */
	FLEET_ID_REQUIRED, /* every line must */
};

/* What the command does with each device. dev is the command's own state of the device (made
 * by open, NULL without one). */
struct fleet_cmd {
	void *arg;
	enum fleet_identity identity;
	/* May be NULL. Called (by the loop's thread) when the device starts, with its identity=
	 * (or NULL): its state into *dev. A failure fails the device alone, why saying why. */
	cspdm_status (*open)(void *arg, const char *target, const char *identity, void **dev,
			     char *why, size_t why_cap);
	void (*close)(void *arg, void *dev);
	/* Begin flow number phase (0, 1, ...) on ctx; *begun = 0 when there is none left. */
	cspdm_status (*begin)(void *arg, void *dev, struct cspdm_context *ctx, unsigned phase,
			      int *begun);
	/* The device's JSON object (st: how it ended; e: the failure or NULL; ctx NULL if the
	 * device failed before it had one). */
	json_t *(*json)(void *arg, void *dev, const char *target, const char *transport,
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
	"  --connect HOST:PORT   repeated: each one a device (spdm-emu socket)\n"                  \
	"  --device URI          repeated: each one a device (not with --connect)\n"               \
	"  --targets FILE        one device a line ('#' starts a comment):\n"                      \
	"                          HOST:PORT [TRANSPORT]  an spdm-emu socket (TRANSPORT as\n"      \
	"                                                 --transport)\n"                          \
	"                          device=URI             a device as --device; a URI that\n"      \
	"                                                 starts pci: nvme: scsi: mctp: tcp:\n"    \
	"                                                 or tcp-listen: may stand alone\n"        \
	"  --jobs N              worker threads for the signature checks, and at most N\n"         \
	"                        --device targets at once, one thread each (default: the\n"        \
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
