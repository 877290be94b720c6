/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * VENDOR_DEFINED framing and the PCI-SIG / CXL protocols inside (src/codec/vendor.c,
 * src/codec/app): every message each protocol defines built with the encoder, decoded back to
 * the same bytes, then truncated at every offset (of the SPDM message, and of the protocol
 * message with ReqLength agreeing), then one hostile change at a time: another StandardID,
 * VendorID or protocol ID, a payload length that lies, reserved bits, a direction that does not
 * match, a QUERY_RESP port beyond MaxPortIndex or register blocks the capability does not
 * announce, counts against tails, and interface reports whose MMIO ranges overlap, wrap 64
 * bits, or lie about their count.
 */
#include <string.h>

#include "testutil.h"
#include "codec/app/app.h"

#define VER 0x12

static uint8_t key[32], ifv[12], nonce[32], rms[16], ib[128], psk[128], tail[64];

static cspdm_status dec(const uint8_t *msg, size_t len, uint32_t max_pad, cspdm_error *err)
{
	struct spdm_neg n = {0};
	struct app_msg m;

	n.version = VER;
	n.max_pad = max_pad;
	return app_dec(&n, msg, len, &m, err);
}

static size_t enc(const struct app_msg *m, uint8_t *buf, size_t cap)
{
	size_t len = 0;

	assert_int_equal(app_enc(VER, m, buf, cap, &len), CSPDM_OK);
	return len;
}

/* Decoded and encoded again: the same bytes; every prefix truncated; for a message of fixed
 * size (fixed), every prefix of the protocol message with ReqLength saying so fails too. */
static void round_trip(const struct app_msg *m, int fixed)
{
	uint8_t buf[1024], again[1024], cut[1024];
	size_t len = enc(m, buf, sizeof(buf)), len2 = 0, i;
	struct app_msg d;
	struct spdm_neg n = {0};
	cspdm_error err;

	n.version = VER;
	assert_int_equal(app_dec(&n, buf, len, &d, &err), CSPDM_OK);
	assert_int_equal(d.proto, m->proto);
	assert_int_equal(app_enc(VER, &d, again, sizeof(again), &len2), CSPDM_OK);
	assert_int_equal(len2, len);
	assert_memory_equal(again, buf, len);
	tu_check_truncations(dec, buf, len);
	for (i = 12; fixed && i < len; i++) {
		cspdm_status st;

		memcpy(cut, buf, i);
		cut[9] = (uint8_t)(i - 11);
		cut[10] = (uint8_t)((i - 11) >> 8);
		st = tu_run(dec, cut, i, 0, &err);
		if (st != CSPDM_E_TRUNCATED && st != CSPDM_E_COUNT && st != CSPDM_E_LENGTH)
			print_message("cut at %zu: %s %s\n", i, cspdm_status_name(st),
				      err.field ? err.field : "-");
		assert_true(st == CSPDM_E_TRUNCATED || st == CSPDM_E_COUNT || st == CSPDM_E_LENGTH);
	}
}

static struct app_msg ide(enum app_proto p, uint8_t obj)
{
	struct app_msg m;

	memset(&m, 0, sizeof(m));
	m.proto = p;
	m.u.ide.object_id = obj;
	m.u.ide.port_index = 1;
	m.u.ide.max_port_index = 7;
	m.u.ide.stream_id = 3;
	m.u.ide.sub_stream = p == APP_CXL_IDE_KM
				 ? IDE_KM_SUB_CXL | IDE_KM_DIR_TX
				 : IDE_KM_SUB_NPR | IDE_KM_DIR_TX | IDE_KM_KEY_SET_K1;
	m.u.ide.key = key;
	m.u.ide.ifv = ifv;
	return m;
}

/* PCIe register blocks: capability (Selective IDE, 2 streams), control, then two streams with
 * one address association each. */
static size_t pcie_regs(uint8_t *out)
{
	size_t dws = 2 + 2 * (5 + 3);

	memset(out, 0, dws * 4);
	out[0] = 0x02; /* Selective IDE Streams Supported */
	out[2] = 0x01; /* Number of Selective IDE Streams Supported: 1 + 1 */
	out[8] = 0x01; /* stream 0: one address association block */
	out[8 + 32] = 0x01;
	return dws * 4;
}

