/* SPDX-License-Identifier: MIT */
/* Options: precedence, every type, bounds, errors, --help, --dump-config. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "relay/options.h"

#define CHECK_HAS(text, needle)                                             \
	do {                                                                \
		const char *t_ = (text);                                    \
		if (t_ && strstr(t_, (needle))) {                           \
			check_counts.passed++;                              \
		} else {                                                    \
			check_counts.failed++;                              \
			fprintf(stderr, "%s:%d: CHECK failed: '%s' not in:\n%s\n", \
				__FILE__, __LINE__, (needle), t_ ? t_ : "(null)"); \
		}                                                           \
	} while (0)

#define CHECK_STR(a, b) CHECK((a) && strcmp((a), (b)) == 0)

struct cfg {
	char *shm_file;
	int64_t frames;
	bool headless;
	bool fullscreen;
	char *title;
	int64_t offset;
	uint64_t size;
	int format;
	int64_t fps;
};

static const char *const formats[] = { "bgra", "rgba", "rgba10", NULL };

static const struct rl_opt opts[] = {
	{ "app", "shm-file", 'f', RL_OPT_STRING, offsetof(struct cfg, shm_file),
	  "/dev/shm/relay", "PATH", "The shared-memory file.", 0, 0, NULL },
	{ "app", "frames", 'n', RL_OPT_INT, offsetof(struct cfg, frames), "0", "N",
	  "Stop after N frames; 0 runs until interrupted.", 0, 1000000, NULL },
	{ "app", "headless", 0, RL_OPT_BOOL, offsetof(struct cfg, headless), "no", NULL,
	  "Run without a window.", 0, 0, NULL },
	{ "app", "fullscreen", 'F', RL_OPT_BOOL, offsetof(struct cfg, fullscreen), "yes",
	  NULL, "Start full screen. This help text is deliberately long so that it has "
	  "to be wrapped over several lines of the help output, which must never be "
	  "wider than seventy-nine columns whatever the terminal.", 0, 0, NULL },
	{ "app", "title", 0, RL_OPT_STRING, offsetof(struct cfg, title), NULL, "TEXT",
	  "Window title.", 0, 0, NULL },
	{ "app", "offset", 0, RL_OPT_INT, offsetof(struct cfg, offset), "-3", "N",
	  "A signed number without bounds.", 0, 0, NULL },
	{ "capture", "size", 's', RL_OPT_SIZE, offsetof(struct cfg, size), "128M", "SIZE",
	  "Size of the region.", 1 << 20, 1 << 30, NULL },
	{ "capture", "format", 0, RL_OPT_CHOICE, offsetof(struct cfg, format), "bgra",
	  "FORMAT", "Pixel format.", 0, 0, formats },
	{ "capture", "fps", 0, RL_OPT_INT, offsetof(struct cfg, fps), "60", "FPS",
	  "Frames per second.", 1, 240, NULL },
};

static char tmpdir[] = "/tmp/relay-test-options-XXXXXX";

static struct rl_opts_spec spec = {
	.program = "relay-test",
	.version = "1.2.3",
	.summary = "Tests the option parser.",
	.opts = opts,
	.count = sizeof(opts) / sizeof(opts[0]),
	.default_config = NULL,
};

struct run {
	enum rl_opts_result result;
	char *out;
	char *err;
};

static void run_free(struct run *r)
{
	free(r->out);
	free(r->err);
	r->out = r->err = NULL;
}

/* argv is NULL-terminated; argv[0] is added here. */
static struct run parse(struct cfg *cfg, const char *const *args)
{
	char *argv[64] = { (char *)"relay-test" };
	int argc = 1;
	for (; args && args[argc - 1]; argc++)
		argv[argc] = (char *)args[argc - 1];

	struct run r = { 0 };
	size_t out_len, err_len;
	FILE *out = open_memstream(&r.out, &out_len);
	FILE *err = open_memstream(&r.err, &err_len);
	memset(cfg, 0x5a, sizeof(*cfg)); /* garbage the parser must not free */
	r.result = rl_opts_parse(&spec, cfg, argc, argv, out, err);
	fclose(out);
	fclose(err);
	return r;
}

static char *write_file(const char *name, const char *text)
{
	size_t len = strlen(tmpdir) + strlen(name) + 2;
	char *path = malloc(len);
	snprintf(path, len, "%s/%s", tmpdir, name);
	FILE *f = fopen(path, "w");
	fputs(text, f);
	fclose(f);
	return path;
}

