/* SPDX-License-Identifier: MIT */
/*
 * The pci source: BAR2 of an ivshmem-plain device (1af4:1110) through
 * sysfs, for a client or host running inside a Linux VM.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../src/shm_internal.h"

#define IVSHMEM_VENDOR 0x1af4
#define IVSHMEM_DEVICE 0x1110
#define DEVICES_DIR "/sys/bus/pci/devices"
/* How many non-matching devices an error lists before "and N more". */
#define LIST_MAX 16

static bool pci_matches(const char *path)
{
	return strcmp(path, "pci") == 0 || strncmp(path, "pci:", 4) == 0;
}

/* Reads a sysfs hex attribute like "0x1af4\n"; false if absent or garbage. */
static bool read_hex_attr(const char *dir, const char *addr, const char *attr,
			  unsigned *value)
{
	char path[512];
	char text[32];
	snprintf(path, sizeof(path), "%s/%s/%s", dir, addr, attr);
	FILE *f = fopen(path, "re");
	if (!f)
		return false;
	bool ok = fgets(text, sizeof(text), f) != NULL;
	fclose(f);
	if (!ok)
		return false;
	char *end;
	errno = 0;
	unsigned long v = strtoul(text, &end, 16);
	if (errno || end == text || v > 0xffff)
		return false;
	*value = (unsigned)v;
	return true;
}

