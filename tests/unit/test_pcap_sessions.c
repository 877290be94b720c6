/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The session handshakes of DMTF's reference requester and responder (tests/data/, from
 * ../shared/interop/ sessions, see its README): every KEY_EXCHANGE, KEY_EXCHANGE_RSP, FINISH and
 * FINISH_RSP that travels in the clear (MCTP type 0x05, DOE data object type 1) decodes with the
 * parameters of the capture's own VCA, its opaque data names the secured-message versions (the
 * requester lists them, the responder selects one of those), and our encoders reproduce every byte
 * of the messages and of their opaque data. Secured messages (FINISH and FINISH_RSP when the
 * handshake is encrypted, and all that follows) are counted and skipped.
 *
 * The passive observer follows the same captures: every KEY_EXCHANGE_RSP signature verifies
 * over TH (VCA, the first DIGESTS under 1.3 multi-key, the hash of the slot's chain,
 * KEY_EXCHANGE, the response up to the signature), FINISH/FINISH_RSP in the clear decode,
 * secured messages are counted per session; and a byte flipped in either signature, in
 * KEY_EXCHANGE's RandomData or in the response's ExchangeData makes the signature fail. A
 * KEY_EXCHANGE whose slot's chain the capture does not carry is reported, not failed.
 */
#include <stdio.h>
#include <string.h>

#include "testutil.h"
#include "capture/pcap_file.h"
#include "codec/spdm.h"
#include "core/observer.h"
#include "crypto/crypto.h"
#include "cspdm/transport.h"

#define MAX_MSG 4096

struct capture {
	const char *name;
	uint8_t in_clear; /* both sides offer HANDSHAKE_IN_THE_CLEAR */
	uint8_t mut_auth; /* what KEY_EXCHANGE_RSP asks for */
	uint8_t sessions; /* sessions the observer sees: the two handshakes, and a PSK one */
};

static const struct capture captures[] = {
    {"sess_v11_mctp_keyex", 1, 0, 2},
    {"sess_v11_pci_doe_keyex", 1, 0, 2},
    {"sess_v12_mctp_keyex", 1, 0, 2},
    {"sess_v12_pci_doe_keyex", 1, 0, 2},
    {"sess_v13_mctp_keyex", 1, 0, 2},
    {"sess_v13_pci_doe_keyex", 1, 0, 2},
    {"sess_v14_mctp_keyex", 1, 0, 2},
    {"sess_v14_pci_doe_keyex", 1, 0, 2},
    {"sess_v12_mctp_keyex_encrypted_hs", 0, 0, 2},
    {"sess_v13_pci_doe_keyex_app", 1, 0, 3},
    {"sess_v12_pci_doe_p256_aes128", 1, 0, 2},
    {"sess_v13_mctp_p521", 1, 0, 2},
    {"sess_v12_mctp_ffdhe2048", 1, 0, 2},
    {"sess_v13_mctp_ffdhe3072_chacha", 1, 0, 2},
    {"sess_v12_mctp_mutauth_encap", 1, SPDM_MUT_AUTH_WITH_ENCAP, 2},
    {"sess_v13_mctp_mutauth_wo_encap", 1, SPDM_MUT_AUTH_REQUESTED, 2},
    {"sess_v13_pci_doe_mutauth_digests", 1, SPDM_MUT_AUTH_WITH_GET_DIGESTS, 2},
};

/* What to damage: one byte of the nth KEY_EXCHANGE (n = 1, 2) or of its response. */
enum flip_field {
	FLIP_NONE = 0,
	FLIP_SIGNATURE,	 /* KEY_EXCHANGE_RSP: the signature's last byte */
	FLIP_SIG_FIRST,	 /* KEY_EXCHANGE_RSP: the signature's first byte */
	FLIP_EXCHANGE,	 /* KEY_EXCHANGE_RSP: ExchangeData's first byte (byte 40) */
	FLIP_RANDOM,	 /* KEY_EXCHANGE: RandomData's last byte (byte 8 + 31) */
	DROP_SLOT_CHAIN, /* leave out the GET_CERTIFICATE/CERTIFICATE of the nth slot fetched */
};

