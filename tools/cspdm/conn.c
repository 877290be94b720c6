/* SPDX-License-Identifier: BSD-3-Clause */
#include "conn.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "capture/pcap_file.h"

#define CERT_CAP	  (64u * 1024u)
#define RX_CAP		  (CSPDM_EMU_MAX_PAYLOAD)
#define MEAS_CAP	  (64u * 1024u)
#define TRANSCRIPT_CAP	  (256u * 1024u)
#define ENCAP_TX_CAP	  (8u * 1024u)
#define LISTEN_TIMEOUT_US (300u * 1000000ull) /* tcp-listen: how long to wait for the device */
#define CHUNK_CAP	  (64u * 1024u)	      /* large messages (chunking): our MaxSPDMmsgSize */

void cli_conn_defaults(struct cli_conn_opts *o, const char *cmd)
{
	memset(o, 0, sizeof(*o));
	o->cmd = cmd;
	cspdm_config_defaults(&o->cfg);
	o->transport = CSPDM_TRANSPORT_MCTP;
}

int cli_usage_error(const char *cmd, const char *msg, const char *arg)
{
	fprintf(stderr, "cspdm %s: %s%s%s\n", cmd, msg, arg ? ": " : "", arg ? arg : "");
	fprintf(stderr, "Try 'cspdm %s --help'.\n", cmd);
	return 2;
}

static int parse_slot(struct cli_conn_opts *o, const char *arg)
{
	char *end;
	long v = strtol(arg, &end, 10);

	if (!*arg || *end || v < 0 || v > 7)
		return cli_usage_error(o->cmd, "slot must be 0..7", arg);
	o->cfg.slot = (uint8_t)v;
	return 0;
}

static int parse_version_opt(struct cli_conn_opts *o, uint8_t *dst, const char *arg)
{
	*dst = cli_parse_version(arg);
	return *dst ? 0 : cli_usage_error(o->cmd, "version must be 1.0 .. 1.4", arg);
}

/* --req-cert-chain, --req-key, --req-slot: our identity for mutual authentication. */
static int parse_identity_opt(struct cli_conn_opts *o, int c, const char *arg)
{
	char *end;
	long v;

	switch (c) {
	case CLI_OPT_REQ_CHAIN:
		o->req_chain = arg;
		return 0;
	case CLI_OPT_REQ_KEY:
		o->req_key = arg;
		return 0;
	case CLI_OPT_REQ_SLOT:
		v = strtol(arg, &end, 10);
		if (!*arg || *end || v < 0 || v > 7)
			return cli_usage_error(o->cmd, "--req-slot must be 0..7", arg);
		o->cfg.req_id.slot = (uint8_t)v;
		return 0;
	default:
		return 1;
	}
}

int cli_parse_dts(const char *cmd, const char *arg, uint32_t *dts)
{
	char *end;
	long v = strtol(arg, &end, 10);

	if (!*arg || *end || v < CLI_DTS_MIN || v > CLI_DTS_MAX)
		return cli_usage_error(cmd,
				       "--data-transfer-size must be 42 .. 65280 (42 is the "
				       "smallest SPDM 1.2 allows)",
				       arg);
	*dts = (uint32_t)v;
	return 0;
}

int cli_parse_conn_opt(struct cli_conn_opts *o, int c, const char *arg)
{
	switch (c) {
	case 'c':
		if (o->n_connect >= CLI_MAX_CONNECT)
			return cli_usage_error(o->cmd, "too many --connect: use --targets FILE",
					       arg);
		o->connects[o->n_connect++] = arg;
		o->connect = arg;
		return 0;
	case CLI_OPT_DEVICE: {
		const char *why = NULL;

		if (o->n_device >= CLI_MAX_CONNECT)
			return cli_usage_error(o->cmd, "too many --device: use --targets FILE",
					       arg);
		o->devices[o->n_device++] = arg;
		o->device = arg;
		return cspdm_dev_parse(arg, &o->addr, &why) ? cli_usage_error(o->cmd, why, arg) : 0;
	}
	case 't':
		o->transport = cspdm_transport_parse(arg);
		return o->transport < 0 ? cli_usage_error(o->cmd, "unknown transport", arg) : 0;
	case 'T':
		o->trust = arg;
		return 0;
	case 's':
		return parse_slot(o, arg);
	case 'p':
		if (cli_pci_ids_to_san(arg, o->san, sizeof(o->san)))
			return cli_usage_error(
			    o->cmd, "bad --pci-ids (vendor:device:class:rev[:ssvid:ssid[:dsn]])",
			    arg);
		o->cfg.expected_san = o->san;
		return 0;
	case 'v':
		return parse_version_opt(o, &o->cfg.max_version, arg);
	case 'm':
		return parse_version_opt(o, &o->cfg.min_version, arg);
	case 'n':
		if (cli_parse_hex(arg, o->cfg.nonce, CSPDM_NONCE_SIZE))
			return cli_usage_error(o->cmd, "nonce must be 64 hex digits", arg);
		o->cfg.have_nonce = 1;
		return 0;
	case 'x':
		if (cli_parse_hex(arg, o->cfg.req_context, CSPDM_REQ_CONTEXT_SIZE))
			return cli_usage_error(o->cmd, "--req-context must be 16 hex digits", arg);
		return 0;
	case 'e':
		o->evidence_dir = arg;
		return 0;
	case 'j':
		o->json = 1;
		return 0;
	case 'w':
		o->pcap = arg;
		return 0;
	case CLI_OPT_DTS:
		return cli_parse_dts(o->cmd, arg, &o->cfg.data_transfer_size);
	default:
		return parse_identity_opt(o, c, arg);
	}
}

