/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A register-level model of a PCI function with DOE mailboxes (PCIe r6.0 7.9.24, 6.30), behind
 * the simulated kernel's pread/pwrite of /sys/bus/pci/devices/BDF/config. Its extended
 * capability list holds AER, a DOE mailbox offering only discovery and CXL's CDAT, ACS, and a
 * DOE mailbox offering discovery, CMA/SPDM and secured CMA/SPDM (answered by cspdm's
 * responder; secured messages are echoed with their first byte inverted). Only aligned 4-byte
 * accesses are accepted (others count in bad_access and fail with EINVAL).
 */
#ifndef CSPDM_TESTS_DOE_MODEL_H
#define CSPDM_TESTS_DOE_MODEL_H

#include "sim.h"

#define DOE_MODEL_CAP_CDAT 0x148
#define DOE_MODEL_CAP_SPDM 0x1A0
#define DOE_MODEL_MB_DW	   4096 /* mailbox capacity in dwords, each way */

enum doe_fault {
	DOE_OK,
	DOE_BUSY_FOREVER,   /* Busy never clears, not even on Abort */
	DOE_BUSY_BRIEF,	    /* Busy for the first status reads of an exchange, then clear */
	DOE_ERROR_ON_GO,    /* Error instead of a response */
	DOE_NEVER_READY,    /* Go is taken, Data Object Ready never comes */
	DOE_EXTRA_DWORDS,   /* the response has 2 dwords more than its header says */
	DOE_SHORT_RESPONSE, /* Ready drops one dword before the announced end */
	DOE_STALE_READY,    /* a stale response is waiting when the requester starts */
	DOE_HUGE_LENGTH,    /* the header announces 2^18 dwords (1 MiB) */
};

struct doe_mailbox {
	uint16_t cap;
	uint8_t types[4][3]; /* discovery table: vendor LE, type */
	unsigned n_types;
	uint8_t w[DOE_MODEL_MB_DW * 4];
	size_t w_len;
	uint8_t r[DOE_MODEL_MB_DW * 4 + 16];
	size_t r_dwords, r_pos, r_announced;
	bool error, busy_forever;
	uint64_t ready_at;
	unsigned busy_reads;
};

struct doe_model {
	struct sim_node node;
	struct sim *sim;
	struct sim_rsp *rsp;
	uint8_t cfg[4096];
	size_t cfg_size; /* 4096, or 256 for a function without extended config space */
	struct doe_mailbox mb[2];
	enum doe_fault fault;
	unsigned fault_times; /* exchanges the fault affects (0: all) */
	uint32_t latency_us;  /* Go to Data Object Ready */
	unsigned bad_access, gos, aborts, exchanges;
	bool no_spdm;	 /* the second mailbox offers discovery only */
	bool no_secured; /* ... and no secured CMA/SPDM */
	bool no_doe;	 /* no DOE capability at all */
};

void doe_model_init(struct doe_model *m, struct sim *s, const char *bdf, struct sim_rsp *rsp);

#endif
