/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Captures of cspdm's own conversations (src/capture/): the tap around a struct cspdm_io writes
 * each message sent and received, in its binding, as one pcap packet in order (MCTP: link type
 * 291 with the 4-byte transport header; PCI DOE: 292, the data object as is), secured messages
 * with their own type; the file reads back through the same module and cspdm_capture_message;
 * and errors name the file with the OS's reason.
 */
#include "testutil.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "capture/capture.h"
#include "capture/pcap_file.h"
#include "cspdm/transport.h"

static const uint8_t get_version[] = {0x10, 0x84, 0x00, 0x00};
static const uint8_t version_rsp[] = {0x10, 0x04, 0x00, 0x00, 0x00, 0x01, 0x00, 0x12};
static const uint8_t secured[] = {0xff, 0xff, 0xff, 0xff, 0x01, 0x02, 0x03};

/* A device that answers each recv with the next canned message. */
struct fake {
	unsigned sent, received;
};

static cspdm_status fake_send(void *priv, enum cspdm_msg_kind kind, const uint8_t *msg, size_t len)
{
	struct fake *f = priv;

	(void)kind;
	(void)msg;
	(void)len;
	f->sent++;
	return CSPDM_OK;
}

static cspdm_status fake_recv(void *priv, uint8_t *buf, size_t cap, size_t *len,
			      enum cspdm_msg_kind *kind, uint64_t timeout_us)
{
	struct fake *f = priv;
	const uint8_t *m = f->received ? secured : version_rsp;
	size_t n = f->received ? sizeof(secured) : sizeof(version_rsp);

	(void)timeout_us;
	if (f->received++ > 1 || n > cap)
		return CSPDM_E_TIMEOUT;
	memcpy(buf, m, n);
	*len = n;
	if (kind)
		*kind = m == secured ? CSPDM_MSG_SECURED : CSPDM_MSG_SPDM;
	return CSPDM_OK;
}

static const char *tmp_file(const char *name)
{
	static char path[256];

	snprintf(path, sizeof(path), "/tmp/cspdm-test-capture-%d-%s", (int)getpid(), name);
	return path;
}

/* One conversation through the tap: GET_VERSION out, VERSION in, a secured message in. */
static void converse(enum cspdm_transport t, const char *path)
{
	struct fake f = {0};
	struct cspdm_io inner = {.priv = &f, .send = fake_send, .recv = fake_recv};
	static struct cspdm_capture_io tap;
	struct cspdm_pcap *p = NULL;
	enum cspdm_msg_kind kind;
	uint8_t buf[64];
	size_t n;

	assert_int_equal(cspdm_pcap_create(&p, path, cspdm_capture_linktype(t), NULL, NULL, 0),
			 CSPDM_OK);
	cspdm_capture_io_init(&tap, &inner, t, p);
	assert_int_equal(tap.io.send(tap.io.priv, CSPDM_MSG_SPDM, get_version, sizeof(get_version)),
			 CSPDM_OK);
	assert_int_equal(tap.io.recv(tap.io.priv, buf, sizeof(buf), &n, NULL, 0), CSPDM_OK);
	assert_int_equal(tap.io.recv(tap.io.priv, buf, sizeof(buf), &n, &kind, 0), CSPDM_OK);
	assert_int_equal(kind, CSPDM_MSG_SECURED);
	/* a failed receive writes nothing */
	assert_int_equal(tap.io.recv(tap.io.priv, buf, sizeof(buf), &n, &kind, 0), CSPDM_E_TIMEOUT);
	assert_int_equal(f.sent, 1);
	assert_int_equal(tap.write_status, CSPDM_OK);
	cspdm_pcap_close(p);
}

/* A conversation of transport t, captured and opened again: its link type must be lt. */
static struct cspdm_pcap *capture_of(enum cspdm_transport t, const char *path, int want_lt)
{
	struct cspdm_pcap *p = NULL;
	int lt = 0;

	converse(t, path);
	assert_int_equal(cspdm_pcap_open(&p, path, &lt, NULL, NULL, 0), CSPDM_OK);
	assert_int_equal(lt, want_lt);
	return p;
}

/* The next packet must be exactly want. */
static void expect_packet(struct cspdm_pcap *p, const uint8_t *want, size_t len)
{
	const uint8_t *pkt;
	size_t n;

	assert_int_equal(cspdm_pcap_next(p, &pkt, &n), 1);
	assert_int_equal(n, len);
	assert_memory_equal(pkt, want, len);
}

