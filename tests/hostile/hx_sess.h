/* SPDX-License-Identifier: BSD-3-Clause */
/* Shared by hx_sess.c and hx_rsp_sess.c: a session's key, copied, to open and seal records. */
#ifndef CSPDM_HX_SESS_H
#define CSPDM_HX_SESS_H

#include "hostile.h"

#include "core/session_ctx.h"
#include "cspdm/session.h"

/* A copy of one direction's key: enough to open and seal one record as the session would. */
struct hx_key {
	struct ks ks;
	uint16_t aead;
	uint8_t mac_only;
	uint32_t id;
	uint64_t seq; /* the record's sequence number */
	uint8_t secret[CSPDM_MAX_HASH_SIZE];
	struct cspdm_secured_binding b;
};

/* Session s's key of direction d, at its next sequence number. */
void hx_key_of(const struct cspdm_session *s, enum sec_dir_id d, struct hx_key *k);
/* A record layer of our own on k (direction d) at k's sequence number; sec_wipe it after. */
cspdm_status hx_key_state(const struct hx_key *k, enum sec_dir_id d, struct sec_state *st);
/* A session of ctx in the harness's memory, on the harness's binding. */
cspdm_status hx_sess_new(struct hx *h, struct cspdm_context *ctx, uint32_t sess,
			 struct cspdm_session **s);

#endif
