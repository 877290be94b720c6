/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Secured-message opaque data (DSP0277 "Secured Messages using SPDM opaque data"), in either
 * container:
 *  - DSP0277's table (SPDM 1.0/1.1, or no OPAQUE_FMT_1): SpecID u32 0x444D5446 ("DMTF"),
 *    OpaqueVersion 1, TotalElements, Reserved u16;
 *  - DSP0274 1.2+ "General opaque data format" (OtherParams OPAQUE_FMT_1): TotalElements,
 *    Reserved[3].
 * Then TotalElements opaque elements, each ID (registry), VendorLen, VendorID[VendorLen],
 * OpaqueElementDataLen u16, OpaqueElementData and zero AlignPadding to a multiple of 4 bytes.
 * A secured-message element is ID 0 (DMTF) with no vendor ID, and its data starts with
 * SMDataVersion 1 and SMDataID: 0 VersionSelection (SelectedVersion u16), 1 SupportedVersion
 * (VersionCount u8, then VersionCount u16 VersionNumberEntry values). Other elements (other
 * registries, vendors, SMDataIDs) are skipped after their framing is checked.
 * Failures report the offset from the start of the opaque data.
 */
#include "spdm.h"

#include "reader.h"
#include "writer.h"

#include <string.h>

#define SM_SPEC_ID	     0x444D5446u
#define SM_OPAQUE_VERSION    1
#define SM_DATA_VERSION	     1
#define SM_ID_SELECTION	     0
#define SM_ID_SUPPORTED	     1
#define REGISTRY_DMTF	     0
#define ELEMENT_HEADER	     4 /* ID, VendorLen (0), OpaqueElementDataLen */
#define SELECTION_DATA_LEN   4 /* SMDataVersion, SMDataID, SelectedVersion */
#define SUPPORTED_DATA_FIXED 3 /* SMDataVersion, SMDataID, VersionCount */

static size_t align_pad(size_t n)
{
	return (4 - (n & 3)) & 3;
}

/* ---- encoders -------------------------------------------------------------------------------- */

static void wr_table_header(struct wr *w, uint8_t general)
{
	if (general) {
		wr_u8(w, 1); /* TotalElements */
		wr_zero(w, 3);
		return;
	}
	wr_u32le(w, SM_SPEC_ID);
	wr_u8(w, SM_OPAQUE_VERSION);
	wr_u8(w, 1); /* TotalElements */
	wr_u16le(w, 0);
}

/* The table header and the header of its one secured-message element. */
static void wr_sm_element(struct wr *w, uint8_t general, uint16_t data_len, uint8_t sm_id)
{
	wr_table_header(w, general);
	wr_u8(w, REGISTRY_DMTF);
	wr_u8(w, 0); /* VendorLen */
	wr_u16le(w, data_len);
	wr_u8(w, SM_DATA_VERSION);
	wr_u8(w, sm_id);
}

cspdm_status spdm_enc_opaque_sm_supported(uint8_t general, const uint16_t *vers, uint8_t count,
					  uint8_t *buf, size_t cap, size_t *out_len)
{
	uint16_t data_len = (uint16_t)(SUPPORTED_DATA_FIXED + 2u * count);
	struct wr w;
	uint8_t i;

	if (!count || count > SPDM_SM_MAX_VERSIONS)
		return CSPDM_E_INVALID_ARG;
	wr_init(&w, buf, cap);
	wr_sm_element(&w, general, data_len, SM_ID_SUPPORTED);
	wr_u8(&w, count);
	for (i = 0; i < count; i++)
		wr_u16le(&w, vers[i]);
	wr_zero(&w, align_pad(ELEMENT_HEADER + data_len));
	return spdm_wr_done(&w, out_len);
}

