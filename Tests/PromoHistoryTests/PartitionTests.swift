import GRDB
@testable import PromoHistory
import Synchronization
import Testing

/// The shares of a replay: ranges of customers and spans of time, cut the same way whatever
/// the number of shares of a shard; and the threads taking them one at a time.
@Suite struct PartitionTests {
    /// Seven customers (10, 20, … 70) and anonymous receipts from 1 March 10:00 to 3 March 10:00.
    func fixture() throws -> HistoryFixture {
        let fixture = try HistoryFixture()
        let customers = (1...7).map { (id: Int64($0 * 10), card: true, segments: "") }
        var receipts: [(Int64, Int64?, Int64, String, [(Int64, Int64, Int64)])] = []
        for (k, c) in customers.enumerated() { receipts.append((Int64(100 + k), c.id, 751, "2026-03-01 12:00", [(3001, 5000, 1000)])) }
        for (k, at) in ["2026-03-01 10:00", "2026-03-02 09:59", "2026-03-02 10:00", "2026-03-03 10:00"].enumerated() {
            receipts.append((Int64(200 + k), nil, 751, at, [(3001, 5000, 1000)]))
        }
        try fixture.write(customers: customers, receipts: receipts)
        return fixture
    }

    func shares(_ path: String, shard: Int, of shards: Int, shares: Int) throws -> [Partition] {
        try DatabaseQueue(path: path).read { db in
            try Partition.shares(db, shard: shard, of: shards, shares: shares, options: ReplayOptions())
        }
    }

    @Test func twoSharesCutAtTheMiddleCustomerAndTheMiddleOfTheTime() throws {
        let fixture = try fixture()
        defer { fixture.remove() }
        let s = try shares(fixture.path, shard: 0, of: 1, shares: 2)
        // Place 7 × 1 / 2 = 3 of the customers in number order: customer 40.
        #expect(s.map(\.customerLow) == [Int64.min, 40])
        #expect(s.map(\.customerHigh) == [39, Int64.max])
        // 2,881 minutes from the first anonymous receipt to past the last; half of them is a day.
        #expect(s.map(\.anonymousFrom) == ["", "2026-03-02 10:00"])
        #expect(s.map(\.anonymousTo) == ["2026-03-02 10:00", "9999"])
    }

    @Test func aShardHoldsTheSameCustomersAndTimeInAnyNumberOfShares() throws {
        let fixture = try fixture()
        defer { fixture.remove() }
        for shard in 0..<3 {
            let one = try shares(fixture.path, shard: shard, of: 3, shares: 1)[0]
            for count in [2, 3, 5, 64] {
                let many = try shares(fixture.path, shard: shard, of: 3, shares: count)
                #expect(many.first!.customerLow == one.customerLow || many.first!.customerLow > many.first!.customerHigh)
                #expect(many.last!.customerHigh == one.customerHigh)
                #expect(many.first!.anonymousFrom == one.anonymousFrom)
                #expect(many.last!.anonymousTo == one.anonymousTo)
                // Each share starts where the one before ends.
                for (a, b) in zip(many, many.dropFirst()) {
                    #expect(a.anonymousTo == b.anonymousFrom)
                    if b.customerLow <= b.customerHigh && a.customerLow <= a.customerHigh { #expect(a.customerHigh == b.customerLow - 1) }
                }
            }
        }
    }

    @Test func moreSharesThanCustomersLeaveSomeEmptyAndLoseNone() throws {
        let fixture = try fixture()
        defer { fixture.remove() }
        let s = try shares(fixture.path, shard: 0, of: 1, shares: 10)
        for id in stride(from: Int64(10), through: 70, by: 10) {
            #expect(s.filter { $0.customerLow <= id && id <= $0.customerHigh }.count == 1, "customer \(id)")
        }
        // Cut at places 0, 1, 2, 2, 3, 4, 4, 5, 6 of seven: shares 3 and 6 hold no number at
        // all, the first only the numbers below the first customer's.
        #expect(s.filter { $0.customerLow > $0.customerHigh }.map { s.firstIndex(of: $0)! } == [3, 6])
        #expect(s[0].customerHigh == 9)
        for at in ["2026-03-01 10:00", "2026-03-02 09:59", "2026-03-02 10:00", "2026-03-03 10:00"] {
            #expect(s.filter { $0.anonymousFrom <= at && at < $0.anonymousTo }.count == 1, "receipt at \(at)")
        }
    }

    @Test func minutesAndTheirTextsAgree() {
        for text in ["2026-03-02 10:00", "2024-02-29 23:59", "2025-01-01 00:00"] {
            #expect(Partition.minutes(text).map(Partition.text) == text)
        }
        #expect(Partition.minutes("2026-03-02T10:00") == Partition.minutes("2026-03-02 10:00"))
        #expect(Partition.minutes("yesterday") == nil)
    }

    /// Shares 0 to 19, of which 5 and 12 fail.
    func failingRun(threads: Int) -> (error: String?, ran: Set<Int>) {
        let shares = (0..<20).map { k in
            Partition(customerLow: Int64(k), customerHigh: Int64(k), anonymousFrom: "", anonymousTo: "")
        }
        let ran = Mutex<Set<Int>>([])
        do {
            _ = try ShareQueue(shares).run(threads: threads) { () throws(HistoryError) in 0 } replay: { (n: inout Int, share: Partition) throws(HistoryError) in
                let k = Int(share.customerLow)
                ran.withLock { _ = $0.insert(k) }
                n += 1
                if k == 5 || k == 12 { throw HistoryError(file: "h.db", "share \(k) failed") }
            } result: { $0 }
            return (nil, ran.withLock { $0 })
        } catch {
            return (error.message, ran.withLock { $0 })
        }
    }

    @Test func theFirstShareThatFailsGivesTheErrorOnAnyNumberOfThreads() {
        // One thread stops at the first failure.
        let one = failingRun(threads: 1)
        #expect(one.error == "share 5 failed")
        #expect(one.ran == Set(0...5))
        for threads in [2, 3, 8] {
            let run = failingRun(threads: threads)
            #expect(run.error == "share 5 failed", "\(threads) threads")
            // Every share before the failed one ran; no share is started once one has failed
            // before it (a thread may have taken a few between).
            #expect(Set(0...5).isSubset(of: run.ran), "\(threads) threads")
            #expect(run.ran.count <= 6 + threads, "\(threads) threads")
        }
    }

    @Test func everyShareRunsOnceAndEveryThreadGivesItsResult() throws {
        let shares = (0..<50).map { k in
            Partition(customerLow: Int64(k), customerHigh: Int64(k), anonymousFrom: "", anonymousTo: "")
        }
        for threads in [1, 2, 7] {
            let results = try ShareQueue(shares).run(threads: threads) { () throws(HistoryError) in [Int64]() } replay: { (taken: inout [Int64], share: Partition) throws(HistoryError) in
                taken.append(share.customerLow)
            } result: { $0 }
            #expect(results.count == threads)
            #expect(results.joined().sorted() == Array(0..<50))
            // Each thread takes its shares in order.
            for taken in results { #expect(taken == taken.sorted()) }
        }
    }
}

