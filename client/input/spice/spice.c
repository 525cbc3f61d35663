/* SPDX-License-Identifier: MIT */
/*
 * The SPICE input backend: captured keys, buttons, motion and the wheel go
 * to the guest through a SPICE session (session.c, its own thread), keys
 * as set-1 scancodes (scancode.h). Out of capture the pointer's position
 * goes as an absolute position while the server is in client mouse mode;
 * capture asks for server (relative) mode and gives it back on release.
 *
 * The same session carries the guest's sound and the microphone when an
 * audio backend is built in ([audio] options below; audio/audio.h).
 */
#include <errno.h>
#include <linux/input-event-codes.h>
#include <spice/enums.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "input.h"
#include "relay/downcast.h"
#include "relay/time.h"
#include "scancode.h"
#include "session.h"

/* [spice]: this backend's own options. */
struct spice_config {
	bool enable;
	char *host;
	int64_t port;
	char *socket;
	char *password_file;
	int64_t tls_port;
	char *ca_file;
	int64_t sensitivity; /* percent */
	bool audio;          /* [audio] */
	char *audio_device;
	int64_t audio_latency; /* ms */
	int mic;             /* enum rl_mic_policy */
	char *mic_device;
	bool mic_monitor;
};

struct spice_input {
	struct rl_input base;
	const struct spice_config *cfg;
	const struct rl_input_listener *listener;
	void *data;
	const struct rl_log *log;
	struct rl_spice_session *session; /* NULL with --no-spice */
	struct rl_audio *audio;            /* NULL: no sound */
	struct rl_spice_state state;
	bool ctrl[2];          /* left, right Ctrl down (Pause becomes Ctrl+Break) */
	bool ctrl_break;       /* the Pause key went down as Ctrl+Break */
	double motion_x;       /* sub-pixel remainders of scaled motion */
	double motion_y;
	double wheel;          /* part of a wheel step not sent yet */
	uint64_t unmapped_logged[(KEY_MAX + 64) / 64];
};

extern const struct rl_input_ops rl_input_spice; /* at the end of this file */

static struct spice_input *spice_from(struct rl_input *in)
{
	return RL_DOWNCAST(struct spice_input, in, &rl_input_spice);
}

static void send_ev(struct spice_input *s, uint32_t type, int32_t a, int32_t b)
{
	struct rl_spice_event ev = { type, a, b };

	if (s->session)
		rl_spice_session_send(s->session, &ev);
}

static void spice_key(struct rl_input *in, uint32_t key, bool pressed)
{
	struct spice_input *s = spice_from(in);
	uint32_t code = rl_set1_scancode(key);

	if (key == KEY_LEFTCTRL || key == KEY_RIGHTCTRL)
		s->ctrl[key == KEY_RIGHTCTRL] = pressed;
	if (!code) {
		if (key <= KEY_MAX && !((s->unmapped_logged[key / 64] >> (key % 64)) & 1u)) {
			s->unmapped_logged[key / 64] |= (uint64_t)1 << (key % 64);
			rl_info(s->log, "spice: key %u has no PC scancode: not sent to the guest", key);
		}
		return;
	}
	if (code == RL_SET1_PAUSE) {
		if (pressed && (s->ctrl[0] || s->ctrl[1])) {
			s->ctrl_break = true;
			send_ev(s, RL_SPICE_KEY_DOWN, RL_SET1_CTRL_BREAK, 0);
		} else if (pressed) {
			send_ev(s, RL_SPICE_PAUSE, 0, 0); /* make and break in one: no release */
		} else if (s->ctrl_break) {
			s->ctrl_break = false;
			send_ev(s, RL_SPICE_KEY_UP, RL_SET1_CTRL_BREAK, 0);
		}
		return;
	}
	if (s->log->level >= RL_LOG_DEBUG) /* tests/bench/input.sh pairs these with the server's */
		rl_dbg(s->log, "spice: key %u %s -> 0x%x at %llu us", key, pressed ? "down" : "up",
		       code, (unsigned long long)(rl_time_ns() / 1000));
	send_ev(s, pressed ? RL_SPICE_KEY_DOWN : RL_SPICE_KEY_UP, (int32_t)code, 0);
}

