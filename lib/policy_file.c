/* Policy files: reading (limits, includes, directives), then the policy model; and
 * precompiled filter files. The statements themselves are parsed in policy_parse.c. */
#include "policy_file.h"
#include "scratch.h"
#include "policy_parse.h"
#include "bpf_run.h"
#include "util.h"

#include <errno.h>
#include <stdarg.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int sb_pf_error(struct sb_pf *pf, const struct sb_pf_file *f, size_t offset, int code,
		const char *fmt, ...)
{
	char msg[1024];
	size_t o = 0;
	if (f) {
		unsigned line, col;
		sb_lex_position(f->text, offset, &line, &col);
		o = (size_t)snprintf(msg, sizeof(msg), "%s:%u:%u: ", f->path, line, col);
		if (o >= sizeof(msg))
			o = sizeof(msg) - 1;
	}
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg + o, sizeof(msg) - o, fmt, ap);
	va_end(ap);
	char safe[sizeof(msg)];
	sb_escape_controls(msg, safe, sizeof(safe));
	if (!pf->first_code) {
		pf->first_code = code;
		sb_fail(pf->err, code, "%s", safe);
	}
	pf->n_errors++;
	if (pf->report && pf->n_errors <= SB_PF_MAX_ERRORS)
		pf->report(pf->report_ctx, safe);
	return pf->first_code;
}

/* ---- reading a policy and its includes --------------------------------------------- */

struct reader {
	struct sb_pf *pf;
	const char *include_map;
	size_t total_bytes;
	unsigned n_files;
	unsigned depth;
	struct { dev_t dev; ino_t ino; } open[SB_PF_MAX_INCLUDE_DEPTH + 2];
	/* Per depth (1: the top-level file): the file being read said @denylist. */
	bool says_denylist[SB_PF_MAX_INCLUDE_DEPTH + 2];
	/* A top-level file in JSON is read straight into json_out, and json set. */
	const struct sb_policy_file_opts *opts;
	struct sb_policy *json_out;
	bool json;
};

/* Paths are put together with memcpy into one PATH_MAX buffer: snprintf would page in
 * printf's code and a few pages of stack at the start-up of every program. */

/* Replace the first `cut` bytes of the path in buf (of size PATH_MAX) with with[0..n).
 * False when the result does not fit. */
static bool replace_head(char *buf, size_t cut, const char *with, size_t n)
{
	size_t rest = strlen(buf + cut);
	if (n + rest >= PATH_MAX)
		return false;
	memmove(buf + n, buf + cut, rest + 1);
	memcpy(buf, with, n);
	return true;
}

int sb_include_map_check(const char *map, struct sandbox_error *err)
{
	for (const char *p = map; *p;) {
		size_t n = sb_list_entry_len(p);
		const char *eq = memchr(p, '=', n);
		if (n > 0 && (!eq || p[0] != '/' || eq + 1 == p + n))
			return sb_fail(err, SANDBOX_ECONFIG, "%s: entry '%.*s' (accepted: FROM=TO"
				       "[:FROM=TO...], FROM an absolute path, TO a path)",
				       SB_INCLUDE_MAP_VAR, (int)(n < 200 ? n : 200), p);
		p += n;
		if (*p == ':')
			p++;
	}
	return SANDBOX_OK;
}

/* Apply SECCOMP_POLICY_INCLUDE_MAP to the path in buf. False when the result is too long. */
static bool map_include(const char *map, char *buf)
{
	for (const char *p = map; p && *p;) {
		size_t n = sb_list_entry_len(p);
		const char *eq = memchr(p, '=', n);
		if (eq && eq > p) {
			size_t from = (size_t)(eq - p);
			while (from > 0 && p[from - 1] == '/')
				from--;   /* "/" maps every absolute path */
			if (!strncmp(buf, p, from) && (buf[from] == '/' || buf[from] == '\0'))
				return replace_head(buf, from, eq + 1, n - (size_t)(eq + 1 - p));
		}
		p += n;
		if (*p == ':')
			p++;
	}
	return true;
}

static int read_policy(struct reader *rd, const char *path, const struct sb_pf_file *from,
		       size_t from_offset);

