/* SPDX-License-Identifier: BSD-3-Clause */
/* Transport bindings: NONE, MCTP and PCI DOE framing, checked byte by byte. */
#include "testutil.h"

#include <stdlib.h>
#include <string.h>

#include "cspdm/transport.h"
#include "transport/tcp.h"

#define MAX_MSG 70

static void fill_msg(uint8_t *msg, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		msg[i] = (uint8_t)(0xA0 + i);
}

/* ---- names ---------------------------------------------------------------------------------- */

static void test_parse(void **state)
{
	(void)state;
	assert_int_equal(cspdm_transport_parse("none"), CSPDM_TRANSPORT_NONE);
	assert_int_equal(cspdm_transport_parse("NONE"), CSPDM_TRANSPORT_NONE);
	assert_int_equal(cspdm_transport_parse("mctp"), CSPDM_TRANSPORT_MCTP);
	assert_int_equal(cspdm_transport_parse("McTp"), CSPDM_TRANSPORT_MCTP);
	assert_int_equal(cspdm_transport_parse("doe"), CSPDM_TRANSPORT_PCI_DOE);
	assert_int_equal(cspdm_transport_parse("DOE"), CSPDM_TRANSPORT_PCI_DOE);
	assert_int_equal(cspdm_transport_parse("pci_doe"), CSPDM_TRANSPORT_PCI_DOE);
	assert_int_equal(cspdm_transport_parse("PCI_DOE"), CSPDM_TRANSPORT_PCI_DOE);
	assert_int_equal(cspdm_transport_parse(""), -1);
	assert_int_equal(cspdm_transport_parse("mct"), -1);
	assert_int_equal(cspdm_transport_parse("mctpx"), -1);
	assert_int_equal(cspdm_transport_parse("tcp"), CSPDM_TRANSPORT_TCP);
	assert_int_equal(cspdm_transport_parse("TCP"), CSPDM_TRANSPORT_TCP);
	assert_int_equal(cspdm_transport_parse("tcpx"), -1);
	assert_int_equal(cspdm_transport_parse(NULL), -1);
}

static void test_name(void **state)
{
	(void)state;
	assert_string_equal(cspdm_transport_name(CSPDM_TRANSPORT_NONE), "none");
	assert_string_equal(cspdm_transport_name(CSPDM_TRANSPORT_MCTP), "mctp");
	assert_string_equal(cspdm_transport_name(CSPDM_TRANSPORT_PCI_DOE), "pci_doe");
	assert_string_equal(cspdm_transport_name((enum cspdm_transport)7), "unknown");
	/* every name parses back */
	assert_int_equal(cspdm_transport_parse(cspdm_transport_name(CSPDM_TRANSPORT_PCI_DOE)),
			 CSPDM_TRANSPORT_PCI_DOE);
}

/* ---- round trips ---------------------------------------------------------------------------- */

static void roundtrip_none(size_t len)
{
	uint8_t msg[MAX_MSG], out[MAX_MSG + CSPDM_TRANSPORT_OVERHEAD];
	const uint8_t *m = NULL;
	size_t out_len = 0, m_len = 0;
	uint8_t type = 0xEE;

	fill_msg(msg, len);
	assert_int_equal(
	    cspdm_transport_encode(CSPDM_TRANSPORT_NONE, msg, len, out, sizeof(out), &out_len),
	    CSPDM_OK);
	assert_int_equal(out_len, len);
	assert_memory_equal(out, msg, len);
	assert_int_equal(
	    cspdm_transport_decode(CSPDM_TRANSPORT_NONE, out, out_len, &m, &m_len, &type),
	    CSPDM_OK);
	assert_ptr_equal(m, out);
	assert_int_equal(m_len, len);
	assert_int_equal(type, 0);
}

