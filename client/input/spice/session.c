/* SPDX-License-Identifier: MIT */
#include "session.h"

#include <errno.h>
#include <glib-unix.h>
#include <spice-client.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include "scancode.h"

#define QUEUE_LEN 4096u          /* events between two wake-ups of the thread */
#define BACKOFF_MIN_S 1u
#define BACKOFF_MAX_S 30u
#define MAX_SCANCODE 0x400u      /* 0x100 | code covers every E0 key */

struct rl_spice_session {
	struct rl_spice_session_params params;
	char *host, *socket, *password, *ca_file; /* owned copies */
	char where[160];             /* "127.0.0.1:5900", "/run/vm.sock" */
	const struct rl_log *log;
	GThread *thread;
	GMainLoop *loop;             /* runs the global default context */
	int in_fd;                   /* eventfd: client -> session */
	int out_fd;                  /* eventfd: session -> client */

	/* Shared between the two threads, under lock. */
	GMutex lock;
	struct rl_spice_event queue[QUEUE_LEN];
	unsigned int head, count;
	unsigned int dropped;
	struct rl_spice_state state;

	/* The session thread's own. */
	SpiceSession *session;
	SpiceMainChannel *main;
	SpiceInputsChannel *inputs;
	bool inputs_open;
	SpicePlaybackChannel *playback;
	SpiceRecordChannel *record;
	uint32_t pb_channels;        /* of the playback burst running */
	uint32_t rec_channels, rec_rate;
	guint rec_source;            /* watches the audio's record fd while live */
	guint delay_timer;           /* tells the server the playback latency */
	guint retry_source;
	bool lost_pending;           /* lost() is queued */
	bool stopping;               /* the loop has ended: schedule nothing */
	unsigned int backoff_s;
	bool logged_unreachable;
	uint32_t buttons;            /* SPICE_MOUSE_BUTTON_MASK_* held */
	uint8_t held[MAX_SCANCODE];  /* scancodes pressed in the guest */
};

/* ---- state for the client thread ------------------------------------- */

static void notify(struct rl_spice_session *s)
{
	uint64_t one = 1;

	if (write(s->out_fd, &one, sizeof(one)) < 0 && errno != EAGAIN)
		rl_dbg(s->log, "spice: eventfd write: %s", strerror(errno));
}

static void set_state(struct rl_spice_session *s, bool connected, const char *problem)
{
	g_mutex_lock(&s->lock);
	s->state.connected = connected;
	snprintf(s->state.problem, sizeof(s->state.problem), "%s", problem ? problem : "");
	g_mutex_unlock(&s->lock);
	notify(s);
}

/* ---- sending (session thread) ----------------------------------------- */

static void key(struct rl_spice_session *s, uint32_t code, bool down)
{
	if (code >= MAX_SCANCODE)
		return;
	if (down) {
		spice_inputs_channel_key_press(s->inputs, code);
		s->held[code] = 1;
	} else if (s->held[code]) {
		spice_inputs_channel_key_release(s->inputs, code);
		s->held[code] = 0;
	}
}

static uint32_t button_mask(int32_t button)
{
	switch (button) {
	case SPICE_MOUSE_BUTTON_LEFT:
		return SPICE_MOUSE_BUTTON_MASK_LEFT;
	case SPICE_MOUSE_BUTTON_MIDDLE:
		return SPICE_MOUSE_BUTTON_MASK_MIDDLE;
	case SPICE_MOUSE_BUTTON_RIGHT:
		return SPICE_MOUSE_BUTTON_MASK_RIGHT;
	case SPICE_MOUSE_BUTTON_SIDE:
		return SPICE_MOUSE_BUTTON_MASK_SIDE;
	case SPICE_MOUSE_BUTTON_EXTRA:
		return SPICE_MOUSE_BUTTON_MASK_EXTRA;
	default:
		return 0;
	}
}

