/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Secret hygiene for the core (DESIGN.md "Sessions"): zeroing that the compiler may not drop,
 * and a comparison whose time depends only on the length (MACs and verify data).
 */
#include "crypto/crypto.h"

#include <string.h>

/* Called through a volatile pointer, memset cannot be proven dead and removed. */
static void *(*const volatile memset_v)(void *, int, size_t) = memset;

void cspdm_memzero(void *p, size_t n)
{
	if (p && n)
		(void)memset_v(p, 0, n);
}

int cspdm_ct_equal(const uint8_t *a, const uint8_t *b, size_t n)
{
	volatile uint8_t diff = 0;
	size_t i;

	for (i = 0; i < n; i++)
		diff |= (uint8_t)(a[i] ^ b[i]);
	return diff == 0;
}