static void roundtrip_mctp(size_t len)
{
	uint8_t msg[MAX_MSG], out[MAX_MSG + CSPDM_TRANSPORT_OVERHEAD], expect[MAX_MSG + 1];
	const uint8_t *m = NULL;
	size_t out_len = 0, m_len = 0;
	uint8_t type = 0;

	fill_msg(msg, len);
	expect[0] = 0x05;
	memcpy(expect + 1, msg, len);
	assert_int_equal(
	    cspdm_transport_encode(CSPDM_TRANSPORT_MCTP, msg, len, out, sizeof(out), &out_len),
	    CSPDM_OK);
	assert_int_equal(out_len, len + 1);
	assert_memory_equal(out, expect, len + 1);
	assert_int_equal(
	    cspdm_transport_decode(CSPDM_TRANSPORT_MCTP, out, out_len, &m, &m_len, &type),
	    CSPDM_OK);
	assert_int_equal(type, CSPDM_MCTP_TYPE_SPDM);
	assert_ptr_equal(m, out + 1);
	assert_int_equal(m_len, len);
	assert_memory_equal(m, msg, len);
}

/* The DOE frame built by hand: header, message, zero padding to a DWORD. */
static size_t doe_expected(const uint8_t *msg, size_t len, uint8_t *f)
{
	size_t total = 8 + ((len + 3) / 4) * 4;
	uint32_t dw = (uint32_t)(total / 4);

	memset(f, 0, total);
	f[0] = 0x01; /* vendor ID 0x0001, LE */
	f[1] = 0x00;
	f[2] = 0x01; /* SPDM */
	f[3] = 0x00;
	f[4] = (uint8_t)dw;
	f[5] = (uint8_t)(dw >> 8);
	f[6] = (uint8_t)(dw >> 16);
	f[7] = (uint8_t)(dw >> 24);
	memcpy(f + 8, msg, len);
	return total;
}

static void roundtrip_doe(size_t len)
{
	uint8_t msg[MAX_MSG], out[MAX_MSG + CSPDM_TRANSPORT_OVERHEAD];
	uint8_t expect[MAX_MSG + CSPDM_TRANSPORT_OVERHEAD];
	const uint8_t *m = NULL;
	size_t out_len = 0, m_len = 0, exp_len, i;
	uint8_t type = 0;

	fill_msg(msg, len);
	exp_len = doe_expected(msg, len, expect);
	memset(out, 0xCC, sizeof(out)); /* padding must be written, not left over */
	assert_int_equal(
	    cspdm_transport_encode(CSPDM_TRANSPORT_PCI_DOE, msg, len, out, sizeof(out), &out_len),
	    CSPDM_OK);
	assert_int_equal(out_len, exp_len);
	assert_int_equal(out_len % 4, 0);
	assert_true(out_len - 8 - len <= 3);
	assert_memory_equal(out, expect, exp_len);
	assert_int_equal(
	    cspdm_transport_decode(CSPDM_TRANSPORT_PCI_DOE, out, out_len, &m, &m_len, &type),
	    CSPDM_OK);
	assert_int_equal(type, CSPDM_DOE_TYPE_SPDM);
	assert_ptr_equal(m, out + 8);
	assert_int_equal(m_len, exp_len - 8); /* padding included */
	assert_memory_equal(m, msg, len);
	for (i = len; i < m_len; i++)
		assert_int_equal(m[i], 0);
}

static void test_roundtrip_all_sizes(void **state)
{
	size_t len;

	(void)state;
	for (len = 1; len <= MAX_MSG; len++) {
		roundtrip_none(len);
		roundtrip_mctp(len);
		roundtrip_doe(len);
	}
}

static void test_doe_known_frame(void **state)
{
	/* GET_VERSION 1.0: 10 84 00 00 -> 3 DWORDs, no padding */
	static const uint8_t msg[] = {0x10, 0x84, 0x00, 0x00};
	static const uint8_t want[] = {0x01, 0x00, 0x01, 0x00, 0x03, 0x00,
				       0x00, 0x00, 0x10, 0x84, 0x00, 0x00};
	/* 5 bytes -> 16-byte frame, 4 DWORDs, 3 bytes padding */
	static const uint8_t msg5[] = {0x12, 0xE1, 0x00, 0x00, 0x7F};
	static const uint8_t want5[] = {0x01, 0x00, 0x01, 0x00, 0x04, 0x00, 0x00, 0x00,
					0x12, 0xE1, 0x00, 0x00, 0x7F, 0x00, 0x00, 0x00};
	uint8_t out[32];
	size_t n = 0;

	(void)state;
	assert_int_equal(
	    cspdm_transport_encode(CSPDM_TRANSPORT_PCI_DOE, msg, sizeof(msg), out, sizeof(out), &n),
	    CSPDM_OK);
	assert_int_equal(n, sizeof(want));
	assert_memory_equal(out, want, sizeof(want));
	assert_int_equal(cspdm_transport_encode(CSPDM_TRANSPORT_PCI_DOE, msg5, sizeof(msg5), out,
						sizeof(out), &n),
			 CSPDM_OK);
	assert_int_equal(n, sizeof(want5));
	assert_memory_equal(out, want5, sizeof(want5));
}