static void test_mctp(void **state)
{
	static const uint8_t p1[] = {0x00, 0x00, 0x00, 0xc0, 0x05, 0x10, 0x84, 0x00, 0x00};
	static const uint8_t p2[] = {0x00, 0x00, 0x00, 0xc0, 0x05, 0x10, 0x04,
				     0x00, 0x00, 0x00, 0x01, 0x00, 0x12};
	static const uint8_t p3[] = {0x00, 0x00, 0x00, 0xc0, 0x06, 0xff,
				     0xff, 0xff, 0xff, 0x01, 0x02, 0x03};
	const char *path = tmp_file("mctp.pcap");
	struct cspdm_pcap *p = capture_of(CSPDM_TRANSPORT_MCTP, path, CSPDM_LINKTYPE_MCTP);
	const uint8_t *msg;
	size_t mlen;
	uint32_t pad;

	(void)state;
	expect_packet(p, p1, sizeof(p1));
	expect_packet(p, p2, sizeof(p2));
	expect_packet(p, p3, sizeof(p3));
	assert_int_equal(cspdm_pcap_next(p, &msg, &mlen), 0);
	cspdm_pcap_close(p);
	/* the reader every capture goes through finds the SPDM message */
	assert_int_equal(
	    cspdm_capture_message(CSPDM_LINKTYPE_MCTP, p1, sizeof(p1), &msg, &mlen, &pad),
	    CSPDM_OK);
	assert_int_equal(mlen, sizeof(get_version));
	unlink(path);
}

static void test_doe(void **state)
{
	static const uint8_t p1[] = {0x01, 0x00, 0x01, 0x00, 0x03, 0x00,
				     0x00, 0x00, 0x10, 0x84, 0x00, 0x00};
	static const uint8_t p3[] = {0x01, 0x00, 0x02, 0x00, 0x04, 0x00, 0x00, 0x00,
				     0xff, 0xff, 0xff, 0xff, 0x01, 0x02, 0x03, 0x00};
	const char *path = tmp_file("doe.pcap");
	struct cspdm_pcap *p = capture_of(CSPDM_TRANSPORT_PCI_DOE, path, CSPDM_LINKTYPE_PCI_DOE);
	const uint8_t *pkt;
	size_t n;

	(void)state;
	expect_packet(p, p1, sizeof(p1));
	assert_int_equal(cspdm_pcap_next(p, &pkt, &n), 1);
	assert_int_equal(n, 8 + 8); /* VERSION, 8 bytes: no padding */
	expect_packet(p, p3, sizeof(p3));
	cspdm_pcap_close(p);
	unlink(path);
}

static void test_errors(void **state)
{
	struct cspdm_pcap *p = (void *)1;
	const char *path = tmp_file("not.pcap");
	char why[256];
	cspdm_error err;
	FILE *f;
	int lt;

	(void)state;
	assert_int_equal(cspdm_capture_linktype(CSPDM_TRANSPORT_NONE), -1);
	assert_int_equal(cspdm_pcap_create(&p, "/nonexistent/cspdm/x.pcap", CSPDM_LINKTYPE_MCTP,
					   &err, why, sizeof(why)),
			 CSPDM_E_IO);
	assert_null(p);
	assert_string_equal(err.field, "/nonexistent/cspdm/x.pcap");
	assert_int_equal(err.os_error, ENOENT);
	assert_string_equal(why, strerror(ENOENT));
	assert_int_equal(
	    cspdm_pcap_open(&p, "/nonexistent/cspdm/x.pcap", &lt, &err, why, sizeof(why)),
	    CSPDM_E_IO);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs("this is not a capture\n", f);
	fclose(f);
	assert_int_equal(cspdm_pcap_open(&p, path, &lt, &err, why, sizeof(why)), CSPDM_E_TRANSPORT);
	assert_true(strlen(why) > 0);
	assert_int_equal(err.os_error, 0);
	unlink(path);
	assert_int_equal(cspdm_capture_frame(NULL, CSPDM_TRANSPORT_NONE, get_version, 4),
			 CSPDM_E_INVALID_ARG);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_mctp),
	    cmocka_unit_test(test_doe),
	    cmocka_unit_test(test_errors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
