/* Helpers shared by sandbox-policy's authoring commands. */
#include "config.h"
#include "policy_file.h"
#include "tool.h"
#include "util.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

struct sb_env sb_tool_env;

int sb_tool_include_map(const char *mapping)
{
	if (!strchr(mapping, '=') || mapping[0] == '=') {
		fprintf(stderr, "sandbox-policy: --include-map '%s' (accepted: FROM=TO)\n", mapping);
		return SB_TOOL_USAGE;
	}
	const char *old = sb_tool_env.include_map;
	char *joined;
	/* The first match wins: command-line mappings go first. Kept for the tool's life. */
	if (asprintf(&joined, "%s%s%s", mapping, old && *old ? ":" : "", old && *old ? old : "") < 0)
		return SB_TOOL_FAILED;
	sb_tool_env.include_map = joined;
	return 0;
}

int sb_tool_parse_policy_file(const char *path, struct sb_policy *out, struct sandbox_error *err)
{
	struct sb_policy_file_opts opts = { .include_map = sb_tool_env.include_map };
	return sb_policy_parse_file_opts(path, &opts, out, err);
}

int sb_tool_base_exclusions(const char *base, bool exclude[SB_NR_LIMIT], const char *prog)
{
	struct sb_policy p;
	struct sandbox_error err = { 0 };
	struct stat st;
	int rc;
	/* A group (@default), a list of names and groups, or a policy file. */
	if (base[0] != '@' && (strchr(base, '/') || strchr(base, '.')) && stat(base, &st) == 0 &&
	    S_ISREG(st.st_mode))
		rc = sb_tool_parse_policy_file(base, &p, &err);
	else
		rc = sb_policy_from_list(SANDBOX_ALLOW_LIST, base, SECCOMP_RET_KILL_PROCESS, "--base",
					 &p, NULL, &err);
	if (rc) {
		fprintf(stderr, "%s: %s\n", prog, err.message);
		return SB_TOOL_USAGE;
	}
	for (size_t i = 0; i < p.n_rules; i++) {
		const struct sb_rule *r = &p.rules[i];
		/* Only what the base allows whatever the arguments can be left out. */
		if (r->n_cases == 0 && r->fallback == SECCOMP_RET_ALLOW)
			exclude[r->nr] = true;
	}
	sb_policy_free(&p);
	return 0;
}

bool sb_tool_is_setting(const char *s, size_t n)
{
	if (n >= 7 && !memcmp(s, "export ", 7))
		s += 7, n -= 7;
	const char *eq = memchr(s, '=', n);
	if (!eq || !sb_env_owned_name(s, (size_t)(eq - s)))
		return false;
	for (const char *p = s; p < eq; p++)
		if (!((*p >= 'A' && *p <= 'Z') || *p == '_'))
			return false;
	return true;
}

/* Fill env from "NAME=value" lines (comments, blank lines and `export ` allowed; values
 * may be quoted). Storage is taken from text, which is modified. false when some line is
 * something else. */
bool sb_tool_parse_settings(char *text, struct sb_env *env, const char **bad)
{
	memset(env, 0, sizeof(*env));
	env->include_map = sb_tool_env.include_map;
	for (char *line = text; line && *line;) {
		char *nl = strchr(line, '\n');
		if (nl)
			*nl = '\0';
		char *s = line;
		line = nl ? nl + 1 : NULL;
		while (*s == ' ' || *s == '\t')
			s++;
		size_t n = strlen(s);
		while (n && (s[n - 1] == ' ' || s[n - 1] == '\r'))
			s[--n] = '\0';
		if (!n || *s == '#')
			continue;
		if (!sb_tool_is_setting(s, n)) {
			*bad = s;
			return false;
		}
		if (!strncmp(s, "export ", 7))
			s += 7;
		char *value = strchr(s, '=');
		*value++ = '\0';
		size_t vlen = strlen(value);
		if (vlen >= 2 && (value[0] == '"' || value[0] == '\'') && value[vlen - 1] == value[0]) {
			value[vlen - 1] = '\0';
			value++;
		}
		const char **slot = sb_env_slot(env, s, strlen(s));
		if (!slot) {
			*bad = s;
			return false;
		}
		*slot = value;
	}
	return true;
}

/* Whether the first line that is not blank or a comment is a SECCOMP_* setting. */
bool sb_tool_starts_with_setting(const char *text)
{
	for (const char *p = text; *p;) {
		p += strspn(p, " \t\r\n");
		if (*p != '#')
			return sb_tool_is_setting(p, strcspn(p, "\n"));
		p += strcspn(p, "\n");
	}
	return false;
}

bool sb_tool_is_help(const char *arg)
{
	return !strcmp(arg, "--help") || !strcmp(arg, "-h");
}

char *sb_tool_read_file(const char *path, size_t *len, bool *binary)
{
	char *text;
	struct sandbox_error err;
	/* The tool never holds the scratch region: the buffer is the C allocator's. */
	if (sb_read_small_file(path, 64u << 20, path, &text, len, NULL, &err)) {
		if (err.code != SANDBOX_EIO || !errno)
			errno = err.code == SANDBOX_ECONFIG ? EFBIG : EINVAL;
		return NULL;
	}
	*binary = memchr(text, '\0', *len) != NULL;
	return text;
}

static void print_isolation_line(void *ctx, const char *text)
{
	struct { FILE *out; const char *prefix; } *to = ctx;
	fprintf(to->out, "%s%s\n", to->prefix, text);
}

int sb_tool_print_isolation(FILE *out, const char *prefix, const struct sb_isolation *iso,
			    struct sandbox_error *err)
{
	struct sb_landlock_plan plan;
	int rc = sb_landlock_plan(iso, sb_landlock_abi(), &plan, err);
	if (rc == SANDBOX_OK)
		rc = sb_isolation_check_paths(iso, err);
	if (rc == SANDBOX_OK) {
		struct { FILE *out; const char *prefix; } to = { out, prefix };
		sb_isolation_describe(iso, &plan, print_isolation_line, &to);
	}
	return rc;
}
