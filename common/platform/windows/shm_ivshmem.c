/* SPDX-License-Identifier: MIT */
/*
 * The ivshmem source (Windows guests): the ivshmem-plain PCI device's
 * shared memory through the virtio-win IVSHMEM driver.
 *
 *   path "ivshmem"           the first device the driver exposes
 *        "ivshmem:N"         the Nth (0-based, in SetupDi order)
 *        "ivshmem:B:D.F"     the device at PCI bus B, device D, function F
 *                            (hex, as Device Manager's "Location" shows)
 *
 * The devices found are logged, so a user can see which to pick. The
 * driver's interface (its public Public.h): device interface GUID
 * {df576976-569d-4672-95a0-f57e4ea0b210}; IOCTL_IVSHMEM_REQUEST_SIZE
 * returns the size as a UINT64; IOCTL_IVSHMEM_REQUEST_MMAP takes a
 * one-byte cache mode and maps the BAR into this process, returning
 * struct ivshmem_mmap; IOCTL_IVSHMEM_RELEASE_MMAP (or closing the
 * handle) unmaps it. Only one process may hold the mapping at a time.
 *
 * Not testable without the device (CI compiles it only).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/shm_internal.h"
#include "win_error.h"

#include <initguid.h>
#include <setupapi.h>
#include <winioctl.h>

DEFINE_GUID(rl_guid_devinterface_ivshmem, 0xdf576976, 0x569d, 0x4672, 0x95, 0xa0,
	    0xf5, 0x7e, 0x4e, 0xa0, 0xb2, 0x10);

#define IOCTL_IVSHMEM_REQUEST_SIZE \
	CTL_CODE(FILE_DEVICE_UNKNOWN, 0x801, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define IOCTL_IVSHMEM_REQUEST_MMAP \
	CTL_CODE(FILE_DEVICE_UNKNOWN, 0x802, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define IOCTL_IVSHMEM_RELEASE_MMAP \
	CTL_CODE(FILE_DEVICE_UNKNOWN, 0x803, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define IVSHMEM_CACHE_WRITECOMBINED 2

/* The driver's IVSHMEM_MMAP (64-bit layout, natural alignment). */
struct ivshmem_mmap {
	uint16_t peer_id;
	uint64_t size;
	void *ptr;
	uint16_t vectors;
};
_Static_assert(sizeof(void *) != 8 || sizeof(struct ivshmem_mmap) == 32,
	       "IVSHMEM_MMAP is 32 bytes for 64-bit callers");

struct ivshmem_shm {
	struct rl_shm base;
	HANDLE device;
};

/* What the path asks for. */
struct selector {
	enum { SEL_INDEX, SEL_LOCATION } kind;
	unsigned index;
	unsigned bus, dev, fn;
};

static bool ivshmem_matches(const char *path)
{
	return strncmp(path, "ivshmem", 7) == 0 && (path[7] == '\0' || path[7] == ':');
}

static bool parse_selector(const char *path, struct selector *sel)
{
	const char *arg = path[7] == ':' ? path + 8 : "";
	char end;

	*sel = (struct selector){ .kind = SEL_INDEX };
	if (!*arg)
		return true;
	if (strchr(arg, ':')) {
		sel->kind = SEL_LOCATION;
		return sscanf(arg, "%x:%x.%x%c", &sel->bus, &sel->dev, &sel->fn, &end) == 3 &&
		       sel->dev < 32 && sel->fn < 8;
	}
	return sscanf(arg, "%u%c", &sel->index, &end) == 1;
}

/* PCI bus/device/function of a device node; false when the driver stack hides them. */
static bool device_location(HDEVINFO set, SP_DEVINFO_DATA *info, unsigned *bus,
			    unsigned *dev, unsigned *fn)
{
	DWORD b = 0, addr = 0;

	if (!SetupDiGetDeviceRegistryPropertyW(set, info, SPDRP_BUSNUMBER, NULL,
					       (BYTE *)&b, sizeof(b), NULL) ||
	    !SetupDiGetDeviceRegistryPropertyW(set, info, SPDRP_ADDRESS, NULL,
					       (BYTE *)&addr, sizeof(addr), NULL))
		return false;
	*bus = b;
	*dev = (addr >> 16) & 0xffff;
	*fn = addr & 0xffff;
	return true;
}

