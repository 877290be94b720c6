/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * cspdm session: authenticate, open a secure session (KEY_EXCHANGE, FINISH; or with a PSK,
 * PSK_EXCHANGE, PSK_FINISH), use it (HEARTBEAT, KEY_UPDATE, measurements, digests and
 * certificates inside it) and END_SESSION. A PSK is a secret: it is zeroed once the session is
 * open, and never printed.
 */
#include "app.h"
#include "core/app_flow.h"
#include <errno.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "codec/spdm.h"
#include "conn.h"
#include "cspdm/session.h"

#define TX_CAP 8192

struct sess_opts {
	struct cli_conn_opts c;
	struct cspdm_session_config scfg;
	int heartbeat, key_update, measure, chain, no_auth, end_clear, encap;
	uint8_t psk[CLI_PSK_MAX], hint[CLI_PSK_HINT_MAX];
	size_t psk_len, hint_len;
	int have_hint;
	struct cli_app_opts app; /* cspdm ide / tdisp */
};

struct sess_run {
	struct cli_conn conn;
	struct cspdm_session *s;
	void *mem;
	uint8_t *tx;
	json_t *steps; /* --json */
	int failed;
};

/* The subcommand a kind of run is (app.kind: an app_flow_kind, or -1 for cspdm session). */
static int is_ide(int kind)
{
	return kind == APP_FLOW_IDE_SETUP || kind == APP_FLOW_IDE_STOP;
}

static int is_cxl_ide(int kind)
{
	return kind == APP_FLOW_CXL_IDE_SETUP || kind == APP_FLOW_CXL_IDE_STOP;
}

static const char *sess_cmd(int kind)
{
	if (kind == APP_FLOW_TDISP)
		return "tdisp";
	if (is_cxl_ide(kind))
		return "cxl-ide";
	if (kind == APP_FLOW_CXL_TSP)
		return "cxl-tsp";
	return is_ide(kind) ? "ide" : "session";
}

static void cxl_usage_head(FILE *f, int kind)
{
	if (is_cxl_ide(kind))
		fprintf(
		    f,
		    "usage: cspdm cxl-ide --device URI | --connect HOST:PORT [--stream N] "
		    "[--stop]\n"
		    "                     [session options]\n\n"
		    "Open a session (as cspdm session), then program CXL.cachemem IDE keys with\n"
		    "CXL IDE_KM inside it: QUERY, GET_KEY when the device generates keys or IVs,\n"
		    "KEY_PROG RX and TX (fresh keys unless the device generates them), K_SET_GO\n"
		    "RX and TX; with --stop, QUERY then K_SET_STOP RX and TX. Keys are never\n"
		    "printed.\n\n");
	else
		fprintf(
		    f,
		    "usage: cspdm cxl-tsp --device URI | --connect HOST:PORT [session options]\n\n"
		    "Open a session (as cspdm session), then run CXL TSP inside it: version,\n"
		    "capabilities, set configuration (with fresh PSKs for the secondary sessions\n"
		    "the device offers), get configuration, the configuration report, lock, get\n"
		    "configuration, set TE state 1 then 0. Then each secondary session: a PSK\n"
		    "session with its PSK, the same without set and lock, END_SESSION. PSKs are\n"
		    "never printed.\n\n");
}

