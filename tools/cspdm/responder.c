/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * cspdm responder: the device emulator. A responder with generated (or loaded) identities,
 * served over the spdm-emu / QEMU spdm-socket protocol: a drop-in for spdm_responder_emu.
 * Pre-shared keys (--psk) are secrets: never printed, zeroed at exit.
 */
#include <errno.h>
#include <getopt.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "capture/capture.h"
#include "capture/pcap_file.h"
#include "cli.h"
#include "conn.h"
#include "codec/spdm.h"
#include "crypto/crypto.h"
#include "crypto/identity.h"
#include "cspdm/responder.h"
#include "cspdm/session.h"
#include "cspdm/transport.h"
#include "io/server.h"
#include "transport/storage.h"
#include "meas_file.h"
#include "rsp_mutual.h"

#define RSP_PSK_MAX 8

struct rsp_opts {
	struct cspdm_server_cfg srv;
	int port_set;
	char dial_host[256];
	struct cspdm_responder_config rc;
	const char *state_dir;
	const char *export_root;
	const char *chain_file[CSPDM_MAX_SLOTS];
	const char *key_file[CSPDM_MAX_SLOTS];
	unsigned slot_count;
	uint8_t cur_slot;
	char san[160];
	const char *cma_san;
	const char *meas_file;
	const char *pcap;
	int no_chunk;		    /* --no-chunk */
	struct cspdm_rsp_pldm pldm; /* the PLDM terminus in MCTP sessions (--pldm-tid) */
	int app;		    /* --app 1, --no-app 0; -1: over PCI DOE */
	struct cspdm_rsp_meas *meas;
	uint8_t meas_count;
	struct cspdm_identity id[CSPDM_MAX_SLOTS];
	struct rsp_mutual mut; /* mutual authentication (rsp_mutual.c) */
	/* --psk / --psk-hint pairs, the n-th hint with the n-th PSK */
	struct cspdm_rsp_psk psks[RSP_PSK_MAX];
	uint8_t psk[RSP_PSK_MAX][CLI_PSK_MAX], hint[RSP_PSK_MAX][CLI_PSK_HINT_MAX];
	unsigned psk_count, hint_count;
	unsigned devices;	      /* --devices N: listeners on N consecutive ports */
	struct cspdm_identity *fleet; /* devices * CSPDM_MAX_SLOTS: [device][slot] */
	unsigned max_clients;	      /* --max-clients */
	int idle_set;		      /* --idle-timeout given */
};

#define DEFAULT_MAX_CLIENTS  64
#define DEFAULT_IDLE_TIMEOUT 60 /* seconds */

static void rsp_usage_psk(FILE *f)
{
	fprintf(f,
		"  --psk HEX             serve PSK sessions with this pre-shared key (1-64 bytes;\n"
		"                        repeat for up to 8 keys); PSK_CAP with context unless\n"
		"                        --cap names PSK or PSK_WITH_CONTEXT\n"
		"  --psk-hint HEX        the PSKHint of the key given by the same-numbered --psk\n"
		"                        (0-64 bytes; a key without one has the empty hint)\n");
}

