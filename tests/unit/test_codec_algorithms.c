/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * NEGOTIATE_ALGORITHMS and ALGORITHMS (DSP0274 Tables 15-22): no AlgStructs in 1.0,
 * OtherParams from 1.2, MELspecification from 1.3, the PQC field and AlgTypes 6/7 in 1.4.
 */
#include "testutil.h"

#include <stdlib.h>
#include <string.h>

#include "codec/spdm.h"

/* Responder capabilities the ALGORITHMS decoder is given: CERT|CHAL|MEAS_SIG. */
#define RSP_CAPS (SPDM_CAP_CERT | SPDM_CAP_CHAL | SPDM_CAP_MEAS_SIG)

#define Z11 "00 00 00 00 00 00 00 00 00 00 00"
#define Z12 Z11 " 00"
/* DHE secp256r1|secp384r1, AEAD AES-256-GCM|ChaCha20, ReqAsym P256|P384, KeySchedule SPDM */
#define REQ_STRUCTS " 02 20 18 00 03 20 06 00 04 20 90 00 05 20 01 00"
/* secp384r1, AES-256-GCM, P384, SPDM */
#define RSP_STRUCTS " 02 20 10 00 03 20 02 00 04 20 80 00 05 20 01 00"

static struct spdm_neg g_neg;
static struct spdm_neg_algs_req g_offer; /* what the ALGORITHMS decoder checks against */
static uint32_t g_caps;
static struct spdm_neg_algs_req g_req; /* decoded NEGOTIATE_ALGORITHMS */
static struct spdm_algorithms g_alg;   /* decoded ALGORITHMS */

typedef cspdm_status (*dec_fn)(const uint8_t *msg, size_t len, cspdm_error *err);

static cspdm_status dec_neg_algs(const uint8_t *msg, size_t len, cspdm_error *err)
{
	memset(&g_req, 0xA5, sizeof(g_req));
	return spdm_dec_neg_algs(&g_neg, msg, len, &g_req, err);
}

