/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The PSK sessions of DMTF's reference captures (tests/data/sessions, the emulators' public
 * sample PSK), opened offline by the observer (core/observer_psk.h): per capture, the keys
 * derived, ResponderVerifyData and every PSK_FINISH RequesterVerifyData checked, the number of
 * secured messages opened each way and decoded, KEY_UPDATE followed, END_SESSION seen. Then
 * every byte of several records changed in turn: each change must fail. A wrong PSK, another
 * hint and a missing VCA fail or skip as they should.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "capture/pcap_file.h"
#include "codec/app/app.h"
#include "core/observer_psk.h"
#include "crypto/crypto.h"
#include "cspdm/transport.h"

#define MAX_PKTS 512

static const uint8_t sample_psk[] = "TestPskData", sample_hint[] = "TestPskHint";

struct want {
	const char *name;
	unsigned sessions, req, rsp, key_updates, ended, not_ours;
};

static const struct want captures[] = {
    {"sess_v11_mctp_psk", 1, 5, 5, 1, 1, 0},
    {"sess_v12_mctp_psk", 1, 5, 5, 1, 1, 0},
    {"sess_v13_mctp_psk", 1, 5, 5, 1, 1, 0},
    {"sess_v14_mctp_psk", 1, 5, 5, 1, 1, 0},
    {"sess_v13_pci_doe_psk", 1, 5, 5, 1, 1, 0},
    /* and the CXL TSP secondary session, with the PSK its primary set */
    {"sess_v12_pci_doe_psk_app", 2, 58, 58, 0, 2, 0},
};

static struct {
	struct cspdm_openssl *ossl;
	const struct cspdm_crypto_ops *ops;
	int linktype;
	size_t n;
	uint8_t *pkt[MAX_PKTS];
	size_t len[MAX_PKTS];
	uint8_t chain[65536];
	struct cspdm_observer obs;
	struct cspdm_obs_psk psk;
	void (*on_app)(void *arg, const uint8_t *msg, size_t len);
	unsigned app[5], reencoded;
} g;

static void load(const char *name)
{
	char path[256], why[256];
	struct cspdm_pcap *p = NULL;
	const uint8_t *pkt;
	size_t len;

	snprintf(path, sizeof(path), "sessions/%s.pcap", name);
	assert_int_equal(
	    cspdm_pcap_open(&p, tu_data_path(path), &g.linktype, NULL, why, sizeof(why)), CSPDM_OK);
	for (g.n = 0; g.n < MAX_PKTS && cspdm_pcap_next(p, &pkt, &len) == 1; g.n++) {
		g.pkt[g.n] = tu_exact(pkt, len);
		g.len[g.n] = len;
	}
	cspdm_pcap_close(p);
}

static void unload(void)
{
	while (g.n)
		free(g.pkt[--g.n]);
}

/* One packet: its transport header says SPDM (to both observers) or secured (to the PSK one);
 * DOE discovery is passed over. */
static cspdm_status one(const uint8_t *pkt, size_t len)
{
	enum cspdm_transport t =
	    g.linktype == CSPDM_LINKTYPE_MCTP ? CSPDM_TRANSPORT_MCTP : CSPDM_TRANSPORT_PCI_DOE;
	size_t skip = t == CSPDM_TRANSPORT_MCTP ? 4 : 0, n = 0;
	uint32_t pad = t == CSPDM_TRANSPORT_PCI_DOE ? 3 : 0;
	const uint8_t *m = NULL;
	uint8_t type = 0;
	cspdm_status st;

	if (len < skip || cspdm_transport_decode(t, pkt + skip, len - skip, &m, &n, &type))
		return CSPDM_E_TRANSPORT;
	if (type ==
	    (t == CSPDM_TRANSPORT_MCTP ? CSPDM_MCTP_TYPE_SECURED : CSPDM_DOE_TYPE_SECURED_SPDM))
		return cspdm_obs_psk_secured(&g.psk, m, n, pad);
	if (t == CSPDM_TRANSPORT_PCI_DOE && type == CSPDM_DOE_TYPE_DISCOVERY)
		return CSPDM_OK;
	if (type != (t == CSPDM_TRANSPORT_MCTP ? CSPDM_MCTP_TYPE_SPDM : CSPDM_DOE_TYPE_SPDM))
		return CSPDM_E_TRANSPORT;
	st = n >= 2 && (m[1] & 0x80) ? cspdm_obs_request(&g.obs, m, n, pad)
				     : cspdm_obs_response(&g.obs, m, n, pad);
	return st ? st : cspdm_obs_psk_message(&g.psk, m, n, pad);
}

