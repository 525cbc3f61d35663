/* SPDX-License-Identifier: MIT */
/*
 * The dxgi capture backend: DXGI desktop duplication of one output.
 *
 * Thin on purpose: everything that is not a DXGI/D3D11 call (damage from
 * dirty and move rects, pointer shapes, HRESULT names, retry policy)
 * lives in dxgi_convert.c and platform/windows/backoff.c, which are unit
 * tested on Linux. Wine does not implement duplication, so this file is
 * only compiled (and its failure path run) in CI.
 *
 * One persistent staging texture holds the complete current frame: each
 * AcquireNextFrame copies only the damaged rects into it (the whole
 * texture after a mode change or invalidate), then it is mapped and its
 * rows are the frame handed to the host. It stays mapped until the next
 * op on the instance, as the capture seam allows.
 */
#define COBJMACROS
#define WIN32_LEAN_AND_MEAN
#include <windows.h>
#include <d3d11.h>
#include <dxgi1_2.h>
#include <dxgi1_5.h>

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "backoff.h"
#include "capture.h"
#include "relay/downcast.h"
#include "dxgi_convert.h"
#include "relay/protocol.h"
#include "relay/time.h"
#include "win_error.h"

extern const struct rl_capture_ops rl_capture_dxgi; /* at the end of this file */

/* The portable mirrors in dxgi_convert.h must match DXGI's structs. */
_Static_assert(sizeof(RECT) == sizeof(struct rl_dxgi_rect), "RECT layout");
_Static_assert(offsetof(RECT, bottom) == offsetof(struct rl_dxgi_rect, bottom), "RECT layout");
_Static_assert(sizeof(DXGI_OUTDUPL_MOVE_RECT) == sizeof(struct rl_dxgi_move), "move rect layout");
_Static_assert(offsetof(DXGI_OUTDUPL_MOVE_RECT, DestinationRect) ==
		       offsetof(struct rl_dxgi_move, dst), "move rect layout");
_Static_assert(DXGI_OUTDUPL_POINTER_SHAPE_TYPE_MONOCHROME == RL_DXGI_SHAPE_MONOCHROME &&
		       DXGI_OUTDUPL_POINTER_SHAPE_TYPE_COLOR == RL_DXGI_SHAPE_COLOR &&
		       DXGI_OUTDUPL_POINTER_SHAPE_TYPE_MASKED_COLOR == RL_DXGI_SHAPE_MASKED_COLOR,
	       "pointer shape types");

/* Re-creating the duplication: 100 ms first, doubling to 5 s. */
#define RECREATE_MIN_NS (100 * RL_NS_PER_MS)
#define RECREATE_MAX_NS (5 * RL_NS_PER_S)
#define RECREATE_STABLE_NS (10 * RL_NS_PER_S)

/* [dxgi] options: this backend's own. */
struct dxgi_config {
	int64_t adapter; /* IDXGIFactory1::EnumAdapters1 index; -1 = first with an output */
	int64_t output;  /* the adapter's EnumOutputs index */
	bool hdr;        /* also offer RGBA10 and RGBA16F to DuplicateOutput1 */
};

struct dxgi_capture {
	struct rl_capture base;
	const struct dxgi_config *params;
	const struct rl_log *log;

	IDXGIAdapter1 *adapter;
	IDXGIOutput1 *output;
	ID3D11Device *device;
	ID3D11DeviceContext *context;
	IDXGIOutputDuplication *dup; /* NULL while it must be re-created */
	struct rl_backoff recreate;
	uint64_t retry_at_ns;
	RECT desktop;                /* the output's desktop coordinates */

	ID3D11Texture2D *staging;
	bool mapped;
	uint32_t width, height, format;
	DXGI_FORMAT dxgi_format;
	bool new_mode;
	struct rl_damage damage;     /* accumulated since the last frame handed out */

	uint8_t *meta;               /* move + dirty rect buffer */
	UINT meta_size;

	uint8_t *shape_buf;          /* GetFramePointerShape buffer */
	UINT shape_buf_size;
	uint8_t shape_out[RL_CURSOR_DATA_BYTES];
	struct rl_cursor_image shape;
	bool shape_pending;
	bool pos_pending;
	int32_t ptr_x, ptr_y;        /* shape top-left, output coordinates */
	bool ptr_visible;
};

