/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Device identity for the responder and the device emulator (`cspdm responder`): one slot's
 * certificate chain (root CA -> intermediate CA -> leaf) and the leaf's private key.
 *
 * Generated certificates follow the profile cspdm's own requester policy (x509_openssl.c),
 * PCIe CMA and the Linux kernel expect: X.509 v3, random positive 16-byte serials, critical
 * basicConstraints and keyUsage, SKI/AKI, and on the leaf the PCIe CMA subjectAltName
 * (otherName 2.23.147, UTF8String) when one is asked for. All three keys are of the asym
 * algorithm's type and size; certificates are signed with SHA-384 (P-256, P-384, RSA up to
 * 3072), SHA-512 (P-521, RSA-4096) or pure EdDSA.
 *
 * This is the OpenSSL backend's helper: key is an EVP_PKEY *, usable with the ops' sign.
 */
#ifndef CSPDM_IDENTITY_H
#define CSPDM_IDENTITY_H

#include <stddef.h>
#include <stdint.h>

#include "cspdm/cspdm.h"

/* One slot's identity. */
struct cspdm_identity {
	uint32_t asym;	/* CSPDM_ASYM_* the key serves */
	uint8_t *chain; /* DER certificates concatenated, root first (malloc'd) */
	size_t chain_len;
	void *key; /* EVP_PKEY * private key of the leaf (usable with the ops' sign) */
};

/*
 * Generate a fresh root CA -> intermediate CA -> leaf chain and leaf key for asym (ECDSA
 * P-256/P-384/P-521, RSASSA/RSAPSS 2048/3072/4096, EdDSA Ed25519/Ed448; RSA keys are plain
 * rsaEncryption keys, the signature scheme is chosen when signing). cma_san, when not NULL,
 * becomes the leaf's PCIe CMA subjectAltName; slot (0..7) names the leaf.
 * Returns CSPDM_E_UNSUPPORTED for other algorithms, CSPDM_E_CRYPTO if OpenSSL fails.
 * On failure *out is zeroed.
 */
cspdm_status cspdm_identity_generate(uint32_t asym, const char *cma_san, uint8_t slot,
				     struct cspdm_identity *out);

/*
 * Load a device's own identity. chain_file: certificates as concatenated DER or PEM, root
 * first; key_file: the leaf's private key, PEM or DER. The key must match the leaf's public
 * key (else CSPDM_E_X509_KEY). out->asym is derived from the key (EC curve, RSA size as
 * RSASSA, RSA-PSS key as RSAPSS, Ed25519/Ed448) unless asym_hint is nonzero, in which case
 * the key must fit asym_hint (CSPDM_E_X509_KEY otherwise); an RSA key serves RSASSA or RSAPSS
 * and the hint picks. Errors: CSPDM_E_IO (a file can't be read), CSPDM_E_X509_PARSE (chain
 * is not certificates), CSPDM_E_INVALID_ARG (key file is not a private key).
 */
cspdm_status cspdm_identity_load(const char *chain_file, const char *key_file, uint32_t asym_hint,
				 struct cspdm_identity *out);

/*
 * Persistent identity: state_dir/<ALGNAME>/slot<N>/chain.der and key.pem, ALGNAME from
 * cspdm_asym_name() (e.g. DIR/ECDSA_P384/slot0/chain.der). If chain.der exists, load both
 * files and check the stored chain against cspdm's policy for asym and cma_san (so a changed
 * SAN is reported as CSPDM_E_X509_SAN instead of serving the old one); otherwise generate
 * and save, creating the directories (0700) and writing key.pem (PKCS#8, mode 0600) before
 * chain.der, each through a temporary file and rename.
 */
cspdm_status cspdm_identity_load_or_generate(const char *state_dir, uint32_t asym,
					     const char *cma_san, uint8_t slot,
					     struct cspdm_identity *out);

/* Write the chain's root (first) certificate as PEM to path (a requester's trust store). */
cspdm_status cspdm_identity_export_root(const struct cspdm_identity *id, const char *path);

/* Free the chain and the key and zero the struct; NULL and zeroed structs are fine. */
void cspdm_identity_free(struct cspdm_identity *id);

#endif