/* Open the device interface the selector names; INVALID_HANDLE_VALUE (logged) if none. */
static HANDLE open_device(const struct selector *sel, const char *path,
			  const struct rl_log *log, char *where, size_t where_len)
{
	HDEVINFO set = SetupDiGetClassDevsW(&rl_guid_devinterface_ivshmem, NULL, NULL,
					    DIGCF_PRESENT | DIGCF_DEVICEINTERFACE);
	HANDLE h = INVALID_HANDLE_VALUE;
	char text[256];
	unsigned found = 0;

	if (set == INVALID_HANDLE_VALUE) {
		rl_err(log, "shm: cannot list IVSHMEM devices: %s",
		       rl_win_error_text(GetLastError(), text, sizeof(text)));
		return h;
	}
	for (DWORD i = 0;; i++) {
		SP_DEVICE_INTERFACE_DATA iface = { .cbSize = sizeof(iface) };
		SP_DEVINFO_DATA info = { .cbSize = sizeof(info) };
		DWORD need = 0;

		if (!SetupDiEnumDeviceInterfaces(set, NULL, &rl_guid_devinterface_ivshmem, i,
						 &iface))
			break;
		SetupDiGetDeviceInterfaceDetailW(set, &iface, NULL, 0, &need, NULL);
		SP_DEVICE_INTERFACE_DETAIL_DATA_W *detail = need ? calloc(1, need) : NULL;
		if (!detail)
			continue;
		detail->cbSize = sizeof(*detail);
		if (!SetupDiGetDeviceInterfaceDetailW(set, &iface, detail, need, NULL, &info)) {
			free(detail);
			continue;
		}
		unsigned bus = 0, dev = 0, fn = 0;
		bool located = device_location(set, &info, &bus, &dev, &fn);
		char loc[32] = "location unknown";
		if (located)
			snprintf(loc, sizeof(loc), "PCI %02x:%02x.%x", bus, dev, fn);
		bool chosen = h == INVALID_HANDLE_VALUE &&
			      (sel->kind == SEL_INDEX ? sel->index == found
						      : located && bus == sel->bus &&
							dev == sel->dev && fn == sel->fn);
		rl_info(log, "shm: IVSHMEM device %u: %s%s", found, loc,
			chosen ? " (chosen)" : "");
		if (chosen) {
			h = CreateFileW(detail->DevicePath, GENERIC_READ | GENERIC_WRITE, 0,
					NULL, OPEN_EXISTING, 0, NULL);
			if (h == INVALID_HANDLE_VALUE) {
				DWORD err = GetLastError();
				rl_err(log, "shm: cannot open IVSHMEM device %u (%s): %s%s", found,
				       loc, rl_win_error_text(err, text, sizeof(text)),
				       err == ERROR_ACCESS_DENIED || err == ERROR_SHARING_VIOLATION
					       ? " (another program, such as a second relay-host "
						 "or Looking Glass, holds it)"
					       : "");
			}
			snprintf(where, where_len, "IVSHMEM device %u (%s)", found, loc);
		}
		found++;
		free(detail);
	}
	SetupDiDestroyDeviceInfoList(set);
	if (found == 0)
		rl_err(log, "shm: no IVSHMEM device: add an ivshmem-plain device to the VM and "
		       "install the IVSHMEM driver from virtio-win (docs/windows-guest.md)");
	else if (h == INVALID_HANDLE_VALUE && !*where)
		rl_err(log, "shm: %s names no IVSHMEM device (found %u, listed above)", path,
		       found);
	return h;
}

static void ivshmem_close(struct rl_shm *shm)
{
	if (!shm)
		return;
	struct ivshmem_shm *s = (struct ivshmem_shm *)shm;
	if (shm->base) {
		DWORD ret = 0;
		DeviceIoControl(s->device, IOCTL_IVSHMEM_RELEASE_MMAP, NULL, 0, NULL, 0,
				&ret, NULL);
	}
	if (s->device != INVALID_HANDLE_VALUE)
		CloseHandle(s->device);
	free(s);
}

static struct rl_shm *ivshmem_open(const struct rl_shm_params *params)
{
	const struct rl_log *log = params->log;
	struct selector sel;
	char where[96] = "", text[256], size_text[32];
	DWORD ret = 0;

	if (!parse_selector(params->path, &sel)) {
		rl_err(log, "shm: '%s' is not ivshmem, ivshmem:INDEX or ivshmem:BUS:DEV.FN",
		       params->path);
		return NULL;
	}
	struct ivshmem_shm *s = calloc(1, sizeof(*s));
	if (!s) {
		rl_err(log, "shm: out of memory");
		return NULL;
	}
	s->base.impl = &rl_shm_ivshmem;
	s->base.fd = -1;
	s->device = open_device(&sel, params->path, log, where, sizeof(where));
	if (s->device == INVALID_HANDLE_VALUE)
		goto out_free;

	uint64_t size = 0;
	if (!DeviceIoControl(s->device, IOCTL_IVSHMEM_REQUEST_SIZE, NULL, 0, &size,
			     sizeof(size), &ret, NULL) || ret != sizeof(size)) {
		rl_err(log, "shm: %s: IOCTL_IVSHMEM_REQUEST_SIZE failed: %s (is the driver "
		       "virtio-win's IVSHMEM driver?)", where,
		       rl_win_error_text(GetLastError(), text, sizeof(text)));
		goto out_close;
	}
	if (params->create_size && size < params->create_size) {
		char want[32];
		rl_shm_format_size(size, size_text, sizeof(size_text));
		rl_shm_format_size(params->create_size, want, sizeof(want));
		rl_warn(log, "shm: %s has %s, less than the %s asked for; the VM's ivshmem "
			"size decides", where, size_text, want);
	}

	uint8_t cache = IVSHMEM_CACHE_WRITECOMBINED;
	struct ivshmem_mmap map = { 0 };
	if (!DeviceIoControl(s->device, IOCTL_IVSHMEM_REQUEST_MMAP, &cache, sizeof(cache),
			     &map, sizeof(map), &ret, NULL) || ret != sizeof(map) || !map.ptr) {
		rl_err(log, "shm: %s: IOCTL_IVSHMEM_REQUEST_MMAP failed: %s (only one process "
		       "can map the device; an old IVSHMEM driver may lack write-combining)",
		       where, rl_win_error_text(GetLastError(), text, sizeof(text)));
		goto out_close;
	}
	if (map.size != size)
		rl_warn(log, "shm: %s: the driver mapped %llu bytes of %llu", where,
			(unsigned long long)map.size, (unsigned long long)size);
	s->base.base = map.ptr;
	s->base.size = map.size < size ? map.size : size;
	rl_shm_format_size(s->base.size, size_text, sizeof(size_text));
	snprintf(s->base.desc, sizeof(s->base.desc), "ivshmem %s (%s, write-combined)",
		 where, size_text);
	return &s->base;

out_close:
	CloseHandle(s->device);
out_free:
	free(s);
	return NULL;
}

const struct rl_shm_ops rl_shm_ivshmem = {
	.name = "ivshmem",
	.matches = ivshmem_matches,
	.open = ivshmem_open,
	.close = ivshmem_close,
	.export_dmabuf = NULL,
};