static int directive_include(struct reader *rd, const struct sb_pf_file *f,
			     struct sb_lexer *lx, size_t at)
{
	size_t n;
	const char *arg = sb_lex_rest(lx, &n);
	char path[PATH_MAX];

	if (n == 0)
		return sb_pf_error(rd->pf, f, at, SANDBOX_ECONFIG, "@include without a path "
				   "(accepted: @include /absolute/path or a path relative to "
				   "this file)");
	if (n >= sizeof(path) || memchr(arg, '\\', n))
		return sb_pf_error(rd->pf, f, at, SANDBOX_ECONFIG, "@include path too long or "
				   "with a backslash (accepted: a path of at most %d bytes)",
				   PATH_MAX - 1);
	memcpy(path, arg, n);
	path[n] = '\0';
	if (arg[0] != '/') {
		/* Relative to the including file's directory. */
		const char *slash = strrchr(f->path, '/');
		size_t dir = slash ? (size_t)(slash - f->path) + 1 : 2;
		if (!replace_head(path, 0, slash ? f->path : "./", dir))
			return sb_pf_error(rd->pf, f, at, SANDBOX_ECONFIG, "@include path too long");
	}
	if (!map_include(rd->include_map, path))
		return sb_pf_error(rd->pf, f, at, SANDBOX_ECONFIG, "@include path too long once "
				   "mapped by %s", SB_INCLUDE_MAP_VAR);
	return read_policy(rd, path, f, at);
}

static int directive(struct reader *rd, const struct sb_pf_file *f, struct sb_lexer *lx,
		     struct sb_token t)
{
	struct sb_pf *pf = rd->pf;
	char q[96];
	int rc;

	if (sb_tok_is(lx, t, "@include"))
		return directive_include(rd, f, lx, t.start);
	if (sb_tok_is(lx, t, "@frequency")) {
		/* Call frequencies only guide minijail's ordering; the emitter orders by
		 * syscall number, so the file is accepted and not read. */
		size_t n;
		sb_lex_rest(lx, &n);
		if (n == 0)
			return sb_pf_error(pf, f, t.start, SANDBOX_ECONFIG, "@frequency without a "
					   "path (accepted: @frequency PATH)");
		return 0;
	}
	bool is_default = sb_tok_is(lx, t, "@default");
	if (is_default || sb_tok_is(lx, t, "@unknown")) {
		/* @unknown: the action for calls the syscall table does not know. */
		const char *name = is_default ? "@default" : "@unknown";
		bool *has = is_default ? &pf->has_default : &pf->has_unknown;
		uint32_t *slot = is_default ? &pf->default_action : &pf->unknown_action, action;
		if ((rc = sb_pf_action(pf, f, lx, &action)))
			return rc;
		struct sb_token end = sb_lex_next(lx);
		if (end.kind != TOK_END)
			return sb_pf_error(pf, f, end.start, SANDBOX_ECONFIG, "trailing %s after "
					   "%s ACTION", sb_lex_quote(f->text + end.start,
					   end.len, q, sizeof(q)), name);
		if (*has && *slot != action)
			return sb_pf_error(pf, f, t.start, SANDBOX_ECONFIG, "a second, different "
					   "%s (accepted: one per policy)", name);
		*has = true;
		*slot = action;
		return 0;
	}
	if (sb_tok_is(lx, t, "@denylist")) {
		struct sb_token end = sb_lex_next(lx);
		if (end.kind != TOK_END)
			return sb_pf_error(pf, f, end.start, SANDBOX_ECONFIG, "trailing %s after "
					   "@denylist", sb_lex_quote(f->text + end.start, end.len, q,
					   sizeof(q)));
		if (pf->seen_statement && !pf->denylist)
			return sb_pf_error(pf, f, t.start, SANDBOX_ECONFIG, "@denylist after the "
					   "first rule (accepted: @denylist before any rule)");
		/* An include must not turn the including file's rules into refusals. */
		if (rd->depth > 1 && !pf->denylist)
			return sb_pf_error(pf, f, t.start, SANDBOX_ECONFIG, "@denylist in an included "
					   "file of an allow-list policy (accepted: @denylist in the "
					   "top-level policy file, and then in each file it includes)");
		pf->denylist = true;
		rd->says_denylist[rd->depth] = true;
		return 0;
	}
	if ((rc = sb_pf_isolation_directive(pf, f, lx, t)) != SB_PF_NOT_ISOLATION)
		return rc;
	return sb_pf_error(pf, f, t.start, SANDBOX_ECONFIG, "unknown directive %s (accepted: "
			   "@include PATH, @frequency PATH, @default ACTION, @unknown ACTION, @denylist, "
			   "%s, or @group: FILTER)", sb_lex_quote(f->text + t.start, t.len, q, sizeof(q)),
			   sb_pf_isolation_directives);
}

