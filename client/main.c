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
#if RL_HAS_RENDER_EGL
#include "display.h"
#include "keybind.h"
#include "render.h"
#include "view/window.h"
#endif

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
	/* [win] */
	int display;
	bool fullscreen;
	bool borderless;
	int64_t width;
	int64_t height;
	char *x;
	char *y;
	int scale;
	int filter;
	bool vsync;
	bool dmabuf;
	char *escape_key;
	bool minimize_on_focus_loss;
	bool inhibit_idle;
	bool overlay;
	bool print_input;
};

static const char *const shm_sources[] = { "auto", "file", "kvmfr", "pci", NULL };
static const char *const log_levels[] = { "error", "warn", "info", "debug", NULL };
static const char *const displays[] = { "auto", "wayland", "x11", NULL };
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
	OPT("win", "display", 0, RL_OPT_CHOICE, display, "auto", "NAME",
	    "Where the window opens: auto (wayland when WAYLAND_DISPLAY is set and built in, else x11), wayland or x11. The RL_DISPLAY environment variable overrides it.",
	    0, 0, displays),
	OPT("win", "fullscreen", 'F', RL_OPT_BOOL, fullscreen, "no", NULL,
	    "Start fullscreen (escape key + F toggles).", 0, 0, NULL),
	OPT("win", "borderless", 0, RL_OPT_BOOL, borderless, "no", NULL,
	    "A window without decorations.", 0, 0, NULL),
	OPT("win", "width", 0, RL_OPT_INT, width, "1280", "PIXELS",
	    "Initial window width.", 16, 16384, NULL),
	OPT("win", "height", 0, RL_OPT_INT, height, "720", "PIXELS",
	    "Initial window height.", 16, 16384, NULL),
	OPT("win", "x", 0, RL_OPT_STRING, x, NULL, "PIXELS",
	    "Initial window position from the left of the screen, with y (X11; unset = the window manager decides).",
	    0, 0, NULL),
	OPT("win", "y", 0, RL_OPT_STRING, y, NULL, "PIXELS",
	    "Initial window position from the top of the screen, with x.", 0, 0, NULL),
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
	    "The key that toggles input capture alone and, held, takes F (fullscreen), Q (quit), D (stats overlay): scroll-lock, pause, right-ctrl, right-alt, menu, insert, f1..f12, ... or an evdev code.",
	    0, 0, NULL),
	OPT("win", "minimize-on-focus-loss", 0, RL_OPT_BOOL, minimize_on_focus_loss, "no", NULL,
	    "Minimise the fullscreen window when it loses focus.", 0, 0, NULL),
	OPT("win", "inhibit-idle", 0, RL_OPT_BOOL, inhibit_idle, "yes", NULL,
	    "Keep the screensaver and display blanking away while the guest is connected.",
	    0, 0, NULL),
	OPT("win", "overlay", 0, RL_OPT_BOOL, overlay, "no", NULL,
	    "Start with the stats overlay shown (escape key + D toggles).", 0, 0, NULL),
	OPT("win", "print-input", 0, RL_OPT_BOOL, print_input, "no", NULL,
	    "Print one line per input event the guest would receive, and capture changes, on stdout.",
	    0, 0, NULL),
};

static const struct rl_opts_spec client_spec = {
	.program = "relay-client",
	.version = RELAY_VERSION " (protocol " RL_STR(RL_PROTO_MAJOR) "." RL_STR(RL_PROTO_MINOR)
		   WINDOW_FEATURES ")",
	.summary = "Shows a virtual machine's screen that relay-host publishes in shared memory, "
		   "in a window (Wayland or X11). With --headless it runs without one: it follows "
		   "the host, receives frames and the cursor, prints stats and can dump a frame to "
		   "an image. In the window, the escape key (default Scroll Lock) alone toggles "
		   "input capture; held, it takes F (fullscreen), Q (quit) and D (stats overlay). "
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
	rc = dump_frame(cfg, view.last, rc, log);
	rl_client_destroy(c);
	return rc;
}

/* wait_for_region: the user closed the window while it waited. */
#define WAIT_QUIT (-1)

/* What wait_for_region does between its checks (sleep, or run a window). */
struct waiter {
	bool (*pause)(void *data, const char *status, uint64_t ns); /* false: quit */
	void *data;
};

