/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * SPDM over storage (DSP0286) as the NVMe and SCSI back-ends share it. The bus-specific part is
 * one function, exec: run a Security Send (IF_SEND) or Security Receive (IF_RECV) with the
 * security protocol (SECP) and its protocol-specific field (SPSP: SPSP0 = operation << 2 |
 * connection ID, SPSP1 = 0). The rest is here:
 *
 *  open:  Security Receive with SECP 0 (SPC's supported security protocol list) must name 0xE8,
 *         then the DSP0286 discovery (operation 1) must offer the SPDM message operation (5);
 *         the secured message operation (6) and pending info (2) are used when offered.
 *  send:  IF_SEND operation 5 with the SPDM message, or operation 6 with 4 reserved (zero)
 *         bytes and the secured message (as libspdm's storage transport frames it).
 *  recv:  with pending info, IF_RECV operation 2 first: whether a response is pending and how
 *         long it is (polled until it is, within the timeout); then IF_RECV of exactly that
 *         length (rounded up to a dword, at least 32 bytes). Without it, IF_RECV of the whole
 *         buffer: SCSI's residual count tells the length, NVMe cannot, so the back-end then
 *         lets the SPDM layer take the buffer's zero tail as padding (io.max_pad).
 *         A response longer than cspdm's 64 KiB buffer is read (cut) and refused with
 *         CSPDM_E_BUFFER_TOO_SMALL; longer than the caller's buffer, the same.
 *  errors: a kernel failure (errno) or the device's (NVMe status, SCSI sense data) is recorded
 *         with the command it failed.
 */
#ifndef CSPDM_IO_STORAGE_IO_H
#define CSPDM_IO_STORAGE_IO_H

#include <stdbool.h>

#include "cspdm/transport.h"
#include "io/backend.h"

#define STORAGE_DATA_MAX (CSPDM_EMU_MAX_PAYLOAD + 64u)

struct storage_cmd {
	bool to_device; /* Security Send; else Security Receive */
	uint8_t secp;
	uint16_t spsp;	  /* SPSP1 << 8 | SPSP0 */
	const char *what; /* names the command in an error */
	uint8_t *buf;
	size_t len;	     /* transfer length, or allocation length */
	size_t got;	     /* out (receive): bytes transferred, if exact */
	bool exact;	     /* out: the bus reported how much it transferred */
	uint64_t timeout_us; /* 0: the bus's default */
};

struct storage_dev {
	struct cspdm_backend b;
	int fd;
	const char *bus; /* "NVMe", "SCSI" */
	cspdm_status (*exec)(struct storage_dev *s, struct storage_cmd *c);
	uint32_t nsid;	/* NVMe namespace, 0 for the controller */
	bool exact_len; /* the bus reports the bytes a receive transferred (SCSI's residual) */
	bool pending_info;
	bool secured_sent; /* the request in flight was a secured message */
	uint8_t *data;	   /* STORAGE_DATA_MAX bytes, page aligned (it is DMA'd) */
};

/* A device whose fd (and exec, bus, nsid) are set: query it and fill s->b.io. */
cspdm_status cspdm_storage_attach(struct storage_dev *s);
/* A new storage_dev for sys and err (NULL when out of memory); free with cspdm_storage_free. */
struct storage_dev *cspdm_storage_new(const struct cspdm_sys *sys, struct cspdm_dev_error *err);
void cspdm_storage_free(struct storage_dev *s);
/* Open the device node (O_RDWR), naming a failure like the PCI back-end does. */
cspdm_status cspdm_storage_open_node(struct storage_dev *s, const char *path);

#endif
