/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kvmfr_test: statically linked test program for kvmfr.ko, run as part of
 * the guest's /init (tests/kmod/guest/init.sh) and on the host for the
 * ivshmem file patterns.
 *
 *   kvmfr_test static [seed] [iterations]
 *	expects kvmfr loaded with static_size_mb=32,8; unloads it at the end
 *   kvmfr_test pci
 *	expects kvmfr loaded without parameters and one ivshmem-plain device
 *	whose first half the host filled with pattern A; writes pattern B to
 *	the second half; unbinds/rebinds the device; unloads the module
 *   kvmfr_test hostfill FILE / kvmfr_test hostcheck FILE
 *	host side of the PCI test
 *
 * Every check prints exactly one "RESULT <name> PASS|FAIL <detail>" line;
 * the host script (tests/kmod/run.sh) requires each expected name to PASS.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include <linux/dma-buf.h>

#include "linux/kvmfr.h"

#define PAGE 4096ul
#define MIB (1024ul * 1024ul)

_Static_assert(sizeof(struct kvmfr_dmabuf_create) == 24, "uapi size");
_Static_assert(KVMFR_DMABUF_CREATE == 0x40187542u, "create ioctl number");
_Static_assert(KVMFR_DMABUF_GETSIZE == 0x7544u, "getsize ioctl number");

/* DRM PRIME import through vgem, to drive map_dma_buf/unmap_dma_buf. */
struct drm_prime_handle_compat {
	uint32_t handle;
	uint32_t flags;
	int32_t fd;
};

struct drm_gem_close_compat {
	uint32_t handle;
	uint32_t pad;
};

#define DRM_IOCTL_GEM_CLOSE_COMPAT _IOW('d', 0x09, struct drm_gem_close_compat)
#define DRM_IOCTL_PRIME_FD_TO_HANDLE_COMPAT \
	_IOWR('d', 0x2e, struct drm_prime_handle_compat)

static int failures;
static char detail[512];

static void result(const char *name, int ok)
{
	printf("RESULT %s %s %s\n", name, ok ? "PASS" : "FAIL", detail);
	fflush(stdout);
	if (!ok)
		failures++;
	detail[0] = '\0';
}

/* Record the first failure reason of the current check; returns 0. */
static int why(const char *fmt, ...)
{
	va_list ap;

	if (detail[0])
		return 0;
	va_start(ap, fmt);
	vsnprintf(detail, sizeof(detail), fmt, ap);
	va_end(ap);
	return 0;
}

static uint32_t pat_a(size_t i)
{
	return 0xA5000000u ^ (uint32_t)(i * 2654435761u);
}

static uint32_t pat_b(size_t i)
{
	return 0x5B00FFFFu ^ (uint32_t)(i * 40503u);
}

static uint64_t rng_state;

static uint64_t rnd(void)
{
	uint64_t x = rng_state;

	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	rng_state = x;
	return x;
}

static uint64_t rnd_below(uint64_t n)
{
	return n ? rnd() % n : 0;
}

static int open_dev(const char *path)
{
	int fd = open(path, O_RDWR | O_CLOEXEC);

	if (fd < 0)
		why("open %s: %s", path, strerror(errno));
	return fd;
}

static int create(int fd, uint8_t flags, uint64_t offset, uint64_t size)
{
	struct kvmfr_dmabuf_create c = {
		.flags = flags, .offset = offset, .size = size,
	};

	return ioctl(fd, KVMFR_DMABUF_CREATE, &c);
}

static void *map(int fd, size_t len, off_t off)
{
	return mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, off);
}

static int delete_module(const char *name)
{
	return (int)syscall(SYS_delete_module, name, O_NONBLOCK);
}

/* ---- faults --------------------------------------------------------- */

static sigjmp_buf fault_env;

static void on_fault(int sig)
{
	(void)sig;
	siglongjmp(fault_env, 1);
}

/* Does touching *w (a write when write, else a read) raise SIGBUS/SIGSEGV? */
static int faults(volatile uint32_t *w, int write)
{
	struct sigaction sa, old_bus, old_segv;
	int faulted = 0;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_fault;
	sigaction(SIGBUS, &sa, &old_bus);
	sigaction(SIGSEGV, &sa, &old_segv);
	if (sigsetjmp(fault_env, 1) == 0) {
		if (write)
			*w = 0x5a5a5a5a;
		else
			(void)*w;
	} else {
		faulted = 1;
	}
	sigaction(SIGBUS, &old_bus, NULL);
	sigaction(SIGSEGV, &old_segv, NULL);
	return faulted;
}

/* ---- memory cgroup accounting of exports ---------------------------- */

static long read_long(const char *path)
{
	char buf[64] = "";
	int fd = open(path, O_RDONLY);
	long v = -1;

	if (fd >= 0) {
		if (read(fd, buf, sizeof(buf) - 1) > 0)
			v = strtol(buf, NULL, 10);
		close(fd);
	}
	return v;
}

static int write_text(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY);
	int ok = fd >= 0 && write(fd, text, strlen(text)) == (ssize_t)strlen(text);

	if (fd >= 0)
		close(fd);
	return ok;
}

