import Foundation
import GRDB
import PromoCommands
import PromoHistory
import PromoVM
import Testing

/// A small history written row by row, for figures computed by hand.
struct HistoryFixture {
    let folder: String
    let path: String

    init(_ name: String = "history.db") throws {
        folder = NSTemporaryDirectory() + "promo-dryrun-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        path = folder + "/" + name
    }

    /// Writes the database: `receipts` as (id, customer, store, at, [(sku, price, qty)]).
    func write(customers: [(id: Int64, card: Bool, segments: String)] = [], receipts: [(Int64, Int64?, Int64, String, [(Int64, Int64, Int64)])],
               extra: (Database) throws -> Void = { _ in }) throws {
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in
            try HistorySchema.create(db)
            try db.execute(sql: "INSERT INTO meta VALUES ('currency', 'RUB'), ('decimals', '2'), ('chain', 'Fixture')")
            try db.execute(sql: "INSERT INTO stores VALUES (751, 'Supermarket', 'Moscow', 'Moscow', 'center'), (752, 'Convenience', 'Moscow', 'Moscow', '')")
            try db.execute(sql: """
                INSERT INTO products VALUES (3001, 'Yogurt', 'Food/Dairy/Yogurt', NULL, 0, 0, NULL),
                    (5001, 'Detergent', 'Household/Cleaning', NULL, 0, 0, NULL),
                    (13500, 'Parmesan', 'Deli/Cheese', NULL, 0, 0, NULL)
                """)
            for c in customers {
                try db.execute(sql: "INSERT INTO customers VALUES (?, ?, 'female', '1990-05-01', 'Moscow', 'Moscow', '2020-01-01', 1, 1, 1, 1, NULL, ?, 0)",
                               arguments: [c.id, c.card ? "C\(c.id)" : nil, c.segments])
            }
            for (id, customer, store, at, lines) in receipts {
                try db.execute(sql: "INSERT INTO receipts VALUES (?, ?, ?, ?, 'pos', '', '', 0)", arguments: [id, store, at, customer])
                for (k, line) in lines.enumerated() {
                    try db.execute(sql: "INSERT INTO lines VALUES (?, ?, ?, ?, ?, ?)",
                                   arguments: [id, k, line.0, line.1, line.2, line.1 * line.2 / 1000])
                }
            }
            try extra(db)
        }
    }

    /// Writes promo source files into the fixture's folder; returns its path.
    func promos(_ files: [String: String]) throws -> String {
        let dir = folder + "/promos"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        for (name, text) in files { try text.write(toFile: dir + "/" + name, atomically: true, encoding: .utf8) }
        return dir
    }

    func remove() { try? FileManager.default.removeItem(atPath: folder) }
}

/// Runs `promo` with arguments; the exit status, standard output and standard error.
func promo(_ arguments: [String]) -> (status: Int32, out: String, err: String) {
    let output = CapturedOutput()
    let status = PromoCommand.execute(arguments, output: output)
    return (status, output.standardOutput, output.standardError)
}

@Suite struct DryRunTests {
    /// Two customers and an anonymous shopper over two weeks of April 2027.
    static let receipts: [(Int64, Int64?, Int64, String, [(Int64, Int64, Int64)])] = [
        (1, 1, 751, "2027-04-01 10:00", [(3001, 4_500, 3_000)]),        // 135.00
        (2, 1, 751, "2027-04-03 10:00", [(5001, 25_000, 1_000)]),       // 250.00
        (3, 1, 752, "2027-04-05 18:30", [(3001, 4_500, 1_000), (13500, 89_000, 1_000)]),  // 45.00 + 890.00
        (4, 1, 751, "2027-04-12 09:00", [(5001, 25_000, 2_000)]),       // 500.00
        (5, 2, 751, "2027-04-05 12:00", [(3001, 4_500, 1_000)]),
        (6, 2, 751, "2027-04-06 12:00", [(3001, 4_500, 1_000)]),
        (7, 2, 752, "2027-04-06 19:00", [(5001, 25_000, 1_000)]),
        (8, nil, 751, "2027-04-06 11:00", [(5001, 25_000, 1_000)]),
        (9, nil, 752, "2027-04-07 11:00", [(3001, 4_500, 3_000)]),
    ]

