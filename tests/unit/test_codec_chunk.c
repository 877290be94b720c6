/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * CHUNK_SEND, CHUNK_SEND_ACK, CHUNK_GET, CHUNK_RESPONSE and ERROR LargeResponse (DSP0274 1.2+):
 * the exact bytes for 1.2/1.3 (16-bit ChunkSeqNo, a reserved u16 in CHUNK_SEND and
 * CHUNK_RESPONSE) and 1.4 (32-bit), LargeMessageSize in the first chunk only, every truncation,
 * transport padding, reserved fields, ChunkSize against the message, and 1.0/1.1 refused.
 */
#include "testutil.h"

#include <string.h>

#include "codec/chunk.h"

static struct spdm_neg g_neg;
static uint8_t g_code;
static struct spdm_chunk g_chunk;
static struct spdm_chunk_ack g_ack;
static struct spdm_chunk_get g_get;
static uint8_t g_handle;

static void set_neg(uint8_t ver)
{
	memset(&g_neg, 0, sizeof(g_neg));
	g_neg.version = ver;
}

static cspdm_status dec_chunk(const uint8_t *msg, size_t len, uint32_t max_pad, cspdm_error *err)
{
	g_neg.max_pad = max_pad;
	memset(&g_chunk, 0xA5, sizeof(g_chunk));
	return spdm_dec_chunk(&g_neg, g_code, msg, len, &g_chunk, err);
}

static cspdm_status dec_ack(const uint8_t *msg, size_t len, uint32_t max_pad, cspdm_error *err)
{
	g_neg.max_pad = max_pad;
	memset(&g_ack, 0xA5, sizeof(g_ack));
	return spdm_dec_chunk_ack(&g_neg, msg, len, &g_ack, err);
}

static cspdm_status dec_get(const uint8_t *msg, size_t len, uint32_t max_pad, cspdm_error *err)
{
	g_neg.max_pad = max_pad;
	memset(&g_get, 0xA5, sizeof(g_get));
	return spdm_dec_chunk_get(&g_neg, msg, len, &g_get, err);
}

static cspdm_status dec_large(const uint8_t *msg, size_t len, uint32_t max_pad, cspdm_error *err)
{
	g_neg.max_pad = max_pad;
	g_handle = 0xA5;
	return spdm_dec_large_response(&g_neg, msg, len, &g_handle, err);
}

/* An encoder's output buf[0..n) is exactly hex, copied into want (64 bytes): its length. */
static size_t encodes_to(const uint8_t *buf, size_t n, const char *hex, uint8_t *want)
{
	size_t w = tu_hex_must(hex, want, 64);

	assert_int_equal(n, w);
	assert_memory_equal(buf, want, w);
	return w;
}

/* hex decodes with dec; then with byte at set to value it fails (code, field, offset). */
static void expect_at(tu_dec_fn dec, const char *hex, size_t at, uint8_t value, cspdm_status code,
		      const char *field, uint32_t offset)
{
	uint8_t msg[64];
	size_t n = tu_hex_must(hex, msg, sizeof(msg));
	cspdm_error err;

	assert_int_equal(tu_run(dec, msg, n, 0, &err), CSPDM_OK);
	msg[at] = value;
	tu_expect_err(tu_run(dec, msg, n, 0, &err), &err, code, field, offset);
}

/* enc(c) gives exactly hex, which decodes back to c; every prefix is truncated. */
static void round_trip_chunk(uint8_t ver, uint8_t code, const struct spdm_chunk *c, const char *hex)
{
	uint8_t want[64], buf[64];
	size_t n, m = 0;
	cspdm_error err;

	assert_int_equal(spdm_enc_chunk(ver, code, c, buf, sizeof(buf), &m), CSPDM_OK);
	n = encodes_to(buf, m, hex, want);
	assert_int_equal(spdm_enc_chunk(ver, code, c, buf, n - 1, &m), CSPDM_E_BUFFER_TOO_SMALL);
	set_neg(ver);
	g_code = code;
	assert_int_equal(dec_chunk(want, n, 0, &err), CSPDM_OK); /* views into want */
	assert_int_equal(g_chunk.len, n);
	assert_int_equal(g_chunk.attributes, c->attributes);
	assert_int_equal(g_chunk.handle, c->handle);
	assert_int_equal(g_chunk.seq, c->seq);
	assert_int_equal(g_chunk.size, c->size);
	assert_int_equal(g_chunk.large_size, c->seq ? 0 : c->large_size);
	assert_memory_equal(g_chunk.data, c->data, c->size);
	tu_check_truncations(dec_chunk, want, n);
	tu_check_padding(dec_chunk, want, n, &g_chunk.len);
}

