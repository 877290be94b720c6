/* SPDX-License-Identifier: BSD-3-Clause */
/* Devices by name (cspdm/device.h): the URI parser and the dispatch to the back-ends. */
#include "io/backend.h"

#include <ctype.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cspdm/transport.h"

struct cspdm_device {
	struct cspdm_backend *b;
	struct cspdm_dev_error err;
};

/* ---- failures ------------------------------------------------------------------------------- */

cspdm_status cspdm_dev_fail(struct cspdm_dev_error *e, cspdm_status code, const char *what,
			    int os_errno)
{
	e->code = code;
	e->what = what;
	e->os_errno = os_errno;
	e->status_kind = CSPDM_DEV_STATUS_NONE;
	e->status = 0;
	return code;
}

static cspdm_status errno_code(int e)
{
	switch (e) {
	case ENOENT:
	case ENODEV:
	case ENXIO:
	case ENETUNREACH:
	case EHOSTUNREACH:
	case EADDRNOTAVAIL:
	case ECONNREFUSED:
		return CSPDM_E_NO_DEVICE;
	case EACCES:
	case EPERM:
		return CSPDM_E_PERMISSION;
	case EAFNOSUPPORT:
	case EPROTONOSUPPORT:
	case ENOTTY:
	case EOPNOTSUPP:
		return CSPDM_E_NOT_OFFERED;
	case ETIMEDOUT:
	case EAGAIN:
		return CSPDM_E_TIMEOUT;
	}
	return CSPDM_E_IO;
}

cspdm_status cspdm_dev_fail_errno(struct cspdm_dev_error *e, const char *what, int os_errno)
{
	return cspdm_dev_fail(e, errno_code(os_errno), what, os_errno);
}

cspdm_status cspdm_dev_fail_status(struct cspdm_dev_error *e, cspdm_status code, const char *what,
				   enum cspdm_dev_status_kind kind, uint32_t status)
{
	cspdm_dev_fail(e, code, what, 0);
	e->status_kind = kind;
	e->status = status;
	return code;
}

cspdm_status cspdm_dev_deliver(struct cspdm_dev_error *e, const uint8_t *msg, size_t n,
			       enum cspdm_msg_kind k, uint8_t *buf, size_t cap, size_t *len,
			       enum cspdm_msg_kind *kind)
{
	if (k != CSPDM_MSG_SPDM && !kind)
		return cspdm_dev_fail(e, CSPDM_E_TRANSPORT,
				      "a secured message for a caller that "
				      "takes SPDM messages only",
				      0);
	if (n > cap)
		return cspdm_dev_fail(e, CSPDM_E_BUFFER_TOO_SMALL,
				      "response larger than the caller's buffer", 0);
	memcpy(buf, msg, n);
	*len = n;
	if (kind)
		*kind = k;
	return CSPDM_OK;
}

cspdm_status cspdm_dev_unframe(struct cspdm_dev_error *e, enum cspdm_transport t,
			       const uint8_t *frame, size_t n, const char *what_bad, uint8_t *buf,
			       size_t cap, size_t *len, enum cspdm_msg_kind *kind)
{
	const uint8_t *msg;
	size_t mlen;
	uint8_t type;
	enum cspdm_msg_kind k;

	if (cspdm_transport_decode(t, frame, n, &msg, &mlen, &type) ||
	    cspdm_transport_kind(t, type, &k))
		return cspdm_dev_fail(e, CSPDM_E_TRANSPORT, what_bad, 0);
	return cspdm_dev_deliver(e, msg, mlen, k, buf, cap, len, kind);
}

static void backend_sleep(void *priv, uint64_t us)
{
	const struct cspdm_backend *b = priv;

	b->sys->sleep_us(b->sys->priv, us);
}

void cspdm_backend_init(struct cspdm_backend *b, const struct cspdm_sys *sys,
			struct cspdm_dev_error *err, void (*close)(struct cspdm_backend *b),
			cspdm_status (*send)(void *, enum cspdm_msg_kind, const uint8_t *, size_t),
			cspdm_status (*recv)(void *, uint8_t *, size_t, size_t *,
					     enum cspdm_msg_kind *, uint64_t))
{
	b->sys = sys;
	b->err = err;
	b->close = close;
	b->io.priv = b;
	b->io.send = send;
	b->io.recv = recv;
	b->io.sleep_us = backend_sleep;
}

/* ---- URIs ----------------------------------------------------------------------------------- */

static bool starts(const char *s, const char *prefix, const char **rest)
{
	size_t n = strlen(prefix);

	if (strncmp(s, prefix, n) != 0)
		return false;
	*rest = s + n;
	return true;
}