static cspdm_status dec_algorithms(const uint8_t *msg, size_t len, cspdm_error *err)
{
	memset(&g_alg, 0xA5, sizeof(g_alg));
	return spdm_dec_algorithms(&g_neg, &g_offer, g_caps, msg, len, &g_alg, err);
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

/* Padding: accepted up to max_pad zero bytes, and .len (the Length field) excludes it. */
static void check_padding(dec_fn dec, const uint8_t *msg, size_t len, const size_t *out_len)
{
	uint8_t buf[160];
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
	buf[len + 1] = 0x01;
	tu_expect_err(run(dec, buf, len + 2, &err), &err, CSPDM_E_TRAILING, "end of message",
		      (uint32_t)len);
	g_neg.max_pad = 0;
}

static void set_neg(uint8_t ver)
{
	memset(&g_neg, 0, sizeof(g_neg));
	g_neg.version = ver;
}

/* What cspdm offers in each version; the vectors below are its encoding. */
static struct spdm_neg_algs_req offer(uint8_t ver)
{
	struct spdm_neg_algs_req a;

	memset(&a, 0, sizeof(a));
	a.meas_spec = SPDM_MEAS_SPEC_DMTF;
	a.other_params = ver >= CSPDM_V12 ? SPDM_OPAQUE_FMT_1 : 0;
	a.mel_spec = ver >= CSPDM_V13 ? 0x01 : 0;
	a.base_asym = CSPDM_ASYM_ECDSA_P256 | CSPDM_ASYM_ECDSA_P384;
	a.base_hash = CSPDM_HASH_SHA_256 | CSPDM_HASH_SHA_384;
	a.pqc_asym = ver >= CSPDM_V14 ? 0x00000102 : 0;
	if (ver >= CSPDM_V11) {
		a.dhe = 0x18;
		a.aead = 0x06;
		a.req_asym = 0x90;
		a.key_schedule = 0x01;
		a.struct_count = 4;
	}
	if (ver >= CSPDM_V14) {
		a.kem = 0x0004;
		a.req_pqc_asym = 0x0001;
	}
	return a;
}

static struct spdm_algorithms selection(uint8_t ver)
{
	struct spdm_algorithms a;

	memset(&a, 0, sizeof(a));
	a.meas_spec = SPDM_MEAS_SPEC_DMTF;
	a.other_params = ver >= CSPDM_V12 ? SPDM_OPAQUE_FMT_1 : 0;
	a.mel_spec = ver >= CSPDM_V13 ? 0x01 : 0;
	a.meas_hash = CSPDM_MEAS_HASH_SHA_384;
	a.base_asym = CSPDM_ASYM_ECDSA_P384;
	a.base_hash = CSPDM_HASH_SHA_384;
	if (ver >= CSPDM_V11) {
		a.dhe = 0x10;
		a.aead = 0x02;
		a.req_asym = 0x80;
		a.key_schedule = 0x01;
		a.struct_count = 4;
	}
	return a;
}

/* ---- vectors -------------------------------------------------------------------------------- */

struct vector {
	uint8_t ver;
	const char *hex;
};

static const struct vector neg_vectors[] = {
    {0x10, "10 E3 00 00 20 00 01 00 90 00 00 00 03 00 00 00 " Z12 " 00 00 00 00"},
    {0x11, "11 E3 04 00 30 00 01 00 90 00 00 00 03 00 00 00 " Z12 " 00 00 00 00" REQ_STRUCTS},
    {0x12, "12 E3 04 00 30 00 01 02 90 00 00 00 03 00 00 00 " Z12 " 00 00 00 00" REQ_STRUCTS},
    {0x13, "13 E3 04 00 30 00 01 02 90 00 00 00 03 00 00 00 " Z12 " 00 00 00 01" REQ_STRUCTS},
    {0x14, "14 E3 04 00 30 00 01 02 90 00 00 00 03 00 00 00"
	   " 02 01 00 00 00 00 00 00 00 00 00 00 00 00 00 01" REQ_STRUCTS},
};

static const struct vector alg_vectors[] = {
    {0x10, "10 63 00 00 24 00 01 00 04 00 00 00 80 00 00 00 02 00 00 00 " Z12 " 00 00 00 00"},
    {0x11,
     "11 63 04 00 34 00 01 00 04 00 00 00 80 00 00 00 02 00 00 00 " Z12 " 00 00 00 00" RSP_STRUCTS},
    {0x12,
     "12 63 04 00 34 00 01 02 04 00 00 00 80 00 00 00 02 00 00 00 " Z12 " 00 00 00 00" RSP_STRUCTS},
    {0x13, "13 63 04 00 34 00 01 02 04 00 00 00 80 00 00 00 02 00 00 00 " Z11
	   " 01 00 00 00 00" RSP_STRUCTS},
    {0x14, "14 63 04 00 34 00 01 02 04 00 00 00 80 00 00 00 02 00 00 00 " Z11
	   " 01 00 00 00 00" RSP_STRUCTS},
};

static void assert_req_equal(const struct spdm_neg_algs_req *e, size_t len)
{
	assert_int_equal(g_req.len, len);
	assert_int_equal(g_req.meas_spec, e->meas_spec);
	assert_int_equal(g_req.other_params, e->other_params);
	assert_int_equal(g_req.mel_spec, e->mel_spec);
	assert_int_equal(g_req.base_asym, e->base_asym);
	assert_int_equal(g_req.base_hash, e->base_hash);
	assert_int_equal(g_req.pqc_asym, e->pqc_asym);
	assert_int_equal(g_req.ext_asym_count, e->ext_asym_count);
	assert_int_equal(g_req.ext_hash_count, e->ext_hash_count);
	assert_int_equal(g_req.dhe, e->dhe);
	assert_int_equal(g_req.aead, e->aead);
	assert_int_equal(g_req.req_asym, e->req_asym);
	assert_int_equal(g_req.key_schedule, e->key_schedule);
	assert_int_equal(g_req.kem, e->kem);
	assert_int_equal(g_req.req_pqc_asym, e->req_pqc_asym);
	assert_int_equal(g_req.struct_count, e->struct_count);
}

static void assert_alg_equal(const struct spdm_algorithms *e, size_t len)
{
	assert_int_equal(g_alg.len, len);
	assert_int_equal(g_alg.meas_spec, e->meas_spec);
	assert_int_equal(g_alg.other_params, e->other_params);
	assert_int_equal(g_alg.mel_spec, e->mel_spec);
	assert_int_equal(g_alg.meas_hash, e->meas_hash);
	assert_int_equal(g_alg.base_asym, e->base_asym);
	assert_int_equal(g_alg.base_hash, e->base_hash);
	assert_int_equal(g_alg.pqc_asym, e->pqc_asym);
	assert_int_equal(g_alg.ext_asym_count, e->ext_asym_count);
	assert_int_equal(g_alg.ext_hash_count, e->ext_hash_count);
	assert_int_equal(g_alg.dhe, e->dhe);
	assert_int_equal(g_alg.aead, e->aead);
	assert_int_equal(g_alg.req_asym, e->req_asym);
	assert_int_equal(g_alg.key_schedule, e->key_schedule);
	assert_int_equal(g_alg.kem, e->kem);
	assert_int_equal(g_alg.req_pqc_asym, e->req_pqc_asym);
	assert_int_equal(g_alg.struct_count, e->struct_count);
}

static void test_neg_algs_vectors(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(neg_vectors) / sizeof(neg_vectors[0]); i++) {
		uint8_t ver = neg_vectors[i].ver;
		struct spdm_neg_algs_req a = offer(ver);
		uint8_t expect[128], buf[128];
		size_t len = tu_hex_must(neg_vectors[i].hex, expect, sizeof(expect)), n = 0;
		cspdm_error err;

		assert_int_equal(len, ver == 0x10 ? 32 : 48);
		assert_int_equal(spdm_enc_neg_algs(ver, &a, buf, sizeof(buf), &n), CSPDM_OK);
		assert_int_equal(n, len);
		assert_memory_equal(buf, expect, len);
		assert_int_equal(spdm_enc_neg_algs(ver, &a, buf, len - 1, &n),
				 CSPDM_E_BUFFER_TOO_SMALL);

		set_neg(ver);
		assert_int_equal(run(dec_neg_algs, expect, len, &err), CSPDM_OK);
		a.kem = a.req_pqc_asym = 0; /* the encoder writes AlgTypes 2-5 only */
		assert_req_equal(&a, len);
	}
}

static void test_algorithms_vectors(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(alg_vectors) / sizeof(alg_vectors[0]); i++) {
		uint8_t ver = alg_vectors[i].ver;
		struct spdm_algorithms a = selection(ver);
		uint8_t expect[128], buf[128];
		size_t len = tu_hex_must(alg_vectors[i].hex, expect, sizeof(expect)), n = 0;
		cspdm_error err;

		assert_int_equal(len, ver == 0x10 ? 36 : 52);
		assert_int_equal(spdm_enc_algorithms(ver, &a, buf, sizeof(buf), &n), CSPDM_OK);
		assert_int_equal(n, len);
		assert_memory_equal(buf, expect, len);
		assert_int_equal(spdm_enc_algorithms(ver, &a, buf, len - 1, &n),
				 CSPDM_E_BUFFER_TOO_SMALL);

		set_neg(ver);
		g_offer = offer(ver);
		g_caps = RSP_CAPS;
		assert_int_equal(run(dec_algorithms, expect, len, &err), CSPDM_OK);
		assert_alg_equal(&a, len);
	}
}

