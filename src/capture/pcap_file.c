/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * pcap files through libpcap: see pcap_file.h. libpcap is not linked: it is loaded (dlopen) the
 * first time a capture is read or written, so that a process that never touches one does not
 * map libpcap and what it pulls in (libdbus, libsystemd, libgcrypt, ...) at every start.
 */
#include "capture/pcap_file.h"

#include <dlfcn.h>
#include <errno.h>
#include <pcap/pcap.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>

/* pcap's own largest snapshot length: any message cspdm sends or accepts fits. */
#define SNAPLEN 262144
/* Where the link type sits in the pcap file header (magic, versions, thiszone, sigfigs, snaplen).
 */
#define LINKTYPE_OFFSET 20

struct cspdm_pcap {
	pcap_t *pcap;
	pcap_dumper_t *dump; /* NULL when reading */
	uint8_t *buf;	     /* writing: a packet with a head, put together */
};

/* ---- libpcap, loaded at first use ----------------------------------------------------------- */

/* The sonames tried, in order; CSPDM_LIBPCAP (a name or a path) replaces them. */
static const char *const pcap_sonames[] = {"libpcap.so.0.8", "libpcap.so.1", "libpcap.so"};

/* The libpcap calls cspdm makes. */
struct pcap_lib {
	pcap_t *(*open_dead)(int, int);
	pcap_dumper_t *(*dump_fopen)(pcap_t *, FILE *);
	char *(*geterr)(pcap_t *);
	void (*dump)(u_char *, const struct pcap_pkthdr *, const u_char *);
	int (*dump_flush)(pcap_dumper_t *);
	void (*dump_close)(pcap_dumper_t *);
	pcap_t *(*fopen_offline)(FILE *, char *);
	int (*datalink)(pcap_t *);
	int (*next_ex)(pcap_t *, struct pcap_pkthdr **, const u_char **);
	void (*close)(pcap_t *);
};

static struct pcap_lib lib;
static char lib_why[320]; /* why libpcap could not be loaded; empty once it is */
static pthread_once_t lib_once = PTHREAD_ONCE_INIT;

/* dlsym into a function pointer (POSIX: the object representations agree). */
static int sym(void *h, const char *name, void *slot)
{
	void *p = dlsym(h, name);

	if (!p)
		(void)snprintf(lib_why, sizeof(lib_why), "captures need libpcap: %s", dlerror());
	else
		memcpy(slot, &p, sizeof(p));
	return p != NULL;
}

static int bind_syms(void *h)
{
	return sym(h, "pcap_open_dead", &lib.open_dead) &&
	       sym(h, "pcap_dump_fopen", &lib.dump_fopen) && sym(h, "pcap_geterr", &lib.geterr) &&
	       sym(h, "pcap_dump", &lib.dump) && sym(h, "pcap_dump_flush", &lib.dump_flush) &&
	       sym(h, "pcap_dump_close", &lib.dump_close) &&
	       sym(h, "pcap_fopen_offline", &lib.fopen_offline) &&
	       sym(h, "pcap_datalink", &lib.datalink) && sym(h, "pcap_next_ex", &lib.next_ex) &&
	       sym(h, "pcap_close", &lib.close);
}

static void load_pcap(void)
{
	const char *env = getenv("CSPDM_LIBPCAP");
	size_t i, n = env && *env ? 1 : sizeof(pcap_sonames) / sizeof(pcap_sonames[0]);
	void *h = NULL;

	for (i = 0; i < n && !h; i++)
		h = dlopen(env && *env ? env : pcap_sonames[i], RTLD_NOW | RTLD_LOCAL);
	if (!h) {
		(void)snprintf(lib_why, sizeof(lib_why),
			       "captures need libpcap (%s): %s; install libpcap0.8",
			       env && *env ? env : pcap_sonames[0], dlerror());
		return;
	}
	if (bind_syms(h))
		lib_why[0] = '\0';
	else
		memset(&lib, 0, sizeof(lib)); /* lib_why says which symbol; h stays loaded */
}

/* libpcap, loaded once: 0, or -1 with lib_why saying why not. */
static int pcap_ready(void)
{
	(void)pthread_once(&lib_once, load_pcap);
	return lib.close ? 0 : -1;
}

static cspdm_status open_fail(cspdm_error *err, const char *path, int os_error, char *why,
			      size_t why_cap, const char *text)
{
	if (err) {
		memset(err, 0, sizeof(*err));
		err->code = os_error ? CSPDM_E_IO : CSPDM_E_TRANSPORT;
		err->field = path;
		err->os_error = os_error;
	}
	if (why && why_cap)
		(void)snprintf(why, why_cap, "%s", os_error ? strerror(os_error) : text);
	return os_error ? CSPDM_E_IO : CSPDM_E_TRANSPORT;
}

/* libpcap is missing: CSPDM_E_UNSUPPORTED, why saying what was tried. */
static cspdm_status load_fail(cspdm_error *err, const char *path, char *why, size_t why_cap)
{
	(void)open_fail(err, path, 0, why, why_cap, lib_why);
	if (err)
		err->code = CSPDM_E_UNSUPPORTED;
	return CSPDM_E_UNSUPPORTED;
}