static struct dxgi_capture *dxgi_of(struct rl_capture *cap)
{
	return RL_DOWNCAST(struct dxgi_capture, cap, &rl_capture_dxgi);
}

/* "DuplicateOutput failed: HRESULT 0x80004001 (E_NOTIMPL: Not implemented; hint)" */
static void log_hr(const struct rl_log *log, enum rl_log_level level,
		   const char *what, HRESULT hr)
{
	char text[256];
	uint32_t code = (uint32_t)hr;
	const char *name = rl_dxgi_hresult_name(code);
	const char *hint = rl_dxgi_hresult_hint(code);

	rl_win_error_text((DWORD)hr, text, sizeof(text));
	rl_log_msg(log, level, "dxgi: %s failed: HRESULT 0x%08lx (%s: %s)%s%s", what,
		   (unsigned long)code, name ? name : "unnamed", text,
		   hint ? ": " : "", hint ? hint : "");
}

static bool format_from_dxgi(DXGI_FORMAT f, uint32_t *out)
{
	switch (f) {
	case DXGI_FORMAT_B8G8R8A8_UNORM:
	case DXGI_FORMAT_B8G8R8A8_UNORM_SRGB:
		*out = RL_FMT_BGRA8;
		return true;
	case DXGI_FORMAT_R8G8B8A8_UNORM:
	case DXGI_FORMAT_R8G8B8A8_UNORM_SRGB:
		*out = RL_FMT_RGBA8;
		return true;
	case DXGI_FORMAT_R10G10B10A2_UNORM:
		*out = RL_FMT_RGBA10;
		return true;
	case DXGI_FORMAT_R16G16B16A16_FLOAT:
		*out = RL_FMT_RGBA16F;
		return true;
	default:
		return false;
	}
}

/*
 * A SYSTEM process started by the service follows the input desktop
 * (Default, Winlogon for UAC and the login screen) so duplication sees
 * what the user sees. Harmless (and a no-op) for a user's process.
 */
static void follow_input_desktop(const struct rl_log *log)
{
	HDESK desk = OpenInputDesktop(0, FALSE, GENERIC_ALL);

	if (!desk) {
		rl_dbg(log, "dxgi: cannot open the input desktop (error %lu)",
		       (unsigned long)GetLastError());
		return;
	}
	if (!SetThreadDesktop(desk)) {
		rl_dbg(log, "dxgi: cannot switch to the input desktop (error %lu)",
		       (unsigned long)GetLastError());
		CloseDesktop(desk);
		return;
	}
	/* The thread now uses it; the handle stays open for its lifetime. */
}

static bool pick_adapter_output(struct dxgi_capture *c)
{
	const struct dxgi_config *p = c->params;
	IDXGIFactory1 *factory = NULL;
	HRESULT hr = CreateDXGIFactory1(&IID_IDXGIFactory1, (void **)&factory);
	bool ok = false;

	if (FAILED(hr)) {
		log_hr(c->log, RL_LOG_ERROR, "CreateDXGIFactory1", hr);
		return false;
	}
	for (UINT a = 0; !ok; a++) {
		IDXGIAdapter1 *adapter = NULL;
		hr = IDXGIFactory1_EnumAdapters1(factory, a, &adapter);
		if (hr == DXGI_ERROR_NOT_FOUND)
			break;
		if (FAILED(hr)) {
			log_hr(c->log, RL_LOG_ERROR, "EnumAdapters1", hr);
			break;
		}
		DXGI_ADAPTER_DESC1 ad;
		IDXGIAdapter1_GetDesc1(adapter, &ad);
		rl_info(c->log, "dxgi: adapter %u: %ls (vendor %04x device %04x)", a,
			ad.Description, ad.VendorId, ad.DeviceId);
		bool want = p->adapter < 0 || (UINT)p->adapter == a;
		for (UINT o = 0; want && !ok; o++) {
			IDXGIOutput *out = NULL;
			if (FAILED(IDXGIAdapter1_EnumOutputs(adapter, o, &out)))
				break;
			DXGI_OUTPUT_DESC od;
			IDXGIOutput_GetDesc(out, &od);
			rl_info(c->log, "dxgi:   output %u: %ls %ldx%ld%s", o, od.DeviceName,
				od.DesktopCoordinates.right - od.DesktopCoordinates.left,
				od.DesktopCoordinates.bottom - od.DesktopCoordinates.top,
				od.AttachedToDesktop ? "" : " (not attached to the desktop)");
			if ((UINT)(p->output < 0 ? 0 : p->output) == o) {
				hr = IDXGIOutput_QueryInterface(out, &IID_IDXGIOutput1,
								(void **)&c->output);
				if (SUCCEEDED(hr)) {
					c->adapter = adapter;
					IDXGIAdapter1_AddRef(adapter);
					c->desktop = od.DesktopCoordinates;
					ok = true;
				} else {
					log_hr(c->log, RL_LOG_ERROR,
					       "QueryInterface(IDXGIOutput1)", hr);
				}
			}
			IDXGIOutput_Release(out);
		}
		IDXGIAdapter1_Release(adapter);
	}
	IDXGIFactory1_Release(factory);
	if (!ok && !c->output)
		rl_err(c->log, "dxgi: no output %d on %s (dxgi-adapter, dxgi-output; the "
		       "adapters and outputs found are listed above)", (int)p->output,
		       p->adapter < 0 ? "any adapter" : "the chosen adapter");
	return ok;
}

