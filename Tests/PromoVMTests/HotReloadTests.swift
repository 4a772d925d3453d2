import Dispatch
import Foundation
import PromoCompiler
import PromoSemantics
import PromoVM
import Synchronization
import Testing

/// Hot reload: a new bundle replaces the old one while evaluators run on other threads; every
/// evaluation gives exactly the old bundle's result or exactly the new one's.
@Suite struct HotReloadTests {
    /// What the threads count, shared by reference.
    final class Counters: Sendable {
        let evaluations = Atomic<Int>(0), done = Atomic<Bool>(false)
        let sawOld = Atomic<Int>(0), sawNew = Atomic<Int>(0), mixed = Atomic<Int>(0), failed = Atomic<Int>(0)
    }

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
        let c = Counters()
        let workers = 3
        let group = DispatchGroup()
        // The checkout threads: real threads, so that each makes progress whatever the load.
        for _ in 0..<workers {
            group.enter()
            Thread.detachNewThread {
                var evaluator = SlotEvaluator(slot: slot)
                while !c.done.load(ordering: .acquiring) {
                    do {
                        let result = try evaluator.evaluate(Self.basket)
                        if result == oldResult {
                            c.sawOld.add(1, ordering: .relaxed)
                        } else if result == newResult {
                            c.sawNew.add(1, ordering: .relaxed)
                        } else {
                            c.mixed.add(1, ordering: .relaxed)
                        }
                    } catch {
                        c.failed.add(1, ordering: .relaxed)
                    }
                    c.evaluations.add(1, ordering: .releasing)
                }
                group.leave()
            }
        }
        // The till's update thread (this one): 300 swaps, each after at least 4 more evaluations.
        for swap in 0..<300 {
            let seen = c.evaluations.load(ordering: .acquiring)
            while c.evaluations.load(ordering: .acquiring) < seen + 4 {}
            slot.replace(with: swap % 2 == 0 ? new : old)
        }
        c.done.store(true, ordering: .releasing)
        group.wait()
        #expect(c.mixed.load(ordering: .relaxed) == 0)
        #expect(c.failed.load(ordering: .relaxed) == 0)
        #expect(c.sawOld.load(ordering: .relaxed) > 0)
        #expect(c.sawNew.load(ordering: .relaxed) > 0)
        #expect(c.sawOld.load(ordering: .relaxed) + c.sawNew.load(ordering: .relaxed) >= 1_200)
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

    /// A trace of applied promos only is kept across bundles: the evaluator made for the new
    /// bundle traces as the old one did.
    @Test func theTraceDetailIsKeptForANewBundle() throws {
        // A second promo on dairy that needs 1,000.00 of it: a candidate that does not apply.
        func bundle(_ percent: Int) throws -> LoadedBundle {
            let source = """
                currency RUB

                promo dairy_sale {
                  priority 10
                  discount \(percent)% on category "Food/Dairy"
                }

                promo big_dairy {
                  priority 20
                  when     spend(category "Food/Dairy") >= 1000.00
                  discount 5% on category "Food/Dairy"
                }

                """
            let program = try #require(Frontend.check([SourceInput(path: "r.promo", text: source)]).program)
            return try LoadedBundle(bytes: BundleCompiler.bytes(program))
        }
        let old = try bundle(20), new = try bundle(35)
        let slot = BundleSlot(old)
        var evaluator = SlotEvaluator(slot: slot)
        evaluator.traceDetail = .applied
        var full = Evaluator(bundle: new)
        let all = try full.evaluate(Self.basket)
        slot.replace(with: new)
        let applied = try evaluator.evaluate(Self.basket)
        #expect(evaluator.evaluator.bundle === new && evaluator.traceDetail == .applied)
        #expect(applied.discountTotal == 7_000)
        #expect(applied.trace == all.trace.filter(\.applied))
        #expect(all.trace.count == 2 && applied.trace.count == 1)
    }
}
