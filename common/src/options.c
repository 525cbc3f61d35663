/* SPDX-License-Identifier: MIT */
#include "relay/options.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "relay/log.h"
#include "relay/shm.h"

#define HELP_WIDTH 79
#define HELP_COLUMN 28 /* where help text starts */
#define NBSP '\x01'      /* a space wrap() never breaks at */

/* Where a value came from, for error messages. */
struct origin {
	const char *file; /* NULL: command line (or default when is_default) */
	unsigned line;
	bool is_default;
	const char *spelled; /* command line: the option as typed, "--frames" */
};

static const char *const builtin_names[] = {
	"help", "version", "config", "dump-config",
};
#define N_BUILTINS (sizeof(builtin_names) / sizeof(builtin_names[0]))

static void report(const struct rl_opts_spec *spec, FILE *err, const struct origin *o,
		   const char *fmt, ...) RL_PRINTF(4, 5);

static void report(const struct rl_opts_spec *spec, FILE *err, const struct origin *o,
		   const char *fmt, ...)
{
	if (!err)
		return;
	fprintf(err, "%s: ", spec->program);
	if (o && o->is_default)
		fprintf(err, "built-in default: ");
	else if (o && o->file)
		fprintf(err, "%s:%u: ", o->file, o->line);
	else if (o)
		fprintf(err, "command line: ");
	va_list ap;
	va_start(ap, fmt);
	vfprintf(err, fmt, ap);
	va_end(ap);
	fputc('\n', err);
}

/* How an option is named in a message from `o`: "--frames" or "frames". */
static void opt_label(const struct rl_opt *opt, const struct origin *o, char *buf,
		      size_t len)
{
	if (o->file || o->is_default)
		snprintf(buf, len, "%s", opt->name);
	else if (o->spelled)
		snprintf(buf, len, "%s", o->spelled);
	else
		snprintf(buf, len, "--%s", opt->name);
}

/* ---- values ------------------------------------------------------------ */

static void format_size(uint64_t bytes, char *buf, size_t len)
{
	static const char units[] = "KMGT";
	int u = -1;
	while (u + 1 < 4 && bytes >= 1024 && bytes % 1024 == 0) {
		bytes /= 1024;
		u++;
	}
	if (u < 0)
		snprintf(buf, len, "%llu", (unsigned long long)bytes);
	else
		snprintf(buf, len, "%llu%c", (unsigned long long)bytes, units[u]);
}

static bool has_bounds(const struct rl_opt *opt)
{
	return opt->min != 0 || opt->max != 0;
}

static void expected_range(const struct rl_opt *opt, char *buf, size_t len)
{
	if (opt->type == RL_OPT_SIZE) {
		char lo[32], hi[32];
		format_size((uint64_t)opt->min, lo, sizeof(lo));
		format_size((uint64_t)opt->max, hi, sizeof(hi));
		snprintf(buf, len, "%s..%s", lo, hi);
	} else {
		snprintf(buf, len, "%lld..%lld", (long long)opt->min, (long long)opt->max);
	}
}

static bool parse_bool(const char *text, bool *value)
{
	static const char *const yes[] = { "yes", "true", "on", "1" };
	static const char *const no[] = { "no", "false", "off", "0" };
	for (size_t i = 0; i < 4; i++) {
		if (strcasecmp(text, yes[i]) == 0) {
			*value = true;
			return true;
		}
		if (strcasecmp(text, no[i]) == 0) {
			*value = false;
			return true;
		}
	}
	return false;
}

static void choices_list(const struct rl_opt *opt, char *buf, size_t len)
{
	size_t used = 0;
	buf[0] = '\0';
	for (size_t i = 0; opt->choices && opt->choices[i] && used < len; i++)
		used += (size_t)snprintf(buf + used, len - used, "%s%s", i ? ", " : "",
					 opt->choices[i]);
}

static void *field(const struct rl_opt *opt, void *cfg)
{
	return (char *)cfg + opt->offset;
}

/*
 * Parse `text` for `opt` and store it in cfg; on a bad value report it
 * (naming the option, origin, value and what is expected) and keep the
 * old value.
 */