static void test_chunk_send_and_response(void **state)
{
	const uint8_t abc[3] = {'a', 'b', 'c'};
	struct spdm_chunk first = {0, 0, 7, 0, 3, 100, abc};
	struct spdm_chunk later = {0, SPDM_CHUNK_LAST, 7, 5, 3, 0, abc};

	(void)state;
	round_trip_chunk(CSPDM_V12, SPDM_CHUNK_SEND, &first,
			 "12 85 00 07 0000 0000 03000000 64000000 616263");
	round_trip_chunk(CSPDM_V13, SPDM_CHUNK_RESPONSE, &later,
			 "13 06 01 07 0500 0000 03000000 616263");
	round_trip_chunk(CSPDM_V14, SPDM_CHUNK_SEND, &first,
			 "14 85 00 07 00000000 03000000 64000000 616263");
	round_trip_chunk(CSPDM_V14, SPDM_CHUNK_RESPONSE, &later,
			 "14 06 01 07 05000000 03000000 616263");
	assert_int_equal(spdm_enc_chunk(CSPDM_V12, SPDM_CHUNK_GET, &first, NULL, 0, NULL),
			 CSPDM_E_INVALID_ARG);
}

/* The message ends inside ChunkSize: the size is 0, not what the struct held before. */
static void test_chunk_truncated_size(void **state)
{
	static const char *const hex[] = {
	    "13 85 01 07 00 00 00 00 10 00", /* 1.3: ChunkSeqNo 0, Reserved, 2 of ChunkSize */
	    "14 85 01 07 00 00 00 00 10 00", /* 1.4: ChunkSeqNo 0, 2 of ChunkSize */
	};
	uint8_t msg[16];
	size_t i, n;
	cspdm_error err;

	(void)state;
	g_code = SPDM_CHUNK_SEND;
	for (i = 0; i < 2; i++) {
		set_neg(i ? CSPDM_V14 : CSPDM_V13);
		n = tu_hex_must(hex[i], msg, sizeof(msg));
		tu_expect_err(tu_run(dec_chunk, msg, n, 0, &err), &err, CSPDM_E_TRUNCATED,
			      "ChunkSize", 8);
		assert_int_equal(g_chunk.size, 0);
	}
}

static void test_chunk_invalid(void **state)
{
	const char *v12 = "12 85 00 07 0100 0000 03000000 616263";
	const char *v14 = "14 06 00 07 01000000 02000000 6162";
	uint8_t msg[32];
	size_t n;
	cspdm_error err;

	(void)state;
	set_neg(CSPDM_V12);
	g_code = SPDM_CHUNK_SEND;
	expect_at(dec_chunk, v12, 0, 0x13, CSPDM_E_VERSION_FIELD, "SPDMVersion", 0);
	expect_at(dec_chunk, v12, 1, SPDM_CHUNK_GET, CSPDM_E_RESPONSE_CODE, "RequestResponseCode",
		  1);
	expect_at(dec_chunk, v12, 2, 0x02, CSPDM_E_RESERVED, "Param1 (ChunkSenderAttributes)", 2);
	expect_at(dec_chunk, v12, 6, 0x01, CSPDM_E_RESERVED, "Reserved", 6);
	expect_at(dec_chunk, v12, 8, 0x04, CSPDM_E_TRUNCATED, "SPDMchunk", 12);
	expect_at(dec_chunk, v12, 11, 0x80, CSPDM_E_TRUNCATED, "SPDMchunk", 12); /* 2 GiB */
	set_neg(CSPDM_V14);
	g_code = SPDM_CHUNK_RESPONSE;
	expect_at(dec_chunk, v14, 2, 0x80, CSPDM_E_RESERVED, "Param1 (ChunkSenderAttributes)", 2);
	expect_at(dec_chunk, v14, 8, 0x01, CSPDM_E_TRAILING, "end of message", 13);
	/* chunks do not exist before 1.2 */
	set_neg(CSPDM_V11);
	g_code = SPDM_CHUNK_SEND;
	n = tu_hex_must("11 85 00 07 0100 0000 01000000 61", msg, sizeof(msg));
	tu_expect_err(tu_run(dec_chunk, msg, n, 0, &err), &err, CSPDM_E_VERSION_FIELD,
		      "SPDMVersion (chunks need 1.2)", 0);
}

