/* SPDX-License-Identifier: MIT */
/* Logging: line format, levels, sinks, whole lines under threads, rate limit. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "relay/log.h"
#include "relay/time.h"

#define CHECK_STR(a, b) CHECK((a) && strcmp((a), (b)) == 0)

struct sink_seen {
	unsigned calls;
	enum rl_log_level level;
	char line[256];
};

static void sink(void *userdata, enum rl_log_level level, const char *line)
{
	struct sink_seen *s = userdata;
	s->calls++;
	s->level = level;
	snprintf(s->line, sizeof(s->line), "%s", line);
}

/* Runs fn against a log writing to a memory stream; returns what it wrote. */
static char *logged(void (*fn)(struct rl_log *), enum rl_log_level level)
{
	char *text = NULL;
	size_t len = 0;
	struct rl_log log;
	rl_log_init(&log, "relay-test");
	log.level = level;
	log.out = open_memstream(&text, &len);
	fn(&log);
	fclose(log.out);
	return text;
}

static void all_levels(struct rl_log *log)
{
	rl_err(log, "e %d", 1);
	rl_warn(log, "frame %u rejected: pitch %u < width %u x %u", 42u, 7680u, 1920u, 4u);
	rl_info(log, "i %s", "x");
	rl_dbg(log, "d");
}

static void trailing_newlines(struct rl_log *log)
{
	rl_info(log, "one\n");
	rl_info(log, "two\n\n");
	rl_info(log, "%s", "");
}

static void long_line(struct rl_log *log)
{
	char big[5001];
	memset(big, 'x', 5000);
	big[5000] = '\0';
	rl_info(log, "%s|end", big);
}

static void test_format_and_levels(void)
{
	char *t = logged(all_levels, RL_LOG_INFO);
	CHECK_STR(t, "relay-test: error: e 1\n"
		     "relay-test: warn: frame 42 rejected: pitch 7680 < width 1920 x 4\n"
		     "relay-test: info: i x\n");
	free(t);

	t = logged(all_levels, RL_LOG_ERROR);
	CHECK_STR(t, "relay-test: error: e 1\n");
	free(t);

	t = logged(all_levels, RL_LOG_DEBUG);
	CHECK(t && strstr(t, "relay-test: debug: d\n") != NULL);
	free(t);

	t = logged(trailing_newlines, RL_LOG_INFO);
	CHECK_STR(t, "relay-test: info: one\nrelay-test: info: two\nrelay-test: info: \n");
	free(t);

	t = logged(long_line, RL_LOG_INFO);
	CHECK(t && strlen(t) == strlen("relay-test: info: ") + 5000 + strlen("|end\n"));
	CHECK(t && strcmp(t + strlen(t) - 5, "|end\n") == 0);
	free(t);
}

static void test_init_and_sink(void)
{
	struct rl_log log;
	rl_log_init(&log, "relay-host");
	CHECK(log.level == RL_LOG_INFO);
	CHECK(log.out == stderr);
	CHECK_STR(log.component, "relay-host");
	CHECK(log.sink == NULL);

	struct sink_seen seen = { 0 };
	log.out = NULL;
	log.sink = sink;
	log.sink_data = &seen;
	rl_warn(&log, "disk %s", "full\n");
	CHECK(seen.calls == 1);
	CHECK(seen.level == RL_LOG_WARN);
	CHECK_STR(seen.line, "relay-host: warn: disk full");
	rl_dbg(&log, "dropped");
	CHECK(seen.calls == 1);

	/* a NULL log drops the message */
	rl_err(NULL, "nowhere %d", 1);
	CHECK(seen.calls == 1);
}

