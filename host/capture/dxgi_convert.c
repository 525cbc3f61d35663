/* SPDX-License-Identifier: MIT */
#include "dxgi_convert.h"

#include <string.h>

bool rl_dxgi_clip_rect(struct rl_dxgi_rect r, uint32_t width, uint32_t height,
		       struct rl_rect *out)
{
	int64_t l = r.left < 0 ? 0 : r.left;
	int64_t t = r.top < 0 ? 0 : r.top;
	int64_t rr = r.right > (int64_t)width ? (int64_t)width : r.right;
	int64_t b = r.bottom > (int64_t)height ? (int64_t)height : r.bottom;

	if (rr <= l || b <= t)
		return false;
	*out = (struct rl_rect){
		.x = (uint32_t)l,
		.y = (uint32_t)t,
		.w = (uint32_t)(rr - l),
		.h = (uint32_t)(b - t),
	};
	return true;
}

static void add_clipped(struct rl_damage *d, struct rl_dxgi_rect r,
			uint32_t width, uint32_t height)
{
	struct rl_rect c;

	if (rl_dxgi_clip_rect(r, width, height, &c))
		rl_damage_add(d, c, width, height);
}

void rl_dxgi_damage(struct rl_damage *d, const struct rl_dxgi_rect *dirty,
		    size_t dirty_count, const struct rl_dxgi_move *moves,
		    size_t move_count, uint32_t width, uint32_t height)
{
	if (d->full)
		return;
	for (size_t i = 0; i < move_count; i++) {
		const struct rl_dxgi_move *m = &moves[i];
		int64_t w = (int64_t)m->dst.right - m->dst.left;
		int64_t h = (int64_t)m->dst.bottom - m->dst.top;
		if (w <= 0 || h <= 0)
			continue;
		/* In 64 bits: a hostile src + size must not wrap. */
		int64_t sr = (int64_t)m->src_x + w, sb = (int64_t)m->src_y + h;
		struct rl_dxgi_rect src = {
			.left = m->src_x,
			.top = m->src_y,
			.right = sr > INT32_MAX ? INT32_MAX : (int32_t)sr,
			.bottom = sb > INT32_MAX ? INT32_MAX : (int32_t)sb,
		};
		add_clipped(d, src, width, height);
		add_clipped(d, m->dst, width, height);
	}
	for (size_t i = 0; i < dirty_count; i++)
		add_clipped(d, dirty[i], width, height);

	uint64_t frame = (uint64_t)width * height;
	if (frame && rl_damage_area(d, width, height) * RL_DXGI_FULL_SHARE_DEN >=
			     frame * RL_DXGI_FULL_SHARE_NUM)
		rl_damage_set_full(d);
}

