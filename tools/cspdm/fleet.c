/* SPDX-License-Identifier: BSD-3-Clause */
/* Many devices from one process: the poll() loop, the workers, the report (fleet.h). */
#include "fleet.h"

#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "codec/writer.h"
#include "io/sockutil.h"

#define CERT_CAP	   (64u * 1024u)
#define MEAS_CAP	   (64u * 1024u)
#define RX_CAP		   CSPDM_EMU_MAX_PAYLOAD
#define TX_CAP		   (CSPDM_EMU_HEADER_SIZE + CSPDM_EMU_MAX_PAYLOAD)
#define DEFAULT_TIMEOUT_US (60ull * 1000000u)
#define MAX_OPEN	   512 /* devices in flight at once; the others wait their turn */
#define MAX_JOBS	   256

enum dev_state {
	D_WAITING,    /* not started */
	D_CONNECTING, /* non-blocking connect under way */
	D_SENDING,    /* a frame partly written */
	D_RECEIVING,  /* waiting for (the rest of) the reply frame */
	D_BUSY,	      /* with a worker */
	D_DELAY,      /* CSPDM_ACT_DELAY: until delay_until */
	D_DONE,
};

struct fleet_dev {
	unsigned idx;
	char target[CSPDM_DEV_PATH_MAX + 32];
	int transport;
	int is_dev; /* a --device target: a device thread drives it (run_blocking) */
	struct cspdm_dev_addr addr; /* --device; HOST:PORT in path and port */
	struct cspdm_device *dev;
	char *identity; /* identity=PATH of its line, or NULL */
	void *priv;	/* the command's (fleet_cmd.open) */
	char what[384]; /* err.field of a failure found here (what the back-end said, ...) */
	enum dev_state state;
	int fd;
	struct cspdm_context *ctx;
	void *mem;
	uint8_t *cert, *rx, *meas, *frame;
	struct cspdm_action act;
	unsigned phase;
	cspdm_status st;
	cspdm_error err; /* an I/O failure the loop saw (the context's error otherwise) */
	int io_failed;
	int retired; /* reported, resources released */
	/* the job for a worker: the reply (in rx), or none (start, delay), or a timeout */
	size_t reply_len;
	int timed_out;
	uint8_t tx[TX_CAP];
	size_t tx_len, tx_off;
	uint8_t hdr[CSPDM_EMU_HEADER_SIZE];
	size_t got;	 /* bytes of the frame read: header, then payload */
	uint32_t size;	 /* the payload's, once the header is in */
	uint64_t t0, t1; /* started, finished (us) */
	uint64_t reply_deadline, deadline, delay_until;
	char *line; /* the JSON line or table row, made by the worker that finished it */
	struct fleet_dev *next_job;
};

struct fleet {
	struct cli_conn_opts *o;
	const struct fleet_cmd *fc;
	struct cspdm_openssl *ossl;
	struct cspdm_x509_cache *cache;
	struct fleet_dev *devs;
	unsigned n, n_dev, started, done, failed, open;
	uint64_t timeout_us;
	/* the queues in (the workers': one step each; the device threads': a device each), and
	 * what comes back */
	pthread_mutex_t lock;
	struct jobq {
		struct fleet_dev *head, **tail;
		pthread_cond_t more;
	} steps, blocking;
	struct fleet_dev *back;
	int quit;
	int wake[2]; /* a worker writes a byte when it hands a device back */
	int progress;
};

/* ---- targets -----------------------------------------------------------------------------------
 */

/* One device as named: on the command line, or by a line of --targets. */
struct target {
	const char *spec; /* HOST:PORT or the URI */
	int is_dev;
	int transport; /* -1: none named */
	const char *identity;
};

static int add_target(struct fleet *f, const struct target *t, const char *where)
{
	struct cspdm_dev_addr addr;
	struct fleet_dev *d, *l;
	const char *why = NULL;

	memset(&addr, 0, sizeof(addr));
	if (t->is_dev && cspdm_dev_parse(t->spec, &addr, &why))
		return cli_usage_error(f->o->cmd, where, why);
	if (!t->is_dev && cspdm_parse_hostport(t->spec, addr.path, sizeof(addr.path), &addr.port))
		return cli_usage_error(f->o->cmd, where,
				       "a target wants HOST:PORT [TRANSPORT] or device=URI");
	if (f->fc->identity == FLEET_ID_REQUIRED && !t->identity)
		return cli_usage_error(f->o->cmd, where,
				       "no identity=PATH (or give --identity-dir DIR)");
	if (strlen(t->spec) >= sizeof(d->target))
		return cli_usage_error(f->o->cmd, where, "too long");
	l = realloc(f->devs, (f->n + 1) * sizeof(*l));
	if (!l)
		return cli_usage_error(f->o->cmd, "out of memory", NULL);
	f->devs = l;
	d = &l[f->n];
	memset(d, 0, sizeof(*d));
	d->fd = -1;
	d->idx = f->n;
	d->is_dev = t->is_dev;
	d->transport = t->transport >= 0 ? t->transport : f->o->transport;
	(void)snprintf(d->target, sizeof(d->target), "%s", t->spec);
	d->addr = addr;
	d->identity = t->identity ? strdup(t->identity) : NULL;
	if (t->identity && !d->identity)
		return cli_usage_error(f->o->cmd, "out of memory", NULL);
	f->n++;
	f->n_dev += (unsigned)t->is_dev;
	return 0;
}