static bool set_value(const struct rl_opts_spec *spec, const struct rl_opt *opt,
		      void *cfg, const char *text, const struct origin *o, FILE *err)
{
	char label[128], expect[256];
	opt_label(opt, o, label, sizeof(label));

	switch (opt->type) {
	case RL_OPT_BOOL: {
		bool v;
		if (!parse_bool(text, &v)) {
			report(spec, err, o, "option %s: '%s' is not a yes/no value (expected "
			       "yes, no, true, false, on, off, 1 or 0)", label, text);
			return false;
		}
		*(bool *)field(opt, cfg) = v;
		return true;
	}
	case RL_OPT_INT: {
		char *end;
		errno = 0;
		long long v = strtoll(text, &end, 10);
		bool whole = end != text && *end == '\0' && !isspace((unsigned char)*text);
		if (has_bounds(opt))
			expected_range(opt, expect, sizeof(expect));
		else
			snprintf(expect, sizeof(expect), "a whole number");
		if (!whole) {
			report(spec, err, o, "option %s: '%s' is not a whole number (expected %s)",
			       label, text, expect);
			return false;
		}
		if (errno == ERANGE || (has_bounds(opt) && (v < opt->min || v > opt->max))) {
			report(spec, err, o, "option %s: %s is out of range (expected %s)", label,
			       text, expect);
			return false;
		}
		*(int64_t *)field(opt, cfg) = (int64_t)v;
		return true;
	}
	case RL_OPT_SIZE: {
		uint64_t v;
		if (has_bounds(opt))
			expected_range(opt, expect, sizeof(expect));
		else
			snprintf(expect, sizeof(expect), "bytes or a size like 64M or 1GiB");
		if (!rl_parse_size(text, &v)) {
			report(spec, err, o, "option %s: '%s' is not a size (expected %s)", label,
			       text, expect);
			return false;
		}
		if (has_bounds(opt) && (v < (uint64_t)opt->min || v > (uint64_t)opt->max)) {
			report(spec, err, o, "option %s: %s is out of range (expected %s)", label,
			       text, expect);
			return false;
		}
		*(uint64_t *)field(opt, cfg) = v;
		return true;
	}
	case RL_OPT_SECONDS: {
		char *end;
		errno = 0;
		double v = strtod(text, &end);
		bool number = end != text && *end == '\0' && !isspace((unsigned char)*text);
		if (has_bounds(opt))
			snprintf(expect, sizeof(expect), "%lld..%lld seconds, fractions allowed",
				 (long long)opt->min, (long long)opt->max);
		else
			snprintf(expect, sizeof(expect), "seconds, fractions allowed");
		if (!number || v != v) {
			report(spec, err, o, "option %s: '%s' is not a number of seconds (expected %s)",
			       label, text, expect);
			return false;
		}
		if (errno == ERANGE || v < 0 || v > 1e9 ||
		    (has_bounds(opt) && (v < (double)opt->min || v > (double)opt->max))) {
			report(spec, err, o, "option %s: %s is out of range (expected %s)", label,
			       text, expect);
			return false;
		}
		*(uint64_t *)field(opt, cfg) = (uint64_t)(v * 1e9 + 0.5);
		return true;
	}
	case RL_OPT_STRING: {
		char *copy = strdup(text);
		if (!copy) {
			report(spec, err, o, "option %s: out of memory", label);
			return false;
		}
		char **slot = field(opt, cfg);
		free(*slot);
		*slot = copy;
		return true;
	}
	case RL_OPT_CHOICE:
		for (int i = 0; opt->choices && opt->choices[i]; i++) {
			if (strcasecmp(text, opt->choices[i]) == 0) {
				*(int *)field(opt, cfg) = i;
				return true;
			}
		}
		choices_list(opt, expect, sizeof(expect));
		report(spec, err, o, "option %s: '%s' is not a valid choice (expected one of: "
		       "%s)", label, text, expect);
		return false;
	}
	report(spec, err, o, "option %s: unknown option type %d", label, (int)opt->type);
	return false;
}

