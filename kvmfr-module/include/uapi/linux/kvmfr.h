/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * kvmfr: shared memory for low-latency frame relay between a KVM guest and
 * its host, exposed as /dev/kvmfrN.
 *
 * The ioctl numbers and the argument layout are those of the kvmfr module
 * that users already run, so existing clients, udev rules, modprobe options
 * and libvirt configurations keep working.  The only difference is that the
 * padding after @flags is declared explicitly and must be zero.
 *
 * Usage from user space (see docs/kvmfr.md for the full reference):
 *
 *	int fd = open("/dev/kvmfr0", O_RDWR);
 *	long size = ioctl(fd, KVMFR_DMABUF_GETSIZE);
 *	struct kvmfr_dmabuf_create c = { .flags = KVMFR_DMABUF_FLAG_CLOEXEC,
 *					 .offset = 0, .size = size };
 *	int dmabuf_fd = ioctl(fd, KVMFR_DMABUF_CREATE, &c);
 */
#ifndef _UAPI_LINUX_KVMFR_H
#define _UAPI_LINUX_KVMFR_H

#include <linux/types.h>
#include <linux/ioctl.h>

/* Set close-on-exec on the returned DMA-buf file descriptor. */
#define KVMFR_DMABUF_FLAG_CLOEXEC	0x1

/* All flags this version understands; any other bit gives -EINVAL. */
#define KVMFR_DMABUF_FLAGS_MASK		(KVMFR_DMABUF_FLAG_CLOEXEC)

/**
 * struct kvmfr_dmabuf_create - argument of KVMFR_DMABUF_CREATE
 * @flags:  KVMFR_DMABUF_FLAG_* bits; unknown bits are rejected (-EINVAL)
 * @__pad:  must be zero (-EINVAL otherwise)
 * @offset: start of the range in the device memory; multiple of the page
 *          size (-EINVAL otherwise)
 * @size:   length of the range in bytes; non-zero and a multiple of the page
 *          size (-EINVAL otherwise); @offset + @size must not overflow
 *          (-EOVERFLOW) and must not exceed the device size (-ERANGE)
 *
 * 24 bytes, naturally aligned, identical in layout to the structure used by
 * existing kvmfr clients (which leave the padding implicit).
 */
struct kvmfr_dmabuf_create {
	__u8	flags;
	__u8	__pad[7];
	__u64	offset;
	__u64	size;
};

/*
 * KVMFR_DMABUF_CREATE: export a page-aligned range of the device memory as a
 * DMA-buf.  Returns a new DMA-buf file descriptor (O_RDWR) on success.
 * Errors: EFAULT (bad argument pointer), EINVAL (unknown flag, non-zero
 * padding, size 0, unaligned offset or size), EOVERFLOW (offset + size
 * wraps), ERANGE (range past the end of the device), ENODEV (the PCI device
 * has been removed), ENOMEM, EMFILE.
 */
#define KVMFR_DMABUF_CREATE	_IOW('u', 0x42, struct kvmfr_dmabuf_create)

/*
 * KVMFR_DMABUF_GETSIZE: returns the size of the device memory in bytes as
 * the ioctl's return value (no argument). The kernel truncates an ioctl's
 * return value to int: sizes of 2 GiB and more come out wrong. Kept for
 * compatibility; use KVMFR_DMABUF_GETSIZE64.
 */
#define KVMFR_DMABUF_GETSIZE	_IO('u', 0x44)

/*
 * KVMFR_DMABUF_GETSIZE64: writes the size of the device memory in bytes
 * to the __u64 the argument points to; returns 0, or -1 with EFAULT.
 */
#define KVMFR_DMABUF_GETSIZE64	_IOR('u', 0x45, __u64)

#endif /* _UAPI_LINUX_KVMFR_H */
