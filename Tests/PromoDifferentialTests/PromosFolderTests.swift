import Foundation
import PromoSemantics
import PromoVM
import Testing

/// The repository's root, from this file's place.
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// The chain's promo set of promos/ with generated receipts: its lines, dates and stores taken
/// from the set's own test blocks, the customers generated as for random sets.
@Suite struct PromosFolderTests {
    static func promoFiles() throws -> [SourceInput] {
        let folder = repositoryRoot.appendingPathComponent("promos")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".promo") }.sorted()
        return try names.map { SourceInput(path: "promos/" + $0, text: try String(contentsOf: folder.appendingPathComponent($0), encoding: .utf8)) }
    }

    /// What the receipt generator needs to know of a checked program it did not generate.
    static func description(of program: Program) -> (GeneratedSet, [Universe.Product], [(date: LocalDate, minute: Int)], [Store]) {
        var set = GeneratedSet(declarations: [])
        var products: [Int64: Universe.Product] = [:]
        var moments: [(date: LocalDate, minute: Int)] = []
        var stores: [Store] = []
        for test in program.tests {
            let r = test.receipt
            moments.append((LocalDate(year: r.date.year, month: r.date.month, day: r.date.day), r.time.hour * 60 + r.time.minute))
            stores.append(Store(id: r.store, format: r.format, region: r.region, city: r.city, groups: r.groups))
            set.coupons += r.coupons
            set.codes += r.codes
            for l in test.lines where products[l.sku] == nil {
                products[l.sku] = Universe.Product(sku: l.sku, category: l.category ?? "", brand: l.brand, price: l.price.minor,
                                                   weighed: l.weighed, excise: l.excise, minPrice: l.minPrice?.minor, flags: l.flags)
            }
        }
        set.counters = program.counters
        set.usageNames = program.promos.filter { !$0.eligibility.limits.isEmpty }.map(\.name)
            + program.restrictions.filter { $0.rules.contains { $0.per != nil } }.map(\.name)
        set.tiers = program.tiers.map { (name: $0.name, levels: $0.levels.map(\.name)) }
        return (set, products.values.sorted { $0.sku < $1.sku }, moments, stores)
    }

    @Test func generatedReceiptsOnPromosFolder() throws {
        let (compiled, problem) = CompiledSet.compile(try Self.promoFiles())
        let set = try #require(compiled, Comment(rawValue: problem))
        let (described, products, moments, stores) = Self.description(of: set.program)
        #expect(products.count > 50)
        let seed = RunSettings.seed &+ 2
        let count = max(10, RunSettings.cases(default: 2_000) / 5)
        var rng = SplitMix64(seed: seed)
        var mismatches: [String] = []
        var broken: [String] = []
        var applied = 0, shuffled = 0, decided = 0
        for k in 0..<count {
            let receipt = ReceiptGenerator.receipt(&rng, set: described, bundle: set.bundle, distinctAmounts: k % 2 == 0,
                                                   products: products, moments: moments, stores: stores)
            let vm = Differential.vm(set, receipt)
            let differences = Differential.differences(vm: vm, reference: Differential.reference(set, receipt), names: set.bundle.unitNames)
            if !differences.isEmpty {
                mismatches.append("MISMATCH on promos/: seed \(seed), receipt \(k)\n--- receipt\n" + Differential.json(receipt, bundle: set.bundle)
                                  + "\n--- differences\n" + differences.joined(separator: "\n"))
            }
            guard case .result(let result) = vm else { continue }
            if !result.lineDiscounts.isEmpty { applied += 1 }
            let problems = Properties.violations(of: result, receipt: receipt, set: set)
            if !problems.isEmpty {
                broken.append("PROPERTY on promos/: seed \(seed), receipt \(k)\n" + Differential.json(receipt, bundle: set.bundle) + "\n"
                              + problems.joined(separator: "\n"))
            }
            // Line order: the receipts with distinct line amounts, shuffled; compared unless
            // the semantics decided something by line order (the reference tells).
            guard k % 2 == 0, receipt.lines.count > 1 else { continue }
            var order = Array(receipt.lines.indices)
            rng.shuffle(&order)
            var other = receipt
            other.lines = order.map { receipt.lines[$0] }
            guard case .result(let r) = Differential.vm(set, other) else { continue }
            guard !Differential.decidedByLineOrder(set, receipt), !Differential.decidedByLineOrder(set, other) else {
                decided += 1
                continue
            }
            shuffled += 1
            let problems2 = Differential.compareShuffled(result, r, order: order, names: set.bundle.unitNames)
            if !problems2.isEmpty {
                broken.append("LINE ORDER on promos/: seed \(seed), receipt \(k), order \(order)\n" + Differential.json(receipt, bundle: set.bundle)
                              + "\n" + problems2.joined(separator: "\n"))
            }
        }
        print("promos/: seed \(seed), \(count) receipts, \(applied) with discounts, \(shuffled) shuffled and compared (\(decided) more decided by line order), \(mismatches.count) mismatches, \(broken.count) broken properties")
        for text in (broken.prefix(3) + mismatches.prefix(3)) { print(text) }
        #expect(applied > count / 4)
        #expect(shuffled > count / 10)
        #expect(broken.isEmpty)
        #expect(mismatches.isEmpty)
    }
}
