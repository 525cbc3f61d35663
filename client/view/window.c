/* SPDX-License-Identifier: MIT */
#include "window.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <linux/input-event-codes.h>

#include "keybind.h"
#include "relay/locks.h"
#include "relay/format.h"
#include "present.h"
#include "report.h"
#include "relay/time.h"

#define OVERLAY_PERIOD_NS (16 * RL_NS_PER_MS)
#define RATE_WINDOW_NS RL_NS_PER_S
#define COMPARABLE_CLOCK_NS RL_NS_PER_S

struct rl_window {
	struct rl_window_params params;
	const struct rl_log *log;
	struct rl_display *display;
	struct rl_renderer *renderer;
	struct rl_input *input;
	struct rl_keybind keys;
	uint32_t width;             /* drawable */
	uint32_t height;
	bool captured;
	bool fullscreen;
	char input_problem[256];     /* why input does not reach the guest; "" = it does */
	struct rl_input_report report; /* the input backend's other channels (audio) */
	bool overlay_on;
	bool quit;
	bool dirty;                 /* something visible changed since the swap */
	/*
	 * What the next present changes, for a damage-aware swap: frame
	 * pixels (the frames' damage, the cursor's old and new rects) unless
	 * present_whole (anything else changed: size, viewport, text, overlay).
	 */
	struct rl_damage present_damage;
	bool present_whole;
	uint32_t frame_w, frame_h;   /* of the frame in the texture */
	uint32_t cursor_w, cursor_h; /* the cursor shape's */
	int32_t cursor_hot_x, cursor_hot_y;
	struct rl_viewport last_vp;  /* of the last present */
	uint32_t last_width, last_height;
	bool connected;
	bool idle_inhibited;
	bool format_ok;
	const struct rl_frame *last; /* the core's frame, valid until its next poll */
	uint64_t frames_presented;
	uint64_t shown_serial;       /* frame in the renderer's texture */
	uint64_t gpu_upload_ns;      /* the last frame_dmabuf() copy */
	bool frame_pending;          /* uploaded, not yet presented */
	int32_t cursor_x;
	int32_t cursor_y;
	bool cursor_visible;
	bool have_position;
	int32_t sent_x;              /* last absolute position sent */
	int32_t sent_y;
	bool sent_absolute;          /* sent_x, sent_y went to the guest as a position */
	bool warp_pending;           /* ask the host to put the guest cursor at sent_x, sent_y */
	char status[320];
	bool status_on;
	struct rl_frame_timing timing; /* of the pending frame */
	struct rl_overlay overlay;
	uint64_t rate_start_ns;
	uint32_t rate_renders;
	uint32_t rate_frames;
	uint64_t last_draw_ns;
};

static void print_line(FILE *out, const char *fmt, ...) RL_PRINTF(2, 3);

static void print_line(FILE *out, const char *fmt, ...)
{
	va_list ap;

	if (!out)
		return;
	va_start(ap, fmt);
	vfprintf(out, fmt, ap);
	va_end(ap);
	fflush(out);
}

/* Something other than the frame or the cursor changed: present it all. */
static void redraw_all(struct rl_window *w)
{
	w->dirty = true;
	w->present_whole = true;
}

static void update_title(struct rl_window *w)
{
	char title[512];
	const char *key = w->keys.esc.name;

	const char *name = w->params.display.title ? w->params.display.title : "relay";

	if (w->input_problem[0])
		snprintf(title, sizeof(title), "%s - %s%s", name, w->input_problem,
			 w->captured ? " (captured)" : "");
	else if (w->captured)
		snprintf(title, sizeof(title), "%s - input captured (%s releases)", name,
			 key[0] ? key : "escape key");
	else
		snprintf(title, sizeof(title), "%s", name);
	w->params.display_ops->set_title(w->display, title);
}

static void set_capture(struct rl_window *w, bool on)
{
	if (on == w->captured)
		return;
	w->params.display_ops->set_capture(w->display, on);
	w->captured = on;
	w->input->impl->captured(w->input, on);
	if (!on)
		w->input->impl->release_all(w->input);
	w->have_position = false;
	w->warp_pending = false;
	rl_info(w->log, "input %s", on ? "captured" : "released");
	update_title(w);
}