/*
 * Each DMA-buf export's bookkeeping (its page array: 8 bytes a page) is
 * charged to the exporting process's memory cgroup: 200 exports of 8 MiB
 * (2048 pages, 16 KiB of array each) raise memory.current by >= 2.5 MiB.
 */
static int test_accounted(void)
{
	enum { N = 200 };
	int fds[N], n = 0, ok = 1, fd;
	char pid[32];
	long before, after;

	mkdir("/sys/fs/cgroup", 0755);
	if (mount("none", "/sys/fs/cgroup", "cgroup2", 0, NULL) && errno != EBUSY)
		return why("cannot mount cgroup2: %s", strerror(errno));
	if (!write_text("/sys/fs/cgroup/cgroup.subtree_control", "+memory"))
		return why("cannot enable the memory controller: %s", strerror(errno));
	mkdir("/sys/fs/cgroup/kvmfr-test", 0755);
	snprintf(pid, sizeof(pid), "%d", getpid());
	if (!write_text("/sys/fs/cgroup/kvmfr-test/cgroup.procs", pid))
		return why("cannot join the cgroup: %s", strerror(errno));
	fd = open_dev("/dev/kvmfr0");
	if (fd < 0)
		return 0;
	before = read_long("/sys/fs/cgroup/kvmfr-test/memory.current");
	for (n = 0; n < N; n++) {
		fds[n] = create(fd, 0, 0, 8 * MIB);
		if (fds[n] < 0) {
			ok = why("export %d: %s", n, strerror(errno));
			break;
		}
	}
	after = read_long("/sys/fs/cgroup/kvmfr-test/memory.current");
	if (ok && (before < 0 || after - before < (long)(5 * MIB / 2)))
		ok = why("%d exports raised memory.current by %ld bytes (want >= %ld)", N,
			 after - before, (long)(5 * MIB / 2));
	else if (ok)
		snprintf(detail, sizeof(detail), "%d exports of 8 MiB charged %ld KiB to the cgroup",
			 N, (after - before) / 1024);
	while (n-- > 0)
		close(fds[n]);
	close(fd);
	write_text("/sys/fs/cgroup/cgroup.procs", pid);
	rmdir("/sys/fs/cgroup/kvmfr-test");
	return ok;
}

/* ---- static mode ---------------------------------------------------- */

static int test_sizes(void)
{
	static const struct { const char *path; long size; } devs[] = {
		{ "/dev/kvmfr0", 32 * MIB }, { "/dev/kvmfr1", 8 * MIB },
	};
	int ok = 1;
	size_t i;

	for (i = 0; i < 2; i++) {
		int fd = open_dev(devs[i].path);
		long sz;
		off_t end;

		if (fd < 0)
			return 0;
		uint64_t sz64 = 0;

		sz = ioctl(fd, KVMFR_DMABUF_GETSIZE);
		end = lseek(fd, 0, SEEK_END);
		if (sz != devs[i].size)
			ok = why("%s GETSIZE %ld != %ld", devs[i].path, sz,
				 devs[i].size);
		/* The 64-bit form: through the argument, never truncated. */
		if (ioctl(fd, KVMFR_DMABUF_GETSIZE64, &sz64) != 0 ||
		    sz64 != (uint64_t)devs[i].size)
			ok = why("%s GETSIZE64 %" PRIu64 " (errno %d) != %ld", devs[i].path,
				 sz64, errno, devs[i].size);
		errno = 0;
		if (ioctl(fd, KVMFR_DMABUF_GETSIZE64, (void *)8) != -1 || errno != EFAULT)
			ok = why("%s GETSIZE64 to a bad pointer: errno %d, not EFAULT",
				 devs[i].path, errno);
		if (end != devs[i].size)
			ok = why("%s lseek end %lld", devs[i].path,
				 (long long)end);
		close(fd);
	}
	if (access("/sys/class/kvmfr/kvmfr0", F_OK) ||
	    access("/sys/class/kvmfr/kvmfr1", F_OK))
		ok = why("no /sys/class/kvmfr/kvmfr{0,1}");
	if (!access("/dev/kvmfr2", F_OK))
		ok = why("unexpected /dev/kvmfr2");
	if (ok)
		snprintf(detail, sizeof(detail), "kvmfr0=32MiB kvmfr1=8MiB");
	return ok;
}

static int test_zeroed(void)
{
	int fd = open_dev("/dev/kvmfr1");
	uint64_t *p;
	size_t i;
	int ok = 1;

	if (fd < 0)
		return 0;
	p = map(fd, 8 * MIB, 0);
	if (p == MAP_FAILED) {
		close(fd);
		return why("mmap: %s", strerror(errno));
	}
	for (i = 0; i < 8 * MIB / 8; i++)
		if (p[i]) {
			ok = why("non-zero at byte %zu", i * 8);
			break;
		}
	munmap(p, 8 * MIB);
	close(fd);
	return ok;
}

