/*
 * promo_vm.h: the promo VM for point-of-sale software, as a C library (libpromovm).
 *
 * A till loads the bundle CI built (and signed), then evaluates every receipt against it, offline.
 * The library holds no global state: every call works on the handles given to it.
 *
 *   promo_bundle     a loaded, verified bundle; immutable, shared by any number of threads
 *   promo_slot       the bundle in use, which promo_slot_replace swaps while receipts are evaluated
 *   promo_evaluator  evaluates receipts, one at a time: one per thread, its buffers reused
 *   promo_result     the last result of an evaluator, read through the accessors or as JSON
 *   promo_error      what went wrong: a code, a message and the input field at fault
 *
 * Units: money is in minor units of the bundle's currency (10000 is 100.00 RUB), quantities in
 * thousandths of a unit (6000 is 6 pieces, 350 is 0.350 kg), percents in millionths. Every
 * optional whole number is PROMO_NONE when absent; every optional text is NULL.
 *
 * Errors: a function that can fail returns a promo_status (PROMO_OK or an error code) and, when
 * `error` is not NULL, stores a new promo_error there on failure, which the caller frees with
 * promo_error_free. Bad input is always an error value, never a crash.
 *
 * Lifetimes: text a function returns (names, messages, JSON) stays valid as long as the handle
 * it came from: a bundle's text until promo_bundle_free, a result's until the next evaluation on
 * its evaluator or promo_evaluator_free. Handles may be freed in any order: an evaluator or slot
 * keeps the bundles it uses alive.
 *
 * The documentation with a complete example: docs/embedding.md.
 */
#ifndef PROMO_VM_H
#define PROMO_VM_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The version of this interface: the structs and functions below. */
#define PROMO_VM_ABI_VERSION 1

/* An absent optional whole number (a store id, a line amount, a minimum price...). */
#define PROMO_NONE INT64_MIN

/* ------------------------------------------------------------------------------------------ */
/* Status codes and errors                                                                    */

typedef int32_t promo_status;
enum {
    PROMO_OK = 0,
    PROMO_ERROR_ARGUMENT = 1,   /* a NULL handle or pointer, an index out of range */
    PROMO_ERROR_IO = 2,         /* the bundle or key file cannot be read */
    PROMO_ERROR_BUNDLE = 3,     /* not a bundle, another format version, truncated, corrupted,
                                   malformed, or failed verification */
    PROMO_ERROR_SIGNATURE = 4,  /* a trusted key was given and the bundle is unsigned, altered or
                                   signed by another key */
    PROMO_ERROR_JSON = 5,       /* the receipt is not JSON (line and column in the message) */
    PROMO_ERROR_RECEIPT = 6,    /* a receipt field is missing, mistyped or out of range, or the
                                   receipt's currency is not the bundle's; the field is named */
    PROMO_ERROR_EVALUATION = 7, /* the evaluation ran past the bundle's step budget */
    PROMO_ERROR_KEY = 8         /* a key file is not a public key file */
};

typedef struct promo_error promo_error;

promo_status promo_error_code(const promo_error *error);
/* The whole message, with the field first when there is one: "lines[3].qty: a quantity ...". */
const char *promo_error_message(const promo_error *error);
/* The input field at fault, like "lines[3].qty" or "customer.facts.age"; "" when none. */
const char *promo_error_field(const promo_error *error);
void promo_error_free(promo_error *error);

/* ------------------------------------------------------------------------------------------ */
/* Versions                                                                                   */

/* PROMO_VM_ABI_VERSION of the library: compare with the header's when the till starts. */
uint32_t promo_abi_version(void);
/* The bundle format version this VM reads (promo build writes it). */
uint32_t promo_bundle_format_version(void);
/* A line for logs: "promo VM, C ABI 1, bundle format 1". */
const char *promo_version(void);

/* ------------------------------------------------------------------------------------------ */
/* Bundles                                                                                    */