static void rsp_usage(FILE *f)
{
	fprintf(
	    f,
	    "usage: cspdm responder [options]\n\n"
	    "An emulated SPDM device: serves VCA, GET_DIGESTS, GET_CERTIFICATE, CHALLENGE and\n"
	    "RESPOND_IF_READY (SPDM 1.0-1.4) over the spdm-emu socket protocol, as\n"
	    "spdm_responder_emu does, and over QEMU's spdm-socket backend (NVMe too).\n\n"
	    "options:\n"
	    "  --port P              TCP port (default 2323; 4194 with --transport tcp)\n"
	    "  --bind ADDR           address to listen on (default 127.0.0.1)\n"
	    "  --transport T         none | mctp | doe | nvme | tcp (default mctp); tcp is "
	    "DSP0287,\n"
	    "                        in spdm-emu frames as spdm_responder_emu --trans TCP\n"
	    "  --tcp-raw             tcp: DSP0287 messages alone on the stream, no spdm-emu "
	    "frames\n"
	    "  --dial HOST:PORT      tcp: DSP0287 role inquiry: connect to the requester (which\n"
	    "                        listens, e.g. cspdm authenticate with tcp-listen:PORT),\n"
	    "                        announce this device with ROLE_INQUIRY, serve, exit\n"
	    "  --ver V               highest SPDM version offered: 1.0 .. 1.4 (default 1.4)\n"
	    "  --asym ALG            ECDSA_P256 | ECDSA_P384 | ECDSA_P521 | RSASSA_2048 |\n"
	    "                        RSASSA_3072 | RSASSA_4096 | RSAPSS_2048 | RSAPSS_3072 |\n"
	    "                        RSAPSS_4096 | EDDSA_25519 | EDDSA_448 (default ECDSA_P384)\n"
	    "  --hash H[,H...]       SHA_256 | SHA_384 | SHA_512 | SHA3_256 | SHA3_384 | SHA3_512\n"
	    "                        (default SHA_384,SHA_256,SHA_512)\n"
	    "  --cap C[,C...]        the capabilities offered: CERT, CHAL, MEAS_NO_SIG, MEAS_SIG,\n"
	    "                        ENCRYPT, MAC, KEY_EX, PSK, PSK_WITH_CONTEXT, HBEAT, KEY_UPD,\n"
	    "                        HANDSHAKE_IN_CLEAR, MUT_AUTH, ENCAP (default all but\n"
	    "                        MEAS_NO_SIG, PSK*, MUT_AUTH and ENCAP: --psk adds\n"
	    "                        PSK_WITH_CONTEXT, --mut-auth MUT_AUTH and ENCAP)\n"
	    "  --no-key-ex, --no-encrypt, --no-mac, --no-heartbeat, --no-key-update,\n"
	    "  --no-handshake-in-clear   switch one session capability off\n"
	    "  --sessions N          secure sessions at once (default 4; 0: none)\n"
	    "  --dhe LIST            DHE groups served (default all: SECP_384_R1, SECP_256_R1,\n"
	    "                        SECP_521_R1, FFDHE_3072, FFDHE_2048, FFDHE_4096)\n"
	    "  --aead LIST           AEAD suites served (default AES_256_GCM,\n"
	    "                        CHACHA20_POLY1305, AES_128_GCM)\n"
	    "  --sec-ver LIST        secured-message versions served: 1.0, 1.1, 1.2 (default all)\n"
	    "  --heartbeat-period S  HeartbeatPeriod in KEY_EXCHANGE_RSP (default 60)\n"
	    "  --app, --no-app       serve the PCI-SIG device model in sessions (default: on\n"
	    "                        with --transport doe): IDE_KM for ports 0..7 with 4\n"
	    "                        Selective IDE Streams each, CXL IDE_KM (one stream),\n"
	    "                        TDISP for interface 0xbeef, CXL TSP; in the clear\n"
	    "                        refused (SessionRequired)\n"
	    "  --tsp-secondary N     CXL TSP secondary sessions offered, 0-4 (default 4): PSK\n"
	    "                        sessions with the keys the primary session sets, so\n"
	    "                        PSK_CAP is offered with the device model\n");
	rsp_usage_psk(f);
	fprintf(
	    f,
	    "  --ct-exponent N       CTExponent in CAPABILITIES (default 12)\n"
	    "  --data-transfer-size N  SPDM 1.2+ DataTransferSize, 42 .. 65280 (default 4096):\n"
	    "                        larger messages go in chunks; --no-chunk: no CHUNK_CAP\n"
	    "  --slot-count N        generated identities for slots 0..N-1 (default 1)\n"
	    "  --pci-ids IDS         put the PCIe CMA SAN for vendor:device:class:rev\n"
	    "                        [:ssvid:ssid[:dsn]] (hex) in the leaf certificates\n"
	    "  --state DIR           keep the generated identity in DIR across restarts\n"
	    "  --export-root DIR     write each slot's root certificate as DIR/slotN.pem\n"
	    "  --slot N              the slot the next --cert-chain/--key are for (default 0)\n"
	    "  --cert-chain FILE     the device's own chain (DER or PEM, root first)\n"
	    "  --key FILE            the device's own private key (PEM or DER)\n"
	    "  --measurements FILE   serve these measurements (JSON list of {index, type, raw,\n"
	    "                        text|hex}); default: a built-in set of 7\n" RSP_MUTUAL_HELP
	    "  --pldm-tid N          MCTP: the Terminus ID that PLDM GetTID in a session\n"
	    "                        reports (0..254, default 1)\n"
	    "  --not-ready           answer GET_CERTIFICATE and CHALLENGE first with\n"
	    "                        ResponseNotReady (exercises requesters)\n"
	    "  --keep-running        keep serving after SHUTDOWN (SIGINT or SIGTERM stops it);\n"
	    "                        connections are served at once, each with a device state\n"
	    "                        of its own\n"
	    "  --max-clients N       with --keep-running or --devices: connections served at\n"
	    "                        once (default 64; more wait to be accepted)\n"
	    "  --idle-timeout S      with --keep-running or --devices: close a connection idle\n"
	    "                        for S seconds (default 60; 0: never)\n"
	    "  --devices N           emulate N devices on N consecutive ports from --port, with\n"
	    "                        one root and intermediate CA and a leaf and key each\n"
	    "                        (implies --keep-running)\n"
	    "  --pcap FILE           write every conversation to FILE as a pcap capture (MCTP:\n"
	    "                        link type 291, PCI DOE: 292)\n"
	    "  --verbose             log connections and frames\n"
	    "  -h, --help            this text\n");
}

static int rsp_usage_error(const char *msg, const char *arg)
{
	fprintf(stderr, "cspdm responder: %s%s%s\nTry 'cspdm responder --help'.\n", msg,
		arg ? ": " : "", arg ? arg : "");
	return 2;
}

static uint32_t asym_by_name(const char *s)
{
	uint32_t bit;

	for (bit = 1; bit <= CSPDM_ASYM_EDDSA_448; bit <<= 1)
		if (!strcasecmp(s, cspdm_asym_name(bit)) && bit != CSPDM_ASYM_SM2_P256)
			return bit;
	return 0;
}

static uint32_t hash_by_name(const char *s)
{
	uint32_t bit;

	for (bit = 1; bit <= CSPDM_HASH_SHA3_512; bit <<= 1)
		if (!strcasecmp(s, cspdm_hash_name(bit)))
			return bit;
	return 0;
}

static uint32_t cap_by_name(const char *s)
{
	static const struct {
		const char *name;
		uint32_t flag;
	} caps[] = {{"CERT", SPDM_CAP_CERT},
		    {"CHAL", SPDM_CAP_CHAL},
		    {"MEAS_NO_SIG", SPDM_CAP_MEAS_NO_SIG},
		    {"MEAS_SIG", SPDM_CAP_MEAS_SIG},
		    {"ENCRYPT", SPDM_CAP_ENCRYPT},
		    {"MAC", SPDM_CAP_MAC},
		    {"KEY_EX", SPDM_CAP_KEY_EX},
		    {"PSK", CSPDM_RSP_CAP_PSK},
		    {"PSK_WITH_CONTEXT", CSPDM_RSP_CAP_PSK_CTX},
		    {"HBEAT", SPDM_CAP_HBEAT},
		    {"KEY_UPD", SPDM_CAP_KEY_UPD},
		    {"HANDSHAKE_IN_CLEAR", SPDM_CAP_HANDSHAKE_IN_CLEAR},
		    {"MUT_AUTH", SPDM_CAP_MUT_AUTH},
		    {"ENCAP", SPDM_CAP_ENCAP}};
	size_t i;

	for (i = 0; i < sizeof(caps) / sizeof(caps[0]); i++)
		if (!strcasecmp(s, caps[i].name))
			return caps[i].flag;
	return 0;
}

