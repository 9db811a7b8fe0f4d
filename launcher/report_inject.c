/* Placing the SIGSYS report handler in a traced program. */
#include "report_inject.h"
#include "inject_batch.h"
#include "report_blob.h"
#include "report_data.h"
#include "util.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#define CONTEXT "placing the blocked-syscall report handler"

int sb_report_inject(struct sb_tracee *t, struct sb_batch *calls, void *arg,
		     struct sandbox_error *err)
{
	(void)arg;
	size_t page = (size_t)sysconf(_SC_PAGESIZE);
	size_t act_at = (sb_report_blob_size + 15) & ~(size_t)15;
	size_t size = (act_at + sizeof(struct sb_kernel_sigaction) + page - 1) & ~(page - 1);
	long addr;
	int rc;

	/* Made at once, alone: the handler's image holds its own address. */
	const long mmap_args[6] = { 0, (long)size, PROT_READ | PROT_WRITE,
				    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0 };
	struct sb_batch map = { 0 };
	rc = sb_batch_add(&map, "mmap", CONTEXT, SYS_mmap, mmap_args, SB_BATCH_EXPECT_NOT_ERROR,
			  err) < 0 ? SANDBOX_ENOMEM : sb_batch_run(t, &map, err);
	addr = rc ? 0 : (long)map.calls[0].result;
	sb_batch_free(&map);
	if (rc)
		return rc;
	unsigned char *image = calloc(1, size);
	if (!image)
		return sb_fail(err, SANDBOX_ENOMEM, "out of memory");
	memcpy(image, sb_report_blob, sb_report_blob_len);
	memcpy(image + sb_report_blob_data, &sb_report_data, sizeof(sb_report_data));
	struct sb_kernel_sigaction act = {
		.handler = (unsigned long)addr + sb_report_blob_handler,
		.flags = SA_SIGINFO | SA_RESTORER,
		.restorer = (unsigned long)addr + sb_report_blob_restorer,
		.mask = ~(uint64_t)0,   /* as the library does: nothing interrupts the report */
	};
	memcpy(image + act_at, &act, sizeof(act));
	rc = sb_inject_write(t, (uintptr_t)addr, image, size, err);
	free(image);
	if (rc)
		return rc;
	const long protect[6] = { addr, (long)size, PROT_READ | PROT_EXEC };
	/* With the cookie, which a filter the program inherited lets through (report.h). */
	const long sigaction_args[6] = { SIGSYS, addr + (long)act_at, 0, 8,
					 (long)sb_report_data.cookie };
	if (sb_batch_add(calls, "mprotect", CONTEXT, SYS_mprotect, protect, SB_BATCH_EXPECT_ZERO,
			 err) < 0 ||
	    sb_batch_add(calls, "rt_sigaction(SIGSYS)", CONTEXT, SYS_rt_sigaction, sigaction_args,
			 SB_BATCH_EXPECT_ZERO, err) < 0)
		return SANDBOX_ENOMEM;
	return SANDBOX_OK;
}
