/* SPDX-License-Identifier: MIT */
/* relay-client: options, the shared memory, the client core and a view. */
#include <errno.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>

#include "client.h"
#include "image.h"
#include "relay/config.h"
#include "relay/format.h"
#include "relay/options.h"
#include "relay/protocol.h"
#include "relay/shm.h"
#include "relay/time.h"
#include "view/headless.h"

#define RL_STR_(x) #x
#define RL_STR(x) RL_STR_(x)

enum exit_code {
	EXIT_OK = 0,
	EXIT_RUNTIME = 1,
	EXIT_USAGE = 2,
	EXIT_TIMEOUT = 3,
};

struct client_config {
	char *shm_file;
	int shm_source;
	int log_level;
	int64_t host_timeout_ms;
	int64_t poll_us;
	int64_t idle_poll_us;
	int64_t stats_interval_ms;
	bool headless;
	int64_t frames;
	char *dump_frame;
	bool print_frames;
	int64_t timeout_s;
};

static const char *const shm_sources[] = { "auto", "file", "kvmfr", "pci", NULL };
static const char *const log_levels[] = { "error", "warn", "info", "debug", NULL };

#define OPT(sec, name, sh, type, field, def, arg, help, min, max, choices) \
	{ sec, name, sh, type, offsetof(struct client_config, field), def, arg, help, min, max, choices }

static const struct rl_opt client_opts[] = {
	OPT("app", "shm-file", 'f', RL_OPT_STRING, shm_file, "/dev/shm/relay", "PATH",
	    "Shared memory to read: a file (QEMU's ivshmem memory-backend-file), /dev/kvmfrN, or pci / pci:ADDRESS for an ivshmem BAR inside a VM.",
	    0, 0, NULL),
	OPT("app", "shm-source", 0, RL_OPT_CHOICE, shm_source, "auto", "SOURCE",
	    "How to open shm-file; auto picks kvmfr for /dev/kvmfr*, pci for pci[:ADDRESS], else file.",
	    0, 0, shm_sources),
	OPT("app", "log-level", 0, RL_OPT_CHOICE, log_level, "info", "LEVEL",
	    "How much to log.", 0, 0, log_levels),
	OPT("app", "host-timeout", 0, RL_OPT_INT, host_timeout_ms, "500", "MS",
	    "Declare the host stopped when its heartbeat has not moved for this long.",
	    100, 60000, NULL),
	OPT("app", "poll-us", 0, RL_OPT_INT, poll_us, "20", "US",
	    "Polling interval while a frame is due (0 = spin; lowest latency, one busy core).",
	    0, 100000, NULL),
	OPT("app", "idle-poll-us", 0, RL_OPT_INT, idle_poll_us, "2000", "US",
	    "Polling interval when no frames flow (bounds the latency of the first frame after a pause).",
	    50, 1000000, NULL),
	OPT("app", "stats-interval", 0, RL_OPT_INT, stats_interval_ms, "1000", "MS",
	    "Print a stats line this often (0 = never).", 0, 3600000, NULL),
	OPT("headless", "headless", 'H', RL_OPT_BOOL, headless, "no", NULL,
	    "Run without a window: receive frames, print status and stats, optionally dump a frame.",
	    0, 0, NULL),
	OPT("headless", "frames", 'n', RL_OPT_INT, frames, "0", "N",
	    "Exit after receiving N new frames (0 = run until interrupted).", 0, 1000000000, NULL),
	OPT("headless", "dump-frame", 'o', RL_OPT_STRING, dump_frame, NULL, "FILE",
	    "On exit, write the last frame received to FILE (.png or .ppm).", 0, 0, NULL),
	OPT("headless", "print-frames", 0, RL_OPT_BOOL, print_frames, "no", NULL,
	    "Print one line per frame (serial, size, format, damage rects, skipped) and cursor updates.",
	    0, 0, NULL),
	OPT("headless", "timeout", 't', RL_OPT_INT, timeout_s, "0", "SECONDS",
	    "Give up with exit code 3 if --frames are not received in time (0 = wait forever).",
	    0, 86400, NULL),
};

