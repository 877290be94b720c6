/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Seed the fuzz corpus from reference captures: seed_from_pcap CAPTURE_DIR... CORPUS_DIR
 *
 * Every *.pcap in each CAPTURE_DIR (link type 291 MCTP: a 4-byte MCTP transport header, then the
 * message type; 292 PCI DOE: a data object) is read in order. Files named by the FNV-1a hash of
 * their content go to CORPUS_DIR/<harness>/ (an existing name is a duplicate and is skipped):
 *  - fuzz_transport:       each frame, and storage (DSP0286) headers around some messages;
 *  - fuzz_codec_requests:  each request with its codec header (version, padding);
 *  - fuzz_codec_responses: each response with the parameters negotiated so far and the
 *                          request it answers (session messages: those in the clear);
 *  - fuzz_certchain:       each certificate chain assembled from CERTIFICATE portions;
 *  - fuzz_meas_record:     each MeasurementRecord;
 *  - fuzz_opaque:          the opaque data of each KEY_EXCHANGE, KEY_EXCHANGE_RSP,
 *                          PSK_EXCHANGE and PSK_EXCHANGE_RSP;
 *  - fuzz_requester:       the conversation our requester has with the captured device: the
 *                          requester runs (stub crypto, all-zero digests) and each request it
 *                          sends is answered with the captured response to the same request,
 *                          patched for the stubs (digests zero, no mutual authentication, no
 *                          MEL specification, signature dropped where ours asked for none);
 *                          CERTIFICATE is cut from the captured chain (RootHash zero) in the
 *                          portions our requester asks for;
 *  - fuzz_responder:       the captured requests, for our responder;
 *  - fuzz_observer:        the whole conversation, both directions.
 */
#include "fuzz_common.h"

#include "cspdm/transport.h"
#include "capture/pcap_file.h"
#include "codec/certchain.h"
#include "codec/reader.h"
#include "transport/storage.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define LINKTYPE_MCTP	      291
#define LINKTYPE_PCI_DOE      292
#define MCTP_TRANSPORT_HEADER 4
#define MAX_MSGS	      1024
#define ARENA_CAP	      (1u << 20)
#define CONV_CAP	      65536

struct msg {
	const uint8_t *d;
	size_t len;
	int is_request;
	int used;
};

struct capture {
	const char *name;
	int doe;
	uint32_t max_pad;
	struct msg m[MAX_MSGS];
	size_t count;
	/* negotiated, as the capture goes */
	uint8_t version;
	uint32_t hash_size, sig_size, rsp_caps, base_asym, base_hash;
	uint8_t multi_key;
	/* sessions */
	uint32_t req_caps, dhe_size, req_sig_size;
	uint8_t general, kx_summary;
	struct spdm_neg_algs_req offer;
	struct spdm_get_cert cert;
	struct spdm_get_meas meas;
	uint8_t chal_type;
	uint8_t chain[CONV_CAP];
	size_t chain_len;
};

static const char *corpus_dir;
static uint8_t arena[ARENA_CAP];
static size_t arena_len;
static struct capture cap;
static unsigned written, duplicates;
static uint64_t ctx_mem[8192];

/* ---- files ----------------------------------------------------------------------------------- */

static void write_seed(const char *harness, const uint8_t *d, size_t n)
{
	if (fz_write_seed(corpus_dir, harness, d, n))
		written++;
	else
		duplicates++;
}

/* A seed: a header, then the bytes. */
static void write_with_header(const char *harness, const uint8_t *hdr, size_t hlen,
			      const uint8_t *d, size_t n)
{
	static uint8_t buf[CONV_CAP + 64];

	if (hlen + n > sizeof(buf))
		return;
	memcpy(buf, hdr, hlen);
	memcpy(buf + hlen, d, n);
	write_seed(harness, buf, hlen + n);
}

static void put_u32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

static uint8_t version_index(uint8_t v)
{
	return v >= CSPDM_V10 && v <= CSPDM_V14 ? (uint8_t)(v - CSPDM_V10) : 0;
}

static uint8_t bit_index(uint32_t v)
{
	uint8_t i;

	for (i = 0; i < 32; i++)
		if ((v >> i) & 1)
			return i;
	return 0;
}

/* ---- the codec seeds ------------------------------------------------------------------------- */

static struct spdm_neg cur_neg(void)
{
	struct spdm_neg n;

