/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The TDISP device interface report (PCIe Base 6.1 §11.3.11, Table "TDI Report Structure"):
 * INTERFACE_INFO (u16), Reserved (u16), MSI_X_MESSAGE_CONTROL (u16), LNR_CONTROL (u16),
 * TPH_CONTROL (u32), MMIO_RANGE_COUNT (u32), MMIO_RANGE[count] (FIRST_PAGE u64, NUMBER_OF_PAGES
 * u32, RANGE_ATTRIBUTES u16, RANGE_ID u16), DEVICE_SPECIFIC_INFO_LEN (u32) and the
 * device-specific information. The count is checked against the length before the ranges are
 * read; a range that wraps 64 bits (as byte addresses) or overlaps another is refused, whatever
 * its place (the ranges after the first TDISP_MAX_RANGES, which the report does not keep, are
 * read again to be compared).
 */
#include <string.h>

#include "app.h"
#include "codec/reader.h"
#include "codec/writer.h"

#define RANGE_SIZE   16u
#define REPORT_FIXED 16u

static cspdm_status rd_range(struct rd *r, struct tdisp_mmio_range *m, cspdm_error *err)
{
	size_t at = rd_offset(r);
	uint64_t last;

	rd_u64le(r, "MMIO_RANGE.FIRST_PAGE", &m->first_page);
	rd_u32le(r, "MMIO_RANGE.NUMBER_OF_PAGES", &m->pages);
	rd_u16le(r, "MMIO_RANGE.RANGE_ATTRIBUTES", &m->attributes);
	rd_u16le(r, "MMIO_RANGE.RANGE_ID", &m->range_id);
	if (r->failed)
		return spdm_rd_status(r, err);
	if (m->attributes & ~TDISP_MMIO_ATTR_MASK)
		return spdm_fail(err, CSPDM_E_RESERVED, "MMIO_RANGE.RANGE_ATTRIBUTES", at + 12);
	/* the last byte, (first_page + pages) * 4096 - 1, must fit in 64 bits */
	last = m->first_page + m->pages;
	if (!m->pages || m->first_page > (UINT64_MAX >> TDISP_PAGE_SHIFT) ||
	    last > (UINT64_MAX >> TDISP_PAGE_SHIFT) + 1)
		return spdm_fail(err, CSPDM_E_FIELD, "MMIO_RANGE (empty or wraps 64 bits)", at);
	return CSPDM_OK;
}

static int overlap(const struct tdisp_mmio_range *a, const struct tdisp_mmio_range *b)
{
	return a->first_page < b->first_page + b->pages && b->first_page < a->first_page + a->pages;
}

/* Does m overlap one of the ranges after the first TDISP_MAX_RANGES and before the ith? They
 * are read again from the report (later: at the first of them); they decoded once. */
static int overlaps_later(const struct rd *later, size_t i, const struct tdisp_mmio_range *m)
{
	struct tdisp_mmio_range o = {0, 0, 0, 0};
	struct rd again = *later;
	size_t j;

	for (j = TDISP_MAX_RANGES; j < i; j++)
		if (!rd_range(&again, &o, NULL) && overlap(m, &o))
			return 1;
	return 0;
}

static cspdm_status rd_ranges(struct rd *r, struct tdisp_report *rep, cspdm_error *err)
{
	struct tdisp_mmio_range cur = {0, 0, 0, 0}, *keep;
	struct rd later = *r;
	size_t at, i, j;
	cspdm_status st;

	for (i = 0; i < rep->range_count; i++) {
		at = rd_offset(r);
		if (i == TDISP_MAX_RANGES)
			later = *r;
		keep = i < TDISP_MAX_RANGES ? &rep->range[i] : &cur;
		st = rd_range(r, keep, err);
		if (st)
			return st;
		for (j = 0; j < i && j < TDISP_MAX_RANGES; j++)
			if (overlap(keep, &rep->range[j]))
				return spdm_fail(err, CSPDM_E_FIELD,
						 "MMIO_RANGE (overlaps another)", at);
		if (i > TDISP_MAX_RANGES && overlaps_later(&later, i, keep))
			return spdm_fail(err, CSPDM_E_FIELD, "MMIO_RANGE (overlaps another)", at);
	}
	return CSPDM_OK;
}

cspdm_status tdisp_dec_report(const uint8_t *buf, size_t len, struct tdisp_report *rep,
			      cspdm_error *err)
{
	struct rd r;
	cspdm_status st;

	memset(rep, 0, sizeof(*rep));
	rd_init(&r, buf, len);
	rd_u16le(&r, "INTERFACE_INFO", &rep->interface_info);
	st = spdm_rd_zero(&r, "Reserved", 2, err);
	if (st)
		return st;
	rd_u16le(&r, "MSI_X_MESSAGE_CONTROL", &rep->msix_control);
	rd_u16le(&r, "LNR_CONTROL", &rep->lnr_control);
	rd_u32le(&r, "TPH_CONTROL", &rep->tph_control);
	rd_u32le(&r, "MMIO_RANGE_COUNT", &rep->range_count);
	if (r.failed)
		return spdm_rd_status(&r, err);
	if ((uint64_t)rep->range_count * RANGE_SIZE + 4 > rd_remaining(&r))
		return spdm_fail(err, CSPDM_E_COUNT, "MMIO_RANGE_COUNT (beyond the report)", 12);
	st = rd_ranges(&r, rep, err);
	if (st)
		return st;
	rd_u32le(&r, "DEVICE_SPECIFIC_INFO_LEN", &rep->dev_info_len);
	if (!r.failed && rep->dev_info_len != rd_remaining(&r))
		return spdm_fail(err, CSPDM_E_LENGTH, "DEVICE_SPECIFIC_INFO_LEN",
				 rd_offset(&r) - 4);
	if (rep->dev_info_len)
		rd_view(&r, "DEVICE_SPECIFIC_INFO", rep->dev_info_len, &rep->dev_info);
	return spdm_rd_status(&r, err);
}

cspdm_status tdisp_enc_report(const struct tdisp_report *rep, uint8_t *buf, size_t cap,
			      size_t *out_len)
{
	struct wr w;
	uint32_t i;

	if (rep->range_count > TDISP_MAX_RANGES)
		return CSPDM_E_INVALID_ARG;
	wr_init(&w, buf, cap);
	wr_u16le(&w, rep->interface_info);
	wr_u16le(&w, 0);
	wr_u16le(&w, rep->msix_control);
	wr_u16le(&w, rep->lnr_control);
	wr_u32le(&w, rep->tph_control);
	wr_u32le(&w, rep->range_count);
	for (i = 0; i < rep->range_count; i++) {
		wr_u64le(&w, rep->range[i].first_page);
		wr_u32le(&w, rep->range[i].pages);
		wr_u16le(&w, rep->range[i].attributes);
		wr_u16le(&w, rep->range[i].range_id);
	}
	wr_u32le(&w, rep->dev_info_len);
	if (rep->dev_info_len)
		wr_bytes(&w, rep->dev_info, rep->dev_info_len);
	return spdm_wr_done(&w, out_len);
}
