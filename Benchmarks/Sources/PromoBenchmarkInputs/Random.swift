import PromoSyntax

/// SplitMix64: a small generator whose output depends only on its seed, so the benchmark input
/// is the same on every machine and with every standard library (no `Int.random(in:using:)`,
/// whose mapping of bits to ranges is not guaranteed to stay the same).
struct SeededRandom {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A whole number in `range`.
    mutating func int(_ range: ClosedRange<Int>) -> Int {
        let width = UInt64(range.upperBound - range.lowerBound + 1)
        return range.lowerBound + Int(next() % width)
    }

    /// True `percent` times out of a hundred.
    mutating func chance(_ percent: Int) -> Bool {
        int(0...99) < percent
    }

    mutating func pick<T>(_ values: [T]) -> T {
        values[int(0...(values.count - 1))]
    }

    /// An index into `weights`, each drawn in proportion to its weight.
    mutating func weighted(_ weights: [Int]) -> Int {
        var roll = int(0...(weights.reduce(0, +) - 1))
        for (index, weight) in weights.enumerated() {
            if roll < weight { return index }
            roll -= weight
        }
        return weights.count - 1
    }
}

/// A calendar date, with the day arithmetic the generator needs (proleptic Gregorian).
struct Day: Comparable {
    /// Days since 1970-01-01.
    var serial: Int

    init(serial: Int) {
        self.serial = serial
    }

    init(_ year: Int, _ month: Int, _ day: Int) {
        serial = DateLiteral(year: year, month: month, day: day).dayNumber
    }

    var civil: (year: Int, month: Int, day: Int) {
        let date = DateLiteral(dayNumber: serial)
        return (date.year, date.month, date.day)
    }

    /// 0 = Monday … 6 = Sunday (1970-01-01 was a Thursday).
    var weekday: Int {
        ((serial % 7) + 7 + 3) % 7
    }

    func adding(_ days: Int) -> Day {
        Day(serial: serial + days)
    }

    var text: String {
        let (y, m, d) = civil
        return "\(y)-\(pad2(m))-\(pad2(d))"
    }

    static func < (a: Day, b: Day) -> Bool { a.serial < b.serial }
}

func pad2(_ value: Int) -> String {
    value < 10 ? "0\(value)" : "\(value)"
}

/// Money in kopecks written as a literal: `1234.50`.
func money(_ kopecks: Int) -> String {
    "\(kopecks / 100).\(pad2(kopecks % 100))"
}
