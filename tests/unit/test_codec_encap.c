/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The encapsulated request flow's messages (DSP0274 1.1+): GET_ENCAPSULATED_REQUEST,
 * ENCAPSULATED_REQUEST, DELIVER_ENCAPSULATED_RESPONSE and ENCAPSULATED_RESPONSE_ACK with its
 * three payload types and the 1.2 AckRequestID; none of them exists in 1.0.
 */
#include "testutil.h"

#include <string.h>

#include "codec/spdm.h"

static const uint8_t versions[] = {0x11, 0x12, 0x13, 0x14};

static struct spdm_neg g_neg;
static uint8_t g_code;
static struct spdm_encap_msg g_msg;
static struct spdm_encap_ack g_ack;

static void set_neg(uint8_t ver)
{
	memset(&g_neg, 0, sizeof(g_neg));
	g_neg.version = ver;
	g_neg.hash_size = 48;
}

static cspdm_status dec_get(const uint8_t *msg, size_t len, uint32_t max_pad, cspdm_error *err)
{
	g_neg.max_pad = max_pad;
	return spdm_dec_get_encap_request(&g_neg, msg, len, err);
}

static cspdm_status dec_carrier(const uint8_t *msg, size_t len, uint32_t max_pad, cspdm_error *err)
{
	g_neg.max_pad = max_pad;
	memset(&g_msg, 0xA5, sizeof(g_msg));
	return spdm_dec_encap_carrier(&g_neg, g_code, msg, len, &g_msg, err);
}

static cspdm_status dec_ack(const uint8_t *msg, size_t len, uint32_t max_pad, cspdm_error *err)
{
	g_neg.max_pad = max_pad;
	memset(&g_ack, 0xA5, sizeof(g_ack));
	return spdm_dec_encap_ack(&g_neg, msg, len, &g_ack, err);
}

/* A decoder failure for msg (len bytes) with byte at set to value. */
static void expect_at(tu_dec_fn dec, const uint8_t *msg, size_t len, size_t at, uint8_t value,
		      cspdm_status code, const char *field, uint32_t offset)
{
	uint8_t copy[64];
	cspdm_error err;

	assert_true(len <= sizeof(copy));
	memcpy(copy, msg, len);
	copy[at] = value;
	if (code == CSPDM_OK)
		assert_int_equal(tu_run(dec, copy, len, 0, &err), CSPDM_OK);
	else
		tu_expect_err(tu_run(dec, copy, len, 0, &err), &err, code, field, offset);
}

static void test_get_encap_request(void **state)
{
	size_t v;

	(void)state;
	for (v = 0; v < sizeof(versions); v++) {
		const uint8_t expect[4] = {versions[v], SPDM_GET_ENCAPSULATED_REQUEST, 0, 0};
		uint8_t buf[4];
		size_t n = 0;
		cspdm_error err;

		set_neg(versions[v]);
		assert_int_equal(spdm_enc_get_encap_request(versions[v], buf, 4, &n), CSPDM_OK);
		assert_int_equal(n, 4);
		assert_memory_equal(buf, expect, 4);
		assert_int_equal(spdm_enc_get_encap_request(versions[v], buf, 3, &n),
				 CSPDM_E_BUFFER_TOO_SMALL);
		assert_int_equal(tu_run(dec_get, expect, 4, 0, &err), CSPDM_OK);
		tu_check_truncations(dec_get, expect, 4);
		tu_check_padding(dec_get, expect, 4, NULL);
		expect_at(dec_get, expect, 4, 2, 1, CSPDM_E_RESERVED, "Param1", 2);
		expect_at(dec_get, expect, 4, 3, 0x80, CSPDM_E_RESERVED, "Param2", 3);
		expect_at(dec_get, expect, 4, 1, SPDM_GET_DIGESTS, CSPDM_E_RESPONSE_CODE,
			  "RequestResponseCode", 1);
	}
}

/* ENCAPSULATED_REQUEST and DELIVER_ENCAPSULATED_RESPONSE carry a message of 4 bytes or more. */
static void test_carriers(void **state)
{
	static const uint8_t codes[] = {SPDM_ENCAPSULATED_REQUEST,
					SPDM_DELIVER_ENCAPSULATED_RESPONSE};
	size_t v, c;

	(void)state;
	for (v = 0; v < sizeof(versions); v++)
		for (c = 0; c < 2; c++) {
			uint8_t msg[12] = {
			    versions[v], codes[c], 0x2A, 0, versions[v], SPDM_GET_CERTIFICATE,
			    0,		 0,	   0,	 0, 0x90,	 0};
			uint8_t buf[8];
			size_t n = 0;
			cspdm_error err;

			set_neg(versions[v]);
			g_code = codes[c];
			assert_int_equal(
			    spdm_enc_encap_header(versions[v], g_code, 0x2A, buf, sizeof(buf), &n),
			    CSPDM_OK);
			assert_int_equal(n, 4);
			assert_memory_equal(buf, msg, 4);
			assert_int_equal(tu_run(dec_carrier, msg, sizeof(msg), 0, &err), CSPDM_OK);
			assert_int_equal(g_msg.request_id, 0x2A);
			assert_int_equal(g_msg.msg_len, 8);
			assert_int_equal(g_msg.len, sizeof(msg));
			tu_check_truncations(dec_carrier, msg, 8);
			expect_at(dec_carrier, msg, 8, 3, 1, CSPDM_E_RESERVED, "Param2", 3);
			expect_at(dec_carrier, msg, 8, 2, 0xFF, CSPDM_OK, NULL, 0);
			tu_expect_err(tu_run(dec_carrier, msg, 7, 0, &err), &err, CSPDM_E_TRUNCATED,
				      c ? "EncapsulatedResponse" : "EncapsulatedRequest", 7);
		}
}