/* A word that names a --device URI by its scheme. */
static int is_uri(const char *w)
{
	static const char *const schemes[] = {
	    "pci:", "nvme:", "scsi:", "mctp:", "tcp:", "tcp-listen:"};
	size_t i;

	for (i = 0; i < sizeof(schemes) / sizeof(schemes[0]); i++)
		if (!strncmp(w, schemes[i], strlen(schemes[i])))
			return 1;
	return 0;
}

/* One word of a --targets line into t; 0, or 2 after a usage error naming where. */
static int target_word(struct fleet *f, struct target *t, char *w, const char *where)
{
	if (!t->spec) {
		t->is_dev = !strncmp(w, "device=", 7) || is_uri(w);
		t->spec = strncmp(w, "device=", 7) ? w : w + 7;
		return *t->spec ? 0 : cli_usage_error(f->o->cmd, where, "device= wants a URI");
	}
	if (!strncmp(w, "identity=", 9)) {
		if (f->fc->identity == FLEET_ID_NONE)
			return cli_usage_error(f->o->cmd, where,
					       "identity=PATH is for cspdm revalidate");
		if (t->identity || !w[9])
			return cli_usage_error(f->o->cmd, where,
					       t->identity ? "identity= twice"
							   : "identity= wants a PATH");
		t->identity = w + 9;
		return 0;
	}
	if (t->is_dev || t->transport >= 0 || strchr(w, '='))
		return cli_usage_error(f->o->cmd, where,
				       t->is_dev ? "a device= line takes no TRANSPORT"
						 : "unexpected word");
	t->transport = cspdm_transport_parse(w);
	return t->transport < 0 ? cli_usage_error(f->o->cmd, where, "unknown transport") : 0;
}

/*
 * One line of --targets (blank lines and '#' comments are skipped):
 *   HOST:PORT [TRANSPORT] [identity=PATH]
 *   device=URI | URI [identity=PATH]
 * An error names the file, the line and the word.
 */
static int target_line(struct fleet *f, char *line, unsigned lineno)
{
	struct target t = {NULL, 0, -1, NULL};
	char where[1200], *w, *save = NULL;
	int rc = 0;

	line[strcspn(line, "#\r\n")] = 0;
	for (w = strtok_r(line, " \t", &save); w && !rc; w = strtok_r(NULL, " \t", &save)) {
		(void)snprintf(where, sizeof(where), "%s line %u: %s", f->o->targets, lineno, w);
		rc = target_word(f, &t, w, where);
	}
	if (rc || !t.spec)
		return rc;
	(void)snprintf(where, sizeof(where), "%s line %u: %s", f->o->targets, lineno, t.spec);
	return add_target(f, &t, where);
}

static int load_targets(struct fleet *f)
{
	FILE *fp = fopen(f->o->targets, "r");
	char line[1024], where[320];
	unsigned lineno = 0;
	int rc = 0;

	if (!fp) {
		fprintf(stderr, "cspdm %s: --targets %s: %s\n", f->o->cmd, f->o->targets,
			strerror(errno));
		return 2;
	}
	while (!rc && fgets(line, sizeof(line), fp)) {
		++lineno;
		if (!strchr(line, '\n') && !feof(fp)) {
			(void)snprintf(where, sizeof(where), "%s line %u", f->o->targets, lineno);
			rc = cli_usage_error(f->o->cmd, where, "longer than 1022 characters");
			break;
		}
		rc = target_line(f, line, lineno);
	}
	fclose(fp);
	return rc;
}

static int collect_targets(struct fleet *f)
{
	struct target t = {NULL, 0, -1, NULL};
	unsigned i;
	int rc = 0;

	for (i = 0; !rc && i < f->o->n_connect; i++) {
		t.spec = f->o->connects[i];
		rc = add_target(f, &t, t.spec);
	}
	t.is_dev = 1;
	for (i = 0; !rc && i < f->o->n_device; i++) {
		t.spec = f->o->devices[i];
		rc = add_target(f, &t, t.spec);
	}
	if (!rc && f->o->targets)
		rc = load_targets(f);
	if (!rc && !f->n)
		rc = cli_usage_error(f->o->cmd, "no device in --targets", f->o->targets);
	return rc;
}

/* ---- a device's resources ----------------------------------------------------------------------
 */

static void dev_release(struct fleet *f, struct fleet_dev *d)
{
	if (d->fd >= 0)
		close(d->fd);
	d->fd = -1;
	cspdm_device_close(d->dev);
	d->dev = NULL;
	if (d->priv && f->fc->close)
		f->fc->close(f->fc->arg, d->priv);
	d->priv = NULL;
	if (d->ctx)
		cspdm_deinit(d->ctx);
	d->ctx = NULL;
	free(d->mem);
	free(d->cert);
	free(d->rx);
	free(d->meas);
	free(d->frame);
	d->mem = d->cert = d->rx = d->meas = d->frame = NULL;
}

