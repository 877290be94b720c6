/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * NEGOTIATE_ALGORITHMS (DSP0274 Table 15) and ALGORITHMS (Table 16), with the extended
 * algorithm fields (Table 17) and the 1.1+ algorithm structures (Tables 18-22).
 * 1.2 adds OtherParamsSupport/Selection, 1.3 MELspecification, 1.4 the PQC asym field.
 */
#include "spdm.h"

#include "reader.h"
#include "writer.h"

#define NEG_ALGS_FIXED	 32
#define ALGORITHMS_FIXED 36
#define NEG_ALGS_MAX_10	 64
#define NEG_ALGS_MAX_11	 128
#define ALG_FIXED_COUNT	 2

static uint16_t struct_value(const struct spdm_neg_algs_req *a, uint8_t type)
{
	switch (type) {
	case SPDM_ALG_TYPE_DHE:
		return a->dhe;
	case SPDM_ALG_TYPE_AEAD:
		return a->aead;
	case SPDM_ALG_TYPE_REQ_BASE_ASYM:
		return a->req_asym;
	case SPDM_ALG_TYPE_KEY_SCHEDULE:
		return a->key_schedule;
	case SPDM_ALG_TYPE_KEM:
		return a->kem;
	default:
		return a->req_pqc_asym;
	}
}

static void wr_ext(struct wr *w, const struct spdm_ext_alg *e, unsigned n)
{
	unsigned i;

	for (i = 0; i < n; i++) {
		wr_u8(w, e[i].registry);
		wr_u8(w, 0);
		wr_u16le(w, e[i].alg_id);
	}
}

/* AlgStructs of types 2 .. 1 + count, in ascending order (Table 18). */
static void wr_structs(struct wr *w, const uint16_t *v, uint8_t count)
{
	uint8_t i;

	for (i = 0; i < count; i++) {
		wr_u8(w, (uint8_t)(SPDM_ALG_TYPE_DHE + i));
		wr_u8(w, ALG_FIXED_COUNT << 4);
		wr_u16le(w, v[i]);
	}
}

cspdm_status spdm_enc_neg_algs(uint8_t ver, const struct spdm_neg_algs_req *a, uint8_t *buf,
			       size_t cap, size_t *out_len)
{
	struct wr w;
	uint8_t nstruct = ver >= CSPDM_V11 ? 4 : 0;
	const uint16_t v[4] = {a->dhe, a->aead, a->req_asym, a->key_schedule};

	if (a->ext_asym_count > SPDM_MAX_EXT_ALGS || a->ext_hash_count > SPDM_MAX_EXT_ALGS)
		return CSPDM_E_INVALID_ARG;
	wr_init(&w, buf, cap);
	spdm_wr_header(&w, ver, SPDM_NEGOTIATE_ALGORITHMS, nstruct, 0);
	wr_u16le(&w, 0); /* Length, patched below */
	wr_u8(&w, a->meas_spec);
	wr_u8(&w, ver >= CSPDM_V12 ? a->other_params : 0);
	wr_u32le(&w, a->base_asym);
	wr_u32le(&w, a->base_hash);
	wr_u32le(&w, ver >= CSPDM_V14 ? a->pqc_asym : 0);
	wr_zero(&w, 8);
	wr_u8(&w, a->ext_asym_count);
	wr_u8(&w, a->ext_hash_count);
	wr_u8(&w, 0);
	wr_u8(&w, ver >= CSPDM_V13 ? a->mel_spec : 0);
	wr_ext(&w, a->ext_asym, a->ext_asym_count);
	wr_ext(&w, a->ext_hash, a->ext_hash_count);
	wr_structs(&w, v, nstruct);
	wr_patch_u16le(&w, 4, (uint16_t)w.len);
	return spdm_wr_done(&w, out_len);
}