static bool create_device(struct dxgi_capture *c)
{
	static const D3D_FEATURE_LEVEL levels[] = {
		D3D_FEATURE_LEVEL_11_1, D3D_FEATURE_LEVEL_11_0,
		D3D_FEATURE_LEVEL_10_1, D3D_FEATURE_LEVEL_10_0,
	};
	D3D_FEATURE_LEVEL got;
	HRESULT hr = D3D11CreateDevice((IDXGIAdapter *)c->adapter, D3D_DRIVER_TYPE_UNKNOWN,
				       NULL, D3D11_CREATE_DEVICE_BGRA_SUPPORT, levels,
				       sizeof(levels) / sizeof(levels[0]),
				       D3D11_SDK_VERSION, &c->device, &got, &c->context);

	if (hr == E_INVALIDARG) /* a runtime without 11_1 */
		hr = D3D11CreateDevice((IDXGIAdapter *)c->adapter, D3D_DRIVER_TYPE_UNKNOWN,
				       NULL, D3D11_CREATE_DEVICE_BGRA_SUPPORT, levels + 1,
				       sizeof(levels) / sizeof(levels[0]) - 1,
				       D3D11_SDK_VERSION, &c->device, &got, &c->context);
	if (FAILED(hr)) {
		log_hr(c->log, RL_LOG_ERROR, "D3D11CreateDevice", hr);
		return false;
	}
	rl_dbg(c->log, "dxgi: D3D11 device at feature level %x", (unsigned)got);
	return true;
}

/* DuplicateOutput1 (Windows 10) with our formats, else DuplicateOutput. */
static HRESULT duplicate(struct dxgi_capture *c)
{
	DXGI_FORMAT formats[] = {
		DXGI_FORMAT_B8G8R8A8_UNORM,
		DXGI_FORMAT_R10G10B10A2_UNORM,
		DXGI_FORMAT_R16G16B16A16_FLOAT,
	};
	UINT n = c->params->hdr ? 3 : 1;
	IDXGIOutput5 *out5 = NULL;
	HRESULT hr;

	follow_input_desktop(c->log);
	if (SUCCEEDED(IDXGIOutput1_QueryInterface(c->output, &IID_IDXGIOutput5,
						  (void **)&out5))) {
		hr = IDXGIOutput5_DuplicateOutput1(out5, (IUnknown *)c->device, 0, n,
						   formats, &c->dup);
		IDXGIOutput5_Release(out5);
		if (SUCCEEDED(hr) || hr != E_NOTIMPL)
			return hr;
	}
	return IDXGIOutput1_DuplicateOutput(c->output, (IUnknown *)c->device, &c->dup);
}

static void unmap(struct dxgi_capture *c)
{
	if (c->mapped) {
		ID3D11DeviceContext_Unmap(c->context, (ID3D11Resource *)c->staging, 0);
		c->mapped = false;
	}
}