/* Everything this session pressed in the guest goes up. */
static void release_all(struct rl_spice_session *s)
{
	unsigned int keys = 0, buttons = 0;

	for (uint32_t code = 0; code < MAX_SCANCODE; code++) {
		if (s->held[code]) {
			key(s, code, false);
			keys++;
		}
	}
	for (int32_t b = SPICE_MOUSE_BUTTON_LEFT; b < SPICE_MOUSE_BUTTON_ENUM_END; b++) {
		uint32_t m = button_mask(b);

		if (m && (s->buttons & m)) {
			s->buttons &= ~m;
			spice_inputs_channel_button_release(s->inputs, b, (gint)s->buttons);
			buttons++;
		}
	}
	if (keys || buttons)
		rl_dbg(s->log, "spice: released %u keys and %u buttons in the guest", keys, buttons);
}

static void mic_toggle(struct rl_spice_session *s);

static void apply(struct rl_spice_session *s, const struct rl_spice_event *ev)
{
	switch (ev->type) {
	case RL_SPICE_KEY_DOWN:
		key(s, (uint32_t)ev->a, true);
		break;
	case RL_SPICE_KEY_UP:
		key(s, (uint32_t)ev->a, false);
		break;
	case RL_SPICE_PAUSE:
		/* E1 1D 45 E1 9D C5: nothing is held afterwards. */
		spice_inputs_channel_key_press(s->inputs, 0x21d);
		spice_inputs_channel_key_press(s->inputs, 0x45);
		spice_inputs_channel_key_release(s->inputs, 0x21d);
		spice_inputs_channel_key_release(s->inputs, 0x45);
		break;
	case RL_SPICE_MOTION:
		spice_inputs_channel_motion(s->inputs, ev->a, ev->b, (gint)s->buttons);
		break;
	case RL_SPICE_POSITION:
		spice_inputs_channel_position(s->inputs, ev->a, ev->b, 0, (gint)s->buttons);
		break;
	case RL_SPICE_BUTTON_DOWN:
		/* The state sent is the state after the event. */
		s->buttons |= button_mask(ev->a);
		spice_inputs_channel_button_press(s->inputs, ev->a, (gint)s->buttons);
		break;
	case RL_SPICE_BUTTON_UP:
		if (!(s->buttons & button_mask(ev->a)))
			break;
		s->buttons &= ~button_mask(ev->a);
		spice_inputs_channel_button_release(s->inputs, ev->a, (gint)s->buttons);
		break;
	case RL_SPICE_WHEEL:
		for (int32_t i = 0; i < abs(ev->a) && i < 64; i++) {
			gint b = ev->a > 0 ? SPICE_MOUSE_BUTTON_UP : SPICE_MOUSE_BUTTON_DOWN;

			spice_inputs_channel_button_press(s->inputs, b, (gint)s->buttons);
			spice_inputs_channel_button_release(s->inputs, b, (gint)s->buttons);
		}
		break;
	case RL_SPICE_RELEASE_ALL:
		release_all(s);
		break;
	case RL_SPICE_LOCKS: {
		/* The guest's LEDs as the server last said; set the ones that matter. */
		guint now = 0, want;

		g_object_get(s->inputs, "key-modifiers", &now, NULL);
		want = (now & ~(guint)ev->b) | ((guint)ev->a & (guint)ev->b);
		spice_inputs_channel_set_key_locks(s->inputs, want);
		break;
	}
	case RL_SPICE_MIC_TOGGLE:
		mic_toggle(s);
		break;
	case RL_SPICE_MOUSE_MODE:
		if (s->main)
			spice_main_channel_request_mouse_mode(s->main, ev->a ? SPICE_MOUSE_MODE_SERVER :
								   SPICE_MOUSE_MODE_CLIENT);
		break;
	}
}

