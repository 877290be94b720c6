/* SPDX-License-Identifier: BSD-3-Clause */
/* Shared by the Frama-C drivers: the unknown message, its length ranges, the parameters. */
#include "proof.h"

#include <stdlib.h>

static cspdm_error proof_error;
size_t proof_range;
int proof_case;

/* Number of ranges over 0 .. max: PROOF_EXACT + 1 single lengths, then growing ranges. */
static size_t proof_ranges(size_t max)
{
	size_t n = PROOF_EXACT + 1, lo = PROOF_EXACT + 1, k;

	for (k = 0; k < 64; k++) {
		if (lo > max)
			break;
		n++;
		lo <<= PROOF_GROWTH;
	}
	return n;
}

/*
 * Range idx: [idx, idx] up to E = PROOF_EXACT; above, with G = PROOF_GROWTH and
 * k = idx - E - 1, [(E + 1) 2^(G k), (E + 1) 2^(G (k + 1)) - 1], the last one cut at max.
 */
static void proof_bounds(size_t idx, size_t max, size_t *lo, size_t *hi)
{
	if (idx <= PROOF_EXACT) {
		*lo = *hi = idx;
		return;
	}
	*lo = ((size_t)PROOF_EXACT + 1) << (PROOF_GROWTH * (idx - PROOF_EXACT - 1));
	*hi = (*lo << PROOF_GROWTH) - 1;
	if (*hi > max)
		*hi = max;
}

const uint8_t *proof_msg(size_t max, size_t *len)
{
	size_t lo, hi;
	uint8_t *msg;

	proof_range = Frama_C_unsigned_long_interval(0, proof_ranges(max) - 1);
	proof_bounds(proof_range, max, &lo, &hi);
	*len = Frama_C_unsigned_long_interval(lo, hi);
	/* an object of its own (-eva-alloc-builtin fresh): nothing valid before or after it */
	msg = malloc(hi ? hi : 1);
	if (!msg)
		return NULL;
	Frama_C_make_unknown((char *)msg, hi);
	if (*len == 0)
		msg = Frama_C_nondet_ptr(msg, NULL);
	return msg;
}

int proof_choose(int lo, int hi)
{
	proof_case = Frama_C_interval(lo, hi);
	return proof_case;
}

const uint8_t *proof_msg_or_null(size_t max, size_t *len)
{
	return Frama_C_nondet_ptr((void *)proof_msg(max, len), NULL);
}

void proof_neg(struct spdm_neg *n)
{
	n->version = (uint8_t)Frama_C_interval(CSPDM_V10, CSPDM_V14);
	n->hash_size = Frama_C_unsigned_int_interval(0, CSPDM_MAX_HASH_SIZE);
	n->sig_size = Frama_C_unsigned_int_interval(0, CSPDM_MAX_SIG_SIZE);
	n->meas_hash_size = Frama_C_unsigned_int_interval(0, CSPDM_MAX_HASH_SIZE);
	n->multi_key = (uint8_t)Frama_C_interval(0, 1);
	n->max_pad = proof_max_pad();
	n->dhe_size = Frama_C_unsigned_int_interval(0, CSPDM_MAX_DHE_SIZE);
	n->req_sig_size = Frama_C_unsigned_int_interval(0, CSPDM_MAX_SIG_SIZE);
	n->hs_in_clear = (uint8_t)Frama_C_interval(0, 1);
}

uint32_t proof_max_pad(void)
{
	return Frama_C_unsigned_int_interval(0, PROOF_MAX_PAD);
}

cspdm_error *proof_err(void)
{
	return proof_or_null(&proof_error);
}

void proof_unknown(void *p, size_t n)
{
	Frama_C_make_unknown((char *)p, n);
}

uint8_t proof_u8(void)
{
	return Frama_C_unsigned_char_interval(0, UINT8_MAX);
}

uint32_t proof_u32(void)
{
	return Frama_C_unsigned_int_interval(0, UINT32_MAX);
}
