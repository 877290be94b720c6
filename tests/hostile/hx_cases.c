/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The requester-side catalogue: one row per hostile device. Columns: what happens, category,
 * the requester's highest version (0: 1.2), the setup (hostile.h HX_*), the fault, and the
 * status the requester must report. Offsets are in the response; H is the hash size (SHA-384
 * here: 48), signatures are P-256 (64 bytes). Unless a row says otherwise the device is our
 * responder with the honest P-256 identity in slot 0 and measurements.
 */
#include "hostile.h"

#include "cspdm/transport.h"

/* request codes whose answers are hit */
#define GV  SPDM_GET_VERSION
#define GCP SPDM_GET_CAPABILITIES
#define NEG SPDM_NEGOTIATE_ALGORITHMS
#define GDG SPDM_GET_DIGESTS
#define GCT SPDM_GET_CERTIFICATE
#define CHL SPDM_CHALLENGE
#define GMS SPDM_GET_MEASUREMENTS

/* clang-format off */
/* Faults, on the first answer to request rq unless an nth answer i is named (0: every one).
 * Offsets count from the start of the response, or from its end when negative. */
#define NOFAULT			{.kind = F_NONE}
#define TRUNC(rq, k)		TRUNC_N(rq, 1, k)
#define TRUNC_N(rq, i, k)	{.kind = F_TRUNC, .req = (rq), .nth = (i), .n = (k)}
#define KEEP(rq, k)		KEEP_N(rq, 1, k)
#define KEEP_N(rq, i, k)	{.kind = F_KEEP, .req = (rq), .nth = (i), .n = (k)}
#define APPEND(rq, k, b)	APPEND_N(rq, 1, k, b)
#define APPEND_N(rq, i, k, b)	{.kind = F_APPEND, .req = (rq), .nth = (i), .n = (k), .val = (b)}
#define SET8(rq, off, v)	SET_N(rq, 1, 1, off, v)
#define SET16(rq, off, v)	SET_N(rq, 1, 2, off, v)
#define SET32(rq, off, v)	SET_N(rq, 1, 4, off, v)
#define SET8_N(rq, i, off, v)	SET_N(rq, i, 1, off, v)
#define SET_N(rq, i, w, off, v)	{.kind = F_SET, .req = (rq), .nth = (i), .at = (off), \
				 .width = (w), .val = (uint32_t)(v)}
/* at off + H (the hash size) */
#define SETH(rq, w, off, v)	{.kind = F_SET, .req = (rq), .nth = 1, .at = (off), .nh = 1, \
				 .width = (w), .val = (v)}
#define ADD_N(rq, i, w, off, d)	{.kind = F_ADD, .req = (rq), .nth = (i), .at = (off), \
				 .width = (w), .val = (uint32_t)(d)}
#define XOR(rq, off, m)		XOR_N(rq, 1, off, m)
#define XOR_N(rq, i, off, m)	{.kind = F_XOR, .req = (rq), .nth = (i), .at = (off), .val = (m)}
#define XORH(rq, off, m)	{.kind = F_XOR, .req = (rq), .nth = 1, .at = (off), .nh = 1, \
				 .val = (m)}
#define FILL(rq, off, k, b)	{.kind = F_FILL, .req = (rq), .nth = 1, .at = (off), .n = (k), \
				 .val = (b)}
#define CUT(rq, off, k)		{.kind = F_CUT, .req = (rq), .nth = 1, .at = (off), .n = (k)}
#define REPLACE(rq, x)		{.kind = F_REPLACE, .req = (rq), .nth = 1, .hex = (x)}
#define DROP(rq)		{.kind = F_DROP, .req = (rq), .nth = 1}
#define DELAY(rq, us)		{.kind = F_DELAY, .req = (rq), .nth = 1, .val = (us)}
#define ERR_AT(rq, i, c, d)	{.kind = F_ERROR, .req = (rq), .nth = (i), .p1 = (c), .p2 = (d)}
/* ERROR c for the first k answers */
#define ERROR_FIRST(rq, k, c)	{.kind = F_ERROR, .req = (rq), .nth = 0, .n = (k), .p1 = (c)}
/* ResponseNotReady k times (0: forever) naming request rc (0: the real one), RDT 2^e us */
#define NOT_READY(rq, k, rc, e)	{.kind = F_NOT_READY, .req = (rq), .nth = 1, .n = (k), \
				 .p1 = (rc), .p2 = (e)}
#define HOOK(rq, i, fn, v)	{.kind = F_HOOK, .req = (rq), .nth = (i), .hook = (fn), .val = (v)}
/* the socket server's fault k */
#define WIRE(k, rq, i, v)	{.kind = (k), .req = (rq), .nth = (i), .val = (v)}