static void sess_usage_head(FILE *f, int kind)
{
	if (kind >= APP_FLOW_CXL_IDE_SETUP)
		cxl_usage_head(f, kind);
	else if (kind == APP_FLOW_TDISP)
		fprintf(
		    f,
		    "usage: cspdm tdisp --device URI | --connect HOST:PORT [--interface ID]\n"
		    "                   [--steps LIST] [session options]\n\n"
		    "Open a session (as cspdm session), then run TDISP for one TEE device\n"
		    "interface inside it: GET_VERSION, GET_CAPABILITIES, LOCK_INTERFACE, the\n"
		    "interface report in portions, START_INTERFACE, its state, "
		    "STOP_INTERFACE;\n"
		    "the state after each. --steps picks some of lock, report, start, stop.\n\n");
	else if (is_ide(kind))
		fprintf(
		    f, "usage: cspdm ide --device URI | --connect HOST:PORT [--stream N] [--stop]\n"
		       "                 [session options]\n\n"
		       "Open a session (as cspdm session), then program PCIe IDE stream keys with\n"
		       "IDE_KM inside it: QUERY, KEY_PROG of fresh keys for every substream (PR,\n"
		       "NPR, CPL) and direction, K_SET_GO; with --stop, K_SET_STOP instead. Keys\n"
		       "are never printed.\n\n");
	else
		fprintf(
		    f,
		    "usage: cspdm session --device URI | --connect HOST:PORT [options]\n\n"
		    "Authenticate the device, open an SPDM secure session with it (KEY_EXCHANGE,\n"
		    "signed by the device over the transcript, then FINISH; DSP0277 secured\n"
		    "messages), do each step asked for inside the session, then END_SESSION.\n"
		    "With --psk the session is a PSK session instead (PSK_EXCHANGE, "
		    "PSK_FINISH).\n\n");
}

static void sess_usage(FILE *f, int kind)
{
	sess_usage_head(f, kind);
	fprintf(
	    f, "options:\n" CLI_CONN_HELP
	       "  --dhe LIST            offer only these DHE groups: SECP_256_R1, SECP_384_R1,\n"
	       "                        SECP_521_R1, FFDHE_2048, FFDHE_3072, FFDHE_4096\n"
	       "  --aead LIST           offer only these: AES_128_GCM, AES_256_GCM,\n"
	       "                        CHACHA20_POLY1305\n"
	       "  --sec-ver V           offer only this secured-message version: 1.0, 1.1, 1.2\n"
	       "  --psk HEX             open a PSK session (PSK_EXCHANGE, PSK_FINISH) with this\n"
	       "                        pre-shared key (1-64 bytes); no certificate is needed:\n"
	       "                        without --trust (or with --no-auth) only VCA runs first\n"
	       "  --psk-hint HEX        the PSKHint that names the key to the device (0-64 bytes)\n"
	       "  --no-auth             no CHALLENGE first: the chain is fetched and checked,\n"
	       "                        and KEY_EXCHANGE_RSP's signature authenticates\n"
	       "  --heartbeat           one HEARTBEAT\n"
	       "  --key-update          UpdateKey, then UpdateAllKeys, each with VerifyNewKey\n"
	       "  --measure             measurements (one by one) inside the session: signed,\n"
	       "                        or unsigned when no certificate chain is known (PSK)\n"
	       "  --chain               GET_DIGESTS and GET_CERTIFICATE inside the session\n"
	       "  --encap               GET_ENCAPSULATED_REQUEST inside the session, and\n"
	       "                        answer what the device asks (KEY_UPDATE, GET_DIGESTS,\n"
	       "                        GET_CERTIFICATE); needs --req-cert-chain\n"
	       "  --end-clear           END_SESSION asks the device to clear the negotiated\n"
	       "                        state (default: keep it)\n"
	       "  --stream N            cspdm ide, cxl-ide: the IDE stream ID (default 0)\n"
	       "  --stop                cspdm ide, cxl-ide: K_SET_STOP instead of the setup\n"
	       "  --interface ID        cspdm tdisp: the interface's FUNCTION_ID (default 0xbeef)\n"
	       "  --steps LIST          cspdm tdisp: which of lock,report,start,stop (default\n"
	       "                        all; start needs lock: its nonce); e.g. stop alone\n"
	       "                        brings an interface in ERROR back to CONFIG_UNLOCKED\n\n"
	       "exit status: 0 every step succeeded, 1 a step failed, 2 usage error\n");
}

static int parse_sec_ver(struct sess_opts *o, const char *arg)
{
	static const char *const names[] = {"1.0", "1.1", "1.2"};
	unsigned i;

	for (i = 0; i < 3; i++)
		if (!strcmp(arg, names[i])) {
			o->scfg.sm_versions = (uint8_t)(1u << i);
			return 0;
		}
	return cli_usage_error(sess_cmd(o->app.kind), "--sec-ver must be 1.0, 1.1 or 1.2", arg);
}

