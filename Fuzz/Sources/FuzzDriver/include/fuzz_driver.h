#ifndef PROMO_FUZZ_DRIVER_H
#define PROMO_FUZZ_DRIVER_H

#include <stddef.h>
#include <stdint.h>

/// A harness's entry: one input, 0 when it was handled.
typedef int (*promo_fuzz_callback)(const uint8_t *data, size_t size);

/// Runs libFuzzer's driver (options, corpora, the fuzzing loop) over `callback`, with the
/// process's own arguments. Returns the driver's exit status.
int promo_fuzz_run(int argc, char **argv, promo_fuzz_callback callback);

#endif
