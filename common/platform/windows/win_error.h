/* SPDX-License-Identifier: MIT */
/*
 * Private to relay's Windows code: Win32 error codes and HRESULTs as
 * sentences for log messages, and UTF-8 paths as the wide strings the
 * W functions take.
 */
#ifndef RELAY_WIN_ERROR_H
#define RELAY_WIN_ERROR_H

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>

#define WIN32_LEAN_AND_MEAN
#include <windows.h>

/*
 * The system's text for `code` (a GetLastError() value or an HRESULT)
 * without the trailing newline; "unknown error" when the system has none.
 * Returns buf, always terminated.
 */
static inline const char *rl_win_error_text(DWORD code, char *buf, size_t len)
{
	DWORD n = FormatMessageA(FORMAT_MESSAGE_FROM_SYSTEM |
					 FORMAT_MESSAGE_IGNORE_INSERTS |
					 FORMAT_MESSAGE_MAX_WIDTH_MASK,
				 NULL, code, 0, buf, (DWORD)len, NULL);

	while (n > 0 && (buf[n - 1] == ' ' || buf[n - 1] == '\r' ||
			 buf[n - 1] == '\n' || buf[n - 1] == '.'))
		buf[--n] = '\0';
	if (n == 0)
		snprintf(buf, len, "unknown error");
	return buf;
}

/*
 * UTF-8 to a heap UTF-16 string (free()); NULL when the text is not
 * UTF-8 or memory runs out.
 */
static inline wchar_t *rl_win_utf8_to_wide(const char *text)
{
	int n = MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, text, -1, NULL, 0);
	if (n <= 0)
		return NULL;
	wchar_t *w = malloc((size_t)n * sizeof(*w));
	if (w && MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, text, -1, w, n) != n) {
		free(w);
		w = NULL;
	}
	return w;
}

#endif /* RELAY_WIN_ERROR_H */