/* What the capture negotiated, and what it held so far. */
struct replay {
	struct spdm_neg neg;
	uint32_t req_caps, rsp_caps;
	struct spdm_neg_algs_req offer;
	struct spdm_algorithms algs;
	uint8_t general;
	struct spdm_opaque_sm offered; /* the last KEY_EXCHANGE's list */
	uint8_t mut_auth;
	unsigned kx, kxr, fin, finr, secured, other, selected;
	/* the observer over the same messages, and what to damage */
	struct cspdm_observer obs;
	enum flip_field flip;
	unsigned flip_nth;
	unsigned certs_asked; /* GET_CERTIFICATE at offset 0 so far */
	uint8_t drop_slot;    /* DROP_SLOT_CHAIN: the slot whose chain is left out */
	uint8_t drop_next;    /* the CERTIFICATE answering a dropped request */
	cspdm_status got;     /* the observer's status at the damaged handshake */
};

static void check_ok(cspdm_status st, const cspdm_error *err, const char *what)
{
	if (st)
		print_message("%s: %s field %s offset %u\n", what, cspdm_status_name(st),
			      err->field ? err->field : "-", err->offset);
	assert_int_equal(st, CSPDM_OK);
}

/* The decoded message (len bytes, then at most max_pad zero bytes) is the encoder's output. */
static void check_same(const uint8_t *enc, size_t enc_len, const uint8_t *msg, size_t len,
		       size_t mlen, uint32_t max_pad)
{
	assert_int_equal(enc_len, len);
	assert_true(mlen >= len && mlen - len <= max_pad);
	assert_memory_equal(enc, msg, len);
}

/* ---- VCA: the parameters ----------------------------------------------------------------------
 */

static void take_vca(struct replay *s, const uint8_t *msg, size_t len)
{
	struct spdm_neg n = s->neg;
	struct spdm_caps c;
	cspdm_error err;
	uint8_t ver = 0;

	n.version = msg[0];
	if (msg[1] == SPDM_GET_CAPABILITIES) {
		check_ok(spdm_dec_get_caps(msg, len, n.max_pad, &c, &ver, &err), &err, "GET_CAPS");
		s->req_caps = c.flags;
	} else if (msg[1] == SPDM_CAPABILITIES) {
		check_ok(spdm_dec_caps(&n, msg, len, &c, &err), &err, "CAPABILITIES");
		s->rsp_caps = c.flags;
	} else if (msg[1] == SPDM_NEGOTIATE_ALGORITHMS) {
		check_ok(spdm_dec_neg_algs(&n, msg, len, &s->offer, &err), &err, "NEG_ALGS");
	} else if (msg[1] == SPDM_ALGORITHMS) {
		check_ok(spdm_dec_algorithms(&n, &s->offer, s->rsp_caps, msg, len, &s->algs, &err),
			 &err, "ALGORITHMS");
		s->neg.version = msg[0];
		s->neg.hash_size = cspdm_hash_size(s->algs.base_hash);
		s->neg.sig_size = cspdm_sig_size(s->algs.base_asym);
		s->neg.req_sig_size = cspdm_sig_size(s->algs.req_asym);
		s->neg.dhe_size = cspdm_dhe_size(s->algs.dhe);
		s->neg.hs_in_clear =
		    (s->req_caps & s->rsp_caps & SPDM_CAP_HANDSHAKE_IN_CLEAR) ? 1 : 0;
		s->general = msg[0] >= CSPDM_V12 && (s->algs.other_params & SPDM_OPAQUE_FMT_1);
		assert_true(s->neg.hash_size && s->neg.sig_size && s->neg.dhe_size);
	}
}

