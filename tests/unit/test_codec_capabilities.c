/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * GET_CAPABILITIES and CAPABILITIES (DSP0274 Tables 10/11): 4 bytes of request in 1.0, 12 in
 * 1.1, 20 from 1.2 (DataTransferSize, MaxSPDMmsgSize), ExtFlags from 1.4.
 */
#include "testutil.h"

#include <stdlib.h>
#include <string.h>

#include "codec/spdm.h"

static struct spdm_neg g_neg;
static struct spdm_caps g_caps;
static uint8_t g_ver;

/* Requester flags: CERT|CHAL|ENCRYPT|MAC|KEY_EX. Responder: + MEAS_SIG|MEAS_FRESH. */
#define REQ_FLAGS 0x000002C6u
#define RSP_FLAGS 0x000002F6u
/* 1.0 responder: CERT|CHAL|MEAS_SIG|MEAS_FRESH. */
#define RSP_FLAGS_10 0x00000036u

typedef cspdm_status (*dec_fn)(const uint8_t *msg, size_t len, cspdm_error *err);

static cspdm_status dec_caps(const uint8_t *msg, size_t len, cspdm_error *err)
{
	memset(&g_caps, 0xA5, sizeof(g_caps));
	return spdm_dec_caps(&g_neg, msg, len, &g_caps, err);
}

static cspdm_status dec_get_caps(const uint8_t *msg, size_t len, cspdm_error *err)
{
	memset(&g_caps, 0xA5, sizeof(g_caps));
	g_ver = 0;
	return spdm_dec_get_caps(msg, len, g_neg.max_pad, &g_caps, &g_ver, err);
}

static cspdm_status run(dec_fn dec, const uint8_t *msg, size_t len, cspdm_error *err)
{
	uint8_t *p = tu_exact(msg, len);
	cspdm_status st;

	memset(err, 0, sizeof(*err));
	st = dec(p, len, err);
	free(p);
	return st;
}

static void check_truncations(dec_fn dec, const uint8_t *msg, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		cspdm_error err;

		assert_int_equal(run(dec, msg, i, &err), CSPDM_E_TRUNCATED);
		assert_int_equal(err.code, CSPDM_E_TRUNCATED);
		assert_non_null(err.field);
		assert_true(err.offset <= i);
	}
}

static void check_padding(dec_fn dec, const uint8_t *msg, size_t len, uint32_t max_pad)
{
	uint8_t buf[64];
	cspdm_error err;
	uint32_t pad;

	assert_true(len + max_pad + 1 <= sizeof(buf));
	g_neg.max_pad = max_pad;
	memcpy(buf, msg, len);
	memset(buf + len, 0, max_pad + 1);
	for (pad = 0; pad <= max_pad; pad++) {
		assert_int_equal(run(dec, buf, len + pad, &err), CSPDM_OK);
		assert_int_equal(g_caps.len, len);
	}
	tu_expect_err(run(dec, buf, len + max_pad + 1, &err), &err, CSPDM_E_TRAILING,
		      "end of message", (uint32_t)len);
	buf[len] = 0x01;
	tu_expect_err(run(dec, buf, len + 1, &err), &err, CSPDM_E_TRAILING, "end of message",
		      (uint32_t)len);
	g_neg.max_pad = 0;
}

static void set_neg(uint8_t ver)
{
	memset(&g_neg, 0, sizeof(g_neg));
	g_neg.version = ver;
}

static struct spdm_caps caps_of(uint32_t flags, uint32_t dts, uint32_t max)
{
	struct spdm_caps c;

	memset(&c, 0, sizeof(c));
	c.ct_exponent = 12;
	c.flags = flags;
	c.data_transfer_size = dts;
	c.max_msg_size = max;
	return c;
}