static void test_empty_message(void **state)
{
	static const uint8_t want_doe[] = {0x01, 0x00, 0x01, 0x00, 0x02, 0x00, 0x00, 0x00};
	uint8_t out[16];
	const uint8_t *m;
	size_t n = 99, m_len = 99;
	uint8_t type;

	(void)state;
	assert_int_equal(
	    cspdm_transport_encode(CSPDM_TRANSPORT_NONE, NULL, 0, out, sizeof(out), &n), CSPDM_OK);
	assert_int_equal(n, 0);
	assert_int_equal(cspdm_transport_decode(CSPDM_TRANSPORT_NONE, NULL, 0, &m, &m_len, &type),
			 CSPDM_OK);
	assert_int_equal(m_len, 0);
	assert_non_null(m);
	assert_int_equal(
	    cspdm_transport_encode(CSPDM_TRANSPORT_MCTP, NULL, 0, out, sizeof(out), &n), CSPDM_OK);
	assert_int_equal(n, 1);
	assert_int_equal(out[0], 0x05);
	assert_int_equal(cspdm_transport_decode(CSPDM_TRANSPORT_MCTP, out, 1, &m, &m_len, &type),
			 CSPDM_OK);
	assert_int_equal(m_len, 0);
	assert_int_equal(
	    cspdm_transport_encode(CSPDM_TRANSPORT_PCI_DOE, NULL, 0, out, sizeof(out), &n),
	    CSPDM_OK);
	assert_int_equal(n, 8);
	assert_memory_equal(out, want_doe, 8);
	assert_int_equal(cspdm_transport_decode(CSPDM_TRANSPORT_PCI_DOE, out, 8, &m, &m_len, &type),
			 CSPDM_OK);
	assert_int_equal(m_len, 0);
}

/* A message that fills the largest DOE object: 2^18 DWORDs, encoded as length 0. */
static void test_doe_max_length(void **state)
{
	size_t total = (size_t)1 << 20, n = 0, m_len = 0;
	uint8_t *msg = calloc(1, total);
	uint8_t *out = malloc(total + 4);
	const uint8_t *m = NULL;
	uint8_t type = 0xEE;

	(void)state;
	assert_non_null(msg);
	assert_non_null(out);
	assert_int_equal(
	    cspdm_transport_encode(CSPDM_TRANSPORT_PCI_DOE, msg, total - 8, out, total + 4, &n),
	    CSPDM_OK);
	assert_int_equal(n, total);
	assert_int_equal(out[4] | out[5] | out[6] | out[7], 0);
	assert_int_equal(cspdm_transport_decode(CSPDM_TRANSPORT_PCI_DOE, out, n, &m, &m_len, &type),
			 CSPDM_OK);
	assert_int_equal(m_len, total - 8);
	assert_int_equal(type, CSPDM_DOE_TYPE_SPDM);
	/* one byte more cannot be expressed */
	assert_int_equal(
	    cspdm_transport_encode(CSPDM_TRANSPORT_PCI_DOE, msg, total - 7, out, total + 4, &n),
	    CSPDM_E_INVALID_ARG);
	/* length 0 on a short frame is a mismatch, not "small" */
	assert_int_equal(
	    cspdm_transport_decode(CSPDM_TRANSPORT_PCI_DOE, out, 16, &m, &m_len, &type),
	    CSPDM_E_TRANSPORT);
	free(msg);
	free(out);
}