/* ---- the handshake messages ------------------------------------------------------------------ */

static void key_exchange(struct replay *s, const uint8_t *msg, size_t mlen)
{
	static uint8_t enc[MAX_MSG];
	struct spdm_key_exchange k;
	cspdm_error err;
	size_t n = 0;

	check_ok(spdm_dec_key_exchange(&s->neg, msg, mlen, &k, &err), &err, "KEY_EXCHANGE");
	s->kx++;
	/* the response carries a summary hash when one was asked for */
	s->neg.meas_hash_size = k.meas_summary_type ? s->neg.hash_size : 0;
	assert_int_equal(spdm_enc_key_exchange(&s->neg, &k, enc, sizeof(enc), &n), CSPDM_OK);
	check_same(enc, n, msg, k.len, mlen, s->neg.max_pad);
	check_ok(spdm_dec_opaque_sm(s->general, k.opaque, k.opaque_len, &s->offered, &err), &err,
		 "KEY_EXCHANGE OpaqueData");
	assert_true(s->offered.has_supported && !s->offered.has_selection);
	assert_true(s->offered.count >= 1);
	assert_int_equal(spdm_enc_opaque_sm_supported(s->general, s->offered.supported,
						      s->offered.count, enc, sizeof(enc), &n),
			 CSPDM_OK);
	assert_int_equal(n, k.opaque_len);
	assert_memory_equal(enc, k.opaque, n);
}

static void check_selection(struct replay *s, const struct spdm_key_exchange_rsp *k)
{
	static uint8_t enc[64];
	struct spdm_opaque_sm o;
	cspdm_error err;
	size_t n = 0;
	uint8_t i, found = 0;

	check_ok(spdm_dec_opaque_sm(s->general, k->opaque, k->opaque_len, &o, &err), &err,
		 "KEY_EXCHANGE_RSP OpaqueData");
	assert_true(o.has_selection && !o.has_supported);
	for (i = 0; i < s->offered.count; i++)
		found |= s->offered.supported[i] == o.selected;
	assert_true(found);
	s->selected = o.selected;
	assert_int_equal(spdm_enc_opaque_sm_selection(s->general, o.selected, enc, sizeof(enc), &n),
			 CSPDM_OK);
	assert_int_equal(n, k->opaque_len);
	assert_memory_equal(enc, k->opaque, n);
}

static void key_exchange_rsp(struct replay *s, const uint8_t *msg, size_t mlen)
{
	static uint8_t enc[MAX_MSG];
	struct spdm_key_exchange_rsp k;
	cspdm_error err;
	size_t n = 0;

	check_ok(spdm_dec_key_exchange_rsp(&s->neg, msg, mlen, &k, &err), &err, "KEY_EXCHANGE_RSP");
	s->kxr++;
	s->mut_auth = k.mut_auth;
	assert_int_equal(!k.verify_data, s->neg.hs_in_clear);
	assert_int_equal(spdm_enc_key_exchange_rsp(&s->neg, &k, enc, sizeof(enc), &n), CSPDM_OK);
	assert_int_equal(n, k.signed_len);
	memcpy(enc + n, k.signature, s->neg.sig_size);
	n += s->neg.sig_size;
	if (k.verify_data) {
		memcpy(enc + n, k.verify_data, s->neg.hash_size);
		n += s->neg.hash_size;
	}
	check_same(enc, n, msg, k.len, mlen, s->neg.max_pad);
	check_selection(s, &k);
}