static void spice_motion(struct rl_input *in, double dx, double dy)
{
	struct spice_input *s = spice_from(in);
	double k = (double)s->cfg->sensitivity / 100.0;
	int32_t ix, iy;

	s->motion_x += dx * k;
	s->motion_y += dy * k;
	ix = (int32_t)s->motion_x;
	iy = (int32_t)s->motion_y;
	s->motion_x -= ix;
	s->motion_y -= iy;
	if (ix || iy)
		send_ev(s, RL_SPICE_MOTION, ix, iy);
}

static void spice_position(struct rl_input *in, int32_t x, int32_t y)
{
	struct spice_input *s = spice_from(in);

	/* In server mode the guest moves its own cursor from relative motion. */
	if (s->state.client_mouse)
		send_ev(s, RL_SPICE_POSITION, x, y);
}

static int32_t spice_button_of(uint32_t button)
{
	switch (button) {
	case BTN_LEFT:
		return SPICE_MOUSE_BUTTON_LEFT;
	case BTN_RIGHT:
		return SPICE_MOUSE_BUTTON_RIGHT;
	case BTN_MIDDLE:
		return SPICE_MOUSE_BUTTON_MIDDLE;
	case BTN_SIDE:
		return SPICE_MOUSE_BUTTON_SIDE;
	case BTN_EXTRA:
		return SPICE_MOUSE_BUTTON_EXTRA;
	default:
		return 0;
	}
}

static void spice_button(struct rl_input *in, uint32_t button, bool pressed)
{
	struct spice_input *s = spice_from(in);
	int32_t b = spice_button_of(button);

	if (b)
		send_ev(s, pressed ? RL_SPICE_BUTTON_DOWN : RL_SPICE_BUTTON_UP, b, 0);
}

static void spice_scroll(struct rl_input *in, double dx, double dy)
{
	struct spice_input *s = spice_from(in);
	int32_t steps;

	(void)dx; /* the SPICE protocol has no horizontal wheel */
	s->wheel += dy;
	steps = (int32_t)s->wheel;
	s->wheel -= steps;
	if (steps)
		send_ev(s, RL_SPICE_WHEEL, steps, 0);
}

static bool spice_absolute(struct rl_input *in)
{
	return spice_from(in)->state.client_mouse;
}

static void spice_sync_locks(struct rl_input *in, uint32_t locks, uint32_t mask)
{
	struct spice_input *s = spice_from(in);

	send_ev(s, RL_SPICE_LOCKS, (int32_t)locks, (int32_t)mask);
}

static void spice_captured(struct rl_input *in, bool on)
{
	struct spice_input *s = spice_from(in);

	/* Capture is relative motion: server mode; out of it, client mode if offered. */
	send_ev(s, RL_SPICE_MOUSE_MODE, on ? 1 : 0, 0);
}

static void spice_release_all(struct rl_input *in)
{
	struct spice_input *s = spice_from(in);

	s->ctrl[0] = s->ctrl[1] = false;
	s->ctrl_break = false;
	s->motion_x = s->motion_y = 0;
	s->wheel = 0;
	send_ev(s, RL_SPICE_RELEASE_ALL, 0, 0);
}

static int spice_event_fd(struct rl_input *in)
{
	struct spice_input *s = spice_from(in);

	return s->session ? rl_spice_session_fd(s->session) : -1;
}

static void spice_dispatch(struct rl_input *in)
{
	struct spice_input *s = spice_from(in);
	struct rl_spice_state st;

	if (!s->session)
		return;
	rl_spice_session_state(s->session, &st);
	if (strcmp(st.problem, s->state.problem) != 0)
		s->listener->status(s->data, st.problem[0] ? st.problem : NULL);
	bool changed = st.mic_live != s->state.mic_live ||
		       st.mic_wanted != s->state.mic_wanted ||
		       st.mic_allowed != s->state.mic_allowed ||
		       st.client_mouse != s->state.client_mouse;

	s->state = st;
	if (changed && s->listener->changed)
		s->listener->changed(s->data);
}

static void spice_report(struct rl_input *in, struct rl_input_report *out)
{
	struct spice_input *s = spice_from(in);
	struct rl_audio_stats st;

	memset(out, 0, sizeof(*out));
	if (!s->audio)
		return;
	s->audio->impl->stats(s->audio, &st);
	rl_audio_stats_format(&st, out->audio, sizeof(out->audio));
	out->mic_live = s->state.mic_live;
	out->mic_asked = s->state.mic_wanted && !s->state.mic_allowed &&
			 s->cfg->mic == RL_MIC_ASK;
}

