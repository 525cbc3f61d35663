/* SPDX-License-Identifier: MIT */
/* relay-host: options, logging and signals around rl_host_run(). */
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "host.h"
#include "relay/config.h"
#include "relay/fault.h"
#include "relay/options.h"
#include "relay/protocol.h"
#include "relay/shm.h"
#include "relay/time.h"
#ifdef _WIN32
#include "service.h"
#include "stop.h"
#endif

/* Typed as rl_opts_parse stores them (see relay/options.h). */
struct host_config {
	char *shm_file;
	int shm_source;
	uint64_t shm_size;
	bool shm_allow_foreign;
	int64_t slots;
	int capture;
	int64_t fps_cap;
	bool idle_unwatched;
	uint64_t stats_interval_ns;
	int log_level;
};

static const char *const log_levels[] = { "error", "warn", "info", "debug", NULL };

#define OPT(sec, nm, sh, ty, field, df, ar, hl, lo, hi, ch) \
	{ sec, nm, sh, ty, offsetof(struct host_config, field), df, ar, hl, lo, hi, ch }

static const struct rl_opt host_opts[] = {
	OPT("app", "shm-file", 'f', RL_OPT_STRING, shm_file, "/dev/shm/relay", "PATH",
	    "Shared memory to publish into: a file (normally under /dev/shm, the "
	    "mem-path of QEMU's ivshmem memory backend), /dev/kvmfrN, or \"pci\" / "
	    "\"pci:0000:00:05.0\" for an ivshmem PCI device inside a Linux VM; in a "
	    "Windows VM \"ivshmem\", \"ivshmem:N\" or \"ivshmem:BUS:DEV.FN\" (the "
	    "virtio-win IVSHMEM driver).",
	    0, 0, NULL),
	OPT("app", "shm-source", 0, RL_OPT_CHOICE, shm_source, "auto", "SOURCE",
	    "How to open shm-file; auto decides from the path (/dev/kvmfr* = kvmfr, "
	    "pci* = pci, ivshmem* = ivshmem, anything else = file).", 0, 0, NULL),
	OPT("app", "shm-size", 0, RL_OPT_SIZE, shm_size, "0", "SIZE",
	    "Size of the file the host creates or grows (file source only; kvmfr and "
	    "pci regions have the size the VM gave them). 0 = room for `slots` "
	    "frames of 3840x2160 BGRA, or of the capture size when larger.",
	    0, 0, NULL),
	OPT("app", "shm-allow-foreign", 0, RL_OPT_BOOL, shm_allow_foreign, "no", NULL,
	    "Publish into an existing shm-file that another user owns (e.g. QEMU's own "
	    "file). Off, such a file is refused: whoever created it could read the "
	    "guest's screen.", 0, 0, NULL),
	OPT("app", "slots", 0, RL_OPT_INT, slots, "3", "N",
	    "Frame slots in the region; more slots let a slow client skip less.",
	    RL_MIN_SLOTS, RL_MAX_SLOTS, NULL),
	OPT("app", "capture", 'c', RL_OPT_CHOICE, capture, "auto", "BACKEND",
	    "Where frames come from: dxgi (Windows desktop duplication), x11 (an "
	    "X display), test (an animated pattern). auto = the first built-in "
	    "one that can run here: dxgi on Windows, x11 when a display is named "
	    "or $DISPLAY is set, else test.",
	    0, 0, NULL),
	OPT("app", "fps-cap", 0, RL_OPT_INT, fps_cap, "0", "FPS",
	    "Publish at most this many frames per second (0 = as fast as the "
	    "source changes).", 0, 1000, NULL),
	OPT("app", "idle-unwatched", 0, RL_OPT_BOOL, idle_unwatched, "yes", NULL,
	    "Pause capture while no client has signalled it is watching for 1 s "
	    "(the heartbeat continues; the next frame after a pause is complete). "
	    "Turn off for benchmarks.", 0, 0, NULL),
	OPT("app", "stats-interval", 0, RL_OPT_SECONDS, stats_interval_ns, "5", "SECONDS",
	    "Log frame rate, bytes per frame and damaged share at info level this "
	    "often (fractions allowed; 0 = never).", 0, 3600, NULL),
	OPT("app", "log-level", 'v', RL_OPT_CHOICE, log_level, "info", "LEVEL",
	    "Messages to print on stderr.", 0, 0, log_levels),
};

static volatile sig_atomic_t stop_requested;

static void on_stop_signal(int sig)
{
	(void)sig;
	stop_requested = 1;
}

