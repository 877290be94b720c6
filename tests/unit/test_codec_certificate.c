/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * GET_CERTIFICATE and CERTIFICATE (DSP0274 Tables 27/28, 1.4 LargeCertChain), the SPDM
 * certificate chain format and the DER framing of its first certificate (certchain.c).
 */
#include "testutil.h"

#include <stdlib.h>
#include <string.h>

#include "codec/certchain.h"
#include "codec/spdm.h"

static struct spdm_neg g_neg;
static struct spdm_get_cert g_get;   /* decoded GET_CERTIFICATE */
static struct spdm_get_cert g_asked; /* the request a CERTIFICATE answers */
static struct spdm_cert_rsp g_cert;  /* decoded CERTIFICATE */

typedef cspdm_status (*dec_fn)(const uint8_t *msg, size_t len, cspdm_error *err);

static cspdm_status dec_get_cert(const uint8_t *msg, size_t len, cspdm_error *err)
{
	memset(&g_get, 0xA5, sizeof(g_get));
	return spdm_dec_get_cert(&g_neg, msg, len, &g_get, err);
}

static cspdm_status dec_cert(const uint8_t *msg, size_t len, cspdm_error *err)
{
	memset(&g_cert, 0xA5, sizeof(g_cert));
	return spdm_dec_cert(&g_neg, &g_asked, msg, len, &g_cert, err);
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

static void check_padding(dec_fn dec, const uint8_t *msg, size_t len, const size_t *out_len)
{
	uint8_t buf[64];
	cspdm_error err;
	uint32_t pad;

	assert_true(len + 4 <= sizeof(buf));
	memcpy(buf, msg, len);
	memset(buf + len, 0, 4);
	for (g_neg.max_pad = 0; g_neg.max_pad <= 3; g_neg.max_pad++) {
		for (pad = 0; pad <= g_neg.max_pad; pad++) {
			assert_int_equal(run(dec, buf, len + pad, &err), CSPDM_OK);
			assert_int_equal(*out_len, len);
		}
		tu_expect_err(run(dec, buf, len + pad, &err), &err, CSPDM_E_TRAILING,
			      "end of message", (uint32_t)len);
	}
	g_neg.max_pad = 3;
	buf[len + 2] = 0x01;
	tu_expect_err(run(dec, buf, len + 3, &err), &err, CSPDM_E_TRAILING, "end of message",
		      (uint32_t)len);
	g_neg.max_pad = 0;
}

static void set_neg(uint8_t ver)
{
	memset(&g_neg, 0, sizeof(g_neg));
	g_neg.version = ver;
}

static void set_asked(uint32_t length, uint8_t large)
{
	memset(&g_asked, 0, sizeof(g_asked));
	g_asked.length = length;
	g_asked.large = large;
}

/* ---- GET_CERTIFICATE ------------------------------------------------------------------------ */

struct get_vector {
	uint8_t ver;
	uint8_t slot, attributes, large;
	uint32_t offset, length;
	const char *hex;
};

static const struct get_vector get_vectors[] = {
    {0x10, 0, 0, 0, 0, 0xFFFF, "10 82 00 00 00 00 FF FF"},
    {0x11, 7, 0, 0, 0x1234, 0x0400, "11 82 07 00 34 12 00 04"},
    {0x12, 3, 0, 0, 0x0200, 0x0400, "12 82 03 00 00 02 00 04"},
    {0x13, 1, 1, 0, 0x0010, 0x0020, "13 82 01 01 10 00 20 00"},
    {0x14, 0, 0, 0, 0x0400, 0x0400, "14 82 00 00 00 04 00 04"},
    /* LargeCertChain: 16-bit fields zero, then LargeOffset and LargeLength */
    {0x14, 2, 0, 1, 0x10000, 0x20000, "14 82 82 00 00 00 00 00 00 00 01 00 00 00 02 00"},
};

static void test_get_cert_vectors(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(get_vectors) / sizeof(get_vectors[0]); i++) {
		const struct get_vector *v = &get_vectors[i];
		struct spdm_get_cert g;
		uint8_t expect[32], buf[32];
		size_t len = tu_hex_must(v->hex, expect, sizeof(expect)), n = 0;
		cspdm_error err;

		memset(&g, 0, sizeof(g));
		g.slot = v->slot;
		g.attributes = v->attributes;
		g.large = v->large;
		g.offset = v->offset;
		g.length = v->length;
		assert_int_equal(spdm_enc_get_cert(v->ver, &g, buf, sizeof(buf), &n), CSPDM_OK);
		assert_int_equal(n, len);
		assert_memory_equal(buf, expect, len);
		assert_int_equal(spdm_enc_get_cert(v->ver, &g, buf, len - 1, &n),
				 CSPDM_E_BUFFER_TOO_SMALL);

		set_neg(v->ver);
		assert_int_equal(run(dec_get_cert, expect, len, &err), CSPDM_OK);
		assert_int_equal(g_get.len, len);
		assert_int_equal(g_get.slot, v->slot);
		assert_int_equal(g_get.attributes, v->attributes);
		assert_int_equal(g_get.large, v->large);
		assert_int_equal(g_get.offset, v->offset);
		assert_int_equal(g_get.length, v->length);

		check_truncations(dec_get_cert, expect, len);
		check_padding(dec_get_cert, expect, len, &g_get.len);
	}
}