	memset(&n, 0, sizeof(n));
	n.version = cap.version;
	n.hash_size = cap.hash_size;
	n.sig_size = cap.sig_size;
	n.max_pad = cap.max_pad;
	n.multi_key = cap.multi_key;
	n.dhe_size = cap.dhe_size;
	n.req_sig_size = cap.req_sig_size;
	n.hs_in_clear = (cap.req_caps & cap.rsp_caps & SPDM_CAP_HANDSHAKE_IN_CLEAR) != 0;
	return n;
}

/* Byte 7 of the codec header: the session parameters. */
static uint8_t session_byte(void)
{
	struct spdm_neg n = cur_neg();
	uint8_t b = fz_dhe_index(cap.dhe_size);

	b |= (uint8_t)(fz_sig_index(cap.req_sig_size) << 4);
	if (n.hs_in_clear)
		b |= FZ_S_IN_CLEAR;
	if (cap.general)
		b |= FZ_S_GENERAL;
	return b;
}

static void opaque_seed(const uint8_t *opaque, size_t len)
{
	if (len)
		write_with_header("fuzz_opaque", &cap.general, 1, opaque, len);
}

static void codec_header(uint8_t sel, uint8_t hdr[FZ_CODEC_HDR])
{
	uint8_t flags = 0;

	memset(hdr, 0, FZ_CODEC_HDR);
	hdr[0] = sel;
	hdr[1] = version_index(cap.version);
	hdr[2] = fz_hash_index(cap.hash_size);
	hdr[3] = fz_sig_index(cap.sig_size);
	if (cap.doe)
		flags |= FZ_F_PAD;
	if (cap.multi_key)
		flags |= FZ_F_MULTI_KEY;
	hdr[4] = flags;
	put_u32(hdr + 12, cap.rsp_caps);
}

static int request_selector(uint8_t code)
{
	switch (code) {
	case SPDM_GET_VERSION:
		return 0;
	case SPDM_GET_CAPABILITIES:
		return 1;
	case SPDM_NEGOTIATE_ALGORITHMS:
		return 2;
	case SPDM_GET_DIGESTS:
		return 3;
	case SPDM_GET_CERTIFICATE:
		return 4;
	case SPDM_CHALLENGE:
		return 5;
	case SPDM_GET_MEASUREMENTS:
		return 6;
	case SPDM_RESPOND_IF_READY:
		return 7;
	case SPDM_KEY_EXCHANGE:
		return 8;
	case SPDM_FINISH:
		return 9;
	case SPDM_HEARTBEAT:
		return 10;
	case SPDM_KEY_UPDATE:
		return 11;
	case SPDM_END_SESSION:
		return 12;
	case SPDM_PSK_EXCHANGE:
		return 13;
	case SPDM_PSK_FINISH:
		return 14;
	default:
		return -1;
	}
}

/* What the VCA requests tell about the session parameters, and KEY_EXCHANGE's opaque data. */
static void take_session_request(const uint8_t *d, size_t len)
{
	struct spdm_neg n = cur_neg();
	struct spdm_caps c;
	struct spdm_key_exchange k;
	struct spdm_psk_exchange x;
	uint8_t ver = 0;

	if (d[1] == SPDM_GET_CAPABILITIES && !spdm_dec_get_caps(d, len, n.max_pad, &c, &ver, NULL))
		cap.req_caps = c.flags;
	if (d[1] == SPDM_NEGOTIATE_ALGORITHMS && spdm_dec_neg_algs(&n, d, len, &cap.offer, NULL))
		memset(&cap.offer, 0, sizeof(cap.offer));
	if (d[1] == SPDM_KEY_EXCHANGE && !spdm_dec_key_exchange(&n, d, len, &k, NULL)) {
		cap.kx_summary = k.meas_summary_type != 0;
		opaque_seed(k.opaque, k.opaque_len);
	}
	if (d[1] == SPDM_PSK_EXCHANGE && !spdm_dec_psk_exchange(&n, d, len, &x, NULL)) {
		cap.kx_summary = x.meas_summary_type != 0;
		opaque_seed(x.opaque, x.opaque_len);
	}
}