/* --psk and --psk-hint: the PSK's digits are overwritten in argv once read. */
static int parse_psk_opt(struct sess_opts *o, int c, char *arg)
{
	if (c == 'P')
		return cli_parse_psk(arg, o->psk, &o->psk_len)
			   ? cli_usage_error(sess_cmd(o->app.kind), "--psk wants 1-64 bytes in hex",
					     NULL)
			   : 0;
	if (strlen(arg) && cli_parse_hex_len(arg, o->hint, sizeof(o->hint), &o->hint_len))
		return cli_usage_error(sess_cmd(o->app.kind), "--psk-hint wants 0-64 bytes in hex",
				       arg);
	o->have_hint = 1;
	return 0;
}

/* --stream, --stop (cspdm ide) and --interface (cspdm tdisp): getopt values apart from the
 * connection options' letters (CLI_CONN_OPTIONS uses 'T' for --trust). */
#define OPT_STREAM    0x400
#define OPT_STOP      0x401
#define OPT_INTERFACE 0x402
#define OPT_STEPS     0x403

/* --steps lock,report,start,stop: APP_TD_* (0: not a list of them). */
static uint8_t parse_td_steps(const char *arg)
{
	static const char *const names[] = {"lock", "report", "start", "stop"};
	char buf[64], *tok, *save = NULL;
	uint8_t steps = 0;
	unsigned i;

	if (strlen(arg) >= sizeof(buf))
		return 0;
	strcpy(buf, arg);
	for (tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		for (i = 0; i < 4 && strcmp(tok, names[i]); i++)
			;
		if (i == 4)
			return 0;
		steps |= (uint8_t)(1u << i);
	}
	return steps;
}
static int parse_app_opt(struct sess_opts *o, int c, const char *arg)
{
	int ide = is_ide(o->app.kind) || is_cxl_ide(o->app.kind);
	unsigned long v = 0;
	char *end = NULL;

	int td = c == OPT_INTERFACE || c == OPT_STEPS;

	if ((td && o->app.kind != APP_FLOW_TDISP) || (!td && !ide))
		return cli_usage_error(sess_cmd(o->app.kind),
				       td ? (c == OPT_STEPS ? "--steps is for cspdm tdisp"
							    : "--interface is for cspdm tdisp")
					  : "--stream and --stop are for cspdm ide "
					    "and cspdm cxl-ide",
				       NULL);
	if (c == OPT_STEPS) {
		o->app.td_steps = parse_td_steps(arg);
		if (!o->app.td_steps)
			return cli_usage_error(sess_cmd(o->app.kind),
					       "--steps wants a list of lock, report, start, stop",
					       arg);
		if ((o->app.td_steps & APP_TD_START) && !(o->app.td_steps & APP_TD_LOCK))
			return cli_usage_error(
			    sess_cmd(o->app.kind),
			    "--steps start needs lock (START_INTERFACE sends the "
			    "lock's nonce)",
			    arg);
		return 0;
	}
	if (c == OPT_STOP) {
		o->app.kind = is_cxl_ide(o->app.kind) ? APP_FLOW_CXL_IDE_STOP : APP_FLOW_IDE_STOP;
		return 0;
	}
	errno = 0;
	if (*arg)
		v = strtoul(arg, &end, 0);
	if (!*arg || *end || errno || v > (c == OPT_STREAM ? 0xFFul : 0xFFFFFFFFul))
		return cli_usage_error(sess_cmd(o->app.kind),
				       c == OPT_STREAM ? "--stream must be 0..255"
						       : "--interface must be a 32-bit FUNCTION_ID",
				       arg);
	if (c == OPT_STREAM)
		o->app.stream_id = (uint8_t)v;
	else
		o->app.function_id = (uint32_t)v;
	return 0;
}

