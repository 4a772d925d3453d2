import GRDB
import GRDBSQLite
import PromoVM

/// Which customers are in a segment on a day: every customer of the history, with the figures
/// their receipts before that day give, put to the bundle's probe promo (a promo whose audience
/// is the segment and that applies to anyone in it), so membership is decided by the compiler
/// and the VM exactly as at a till.
public struct SegmentCount: Sendable {
    public let database: HistoryDatabase
    public let bundle: LoadedBundle
    /// The probe promo's unit in the bundle.
    public let probe: Int
    public let plan: FigurePlan

    public init(database: HistoryDatabase, bundle: LoadedBundle, probe: Int, plan: FigurePlan) {
        self.database = database
        self.bundle = bundle
        self.probe = probe
        self.plan = plan
    }

    /// The day after the history's last receipt: a segment "now".
    public func dayAfterLastReceipt() throws(HistoryError) -> LocalDate? {
        do {
            let queue = try database.connection()
            guard let last = try queue.read({ db in try String.fetchOne(db, sql: "SELECT max(at) FROM receipts") }) else { return nil }
            var text = last
            guard let (date, _) = text.withUTF8({ HistoryDatabase.dateTime($0) }) else {
                throw HistoryError(file: database.name, "receipts: at \"\(last)\" is not a date and time (YYYY-MM-DD HH:MM)")
            }
            return Calendar.date(dayNumber: Calendar.dayNumber(date) + 1)
        } catch let error as HistoryError {
            throw error
        } catch {
            throw HistoryError(file: database.name, "\(error)")
        }
    }

    /// The ids of the customers in the segment on `day`, and how many customers there are.
    public func members(on day: LocalDate) throws(HistoryError) -> (ids: [Int64], customers: Int) {
        try database.read { db throws -> ([Int64], Int) in try self.scan(db, day) }
    }

    private func scan(_ db: Database, _ day: LocalDate) throws -> ([Int64], Int) {
        let d = Calendar.dayNumber(day)
        var masks: [Int64: UInt64] = [:]
        for p in database.products.values {
            let m = plan.mask(of: p)
            if m != 0 { masks[p.sku] = m }
        }
        let customerStatement = try db.makeStatement(sql: HistoryDatabase.profileColumns + " ORDER BY id")
        // (The statement is kept until the end: its SQLite statement is stepped here.)
        defer { withExtendedLifetime(customerStatement) {} }
        let customers = customerStatement.sqliteStatement
        let receipts = try db.makeStatement(sql: """
            SELECT r.customer, r.at, r.id, l.sku, l.amount FROM receipts r JOIN lines l ON l.receipt = r.id
            WHERE r.customer IS NOT NULL AND r.at < ? ORDER BY r.customer, r.at, r.id, l.position
            """)
        try receipts.setArguments([day.description + " 00:00"])
        let s = receipts.sqliteStatement
        var pending = sqlite3_step(s)

        var evaluator = Evaluator(bundle: bundle)
        evaluator.traceDetail = .applied  // only whether the probe applied is read
        var history = CustomerHistory(plan: plan)
        var ids: [Int64] = []
        var count = 0
        var receipt = Receipt(date: day, minute: 12 * 60)
        while true {
            let rc = sqlite3_step(customers)
            if rc == SQLITE_DONE { break }
            guard rc == SQLITE_ROW else { throw HistoryError(file: database.name, String(cString: sqlite3_errmsg(sqlite3_db_handle(customers)))) }
            let profile = try HistoryDatabase.profile(customers, file: database.name)
            count += 1
            history.reset()
            // This customer's receipts before the day (the stream is ordered by customer).
            var receiptID: Int64?
            var receiptDay = 0, amount: Int64 = 0, mask: UInt64 = 0
            while pending == SQLITE_ROW {
                let customer = sqlite3_column_int64(s, 0)
                if customer < profile.id {
                    throw HistoryError(file: database.name, "receipts: customer \(customer) is not in the customers table")
                }
                guard customer == profile.id else { break }
                let id = sqlite3_column_int64(s, 2)
                if id != receiptID {
                    if receiptID != nil { history.append(day: receiptDay, amount: amount, mask: mask) }
                    receiptID = id
                    let text = UnsafeBufferPointer(start: sqlite3_column_text(s, 1), count: Int(sqlite3_column_bytes(s, 1)))
                    guard let (date, _) = HistoryDatabase.dateTime(text) else {
                        throw HistoryError(file: database.name, "receipts row \(id): at is not a date and time (YYYY-MM-DD HH:MM)")
                    }
                    receiptDay = Calendar.dayNumber(date)
                    amount = 0
                    mask = 0
                }
                let sku = sqlite3_column_int64(s, 3)
                guard database.products[sku] != nil else {
                    throw HistoryError(file: database.name, "lines row (receipt \(id)): unknown sku \(sku)")
                }
                amount += sqlite3_column_int64(s, 4)
                mask |= masks[sku] ?? 0
                pending = sqlite3_step(s)
            }
            if receiptID != nil { history.append(day: receiptDay, amount: amount, mask: mask) }
            history.advance(to: d)
            var customer = Customer(id: String(profile.id), card: profile.card != nil, segments: profile.segments,
                                    bonusBalance: profile.bonusBalance)
            history.figures(profile, day: d, date: day, into: &customer.facts)
            receipt.customer = customer
            let result: EvaluationResult
            do {
                result = try evaluator.evaluate(receipt)
            } catch {
                throw HistoryError(file: database.name, "customers row \(profile.id): \(error.field.isEmpty ? "" : error.field + ": ")\(error.message)")
            }
            if result.trace.contains(where: { $0.unit == probe && $0.applied }) { ids.append(profile.id) }
        }
        if pending != SQLITE_DONE && pending != SQLITE_ROW {
            throw HistoryError(file: database.name, String(cString: sqlite3_errmsg(sqlite3_db_handle(s))))
        }
        if pending == SQLITE_ROW {
            throw HistoryError(file: database.name, "receipts: customer \(sqlite3_column_int64(s, 0)) is not in the customers table")
        }
        return (ids, count)
    }
}
