/// Exact integer arithmetic for money: products are taken at 128 bits, so nothing overflows
/// between the multiplication and the division, and rounding is explicit.
enum Exact {
    /// `a * b / c` rounded half up, for non-negative `a`, `b` and positive `c`.
    @inline(__always)
    static func mulDivHalfUp(_ a: Int64, _ b: Int64, _ c: Int64) -> Int64 {
        let (q, r) = mulDiv(a, b, c)
        return r.magnitude * 2 >= c.magnitude ? q + 1 : q
    }

    /// `a * b / c` rounded down, and the remainder, for non-negative `a`, `b` and positive `c`.
    @inline(__always)
    static func mulDiv(_ a: Int64, _ b: Int64, _ c: Int64) -> (quotient: Int64, remainder: Int64) {
        // Most products fit in 64 bits, where dividing is several times cheaper.
        let (narrow, overflow) = a.multipliedReportingOverflow(by: b)
        if !overflow { return (narrow / c, narrow % c) }
        let product = a.multipliedFullWidth(by: b)
        // The quotient fits: callers keep a * b / c within the range of amounts.
        let (q, r) = c.dividingFullWidth(product)
        return (q, r)
    }

    /// `a * b / c` rounded half up, or nil when it does not fit in 64 bits.
    @inline(__always)
    static func mulDivHalfUpChecked(_ a: Int64, _ b: Int64, _ c: Int64) -> Int64? {
        guard a >= 0, b >= 0, c > 0 else { return nil }
        let (narrow, overflow) = a.multipliedReportingOverflow(by: b)
        if !overflow {
            // Fits in 64 bits: the quotient is at most the product, so rounding up cannot overflow
            // unless the divisor is 1 (then the remainder is 0).
            let (q, r) = (narrow / c, narrow % c)
            return r >= c - r ? q + 1 : q
        }
        // Unsigned: the quotient fits in 64 bits when the high word is below the divisor, and
        // then it must still fit in a signed amount.
        let product = a.magnitude.multipliedFullWidth(by: b.magnitude)
        let divisor = c.magnitude
        guard product.high < divisor else { return nil }
        let (q, r) = divisor.dividingFullWidth(product)
        let rounded = r >= divisor - r ? q &+ 1 : q
        // q + 1 wraps only from UInt64.max, far past any amount.
        guard rounded != 0 || q == 0, rounded <= UInt64(Int64.max) else { return nil }
        return Int64(rounded)
    }

    /// `percent` (millionths) of `amount`, half up to the minor unit.
    @inline(__always)
    static func percent(_ amount: Int64, _ millionths: Int64) -> Int64 {
        mulDivHalfUp(amount, millionths, 1_000_000)
    }

    /// A unit price times a quantity in thousandths, half up: the amount of a line (the largest
    /// amount when it does not fit).
    @inline(__always)
    static func amount(price: Int64, quantity: Int64) -> Int64 {
        mulDivHalfUpChecked(price, quantity, 1000) ?? .max
    }

    /// A divisor prepared for dividing many numbers by it: `floor(2^64 / d)`, for `d` of 2 or
    /// more (0 for 1, which needs no division).
    @inline(__always)
    static func reciprocal(_ d: UInt64) -> UInt64 {
        d > 1 ? d.dividingFullWidth((high: 1, low: 0)).quotient : 0
    }

    /// `x / d` and `x % d` by multiplying with `reciprocal(d)`: the estimate is the quotient or
    /// one less, and one comparison tells which.
    @inline(__always)
    static func divide(_ x: UInt64, by d: UInt64, reciprocal: UInt64) -> (quotient: UInt64, remainder: UInt64) {
        if d == 1 { return (x, 0) }
        var q = x.multipliedFullWidth(by: reciprocal).high
        var r = x &- q &* d
        if r >= d {
            q += 1
            r -= d
        }
        return (q, r)
    }

    /// `a * b`, the largest value when it does not fit.
    @inline(__always)
    static func times(_ a: Int64, _ b: Int64) -> Int64 {
        let (v, overflow) = a.multipliedReportingOverflow(by: b)
        return overflow ? .max : v
    }
}

