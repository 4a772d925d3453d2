import PromoDiagnostics

/// Turns a source file into tokens. Never fails: every problem becomes a diagnostic and the
/// lexer carries on, so one run reports every error of a file.
public struct Lexer {
    private let file: SourceFile
    private let bytes: [UInt8]
    private var position = 0
    public private(set) var diagnostics: [Diagnostic] = []
    /// The line of the last lexical error, and how many were reported on it.
    private var errorLine = -1
    private var errorsOnLine = 0
    /// Whether comments are kept in ``comments`` as they are skipped.
    private let keepsComments: Bool
    /// The comments skipped so far, from `#` to the end of the line (without the line break);
    /// empty unless the lexer was made with `keepingComments`.
    public private(set) var comments: [Span] = []

    /// Lexical errors reported per line at most. Past that the line is garbage (a pasted blob, a
    /// binary file): one error per character would bury the others, and showing each with its
    /// line costs time quadratic in the line's length.
    public static let maxErrorsPerLine = 3

    /// `keepingComments`: also record every comment in ``comments``. The tokens are the same
    /// either way: comments are never tokens.
    public init(file: SourceFile, keepingComments: Bool = false) {
        self.file = file
        self.bytes = file.bytes
        self.keepsComments = keepingComments
    }

    /// Lexes the whole file; the last token is always `.endOfFile`.
    public static func tokenize(_ file: SourceFile) -> (tokens: [Token], diagnostics: [Diagnostic]) {
        var lexer = Lexer(file: file)
        var tokens: [Token] = []
        tokens.reserveCapacity(file.bytes.count / 4)
        while true {
            let token = lexer.next()
            tokens.append(token)
            if token.kind == .endOfFile { break }
        }
        return (tokens, lexer.diagnostics)
    }

    /// Lexes the whole file as ``tokenize(_:)`` does, and also returns its comments in order:
    /// what a formatter or an editor needs to keep them.
    public static func tokenizeKeepingComments(_ file: SourceFile)
        -> (tokens: [Token], comments: [Span], diagnostics: [Diagnostic]) {
        var lexer = Lexer(file: file, keepingComments: true)
        var tokens: [Token] = []
        tokens.reserveCapacity(file.bytes.count / 4)
        while true {
            let token = lexer.next()
            tokens.append(token)
            if token.kind == .endOfFile { break }
        }
        return (tokens, lexer.comments, lexer.diagnostics)
    }

    // MARK: - Scanning

    private func peek(_ offset: Int = 0) -> UInt8 {
        let i = position + offset
        return i < bytes.count ? bytes[i] : 0
    }

    private func span(_ start: Int) -> Span {
        Span(file: file.id, start: Int32(start), end: Int32(position))
    }

    private mutating func report(_ code: DiagnosticCode, _ message: String, from start: Int, to end: Int? = nil,
                                 label: String = "", help: String? = nil) {
        let line = file.lineIndex(of: Int32(start))
        if line != errorLine { (errorLine, errorsOnLine) = (line, 0) }
        errorsOnLine += 1
        guard errorsOnLine <= Lexer.maxErrorsPerLine else { return }
        let s = Span(file: file.id, start: Int32(start), end: Int32(end ?? position))
        diagnostics.append(Diagnostic(code, message, at: s, label: label, help: help))
    }

    /// The next token, skipping spaces and comments.
    public mutating func next() -> Token {
        skipTrivia()
        let start = position
        guard position < bytes.count else { return Token(kind: .endOfFile, span: span(start)) }
        let byte = bytes[position]
        if byte == UInt8(ascii: "\n") {
            position += 1
            return Token(kind: .newline, span: span(start))
        }
        if isDigit(byte) { return number() }
        if byte == UInt8(ascii: "\"") { return string() }
        if isWordStart(at: position) { return word() }
        return punctuation()
    }

    private mutating func skipTrivia() {
        while position < bytes.count {
            switch bytes[position] {
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"), 0x0B, 0x0C:
                position += 1
            case UInt8(ascii: "#"):
                let start = position
                while position < bytes.count, bytes[position] != UInt8(ascii: "\n") { position += 1 }
                if keepsComments { comments.append(span(start)) }
            case 0xEF where peek(1) == 0xBB && peek(2) == 0xBF: // byte order mark
                position += 3
            default:
                return
            }
        }
    }

