import PromoSyntax

/// A currency of receipts: its ISO code and how many decimals its minor unit has.
public struct Currency: Hashable, Sendable {
    public var code: String
    public var decimals: Int

    public init(code: String, decimals: Int) {
        self.code = code
        self.decimals = decimals
    }

    /// The currencies the language knows (ISO 4217), with their minor units.
    public static let known: [String: Int] = [
        "RUB": 2, "BYN": 2, "KZT": 2, "UZS": 2, "KGS": 2, "AMD": 2, "GEL": 2, "AZN": 2, "TJS": 2,
        "MDL": 2, "UAH": 2, "USD": 2, "EUR": 2, "GBP": 2, "CHF": 2, "CNY": 2, "TRY": 2, "AED": 2,
        "PLN": 2, "CZK": 2, "SEK": 2, "NOK": 2, "DKK": 2, "CAD": 2, "AUD": 2, "INR": 2, "ILS": 2,
        "JPY": 0, "KRW": 0, "VND": 0, "ISK": 0, "CLP": 0,
        "KWD": 3, "BHD": 3, "OMR": 3, "JOD": 3, "TND": 3,
    ]

    /// Withdrawn codes still met in old price lists, with the code that replaced them.
    public static let replaced: [String: String] = ["RUR": "RUB", "BYR": "BYN"]
}

/// Money in minor units of the program's currency (kopecks for RUB).
public struct Money: Hashable, Sendable, Comparable {
    public var minor: Int64
    public init(minor: Int64) { self.minor = minor }
    public static func < (a: Money, b: Money) -> Bool { a.minor < b.minor }
    public static let zero = Money(minor: 0)

    /// `1234.50` for 123450 with 2 decimals.
    public func formatted(decimals: Int) -> String {
        DecimalLiteral(unscaled: minor, scale: decimals).description
    }
}

/// An exact percent in millionths of the whole: 1% is 10_000, 100% is 1_000_000, so a percent
/// may have up to four decimals (`12.3456%`).
public struct Percent: Hashable, Sendable, Comparable {
    public var millionths: Int64
    public init(millionths: Int64) { self.millionths = millionths }
    public static func < (a: Percent, b: Percent) -> Bool { a.millionths < b.millionths }
    public static let hundred = Percent(millionths: 1_000_000)
    public static let zero = Percent(millionths: 0)
    /// Decimals a percent literal may have.
    public static let maxDecimals = 4

    public var description: String {
        DecimalLiteral(unscaled: millionths, scale: 4).descriptionTrimmed + "%"
    }
}

/// A quantity in thousandths of a unit (a piece, a kilogram or a litre): weighed goods have three
/// decimals.
public struct Quantity: Hashable, Sendable, Comparable {
    public var milli: Int64
    public init(milli: Int64) { self.milli = milli }
    public static func < (a: Quantity, b: Quantity) -> Bool { a.milli < b.milli }
    public static let maxDecimals = 3

    public var description: String { DecimalLiteral(unscaled: milli, scale: 3).descriptionTrimmed }
}

public enum DurationUnit: String, Sendable, Hashable, CaseIterable {
    case minutes, hours, days, weeks, months, years
}

/// A length of time as written: months and years are calendar units, not a number of days.
public struct Duration: Hashable, Sendable, CustomStringConvertible {
    public var amount: Int64
    public var unit: DurationUnit
    public init(amount: Int64, unit: DurationUnit) {
        self.amount = amount
        self.unit = unit
    }

    public var description: String {
        let name = amount == 1 ? String(unit.rawValue.dropLast()) : unit.rawValue
        return "\(amount) \(name)"
    }

    /// The length in whole days, for units that have one.
    public var days: Int64? {
        switch unit {
        case .days: amount
        case .weeks: amount * 7
        default: nil
        }
    }
}

/// A time window over the customer's history.
public enum Window: Hashable, Sendable, CustomStringConvertible {
    case last(Duration)
    case allTime
    case previousCalendarWeek
    case previousCalendarMonth

    public var description: String {
        switch self {
        case .last(let d): "last \(d)"
        case .allTime: "all time"
        case .previousCalendarWeek: "previous calendar week"
        case .previousCalendarMonth: "previous calendar month"
        }
    }
}

public enum Weekday: Int, Sendable, Hashable, CaseIterable, Comparable {
    case monday = 0, tuesday, wednesday, thursday, friday, saturday, sunday
    public static func < (a: Weekday, b: Weekday) -> Bool { a.rawValue < b.rawValue }

    public var shortName: String {
        ["mon", "tue", "wed", "thu", "fri", "sat", "sun"][rawValue]
    }

    /// Accepts `mon` and `monday`.
    public init?(word: String) {
        let lower = word.lowercased()
        guard let day = Weekday.allCases.first(where: { lower == $0.shortName || lower == $0.fullName }) else { return nil }
        self = day
    }

    public var fullName: String {
        ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"][rawValue]
    }

    /// The weekday of a date (1970-01-01 was a Thursday).
    public init(date: DateLiteral) {
        let n = date.dayNumber
        self = Weekday(rawValue: Int(((n % 7) + 7 + 3) % 7))!
    }
}

extension DecimalLiteral {
    /// The decimal without trailing zeros after the point: `12.5000` → `12.5`, `20.0000` → `20`.
    var descriptionTrimmed: String {
        var text = description
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return text
    }
}
