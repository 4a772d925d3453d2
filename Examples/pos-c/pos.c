/*
 * pos: a till's use of libpromovm, in C.
 *
 *     pos BUNDLE RECEIPTS.jsonl [TRUSTED_KEY.pub]
 *
 * Loads the bundle CI built (refusing it unless TRUSTED_KEY signed it, when a key is given),
 * evaluates every receipt of RECEIPTS.jsonl (one JSON receipt per line, docs/receipt-format.md)
 * and prints what the till prints: each line's price after discounts, the totals, the promos
 * that applied, bonuses, coupons and messages. Then it evaluates one basket the way a till's
 * scanner loop builds it, as C structs, without JSON.
 *
 * Exit status: 0 when the bundle was loaded (a refused receipt is reported and the next one is
 * evaluated), 1 when the bundle or the key cannot be used, 2 for wrong arguments.
 */
#define _POSIX_C_SOURCE 200809L
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "promo_vm.h"

static int decimals = 2;

/* Minor units as a decimal amount: 15980 -> "159.80". */
static const char *money(int64_t minor, char *buffer, size_t size) {
    int64_t scale = 1;
    for (int i = 0; i < decimals; i++) scale *= 10;
    const char *sign = minor < 0 ? "-" : "";
    uint64_t magnitude = minor < 0 ? (uint64_t)0 - (uint64_t)minor : (uint64_t)minor;
    if (decimals == 0) {
        snprintf(buffer, size, "%s%" PRIu64, sign, magnitude);
    } else {
        snprintf(buffer, size, "%s%" PRIu64 ".%0*" PRIu64, sign, magnitude / (uint64_t)scale, decimals,
                 magnitude % (uint64_t)scale);
    }
    return buffer;
}

/* A percent in millionths of the whole: 100000 -> "10%", 125000 -> "12.5%". */
static const char *percent(int64_t millionths, char *buffer, size_t size) {
    int64_t whole = millionths / 10000, rest = millionths % 10000;
    if (rest == 0) {
        snprintf(buffer, size, "%" PRId64 "%%", whole);
    } else {
        char digits[8];
        snprintf(digits, sizeof digits, "%04" PRId64, rest);
        for (int i = 3; i > 0 && digits[i] == '0'; i--) digits[i] = '\0';
        snprintf(buffer, size, "%" PRId64 ".%s%%", whole, digits);
    }
    return buffer;
}

static void print_result(const promo_result *result) {
    char a[32], b[32], c[32];
    size_t lines = promo_result_line_count(result);
    for (size_t i = 0; i < lines; i++) {
        promo_line_result line;
        promo_result_line(result, i, &line);
        printf("  line %zu  sku %-6" PRId64 " %9s -> %9s", i + 1, line.sku,
               money(line.original_amount, a, sizeof a), money(line.final_amount, b, sizeof b));
        for (size_t k = 0; k < line.discount_count; k++) {
            promo_line_discount discount;
            promo_result_line_discount(result, i, k, &discount);
            printf("  %s -%s", discount.promo, money(discount.amount, a, sizeof a));
        }
        printf("\n");
    }
    printf("  total %s, discount %s, to pay %s\n", money(promo_result_original_total(result), a, sizeof a),
           money(promo_result_discount_total(result), b, sizeof b), money(promo_result_final_total(result), c, sizeof c));

    size_t applied = promo_result_applied_count(result);
    if (applied > 0) {
        printf("  applied:");
        for (size_t i = 0; i < applied; i++) {
            promo_applied promo;
            promo_result_applied(result, i, &promo);
            printf("%s %s", i == 0 ? "" : ",", promo.promo);
            if (promo.discount != 0) printf(" (-%s)", money(promo.discount, a, sizeof a));
        }
        printf("\n");
    }
    for (size_t i = 0; i < promo_result_accrual_count(result); i++) {
        promo_accrual accrual;
        promo_result_accrual(result, i, &accrual);
        if (accrual.chips) {
            printf("  accrued %" PRId64 " %s by %s\n", accrual.points, accrual.points == 1 ? "chip" : "chips", accrual.promo);
        } else {
            printf("  accrued %s bonus by %s, from %04d-%02d-%02d\n", money(accrual.points, a, sizeof a), accrual.promo,
                   accrual.activates.year, accrual.activates.month, accrual.activates.day);
        }
    }
    for (size_t i = 0; i < promo_result_coupon_count(result); i++) {
        promo_coupon coupon;
        promo_result_coupon(result, i, &coupon);
        printf("  coupon %s by %s: %s off", coupon.code, coupon.promo,
               coupon.is_percent ? percent(coupon.value, a, sizeof a) : money(coupon.value, a, sizeof a));
        if (coupon.valid_until_set) {
            printf(", valid until %04d-%02d-%02d", coupon.valid_until.year, coupon.valid_until.month, coupon.valid_until.day);
        }
        printf("\n");
    }
    for (size_t i = 0; i < promo_result_gift_count(result); i++) {
        promo_gift gift;
        promo_result_gift(result, i, &gift);
        printf("  gift: sku %" PRId64 " x %" PRId64 " by %s\n", gift.sku, gift.count, gift.promo);
    }
    for (size_t i = 0; i < promo_result_message_count(result); i++) {
        promo_message message;
        promo_result_message(result, i, &message);
        printf("  message to the %s by %s: %s\n", message.target, message.promo, message.text);
    }
}

