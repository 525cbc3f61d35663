/* SPDX-License-Identifier: MIT */
/*
 * The seat: keyboard (evdev codes straight through; the xkb keymap is kept
 * for text input later), pointer (positions in drawable pixels, wheel in
 * steps) and input capture (locked pointer, relative motion, compositor
 * shortcuts inhibited, cursor hidden). One seat: the first one offered.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <wayland-cursor.h>
#include <xkbcommon/xkbcommon.h>

#include "keyboard-shortcuts-inhibit-unstable-v1-client-protocol.h"
#include "pointer-constraints-unstable-v1-client-protocol.h"
#include "relative-pointer-unstable-v1-client-protocol.h"

#include "relay/locks.h"
#include "relay/time.h"
#include "wayland.h"

/* Continuous axis units per wheel step (libinput's 15 degrees, as weston/GTK count it). */
#define AXIS_UNITS_PER_STEP 10.0
#define DEFAULT_CURSOR_SIZE 24

/* ---- cursor ---------------------------------------------------------------- */

static int32_t cursor_scale(const struct rl_wayland *wl)
{
	double s = rl_wayland_scale(wl);
	int32_t i = (int32_t)s;

	return i < s ? i + 1 : (i < 1 ? 1 : i);
}

static struct wl_cursor *default_cursor(struct rl_wayland *wl)
{
	struct rl_wayland_input *in = &wl->input;
	struct wl_cursor *cursor = NULL;
	const char *size_env = getenv("XCURSOR_SIZE");
	int size = size_env ? atoi(size_env) : 0;

	if (!wl->shm)
		goto missing;
	if (!in->cursor_theme) {
		in->cursor_theme_scale = cursor_scale(wl);
		in->cursor_theme = wl_cursor_theme_load(getenv("XCURSOR_THEME"),
			(size > 0 ? size : DEFAULT_CURSOR_SIZE) * in->cursor_theme_scale, wl->shm);
	}
	if (in->cursor_theme) {
		cursor = wl_cursor_theme_get_cursor(in->cursor_theme, "left_ptr");
		if (!cursor)
			cursor = wl_cursor_theme_get_cursor(in->cursor_theme, "default");
	}
	if (cursor && cursor->image_count > 0)
		return cursor;
missing:
	if (!in->cursor_missing_told)
		rl_info(wl->log, "wayland: no cursor theme: the pointer keeps the compositor's "
			"last image over the window");
	in->cursor_missing_told = true;
	return NULL;
}

/* Hidden while captured, else the theme's arrow. */
static void update_cursor(struct rl_wayland *wl)
{
	struct rl_wayland_input *in = &wl->input;
	struct wl_cursor *cursor;
	struct wl_cursor_image *image;
	struct wl_buffer *buffer;
	int32_t scale;

	if (!in->pointer || !in->pointer_inside)
		return;
	if (wl->capture) {
		wl_pointer_set_cursor(in->pointer, in->enter_serial, NULL, 0, 0);
		return;
	}
	cursor = default_cursor(wl);
	if (!cursor)
		return;
	image = cursor->images[0];
	buffer = wl_cursor_image_get_buffer(image);
	if (!buffer)
		return;
	if (!in->cursor_surface)
		in->cursor_surface = wl_compositor_create_surface(wl->compositor);
	scale = wl->compositor_version >= 3 ? in->cursor_theme_scale : 1;
	if (wl->compositor_version >= 3)
		wl_surface_set_buffer_scale(in->cursor_surface, scale);
	wl_surface_attach(in->cursor_surface, buffer, 0, 0);
	wl_surface_damage(in->cursor_surface, 0, 0, INT32_MAX, INT32_MAX);
	wl_surface_commit(in->cursor_surface);
	wl_pointer_set_cursor(in->pointer, in->enter_serial, in->cursor_surface,
			      (int32_t)image->hotspot_x / scale, (int32_t)image->hotspot_y / scale);
}

