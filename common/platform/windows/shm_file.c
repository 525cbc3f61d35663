/* SPDX-License-Identifier: MIT */
/*
 * The file source on Windows: CreateFile + CreateFileMapping +
 * MapViewOfFile. Same create/grow rules as the POSIX one: with a
 * create_size the file is created when missing and grown (never shrunk)
 * to that size; without one it must exist and be non-empty.
 *
 * Under Wine a path such as Z:\dev\shm\NAME is the Linux file
 * /dev/shm/NAME, and the view is the same memory a Linux process maps.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/shm_internal.h"
#include "win_error.h"

/* The concrete instance: struct rl_shm first, so impl checks can downcast. */
struct win_file_shm {
	struct rl_shm base;
	HANDLE file;
	HANDLE mapping;
};

static bool file_matches(const char *path)
{
	(void)path;
	return true;
}

static const char *open_hint(DWORD err, bool creating)
{
	switch (err) {
	case ERROR_FILE_NOT_FOUND:
		return creating ? NULL
				: "start relay-host with a shm-size first, or check the path";
	case ERROR_PATH_NOT_FOUND:
		return "does the directory exist?";
	case ERROR_ACCESS_DENIED:
		return "check the file's permissions, or run as a user who may write it";
	case ERROR_SHARING_VIOLATION:
		return "another program holds the file open without sharing it";
	case ERROR_WRITE_PROTECT:
		return "the medium is write protected";
	default:
		return NULL;
	}
}

static void log_win_error(const struct rl_log *log, const char *what,
			  const char *path, DWORD err, const char *hint)
{
	char text[256];

	rl_win_error_text(err, text, sizeof(text));
	if (hint)
		rl_err(log, "shm: cannot %s %s: %s (error %lu; %s)", what, path, text,
		       (unsigned long)err, hint);
	else
		rl_err(log, "shm: cannot %s %s: %s (error %lu)", what, path, text,
		       (unsigned long)err);
}

static void file_close(struct rl_shm *shm)
{
	if (!shm)
		return;
	struct win_file_shm *f = (struct win_file_shm *)shm;
	if (shm->base)
		UnmapViewOfFile(shm->base);
	if (f->mapping)
		CloseHandle(f->mapping);
	if (f->file != INVALID_HANDLE_VALUE)
		CloseHandle(f->file);
	free(f);
}

static bool grow(HANDLE file, uint64_t size)
{
	FILE_END_OF_FILE_INFO eof = { .EndOfFile.QuadPart = (LONGLONG)size };

	return SetFileInformationByHandle(file, FileEndOfFileInfo, &eof, sizeof(eof));
}

static struct rl_shm *file_open(const struct rl_shm_params *params)
{
	const struct rl_log *log = params->log;
	const char *path = params->path;
	bool creating = params->create_size > 0;
	char size_text[32];

	if (!path || !*path) {
		rl_err(log, "shm: no shared-memory file given (set shm-file)");
		return NULL;
	}
	if (creating && params->create_size > (uint64_t)INT64_MAX) {
		rl_err(log, "shm: %s: size %llu is too large", path,
		       (unsigned long long)params->create_size);
		return NULL;
	}
	wchar_t *wpath = rl_win_utf8_to_wide(path);
	if (!wpath) {
		rl_err(log, "shm: %s: not a valid UTF-8 path (or out of memory)", path);
		return NULL;
	}
	struct win_file_shm *f = calloc(1, sizeof(*f));
	if (!f) {
		rl_err(log, "shm: %s: out of memory", path);
		goto out_path;
	}
	f->file = CreateFileW(wpath, GENERIC_READ | GENERIC_WRITE,
			      FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE,
			      NULL, creating ? OPEN_ALWAYS : OPEN_EXISTING,
			      FILE_ATTRIBUTE_NORMAL, NULL);
	if (f->file == INVALID_HANDLE_VALUE) {
		DWORD err = GetLastError();
		log_win_error(log, creating ? "create" : "open", path, err,
			      open_hint(err, creating));
		goto out_free;
	}
	/* OPEN_ALWAYS reports ERROR_ALREADY_EXISTS when it did not create. */
	bool created = creating && GetLastError() != ERROR_ALREADY_EXISTS;

	LARGE_INTEGER cur;
	if (!GetFileSizeEx(f->file, &cur)) {
		log_win_error(log, "read the size of", path, GetLastError(), NULL);
		goto out_remove;
	}
	uint64_t size = (uint64_t)cur.QuadPart;
	if (creating && size < params->create_size) {
		if (!grow(f->file, params->create_size)) {
			DWORD err = GetLastError();
			rl_shm_format_size(params->create_size, size_text, sizeof(size_text));
			char what[64];
			snprintf(what, sizeof(what), "size to %s", size_text);
			log_win_error(log, what, path, err,
				      err == ERROR_DISK_FULL ? "not enough free space" : NULL);
			goto out_remove;
		}
		size = params->create_size;
	}
	if (size == 0) {
		rl_err(log, "shm: %s is empty (size 0); the host (or QEMU) sizes it "
		       "when it starts", path);
		goto out_remove;
	}
	if (size > SIZE_MAX) {
		rl_err(log, "shm: %s does not fit in this process's address space", path);
		goto out_remove;
	}

	f->mapping = CreateFileMappingW(f->file, NULL, PAGE_READWRITE, 0, 0, NULL);
	if (!f->mapping) {
		log_win_error(log, "create a mapping of", path, GetLastError(), NULL);
		goto out_remove;
	}
	void *base = MapViewOfFile(f->mapping, FILE_MAP_ALL_ACCESS, 0, 0, (SIZE_T)size);
	if (!base) {
		log_win_error(log, "map", path, GetLastError(),
			      "is the address space or the commit limit exhausted?");
		goto out_remove;
	}

	rl_shm_format_size(size, size_text, sizeof(size_text));
	f->base.impl = &rl_shm_file;
	f->base.base = base;
	f->base.size = size;
	f->base.fd = -1;
	snprintf(f->base.desc, sizeof(f->base.desc), "file %s (%s)", path, size_text);
	free(wpath);
	return &f->base;

out_remove:
	if (f->mapping)
		CloseHandle(f->mapping);
	CloseHandle(f->file);
	if (created)
		DeleteFileW(wpath);
out_free:
	free(f);
out_path:
	free(wpath);
	return NULL;
}

const struct rl_shm_ops rl_shm_file = {
	.name = "file",
	.matches = file_matches,
	.may_appear = true,
	.open = file_open,
	.close = file_close,
	.export_dmabuf = NULL,
};
