/* SPDX-License-Identifier: MIT */
/* relay-host: options, logging and signals around rl_host_run(). */
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "host.h"
#include "relay/config.h"
#include "relay/format.h"
#include "relay/options.h"
#include "relay/protocol.h"
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
	int64_t slots;
	int capture;
	int64_t fps_cap;
	bool idle_unwatched;
	int64_t stats_interval;
	int log_level;
	int64_t test_width;
	int64_t test_height;
	int64_t test_fps;
	int test_format;
	int64_t test_resize_every;
	int64_t test_alt_width;
	int64_t test_alt_height;
	char *x11_display;
	int64_t dxgi_adapter;
	int64_t dxgi_output;
	bool dxgi_hdr;
};

static const char *const shm_sources[] = { "auto", "file", "kvmfr", "pci", "ivshmem", NULL };
static const char *const captures[] = { "auto", "test", "x11", "dxgi", NULL };
static const char *const log_levels[] = { "error", "warn", "info", "debug", NULL };
static const char *const test_formats[] = { "bgra", "rgba", NULL };

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
	    "pci* = pci, ivshmem* = ivshmem, anything else = file).", 0, 0, shm_sources),
	OPT("app", "shm-size", 0, RL_OPT_SIZE, shm_size, "0", "SIZE",
	    "Size of the file the host creates or grows (file source only; kvmfr and "
	    "pci regions have the size the VM gave them). 0 = room for `slots` "
	    "frames of 3840x2160 BGRA, or of the capture size when larger.",
	    0, 0, NULL),
	OPT("app", "slots", 0, RL_OPT_INT, slots, "3", "N",
	    "Frame slots in the region; more slots let a slow client skip less.",
	    RL_MIN_SLOTS, RL_MAX_SLOTS, NULL),
	OPT("app", "capture", 'c', RL_OPT_CHOICE, capture, "auto", "BACKEND",
	    "Where frames come from: dxgi (Windows desktop duplication), x11 (an "
	    "X display), test (an animated pattern). auto = the first built-in "
	    "one that can run here: dxgi on Windows, x11 when a display is named "
	    "or $DISPLAY is set, else test.",
	    0, 0, captures),
	OPT("app", "fps-cap", 0, RL_OPT_INT, fps_cap, "0", "FPS",
	    "Publish at most this many frames per second (0 = as fast as the "
	    "source changes).", 0, 1000, NULL),
	OPT("app", "idle-unwatched", 0, RL_OPT_BOOL, idle_unwatched, "yes", NULL,
	    "Pause capture while no client has signalled it is watching for 1 s "
	    "(the heartbeat continues; the next frame after a pause is complete). "
	    "Turn off for benchmarks.", 0, 0, NULL),
	OPT("app", "stats-interval", 0, RL_OPT_INT, stats_interval, "5", "SECONDS",
	    "Log frame rate, bytes per frame and damaged share at info level this "
	    "often (0 = never).", 0, 3600, NULL),
	OPT("app", "log-level", 'v', RL_OPT_CHOICE, log_level, "info", "LEVEL",
	    "Messages to print on stderr.", 0, 0, log_levels),
	OPT("test", "test-width", 0, RL_OPT_INT, test_width, "1920", "PIXELS",
	    "Width of the test pattern.", 16, RL_MAX_DIM, NULL),
	OPT("test", "test-height", 0, RL_OPT_INT, test_height, "1080", "PIXELS",
	    "Height of the test pattern.", 16, RL_MAX_DIM, NULL),
	OPT("test", "test-fps", 0, RL_OPT_INT, test_fps, "60", "FPS",
	    "Frames per second the test pattern produces.", 1, 1000, NULL),
	OPT("test", "test-format", 0, RL_OPT_CHOICE, test_format, "bgra", "FORMAT",
	    "Pixel format of the test pattern.", 0, 0, test_formats),
	OPT("test", "test-resize-every", 0, RL_OPT_INT, test_resize_every, "0", "FRAMES",
	    "Switch between test-width x test-height and test-alt-width x "
	    "test-alt-height every N frames, to exercise resolution changes "
	    "(0 = never).", 0, 1000000, NULL),
	OPT("test", "test-alt-width", 0, RL_OPT_INT, test_alt_width, "1280", "PIXELS",
	    "Width used by test-resize-every.", 16, RL_MAX_DIM, NULL),
	OPT("test", "test-alt-height", 0, RL_OPT_INT, test_alt_height, "720", "PIXELS",
	    "Height used by test-resize-every.", 16, RL_MAX_DIM, NULL),
	OPT("x11", "x11-display", 0, RL_OPT_STRING, x11_display, NULL, "DISPLAY",
	    "X display to capture, e.g. :0 (default: $DISPLAY).", 0, 0, NULL),
