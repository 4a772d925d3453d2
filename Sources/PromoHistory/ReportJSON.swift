import PromoJSON
import PromoVM

/// The dry-run report as JSON (docs/dryrun-report.md): every figure, keys in a fixed order, days
/// and stores sorted, promos in the set's order; money as decimal strings with the currency's
/// decimals, units as decimal strings, counts as integers. The same report gives byte-identical
/// JSON, and ``DryRunReport/init(json:file:)`` reads it back into an equal report.
extension DryRunReport {
    /// The value of the `version` member this code writes and reads.
    public static let jsonVersion = 1

    public func json() -> String { jsonValue().serialized(pretty: true) + "\n" }

    public func jsonValue() -> JSONValue {
        var fields: [(String, JSONValue)] = [
            ("report", .string("promo dryrun")),
            ("version", .int(DryRunReport.jsonVersion)),
            ("database", .string(database)),
            ("period", .object([("from", date(from)), ("to", date(to)), ("first_day", date(firstDay)), ("last_day", date(lastDay))])),
            ("bundle_hash", .string(bundleHash)),
            ("baseline_hash", baselineHash.map { .string($0) } ?? .null),
            ("shard", shard.map { .object([("index", .int($0.index)), ("count", .int($0.count))]) } ?? .null),
            ("shards_merged", .array(shardsMerged.map { .int($0) })),
            ("currency", .string(currency)),
            ("decimals", .int(decimals)),
            ("scan", .object([
                ("receipts", int(scan.receipts)),
                ("identified_receipts", int(scan.identifiedReceipts)),
                ("lines", int(scan.lines)),
                ("customers", int(scan.customers)),
                ("original_total", money(scan.originalTotal)),
                ("final_total", money(scan.finalTotal)),
            ])),
            ("promos", set(promoSet)),
            ("baseline", baseline.map(set) ?? .null),
        ]
        if let baseline {
            // Derived from the two sets, for readers; not read back.
            fields.append(("against_baseline", .object([
                ("all", figures(promoSet.all.minus(baseline.all))),
                ("per_promo", .object(unionOfPromos.map { ($0, figures(promoSet.figures($0).minus(baseline.figures($0)))) })),
            ])))
        } else {
            fields.append(("against_baseline", .null))
        }
        return .object(fields)
    }

    private func int(_ v: Int64) -> JSONValue { .int(Int(v)) }
    private func money(_ v: Int64) -> JSONValue { .string(ReportFormat.money(v, decimals: decimals)) }
    private func date(_ d: LocalDate?) -> JSONValue { d.map { .string($0.description) } ?? .null }

    private func figures(_ f: PromoFigures) -> JSONValue {
        .object(FigureColumn.allCases.map { c in
            (c.key, c.kind == .count ? int(c.value(f)) : .string(c.text(f, decimals: decimals)))
        })
    }

    private func perPromo(_ m: [String: PromoFigures], of s: PromoSetReport) -> JSONValue {
        .object(s.promosIn(m).compactMap { p in m[p].map { (p, figures($0)) } })
    }

    private func set(_ s: PromoSetReport) -> JSONValue {
        let days = Set(s.byDay.keys).union(s.allByDay.keys).sorted()
        let stores = Set(s.byStore.keys).union(s.allByStore.keys).sorted()
        return .object([
            ("promos", .array(s.promos.map { .string($0) })),
            ("all", figures(s.all)),
            ("per_promo", perPromo(s.perPromo, of: s)),
            ("by_day", .array(days.map { d in
                .object([("day", .string(d.description)), ("all", s.allByDay[d].map(figures) ?? .null),
                         ("per_promo", s.byDay[d].map { perPromo($0, of: s) } ?? .null)])
            })),
            ("by_store", .array(stores.map { st in
                .object([("store", int(st)), ("all", s.allByStore[st].map(figures) ?? .null),
                         ("per_promo", s.byStore[st].map { perPromo($0, of: s) } ?? .null)])
            })),
        ])
    }

