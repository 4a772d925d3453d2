import Foundation
import GRDB
import GRDBSQLite
import PromoVM

/// A problem with the history database: the file, and the table and row at fault when there is
/// one. Its description is what the analyst reads.
public struct HistoryError: Error, Sendable, CustomStringConvertible {
    public var file: String
    public var message: String

    public init(file: String, _ message: String) {
        self.file = file
        self.message = message
    }

    public var description: String { "\(file): \(message)" }
}

/// A product of the history's catalogue, its texts shared by every line of it.
public struct Product: Sendable {
    public var sku: Int64
    public var name: String
    public var category: String
    public var brand: String?
    public var weighed: Bool
    public var excise: Bool
    public var minPrice: Int64?
}

/// A customer's profile as the `customers` table holds it. (A class: a replay hands the
/// profile to each of the customer's receipts as one reference, not a copy of its fields with
/// a count for each text.)
public final class CustomerProfile: Sendable {
    public let id: Int64
    public let card: String?
    public let gender: String?
    public let birthDate: LocalDate?
    public let region: String?
    public let city: String?
    public let registered: LocalDate
    public let app: Bool
    public let consentSMS: Bool
    public let consentEmail: Bool
    public let consentPush: Bool
    public let rfm: String?
    public let segments: [String]
    public let bonusBalance: Int64

    public init(id: Int64, card: String?, gender: String?, birthDate: LocalDate?, region: String?, city: String?,
                registered: LocalDate, app: Bool, consentSMS: Bool, consentEmail: Bool, consentPush: Bool,
                rfm: String?, segments: [String], bonusBalance: Int64) {
        self.id = id
        self.card = card
        self.gender = gender
        self.birthDate = birthDate
        self.region = region
        self.city = city
        self.registered = registered
        self.app = app
        self.consentSMS = consentSMS
        self.consentEmail = consentEmail
        self.consentPush = consentPush
        self.rfm = rfm
        self.segments = segments
        self.bonusBalance = bonusBalance
    }
}

/// The history database (docs/history-schema.md), opened read-only: its schema checked, its
/// small tables (meta, stores, products) read whole, the big ones streamed by ``Replay``.
public final class HistoryDatabase: Sendable {
    public let path: String
    /// The file's name, for messages.
    public let name: String
    public let currency: String
    public let decimals: Int
    public let stores: [Int64: Store]
    public let products: [Int64: Product]

    /// The columns every table must have.
    static let columns: [(table: String, columns: [String])] = [
        ("meta", ["key", "value"]),
        ("stores", ["id", "format", "region", "city", "groups"]),
        ("products", ["sku", "name", "category", "brand", "weighed", "excise", "min_price"]),
        ("customers", ["id", "card", "gender", "birth_date", "region", "city", "registered", "app", "consent_sms",
                       "consent_email", "consent_push", "rfm", "segments", "bonus_balance"]),
        ("receipts", ["id", "store", "at", "customer", "channel", "coupons", "codes", "bonus_payment"]),
        ("lines", ["receipt", "position", "sku", "price", "quantity", "amount"]),
    ]

