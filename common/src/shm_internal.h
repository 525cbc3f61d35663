/* SPDX-License-Identifier: MIT */
/*
 * Private to the shm sources (common/src/shm.c and
 * common/platform/<os>/shm_*.c); not installed, not for other modules.
 * Included by tests/unit/test_shm.c to reach the seams below.
 */
#ifndef RELAY_SHM_INTERNAL_H
#define RELAY_SHM_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "relay/shm.h"

/*
 * The backends. Each file defining one includes this header, so the
 * declaration and the definition cannot disagree.
 */
extern const struct rl_shm_ops rl_shm_file; /* every platform */
#ifdef __linux__
extern const struct rl_shm_ops rl_shm_kvmfr;
extern const struct rl_shm_ops rl_shm_pci;
#endif
#ifdef _WIN32
extern const struct rl_shm_ops rl_shm_ivshmem; /* virtio-win IVSHMEM driver */
#endif

#ifndef _WIN32
/*
 * Map `size` bytes of `fd` shared read-write and wrap it in a struct
 * rl_shm whose desc reads "<what> <where> (<size>)". Ownership of fd is
 * taken: on failure it is closed, NULL returned and the reason logged
 * naming `where`.
 */
struct rl_shm *rl_shm_map_fd(const struct rl_shm_ops *impl, int fd,
			     uint64_t size, const char *where,
			     const struct rl_log *log);

/* Unmap, close the fd and free; accepts NULL. The close op of every POSIX backend. */
void rl_shm_unmap(struct rl_shm *shm);

/*
 * The pci backend's open with the sysfs devices directory as a parameter
 * (normally "/sys/bus/pci/devices") so tests can point it at a fake tree.
 */
struct rl_shm *rl_shm_pci_open_at(const char *devices_dir,
				  const struct rl_shm_params *params);
#endif

#endif /* RELAY_SHM_INTERNAL_H */
