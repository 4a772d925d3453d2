import Foundation
import GRDB
import PromoCommands
import PromoHistory
import Testing

/// A fresh directory for one test's files, removed afterwards.
private func inTemporaryDirectory<T>(_ body: (String) throws -> T) throws -> T {
    let directory = (NSTemporaryDirectory() as NSString)
        .appendingPathComponent("history-generator-\(UUID().uuidString)")
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: directory) }
    return try body(directory)
}

/// Generates a small history and hands its open database to `body`.
private func withHistory<T>(_ options: HistoryGenerator.Options = small,
                            _ body: (DatabaseQueue, HistoryGenerator.Summary) throws -> T) throws -> T {
    try inTemporaryDirectory { directory in
        let path = (directory as NSString).appendingPathComponent("history.db")
        let summary = try HistoryGenerator(options: options).generate(to: path)
        var configuration = Configuration()
        configuration.readonly = true
        let queue = try DatabaseQueue(path: path, configuration: configuration)
        defer { try? queue.close() }
        return try body(queue, summary)
    }
}

private let small = HistoryGenerator.Options(customers: 500, receipts: 2000, seed: 7)

private func count(_ queue: DatabaseQueue, _ sql: String) throws -> Int {
    try queue.read { try Int.fetchOne($0, sql: sql) } ?? -1
}

/// The repository's promos/ directory.
private let promosDirectory = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("promos")

/// Every capture of `pattern` (its first group) in the promo files.
private func promoLiterals(_ pattern: String) throws -> Set<String> {
    let regex = try NSRegularExpression(pattern: pattern)
    var found = Set<String>()
    let files = try FileManager.default.contentsOfDirectory(atPath: promosDirectory.path).filter { $0.hasSuffix(".promo") }
    #expect(files.count > 10)
    for file in files {
        let text = try String(contentsOf: promosDirectory.appendingPathComponent(file), encoding: .utf8)
        let range = NSRange(text.startIndex..., in: text)
        for match in regex.matches(in: text, range: range) {
            if let group = Range(match.range(at: 1), in: text) { found.insert(String(text[group])) }
        }
    }
    return found
}

@Suite("History generator")
struct GeneratorTests {
    @Test("the same seed gives the same file, byte for byte; another seed another file")
    func deterministic() throws {
        try inTemporaryDirectory { directory in
            let paths = ["a.db", "b.db", "c.db"].map { (directory as NSString).appendingPathComponent($0) }
            _ = try HistoryGenerator(options: small).generate(to: paths[0])
            _ = try HistoryGenerator(options: small).generate(to: paths[1])
            var other = small
            other.seed = 8
            _ = try HistoryGenerator(options: other).generate(to: paths[2])
            let bytes = try paths.map { try Data(contentsOf: URL(fileURLWithPath: $0)) }
            #expect(bytes[0].count > 100_000)
            #expect(bytes[0] == bytes[1])
            #expect(bytes[0] != bytes[2])
            // Same catalogue, other receipts.
            let dumps = try paths.map { path in
                let queue = try DatabaseQueue(path: path)
                defer { try? queue.close() }
                return try queue.read { db in
                    try String.fetchAll(db, sql: "SELECT at || '|' || store || '|' || IFNULL(customer, '') FROM receipts ORDER BY id LIMIT 50")
                }
            }
            #expect(dumps[0] == dumps[1])
            #expect(dumps[0] != dumps[2])
            // Only the finished files are left: no temporary file.
            #expect(try FileManager.default.contentsOfDirectory(atPath: directory).sorted() == ["a.db", "b.db", "c.db"])
        }
    }

    @Test("the counts match the options and the summary")
    func counts() throws {
        try withHistory { queue, summary throws in
            #expect(try count(queue, "SELECT COUNT(*) FROM customers") == 500)
            #expect(try count(queue, "SELECT COUNT(*) FROM receipts") == 2000)
            #expect(try count(queue, "SELECT COUNT(*) FROM products") == 20_000)
            #expect(try count(queue, "SELECT COUNT(*) FROM stores") == 80)
            #expect(try count(queue, "SELECT COUNT(*) FROM lines") == summary.lines)
            #expect(summary.stores == 80 && summary.products == 20_000 && summary.customers == 500 && summary.receipts == 2000)
            #expect(try count(queue, "SELECT MIN(id) FROM receipts") == 1)
            #expect(try count(queue, "SELECT MAX(id) FROM receipts") == 2000)
            let meta = try queue.read { db in
                try Dictionary(uniqueKeysWithValues: Row.fetchAll(db, sql: "SELECT key, value FROM meta").map {
                    (String($0["key"] as String), String($0["value"] as String))
                })
            }
            #expect(meta["currency"] == "RUB")
            #expect(meta["decimals"] == "2")
            #expect(meta["chain"]?.isEmpty == false)
            #expect(meta["seed"] == "7")
            #expect(meta["generated_customers"] == "500")
            #expect(meta["generated_receipts"] == "2000")
            #expect(meta["period_start"] == "2025-11-01")
            #expect(meta["period_end"] == "2026-10-31")
        }
    }