static void test_ide_km(void **state)
{
	static const uint8_t objs[] = {IDE_KM_QUERY,	IDE_KM_KEY_PROG,   IDE_KM_KP_ACK,
				       IDE_KM_K_SET_GO, IDE_KM_K_SET_STOP, IDE_KM_K_GOSTOP_ACK};
	uint8_t regs[128];
	struct app_msg m;
	size_t i;

	(void)state;
	tu_fill(key, sizeof(key), 1);
	tu_fill(ifv, sizeof(ifv), 0x40);
	for (i = 0; i < sizeof(objs); i++) {
		round_trip((m = ide(APP_IDE_KM, objs[i]), &m), 1);
		round_trip((m = ide(APP_CXL_IDE_KM, objs[i]), &m), 1);
	}
	round_trip((m = ide(APP_CXL_IDE_KM, IDE_KM_GET_KEY), &m), 1);
	round_trip((m = ide(APP_CXL_IDE_KM, IDE_KM_GET_KEY_ACK), &m), 1);
	m = ide(APP_IDE_KM, IDE_KM_QUERY_RESP);
	m.u.ide.tail = regs;
	m.u.ide.tail_len = pcie_regs(regs);
	round_trip(&m, 0);
	m = ide(APP_CXL_IDE_KM, IDE_KM_QUERY_RESP);
	m.u.ide.caps = IDE_KM_CXL_CAP_K_SET_STOP | 1;
	m.u.ide.tail = regs;
	m.u.ide.tail_len = 36;
	round_trip(&m, 0);
}

static void expect(const struct app_msg *m, size_t at, uint8_t value, cspdm_status code,
		   const char *field, uint32_t off)
{
	uint8_t buf[1024];
	size_t len = enc(m, buf, sizeof(buf));

	tu_expect_at(dec, buf, len, at, value, code, field, off);
}

static void test_ide_km_hostile(void **state)
{
	uint8_t regs[128], buf[256];
	struct app_msg m = ide(APP_IDE_KM, IDE_KM_KP_ACK);
	size_t len;
	cspdm_error err;

	(void)state;
	/* framing: StandardID, VendorID, protocol ID, payload lengths */
	expect(&m, 4, 4, CSPDM_E_FIELD, "StandardID (not PCI-SIG)", 4);
	expect(&m, 6, 3, CSPDM_E_LENGTH, "Len (PCI-SIG VendorID is 2 bytes)", 6);
	expect(&m, 7, 0x99, CSPDM_E_FIELD, "VendorID (neither PCI-SIG nor CXL)", 7);
	expect(&m, 11, 7, CSPDM_E_FIELD, "protocol ID", 11);
	expect(&m, 9, 0x30, CSPDM_E_TRUNCATED, "payload (ReqLength beyond the message)", 11);
	expect(&m, 2, 0x80, CSPDM_E_RESERVED, "Param1", 2);
	len = enc(&m, buf, sizeof(buf));
	buf[len] = 0;
	buf[len + 1] = 0;
	assert_int_equal(tu_run(dec, buf, len + 2, 0, &err), CSPDM_E_TRAILING);
	/* direction: a KP_ACK in a request */
	expect(&m, 1, SPDM_VENDOR_DEFINED_REQUEST, CSPDM_E_FIELD, "ObjectID", 12);
	/* KP_ACK Status, KeySubStream reserved bits and substream */
	expect(&m, 16, 5, CSPDM_E_FIELD, "Status", 16);
	expect(&m, 17, 0x04, CSPDM_E_RESERVED, "KeySubStream", 17);
	expect(&m, 17, 0x30, CSPDM_E_FIELD, "KeySubStream (substream)", 17);
	expect(&m, 13, 1, CSPDM_E_RESERVED, "Reserved", 13);
	/* QUERY_RESP: PortIndex beyond MaxPortIndex, register blocks against the length */
	m = ide(APP_IDE_KM, IDE_KM_QUERY_RESP);
	m.u.ide.tail = regs;
	m.u.ide.tail_len = pcie_regs(regs);
	expect(&m, 14, 9, CSPDM_E_FIELD, "PortIndex (beyond MaxPortIndex)", 14);
	expect(&m, 21, 0x03, CSPDM_E_COUNT,
	       "Selective IDE Stream register blocks (beyond the message)", 19 + 4 * 18);
	expect(&m, 19 + 40, 0x02, CSPDM_E_COUNT, "IDE register blocks (beyond the message)",
	       19 + 4 * 18);
	m.u.ide.tail_len += 4;
	regs[m.u.ide.tail_len - 1] = 0;
	expect(&m, 19 + 72, 1, CSPDM_E_COUNT,
	       "IDE register blocks (more than the capability announces)", 19 + 72);
	m.u.ide.tail_len = 6;
	expect(&m, 0, VER, CSPDM_E_LENGTH, "IDE register blocks (whole DWORDs)", 19);
}