    /// Opens `path` read-only and checks its schema; reads the chain's stores and products.
    public init(path: String) throws(HistoryError) {
        self.path = path
        let name = (path as NSString).lastPathComponent
        self.name = name
        guard FileManager.default.fileExists(atPath: path) else { throw HistoryError(file: path, "no such file") }
        do {
            let queue = try HistoryDatabase.open(path)
            let loaded = try queue.read { db throws -> (String, Int, [Int64: Store], [Int64: Product]) in
                try HistoryDatabase.checkSchema(db, name: name)
                var meta: [String: String] = [:]
                for row in try Row.fetchAll(db, sql: "SELECT key, value FROM meta") {
                    if let k = row[0] as String?, let v = row[1] as String? { meta[k] = v }
                }
                let currency = meta["currency"] ?? ""
                guard currency.utf8.count == 3, currency.utf8.allSatisfy({ (65...90).contains($0) }) else {
                    throw HistoryError(file: name, "meta row currency: \"\(currency)\" is not a currency code like \"RUB\"")
                }
                guard let decimals = meta["decimals"].flatMap({ Int($0) }), (0...4).contains(decimals) else {
                    throw HistoryError(file: name, "meta row decimals: \"\(meta["decimals"] ?? "")\" is not a number of decimals from 0 to 4")
                }
                var stores: [Int64: Store] = [:]
                for row in try Row.fetchAll(db, sql: "SELECT id, format, region, city, groups FROM stores") {
                    let id: Int64 = try HistoryDatabase.integer(row, 0, name, "stores row", "id")
                    stores[id] = Store(id: id, format: row[1], region: row[2], city: row[3],
                                       groups: HistoryDatabase.list(row[4]))
                }
                var products: [Int64: Product] = [:]
                var texts: [String: String] = [:]
                func shared(_ s: String) -> String {
                    if let t = texts[s] { return t }
                    texts[s] = s
                    return s
                }
                for row in try Row.fetchAll(db, sql: "SELECT sku, name, category, brand, weighed, excise, min_price FROM products") {
                    let sku: Int64 = try HistoryDatabase.integer(row, 0, name, "products row", "sku")
                    let at = "products row \(sku)"
                    guard let category = row[2] as String?, !category.isEmpty else {
                        throw HistoryError(file: name, "\(at): category is empty")
                    }
                    let minPrice = row[6] as Int64?
                    if let minPrice, minPrice < 0 { throw HistoryError(file: name, "\(at): min_price \(minPrice) is below 0") }
                    products[sku] = Product(sku: sku, name: row[1] ?? "", category: shared(category),
                                            brand: (row[3] as String?).map(shared), weighed: (row[4] as Int64? ?? 0) != 0,
                                            excise: (row[5] as Int64? ?? 0) != 0, minPrice: minPrice)
                }
                return (currency, decimals, stores, products)
            }
            (currency, decimals, stores, products) = loaded
        } catch let error as HistoryError {
            throw error
        } catch let error as DatabaseError {
            throw HistoryError(file: name, HistoryDatabase.describe(error))
        } catch {
            throw HistoryError(file: name, "\(error)")
        }
    }

    /// What `body` gives, its errors as history errors naming the file `file` (SQLite's by
    /// their message).
    static func mapping<T>(_ file: String, _ body: () throws -> T) throws(HistoryError) -> T {
        do {
            return try body()
        } catch let error as HistoryError {
            throw error
        } catch let error as DatabaseError {
            throw HistoryError(file: file, describe(error))
        } catch {
            throw HistoryError(file: file, "\(error)")
        }
    }

    /// What `body` reads through a new read-only connection (errors as ``mapping(_:_:)``).
    func read<T>(_ body: (Database) throws -> T) throws(HistoryError) -> T {
        try HistoryDatabase.mapping(name) { try connection().read(body) }
    }

    /// A read-only connection to `path`.
    static func open(_ path: String) throws -> DatabaseQueue {
        var configuration = Configuration()
        configuration.readonly = true
        configuration.label = "history"
        configuration.prepareDatabase { db in
            // Customers' receipts are read in customer order, so the file is read out of order:
            // mapped into memory, a page is read once, without a copy or a system call each time
            // (the pages are the file's own, shared, and dropped by the system when it needs).
            try db.execute(sql: "PRAGMA mmap_size = 4294967296")
        }
        return try DatabaseQueue(path: path, configuration: configuration)
    }

    /// A new read-only connection, one per thread of a replay.
    func connection() throws(HistoryError) -> DatabaseQueue {
        do { return try HistoryDatabase.open(path) } catch { throw HistoryError(file: name, "\(error)") }
    }

    static func describe(_ error: DatabaseError) -> String {
        if error.resultCode == .SQLITE_NOTADB { return "not an SQLite database" }
        return error.message ?? "\(error)"
    }

    static func checkSchema(_ db: Database, name: String) throws {
        for (table, columns) in columns {
            guard try db.tableExists(table) else {
                throw HistoryError(file: name, "no table \(table) (docs/history-schema.md lists the tables)")
            }
            let have = Set(try db.columns(in: table).map { $0.name.lowercased() })
            for column in columns where !have.contains(column) {
                throw HistoryError(file: name, "table \(table) has no column \(column)")
            }
        }
    }

    static func integer(_ row: Row, _ i: Int, _ file: String, _ place: String, _ column: String) throws -> Int64 {
        guard let v = row[i] as Int64? else { throw HistoryError(file: file, "\(place): \(column) is not an integer") }
        return v
    }

    /// A comma-separated list; empty for none.
    static func list(_ text: String?) -> [String] {
        guard let text, !text.isEmpty else { return [] }
        return text.split(separator: ",", omittingEmptySubsequences: true).map(String.init)
    }