static bool sleep_pause(void *data, const char *status, uint64_t ns)
{
	(void)data;
	(void)status;
	rl_sleep_ns(ns);
	return true;
}

/*
 * A host that creates its own file (relay-host on Linux) may start after
 * the client: while a plain path does not exist yet, or exists but is
 * still empty, say so once and wait. Devices and pci paths must exist.
 */
static int wait_for_region(const struct client_config *cfg,
			   const struct waiter *waiter, const struct rl_log *log)
{
	const char *src = shm_sources[cfg->shm_source];
	uint64_t deadline = cfg->timeout_s ?
			    rl_time_ns() + (uint64_t)cfg->timeout_s * RL_NS_PER_S : 0;
	bool told = false;
	struct stat st;
	char status[300];

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
		snprintf(status, sizeof(status), "waiting for host: %s %s", cfg->shm_file,
			 missing ? "does not exist yet" : "is still empty");
		if (!told) {
			rl_info(log, "%s", status);
			told = true;
		}
		if (deadline && rl_time_ns() >= deadline) {
			rl_err(log, "timed out after %lld s waiting for %s to appear",
			       (long long)cfg->timeout_s, cfg->shm_file);
			return EXIT_TIMEOUT;
		}
		if (!waiter->pause(waiter->data, status, 100 * RL_NS_PER_MS))
			return WAIT_QUIT;
	}
	return EXIT_OK;
}

#if RL_HAS_RENDER_EGL
struct window_tick {
	struct rl_client *client;
	struct rl_window *window;
	struct stats_window stats;
	uint64_t stats_ns;
	const struct rl_log *log;
};

static void window_tick(void *data, uint64_t now_ns)
{
	struct window_tick *t = data;
	struct rl_frame_timing m;
	float fps, ups;

	if (!t->client || !t->stats_ns || now_ns - t->stats.t_ns < t->stats_ns)
		return;
	print_stats(t->client, &t->stats, now_ns, t->log);
	rl_window_stats(t->window, &fps, &ups, &m);
	rl_info(t->log, "window: %.1f fps (renders), %.1f ups (new frames shown), publish->observed %.2f ms, upload %.2f ms, draw %.2f ms, swap %.2f ms",
		fps, ups, m.publish_to_observed, m.upload, m.draw, m.swap);
}

static bool window_pause(void *data, const char *status, uint64_t ns)
{
	return rl_window_idle(data, status, ns);
}

/* --x/--y: whole numbers, both or neither. */
static bool parse_position(const struct client_config *cfg, int32_t *x, int32_t *y,
			   bool *has, const struct rl_log *log)
{
	const char *v[2] = { cfg->x, cfg->y };
	long n[2];

	*has = false;
	if (!cfg->x && !cfg->y)
		return true;
	if (!cfg->x || !cfg->y) {
		rl_err(log, "options --x and --y: give both or neither");
		return false;
	}
	for (int i = 0; i < 2; i++) {
		char *end;

		errno = 0;
		n[i] = strtol(v[i], &end, 10);
		if (errno || end == v[i] || *end || n[i] < -32768 || n[i] > 32767) {
			rl_err(log, "option --%s: '%s' is not a whole number of pixels (-32768..32767)",
			       i ? "y" : "x", v[i]);
			return false;
		}
	}
	*x = (int32_t)n[0];
	*y = (int32_t)n[1];
	*has = true;
	return true;
}

/*
 * The window's parameters from the options: EXIT_OK, EXIT_USAGE for a bad
 * value, EXIT_RUNTIME when the display cannot be had (all logged).
 */
