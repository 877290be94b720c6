/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The responder-side catalogue: hostile requests to our responder. Columns: what is sent, how
 * far an honest conversation got first (RS_*), the honest request it starts from (or raw
 * bytes) and what is done to it, and the ERROR our responder must answer (ErrorCode,
 * ErrorData). Every case then runs an honest requester against the same responder.
 * Requests are 1.2 unless a row says otherwise.
 */
#include "hostile.h"

#define INVALID	    SPDM_ERR_INVALID_REQUEST
#define UNEXPECTED  SPDM_ERR_UNEXPECTED_REQUEST
#define UNSUPPORTED SPDM_ERR_UNSUPPORTED_REQUEST
#define MISMATCH    SPDM_ERR_VERSION_MISMATCH

/* clang-format off */
/* what is done to the request */
#define NOFAULT		{.kind = F_NONE}
#define TRUNC(k)	{.kind = F_TRUNC, .n = (k)}
#define KEEP(k)		{.kind = F_KEEP, .n = (k)}
#define APPEND(k)	{.kind = F_APPEND, .n = (k), .val = 0xA5}
#define SET8(off, v)	{.kind = F_SET, .at = (off), .width = 1, .val = (v)}
#define SET16(off, v)	{.kind = F_SET, .at = (off), .width = 2, .val = (v)}
#define SET32(off, v)	{.kind = F_SET, .at = (off), .width = 4, .val = (v)}
#define ADD16(off, d)	{.kind = F_ADD, .at = (off), .width = 2, .val = (uint32_t)(d)}

/* an honest request, changed (_V: at another version, _S: to a device set up so) */
#define REQ(name, stage, base, fault, err, data) \
	{name, stage, 0, base, NULL, fault, err, data, 0, RQ_NONE}
#define REQ_V(name, stage, ver, base, fault, err, data) \
	{name, stage, ver, base, NULL, fault, err, data, 0, RQ_NONE}
#define REQ_S(name, stage, base, fault, err, data, setup) \
	{name, stage, 0, base, NULL, fault, err, data, setup, RQ_NONE}
/* raw bytes (_P: after a request whose answer does not matter) */
#define RAW(name, stage, hex, err, data) \
	{name, stage, 0, RQ_RAW, hex, NOFAULT, err, data, 0, RQ_NONE}
#define RAW_P(name, stage, pre, hex, err, data, setup) \
	{name, stage, 0, RQ_RAW, hex, NOFAULT, err, data, setup, pre}
/* a request that is fine, at the wrong time: UnexpectedRequest */
#define EARLY(name, stage, base) REQ(name, stage, base, NOFAULT, UNEXPECTED, 0)
/* a request we do not implement, after VCA: UnsupportedRequest naming it */
#define UNSUP(name, hex, code)	RAW(name, RS_VCA, hex, UNSUPPORTED, code)
/* clang-format on */