typedef struct promo_bundle promo_bundle;

/* The size of a public key: raw Ed25519, as in the `.pub` file `promo keygen` writes. */
#define PROMO_KEY_SIZE 32

/* Reads the public key file `promo keygen` wrote (`promo-ed25519-public BASE64`) into `key`. */
promo_status promo_public_key_read(const char *path, uint8_t key[PROMO_KEY_SIZE], promo_error **error);

/* Reads, checks and prepares a bundle from its bytes (copied: the caller keeps its buffer).
 * With `trusted_key` (PROMO_KEY_SIZE bytes), the bundle must be signed by that key exactly as it
 * is; NULL accepts unsigned bundles. */
promo_status promo_bundle_open(const void *bytes, size_t length, const uint8_t *trusted_key,
                               promo_bundle **bundle, promo_error **error);
/* The same from a file. */
promo_status promo_bundle_open_file(const char *path, const uint8_t *trusted_key,
                                    promo_bundle **bundle, promo_error **error);
void promo_bundle_free(promo_bundle *bundle);

/* The currency's ISO code ("RUB") and its decimals (2). */
const char *promo_bundle_currency(const promo_bundle *bundle);
int32_t promo_bundle_currency_decimals(const promo_bundle *bundle);
/* The promos, tier programs and restrictions of the bundle, by index: their names in the promo
 * files ("milk_price"), NULL past the end. */
size_t promo_bundle_unit_count(const promo_bundle *bundle);
const char *promo_bundle_unit_name(const promo_bundle *bundle, size_t unit);
/* The SHA-256 of the bundle's content (32 bytes): which bundle a till runs, for its logs. */
const uint8_t *promo_bundle_hash(const promo_bundle *bundle);

/* ------------------------------------------------------------------------------------------ */
/* Slots: hot reload                                                                          */

typedef struct promo_slot promo_slot;

/* A slot holding `bundle`; NULL when `bundle` is NULL. Any thread may read or replace it. */
promo_slot *promo_slot_new(const promo_bundle *bundle);
/* Puts `bundle` in the slot: evaluations under way finish on the bundle they started with, later
 * ones run on the new one; none sees parts of both. The caller may free its bundle handle after. */
promo_status promo_slot_replace(promo_slot *slot, const promo_bundle *bundle, promo_error **error);
void promo_slot_free(promo_slot *slot);

/* ------------------------------------------------------------------------------------------ */
/* Evaluators                                                                                 */

typedef struct promo_evaluator promo_evaluator;
typedef struct promo_result promo_result;

/* An evaluator of one bundle, or one that follows a slot (each evaluation runs on the bundle in
 * the slot when it starts). NULL when the argument is NULL. Use each on one thread at a time. */
promo_evaluator *promo_evaluator_new(const promo_bundle *bundle);
promo_evaluator *promo_evaluator_new_for_slot(promo_slot *slot);
void promo_evaluator_free(promo_evaluator *evaluator);

/* Which promos a result's trace lists (promo_result_json): PROMO_TRACE_ALL (the default) lists
 * every candidate promo and why each that did not apply was turned away; PROMO_TRACE_APPLIED
 * lists only the promos that applied, which is all a till reads (promo_result_applied) and
 * spares the evaluation writing a reason for each of the many promos a receipt does not get.
 * Everything else in the result is the same either way. */
enum {
    PROMO_TRACE_ALL = 0,
    PROMO_TRACE_APPLIED = 1
};
promo_status promo_evaluator_set_trace(promo_evaluator *evaluator, int32_t detail, promo_error **error);

/* Evaluates a receipt in the JSON form of docs/receipt-format.md (UTF-8, `length` bytes, no NUL
 * needed). On success `*result` is the evaluator's result, valid until its next evaluation. */
promo_status promo_evaluate_json(promo_evaluator *evaluator, const char *json, size_t length,
                                 const promo_result **result, promo_error **error);

typedef struct promo_date {
    int32_t year, month, day;
} promo_date;