static void test_defaults(void)
{
	struct cfg c;
	struct run r = parse(&c, NULL);
	CHECK(r.result == RL_OPTS_OK);
	CHECK_STR(r.err, "");
	CHECK_STR(c.shm_file, "/dev/shm/relay");
	CHECK(c.frames == 0);
	CHECK(!c.headless);
	CHECK(c.fullscreen);
	CHECK(c.title == NULL);
	CHECK(c.offset == -3);
	CHECK_EQ_U64(c.size, 128ull << 20);
	CHECK(c.format == 0);
	CHECK(c.fps == 60);
	rl_opts_free(&spec, &c);
	CHECK(c.shm_file == NULL);
	run_free(&r);
}

static void test_precedence(void)
{
	char *ini = write_file("prec.ini", "[app]\nshm-file = /dev/shm/from-file\n"
				"frames = 10\n[capture]\nfps = 30\nsize = 64M\n");
	struct cfg c;

	/* file over defaults */
	struct run r = parse(&c, (const char *const[]){ "--config", ini, NULL });
	CHECK(r.result == RL_OPTS_OK);
	CHECK_STR(c.shm_file, "/dev/shm/from-file");
	CHECK(c.frames == 10);
	CHECK(c.fps == 30);
	CHECK_EQ_U64(c.size, 64ull << 20);
	CHECK(c.offset == -3); /* untouched by the file */
	rl_opts_free(&spec, &c);
	run_free(&r);

	/* command line over file, whatever the order on the line */
	r = parse(&c, (const char *const[]){ "--frames", "20", "--config", ini,
					      "--shm-file=/dev/shm/cli", NULL });
	CHECK(r.result == RL_OPTS_OK);
	CHECK_STR(c.shm_file, "/dev/shm/cli");
	CHECK(c.frames == 20);
	CHECK(c.fps == 30);
	rl_opts_free(&spec, &c);
	run_free(&r);

	/* the default config file is read when it exists and --config is absent */
	spec.default_config = ini;
	r = parse(&c, NULL);
	CHECK(r.result == RL_OPTS_OK);
	CHECK(c.frames == 10);
	rl_opts_free(&spec, &c);
	run_free(&r);

	/* ... and silently skipped when it does not */
	spec.default_config = "/nonexistent/relay/client.ini";
	r = parse(&c, NULL);
	CHECK(r.result == RL_OPTS_OK);
	CHECK_STR(r.err, "");
	CHECK(c.frames == 0);
	rl_opts_free(&spec, &c);
	run_free(&r);

	/* the last of repeated options wins */
	r = parse(&c, (const char *const[]){ "-n", "1", "--frames", "2", "-n3", NULL });
	CHECK(r.result == RL_OPTS_OK);
	CHECK(c.frames == 3);
	rl_opts_free(&spec, &c);
	run_free(&r);

	spec.default_config = NULL;
	free(ini);
}

static void test_types(void)
{
	struct cfg c;
	struct run r = parse(&c, (const char *const[]){
		"-f", "/dev/kvmfr0", "--frames=42", "--headless", "--no-fullscreen",
		"--title", "hello world", "--offset", "-9000000000", "-s", "1GiB",
		"--format", "RGBA10", "--fps=240", NULL });
	CHECK(r.result == RL_OPTS_OK);
	CHECK_STR(r.err, "");
	CHECK_STR(c.shm_file, "/dev/kvmfr0");
	CHECK(c.frames == 42);
	CHECK(c.headless);
	CHECK(!c.fullscreen);
	CHECK_STR(c.title, "hello world");
	CHECK(c.offset == -9000000000ll);
	CHECK_EQ_U64(c.size, 1ull << 30);
	CHECK(c.format == 2);
	CHECK(c.fps == 240);
	rl_opts_free(&spec, &c);
	run_free(&r);

	static const char *const yes[] = { "yes", "true", "on", "1", "YES", "True" };
	static const char *const no[] = { "no", "false", "off", "0", "No", "OFF" };
	for (size_t i = 0; i < 6; i++) {
		char a[64], b[64];
		snprintf(a, sizeof(a), "--headless=%s", yes[i]);
		snprintf(b, sizeof(b), "--fullscreen=%s", no[i]);
		r = parse(&c, (const char *const[]){ a, b, NULL });
		CHECK(r.result == RL_OPTS_OK);
		CHECK(c.headless && !c.fullscreen);
		rl_opts_free(&spec, &c);
		run_free(&r);
	}

	/* a short bool, -sVALUE, and a negative value taken as an argument */
	r = parse(&c, (const char *const[]){ "-F", "-s2M", "--offset", "-1", NULL });
	CHECK(r.result == RL_OPTS_OK);
	CHECK(c.fullscreen);
	CHECK_EQ_U64(c.size, 2ull << 20);
	CHECK(c.offset == -1);
	rl_opts_free(&spec, &c);
	run_free(&r);

	/* an empty string is a value, not "unset" */
	r = parse(&c, (const char *const[]){ "--title=", NULL });
	CHECK(r.result == RL_OPTS_OK);
	CHECK_STR(c.title, "");
	rl_opts_free(&spec, &c);
	run_free(&r);
}