/* Fields a version does not have are written as zero whatever the struct holds. */
static void test_enc_zeroes_fields_of_later_versions(void **state)
{
	struct spdm_neg_algs_req q = offer(0x14);
	struct spdm_algorithms a = selection(0x14);
	uint8_t buf[128];
	size_t n = 0;

	(void)state;
	a.pqc_asym = 0x01;
	assert_int_equal(spdm_enc_neg_algs(0x11, &q, buf, sizeof(buf), &n), CSPDM_OK);
	assert_int_equal(buf[7], 0);  /* OtherParamsSupport */
	assert_int_equal(buf[16], 0); /* PQCAsymAlgo */
	assert_int_equal(buf[31], 0); /* MELspecification */
	assert_int_equal(spdm_enc_neg_algs(0x10, &q, buf, sizeof(buf), &n), CSPDM_OK);
	assert_int_equal(n, 32);
	assert_int_equal(buf[2], 0);
	assert_int_equal(spdm_enc_algorithms(0x12, &a, buf, sizeof(buf), &n), CSPDM_OK);
	assert_int_equal(buf[7], SPDM_OPAQUE_FMT_1);
	assert_int_equal(buf[20], 0);
	assert_int_equal(buf[31], 0);
	assert_int_equal(spdm_enc_algorithms(0x14, &a, buf, sizeof(buf), &n), CSPDM_OK);
	assert_int_equal(buf[20], 0x01);
	assert_int_equal(buf[31], 0x01);

	q.ext_asym_count = SPDM_MAX_EXT_ALGS + 1;
	assert_int_equal(spdm_enc_neg_algs(0x12, &q, buf, sizeof(buf), &n), CSPDM_E_INVALID_ARG);
}

static void test_truncation_and_padding(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(neg_vectors) / sizeof(neg_vectors[0]); i++) {
		uint8_t msg[128];
		size_t len = tu_hex_must(neg_vectors[i].hex, msg, sizeof(msg));

		set_neg(neg_vectors[i].ver);
		check_truncations(dec_neg_algs, msg, len);
		check_padding(dec_neg_algs, msg, len, &g_req.len);
	}
	for (i = 0; i < sizeof(alg_vectors) / sizeof(alg_vectors[0]); i++) {
		uint8_t msg[128];
		size_t len = tu_hex_must(alg_vectors[i].hex, msg, sizeof(msg));

		set_neg(alg_vectors[i].ver);
		g_offer = offer(alg_vectors[i].ver);
		g_caps = RSP_CAPS;
		check_truncations(dec_algorithms, msg, len);
		check_padding(dec_algorithms, msg, len, &g_alg.len);
	}
}

/* Zero padding does not make up for a Length that claims more bytes. */
static void test_length_not_satisfied_by_padding(void **state)
{
	uint8_t msg[128];
	size_t len = tu_hex_must(alg_vectors[2].hex, msg, sizeof(msg));
	cspdm_error err;

	(void)state;
	set_neg(0x12);
	g_neg.max_pad = 3;
	g_offer = offer(0x12);
	g_caps = RSP_CAPS;
	msg[4] = (uint8_t)(len + 2);
	memset(msg + len, 0, 2);
	tu_expect_err(run(dec_algorithms, msg, len + 2, &err), &err, CSPDM_E_LENGTH, "Length", 4);

	len = tu_hex_must(neg_vectors[2].hex, msg, sizeof(msg));
	msg[4] = (uint8_t)(len + 1);
	msg[len] = 0;
	tu_expect_err(run(dec_neg_algs, msg, len + 1, &err), &err, CSPDM_E_LENGTH, "Length", 4);
}

static void test_truncation_fields(void **state)
{
	uint8_t msg[128];
	size_t len = tu_hex_must(alg_vectors[2].hex, msg, sizeof(msg));
	cspdm_error err;

	(void)state;
	set_neg(0x12);
	g_offer = offer(0x12);
	g_caps = RSP_CAPS;
	tu_expect_err(run(dec_algorithms, msg, 5, &err), &err, CSPDM_E_TRUNCATED, "Length", 4);
	tu_expect_err(run(dec_algorithms, msg, 27, &err), &err, CSPDM_E_TRUNCATED, "Reserved", 24);
	tu_expect_err(run(dec_algorithms, msg, 36, &err), &err, CSPDM_E_TRUNCATED,
		      "AlgStruct.AlgType", 36);
	tu_expect_err(run(dec_algorithms, msg, len - 1, &err), &err, CSPDM_E_TRUNCATED,
		      "AlgStruct.AlgSupported", 50);

	len = tu_hex_must(neg_vectors[2].hex, msg, sizeof(msg));
	tu_expect_err(run(dec_neg_algs, msg, 31, &err), &err, CSPDM_E_TRUNCATED, "MELspecification",
		      31);
	tu_expect_err(run(dec_neg_algs, msg, 41, &err), &err, CSPDM_E_TRUNCATED,
		      "AlgStruct.AlgCount", 41);
}