/* Line flags. */
#define PROMO_LINE_EXCISE 1u   /* excise goods: alcohol, tobacco */
#define PROMO_LINE_WEIGHED 2u  /* sold by weight (quantity in thousandths of a kilogram) */

typedef struct promo_line {
    int64_t sku;
    const char *category;         /* "Food/Dairy/Milk", or NULL */
    const char *brand;            /* or NULL */
    const char *name;             /* or NULL */
    int64_t price;                /* one unit (a piece, a kilogram), minor units */
    int64_t quantity;             /* thousandths: 6 pieces is 6000, 0.350 kg is 350 */
    int64_t amount;               /* the till's line amount, or PROMO_NONE: price x quantity, half up */
    int64_t min_price;            /* the legal minimum price of one unit, or PROMO_NONE */
    uint32_t flags;               /* PROMO_LINE_EXCISE | PROMO_LINE_WEIGHED */
    const char *const *extra_flags; /* other flags of the item ("organic"), extra_flag_count of them */
    size_t extra_flag_count;
} promo_line;

/* A customer fact by its manifest key, as `promo build` lists them ("purchases(last 90 days)"). */
enum {
    PROMO_FACT_NUMBER = 0,  /* money (minor units), counts, percents (millionths), quantities (thousandths) */
    PROMO_FACT_BOOL = 1,    /* number: 0 or 1 */
    PROMO_FACT_TEXT = 2,    /* text */
    PROMO_FACT_DATE = 3     /* date */
};

typedef struct promo_fact {
    const char *key;
    int32_t kind;                 /* PROMO_FACT_... */
    int64_t number;
    const char *text;
    promo_date date;
} promo_fact;

typedef struct promo_counter {
    const char *name;
    int64_t value;                /* thousandths */
} promo_counter;

/* How often the customer used a promo (or reached a restriction) before this receipt. */
typedef struct promo_usage {
    const char *name;
    int64_t day, week, month, year, lifetime;
    /* units of its goods in the same periods, in thousandths */
    int64_t units_day, units_week, units_month, units_year, units_lifetime;
} promo_usage;

/* A tier program's level, when the loyalty server decides it. */
typedef struct promo_level {
    const char *program;
    const char *level;
} promo_level;

typedef struct promo_customer {
    const char *id;
    int32_t card;                 /* identified with a loyalty card: 0 or 1 */
    const char *name;             /* or NULL */
    const char *const *segments;  /* CRM segments, segment_count of them */
    size_t segment_count;
    const promo_fact *facts;
    size_t fact_count;
    const promo_counter *counters;
    size_t counter_count;
    const promo_usage *usage;
    size_t usage_count;
    const promo_level *levels;
    size_t level_count;
    int64_t bonus_balance;        /* minor units, or PROMO_NONE */
    int64_t chips;                /* or PROMO_NONE */
} promo_customer;

typedef struct promo_receipt {
    promo_date date;              /* the store's local date */
    int32_t minute;               /* minutes since local midnight: 10:00 is 600 */
    const char *currency;         /* NULL, or the bundle's currency code */
    int64_t store_id;             /* or PROMO_NONE */
    const char *store_format;     /* or NULL */
    const char *store_region;
    const char *store_city;
    const char *const *store_groups;
    size_t store_group_count;
    const char *channel;          /* "pos", "sco", "web", "app", "delivery", or NULL */
    const promo_customer *customer; /* NULL: an anonymous receipt */
    const char *const *coupons;   /* coupon codes presented */
    size_t coupon_count;
    const char *const *codes;     /* promo codes entered */
    size_t code_count;
    int64_t redeem;               /* the bonus payment asked for, minor units, or PROMO_NONE */
    const promo_line *lines;
    size_t line_count;
} promo_receipt;

/* Evaluates a receipt given as structs. Nothing is kept of `receipt` after the call. */
promo_status promo_evaluate(promo_evaluator *evaluator, const promo_receipt *receipt,
                            const promo_result **result, promo_error **error);