static int parse_sess_opt(struct sess_opts *o, int c, char *arg)
{
	int rc = cli_parse_conn_opt(&o->c, c, arg);

	if (rc != 1)
		return rc;
	switch (c) {
	case 'D':
		o->c.cfg.dhe = cli_parse_dhe(arg);
		return o->c.cfg.dhe
			   ? 0
			   : cli_usage_error(sess_cmd(o->app.kind), "unknown DHE group", arg);
	case 'E':
		o->c.cfg.aead = cli_parse_aead(arg);
		return o->c.cfg.aead ? 0
				     : cli_usage_error(sess_cmd(o->app.kind), "unknown AEAD", arg);
	case 'V':
		return parse_sec_ver(o, arg);
	case 'H':
		return o->heartbeat = 1, 0;
	case 'K':
		return o->key_update = 1, 0;
	case 'M':
		return o->measure = 1, 0;
	case 'C':
		return o->chain = 1, 0;
	case 'N':
		return o->no_auth = 1, 0;
	case 'X':
		return o->end_clear = 1, 0;
	case 'G':
		return o->encap = 1, 0;
	case 'P':
	case 'I':
		return parse_psk_opt(o, c, arg);
	case OPT_STREAM:
	case OPT_STOP:
	case OPT_INTERFACE:
	case OPT_STEPS:
		return parse_app_opt(o, c, arg);
	default:
		return cli_usage_error(sess_cmd(o->app.kind), "invalid option", NULL);
	}
}

static int parse_args(struct sess_opts *o, int argc, char **argv)
{
	static const struct option longopts[] = {
	    CLI_CONN_OPTIONS,
	    {"dhe", required_argument, NULL, 'D'},
	    {"aead", required_argument, NULL, 'E'},
	    {"sec-ver", required_argument, NULL, 'V'},
	    {"heartbeat", no_argument, NULL, 'H'},
	    {"key-update", no_argument, NULL, 'K'},
	    {"measure", no_argument, NULL, 'M'},
	    {"chain", no_argument, NULL, 'C'},
	    {"no-auth", no_argument, NULL, 'N'},
	    {"end-clear", no_argument, NULL, 'X'},
	    {"encap", no_argument, NULL, 'G'},
	    {"psk", required_argument, NULL, 'P'},
	    {"psk-hint", required_argument, NULL, 'I'},
	    {"stream", required_argument, NULL, OPT_STREAM},
	    {"stop", no_argument, NULL, OPT_STOP},
	    {"interface", required_argument, NULL, OPT_INTERFACE},
	    {"steps", required_argument, NULL, OPT_STEPS},
	    {NULL, 0, NULL, 0}};
	int c, rc;

	int kind = o->app.kind;

	memset(o, 0, sizeof(*o));
	o->app.kind = kind;
	o->app.function_id = 0xbeef;
	cli_conn_defaults(&o->c, sess_cmd(kind));
	cspdm_session_config_defaults(&o->scfg);
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		if (c == 'h') {
			sess_usage(stdout, o->app.kind);
			return -1;
		}
		rc = parse_sess_opt(o, c, optarg);
		if (rc)
			return rc;
	}
	if (optind < argc)
		return cli_usage_error(sess_cmd(o->app.kind), "unexpected argument", argv[optind]);
	if (o->c.cfg.max_version < CSPDM_V11)
		return cli_usage_error(sess_cmd(o->app.kind), "sessions need SPDM 1.1 or later",
				       NULL);
	if (o->c.cfg.min_version < CSPDM_V11)
		o->c.cfg.min_version = CSPDM_V11;
	if (o->encap && !o->c.req_chain)
		return cli_usage_error(sess_cmd(o->app.kind), "--encap needs --req-cert-chain",
				       NULL);
	if (o->have_hint && !o->psk_len)
		return cli_usage_error(sess_cmd(o->app.kind), "--psk-hint needs --psk", NULL);
	if (o->app.kind == APP_FLOW_CXL_TSP) /* its secondary sessions are PSK sessions */
		o->c.cfg.req_caps |= CSPDM_REQ_CAP_PSK;
	if (o->psk_len) {
		o->c.cfg.req_caps |= CSPDM_REQ_CAP_PSK;
		o->scfg.psk = o->psk;
		o->scfg.psk_len = o->psk_len;
		o->scfg.psk_hint = o->hint;
		o->scfg.psk_hint_len = (uint16_t)o->hint_len;
	}
	return cli_check_conn_opts(&o->c);
}

/* ---- output -----------------------------------------------------------------------------------
 */