static gboolean on_queue(gint fd, GIOCondition cond, gpointer data)
{
	struct rl_spice_session *s = data;
	struct rl_spice_event batch[64];
	unsigned int n, dropped;
	uint64_t v;

	(void)cond;
	if (read(fd, &v, sizeof(v)) < 0 && errno != EAGAIN)
		rl_dbg(s->log, "spice: eventfd read: %s", strerror(errno));
	do {
		g_mutex_lock(&s->lock);
		for (n = 0; n < G_N_ELEMENTS(batch) && s->count; n++) {
			batch[n] = s->queue[s->head];
			s->head = (s->head + 1) % QUEUE_LEN;
			s->count--;
		}
		dropped = s->dropped;
		s->dropped = 0;
		g_mutex_unlock(&s->lock);
		if (dropped)
			rl_warn(s->log, "spice: %u input events dropped (the session thread fell behind)",
				dropped);
		for (unsigned int i = 0; i < n; i++)
			if (s->inputs_open || batch[i].type == RL_SPICE_MIC_TOGGLE)
				apply(s, &batch[i]);
	} while (n == G_N_ELEMENTS(batch));
	return G_SOURCE_CONTINUE;
}

/* ---- audio (session thread) --------------------------------------------- */

static void publish_mic(struct rl_spice_session *s)
{
	g_mutex_lock(&s->lock);
	s->state.mic_live = s->rec_source != 0;
	g_mutex_unlock(&s->lock);
	notify(s);
}

static gboolean on_record_ready(gint fd, GIOCondition cond, gpointer data)
{
	struct rl_spice_session *s = data;
	struct rl_audio *a = s->params.audio;
	int16_t buf[2048 * 2];
	uint32_t max = (uint32_t)(G_N_ELEMENTS(buf) / (s->rec_channels ? s->rec_channels : 1)), n;

	(void)fd;
	(void)cond;
	while ((n = a->impl->record_read(a, buf, max)) > 0)
		if (s->record)
			spice_record_channel_send_data(s->record, buf, n * 2 * s->rec_channels,
						       (guint32)(g_get_monotonic_time() / 1000));
	return G_SOURCE_CONTINUE;
}

/* Open or close the microphone: the guest records and the user allows it. */
static void mic_update(struct rl_spice_session *s)
{
	struct rl_audio *a = s->params.audio;
	bool want;

	g_mutex_lock(&s->lock);
	want = s->state.mic_wanted && s->state.mic_allowed && s->record;
	g_mutex_unlock(&s->lock);
	if (want && !s->rec_source) {
		if (a->impl->record_start(a, s->rec_channels, s->rec_rate))
			s->rec_source = g_unix_fd_add(a->impl->record_fd(a), G_IO_IN,
						      on_record_ready, s);
	} else if (!want && s->rec_source) {
		g_source_remove(s->rec_source);
		s->rec_source = 0;
		a->impl->record_stop(a);
	}
	publish_mic(s);
}

static void mic_toggle(struct rl_spice_session *s)
{
	bool allowed;

	if (!s->params.audio)
		return;
	if (s->params.mic_policy == RL_MIC_DENY) {
		rl_info(s->log, "spice: the microphone stays off: [audio] mic = deny");
		return;
	}
	g_mutex_lock(&s->lock);
	allowed = s->state.mic_allowed = !s->state.mic_allowed;
	g_mutex_unlock(&s->lock);
	rl_info(s->log, "spice: microphone %s by the user", allowed ? "allowed" : "stopped");
	mic_update(s);
}

static void on_record_start(SpiceRecordChannel *ch, gint fmt, gint channels, gint rate,
			    gpointer data)
{
	struct rl_spice_session *s = data;

	(void)ch;
	if (fmt != SPICE_AUDIO_FMT_S16 || channels < 1 || rate < 1) {
		rl_warn(s->log, "spice: the guest records in an unknown format (%d, %d ch, %d Hz)",
			fmt, channels, rate);
		return;
	}
	s->rec_channels = (uint32_t)channels;
	s->rec_rate = (uint32_t)rate;
	g_mutex_lock(&s->lock);
	s->state.mic_wanted = true;
	g_mutex_unlock(&s->lock);
	if (s->params.mic_policy == RL_MIC_DENY)
		rl_info(s->log, "spice: the guest asks for the microphone: denied ([audio] mic = deny)");
	else if (s->params.mic_policy == RL_MIC_ASK && !s->state.mic_allowed)
		rl_info(s->log, "spice: the guest asks for the microphone: escape key + M allows it");
	mic_update(s);
}

