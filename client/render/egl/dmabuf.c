/* SPDX-License-Identifier: MIT */
/*
 * The DMA-buf path: the frame's slot in the shared region (a kvmfr
 * DMA-buf) is imported as an EGLImage (EGL_EXT_image_dma_buf_import, a
 * linear buffer at `offset` with the given pitch), bound to a texture
 * (GL_OES_EGL_image) and framebuffer, and the damaged rects are blitted
 * into the frame texture. Imports are cached per (buffer inode, offset,
 * geometry). Whatever makes the path impossible (no EGL display, missing
 * extensions, a failed import, an unrenderable frame texture) is logged
 * once and turns the path off for the renderer's life: the caller then
 * uploads from CPU memory.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include <drm_fourcc.h>

#include "egl.h"

/* Turn the path off; the reason is logged on the next (first) refusal. */
RL_PRINTF(2, 3)
static void disable(struct dmabuf *d, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(d->why_not, sizeof(d->why_not), fmt, ap);
	va_end(ap);
	d->usable = false;
}

void egl_dmabuf_init(struct dmabuf *d, EGLDisplay dpy)
{
	memset(d, 0, sizeof(*d));
	d->dpy = dpy;
	if (dpy == EGL_NO_DISPLAY) {
		disable(d, "no EGL display was given to the renderer");
		return;
	}
	if (!epoxy_has_egl_extension(dpy, "EGL_EXT_image_dma_buf_import")) {
		disable(d, "the EGL display lacks EGL_EXT_image_dma_buf_import");
		return;
	}
	if (!epoxy_has_egl_extension(dpy, "EGL_KHR_image_base")) {
		disable(d, "the EGL display lacks EGL_KHR_image_base");
		return;
	}
	if (!epoxy_has_gl_extension("GL_OES_EGL_image")) {
		disable(d, "the GLES context lacks GL_OES_EGL_image");
		return;
	}
	d->modifiers = epoxy_has_egl_extension(dpy, "EGL_EXT_image_dma_buf_import_modifiers");
	d->usable = true;
}

static void drop(struct dmabuf *d, struct dmabuf_import *imp)
{
	if (!imp->used)
		return;
	if (imp->fbo)
		glDeleteFramebuffers(1, &imp->fbo);
	if (imp->tex)
		glDeleteTextures(1, &imp->tex);
	if (imp->image != EGL_NO_IMAGE_KHR)
		eglDestroyImageKHR(d->dpy, imp->image);
	memset(imp, 0, sizeof(*imp));
}

void egl_dmabuf_finish(struct dmabuf *d)
{
	for (int i = 0; i < DMABUF_CACHE; i++)
		drop(d, &d->cache[i]);
	if (d->dst_fbo)
		glDeleteFramebuffers(1, &d->dst_fbo);
	d->dst_fbo = 0;
}

