/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * What every I/O back-end (doe_sysfs.c, nvme.c, scsi.c, mctp_sock.c, tcp.c) gives device.c:
 * an io, a close, and its failures in the device's struct cspdm_dev_error. A back-end owns the
 * OS details and nothing of SPDM; it calls the OS only through its syscall table.
 */
#ifndef CSPDM_IO_BACKEND_H
#define CSPDM_IO_BACKEND_H

#include <stdbool.h>

#include "cspdm/device.h"
#include "cspdm/transport.h"
#include "io/sys.h"

struct cspdm_backend {
	struct cspdm_io io;
	void (*close)(struct cspdm_backend *b);
	const struct cspdm_sys *sys;
	struct cspdm_dev_error *err; /* the device's; every failure is recorded here */
	char desc[128];		     /* what was found, for cspdm_device_describe */
};

/* Record a failure and return its code. */
cspdm_status cspdm_dev_fail(struct cspdm_dev_error *e, cspdm_status code, const char *what,
			    int os_errno);
/* The same with the code an errno implies (ENOENT: NO_DEVICE, EACCES: PERMISSION, ...). */
cspdm_status cspdm_dev_fail_errno(struct cspdm_dev_error *e, const char *what, int os_errno);
/* ... and with a device status (NVMe, SCSI, DOE). */
cspdm_status cspdm_dev_fail_status(struct cspdm_dev_error *e, cspdm_status code, const char *what,
				   enum cspdm_dev_status_kind kind, uint32_t status);

/*
 * The end of every recv: unwrap a frame of binding t and hand its message to the caller. A
 * frame that is not an SPDM or a secured message, or a secured one for a caller that takes SPDM
 * messages only (kind NULL), is CSPDM_E_TRANSPORT with what_bad; a message longer than cap is
 * CSPDM_E_BUFFER_TOO_SMALL.
 */
cspdm_status cspdm_dev_unframe(struct cspdm_dev_error *e, enum cspdm_transport t,
			       const uint8_t *frame, size_t n, const char *what_bad, uint8_t *buf,
			       size_t cap, size_t *len, enum cspdm_msg_kind *kind);
/* The same for a message already unwrapped, of kind k. */
cspdm_status cspdm_dev_deliver(struct cspdm_dev_error *e, const uint8_t *msg, size_t n,
			       enum cspdm_msg_kind k, uint8_t *buf, size_t cap, size_t *len,
			       enum cspdm_msg_kind *kind);
/* Fill b: its OS, where failures go, its close, and an io whose priv is b itself (every
 * back-end's struct starts with its struct cspdm_backend) with send, recv and the OS's sleep. */
void cspdm_backend_init(struct cspdm_backend *b, const struct cspdm_sys *sys,
			struct cspdm_dev_error *err, void (*close)(struct cspdm_backend *b),
			cspdm_status (*send)(void *, enum cspdm_msg_kind, const uint8_t *, size_t),
			cspdm_status (*recv)(void *, uint8_t *, size_t, size_t *,
					     enum cspdm_msg_kind *, uint64_t));

cspdm_status cspdm_doe_open(const struct cspdm_dev_addr *a, const struct cspdm_sys *sys,
			    struct cspdm_dev_error *err, struct cspdm_backend **out);
cspdm_status cspdm_nvme_open(const struct cspdm_dev_addr *a, const struct cspdm_sys *sys,
			     struct cspdm_dev_error *err, struct cspdm_backend **out);
cspdm_status cspdm_scsi_open(const struct cspdm_dev_addr *a, const struct cspdm_sys *sys,
			     struct cspdm_dev_error *err, struct cspdm_backend **out);
cspdm_status cspdm_mctp_open(const struct cspdm_dev_addr *a, const struct cspdm_sys *sys,
			     struct cspdm_dev_error *err, struct cspdm_backend **out);
cspdm_status cspdm_tcp_open(const struct cspdm_dev_addr *a, const struct cspdm_dev_opts *opts,
			    struct cspdm_dev_error *err, struct cspdm_backend **out);

/* The DOE mailboxes of a PCI function and the data object types each offers (bit t: PCI-SIG
 * type t, t < 8), for cspdm list. */
struct cspdm_doe_mailbox {
	uint16_t offset;
	uint8_t types;
	uint8_t in_use; /* Busy, Error or Data Object Ready was set: not probed */
};
#define CSPDM_DOE_MAX_MAILBOXES 8
cspdm_status cspdm_doe_scan(const struct cspdm_sys *sys, const char *bdf,
			    struct cspdm_doe_mailbox *mb, size_t cap, size_t *n,
			    struct cspdm_dev_error *err);
/* The storage back-ends' probe for cspdm list: open, protocol list, discovery, close. */
cspdm_status cspdm_storage_probe(const struct cspdm_sys *sys, const char *path, bool scsi,
				 struct cspdm_dev_error *err, char *info, size_t info_cap);

#endif