static void on_record_stop(SpiceRecordChannel *ch, gpointer data)
{
	struct rl_spice_session *s = data;

	(void)ch;
	g_mutex_lock(&s->lock);
	s->state.mic_wanted = false;
	g_mutex_unlock(&s->lock);
	mic_update(s);
}

static void on_playback_start(SpicePlaybackChannel *ch, gint fmt, gint channels, gint rate,
			      gpointer data)
{
	struct rl_spice_session *s = data;
	struct rl_audio *a = s->params.audio;

	(void)ch;
	if (fmt != SPICE_AUDIO_FMT_S16 || channels < 1 || rate < 1) {
		rl_warn(s->log, "spice: the guest plays an unknown format (%d, %d ch, %d Hz)", fmt,
			channels, rate);
		s->pb_channels = 0;
		return;
	}
	s->pb_channels = a->impl->playback_start(a, (uint32_t)channels, (uint32_t)rate) ?
				 (uint32_t)channels : 0;
}

static void on_playback_data(SpicePlaybackChannel *ch, gpointer pcm, gint size, gpointer data)
{
	struct rl_spice_session *s = data;
	struct rl_audio *a = s->params.audio;

	(void)ch;
	if (s->pb_channels && size > 0)
		a->impl->playback_write(a, pcm, (uint32_t)size / (2 * s->pb_channels));
}

static void on_playback_stop(SpicePlaybackChannel *ch, gpointer data)
{
	struct rl_spice_session *s = data;

	(void)ch;
	if (s->pb_channels)
		s->params.audio->impl->playback_stop(s->params.audio);
}

/* The guest's volume or mute changed (playback or record). */
static void on_volume(GObject *obj, GParamSpec *pspec, gpointer data)
{
	struct rl_spice_session *s = data;
	struct rl_audio *a = s->params.audio;
	gpointer volume = NULL;
	guint n = 0;
	gboolean mute = FALSE;

	(void)pspec;
	g_object_get(obj, "volume", &volume, "nchannels", &n, "mute", &mute, NULL);
	if (SPICE_IS_PLAYBACK_CHANNEL(obj))
		a->impl->playback_volume(a, volume, volume ? n : 0, mute);
	else
		a->impl->record_volume(a, volume, volume ? n : 0, mute);
	rl_dbg(s->log, "spice: guest %s volume %u%s", SPICE_IS_PLAYBACK_CHANNEL(obj) ?
	       "playback" : "record", volume && n ? ((const uint16_t *)volume)[0] : 65535u,
	       mute ? " (muted)" : "");
}

/* Tell the server how late its sound plays (it keeps video in step with it). */
static gboolean tell_delay(gpointer data)
{
	struct rl_spice_session *s = data;
	struct rl_audio_stats st;

	if (s->playback && s->pb_channels) {
		s->params.audio->impl->stats(s->params.audio, &st);
		if (st.playing)
			spice_playback_channel_set_delay(s->playback, (guint32)(st.latency_ms + 0.5));
	}
	return G_SOURCE_CONTINUE;
}

static void audio_channel_new(struct rl_spice_session *s, SpiceChannel *ch)
{
	if (SPICE_IS_PLAYBACK_CHANNEL(ch)) {
		s->playback = SPICE_PLAYBACK_CHANNEL(ch);
		g_signal_connect(ch, "playback-start", G_CALLBACK(on_playback_start), s);
		g_signal_connect(ch, "playback-data", G_CALLBACK(on_playback_data), s);
		g_signal_connect(ch, "playback-stop", G_CALLBACK(on_playback_stop), s);
		g_signal_connect(ch, "notify::volume", G_CALLBACK(on_volume), s);
		g_signal_connect(ch, "notify::mute", G_CALLBACK(on_volume), s);
		if (!s->delay_timer)
			s->delay_timer = g_timeout_add_seconds(1, tell_delay, s);
	} else {
		s->record = SPICE_RECORD_CHANNEL(ch);
		g_signal_connect(ch, "record-start", G_CALLBACK(on_record_start), s);
		g_signal_connect(ch, "record-stop", G_CALLBACK(on_record_stop), s);
		g_signal_connect(ch, "notify::volume", G_CALLBACK(on_volume), s);
		g_signal_connect(ch, "notify::mute", G_CALLBACK(on_volume), s);
	}
	spice_channel_connect(ch);
}

