/* SPDX-License-Identifier: MIT */
/*
 * The test source: the animated pattern of test_pattern.h at a fixed frame
 * rate. Frame k returned by next_frame (counting from 0 after create) is
 * pattern frame k, so the host's serial S shows pattern frame S - 1.
 * Only the damaged rects are re-rendered into the frame buffer.
 */
#include <stddef.h>
#include <stdlib.h>

#include "capture.h"
#include "relay/downcast.h"
#include "relay/format.h"
#include "relay/time.h"
#include "test.h"
#include "test_pattern.h"

/* The pattern's parameters, from the options. */
struct pattern_params {
	uint32_t width;
	uint32_t height;
	uint32_t fps;
	uint32_t format;       /* RL_FMT_BGRA8 or RL_FMT_RGBA8 */
	uint32_t resize_every;
	uint32_t alt_width;
	uint32_t alt_height;
};

struct test_capture {
	struct rl_capture base;
	const struct rl_log *log;
	struct pattern_params params;
	uint32_t main_width;  /* the size outside resize_every's alternation */
	uint32_t main_height;
	uint32_t width;       /* of buf */
	uint32_t height;
	uint8_t *buf;
	uint64_t next_index;  /* pattern frame the next call returns */
	uint64_t interval_ns;
	uint64_t due_ns;      /* when frame next_index is due; 0 = now */
	bool need_full;
	/* cursor hook state */
	bool cursor_reported;
	int32_t cursor_x;
	int32_t cursor_y;
	bool cursor_visible;
	uint32_t cursor_variant;
	uint8_t cursor_pixels[RL_TEST_CURSOR_SIZE * RL_TEST_CURSOR_SIZE * 4];
};

static struct test_capture *test_capture_from(struct rl_capture *cap)
{
	return RL_DOWNCAST(struct test_capture, cap, &rl_capture_test);
}

static bool test_auto_usable(const void *config)
{
	(void)config;
	return true;
}

static bool size_ok(uint32_t width, uint32_t height)
{
	return width >= 16 && height >= 16 && width <= RL_MAX_DIM &&
	       height <= RL_MAX_DIM;
}

static bool in_u32(int64_t v)
{
	return v >= 0 && v <= (int64_t)UINT32_MAX;
}

static struct rl_capture *test_create(const void *config, const struct rl_log *log)
{
	const struct rl_capture_test_config *cfg = config;
	struct pattern_params params, *tp = &params;

	if (!cfg || !in_u32(cfg->width) || !in_u32(cfg->height) || !in_u32(cfg->fps) ||
	    !in_u32(cfg->resize_every) || !in_u32(cfg->alt_width) || !in_u32(cfg->alt_height)) {
		rl_err(log, "test capture: no configuration, or a value out of range");
		return NULL;
	}
	params = (struct pattern_params){
		.width = (uint32_t)cfg->width,
		.height = (uint32_t)cfg->height,
		.fps = (uint32_t)cfg->fps,
		.format = cfg->format == RL_CAPTURE_TEST_RGBA ? RL_FMT_RGBA8 :
			  cfg->format == RL_CAPTURE_TEST_BGRA ? RL_FMT_BGRA8 : 0,
		.resize_every = (uint32_t)cfg->resize_every,
		.alt_width = (uint32_t)cfg->alt_width,
		.alt_height = (uint32_t)cfg->alt_height,
	};
	if (tp->format != RL_FMT_BGRA8 && tp->format != RL_FMT_RGBA8) {
		rl_err(log, "test capture: format %s is not supported (bgra or rgba)",
		       rl_format_name(tp->format));
		return NULL;
	}
	if (!size_ok(tp->width, tp->height) ||
	    (tp->resize_every && !size_ok(tp->alt_width, tp->alt_height))) {
		rl_err(log, "test capture: sizes must be 16..%u pixels a side",
		       RL_MAX_DIM);
		return NULL;
	}
	if (tp->fps == 0) {
		rl_err(log, "test capture: fps must be at least 1");
		return NULL;
	}

