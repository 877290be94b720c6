/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The reference emulators' mutual authentication, offline (tests/data/sessions/, see its
 * README): in each capture the passive check (src/core/obs_mutual.c) assembles the requester's
 * chain from the encapsulated flow, validates it against the sample root, and verifies every
 * requester signature in the clear: the encapsulated CHALLENGE_AUTH of basic mutual
 * authentication and the signed FINISH of each session. A byte changed in a signature, or in
 * a message a transcript covers, is a CSPDM_E_SIGNATURE.
 */
#include <stdio.h>
#include <string.h>

#include "testutil.h"
#include "capture/pcap_file.h"
#include "codec/spdm.h"
#include "core/obs_mutual.h"
#include "cspdm/transport.h"

struct capture {
	const char *name;
	unsigned mut_signatures, finish_signatures;
};

static const struct capture captures[] = {
    {"sess_v12_mctp_mutauth_encap", 1, 2},
    {"sess_v13_mctp_mutauth_wo_encap", 1, 2},
    {"sess_v13_pci_doe_mutauth_digests", 1, 2},
};

static struct cspdm_openssl *ossl;
static uint8_t dev_chain[65536], req_chain[65536];

/* What to change: the nth message of code (0: none), at offset at (negative: from the end). */
struct tamper {
	uint8_t code;
	unsigned nth;
	int at;
	unsigned seen;
};

static cspdm_status replay(const char *name, struct cspdm_obs_mutual *o, struct tamper *t)
{
	char why[256], rel[256];
	struct cspdm_pcap *p = NULL;
	const uint8_t *pkt, *msg;
	static uint8_t copy[65536];
	size_t mlen, plen;
	uint32_t pad = 0;
	int lt = -1;
	cspdm_status st = CSPDM_OK;

	snprintf(rel, sizeof(rel), "sessions/%s.pcap", name);
	if (cspdm_pcap_open(&p, tu_data_path(rel), &lt, NULL, why, sizeof(why)))
		print_message("%s: %s\n", rel, why);
	assert_non_null(p);
	cspdm_obs_mut_init(o, cspdm_openssl_ops(ossl), dev_chain, sizeof(dev_chain), req_chain,
			   sizeof(req_chain));
	while (!st && cspdm_pcap_next(p, &pkt, &plen) == 1) {
		if (cspdm_capture_message(lt, pkt, plen, &msg, &mlen, &pad))
			continue; /* DOE discovery, secured messages */
		memcpy(copy, msg, mlen);
		if (t && mlen >= 4 && copy[1] == t->code && ++t->seen == t->nth)
			copy[t->at < 0 ? (int)mlen + t->at : t->at] ^= 0x01;
		st = cspdm_obs_mut_message(o, copy, mlen, pad);
		if (st)
			print_message("%s: message 0x%02x (%zu bytes)\n", name, copy[1], mlen);
	}
	cspdm_pcap_close(p);
	return st;
}

static void test_capture(void **state)
{
	const struct capture *c = *state;
	struct cspdm_obs_mutual o;
	cspdm_status st = replay(c->name, &o, NULL);

	if (st)
		print_message("%s: %s at %s\n", c->name, cspdm_status_name(st),
			      o.err.field ? o.err.field : "-");
	assert_int_equal(st, CSPDM_OK);
	printf("  %s: the requester's chain validated %u time(s) (%s), %u encapsulated "
	       "CHALLENGE_AUTH and %u FINISH signatures verified\n",
	       c->name, o.req_chains, o.req_trusted ? "trusted" : "not anchored", o.mut_signatures,
	       o.finish_signatures);
	assert_true(o.req_chains >= 1);
	assert_int_equal(o.req_trusted, 1);
	assert_int_equal(o.mut_signatures, c->mut_signatures);
	assert_int_equal(o.finish_signatures, c->finish_signatures);
	cspdm_obs_mut_deinit(&o);
}

/* A byte changed in what a requester signature covers: the check fails. */
static void test_tampered(void **state)
{
	static const struct tamper cases[] = {
	    {SPDM_FINISH, 1, 5, 0},			    /* its Signature */
	    {SPDM_KEY_EXCHANGE, 2, 40, 0},		    /* ExchangeData, in TH */
	    {SPDM_DELIVER_ENCAPSULATED_RESPONSE, 3, -1, 0}, /* CHALLENGE_AUTH's Signature */
	};
	struct cspdm_obs_mutual o;
	struct tamper t;
	unsigned i;
	cspdm_status st;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		t = cases[i];
		st = replay("sess_v12_mctp_mutauth_encap", &o, &t);
		if (st != CSPDM_E_SIGNATURE)
			print_message("case %u: %s at %s\n", i, cspdm_status_name(st),
				      o.err.field ? o.err.field : "-");
		assert_int_equal(st, CSPDM_E_SIGNATURE);
		cspdm_obs_mut_deinit(&o);
	}
}

static int setup(void **state)
{
	(void)state;
	return cspdm_openssl_new(&ossl, tu_data_path("certs/rsa3072/ca.cert")) == CSPDM_OK ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	cspdm_openssl_free(ossl);
	return 0;
}

int main(void)
{
	struct CMUnitTest tests[sizeof(captures) / sizeof(captures[0]) + 1];
	size_t i;

	for (i = 0; i < sizeof(captures) / sizeof(captures[0]); i++) {
		struct CMUnitTest t = cmocka_unit_test_prestate(test_capture, (void *)&captures[i]);

		t.name = captures[i].name;
		tests[i] = t;
	}
	tests[i++] = (struct CMUnitTest)cmocka_unit_test(test_tampered);
	return _cmocka_run_group_tests("pcap_mutual", tests, i, setup, teardown);
}
