/* SPDX-License-Identifier: BSD-3-Clause */
#include "testutil.h"
#include "cspdm/responder.h"
#include "cspdm/transport.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

uint8_t *tu_read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf = NULL;
	long n;

	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0) {
		buf = malloc((size_t)n + 1);
		if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
			free(buf);
			buf = NULL;
		}
		if (buf)
			*len = (size_t)n;
	}
	fclose(f);
	return buf;
}

const char *tu_data_path(const char *rel)
{
	static char path[4096];

	snprintf(path, sizeof(path), "%s/%s", CSPDM_DATA_DIR, rel);
	return path;
}

static int nibble(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int tu_hex(const char *hex, uint8_t *out, size_t cap)
{
	size_t n = 0;
	int hi = -1;

	for (; *hex; hex++) {
		int v = nibble(*hex);

		if (v < 0) {
			if (*hex == ' ' || *hex == '\n' || *hex == ':')
				continue;
			return -1;
		}
		if (hi < 0) {
			hi = v;
			continue;
		}
		if (n >= cap)
			return -1;
		out[n++] = (uint8_t)(hi << 4 | v);
		hi = -1;
	}
	return hi < 0 ? (int)n : -1;
}

uint16_t tu_free_port(void)
{
	struct sockaddr_in a;
	socklen_t al = sizeof(a);
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	uint16_t port = 0;

	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (fd >= 0 && bind(fd, (struct sockaddr *)&a, sizeof(a)) == 0 &&
	    getsockname(fd, (struct sockaddr *)&a, &al) == 0)
		port = ntohs(a.sin_port);
	if (fd >= 0)
		close(fd);
	return port;
}

uint8_t *tu_exact(const uint8_t *src, size_t len)
{
	uint8_t *p = malloc(len ? len : 1);

	assert_non_null(p);
	if (len)
		memcpy(p, src, len);
	return p;
}

size_t tu_hex_must(const char *s, uint8_t *out, size_t cap)
{
	int n = tu_hex(s, out, cap);

	assert_true(n >= 0);
	return (size_t)n;
}

void tu_expect_err(cspdm_status st, const cspdm_error *err, cspdm_status code, const char *field,
		   uint32_t offset)
{
	if (st != code || !err->field || strcmp(err->field, field) || err->offset != offset)
		print_message("got %s, field %s, offset %u\n", cspdm_status_name(st),
			      err->field ? err->field : "-", (unsigned)err->offset);
	assert_int_equal(st, code);
	assert_int_equal(err->code, code);
	assert_non_null(err->field);
	assert_string_equal(err->field, field);
	assert_int_equal(err->offset, offset);
}

cspdm_status tu_run(tu_dec_fn dec, const uint8_t *msg, size_t len, uint32_t max_pad,
		    cspdm_error *err)
{
	uint8_t *p = tu_exact(msg, len);
	cspdm_status st;

	memset(err, 0, sizeof(*err));
	st = dec(p, len, max_pad, err);
	free(p);
	return st;
}

void tu_check_truncations(tu_dec_fn dec, const uint8_t *msg, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		cspdm_error err;
		cspdm_status st = tu_run(dec, msg, i, 0, &err);

		if (st != CSPDM_E_TRUNCATED)
			print_message("a prefix of %zu bytes gave %s (field %s)\n", i,
				      cspdm_status_name(st), err.field ? err.field : "-");
		assert_int_equal(st, CSPDM_E_TRUNCATED);
		assert_int_equal(err.code, CSPDM_E_TRUNCATED);
		assert_non_null(err.field);
		assert_true(err.offset <= i);
	}
}

void tu_check_padding(tu_dec_fn dec, const uint8_t *msg, size_t len, const size_t *dec_len)
{
	uint8_t *buf = malloc(len + 4);
	cspdm_error err;
	uint32_t max_pad, pad;

	assert_non_null(buf);
	memcpy(buf, msg, len);
	memset(buf + len, 0, 4);
	for (max_pad = 0; max_pad <= 3; max_pad++) {
		for (pad = 0; pad <= max_pad; pad++) {
			assert_int_equal(tu_run(dec, buf, len + pad, max_pad, &err), CSPDM_OK);
			if (dec_len)
				assert_int_equal(*dec_len, len);
		}
		tu_expect_err(tu_run(dec, buf, len + pad, max_pad, &err), &err, CSPDM_E_TRAILING,
			      "end of message", (uint32_t)len);
	}
	buf[len] = 0x01;
	tu_expect_err(tu_run(dec, buf, len + 1, 3, &err), &err, CSPDM_E_TRAILING, "end of message",
		      (uint32_t)len);
	free(buf);
}

