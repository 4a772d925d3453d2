import Dispatch
import PromoCompiler
import PromoSemantics
import PromoVM
import Synchronization
import Testing

/// Hot reload: a new bundle replaces the old one while evaluators run on other threads; every
/// evaluation gives exactly the old bundle's result or exactly the new one's.
@Suite struct HotReloadTests {
    static func bundle(dairy: Int, bread: Int) throws -> LoadedBundle {
        let source = """
            currency RUB

            promo dairy_sale {
              priority 10
              discount \(dairy)% on category "Food/Dairy"
            }

            promo bread_sale {
              priority 20
              discount \(bread)% on category "Food/Bread"
            }

            """
        let program = try #require(Frontend.check([SourceInput(path: "r.promo", text: source)]).program)
        return try LoadedBundle(bytes: BundleCompiler.bytes(program))
    }

    static let basket = receipt([
        Line(sku: 1, category: "Food/Dairy/Milk", price: 10_000, quantity: 2000),
        Line(sku: 2, category: "Food/Bread", price: 5_000, quantity: 1000),
    ])

    @Test func everyEvaluationSeesOneWholeBundle() throws {
        let old = try Self.bundle(dairy: 20, bread: 10), new = try Self.bundle(dairy: 35, bread: 5)
        var plain = Evaluator(bundle: old)
        let oldResult = try plain.evaluate(Self.basket)
        plain = Evaluator(bundle: new)
        let newResult = try plain.evaluate(Self.basket)
        // 20% of 200.00 + 10% of 50.00 = 45.00; 35% of 200.00 + 5% of 50.00 = 72.50.
        #expect(oldResult.discountTotal == 4_500)
        #expect(newResult.discountTotal == 7_250)

        let slot = BundleSlot(old)
        let evaluations = Atomic<Int>(0), done = Atomic<Bool>(false)
        let sawOld = Atomic<Int>(0), sawNew = Atomic<Int>(0), mixed = Atomic<Int>(0), failed = Atomic<Int>(0)
        let workers = 3
        DispatchQueue.concurrentPerform(iterations: workers + 1) { k in
            if k == 0 {
                // The till's update thread: 300 swaps, each after a few evaluations ran.
                for swap in 0..<300 {
                    // (Bounded, so that a machine running the iterations one after another cannot hang.)
                    let seen = evaluations.load(ordering: .acquiring)
                    var spins = 0
                    while evaluations.load(ordering: .acquiring) < seen + 4 && spins < 10_000_000 { spins += 1 }
                    slot.replace(with: swap % 2 == 0 ? new : old)
                }
                done.store(true, ordering: .releasing)
                return
            }
            var evaluator = SlotEvaluator(slot: slot)
            while !done.load(ordering: .acquiring) {
                do {
                    let result = try evaluator.evaluate(Self.basket)
                    if result == oldResult {
                        sawOld.add(1, ordering: .relaxed)
                    } else if result == newResult {
                        sawNew.add(1, ordering: .relaxed)
                    } else {
                        mixed.add(1, ordering: .relaxed)
                    }
                } catch {
                    failed.add(1, ordering: .relaxed)
                }
                evaluations.add(1, ordering: .releasing)
            }
        }
        #expect(mixed.load(ordering: .relaxed) == 0)
        #expect(failed.load(ordering: .relaxed) == 0)
        #expect(sawOld.load(ordering: .relaxed) > 0)
        #expect(sawNew.load(ordering: .relaxed) > 0)
        #expect(sawOld.load(ordering: .relaxed) + sawNew.load(ordering: .relaxed) >= 1_200)
        // The slot holds the last bundle put in it: 300 swaps end on the old one.
        #expect(slot.bundle === old)
    }

    @Test func anEvaluatorFollowsTheSlotAndKeepsItsBuffersOtherwise() throws {
        let old = try Self.bundle(dairy: 20, bread: 10), new = try Self.bundle(dairy: 35, bread: 5)
        let slot = BundleSlot(old)
        var evaluator = SlotEvaluator(slot: slot)
        #expect(try evaluator.evaluate(Self.basket).discountTotal == 4_500)
        #expect(evaluator.evaluator.bundle === old)
        slot.replace(with: new)
        #expect(try evaluator.evaluate(Self.basket).discountTotal == 7_250)
        #expect(evaluator.evaluator.bundle === new)
    }
}
