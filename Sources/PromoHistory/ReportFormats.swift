import PromoVM

/// A report file that cannot be read, or partial reports that cannot be merged: the file at
/// fault, the field (like `promos.per_promo["Milk 10%"].discount`, empty for the whole file) and
/// what is wrong.
public struct ReportError: Error, Sendable, Hashable, CustomStringConvertible {
    public var file: String
    public var field: String
    public var message: String

    public init(file: String, field: String = "", message: String) {
        self.file = file
        self.field = field
        self.message = message
    }

    /// `q1.json: promos.all.discount: expected money like "123.45", found 12`.
    public var description: String { field.isEmpty ? "\(file): \(message)" : "\(file): \(field): \(message)" }
}

/// How the report writes its figures.
///
/// - Money is minor units written with the currency's decimals, every decimal shown:
///   `12345` is `"123.45"`, `-500` is `"-5.00"`.
/// - Units are thousandths written as the receipt format writes quantities, without trailing
///   zeros: `12500` is `"12.5"`, `6000` is `"6"`, `350` is `"0.35"`.
/// - Counts are whole numbers.
///
/// Tables for people (the text table and the HTML page) group the thousands of the whole part
/// with a separator (`"1 234 567.89"`); JSON and CSV never do.
public enum ReportFormat {
    public static func money(_ minor: Int64, decimals: Int) -> String { FixedPoint.money(minor, decimals: decimals) }

    public static func units(_ thousandths: Int64) -> String { FixedPoint.quantity(thousandths) }

    /// `"-1234567.89"` with `separator` between the groups of three digits of its whole part:
    /// `"-1 234 567.89"`. Text that does not start with digits (after a sign) is returned as is.
    public static func grouped(_ text: String, separator: String = " ") -> String {
        var sign = ""
        var rest = Substring(text)
        if let first = rest.first, first == "-" || first == "+" {
            sign = String(first)
            rest = rest.dropFirst()
        }
        let whole = rest.prefix { $0.isASCII && $0.isNumber }
        guard whole.count > 3 else { return text }
        let tail = rest.dropFirst(whole.count)
        var out = sign
        for (k, digit) in whole.enumerated() {
            if k > 0 && (whole.count - k) % 3 == 0 { out += separator }
            out.append(digit)
        }
        return out + tail
    }

    /// A difference with its sign always shown: `"+12.50"`, `"-3.00"`, and zero without a sign.
    /// `minus` stands for the sign of a negative value (`"−"` for an HTML page).
    public static func signed(_ text: String, of value: Int64, minus: String = "-") -> String {
        if value > 0 { return "+" + text }
        if value < 0, text.hasPrefix("-") { return minus + text.dropFirst() }
        return text
    }

    /// A date, or `fallback` for none.
    static func day(_ d: LocalDate?, fallback: String = "") -> String { d?.description ?? fallback }
}

/// Which figure of ``PromoFigures`` a column shows, and how.
enum FigureColumn: CaseIterable {
    case receipts, units, turnover, participants, couponsIssued, couponsApplied, discount, bonus, chips

    /// The heading in tables for people.
    var title: String {
        switch self {
        case .receipts: "receipts"
        case .units: "units"
        case .turnover: "turnover"
        case .participants: "participants"
        case .couponsIssued: "coupons issued"
        case .couponsApplied: "coupons applied"
        case .discount: "discount"
        case .bonus: "bonus"
        case .chips: "chips"
        }
    }

    /// The key in JSON and the column name in CSV.
    var key: String {
        switch self {
        case .receipts: "receipts"
        case .units: "units"
        case .turnover: "turnover"
        case .participants: "participants"
        case .couponsIssued: "coupons_issued"
        case .couponsApplied: "coupons_applied"
        case .discount: "discount"
        case .bonus: "bonus"
        case .chips: "chips"
        }
    }

    enum Kind { case count, units, money }

    var kind: Kind {
        switch self {
        case .units: .units
        case .turnover, .discount, .bonus: .money
        default: .count
        }
    }