    static let promoFiles = [
        "currency.promo": "currency RUB\n",
        "regulars.promo": """
            # 1.00 off for a customer with two receipts or more in the last 7 days (not counting today).
            promo regulars {
              priority 10
              audience customer.purchases(last 7 days) >= 2
              discount 1.00 on receipt
            }
            """,
        "returning.promo": """
            # 2.00 off when the customer bought yogurt in the last 30 days and spent 300.00 or more in all.
            promo returning {
              priority 20
              audience customer.bought(category "Food/Dairy", last 30 days) and customer.spend(all time) >= 300.00
              discount 2.00 on receipt
            }
            """,
        "once.promo": """
            # 5.00 off once per customer.
            promo once {
              priority 30
              audience customer.card
              discount 5.00 on receipt
              limit 1 per customer
            }
            """,
    ]

    @Test func figuresComeFromTheReceiptsBefore() throws {
        let fixture = try HistoryFixture()
        defer { fixture.remove() }
        try fixture.write(customers: [(1, true, ""), (2, false, "")], receipts: Self.receipts)
        let promos = try fixture.promos(Self.promoFiles)
        let run = promo(["dryrun", promos, "--db", fixture.path, "--json", "--threads", "1"])
        #expect(run.status == 0, "\(run.err)")
        let report = try DryRunReport(json: run.out, file: "out")
        // regulars: customer 1 on 04-05 (04-01 and 04-03 in the 7 days before) — on 04-12 only 04-05 is
        // within 04-05..04-11; customer 2 never has two receipts on earlier days in the window
        // (04-05, then 04-06 twice: on 04-06 only 04-05 is before).
        #expect(report.promoSet.perPromo["regulars"]?.receipts == 1)
        #expect(report.promoSet.perPromo["regulars"]?.discount == 100)
        // returning: customer 1 on 04-03 (yogurt on 04-01, but spend 135.00 < 300.00: no), 04-05 (spend
        // 385.00, yogurt 04-01: yes), 04-12 (spend 1320.00: yes); customer 2: spend never reaches 300.00.
        #expect(report.promoSet.perPromo["returning"]?.receipts == 2)
        #expect(report.promoSet.perPromo["returning"]?.participants == 1)
        // once: customer 1 has a card, on the first receipt only (its use carried to the next ones);
        // customer 2 has none.
        #expect(report.promoSet.perPromo["once"]?.receipts == 1)
        #expect(report.promoSet.perPromo["once"]?.discount == 500)
        #expect(report.scan.receipts == 9)
        #expect(report.scan.identifiedReceipts == 7)
        #expect(report.scan.customers == 2)
        #expect(report.scan.originalTotal == 13_500 + 25_000 + 93_500 + 50_000 + 4_500 + 4_500 + 25_000 + 25_000 + 13_500)
        #expect(report.scan.finalTotal == report.scan.originalTotal - 100 - 400 - 500)
        // By day: regulars on 04-05, at store 752.
        #expect(report.promoSet.byDay[LocalDate(year: 2027, month: 4, day: 5)]?["regulars"]?.receipts == 1)
        #expect(report.promoSet.byStore[752]?["regulars"]?.discount == 100)
        #expect(report.firstDay == LocalDate(year: 2027, month: 4, day: 1))
        #expect(report.lastDay == LocalDate(year: 2027, month: 4, day: 12))
    }

    /// Receipts and their lines are read side by side, in the same order; a receipt without
    /// lines (which the lines are not read for) is passed over, as if it were not there.
    @Test func aReceiptWithoutLinesIsPassedOver() throws {
        let plain = try HistoryFixture(), gaps = try HistoryFixture()
        defer { plain.remove(); gaps.remove() }
        let customers: [(id: Int64, card: Bool, segments: String)] = [(1, true, ""), (2, false, "")]
        try plain.write(customers: customers, receipts: Self.receipts)
        // Before customer 1's first receipt, between two of theirs, after customer 2's last, and
        // an anonymous one between two others.
        try gaps.write(customers: customers, receipts: Self.receipts + [
            (20, 1, 751, "2027-03-31 10:00", []), (21, 1, 751, "2027-04-04 10:00", []),
            (22, 2, 752, "2027-04-30 10:00", []), (23, nil, 751, "2027-04-06 11:30", []),
        ])
        let promos = try plain.promos(Self.promoFiles)
        for threads in ["1", "2"] {
            let expected = promo(["dryrun", promos, "--db", plain.path, "--json", "--threads", threads])
            let found = promo(["dryrun", promos, "--db", gaps.path, "--json", "--threads", threads])
            #expect(expected.status == 0 && found.status == 0, "\(found.err)")
            let report = try DryRunReport(json: found.out, file: "gaps")
            #expect(report == (try DryRunReport(json: expected.out, file: "plain")))
            #expect(report.scan.receipts == 9)
            #expect(report.promoSet.perPromo["regulars"]?.receipts == 1)
            #expect(report.promoSet.perPromo["once"]?.discount == 500)
        }
    }