/* Expects RL_OPTS_ERROR with `needle` in the message and the strings freed. */
static void expect_error(const char *const *args, const char *needle, int line)
{
	struct cfg c;
	struct run r = parse(&c, args);
	if (r.result != RL_OPTS_ERROR)
		fprintf(stderr, "%s:%d: (called from line %d)\n", __FILE__, __LINE__, line);
	CHECK(r.result == RL_OPTS_ERROR);
	CHECK_HAS(r.err, needle);
	CHECK_HAS(r.err, "relay-test: ");
	CHECK(c.shm_file == NULL && c.title == NULL);
	CHECK_STR(r.out, "");
	run_free(&r);
}

#define EXPECT_ERROR(needle, ...) \
	expect_error((const char *const[]){ __VA_ARGS__, NULL }, (needle), __LINE__)

static void test_bad_values(void)
{
	EXPECT_ERROR("relay-test: command line: option --frames: 'abc' is not a whole "
		     "number (expected 0..1000000)", "--frames", "abc");
	EXPECT_ERROR("option -n: '12x' is not a whole number (expected 0..1000000)",
		     "-n", "12x");
	EXPECT_ERROR("option --frames: '' is not a whole number", "--frames=");
	EXPECT_ERROR("option --frames: ' 5' is not a whole number", "--frames", " 5");
	EXPECT_ERROR("option --frames: 1000001 is out of range (expected 0..1000000)",
		     "--frames", "1000001");
	EXPECT_ERROR("option --frames: -1 is out of range", "--frames", "-1");
	EXPECT_ERROR("option --offset: 99999999999999999999 is out of range (expected a "
		     "whole number)", "--offset", "99999999999999999999");
	EXPECT_ERROR("option --offset: '1.5' is not a whole number (expected a whole "
		     "number)", "--offset", "1.5");
	EXPECT_ERROR("option --fps: 0 is out of range (expected 1..240)", "--fps", "0");
	EXPECT_ERROR("option --fps: 241 is out of range (expected 1..240)", "--fps=241");
	EXPECT_ERROR("option --size: '12Q' is not a size (expected 1M..1G)", "--size", "12Q");
	EXPECT_ERROR("option -s: 1K is out of range (expected 1M..1G)", "-s", "1K");
	EXPECT_ERROR("option --size: 2G is out of range (expected 1M..1G)", "--size=2G");
	EXPECT_ERROR("option --format: 'yuv' is not a valid choice (expected one of: bgra, "
		     "rgba, rgba10)", "--format", "yuv");
	EXPECT_ERROR("option --headless: 'maybe' is not a yes/no value (expected yes, no, "
		     "true, false, on, off, 1 or 0)", "--headless=maybe");
}