/* A rule; in a @denylist policy, an included file must say @denylist itself, or rules
 * written to allow would be read as refusals. */
static void statement(struct reader *rd, const struct sb_pf_file *f, struct sb_lexer *lx,
		      struct sb_token first)
{
	struct sb_pf *pf = rd->pf;
	if (rd->depth > 1 && pf->denylist && !rd->says_denylist[rd->depth]) {
		sb_pf_error(pf, f, first.start, SANDBOX_ECONFIG, "rule in an included file without "
			    "@denylist, in a @denylist policy (accepted: @denylist at the top of "
			    "each file a @denylist policy includes)");
		return;
	}
	sb_pf_statement(pf, f, lx);
}

static void parse_text(struct reader *rd, const struct sb_pf_file *f)
{
	struct sb_pf *pf = rd->pf;
	const char *nul = memchr(f->text, '\0', f->len);
	if (nul) {
		sb_pf_error(pf, f, (size_t)(nul - f->text), SANDBOX_ECONFIG, "NUL byte (accepted: "
			    "a text file)");
		return;
	}
	/* Only `check` shows more than the first problem; the library stops at it. */
	unsigned max_errors = pf->report ? SB_PF_MAX_ERRORS : 1;
	for (size_t start = 0; start < f->len && pf->n_errors < max_errors;) {
		size_t end = sb_lex_line_end(f->text, f->len, start);
		struct sb_lexer lx = { .text = f->text, .len = end, .pos = start };
		if (end - start > SB_PF_MAX_LINE_BYTES) {
			sb_pf_error(pf, f, start, SANDBOX_ECONFIG, "line of %zu bytes is too long "
				    "(accepted: at most %u bytes)", end - start, SB_PF_MAX_LINE_BYTES);
		} else {
			struct sb_token t = sb_lex_peek(&lx);
			if (t.kind == TOK_WORD && f->text[t.start] == '@') {
				sb_lex_next(&lx);
				if (sb_lex_peek(&lx).kind == TOK_COLON) {
					lx.pos = t.start;
					statement(rd, f, &lx, t);
				} else {
					directive(rd, f, &lx, t);
				}
			} else if (t.kind != TOK_END) {
				statement(rd, f, &lx, t);
			}
		}
		start = end + 1;
	}
}

/* Parse text as the file `path` (rd->open[rd->depth] already describes it). */
static int read_text(struct reader *rd, const char *path, const char *text, size_t len,
		     const struct sb_pf_file *from, size_t from_offset)
{
	struct sb_pf *pf = rd->pf;
	if (rd->total_bytes + len > SB_PF_MAX_TOTAL_BYTES)
		return sb_pf_error(pf, from, from_offset, SANDBOX_ECONFIG, "policy and includes "
				   "larger than %u bytes together (accepted: at most %u)",
				   SB_PF_MAX_TOTAL_BYTES, SB_PF_MAX_TOTAL_BYTES);
	rd->total_bytes += len;
	struct sb_pf_file f = { path, text, len };
	size_t blank = 0;
	while (blank < len && strchr(" \t\r\n", text[blank]))
		blank++;
	if (!from && blank < len && text[blank] == '{') {
		rd->json = true;
		return sb_pf_json(pf, &f, rd->opts, rd->json_out);
	}
	rd->depth++;
	rd->says_denylist[rd->depth] = false;
	parse_text(rd, &f);
	rd->depth--;
	return pf->first_code;
}