static int compare_names(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

static int skip_dots(const struct dirent *d)
{
	return d->d_name[0] != '.';
}

/*
 * Picks the first ivshmem device (by address) into `addr`. When there is
 * none, the error lists what was looked at.
 */
static bool find_first(const char *dir, char *addr, size_t len,
		       const struct rl_log *log)
{
	struct dirent **names;
	int n = scandir(dir, &names, skip_dots, compare_names);
	if (n < 0) {
		rl_err(log, "shm: cannot list PCI devices in %s: %s", dir, strerror(errno));
		return false;
	}

	int found = -1, count = 0;
	char seen[LIST_MAX * 32 + 32] = "";
	size_t used = 0;
	for (int i = 0; i < n; i++) {
		unsigned vendor = 0, device = 0;
		bool ok = read_hex_attr(dir, names[i]->d_name, "vendor", &vendor) &&
			  read_hex_attr(dir, names[i]->d_name, "device", &device);
		if (ok && vendor == IVSHMEM_VENDOR && device == IVSHMEM_DEVICE) {
			if (found < 0)
				found = i;
			count++;
		} else if (i < LIST_MAX && used < sizeof(seen)) {
			if (ok)
				used += (size_t)snprintf(seen + used, sizeof(seen) - used,
							 "%s%s %04x:%04x", used ? ", " : "",
							 names[i]->d_name, vendor, device);
			else
				used += (size_t)snprintf(seen + used, sizeof(seen) - used,
							 "%s%s (no ids)", used ? ", " : "",
							 names[i]->d_name);
		}
	}
	if (n > LIST_MAX && used < sizeof(seen))
		snprintf(seen + used, sizeof(seen) - used, ", and %d more", n - LIST_MAX);

	if (found >= 0) {
		snprintf(addr, len, "%s", names[found]->d_name);
		if (count > 1)
			rl_info(log, "shm: %d ivshmem devices found; using the first, %s "
				"(choose another with pci:ADDRESS)", count, addr);
		else
			rl_info(log, "shm: using ivshmem device %s", addr);
	} else if (n == 0) {
		rl_err(log, "shm: no ivshmem PCI device (%04x:%04x): %s is empty",
		       IVSHMEM_VENDOR, IVSHMEM_DEVICE, dir);
	} else {
		rl_err(log, "shm: no ivshmem PCI device (%04x:%04x) among the %d in %s: %s "
		       "(add an ivshmem-plain device to the VM)", IVSHMEM_VENDOR,
		       IVSHMEM_DEVICE, n, dir, seen);
	}

	for (int i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return found >= 0;
}

/* "pci:00:05.0" and "pci:0000:00:05.0" name the same device. */
static bool parse_address(const char *text, char *addr, size_t len,
			  const struct rl_log *log)
{
	size_t colons = 0;
	for (const char *p = text; *p; p++) {
		if (*p == ':')
			colons++;
		else if (!(*p == '.' || (*p >= '0' && *p <= '9') ||
			   (*p >= 'a' && *p <= 'f') || (*p >= 'A' && *p <= 'F')))
			colons = 99;
	}
	if (!*text || text[0] == '.' || strlen(text) > 32 ||
	    (colons != 1 && colons != 2)) {
		rl_err(log, "shm: 'pci:%s' is not a PCI address (expected pci:0000:00:05.0)",
		       text);
		return false;
	}
	snprintf(addr, len, "%s%s", colons == 1 ? "0000:" : "", text);
	for (char *p = addr; *p; p++)
		if (*p >= 'A' && *p <= 'F')
			*p = (char)(*p - 'A' + 'a');
	return true;
}

struct rl_shm *rl_shm_pci_open_at(const char *devices_dir,
				  const struct rl_shm_params *params)
{
	const struct rl_log *log = params->log;
	const char *path = params->path ? params->path : "";
	char addr[256]; /* a directory entry's name */

	if (!pci_matches(path)) {
		rl_err(log, "shm: the pci source takes 'pci' or 'pci:ADDRESS', not '%s'",
		       path);
		return NULL;
	}
	if (path[3] == ':') {
		if (!parse_address(path + 4, addr, sizeof(addr), log))
			return NULL;
		unsigned vendor, device;
		if (!read_hex_attr(devices_dir, addr, "vendor", &vendor) ||
		    !read_hex_attr(devices_dir, addr, "device", &device)) {
			rl_err(log, "shm: no PCI device %s in %s", addr, devices_dir);
			return NULL;
		}
		if (vendor != IVSHMEM_VENDOR || device != IVSHMEM_DEVICE) {
			rl_err(log, "shm: PCI device %s is %04x:%04x, not an ivshmem device "
			       "(%04x:%04x)", addr, vendor, device, IVSHMEM_VENDOR,
			       IVSHMEM_DEVICE);
			return NULL;
		}
	} else if (!find_first(devices_dir, addr, sizeof(addr), log)) {
		return NULL;
	}
	if (params->create_size > 0)
		rl_dbg(log, "shm: pci %s: size comes from the VM's configuration, ignoring "
		       "the requested size", addr);

	char resource[512];
	snprintf(resource, sizeof(resource), "%s/%s/resource2", devices_dir, addr);
	int fd = open(resource, O_RDWR | O_CLOEXEC);
	if (fd < 0) {
		int err = errno;
		if (err == EACCES || err == EPERM)
			rl_err(log, "shm: cannot open %s: %s (run as root, or give your user "
			       "access with a udev rule, see docs/configuration.md)",
			       resource, strerror(err));
		else if (err == ENOENT)
			rl_err(log, "shm: %s has no BAR2 (%s missing): is it an ivshmem "
			       "device with a memdev?", addr, resource);
		else
			rl_err(log, "shm: cannot open %s: %s", resource, strerror(err));
		return NULL;
	}
	struct stat st;
	if (fstat(fd, &st) < 0) {
		rl_err(log, "shm: cannot stat %s: %s", resource, strerror(errno));
		goto out_close;
	}
	if (st.st_size <= 0) {
		rl_err(log, "shm: %s reports a size of 0", resource);
		goto out_close;
	}
	return rl_shm_map_fd(&rl_shm_pci, fd, (uint64_t)st.st_size, addr, log);

out_close:
	close(fd);
	return NULL;
}

static struct rl_shm *pci_open(const struct rl_shm_params *params)
{
	return rl_shm_pci_open_at(DEVICES_DIR, params);
}

const struct rl_shm_ops rl_shm_pci = {
	.name = "pci",
	.matches = pci_matches,
	.open = pci_open,
	.close = rl_shm_unmap,
	.export_dmabuf = NULL,
};
