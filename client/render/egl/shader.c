/* SPDX-License-Identifier: MIT */
#include <stdlib.h>

#include "egl.h"

/*
 * The quad program draws one textured rectangle without vertex buffers:
 * gl_VertexID 0..3 as a triangle strip picks the corners. highp, because
 * mediump texture coordinates cannot address a 4K texture exactly.
 */
static const char quad_vs[] =
	"#version 300 es\n"
	"precision highp float;\n"
	"uniform vec4 u_dst;\n"
	"uniform vec4 u_src;\n"
	"out vec2 v_uv;\n"
	"void main() {\n"
	"	vec2 c = vec2(float(gl_VertexID & 1), float(gl_VertexID >> 1));\n"
	"	gl_Position = vec4(mix(u_dst.x, u_dst.z, c.x),\n"
	"			   mix(u_dst.y, u_dst.w, c.y), 0.0, 1.0);\n"
	"	v_uv = mix(u_src.xy, u_src.zw, c);\n"
	"}\n";

static const char quad_fs[] =
	"#version 300 es\n"
	"precision highp float;\n"
	"uniform sampler2D u_tex;\n"
	"uniform int u_mode;\n"
	"in vec2 v_uv;\n"
	"out vec4 o;\n"
	"void main() {\n"
	"	vec4 t = texture(u_tex, v_uv);\n"
	"	if (u_mode == 0)\n"
	"		o = vec4(t.rgb, 1.0);\n"
	"	else if (u_mode == 1)\n"
	"		o = t;\n"
	"	else if (u_mode == 2)\n"
	"		o = vec4(t.aaa, 1.0);\n"
	"	else\n"
	"		o = vec4(t.rgb, 0.0);\n"
	"}\n";

/* 2D batches: pixel positions, an R8 atlas as coverage, vertex colours. */
static const char ui_vs[] =
	"#version 300 es\n"
	"precision highp float;\n"
	"layout(location = 0) in vec2 a_pos;\n"
	"layout(location = 1) in vec2 a_uv;\n"
	"layout(location = 2) in vec4 a_color;\n"
	"uniform vec2 u_size;\n"
	"out vec2 v_uv;\n"
	"out vec4 v_color;\n"
	"void main() {\n"
	"	gl_Position = vec4(a_pos.x / u_size.x * 2.0 - 1.0,\n"
	"			   1.0 - a_pos.y / u_size.y * 2.0, 0.0, 1.0);\n"
	"	v_uv = a_uv;\n"
	"	v_color = a_color;\n"
	"}\n";

static const char ui_fs[] =
	"#version 300 es\n"
	"precision highp float;\n"
	"uniform sampler2D u_tex;\n"
	"in vec2 v_uv;\n"
	"in vec4 v_color;\n"
	"out vec4 o;\n"
	"void main() {\n"
	"	o = vec4(v_color.rgb, v_color.a * texture(u_tex, v_uv).r);\n"
	"}\n";

static GLuint compile(GLenum type, const char *src, const char *name,
		      const struct rl_log *log)
{
	GLuint s = glCreateShader(type);
	GLint ok = GL_FALSE;
	char msg[512];

	if (!s) {
		rl_err(log, "renderer: glCreateShader failed (0x%x)", glGetError());
		return 0;
	}
	glShaderSource(s, 1, &src, NULL);
	glCompileShader(s);
	glGetShaderiv(s, GL_COMPILE_STATUS, &ok);
	if (!ok) {
		glGetShaderInfoLog(s, sizeof(msg), NULL, msg);
		rl_err(log, "renderer: %s %s shader does not compile: %s", name,
		       type == GL_VERTEX_SHADER ? "vertex" : "fragment", msg);
		glDeleteShader(s);
		return 0;
	}
	return s;
}

static GLuint link(const char *vs_src, const char *fs_src, const char *name,
		   const struct rl_log *log)
{
	GLuint vs, fs, prog = 0;
	GLint ok = GL_FALSE;
	char msg[512];

	vs = compile(GL_VERTEX_SHADER, vs_src, name, log);
	if (!vs)
		return 0;
	fs = compile(GL_FRAGMENT_SHADER, fs_src, name, log);
	if (!fs)
		goto out_vs;
	prog = glCreateProgram();
	glAttachShader(prog, vs);
	glAttachShader(prog, fs);
	glLinkProgram(prog);
	glGetProgramiv(prog, GL_LINK_STATUS, &ok);
	if (!ok) {
		glGetProgramInfoLog(prog, sizeof(msg), NULL, msg);
		rl_err(log, "renderer: %s program does not link: %s", name, msg);
		glDeleteProgram(prog);
		prog = 0;
	}
	glDeleteShader(fs);
out_vs:
	glDeleteShader(vs);
	return prog;
}

bool egl_programs_init(struct quad_program *quad, struct ui_program *ui,
		       const struct rl_log *log)
{
	quad->prog = link(quad_vs, quad_fs, "quad", log);
	if (!quad->prog)
		return false;
	quad->dst = glGetUniformLocation(quad->prog, "u_dst");
	quad->src = glGetUniformLocation(quad->prog, "u_src");
	quad->tex = glGetUniformLocation(quad->prog, "u_tex");
	quad->mode = glGetUniformLocation(quad->prog, "u_mode");

	ui->prog = link(ui_vs, ui_fs, "ui", log);
	if (!ui->prog)
		goto out_quad;
	ui->size = glGetUniformLocation(ui->prog, "u_size");
	ui->tex = glGetUniformLocation(ui->prog, "u_tex");
	return true;

out_quad:
	glDeleteProgram(quad->prog);
	quad->prog = 0;
	return false;
}

void egl_programs_finish(struct quad_program *quad, struct ui_program *ui)
{
	if (ui->prog)
		glDeleteProgram(ui->prog);
	if (quad->prog)
		glDeleteProgram(quad->prog);
	ui->prog = 0;
	quad->prog = 0;
}