/* The cached import of this buffer region, or a new one (NULL: failed). */
static struct dmabuf_import *import(struct dmabuf *d, int fd, uint64_t offset,
				    uint32_t pitch, uint32_t fourcc,
				    const struct rl_frame *f)
{
	struct dmabuf_import *imp, *victim = &d->cache[0];
	struct stat st;
	EGLint attrs[32];
	int n = 0;

	if (fstat(fd, &st) != 0) {
		disable(d, "fd %d cannot be inspected (%s)", fd, strerror(errno));
		return NULL;
	}
	for (int i = 0; i < DMABUF_CACHE; i++) {
		imp = &d->cache[i];
		if (imp->used && imp->dev == st.st_dev && imp->ino == st.st_ino &&
		    imp->offset == offset && imp->pitch == pitch &&
		    imp->width == f->width && imp->height == f->height &&
		    imp->fourcc == fourcc) {
			imp->last_use = ++d->tick;
			return imp;
		}
		if (!imp->used || (victim->used && imp->last_use < victim->last_use))
			victim = imp;
	}
	if (offset > INT32_MAX || pitch > INT32_MAX) {
		disable(d, "offset %llu / pitch %u do not fit EGL's 32-bit attributes",
			(unsigned long long)offset, pitch);
		return NULL;
	}
	drop(d, victim);
	imp = victim;

	attrs[n++] = EGL_WIDTH;
	attrs[n++] = (EGLint)f->width;
	attrs[n++] = EGL_HEIGHT;
	attrs[n++] = (EGLint)f->height;
	attrs[n++] = EGL_LINUX_DRM_FOURCC_EXT;
	attrs[n++] = (EGLint)fourcc;
	attrs[n++] = EGL_DMA_BUF_PLANE0_FD_EXT;
	attrs[n++] = fd;
	attrs[n++] = EGL_DMA_BUF_PLANE0_OFFSET_EXT;
	attrs[n++] = (EGLint)offset;
	attrs[n++] = EGL_DMA_BUF_PLANE0_PITCH_EXT;
	attrs[n++] = (EGLint)pitch;
	if (d->modifiers) {
		/* the shared region is plain memory: linear */
		attrs[n++] = EGL_DMA_BUF_PLANE0_MODIFIER_LO_EXT;
		attrs[n++] = (EGLint)(DRM_FORMAT_MOD_LINEAR & 0xFFFFFFFFu);
		attrs[n++] = EGL_DMA_BUF_PLANE0_MODIFIER_HI_EXT;
		attrs[n++] = (EGLint)(DRM_FORMAT_MOD_LINEAR >> 32);
	}
	attrs[n++] = EGL_NONE;

	imp->image = eglCreateImageKHR(d->dpy, EGL_NO_CONTEXT,
				       EGL_LINUX_DMA_BUF_EXT, NULL, attrs);
	if (imp->image == EGL_NO_IMAGE_KHR) {
		disable(d, "importing fd %d (offset %llu, %ux%u, pitch %u, fourcc %.4s) failed: EGL error 0x%x",
			fd, (unsigned long long)offset, f->width, f->height,
			pitch, (const char *)&fourcc, eglGetError());
		return NULL;
	}
	imp->used = true;
	imp->dev = st.st_dev;
	imp->ino = st.st_ino;
	imp->offset = offset;
	imp->pitch = pitch;
	imp->width = f->width;
	imp->height = f->height;
	imp->fourcc = fourcc;
	imp->last_use = ++d->tick;

	glGenTextures(1, &imp->tex);
	glBindTexture(GL_TEXTURE_2D, imp->tex);
	glEGLImageTargetTexture2DOES(GL_TEXTURE_2D, (GLeglImageOES)imp->image);
	glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
	glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
	glGenFramebuffers(1, &imp->fbo);
	glBindFramebuffer(GL_READ_FRAMEBUFFER, imp->fbo);
	glFramebufferTexture2D(GL_READ_FRAMEBUFFER, GL_COLOR_ATTACHMENT0,
			       GL_TEXTURE_2D, imp->tex, 0);
	if (glCheckFramebufferStatus(GL_READ_FRAMEBUFFER) != GL_FRAMEBUFFER_COMPLETE) {
		disable(d, "the imported DMA-buf (fourcc %.4s) cannot be read as a framebuffer",
			(const char *)&fourcc);
		drop(d, imp);
		return NULL;
	}
	return imp;
}

/* Refuse, logging why the first time only. */
static bool refuse(struct egl_renderer *r)
{
	struct dmabuf *d = &r->dmabuf;

	if (!d->logged)
		rl_warn(r->log, "renderer: DMA-buf import off: %s; frames are uploaded from CPU memory",
			d->why_not);
	d->logged = true;
	return false;
}