    /// ``receipts`` and 38 more customers (3 to 40), so that every thread and shard has some:
    /// customer `c`'s receipts are numbered `c × 100` on.
    static func manyCustomers() -> (customers: [(id: Int64, card: Bool, segments: String)],
                                    receipts: [(Int64, Int64?, Int64, String, [(Int64, Int64, Int64)])]) {
        var receipts = Self.receipts
        var customers: [(id: Int64, card: Bool, segments: String)] = [(1, true, ""), (2, false, "")]
        for c in Int64(3)...40 {
            customers.append((c, c % 3 != 0, ""))
            for k in Int64(0)..<(c % 5 + 1) {
                let day = 1 + (c * 7 + k * 3) % 27
                receipts.append((c * 100 + k, c, 751 + c % 2, "2027-04-\(day < 10 ? "0" : "")\(day) 1\(k):00",
                                 [(3001, 4_500, 1_000 * (k + 1)), (5001, 25_000, 1_000)]))
            }
        }
        return (customers, receipts)
    }

    @Test func theReportIsTheSameForAnyThreadsAndShards() throws {
        let fixture = try HistoryFixture()
        defer { fixture.remove() }
        let (customers, receipts) = Self.manyCustomers()
        try fixture.write(customers: customers, receipts: receipts)
        let promos = try fixture.promos(Self.promoFiles)
        let one = promo(["dryrun", promos, "--db", fixture.path, "--json", "--threads", "1"])
        let two = promo(["dryrun", promos, "--db", fixture.path, "--json", "--threads", "2"])
        #expect(one.status == 0 && two.status == 0)
        #expect(one.out == two.out)
        var parts: [String] = []
        for i in 1...3 {
            let file = fixture.folder + "/part\(i).json"
            let run = promo(["dryrun", promos, "--db", fixture.path, "--shard", "\(i)/3", "--threads", "\(i)", "--out", file])
            #expect(run.status == 0, "\(run.err)")
            parts.append(file)
        }
        let merged = promo(["report", "merge"] + parts + ["--json"])
        #expect(merged.status == 0, "\(merged.err)")
        var whole = try DryRunReport(json: one.out, file: "one")
        let sum = try DryRunReport(json: merged.out, file: "merged")
        #expect(sum.shardsMerged == [1, 2, 3])
        whole.shardsMerged = sum.shardsMerged
        #expect(sum == whole)
        #expect(whole.promoSet.perPromo["once"]?.participants ?? 0 > 20)
        // A missing shard is refused.
        let missing = promo(["report", "merge", parts[0], parts[2]])
        #expect(missing.status == 1)
    }

    @Test func aBaselineIsReplayedBeside() throws {
        let fixture = try HistoryFixture()
        defer { fixture.remove() }
        try fixture.write(customers: [(1, true, ""), (2, false, "")], receipts: Self.receipts)
        let promos = try fixture.promos(Self.promoFiles)
        let current = fixture.folder + "/current.promo"
        try ("currency RUB\n" + Self.promoFiles["once.promo"]!).write(toFile: current, atomically: true, encoding: .utf8)
        let run = promo(["dryrun", promos, "--db", fixture.path, "--baseline", current, "--json"])
        #expect(run.status == 0, "\(run.err)")
        let report = try DryRunReport(json: run.out, file: "out")
        #expect(report.baseline?.perPromo["once"]?.discount == 500)
        #expect(report.baseline?.perPromo["regulars"] == nil)
        #expect(report.promoSet.all.discount - (report.baseline?.all.discount ?? 0) == 500)
        #expect(report.baselineHash != nil && report.baselineHash != report.bundleHash)
    }