/* Every option to its default (or zero/NULL when it has none). */
static bool apply_defaults(const struct rl_opts_spec *spec, void *cfg, FILE *err)
{
	const struct origin o = { .is_default = true };
	bool ok = true;
	for (size_t i = 0; i < spec->count; i++) {
		const struct rl_opt *opt = &spec->opts[i];
		switch (opt->type) {
		case RL_OPT_BOOL:
			*(bool *)field(opt, cfg) = false;
			break;
		case RL_OPT_INT:
			*(int64_t *)field(opt, cfg) = 0;
			break;
		case RL_OPT_SIZE:
		case RL_OPT_SECONDS:
			*(uint64_t *)field(opt, cfg) = 0;
			break;
		case RL_OPT_STRING:
			/* The field may hold garbage: never free it here. */
			*(char **)field(opt, cfg) = NULL;
			break;
		case RL_OPT_CHOICE:
			*(int *)field(opt, cfg) = 0;
			break;
		}
		if (opt->def && !set_value(spec, opt, cfg, opt->def, &o, err))
			ok = false;
	}
	return ok;
}

/* ---- lookup and suggestions -------------------------------------------- */

static const struct rl_opt *find_long(const struct rl_opts_spec *spec,
				      const char *name, size_t len)
{
	for (size_t i = 0; i < spec->count; i++)
		if (strlen(spec->opts[i].name) == len &&
		    strncmp(spec->opts[i].name, name, len) == 0)
			return &spec->opts[i];
	return NULL;
}

static const struct rl_opt *find_short(const struct rl_opts_spec *spec, char c)
{
	for (size_t i = 0; i < spec->count; i++)
		if (spec->opts[i].short_name == c)
			return &spec->opts[i];
	return NULL;
}

/* Levenshtein distance between a[0..alen) and b, capped work for long input. */
static size_t edit_distance(const char *a, size_t alen, const char *b)
{
	size_t blen = strlen(b);
	if (alen > 64 || blen > 64)
		return SIZE_MAX;
	size_t row[65];
	for (size_t j = 0; j <= blen; j++)
		row[j] = j;
	for (size_t i = 1; i <= alen; i++) {
		size_t diag = row[0];
		row[0] = i;
		for (size_t j = 1; j <= blen; j++) {
			size_t up = row[j];
			size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
			size_t best = diag + cost;
			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			diag = up;
		}
	}
	return row[blen];
}

/* The known name closest to `name`, or NULL when nothing is close. */
static const char *suggest(const struct rl_opts_spec *spec, const char *name,
			   size_t len, bool with_builtins)
{
	const char *best = NULL;
	size_t best_d = SIZE_MAX;
	for (size_t i = 0; i < spec->count + (with_builtins ? N_BUILTINS : 0); i++) {
		const char *cand = i < spec->count ? spec->opts[i].name
						   : builtin_names[i - spec->count];
		size_t d = edit_distance(name, len, cand);
		if (d < best_d) {
			best_d = d;
			best = cand;
		}
	}
	/* A prefix ("--shm") is a good hint even when the distance is large. */
	for (size_t i = 0; i < spec->count && len >= 3; i++)
		if (strncmp(spec->opts[i].name, name, len) == 0 && best_d > 2)
			return spec->opts[i].name;
	size_t limit = len <= 4 ? 1 : len <= 8 ? 2 : 3;
	return best_d <= limit ? best : NULL;
}

/* ---- config file ---------------------------------------------------------- */

static char *trim(char *s)
{
	while (isspace((unsigned char)*s))
		s++;
	size_t n = strlen(s);
	while (n > 0 && isspace((unsigned char)s[n - 1]))
		s[--n] = '\0';
	return s;
}

/*
 * An INI value: optionally quoted ("..." or '...', no escapes, the last
 * matching quote closes); unquoted values end at a '#' or ';' that follows
 * whitespace. NULL when a quote is not closed.
 */
static char *ini_value(char *v)
{
	v = trim(v);
	if (*v == '"' || *v == '\'') {
		char *close = strrchr(v + 1, *v);
		if (!close)
			return NULL;
		char *rest = trim(close + 1);
		if (*rest && *rest != '#' && *rest != ';')
			return NULL;
		*close = '\0';
		return v + 1;
	}
	for (char *p = v; *p; p++) {
		if ((*p == '#' || *p == ';') && p > v && isspace((unsigned char)p[-1])) {
			*p = '\0';
			break;
		}
	}
	return trim(v);
}

static bool section_known(const struct rl_opts_spec *spec, const char *section)
{
	for (size_t i = 0; i < spec->count; i++)
		if (strcmp(spec->opts[i].section, section) == 0)
			return true;
	return false;
}

