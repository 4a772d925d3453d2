import PromoBytecode

/// The checks of the units' prologues that come before the store condition (active, hours,
/// weekdays, days of the month, channels) as bit masks over the run order, made once per
/// bundle. A receipt picks one row of each by its time, date and channel; a unit whose bits
/// are set in all five rows passes those checks, and the lowest row with its bit clear is the
/// first check that turns it away. So most candidates are turned away with a few bit tests,
/// without reading their prologues.
///
/// A unit's bit is set in every row of a check it does not have. Only units whose prologue is
/// in the compiler's order and that are in no best-of group are covered (``fast``); the others
/// go through ``Evaluator/gate(_:)`` one by one.
struct GateMasks {
    /// The units the masks cover, as bits over the run order.
    let fast: UnsafeMutableBufferPointer<UInt64>
    /// Words per row (``Gates/runWords``).
    let words: Int
    /// The `active` windows' ends, sorted and distinct; row k of `activePass` holds for minute
    /// stamps from `activeBounds[k - 1]` (inclusive) up to `activeBounds[k]`.
    let activeBounds: UnsafeMutableBufferPointer<Int64>
    let activePass: UnsafeMutableBufferPointer<UInt64>
    /// The same over the minute of the day for `hours`.
    let hoursBounds: UnsafeMutableBufferPointer<Int64>
    let hoursPass: UnsafeMutableBufferPointer<UInt64>
    /// Row `weekday` (0 Monday … 6 Sunday).
    let weekdayPass: UnsafeMutableBufferPointer<UInt64>
    /// Row ``channelRow(_:)``: no channel, or the channel's bit.
    let channelPass: UnsafeMutableBufferPointer<UInt64>
    /// Row ``dayRow(day:daysInMonth:)`` when a unit has `days`; otherwise a single row of ones.
    let dayPass: UnsafeMutableBufferPointer<UInt64>
    let hasDays: Bool

    /// Above this many words a table is not made and no unit is covered (a bundle with that
    /// many distinct windows checks its units one by one, as before).
    static let tableLimit = 1 << 16

    init(hot: [HotUnit], runOrder: [Int], words: Int, constants: [Int64]) {
        self.words = words
        let ones: UInt64 = ~0
        var fast = [UInt64](repeating: 0, count: words)
        for (p, u) in runOrder.enumerated() where hot[u].inOrder && hot[u].group < 0 {
            fast[p >> 6] |= 1 << UInt64(p & 63)
        }
        // The places of the units that have each check (the bits of ``HotUnit``, active to
        // channels), so that a table visits only them.
        var having = [[Int]](repeating: [], count: 5)
        for (p, u) in runOrder.enumerated() where hot[u].inOrder {
            for k in 0..<5 where hot[u].present & 1 << UInt8(k) != 0 { having[k].append(p) }
        }
        @inline(__always) func bit(_ p: Int) -> UInt64 { 1 << UInt64(p & 63) }
        /// Every row starts with every bit set; a unit with check `check` that fails it in a
        /// row has its bit cleared there.
        func table(_ rows: Int, _ check: Int, _ fails: (_ row: Int, _ unit: HotUnit) -> Bool) -> [UInt64] {
            var t = [UInt64](repeating: ones, count: rows * words)
            for p in having[check] {
                let h = hot[runOrder[p]]
                for r in 0..<rows where fails(r, h) { t[r * words + p >> 6] &= ~bit(p) }
            }
            return t
        }

        var active: [Int64] = []
        var hours: [Int64] = []
        for p in having[0] {
            active.append(hot[runOrder[p]].activeFrom)
            active.append(hot[runOrder[p]].activeTo)
        }
        for p in having[1] {
            let h = hot[runOrder[p]]
            for k in 0..<Int(h.hoursCount) * 2 { hours.append(constants[Int(h.hours) + k]) }
        }
        let anyDays = !having[3].isEmpty
        /// Sorted, each value once.
        func bounds(_ values: [Int64]) -> [Int64] {
            var out: [Int64] = []
            for v in values.sorted() where out.last != v { out.append(v) }
            return out
        }
        let activeBounds = bounds(active), hoursBounds = bounds(hours)
        let covered = (activeBounds.count + 1) * words <= GateMasks.tableLimit
            && (hoursBounds.count + 1) * words <= GateMasks.tableLimit

        // Row by row: a unit's window can open or close only at a bound that is one of its own
        // ends, so each row is the one before with those units checked again.
        var activeTable = [ones]
        if covered {
            let rows = activeBounds.count + 1
            activeTable = [UInt64](repeating: ones, count: rows * words)
            @inline(__always) func holds(_ h: HotUnit, _ now: Int64) -> Bool { h.activeFrom <= now && now < h.activeTo }
            // The units with an end at each bound, by the row that bound starts (row k starts at
            // bound k - 1): `endPlaces` from `endStarts[k]` to `endStarts[k + 1]`.
            var endStarts = [Int](repeating: 0, count: rows + 1)
            for p in having[0] {
                let h = hot[runOrder[p]]
                endStarts[GateMasks.row(activeBounds, h.activeFrom) + 1] += 1
                endStarts[GateMasks.row(activeBounds, h.activeTo) + 1] += 1
                if !holds(h, .min) { activeTable[p >> 6] &= ~bit(p) }
            }
            for k in 0..<rows { endStarts[k + 1] += endStarts[k] }
            var endPlaces = [Int](repeating: 0, count: endStarts[rows])
            var next = endStarts
            for p in having[0] {
                let h = hot[runOrder[p]]
                let k = GateMasks.row(activeBounds, h.activeFrom), l = GateMasks.row(activeBounds, h.activeTo)
                endPlaces[next[k]] = p
                next[k] += 1
                endPlaces[next[l]] = p
                next[l] += 1
            }
            for r in 1..<rows {
                let now = activeBounds[r - 1]
                for w in 0..<words { activeTable[r * words + w] = activeTable[(r - 1) * words + w] }
                for e in endStarts[r]..<endStarts[r + 1] {
                    let p = endPlaces[e]
                    if holds(hot[runOrder[p]], now) {
                        activeTable[r * words + p >> 6] |= bit(p)
                    } else {
                        activeTable[r * words + p >> 6] &= ~bit(p)
                    }
                }
            }
        }
        // Each row checked at its first value: the check changes only at the bounds.
        let hoursTable = covered ? table(hoursBounds.count + 1, 1) { r, h in
            let minute = r == 0 ? Int64.min : hoursBounds[r - 1]
            return !GateMasks.inHours(constants, Int(h.hours), Int(h.hoursCount), minute: minute)
        } : [ones]
        let weekdayTable = table(7, 2) { r, h in h.weekdays & 1 << UInt8(r) == 0 }
        let channelTable = table(9, 4) { r, h in r == 0 || h.channels & 1 << UInt8(r - 1) == 0 }
        let dayTable = anyDays ? table(4 * 32, 3) { r, h in
            !GateMasks.onDay(constants[Int(h.days)], day: r & 31, daysInMonth: 28 + r >> 5)
        } : [UInt64](repeating: ones, count: words)
        if !covered { fast = [UInt64](repeating: 0, count: words) }

        func buffer<T>(_ a: [T]) -> UnsafeMutableBufferPointer<T> {
            let b = UnsafeMutableBufferPointer<T>.allocate(capacity: max(1, a.count))
            _ = b.initialize(from: a)
            return b
        }
        self.fast = buffer(fast)
        self.activeBounds = buffer(covered ? activeBounds : [])
        self.activePass = buffer(activeTable)
        self.hoursBounds = buffer(covered ? hoursBounds : [])
        self.hoursPass = buffer(hoursTable)
        self.weekdayPass = buffer(weekdayTable)
        self.channelPass = buffer(channelTable)
        self.dayPass = buffer(dayTable)
        self.hasDays = anyDays
        activeCount = covered ? activeBounds.count : 0
        hoursCount = covered ? hoursBounds.count : 0
    }

