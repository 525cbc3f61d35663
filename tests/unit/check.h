/* SPDX-License-Identifier: MIT */
/* Minimal test harness: CHECK() counts, the summary line is CTest-readable. */
#ifndef RELAY_TEST_CHECK_H
#define RELAY_TEST_CHECK_H

#include <stdio.h>
#include <stdlib.h>

struct check_counts {
	unsigned passed;
	unsigned failed;
};

static struct check_counts check_counts;

#define CHECK(cond)                                                         \
	do {                                                                \
		if (cond) {                                                 \
			check_counts.passed++;                              \
		} else {                                                    \
			check_counts.failed++;                              \
			fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, \
				__LINE__, #cond);                           \
		}                                                           \
	} while (0)

#define CHECK_EQ_U64(a, b)                                                  \
	do {                                                                \
		unsigned long long a_ = (unsigned long long)(a);            \
		unsigned long long b_ = (unsigned long long)(b);            \
		if (a_ == b_) {                                             \
			check_counts.passed++;                              \
		} else {                                                    \
			check_counts.failed++;                              \
			fprintf(stderr, "%s:%d: CHECK failed: %s == %s (%llu != %llu)\n", \
				__FILE__, __LINE__, #a, #b, a_, b_);        \
		}                                                           \
	} while (0)

static inline int check_summary(void)
{
	printf("%u passed, %u failed\n", check_counts.passed, check_counts.failed);
	return check_counts.failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

#endif
