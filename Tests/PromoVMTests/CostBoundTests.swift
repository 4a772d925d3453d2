import Foundation
import PromoBytecode
import PromoCompiler
import PromoDiagnostics
import PromoSemantics
import PromoVM
import Testing

/// The compiler's worst-case cost (PromoCompiler/Cost.swift) against the VM's own step count:
/// no receipt takes more steps than the figure, the figure is the bundle's step budget, each
/// effect's figure is reached by some receipt, and busy receipts come within a stated distance.
@Suite struct CostBoundTests {
    /// promos/ compiled once: the bundle's model, the loaded bundle and the cost.
    struct Compiled: Sendable {
        var model: BundleModel
        var bundle: LoadedBundle
        var cost: BundleCost
    }

    static let promos: Compiled? = {
        let folder = repositoryRoot.appendingPathComponent("promos")
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path).filter({ $0.hasSuffix(".promo") }).sorted(),
              let inputs = try? names.map({ SourceInput(path: "promos/" + $0, text: try String(contentsOf: folder.appendingPathComponent($0), encoding: .utf8)) }),
              let program = Frontend.check(inputs).program else { return nil }
        let model = BundleCompiler.compile(program)
        guard let bundle = try? LoadedBundle(bytes: BundleFormat.encode(model)) else { return nil }
        return Compiled(model: model, bundle: bundle, cost: BundleCompiler.cost(program, model: model))
    }()

    // MARK: - Receipts of every kind of goods promos/ names

    /// A receipt of `n` lines over the goods the bundle names: each category (some lines a
    /// subcategory of it), SKU, brand and flag in turn, weighed lines of 0.350 kg, excise lines
    /// with a minimum price, several units on a line; on `date`, with or without a card customer
    /// who has every segment, fact, counter and chips, and every coupon and code the promos ask for.
    static func receipt(_ m: BundleModel, lines n: Int, date: LocalDate, minute: Int, customer withCustomer: Bool,
                        store: Store) -> Receipt {
        let categories = m.categories.map { m.strings[Int($0)] }
        let brands = m.brands.map { m.strings[Int($0)] }
        let flags = m.flags.map { m.strings[Int($0)] }.filter { $0 != "excise" && $0 != "weighed" }
        var lines: [Line] = []
        for i in 0..<n {
            let category = categories.isEmpty ? nil : categories[i % categories.count] + (i % 3 == 0 ? "/Other" : "")
            let sku = i % 4 == 0 && !m.skus.isEmpty ? m.skus[(i / 4) % m.skus.count] : 500_000 + Int64(i)
            let price = 1_000 + Int64(i * 7_919 % 50_000)
            let weighed = i % 6 == 1
            let excise = i % 9 == 2
            lines.append(Line(sku: sku, category: category, brand: i % 5 == 0 && !brands.isEmpty ? brands[(i / 5) % brands.count] : nil,
                              price: price, quantity: weighed ? 350 : Int64(i % 5 + 1) * 1_000, excise: excise,
                              weighed: weighed, minPrice: excise ? price * 4 / 5 : nil,
                              flags: i % 7 == 3 && !flags.isEmpty ? [flags[(i / 7) % flags.count]] : []))
        }
        var coupons: [String] = [], codes: [String] = []
        for word in m.code {
            guard let ins = Instruction(word: word) else { continue }
            if ins.opcode == .coupon { coupons.append(m.strings[Int(ins.a)].replacingOccurrences(of: "*", with: "A1")) }
            if ins.opcode == .code { codes.append(m.strings[Int(ins.a)]) }
        }
        var customer: Customer?
        if withCustomer {
            var facts: [String: FactValue] = [:]
            for fact in m.facts {
                let key = m.strings[Int(fact.key)]
                switch fact.tag {
                case .money: facts[key] = .number(2_500_000)
                case .bool: facts[key] = .bool(true)
                case .date, .anniversary: facts[key] = .date(date)
                case .string: facts[key] = .text("Moscow")
                case .percent: facts[key] = .number(100_000)
                default: facts[key] = .number(5)
                }
            }
            customer = Customer(id: "c-1", card: true, name: "Анна", segments: m.strings, facts: Facts(facts),
                                counters: Dictionary(uniqueKeysWithValues: m.counters.map { (m.strings[Int($0)], Int64(9_000)) }),
                                bonusBalance: 500_000, chips: 1_000)
        }
        return Receipt(date: date, minute: minute, store: store, customer: customer,
                       coupons: coupons, codes: codes, redeem: withCustomer ? 300_000 : nil, lines: lines)
    }

    /// Days over the campaigns of promos/ (November 2026 to December 2027), at noon and in the
    /// evening, in a Moscow supermarket and a convenience store.
    static let days: [(LocalDate, Int, Store)] = {
        var days: [(LocalDate, Int, Store)] = []
        let stores = [Store(id: 751, format: "Supermarket", region: "Moscow", city: "Moscow"),
                      Store(id: 12, format: "Convenience", region: "Moscow", city: "Moscow", groups: ["North"])]
        for month in 0..<14 {
            let (year, m) = (2026 + (month + 10) / 12, (month + 10) % 12 + 1)
            for (k, day) in [3, 17].enumerated() {
                days.append((LocalDate(year: year, month: m, day: day), k == 1 ? 19 * 60 : 12 * 60, stores[(month + k) % 2]))
            }
        }
        return days
    }()

    // MARK: - Soundness on promos/

    /// The reasons of an eligibility prologue (`ACTIVE` … `IDENTIFIED`): a unit turned away with
    /// one of them ran its prologue only.
    static let prologueReasons: Set<Reason> = [.notActive, .outsideHours, .wrongWeekday, .wrongDayOfMonth,
                                               .wrongStore, .wrongChannel, .needsCustomer]

    /// The figure of what one evaluation ran: every restriction, each traced unit's figure (its
    /// instructions only when its prologue turned it away, nothing when an earlier promo
    /// stopped the rest) and the shared part.
    static func figureOfWhatRan(_ result: EvaluationResult, _ cost: BundleCost) -> StepFigure {
        let byUnit = Dictionary(uniqueKeysWithValues: cost.units.map { ($0.unit, $0) })
        var figure = cost.shared.reduce(StepFigure.zero) { $0 + $1.figure }
        for unit in cost.units where unit.kind == .restriction { figure += unit.figure }
        for entry in result.trace {
            guard let unit = byUnit[entry.unit] else { continue }
            if let reason = entry.reason, prologueReasons.contains(reason) {
                figure += StepFigure(base: unit.instructions)
            } else if entry.reason != .stopped {
                figure += unit.figure
            }
        }
        return figure
    }

    @Test func noReceiptPassesTheFigure() throws {
        let promos = try #require(Self.promos)
        var evaluator = Evaluator(bundle: promos.bundle)
        var busiest: (steps: Int64, lines: Int, day: LocalDate)?
        for size in [1, 30, 300, 2_000] {
            for (k, (date, minute, store)) in Self.days.enumerated() where size <= 30 || k % (size / 150) == 0 {
                for withCustomer in [false, true] {
                    let receipt = Self.receipt(promos.model, lines: size, date: date, minute: minute, customer: withCustomer, store: store)
                    let result = try evaluator.evaluate(receipt)
                    let bound = promos.cost.steps(lines: size)
                    #expect(result.steps <= bound, "\(size) lines on \(date): \(result.steps) steps, bound \(bound)")
                    #expect(!result.trace.contains { $0.reason == .stepBudget })
                    // Each unit's own figure bounds what it did: the figures of the units that
                    // ran bound the receipt.
                    let ran = Self.figureOfWhatRan(result, promos.cost).steps(lines: size)
                    #expect(result.steps <= ran, "\(size) lines on \(date): \(result.steps) steps, figure of what ran \(ran)")
                    if size == 2_000, busiest == nil || result.steps > busiest!.steps { busiest = (result.steps, size, date) }
                }
            }
        }
        // How close the per-line part comes. It counts a step per line for each of the set's
        // ~70 promos that discount lines, as if every line were in every one of their item sets
        // and every campaign ran at once; but the campaigns run in different months, stores and
        // hours, and a real line is in the item sets of a few promos, so a receipt of varied
        // goods takes a few steps a line. The busiest must still take at least 1/25 of the
        // per-line part: much looser than that, the figure would be no guide to a budget.
        // (The base is reached: see the lunch combo below.)
        let b = try #require(busiest)
        let perLine = StepFigure(perLine: promos.cost.perLine).steps(lines: b.lines)
        #expect(b.steps * 25 >= perLine, "busiest receipt (\(b.lines) lines on \(b.day)): \(b.steps) steps, per-line part \(perLine)")
    }

    /// The lunch combo at its worst: 10,000 sets from three lines of 10,000 units. The figure
    /// counts the sets; the old rough budget did not and ran out.
    @Test func aRepeatingBundleAtItsWorstStaysWithinTheFigure() throws {
        let promos = try #require(Self.promos)
        let combo = try #require(promos.cost.units.first { $0.name == "lunch_combo" })
        let lines = [Line(sku: 2001, category: "Food/Burgers", price: 18_900, quantity: 12_000_000),
                     Line(sku: 2101, category: "Food/Fries", price: 9_900, quantity: 12_000_000),
                     Line(sku: 2201, category: "Drinks/Soda", price: 7_900, quantity: 12_000_000)]
        let r = Receipt(date: LocalDate(year: 2026, month: 11, day: 20), minute: 13 * 60,
                        store: Store(id: 751, format: "Supermarket"), lines: lines)
        var evaluator = Evaluator(bundle: promos.bundle)
        let result = try evaluator.evaluate(r)
        #expect(result.applied("lunch_combo", in: promos.bundle))
        // 10,000 sets of 3 lines: 3 steps for the lines of each set, 3 for its discounts.
        #expect(result.steps >= 60_000)
        #expect(result.steps <= promos.cost.steps(lines: 3))
        #expect(combo.steps(lines: 3) >= 60_000)
        // This receipt is the busiest of all, and it takes nearly the whole figure: the set's
        // worst case is this bundle's.
        #expect(result.steps * 100 >= 95 * promos.cost.steps(lines: 3), "\(result.steps) of \(promos.cost.steps(lines: 3))")
        // The old budget, 2 × code + 64 + (sets + 4 × effects + 4) per line, was far below.
        let old = 2 * Int64(promos.model.code.count) + 64 + 3 * (Int64(promos.model.itemSets.count) + 4 * Int64(promos.model.effects.count) + 4)
        #expect(old < result.steps)
    }

    // MARK: - The budget is the figure

    @Test func theBudgetIsTheSumOfTheUnitsAndTheSharedPart() throws {
        let promos = try #require(Self.promos)
        let units = promos.cost.units.reduce(StepFigure.zero) { $0 + $1.figure }
        let shared = promos.cost.shared.reduce(StepFigure.zero) { $0 + $1.figure }
        #expect(promos.model.stepBase == units.base + shared.base)
        #expect(promos.model.stepPerLine == units.perLine + shared.perLine)
        #expect(promos.bundle.model.stepBase == promos.model.stepBase && promos.bundle.model.stepPerLine == promos.model.stepPerLine)
        // Every unit once, each with its instructions at least, and its place in the sources.
        #expect(promos.cost.units.count == promos.model.units.count)
        #expect(Set(promos.cost.units.map(\.unit)).count == promos.model.units.count)
        for unit in promos.cost.units {
            #expect(unit.base >= unit.instructions && unit.instructions > 0, "\(unit.name)")
            #expect(unit.span != nil, "\(unit.name)")
        }
        // Restrictions first, then by priority.
        let kinds = promos.cost.units.map(\.kind)
        #expect(kinds.firstIndex { $0 != .restriction } == kinds.filter { $0 == .restriction }.count)
        let priorities = promos.cost.units.filter { $0.kind == .promo }.map { promos.model.units[$0.unit].priority }
        #expect(priorities == priorities.sorted())
        // The same figures from the model alone.
        let fromModel = BundleCost(model: promos.model)
        #expect(fromModel.figure == promos.cost.figure)
        #expect(fromModel.units.map(\.figure) == promos.cost.units.map(\.figure))
    }

    // MARK: - Exact figures of small sets

    /// Compiles `source`, evaluates a receipt of `lines` and returns the steps with the figure,
    /// and both without the item sets. The item sets take `length × ⌈n / 64⌉` steps, which the
    /// figure rounds up to `length + ⌈length / 64⌉·n` (a whole step per line: loose for a tiny
    /// set, close for a real one); without them, the small sets' figures are exact.
    func measure(_ source: String, _ lines: [Line], customer: Customer? = nil,
                 sourceLocation: Testing.SourceLocation = #_sourceLocation)
        throws -> (steps: Int64, bound: Int64, cost: BundleCost, unitSteps: Int64, unitBound: Int64) {
        let result = Frontend.check([SourceInput(path: "case.promo", text: "currency RUB\n" + source)])
        let program = try #require(result.program, "\(result.diagnostics.map(\.message))", sourceLocation: sourceLocation)
        let model = BundleCompiler.compile(program)
        let bundle = try LoadedBundle(bytes: BundleFormat.encode(model))
        var evaluator = Evaluator(bundle: bundle)
        let r = Receipt(date: LocalDate(year: 2026, month: 11, day: 18), minute: 720, store: Store(id: 1), customer: customer, lines: lines)
        let outcome = try evaluator.evaluate(r)
        let cost = BundleCompiler.cost(program, model: model)
        #expect(model.stepBase == cost.base && model.stepPerLine == cost.perLine, sourceLocation: sourceLocation)
        #expect(outcome.steps <= cost.steps(lines: lines.count), sourceLocation: sourceLocation)
        let words = Int64(max(1, (lines.count + 63) / 64))
        let setSteps = Int64(model.itemSets.reduce(0) { $0 + $1.count }) * words
        let sets = try #require(cost.shared.first { $0.name == "item sets" })
        return (outcome.steps, cost.steps(lines: lines.count), cost, outcome.steps - setSteps,
                cost.steps(lines: lines.count) - sets.figure.steps(lines: lines.count))
    }

    static func goods(_ n: Int, quantity: Int64 = 1_000, category: String = "Food/Dairy") -> [Line] {
        (0..<n).map { Line(sku: Int64(100 + $0), category: category, price: Int64(10_000 + 100 * $0), quantity: quantity) }
    }

    @Test func aDiscountOnEveryLineTakesItsFigureExactly() throws {
        // EFFECT and HALT, and a discount on each line: 2 + n.
        for n in [1, 64, 65, 300] {
            let m = try measure("promo p \"P\" {\n  priority 1\n  discount 10% on all\n}\n", Self.goods(n))
            #expect(m.unitSteps == m.unitBound, "\(n) lines")
            #expect(m.unitSteps == 2 + Int64(n))
            #expect(m.cost.units[0].figure == StepFigure(base: 2, perLine: 1))
        }
    }

    @Test func anItemSetCostsItsProgramPerWordOfLines() throws {
        // One item set of one atom: 1 step per 64 lines, figured as 1 + 1·n (⌈1/64⌉ per line);
        // the discount on each line of the set and the two instructions.
        let m = try measure("promo p \"P\" {\n  priority 1\n  discount 10% on category \"Food\"\n}\n", Self.goods(128))
        #expect(m.steps == 2 + 128 + 2)
        #expect(m.cost.shared[0].figure == StepFigure(base: 1, perLine: 1))
        // `category "Food" except sku 7` is a program of 3 (two atoms and `except`): 3 steps for
        // each word of 64 lines, 2 words for 128 lines; figured as 3 + 1·n.
        let except = try measure("promo p \"P\" {\n  priority 1\n  discount 10% on category \"Food\" except sku 7\n}\n", Self.goods(128))
        #expect(except.steps == 2 + 128 + 3 * 2)
        #expect(except.cost.shared[0].figure == StepFigure(base: 3, perLine: 1))
        #expect(except.bound == 2 + 128 + 3 + 128)
    }

    @Test func aRepeatingBundleCountsItsSets() throws {
        // 1 of A + 1 of B, repeating: at most 10,000 sets of 2 lines, 4 steps each.
        let source = """
            promo combo "Combo" {
              priority 1
              bundle { 1 of sku 1, 1 of sku 2 } price 1.00
            }

            """
        let lines = [Line(sku: 1, price: 10_000, quantity: 20_000_000), Line(sku: 2, price: 10_000, quantity: 20_000_000)]
        let m = try measure(source, lines)
        #expect(m.unitSteps == m.unitBound)
        #expect(m.cost.units[0].figure == StepFigure(base: 2 + 4 * 10_000))
        // With `limit 3 per receipt`, three sets.
        let limited = try measure(source.replacingOccurrences(of: "priority 1\n", with: "priority 1\n  limit 3 per receipt\n"), lines)
        #expect(limited.unitSteps == limited.unitBound)
        #expect(limited.cost.units[0].figure == StepFigure(base: 3 + 4 * 3))
    }

    @Test func picksAndNPlusMCountTheLinesTheyCanReach() throws {
        // The cheapest 2 units lie on at most 2 lines, whatever the receipt.
        let cheapest = try measure("promo p \"P\" {\n  priority 1\n  discount 50% on 2 cheapest of all\n}\n", Self.goods(40))
        #expect(cheapest.cost.units[0].figure == StepFigure(base: 2 + 2))
        #expect(cheapest.unitSteps == cheapest.unitBound)
        // 2+1 repeating rewards a unit on up to every line.
        let buyGet = try measure("promo p \"P\" {\n  priority 1\n  buy 2 of all get 1 free cheapest\n}\n", Self.goods(30))
        #expect(buyGet.cost.units[0].figure == StepFigure(base: 2, perLine: 1))
        // 30 lines of one unit each: 10 groups of 3, the cheapest unit of each free.
        #expect(buyGet.unitSteps == 2 + 10)
        // 3 units on each line, at its own price: each group of 3 is one line's, a unit of each
        // line free, every line discounted.
        let everyLine = try measure("promo p \"P\" {\n  priority 1\n  buy 2 of all get 1 free cheapest\n}\n",
                                    Self.goods(30, quantity: 3_000))
        #expect(everyLine.unitSteps == 2 + 30)
        #expect(everyLine.unitSteps == everyLine.unitBound)
    }

    @Test func aReceiptDiscountAndAFixedPriceReachEveryLine() throws {
        for effect in ["discount 10% on receipt", "discount 100.00 on receipt", "price 1.00 on all"] {
            let m = try measure("promo p \"P\" {\n  priority 1\n  \(effect)\n}\n", Self.goods(90))
            #expect(m.cost.units[0].figure == StepFigure(base: 2, perLine: 1), "\(effect)")
            #expect(m.unitSteps == 2 + 90, "\(effect)")
        }
        // Rounding spreads what is over the step on the lines: a step for each line given a share.
        let round = try measure("promo p \"P\" {\n  priority 1\n  round down to 10.00\n}\n", Self.goods(90))
        #expect(round.cost.units[0].figure == StepFigure(base: 2, perLine: 1))
        #expect(round.unitSteps <= round.unitBound)
    }

    @Test func aBestOfGroupCountsItsBestMemberRunAgain() throws {
        // Both members apply; the first is the better, so it runs again after the second's trial.
        let source = """
            promo big "Big" {
              priority 1
              best of personal
              discount 20% on all
            }
            promo small "Small" {
              priority 2
              best of personal
              discount 10% on all
            }

            """
        let m = try measure(source, Self.goods(10))
        #expect(m.unitSteps == 3 * (2 + 10))
        #expect(m.unitSteps == m.unitBound)
        #expect(m.cost.shared.map(\.figure) == [StepFigure(base: 1, perLine: 1), StepFigure(base: 2, perLine: 1)])
    }
}