	struct test_capture *t = calloc(1, sizeof(*t));
	if (!t) {
		rl_err(log, "test capture: out of memory");
		return NULL;
	}
	t->base.impl = &rl_capture_test;
	t->log = log;
	t->params = *tp;
	t->main_width = tp->width;
	t->main_height = tp->height;
	t->interval_ns = RL_NS_PER_S / tp->fps;
	t->need_full = true;
	rl_info(log, "test capture: %ux%u %s at %u fps%s", tp->width, tp->height,
		rl_format_name(tp->format), tp->fps,
		tp->resize_every ? ", switching size periodically" : "");
	return &t->base;
}

static void test_destroy(struct rl_capture *cap)
{
	struct test_capture *t;

	if (!cap)
		return;
	t = test_capture_from(cap);
	free(t->buf);
	free(t);
}

static void size_of_frame(const struct test_capture *t, uint64_t index,
			  uint32_t *width, uint32_t *height)
{
	uint32_t every = t->params.resize_every;

	if (every && index / every % 2 == 1) {
		*width = t->params.alt_width;
		*height = t->params.alt_height;
	} else {
		*width = t->main_width;
		*height = t->main_height;
	}
}

static enum rl_capture_result test_next_frame(struct rl_capture *cap,
					      uint64_t deadline_ns,
					      struct rl_capture_frame *out)
{
	struct test_capture *t = test_capture_from(cap);
	uint64_t now = rl_time_ns();

	if (!t)
		return RL_CAPTURE_ERROR;
	if (!t->need_full && now < t->due_ns) {
		if (deadline_ns < t->due_ns) {
			if (deadline_ns > now)
				rl_sleep_ns(deadline_ns - now);
			return RL_CAPTURE_NONE;
		}
		rl_sleep_ns(t->due_ns - now);
		now = rl_time_ns();
	}

	uint64_t k = t->next_index;
	uint32_t width, height;
	size_of_frame(t, k, &width, &height);
	bool new_mode = !t->buf || width != t->width || height != t->height;
	uint32_t pitch = width * 4;

	if (new_mode) {
		uint8_t *buf = malloc((size_t)pitch * height);
		if (!buf) {
			rl_err(t->log, "test capture: out of memory for a %ux%u frame",
			       width, height);
			return RL_CAPTURE_ERROR;
		}
		free(t->buf);
		t->buf = buf;
		t->width = width;
		t->height = height;
	}
	if (new_mode || k == 0) {
		rl_test_pattern_fill(k, width, height, t->params.format, t->buf,
				     pitch);
		rl_damage_set_full(&out->damage);
	} else {
		rl_test_pattern_damage(k, width, height, &out->damage);
		for (uint32_t i = 0; i < out->damage.count; i++)
			rl_test_pattern_fill_rect(k, width, height,
						  t->params.format,
						  out->damage.rects[i], t->buf,
						  pitch);
		if (t->need_full)
			rl_damage_set_full(&out->damage);
	}

	out->format = t->params.format;
	out->width = width;
	out->height = height;
	out->pitch = pitch;
	out->flags = new_mode ? RL_FRAME_F_NEW_MODE : 0;
	out->pixels = t->buf;
	out->ts_capture_ns = now;

	t->next_index = k + 1;
	t->need_full = false;
	/* Keep the rhythm, but never burst to catch up after a stall. */
	t->due_ns = t->due_ns + t->interval_ns;
	if (t->due_ns < now)
		t->due_ns = now + t->interval_ns;
	return RL_CAPTURE_FRAME;
}

static void test_invalidate(struct rl_capture *cap)
{
	struct test_capture *t = test_capture_from(cap);

	if (t)
		t->need_full = true;
}

