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
 * Sound (for the audio tests), from the environment:
 *   RL_SPICE_TONE_HZ=440     a playback instance playing a stereo sine
 *   RL_SPICE_TONE_AMP=8000   its amplitude (of 32767)
 *   RL_SPICE_DRIFT_PPM=2000  sent that much faster than the nominal rate
 *                            (a guest clock off by 0.2%); negative: slower
 *   RL_SPICE_TONE_SECONDS=N  stop playback after N seconds (0: never)
 *   RL_SPICE_VOLUME=V        the guest's playback volume (0..65535) to send
 *   RL_SPICE_MUTE=1          the guest's playback mute to send
 *   RL_SPICE_REC_VOLUME=V    the guest's record volume (0..65535) to send
 *   RL_SPICE_CATCHUP_MS=N    2 s in, send N ms of the tone ahead at once (a
 *                            VM that delivers a backlog: latency far above
 *                            the client's target)
 *   RL_SPICE_CLICKS=1        instead of the sine: silence with a 5 ms burst
 *                            every 500 ms, each printed as "click T_US" when
 *                            its samples are handed to the client
 *   RL_SPICE_RECORD=FILE     a record instance, recording at once; what the
 *                            client sends goes to FILE (raw S16 stereo
 *                            48 kHz), "record FRAMES" printed every second
 *
 * T_US is CLOCK_MONOTONIC in microseconds, comparable with the client's
 * clock on the same machine (for the input latency benchmark).
 */
#include <glib-unix.h>
#include <glib.h>
#include <spice.h>
#include <stdio.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
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

/* ---- sound ------------------------------------------------------------- */

#define RATE 48000

static const SpicePlaybackInterface playback_sif = {
	.base = { SPICE_INTERFACE_PLAYBACK, "rl playback", SPICE_INTERFACE_PLAYBACK_MAJOR,
		  SPICE_INTERFACE_PLAYBACK_MINOR },
};

static const SpiceRecordInterface record_sif = {
	.base = { SPICE_INTERFACE_RECORD, "rl record", SPICE_INTERFACE_RECORD_MAJOR,
		  SPICE_INTERFACE_RECORD_MINOR },
};

struct sound {
	SpicePlaybackInstance playback;
	SpiceRecordInstance record;
	double hz, amp, drift, phase;
	bool clicks, stopped;
	gint64 start_us, stop_after_us, catchup_us;
	uint64_t sent;            /* frames since start_us */
	FILE *rec_file;
	uint64_t rec_frames;
	gint64 rec_said_us;
};

static void fill(struct sound *s, uint32_t *buf, uint32_t n, gint64 now)
{
	for (uint32_t i = 0; i < n; i++) {
		uint64_t at = s->sent + i;
		double v;

		if (s->clicks) {
			uint64_t in = at % (RATE / 2);

			if (in == 0)
				say("click %" G_GINT64_FORMAT, now + (gint64)(i * 1000000 / RATE));
			v = in < RATE / 200 ? 16000 * sin(2 * G_PI * 2000.0 * (double)in / RATE) : 0;
		} else {
			v = s->amp * sin(s->phase);
			s->phase += 2 * G_PI * s->hz / RATE;
			if (s->phase > 2 * G_PI)
				s->phase -= 2 * G_PI;
		}
		uint16_t x = (uint16_t)(int16_t)lrint(v);

		buf[i] = x | (uint32_t)x << 16;
	}
}

/* Hand the client every frame due by now at the (drifted) rate. */
static gboolean playback_tick(gpointer data)
{
	struct sound *s = data;
	gint64 now = g_get_monotonic_time();
	double due;
	uint32_t *buf, n;

	if (s->stopped)
		return G_SOURCE_CONTINUE;
	if (s->stop_after_us && now - s->start_us >= s->stop_after_us) {
		spice_server_playback_stop(&s->playback);
		s->stopped = true;
		say("playback stopped");
		return G_SOURCE_CONTINUE;
	}
	if (s->catchup_us && now - s->start_us >= 2000000) {
		s->start_us -= s->catchup_us; /* that much more is due now */
		s->stop_after_us += s->stop_after_us ? s->catchup_us : 0;
		s->catchup_us = 0;
		say("catch-up");
	}
	due = (double)(now - s->start_us) * RATE * (1.0 + s->drift) / 1e6;
	while ((double)s->sent < due) {
		buf = NULL;
		n = 0;
		spice_server_playback_get_buffer(&s->playback, &buf, &n);
		if (!buf) {
			/* No client: the tone waits (no backlog when one comes). */
			s->start_us = now - (gint64)((double)s->sent * 1e6 / (RATE * (1.0 + s->drift)));
			break;
		}
		fill(s, buf, n, now);
		spice_server_playback_put_samples(&s->playback, buf);
		s->sent += n;
	}
	return G_SOURCE_CONTINUE;
}

static gboolean record_tick(gpointer data)
{
	struct sound *s = data;
	uint32_t buf[4800], n;
	gint64 now = g_get_monotonic_time();

	while ((n = spice_server_record_get_samples(&s->record, buf, G_N_ELEMENTS(buf))) > 0) {
		if (fwrite(buf, sizeof(buf[0]), n, s->rec_file) != n)
			say("record: write failed");
		s->rec_frames += n;
	}
	fflush(s->rec_file);
	if (now - s->rec_said_us >= 1000000) {
		s->rec_said_us = now;
		say("record %" G_GUINT64_FORMAT, s->rec_frames);
	}
	return G_SOURCE_CONTINUE;
}

static double env_num(const char *name, double def)
{
	const char *v = getenv(name);

	return v && *v ? atof(v) : def;
}

static void sound_add(SpiceServer *server, struct sound *s)
{
	s->playback.base.sif = &playback_sif.base;
	s->record.base.sif = &record_sif.base;
	s->hz = env_num("RL_SPICE_TONE_HZ", 0);
	s->clicks = env_num("RL_SPICE_CLICKS", 0) != 0;
	if (s->hz > 0 || s->clicks) {
		s->amp = env_num("RL_SPICE_TONE_AMP", 8000);
		s->drift = env_num("RL_SPICE_DRIFT_PPM", 0) / 1e6;
		s->stop_after_us = (gint64)(env_num("RL_SPICE_TONE_SECONDS", 0) * 1e6);
		s->catchup_us = (gint64)(env_num("RL_SPICE_CATCHUP_MS", 0) * 1e3);
		spice_server_add_interface(server, &s->playback.base);
		spice_server_set_playback_rate(&s->playback, RATE);
		if (getenv("RL_SPICE_VOLUME")) {
			uint16_t v = (uint16_t)env_num("RL_SPICE_VOLUME", 65535), vol[2] = { v, v };

			spice_server_playback_set_volume(&s->playback, 2, vol);
		}
		if (env_num("RL_SPICE_MUTE", 0) != 0)
			spice_server_playback_set_mute(&s->playback, 1);
		spice_server_playback_start(&s->playback);
		s->start_us = g_get_monotonic_time();
		g_timeout_add(2, playback_tick, s);
	}
	if (getenv("RL_SPICE_RECORD")) {
		s->rec_file = fopen(getenv("RL_SPICE_RECORD"), "wb");
		if (!s->rec_file) {
			perror(getenv("RL_SPICE_RECORD"));
			exit(1);
		}
		spice_server_add_interface(server, &s->record.base);
		spice_server_set_record_rate(&s->record, RATE);
		if (getenv("RL_SPICE_REC_VOLUME")) {
			uint16_t v = (uint16_t)env_num("RL_SPICE_REC_VOLUME", 65535), vol[2] = { v, v };

			spice_server_record_set_volume(&s->record, 2, vol);
		}
		spice_server_record_start(&s->record);
		g_timeout_add(5, record_tick, s);
	}
}

static gboolean quit(gpointer loop)
{
	g_main_loop_quit(loop);
	return G_SOURCE_REMOVE;
}

int main(int argc, char **argv)
{
	SpiceKbdInstance kbd = { .base = { .sif = &kbd_sif.base } };
	SpiceMouseInstance mouse = { .base = { .sif = &mouse_sif.base } };
	struct sound sound = { 0 };
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
	sound_add(server, &sound);
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
