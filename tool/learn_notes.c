/* The header lines of a learned policy (see learn_notes.h). */
#include "learn_notes.h"

#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* word as the shell reads it back: as it is when only safe bytes, else in single quotes. */
static void shell_word(FILE *out, const char *word)
{
	if (*word && strspn(word, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
				  "_./:=@%+,-") == strlen(word)) {
		fputs(word, out);
		return;
	}
	fputc('\'', out);
	for (const char *p = word; *p; p++)
		if (*p == '\'')
			fputs("'\\''", out);
		else
			fputc(*p, out);
	fputc('\'', out);
}

/* path made absolute against the current directory, so the command works from anywhere. */
static void absolute(FILE *out, const char *path)
{
	char cwd[PATH_MAX], joined[2 * PATH_MAX + 2];
	if (path[0] != '/' && getcwd(cwd, sizeof(cwd))) {
		snprintf(joined, sizeof(joined), "%s/%s", cwd, path);
		path = joined;
	}
	shell_word(out, path);
}

/* "PREFIX" then the settings, the launcher and the program's words. */
static char *command(const struct sb_learn_notes_input *in, const char *prefix, bool preload_form,
		     bool env_file)
{
	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);
	if (!out)
		return NULL;
	fputs(prefix, out);
	bool to_stdout = !in->output || !strcmp(in->output, "-");
	if (env_file) {
		fputs("env $(cat ", out);
		if (to_stdout)
			fputs("FILE", out);
		else
			absolute(out, in->output);
		fputs(") ", out);
	} else {
		fputs("SECCOMP_POLICY_FILE=", out);
		if (to_stdout)
			fputs("THIS_FILE", out);
		else
			absolute(out, in->output);
		fputc(' ', out);
	}
	if (preload_form) {
		fputs("LD_PRELOAD=", out);
		absolute(out, in->library);
	} else {
		if (strchr(in->sandboxify, '/'))
			absolute(out, in->sandboxify);
		else
			shell_word(out, in->sandboxify);
		if (!in->is_static)
			fputs(" --preload", out);
	}
	for (char **w = in->argv; *w; w++) {
		fputc(' ', out);
		shell_word(out, *w);
	}
	return fclose(out) ? (free(text), NULL) : text;
}

const char *sb_learn_stop_reason(int stopped_by)
{
	switch (stopped_by) {
	case SIGALRM: return "stopped after the --timeout";
	case SIGINT: return "interrupted by SIGINT";
	case SIGTERM: return "stopped by SIGTERM";
	case SIGHUP: return "stopped by SIGHUP";
	default: return "stopped by a signal";
	}
}

struct sb_learn_notes *sb_learn_notes_make(const struct sb_learn_notes_input *in)
{
	struct sb_learn_notes *n = calloc(1, sizeof(*n));
	if (!n)
		return NULL;
	size_t k = 0;
	bool ok = true;
	if (in->stopped_by)
		ok &= asprintf(&n->lines[k++], "PARTIAL: %s before %s finished: calls it would have "
			       "made later are missing", sb_learn_stop_reason(in->stopped_by),
			       in->argv[0]) >= 0;
	if (in->with_command && in->format_env) {
		n->hint = command(in, "run under it: ", !in->is_static, true);
		ok &= n->hint != NULL;
	} else if (in->with_command) {
		/* A dynamic program needs the library's start-up: plain sandboxify would install
		 * the learned filter before the loader, which it does not allow. */
		ok &= (n->lines[k++] = command(in, "Run under it: ", !in->is_static, false)) != NULL;
		if (!in->is_static)
			ok &= (n->lines[k++] = command(in, "          or: ", false, false)) != NULL;
	}
	if (!ok) {
		sb_learn_notes_free(n);
		return NULL;
	}
	return n;
}

void sb_learn_notes_free(struct sb_learn_notes *n)
{
	if (!n)
		return;
	for (size_t i = 0; i < sizeof(n->lines) / sizeof(n->lines[0]); i++)
		free(n->lines[i]);
	free(n->hint);
	free(n);
}

bool sb_learn_parse_seconds(const char *text, unsigned *out)
{
	char *end;
	if (text[0] < '0' || text[0] > '9')
		return false;
	unsigned long v = strtoul(text, &end, 10);
	if (*end || v < 1 || v > 86400)
		return false;
	*out = (unsigned)v;
	return true;
}
