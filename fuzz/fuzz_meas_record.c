/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A MeasurementRecord: the measurement blocks (DSP0274 Table 48) with their DMTF values
 * (Table 49). Input: byte 0 NumberOfBlocks, then the record. spdm_check_meas_record checks
 * the whole record; spdm_next_meas_block walks it block by block, as the requester and a
 * verifier do. Both must agree, and every block and value lies inside the record.
 */
#include "fuzz_common.h"

static void check_status(cspdm_status st, const cspdm_error *err)
{
	FZ_ASSERT(FZ_STATUS_OK(st));
	if (st)
		FZ_ASSERT(err->code == st);
}

/* Returns the number of blocks walked before the end or the first error (-1 on error). */
static int walk(const uint8_t *record, size_t len)
{
	struct spdm_meas_block b;
	cspdm_error err = {0};
	size_t off = 0, before;
	int count = 0;
	cspdm_status st;

	while (off < len) {
		before = off;
		st = spdm_next_meas_block(record, len, &off, &b, &err);
		check_status(st, &err);
		if (st)
			return -1;
		FZ_ASSERT(off > before && off <= len);
		FZ_ASSERT(b.block_len == 4u + b.size && off - before == b.block_len);
		FZ_ASSERT(fz_within(record, len, b.block, b.block_len));
		FZ_ASSERT(spdm_single_bit(b.spec));
		if (b.spec == SPDM_MEAS_SPEC_DMTF) {
			FZ_ASSERT(b.size >= 3 && b.value_size == b.size - 3u);
			FZ_ASSERT(fz_within(b.block, b.block_len, b.value, b.value_size));
		} else {
			FZ_ASSERT(!b.value && !b.value_size);
		}
		count++;
	}
	return count;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fz_in in;
	struct spdm_meas_rsp m = {0};
	cspdm_error err = {0};
	size_t len;
	int blocks;
	cspdm_status st;

	fz_in_init(&in, data, size);
	m.num_blocks = fz_u8(&in);
	m.record = fz_rest(&in, &len);
	if (len > 0xFFFFFF)
		return 0;
	m.record_len = (uint32_t)len;
	st = spdm_check_meas_record(&m, &err);
	check_status(st, &err);
	blocks = walk(m.record, len);
	/* a record that checks is a walk of exactly NumberOfBlocks well-formed blocks */
	if (!st)
		FZ_ASSERT(blocks == m.num_blocks);
	if (blocks < 0)
		FZ_ASSERT(st != CSPDM_OK);
	return 0;
}