static void sections_list(const struct rl_opts_spec *spec, char *buf, size_t len)
{
	size_t used = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < spec->count && used < len; i++) {
		bool seen = false;
		for (size_t j = 0; j < i; j++)
			if (strcmp(spec->opts[j].section, spec->opts[i].section) == 0)
				seen = true;
		if (!seen)
			used += (size_t)snprintf(buf + used, len - used, "%s[%s]",
						 used ? ", " : "", spec->opts[i].section);
	}
}

/* "e" (close-on-exec) is a glibc extension the Windows CRT rejects. */
#ifdef _WIN32
#define FOPEN_READ "r"
#else
#define FOPEN_READ "re"
#endif

/* One line of any length into *buf (getline is not on every platform). */
static bool read_line(FILE *f, char **buf, size_t *cap)
{
	size_t len = 0;
	int c;
	while ((c = fgetc(f)) != EOF) {
		if (len + 2 > *cap) {
			size_t grown = *cap ? *cap * 2 : 256;
			char *p = realloc(*buf, grown);
			if (!p)
				return false;
			*buf = p;
			*cap = grown;
		}
		(*buf)[len++] = (char)c;
		if (c == '\n')
			break;
	}
	if (len == 0)
		return false;
	(*buf)[len] = '\0';
	return true;
}

/* A missing file is an error only when `required`. */
static bool read_config(const struct rl_opts_spec *spec, void *cfg, const char *path,
			bool required, FILE *err)
{
	FILE *f = fopen(path, FOPEN_READ);
	if (!f) {
		if (!required && errno == ENOENT)
			return true;
		report(spec, err, NULL, "cannot read config file %s: %s", path,
		       strerror(errno));
		return false;
	}

	bool ok = true;
	char *buf = NULL;
	size_t cap = 0;
	char section[128] = "";
	struct origin o = { .file = path };
	char known[256];

	while (read_line(f, &buf, &cap)) {
		o.line++;
		char *line = trim(buf);
		if (!*line || *line == '#' || *line == ';')
			continue;

		if (*line == '[') {
			char *close = strchr(line, ']');
			char *rest = close ? trim(close + 1) : NULL;
			if (!close || (*rest && *rest != '#' && *rest != ';')) {
				report(spec, err, &o, "'%s' is not a section header (expected "
				       "[name])", line);
				ok = false;
				continue;
			}
			*close = '\0';
			char *name = trim(line + 1);
			if (!section_known(spec, name)) {
				sections_list(spec, known, sizeof(known));
				report(spec, err, &o, "unknown section [%s] (known: %s)", name,
				       known);
				ok = false;
				section[0] = '\0';
				continue;
			}
			snprintf(section, sizeof(section), "%s", name);
			continue;
		}

		char *eq = strchr(line, '=');
		if (!eq) {
			report(spec, err, &o, "'%s' is not a setting (expected key = value)",
			       line);
			ok = false;
			continue;
		}
		*eq = '\0';
		char *key = trim(line);
		char *value = ini_value(eq + 1);
		if (!value) {
			report(spec, err, &o, "option %s: unterminated quote", key);
			ok = false;
			continue;
		}

		const struct rl_opt *opt = find_long(spec, key, strlen(key));
		if (!opt) {
			const char *s = suggest(spec, key, strlen(key), false);
			if (s)
				report(spec, err, &o, "unknown option '%s' (did you mean %s?)",
				       key, s);
			else
				report(spec, err, &o, "unknown option '%s' (see --help)", key);
			ok = false;
			continue;
		}
		if (!section[0]) {
			report(spec, err, &o, "option %s is outside a section; put it under "
			       "[%s]", key, opt->section);
			ok = false;
			continue;
		}
		if (strcmp(section, opt->section) != 0) {
			report(spec, err, &o, "option %s belongs in section [%s], not [%s]",
			       key, opt->section, section);
			ok = false;
			continue;
		}
		if (!set_value(spec, opt, cfg, value, &o, err))
			ok = false;
	}
	if (ferror(f)) {
		report(spec, err, NULL, "error reading config file %s: %s", path,
		       strerror(errno));
		ok = false;
	}
	free(buf);
	fclose(f);
	return ok;
}