static const char *sm_version_name(uint16_t v)
{
	switch (v) {
	case CSPDM_SM_VERSION_10:
		return "1.0";
	case CSPDM_SM_VERSION_11:
		return "1.1";
	case CSPDM_SM_VERSION_12:
		return "1.2";
	}
	return "?";
}

static const char *mut_auth_name(uint8_t m)
{
	return m == SPDM_MUT_AUTH_REQUESTED    ? "asked without the encapsulated flow"
	       : m == SPDM_MUT_AUTH_WITH_ENCAP ? "with the encapsulated flow"
	       : m == SPDM_MUT_AUTH_WITH_GET_DIGESTS
		   ? "with the encapsulated flow, GET_DIGESTS implied"
		   : "none";
}

static const char *handshake_name(const struct cspdm_session_info *i)
{
	if (i->psk == 2)
		return "PSK_EXCHANGE_RSP verify data checked; PSK_FINISH acknowledged";
	if (i->psk)
		return "PSK_EXCHANGE_RSP verify data checked (PSK_CAP without context: no "
		       "PSK_FINISH)";
	return i->in_clear ? "in the clear; KEY_EXCHANGE_RSP signature and verify data checked"
			   : "encrypted; KEY_EXCHANGE_RSP signature and verify data checked";
}

/* --json: the handshake in a word or two. */
static const char *handshake_kind(const struct cspdm_session_info *i)
{
	if (i->psk)
		return i->psk == 2 ? "PSK_EXCHANGE, PSK_FINISH" : "PSK_EXCHANGE";
	return i->in_clear ? "in the clear" : "encrypted";
}

static void print_session_text(const struct sess_opts *o, const struct cspdm_session_info *i,
			       const struct cspdm_result *res, const char *sid)
{
	if (res->outcome == CSPDM_AUTH_FAILED) /* a PSK session after VCA alone */
		printf("device        %s, SPDM %u.%u, not authenticated (PSK, no certificate)\n",
		       o->c.target, res->version >> 4, res->version & 0xF);
	else
		printf("device        %s, SPDM %u.%u, %s, outcome %s\n", o->c.target,
		       res->version >> 4, res->version & 0xF, cspdm_asym_name(res->base_asym),
		       res->outcome == CSPDM_AUTH_TRUSTED ? "trusted" : "evidence ready");
	printf("session       %s open: %s, %s%s, secured messages %s\n", sid,
	       i->psk ? "PSK" : cspdm_dhe_name(i->dhe), cspdm_aead_name(i->aead),
	       i->mac_only ? " (MAC only)" : "", sm_version_name(i->sm_version));
	printf("handshake     %s\n", handshake_name(i));
	if (i->mut_auth)
		printf("mutual auth   %s; FINISH signed with our key\n",
		       mut_auth_name(i->mut_auth));
	if (i->heartbeat_period)
		printf("heartbeat     period %u s\n", i->heartbeat_period);
}

static void print_session(const struct sess_opts *o, struct sess_run *r)
{
	struct cspdm_session_info i;
	struct cspdm_result res;
	char sid[16];

	cspdm_session_get_info(r->s, &i);
	cspdm_get_result(r->conn.ctx, &res);
	(void)snprintf(sid, sizeof(sid), "0x%08x", i.session_id);
	if (!o->c.json) {
		print_session_text(o, &i, &res, sid);
		return;
	}
	json_array_append_new(
	    r->steps, json_pack("{s:s, s:s, s:s, s:s, s:b, s:s, s:s, s:s, s:b, s:i, s:s}", "step",
				"open", "result", "ok", "session_id", sid, "dhe",
				i.psk ? "none" : cspdm_dhe_name(i.dhe), "psk", i.psk != 0, "aead",
				cspdm_aead_name(i.aead), "secured_message_version",
				sm_version_name(i.sm_version), "handshake", handshake_kind(&i),
				"mac_only", i.mac_only, "heartbeat_period", i.heartbeat_period,
				"mutual_auth", mut_auth_name(i.mut_auth)));
}