static void spice_toggle_mic(struct rl_input *in)
{
	struct spice_input *s = spice_from(in);

	if (!s->audio) {
		rl_info(s->log, "no microphone: audio is off");
		return;
	}
	send_ev(s, RL_SPICE_MIC_TOGGLE, 0, 0);
}

/* The password: the file's first line, never on the command line or in logs. */
static char *read_password(const char *path, const struct rl_log *log)
{
	FILE *f = fopen(path, "r");
	char buf[512];
	size_t n;

	if (!f) {
		rl_err(log, "spice: cannot read the password file %s: %s", path, strerror(errno));
		return NULL;
	}
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	buf[strcspn(buf, "\r\n")] = '\0';
	char *p = strdup(buf);

	memset(buf, 0, sizeof(buf));
	if (!p)
		rl_err(log, "spice: out of memory");
	return p;
}

static bool is_loopback(const char *host)
{
	return strncmp(host, "127.", 4) == 0 || strcmp(host, "::1") == 0 ||
	       strcmp(host, "localhost") == 0;
}

/* The audio backend, or NULL (said why) for a session without sound. */
static struct rl_audio *open_audio(const struct spice_config *cfg, const struct rl_log *log)
{
	if (!cfg->audio) {
		rl_info(log, "audio: off (--no-audio)");
		return NULL;
	}
#if RL_HAS_PIPEWIRE
	struct rl_audio_params p = {
		.device = cfg->audio_device,
		.mic_device = cfg->mic_device,
		.mic_monitor = cfg->mic_monitor,
		.latency_ms = (uint32_t)cfg->audio_latency,
	};

	return rl_audio_pipewire.create(&p, log);
#else
	rl_info(log, "audio: this client is built without PipeWire (-DRELAY_AUDIO_PIPEWIRE=OFF): no sound");
	return NULL;
#endif
}

static void spice_destroy(struct rl_input *in)
{
	struct spice_input *s;

	if (!in)
		return;
	s = spice_from(in);
	rl_spice_session_stop(s->session);
	if (s->audio)
		s->audio->impl->destroy(s->audio);
	free(s);
}

static struct rl_input *spice_create(const void *config,
				     const struct rl_input_listener *listener, void *data,
				     const struct rl_log *log)
{
	const struct spice_config *cfg = config;
	struct spice_input *s;
	char *password = NULL;

	if (!cfg) {
		rl_err(log, "spice: no configuration");
		return NULL;
	}
	s = calloc(1, sizeof(*s));
	if (!s) {
		rl_err(log, "spice: out of memory");
		return NULL;
	}
	s->base.impl = &rl_input_spice;
	s->cfg = cfg;
	s->listener = listener;
	s->data = data;
	s->log = log;
	if (!cfg->enable) {
		rl_info(log, "spice: off (--no-spice): keyboard and mouse do not reach the guest");
		snprintf(s->state.problem, sizeof(s->state.problem),
			 "input off: SPICE disabled (--no-spice)");
		listener->status(data, s->state.problem);
		return &s->base;
	}
	if (cfg->password_file && !(password = read_password(cfg->password_file, log))) {
		free(s);
		return NULL;
	}
	if (!(cfg->socket && *cfg->socket) && !cfg->tls_port && !is_loopback(cfg->host))
		rl_warn(log, "spice: connecting to %s without TLS: keys (passwords too) cross the network in clear (set spice-tls-port, or use a UNIX socket)",
			cfg->host);
	s->audio = open_audio(cfg, log);
	struct rl_spice_session_params p = {
		.host = cfg->host,
		.port = (int)cfg->port,
		.tls_port = (int)cfg->tls_port,
		.ca_file = cfg->ca_file,
		.socket = cfg->socket,
		.password = password,
		.audio = s->audio,
		.mic_policy = (enum rl_mic_policy)cfg->mic,
	};

	s->session = rl_spice_session_start(&p, log);
	if (password) {
		memset(password, 0, strlen(password));
		free(password);
	}
	if (!s->session) {
		if (s->audio)
			s->audio->impl->destroy(s->audio);
		free(s);
		return NULL;
	}
	rl_spice_session_state(s->session, &s->state);
	listener->status(data, s->state.problem[0] ? s->state.problem : NULL);
	return &s->base;
}