static void drop_duplication(struct dxgi_capture *c)
{
	unmap(c);
	if (c->dup) {
		IDXGIOutputDuplication_Release(c->dup);
		c->dup = NULL;
	}
	rl_damage_set_full(&c->damage);
}

static void dxgi_destroy(struct rl_capture *cap)
{
	struct dxgi_capture *c;

	if (!cap)
		return;
	c = dxgi_of(cap);
	drop_duplication(c);
	if (c->staging)
		ID3D11Texture2D_Release(c->staging);
	if (c->context)
		ID3D11DeviceContext_Release(c->context);
	if (c->device)
		ID3D11Device_Release(c->device);
	if (c->output)
		IDXGIOutput1_Release(c->output);
	if (c->adapter)
		IDXGIAdapter1_Release(c->adapter);
	free(c->meta);
	free(c->shape_buf);
	free(c);
}

static struct rl_capture *dxgi_create(const void *config, const struct rl_log *log)
{
	static const struct dxgi_config defaults = { -1, 0, false };
	struct dxgi_capture *c = calloc(1, sizeof(*c));

	if (!c) {
		rl_err(log, "dxgi: out of memory");
		return NULL;
	}
	c->base.impl = &rl_capture_dxgi;
	c->params = config ? config : &defaults;
	c->log = log;
	rl_damage_set_full(&c->damage);
	rl_backoff_init(&c->recreate, RECREATE_MIN_NS, RECREATE_MAX_NS, RECREATE_STABLE_NS);

	if (!pick_adapter_output(c) || !create_device(c))
		goto out_destroy;
	HRESULT hr = duplicate(c);
	if (FAILED(hr)) {
		log_hr(log, RL_LOG_ERROR, "DuplicateOutput", hr);
		goto out_destroy;
	}
	rl_backoff_started(&c->recreate, rl_time_ns());
	rl_info(log, "dxgi: duplicating output %ldx%ld at %ld,%ld",
		c->desktop.right - c->desktop.left, c->desktop.bottom - c->desktop.top,
		c->desktop.left, c->desktop.top);
	return &c->base;

out_destroy:
	dxgi_destroy(&c->base);
	return NULL;
}

static bool auto_usable(const void *config)
{
	(void)config;
	return true;
}

/* Re-create after a transient failure, when the backoff allows. */
static enum rl_capture_result recreate(struct dxgi_capture *c, uint64_t now,
				       uint64_t deadline_ns)
{
	if (now < c->retry_at_ns) {
		uint64_t until = c->retry_at_ns < deadline_ns ? c->retry_at_ns : deadline_ns;
		rl_sleep_ns(until - now);
		return RL_CAPTURE_NONE;
	}
	/* The output's position and size may have changed with the mode. */
	DXGI_OUTPUT_DESC od;
	if (SUCCEEDED(IDXGIOutput1_GetDesc(c->output, &od)))
		c->desktop = od.DesktopCoordinates;
	HRESULT hr = duplicate(c);
	if (FAILED(hr)) {
		if (!rl_dxgi_hresult_transient((uint32_t)hr)) {
			log_hr(c->log, RL_LOG_ERROR, "DuplicateOutput (again)", hr);
			return RL_CAPTURE_ERROR;
		}
		uint64_t wait = rl_backoff_failed(&c->recreate, now);
		c->retry_at_ns = now + wait;
		log_hr(c->log, RL_LOG_DEBUG, "DuplicateOutput (again)", hr);
		return RL_CAPTURE_NONE;
	}
	rl_backoff_started(&c->recreate, now);
	rl_info(c->log, "dxgi: duplication re-created");
	return RL_CAPTURE_NONE;
}

/* A transient failure: drop the duplication, retry later. */
static enum rl_capture_result lost(struct dxgi_capture *c, const char *what, HRESULT hr)
{
	uint64_t now = rl_time_ns();

	log_hr(c->log, RL_LOG_INFO, what, hr);
	drop_duplication(c);
	c->retry_at_ns = now + rl_backoff_failed(&c->recreate, now);
	return RL_CAPTURE_NONE;
}

static bool grow(uint8_t **buf, UINT *size, UINT need)
{
	if (need <= *size)
		return true;
	uint8_t *p = realloc(*buf, need);
	if (!p)
		return false;
	*buf = p;
	*size = need;
	return true;
}