static void test_get_cert_enc_invalid(void **state)
{
	struct spdm_get_cert g;
	uint8_t buf[32];
	size_t n = 0;

	(void)state;
	memset(&g, 0, sizeof(g));
	g.slot = 8;
	assert_int_equal(spdm_enc_get_cert(0x12, &g, buf, sizeof(buf), &n), CSPDM_E_INVALID_ARG);
	g.slot = 0;
	g.large = 1;
	assert_int_equal(spdm_enc_get_cert(0x13, &g, buf, sizeof(buf), &n), CSPDM_E_INVALID_ARG);
	g.large = 0;
	g.length = 0x10000;
	assert_int_equal(spdm_enc_get_cert(0x14, &g, buf, sizeof(buf), &n), CSPDM_E_INVALID_ARG);
	g.length = 0;
	g.offset = 0x10000;
	assert_int_equal(spdm_enc_get_cert(0x14, &g, buf, sizeof(buf), &n), CSPDM_E_INVALID_ARG);
	/* Param2 (attributes) exists from 1.3 only */
	g.offset = 0;
	g.attributes = 1;
	assert_int_equal(spdm_enc_get_cert(0x12, &g, buf, sizeof(buf), &n), CSPDM_OK);
	assert_int_equal(buf[3], 0);
}

struct case_hex {
	uint8_t ver;
	const char *hex;
	cspdm_status code;
	const char *field;
	uint32_t offset;
};

static const struct case_hex get_cases[] = {
    {0x12, "13 82 00 00 00 00 00 04", CSPDM_E_VERSION_FIELD, "SPDMVersion", 0},
    {0x12, "12 02 00 00 00 00 00 04", CSPDM_E_RESPONSE_CODE, "RequestResponseCode", 1},
    /* SlotID 0..7, bits 4-6 reserved */
    {0x12, "12 82 08 00 00 00 00 04", CSPDM_E_SLOT, "Param1 (SlotID)", 2},
    {0x12, "12 82 0F 00 00 00 00 04", CSPDM_E_SLOT, "Param1 (SlotID)", 2},
    {0x12, "12 82 10 00 00 00 00 04", CSPDM_E_SLOT, "Param1 (SlotID)", 2},
    {0x14, "14 82 40 00 00 00 00 04", CSPDM_E_SLOT, "Param1 (SlotID)", 2},
    /* LargeCertChain before 1.4 */
    {0x13, "13 82 80 00 00 00 00 04", CSPDM_E_RESERVED, "Param1.LargeCertChain", 2},
    /* Param2: reserved before 1.3, only SlotSizeRequested (bit 0) from 1.3 */
    {0x12, "12 82 00 01 00 00 00 04", CSPDM_E_RESERVED, "Param2", 3},
    {0x13, "13 82 00 02 00 00 00 04", CSPDM_E_RESERVED, "Param2", 3},
    {0x14, "14 82 00 80 00 00 00 04", CSPDM_E_RESERVED, "Param2", 3},
    /* a large request without its 32-bit fields, and a small one with them */
    {0x14, "14 82 80 00 00 00 00 00", CSPDM_E_TRUNCATED, "LargeOffset", 8},
    {0x14, "14 82 00 00 00 00 00 04 00 00 00 00", CSPDM_E_TRAILING, "end of message", 8},
    {0x12, "12 82 00 00 00 00 00 04 01", CSPDM_E_TRAILING, "end of message", 8},
    {0x12, "12 82 00 00 00 00 00", CSPDM_E_TRUNCATED, "Length", 6},
};