static void on_request(const uint8_t *d, size_t len)
{
	uint8_t hdr[FZ_CODEC_HDR];
	struct spdm_neg n;
	struct spdm_challenge c;
	int sel = request_selector(d[1]);

	cap.version = d[0];
	n = cur_neg();
	if (d[1] == SPDM_GET_CERTIFICATE && spdm_dec_get_cert(&n, d, len, &cap.cert, NULL))
		memset(&cap.cert, 0, sizeof(cap.cert));
	if (d[1] == SPDM_GET_MEASUREMENTS && spdm_dec_get_meas(&n, d, len, &cap.meas, NULL))
		memset(&cap.meas, 0, sizeof(cap.meas));
	if (d[1] == SPDM_CHALLENGE && !spdm_dec_challenge(&n, d, len, &c, NULL))
		cap.chal_type = c.meas_summary_type;
	take_session_request(d, len);
	if (sel < 0)
		return;
	codec_header((uint8_t)sel, hdr);
	if (sel >= 8)
		hdr[7] = session_byte();
	write_with_header("fuzz_codec_requests", hdr, sizeof(hdr), d, len);
}

static int response_selector(uint8_t code)
{
	switch (code) {
	case SPDM_VERSION:
		return 0;
	case SPDM_CAPABILITIES:
		return 1;
	case SPDM_ALGORITHMS:
		return 2;
	case SPDM_DIGESTS:
		return 3;
	case SPDM_CERTIFICATE:
		return 4;
	case SPDM_CHALLENGE_AUTH:
		return 5;
	case SPDM_ERROR:
		return 6;
	case SPDM_MEASUREMENTS:
		return 7;
	case SPDM_KEY_EXCHANGE_RSP:
		return 9;
	case SPDM_FINISH_RSP:
		return 10;
	case SPDM_HEARTBEAT_ACK:
	case SPDM_END_SESSION_ACK:
		return 11;
	case SPDM_KEY_UPDATE_ACK:
		return 12;
	case SPDM_PSK_EXCHANGE_RSP:
		return 13;
	case SPDM_PSK_FINISH_RSP:
		return 14;
	default:
		return -1;
	}
}

/* The DHE group, ReqBaseAsymAlg and the opaque data format of ALGORITHMS (against the offer). */
static void take_session_algorithms(const uint8_t *d, size_t len)
{
	struct spdm_neg n = cur_neg();
	struct spdm_algorithms a;

	if (spdm_dec_algorithms(&n, &cap.offer, cap.rsp_caps, d, len, &a, NULL))
		return;
	cap.dhe_size = cspdm_dhe_size(a.dhe);
	cap.req_sig_size = cspdm_sig_size(a.req_asym);
	cap.general = cap.version >= CSPDM_V12 && (a.other_params & SPDM_OPAQUE_FMT_1);
}

/* BaseAsymSel and BaseHashSel of ALGORITHMS (DSP0274 Table 16), through the bounded reader. */
static void take_algorithms(const uint8_t *d, size_t len)
{
	struct rd r;
	uint8_t other = 0;
	uint32_t meas_hash = 0;

	rd_init(&r, d, len);
	rd_skip(&r, "header and Length", 6);
	rd_skip(&r, "MeasurementSpecificationSel", 1);
	rd_u8(&r, "OtherParamsSelection", &other);
	rd_u32le(&r, "MeasurementHashAlgo", &meas_hash);
	rd_u32le(&r, "BaseAsymSel", &cap.base_asym);
	rd_u32le(&r, "BaseHashSel", &cap.base_hash);
	if (r.failed)
		return;
	cap.hash_size = cspdm_hash_size(cap.base_hash);
	cap.sig_size = cspdm_sig_size(cap.base_asym);
	cap.multi_key = cap.version >= CSPDM_V13 && (other & SPDM_MULTI_KEY_CONN);
	take_session_algorithms(d, len);
}

static void take_certificate(const uint8_t *d, size_t len)
{
	struct spdm_neg n = cur_neg();
	struct spdm_cert_rsp c;
	uint8_t hdr[2];

	if (spdm_dec_cert(&n, &cap.cert, d, len, &c, NULL))
		return;
	if (cap.cert.offset == 0)
		cap.chain_len = 0;
	if (cap.cert.offset != cap.chain_len || c.portion_len > sizeof(cap.chain) - cap.chain_len)
		return;
	memcpy(cap.chain + cap.chain_len, c.portion, c.portion_len);
	cap.chain_len += c.portion_len;
	if (c.remainder_len)
		return;
	hdr[0] = version_index(cap.version);
	hdr[1] = fz_hash_index(cap.hash_size);
	write_with_header("fuzz_certchain", hdr, sizeof(hdr), cap.chain, cap.chain_len);
}