static void test_bad_syntax(void)
{
	EXPECT_ERROR("unknown option --shm-fil (did you mean --shm-file?)", "--shm-fil", "x");
	EXPECT_ERROR("unknown option --frmaes (did you mean --frames?)", "--frmaes=1");
	EXPECT_ERROR("unknown option --headles (did you mean --headless?)", "--headles");
	EXPECT_ERROR("unknown option --conifg (did you mean --config?)", "--conifg", "x");
	EXPECT_ERROR("unknown option --shm (did you mean --shm-file?)", "--shm", "x");
	EXPECT_ERROR("unknown option --completely-unrelated (see --help)",
		     "--completely-unrelated");
	EXPECT_ERROR("unknown option -z (see --help)", "-z");
	EXPECT_ERROR("option --frames is not a yes/no option, so --no-frames does not exist",
		     "--no-frames");
	EXPECT_ERROR("option --no-headless takes no value", "--no-headless=yes");
	EXPECT_ERROR("option -F takes no value", "-Fx");
	EXPECT_ERROR("option --frames needs a value (N)", "--frames");
	EXPECT_ERROR("option -n (--frames) needs a value (N)", "-n");
	EXPECT_ERROR("option --config needs a value (FILE)", "--config");
	EXPECT_ERROR("option --dump-config takes no value", "--dump-config=yes");
	EXPECT_ERROR("unexpected argument 'stray' (this program takes only options",
		     "--headless", "stray");
	EXPECT_ERROR("unexpected argument 'after'", "--", "after");
	EXPECT_ERROR("cannot read config file /nonexistent/x.ini: No such file or directory",
		     "--config", "/nonexistent/x.ini");
}

static void test_config_file(void)
{
	struct cfg c;
	char *ini = write_file("syntax.ini",
			       "# a comment\n"
			       "; another comment\n"
			       "\n"
			       "  [ app ]  \n"
			       "  shm-file   =   \"/dev/shm/with # hash\"   # trailing\n"
			       "title = 'single quoted ; semicolon'\n"
			       "frames = 7 ; inline comment\n"
			       "headless = on\n"
			       "fullscreen=false\n"
			       "[capture]\n"
			       "format = RGBA\n"
			       "size = 3 MiB\n");
	struct run r = parse(&c, (const char *const[]){ "--config", ini, NULL });
	CHECK(r.result == RL_OPTS_OK);
	CHECK_STR(r.err, "");
	CHECK_STR(c.shm_file, "/dev/shm/with # hash");
	CHECK_STR(c.title, "single quoted ; semicolon");
	CHECK(c.frames == 7);
	CHECK(c.headless);
	CHECK(!c.fullscreen);
	CHECK(c.format == 1);
	CHECK_EQ_U64(c.size, 3ull << 20);
	rl_opts_free(&spec, &c);
	run_free(&r);
	free(ini);

	/* Every bad line is reported with FILE:LINE, not only the first. */
	ini = write_file("bad.ini",
			 "frames = 1\n"                 /* 1: outside a section */
			 "[app]\n"
			 "size = 64M\n"                 /* 3: wrong section */
			 "frames = lots\n"              /* 4: bad value */
			 "shm-fil = x\n"                /* 5: unknown, suggestion */
			 "just words\n"                 /* 6: not key = value */
			 "[nope]\n"                     /* 7: unknown section */
			 "[app\n"                       /* 8: broken header */
			 "title = \"unterminated\n");   /* 9: quote */
	r = parse(&c, (const char *const[]){ "--config", ini, NULL });
	CHECK(r.result == RL_OPTS_ERROR);
	char want[512];
	snprintf(want, sizeof(want), "relay-test: %s:1: option frames is outside a section; "
		 "put it under [app]", ini);
	CHECK_HAS(r.err, want);
	snprintf(want, sizeof(want), "%s:3: option size belongs in section [capture], not "
		 "[app]", ini);
	CHECK_HAS(r.err, want);
	snprintf(want, sizeof(want), "%s:4: option frames: 'lots' is not a whole number "
		 "(expected 0..1000000)", ini);
	CHECK_HAS(r.err, want);
	snprintf(want, sizeof(want), "%s:5: unknown option 'shm-fil' (did you mean "
		 "shm-file?)", ini);
	CHECK_HAS(r.err, want);
	snprintf(want, sizeof(want), "%s:6: 'just words' is not a setting (expected key = "
		 "value)", ini);
	CHECK_HAS(r.err, want);
	snprintf(want, sizeof(want), "%s:7: unknown section [nope] (known: [app], "
		 "[capture])", ini);
	CHECK_HAS(r.err, want);
	snprintf(want, sizeof(want), "%s:8: '[app' is not a section header", ini);
	CHECK_HAS(r.err, want);
	snprintf(want, sizeof(want), "%s:9: option title: unterminated quote", ini);
	CHECK_HAS(r.err, want);
	CHECK(c.shm_file == NULL);
	run_free(&r);
	free(ini);

	/* A bad value in the file is an error even when the command line overrides it. */
	ini = write_file("overridden.ini", "[capture]\nfps = 1000\n");
	r = parse(&c, (const char *const[]){ "--config", ini, "--fps", "10", NULL });
	CHECK(r.result == RL_OPTS_ERROR);
	CHECK_HAS(r.err, "overridden.ini:2: option fps: 1000 is out of range (expected "
		  "1..240)");
	run_free(&r);
	free(ini);

	/* An unreadable default config is an error; a missing one is not. */
	ini = write_file("unreadable.ini", "[app]\n");
	if (geteuid() != 0) {
		chmod(ini, 0);
		spec.default_config = ini;
		r = parse(&c, NULL);
		CHECK(r.result == RL_OPTS_ERROR);
		CHECK_HAS(r.err, "cannot read config file");
		CHECK_HAS(r.err, "Permission denied");
		run_free(&r);
		spec.default_config = NULL;
	}
	free(ini);
}