/* A CAPABILITIES message from the encoder (byte-exactness is checked by the vector tests). */
static size_t rsp_msg(uint8_t ver, uint32_t flags, uint32_t dts, uint32_t max, uint8_t *buf)
{
	struct spdm_caps c = caps_of(flags, dts, max);
	size_t n = 0;

	assert_int_equal(spdm_enc_caps(ver, &c, buf, 64, &n), CSPDM_OK);
	return n;
}

static size_t req_msg(uint8_t ver, uint32_t flags, uint32_t dts, uint32_t max, uint8_t *buf)
{
	struct spdm_caps c = caps_of(flags, dts, max);
	size_t n = 0;

	assert_int_equal(spdm_enc_get_caps(ver, &c, buf, 64, &n), CSPDM_OK);
	return n;
}

/* ---- byte-exact vectors --------------------------------------------------------------------- */

struct vector {
	uint8_t ver;
	uint8_t param1;
	uint16_t ext_flags;
	uint32_t flags, dts, max;
	const char *hex;
};

static const struct vector get_caps_vectors[] = {
    {0x10, 0, 0, 0, 0, 0, "10 E1 00 00"},
    {0x11, 0, 0, REQ_FLAGS, 0, 0, "11 E1 00 00 00 0C 00 00 C6 02 00 00"},
    {0x12, 0, 0, REQ_FLAGS, 0x1000, 0x12345,
     "12 E1 00 00 00 0C 00 00 C6 02 00 00 00 10 00 00 45 23 01 00"},
    {0x13, 0x01, 0, REQ_FLAGS, 0x1000, 0x1000,
     "13 E1 01 00 00 0C 00 00 C6 02 00 00 00 10 00 00 00 10 00 00"},
    {0x14, 0x01, 0x0003, REQ_FLAGS, 0x1000, 0x1000,
     "14 E1 01 00 00 0C 03 00 C6 02 00 00 00 10 00 00 00 10 00 00"},
};

static const struct vector caps_vectors[] = {
    {0x10, 0, 0, RSP_FLAGS_10, 0, 0, "10 61 00 00 00 0C 00 00 36 00 00 00"},
    {0x11, 0, 0, RSP_FLAGS, 0, 0, "11 61 00 00 00 0C 00 00 F6 02 00 00"},
    {0x12, 0, 0, RSP_FLAGS, 0x400, 0x1000,
     "12 61 00 00 00 0C 00 00 F6 02 00 00 00 04 00 00 00 10 00 00"},
    {0x13, 0, 0, RSP_FLAGS | (1u << 26), 0x400, 0x1000,
     "13 61 00 00 00 0C 00 00 F6 02 00 04 00 04 00 00 00 10 00 00"},
    {0x14, 0, 0x1234, RSP_FLAGS, 42, 0xFFFFFFFF,
     "14 61 00 00 00 0C 34 12 F6 02 00 00 2A 00 00 00 FF FF FF FF"},
};

static void assert_caps(const struct vector *v, size_t len)
{
	assert_int_equal(g_caps.len, len);
	assert_int_equal(g_caps.param1, v->param1);
	assert_int_equal(g_caps.ct_exponent, len > 4 ? 12 : 0);
	assert_int_equal(g_caps.ext_flags, v->ext_flags);
	assert_int_equal(g_caps.flags, v->flags);
	assert_int_equal(g_caps.data_transfer_size, v->dts);
	assert_int_equal(g_caps.max_msg_size, v->max);
}

