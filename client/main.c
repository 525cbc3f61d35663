/* SPDX-License-Identifier: MIT */
/*
 * relay-client: options, then a view (headless or the window), the client
 * core and the loop that drives them (core/loop.h).
 */
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client.h"
#include "headless.h"
#include "image.h"
#include "loop.h"
#include "relay/config.h"
#include "relay/fault.h"
#include "relay/options.h"
#include "relay/protocol.h"
#include "relay/shm.h"
#include "relay/time.h"
#if RL_HAS_RENDER_EGL
#include "display.h"
#include "input.h"
#include "keybind.h"
#include "render.h"
#include "window.h"
#endif

#define RL_STR_(x) #x
#define RL_STR(x) RL_STR_(x)

enum exit_code {
	EXIT_OK = 0,
	EXIT_RUNTIME = 1,
	EXIT_USAGE = 2,
	EXIT_TIMEOUT = 3,
};

/* Typed as rl_opts_parse stores them (see relay/options.h). */
struct client_config {
	/* [app] */
	char *shm_file;
	int shm_source;
	int log_level;
	int64_t host_timeout_ms;
	int64_t poll_us;
	int64_t idle_poll_us;
	uint64_t stats_interval_ns;
	bool headless;
	/* [run]: how long to run and what to print, with or without a window */
	int64_t frames;
	char *dump_frame;
	bool print_frames;
	int64_t timeout_s;
	/* [win] */
	int display;
	bool fullscreen;
	bool borderless;
	int64_t width;
	int64_t height;
	int scale;
	int filter;
	bool vsync;
	bool dmabuf;
	char *escape_key;
	bool minimize_on_focus_loss;
	bool inhibit_idle;
	bool overlay;
	int input;
};

static const char *const log_levels[] = { "error", "warn", "info", "debug", NULL };
/* In enum rl_scale_mode and enum rl_filter order. */
static const char *const scale_modes[] = { "fit", "integer", "no-upscale", "stretch", NULL };
static const char *const filters[] = { "linear", "nearest", NULL };

#if RL_HAS_DISPLAY_WAYLAND && RL_HAS_DISPLAY_X11
#define WINDOW_FEATURES "; window: wayland x11"
#elif RL_HAS_DISPLAY_WAYLAND
#define WINDOW_FEATURES "; window: wayland"
#elif RL_HAS_DISPLAY_X11
#define WINDOW_FEATURES "; window: x11"
#else
#define WINDOW_FEATURES "; no window"
#endif

#define OPT(sec, name, sh, type, field, def, arg, help, min, max, choices) \
	{ sec, name, sh, type, offsetof(struct client_config, field), def, arg, help, min, max, choices }