static void set_status(struct rl_window *w, const char *text)
{
	if (!text) {
		if (w->status_on)
			w->renderer->impl->set_status(w->renderer, NULL);
		w->status_on = false;
	} else {
		snprintf(w->status, sizeof(w->status), "%s", text);
		w->renderer->impl->set_status(w->renderer, w->status);
		w->status_on = true;
	}
	redraw_all(w);
}

static void set_idle_inhibit(struct rl_window *w)
{
	bool want = w->params.inhibit_idle && w->connected;

	if (want == w->idle_inhibited)
		return;
	w->params.display_ops->inhibit_idle(w->display, want);
	w->idle_inhibited = want;
}

/* ---- the view seam (called from inside rl_client_poll) ---------------- */

static void window_link_changed(void *view, enum rl_link_state state,
				const char *message)
{
	struct rl_window *w = view;

	w->connected = state == RL_LINK_CONNECTED;
	set_idle_inhibit(w);
	if (!w->connected) {
		set_status(w, message);
		w->shown_serial = 0;
	} else if (!w->shown_serial) {
		set_status(w, "connected: waiting for the first frame");
	}
}

/* The cursor's rect, in frame pixels, joins the next present's damage. */
static void damage_cursor(struct rl_window *w)
{
	int64_t x0 = (int64_t)w->cursor_x - w->cursor_hot_x, y0 = (int64_t)w->cursor_y - w->cursor_hot_y;
	int64_t x1 = x0 + w->cursor_w, y1 = y0 + w->cursor_h;

	if (!w->cursor_visible || !w->cursor_w || !w->cursor_h || !w->frame_w)
		return;
	x0 = x0 < 0 ? 0 : x0;
	y0 = y0 < 0 ? 0 : y0;
	x1 = x1 > w->frame_w ? w->frame_w : x1;
	y1 = y1 > w->frame_h ? w->frame_h : y1;
	if (x1 > x0 && y1 > y0)
		rl_damage_add(&w->present_damage,
			      (struct rl_rect){ (uint32_t)x0, (uint32_t)y0, (uint32_t)(x1 - x0),
						(uint32_t)(y1 - y0) },
			      w->frame_w, w->frame_h);
}

static void window_frame(void *view, const struct rl_frame *f)
{
	struct rl_window *w = view;
	uint64_t now = rl_time_ns();
	int64_t observed = (int64_t)(now - f->ts_publish_ns);
	uint64_t t0, t1;

	w->last = f;
	if (w->params.print_frames)
		rl_report_frame(w->params.print_frames, f);
	t0 = rl_time_ns();
	if (f->on_gpu) {
		/* frame_dmabuf() already copied it on the GPU. */
		w->format_ok = true;
		t0 = rl_time_ns() - w->gpu_upload_ns;
	} else {
		w->format_ok = w->renderer->impl->upload(w->renderer, f);
	}
	t1 = rl_time_ns();
	if (!w->format_ok) {
		char text[128];

		snprintf(text, sizeof(text), "cannot show %s frames yet",
			 rl_format_name(f->format));
		set_status(w, text);
		return;
	}
	if (w->status_on)
		set_status(w, NULL);
	w->shown_serial = f->serial;
	w->frame_pending = true;
	w->dirty = true;
	if (f->width != w->frame_w || f->height != w->frame_h || f->damage.full) {
		w->frame_w = f->width;
		w->frame_h = f->height;
		w->present_whole = true;
	} else {
		rl_damage_union(&w->present_damage, &f->damage, f->width, f->height);
	}
	w->rate_frames++;
	w->timing.capture_to_publish = f->ts_publish_ns >= f->ts_capture_ns ?
		(float)(f->ts_publish_ns - f->ts_capture_ns) / 1e6f : 0.0f;
	/* Host and client clocks agree only when both run on one machine. */
	w->timing.publish_to_observed = observed >= 0 && observed < (int64_t)COMPARABLE_CLOCK_NS ?
		(float)observed / 1e6f : -1.0f;
	w->timing.upload = (float)(t1 - t0) / 1e6f;
}