static void report(struct sess_run *r, const struct sess_opts *o, const char *step, cspdm_status st,
		   const cspdm_error *e, const char *detail)
{
	if (st)
		r->failed = 1;
	if (o->c.json) {
		json_array_append_new(r->steps, json_pack("{s:s, s:s, s:s?, s:s?}", "step", step,
							  "result", st ? "failed" : "ok", "error",
							  st ? cspdm_status_name(st) : NULL,
							  "detail", detail));
		return;
	}
	if (!st)
		printf("%-13s ok%s%s\n", step, detail ? ", " : "", detail ? detail : "");
	else
		cli_print_error(stderr, step, e);
}

/* --json: what the device reported in flow f joins the last step (the flow's). */
static void report_device(struct sess_run *r, const struct sess_opts *o, cspdm_status st,
			  const struct app_flow *f)
{
	json_t *last;

	if (!o->c.json || st || !json_array_size(r->steps))
		return;
	last = json_array_get(r->steps, json_array_size(r->steps) - 1);
	json_object_set_new(last, "device", cli_app_json(f));
}

/* ---- the command ------------------------------------------------------------------------------
 */

static cspdm_status session_new(struct sess_run *r, struct sess_opts *o)
{
	r->mem = aligned_alloc(8, (cspdm_session_size() + 7) & ~(size_t)7);
	r->tx = malloc(TX_CAP);
	if (!r->mem || !r->tx)
		return CSPDM_E_BUFFER_TOO_SMALL;
	o->scfg.tx_buf = r->tx;
	o->scfg.tx_cap = TX_CAP;
	return cspdm_session_init(&r->s, r->mem, cspdm_session_size(), r->conn.ctx, &o->scfg);
}

static void step_key_update(struct sess_run *r, const struct sess_opts *o,
			    const struct cspdm_io *io)
{
	cspdm_status st = cspdm_session_key_update(r->s, io, CSPDM_KEY_UPDATE_KEY);

	report(r, o, "key update", st, cspdm_session_last_error(r->s), "UpdateKey, VerifyNewKey");
	if (!st) {
		st = cspdm_session_key_update(r->s, io, CSPDM_KEY_UPDATE_ALL_KEYS);
		report(r, o, "key update", st, cspdm_session_last_error(r->s),
		       "UpdateAllKeys, VerifyNewKey");
	}
}

/* Signed when a chain is known (the device was authenticated); a PSK session after VCA alone
 * can only ask for unsigned ones. */
static void step_measure(struct sess_run *r, const struct sess_opts *o, const struct cspdm_io *io)
{
	struct cspdm_meas_query q = {CSPDM_MEAS_ONE_BY_ONE, 1, 0};
	struct cspdm_meas_result m;
	struct cspdm_result res;
	char detail[80];
	cspdm_status st;

	cspdm_get_result(r->conn.ctx, &res);
	q.sign = res.outcome != CSPDM_AUTH_FAILED;
	st = cspdm_session_measure(r->s, io, &q);

	if (st) {
		report(r, o, "measure", st, cspdm_session_last_error(r->s), NULL);
		return;
	}
	cspdm_get_meas_result(r->conn.ctx, &m);
	if (q.sign)
		(void)snprintf(detail, sizeof(detail), "%u blocks, %u signatures verified",
			       m.blocks, m.signatures);
	else
		(void)snprintf(detail, sizeof(detail), "%u blocks, unsigned (no certificate chain)",
			       m.blocks);
	report(r, o, "measure", st, NULL, detail);
	if (!o->c.json)
		cli_print_meas_blocks(&m, NULL);
	if (r->conn.evidence)
		cspdm_evidence_set_meas(r->conn.evidence, &m);
}

/* A CXL TSP secondary session: a PSK session with the PSK the primary flow set for it in
 * SET_CONFIGURATION (zeroed once the session is open), the secondary flow, END_SESSION. */
static void step_tsp_2nd(struct sess_run *r, const struct sess_opts *o, const struct cspdm_io *io,
			 struct app_flow *prim, unsigned i)
{
	struct cspdm_session_config cfg = o->scfg;
	struct cli_app_opts a = o->app;
	uint8_t hint[APP_FLOW_TSP_HINT_LEN];
	struct cspdm_session *s = NULL;
	void *mem = aligned_alloc(8, (cspdm_session_size() + 7) & ~(size_t)7);
	uint8_t *tx = malloc(TX_CAP);
	char step[32], detail[160];
	struct app_flow f;
	cspdm_error err;
	cspdm_status st = mem && tx ? CSPDM_OK : CSPDM_E_BUFFER_TOO_SMALL;