    @Test func periodAndShiftChooseTheReceiptsReplayed() throws {
        let fixture = try HistoryFixture()
        defer { fixture.remove() }
        try fixture.write(customers: [(1, true, ""), (2, false, "")], receipts: Self.receipts)
        let promos = try fixture.promos(Self.promoFiles)
        // 04-05 .. 04-06: receipts 3, 5, 6, 7, 8; figures still count the receipts before.
        let run = promo(["dryrun", promos, "--db", fixture.path, "--from", "2027-04-05", "--to", "2027-04-06", "--json"])
        #expect(run.status == 0, "\(run.err)")
        let report = try DryRunReport(json: run.out, file: "out")
        #expect(report.scan.receipts == 5)
        #expect(report.promoSet.perPromo["regulars"]?.receipts == 1)
        #expect(report.promoSet.perPromo["once"]?.receipts == 1)  // customer 1's first replayed receipt
        // History a year and a week earlier, moved 53 weeks on: the same figures on the same weekdays.
        let earlier = try HistoryFixture()
        defer { earlier.remove() }
        let moved = Self.receipts.map { r -> (Int64, Int64?, Int64, String, [(Int64, Int64, Int64)]) in
            let day = Int(r.3.dropFirst(8).prefix(2))!
            let date = Calendar.date(dayNumber: Calendar.dayNumber(LocalDate(year: 2027, month: 4, day: day)) - 371)
            return (r.0, r.1, r.2, "\(date) " + r.3.suffix(5), r.4)
        }
        try earlier.write(customers: [(1, true, ""), (2, false, "")], receipts: moved)
        let shifted = promo(["dryrun", promos, "--db", earlier.path, "--shift-weeks", "53", "--json"])
        let original = promo(["dryrun", promos, "--db", fixture.path, "--json"])
        let a = try DryRunReport(json: shifted.out, file: "shifted"), b = try DryRunReport(json: original.out, file: "original")
        #expect(a.promoSet == b.promoSet)
        #expect(a.firstDay == b.firstDay)
    }

    @Test func storeNumbersAtTheEndsOfTheRangeAreTallied() throws {
        let fixture = try HistoryFixture()
        defer { fixture.remove() }
        try fixture.write(customers: [(1, true, ""), (2, false, "")], receipts: Self.receipts) { db in
            try db.execute(sql: "INSERT INTO stores VALUES (9223372036854775807, 'Supermarket', 'Moscow', 'Moscow', ''), (-9223372036854775808, 'Convenience', 'Moscow', 'Moscow', '')")
            try db.execute(sql: "UPDATE receipts SET store = 9223372036854775807")
            try db.execute(sql: "UPDATE receipts SET store = -9223372036854775808 WHERE id = 3")
        }
        let promos = try fixture.promos(Self.promoFiles)
        let run = promo(["dryrun", promos, "--db", fixture.path, "--json"])
        #expect(run.status == 0, "\(run.err)")
        let report = try DryRunReport(json: run.out, file: "report")
        #expect(report.promoSet.allByStore.keys.contains(9223372036854775807))
        #expect(report.promoSet.allByStore.keys.contains(Int64.min))
    }

    @Test func theFirstBadRowIsNamedWhateverTheThreads() throws {
        // Two bad rows: in the last anonymous receipt (in the last share), and in customer 6's
        // (in an early one). Every run names customer 6's, the first in share order, however
        // many threads take the shares, and writes nothing.
        let fixture = try HistoryFixture()
        defer { fixture.remove() }
        let (customers, receipts) = Self.manyCustomers()
        try fixture.write(customers: customers, receipts: receipts) { db in
            try db.execute(sql: "UPDATE lines SET sku = 99999 WHERE receipt = 9")
            try db.execute(sql: "UPDATE lines SET quantity = 0 WHERE receipt = 600 AND position = 1")
        }
        let promos = try fixture.promos(Self.promoFiles)
        for threads in ["1", "2", "3", "8"] {
            let out = fixture.folder + "/report-\(threads).json"
            let run = promo(["dryrun", promos, "--db", fixture.path, "--threads", threads, "--json", "--out", out])
            #expect(run.status == 1)
            #expect(run.err.contains("lines row (receipt 600, position 1): quantity 0 is not above 0"), "\(threads) threads: \(run.err)")
            #expect(!FileManager.default.fileExists(atPath: out))
        }
    }