static void finish(struct replay *s, const uint8_t *msg, size_t mlen)
{
	static uint8_t enc[MAX_MSG];
	struct spdm_finish f;
	cspdm_error err;
	size_t n = 0;

	check_ok(spdm_dec_finish(&s->neg, msg, mlen, &f, &err), &err, "FINISH");
	s->fin++;
	assert_int_equal(f.sig_included, s->mut_auth != 0);
	assert_int_equal(spdm_enc_finish(&s->neg, &f, enc, sizeof(enc), &n), CSPDM_OK);
	assert_int_equal(n, f.signed_len);
	if (f.signature) {
		memcpy(enc + n, f.signature, s->neg.req_sig_size);
		n += s->neg.req_sig_size;
	}
	assert_int_equal(n, f.hmac_off);
	memcpy(enc + n, f.verify_data, s->neg.hash_size);
	check_same(enc, n + s->neg.hash_size, msg, f.len, mlen, s->neg.max_pad);
}

static void finish_rsp(struct replay *s, const uint8_t *msg, size_t mlen)
{
	static uint8_t enc[MAX_MSG];
	struct spdm_finish_rsp f;
	cspdm_error err;
	size_t n = 0;

	check_ok(spdm_dec_finish_rsp(&s->neg, msg, mlen, &f, &err), &err, "FINISH_RSP");
	s->finr++;
	assert_non_null(f.verify_data); /* it travels in the clear only then */
	assert_int_equal(spdm_enc_finish_rsp(&s->neg, &f, enc, sizeof(enc), &n), CSPDM_OK);
	assert_int_equal(n, f.hmac_off);
	memcpy(enc + n, f.verify_data, s->neg.hash_size);
	check_same(enc, n + s->neg.hash_size, msg, f.len, mlen, s->neg.max_pad);
}

static void on_message(struct replay *s, const uint8_t *msg, size_t len)
{
	assert_true(len >= 4);
	switch (msg[1]) {
	case SPDM_KEY_EXCHANGE:
		key_exchange(s, msg, len);
		break;
	case SPDM_KEY_EXCHANGE_RSP:
		key_exchange_rsp(s, msg, len);
		break;
	case SPDM_FINISH:
		finish(s, msg, len);
		break;
	case SPDM_FINISH_RSP:
		finish_rsp(s, msg, len);
		break;
	default:
		take_vca(s, msg, len);
	}
}

/* ---- the observer ------------------------------------------------------------------------------
 */

/* DROP_SLOT_CHAIN: is this GET_CERTIFICATE (or the CERTIFICATE answering it) left out? */
static int dropped(struct replay *s, const uint8_t *msg, size_t len)
{
	struct spdm_get_cert g;
	cspdm_error err;

	if (s->flip != DROP_SLOT_CHAIN)
		return 0;
	if (s->drop_next) {
		s->drop_next = 0;
		return 1;
	}
	if (msg[1] != SPDM_GET_CERTIFICATE)
		return 0;
	check_ok(spdm_dec_get_cert(&s->neg, msg, len, &g, &err), &err, "GET_CERTIFICATE");
	if (g.offset == 0 && ++s->certs_asked == s->flip_nth)
		s->drop_slot = g.slot;
	s->drop_next = g.slot == s->drop_slot;
	return s->drop_next;
}

/* The message to feed: msg itself, or a copy with one byte flipped. */
static const uint8_t *damage(struct replay *s, const uint8_t *msg, size_t len, uint8_t *copy)
{
	struct spdm_key_exchange_rsp k;
	cspdm_error err;
	size_t at;

	if (s->flip == FLIP_RANDOM && msg[1] == SPDM_KEY_EXCHANGE && s->kx + 1 == s->flip_nth) {
		at = 8 + SPDM_RANDOM_SIZE - 1;
	} else if (s->flip >= FLIP_SIGNATURE && s->flip <= FLIP_EXCHANGE &&
		   msg[1] == SPDM_KEY_EXCHANGE_RSP && s->kxr + 1 == s->flip_nth) {
		check_ok(spdm_dec_key_exchange_rsp(&s->neg, msg, len, &k, &err), &err,
			 "KEY_EXCHANGE_RSP");
		at = s->flip == FLIP_EXCHANGE ? 40 : k.signed_len;
		at += s->flip == FLIP_SIGNATURE ? s->neg.sig_size - 1 : 0;
	} else {
		return msg;
	}
	assert_true(len <= MAX_MSG && at < len);
	memcpy(copy, msg, len);
	copy[at] ^= 0x01;
	return copy;
}