static int test_mmap_coherence(void)
{
	int fd = open_dev("/dev/kvmfr0");
	int fd2 = open_dev("/dev/kvmfr0");
	uint32_t *a, *b;
	size_t i, n = 2 * MIB / 4;
	int ok = 1;

	if (fd < 0 || fd2 < 0)
		return 0;
	a = map(fd, 32 * MIB, 0);
	b = map(fd2, 2 * MIB, 5 * MIB);	/* second mapping at an offset */
	if (a == MAP_FAILED || b == MAP_FAILED)
		return why("mmap: %s", strerror(errno));
	for (i = 0; i < n; i++)
		a[5 * MIB / 4 + i] = pat_a(i);
	for (i = 0; i < n && ok; i++)
		if (b[i] != pat_a(i))
			ok = why("a->b mismatch at word %zu", i);
	for (i = 0; i < n; i++)
		b[i] = pat_b(i);
	for (i = 0; i < n && ok; i++)
		if (a[5 * MIB / 4 + i] != pat_b(i))
			ok = why("b->a mismatch at word %zu", i);
	if (msync(b, 2 * MIB, MS_SYNC))
		ok = why("msync: %s", strerror(errno));
	if (ok)
		snprintf(detail, sizeof(detail),
			 "32MiB map + 2MiB map at 5MiB, both directions, msync");
	munmap(a, 32 * MIB);
	munmap(b, 2 * MIB);
	close(fd);
	close(fd2);
	return ok;
}

static int check_dmabuf_range(int fd, uint32_t *dev, uint64_t off,
			      uint64_t size)
{
	uint32_t *d, *d2;
	size_t i, n = size / 4, base = off / 4;
	int dfd, ok = 1;

	dfd = create(fd, 0, off, size);
	if (dfd < 0)
		return why("create off=%#" PRIx64 " size=%#" PRIx64 ": %s",
			   off, size, strerror(errno));
	if (lseek(dfd, 0, SEEK_END) != (off_t)size)
		ok = why("dmabuf size at off %#" PRIx64, off);
	d = map(dfd, size, 0);
	if (d == MAP_FAILED) {
		close(dfd);
		return why("dmabuf mmap: %s", strerror(errno));
	}
	for (i = 0; i < n; i++)
		dev[base + i] = pat_a(i + off);
	for (i = 0; i < n && ok; i++)
		if (d[i] != pat_a(i + off))
			ok = why("dev->dmabuf mismatch off %#" PRIx64 " word %zu",
				 off, i);
	for (i = 0; i < n; i++)
		d[i] = pat_b(i + off);
	for (i = 0; i < n && ok; i++)
		if (dev[base + i] != pat_b(i + off))
			ok = why("dmabuf->dev mismatch off %#" PRIx64, off);
	/* a mapping of the DMA-buf at a page offset inside it */
	if (size > PAGE) {
		d2 = map(dfd, PAGE, PAGE);
		if (d2 == MAP_FAILED)
			ok = why("dmabuf mmap at pgoff 1: %s", strerror(errno));
		else if (d2[7] != pat_b(PAGE / 4 + 7 + off))
			ok = why("dmabuf pgoff 1 mismatch");
		if (d2 != MAP_FAILED)
			munmap(d2, PAGE);
	}
	munmap(d, size);
	close(dfd);
	return ok;
}

static int test_dmabuf_coherence(void)
{
	int fd = open_dev("/dev/kvmfr0");
	uint32_t *dev;
	int ok = 1, dfd, fdflags;

	if (fd < 0)
		return 0;
	dev = map(fd, 32 * MIB, 0);
	if (dev == MAP_FAILED)
		return why("mmap: %s", strerror(errno));
	ok &= check_dmabuf_range(fd, dev, 0, PAGE);
	ok &= check_dmabuf_range(fd, dev, 3 * MIB + 5 * PAGE, 17 * PAGE);
	ok &= check_dmabuf_range(fd, dev, 32 * MIB - 2 * PAGE, 2 * PAGE);
	ok &= check_dmabuf_range(fd, dev, 0, 32 * MIB);

	dfd = create(fd, KVMFR_DMABUF_FLAG_CLOEXEC, 0, PAGE);
	fdflags = dfd >= 0 ? fcntl(dfd, F_GETFD) : -1;
	if (fdflags < 0 || !(fdflags & FD_CLOEXEC))
		ok = why("CLOEXEC flag not honoured");
	if (dfd >= 0)
		close(dfd);
	dfd = create(fd, 0, 0, PAGE);
	fdflags = dfd >= 0 ? fcntl(dfd, F_GETFD) : -1;
	if (fdflags < 0 || (fdflags & FD_CLOEXEC))
		ok = why("close-on-exec set without the flag");
	if (dfd >= 0)
		close(dfd);

	munmap(dev, 32 * MIB);
	close(fd);
	if (ok)
		snprintf(detail, sizeof(detail),
			 "4 ranges both directions, pgoff map, CLOEXEC");
	return ok;
}

struct bad_case {
	const char *what;
	uint8_t flags;
	uint8_t pad;
	uint64_t offset;
	uint64_t size;
	int err;
};

