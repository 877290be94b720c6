/* SPDX-License-Identifier: BSD-3-Clause */
/* cspdm responder's mutual authentication: its options, the requester's trust, the log. */
#ifndef CSPDM_CLI_RSP_MUTUAL_H
#define CSPDM_CLI_RSP_MUTUAL_H

#include <getopt.h>
#include <stdint.h>

#include "cspdm/responder.h"

struct rsp_mutual {
	uint8_t mut_auth; /* CSPDM_MUT_* */
	uint8_t req_slot;
	const char *trust; /* --trust-requester */
	const char *chain; /* --requester-chain */
	struct cspdm_identity known;
	struct cspdm_openssl *ossl;
	uint8_t *cert_buf;
	int verbose;
};

#define OPT_MUTUAL	     0x280 /* getopt values OPT_MUTUAL + 0 .. RSP_MUTUAL_OPT_COUNT - 1 */
#define RSP_MUTUAL_OPT_COUNT 4
#define RSP_MUTUAL_OPTIONS                                                                         \
	{"mut-auth", required_argument, NULL, OPT_MUTUAL},                                         \
	    {"trust-requester", required_argument, NULL, OPT_MUTUAL + 1},                          \
	    {"req-slot", required_argument, NULL, OPT_MUTUAL + 2},                                 \
	{                                                                                          \
		"requester-chain", required_argument, NULL, OPT_MUTUAL + 3                         \
	}

#define RSP_MUTUAL_HELP                                                                            \
	"  --mut-auth LIST       ask for mutual authentication: basic (CHALLENGE_AUTH\n"           \
	"                        BasicMutAuthReq, SPDM 1.1+), and in KEY_EXCHANGE_RSP one of\n"    \
	"                        encap (the encapsulated flow), digests (the same, GET_DIGESTS\n"  \
	"                        implied) or wo-encap (the requester's slot named; needs its\n"    \
	"                        chain known: --requester-chain, or basic earlier)\n"              \
	"  --trust-requester PATH  the requester's trusted roots (PEM or DER file, or a\n"         \
	"                        directory); required with --mut-auth\n"                           \
	"  --req-slot N          the requester's certificate slot asked for (default 0)\n"         \
	"  --requester-chain FILE  the requester's chain known in advance (wo-encap)\n"

/* 0: handled; 2: usage error (printed). which: the option's index. */
int rsp_mutual_opt(struct rsp_mutual *m, int which, const char *arg);
/* After parsing: the trust store, the chain, the storage, the log; into rc. 0, 1 (failed) or
 * 2 (usage error, printed). */
int rsp_mutual_setup(struct rsp_mutual *m, struct cspdm_responder_config *rc, int verbose);
/* The server's out-of-band hook: OOB_ENCAP_KEY_UPDATE starts the encapsulated KEY_UPDATE. */
int rsp_mutual_oob(struct cspdm_responder *r, int verbose, uint32_t command, const uint8_t *p,
		   size_t len);
void rsp_mutual_free(struct rsp_mutual *m);

#endif