cspdm_status spdm_enc_algorithms(uint8_t ver, const struct spdm_algorithms *a, uint8_t *buf,
				 size_t cap, size_t *out_len)
{
	struct wr w;
	uint8_t max = ver >= CSPDM_V14 ? 6 : ver >= CSPDM_V11 ? 4 : 0;
	uint8_t nstruct = a->struct_count < max ? a->struct_count : max;
	const uint16_t v[6] = {a->dhe,		a->aead, a->req_asym,
			       a->key_schedule, a->kem,	 a->req_pqc_asym};

	wr_init(&w, buf, cap);
	spdm_wr_header(&w, ver, SPDM_ALGORITHMS, nstruct, 0);
	wr_u16le(&w, 0);
	wr_u8(&w, a->meas_spec);
	wr_u8(&w, ver >= CSPDM_V12 ? a->other_params : 0);
	wr_u32le(&w, a->meas_hash);
	wr_u32le(&w, a->base_asym);
	wr_u32le(&w, a->base_hash);
	wr_u32le(&w, ver >= CSPDM_V14 ? a->pqc_asym : 0);
	wr_zero(&w, 7);
	wr_u8(&w, ver >= CSPDM_V13 ? a->mel_spec : 0);
	wr_u8(&w, a->ext_asym_count ? 1 : 0);
	wr_u8(&w, a->ext_hash_count ? 1 : 0);
	wr_u16le(&w, 0);
	wr_ext(&w, &a->ext_asym, a->ext_asym_count ? 1 : 0);
	wr_ext(&w, &a->ext_hash, a->ext_hash_count ? 1 : 0);
	wr_structs(&w, v, nstruct);
	wr_patch_u16le(&w, 4, (uint16_t)w.len);
	return spdm_wr_done(&w, out_len);
}

static cspdm_status rd_ext(struct rd *r, struct spdm_ext_alg *e, unsigned n, unsigned keep,
			   cspdm_error *err)
{
	unsigned i;
	struct spdm_ext_alg tmp = {0, 0};
	cspdm_status st;

	for (i = 0; i < n; i++) {
		struct spdm_ext_alg *dst = i < keep ? &e[i] : &tmp;

		rd_u8(r, "ExtAlg.RegistryID", &dst->registry);
		st = spdm_rd_zero(r, "ExtAlg.Reserved", 1, err);
		if (st)
			return st;
		rd_u16le(r, "ExtAlg.AlgorithmID", &dst->alg_id);
	}
	return spdm_rd_status(r, err);
}

/* One AlgStruct: type ascending and known, two fixed bytes, ext entries skipped. */
static cspdm_status rd_alg_struct(struct rd *r, uint8_t ver, uint8_t *last_type, uint8_t *type,
				  uint16_t *supported, uint8_t *ext, cspdm_error *err)
{
	uint8_t max_type =
	    ver >= CSPDM_V14 ? SPDM_ALG_TYPE_REQ_PQC_ASYM : SPDM_ALG_TYPE_KEY_SCHEDULE;
	uint8_t count;
	size_t at = rd_offset(r);

	rd_u8(r, "AlgStruct.AlgType", type);
	rd_u8(r, "AlgStruct.AlgCount", &count);
	rd_u16le(r, "AlgStruct.AlgSupported", supported);
	if (r->failed)
		return spdm_rd_status(r, err);
	if (*type < SPDM_ALG_TYPE_DHE || *type > max_type || *type <= *last_type)
		return spdm_fail(err, CSPDM_E_FIELD, "AlgStruct.AlgType", at);
	if ((count >> 4) != ALG_FIXED_COUNT)
		return spdm_fail(err, CSPDM_E_COUNT, "AlgStruct.AlgCount", at + 1);
	*last_type = *type;
	*ext = count & 0x0F;
	if (!rd_skip(r, "AlgStruct.AlgExternal", (size_t)*ext * 4))
		return spdm_rd_status(r, err);
	return CSPDM_OK;
}