/* ---- single-byte patches of a valid message ------------------------------------------------- */

struct patch {
	uint8_t ver;
	size_t at;
	uint8_t value;
	cspdm_status code;
	const char *field;
	uint32_t offset;
};

static const struct patch neg_patches[] = {
    {0x12, 0, 0x11, CSPDM_E_VERSION_FIELD, "SPDMVersion", 0},
    {0x12, 1, 0x63, CSPDM_E_RESPONSE_CODE, "RequestResponseCode", 1},
    /* Length disagrees with the message, or exceeds 128 (64 in 1.0) */
    {0x12, 4, 0x2F, CSPDM_E_LENGTH, "Length", 4},
    {0x12, 4, 0x31, CSPDM_E_LENGTH, "Length", 4},
    {0x12, 4, 0x00, CSPDM_E_LENGTH, "Length", 4},
    {0x12, 4, 0x81, CSPDM_E_LENGTH, "Length", 4},
    {0x12, 5, 0x01, CSPDM_E_LENGTH, "Length", 4},
    {0x10, 4, 0x41, CSPDM_E_LENGTH, "Length", 4},
    {0x10, 4, 0x21, CSPDM_E_LENGTH, "Length", 4},
    /* extended algorithm counts over the limit (20; 8 in 1.0) */
    {0x12, 28, 21, CSPDM_E_COUNT, "ExtAsymCount", 28},
    {0x12, 29, 21, CSPDM_E_COUNT, "ExtAsymCount", 28},
    {0x12, 28, 0xFF, CSPDM_E_COUNT, "ExtAsymCount", 28},
    {0x10, 28, 9, CSPDM_E_COUNT, "ExtAsymCount", 28},
    {0x10, 29, 9, CSPDM_E_COUNT, "ExtAsymCount", 28},
    /* 1.0 has no AlgStructs */
    {0x10, 2, 1, CSPDM_E_RESERVED, "Param1", 2},
    /* Param1 counts the AlgStructs */
    {0x12, 2, 5, CSPDM_E_TRUNCATED, "AlgStruct.AlgType", 48},
    {0x12, 2, 3, CSPDM_E_TRAILING, "end of message", 44},
    {0x12, 2, 0, CSPDM_E_TRAILING, "end of message", 32},
    /* AlgType must be known and strictly ascending */
    {0x12, 32, 0x03, CSPDM_E_FIELD, "AlgStruct.AlgType", 36},
    {0x12, 36, 0x02, CSPDM_E_FIELD, "AlgStruct.AlgType", 36},
    {0x12, 32, 0x01, CSPDM_E_FIELD, "AlgStruct.AlgType", 32},
    {0x12, 44, 0x03, CSPDM_E_FIELD, "AlgStruct.AlgType", 44},
    {0x13, 44, 0x06, CSPDM_E_FIELD, "AlgStruct.AlgType", 44},
    {0x14, 44, 0x08, CSPDM_E_FIELD, "AlgStruct.AlgType", 44},
    /* AlgCount: the fixed-field count must be 2 */
    {0x12, 37, 0x10, CSPDM_E_COUNT, "AlgStruct.AlgCount", 37},
    {0x12, 41, 0x30, CSPDM_E_COUNT, "AlgStruct.AlgCount", 41},
    {0x11, 45, 0x00, CSPDM_E_COUNT, "AlgStruct.AlgCount", 45},
    /* an external-algorithm count that runs past the message */
    {0x12, 45, 0x21, CSPDM_E_TRUNCATED, "AlgStruct.AlgExternal", 48},
};

