/* SPDX-License-Identifier: MIT */
/*
 * The file source: a regular file, normally /dev/shm/NAME behind QEMU's
 * memory-backend-file. Also holds the POSIX mapping helpers the kvmfr and
 * pci sources share.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../src/shm_internal.h"

struct rl_shm *rl_shm_map_fd(const struct rl_shm_ops *impl, int fd,
			     uint64_t size, const char *where,
			     const struct rl_log *log)
{
	char size_text[32];
	rl_shm_format_size(size, size_text, sizeof(size_text));

	if (size > SIZE_MAX) {
		rl_err(log, "shm: %s: %s does not fit in this process's address space",
		       where, size_text);
		goto out_close;
	}
	struct rl_shm *shm = calloc(1, sizeof(*shm));
	if (!shm) {
		rl_err(log, "shm: %s: out of memory", where);
		goto out_close;
	}
	void *base = mmap(NULL, (size_t)size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (base == MAP_FAILED) {
		rl_err(log, "shm: cannot map %s (%s): %s", where, size_text,
		       strerror(errno));
		goto out_free;
	}
	shm->impl = impl;
	shm->base = base;
	shm->size = size;
	shm->fd = fd;
	snprintf(shm->desc, sizeof(shm->desc), "%s %s (%s)", impl->name, where,
		 size_text);
	return shm;

out_free:
	free(shm);
out_close:
	close(fd);
	return NULL;
}

void rl_shm_unmap(struct rl_shm *shm)
{
	if (!shm)
		return;
	if (shm->base)
		munmap(shm->base, (size_t)shm->size);
	if (shm->fd >= 0)
		close(shm->fd);
	free(shm);
}

static bool file_matches(const char *path)
{
	(void)path;
	return true;
}

static const char *open_hint(int err, bool creating)
{
	switch (err) {
	case ENOENT:
		return creating ? "does the directory exist?"
				: "start the VM or relay-host first, or check that the path "
				  "matches QEMU's memory-backend-file mem-path";
	case EACCES:
	case EPERM:
		return "check the file's group/permissions; QEMU creates it as its own user";
	case EROFS:
		return "the file system is read-only";
	case EISDIR:
		return "give the path of the file, not of its directory";
	case ELOOP:
		return "it is a symbolic link, which relay-host does not follow: someone may "
		       "have planted it; remove it";
	default:
		return NULL;
	}
}

static void log_open_error(const struct rl_log *log, const char *path, int err,
			   bool creating)
{
	const char *verb = creating ? "create" : "open";
	const char *hint = open_hint(err, creating);
	if (hint)
		rl_err(log, "shm: cannot %s %s: %s (%s)", verb, path, strerror(err), hint);
	else
		rl_err(log, "shm: cannot %s %s: %s", verb, path, strerror(err));
}

/* Size of whatever fd is: regular file or block device; 0 otherwise. */
static uint64_t fd_size(int fd, const struct stat *st)
{
	if (S_ISREG(st->st_mode))
		return (uint64_t)st->st_size;
	if (S_ISBLK(st->st_mode)) {
		off_t end = lseek(fd, 0, SEEK_END);
		return end > 0 ? (uint64_t)end : 0;
	}
	return 0;
}

static int create_or_open(const char *path, bool *created)
{
	*created = false;
	int fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0660);
	if (fd >= 0) {
		*created = true;
		/* The umask would strip the group bit QEMU's user relies on. */
		fchmod(fd, 0660);
		return fd;
	}
	if (errno != EEXIST)
		return -1;
	/* Never through a symlink someone planted at the path. */
	return open(path, O_RDWR | O_CLOEXEC | O_NOFOLLOW);
}

/*
 * An existing file the host is about to publish the screen into: only one
 * of its own (unless allowed), brought to mode 0660. False (logged) to refuse.
 */
static bool host_may_use(int fd, const struct stat *st, const struct rl_shm_params *params)
{
	if (!S_ISREG(st->st_mode))
		return true;
	if (st->st_uid != geteuid()) {
		if (params->allow_foreign) {
			rl_warn(params->log, "shm: %s belongs to uid %u, not to this user (uid %u): "
				"used because shm-allow-foreign is set", params->path,
				(unsigned)st->st_uid, (unsigned)geteuid());
			return true;
		}
		rl_err(params->log, "shm: %s belongs to uid %u, not to this user (uid %u): whoever "
		       "created it could read the guest's screen. Remove it, or set "
		       "shm-allow-foreign if it is QEMU's own file", params->path,
		       (unsigned)st->st_uid, (unsigned)geteuid());
		return false;
	}
	if ((st->st_mode & 07777) != 0660) {
		if (fchmod(fd, 0660) < 0) {
			rl_err(params->log, "shm: cannot bring %s to mode 0660: %s", params->path,
			       strerror(errno));
			return false;
		}
		rl_info(params->log, "shm: %s was mode 0%o: now 0660", params->path,
			(unsigned)(st->st_mode & 07777));
	}
	return true;
}