static void test_cursor(struct rl_capture *cap, struct rl_capture_cursor *out)
{
	struct test_capture *t = test_capture_from(cap);

	out->changed = 0;
	if (!t || t->next_index == 0)
		return;

	/* The cursor of the frame last returned. */
	uint64_t k = t->next_index - 1;
	int32_t x, y;
	rl_test_pattern_cursor_pos(k, t->width, t->height, &x, &y);
	bool visible = rl_test_pattern_cursor_visible(k);
	uint32_t variant = rl_test_pattern_cursor_variant(k);

	if (!t->cursor_reported || x != t->cursor_x || y != t->cursor_y ||
	    visible != t->cursor_visible) {
		out->changed |= RL_CAPTURE_CURSOR_POS;
		out->x = t->cursor_x = x;
		out->y = t->cursor_y = y;
		out->visible = t->cursor_visible = visible;
	}
	if (!t->cursor_reported || variant != t->cursor_variant) {
		rl_test_pattern_cursor_fill(variant, t->cursor_pixels,
					    RL_TEST_CURSOR_SIZE * 4);
		t->cursor_variant = variant;
		out->changed |= RL_CAPTURE_CURSOR_SHAPE;
		out->shape = (struct rl_cursor_image){
			.type = RL_CURSOR_COLOR,
			.width = RL_TEST_CURSOR_SIZE,
			.height = RL_TEST_CURSOR_SIZE,
			.pitch = RL_TEST_CURSOR_SIZE * 4,
			.hot_x = 0,
			.hot_y = 0,
			.data = t->cursor_pixels,
		};
	}
	t->cursor_reported = true;
}

static bool test_set_resolution(struct rl_capture *cap, uint32_t width,
				uint32_t height)
{
	struct test_capture *t = test_capture_from(cap);

	if (!t)
		return false;
	if (!size_ok(width, height)) {
		rl_dbg(t->log, "test capture: ignoring resolution %ux%u (16..%u a side)",
		       width, height, RL_MAX_DIM);
		return false;
	}
	t->main_width = width;
	t->main_height = height;
	rl_info(t->log, "test capture: resolution set to %ux%u", width, height);
	return true;
}

static const char *const test_formats[] = { "bgra", "rgba", NULL };

#define OPT(name, type, field, def, arg, help, lo, hi, choices) \
	{ "test", name, 0, type, offsetof(struct rl_capture_test_config, field), def, arg, \
	  help, lo, hi, choices }

static const struct rl_opt test_opts[] = {
	OPT("test-width", RL_OPT_INT, width, "1920", "PIXELS",
	    "Width of the test pattern.", 16, RL_MAX_DIM, NULL),
	OPT("test-height", RL_OPT_INT, height, "1080", "PIXELS",
	    "Height of the test pattern.", 16, RL_MAX_DIM, NULL),
	OPT("test-fps", RL_OPT_INT, fps, "60", "FPS",
	    "Frames per second the test pattern produces.", 1, 1000, NULL),
	OPT("test-format", RL_OPT_CHOICE, format, "bgra", "FORMAT",
	    "Pixel format of the test pattern.", 0, 0, test_formats),
	OPT("test-resize-every", RL_OPT_INT, resize_every, "0", "FRAMES",
	    "Switch between test-width x test-height and test-alt-width x "
	    "test-alt-height every N frames, to exercise resolution changes "
	    "(0 = never).", 0, 1000000, NULL),
	OPT("test-alt-width", RL_OPT_INT, alt_width, "1280", "PIXELS",
	    "Width used by test-resize-every.", 16, RL_MAX_DIM, NULL),
	OPT("test-alt-height", RL_OPT_INT, alt_height, "720", "PIXELS",
	    "Height used by test-resize-every.", 16, RL_MAX_DIM, NULL),
};

static const struct rl_opt_group test_options = {
	test_opts, sizeof(test_opts) / sizeof(test_opts[0]),
	sizeof(struct rl_capture_test_config),
};

const struct rl_capture_ops rl_capture_test = {
	.name = "test",
	.description = "animated test pattern with true damage and a moving cursor",
	.options = &test_options,
	.auto_usable = test_auto_usable,
	.create = test_create,
	.destroy = test_destroy,
	.next_frame = test_next_frame,
	.invalidate = test_invalidate,
	.cursor = test_cursor,
	.warp_cursor = NULL,
	.set_resolution = test_set_resolution,
};