static void take_measurements(const uint8_t *d, size_t len)
{
	struct spdm_neg n = cur_neg();
	struct spdm_meas_rsp m;
	uint8_t hdr[1];

	if (spdm_dec_meas(&n, &cap.meas, d, len, &m, NULL) || !m.record_len)
		return;
	hdr[0] = m.num_blocks;
	write_with_header("fuzz_meas_record", hdr, sizeof(hdr), m.record, m.record_len);
}

/* The summary hash is there when KEY_EXCHANGE or PSK_EXCHANGE asked for one; the opaque data
 * is a seed. */
static void take_key_exchange_rsp(const uint8_t *d, size_t len, uint8_t hdr[FZ_CODEC_HDR])
{
	struct spdm_neg n = cur_neg();
	struct spdm_key_exchange_rsp k;
	struct spdm_psk_exchange_rsp x;

	if (cap.kx_summary) {
		hdr[2] |= 4;
		n.meas_hash_size = n.hash_size;
	}
	if (d[1] == SPDM_KEY_EXCHANGE_RSP && !spdm_dec_key_exchange_rsp(&n, d, len, &k, NULL))
		opaque_seed(k.opaque, k.opaque_len);
	if (d[1] == SPDM_PSK_EXCHANGE_RSP && !spdm_dec_psk_exchange_rsp(&n, d, len, &x, NULL))
		opaque_seed(x.opaque, x.opaque_len);
}

static void on_response(const uint8_t *d, size_t len)
{
	uint8_t hdr[FZ_CODEC_HDR];
	struct spdm_neg n = cur_neg();
	struct spdm_caps c;
	int sel = response_selector(d[1]);

	if (d[1] == SPDM_CAPABILITIES && !spdm_dec_caps(&n, d, len, &c, NULL))
		cap.rsp_caps = c.flags;
	if (d[1] == SPDM_ALGORITHMS)
		take_algorithms(d, len);
	if (sel < 0)
		return;
	codec_header((uint8_t)sel, hdr);
	if (d[1] == SPDM_CHALLENGE_AUTH && cap.chal_type)
		hdr[2] |= 4;
	if (sel >= 9)
		hdr[7] = session_byte();
	if (d[1] == SPDM_KEY_EXCHANGE_RSP || d[1] == SPDM_PSK_EXCHANGE_RSP)
		take_key_exchange_rsp(d, len, hdr);
	if (d[1] == SPDM_CERTIFICATE) {
		hdr[5] = cap.cert.slot;
		hdr[4] |= cap.cert.large ? FZ_F_LARGE : 0;
		put_u32(hdr + 8, cap.cert.length);
	}
	if (d[1] == SPDM_MEASUREMENTS) {
		hdr[5] = cap.meas.slot;
		hdr[6] = cap.meas.operation;
		hdr[4] |= (cap.meas.attributes & SPDM_MEAS_ATTR_SIGNATURE) ? FZ_F_SIGNED : 0;
		hdr[4] |= (cap.meas.attributes & SPDM_MEAS_ATTR_RAW) ? FZ_F_RAW : 0;
	}
	write_with_header("fuzz_codec_responses", hdr, sizeof(hdr), d, len);
	if (d[1] == SPDM_CERTIFICATE)
		take_certificate(d, len);
	if (d[1] == SPDM_MEASUREMENTS)
		take_measurements(d, len);
}

/* ---- transport seeds ------------------------------------------------------------------------- */

static void transport_seed(uint8_t sel, const uint8_t *frame, size_t len)
{
	write_with_header("fuzz_transport", &sel, 1, frame, len);
}

/* DSP0286 virtual headers: IF_SEND with a request, IF_RECV (no data) for a response. */
static void storage_seed(const uint8_t *d, size_t len, int is_request)
{
	struct cspdm_storage_hdr h = {CSPDM_STORAGE_SECP_DMTF_SPDM, CSPDM_STORAGE_OP_MESSAGE, 0,
				      (uint32_t)len};
	uint8_t hdr[1 + CSPDM_STORAGE_HEADER_SIZE];
	size_t n = 0;

	hdr[0] = 2;
	if (cspdm_storage_hdr_encode(&h, hdr + 1, sizeof(hdr) - 1, &n))
		return;
	write_with_header("fuzz_transport", hdr, sizeof(hdr), d, is_request ? len : 0);
}