/// Splits an amount over lines in proportion to their weights, to the minor unit, by the
/// largest remainder, never giving a line more than its capacity. What cannot be placed (every
/// line is full) is returned. Its buffers live in a ``Memory`` and grow as needed, so that an
/// allocation makes no uniqueness check and no copy.
struct Allocator {
    private let memory: Memory
    private var capacity = 64
    /// The shares of the last allocation (its first `weights.count` entries).
    private(set) var shares: UnsafeMutableBufferPointer<Int64>
    // Per open line, by its place among the open lines: the share rounded down, the remainder,
    // scratch for selecting among remainders; and the open lines themselves.
    private var round: UnsafeMutablePointer<Int64>
    private var remainders: UnsafeMutablePointer<Int64>
    private var keys: UnsafeMutablePointer<Int64>
    private var open: UnsafeMutablePointer<Int>

    init(memory: Memory = Memory()) {
        self.memory = memory
        shares = UnsafeMutableBufferPointer(start: memory.buffer(capacity, 0), count: capacity)
        round = memory.buffer(capacity, 0)
        remainders = memory.buffer(capacity, 0)
        keys = memory.buffer(capacity, 0)
        open = memory.buffer(capacity, 0)
    }

    /// Fills `shares` (its first `weights.count` entries) and returns what could not be placed.
    mutating func allocate(_ total: Int64, weights: [Int64], capacities: [Int64]) -> Int64 {
        weights.withUnsafeBufferPointer { w in
            capacities.withUnsafeBufferPointer { cap in allocate(total, weights: w, capacities: cap) }
        }
    }

    mutating func allocate(_ total: Int64, weights w: UnsafeBufferPointer<Int64>, capacities cap: UnsafeBufferPointer<Int64>) -> Int64 {
        let n = w.count
        if n > capacity {
            capacity = max(n, 2 * capacity)
            shares = UnsafeMutableBufferPointer(start: memory.replace(shares.baseAddress!, capacity, 0), count: capacity)
            round = memory.replace(round, capacity, 0)
            remainders = memory.replace(remainders, capacity, 0)
            keys = memory.replace(keys, capacity, 0)
            open = memory.replace(open, capacity, 0)
        }
        return Allocator.allocate(total, w, cap, shares.baseAddress!, round, remainders, open, keys)
    }

    static func allocate(_ total: Int64, _ w: UnsafeBufferPointer<Int64>, _ cap: UnsafeBufferPointer<Int64>,
                         _ share: UnsafeMutablePointer<Int64>, _ rnd: UnsafeMutablePointer<Int64>,
                         _ rem: UnsafeMutablePointer<Int64>, _ ord: UnsafeMutablePointer<Int>,
                         _ key: UnsafeMutablePointer<Int64>) -> Int64 {
        let n = w.count
        var weightSum: Int64 = 0
        for i in 0..<n {
            share[i] = 0
            if w[i] > 0 && cap[i] > 0 { weightSum += w[i] }
        }
        var left = total
        // Each round places everything among the lines with room; lines that overflow are
        // filled and the excess goes round again among the others.
        while left > 0 && weightSum > 0 {
            let divisor = UInt64(weightSum), reciprocal = Exact.reciprocal(divisor)
            var placed: Int64 = 0
            var active = 0
            for i in 0..<n {
                guard w[i] > 0 && cap[i] > share[i] else { continue }
                // The same divisor for every line: multiplying by its reciprocal is several
                // times quicker than dividing.
                let (product, overflow) = left.multipliedReportingOverflow(by: w[i])
                if overflow {
                    (rnd[active], rem[active]) = Exact.mulDiv(left, w[i], weightSum)
                } else {
                    let (q, r) = Exact.divide(UInt64(product), by: divisor, reciprocal: reciprocal)
                    rnd[active] = Int64(q)
                    rem[active] = Int64(r)
                }
                placed += rnd[active]
                ord[active] = i
                active += 1
            }
            // The minor units left by rounding down go to the largest remainders, earlier lines
            // first among equals: every line above the `extra`-th largest remainder gets one,
            // then the lines at it, in line order, while any are left. Each line's share is
            // then cut to its room; what does not fit goes round again among the lines that
            // still have room.
            let extra = Int(left - placed)
            var threshold = Int64.max, ties = 0
            if extra > 0 {
                let (t, above) = Allocator.largest(extra, of: rem, count: active, divisor: divisor,
                                                   reciprocal: reciprocal, scratch: key)
                threshold = t
                ties = extra - above
            }
            var overflow: Int64 = 0
            weightSum = 0
            for k in 0..<active {
                let i = ord[k], r = rem[k]
                let tie = r == threshold && ties > 0
                let x = rnd[k] + (r > threshold || tie ? 1 : 0)
                ties -= tie ? 1 : 0
                let room = cap[i] - share[i]
                let given = min(x, room)
                share[i] += given
                overflow += x - given
                if room > given { weightSum += w[i] }
            }
            if overflow == left { break }
            left = overflow
        }
        return left
    }