/* ---- command line ----------------------------------------------------------- */

struct cli_item {
	const struct rl_opt *opt;
	const char *value;
	char spelled[64];
};

struct cli {
	struct cli_item *items;
	size_t count;
	const char *config;
	bool help, version, dump;
};

/*
 * Sorts argv into built-ins and option items without applying anything,
 * so --help works whatever else is on the line and the config file can be
 * read before the command line is applied. Stops at --help/--version.
 */
static bool scan_cli(const struct rl_opts_spec *spec, int argc, char **argv,
		     struct cli *cli, FILE *err)
{
	const struct origin o = { 0 };

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		struct cli_item *item = &cli->items[cli->count];

		if (strcmp(a, "--") == 0) {
			if (i + 1 < argc) {
				report(spec, err, &o, "unexpected argument '%s' (this program "
				       "takes only options; see --help)", argv[i + 1]);
				return false;
			}
			break;
		}

		if (a[0] == '-' && a[1] == '-') {
			const char *name = a + 2;
			const char *eq = strchr(name, '=');
			size_t len = eq ? (size_t)(eq - name) : strlen(name);
			const char *value = eq ? eq + 1 : NULL;

			if (len == 4 && strncmp(name, "help", 4) == 0 && !value) {
				cli->help = true;
				return true;
			}
			if (len == 7 && strncmp(name, "version", 7) == 0 && !value) {
				cli->version = true;
				return true;
			}
			if (len == 11 && strncmp(name, "dump-config", 11) == 0 && !value) {
				cli->dump = true;
				continue;
			}
			if (len == 6 && strncmp(name, "config", 6) == 0) {
				if (!value && i + 1 >= argc) {
					report(spec, err, &o, "option --config needs a value (FILE)");
					return false;
				}
				cli->config = value ? value : argv[++i];
				continue;
			}
			for (size_t b = 0; b < N_BUILTINS; b++) {
				if (strlen(builtin_names[b]) == len &&
				    strncmp(name, builtin_names[b], len) == 0) {
					report(spec, err, &o, "option --%s takes no value",
					       builtin_names[b]);
					return false;
				}
			}

			const struct rl_opt *opt = find_long(spec, name, len);
			bool negated = false;
			if (!opt && len > 3 && strncmp(name, "no-", 3) == 0) {
				opt = find_long(spec, name + 3, len - 3);
				if (opt && opt->type != RL_OPT_BOOL) {
					report(spec, err, &o, "option --%s is not a yes/no option, so "
					       "--%.*s does not exist", opt->name, (int)len, name);
					return false;
				}
				negated = opt != NULL;
			}
			if (!opt) {
				const char *s = suggest(spec, name, len, true);
				if (s)
					report(spec, err, &o, "unknown option --%.*s (did you mean "
					       "--%s?)", (int)len, name, s);
				else
					report(spec, err, &o, "unknown option --%.*s (see --help)",
					       (int)len, name);
				return false;
			}
			snprintf(item->spelled, sizeof(item->spelled), "--%.*s", (int)len, name);
			if (opt->type == RL_OPT_BOOL) {
				if (negated && value) {
					report(spec, err, &o, "option %s takes no value", item->spelled);
					return false;
				}
				value = negated ? "no" : value ? value : "yes";
			} else if (!value) {
				if (i + 1 >= argc) {
					report(spec, err, &o, "option --%s needs a value (%s)",
					       opt->name, opt->arg ? opt->arg : "VALUE");
					return false;
				}
				value = argv[++i];
			}
			item->opt = opt;
			item->value = value;
			cli->count++;
			continue;
		}

		if (a[0] == '-' && a[1]) {
			if (a[1] == 'h' && !a[2] && !find_short(spec, 'h')) {
				cli->help = true;
				return true;
			}
			const struct rl_opt *opt = find_short(spec, a[1]);
			if (!opt) {
				report(spec, err, &o, "unknown option -%c (see --help)", a[1]);
				return false;
			}
			snprintf(item->spelled, sizeof(item->spelled), "-%c", a[1]);
			const char *value;
			if (opt->type == RL_OPT_BOOL) {
				if (a[2]) {
					report(spec, err, &o, "option -%c takes no value (use "
					       "--%s=VALUE or --no-%s)", a[1], opt->name, opt->name);
					return false;
				}
				value = "yes";
			} else if (a[2]) {
				value = a + 2;
			} else if (i + 1 < argc) {
				value = argv[++i];
			} else {
				report(spec, err, &o, "option -%c (--%s) needs a value (%s)", a[1],
				       opt->name, opt->arg ? opt->arg : "VALUE");
				return false;
			}
			item->opt = opt;
			item->value = value;
			cli->count++;
			continue;
		}