/* The session went: the guest's sound stops, the microphone closes. */
static void audio_drop(struct rl_spice_session *s)
{
	if (s->playback)
		g_signal_handlers_disconnect_by_data(s->playback, s);
	if (s->record)
		g_signal_handlers_disconnect_by_data(s->record, s);
	if (s->pb_channels)
		s->params.audio->impl->playback_stop(s->params.audio);
	s->pb_channels = 0;
	s->playback = NULL;
	s->record = NULL;
	if (s->delay_timer)
		g_source_remove(s->delay_timer);
	s->delay_timer = 0;
	if (s->params.audio) {
		g_mutex_lock(&s->lock);
		s->state.mic_wanted = false;
		g_mutex_unlock(&s->lock);
		mic_update(s);
	}
}

/* ---- connecting (session thread) -------------------------------------- */

static void connect_now(struct rl_spice_session *s);

static gboolean retry(gpointer data)
{
	struct rl_spice_session *s = data;

	s->retry_source = 0;
	connect_now(s);
	return G_SOURCE_REMOVE;
}

static void drop_session(struct rl_spice_session *s)
{
	if (!s->session)
		return;
	g_signal_handlers_disconnect_by_data(s->session, s);
	if (s->main)
		g_signal_handlers_disconnect_by_data(s->main, s);
	if (s->inputs)
		g_signal_handlers_disconnect_by_data(s->inputs, s);
	audio_drop(s);
	spice_session_disconnect(s->session);
	g_object_unref(s->session);
	s->session = NULL;
	s->main = NULL;
	s->inputs = NULL;
	s->inputs_open = false;
}

/* The server is absent or went away: say so, forget the session, retry later. */
static gboolean lost(gpointer data)
{
	struct rl_spice_session *s = data;
	char problem[sizeof(s->state.problem)];

	s->lost_pending = false;
	if (s->stopping)
		return G_SOURCE_REMOVE;
	drop_session(s);
	snprintf(problem, sizeof(problem),
		 "input unavailable: SPICE not reachable at %s (retrying in %u s)", s->where,
		 s->backoff_s);
	if (!s->logged_unreachable)
		rl_warn(s->log, "spice: %s", problem + strlen("input unavailable: "));
	else
		rl_dbg(s->log, "spice: %s", problem + strlen("input unavailable: "));
	s->logged_unreachable = true;
	set_state(s, false, problem);
	if (!s->retry_source)
		s->retry_source = g_timeout_add_seconds(s->backoff_s, retry, s);
	s->backoff_s = s->backoff_s * 2 > BACKOFF_MAX_S ? BACKOFF_MAX_S : s->backoff_s * 2;
	return G_SOURCE_REMOVE;
}

static void on_channel_event(SpiceChannel *ch, SpiceChannelEvent ev, gpointer data)
{
	struct rl_spice_session *s = data;

	if (ev == SPICE_CHANNEL_OPENED && SPICE_IS_INPUTS_CHANNEL(ch)) {
		s->inputs_open = true;
		s->backoff_s = BACKOFF_MIN_S;
		/* A reconnect must not leave anything down in the guest. */
		release_all(s);
		rl_info(s->log, "spice: connected to %s: input goes to the guest", s->where);
		s->logged_unreachable = false;
		set_state(s, true, NULL);
		return;
	}
	if (ev == SPICE_CHANNEL_CLOSED || ev >= SPICE_CHANNEL_ERROR_CONNECT) {
		if (ev == SPICE_CHANNEL_ERROR_AUTH)
			rl_err(s->log, "spice: %s refused the password (password-file)", s->where);
		/* Not from inside the channel's own signal: from the loop. */
		if (s->session && !s->lost_pending &&
		    (SPICE_IS_MAIN_CHANNEL(ch) || SPICE_IS_INPUTS_CHANNEL(ch))) {
			s->lost_pending = true;
			g_idle_add(lost, s);
		}
	}
}

