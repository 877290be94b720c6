/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * NVMe back-end: DSP0286 through the admin passthrough ioctl (NVME_IOCTL_ADMIN_CMD) on
 * /dev/nvmeN (namespace 0) or /dev/nvmeNnM (the namespace NVME_IOCTL_ID names).
 *
 * Security Send is admin opcode 0x81, Security Receive 0x82 (NVMe base spec): CDW10 holds
 * SECP (31:24), SPSP1 (23:16), SPSP0 (15:8) and NSSF (7:0, 0); CDW11 the transfer or
 * allocation length. The ioctl returns -1 with errno when the kernel fails, or the completion's
 * Status Field (DNR 14, More 13, CRD 12:11, SCT 10:8, SC 7:0) when the controller does.
 */
#include "io/storage_io.h"

#include <errno.h>
#include <linux/nvme_ioctl.h>
#include <sys/ioctl.h>
#include <stdint.h>
#include <string.h>

#define NVME_ADMIN_SECURITY_SEND 0x81
#define NVME_ADMIN_SECURITY_RECV 0x82
#define NVME_DEFAULT_TIMEOUT_MS	 0 /* the kernel's admin timeout */

static uint32_t timeout_ms(uint64_t us)
{
	uint64_t ms = (us + 999) / 1000;

	if (us == 0)
		return NVME_DEFAULT_TIMEOUT_MS;
	return ms > UINT32_MAX ? UINT32_MAX : (uint32_t)ms;
}

static cspdm_status nvme_exec(struct storage_dev *s, struct storage_cmd *c)
{
	struct nvme_admin_cmd cmd;
	int r;

	memset(&cmd, 0, sizeof(cmd));
	cmd.opcode = c->to_device ? NVME_ADMIN_SECURITY_SEND : NVME_ADMIN_SECURITY_RECV;
	cmd.nsid = s->nsid;
	cmd.addr = (uint64_t)(uintptr_t)c->buf;
	cmd.data_len = (uint32_t)c->len;
	cmd.cdw10 = (uint32_t)c->secp << 24 | (uint32_t)c->spsp << 8;
	cmd.cdw11 = (uint32_t)c->len;
	cmd.timeout_ms = timeout_ms(c->timeout_us);
	r = s->b.sys->ioctl(s->b.sys->priv, s->fd, NVME_IOCTL_ADMIN_CMD, &cmd);
	c->exact = false;
	if (r < 0) {
		if (errno == EINTR || errno == ETIMEDOUT)
			return cspdm_dev_fail(s->b.err, CSPDM_E_TIMEOUT, c->what, errno);
		return cspdm_dev_fail_errno(s->b.err, c->what, errno);
	}
	if (r > 0)
		return cspdm_dev_fail_status(s->b.err, CSPDM_E_DEVICE_STATUS, c->what,
					     CSPDM_DEV_STATUS_NVME, (uint32_t)r);
	return CSPDM_OK;
}

cspdm_status cspdm_nvme_open(const struct cspdm_dev_addr *a, const struct cspdm_sys *sys,
			     struct cspdm_dev_error *err, struct cspdm_backend **out)
{
	struct storage_dev *s = cspdm_storage_new(sys, err);
	cspdm_status st;
	int nsid;

	*out = NULL;
	if (!s)
		return cspdm_dev_fail(err, CSPDM_E_IO, "out of memory", ENOMEM);
	s->bus = "NVMe";
	s->exec = nvme_exec;
	st = cspdm_storage_open_node(s, a->path);
	if (!st) {
		/* a namespace's block device names its namespace; the controller's does not */
		nsid = sys->ioctl(sys->priv, s->fd, NVME_IOCTL_ID, NULL);
		s->nsid = nsid > 0 ? (uint32_t)nsid : 0;
		st = cspdm_storage_attach(s);
	}
	if (st) {
		cspdm_storage_free(s);
		return st;
	}
	*out = &s->b;
	return CSPDM_OK;
}
