/* SPDX-License-Identifier: BSD-3-Clause */
/* The library's version: CMakeLists.txt's project(VERSION) is the one place it is written. */
#include "cspdm/cspdm.h"

#ifndef CSPDM_VERSION_STRING
#error "CSPDM_VERSION_STRING comes from CMakeLists.txt's project(VERSION)"
#endif

const char *cspdm_version(void)
{
	return CSPDM_VERSION_STRING;
}