static void take_pointer(struct dxgi_capture *c, const DXGI_OUTDUPL_FRAME_INFO *fi)
{
	if (fi->LastMouseUpdateTime.QuadPart != 0) {
		c->ptr_x = fi->PointerPosition.Position.x;
		c->ptr_y = fi->PointerPosition.Position.y;
		c->ptr_visible = fi->PointerPosition.Visible;
		c->pos_pending = true;
	}
	if (fi->PointerShapeBufferSize == 0)
		return;
	if (!grow(&c->shape_buf, &c->shape_buf_size, fi->PointerShapeBufferSize)) {
		rl_warn(c->log, "dxgi: out of memory for a pointer shape");
		return;
	}
	DXGI_OUTDUPL_POINTER_SHAPE_INFO si;
	UINT used = 0;
	HRESULT hr = IDXGIOutputDuplication_GetFramePointerShape(
		c->dup, c->shape_buf_size, c->shape_buf, &used, &si);
	if (FAILED(hr)) {
		log_hr(c->log, RL_LOG_WARN, "GetFramePointerShape", hr);
		return;
	}
	struct rl_dxgi_shape_info info = {
		.type = si.Type, .width = si.Width, .height = si.Height,
		.pitch = si.Pitch, .hot_x = si.HotSpot.x, .hot_y = si.HotSpot.y,
	};
	const char *why = NULL;
	if (!rl_dxgi_pointer_shape(&info, c->shape_buf, used, c->shape_out,
				   sizeof(c->shape_out), &c->shape, &why)) {
		rl_warn(c->log, "dxgi: pointer shape ignored: %s", why);
		return;
	}
	c->shape_pending = true;
	c->pos_pending = true; /* the hotspot moved the reported position */
}

/* Dirty and move rects of the acquired frame into c->damage. */
static void take_damage(struct dxgi_capture *c, const DXGI_OUTDUPL_FRAME_INFO *fi)
{
	UINT move_bytes = 0, dirty_bytes = 0;
	HRESULT hr;

	if (c->damage.full)
		return;
	if (fi->TotalMetadataBufferSize == 0 ||
	    !grow(&c->meta, &c->meta_size, fi->TotalMetadataBufferSize))
		goto full;
	hr = IDXGIOutputDuplication_GetFrameMoveRects(
		c->dup, c->meta_size, (DXGI_OUTDUPL_MOVE_RECT *)c->meta, &move_bytes);
	if (FAILED(hr))
		goto full;
	hr = IDXGIOutputDuplication_GetFrameDirtyRects(
		c->dup, c->meta_size - move_bytes, (RECT *)(c->meta + move_bytes),
		&dirty_bytes);
	if (FAILED(hr))
		goto full;
	rl_dxgi_damage(&c->damage, (const struct rl_dxgi_rect *)(c->meta + move_bytes),
		       dirty_bytes / sizeof(RECT),
		       (const struct rl_dxgi_move *)c->meta,
		       move_bytes / sizeof(DXGI_OUTDUPL_MOVE_RECT), c->width, c->height);
	return;
full:
	/* Unknown change: the whole frame, never less. */
	rl_damage_set_full(&c->damage);
}

/* (Re)create the staging texture for a new size/format. */
static bool prepare_staging(struct dxgi_capture *c, const D3D11_TEXTURE2D_DESC *src)
{
	uint32_t format;

	if (c->staging && c->width == src->Width && c->height == src->Height &&
	    c->dxgi_format == src->Format)
		return true;
	if (!format_from_dxgi(src->Format, &format)) {
		rl_err(c->log, "dxgi: the desktop has DXGI format %u, which relay cannot "
		       "publish (turn dxgi-hdr off?)", (unsigned)src->Format);
		return false;
	}
	if (c->staging) {
		ID3D11Texture2D_Release(c->staging);
		c->staging = NULL;
	}
	D3D11_TEXTURE2D_DESC d = {
		.Width = src->Width,
		.Height = src->Height,
		.MipLevels = 1,
		.ArraySize = 1,
		.Format = src->Format,
		.SampleDesc = { .Count = 1 },
		.Usage = D3D11_USAGE_STAGING,
		.CPUAccessFlags = D3D11_CPU_ACCESS_READ,
	};
	HRESULT hr = ID3D11Device_CreateTexture2D(c->device, &d, NULL, &c->staging);
	if (FAILED(hr)) {
		log_hr(c->log, RL_LOG_ERROR, "CreateTexture2D (staging)", hr);
		return false;
	}
	c->width = src->Width;
	c->height = src->Height;
	c->format = format;
	c->dxgi_format = src->Format;
	c->new_mode = true;
	rl_damage_set_full(&c->damage);
	return true;
}