static void window_cursor(void *view, const struct rl_cursor *cur,
			  uint32_t changed)
{
	struct rl_window *w = view;

	damage_cursor(w); /* where it was */
	if (changed & RL_CURSOR_CHANGED_SHAPE) {
		w->renderer->impl->cursor_shape(w->renderer, cur);
		w->cursor_w = cur->width;
		w->cursor_h = cur->height;
		w->cursor_hot_x = cur->hot_x;
		w->cursor_hot_y = cur->hot_y;
	}
	if (changed & RL_CURSOR_CHANGED_POS) {
		w->cursor_x = cur->x;
		w->cursor_y = cur->y;
		w->cursor_visible = cur->visible;
		w->renderer->impl->cursor_move(w->renderer, cur->x, cur->y, cur->visible);
	}
	damage_cursor(w); /* where it is */
	w->dirty = true;
}

static bool window_frame_dmabuf(void *view, const struct rl_frame *f, int fd,
				uint64_t offset)
{
	struct rl_window *w = view;
	uint64_t t0 = rl_time_ns();

	if (!w->renderer->impl->upload_dmabuf ||
	    !w->renderer->impl->upload_dmabuf(w->renderer, fd, offset,
					      f->src_pitch, f))
		return false;
	w->gpu_upload_ns = rl_time_ns() - t0;
	return true;
}

/* ---- the display's events ---------------------------------------------- */

static void on_resized(void *data, uint32_t width, uint32_t height)
{
	struct rl_window *w = data;

	w->width = width;
	w->height = height;
	redraw_all(w);
}

static void on_close(void *data)
{
	struct rl_window *w = data;

	w->quit = true;
}

static void on_focus(void *data, bool focused)
{
	struct rl_window *w = data;

	if (focused) {
		/*
		 * The guest's locks follow the host's; not the escape key's own
		 * lock, which the user toggles to capture.
		 */
		uint32_t mask = RL_LOCK_CAPS | RL_LOCK_NUM | RL_LOCK_SCROLL;

		if (w->keys.escape == KEY_SCROLLLOCK)
			mask &= ~RL_LOCK_SCROLL;
		else if (w->keys.escape == KEY_NUMLOCK)
			mask &= ~RL_LOCK_NUM;
		else if (w->keys.escape == KEY_CAPSLOCK)
			mask &= ~RL_LOCK_CAPS;
		w->input->impl->sync_locks(w->input, w->params.display_ops->locks(w->display), mask);
		return;
	}
	rl_keybind_reset(&w->keys);
	set_capture(w, false);
}

static void toggle_fullscreen(struct rl_window *w)
{
	w->fullscreen = !w->fullscreen;
	w->params.display_ops->set_fullscreen(w->display, w->fullscreen);
	rl_info(w->log, "fullscreen %s", w->fullscreen ? "on" : "off");
	redraw_all(w);
}

static void on_key(void *data, uint32_t key, bool pressed)
{
	struct rl_window *w = data;

	switch (rl_keybind_key(&w->keys, key, pressed)) {
	case RL_KEYBIND_FORWARD:
		if (w->captured)
			w->input->impl->key(w->input, key, pressed);
		break;
	case RL_KEYBIND_TOGGLE_CAPTURE:
		set_capture(w, !w->captured);
		break;
	case RL_KEYBIND_FULLSCREEN:
		toggle_fullscreen(w);
		break;
	case RL_KEYBIND_QUIT:
		rl_info(w->log, "quit (escape key + Q)");
		w->quit = true;
		break;
	case RL_KEYBIND_OVERLAY:
		w->overlay_on = !w->overlay_on;
		rl_info(w->log, "stats overlay %s", w->overlay_on ? "on" : "off");
		redraw_all(w);
		break;
	case RL_KEYBIND_MIC:
		if (w->input->impl->toggle_mic)
			w->input->impl->toggle_mic(w->input);
		else
			rl_info(w->log, "no microphone: the %s input carries no audio",
				w->input->impl->name);
		break;
	case RL_KEYBIND_SWALLOW:
		break;
	}
}

static void on_key_repeat(void *data, uint32_t key)
{
	struct rl_window *w = data;

	if (w->captured && rl_keybind_repeat(&w->keys, key))
		w->input->impl->key(w->input, key, true);
}