static int test_bad_ioctls(void)
{
	const uint64_t sz = 32 * MIB;
	const struct bad_case cases[] = {
		{ "unaligned offset", 0, 0, 100, PAGE, EINVAL },
		{ "unaligned size", 0, 0, 0, PAGE + 1, EINVAL },
		{ "size 0", 0, 0, 0, 0, EINVAL },
		{ "unknown flag 0x2", 2, 0, 0, PAGE, EINVAL },
		{ "unknown flag 0x80", 0x81, 0, 0, PAGE, EINVAL },
		{ "non-zero padding", 0, 1, 0, PAGE, EINVAL },
		{ "offset+size overflow", 0, 0, UINT64_MAX - PAGE + 1,
		  2 * PAGE, EOVERFLOW },
		{ "offset+size overflow (huge size)", 0, 0, PAGE,
		  UINT64_MAX - PAGE + 1, EOVERFLOW },
		{ "range past end", 0, 0, sz - PAGE, 2 * PAGE, ERANGE },
		{ "offset at end", 0, 0, sz, PAGE, ERANGE },
		{ "size > device", 0, 0, 0, sz + PAGE, ERANGE },
	};
	struct kvmfr_dmabuf_create c;
	int fd = open_dev("/dev/kvmfr0");
	void *none, *p;
	size_t i;
	int ok = 1, r, dfd;

	if (fd < 0)
		return 0;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		memset(&c, 0, sizeof(c));
		c.flags = cases[i].flags;
		c.__pad[3] = cases[i].pad;
		c.offset = cases[i].offset;
		c.size = cases[i].size;
		errno = 0;
		r = ioctl(fd, KVMFR_DMABUF_CREATE, &c);
		if (r >= 0 || errno != cases[i].err) {
			ok = why("%s: got %d errno %d, want errno %d",
				 cases[i].what, r, errno, cases[i].err);
			if (r >= 0)
				close(r);
		}
	}

	none = mmap(NULL, PAGE, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	errno = 0;
	if (ioctl(fd, KVMFR_DMABUF_CREATE, NULL) != -1 || errno != EFAULT)
		ok = why("NULL pointer: errno %d", errno);
	errno = 0;
	if (ioctl(fd, KVMFR_DMABUF_CREATE, none) != -1 || errno != EFAULT)
		ok = why("PROT_NONE pointer: errno %d", errno);
	errno = 0;
	if (ioctl(fd, KVMFR_DMABUF_CREATE, (char *)none + PAGE - 8) != -1 ||
	    errno != EFAULT)
		ok = why("pointer straddling: errno %d", errno);
	munmap(none, PAGE);

	errno = 0;
	if (ioctl(fd, _IO('u', 0x43)) != -1 || errno != ENOTTY)
		ok = why("unknown ioctl: errno %d", errno);

	errno = 0;
	p = map(fd, PAGE, 32 * MIB);
	if (p != MAP_FAILED || errno != EINVAL)
		ok = why("mmap at end: errno %d", errno);
	errno = 0;
	p = map(fd, 32 * MIB + PAGE, 0);
	if (p != MAP_FAILED || errno != EINVAL)
		ok = why("mmap longer than device: errno %d", errno);
	errno = 0;
	p = mmap(NULL, PAGE, PROT_READ, MAP_PRIVATE, fd, 0);
	if (p != MAP_FAILED || errno != EINVAL)
		ok = why("MAP_PRIVATE: errno %d", errno);

	dfd = create(fd, 0, PAGE, 2 * PAGE);
	if (dfd < 0) {
		ok = why("create: %s", strerror(errno));
	} else {
		errno = 0;
		p = map(dfd, 2 * PAGE, PAGE);
		if (p != MAP_FAILED || errno != EINVAL)
			ok = why("dmabuf mmap past end: errno %d", errno);
		errno = 0;
		p = mmap(NULL, PAGE, PROT_READ, MAP_PRIVATE, dfd, 0);
		if (p != MAP_FAILED || errno != EINVAL)
			ok = why("dmabuf MAP_PRIVATE: errno %d", errno);
		close(dfd);
	}
	close(fd);
	if (ok)
		snprintf(detail, sizeof(detail), "%zu create cases + EFAULT x3 + ENOTTY + mmap x5",
			 sizeof(cases) / sizeof(cases[0]));
	return ok;
}

/* vgem imports the DMA-buf: attach + map_dma_buf, sync, unmap + detach. */
static int vgem_import(int dfd, int *err)
{
	struct drm_prime_handle_compat h = { .fd = dfd };
	struct drm_gem_close_compat gc = { 0 };
	struct dma_buf_sync sync;
	int card, ok = 1;

	*err = 0;
	card = open("/dev/dri/card0", O_RDWR | O_CLOEXEC);
	if (card < 0)
		return why("open /dev/dri/card0: %s", strerror(errno));
	if (ioctl(card, DRM_IOCTL_PRIME_FD_TO_HANDLE_COMPAT, &h)) {
		*err = errno;
		close(card);
		return 0;
	}
	sync.flags = DMA_BUF_SYNC_START | DMA_BUF_SYNC_RW;
	if (ioctl(dfd, DMA_BUF_IOCTL_SYNC, &sync))
		ok = why("SYNC_START: %s", strerror(errno));
	sync.flags = DMA_BUF_SYNC_END | DMA_BUF_SYNC_RW;
	if (ioctl(dfd, DMA_BUF_IOCTL_SYNC, &sync))
		ok = why("SYNC_END: %s", strerror(errno));
	gc.handle = h.handle;
	if (ioctl(card, DRM_IOCTL_GEM_CLOSE_COMPAT, &gc))
		ok = why("GEM_CLOSE: %s", strerror(errno));
	close(card);
	return ok;
}

