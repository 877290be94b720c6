/* SPDX-License-Identifier: BSD-3-Clause */
/* What authenticate says about a device: the text report and the JSON object (conn.h). */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "conn.h"

const char *cli_outcome_name(enum cspdm_auth_outcome o)
{
	switch (o) {
	case CSPDM_AUTH_TRUSTED:
		return "trusted";
	case CSPDM_AUTH_EVIDENCE_READY:
		return "evidence ready";
	default:
		return "failed";
	}
}

/* What a certificate printer needs: the cache that holds the parsed chain, and where to. */
struct cert_out {
	struct cspdm_x509_cache *cache;
	json_t *arr; /* NULL: print */
};

/* Each DER certificate of the chain, root first, summarized: printed or appended to arr. */
static void for_each_cert(const struct cspdm_result *r, const struct cert_out *o)
{
	char subject[256], san[512];
	const uint8_t *der;
	size_t n;
	unsigned i;

	for (i = 0; cspdm_result_cert(r, i, &der, &n) == CSPDM_OK; i++) {
		if (cspdm_x509_cache_cert_summary(o->cache, der, n, subject, sizeof(subject), san,
						  sizeof(san)))
			continue;
		if (o->arr) {
			json_array_append_new(o->arr,
					      json_pack("{s:s, s:s, s:I}", "subject", subject,
							"san", san, "der_length", (json_int_t)n));
			continue;
		}
		printf("  [%u] %s (%zu bytes)\n", i, subject, n);
		if (san[0])
			printf("      SAN: %s\n", san);
	}
}

void cli_print_auth(const char *target, const char *transport, const char *expected_san,
		    const struct cspdm_result *r, struct cspdm_x509_cache *cache)
{
	struct cert_out co = {cache, NULL};
	char caps[512];

	cli_caps_string(r->rsp_caps, caps, sizeof(caps));
	printf("device        %s (transport %s)\n", target, transport);
	printf("version       SPDM %u.%u\n", r->version >> 4, r->version & 0xF);
	printf("capabilities  %s\n", caps);
	printf("              CTExponent %u", r->rsp_ct_exponent);
	if (r->version >= CSPDM_V12)
		printf(", DataTransferSize %u, MaxSPDMmsgSize %u", r->rsp_data_transfer_size,
		       r->rsp_max_msg_size);
	printf("\nalgorithms    %s, %s", cspdm_asym_name(r->base_asym),
	       cspdm_hash_name(r->base_hash));
	if (r->meas_hash)
		printf(", measurement hash %s", cspdm_hash_name(r->meas_hash >> 1));
	printf("\nslots         provisioned mask 0x%02x, authenticated slot %u\n", r->slot_mask,
	       r->slot);
	printf("cert chain    %zu bytes:\n", r->cert_chain_len);
	for_each_cert(r, &co);
	printf("signature     %s over the %s transcript: verified\n", cspdm_asym_name(r->base_asym),
	       cspdm_hash_name(r->base_hash));
	if (expected_san)
		printf("PCIe CMA SAN  %s: matched\n", expected_san);
	if (r->mutual)
		printf(
		    "mutual auth   basic (BasicMutAuthReq): %u encapsulated requests answered%s\n",
		    r->encap_requests,
		    r->mutual > 1 ? ", our CHALLENGE_AUTH signed" : ", no CHALLENGE among them");
	printf("round trips   %u\n", r->round_trips);
	printf("outcome       %s%s\n", cli_outcome_name(r->outcome),
	       r->outcome == CSPDM_AUTH_EVIDENCE_READY
		   ? " (no --trust given: chain and signature consistent, root not verified)"
		   : "");
}

json_t *cli_json_error(const cspdm_error *e)
{
	return json_pack("{s:s, s:s, s:s?, s:s?, s:s?, s:i, s:s?, s:i, s:s?}", "code",
			 cspdm_status_name(e->code), "message", cspdm_strerror(e->code), "request",
			 e->request_code ? cspdm_request_name(e->request_code) : NULL, "response",
			 e->response_code ? cspdm_request_name(e->response_code) : NULL, "field",
			 e->field, "offset", (int)e->offset, "device_error",
			 e->device_code ? cspdm_device_error_name(e->device_code) : NULL,
			 "device_error_data", (int)e->device_data, "reason", cspdm_os_reason(e));
}

json_t *cli_auth_json(const char *target, const char *transport, const struct cspdm_result *r,
		      const cspdm_error *e, struct cspdm_x509_cache *cache)
{
	char nonce[2 * CSPDM_NONCE_SIZE + 1], rnonce[2 * CSPDM_NONCE_SIZE + 1], caps[512];
	struct cert_out co = {cache, json_array()};
	json_t *root;

	cli_hex(nonce, r->requester_nonce, CSPDM_NONCE_SIZE);
	cli_hex(rnonce, r->responder_nonce, CSPDM_NONCE_SIZE);
	cli_caps_string(r->rsp_caps, caps, sizeof(caps));
	if (r->outcome != CSPDM_AUTH_FAILED)
		for_each_cert(r, &co);
	root = json_pack("{s:s, s:s, s:s, s:s, s:I, s:s, s:s, s:i, s:i, s:o, s:i}", "device",
			 target, "transport", transport, "outcome", cli_outcome_name(r->outcome),
			 "capabilities", caps, "capability_flags", (json_int_t)r->rsp_caps,
			 "base_asym", cspdm_asym_name(r->base_asym), "base_hash",
			 cspdm_hash_name(r->base_hash), "slot", r->slot, "slot_mask", r->slot_mask,
			 "certificates", co.arr, "round_trips", (int)r->round_trips);
	if (r->version)
		json_object_set_new(root, "version",
				    json_sprintf("%u.%u", r->version >> 4, r->version & 0xF));
	if (r->outcome != CSPDM_AUTH_FAILED) {
		json_object_set_new(root, "requester_nonce", json_string(nonce));
		json_object_set_new(root, "responder_nonce", json_string(rnonce));
	}
	if (r->mutual)
		json_object_set_new(root, "mutual_auth",
				    json_pack("{s:s, s:i, s:b}", "mode", "basic", "encap_requests",
					      (int)r->encap_requests, "challenged", r->mutual > 1));
	if (e)
		json_object_set_new(root, "error", cli_json_error(e));
	return root;
}

void cli_json_print(json_t *root, int one_line)
{
	char *s = root ? json_dumps(root, one_line ? JSON_COMPACT : JSON_INDENT(2)) : NULL;

	if (s)
		puts(s);
	free(s);
	json_decref(root);
}