    /// How many bounds there are (the buffers hold at least one word).
    let activeCount: Int
    let hoursCount: Int

    func free() {
        fast.deallocate()
        activeBounds.deallocate()
        activePass.deallocate()
        hoursBounds.deallocate()
        hoursPass.deallocate()
        weekdayPass.deallocate()
        channelPass.deallocate()
        dayPass.deallocate()
    }

    /// The row of sorted `bounds` a value falls in: how many bounds are at most `value`.
    static func row(_ bounds: [Int64], _ value: Int64) -> Int {
        bounds.withUnsafeBufferPointer { b in
            var low = 0, high = b.count
            while low < high {
                let mid = (low + high) >> 1
                if b[mid] <= value { low = mid + 1 } else { high = mid }
            }
            return low
        }
    }

    /// The row of `bounds` a value falls in: how many bounds are at most `value`.
    @inline(__always)
    static func row(_ bounds: UnsafeMutableBufferPointer<Int64>, count: Int, _ value: Int64) -> Int {
        var low = 0, high = count
        while low < high {
            let mid = (low + high) >> 1
            if bounds[mid] <= value { low = mid + 1 } else { high = mid }
        }
        return low
    }

    /// The row of `channelPass` for a receipt's channel bits (one bit at most; none: row 0).
    @inline(__always)
    static func channelRow(_ bits: UInt8) -> Int { bits == 0 ? 0 : bits.trailingZeroBitCount + 1 }

    /// The row of `dayPass`, nil for a month length the table does not have.
    @inline(__always)
    func dayRow(day: Int, daysInMonth: Int) -> Int? {
        guard hasDays else { return 0 }
        guard (28...31).contains(daysInMonth), (0..<32).contains(day) else { return nil }
        return (daysInMonth - 28) << 5 | day
    }

    /// Whether `minute` is in one of the `count` windows (start, end pairs) from `constants[k]`;
    /// a window whose end is not after its start runs over midnight.
    @inline(__always)
    static func inHours<C: RandomAccessCollection<Int64>>(_ constants: C, _ k: Int, _ count: Int, minute: Int64) -> Bool
        where C.Index == Int {
        for w in 0..<count {
            let start = constants[k + 2 * w], end = constants[k + 2 * w + 1]
            if start < end ? (start <= minute && minute < end) : (minute >= start || minute < end) { return true }
        }
        return false
    }

    /// Whether a `days` mask holds on a day: bit `day` for days counted from the start of the
    /// month, bit `32 + n` for the n-th day from its end.
    @inline(__always)
    static func onDay(_ mask: Int64, day: Int, daysInMonth: Int) -> Bool {
        let fromEnd = daysInMonth - day + 1
        return mask >> day & 1 != 0 || (fromEnd <= 31 && mask >> (32 + fromEnd) & 1 != 0)
    }
}