/* --no-key-ex, --no-encrypt, ...: one capability flag off each. */
static const struct {
	const char *opt;
	uint32_t flag;
} cap_off[] = {{"no-key-ex", SPDM_CAP_KEY_EX},
	       {"no-encrypt", SPDM_CAP_ENCRYPT},
	       {"no-mac", SPDM_CAP_MAC},
	       {"no-heartbeat", SPDM_CAP_HBEAT},
	       {"no-key-update", SPDM_CAP_KEY_UPD},
	       {"no-handshake-in-clear", SPDM_CAP_HANDSHAKE_IN_CLEAR}};

#define OPT_CAP_OFF   0x100 /* getopt values OPT_CAP_OFF + i for cap_off[i] */
#define OPT_NO_CHUNK  0x201
#define OPT_PLDM_TID  0x202
#define OPT_APP	      0x203
#define OPT_NO_APP    0x204
#define OPT_TSP_2ND   0x205
#define RSP_CHUNK_CAP (64u * 1024u) /* chunk storage: our MaxSPDMmsgSize */

static uint32_t dhe_by_name(const char *s)
{
	return cli_parse_dhe(s);
}

static uint32_t aead_by_name(const char *s)
{
	return cli_parse_aead(s);
}

static uint32_t sm_by_name(const char *s)
{
	return !strcmp(s, "1.0")   ? CSPDM_SM_V10
	       : !strcmp(s, "1.1") ? CSPDM_SM_V11
	       : !strcmp(s, "1.2") ? CSPDM_SM_V12
				   : 0;
}

static int parse_number(const char *s, long lo, long hi, long *v)
{
	char *end;

	*v = strtol(s, &end, 10);
	return (*s && !*end && *v >= lo && *v <= hi) ? 0 : -1;
}

static int parse_transport(struct rsp_opts *o, const char *arg)
{
	int t;

	if (!strcasecmp(arg, "nvme")) {
		o->srv.transport = CSPDM_SERVER_NVME;
		return 0;
	}
	t = cspdm_transport_parse(arg);
	if (t < 0)
		return rsp_usage_error("unknown transport", arg);
	o->srv.transport = t;
	return 0;
}

/* Identities, files and behaviour. */
static int parse_rsp_opt_files(struct rsp_opts *o, int c, const char *arg);
static int parse_rsp_opt_many(struct rsp_opts *o, int c, const char *arg);
static int parse_rsp_opt_caps(struct rsp_opts *o, int c, const char *arg);

/* DSP0287: 0, a usage error, or 1 for not one of these. */
static int parse_tcp_opt(struct rsp_opts *o, int c, const char *arg)
{
	if (c == 'D') {
		if (cspdm_parse_hostport(arg, o->dial_host, sizeof(o->dial_host),
					 &o->srv.dial_port))
			return rsp_usage_error("--dial wants HOST:PORT", arg);
		o->srv.dial_host = o->dial_host;
		return 0;
	}
	if (c == 'r') {
		o->srv.tcp_raw = 1;
		return 0;
	}
	return 1;
}

/* Network and protocol. */
static int parse_rsp_opt(struct rsp_opts *o, int c, const char *arg)
{
	long v;
	int rc = parse_tcp_opt(o, c, arg);

	if (rc != 1)
		return rc;
	switch (c) {
	case 'P':
		if (parse_number(arg, 0, 65535, &v))
			return rsp_usage_error("bad port", arg);
		o->srv.port = (uint16_t)v;
		o->port_set = 1;
		return 0;
	case 'B':
		o->srv.bind = arg;
		return 0;
	case 't':
		return parse_transport(o, arg);
	case 'v':
		o->rc.max_version = cli_parse_version(arg);
		return o->rc.max_version ? 0 : rsp_usage_error("version must be 1.0 .. 1.4", arg);
	case 'a': {
		char first[64];

		snprintf(first, sizeof(first), "%.*s", (int)strcspn(arg, ","), arg);
		o->rc.base_asym = asym_by_name(first);
		return o->rc.base_asym ? 0 : rsp_usage_error("unknown --asym", arg);
	}
	case 'H':
		o->rc.base_hash = cli_mask_by_names(arg, hash_by_name);
		return o->rc.base_hash ? 0 : rsp_usage_error("unknown --hash", arg);
	case 'C':
		o->rc.caps = cli_mask_by_names(arg, cap_by_name);
		return o->rc.caps ? 0 : rsp_usage_error("unknown --cap (see --help)", arg);
	case 'N':
		if (parse_number(arg, 0, 64, &v))
			return rsp_usage_error("--sessions must be 0..64", arg);
		o->rc.session_count = (uint8_t)v;
		return 0;
	case 'd':
		o->rc.dhe = (uint16_t)cli_mask_by_names(arg, dhe_by_name);
		return o->rc.dhe ? 0 : rsp_usage_error("unknown --dhe", arg);
	case 'e':
		o->rc.aead = (uint16_t)cli_mask_by_names(arg, aead_by_name);
		return o->rc.aead ? 0 : rsp_usage_error("unknown --aead", arg);
	case 'y':
		o->rc.sm_versions = (uint8_t)cli_mask_by_names(arg, sm_by_name);
		return o->rc.sm_versions ? 0 : rsp_usage_error("--sec-ver: 1.0, 1.1, 1.2", arg);
	case 'b':
		if (parse_number(arg, 0, 255, &v))
			return rsp_usage_error("--heartbeat-period must be 0..255", arg);
		o->rc.heartbeat_period = (uint8_t)v;
		return 0;
	case 'E':
		if (parse_number(arg, 0, 31, &v))
			return rsp_usage_error("--ct-exponent must be 0..31", arg);
		o->rc.ct_exponent = (uint8_t)v;
		return 0;
	default:
		return parse_rsp_opt_files(o, c, arg);
	}
}

