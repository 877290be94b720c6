/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Devices by name: every way Linux reaches an SPDM responder, behind one struct cspdm_io.
 *
 *   pci:[DDDD:]BB:DD.F[@OFF]  a PCIe DOE mailbox (PCIe r6 6.30) in the function's extended
 *                             config space, /sys/bus/pci/devices/BDF/config (root); @OFF (hex)
 *                             picks the DOE capability at that offset, else the first one
 *                             whose DOE discovery offers CMA/SPDM (vendor 0001, type 1)
 *   nvme:/dev/nvmeN[nM]       NVMe Security Send / Receive (SECP 0xE8, DSP0286) through the
 *                             admin passthrough ioctl; namespace 0, or M for /dev/nvmeNnM
 *   scsi:/dev/sgN | /dev/sdX  SCSI SECURITY PROTOCOL OUT / IN (0xB5 / 0xA2) through SG_IO
 *   mctp:[NET:]EID            the kernel's MCTP stack (AF_MCTP, mctp(7)); NET 0 is any
 *   tcp:HOST:PORT[,raw]       DSP0287: connect to the device. Each DSP0287 message travels in
 *                             an spdm-emu socket frame (transport type 3), as DMTF's
 *                             spdm_responder_emu --trans TCP expects; ",raw" sends the DSP0287
 *                             messages alone on the stream
 *   tcp-listen:[HOST:]PORT[,raw]
 *                             DSP0287 role inquiry: listen (127.0.0.1 by default), and let the
 *                             device dial in and announce itself with ROLE_INQUIRY
 *
 * Every back-end carries both kinds of message (SPDM and DSP0277 secured: DOE type 1 / 2,
 * MCTP type 5 / 6, storage operation 5 / 6, DSP0287 type 5 / 6) and describes the binding's
 * secured-message parameters in io.secured.
 */
#ifndef CSPDM_DEVICE_H
#define CSPDM_DEVICE_H

#include <stddef.h>
#include <stdint.h>

#include "cspdm/cspdm.h"

#ifdef __cplusplus
extern "C" {
#endif

enum cspdm_dev_kind {
	CSPDM_DEV_PCI_DOE,
	CSPDM_DEV_NVME,
	CSPDM_DEV_SCSI,
	CSPDM_DEV_MCTP,
	CSPDM_DEV_TCP,
	CSPDM_DEV_TCP_LISTEN,
};

#define CSPDM_DEV_PATH_MAX 256
#define CSPDM_DOE_ANY	   (-1)

struct cspdm_dev_addr {
	enum cspdm_dev_kind kind;
	char path[CSPDM_DEV_PATH_MAX]; /* PCI: "DDDD:BB:DD.F"; NVMe/SCSI: the node; TCP: host */
	int32_t doe_offset;	       /* PCI: a DOE capability's offset, or CSPDM_DOE_ANY */
	uint32_t mctp_net;	       /* MCTP: network, 0 = any */
	uint8_t mctp_eid;
	uint16_t port; /* TCP */
	uint8_t tcp_raw;
};

/* Parse a device URI. CSPDM_E_INVALID_ARG with *why (static text) when it is not one. */
CSPDM_API cspdm_status cspdm_dev_parse(const char *uri, struct cspdm_dev_addr *a, const char **why);

/* What the OS or the device said when a back-end failed. */
enum cspdm_dev_status_kind {
	CSPDM_DEV_STATUS_NONE = 0,
	CSPDM_DEV_STATUS_NVME, /* status: the completion's Status Field (DNR bit 14, SCT 10:8, SC)
				*/
	CSPDM_DEV_STATUS_SCSI, /* status: SCSI status << 24 | sense key << 16 | ASC << 8 | ASCQ */
	CSPDM_DEV_STATUS_DOE,  /* status: the DOE Status register */
};

struct cspdm_dev_error {
	cspdm_status code;
	const char *what; /* static text naming the cause, NULL if none */
	int os_errno;	  /* errno from the kernel, 0 if none */
	enum cspdm_dev_status_kind status_kind;
	uint32_t status;
};

/* One line: "<what>: <errno text>; NVMe status 0x4002 (...)". Returns the length. */
CSPDM_API size_t cspdm_dev_error_format(const struct cspdm_dev_error *e, char *buf, size_t cap);

struct cspdm_sys; /* src/io/sys.h: the syscall table a simulated device replaces */

struct cspdm_dev_opts {
	const struct cspdm_sys *sys; /* NULL: the real kernel */
	uint64_t listen_timeout_us;  /* tcp-listen: how long to wait for the device (0: forever) */
	/* tcp-listen: called with the bound port once listening (port 0 picks one); may be NULL */
	void (*on_listen)(void *priv, uint16_t port);
	void *on_listen_priv;
};

struct cspdm_device;

/*
 * Open the device and find its SPDM binding (DOE capability and discovery, DSP0286 discovery,
 * the AF_MCTP socket, the TCP connection). On failure *err (may be NULL) says why.
 */
CSPDM_API cspdm_status cspdm_device_open(struct cspdm_device **out, const struct cspdm_dev_addr *a,
					 const struct cspdm_dev_opts *opts,
					 struct cspdm_dev_error *err);
CSPDM_API const struct cspdm_io *cspdm_device_io(struct cspdm_device *d);
/* The last failure of an I/O call (code CSPDM_OK if none). */
CSPDM_API const struct cspdm_dev_error *cspdm_device_error(const struct cspdm_device *d);
/* A short description of the binding found: "PCI DOE mailbox at 0x100 (types 1 2)". */
CSPDM_API const char *cspdm_device_describe(const struct cspdm_device *d);
CSPDM_API void cspdm_device_close(struct cspdm_device *d);

/* ---- what this machine has (cspdm list) ---------------------------------------------------- */

struct cspdm_dev_found {
	enum cspdm_dev_kind kind;
	char
	    uri[CSPDM_DEV_PATH_MAX + 16]; /* for --device: pci:...@0x1a0, nvme:/dev/nvme0, mctp:8 */
	char info[160];			  /* what was found there */
};

/*
 * The PCI functions whose DOE mailbox offers CMA/SPDM in its discovery (a mailbox that is not
 * idle is left alone: the kernel may be using it), the NVMe controllers that list security
 * protocol 0xE8 and answer DSP0286 discovery, and the MCTP endpoints the kernel has routes or
 * neighbours for. each() gets every device found. What could not be looked at (not root, no
 * MCTP in the kernel, a busy mailbox) goes to note() (may be NULL), one line each. sys NULL:
 * the real kernel. Returns the number of devices found.
 */
CSPDM_API unsigned cspdm_enumerate(const struct cspdm_sys *sys,
				   void (*each)(void *priv, const struct cspdm_dev_found *f),
				   void (*note)(void *priv, const char *what, const char *detail),
				   void *priv);

#ifdef __cplusplus
}
#endif
#endif