static struct app_msg td(uint8_t type)
{
	struct app_msg m;

	memset(&m, 0, sizeof(m));
	m.proto = APP_TDISP;
	m.u.td.version = TDISP_VERSION_10;
	m.u.td.type = type;
	m.u.td.function_id = 0xbeef;
	m.u.td.req_msg_supported = rms;
	m.u.td.nonce = nonce;
	m.u.td.lock_flags = 0x7;
	m.u.td.lock_flags_supported = 0x7;
	m.u.td.mmio_reporting_offset = 0xD0000000;
	m.u.td.state = TDISP_RUN;
	m.u.td.error_code = TDISP_ERR_INVALID_INTERFACE_STATE;
	if (type == TDISP_VERSION) {
		m.u.td.ver_count = 1;
		m.u.td.tail = tail;
		m.u.td.tail_len = 1;
	}
	if (type == TDISP_DEVICE_INTERFACE_REPORT) {
		m.u.td.portion_len = 20;
		m.u.td.remainder_len = 100;
		m.u.td.tail = tail;
		m.u.td.tail_len = 20;
	}
	return m;
}

static void test_tdisp(void **state)
{
	static const uint8_t types[] = {TDISP_GET_VERSION,
					TDISP_VERSION,
					TDISP_GET_CAPABILITIES,
					TDISP_CAPABILITIES,
					TDISP_LOCK_INTERFACE_REQ,
					TDISP_LOCK_INTERFACE_RSP,
					TDISP_GET_DEVICE_INTERFACE_REPORT,
					TDISP_DEVICE_INTERFACE_REPORT,
					TDISP_GET_DEVICE_INTERFACE_STATE,
					TDISP_DEVICE_INTERFACE_STATE,
					TDISP_START_INTERFACE_REQ,
					TDISP_START_INTERFACE_RSP,
					TDISP_STOP_INTERFACE_REQ,
					TDISP_STOP_INTERFACE_RSP,
					TDISP_ERROR};
	struct app_msg m;
	size_t i;

	(void)state;
	tail[0] = TDISP_VERSION_10;
	for (i = 0; i < sizeof(types); i++)
		round_trip((m = td(types[i]), &m), !td(types[i]).u.td.tail_len);
	m = td(TDISP_DEVICE_INTERFACE_STATE);
	expect(&m, 12, 0x11, CSPDM_E_VERSION_FIELD, "TDISPVersion", 12);
	expect(&m, 13, TDISP_GET_VERSION, CSPDM_E_FIELD, "MessageType", 13);
	expect(&m, 13, 0x33, CSPDM_E_FIELD, "MessageType", 13);
	expect(&m, 20, 1, CSPDM_E_RESERVED, "INTERFACE_ID.Reserved", 20);
	expect(&m, 28, 4, CSPDM_E_FIELD, "TDI_STATE", 28);
	m = td(TDISP_VERSION);
	expect(&m, 28, 2, CSPDM_E_COUNT, "VERSION_NUM_COUNT", 28);
	m = td(TDISP_DEVICE_INTERFACE_REPORT);
	expect(&m, 28, 21, CSPDM_E_LENGTH, "PORTION_LENGTH", 28);
	m = td(TDISP_LOCK_INTERFACE_REQ);
	expect(&m, 29, 0x01, CSPDM_E_RESERVED, "FLAGS", 28);
}