const struct hx_rsp_case hx_rsp_cases[] = {
    /* ---- out of order -------------------------------------------------------------------- */
    EARLY("GET_CAPABILITIES before GET_VERSION", RS_IDLE, RQ_GET_CAPS),
    EARLY("NEGOTIATE_ALGORITHMS before GET_VERSION", RS_IDLE, RQ_NEG_ALGS),
    EARLY("GET_DIGESTS before GET_VERSION", RS_IDLE, RQ_GET_DIGESTS),
    EARLY("GET_CERTIFICATE before GET_VERSION", RS_IDLE, RQ_GET_CERT),
    EARLY("CHALLENGE before GET_VERSION", RS_IDLE, RQ_CHALLENGE),
    EARLY("GET_MEASUREMENTS before GET_VERSION", RS_IDLE, RQ_GET_MEAS),
    EARLY("KEY_EXCHANGE before GET_VERSION", RS_IDLE, RQ_KEY_EXCHANGE),
    RAW("RESPOND_IF_READY before GET_VERSION", RS_IDLE, "12 ff 83 01", UNEXPECTED, 0),
    RAW("END_SESSION before GET_VERSION", RS_IDLE, "12 ec 00 00", UNEXPECTED, 0),
    EARLY("NEGOTIATE_ALGORITHMS after GET_VERSION only", RS_VERSIONED, RQ_NEG_ALGS),
    EARLY("GET_DIGESTS after GET_VERSION only", RS_VERSIONED, RQ_GET_DIGESTS),
    EARLY("GET_CERTIFICATE after GET_VERSION only", RS_VERSIONED, RQ_GET_CERT),
    EARLY("CHALLENGE after GET_VERSION only", RS_VERSIONED, RQ_CHALLENGE),
    EARLY("GET_MEASUREMENTS after GET_VERSION only", RS_VERSIONED, RQ_GET_MEAS),
    EARLY("KEY_EXCHANGE after GET_VERSION only", RS_VERSIONED, RQ_KEY_EXCHANGE),
    RAW("RESPOND_IF_READY with nothing pending", RS_VERSIONED, "10 ff 84 01", UNEXPECTED, 0),
    EARLY("GET_CAPABILITIES twice", RS_CAPS, RQ_GET_CAPS),
    EARLY("GET_DIGESTS before NEGOTIATE_ALGORITHMS", RS_CAPS, RQ_GET_DIGESTS),
    EARLY("CHALLENGE before NEGOTIATE_ALGORITHMS", RS_CAPS, RQ_CHALLENGE),
    EARLY("GET_MEASUREMENTS before NEGOTIATE_ALGORITHMS", RS_CAPS, RQ_GET_MEAS),
    EARLY("GET_CAPABILITIES after VCA", RS_VCA, RQ_GET_CAPS),
    EARLY("NEGOTIATE_ALGORITHMS after VCA", RS_VCA, RQ_NEG_ALGS),
    EARLY("NEGOTIATE_ALGORITHMS after authentication", RS_AUTHED, RQ_NEG_ALGS),
    EARLY("GET_CAPABILITIES after authentication", RS_AUTHED, RQ_GET_CAPS),
    RAW("RESPOND_IF_READY after authentication", RS_AUTHED, "12 ff 83 01", UNEXPECTED, 0),
    RAW_P("RESPOND_IF_READY with the wrong token", RS_VCA, RQ_CHALLENGE, "12 ff 83 02", UNEXPECTED,
	  0, HX_DEV_NR_CHAL),
    RAW_P("RESPOND_IF_READY naming another request", RS_VCA, RQ_CHALLENGE, "12 ff 81 01",
	  UNEXPECTED, 0, HX_DEV_NR_CHAL),

    /* ---- requests we do not implement ---------------------------------------------------- */
    UNSUP("KEY_EXCHANGE", "12 e4 00 00 0000000000000000", SPDM_KEY_EXCHANGE),
    RAW_P("KEY_EXCHANGE, then PSK_FINISH", RS_VCA, RQ_KEY_EXCHANGE, "12 e7 00 00 0102030405060708",
	  UNSUPPORTED, SPDM_PSK_FINISH, 0),
    UNSUP("FINISH", "12 e5 00 00", SPDM_FINISH),
    UNSUP("PSK_EXCHANGE", "12 e6 00 00 0000", SPDM_PSK_EXCHANGE),
    UNSUP("PSK_FINISH", "12 e7 00 00", SPDM_PSK_FINISH),
    UNSUP("HEARTBEAT", "12 e8 00 00", SPDM_HEARTBEAT),
    UNSUP("KEY_UPDATE", "12 e9 01 00", SPDM_KEY_UPDATE),
    UNSUP("GET_ENCAPSULATED_REQUEST", "12 ea 00 00", SPDM_GET_ENCAPSULATED_REQUEST),
    UNSUP("DELIVER_ENCAPSULATED_RESPONSE", "12 eb 00 00", SPDM_DELIVER_ENCAPSULATED_RESPONSE),
    UNSUP("END_SESSION", "12 ec 00 00", SPDM_END_SESSION),
    UNSUP("VENDOR_DEFINED_REQUEST", "12 fe 00 00 0000 00", SPDM_VENDOR_DEFINED_REQUEST),
    UNSUP("CHUNK_SEND", "12 85 00 00", SPDM_CHUNK_SEND),
    UNSUP("CHUNK_GET", "12 86 00 00", SPDM_CHUNK_GET),
    UNSUP("an unassigned request code 0x8F", "12 8f 00 00", 0x8F),
    REQ_S("GET_MEASUREMENTS without MEAS_CAP", RS_VCA, RQ_GET_MEAS, NOFAULT, UNSUPPORTED,
	  SPDM_GET_MEASUREMENTS, HX_DEV_NO_MEAS),
    REQ_S("CHALLENGE without CHAL_CAP", RS_VCA, RQ_CHALLENGE, NOFAULT, UNSUPPORTED, SPDM_CHALLENGE,
	  HX_DEV_NO_CHAL),
    REQ_S("GET_DIGESTS without CERT_CAP", RS_VCA, RQ_GET_DIGESTS, NOFAULT, UNSUPPORTED,
	  SPDM_GET_DIGESTS, HX_DEV_NO_CERT),
    REQ_S("KEY_EXCHANGE with no signature algorithm negotiated", RS_VCA, RQ_KEY_EXCHANGE, NOFAULT,
	  UNSUPPORTED, SPDM_KEY_EXCHANGE, HX_SESS_DEV | HX_OFFER_P384),
    REQ_S("KEY_EXCHANGE for an empty slot (control: it decodes)", RS_VCA, RQ_KEY_EXCHANGE,
	  SET8(3, 5), INVALID, 0, HX_SESS_DEV),

    /* ---- versions -------------------------------------------------------------------------- */
    REQ("GET_VERSION with SPDMVersion 1.1", RS_IDLE, RQ_GET_VERSION, SET8(0, 0x11), MISMATCH, 0),
    REQ("GET_CAPABILITIES 1.5", RS_VERSIONED, RQ_GET_CAPS, SET8(0, 0x15), MISMATCH, 0),
    REQ("GET_CAPABILITIES 0.9", RS_VERSIONED, RQ_GET_CAPS, SET8(0, 0x09), MISMATCH, 0),
    {"GET_CAPABILITIES 1.3 to a 1.2 device", RS_VERSIONED, CSPDM_V13, RQ_GET_CAPS, NULL, NOFAULT,
     MISMATCH, 0, HX_DEV_MAX_12, RQ_NONE},
    REQ("GET_CAPABILITIES 0.0", RS_VERSIONED, RQ_GET_CAPS, SET8(0, 0x00), MISMATCH, 0),
    REQ("NEGOTIATE_ALGORITHMS 1.3 after GET_CAPABILITIES 1.2", RS_CAPS, RQ_NEG_ALGS, SET8(0, 0x13),
	MISMATCH, 0),
    REQ("GET_DIGESTS 1.3 after VCA 1.2", RS_VCA, RQ_GET_DIGESTS, SET8(0, 0x13), MISMATCH, 0),
    REQ("CHALLENGE 1.0 after VCA 1.2", RS_VCA, RQ_CHALLENGE, SET8(0, 0x10), MISMATCH, 0),
    REQ("GET_MEASUREMENTS 1.1 after VCA 1.2", RS_VCA, RQ_GET_MEAS, SET8(0, 0x11), MISMATCH, 0),

    /* ---- NEGOTIATE_ALGORITHMS whose lengths lie ------------------------------------------ */
    REQ("Length one more than the message", RS_CAPS, RQ_NEG_ALGS, ADD16(4, 1), INVALID, 0),
    REQ("Length one less than the message", RS_CAPS, RQ_NEG_ALGS, ADD16(4, -1), INVALID, 0),
    REQ("Length 0xFFFF", RS_CAPS, RQ_NEG_ALGS, SET16(4, 0xFFFF), INVALID, 0),
    REQ("ExtAsymCount 5, none present", RS_CAPS, RQ_NEG_ALGS, SET8(28, 5), INVALID, 0),
    REQ("ExtHashCount 1, none present", RS_CAPS, RQ_NEG_ALGS, SET8(29, 1), INVALID, 0),
    REQ("ExtAsymCount 21 (over the limit)", RS_CAPS, RQ_NEG_ALGS, SET8(28, 21), INVALID, 0),
    REQ("Param1: 6 AlgStructs, 4 present", RS_CAPS, RQ_NEG_ALGS, SET8(2, 6), INVALID, 0),
    REQ("Param1: 2 AlgStructs, 4 present", RS_CAPS, RQ_NEG_ALGS, SET8(2, 2), INVALID, 0),
    REQ("AlgStruct fixed algorithm width 3", RS_CAPS, RQ_NEG_ALGS, SET8(33, 0x30), INVALID, 0),
    REQ("AlgStruct claims 15 external algorithms", RS_CAPS, RQ_NEG_ALGS, SET8(33, 0x2F), INVALID,
	0),
    REQ("AlgStruct AlgTypes descending", RS_CAPS, RQ_NEG_ALGS, SET8(44, 0x03), INVALID, 0),
    REQ("AlgStruct AlgType 7 in 1.2", RS_CAPS, RQ_NEG_ALGS, SET8(44, 0x07), INVALID, 0),
    REQ_V("AlgStructs in 1.0", RS_CAPS, CSPDM_V10, RQ_NEG_ALGS, SET8(2, 1), INVALID, 0),
    REQ("NEGOTIATE_ALGORITHMS cut to 8 bytes", RS_CAPS, RQ_NEG_ALGS, KEEP(8), INVALID, 0),
    REQ("NEGOTIATE_ALGORITHMS with garbage after it", RS_CAPS, RQ_NEG_ALGS, APPEND(3), INVALID, 0),

    /* ---- GET_MEASUREMENTS ------------------------------------------------------------------ */
    REQ("signature bit but no nonce", RS_VCA, RQ_GET_MEAS, SET8(2, 0x01), INVALID, 0),
    REQ("signed, without SlotIDParam", RS_VCA, RQ_GET_MEAS_SIGNED, TRUNC(1), INVALID, 0),
    REQ("reserved attribute bit 7", RS_VCA, RQ_GET_MEAS, SET8(2, 0x80), INVALID, 0),
    REQ("RawBitStreamRequested before 1.3", RS_VCA, RQ_GET_MEAS, SET8(2, 0x02), INVALID, 0),
    REQ("SlotIDParam 9", RS_VCA, RQ_GET_MEAS_SIGNED, SET8(36, 9), INVALID, 0),
    REQ("SlotIDParam with reserved bits", RS_VCA, RQ_GET_MEAS_SIGNED, SET8(36, 0x10), INVALID, 0),
    REQ("signed for an empty slot", RS_VCA, RQ_GET_MEAS_SIGNED, SET8(36, 3), INVALID, 0),
    REQ("an index the device lacks", RS_VCA, RQ_GET_MEAS, SET8(3, 0x50), INVALID, 0),
    REQ("GET_MEASUREMENTS with garbage after it", RS_VCA, RQ_GET_MEAS, APPEND(2), INVALID, 0),
    REQ_V("1.3 without RequesterContext", RS_VCA, CSPDM_V13, RQ_GET_MEAS, TRUNC(8), INVALID, 0),

    /* ---- GET_CERTIFICATE, CHALLENGE, GET_DIGESTS, GET_VERSION, GET_CAPABILITIES ---------- */
    REQ("GET_CERTIFICATE Offset beyond the chain", RS_VCA, RQ_GET_CERT, SET16(4, 0xFFFF), INVALID,
	0),
    REQ("GET_CERTIFICATE Length 0", RS_VCA, RQ_GET_CERT, SET16(6, 0), INVALID, 0),
    REQ("GET_CERTIFICATE for an empty slot", RS_VCA, RQ_GET_CERT, SET8(2, 5), INVALID, 0),
    REQ("GET_CERTIFICATE for slot 9", RS_VCA, RQ_GET_CERT, SET8(2, 9), INVALID, 0),
    REQ("GET_CERTIFICATE LargeCertChain before 1.4", RS_VCA, RQ_GET_CERT, SET8(2, 0x80), INVALID,
	0),
    REQ("GET_CERTIFICATE reserved Param2", RS_VCA, RQ_GET_CERT, SET8(3, 0x01), INVALID, 0),
    REQ("GET_CERTIFICATE cut to 6 bytes", RS_VCA, RQ_GET_CERT, KEEP(6), INVALID, 0),
    REQ("GET_CERTIFICATE with garbage after it", RS_VCA, RQ_GET_CERT, APPEND(1), INVALID, 0),
    REQ("CHALLENGE without a nonce", RS_VCA, RQ_CHALLENGE, KEEP(4), INVALID, 0),
    REQ("CHALLENGE with 20 bytes of nonce", RS_VCA, RQ_CHALLENGE, KEEP(24), INVALID, 0),
    REQ("CHALLENGE for an empty slot", RS_VCA, RQ_CHALLENGE, SET8(2, 4), INVALID, 0),
    REQ("CHALLENGE for slot 10", RS_VCA, RQ_CHALLENGE, SET8(2, 0x0A), INVALID, 0),
    REQ("CHALLENGE for the public-key slot 0xFF", RS_VCA, RQ_CHALLENGE, SET8(2, 0xFF), INVALID, 0),
    REQ("CHALLENGE summary type 2", RS_VCA, RQ_CHALLENGE, SET8(3, 2), INVALID, 0),
    REQ("CHALLENGE with garbage after it", RS_VCA, RQ_CHALLENGE, APPEND(1), INVALID, 0),
    REQ_V("CHALLENGE 1.3 without RequesterContext", RS_VCA, CSPDM_V13, RQ_CHALLENGE, TRUNC(8),
	  INVALID, 0),
    REQ_S("CHALLENGE asking a summary without MEAS_CAP", RS_VCA, RQ_CHALLENGE, SET8(3, 1), INVALID,
	  0, HX_DEV_NO_MEAS),
    REQ("GET_DIGESTS with garbage after it", RS_VCA, RQ_GET_DIGESTS, APPEND(2), INVALID, 0),
    REQ("GET_DIGESTS with Param1 set", RS_VCA, RQ_GET_DIGESTS, SET8(2, 1), INVALID, 0),
    REQ("GET_DIGESTS with Param2 set", RS_VCA, RQ_GET_DIGESTS, SET8(3, 1), INVALID, 0),
    REQ("GET_VERSION with Param1 set", RS_IDLE, RQ_GET_VERSION, SET8(2, 1), INVALID, 0),
    REQ("GET_VERSION with garbage after it", RS_IDLE, RQ_GET_VERSION, APPEND(4), INVALID, 0),
    REQ("GET_VERSION cut to 3 bytes", RS_IDLE, RQ_GET_VERSION, KEEP(3), INVALID, 0),
    REQ("GET_CAPABILITIES DataTransferSize 41", RS_VERSIONED, RQ_GET_CAPS, SET32(12, 41), INVALID,
	0),
    REQ("GET_CAPABILITIES MaxSPDMmsgSize below DataTransferSize", RS_VERSIONED, RQ_GET_CAPS,
	SET32(16, 64), INVALID, 0),
    REQ("GET_CAPABILITIES with a responder-only flag", RS_VERSIONED, RQ_GET_CAPS, SET32(8, 0x01),
	INVALID, 0),
    REQ("GET_CAPABILITIES reserved byte set", RS_VERSIONED, RQ_GET_CAPS, SET8(4, 0x01), INVALID, 0),
    REQ("GET_CAPABILITIES cut to 12 bytes", RS_VERSIONED, RQ_GET_CAPS, KEEP(12), INVALID, 0),
    REQ_V("GET_CAPABILITIES 1.1 with the 1.2 fields", RS_VERSIONED, CSPDM_V11, RQ_GET_CAPS,
	  APPEND(8), INVALID, 0),

    /* ---- not requests at all -------------------------------------------------------------- */
    RAW("an empty message", RS_VCA, "", INVALID, 0),
    RAW("two bytes", RS_VCA, "12 81", INVALID, 0),
    RAW("a VERSION response as a request", RS_VCA, "12 04 00 00", INVALID, 0),
    RAW("an ERROR as a request", RS_VCA, "12 7f 01 00", INVALID, 0),
};

const size_t hx_n_rsp_cases = sizeof(hx_rsp_cases) / sizeof(hx_rsp_cases[0]);
