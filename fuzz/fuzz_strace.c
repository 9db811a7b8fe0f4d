/* libFuzzer target: strace logs. */
#include "fuzz_logs.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_logs(data, size, false);
	return 0;
}