static int window_params(const struct client_config *cfg, struct rl_window_params *wp,
			 const struct rl_log *log)
{
	const char *name = displays[cfg->display];
	const char *env = getenv("RL_DISPLAY");

	memset(wp, 0, sizeof(*wp));
	if (!rl_keybind_key_from_name(cfg->escape_key, &wp->escape_key)) {
		rl_err(log, "option --escape-key: '%s' is not a key name (one of: %s)",
		       cfg->escape_key, rl_keybind_key_names());
		return EXIT_USAGE;
	}
	if (!parse_position(cfg, &wp->window.x, &wp->window.y, &wp->window.has_position, log))
		return EXIT_USAGE;
	if (env && *env) {
		rl_info(log, "RL_DISPLAY=%s overrides --display %s", env, name);
		name = env;
	}
	wp->display = rl_display_find(name, log);
	if (!wp->display)
		return EXIT_RUNTIME;
	wp->renderer = &rl_renderer_egl;
	wp->window.title = "relay";
	wp->window.width = (uint32_t)cfg->width;
	wp->window.height = (uint32_t)cfg->height;
	wp->window.fullscreen = cfg->fullscreen;
	wp->window.borderless = cfg->borderless;
	wp->window.vsync = cfg->vsync;
	wp->window.minimize_on_focus_loss = cfg->minimize_on_focus_loss;
	wp->render.scale = (enum rl_scale_mode)cfg->scale;
	wp->render.filter = (enum rl_filter)cfg->filter;
	wp->inhibit_idle = cfg->inhibit_idle;
	wp->overlay = cfg->overlay;
	wp->print_frames = cfg->print_frames ? stdout : NULL;
	wp->print_input = cfg->print_input ? stdout : NULL;
	wp->frames_wanted = (uint64_t)cfg->frames;
	return EXIT_OK;
}

static int run_window(const struct client_config *cfg, const struct rl_log *log)
{
	struct rl_window_params wp;
	struct window_tick tick = { .log = log };
	struct rl_client_params params = {
		.host_timeout_ns = (uint64_t)cfg->host_timeout_ms * RL_NS_PER_MS,
		.poll_ns = (uint64_t)cfg->poll_us * RL_NS_PER_US,
		.idle_poll_ns = (uint64_t)cfg->idle_poll_us * RL_NS_PER_US,
		/* a dump needs the pixels in memory */
		.dmabuf = cfg->dmabuf && !cfg->dump_frame,
	};
	struct rl_shm_params sp = { cfg->shm_file, 0, log };
	uint64_t start = rl_time_ns();
	uint64_t deadline = cfg->timeout_s ? start + (uint64_t)cfg->timeout_s * RL_NS_PER_S : 0;
	struct rl_window *w;
	struct waiter waiter;
	struct rl_shm *shm;
	int rc;

	rc = window_params(cfg, &wp, log);
	if (rc != EXIT_OK)
		return rc;
	wp.tick = window_tick;
	wp.tick_data = &tick;
	w = rl_window_create(&wp, log);
	if (!w)
		return EXIT_RUNTIME;
	waiter = (struct waiter){ window_pause, w };
	rc = wait_for_region(cfg, &waiter, log);
	if (rc == WAIT_QUIT)
		rc = EXIT_OK;
	if (rc != EXIT_OK || stop_requested)
		goto out_window;
	shm = rl_shm_open(shm_sources[cfg->shm_source], &sp);
	if (!shm) {
		rc = EXIT_RUNTIME;
		goto out_window;
	}
	tick.client = rl_client_create(&params, shm, log, &rl_view_window, w);
	if (!tick.client) {
		rc = EXIT_RUNTIME;
		goto out_shm;
	}
	tick.window = w;
	tick.stats_ns = (uint64_t)cfg->stats_interval_ms * RL_NS_PER_MS;
	tick.stats = (struct stats_window){ start, cpu_seconds(), { 0 }, { 0 } };
	if (!rl_window_run(w, tick.client, &stop_requested, deadline)) {
		rl_err(log, "timed out after %lld s with %llu of %lld frames shown (%s)",
		       (long long)cfg->timeout_s, (unsigned long long)rl_window_frames(w),
		       (long long)cfg->frames, tick.client->consumer.message);
		rc = EXIT_TIMEOUT;
	}
	rc = dump_frame(cfg, rl_window_last_frame(w), rc, log);
	rl_client_destroy(tick.client);
out_shm:
	rl_shm_close(shm);
out_window:
	rl_window_destroy(w);
	return rc;
}
#endif

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
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	if (!cfg.headless) {
#if RL_HAS_RENDER_EGL
		rc = run_window(&cfg, &log);
#else
		rl_err(&log, "this client was built without a window (configure with -DRELAY_RENDER_EGL=ON and a display); run with --headless");
#endif
		goto out;
	}

	struct rl_shm_params sp = { cfg.shm_file, 0, &log };
	const struct waiter sleeper = { sleep_pause, NULL };

	rc = wait_for_region(&cfg, &sleeper, &log);
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