static void run_hex_cases(const struct case_hex *c, size_t n, dec_fn dec)
{
	size_t i;

	for (i = 0; i < n; i++) {
		uint8_t msg[64];
		size_t len = tu_hex_must(c[i].hex, msg, sizeof(msg));
		cspdm_error err;

		set_neg(c[i].ver);
		tu_expect_err(run(dec, msg, len, &err), &err, c[i].code, c[i].field, c[i].offset);
	}
}

static void test_get_cert_invalid(void **state)
{
	(void)state;
	run_hex_cases(get_cases, sizeof(get_cases) / sizeof(get_cases[0]), dec_get_cert);
}

/* ---- CERTIFICATE ---------------------------------------------------------------------------- */

struct cert_vector {
	uint8_t ver;
	uint8_t slot, cert_info, large;
	uint32_t portion_len, remainder_len;
	const char *hex;
};

static const struct cert_vector cert_vectors[] = {
    {0x10, 0, 0, 0, 2, 0, "10 02 00 00 02 00 00 00 30 82"},
    {0x11, 7, 0, 0, 3, 0x100, "11 02 07 00 03 00 00 01 AA BB CC"},
    {0x12, 3, 0, 0, 4, 0x10, "12 02 03 00 04 00 10 00 DE AD BE EF"},
    {0x13, 1, 2, 0, 3, 0, "13 02 01 02 03 00 00 00 AA BB CC"},
    {0x14, 0, 7, 0, 1, 0xFFFF, "14 02 00 07 01 00 FF FF 5A"},
    {0x14, 1, 0, 1, 4, 0x10000, "14 02 81 00 00 00 00 00 04 00 00 00 00 00 01 00 DE AD BE EF"},
};

static void test_cert_vectors(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cert_vectors) / sizeof(cert_vectors[0]); i++) {
		const struct cert_vector *v = &cert_vectors[i];
		struct spdm_cert_rsp c;
		uint8_t expect[32], buf[32];
		size_t len = tu_hex_must(v->hex, expect, sizeof(expect)), n = 0;
		size_t hdr = v->large ? 16 : 8;
		cspdm_error err;

		memset(&c, 0, sizeof(c));
		c.slot = v->slot;
		c.cert_info = v->cert_info;
		c.large = v->large;
		c.portion_len = v->portion_len;
		c.remainder_len = v->remainder_len;
		c.portion = expect + hdr;
		assert_int_equal(len, hdr + v->portion_len);
		assert_int_equal(spdm_enc_cert(v->ver, &c, buf, sizeof(buf), &n), CSPDM_OK);
		assert_int_equal(n, len);
		assert_memory_equal(buf, expect, len);
		assert_int_equal(spdm_enc_cert(v->ver, &c, buf, len - 1, &n),
				 CSPDM_E_BUFFER_TOO_SMALL);

		set_neg(v->ver);
		set_asked(v->portion_len, v->large);
		memset(&err, 0, sizeof(err));
		assert_int_equal(dec_cert(expect, len, &err), CSPDM_OK);
		assert_int_equal(g_cert.len, len);
		assert_int_equal(g_cert.slot, v->slot);
		assert_int_equal(g_cert.cert_info, v->cert_info);
		assert_int_equal(g_cert.large, v->large);
		assert_int_equal(g_cert.portion_len, v->portion_len);
		assert_int_equal(g_cert.remainder_len, v->remainder_len);
		assert_ptr_equal(g_cert.portion, expect + hdr);

		check_truncations(dec_cert, expect, len);
		check_padding(dec_cert, expect, len, &g_cert.len);
	}
}

static void test_cert_enc_invalid(void **state)
{
	struct spdm_cert_rsp c;
	uint8_t buf[32];
	size_t n = 0;

	(void)state;
	memset(&c, 0, sizeof(c));
	c.portion = buf;
	c.large = 1;
	assert_int_equal(spdm_enc_cert(0x13, &c, buf, sizeof(buf), &n), CSPDM_E_INVALID_ARG);
	c.large = 0;
	c.remainder_len = 0x10000;
	assert_int_equal(spdm_enc_cert(0x14, &c, buf, sizeof(buf), &n), CSPDM_E_INVALID_ARG);
}