static void test_other_types_decode(void **state)
{
	static const uint8_t secured_mctp[] = {0x06, 0x01, 0x02};
	/* DOE discovery request: type 0, 3 DWORDs */
	static const uint8_t disc[] = {0x01, 0x00, 0x00, 0x00, 0x03, 0x00,
				       0x00, 0x00, 0x00, 0x00, 0x00, 0x00};
	static const uint8_t sec[] = {0x01, 0x00, 0x02, 0x00, 0x03, 0x00,
				      0x00, 0x00, 0xAA, 0xBB, 0xCC, 0xDD};
	const uint8_t *m;
	size_t m_len;
	uint8_t type;

	(void)state;
	assert_int_equal(cspdm_transport_decode(CSPDM_TRANSPORT_MCTP, secured_mctp,
						sizeof(secured_mctp), &m, &m_len, &type),
			 CSPDM_OK);
	assert_int_equal(type, CSPDM_MCTP_TYPE_SECURED);
	assert_int_equal(m_len, 2);
	assert_int_equal(
	    cspdm_transport_decode(CSPDM_TRANSPORT_PCI_DOE, disc, sizeof(disc), &m, &m_len, &type),
	    CSPDM_OK);
	assert_int_equal(type, CSPDM_DOE_TYPE_DISCOVERY);
	assert_int_equal(m_len, 4);
	assert_int_equal(
	    cspdm_transport_decode(CSPDM_TRANSPORT_PCI_DOE, sec, sizeof(sec), &m, &m_len, &type),
	    CSPDM_OK);
	assert_int_equal(type, CSPDM_DOE_TYPE_SECURED_SPDM);
	/* type is optional */
	assert_int_equal(
	    cspdm_transport_decode(CSPDM_TRANSPORT_PCI_DOE, sec, sizeof(sec), &m, &m_len, NULL),
	    CSPDM_OK);
}

/* ---- malformed frames ----------------------------------------------------------------------- */

/* A valid 16-byte DOE frame carrying 5 bytes + 3 padding. */
static size_t good_doe(uint8_t *f)
{
	static const uint8_t msg[] = {0x12, 0xE1, 0x00, 0x00, 0x7F};

	return doe_expected(msg, sizeof(msg), f);
}

static void expect_doe_bad(const uint8_t *f, size_t len)
{
	const uint8_t *m = NULL;
	size_t m_len = 0;
	uint8_t type = 0xEE;

	assert_int_equal(cspdm_transport_decode(CSPDM_TRANSPORT_PCI_DOE, f, len, &m, &m_len, &type),
			 CSPDM_E_TRANSPORT);
}

static void test_doe_malformed(void **state)
{
	uint8_t f[32], g[32];
	size_t len = good_doe(f), i;

	(void)state;
	/* wrong vendor ID: 0x0002, 0x0100, 0x0000 */
	memcpy(g, f, len);
	g[0] = 0x02;
	expect_doe_bad(g, len);
	memcpy(g, f, len);
	g[0] = 0x00;
	g[1] = 0x01;
	expect_doe_bad(g, len);
	memcpy(g, f, len);
	g[0] = 0x00;
	expect_doe_bad(g, len);
	/* reserved byte set */
	memcpy(g, f, len);
	g[3] = 0x80;
	expect_doe_bad(g, len);
	/* length too big, too small, 0, 1 */
	memcpy(g, f, len);
	g[4] = 5;
	expect_doe_bad(g, len);
	g[4] = 3;
	expect_doe_bad(g, len);
	g[4] = 0;
	expect_doe_bad(g, len);
	g[4] = 1;
	expect_doe_bad(g, len);
	g[4] = 2;
	expect_doe_bad(g, len);
	/* length right in bits 17:0 but reserved bits 31:18 set */
	memcpy(g, f, len);
	g[6] = 0x04; /* bit 18 */
	expect_doe_bad(g, len);
	g[6] = 0x00;
	g[7] = 0x80; /* bit 31 */
	expect_doe_bad(g, len);
	/* frame not a DWORD multiple: header says 4 DWORDs, frame has 13, 15 or 17 bytes */
	memcpy(g, f, len);
	expect_doe_bad(g, 13);
	expect_doe_bad(g, 15);
	g[16] = 0;
	expect_doe_bad(g, 17);
	/* truncated header at each length 0..7 */
	for (i = 0; i < 8; i++)
		expect_doe_bad(f, i);
	expect_doe_bad(NULL, 0);
	/* the good one still decodes */
	{
		const uint8_t *m;
		size_t m_len;
		uint8_t type;

		assert_int_equal(
		    cspdm_transport_decode(CSPDM_TRANSPORT_PCI_DOE, f, len, &m, &m_len, &type),
		    CSPDM_OK);
		assert_int_equal(m_len, 8);
	}
}