cspdm_status spdm_enc_opaque_sm_selection(uint8_t general, uint16_t selected, uint8_t *buf,
					  size_t cap, size_t *out_len)
{
	struct wr w;

	wr_init(&w, buf, cap);
	wr_sm_element(&w, general, SELECTION_DATA_LEN, SM_ID_SELECTION);
	wr_u16le(&w, selected);
	wr_zero(&w, align_pad(ELEMENT_HEADER + SELECTION_DATA_LEN));
	return spdm_wr_done(&w, out_len);
}

/* ---- decoder --------------------------------------------------------------------------------- */

/* The failed reader's read past the opaque data: its lengths disagree with OpaqueDataLength. */
static cspdm_status opaque_status(const struct rd *r, cspdm_error *err)
{
	return spdm_fail(err, CSPDM_E_LENGTH, r->fail_field, r->fail_off);
}

static cspdm_status rd_table_header(struct rd *r, uint8_t general, uint8_t *total, cspdm_error *err)
{
	uint32_t spec = 0;
	uint8_t version = 0;
	size_t bad = 0;

	if (!general) {
		rd_u32le(r, "SpecID", &spec);
		rd_u8(r, "OpaqueVersion", &version);
	}
	rd_u8(r, "TotalElements", total);
	if (r->failed)
		return opaque_status(r, err);
	if (!general && spec != SM_SPEC_ID)
		return spdm_fail(err, CSPDM_E_FIELD, "SpecID", 0);
	if (!general && version != SM_OPAQUE_VERSION)
		return spdm_fail(err, CSPDM_E_FIELD, "OpaqueVersion", 4);
	if (rd_zero(r, "Reserved", general ? 3 : 2, &bad))
		return CSPDM_OK;
	if (r->failed)
		return opaque_status(r, err);
	return spdm_fail(err, CSPDM_E_RESERVED, "Reserved", bad);
}

/* SelectedVersion: exactly SMDataVersion, SMDataID and the u16. */
static cspdm_status rd_selection(struct rd *e, uint16_t data_len, size_t at,
				 struct spdm_opaque_sm *o, cspdm_error *err)
{
	if (o->has_selection)
		return spdm_fail(err, CSPDM_E_FIELD, "SMDataID (repeated)", at + 1);
	if (data_len != SELECTION_DATA_LEN)
		return spdm_fail(err, CSPDM_E_LENGTH, "OpaqueElementDataLen", at - 2);
	rd_u16le(e, "SelectedVersion", &o->selected);
	o->has_selection = 1;
	return CSPDM_OK;
}

/* SupportedVersion: VersionCount (1..SPDM_SM_MAX_VERSIONS) entries filling the data. */
static cspdm_status rd_supported(struct rd *e, uint16_t data_len, size_t at,
				 struct spdm_opaque_sm *o, cspdm_error *err)
{
	uint8_t count = 0, i;

	if (o->has_supported)
		return spdm_fail(err, CSPDM_E_FIELD, "SMDataID (repeated)", at + 1);
	if (data_len < SUPPORTED_DATA_FIXED)
		return spdm_fail(err, CSPDM_E_LENGTH, "OpaqueElementDataLen", at - 2);
	rd_u8(e, "VersionCount", &count);
	if (!count)
		return spdm_fail(err, CSPDM_E_COUNT, "VersionCount", at + 2);
	if (data_len != SUPPORTED_DATA_FIXED + 2u * count)
		return spdm_fail(err, CSPDM_E_LENGTH, "OpaqueElementDataLen", at - 2);
	if (count > SPDM_SM_MAX_VERSIONS)
		return spdm_fail(err, CSPDM_E_COUNT, "VersionCount", at + 2);
	for (i = 0; i < count; i++)
		rd_u16le(e, "VersionNumberEntry", &o->supported[i]);
	o->count = count;
	o->has_supported = 1;
	return CSPDM_OK;
}

/*
 * The data of a DMTF element without vendor ID at offset at: secured-message data or not. e is
 * the opaque data's reader at the element data, which the caller has checked is there: e reads
 * only as far as data_len says (each length is checked before the fields it covers), and every
 * read stays inside the opaque data.
 */