static void test_get_caps_vectors(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(get_caps_vectors) / sizeof(get_caps_vectors[0]); i++) {
		const struct vector *v = &get_caps_vectors[i];
		uint8_t expect[32], buf[32];
		size_t len = tu_hex_must(v->hex, expect, sizeof(expect)), n = 0;
		struct spdm_caps c = caps_of(v->flags, v->dts, v->max);
		cspdm_error err;

		c.param1 = v->param1;
		c.ext_flags = v->ext_flags;
		assert_int_equal(len, v->ver == 0x10 ? 4 : v->ver == 0x11 ? 12 : 20);
		assert_int_equal(spdm_enc_get_caps(v->ver, &c, buf, sizeof(buf), &n), CSPDM_OK);
		assert_int_equal(n, len);
		assert_memory_equal(buf, expect, len);
		assert_int_equal(spdm_enc_get_caps(v->ver, &c, buf, len - 1, &n),
				 CSPDM_E_BUFFER_TOO_SMALL);

		set_neg(v->ver);
		assert_int_equal(run(dec_get_caps, expect, len, &err), CSPDM_OK);
		assert_int_equal(g_ver, v->ver);
		assert_caps(v, len);
	}
}

static void test_caps_vectors(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(caps_vectors) / sizeof(caps_vectors[0]); i++) {
		const struct vector *v = &caps_vectors[i];
		uint8_t expect[32], buf[32];
		size_t len = tu_hex_must(v->hex, expect, sizeof(expect)), n = 0;
		struct spdm_caps c = caps_of(v->flags, v->dts, v->max);
		cspdm_error err;

		c.ext_flags = v->ext_flags;
		assert_int_equal(len, v->ver <= 0x11 ? 12 : 20);
		assert_int_equal(spdm_enc_caps(v->ver, &c, buf, sizeof(buf), &n), CSPDM_OK);
		assert_int_equal(n, len);
		assert_memory_equal(buf, expect, len);
		assert_int_equal(spdm_enc_caps(v->ver, &c, buf, len - 1, &n),
				 CSPDM_E_BUFFER_TOO_SMALL);

		set_neg(v->ver);
		assert_int_equal(run(dec_caps, expect, len, &err), CSPDM_OK);
		assert_caps(v, len);
	}
}

/* Fields a version does not have are not encoded (Param1 < 1.3, ExtFlags < 1.4). */
static void test_enc_drops_fields_of_later_versions(void **state)
{
	struct spdm_caps c = caps_of(REQ_FLAGS, 0x1000, 0x1000);
	uint8_t buf[32];
	size_t n = 0;

	(void)state;
	c.param1 = 0x01;
	c.ext_flags = 0xFFFF;
	assert_int_equal(spdm_enc_get_caps(0x12, &c, buf, sizeof(buf), &n), CSPDM_OK);
	assert_int_equal(buf[2], 0);
	assert_int_equal(buf[6], 0);
	assert_int_equal(buf[7], 0);
	assert_int_equal(spdm_enc_get_caps(0x13, &c, buf, sizeof(buf), &n), CSPDM_OK);
	assert_int_equal(buf[2], 0x01);
	assert_int_equal(buf[6], 0);
	assert_int_equal(spdm_enc_caps(0x13, &c, buf, sizeof(buf), &n), CSPDM_OK);
	assert_int_equal(buf[2], 0);
	assert_int_equal(buf[7], 0);
	assert_int_equal(spdm_enc_caps(0x14, &c, buf, sizeof(buf), &n), CSPDM_OK);
	assert_int_equal(buf[6], 0xFF);
	assert_int_equal(buf[7], 0xFF);
}

/* ---- truncation and padding, every version -------------------------------------------------- */

static void test_truncation_and_padding(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(caps_vectors) / sizeof(caps_vectors[0]); i++) {
		uint8_t msg[32];
		size_t len = tu_hex_must(caps_vectors[i].hex, msg, sizeof(msg));

		set_neg(caps_vectors[i].ver);
		check_truncations(dec_caps, msg, len);
		check_padding(dec_caps, msg, len, 0);
		check_padding(dec_caps, msg, len, 3);
	}
	for (i = 0; i < sizeof(get_caps_vectors) / sizeof(get_caps_vectors[0]); i++) {
		uint8_t msg[32];
		size_t len = tu_hex_must(get_caps_vectors[i].hex, msg, sizeof(msg));

		set_neg(get_caps_vectors[i].ver);
		check_truncations(dec_get_caps, msg, len);
		check_padding(dec_get_caps, msg, len, 0);
		check_padding(dec_get_caps, msg, len, 3);
	}
}

