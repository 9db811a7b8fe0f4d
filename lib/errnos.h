/* The errno table generated from <errno.h> (gen/errnos.c). */
#ifndef SB_ERRNOS_H
#define SB_ERRNOS_H
#include <stddef.h>
struct sb_errno_entry {
	char name[20];          /* in place: no relocation per entry */
	int value;
};
extern const struct sb_errno_entry sb_errno_table[];
extern const size_t sb_errno_table_len;
#endif
