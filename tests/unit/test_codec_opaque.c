/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Secured-message opaque data (DSP0277), in DSP0277's table (SpecID "DMTF", OpaqueVersion 1)
 * and in DSP0274 1.2's general opaque data table: libspdm's bytes, every version count, the
 * framing of every element (lengths, alignment padding, element count), skipped elements of
 * other registries and vendors, and repeated secured-message elements.
 */
#include "testutil.h"

#include <string.h>

#include "codec/spdm.h"

#define CAP 1100

static uint8_t g_general;
static struct spdm_opaque_sm g_o;

static cspdm_status dec(const uint8_t *d, size_t len, uint32_t max_pad, cspdm_error *err)
{
	(void)max_pad;
	memset(&g_o, 0xA5, sizeof(g_o));
	return spdm_dec_opaque_sm(g_general, d, len, &g_o, err);
}

/* ---- building opaque data by hand ------------------------------------------------------------ */

struct buf {
	uint8_t d[CAP];
	size_t len;
};

static void put(struct buf *b, const char *hex)
{
	b->len += tu_hex_must(hex, b->d + b->len, CAP - b->len);
}

static void table_header(struct buf *b, uint8_t general, uint8_t total)
{
	b->len = 0;
	put(b, general ? "00 00 00 00" : "46 54 4D 44 01 00 00 00");
	b->d[general ? 0 : 5] = total;
}

/* An element: ID, VendorLen and VendorID (vendor_hex), OpaqueElementDataLen, the data and its
 * zero padding to 4 bytes. */
static void element(struct buf *b, uint8_t id, const char *vendor_hex, const char *data_hex)
{
	uint8_t vendor[32], data[256];
	size_t vlen = tu_hex_must(vendor_hex, vendor, sizeof(vendor));
	size_t dlen = tu_hex_must(data_hex, data, sizeof(data));
	size_t n = 4 + vlen + dlen;

	b->d[b->len++] = id;
	b->d[b->len++] = (uint8_t)vlen;
	memcpy(b->d + b->len, vendor, vlen);
	b->len += vlen;
	b->d[b->len++] = (uint8_t)dlen;
	b->d[b->len++] = (uint8_t)(dlen >> 8);
	memcpy(b->d + b->len, data, dlen);
	b->len += dlen;
	memset(b->d + b->len, 0, (4 - n % 4) % 4);
	b->len += (4 - n % 4) % 4;
}

static void expect(const struct buf *b, cspdm_status code, const char *field, uint32_t offset)
{
	cspdm_error err;

	tu_expect_err(tu_run(dec, b->d, b->len, 0, &err), &err, code, field, offset);
}

static void decode_ok(const struct buf *b)
{
	cspdm_error err;
	cspdm_status st = tu_run(dec, b->d, b->len, 0, &err);

	if (st)
		print_message("opaque: %s field %s offset %u\n", cspdm_status_name(st),
			      err.field ? err.field : "-", err.offset);
	assert_int_equal(st, CSPDM_OK);
}

/* ---- libspdm's bytes ------------------------------------------------------------------------- */

/* What the reference requester and responder send (the session captures): versions 1.0, 1.1,
 * 1.2 offered, 1.2 selected, in both containers. */
static void test_libspdm_bytes(void **state)
{
	static const struct {
		uint8_t general, selection;
		const char *hex;
	} v[] = {
	    {0, 0, "46544d44 01 01 0000 00 00 0900 01 01 03 0010 0011 0012 000000"},
	    {0, 1, "46544d44 01 01 0000 00 00 0400 01 00 0012"},
	    {1, 0, "01 000000 00 00 0900 01 01 03 0010 0011 0012 000000"},
	    {1, 1, "01 000000 00 00 0400 01 00 0012"},
	};
	static const uint16_t vers[] = {0x1000, 0x1100, 0x1200};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		uint8_t want[64], got[64];
		size_t len = tu_hex_must(v[i].hex, want, sizeof(want)), n = 0;
		cspdm_status st;
		cspdm_error err;

		st =
		    v[i].selection
			? spdm_enc_opaque_sm_selection(v[i].general, 0x1200, got, sizeof(got), &n)
			: spdm_enc_opaque_sm_supported(v[i].general, vers, 3, got, sizeof(got), &n);
		assert_int_equal(st, CSPDM_OK);
		assert_int_equal(n, len);
		assert_memory_equal(got, want, len);
		g_general = v[i].general;
		assert_int_equal(tu_run(dec, want, len, 0, &err), CSPDM_OK);
		assert_int_equal(g_o.general, v[i].general);
		assert_int_equal(g_o.elements, 1);
		assert_int_equal(g_o.has_selection, v[i].selection);
		assert_int_equal(g_o.has_supported, !v[i].selection);
		if (v[i].selection) {
			assert_int_equal(g_o.selected, 0x1200);
			assert_int_equal(g_o.count, 0);
		} else {
			assert_int_equal(g_o.count, 3);
			assert_memory_equal(g_o.supported, vers, sizeof(vers));
		}
	}
}