static void test_truncation_fields(void **state)
{
	uint8_t msg[32];
	size_t len = tu_hex_must(caps_vectors[2].hex, msg, sizeof(msg));
	cspdm_error err;

	(void)state;
	assert_int_equal(len, 20);
	set_neg(0x12);
	tu_expect_err(run(dec_caps, msg, 4, &err), &err, CSPDM_E_TRUNCATED, "Reserved", 4);
	tu_expect_err(run(dec_caps, msg, 5, &err), &err, CSPDM_E_TRUNCATED, "CTExponent", 5);
	tu_expect_err(run(dec_caps, msg, 11, &err), &err, CSPDM_E_TRUNCATED, "Flags", 8);
	tu_expect_err(run(dec_caps, msg, 15, &err), &err, CSPDM_E_TRUNCATED, "DataTransferSize",
		      12);
	tu_expect_err(run(dec_caps, msg, 19, &err), &err, CSPDM_E_TRUNCATED, "MaxSPDMmsgSize", 16);
	/* a 1.1-sized reply in a 1.2 connection */
	tu_expect_err(run(dec_caps, msg, 12, &err), &err, CSPDM_E_TRUNCATED, "DataTransferSize",
		      12);
}

/* A longer layout than the version allows is trailing data. */
static void test_version_layout_mismatch(void **state)
{
	uint8_t msg[32];
	size_t len = rsp_msg(0x12, RSP_FLAGS, 0x400, 0x1000, msg);
	cspdm_error err;

	(void)state;
	/* 1.2-layout CAPABILITIES relabelled 1.1 / 1.0 */
	msg[0] = 0x11;
	set_neg(0x11);
	tu_expect_err(run(dec_caps, msg, len, &err), &err, CSPDM_E_TRAILING, "end of message", 12);
	msg[0] = 0x10;
	set_neg(0x10);
	tu_expect_err(run(dec_caps, msg, len, &err), &err, CSPDM_E_TRAILING, "end of message", 12);

	/* 1.1-layout GET_CAPABILITIES labelled 1.0 */
	len = req_msg(0x11, REQ_FLAGS, 0, 0, msg);
	msg[0] = 0x10;
	tu_expect_err(run(dec_get_caps, msg, len, &err), &err, CSPDM_E_TRAILING, "end of message",
		      4);
}

/* ---- CAPABILITIES: header and reserved ------------------------------------------------------ */

struct patch_case {
	uint8_t ver;
	size_t at;
	uint8_t value;
	cspdm_status code;
	const char *field;
	uint32_t offset;
};

static const struct patch_case caps_patch_cases[] = {
    {0x12, 0, 0x11, CSPDM_E_VERSION_FIELD, "SPDMVersion", 0},
    {0x12, 0, 0x13, CSPDM_E_VERSION_FIELD, "SPDMVersion", 0},
    {0x10, 0, 0x11, CSPDM_E_VERSION_FIELD, "SPDMVersion", 0},
    {0x12, 1, 0xE1, CSPDM_E_RESPONSE_CODE, "RequestResponseCode", 1},
    {0x12, 1, 0x7F, CSPDM_E_RESPONSE_CODE, "RequestResponseCode", 1},
    {0x12, 4, 0x01, CSPDM_E_RESERVED, "Reserved", 4},
    {0x10, 4, 0x80, CSPDM_E_RESERVED, "Reserved", 4},
    {0x12, 6, 0x01, CSPDM_E_RESERVED, "Reserved", 6},
    {0x13, 7, 0x80, CSPDM_E_RESERVED, "Reserved", 7},
    {0x11, 6, 0x10, CSPDM_E_RESERVED, "Reserved", 6},
};

