/* SPDX-License-Identifier: BSD-3-Clause */
/* NVMe, SCSI and AF_MCTP back-ends: not yet (they follow in their own files). */
#include "io/backend.h"
cspdm_status cspdm_nvme_open(const struct cspdm_dev_addr *a, const struct cspdm_sys *sys,
			     struct cspdm_dev_error *err, struct cspdm_backend **out)
{
	(void)a;
	(void)sys;
	(void)out;
	return cspdm_dev_fail(err, CSPDM_E_UNSUPPORTED, "todo", 0);
}
cspdm_status cspdm_scsi_open(const struct cspdm_dev_addr *a, const struct cspdm_sys *sys,
			     struct cspdm_dev_error *err, struct cspdm_backend **out)
{
	(void)a;
	(void)sys;
	(void)out;
	return cspdm_dev_fail(err, CSPDM_E_UNSUPPORTED, "todo", 0);
}
cspdm_status cspdm_mctp_open(const struct cspdm_dev_addr *a, const struct cspdm_sys *sys,
			     struct cspdm_dev_error *err, struct cspdm_backend **out)
{
	(void)a;
	(void)sys;
	(void)out;
	return cspdm_dev_fail(err, CSPDM_E_UNSUPPORTED, "todo", 0);
}
