/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * cspdm verify --pcap --psk: every key of the capture's PSK sessions derived passively (VCA,
 * PSK_EXCHANGE, PSK_EXCHANGE_RSP), every verify data checked, every secured message opened and
 * what it carries decoded. Any byte changed in a secured message makes it fail. The PSK is
 * never printed and is zeroed at the end.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "crypto/crypto.h"
#include "cspdm/transport.h"
#include "verify_psk.h"

int vpsk_opt(struct verify_psk *v, int c, char *arg)
{
	if (c == 'K') {
		if (cli_parse_psk(arg, v->psk, &v->psk_len)) {
			fprintf(stderr, "cspdm verify: --psk wants 1-64 bytes in hex\n");
			return 2;
		}
		return 0;
	}
	if (strlen(arg) && cli_parse_hex_len(arg, v->hint, sizeof(v->hint), &v->hint_len)) {
		fprintf(stderr, "cspdm verify: --psk-hint wants 0-64 bytes in hex: %s\n", arg);
		return 2;
	}
	v->have_hint = 1;
	return 0;
}

cspdm_status vpsk_begin(struct verify_psk *v, const struct cspdm_observer *o, int linktype)
{
	struct cspdm_secured_binding b;

	v->obs = calloc(1, sizeof(*v->obs));
	if (!v->obs)
		return CSPDM_E_BUFFER_TOO_SMALL;
	cspdm_transport_secured_binding(
	    linktype == CSPDM_LINKTYPE_MCTP ? CSPDM_TRANSPORT_MCTP : CSPDM_TRANSPORT_PCI_DOE, &b);
	return cspdm_obs_psk_init(v->obs, o, &b, v->psk, v->psk_len, v->have_hint ? v->hint : NULL,
				  v->hint_len);
}

cspdm_status vpsk_message(struct verify_psk *v, enum cspdm_msg_kind kind, const uint8_t *msg,
			  size_t len, uint32_t pad)
{
	if (kind == CSPDM_MSG_SPDM)
		return cspdm_obs_psk_message(v->obs, msg, len, pad);
	return cspdm_obs_psk_secured(v->obs, msg, len, pad);
}

cspdm_status vpsk_unclassified(struct verify_psk *v, int linktype, const uint8_t *pkt, size_t len)
{
	const uint8_t *obj = NULL;
	size_t n = 0;
	uint8_t type = 0xFF;

	if (linktype == CSPDM_LINKTYPE_PCI_DOE &&
	    !cspdm_transport_decode(CSPDM_TRANSPORT_PCI_DOE, pkt, len, &obj, &n, &type) &&
	    type == CSPDM_DOE_TYPE_DISCOVERY)
		return CSPDM_OK;
	v->other_packets++;
	v->obs->err.code = CSPDM_E_TRANSPORT;
	v->obs->err.field = "packet (neither an SPDM message nor a secured one)";
	return CSPDM_E_TRANSPORT;
}

const cspdm_error *vpsk_error(const struct verify_psk *v)
{
	return &v->obs->err;
}

int vpsk_verified(const struct verify_psk *v)
{
	return v->obs && v->obs->sessions > 0 && v->obs->exchange_verified == v->obs->sessions;
}

void vpsk_human(const struct verify_psk *v)
{
	const struct cspdm_obs_psk *p = v->obs;

	printf("PSK sessions: %u, keys derived; ResponderVerifyData checked: %u; PSK_FINISH "
	       "RequesterVerifyData checked: %u\n",
	       p->sessions, p->exchange_verified, p->finish_verified);
	if (p->tsp_sessions)
		printf("  of them CXL TSP secondary sessions: %u, with the PSKs the primary set in "
		       "Set Target Configuration\n",
		       p->tsp_sessions);
	printf("secured messages opened: %u (%u requests, %u responses), %u decoded; KEY_UPDATE "
	       "followed: %u; sessions ended: %u\n",
	       p->opened_req + p->opened_rsp, p->opened_req, p->opened_rsp, p->decoded,
	       p->key_updates, p->ended);
	printf("VENDOR_DEFINED messages decoded: IDE_KM %u, TDISP %u, CXL IDE_KM %u, CXL TSP %u\n",
	       p->app[1], p->app[2], p->app[3], p->app[4]);
	if (p->not_ours)
		printf("secured messages of sessions without a key (KEY_EXCHANGE, another hint): "
		       "%u\n",
		       p->not_ours);
}

void vpsk_json(const struct verify_psk *v, json_t *root)
{
	const struct cspdm_obs_psk *p = v->obs;

	json_object_set_new(
	    root, "psk",
	    json_pack("{s:i, s:i, s:i, s:i, s:i, s:i, s:i, s:i, s:i, s:i}", "sessions",
		      (int)p->sessions, "responder_verify_data_checked", (int)p->exchange_verified,
		      "requester_verify_data_checked", (int)p->finish_verified,
		      "secured_requests_opened", (int)p->opened_req, "secured_responses_opened",
		      (int)p->opened_rsp, "decoded", (int)p->decoded, "key_updates",
		      (int)p->key_updates, "sessions_ended", (int)p->ended, "not_ours",
		      (int)p->not_ours, "tsp_secondary_sessions", (int)p->tsp_sessions));
	json_object_set_new(root, "app",
			    json_pack("{s:i, s:i, s:i, s:i}", "ide_km", (int)p->app[1], "tdisp",
				      (int)p->app[2], "cxl_ide_km", (int)p->app[3], "cxl_tsp",
				      (int)p->app[4]));
}

void vpsk_end(struct verify_psk *v)
{
	if (v->obs)
		cspdm_obs_psk_deinit(v->obs);
	free(v->obs);
	v->obs = NULL;
	cspdm_memzero(v->psk, sizeof(v->psk));
}