bool egl_upload_dmabuf(struct rl_renderer *base, int fd, uint64_t offset,
		       uint32_t pitch, const struct rl_frame *f)
{
	struct egl_renderer *r = egl_renderer(base);
	struct dmabuf *d;
	const struct tex_format *tf;
	struct dmabuf_import *imp;
	GLint prev_draw = 0, prev_read = 0;
	GLboolean scissor;
	GLsync sync;
	GLenum wait;
	bool full, ok = true;

	if (!r || !f)
		return false;
	d = &r->dmabuf;
	if (!d->usable)
		return refuse(r);
	tf = egl_tex_format(r, f->format);
	if (!tf || f->width == 0 || f->height == 0 ||
	    f->width > (uint32_t)r->max_tex || f->height > (uint32_t)r->max_tex ||
	    (uint64_t)pitch < (uint64_t)f->width * tf->bpp)
		return false; /* upload() says why, once */
	if (fd < 0) {
		disable(d, "no DMA-buf fd was given");
		return refuse(r);
	}

	glGetIntegerv(GL_DRAW_FRAMEBUFFER_BINDING, &prev_draw);
	glGetIntegerv(GL_READ_FRAMEBUFFER_BINDING, &prev_read);
	imp = import(d, fd, offset, pitch, tf->fourcc, f);
	if (!imp) {
		ok = refuse(r);
		goto out_bindings;
	}

	full = !egl_frame_ensure(r, tf, f->width, f->height) ||
	       !r->frame_complete || f->damage.full ||
	       f->damage.count > RL_MAX_DAMAGE;
	for (uint32_t i = 0; !full && i < f->damage.count; i++)
		if (!rl_rect_inside(f->damage.rects[i], f->width, f->height))
			full = true;

	if (!d->dst_fbo)
		glGenFramebuffers(1, &d->dst_fbo);
	glBindFramebuffer(GL_DRAW_FRAMEBUFFER, d->dst_fbo);
	glFramebufferTexture2D(GL_DRAW_FRAMEBUFFER, GL_COLOR_ATTACHMENT0,
			       GL_TEXTURE_2D, r->frame_tex, 0);
	if (glCheckFramebufferStatus(GL_DRAW_FRAMEBUFFER) != GL_FRAMEBUFFER_COMPLETE) {
		disable(d, "the %s frame texture cannot be a blit target",
			tf->swap_rb ? "swizzled BGRA" : "frame's");
		r->frame_complete = false;
		ok = refuse(r);
		goto out_bindings;
	}
	glBindFramebuffer(GL_READ_FRAMEBUFFER, imp->fbo);
	scissor = glIsEnabled(GL_SCISSOR_TEST);
	glDisable(GL_SCISSOR_TEST);
	/* both are stored top row first: the same coordinates, no flip */
	if (full) {
		glBlitFramebuffer(0, 0, (GLint)f->width, (GLint)f->height, 0, 0,
				  (GLint)f->width, (GLint)f->height,
				  GL_COLOR_BUFFER_BIT, GL_NEAREST);
	} else {
		for (uint32_t i = 0; i < f->damage.count; i++) {
			struct rl_rect rc = f->damage.rects[i];
			GLint x0 = (GLint)rc.x, y0 = (GLint)rc.y;
			GLint x1 = (GLint)(rc.x + rc.w), y1 = (GLint)(rc.y + rc.h);

			glBlitFramebuffer(x0, y0, x1, y1, x0, y0, x1, y1,
					  GL_COLOR_BUFFER_BIT, GL_NEAREST);
		}
	}
	if (scissor)
		glEnable(GL_SCISSOR_TEST);

	/*
	 * Wait until the GPU has read the slot, so the caller's check that
	 * the host did not rewrite it meanwhile (rl_consumer_frame_intact)
	 * covers the copy.
	 */
	sync = glFenceSync(GL_SYNC_GPU_COMMANDS_COMPLETE, 0);
	wait = sync ? glClientWaitSync(sync, GL_SYNC_FLUSH_COMMANDS_BIT,
				       100 * 1000 * 1000ull)
		    : GL_WAIT_FAILED;
	if (sync)
		glDeleteSync(sync);
	if (wait == GL_TIMEOUT_EXPIRED || wait == GL_WAIT_FAILED)
		rl_dbg(r->log, "renderer: DMA-buf copy of frame %llu not confirmed complete (0x%x)",
		       (unsigned long long)f->serial, wait);
	r->frame_complete = true;
	r->cursor_baked = (f->flags & RL_FRAME_F_CURSOR_BAKED) != 0;

out_bindings:
	glBindFramebuffer(GL_DRAW_FRAMEBUFFER, (GLuint)prev_draw);
	glBindFramebuffer(GL_READ_FRAMEBUFFER, (GLuint)prev_read);
	return ok;
}
