/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The OS as the I/O back-ends see it. Every back-end (PCI DOE through sysfs, NVMe and SCSI
 * ioctls, AF_MCTP, TCP) reaches the kernel only through one of these tables, so that a test
 * puts a simulated device (tests/sim/) behind exactly the code that runs on hardware.
 *
 * Each call behaves as its libc namesake: -1 (or a negative count) with errno set on failure.
 * priv is the table's own, passed back on every call.
 */
#ifndef CSPDM_IO_SYS_H
#define CSPDM_IO_SYS_H

#include <poll.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>
#include <sys/types.h>

struct cspdm_sys {
	void *priv;
	int (*open)(void *priv, const char *path, int flags);
	int (*close)(void *priv, int fd);
	ssize_t (*pread)(void *priv, int fd, void *buf, size_t n, off_t off);
	ssize_t (*pwrite)(void *priv, int fd, const void *buf, size_t n, off_t off);
	int (*ioctl)(void *priv, int fd, unsigned long req, void *arg);
	int (*socket)(void *priv, int domain, int type, int proto);
	int (*connect)(void *priv, int fd, const struct sockaddr *a, socklen_t len);
	int (*bind)(void *priv, int fd, const struct sockaddr *a, socklen_t len);
	int (*listen)(void *priv, int fd, int backlog);
	int (*accept)(void *priv, int fd);
	int (*getsockname)(void *priv, int fd, struct sockaddr *a, socklen_t *len);
	int (*setsockopt)(void *priv, int fd, int level, int name, const void *v, socklen_t len);
	ssize_t (*sendto)(void *priv, int fd, const void *buf, size_t n, int flags,
			  const struct sockaddr *a, socklen_t len);
	ssize_t (*recvfrom)(void *priv, int fd, void *buf, size_t n, int flags, struct sockaddr *a,
			    socklen_t *len);
	int (*poll)(void *priv, struct pollfd *p, nfds_t n, int timeout_ms);
	/* a monotonic clock, and a sleep on it */
	uint64_t (*now_us)(void *priv);
	void (*sleep_us)(void *priv, uint64_t us);
	/* Enumeration (cspdm list): each(ctx, name) for every entry of the directory but . and ..,
	 * until it returns nonzero. -1 if the directory cannot be read. */
	int (*list_dir)(void *priv, const char *path, int (*each)(void *ctx, const char *name),
			void *ctx);
};

/* The real kernel. */
const struct cspdm_sys *cspdm_sys_os(void);

/* Milliseconds for poll() until deadline_us on sys's clock (0 = no deadline: -1). */
int cspdm_sys_poll_ms(const struct cspdm_sys *sys, uint64_t deadline_us);

#endif