/* PortionLength: never zero, never more than was asked for. */
static void test_cert_portion(void **state)
{
	static const struct {
		uint8_t ver;
		const char *hex;
		uint32_t asked;
		uint8_t large;
		cspdm_status code;
		const char *field;
		uint32_t offset;
	} cases[] = {
	    {0x12, "12 02 00 00 04 00 00 00 01 02 03 04", 3, 0, CSPDM_E_CERT_PORTION,
	     "PortionLength", 4},
	    {0x12, "12 02 00 00 04 00 00 00 01 02 03 04", 4, 0, CSPDM_OK, NULL, 0},
	    {0x12, "12 02 00 00 04 00 00 00 01 02 03 04", 0xFFFF, 0, CSPDM_OK, NULL, 0},
	    {0x12, "12 02 00 00 00 00 10 00", 16, 0, CSPDM_E_CERT_PORTION, "PortionLength", 4},
	    {0x10, "10 02 00 00 00 00 00 00", 16, 0, CSPDM_E_CERT_PORTION, "PortionLength", 4},
	    {0x12, "12 02 00 00 FF FF 00 00", 0x400, 0, CSPDM_E_CERT_PORTION, "PortionLength", 4},
	    /* the portion runs past the message */
	    {0x12, "12 02 00 00 05 00 00 00 01 02 03 04", 0x400, 0, CSPDM_E_TRUNCATED, "CertChain",
	     8},
	    {0x12, "12 02 00 00 03 00 00 00 01 02 03 04", 0x400, 0, CSPDM_E_TRAILING,
	     "end of message", 11},
	    /* large form: LargePortionLength */
	    {0x14, "14 02 80 00 00 00 00 00 02 00 01 00 00 00 00 00", 0x10000, 1,
	     CSPDM_E_CERT_PORTION, "LargePortionLength", 8},
	    {0x14, "14 02 80 00 00 00 00 00 00 00 00 00 00 00 00 00", 0x10000, 1,
	     CSPDM_E_CERT_PORTION, "LargePortionLength", 8},
	    {0x14, "14 02 80 00 00 00 00 00 02 00 00 00 00 00 00 00 AA", 0x10000, 1,
	     CSPDM_E_TRUNCATED, "CertChain", 16},
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		uint8_t msg[32];
		size_t len = tu_hex_must(cases[i].hex, msg, sizeof(msg));
		cspdm_error err;

		set_neg(cases[i].ver);
		set_asked(cases[i].asked, cases[i].large);
		if (cases[i].code == CSPDM_OK)
			assert_int_equal(run(dec_cert, msg, len, &err), CSPDM_OK);
		else
			tu_expect_err(run(dec_cert, msg, len, &err), &err, cases[i].code,
				      cases[i].field, cases[i].offset);
	}
}

static const struct case_hex cert_cases[] = {
    {0x12, "13 02 00 00 01 00 00 00 AA", CSPDM_E_VERSION_FIELD, "SPDMVersion", 0},
    {0x12, "12 82 00 00 01 00 00 00 AA", CSPDM_E_RESPONSE_CODE, "RequestResponseCode", 1},
    {0x12, "12 7F 00 00 01 00 00 00 AA", CSPDM_E_RESPONSE_CODE, "RequestResponseCode", 1},
    /* Param1 bits 4-6 reserved */
    {0x12, "12 02 10 00 01 00 00 00 AA", CSPDM_E_RESERVED, "Param1", 2},
    {0x14, "14 02 40 00 01 00 00 00 AA", CSPDM_E_RESERVED, "Param1", 2},
    /* a LargeCertChain reply to a small request */
    {0x14, "14 02 80 00 01 00 00 00 AA", CSPDM_E_FIELD, "Param1.LargeCertChain", 2},
    {0x13, "13 02 80 00 01 00 00 00 AA", CSPDM_E_FIELD, "Param1.LargeCertChain", 2},
    /* Param2: reserved before 1.3, CertificateInfo bits 0-2 from 1.3 */
    {0x12, "12 02 00 01 01 00 00 00 AA", CSPDM_E_RESERVED, "Param2", 3},
    {0x13, "13 02 00 08 01 00 00 00 AA", CSPDM_E_RESERVED, "Param2", 3},
    {0x14, "14 02 00 80 01 00 00 00 AA", CSPDM_E_RESERVED, "Param2", 3},
};

