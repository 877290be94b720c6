/* SPDX-License-Identifier: BSD-3-Clause */
/* The OS's reason for a failed system call, as cspdm_error.os_error records it. */
#include <netdb.h>
#include <string.h>

#include "cspdm/cspdm.h"

const char *cspdm_os_reason(const cspdm_error *e)
{
	if (!e || e->os_error == 0)
		return NULL;
	if (e->code == CSPDM_E_RESOLVE)
		return gai_strerror(e->os_error);
	return strerror(e->os_error);
}