/* The binding a --device speaks, for --pcap: PCI DOE and MCTP have link types. */
static int device_transport(const struct cspdm_dev_addr *a)
{
	switch (a->kind) {
	case CSPDM_DEV_PCI_DOE:
		return CSPDM_TRANSPORT_PCI_DOE;
	case CSPDM_DEV_MCTP:
		return CSPDM_TRANSPORT_MCTP;
	case CSPDM_DEV_TCP:
	case CSPDM_DEV_TCP_LISTEN:
		return CSPDM_TRANSPORT_TCP;
	case CSPDM_DEV_NVME:
	case CSPDM_DEV_SCSI:
		break;
	}
	return -1;
}

int cli_check_conn_opts(struct cli_conn_opts *o)
{
	char host[256];
	uint16_t port;

	if (o->connect && o->device)
		return cli_usage_error(o->cmd,
				       "--device and --connect exclude each other (devices of both "
				       "kinds: --targets FILE)",
				       NULL);
	if (o->targets || o->n_connect > 1 || o->n_device > 1) {
		if (o->pcap || o->evidence_dir)
			return cli_usage_error(o->cmd,
					       "many devices: not with --pcap or --evidence", NULL);
		o->target = o->targets ? o->targets : o->connect ? o->connect : o->device;
		return o->cfg.min_version > o->cfg.max_version
			   ? cli_usage_error(o->cmd, "--min-ver is above --ver", NULL)
			   : 0;
	}
	if (!o->connect && !o->device)
		return cli_usage_error(o->cmd, "--device URI or --connect HOST:PORT is required",
				       NULL);
	o->target = o->device ? o->device : o->connect;
	if (o->device)
		o->transport = device_transport(&o->addr);
	else if (cspdm_parse_hostport(o->connect, host, sizeof(host), &port))
		return cli_usage_error(o->cmd, "--connect wants HOST:PORT or [IPV6]:PORT",
				       o->connect);
	if (o->cfg.min_version > o->cfg.max_version)
		return cli_usage_error(o->cmd, "--min-ver is above --ver", NULL);
	if (!o->req_chain != !o->req_key)
		return cli_usage_error(o->cmd, "--req-cert-chain and --req-key go together", NULL);
	if (o->pcap && cspdm_capture_linktype(o->transport) < 0)
		return cli_usage_error(
		    o->cmd,
		    o->device ? "--pcap: captures are of MCTP (link type 291) or "
				"PCI DOE (292); this device has no pcap link type"
			      : "--pcap: the NONE transport has no pcap link type "
				"(captures are of MCTP, link type 291, or PCI DOE, 292)",
		    NULL);
	return 0;
}

static cspdm_status alloc_buffers(struct cli_conn *s, struct cli_conn_opts *o)
{
	s->mem = aligned_alloc(8, (cspdm_context_size() + 7) & ~(size_t)7);
	s->cert = malloc(CERT_CAP);
	s->rx = malloc(RX_CAP);
	s->meas = malloc(MEAS_CAP);
	s->chunk = malloc(CHUNK_CAP);
	if (o->evidence_dir)
		s->transcript = malloc(TRANSCRIPT_CAP);
	if (!s->mem || !s->cert || !s->rx || !s->meas || !s->chunk ||
	    (o->evidence_dir && !s->transcript))
		return CSPDM_E_BUFFER_TOO_SMALL;
	o->cfg.chunk_buf = s->chunk;
	o->cfg.chunk_cap = CHUNK_CAP;
	o->cfg.cert_buf = s->cert;
	o->cfg.cert_cap = CERT_CAP;
	o->cfg.rx_buf = s->rx;
	o->cfg.rx_cap = RX_CAP;
	o->cfg.meas_buf = s->meas;
	o->cfg.meas_cap = MEAS_CAP;
	o->cfg.transcript_buf = s->transcript;
	o->cfg.transcript_cap = s->transcript ? TRANSCRIPT_CAP : 0;
	return CSPDM_OK;
}