static void test_cert_invalid(void **state)
{
	(void)state;
	set_asked(0x400, 0);
	run_hex_cases(cert_cases, sizeof(cert_cases) / sizeof(cert_cases[0]), dec_cert);

	/* a small reply to a large request */
	{
		uint8_t msg[16];
		size_t len = tu_hex_must("14 02 00 00 01 00 00 00 AA", msg, sizeof(msg));
		cspdm_error err;

		set_neg(0x14);
		set_asked(0x400, 1);
		tu_expect_err(run(dec_cert, msg, len, &err), &err, CSPDM_E_FIELD,
			      "Param1.LargeCertChain", 2);
	}
}

/* ---- DER framing of one certificate --------------------------------------------------------- */

struct der_case {
	const char *hex;
	size_t fill; /* extra body bytes appended (0x5A) */
	cspdm_status code;
	size_t total; /* expected on success */
	const char *field;
	uint32_t offset;
};

static const struct der_case der_cases[] = {
    /* short form */
    {"30 00", 0, CSPDM_OK, 2, NULL, 0},
    {"30 03 01 02 03", 0, CSPDM_OK, 5, NULL, 0},
    {"30 7F", 0x7F, CSPDM_OK, 0x81, NULL, 0},
    {"30 01 AA BB CC", 0, CSPDM_OK, 3, NULL, 0}, /* what follows is not this TLV's */
    /* long form, minimal */
    {"30 81 80", 0x80, CSPDM_OK, 0x83, NULL, 0},
    {"30 82 01 00", 0x100, CSPDM_OK, 0x104, NULL, 0},
    {"30 83 01 00 00", 0x10000, CSPDM_OK, 0x10005, NULL, 0},
    /* long form that fits the short form */
    {"30 81 7F", 0x7F, CSPDM_E_CERT_CHAIN_FORMAT, 0, "Certificate.length", 1},
    {"30 81 00", 0, CSPDM_E_CERT_CHAIN_FORMAT, 0, "Certificate.length", 2},
    /* leading zero length octet */
    {"30 82 00 80", 0x80, CSPDM_E_CERT_CHAIN_FORMAT, 0, "Certificate.length", 2},
    {"30 84 00 00 01 00", 0x100, CSPDM_E_CERT_CHAIN_FORMAT, 0, "Certificate.length", 2},
    /* indefinite length (BER, not DER) and more than 4 length octets */
    {"30 80 01 02 00 00", 0, CSPDM_E_CERT_CHAIN_FORMAT, 0, "Certificate.length", 1},
    {"30 85 01 00 00 00 00", 0, CSPDM_E_CERT_CHAIN_FORMAT, 0, "Certificate.length", 1},
    {"30 FF", 0, CSPDM_E_CERT_CHAIN_FORMAT, 0, "Certificate.length", 1},
    /* length beyond the buffer */
    {"30 04 01 02 03", 0, CSPDM_E_CERT_CHAIN_FORMAT, 0, "Certificate.length", 1},
    {"30 82 01 00", 0xFF, CSPDM_E_CERT_CHAIN_FORMAT, 0, "Certificate.length", 1},
    {"30 84 FF FF FF FF", 16, CSPDM_E_CERT_CHAIN_FORMAT, 0, "Certificate.length", 1},
    /* length octets missing */
    {"30 82 01", 0, CSPDM_E_CERT_CHAIN_FORMAT, 0, "Certificate.length", 3},
    {"30 81", 0, CSPDM_E_CERT_CHAIN_FORMAT, 0, "Certificate.length", 2},
    {"30", 0, CSPDM_E_CERT_CHAIN_FORMAT, 0, "Certificate.length", 1},
    {"", 0, CSPDM_E_CERT_CHAIN_FORMAT, 0, "Certificate.tag", 0},
    /* not a SEQUENCE */
    {"31 03 01 02 03", 0, CSPDM_E_CERT_CHAIN_FORMAT, 0, "Certificate.tag", 0},
    {"A0 00", 0, CSPDM_E_CERT_CHAIN_FORMAT, 0, "Certificate.tag", 0},
};

