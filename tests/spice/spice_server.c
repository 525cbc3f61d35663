/* SPDX-License-Identifier: MIT */
/*
 * rl-spice-server: a real SPICE server (libspice-server) with no VM behind
 * it, for the input tests. It has a keyboard and a mouse instance and
 * prints, one line each, flushed:
 *
 *   listening 127.0.0.1:PORT
 *   key 0x1e T_US          every scancode byte the guest would get
 *   motion DX DY BUTTONS   relative motion (server mouse mode)
 *   buttons BUTTONS        button state changes (1 left, 2 right, 4 middle)
 *   wheel DZ BUTTONS       one line per wheel step (-1 away from the user)
 *   client connected / client gone
 *
 *   rl-spice-server PORT [SECONDS]    (0 or none: until SIGTERM/SIGINT)
 *
 * With RL_SPICE_PASSWORD set, clients must give that ticket.
 *
 * T_US is CLOCK_MONOTONIC in microseconds, comparable with the client's
 * clock on the same machine (for the input latency benchmark).
 */
#include <glib-unix.h>
#include <glib.h>
#include <spice.h>
#include <stdio.h>
#include <stdlib.h>

struct SpiceTimer {
	GSource *source;
	SpiceTimerFunc func;
	void *opaque;
};

struct SpiceWatch {
	int fd;
	GSource *source;
	SpiceWatchFunc func;
	void *opaque;
};

static void say(const char *fmt, ...) G_GNUC_PRINTF(1, 2);

static void say(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
}

/* ---- the core interface on GLib's default context ---------------------- */

static void timer_cancel(SpiceTimer *t)
{
	if (!t->source)
		return;
	g_source_destroy(t->source);
	g_source_unref(t->source);
	t->source = NULL;
}

static gboolean timer_fired(gpointer data)
{
	SpiceTimer *t = data;

	g_source_unref(t->source);
	t->source = NULL;
	t->func(t->opaque);
	return G_SOURCE_REMOVE;
}

static SpiceTimer *timer_add(SpiceTimerFunc func, void *opaque)
{
	SpiceTimer *t = g_new0(SpiceTimer, 1);

	t->func = func;
	t->opaque = opaque;
	return t;
}

static void timer_start(SpiceTimer *t, uint32_t ms)
{
	timer_cancel(t);
	t->source = g_timeout_source_new(ms);
	g_source_set_callback(t->source, timer_fired, t, NULL);
	g_source_attach(t->source, NULL);
}

static void timer_remove(SpiceTimer *t)
{
	timer_cancel(t);
	g_free(t);
}

static gboolean watch_ready(gint fd, GIOCondition cond, gpointer data)
{
	SpiceWatch *w = data;
	int events = 0;

	if (cond & (G_IO_IN | G_IO_HUP | G_IO_ERR))
		events |= SPICE_WATCH_EVENT_READ;
	if (cond & G_IO_OUT)
		events |= SPICE_WATCH_EVENT_WRITE;
	w->func(fd, events, w->opaque);
	return G_SOURCE_CONTINUE;
}

static void watch_update_mask(SpiceWatch *w, int mask)
{
	GIOCondition cond = 0;

	if (w->source) {
		g_source_destroy(w->source);
		g_source_unref(w->source);
		w->source = NULL;
	}
	if (mask & SPICE_WATCH_EVENT_READ)
		cond |= G_IO_IN | G_IO_HUP | G_IO_ERR;
	if (mask & SPICE_WATCH_EVENT_WRITE)
		cond |= G_IO_OUT | G_IO_ERR;
	if (!cond)
		return;
	w->source = g_unix_fd_source_new(w->fd, cond);
	g_source_set_callback(w->source, (GSourceFunc)(void (*)(void))watch_ready, w, NULL);
	g_source_attach(w->source, NULL);
}

static SpiceWatch *watch_add(int fd, int mask, SpiceWatchFunc func, void *opaque)
{
	SpiceWatch *w = g_new0(SpiceWatch, 1);

	w->fd = fd;
	w->func = func;
	w->opaque = opaque;
	watch_update_mask(w, mask);
	return w;
}

static void watch_remove(SpiceWatch *w)
{
	watch_update_mask(w, 0);
	g_free(w);
}

static void channel_event(int event, SpiceChannelEventInfo *info)
{
	/* The inputs channel (type 3) tells us when a client comes and goes. */
	if (info->type != SPICE_CHANNEL_INPUTS)
		return;
	if (event == SPICE_CHANNEL_EVENT_INITIALIZED)
		say("client connected");
	else if (event == SPICE_CHANNEL_EVENT_DISCONNECTED)
		say("client gone");
}

