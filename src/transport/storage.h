/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * SPDM over storage (DMTF DSP0286): NVMe, SCSI and ATA carry SPDM in Security Send and
 * Security Receive (IF_SEND / IF_RECV) with security protocol 0xE8 (DMTF SPDM). The
 * protocol-specific field (SPSP, 16 bits: SPSP1 << 8 | SPSP0) names the operation in SPSP0
 * bits 7:2 and the connection ID in SPSP0 bits 1:0; SPSP1 is reserved.
 *
 * The storage command itself is the bus's business. What crosses a socket is QEMU's "virtual
 * header" (QEMU include/system/spdm-socket.h, StorageSpdmTransportHeader, packed):
 *
 *   offset 0  u8      security protocol (0xE8)
 *   offset 1  u16 LE  security protocol specific (SPSP0 first)
 *   offset 3  u32 LE  length: the transfer length of IF_SEND (the data follows the header),
 *                     or the allocation length of IF_RECV (nothing follows)
 *
 * Requests (IF_SEND data) and responses (IF_RECV data) of the SPDM message operations are bare
 * SPDM messages. The discovery and pending-info operations answer the small structures below
 * (layout as in libspdm's industry_standard/spdm_storage_binding.h, fields little-endian).
 */
#ifndef CSPDM_TRANSPORT_STORAGE_H
#define CSPDM_TRANSPORT_STORAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cspdm/cspdm.h"

#define CSPDM_STORAGE_SECP_DMTF_SPDM 0xE8
/* Operation codes (SPSP0 bits 7:2). */
#define CSPDM_STORAGE_OP_DISCOVERY    0x01
#define CSPDM_STORAGE_OP_PENDING_INFO 0x02
#define CSPDM_STORAGE_OP_MESSAGE      0x05
#define CSPDM_STORAGE_OP_SECURED      0x06
#define CSPDM_STORAGE_CONN_ID_MASK    0x03
#define CSPDM_STORAGE_BINDING_VERSION 0x1000
/* Reserved bytes before a secured message's record, in IF_SEND and IF_RECV data (libspdm). */
#define CSPDM_STORAGE_SECURED_RSVD 4
/* QEMU's virtual header, and the two management responses. */
#define CSPDM_STORAGE_HEADER_SIZE	7
#define CSPDM_STORAGE_DISCOVERY_SIZE	32
#define CSPDM_STORAGE_PENDING_INFO_SIZE 12

struct cspdm_storage_hdr {
	uint8_t secp;
	uint8_t op;	 /* SPSP0 bits 7:2 */
	uint8_t conn_id; /* SPSP0 bits 1:0 */
	uint32_t length; /* transfer length (IF_SEND) or allocation length (IF_RECV) */
};

/* SPSP for an operation and connection ID (SPSP1 = 0). */
uint16_t cspdm_storage_spsp(uint8_t op, uint8_t conn_id);

/* Write the virtual header for h (secp and SPSP as given, SPSP1 = 0). */
cspdm_status cspdm_storage_hdr_encode(const struct cspdm_storage_hdr *h, uint8_t *out, size_t cap,
				      size_t *out_len);

/*
 * Parse the virtual header at the start of buf; *data and *data_len receive the bytes after it
 * (*data points into buf). Rejects a short header, a security protocol other than 0xE8 and a
 * non-zero SPSP1 (CSPDM_E_TRANSPORT). The length field is reported, not checked: IF_SEND wants
 * it equal to *data_len, IF_RECV wants no data; the caller knows which.
 */
cspdm_status cspdm_storage_hdr_decode(const uint8_t *buf, size_t len, struct cspdm_storage_hdr *h,
				      const uint8_t **data, size_t *data_len);

/*
 * What DSP0286 puts into secured messages, as libspdm's storage transport seals them: a 2-byte
 * sequence number, up to 32 random bytes, and before the SPDM message a secured message
 * descriptor list of one: the number of descriptors (1), 3 reserved bytes, then the SPDM
 * descriptor (reserved, type 0x04, status, reserved, length u32 = the message's, offset u32 =
 * 36 from the secured message header, reserved u32).
 */
void cspdm_storage_secured_binding(struct cspdm_secured_binding *b);

/* The discovery response: one connection (ID 0), supported_ops a bit per operation code. */
cspdm_status cspdm_storage_discovery_encode(uint8_t supported_ops, uint8_t *out, size_t cap,
					    size_t *out_len);

/* The pending-info response: flag bit 0 = a response is pending, of rsp_len bytes. */
cspdm_status cspdm_storage_pending_info_encode(bool pending, uint32_t rsp_len, uint8_t *out,
					       size_t cap, size_t *out_len);

#endif
