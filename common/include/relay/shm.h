/* SPDX-License-Identifier: MIT */
/*
 * Shared-memory sources: where the region lives. One seam, one ops table
 * per backend (common/platform/<os>/shm_<name>.c), listed in priority
 * order in rl_shm_sources[].
 *
 *   file   a regular file, normally /dev/shm/NAME behind QEMU's
 *          ivshmem memory-backend-file. The host may create and size it.
 *   kvmfr  /dev/kvmfrN from kvmfr-module: mmap, size via ioctl, and
 *          DMA-buf export of page-aligned sub-ranges.
 *   pci    an ivshmem-plain PCI device's BAR2 through sysfs
 *          (/sys/bus/pci/devices/<addr>/resource2), for a client or host
 *          inside a Linux VM. "pci" alone picks the first 1af4:1110.
 *
 * Return convention: constructors return NULL and log why.
 */
#ifndef RELAY_SHM_H
#define RELAY_SHM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "relay/log.h"

struct rl_shm_ops;

/* An open, mapped region. Owned by whoever opened it; rl_shm_close(). */
struct rl_shm {
	const struct rl_shm_ops *impl;
	uint8_t *base;  /* mapping, read-write, size bytes */
	uint64_t size;
	int fd;         /* backend's descriptor, -1 if none */
	char desc[160]; /* human-readable, e.g. "file /dev/shm/relay (128 MiB)" */
};

struct rl_shm_params {
	const char *path;     /* file path, /dev/kvmfrN, "pci" or "pci:0000:00:05.0" */
	uint64_t create_size; /* file only: create/grow to this size; 0 = must exist */
	/*
	 * file only, with create_size (the host): use an existing file that
	 * another user owns. Off, such a file is refused: whoever created it
	 * can read the guest's screen.
	 */
	bool allow_foreign;
	const struct rl_log *log;
};

struct rl_shm_ops {
	const char *name; /* "file", "kvmfr", "pci" */
	/* Does this backend own `path` when the source is "auto"? Pure. */
	bool (*matches)(const char *path);
	/*
	 * The host may create the region after the client starts (a file it
	 * creates and sizes): a client waits while it is missing or empty.
	 */
	bool may_appear;
	/* Open and map. Returns NULL and logs the reason. Context: any. */
	struct rl_shm *(*open)(const struct rl_shm_params *params);
	/* Unmap and free; accepts NULL. */
	void (*close)(struct rl_shm *shm);
	/*
	 * Optional (NULL when the backend cannot): a new DMA-buf fd covering
	 * [offset, offset + size) of the region, both page aligned. Returns
	 * the fd (ownership passes to the caller) or a negative errno.
	 */
	int (*export_dmabuf)(struct rl_shm *shm, uint64_t offset, uint64_t size);
};

/* Backends in priority order (auto-selection asks each `matches`), NULL-terminated. */
extern const struct rl_shm_ops *const rl_shm_sources[];

/* The --shm-source choices: "auto", each source's name, NULL (room for max). */
void rl_shm_source_names(const char **names, size_t max);

/*
 * The backend that opens `path` for `source` ("auto" asks each backend's
 * `matches`). NULL, logged with the valid names, when there is none.
 */
const struct rl_shm_ops *rl_shm_find(const char *source, const char *path,
				     const struct rl_log *log);

/*
 * Open `params->path` with the backend named `source` ("auto", "file",
 * "kvmfr", "pci"). Logs the chosen backend at INFO. NULL on failure.
 */
struct rl_shm *rl_shm_open(const char *source, const struct rl_shm_params *params);
void rl_shm_close(struct rl_shm *shm);

/*
 * The one human-readable size: "128 MiB", "1.5 GiB", "4095 bytes" (binary
 * units, one decimal unless whole) into buf (always terminated).
 */
void rl_shm_format_size(uint64_t bytes, char *buf, size_t len);

/* Parses "128M", "64MiB", "1G", "4096" (bytes); false on garbage/overflow. */
bool rl_parse_size(const char *text, uint64_t *bytes);

#endif /* RELAY_SHM_H */
