/* SPDX-License-Identifier: MIT */
/*
 * Shared-memory sources: size parsing, the file source on real files, the
 * kvmfr source's refusals and DMA-buf argument checks, and pci discovery
 * on a fake sysfs tree.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "relay/shm.h"
#include "shm_internal.h"

#define CHECK_HAS(text, needle)                                             \
	do {                                                                \
		const char *t_ = (text);                                    \
		if (strstr(t_, (needle))) {                                 \
			check_counts.passed++;                              \
		} else {                                                    \
			check_counts.failed++;                              \
			fprintf(stderr, "%s:%d: CHECK failed: '%s' not in '%s'\n", \
				__FILE__, __LINE__, (needle), t_);          \
		}                                                           \
	} while (0)

static char tmpdir[] = "/tmp/relay-test-shm-XXXXXX";

/* Everything logged, for checking messages. */
struct capture {
	char text[8192];
	size_t len;
};

static void capture_sink(void *userdata, enum rl_log_level level, const char *line)
{
	struct capture *c = userdata;
	(void)level;
	int n = snprintf(c->text + c->len, sizeof(c->text) - c->len, "%s\n", line);
	if (n > 0 && c->len + (size_t)n < sizeof(c->text))
		c->len += (size_t)n;
}

static struct capture logged;
static struct rl_log test_log;

static void log_reset(void)
{
	logged.len = 0;
	logged.text[0] = '\0';
}

static char *path_in_tmp(const char *name)
{
	static char path[512];
	snprintf(path, sizeof(path), "%s/%s", tmpdir, name);
	return path;
}

static void write_text(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	fputs(text, f);
	fclose(f);
}

static void test_parse_size(void)
{
	static const struct {
		const char *text;
		uint64_t bytes;
	} good[] = {
		{ "0", 0 },
		{ "4096", 4096 },
		{ "4096b", 4096 },
		{ "128K", 128ull << 10 },
		{ "128k", 128ull << 10 },
		{ "128KiB", 128ull << 10 },
		{ "64M", 64ull << 20 },
		{ "64MiB", 64ull << 20 },
		{ "64mib", 64ull << 20 },
		{ "64MB", 64ull << 20 },
		{ "1G", 1ull << 30 },
		{ "1GiB", 1ull << 30 },
		{ "1gIb", 1ull << 30 },
		{ "2T", 2ull << 40 },
		{ "3 M", 3ull << 20 },
		{ " 5M ", 5ull << 20 },
		{ "18446744073709551615", UINT64_MAX },
		{ "16777215T", 16777215ull << 40 },
	};
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		uint64_t v = 1234;
		bool ok = rl_parse_size(good[i].text, &v);
		if (!ok || v != good[i].bytes)
			fprintf(stderr, "rl_parse_size(\"%s\")\n", good[i].text);
		CHECK(ok);
		CHECK_EQ_U64(v, good[i].bytes);
	}

	static const char *const bad[] = {
		"", " ", "abc", "M", "-1", "+1", "1.5G", "12Q", "1KK", "1 K B", "0x10",
		"18446744073709551616",   /* 2^64 */
		"99999999999999999999999",
		"16777216T",              /* 2^64 */
		"17179869184G",           /* 2^64 */
		"18014398509481984K",     /* 2^64 */
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		uint64_t v = 1234;
		bool ok = rl_parse_size(bad[i], &v);
		if (ok)
			fprintf(stderr, "rl_parse_size(\"%s\") accepted\n", bad[i]);
		CHECK(!ok);
		CHECK_EQ_U64(v, 1234);
	}
	CHECK(!rl_parse_size(NULL, &(uint64_t){ 0 }));
}

static void test_format_size(void)
{
	char buf[32];
	rl_shm_format_size(128ull << 20, buf, sizeof(buf));
	CHECK(strcmp(buf, "128 MiB") == 0);
	rl_shm_format_size(3ull << 29, buf, sizeof(buf));
	CHECK(strcmp(buf, "1.5 GiB") == 0);
	rl_shm_format_size(1000, buf, sizeof(buf));
	CHECK(strcmp(buf, "1000 bytes") == 0);
	rl_shm_format_size(64ull << 10, buf, sizeof(buf));
	CHECK(strcmp(buf, "64 KiB") == 0);
	/* Moved here with the host's own formatter, which this one replaced. */
	rl_shm_format_size(8ull << 20, buf, sizeof(buf));
	CHECK(strcmp(buf, "8 MiB") == 0);
	rl_shm_format_size(100, buf, sizeof(buf));
	CHECK(strcmp(buf, "100 bytes") == 0);
}