static size_t report(struct tdisp_report *r, uint8_t *buf, size_t cap)
{
	size_t len = 0;

	assert_int_equal(tdisp_enc_report(r, buf, cap, &len), CSPDM_OK);
	return len;
}

static cspdm_status dec_report(const uint8_t *msg, size_t len, uint32_t max_pad, cspdm_error *err)
{
	struct tdisp_report r;

	(void)max_pad;
	return tdisp_dec_report(msg, len, &r, err);
}

static void test_tdisp_report(void **state)
{
	struct tdisp_report r, d;
	uint8_t buf[512], again[512];
	size_t len, len2;
	cspdm_error err;

	(void)state;
	memset(&r, 0, sizeof(r));
	r.interface_info = 0x6;
	r.range_count = 2;
	r.range[0] = (struct tdisp_mmio_range){0xD0000, 16, 0, 0};
	r.range[1] = (struct tdisp_mmio_range){0xD0010, 1, 1, 1};
	r.dev_info_len = 4;
	r.dev_info = tail;
	len = report(&r, buf, sizeof(buf));
	assert_int_equal(tdisp_dec_report(buf, len, &d, &err), CSPDM_OK);
	assert_int_equal(d.range_count, 2);
	assert_int_equal(d.range[1].first_page, 0xD0010);
	assert_int_equal(tdisp_enc_report(&d, again, sizeof(again), &len2), CSPDM_OK);
	assert_memory_equal(again, buf, len);
	for (len2 = 0; len2 < len; len2++) {
		cspdm_status st = tu_run(dec_report, buf, len2, 0, &err);

		assert_true(st == CSPDM_E_TRUNCATED || st == CSPDM_E_COUNT || st == CSPDM_E_LENGTH);
	}
	/* overlap, 64-bit wrap, reserved attributes, count and length that lie */
	tu_expect_at(dec_report, buf, len, 16 + 16, 0x0F, CSPDM_E_FIELD,
		     "MMIO_RANGE (overlaps another)", 32);
	r.range[1].first_page = UINT64_MAX >> 12;
	r.range[1].pages = 2;
	len = report(&r, buf, sizeof(buf));
	tu_expect_at(dec_report, buf, len, 0, 6, CSPDM_E_FIELD,
		     "MMIO_RANGE (empty or wraps 64 bits)", 32);
	r.range[1].first_page = 0xD0010;
	r.range[1].pages = 1;
	len = report(&r, buf, sizeof(buf));
	tu_expect_at(dec_report, buf, len, 45, 0x10, CSPDM_E_RESERVED,
		     "MMIO_RANGE.RANGE_ATTRIBUTES", 44);
	tu_expect_at(dec_report, buf, len, 12, 3, CSPDM_E_COUNT,
		     "MMIO_RANGE_COUNT (beyond the report)", 12);
	tu_expect_at(dec_report, buf, len, 48, 5, CSPDM_E_LENGTH, "DEVICE_SPECIFIC_INFO_LEN", 48);
	tu_expect_at(dec_report, buf, len, 2, 1, CSPDM_E_RESERVED, "Reserved", 2);
}

/* A report of n ranges of 16 pages, 256 pages apart (more than TDISP_MAX_RANGES: written by
 * hand, the encoder writes at most that many), no device information; its length. */
static size_t many_ranges(unsigned n, uint8_t *buf)
{
	size_t at = 16 + (size_t)n * 16;
	unsigned i;

	memset(buf, 0, at + 4);
	buf[12] = (uint8_t)n;
	for (i = 0; i < n; i++) {
		buf[16 + i * 16 + 1] = (uint8_t)i; /* FIRST_PAGE 0xD0000 + 0x100 * i */
		buf[16 + i * 16 + 2] = 0x0D;
		buf[16 + i * 16 + 8] = 16; /* NUMBER_OF_PAGES */
		buf[16 + i * 16 + 14] = (uint8_t)i;
	}
	return at + 4;
}

/* Ranges beyond the TDISP_MAX_RANGES the report keeps are compared too: with each other and
 * with those kept. */
