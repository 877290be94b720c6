/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * SPDM over TCP (DMTF DSP0287): every message starts with a 4-byte header
 *
 *   offset 0  u16 LE  payload length: the bytes after this field (binding version, message
 *                     type and message), so a message of n bytes has n + 2; libspdm writes 0 for
 *                     the header-only messages (role inquiry, errors), and both are accepted
 *   offset 2  u8      binding version, 0x01
 *   offset 3  u8      message type: 0x05 SPDM, 0x06 secured SPDM (DSP0277), 0xBF role inquiry,
 *                     0xC0..0xC3 errors (0xC4..0xFF reserved errors)
 *
 * Facts as in libspdm's spdm_tcp_binding.h and spdm_transport_tcp_lib. A stream carries these
 * messages back to back (the header delimits them); DMTF's spdm-emu carries each one instead in
 * a frame of its socket protocol (transport type 3), and sends the role inquiry bare.
 */
#ifndef CSPDM_TRANSPORT_TCP_H
#define CSPDM_TRANSPORT_TCP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cspdm/transport.h"

/* Largest message one header can carry. */
#define CSPDM_TCP_MAX_MSG (0xFFFFu - 2u)

struct cspdm_tcp_hdr {
	uint16_t payload_len;
	uint8_t version;
	uint8_t type;
};

/* Role inquiry and the error types carry no message. */
bool cspdm_tcp_header_only(uint8_t type);
/* "SPDM", "secured SPDM", "role inquiry", "error: message too large", ...; NULL if unknown. */
const char *cspdm_tcp_type_name(uint8_t type);

/*
 * Parse the 4 header bytes at raw (len >= 4): binding version 1, a payload length that fits the
 * type. *rest receives the bytes of message that follow the header. CSPDM_E_TRANSPORT if bad.
 */
cspdm_status cspdm_tcp_hdr_decode(const uint8_t *raw, size_t len, struct cspdm_tcp_hdr *h,
				  size_t *rest);

/* A header-only message (role inquiry, errors) into out[CSPDM_TCP_HEADER_SIZE]. */
void cspdm_tcp_header_only_encode(uint8_t type, uint8_t *out);

#endif