static void test_mctp_empty(void **state)
{
	uint8_t f[1] = {0x05};
	const uint8_t *m;
	size_t m_len;
	uint8_t type;

	(void)state;
	assert_int_equal(cspdm_transport_decode(CSPDM_TRANSPORT_MCTP, f, 0, &m, &m_len, &type),
			 CSPDM_E_TRANSPORT);
	assert_int_equal(cspdm_transport_decode(CSPDM_TRANSPORT_MCTP, NULL, 0, &m, &m_len, &type),
			 CSPDM_E_TRANSPORT);
}

/* ---- encode limits and arguments ------------------------------------------------------------ */

static void expect_too_small(enum cspdm_transport t, size_t len, size_t need)
{
	uint8_t msg[MAX_MSG], out[MAX_MSG + CSPDM_TRANSPORT_OVERHEAD];
	size_t n = 0, cap;

	fill_msg(msg, len);
	for (cap = 0; cap < need; cap++)
		assert_int_equal(cspdm_transport_encode(t, msg, len, out, cap, &n),
				 CSPDM_E_BUFFER_TOO_SMALL);
	assert_int_equal(cspdm_transport_encode(t, msg, len, out, need, &n), CSPDM_OK);
	assert_int_equal(n, need);
}

static void test_encode_too_small(void **state)
{
	(void)state;
	expect_too_small(CSPDM_TRANSPORT_NONE, 10, 10);
	expect_too_small(CSPDM_TRANSPORT_MCTP, 10, 11);
	expect_too_small(CSPDM_TRANSPORT_PCI_DOE, 10, 20);
	expect_too_small(CSPDM_TRANSPORT_PCI_DOE, 12, 20);
	expect_too_small(CSPDM_TRANSPORT_PCI_DOE, 13, 24);
}

/* ---- secured messages ------------------------------------------------------------------------ */

static void test_secured_frames(void **state)
{
	static const uint8_t rec[6] = {0xFF, 0xFF, 0xFF, 0xFF, 0x10, 0x00};
	uint8_t out[32];
	const uint8_t *msg;
	size_t n, mlen;
	uint8_t type;
	enum cspdm_msg_kind k;

	(void)state;
	assert_int_equal(cspdm_transport_encode_kind(CSPDM_TRANSPORT_MCTP, CSPDM_MSG_SECURED, rec,
						     sizeof(rec), out, sizeof(out), &n),
			 CSPDM_OK);
	assert_int_equal(n, 7);
	assert_int_equal(out[0], CSPDM_MCTP_TYPE_SECURED);
	assert_memory_equal(out + 1, rec, sizeof(rec));
	assert_int_equal(cspdm_transport_decode(CSPDM_TRANSPORT_MCTP, out, n, &msg, &mlen, &type),
			 CSPDM_OK);
	assert_int_equal(cspdm_transport_kind(CSPDM_TRANSPORT_MCTP, type, &k), CSPDM_OK);
	assert_int_equal(k, CSPDM_MSG_SECURED);
	assert_int_equal(cspdm_transport_encode_kind(CSPDM_TRANSPORT_PCI_DOE, CSPDM_MSG_SECURED,
						     rec, sizeof(rec), out, sizeof(out), &n),
			 CSPDM_OK);
	assert_int_equal(n, 16); /* 8 header + 6 + 2 padding */
	assert_int_equal(out[2], CSPDM_DOE_TYPE_SECURED_SPDM);
	assert_int_equal(out[4], 4);
	assert_int_equal(
	    cspdm_transport_decode(CSPDM_TRANSPORT_PCI_DOE, out, n, &msg, &mlen, &type), CSPDM_OK);
	assert_int_equal(cspdm_transport_kind(CSPDM_TRANSPORT_PCI_DOE, type, &k), CSPDM_OK);
	assert_int_equal(k, CSPDM_MSG_SECURED);
	/* the other kinds of frame are neither */
	assert_int_equal(
	    cspdm_transport_kind(CSPDM_TRANSPORT_PCI_DOE, CSPDM_DOE_TYPE_DISCOVERY, &k),
	    CSPDM_E_TRANSPORT);
	assert_int_equal(cspdm_transport_kind(CSPDM_TRANSPORT_MCTP, 0x00, &k), CSPDM_E_TRANSPORT);
	assert_int_equal(cspdm_transport_kind(CSPDM_TRANSPORT_NONE, 0, &k), CSPDM_OK);
	assert_int_equal(k, CSPDM_MSG_SPDM);
	assert_int_equal(cspdm_transport_encode_kind(CSPDM_TRANSPORT_MCTP, (enum cspdm_msg_kind)7,
						     rec, sizeof(rec), out, sizeof(out), &n),
			 CSPDM_E_INVALID_ARG);
}

