import Dispatch
import GRDB
import PromoVM
import Synchronization

/// One share of a replay: a range of customer numbers (every receipt of those customers) and a
/// span of time for the anonymous receipts of the period. A run's threads take its shares one at
/// a time, each the next one left (``ShareQueue``), so that no thread waits at the end for
/// another's last, larger share.
///
/// Shares are ranges, so that each thread's statements seek to its own rows in the
/// `receipts_by_customer` index and step over no one else's (shares by the remainder of a
/// number would have every thread step over every row, twice: for the receipts and for the
/// lines). The customers are cut where the `customers` table's numbers reach each share's
/// count; the anonymous receipts where the period, from its first to its last anonymous
/// receipt, reaches each share's length of time.
///
/// A run of `N` shards of `S` shares each has `N × S` shares; shard `I` takes shares `I × S` to
/// `I × S + S - 1`. A cut is made at share `k` of `N × S` where it would be made at `k / (N × S)`
/// of the whole, so shard `I` starts where share `I` of `N` does, whatever `S` is: a shard holds
/// the same customers and receipts on any number of threads, as the run does.
struct Partition: Sendable, Equatable {
    /// Customers `customerLow ... customerHigh` (none when low is above high).
    var customerLow: Int64
    var customerHigh: Int64
    /// Anonymous receipts with `at` in `anonymousFrom ..< anonymousTo`, texts as the database
    /// holds them.
    var anonymousFrom: String
    var anonymousTo: String

    /// The `shares` shares of shard `shard` (from 0) of `shards`.
    static func shares(_ db: Database, shard: Int, of shards: Int, shares: Int, options: ReplayOptions) throws -> [Partition] {
        let count = shards * shares
        let first = shard * shares
        let (from, to) = Replay.bounds(options)
        let cuts = try customerCuts(db, count: count, upTo: first + shares)
        let times = try timeCuts(db, count: count, from: from, to: to)
        return (first..<(first + shares)).map { k in
            let low = cuts[k]
            // (The next share starts at `cuts[k + 1]`; this one ends just before it.)
            let high: Int64? = k + 1 < count ? (cuts[k + 1] == Int64.min ? nil : cuts[k + 1] - 1) : Int64.max
            return Partition(customerLow: high == nil ? 1 : low, customerHigh: high ?? 0,
                             anonymousFrom: times[k], anonymousTo: times[k + 1])
        }
    }

    /// The first customer number of shares `0 ..< n` of `count`: the number at place
    /// `k × customers / count` of the customers in number order (`Int64.min` for the first,
    /// `Int64.max` past the last customer). One pass over the table's numbers, stopped at the
    /// last cut needed.
    static func customerCuts(_ db: Database, count: Int, upTo n: Int) throws -> [Int64] {
        let customers = try Int.fetchOne(db, sql: "SELECT count(*) FROM customers") ?? 0
        var cuts: [Int64] = [Int64.min]
        let wanted = min(n + 1, count)
        var k = 1, place = 0
        let ids = try Int64.fetchCursor(db, sql: "SELECT id FROM customers ORDER BY id")
        while k < wanted, let id = try ids.next() {
            while k < wanted && place == customers * k / count {
                cuts.append(id)
                k += 1
            }
            place += 1
        }
        while cuts.count < wanted { cuts.append(Int64.max) }
        return cuts
    }

    /// The time cuts of `count` shares of the anonymous receipts in `from ..< to`: `count + 1`
    /// texts from `from` to `to`. When the anonymous receipts' times cannot be read as times,
    /// the first share takes them all.
    static func timeCuts(_ db: Database, count: Int, from: String, to: String) throws -> [String] {
        let anonymous = "FROM receipts WHERE customer IS NULL AND at >= ? AND at < ?"
        let first = try String.fetchOne(db, sql: "SELECT min(at) \(anonymous)", arguments: [from, to])
        let last = try String.fetchOne(db, sql: "SELECT max(at) \(anonymous)", arguments: [from, to])
        guard let low = first.flatMap(minutes), let high = last.flatMap(minutes), low <= high else {
            return [from] + Array(repeating: to, count: count)
        }
        var cuts = [from]
        for k in 1..<max(1, count) {
            let cut = text(low + (high + 1 - low) * k / count)
            cuts.append(max(from, min(to, max(cuts[k - 1], cut))))
        }
        cuts.append(to)
        return cuts
    }

    /// `YYYY-MM-DD HH:MM` as minutes from day 0.
    static func minutes(_ text: String) -> Int? {
        var t = text
        return t.withUTF8 { HistoryDatabase.dateTime($0) }.map { Calendar.dayNumber($0.0) * 1440 + $0.1 }
    }

    /// Minutes from day 0 as `YYYY-MM-DD HH:MM`.
    static func text(_ minutes: Int) -> String {
        let day = minutes >= 0 ? minutes / 1440 : (minutes - 1439) / 1440
        let m = minutes - day * 1440
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(Calendar.date(dayNumber: day).description) \(two(m / 60)):\(two(m % 60))"
    }
}

/// The shares of a run, handed to its threads one at a time: each thread takes the next share
/// left when it has finished its last, so that the threads finish together whatever the sizes
/// of the shares. When a share fails, no share after it is started, and the error of the first
/// share that failed (in share order, not in time) is the run's: the same error whatever the
/// number of threads.
final class ShareQueue: Sendable {
    let shares: [Partition]
    private let next = Atomic<Int>(0)
    /// The first share that failed (`shares.count` while none has).
    private let firstFailed: Atomic<Int>
    private let errors = Mutex<[Int: HistoryError]>([:])

    init(_ shares: [Partition]) {
        self.shares = shares
        firstFailed = Atomic(shares.count)
    }

    /// The next share left, and its place; nil when none is left, or a share before it failed.
    func take() -> (Int, Partition)? {
        let k = next.wrappingAdd(1, ordering: .relaxed).oldValue
        guard k < shares.count, k < firstFailed.load(ordering: .relaxed) else { return nil }
        return (k, shares[k])
    }

    /// Notes that share `k` failed (-1: before taking any share).
    func fail(_ k: Int, _ error: HistoryError) {
        errors.withLock { $0[k] = $0[k] ?? error }
        var seen = firstFailed.load(ordering: .relaxed)
        while k < seen {
            let (exchanged, original) = firstFailed.compareExchange(expected: seen, desired: k, ordering: .relaxed)
            if exchanged { break }
            seen = original
        }
    }

    /// Runs the shares on `threads` threads, each with its own `State` made by `make` and
    /// given each share it takes to `replay`; gives each thread's `result` of its state (in no
    /// particular order), or throws the first failed share's error.
    func run<State, Result: Sendable>(threads: Int,
                                      make: @Sendable () throws(HistoryError) -> State,
                                      replay: @Sendable (inout State, Partition) throws(HistoryError) -> Void,
                                      result: @Sendable (State) -> Result) throws(HistoryError) -> [Result] {
        let results = Mutex<[Result]>([])
        DispatchQueue.concurrentPerform(iterations: threads) { _ in
            var k = -1
            do throws(HistoryError) {
                var state = try make()
                while let (place, share) = take() {
                    k = place
                    try replay(&state, share)
                }
                let r = result(state)
                results.withLock { $0.append(r) }
            } catch {
                fail(k, error)
            }
        }
        if let (_, error) = errors.withLock({ $0.min(by: { $0.key < $1.key }) }) { throw error }
        return results.withLock { $0 }
    }
}