static const struct patch alg_patches[] = {
    {0x12, 0, 0x13, CSPDM_E_VERSION_FIELD, "SPDMVersion", 0},
    {0x12, 1, 0xE3, CSPDM_E_RESPONSE_CODE, "RequestResponseCode", 1},
    {0x12, 4, 0x33, CSPDM_E_LENGTH, "Length", 4},
    {0x12, 4, 0x35, CSPDM_E_LENGTH, "Length", 4},
    {0x12, 4, 0x00, CSPDM_E_LENGTH, "Length", 4},
    {0x10, 4, 0x25, CSPDM_E_LENGTH, "Length", 4},
    /* Param1: at most 4 AlgStructs (6 in 1.4, none in 1.0) */
    {0x12, 2, 5, CSPDM_E_COUNT, "Param1", 2},
    {0x11, 2, 0xFF, CSPDM_E_COUNT, "Param1", 2},
    {0x14, 2, 7, CSPDM_E_COUNT, "Param1", 2},
    {0x10, 2, 1, CSPDM_E_COUNT, "Param1", 2},
    {0x12, 2, 3, CSPDM_E_TRAILING, "end of message", 48},
    /* MeasurementSpecificationSel: one bit, offered */
    {0x12, 6, 0x03, CSPDM_E_ALGORITHM, "MeasurementSpecificationSel", 6},
    {0x12, 6, 0x02, CSPDM_E_ALGORITHM, "MeasurementSpecificationSel", 6},
    /* OtherParamsSelection: one opaque format, offered; bits 5-7 reserved; none before 1.2 */
    {0x12, 7, 0x03, CSPDM_E_ALGORITHM, "OtherParamsSelection", 7},
    {0x12, 7, 0x04, CSPDM_E_ALGORITHM, "OtherParamsSelection", 7},
    {0x12, 7, 0x22, CSPDM_E_RESERVED, "OtherParamsSelection", 7},
    {0x13, 7, 0x82, CSPDM_E_RESERVED, "OtherParamsSelection", 7},
    {0x11, 7, 0x02, CSPDM_E_RESERVED, "OtherParamsSelection", 7},
    {0x10, 7, 0x01, CSPDM_E_RESERVED, "OtherParamsSelection", 7},
    /* MeasurementHashAlgo: exactly one when the responder measures */
    {0x12, 8, 0x00, CSPDM_E_ALGORITHM, "MeasurementHashAlgo", 8},
    {0x12, 8, 0x06, CSPDM_E_ALGORITHM, "MeasurementHashAlgo", 8},
    {0x10, 8, 0x00, CSPDM_E_ALGORITHM, "MeasurementHashAlgo", 8},
    /* BaseAsymSel: zero, two, or not offered */
    {0x12, 12, 0x00, CSPDM_E_ALGORITHM, "BaseAsymSel", 12},
    {0x12, 12, 0x90, CSPDM_E_ALGORITHM, "BaseAsymSel", 12},
    {0x12, 12, 0x01, CSPDM_E_ALGORITHM, "BaseAsymSel", 12},
    {0x12, 15, 0x80, CSPDM_E_ALGORITHM, "BaseAsymSel", 12},
    {0x10, 12, 0x00, CSPDM_E_ALGORITHM, "BaseAsymSel", 12},
    {0x14, 13, 0x01, CSPDM_E_ALGORITHM, "BaseAsymSel", 12},
    /* BaseHashSel: zero, two, or not offered */
    {0x12, 16, 0x00, CSPDM_E_ALGORITHM, "BaseHashSel", 16},
    {0x12, 16, 0x03, CSPDM_E_ALGORITHM, "BaseHashSel", 16},
    {0x12, 16, 0x04, CSPDM_E_ALGORITHM, "BaseHashSel", 16},
    {0x11, 16, 0x01, CSPDM_OK, NULL, 0}, /* SHA-256 was offered too */
    {0x10, 16, 0x00, CSPDM_E_ALGORITHM, "BaseHashSel", 16},
    /* PQCAsymSel is reserved before 1.4 */
    {0x12, 20, 0x01, CSPDM_E_RESERVED, "PQCAsymSel", 20},
    {0x13, 23, 0x80, CSPDM_E_RESERVED, "PQCAsymSel", 20},
    {0x10, 21, 0x01, CSPDM_E_RESERVED, "PQCAsymSel", 20},
    /* MELspecificationSel is reserved before 1.3, one offered bit from 1.3 */
    {0x12, 31, 0x01, CSPDM_E_RESERVED, "MELspecificationSel", 31},
    {0x10, 31, 0x80, CSPDM_E_RESERVED, "MELspecificationSel", 31},
    {0x13, 31, 0x02, CSPDM_E_ALGORITHM, "MELspecificationSel", 31},
    {0x14, 31, 0x03, CSPDM_E_ALGORITHM, "MELspecificationSel", 31},
    {0x13, 31, 0x00, CSPDM_OK, NULL, 0},
    /* Reserved bytes */
    {0x12, 24, 0x01, CSPDM_E_RESERVED, "Reserved", 24},
    {0x14, 30, 0x80, CSPDM_E_RESERVED, "Reserved", 30},
    {0x12, 34, 0x01, CSPDM_E_RESERVED, "Reserved", 34},
    {0x10, 35, 0x40, CSPDM_E_RESERVED, "Reserved", 35},
    /* AlgStructs: order, AlgCount, and a single offered selection */
    {0x12, 40, 0x02, CSPDM_E_FIELD, "AlgStruct.AlgType", 40},
    {0x12, 36, 0x01, CSPDM_E_FIELD, "AlgStruct.AlgType", 36},
    {0x12, 36, 0x03, CSPDM_E_ALGORITHM, "AlgStruct.AlgSupported",
     38}, /* 0x10 not an AEAD offered */
    {0x12, 48, 0x04, CSPDM_E_FIELD, "AlgStruct.AlgType", 48},
    {0x12, 48, 0x06, CSPDM_E_FIELD, "AlgStruct.AlgType", 48},
    {0x12, 37, 0x10, CSPDM_E_COUNT, "AlgStruct.AlgCount", 37},
    {0x12, 49, 0x00, CSPDM_E_COUNT, "AlgStruct.AlgCount", 49},
    {0x12, 37, 0x21, CSPDM_E_ALGORITHM, "AlgStruct.AlgSupported", 38},
    {0x12, 38, 0x18, CSPDM_E_ALGORITHM, "AlgStruct.AlgSupported", 38},
    {0x12, 38, 0x01, CSPDM_E_ALGORITHM, "AlgStruct.AlgSupported", 38},
    {0x12, 42, 0x01, CSPDM_E_ALGORITHM, "AlgStruct.AlgSupported", 42},
    {0x12, 46, 0x01, CSPDM_E_ALGORITHM, "AlgStruct.AlgSupported", 46},
    {0x12, 51, 0x01, CSPDM_E_ALGORITHM, "AlgStruct.AlgSupported", 50},
    {0x12, 38, 0x08, CSPDM_OK, NULL, 0}, /* secp256r1 was offered */
    {0x12, 38, 0x00, CSPDM_OK, NULL, 0}, /* no DHE selected */
    {0x12, 46, 0x10, CSPDM_OK, NULL, 0}, /* requester P256 */
};