static void test_secured_binding(void **state)
{
	struct cspdm_secured_binding b;

	(void)state;
	cspdm_transport_secured_binding(CSPDM_TRANSPORT_MCTP, &b);
	assert_int_equal(b.seq_num_size, 2);
	assert_int_equal(b.max_random_pad, 32);
	assert_int_equal(b.app_prefix_len, 1);
	assert_int_equal(b.app_prefix[0], CSPDM_MCTP_TYPE_SPDM);
	cspdm_transport_secured_binding(CSPDM_TRANSPORT_PCI_DOE, &b);
	assert_int_equal(b.seq_num_size + b.max_random_pad + b.app_prefix_len, 0);
	cspdm_transport_secured_binding(CSPDM_TRANSPORT_NONE, &b);
	assert_int_equal(b.seq_num_size + b.max_random_pad + b.app_prefix_len, 0);
	/* DSP0287: libspdm's SPDM_TCP_SEQUENCE_NUMBER_COUNT and _MAX_RANDOM_NUMBER_COUNT are 0,
	 * and the plaintext is a DSP0287 message: its header, payload length = message + 2 */
	memset(&b, 0xAA, sizeof(b));
	cspdm_transport_secured_binding(CSPDM_TRANSPORT_TCP, &b);
	assert_int_equal(b.seq_num_size + b.max_random_pad, 0);
	assert_int_equal(b.app_prefix_len, 4);
	assert_memory_equal(b.app_prefix, "\x00\x00\x01\x05", 4);
	assert_int_equal(b.app_len_at, 0);
	assert_int_equal(b.app_len_size, 2);
	assert_int_equal(b.app_len_add, 2);
	assert_int_equal(b.untyped, 0);
	/* the others have no length field */
	cspdm_transport_secured_binding(CSPDM_TRANSPORT_MCTP, &b);
	assert_int_equal(b.app_len_size, 0);
}

/* ---- DSP0287 (TCP) ----------------------------------------------------------------------------
 */