static void test_caps_patched(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(caps_patch_cases) / sizeof(caps_patch_cases[0]); i++) {
		const struct patch_case *c = &caps_patch_cases[i];
		uint8_t msg[32];
		size_t len =
		    rsp_msg(c->ver, c->ver == 0x10 ? RSP_FLAGS_10 : RSP_FLAGS, 0x400, 0x1000, msg);
		cspdm_error err;

		set_neg(c->ver);
		assert_int_equal(run(dec_caps, msg, len, &err), CSPDM_OK);
		msg[c->at] = c->value;
		tu_expect_err(run(dec_caps, msg, len, &err), &err, c->code, c->field, c->offset);
	}
}

/* ---- CAPABILITIES: flags -------------------------------------------------------------------- */

struct flags_case {
	uint8_t ver;
	uint32_t flags;
	cspdm_status code; /* CSPDM_OK: accepted */
	const char *field;
};

#define MEAS3 SPDM_CAP_MEAS_MASK
#define PSK1  (1u << 10)
#define PSK3  SPDM_CAP_PSK_MASK
#define EM    (SPDM_CAP_ENCRYPT | SPDM_CAP_MAC)

static const struct flags_case rsp_flag_cases[] = {
    /* undefined bits for the version */
    {0x10, SPDM_CAP_CERT | SPDM_CAP_ENCRYPT, CSPDM_E_RESERVED, "Flags"},
    {0x10, 1u << 31, CSPDM_E_RESERVED, "Flags"},
    {0x11, SPDM_CAP_CERT | SPDM_CAP_CHUNK, CSPDM_E_RESERVED, "Flags"},
    {0x12, SPDM_CAP_CERT | (1u << 22), CSPDM_E_RESERVED, "Flags"},
    {0x13, SPDM_CAP_CERT | (1u << 30), CSPDM_E_RESERVED, "Flags"},
    {0x12, SPDM_CAP_CERT | SPDM_CAP_ALIAS_CERT, CSPDM_OK, NULL},
    {0x14, SPDM_CAP_CERT | (1u << 31), CSPDM_OK, NULL},
    /* MEAS_CAP = 3 is reserved, in every version */
    {0x10, MEAS3, CSPDM_E_CAPABILITIES, "Flags.MEAS_CAP"},
    {0x12, SPDM_CAP_CERT | MEAS3, CSPDM_E_CAPABILITIES, "Flags.MEAS_CAP"},
    {0x12, SPDM_CAP_MEAS_NO_SIG, CSPDM_OK, NULL},
    {0x12, SPDM_CAP_MEAS_SIG, CSPDM_OK, NULL},
    /* PSK_CAP = 3 */
    {0x12, PSK3 | EM, CSPDM_E_CAPABILITIES, "Flags.PSK_CAP"},
    {0x12, PSK1 | EM, CSPDM_OK, NULL},
    {0x12, (2u << 10) | EM, CSPDM_OK, NULL},
    /* KEY_EX needs ENCRYPT or MAC; ENCRYPT/MAC need KEY_EX or PSK */
    {0x12, SPDM_CAP_KEY_EX, CSPDM_E_CAPABILITIES, "Flags.KEY_EX_CAP"},
    {0x11, SPDM_CAP_KEY_EX | SPDM_CAP_CERT, CSPDM_E_CAPABILITIES, "Flags.KEY_EX_CAP"},
    {0x12, SPDM_CAP_ENCRYPT, CSPDM_E_CAPABILITIES, "Flags.KEY_EX_CAP"},
    {0x12, SPDM_CAP_MAC, CSPDM_E_CAPABILITIES, "Flags.KEY_EX_CAP"},
    {0x12, SPDM_CAP_KEY_EX | SPDM_CAP_MAC, CSPDM_OK, NULL},
    {0x12, SPDM_CAP_KEY_EX | SPDM_CAP_ENCRYPT, CSPDM_OK, NULL},
    /* CERT and PUB_KEY_ID exclude each other */
    {0x12, SPDM_CAP_CERT | SPDM_CAP_PUB_KEY_ID, CSPDM_E_CAPABILITIES, "Flags.PUB_KEY_ID_CAP"},
    {0x12, SPDM_CAP_CHAL | SPDM_CAP_PUB_KEY_ID, CSPDM_OK, NULL},
    /* HANDSHAKE_IN_THE_CLEAR needs KEY_EX */
    {0x12, PSK1 | EM | SPDM_CAP_HANDSHAKE_IN_CLEAR, CSPDM_E_CAPABILITIES,
     "Flags.HANDSHAKE_IN_THE_CLEAR_CAP"},
    {0x12, SPDM_CAP_KEY_EX | EM | SPDM_CAP_HANDSHAKE_IN_CLEAR, CSPDM_OK, NULL},
    /* MULTI_KEY_CAP = 3 is reserved */
    {0x13, SPDM_CAP_CERT | SPDM_CAP_MULTI_KEY_MASK, CSPDM_E_CAPABILITIES, "Flags.MULTI_KEY_CAP"},
    {0x13, SPDM_CAP_CERT | (2u << 26), CSPDM_OK, NULL},
    /* 1.0 had no key exchange rules */
    {0x10, SPDM_CAP_CERT | SPDM_CAP_CHAL | SPDM_CAP_CACHE, CSPDM_OK, NULL},
};