		report(spec, err, &o, "unexpected argument '%s' (this program takes only "
		       "options; see --help)", a);
		return false;
	}
	return true;
}

/* ---- output ---------------------------------------------------------------- */

/* Writes words of `text` from column `col`, continuing lines at `indent`. */
static void wrap(FILE *out, const char *text, size_t col, size_t indent)
{
	const char *p = text;
	bool first = true;
	while (*p) {
		while (*p == ' ')
			p++;
		if (!*p)
			break;
		size_t word = strcspn(p, " ");
		char chunk[256];
		/* NBSP (0x01) glues words, e.g. "(default: bgra)", and prints as a space. */
		size_t take = word < sizeof(chunk) ? word : sizeof(chunk) - 1;
		memcpy(chunk, p, take);
		for (size_t k = 0; k < take; k++)
			if (chunk[k] == NBSP)
				chunk[k] = ' ';
		if (!first && col + 1 + word > HELP_WIDTH) {
			fprintf(out, "\n%*s", (int)indent, "");
			col = indent;
			first = true;
		}
		if (!first) {
			fputc(' ', out);
			col++;
		}
		fwrite(chunk, 1, take, out);
		if (take < word)
			fwrite(p + take, 1, word - take, out);
		col += word;
		p += word;
		first = false;
	}
	fputc('\n', out);
}

static void print_entry(FILE *out, const char *left, const char *help)
{
	size_t len = strlen(left);
	fprintf(out, "  %s", left);
	if (len + 2 + 2 <= HELP_COLUMN) {
		fprintf(out, "%*s", (int)(HELP_COLUMN - 2 - len), "");
	} else {
		fprintf(out, "\n%*s", HELP_COLUMN, "");
	}
	wrap(out, help, HELP_COLUMN, HELP_COLUMN);
}

static bool section_seen_before(const struct rl_opts_spec *spec, size_t i)
{
	for (size_t j = 0; j < i; j++)
		if (strcmp(spec->opts[j].section, spec->opts[i].section) == 0)
			return true;
	return false;
}

void rl_opts_print_help(const struct rl_opts_spec *spec, FILE *out)
{
	char left[128], help[1024], list[512];

	fprintf(out, "Usage: %s [OPTION]...\n\n", spec->program);
	if (spec->summary) {
		wrap(out, spec->summary, 0, 0);
		fputc('\n', out);
	}
	wrap(out, "Every option can also be set in a config file as \"name = value\" "
	     "under its [section]. The command line wins over the file, the file over "
	     "the defaults.", 0, 0);

	for (size_t s = 0; s < spec->count; s++) {
		if (section_seen_before(spec, s))
			continue;
		fprintf(out, "\n[%s]\n", spec->opts[s].section);
		for (size_t i = s; i < spec->count; i++) {
			const struct rl_opt *opt = &spec->opts[i];
			if (strcmp(opt->section, spec->opts[s].section) != 0)
				continue;
			int n = 0;
			if (opt->short_name)
				n = snprintf(left, sizeof(left), "-%c, ", opt->short_name);
			if (opt->type == RL_OPT_BOOL)
				snprintf(left + n, sizeof(left) - (size_t)n, "--[no-]%s", opt->name);
			else
				snprintf(left + n, sizeof(left) - (size_t)n, "--%s %s", opt->name,
					 opt->arg ? opt->arg : "VALUE");

			size_t used = (size_t)snprintf(help, sizeof(help), "%s",
						       opt->help ? opt->help : "");
			if (opt->type == RL_OPT_CHOICE && used < sizeof(help)) {
				choices_list(opt, list, sizeof(list));
				used += (size_t)snprintf(help + used, sizeof(help) - used,
							 " One of: %s.", list);
			}
			if ((opt->type == RL_OPT_INT || opt->type == RL_OPT_SIZE) &&
			    has_bounds(opt) && used < sizeof(help)) {
				expected_range(opt, list, sizeof(list));
				used += (size_t)snprintf(help + used, sizeof(help) - used,
							 " Range: %s.", list);
			}
			if (opt->def && used < sizeof(help))
				snprintf(help + used, sizeof(help) - used, " (default:\x01%s)",
					 opt->def);
			print_entry(out, left, help);
		}
	}

	fprintf(out, "\nGeneral:\n");
	print_entry(out, "-h, --help", "Show this help and exit.");
	print_entry(out, "--version", "Show the version and exit.");
	if (spec->default_config) {
		snprintf(help, sizeof(help), "Read options from FILE instead of %s (read "
			 "only if it exists).", spec->default_config);
		print_entry(out, "--config FILE", help);
	} else {
		print_entry(out, "--config FILE", "Read options from FILE.");
	}
	print_entry(out, "--dump-config", "Print the effective configuration (defaults, "
		    "config file and command line applied) as a config file and exit.");
}