/* Returns 0 once the damaged handshake was fed (its status in s->got). */
static int feed_spdm(struct replay *s, const uint8_t *msg, size_t len, uint32_t pad)
{
	static uint8_t copy[MAX_MSG];
	cspdm_status st;

	assert_true(len >= 4);
	if (dropped(s, msg, len))
		return 1;
	msg = damage(s, msg, len, copy);
	on_message(s, msg, len);
	st = cspdm_obs_message(&s->obs, msg, len, pad);
	if (s->flip && s->flip != DROP_SLOT_CHAIN && msg[1] == SPDM_KEY_EXCHANGE_RSP &&
	    s->kxr == s->flip_nth) {
		s->got = st;
		return 0;
	}
	check_ok(st, &s->obs.err, "observer");
	return 1;
}

static void replay(const char *path, struct replay *s, enum flip_field flip, unsigned nth)
{
	char why[256] = "";
	struct cspdm_openssl *ossl = NULL;
	static uint8_t chain[65536];
	enum cspdm_msg_kind kind;
	struct cspdm_pcap *p = NULL;
	const uint8_t *pkt, *msg;
	size_t mlen, plen;
	uint32_t pad;
	int lt = -1, more = 1;

	if (cspdm_pcap_open(&p, path, &lt, NULL, why, sizeof(why)))
		print_message("%s: %s\n", path, why);
	assert_non_null(p);
	memset(s, 0, sizeof(*s));
	s->flip = flip;
	s->flip_nth = nth;
	s->drop_slot = 0xFF;
	assert_int_equal(cspdm_openssl_new(&ossl, NULL), CSPDM_OK);
	cspdm_obs_init(&s->obs, cspdm_openssl_ops(ossl), chain, sizeof(chain));
	while (more && cspdm_pcap_next(p, &pkt, &plen) == 1) {
		if (cspdm_capture_message_kind(lt, pkt, plen, &kind, &msg, &mlen, &pad)) {
			s->other++; /* DOE discovery */
			continue;
		}
		s->neg.max_pad = pad;
		if (kind == CSPDM_MSG_SECURED) {
			s->secured++;
			check_ok(cspdm_obs_secured(&s->obs, msg, mlen), &s->obs.err, "secured");
			continue;
		}
		more = feed_spdm(s, msg, mlen, pad);
	}
	cspdm_obs_deinit(&s->obs);
	cspdm_openssl_free(ossl);
	cspdm_pcap_close(p);
}

static const char *capture_path(const struct capture *c)
{
	static char rel[256];

	snprintf(rel, sizeof(rel), "sessions/%s.pcap", c->name);
	return tu_data_path(rel);
}

/* What the observer saw of the sessions of an undamaged capture. */
static void check_observed(const struct capture *c, const struct replay *s)
{
	const struct cspdm_observer *o = &s->obs;
	unsigned i, secured = 0;

	assert_int_equal(o->key_exchanges, 2);
	assert_int_equal(o->kx_verified, 2);
	assert_int_equal(o->kx_chain_not_seen, 0);
	assert_int_equal(o->finishes, c->in_clear ? 2 : 0);
	/* the mutual-authentication captures hold a CHALLENGE before the sessions */
	assert_int_equal(o->challenges, c->mut_auth ? 1 : 0);
	assert_int_equal(o->secured, s->secured);
	assert_int_equal(o->nsessions, c->sessions);
	assert_false(o->sessions_full);
	for (i = 0; i < o->nsessions; i++)
		secured += o->sessions[i].secured;
	assert_int_equal(secured, o->secured);
	assert_true(o->sessions[0].key_exchange && o->sessions[o->nsessions - 1].key_exchange);
	assert_int_equal(o->passed_over > 0, c->mut_auth || c->sessions > 2);
}