/* Window pixels to frame pixels through the viewport; false over the bars. */
static bool to_frame(struct rl_window *w, double x, double y, int32_t *fx,
		     int32_t *fy)
{
	struct rl_viewport vp;
	double u, v;

	if (!w->last || !w->shown_serial)
		return false;
	vp = w->renderer->impl->viewport(w->renderer, w->width, w->height);
	if (!vp.width || !vp.height)
		return false;
	u = (x - vp.x) / vp.width;
	v = (y - vp.y) / vp.height;
	if (u < 0 || v < 0 || u >= 1 || v >= 1)
		return false;
	*fx = (int32_t)(u * w->last->width);
	*fy = (int32_t)(v * w->last->height);
	return true;
}

static void on_pointer_position(void *data, double x, double y)
{
	struct rl_window *w = data;
	int32_t fx, fy;

	if (w->captured || !to_frame(w, x, y, &fx, &fy))
		return;
	if (w->have_position && fx == w->sent_x && fy == w->sent_y)
		return;
	w->have_position = true;
	w->sent_x = fx;
	w->sent_y = fy;
	w->sent_absolute = w->input->impl->absolute(w->input);
	if (w->sent_absolute)
		w->input->impl->position(w->input, fx, fy);
	else
		w->warp_pending = true; /* relative guest pointer: the host moves it */
}

/*
 * The guest's pointer became absolute (the SPICE server's mouse mode news
 * reaches this thread after the desktop's motion may have): a position
 * that went to the host as a warp goes to the guest now, or it is lost
 * (a host that cannot warp) until the pointer moves again.
 */
static void resend_position(struct rl_window *w)
{
	if (w->captured || !w->have_position || w->sent_absolute ||
	    !w->input->impl->absolute(w->input))
		return;
	w->sent_absolute = true;
	w->warp_pending = false;
	w->input->impl->position(w->input, w->sent_x, w->sent_y);
}

static void on_pointer_relative(void *data, double dx, double dy)
{
	struct rl_window *w = data;

	if (w->captured)
		w->input->impl->motion(w->input, dx, dy);
}

static void on_button(void *data, uint32_t button, bool pressed)
{
	struct rl_window *w = data;

	if (w->captured)
		w->input->impl->button(w->input, button, pressed);
}

static void on_scroll(void *data, double dx, double dy)
{
	struct rl_window *w = data;

	if (w->captured)
		w->input->impl->scroll(w->input, dx, dy);
}

static const struct rl_display_listener display_listener = {
	.resized = on_resized,
	.close = on_close,
	.focus = on_focus,
	.key = on_key,
	.key_repeat = on_key_repeat,
	.pointer_position = on_pointer_position,
	.pointer_relative = on_pointer_relative,
	.button = on_button,
	.scroll = on_scroll,
};

/* ---- the input backend's news ------------------------------------------ */

static void on_input_status(void *data, const char *problem)
{
	struct rl_window *w = data;

	snprintf(w->input_problem, sizeof(w->input_problem), "%s", problem ? problem : "");
	update_title(w);
}

/* The microphone's notice, top-right, drawn whether the overlay is on or not. */
static void refresh_report(struct rl_window *w)
{
	const char *esc = w->keys.esc.name;
	char text[256];

	if (!w->input->impl->report)
		return;
	w->input->impl->report(w->input, &w->report);
	snprintf(w->overlay.lines[0], sizeof(w->overlay.lines[0]), "%s", w->report.audio);
	if (w->report.mic_live) {
		snprintf(text, sizeof(text), "MIC LIVE: the guest hears this computer (%s+M stops it)",
			 esc);
		w->renderer->impl->set_notice(w->renderer, text, true);
	} else if (w->report.mic_asked) {
		snprintf(text, sizeof(text), "The guest asks for the microphone: %s+M allows it", esc);
		w->renderer->impl->set_notice(w->renderer, text, false);
	} else {
		w->renderer->impl->set_notice(w->renderer, NULL, false);
	}
}

static void on_input_changed(void *data)
{
	struct rl_window *w = data;

	resend_position(w);
	refresh_report(w);
	redraw_all(w);
}

static const struct rl_input_listener input_listener = {
	.status = on_input_status,
	.changed = on_input_changed,
};

/* ---- drawing ------------------------------------------------------------ */

static void push_timing(struct rl_window *w)
{
	struct rl_overlay *o = &w->overlay;

	o->head = (o->head + 1) % RL_OVERLAY_HISTORY;
	o->history[o->head] = w->timing;
	if (o->count < RL_OVERLAY_HISTORY)
		o->count++;
}

