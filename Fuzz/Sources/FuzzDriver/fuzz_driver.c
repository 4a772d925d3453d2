#include "fuzz_driver.h"

/* libFuzzer's driver, in the runtime that `-sanitize=fuzzer` links. */
extern int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *, size_t));

int promo_fuzz_run(int argc, char **argv, promo_fuzz_callback callback) {
    return LLVMFuzzerRunDriver(&argc, &argv, callback);
}