	memset(&err, 0, sizeof(err));
	app_flow_tsp_hint(i, hint);
	cfg.psk = prim->tsp_psk + (size_t)i * APP_FLOW_TSP_PSK;
	cfg.psk_len = APP_FLOW_TSP_PSK;
	cfg.psk_hint = hint;
	cfg.psk_hint_len = APP_FLOW_TSP_HINT_LEN;
	cfg.req_session_id = 0;
	cfg.tx_buf = tx;
	cfg.tx_cap = TX_CAP;
	if (!st)
		st = cspdm_session_init(&s, mem, cspdm_session_size(), r->conn.ctx, &cfg);
	if (!st)
		st = cspdm_session_open(s, io);
	cspdm_memzero(prim->tsp_psk + (size_t)i * APP_FLOW_TSP_PSK, APP_FLOW_TSP_PSK);
	(void)snprintf(step, sizeof(step), "tsp 2nd %u", i);
	report(r, o, step, st, s ? cspdm_session_last_error(s) : NULL,
	       "PSK session with the PSK set in SET_CONFIGURATION");
	a.kind = APP_FLOW_CXL_TSP_2ND;
	cli_app_flow_init(&f, prim->ops, prim->ver, &a);
	if (!st) {
		st = cli_app_run(s, io, &f, &err, o->c.json, detail, sizeof(detail));
		cspdm_memzero(o->c.cfg.rx_buf, o->c.cfg.rx_cap);
		report(r, o, step, st, &err, st ? NULL : detail);
		report_device(r, o, st, &f);
	}
	if (!st) {
		st = cspdm_session_end(s, io, 1);
		report(r, o, step, st, cspdm_session_last_error(s), "END_SESSION");
	}
	app_flow_wipe(&f);
	cspdm_session_deinit(s);
	free(mem);
	free(tx);
}

static void step_app(struct sess_run *r, const struct sess_opts *o, const struct cspdm_io *io)
{
	static const char *const names[] = {"ide",	    "ide stop", "tdisp",  "cxl-ide",
					    "cxl-ide stop", "cxl-tsp",	"tsp 2nd"};
	struct cspdm_result res;
	struct app_flow f;
	char detail[160];
	cspdm_error err;
	cspdm_status st;
	unsigned i;

	memset(&err, 0, sizeof(err));
	detail[0] = 0;
	cspdm_get_result(r->conn.ctx, &res);
	cli_app_flow_init(&f, r->conn.ops, res.version, &o->app);
	st = cli_app_run(r->s, io, &f, &err, o->c.json, detail, sizeof(detail));
	/* the records were opened in place there: a GET_KEY_ACK's key is in the clear */
	cspdm_memzero(o->c.cfg.rx_buf, o->c.cfg.rx_cap);
	report(r, o, names[o->app.kind], st, &err, detail[0] ? detail : NULL);
	report_device(r, o, st, &f);
	if (!st && f.kind == APP_FLOW_TDISP && r->conn.evidence) {
		err.code = cspdm_evidence_add_tdisp_report(r->conn.evidence, f.function_id,
							   f.report, f.report_len);
		err.field = "TDISP interface report";
		if (err.code)
			report(r, o, "evidence", err.code, &err, NULL);
	}
	for (i = 0; !st && !r->failed && i < APP_FLOW_TSP_2ND; i++)
		if (f.tsp_valid & (1u << i))
			step_tsp_2nd(r, o, io, &f, i);
	app_flow_wipe(&f);
}