static void run_patches(const struct patch *p, size_t n, const struct vector *vectors, size_t nvec,
			dec_fn dec)
{
	size_t i, v;

	for (i = 0; i < n; i++) {
		uint8_t msg[128];
		size_t len = 0;
		cspdm_error err;

		for (v = 0; v < nvec; v++)
			if (vectors[v].ver == p[i].ver)
				len = tu_hex_must(vectors[v].hex, msg, sizeof(msg));
		assert_true(len > p[i].at);
		set_neg(p[i].ver);
		g_offer = offer(p[i].ver);
		g_caps = RSP_CAPS;
		assert_int_equal(run(dec, msg, len, &err), CSPDM_OK);
		msg[p[i].at] = p[i].value;
		if (run(dec, msg, len, &err) != p[i].code)
			print_error("patch %zu: version %02x, byte %zu = %02x\n", i, p[i].ver,
				    p[i].at, p[i].value);
		if (p[i].code == CSPDM_OK)
			assert_int_equal(run(dec, msg, len, &err), CSPDM_OK);
		else
			tu_expect_err(run(dec, msg, len, &err), &err, p[i].code, p[i].field,
				      p[i].offset);
	}
}

static void test_neg_algs_patched(void **state)
{
	(void)state;
	run_patches(neg_patches, sizeof(neg_patches) / sizeof(neg_patches[0]), neg_vectors,
		    sizeof(neg_vectors) / sizeof(neg_vectors[0]), dec_neg_algs);
}

static void test_algorithms_patched(void **state)
{
	(void)state;
	run_patches(alg_patches, sizeof(alg_patches) / sizeof(alg_patches[0]), alg_vectors,
		    sizeof(alg_vectors) / sizeof(alg_vectors[0]), dec_algorithms);
}

/* ---- extended algorithms -------------------------------------------------------------------- */

/* 1.2 request with two ExtAsym and one ExtHash entry (RegistryID, Reserved, AlgorithmID). */
static const char *const neg_ext_hex =
    "12 E3 04 00 3C 00 01 02 90 00 00 00 03 00 00 00 " Z12 " 02 01 00 00"
    " 01 00 34 12 0A 00 02 00"
    " 02 00 EF BE" REQ_STRUCTS;

static struct spdm_neg_algs_req offer_ext(void)
{
	struct spdm_neg_algs_req a = offer(0x12);

	a.ext_asym_count = 2;
	a.ext_asym[0].registry = 0x01;
	a.ext_asym[0].alg_id = 0x1234;
	a.ext_asym[1].registry = 0x0A;
	a.ext_asym[1].alg_id = 0x0002;
	a.ext_hash_count = 1;
	a.ext_hash[0].registry = 0x02;
	a.ext_hash[0].alg_id = 0xBEEF;
	return a;
}

static void test_neg_algs_ext(void **state)
{
	struct spdm_neg_algs_req a = offer_ext();
	uint8_t expect[128], buf[128];
	size_t len = tu_hex_must(neg_ext_hex, expect, sizeof(expect)), n = 0;
	cspdm_error err;

	(void)state;
	assert_int_equal(len, 60);
	assert_int_equal(spdm_enc_neg_algs(0x12, &a, buf, sizeof(buf), &n), CSPDM_OK);
	assert_int_equal(n, len);
	assert_memory_equal(buf, expect, len);

	set_neg(0x12);
	assert_int_equal(run(dec_neg_algs, expect, len, &err), CSPDM_OK);
	assert_req_equal(&a, len);
	assert_int_equal(g_req.ext_asym[0].registry, 0x01);
	assert_int_equal(g_req.ext_asym[0].alg_id, 0x1234);
	assert_int_equal(g_req.ext_asym[1].registry, 0x0A);
	assert_int_equal(g_req.ext_asym[1].alg_id, 0x0002);
	assert_int_equal(g_req.ext_hash[0].registry, 0x02);
	assert_int_equal(g_req.ext_hash[0].alg_id, 0xBEEF);
	check_truncations(dec_neg_algs, expect, len);

	/* the Reserved byte of an ExtAlg entry */
	expect[37] = 0x01;
	tu_expect_err(run(dec_neg_algs, expect, len, &err), &err, CSPDM_E_RESERVED,
		      "ExtAlg.Reserved", 37);
}

/* An AlgStruct may carry external algorithm entries (AlgCount low nibble): they are skipped. */
static void test_neg_algs_struct_external(void **state)
{
	uint8_t msg[128];
	size_t len =
	    tu_hex_must("12 E3 04 00 34 00 01 02 90 00 00 00 03 00 00 00 " Z12 " 00 00 00 00"
			" 02 21 18 00 AA 00 01 00"
			" 03 20 06 00 04 20 90 00 05 20 01 00",
			msg, sizeof(msg));
	cspdm_error err;

	(void)state;
	set_neg(0x12);
	assert_int_equal(run(dec_neg_algs, msg, len, &err), CSPDM_OK);
	assert_int_equal(g_req.dhe, 0x18);
	assert_int_equal(g_req.aead, 0x06);
	assert_int_equal(g_req.key_schedule, 0x01);
	check_truncations(dec_neg_algs, msg, len);
}

/* 1.2 ALGORITHMS selecting an extended asym algorithm instead of a base one. */
static const char *const alg_ext_hex =
    "12 63 04 00 38 00 01 02 04 00 00 00 00 00 00 00 02 00 00 00 " Z12 " 01 00 00 00"
    " 0A 00 02 00" RSP_STRUCTS;