/* Does a string need quotes to come back unchanged through ini_value()? */
static bool needs_quotes(const char *s)
{
	size_t n = strlen(s);
	return n == 0 || isspace((unsigned char)s[0]) || isspace((unsigned char)s[n - 1]) ||
	       s[0] == '"' || s[0] == '\'' || strpbrk(s, "#;") != NULL;
}

static void dump_config(const struct rl_opts_spec *spec, const void *cfg, FILE *out)
{
	fprintf(out, "# %s %s: effective configuration\n", spec->program,
		spec->version ? spec->version : "");
	for (size_t s = 0; s < spec->count; s++) {
		if (section_seen_before(spec, s))
			continue;
		fprintf(out, "\n[%s]\n", spec->opts[s].section);
		for (size_t i = s; i < spec->count; i++) {
			const struct rl_opt *opt = &spec->opts[i];
			if (strcmp(opt->section, spec->opts[s].section) != 0)
				continue;
			const void *p = (const char *)cfg + opt->offset;
			char size[32];
			switch (opt->type) {
			case RL_OPT_BOOL:
				fprintf(out, "%s = %s\n", opt->name, *(const bool *)p ? "yes" : "no");
				break;
			case RL_OPT_INT:
				fprintf(out, "%s = %lld\n", opt->name,
					(long long)*(const int64_t *)p);
				break;
			case RL_OPT_SIZE:
				format_size(*(const uint64_t *)p, size, sizeof(size));
				fprintf(out, "%s = %s\n", opt->name, size);
				break;
			case RL_OPT_SECONDS:
				fprintf(out, "%s = %.9g\n", opt->name,
					(double)*(const uint64_t *)p / 1e9);
				break;
			case RL_OPT_STRING: {
				const char *v = *(char *const *)p;
				if (!v)
					fprintf(out, "# %s = (unset)\n", opt->name);
				else if (needs_quotes(v))
					fprintf(out, "%s = \"%s\"\n", opt->name, v);
				else
					fprintf(out, "%s = %s\n", opt->name, v);
				break;
			}
			case RL_OPT_CHOICE: {
				int v = *(const int *)p;
				fprintf(out, "%s = %s\n", opt->name, opt->choices && v >= 0 ?
					opt->choices[v] : "");
				break;
			}
			}
		}
	}
}

/* ---- entry points ------------------------------------------------------------ */

