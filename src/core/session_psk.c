/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The PSK handshake both roles (and a passive observer) compute alike (DSP0274 "PSK_EXCHANGE
 * request and PSK_EXCHANGE_RSP response messages", "Transcript hash in session
 * establishment"): TH1 = Hash(VCA || PSK_EXCHANGE || PSK_EXCHANGE_RSP up to
 * ResponderVerifyData), with no certificate chain in it; the handshake secret from the PSK
 * and TH1 (key_schedule.h); the handshake keys; and ResponderVerifyData = HMAC(response
 * finished key, TH1), which then joins TH. The PSK is read by HKDF-Extract and nothing else.
 */
#include "session_ctx.h"

#include <string.h>

static cspdm_status th1(struct cspdm_session *s, const struct sess_psk_th *t, uint8_t *out)
{
	cspdm_status st = sess_th_init(s);

	if (!st)
		st = sess_th_add(s, &s->th, t->vca, t->vca_len);
	if (!st)
		st = sess_th_add(s, &s->th, t->req, t->req_len);
	if (!st)
		st = sess_th_add(s, &s->th, t->rsp, t->rsp_len);
	return st ? st : sess_th_peek(s, &s->th, out);
}

cspdm_status sess_psk_handshake(struct cspdm_session *s, const struct sess_psk_th *t,
				const uint8_t *psk, size_t psk_len, uint8_t *verify)
{
	uint8_t digest[CSPDM_MAX_HASH_SIZE];
	cspdm_status st = th1(s, t, digest);

	if (!st)
		st = ks_handshake_psk(&s->ks, psk, psk_len, digest, &s->k.hs);
	if (!st)
		st = sec_install(&s->ks, &s->sec, SEC_REQ, s->k.hs.req_secret);
	if (!st)
		st = sec_install(&s->ks, &s->sec, SEC_RSP, s->k.hs.rsp_secret);
	if (!st)
		st = sess_hmac(s, s->k.hs.rsp_finished, digest, verify);
	return st ? st : sess_th_add(s, &s->th, verify, s->ks.hash_size);
}

/* PSK_CAP without context: TH2 is TH1 with ResponderVerifyData; the data keys at once. */
cspdm_status sess_psk_data_keys(struct cspdm_session *s)
{
	cspdm_status st = sess_data_secrets(s);

	return st ? st : sess_data_keys(s);
}