static const struct rl_opt client_opts[] = {
	OPT("app", "shm-file", 'f', RL_OPT_STRING, shm_file, "/dev/shm/relay", "PATH",
	    "Shared memory to read: a file (QEMU's ivshmem memory-backend-file), /dev/kvmfrN, or pci / pci:ADDRESS for an ivshmem BAR inside a VM.",
	    0, 0, NULL),
	OPT("app", "shm-source", 0, RL_OPT_CHOICE, shm_source, "auto", "SOURCE",
	    "How to open shm-file; auto picks kvmfr for /dev/kvmfr*, pci for pci[:ADDRESS], else file.",
	    0, 0, NULL),
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
	OPT("app", "stats-interval", 0, RL_OPT_SECONDS, stats_interval_ns, "0", "SECONDS",
	    "Log a stats line this often at info level (fractions allowed; 0 = only at --log-level debug, every second).",
	    0, 3600, NULL),
	OPT("app", "headless", 'H', RL_OPT_BOOL, headless, "no", NULL,
	    "Run without a window: receive frames, print status, optionally dump a frame.",
	    0, 0, NULL),
	OPT("run", "frames", 'n', RL_OPT_INT, frames, "0", "N",
	    "Exit after N new frames were shown (headless: received) (0 = run until interrupted).", 0, 1000000000, NULL),
	OPT("run", "dump-frame", 'o', RL_OPT_STRING, dump_frame, NULL, "FILE",
	    "On exit, write the last frame received to FILE (.png or .ppm).", 0, 0, NULL),
	OPT("run", "print-frames", 0, RL_OPT_BOOL, print_frames, "no", NULL,
	    "Print one line per frame (serial, size, format, damage rects, skipped) and cursor updates.",
	    0, 0, NULL),
	OPT("run", "timeout", 't', RL_OPT_INT, timeout_s, "0", "SECONDS",
	    "Give up with exit code 3 after this long (with --frames: unless they were shown by then; 0 = wait forever).",
	    0, 86400, NULL),
	OPT("win", "display", 0, RL_OPT_CHOICE, display, "auto", "NAME",
	    "Where the window opens: auto (wayland when WAYLAND_DISPLAY is set and built in, else x11), wayland or x11. The RL_DISPLAY environment variable overrides it.",
	    0, 0, NULL),
	OPT("win", "fullscreen", 'F', RL_OPT_BOOL, fullscreen, "no", NULL,
	    "Start fullscreen (escape key + F toggles).", 0, 0, NULL),
	OPT("win", "borderless", 0, RL_OPT_BOOL, borderless, "no", NULL,
	    "A window without decorations.", 0, 0, NULL),
	OPT("win", "width", 0, RL_OPT_INT, width, "1280", "PIXELS",
	    "Initial window width.", 16, 16384, NULL),
	OPT("win", "height", 0, RL_OPT_INT, height, "720", "PIXELS",
	    "Initial window height.", 16, 16384, NULL),
	OPT("win", "scale", 0, RL_OPT_CHOICE, scale, "fit", "MODE",
	    "How the frame fills the window: fit (keep aspect, letterbox), integer (whole multiples), no-upscale (fit, at most 1:1) or stretch.",
	    0, 0, scale_modes),
	OPT("win", "filter", 0, RL_OPT_CHOICE, filter, "linear", "FILTER",
	    "Scaling filter: linear or nearest.", 0, 0, filters),
	OPT("win", "vsync", 0, RL_OPT_BOOL, vsync, "no", NULL,
	    "Wait for the vertical blank on each swap (no tearing, up to one refresh of extra latency).",
	    0, 0, NULL),
	OPT("win", "dmabuf", 0, RL_OPT_BOOL, dmabuf, "yes", NULL,
	    "With /dev/kvmfrN, let the GPU copy frames straight from a DMA-buf of the shared memory (falls back to CPU copies when the import is impossible; always off with --dump-frame).",
	    0, 0, NULL),
	OPT("win", "escape-key", 0, RL_OPT_STRING, escape_key, "scroll-lock", "KEY",
	    "The key (or combination, e.g. ctrl+alt) that toggles input capture alone and, held, takes F (fullscreen), Q (quit), D (stats overlay): scroll-lock, pause, right-ctrl, right-alt, menu, insert, f1..f12, ... or an evdev code; ctrl, alt, shift, meta for either side.",
	    0, 0, NULL),
	OPT("win", "minimize-on-focus-loss", 0, RL_OPT_BOOL, minimize_on_focus_loss, "no", NULL,
	    "Minimise the fullscreen window when it loses focus.", 0, 0, NULL),
	OPT("win", "inhibit-idle", 0, RL_OPT_BOOL, inhibit_idle, "yes", NULL,
	    "Keep the screensaver and display blanking away while the guest is connected.",
	    0, 0, NULL),
	OPT("win", "overlay", 0, RL_OPT_BOOL, overlay, "no", NULL,
	    "Start with the stats overlay shown (escape key + D toggles).", 0, 0, NULL),
	OPT("win", "input", 0, RL_OPT_CHOICE, input, NULL, "BACKEND",
	    "Where keyboard and mouse go: spice (the guest, through its SPICE server) or recorder (logged only, for tests); default: the first listed.",
	    0, 0, NULL),
};

static const struct rl_opts_spec client_spec = {
	.program = "relay-client",
	.version = RELAY_VERSION " (protocol " RL_STR(RL_PROTO_MAJOR) "." RL_STR(RL_PROTO_MINOR)
		   WINDOW_FEATURES ")",
	.summary = "Shows a virtual machine's screen that relay-host publishes in shared memory, "
		   "in a window (Wayland or X11). With --headless it runs without one: it follows "
		   "the host, receives frames and the cursor, and can dump a frame to an image. "
		   "In the window, the escape key (default Scroll Lock) alone toggles "
		   "input capture; held, it takes F (fullscreen), Q (quit) and D (stats overlay). "
		   "Exit codes: 0 done, 1 runtime error, 2 usage error, 3 timed out.",
};

/*
 * The choices that come from registries, and the backends' own options:
 * filled in once, before parsing.
 */
#define MAX_NAMES 16

struct registry_options {
	const char *shm_sources[MAX_NAMES];
	const char *displays[MAX_NAMES];
	const char *inputs[MAX_NAMES];
	const struct rl_opt_group *groups[RL_OPTS_MAX_GROUPS];
	size_t ngroups;
	size_t display_group; /* index of rl_displays[0]'s group */
	size_t input_group;
};