static cspdm_status dev_alloc(struct fleet *f, struct fleet_dev *d, uint32_t max_pad)
{
	struct cspdm_config cfg = f->o->cfg;

	d->mem = aligned_alloc(8, (cspdm_context_size() + 7) & ~(size_t)7);
	d->cert = malloc(CERT_CAP);
	d->rx = malloc(RX_CAP);
	d->meas = malloc(MEAS_CAP);
	d->frame = malloc(CSPDM_EMU_MAX_PAYLOAD);
	if (!d->mem || !d->cert || !d->rx || !d->meas || !d->frame)
		return CSPDM_E_BUFFER_TOO_SMALL;
	cfg.crypto = cspdm_openssl_ops(f->ossl);
	cfg.cert_buf = d->cert;
	cfg.cert_cap = CERT_CAP;
	cfg.rx_buf = d->rx;
	cfg.rx_cap = RX_CAP;
	cfg.meas_buf = d->meas;
	cfg.meas_cap = MEAS_CAP;
	cfg.transcript_buf = NULL;
	cfg.transcript_cap = 0;
	cfg.max_pad = max_pad;
	return cspdm_init(&d->ctx, d->mem, cspdm_context_size(), &cfg);
}

/* The context, and the first flow begun on it. */
static cspdm_status dev_begin(struct fleet *f, struct fleet_dev *d, uint32_t max_pad)
{
	int begun = 0;
	cspdm_status st = dev_alloc(f, d, max_pad);

	return st ? st : f->fc->begin(f->fc->arg, d->priv, d->ctx, 0, &begun);
}

/* The loop saw the device fail: code, what, and the OS's errno. */
static void io_fail(struct fleet_dev *d, cspdm_status code, const char *what, int os_error)
{
	d->io_failed = 1;
	d->st = code;
	memset(&d->err, 0, sizeof(d->err));
	d->err.code = code;
	d->err.field = what;
	d->err.os_error = os_error;
	if (d->act.req && d->act.req_len >= 2)
		d->err.request_code = d->act.req[1];
}

/* ---- the workers: cspdm_step, and the report ------------------------------------------------- */

static void finish_line(struct fleet *f, struct fleet_dev *d)
{
	const char *tname = d->is_dev ? cli_dev_kind_name(d->addr.kind)
				      : cspdm_transport_name((enum cspdm_transport)d->transport);
	const cspdm_error *e =
	    d->st ? (d->io_failed || !d->ctx ? &d->err : cspdm_last_error(d->ctx)) : NULL;
	json_t *j;

	j = f->fc->json(f->fc->arg, d->priv, d->target, tname, d->ctx, d->st, e, f->cache);
	json_object_set_new(j, "elapsed_us", json_integer((json_int_t)(d->t1 - d->t0)));
	d->line = json_dumps(j, JSON_COMPACT);
	json_decref(j);
}

/* One step of the device's flow, then the next flows while one is done. */
static void work(struct fleet *f, struct fleet_dev *d)
{
	int begun = 1;

	if (d->timed_out)
		d->st = cspdm_step_timeout(d->ctx, &d->act);
	else
		d->st = cspdm_step(d->ctx, d->reply_len ? d->rx : NULL, d->reply_len, &d->act);
	while (!d->st && d->act.kind == CSPDM_ACT_DONE && begun) {
		d->st = f->fc->begin(f->fc->arg, d->priv, d->ctx, ++d->phase, &begun);
		if (!d->st && begun)
			d->st = cspdm_step(d->ctx, NULL, 0, &d->act);
	}
	if (d->st || d->act.kind == CSPDM_ACT_DONE) {
		d->t1 = cspdm_now_us();
		finish_line(f, d);
	}
}

static void enqueue(struct fleet *f, struct jobq *q, struct fleet_dev *d)
{
	d->state = D_BUSY;
	d->next_job = NULL;
	pthread_mutex_lock(&f->lock);
	*q->tail = d;
	q->tail = &d->next_job;
	pthread_cond_signal(&q->more);
	pthread_mutex_unlock(&f->lock);
}

/* The next device of q, or NULL once the fleet is done. */
static struct fleet_dev *dequeue(struct fleet *f, struct jobq *q)
{
	struct fleet_dev *d;

	pthread_mutex_lock(&f->lock);
	while (!q->head && !f->quit)
		pthread_cond_wait(&q->more, &f->lock);
	d = q->head;
	if (d) {
		q->head = d->next_job;
		if (!q->head)
			q->tail = &q->head;
	}
	pthread_mutex_unlock(&f->lock);
	return d;
}

/* A thread is done with d: back to the loop, which is woken. */
static void hand_back(struct fleet *f, struct fleet_dev *d)
{
	char b = 1;

	pthread_mutex_lock(&f->lock);
	d->next_job = f->back;
	f->back = d;
	pthread_mutex_unlock(&f->lock);
	(void)!write(f->wake[1], &b, 1); /* a full pipe already wakes the loop */
}