    /// The `k`-th largest of the remainders `rem[0..<count]` (1 ≤ k ≤ count), each below
    /// `divisor`, and how many of them are larger.
    /// The remainders are first counted in 64 ranges of equal width (a remainder
    /// times the divisor's reciprocal keeps their order and its top six bits name the range), so
    /// that only the few in the range holding the `k`-th are compared with one another.
    static func largest(_ k: Int, of rem: UnsafeMutablePointer<Int64>, count: Int, divisor: UInt64, reciprocal: UInt64,
                        scratch: UnsafeMutablePointer<Int64>) -> (value: Int64, above: Int) {
        // A divisor of 1 leaves every remainder 0.
        guard divisor > 1 else { return (0, 0) }
        guard count <= Int(UInt16.max) else {
            scratch.update(from: rem, count: count)
            let value = largest(k, of: UnsafeMutableBufferPointer(start: scratch, count: count), count: count)
            var above = 0
            for j in 0..<count where rem[j] > value { above += 1 }
            return (value, above)
        }
        @inline(__always) func range(_ r: Int64) -> Int { Int(truncatingIfNeeded: (UInt64(r) &* reciprocal) >> 58) }
        var counts: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64,
                     UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        return withUnsafeMutableBytes(of: &counts) { raw in
            // 64 counters of 16 bits, four to a word: range r's is lane r & 3 of word r >> 2.
            let w = raw.bindMemory(to: UInt64.self)
            for j in 0..<count {
                let r = range(rem[j])
                w[r >> 2] &+= 1 &<< UInt64((r & 3) << 4)
            }
            // The range holding the k-th largest, and how many lie above it: whole words of four
            // ranges first (their counts added up by one multiplication, which cannot carry as
            // all the counts together are at most `count`), then the ranges of the word.
            var above = 0, word = 15
            while true {
                let inWord = Int(truncatingIfNeeded: (w[word] &* 0x0001_0001_0001_0001) >> 48)
                if above + inWord >= k { break }
                above += inWord
                word -= 1
            }
            var r = word * 4 + 3
            while true {
                let inRange = Int(truncatingIfNeeded: w[word] >> UInt64((r & 3) << 4) & 0xFFFF)
                if above + inRange >= k { break }
                above += inRange
                r -= 1
            }
            var n = 0
            for j in 0..<count {
                let v = rem[j]
                scratch[n] = v
                n += range(v) == r ? 1 : 0
            }
            let value = largest(k - above, of: UnsafeMutableBufferPointer(start: scratch, count: n), count: n)
            for j in 0..<n where scratch[j] > value { above += 1 }
            return (value, above)
        }
    }

    /// The `k`-th largest of the first `count` values of `a` (1 ≤ k ≤ count), which it reorders.
    /// Selection by partitioning, each pass in three parts (above, at and below a pivot) without
    /// a branch per value, so that equal values cost nothing extra and little is guessed wrong.
    static func largest(_ k: Int, of a: UnsafeMutableBufferPointer<Int64>, count: Int) -> Int64 {
        precondition(k >= 1 && k <= count, "no \(k)-th value among \(count)")
        var lo = 0, hi = count, target = k - 1
        while hi - lo > 1 {
            // The median of the first, middle and last values as the pivot.
            let x = a[lo], y = a[(lo + hi) >> 1], z = a[hi - 1]
            let pivot = max(min(x, y), min(max(x, y), z))
            // Values above the pivot to the front, then values equal to it.
            var above = lo
            for j in lo..<hi {
                let v = a[j]
                a[j] = a[above]
                a[above] = v
                above += v > pivot ? 1 : 0
            }
            var at = above
            for j in above..<hi {
                let v = a[j]
                a[j] = a[at]
                a[at] = v
                at += v == pivot ? 1 : 0
            }
            if target < above {
                hi = above
            } else if target < at {
                return pivot
            } else {
                lo = at
            }
        }
        return a[lo]
    }
}