/*
 * libpcap 1.10 writes only the link types it knows (up to DLT_MATCHING_MAX, 289), and MCTP (291)
 * and PCI DOE (292) are newer. Then the file is written for DLT_USER0, and the link type in its
 * header, host byte order like the rest of it, is set to the real one: the packets are the same.
 */
static int dump_dlt(int linktype)
{
	return linktype <= DLT_MATCHING_MAX ? linktype : DLT_USER0;
}

static cspdm_status set_linktype(FILE *f, int linktype)
{
	uint32_t lt = (uint32_t)linktype;

	if (fflush(f) != 0 || fseek(f, LINKTYPE_OFFSET, SEEK_SET) != 0 ||
	    fwrite(&lt, sizeof(lt), 1, f) != 1 || fflush(f) != 0 || fseek(f, 0, SEEK_END) != 0)
		return CSPDM_E_IO;
	return CSPDM_OK;
}

cspdm_status cspdm_pcap_create(struct cspdm_pcap **out, const char *path, int linktype,
			       cspdm_error *err, char *why, size_t why_cap)
{
	struct cspdm_pcap *p;
	FILE *f = NULL;

	*out = NULL;
	if (pcap_ready())
		return load_fail(err, path, why, why_cap);
	p = calloc(1, sizeof(*p));
	if (!p)
		return open_fail(err, path, ENOMEM, why, why_cap, NULL);
	p->pcap = lib.open_dead(dump_dlt(linktype), SNAPLEN);
	p->buf = malloc(CSPDM_PCAP_PACKET_MAX);
	if (p->pcap && p->buf)
		f = fopen(path, "wb");
	if (!f) {
		int e = p->pcap && p->buf ? errno : ENOMEM;

		cspdm_pcap_close(p);
		return open_fail(err, path, e, why, why_cap, NULL);
	}
	p->dump = lib.dump_fopen(p->pcap, f);
	if (!p->dump) {
		(void)fclose(f);
		(void)open_fail(err, path, 0, why, why_cap, lib.geterr(p->pcap));
		cspdm_pcap_close(p);
		return CSPDM_E_TRANSPORT;
	}
	if (dump_dlt(linktype) != linktype && set_linktype(f, linktype) != CSPDM_OK) {
		int e = errno;

		cspdm_pcap_close(p);
		return open_fail(err, path, e ? e : EIO, why, why_cap, NULL);
	}
	*out = p;
	return CSPDM_OK;
}

cspdm_status cspdm_pcap_write(struct cspdm_pcap *p, const uint8_t *head, size_t head_len,
			      const uint8_t *body, size_t body_len)
{
	const uint8_t *pkt = body;
	struct pcap_pkthdr h;
	struct timeval tv;

	if (!p || !p->dump || head_len + body_len > CSPDM_PCAP_PACKET_MAX)
		return CSPDM_E_INVALID_ARG;
	if (head_len) {
		memcpy(p->buf, head, head_len);
		memcpy(p->buf + head_len, body, body_len);
		pkt = p->buf;
	}
	(void)gettimeofday(&tv, NULL);
	memset(&h, 0, sizeof(h));
	h.ts = tv;
	h.caplen = (bpf_u_int32)(head_len + body_len);
	h.len = h.caplen;
	lib.dump((u_char *)p->dump, &h, pkt);
	return lib.dump_flush(p->dump) == 0 ? CSPDM_OK : CSPDM_E_IO;
}

cspdm_status cspdm_pcap_open(struct cspdm_pcap **out, const char *path, int *linktype,
			     cspdm_error *err, char *why, size_t why_cap)
{
	char errbuf[PCAP_ERRBUF_SIZE] = "";
	struct cspdm_pcap *p;
	FILE *f;

	*out = NULL;
	if (pcap_ready())
		return load_fail(err, path, why, why_cap);
	p = calloc(1, sizeof(*p));
	f = p ? fopen(path, "rb") : NULL;
	if (!f) {
		int e = p ? errno : ENOMEM;

		free(p);
		return open_fail(err, path, e, why, why_cap, NULL);
	}
	p->pcap = lib.fopen_offline(f, errbuf);
	if (!p->pcap) {
		(void)fclose(f);
		free(p);
		return open_fail(err, path, 0, why, why_cap, errbuf);
	}
	*linktype = lib.datalink(p->pcap);
	*out = p;
	return CSPDM_OK;
}

int cspdm_pcap_next(struct cspdm_pcap *p, const uint8_t **pkt, size_t *len)
{
	struct pcap_pkthdr *h;
	int r = lib.next_ex(p->pcap, &h, pkt);

	if (r == 1) {
		*len = h->caplen;
		return 1;
	}
	return r == PCAP_ERROR_BREAK ? 0 : -1;
}

void cspdm_pcap_close(struct cspdm_pcap *p)
{
	if (!p)
		return;
	if (p->dump)
		lib.dump_close(p->dump);
	if (p->pcap)
		lib.close(p->pcap);
	free(p->buf);
	free(p);
}