void rl_wayland_cursor_rescale(struct rl_wayland *wl)
{
	struct rl_wayland_input *in = &wl->input;

	if (!in->cursor_theme || in->cursor_theme_scale == cursor_scale(wl))
		return;
	wl_cursor_theme_destroy(in->cursor_theme);
	in->cursor_theme = NULL;
	update_cursor(wl);
}

/* ---- capture ------------------------------------------------------------------ */

static void locked(void *data, struct zwp_locked_pointer_v1 *lock)
{
	struct rl_wayland *wl = data;

	(void)lock;
	rl_dbg(wl->log, "wayland: pointer locked");
}

static void unlocked(void *data, struct zwp_locked_pointer_v1 *lock)
{
	struct rl_wayland *wl = data;

	(void)lock;
	rl_dbg(wl->log, "wayland: pointer unlocked (persistent lock, comes back on re-entry)");
}

static const struct zwp_locked_pointer_v1_listener locked_listener = {
	.locked = locked,
	.unlocked = unlocked,
};

static void relative_motion(void *data, struct zwp_relative_pointer_v1 *relative,
			    uint32_t utime_hi, uint32_t utime_lo, wl_fixed_t dx, wl_fixed_t dy,
			    wl_fixed_t dx_unaccel, wl_fixed_t dy_unaccel)
{
	struct rl_wayland *wl = data;

	(void)relative; (void)utime_hi; (void)utime_lo; (void)dx; (void)dy;
	/* The guest applies its own acceleration: give it the device's motion. */
	if (wl->capture)
		wl->listener->pointer_relative(wl->data, wl_fixed_to_double(dx_unaccel),
					       wl_fixed_to_double(dy_unaccel));
}

static const struct zwp_relative_pointer_v1_listener relative_listener = {
	.relative_motion = relative_motion,
};

static void shortcuts_active(void *data, struct zwp_keyboard_shortcuts_inhibitor_v1 *inhibitor)
{
	struct rl_wayland *wl = data;

	(void)inhibitor;
	rl_dbg(wl->log, "wayland: compositor shortcuts inhibited");
}

static void shortcuts_inactive(void *data, struct zwp_keyboard_shortcuts_inhibitor_v1 *inhibitor)
{
	struct rl_wayland *wl = data;

	(void)inhibitor;
	rl_dbg(wl->log, "wayland: compositor shortcuts active again");
}

static const struct zwp_keyboard_shortcuts_inhibitor_v1_listener shortcuts_listener = {
	.active = shortcuts_active,
	.inactive = shortcuts_inactive,
};

static void release_capture(struct rl_wayland_input *in)
{
	if (in->shortcuts_inhibitor) {
		zwp_keyboard_shortcuts_inhibitor_v1_destroy(in->shortcuts_inhibitor);
		in->shortcuts_inhibitor = NULL;
	}
	if (in->relative) {
		zwp_relative_pointer_v1_destroy(in->relative);
		in->relative = NULL;
	}
	if (in->locked) {
		zwp_locked_pointer_v1_destroy(in->locked);
		in->locked = NULL;
	}
}

void rl_wayland_capture_apply(struct rl_wayland *wl)
{
	struct rl_wayland_input *in = &wl->input;

	if (!wl->capture) {
		release_capture(in);
	} else {
		if (in->pointer && wl->constraints && !in->locked) {
			in->locked = zwp_pointer_constraints_v1_lock_pointer(wl->constraints,
				wl->surface, in->pointer, NULL,
				ZWP_POINTER_CONSTRAINTS_V1_LIFETIME_PERSISTENT);
			zwp_locked_pointer_v1_add_listener(in->locked, &locked_listener, wl);
		}
		if (in->pointer && wl->relative_manager && !in->relative) {
			in->relative = zwp_relative_pointer_manager_v1_get_relative_pointer(
				wl->relative_manager, in->pointer);
			zwp_relative_pointer_v1_add_listener(in->relative, &relative_listener, wl);
		}
		if (in->seat && wl->shortcuts_manager && !in->shortcuts_inhibitor) {
			in->shortcuts_inhibitor =
				zwp_keyboard_shortcuts_inhibit_manager_v1_inhibit_shortcuts(
					wl->shortcuts_manager, wl->surface, in->seat);
			zwp_keyboard_shortcuts_inhibitor_v1_add_listener(in->shortcuts_inhibitor,
									&shortcuts_listener, wl);
		}
	}
	update_cursor(wl);
	wl_display_flush(wl->display);
}