static SpiceCoreInterface core = {
	.base = { SPICE_INTERFACE_CORE, "rl core", SPICE_INTERFACE_CORE_MAJOR,
		  SPICE_INTERFACE_CORE_MINOR },
	.timer_add = timer_add,
	.timer_start = timer_start,
	.timer_cancel = timer_cancel,
	.timer_remove = timer_remove,
	.watch_add = watch_add,
	.watch_update_mask = watch_update_mask,
	.watch_remove = watch_remove,
	.channel_event = channel_event,
};

/* ---- keyboard and mouse ------------------------------------------------- */

static void kbd_push(SpiceKbdInstance *sin, uint8_t byte)
{
	(void)sin;
	say("key 0x%02x %" G_GINT64_FORMAT, byte, g_get_monotonic_time());
}

static uint8_t kbd_leds(SpiceKbdInstance *sin)
{
	(void)sin;
	return 0;
}

static const SpiceKbdInterface kbd_sif = {
	.base = { SPICE_INTERFACE_KEYBOARD, "rl keyboard", SPICE_INTERFACE_KEYBOARD_MAJOR,
		  SPICE_INTERFACE_KEYBOARD_MINOR },
	.push_scan_freg = kbd_push,
	.get_leds = kbd_leds,
};

/*
 * spice-server hands a button press over as motion with the new button
 * state (and the wheel as dz), a release as buttons(): report the state
 * whenever it changes. Bits: 1 left, 2 right, 4 middle (QEMU's order).
 */
static uint32_t last_buttons;

static void buttons_changed(uint32_t buttons)
{
	if (buttons == last_buttons)
		return;
	last_buttons = buttons;
	say("buttons 0x%x", buttons);
}

static void mouse_motion(SpiceMouseInstance *sin, int dx, int dy, int dz, uint32_t buttons)
{
	(void)sin;
	buttons_changed(buttons);
	if (dz)
		say("wheel %d 0x%x", dz, buttons);
	if (dx || dy)
		say("motion %d %d 0x%x", dx, dy, buttons);
}

static void mouse_buttons(SpiceMouseInstance *sin, uint32_t buttons)
{
	(void)sin;
	buttons_changed(buttons);
}

static const SpiceMouseInterface mouse_sif = {
	.base = { SPICE_INTERFACE_MOUSE, "rl mouse", SPICE_INTERFACE_MOUSE_MAJOR,
		  SPICE_INTERFACE_MOUSE_MINOR },
	.motion = mouse_motion,
	.buttons = mouse_buttons,
};

static gboolean quit(gpointer loop)
{
	g_main_loop_quit(loop);
	return G_SOURCE_REMOVE;
}

int main(int argc, char **argv)
{
	SpiceKbdInstance kbd = { .base = { .sif = &kbd_sif.base } };
	SpiceMouseInstance mouse = { .base = { .sif = &mouse_sif.base } };
	GMainLoop *loop = g_main_loop_new(NULL, FALSE);
	int port = argc > 1 ? atoi(argv[1]) : 0;
	int secs = argc > 2 ? atoi(argv[2]) : 0;
	SpiceServer *server;

	if (port <= 0 || port > 65535) {
		fprintf(stderr, "usage: rl-spice-server PORT [SECONDS]\n");
		return 2;
	}
	server = spice_server_new();
	spice_server_set_port(server, port);
	spice_server_set_addr(server, "127.0.0.1", 0);
	if (getenv("RL_SPICE_PASSWORD"))
		spice_server_set_ticket(server, getenv("RL_SPICE_PASSWORD"), 0, 0, 0);
	else
		spice_server_set_noauth(server);
	if (spice_server_init(server, &core) != 0) {
		fprintf(stderr, "rl-spice-server: spice_server_init failed\n");
		return 1;
	}
	spice_server_add_interface(server, &kbd.base);
	spice_server_add_interface(server, &mouse.base);
	g_unix_signal_add(SIGTERM, quit, loop);
	g_unix_signal_add(SIGINT, quit, loop);
	if (secs > 0)
		g_timeout_add_seconds((guint)secs, quit, loop);
	say("listening 127.0.0.1:%d", port);
	g_main_loop_run(loop);
	spice_server_destroy(server);
	g_main_loop_unref(loop);
	return 0;
}
