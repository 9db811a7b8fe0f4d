/* What sandbox-policy learn says about the policy it wrote: how to run under it, and whether
 * learning was cut short. */
#ifndef SB_LEARN_NOTES_H
#define SB_LEARN_NOTES_H

#include <stdbool.h>

/* Exit status after --timeout, as timeout(1). */
#define SB_LEARN_TIMED_OUT 124

struct sb_learn_notes_input {
	const char *output;        /* -o FILE (NULL or "-": stdout) */
	const char *library;       /* libsandbox.so as found */
	const char *sandboxify;    /* sandboxify as found */
	bool is_static;
	char **argv;               /* the program and its arguments, as given */
	int stopped_by;            /* sb_learn_run.stopped_by */
	bool with_command;         /* a whole policy: say how to run under it */
	bool format_env;           /* a SECCOMP_SYSCALL_ALLOW line, not a policy file */
};

struct sb_learn_notes {
	char *lines[4];            /* header lines of a policy file, NULL-terminated */
	char *hint;                /* for the env format: how to run, for stderr (or NULL) */
};

struct sb_learn_notes *sb_learn_notes_make(const struct sb_learn_notes_input *in);
void sb_learn_notes_free(struct sb_learn_notes *notes);

/* "interrupted by SIGINT", "stopped after the timeout", ... */
const char *sb_learn_stop_reason(int stopped_by);

/* "30" -> 30; false unless 1 to 86400. */
bool sb_learn_parse_seconds(const char *text, unsigned *out);

#endif