/* --psk HEX (its digits overwritten in argv) and --psk-hint HEX, paired in order. */
static int parse_psk_opt(struct rsp_opts *o, int c, char *arg)
{
	struct cspdm_rsp_psk *p;

	if (c == 'q') {
		if (o->psk_count == RSP_PSK_MAX)
			return rsp_usage_error("at most 8 --psk", NULL);
		p = &o->psks[o->psk_count];
		if (cli_parse_psk(arg, o->psk[o->psk_count], &p->psk_len))
			return rsp_usage_error("--psk wants 1-64 bytes in hex", NULL);
		p->psk = o->psk[o->psk_count++];
		return 0;
	}
	if (o->hint_count == RSP_PSK_MAX)
		return rsp_usage_error("at most 8 --psk-hint", NULL);
	p = &o->psks[o->hint_count];
	if (strlen(arg) &&
	    cli_parse_hex_len(arg, o->hint[o->hint_count], CLI_PSK_HINT_MAX, &p->hint_len))
		return rsp_usage_error("--psk-hint wants 0-64 bytes in hex", arg);
	p->hint = o->hint[o->hint_count++];
	return 0;
}

static int parse_rsp_opt_files(struct rsp_opts *o, int c, const char *arg)
{
	long v;

	switch (c) {
	case 'n':
		if (parse_number(arg, 1, CSPDM_MAX_SLOTS, &v))
			return rsp_usage_error("--slot-count must be 1..8", arg);
		o->slot_count = (unsigned)v;
		return 0;
	case 'p':
		if (cli_pci_ids_to_san(arg, o->san, sizeof(o->san)))
			return rsp_usage_error("bad --pci-ids", arg);
		o->cma_san = o->san;
		return 0;
	case 's':
		if (parse_number(arg, 0, CSPDM_MAX_SLOTS - 1, &v))
			return rsp_usage_error("--slot must be 0..7", arg);
		o->cur_slot = (uint8_t)v;
		return 0;
	case 'c':
		o->chain_file[o->cur_slot] = arg;
		return 0;
	case 'k':
		o->key_file[o->cur_slot] = arg;
		return 0;
	case 'S':
		o->state_dir = arg;
		return 0;
	case 'X':
		o->export_root = arg;
		return 0;
	case 'R':
		o->rc.not_ready_mask =
		    (1u << (SPDM_GET_CERTIFICATE & 0x1F)) | (1u << (SPDM_CHALLENGE & 0x1F));
		return 0;
	case 'K':
		o->srv.keep_running = 1;
		return 0;
	case 'V':
		o->srv.verbose = 1;
		return 0;
	case 'M':
		o->meas_file = arg;
		return 0;
	case 'w':
		o->pcap = arg;
		return 0;
	default:
		return parse_rsp_opt_many(o, c, arg);
	}
}

/* Many peers and devices at once. */
static int parse_rsp_opt_many(struct rsp_opts *o, int c, const char *arg)
{
	long v;

	switch (c) {
	case 'G':
		if (parse_number(arg, 1, 4096, &v))
			return rsp_usage_error("--devices must be 1..4096", arg);
		o->devices = (unsigned)v;
		return 0;
	case 'L':
		if (parse_number(arg, 1, 1024, &v))
			return rsp_usage_error("--max-clients must be 1..1024", arg);
		o->max_clients = (unsigned)v;
		return 0;
	case 'I':
		if (parse_number(arg, 0, 86400, &v))
			return rsp_usage_error("--idle-timeout must be 0..86400 seconds", arg);
		o->srv.idle_timeout_us = (uint64_t)v * 1000000u;
		o->idle_set = 1;
		return 0;
	default:
		if (c >= OPT_MUTUAL && c < OPT_MUTUAL + RSP_MUTUAL_OPT_COUNT)
			return rsp_mutual_opt(&o->mut, c - OPT_MUTUAL, arg);
		return parse_rsp_opt_caps(o, c, arg);
	}
}

/* Capabilities off, and chunking. */
static int parse_rsp_opt_caps(struct rsp_opts *o, int c, const char *arg)
{
	if (c == CLI_OPT_DTS)
		return cli_parse_dts("responder", arg, &o->rc.data_transfer_size);
	if (c == OPT_NO_CHUNK) {
		o->no_chunk = 1;
		return 0;
	}
	if (c == OPT_PLDM_TID) {
		long v;

		/* DSP0240: TID 0 is unassigned, 0xFF reserved */
		if (parse_number(arg, 0, 254, &v))
			return rsp_usage_error("--pldm-tid must be 0..254", arg);
		o->pldm.tid = (uint8_t)v;
		return 0;
	}
	if (c == OPT_TSP_2ND) {
		long v;

		if (parse_number(arg, 0, 4, &v))
			return rsp_usage_error("--tsp-secondary must be 0..4", arg);
		o->rc.tsp_secondary = (uint8_t)v;
		return 0;
	}
	if (c == OPT_APP || c == OPT_NO_APP) {
		o->app = c == OPT_APP;
		return 0;
	}
	if (c >= OPT_CAP_OFF && c < OPT_CAP_OFF + (int)(sizeof(cap_off) / sizeof(cap_off[0]))) {
		o->rc.caps &= ~cap_off[c - OPT_CAP_OFF].flag;
		return 0;
	}
	return rsp_usage_error("invalid option", NULL);
}

/* --devices, --keep-running: what concurrent serving excludes, and its server settings. */
static int check_many(struct rsp_opts *o)
{
	unsigned s;

	if (o->devices > 1) {
		for (s = 0; s < CSPDM_MAX_SLOTS; s++)
			if (o->chain_file[s] || o->key_file[s])
				return rsp_usage_error("--devices generates identities: not with "
						       "--cert-chain or --key",
						       NULL);
		if (o->state_dir)
			return rsp_usage_error("--devices is not for --state", NULL);
		if (o->srv.dial_host)
			return rsp_usage_error("--devices listens: not with --dial", NULL);
		o->srv.keep_running = 1;
		o->srv.listeners = o->devices;
	}
	if (o->srv.keep_running && !o->srv.dial_host) {
		o->srv.max_conns = o->max_clients ? o->max_clients : DEFAULT_MAX_CLIENTS;
		if (!o->idle_set)
			o->srv.idle_timeout_us = DEFAULT_IDLE_TIMEOUT * 1000000ull;
	}
	return 0;
}