static uint64_t file_size(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 ? (uint64_t)st.st_size : 0;
}

static void test_file(void)
{
	char path[512];
	snprintf(path, sizeof(path), "%s", path_in_tmp("region"));
	struct rl_shm_params p = { .path = path, .create_size = 1 << 20, .log = &test_log };

	/* create */
	log_reset();
	struct rl_shm *a = rl_shm_open("auto", &p);
	CHECK(a != NULL);
	if (!a)
		return;
	CHECK(a->impl == &rl_shm_file);
	CHECK_EQ_U64(a->size, 1 << 20);
	CHECK_EQ_U64(file_size(path), 1 << 20);
	struct stat st;
	CHECK(stat(path, &st) == 0 && (st.st_mode & 0777) == 0660);
	char want[600];
	snprintf(want, sizeof(want), "file %s (1 MiB)", path);
	CHECK(strcmp(a->desc, want) == 0);
	CHECK_HAS(logged.text, want); /* rl_shm_open logs the choice */

	/* a second mapping of the same file sees the first one's writes, both ways */
	p.create_size = 0;
	struct rl_shm *b = rl_shm_open("file", &p);
	CHECK(b != NULL);
	if (b) {
		CHECK(b->base != a->base);
		memcpy(a->base + 4096, "hello", 6);
		CHECK(memcmp(b->base + 4096, "hello", 6) == 0);
		b->base[(1 << 20) - 1] = 0x7e;
		CHECK(a->base[(1 << 20) - 1] == 0x7e);
		rl_shm_close(b);
	}
	rl_shm_close(a);

	/* grow */
	p.create_size = 2 << 20;
	a = rl_shm_open("file", &p);
	CHECK(a && a->size == 2 << 20);
	CHECK_EQ_U64(file_size(path), 2 << 20);
	if (a) {
		CHECK(memcmp(a->base + 4096, "hello", 6) == 0); /* growing keeps data */
		rl_shm_close(a);
	}

	/* never shrink: a bigger file is used whole */
	p.create_size = 1 << 20;
	a = rl_shm_open("file", &p);
	CHECK(a && a->size == 2 << 20);
	CHECK_EQ_U64(file_size(path), 2 << 20);
	rl_shm_close(a);

	/* open existing: its own size */
	p.create_size = 0;
	a = rl_shm_open("auto", &p);
	CHECK(a && a->size == 2 << 20 && a->fd >= 0);
	if (a)
		CHECK(strstr(a->desc, "(2 MiB)") != NULL);
	rl_shm_close(a);
	rl_shm_close(NULL);

	/* missing file */
	log_reset();
	p.path = path_in_tmp("missing");
	CHECK(rl_shm_open("auto", &p) == NULL);
	CHECK_HAS(logged.text, "cannot open ");
	CHECK_HAS(logged.text, "/missing: No such file or directory (start the VM");

	/* creating in a directory that does not exist */
	log_reset();
	p.path = path_in_tmp("no/such/dir");
	p.create_size = 4096;
	CHECK(rl_shm_open("file", &p) == NULL);
	CHECK_HAS(logged.text, "cannot create ");
	CHECK_HAS(logged.text, "(does the directory exist?)");

	/* empty file */
	log_reset();
	p.path = path_in_tmp("empty");
	p.create_size = 0;
	write_text(p.path, "");
	CHECK(rl_shm_open("file", &p) == NULL);
	CHECK_HAS(logged.text, "/empty is empty (size 0)");

	/* not a regular file */
	log_reset();
	p.path = tmpdir;
	CHECK(rl_shm_open("file", &p) == NULL);
	CHECK_HAS(logged.text, "Is a directory");

	/* a character device has no size */
	log_reset();
	p.path = "/dev/null";
	CHECK(rl_shm_open("file", &p) == NULL);
	CHECK_HAS(logged.text, "/dev/null is a character device with no size");

	/* permissions (root bypasses them, so only as a user) */
	if (geteuid() != 0) {
		log_reset();
		p.path = path;
		chmod(path, 0);
		CHECK(rl_shm_open("file", &p) == NULL);
		CHECK_HAS(logged.text, "Permission denied (check the file's group/permissions");
		chmod(path, 0660);
	}

	/* The host never writes through a symlink planted at the path. */
	log_reset();
	char target[512], link_path[512];
	snprintf(target, sizeof(target), "%s", path_in_tmp("victim"));
	snprintf(link_path, sizeof(link_path), "%s", path_in_tmp("planted"));
	write_text(target, "keep me");
	CHECK(symlink(target, link_path) == 0);
	p.path = link_path;
	p.create_size = 1 << 20;
	CHECK(rl_shm_open("file", &p) == NULL);
	CHECK_HAS(logged.text, "symbolic link");
	CHECK_EQ_U64(file_size(target), 7); /* untouched */

	/* An existing file of ours in a loose mode is brought to 0660. */
	log_reset();
	p.path = path;
	chmod(path, 0644);
	a = rl_shm_open("file", &p);
	CHECK(a != NULL);
	CHECK(stat(path, &st) == 0 && (st.st_mode & 07777) == 0660);
	CHECK_HAS(logged.text, "was mode 0644: now 0660");
	rl_shm_close(a);

	/* A client warns when every local user can read the region. */
	log_reset();
	chmod(path, 0644);
	p.create_size = 0;
	a = rl_shm_open("file", &p);
	CHECK(a != NULL);
	CHECK_HAS(logged.text, "is readable by every local user (mode 0644)");
	CHECK_HAS(logged.text, "tmpfiles rule");
	rl_shm_close(a);
	log_reset();
	chmod(path, 0660);
	a = rl_shm_open("file", &p);
	CHECK(a != NULL && !strstr(logged.text, "every local user"));
	rl_shm_close(a);

	/* Another user's file: refused unless allowed (needs root to chown). */
	if (geteuid() == 0) {
		log_reset();
		CHECK(chown(path, 65534, 65534) == 0);
		p.create_size = 1 << 20;
		CHECK(rl_shm_open("file", &p) == NULL);
		CHECK_HAS(logged.text, "belongs to uid 65534, not to this user");
		p.allow_foreign = true;
		a = rl_shm_open("file", &p);
		CHECK(a != NULL);
		rl_shm_close(a);
		p.allow_foreign = false;
		CHECK(chown(path, 0, 0) == 0);
	} else {
		printf("test_shm: not root: the foreign-owner case is not run\n");
	}
	p.create_size = 0;

	/* no path */
	log_reset();
	p.path = "";
	CHECK(rl_shm_open("file", &p) == NULL);
	CHECK_HAS(logged.text, "no shared-memory file given");
}