static int read_policy(struct reader *rd, const char *path, const struct sb_pf_file *from,
		       size_t from_offset)
{
	struct sb_pf *pf = rd->pf;
	struct sandbox_error ferr = { 0 };
	struct stat st;
	char *text;
	size_t len;
	int rc;

	if (rd->depth > SB_PF_MAX_INCLUDE_DEPTH)
		return sb_pf_error(pf, from, from_offset, SANDBOX_ECONFIG, "@include nested more "
				   "than %d levels deep at '%.300s' (accepted: at most %d levels)",
				   SB_PF_MAX_INCLUDE_DEPTH, path, SB_PF_MAX_INCLUDE_DEPTH);
	if (++rd->n_files > SB_PF_MAX_FILES)
		return sb_pf_error(pf, from, from_offset, SANDBOX_ECONFIG, "more than %d files "
				   "included (accepted: at most %d)", SB_PF_MAX_FILES, SB_PF_MAX_FILES);
	if ((rc = sb_read_small_file(path, SB_PF_MAX_FILE_BYTES, from ? "@include" : "policy file",
				     &text, &len, &st, &ferr))) {
		if (!from)
			return sb_pf_error(pf, NULL, 0, rc, "%s", ferr.message);
		if (rc == SANDBOX_EIO && errno == ENOENT)
			return sb_pf_error(pf, from, from_offset, rc, "include not found: '%.300s' "
					   "(accepted: an existing file; redirect absolute include "
					   "paths with %s=FROM=TO)", path, SB_INCLUDE_MAP_VAR);
		return sb_pf_error(pf, from, from_offset, rc, "%s", ferr.message);
	}
	/* The identity of the file actually read (not of a second lookup of its path). */
	for (unsigned i = 0; i < rd->depth; i++) {
		if (rd->open[i].dev == st.st_dev && rd->open[i].ino == st.st_ino) {
			sb_free(text);
			return sb_pf_error(pf, from, from_offset, SANDBOX_ECONFIG,
					   "@include cycle: '%.300s' is already being read "
					   "(accepted: includes that form no cycle)", path);
		}
	}
	rd->open[rd->depth].dev = st.st_dev;
	rd->open[rd->depth].ino = st.st_ino;
	rc = read_text(rd, path, text, len, from, from_offset);
	sb_free(text);
	return rc;
}

/* ---- the model --------------------------------------------------------------------- */

static int build(struct sb_pf *pf, const uint32_t *override, const char *path,
		 struct sb_policy *out)
{
	uint32_t deflt = override ? *override
			 : pf->has_default ? pf->default_action : SECCOMP_RET_KILL_PROCESS;

	sb_policy_init(out, pf->denylist ? SECCOMP_RET_ALLOW : deflt);
	sb_policy_set_origin(out, path);
	out->has_unknown_action = pf->has_unknown;
	out->unknown_action = pf->unknown_action;
	for (int nr = 0; nr < SB_NR_LIMIT; nr++) {
		const struct sb_pf_syscall *s = pf->sys[nr];
		struct sb_rule *r;
		if (!s)
			continue;
		if (pf->denylist) {
			if (s->refusal_always) {
				r = sb_policy_rule(out, nr, s->refusal);
			} else {
				r = sb_policy_rule(out, nr, SECCOMP_RET_ALLOW);
				for (size_t i = 0; r && i < s->n_deny; i++) {
					uint32_t a = s->deny[i].action;
					if (sb_rule_add_case(r, s->deny[i].clauses, s->deny[i].n_clauses,
							     a == SB_PF_DEFAULT_ACTION ? deflt : a))
						r = NULL;
				}
			}
		} else if (s->always) {
			r = sb_policy_rule(out, nr, SECCOMP_RET_ALLOW);
		} else {
			r = sb_policy_rule(out, nr, s->has_refusal ? s->refusal : deflt);
			if (r && s->n_allow && sb_rule_add_case(r, s->allow, s->n_allow,
								SECCOMP_RET_ALLOW))
				r = NULL;
		}
		if (!r) {
			sb_policy_free(out);
			return sb_pf_error(pf, NULL, 0, SANDBOX_ENOMEM, "%s: out of memory", path);
		}
	}
	sb_policy_finish(out);
	return 0;
}

