/* libFuzzer target: kernel and audit.log seccomp records. */
#include "fuzz_logs.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_logs(data, size, true);
	return 0;
}
