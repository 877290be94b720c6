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
#include "cspdm/responder.h" /* struct cspdm_identity, generate, load, export, free */

/*
 * count identities for one slot whose chains share one generated root and intermediate CA, each
 * with a leaf and key of its own (the leaf of the i-th is "cspdm emulated device i slot S";
 * with count 1 it is cspdm_identity_generate). A fleet of emulated devices, as real ones come
 * from one vendor CA. out has count entries; on failure all are zeroed.
 */
cspdm_status cspdm_identity_generate_fleet(uint32_t asym, const char *cma_san, uint8_t slot,
					   unsigned count, struct cspdm_identity *out);

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

#endif