static void registry_options(struct registry_options *r)
{
	memset(r, 0, sizeof(*r));
	rl_shm_source_names(r->shm_sources, MAX_NAMES);
#if RL_HAS_RENDER_EGL
	rl_display_names(r->displays, MAX_NAMES);
	rl_input_names(r->inputs, MAX_NAMES);
	r->display_group = r->ngroups;
	for (size_t i = 0; rl_displays[i] && r->ngroups < RL_OPTS_MAX_GROUPS; i++)
		r->groups[r->ngroups++] = rl_displays[i]->options;
	r->input_group = r->ngroups;
	for (size_t i = 0; rl_inputs[i] && r->ngroups < RL_OPTS_MAX_GROUPS; i++)
		r->groups[r->ngroups++] = rl_inputs[i]->options;
#else
	r->displays[0] = "auto";
	r->inputs[0] = NULL;
#endif
}

static volatile sig_atomic_t stop_requested; /* set by the signal handler only */

static void on_signal(int sig)
{
	(void)sig;
	stop_requested = 1;
}

static void install_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	/* No SA_RESTART: the loop's wait returns and sees the flag. */
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
}

static int dump_frame(const struct client_config *cfg, const struct rl_frame *last,
		      int rc, const struct rl_log *log)
{
	if (!cfg->dump_frame)
		return rc;
	if (!last) {
		rl_err(log, "no frame received: %s not written", cfg->dump_frame);
		return rc == EXIT_OK ? EXIT_RUNTIME : rc;
	}
	if (rl_image_write(cfg->dump_frame, last, log)) {
		rl_info(log, "wrote frame %llu (%ux%u) to %s",
			(unsigned long long)last->serial, last->width, last->height,
			cfg->dump_frame);
		return rc;
	}
	return rc == EXIT_OK ? EXIT_RUNTIME : rc;
}

#if RL_HAS_RENDER_EGL
/*
 * The window's parameters from the options: EXIT_OK, EXIT_USAGE for a bad
 * value, EXIT_RUNTIME when the display cannot be had (all logged).
 */
static int window_params(const struct client_config *cfg, const struct registry_options *r,
			 const struct rl_opts_set *set, struct rl_window_params *wp,
			 const struct rl_log *log)
{
	const char *name = r->displays[cfg->display];
	const char *env = getenv("RL_DISPLAY");
	size_t i;

	memset(wp, 0, sizeof(*wp));
	if (!rl_keybind_escape_from_name(cfg->escape_key, &wp->escape)) {
		rl_err(log, "option --escape-key: '%s' is not a key or a combination of up to three keys (names: %s)",
		       cfg->escape_key, rl_keybind_key_names());
		return EXIT_USAGE;
	}
	if (env && *env) {
		rl_info(log, "RL_DISPLAY=%s overrides --display %s", env, name);
		name = env;
	}
	wp->display_ops = rl_display_find(name, log);
	if (!wp->display_ops)
		return EXIT_RUNTIME;
	for (i = 0; rl_displays[i] != wp->display_ops; i++)
		;
	wp->display_config = rl_opts_set_group(set, r->display_group + i);
	wp->input_ops = rl_inputs[cfg->input];
	wp->input_config = rl_opts_set_group(set, r->input_group + (size_t)cfg->input);
	wp->renderer_ops = &rl_renderer_egl;
	wp->display.title = "relay";
	wp->display.width = (uint32_t)cfg->width;
	wp->display.height = (uint32_t)cfg->height;
	wp->display.fullscreen = cfg->fullscreen;
	wp->display.borderless = cfg->borderless;
	wp->display.vsync = cfg->vsync;
	wp->display.minimize_on_focus_loss = cfg->minimize_on_focus_loss;
	wp->render.scale = (enum rl_scale_mode)cfg->scale;
	wp->render.filter = (enum rl_filter)cfg->filter;
	wp->inhibit_idle = cfg->inhibit_idle;
	wp->overlay = cfg->overlay;
	wp->print_frames = cfg->print_frames ? stdout : NULL;
	return EXIT_OK;
}
#endif

#if RL_HAS_RENDER_EGL
static void on_input_event(void *data, int fd, short revents)
{
	struct rl_input *in = data;

	(void)fd;
	(void)revents;
	in->impl->dispatch(in);
}

/* The input backend's own events (a SPICE session thread) join the loop. */
static bool watch_input(struct rl_loop *loop, struct rl_window *window)
{
	struct rl_input *in = rl_window_input(window);
	int fd = in->impl->event_fd(in);

	return fd < 0 || rl_loop_add_fd(loop, fd, POLLIN, on_input_event, in);
}
#endif

/* The loop's outcome as the exit code. */
static int exit_code(enum rl_loop_result r)
{
	switch (r) {
	case RL_LOOP_STOPPED:
	case RL_LOOP_QUIT:
	case RL_LOOP_DONE:
		return EXIT_OK;
	case RL_LOOP_TIMEOUT:
		return EXIT_TIMEOUT;
	case RL_LOOP_FAILED:
		break;
	}
	return EXIT_RUNTIME;
}