static const struct option rsp_longopts[] = {
    {"port", required_argument, NULL, 'P'},
    {"bind", required_argument, NULL, 'B'},
    {"transport", required_argument, NULL, 't'},
    {"trans", required_argument, NULL, 't'},
    {"ver", required_argument, NULL, 'v'},
    {"asym", required_argument, NULL, 'a'},
    {"hash", required_argument, NULL, 'H'},
    {"cap", required_argument, NULL, 'C'},
    {"ct-exponent", required_argument, NULL, 'E'},
    {"slot-count", required_argument, NULL, 'n'},
    {"slot_count", required_argument, NULL, 'n'},
    {"pci-ids", required_argument, NULL, 'p'},
    {"slot", required_argument, NULL, 's'},
    {"cert-chain", required_argument, NULL, 'c'},
    {"key", required_argument, NULL, 'k'},
    {"state", required_argument, NULL, 'S'},
    {"export-root", required_argument, NULL, 'X'},
    {"not-ready", no_argument, NULL, 'R'},
    {"keep-running", no_argument, NULL, 'K'},
    {"verbose", no_argument, NULL, 'V'},
    {"measurements", required_argument, NULL, 'M'},
    {"sessions", required_argument, NULL, 'N'},
    {"dhe", required_argument, NULL, 'd'},
    {"aead", required_argument, NULL, 'e'},
    {"sec-ver", required_argument, NULL, 'y'},
    {"heartbeat-period", required_argument, NULL, 'b'},
    {"no-key-ex", no_argument, NULL, OPT_CAP_OFF},
    {"no-encrypt", no_argument, NULL, OPT_CAP_OFF + 1},
    {"no-mac", no_argument, NULL, OPT_CAP_OFF + 2},
    {"no-heartbeat", no_argument, NULL, OPT_CAP_OFF + 3},
    {"no-key-update", no_argument, NULL, OPT_CAP_OFF + 4},
    {"no-handshake-in-clear", no_argument, NULL, OPT_CAP_OFF + 5},
    {"pcap", required_argument, NULL, 'w'},
    {"dial", required_argument, NULL, 'D'},
    {"tcp-raw", no_argument, NULL, 'r'},
    {"psk", required_argument, NULL, 'q'},
    {"psk-hint", required_argument, NULL, 'Q'},
    RSP_MUTUAL_OPTIONS,
    {"data-transfer-size", required_argument, NULL, CLI_OPT_DTS},
    {"no-chunk", no_argument, NULL, OPT_NO_CHUNK},
    {"app", no_argument, NULL, OPT_APP},
    {"no-app", no_argument, NULL, OPT_NO_APP},
    {"tsp-secondary", required_argument, NULL, OPT_TSP_2ND},
    {"devices", required_argument, NULL, 'G'},
    {"max-clients", required_argument, NULL, 'L'},
    {"idle-timeout", required_argument, NULL, 'I'},
    {"pldm-tid", required_argument, NULL, OPT_PLDM_TID},
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0}};

static int parse_rsp_args(struct rsp_opts *o, int argc, char **argv)
{
	int c, rc;

	optind = 1;
	while ((c = getopt_long(argc, argv, "h", rsp_longopts, NULL)) != -1) {
		if (c == 'h') {
			rsp_usage(stdout);
			return -1;
		}
		/* --psk's digits are overwritten in argv once read */
		rc = c == 'q' || c == 'Q' ? parse_psk_opt(o, c, optarg)
					  : parse_rsp_opt(o, c, optarg);
		if (rc)
			return rc;
	}
	if (optind < argc)
		return rsp_usage_error("unexpected argument", argv[optind]);
	if (o->hint_count > o->psk_count)
		return rsp_usage_error("a --psk-hint without its --psk", NULL);
	o->rc.psks = o->psks;
	o->rc.psk_count = (uint8_t)o->psk_count;
	if (o->pcap && cspdm_capture_linktype(o->srv.transport) < 0)
		return rsp_usage_error(
		    "--pcap: captures are of MCTP (link type 291) or PCI DOE (292);"
		    " this transport has no link type",
		    o->pcap);
	if ((o->srv.dial_host || o->srv.tcp_raw) && o->srv.transport != CSPDM_TRANSPORT_TCP)
		return rsp_usage_error("--dial and --tcp-raw are for --transport tcp", NULL);
	if (o->srv.transport == CSPDM_TRANSPORT_TCP && !o->port_set)
		o->srv.port = CSPDM_TCP_DEFAULT_PORT;
	return check_many(o);
}

/* ---- identities --------------------------------------------------------------------------- */

/* A file the user named must be readable: otherwise say which, and why. */
static int readable(const char *opt, const char *path)
{
	if (access(path, R_OK) == 0)
		return 1;
	fprintf(stderr, "cspdm responder: %s %s: %s\n", opt, path, strerror(errno));
	return 0;
}

static cspdm_status slot_identity(struct rsp_opts *o, uint8_t s)
{
	if (o->chain_file[s] || o->key_file[s]) {
		if (!o->chain_file[s] || !o->key_file[s])
			return CSPDM_E_INVALID_ARG;
		if (!readable("--cert-chain", o->chain_file[s]) ||
		    !readable("--key", o->key_file[s]))
			return CSPDM_E_IO;
		return cspdm_identity_load(o->chain_file[s], o->key_file[s], o->rc.base_asym,
					   &o->id[s]);
	}
	if (o->state_dir)
		return cspdm_identity_load_or_generate(o->state_dir, o->rc.base_asym, o->cma_san, s,
						       &o->id[s]);
	return cspdm_identity_generate(o->rc.base_asym, o->cma_san, s, &o->id[s]);
}

static int wanted_slot(const struct rsp_opts *o, uint8_t s)
{
	return s < o->slot_count || o->chain_file[s] || o->key_file[s];
}

/* The identity of device d (0 without --devices) in slot s. */
static const struct cspdm_identity *identity_of(const struct rsp_opts *o, unsigned d, uint8_t s)
{
	return o->fleet ? &o->fleet[(size_t)d * CSPDM_MAX_SLOTS + s] : &o->id[s];
}