/* ---- pointer ------------------------------------------------------------------ */

static void pointer_enter(void *data, struct wl_pointer *pointer, uint32_t serial,
			  struct wl_surface *surface, wl_fixed_t x, wl_fixed_t y)
{
	struct rl_wayland *wl = data;
	struct rl_wayland_input *in = &wl->input;
	double s = rl_wayland_scale(wl);

	(void)pointer;
	if (surface != wl->surface)
		return;
	in->enter_serial = serial;
	in->pointer_inside = true;
	in->x = wl_fixed_to_double(x);
	in->y = wl_fixed_to_double(y);
	update_cursor(wl);
	wl->listener->pointer_position(wl->data, in->x * s, in->y * s);
}

static void pointer_leave(void *data, struct wl_pointer *pointer, uint32_t serial,
			  struct wl_surface *surface)
{
	struct rl_wayland *wl = data;

	(void)pointer; (void)serial; (void)surface;
	wl->input.pointer_inside = false;
}

static void pointer_motion(void *data, struct wl_pointer *pointer, uint32_t time,
			   wl_fixed_t fx, wl_fixed_t fy)
{
	struct rl_wayland *wl = data;
	struct rl_wayland_input *in = &wl->input;
	double s = rl_wayland_scale(wl);
	double x = wl_fixed_to_double(fx), y = wl_fixed_to_double(fy);

	(void)pointer; (void)time;
	if (wl->capture && !in->relative)
		wl->listener->pointer_relative(wl->data, (x - in->x) * s, (y - in->y) * s);
	in->x = x;
	in->y = y;
	wl->listener->pointer_position(wl->data, x * s, y * s);
}

static void pointer_button(void *data, struct wl_pointer *pointer, uint32_t serial,
			   uint32_t time, uint32_t button, uint32_t state)
{
	struct rl_wayland *wl = data;

	(void)pointer; (void)serial; (void)time;
	wl->listener->button(wl->data, button, state == WL_POINTER_BUTTON_STATE_PRESSED);
}

/*
 * Wheel steps to the owner: dy > 0 away from the user (up), dx > 0 right,
 * as evdev's REL_WHEEL / REL_HWHEEL count them. Wayland's vertical axis
 * grows downwards, so it is negated.
 */
static void pointer_frame(void *data, struct wl_pointer *pointer)
{
	struct rl_wayland *wl = data;
	struct rl_wayland_input *in = &wl->input;
	double steps[2] = { 0, 0 };

	(void)pointer;
	for (int a = 0; a < 2; a++) {
		if (in->has_discrete[a])
			steps[a] = in->discrete[a];
		else if (in->has_axis[a])
			steps[a] = in->axis[a] / AXIS_UNITS_PER_STEP;
		in->axis[a] = 0;
		in->discrete[a] = 0;
		in->has_axis[a] = false;
		in->has_discrete[a] = false;
	}
	if (steps[WL_POINTER_AXIS_HORIZONTAL_SCROLL] != 0 ||
	    steps[WL_POINTER_AXIS_VERTICAL_SCROLL] != 0)
		wl->listener->scroll(wl->data, steps[WL_POINTER_AXIS_HORIZONTAL_SCROLL],
				     -steps[WL_POINTER_AXIS_VERTICAL_SCROLL]);
}

static void pointer_axis(void *data, struct wl_pointer *pointer, uint32_t time,
			 uint32_t axis, wl_fixed_t value)
{
	struct rl_wayland *wl = data;
	struct rl_wayland_input *in = &wl->input;

	(void)time;
	if (axis > WL_POINTER_AXIS_HORIZONTAL_SCROLL)
		return;
	in->axis[axis] += wl_fixed_to_double(value);
	in->has_axis[axis] = true;
	if (in->seat_version < WL_POINTER_FRAME_SINCE_VERSION)
		pointer_frame(data, pointer);
}