static int test_vgem(const char *dev, uint64_t off, uint64_t size)
{
	int fd = open_dev(dev), dfd, ok, err;

	if (fd < 0)
		return 0;
	dfd = create(fd, KVMFR_DMABUF_FLAG_CLOEXEC, off, size);
	if (dfd < 0) {
		close(fd);
		return why("create: %s", strerror(errno));
	}
	ok = vgem_import(dfd, &err);
	if (err)
		ok = why("PRIME import: %s", strerror(err));
	close(dfd);
	close(fd);
	if (ok)
		snprintf(detail, sizeof(detail),
			 "vgem PRIME import (map_dma_buf), SYNC start/end, GEM close (unmap)");
	return ok;
}

struct pool_buf {
	int fd;
	uint64_t off, size;
};

static int expect_create_errno(uint8_t flags, uint8_t pad, uint64_t off,
			       uint64_t size, uint64_t devsize)
{
	uint64_t end;

	if ((flags & ~KVMFR_DMABUF_FLAGS_MASK) || pad)
		return EINVAL;
	if (!size || off % PAGE || size % PAGE)
		return EINVAL;
	if (__builtin_add_overflow(off, size, &end))
		return EOVERFLOW;
	if (end > devsize)
		return ERANGE;
	return 0;
}

static uint64_t fuzz_value(uint64_t devsize)
{
	switch (rnd_below(8)) {
	case 0:
		return 0;
	case 1:
		return rnd();				/* anything */
	case 2:					/* near wrap */
		return (UINT64_MAX & ~(PAGE - 1)) - rnd_below(8) * PAGE +
		       (rnd_below(4) ? 0 : 1);
	case 3:
		return devsize + rnd_below(4) * PAGE - 2 * PAGE;
	case 4:
		return rnd_below(devsize + 2 * PAGE);	/* unaligned */
	default:
		return rnd_below(devsize / PAGE / 8 + 2) * PAGE;
	}
}

static int fuzz_mmap_check(int fd, uint32_t *dev, uint64_t base,
			   uint64_t limit_pages, int *ok)
{
	uint64_t pgoff = rnd_below(limit_pages + 2);
	uint64_t pages = 1 + rnd_below(limit_pages / 4 + 2);
	int want = pgoff < limit_pages && pages <= limit_pages - pgoff;
	uint32_t *p, v = (uint32_t)rnd();
	size_t w;

	p = map(fd, pages * PAGE, pgoff * PAGE);
	if ((p != MAP_FAILED) != want || (!want && errno != EINVAL)) {
		*ok = why("mmap pgoff %" PRIu64 " pages %" PRIu64
			  " of %" PRIu64 ": %s", pgoff, pages, limit_pages,
			  p == MAP_FAILED ? strerror(errno) : "accepted");
		if (p != MAP_FAILED)
			munmap(p, pages * PAGE);
		return 0;
	}
	if (p == MAP_FAILED)
		return 0;
	w = rnd_below(pages * PAGE / 4);
	p[w] = v;
	if (dev[(base + pgoff * PAGE) / 4 + w] != v)
		*ok = why("fuzz coherence at %" PRIu64,
			  base + pgoff * PAGE + w * 4);
	munmap(p, pages * PAGE);
	return 1;
}