static void on_mouse_mode(GObject *obj, GParamSpec *pspec, gpointer data)
{
	struct rl_spice_session *s = data;
	gint mode = 0;

	(void)pspec;
	g_object_get(obj, "mouse-mode", &mode, NULL);
	rl_info(s->log, "spice: mouse mode %s", mode == SPICE_MOUSE_MODE_CLIENT ?
		"client (absolute)" : "server (relative)");
	g_mutex_lock(&s->lock);
	s->state.client_mouse = mode == SPICE_MOUSE_MODE_CLIENT;
	g_mutex_unlock(&s->lock);
	notify(s);
}

static void on_channel_new(SpiceSession *session, SpiceChannel *ch, gpointer data)
{
	struct rl_spice_session *s = data;

	(void)session;
	if (SPICE_IS_MAIN_CHANNEL(ch)) {
		s->main = SPICE_MAIN_CHANNEL(ch);
		g_signal_connect(ch, "channel-event", G_CALLBACK(on_channel_event), s);
		g_signal_connect(ch, "notify::mouse-mode", G_CALLBACK(on_mouse_mode), s);
		return;
	}
	if (SPICE_IS_INPUTS_CHANNEL(ch)) {
		s->inputs = SPICE_INPUTS_CHANNEL(ch);
		g_signal_connect(ch, "channel-event", G_CALLBACK(on_channel_event), s);
		spice_channel_connect(ch);
		return;
	}
	if (s->params.audio && (SPICE_IS_PLAYBACK_CHANNEL(ch) || SPICE_IS_RECORD_CHANNEL(ch)))
		audio_channel_new(s, ch);
	/* Display, cursor, webdav, ...: not ours. */
}

static void connect_now(struct rl_spice_session *s)
{
	char port[16], tls_port[16];

	s->session = spice_session_new();
	/*
	 * The audio channels only with our own backend. spice_audio_get() is
	 * never called: it would attach spice-gtk's GStreamer player next to it.
	 */
	g_object_set(s->session, "enable-audio", s->params.audio != NULL, "enable-usbredir", FALSE,
		     NULL);
	if (s->socket) {
		g_object_set(s->session, "unix-path", s->socket, NULL);
	} else {
		snprintf(port, sizeof(port), "%d", s->params.port);
		g_object_set(s->session, "host", s->host, "port", port, NULL);
		if (s->params.tls_port) {
			snprintf(tls_port, sizeof(tls_port), "%d", s->params.tls_port);
			g_object_set(s->session, "tls-port", tls_port, NULL);
		}
		if (s->ca_file)
			g_object_set(s->session, "ca-file", s->ca_file, NULL);
	}
	if (s->password)
		g_object_set(s->session, "password", s->password, NULL);
	g_signal_connect(s->session, "channel-new", G_CALLBACK(on_channel_new), s);
	if (!spice_session_connect(s->session)) {
		s->lost_pending = true;
		g_idle_add(lost, s);
	}
}

static gpointer thread_main(gpointer data)
{
	struct rl_spice_session *s = data;
	GSource *src = g_unix_fd_source_new(s->in_fd, G_IO_IN);

	g_source_set_callback(src, (GSourceFunc)(void (*)(void))on_queue, s, NULL);
	g_source_attach(src, NULL);
	g_source_unref(src);
	connect_now(s);
	g_main_loop_run(s->loop);
	s->stopping = true;
	if (s->inputs_open) {
		release_all(s);
		for (int i = 0; i < 20 && g_main_context_iteration(NULL, FALSE); i++)
			;
	}
	if (s->retry_source)
		g_source_remove(s->retry_source);
	s->retry_source = 0;
	drop_session(s);
	/* Let the disconnect's coroutines (and a pending lost()) finish. */
	for (int i = 0; i < 100 && g_main_context_iteration(NULL, FALSE); i++)
		;
	g_source_destroy(src);
	return NULL;
}

static gboolean quit(gpointer data)
{
	struct rl_spice_session *s = data;

	g_main_loop_quit(s->loop);
	return G_SOURCE_REMOVE;
}