/* ---- reading a capture ----------------------------------------------------------------------- */

static int read_capture(const char *path)
{
	char why[256];
	const uint8_t *pkt;
	const uint8_t *frame, *msg;
	size_t flen, mlen, caplen;
	uint8_t type;
	int lt = -1, storage_left = 8;
	struct cspdm_pcap *p = NULL;

	if (cspdm_pcap_open(&p, path, &lt, NULL, why, sizeof(why))) {
		fprintf(stderr, "seed_from_pcap: %s: %s\n", path, why);
		return -1;
	}
	if (lt != LINKTYPE_MCTP && lt != LINKTYPE_PCI_DOE) {
		fprintf(stderr, "seed_from_pcap: %s: link type %d\n", path, lt);
		cspdm_pcap_close(p);
		return -1;
	}
	cap.doe = lt == LINKTYPE_PCI_DOE;
	cap.max_pad = cap.doe ? 3 : 0;
	while (cspdm_pcap_next(p, &pkt, &caplen) == 1 && cap.count < MAX_MSGS) {
		if (caplen > ARENA_CAP - arena_len)
			break;
		memcpy(arena + arena_len, pkt, caplen);
		frame = arena + arena_len;
		flen = caplen;
		arena_len += flen;
		if (!cap.doe) {
			if (flen < MCTP_TRANSPORT_HEADER)
				continue;
			frame += MCTP_TRANSPORT_HEADER;
			flen -= MCTP_TRANSPORT_HEADER;
		}
		transport_seed(cap.doe ? 1 : 0, frame, flen);
		if (cspdm_transport_decode(cap.doe ? CSPDM_TRANSPORT_PCI_DOE : CSPDM_TRANSPORT_MCTP,
					   frame, flen, &msg, &mlen, &type))
			continue;
		if (type != (cap.doe ? CSPDM_DOE_TYPE_SPDM : CSPDM_MCTP_TYPE_SPDM) || mlen < 4)
			continue;
		cap.m[cap.count].d = msg;
		cap.m[cap.count].len = mlen;
		cap.m[cap.count].is_request = (msg[1] & 0x80) != 0;
		cap.count++;
		if (storage_left) {
			storage_left--;
			storage_seed(msg, mlen, (msg[1] & 0x80) != 0);
		}
	}
	cspdm_pcap_close(p);
	return 0;
}

/* ---- the requester conversation -------------------------------------------------------------- */

struct conv {
	uint8_t buf[CONV_CAP];
	size_t len;
	struct fz_requester r;
	unsigned responses;
};

static struct conv conv;
static uint8_t patched[CONV_CAP];

static const struct msg *first_request(uint8_t code)
{
	size_t i;

	for (i = 0; i < cap.count; i++)
		if (cap.m[i].is_request && cap.m[i].d[1] == code)
			return &cap.m[i];
	return NULL;
}

/* MeasurementSummaryHashType in the requester header (bits 4:3: 0, 1, 0xFF). */
static uint8_t summary_bits(uint8_t type)
{
	if (type == 1)
		return 1 << 3;
	return type == 0xFF ? 2 << 3 : 0;
}

static void requester_header(uint8_t hdr[FZ_REQ_HDR])
{
	const struct msg *caps = first_request(SPDM_GET_CAPABILITIES);
	const struct msg *chal = first_request(SPDM_CHALLENGE);
	struct spdm_neg n = {0};
	struct spdm_challenge c;
	struct spdm_get_meas g;
	size_t i;

	memset(hdr, 0, FZ_REQ_HDR);
	hdr[0] = cap.doe ? FZ_R_PAD : 0;
	hdr[1] = caps ? version_index(caps->d[0]) : 4;
	if (chal) {
		n.version = chal->d[0];
		n.max_pad = cap.max_pad;
		if (!spdm_dec_challenge(&n, chal->d, chal->len, &c, NULL)) {
			hdr[3] = (uint8_t)((c.slot & 7) | summary_bits(c.meas_summary_type));
			memcpy(hdr + 5, c.req_context, CSPDM_REQ_CONTEXT_SIZE);
		}
	}
	for (i = 0; i < cap.count; i++) {
		if (!cap.m[i].is_request || cap.m[i].d[1] != SPDM_GET_MEASUREMENTS)
			continue;
		n.version = cap.m[i].d[0];
		if (spdm_dec_get_meas(&n, cap.m[i].d, cap.m[i].len, &g, NULL))
			continue;
		if (g.operation == SPDM_MEAS_OP_ALL)
			hdr[4] = 0x80;
		if (g.attributes & SPDM_MEAS_ATTR_RAW)
			hdr[0] |= FZ_R_RAW;
	}
}

