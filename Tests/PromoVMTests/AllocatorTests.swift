@testable import PromoVM
import Testing

/// The allocator spreads an amount by largest remainder exactly as the plain method does: shares
/// rounded down, then one minor unit each to the largest remainders, earlier lines first among
/// equals, again among the lines with room while any line's capacity cuts its share.
@Suite struct AllocatorTests {
    struct Generator {
        var state: UInt64
        mutating func next(_ bound: Int64) -> Int64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int64((state >> 33) % UInt64(bound))
        }
    }

    /// The plain method: a stable sort of the lines by remainder, largest first.
    static func reference(_ total: Int64, _ weights: [Int64], _ capacities: [Int64]) -> (shares: [Int64], left: Int64) {
        let n = weights.count
        var share = [Int64](repeating: 0, count: n)
        var left = total
        while left > 0 {
            let open = (0..<n).filter { weights[$0] > 0 && capacities[$0] > share[$0] }
            let sum = open.reduce(Int64(0)) { $0 + weights[$1] }
            if sum == 0 { break }
            var round = [Int64](repeating: 0, count: n)
            var remainder = [Int64](repeating: 0, count: n)
            for i in open {
                let product = left.multipliedFullWidth(by: weights[i])
                (round[i], remainder[i]) = sum.dividingFullWidth(product)
            }
            var extra = left - open.reduce(Int64(0)) { $0 + round[$1] }
            // Sorting by (remainder descending, line ascending) is stable by construction.
            for i in open.sorted(by: { (remainder[$0], -$0) > (remainder[$1], -$1) }) where extra > 0 {
                round[i] += 1
                extra -= 1
            }
            var overflow: Int64 = 0
            for i in open {
                let given = min(round[i], capacities[i] - share[i])
                share[i] += given
                overflow += round[i] - given
            }
            if overflow == left { break }
            left = overflow
        }
        return (share, left)
    }

    @Test func matchesThePlainMethod() {
        var g = Generator(state: 0x5EED_0A11_0CA7_0001)
        var allocator = Allocator()
        var cases = 0, withTies = 0, cut = 0
        for round in 0..<3000 {
            let n = Int(1 + g.next(round % 3 == 0 ? 200 : 40))
            // Small weights give many equal remainders; large ones give distinct ones.
            let spread: Int64 = [3, 10, 1000, 1_000_000_000][round % 4]
            let weights = (0..<n).map { _ in g.next(5) == 0 ? 0 : 1 + g.next(spread) }
            let total = g.next(round % 5 == 0 ? 1_000_000_000_000 : 10_000)
            let capacities = (0..<n).map { _ in g.next(3) == 0 ? g.next(total / Int64(n) + 2) : Int64.max }
            let expected = Self.reference(total, weights, capacities)
            let left = allocator.allocate(total, weights: weights, capacities: capacities)
            #expect(Array(allocator.shares.prefix(n)) == expected.shares, "case \(round): \(total) over \(weights) capped at \(capacities)")
            #expect(left == expected.left, "case \(round)")
            cases += 1
            if Set(weights.filter { $0 > 0 }).count < weights.filter({ $0 > 0 }).count { withTies += 1 }
            if capacities.contains(where: { $0 != .max }) { cut += 1 }
        }
        // The cases cover equal weights and capacities that cut.
        #expect(cases == 3000 && withTies > 1000 && cut > 1000)
    }

    @Test func moreLinesThanTheRangeCountersHold() {
        var g = Generator(state: 0xB16_0000_0000_0001)
        let weights = (0..<70_000).map { _ in 1 + g.next(7) }
        let capacities = (0..<70_000).map { _ in g.next(4) == 0 ? g.next(20) : Int64.max }
        var allocator = Allocator()
        let left = allocator.allocate(1_234_567, weights: weights, capacities: capacities)
        let expected = Self.reference(1_234_567, weights, capacities)
        #expect(Array(allocator.shares.prefix(70_000)) == expected.shares && left == expected.left)
    }

    @Test func largestRemainderPrefersEarlierLinesAmongEquals() {
        var allocator = Allocator()
        // 10 over three equal weights: 3 each and one left, which goes to the first line.
        _ = allocator.allocate(10, weights: [1, 1, 1], capacities: [.max, .max, .max])
        #expect(Array(allocator.shares.prefix(3)) == [4, 3, 3])
        // 11 over weights 1, 2, 1, 2: remainders 5, 4, 5, 4 of 6 -> the first and third lines.
        _ = allocator.allocate(11, weights: [1, 2, 1, 2], capacities: [.max, .max, .max, .max])
        #expect(Array(allocator.shares.prefix(4)) == [2, 4, 2, 3])
        // A capped line: its excess goes round again among the others.
        let left = allocator.allocate(100, weights: [1, 1, 1, 1], capacities: [5, .max, .max, .max])
        #expect(Array(allocator.shares.prefix(4)) == [5, 32, 32, 31] && left == 0)
    }

    @Test func selectsTheKthLargest() {
        var g = Generator(state: 0xC0FF_EE00_1234_5678)
        for round in 0..<2000 {
            let n = Int(1 + g.next(64))
            let values = (0..<n).map { _ in g.next(round % 2 == 0 ? 4 : 1_000_000) }
            let k = Int(1 + g.next(Int64(n)))
            var scratch = values
            let found = scratch.withUnsafeMutableBufferPointer { Allocator.largest(k, of: $0, count: n) }
            #expect(found == values.sorted(by: >)[k - 1], "\(k)-th largest of \(values)")
        }
    }
}