/* A thread's life: run each device of its queue, hand it back. */
struct pool {
	struct fleet *f;
	struct jobq *q;
	void (*run)(struct fleet *f, struct fleet_dev *d); /* work, or run_blocking */
};

static void *serve(void *arg)
{
	const struct pool *p = arg;
	struct fleet_dev *d;

	while ((d = dequeue(p->f, p->q))) {
		p->run(p->f, d);
		hand_back(p->f, d);
	}
	return NULL;
}

static void submit(struct fleet *f, struct fleet_dev *d)
{
	enqueue(f, &f->steps, d);
}

/* ---- the loop: connect, send, receive ---------------------------------------------------------
 */

/* The device failed: its line. (A device thread stops here; the loop takes it back.) */
static void fail_line(struct fleet *f, struct fleet_dev *d, cspdm_status code, const char *what,
		      int os_error)
{
	io_fail(d, code, what, os_error);
	d->t1 = cspdm_now_us();
	finish_line(f, d);
}

static void fail_now(struct fleet *f, struct fleet_dev *d, cspdm_status code, const char *what,
		     int os_error)
{
	fail_line(f, d, code, what, os_error);
	if (d->fd >= 0)
		close(d->fd);
	d->fd = -1;
	d->state = D_DONE;
}

#define TOO_LATE "--timeout: the device took too long"

static int connect_nb(struct fleet_dev *d, int *err)
{
	struct addrinfo hints, *res = NULL;
	char serv[8];
	int one = 1, fd = -1;

	memset(&hints, 0, sizeof(hints));
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_protocol = IPPROTO_TCP;
	(void)snprintf(serv, sizeof(serv), "%u", (unsigned)d->addr.port);
	*err = getaddrinfo(d->addr.path, serv, &hints, &res) ? EHOSTUNREACH : 0;
	if (!*err)
		fd = socket(res->ai_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd >= 0) {
		(void)setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
		if (connect(fd, res->ai_addr, res->ai_addrlen) != 0 && errno != EINPROGRESS) {
			*err = errno;
			close(fd);
			fd = -1;
		}
	} else if (!*err) {
		*err = errno;
	}
	if (res)
		freeaddrinfo(res);
	return fd;
}

static void run_blocking(struct fleet *f, struct fleet_dev *d);

static void start(struct fleet *f, struct fleet_dev *d)
{
	int err = 0;
	cspdm_status st = CSPDM_OK;

	d->t0 = cspdm_now_us();
	d->deadline = d->t0 + f->timeout_us;
	f->started++;
	f->open += !d->is_dev;
	if (f->fc->open)
		st = f->fc->open(f->fc->arg, d->target, d->identity, &d->priv, d->what,
				 sizeof(d->what));
	if (st) {
		fail_now(f, d, st, d->what, 0);
		return;
	}
	if (d->is_dev) {
		enqueue(f, &f->blocking, d); /* to a device thread: run_blocking */
		return;
	}
	st = dev_begin(f, d, d->transport == CSPDM_TRANSPORT_PCI_DOE ? 3 : 0);
	if (st) {
		fail_now(f, d, st, "start", 0);
		return;
	}
	d->fd = connect_nb(d, &err);
	if (d->fd < 0) {
		fail_now(f, d, err == EHOSTUNREACH ? CSPDM_E_RESOLVE : CSPDM_E_IO, "connect", err);
		return;
	}
	d->state = D_CONNECTING;
}

/* The request of d->act into one spdm-emu frame, and start writing it. */
static void queue_send(struct fleet *f, struct fleet_dev *d)
{
	size_t flen = 0;
	struct wr w;

	if (cspdm_transport_encode_kind((enum cspdm_transport)d->transport, d->act.msg_kind,
					d->act.req, d->act.req_len, d->tx + CSPDM_EMU_HEADER_SIZE,
					TX_CAP - CSPDM_EMU_HEADER_SIZE, &flen) != CSPDM_OK) {
		fail_now(f, d, CSPDM_E_TRANSPORT, "encode", 0);
		return;
	}
	wr_init(&w, d->tx, CSPDM_EMU_HEADER_SIZE);
	cspdm_emu_header_put(&w, CSPDM_EMU_CMD_NORMAL,
			     cspdm_emu_transport_type((enum cspdm_transport)d->transport),
			     (uint32_t)flen);
	d->tx_len = CSPDM_EMU_HEADER_SIZE + flen;
	d->tx_off = 0;
	d->got = 0;
	d->state = D_SENDING;
}

static void on_writable(struct fleet *f, struct fleet_dev *d);

/* A worker is done with d: send what it asks, wait, or report. */
static void take_back(struct fleet *f, struct fleet_dev *d)
{
	if (d->line) {
		d->state = D_DONE;
		return;
	}
	if (d->act.kind == CSPDM_ACT_DELAY) {
		d->state = D_DELAY;
		d->delay_until = cspdm_now_us() + d->act.delay_us;
		return;
	}
	queue_send(f, d);
	if (d->state == D_SENDING)
		on_writable(f, d); /* most frames go out at once */
}

