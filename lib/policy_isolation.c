/* The isolation directives of policy files (sandbox-policy(5)):
 *   @isolate on|off     @fs-read PATH     @fs-write PATH
 *   @net-connect PORT   @net-bind PORT
 * They fill the policy's Landlock model (landlock.h) beside its filter. */
#include "policy_parse.h"
#include "util.h"

#include <stdio.h>
#include <string.h>

static const struct {
	const char *name;
	enum { ISOLATE, FS_READ, FS_WRITE, NET_CONNECT, NET_BIND } what;
} directives[] = {
	{ "@isolate", ISOLATE }, { "@fs-read", FS_READ }, { "@fs-write", FS_WRITE },
	{ "@net-connect", NET_CONNECT }, { "@net-bind", NET_BIND },
};

const char *const sb_pf_isolation_directives = "@isolate on|off, @fs-read PATH, "
	"@fs-write PATH, @net-connect PORT, @net-bind PORT";

int sb_pf_isolation_directive(struct sb_pf *pf, const struct sb_pf_file *f, struct sb_lexer *lx,
			      struct sb_token t)
{
	size_t i = 0, n;
	while (i < sizeof(directives) / sizeof(directives[0]) && !sb_tok_is(lx, t, directives[i].name))
		i++;
	if (i == sizeof(directives) / sizeof(directives[0]))
		return SB_PF_NOT_ISOLATION;
	const char *name = directives[i].name;
	const char *arg = sb_lex_rest(lx, &n);
	char where[320], q[96];
	unsigned line, col;
	struct sandbox_error err = { 0 };
	int rc;

	sb_lex_position(f->text, t.start, &line, &col);
	snprintf(where, sizeof(where), "%.280s:%u", f->path, line);
	switch (directives[i].what) {
	case ISOLATE:
		rc = sb_isolation_parse_switch(arg, n, name, &pf->iso.isolate, &err);
		if (rc == SANDBOX_OK && n == 0)
			rc = sb_fail(&err, SANDBOX_ECONFIG, "@isolate needs on or off");
		pf->iso.isolate_where = pf->iso.isolate == SB_ISOLATE_OFF ? "@isolate off" : "@isolate on";
		break;
	case FS_READ:
	case FS_WRITE:
		if (n == 0 || arg[0] != '/')
			return sb_pf_error(pf, f, t.start, SANDBOX_ECONFIG, "%s %s (accepted: an "
					   "absolute path)", name, sb_lex_quote(arg, n, q, sizeof(q)));
		rc = sb_isolation_add_path(&pf->iso, directives[i].what == FS_READ ? SB_FS_READ
					   : SB_FS_WRITE, arg, n, where, &err);
		break;
	default:
		rc = sb_isolation_add_port(&pf->iso, directives[i].what == NET_BIND, arg, n, name, &err);
		break;
	}
	if (rc)
		return sb_pf_error(pf, f, t.start, rc, "%s", err.message);
	return SANDBOX_OK;
}