static int test_fuzz(uint64_t seed, unsigned long iters)
{
	const uint64_t devsize = 8 * MIB;
	struct pool_buf pool[8];
	unsigned long i, created = 0, maps = 0, ioctls = 0;
	unsigned long einval = 0, eoverflow = 0, erange = 0;
	int fd = open_dev("/dev/kvmfr1"), ok = 1;
	size_t np = 0, k;
	uint32_t *dev;

	if (fd < 0)
		return 0;
	dev = map(fd, devsize, 0);
	if (dev == MAP_FAILED)
		return why("mmap: %s", strerror(errno));
	rng_state = seed ? seed : 1;

	for (i = 0; i < iters && ok; i++) {
		switch (rnd_below(5)) {
		case 0:
		case 1: {
			struct kvmfr_dmabuf_create c = { 0 };
			uint8_t pad = rnd_below(8) ? 0 : (uint8_t)(rnd() | 1);
			int want, r;

			c.flags = rnd_below(4) ? (uint8_t)rnd_below(2) :
						 (uint8_t)rnd();
			c.__pad[rnd_below(7)] = pad;
			c.offset = fuzz_value(devsize);
			c.size = rnd_below(3) ? (1 + rnd_below(16)) * PAGE :
						fuzz_value(devsize);
			want = expect_create_errno(c.flags, pad, c.offset,
						   c.size, devsize);
			errno = 0;
			r = ioctl(fd, KVMFR_DMABUF_CREATE, &c);
			if (want ? (r != -1 || errno != want) : r < 0) {
				ok = why("iter %lu create flags=%#x pad=%#x off=%#" PRIx64
					 " size=%#" PRIx64 ": r=%d errno=%d want %d",
					 i, c.flags, pad, c.offset, c.size, r,
					 errno, want);
				if (r >= 0)
					close(r);
				break;
			}
			if (r < 0) {
				einval += want == EINVAL;
				eoverflow += want == EOVERFLOW;
				erange += want == ERANGE;
				break;
			}
			created++;
			if (np == 8) {
				k = rnd_below(np);
				close(pool[k].fd);
				pool[k] = pool[--np];
			}
			pool[np].fd = r;
			pool[np].off = c.offset;
			pool[np].size = c.size;
			np++;
			break;
		}
		case 2:
			if (!np)
				break;
			k = rnd_below(np);
			maps += fuzz_mmap_check(pool[k].fd, dev, pool[k].off,
						pool[k].size / PAGE, &ok);
			break;
		case 3:
			maps += fuzz_mmap_check(fd, dev, 0, devsize / PAGE,
						&ok);
			break;
		default: {
			unsigned int cmd = (unsigned int)rnd();
			long r;

			/* random command in our 'u' space, random argument */
			cmd = (cmd & ~0xff00u) | ('u' << 8);
			if (cmd == KVMFR_DMABUF_CREATE ||
			    cmd == KVMFR_DMABUF_GETSIZE ||
			    cmd == KVMFR_DMABUF_GETSIZE64)
				break;
			ioctls++;
			errno = 0;
			r = ioctl(fd, cmd, (unsigned long)rnd());
			if (r != -1 || errno != ENOTTY)
				ok = why("iter %lu cmd %#x: r=%ld errno=%d",
					 i, cmd, r, errno);
			break;
		}
		}
	}
	for (k = 0; k < np; k++)
		close(pool[k].fd);
	munmap(dev, devsize);
	close(fd);
	if (ok && (!created || !einval || !eoverflow || !erange || !maps))
		ok = why("fuzz did not reach every outcome: creates=%lu EINVAL=%lu EOVERFLOW=%lu ERANGE=%lu maps=%lu",
			 created, einval, eoverflow, erange, maps);
	if (ok)
		snprintf(detail, sizeof(detail),
			 "seed=%" PRIu64 " iterations=%lu creates=%lu EINVAL=%lu EOVERFLOW=%lu ERANGE=%lu maps=%lu bad_cmds=%lu",
			 seed, iters, created, einval, eoverflow, erange, maps,
			 ioctls);
	return ok;
}

static int test_outlive(void)
{
	int fd = open_dev("/dev/kvmfr1"), dfd, ok = 1;
	uint32_t *dev, *d;
	size_t i, n = 64 * PAGE / 4;

	if (fd < 0)
		return 0;
	dev = map(fd, 8 * MIB, 0);
	if (dev == MAP_FAILED)
		return why("mmap: %s", strerror(errno));
	for (i = 0; i < n; i++)
		dev[MIB / 4 + i] = pat_b(i);
	dfd = create(fd, 0, MIB, 64 * PAGE);
	if (dfd < 0)
		return why("create: %s", strerror(errno));
	close(fd);	/* the device mapping and the DMA-buf outlive the fd */
	for (i = 0; i < n && ok; i++)
		if (dev[MIB / 4 + i] != pat_b(i))
			ok = why("device mapping after close at %zu", i);
	munmap(dev, 8 * MIB);

	d = map(dfd, 64 * PAGE, 0);
	if (d == MAP_FAILED) {
		ok = why("dmabuf mmap after close: %s", strerror(errno));
	} else {
		for (i = 0; i < n && ok; i++)
			if (d[i] != pat_b(i))
				ok = why("dmabuf after close at word %zu", i);
		munmap(d, 64 * PAGE);
	}

	errno = 0;
	if (delete_module("kvmfr") == 0 || errno != EWOULDBLOCK)
		ok = why("rmmod while DMA-buf alive: errno %d", errno);
	close(dfd);
	if (ok)
		snprintf(detail, sizeof(detail),
			 "mapping and DMA-buf read back after device close; rmmod refused (EBUSY) while DMA-buf alive");
	return ok;
}

static int test_rmmod(void)
{
	int fd = open_dev("/dev/kvmfr0"), ok = 1;

	if (fd < 0)
		return 0;
	errno = 0;
	if (delete_module("kvmfr") == 0 || errno != EWOULDBLOCK)
		ok = why("rmmod while open: errno %d", errno);
	close(fd);
	if (delete_module("kvmfr"))
		ok = why("rmmod after close: %s", strerror(errno));
	else if (!access("/sys/class/kvmfr", F_OK))
		ok = why("/sys/class/kvmfr still there");
	if (ok)
		snprintf(detail, sizeof(detail),
			 "refused while open, unloaded after close");
	return ok;
}

static int run_static(uint64_t seed, unsigned long iters)
{
	result("static_sizes", test_sizes());
	result("static_zeroed", test_zeroed());
	result("mmap_coherence", test_mmap_coherence());
	result("dmabuf_coherence", test_dmabuf_coherence());
	result("bad_ioctls", test_bad_ioctls());
	result("vgem_import", test_vgem("/dev/kvmfr0", 2 * MIB, 3 * MIB));
	result("fuzz", test_fuzz(seed, iters));
	result("dmabuf_outlives_fd", test_outlive());
	result("dmabuf_accounted", test_accounted());
	result("rmmod", test_rmmod());
	return failures ? 1 : 0;
}

/* ---- PCI mode ------------------------------------------------------- */