/* ---- tu_link ------------------------------------------------------------------------------ */

static cspdm_status link_send(void *priv, enum cspdm_msg_kind kind, const uint8_t *msg, size_t len)
{
	struct tu_link *l = priv;
	uint32_t pad = l->transport == CSPDM_TRANSPORT_PCI_DOE ? 3 : 0;
	int secured = kind == CSPDM_MSG_SECURED;

	if (len > sizeof(l->req))
		return CSPDM_E_BUFFER_TOO_SMALL;
	memcpy(l->req, msg, len);
	l->req_len = len;
	l->sends++;
	if (l->pre)
		l->pre(l);
	len = l->req_len;
	/* NONE cannot mark records: the responder tells them by their session ID */
	if (!secured && l->transport == CSPDM_TRANSPORT_NONE &&
	    cspdm_responder_is_secured(l->rsp, l->req, len))
		secured = 1;
	l->req_kind = secured ? CSPDM_MSG_SECURED : CSPDM_MSG_SPDM;
	l->reply_len =
	    secured ? cspdm_responder_process_secured(l->rsp, l->req, len, pad, l->reply,
						      sizeof(l->reply))
		    : cspdm_responder_process(l->rsp, l->req, len, pad, l->reply, sizeof(l->reply));
	l->reply_kind =
	    secured && l->transport != CSPDM_TRANSPORT_NONE ? CSPDM_MSG_SECURED : CSPDM_MSG_SPDM;
	if (l->hook)
		l->hook(l);
	return CSPDM_OK;
}

static cspdm_status link_recv(void *priv, uint8_t *buf, size_t cap, size_t *len,
			      enum cspdm_msg_kind *kind, uint64_t timeout_us)
{
	struct tu_link *l = priv;

	(void)timeout_us;
	if (!l->reply_len)
		return CSPDM_E_TIMEOUT; /* no answer */
	if ((l->reply_kind != CSPDM_MSG_SPDM && !kind) || l->reply_len > cap)
		return CSPDM_E_TRANSPORT;
	memcpy(buf, l->reply, l->reply_len);
	*len = l->reply_len;
	if (kind)
		*kind = l->reply_kind;
	return CSPDM_OK;
}

static void link_sleep(void *priv, uint64_t us)
{
	(void)priv;
	(void)us;
}

void tu_link_init(struct tu_link *l, struct cspdm_responder *rsp, int transport)
{
	memset(l, 0, sizeof(*l));
	l->rsp = rsp;
	l->transport = transport;
	l->io.priv = l;
	l->io.send = link_send;
	l->io.recv = link_recv;
	l->io.sleep_us = link_sleep;
	l->io.max_pad = transport == CSPDM_TRANSPORT_PCI_DOE ? 3 : 0;
	l->io.has_secured = 1;
	cspdm_transport_secured_binding((enum cspdm_transport)transport, &l->io.secured);
}

void tu_decode_ok(tu_dec_fn dec, const uint8_t *msg, size_t len)
{
	cspdm_error err;
	cspdm_status st;

	memset(&err, 0, sizeof(err));
	st = dec(msg, len, 0, &err);
	if (st)
		print_message("decode: %s field %s offset %u\n", cspdm_status_name(st),
			      err.field ? err.field : "-", err.offset);
	assert_int_equal(st, CSPDM_OK);
}

void tu_expect_at(tu_dec_fn dec, const uint8_t *msg, size_t len, size_t at, uint8_t value,
		  cspdm_status code, const char *field, uint32_t offset)
{
	uint8_t *copy = tu_exact(msg, len);
	cspdm_error err;

	copy[at] = value;
	tu_expect_err(tu_run(dec, copy, len, 0, &err), &err, code, field, offset);
	free(copy);
}

void tu_fill(uint8_t *p, size_t n, uint8_t start)
{
	size_t i;

	for (i = 0; i < n; i++)
		p[i] = (uint8_t)(start + i);
}