/* text == NULL: read the file at path; else parse text under that name. */
static int parse_policy(const char *path, const char *text, size_t len,
			const struct sb_policy_file_opts *opts, struct sb_policy *out,
			struct sandbox_error *err)
{
	struct sb_pf *pf = sb_zalloc(sizeof(*pf));
	int rc;

	sb_policy_init(out, SECCOMP_RET_KILL_PROCESS);
	if (!pf)
		return sb_fail(err, SANDBOX_ENOMEM, "%s: out of memory", path);
	pf->err = err;
	pf->report = opts ? opts->report : NULL;
	pf->report_ctx = opts ? opts->report_ctx : NULL;
	pf->warn = opts ? opts->warn : NULL;
	struct reader rd = { .pf = pf, .include_map = opts ? opts->include_map : NULL,
			     .opts = opts, .json_out = out };
	if (rd.include_map && (rc = sb_include_map_check(rd.include_map, err))) {
		sb_free(pf);
		return rc;
	}
	if (!text)
		rc = read_policy(&rd, path, NULL, 0);
	else if (len > SB_PF_MAX_FILE_BYTES)
		rc = sb_pf_error(pf, NULL, 0, SANDBOX_ECONFIG, "%s: policy of %zu bytes is too "
				 "large (accepted: at most %u bytes)", path, len, SB_PF_MAX_FILE_BYTES);
	else
		rc = read_text(&rd, path, text, len, NULL, 0);
	if (!rc && !rd.json)
		sb_pf_warn_never_applies(pf);
	if (!rc && !rd.json)
		rc = build(pf, opts ? opts->default_override : NULL, path, out);
	if (!rc) {
		out->iso = pf->iso;
		memset(&pf->iso, 0, sizeof(pf->iso));
	}
	sb_pf_free(pf);
	sb_free(pf);
	return rc;
}

int sb_policy_parse_file_opts(const char *path, const struct sb_policy_file_opts *opts,
			      struct sb_policy *out, struct sandbox_error *err)
{
	return parse_policy(path, NULL, 0, opts, out, err);
}

int sb_policy_parse_text(const char *name, const char *text, size_t len,
			 const struct sb_policy_file_opts *opts, struct sb_policy *out,
			 struct sandbox_error *err)
{
	return parse_policy(name, text, len, opts, out, err);
}

/* ---- precompiled filters ----------------------------------------------------------- */

int sb_program_read_file(const char *path, struct sb_program *out, struct sandbox_error *err)
{
	const size_t max = BPF_MAXINSNS * sizeof(struct sock_filter);
	char *data;
	size_t len, bad = 0;
	int rc;

	out->insns = NULL;
	out->len = 0;
	if ((rc = sb_read_small_file(path, max, "SECCOMP_BPF_FILE", &data, &len, NULL, err)))
		return rc;
	if (len == 0 || len % sizeof(struct sock_filter)) {
		sb_free(data);
		return sb_fail(err, SANDBOX_ECONFIG, "SECCOMP_BPF_FILE: %.300s: %zu bytes is not a "
			       "filter (accepted: 1 to %d instructions of 8 bytes, as written by "
			       "sandbox-policy compile)", path, len, BPF_MAXINSNS);
	}
	const struct sock_filter *insns = (const struct sock_filter *)data;
	size_t n = len / sizeof(struct sock_filter);
	const char *why = sb_bpf_validate(insns, n, &bad);
	if (why) {
		sb_free(data);
		return sb_fail(err, SANDBOX_ECONFIG, "SECCOMP_BPF_FILE: %.300s: instruction %zu: %s "
			       "(accepted: a seccomp filter as written by sandbox-policy compile)",
			       path, bad, why);
	}
	out->insns = sb_alloc(len);
	if (!out->insns) {
		sb_free(data);
		return sb_fail(err, SANDBOX_ENOMEM, "SECCOMP_BPF_FILE: out of memory");
	}
	memcpy(out->insns, data, len);
	out->len = n;
	sb_free(data);
	return 0;
}
