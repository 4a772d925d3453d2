@testable import PromoVM
import Testing

/// The 64-bit fast paths of the money arithmetic give what the 128-bit computation gives.
@Suite struct ExactTests {
    /// `a * b / c` half up, the long way: the full 128-bit product, always.
    static func reference(_ a: Int64, _ b: Int64, _ c: Int64) -> Int64? {
        guard a >= 0, b >= 0, c > 0 else { return nil }
        let product = a.magnitude.multipliedFullWidth(by: b.magnitude)
        guard product.high < c.magnitude else { return nil }
        var (q, r) = c.magnitude.dividingFullWidth(product)
        if r >= c.magnitude - r { q += 1 }
        return q <= UInt64(Int64.max) ? Int64(q) : nil
    }

    @Test func dividingByAReciprocalIsExact() {
        var state: UInt64 = 0x0FED_CBA9_8765_4321
        func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state
        }
        let edges: [UInt64] = [1, 2, 3, 7, 10, 1000, 1 << 32, (1 << 63) - 1, 1 << 63, UInt64.max - 1, UInt64.max]
        var divisors = edges
        for k in 0..<300 { divisors.append(max(1, next() >> UInt64(k % 64))) }
        for d in divisors {
            let reciprocal = Exact.reciprocal(d)
            var numbers: [UInt64] = [0, 1, d - 1, d, UInt64.max, UInt64.max - 1, UInt64.max / d * d, UInt64.max / d * d &- 1]
            for k in 0..<60 { numbers.append(next() >> UInt64(k % 64)) }
            for x in numbers {
                let (q, r) = Exact.divide(x, by: d, reciprocal: reciprocal)
                #expect(q == x / d && r == x % d, "\(x) / \(d)")
            }
        }
    }

    @Test func halfUpMatchesTheFullWidthComputation() {
        var state: UInt64 = 0x1234_5678_9ABC_DEF0
        func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state
        }
        var compared = 0, wide = 0
        for k in 0..<20_000 {
            // Small, large and near-overflow operands, so both paths are taken.
            let shift = UInt64(k % 4) * 20
            let a = Int64(next() >> (1 + shift)), b = Int64(next() >> (34 - min(shift, 33)))
            let c = max(1, Int64(next() >> UInt64(40 + k % 23)))
            #expect(Exact.mulDivHalfUpChecked(a, b, c) == ExactTests.reference(a, b, c), "\(a) * \(b) / \(c)")
            if a.multipliedReportingOverflow(by: b).overflow { wide += 1 }
            compared += 1
        }
        #expect(compared == 20_000)
        #expect(wide > 1000 && wide < 19_000)
        // Exact halves round up; the divisor 1 never rounds.
        #expect(Exact.mulDivHalfUpChecked(5, 1, 2) == 3)
        #expect(Exact.mulDivHalfUpChecked(4, 1, 3) == 1)
        #expect(Exact.mulDivHalfUpChecked(Int64.max, 1, 1) == Int64.max)
        #expect(Exact.mulDivHalfUpChecked(-1, 1, 1) == nil)
        // Quotients past the largest amount are no value (they used to stop the process).
        #expect(Exact.mulDivHalfUpChecked(10_000_000_000_000, 1_000_000_000, 1000) == nil)
        #expect(Exact.mulDivHalfUpChecked(Int64.max, 3, 2) == nil)
    }
}
