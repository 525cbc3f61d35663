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
 * "128M" accepted), SECONDS -> uint64_t nanoseconds (written in seconds,
 * fractions allowed: "0.5"; bounds in whole seconds), STRING -> char *
 * (heap, freed by rl_opts_free), CHOICE -> int (index into choices).
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
	RL_OPT_SECONDS,
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
 * Backends own their options (as mpv's vo_driver does with options and
 * priv_size): a backend declares a group, a table whose offsets point into
 * its own config struct of config_size bytes. A program joins its own
 * table and every built-in backend's group into one set over one config
 * block, parses that, and hands each backend its part.
 */
struct rl_opt_group {
	const struct rl_opt *opts;
	size_t count;
	size_t config_size;
};

#define RL_OPTS_MAX_GROUPS 16

struct rl_opts_set {
	struct rl_opt *opts;  /* the program's options, then each group's */
	size_t count;
	void *config;         /* heap, zeroed: the program's config first */
	size_t offsets[RL_OPTS_MAX_GROUPS]; /* of each group's config in it */
	size_t ngroups;
};

/*
 * Join the program's table (offsets into its config struct of
 * config_size bytes) with `groups` (NULL entries are skipped but keep
 * their index). False (logged to stderr) on allocation failure or more
 * than RL_OPTS_MAX_GROUPS groups.
 */
bool rl_opts_set_init(struct rl_opts_set *set, const struct rl_opt *opts,
		      size_t count, size_t config_size,
		      const struct rl_opt_group *const *groups, size_t ngroups);

/* Group i's config inside set->config. */
void *rl_opts_set_group(const struct rl_opts_set *set, size_t i);

/*
 * Give option `name` (a CHOICE) its choices, e.g. the names of a
 * registry's backends; `choices` must outlive the set. False when there
 * is no such option.
 */
bool rl_opts_set_choices(struct rl_opts_set *set, const char *name,
			 const char *const *choices);

/* Free what init allocated; accepts a zeroed set. */
void rl_opts_set_finish(struct rl_opts_set *set);

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