/* Every proper prefix fails: a short table header or element (LENGTH) or no element at all
 * (COUNT). */
static void check_prefixes(const uint8_t *d, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		cspdm_error err;
		cspdm_status st = tu_run(dec, d, i, 0, &err);

		assert_true(st == CSPDM_E_LENGTH || st == CSPDM_E_COUNT);
		assert_int_equal(err.code, st);
		assert_non_null(err.field);
		assert_true(err.offset <= i);
	}
}

static void test_roundtrip(void **state)
{
	uint16_t vers[SPDM_SM_MAX_VERSIONS];
	uint8_t buf[64], count, general;
	size_t n = 0, want, hdr;
	cspdm_error err;

	(void)state;
	for (count = 0; count < SPDM_SM_MAX_VERSIONS; count++)
		vers[count] = (uint16_t)(0x1000 + 0x100 * count + count);
	for (general = 0; general <= 1; general++)
		for (count = 1; count <= SPDM_SM_MAX_VERSIONS; count++) {
			hdr = general ? 4 : 8;
			want = (hdr + 4 + 3 + 2u * count + 3) & ~(size_t)3;
			assert_int_equal(spdm_enc_opaque_sm_supported(general, vers, count, buf,
								      sizeof(buf), &n),
					 CSPDM_OK);
			assert_int_equal(n, want);
			assert_int_equal(
			    spdm_enc_opaque_sm_supported(general, vers, count, buf, n - 1, &n),
			    CSPDM_E_BUFFER_TOO_SMALL);
			g_general = general;
			assert_int_equal(tu_run(dec, buf, want, 0, &err), CSPDM_OK);
			assert_int_equal(g_o.count, count);
			assert_memory_equal(g_o.supported, vers, 2u * count);
			assert_int_equal(g_o.has_selection, 0);
			check_prefixes(buf, want);
			assert_int_equal(spdm_enc_opaque_sm_selection(general, vers[count - 1], buf,
								      sizeof(buf), &n),
					 CSPDM_OK);
			assert_int_equal(n, hdr + 8);
			assert_int_equal(tu_run(dec, buf, n, 0, &err), CSPDM_OK);
			assert_int_equal(g_o.selected, vers[count - 1]);
			check_prefixes(buf, n);
		}
	assert_int_equal(spdm_enc_opaque_sm_supported(1, vers, 0, buf, sizeof(buf), &n),
			 CSPDM_E_INVALID_ARG);
	assert_int_equal(spdm_enc_opaque_sm_supported(1, vers, 9, buf, sizeof(buf), &n),
			 CSPDM_E_INVALID_ARG);
}

/* ---- the table headers ----------------------------------------------------------------------- */

static void test_table_header(void **state)
{
	struct buf b;

	(void)state;
	g_general = 0;
	table_header(&b, 0, 1);
	element(&b, 0, "", "01 00 0012");
	decode_ok(&b);
	b.d[0] = 0x47;
	expect(&b, CSPDM_E_FIELD, "SpecID", 0);
	b.d[0] = 0x46;
	b.d[4] = 0x02;
	expect(&b, CSPDM_E_FIELD, "OpaqueVersion", 4);
	b.d[4] = 0x00;
	expect(&b, CSPDM_E_FIELD, "OpaqueVersion", 4);
	b.d[4] = 0x01;
	b.d[6] = 0x01;
	expect(&b, CSPDM_E_RESERVED, "Reserved", 6);
	b.d[6] = 0x00;
	b.d[7] = 0x80;
	expect(&b, CSPDM_E_RESERVED, "Reserved", 7);
	/* the general table in place of DSP0277's, and the reverse */
	g_general = 1;
	b.d[7] = 0x00;
	expect(&b, CSPDM_E_RESERVED, "Reserved", 1);
	table_header(&b, 1, 1);
	element(&b, 0, "", "01 00 0012");
	decode_ok(&b);
	b.d[3] = 0x01;
	expect(&b, CSPDM_E_RESERVED, "Reserved", 3);
	b.d[3] = 0x00;
	g_general = 0;
	expect(&b, CSPDM_E_FIELD, "SpecID", 0);
	/* too short for a table header */
	g_general = 1;
	b.len = 3;
	expect(&b, CSPDM_E_LENGTH, "Reserved", 1);
	b.len = 0;
	expect(&b, CSPDM_E_LENGTH, "TotalElements", 0);
}