enum rl_opts_result rl_opts_parse(const struct rl_opts_spec *spec, void *cfg,
				  int argc, char **argv, FILE *out, FILE *err)
{
	enum rl_opts_result result = RL_OPTS_ERROR;
	struct cli cli = { 0 };

	/* Defaults first: from here on every string field is ours to free. */
	bool ok = apply_defaults(spec, cfg, err);

	/* Every argument is at most one item. */
	cli.items = calloc(argc > 0 ? (size_t)argc : 1, sizeof(*cli.items));
	if (!cli.items) {
		report(spec, err, NULL, "out of memory");
		goto out_free;
	}
	if (!scan_cli(spec, argc, argv, &cli, err))
		goto out_free;
	if (cli.help) {
		rl_opts_print_help(spec, out);
		result = RL_OPTS_EXIT;
		goto out_free;
	}
	if (cli.version) {
		fprintf(out, "%s %s\n", spec->program, spec->version ? spec->version : "");
		result = RL_OPTS_EXIT;
		goto out_free;
	}

	if (cli.config)
		ok = read_config(spec, cfg, cli.config, true, err) && ok;
	else if (spec->default_config)
		ok = read_config(spec, cfg, spec->default_config, false, err) && ok;
	for (size_t i = 0; i < cli.count; i++) {
		const struct origin o = { .spelled = cli.items[i].spelled };
		ok = set_value(spec, cli.items[i].opt, cfg, cli.items[i].value, &o, err) && ok;
	}
	if (!ok)
		goto out_free;

	if (cli.dump) {
		dump_config(spec, cfg, out);
		result = RL_OPTS_EXIT;
		goto out_free;
	}
	free(cli.items);
	return RL_OPTS_OK;

out_free:
	free(cli.items);
	rl_opts_free(spec, cfg);
	return result;
}

void rl_opts_free(const struct rl_opts_spec *spec, void *cfg)
{
	for (size_t i = 0; i < spec->count; i++) {
		if (spec->opts[i].type != RL_OPT_STRING)
			continue;
		char **slot = field(&spec->opts[i], cfg);
		free(*slot);
		*slot = NULL;
	}
}

char *rl_opts_default_config_path(const char *basename)
{
	const char *xdg = getenv("XDG_CONFIG_HOME");
	const char *home = getenv("HOME");
	const char *dir, *sub;

	/* The XDG spec says a relative XDG_CONFIG_HOME is to be ignored. */
	if (xdg && xdg[0] == '/') {
		dir = xdg;
		sub = "/relay/";
	} else if (home && home[0]) {
		dir = home;
		sub = "/.config/relay/";
	} else {
		return NULL;
	}
	size_t len = strlen(dir) + strlen(sub) + strlen(basename) + 1;
	char *path = malloc(len);
	if (path)
		snprintf(path, len, "%s%s%s", dir, sub, basename);
	return path;
}

static size_t align_up(size_t n)
{
	size_t a = _Alignof(max_align_t);

	return (n + a - 1) / a * a;
}

bool rl_opts_set_init(struct rl_opts_set *set, const struct rl_opt *opts,
		      size_t count, size_t config_size,
		      const struct rl_opt_group *const *groups, size_t ngroups)
{
	size_t total = count, size = align_up(config_size), n = 0;

	memset(set, 0, sizeof(*set));
	if (ngroups > RL_OPTS_MAX_GROUPS) {
		fprintf(stderr, "options: %zu groups, at most %d\n", ngroups, RL_OPTS_MAX_GROUPS);
		return false;
	}
	for (size_t g = 0; g < ngroups; g++) {
		set->offsets[g] = size;
		if (!groups[g])
			continue;
		total += groups[g]->count;
		size += align_up(groups[g]->config_size);
	}
	set->ngroups = ngroups;
	set->opts = calloc(total ? total : 1, sizeof(*set->opts));
	set->config = calloc(1, size ? size : 1);
	if (!set->opts || !set->config) {
		fprintf(stderr, "options: out of memory\n");
		rl_opts_set_finish(set);
		return false;
	}
	memcpy(set->opts, opts, count * sizeof(*opts));
	n = count;
	for (size_t g = 0; g < ngroups; g++) {
		if (!groups[g])
			continue;
		for (size_t i = 0; i < groups[g]->count; i++) {
			set->opts[n] = groups[g]->opts[i];
			set->opts[n].offset += set->offsets[g];
			n++;
		}
	}
	set->count = n;
	return true;
}

void *rl_opts_set_group(const struct rl_opts_set *set, size_t i)
{
	return (char *)set->config + set->offsets[i];
}

bool rl_opts_set_choices(struct rl_opts_set *set, const char *name,
			 const char *const *choices)
{
	for (size_t i = 0; i < set->count; i++) {
		if (strcmp(set->opts[i].name, name) == 0) {
			set->opts[i].choices = choices;
			return true;
		}
	}
	return false;
}

void rl_opts_set_finish(struct rl_opts_set *set)
{
	free(set->opts);
	free(set->config);
	memset(set, 0, sizeof(*set));
}
