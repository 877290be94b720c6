/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The chunk catalogue (SPDM 1.2+ large messages), both sides. Requester side: our responder
 * and our requester both at DataTransferSize 42 with chunk storage (HX_CHUNK_ON), so that
 * NEGOTIATE_ALGORITHMS goes in two CHUNK_SENDs and ALGORITHMS, DIGESTS and CHALLENGE_AUTH come
 * back announced by ERROR LargeResponse and fetched with CHUNK_GET: the 1st and 2nd CHUNK_GET
 * fetch ALGORITHMS (26 + 26 bytes), the 3rd and 4th DIGESTS, the 5th to 10th CHALLENGE_AUTH
 * (26, 4 x 30, 4 bytes). Every fault ends in its specific error, and then the same requester
 * context authenticates an honest device, in chunks again. Responder side: hostile CHUNK_SEND
 * and CHUNK_GET requests to our responder with chunk storage (HX_DEV_CHUNK).
 */
#include "hostile.h"

#include <string.h>

#include "codec/chunk.h"

#define CHS SPDM_CHUNK_SEND
#define CHG SPDM_CHUNK_GET
#define GCP SPDM_GET_CAPABILITIES
#define GDG SPDM_GET_DIGESTS
#define ON  HX_CHUNK_ON

/* clang-format off */
#define NOFAULT			{.kind = F_NONE}
#define SET_N(rq, i, w, off, v)	{.kind = F_SET, .req = (rq), .nth = (i), .at = (off), \
				 .width = (w), .val = (uint32_t)(v)}
#define XOR_N(rq, i, off, m)	{.kind = F_XOR, .req = (rq), .nth = (i), .at = (off), .val = (m)}
#define KEEP_N(rq, i, k)	{.kind = F_KEEP, .req = (rq), .nth = (i), .n = (k)}
#define TRUNC_N(rq, i, k)	{.kind = F_TRUNC, .req = (rq), .nth = (i), .n = (k)}
#define APPEND_N(rq, i, k, b)	{.kind = F_APPEND, .req = (rq), .nth = (i), .n = (k), .val = (b)}
#define REPLACE(rq, x)		{.kind = F_REPLACE, .req = (rq), .nth = 1, .hex = (x)}
#define ERR_AT(rq, i, c)	{.kind = F_ERROR, .req = (rq), .nth = (i), .p1 = (c)}
#define ERROR_FIRST(rq, k, c)	{.kind = F_ERROR, .req = (rq), .nth = 0, .n = (k), .p1 = (c)}
#define NOT_READY(rq, k)	{.kind = F_NOT_READY, .req = (rq), .nth = 1, .n = (k), .p2 = 10}
#define HOOK(rq, i, v)		{.kind = F_HOOK, .req = (rq), .nth = (i), .hook = hk_chunk, \
				 .val = (v)}

