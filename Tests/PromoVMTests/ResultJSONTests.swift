// Result JSON: a hand-built result encoded against a small bundle, key by key.

import PromoBytecode
import PromoJSON
@testable import PromoVM
import Testing

@Suite struct ResultJSONTests {
    /// Units of `JSONFixtures.bundle()`.
    let dairy = 0, welcome = 1, basket = 2, maxDiscount = 3

    func receipt() throws -> Receipt {
        try ReceiptJSON.decode(JSONFixtures.exampleBytes, decimals: 2, factTags: JSONFixtures.exampleTags)
    }

    /// A result for the example receipt, by hand.
    func result() -> EvaluationResult {
        var r = EvaluationResult()
        r.appendLine(sku: 1042, originalAmount: 60_000, finalAmount: 48_000, discounts: [LineDiscount(unit: dairy, amount: 12_000)])
        r.appendLine(sku: 2001, originalAmount: 31_497, finalAmount: 25_198, discounts: [LineDiscount(unit: dairy, amount: 6_299)],
                     clamps: [Clamp(unit: dairy, amount: 300, restriction: maxDiscount)])
        r.appendLine(sku: 3050, originalAmount: 49_900, finalAmount: 34_900, discounts: [LineDiscount(unit: welcome, amount: 15_000)],
                     clamps: [Clamp(unit: welcome, amount: 5_000, restriction: nil)], accrualAllowed: false, redemptionAllowed: false)
        r.originalTotal = 141_397
        r.discountTotal = 33_299
        r.accruals = [
            AccrualResult(unit: welcome, chips: false, points: 7_310, activates: LocalDate(year: 2026, month: 12, day: 16),
                          expires: LocalDate(year: 2027, month: 6, day: 2)),
            AccrualResult(unit: dairy, chips: true, points: 3, activates: LocalDate(year: 2026, month: 12, day: 2), expires: nil),
        ]
        r.redeemable = 30_000
        r.redeemed = 30_000
        r.chipsSpent = [ChipsSpent(unit: welcome, chips: 10)]
        r.couponsApplied = [CouponApplied(unit: welcome, code: "HALF-2026")]
        r.couponsIssued = [
            CouponIssued(unit: dairy, code: "NEXT-10", isPercent: true, value: 100_000, validUntil: LocalDate(year: 2027, month: 1, day: 1)),
            CouponIssued(unit: welcome, code: "WELCOME-150", isPercent: false, value: 15_000, validUntil: nil),
        ]
        r.gifts = [Gift(unit: welcome, sku: 9001, count: 1)]
        r.messages = [MessageResult(unit: dairy, target: .slip, text: "Dairy week: you saved 182.99"),
                      MessageResult(unit: welcome, target: .cashier, text: "Give the customer a welcome gift")]
        r.counterChanges = [CounterChange(unit: welcome, counter: "visits", operation: .add, value: 1000),
                            CounterChange(unit: dairy, counter: "dairy_kg", operation: .subtract, value: 350),
                            CounterChange(unit: dairy, counter: "coffees", operation: .set, value: 0)]
        r.usage = [UsageChange(unit: dairy, uses: 1, units: 6350), UsageChange(unit: welcome, uses: 1, units: 1000)]
        r.trace = [
            TraceEntry(unit: dairy, applied: true, reason: nil, failed: nil, discount: 18_299),
            TraceEntry(unit: welcome, applied: true, reason: nil, failed: nil, discount: 15_000),
            TraceEntry(unit: basket, applied: false, reason: .conditionFalse,
                       failed: FailedComparison(pc: 4, left: 141_397, right: 500_000, opcode: .greaterEqual), discount: 0),
        ]
        r.steps = 57
        return r
    }

    @Test func encodesEveryPart() throws {
        let bundle = try JSONFixtures.bundle()
        let json = ResultJSON.encode(result(), receipt: try receipt(), bundle: bundle)
        #expect(json.serialized(pretty: true) == Self.expected)
        // The same input gives the same bytes.
        #expect(ResultJSON.encode(result(), receipt: try receipt(), bundle: bundle).serialized() == json.serialized())
        // And the output is JSON the parser takes back.
        #expect(try JSONParser.parse(json.serialized()) == json)
    }