    @Test func productsAreFoundHoweverFarApartTheirNumbers() throws {
        // The catalogue's SKU numbers as written (a table by number of the products themselves),
        // a hundred times apart (a table of places), and 10^12 times apart (looked up by hash):
        // the same report, and a number between two products' is no product's.
        let promoFolder = try HistoryFixture()
        defer { promoFolder.remove() }
        let promos = try promoFolder.promos(Self.promoFiles)
        func run(scale: Int64, unknown: Bool) throws -> (status: Int32, out: String, err: String) {
            let fixture = try HistoryFixture()
            defer { fixture.remove() }
            try fixture.write(customers: [(1, true, ""), (2, false, "")], receipts: Self.receipts) { db in
                try db.execute(sql: "UPDATE products SET sku = sku * ?", arguments: [scale])
                try db.execute(sql: "UPDATE lines SET sku = sku * ?", arguments: [scale])
                if unknown { try db.execute(sql: "UPDATE lines SET sku = sku + 1 WHERE receipt = 3 AND position = 1") }
            }
            return promo(["dryrun", promos, "--db", fixture.path, "--json"])
        }
        let plain = try run(scale: 1, unknown: false)
        #expect(plain.status == 0)
        #expect(plain.out.contains("\"regulars\""))
        for scale: Int64 in [1, 100, 1_000_000_000_000] {
            if scale != 1 { #expect(try run(scale: scale, unknown: false).out == plain.out, "SKUs \(scale) times apart") }
            let refused = try run(scale: scale, unknown: true)
            #expect(refused.status == 1)
            #expect(refused.err.contains("lines row (receipt 3, position 1): unknown sku \(13500 * scale + 1)"), "\(refused.err)")
        }
    }

    @Test func badHistoryIsRefusedNamingTableAndRow() throws {
        let promoFolder = try HistoryFixture()
        defer { promoFolder.remove() }
        let promos = try promoFolder.promos(Self.promoFiles)
        func refused(_ extra: @escaping (Database) throws -> Void) throws -> String {
            let fixture = try HistoryFixture()
            defer { fixture.remove() }
            try fixture.write(customers: [(1, true, ""), (2, false, "")], receipts: Self.receipts, extra: extra)
            let out = fixture.folder + "/report.json"
            let run = promo(["dryrun", promos, "--db", fixture.path, "--json", "--out", out])
            #expect(run.status == 1)
            #expect(!FileManager.default.fileExists(atPath: out), "a refused run writes nothing")
            return run.err
        }
        #expect(try refused { try $0.execute(sql: "UPDATE lines SET sku = 99999 WHERE receipt = 3 AND position = 1") }
            .contains("lines row (receipt 3, position 1): unknown sku 99999"))
        #expect(try refused { try $0.execute(sql: "UPDATE lines SET quantity = -1000 WHERE receipt = 4") }
            .contains("lines row (receipt 4, position 0): quantity -1000 is not above 0"))
        #expect(try refused { try $0.execute(sql: "UPDATE receipts SET at = '2027-13-01 10:00' WHERE id = 2") }
            .contains("receipts row 2: at \"2027-13-01 10:00\" is not a date and time"))
        #expect(try refused { try $0.execute(sql: "UPDATE receipts SET customer = 77 WHERE id = 2") }
            .contains("customer 77 is not in the customers table"))
        // A number far from the catalogue's, below and above it (no overflow in the look-up).
        #expect(try refused {
            try $0.execute(sql: "INSERT INTO products VALUES (-5, 'Bag', 'Household/Bags', NULL, 0, 0, NULL)")
            try $0.execute(sql: "UPDATE lines SET sku = 9223372036854775807 WHERE receipt = 3 AND position = 1")
        }.contains("lines row (receipt 3, position 1): unknown sku 9223372036854775807"))
        #expect(try refused { try $0.execute(sql: "UPDATE customers SET birth_date = '1990-02-30' WHERE id = 2") }
            .contains("customers row 2: birth_date \"1990-02-30\" is not a date (YYYY-MM-DD)"))
        #expect(try refused { try $0.execute(sql: "UPDATE customers SET bonus_balance = -5 WHERE id = 1") }
            .contains("customers row 1: bonus_balance -5 is below 0"))
        #expect(try refused { try $0.execute(sql: "UPDATE customers SET registered = 'soon' WHERE id = 1") }
            .contains("customers row 1: registered \"soon\" is not a date (YYYY-MM-DD)"))
        #expect(try refused { try $0.execute(sql: "UPDATE receipts SET store = 9 WHERE id = 2") }
            .contains("receipts row 2: unknown store 9"))
        #expect(try refused { try $0.execute(sql: "ALTER TABLE lines DROP COLUMN amount") }
            .contains("table lines has no column amount"))
        #expect(try refused { try $0.execute(sql: "DROP TABLE stores") }.contains("no table stores"))
        // Not a database at all.
        let fixture = try HistoryFixture()
        defer { fixture.remove() }
        try "not a database".write(toFile: fixture.path, atomically: true, encoding: .utf8)
        let run = promo(["dryrun", promos, "--db", fixture.path])
        #expect(run.status == 1)
        #expect(run.err.contains("history.db"))
    }

    @Test func theHistoryIsOpenedReadOnly() throws {
        let fixture = try HistoryFixture()
        defer { fixture.remove() }
        try fixture.write(customers: [(1, true, ""), (2, false, "")], receipts: Self.receipts)
        let before = try Data(contentsOf: URL(fileURLWithPath: fixture.path))
        let promos = try fixture.promos(Self.promoFiles)
        #expect(promo(["dryrun", promos, "--db", fixture.path]).status == 0)
        #expect(try Data(contentsOf: URL(fileURLWithPath: fixture.path)) == before)
        let database = try HistoryDatabase(path: fixture.path)
        #expect(database.currency == "RUB" && database.stores.count == 2 && database.products.count == 3)
    }

    @Test func segmentsAreCountedFromHistory() throws {
        let fixture = try HistoryFixture()
        defer { fixture.remove() }
        try fixture.write(customers: [(1, true, "VIP"), (2, false, ""), (3, true, "")], receipts: Self.receipts)
        let promos = try fixture.promos(Self.promoFiles.merging([
            "segments.promo": """
                segment big_spenders = customer.spend(last 30 days) >= 300.00
                segment vip = customer in "VIP"
                segment newcomers = customer.purchases(all time) == 0
                """,
        ]) { a, _ in a })
        let ids = fixture.folder + "/ids.csv"
        let big = promo(["segment", promos, "--db", fixture.path, "--segment", "big_spenders", "--as-of", "2027-04-13", "--ids", ids])
        #expect(big.status == 0, "\(big.err)")
        // 03-14 .. 04-12: customer 1 spent 1820.00, customer 2 340.00, customer 3 nothing.
        #expect(big.out == "big_spenders: 2 customers match, of 3, on 2027-04-13\n")
        #expect(try String(contentsOfFile: ids, encoding: .utf8) == "customer_id\n1\n2\n")
        // By 04-02 customer 1 had spent 135.00; by 04-03, 385.00.
        #expect(promo(["segment", promos, "--db", fixture.path, "--segment", "big_spenders", "--as-of", "2027-04-03"]).out
            == "big_spenders: 0 customers match, of 3, on 2027-04-03\n")
        #expect(promo(["segment", promos, "--db", fixture.path, "--segment", "big_spenders", "--as-of", "2027-04-04"]).out
            == "big_spenders: 1 customers match, of 3, on 2027-04-04\n")
        #expect(promo(["segment", promos, "--db", fixture.path, "--segment", "vip"]).out
            == "vip: 1 customers match, of 3, on 2027-04-13\n")
        #expect(promo(["segment", promos, "--db", fixture.path, "--segment", "newcomers", "--as-of", "2027-04-06"]).out
            == "newcomers: 1 customers match, of 3, on 2027-04-06\n")
        let unknown = promo(["segment", promos, "--db", fixture.path, "--segment", "vipp"])
        #expect(unknown.status == 1)
        #expect(unknown.err.contains("no segment `vipp`"))
    }
}