    @Test("70% of receipts come from customers; baskets have 1 to 40 lines, about 8 on average")
    func receiptsAndBaskets() throws {
        try withHistory { queue, summary throws in
            let identified = try count(queue, "SELECT COUNT(*) FROM receipts WHERE customer IS NOT NULL")
            #expect((1340 ... 1460).contains(identified))
            #expect(try count(queue, "SELECT COUNT(*) FROM receipts WHERE customer NOT IN (SELECT id FROM customers)") == 0)
            let sizes = "SELECT COUNT(*) AS n FROM lines GROUP BY receipt"
            #expect(try count(queue, "SELECT MIN(n) FROM (\(sizes))") == 1)
            #expect(try count(queue, "SELECT MAX(n) FROM (\(sizes))") <= 40)
            #expect(try count(queue, "SELECT COUNT(*) FROM (\(sizes))") == 2000)
            #expect((12_000 ... 20_000).contains(summary.lines))
            // Positions run 0, 1, … in every receipt.
            #expect(try count(queue, "SELECT COUNT(*) FROM (SELECT receipt FROM lines GROUP BY receipt HAVING MAX(position) + 1 != COUNT(*))") == 0)
            // Receipt numbers follow time.
            #expect(try count(queue, "SELECT COUNT(*) FROM receipts a JOIN receipts b ON b.id = a.id + 1 WHERE b.at < a.at") == 0)
        }
    }

