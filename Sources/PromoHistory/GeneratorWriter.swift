import GRDB
import GRDBSQLite

extension HistoryGenerator {
    /// A prepared INSERT whose values are bound one by one and stepped straight through SQLite:
    /// the generator writes millions of rows, and this skips building argument arrays per row.
    final class Insert {
        private let statement: Statement
        private let handle: SQLiteStatement
        private let db: Database
        private static let transient = unsafeBitCast(OpaquePointer(bitPattern: -1), to: sqlite3_destructor_type.self)

        init(_ db: Database, _ sql: String) throws {
            statement = try db.makeStatement(sql: sql)
            handle = statement.sqliteStatement
            self.db = db
        }

        func set(_ index: Int32, _ value: Int) {
            sqlite3_bind_int64(handle, index, Int64(value))
        }

        func set(_ index: Int32, _ value: Int?) {
            if let value { sqlite3_bind_int64(handle, index, Int64(value)) } else { sqlite3_bind_null(handle, index) }
        }

        func set(_ index: Int32, _ text: String?) {
            guard var text else {
                sqlite3_bind_null(handle, index)
                return
            }
            let handle = handle
            text.withUTF8 { bytes in
                if let base = bytes.baseAddress, bytes.count > 0 {
                    base.withMemoryRebound(to: CChar.self, capacity: bytes.count) {
                        _ = sqlite3_bind_text(handle, index, $0, Int32(bytes.count), Insert.transient)
                    }
                } else {
                    _ = sqlite3_bind_text(handle, index, "", 0, Insert.transient)
                }
            }
        }

        /// Inserts the row of the values bound.
        func run() throws {
            let code = sqlite3_step(handle)
            sqlite3_reset(handle)
            guard code == SQLITE_DONE else {
                throw DatabaseError(resultCode: ResultCode(rawValue: code), message: db.lastErrorMessage)
            }
        }
    }

    /// Writes every table into `db` (empty, inside a transaction) and returns the counts.
    func write(_ db: Database) throws -> Summary {
        try HistorySchema.createTables(db)
        let catalogue = Catalogue.build(productCount: options.products)
        let (first, last) = period()

        let stores = try Insert(db, "INSERT INTO stores (id, format, region, city, groups) VALUES (?, ?, ?, ?, ?)")
        for store in catalogue.stores {
            stores.set(1, store.id)
            stores.set(2, store.format)
            stores.set(3, store.region)
            stores.set(4, store.city)
            stores.set(5, store.groups)
            try stores.run()
        }

        let products = try Insert(db, """
            INSERT INTO products (sku, name, category, brand, weighed, excise, min_price) VALUES (?, ?, ?, ?, ?, ?, ?)
            """)
        for item in catalogue.items {
            products.set(1, item.sku)
            products.set(2, item.name)
            products.set(3, catalogue.categories[item.category].path)
            products.set(4, item.brand)
            products.set(5, item.weighed ? 1 : 0)
            products.set(6, item.excise ? 1 : 0)
            products.set(7, item.minPrice)
            try products.run()
        }

        let shoppers = try writeCustomers(db, catalogue: catalogue, first: first, last: last)
        let lines = try writeReceipts(db, catalogue: catalogue, shoppers: shoppers, first: first, last: last)
        try HistorySchema.createIndexes(db)

        let meta = try Insert(db, "INSERT INTO meta (key, value) VALUES (?, ?)")
        let rows: [(String, String)] = [
            ("currency", "RUB"), ("decimals", "2"), ("chain", "Demo Market"),
            ("seed", String(options.seed)),
            ("generated_customers", String(options.customers)),
            ("generated_receipts", String(options.receipts)),
            ("generated_lines", String(lines)),
            ("generated_products", String(catalogue.items.count)),
            ("generated_stores", String(catalogue.stores.count)),
            ("period_start", Day.text(first)), ("period_end", Day.text(last)),
        ]
        for (key, value) in rows {
            meta.set(1, key)
            meta.set(2, value)
            try meta.run()
        }
        return Summary(stores: catalogue.stores.count, products: catalogue.items.count, customers: options.customers,
                       receipts: options.receipts, lines: lines, firstDay: Day.text(first), lastDay: Day.text(last))
    }
}