/* The captured request i matches ours: same code, same offset/slot or operation. */
static int same_request(const struct msg *m, const uint8_t *req, size_t len)
{
	struct spdm_neg n = {0};
	struct spdm_get_cert a, b;
	struct spdm_get_meas x, y;

	if (!m->is_request || m->used || m->d[1] != req[1])
		return 0;
	n.version = req[0];
	n.max_pad = cap.max_pad;
	if (req[1] == SPDM_GET_CERTIFICATE)
		return !spdm_dec_get_cert(&n, m->d, m->len, &a, NULL) &&
		       !spdm_dec_get_cert(&n, req, len, &b, NULL) && a.slot == b.slot &&
		       a.offset == b.offset;
	if (req[1] == SPDM_GET_MEASUREMENTS)
		return !spdm_dec_get_meas(&n, m->d, m->len, &x, NULL) &&
		       !spdm_dec_get_meas(&n, req, len, &y, NULL) && x.operation == y.operation;
	return 1;
}

static void zero_at(const uint8_t *base, const uint8_t *p, size_t n)
{
	memset(patched + (p - base), 0, n);
}

/* Make the captured response pass the stub crypto and our request; returns its new length. */
static size_t patch_response(const uint8_t *req, size_t req_len, const struct msg *q,
			     const struct msg *m)
{
	struct spdm_neg n = cur_neg();
	struct spdm_digests d;
	struct spdm_challenge_auth a;
	struct spdm_get_meas ours, theirs;
	struct spdm_meas_rsp mr;
	size_t len = m->len;
	unsigned s;

	memcpy(patched, m->d, m->len);
	n.version = m->d[0];
	switch (m->d[1]) {
	case SPDM_DIGESTS:
		if (!spdm_dec_digests(&n, m->d, m->len, &d, NULL))
			for (s = 0; s < CSPDM_MAX_SLOTS; s++)
				if (d.digest[s])
					zero_at(m->d, d.digest[s], n.hash_size);
		break;
	case SPDM_ALGORITHMS:
		/* we offer no MEL specification (1.3+): MELspecificationSel at offset 31 */
		if (m->len > 31)
			patched[31] = 0;
		break;
	case SPDM_CHALLENGE_AUTH:
		n.meas_hash_size = cap.chal_type ? n.hash_size : 0;
		if (!spdm_dec_challenge_auth(&n, m->d, m->len, &a, NULL)) {
			zero_at(m->d, a.cert_chain_hash, n.hash_size);
			patched[2] &= 0x7F; /* no BasicMutAuthReq */
			if (a.req_context)
				memcpy(patched + (a.req_context - m->d), conv.r.cfg.req_context,
				       CSPDM_REQ_CONTEXT_SIZE);
		}
		break;
	case SPDM_MEASUREMENTS:
		if (spdm_dec_get_meas(&n, req, req_len, &ours, NULL) ||
		    spdm_dec_get_meas(&n, q->d, q->len, &theirs, NULL) ||
		    spdm_dec_meas(&n, &theirs, m->d, m->len, &mr, NULL))
			break;
		if (mr.req_context)
			memcpy(patched + (mr.req_context - m->d), conv.r.cfg.req_context,
			       CSPDM_REQ_CONTEXT_SIZE);
		/* ours was not signed: the same response without its signature */
		if (mr.signature && !(ours.attributes & SPDM_MEAS_ATTR_SIGNATURE)) {
			patched[3] &= 0xF0; /* Param2 SlotID */
			len = mr.signed_len;
		}
		break;
	}
	return len;
}

/* The captured chain of a slot, from its first complete run of CERTIFICATE portions. */
static uint8_t slot_chain[CONV_CAP];
static size_t slot_chain_len;