/* Reports an error and frees it. */
static void report(const char *what, promo_error *error) {
    printf("%s: %s\n", what, promo_error_message(error));
    promo_error_free(error);
}

/* The scanner's basket of the first example receipt, for a card holder, as structs. */
static int evaluate_scanned_basket(promo_evaluator *evaluator) {
    promo_line lines[] = {
        {.sku = 1001, .category = "Food/Dairy/Milk", .price = 7990, .quantity = 2000,
         .amount = PROMO_NONE, .min_price = PROMO_NONE},
        {.sku = 3001, .category = "Food/Dairy/Yogurt", .price = 5500, .quantity = 2000,
         .amount = PROMO_NONE, .min_price = PROMO_NONE},
        {.sku = 3002, .category = "Food/Dairy/Yogurt", .price = 4900, .quantity = 1000,
         .amount = PROMO_NONE, .min_price = PROMO_NONE},
        {.sku = 10200, .category = "Food/Cheese/Weighed", .price = 89990, .quantity = 350,
         .amount = PROMO_NONE, .min_price = PROMO_NONE, .flags = PROMO_LINE_WEIGHED},
    };
    promo_fact facts[] = {
        {.key = "spend(previous calendar week)", .kind = PROMO_FACT_NUMBER, .number = 750000},
    };
    promo_customer customer = {
        .id = "5550008", .card = 1, .facts = facts, .fact_count = 1,
        .bonus_balance = PROMO_NONE, .chips = PROMO_NONE,
    };
    promo_receipt receipt = {
        .date = {2027, 1, 15}, .minute = 12 * 60,
        .store_id = 751, .store_format = "Supermarket", .channel = "pos",
        .customer = &customer, .redeem = PROMO_NONE,
        .lines = lines, .line_count = sizeof lines / sizeof lines[0],
    };
    const promo_result *result;
    promo_error *error = NULL;
    printf("scanned basket (structs)\n");
    if (promo_evaluate(evaluator, &receipt, &result, &error) != PROMO_OK) {
        report("  refused", error);
        return 0;
    }
    print_result(result);
    return 1;
}

int main(int argc, char **argv) {
    if (argc < 3 || argc > 4) {
        fprintf(stderr, "usage: %s BUNDLE RECEIPTS.jsonl [TRUSTED_KEY.pub]\n", argv[0]);
        return 2;
    }
    if (promo_abi_version() != PROMO_VM_ABI_VERSION) {
        fprintf(stderr, "libpromovm speaks ABI %u, this till was built for %d\n", promo_abi_version(), PROMO_VM_ABI_VERSION);
        return 1;
    }
    promo_error *error = NULL;
    uint8_t key[PROMO_KEY_SIZE];
    if (argc == 4 && promo_public_key_read(argv[3], key, &error) != PROMO_OK) {
        fprintf(stderr, "pos: %s\n", promo_error_message(error));
        promo_error_free(error);
        return 1;
    }
    promo_bundle *bundle = NULL;
    if (promo_bundle_open_file(argv[1], argc == 4 ? key : NULL, &bundle, &error) != PROMO_OK) {
        fprintf(stderr, "pos: %s\n", promo_error_message(error));
        promo_error_free(error);
        return 1;
    }
    decimals = promo_bundle_currency_decimals(bundle);
    printf("%s\n", promo_version());
    printf("bundle: %zu promos, tier programs and restrictions, prices in %s%s\n", promo_bundle_unit_count(bundle),
           promo_bundle_currency(bundle), argc == 4 ? ", signature checked" : "");

    /* One evaluator per checkout thread, over a slot, so that a new bundle can be swapped in. */
    promo_slot *slot = promo_slot_new(bundle);
    promo_evaluator *evaluator = promo_evaluator_new_for_slot(slot);
    promo_bundle_free(bundle); /* the slot keeps it */

    FILE *file = fopen(argv[2], "r");
    if (file == NULL) {
        perror(argv[2]);
        promo_evaluator_free(evaluator);
        promo_slot_free(slot);
        return 1;
    }
    char *text = NULL;
    size_t capacity = 0;
    ssize_t length;
    int number = 0, evaluated = 0, refused = 0;
    while ((length = getline(&text, &capacity, file)) > 0) {
        if (length == 1 && text[0] == '\n') continue;
        number++;
        const promo_result *result;
        printf("receipt %d\n", number);
        if (promo_evaluate_json(evaluator, text, (size_t)length, &result, &error) != PROMO_OK) {
            report("  refused", error);
            refused++;
            continue;
        }
        print_result(result);
        evaluated++;
    }
    free(text);
    fclose(file);

    if (evaluate_scanned_basket(evaluator)) evaluated++; else refused++;
    printf("%d evaluated, %d refused\n", evaluated, refused);

    promo_evaluator_free(evaluator);
    promo_slot_free(slot);
    return 0;
}
