/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The measurement record (src/codec/measurements.c): blocks (DSP0274 Table 48), the DMTF
 * measurement in a block (Table 49), the record walk and MEASUREMENTS' record length.
 */
#include "testutil.h"

#include <stdlib.h>
#include <string.h>

#include "codec/spdm.h"

/* A block: Index, MeasurementSpecification, MeasurementSize, then size bytes. */
static size_t put_block(uint8_t *p, uint8_t index, uint8_t spec, uint16_t size)
{
	p[0] = index;
	p[1] = spec;
	p[2] = (uint8_t)size;
	p[3] = (uint8_t)(size >> 8);
	memset(p + 4, 0x5C, size);
	return 4u + size;
}

/* A DMTF block whose value is vsize bytes, declared as value_size. */
static size_t put_dmtf(uint8_t *p, uint8_t index, uint16_t vsize, uint16_t value_size)
{
	size_t n = put_block(p, index, SPDM_MEAS_SPEC_DMTF, (uint16_t)(3 + vsize));

	p[4] = 0x01; /* DMTFSpecMeasurementValueType: firmware */
	p[5] = (uint8_t)value_size;
	p[6] = (uint8_t)(value_size >> 8);
	return n;
}

static cspdm_status next(const uint8_t *rec, size_t len, size_t *off, struct spdm_meas_block *b,
			 cspdm_error *err)
{
	uint8_t *copy = tu_exact(rec, len);
	cspdm_status st;

	memset(b, 0xA5, sizeof(*b));
	memset(err, 0, sizeof(*err));
	st = spdm_next_meas_block(copy, len, off, b, err);
	if (st == CSPDM_OK) {
		/* views into the copy: report them relative to rec */
		b->block = rec + (b->block - copy);
		if (b->value)
			b->value = rec + (b->value - copy);
	}
	free(copy);
	return st;
}

static void test_dmtf_block(void **state)
{
	uint8_t rec[64];
	struct spdm_meas_block b;
	cspdm_error err;
	size_t off = 0, len = put_dmtf(rec, 3, 4, 4);

	(void)state;
	len += put_block(rec + len, 4, 0x02, 5);
	assert_int_equal(next(rec, len, &off, &b, &err), CSPDM_OK);
	assert_int_equal(b.index, 3);
	assert_int_equal(b.size, 7);
	assert_ptr_equal(b.block, rec);
	assert_int_equal(b.block_len, 11);
	assert_int_equal(b.dmtf_type, 0x01);
	assert_int_equal(b.value_size, 4);
	assert_ptr_equal(b.value, rec + 7);
	assert_int_equal(off, 11);
	/* the second block: not DMTF, so no value */
	assert_int_equal(next(rec, len, &off, &b, &err), CSPDM_OK);
	assert_int_equal(b.index, 4);
	assert_ptr_equal(b.block, rec + 11);
	assert_int_equal(b.block_len, 9);
	assert_null(b.value);
	assert_int_equal(b.value_size, 0);
	assert_int_equal(off, len);
}

/* The DMTF value must fill its block exactly, whatever follows the block. */
static void test_dmtf_value_size(void **state)
{
	static const struct {
		uint16_t vsize, value_size;
	} cases[] = {{4, 5}, {4, 3}, {0, 1}, {4, 0xFFFF}};
	uint8_t rec[64];
	struct spdm_meas_block b;
	cspdm_error err;
	size_t i, off, len;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		len = put_block(rec, 1, 0x02, 2);
		len += put_dmtf(rec + len, 2, cases[i].vsize, cases[i].value_size);
		len += put_block(rec + len, 3, 0x02, 8); /* bytes a longer value would take */
		off = 6;
		tu_expect_err(next(rec, len, &off, &b, &err), &err, CSPDM_E_LENGTH,
			      "DMTFSpecMeasurementValueSize", 6 + 5);
		assert_null(b.value);
		assert_int_equal(b.value_size, 0);
		assert_int_equal(b.dmtf_type, 0);
	}
	/* too small for the DMTF header: the next block's bytes are not read as one */
	len = put_block(rec, 1, SPDM_MEAS_SPEC_DMTF, 2);
	len += put_block(rec + len, 2, 0x02, 8);
	off = 0;
	tu_expect_err(next(rec, len, &off, &b, &err), &err, CSPDM_E_LENGTH,
		      "DMTFSpecMeasurementValueSize", 5);
}