static void assemble_chain(uint8_t slot)
{
	struct spdm_neg n = cur_neg();
	struct spdm_get_cert g;
	struct spdm_cert_rsp c;
	size_t i;

	slot_chain_len = 0;
	for (i = 0; i + 1 < cap.count; i++) {
		if (!cap.m[i].is_request || cap.m[i].d[1] != SPDM_GET_CERTIFICATE ||
		    cap.m[i + 1].is_request)
			continue;
		n.version = cap.m[i].d[0];
		if (spdm_dec_get_cert(&n, cap.m[i].d, cap.m[i].len, &g, NULL) || g.slot != slot ||
		    g.offset != slot_chain_len ||
		    spdm_dec_cert(&n, &g, cap.m[i + 1].d, cap.m[i + 1].len, &c, NULL) ||
		    c.portion_len > sizeof(slot_chain) - slot_chain_len)
			continue;
		memcpy(slot_chain + slot_chain_len, c.portion, c.portion_len);
		slot_chain_len += c.portion_len;
		if (!c.remainder_len)
			return;
	}
	slot_chain_len = 0;
}

/*
 * CERTIFICATE for our GET_CERTIFICATE, cut from the captured chain (the device's portion
 * sizes need not fit what we ask), with RootHash zero.
 */
static size_t answer_cert(const uint8_t *req, size_t req_len)
{
	struct spdm_neg n = cur_neg();
	struct spdm_get_cert g;
	struct spdm_cert_rsp c;
	uint8_t portion[CONV_CAP];
	size_t len = 0, i;

	n.version = req[0];
	if (spdm_dec_get_cert(&n, req, req_len, &g, NULL) || g.offset >= slot_chain_len)
		return 0;
	memset(&c, 0, sizeof(c));
	c.slot = g.slot;
	c.large = g.large;
	c.portion_len = (uint32_t)(slot_chain_len - g.offset);
	if (c.portion_len > g.length)
		c.portion_len = g.length;
	c.remainder_len = (uint32_t)(slot_chain_len - g.offset - c.portion_len);
	memcpy(portion, slot_chain + g.offset, c.portion_len);
	for (i = 0; i < c.portion_len; i++)
		if (g.offset + i >= SPDM_CERT_CHAIN_HEADER &&
		    g.offset + i < SPDM_CERT_CHAIN_HEADER + n.hash_size)
			portion[i] = 0;
	c.portion = portion;
	if (spdm_enc_cert(n.version, &c, patched, sizeof(patched), &len))
		return 0;
	return len;
}

/* The captured response to the request we send, patched; 0 if the capture has none. */
static size_t answer(const uint8_t *req, size_t req_len)
{
	size_t i;

	if (req[1] == SPDM_GET_CERTIFICATE)
		return answer_cert(req, req_len);
	for (i = 0; i + 1 < cap.count; i++) {
		if (!same_request(&cap.m[i], req, req_len) || cap.m[i + 1].is_request)
			continue;
		cap.m[i].used = 1;
		return patch_response(req, req_len, &cap.m[i], &cap.m[i + 1]);
	}
	return 0;
}

static void requester_seed(void)
{
	struct cspdm_context *ctx = NULL;
	struct cspdm_action act;
	struct fz_in in;
	struct cspdm_meas_result mres;
	uint8_t hdr[FZ_REQ_HDR];
	const char *outcome = "no answer";
	int measuring = 0, steps;
	size_t n, i;
	cspdm_status st;

	for (i = 0; i < cap.count; i++)
		cap.m[i].used = 0;
	requester_header(hdr);
	assemble_chain(hdr[3] & 7);
	memcpy(conv.buf, hdr, sizeof(hdr));
	conv.len = sizeof(hdr);
	conv.responses = 0;
	fz_in_init(&in, hdr, sizeof(hdr));
	fz_requester_parse(&in, &conv.r);
	fz_crypto_reset(FZ_HASH_ZERO, 0);
	if (cspdm_init(&ctx, ctx_mem, sizeof(ctx_mem), &conv.r.cfg) || cspdm_auth_begin(ctx))
		return;
	memset(&act, 0, sizeof(act));
	st = cspdm_step(ctx, NULL, 0, &act);
	for (steps = 0; steps < 1000; steps++) {
		if (act.kind == CSPDM_ACT_DONE) {
			if (st || measuring) {
				outcome = st ? cspdm_status_name(st) : "measured";
				break;
			}
			measuring = 1;
			if (cspdm_meas_begin(ctx, &conv.r.q)) {
				outcome = "authenticated, no measurements";
				break;
			}
			st = cspdm_step(ctx, NULL, 0, &act);
			continue;
		}
		if (act.kind == CSPDM_ACT_DELAY) {
			st = cspdm_step(ctx, NULL, 0, &act);
			continue;
		}
		n = answer(act.req, act.req_len);
		if (!n)
			break;
		i = fz_put_msg(conv.buf, sizeof(conv.buf), conv.len, patched, n);
		if (!i)
			break;
		conv.len = i;
		conv.responses++;
		st = cspdm_step(ctx, patched, n, &act);
	}
	cspdm_get_meas_result(ctx, &mres);
	printf("  requester: %u responses, %s%s%s (%s, %u measurement blocks)\n", conv.responses,
	       outcome, cspdm_last_error(ctx)->field ? " at " : "",
	       cspdm_last_error(ctx)->field ? cspdm_last_error(ctx)->field : "",
	       measuring ? "authenticated" : "not authenticated", mres.blocks);
	cspdm_deinit(ctx);
	write_seed("fuzz_requester", conv.buf, conv.len);
}