static void test_level_names(void)
{
	static const char *const names[] = { "error", "warn", "info", "debug" };
	for (int i = RL_LOG_ERROR; i <= RL_LOG_DEBUG; i++) {
		enum rl_log_level l = RL_LOG_INFO;
		CHECK_STR(rl_log_level_name((enum rl_log_level)i), names[i]);
		CHECK(rl_log_level_parse(names[i], &l) && l == (enum rl_log_level)i);
	}
	enum rl_log_level l = RL_LOG_INFO;
	CHECK(rl_log_level_parse("DEBUG", &l) && l == RL_LOG_DEBUG);
	l = RL_LOG_INFO;
	CHECK(!rl_log_level_parse("warning", &l) && l == RL_LOG_INFO);
	CHECK(!rl_log_level_parse("", &l));
	CHECK(!rl_log_level_parse(NULL, &l));
	CHECK_STR(rl_log_level_name((enum rl_log_level)17), "unknown");
}

static void test_ratelimit(void)
{
	struct rl_ratelimit rl = { 0 };
	const uint64_t s = RL_NS_PER_S;

	/* the first message always passes, even at time 0 */
	CHECK(rl_ratelimit_pass(&rl, 0, s));
	CHECK(rl.suppressed == 0);
	CHECK(!rl_ratelimit_pass(&rl, s / 2, s));
	CHECK(!rl_ratelimit_pass(&rl, s - 1, s));
	CHECK(rl.suppressed == 2);
	CHECK(rl_ratelimit_pass(&rl, s, s));
	CHECK(rl.suppressed == 0);
	for (int i = 0; i < 1000; i++)
		CHECK(!rl_ratelimit_pass(&rl, s + (uint64_t)i * 1000, s));
	CHECK(rl.suppressed == 1000);
	CHECK(rl_ratelimit_pass(&rl, 10 * s, s));
	CHECK(rl.suppressed == 0);

	/* interval 0 never holds anything back */
	struct rl_ratelimit all = { 0 };
	for (int i = 0; i < 10; i++)
		CHECK(rl_ratelimit_pass(&all, 5, 0));

	/* a large first timestamp passes too (no "time since 0" arithmetic) */
	struct rl_ratelimit late = { 0 };
	CHECK(rl_ratelimit_pass(&late, 100, 1000));
	CHECK(!rl_ratelimit_pass(&late, 200, 1000));
}

#define THREADS 8
#define LINES 2000

struct writer {
	const struct rl_log *log;
	int id;
};

static void *write_lines(void *arg)
{
	const struct writer *w = arg;
	for (int i = 0; i < LINES; i++)
		rl_info(w->log, "thread %d line %d %s", w->id, i,
			"padding-padding-padding-padding-padding-padding-padding-padding");
	return NULL;
}

/* Lines from concurrent threads arrive whole, never interleaved. */
static void test_threads(void)
{
	FILE *f = tmpfile();
	struct rl_log log;
	rl_log_init(&log, "relay-test");
	log.out = f;

	pthread_t tid[THREADS];
	struct writer w[THREADS];
	for (int i = 0; i < THREADS; i++) {
		w[i] = (struct writer){ .log = &log, .id = i };
		pthread_create(&tid[i], NULL, write_lines, &w[i]);
	}
	for (int i = 0; i < THREADS; i++)
		pthread_join(tid[i], NULL);

	rewind(f);
	int next[THREADS] = { 0 };
	char line[256];
	unsigned good = 0, bad = 0;
	while (fgets(line, sizeof(line), f)) {
		int id, n, consumed = 0;
		if (sscanf(line, "relay-test: info: thread %d line %d padding-padding-padding-"
			   "padding-padding-padding-padding-padding\n%n", &id, &n, &consumed) == 2 &&
		    consumed == (int)strlen(line) && id >= 0 && id < THREADS && n == next[id]) {
			next[id]++;
			good++;
		} else {
			bad++;
		}
	}
	fclose(f);
	CHECK_EQ_U64(good, THREADS * LINES);
	CHECK_EQ_U64(bad, 0);
}

int main(void)
{
	test_format_and_levels();
	test_init_and_sink();
	test_level_names();
	test_ratelimit();
	test_threads();
	return check_summary();
}
