/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A saved device identity (cspdm authenticate --save-identity): what a host compares after a
 * reset or resume. JSON: slot, algorithms, the certificate chain digest, the leaf public key
 * (SubjectPublicKeyInfo, hex) and the values of selected measurement indices.
 */
#ifndef CSPDM_CLI_IDENTITY_FILE_H
#define CSPDM_CLI_IDENTITY_FILE_H

#include "cspdm/cspdm.h"
#include "crypto/crypto.h"

#define CLI_ID_MAX_MEAS	 32
#define CLI_ID_MAX_VALUE 512

struct cli_meas_value {
	uint8_t index;
	uint8_t value[CLI_ID_MAX_VALUE];
	size_t len;
};

struct cli_identity {
	struct cspdm_known_device known; /* known.pubkey is imported by cli_identity_load */
	uint8_t spki[2048];
	size_t spki_len;
	unsigned meas_count;
	struct cli_meas_value meas[CLI_ID_MAX_MEAS];
};

/* From an authentication result: slot, algorithms, digest and the leaf key of the chain. */
cspdm_status cli_identity_from_result(struct cli_identity *id, const struct cspdm_result *r);
/* Add the measurement values found in a record for the listed indices. */
cspdm_status cli_identity_add_meas(struct cli_identity *id, const uint8_t *record, size_t len);
cspdm_status cli_identity_save(const struct cli_identity *id, const char *path);
/* Load, and import the key with the OpenSSL backend (free with ops->key_free). */
cspdm_status cli_identity_load(struct cli_identity *id, const char *path, const char **why);
/* "1,2,5" -> indices; returns the count or -1. */
int cli_parse_index_list(const char *s, uint8_t *out, int cap);

#endif
