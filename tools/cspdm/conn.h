/* SPDX-License-Identifier: BSD-3-Clause */
/* What authenticate, measure and revalidate share: options and a connected requester. */
#ifndef CSPDM_CLI_CONN_H
#define CSPDM_CLI_CONN_H

#include <getopt.h>

#include "cli.h"
#include "cspdm/responder.h"
#include "cspdm/device.h"
#include "cspdm/transport.h"
#include "capture/capture.h"
#include "crypto/crypto.h"
#include "evidence/evidence.h"

#define CLI_MAX_CONNECT 256 /* --connect given more often: use --targets */

struct cli_conn_opts {
	const char *cmd;
	const char *connect;
	const char *device;	    /* --device URI (cspdm/device.h) */
	const char *target;	    /* what to name the device by: the URI or HOST:PORT */
	struct cspdm_dev_addr addr; /* --device, parsed */
	const char *trust;
	const char *evidence_dir;
	const char *pcap; /* --pcap FILE */
	int transport;
	int json;
	struct cspdm_config cfg;
	const char *req_chain, *req_key; /* --req-cert-chain, --req-key: our identity */
	char san[160];
	char
	    where[320]; /* what failed to start ("connect HOST:PORT", "--trust PATH"), for errors */
	/* many devices (fleet.h) */
	const char *connects[CLI_MAX_CONNECT]; /* every --connect, in order */
	unsigned n_connect;
	const char *devices[CLI_MAX_CONNECT]; /* every --device, in order */
	unsigned n_device;
	const char *targets; /* --targets FILE */
	unsigned jobs;	     /* --jobs (0: the number of CPUs) */
	uint64_t dev_timeout_us;
};

#define CLI_OPT_REQ_CHAIN 0x300
#define CLI_OPT_REQ_KEY	  0x301
#define CLI_OPT_REQ_SLOT  0x302
/* getopt value of --data-transfer-size (no short option) */
#define CLI_OPT_DTS 0x200
/* its range: SPDM 1.2's minimum, and what our receive buffers hold */
#define CLI_DTS_MIN 42
#define CLI_DTS_MAX 65280
/* getopt's value for --device: not a letter, so no command's own option collides with it */
#define CLI_OPT_DEVICE 0x100

/* The long options every device command takes (see cli_parse_conn_opt). */
#define CLI_CONN_OPTIONS                                                                           \
	{"connect", required_argument, NULL, 'c'},                                                 \
	    {"device", required_argument, NULL, CLI_OPT_DEVICE},                                   \
	    {"transport", required_argument, NULL, 't'}, {"trust", required_argument, NULL, 'T'},  \
	    {"slot", required_argument, NULL, 's'}, {"pci-ids", required_argument, NULL, 'p'},     \
	    {"ver", required_argument, NULL, 'v'}, {"min-ver", required_argument, NULL, 'm'},      \
	    {"nonce", required_argument, NULL, 'n'},                                               \
	    {"req-context", required_argument, NULL, 'x'},                                         \
	    {"evidence", required_argument, NULL, 'e'}, {"json", no_argument, NULL, 'j'},          \
	    {"pcap", required_argument, NULL, 'w'},                                                \
	    {"req-cert-chain", required_argument, NULL, CLI_OPT_REQ_CHAIN},                        \
	    {"req-key", required_argument, NULL, CLI_OPT_REQ_KEY},                                 \
	    {"req-slot", required_argument, NULL, CLI_OPT_REQ_SLOT},                               \
	    {"data-transfer-size", required_argument, NULL, CLI_OPT_DTS},                          \
	{                                                                                          \
		"help", no_argument, NULL, 'h'                                                     \
	}

#define CLI_CONN_HELP                                                                              \
	"  --device URI          the device: pci:[DDDD:]BB:DD.F[@OFFSET] (PCIe DOE mailbox),\n"    \
	"                        nvme:/dev/nvmeN[nM], scsi:/dev/sgN, mctp:[NET:]EID,\n"            \
	"                        tcp:HOST:PORT[,raw] (DSP0287), tcp-listen:[HOST:]PORT[,raw]\n"    \
	"                        (DSP0287 role inquiry: the device dials in)\n"                    \
	"  --connect HOST:PORT   or the device's spdm-emu socket (spdm_responder_emu, QEMU,\n"     \
	"                        cspdm responder), with\n"                                         \
	"  --transport T         none | mctp | doe | tcp (default mctp)\n"                         \
	"  --trust PATH          trusted roots: a PEM or DER file, or a directory of them\n"       \
	"                        (*.pem, *.crt, *.cer, *.cert, *.der)\n"                           \
	"  --slot N              certificate slot 0..7 (default 0)\n"                              \
	"  --pci-ids IDS         require the PCIe CMA SAN for vendor:device:class:rev\n"           \
	"                        [:ssvid:ssid[:dsn]] (hex)\n"                                      \
	"  --ver V, --min-ver V  highest / lowest SPDM version: 1.0 .. 1.4\n"                      \
	"  --nonce HEX           use this 32-byte nonce (64 hex digits) for CHALLENGE and\n"       \
	"                        GET_MEASUREMENTS\n"                                               \
	"  --req-context HEX     the 8-byte RequesterContext (SPDM 1.3+), 16 hex digits\n"         \
	"  --evidence DIR        write the evidence bundle (chains, transcripts, nonces,\n"        \
	"                        signatures, measurements, evidence.json) to DIR\n"                \
	"  --pcap FILE           write the conversation to FILE as a pcap capture (MCTP: link\n"   \
	"                        type 291, PCI DOE: 292; not with --transport none)\n"             \
	"  --req-cert-chain FILE our own certificate chain (DER or PEM, root first) for\n"         \
	"                        mutual authentication, with --req-key FILE (its leaf's\n"         \
	"                        private key) and --req-slot N (its slot, default 0)\n"            \
	"  --data-transfer-size N  our DataTransferSize (SPDM 1.2+; 42 .. 65280, default\n"        \
	"                        4096): larger messages go in chunks (CHUNK_SEND, CHUNK_GET)\n"    \
	"  --json                print the result as JSON\n"                                       \
	"  -h, --help            this text\n"