    @Test func moneyFollowsTheBundlesDecimals() throws {
        let yen = try JSONFixtures.bundle(currency: "JPY", decimals: 0)
        var r = EvaluationResult()
        r.originalTotal = 1500
        r.discountTotal = 150
        r.accruals = [AccrualResult(unit: 0, chips: false, points: 15, activates: LocalDate(year: 2026, month: 1, day: 1), expires: nil)]
        let json = ResultJSON.encode(r, receipt: Receipt(date: LocalDate(year: 2026, month: 1, day: 1), minute: 0), bundle: yen)
        #expect(json["currency"] == .string("JPY"))
        #expect(json["totals"] == .object([("original", .string("1500")), ("discount", .string("150")), ("final", .string("1350"))]))
        #expect(json["accruals"]?[0]?["points"] == .string("15"))
    }

    @Test func linesThatDoNotMatchTheReceiptHaveNoName() throws {
        var r = EvaluationResult()
        r.appendLine(sku: 5, originalAmount: 100, finalAmount: 100)
        let json = ResultJSON.encode(r, receipt: Receipt(date: LocalDate(year: 2026, month: 1, day: 1), minute: 0),
                                     bundle: try JSONFixtures.bundle())
        #expect(json["lines"]?[0]?["name"] == .null)
        #expect(json["lines"]?[0]?["qty"] == .null)
    }

    @Test func comparisonTypesAsTheCompilerRecordedThem() throws {
        let bundle = try JSONFixtures.bundle()
        #expect(ResultJSON.valueTag(ofComparisonAt: 4, unit: 2, bundle: bundle) == .money)
        #expect(ResultJSON.valueTag(ofComparisonAt: 5, unit: 2, bundle: bundle) == nil, "REQUIRE is no comparison")
        #expect(ResultJSON.valueTag(ofComparisonAt: 99, unit: 2, bundle: bundle) == nil)
    }

    @Test func unknownUnitsAndUntypedComparisons() throws {
        var r = EvaluationResult()
        r.trace = [TraceEntry(unit: 9, applied: false, reason: .stepBudget, failed: nil, discount: 0),
                   TraceEntry(unit: 0, applied: false, reason: .conditionFalse,
                              failed: FailedComparison(pc: 0, left: 3, right: 5, opcode: .less), discount: 0)]
        r.appendLine(sku: 5, originalAmount: 100, finalAmount: 100, discounts: [LineDiscount(unit: -1, amount: 0)],
                     clamps: [Clamp(unit: 4, amount: 0, restriction: 77)])
        let json = ResultJSON.encode(r, receipt: Receipt(date: LocalDate(year: 2026, month: 1, day: 1), minute: 0),
                                     bundle: try JSONFixtures.bundle())
        #expect(json["trace"]?[0]?["promo"] == .string("#9"))
        #expect(json["trace"]?[0]?["reason"] == .string("step_budget"))
        #expect(json["trace"]?[1]?["failed"]?["left"] == .int(3), "an unknown type: the VM's integer")
        #expect(json["trace"]?[1]?["failed"]?["op"] == .string("<"))
        #expect(json["trace"]?[1]?["failed"]?["type"] == .null)
        r.trace = [TraceEntry(unit: 2, applied: false, reason: .notInAudience,
                              failed: FailedComparison(pc: 4, left: Int64.min, right: 500_000, opcode: .greaterEqual), discount: 0)]
        let absent = ResultJSON.encode(r, receipt: Receipt(date: LocalDate(year: 2026, month: 1, day: 1), minute: 0),
                                       bundle: try JSONFixtures.bundle())
        #expect(absent["trace"]?[0]?["failed"]?["left"] == .null, "an absent value")
        #expect(absent["trace"]?[0]?["failed"]?["right"] == .string("5000.00"))
        #expect(json["lines"]?[0]?["discounts"]?[0]?["promo"] == .string("#-1"))
        #expect(json["lines"]?[0]?["clamps"]?[0]?["restriction"] == .string("#77"))
    }