static int find_ivshmem(char *bdf, size_t len, uint64_t *bar_size)
{
	DIR *d = opendir("/sys/bus/pci/devices");
	struct dirent *de;
	int found = 0;

	if (!d)
		return 0;
	while (!found && (de = readdir(d))) {
		char path[512];
		unsigned long ven = 0, devid = 0;
		unsigned long long s, e, f;
		FILE *fp;
		int i;

		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/vendor",
			 de->d_name);
		fp = fopen(path, "r");
		if (!fp)
			continue;
		if (fscanf(fp, "%lx", &ven) != 1)
			ven = 0;
		fclose(fp);
		snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/device",
			 de->d_name);
		fp = fopen(path, "r");
		if (!fp)
			continue;
		if (fscanf(fp, "%lx", &devid) != 1)
			devid = 0;
		fclose(fp);
		if (ven != 0x1af4 || devid != 0x1110)
			continue;
		snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/resource",
			 de->d_name);
		fp = fopen(path, "r");
		if (!fp)
			continue;
		for (i = 0; i <= 2; i++)
			if (fscanf(fp, "%llx %llx %llx", &s, &e, &f) != 3)
				break;
		fclose(fp);
		if (i <= 2)
			continue;
		*bar_size = e - s + 1;
		snprintf(bdf, len, "%s", de->d_name);
		found = 1;
	}
	closedir(d);
	return found;
}

static int write_sysfs(const char *path, const char *val)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = write(fd, val, strlen(val));
	close(fd);
	return n == (ssize_t)strlen(val) ? 0 : -1;
}

static int wait_for(const char *path, int present)
{
	int i;

	for (i = 0; i < 200; i++) {
		if ((access(path, F_OK) == 0) == present)
			return 1;
		usleep(10000);
	}
	return 0;
}

static int run_pci(void)
{
	char bdf[256] = "";
	uint64_t bar = 0;
	uint32_t *p = MAP_FAILED, *d = MAP_FAILED;
	size_t i, half;
	int fd = -1, dfd = -1, ok, err;
	long sz;

	ok = find_ivshmem(bdf, sizeof(bdf), &bar);
	if (!ok)
		why("no 1af4:1110 device");
	if (ok) {
		fd = open_dev("/dev/kvmfr0");
		uint64_t sz64 = 0;

		sz = fd >= 0 ? ioctl(fd, KVMFR_DMABUF_GETSIZE) : -1;
		if (fd < 0 || sz != (long)bar)
			ok = why("GETSIZE %ld != BAR2 %" PRIu64, sz, bar);
		else if (ioctl(fd, KVMFR_DMABUF_GETSIZE64, &sz64) != 0 || sz64 != bar)
			ok = why("GETSIZE64 %" PRIu64 " != BAR2 %" PRIu64, sz64, bar);
		else
			snprintf(detail, sizeof(detail), "%s BAR2 %" PRIu64 " bytes",
				 bdf, bar);
	}
	result("pci_size", ok);
	if (!ok)
		return 1;
	half = bar / 2;

	p = map(fd, bar, 0);
	ok = p != MAP_FAILED;
	if (!ok)
		why("mmap: %s", strerror(errno));
	for (i = 0; ok && i < half / 4; i++)
		if (p[i] != pat_a(i))
			ok = why("host pattern mismatch at word %zu: %08x", i,
				 p[i]);
	if (ok)
		snprintf(detail, sizeof(detail), "%zu bytes host pattern read",
			 half);
	result("pci_host_pattern", ok);
	if (p == MAP_FAILED)
		return 1;

	for (i = half / 4; i < bar / 4; i++)
		p[i] = pat_b(i);
	ok = 1;
	if (msync(p, bar, MS_SYNC))
		ok = why("msync: %s", strerror(errno));
	for (i = half / 4; ok && i < bar / 4; i++)
		if (p[i] != pat_b(i))
			ok = why("readback at word %zu", i);
	if (ok)
		snprintf(detail, sizeof(detail),
			 "%zu bytes written for the host to check, msync",
			 bar - half);
	result("pci_guest_write", ok);

	/* DMA-buf of a range in the host half, offset by 3 pages */
	dfd = create(fd, KVMFR_DMABUF_FLAG_CLOEXEC, 3 * PAGE, half - 3 * PAGE);
	ok = dfd >= 0;
	if (!ok)
		why("create: %s", strerror(errno));
	if (ok) {
		d = map(dfd, half - 3 * PAGE, 0);
		if (d == MAP_FAILED)
			ok = why("dmabuf mmap: %s", strerror(errno));
	}
	for (i = 0; ok && i < (half - 3 * PAGE) / 4; i++)
		if (d[i] != pat_a(i + 3 * PAGE / 4))
			ok = why("dmabuf host pattern mismatch at word %zu", i);
	if (ok)
		snprintf(detail, sizeof(detail),
			 "DMA-buf at 3 pages, %zu bytes, host pattern read",
			 half - 3 * PAGE);
	result("pci_dmabuf", ok);

	result("pci_vgem_import", test_vgem("/dev/kvmfr0", 0, 4 * PAGE));

	/* unbind while the device fd, its mapping, a DMA-buf and its mapping
	 * are all alive */
	ok = dfd >= 0 && d != MAP_FAILED;
	if (write_sysfs("/sys/bus/pci/drivers/kvmfr/unbind", bdf))
		ok = why("unbind: %s", strerror(errno));
	if (ok && !wait_for("/dev/kvmfr0", 0))
		ok = why("/dev/kvmfr0 still there after unbind");
	if (ok) {
		/*
		 * The old mappings were zapped with the BAR: touching them
		 * faults (SIGBUS) instead of reaching a range the PCI core may
		 * hand to another device.
		 */
		if (!faults(&p[half / 4], 1))
			ok = why("a write through the old device mapping went through after unbind");
		if (!faults(&p[0], 0))
			ok = why("a read through the old device mapping went through after unbind");
		if (!faults(&d[0], 0))
			ok = why("a read through the old DMA-buf mapping went through after unbind");
		errno = 0;
		if (map(fd, PAGE, 0) != MAP_FAILED || errno != ENODEV)
			ok = why("mmap after unbind: errno %d", errno);
		errno = 0;
		if (create(fd, 0, 0, PAGE) != -1 || errno != ENODEV)
			ok = why("create after unbind: errno %d", errno);
		errno = 0;
		if (map(dfd, PAGE, 0) != MAP_FAILED || errno != ENODEV)
			ok = why("dmabuf mmap after unbind: errno %d", errno);
		if (vgem_import(dfd, &err) || err != ENODEV)
			ok = why("import after unbind: errno %d", err);
		if (ioctl(fd, KVMFR_DMABUF_GETSIZE) != (long)bar)
			ok = why("GETSIZE after unbind");
		errno = 0;
		if (delete_module("kvmfr") == 0 || errno != EWOULDBLOCK)
			ok = why("rmmod while stale fd open: errno %d", errno);
	}
	munmap(p, bar);
	if (d != MAP_FAILED)
		munmap(d, half - 3 * PAGE);
	if (dfd >= 0)
		close(dfd);
	close(fd);
	if (write_sysfs("/sys/bus/pci/drivers/kvmfr/bind", bdf))
		ok = why("bind: %s", strerror(errno));
	if (ok && !wait_for("/dev/kvmfr0", 1))
		ok = why("/dev/kvmfr0 missing after rebind");
	if (ok) {
		fd = open_dev("/dev/kvmfr0");
		if (fd < 0 || ioctl(fd, KVMFR_DMABUF_GETSIZE) != (long)bar)
			ok = why("rebound device size");
		if (fd >= 0)
			close(fd);
	}
	if (ok)
		snprintf(detail, sizeof(detail),
			 "unbind with live fd, mappings and DMA-buf: old mappings fault, ENODEV for new use; rebind ok");
	result("pci_unbind", ok);

	ok = 1;
	if (delete_module("kvmfr"))
		ok = why("rmmod: %s", strerror(errno));
	if (ok)
		snprintf(detail, sizeof(detail), "unloaded after close");
	result("pci_rmmod", ok);
	return failures ? 1 : 0;
}

