import PromoBytecode
import PromoCompiler
import PromoDiagnostics
import PromoSemantics
import PromoSyntax
import PromoVM

/// What one `test` block came to.
public struct TestOutcome: Sendable {
    public var name: String
    /// Where the test is, `file:line`.
    public var location: String
    public var failures: [String]
    public var result: EvaluationResult?
    public var passed: Bool { failures.isEmpty }
}

/// Runs `test` blocks: each test's receipt goes through the compiled bundle and the VM, and its
/// expectations are compared with the result.
public enum TestRunner {
    public static func run(_ program: Program, bundle: LoadedBundle) -> [TestOutcome] {
        var evaluator = Evaluator(bundle: bundle)
        return program.tests.map { test in
            let at = program.sources.location(of: test.nameSpan)
            let location = "\(at.file.path):\(at.start.line)"
            let receipt = TestReceipt.build(test, bundle: bundle)
            let first: EvaluationResult
            do {
                first = try evaluator.evaluate(receipt)
            } catch {
                return TestOutcome(name: test.name, location: location, failures: ["the evaluation failed: \(error)"], result: nil)
            }
            var failures: [String] = []
            for violation in Invariants.violations(of: first, receipt: receipt) { failures.append("invariant: \(violation)") }
            // The same input gives the same output, run after run.
            if let second = try? evaluator.evaluate(receipt), second != first {
                failures.append("invariant: a second evaluation of the same receipt gave a different result")
            }
            let check = Expectations(result: first, receipt: receipt, bundle: bundle, program: program)
            for (expectation, span) in test.expectations {
                if let failure = check.failure(of: expectation) {
                    let line = program.sources.location(of: span).start.line
                    failures.append("line \(line): \(failure)")
                }
            }
            return TestOutcome(name: test.name, location: location, failures: failures, result: first)
        }
    }
}

/// The receipt a test block describes.
public enum TestReceipt {
    public static func build(_ test: TestCase, bundle: LoadedBundle) -> Receipt {
        let spec = test.receipt
        var customer: Customer?
        if spec.customer != nil || spec.customerName != nil || spec.card || !test.givens.isEmpty || spec.bonusBalance != nil || spec.chips != nil {
            var c = Customer(id: spec.customer.map(String.init) ?? "test", card: spec.card, bonusBalance: spec.bonusBalance,
                             chips: spec.chips)
            c.name = spec.customerName
            for given in test.givens {
                switch given {
                case .fact(let fact, let value): c.facts[fact.description] = factValue(value)
                case .membership(let name): c.segments.append(name)
                case .counter(let name, let q): c.counters[name] = q.milli
                case .tierLevel(let program, let level): c.levels[program] = level
                case .usage(let unit, let period, let units, let amount):
                    c.usage[unit, default: Usage()].record(amount, units: units, in: period)
                }
            }
            customer = c
        }
        let lines = test.lines.map { l in
            Line(sku: l.sku, name: l.name, category: l.category, brand: l.brand, price: l.price.minor, quantity: l.quantity.milli,
                 excise: l.excise, weighed: l.weighed, minPrice: l.minPrice?.minor, flags: l.flags)
        }
        return Receipt(date: LocalDate(spec.date),
                       minute: spec.time.minutes, store: Store(id: spec.store, format: spec.format, region: spec.region,
                                                               city: spec.city, groups: spec.groups),
                       channel: spec.channel, customer: customer, coupons: spec.coupons, codes: spec.codes,
                       redeem: spec.redeem, lines: lines)
    }

    /// Periods that hold `period` whatever the date: uses today are uses this week, month, year
    /// and lifetime too.
    static func periods(holding period: UsagePeriod) -> [UsagePeriod] {
        switch period {
        case .day: [.day, .week, .month, .year, .lifetime]
        case .week: [.week, .lifetime]
        case .month: [.month, .year, .lifetime]
        case .year: [.year, .lifetime]
        case .lifetime: [.lifetime]
        }
    }

    static func factValue(_ c: Constant) -> FactValue {
        switch c {
        case .money(let m): .number(m.minor)
        case .percent(let p): .number(p.millionths)
        case .count(let n): .number(n)
        case .quantity(let q): .number(q.milli)
        case .bool(let b): .bool(b)
        case .string(let s): .text(s)
        case .date(let d): .date(LocalDate(d))
        default: .number(0)
        }
    }
}


extension Usage {
    /// Sets the count of `period` to `amount`, and raises the periods that hold it to at least that.
    mutating func record(_ amount: Int64, units: Bool, in period: UsagePeriod) {
        for p in TestReceipt.periods(holding: period) {
            let keyPath: WritableKeyPath<Usage, Int64> = switch (p, units) {
            case (.day, false): \.day
            case (.week, false): \.week
            case (.month, false): \.month
            case (.year, false): \.year
            case (.lifetime, false): \.lifetime
            case (.day, true): \.unitsDay
            case (.week, true): \.unitsWeek
            case (.month, true): \.unitsMonth
            case (.year, true): \.unitsYear
            case (.lifetime, true): \.unitsLifetime
            }
            self[keyPath: keyPath] = p == period ? amount : Swift.max(self[keyPath: keyPath], amount)
        }
    }
}

extension LocalDate {
    /// The date a test wrote.
    init(_ d: DateLiteral) { self.init(year: d.year, month: d.month, day: d.day) }
}
