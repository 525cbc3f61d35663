/* SPDX-License-Identifier: MIT */
#include "relay/time.h"

#define WIN32_LEAN_AND_MEAN
#include <windows.h>
#include <ntsecapi.h>
#include <timeapi.h>

#ifndef CREATE_WAITABLE_TIMER_HIGH_RESOLUTION
#define CREATE_WAITABLE_TIMER_HIGH_RESOLUTION 0x00000002
#endif

uint64_t rl_time_ns(void)
{
	LARGE_INTEGER count, freq;

	/* Both calls always succeed on Windows XP and later. */
	QueryPerformanceCounter(&count);
	QueryPerformanceFrequency(&freq);
	uint64_t c = (uint64_t)count.QuadPart, f = (uint64_t)freq.QuadPart;
	/* Split so c * 1e9 cannot overflow for any uptime. */
	return c / f * RL_NS_PER_S + c % f * RL_NS_PER_S / f;
}

/*
 * A relative due time in 100 ns units on a waitable timer: the
 * high-resolution kind (Windows 10 1803+) is accurate to well under 1 ms
 * without changing the system timer; older systems and Wine get a plain
 * timer, as precise as timeBeginPeriod (rl_time_precise_sleep) makes it.
 */
void rl_sleep_ns(uint64_t ns)
{
	if (ns == 0)
		return;
	HANDLE timer = CreateWaitableTimerExW(NULL, NULL,
					      CREATE_WAITABLE_TIMER_HIGH_RESOLUTION,
					      TIMER_ALL_ACCESS);
	if (!timer)
		timer = CreateWaitableTimerExW(NULL, NULL, 0, TIMER_ALL_ACCESS);
	if (timer) {
		uint64_t ticks = (ns + 99) / 100;
		LARGE_INTEGER due;
		due.QuadPart = ticks > (uint64_t)INT64_MAX ? INT64_MIN : -(int64_t)ticks;
		if (SetWaitableTimer(timer, &due, 0, NULL, NULL, FALSE) &&
		    WaitForSingleObject(timer, INFINITE) == WAIT_OBJECT_0) {
			CloseHandle(timer);
			return;
		}
		CloseHandle(timer);
	}
	/* No timer: Sleep rounds up to whole milliseconds. */
	uint64_t ms = (ns + RL_NS_PER_MS - 1) / RL_NS_PER_MS;
	Sleep(ms >= INFINITE ? INFINITE - 1 : (DWORD)ms);
}

void rl_time_precise_sleep(void)
{
	/* Reference counted by the system and undone at process exit. */
	timeBeginPeriod(1);
}

bool rl_random_bytes(void *buf, size_t len)
{
	unsigned char *p = buf;

	/* RtlGenRandom (advapi32's SystemFunction036): no provider to open. */
	while (len > 0) {
		ULONG chunk = len > 0x10000000u ? 0x10000000u : (ULONG)len;
		if (!RtlGenRandom(p, chunk))
			return false;
		p += chunk;
		len -= chunk;
	}
	return true;
}