    func value(_ f: PromoFigures) -> Int64 {
        switch self {
        case .receipts: f.receipts
        case .units: f.units
        case .turnover: f.turnover
        case .participants: f.participants
        case .couponsIssued: f.couponsIssued
        case .couponsApplied: f.couponsApplied
        case .discount: f.discount
        case .bonus: f.bonus
        case .chips: f.chips
        }
    }

    func set(_ v: Int64, in f: inout PromoFigures) {
        switch self {
        case .receipts: f.receipts = v
        case .units: f.units = v
        case .turnover: f.turnover = v
        case .participants: f.participants = v
        case .couponsIssued: f.couponsIssued = v
        case .couponsApplied: f.couponsApplied = v
        case .discount: f.discount = v
        case .bonus: f.bonus = v
        case .chips: f.chips = v
        }
    }

    /// The value as plain text (JSON, CSV): `"123.45"`, `"12.5"`, `"7"`.
    func text(_ f: PromoFigures, decimals: Int) -> String {
        let v = value(f)
        switch kind {
        case .count: return String(v)
        case .units: return ReportFormat.units(v)
        case .money: return ReportFormat.money(v, decimals: decimals)
        }
    }

    /// The value for a table for people: thousands grouped, and with `signed` a `+` or `-`
    /// always shown.
    func display(_ f: PromoFigures, decimals: Int, separator: String = " ", signed: Bool = false, minus: String = "-") -> String {
        let v = value(f)
        let text = ReportFormat.grouped(self.text(f, decimals: decimals), separator: separator)
        return signed ? ReportFormat.signed(text, of: v, minus: minus) : text
    }
}

extension PromoSetReport {
    /// The promos in the set's order, then any others that have figures, sorted by name.
    var orderedPromos: [String] {
        let listed = Set(promos)
        return promos + perPromo.keys.filter { !listed.contains($0) }.sorted()
    }

    /// The promos that have figures in `m` (a day's or a store's), in the set's order, then
    /// any others sorted by name.
    func promosIn(_ m: [String: PromoFigures]) -> [String] {
        let listed = Set(promos)
        return promos.filter { m[$0] != nil } + m.keys.filter { !listed.contains($0) }.sorted()
    }

    /// The figures of a promo, zero when it has none.
    func figures(_ promo: String) -> PromoFigures { perPromo[promo] ?? PromoFigures() }
}

extension DryRunReport {
    /// The promos of the set then those only in the baseline, each once.
    var unionOfPromos: [String] {
        var seen = Set<String>()
        var out: [String] = []
        for p in promoSet.orderedPromos + (baseline?.orderedPromos ?? []) where seen.insert(p).inserted { out.append(p) }
        return out
    }

    /// The columns a table for people shows: every figure, chips only when some promo accrued
    /// chips.
    var displayedColumns: [FigureColumn] {
        let sets = [promoSet] + (baseline.map { [$0] } ?? [])
        let anyChips = sets.contains { $0.all.chips != 0 || $0.perPromo.values.contains { $0.chips != 0 } }
        return FigureColumn.allCases.filter { $0 != .chips || anyChips }
    }

    /// `2025-03-01 … 2025-03-31`; `no receipts` when nothing was replayed.
    var periodText: String {
        switch (firstDay, lastDay) {
        case let (first?, last?): first == last ? first.description : "\(first) … \(last)"
        case let (first?, nil): "from \(first)"
        case let (nil, last?): "to \(last)"
        case (nil, nil): "no receipts"
        }
    }

    /// The period asked for when it is not the whole history: `asked from 2025-03-01 to 2025-03-31`.
    var askedPeriodText: String? {
        guard from != nil || to != nil else { return nil }
        var parts = ["asked"]
        if let from { parts.append("from \(from)") }
        if let to { parts.append("to \(to)") }
        return parts.joined(separator: " ")
    }

    /// `shard 2 of 4 (a partial report)`, `merged from shards 1, 2, 3, 4`, or nil for a whole run.
    var shardText: String? {
        if let shard { return "shard \(shard.index) of \(shard.count) (a partial report)" }
        if !shardsMerged.isEmpty { return "merged from shards " + shardsMerged.map(String.init).joined(separator: ", ") }
        return nil
    }
}