    /// Reads `YYYY-MM-DD` at `p` (10 bytes).
    static func date(_ p: UnsafeBufferPointer<UInt8>, at k: Int) -> LocalDate? {
        guard p.count >= k + 10, p[k + 4] == UInt8(ascii: "-"), p[k + 7] == UInt8(ascii: "-") else { return nil }
        func digits(_ from: Int, _ n: Int) -> Int? {
            var v = 0
            for i in from..<(from + n) {
                let c = p[i]
                guard c >= 48 && c <= 57 else { return nil }
                v = v * 10 + Int(c - 48)
            }
            return v
        }
        guard let y = digits(k, 4), let m = digits(k + 5, 2), let d = digits(k + 8, 2) else { return nil }
        let date = LocalDate(year: y, month: m, day: d)
        return date.isValid ? date : nil
    }

    /// `YYYY-MM-DD` as a date.
    public static func date(_ text: String) -> LocalDate? {
        var t = text
        return t.withUTF8 { $0.count == 10 ? date($0, at: 0) : nil }
    }

    /// `YYYY-MM-DD HH:MM` as a date and minute of the day.
    static func dateTime(_ p: UnsafeBufferPointer<UInt8>) -> (LocalDate, Int)? {
        guard let minute = minuteOfDay(p), let date = date(p, at: 0) else { return nil }
        return (date, minute)
    }

    /// The minute of the day of `YYYY-MM-DD HH:MM` (or with a `T`), its date not read; nil when
    /// the text is not of that form or its time not a time.
    static func minuteOfDay(_ p: UnsafeBufferPointer<UInt8>) -> Int? {
        guard p.count == 16, p[10] == UInt8(ascii: " ") || p[10] == UInt8(ascii: "T"), p[13] == UInt8(ascii: ":") else { return nil }
        let h0 = Int(p[11]) - 48, h1 = Int(p[12]) - 48, m0 = Int(p[14]) - 48, m1 = Int(p[15]) - 48
        guard (0...9).contains(h0), (0...9).contains(h1), (0...9).contains(m0), (0...9).contains(m1) else { return nil }
        let hour = h0 * 10 + h1, minute = m0 * 10 + m1
        guard hour < 24, minute < 60 else { return nil }
        return hour * 60 + minute
    }

    /// The profiles of the customers `?1 ... ?2`, in the order the replay reaches them.
    static let profilesSQL = "\(profileColumns) WHERE id >= ?1 AND id <= ?2 ORDER BY id"
    /// The columns of a profile (``profile(_:file:)``), from `customers`.
    static let profileColumns = """
        SELECT id, card, gender, birth_date, region, city, registered, app, consent_sms, consent_email, consent_push,
               rfm, segments, bonus_balance FROM customers
        """

    /// The profile in the current row of statement `s` (``profilesSQL``'s columns), read
    /// straight from SQLite: a replay reads one per customer, so about one per ten receipts.
    static func profile(_ s: OpaquePointer, file: String) throws(HistoryError) -> CustomerProfile {
        guard sqlite3_column_type(s, 0) == SQLITE_INTEGER else { throw HistoryError(file: file, "customers row: id is not an integer") }
        let id = sqlite3_column_int64(s, 0)
        // (The place, for an error only.)
        func at() -> String { "customers row \(id)" }
        func bytes(_ i: Int32) -> UnsafeBufferPointer<UInt8>? {
            guard sqlite3_column_type(s, i) != SQLITE_NULL else { return nil }
            // (The text first, then its length: asking for the text may convert the value.)
            let p = sqlite3_column_text(s, i)
            return UnsafeBufferPointer(start: p, count: Int(sqlite3_column_bytes(s, i)))
        }
        func text(_ i: Int32) -> String? { bytes(i).map { String(decoding: $0, as: UTF8.self) } }
        func integer(_ i: Int32) -> Int64 { sqlite3_column_int64(s, i) }
        func day(_ i: Int32, _ column: String) throws(HistoryError) -> LocalDate? {
            guard let b = bytes(i) else { return nil }
            guard b.count == 10, let d = HistoryDatabase.date(b, at: 0) else {
                throw HistoryError(file: file, "\(at()): \(column) \"\(String(decoding: b, as: UTF8.self))\" is not a date (YYYY-MM-DD)")
            }
            return d
        }
        guard let registered = try day(6, "registered") else { throw HistoryError(file: file, "\(at()): registered is empty") }
        let balance = integer(13)
        guard balance >= 0 else { throw HistoryError(file: file, "\(at()): bonus_balance \(balance) is below 0") }
        return CustomerProfile(
            id: id, card: text(1), gender: text(2), birthDate: try day(3, "birth_date"), region: text(4), city: text(5),
            registered: registered, app: integer(7) != 0, consentSMS: integer(8) != 0, consentEmail: integer(9) != 0,
            consentPush: integer(10) != 0, rfm: text(11), segments: list(text(12)), bonusBalance: balance)
    }
}