static void test_algorithms_ext(void **state)
{
	struct spdm_algorithms a = selection(0x12);
	uint8_t expect[128], buf[128];
	size_t len = tu_hex_must(alg_ext_hex, expect, sizeof(expect)), n = 0;
	cspdm_error err;

	(void)state;
	a.base_asym = 0;
	a.ext_asym_count = 1;
	a.ext_asym.registry = 0x0A;
	a.ext_asym.alg_id = 0x0002;
	assert_int_equal(len, 56);
	assert_int_equal(spdm_enc_algorithms(0x12, &a, buf, sizeof(buf), &n), CSPDM_OK);
	assert_int_equal(n, len);
	assert_memory_equal(buf, expect, len);

	set_neg(0x12);
	g_offer = offer_ext();
	g_caps = RSP_CAPS;
	assert_int_equal(run(dec_algorithms, expect, len, &err), CSPDM_OK);
	assert_alg_equal(&a, len);
	assert_int_equal(g_alg.ext_asym.registry, 0x0A);
	assert_int_equal(g_alg.ext_asym.alg_id, 0x0002);
	check_truncations(dec_algorithms, expect, len);

	/* not offered: the request had no extended algorithms */
	g_offer = offer(0x12);
	tu_expect_err(run(dec_algorithms, expect, len, &err), &err, CSPDM_E_ALGORITHM,
		      "ExtAsymSelCount", 32);

	/* reserved byte inside the ExtAlg entry */
	g_offer = offer_ext();
	expect[37] = 0x01;
	tu_expect_err(run(dec_algorithms, expect, len, &err), &err, CSPDM_E_RESERVED,
		      "ExtAlg.Reserved", 37);
}

static void test_algorithms_ext_counts(void **state)
{
	struct spdm_algorithms a = selection(0x12);
	uint8_t msg[128];
	size_t len = 0;
	cspdm_error err;

	(void)state;
	set_neg(0x12);
	g_caps = RSP_CAPS;

	/* an extended hash when none was offered */
	a.ext_hash_count = 1;
	a.ext_hash.registry = 0x02;
	a.ext_hash.alg_id = 0xBEEF;
	assert_int_equal(spdm_enc_algorithms(0x12, &a, msg, sizeof(msg), &len), CSPDM_OK);
	g_offer = offer(0x12);
	tu_expect_err(run(dec_algorithms, msg, len, &err), &err, CSPDM_E_ALGORITHM,
		      "ExtHashSelCount", 33);
	/* offered: accepted, and BaseHashSel may then be zero */
	g_offer = offer_ext();
	assert_int_equal(run(dec_algorithms, msg, len, &err), CSPDM_OK);
	assert_int_equal(g_alg.ext_hash.alg_id, 0xBEEF);
	msg[16] = 0;
	assert_int_equal(run(dec_algorithms, msg, len, &err), CSPDM_OK);

	/* two extended asym selections, even though two were offered */
	len = tu_hex_must("12 63 04 00 3C 00 01 02 04 00 00 00 00 00 00 00 02 00 00 00 " Z12
			  " 02 00 00 00 01 00 34 12 0A 00 02 00" RSP_STRUCTS,
			  msg, sizeof(msg));
	assert_int_equal(len, 60);
	tu_expect_err(run(dec_algorithms, msg, len, &err), &err, CSPDM_E_ALGORITHM,
		      "ExtAsymSelCount", 32);
}

/* ---- selections depend on the responder's capabilities ------------------------------------- */

struct caps_case {
	uint32_t caps;
	size_t at;
	uint8_t value;
	cspdm_status code;
	const char *field;
	uint32_t offset;
};

static const struct caps_case caps_cases[] = {
    /* no MEAS_CAP: no measurement hash may be selected, and none is required */
    {SPDM_CAP_CERT | SPDM_CAP_CHAL, 8, 0x04, CSPDM_E_ALGORITHM, "MeasurementHashAlgo", 8},
    {SPDM_CAP_CERT | SPDM_CAP_CHAL, 8, 0x00, CSPDM_OK, NULL, 0},
    {SPDM_CAP_MEAS_NO_SIG, 8, 0x00, CSPDM_E_ALGORITHM, "MeasurementHashAlgo", 8},
    /* no signing capability: BaseAsymSel may be zero, but still one offered bit if set */
    {SPDM_CAP_MEAS_NO_SIG, 12, 0x00, CSPDM_OK, NULL, 0},
    {SPDM_CAP_MEAS_NO_SIG, 12, 0x90, CSPDM_E_ALGORITHM, "BaseAsymSel", 12},
    {SPDM_CAP_MEAS_NO_SIG, 12, 0x20, CSPDM_E_ALGORITHM, "BaseAsymSel", 12},
    {SPDM_CAP_MEAS_NO_SIG, 16, 0x00, CSPDM_E_ALGORITHM, "BaseHashSel", 16},
    /* each signing capability requires a BaseAsymSel */
    {SPDM_CAP_CHAL | SPDM_CAP_MEAS_NO_SIG, 12, 0x00, CSPDM_E_ALGORITHM, "BaseAsymSel", 12},
    {SPDM_CAP_MEAS_SIG, 12, 0x00, CSPDM_E_ALGORITHM, "BaseAsymSel", 12},
    {SPDM_CAP_KEY_EX | SPDM_CAP_MAC | SPDM_CAP_MEAS_NO_SIG, 12, 0x00, CSPDM_E_ALGORITHM,
     "BaseAsymSel", 12},
};

