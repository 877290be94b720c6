/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * SCSI back-end: DSP0286 through SG_IO on /dev/sgN or /dev/sdX: SECURITY PROTOCOL OUT (0xB5)
 * and SECURITY PROTOCOL IN (0xA2), 12-byte CDBs (SPC): byte 1 SECURITY PROTOCOL, bytes 2-3
 * SECURITY PROTOCOL SPECIFIC (big-endian, so SPSP1 first), byte 4 bit 7 INC_512 (0: lengths in
 * bytes), bytes 6-9 the transfer or allocation length (big-endian).
 *
 * The residual count says how many bytes a SECURITY PROTOCOL IN transferred. A CHECK
 * CONDITION is reported with its sense key, ASC and ASCQ (fixed or descriptor format sense
 * data, read through the bounded reader); host or driver errors with their codes.
 */
#include "io/storage_io.h"

#include <errno.h>
#include <scsi/sg.h>
#include <sys/ioctl.h>
#include <string.h>

#include "codec/reader.h"

#define SPC_SECURITY_IN	 0xA2
#define SPC_SECURITY_OUT 0xB5
#define CDB_LEN		 12
#define SENSE_LEN	 32
#define SCSI_DEFAULT_MS	 30000u
#define SAM_CHECK_COND	 0x02
#define HOST_TIME_OUT	 0x03 /* DID_TIME_OUT */

static void put_be32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

static void build_cdb(uint8_t *cdb, const struct storage_cmd *c)
{
	memset(cdb, 0, CDB_LEN);
	cdb[0] = c->to_device ? SPC_SECURITY_OUT : SPC_SECURITY_IN;
	cdb[1] = c->secp;
	cdb[2] = (uint8_t)(c->spsp >> 8);
	cdb[3] = (uint8_t)c->spsp;
	put_be32(cdb + 6, (uint32_t)c->len);
}

/* Sense key, ASC and ASCQ from fixed (0x70/0x71) or descriptor (0x72/0x73) sense data. */
static uint32_t sense_code(const uint8_t *sb, size_t n)
{
	uint8_t code = 0, key = 0, asc = 0, ascq = 0;
	struct rd r;

	rd_init(&r, sb, n);
	if (!rd_u8(&r, "response code", &code))
		return 0;
	code &= 0x7F;
	if (code == 0x70 || code == 0x71) {
		if (rd_skip(&r, "segment", 1) && rd_u8(&r, "sense key", &key) &&
		    rd_skip(&r, "information", 9))
			(void)(rd_u8(&r, "ASC", &asc) && rd_u8(&r, "ASCQ", &ascq));
	} else if (code == 0x72 || code == 0x73) {
		(void)(rd_u8(&r, "sense key", &key) && rd_u8(&r, "ASC", &asc) &&
		       rd_u8(&r, "ASCQ", &ascq));
	}
	return (uint32_t)(key & 0xF) << 16 | (uint32_t)asc << 8 | ascq;
}

static cspdm_status scsi_result(struct storage_dev *s, const struct storage_cmd *c,
				const sg_io_hdr_t *h, const uint8_t *sense)
{
	size_t sb = h->sb_len_wr < SENSE_LEN ? h->sb_len_wr : SENSE_LEN;

	if ((h->info & SG_INFO_OK_MASK) == SG_INFO_OK && h->status == 0)
		return CSPDM_OK;
	if (h->host_status == HOST_TIME_OUT)
		return cspdm_dev_fail(s->b.err, CSPDM_E_TIMEOUT, c->what, ETIMEDOUT);
	if (h->status != 0 || sb)
		return cspdm_dev_fail_status(s->b.err, CSPDM_E_DEVICE_STATUS, c->what,
					     CSPDM_DEV_STATUS_SCSI,
					     (uint32_t)h->status << 24 | sense_code(sense, sb));
	return cspdm_dev_fail_status(s->b.err, CSPDM_E_IO, c->what, CSPDM_DEV_STATUS_SCSI,
				     (uint32_t)h->host_status << 8 | (h->driver_status & 0xFF));
}

static cspdm_status scsi_exec(struct storage_dev *s, struct storage_cmd *c)
{
	uint8_t cdb[CDB_LEN], sense[SENSE_LEN];
	sg_io_hdr_t h;
	uint64_t ms = c->timeout_us ? (c->timeout_us + 999) / 1000 : SCSI_DEFAULT_MS;
	cspdm_status st;

	build_cdb(cdb, c);
	memset(&h, 0, sizeof(h));
	memset(sense, 0, sizeof(sense));
	h.interface_id = 'S';
	h.dxfer_direction = c->to_device ? SG_DXFER_TO_DEV : SG_DXFER_FROM_DEV;
	h.cmd_len = CDB_LEN;
	h.cmdp = cdb;
	h.dxferp = c->buf;
	h.dxfer_len = (unsigned)c->len;
	h.sbp = sense;
	h.mx_sb_len = SENSE_LEN;
	h.timeout = ms > 0xFFFFFFF0u ? 0xFFFFFFF0u : (unsigned)ms;
	if (s->b.sys->ioctl(s->b.sys->priv, s->fd, SG_IO, &h) < 0)
		return cspdm_dev_fail_errno(s->b.err, c->what, errno);
	st = scsi_result(s, c, &h, sense);
	c->exact = true;
	c->got = h.resid > 0 && (size_t)h.resid <= c->len ? c->len - (size_t)h.resid : c->len;
	return st;
}

cspdm_status cspdm_scsi_open(const struct cspdm_dev_addr *a, const struct cspdm_sys *sys,
			     struct cspdm_dev_error *err, struct cspdm_backend **out)
{
	struct storage_dev *s = cspdm_storage_new(sys, err);
	cspdm_status st;

	*out = NULL;
	if (!s)
		return cspdm_dev_fail(err, CSPDM_E_IO, "out of memory", ENOMEM);
	s->bus = "SCSI";
	s->exec = scsi_exec;
	s->exact_len = true;
	st = cspdm_storage_open_node(s, a->path);
	if (!st)
		st = cspdm_storage_attach(s);
	if (st) {
		cspdm_storage_free(s);
		return st;
	}
	*out = &s->b;
	return CSPDM_OK;
}
