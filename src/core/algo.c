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

/* DSP0274 Table "DHE": ExchangeData is X || Y for ECDHE and the value of p's size for FFDHE. */
uint32_t cspdm_dhe_size(uint16_t dhe)
{
	switch (dhe) {
	case CSPDM_DHE_FFDHE_2048:
		return 256;
	case CSPDM_DHE_FFDHE_3072:
		return 384;
	case CSPDM_DHE_FFDHE_4096:
		return 512;
	case CSPDM_DHE_SECP256R1:
		return 64;
	case CSPDM_DHE_SECP384R1:
		return 96;
	case CSPDM_DHE_SECP521R1:
		return 132;
	default:
		return 0;
	}
}

uint32_t cspdm_dhe_secret_size(uint16_t dhe)
{
	uint32_t n = cspdm_dhe_size(dhe);

	return dhe >= CSPDM_DHE_SECP256R1 ? n / 2 : n;
}

uint32_t cspdm_aead_key_size(uint16_t aead)
{
	switch (aead) {
	case CSPDM_AEAD_AES_128_GCM:
		return 16;
	case CSPDM_AEAD_AES_256_GCM:
	case CSPDM_AEAD_CHACHA20_POLY1305:
		return 32;
	default:
		return 0;
	}
}

static const char *const dhe_names[] = {
    "FFDHE_2048", "FFDHE_3072", "FFDHE_4096", "SECP_256_R1", "SECP_384_R1", "SECP_521_R1",
};

static const char *const aead_names[] = {"AES_128_GCM", "AES_256_GCM", "CHACHA20_POLY1305"};

const char *cspdm_dhe_name(uint16_t dhe)
{
	int i = bit_index(dhe);

	return i >= 0 && i < (int)(sizeof(dhe_names) / sizeof(dhe_names[0])) ? dhe_names[i]
									     : "none";
}

const char *cspdm_aead_name(uint16_t aead)
{
	int i = bit_index(aead);

	return i >= 0 && i < (int)(sizeof(aead_names) / sizeof(aead_names[0])) ? aead_names[i]
									       : "none";
}
