import PromoDiagnostics

/// The kinds of token the lexer produces.
public enum TokenKind: UInt8, Sendable, Hashable {
    /// A name or a keyword: keywords are contextual, see ``Keyword``.
    case word
    case integer
    case decimal
    /// A number written with `%` right after it: `20%`, `0.5%`.
    case percent
    case string
    case date
    case time
    /// `2026-12-01T10:00` (a date and a time separated by a space are two tokens).
    case dateTime
    case leftParen, rightParen, leftBrace, rightBrace
    case comma, dot, dotDot, colon
    case assign        // =
    case plusAssign    // +=
    case minusAssign   // -=
    case equal         // ==
    case notEqual      // !=
    case less, lessEqual, greater, greaterEqual
    case plus, minus, star
    case newline
    case endOfFile
    /// A character or sequence that starts no token (already reported by the lexer).
    case invalid

    /// How the token is named in "expected X, found Y" messages.
    public var description: String {
        switch self {
        case .word: "a name"
        case .integer: "a whole number"
        case .decimal: "a decimal number"
        case .percent: "a percent"
        case .string: "a string"
        case .date: "a date"
        case .time: "a time"
        case .dateTime: "a date and time"
        case .leftParen: "`(`"
        case .rightParen: "`)`"
        case .leftBrace: "`{`"
        case .rightBrace: "`}`"
        case .comma: "`,`"
        case .dot: "`.`"
        case .dotDot: "`..`"
        case .colon: "`:`"
        case .assign: "`=`"
        case .plusAssign: "`+=`"
        case .minusAssign: "`-=`"
        case .equal: "`==`"
        case .notEqual: "`!=`"
        case .less: "`<`"
        case .lessEqual: "`<=`"
        case .greater: "`>`"
        case .greaterEqual: "`>=`"
        case .plus: "`+`"
        case .minus: "`-`"
        case .star: "`*`"
        case .newline: "the end of the line"
        case .endOfFile: "the end of the file"
        case .invalid: "an invalid character"
        }
    }
}

/// An exact decimal written in the source: `unscaled / 10^scale` (`59.90` is 5990 and 2).
public struct DecimalLiteral: Hashable, Sendable, CustomStringConvertible {
    public var unscaled: Int64
    public var scale: Int

    public init(unscaled: Int64, scale: Int) {
        self.unscaled = unscaled
        self.scale = scale
    }

    /// The value scaled to `digits` decimals, or nil when that loses digits or overflows.
    public func scaled(to digits: Int) -> Int64? {
        if digits >= scale {
            var value = unscaled
            for _ in 0..<(digits - scale) {
                let (m, o) = value.multipliedReportingOverflow(by: 10)
                if o { return nil }
                value = m
            }
            return value
        }
        var value = unscaled
        for _ in 0..<(scale - digits) {
            if value % 10 != 0 { return nil }
            value /= 10
        }
        return value
    }

    /// The number of decimals that carry a non-zero digit (`59.90` has 1).
    public var significantScale: Int {
        var value = unscaled, scale = self.scale
        while scale > 0, value % 10 == 0 {
            value /= 10
            scale -= 1
        }
        return scale
    }

    public var description: String {
        if scale == 0 { return String(unscaled) }
        let negative = unscaled < 0
        var digits = String(unscaled.magnitude)
        while digits.count <= scale { digits = "0" + digits }
        let cut = digits.index(digits.endIndex, offsetBy: -scale)
        return (negative ? "-" : "") + digits[..<cut] + "." + digits[cut...]
    }
}

/// A calendar date; the lexer only produces dates that exist.
public struct DateLiteral: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var year: Int
    public var month: Int
    public var day: Int

    public init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    public static func < (a: DateLiteral, b: DateLiteral) -> Bool {
        (a.year, a.month, a.day) < (b.year, b.month, b.day)
    }

    public static func isLeap(_ year: Int) -> Bool { (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 }

    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    public var isValid: Bool {
        (1...9999).contains(year) && (1...12).contains(month) && day >= 1 && day <= DateLiteral.daysIn(month: month, year: year)
    }

    /// The date `dayNumber` days after 1970-01-01 (proleptic Gregorian calendar).
    public init(dayNumber: Int) {
        let z = dayNumber + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        self.init(year: yoe + era * 400 + (month <= 2 ? 1 : 0), month: month, day: day)
    }

    /// Days since 1970-01-01 (proleptic Gregorian calendar).
    public var dayNumber: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    public var description: String {
        func pad(_ n: Int, _ width: Int) -> String {
            let s = String(n)
            return String(repeating: "0", count: max(0, width - s.count)) + s
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
    }
}

/// A time of day, `HH:MM`; `24:00` is allowed as the end of a range.
public struct TimeLiteral: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var hour: Int
    public var minute: Int

    public init(hour: Int, minute: Int) {
        self.hour = hour
        self.minute = minute
    }

    public var minutes: Int { hour * 60 + minute }
    public static func < (a: TimeLiteral, b: TimeLiteral) -> Bool { a.minutes < b.minutes }

    public var description: String {
        (hour < 10 ? "0" : "") + String(hour) + ":" + (minute < 10 ? "0" : "") + String(minute)
    }
}

/// The value a token carries, decoded once by the lexer.
public enum TokenValue: Hashable, Sendable {
    case none
    case text(String)
    case integer(Int64)
    case decimal(DecimalLiteral)
    case date(DateLiteral)
    case time(TimeLiteral)
    case dateTime(DateLiteral, TimeLiteral)
}

public struct Token: Hashable, Sendable {
    public var kind: TokenKind
    public var span: Span
    public var value: TokenValue
    /// For words: the keyword it spells, if any.
    public var keyword: Keyword?

    public init(kind: TokenKind, span: Span, value: TokenValue = .none, keyword: Keyword? = nil) {
        self.kind = kind
        self.span = span
        self.value = value
        self.keyword = keyword
    }

    /// The name a word token spells, or the decoded contents of a string token.
    public var text: String {
        if case .text(let s) = value { return s }
        return ""
    }
}