/* ---- the client thread ------------------------------------------------- */

struct rl_spice_session *rl_spice_session_start(const struct rl_spice_session_params *p,
						const struct rl_log *log)
{
	struct rl_spice_session *s = g_new0(struct rl_spice_session, 1);

	s->params = *p;
	s->log = log;
	s->host = g_strdup(p->host ? p->host : "127.0.0.1");
	s->socket = p->socket && *p->socket ? g_strdup(p->socket) : NULL;
	s->password = g_strdup(p->password);
	s->ca_file = p->ca_file && *p->ca_file ? g_strdup(p->ca_file) : NULL;
	s->backoff_s = BACKOFF_MIN_S;
	s->state.mic_allowed = p->audio && p->mic_policy == RL_MIC_ALLOW;
	if (s->socket)
		snprintf(s->where, sizeof(s->where), "%s", s->socket);
	else
		snprintf(s->where, sizeof(s->where), "%s:%d%s", s->host,
			 p->tls_port ? p->tls_port : p->port, p->tls_port ? " (TLS)" : "");
	g_mutex_init(&s->lock);
	snprintf(s->state.problem, sizeof(s->state.problem),
		 "input unavailable: connecting to SPICE at %s", s->where);
	s->in_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	s->out_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	if (s->in_fd < 0 || s->out_fd < 0) {
		rl_err(log, "spice: eventfd: %s", strerror(errno));
		goto err;
	}
	s->loop = g_main_loop_new(NULL, FALSE);
	s->thread = g_thread_try_new("relay-spice", thread_main, s, NULL);
	if (!s->thread) {
		rl_err(log, "spice: cannot start the session thread");
		goto err;
	}
	return s;

err:
	if (s->loop)
		g_main_loop_unref(s->loop);
	if (s->in_fd >= 0)
		close(s->in_fd);
	if (s->out_fd >= 0)
		close(s->out_fd);
	g_mutex_clear(&s->lock);
	g_free(s->host);
	g_free(s->socket);
	g_free(s->password);
	g_free(s->ca_file);
	g_free(s);
	return NULL;
}

void rl_spice_session_stop(struct rl_spice_session *s)
{
	GSource *src;

	if (!s)
		return;
	/* An idle source on the session's context: it runs in that thread. */
	src = g_idle_source_new();
	g_source_set_callback(src, quit, s, NULL);
	g_source_attach(src, NULL);
	g_source_unref(src);
	g_thread_join(s->thread);
	g_main_loop_unref(s->loop);
	close(s->in_fd);
	close(s->out_fd);
	g_mutex_clear(&s->lock);
	if (s->password)
		memset(s->password, 0, strlen(s->password));
	g_free(s->host);
	g_free(s->socket);
	g_free(s->password);
	g_free(s->ca_file);
	g_free(s);
}

void rl_spice_session_send(struct rl_spice_session *s, const struct rl_spice_event *ev)
{
	uint64_t one = 1;
	bool wake;

	g_mutex_lock(&s->lock);
	if (s->count == QUEUE_LEN) {
		s->dropped++;
		g_mutex_unlock(&s->lock);
		return;
	}
	s->queue[(s->head + s->count) % QUEUE_LEN] = *ev;
	wake = s->count++ == 0;
	g_mutex_unlock(&s->lock);
	if (wake && write(s->in_fd, &one, sizeof(one)) < 0 && errno != EAGAIN)
		rl_dbg(s->log, "spice: eventfd write: %s", strerror(errno));
}

int rl_spice_session_fd(const struct rl_spice_session *s)
{
	return s->out_fd;
}

void rl_spice_session_state(struct rl_spice_session *s, struct rl_spice_state *out)
{
	uint64_t v;

	if (read(s->out_fd, &v, sizeof(v)) < 0 && errno != EAGAIN)
		rl_dbg(s->log, "spice: eventfd read: %s", strerror(errno));
	g_mutex_lock(&s->lock);
	*out = s->state;
	g_mutex_unlock(&s->lock);
}