/* The AlgStruct value fields of both messages, by AlgType. */
struct alg_fields {
	uint16_t *f[SPDM_ALG_TYPE_REQ_PQC_ASYM + 1];
};

static void set_struct(const struct alg_fields *fs, uint8_t type, uint16_t v)
{
	*fs->f[type] = v;
}

static void fields_of_req(struct spdm_neg_algs_req *a, struct alg_fields *fs)
{
	fs->f[SPDM_ALG_TYPE_DHE] = &a->dhe;
	fs->f[SPDM_ALG_TYPE_AEAD] = &a->aead;
	fs->f[SPDM_ALG_TYPE_REQ_BASE_ASYM] = &a->req_asym;
	fs->f[SPDM_ALG_TYPE_KEY_SCHEDULE] = &a->key_schedule;
	fs->f[SPDM_ALG_TYPE_KEM] = &a->kem;
	fs->f[SPDM_ALG_TYPE_REQ_PQC_ASYM] = &a->req_pqc_asym;
}

static void fields_of_rsp(struct spdm_algorithms *a, struct alg_fields *fs)
{
	fs->f[SPDM_ALG_TYPE_DHE] = &a->dhe;
	fs->f[SPDM_ALG_TYPE_AEAD] = &a->aead;
	fs->f[SPDM_ALG_TYPE_REQ_BASE_ASYM] = &a->req_asym;
	fs->f[SPDM_ALG_TYPE_KEY_SCHEDULE] = &a->key_schedule;
	fs->f[SPDM_ALG_TYPE_KEM] = &a->kem;
	fs->f[SPDM_ALG_TYPE_REQ_PQC_ASYM] = &a->req_pqc_asym;
}

static cspdm_status check_length(const struct rd *r, uint16_t length, uint32_t max_pad,
				 cspdm_error *err)
{
	cspdm_status st = spdm_rd_end(r, max_pad, err);

	if (st)
		return st;
	if (length != rd_offset(r))
		return spdm_fail(err, CSPDM_E_LENGTH, "Length", 4);
	return CSPDM_OK;
}

cspdm_status spdm_dec_neg_algs(const struct spdm_neg *n, const uint8_t *msg, size_t len,
			       struct spdm_neg_algs_req *a, cspdm_error *err)
{
	struct rd r;
	struct spdm_hdr h;
	uint16_t length;
	uint8_t last = 0, type, ext, i;
	uint16_t v;
	struct alg_fields fs;
	cspdm_status st;

	rd_init(&r, msg, len);
	st = spdm_rd_header(&r, n->version, SPDM_NEGOTIATE_ALGORITHMS, &h, err);
	if (st)
		return st;
	rd_u16le(&r, "Length", &length);
	rd_u8(&r, "MeasurementSpecification", &a->meas_spec);
	rd_u8(&r, "OtherParamsSupport", &a->other_params);
	rd_u32le(&r, "BaseAsymAlgo", &a->base_asym);
	rd_u32le(&r, "BaseHashAlgo", &a->base_hash);
	rd_u32le(&r, "PQCAsymAlgo", &a->pqc_asym);
	rd_skip(&r, "Reserved", 8);
	rd_u8(&r, "ExtAsymCount", &a->ext_asym_count);
	rd_u8(&r, "ExtHashCount", &a->ext_hash_count);
	rd_skip(&r, "Reserved", 1);
	rd_u8(&r, "MELspecification", &a->mel_spec);
	if (r.failed)
		return spdm_rd_status(&r, err);
	if (length > (n->version >= CSPDM_V11 ? NEG_ALGS_MAX_11 : NEG_ALGS_MAX_10))
		return spdm_fail(err, CSPDM_E_LENGTH, "Length", 4);
	if (a->ext_asym_count + a->ext_hash_count > (n->version >= CSPDM_V11 ? 20 : 8))
		return spdm_fail(err, CSPDM_E_COUNT, "ExtAsymCount", 28);
	st = rd_ext(&r, a->ext_asym, a->ext_asym_count, SPDM_MAX_EXT_ALGS, err);
	if (!st)
		st = rd_ext(&r, a->ext_hash, a->ext_hash_count, SPDM_MAX_EXT_ALGS, err);
	a->dhe = a->aead = a->req_asym = a->key_schedule = a->kem = a->req_pqc_asym = 0;
	a->struct_count = h.param1;
	fields_of_req(a, &fs);
	if (n->version < CSPDM_V11 && h.param1)
		return spdm_fail(err, CSPDM_E_RESERVED, "Param1", 2);
	for (i = 0; !st && i < h.param1; i++) {
		st = rd_alg_struct(&r, n->version, &last, &type, &v, &ext, err);
		if (!st)
			set_struct(&fs, type, v);
	}
	a->len = length;
	return st ? st : check_length(&r, length, n->max_pad, err);
}