static void test_capture(void **state)
{
	const struct capture *c = *state;
	struct replay s;

	replay(capture_path(c), &s, FLIP_NONE, 0);
	printf("  %s: %u KEY_EXCHANGE, %u KEY_EXCHANGE_RSP, %u FINISH, %u FINISH_RSP decoded and "
	       "re-encoded; secured version 0x%04x; observer: %u KEY_EXCHANGE_RSP signatures "
	       "verified, %u sessions, %u secured messages not decrypted, %u messages passed "
	       "over; %u other frames\n",
	       c->name, s.kx, s.kxr, s.fin, s.finr, s.selected, s.obs.kx_verified, s.obs.nsessions,
	       s.obs.secured, s.obs.passed_over, s.other);
	/* the reference requester runs its session flow twice */
	assert_int_equal(s.kx, 2);
	assert_int_equal(s.kxr, 2);
	assert_int_equal(s.fin, c->in_clear ? 2 : 0);
	assert_int_equal(s.finr, c->in_clear ? 2 : 0);
	assert_int_equal(s.neg.hs_in_clear, c->in_clear);
	assert_int_equal(s.mut_auth, c->mut_auth);
	assert_true(s.secured > 0);
	check_observed(c, &s);
}

/* A byte flipped in either handshake's signed part or signature: CSPDM_E_SIGNATURE there. */
static void test_damaged_signatures(void **state)
{
	static const enum flip_field fields[] = {FLIP_SIGNATURE, FLIP_SIG_FIRST, FLIP_EXCHANGE,
						 FLIP_RANDOM};
	struct replay s;
	unsigned i, f, nth, n = 0;

	(void)state;
	for (i = 0; i < sizeof(captures) / sizeof(captures[0]); i++)
		for (f = 0; f < sizeof(fields) / sizeof(fields[0]); f++)
			for (nth = 1; nth <= 2; nth++) {
				replay(capture_path(&captures[i]), &s, fields[f], nth);
				if (s.got != CSPDM_E_SIGNATURE)
					fail_msg("%s: damage %d in handshake %u gave %s",
						 captures[i].name, fields[f], nth,
						 cspdm_status_name(s.got));
				assert_int_equal(s.obs.kx_verified, nth - 1);
				assert_string_equal(s.obs.err.field, "Signature");
				n++;
			}
	printf("  %u damaged handshakes, each signature failed\n", n);
}

/* The second slot's chain left out of the capture: that signature is not checked, and the
 * capture still verifies. */
static void test_chain_not_seen(void **state)
{
	struct replay s;

	(void)state;
	replay(capture_path(&captures[2]), &s, DROP_SLOT_CHAIN, 2);
	assert_int_equal(s.obs.kx_verified, 1);
	assert_int_equal(s.obs.kx_chain_not_seen, 1);
	assert_int_equal(s.obs.key_exchanges, 2);
	replay(capture_path(&captures[4]), &s, DROP_SLOT_CHAIN, 2); /* 1.3: slot 4 */
	assert_int_equal(s.obs.kx_verified, 1);
	assert_int_equal(s.obs.kx_chain_not_seen, 1);
}

int main(void)
{
	enum { NCAPTURES = sizeof(captures) / sizeof(captures[0]) };
	struct CMUnitTest tests[NCAPTURES + 2];
	size_t i;

	for (i = 0; i < NCAPTURES; i++) {
		struct CMUnitTest t = cmocka_unit_test_prestate(test_capture, (void *)&captures[i]);

		t.name = captures[i].name;
		tests[i] = t;
	}
	tests[i++] = (struct CMUnitTest)cmocka_unit_test(test_damaged_signatures);
	tests[i++] = (struct CMUnitTest)cmocka_unit_test(test_chain_not_seen);
	return _cmocka_run_group_tests("pcap_sessions", tests, i, NULL, NULL);
}