static void test_der_cert_len(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(der_cases) / sizeof(der_cases[0]); i++) {
		const struct der_case *c = &der_cases[i];
		uint8_t head[16], *buf;
		size_t n = tu_hex_must(c->hex, head, sizeof(head)), total = 0xDEAD;
		cspdm_error err;
		cspdm_status st;

		buf = malloc(n + c->fill + 1);
		assert_non_null(buf);
		memcpy(buf, head, n);
		memset(buf + n, 0x5A, c->fill);
		memset(&err, 0, sizeof(err));
		st = spdm_der_cert_len(buf, n + c->fill, &total, &err);
		if (c->code == CSPDM_OK) {
			assert_int_equal(st, CSPDM_OK);
			assert_int_equal(total, c->total);
		} else {
			tu_expect_err(st, &err, c->code, c->field, c->offset);
			assert_int_equal(total, 0xDEAD);
		}
		free(buf);
	}
}

static void test_der_cert_len_real(void **state)
{
	static const char *const files[] = {"certs/ecp384/ca.cert.der",
					    "certs/ecp384/inter.cert.der",
					    "certs/ecp384/end_responder.cert.der"};
	size_t i;

	(void)state;
	for (i = 0; i < 3; i++) {
		size_t len = 0, total = 0;
		uint8_t *der = tu_read_file(tu_data_path(files[i]), &len);
		cspdm_error err;

		assert_non_null(der);
		assert_true(len > 0x80);
		assert_int_equal(spdm_der_cert_len(der, len, &total, &err), CSPDM_OK);
		assert_int_equal(total, len);
		/* one byte short: the length no longer fits */
		tu_expect_err(spdm_der_cert_len(der, len - 1, &total, &err), &err,
			      CSPDM_E_CERT_CHAIN_FORMAT, "Certificate.length", 1);
		free(der);
	}
}

/* ---- SPDM certificate chain ----------------------------------------------------------------- */

#define ROOT_HASH 48

/* Header + fake root hash + the DER bundle (ca, inter, end) of the interop certificates. */
static uint8_t *chain_of(uint8_t ver, size_t *len, size_t *certs_len)
{
	size_t n = 0;
	uint8_t *der =
	    tu_read_file(tu_data_path("certs/ecp384/bundle_responder.certchain.der"), &n);
	uint8_t *chain;
	size_t total = SPDM_CERT_CHAIN_HEADER + ROOT_HASH + n;

	assert_non_null(der);
	chain = malloc(total);
	assert_non_null(chain);
	if (ver >= CSPDM_V14) {
		chain[0] = (uint8_t)total;
		chain[1] = (uint8_t)(total >> 8);
		chain[2] = (uint8_t)(total >> 16);
		chain[3] = (uint8_t)(total >> 24);
	} else {
		chain[0] = (uint8_t)total;
		chain[1] = (uint8_t)(total >> 8);
		chain[2] = 0;
		chain[3] = 0;
	}
	memset(chain + 4, 0x5A, ROOT_HASH);
	memcpy(chain + 4 + ROOT_HASH, der, n);
	free(der);
	*len = total;
	*certs_len = n;
	return chain;
}

static void test_cert_chain_ok(void **state)
{
	static const uint8_t vers[] = {0x10, 0x12, 0x13, 0x14};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(vers); i++) {
		size_t len, certs_len;
		uint8_t *chain = chain_of(vers[i], &len, &certs_len);
		struct spdm_cert_chain c;
		cspdm_error err;

		assert_int_equal(certs_len, 1539);
		assert_int_equal(len, 4 + 48 + 1539);
		memset(&c, 0, sizeof(c));
		assert_int_equal(spdm_dec_cert_chain(vers[i], ROOT_HASH, chain, len, &c, &err),
				 CSPDM_OK);
		assert_ptr_equal(c.root_hash, chain + 4);
		assert_ptr_equal(c.certs, chain + 52);
		assert_int_equal(c.certs_len, 1539);
		assert_int_equal(c.root_len, 472); /* ca.cert.der: 30 82 01 D4 */
		free(chain);
	}
}

