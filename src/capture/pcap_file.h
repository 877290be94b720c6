/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Classic pcap files, read and written: the only code that calls libpcap (its dump API to
 * write, pcap_fopen_offline to read). libpcap is loaded (dlopen) when a capture is first created
 * or opened: libpcap.so.0.8, else libpcap.so.1, else libpcap.so, or the name or path in the
 * environment variable CSPDM_LIBPCAP. Without it, create and open fail with
 * CSPDM_E_UNSUPPORTED and why says what was tried.
 */
#ifndef CSPDM_CAPTURE_PCAP_FILE_H
#define CSPDM_CAPTURE_PCAP_FILE_H

#include <stddef.h>
#include <stdint.h>

#include "cspdm/cspdm.h"

struct cspdm_pcap;

/*
 * Create (or truncate) path as a pcap file of the given link type. On failure *err names the
 * file in field (the caller's path) with the OS's reason in os_error, or libpcap's text in why.
 */
cspdm_status cspdm_pcap_create(struct cspdm_pcap **out, const char *path, int linktype,
			       cspdm_error *err, char *why, size_t why_cap);
/* Largest packet cspdm_pcap_write takes (head and body together). */
#define CSPDM_PCAP_PACKET_MAX (65536 + 64)

/* Append one packet, head then body (head may be empty), timestamped now, and flush it.
 * CSPDM_E_IO (errno set) if that fails. */
cspdm_status cspdm_pcap_write(struct cspdm_pcap *p, const uint8_t *head, size_t head_len,
			      const uint8_t *body, size_t body_len);

/* Open a capture to read; *linktype receives its link type. Errors as cspdm_pcap_create. */
cspdm_status cspdm_pcap_open(struct cspdm_pcap **out, const char *path, int *linktype,
			     cspdm_error *err, char *why, size_t why_cap);
/* The next packet (valid until the next call): 1, or 0 at the end, -1 on a damaged file. */
int cspdm_pcap_next(struct cspdm_pcap *p, const uint8_t **pkt, size_t *len);

/* Close (flushing what was written). NULL is fine. */
void cspdm_pcap_close(struct cspdm_pcap *p);

#endif
