/* SPDX-License-Identifier: MIT */
/* The kvmfr source: /dev/kvmfrN from kvmfr-module, with DMA-buf export. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "linux/kvmfr.h"

#include "../../src/shm_internal.h"

static bool kvmfr_matches(const char *path)
{
	return strncmp(path, "/dev/kvmfr", strlen("/dev/kvmfr")) == 0;
}

static const char *open_hint(int err)
{
	switch (err) {
	case ENOENT:
	case ENXIO:
	case ENODEV:
		return "is the kvmfr module loaded? 'modprobe kvmfr static_size_mb=128' "
		       "or see docs/configuration.md";
	case EACCES:
	case EPERM:
		return "install kvmfr-module/udev/99-kvmfr.rules and add your user "
		       "to the kvm group";
	default:
		return NULL;
	}
}

static struct rl_shm *kvmfr_open(const struct rl_shm_params *params)
{
	const struct rl_log *log = params->log;
	const char *path = params->path;
	struct stat st;

	if (!path || !*path) {
		rl_err(log, "shm: no kvmfr device given (e.g. /dev/kvmfr0)");
		return NULL;
	}
	/* Checked before open: a plain file may also be unreadable to us. */
	if (stat(path, &st) == 0 && S_ISREG(st.st_mode)) {
		rl_err(log, "shm: %s is a regular file, not the kvmfr device: the kvmfr "
		       "module was probably not loaded when the VM started, so QEMU "
		       "created a plain file. Load the module, remove the file, restart "
		       "the VM (or choose the file source)", path);
		return NULL;
	}
	if (params->create_size > 0)
		rl_dbg(log, "shm: %s: size comes from the kvmfr module, ignoring the "
		       "requested size", path);

	int fd = open(path, O_RDWR | O_CLOEXEC);
	if (fd < 0) {
		int err = errno;
		const char *hint = open_hint(err);
		if (hint)
			rl_err(log, "shm: cannot open %s: %s (%s)", path, strerror(err), hint);
		else
			rl_err(log, "shm: cannot open %s: %s", path, strerror(err));
		return NULL;
	}
	if (fstat(fd, &st) < 0 || !S_ISCHR(st.st_mode)) {
		rl_err(log, "shm: %s is not a character device, so not a kvmfr device", path);
		goto out_close;
	}
	uint64_t size = 0;

	if (ioctl(fd, KVMFR_DMABUF_GETSIZE64, &size) < 0) {
		if (errno != ENOTTY) {
			rl_err(log, "shm: %s: KVMFR_DMABUF_GETSIZE64 failed: %s", path,
			       strerror(errno));
			goto out_close;
		}
		/*
		 * An older module: the size comes back as the ioctl's return
		 * value, which the kernel truncates to int. Sizes below 2 GiB
		 * are right; a larger device reads negative or wrapped.
		 */
		errno = 0;
		long old = ioctl(fd, KVMFR_DMABUF_GETSIZE);

		if (old < 0 && errno == 0) {
			rl_err(log, "shm: %s is 2 GiB or larger, which this (older) kvmfr module cannot "
			       "report: update the module (it needs KVMFR_DMABUF_GETSIZE64)", path);
			goto out_close;
		}
		if (old < 0) {
			rl_err(log, "shm: %s: KVMFR_DMABUF_GETSIZE failed: %s (is it a kvmfr "
			       "device?)", path, strerror(errno));
			goto out_close;
		}
		rl_info(log, "shm: %s: an older kvmfr module (no 64-bit size ioctl); sizes of "
			"4 GiB or more would read wrong: update it", path);
		size = (uint64_t)old;
	}
	if (size == 0) {
		rl_err(log, "shm: %s reports a size of 0", path);
		goto out_close;
	}
	return rl_shm_map_fd(&rl_shm_kvmfr, fd, size, path, log);

out_close:
	close(fd);
	return NULL;
}

static int kvmfr_export_dmabuf(struct rl_shm *shm, uint64_t offset, uint64_t size)
{
	long page = sysconf(_SC_PAGESIZE);
	uint64_t mask = (uint64_t)(page > 0 ? page : 4096) - 1;

	if (size == 0 || (offset & mask) || (size & mask))
		return -EINVAL;
	if (offset + size < offset)
		return -EOVERFLOW;
	if (offset + size > shm->size)
		return -ERANGE;

	struct kvmfr_dmabuf_create create = {
		.flags = KVMFR_DMABUF_FLAG_CLOEXEC,
		.offset = offset,
		.size = size,
	};
	int fd = ioctl(shm->fd, KVMFR_DMABUF_CREATE, &create);
	return fd < 0 ? -errno : fd;
}

const struct rl_shm_ops rl_shm_kvmfr = {
	.name = "kvmfr",
	.matches = kvmfr_matches,
	.open = kvmfr_open,
	.close = rl_shm_unmap,
	.export_dmabuf = kvmfr_export_dmabuf,
};