static void pointer_axis_source(void *data, struct wl_pointer *pointer, uint32_t source)
{
	(void)data; (void)pointer; (void)source;
}

static void pointer_axis_stop(void *data, struct wl_pointer *pointer, uint32_t time,
			      uint32_t axis)
{
	(void)data; (void)pointer; (void)time; (void)axis;
}

static void pointer_axis_discrete(void *data, struct wl_pointer *pointer, uint32_t axis,
				  int32_t discrete)
{
	struct rl_wayland *wl = data;
	struct rl_wayland_input *in = &wl->input;

	(void)pointer;
	if (axis > WL_POINTER_AXIS_HORIZONTAL_SCROLL)
		return;
	in->discrete[axis] += discrete;
	in->has_discrete[axis] = true;
}

static const struct wl_pointer_listener pointer_listener = {
	.enter = pointer_enter,
	.leave = pointer_leave,
	.motion = pointer_motion,
	.button = pointer_button,
	.axis = pointer_axis,
	.frame = pointer_frame,
	.axis_source = pointer_axis_source,
	.axis_stop = pointer_axis_stop,
	.axis_discrete = pointer_axis_discrete,
};

/* ---- keyboard ----------------------------------------------------------------- */

static void keyboard_keymap(void *data, struct wl_keyboard *keyboard, uint32_t format,
			    int32_t fd, uint32_t size)
{
	struct rl_wayland *wl = data;
	struct rl_wayland_input *in = &wl->input;
	struct xkb_keymap *keymap;
	char *map;

	(void)keyboard;
	if (format != WL_KEYBOARD_KEYMAP_FORMAT_XKB_V1 || size == 0) {
		rl_info(wl->log, "wayland: keymap format %u not understood (keys still pass as "
			"evdev codes)", format);
		close(fd);
		return;
	}
	map = mmap(NULL, size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (map == MAP_FAILED) {
		rl_warn(wl->log, "wayland: cannot map the keymap");
		return;
	}
	keymap = xkb_keymap_new_from_buffer(in->xkb, map, strnlen(map, size),
					    XKB_KEYMAP_FORMAT_TEXT_V1, XKB_KEYMAP_COMPILE_NO_FLAGS);
	munmap(map, size);
	if (!keymap) {
		rl_warn(wl->log, "wayland: the compositor's keymap does not compile");
		return;
	}
	xkb_state_unref(in->xkb_state);
	xkb_keymap_unref(in->keymap);
	in->keymap = keymap;
	in->xkb_state = xkb_state_new(keymap);
}

static void keyboard_enter(void *data, struct wl_keyboard *keyboard, uint32_t serial,
			   struct wl_surface *surface, struct wl_array *keys)
{
	(void)data; (void)keyboard; (void)serial; (void)surface; (void)keys;
}

static void keyboard_leave(void *data, struct wl_keyboard *keyboard, uint32_t serial,
			   struct wl_surface *surface)
{
	struct rl_wayland *wl = data;

	(void)keyboard; (void)serial; (void)surface;
	wl->input.repeat_key = 0;
}

static void keyboard_key(void *data, struct wl_keyboard *keyboard, uint32_t serial,
			 uint32_t time, uint32_t key, uint32_t state)
{
	struct rl_wayland *wl = data;
	struct rl_wayland_input *in = &wl->input;
	bool pressed = state == WL_KEYBOARD_KEY_STATE_PRESSED;

	(void)keyboard; (void)serial; (void)time;
	if (pressed && in->repeat_rate > 0 && in->keymap &&
	    xkb_keymap_key_repeats(in->keymap, key + 8)) {
		in->repeat_key = key;
		in->repeat_next_ns = rl_time_ns() + (uint64_t)in->repeat_delay_ms * RL_NS_PER_MS;
	} else if (!pressed && key == in->repeat_key) {
		in->repeat_key = 0;
	}
	wl->listener->key(wl->data, key, pressed);
}

uint32_t rl_wayland_locks(const struct rl_wayland *wl)
{
	struct xkb_state *st = wl->input.xkb_state;

	if (!st)
		return 0;
	return (xkb_state_led_name_is_active(st, XKB_LED_NAME_CAPS) > 0 ? RL_LOCK_CAPS : 0) |
	       (xkb_state_led_name_is_active(st, XKB_LED_NAME_NUM) > 0 ? RL_LOCK_NUM : 0) |
	       (xkb_state_led_name_is_active(st, XKB_LED_NAME_SCROLL) > 0 ? RL_LOCK_SCROLL : 0);
}

uint64_t rl_wayland_repeat_wait(const struct rl_wayland *wl, uint64_t now_ns,
				uint64_t timeout_ns)
{
	const struct rl_wayland_input *in = &wl->input;

	if (!in->repeat_key)
		return timeout_ns;
	if (in->repeat_next_ns <= now_ns)
		return 0;
	return in->repeat_next_ns - now_ns < timeout_ns ? in->repeat_next_ns - now_ns : timeout_ns;
}

void rl_wayland_repeat_run(struct rl_wayland *wl, uint64_t now_ns)
{
	struct rl_wayland_input *in = &wl->input;
	uint64_t period;
	int n = 0;

	if (!in->repeat_key || now_ns < in->repeat_next_ns || in->repeat_rate <= 0)
		return;
	period = RL_NS_PER_S / (uint64_t)in->repeat_rate;
	/* A late wake-up sends what was due, but never a burst. */
	while (in->repeat_key && in->repeat_next_ns <= now_ns && n++ < 4) {
		in->repeat_next_ns += period;
		wl->listener->key_repeat(wl->data, in->repeat_key);
	}
	if (in->repeat_next_ns <= now_ns)
		in->repeat_next_ns = now_ns + period;
}

static void keyboard_modifiers(void *data, struct wl_keyboard *keyboard, uint32_t serial,
			       uint32_t depressed, uint32_t latched, uint32_t locked_mods,
			       uint32_t group)
{
	struct rl_wayland *wl = data;

	(void)keyboard; (void)serial;
	if (wl->input.xkb_state)
		xkb_state_update_mask(wl->input.xkb_state, depressed, latched, locked_mods,
				      0, 0, group);
}

/* The desktop's repeat rate and delay: the guest repeats at the same pace. */
static void keyboard_repeat_info(void *data, struct wl_keyboard *keyboard, int32_t rate,
				 int32_t delay)
{
	struct rl_wayland *wl = data;

	(void)keyboard;
	wl->input.repeat_rate = rate > 1000 ? 1000 : rate;
	wl->input.repeat_delay_ms = delay < 0 ? 0 : delay;
	if (!rate)
		wl->input.repeat_key = 0;
	rl_dbg(wl->log, "wayland: key repeat %d/s after %d ms", rate, delay);
}

static const struct wl_keyboard_listener keyboard_listener = {
	.keymap = keyboard_keymap,
	.enter = keyboard_enter,
	.leave = keyboard_leave,
	.key = keyboard_key,
	.modifiers = keyboard_modifiers,
	.repeat_info = keyboard_repeat_info,
};

/* ---- seat ----------------------------------------------------------------------- */

static void release_pointer(struct rl_wayland_input *in)
{
	if (!in->pointer)
		return;
	if (in->relative) {
		zwp_relative_pointer_v1_destroy(in->relative);
		in->relative = NULL;
	}
	if (in->locked) {
		zwp_locked_pointer_v1_destroy(in->locked);
		in->locked = NULL;
	}
	if (in->seat_version >= WL_POINTER_RELEASE_SINCE_VERSION)
		wl_pointer_release(in->pointer);
	else
		wl_pointer_destroy(in->pointer);
	in->pointer = NULL;
	in->pointer_inside = false;
}

static void release_keyboard(struct rl_wayland_input *in)
{
	if (!in->keyboard)
		return;
	if (in->seat_version >= WL_KEYBOARD_RELEASE_SINCE_VERSION)
		wl_keyboard_release(in->keyboard);
	else
		wl_keyboard_destroy(in->keyboard);
	in->keyboard = NULL;
}

static void seat_capabilities(void *data, struct wl_seat *seat, uint32_t caps)
{
	struct rl_wayland *wl = data;
	struct rl_wayland_input *in = &wl->input;

	in->caps = caps;
	if ((caps & WL_SEAT_CAPABILITY_POINTER) && !in->pointer) {
		in->pointer = wl_seat_get_pointer(seat);
		wl_pointer_add_listener(in->pointer, &pointer_listener, wl);
	} else if (!(caps & WL_SEAT_CAPABILITY_POINTER)) {
		release_pointer(in);
	}
	if ((caps & WL_SEAT_CAPABILITY_KEYBOARD) && !in->keyboard) {
		in->keyboard = wl_seat_get_keyboard(seat);
		wl_keyboard_add_listener(in->keyboard, &keyboard_listener, wl);
	} else if (!(caps & WL_SEAT_CAPABILITY_KEYBOARD)) {
		release_keyboard(in);
	}
	/* Before the window exists there is nothing to capture yet. */
	if (wl->surface)
		rl_wayland_capture_apply(wl);
}

static void seat_name(void *data, struct wl_seat *seat, const char *name)
{
	struct rl_wayland *wl = data;

	(void)seat;
	rl_dbg(wl->log, "wayland: seat '%s'", name);
}

static const struct wl_seat_listener seat_listener = {
	.capabilities = seat_capabilities,
	.name = seat_name,
};

bool rl_wayland_input_init(struct rl_wayland *wl)
{
	/* Until the compositor says (wl_keyboard.repeat_info): a common desktop default. */
	wl->input.repeat_rate = 25;
	wl->input.repeat_delay_ms = 600;
	wl->input.xkb = xkb_context_new(XKB_CONTEXT_NO_FLAGS);
	if (!wl->input.xkb) {
		rl_err(wl->log, "wayland: cannot create an xkbcommon context");
		return false;
	}
	return true;
}

void rl_wayland_seat_add(struct rl_wayland *wl, uint32_t name, uint32_t version)
{
	struct rl_wayland_input *in = &wl->input;

	if (in->seat) {
		rl_info(wl->log, "wayland: more than one seat: using the first");
		return;
	}
	in->seat_name = name;
	in->seat_version = version < 7 ? version : 7;
	in->seat = wl_registry_bind(wl->registry, name, &wl_seat_interface, in->seat_version);
	wl_seat_add_listener(in->seat, &seat_listener, wl);
}

static void release_seat(struct rl_wayland_input *in)
{
	release_capture(in);
	release_keyboard(in);
	release_pointer(in);
	if (in->seat) {
		if (in->seat_version >= WL_SEAT_RELEASE_SINCE_VERSION)
			wl_seat_release(in->seat);
		else
			wl_seat_destroy(in->seat);
		in->seat = NULL;
	}
	in->caps = 0;
}

void rl_wayland_seat_remove(struct rl_wayland *wl, uint32_t name)
{
	if (!wl->input.seat || wl->input.seat_name != name)
		return;
	rl_info(wl->log, "wayland: the seat went away: no input until the compositor offers one");
	release_seat(&wl->input);
}

void rl_wayland_input_finish(struct rl_wayland *wl)
{
	struct rl_wayland_input *in = &wl->input;

	release_seat(in);
	if (in->cursor_surface)
		wl_surface_destroy(in->cursor_surface);
	if (in->cursor_theme)
		wl_cursor_theme_destroy(in->cursor_theme);
	xkb_state_unref(in->xkb_state);
	xkb_keymap_unref(in->keymap);
	xkb_context_unref(in->xkb);
	memset(in, 0, sizeof(*in));
}