static void test_tdisp_report_many_ranges(void **state)
{
	uint8_t buf[512];
	struct tdisp_report r;
	size_t len = many_ranges(18, buf);
	cspdm_error err;

	(void)state;
	assert_int_equal(tdisp_dec_report(buf, len, &r, &err), CSPDM_OK);
	assert_int_equal(r.range_count, 18);
	assert_int_equal(r.range[15].first_page, 0xD0F00);
	/* the 18th on the 17th (neither is kept), then on the 1st */
	tu_expect_at(dec_report, buf, len, 16 + 17 * 16 + 1, 16, CSPDM_E_FIELD,
		     "MMIO_RANGE (overlaps another)", 16 + 17 * 16);
	tu_expect_at(dec_report, buf, len, 16 + 17 * 16 + 1, 0, CSPDM_E_FIELD,
		     "MMIO_RANGE (overlaps another)", 16 + 17 * 16);
}

static struct app_msg tsp(uint8_t op)
{
	struct app_msg m;

	memset(&m, 0, sizeof(m));
	m.proto = APP_CXL_TSP;
	m.u.tsp.version = TSP_VERSION_10;
	m.u.tsp.opcode = op;
	m.u.tsp.enc_features = 1;
	m.u.tsp.enc_algs = 2;
	m.u.tsp.num_secondary = 1;
	m.u.tsp.ib_entries = ib;
	m.u.tsp.psk_material = psk;
	m.u.tsp.state = TSP_CONFIG_LOCKED;
	if (op == TSP_GET_VERSION_RSP) {
		m.u.tsp.ver_count = 1;
		m.u.tsp.tail = tail;
		m.u.tsp.tail_len = 1;
	} else if (op == TSP_GET_CONFIGURATION_REPORT_RSP) {
		m.u.tsp.portion_len = 16;
		m.u.tsp.tail = tail;
		m.u.tsp.tail_len = 16;
	} else if (op == TSP_SET_TE_STATE) {
		m.u.tsp.num_ranges = 2;
		m.u.tsp.tail = tail;
		m.u.tsp.tail_len = 32;
	}
	return m;
}

static void test_cxl_tsp(void **state)
{
	static const uint8_t ops[] = {TSP_GET_VERSION,
				      TSP_GET_VERSION_RSP,
				      TSP_GET_CAPABILITIES,
				      TSP_GET_CAPABILITIES_RSP,
				      TSP_SET_CONFIGURATION,
				      TSP_SET_CONFIGURATION_RSP,
				      TSP_GET_CONFIGURATION,
				      TSP_GET_CONFIGURATION_RSP,
				      TSP_GET_CONFIGURATION_REPORT,
				      TSP_GET_CONFIGURATION_REPORT_RSP,
				      TSP_LOCK_CONFIGURATION,
				      TSP_LOCK_CONFIGURATION_RSP,
				      TSP_SET_TE_STATE,
				      TSP_SET_TE_STATE_RSP,
				      TSP_DELAYED_RSP,
				      TSP_ERROR_RSP};
	struct app_msg m;
	size_t i;

	(void)state;
	tu_fill(psk, sizeof(psk), 7);
	for (i = 0; i < sizeof(ops); i++)
		round_trip((m = tsp(ops[i]), &m), !tsp(ops[i]).u.tsp.tail_len);
	m = tsp(TSP_SET_TE_STATE);
	expect(&m, 15, 3, CSPDM_E_COUNT, "NumberOfMemoryRanges", 15);
	expect(&m, 13, TSP_SET_TE_STATE_RSP, CSPDM_E_FIELD, "Opcode", 13);
	expect(&m, 12, 0x20, CSPDM_E_VERSION_FIELD, "TSPVersion", 12);
	m = tsp(TSP_GET_CONFIGURATION_RSP);
	expect(&m, 48, 3, CSPDM_E_FIELD, "CurrentTSPState", 48);
	expect(&m, 14 + 4 + 2, 1, CSPDM_E_RESERVED, "Reserved", 20);
	m = tsp(TSP_GET_VERSION_RSP);
	expect(&m, 16, 0, CSPDM_E_COUNT, "VersionNumberEntryCount", 16);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_ide_km),
	    cmocka_unit_test(test_ide_km_hostile),
	    cmocka_unit_test(test_tdisp),
	    cmocka_unit_test(test_tdisp_report),
	    cmocka_unit_test(test_tdisp_report_many_ranges),
	    cmocka_unit_test(test_cxl_tsp),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