static cspdm_status rd_sm_data(struct rd *e, uint16_t data_len, size_t at, struct spdm_opaque_sm *o,
			       cspdm_error *err)
{
	uint8_t version = 0, id = 0;

	if (data_len < 2)
		return CSPDM_OK; /* no SMDataVersion and SMDataID: not DSP0277's, skipped */
	rd_u8(e, "SMDataVersion", &version);
	rd_u8(e, "SMDataID", &id);
	if (version != SM_DATA_VERSION)
		return CSPDM_OK; /* not DSP0277's: skipped */
	if (id == SM_ID_SELECTION)
		return rd_selection(e, data_len, at, o, err);
	if (id == SM_ID_SUPPORTED)
		return rd_supported(e, data_len, at, o, err);
	return CSPDM_OK; /* other secured-message data (AEAD limit, ...) */
}

/*
 * The zero padding after the element that started at start, to a multiple of 4 bytes. It is
 * checked one byte at a time, after checking that all of it is there: a run-time count of bytes
 * read at once is more than Eva can bound. Same errors as one read: a padding cut short fails
 * where it starts, a byte that is not zero is named.
 */
static cspdm_status rd_align_padding(struct rd *r, size_t start, cspdm_error *err)
{
	size_t pad = align_pad(rd_offset(r) - start), bad = 0;

	if (pad > rd_remaining(r)) {
		rd_fail(r, "OpaqueElement.AlignPadding");
		return opaque_status(r, err);
	}
	for (; pad; pad--)
		if (!rd_zero(r, "OpaqueElement.AlignPadding", 1, &bad))
			return spdm_fail(err, CSPDM_E_RESERVED, "OpaqueElement.AlignPadding", bad);
	return CSPDM_OK;
}

/* One opaque element, its padding included. */
static cspdm_status rd_element(struct rd *r, struct spdm_opaque_sm *o, cspdm_error *err)
{
	size_t start = rd_offset(r), at;
	uint8_t id = 0, vendor_len = 0;
	uint16_t data_len = 0;
	struct rd data;
	cspdm_status st;

	rd_u8(r, "OpaqueElement.ID", &id);
	rd_u8(r, "OpaqueElement.VendorLen", &vendor_len);
	rd_skip(r, "OpaqueElement.VendorID", vendor_len);
	rd_u16le(r, "OpaqueElement.OpaqueElementDataLen", &data_len);
	at = rd_offset(r);
	data = *r; /* the reader at the data: its bounds, not a second reader over a view */
	rd_skip(r, "OpaqueElement.OpaqueElementData", data_len);
	if (r->failed)
		return opaque_status(r, err);
	st = rd_align_padding(r, start, err);
	if (st)
		return st;
	if (id == REGISTRY_DMTF && !vendor_len)
		return rd_sm_data(&data, data_len, at, o, err);
	return CSPDM_OK;
}

cspdm_status spdm_dec_opaque_sm(uint8_t general, const uint8_t *opaque, size_t len,
				struct spdm_opaque_sm *o, cspdm_error *err)
{
	struct rd r;
	uint8_t total = 0, i;
	cspdm_status st;

	memset(o, 0, sizeof(*o));
	o->general = general ? 1 : 0;
	rd_init(&r, opaque, len);
	st = rd_table_header(&r, o->general, &total, err);
	for (i = 0; !st && i < total; i++) {
		if (!rd_remaining(&r))
			return spdm_fail(err, CSPDM_E_COUNT, "TotalElements", o->general ? 0 : 5);
		st = rd_element(&r, o, err);
	}
	if (st)
		return st;
	o->elements = total;
	if (rd_remaining(&r))
		return spdm_fail(err, CSPDM_E_TRAILING, "end of opaque data", rd_offset(&r));
	return CSPDM_OK;
}
