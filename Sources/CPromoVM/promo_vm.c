/*
 * The C side of libpromovm: the functions of promo_vm.h are defined in Swift (Sources/PromoVMC);
 * this file holds what the header promises about its structs, checked when the library is built.
 */
#include "promo_vm.h"

_Static_assert(sizeof(promo_date) == 12, "promo_date is three 32-bit fields");
_Static_assert(PROMO_NONE < 0, "PROMO_NONE is below every amount");
_Static_assert(PROMO_KEY_SIZE == 32, "raw Ed25519 public keys are 32 bytes");
