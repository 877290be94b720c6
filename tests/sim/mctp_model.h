/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * An MCTP endpoint behind a simulated AF_MCTP socket: requests sent to (net, eid) with the tag
 * owner bit get a response from cspdm's responder (secured messages: echoed, first byte
 * inverted) with a kernel-chosen tag and TO clear, as mctp(7) delivers it. Options make it
 * unreachable (sendto fails), silent, or precede the response with datagrams a requester must
 * drop (another EID, another type, a request to us).
 */
#ifndef CSPDM_TESTS_MCTP_MODEL_H
#define CSPDM_TESTS_MCTP_MODEL_H

#include <linux/mctp.h>

#include "sim.h"

struct mctp_model {
	struct sim_node node;
	struct sim_rsp *rsp;
	uint32_t net; /* the endpoint's network */
	uint8_t eid;
	int route_errno; /* nonzero: sendto fails with it */
	bool silent;	 /* never answers */
	bool noise;	 /* strangers' datagrams before each response */
	struct sockaddr_mctp last_to;
	uint8_t last_type;
	unsigned sends, bad_addr;
	/* the queue of datagrams for the requester */
	uint8_t q[4][65600];
	size_t q_len[4];
	struct sockaddr_mctp q_from[4];
	unsigned q_head, q_n;
	uint8_t next_tag;
};

void mctp_model_init(struct mctp_model *m, struct sim *s, uint32_t net, uint8_t eid,
		     struct sim_rsp *rsp);

#endif
