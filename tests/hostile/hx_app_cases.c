/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The application-protocol catalogue (hx_app.c): IDE_KM, TDISP, CXL IDE_KM and CXL TSP in an
 * established session (SPDM 1.2, MCTP records, the device model: ports 0..7, streams 0 and 1,
 * TDI 0xbeef).
 *
 * Requester side. Columns: what the device does, the flow, its stream or interface, the fault
 * on the ith VENDOR_DEFINED_RESPONSE (behind a valid MAC unless it says R: the record bytes),
 * and the status and field the requester must report: in the application flow (the session
 * stays open) or S: in the session (which fails). The flows' responses, in order:
 *  - IDE setup: 1 QUERY_RESP, then KP_ACK and K_GOSTOP_ACK for RX PR, NPR, CPL and TX PR, NPR,
 *    CPL (2 and 3 .. 12 and 13); IDE stop: QUERY_RESP, then six K_GOSTOP_ACKs;
 *  - TDISP: 1 VERSION, 2 CAPABILITIES, 3 state, 4 LOCK_INTERFACE_RESPONSE, 5 state, 6 the
 *    report (7 too when it comes in two portions), START, state, STOP, state;
 *  - CXL IDE setup: 1 QUERY_RESP, 2 and 3 KP_ACK RX and TX, 4 and 5 K_GOSTOP_ACK RX and TX.
 * Offsets in the SPDM message: StandardID 4, Len 6, VendorID 7, RespLength 9, protocol ID 11;
 * IDE_KM ObjectID 12, Stream ID 15, Status 16, KeySubStream 17, PortIndex 18 (QUERY_RESP:
 * PortIndex 14, MaxPortIndex 18, CXL Caps 19, then the register blocks; PCIe IDE Capability
 * 19..22, its streams - 1 at 21, stream 0's block from 27); TDISP TDISPVersion 12, MessageType
 * 13, FUNCTION_ID 16, the body from 28 (DEVICE_INTERFACE_REPORT: PORTION_LENGTH 28,
 * REMAINDER_LENGTH 30, the report from 32: Reserved 34, MMIO_RANGE_COUNT 44, range i from
 * 48 + 16i with NUMBER_OF_PAGES at + 8 and RANGE_ATTRIBUTES at + 12, DEVICE_SPECIFIC_INFO_LEN
 * at 112). The device's own report: four ranges at pages 0xD0000 (1 page), 0xD0010 (4), 0xD0100
 * (16), 0xD0200 (1), ten bytes of information.
 *
 * Responder side. Columns: what is sent, the honest requests before it, the request and what is
 * done to it (offsets as above in the request: KEY_PROG's Stream ID 15, KeySubStream 17,
 * PortIndex 18), whether it goes in the clear, and the answer: an SPDM ERROR, a TDISP_ERROR or
 * a KP_ACK Status. The device's state must not change.
 */
#include "hx_app.h"

#define VD SPDM_VENDOR_DEFINED_REQUEST

/* the flows */
#define IDE   APP_FLOW_IDE_SETUP
#define ISTOP APP_FLOW_IDE_STOP
#define TD    APP_FLOW_TDISP
#define CIDE  APP_FLOW_CXL_IDE_SETUP
#define CSTOP APP_FLOW_CXL_IDE_STOP
#define TSP   APP_FLOW_CXL_TSP
#define TSP2  APP_FLOW_CXL_TSP_2ND

/* clang-format off */
#define NOFAULT			{.kind = F_NONE}
#define SET(i, w, off, v)	{.kind = F_SET, .req = VD, .nth = (i), .at = (off), .width = (w), \
				 .val = (uint32_t)(v)}
#define ADD(i, w, off, d)	{.kind = F_ADD, .req = VD, .nth = (i), .at = (off), .width = (w), \
				 .val = (uint32_t)(d)}
#define XOR(i, off, m)		{.kind = F_XOR, .req = VD, .nth = (i), .at = (off), .val = (m)}
#define HOOK(i, fn, v)		{.kind = F_HOOK, .req = VD, .nth = (i), .hook = (fn), .val = (v)}
#define GROW(i, k)		{.kind = F_HOOK, .req = VD, .nth = (i), .hook = hk_vd_payload, \
				 .val = VP_GROW, .n = (k)}
#define CUT(i, k)		{.kind = F_HOOK, .req = VD, .nth = (i), .hook = hk_vd_payload, \
				 .val = VP_CUT, .n = (k)}
#define TD_ERR(i, code)		HOOK(i, hk_td_error, code)
#define REPORT(v)		HOOK(0, hk_td_report, v)
#define TSPDEV(v)		HOOK(0, hk_tsp, v)
#define KIND(i)			{.kind = F_KIND, .req = VD, .nth = (i)}
#define SERR(i, c)		{.kind = F_ERROR, .req = VD, .nth = (i), .p1 = (c)}
#define DROP(i)			{.kind = F_DROP, .req = VD, .nth = (i)}
#define REC_XOR(i, off, m)	{.kind = F_XOR, .req = VD, .nth = (i), .at = (off), .val = (m), \
				 .layer = HX_L_RECORD}
#define REC_PREV(i)		{.kind = F_HOOK, .req = VD, .nth = (i), .hook = hk_prev_record, \
				 .layer = HX_L_RECORD}

/* Rows: name, flow, fault, the status and field, refused by the flow (A) or the session (S);
 * _D: a device error with its code; _ARG: the flow's stream or interface. */