/* A whole number, decimal or 0x-hex (hex when base_hex), at most max. */
static bool number(const char *s, size_t n, bool base_hex, uint32_t max, uint32_t *v)
{
	unsigned base = base_hex ? 16 : 10;
	uint64_t acc = 0;
	size_t i = 0;

	if (n > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		i = 2;
	}
	if (i >= n)
		return false;
	for (; i < n; i++) {
		char c = s[i];
		unsigned d = (c >= '0' && c <= '9')   ? (unsigned)(c - '0')
			     : (c >= 'a' && c <= 'f') ? (unsigned)(c - 'a' + 10)
			     : (c >= 'A' && c <= 'F') ? (unsigned)(c - 'A' + 10)
						      : 99u;

		if (d >= base)
			return false;
		acc = acc * base + d;
		if (acc > max)
			return false;
	}
	*v = (uint32_t)acc;
	return true;
}

/* Hex digits only (no 0x), at most max. */
static bool hex_digits(const char *s, size_t n, uint32_t max, uint32_t *v)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!isxdigit((unsigned char)s[i]))
			return false;
	return n > 0 && number(s, n, true, max, v);
}

/* [DDDD:]BB:DD.F -> "dddd:bb:dd.f" in a->path. */
static bool parse_bdf(const char *s, struct cspdm_dev_addr *a)
{
	const char *c2 = strrchr(s, ':'), *c1, *dot, *b = s;
	uint32_t dom = 0, bus, dev, fn;

	if (!c2 || !(dot = strchr(c2, '.')))
		return false;
	c1 = memchr(s, ':', (size_t)(c2 - s));
	if (c1) {
		if (!hex_digits(s, (size_t)(c1 - s), 0xFFFF, &dom))
			return false;
		b = c1 + 1;
	}
	if (!hex_digits(b, (size_t)(c2 - b), 0xFF, &bus) ||
	    !hex_digits(c2 + 1, (size_t)(dot - c2 - 1), 0x1F, &dev) ||
	    !hex_digits(dot + 1, strlen(dot + 1), 7, &fn))
		return false;
	(void)snprintf(a->path, sizeof(a->path), "%04x:%02x:%02x.%x", (unsigned)dom, (unsigned)bus,
		       (unsigned)dev, (unsigned)fn);
	return true;
}

static cspdm_status parse_pci(const char *s, struct cspdm_dev_addr *a, const char **why)
{
	const char *at = strchr(s, '@');
	char bdf[32];
	uint32_t off;
	size_t n = at ? (size_t)(at - s) : strlen(s);

	a->kind = CSPDM_DEV_PCI_DOE;
	a->doe_offset = CSPDM_DOE_ANY;
	*why = "pci: wants [DDDD:]BB:DD.F[@OFFSET], e.g. pci:0000:03:00.0";
	if (n >= sizeof(bdf))
		return CSPDM_E_INVALID_ARG;
	memcpy(bdf, s, n);
	bdf[n] = '\0';
	if (!parse_bdf(bdf, a))
		return CSPDM_E_INVALID_ARG;
	if (!at)
		return CSPDM_OK;
	*why = "pci: @OFFSET is a DOE capability's offset in hex, dword aligned, 0x100..0xffc";
	if (!number(at + 1, strlen(at + 1), true, 0xFFC, &off) || off < 0x100 || (off & 3))
		return CSPDM_E_INVALID_ARG;
	a->doe_offset = (int32_t)off;
	return CSPDM_OK;
}

static cspdm_status parse_path(const char *s, enum cspdm_dev_kind kind, struct cspdm_dev_addr *a,
			       const char **why)
{
	a->kind = kind;
	*why = "wants the device node, e.g. nvme:/dev/nvme0 or scsi:/dev/sg0";
	size_t n = strlen(s);

	if (s[0] != '/' || n >= sizeof(a->path))
		return CSPDM_E_INVALID_ARG;
	memcpy(a->path, s, n + 1);
	return CSPDM_OK;
}

static cspdm_status parse_mctp(const char *s, struct cspdm_dev_addr *a, const char **why)
{
	const char *colon = strchr(s, ':');
	uint32_t net = 0, eid;

	a->kind = CSPDM_DEV_MCTP;
	*why = "mctp: wants EID or NET:EID (EID 1..254, decimal or 0x-hex)";
	if (colon && !number(s, (size_t)(colon - s), false, UINT32_MAX, &net))
		return CSPDM_E_INVALID_ARG;
	s = colon ? colon + 1 : s;
	if (!number(s, strlen(s), false, 0xFE, &eid) || eid == 0)
		return CSPDM_E_INVALID_ARG;
	a->mctp_net = net;
	a->mctp_eid = (uint8_t)eid;
	return CSPDM_OK;
}