/* ---- host side ------------------------------------------------------ */

static uint32_t *map_file(const char *f, size_t *sz)
{
	struct stat st;
	uint32_t *p;
	int fd = open(f, O_RDWR);

	if (fd < 0 || fstat(fd, &st)) {
		perror(f);
		exit(2);
	}
	*sz = st.st_size;
	p = map(fd, *sz, 0);
	if (p == MAP_FAILED) {
		perror("mmap");
		exit(2);
	}
	close(fd);
	return p;
}

static int host(const char *cmd, const char *file)
{
	size_t sz, i;
	uint32_t *p = map_file(file, &sz);

	if (!strcmp(cmd, "hostfill")) {
		for (i = 0; i < sz / 8; i++)
			p[i] = pat_a(i);
		memset(p + sz / 8, 0, sz / 2);
		msync(p, sz, MS_SYNC);
		printf("hostfill: pattern A in the first %zu bytes of %s\n",
		       sz / 2, file);
		return 0;
	}
	for (i = 0; i < sz / 8; i++)
		if (p[i] != pat_a(i)) {
			printf("RESULT host_check FAIL host half changed at word %zu\n", i);
			return 1;
		}
	for (i = sz / 8; i < sz / 4; i++)
		if (p[i] != pat_b(i)) {
			printf("RESULT host_check FAIL guest pattern missing at word %zu: %08x\n",
			       i, p[i]);
			return 1;
		}
	printf("RESULT host_check PASS host half intact, guest half has pattern B (%zu bytes)\n",
	       sz / 2);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc >= 2 && !strcmp(argv[1], "static"))
		return run_static(argc > 2 ? strtoull(argv[2], NULL, 0) :
				  (uint64_t)time(NULL),
				  argc > 3 ? strtoul(argv[3], NULL, 0) : 2000);
	if (argc >= 2 && !strcmp(argv[1], "pci"))
		return run_pci();
	if (argc >= 3 && (!strcmp(argv[1], "hostfill") ||
			  !strcmp(argv[1], "hostcheck")))
		return host(argv[1], argv[2]);
	fprintf(stderr,
		"usage: %s static [seed] [iters] | pci | hostfill FILE | hostcheck FILE\n",
		argv[0]);
	return 2;
}