static void test_help(void)
{
	struct cfg c;
	struct run r = parse(&c, (const char *const[]){ "--frames", "5", "--help",
							"--bogus-after-help", NULL });
	CHECK(r.result == RL_OPTS_EXIT);
	CHECK_STR(r.err, "");
	CHECK(c.shm_file == NULL); /* already freed on EXIT */
	CHECK_HAS(r.out, "Usage: relay-test [OPTION]...");
	CHECK_HAS(r.out, "Tests the option parser.");
	CHECK_HAS(r.out, "[app]");
	CHECK_HAS(r.out, "[capture]");
	CHECK_HAS(r.out, "-f, --shm-file PATH");
	CHECK_HAS(r.out, "-n, --frames N");
	CHECK_HAS(r.out, "--[no-]headless");
	CHECK_HAS(r.out, "-F, --[no-]fullscreen");
	CHECK_HAS(r.out, "--title TEXT");
	CHECK_HAS(r.out, "--offset N");
	CHECK_HAS(r.out, "-s, --size SIZE");
	CHECK_HAS(r.out, "--format FORMAT");
	CHECK_HAS(r.out, "--fps FPS");
	CHECK_HAS(r.out, "One of: bgra, rgba, rgba10.");
	CHECK_HAS(r.out, "Range: 1..240.");
	CHECK_HAS(r.out, "Range: 1M..1G.");
	CHECK_HAS(r.out, "(default: /dev/shm/relay)");
	CHECK_HAS(r.out, "(default: 128M)");
	CHECK_HAS(r.out, "--help");
	CHECK_HAS(r.out, "--version");
	CHECK_HAS(r.out, "--config FILE");
	CHECK_HAS(r.out, "--dump-config");
	CHECK_HAS(r.out, "\n                            (default: bgra)");
	for (size_t i = 0; i < spec.count; i++) {
		char start[20];
		snprintf(start, sizeof(start), "%s", opts[i].help);
		CHECK_HAS(r.out, start);
	}
	/* [capture] options come after the [capture] heading */
	CHECK(strstr(r.out, "--fps") > strstr(r.out, "[capture]"));
	CHECK(strstr(r.out, "--title") < strstr(r.out, "[capture]"));

	/* no line wider than 79 columns; the long help was wrapped */
	size_t longest = 0, col = 0, lines = 0;
	for (const char *p = r.out; *p; p++) {
		if (*p == '\n') {
			lines++;
			col = 0;
		} else if (++col > longest) {
			longest = col;
		}
	}
	CHECK(longest <= 79);
	CHECK(lines > 20);
	CHECK_HAS(r.out, "\n                            than seventy-nine");
	run_free(&r);

	r = parse(&c, (const char *const[]){ "-h", NULL });
	CHECK(r.result == RL_OPTS_EXIT);
	CHECK_HAS(r.out, "Usage: relay-test");
	run_free(&r);

	spec.default_config = "/etc/relay/test.ini";
	r = parse(&c, (const char *const[]){ "--help", NULL });
	CHECK_HAS(r.out, "/etc/relay/test.ini");
	spec.default_config = NULL;
	run_free(&r);

	r = parse(&c, (const char *const[]){ "--version", NULL });
	CHECK(r.result == RL_OPTS_EXIT);
	CHECK_STR(r.out, "relay-test 1.2.3\n");
	run_free(&r);
}