/* Each step asked for, in order; a failed step ends the session (its keys are gone). */
static void run_steps(struct sess_run *r, const struct sess_opts *o, const struct cspdm_io *io)
{
	cspdm_status st;

	if (o->heartbeat) {
		st = cspdm_session_heartbeat(r->s, io);
		report(r, o, "heartbeat", st, cspdm_session_last_error(r->s), NULL);
	}
	if (!r->failed && o->key_update)
		step_key_update(r, o, io);
	if (!r->failed && o->measure)
		step_measure(r, o, io);
	if (!r->failed && o->encap) {
		st = cspdm_session_encap(r->s, io);
		report(r, o, "encap", st, cspdm_session_last_error(r->s),
		       "the device's encapsulated requests answered");
	}
	if (!r->failed && o->chain) {
		st = cspdm_session_get_chain(r->s, io);
		report(r, o, "chain", st, cspdm_session_last_error(r->s),
		       "DIGESTS and CERTIFICATE match the session's chain");
	}
	if (!r->failed && o->app.kind >= 0)
		step_app(r, o, io);
	if (!r->failed) {
		st = cspdm_session_end(r->s, io, !o->end_clear);
		report(r, o, "end session", st, cspdm_session_last_error(r->s), NULL);
	}
}

/* A PSK session authenticates the device first only when --trust says against what. */
static int open_and_run(struct sess_run *r, struct sess_opts *o)
{
	const struct cspdm_io *io = r->conn.io;
	int auth = !o->no_auth && !(o->psk_len && !o->c.trust);
	cspdm_status st = auth ? cspdm_authenticate(r->conn.ctx, io) : CSPDM_OK;

	if (st) {
		report(r, o, "authenticate", st, cspdm_last_error(r->conn.ctx), NULL);
		return 1;
	}
	st = session_new(r, o);
	if (!st)
		st = cspdm_session_open(r->s, io);
	cspdm_memzero(o->psk, sizeof(o->psk)); /* the session has its handshake secret now */
	if (st) {
		report(r, o, "open", st, r->s ? cspdm_session_last_error(r->s) : NULL, NULL);
		return 1;
	}
	print_session(o, r);
	run_steps(r, o, io);
	return r->failed;
}

static void finish(struct sess_run *r, const struct sess_opts *o)
{
	struct cspdm_result res;
	json_t *root;
	char *s;

	if (r->conn.evidence && !r->failed) {
		cspdm_get_result(r->conn.ctx, &res);
		cspdm_evidence_set_auth(r->conn.evidence, &res, o->c.target,
					cli_conn_transport_name(&o->c));
	}
	if (!o->c.json)
		return;
	root = json_pack("{s:s, s:s, s:s, s:O}", "device", o->c.target, "transport",
			 cli_conn_transport_name(&o->c), "result", r->failed ? "failed" : "ok",
			 "steps", r->steps);
	s = json_dumps(root, JSON_INDENT(2));
	if (s)
		puts(s);
	free(s);
	json_decref(root);
}

static int run_session(int argc, char **argv, int kind);

int cmd_session(int argc, char **argv)
{
	return run_session(argc, argv, -1);
}

int cmd_ide(int argc, char **argv)
{
	return run_session(argc, argv, APP_FLOW_IDE_SETUP);
}

int cmd_tdisp(int argc, char **argv)
{
	return run_session(argc, argv, APP_FLOW_TDISP);
}

int cmd_cxl_ide(int argc, char **argv)
{
	return run_session(argc, argv, APP_FLOW_CXL_IDE_SETUP);
}

int cmd_cxl_tsp(int argc, char **argv)
{
	return run_session(argc, argv, APP_FLOW_CXL_TSP);
}

static int run_session(int argc, char **argv, int kind)
{
	struct sess_opts o;
	struct sess_run r;
	cspdm_error err;
	int rc;

	o.app.kind = kind;
	rc = parse_args(&o, argc, argv);

	if (rc) {
		cspdm_memzero(o.psk, sizeof(o.psk));
		return rc < 0 ? 0 : rc;
	}
	memset(&r, 0, sizeof(r));
	r.steps = json_array();
	if (cli_conn_open(&r.conn, &o.c, &err))
		report(&r, &o, "connect", err.code, &err, NULL);
	else
		rc = open_and_run(&r, &o);
	finish(&r, &o);
	if (!rc && !r.failed)
		rc = cli_conn_write_evidence(&r.conn, &o.c);
	cspdm_memzero(o.psk, sizeof(o.psk));
	cspdm_session_deinit(r.s);
	cli_conn_close(&r.conn);
	free(r.mem);
	free(r.tx);
	json_decref(r.steps);
	return rc || r.failed ? 1 : 0;
}
