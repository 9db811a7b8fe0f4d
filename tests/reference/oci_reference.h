/* OCI seccomp profiles against libseccomp: the filter libseccomp builds from a profile the
 * way Docker and runc do (oci_libseccomp.py, python3-seccomp) run beside ours on every
 * syscall number and argument vectors built from the values the profile compares. */
#ifndef SB_OCI_REFERENCE_H
#define SB_OCI_REFERENCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define OCI_ALL_CAPS 0x1ffffffffffULL      /* CAP_CHOWN .. CAP_CHECKPOINT_RESTORE */

/* python3 with its seccomp module is here. */
bool oci_reference_available(void);

struct oci_figures {
	size_t vectors, same, narrowed;
	char calls[512];      /* the syscalls where the kernel's argument width decided */
};
/* Fails the test unless every decision of ours for the profile (read with capability set
 * caps on kernel 6.18) is libseccomp's for the arguments the kernel reads. */
void oci_compare(const char *profile, uint64_t caps, struct oci_figures *fig);

#endif
