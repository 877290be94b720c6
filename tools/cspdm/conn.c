/* SPDX-License-Identifier: BSD-3-Clause */
#include "conn.h"

#include <stdlib.h>
#include <string.h>

#define CERT_CAP	  (64u * 1024u)
#define RX_CAP		  (CSPDM_EMU_MAX_PAYLOAD)
#define MEAS_CAP	  (64u * 1024u)
#define TRANSCRIPT_CAP	  (256u * 1024u)
#define LISTEN_TIMEOUT_US (300u * 1000000ull) /* tcp-listen: how long to wait for the device */

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

int cli_parse_conn_opt(struct cli_conn_opts *o, int c, const char *arg)
{
	switch (c) {
	case 'c':
		o->connect = arg;
		return 0;
	case 'D': {
		const char *why = NULL;

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
	default:
		return 1;
	}
}

int cli_check_conn_opts(struct cli_conn_opts *o)
{
	if (!o->connect && !o->device)
		return cli_usage_error(o->cmd, "--device URI or --connect HOST:PORT is required",
				       NULL);
	if (o->connect && o->device)
		return cli_usage_error(o->cmd, "--device and --connect exclude each other", NULL);
	o->target = o->device ? o->device : o->connect;
	if (o->cfg.min_version > o->cfg.max_version)
		return cli_usage_error(o->cmd, "--min-ver is above --ver", NULL);
	return 0;
}

static cspdm_status alloc_buffers(struct cli_conn *s, struct cli_conn_opts *o)
{
	s->mem = aligned_alloc(8, (cspdm_context_size() + 7) & ~(size_t)7);
	s->cert = malloc(CERT_CAP);
	s->rx = malloc(RX_CAP);
	s->meas = malloc(MEAS_CAP);
	if (o->evidence_dir)
		s->transcript = malloc(TRANSCRIPT_CAP);
	if (!s->mem || !s->cert || !s->rx || !s->meas || (o->evidence_dir && !s->transcript))
		return CSPDM_E_BUFFER_TOO_SMALL;
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

static void on_listen(void *priv, uint16_t port)
{
	const struct cli_conn_opts *o = priv;

	fprintf(stderr, "cspdm %s: listening on %s:%u for the device to dial in\n", o->cmd,
		o->addr.path, (unsigned)port);
}

/* --device or --connect: s->io. */
static cspdm_status open_device(struct cli_conn *s, struct cli_conn_opts *o)
{
	struct cspdm_dev_opts d = {
	    .listen_timeout_us = LISTEN_TIMEOUT_US, .on_listen = on_listen, .on_listen_priv = o};
	char host[256];
	uint16_t port = 0;
	cspdm_status st;

	if (o->device) {
		st = cspdm_device_open(&s->dev, &o->addr, &d, &s->dev_err);
		s->io = st ? NULL : cspdm_device_io(s->dev);
		return st;
	}
	st = cspdm_parse_hostport(o->connect, host, sizeof(host), &port);
	if (!st)
		st = cspdm_emu_connect(&s->client, host, port, (enum cspdm_transport)o->transport);
	s->io = st ? NULL : cspdm_emu_io(s->client);
	return st;
}

cspdm_status cli_conn_open(struct cli_conn *s, struct cli_conn_opts *o, cspdm_error *err)
{
	cspdm_status st;

	memset(s, 0, sizeof(*s));
	memset(err, 0, sizeof(*err));
	s->target = o->target;
	st = cspdm_openssl_new(&s->ossl, o->trust);
	if (st) {
		err->code = st;
		err->field = "--trust (no certificate could be read)";
		return st;
	}
	s->ops = cspdm_openssl_ops(s->ossl);
	o->cfg.crypto = s->ops;
	st = alloc_buffers(s, o);
	if (!st && o->evidence_dir) {
		s->evidence = cspdm_evidence_new();
		o->cfg.on_signature = cspdm_evidence_on_signature;
		o->cfg.on_signature_priv = s->evidence;
		st = s->evidence ? CSPDM_OK : CSPDM_E_BUFFER_TOO_SMALL;
	}
	if (!st)
		st = cspdm_init(&s->ctx, s->mem, cspdm_context_size(), &o->cfg);
	if (!st)
		st = open_device(s, o);
	err->code = st;
	return st;
}

void cli_conn_print_device_error(const struct cli_conn *s, FILE *f)
{
	char buf[256];

	if (cli_conn_device_error(s, buf, sizeof(buf)))
		fprintf(f, "  device:   %s: %s\n", s->target ? s->target : "", buf);
}

const char *cli_conn_device_error(const struct cli_conn *s, char *buf, size_t cap)
{
	const struct cspdm_dev_error *e = s->dev ? cspdm_device_error(s->dev) : &s->dev_err;

	return cspdm_dev_error_format(e, buf, cap) ? buf : NULL;
}

const char *cli_conn_transport_name(const struct cli_conn_opts *o)
{
	static const char *const names[] = {
	    [CSPDM_DEV_PCI_DOE] = "pci_doe", [CSPDM_DEV_NVME] = "nvme",
	    [CSPDM_DEV_SCSI] = "scsi",	     [CSPDM_DEV_MCTP] = "mctp",
	    [CSPDM_DEV_TCP] = "tcp",	     [CSPDM_DEV_TCP_LISTEN] = "tcp"};

	if (!o->device)
		return cspdm_transport_name((enum cspdm_transport)o->transport);
	return names[o->addr.kind];
}

void cli_conn_close(struct cli_conn *s)
{
	cspdm_emu_close(s->client);
	cspdm_device_close(s->dev);
	if (s->ctx)
		cspdm_deinit(s->ctx);
	cspdm_evidence_free(s->evidence);
	cspdm_openssl_free(s->ossl);
	free(s->mem);
	free(s->cert);
	free(s->rx);
	free(s->meas);
	free(s->transcript);
	memset(s, 0, sizeof(*s));
}

int cli_conn_write_evidence(struct cli_conn *s, const struct cli_conn_opts *o)
{
	cspdm_status st;

	if (!o->evidence_dir || !s->evidence)
		return 0;
	st = cspdm_evidence_write(s->evidence, o->evidence_dir);
	if (st) {
		fprintf(stderr, "cspdm %s: writing evidence to %s: %s\n", o->cmd, o->evidence_dir,
			cspdm_strerror(st));
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