    /// The example result of docs/receipt-format.md.
    /// The example result of docs/receipt-format.md.
    static let expected = """
    {
      "currency": "RUB",
      "totals": {
        "original": "1413.97",
        "discount": "332.99",
        "final": "1080.98"
      },
      "lines": [
        {
          "line": 0,
          "sku": 1042,
          "name": "Milk 1 L",
          "qty": "6",
          "original": "600.00",
          "discount": "120.00",
          "final": "480.00",
          "discounts": [
            {
              "promo": "dairy_week",
              "amount": "120.00"
            }
          ],
          "clamps": [],
          "accrual_allowed": true,
          "redemption_allowed": true
        },
        {
          "line": 1,
          "sku": 2001,
          "name": "Cheese",
          "qty": "0.35",
          "original": "314.97",
          "discount": "62.99",
          "final": "251.98",
          "discounts": [
            {
              "promo": "dairy_week",
              "amount": "62.99"
            }
          ],
          "clamps": [
            {
              "promo": "dairy_week",
              "amount": "3.00",
              "restriction": "max_discount"
            }
          ],
          "accrual_allowed": true,
          "redemption_allowed": true
        },
        {
          "line": 2,
          "sku": 3050,
          "name": "Vodka 0.5 L",
          "qty": "1",
          "original": "499.00",
          "discount": "150.00",
          "final": "349.00",
          "discounts": [
            {
              "promo": "welcome",
              "amount": "150.00"
            }
          ],
          "clamps": [
            {
              "promo": "welcome",
              "amount": "50.00",
              "restriction": "legal minimum price"
            }
          ],
          "accrual_allowed": false,
          "redemption_allowed": false
        }
      ],
      "accruals": [
        {
          "promo": "welcome",
          "currency": "bonus",
          "points": "73.10",
          "activates": "2026-12-16",
          "expires": "2027-06-02"
        },
        {
          "promo": "dairy_week",
          "currency": "chips",
          "points": 3,
          "activates": "2026-12-02",
          "expires": null
        }
      ],
      "redeemable": "300.00",
      "redeemed": "300.00",
      "chips_spent": [
        {
          "promo": "welcome",
          "chips": 10
        }
      ],
      "coupons_applied": [
        {
          "promo": "welcome",
          "code": "HALF-2026"
        }
      ],
      "coupons_issued": [
        {
          "promo": "dairy_week",
          "code": "NEXT-10",
          "kind": "percent",
          "value": "10",
          "valid_until": "2027-01-01"
        },
        {
          "promo": "welcome",
          "code": "WELCOME-150",
          "kind": "money",
          "value": "150.00",
          "valid_until": null
        }
      ],
      "gifts": [
        {
          "promo": "welcome",
          "sku": 9001,
          "count": 1
        }
      ],
      "messages": [
        {
          "promo": "dairy_week",
          "target": "slip",
          "text": "Dairy week: you saved 182.99"
        },
        {
          "promo": "welcome",
          "target": "cashier",
          "text": "Give the customer a welcome gift"
        }
      ],
      "counter_changes": [
        {
          "promo": "welcome",
          "counter": "visits",
          "op": "+=",
          "value": "1"
        },
        {
          "promo": "dairy_week",
          "counter": "dairy_kg",
          "op": "-=",
          "value": "0.35"
        },
        {
          "promo": "dairy_week",
          "counter": "coffees",
          "op": "=",
          "value": "0"
        }
      ],
      "usage": [
        {
          "promo": "dairy_week",
          "uses": 1,
          "units": "6.35"
        },
        {
          "promo": "welcome",
          "uses": 1,
          "units": "1"
        }
      ],
      "trace": [
        {
          "promo": "dairy_week",
          "applied": true,
          "discount": "182.99",
          "reason": null,
          "reason_text": null,
          "failed": null
        },
        {
          "promo": "welcome",
          "applied": true,
          "discount": "150.00",
          "reason": null,
          "reason_text": null,
          "failed": null
        },
        {
          "promo": "big_basket",
          "applied": false,
          "discount": "0.00",
          "reason": "condition_false",
          "reason_text": "its condition does not hold",
          "failed": {
            "op": ">=",
            "left": "1413.97",
            "right": "5000.00",
            "type": "money",
            "source": {
              "file": "promos/basket.promo",
              "line": 5,
              "text": "when spend >= 5000.00"
            }
          }
        }
      ],
      "steps": 57
    }
    """
}