/* A record that ends inside a block header: the size read is 0, not the caller's bytes. */
static void test_truncated_header(void **state)
{
	uint8_t rec[8];
	struct spdm_meas_block b;
	cspdm_error err;
	size_t off = 0;

	(void)state;
	put_block(rec, 1, 0x02, 4);
	tu_expect_err(next(rec, 3, &off, &b, &err), &err, CSPDM_E_LENGTH,
		      "MeasurementBlock.MeasurementSize", 2);
	assert_int_equal(b.size, 0);
	off = 0;
	tu_expect_err(next(rec, 7, &off, &b, &err), &err, CSPDM_E_LENGTH,
		      "MeasurementBlock.Measurement", 4);
	off = 9;
	tu_expect_err(next(rec, 8, &off, &b, &err), &err, CSPDM_E_LENGTH, "MeasurementRecord", 0);
}

static void test_record_walk(void **state)
{
	uint8_t rec[64];
	struct spdm_meas_rsp m;
	cspdm_error err;
	size_t len = put_dmtf(rec, 1, 2, 2);
	size_t second = len;

	(void)state;
	len += put_block(rec + len, 1, 0x02, 3);
	memset(&m, 0, sizeof(m));
	m.record = rec;
	m.record_len = (uint32_t)len;
	m.num_blocks = 2;
	tu_expect_err(spdm_check_meas_record(&m, &err), &err, CSPDM_E_FIELD,
		      "MeasurementBlock.Index (repeated)", (uint32_t)(8 + second));
	rec[second] = 2;
	assert_int_equal(spdm_check_meas_record(&m, &err), CSPDM_OK);
	m.num_blocks = 3;
	tu_expect_err(spdm_check_meas_record(&m, &err), &err, CSPDM_E_COUNT, "NumberOfBlocks", 4);
}

/* MEASUREMENTS (1.2, unsigned, all blocks) with a record of rec_len bytes declared as decl. */
static size_t meas_msg(uint8_t *msg, size_t rec_len, uint32_t decl)
{
	size_t n = 0;

	msg[n++] = CSPDM_V12;
	msg[n++] = SPDM_MEASUREMENTS;
	msg[n++] = 0;
	msg[n++] = 0;
	msg[n++] = 1; /* NumberOfBlocks */
	msg[n++] = (uint8_t)decl;
	msg[n++] = (uint8_t)(decl >> 8);
	msg[n++] = (uint8_t)(decl >> 16);
	n += put_block(msg + n, 1, 0x02, (uint16_t)(rec_len - 4));
	memset(msg + n, 0x33, CSPDM_NONCE_SIZE);
	n += CSPDM_NONCE_SIZE;
	msg[n++] = 0; /* OpaqueDataLength */
	msg[n++] = 0;
	return n;
}

static void test_record_length(void **state)
{
	static const struct spdm_neg neg = {.version = CSPDM_V12, .hash_size = 48};
	struct spdm_get_meas asked;
	struct spdm_meas_rsp m;
	uint8_t msg[128], *copy;
	cspdm_error err;
	size_t len = meas_msg(msg, 10, 10);

	(void)state;
	memset(&asked, 0, sizeof(asked));
	asked.operation = SPDM_MEAS_OP_ALL;
	copy = tu_exact(msg, len);
	assert_int_equal(spdm_dec_meas(&neg, &asked, copy, len, &m, &err), CSPDM_OK);
	assert_int_equal(m.record_len, 10);
	assert_ptr_equal(m.record, copy + 8);
	free(copy);
	/* longer than the rest of the message: truncated at the record */
	len = meas_msg(msg, 10, (uint32_t)(len - 8 + 1));
	copy = tu_exact(msg, len);
	tu_expect_err(spdm_dec_meas(&neg, &asked, copy, len, &m, &err), &err, CSPDM_E_TRUNCATED,
		      "MeasurementRecord", 8);
	free(copy);
	/* the message ends inside MeasurementRecordLength */
	copy = tu_exact(msg, 6);
	tu_expect_err(spdm_dec_meas(&neg, &asked, copy, 6, &m, &err), &err, CSPDM_E_TRUNCATED,
		      "MeasurementRecordLength", 5);
	free(copy);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_dmtf_block),	     cmocka_unit_test(test_dmtf_value_size),
	    cmocka_unit_test(test_truncated_header), cmocka_unit_test(test_record_walk),
	    cmocka_unit_test(test_record_length),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