    // MARK: - Words

    private func isDigit(_ b: UInt8) -> Bool { b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") }

    private func isASCIILetter(_ b: UInt8) -> Bool {
        (b >= UInt8(ascii: "a") && b <= UInt8(ascii: "z")) || (b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z"))
    }

    /// Decodes the scalar starting at byte `i` and its length in bytes.
    private func scalar(at i: Int) -> (Unicode.Scalar, Int)? {
        var iterator = bytes[i...].makeIterator()
        var decoder = UTF8()
        if case .scalarValue(let s) = decoder.decode(&iterator) { return (s, UTF8.width(s)) }
        return nil
    }

    private func isWordStart(at i: Int) -> Bool {
        let b = bytes[i]
        if isASCIILetter(b) || b == UInt8(ascii: "_") { return true }
        guard b >= 0x80, let (s, _) = scalar(at: i) else { return false }
        return s.properties.isAlphabetic
    }

    /// The length of the word character at `i`, or 0 when it is not one.
    private func wordCharacterLength(at i: Int) -> Int {
        guard i < bytes.count else { return 0 }
        let b = bytes[i]
        if isASCIILetter(b) || isDigit(b) || b == UInt8(ascii: "_") { return 1 }
        guard b >= 0x80, let (s, n) = scalar(at: i) else { return 0 }
        let p = s.properties
        return p.isAlphabetic || p.numericType != nil || p.generalCategory == .nonspacingMark
            || p.generalCategory == .spacingMark ? n : 0
    }

    private mutating func word() -> Token {
        let start = position
        while true {
            let n = wordCharacterLength(at: position)
            if n == 0 { break }
            position += n
        }
        let text = String(decoding: bytes[start..<position], as: UTF8.self)
        return Token(kind: .word, span: span(start), value: .text(text), keyword: Keyword.lookup(text))
    }

    // MARK: - Numbers, dates and times

    /// Reads digits (and `_` separators) and returns them without the separators.
    private mutating func digits() -> (text: String, separatorMisplaced: Bool) {
        var text = ""
        var misplaced = false
        var lastWasSeparator = false
        while position < bytes.count {
            let b = bytes[position]
            if isDigit(b) {
                text.unicodeScalars.append(Unicode.Scalar(b))
                lastWasSeparator = false
            } else if b == UInt8(ascii: "_") && !text.isEmpty && isDigit(peek(1)) {
                if lastWasSeparator { misplaced = true }
                lastWasSeparator = true
            } else {
                break
            }
            position += 1
        }
        return (text, misplaced)
    }

    private mutating func number() -> Token {
        let start = position
        if let dayFirst = dayFirstDate() { return dayFirst }
        // A date: 4 digits, '-', 2 digits, '-', 2 digits.
        if (0..<4).allSatisfy({ isDigit(peek($0)) }), peek(4) == UInt8(ascii: "-"), isDigit(peek(5)) {
            return date(start)
        }
        // A time: 1 or 2 digits, ':', 2 digits.
        if peek(1) == UInt8(ascii: ":") || (isDigit(peek(1)) && peek(2) == UInt8(ascii: ":")) {
            return time(start)
        }
        let (whole, misplaced) = digits()
        var fraction = ""
        if peek() == UInt8(ascii: "."), isDigit(peek(1)) {
            position += 1
            fraction = digits().text
        }
        var kind: TokenKind = fraction.isEmpty ? .integer : .decimal
        if peek() == UInt8(ascii: "%") {
            position += 1
            kind = .percent
        }
        // `14days` or `1.2.3`: the number runs into something it cannot be followed by.
        if position < bytes.count, wordCharacterLength(at: position) > 0 || (peek() == UInt8(ascii: ".") && isDigit(peek(1))) {
            let numberEnd = position
            while wordCharacterLength(at: position) > 0 || (peek() == UInt8(ascii: ".") && isDigit(peek(1))) {
                position += max(1, wordCharacterLength(at: position))
            }
            let text = file.text(of: span(start))
            let numberText = file.text(of: Span(file: file.id, start: Int32(start), end: Int32(numberEnd)))
            let rest = String(text.dropFirst(numberText.count))
            let help: String? = MeasureUnit(rawValue: rest) != nil || ["bonus", "chips", "chip"].contains(rest)
                ? "put a space between the number and the unit: `\(numberText) \(rest)`" : nil
            report(.malformedNumber, "malformed number `\(text)`", from: start, label: "not a number", help: help)
            return Token(kind: .invalid, span: span(start))
        }
        if misplaced {
            report(.malformedNumber, "malformed number `\(file.text(of: span(start)))`", from: start,
                   label: "`_` separates groups of digits, one at a time")
        }
        let all = whole + fraction
        guard all.count <= 18, let unscaled = Int64(all) else {
            report(.malformedNumber, "number `\(file.text(of: span(start)))` is too large", from: start,
                   label: "at most 18 digits")
            return Token(kind: .invalid, span: span(start))
        }
        let value: TokenValue = kind == .integer
            ? .integer(unscaled) : .decimal(DecimalLiteral(unscaled: unscaled, scale: fraction.count))
        return Token(kind: kind, span: span(start), value: value)
    }

    /// `01.12.2026` or `1.12.2026`: a date written day first, as is common in Russia.
    private mutating func dayFirstDate() -> Token? {
        let start = position
        var i = 0
        func run() -> Int {
            var n = 0
            while isDigit(peek(i + n)) { n += 1 }
            return n
        }
        let day = run(); i += day
        guard (1...2).contains(day), peek(i) == UInt8(ascii: ".") else { return nil }
        i += 1
        let month = run(); i += month
        guard (1...2).contains(month), peek(i) == UInt8(ascii: ".") else { return nil }
        i += 1
        let year = run(); i += year
        guard year == 4 else { return nil }
        position += i
        let text = file.text(of: span(start))
        let parts = text.split(separator: ".").map(String.init)
        let iso = parts[2] + "-" + (parts[1].count == 1 ? "0" : "") + parts[1] + "-" + (parts[0].count == 1 ? "0" : "") + parts[0]
        report(.invalidDate, "dates are written year first: `\(text)`", from: start, label: "day first",
               help: "write `\(iso)`")
        return Token(kind: .invalid, span: span(start))
    }

    private mutating func fixedDigits(_ count: Int) -> Int? {
        var value = 0
        for _ in 0..<count {
            guard isDigit(peek()) else { return nil }
            value = value * 10 + Int(peek() - UInt8(ascii: "0"))
            position += 1
        }
        return value
    }

    private mutating func date(_ start: Int) -> Token {
        let year = fixedDigits(4)
        position += 1 // '-'
        let month = fixedDigits(2)
        let dashOK = peek() == UInt8(ascii: "-")
        if dashOK { position += 1 }
        let day = dashOK ? fixedDigits(2) : nil
        // Swallow whatever is glued to it, so the error covers the whole malformed literal.
        var glued = false
        while isDigit(peek()) || peek() == UInt8(ascii: "-") {
            position += 1
            glued = true
        }
        guard let year, let month, let day, !glued else {
            report(.invalidDate, "malformed date `\(file.text(of: span(start)))`", from: start,
                   label: "dates are written YYYY-MM-DD", help: "write the date as, for example, `2026-12-01`")
            return Token(kind: .invalid, span: span(start))
        }
        let date = DateLiteral(year: year, month: month, day: day)
        guard date.isValid else {
            let why = !(1...12).contains(month) ? "there is no month \(month)"
                : "\(monthName(month)) \(year) has \(DateLiteral.daysIn(month: month, year: year)) days"
            report(.invalidDate, "there is no date `\(date)`", from: start, label: why)
            return Token(kind: .invalid, span: span(start))
        }
        // `2026-12-01T10:00` is a date-time.
        if peek() == UInt8(ascii: "T"), isDigit(peek(1)) {
            position += 1
            let timeStart = position
            let timeToken = time(timeStart)
            if case .time(let t) = timeToken.value {
                return Token(kind: .dateTime, span: span(start), value: .dateTime(date, t))
            }
            return Token(kind: .invalid, span: span(start))
        }
        return Token(kind: .date, span: span(start), value: .date(date))
    }

    private func monthName(_ m: Int) -> String {
        ["January", "February", "March", "April", "May", "June", "July", "August", "September",
         "October", "November", "December"][m - 1]
    }

    private mutating func time(_ start: Int) -> Token {
        let hour = isDigit(peek(1)) ? fixedDigits(2) : fixedDigits(1)
        // After a date's `T` the colon may be missing (`2026-12-01T1` at the end of the file).
        let colonOK = peek() == UInt8(ascii: ":")
        if colonOK { position += 1 }
        let minute = colonOK ? fixedDigits(2) : nil
        var glued = false
        while isDigit(peek()) || peek() == UInt8(ascii: ":") {
            position += 1
            glued = true
        }
        guard let hour, let minute, !glued else {
            report(.invalidTime, "malformed time `\(file.text(of: span(start)))`", from: start,
                   label: "times are written HH:MM", help: "write the time as, for example, `08:00`")
            return Token(kind: .invalid, span: span(start))
        }
        guard minute < 60, hour < 24 || (hour == 24 && minute == 0) else {
            report(.invalidTime, "there is no time `\(file.text(of: span(start)))`", from: start,
                   label: minute >= 60 ? "minutes run from 00 to 59" : "hours run from 00 to 23 (24:00 ends a day)")
            return Token(kind: .invalid, span: span(start))
        }
        return Token(kind: .time, span: span(start), value: .time(TimeLiteral(hour: hour, minute: minute)))
    }

    // MARK: - Strings

    private mutating func string() -> Token {
        let start = position
        position += 1
        var value = ""
        var chunkStart = position
        func flush(_ lexer: Lexer, _ upTo: Int) -> String {
            String(decoding: lexer.bytes[chunkStart..<upTo], as: UTF8.self)
        }
        while true {
            guard position < bytes.count, bytes[position] != UInt8(ascii: "\n") else {
                value += flush(self, position)
                report(.unterminatedString, "unterminated string", from: start, label: "this string has no closing `\"`",
                       help: "add `\"` before the end of the line; strings cannot span lines")
                return Token(kind: .string, span: span(start), value: .text(value))
            }
            let b = bytes[position]
            if b == UInt8(ascii: "\"") {
                value += flush(self, position)
                position += 1
                return Token(kind: .string, span: span(start), value: .text(value))
            }
            if b == UInt8(ascii: "\\") {
                value += flush(self, position)
                value += escape()
                chunkStart = position
                continue
            }
            position += 1
        }
    }

    /// Decodes the escape sequence at `position` (which holds the backslash).
    private mutating func escape() -> String {
        let start = position
        position += 1
        let b = peek()
        position += b == 0 || b == UInt8(ascii: "\n") ? 0 : 1
        switch b {
        case UInt8(ascii: "\""): return "\""
        case UInt8(ascii: "\\"): return "\\"
        case UInt8(ascii: "n"): return "\n"
        case UInt8(ascii: "t"): return "\t"
        case UInt8(ascii: "{"): return "\\{"  // kept escaped: a literal brace in a message
        case UInt8(ascii: "}"): return "\\}"
        case UInt8(ascii: "u") where peek() == UInt8(ascii: "{"):
            position += 1
            var hex = ""
            while hex.count < 8, let c = Character(Unicode.Scalar(peek())).hexDigitValue {
                hex += String(c, radix: 16)
                position += 1
            }
            if peek() == UInt8(ascii: "}"), let value = UInt32(hex, radix: 16), let s = Unicode.Scalar(value) {
                position += 1
                return String(Character(s))
            }
            report(.invalidEscape, "invalid unicode escape", from: start, label: "write `\\u{41}` with 1 to 8 hex digits")
            return ""
        default:
            // Keep going after the bad escape: skip a whole scalar if it is not ASCII.
            if b >= 0x80, let (_, n) = scalar(at: position - 1) { position += n - 1 }
            report(.invalidEscape, "unknown escape `\(file.text(of: span(start)))` in a string", from: start,
                   label: "unknown escape",
                   help: "category paths are separated by `/`; in a string a backslash starts an escape: `\\\"`, `\\\\`, `\\n`, `\\t`, `\\{`, `\\}` or `\\u{…}`")
            return ""
        }
    }

    /// Typographic quotes and the quote that closes each.
    static let curlyQuotes: [Unicode.Scalar: Unicode.Scalar] = ["“": "”", "«": "»", "„": "“"]

    /// `“Food/Dairy”`: a string in typographic quotes is one error, and is read as the string
    /// it was meant to be. Nil when the closing quote is not on the line.
    private mutating func curlyString(_ start: Int, closing: Unicode.Scalar) -> Token? {
        let contentStart = position
        var i = position
        while i < bytes.count, bytes[i] != UInt8(ascii: "\n") {
            guard let (s, n) = scalar(at: i) else { return nil }
            if s == closing {
                let value = String(decoding: bytes[contentStart..<i], as: UTF8.self)
                position = i + n
                let straight = "\"" + value + "\""
                report(.unexpectedCharacter, "strings are written in straight double quotes", from: start,
                       label: "typographic quotes", help: "write \(straight)")
                return Token(kind: .string, span: span(start), value: .text(value))
            }
            i += n
        }
        return nil
    }

    // MARK: - Punctuation

    private mutating func punctuation() -> Token {
        let start = position
        let b = bytes[position]
        position += 1
        func two(_ second: Character, _ double: TokenKind, _ single: TokenKind?) -> TokenKind? {
            if peek() == UInt8(ascii: second.unicodeScalars.first!) {
                position += 1
                return double
            }
            return single
        }
        let kind: TokenKind?
        switch b {
        case UInt8(ascii: "("): kind = .leftParen
        case UInt8(ascii: ")"): kind = .rightParen
        case UInt8(ascii: "{"): kind = .leftBrace
        case UInt8(ascii: "}"): kind = .rightBrace
        case UInt8(ascii: ","): kind = .comma
        case UInt8(ascii: ":"): kind = .colon
        case UInt8(ascii: "*"): kind = .star
        case UInt8(ascii: "."): kind = two(".", .dotDot, .dot)
        case UInt8(ascii: "="): kind = two("=", .equal, .assign)
        case UInt8(ascii: "+"): kind = two("=", .plusAssign, .plus)
        case UInt8(ascii: "-"): kind = two("=", .minusAssign, .minus)
        case UInt8(ascii: "<"): kind = two("=", .lessEqual, .less)
        case UInt8(ascii: ">"): kind = two("=", .greaterEqual, .greater)
        case UInt8(ascii: "!"): kind = two("=", .notEqual, nil)
        default: kind = nil
        }
        if let kind { return Token(kind: kind, span: span(start)) }
        return invalidCharacter(start)
    }

    private mutating func invalidCharacter(_ start: Int) -> Token {
        position = start
        let (s, n) = scalar(at: start) ?? (Unicode.Scalar(bytes[start]), 1)
        position += n
        if let close = Lexer.curlyQuotes[s], let token = curlyString(start, closing: close) { return token }
        var help: String?
        switch s {
        case "“", "”", "«", "»", "„": help = "strings are written in straight double quotes: \"…\""
        case "'", "‘", "’": help = "strings are written in double quotes: \"…\""
        case ";": help = "a clause ends at the end of its line; remove the `;`"
        case "&": help = "write `and` to combine conditions"
        case "|": help = "write `or` to combine conditions"
        case "!": help = "write `not` to negate a condition, or `!=` for not equal"
        case "–", "—": help = "ranges are written with two dots: `..`"
        case "[", "]": help = "lists are written in parentheses: (\"a\", \"b\")"
        case "/": help = "division is not part of the language; category paths go in quotes: \"Food/Dairy\""
        default: break
        }
        let shown = s.properties.isWhitespace || s.value < 0x20 ? "U+" + String(s.value, radix: 16, uppercase: true) : String(s)
        report(.unexpectedCharacter, "unexpected character `\(shown)`", from: start, label: "not part of the language", help: help)
        return Token(kind: .invalid, span: span(start))
    }
}