static bool install_signals(const struct rl_log *log)
{
#ifdef _WIN32
	(void)on_stop_signal;
	return rl_win_stop_handlers(&stop_requested, log);
#else
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_stop_signal;
	sigemptyset(&sa.sa_mask);
	/* No SA_RESTART: a blocking wait returns EINTR and the loop sees the flag. */
	if (sigaction(SIGINT, &sa, NULL) < 0 || sigaction(SIGTERM, &sa, NULL) < 0) {
		rl_err(log, "cannot install signal handlers");
		return false;
	}
	return true;
#endif
}

/*
 * The choices that come from registries, and the capture backends' own
 * options: filled in once, before parsing.
 */
#define MAX_NAMES 16

struct registry_options {
	const char *shm_sources[MAX_NAMES];
	const char *captures[MAX_NAMES];
	const struct rl_opt_group *groups[RL_OPTS_MAX_GROUPS];
	const void *configs[RL_OPTS_MAX_GROUPS]; /* after parsing */
	size_t ngroups;
};

static void registry_options(struct registry_options *r)
{
	memset(r, 0, sizeof(*r));
	rl_shm_source_names(r->shm_sources, MAX_NAMES);
	rl_capture_names(r->captures, MAX_NAMES);
	for (size_t i = 0; rl_capture_backends[i] && r->ngroups < RL_OPTS_MAX_GROUPS; i++)
		r->groups[r->ngroups++] = rl_capture_backends[i]->options;
}

static void settings_from_config(const struct host_config *c, struct registry_options *r,
				 const struct rl_opts_set *set, struct rl_host_settings *s)
{
	for (size_t i = 0; i < r->ngroups; i++)
		r->configs[i] = r->groups[i] ? rl_opts_set_group(set, i) : NULL;
	*s = (struct rl_host_settings){
		.shm_file = c->shm_file,
		.shm_source = r->shm_sources[c->shm_source],
		.shm_size = c->shm_size,
		.shm_allow_foreign = c->shm_allow_foreign,
		.slots = (uint32_t)c->slots,
		.capture = r->captures[c->capture],
		.fps_cap = (uint32_t)c->fps_cap,
		.idle_unwatched = c->idle_unwatched,
		.stats_interval_ns = c->stats_interval_ns,
		.capture_configs = r->configs,
	};
}

int main(int argc, char **argv)
{
	struct rl_log log;
	struct registry_options reg;
	struct rl_opts_set set;
	const struct host_config *cfg;
	struct rl_host_settings settings;
	char *default_config = rl_opts_default_config_path("host.ini");
	struct rl_opts_spec spec = {
		.program = "relay-host",
		.version = RELAY_VERSION,
		.summary = "Capture a display (or an animated test pattern) and publish "
			   "its frames, damage rectangles and cursor into shared memory "
			   "for relay-client. Exit status: 0 stopped by SIGINT/SIGTERM, "
			   "1 runtime error, 2 bad usage or configuration, 3 shared memory "
			   "too small for a frame (the message says the size needed), "
			   "4 capture failed.",
		.default_config = default_config,
	};
	int rc;

	rl_log_init(&log, "relay-host");
#ifdef _WIN32
	/* msvcrt fully buffers a redirected stderr: log lines must leave at once. */
	setvbuf(stderr, NULL, _IONBF, 0);
#endif
#ifdef _WIN32
	/* --install-service, --uninstall-service, --service: see service.h. */
	if (rl_win_service_command(argc, argv, &log, &rc)) {
		free(default_config);
		return rc;
	}
#endif
	registry_options(&reg);
	if (!rl_opts_set_init(&set, host_opts, sizeof(host_opts) / sizeof(host_opts[0]),
			      sizeof(struct host_config), reg.groups, reg.ngroups)) {
		free(default_config);
		return RL_HOST_EXIT_RUNTIME;
	}
	rl_opts_set_choices(&set, "shm-source", reg.shm_sources);
	rl_opts_set_choices(&set, "capture", reg.captures);
	spec.opts = set.opts;
	spec.count = set.count;
	cfg = set.config;
	switch (rl_opts_parse(&spec, set.config, argc, argv, stdout, stderr)) {
	case RL_OPTS_OK:
		break;
	case RL_OPTS_EXIT:
		rc = RL_HOST_EXIT_OK;
		goto out_set;
	case RL_OPTS_ERROR:
	default:
		rc = RL_HOST_EXIT_USAGE;
		goto out_set;
	}
	log.level = (enum rl_log_level)cfg->log_level;
	settings_from_config(cfg, &reg, &set, &settings);

	if (!install_signals(&log) || !rl_fault_install(&log)) {
		rc = RL_HOST_EXIT_RUNTIME;
		goto out;
	}
	rl_time_precise_sleep();
	rc = rl_host_run(&settings, &log, &stop_requested);
out:
	rl_opts_free(&spec, set.config);
out_set:
	rl_opts_set_finish(&set);
	free(default_config);
	return rc;
}