/* ------------------------------------------------------------------------------------------ */
/* Results                                                                                    */

int64_t promo_result_original_total(const promo_result *result);
int64_t promo_result_discount_total(const promo_result *result);
/* What the customer pays before any bonus payment: original total - discount total. */
int64_t promo_result_final_total(const promo_result *result);
/* Bonus accrued by every promo together (minor units), and chips. */
int64_t promo_result_bonus_accrued(const promo_result *result);
int64_t promo_result_chips_accrued(const promo_result *result);
/* The most the customer may pay with bonuses, and what was paid when the receipt asked. */
int64_t promo_result_redeemable(const promo_result *result);
int64_t promo_result_redeemed(const promo_result *result);

typedef struct promo_line_result {
    int64_t sku;
    int64_t original_amount;
    int64_t final_amount;         /* what the customer pays for the line */
    int64_t discount;             /* original_amount - final_amount */
    size_t discount_count;        /* promos that discounted the line: promo_result_line_discount */
    int32_t accrual_allowed;      /* bonuses may be accrued on the line */
    int32_t redemption_allowed;   /* bonuses may pay for the line */
} promo_line_result;

typedef struct promo_line_discount {
    const char *promo;
    int64_t amount;
} promo_line_discount;

/* The lines in the receipt's order. */
size_t promo_result_line_count(const promo_result *result);
promo_status promo_result_line(const promo_result *result, size_t line, promo_line_result *out);
promo_status promo_result_line_discount(const promo_result *result, size_t line, size_t index,
                                        promo_line_discount *out);

/* The promos that applied, in the order they ran. */
typedef struct promo_applied {
    const char *promo;
    int64_t discount;             /* everything it took off the receipt */
} promo_applied;
size_t promo_result_applied_count(const promo_result *result);
promo_status promo_result_applied(const promo_result *result, size_t index, promo_applied *out);

typedef struct promo_accrual {
    const char *promo;
    int32_t chips;                /* 1: chips, 0: bonus */
    int64_t points;               /* bonus in minor units, or whole chips */
    promo_date activates;
    int32_t expires_set;          /* 0: never expires */
    promo_date expires;
} promo_accrual;
size_t promo_result_accrual_count(const promo_result *result);
promo_status promo_result_accrual(const promo_result *result, size_t index, promo_accrual *out);

typedef struct promo_message {
    const char *promo;
    const char *target;           /* "slip" (printed on the receipt), "cashier", "display" */
    const char *text;             /* placeholders filled in */
} promo_message;
size_t promo_result_message_count(const promo_result *result);
promo_status promo_result_message(const promo_result *result, size_t index, promo_message *out);

typedef struct promo_coupon {
    const char *promo;
    const char *code;
    int32_t is_percent;           /* 1: value is a percent in millionths; 0: money in minor units */
    int64_t value;
    int32_t valid_until_set;
    promo_date valid_until;
} promo_coupon;
/* Coupons the receipt issues to the customer. */
size_t promo_result_coupon_count(const promo_result *result);
promo_status promo_result_coupon(const promo_result *result, size_t index, promo_coupon *out);

typedef struct promo_gift {
    const char *promo;
    int64_t sku;
    int64_t count;
} promo_gift;
size_t promo_result_gift_count(const promo_result *result);
promo_status promo_result_gift(const promo_result *result, size_t index, promo_gift *out);

/* The whole result as JSON (docs/receipt-format.md): every part, with the trace of every
 * candidate promo and why it did not apply (of the promos that applied only, under
 * PROMO_TRACE_APPLIED: promo_evaluator_set_trace). NUL-terminated; `length` (may be NULL) gets its
 * length. Valid until the evaluator's next evaluation. */
const char *promo_result_json(const promo_result *result, size_t *length);

#ifdef __cplusplus
}
#endif

#endif /* PROMO_VM_H */