/* Readable or writable by every local user: say so once, with the fix. */
static void warn_if_open_to_all(const char *path, const struct stat *st,
				const struct rl_log *log)
{
	if (!S_ISREG(st->st_mode) || !(st->st_mode & (S_IROTH | S_IWOTH)))
		return;
	rl_warn(log, "shm: %s is %s by every local user (mode 0%o): anyone on this machine can %s "
		"the guest's screen. Fix: a tmpfiles rule creating it mode 0660 for your group "
		"(docs/setup.md), or chmod 0660 %s",
		path, st->st_mode & S_IWOTH ? "writable" : "readable",
		(unsigned)(st->st_mode & 07777), st->st_mode & S_IWOTH ? "change" : "read", path);
}

static struct rl_shm *file_open(const struct rl_shm_params *params)
{
	const struct rl_log *log = params->log;
	const char *path = params->path;
	bool creating = params->create_size > 0;
	bool created = false;

	if (!path || !*path) {
		rl_err(log, "shm: no shared-memory file given (set shm-file)");
		return NULL;
	}

	int fd = creating ? create_or_open(path, &created)
			  : open(path, O_RDWR | O_CLOEXEC);
	if (fd < 0) {
		log_open_error(log, path, errno, creating);
		return NULL;
	}

	struct stat st;
	if (fstat(fd, &st) < 0) {
		rl_err(log, "shm: cannot stat %s: %s", path, strerror(errno));
		goto out_close;
	}
	if (!S_ISREG(st.st_mode) && !S_ISBLK(st.st_mode) && !S_ISCHR(st.st_mode)) {
		rl_err(log, "shm: %s is not a regular file or a device", path);
		goto out_close;
	}
	if (creating && !S_ISREG(st.st_mode)) {
		rl_err(log, "shm: %s is a device, not a file the host can size; "
		       "leave the size unset to use it as it is", path);
		goto out_close;
	}
	if (creating && !created) {
		if (!host_may_use(fd, &st, params))
			goto out_close;
		if (fstat(fd, &st) < 0) {
			rl_err(log, "shm: cannot stat %s: %s", path, strerror(errno));
			goto out_close;
		}
	}
	warn_if_open_to_all(path, &st, log);

	uint64_t size = fd_size(fd, &st);
	if (creating && size < params->create_size) {
		if (ftruncate(fd, (off_t)params->create_size) < 0) {
			char want[32];
			rl_shm_format_size(params->create_size, want, sizeof(want));
			rl_err(log, "shm: cannot size %s to %s: %s", path, want,
			       strerror(errno));
			goto out_remove;
		}
		/*
		 * Reserve the pages now (tmpfs) so a full /dev/shm is an error
		 * here rather than a SIGBUS at the first write.
		 */
		int err = posix_fallocate(fd, 0, (off_t)params->create_size);
		if (err == ENOSPC) {
			char want[32];
			rl_shm_format_size(params->create_size, want, sizeof(want));
			rl_err(log, "shm: not enough space for %s at %s (is /dev/shm too small? "
			       "see its size with 'df -h /dev/shm')", want, path);
			goto out_remove;
		}
		size = params->create_size;
	}
	if (size == 0) {
		if (S_ISCHR(st.st_mode))
			rl_err(log, "shm: %s is a character device with no size; for "
			       "/dev/kvmfrN use the kvmfr source", path);
		else
			rl_err(log, "shm: %s is empty (size 0); the host (or QEMU) sizes it "
			       "when it starts", path);
		goto out_close;
	}

	return rl_shm_map_fd(&rl_shm_file, fd, size, path, log);

out_remove:
	if (created)
		unlink(path);
out_close:
	close(fd);
	return NULL;
}

const struct rl_shm_ops rl_shm_file = {
	.name = "file",
	.matches = file_matches,
	.may_appear = true,
	.open = file_open,
	.close = rl_shm_unmap,
	.export_dmabuf = NULL,
};