/* HOST:PORT (or [V6]:PORT); listen: [HOST:]PORT, port 0 allowed; a ",raw" suffix. */
static cspdm_status parse_tcp(const char *s, bool listen, struct cspdm_dev_addr *a,
			      const char **why)
{
	char buf[CSPDM_DEV_PATH_MAX + 8];
	char *comma;
	uint32_t port;
	const char *colon;
	size_t n = strlen(s);

	a->kind = listen ? CSPDM_DEV_TCP_LISTEN : CSPDM_DEV_TCP;
	*why = listen ? "tcp-listen: wants [HOST:]PORT[,raw]" : "tcp: wants HOST:PORT[,raw]";
	if (n >= sizeof(buf))
		return CSPDM_E_INVALID_ARG;
	memcpy(buf, s, n + 1);
	comma = strrchr(buf, ',');
	if (comma) {
		if (strcmp(comma, ",raw") != 0)
			return CSPDM_E_INVALID_ARG;
		*comma = '\0';
		a->tcp_raw = 1;
	}
	colon = strrchr(buf, ':');
	if (listen && !colon && number(buf, strlen(buf), false, 65535, &port)) {
		(void)snprintf(a->path, sizeof(a->path), "127.0.0.1");
		a->port = (uint16_t)port;
		return CSPDM_OK;
	}
	if (cspdm_parse_hostport(buf, a->path, sizeof(a->path), &a->port) == CSPDM_OK)
		return CSPDM_OK;
	if (listen && colon && colon[1] == '0' && colon[2] == '\0' && colon > buf) {
		size_t hn = (size_t)(colon - buf); /* HOST:0 */

		if (hn < sizeof(a->path)) {
			memcpy(a->path, buf, hn);
			a->path[hn] = '\0';
			a->port = 0;
			return CSPDM_OK;
		}
	}
	return CSPDM_E_INVALID_ARG;
}

cspdm_status cspdm_dev_parse(const char *uri, struct cspdm_dev_addr *a, const char **why)
{
	const char *rest;
	const char *dummy;

	if (!why)
		why = &dummy;
	*why = "unknown device: pci:BDF, nvme:/dev/nvmeN, scsi:/dev/sgN, mctp:EID, tcp:HOST:PORT "
	       "or tcp-listen:PORT";
	if (!uri || !a)
		return CSPDM_E_INVALID_ARG;
	memset(a, 0, sizeof(*a));
	a->doe_offset = CSPDM_DOE_ANY;
	if (starts(uri, "pci:", &rest))
		return parse_pci(rest, a, why);
	if (starts(uri, "nvme:", &rest))
		return parse_path(rest, CSPDM_DEV_NVME, a, why);
	if (starts(uri, "scsi:", &rest))
		return parse_path(rest, CSPDM_DEV_SCSI, a, why);
	if (starts(uri, "mctp:", &rest))
		return parse_mctp(rest, a, why);
	if (starts(uri, "tcp-listen:", &rest))
		return parse_tcp(rest, true, a, why);
	if (starts(uri, "tcp:", &rest))
		return parse_tcp(rest, false, a, why);
	return CSPDM_E_INVALID_ARG;
}

/* ---- open / close --------------------------------------------------------------------------- */

static cspdm_status open_backend(struct cspdm_device *d, const struct cspdm_dev_addr *a,
				 const struct cspdm_dev_opts *opts)
{
	const struct cspdm_sys *sys = opts && opts->sys ? opts->sys : cspdm_sys_os();

	switch (a->kind) {
	case CSPDM_DEV_PCI_DOE:
		return cspdm_doe_open(a, sys, &d->err, &d->b);
	case CSPDM_DEV_NVME:
		return cspdm_nvme_open(a, sys, &d->err, &d->b);
	case CSPDM_DEV_SCSI:
		return cspdm_scsi_open(a, sys, &d->err, &d->b);
	case CSPDM_DEV_MCTP:
		return cspdm_mctp_open(a, sys, &d->err, &d->b);
	case CSPDM_DEV_TCP:
	case CSPDM_DEV_TCP_LISTEN:
		return cspdm_tcp_open(a, opts, &d->err, &d->b);
	}
	return cspdm_dev_fail(&d->err, CSPDM_E_INVALID_ARG, "unknown device kind", 0);
}

