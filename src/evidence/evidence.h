/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Evidence for a userspace verifier (DESIGN.md "Evidence"), in the layout of the Linux
 * kernel's proposed SPDM sysfs ABI:
 *
 *   DIR/certificates/slotN        the SPDM certificate chain as received (header included)
 *   DIR/certificates/slotN.pem    its certificates as PEM
 *   DIR/signatures/K_transcript   the signed transcript (M1/M2 or L1/L2), K = 0, 1, ...
 *   DIR/signatures/K_signature, K_requester_nonce, K_responder_nonce,
 *   DIR/signatures/K_combined_spdm_prefix (empty before 1.2), K_type ("challenge_auth",
 *                                 "measurements" or "key_exchange_rsp"), K_hash_algorithm
 *                                 (e.g. "sha384")
 *   DIR/measurements/record       the measurement blocks received, concatenated
 *   DIR/measurements/N            each block's measurement value (index N, decimal)
 *   DIR/tdisp/interface_ID        a TDISP interface report (ID: the INTERFACE_ID's
 *                                 FUNCTION_ID, 8 hex digits), as reassembled from its portions
 *   DIR/evidence.json             all of the above described (jansson)
 *
 * A key_exchange_rsp signature (a secure session's KEY_EXCHANGE_RSP) is over TH up to the
 * signature: VCA || Hash(the slot's chain) || KEY_EXCHANGE || KEY_EXCHANGE_RSP without its
 * signature; its K_requester_nonce and K_responder_nonce hold the RandomData of KEY_EXCHANGE
 * and of KEY_EXCHANGE_RSP (the nonces' place in the kernel's ABI).
 *
 * The offline verifier re-checks a bundle with no device: the chain against trusted roots,
 * every signature over its transcript and prefix, the nonces, and measurements against a
 * reference policy (a JSON map from index to the expected value, hex).
 */
#ifndef CSPDM_EVIDENCE_H
#define CSPDM_EVIDENCE_H

#include <stdio.h>

#include "cspdm/cspdm.h"
#include "crypto/crypto.h"

struct cspdm_evidence;

struct cspdm_evidence *cspdm_evidence_new(void);
void cspdm_evidence_free(struct cspdm_evidence *e);
/* Plug into cspdm_config.on_signature (priv = the evidence): keeps a copy of each signature. */
void cspdm_evidence_on_signature(void *priv, const struct cspdm_signature_evidence *ev);
/* What authentication learned (chain, algorithms, outcome). device: "HOST:PORT" text. */
cspdm_status cspdm_evidence_set_auth(struct cspdm_evidence *e, const struct cspdm_result *r,
				     const char *device, const char *transport);
/* The measurements received (may be called once after cspdm_measure). */
cspdm_status cspdm_evidence_set_meas(struct cspdm_evidence *e, const struct cspdm_meas_result *m);
/* A TDISP interface report received in the session (DEVICE_INTERFACE_REPORT portions put
 * together): kept for the bundle with its summary in evidence.json "tdisp_reports". */
cspdm_status cspdm_evidence_add_tdisp_report(struct cspdm_evidence *e, uint32_t interface_id,
					     const uint8_t *report, size_t len);
/*
 * Write the bundle to dir (created if missing). CSPDM_E_IO when a file or directory cannot be
 * written: *err (may be NULL) then names it in field (a thread-local buffer, valid until the
 * next call in this thread) with errno in os_error. A signature that could not be kept (no
 * transcript recorded: set cspdm_config.transcript_buf -> CSPDM_E_INVALID_ARG; out of memory ->
 * CSPDM_E_BUFFER_TOO_SMALL) is reported here.
 */
cspdm_status cspdm_evidence_write(const struct cspdm_evidence *e, const char *dir,
				  cspdm_error *err);

/* evidence.json "format" and "format_version". */
#define CSPDM_EVIDENCE_FORMAT	      "cspdm-evidence"
#define CSPDM_EVIDENCE_FORMAT_VERSION 1

/* Names used in the bundle, shared by the writer and the verifier. */
/* K_hash_algorithm text: "sha256", "sha384", "sha512", "sha3-256", ..., "sm3"; NULL if unknown. */
const char *cspdm_evidence_hash_name(uint32_t base_hash);
/* The reverse: CSPDM_HASH_* for such a name, 0 if unknown. */
uint32_t cspdm_evidence_hash_parse(const char *name);
/* DMTFSpecMeasurementValueType (bit 7, raw bit stream, ignored): "immutable_rom", ... */
const char *cspdm_evidence_dmtf_type_name(uint8_t dmtf_type);
/* K_type text: "challenge_auth", "measurements" or "key_exchange_rsp". */
const char *cspdm_evidence_sig_type(enum cspdm_sig_kind kind);

struct cspdm_verify_opts {
	const char *trust;	  /* trusted roots (PEM file or directory of *.pem), or NULL */
	const uint8_t *nonce;	  /* expected requester nonce (32 bytes), or NULL */
	const char *policy;	  /* reference measurement policy file (JSON), or NULL */
	const char *expected_san; /* PCIe CMA SAN to require, or NULL */
	FILE *report;		  /* one line per check, or NULL */
};

/*
 * Re-check a bundle offline. CSPDM_OK when everything verifies; otherwise the first failure,
 * described in *err (field names the file or the check, offset the byte where it applies).
 * With a trust store the chain must anchor in it (*trusted = 1). With o->nonce, every
 * CHALLENGE_AUTH and MEASUREMENTS signature's requester nonce must be that one (KEY_EXCHANGE
 * carries RandomData instead). A key_exchange_rsp signature is checked over its transcript
 * first; then the transcript must end with the slot's chain hash, a KEY_EXCHANGE and its
 * response (decoded), whose RandomData are the nonce files. A policy needs signed measurements:
 * with no MEASUREMENTS signature in the bundle the blocks verify as unsigned, and a policy fails.
 * err->field may point to a thread-local buffer, valid until the next call in this thread.
 * o, err and trusted may be NULL.
 */
cspdm_status cspdm_verify_bundle(const char *dir, const struct cspdm_verify_opts *o,
				 cspdm_error *err, int *trusted);

#endif