static void on_writable(struct fleet *f, struct fleet_dev *d)
{
	ssize_t r;
	int err = 0;
	socklen_t el = sizeof(err);

	if (d->state == D_CONNECTING) {
		if (getsockopt(d->fd, SOL_SOCKET, SO_ERROR, &err, &el) != 0 || err) {
			fail_now(f, d, CSPDM_E_IO, "connect", err ? err : errno);
			return;
		}
		d->reply_len = 0;
		d->timed_out = 0;
		submit(f, d); /* the first step: GET_VERSION */
		return;
	}
	r = send(d->fd, d->tx + d->tx_off, d->tx_len - d->tx_off, MSG_NOSIGNAL);
	if (r < 0 && (errno == EAGAIN || errno == EINTR))
		return;
	if (r < 0) {
		fail_now(f, d, CSPDM_E_IO, "send", errno);
		return;
	}
	d->tx_off += (size_t)r;
	if (d->tx_off < d->tx_len)
		return;
	d->state = D_RECEIVING;
	d->reply_deadline = d->act.timeout_us ? cspdm_now_us() + d->act.timeout_us : 0;
}

/* The whole frame is in: its SPDM message to a worker. */
static void frame_done(struct fleet *f, struct fleet_dev *d)
{
	struct cspdm_emu_header h;
	const uint8_t *msg;
	size_t len;
	uint8_t type;
	enum cspdm_msg_kind k;

	cspdm_emu_header_decode(d->hdr, &h);
	if (cspdm_transport_decode((enum cspdm_transport)d->transport, d->frame, h.size, &msg, &len,
				   &type) != CSPDM_OK ||
	    cspdm_transport_kind((enum cspdm_transport)d->transport, type, &k) != CSPDM_OK ||
	    k != CSPDM_MSG_SPDM || len > RX_CAP || len == 0) {
		fail_now(f, d, CSPDM_E_TRANSPORT, "the transport header of the reply", 0);
		return;
	}
	memmove(d->rx, msg, len);
	d->reply_len = len;
	d->timed_out = 0;
	submit(f, d);
}

static int header_ok(struct fleet_dev *d)
{
	struct cspdm_emu_header h;

	cspdm_emu_header_decode(d->hdr, &h);
	d->size = h.size;
	return h.command == CSPDM_EMU_CMD_NORMAL &&
	       h.transport == cspdm_emu_transport_type((enum cspdm_transport)d->transport) &&
	       h.size <= CSPDM_EMU_MAX_PAYLOAD;
}

/* Read what is there of the reply frame: 1 to read on, 0 when it is all in (or failed). */
static int read_some(struct fleet *f, struct fleet_dev *d)
{
	uint8_t *dst = d->got < CSPDM_EMU_HEADER_SIZE ? d->hdr + d->got
						      : d->frame + (d->got - CSPDM_EMU_HEADER_SIZE);
	size_t want = d->got < CSPDM_EMU_HEADER_SIZE ? CSPDM_EMU_HEADER_SIZE - d->got
						     : CSPDM_EMU_HEADER_SIZE + d->size - d->got;
	ssize_t r = want ? recv(d->fd, dst, want, 0) : 0;

	if (r < 0 && (errno == EAGAIN || errno == EINTR))
		return 0;
	if (r <= 0 && want) {
		fail_now(f, d, CSPDM_E_IO,
			 d->got ? "recv: the device closed the connection mid-message"
				: "recv: the device closed the connection",
			 r < 0 ? errno : 0);
		return 0;
	}
	d->got += (size_t)r;
	if (d->got == CSPDM_EMU_HEADER_SIZE && !header_ok(d)) {
		fail_now(f, d, CSPDM_E_TRANSPORT, "spdm-emu socket header", 0);
		return 0;
	}
	if (d->got >= CSPDM_EMU_HEADER_SIZE && d->got == CSPDM_EMU_HEADER_SIZE + d->size) {
		frame_done(f, d);
		return 0;
	}
	return 1;
}

/* Header and payload as far as they have arrived, without waiting for another poll. */
static void on_readable(struct fleet *f, struct fleet_dev *d)
{
	while (read_some(f, d))
		;
}

/* Deadlines: the reply's (the state machine decides), the device's (it fails), a delay's. */
static void check_time(struct fleet *f, struct fleet_dev *d, uint64_t now)
{
	if (d->state == D_DONE || d->state == D_WAITING || d->state == D_BUSY)
		return;
	if (now >= d->deadline) {
		fail_now(f, d, CSPDM_E_TIMEOUT, TOO_LATE, ETIMEDOUT);
		return;
	}
	if (d->state == D_RECEIVING && d->reply_deadline && now >= d->reply_deadline) {
		on_readable(f, d); /* a reply already here is not late */
		if (d->state != D_RECEIVING)
			return;
		d->timed_out = 1;
		d->reply_len = 0;
		d->got = 0;
		submit(f, d);
	} else if (d->state == D_DELAY && now >= d->delay_until) {
		d->reply_len = 0;
		d->timed_out = 0;
		submit(f, d);
	}
}