static void test_algorithms_caps(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(caps_cases) / sizeof(caps_cases[0]); i++) {
		const struct caps_case *c = &caps_cases[i];
		uint8_t msg[128];
		size_t len = tu_hex_must(alg_vectors[2].hex, msg, sizeof(msg));
		cspdm_error err;

		set_neg(0x12);
		g_offer = offer(0x12);
		g_caps = c->caps;
		msg[c->at] = c->value;
		if (c->code == CSPDM_OK)
			assert_int_equal(run(dec_algorithms, msg, len, &err), CSPDM_OK);
		else
			tu_expect_err(run(dec_algorithms, msg, len, &err), &err, c->code, c->field,
				      c->offset);
	}
}

/* ---- 1.4: PQC field and AlgTypes 6 (KEM) and 7 (ReqPqcAsym) -------------------------------- */

static void test_14_alg_types_6_7(void **state)
{
	struct spdm_neg_algs_req q = offer(0x14);
	struct spdm_algorithms a = selection(0x14);
	uint8_t msg[128];
	size_t len;
	cspdm_error err;

	(void)state;
	/* request: six AlgStructs, Length 56 */
	len = tu_hex_must("14 E3 06 00 38 00 01 02 90 00 00 00 03 00 00 00"
			  " 02 01 00 00 00 00 00 00 00 00 00 00 00 00 00 01" REQ_STRUCTS
			  " 06 20 04 00 07 20 01 00",
			  msg, sizeof(msg));
	assert_int_equal(len, 56);
	set_neg(0x14);
	assert_int_equal(run(dec_neg_algs, msg, len, &err), CSPDM_OK);
	q.struct_count = 6;
	assert_req_equal(&q, len);
	check_truncations(dec_neg_algs, msg, len);
	/* AlgTypes 6 and 7 do not exist before 1.4 */
	msg[0] = 0x13;
	set_neg(0x13);
	tu_expect_err(run(dec_neg_algs, msg, len, &err), &err, CSPDM_E_FIELD, "AlgStruct.AlgType",
		      48);

	/* response: KEM and ReqPqcAsym selected, Length 60 */
	len = tu_hex_must("14 63 06 00 3C 00 01 02 04 00 00 00 80 00 00 00 02 00 00 00 " Z11
			  " 01 00 00 00 00" RSP_STRUCTS " 06 20 04 00 07 20 01 00",
			  msg, sizeof(msg));
	assert_int_equal(len, 60);
	set_neg(0x14);
	g_offer = offer(0x14);
	g_caps = RSP_CAPS;
	assert_int_equal(run(dec_algorithms, msg, len, &err), CSPDM_OK);
	a.kem = 0x0004;
	a.req_pqc_asym = 0x0001;
	a.struct_count = 6;
	assert_alg_equal(&a, len);
	check_truncations(dec_algorithms, msg, len);
	/* a KEM that was not offered */
	msg[54] = 0x02;
	tu_expect_err(run(dec_algorithms, msg, len, &err), &err, CSPDM_E_ALGORITHM,
		      "AlgStruct.AlgSupported", 54);
	msg[54] = 0x04;
	msg[58] = 0x03;
	tu_expect_err(run(dec_algorithms, msg, len, &err), &err, CSPDM_E_ALGORITHM,
		      "AlgStruct.AlgSupported", 58);
	/* six structs in 1.3 */
	msg[0] = 0x13;
	msg[58] = 0x01;
	set_neg(0x13);
	g_offer = offer(0x13);
	tu_expect_err(run(dec_algorithms, msg, len, &err), &err, CSPDM_E_COUNT, "Param1", 2);
}

/* PQCAsymSel (offset 20) in a 1.4 ALGORITHMS from a responder that signs with nothing else. */
static void test_14_pqc_selection(void **state)
{
	struct spdm_algorithms a = selection(0x14);
	uint8_t expect[128], buf[128];
	size_t len = tu_hex_must("14 63 04 00 34 00 01 02 00 00 00 00 00 00 00 00 02 00 00 00"
				 " 02 00 00 00 00 00 00 00 00 00 00 01 00 00 00 00" RSP_STRUCTS,
				 expect, sizeof(expect)),
	       n = 0;
	cspdm_error err;

	(void)state;
	a.meas_hash = 0;
	a.base_asym = 0;
	a.pqc_asym = 0x02;
	assert_int_equal(spdm_enc_algorithms(0x14, &a, buf, sizeof(buf), &n), CSPDM_OK);
	assert_int_equal(n, len);
	assert_memory_equal(buf, expect, len);
	set_neg(0x14);
	g_offer = offer(0x14);
	g_caps = SPDM_CAP_CERT;
	assert_int_equal(run(dec_algorithms, expect, len, &err), CSPDM_OK);
	assert_alg_equal(&a, len);
}

int main(void)
{
	/* clang-format off */
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_neg_algs_vectors),
		cmocka_unit_test(test_algorithms_vectors),
		cmocka_unit_test(test_enc_zeroes_fields_of_later_versions),
		cmocka_unit_test(test_truncation_and_padding),
		cmocka_unit_test(test_length_not_satisfied_by_padding),
		cmocka_unit_test(test_truncation_fields),
		cmocka_unit_test(test_neg_algs_patched),
		cmocka_unit_test(test_algorithms_patched),
		cmocka_unit_test(test_neg_algs_ext),
		cmocka_unit_test(test_neg_algs_struct_external),
		cmocka_unit_test(test_algorithms_ext),
		cmocka_unit_test(test_algorithms_ext_counts),
		cmocka_unit_test(test_algorithms_caps),
		cmocka_unit_test(test_14_alg_types_6_7),
		cmocka_unit_test(test_14_pqc_selection),
	};
	/* clang-format on */

	return cmocka_run_group_tests(tests, NULL, NULL);
}
