/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A DSP0286 storage device behind the simulated kernel's ioctl: NVMe (NVME_IOCTL_ADMIN_CMD
 * with Security Send 0x81 / Receive 0x82, NVME_IOCTL_ID) or SCSI (SG_IO with SECURITY
 * PROTOCOL OUT 0xB5 / IN 0xA2). It lists security protocols 0x00 and 0xE8, answers DSP0286
 * discovery and pending info, hands SPDM messages to cspdm's responder and echoes secured
 * messages (first byte inverted). Malformed commands count in bad_cmds.
 */
#ifndef CSPDM_TESTS_STORAGE_MODEL_H
#define CSPDM_TESTS_STORAGE_MODEL_H

#include "sim.h"

enum storage_fault {
	STO_OK,
	STO_NO_E8,	     /* the protocol list lacks 0xE8 */
	STO_NO_PENDING_INFO, /* discovery offers no pending info */
	STO_NO_SECURED,	     /* discovery offers no secured messages */
	STO_STATUS_ON_SEND,  /* Security Send fails: NVMe 0x4002, SCSI ILLEGAL REQUEST 24/00 */
	STO_KERNEL_EIO,	     /* the ioctl itself fails with EIO */
	STO_TIMEOUT,	     /* NVMe: the ioctl fails with EINTR; SCSI: host status DID_TIME_OUT */
	STO_HUGE_RESPONSE,   /* pending info announces 100000 bytes */
	STO_NEVER_PENDING,   /* pending info never says a response is pending */
	STO_SHORT_TRANSFER,  /* SCSI: fewer bytes than pending info announced */
	STO_NOT_STORAGE,     /* every ioctl fails with ENOTTY */
};

struct storage_model {
	struct sim_node node;
	bool scsi;
	struct sim_rsp *rsp;
	enum storage_fault fault;
	uint8_t pending[65536 + 16];
	size_t pending_len;
	bool has_pending;
	unsigned sends, recvs, bad_cmds;
	uint32_t last_nsid;
	uint32_t last_alloc;
};

/* path: the node (/dev/nvme0, /dev/nvme0n1: namespace 1, /dev/sg0). */
void storage_model_init(struct storage_model *m, struct sim *s, const char *path, bool scsi,
			struct sim_rsp *rsp);

#endif