#define OPT(name, type, field, def, arg, help, lo, hi) \
	{ "spice", name, 0, type, offsetof(struct spice_config, field), def, arg, help, lo, hi, NULL }

#define AOPT(name, type, field, def, arg, help, lo, hi, choices) \
	{ "audio", name, 0, type, offsetof(struct spice_config, field), def, arg, help, lo, hi, choices }

static const char *const mic_choices[] = { "deny", "allow", "ask", NULL };

static const struct rl_opt spice_opts[] = {
	OPT("spice", RL_OPT_BOOL, enable, "yes", NULL,
	    "SPICE: send keyboard and mouse to the guest through the VM's SPICE server (--no-spice: not at all).",
	    0, 0),
	OPT("spice-host", RL_OPT_STRING, host, "127.0.0.1", "HOST",
	    "SPICE: the server's address (QEMU's -spice addr=, libvirt's <graphics type='spice' listen=...>).",
	    0, 0),
	OPT("spice-port", RL_OPT_INT, port, "5900", "PORT", "SPICE: the server's TCP port.", 1, 65535),
	OPT("spice-socket", RL_OPT_STRING, socket, NULL, "PATH",
	    "SPICE: a UNIX socket instead of TCP (libvirt's <listen type='socket'>, QEMU's -spice unix=on,addr=PATH).",
	    0, 0),
	OPT("spice-password-file", RL_OPT_STRING, password_file, NULL, "FILE",
	    "SPICE: read the ticket (password) from the first line of FILE; it is never given on the command line or logged.",
	    0, 0),
	OPT("spice-tls-port", RL_OPT_INT, tls_port, "0", "PORT",
	    "SPICE: connect with TLS to this port (0 = plain TCP).", 0, 65535),
	OPT("spice-ca-file", RL_OPT_STRING, ca_file, NULL, "FILE",
	    "SPICE: the CA certificate that signed the server's TLS certificate (default: the system's).",
	    0, 0),
	OPT("mouse-sensitivity", RL_OPT_INT, sensitivity, "100", "PERCENT",
	    "SPICE: captured (relative) mouse motion scaled by PERCENT/100.", 1, 1000),
	AOPT("audio", RL_OPT_BOOL, audio, "yes", NULL,
	     "Audio: play the guest's sound and offer it the microphone, through PipeWire (--no-audio: neither).",
	     0, 0, NULL),
	AOPT("audio-device", RL_OPT_STRING, audio_device, NULL, "NODE",
	     "Audio: the PipeWire sink to play to, by node.name (pw-cli ls Node; default: the default sink).",
	     0, 0, NULL),
	AOPT("audio-latency", RL_OPT_INT, audio_latency, "20", "MS",
	     "Audio: the playback latency to hold, in ms (drift control keeps it there).", 5, 500, NULL),
	AOPT("mic", RL_OPT_CHOICE, mic, "ask", "POLICY",
	     "Audio: may the guest record the microphone? deny: never; allow: whenever it asks; ask: after escape key + M (which also stops it).",
	     0, 0, mic_choices),
	AOPT("mic-device", RL_OPT_STRING, mic_device, NULL, "NODE",
	     "Audio: the PipeWire source to record from, by node.name (default: the default source).",
	     0, 0, NULL),
	AOPT("mic-monitor", RL_OPT_BOOL, mic_monitor, "no", NULL,
	     "Audio: mic-device names a sink: record what it plays (its monitor).", 0, 0, NULL),
};

static const struct rl_opt_group spice_options = {
	spice_opts, sizeof(spice_opts) / sizeof(spice_opts[0]), sizeof(struct spice_config),
};

const struct rl_input_ops rl_input_spice = {
	.name = "spice",
	.description = "keyboard and mouse to the guest through its SPICE server",
	.options = &spice_options,
	.create = spice_create,
	.destroy = spice_destroy,
	.event_fd = spice_event_fd,
	.dispatch = spice_dispatch,
	.key = spice_key,
	.motion = spice_motion,
	.position = spice_position,
	.button = spice_button,
	.scroll = spice_scroll,
	.absolute = spice_absolute,
	.sync_locks = spice_sync_locks,
	.captured = spice_captured,
	.release_all = spice_release_all,
	.report = spice_report,
	.toggle_mic = spice_toggle_mic,
};