static void copy_damage(struct dxgi_capture *c, ID3D11Texture2D *tex)
{
	if (c->damage.full) {
		ID3D11DeviceContext_CopyResource(c->context, (ID3D11Resource *)c->staging,
						 (ID3D11Resource *)tex);
		return;
	}
	for (uint32_t i = 0; i < c->damage.count; i++) {
		const struct rl_rect *r = &c->damage.rects[i];
		D3D11_BOX box = {
			.left = r->x, .top = r->y, .front = 0,
			.right = r->x + r->w, .bottom = r->y + r->h, .back = 1,
		};
		ID3D11DeviceContext_CopySubresourceRegion(
			c->context, (ID3D11Resource *)c->staging, 0, r->x, r->y, 0,
			(ID3D11Resource *)tex, 0, &box);
	}
}

static enum rl_capture_result dxgi_next_frame(struct rl_capture *cap,
					      uint64_t deadline_ns,
					      struct rl_capture_frame *out)
{
	struct dxgi_capture *c = dxgi_of(cap);
	uint64_t now = rl_time_ns();
	DXGI_OUTDUPL_FRAME_INFO fi;
	IDXGIResource *res = NULL;
	ID3D11Texture2D *tex = NULL;
	enum rl_capture_result result = RL_CAPTURE_NONE;

	unmap(c);
	if (!c->dup)
		return recreate(c, now, deadline_ns);

	/* AcquireNextFrame sleeps in the kernel until a change or the timeout. */
	uint64_t wait_ms = deadline_ns > now ? (deadline_ns - now) / RL_NS_PER_MS : 0;
	HRESULT hr = IDXGIOutputDuplication_AcquireNextFrame(
		c->dup, (UINT)(wait_ms > 1000 ? 1000 : wait_ms), &fi, &res);
	if (hr == DXGI_ERROR_WAIT_TIMEOUT)
		return RL_CAPTURE_NONE;
	if (FAILED(hr)) {
		if (rl_dxgi_hresult_transient((uint32_t)hr))
			return lost(c, "AcquireNextFrame", hr);
		log_hr(c->log, RL_LOG_ERROR, "AcquireNextFrame", hr);
		return RL_CAPTURE_ERROR;
	}

	take_pointer(c, &fi);
	/* Only the pointer changed: cursor() reports it. */
	if (fi.LastPresentTime.QuadPart == 0 && !c->damage.full)
		goto out_release;

	hr = IDXGIResource_QueryInterface(res, &IID_ID3D11Texture2D, (void **)&tex);
	if (FAILED(hr)) {
		log_hr(c->log, RL_LOG_ERROR, "QueryInterface(ID3D11Texture2D)", hr);
		result = RL_CAPTURE_ERROR;
		goto out_release;
	}
	D3D11_TEXTURE2D_DESC desc;
	ID3D11Texture2D_GetDesc(tex, &desc);
	if (!prepare_staging(c, &desc)) {
		result = RL_CAPTURE_ERROR;
		goto out_tex;
	}
	if (fi.LastPresentTime.QuadPart != 0)
		take_damage(c, &fi);
	copy_damage(c, tex);