/* ---- the device threads: --device targets ---------------------------------------------------
 *
 * A --device back-end (config space, ioctls, AF_MCTP, DSP0287) has blocking send and recv calls
 * and no descriptor the loop could poll, so one of at most --jobs device threads drives such a
 * device from start to end: the same steps (work) as the workers run, with the back-end's
 * blocking calls between them. Its timeouts are the same too: each reply's, capped by what is
 * left of --timeout, which also bounds a tcp-listen wait. A send that blocks longer is not
 * interrupted (a back-end's own timeouts bound it: DOE's 1 s, the ioctls').
 */

/* The back-end's failure st: what it said (or where, if it said nothing). */
static void dev_fail(struct fleet *f, struct fleet_dev *d, cspdm_status st,
		     const struct cspdm_dev_error *de, const char *where)
{
	cspdm_error e;

	memset(&e, 0, sizeof(e));
	if (de && de->code) {
		cli_device_error(d->target, de, &e, d->what, sizeof(d->what));
		fail_line(f, d, st, e.field, e.os_error);
	} else {
		fail_line(f, d, st, where, 0);
	}
}

static void on_listen(void *priv, uint16_t port)
{
	const struct fleet_dev *d = priv;

	fprintf(stderr, "cspdm: %s: listening on port %u for the device to dial in\n", d->target,
		(unsigned)port);
}

/* us, but no more than left. */
static uint64_t at_most(uint64_t us, uint64_t left)
{
	return us && us < left ? us : left;
}

/* What d->act asks, over the back-end: a reply in d->rx, a timeout, or a delay waited. 0, or
 * -1 when the device failed. */
static int exchange(struct fleet *f, struct fleet_dev *d, const struct cspdm_io *io)
{
	uint64_t now = cspdm_now_us(), left = now < d->deadline ? d->deadline - now : 0;
	cspdm_status st;

	d->reply_len = 0;
	d->timed_out = 0;
	if (!left)
		return fail_line(f, d, CSPDM_E_TIMEOUT, TOO_LATE, ETIMEDOUT), -1;
	if (d->act.kind == CSPDM_ACT_DELAY) {
		io->sleep_us(io->priv, d->act.delay_us < left ? d->act.delay_us : left);
		return 0;
	}
	st = io->send(io->priv, d->act.msg_kind, d->act.req, d->act.req_len);
	if (!st)
		st = io->recv(io->priv, d->rx, RX_CAP, &d->reply_len, NULL,
			      at_most(d->act.timeout_us, left));
	if (st == CSPDM_E_TIMEOUT && cspdm_now_us() >= d->deadline)
		return fail_line(f, d, CSPDM_E_TIMEOUT, TOO_LATE, ETIMEDOUT), -1;
	d->timed_out = st == CSPDM_E_TIMEOUT;
	if (st && !d->timed_out)
		return dev_fail(f, d, st, cspdm_device_error(d->dev), "send / recv"), -1;
	if (d->timed_out)
		d->reply_len = 0;
	return 0;
}

/* A --device target, whole, on a device thread (serve). */
static void run_blocking(struct fleet *f, struct fleet_dev *d)
{
	struct cspdm_dev_opts o = {
	    .listen_timeout_us = f->timeout_us, .on_listen = on_listen, .on_listen_priv = d};
	struct cspdm_dev_error de;
	const struct cspdm_io *io;
	cspdm_status st;

	d->t0 = cspdm_now_us();
	d->deadline = d->t0 + f->timeout_us;
	st = cspdm_device_open(&d->dev, &d->addr, &o, &de);
	if (st) {
		dev_fail(f, d, st, &de, "open");
		return;
	}
	io = cspdm_device_io(d->dev);
	st = dev_begin(f, d, io->max_pad);
	if (st) {
		fail_line(f, d, st, "start", 0);
		return;
	}
	d->reply_len = 0;
	d->timed_out = 0;
	for (work(f, d); !d->line && !exchange(f, d, io); work(f, d))
		;
	cspdm_device_close(d->dev); /* now: a tcp-listen port, a mailbox, free for others */
	d->dev = NULL;
}

/* ---- reporting --------------------------------------------------------------------------------
 */

static int dev_ok(const struct fleet_dev *d)
{
	return d->st == CSPDM_OK;
}

static void progress(struct fleet *f)
{
	if (f->progress)
		fprintf(stderr, "\rcspdm %s: %u/%u done, %u failed ", f->o->cmd, f->done, f->n,
			f->failed);
}

/* A device is finished: its line out (JSON), its memory back. */
static void retire(struct fleet *f, struct fleet_dev *d)
{
	uint8_t b[CSPDM_EMU_HEADER_SIZE];
	struct wr w;

	if (d->fd >= 0) { /* tell the peer we are done, as spdm_requester_emu does */
		wr_init(&w, b, sizeof(b));
		cspdm_emu_header_put(&w, CSPDM_EMU_CMD_SHUTDOWN,
				     cspdm_emu_transport_type((enum cspdm_transport)d->transport),
				     0);
		(void)!send(d->fd, b, sizeof(b), MSG_NOSIGNAL | MSG_DONTWAIT);
	}
	d->retired = 1;
	f->done++;
	f->open -= !d->is_dev;
	f->failed += !dev_ok(d);
	if (f->o->json && d->line) {
		if (f->progress)
			fputs("\r\033[K", stderr);
		puts(d->line);
		fflush(stdout);
	}
	dev_release(f, d);
	progress(f);
}