static int32_t clamp_i32(int32_t v, int32_t lo, int32_t hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

bool rl_dxgi_pointer_shape(const struct rl_dxgi_shape_info *info,
			   const uint8_t *buf, size_t size, uint8_t *out,
			   size_t out_size, struct rl_cursor_image *img,
			   const char **why)
{
	uint32_t type, rows_src, visible, row_bytes_src, out_w, out_h, out_pitch;
	bool mono = false;

	switch (info->type) {
	case RL_DXGI_SHAPE_COLOR:
		type = RL_CURSOR_COLOR;
		break;
	case RL_DXGI_SHAPE_MASKED_COLOR:
		type = RL_CURSOR_MASKED_COLOR;
		break;
	case RL_DXGI_SHAPE_MONOCHROME:
		type = RL_CURSOR_MONOCHROME;
		mono = true;
		break;
	default:
		*why = "unknown pointer shape type";
		return false;
	}
	if (info->width == 0 || info->height == 0) {
		*why = "empty pointer shape";
		return false;
	}
	if (mono && info->height % 2) {
		*why = "monochrome pointer shape with an odd number of mask rows";
		return false;
	}
	rows_src = info->height;
	visible = mono ? info->height / 2 : info->height;
	row_bytes_src = mono ? (info->width + 7) / 8 : info->width * 4;
	if (!mono && info->width > UINT32_MAX / 4) {
		*why = "pointer shape too wide";
		return false;
	}
	if (info->pitch < row_bytes_src) {
		*why = "pointer shape pitch is smaller than a row";
		return false;
	}
	if ((uint64_t)(rows_src - 1) * info->pitch + row_bytes_src > size) {
		*why = "pointer shape buffer is shorter than its rows";
		return false;
	}

	out_w = info->width < RL_CURSOR_MAX_DIM ? info->width : RL_CURSOR_MAX_DIM;
	out_h = visible < RL_CURSOR_MAX_DIM ? visible : RL_CURSOR_MAX_DIM;
	out_pitch = mono ? (out_w + 7) / 8 : out_w * 4;
	if ((uint64_t)out_pitch * out_h * (mono ? 2 : 1) > out_size) {
		*why = "pointer shape output buffer too small";
		return false;
	}

	for (uint32_t y = 0; y < out_h; y++)
		memcpy(out + (size_t)y * out_pitch, buf + (size_t)y * info->pitch,
		       out_pitch);
	if (mono) {
		/* The XOR mask starts after all `visible` AND rows of the source. */
		for (uint32_t y = 0; y < out_h; y++)
			memcpy(out + (size_t)(out_h + y) * out_pitch,
			       buf + (size_t)(visible + y) * info->pitch, out_pitch);
	}

	*img = (struct rl_cursor_image){
		.type = type,
		.width = out_w,
		.height = out_h,
		.pitch = out_pitch,
		.hot_x = clamp_i32(info->hot_x, 0, (int32_t)out_w - 1),
		.hot_y = clamp_i32(info->hot_y, 0, (int32_t)out_h - 1),
		.data = out,
	};
	return true;
}

struct hresult_info {
	uint32_t hr;
	const char *name;
	bool transient;
	const char *hint;
};

static const struct hresult_info hresults[] = {
	{ 0x80004001u, "E_NOTIMPL", false,
	  "this system does not implement desktop duplication (Wine, or Windows before 8)" },
	{ 0x80070005u, "E_ACCESSDENIED", true,
	  "the secure desktop (UAC, login, Ctrl-Alt-Del) is shown; run relay-host as "
	  "the service to capture it" },
	{ 0x80070057u, "E_INVALIDARG", false, NULL },
	{ 0x8007000eu, "E_OUTOFMEMORY", false, NULL },
	{ 0x80004005u, "E_FAIL", false, NULL },
	{ 0x887a0001u, "DXGI_ERROR_INVALID_CALL", false, NULL },
	{ 0x887a0002u, "DXGI_ERROR_NOT_FOUND", false,
	  "no such adapter or output: check dxgi-adapter and dxgi-output" },
	{ 0x887a0004u, "DXGI_ERROR_UNSUPPORTED", false,
	  "the adapter or its driver cannot duplicate this output (no display "
	  "attached, or the output belongs to another GPU: pick it with "
	  "dxgi-adapter and dxgi-output)" },
	{ 0x887a0005u, "DXGI_ERROR_DEVICE_REMOVED", true, "the GPU was reset or its driver updated" },
	{ 0x887a0007u, "DXGI_ERROR_DEVICE_RESET", true, NULL },
	{ 0x887a0020u, "DXGI_ERROR_DRIVER_INTERNAL_ERROR", false, NULL },
	{ 0x887a0022u, "DXGI_ERROR_NOT_CURRENTLY_AVAILABLE", true,
	  "too many applications duplicate this output, or a full-screen exclusive "
	  "application owns it" },
	{ 0x887a0026u, "DXGI_ERROR_ACCESS_LOST", true,
	  "the desktop switched or changed mode" },
	{ 0x887a0027u, "DXGI_ERROR_WAIT_TIMEOUT", true, NULL },
	{ 0x887a0028u, "DXGI_ERROR_SESSION_DISCONNECTED", true,
	  "the session is disconnected (remote desktop)" },
	{ 0x887a002bu, "DXGI_ERROR_ACCESS_DENIED", true, NULL },
};

static const struct hresult_info *find_hresult(uint32_t hr)
{
	for (size_t i = 0; i < sizeof(hresults) / sizeof(hresults[0]); i++)
		if (hresults[i].hr == hr)
			return &hresults[i];
	return NULL;
}

const char *rl_dxgi_hresult_name(uint32_t hr)
{
	const struct hresult_info *i = find_hresult(hr);

	return i ? i->name : NULL;
}

const char *rl_dxgi_hresult_hint(uint32_t hr)
{
	const struct hresult_info *i = find_hresult(hr);

	return i ? i->hint : NULL;
}

bool rl_dxgi_hresult_transient(uint32_t hr)
{
	const struct hresult_info *i = find_hresult(hr);

	return i && i->transient;
}