static void test_caps_flags(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(rsp_flag_cases) / sizeof(rsp_flag_cases[0]); i++) {
		const struct flags_case *c = &rsp_flag_cases[i];
		uint8_t msg[32];
		size_t len = rsp_msg(c->ver, c->flags, 0x400, 0x1000, msg);
		cspdm_error err;

		set_neg(c->ver);
		if (c->code == CSPDM_OK) {
			assert_int_equal(run(dec_caps, msg, len, &err), CSPDM_OK);
			assert_int_equal(g_caps.flags, c->flags);
		} else {
			tu_expect_err(run(dec_caps, msg, len, &err), &err, c->code, c->field, 8);
		}
	}
}

/* ---- sizes (1.2+) --------------------------------------------------------------------------- */

struct size_case {
	uint32_t dts, max;
	cspdm_status code;
	const char *field;
	uint32_t offset;
};

static const struct size_case size_cases[] = {
    {42, 42, CSPDM_OK, NULL, 0},
    {41, 4096, CSPDM_E_FIELD, "DataTransferSize", 12},
    {0, 0, CSPDM_E_FIELD, "DataTransferSize", 12},
    {4096, 4095, CSPDM_E_FIELD, "MaxSPDMmsgSize", 16},
    {4096, 0, CSPDM_E_FIELD, "MaxSPDMmsgSize", 16},
    {0xFFFFFFFF, 0xFFFFFFFF, CSPDM_OK, NULL, 0},
};

static void test_sizes(void **state)
{
	static const uint8_t vers[] = {0x12, 0x13, 0x14};
	size_t i, v;

	(void)state;
	for (v = 0; v < sizeof(vers); v++) {
		for (i = 0; i < sizeof(size_cases) / sizeof(size_cases[0]); i++) {
			const struct size_case *c = &size_cases[i];
			uint8_t msg[32];
			size_t len;
			cspdm_error err;

			set_neg(vers[v]);
			len = rsp_msg(vers[v], RSP_FLAGS, c->dts, c->max, msg);
			if (c->code == CSPDM_OK)
				assert_int_equal(run(dec_caps, msg, len, &err), CSPDM_OK);
			else
				tu_expect_err(run(dec_caps, msg, len, &err), &err, c->code,
					      c->field, c->offset);
			len = req_msg(vers[v], REQ_FLAGS, c->dts, c->max, msg);
			if (c->code == CSPDM_OK)
				assert_int_equal(run(dec_get_caps, msg, len, &err), CSPDM_OK);
			else
				tu_expect_err(run(dec_get_caps, msg, len, &err), &err, c->code,
					      c->field, c->offset);
		}
	}
}