#if RL_HAS_CAPTURE_DXGI
	OPT("dxgi", "dxgi-adapter", 0, RL_OPT_INT, dxgi_adapter, "-1", "INDEX",
	    "Graphics adapter to capture from, as numbered in the log (-1 = the "
	    "first with an output).", -1, 64, NULL),
	OPT("dxgi", "dxgi-output", 0, RL_OPT_INT, dxgi_output, "0", "INDEX",
	    "Output (monitor) of that adapter, as numbered in the log.", 0, 64, NULL),
	OPT("dxgi", "dxgi-hdr", 0, RL_OPT_BOOL, dxgi_hdr, "no", NULL,
	    "Offer 10-bit and half-float formats to desktop duplication so an HDR "
	    "desktop is published as RGBA10/RGBA16F (default: 8-bit BGRA).", 0, 0, NULL),
#endif
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

static void settings_from_config(const struct host_config *c,
				 struct rl_host_settings *s)
{
	uint32_t format = RL_FMT_BGRA8;

	rl_format_parse(test_formats[c->test_format], &format);
	*s = (struct rl_host_settings){
		.shm_file = c->shm_file,
		.shm_source = shm_sources[c->shm_source],
		.shm_size = c->shm_size,
		.slots = (uint32_t)c->slots,
		.capture = captures[c->capture],
		.fps_cap = (uint32_t)c->fps_cap,
		.idle_unwatched = c->idle_unwatched,
		.stats_interval_ns = (uint64_t)c->stats_interval * RL_NS_PER_S,
		.capture_params = {
			.test = {
				.width = (uint32_t)c->test_width,
				.height = (uint32_t)c->test_height,
				.fps = (uint32_t)c->test_fps,
				.format = format,
				.resize_every = (uint32_t)c->test_resize_every,
				.alt_width = (uint32_t)c->test_alt_width,
				.alt_height = (uint32_t)c->test_alt_height,
			},
			.x11 = { .display = c->x11_display },
			.dxgi = {
				.adapter = (int32_t)c->dxgi_adapter,
				.output = (int32_t)c->dxgi_output,
				.hdr = c->dxgi_hdr,
			},
		},
	};
}

int main(int argc, char **argv)
{
	struct rl_log log;
	struct host_config cfg;
	struct rl_host_settings settings;
	char *default_config = rl_opts_default_config_path("host.ini");
	const struct rl_opts_spec spec = {
		.program = "relay-host",
		.version = RELAY_VERSION,
		.summary = "Capture a display (or an animated test pattern) and publish "
			   "its frames, damage rectangles and cursor into shared memory "
			   "for relay-client. Exit status: 0 stopped by SIGINT/SIGTERM, "
			   "1 runtime error, 2 bad usage or configuration, 3 shared memory "
			   "too small for a frame (the message says the size needed), "
			   "4 capture failed.",
		.opts = host_opts,
		.count = sizeof(host_opts) / sizeof(host_opts[0]),
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
	switch (rl_opts_parse(&spec, &cfg, argc, argv, stdout, stderr)) {
	case RL_OPTS_OK:
		break;
	case RL_OPTS_EXIT:
		free(default_config);
		return RL_HOST_EXIT_OK;
	case RL_OPTS_ERROR:
	default:
		free(default_config);
		return RL_HOST_EXIT_USAGE;
	}
	log.level = (enum rl_log_level)cfg.log_level;
	settings_from_config(&cfg, &settings);

	if (!install_signals(&log)) {
		rc = RL_HOST_EXIT_RUNTIME;
		goto out;
	}
	rl_time_precise_sleep();
	rc = rl_host_run(&settings, &log, &stop_requested);
out:
	rl_opts_free(&spec, &cfg);
	free(default_config);
	return rc;
}
