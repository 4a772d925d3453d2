import PromoBytecode
import PromoCompiler
import PromoDiagnostics
import PromoSemantics
import PromoTestRunner
import PromoVM
import Testing

/// The parts of a `test` block that set up the customer: prior uses of promos and restrictions
/// (`given dairy_week.uses(day) = 1`) and the customer's name.
@Suite struct TestBlockTests {
    static let promos = """
        currency RUB
        promo daily "Once a day" {
          priority 1
          limit 1 per customer per day
          discount 10% on all
        }
        promo lifetime "Once ever" {
          priority 2
          limit 1 per customer
          discount 1.00 on all
        }
        restriction qty_cap "Five a day" {
          qty <= 5 per customer per day on all
        }
        promo hello "Greeting" {
          priority 3
          message slip "Hello, {name}"
        }
        promo welcome "Welcome" {
          priority 4
          accrue 500 bonus activates after 1 day expires after 14 days
          issue  coupon "NEXT10" discount 10% valid 14 days
          gift   2 of sku 77
        }
        promo knife "Knife for chips" {
          priority 5
          price 99.00 on sku 9 for 20 chips
          ignore restrictions
        }

        """

    /// Runs the test blocks of `tests` against `promos`; nil (and a recorded issue) when they do not compile.
    func outcomes(_ tests: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> [TestOutcome]? {
        let result = Frontend.check([SourceInput(path: "t.promo", text: Self.promos + tests)])
        guard let program = result.program, !result.diagnostics.contains(where: { $0.severity == .error }) else {
            Issue.record(Comment(rawValue: TextRenderer(sources: result.sources, colored: false).render(result.diagnostics)),
                         sourceLocation: sourceLocation)
            return nil
        }
        guard let bundle = try? LoadedBundle(bytes: BundleCompiler.bytes(program)) else {
            Issue.record("the bundle was refused", sourceLocation: sourceLocation)
            return nil
        }
        return TestRunner.run(program, bundle: bundle)
    }

    func diagnostics(_ tests: String) -> [String] {
        Frontend.check([SourceInput(path: "t.promo", text: Self.promos + tests)]).diagnostics.map(\.message)
    }

    static let receipt = "  receipt at 2026-11-18 12:00 store 1 customer 7\n  line sku 1 price 100.00 qty 1\n"

    @Test func aPriorUseReachesTheLimit() throws {
        let run = try #require(outcomes("""
            test "used today" {
            \(Self.receipt)  given daily.uses(day) = 1
              expect not applied daily because "limit"
              expect applied lifetime
            }
            test "not used" {
            \(Self.receipt)  expect discount 10.00 by daily
            }
            test "wrongly expects it applied" {
            \(Self.receipt)  given daily.uses(day) = 1
              expect applied daily
            }
            """))
        #expect(run.map(\.passed) == [true, true, false])
    }

    @Test func usesTodayAreUsesOfEveryLongerPeriod() throws {
        // A use today is a use in the customer's lifetime too; a use earlier this month is not a use today.
        let run = try #require(outcomes("""
            test "today counts for the lifetime" {
            \(Self.receipt)  given daily.uses(day) = 1
              given lifetime.uses(day) = 1
              expect not applied lifetime because "limit"
            }
            test "this month is not today" {
            \(Self.receipt)  given daily.uses(month) = 3
              expect applied daily
            }
            test "no argument is the lifetime" {
            \(Self.receipt)  given lifetime.uses = 1
              expect not applied lifetime
            }
            """))
        #expect(run.map(\.passed) == [true, true, true])
    }

    @Test func priorUnitsShrinkAQuantityCap() throws {
        // Four units bought earlier today leave one of the five: 10% off that one unit only.
        let run = try #require(outcomes("""
            test "one unit left" {
              receipt at 2026-11-18 12:00 store 1 customer 7
              line sku 1 price 100.00 qty 3
              given qty_cap.units(day) = 4
              expect discount 10.00 by daily
            }
            test "none left" {
              receipt at 2026-11-18 12:00 store 1 customer 7
              line sku 1 price 100.00 qty 3
              given qty_cap.units(day) = 5
              expect discount 0.00 by daily
            }
            """))
        #expect(run.map(\.failures) == [[], []])
    }

    @Test func theCustomersNameReachesMessages() throws {
        let run = try #require(outcomes("""
            test "named" {
              receipt at 2026-11-18 12:00 store 1 name "Анна"
              line sku 1 price 100.00 qty 1
              expect message slip "Hello, Анна"
            }
            test "another name" {
              receipt at 2026-11-18 12:00 store 1 name "Иван"
              line sku 1 price 100.00 qty 1
              expect message slip "Hello, Анна"
            }
            """))
        #expect(run.map(\.passed) == [true, false])
    }

    @Test func accrualDatesCouponsGiftsAndChips() throws {
        // A receipt of 2026-11-18: bonuses from the 19th, lapsing 14 days later on 3 December;
        // the coupon is valid 14 days, to 2 December.
        let body = "  receipt at 2026-11-18 12:00 store 1 customer 7 chips 25\n  line sku 9 price 1499.00 qty 1\n"
        let run = try #require(outcomes("""
            test "right" {
            \(body)  expect accrued 500 bonus by welcome activates 2026-11-19 expires 2026-12-03
              expect coupon "NEXT10" discount 10% until 2026-12-02
              expect gift 2 of sku 77
              expect spent 20 chips by knife
            }
            test "activation a day late" {
            \(body)  expect accrued 500 bonus activates 2026-11-20
            }
            test "expiry a day early" {
            \(body)  expect accrued 500 bonus expires 2026-12-02
            }
            test "coupon value" {
            \(body)  expect coupon "NEXT10" discount 15%
            }
            test "coupon as money" {
            \(body)  expect coupon "NEXT10" discount 10.00
            }
            test "coupon end" {
            \(body)  expect coupon "NEXT10" until 2026-12-03
            }
            test "gift count" {
            \(body)  expect gift 1 of sku 77
            }
            test "chips spent" {
            \(body)  expect spent 19 chips
            }
            """))
        #expect(run.map(\.passed) == [true, false, false, false, false, false, false, false])
        // Each failure without its "line N: " prefix.
        #expect(run.dropFirst().map { $0.failures.first.map { String($0.drop { $0 != " " }.dropFirst().drop { $0 != " " }.dropFirst()) } } == [
            "expected the bonus to activate on 2026-11-20, got 2026-11-19",
            "expected the bonus to expire on 2026-12-02, got 2026-12-03",
            "expected coupon \"NEXT10\" for 15%, got 10%",
            "expected coupon \"NEXT10\" for 10.00, got 10%",
            "expected coupon \"NEXT10\" valid until 2026-12-03, got 2026-12-02",
            "expected 1 of sku 77 as a gift, got 2 of sku 77",
            "expected 19 chips spent, got 20",
        ])
    }

    @Test func aFigureOfTwoArgumentsCanBeGiven() throws {
        let run = try #require(outcomes("""
            promo bought_before "Bought it before" {
              priority 6
              audience customer.bought(sku 1, last 30 days)
              discount 5% on sku 1
            }
            test "bought" {
            \(Self.receipt)  given customer.bought(sku 1, last 30 days) = true
              expect applied bought_before
            }
            test "not bought" {
            \(Self.receipt)  given customer.bought(sku 1, last 30 days) = false
              expect applied bought_before
            }
            """))
        #expect(run.map(\.passed) == [true, false])
    }

    @Test func badUsageGivensAreReported() {
        let messages = diagnostics("""
            test "t" {
            \(Self.receipt)  given dayly.uses(day) = 1
              given daily.uses(fortnight) = 1
              given daily.uses(day, week) = 1
              expect applied daily
            }
            """)
        #expect(messages.contains("unknown promo or restriction `dayly`"))
        #expect(messages.contains("a usage count is per `day`, `week`, `month`, `year` or `lifetime`"))
        #expect(messages.contains("a usage count takes one period"))
    }
}