static int export_roots(struct rsp_opts *o)
{
	char path[4096];
	uint8_t s;

	if (mkdir(o->export_root, 0755) && errno != EEXIST) {
		perror(o->export_root);
		return -1;
	}
	for (s = 0; s < CSPDM_MAX_SLOTS; s++) {
		if (!identity_of(o, 0, s)->chain)
			continue;
		snprintf(path, sizeof(path), "%s/slot%u.pem", o->export_root, s);
		if (cspdm_identity_export_root(identity_of(o, 0, s), path)) {
			fprintf(stderr, "cspdm responder: cannot write %s\n", path);
			return -1;
		}
	}
	return 0;
}

/* --devices N: slot s of every device, under one root and intermediate CA. */
static cspdm_status fleet_identities(struct rsp_opts *o, uint8_t s)
{
	struct cspdm_identity *tmp = calloc(o->devices, sizeof(*tmp));
	cspdm_status st = CSPDM_E_BUFFER_TOO_SMALL;
	unsigned d;

	if (!o->fleet)
		o->fleet = calloc((size_t)o->devices * CSPDM_MAX_SLOTS, sizeof(*o->fleet));
	if (tmp && o->fleet)
		st = cspdm_identity_generate_fleet(o->rc.base_asym, o->cma_san, s, o->devices, tmp);
	for (d = 0; st == CSPDM_OK && d < o->devices; d++)
		o->fleet[(size_t)d * CSPDM_MAX_SLOTS + s] = tmp[d]; /* now the fleet's */
	free(tmp);
	return st;
}

static void set_slots(struct cspdm_responder_config *rc, const struct rsp_opts *o, unsigned d)
{
	const struct cspdm_identity *id;
	uint8_t s;

	for (s = 0; s < CSPDM_MAX_SLOTS; s++) {
		id = identity_of(o, d, s);
		rc->slots[s].certs = id->chain;
		rc->slots[s].certs_len = id->chain_len;
		rc->slots[s].key = id->key;
	}
}

static void free_identities(struct rsp_opts *o)
{
	size_t i;

	for (i = 0; i < CSPDM_MAX_SLOTS; i++)
		cspdm_identity_free(&o->id[i]);
	for (i = 0; o->fleet && i < (size_t)o->devices * CSPDM_MAX_SLOTS; i++)
		cspdm_identity_free(&o->fleet[i]);
	free(o->fleet);
	o->fleet = NULL;
}

static int load_identities(struct rsp_opts *o)
{
	cspdm_status st;
	uint8_t s;

	for (s = 0; s < CSPDM_MAX_SLOTS; s++) {
		if (!wanted_slot(o, s))
			continue;
		st = o->devices > 1 ? fleet_identities(o, s) : slot_identity(o, s);
		if (st) {
			fprintf(stderr, "cspdm responder: slot %u identity: %s: %s\n", s,
				cspdm_status_name(st), cspdm_strerror(st));
			return -1;
		}
	}
	set_slots(&o->rc, o, 0);
	if (o->meas_file) {
		const char *why;

		if (cli_load_meas_file(o->meas_file, &o->meas, &o->meas_count, &why)) {
			fprintf(stderr, "cspdm responder: --measurements %s: %s\n", o->meas_file,
				why);
			return -1;
		}
		o->rc.meas = o->meas;
		o->rc.meas_count = o->meas_count;
	}
	return o->export_root ? export_roots(o) : 0;
}

/* ---- serving ------------------------------------------------------------------------------- */

struct serve_ctx {
	struct cspdm_responder *r;
	uint32_t max_pad;
	int verbose;
	int untyped; /* NONE: records are told by their SessionID */
	int transport;
	struct cspdm_pcap *pcap; /* --pcap */
	cspdm_status pcap_status;
	pthread_mutex_t *pcap_lock; /* concurrent connections share the capture */
};

static size_t on_secured(void *priv, uint8_t *rec, size_t len, uint8_t *rsp, size_t cap)
{
	struct serve_ctx *sc = priv;
	size_t n = cspdm_responder_process_secured(sc->r, rec, len, sc->max_pad, rsp, cap);
	const cspdm_error *e = cspdm_responder_last_error(sc->r);

	if (sc->verbose)
		fprintf(stderr, "cspdm responder: secured %s -> %zu bytes%s%s\n",
			e->request_code ? cspdm_request_name(e->request_code) : "message", n,
			e->code ? ", " : "", e->code ? cspdm_status_name(e->code) : "");
	return n;
}

/* The server's frame hook: each frame, both ways, into the capture. */
static void on_frame(void *priv, int sent, const uint8_t *frame, size_t len)
{
	struct serve_ctx *sc = priv;
	cspdm_status st;

	(void)sent;
	if (sc->pcap_lock)
		pthread_mutex_lock(sc->pcap_lock);
	st = cspdm_capture_frame(sc->pcap, sc->transport, frame, len);
	if (sc->pcap_lock)
		pthread_mutex_unlock(sc->pcap_lock);
	if (st && !sc->pcap_status) {
		sc->pcap_status = st;
		fprintf(stderr, "cspdm responder: --pcap: writing failed: %s\n",
			st == CSPDM_E_IO ? strerror(errno) : cspdm_strerror(st));
	}
}

/* SIGINT and SIGTERM stop the server within its poll slice (about 100 ms). */
static volatile sig_atomic_t stop_signal;

static void on_stop_signal(int sig)
{
	stop_signal = sig;
}

static void catch_stop_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_stop_signal;
	sigemptyset(&sa.sa_mask);
	/* no SA_RESTART: poll() returns EINTR and the server looks at the flag */
	(void)sigaction(SIGINT, &sa, NULL);
	(void)sigaction(SIGTERM, &sa, NULL);
}

static int on_oob(void *priv, uint32_t command, const uint8_t *payload, size_t len)
{
	struct serve_ctx *sc = priv;

	return rsp_mutual_oob(sc->r, sc->verbose, command, payload, len);
}

static void on_connect(void *priv)
{
	struct serve_ctx *sc = priv;

	cspdm_responder_reset(sc->r);
}