	D3D11_MAPPED_SUBRESOURCE map;
	hr = ID3D11DeviceContext_Map(c->context, (ID3D11Resource *)c->staging, 0,
				     D3D11_MAP_READ, 0, &map);
	if (FAILED(hr)) {
		if (rl_dxgi_hresult_transient((uint32_t)hr)) {
			ID3D11Texture2D_Release(tex);
			IDXGIResource_Release(res);
			IDXGIOutputDuplication_ReleaseFrame(c->dup);
			return lost(c, "Map (staging)", hr);
		}
		log_hr(c->log, RL_LOG_ERROR, "Map (staging)", hr);
		result = RL_CAPTURE_ERROR;
		goto out_tex;
	}
	c->mapped = true;
	*out = (struct rl_capture_frame){
		.format = c->format,
		.width = c->width,
		.height = c->height,
		.pitch = map.RowPitch,
		.flags = c->new_mode ? RL_FRAME_F_NEW_MODE : 0,
		.pixels = map.pData,
		.damage = c->damage,
		.ts_capture_ns = now,
	};
	c->new_mode = false;
	rl_damage_clear(&c->damage);
	result = RL_CAPTURE_FRAME;

out_tex:
	ID3D11Texture2D_Release(tex);
out_release:
	IDXGIResource_Release(res);
	IDXGIOutputDuplication_ReleaseFrame(c->dup);
	return result;
}

static void dxgi_invalidate(struct rl_capture *cap)
{
	struct dxgi_capture *c = dxgi_of(cap);

	rl_damage_set_full(&c->damage);
	c->pos_pending = true;
	if (c->shape.data)
		c->shape_pending = true;
}

static void dxgi_cursor(struct rl_capture *cap, struct rl_capture_cursor *out)
{
	struct dxgi_capture *c = dxgi_of(cap);

	memset(out, 0, sizeof(*out));
	if (c->shape_pending) {
		out->changed |= RL_CAPTURE_CURSOR_SHAPE;
		out->shape = c->shape;
		c->shape_pending = false;
	}
	if (c->pos_pending) {
		out->changed |= RL_CAPTURE_CURSOR_POS;
		out->x = c->ptr_x + c->shape.hot_x;
		out->y = c->ptr_y + c->shape.hot_y;
		out->visible = c->ptr_visible;
		c->pos_pending = false;
	}
}

static bool dxgi_warp_cursor(struct rl_capture *cap, int32_t x, int32_t y)
{
	struct dxgi_capture *c = dxgi_of(cap);
	int32_t w = c->desktop.right - c->desktop.left;
	int32_t h = c->desktop.bottom - c->desktop.top;

	if (w <= 0 || h <= 0)
		return false;
	x = x < 0 ? 0 : x >= w ? w - 1 : x;
	y = y < 0 ? 0 : y >= h ? h - 1 : y;
	if (!SetCursorPos(c->desktop.left + x, c->desktop.top + y)) {
		rl_dbg(c->log, "dxgi: SetCursorPos failed (error %lu)",
		       (unsigned long)GetLastError());
		return false;
	}
	return true;
}

static const struct rl_opt dxgi_opts[] = {
	{ "dxgi", "dxgi-adapter", 0, RL_OPT_INT, offsetof(struct dxgi_config, adapter), "-1",
	  "INDEX", "Graphics adapter to capture from, as numbered in the log (-1 = the "
	  "first with an output).", -1, 64, NULL },
	{ "dxgi", "dxgi-output", 0, RL_OPT_INT, offsetof(struct dxgi_config, output), "0",
	  "INDEX", "Output (monitor) of that adapter, as numbered in the log.", 0, 64, NULL },
	{ "dxgi", "dxgi-hdr", 0, RL_OPT_BOOL, offsetof(struct dxgi_config, hdr), "no", NULL,
	  "Offer 10-bit and half-float formats to desktop duplication so an HDR "
	  "desktop is published as RGBA10/RGBA16F (default: 8-bit BGRA).", 0, 0, NULL },
};

static const struct rl_opt_group dxgi_options = {
	dxgi_opts, sizeof(dxgi_opts) / sizeof(dxgi_opts[0]), sizeof(struct dxgi_config),
};

const struct rl_capture_ops rl_capture_dxgi = {
	.name = "dxgi",
	.description = "DXGI desktop duplication of one Windows output",
	.options = &dxgi_options,
	.auto_usable = auto_usable,
	.create = dxgi_create,
	.destroy = dxgi_destroy,
	.next_frame = dxgi_next_frame,
	.invalidate = dxgi_invalidate,
	.cursor = dxgi_cursor,
	.warp_cursor = dxgi_warp_cursor,
	.set_resolution = NULL,
};