    /// Reads a report written by ``json()``; `file` names it in errors. Every member `json()`
    /// writes is required (`null` where it may be absent), members it does not write are
    /// ignored, and `against_baseline` is not read (it follows from the two sets).
    public init(json: String, file: String) throws(ReportError) {
        let root: JSONValue
        do throws(JSONParseError) {
            root = try JSONParser.parse(json)
        } catch {
            throw ReportError(file: file, field: error.path, message: "invalid JSON at line \(error.line), column \(error.column): \(error.message)")
        }
        var r = ReportReader(file: file, decimals: 2)
        _ = try r.object(root, "")
        let version = try r.int(r.member(root, "version", ""), "version")
        guard version == Int64(DryRunReport.jsonVersion) else {
            throw r.fail("version", "this report is version \(version); this program reads version \(DryRunReport.jsonVersion)")
        }
        let decimals = try r.int(r.member(root, "decimals", ""), "decimals")
        guard (0...18).contains(decimals) else { throw r.fail("decimals", "\(decimals) is not a number of decimals from 0 to 18") }
        r.decimals = Int(decimals)

        var report = DryRunReport()
        report.decimals = Int(decimals)
        report.database = try r.string(r.member(root, "database", ""), "database")
        let period = try r.member(root, "period", "")
        _ = try r.object(period, "period")
        report.from = try r.optionalDate(r.member(period, "from", "period"), "period.from")
        report.to = try r.optionalDate(r.member(period, "to", "period"), "period.to")
        report.firstDay = try r.optionalDate(r.member(period, "first_day", "period"), "period.first_day")
        report.lastDay = try r.optionalDate(r.member(period, "last_day", "period"), "period.last_day")
        report.bundleHash = try r.string(r.member(root, "bundle_hash", ""), "bundle_hash")
        let baselineHash = try r.member(root, "baseline_hash", "")
        report.baselineHash = baselineHash.isNull ? nil : try r.string(baselineHash, "baseline_hash")
        let shard = try r.member(root, "shard", "")
        if !shard.isNull {
            _ = try r.object(shard, "shard")
            let index = try r.int(r.member(shard, "index", "shard"), "shard.index")
            let count = try r.int(r.member(shard, "count", "shard"), "shard.count")
            guard count >= 1, count <= Int64(Int32.max), index >= 0, index <= count else {
                throw r.fail("shard", "shard \(index) of \(count) is not a shard of a run")
            }
            report.shard = (Int(index), Int(count))
        }
        let merged = try r.array(r.member(root, "shards_merged", ""), "shards_merged")
        report.shardsMerged = []
        for (k, v) in merged.enumerated() {
            let n = try r.int(v, JSONPath.element("shards_merged", k))
            guard n >= 0, n <= Int64(Int32.max) else { throw r.fail(JSONPath.element("shards_merged", k), "\(n) is not a shard index") }
            report.shardsMerged.append(Int(n))
        }
        report.currency = try r.string(r.member(root, "currency", ""), "currency")
        let scan = try r.member(root, "scan", "")
        _ = try r.object(scan, "scan")
        report.scan = ScanFigures(
            receipts: try r.int(r.member(scan, "receipts", "scan"), "scan.receipts"),
            identifiedReceipts: try r.int(r.member(scan, "identified_receipts", "scan"), "scan.identified_receipts"),
            lines: try r.int(r.member(scan, "lines", "scan"), "scan.lines"),
            customers: try r.int(r.member(scan, "customers", "scan"), "scan.customers"),
            originalTotal: try r.money(r.member(scan, "original_total", "scan"), "scan.original_total"),
            finalTotal: try r.money(r.member(scan, "final_total", "scan"), "scan.final_total"))
        report.promoSet = try r.set(r.member(root, "promos", ""), "promos")
        let baseline = try r.member(root, "baseline", "")
        report.baseline = baseline.isNull ? nil : try r.set(baseline, "baseline")
        self = report
    }
}

/// Reads the members of a report's JSON, each error naming the file and the field.
private struct ReportReader {
    let file: String
    var decimals: Int

    func fail(_ path: String, _ message: String) -> ReportError { ReportError(file: file, field: path, message: message) }

    func object(_ v: JSONValue, _ path: String) throws(ReportError) -> [(String, JSONValue)] {
        guard let fields = v.asObject else { throw fail(path, "expected an object, found \(v.briefDescription)") }
        return fields
    }

    func array(_ v: JSONValue, _ path: String) throws(ReportError) -> [JSONValue] {
        guard let items = v.asArray else { throw fail(path, "expected an array, found \(v.briefDescription)") }
        return items
    }

    /// The member `key` of the object at `path`; a missing one is an error (`null` is a value).
    func member(_ v: JSONValue, _ key: String, _ path: String) throws(ReportError) -> JSONValue {
        guard let value = v[key] else { throw fail(JSONPath.member(path, key), "is missing") }
        return value
    }

    func string(_ v: JSONValue, _ path: String) throws(ReportError) -> String {
        guard let s = v.asString else { throw fail(path, "expected a string, found \(v.briefDescription)") }
        return s
    }

    func int(_ v: JSONValue, _ path: String) throws(ReportError) -> Int64 {
        guard let text = v.numberText, JSONNumber.isValid(text, exponent: false), !text.contains("."), let n = v.asInt64 else {
            throw fail(path, "expected a whole number, found \(v.briefDescription)")
        }
        return n
    }

    private func scaled(_ v: JSONValue, _ path: String, decimals: Int, what: String) throws(ReportError) -> Int64 {
        guard let text = v.asString else { throw fail(path, "expected \(what) as a string, found \(v.briefDescription)") }
        do throws(JSONNumber.ScaleProblem) {
            return try FixedPoint.parse(text, decimals: decimals)
        } catch {
            switch error {
            case .malformed: throw fail(path, "expected \(what), found \(v.briefDescription)")
            case .tooManyDecimals: throw fail(path, "\(v.briefDescription) has more than \(decimals) decimals")
            case .tooLarge: throw fail(path, "\(v.briefDescription) is too large")
            }
        }
    }

