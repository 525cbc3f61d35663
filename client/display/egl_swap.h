/* SPDX-License-Identifier: MIT */
/*
 * Presenting with damage, shared by the displays: where the EGL display
 * offers eglSwapBuffersWithDamage (EGL_KHR_ or EGL_EXT_swap_buffers_with_
 * damage) the X server or compositor is told which rects changed and
 * copies or composites only those; elsewhere a plain eglSwapBuffers. The
 * caller redraws the whole back buffer every time, so pixels outside the
 * rects equal the previous frame's, as the extensions require.
 */
#ifndef RELAY_CLIENT_EGL_SWAP_H
#define RELAY_CLIENT_EGL_SWAP_H

#include <stdbool.h>
#include <stdint.h>

#include "relay/protocol.h"

#define RL_SWAP_MAX_RECTS RL_MAX_DAMAGE

struct rl_egl_swap {
	void *dpy;   /* EGLDisplay */
	int how;     /* 0: plain swaps, 1: KHR, 2: EXT */
};

/* Ask egl_display (an EGLDisplay) once what it offers. */
void rl_egl_swap_init(struct rl_egl_swap *s, void *egl_display);
/* Does it take damage? */
bool rl_egl_swap_partial(const struct rl_egl_swap *s);
/*
 * Swap surface (an EGLSurface, height pixels tall). rects in drawable
 * pixels, origin top-left; n == 0 (or more than RL_SWAP_MAX_RECTS): all
 * of it. False when EGL failed (eglGetError() tells why).
 */
bool rl_egl_swap(const struct rl_egl_swap *s, void *surface, uint32_t height,
		 const struct rl_rect *rects, uint32_t n);

#endif