/* A selection: zero or one bit, and only among those offered. */
static cspdm_status check_sel(uint32_t sel, uint32_t offered, int required, const char *field,
			      size_t off, cspdm_error *err)
{
	if (!sel && !required)
		return CSPDM_OK;
	if (!spdm_single_bit(sel) || (sel & ~offered))
		return spdm_fail(err, CSPDM_E_ALGORITHM, field, off);
	return CSPDM_OK;
}

static cspdm_status rd_algorithms_fixed(struct rd *r, struct spdm_algorithms *a, uint16_t *length,
					cspdm_error *err)
{
	cspdm_status st;

	rd_u16le(r, "Length", length);
	rd_u8(r, "MeasurementSpecificationSel", &a->meas_spec);
	rd_u8(r, "OtherParamsSelection", &a->other_params);
	rd_u32le(r, "MeasurementHashAlgo", &a->meas_hash);
	rd_u32le(r, "BaseAsymSel", &a->base_asym);
	rd_u32le(r, "BaseHashSel", &a->base_hash);
	rd_u32le(r, "PQCAsymSel", &a->pqc_asym);
	st = spdm_rd_zero(r, "Reserved", 7, err);
	if (st)
		return st;
	rd_u8(r, "MELspecificationSel", &a->mel_spec);
	rd_u8(r, "ExtAsymSelCount", &a->ext_asym_count);
	rd_u8(r, "ExtHashSelCount", &a->ext_hash_count);
	st = spdm_rd_zero(r, "Reserved", 2, err);
	if (st)
		return st;
	return spdm_rd_status(r, err);
}