/* Replay the capture with packet `from` on only (0: all); the first failure. */
static cspdm_status replay(const uint8_t *psk, size_t psk_len, const uint8_t *hint, size_t hint_len,
			   size_t from)
{
	struct cspdm_secured_binding b;
	cspdm_status st = CSPDM_OK;
	size_t i;

	cspdm_transport_secured_binding(
	    g.linktype == CSPDM_LINKTYPE_MCTP ? CSPDM_TRANSPORT_MCTP : CSPDM_TRANSPORT_PCI_DOE, &b);
	cspdm_obs_init(&g.obs, g.ops, g.chain, sizeof(g.chain));
	assert_int_equal(cspdm_obs_psk_init(&g.psk, &g.obs, &b, psk, psk_len, hint, hint_len),
			 CSPDM_OK);
	g.psk.on_app = g.on_app;
	for (i = from; !st && i < g.n; i++)
		st = one(g.pkt[i], g.len[i]);
	cspdm_obs_psk_deinit(&g.psk);
	cspdm_obs_deinit(&g.obs);
	return st;
}

static cspdm_status replay_sample(void)
{
	return replay(sample_psk, sizeof(sample_psk), sample_hint, sizeof(sample_hint), 0);
}

/* The index of the k-th secured packet, and where its record starts in the packet. */
static size_t secured_packet(unsigned k, size_t *rec_at)
{
	size_t i, skip = g.linktype == CSPDM_LINKTYPE_MCTP ? 4 : 0;
	uint8_t secured = g.linktype == CSPDM_LINKTYPE_MCTP ? CSPDM_MCTP_TYPE_SECURED
							    : CSPDM_DOE_TYPE_SECURED_SPDM;

	for (i = 0; i < g.n; i++) {
		/* the type: MCTP's byte after the transport header, DOE's object type */
		if (g.len[i] > skip + 8 && g.pkt[i][skip ? skip : 2] == secured && !k--) {
			*rec_at = skip ? skip + 1 : 8;
			return i;
		}
	}
	fail_msg("no secured packet %u", k);
	return 0;
}

static void test_captures(void **state)
{
	size_t c;

	(void)state;
	for (c = 0; c < sizeof(captures) / sizeof(captures[0]); c++) {
		const struct want *w = &captures[c];

		load(w->name);
		assert_int_equal(replay_sample(), CSPDM_OK);
		/* replay() zeroes the session at its end; the counters stay */
		assert_int_equal(g.psk.sessions, w->sessions);
		assert_int_equal(g.psk.exchange_verified, w->sessions);
		assert_int_equal(g.psk.finish_verified, w->sessions);
		assert_int_equal(g.psk.finish_rsp, w->sessions);
		assert_int_equal(g.psk.tsp_sessions, w->sessions - 1);
		assert_int_equal(g.psk.opened_req, w->req);
		assert_int_equal(g.psk.opened_rsp, w->rsp);
		assert_int_equal(g.psk.decoded, w->req + w->rsp);
		assert_int_equal(g.psk.key_updates, w->key_updates);
		assert_int_equal(g.psk.ended, w->ended);
		assert_int_equal(g.psk.not_ours, w->not_ours);
		unload();
	}
}

/* Every byte of the first, second, a middle and the last secured record, changed in turn. */
/* With CSPDM_APP_SEEDS=DIR, each app message is written there as a seed of fuzz/fuzz_app.c
 * (its first byte 1: version 1.2, no padding). */
static void seed(const uint8_t *msg, size_t len)
{
	const char *dir = getenv("CSPDM_APP_SEEDS");
	char path[512];
	FILE *f;
	uint8_t sel = 1;

	if (!dir)
		return;
	snprintf(path, sizeof(path), "%s/capture-%02u", dir, g.reencoded);
	f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(&sel, 1, 1, f), 1);
	assert_int_equal(fwrite(msg, 1, len, f), len);
	fclose(f);
}