static void test_carrier_invalid(void **state)
{
	uint8_t msg[8] = {0x12, SPDM_ENCAPSULATED_REQUEST, 1, 0, 0x12, SPDM_GET_DIGESTS, 0, 0};
	uint8_t buf[8];
	size_t n;
	cspdm_error err;

	(void)state;
	set_neg(0x12);
	g_code = SPDM_ENCAPSULATED_RESPONSE_ACK;
	tu_expect_err(tu_run(dec_carrier, msg, 8, 0, &err), &err, CSPDM_E_INVALID_ARG,
		      "RequestResponseCode", 1);
	g_code = SPDM_ENCAPSULATED_REQUEST;
	expect_at(dec_carrier, msg, 8, 0, 0x13, CSPDM_E_VERSION_FIELD, "SPDMVersion", 0);
	expect_at(dec_carrier, msg, 8, 1, SPDM_DELIVER_ENCAPSULATED_RESPONSE, CSPDM_E_RESPONSE_CODE,
		  "RequestResponseCode", 1);
	assert_int_equal(spdm_enc_encap_header(0x12, SPDM_GET_DIGESTS, 1, buf, 8, &n),
			 CSPDM_E_INVALID_ARG);
	assert_int_equal(spdm_enc_encap_header(0x10, SPDM_ENCAPSULATED_REQUEST, 1, buf, 8, &n),
			 CSPDM_E_INVALID_ARG);
	assert_int_equal(spdm_enc_encap_header(0x12, SPDM_ENCAPSULATED_REQUEST, 1, buf, 3, &n),
			 CSPDM_E_BUFFER_TOO_SMALL);
}

/* ABSENT and REQ_SLOT end the message; PRESENT carries the next request. */
static void test_ack_roundtrip(void **state)
{
	size_t v;
	unsigned type;

	(void)state;
	for (v = 0; v < sizeof(versions); v++)
		for (type = 0; type <= 2; type++) {
			struct spdm_encap_ack a = {0, 7, (uint8_t)type, 6, 3, NULL, 0};
			uint8_t buf[32], ext = versions[v] >= 0x12 ? 4 : 0;
			size_t n = 0, hl = spdm_encap_ack_header_len(versions[v]);
			cspdm_error err;

			set_neg(versions[v]);
			assert_int_equal(hl, 4u + ext);
			assert_int_equal(spdm_enc_encap_ack(versions[v], &a, buf, sizeof(buf), &n),
					 CSPDM_OK);
			assert_int_equal(n, hl + (type == 2));
			if (type == 1) { /* the caller appends the request */
				const uint8_t get[4] = {versions[v], SPDM_GET_DIGESTS, 0, 0};

				memcpy(buf + n, get, 4);
				n += 4;
			}
			assert_int_equal(tu_run(dec_ack, buf, n, 0, &err), CSPDM_OK);
			assert_int_equal(g_ack.request_id, 7);
			assert_int_equal(g_ack.payload_type, type);
			assert_int_equal(g_ack.ack_request_id, ext ? 6 : 0);
			assert_int_equal(g_ack.req_slot, type == 2 ? 3 : 0);
			assert_int_equal(g_ack.msg_len, type == 1 ? 4 : 0);
			assert_true(type == 1 ? g_ack.msg != NULL : g_ack.msg == NULL);
			tu_check_truncations(dec_ack, buf, n);
			if (type != 1)
				tu_check_padding(dec_ack, buf, n, NULL);
			assert_int_equal(spdm_enc_encap_ack(versions[v], &a, buf, hl - 1, &n),
					 CSPDM_E_BUFFER_TOO_SMALL);
		}
}