static void test_tcp_frames(void **state)
{
	static const uint8_t getver[] = {0x10, 0x84, 0x00, 0x00};
	static const uint8_t want[] = {0x06, 0x00, 0x01, 0x05, 0x10, 0x84, 0x00, 0x00};
	uint8_t out[16];
	const uint8_t *msg;
	size_t n, mlen;
	uint8_t type;
	enum cspdm_msg_kind k;

	(void)state;
	assert_string_equal(cspdm_transport_name(CSPDM_TRANSPORT_TCP), "tcp");
	assert_int_equal(
	    cspdm_transport_encode(CSPDM_TRANSPORT_TCP, getver, 4, out, sizeof(out), &n), CSPDM_OK);
	assert_int_equal(n, sizeof(want));
	assert_memory_equal(out, want, sizeof(want));
	assert_int_equal(cspdm_transport_decode(CSPDM_TRANSPORT_TCP, out, n, &msg, &mlen, &type),
			 CSPDM_OK);
	assert_ptr_equal(msg, out + 4);
	assert_int_equal(mlen, 4);
	assert_int_equal(type, CSPDM_TCP_TYPE_SPDM);
	assert_int_equal(cspdm_transport_kind(CSPDM_TRANSPORT_TCP, type, &k), CSPDM_OK);
	assert_int_equal(k, CSPDM_MSG_SPDM);
	/* a secured message: type 0x06 */
	assert_int_equal(cspdm_transport_encode_kind(CSPDM_TRANSPORT_TCP, CSPDM_MSG_SECURED, getver,
						     4, out, sizeof(out), &n),
			 CSPDM_OK);
	assert_int_equal(out[3], CSPDM_TCP_TYPE_SECURED);
	assert_int_equal(cspdm_transport_decode(CSPDM_TRANSPORT_TCP, out, n, &msg, &mlen, &type),
			 CSPDM_OK);
	assert_int_equal(cspdm_transport_kind(CSPDM_TRANSPORT_TCP, type, &k), CSPDM_OK);
	assert_int_equal(k, CSPDM_MSG_SECURED);
	assert_int_equal(cspdm_transport_kind(CSPDM_TRANSPORT_TCP, CSPDM_TCP_TYPE_ROLE_INQUIRY, &k),
			 CSPDM_E_TRANSPORT);
	/* too small, empty, too large */
	assert_int_equal(cspdm_transport_encode(CSPDM_TRANSPORT_TCP, getver, 4, out, 7, &n),
			 CSPDM_E_BUFFER_TOO_SMALL);
	assert_int_equal(cspdm_transport_encode(CSPDM_TRANSPORT_TCP, getver, 0, out, 16, &n),
			 CSPDM_E_INVALID_ARG);
	assert_int_equal(
	    cspdm_transport_encode(CSPDM_TRANSPORT_TCP, getver, CSPDM_TCP_MAX_MSG + 1, out, 16, &n),
	    CSPDM_E_INVALID_ARG);
}

static void expect_tcp_bad(const char *hex)
{
	uint8_t f[16];
	size_t len = tu_hex_must(hex, f, sizeof(f));
	const uint8_t *msg;
	size_t mlen;
	uint8_t type;

	assert_int_equal(cspdm_transport_decode(CSPDM_TRANSPORT_TCP, f, len, &msg, &mlen, &type),
			 CSPDM_E_TRANSPORT);
}

static void test_tcp_malformed(void **state)
{
	(void)state;
	expect_tcp_bad("");
	expect_tcp_bad("06 00 01");		   /* short header */
	expect_tcp_bad("06 00 02 05 10 84 00 00"); /* binding version 2 */
	expect_tcp_bad("07 00 01 05 10 84 00 00"); /* length one too many */
	expect_tcp_bad("05 00 01 05 10 84 00 00"); /* one too few */
	expect_tcp_bad("00 00 01 05 10 84 00 00"); /* 0 is for header-only types */
	expect_tcp_bad("02 00 01 05");		   /* SPDM with no message */
	expect_tcp_bad("01 00 01 bf");		   /* length 1 */
	expect_tcp_bad("06 00 01 07 10 84 00 00"); /* unknown type */
	expect_tcp_bad("06 00 01 bf 10 84 00 00"); /* role inquiry with a body */
}