/* Each VENDOR_DEFINED message inside decodes (IDE_KM, TDISP, CXL IDE_KM, CXL TSP) and
 * re-encodes byte for byte. */
static void reencode(void *arg, const uint8_t *msg, size_t len)
{
	struct spdm_neg n;
	struct app_msg m;
	uint8_t out[4096];
	size_t out_len = 0;
	cspdm_error err;

	(void)arg;
	memset(&n, 0, sizeof(n));
	n.version = msg[0];
	assert_int_equal(app_dec(&n, msg, len, &m, &err), CSPDM_OK);
	assert_int_equal(app_enc(msg[0], &m, out, sizeof(out), &out_len), CSPDM_OK);
	assert_int_equal(out_len, len);
	assert_memory_equal(out, msg, len);
	g.app[m.proto]++;
	g.reencoded++;
	seed(msg, len);
}

static void test_app_messages(void **state)
{
	(void)state;
	load("sess_v12_pci_doe_psk_app");
	g.on_app = reencode;
	assert_int_equal(replay_sample(), CSPDM_OK);
	g.on_app = NULL;
	assert_int_equal(g.app[APP_IDE_KM], 38);
	assert_int_equal(g.app[APP_TDISP], 22);
	assert_int_equal(g.app[APP_CXL_IDE_KM], 16);
	assert_int_equal(g.app[APP_CXL_TSP], 18 + 14); /* the primary's, the secondary's */
	assert_int_equal(g.reencoded, 94 + 14);
	assert_int_equal(g.psk.app[APP_TDISP], 22);
	unload();
}

static void test_flipped_bytes(void **state)
{
	size_t c, at = 0, i, b;
	unsigned k, picks[4], flips = 0;

	(void)state;
	for (c = 0; c < sizeof(captures) / sizeof(captures[0]); c++) {
		const struct want *w = &captures[c];
		unsigned total = w->req + w->rsp + w->not_ours;

		load(w->name);
		flips = 0;
		picks[0] = 0;
		picks[1] = 1;
		picks[2] = total / 2;
		picks[3] = total - 1;
		for (k = 0; k < 4; k++) {
			i = secured_packet(picks[k], &at);
			for (b = at; b < g.len[i]; b++) {
				g.pkt[i][b] ^= 0x01;
				flips++;
				if (replay_sample() == CSPDM_OK)
					fail_msg("%s: packet %zu byte %zu changed, still verified",
						 w->name, i, b);
				g.pkt[i][b] ^= 0x01;
			}
		}
		assert_int_equal(replay_sample(), CSPDM_OK);
		assert_true(flips >= 4 * 28); /* the smallest record is 28 bytes */
		unload();
	}
}

static void test_wrong_psk_and_hints(void **state)
{
	static const uint8_t wrong[] = "TestPskDatA";
	static const uint8_t other_hint[] = "OtherHint";

	(void)state;
	load("sess_v13_mctp_psk");
	assert_int_equal(replay(wrong, sizeof(wrong), NULL, 0, 0), CSPDM_E_VERIFY_DATA);
	assert_string_equal(g.psk.err.field, "ResponderVerifyData");
	/* no hint given: the PSK is tried for the sample hint too */
	assert_int_equal(replay(sample_psk, sizeof(sample_psk), NULL, 0, 0), CSPDM_OK);
	assert_int_equal(g.psk.finish_verified, 1);
	/* another hint: the session is not ours, its records are counted, none opened */
	assert_int_equal(replay(sample_psk, sizeof(sample_psk), other_hint, sizeof(other_hint), 0),
			 CSPDM_OK);
	assert_int_equal(g.psk.sessions, 0);
	assert_int_equal(g.psk.not_ours, 10);
	/* without the conversation's start there is no session a record could belong to */
	assert_int_not_equal(
	    replay(sample_psk, sizeof(sample_psk), sample_hint, sizeof(sample_hint), 8), CSPDM_OK);
	unload();
	/* the second session of the IDE_KM/TDISP capture names another hint: CXL TSP's
	 * secondary session 0, opened with the PSK learned from Set Target Configuration; with
	 * any hint too. Without the primary's PSK, neither opens. */
	load("sess_v12_pci_doe_psk_app");
	assert_int_equal(replay(sample_psk, sizeof(sample_psk), NULL, 0, 0), CSPDM_OK);
	assert_int_equal(g.psk.tsp_sessions, 1);
	assert_int_equal(g.psk.not_ours, 0);
	assert_int_equal(replay(sample_psk, sizeof(sample_psk), other_hint, sizeof(other_hint), 0),
			 CSPDM_OK);
	assert_int_equal(g.psk.sessions, 0);
	assert_int_equal(g.psk.not_ours, 98 + 18);
	unload();
}