/* err from a failed step, its field replaced by what the user named ("--trust PATH", ...). */
static cspdm_status failed(struct cli_conn_opts *o, cspdm_error *err, const char *what,
			   const char *arg, const char *why)
{
	(void)snprintf(o->where, sizeof(o->where), "%s %s%s%s", what, arg, why ? " " : "",
		       why ? why : "");
	err->field = o->where;
	return err->code;
}

static cspdm_status open_crypto(struct cli_conn *s, struct cli_conn_opts *o, cspdm_error *err)
{
	cspdm_status st =
	    cli_open_trust(o->cmd, o->trust, &s->ossl, err, o->where, sizeof(o->where));

	if (st)
		return st;
	st = cspdm_x509_cache_new(&s->cache, 0);
	if (st) {
		err->code = st;
		return st;
	}
	cspdm_openssl_set_cache(s->ossl, s->cache);
	s->ops = cspdm_openssl_ops(s->ossl);
	o->cfg.crypto = s->ops;
	return CSPDM_OK;
}

/* --req-cert-chain and --req-key: our identity, served when the device asks for it. */
static cspdm_status open_identity(struct cli_conn *s, struct cli_conn_opts *o, cspdm_error *err)
{
	cspdm_status st;

	if (!o->req_chain)
		return CSPDM_OK;
	st = cspdm_identity_load(o->req_chain, o->req_key, 0, &s->req_id);
	if (st) {
		err->code = st;
		return failed(o, err, "--req-cert-chain", o->req_chain,
			      st == CSPDM_E_X509_KEY ? "(--req-key is not its leaf's key)" : NULL);
	}
	s->encap_tx = malloc(ENCAP_TX_CAP);
	if (!s->encap_tx)
		return CSPDM_E_BUFFER_TOO_SMALL;
	o->cfg.req_id.certs = s->req_id.chain;
	o->cfg.req_id.certs_len = s->req_id.chain_len;
	o->cfg.req_id.key = s->req_id.key;
	o->cfg.req_id.asym = s->req_id.asym;
	o->cfg.req_id.tx_buf = s->encap_tx;
	o->cfg.req_id.tx_cap = ENCAP_TX_CAP;
	return CSPDM_OK;
}

/* --pcap: a capture file, and the tap that writes to it around the connection. */
static cspdm_status open_capture(struct cli_conn *s, struct cli_conn_opts *o, cspdm_error *err)
{
	char why[256];
	cspdm_status st = cspdm_pcap_create(&s->pcap, o->pcap, cspdm_capture_linktype(o->transport),
					    err, why, sizeof(why));

	if (st)
		return failed(o, err, "--pcap", o->pcap, err->os_error ? NULL : why);
	s->tap = malloc(sizeof(*s->tap));
	if (!s->tap) {
		err->code = CSPDM_E_BUFFER_TOO_SMALL;
		return err->code;
	}
	cspdm_capture_io_init(s->tap, s->io, (enum cspdm_transport)o->transport, s->pcap);
	s->io = &s->tap->io;
	s->pcap_path = o->pcap;
	return CSPDM_OK;
}

static void on_listen(void *priv, uint16_t port)
{
	const struct cli_conn_opts *o = priv;

	fprintf(stderr, "cspdm %s: listening on %s:%u for the device to dial in\n", o->cmd,
		o->addr.path, (unsigned)port);
}

void cli_device_error(const char *target, const struct cspdm_dev_error *d, cspdm_error *err,
		      char *buf, size_t cap)
{
	char what[256];

	if (d->os_errno && d->status_kind == CSPDM_DEV_STATUS_NONE)
		(void)snprintf(what, sizeof(what), "%s", d->what ? d->what : "");
	else
		(void)cspdm_dev_error_format(d, what, sizeof(what));
	(void)snprintf(buf, cap, "%s: %s", target, what);
	err->field = buf;
	err->os_error = d->status_kind == CSPDM_DEV_STATUS_NONE ? d->os_errno : 0;
}

/* --device or --connect: s->client or s->dev, and s->io. */
static cspdm_status open_device(struct cli_conn *s, struct cli_conn_opts *o, cspdm_error *err)
{
	struct cspdm_dev_opts d = {
	    .listen_timeout_us = LISTEN_TIMEOUT_US, .on_listen = on_listen, .on_listen_priv = o};
	struct cspdm_dev_error de;
	char host[256];
	uint16_t port = 0;

	if (o->device) {
		if (cspdm_device_open(&s->dev, &o->addr, &d, &de)) {
			err->code = de.code;
			cli_device_error(o->device, &de, err, o->where, sizeof(o->where));
			return err->code;
		}
		s->io = cspdm_device_io(s->dev);
		return CSPDM_OK;
	}
	if (cspdm_parse_hostport(o->connect, host, sizeof(host), &port))
		return CSPDM_E_INVALID_ARG;
	if (cspdm_emu_connect_ex(&s->client, host, port, (enum cspdm_transport)o->transport, err))
		return failed(o, err, "connect", o->connect, NULL);
	s->io = cspdm_emu_io(s->client);
	return CSPDM_OK;
}