#define CONTROL(name, flow, fault)	{name, flow, 0, fault, CSPDM_OK, NULL, 0, 0}
#define A(name, flow, fault, st, field)	{name, flow, 0, fault, CSPDM_##st, field, 0, 0}
#define A_D(name, flow, fault, field, dev) \
	{name, flow, 0, fault, CSPDM_E_DEVICE_ERROR, field, dev, 0}
#define A_ARG(name, flow, arg, st, field, dev) \
	{name, flow, arg, NOFAULT, CSPDM_##st, field, dev, 0}
#define S(name, flow, fault, st, field)	{name, flow, 0, fault, CSPDM_##st, field, 0, 1}
#define S_D(name, flow, arg, fault, dev) \
	{name, flow, arg, fault, CSPDM_E_DEVICE_ERROR, "ErrorCode", dev, 1}
/* clang-format on */

#define TD_STATE "TDI_STATE (not the state expected)"
#define RANGE	 "MMIO_RANGE (empty or wraps 64 bits)"
#define NOT_SEC	 "plaintext message (a secured one is due)"

const struct hx_app_case hx_app_cases[] = {
    /* ---- controls: every flow against the honest device -------------------------------- */
    CONTROL("IDE setup (control)", IDE, NOFAULT),
    CONTROL("IDE stop (control)", ISTOP, NOFAULT),
    CONTROL("TDISP (control)", TD, NOFAULT),
    CONTROL("CXL IDE setup (control)", CIDE, NOFAULT),
    CONTROL("CXL IDE stop (control)", CSTOP, NOFAULT),
    CONTROL("CXL IDE stop, Caps without K_SET_STOP: nothing to stop (control)", CSTOP,
	    SET(1, 1, 19, 0x01)),
    CONTROL("CXL TSP (control)", TSP, TSPDEV(TSP_HONEST)),
    CONTROL("CXL TSP secondary session, configuration locked (control)", TSP2, TSPDEV(TSP_LOCKED)),
    CONTROL("TDISP report in two portions (control)", TD, REPORT(TR_HONEST | TP_HONEST)),
    CONTROL("TDISP MMIO range ending at 2^64 exactly (control)", TD, REPORT(TR_EDGE)),

    /* ---- IDE_KM: KP_ACK ----------------------------------------------------------------- */
    A("KP_ACK Status 1 (incorrect length)", IDE, SET(2, 1, 16, 1), E_DEVICE_ERROR,
      "KP_ACK Status (incorrect length)"),
    A("KP_ACK Status 2 (unsupported PortIndex)", IDE, SET(2, 1, 16, 2), E_DEVICE_ERROR,
      "KP_ACK Status (unsupported PortIndex)"),
    A("last KP_ACK (TX CPL) Status 4 (unspecified failure)", IDE, SET(12, 1, 16, 4), E_DEVICE_ERROR,
      "KP_ACK Status (unspecified failure)"),
    S("KP_ACK Status 5 (not defined)", IDE, SET(2, 1, 16, 5), E_FIELD, "Status"),
    A_ARG("KEY_PROG for a stream the device lacks: its KP_ACK Status 3", IDE, 5, E_DEVICE_ERROR,
	  "KP_ACK Status (unsupported value)", 0),
    A("KP_ACK for another stream", IDE, XOR(2, 15, 0x01), E_FIELD, "Stream ID (another stream)"),
    A("KP_ACK for the other key set", IDE, XOR(2, 17, 0x01), E_FIELD,
      "KeySubStream (another key set)"),
    A("KP_ACK for TX where RX was programmed", IDE, XOR(2, 17, 0x02), E_FIELD,
      "KeySubStream (another direction)"),
    A("KP_ACK for NPR where PR was programmed", IDE, SET(2, 1, 17, 0x10), E_FIELD,
      "KeySubStream (not the request's)"),
    A("KP_ACK for another port", IDE, SET(2, 1, 18, 3), E_FIELD, "PortIndex (another port)"),
    A("K_GOSTOP_ACK instead of KP_ACK", IDE, SET(2, 1, 12, 0x06), E_RESPONSE_CODE,
      "ObjectID (another ACK)"),
    S("KP_ACK with a reserved KeySubStream bit", IDE, SET(2, 1, 17, 0x04), E_RESERVED,
      "KeySubStream"),
    S("KP_ACK naming substream 3 (not defined)", IDE, SET(2, 1, 17, 0x30), E_FIELD,
      "KeySubStream (substream)"),

    /* ---- IDE_KM: K_GOSTOP_ACK ------------------------------------------------------------ */
    A("K_GOSTOP_ACK for the key set never programmed", IDE, XOR(3, 17, 0x01), E_FIELD,
      "KeySubStream (another key set)"),
    A("last K_GOSTOP_ACK for the key set never programmed", IDE, XOR(13, 17, 0x01), E_FIELD,
      "KeySubStream (another key set)"),
    A("K_GOSTOP_ACK for another stream", IDE, XOR(3, 15, 0x01), E_FIELD,
      "Stream ID (another stream)"),
    A("K_GOSTOP_ACK for another port", IDE, SET(3, 1, 18, 7), E_FIELD, "PortIndex (another port)"),
    A("KP_ACK instead of K_GOSTOP_ACK", IDE, SET(3, 1, 12, 0x03), E_RESPONSE_CODE,
      "ObjectID (another ACK)"),
    A("K_SET_STOP acknowledged for the other key set", ISTOP, XOR(2, 17, 0x01), E_FIELD,
      "KeySubStream (another key set)"),
    S("K_GOSTOP_ACK with a Status byte", IDE, SET(3, 1, 16, 1), E_RESERVED, "Reserved"),

    /* ---- IDE_KM: QUERY_RESP -------------------------------------------------------------- */
    S("QUERY_RESP PortIndex beyond MaxPortIndex", IDE, SET(1, 1, 14, 8), E_FIELD,
      "PortIndex (beyond MaxPortIndex)"),
    A("QUERY_RESP for another port", IDE, SET(1, 1, 14, 1), E_FIELD, "PortIndex (another port)"),
    S("KP_ACK with QUERY_RESP's register blocks", IDE, SET(1, 1, 12, 0x03), E_TRAILING,
      "payload (after the protocol message)"),
    S("QUERY_RESP announcing a stream more than it holds", IDE, SET(1, 1, 21, 2), E_COUNT,
      "Selective IDE Stream register blocks (beyond the message)"),
    S("QUERY_RESP announcing a stream fewer than it holds", IDE, SET(1, 1, 21, 0), E_COUNT,
      "IDE register blocks (more than the capability announces)"),
    S("QUERY_RESP stream 0 announcing three address blocks", IDE, SET(1, 1, 27, 3), E_COUNT,
      "IDE register blocks (beyond the message)"),
    S("QUERY_RESP with a DWORD more than announced", IDE, GROW(1, 4), E_COUNT,
      "IDE register blocks (more than the capability announces)"),
    S("QUERY_RESP with a DWORD fewer than announced", IDE, CUT(1, 4), E_COUNT,
      "IDE register blocks (beyond the message)"),
    S("QUERY_RESP with half a DWORD more", IDE, GROW(1, 2), E_LENGTH,
      "IDE register blocks (whole DWORDs)"),
    S("QUERY_RESP without register blocks", IDE, CUT(1, 72), E_LENGTH,
      "IDE register blocks (whole DWORDs)"),

    /* ---- VENDOR_DEFINED_RESPONSE framing ------------------------------------------------- */
    S("StandardID 4 (not PCI-SIG)", IDE, SET(1, 2, 4, 4), E_FIELD,
      "StandardID (not the request's)"),
    S("VendorID 0x8086", IDE, SET(1, 2, 7, 0x8086), E_FIELD, "VendorID (not the request's)"),
    S("VendorID CXL for a PCIe IDE_KM request", IDE, SET(2, 2, 7, 0x1E98), E_FIELD,
      "VendorID (not the request's)"),
    S("VendorID PCI-SIG for a CXL IDE_KM request", CIDE, SET(2, 2, 7, 0x0001), E_FIELD,
      "VendorID (not the request's)"),
    S("protocol ID TDISP for an IDE_KM request", IDE, SET(1, 1, 11, 1), E_FIELD,
      "protocol ID (not the request's)"),
    S("protocol ID IDE_KM for a TDISP request", TD, SET(4, 1, 11, 0), E_FIELD,
      "protocol ID (not the request's)"),
    S("protocol ID 7 (none)", IDE, SET(2, 1, 11, 7), E_FIELD, "protocol ID (not the request's)"),
    S("RespLength one more than the payload", IDE, ADD(2, 2, 9, 1), E_TRUNCATED,
      "payload (ReqLength beyond the message)"),
    S("RespLength one less than the payload", IDE, ADD(2, 2, 9, -1), E_TRAILING, NULL),
    S("RespLength 0", IDE, SET(2, 2, 9, 0), E_TRAILING, NULL),
    S("RespLength 0xFFFF", IDE, SET(2, 2, 9, 0xFFFF), E_TRUNCATED,
      "payload (ReqLength beyond the message)"),
    S("Len (VendorID length) 4", IDE, SET(2, 1, 6, 4), E_LENGTH,
      "Len (PCI-SIG VendorID is 2 bytes)"),
    S("LargeResp at 1.2", IDE, SET(2, 1, 2, 0x80), E_RESERVED, "Param1"),
    S("Param2 set", IDE, SET(2, 1, 3, 1), E_RESERVED, "Param2"),
    S("the VENDOR_DEFINED_REQUEST code in the response", IDE, SET(2, 1, 1, 0xFE), E_RESPONSE_CODE,
      NULL),
    S("SPDMVersion 1.1 in the response", IDE, SET(2, 1, 0, 0x11), E_VERSION_FIELD, NULL),
    S("KEY_PROG (a request) as the response", IDE, SET(2, 1, 12, 0x02), E_FIELD, "ObjectID"),
    S("a payload of the protocol ID alone", IDE, CUT(2, 7), E_TRUNCATED, NULL),
    S("a byte after the IDE_KM object, inside the payload", IDE, GROW(2, 1), E_TRAILING,
      "payload (after the protocol message)"),

    /* ---- outside the session, and the record --------------------------------------------- */
    S("QUERY_RESP in the clear", IDE, KIND(1), E_NOT_SECURED, NOT_SEC),
    S("KP_ACK in the clear", IDE, KIND(2), E_NOT_SECURED, NOT_SEC),
    S("K_GOSTOP_ACK in the clear", IDE, KIND(3), E_NOT_SECURED, NOT_SEC),
    S("LOCK_INTERFACE_RESPONSE in the clear", TD, KIND(4), E_NOT_SECURED, NOT_SEC),
    S("CXL KP_ACK in the clear", CIDE, KIND(2), E_NOT_SECURED, NOT_SEC),
    S("KP_ACK record MAC flipped", IDE, REC_XOR(2, -1, 0x80), E_DECRYPT, "MAC"),
    S("QUERY_RESP's record again for KP_ACK", IDE, REC_PREV(2), E_SEQUENCE, "SequenceNumber"),
    S_D("ERROR UnsupportedRequest instead of QUERY_RESP", IDE, 0,
	SERR(1, SPDM_ERR_UNSUPPORTED_REQUEST), SPDM_ERR_UNSUPPORTED_REQUEST),
    S_D("ERROR InvalidRequest instead of KP_ACK", IDE, 0, SERR(2, SPDM_ERR_INVALID_REQUEST),
	SPDM_ERR_INVALID_REQUEST),
    S("no KP_ACK", IDE, DROP(2), E_TIMEOUT, NULL),

    /* ---- TDISP: the interface report ----------------------------------------------------- */
    S("PORTION_LENGTH one more than the portion", TD, ADD(6, 2, 28, 1), E_LENGTH, "PORTION_LENGTH"),
    S("PORTION_LENGTH one less than the portion", TD, ADD(6, 2, 28, -1), E_LENGTH,
      "PORTION_LENGTH"),
    A("REMAINDER_LENGTH 0xFFFF", TD, SET(6, 2, 30, 0xFFFF), E_LENGTH,
      "REMAINDER_LENGTH (beyond the report)"),
    A_D("REMAINDER_LENGTH promising more than the device has", TD, SET(6, 2, 30, 16),
	"TDISP_ERROR (INVALID_REQUEST)", 0x01),
    A("the second portion's REMAINDER_LENGTH grows", TD, REPORT(TR_HONEST | TP_REMAINDER_GROWS),
      E_LENGTH, "REMAINDER_LENGTH (not what the portions add to)"),
    A("the first portion's REMAINDER_LENGTH short", TD, REPORT(TR_HONEST | TP_FIRST_SHORT),
      E_LENGTH, "REMAINDER_LENGTH (not what the portions add to)"),
    A("a portion one byte beyond LENGTH", TD, REPORT(TR_HONEST | TP_BEYOND), E_LENGTH,
      "PORTION_LENGTH (beyond LENGTH)"),
    A("an empty portion with a remainder", TD, REPORT(TR_HONEST | TP_EMPTY), E_LENGTH,
      "PORTION_LENGTH (empty, with a remainder)"),
    A("MMIO_RANGE_COUNT beyond the report", TD, SET(6, 4, 44, 5), E_COUNT,
      "MMIO_RANGE_COUNT (beyond the report)"),
    A("MMIO_RANGE_COUNT 3 of 4", TD, SET(6, 4, 44, 3), E_LENGTH, "DEVICE_SPECIFIC_INFO_LEN"),
    A("MMIO_RANGE_COUNT 0xFFFFFFFF", TD, SET(6, 4, 44, 0xFFFFFFFF), E_COUNT,
      "MMIO_RANGE_COUNT (beyond the report)"),
    A("DEVICE_SPECIFIC_INFO_LEN one more", TD, ADD(6, 4, 112, 1), E_LENGTH,
      "DEVICE_SPECIFIC_INFO_LEN"),
    A("the second range overlapping the first", TD, SET(6, 4, 64, 0xD0000), E_FIELD,
      "MMIO_RANGE (overlaps another)"),
    A("the fourth range inside the third", TD, SET(6, 4, 96, 0xD0108), E_FIELD,
      "MMIO_RANGE (overlaps another)"),
    A("the third range overlapping the first (two portions)", TD, REPORT(TR_OVERLAP), E_FIELD,
      "MMIO_RANGE (overlaps another)"),
    A("the 18th range overlapping the 17th", TD, REPORT(TR_MANY), E_FIELD,
      "MMIO_RANGE (overlaps another)"),
    A("a range of two pages at the last page: wraps 64 bits", TD, REPORT(TR_WRAP), E_FIELD, RANGE),
    A("FIRST_PAGE beyond 64-bit addresses", TD, SET(6, 4, 52, 0x00100000), E_FIELD, RANGE),
    A("a range of no pages", TD, SET(6, 4, 56, 0), E_FIELD, RANGE),
    A("a range of no pages (two portions)", TD, REPORT(TR_EMPTY), E_FIELD, RANGE),
    A("RANGE_ATTRIBUTES reserved bit", TD, SET(6, 2, 60, 0x0010), E_RESERVED,
      "MMIO_RANGE.RANGE_ATTRIBUTES"),
    A("the report's Reserved field set", TD, SET(6, 2, 34, 1), E_RESERVED, "Reserved"),

    /* ---- TDISP: nonce, interface, state, errors ------------------------------------------ */
    A_D("a nonce that is not the device's: START answered INVALID_NONCE", TD, XOR(4, 28, 0x01),
	"TDISP_ERROR (INVALID_NONCE)", 0x02),
    A_D("START answered INVALID_NONCE (a device that lies)", TD, TD_ERR(7, TDISP_ERR_INVALID_NONCE),
	"TDISP_ERROR (INVALID_NONCE)", 0x02),
    A("START_INTERFACE_RESPONSE for another interface", TD, XOR(7, 16, 0x01), E_FIELD,
      "INTERFACE_ID (another interface)"),
    A("LOCK_INTERFACE_RESPONSE for another interface", TD, XOR(4, 17, 0x01), E_FIELD,
      "INTERFACE_ID (another interface)"),
    S("INTERFACE_ID reserved bytes set", TD, SET(4, 1, 20, 1), E_RESERVED, "INTERFACE_ID.Reserved"),
    A("CONFIG_UNLOCKED after the lock", TD, SET(5, 1, 28, TDISP_CONFIG_UNLOCKED), E_FIELD,
      TD_STATE),
    A("CONFIG_LOCKED after START", TD, SET(8, 1, 28, TDISP_CONFIG_LOCKED), E_FIELD, TD_STATE),
    A("RUN after STOP", TD, SET(10, 1, 28, TDISP_RUN), E_FIELD, TD_STATE),
    A("ERROR state before the lock", TD, SET(3, 1, 28, TDISP_STATE_ERROR), E_FIELD, TD_STATE),
    S("TDI_STATE 4 (not defined)", TD, SET(5, 1, 28, 4), E_FIELD, "TDI_STATE"),
    A_D("TDISP_ERROR BUSY for GET_VERSION", TD, TD_ERR(1, TDISP_ERR_BUSY), "TDISP_ERROR (BUSY)",
	0x03),
    A_D("TDISP_ERROR UNSPECIFIED for the report", TD, TD_ERR(6, TDISP_ERR_UNSPECIFIED),
	"TDISP_ERROR (UNSPECIFIED)", 0x05),
    A_D("TDISP_ERROR INVALID_INTERFACE_STATE for STOP", TD,
	TD_ERR(9, TDISP_ERR_INVALID_INTERFACE_STATE), "TDISP_ERROR (INVALID_INTERFACE_STATE)",
	0x04),
    A_D("TDISP_ERROR with an ERROR_CODE TDISP does not define", TD, TD_ERR(2, 0x1234),
	"TDISP_ERROR (an ERROR_CODE TDISP does not define)", 0x34),
    A_ARG("TDISP for an interface the device lacks: INVALID_INTERFACE", TD, 0x1234, E_DEVICE_ERROR,
	  "TDISP_ERROR (INVALID_INTERFACE)", 0x01),
    A_D("CAPABILITIES offering lock flags the device refuses", TD, SET(2, 2, 48, 0x001F),
	"TDISP_ERROR (INVALID_REQUEST)", 0x01),
    S("CAPABILITIES with reserved lock flags", TD, SET(2, 2, 48, 0x0020), E_RESERVED,
      "LOCK_INTERFACE_FLAGS_SUPPORTED"),
    A("VERSION without TDISP 1.0", TD, SET(1, 1, 29, 0x20), E_NO_COMMON_VERSION,
      "VERSION_NUM_ENTRY (no TDISP 1.0)"),
    S("VERSION_NUM_COUNT 2 with one entry", TD, SET(1, 1, 28, 2), E_COUNT, "VERSION_NUM_COUNT"),
    S("TDISPVersion 1.1", TD, SET(3, 1, 12, 0x11), E_VERSION_FIELD, "TDISPVersion"),
    A("START_INTERFACE_RESPONSE for STOP", TD, SET(9, 1, 13, TDISP_START_INTERFACE_RSP),
      E_RESPONSE_CODE, "MessageType (another response)"),
    S("a request's MessageType in a response", TD, SET(3, 1, 13, 0x85), E_FIELD, "MessageType"),

    /* ---- CXL IDE_KM ---------------------------------------------------------------------- */
    A("CXL KP_ACK Status 1 (failure)", CIDE, SET(2, 1, 16, 1), E_DEVICE_ERROR,
      "KP_ACK Status (failure)"),
    A("CXL KP_ACK TX Status 1 (failure)", CIDE, SET(3, 1, 16, 1), E_DEVICE_ERROR,
      "KP_ACK Status (failure)"),
    S("CXL KP_ACK Status 2 (not defined)", CIDE, SET(2, 1, 16, 2), E_FIELD, "Status"),
    A("CXL K_GOSTOP_ACK for TX where RX was started", CIDE, XOR(4, 17, 0x02), E_FIELD,
      "KeySubStream (another direction)"),
    A("CXL K_GOSTOP_ACK for another stream", CIDE, XOR(4, 15, 0x01), E_FIELD,
      "Stream ID (another stream)"),
    A("CXL KP_ACK with another IV type", CIDE, XOR(2, 17, 0x08), E_FIELD,
      "KeySubStream (not the request's)"),
    S("CXL KP_ACK with the PCIe substream", CIDE, SET(2, 1, 17, 0x00), E_FIELD,
      "KeySubStream (substream)"),
    S("CXL QUERY_RESP PortIndex beyond MaxPortIndex", CIDE, SET(1, 1, 14, 8), E_FIELD,
      "PortIndex (beyond MaxPortIndex)"),
    S("CXL QUERY_RESP with ten capability DWORDs", CIDE, GROW(1, 28), E_COUNT,
      "CXL IDE capability registers"),
    S("CXL QUERY_RESP with half a DWORD more", CIDE, GROW(1, 2), E_COUNT,
      "CXL IDE capability registers"),
    S_D("CXL Caps claiming key generation: GET_KEY unsupported", CIDE, 0, SET(1, 1, 19, 0x61),
	SPDM_ERR_UNSUPPORTED_REQUEST),
    S_D("CXL KEY_PROG for a stream the device lacks", CIDE, 1, NOFAULT, SPDM_ERR_INVALID_REQUEST),

    /* ---- CXL TSP ------------------------------------------------------------------------- */
    A_D("TSP Error Response for the second report portion", TSP, TSPDEV(TSP_ERROR_REPORT),
	"TSP Error Response", TSP_ERR_INVALID_REQUEST),
    A("TSP report RemainderLength changes", TSP, TSPDEV(TSP_REMAINDER), E_LENGTH,
      "RemainderLength (not what the portions add to)"),
    A("TSP report portion one byte beyond Length", TSP, TSPDEV(TSP_BEYOND), E_LENGTH,
      "PortionLength (beyond Length)"),
    A("TSP version 2.0 only", TSP, TSPDEV(TSP_NO_V10), E_NO_COMMON_VERSION,
      "VersionNumberEntry (no TSP 1.0)"),
    A("TSP offering five secondary sessions", TSP, TSPDEV(TSP_SECONDARY_5), E_FIELD,
      "NumberOfSecondarySessions"),
    A("a secondary session finding the configuration unlocked", TSP2, TSPDEV(TSP_HONEST), E_FIELD,
      "CurrentTSPState (not the state expected)"),
    A("the primary session finding the configuration locked before SET", TSP, TSPDEV(TSP_LOCKED),
      E_FIELD, "CurrentTSPState (not the state expected)"),
};
const size_t hx_n_app_cases = sizeof(hx_app_cases) / sizeof(hx_app_cases[0]);

/* ---- the responder side ---------------------------------------------------------------------- */

#define INVALID	    SPDM_ERR_INVALID_REQUEST
#define UNSUPPORTED SPDM_ERR_UNSUPPORTED_REQUEST
#define SESS_REQ    SPDM_ERR_SESSION_REQUIRED

/* clang-format off */
#define RSET(off, w, v)	{.kind = F_SET, .at = (off), .width = (w), .val = (uint32_t)(v)}
#define RADD(off, w, d)	{.kind = F_ADD, .at = (off), .width = (w), .val = (uint32_t)(d)}
#define RXOR(off, m)	{.kind = F_XOR, .at = (off), .val = (m)}
#define RTRUNC(k)	{.kind = F_TRUNC, .n = (k)}
#define RAPPEND(k)	{.kind = F_APPEND, .n = (k), .val = 0xA5}
#define RGROW(k)	{.kind = F_HOOK, .hook = hk_vd_payload, .val = VP_GROW, .n = (k)}
#define RCUT(k)		{.kind = F_HOOK, .hook = hk_vd_payload, .val = VP_CUT, .n = (k)}

/* Rows: name, the honest requests first, the request, what is done to it, the answer. */
#define R_TD(name, pre, req, fault, code) \
	{name, pre, req, NULL, fault, 0, AA_TDISP, code, -1, 0}
#define R_KP(name, pre, req, fault, status) \
	{name, pre, req, NULL, fault, 0, AA_KP_ACK, status, -1, 0}
#define R_TSP(name, pre, req, fault, code) \
	{name, pre, req, NULL, fault, 0, AA_TSP, code, -1, 0}
#define R_ERR(name, pre, req, fault, code, data) \
	{name, pre, req, NULL, fault, 0, AA_SPDM, code, data, 0}
#define R_RAW(name, hex, code, data) \
	{name, {0}, AQ_RAW, hex, NOFAULT, 0, AA_SPDM, code, data, 0}
#define R_CLEAR(name, pre, req, fault) \
	{name, pre, req, NULL, fault, 1, AA_SPDM, SESS_REQ, 0, 0}
/* a known responder bug: the answer due (AA_TDISP or AA_KP_ACK, code), the SPDM ErrorCode it
 * answers now; the row fails once it answers as it should (none today) */
#define R_BUG(name, pre, req, fault, answer, code, now) \
	{name, pre, req, NULL, fault, 0, answer, code, -1, now}

/* the honest requests before */
#define NONE	 {0}
#define LOCKED	 {AQ_TD_LOCK}
#define RUNNING	 {AQ_TD_LOCK, AQ_TD_START}
#define KEYED	 {AQ_KEY_PROG}
#define CXLKEYED {AQ_CXL_KEY_PROG}
#define TSP_SET	 {AQ_TSP_SET}
#define TSP_LOCK {AQ_TSP_SET, AQ_TSP_LOCK}
/* clang-format on */

/* A malformed TDISP request gets TDISP_ERROR (PCIe Base 6.1 §11.3.17, as DMTF's device does),
 * a KEY_PROG of another length KP_ACK Status 1, Incorrect Length (the PCI-SIG IDE_KM compliance
 * case KEY_PROG 2.2): both were known responder bugs (an SPDM ERROR) until fixed. */

const struct hx_rsp_app_case hx_rsp_app_cases[] = {
    /* ---- TDISP in the wrong state, for the wrong interface ------------------------------- */
    R_TD("START_INTERFACE before LOCK", NONE, AQ_TD_START, NOFAULT,
	 TDISP_ERR_INVALID_INTERFACE_STATE),
    R_TD("LOCK_INTERFACE twice", LOCKED, AQ_TD_LOCK, NOFAULT, TDISP_ERR_INVALID_INTERFACE_STATE),
    R_TD("LOCK_INTERFACE while running", RUNNING, AQ_TD_LOCK, NOFAULT,
	 TDISP_ERR_INVALID_INTERFACE_STATE),
    R_TD("GET_DEVICE_INTERFACE_REPORT when unlocked", NONE, AQ_TD_REPORT, NOFAULT,
	 TDISP_ERR_INVALID_INTERFACE_STATE),
    R_TD("STOP_INTERFACE when unlocked", NONE, AQ_TD_STOP, NOFAULT,
	 TDISP_ERR_INVALID_INTERFACE_STATE),
    R_TD("START_INTERFACE twice", RUNNING, AQ_TD_START, NOFAULT, TDISP_ERR_INVALID_INTERFACE_STATE),
    R_TD("START_INTERFACE with another nonce", LOCKED, AQ_TD_START, RXOR(28, 0x01),
	 TDISP_ERR_INVALID_NONCE),
    R_TD("START_INTERFACE with a nonce of zeros", LOCKED, AQ_TD_START, RSET(28, 4, 0),
	 TDISP_ERR_INVALID_NONCE),
    R_TD("LOCK_INTERFACE for an interface the device lacks", NONE, AQ_TD_LOCK, RXOR(16, 0x01),
	 TDISP_ERR_INVALID_INTERFACE),
    R_TD("START_INTERFACE for another interface", LOCKED, AQ_TD_START, RXOR(16, 0x01),
	 TDISP_ERR_INVALID_INTERFACE),
    R_TD("GET_DEVICE_INTERFACE_STATE for another interface", NONE, AQ_TD_STATE, RXOR(18, 0x01),
	 TDISP_ERR_INVALID_INTERFACE),
    R_TD("LOCK_INTERFACE with a flag the device does not offer", NONE, AQ_TD_LOCK,
	 RSET(28, 2, 0x0010), TDISP_ERR_INVALID_REQUEST),
    R_TD("GET_DEVICE_INTERFACE_REPORT at an OFFSET beyond the report", LOCKED, AQ_TD_REPORT,
	 RSET(28, 2, 0x1000), TDISP_ERR_INVALID_REQUEST),
    R_TD("GET_DEVICE_INTERFACE_REPORT of LENGTH 0", LOCKED, AQ_TD_REPORT, RSET(30, 2, 0),
	 TDISP_ERR_INVALID_REQUEST),
    R_TD("LOCK_INTERFACE with reserved FLAGS", NONE, AQ_TD_LOCK, RSET(28, 2, 0x0100),
	 TDISP_ERR_INVALID_REQUEST),
    R_TD("LOCK_INTERFACE cut by 8 bytes (ReqLength too)", NONE, AQ_TD_LOCK, RCUT(8),
	 TDISP_ERR_INVALID_REQUEST),
    R_TD("a TDISP response type as a request", NONE, AQ_TD_STATE, RSET(13, 1, 0x05),
	 TDISP_ERR_UNSUPPORTED_REQUEST),
    R_TD("START_INTERFACE with INTERFACE_ID reserved bytes set", LOCKED, AQ_TD_START,
	 RSET(24, 1, 1), TDISP_ERR_INVALID_REQUEST),

    /* ---- IDE_KM for what the device lacks ------------------------------------------------ */
    R_KP("KEY_PROG for a stream the device lacks", NONE, AQ_KEY_PROG, RSET(15, 1, 5), 3),
    R_KP("KEY_PROG for a port the device lacks", NONE, AQ_KEY_PROG, RSET(18, 1, 8), 2),
    R_ERR("K_SET_GO for a key set never programmed", KEYED, AQ_GO, RXOR(17, 0x01), INVALID, 0),
    R_ERR("K_SET_GO before any KEY_PROG", NONE, AQ_GO, NOFAULT, INVALID, 0),
    R_ERR("K_SET_GO for the other direction", KEYED, AQ_GO, RXOR(17, 0x02), INVALID, 0),
    R_ERR("K_SET_GO for a stream the device lacks", KEYED, AQ_GO, RSET(15, 1, 5), INVALID, 0),
    R_ERR("K_SET_STOP for a port the device lacks", KEYED, AQ_STOP, RSET(18, 1, 9), INVALID, 0),
    R_ERR("QUERY for a port the device lacks", NONE, AQ_QUERY, RSET(14, 1, 8), INVALID, 0),
    R_ERR("KEY_PROG with a reserved KeySubStream bit", NONE, AQ_KEY_PROG, RSET(17, 1, 0x04),
	  INVALID, 0),
    R_ERR("KEY_PROG for substream 3", NONE, AQ_KEY_PROG, RSET(17, 1, 0x30), INVALID, 0),
    R_ERR("KP_ACK (a response) as a request", NONE, AQ_KEY_PROG, RSET(12, 1, 0x03), INVALID, 0),
    R_ERR("CXL KEY_PROG for stream 1", NONE, AQ_CXL_KEY_PROG, RSET(15, 1, 1), INVALID, 0),
    R_ERR("CXL K_SET_GO never programmed", NONE, AQ_CXL_GO, NOFAULT, INVALID, 0),
    R_ERR("CXL K_SET_GO for TX, only RX programmed", CXLKEYED, AQ_CXL_GO, RXOR(17, 0x02), INVALID,
	  0),
    R_ERR("CXL GET_KEY (no key generation)", NONE, AQ_CXL_GET_KEY, NOFAULT, UNSUPPORTED, VD),
    /* ---- CXL TSP (offsets: TSP header at 12; Set Target Configuration's algorithm at 16,
     * its ConfigurationValidityFlags at 204; Set Target TE State's first range at 28) ----- */
    R_TSP("TSP lock before a configuration", NONE, AQ_TSP_LOCK, NOFAULT,
	  TSP_ERR_INVALID_SECURITY_STATE),
    R_TSP("TSP TE state before the lock", TSP_SET, AQ_TSP_TE, NOFAULT,
	  TSP_ERR_INVALID_SECURITY_STATE),
    R_TSP("TSP configuration once locked", TSP_LOCK, AQ_TSP_SET, NOFAULT, TSP_ERR_ALREADY_LOCKED),
    R_TSP("TSP lock twice", TSP_LOCK, AQ_TSP_LOCK, NOFAULT, TSP_ERR_ALREADY_LOCKED),
    R_TSP("TSP configuration with AES-XTS-128 (not offered)", NONE, AQ_TSP_SET, RSET(16, 4, 1),
	  TSP_ERR_INVALID_SECURITY_CONFIG),
    R_TSP("TSP configuration with two algorithms", NONE, AQ_TSP_SET, RSET(16, 4, 3),
	  TSP_ERR_INVALID_SECURITY_CONFIG),
    R_TSP("TSP configuration with a secondary session (none offered)", NONE, AQ_TSP_SET,
	  RSET(204, 2, 1), TSP_ERR_INVALID_SECURITY_CONFIG),
    R_TSP("TSP TE state for an unaligned range", TSP_LOCK, AQ_TSP_TE, RSET(28, 1, 0x10),
	  TSP_ERR_INVALID_REQUEST),
    R_TSP("TSP TE state for an empty range", TSP_LOCK, AQ_TSP_TE, RSET(36, 4, 0),
	  TSP_ERR_INVALID_REQUEST),
    R_TSP("TSP TE state 2", TSP_LOCK, AQ_TSP_TE, RSET(14, 1, 2), TSP_ERR_INVALID_REQUEST),
    R_TSP("TSPVersion 2.0", NONE, AQ_TSP_VERSION, RSET(12, 1, 0x20), TSP_ERR_VERSION_MISMATCH),
    R_TSP("a TSP response opcode as a request", NONE, AQ_TSP_VERSION, RSET(13, 1, 0x04),
	  TSP_ERR_UNSUPPORTED_REQUEST),
    R_TSP("TSP Get Target Configuration cut short", NONE, AQ_TSP_GET, RCUT(1),
	  TSP_ERR_INVALID_REQUEST),

    /* ---- in the clear, beside the session ------------------------------------------------ */
    R_CLEAR("QUERY in the clear", NONE, AQ_QUERY, NOFAULT),
    R_CLEAR("KEY_PROG in the clear", NONE, AQ_KEY_PROG, NOFAULT),
    R_CLEAR("K_SET_GO in the clear, the key programmed in the session", KEYED, AQ_GO, NOFAULT),
    R_CLEAR("K_SET_STOP in the clear, the key programmed in the session", KEYED, AQ_STOP, NOFAULT),
    R_CLEAR("CXL KEY_PROG in the clear", NONE, AQ_CXL_KEY_PROG, NOFAULT),
    R_CLEAR("CXL K_SET_GO in the clear, the key programmed in the session", CXLKEYED, AQ_CXL_GO,
	    NOFAULT),
    R_CLEAR("LOCK_INTERFACE in the clear", NONE, AQ_TD_LOCK, NOFAULT),
    R_CLEAR("TSP Set Target Configuration (its PSKs) in the clear", NONE, AQ_TSP_SET, NOFAULT),
    R_CLEAR("TSP TE state in the clear, locked in the session", TSP_LOCK, AQ_TSP_TE, NOFAULT),
    R_CLEAR("START_INTERFACE in the clear, locked in the session", LOCKED, AQ_TD_START, NOFAULT),
    R_CLEAR("GET_DEVICE_INTERFACE_REPORT in the clear, locked in the session", LOCKED, AQ_TD_REPORT,
	    NOFAULT),
    R_CLEAR("a garbled VENDOR_DEFINED_REQUEST in the clear", NONE, AQ_KEY_PROG, RTRUNC(40)),

    /* ---- VENDOR_DEFINED_REQUEST framing -------------------------------------------------- */
    R_ERR("KEY_PROG cut by a byte", NONE, AQ_KEY_PROG, RTRUNC(1), INVALID, 0),
    R_KP("KEY_PROG 4 bytes short (ReqLength too)", NONE, AQ_KEY_PROG, RCUT(4), 1),
    R_KP("KEY_PROG without its key (ReqLength too)", NONE, AQ_KEY_PROG, RCUT(40), 1),
    R_ERR("KEY_PROG with a byte after it, beyond ReqLength", NONE, AQ_KEY_PROG, RAPPEND(1), INVALID,
	  0),
    R_KP("KEY_PROG with a byte more (ReqLength too)", NONE, AQ_KEY_PROG, RGROW(1), 1),
    R_KP("KEY_PROG with 3000 bytes more (ReqLength too)", NONE, AQ_KEY_PROG, RGROW(3000), 1),
    R_ERR("ReqLength one more than the payload", NONE, AQ_KEY_PROG, RADD(9, 2, 1), INVALID, 0),
    R_ERR("ReqLength one less than the payload", NONE, AQ_KEY_PROG, RADD(9, 2, -1), INVALID, 0),
    R_ERR("ReqLength 0xFFFF", NONE, AQ_KEY_PROG, RSET(9, 2, 0xFFFF), INVALID, 0),
    R_RAW("ReqLength 0: no protocol ID", "12 fe 00 00 0300 02 0100 0000", UNSUPPORTED, VD),
    R_ERR("LargeReq at 1.2", NONE, AQ_KEY_PROG, RSET(2, 1, 0x80), INVALID, 0),
    R_ERR("StandardID DMTF", NONE, AQ_KEY_PROG, RSET(4, 2, 0), UNSUPPORTED, VD),
    R_ERR("VendorID 0x8086", NONE, AQ_KEY_PROG, RSET(7, 2, 0x8086), UNSUPPORTED, VD),
    R_ERR("protocol ID 7", NONE, AQ_KEY_PROG, RSET(11, 1, 7), UNSUPPORTED, VD),
    R_TD("TDISPVersion 2.0", NONE, AQ_TD_LOCK, RSET(12, 1, 0x20), TDISP_ERR_VERSION_MISMATCH),
};
const size_t hx_n_rsp_app_cases = sizeof(hx_rsp_app_cases) / sizeof(hx_rsp_app_cases[0]);