/* ---- GET_CAPABILITIES ----------------------------------------------------------------------- */

static const struct flags_case req_flag_cases[] = {
    {0x11, SPDM_CAP_CACHE, CSPDM_E_RESERVED, "Flags"}, /* responder-only bit */
    {0x11, SPDM_CAP_MEAS_SIG, CSPDM_E_RESERVED, "Flags"},
    {0x11, SPDM_CAP_CHUNK, CSPDM_E_RESERVED, "Flags"},
    {0x12, SPDM_CAP_CHUNK, CSPDM_OK, NULL},
    {0x12, 1u << 18, CSPDM_E_RESERVED, "Flags"},
    {0x13, 1u << 18, CSPDM_E_RESERVED, "Flags"},
    {0x13, 1u << 22, CSPDM_OK, NULL},
    {0x13, 1u << 31, CSPDM_E_RESERVED, "Flags"},
    {0x14, 1u << 31, CSPDM_OK, NULL},
    {0x14, 1u << 28, CSPDM_E_RESERVED, "Flags"},
    {0x14, REQ_FLAGS, CSPDM_OK, NULL},
};

static void test_get_caps_flags(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(req_flag_cases) / sizeof(req_flag_cases[0]); i++) {
		const struct flags_case *c = &req_flag_cases[i];
		uint8_t msg[32];
		size_t len = req_msg(c->ver, c->flags, 0x1000, 0x1000, msg);
		cspdm_error err;

		set_neg(c->ver);
		if (c->code == CSPDM_OK) {
			assert_int_equal(run(dec_get_caps, msg, len, &err), CSPDM_OK);
			assert_int_equal(g_caps.flags, c->flags);
		} else {
			tu_expect_err(run(dec_get_caps, msg, len, &err), &err, c->code, c->field,
				      8);
		}
	}
}

static void test_get_caps_header_and_reserved(void **state)
{
	uint8_t msg[32];
	size_t len;
	cspdm_error err;

	(void)state;
	set_neg(0x12);
	len = req_msg(0x12, REQ_FLAGS, 0x1000, 0x1000, msg);
	msg[1] = 0x61;
	tu_expect_err(run(dec_get_caps, msg, len, &err), &err, CSPDM_E_RESPONSE_CODE,
		      "RequestResponseCode", 1);
	msg[1] = 0xE1;
	msg[4] = 0x01;
	tu_expect_err(run(dec_get_caps, msg, len, &err), &err, CSPDM_E_RESERVED, "Reserved", 4);
	msg[4] = 0;
	msg[7] = 0x01;
	tu_expect_err(run(dec_get_caps, msg, len, &err), &err, CSPDM_E_RESERVED, "Reserved", 7);

	/* the request carries its own version: the decoder reports it */
	len = req_msg(0x13, REQ_FLAGS, 0x1000, 0x1000, msg);
	assert_int_equal(run(dec_get_caps, msg, len, &err), CSPDM_OK);
	assert_int_equal(g_ver, 0x13);
}

int main(void)
{
	/* clang-format off */
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_get_caps_vectors),
		cmocka_unit_test(test_caps_vectors),
		cmocka_unit_test(test_enc_drops_fields_of_later_versions),
		cmocka_unit_test(test_truncation_and_padding),
		cmocka_unit_test(test_truncation_fields),
		cmocka_unit_test(test_version_layout_mismatch),
		cmocka_unit_test(test_caps_patched),
		cmocka_unit_test(test_caps_flags),
		cmocka_unit_test(test_sizes),
		cmocka_unit_test(test_get_caps_flags),
		cmocka_unit_test(test_get_caps_header_and_reserved),
	};
	/* clang-format on */

	return cmocka_run_group_tests(tests, NULL, NULL);
}
