/* fuzz.h: the one thing every fuzz target declares.
 *
 * A target is one file fuzz/fuzz_<name>.c that includes this header and
 * writes
 *
 *     HS_FUZZ_TARGET(<name>)(const uint8_t *data, size_t size)
 *     {
 *             ...feed <data> to a library entry point...
 *             return 0;
 *     }
 *
 * Built by "make fuzz" (clang, -fsanitize=fuzzer), the macro makes the
 * function libFuzzer's LLVMFuzzerTestOneInput. Built for "make check" (any
 * compiler, -DHS_FUZZ_REPLAY), it becomes hs_fuzz_<name> and registers
 * itself with fuzz/replay.c, which feeds it the regression inputs and
 * the seed corpus. A target must not leak, print or exit, and must accept
 * any bytes, including none.
 */
#ifndef HS_FUZZ_H
#define HS_FUZZ_H

#include <stddef.h>
#include <stdint.h>

typedef int (*hs_fuzz_fn)(const uint8_t *data, size_t size);

#ifdef HS_FUZZ_REPLAY
void hs_fuzz_register(const char *name, hs_fuzz_fn fn);

#define HS_FUZZ_TARGET(name)                                                                       \
	static int hs_fuzz_##name(const uint8_t *data, size_t size);                               \
	static void __attribute__((constructor)) hs_fuzz_register_##name(void)                     \
	{                                                                                          \
		hs_fuzz_register(#name, hs_fuzz_##name);                                           \
	}                                                                                          \
	static int hs_fuzz_##name
#else
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define HS_FUZZ_TARGET(name) int LLVMFuzzerTestOneInput
#endif

/* Copies <data> into a new NUL-terminated string, cut at the first NUL
 * byte and after <max> bytes. Returns NULL only when out of memory.
 */
char *hs_fuzz_cstr(const uint8_t *data, size_t size, size_t max);

#endif