/* PSK_FINISH sealed again with the session's own request key, its RequesterVerifyData
 * changed: the record opens, the HMAC must not match. */
static void test_wrong_finish_verify_data(void **state)
{
	static uint8_t rec[1024], plain[1024];
	struct cspdm_secured_binding b;
	struct cspdm_obs_psk_sess *ps;
	struct sec_state t;
	const uint8_t *msg = NULL;
	size_t at = 0, i, mlen = 0, off, rlen = 0, first;
	cspdm_error err;

	(void)state;
	load("sess_v13_pci_doe_psk");
	first = secured_packet(0, &at);
	cspdm_transport_secured_binding(CSPDM_TRANSPORT_PCI_DOE, &b);
	cspdm_obs_init(&g.obs, g.ops, g.chain, sizeof(g.chain));
	assert_int_equal(
	    cspdm_obs_psk_init(&g.psk, &g.obs, &b, sample_psk, sizeof(sample_psk), NULL, 0),
	    CSPDM_OK);
	for (i = 0; i < first; i++)
		assert_int_equal(one(g.pkt[i], g.len[i]), CSPDM_OK);
	ps = &g.psk.sess[0];
	assert_int_equal(ps->s.state, CSPDM_SESSION_HANDSHAKING);
	memset(&t, 0, sizeof(t));
	t.aead = ps->s.sec.aead;
	assert_int_equal(sec_install(&ps->s.ks, &t, SEC_REQ, ps->s.sec.dir[SEC_REQ].secret),
			 CSPDM_OK);
	memcpy(plain, g.pkt[first] + at, g.len[first] - at);
	assert_int_equal(sec_open(g.ops, &t, SEC_REQ, ps->s.session_id, &b, 3, plain,
				  g.len[first] - at, &msg, &mlen, &err),
			 CSPDM_OK);
	assert_int_equal(msg[1], 0xE7);
	off = sec_msg_offset(&b, 0);
	memcpy(rec + off, msg, mlen);
	rec[off + mlen - 1] ^= 0x01; /* the last byte of RequesterVerifyData */
	t.dir[SEC_REQ].seq = 0;
	assert_int_equal(
	    sec_seal(g.ops, &t, SEC_REQ, ps->s.session_id, &b, rec, sizeof(rec), mlen, &rlen),
	    CSPDM_OK);
	sec_wipe(g.ops, &t);
	assert_int_equal(cspdm_obs_psk_secured(&g.psk, rec, rlen, 0), CSPDM_E_VERIFY_DATA);
	assert_string_equal(g.psk.err.field, "RequesterVerifyData");
	assert_int_equal(g.psk.finish_verified, 0);
	cspdm_obs_psk_deinit(&g.psk);
	cspdm_obs_deinit(&g.obs);
	unload();
}

static int setup(void **state)
{
	(void)state;
	return cspdm_openssl_new(&g.ossl, NULL) ? -1 : ((g.ops = cspdm_openssl_ops(g.ossl)), 0);
}

static int teardown(void **state)
{
	(void)state;
	cspdm_openssl_free(g.ossl);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_captures),
	    cmocka_unit_test(test_app_messages),
	    cmocka_unit_test(test_flipped_bytes),
	    cmocka_unit_test(test_wrong_psk_and_hints),
	    cmocka_unit_test(test_wrong_finish_verify_data),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
