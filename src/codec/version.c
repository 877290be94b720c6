/* SPDX-License-Identifier: BSD-3-Clause */
/* GET_VERSION (DSP0274 Table 8) and VERSION (Table 9, VersionNumberEntry Table 10). */
#include "spdm.h"

#include "reader.h"
#include "writer.h"

cspdm_status spdm_enc_get_version(uint8_t *buf, size_t cap, size_t *out_len)
{
	struct wr w;

	wr_init(&w, buf, cap);
	spdm_wr_header(&w, CSPDM_V10, SPDM_GET_VERSION, 0, 0);
	return spdm_wr_done(&w, out_len);
}

cspdm_status spdm_enc_version(const struct spdm_version_rsp *v, uint8_t *buf, size_t cap,
			      size_t *out_len)
{
	struct wr w;
	unsigned i;

	if (v->count > SPDM_MAX_VERSION_ENTRIES)
		return CSPDM_E_INVALID_ARG;
	wr_init(&w, buf, cap);
	spdm_wr_header(&w, CSPDM_V10, SPDM_VERSION, 0, 0);
	wr_u8(&w, 0);
	wr_u8(&w, v->count);
	for (i = 0; i < v->count; i++)
		wr_u16le(&w, v->entries[i]);
	return spdm_wr_done(&w, out_len);
}

cspdm_status spdm_dec_get_version(const uint8_t *msg, size_t len, uint32_t max_pad,
				  cspdm_error *err)
{
	struct rd r;
	struct spdm_hdr h;
	cspdm_status st;

	rd_init(&r, msg, len);
	st = spdm_rd_header(&r, CSPDM_V10, SPDM_GET_VERSION, &h, err);
	if (st)
		return st;
	st = spdm_check_params_reserved(&h, err);
	if (st)
		return st;
	return spdm_rd_end(&r, max_pad, err);
}

cspdm_status spdm_dec_version(const uint8_t *msg, size_t len, uint32_t max_pad,
			      struct spdm_version_rsp *v, cspdm_error *err)
{
	struct rd r;
	struct spdm_hdr h;
	cspdm_status st;
	uint8_t count;
	unsigned i;

	rd_init(&r, msg, len);
	st = spdm_rd_header(&r, CSPDM_V10, SPDM_VERSION, &h, err);
	if (st)
		return st;
	st = spdm_rd_zero(&r, "Reserved", 1, err);
	if (st)
		return st;
	if (!rd_u8(&r, "VersionNumberEntryCount", &count))
		return spdm_rd_status(&r, err);
	if (count == 0 || count > SPDM_MAX_VERSION_ENTRIES)
		return spdm_fail(err, CSPDM_E_COUNT, "VersionNumberEntryCount", 5);
	v->count = count;
	for (i = 0; i < count; i++)
		rd_u16le(&r, "VersionNumberEntry", &v->entries[i]);
	return spdm_rd_end_len(&r, max_pad, &v->len, err);
}