static void test_sources(void)
{
	/* priority order: kvmfr, pci, file (the catch-all) last */
	CHECK(rl_shm_sources[0] == &rl_shm_kvmfr);
	CHECK(rl_shm_sources[1] == &rl_shm_pci);
	CHECK(rl_shm_sources[2] == &rl_shm_file);
	CHECK(rl_shm_sources[3] == NULL);
	for (size_t i = 0; rl_shm_sources[i]; i++) {
		CHECK(rl_shm_sources[i]->name && rl_shm_sources[i]->open &&
		      rl_shm_sources[i]->close && rl_shm_sources[i]->matches);
	}
	CHECK(rl_shm_file.export_dmabuf == NULL);
	CHECK(rl_shm_kvmfr.export_dmabuf != NULL);

	log_reset();
	struct rl_shm_params p = { .path = path_in_tmp("region"), .log = &test_log };
	CHECK(rl_shm_open("ivshmem", &p) == NULL);
	CHECK_HAS(logged.text, "unknown shared-memory source 'ivshmem' (valid: auto, "
		  "kvmfr, pci, file)");

	/* auto picks by path */
	log_reset();
	p.path = "/dev/kvmfr-relay-test-does-not-exist";
	CHECK(rl_shm_open("auto", &p) == NULL);
	CHECK_HAS(logged.text, "is the kvmfr module loaded?");
}

