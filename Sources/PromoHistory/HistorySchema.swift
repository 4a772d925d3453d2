import GRDB

/// The schema of the history database (docs/history-schema.md): the statements that create its
/// tables and indexes, and its version, kept in `PRAGMA user_version`.
public enum HistorySchema {
    /// The schema's version, `PRAGMA user_version` of every history file.
    public static let version = 1

    /// The statements that create the six tables, in the order of the document.
    public static let tables: [String] = [
        """
        CREATE TABLE meta (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL
        )
        """,
        """
        CREATE TABLE stores (
            id INTEGER PRIMARY KEY,
            format TEXT NOT NULL,
            region TEXT NOT NULL,
            city TEXT NOT NULL,
            groups TEXT NOT NULL
        )
        """,
        """
        CREATE TABLE products (
            sku INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            category TEXT NOT NULL,
            brand TEXT,
            weighed INTEGER NOT NULL,
            excise INTEGER NOT NULL,
            min_price INTEGER
        )
        """,
        """
        CREATE TABLE customers (
            id INTEGER PRIMARY KEY,
            card TEXT,
            gender TEXT,
            birth_date TEXT,
            region TEXT,
            city TEXT,
            registered TEXT NOT NULL,
            app INTEGER NOT NULL,
            consent_sms INTEGER NOT NULL,
            consent_email INTEGER NOT NULL,
            consent_push INTEGER NOT NULL,
            rfm TEXT,
            segments TEXT NOT NULL,
            bonus_balance INTEGER NOT NULL
        )
        """,
        """
        CREATE TABLE receipts (
            id INTEGER PRIMARY KEY,
            store INTEGER NOT NULL,
            at TEXT NOT NULL,
            customer INTEGER,
            channel TEXT NOT NULL,
            coupons TEXT NOT NULL,
            codes TEXT NOT NULL,
            bonus_payment INTEGER NOT NULL
        )
        """,
        """
        CREATE TABLE lines (
            receipt INTEGER NOT NULL,
            position INTEGER NOT NULL,
            sku INTEGER NOT NULL,
            price INTEGER NOT NULL,
            quantity INTEGER NOT NULL,
            amount INTEGER NOT NULL,
            PRIMARY KEY (receipt, position)
        ) WITHOUT ROWID
        """,
    ]

    /// The statements that create the indexes of `receipts`: by customer and time (the dry-run
    /// reads each customer's receipts in order through it; it holds every column the dry-run
    /// reads, so that reading a receipt does not look it up in the table too: a quarter less
    /// time in SQLite) and by time (date ranges).
    public static let indexes: [String] = [
        "CREATE INDEX receipts_by_customer ON receipts(customer, at, id, store, channel, coupons, codes, bonus_payment)",
        "CREATE INDEX receipts_by_time ON receipts(at, id)",
    ]

    /// Creates the whole schema in an empty database: the tables, the indexes and the version.
    public static func create(_ db: Database) throws {
        try createTables(db)
        try createIndexes(db)
    }

    /// Creates the tables and sets the version, without the indexes: a writer of many rows
    /// creates those after the rows, with ``createIndexes(_:)``, which is faster.
    public static func createTables(_ db: Database) throws {
        for statement in tables { try db.execute(sql: statement) }
        try db.execute(sql: "PRAGMA user_version = \(version)")
    }

    /// Creates the indexes of `receipts`.
    public static func createIndexes(_ db: Database) throws {
        for statement in indexes { try db.execute(sql: statement) }
    }
}