/* ---- element framing ------------------------------------------------------------------------- */

static void test_element_lengths(void **state)
{
	struct buf b;

	(void)state;
	g_general = 1;
	table_header(&b, 1, 1);
	element(&b, 0, "", "01 01 03 0010 0011 0012");
	decode_ok(&b);
	/* OpaqueElementDataLen beyond the data: 0xFFFF, and one byte too many */
	b.d[6] = 0xFF;
	b.d[7] = 0xFF;
	expect(&b, CSPDM_E_LENGTH, "OpaqueElement.OpaqueElementData", 8);
	b.d[6] = 13;
	b.d[7] = 0;
	expect(&b, CSPDM_E_LENGTH, "OpaqueElement.OpaqueElementData", 8);
	/* 12: the element fits (its padding shrinks), but not the version list */
	b.d[6] = 12;
	expect(&b, CSPDM_E_LENGTH, "OpaqueElementDataLen", 6);
	/* VendorLen beyond the data, and leaving no room for OpaqueElementDataLen */
	b.d[6] = 9;
	b.d[5] = 0xFF;
	expect(&b, CSPDM_E_LENGTH, "OpaqueElement.VendorID", 6);
	b.d[5] = 13;
	expect(&b, CSPDM_E_LENGTH, "OpaqueElement.OpaqueElementDataLen", 19);
	/* no padding after a 13-byte element */
	b.d[5] = 0;
	b.len -= 3;
	expect(&b, CSPDM_E_LENGTH, "OpaqueElement.AlignPadding", 17);
	/* padding that is not zero */
	b.len += 3;
	b.d[18] = 0x01;
	expect(&b, CSPDM_E_RESERVED, "OpaqueElement.AlignPadding", 18);
	/* a cut element header */
	b.len = 5;
	expect(&b, CSPDM_E_LENGTH, "OpaqueElement.VendorLen", 5);
}

static void test_element_count(void **state)
{
	struct buf b;
	cspdm_error err;

	(void)state;
	g_general = 1;
	/* TotalElements 2 with one element, 0 with one */
	table_header(&b, 1, 2);
	element(&b, 0, "", "01 00 0011");
	expect(&b, CSPDM_E_COUNT, "TotalElements", 0);
	b.d[0] = 0;
	expect(&b, CSPDM_E_TRAILING, "end of opaque data", 4);
	b.d[0] = 1;
	b.d[b.len++] = 0;
	expect(&b, CSPDM_E_TRAILING, "end of opaque data", 12);
	/* 255 elements announced, in DSP0277's table */
	g_general = 0;
	table_header(&b, 0, 0xFF);
	element(&b, 0, "", "01 00 0011");
	expect(&b, CSPDM_E_COUNT, "TotalElements", 5);
	/* no element at all is well formed, and selects nothing */
	g_general = 1;
	table_header(&b, 1, 0);
	assert_int_equal(tu_run(dec, b.d, b.len, 0, &err), CSPDM_OK);
	assert_int_equal(g_o.elements, 0);
	assert_int_equal(g_o.has_selection, 0);
	assert_int_equal(g_o.has_supported, 0);
}

/* ---- the secured-message elements ------------------------------------------------------------ */