/* Rows: name, category, version, setup, fault, expected status (and field, or ErrorCode). */
#define SC(name, cat, ver, setup, fault, st) \
	{name, cat, ver, setup, fault, CSPDM_##st, NULL, 0, 0}
#define SCF(name, cat, ver, setup, fault, st, field) \
	{name, cat, ver, setup, fault, CSPDM_##st, field, 0, 0}
#define SCD(name, cat, ver, setup, fault, dev) \
	{name, cat, ver, setup, fault, CSPDM_E_DEVICE_ERROR, "ErrorCode", dev, 0}
/* a chain of hx_chains.c in slot 0, no other fault */
#define X509(name, chain, setup, st) \
	SC(name, HX_X509, 0, HX_CHAIN(chain) | (setup), NOFAULT, st)
/* clang-format on */

#define V10   CSPDM_V10
#define V11   CSPDM_V11
#define V13   CSPDM_V13
#define V14   CSPDM_V14
#define EACH  HX_MEAS_EACH
#define BIG   5000 /* bytes: more than our DataTransferSize */
#define MIB16 (16u * 1024u * 1024u)

/* a measurement fault on the first indexed (signed) MEASUREMENTS, one by one */
#define M_SET8(off, v)	SET_N(GMS, 2, 1, off, v)
#define M_SET16(off, v) SET_N(GMS, 2, 2, off, v)
#define M_XOR(off, m)	XOR_N(GMS, 2, off, m)

const struct hx_scenario hx_cases[] = {
    /* ---- every message: truncated, over-long, wrong code, wrong version, reserved, garbage */
    SC("VERSION truncated by one byte", HX_EVERY, 0, 0, TRUNC(GV, 1), E_TRUNCATED),
    SC("VERSION cut to its 4-byte header", HX_EVERY, 0, 0, KEEP(GV, 4), E_TRUNCATED),
    SC("VERSION cut to one byte", HX_EVERY, 0, 0, KEEP(GV, 1), E_TRUNCATED),
    SC("VERSION empty", HX_EVERY, 0, 0, KEEP(GV, 0), E_TRUNCATED),
    SC("VERSION over-long (5000 zero bytes after it)", HX_EVERY, 0, 0, APPEND(GV, BIG, 0),
       E_TRAILING),
    SC("VERSION with the CAPABILITIES response code", HX_EVERY, 0, 0, SET8(GV, 1, 0x61),
       E_RESPONSE_CODE),
    SC("VERSION with SPDMVersion 1.1", HX_EVERY, 0, 0, SET8(GV, 0, 0x11), E_VERSION_FIELD),
    SC("VERSION with its reserved byte set", HX_EVERY, 0, 0, SET8(GV, 4, 0x01), E_RESERVED),
    SC("VERSION with garbage after it", HX_EVERY, 0, 0, APPEND(GV, 7, 0xA5), E_TRAILING),
    SC("CAPABILITIES truncated by one byte", HX_EVERY, 0, 0, TRUNC(GCP, 1), E_TRUNCATED),
    SC("CAPABILITIES cut to its header", HX_EVERY, 0, 0, KEEP(GCP, 4), E_TRUNCATED),
    SC("CAPABILITIES over-long", HX_EVERY, 0, 0, APPEND(GCP, BIG, 0), E_TRAILING),
    SC("CAPABILITIES with the VERSION response code", HX_EVERY, 0, 0, SET8(GCP, 1, 0x04),
       E_RESPONSE_CODE),
    SC("CAPABILITIES with SPDMVersion 1.1 (1.2 chosen)", HX_EVERY, 0, 0, SET8(GCP, 0, 0x11),
       E_VERSION_FIELD),
    SC("CAPABILITIES with its reserved byte set", HX_EVERY, 0, 0, SET8(GCP, 4, 0x80), E_RESERVED),
    SC("CAPABILITIES with reserved bytes 6-7 set", HX_EVERY, 0, 0, SET16(GCP, 6, 0x0100),
       E_RESERVED),
    SC("CAPABILITIES with garbage after it", HX_EVERY, 0, 0, APPEND(GCP, 7, 0xA5), E_TRAILING),
    SC("ALGORITHMS truncated by one byte", HX_EVERY, 0, 0, TRUNC(NEG, 1), E_TRUNCATED),
    SC("ALGORITHMS cut to its header", HX_EVERY, 0, 0, KEEP(NEG, 4), E_TRUNCATED),
    SC("ALGORITHMS over-long", HX_EVERY, 0, 0, APPEND(NEG, BIG, 0), E_TRAILING),
    SC("ALGORITHMS with the CAPABILITIES response code", HX_EVERY, 0, 0, SET8(NEG, 1, 0x61),
       E_RESPONSE_CODE),
    SC("ALGORITHMS with SPDMVersion 1.3 (1.2 chosen)", HX_EVERY, 0, 0, SET8(NEG, 0, 0x13),
       E_VERSION_FIELD),
    SC("ALGORITHMS with reserved byte 24 set", HX_EVERY, 0, 0, SET8(NEG, 24, 0x01), E_RESERVED),
    SC("ALGORITHMS with reserved bytes 34-35 set", HX_EVERY, 0, 0, SET8(NEG, 35, 0x80), E_RESERVED),
    SC("ALGORITHMS with garbage after it", HX_EVERY, 0, 0, APPEND(NEG, 7, 0xA5), E_TRAILING),
    SC("DIGESTS truncated by one byte", HX_EVERY, 0, 0, TRUNC(GDG, 1), E_TRUNCATED),
    SC("DIGESTS cut to its header", HX_EVERY, 0, 0, KEEP(GDG, 4), E_TRUNCATED),
    SC("DIGESTS over-long", HX_EVERY, 0, 0, APPEND(GDG, BIG, 0), E_TRAILING),
    SC("DIGESTS with the CERTIFICATE response code", HX_EVERY, 0, 0, SET8(GDG, 1, 0x02),
       E_RESPONSE_CODE),
    SC("DIGESTS with SPDMVersion 1.3 (1.2 chosen)", HX_EVERY, 0, 0, SET8(GDG, 0, 0x13),
       E_VERSION_FIELD),
    SC("DIGESTS with reserved Param1 set (1.2)", HX_EVERY, 0, 0, SET8(GDG, 2, 0x01), E_RESERVED),
    SC("DIGESTS with garbage after it", HX_EVERY, 0, 0, APPEND(GDG, 7, 0xA5), E_TRAILING),
    SC("CERTIFICATE truncated by one byte", HX_EVERY, 0, 0, TRUNC(GCT, 1), E_TRUNCATED),
    SC("CERTIFICATE cut to its header", HX_EVERY, 0, 0, KEEP(GCT, 4), E_TRUNCATED),
    SC("CERTIFICATE over-long", HX_EVERY, 0, 0, APPEND(GCT, BIG, 0), E_TRAILING),
    SC("CERTIFICATE with the DIGESTS response code", HX_EVERY, 0, 0, SET8(GCT, 1, 0x01),
       E_RESPONSE_CODE),
    SC("CERTIFICATE with SPDMVersion 1.1 (1.2 chosen)", HX_EVERY, 0, 0, SET8(GCT, 0, 0x11),
       E_VERSION_FIELD),
    SC("CERTIFICATE with reserved Param2 set (1.2)", HX_EVERY, 0, 0, SET8(GCT, 3, 0x01),
       E_RESERVED),
    SC("CERTIFICATE with reserved Param1 bit 4 set", HX_EVERY, 0, 0, XOR(GCT, 2, 0x10), E_RESERVED),
    SC("CERTIFICATE with garbage after it", HX_EVERY, 0, 0, APPEND(GCT, 7, 0xA5), E_TRAILING),
    SC("CHALLENGE_AUTH truncated by one byte", HX_EVERY, 0, 0, TRUNC(CHL, 1), E_TRUNCATED),
    SC("CHALLENGE_AUTH cut to its header", HX_EVERY, 0, 0, KEEP(CHL, 4), E_TRUNCATED),
    SC("CHALLENGE_AUTH over-long", HX_EVERY, 0, 0, APPEND(CHL, BIG, 0), E_TRAILING),
    SC("CHALLENGE_AUTH with the CERTIFICATE response code", HX_EVERY, 0, 0, SET8(CHL, 1, 0x02),
       E_RESPONSE_CODE),
    SC("CHALLENGE_AUTH with SPDMVersion 1.1 (1.2 chosen)", HX_EVERY, 0, 0, SET8(CHL, 0, 0x11),
       E_VERSION_FIELD),
    SC("CHALLENGE_AUTH with reserved Param1 bit 5 set", HX_EVERY, 0, 0, XOR(CHL, 2, 0x20),
       E_RESERVED),
    SC("CHALLENGE_AUTH with garbage after it", HX_EVERY, 0, 0, APPEND(CHL, 7, 0xA5), E_TRAILING),
    SC("MEASUREMENTS truncated by one byte", HX_EVERY, 0, EACH, TRUNC_N(GMS, 2, 1), E_TRUNCATED),
    SC("MEASUREMENTS cut to its header", HX_EVERY, 0, EACH, KEEP_N(GMS, 2, 4), E_TRUNCATED),
    SC("MEASUREMENTS over-long", HX_EVERY, 0, EACH, APPEND_N(GMS, 2, BIG, 0), E_TRAILING),
    SC("MEASUREMENTS with the ALGORITHMS response code", HX_EVERY, 0, EACH, M_SET8(1, 0x63),
       E_RESPONSE_CODE),
    SC("MEASUREMENTS with SPDMVersion 1.1 (1.2 chosen)", HX_EVERY, 0, EACH, M_SET8(0, 0x11),
       E_VERSION_FIELD),
    SC("MEASUREMENTS with reserved Param2 bit 6 set", HX_EVERY, 0, EACH, M_XOR(3, 0x40),
       E_RESERVED),
    SC("MEASUREMENTS with Param1 set for an index", HX_EVERY, 0, EACH, M_XOR(2, 0x01), E_RESERVED),
    SC("MEASUREMENTS with garbage after it", HX_EVERY, 0, EACH, APPEND_N(GMS, 2, 7, 0xA5),
       E_TRAILING),
    SC("MEASUREMENTS count answer truncated", HX_EVERY, 0, EACH, TRUNC_N(GMS, 1, 1), E_TRUNCATED),
    SC("CAPABILITIES 1.0 truncated", HX_EVERY, V10, 0, TRUNC(GCP, 1), E_TRUNCATED),
    SC("CAPABILITIES 1.1 with the 1.2 size fields after it", HX_EVERY, V11, 0, APPEND(GCP, 8, 0),
       E_TRAILING),
    SC("CHALLENGE_AUTH 1.0 truncated", HX_EVERY, V10, 0, TRUNC(CHL, 1), E_TRUNCATED),
    SC("CHALLENGE_AUTH 1.3 without its RequesterContext", HX_EVERY, V13, 0, CUT(CHL, -72, 8),
       E_TRUNCATED),
    SC("DIGESTS 1.3 truncated", HX_EVERY, V13, 0, TRUNC(GDG, 1), E_TRUNCATED),
    SC("CERTIFICATE 1.4 with garbage after it", HX_EVERY, V14, 0, APPEND(GCT, 7, 0xA5), E_TRAILING),
    SC("CHALLENGE_AUTH with 3 zero bytes of DOE padding (tolerated)", HX_EVERY, 0, HX_PAD3,
       APPEND(CHL, 3, 0), OK),
    SC("CHALLENGE_AUTH with 4 zero bytes (more than DOE pads)", HX_EVERY, 0, HX_PAD3,
       APPEND(CHL, 4, 0), E_TRAILING),
    SC("CHALLENGE_AUTH with 3 non-zero padding bytes", HX_EVERY, 0, HX_PAD3, APPEND(CHL, 3, 0xA5),
       E_TRAILING),
    SC("CERTIFICATE with 3 zero bytes of padding (tolerated)", HX_EVERY, 0, HX_PAD3,
       APPEND(GCT, 3, 0), OK),
    SC("ALGORITHMS with 3 zero bytes of padding (tolerated)", HX_EVERY, 0, HX_PAD3,
       APPEND(NEG, 3, 0), OK),
    SC("MEASUREMENTS with 3 zero bytes of padding (tolerated)", HX_EVERY, 0, HX_PAD3 | EACH,
       APPEND_N(GMS, 2, 3, 0), OK),

    /* ---- version and capabilities ------------------------------------------------------- */
    SC("VERSION lists only 1.5", HX_VCA, 0, 0, REPLACE(GV, "10 04 00 00 00 01 00 15"),
       E_NO_COMMON_VERSION),
    SC("VERSION lists only 1.3 and 1.4, we offer up to 1.2", HX_VCA, 0, 0,
       REPLACE(GV, "10 04 00 00 00 02 00 13 00 14"), E_NO_COMMON_VERSION),
    SC("device speaks 1.0-1.1, we accept 1.2+", HX_VCA, 0, HX_MIN_12 | HX_DEV_MAX_11, NOFAULT,
       E_NO_COMMON_VERSION),
    SC("CAPABILITIES in 1.4, a version we never offered", HX_VCA, 0, 0, SET8(GCP, 0, 0x14),
       E_VERSION_FIELD),
    SC("ALGORITHMS in 1.0 after 1.2 was chosen", HX_VCA, 0, 0, SET8(NEG, 0, 0x10), E_VERSION_FIELD),
    SC("VersionNumberEntryCount 0", HX_VCA, 0, 0, REPLACE(GV, "10 04 00 00 00 00"), E_COUNT),
    SC("VersionNumberEntryCount 33", HX_VCA, 0, 0, REPLACE(GV, "10 04 00 00 00 21 00 12"), E_COUNT),
    SC("VersionNumberEntryCount 255", HX_VCA, 0, 0, REPLACE(GV, "10 04 00 00 00 ff 00 12"),
       E_COUNT),
    SC("VersionNumberEntryCount 8, two entries", HX_VCA, 0, 0,
       REPLACE(GV, "10 04 00 00 00 08 00 11 00 12"), E_TRUNCATED),
    SC("VERSION entry with update/alpha bits: accepted, but not what was signed", HX_VCA, 0, 0,
       REPLACE(GV, "10 04 00 00 00 01 f3 12"), E_SIGNATURE),
    SC("VERSION listing 1.2 three times: accepted, but not what was signed", HX_VCA, 0, 0,
       REPLACE(GV, "10 04 00 00 00 03 00 12 00 12 00 12"), E_SIGNATURE),
    SCF("MEAS_CAP = 3", HX_VCA, 0, 0, SET32(GCP, 8, 0x1E), E_CAPABILITIES, "Flags.MEAS_CAP"),
    SCF("KEY_EX_CAP without ENCRYPT_CAP or MAC_CAP", HX_VCA, 0, 0, SET32(GCP, 8, 0x216),
	E_CAPABILITIES, "Flags.KEY_EX_CAP"),
    SC("ENCRYPT_CAP without KEY_EX_CAP or PSK_CAP", HX_VCA, 0, 0, SET32(GCP, 8, 0x56),
       E_CAPABILITIES),
    SCF("PSK_CAP = 3", HX_VCA, 0, 0, SET32(GCP, 8, 0xC16), E_CAPABILITIES, "Flags.PSK_CAP"),
    SC("CERT_CAP together with PUB_KEY_ID_CAP", HX_VCA, 0, 0, SET32(GCP, 8, 0x10016),
       E_CAPABILITIES),
    SC("HANDSHAKE_IN_THE_CLEAR_CAP without KEY_EX_CAP", HX_VCA, 0, 0, SET32(GCP, 8, 0x8016),
       E_CAPABILITIES),
    SC("MULTI_KEY_CAP = 3 (1.3)", HX_VCA, V13, 0, SET32(GCP, 8, 0x0C000016), E_CAPABILITIES),
    SCF("no CERT_CAP", HX_VCA, 0, 0, SET32(GCP, 8, 0x14), E_CAPABILITIES, "Flags.CERT_CAP"),
    SCF("no CHAL_CAP", HX_VCA, 0, 0, SET32(GCP, 8, 0x12), E_CAPABILITIES, "Flags.CHAL_CAP"),
    SC("a flag 1.2 does not define (bit 22)", HX_VCA, 0, 0, SET32(GCP, 8, 0x400016), E_RESERVED),
    SC("a flag 1.0 does not define (ENCRYPT_CAP)", HX_VCA, V10, 0, SET32(GCP, 8, 0x56), E_RESERVED),
    SC("DataTransferSize 41", HX_VCA, 0, 0, SET32(GCP, 12, 41), E_FIELD),
    SC("MaxSPDMmsgSize below DataTransferSize", HX_VCA, 0, 0, SET32(GCP, 16, 64), E_FIELD),
    SC("KEY_EX_CAP, no DHE selected: we did not ask for KEY_EX (tolerated)", HX_VCA, 0,
       HX_DEV_KEY_EX, NOFAULT, OK),

    /* ---- ALGORITHMS ---------------------------------------------------------------------- */
    SCF("BaseAsymSel: none", HX_ALGS, 0, 0, SET32(NEG, 12, 0), E_ALGORITHM, "BaseAsymSel"),
    SC("BaseAsymSel: P-256 and P-384", HX_ALGS, 0, 0, SET32(NEG, 12, 0x90), E_ALGORITHM),
    SC("BaseAsymSel: SM2, never offered", HX_ALGS, 0, 0, SET32(NEG, 12, 0x200), E_ALGORITHM),
    SC("BaseAsymSel: P-384 when we offered P-256 only", HX_ALGS, 0, HX_P256_ONLY,
       SET32(NEG, 12, 0x80), E_ALGORITHM),
    SCF("BaseHashSel: none", HX_ALGS, 0, 0, SET32(NEG, 16, 0), E_ALGORITHM, "BaseHashSel"),
    SC("BaseHashSel: SHA-256 and SHA-384", HX_ALGS, 0, 0, SET32(NEG, 16, 0x03), E_ALGORITHM),
    SC("BaseHashSel: SM3, never offered", HX_ALGS, 0, 0, SET32(NEG, 16, 0x40), E_ALGORITHM),
    SC("MeasurementHashAlgo: none, though MEAS_CAP", HX_ALGS, 0, 0, SET32(NEG, 8, 0), E_ALGORITHM),
    SC("MeasurementHashAlgo: two", HX_ALGS, 0, 0, SET32(NEG, 8, 0x06), E_ALGORITHM),
    SC("MeasurementHashAlgo without MEAS_CAP", HX_ALGS, 0, HX_DEV_NO_MEAS, SET32(NEG, 8, 0x04),
       E_ALGORITHM),
    SC("MeasurementSpecificationSel never offered", HX_ALGS, 0, 0, SET8(NEG, 6, 0x02), E_ALGORITHM),
    SC("MeasurementSpecificationSel: two", HX_ALGS, 0, 0, SET8(NEG, 6, 0x03), E_ALGORITHM),
    SC("OtherParamsSelection: two opaque formats", HX_ALGS, 0, 0, SET8(NEG, 7, 0x03), E_ALGORITHM),
    SC("OtherParamsSelection: reserved bit 7", HX_ALGS, 0, 0, SET8(NEG, 7, 0x82), E_RESERVED),
    SC("PQCAsymSel before 1.4", HX_ALGS, 0, 0, SET32(NEG, 20, 0x01), E_RESERVED),
    SC("PQCAsymSel never offered (1.4)", HX_ALGS, V14, 0, SET32(NEG, 20, 0x01), E_ALGORITHM),
    SC("MELspecificationSel before 1.3", HX_ALGS, 0, 0, SET8(NEG, 31, 0x01), E_RESERVED),
    SC("DHE: two groups", HX_ALGS, 0, 0, SET16(NEG, 38, 0x18), E_ALGORITHM),
    SC("DHE: a group never offered", HX_ALGS, 0, 0, SET16(NEG, 38, 0x40), E_ALGORITHM),
    SC("AEAD: a suite never offered", HX_ALGS, 0, 0, SET16(NEG, 42, 0x08), E_ALGORITHM),
    SC("KeySchedule never offered", HX_ALGS, 0, 0, SET16(NEG, 50, 0x02), E_ALGORITHM),
    SC("AlgStruct with an external algorithm", HX_ALGS, 0, 0, SET8(NEG, 37, 0x21), E_ALGORITHM),
    SC("AlgStruct fixed algorithm width 3", HX_ALGS, 0, 0, SET8(NEG, 37, 0x30), E_COUNT),
    SC("AlgStruct AlgType 1", HX_ALGS, 0, 0, SET8(NEG, 36, 0x01), E_FIELD),
    SC("AlgStruct AlgType repeated", HX_ALGS, 0, 0, SET8(NEG, 40, 0x02), E_FIELD),
    SC("AlgStruct AlgTypes descending", HX_ALGS, 0, 0, SET8(NEG, 48, 0x03), E_FIELD),
    SCF("Length one more than the message", HX_ALGS, 0, 0, ADD_N(NEG, 1, 2, 4, 1), E_LENGTH,
	"Length"),
    SC("Length one less than the message", HX_ALGS, 0, 0, ADD_N(NEG, 1, 2, 4, -1), E_LENGTH),
    SC("Length 0xFFFF", HX_ALGS, 0, 0, SET16(NEG, 4, 0xFFFF), E_LENGTH),
    SCF("Param1: 5 AlgStructs (1.2 has 4 types)", HX_ALGS, 0, 0, SET8(NEG, 2, 5), E_COUNT,
	"Param1"),
    SC("Param1: 5 AlgStructs, 4 present (1.4)", HX_ALGS, V14, 0, SET8(NEG, 2, 5), E_TRUNCATED),
    SC("Param1: 4 AlgStructs, 3 present", HX_ALGS, 0, 0, TRUNC(NEG, 4), E_TRUNCATED),
    SC("Param1: 3 AlgStructs, 4 present", HX_ALGS, 0, 0, SET8(NEG, 2, 3), E_TRAILING),
    SC("Param1: 7 AlgStructs", HX_ALGS, 0, 0, SET8(NEG, 2, 7), E_COUNT),
    SC("Param1: AlgStructs in 1.0", HX_ALGS, V10, 0, SET8(NEG, 2, 4), E_COUNT),
    SC("ExtAsymSelCount 1, never offered", HX_ALGS, 0, 0, HOOK(NEG, 1, hk_ext_asym, 0),
       E_ALGORITHM),

    /* ---- DIGESTS: the slot mask against the digest count (popcount) ------------------------ */
    SC("slot mask 0x03, one digest", HX_DIGESTS, 0, 0, SET8(GDG, 3, 0x03), E_TRUNCATED),
    SC("slot mask 0xFF, one digest", HX_DIGESTS, 0, 0, SET8(GDG, 3, 0xFF), E_TRUNCATED),
    SC("slot mask 0x00, one digest", HX_DIGESTS, 0, 0, SET8(GDG, 3, 0x00), E_TRAILING),
    SC("slot mask 0x01, two digests", HX_DIGESTS, 0, 0, HOOK(GDG, 1, hk_two_digests, 0),
       E_TRAILING),
    SC("slot mask 0x03, two digests: accepted, but not what was signed", HX_DIGESTS, 0, 0,
       HOOK(GDG, 1, hk_two_digests, 1), E_SIGNATURE),
    SCF("slot 1 instead of slot 0", HX_DIGESTS, 0, 0, SET8(GDG, 3, 0x02), E_SLOT,
	"Param2 (SlotMask)"),
    SCF("we ask for slot 1, the device has only slot 0", HX_DIGESTS, 0, HX_SLOT1, NOFAULT, E_SLOT,
	"Param2 (SlotMask)"),
    SC("provisioned slot outside SupportedSlotMask (1.3)", HX_DIGESTS, V13, 0, SET8(GDG, 3, 0x03),
       E_SLOT),
    SCF("slot 0 digest differs from the chain", HX_DIGESTS, 0, 0, XOR(GDG, 4, 0x01), E_CHAIN_DIGEST,
	"Digest"),

    /* ---- CERTIFICATE: portions, remainders and the chain format ------------------------- */
    SC("PortionLength + RemainderLength wrap 16 bits", HX_CERT, 0, HX_SMALL_DTS,
       SET16(GCT, 6, 0xFFFF), E_CERT_REMAINDER),
    SC("a portion one byte longer than requested", HX_CERT, 0, HX_SMALL_DTS, SET16(GCT, 4, 249),
       E_CERT_PORTION),
    SC("PortionLength 0xFFFF", HX_CERT, 0, 0, SET16(GCT, 4, 0xFFFF), E_CERT_PORTION),
    SC("RemainderLength grows", HX_CERT, 0, HX_SMALL_DTS, ADD_N(GCT, 2, 2, 6, 16),
       E_CERT_REMAINDER),
    SC("RemainderLength shrinks", HX_CERT, 0, HX_SMALL_DTS, ADD_N(GCT, 2, 2, 6, -16),
       E_CERT_REMAINDER),
    SC("RemainderLength 0 before the end", HX_CERT, 0, HX_SMALL_DTS, SET_N(GCT, 2, 2, 6, 0),
       E_CERT_REMAINDER),
    SC("zero-length portions forever", HX_CERT, 0, 0, HOOK(GCT, 0, hk_cert_empty, 0),
       E_CERT_PORTION),
    SC("a zero-length third portion", HX_CERT, 0, HX_SMALL_DTS, HOOK(GCT, 3, hk_cert_empty, 0),
       E_CERT_PORTION),
    SC("a total larger than the caller's storage", HX_CERT, 0, HX_SMALL_DTS, SET16(GCT, 6, 0xF000),
       E_CERT_TOO_LARGE),
    SC("CERTIFICATE for slot 1", HX_CERT, 0, 0, SET8(GCT, 2, 0x01), E_SLOT),
    SC("LargeCertChain not asked for (1.4)", HX_CERT, V14, 0, XOR(GCT, 2, 0x80), E_FIELD),
    SC("chain header Length wrong", HX_CERT, 0, 0, XOR(GCT, 8, 0x01), E_CERT_CHAIN_FORMAT),
    SC("chain header Length wrong (1.4, 32 bits)", HX_CERT, V14, 0, XOR(GCT, 11, 0x01),
       E_CERT_CHAIN_FORMAT),
    SC("chain header Reserved set", HX_CERT, 0, 0, SET8(GCT, 10, 0x01), E_RESERVED),
    SCF("RootHash mismatch", HX_CERT, 0, 0, XOR(GCT, 12, 0x01), E_ROOT_HASH, "CertChain.RootHash"),
    SC("first certificate not a SEQUENCE", HX_CERT, 0, 0, XORH(GCT, 12, 0x01), E_CERT_CHAIN_FORMAT),
    SC("first certificate with a 5-byte length", HX_CERT, 0, 0, SETH(GCT, 1, 13, 0x85),
       E_CERT_CHAIN_FORMAT),
    SC("a leaf byte changed (chain digest differs)", HX_CERT, 0, 0, XOR(GCT, -1, 0x01),
       E_CHAIN_DIGEST),
    SC("RemainderLength grows (1.0, 1024-byte portions)", HX_CERT, V10, 0, ADD_N(GCT, 2, 2, 6, 1),
       E_CERT_REMAINDER),
    SC("a portion over the 1024 bytes asked (1.0)", HX_CERT, V10, 0, SET16(GCT, 4, 1025),
       E_CERT_PORTION),

    /* ---- X.509: chains built by the test --------------------------------------------------- */
    X509("our own well-formed chain (control)", CH_GOOD, HX_SAN, OK),
    X509("expired leaf", CH_EXPIRED, 0, E_X509_VALIDITY),
    X509("leaf not yet valid", CH_NOT_YET, 0, E_X509_VALIDITY),
    X509("expired intermediate", CH_INTER_EXPIRED, 0, E_X509_VALIDITY),
    X509("leaf with CA=true", CH_LEAF_CA, 0, E_X509_CA),
    X509("leaf with keyCertSign", CH_LEAF_CERTSIGN, 0, E_X509_KEY_USAGE),
    X509("leaf without digitalSignature", CH_LEAF_NO_DIGSIG, 0, E_X509_KEY_USAGE),
    X509("leaf without keyUsage", CH_LEAF_NO_KU, 0, E_X509_KEY_USAGE),
    X509("intermediate with CA=false", CH_INTER_NOT_CA, 0, E_X509_CA),
    X509("intermediate without keyCertSign", CH_INTER_NO_CERTSIGN, 0, E_X509_CA),
    X509("trusted root with CA=false", CH_ROOT_NOT_CA, 0, E_X509_CA),
    X509("missing SAN", CH_NO_SAN, HX_SAN, E_X509_SAN),
    X509("SAN in the wrong case", CH_SAN_CASE, HX_SAN, E_X509_SAN),
    X509("SAN under another OID", CH_SAN_OID, HX_SAN, E_X509_SAN),
    X509("SAN as an IA5String", CH_SAN_IA5, HX_SAN, E_X509_SAN),
    X509("SAN as a DNS name", CH_SAN_DNS, HX_SAN, E_X509_SAN),
    X509("SAN with a trailing NUL", CH_SAN_NUL, HX_SAN, E_X509_SAN),
    X509("a wrong SAN and the right one (tolerated)", CH_SAN_TWO, HX_SAN, OK),
    X509("RSA-1024 leaf", CH_RSA1024, 0, E_X509_KEY),
    X509("RSA-1024 intermediate", CH_RSA1024_INTER, 0, E_X509_KEY),
    X509("P-384 leaf for P-256", CH_P384_LEAF, 0, E_X509_KEY),
    X509("20-deep chain", CH_DEEP20, 0, E_X509_DEPTH),
    X509("9-deep chain (limit 8)", CH_DEEP9, 0, E_X509_DEPTH),
    X509("8-deep chain (at the limit)", CH_DEEP8, 0, OK),
    X509("leaf signed by another key", CH_BAD_SIG, 0, E_X509_SIGNATURE),
    X509("chain from an unknown root", CH_UNTRUSTED, 0, E_X509_UNTRUSTED),
    X509("malformed DER (TBSCertificate is a SET)", CH_MALFORMED, 0, E_X509_PARSE),
    X509("length bomb: leaf claims 2^31 bytes inside", CH_BOMB_LEN_LEAF, 0, E_X509_PARSE),
    X509("nesting bomb: 800 SEQUENCEs deep", CH_BOMB_NEST_LEAF, 0, E_X509_PARSE),
    X509("length bomb as the root", CH_BOMB_LEN_ROOT, 0, E_X509_PARSE),
    X509("a stray DER object after the leaf", CH_TRAILING, 0, E_X509_PARSE),

    /* ---- CHALLENGE_AUTH ------------------------------------------------------------------ */
    SC("re-signed over the right transcript (control)", HX_CHAL, 0, 0,
       HOOK(CHL, 1, hk_resign, RS_HONEST), OK),
    SC("with opaque data, re-signed (control)", HX_CHAL, 0, 0, HOOK(CHL, 1, hk_resign, RS_OPAQUE),
       OK),
    SC("re-signed over the right transcript, 1.0 (control)", HX_CHAL, V10, 0,
       HOOK(CHL, 1, hk_resign, RS_HONEST), OK),
    SC("re-signed over the right transcript, 1.3 (control)", HX_CHAL, V13, HX_REQCTX,
       HOOK(CHL, 1, hk_resign, RS_HONEST), OK),
    SC("re-signed with a summary hash, 1.4 (control)", HX_CHAL, V14, HX_SUMMARY,
       HOOK(CHL, 1, hk_resign, RS_HONEST), OK),
    SC("signature over a transcript without VCA", HX_CHAL, 0, 0, HOOK(CHL, 1, hk_resign, RS_NO_VCA),
       E_SIGNATURE),
    SC("signature over a transcript without VCA (1.0)", HX_CHAL, V10, 0,
       HOOK(CHL, 1, hk_resign, RS_NO_VCA), E_SIGNATURE),
    SC("signature without the combined SPDM prefix", HX_CHAL, 0, 0,
       HOOK(CHL, 1, hk_resign, RS_NO_PREFIX), E_SIGNATURE),
    SC("signature with the measurements context", HX_CHAL, 0, 0,
       HOOK(CHL, 1, hk_resign, RS_MEAS_CTX), E_SIGNATURE),
    SC("signature with another version's prefix", HX_CHAL, 0, 0,
       HOOK(CHL, 1, hk_resign, RS_V13_PREFIX), E_SIGNATURE),
    SC("signature by another key", HX_CHAL, 0, 0, HOOK(CHL, 1, hk_resign, RS_OTHER_KEY),
       E_SIGNATURE),
    SCF("signature with one bit flipped", HX_CHAL, 0, 0, XOR(CHL, -1, 0x01), E_SIGNATURE,
	"Signature"),
    SC("signature all zero", HX_CHAL, 0, 0, FILL(CHL, -64, 64, 0), E_SIGNATURE),
    SC("replayed from an earlier nonce", HX_CHAL, 0, HX_PRIME, HOOK(CHL, 1, hk_replay, 0),
       E_SIGNATURE),
    SCF("our own nonce echoed", HX_CHAL, 0, 0, HOOK(CHL, 1, hk_echo_nonce, 0), E_NONCE, "Nonce"),
    SCF("CertChainHash of another chain", HX_CHAL, 0, 0, XOR(CHL, 4, 0x01), E_CHAIN_DIGEST,
	"CertChainHash"),
    SC("SlotID 1", HX_CHAL, 0, 0, SET8(CHL, 2, 0x01), E_SLOT),
    SC("SlotMask without our slot", HX_CHAL, 0, 0, SET8(CHL, 3, 0x02), E_SLOT),
    SC("BasicMutAuthReq set", HX_CHAL, 0, 0, SET8(CHL, 2, 0x80), E_FIELD),
    SC("summary hash 16 bytes short", HX_CHAL, 0, HX_SUMMARY, HOOK(CHL, 1, hk_summary, SUM_SHORT),
       E_TRUNCATED),
    SC("summary hash 16 bytes long", HX_CHAL, 0, HX_SUMMARY, HOOK(CHL, 1, hk_summary, SUM_LONG),
       E_TRAILING),
    SC("summary hash missing, though asked for", HX_CHAL, 0, HX_SUMMARY,
       HOOK(CHL, 1, hk_summary, SUM_ABSENT), E_TRUNCATED),
    SC("summary hash present, not asked for", HX_CHAL, 0, 0, HOOK(CHL, 1, hk_summary, SUM_PRESENT),
       E_TRAILING),
    SC("summary hash changed after signing", HX_CHAL, 0, HX_SUMMARY, XORH(CHL, 36, 0x01),
       E_SIGNATURE),
    SC("OpaqueDataLength beyond the message", HX_CHAL, 0, 0, SETH(CHL, 2, 36, 0x0100), E_TRUNCATED),
    SCF("OpaqueDataLength 0xFFFF", HX_CHAL, 0, 0, SETH(CHL, 2, 36, 0xFFFF), E_LENGTH,
	"OpaqueDataLength"),
    SCF("RequesterContext differs (1.3)", HX_CHAL, V13, HX_REQCTX, XOR(CHL, -72, 0x01), E_FIELD,
	"RequesterContext"),

    /* ---- MEASUREMENTS (one by one, signed: answer 1 is the count, 2 the first index) ------ */
    SC("NumberOfBlocks 0 for an index", HX_MEAS, 0, EACH, M_SET8(4, 0), E_COUNT),
    SC("NumberOfBlocks 0xFF for an index", HX_MEAS, 0, EACH, M_SET8(4, 0xFF), E_COUNT),
    SC("NumberOfBlocks 2 for an index", HX_MEAS, 0, EACH, M_SET8(4, 2), E_COUNT),
    SC("NumberOfBlocks 1 for the count", HX_MEAS, 0, EACH, SET8_N(GMS, 1, 4, 1), E_COUNT),
    SC("all: NumberOfBlocks 6 for 7 blocks", HX_MEAS, 0, HX_MEAS_ALL, SET8(GMS, 4, 6), E_COUNT),
    SC("all: NumberOfBlocks 8 for 7 blocks", HX_MEAS, 0, HX_MEAS_ALL, SET8(GMS, 4, 8), E_COUNT),
    SC("all: NumberOfBlocks 0", HX_MEAS, 0, HX_MEAS_ALL, SET8(GMS, 4, 0), E_COUNT),
    SC("MeasurementRecordLength 0xFFFFFF", HX_MEAS, 0, EACH, SET_N(GMS, 2, 3, 5, 0xFFFFFF),
       E_TRUNCATED),
    SC("MeasurementSize 0xFFFF overflows the record", HX_MEAS, 0, EACH, M_SET16(10, 0xFFFF),
       E_LENGTH),
    SC("MeasurementSize one short", HX_MEAS, 0, EACH, ADD_N(GMS, 2, 2, 10, -1), E_LENGTH),
    SC("DMTF value size overflows the block", HX_MEAS, 0, EACH, M_SET16(13, 0x0100), E_LENGTH),
    SCF("a stray byte after the DMTF value", HX_MEAS, 0, EACH, HOOK(GMS, 2, hk_meas_pad, 0),
	E_LENGTH, "DMTFSpecMeasurementValueSize"),
    SC("the block of another index", HX_MEAS, 0, EACH, M_SET8(8, 5), E_FIELD),
    SC("block MeasurementSpecification 0", HX_MEAS, 0, EACH, M_SET8(9, 0), E_FIELD),
    SC("all: one index twice", HX_MEAS, 0, HX_MEAS_ALL, HOOK(GMS, 1, hk_meas_dup, 0), E_FIELD),
    SCF("an index answered with two blocks", HX_MEAS, 0, EACH, HOOK(GMS, 2, hk_meas_dup, 1),
	E_COUNT, "NumberOfBlocks"),
    SC("signature with one bit flipped", HX_MEAS, 0, EACH, M_XOR(-1, 0x01), E_SIGNATURE),
    SC("all: signature with one bit flipped", HX_MEAS, 0, HX_MEAS_ALL, XOR(GMS, -1, 0x01),
       E_SIGNATURE),
    SC("signature with one bit flipped (1.0)", HX_MEAS, V10, EACH, M_XOR(-1, 0x01), E_SIGNATURE),
    SC("replayed from an earlier run", HX_MEAS, 0, EACH | HX_PRIME, HOOK(GMS, 2, hk_replay, 0),
       E_SIGNATURE),
    SCF("our own nonce echoed", HX_MEAS, 0, EACH, HOOK(GMS, 2, hk_echo_nonce, 0), E_NONCE, "Nonce"),
    SC("SlotID 1 in Param2", HX_MEAS, 0, EACH, M_SET8(3, 0x01), E_SLOT),
    SC("content-changed bits in 1.1", HX_MEAS, V11, EACH, M_SET8(3, 0x10), E_RESERVED),
    SC("OpaqueDataLength beyond the message", HX_MEAS, 0, EACH, M_SET16(-66, 0x0100), E_TRUNCATED),
    SC("RequesterContext differs (1.3)", HX_MEAS, V13, EACH | HX_REQCTX, M_XOR(-72, 0x01), E_FIELD),
    SC("signature missing", HX_MEAS, 0, EACH, TRUNC_N(GMS, 2, 64), E_TRUNCATED),
    SC("the count says 255 measurements, unsigned (tolerated, ends)", HX_MEAS, 0, HX_MEAS_NOSIG,
       SET8_N(GMS, 1, 2, 0xFF), OK),
    SC("the count says 255, signed: the count is in L1/L2", HX_MEAS, 0, EACH,
       SET8_N(GMS, 1, 2, 0xFF), E_SIGNATURE),
    SC("index 3 missing: InvalidRequest (tolerated, skipped)", HX_MEAS, 0, EACH,
       ERR_AT(GMS, 4, SPDM_ERR_INVALID_REQUEST, 0), OK),
    SCD("UnexpectedRequest for index 2", HX_MEAS, 0, EACH,
	ERR_AT(GMS, 3, SPDM_ERR_UNEXPECTED_REQUEST, 0), SPDM_ERR_UNEXPECTED_REQUEST),

    /* ---- ERROR storms, drops and delays -------------------------------------------------- */
    SCF("ResponseNotReady forever (CHALLENGE)", HX_ERRORS, 0, 0, NOT_READY(CHL, 0, 0, 10),
	E_NOT_READY, "ErrorCode"),
    /* refused at once: before VERSION there is no version to send RESPOND_IF_READY in */
    SCF("ResponseNotReady to GET_VERSION", HX_ERRORS, 0, 0, NOT_READY(GV, 0, 0, 10), E_NOT_READY,
	"ErrorCode (not for GET_VERSION)"),
    SC("ResponseNotReady 8 times, then the answer", HX_ERRORS, 0, 0, NOT_READY(CHL, 8, 0, 10), OK),
    SC("ResponseNotReady 9 times", HX_ERRORS, 0, 0, NOT_READY(CHL, 9, 0, 10), E_NOT_READY),
    SC("ResponseNotReady with RDTExponent 26 (tolerated)", HX_ERRORS, 0, 0,
       NOT_READY(CHL, 1, 0, 26), OK),
    SCF("ResponseNotReady with RDTExponent 27", HX_ERRORS, 0, 0, NOT_READY(CHL, 1, 0, 27),
	E_NOT_READY, "RDTExponent"),
    SCF("ResponseNotReady naming another request", HX_ERRORS, 0, 0, NOT_READY(CHL, 1, GDG, 10),
	E_NOT_READY, "RequestCode"),
    SC("the device's own ResponseNotReady (CHALLENGE)", HX_ERRORS, 0, HX_DEV_NR_CHAL, NOFAULT, OK),
    SC("the device's own ResponseNotReady for every portion", HX_ERRORS, 0,
       HX_DEV_NR_CERT | HX_SMALL_DTS, NOFAULT, OK),
    SCD("ResponseNotReady token changed: RESPOND_IF_READY refused", HX_ERRORS, 0, HX_DEV_NR_CHAL,
	XOR(CHL, 6, 0x55), SPDM_ERR_UNEXPECTED_REQUEST),
    SC("ResponseNotReady without its extended data", HX_ERRORS, 0, HX_DEV_NR_CHAL, KEEP(CHL, 4),
       E_TRUNCATED),
    SC("ResponseNotReady with garbage after it", HX_ERRORS, 0, HX_DEV_NR_CHAL, APPEND(CHL, 3, 0xA5),
       E_TRAILING),
    SC("ResponseNotReady with SPDMVersion 1.1", HX_ERRORS, 0, HX_DEV_NR_CHAL, SET8(CHL, 0, 0x11),
       E_VERSION_FIELD),
    SCF("Busy forever (GET_DIGESTS)", HX_ERRORS, 0, 0, ERR_AT(GDG, 0, SPDM_ERR_BUSY, 0), E_BUSY,
	"ErrorCode"),
    SC("Busy forever (GET_VERSION)", HX_ERRORS, 0, 0, ERR_AT(GV, 0, SPDM_ERR_BUSY, 0), E_BUSY),
    SC("Busy 3 times, then the answer", HX_ERRORS, 0, 0, ERROR_FIRST(GDG, 3, SPDM_ERR_BUSY), OK),
    SC("RequestResynch forever", HX_ERRORS, 0, 0, ERR_AT(CHL, 0, SPDM_ERR_REQUEST_RESYNCH, 0),
       E_RESYNCH),
    SC("RequestResynch once", HX_ERRORS, 0, 0, ERR_AT(CHL, 1, SPDM_ERR_REQUEST_RESYNCH, 0), OK),
    SCD("Unspecified for GET_CAPABILITIES", HX_ERRORS, 0, 0,
	ERR_AT(GCP, 1, SPDM_ERR_UNSPECIFIED, 0), SPDM_ERR_UNSPECIFIED),
    SCD("InvalidRequest for GET_DIGESTS", HX_ERRORS, 0, 0,
	ERR_AT(GDG, 1, SPDM_ERR_INVALID_REQUEST, 0), SPDM_ERR_INVALID_REQUEST),
    /* no chunk storage, so no CHUNK_CAP of ours: a LargeResponse is the device's error */
    {"LargeResponse for GET_CERTIFICATE", HX_ERRORS, 0, 0,
     ERR_AT(GCT, 1, SPDM_ERR_LARGE_RESPONSE, 1), CSPDM_E_DEVICE_ERROR,
     "ErrorCode (LargeResponse without CHUNK_CAP)", SPDM_ERR_LARGE_RESPONSE, 0},
    SCD("vendor-defined error for CHALLENGE", HX_ERRORS, 0, 0,
	ERR_AT(CHL, 1, SPDM_ERR_VENDOR_DEFINED, 0), SPDM_ERR_VENDOR_DEFINED),
    SCD("ERROR with 32 bytes of extended data", HX_ERRORS, 0, 0,
	REPLACE(GDG, "12 7f 05 00 0102030405060708090a0b0c0d0e0f10"
		     "1112131415161718191a1b1c1d1e1f20"),
	SPDM_ERR_UNSPECIFIED),
    SC("ERROR with 33 bytes of extended data", HX_ERRORS, 0, 0,
       REPLACE(GDG, "12 7f 05 00 0102030405060708090a0b0c0d0e0f10"
		    "1112131415161718191a1b1c1d1e1f2021"),
       E_LENGTH),
    SC("ERROR with SPDMVersion 1.1", HX_ERRORS, 0, 0, REPLACE(GDG, "11 7f 05 00"), E_VERSION_FIELD),
    SC("ERROR cut to 3 bytes", HX_ERRORS, 0, 0, REPLACE(GDG, "12 7f 05"), E_TRUNCATED),
    SC("no answer to CHALLENGE", HX_ERRORS, 0, 0, DROP(CHL), E_TIMEOUT),
    SC("no answer to GET_VERSION", HX_ERRORS, 0, 0, DROP(GV), E_TIMEOUT),
    SC("CHALLENGE_AUTH after 3 s (beyond RTT + 2^CT)", HX_ERRORS, 0, 0, DELAY(CHL, 3000000),
       E_TIMEOUT),
    SC("CHALLENGE_AUTH after 0.9 s (tolerated)", HX_ERRORS, 0, 0, DELAY(CHL, 900000), OK),
    SC("DIGESTS after 1.2 s (beyond RTT + ST1)", HX_ERRORS, 0, 0, DELAY(GDG, 1200000), E_TIMEOUT),
    SC("DIGESTS after 1 s (tolerated)", HX_ERRORS, 0, 0, DELAY(GDG, 1000000), OK),

    /* ---- the connection: a crafted socket server -------------------------------------- */
    SC("VERSION dripped, one byte every 2 ms", HX_CONN, 0, 0, WIRE(W_DRIP, GV, 1, 2000), OK),
    SC("CHALLENGE_AUTH dripped, one byte every 2 ms", HX_CONN, 0, 0, WIRE(W_DRIP, CHL, 1, 2000),
       OK),
    SC("every answer dripped, one byte every 100 us", HX_CONN, 0, 0, WIRE(W_DRIP, 0, 0, 100), OK),
    SC("CHALLENGE_AUTH dripped slower than the timeout", HX_CONN, 0, HX_FAST,
       WIRE(W_DRIP, CHL, 1, 5000), E_TIMEOUT),
    SC("header, 50 ms, then the payload", HX_CONN, 0, 0, WIRE(W_SPLIT, GDG, 1, 50000), OK),
    SC("connection drops mid-message (CERTIFICATE)", HX_CONN, 0, 0, WIRE(W_CUT_PAYLOAD, GCT, 1, 0),
       E_IO),
    SC("connection drops mid-header", HX_CONN, 0, 0, WIRE(W_CUT_HEADER, GDG, 1, 0), E_IO),
    SC("connection closed instead of DIGESTS", HX_CONN, 0, 0, WIRE(W_CLOSE, GDG, 1, 0), E_IO),
    SC("connection closed before the first answer", HX_CONN, 0, 0, WIRE(W_CLOSE, GV, 1, 0), E_IO),
    SC("a 16 MiB length claim in the socket header", HX_CONN, 0, 0, WIRE(W_SIZE, GDG, 1, MIB16),
       E_TRANSPORT),
    SC("a 64 KiB + 1 length claim", HX_CONN, 0, 0, WIRE(W_SIZE, GV, 1, 65537), E_TRANSPORT),
    SC("a 4 GiB length claim", HX_CONN, 0, 0, WIRE(W_SIZE, CHL, 1, 0xFFFFFFFFu), E_TRANSPORT),
    SC("an empty frame", HX_CONN, 0, 0, WIRE(W_SIZE, GDG, 1, 0), E_TRUNCATED),
    SC("command CONTINUE instead of NORMAL", HX_CONN, 0, 0,
       WIRE(W_COMMAND, GDG, 1, CSPDM_EMU_CMD_CONTINUE), E_TRANSPORT),
    SC("transport type MCTP on a NONE connection", HX_CONN, 0, 0, WIRE(W_TRANSPORT, GDG, 1, 1),
       E_TRANSPORT),
    SC("never answers CHALLENGE", HX_CONN, 0, HX_FAST, WIRE(W_SILENT, CHL, 1, 0), E_TIMEOUT),
};

const size_t hx_n_cases = sizeof(hx_cases) / sizeof(hx_cases[0]);