static const struct rl_opts_spec client_spec = {
	.program = "relay-client",
	.version = RELAY_VERSION " (protocol " RL_STR(RL_PROTO_MAJOR) "." RL_STR(RL_PROTO_MINOR) ")",
	.summary = "Shows a virtual machine's screen that relay-host publishes in shared memory. "
		   "Until the window lands, run it with --headless: it follows the host, receives "
		   "frames and the cursor, prints stats and can dump a frame to an image. "
		   "Exit codes: 0 done, 1 runtime error, 2 usage error, 3 timed out.",
	.opts = client_opts,
	.count = sizeof(client_opts) / sizeof(client_opts[0]),
	.default_config = NULL,
};

static volatile sig_atomic_t stop_requested; /* the one global: set by signals */

static void on_signal(int sig)
{
	(void)sig;
	stop_requested = 1;
}

static double cpu_seconds(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return (double)ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 +
	       (double)ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
}

struct stats_window {
	uint64_t t_ns;
	double cpu;
	struct rl_client_stats client;
	struct rl_consumer_stats ring;
};

static void print_stats(const struct rl_client *c, struct stats_window *prev,
			uint64_t now_ns, const struct rl_log *log)
{
	const struct rl_consumer_stats *r = &c->consumer.stats;
	double dt = (double)(now_ns - prev->t_ns) / 1e9;
	double cpu = cpu_seconds();
	uint64_t frames = c->stats.frames - prev->client.frames;

	if (dt <= 0)
		return;
	rl_info(log, "stats: %.1f ups, skipped %llu, torn %llu, rejected %llu, copied %.1f MB/s, host capture->publish %.2f ms, copy %.3f ms, cpu %.1f%%",
		frames / dt,
		(unsigned long long)(r->skipped - prev->ring.skipped),
		(unsigned long long)(r->torn - prev->ring.torn),
		(unsigned long long)(r->rejected - prev->ring.rejected),
		(double)(r->bytes_copied - prev->ring.bytes_copied) / dt / 1e6,
		frames ? (double)(c->stats.host_latency_ns_total - prev->client.host_latency_ns_total) / frames / 1e6 : 0.0,
		frames ? (double)(c->stats.copy_ns_total - prev->client.copy_ns_total) / frames / 1e6 : 0.0,
		(cpu - prev->cpu) / dt * 100.0);
	prev->t_ns = now_ns;
	prev->cpu = cpu;
	prev->client = c->stats;
	prev->ring = *r;
}

static int run_headless(const struct client_config *cfg, struct rl_shm *shm,
			const struct rl_log *log)
{
	struct rl_client_params params = {
		.host_timeout_ns = (uint64_t)cfg->host_timeout_ms * RL_NS_PER_MS,
		.poll_ns = (uint64_t)cfg->poll_us * RL_NS_PER_US,
		.idle_poll_ns = (uint64_t)cfg->idle_poll_us * RL_NS_PER_US,
	};
	struct rl_headless view = {
		.log = log,
		.out = stdout,
		.print_frames = cfg->print_frames,
		.frames_wanted = (uint64_t)cfg->frames,
	};
	struct rl_client *c = rl_client_create(&params, shm, log, &rl_view_headless, &view);
	uint64_t start = rl_time_ns();
	uint64_t deadline = cfg->timeout_s ? start + (uint64_t)cfg->timeout_s * RL_NS_PER_S : 0;
	uint64_t stats_ns = (uint64_t)cfg->stats_interval_ms * RL_NS_PER_MS;
	struct stats_window win = { start, cpu_seconds(), { 0 }, { 0 } };
	int rc = EXIT_OK;

	if (!c)
		return EXIT_RUNTIME;
	rl_time_precise_sleep();
	while (!stop_requested && !view.done) {
		uint64_t now = rl_time_ns();

		if (deadline && now >= deadline) {
			rl_err(log, "timed out after %lld s with %llu of %lld frames (%s)",
			       (long long)cfg->timeout_s,
			       (unsigned long long)view.frames_seen,
			       (long long)cfg->frames, c->consumer.message);
			rc = EXIT_TIMEOUT;
			break;
		}
		uint64_t wait = rl_client_poll(c, now);

		if (stats_ns && now - win.t_ns >= stats_ns)
			print_stats(c, &win, now, log);
		if (!view.done)
			rl_sleep_ns(wait);
	}
	if (cfg->dump_frame) {
		if (!view.last) {
			rl_err(log, "no frame received: %s not written", cfg->dump_frame);
			if (rc == EXIT_OK)
				rc = EXIT_RUNTIME;
		} else if (rl_image_write(cfg->dump_frame, view.last, log)) {
			rl_info(log, "wrote frame %llu (%ux%u) to %s",
				(unsigned long long)view.last->serial,
				view.last->width, view.last->height, cfg->dump_frame);
		} else if (rc == EXIT_OK) {
			rc = EXIT_RUNTIME;
		}
	}
	rl_client_destroy(c);
	return rc;
}

