/* SPDX-License-Identifier: BSD-3-Clause */
/* The syscall table of the real kernel (sys.h). */
#include "io/sys.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include "io/sockutil.h"

static int os_open(void *priv, const char *path, int flags)
{
	(void)priv;
	return open(path, flags | O_CLOEXEC);
}

static int os_close(void *priv, int fd)
{
	(void)priv;
	return close(fd);
}

static ssize_t os_pread(void *priv, int fd, void *buf, size_t n, off_t off)
{
	(void)priv;
	return pread(fd, buf, n, off);
}

static ssize_t os_pwrite(void *priv, int fd, const void *buf, size_t n, off_t off)
{
	(void)priv;
	return pwrite(fd, buf, n, off);
}

static int os_ioctl(void *priv, int fd, unsigned long req, void *arg)
{
	(void)priv;
	return ioctl(fd, req, arg);
}

static int os_socket(void *priv, int domain, int type, int proto)
{
	(void)priv;
	return socket(domain, type | SOCK_CLOEXEC, proto);
}

static int os_connect(void *priv, int fd, const struct sockaddr *a, socklen_t len)
{
	(void)priv;
	return connect(fd, a, len);
}

static int os_bind(void *priv, int fd, const struct sockaddr *a, socklen_t len)
{
	(void)priv;
	return bind(fd, a, len);
}

static int os_listen(void *priv, int fd, int backlog)
{
	(void)priv;
	return listen(fd, backlog);
}

static int os_accept(void *priv, int fd)
{
	int c;

	(void)priv;
	c = accept(fd, NULL, NULL);
	if (c >= 0)
		(void)fcntl(c, F_SETFD, FD_CLOEXEC);
	return c;
}

static int os_getsockname(void *priv, int fd, struct sockaddr *a, socklen_t *len)
{
	(void)priv;
	return getsockname(fd, a, len);
}

static int os_setsockopt(void *priv, int fd, int level, int name, const void *v, socklen_t len)
{
	(void)priv;
	return setsockopt(fd, level, name, v, len);
}

static ssize_t os_sendto(void *priv, int fd, const void *buf, size_t n, int flags,
			 const struct sockaddr *a, socklen_t len)
{
	(void)priv;
	return sendto(fd, buf, n, flags | MSG_NOSIGNAL, a, len);
}

static ssize_t os_recvfrom(void *priv, int fd, void *buf, size_t n, int flags, struct sockaddr *a,
			   socklen_t *len)
{
	(void)priv;
	return recvfrom(fd, buf, n, flags, a, len);
}

static int os_poll(void *priv, struct pollfd *p, nfds_t n, int timeout_ms)
{
	(void)priv;
	return poll(p, n, timeout_ms);
}

static uint64_t os_now_us(void *priv)
{
	(void)priv;
	return cspdm_now_us();
}

static void os_sleep_us(void *priv, uint64_t us)
{
	struct timespec ts, rem;

	(void)priv;
	ts.tv_sec = (time_t)(us / 1000000u);
	ts.tv_nsec = (long)(us % 1000000u) * 1000;
	while (nanosleep(&ts, &rem) != 0 && errno == EINTR)
		ts = rem;
}

static int os_list_dir(void *priv, const char *path, int (*each)(void *ctx, const char *name),
		       void *ctx)
{
	DIR *d = opendir(path);
	const struct dirent *e;

	(void)priv;
	if (!d)
		return -1;
	while ((e = readdir(d)) != NULL) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		if (each(ctx, e->d_name))
			break;
	}
	closedir(d);
	return 0;
}

static const struct cspdm_sys os_sys = {
    .open = os_open,
    .close = os_close,
    .pread = os_pread,
    .pwrite = os_pwrite,
    .ioctl = os_ioctl,
    .socket = os_socket,
    .connect = os_connect,
    .bind = os_bind,
    .listen = os_listen,
    .accept = os_accept,
    .getsockname = os_getsockname,
    .setsockopt = os_setsockopt,
    .sendto = os_sendto,
    .recvfrom = os_recvfrom,
    .poll = os_poll,
    .now_us = os_now_us,
    .sleep_us = os_sleep_us,
    .list_dir = os_list_dir,
};

const struct cspdm_sys *cspdm_sys_os(void)
{
	return &os_sys;
}

int cspdm_sys_poll_ms(const struct cspdm_sys *sys, uint64_t deadline_us)
{
	uint64_t now, left;

	if (deadline_us == 0)
		return -1;
	now = sys->now_us(sys->priv);
	if (now >= deadline_us)
		return 0;
	left = (deadline_us - now + 999) / 1000;
	return left > 60000000u ? 60000000 : (int)left;
}
