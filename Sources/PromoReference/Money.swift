// Exact integer arithmetic for the reference evaluator: money in minor units, percents in
// millionths, quantities in thousandths (docs/mechanics.md, "How a receipt is evaluated": "Everything
// is integer arithmetic"). Products are taken at 128 bits, so nothing here can overflow on the way;
// a result too large for an amount is held at the largest amount.

enum Exact {
    /// The largest amount: what a product that does not fit becomes.
    static let largest = Int64.max

    /// `value` as an amount, held at the largest (or smallest) amount when it does not fit.
    static func clamp(_ value: Int128) -> Int64 {
        if value > Int128(Int64.max) { return Int64.max }
        if value < Int128(Int64.min) { return Int64.min }
        return Int64(value)
    }

    /// `a × b / c` rounded down, for `a`, `b` ≥ 0 and `c` > 0.
    static func mulDivDown(_ a: Int64, _ b: Int64, _ c: Int64) -> Int64 {
        clamp(Int128(a) * Int128(b) / Int128(c))
    }

    /// `a × b / c` rounded half up (a half goes up), for `a`, `b` ≥ 0 and `c` > 0: mechanics.md
    /// rule 4, "a percent of a line is rounded half up to the minor unit".
    static func mulDivHalfUp(_ a: Int64, _ b: Int64, _ c: Int64) -> Int64 {
        let product = Int128(a) * Int128(b)
        let q = product / Int128(c), r = product % Int128(c)
        return clamp(2 * r >= Int128(c) ? q + 1 : q)
    }

    /// `a × b / c` rounded half up, or nil when it does not fit an amount or an operand is
    /// negative.
    static func mulDivHalfUpChecked(_ a: Int64, _ b: Int64, _ c: Int64) -> Int64? {
        guard a >= 0, b >= 0, c > 0 else { return nil }
        let product = Int128(a) * Int128(b)
        let q = product / Int128(c), r = product % Int128(c)
        let rounded = 2 * r >= Int128(c) ? q + 1 : q
        return rounded <= Int128(Int64.max) ? Int64(rounded) : nil
    }

    /// `millionths` of `amount`, half up to the minor unit (15% of 36.90 = 5.535 → 5.54).
    static func percent(_ amount: Int64, _ millionths: Int64) -> Int64 {
        mulDivHalfUp(amount, millionths, 1_000_000)
    }

    /// A price times a quantity in thousandths, half up (mechanics.md rule 6: "a line's amount
    /// is price × quantity rounded half up to the minor unit"); the largest amount when it does
    /// not fit.
    static func amount(price: Int64, quantity: Int64) -> Int64 {
        mulDivHalfUpChecked(price, quantity, 1000) ?? largest
    }

    /// `a × b`, held at the largest amount when it does not fit.
    static func times(_ a: Int64, _ b: Int64) -> Int64 {
        let (v, overflow) = a.multipliedReportingOverflow(by: b)
        return overflow ? largest : v
    }

    /// The sum of amounts (the receipt's amounts never come near the limit).
    static func sum(_ values: [Int64]) -> Int64 {
        clamp(values.reduce(Int128(0)) { $0 + Int128($1) })
    }
}

/// Splits an amount over lines in proportion to their weights, to the minor unit, by the
/// largest remainder, giving no line more than its room (BRIEF.md, "How a receipt is
/// evaluated", step 5; mechanics.md rule 4 and "Receipt discount, amount from a threshold").
///
/// Each round spreads what is left over the lines that still have room and a weight: every
/// line gets its share rounded down, the minor units left over go one each to the largest
/// remainders, equal remainders to the line higher on the receipt (the lower index). A share
/// larger than a line's room is cut to it, and what was cut goes round again among the lines
/// that still have room. What no line can take is returned.
struct Allocation {
    var shares: [Int64]
    /// What could not be placed.
    var left: Int64
    /// Whether the place of some minor unit was decided by line order: equal remainders on
    /// either side of the last unit handed out.
    var tied = false

    init(_ total: Int64, weights: [Int64], rooms: [Int64]) {
        let n = weights.count
        shares = [Int64](repeating: 0, count: n)
        left = total
        func open(_ i: Int) -> Bool { weights[i] > 0 && rooms[i] > shares[i] }
        while left > 0 {
            let lines = (0..<n).filter(open)
            let weightSum = lines.reduce(Int128(0)) { $0 + Int128(weights[$1]) }
            guard weightSum > 0 else { break }
            // Each open line's share rounded down, and its remainder.
            var floorShare: [Int: Int128] = [:], remainder: [Int: Int128] = [:]
            var placed: Int128 = 0
            for i in lines {
                let product = Int128(left) * Int128(weights[i])
                floorShare[i] = product / weightSum
                remainder[i] = product % weightSum
                placed += product / weightSum
            }
            // The minor units left by rounding down: to the largest remainders, the line
            // higher on the receipt first among equals.
            var extra = Int128(left) - placed
            let byRemainder = lines.sorted { remainder[$0]! != remainder[$1]! ? remainder[$0]! > remainder[$1]! : $0 < $1 }
            if extra > 0, Int(extra) < byRemainder.count,
               remainder[byRemainder[Int(extra) - 1]]! == remainder[byRemainder[Int(extra)]]! {
                tied = true
            }
            var bonus: Set<Int> = []
            for i in byRemainder where extra > 0 {
                bonus.insert(i)
                extra -= 1
            }
            // Each share cut to its line's room; the excess goes round again.
            var overflow: Int64 = 0
            for i in lines {
                let wanted = Int64(floorShare[i]!) + (bonus.contains(i) ? 1 : 0)
                let given = min(wanted, rooms[i] - shares[i])
                shares[i] += given
                overflow += wanted - given
            }
            if overflow == left { break }
            left = overflow
        }
    }
}