    @Test("every line's product exists and its amount is price × quantity / 1000, rounded half up")
    func lines() throws {
        try withHistory { queue, _ throws in
            #expect(try count(queue, "SELECT COUNT(*) FROM lines WHERE sku NOT IN (SELECT sku FROM products)") == 0)
            #expect(try count(queue, "SELECT COUNT(*) FROM lines WHERE amount != (price * quantity + 500) / 1000") == 0)
            #expect(try count(queue, "SELECT COUNT(*) FROM lines WHERE quantity <= 0 OR price <= 0 OR amount < 0") == 0)
            // Pieces are whole; weighed goods are grams.
            #expect(try count(queue, """
                SELECT COUNT(*) FROM lines JOIN products USING (sku) WHERE weighed = 0 AND quantity % 1000 != 0
                """) == 0)
            #expect(try count(queue, """
                SELECT COUNT(*) FROM lines JOIN products USING (sku) WHERE weighed = 1 AND quantity % 1000 != 0
                """) > 100)
        }
    }

    @Test("weighed goods and excise goods with their minimum price are in the catalogue and sold")
    func weighedAndExcise() throws {
        try withHistory { queue, _ throws in
            #expect(try count(queue, "SELECT COUNT(*) FROM products WHERE weighed = 1") > 300)
            #expect(try count(queue, "SELECT COUNT(*) FROM products WHERE excise = 1") > 300)
            #expect(try count(queue, "SELECT COUNT(*) FROM products WHERE excise = 1 AND min_price IS NULL") == 0)
            #expect(try count(queue, "SELECT COUNT(*) FROM lines JOIN products USING (sku) WHERE excise = 1") > 20)
            #expect(try count(queue, "SELECT COUNT(*) FROM lines JOIN products USING (sku) WHERE price < min_price") == 0)
            // No alcohol online, nor at night.
            #expect(try count(queue, """
                SELECT COUNT(*) FROM lines JOIN products USING (sku) JOIN receipts ON receipts.id = lines.receipt
                WHERE excise = 1 AND (channel != 'pos' OR substr(at, 12, 2) < '08' OR substr(at, 12, 2) >= '23')
                """) == 0)
            #expect(try count(queue, "SELECT COUNT(*) FROM products WHERE category = 'Food/Fruit/Apples' AND weighed = 1") > 5)
        }
    }

    @Test("the catalogue has every category, SKU, brand and store the promo files name")
    func promoCatalogue() throws {
        let categories = try promoLiterals(#"category "([^"]+)""#)
        let skus = try promoLiterals(#"\bsku (\d+)"#)
        let stores = try promoLiterals(#"\bstore (\d+)"#)
        #expect(categories.count > 50)
        try withHistory { queue, _ throws in
            let paths = try queue.read { try String.fetchAll($0, sql: "SELECT DISTINCT category FROM products") }
            for category in categories.sorted() {
                #expect(paths.contains { $0 == category || $0.hasPrefix(category + "/") }, "category \(category)")
            }
            let known = Set(try queue.read { try Int.fetchAll($0, sql: "SELECT sku FROM products") })
            for sku in skus.sorted() { #expect(known.contains(Int(sku) ?? -1), "sku \(sku)") }
            let ids = Set(try queue.read { try Int.fetchAll($0, sql: "SELECT id FROM stores") })
            for store in stores.sorted() { #expect(ids.contains(Int(store) ?? -1), "store \(store)") }
            #expect(try count(queue, "SELECT COUNT(*) FROM products WHERE brand = 'Premium Farm' AND category LIKE 'Food/Dairy/%'") > 0)
            #expect(try count(queue, "SELECT COUNT(*) FROM products WHERE sku = 13200 AND category = 'Dairy/Farm'") == 1)
        }
    }

    @Test("stores, channels, coupons, codes and segments the promos use occur")
    func promoFacts() throws {
        try withHistory(HistoryGenerator.Options(customers: 2000, receipts: 6000, seed: 3)) { queue, _ throws in
            #expect(try count(queue, "SELECT COUNT(*) FROM stores") == 80)
            #expect(try count(queue, "SELECT COUNT(*) FROM stores WHERE region = 'Moscow'") >= 20)
            for format in ["Hypermarket", "Supermarket", "Convenience", "Online", "Discounter", "Минимаркет"] {
                #expect(try count(queue, "SELECT COUNT(*) FROM stores WHERE format = '\(format)'") > 0, "format \(format)")
            }
            #expect(try count(queue, "SELECT COUNT(*) FROM stores WHERE format = 'Hypermarket' AND city = 'Kazan'") > 0)
            for group in ["North", "South", "Фермерские", "Городские", "Loyalty-pilot"] {
                #expect(try count(queue, "SELECT COUNT(*) FROM stores WHERE ',' || groups || ',' LIKE '%,\(group),%'") > 0, "group \(group)")
            }
            for channel in ["pos", "web", "app"] {
                #expect(try count(queue, "SELECT COUNT(*) FROM receipts WHERE channel = '\(channel)'") > 0, "channel \(channel)")
            }
            #expect(try count(queue, """
                SELECT COUNT(*) FROM receipts JOIN stores ON stores.id = receipts.store
                WHERE (channel = 'pos') = (format = 'Online')
                """) == 0)
            let coupons = try count(queue, "SELECT COUNT(*) FROM receipts WHERE coupons != ''")
            #expect((120 ... 400).contains(coupons))
            #expect(try count(queue, "SELECT COUNT(*) FROM receipts WHERE coupons LIKE 'HALF-____%'") > 0)
            #expect(try count(queue, "SELECT COUNT(*) FROM receipts WHERE coupons LIKE '%SALE50-%'") > 0)
            let codes = try count(queue, "SELECT COUNT(*) FROM receipts WHERE codes != ''")
            #expect(codes > 0 && codes < coupons)
            #expect(try count(queue, "SELECT COUNT(*) FROM receipts WHERE codes IN ('SUMMER', 'SUN30')") > 0)
            #expect(try count(queue, "SELECT COUNT(*) FROM receipts WHERE bonus_payment > 0 AND customer IS NULL") == 0)
            #expect(try count(queue, "SELECT COUNT(*) FROM receipts WHERE bonus_payment > 0") > 50)
            for segment in ["VIP", "Important", "Staff", "PetClub", "Gold"] {
                #expect(try count(queue, "SELECT COUNT(*) FROM customers WHERE ',' || segments || ',' LIKE '%,\(segment),%'") > 0, "segment \(segment)")
            }
            #expect(try count(queue, "SELECT COUNT(DISTINCT rfm) FROM customers") == 7)
            #expect(try count(queue, "SELECT COUNT(*) FROM customers WHERE card IS NULL") == 0)
            #expect(try count(queue, "SELECT COUNT(DISTINCT card) FROM customers") == 2000)
            // Weekends and evenings are busier.
            let saturday = try count(queue, "SELECT COUNT(*) FROM receipts WHERE strftime('%w', substr(at, 1, 10)) = '6'")
            let tuesday = try count(queue, "SELECT COUNT(*) FROM receipts WHERE strftime('%w', substr(at, 1, 10)) = '2'")
            #expect(saturday > tuesday * 6 / 5)
            let evening = try count(queue, "SELECT COUNT(*) FROM receipts WHERE substr(at, 12, 2) BETWEEN '17' AND '20'")
            let morning = try count(queue, "SELECT COUNT(*) FROM receipts WHERE substr(at, 12, 2) BETWEEN '08' AND '11'")
            #expect(evening > morning * 3 / 2)
        }
    }

    @Test("the schema: user_version 1, the indexes, lines without rowid")
    func schema() throws {
        try withHistory { queue, _ throws in
            #expect(try count(queue, "PRAGMA user_version") == HistorySchema.version)
            let indexes = try queue.read {
                try String.fetchAll($0, sql: "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'receipts' ORDER BY name")
            }
            #expect(indexes.contains("receipts_by_customer") && indexes.contains("receipts_by_time"))
            let lines = try queue.read { try String.fetchOne($0, sql: "SELECT sql FROM sqlite_master WHERE name = 'lines'") }
            #expect(lines?.contains("WITHOUT ROWID") == true)
        }
    }

    @Test("a start date and a number of days set the period")
    func period() throws {
        try withHistory(HistoryGenerator.Options(customers: 50, receipts: 300, seed: 1, start: "2024-02-25", days: 10)) { queue, summary throws in
            #expect(summary.firstDay == "2024-02-25" && summary.lastDay == "2024-03-05")
            let first = try queue.read { try String.fetchOne($0, sql: "SELECT MIN(at) FROM receipts") } ?? ""
            let last = try queue.read { try String.fetchOne($0, sql: "SELECT MAX(at) FROM receipts") } ?? ""
            #expect(first >= "2024-02-25 00:00" && last <= "2024-03-05 23:59")
            #expect(try count(queue, "SELECT COUNT(*) FROM receipts WHERE substr(at, 1, 10) = '2024-02-29'") > 0)
        }
    }

    @Test("a missing directory is a clear error and leaves no file; bad options leave the old file")
    func failures() throws {
        try inTemporaryDirectory { directory in
            let missing = (directory as NSString).appendingPathComponent("no/such/history.db")
            #expect {
                _ = try HistoryGenerator(options: small).generate(to: missing)
            } throws: { error in
                "\(error)".contains("does not exist") && "\(error)".contains(missing)
            }
            #expect(try FileManager.default.contentsOfDirectory(atPath: directory).isEmpty)

            let existing = (directory as NSString).appendingPathComponent("old.db")
            try Data("old".utf8).write(to: URL(fileURLWithPath: existing))
            var bad = small
            bad.days = 0
            #expect(throws: HistoryGenerationError.self) { _ = try HistoryGenerator(options: bad).generate(to: existing) }
            #expect(try Data(contentsOf: URL(fileURLWithPath: existing)) == Data("old".utf8))
            #expect(try FileManager.default.contentsOfDirectory(atPath: directory) == ["old.db"])

            // A directory in the way of the output.
            #expect(throws: HistoryGenerationError.self) { _ = try HistoryGenerator(options: small).generate(to: directory) }

            // A finished run replaces the old file.
            var tiny = small
            tiny.receipts = 100
            _ = try HistoryGenerator(options: tiny).generate(to: existing)
            let queue = try DatabaseQueue(path: existing)
            defer { try? queue.close() }
            #expect(try count(queue, "SELECT COUNT(*) FROM receipts") == 100)
        }
    }

    @Test("`promo history generate` writes the file and prints a summary; a bad path gives status 2")
    func command() throws {
        try inTemporaryDirectory { directory in
            let path = (directory as NSString).appendingPathComponent("h.db")
            let output = CapturedOutput()
            let status = PromoCommand.execute(["history", "generate", "--out", path, "--customers", "50",
                                               "--receipts", "300", "--seed", "5"], output: output)
            #expect(status == 0)
            #expect(output.standardError.contains("80 stores"))
            #expect(output.standardError.contains("50 customers, 300 receipts"))
            #expect(FileManager.default.fileExists(atPath: path))

            let failed = CapturedOutput()
            let bad = (directory as NSString).appendingPathComponent("missing/h.db")
            #expect(PromoCommand.execute(["history", "generate", "--out", bad], output: failed) == ExitStatus.usage)
            #expect(failed.standardError.contains("does not exist"))
            #expect(PromoCommand.execute(["history", "generate", "--out", path, "--days", "0"], output: CapturedOutput()) == ExitStatus.usage)
        }
    }
}