static const char *str_or(json_t *j, const char *key, const char *dflt)
{
	const char *v = json_string_value(json_object_get(j, key));

	return v ? v : dflt;
}

/* A row's last column: what changed (revalidate), or the error's code and field. */
static void print_detail(json_t *j)
{
	json_t *e = json_object_get(j, "error");
	const char *field = str_or(e, "field", NULL);

	if (json_object_get(j, "changed"))
		printf("%s\n", str_or(j, "changed", ""));
	else
		printf("%s%s%s\n", e ? str_or(e, "code", "") : "", field ? ": " : "",
		       field ? field : "");
}

static void print_table(struct fleet *f)
{
	unsigned i;
	json_t *j;

	printf("%-24s %-8s %-15s %-5s %-11s %7s %10s  %s\n", "DEVICE", "TRANSP", "OUTCOME", "VER",
	       "ASYM", "TRIPS", "MS", "ERROR");
	for (i = 0; i < f->n; i++) {
		j = f->devs[i].line ? json_loads(f->devs[i].line, 0, NULL) : NULL;
		if (!j)
			continue;
		printf("%-24s %-8s %-15s %-5s %-11s %7lld %10.1f  ", f->devs[i].target,
		       str_or(j, "transport", "-"), str_or(j, "outcome", "-"),
		       str_or(j, "version", "-"), str_or(j, "base_asym", "-"),
		       json_integer_value(json_object_get(j, "round_trips")),
		       (double)json_integer_value(json_object_get(j, "elapsed_us")) / 1000.0);
		print_detail(j);
		json_decref(j);
	}
	printf("%u device%s: %u succeeded, %u failed\n", f->n, f->n == 1 ? "" : "s",
	       f->n - f->failed, f->failed);
}

/* ---- the loop ------------------------------------------------------------------------------- */

static int wanted_events(const struct fleet_dev *d)
{
	switch (d->state) {
	case D_CONNECTING:
	case D_SENDING:
		return POLLOUT;
	case D_RECEIVING:
		return POLLIN;
	default:
		return 0;
	}
}

/* Devices handed back by the workers. */
static void drain_back(struct fleet *f)
{
	struct fleet_dev *d, *next;
	char buf[256];

	while (read(f->wake[0], buf, sizeof(buf)) > 0)
		;
	pthread_mutex_lock(&f->lock);
	d = f->back;
	f->back = NULL;
	pthread_mutex_unlock(&f->lock);
	for (; d; d = next) {
		next = d->next_job;
		take_back(f, d);
	}
}

/* Poll timeout: until the nearest deadline, at most 100 ms. */
static int poll_ms_for(const struct fleet *f, uint64_t now)
{
	uint64_t next = now + 100000u, t;
	unsigned i;

	for (i = 0; i < f->n; i++) {
		const struct fleet_dev *d = &f->devs[i];

		if (d->state == D_WAITING || d->state == D_DONE || d->state == D_BUSY)
			continue;
		t = d->deadline;
		if (d->state == D_RECEIVING && d->reply_deadline && d->reply_deadline < t)
			t = d->reply_deadline;
		if (d->state == D_DELAY && d->delay_until < t)
			t = d->delay_until;
		if (t < next)
			next = t;
	}
	return next > now ? (int)((next - now + 999) / 1000) : 0;
}

static void loop_once(struct fleet *f, struct pollfd *p, struct fleet_dev **who)
{
	unsigned i, np = 1;
	uint64_t now = cspdm_now_us();

	for (i = 0; i < f->n && f->started < f->n && f->open < MAX_OPEN; i++)
		if (f->devs[i].state == D_WAITING)
			start(f, &f->devs[i]);
	p[0].fd = f->wake[0];
	p[0].events = POLLIN;
	for (i = 0; i < f->n; i++) {
		if (!wanted_events(&f->devs[i]))
			continue;
		p[np].fd = f->devs[i].fd;
		p[np].events = (short)wanted_events(&f->devs[i]);
		p[np].revents = 0;
		who[np++] = &f->devs[i];
	}
	if (poll(p, np, poll_ms_for(f, now)) > 0) {
		for (i = 1; i < np; i++) {
			if (p[i].revents & POLLOUT)
				on_writable(f, who[i]);
			else if (p[i].revents & (POLLIN | POLLHUP | POLLERR))
				on_readable(f, who[i]);
		}
		if (p[0].revents & POLLIN)
			drain_back(f);
	}
	now = cspdm_now_us();
	for (i = 0; i < f->n; i++) {
		check_time(f, &f->devs[i], now);
		if (f->devs[i].state == D_DONE && !f->devs[i].retired)
			retire(f, &f->devs[i]);
	}
}

/* ---- options, setup -----------------------------------------------------------------------------
 */

