/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * PLDM messages (DSP0240 "Platform Level Data Model (PLDM) Base Specification"), as carried in
 * an MCTP message of type 0x01 (DSP0241) and so, inside an SPDM session, as a secured
 * application message (DSP0275). Only what a responder needs to answer a request: the common
 * header and a response built from it.
 *
 * DSP0240 "PLDM message fields" (the common header, three bytes):
 *   byte 1: Rq (bit 7) | D (bit 6, datagram) | reserved (bit 5) | Instance ID (bits 4:0)
 *   byte 2: Hdr Ver (bits 7:6, 00b for this header format) | PLDM Type (bits 5:0)
 *   byte 3: PLDM Command Code
 *   then the command's data; a response's data begins with its Completion Code.
 * Rq = 1, D = 0 is a request; Rq = 1, D = 1 an unacknowledged request (no response); Rq = 0,
 * D = 0 a response.
 */
#ifndef CSPDM_CODEC_PLDM_H
#define CSPDM_CODEC_PLDM_H

#include <stddef.h>
#include <stdint.h>

#include "cspdm/cspdm.h"

#define PLDM_HDR_SIZE 3
#define PLDM_HDR_VER  0x00 /* Hdr Ver 00b */

/* DSP0245 "PLDM Type codes": type 0, PLDM Messaging Control and Discovery (DSP0240). */
#define PLDM_TYPE_CONTROL 0x00
/* DSP0240 "PLDM Messaging Control and Discovery command codes" */
#define PLDM_CMD_GET_TID 0x02

/* DSP0240 "PLDM completion codes" (base codes) */
#define PLDM_CC_SUCCESS		     0x00
#define PLDM_CC_ERROR		     0x01
#define PLDM_CC_INVALID_DATA	     0x02
#define PLDM_CC_INVALID_LENGTH	     0x03
#define PLDM_CC_UNSUPPORTED_PLDM_CMD 0x05
#define PLDM_CC_INVALID_PLDM_TYPE    0x20

struct pldm_request {
	uint8_t datagram;    /* D: an unacknowledged request, not to be answered */
	uint8_t instance_id; /* 0..31, echoed in the response */
	uint8_t type;	     /* PLDM Type, 0..63 */
	uint8_t command;     /* PLDM Command Code */
	const uint8_t *data; /* the request data, inside the message */
	size_t data_len;
};

/*
 * Decode a PLDM request. Errors (err: field, offset): CSPDM_E_TRUNCATED (shorter than the
 * header), CSPDM_E_FIELD "Rq" (a response, not a request), CSPDM_E_RESERVED (bit 5 of byte 1),
 * CSPDM_E_VERSION_FIELD "HdrVer" (a header format other than 00b).
 */
cspdm_status pldm_decode_request(const uint8_t *msg, size_t len, struct pldm_request *req,
				 cspdm_error *err);

/*
 * The response to req: Rq = 0, D = 0, its Instance ID, Hdr Ver 00b, its type and command, the
 * Completion Code, then n bytes of data. Returns its length, 0 if cap is too small.
 */
size_t pldm_encode_response(const struct pldm_request *req, uint8_t cc, const uint8_t *data,
			    size_t n, uint8_t *out, size_t cap);

#endif