void cli_conn_defaults(struct cli_conn_opts *o, const char *cmd);
/* 0: handled; 1: not a connection option; 2: usage error (already printed). */
int cli_parse_conn_opt(struct cli_conn_opts *o, int c, const char *arg);
int cli_usage_error(const char *cmd, const char *msg, const char *arg);
/* --data-transfer-size N into *dts: 0, or 2 after a usage error. */
int cli_parse_dts(const char *cmd, const char *arg, uint32_t *dts);
/* After parsing: required options present and consistent. 0 or 2. */
int cli_check_conn_opts(struct cli_conn_opts *o);

struct cli_conn {
	struct cspdm_openssl *ossl;
	struct cspdm_x509_cache *cache; /* the chain, parsed once: validation and the summary */
	const struct cspdm_crypto_ops *ops;
	struct cspdm_emu_client *client; /* --connect */
	struct cspdm_device *dev;	 /* --device */
	const struct cspdm_io *io; /* the connection's, or the capture tap around it (--pcap) */
	struct cspdm_pcap *pcap;
	struct cspdm_capture_io *tap;
	const char *cmd, *pcap_path;
	cspdm_error err;    /* cli_conn_error's copy */
	const char *target; /* the device's name, for messages */
	char dev_what[320]; /* err.field for what the device's back-end said */
	struct cspdm_context *ctx;
	struct cspdm_evidence *evidence;
	void *mem;
	uint8_t *cert, *rx, *meas, *transcript, *encap_tx, *chunk;
	struct cspdm_identity req_id; /* --req-cert-chain / --req-key */
};

/* Crypto backend, buffers, context and the connection (and the capture). On failure *err says
 * why; its field may point into o->where. Flows run over s->io. */
cspdm_status cli_conn_open(struct cli_conn *s, struct cli_conn_opts *o, cspdm_error *err);
void cli_conn_close(struct cli_conn *s);
/* The context's last error; for an I/O failure, with what the connection saw (recv: ...). */
const cspdm_error *cli_conn_error(struct cli_conn *s);
/* The transport's name for output: "mctp", "pci_doe", "nvme", ... */
const char *cli_conn_transport_name(const struct cli_conn_opts *o);
/* The name of a --device back-end's transport, as cli_conn_transport_name gives it. */
const char *cli_dev_kind_name(enum cspdm_dev_kind kind);
/* What a device's back-end said, as err's field ("<target>: <what>[; NVMe status ...]", in
 * buf) and os_error. */
void cli_device_error(const char *target, const struct cspdm_dev_error *d, cspdm_error *err,
		      char *buf, size_t cap);
/* Write the evidence bundle if --evidence was given; prints where. 0 or 1. */
int cli_conn_write_evidence(struct cli_conn *s, const struct cli_conn_opts *o);

/* "1.2", names of algorithms... as JSON-friendly text */
void cli_hex(char *out, const uint8_t *d, size_t n);

/* ---- auth_report.c: what authenticate says about a device ---- */
const char *cli_outcome_name(enum cspdm_auth_outcome o);
/* The text report; the chain's subjects and SANs come from the cache (may be NULL). */
void cli_print_auth(const char *target, const char *transport, const char *expected_san,
		    const struct cspdm_result *r, struct cspdm_x509_cache *cache);
json_t *cli_json_error(const cspdm_error *e);
/* The JSON object of an authentication; e: the failure, or NULL. */
json_t *cli_auth_json(const char *target, const char *transport, const struct cspdm_result *r,
		      const cspdm_error *e, struct cspdm_x509_cache *cache);
/* Print (indented, or on one line) and release root. */
void cli_json_print(json_t *root, int one_line);

#endif
