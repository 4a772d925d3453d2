/// The types of the promo language.
public enum ValueType: String, Hashable, Sendable, CaseIterable {
    case money = "Money"
    case percent = "Percent"
    /// A whole number.
    case count = "Count"
    /// A fixed-point amount of goods (pieces, kilograms, litres; three decimals).
    case quantity = "Quantity"
    case bool = "Bool"
    case string = "String"
    case date = "Date"
    case time = "Time"
    case dateTime = "DateTime"
    case duration = "Duration"
    /// A date that comes back every year (a birthday): `within` compares the day of the year.
    case anniversary = "Anniversary"
    /// A window over the customer's history: `last 90 days`, `previous calendar month`.
    case window = "Window"
    /// A set of receipt lines.
    case items = "Items"
    /// A condition on the customer (a segment); a Bool that needs no receipt.
    case segment = "Segment"
    /// The type of something already reported as wrong: it matches everything, so one mistake
    /// gives one error.
    case error = "<error>"

    /// The types a template parameter or a figure may have, by the name written in source.
    public static func named(_ name: String) -> ValueType? {
        guard let type = ValueType(rawValue: name), type != .error else { return nil }
        return type
    }

    /// How the type reads in a sentence: "money", "a percent".
    public var phrase: String {
        switch self {
        case .money: "money"
        case .percent: "a percent"
        case .count: "a whole number"
        case .quantity: "a quantity"
        case .bool: "a condition"
        case .string: "text"
        case .date: "a date"
        case .time: "a time"
        case .dateTime: "a date and time"
        case .duration: "a duration"
        case .anniversary: "a yearly date"
        case .window: "a history window"
        case .items: "an item set"
        case .segment: "a segment"
        case .error: "an invalid value"
        }
    }

    /// True when a value of this type can stand where `other` is expected.
    func fits(_ other: ValueType) -> Bool {
        if self == other || self == .error || other == .error { return true }
        switch (self, other) {
        case (.count, .quantity), (.segment, .bool), (.bool, .segment): return true
        default: return false
        }
    }
}