cspdm_status cspdm_device_open(struct cspdm_device **out, const struct cspdm_dev_addr *a,
			       const struct cspdm_dev_opts *opts, struct cspdm_dev_error *err)
{
	struct cspdm_device *d;
	cspdm_status st;

	if (err)
		memset(err, 0, sizeof(*err));
	if (!out || !a)
		return CSPDM_E_INVALID_ARG;
	*out = NULL;
	d = calloc(1, sizeof(*d));
	if (!d)
		return err ? cspdm_dev_fail(err, CSPDM_E_IO, "out of memory", ENOMEM) : CSPDM_E_IO;
	st = open_backend(d, a, opts);
	if (st != CSPDM_OK) {
		if (err)
			*err = d->err;
		free(d);
		return st;
	}
	memset(&d->err, 0, sizeof(d->err)); /* probes on the way may have failed harmlessly */
	*out = d;
	return CSPDM_OK;
}

const struct cspdm_io *cspdm_device_io(struct cspdm_device *d)
{
	return d ? &d->b->io : NULL;
}

const struct cspdm_dev_error *cspdm_device_error(const struct cspdm_device *d)
{
	return d ? &d->err : NULL;
}

const char *cspdm_device_describe(const struct cspdm_device *d)
{
	return d ? d->b->desc : "";
}

void cspdm_device_close(struct cspdm_device *d)
{
	if (!d)
		return;
	d->b->close(d->b);
	free(d);
}

/* ---- text ----------------------------------------------------------------------------------- */

static const char *nvme_status_text(uint32_t sf)
{
	uint32_t sct = (sf >> 8) & 7, sc = sf & 0xFF;

	if (sct != 0)
		return sct == 1 ? "command specific" : sct == 2 ? "media error" : "other";
	switch (sc) {
	case 0x01:
		return "Invalid Command Opcode";
	case 0x02:
		return "Invalid Field in Command";
	case 0x04:
		return "Data Transfer Error";
	case 0x06:
		return "Internal Error";
	case 0x0B:
		return "Invalid Namespace or Format";
	}
	return "generic";
}

static const char *sense_key_text(uint32_t key)
{
	static const char *const keys[16] = {
	    "NO SENSE",	      "RECOVERED ERROR", "NOT READY",	   "MEDIUM ERROR",
	    "HARDWARE ERROR", "ILLEGAL REQUEST", "UNIT ATTENTION", "DATA PROTECT",
	    "BLANK CHECK",    "VENDOR SPECIFIC", "COPY ABORTED",   "ABORTED COMMAND",
	    "reserved",	      "VOLUME OVERFLOW", "MISCOMPARE",	   "COMPLETED"};

	return keys[key & 0xF];
}

static size_t status_text(const struct cspdm_dev_error *e, char *buf, size_t cap)
{
	uint32_t s = e->status;

	switch (e->status_kind) {
	case CSPDM_DEV_STATUS_NVME:
		return (size_t)snprintf(buf, cap, "; NVMe status 0x%04x (SCT %u SC 0x%02x: %s%s)",
					(unsigned)s, (unsigned)((s >> 8) & 7), (unsigned)(s & 0xFF),
					nvme_status_text(s), (s & 0x4000) ? ", DNR" : "");
	case CSPDM_DEV_STATUS_SCSI:
		return (size_t)snprintf(buf, cap,
					"; SCSI status 0x%02x, sense key 0x%x (%s), ASC/ASCQ "
					"0x%02x/0x%02x",
					(unsigned)(s >> 24), (unsigned)((s >> 16) & 0xF),
					sense_key_text((s >> 16) & 0xF),
					(unsigned)((s >> 8) & 0xFF), (unsigned)(s & 0xFF));
	case CSPDM_DEV_STATUS_DOE:
		return (size_t)snprintf(buf, cap, "; DOE Status 0x%08x", (unsigned)s);
	case CSPDM_DEV_STATUS_NONE:
		break;
	}
	return 0;
}

size_t cspdm_dev_error_format(const struct cspdm_dev_error *e, char *buf, size_t cap)
{
	size_t n;

	if (!buf || cap == 0)
		return 0;
	buf[0] = '\0';
	if (!e || e->code == CSPDM_OK)
		return 0;
	n = (size_t)snprintf(buf, cap, "%s", e->what ? e->what : cspdm_strerror(e->code));
	if (n < cap && e->os_errno)
		n += (size_t)snprintf(buf + n, cap - n, ": %s", strerror(e->os_errno));
	if (n < cap)
		n += status_text(e, buf + n, cap - n);
	return n < cap ? n : cap - 1;
}