/* ---- the responder conversation -------------------------------------------------------------- */

static void responder_seed(void)
{
	uint8_t hdr[FZ_RSP_HDR];
	size_t i, at;

	memset(hdr, 0, sizeof(hdr));
	hdr[0] = cap.doe ? FZ_S_PAD : 0;
	hdr[1] = 0;
	hdr[2] = 4;
	hdr[3] = bit_index(cap.base_asym ? cap.base_asym : CSPDM_ASYM_ECDSA_P384);
	hdr[4] = (uint8_t)(cap.base_hash & 0x3F);
	put_u32(hdr + 5, SPDM_CAP_CERT | SPDM_CAP_CHAL | SPDM_CAP_MEAS_SIG);
	hdr[13] = 0x03;
	memcpy(conv.buf, hdr, sizeof(hdr));
	at = sizeof(hdr);
	for (i = 0; i < cap.count; i++) {
		if (!cap.m[i].is_request)
			continue;
		at = fz_put_msg(conv.buf, sizeof(conv.buf), at, cap.m[i].d, cap.m[i].len);
		if (!at)
			return;
	}
	write_seed("fuzz_responder", conv.buf, at);
}

/* The whole conversation, for the passive observer. */
static void observer_seed(void)
{
	size_t i, at = 1;

	conv.buf[0] = cap.doe ? 2 : 0;
	for (i = 0; i < cap.count; i++) {
		at = fz_put_msg(conv.buf, sizeof(conv.buf), at, cap.m[i].d, cap.m[i].len);
		if (!at)
			return;
	}
	write_seed("fuzz_observer", conv.buf, at);
}

/* ---- main ------------------------------------------------------------------------------------ */

static void process(const char *dir, const char *name)
{
	char path[4096];
	size_t i;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	memset(&cap, 0, sizeof(cap));
	arena_len = 0;
	cap.name = name;
	if (read_capture(path))
		return;
	printf("%s: %zu SPDM messages\n", name, cap.count);
	for (i = 0; i < cap.count; i++) {
		if (cap.m[i].is_request)
			on_request(cap.m[i].d, cap.m[i].len);
		else
			on_response(cap.m[i].d, cap.m[i].len);
	}
	requester_seed();
	responder_seed();
	observer_seed();
}

static int is_pcap(const struct dirent *e)
{
	size_t n = strlen(e->d_name);

	return n > 5 && !strcmp(e->d_name + n - 5, ".pcap");
}

/* Every capture of one directory, in name order. */
static int process_dir(const char *dir)
{
	struct dirent **list;
	int i, n = scandir(dir, &list, is_pcap, alphasort);

	if (n <= 0) {
		fprintf(stderr, "seed_from_pcap: no captures in %s\n", dir);
		return 1;
	}
	for (i = 0; i < n; i++) {
		process(dir, list[i]->d_name);
		free(list[i]);
	}
	free(list);
	return 0;
}

int main(int argc, char **argv)
{
	int i;

	if (argc < 3) {
		fprintf(stderr, "usage: %s CAPTURE_DIR... CORPUS_DIR\n", argv[0]);
		return 2;
	}
	corpus_dir = argv[argc - 1];
	if (mkdir(corpus_dir, 0755) && errno != EEXIST) {
		perror(corpus_dir);
		return 1;
	}
	for (i = 1; i < argc - 1; i++)
		if (process_dir(argv[i]))
			return 1;
	printf("seed_from_pcap: %u files written, %u duplicates skipped\n", written, duplicates);
	return 0;
}