static void test_kvmfr(void)
{
	CHECK(rl_shm_kvmfr.matches("/dev/kvmfr0"));
	CHECK(rl_shm_kvmfr.matches("/dev/kvmfr12"));
	CHECK(!rl_shm_kvmfr.matches("/dev/shm/kvmfr0"));
	CHECK(!rl_shm_kvmfr.matches("kvmfr0"));
	CHECK(!rl_shm_kvmfr.matches("pci"));
	CHECK(rl_shm_file.matches("/dev/shm/anything"));

	/* QEMU made a plain file where the device should be: refuse, and say why */
	log_reset();
	char *path = path_in_tmp("kvmfr0");
	write_text(path, "not a device");
	struct rl_shm_params p = { .path = path, .log = &test_log };
	CHECK(rl_shm_kvmfr.open(&p) == NULL);
	CHECK_HAS(logged.text, "kvmfr0 is a regular file, not the kvmfr device: the kvmfr "
		  "module was probably not loaded when the VM started");
	CHECK(rl_shm_open("kvmfr", &p) == NULL);

	/* a character device that is not kvmfr */
	log_reset();
	p.path = "/dev/null";
	CHECK(rl_shm_kvmfr.open(&p) == NULL);
	CHECK_HAS(logged.text, "/dev/null: KVMFR_DMABUF_GETSIZE failed");

	/* DMA-buf range checks happen before the ioctl */
	struct rl_shm fake = { .impl = &rl_shm_kvmfr, .size = 1 << 20, .fd = -1 };
	long page = sysconf(_SC_PAGESIZE);
	uint64_t pg = (uint64_t)page;
	CHECK(rl_shm_kvmfr.export_dmabuf(&fake, 0, 0) == -EINVAL);
	CHECK(rl_shm_kvmfr.export_dmabuf(&fake, 1, pg) == -EINVAL);
	CHECK(rl_shm_kvmfr.export_dmabuf(&fake, 0, pg + 1) == -EINVAL);
	CHECK(rl_shm_kvmfr.export_dmabuf(&fake, UINT64_MAX - pg + 1, 2 * pg) == -EOVERFLOW);
	CHECK(rl_shm_kvmfr.export_dmabuf(&fake, 1 << 20, pg) == -ERANGE);
	CHECK(rl_shm_kvmfr.export_dmabuf(&fake, (1 << 20) - pg, 2 * pg) == -ERANGE);
	/* valid arguments reach the ioctl: here on fd -1 */
	CHECK(rl_shm_kvmfr.export_dmabuf(&fake, 0, 1 << 20) == -EBADF);
}

/* One fake PCI device: vendor/device files and optionally a BAR2 file. */
static void fake_device(const char *devices, const char *addr, const char *vendor,
			const char *device, size_t bar_size)
{
	char path[512];
	snprintf(path, sizeof(path), "%s/%s", devices, addr);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/%s/vendor", devices, addr);
	write_text(path, vendor);
	snprintf(path, sizeof(path), "%s/%s/device", devices, addr);
	write_text(path, device);
	if (bar_size) {
		snprintf(path, sizeof(path), "%s/%s/resource2", devices, addr);
		int fd = open(path, O_RDWR | O_CREAT, 0600);
		CHECK(fd >= 0 && ftruncate(fd, (off_t)bar_size) == 0);
		close(fd);
	}
}