static cspdm_status check_selection(const struct spdm_neg *n, const struct spdm_neg_algs_req *q,
				    uint32_t caps, const struct spdm_algorithms *a,
				    cspdm_error *err)
{
	int signs = (caps & (SPDM_CAP_CHAL | SPDM_CAP_KEY_EX | SPDM_CAP_MEAS_SIG)) != 0;
	int meas = (caps & SPDM_CAP_MEAS_MASK) != 0;
	cspdm_status st;

	if (n->version < CSPDM_V14 && a->pqc_asym)
		return spdm_fail(err, CSPDM_E_RESERVED, "PQCAsymSel", 20);
	st = check_sel(a->pqc_asym, q->pqc_asym, 0, "PQCAsymSel", 20, err);
	if (st)
		return st;
	if (a->ext_asym_count > q->ext_asym_count || a->ext_asym_count > 1)
		return spdm_fail(err, CSPDM_E_ALGORITHM, "ExtAsymSelCount", 32);
	if (a->ext_hash_count > q->ext_hash_count || a->ext_hash_count > 1)
		return spdm_fail(err, CSPDM_E_ALGORITHM, "ExtHashSelCount", 33);
	st = check_sel(a->meas_spec, q->meas_spec, 0, "MeasurementSpecificationSel", 6, err);
	if (!st && !meas && a->meas_hash)
		st = spdm_fail(err, CSPDM_E_ALGORITHM, "MeasurementHashAlgo", 8);
	if (!st && meas && !spdm_single_bit(a->meas_hash))
		st = spdm_fail(err, CSPDM_E_ALGORITHM, "MeasurementHashAlgo", 8);
	if (!st)
		st = check_sel(a->base_asym, q->base_asym, signs && !a->ext_asym_count,
			       "BaseAsymSel", 12, err);
	if (!st)
		st = check_sel(a->base_hash, q->base_hash, !a->ext_hash_count, "BaseHashSel", 16,
			       err);
	if (!st && n->version >= CSPDM_V12)
		st = check_sel(a->other_params & 0x0F, q->other_params & 0x0F, 0,
			       "OtherParamsSelection", 7, err);
	if (!st && n->version >= CSPDM_V12 && (a->other_params & 0xE0))
		st = spdm_fail(err, CSPDM_E_RESERVED, "OtherParamsSelection", 7);
	if (!st && n->version < CSPDM_V12 && a->other_params)
		st = spdm_fail(err, CSPDM_E_RESERVED, "OtherParamsSelection", 7);
	if (!st && n->version >= CSPDM_V13)
		st = check_sel(a->mel_spec, q->mel_spec, 0, "MELspecificationSel", 31, err);
	if (!st && n->version < CSPDM_V13 && a->mel_spec)
		st = spdm_fail(err, CSPDM_E_RESERVED, "MELspecificationSel", 31);
	return st;
}

static cspdm_status rd_rsp_structs(struct rd *r, uint8_t ver, const struct spdm_neg_algs_req *q,
				   uint8_t count, struct spdm_algorithms *a, cspdm_error *err)
{
	uint8_t last = 0, type = 0, ext = 0, i;
	uint16_t v = 0;
	size_t at;
	struct alg_fields fs;
	cspdm_status st;

	fields_of_rsp(a, &fs);
	a->dhe = a->aead = a->req_asym = a->key_schedule = a->kem = a->req_pqc_asym = 0;
	for (i = 0; i < count; i++) {
		at = rd_offset(r);
		st = rd_alg_struct(r, ver, &last, &type, &v, &ext, err);
		if (st)
			return st;
		if (ext || (v && (!spdm_single_bit(v) || (v & ~struct_value(q, type)))))
			return spdm_fail(err, CSPDM_E_ALGORITHM, "AlgStruct.AlgSupported", at + 2);
		set_struct(&fs, type, v);
	}
	return CSPDM_OK;
}

cspdm_status spdm_dec_algorithms(const struct spdm_neg *n, const struct spdm_neg_algs_req *req,
				 uint32_t rsp_caps, const uint8_t *msg, size_t len,
				 struct spdm_algorithms *a, cspdm_error *err)
{
	struct rd r;
	struct spdm_hdr h;
	uint16_t length;
	cspdm_status st;

	rd_init(&r, msg, len);
	st = spdm_rd_header(&r, n->version, SPDM_ALGORITHMS, &h, err);
	if (!st)
		st = rd_algorithms_fixed(&r, a, &length, err);
	if (st)
		return st;
	if (h.param1 > (n->version >= CSPDM_V14 ? 6 : n->version >= CSPDM_V11 ? 4 : 0))
		return spdm_fail(err, CSPDM_E_COUNT, "Param1", 2);
	st = rd_ext(&r, &a->ext_asym, a->ext_asym_count, 1, err);
	if (!st)
		st = rd_ext(&r, &a->ext_hash, a->ext_hash_count, 1, err);
	a->struct_count = h.param1;
	if (!st)
		st = rd_rsp_structs(&r, n->version, req, h.param1, a, err);
	if (!st)
		st = check_length(&r, length, n->max_pad, err);
	a->len = length;
	if (!st)
		st = check_selection(n, req, rsp_caps, a, err);
	return st;
}
