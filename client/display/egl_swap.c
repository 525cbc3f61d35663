/* SPDX-License-Identifier: MIT */
#include "egl_swap.h"

#include <epoxy/egl.h>

void rl_egl_swap_init(struct rl_egl_swap *s, void *egl_display)
{
	EGLDisplay dpy = egl_display;

	s->dpy = egl_display;
	s->how = 0;
	if (dpy == EGL_NO_DISPLAY)
		return;
	if (epoxy_has_egl_extension(dpy, "EGL_KHR_swap_buffers_with_damage"))
		s->how = 1;
	else if (epoxy_has_egl_extension(dpy, "EGL_EXT_swap_buffers_with_damage"))
		s->how = 2;
}

bool rl_egl_swap_partial(const struct rl_egl_swap *s)
{
	return s->how != 0;
}

bool rl_egl_swap(const struct rl_egl_swap *s, void *surface, uint32_t height,
		 const struct rl_rect *rects, uint32_t n)
{
	EGLint box[4 * RL_SWAP_MAX_RECTS];

	if (!s->how || !n || n > RL_SWAP_MAX_RECTS)
		return eglSwapBuffers(s->dpy, surface);
	/* EGL counts rows from the bottom. */
	for (uint32_t i = 0; i < n; i++) {
		box[4 * i] = (EGLint)rects[i].x;
		box[4 * i + 1] = (EGLint)height - (EGLint)(rects[i].y + rects[i].h);
		box[4 * i + 2] = (EGLint)rects[i].w;
		box[4 * i + 3] = (EGLint)rects[i].h;
	}
	if (s->how == 1)
		return eglSwapBuffersWithDamageKHR(s->dpy, surface, box, (EGLint)n);
	return eglSwapBuffersWithDamageEXT(s->dpy, surface, box, (EGLint)n);
}
