/* SPDX-License-Identifier: BSD-3-Clause */
/* PLDM (DSP0240) request header decoding and responses: see pldm.h. */
#include "pldm.h"

#include "reader.h"
#include "writer.h"

#define PLDM_RQ	       0x80 /* byte 1 bit 7: request */
#define PLDM_D	       0x40 /* byte 1 bit 6: datagram */
#define PLDM_RSVD      0x20 /* byte 1 bit 5: reserved */
#define PLDM_IID_MASK  0x1F /* byte 1 bits 4:0: Instance ID */
#define PLDM_TYPE_MASK 0x3F
#define PLDM_VER_SHIFT 6

static cspdm_status pldm_fail(cspdm_error *err, cspdm_status st, const char *field, size_t off)
{
	err->code = st;
	err->field = field;
	err->offset = (uint32_t)off;
	return st;
}

cspdm_status pldm_decode_request(const uint8_t *msg, size_t len, struct pldm_request *req,
				 cspdm_error *err)
{
	struct rd r;
	uint8_t b1 = 0, b2 = 0;

	rd_init(&r, msg, len);
	if (!rd_u8(&r, "Instance ID", &b1) || !rd_u8(&r, "PLDM Type", &b2) ||
	    !rd_u8(&r, "PLDM Command Code", &req->command))
		return pldm_fail(err, CSPDM_E_TRUNCATED, r.fail_field, r.fail_off);
	if (!(b1 & PLDM_RQ))
		return pldm_fail(err, CSPDM_E_FIELD, "Rq", 0);
	if (b1 & PLDM_RSVD)
		return pldm_fail(err, CSPDM_E_RESERVED, "Instance ID", 0);
	if ((b2 >> PLDM_VER_SHIFT) != PLDM_HDR_VER)
		return pldm_fail(err, CSPDM_E_VERSION_FIELD, "HdrVer", 1);
	req->datagram = (b1 & PLDM_D) ? 1 : 0;
	req->instance_id = b1 & PLDM_IID_MASK;
	req->type = b2 & PLDM_TYPE_MASK;
	req->data_len = rd_remaining(&r);
	if (!rd_view(&r, "data", req->data_len, &req->data))
		return pldm_fail(err, CSPDM_E_TRUNCATED, "data", PLDM_HDR_SIZE);
	return CSPDM_OK;
}

size_t pldm_encode_response(const struct pldm_request *req, uint8_t cc, const uint8_t *data,
			    size_t n, uint8_t *out, size_t cap)
{
	struct wr w;

	wr_init(&w, out, cap);
	wr_u8(&w, req->instance_id & PLDM_IID_MASK); /* Rq = 0, D = 0 */
	wr_u8(&w, (uint8_t)((PLDM_HDR_VER << PLDM_VER_SHIFT) | (req->type & PLDM_TYPE_MASK)));
	wr_u8(&w, req->command);
	wr_u8(&w, cc);
	wr_bytes(&w, data, n);
	return wr_ok(&w) ? w.len : 0;
}
