/* SPDX-License-Identifier: MIT */
#include "relay/shm.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "shm_internal.h"

const struct rl_shm_ops *const rl_shm_sources[] = {
#ifdef __linux__
	&rl_shm_kvmfr,
	&rl_shm_pci,
#endif
#ifdef _WIN32
	&rl_shm_ivshmem,
#endif
	&rl_shm_file, /* matches every path: keep it last */
	NULL,
};

static void list_sources(char *buf, size_t len)
{
	size_t used = (size_t)snprintf(buf, len, "auto");
	for (size_t i = 0; rl_shm_sources[i] && used < len; i++)
		used += (size_t)snprintf(buf + used, len - used, ", %s",
					 rl_shm_sources[i]->name);
}

void rl_shm_source_names(const char **names, size_t max)
{
	size_t n = 0;

	names[n++] = "auto";
	for (size_t i = 0; rl_shm_sources[i] && n + 1 < max; i++)
		names[n++] = rl_shm_sources[i]->name;
	names[n] = NULL;
}

const struct rl_shm_ops *rl_shm_find(const char *source, const char *path,
				     const struct rl_log *log)
{
	bool any = !source || strcmp(source, "auto") == 0;
	char valid[128];

	path = path ? path : "";
	for (size_t i = 0; rl_shm_sources[i]; i++) {
		const struct rl_shm_ops *ops = rl_shm_sources[i];

		if (any ? ops->matches(path) : strcmp(ops->name, source) == 0)
			return ops;
	}
	if (any) {
		rl_err(log, "shm: no shared-memory source handles '%s'", path);
		return NULL;
	}
	list_sources(valid, sizeof(valid));
	rl_err(log, "shm: unknown shared-memory source '%s' (valid: %s)", source, valid);
	return NULL;
}

struct rl_shm *rl_shm_open(const char *source, const struct rl_shm_params *params)
{
	const struct rl_shm_ops *impl = rl_shm_find(source, params->path, params->log);
	struct rl_shm *shm;

	if (!impl)
		return NULL;
	shm = impl->open(params);
	if (!shm)
		return NULL;
	rl_info(params->log, "shm: %s", shm->desc);
	return shm;
}

void rl_shm_close(struct rl_shm *shm)
{
	if (shm)
		shm->impl->close(shm);
}

void rl_shm_format_size(uint64_t bytes, char *buf, size_t len)
{
	static const char *const units[] = { "KiB", "MiB", "GiB", "TiB", "PiB", "EiB" };
	if (bytes < 1024) {
		snprintf(buf, len, "%llu bytes", (unsigned long long)bytes);
		return;
	}
	size_t u = 0;
	uint64_t scale = 1024;
	while (u + 1 < sizeof(units) / sizeof(units[0]) && bytes / scale >= 1024) {
		scale *= 1024;
		u++;
	}
	if (bytes % scale == 0)
		snprintf(buf, len, "%llu %s", (unsigned long long)(bytes / scale), units[u]);
	else
		snprintf(buf, len, "%.1f %s", (double)bytes / (double)scale, units[u]);
}

bool rl_parse_size(const char *text, uint64_t *bytes)
{
	static const struct {
		const char *suffix;
		unsigned shift;
	} suffixes[] = {
		{ "", 0 },    { "b", 0 },
		{ "k", 10 },  { "kb", 10 }, { "kib", 10 },
		{ "m", 20 },  { "mb", 20 }, { "mib", 20 },
		{ "g", 30 },  { "gb", 30 }, { "gib", 30 },
		{ "t", 40 },  { "tb", 40 }, { "tib", 40 },
	};

	if (!text)
		return false;
	const char *p = text;
	while (isspace((unsigned char)*p))
		p++;
	if (!isdigit((unsigned char)*p))
		return false;

	uint64_t value = 0;
	for (; isdigit((unsigned char)*p); p++) {
		unsigned digit = (unsigned)(*p - '0');
		if (value > (UINT64_MAX - digit) / 10)
			return false;
		value = value * 10 + digit;
	}
	while (*p == ' ')
		p++;

	const char *unit = p;
	size_t unit_len = strlen(unit);
	while (unit_len > 0 && isspace((unsigned char)unit[unit_len - 1]))
		unit_len--;

	for (size_t i = 0; i < sizeof(suffixes) / sizeof(suffixes[0]); i++) {
		if (strlen(suffixes[i].suffix) != unit_len ||
		    strncasecmp(unit, suffixes[i].suffix, unit_len) != 0)
			continue;
		unsigned shift = suffixes[i].shift;
		if (shift && value > (UINT64_MAX >> shift))
			return false;
		*bytes = value << shift;
		return true;
	}
	return false;
}