static void test_chunk_send_ack(void **state)
{
	const uint8_t rsp[5] = {0x12, 0x7f, 0x0f, 0x00, 0x09};
	struct spdm_chunk_ack bare = {0, 7, 3, NULL, 0}, full = {0, 7, 3, rsp, 5};
	uint8_t buf[64], want[64];
	size_t n = 0, w;
	cspdm_error err;

	(void)state;
	assert_int_equal(spdm_enc_chunk_ack(CSPDM_V12, &bare, buf, sizeof(buf), &n), CSPDM_OK);
	w = encodes_to(buf, n, "12 05 00 07 0300", want);
	set_neg(CSPDM_V12);
	assert_int_equal(tu_run(dec_ack, want, w, 0, &err), CSPDM_OK);
	assert_int_equal(g_ack.response_len, 0);
	tu_check_truncations(dec_ack, want, w);
	/* padding alone after the header is no response */
	memset(want + w, 0, 3);
	assert_int_equal(tu_run(dec_ack, want, w + 3, 3, &err), CSPDM_OK);
	assert_int_equal(g_ack.response_len, 0);
	assert_int_equal(spdm_enc_chunk_ack(CSPDM_V14, &full, buf, sizeof(buf), &n), CSPDM_OK);
	w = encodes_to(buf, n, "14 05 00 07 03000000 127f0f0009", want);
	assert_int_equal(spdm_enc_chunk_ack(CSPDM_V14, &full, buf, w - 1, &n),
			 CSPDM_E_BUFFER_TOO_SMALL);
	set_neg(CSPDM_V14);
	assert_int_equal(dec_ack(want, w, 0, &err), CSPDM_OK); /* views into want */
	assert_int_equal(g_ack.seq, 3);
	assert_int_equal(g_ack.handle, 7);
	assert_int_equal(g_ack.response_len, 5);
	assert_memory_equal(g_ack.response, rsp, 5);
	expect_at(dec_ack, "14 05 01 07 03000000 127f0f0009", 2, 0x03, CSPDM_E_RESERVED,
		  "Param1 (ChunkReceiverAttributes)", 2);
	expect_at(dec_ack, "14 05 00 07 03000000", 0, 0x13, CSPDM_E_VERSION_FIELD, "SPDMVersion",
		  0);
}

static void test_chunk_get(void **state)
{
	struct spdm_chunk_get g = {9, 0x1234};
	uint8_t buf[64], want[64];
	size_t n = 0, w;
	cspdm_error err;

	(void)state;
	assert_int_equal(spdm_enc_chunk_get(CSPDM_V13, &g, buf, sizeof(buf), &n), CSPDM_OK);
	w = encodes_to(buf, n, "13 86 00 09 3412", want);
	assert_int_equal(spdm_enc_chunk_get(CSPDM_V13, &g, buf, w - 1, &n),
			 CSPDM_E_BUFFER_TOO_SMALL);
	set_neg(CSPDM_V13);
	assert_int_equal(tu_run(dec_get, want, w, 0, &err), CSPDM_OK);
	assert_int_equal(g_get.handle, 9);
	assert_int_equal(g_get.seq, 0x1234);
	tu_check_truncations(dec_get, want, w);
	tu_check_padding(dec_get, want, w, NULL);
	expect_at(dec_get, "13 86 00 09 3412", 2, 0x01, CSPDM_E_RESERVED, "Param1", 2);
	g.seq = 0x12345678;
	assert_int_equal(spdm_enc_chunk_get(CSPDM_V14, &g, buf, sizeof(buf), &n), CSPDM_OK);
	w = encodes_to(buf, n, "14 86 00 09 78563412", want);
	set_neg(CSPDM_V14);
	assert_int_equal(tu_run(dec_get, want, w, 0, &err), CSPDM_OK);
	assert_int_equal(g_get.seq, 0x12345678);
}

static void test_large_response(void **state)
{
	uint8_t buf[64], want[64];
	size_t n = 0, w;
	cspdm_error err;

	(void)state;
	assert_int_equal(spdm_enc_large_response(CSPDM_V12, 0x42, buf, sizeof(buf), &n), CSPDM_OK);
	w = encodes_to(buf, n, "12 7f 0f 00 42", want);
	assert_int_equal(spdm_enc_large_response(CSPDM_V12, 1, buf, 4, &n),
			 CSPDM_E_BUFFER_TOO_SMALL);
	set_neg(CSPDM_V12);
	assert_int_equal(tu_run(dec_large, want, w, 0, &err), CSPDM_OK);
	assert_int_equal(g_handle, 0x42);
	tu_check_truncations(dec_large, want, w);
	tu_check_padding(dec_large, want, w, NULL);
	expect_at(dec_large, "12 7f 0f 00 42", 2, SPDM_ERR_BUSY, CSPDM_E_FIELD,
		  "Param1 (ErrorCode)", 2);
	expect_at(dec_large, "12 7f 0f 00 42", 3, 0x01, CSPDM_E_RESERVED, "Param2 (ErrorData)", 3);
	expect_at(dec_large, "12 7f 0f 00 42", 0, 0x14, CSPDM_E_VERSION_FIELD, "SPDMVersion", 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_chunk_send_and_response),
	    cmocka_unit_test(test_chunk_invalid),
	    cmocka_unit_test(test_chunk_send_ack),
	    cmocka_unit_test(test_chunk_get),
	    cmocka_unit_test(test_large_response),
	    cmocka_unit_test(test_chunk_truncated_size),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
