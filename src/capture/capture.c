/* SPDX-License-Identifier: BSD-3-Clause */
/* Captures of cspdm's own conversations: see capture.h. */
#include "capture/capture.h"

#include <errno.h>
#include <string.h>

#include "capture/pcap_file.h"

#define MCTP_TRANSPORT_HEADER 4

/* Header version 0, EIDs 0, SOM | EOM: the bytes DMTF's emulators write. */
static const uint8_t mctp_header[MCTP_TRANSPORT_HEADER] = {0x00, 0x00, 0x00, 0xC0};

int cspdm_capture_linktype(int transport)
{
	switch (transport) {
	case CSPDM_TRANSPORT_MCTP:
		return CSPDM_LINKTYPE_MCTP;
	case CSPDM_TRANSPORT_PCI_DOE:
		return CSPDM_LINKTYPE_PCI_DOE;
	default:
		return -1;
	}
}

cspdm_status cspdm_capture_frame(struct cspdm_pcap *p, int transport, const uint8_t *frame,
				 size_t len)
{
	if (transport == CSPDM_TRANSPORT_PCI_DOE)
		return cspdm_pcap_write(p, NULL, 0, frame, len);
	if (transport == CSPDM_TRANSPORT_MCTP)
		return cspdm_pcap_write(p, mctp_header, sizeof(mctp_header), frame, len);
	return CSPDM_E_INVALID_ARG;
}

/* Write one message, in its binding; the first failure is kept for the caller. */
static void record(struct cspdm_capture_io *c, enum cspdm_msg_kind kind, const uint8_t *msg,
		   size_t len)
{
	size_t flen = 0;
	cspdm_status st = cspdm_transport_encode_kind(c->transport, kind, msg, len, c->frame,
						      sizeof(c->frame), &flen);

	if (st == CSPDM_OK)
		st = cspdm_capture_frame(c->pcap, c->transport, c->frame, flen);
	if (st != CSPDM_OK && c->write_status == CSPDM_OK) {
		c->write_status = st;
		c->write_errno = st == CSPDM_E_IO ? errno : 0;
	}
}

static cspdm_status tap_send(void *priv, enum cspdm_msg_kind kind, const uint8_t *msg, size_t len)
{
	struct cspdm_capture_io *c = priv;
	cspdm_status st = c->inner->send(c->inner->priv, kind, msg, len);

	if (st == CSPDM_OK)
		record(c, kind, msg, len);
	return st;
}

static cspdm_status tap_recv(void *priv, uint8_t *buf, size_t cap, size_t *len,
			     enum cspdm_msg_kind *kind, uint64_t timeout_us)
{
	struct cspdm_capture_io *c = priv;
	cspdm_status st = c->inner->recv(c->inner->priv, buf, cap, len, kind, timeout_us);

	if (st == CSPDM_OK)
		record(c, kind ? *kind : CSPDM_MSG_SPDM, buf, *len);
	return st;
}

static void tap_sleep(void *priv, uint64_t us)
{
	struct cspdm_capture_io *c = priv;

	c->inner->sleep_us(c->inner->priv, us);
}

void cspdm_capture_io_init(struct cspdm_capture_io *c, const struct cspdm_io *inner,
			   enum cspdm_transport t, struct cspdm_pcap *p)
{
	c->io = *inner;
	c->io.priv = c;
	c->io.send = tap_send;
	c->io.recv = tap_recv;
	c->io.sleep_us = inner->sleep_us ? tap_sleep : NULL;
	c->inner = inner;
	c->pcap = p;
	c->transport = t;
	c->write_status = CSPDM_OK;
	c->write_errno = 0;
}