static int run(const struct client_config *cfg, const struct registry_options *r,
	       const struct rl_opts_set *set, const struct rl_log *log)
{
	struct rl_client_params cp = {
		.shm_path = cfg->shm_file,
		.shm_source = r->shm_sources[cfg->shm_source],
		.host_timeout_ns = (uint64_t)cfg->host_timeout_ms * RL_NS_PER_MS,
		.poll_ns = (uint64_t)cfg->poll_us * RL_NS_PER_US,
		.idle_poll_ns = (uint64_t)cfg->idle_poll_us * RL_NS_PER_US,
		/* a dump needs the pixels in memory */
		.dmabuf = cfg->dmabuf && !cfg->dump_frame,
	};
	bool debug = cfg->log_level >= (int)RL_LOG_DEBUG;
	struct rl_loop_params lp = {
		.frames_wanted = (uint64_t)cfg->frames,
		.timeout_ns = (uint64_t)cfg->timeout_s * RL_NS_PER_S,
		.stats_interval_ns = cfg->stats_interval_ns ? cfg->stats_interval_ns :
				     debug ? RL_NS_PER_S : 0,
		.stats_at_debug = !cfg->stats_interval_ns,
		.stop = &stop_requested,
	};
	struct rl_headless headless = { .print_frames = cfg->print_frames ? stdout : NULL };
	const struct rl_view_ops *view_ops = &rl_view_headless;
	void *view = &headless;
	struct rl_client *client;
	struct rl_loop *loop = NULL;
	int rc = EXIT_RUNTIME;
#if RL_HAS_RENDER_EGL
	struct rl_window *window = NULL;

	if (!cfg->headless) {
		struct rl_window_params wp;

		rc = window_params(cfg, r, set, &wp, log);
		if (rc != EXIT_OK)
			return rc;
		window = rl_window_create(&wp, log);
		if (!window)
			return EXIT_RUNTIME;
		view_ops = &rl_view_window;
		view = window;
		rc = EXIT_RUNTIME;
	}
#else
	(void)set;
	if (!cfg->headless) {
		rl_err(log, "this client was built without a window (configure with -DRELAY_RENDER_EGL=ON and a display); run with --headless");
		return EXIT_RUNTIME;
	}
#endif
	client = rl_client_create(&cp, NULL, log, view_ops, view);
	if (client)
		loop = rl_loop_create(client, view_ops, view, &lp, log);
#if RL_HAS_RENDER_EGL
	if (loop && window && !watch_input(loop, window)) {
		rl_loop_destroy(loop);
		loop = NULL;
	}
#endif
	if (loop) {
		rc = exit_code(rl_loop_run(loop));
		rc = dump_frame(cfg, rl_client_last_frame(client), rc, log);
	}
	rl_loop_destroy(loop);
	rl_client_destroy(client);
#if RL_HAS_RENDER_EGL
	rl_window_destroy(window);
#endif
	return rc;
}

int main(int argc, char **argv)
{
	struct registry_options reg;
	struct rl_opts_set set;
	struct rl_opts_spec spec = client_spec;
	const struct client_config *cfg;
	char *config_path = rl_opts_default_config_path("client.ini");
	struct rl_log log;
	int rc = EXIT_USAGE;

	rl_log_init(&log, "relay-client");
	registry_options(&reg);
	if (!rl_opts_set_init(&set, client_opts, sizeof(client_opts) / sizeof(client_opts[0]),
			      sizeof(struct client_config), reg.groups, reg.ngroups)) {
		free(config_path);
		return EXIT_RUNTIME;
	}
	rl_opts_set_choices(&set, "shm-source", reg.shm_sources);
	rl_opts_set_choices(&set, "display", reg.displays);
	rl_opts_set_choices(&set, "input", reg.inputs);
	spec.opts = set.opts;
	spec.count = set.count;
	spec.default_config = config_path;
	cfg = set.config;
	switch (rl_opts_parse(&spec, set.config, argc, argv, stdout, stderr)) {
	case RL_OPTS_OK:
		break;
	case RL_OPTS_EXIT:
		rc = EXIT_OK;
		goto out_set;
	default:
		goto out_set;
	}
	log.level = (enum rl_log_level)cfg->log_level;
	if (cfg->dump_frame && !rl_image_type_ok(cfg->dump_frame)) {
		rl_err(&log, "option --dump-frame: '%s' is not a .ppm%s file",
		       cfg->dump_frame, RL_HAS_PNG ? " or .png" : "");
		goto out;
	}
	install_signals();
	rl_fault_install(&log);
	rc = run(cfg, &reg, &set, &log);
out:
	rl_opts_free(&spec, set.config);
out_set:
	rl_opts_set_finish(&set);
	free(config_path);
	return rc;
}
