/* SPDX-License-Identifier: BSD-3-Clause */
/* Sizes and names of the SPDM base algorithms (DSP0274 Table 15 definitions). */
#include "cspdm/cspdm.h"

uint32_t cspdm_hash_size(uint32_t alg)
{
	switch (alg) {
	case CSPDM_HASH_SHA_256:
	case CSPDM_HASH_SHA3_256:
	case CSPDM_HASH_SM3_256:
		return 32;
	case CSPDM_HASH_SHA_384:
	case CSPDM_HASH_SHA3_384:
		return 48;
	case CSPDM_HASH_SHA_512:
	case CSPDM_HASH_SHA3_512:
		return 64;
	default:
		return 0;
	}
}

uint32_t cspdm_sig_size(uint32_t alg)
{
	switch (alg) {
	case CSPDM_ASYM_RSASSA_2048:
	case CSPDM_ASYM_RSAPSS_2048:
		return 256;
	case CSPDM_ASYM_RSASSA_3072:
	case CSPDM_ASYM_RSAPSS_3072:
		return 384;
	case CSPDM_ASYM_RSASSA_4096:
	case CSPDM_ASYM_RSAPSS_4096:
		return 512;
	case CSPDM_ASYM_ECDSA_P256:
	case CSPDM_ASYM_SM2_P256:
	case CSPDM_ASYM_EDDSA_25519:
		return 64;
	case CSPDM_ASYM_ECDSA_P384:
		return 96;
	case CSPDM_ASYM_ECDSA_P521:
		return 132;
	case CSPDM_ASYM_EDDSA_448:
		return 114;
	default:
		return 0;
	}
}

static const char *const asym_names[] = {
    "RSASSA_2048", "RSAPSS_2048", "RSASSA_3072", "RSAPSS_3072", "ECDSA_P256",  "RSASSA_4096",
    "RSAPSS_4096", "ECDSA_P384",  "ECDSA_P521",	 "SM2_P256",	"EDDSA_25519", "EDDSA_448",
};

static const char *const hash_names[] = {
    "SHA_256", "SHA_384", "SHA_512", "SHA3_256", "SHA3_384", "SHA3_512", "SM3_256",
};

static int bit_index(uint32_t v)
{
	int i;

	if (!v || (v & (v - 1)))
		return -1;
	for (i = 0; !(v & 1); i++)
		v >>= 1;
	return i;
}

const char *cspdm_asym_name(uint32_t alg)
{
	int i = bit_index(alg);

	return i >= 0 && i < (int)(sizeof(asym_names) / sizeof(asym_names[0])) ? asym_names[i]
									       : "none";
}

const char *cspdm_hash_name(uint32_t alg)
{
	int i = bit_index(alg);

	return i >= 0 && i < (int)(sizeof(hash_names) / sizeof(hash_names[0])) ? hash_names[i]
									       : "none";
}