static void test_ack_invalid(void **state)
{
	const uint8_t v11[5] = {0x11, SPDM_ENCAPSULATED_RESPONSE_ACK, 0, 2, 1};
	const uint8_t v12[8] = {0x12, SPDM_ENCAPSULATED_RESPONSE_ACK, 0, 0, 1, 0, 0, 0};
	struct spdm_encap_ack a = {0, 0, 3, 0, 0, NULL, 0};
	uint8_t buf[16];
	size_t n;
	cspdm_error err;

	(void)state;
	set_neg(0x11);
	expect_at(dec_ack, v11, 5, 3, 3, CSPDM_E_FIELD, "Param2 (PayloadType)", 3);
	expect_at(dec_ack, v11, 5, 4, 8, CSPDM_E_SLOT, "ReqSlotNumber", 4);
	expect_at(dec_ack, v11, 5, 4, 0xF, CSPDM_E_SLOT, "ReqSlotNumber", 4);
	expect_at(dec_ack, v11, 5, 4, 7, CSPDM_OK, NULL, 0);
	tu_expect_err(tu_run(dec_ack, v11, 4, 0, &err), &err, CSPDM_E_TRUNCATED, "ReqSlotNumber",
		      4);
	expect_at(dec_ack, v11, 5, 3, 1, CSPDM_E_TRUNCATED, "EncapsulatedRequest", 5);
	set_neg(0x12);
	expect_at(dec_ack, v12, 8, 5, 1, CSPDM_E_RESERVED, "Reserved", 5);
	expect_at(dec_ack, v12, 8, 7, 0x80, CSPDM_E_RESERVED, "Reserved", 7);
	expect_at(dec_ack, v12, 8, 4, 0xFE, CSPDM_OK, NULL, 0);
	expect_at(dec_ack, v12, 8, 3, 1, CSPDM_E_TRUNCATED, "EncapsulatedRequest", 8);
	expect_at(dec_ack, v12, 8, 1, SPDM_ENCAPSULATED_REQUEST, CSPDM_E_RESPONSE_CODE,
		  "RequestResponseCode", 1);
	assert_int_equal(spdm_enc_encap_ack(0x12, &a, buf, sizeof(buf), &n), CSPDM_E_INVALID_ARG);
	a.payload_type = 0;
	assert_int_equal(spdm_enc_encap_ack(0x10, &a, buf, sizeof(buf), &n), CSPDM_E_INVALID_ARG);
}

/* The flow arrives with 1.1: a 1.0 message is refused. */
static void test_v10(void **state)
{
	const uint8_t get[4] = {0x10, SPDM_GET_ENCAPSULATED_REQUEST, 0, 0};
	const uint8_t req[8] = {0x10, SPDM_ENCAPSULATED_REQUEST, 1, 0, 0x10, 0x81, 0, 0};
	const uint8_t ack[4] = {0x10, SPDM_ENCAPSULATED_RESPONSE_ACK, 0, 0};
	uint8_t buf[4];
	size_t n;
	cspdm_error err;

	(void)state;
	set_neg(0x10);
	g_code = SPDM_ENCAPSULATED_REQUEST;
	tu_expect_err(tu_run(dec_get, get, 4, 0, &err), &err, CSPDM_E_VERSION_FIELD, "SPDMVersion",
		      0);
	tu_expect_err(tu_run(dec_carrier, req, 8, 0, &err), &err, CSPDM_E_VERSION_FIELD,
		      "SPDMVersion", 0);
	tu_expect_err(tu_run(dec_ack, ack, 4, 0, &err), &err, CSPDM_E_VERSION_FIELD, "SPDMVersion",
		      0);
	assert_int_equal(spdm_enc_get_encap_request(0x10, buf, 4, &n), CSPDM_E_INVALID_ARG);
}

/* Over PCI DOE the padding ends the carried message: its own decoder tolerates it. */
static void test_padding_inside(void **state)
{
	const uint8_t msg[11] = {
	    0x13, SPDM_DELIVER_ENCAPSULATED_RESPONSE, 5, 0, 0x13, SPDM_DIGESTS, 0, 0, 0, 0, 0};
	struct spdm_neg inner;
	struct spdm_digests d;
	cspdm_error err;

	(void)state;
	set_neg(0x13);
	g_code = SPDM_DELIVER_ENCAPSULATED_RESPONSE;
	assert_int_equal(dec_carrier(msg, sizeof(msg), 3, &err), CSPDM_OK); /* views into msg */
	assert_int_equal(g_msg.msg_len, 7);
	inner = g_neg;
	inner.max_pad = 3;
	assert_int_equal(spdm_dec_digests(&inner, g_msg.msg, g_msg.msg_len, &d, &err), CSPDM_OK);
	assert_int_equal(d.len, 4);
	inner.max_pad = 0;
	assert_int_equal(spdm_dec_digests(&inner, g_msg.msg, g_msg.msg_len, &d, &err),
			 CSPDM_E_TRAILING);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_get_encap_request), cmocka_unit_test(test_carriers),
	    cmocka_unit_test(test_carrier_invalid),   cmocka_unit_test(test_ack_roundtrip),
	    cmocka_unit_test(test_ack_invalid),	      cmocka_unit_test(test_v10),
	    cmocka_unit_test(test_padding_inside),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