    func money(_ v: JSONValue, _ path: String) throws(ReportError) -> Int64 {
        let example = ReportFormat.money(12345, decimals: decimals)
        return try scaled(v, path, decimals: decimals, what: "money like \"\(example)\"")
    }

    func units(_ v: JSONValue, _ path: String) throws(ReportError) -> Int64 {
        try scaled(v, path, decimals: FixedPoint.quantityDecimals, what: "units like \"12.5\"")
    }

    func date(_ v: JSONValue, _ path: String) throws(ReportError) -> LocalDate {
        guard let text = v.asString, let d = ReportReader.parseDate(text) else {
            throw fail(path, "expected a date like \"2025-03-01\", found \(v.briefDescription)")
        }
        return d
    }

    func optionalDate(_ v: JSONValue, _ path: String) throws(ReportError) -> LocalDate? {
        v.isNull ? nil : try date(v, path)
    }

    /// `YYYY-MM-DD`, a real date.
    static func parseDate(_ text: String) -> LocalDate? {
        let b = Array(text.utf8)
        guard b.count == 10, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-") else { return nil }
        func number(_ r: Range<Int>) -> Int? {
            var n = 0
            for k in r {
                guard b[k] >= 0x30, b[k] <= 0x39 else { return nil }
                n = n * 10 + Int(b[k] - 0x30)
            }
            return n
        }
        guard let y = number(0..<4), let m = number(5..<7), let d = number(8..<10) else { return nil }
        let date = LocalDate(year: y, month: m, day: d)
        return date.isValid ? date : nil
    }

    func figures(_ v: JSONValue, _ path: String) throws(ReportError) -> PromoFigures {
        _ = try object(v, path)
        var f = PromoFigures()
        for c in FigureColumn.allCases {
            let value = try member(v, c.key, path)
            let at = JSONPath.member(path, c.key)
            switch c.kind {
            case .count: c.set(try int(value, at), in: &f)
            case .units: c.set(try units(value, at), in: &f)
            case .money: c.set(try money(value, at), in: &f)
            }
        }
        return f
    }

    func perPromo(_ v: JSONValue, _ path: String) throws(ReportError) -> [String: PromoFigures] {
        var out: [String: PromoFigures] = [:]
        for (name, value) in try object(v, path) {
            let at = JSONPath.member(path, name)
            guard out[name] == nil else { throw fail(at, "appears twice") }
            out[name] = try figures(value, at)
        }
        return out
    }

    func set(_ v: JSONValue, _ path: String) throws(ReportError) -> PromoSetReport {
        _ = try object(v, path)
        var s = PromoSetReport()
        let promosPath = JSONPath.member(path, "promos")
        for (k, p) in try array(member(v, "promos", path), promosPath).enumerated() {
            s.promos.append(try string(p, JSONPath.element(promosPath, k)))
        }
        s.all = try figures(member(v, "all", path), JSONPath.member(path, "all"))
        s.perPromo = try perPromo(member(v, "per_promo", path), JSONPath.member(path, "per_promo"))

        let daysPath = JSONPath.member(path, "by_day")
        for (k, entry) in try array(member(v, "by_day", path), daysPath).enumerated() {
            let at = JSONPath.element(daysPath, k)
            _ = try object(entry, at)
            let day = try date(member(entry, "day", at), JSONPath.member(at, "day"))
            guard s.allByDay[day] == nil, s.byDay[day] == nil else { throw fail(JSONPath.member(at, "day"), "\(day) appears twice") }
            let all = try member(entry, "all", at)
            if !all.isNull { s.allByDay[day] = try figures(all, JSONPath.member(at, "all")) }
            let promos = try member(entry, "per_promo", at)
            if !promos.isNull { s.byDay[day] = try perPromo(promos, JSONPath.member(at, "per_promo")) }
        }

        let storesPath = JSONPath.member(path, "by_store")
        for (k, entry) in try array(member(v, "by_store", path), storesPath).enumerated() {
            let at = JSONPath.element(storesPath, k)
            _ = try object(entry, at)
            let store = try int(member(entry, "store", at), JSONPath.member(at, "store"))
            guard s.allByStore[store] == nil, s.byStore[store] == nil else {
                throw fail(JSONPath.member(at, "store"), "store \(store) appears twice")
            }
            let all = try member(entry, "all", at)
            if !all.isNull { s.allByStore[store] = try figures(all, JSONPath.member(at, "all")) }
            let promos = try member(entry, "per_promo", at)
            if !promos.isNull { s.byStore[store] = try perPromo(promos, JSONPath.member(at, "per_promo")) }
        }
        return s
    }
}