static void test_pci(void)
{
	CHECK(rl_shm_pci.matches("pci"));
	CHECK(rl_shm_pci.matches("pci:0000:00:05.0"));
	CHECK(!rl_shm_pci.matches("pcix"));
	CHECK(!rl_shm_pci.matches("/dev/pci"));
	CHECK(!rl_shm_pci.matches("/sys/bus/pci/devices/0000:00:05.0/resource2"));

	char devices[512];
	snprintf(devices, sizeof(devices), "%s", path_in_tmp("devices"));
	mkdir(devices, 0755);
	struct rl_shm_params p = { .path = "pci", .log = &test_log };

	/* an empty bus */
	log_reset();
	CHECK(rl_shm_pci_open_at(devices, &p) == NULL);
	CHECK_HAS(logged.text, "no ivshmem PCI device (1af4:1110)");
	CHECK_HAS(logged.text, "is empty");

	/* no ivshmem among others: the error lists what was looked at */
	fake_device(devices, "0000:00:01.0", "0x8086\n", "0x1234\n", 0);
	fake_device(devices, "0000:00:02.0", "0x1af4\n", "0x1041\n", 4096);
	log_reset();
	CHECK(rl_shm_pci_open_at(devices, &p) == NULL);
	CHECK_HAS(logged.text, "no ivshmem PCI device (1af4:1110) among the 2 in");
	CHECK_HAS(logged.text, "0000:00:01.0 8086:1234, 0000:00:02.0 1af4:1041");

	/* two ivshmem devices: "pci" takes the lowest address and says so */
	fake_device(devices, "0000:00:07.0", "0x1af4\n", "0x1110\n", 64 << 10);
	fake_device(devices, "0000:00:05.0", "0x1af4\n", "0x1110\n", 32 << 10);
	log_reset();
	struct rl_shm *shm = rl_shm_pci_open_at(devices, &p);
	CHECK(shm != NULL);
	CHECK_HAS(logged.text, "2 ivshmem devices found; using the first, 0000:00:05.0");
	if (shm) {
		CHECK(shm->impl == &rl_shm_pci);
		CHECK_EQ_U64(shm->size, 32 << 10);
		CHECK(strcmp(shm->desc, "pci 0000:00:05.0 (32 KiB)") == 0);
		/* the mapping is the BAR file */
		memcpy(shm->base + 100, "bar2", 4);
		char back[4] = { 0 };
		char bar[600];
		snprintf(bar, sizeof(bar), "%s/0000:00:05.0/resource2", devices);
		int fd = open(bar, O_RDONLY);
		CHECK(fd >= 0 && pread(fd, back, 4, 100) == 4);
		close(fd);
		CHECK(memcmp(back, "bar2", 4) == 0);
		rl_shm_close(shm);
	}

	/* a named device, with or without the domain */
	p.path = "pci:00:07.0";
	shm = rl_shm_pci_open_at(devices, &p);
	CHECK(shm && shm->size == 64 << 10);
	if (shm)
		CHECK(strcmp(shm->desc, "pci 0000:00:07.0 (64 KiB)") == 0);
	rl_shm_close(shm);
	p.path = "pci:0000:00:07.0";
	shm = rl_shm_pci_open_at(devices, &p);
	CHECK(shm && shm->size == 64 << 10);
	rl_shm_close(shm);

	log_reset();
	p.path = "pci:0000:00:01.0";
	CHECK(rl_shm_pci_open_at(devices, &p) == NULL);
	CHECK_HAS(logged.text, "PCI device 0000:00:01.0 is 8086:1234, not an ivshmem "
		  "device (1af4:1110)");

	log_reset();
	p.path = "pci:0000:00:09.0";
	CHECK(rl_shm_pci_open_at(devices, &p) == NULL);
	CHECK_HAS(logged.text, "no PCI device 0000:00:09.0 in");

	log_reset();
	p.path = "pci:../../etc";
	CHECK(rl_shm_pci_open_at(devices, &p) == NULL);
	CHECK_HAS(logged.text, "'pci:../../etc' is not a PCI address");

	log_reset();
	p.path = "/dev/shm/x";
	CHECK(rl_shm_pci_open_at(devices, &p) == NULL);
	CHECK_HAS(logged.text, "the pci source takes 'pci' or 'pci:ADDRESS'");

	/* an ivshmem device without BAR2 */
	fake_device(devices, "0000:00:03.0", "0x1af4\n", "0x1110\n", 0);
	log_reset();
	p.path = "pci";
	CHECK(rl_shm_pci_open_at(devices, &p) == NULL);
	CHECK_HAS(logged.text, "0000:00:03.0 has no BAR2");

	/* a missing sysfs */
	log_reset();
	CHECK(rl_shm_pci_open_at(path_in_tmp("nosys"), &p) == NULL);
	CHECK_HAS(logged.text, "cannot list PCI devices in");
}

int main(void)
{
	if (!mkdtemp(tmpdir)) {
		perror("mkdtemp");
		return 1;
	}
	rl_log_init(&test_log, "test-shm");
	test_log.out = NULL;
	test_log.level = RL_LOG_DEBUG;
	test_log.sink = capture_sink;
	test_log.sink_data = &logged;

	test_parse_size();
	test_format_size();
	test_file();
	test_sources();
	test_kvmfr();
	test_pci();

	char cmd[600];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", tmpdir);
	return check_summary();
}