static void test_cert_chain_length(void **state)
{
	size_t len, certs_len;
	uint8_t *chain = chain_of(0x12, &len, &certs_len);
	struct spdm_cert_chain c;
	cspdm_error err;

	(void)state;
	/* Length one more / one less than the chain */
	chain[0]++;
	tu_expect_err(spdm_dec_cert_chain(0x12, ROOT_HASH, chain, len, &c, &err), &err,
		      CSPDM_E_CERT_CHAIN_FORMAT, "CertChain.Length", 0);
	chain[0] -= 2;
	tu_expect_err(spdm_dec_cert_chain(0x12, ROOT_HASH, chain, len, &c, &err), &err,
		      CSPDM_E_CERT_CHAIN_FORMAT, "CertChain.Length", 0);
	chain[0]++;
	assert_int_equal(spdm_dec_cert_chain(0x12, ROOT_HASH, chain, len, &c, &err), CSPDM_OK);

	/* Reserved (before 1.4) */
	chain[2] = 0x01;
	tu_expect_err(spdm_dec_cert_chain(0x12, ROOT_HASH, chain, len, &c, &err), &err,
		      CSPDM_E_RESERVED, "CertChain.Reserved", 2);
	tu_expect_err(spdm_dec_cert_chain(0x10, ROOT_HASH, chain, len, &c, &err), &err,
		      CSPDM_E_RESERVED, "CertChain.Reserved", 2);
	/* in 1.4 the same bytes are the upper half of a 32-bit Length */
	tu_expect_err(spdm_dec_cert_chain(0x14, ROOT_HASH, chain, len, &c, &err), &err,
		      CSPDM_E_CERT_CHAIN_FORMAT, "CertChain.Length", 0);
	chain[2] = 0;
	chain[3] = 0x80;
	tu_expect_err(spdm_dec_cert_chain(0x13, ROOT_HASH, chain, len, &c, &err), &err,
		      CSPDM_E_RESERVED, "CertChain.Reserved", 2);
	tu_expect_err(spdm_dec_cert_chain(0x14, ROOT_HASH, chain, len, &c, &err), &err,
		      CSPDM_E_CERT_CHAIN_FORMAT, "CertChain.Length", 0);
	free(chain);
}

static void set_len16(uint8_t *chain, size_t len)
{
	chain[0] = (uint8_t)len;
	chain[1] = (uint8_t)(len >> 8);
}

/* Every prefix that ends before the root certificate does is rejected as malformed. */
static void test_cert_chain_truncated(void **state)
{
	size_t len, certs_len, i;
	uint8_t *chain = chain_of(0x12, &len, &certs_len);
	const size_t certs = SPDM_CERT_CHAIN_HEADER + ROOT_HASH, root_end = certs + 472;

	(void)state;
	for (i = 0; i < root_end; i++) {
		struct spdm_cert_chain c;
		cspdm_error err;
		const char *field;
		uint32_t off;
		uint8_t *p;

		/* with a Length that agrees with the prefix */
		set_len16(chain, i);
		if (i < 2) {
			field = "CertChain.Length";
			off = 0;
		} else if (i < 4) {
			field = "CertChain.Reserved";
			off = 2;
		} else if (i < certs) {
			field = "CertChain.RootHash";
			off = 4;
		} else if (i == certs) {
			field = "CertChain.Certificates";
			off = (uint32_t)certs;
		} else if (i < certs + 4) {
			/* tag, first length octet 0x82, then two length octets */
			field = "Certificate.length";
			off = (uint32_t)i;
		} else {
			field = "Certificate.length";
			off = (uint32_t)certs + 1;
		}
		p = tu_exact(chain, i);
		tu_expect_err(spdm_dec_cert_chain(0x12, ROOT_HASH, p, i, &c, &err), &err,
			      CSPDM_E_CERT_CHAIN_FORMAT, field, off);
		/* with the original Length */
		set_len16(chain, len);
		memcpy(p, chain, i < 4 ? i : 4);
		if (i >= certs)
			tu_expect_err(spdm_dec_cert_chain(0x12, ROOT_HASH, p, i, &c, &err), &err,
				      CSPDM_E_CERT_CHAIN_FORMAT, "CertChain.Length", 0);
		else
			assert_int_equal(spdm_dec_cert_chain(0x12, ROOT_HASH, p, i, &c, &err),
					 CSPDM_E_CERT_CHAIN_FORMAT);
		free(p);
	}

	/* this layer frames the root certificate only: the rest is left to X.509 parsing */
	{
		struct spdm_cert_chain c;
		cspdm_error err;

		set_len16(chain, root_end);
		assert_int_equal(spdm_dec_cert_chain(0x12, ROOT_HASH, chain, root_end, &c, &err),
				 CSPDM_OK);
		assert_int_equal(c.certs_len, 472);
		assert_int_equal(c.root_len, 472);
	}
	free(chain);
}

