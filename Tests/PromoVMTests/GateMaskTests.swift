import PromoBytecode
import PromoVM
import Testing

/// The units ``GateMasks`` turn away a word at a time must give what checking them one by one
/// gives: the same result, trace, steps, and, when the step budget runs out, the same error at
/// the same step, wherever it runs out (at a unit the masks turn away too). Without the masks
/// every unit is checked one by one, as in a bundle too large for the masks' tables
/// (``GateMasks/tableLimit``).
@Suite struct GateMaskTests {
    static let bundle = try! LoadedBundle(bytes: promosBundleBytes())

    /// The rich receipts of the C tests on days and hours that open and close the promos/
    /// windows (active dates, hours, weekdays, days of the month), in every channel.
    static let receipts: [Receipt] = {
        let days: [(Int, Int, Int)] = [(2026, 11, 20), (2026, 12, 3), (2026, 12, 6), (2027, 3, 10), (2027, 6, 7),
                                       (2027, 8, 15), (2027, 8, 31), (2027, 12, 31)]
        let minutes = [7 * 60, 12 * 60 + 30, 21 * 60 + 45]
        var out: [Receipt] = []
        for (k, base) in CABITests.richReceipts.enumerated() {
            for (d, (year, month, day)) in days.enumerated() {
                var r = base
                r.date = LocalDate(year: year, month: month, day: day)
                r.minute = minutes[(k + d) % minutes.count]
                r.channel = [nil, "pos", "app", "web", "sco", "delivery"][(k + d) % 6]
                out.append(r)
            }
        }
        return out
    }()

    static func outcome(_ evaluator: inout Evaluator, _ receipt: Receipt) -> Result<EvaluationResult, EvaluationError> {
        Result { () throws(EvaluationError) in try evaluator.evaluate(receipt) }
    }

    @Test func masksGiveWhatCheckingOneByOneGives() {
        var masked = Evaluator(bundle: Self.bundle)
        var plain = Evaluator(bundle: Self.bundle)
        plain.usesGateMasks = false
        var turnedAway = 0, evaluated = 0
        for receipt in Self.receipts {
            let a = Self.outcome(&masked, receipt), b = Self.outcome(&plain, receipt)
            #expect(a == b, "\(receipt.date) \(receipt.minute) \(receipt.channel ?? "-")")
            if case .success(let r) = a {
                evaluated += 1
                turnedAway += r.trace.filter { [.notActive, .outsideHours, .wrongWeekday, .wrongChannel].contains($0.reason) }.count
            }
        }
        // Every receipt is evaluated, and they do reach units the masks turn away.
        #expect(evaluated == Self.receipts.count)
        #expect(turnedAway > 50)
    }

    /// Every budget from none to what the receipt takes: the step budget runs out at every
    /// step, including those of units the masks turn away, and both ways stop at the same one.
    @Test func theStepBudgetRunsOutAtTheSameStepBothWays() throws {
        var full = Evaluator(bundle: Self.bundle)
        var checked = 0, ranOut = 0
        for receipt in Self.receipts.prefix(12) {
            let steps = try full.evaluate(receipt).steps
            var masked = Evaluator(bundle: Self.bundle)
            var plain = Evaluator(bundle: Self.bundle)
            plain.usesGateMasks = false
            for budget in stride(from: Int64(0), through: steps, by: 1) {
                masked.budgetOverride = budget
                plain.budgetOverride = budget
                let a = Self.outcome(&masked, receipt), b = Self.outcome(&plain, receipt)
                #expect(a == b, "budget \(budget)")
                switch a {
                case .failure: ranOut += 1
                case .success(let r): #expect(r.steps <= budget, "budget \(budget)")
                }
                checked += 1
            }
            // With exactly the steps it takes, the receipt is evaluated; one fewer runs out.
            masked.budgetOverride = steps
            #expect((try? masked.evaluate(receipt)) != nil)
            masked.budgetOverride = steps - 1
            #expect(throws: EvaluationError.self) { try masked.evaluate(receipt) }
        }
        #expect(checked > 400 && ranOut > 400)
    }
}