int cli_parse_fleet_opt(struct cli_conn_opts *o, int c, const char *arg)
{
	char *end;
	double v;

	switch (c) {
	case CLI_FLEET_OPT_TARGETS:
		o->targets = arg;
		return 0;
	case CLI_FLEET_OPT_JOBS:
		v = strtod(arg, &end);
		if (!*arg || *end || v < 1 || v > MAX_JOBS || v != (unsigned)v)
			return cli_usage_error(o->cmd, "--jobs must be 1..256", arg);
		o->jobs = (unsigned)v;
		return 0;
	case CLI_FLEET_OPT_TIMEOUT:
		v = strtod(arg, &end);
		if (!*arg || *end || !(v > 0) || v > 86400)
			return cli_usage_error(o->cmd, "--timeout must be 0 < S <= 86400 seconds",
					       arg);
		o->dev_timeout_us = (uint64_t)(v * 1e6);
		return 0;
	default:
		return 1;
	}
}

int cli_is_fleet(const struct cli_conn_opts *o)
{
	return o->targets || o->n_connect > 1 || o->n_device > 1;
}

static int setup(struct fleet *f)
{
	cspdm_error err;
	char where[320];
	int rc = collect_targets(f);

	if (rc)
		return rc;
	if (cli_open_trust(f->o->cmd, f->o->trust, &f->ossl, &err, where, sizeof(where))) {
		cli_print_error(stderr, f->o->cmd, &err);
		return 1;
	}
	if (cspdm_x509_cache_new(&f->cache, 0) || pipe(f->wake) != 0) {
		fprintf(stderr, "cspdm %s: out of resources\n", f->o->cmd);
		return 1;
	}
	(void)fcntl(f->wake[0], F_SETFL, O_NONBLOCK);
	(void)fcntl(f->wake[1], F_SETFL, O_NONBLOCK);
	cspdm_openssl_set_cache(f->ossl, f->cache);
	return 0;
}

static unsigned njobs(const struct cli_conn_opts *o)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	if (o->jobs)
		return o->jobs;
	return n < 1 ? 1 : n > MAX_JOBS ? MAX_JOBS : (unsigned)n;
}

static int run_all(struct fleet *f)
{
	struct pollfd *p = calloc(f->n + 1, sizeof(*p));
	struct fleet_dev **who = calloc(f->n + 1, sizeof(*who));
	struct pool steps = {f, &f->steps, work}, blocking = {f, &f->blocking, run_blocking};
	pthread_t t[2 * MAX_JOBS];
	unsigned i, nt = 0, nd = 0, jobs = njobs(f->o);

	if (!p || !who) {
		free(p);
		free(who);
		return 1;
	}
	for (i = 0; i < jobs; i++)
		nt += pthread_create(&t[nt], NULL, serve, &steps) == 0;
	for (i = 0; i < jobs && i < f->n_dev; i++)
		nd += pthread_create(&t[nt + nd], NULL, serve, &blocking) == 0;
	while (nt && (nd || !f->n_dev) && f->done < f->n)
		loop_once(f, p, who);
	pthread_mutex_lock(&f->lock);
	f->quit = 1;
	pthread_cond_broadcast(&f->steps.more);
	pthread_cond_broadcast(&f->blocking.more);
	pthread_mutex_unlock(&f->lock);
	for (i = 0; i < nt + nd; i++)
		pthread_join(t[i], NULL);
	free(p);
	free(who);
	return nt && (nd || !f->n_dev) ? 0 : 1;
}

int cli_fleet_run(struct cli_conn_opts *o, const struct fleet_cmd *fc)
{
	struct fleet f;
	unsigned i;
	int rc;

	memset(&f, 0, sizeof(f));
	f.o = o;
	f.fc = fc;
	f.wake[0] = f.wake[1] = -1;
	f.steps.tail = &f.steps.head;
	f.blocking.tail = &f.blocking.head;
	f.timeout_us = o->dev_timeout_us ? o->dev_timeout_us : DEFAULT_TIMEOUT_US;
	f.progress = isatty(STDERR_FILENO);
	pthread_mutex_init(&f.lock, NULL);
	pthread_cond_init(&f.steps.more, NULL);
	pthread_cond_init(&f.blocking.more, NULL);
	rc = setup(&f);
	if (!rc)
		rc = run_all(&f);
	if (f.progress && f.n)
		fputc('\n', stderr);
	if (!rc && !o->json)
		print_table(&f);
	if (!rc)
		rc = f.failed ? 1 : 0;
	for (i = 0; i < f.n; i++) {
		dev_release(&f, &f.devs[i]);
		free(f.devs[i].line);
		free(f.devs[i].identity);
	}
	free(f.devs);
	if (f.wake[0] >= 0) {
		close(f.wake[0]);
		close(f.wake[1]);
	}
	cspdm_openssl_free(f.ossl);
	cspdm_x509_cache_free(f.cache);
	pthread_cond_destroy(&f.steps.more);
	pthread_cond_destroy(&f.blocking.more);
	pthread_mutex_destroy(&f.lock);
	return rc;
}