static void test_cert_chain_der(void **state)
{
	size_t len, certs_len;
	uint8_t *chain = chain_of(0x13, &len, &certs_len);
	const size_t certs = SPDM_CERT_CHAIN_HEADER + ROOT_HASH;
	struct spdm_cert_chain c;
	cspdm_error err;

	(void)state;
	/* a root hash of the wrong size puts the certificates in the wrong place */
	tu_expect_err(spdm_dec_cert_chain(0x13, 32, chain, len, &c, &err), &err,
		      CSPDM_E_CERT_CHAIN_FORMAT, "Certificate.tag", 36);
	tu_expect_err(spdm_dec_cert_chain(0x13, (uint32_t)len, chain, len, &c, &err), &err,
		      CSPDM_E_CERT_CHAIN_FORMAT, "CertChain.RootHash", 4);
	/* the first certificate's DER framing, with offsets in the chain */
	chain[certs] = 0x31;
	tu_expect_err(spdm_dec_cert_chain(0x13, ROOT_HASH, chain, len, &c, &err), &err,
		      CSPDM_E_CERT_CHAIN_FORMAT, "Certificate.tag", (uint32_t)certs);
	chain[certs] = 0x30;
	chain[certs + 1] = 0x80;
	tu_expect_err(spdm_dec_cert_chain(0x13, ROOT_HASH, chain, len, &c, &err), &err,
		      CSPDM_E_CERT_CHAIN_FORMAT, "Certificate.length", (uint32_t)certs + 1);
	chain[certs + 1] = 0x82;
	chain[certs + 2] = 0x00;
	tu_expect_err(spdm_dec_cert_chain(0x13, ROOT_HASH, chain, len, &c, &err), &err,
		      CSPDM_E_CERT_CHAIN_FORMAT, "Certificate.length", (uint32_t)certs + 2);
	chain[certs + 2] = 0x07; /* 0x07D4: longer than the chain */
	tu_expect_err(spdm_dec_cert_chain(0x13, ROOT_HASH, chain, len, &c, &err), &err,
		      CSPDM_E_CERT_CHAIN_FORMAT, "Certificate.length", (uint32_t)certs + 1);
	chain[certs + 2] = 0x01;
	assert_int_equal(spdm_dec_cert_chain(0x13, ROOT_HASH, chain, len, &c, &err), CSPDM_OK);
	free(chain);

	/* 1.4: the 4-byte Length has no Reserved field */
	chain = chain_of(0x14, &len, &certs_len);
	chain[certs] = 0x31;
	tu_expect_err(spdm_dec_cert_chain(0x14, ROOT_HASH, chain, len, &c, &err), &err,
		      CSPDM_E_CERT_CHAIN_FORMAT, "Certificate.tag", (uint32_t)certs);
	free(chain);
}

int main(void)
{
	/* clang-format off */
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_get_cert_vectors),
		cmocka_unit_test(test_get_cert_enc_invalid),
		cmocka_unit_test(test_get_cert_invalid),
		cmocka_unit_test(test_cert_vectors),
		cmocka_unit_test(test_cert_enc_invalid),
		cmocka_unit_test(test_cert_portion),
		cmocka_unit_test(test_cert_invalid),
		cmocka_unit_test(test_der_cert_len),
		cmocka_unit_test(test_der_cert_len_real),
		cmocka_unit_test(test_cert_chain_ok),
		cmocka_unit_test(test_cert_chain_length),
		cmocka_unit_test(test_cert_chain_truncated),
		cmocka_unit_test(test_cert_chain_der),
	};
	/* clang-format on */

	return cmocka_run_group_tests(tests, NULL, NULL);
}
