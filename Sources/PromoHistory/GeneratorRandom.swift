import PromoVM
extension HistoryGenerator {
    /// SplitMix64: a small, fast pseudo-random generator whose sequence depends only on its seed,
    /// so that a seed gives the same history on every machine. Integers only.
    struct Random {
        private var state: UInt64

        init(seed: UInt64) { state = seed }

        /// A generator for one purpose (`stream`) of one seed, independent of the others.
        init(seed: UInt64, stream: UInt64) {
            var mixer = Random(seed: seed ^ (stream &* 0xD1B5_4A32_D192_ED03))
            state = mixer.next() ^ stream
        }

        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }

        /// A number in `0 ..< bound` (0 when `bound` is not above 0), without modulo bias worth
        /// the name: the high half of a 128-bit product.
        mutating func below(_ bound: Int) -> Int {
            guard bound > 0 else { return 0 }
            return Int(next().multipliedFullWidth(by: UInt64(bound)).high)
        }

        /// A number in `range`.
        mutating func within(_ range: ClosedRange<Int>) -> Int {
            range.lowerBound + below(range.upperBound - range.lowerBound + 1)
        }

        /// True `percent` times in a hundred.
        mutating func percent(_ percent: Int) -> Bool { below(100) < percent }

        /// True `permille` times in a thousand.
        mutating func permille(_ permille: Int) -> Bool { below(1000) < permille }

        /// An index of `cumulative` (running totals of weights) chosen in proportion to the weights.
        mutating func pick(_ cumulative: [Int]) -> Int {
            guard let total = cumulative.last, total > 0 else { return 0 }
            let target = below(total)
            var low = 0, high = cumulative.count - 1
            while low < high {
                let middle = (low + high) / 2
                if cumulative[middle] > target { high = middle } else { low = middle + 1 }
            }
            return low
        }

        /// One element of `choices`, chosen evenly.
        mutating func element<T>(_ choices: [T]) -> T {
            choices[below(choices.count)]
        }
    }

    /// Running totals of `weights`, for ``Random/pick(_:)``.
    static func cumulative(_ weights: [Int]) -> [Int] {
        var total = 0
        return weights.map { total += max($0, 0); return total }
    }

    /// Days counted from 1970-01-01 (day 0), as the VM's calendar counts them (PromoVM's
    /// `Calendar`), with their texts. No time zones: history dates are the stores' local dates.
    enum Day {
        static func number(year: Int, month: Int, day: Int) -> Int {
            Calendar.dayNumber(LocalDate(year: year, month: month, day: day))
        }

        static func date(_ number: Int) -> (year: Int, month: Int, day: Int) {
            let d = Calendar.date(dayNumber: number)
            return (d.year, d.month, d.day)
        }

        /// 0 for Monday … 6 for Sunday.
        static func weekday(_ number: Int) -> Int { Calendar.weekday(dayNumber: number) }

        /// `YYYY-MM-DD`.
        static func text(_ number: Int) -> String { Calendar.date(dayNumber: number).description }

        /// The day number of a `YYYY-MM-DD` text, or nil when it is not a real date.
        static func parse(_ text: String) -> Int? { HistoryDatabase.date(text).map(Calendar.dayNumber) }

        /// `value` with leading zeros to `width` digits.
        static func digits(_ value: Int, _ width: Int) -> String {
            let text = String(value)
            return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
        }
    }
}