/*
 * A host that creates its own file (relay-host on Linux) may start after
 * the client: while a plain path does not exist yet, or exists but is
 * still empty, say so once and wait. Devices and pci paths must exist.
 */
static int wait_for_region(const struct client_config *cfg,
			   const struct rl_log *log)
{
	const char *src = shm_sources[cfg->shm_source];
	uint64_t deadline = cfg->timeout_s ?
			    rl_time_ns() + (uint64_t)cfg->timeout_s * RL_NS_PER_S : 0;
	bool told = false;
	struct stat st;

	if (strcmp(src, "file") != 0 &&
	    (strcmp(src, "auto") != 0 || strncmp(cfg->shm_file, "/dev/kvmfr", 10) == 0 ||
	     strncmp(cfg->shm_file, "pci", 3) == 0))
		return EXIT_OK;
	while (!stop_requested) {
		bool missing = stat(cfg->shm_file, &st) != 0;

		if (missing && errno != ENOENT)
			return EXIT_OK; /* opening it will say what is wrong */
		if (!missing && st.st_size > 0)
			return EXIT_OK;
		if (!told) {
			rl_info(log, "waiting for host: %s %s", cfg->shm_file,
				missing ? "does not exist yet" : "is still empty");
			told = true;
		}
		if (deadline && rl_time_ns() >= deadline) {
			rl_err(log, "timed out after %lld s waiting for %s to appear",
			       (long long)cfg->timeout_s, cfg->shm_file);
			return EXIT_TIMEOUT;
		}
		rl_sleep_ns(100 * RL_NS_PER_MS);
	}
	return EXIT_OK;
}

int main(int argc, char **argv)
{
	struct client_config cfg;
	struct rl_log log;
	struct rl_shm *shm;
	char *config_path = rl_opts_default_config_path("client.ini");
	struct rl_opts_spec spec = client_spec;
	int rc;

	memset(&cfg, 0, sizeof(cfg));
	rl_log_init(&log, "relay-client");
	spec.default_config = config_path;
	switch (rl_opts_parse(&spec, &cfg, argc, argv, stdout, stderr)) {
	case RL_OPTS_OK:
		break;
	case RL_OPTS_EXIT:
		free(config_path);
		return EXIT_OK;
	default:
		free(config_path);
		return EXIT_USAGE;
	}
	log.level = (enum rl_log_level)cfg.log_level;
	rc = EXIT_USAGE;
	if (cfg.dump_frame && !rl_image_type_ok(cfg.dump_frame)) {
		rl_err(&log, "option --dump-frame: '%s' is not a .ppm%s file",
		       cfg.dump_frame, RL_HAS_PNG ? " or .png" : "");
		goto out;
	}
	if (!cfg.headless) {
		rl_err(&log, "this build has no window yet (the renderer and display backends are not built); run with --headless");
		goto out;
	}

	struct rl_shm_params sp = { cfg.shm_file, 0, &log };

	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	rc = wait_for_region(&cfg, &log);
	if (rc != EXIT_OK || stop_requested)
		goto out;
	shm = rl_shm_open(shm_sources[cfg.shm_source], &sp);
	if (!shm) {
		rc = EXIT_RUNTIME;
		goto out;
	}
	rc = run_headless(&cfg, shm, &log);
	rl_shm_close(shm);
out:
	rl_opts_free(&spec, &cfg);
	free(config_path);
	return rc;
}