cspdm_status cli_conn_open(struct cli_conn *s, struct cli_conn_opts *o, cspdm_error *err)
{
	cspdm_status st;

	memset(s, 0, sizeof(*s));
	memset(err, 0, sizeof(*err));
	s->cmd = o->cmd;
	s->target = o->target;
	st = open_crypto(s, o, err);
	if (!st)
		st = alloc_buffers(s, o);
	if (!st)
		st = open_identity(s, o, err);
	if (!st && o->evidence_dir) {
		s->evidence = cspdm_evidence_new();
		o->cfg.on_signature = cspdm_evidence_on_signature;
		o->cfg.on_signature_priv = s->evidence;
		st = s->evidence ? CSPDM_OK : CSPDM_E_BUFFER_TOO_SMALL;
	}
	if (!st)
		st = cspdm_init(&s->ctx, s->mem, cspdm_context_size(), &o->cfg);
	if (!st)
		st = open_device(s, o, err);
	if (!st && o->pcap)
		st = open_capture(s, o, err);
	err->code = st;
	return st;
}

const cspdm_error *cli_conn_error(struct cli_conn *s)
{
	const cspdm_error *io = cspdm_emu_last_error(s->client);
	const struct cspdm_dev_error *d = cspdm_device_error(s->dev);

	s->err = *cspdm_last_error(s->ctx);
	if (d && d->code && d->code == s->err.code && !s->err.field) {
		cli_device_error(s->target, d, &s->err, s->dev_what, sizeof(s->dev_what));
		return &s->err;
	}
	if ((s->err.code == CSPDM_E_IO || s->err.code == CSPDM_E_TIMEOUT) && io && io->code &&
	    !s->err.field) {
		s->err.field = io->field;
		s->err.os_error = io->os_error;
	}
	return &s->err;
}

const char *cli_dev_kind_name(enum cspdm_dev_kind kind)
{
	static const char *const names[] = {
	    [CSPDM_DEV_PCI_DOE] = "pci_doe", [CSPDM_DEV_NVME] = "nvme",
	    [CSPDM_DEV_SCSI] = "scsi",	     [CSPDM_DEV_MCTP] = "mctp",
	    [CSPDM_DEV_TCP] = "tcp",	     [CSPDM_DEV_TCP_LISTEN] = "tcp"};

	return names[kind];
}

const char *cli_conn_transport_name(const struct cli_conn_opts *o)
{
	if (!o->device)
		return cspdm_transport_name((enum cspdm_transport)o->transport);
	return cli_dev_kind_name(o->addr.kind);
}

void cli_conn_close(struct cli_conn *s)
{
	if (s->tap && s->tap->write_status)
		fprintf(stderr, "cspdm %s: warning: --pcap %s: writing failed: %s\n", s->cmd,
			s->pcap_path,
			s->tap->write_errno ? strerror(s->tap->write_errno)
					    : cspdm_strerror(s->tap->write_status));
	cspdm_pcap_close(s->pcap);
	free(s->tap);
	cspdm_emu_close(s->client);
	cspdm_device_close(s->dev);
	if (s->ctx)
		cspdm_deinit(s->ctx);
	cspdm_evidence_free(s->evidence);
	cspdm_openssl_free(s->ossl);
	cspdm_x509_cache_free(s->cache);
	free(s->mem);
	free(s->cert);
	free(s->rx);
	free(s->meas);
	free(s->chunk);
	free(s->transcript);
	free(s->encap_tx);
	cspdm_identity_free(&s->req_id);
	memset(s, 0, sizeof(*s));
}

int cli_conn_write_evidence(struct cli_conn *s, const struct cli_conn_opts *o)
{
	cspdm_error err;

	if (!o->evidence_dir || !s->evidence)
		return 0;
	if (cspdm_evidence_write(s->evidence, o->evidence_dir, &err)) {
		if (!err.field)
			err.field = o->evidence_dir;
		cli_print_error(stderr, "--evidence", &err);
		return 1;
	}
	if (!o->json)
		printf("evidence      written to %s\n", o->evidence_dir);
	return 0;
}

void cli_hex(char *out, const uint8_t *d, size_t n)
{
	static const char digits[] = "0123456789abcdef";
	size_t i;

	for (i = 0; i < n; i++) {
		out[2 * i] = digits[d[i] >> 4];
		out[2 * i + 1] = digits[d[i] & 0xF];
	}
	out[2 * n] = 0;
}