static void test_dump_config(void)
{
	struct cfg a, b;
	struct run r = parse(&a, (const char *const[]){
		"--dump-config", "-f", "  /dev/shm/spaced # odd;name ", "--frames", "77",
		"--headless", "--no-fullscreen", "--offset=-12", "--size", "1536K",
		"--format", "rgba", "--fps", "144", NULL });
	CHECK(r.result == RL_OPTS_EXIT);
	CHECK_STR(r.err, "");
	CHECK(a.shm_file == NULL); /* freed on EXIT */
	for (size_t i = 0; i < spec.count; i++) {
		char key[64];
		snprintf(key, sizeof(key), "%s = ", opts[i].name);
		CHECK_HAS(r.out, key);
	}
	CHECK_HAS(r.out, "[app]\n");
	CHECK_HAS(r.out, "[capture]\n");
	CHECK_HAS(r.out, "size = 1536K\n");
	CHECK_HAS(r.out, "# title = (unset)\n");
	CHECK(strstr(r.out, "fps = ") > strstr(r.out, "[capture]"));

	/* Parsing the dump gives the same configuration. */
	char *ini = write_file("dump.ini", r.out);
	run_free(&r);
	r = parse(&b, (const char *const[]){ "--config", ini, NULL });
	CHECK(r.result == RL_OPTS_OK);
	CHECK_STR(r.err, "");
	CHECK_STR(b.shm_file, "  /dev/shm/spaced # odd;name ");
	CHECK(b.frames == 77);
	CHECK(b.headless);
	CHECK(!b.fullscreen);
	CHECK(b.title == NULL);
	CHECK(b.offset == -12);
	CHECK_EQ_U64(b.size, 1536ull << 10);
	CHECK(b.format == 1);
	CHECK(b.fps == 144);
	run_free(&r);

	/* And dumping that again gives the same text. */
	char *again = NULL;
	r = parse(&a, (const char *const[]){ "--config", ini, "--dump-config", NULL });
	CHECK(r.result == RL_OPTS_EXIT);
	FILE *f = fopen(ini, "r");
	size_t cap = 0;
	ssize_t n = getdelim(&again, &cap, '\0', f);
	fclose(f);
	CHECK(n > 0 && strcmp(again, r.out) == 0);
	free(again);
	run_free(&r);
	rl_opts_free(&spec, &b);
	free(ini);

	/* An empty string survives the round trip too (it is quoted). */
	r = parse(&a, (const char *const[]){ "--title=", "--dump-config", NULL });
	CHECK_HAS(r.out, "title = \"\"\n");
	ini = write_file("dump2.ini", r.out);
	run_free(&r);
	r = parse(&b, (const char *const[]){ "--config", ini, NULL });
	CHECK(r.result == RL_OPTS_OK);
	CHECK_STR(b.title, "");
	rl_opts_free(&spec, &b);
	run_free(&r);
	free(ini);
}

static void test_default_config_path(void)
{
	setenv("XDG_CONFIG_HOME", "/xdg/conf", 1);
	setenv("HOME", "/home/someone", 1);
	char *p = rl_opts_default_config_path("client.ini");
	CHECK_STR(p, "/xdg/conf/relay/client.ini");
	free(p);

	setenv("XDG_CONFIG_HOME", "relative/is/ignored", 1);
	p = rl_opts_default_config_path("client.ini");
	CHECK_STR(p, "/home/someone/.config/relay/client.ini");
	free(p);

	unsetenv("XDG_CONFIG_HOME");
	p = rl_opts_default_config_path("client.ini");
	CHECK_STR(p, "/home/someone/.config/relay/client.ini");
	free(p);

	unsetenv("HOME");
	CHECK(rl_opts_default_config_path("client.ini") == NULL);
}

static void remove_tree(void)
{
	static const char *const names[] = {
		"prec.ini", "syntax.ini", "bad.ini", "overridden.ini", "unreadable.ini",
		"dump.ini", "dump2.ini",
	};
	char path[256];
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", tmpdir, names[i]);
		unlink(path);
	}
	rmdir(tmpdir);
}

int main(void)
{
	if (!mkdtemp(tmpdir)) {
		perror("mkdtemp");
		return 1;
	}
	test_defaults();
	test_precedence();
	test_types();
	test_bad_values();
	test_bad_syntax();
	test_config_file();
	test_help();
	test_dump_config();
	test_default_config_path();
	remove_tree();
	return check_summary();
}
