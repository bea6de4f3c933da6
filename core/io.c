// SPDX-License-Identifier: GPL-3.0-or-later
/* io.c - full-length reads and writes, aligned buffers. */
#include <stdlib.h>
#include <unistd.h>

#include "internal.h"

#define IO_ALIGN 4096

int io_pread_full(int fd, void *buf, size_t len, uint64_t off)
{
	uint8_t *p = buf;

	while (len) {
		ssize_t n = pread(fd, p, len, (off_t)off);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		if (n == 0)
			return -ENODATA;
		p += n;
		off += (uint64_t)n;
		len -= (size_t)n;
	}
	return 0;
}

int io_pwrite_full(int fd, const void *buf, size_t len, uint64_t off)
{
	const uint8_t *p = buf;

	while (len) {
		ssize_t n = pwrite(fd, p, len, (off_t)off);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		if (n == 0)
			return -ENOSPC;
		p += n;
		off += (uint64_t)n;
		len -= (size_t)n;
	}
	return 0;
}

void *io_alloc_aligned(size_t len)
{
	void *p;

	if (posix_memalign(&p, IO_ALIGN, len ? len : IO_ALIGN))
		return NULL;
	return p;
}