static void update_rates(struct rl_window *w, uint64_t now)
{
	uint64_t dt = now - w->rate_start_ns;

	if (dt < RATE_WINDOW_NS)
		return;
	w->overlay.fps = (float)w->rate_renders * 1e9f / (float)dt;
	w->overlay.ups = (float)w->rate_frames * 1e9f / (float)dt;
	refresh_report(w); /* the audio figures move on their own */
	w->rate_renders = 0;
	w->rate_frames = 0;
	w->rate_start_ns = now;
}

/*
 * What this present changes, in drawable pixels (present.h); 0 (all of it)
 * when anything else changed, or when text or the overlay is on screen
 * (they change on their own).
 */
static uint32_t present_rects(struct rl_window *w, struct rl_viewport vp, struct rl_rect *out)
{
	const struct rl_damage *d = &w->present_damage;
	bool same = vp.x == w->last_vp.x && vp.y == w->last_vp.y &&
		    vp.width == w->last_vp.width && vp.height == w->last_vp.height &&
		    w->width == w->last_width && w->height == w->last_height;

	w->last_vp = vp;
	w->last_width = w->width;
	w->last_height = w->height;
	if (!same || w->present_whole || d->full || !w->frame_w || !w->frame_h || w->overlay_on ||
	    w->status_on || w->report.mic_live || w->report.mic_asked)
		return 0;
	return rl_present_rects(d, w->frame_w, w->frame_h, vp, w->width, w->height, out);
}

/* Draw and swap; true when this showed a new frame. */
static bool present(struct rl_window *w)
{
	const struct rl_renderer_ops *r = w->renderer->impl;
	bool changed = w->dirty, new_frame = w->frame_pending;
	uint64_t t0, t1, t2;

	struct rl_rect rects[RL_MAX_DAMAGE];
	uint32_t n;

	/* The drawable's real size, not what the window was asked to be. */
	w->params.display_ops->size(w->display, &w->width, &w->height);
	n = present_rects(w, r->viewport(w->renderer, w->width, w->height), rects);
	t0 = rl_time_ns();
	r->draw(w->renderer, w->width, w->height, w->overlay_on ? &w->overlay : NULL);
	t1 = rl_time_ns();
	w->params.display_ops->swap(w->display, rects, n);
	t2 = rl_time_ns();
	w->dirty = false;
	w->present_whole = false;
	rl_damage_clear(&w->present_damage);
	w->last_draw_ns = t2;
	w->rate_renders++;
	update_rates(w, t2);
	if (w->frame_pending) {
		w->timing.draw = (float)(t1 - t0) / 1e6f;
		w->timing.swap = (float)(t2 - t1) / 1e6f;
		push_timing(w);
		w->frame_pending = false;
		w->frames_presented++;
	}
	if (changed && w->params.print_frames) {
		struct rl_viewport vp = r->viewport(w->renderer, w->width, w->height);

		print_line(w->params.print_frames,
			   "present serial=%llu cursor=%d,%d visible=%d viewport=%d,%d,%ux%u window=%ux%u status=%d\n",
			   (unsigned long long)w->shown_serial, w->cursor_x,
			   w->cursor_y, w->cursor_visible ? 1 : 0, vp.x, vp.y,
			   vp.width, vp.height, w->width, w->height,
			   w->status_on ? 1 : 0);
	}
	return new_frame;
}

static bool window_take_warp(void *view, int32_t *x, int32_t *y)
{
	struct rl_window *w = view;

	if (!w->warp_pending)
		return false;
	w->warp_pending = false;
	*x = w->sent_x;
	*y = w->sent_y;
	return true;
}

static bool overlay_due(const struct rl_window *w, uint64_t now_ns)
{
	return w->overlay_on && now_ns - w->last_draw_ns >= OVERLAY_PERIOD_NS;
}

static uint32_t window_present(void *view)
{
	struct rl_window *w = view;

	if (!w->dirty && !overlay_due(w, rl_time_ns()))
		return 0;
	return present(w) ? 1 : 0;
}

