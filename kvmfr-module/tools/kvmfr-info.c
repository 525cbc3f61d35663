// SPDX-License-Identifier: GPL-2.0
/*
 * kvmfr-info: print the size of a kvmfr device and check that a DMA-buf of
 * a range reads the same bytes as the device.
 *
 *   kvmfr-info [-w] DEVICE [OFFSET SIZE]
 *
 * Prints the device size (KVMFR_DMABUF_GETSIZE).  With OFFSET and SIZE
 * (page aligned; 0x prefixes allowed) it also creates a DMA-buf of that
 * range, maps it and the device, and compares the two mappings byte for
 * byte (read only: safe while a VM is running).  -w additionally writes a
 * marker through each mapping, checks it through the other and restores
 * the original bytes; do not use -w while a VM or client uses the range.
 *
 * Build: make -C kvmfr-module tools
 * Exit status: 0 success, 1 check failed, 2 usage or system error.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "linux/kvmfr.h"

static int parse_u64(const char *s, uint64_t *out)
{
	char *end;

	errno = 0;
	*out = strtoull(s, &end, 0);
	return errno || !*s || *end ? -1 : 0;
}

static uint32_t load(uint32_t *p)
{
	return __atomic_load_n(p, __ATOMIC_SEQ_CST);
}

static void store(uint32_t *p, uint32_t v)
{
	__atomic_store_n(p, v, __ATOMIC_SEQ_CST);
}

/* Write a marker through @a, expect it through @b, restore. */
static int write_check(uint32_t *a, uint32_t *b, size_t words)
{
	size_t idx[3] = { 0, words / 2, words - 1 };
	int i;

	for (i = 0; i < 3; i++) {
		uint32_t old = load(&a[idx[i]]);
		uint32_t mark = ~old ^ 0x6b766d66u;

		store(&a[idx[i]], mark);
		if (load(&b[idx[i]]) != mark) {
			store(&a[idx[i]], old);
			return -1;
		}
		store(&a[idx[i]], old);
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct kvmfr_dmabuf_create create = { 0 };
	int write_test = 0, fd, dfd, ret = 0;
	uint8_t *dev, *buf;
	uint64_t off, size;
	long devsize;

	if (argc > 1 && !strcmp(argv[1], "-w")) {
		write_test = 1;
		argv++;
		argc--;
	}
	if (argc != 2 && argc != 4) {
		fprintf(stderr, "usage: kvmfr-info [-w] DEVICE [OFFSET SIZE]\n");
		return 2;
	}

	fd = open(argv[1], O_RDWR | O_CLOEXEC);
	if (fd < 0) {
		fprintf(stderr, "%s: %s\n", argv[1], strerror(errno));
		return 2;
	}
	devsize = ioctl(fd, KVMFR_DMABUF_GETSIZE);
	if (devsize < 0) {
		fprintf(stderr, "%s: KVMFR_DMABUF_GETSIZE: %s (not a kvmfr device?)\n",
			argv[1], strerror(errno));
		return 2;
	}
	printf("%s: %ld bytes (%ld MiB)\n", argv[1], devsize, devsize >> 20);
	if (argc == 2)
		return 0;

	if (parse_u64(argv[2], &off) || parse_u64(argv[3], &size)) {
		fprintf(stderr, "bad OFFSET or SIZE\n");
		return 2;
	}
	create.flags = KVMFR_DMABUF_FLAG_CLOEXEC;
	create.offset = off;
	create.size = size;
	dfd = ioctl(fd, KVMFR_DMABUF_CREATE, &create);
	if (dfd < 0) {
		fprintf(stderr, "KVMFR_DMABUF_CREATE offset %#llx size %#llx: %s\n",
			(unsigned long long)off, (unsigned long long)size,
			strerror(errno));
		return 2;
	}
	dev = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, off);
	buf = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, dfd, 0);
	if (dev == MAP_FAILED || buf == MAP_FAILED) {
		fprintf(stderr, "mmap: %s\n", strerror(errno));
		return 2;
	}

	if (memcmp(dev, buf, size)) {
		printf("FAIL: DMA-buf and device mappings differ\n");
		ret = 1;
	} else {
		printf("dmabuf fd %d: offset %#llx size %#llx reads the same bytes as the device\n",
		       dfd, (unsigned long long)off, (unsigned long long)size);
	}
	if (!ret && write_test) {
		if (write_check((uint32_t *)dev, (uint32_t *)buf, size / 4) ||
		    write_check((uint32_t *)buf, (uint32_t *)dev, size / 4)) {
			printf("FAIL: a write through one mapping is not seen through the other\n");
			ret = 1;
		} else {
			printf("writes are coherent in both directions\n");
		}
	}
	munmap(buf, size);
	munmap(dev, size);
	close(dfd);
	close(fd);
	return ret;
}