static size_t on_request(void *priv, uint8_t *req, size_t len, uint8_t *rsp, size_t cap)
{
	struct serve_ctx *sc = priv;
	const cspdm_error *e = cspdm_responder_last_error(sc->r);
	size_t n;

	if (sc->untyped && cspdm_responder_is_secured(sc->r, req, len))
		return on_secured(priv, req, len, rsp, cap);
	n = cspdm_responder_process(sc->r, req, len, sc->max_pad, rsp, cap);

	if (sc->verbose && n >= 4 && rsp[1] == SPDM_ERROR)
		fprintf(stderr, "cspdm responder: %s -> ERROR %s (%s%s%s)\n",
			len >= 2 ? cspdm_request_name(req[1]) : "(short)",
			cspdm_device_error_name(rsp[2]), cspdm_status_name(e->code),
			e->field ? ", field " : "", e->field ? e->field : "");
	else if (sc->verbose && len >= 2 && n >= 2)
		fprintf(stderr, "cspdm responder: %s -> %s\n", cspdm_request_name(req[1]),
			cspdm_request_name(rsp[1]));
	return n;
}

static int open_capture(const struct rsp_opts *o, struct serve_ctx *sc)
{
	char why[256];
	cspdm_error err;

	if (cspdm_pcap_create(&sc->pcap, o->pcap, cspdm_capture_linktype(o->srv.transport), &err,
			      why, sizeof(why)) == CSPDM_OK)
		return 0;
	fprintf(stderr, "cspdm responder: --pcap %s: %s\n", o->pcap, why);
	return -1;
}

/* Listen, say where, and serve until SHUTDOWN (unless --keep-running), SIGINT or SIGTERM. */
/* What is served where; the bound port, so that --port 0 (any free port) can be found by a
 * script. */
static void print_banner(const struct rsp_opts *o, uint16_t port)
{
	const char *t = o->srv.transport == CSPDM_SERVER_NVME
			    ? "nvme"
			    : cspdm_transport_name((enum cspdm_transport)o->srv.transport);

	fprintf(stderr, "cspdm responder: %s%s, SPDM up to %u.%u, %s, ", t,
		o->srv.tcp_raw ? " (raw DSP0287)" : "", o->rc.max_version >> 4,
		o->rc.max_version & 0xF, cspdm_asym_name(o->rc.base_asym));
	if (o->srv.dial_host)
		fprintf(stderr, "dialing %s:%u\n", o->srv.dial_host, (unsigned)o->srv.dial_port);
	else
		fprintf(stderr, "listening on %s:%u\n", o->srv.bind ? o->srv.bind : "127.0.0.1",
			(unsigned)port);
}

/* ---- concurrent connections: a device state each ------------------------------------------ */

struct many {
	struct rsp_opts *o;
	struct serve_ctx *proto; /* what every connection's serve_ctx starts as */
};

struct conn_state {
	struct serve_ctx sc; /* first: the handler's priv */
	struct cspdm_responder_config rc;
	void *mem, *session_mem, *app_mem;
	uint8_t *chunk_buf, *req_cert_buf; /* a connection's own: never shared across threads */
};

static void conn_close(void *priv, void *conn)
{
	struct conn_state *c = conn;

	(void)priv;
	if (!c)
		return;
	if (c->sc.r)
		cspdm_responder_deinit(c->sc.r);
	free(c->mem);
	free(c->session_mem);
	free(c->chunk_buf);
	free(c->req_cert_buf);
	free(c->app_mem);
	free(c);
}

/* A responder of its own for a new connection to device d. */
static void *conn_open(void *priv, unsigned d)
{
	const struct many *m = priv;
	struct conn_state *c = calloc(1, sizeof(*c));

	if (!c)
		return NULL;
	c->sc = *m->proto;
	c->rc = m->o->rc;
	set_slots(&c->rc, m->o, d);
	c->mem = aligned_alloc(8, (cspdm_responder_size() + 7) & ~(size_t)7);
	c->session_mem = c->rc.session_count
			     ? aligned_alloc(8, c->rc.session_count * cspdm_session_size())
			     : NULL;
	c->rc.session_mem = c->session_mem;
	c->chunk_buf = c->rc.chunk_buf ? malloc(c->rc.chunk_cap) : NULL;
	c->rc.chunk_buf = c->chunk_buf;
	c->req_cert_buf = c->rc.req_cert_buf ? malloc(c->rc.req_cert_cap) : NULL;
	c->rc.req_cert_buf = c->req_cert_buf;
	c->app_mem = c->rc.app_mem ? aligned_alloc(8, c->rc.app_mem_len) : NULL;
	c->rc.app_mem = c->app_mem; /* each connection's device state is its own */
	c->sc.r = NULL;
	if (!c->mem || (c->rc.session_count && !c->session_mem) ||
	    (m->o->rc.chunk_buf && !c->chunk_buf) || (m->o->rc.req_cert_buf && !c->req_cert_buf) ||
	    (m->o->rc.app_mem && !c->app_mem) ||
	    cspdm_responder_init(&c->sc.r, c->mem, cspdm_responder_size(), &c->rc) != CSPDM_OK) {
		conn_close(NULL, c);
		return NULL;
	}
	return c;
}

static int listen_and_run(struct rsp_opts *o, struct serve_ctx *sc)
{
	struct cspdm_server_handler h = {0};
	struct cspdm_server *srv;
	struct many m = {o, sc};
	uint16_t port = 0;
	cspdm_status st;

	h.priv = sc;
	h.on_connect = on_connect;
	h.process = on_request;
	h.process_secured = on_secured;
	h.on_frame = sc->pcap ? on_frame : NULL;
	h.oob = on_oob;
	if (o->srv.max_conns > 1) {
		h.priv = &m;
		h.conn_open = conn_open;
		h.conn_close = conn_close;
	}
	o->srv.stop = (volatile int *)&stop_signal;
	if (cspdm_server_open(&srv, &o->srv, &h, &port) != CSPDM_OK) {
		fprintf(stderr, "cspdm responder: listen on %s:%u: %s\n",
			o->srv.bind ? o->srv.bind : "127.0.0.1", (unsigned)o->srv.port,
			strerror(errno));
		return 1;
	}
	print_banner(o, port);
	if (o->devices > 1)
		fprintf(stderr, "cspdm responder: %u devices on ports %u..%u\n", o->devices,
			(unsigned)port, (unsigned)cspdm_server_port(srv, o->devices - 1));
	st = cspdm_server_run(srv);
	cspdm_server_close(srv);
	if (stop_signal)
		fprintf(stderr, "cspdm responder: %s: stopped\n",
			stop_signal == SIGINT ? "SIGINT" : "SIGTERM");
	if (st)
		fprintf(stderr, "cspdm responder: %s: %s\n", cspdm_status_name(st),
			cspdm_strerror(st));
	return st ? 1 : 0;
}

