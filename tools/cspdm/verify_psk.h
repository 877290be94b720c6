/* SPDX-License-Identifier: BSD-3-Clause */
/* cspdm verify --pcap FILE --psk HEX [--psk-hint HEX]: the capture's PSK sessions opened
 * (src/core/observer_psk.h) beside the observer's checks. */
#ifndef CSPDM_CLI_VERIFY_PSK_H
#define CSPDM_CLI_VERIFY_PSK_H

#include <jansson.h>

#include "cli.h"
#include "core/observer_psk.h"

struct verify_psk {
	uint8_t psk[CLI_PSK_MAX], hint[CLI_PSK_HINT_MAX];
	size_t psk_len, hint_len;
	int have_hint;
	struct cspdm_obs_psk *obs; /* while the capture is replayed */
	unsigned other_packets;	   /* neither an SPDM message nor a secured one */
};

#define VERIFY_PSK_OPTIONS                                                                         \
	{"psk", required_argument, NULL, 'K'},                                                     \
	{                                                                                          \
		"psk-hint", required_argument, NULL, 'Q'                                           \
	}

/* --psk ('K', its digits overwritten in argv) and --psk-hint ('Q'): 0, or 2 (usage error). */
int vpsk_opt(struct verify_psk *v, int c, char *arg);
cspdm_status vpsk_begin(struct verify_psk *v, const struct cspdm_observer *o, int linktype);
/* Each SPDM or secured message of the capture (cspdm_capture_message_kind), after the
 * observer had it. */
cspdm_status vpsk_message(struct verify_psk *v, enum cspdm_msg_kind kind, const uint8_t *msg,
			  size_t len, uint32_t pad);
/* A packet that carries neither: DOE discovery passes; anything else (a changed byte in a
 * secured message's transport header, say) is an error. */
cspdm_status vpsk_unclassified(struct verify_psk *v, int linktype, const uint8_t *pkt, size_t len);
const cspdm_error *vpsk_error(const struct verify_psk *v);
/* At least one PSK session was opened and checked. */
int vpsk_verified(const struct verify_psk *v);
void vpsk_human(const struct verify_psk *v);
void vpsk_json(const struct verify_psk *v, json_t *root);
/* Zero the keys and the PSK. */
void vpsk_end(struct verify_psk *v);

#endif