static void test_sm_data(void **state)
{
	struct buf b;

	(void)state;
	g_general = 1;
	/* SelectedVersion needs exactly 4 bytes of data */
	table_header(&b, 1, 1);
	element(&b, 0, "", "01 00 0012 00 00");
	expect(&b, CSPDM_E_LENGTH, "OpaqueElementDataLen", 6);
	table_header(&b, 1, 1);
	element(&b, 0, "", "01 00 00");
	expect(&b, CSPDM_E_LENGTH, "OpaqueElementDataLen", 6);
	/* VersionCount against the data */
	table_header(&b, 1, 1);
	element(&b, 0, "", "01 01 02 0010 0011 0012");
	expect(&b, CSPDM_E_LENGTH, "OpaqueElementDataLen", 6);
	table_header(&b, 1, 1);
	element(&b, 0, "", "01 01 04 0010 0011 0012");
	expect(&b, CSPDM_E_LENGTH, "OpaqueElementDataLen", 6);
	table_header(&b, 1, 1);
	element(&b, 0, "", "01 01");
	expect(&b, CSPDM_E_LENGTH, "OpaqueElementDataLen", 6);
	table_header(&b, 1, 1);
	element(&b, 0, "", "01 01 00");
	expect(&b, CSPDM_E_COUNT, "VersionCount", 10);
	table_header(&b, 1, 1);
	element(&b, 0, "", "01 01 09 0010 0011 0012 0013 0014 0015 0016 0017 0018");
	expect(&b, CSPDM_E_COUNT, "VersionCount", 10);
	table_header(&b, 1, 1);
	element(&b, 0, "", "01 01 08 0010 0011 0012 0013 0014 0015 0016 0017");
	decode_ok(&b);
	assert_int_equal(g_o.count, 8);
	assert_int_equal(g_o.supported[7], 0x1700);
}

static void test_repeated(void **state)
{
	struct buf b;

	(void)state;
	g_general = 1;
	table_header(&b, 1, 2);
	element(&b, 0, "", "01 00 0012");
	element(&b, 0, "", "01 00 0011");
	expect(&b, CSPDM_E_FIELD, "SMDataID (repeated)", 17);
	table_header(&b, 1, 2);
	element(&b, 0, "", "01 01 01 0012");
	element(&b, 0, "", "01 01 01 0011");
	expect(&b, CSPDM_E_FIELD, "SMDataID (repeated)", 21);
	/* one of each kind is two different things */
	table_header(&b, 1, 2);
	element(&b, 0, "", "01 01 01 0012");
	element(&b, 0, "", "01 00 0011");
	decode_ok(&b);
	assert_int_equal(g_o.has_supported, 1);
	assert_int_equal(g_o.has_selection, 1);
	assert_int_equal(g_o.selected, 0x1100);
}

/* Elements of other registries, vendors and secured-message data are skipped, framing checked. */
static void test_skipped(void **state)
{
	struct buf b;

	(void)state;
	g_general = 1;
	table_header(&b, 1, 5);
	element(&b, 3, "01 00", "AA BB CC DD EE"); /* PCI-SIG */
	element(&b, 0, "", "01 02 40");		   /* DSP0277 AEAD limit */
	element(&b, 0, "", "02 00 0012");	   /* SMDataVersion 2 */
	element(&b, 4, "01 02 03 04", "");	   /* IANA, no data */
	element(&b, 0, "", "01 01 02 0011 0012");  /* what counts */
	decode_ok(&b);
	assert_int_equal(g_o.elements, 5);
	assert_int_equal(g_o.has_supported, 1);
	assert_int_equal(g_o.count, 2);
	assert_int_equal(g_o.has_selection, 0);
	/* a DMTF element with a vendor ID is not DSP0277's */
	table_header(&b, 1, 1);
	element(&b, 0, "55", "01 00 0012");
	decode_ok(&b);
	assert_int_equal(g_o.has_selection, 0);
	/* a skipped element's padding is still checked */
	table_header(&b, 1, 2);
	element(&b, 3, "01 00", "AA");
	element(&b, 0, "", "01 00 0012");
	b.d[11] = 0x02;
	expect(&b, CSPDM_E_RESERVED, "OpaqueElement.AlignPadding", 11);
}

int main(void)
{
	/* clang-format off */
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_libspdm_bytes),
		cmocka_unit_test(test_roundtrip),
		cmocka_unit_test(test_table_header),
		cmocka_unit_test(test_element_lengths),
		cmocka_unit_test(test_element_count),
		cmocka_unit_test(test_sm_data),
		cmocka_unit_test(test_repeated),
		cmocka_unit_test(test_skipped),
	};
	/* clang-format on */

	return cmocka_run_group_tests(tests, NULL, NULL);
}
