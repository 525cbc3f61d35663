/* SPDX-License-Identifier: MIT */
/*
 * Options: one table per program describes every option once; the same
 * key works in an INI file and on the command line:
 *
 *   [app]                       relay-client --shm-file /dev/shm/vm1
 *   shm-file = /dev/shm/vm1
 *
 * Precedence: built-in default < config file < command line. Built in to
 * every program: -h/--help, --version, --config FILE, --dump-config
 * (prints the effective configuration as INI and exits).
 *
 * Values land in the caller's config struct at rl_opt.offset, typed by
 * rl_opt.type:  BOOL -> bool, INT -> int64_t, SIZE -> uint64_t (bytes,
 * "128M" accepted), STRING -> char * (heap, freed by rl_opts_free),
 * CHOICE -> int (index into choices).
 */
#ifndef RELAY_OPTIONS_H
#define RELAY_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

enum rl_opt_type {
	RL_OPT_BOOL,
	RL_OPT_INT,
	RL_OPT_SIZE,
	RL_OPT_STRING,
	RL_OPT_CHOICE,
};

struct rl_opt {
	const char *section;        /* INI section, e.g. "app" */
	const char *name;           /* INI key and --long option, e.g. "shm-file" */
	char short_name;            /* -x on the command line, 0 for none */
	enum rl_opt_type type;
	size_t offset;              /* offsetof(config struct, field) */
	const char *def;            /* default as a user writes it; NULL = unset */
	const char *arg;            /* metavariable for --help, e.g. "PATH" */
	const char *help;           /* one sentence (or two) */
	int64_t min, max;           /* INT/SIZE bounds, inclusive; min == max == 0: none */
	const char *const *choices; /* CHOICE: NULL-terminated list */
};

struct rl_opts_spec {
	const char *program;        /* "relay-client" */
	const char *version;        /* printed by --version */
	const char *summary;        /* paragraph at the top of --help */
	const struct rl_opt *opts;
	size_t count;
	const char *default_config; /* read when --config is absent and it exists; may be NULL */
};

enum rl_opts_result {
	RL_OPTS_OK,      /* run the program */
	RL_OPTS_EXIT,    /* --help/--version/--dump-config printed: exit 0 */
	RL_OPTS_ERROR,   /* a clear message went to `err`: exit 2 */
};

/*
 * Apply defaults, then the config file, then argv. Errors name the option,
 * the source (file:line or "command line"), the bad value and what is
 * expected; unknown options suggest the closest known one.
 */
enum rl_opts_result rl_opts_parse(const struct rl_opts_spec *spec, void *cfg,
				  int argc, char **argv, FILE *out, FILE *err);

/*
 * Free the strings rl_opts_parse stored in cfg (and NULL them). After
 * RL_OPTS_EXIT or RL_OPTS_ERROR they are already freed; calling it again
 * is harmless.
 */
void rl_opts_free(const struct rl_opts_spec *spec, void *cfg);

/* Write --help text. */
void rl_opts_print_help(const struct rl_opts_spec *spec, FILE *out);

/*
 * Per-user config path: $XDG_CONFIG_HOME/relay/<basename>, else
 * ~/.config/relay/<basename>. Heap string (caller frees); NULL when
 * neither variable is set or on allocation failure.
 */
char *rl_opts_default_config_path(const char *basename);

#endif /* RELAY_OPTIONS_H */