static bool window_wait(void *view, uint64_t timeout_ns, struct pollfd *fds,
			unsigned int nfds)
{
	struct rl_window *w = view;

	if (w->quit)
		return false;
	if (w->dirty) {
		timeout_ns = 0; /* an event changed something: present first */
	} else if (w->overlay_on) {
		uint64_t since = rl_time_ns() - w->last_draw_ns;
		uint64_t left = since < OVERLAY_PERIOD_NS ? OVERLAY_PERIOD_NS - since : 0;

		if (left < timeout_ns)
			timeout_ns = left;
	}
	w->params.display_ops->wait(w->display, timeout_ns, fds, nfds);
	return !w->quit;
}

/*
 * Renders and new frames per second over the last second, and the mean
 * stage times of the last (up to) 60 frames presented.
 */
static void window_stats_line(void *view, char *buf, unsigned int size)
{
	struct rl_window *w = view;
	const struct rl_overlay *o = &w->overlay;
	uint32_t n = o->count < 60 ? o->count : 60, observed = 0;
	struct rl_frame_timing sum = { 0 };
	char seen[32] = "n/a";

	for (uint32_t i = 0; i < n; i++) {
		const struct rl_frame_timing *t =
			&o->history[(o->head + RL_OVERLAY_HISTORY - i) % RL_OVERLAY_HISTORY];

		if (t->publish_to_observed >= 0) {
			sum.publish_to_observed += t->publish_to_observed;
			observed++;
		}
		sum.upload += t->upload;
		sum.draw += t->draw;
		sum.swap += t->swap;
	}
	if (observed)
		snprintf(seen, sizeof(seen), "%.2f ms", (double)(sum.publish_to_observed / (float)observed));
	n = n ? n : 1;
	snprintf(buf, size,
		 "window: %.1f fps (renders), %.1f ups (new frames shown), publish->observed %s, upload %.2f ms, draw %.2f ms, swap %.2f ms",
		 (double)o->fps, (double)o->ups, seen, (double)(sum.upload / (float)n),
		 (double)(sum.draw / (float)n), (double)(sum.swap / (float)n));
	refresh_report(w);
	if (w->report.audio[0]) {
		size_t used = strlen(buf);

		if (used < size)
			snprintf(buf + used, size - used, "; %s", w->report.audio);
	}
}

const struct rl_view_ops rl_view_window = {
	.name = "window",
	.link_changed = window_link_changed,
	.frame = window_frame,
	.frame_dmabuf = window_frame_dmabuf,
	.cursor = window_cursor,
	.present = window_present,
	.wait = window_wait,
	.take_warp = window_take_warp,
	.stats_line = window_stats_line,
};

/* ---- life cycle --------------------------------------------------------- */

struct rl_window *rl_window_create(const struct rl_window_params *params,
				   const struct rl_log *log)
{
	struct rl_window *w = calloc(1, sizeof(*w));

	if (!w) {
		rl_err(log, "out of memory creating the window");
		return NULL;
	}
	w->params = *params;
	w->log = log;
	w->overlay_on = params->overlay;
	w->fullscreen = params->display.fullscreen;
	w->format_ok = true;
	rl_keybind_init_escape(&w->keys, &params->escape);
	w->display = params->display_ops->create(&params->display, params->display_config,
						 &display_listener, w, log);
	if (!w->display)
		goto out_free;
	w->params.render.egl_display = params->display_ops->egl_display(w->display);
	w->renderer = params->renderer_ops->create(&w->params.render, log);
	if (!w->renderer)
		goto out_display;
	w->input = params->input_ops->create(params->input_config, &input_listener, w, log);
	if (!w->input)
		goto out_renderer;
	params->display_ops->size(w->display, &w->width, &w->height);
	update_title(w);
	set_status(w, "waiting for host");
	return w;

out_renderer:
	params->renderer_ops->destroy(w->renderer);
out_display:
	params->display_ops->destroy(w->display);
out_free:
	free(w);
	return NULL;
}

struct rl_input *rl_window_input(struct rl_window *w)
{
	return w->input;
}

void rl_window_destroy(struct rl_window *w)
{
	if (!w)
		return;
	set_capture(w, false);
	if (w->idle_inhibited)
		w->params.display_ops->inhibit_idle(w->display, false);
	w->input->impl->destroy(w->input);
	w->params.renderer_ops->destroy(w->renderer);
	w->params.display_ops->destroy(w->display);
	free(w);
}