static void test_tcp_header_only(void **state)
{
	uint8_t ri[CSPDM_TCP_HEADER_SIZE], two[CSPDM_TCP_HEADER_SIZE] = {2, 0, 1, 0xC1};
	struct cspdm_tcp_hdr h;
	const uint8_t *msg;
	size_t rest = 99, mlen = 99;
	uint8_t type = 0;

	(void)state;
	cspdm_tcp_header_only_encode(CSPDM_TCP_TYPE_ROLE_INQUIRY, ri);
	assert_memory_equal(ri, "\x00\x00\x01\xbf", 4); /* as libspdm writes it */
	assert_int_equal(cspdm_tcp_hdr_decode(ri, 4, &h, &rest), CSPDM_OK);
	assert_int_equal(rest, 0);
	assert_int_equal(h.type, CSPDM_TCP_TYPE_ROLE_INQUIRY);
	assert_int_equal(cspdm_transport_decode(CSPDM_TRANSPORT_TCP, ri, 4, &msg, &mlen, &type),
			 CSPDM_OK);
	assert_int_equal(mlen, 0);
	assert_int_equal(type, CSPDM_TCP_TYPE_ROLE_INQUIRY);
	/* payload length 2 (binding version and type only) is the same message */
	assert_int_equal(cspdm_tcp_hdr_decode(two, 4, &h, &rest), CSPDM_OK);
	assert_int_equal(rest, 0);
	assert_true(cspdm_tcp_header_only(0xC1) && cspdm_tcp_header_only(0xFF));
	assert_false(cspdm_tcp_header_only(CSPDM_TCP_TYPE_SPDM));
	assert_string_equal(cspdm_tcp_type_name(0xC0), "error: message too large");
	assert_string_equal(cspdm_tcp_type_name(0xC9), "error: reserved");
	assert_null(cspdm_tcp_type_name(0x07));
	/* the stream framing: a big message's length */
	two[0] = 0xFF;
	two[1] = 0xFF;
	two[3] = CSPDM_TCP_TYPE_SPDM;
	assert_int_equal(cspdm_tcp_hdr_decode(two, 4, &h, &rest), CSPDM_OK);
	assert_int_equal(rest, CSPDM_TCP_MAX_MSG);
}

static void test_bad_args(void **state)
{
	uint8_t msg[4] = {0x10, 0x84, 0, 0}, out[32];
	const uint8_t *m;
	size_t n, m_len;
	uint8_t type;
	enum cspdm_transport bad = (enum cspdm_transport)9;

	(void)state;
	assert_int_equal(cspdm_transport_encode(bad, msg, 4, out, sizeof(out), &n),
			 CSPDM_E_INVALID_ARG);
	assert_int_equal(cspdm_transport_decode(bad, msg, 4, &m, &m_len, &type),
			 CSPDM_E_INVALID_ARG);
	assert_int_equal(
	    cspdm_transport_encode(CSPDM_TRANSPORT_MCTP, NULL, 4, out, sizeof(out), &n),
	    CSPDM_E_INVALID_ARG);
	assert_int_equal(
	    cspdm_transport_encode(CSPDM_TRANSPORT_MCTP, msg, 4, out, sizeof(out), NULL),
	    CSPDM_E_INVALID_ARG);
	assert_int_equal(cspdm_transport_encode(CSPDM_TRANSPORT_MCTP, msg, 4, NULL, 0, &n),
			 CSPDM_E_BUFFER_TOO_SMALL);
	assert_int_equal(cspdm_transport_decode(CSPDM_TRANSPORT_MCTP, NULL, 4, &m, &m_len, &type),
			 CSPDM_E_INVALID_ARG);
	assert_int_equal(cspdm_transport_decode(CSPDM_TRANSPORT_MCTP, msg, 4, NULL, &m_len, &type),
			 CSPDM_E_INVALID_ARG);
	assert_int_equal(cspdm_transport_decode(CSPDM_TRANSPORT_MCTP, msg, 4, &m, NULL, &type),
			 CSPDM_E_INVALID_ARG);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_parse),
	    cmocka_unit_test(test_name),
	    cmocka_unit_test(test_roundtrip_all_sizes),
	    cmocka_unit_test(test_doe_known_frame),
	    cmocka_unit_test(test_empty_message),
	    cmocka_unit_test(test_doe_max_length),
	    cmocka_unit_test(test_other_types_decode),
	    cmocka_unit_test(test_doe_malformed),
	    cmocka_unit_test(test_mctp_empty),
	    cmocka_unit_test(test_encode_too_small),
	    cmocka_unit_test(test_bad_args),
	    cmocka_unit_test(test_secured_frames),
	    cmocka_unit_test(test_secured_binding),
	    cmocka_unit_test(test_tcp_frames),
	    cmocka_unit_test(test_tcp_malformed),
	    cmocka_unit_test(test_tcp_header_only),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