/* Requester-side rows: name, version (0: 1.2), setup, fault, status (and the field). */
#define SC(name, ver, setup, fault, st) \
	{name, HX_CHUNK, ver, ON | (setup), fault, CSPDM_##st, NULL, 0, 0}
#define SCF(name, fault, st, field) \
	{name, HX_CHUNK, 0, ON, fault, CSPDM_##st, field, 0, 0}
#define SCD(name, fault, field, dev) \
	{name, HX_CHUNK, 0, ON, fault, CSPDM_E_DEVICE_ERROR, field, dev, 0}
/* Responder-side rows: raw request (after pre), the ERROR (alone, or in CHUNK_SEND_ACK). */
#define RAW(name, stage, ver, pre, hex, err, setup) \
	{name, stage, ver, RQ_RAW, hex, NOFAULT, err, 0, setup, pre}
/* UnsupportedRequest names the request in ErrorData */
#define UNSUP(name, ver, hex, setup) \
	{name, RS_VCA, ver, RQ_RAW, hex, NOFAULT, SPDM_ERR_UNSUPPORTED_REQUEST, CHS, setup, RQ_NONE}
#define DEV HX_DEV_CHUNK
/* clang-format on */

/* hk_chunk variants (f->val) */
#define HK_ZERO	   0 /* a chunk of no bytes, not the last */
#define HK_SHORT   1 /* a chunk of 10 bytes in a 22-byte message, not the last */
#define HK_LONG	   2 /* 8 bytes more: a message beyond our DataTransferSize */
#define HK_NESTED  3 /* the whole large response: an ERROR LargeResponse */
#define HK_FOREVER 4 /* a fresh full chunk for every CHUNK_GET, never the last */

#define FOREVER_LMS (26u + 30u * 200u) /* ends at LargeMessageSize without LastChunk */

/* The fault does not fit the message: the scenario fails. */
static size_t misfit(struct hx *h, size_t len)
{
	h->bad++;
	return len;
}

/* A CHUNK_RESPONSE for the CHUNK_GET in h->req (its handle and ChunkSeqNo). */
static size_t chunk_rsp(struct hx *h, uint8_t *m, uint8_t attr, uint32_t size, uint32_t lms,
			const uint8_t *data)
{
	struct spdm_chunk c = {0, attr, h->req[3], hx_get_le(h->req + 4, 2), size, lms, data};
	size_t n = 0;

	if (h->req_len < 6 || spdm_enc_chunk(h->req[0], SPDM_CHUNK_RESPONSE, &c, m, HX_MSG_MAX, &n))
		return misfit(h, 0);
	return n;
}

static size_t hk_chunk(struct hx *h, uint8_t *m, size_t len, const struct hx_fault *f)
{
	uint8_t fill[64];
	const uint8_t nested[SPDM_LARGE_RESPONSE_LEN] = {h->req[0], SPDM_ERROR,
							 SPDM_ERR_LARGE_RESPONSE, 0, 1};
	uint32_t seq = hx_get_le(h->req + 4, 2);

	memset(fill, 0x5A, sizeof(fill));
	switch (f->val) {
	case HK_ZERO:
	case HK_SHORT:
		if (len < SPDM_CHUNK_HDR + 10 || seq == 0)
			return misfit(h, len);
		hx_put_le(m + 8, 4, f->val == HK_ZERO ? 0 : 10);
		return SPDM_CHUNK_HDR + (f->val == HK_ZERO ? 0 : 10);
	case HK_LONG:
		if (len + 8 > HX_MSG_MAX || seq == 0)
			return misfit(h, len);
		hx_put_le(m + 8, 4, hx_get_le(m + 8, 4) + 8);
		memset(m + len, 0x5A, 8);
		return len + 8;
	case HK_NESTED:
		return chunk_rsp(h, m, SPDM_CHUNK_LAST, sizeof(nested), sizeof(nested), nested);
	default: /* HK_FOREVER */
		return chunk_rsp(h, m, 0, seq ? 30 : 26, FOREVER_LMS, fill);
	}
}

const struct hx_scenario hx_chunk_cases[] = {
    /* ---- honest ---------------------------------------------------------------------------- */
    SC("authentication in chunks at DataTransferSize 42", 0, 0, NOFAULT, OK),
    SC("1.3: measured one by one, in chunks", CSPDM_V13, HX_MEAS_EACH, NOFAULT, OK),
    SC("1.4: measured all at once, in chunks", CSPDM_V14, HX_MEAS_ALL, NOFAULT, OK),
    SC("1.4: measured one by one, unsigned", CSPDM_V14, HX_MEAS_NOSIG, NOFAULT, OK),

    /* ---- CHUNK_RESPONSE: sequence numbers and the handle ---------------------------------- */
    SCF("ChunkSeqNo skips ahead", SET_N(CHG, 6, 2, 4, 2), E_CHUNK,
	"ChunkSeqNo (out of order or repeated)"),
    SCF("ChunkSeqNo repeated", SET_N(CHG, 7, 2, 4, 1), E_CHUNK,
	"ChunkSeqNo (out of order or repeated)"),
    SCF("1.4: ChunkSeqNo repeated (32 bits)", SET_N(CHG, 7, 4, 4, 1), E_CHUNK,
	"ChunkSeqNo (out of order or repeated)"),
    SCF("the handle changes mid-transfer", SET_N(CHG, 6, 1, 3, 0x77), E_CHUNK,
	"Param2 (Handle changed)"),
    SCF("the first chunk names another handle than LargeResponse", SET_N(CHG, 5, 1, 3, 0x77),
	E_CHUNK, "Param2 (Handle changed)"),

    /* ---- CHUNK_RESPONSE: sizes -------------------------------------------------------------- */
    SCF("chunks add up beyond LargeMessageSize", SET_N(CHG, 5, 4, 12, 60), E_CHUNK,
	"ChunkSize (beyond LargeMessageSize)"),
    SCF("LargeMessageSize 0", SET_N(CHG, 5, 4, 12, 0), E_CHUNK, "LargeMessageSize (0)"),
    SCF("LargeMessageSize 4 GiB", SET_N(CHG, 5, 4, 12, 0xFFFFFFFFu), E_MSG_TOO_LARGE,
	"LargeMessageSize (beyond our MaxSPDMmsgSize or chunk storage)"),
    SCF("LargeMessageSize beyond our storage", SET_N(CHG, 5, 4, 12, HX_CHUNK_CAP + 1),
	E_MSG_TOO_LARGE, "LargeMessageSize (beyond our MaxSPDMmsgSize or chunk storage)"),
    SCF("LastChunk before LargeMessageSize", XOR_N(CHG, 6, 2, SPDM_CHUNK_LAST), E_CHUNK,
	"LastChunk (before LargeMessageSize)"),
    SCF("LastChunk missing at LargeMessageSize", XOR_N(CHG, 2, 2, SPDM_CHUNK_LAST), E_CHUNK,
	"LastChunk (missing at LargeMessageSize)"),
    SCF("a chunk loop that never ends", HOOK(CHG, 0, HK_FOREVER), E_CHUNK,
	"LastChunk (missing at LargeMessageSize)"),
    SCF("a chunk of no bytes", HOOK(CHG, 6, HK_ZERO), E_CHUNK,
	"ChunkSize (0: the transfer would not end)"),
    SCF("a short chunk that is not the last", HOOK(CHG, 6, HK_SHORT), E_CHUNK,
	"ChunkSize (a short chunk that is not the last)"),
    SCF("a CHUNK_RESPONSE beyond our DataTransferSize", HOOK(CHG, 6, HK_LONG), E_MSG_TOO_LARGE,
	"CHUNK_RESPONSE (beyond our DataTransferSize)"),
    SCF("a LargeResponse inside the large response", HOOK(CHG, 1, HK_NESTED), E_CHUNK,
	"ErrorCode (LargeResponse inside a large response)"),
    SCF("CHUNK_RESPONSE with trailing bytes", APPEND_N(CHG, 6, 2, 0xA5), E_TRAILING,
	"end of message"),
    SC("CHUNK_RESPONSE truncated", 0, 0, TRUNC_N(CHG, 6, 5), E_TRUNCATED),
    SCF("CHUNK_RESPONSE with its Reserved field set", SET_N(CHG, 6, 1, 6, 1), E_RESERVED,
	"Reserved"),
    SCF("CHUNK_RESPONSE with a ChunkSize beyond the message", SET_N(CHG, 6, 4, 8, 0x10000),
	E_TRUNCATED, "SPDMchunk"),
    SC("a reassembled ALGORITHMS of another SPDMVersion", 0, 0, SET_N(CHG, 1, 1, 16, 0x13),
       E_VERSION_FIELD),
    SC("a reassembled CHALLENGE_AUTH whose signature is broken", 0, 0, XOR_N(CHG, 10, -1, 1),
       E_SIGNATURE),

    /* ---- ERRORs during CHUNK_GET, and LargeResponse itself ---------------------------------- */
    SC("Busy 3 times for CHUNK_GET, then the chunk", 0, 0, ERROR_FIRST(CHG, 3, SPDM_ERR_BUSY), OK),
    SCF("Busy forever for CHUNK_GET", ERR_AT(CHG, 0, SPDM_ERR_BUSY), E_BUSY, "ErrorCode"),
    SCD("InvalidRequest for CHUNK_GET", ERR_AT(CHG, 1, SPDM_ERR_INVALID_REQUEST),
	"ErrorCode (to CHUNK_GET)", SPDM_ERR_INVALID_REQUEST),
    SCD("ResponseNotReady for CHUNK_GET", NOT_READY(CHG, 1), "ErrorCode (to CHUNK_GET)",
	SPDM_ERR_RESPONSE_NOT_READY),
    SCF("LargeResponse without its Handle", KEEP_N(GDG, 1, 4), E_TRUNCATED,
	"ExtendedErrorData (Handle)"),
    SCF("LargeResponse with trailing bytes", APPEND_N(GDG, 1, 1, 0x01), E_TRAILING,
	"end of message"),
    SCF("CAPABILITIES without CHUNK_CAP at DataTransferSize 42", XOR_N(GCP, 1, 10, 0x02),
	E_MSG_TOO_LARGE,
	"request of 48 bytes is larger than the device's DataTransferSize 42 and the device has "
	"no CHUNK_CAP"),

    /* ---- CHUNK_SEND_ACK -----------------------------------------------------------------------
     */
    SCF("CHUNK_SEND_ACK naming another handle", SET_N(CHS, 1, 1, 3, 0x55), E_CHUNK,
	"Param2 (Handle)"),
    SCF("CHUNK_SEND_ACK naming another chunk", SET_N(CHS, 1, 2, 4, 1), E_CHUNK,
	"ChunkSeqNo (not the chunk sent)"),
    SCD("CHUNK_SEND_ACK with EarlyErrorDetected", REPLACE(CHS, "12 05 01 00 0000 127f0100"),
	"ChunkReceiverAttributes (EarlyErrorDetected)", SPDM_ERR_INVALID_REQUEST),
    SCF("EarlyErrorDetected without an ERROR", REPLACE(CHS, "12 05 01 00 0000"), E_CHUNK,
	"ResponseToLargeRequest (no ERROR)"),
    SCF("a response before the last chunk", APPEND_N(CHS, 1, 4, 0x12), E_CHUNK,
	"ResponseToLargeRequest (before the last chunk)"),
    SCF("the last CHUNK_SEND_ACK without the response", KEEP_N(CHS, 2, 6), E_CHUNK,
	"ResponseToLargeRequest (missing)"),
    SCF("CHUNK_SEND_ACK with a reserved attribute bit", SET_N(CHS, 1, 1, 2, 0x02), E_RESERVED,
	"Param1 (ChunkReceiverAttributes)"),
    SCD("InvalidRequest for CHUNK_SEND", ERR_AT(CHS, 1, SPDM_ERR_INVALID_REQUEST),
	"ErrorCode (to CHUNK_SEND)", SPDM_ERR_INVALID_REQUEST),
    SCD("LargeResponse to a CHUNK_SEND that is not the last",
	ERR_AT(CHS, 1, SPDM_ERR_LARGE_RESPONSE), "ErrorCode (to CHUNK_SEND)",
	SPDM_ERR_LARGE_RESPONSE),
    SC("Busy for CHUNK_SEND once, then the acknowledgement", 0, 0,
       ERROR_FIRST(CHS, 1, SPDM_ERR_BUSY), OK),
};

const size_t hx_n_chunk_cases = sizeof(hx_chunk_cases) / sizeof(hx_chunk_cases[0]);

/* A first CHUNK_SEND (26 bytes of a 100-byte message), and chunk data. */
#define FIRST	 RQ_CHUNK_FIRST
#define DATA30	 "000000000000000000000000000000000000000000000000000000000000"
#define DATA26	 "0000000000000000000000000000000000000000000000000000"
#define INVALID	 SPDM_ERR_INVALID_REQUEST
#define UNEXPECT SPDM_ERR_UNEXPECTED_REQUEST

const struct hx_rsp_case hx_chunk_rsp_cases[] = {
    RAW("CHUNK_SEND: the first with ChunkSeqNo 1", RS_VCA, 0, RQ_NONE,
	"12 85 00 03 0100 0000 1e000000" DATA30, INVALID, DEV),
    RAW("CHUNK_SEND: ChunkSeqNo 0 again (repeated)", RS_VCA, 0, FIRST,
	"12 85 00 03 0000 0000 1a000000 64000000" DATA26, INVALID, DEV),
    RAW("CHUNK_SEND: ChunkSeqNo skips ahead", RS_VCA, 0, FIRST,
	"12 85 00 03 0200 0000 1e000000" DATA30, INVALID, DEV),
    RAW("CHUNK_SEND: the handle changes", RS_VCA, 0, FIRST, "12 85 00 04 0100 0000 1e000000" DATA30,
	INVALID, DEV),
    RAW("CHUNK_SEND: chunks beyond LargeMessageSize", RS_VCA, 0, FIRST,
	"12 85 00 03 0100 0000 50000000" DATA30 DATA30 "0000000000000000000000000000000000000000",
	INVALID, DEV),
    RAW("CHUNK_SEND: LargeMessageSize 0", RS_VCA, 0, RQ_NONE,
	"12 85 00 03 0000 0000 1a000000 00000000" DATA26, INVALID, DEV),
    RAW("CHUNK_SEND: LargeMessageSize 4 GiB", RS_VCA, 0, RQ_NONE,
	"12 85 00 03 0000 0000 1a000000 ffffffff" DATA26, INVALID, DEV),
    RAW("CHUNK_SEND: a large request that is a CHUNK_SEND", RS_VCA, 0, RQ_NONE,
	"12 85 01 05 0000 0000 0c000000 0c000000 1285000000000000 00000000", INVALID, DEV),
    RAW("CHUNK_SEND with a reserved attribute bit", RS_VCA, 0, RQ_NONE,
	"12 85 02 03 0000 0000 1a000000 64000000" DATA26, INVALID, DEV),
    RAW("CHUNK_SEND before GET_CAPABILITIES", RS_VERSIONED, 0, RQ_NONE,
	"10 85 00 03 0000 0000 1a000000 64000000" DATA26, UNEXPECT, DEV),
    UNSUP("CHUNK_SEND at 1.1", CSPDM_V11, "11 85 00 03 0000 0000 0100000061", DEV),
    UNSUP("CHUNK_SEND to a device without CHUNK_CAP", 0,
	  "12 85 00 03 0000 0000 1a000000 64000000" DATA26, 0),
    RAW("GET_DIGESTS in the middle of a CHUNK_SEND transfer", RS_VCA, 0, FIRST, "12 81 00 00",
	UNEXPECT, DEV),
    RAW("CHUNK_GET with nothing held", RS_VCA, 0, RQ_NONE, "12 86 00 01 0000", UNEXPECT, DEV),
    RAW("CHUNK_GET with a reserved Param1", RS_VCA, 0, RQ_NONE, "12 86 01 01 0000", INVALID, DEV),
};

const size_t hx_n_chunk_rsp_cases = sizeof(hx_chunk_rsp_cases) / sizeof(hx_chunk_rsp_cases[0]);