/* The PCI-SIG device model: IDE_KM ports 0..7 with 4 streams each, TDISP interface 0xbeef (as
 * the reference requester asks for), CXL TSP with --tsp-secondary sessions. */
static void rsp_app_config(struct cspdm_responder_config *rc, int on)
{
	rc->ide_max_port = 7;
	rc->ide_streams = 4;
	rc->tdi_count = 1;
	rc->tdi_ids[0] = 0xbeef;
	rc->cxl_tsp = (uint8_t)(on != 0);
	if (!on)
		rc->tsp_secondary = 0;
	rc->app_mem_len = (cspdm_responder_app_size(rc->ide_max_port, rc->ide_streams) + 7) &
			  ~(size_t)7; /* aligned_alloc wants a multiple of the alignment */
	rc->app_mem = on ? aligned_alloc(8, rc->app_mem_len) : NULL;
}

static int serve(struct rsp_opts *o, const struct cspdm_crypto_ops *ops)
{
	static pthread_mutex_t pcap_lock = PTHREAD_MUTEX_INITIALIZER;
	struct serve_ctx sc;
	void *mem = aligned_alloc(8, (cspdm_responder_size() + 7) & ~(size_t)7);
	cspdm_status st;
	int rc;

	memset(&sc, 0, sizeof(sc));
	o->rc.crypto = ops;
	o->rc.session_mem = o->rc.session_count
				? aligned_alloc(8, o->rc.session_count * cspdm_session_size())
				: NULL;
	if (o->srv.transport != CSPDM_SERVER_NVME)
		cspdm_transport_secured_binding((enum cspdm_transport)o->srv.transport,
						&o->rc.binding);
	else
		cspdm_storage_secured_binding(&o->rc.binding); /* DSP0286 */
	if (o->app < 0)
		o->app = o->srv.transport == CSPDM_TRANSPORT_PCI_DOE;
	rsp_app_config(&o->rc, o->app);
	o->rc.chunk_buf = o->no_chunk ? NULL : malloc(RSP_CHUNK_CAP);
	o->rc.chunk_cap = o->rc.chunk_buf ? RSP_CHUNK_CAP : 0;
	o->rc.max_msg_size = RSP_CHUNK_CAP;
	o->rc.app_message = cspdm_responder_pldm; /* PLDM in MCTP sessions (DSP0275) */
	o->rc.app_priv = &o->pldm;
	st = mem && (o->rc.session_mem || !o->rc.session_count) &&
		     (o->rc.chunk_buf || o->no_chunk) && (o->rc.app_mem || !o->app)
		 ? cspdm_responder_init(&sc.r, mem, cspdm_responder_size(), &o->rc)
		 : CSPDM_E_BUFFER_TOO_SMALL;
	if (st) {
		fprintf(stderr, "cspdm responder: %s: %s\n", cspdm_status_name(st),
			cspdm_strerror(st));
		free(mem);
		free(o->rc.session_mem);
		free(o->rc.chunk_buf);
		free(o->rc.app_mem);
		return 1;
	}
	sc.max_pad = o->srv.transport == CSPDM_TRANSPORT_PCI_DOE ? 3 : 0;
	sc.verbose = o->srv.verbose;
	sc.untyped = o->srv.transport == CSPDM_TRANSPORT_NONE;
	sc.transport = o->srv.transport;
	sc.pcap_lock = &pcap_lock;
	rc = o->pcap && open_capture(o, &sc) ? 1 : listen_and_run(o, &sc);
	cspdm_pcap_close(sc.pcap);
	cspdm_responder_deinit(sc.r);
	free(mem);
	free(o->rc.session_mem);
	free(o->rc.chunk_buf);
	free(o->rc.app_mem);
	return rc;
}

int cmd_responder(int argc, char **argv)
{
	struct rsp_opts *o = calloc(1, sizeof(*o));
	struct cspdm_openssl *ossl = NULL;
	int rc;

	if (!o)
		return 1;
	cspdm_responder_config_defaults(&o->rc);
	o->rc.caps |= CSPDM_RSP_CAPS_SESSIONS;
	o->rc.session_count = 4;
	o->rc.heartbeat_period = 60;
	o->srv.port = CSPDM_EMU_DEFAULT_PORT;
	o->srv.transport = CSPDM_TRANSPORT_MCTP;
	o->app = -1;
	o->rc.tsp_secondary = 4;
	o->slot_count = 1;
	o->pldm.tid = 1;
	signal(SIGPIPE, SIG_IGN);
	catch_stop_signals();
	rc = parse_rsp_args(o, argc, argv);
	if (rc == -1) {
		cspdm_memzero(o->psk, sizeof(o->psk));
		free(o);
		return 0;
	}
	if (rc == 0)
		rc = rsp_mutual_setup(&o->mut, &o->rc, o->srv.verbose);
	if (rc == 0)
		rc = cspdm_openssl_new(&ossl, NULL) ? 1 : 0;
	if (rc == 0)
		rc = load_identities(o) ? 1 : 0;
	if (rc == 0)
		rc = serve(o, cspdm_openssl_ops(ossl));
	free_identities(o);
	cli_free_meas(o->meas, o->meas_count);
	rsp_mutual_free(&o->mut);
	cspdm_openssl_free(ossl);
	cspdm_memzero(o->psk, sizeof(o->psk));
	free(o);
	return rc;
}
