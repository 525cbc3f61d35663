/* SPDX-License-Identifier: MIT */
/*
 * The SPICE session thread. spice-client-glib 0.42 queues its internal
 * work on the global default GMainContext, so the session runs in a thread
 * of its own that runs that context (and no other thread may iterate it).
 * The client thread hands it input events through a queue and an eventfd
 * (rl_spice_session_send); the session hands back its state (connected,
 * the mouse mode, why input does not get through) through a second
 * eventfd that the client's loop watches (rl_spice_session_fd).
 *
 * The session connects main + inputs (and, with an audio backend,
 * playback + record: the guest's sound to it, the microphone from it
 * while the policy allows), reconnects with a backoff (1 s
 * doubling to 30 s) when the server is absent or goes away, and releases
 * every key and button it pressed in the guest on release_all, on each
 * (re)connect, and when it stops.
 */
#ifndef RELAY_CLIENT_INPUT_SPICE_SESSION_H
#define RELAY_CLIENT_INPUT_SPICE_SESSION_H

#include <stdbool.h>
#include <stdint.h>

#include "audio.h"
#include "relay/log.h"

/* [audio] mic: may the guest's record channel open the microphone? */
enum rl_mic_policy {
	RL_MIC_DENY,  /* never */
	RL_MIC_ALLOW, /* whenever the guest records (escape + M still turns it off) */
	RL_MIC_ASK,   /* only after the user allows it (escape + M) */
};

struct rl_spice_session_params {
	const char *host;     /* TCP: host and port (or tls_port) */
	int port;
	int tls_port;         /* 0 = none */
	const char *ca_file;  /* TLS: the CA certificate, NULL = system default */
	const char *socket;   /* a UNIX socket path instead of TCP; NULL = TCP */
	const char *password; /* NULL = none; never logged */
	struct rl_audio *audio; /* the guest's sound goes here; NULL = no audio channels */
	enum rl_mic_policy mic_policy;
};

enum rl_spice_event_type {
	RL_SPICE_KEY_DOWN,     /* a: set-1 scancode (scancode.h), also for repeats */
	RL_SPICE_KEY_UP,       /* a: set-1 scancode */
	RL_SPICE_PAUSE,        /* the E1 Pause sequence */
	RL_SPICE_MOTION,       /* a, b: relative motion in guest pixels */
	RL_SPICE_POSITION,     /* a, b: absolute position in guest pixels */
	RL_SPICE_BUTTON_DOWN,  /* a: SPICE_MOUSE_BUTTON_* */
	RL_SPICE_BUTTON_UP,
	RL_SPICE_WHEEL,        /* a: whole steps, > 0 away from the user */
	RL_SPICE_RELEASE_ALL,
	RL_SPICE_MOUSE_MODE,   /* a: 1 ask for server (relative) mode, 0 for client mode */
	RL_SPICE_LOCKS,        /* a: RL_LOCK_* the guest should have, b: which of them matter */
	RL_SPICE_MIC_TOGGLE,   /* the user allows / stops the microphone */
};

struct rl_spice_event {
	uint32_t type; /* enum rl_spice_event_type */
	int32_t a;
	int32_t b;
};

/* What the session says, copied out by rl_spice_session_state. */
struct rl_spice_state {
	bool connected;     /* the inputs channel is open */
	bool client_mouse;  /* the server is in client (absolute) mouse mode */
	char problem[256];  /* "" while connected, else why input does not get through */
	bool mic_wanted;    /* the guest's record channel is recording */
	bool mic_allowed;   /* the user (or the policy) lets it have the microphone */
	bool mic_live;      /* the capture stream is open: the guest hears the host */
};

struct rl_spice_session;

/* Start the thread (it connects at once). NULL (logged) on failure. */
struct rl_spice_session *rl_spice_session_start(const struct rl_spice_session_params *p,
						const struct rl_log *log);
/* Release what is held, disconnect, join the thread, free. Accepts NULL. */
void rl_spice_session_stop(struct rl_spice_session *s);

/* Queue one event for the session thread (client thread; never blocks). */
void rl_spice_session_send(struct rl_spice_session *s, const struct rl_spice_event *ev);

/* Readable when the state changed (the client's loop watches it). */
int rl_spice_session_fd(const struct rl_spice_session *s);

/* Clear the fd's readiness and copy the current state. */
void rl_spice_session_state(struct rl_spice_session *s, struct rl_spice_state *out);

#endif
