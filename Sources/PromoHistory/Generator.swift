import Foundation
import GRDB

/// Writes a synthetic history database (docs/history-schema.md): a retail chain with its
/// category tree, products, stores and loyalty customers, and a period of receipts with their
/// lines. The same options and seed give the same file, byte for byte.
///
/// The catalogue and the stores are fixed and contain everything the bundled promo set
/// (promos/*.promo) names, so that a dry-run of those promos finds its goods, stores, coupons,
/// promo codes and customer segments. Customers, their visits and their baskets come from the seed.
public struct HistoryGenerator: Sendable {
    /// What to generate.
    public struct Options: Sendable, Hashable {
        /// Loyalty customers (rows of `customers`).
        public var customers: Int
        /// Receipts over the period: 70% from customers, the rest anonymous.
        public var receipts: Int
        /// The seed of every random choice.
        public var seed: UInt64
        /// The first day of the period, `YYYY-MM-DD`; nil: the period ends on ``defaultEnd``.
        public var start: String?
        /// The length of the period in days.
        public var days: Int
        /// Products in the catalogue, at least the ones the promo set names.
        public var products: Int

        /// The last day of the period when no start is given.
        public static let defaultEnd = "2026-10-31"

        public init(customers: Int = 20_000, receipts: Int = 200_000, seed: UInt64 = 1, start: String? = nil,
                    days: Int = 365, products: Int = 20_000) {
            self.customers = customers
            self.receipts = receipts
            self.seed = seed
            self.start = start
            self.days = days
            self.products = products
        }
    }

    /// What was written.
    public struct Summary: Sendable, Hashable {
        public var stores: Int
        public var products: Int
        public var customers: Int
        public var receipts: Int
        public var lines: Int
        /// The first and last day of the period, `YYYY-MM-DD`.
        public var firstDay: String
        public var lastDay: String
    }

    public var options: Options

    public init(options: Options = Options()) {
        self.options = options
    }

    /// The most of each count a run accepts.
    public static let maximumCustomers = 10_000_000
    public static let maximumReceipts = 50_000_000
    public static let maximumDays = 3_660

    /// The problems with the options, as sentences; empty when they are fine.
    public func problems() -> [String] {
        var problems: [String] = []
        if options.customers < 0 || options.customers > Self.maximumCustomers {
            problems.append("customers must be between 0 and \(Self.maximumCustomers), not \(options.customers)")
        }
        if options.receipts < 0 || options.receipts > Self.maximumReceipts {
            problems.append("receipts must be between 0 and \(Self.maximumReceipts), not \(options.receipts)")
        }
        if options.days < 1 || options.days > Self.maximumDays {
            problems.append("days must be between 1 and \(Self.maximumDays), not \(options.days)")
        }
        if let start = options.start, Day.parse(start) == nil {
            problems.append("start `\(start)` is not a date (YYYY-MM-DD)")
        }
        let named = Catalogue.namedCount
        if options.products < named || options.products > 1_000_000 {
            problems.append("products must be between \(named) (the products the promo set names) and 1000000, not \(options.products)")
        }
        return problems
    }

    /// The first and last day numbers of the period.
    func period() -> (first: Int, last: Int) {
        if let start = options.start, let first = Day.parse(start) {
            return (first, first + options.days - 1)
        }
        let last = Day.parse(Options.defaultEnd) ?? 0
        return (last - options.days + 1, last)
    }

    /// Writes the history to `path`. The rows go to a temporary file in the same directory,
    /// renamed to `path` only when complete: a failed or interrupted run never leaves a
    /// half-written file at `path`, and an existing file there is replaced only then.
    public func generate(to path: String) throws(HistoryGenerationError) -> Summary {
        let problems = problems()
        guard problems.isEmpty else { throw HistoryGenerationError(path: path, problems.joined(separator: "; ")) }
        let temporary = try Self.temporaryPath(for: path)
        try? FileManager.default.removeItem(atPath: temporary)
        let summary: Summary
        do {
            var configuration = Configuration()
            configuration.label = "history generator"
            let queue = try DatabaseQueue(path: temporary, configuration: configuration)
            summary = try queue.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA journal_mode = OFF")
                try db.execute(sql: "PRAGMA synchronous = OFF")
                try db.execute(sql: "PRAGMA locking_mode = EXCLUSIVE")
                try db.execute(sql: "PRAGMA cache_size = -65536")
                var summary: Summary?
                try db.inTransaction(.exclusive) {
                    summary = try write(db)
                    return .commit
                }
                guard let summary else { throw HistoryGenerationError(path: path, "nothing was written") }
                return summary
            }
            try queue.close()
        } catch let error as HistoryGenerationError {
            try? FileManager.default.removeItem(atPath: temporary)
            throw error
        } catch {
            try? FileManager.default.removeItem(atPath: temporary)
            throw HistoryGenerationError(path: path, Self.describe(error))
        }
        guard rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(atPath: temporary)
            throw HistoryGenerationError(path: path, "cannot move the finished file into place: \(reason)")
        }
        return summary
    }

    /// The temporary file next to `path` that ``generate(to:)`` writes: `.NAME.partial-PID` in the
    /// same directory, so that the final rename stays within one file system. Refuses a path
    /// whose directory is missing and a path that is a directory.
    public static func temporaryPath(for path: String) throws(HistoryGenerationError) -> String {
        guard !path.isEmpty else { throw HistoryGenerationError(path: path, "no output path given") }
        let url = URL(fileURLWithPath: path)
        let directory = url.deletingLastPathComponent().path
        let name = url.lastPathComponent
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory) else {
            throw HistoryGenerationError(path: path, "directory `\(directory)` does not exist")
        }
        guard isDirectory.boolValue else {
            throw HistoryGenerationError(path: path, "`\(directory)` is not a directory")
        }
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw HistoryGenerationError(path: path, "it is a directory")
        }
        guard FileManager.default.isWritableFile(atPath: directory) else {
            throw HistoryGenerationError(path: path, "directory `\(directory)` is not writable")
        }
        return (directory as NSString).appendingPathComponent(".\(name).partial-\(getpid())")
    }

    static func describe(_ error: any Error) -> String {
        if let error = error as? DatabaseError {
            return "SQLite error \(error.resultCode.rawValue): \(error.message ?? "\(error.resultCode)")"
        }
        return "\(error)"
    }
}

/// A history that could not be generated: the output path and what went wrong.
public struct HistoryGenerationError: Error, Sendable, Hashable, CustomStringConvertible {
    public var path: String
    public var message: String

    public init(path: String, _ message: String) {
        self.path = path
        self.message = message
    }

    public var description: String { "cannot generate `\(path)`: \(message)" }
}
