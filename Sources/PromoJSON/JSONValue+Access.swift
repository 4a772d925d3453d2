/// Reading values out of a ``JSONValue``, for decoders.
extension JSONValue {
    /// The value of the first member named `key`, when this is an object that has one.
    public subscript(key: String) -> JSONValue? {
        guard case .object(let fields) = self else { return nil }
        for (name, value) in fields where name == key { return value }
        return nil
    }

    /// The element at `index`, when this is an array that long.
    public subscript(index: Int) -> JSONValue? {
        guard case .array(let items) = self, items.indices.contains(index) else { return nil }
        return items[index]
    }

    public var isNull: Bool {
        if case .null = self { true } else { false }
    }

    public var asString: String? {
        if case .string(let s) = self { s } else { nil }
    }

    public var asBool: Bool? {
        if case .bool(let b) = self { b } else { nil }
    }

    public var asArray: [JSONValue]? {
        if case .array(let items) = self { items } else { nil }
    }

    /// The members in their order, duplicates included.
    public var asObject: [(String, JSONValue)]? {
        if case .object(let fields) = self { fields } else { nil }
    }

    /// The literal text of a number (``number(_:)`` or ``int(_:)``).
    public var numberText: String? {
        switch self {
        case .number(let text): text
        case .int(let i): String(i)
        default: nil
        }
    }

    /// The number as a whole `Int64`, when it is one exactly: `42`, `-7`, `4.20e1`, `42.0`; nil
    /// for a fraction, a value out of range or anything not a number.
    public var asInt64: Int64? {
        switch self {
        case .int(let i): Int64(i)
        case .number(let text): JSONNumber.wholeValue(text)
        default: nil
        }
    }

    /// How the value reads in an error message: `"abc"` (cut at 40 characters), `12.5`,
    /// `true`, `null`, `an object`, `an array`.
    public var briefDescription: String {
        switch self {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .int(let i): return String(i)
        case .number(let text): return text.count > 40 ? String(text.prefix(40)) + "…" : text
        case .string(let s):
            var out = ""
            JSONValue.quote(s.count > 40 ? String(s.prefix(40)) + "…" : s, into: &out)
            return out
        case .array(let items): return items.isEmpty ? "an empty array" : "an array"
        case .object: return "an object"
        }
    }

    /// The kind of value in words: "a string", "a number", "an object".
    public var kindName: String {
        switch self {
        case .null: "null"
        case .bool: "true or false"
        case .int, .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }
}

/// The JSON number grammar and exact readings of number text.
public enum JSONNumber {
    /// The parts of a number: `-12.50e3` is negative, digits `1250`, 2 fraction digits,
    /// exponent 3.
    public struct Parts: Sendable, Hashable {
        public var negative: Bool
        /// Every digit, integer part then fraction, as ASCII values.
        public var digits: [UInt8]
        public var fractionDigits: Int
        /// The exponent, saturated at ±1,000,000 (more makes no difference to any reading).
        public var exponent: Int
    }

    /// Where the parts of number text lie in its UTF-8, found without copying.
    struct Span {
        var negative = false
        /// The integer digits are `intStart..<intEnd`, the fraction digits `fractionStart..<fractionEnd`.
        var intStart = 0, intEnd = 0, fractionStart = 0, fractionEnd = 0
        /// Saturated at ±1,000,000, as ``Parts/exponent``.
        var exponent = 0
        var fractionDigits: Int { fractionEnd - fractionStart }
    }

    /// Checks `bytes` against the number grammar (see ``parts(_:exponent:)``); nil when they do
    /// not match.
    static func span(_ bytes: UnsafeBufferPointer<UInt8>, exponent allowExponent: Bool) -> Span? {
        let n = bytes.count
        var i = 0
        @inline(__always) func isDigit(_ k: Int) -> Bool { k < n && bytes[k] &- 0x30 < 10 }
        var s = Span()
        if i < n, bytes[i] == UInt8(ascii: "-") { s.negative = true; i += 1 }
        guard isDigit(i) else { return nil }
        s.intStart = i
        if bytes[i] == UInt8(ascii: "0") {
            i += 1
            if isDigit(i) { return nil }
        } else {
            while isDigit(i) { i += 1 }
        }
        s.intEnd = i
        s.fractionStart = i
        s.fractionEnd = i
        if i < n, bytes[i] == UInt8(ascii: ".") {
            i += 1
            guard isDigit(i) else { return nil }
            s.fractionStart = i
            while isDigit(i) { i += 1 }
            s.fractionEnd = i
        }
        if allowExponent, i < n, bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") {
            i += 1
            var negativeExponent = false
            if i < n, bytes[i] == UInt8(ascii: "+") { i += 1 } else if i < n, bytes[i] == UInt8(ascii: "-") { negativeExponent = true; i += 1 }
            guard isDigit(i) else { return nil }
            var e = 0
            while isDigit(i) {
                if e < 1_000_000 { e = e * 10 + Int(bytes[i] - 0x30) }
                i += 1
            }
            s.exponent = negativeExponent ? -min(e, 1_000_000) : min(e, 1_000_000)
        }
        return i == n ? s : nil
    }

    /// Calls `body` with the UTF-8 of `text` in contiguous memory.
    @inline(__always)
    static func withUTF8<R>(_ text: String, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        if let r = text.utf8.withContiguousStorageIfAvailable(body) { return r }
        return Array(text.utf8).withUnsafeBufferPointer(body)
    }

    /// Splits number text by the JSON grammar (`exponent: true`) or the plain decimal grammar
    /// `-?(0|[1-9][0-9]*)(\.[0-9]+)?` (`exponent: false`); nil when the text does not match.
    public static func parts(_ text: String, exponent allowExponent: Bool = true) -> Parts? {
        withUTF8(text) { bytes in
            guard let s = span(bytes, exponent: allowExponent) else { return nil }
            var digits: [UInt8] = []
            digits.reserveCapacity(s.intEnd - s.intStart + s.fractionDigits)
            digits.append(contentsOf: bytes[s.intStart..<s.intEnd])
            digits.append(contentsOf: bytes[s.fractionStart..<s.fractionEnd])
            return Parts(negative: s.negative, digits: digits, fractionDigits: s.fractionDigits, exponent: s.exponent)
        }
    }

    /// Whether `text` is a number by the JSON grammar (`exponent: true`) or the plain decimal
    /// grammar (`exponent: false`).
    public static func isValid(_ text: String, exponent allowExponent: Bool = true) -> Bool {
        withUTF8(text) { span($0, exponent: allowExponent) != nil }
    }

    /// Why number text cannot be read as a fixed-point value.
    public enum ScaleProblem: Error, Sendable, Hashable {
        /// Not a number by the grammar asked for.
        case malformed
        /// More decimals than allowed (after the exponent shifts the point).
        case tooManyDecimals
        /// Outside the range of `Int64`.
        case tooLarge
    }

    /// The value of number text in units of `10^-decimals`, exactly: `"12.5"` with 2 decimals
    /// is 1250. Fails when the text has more decimals than `decimals` (trailing zeros count:
    /// `"1.500"` has 3), or when the value does not fit an `Int64`.
    public static func scaled(_ text: String, decimals: Int, exponent: Bool = true) throws(ScaleProblem) -> Int64 {
        try withUTF8(text) { scaled($0, decimals: decimals, exponent: exponent) }.get()
    }

    /// ``scaled(_:decimals:exponent:)`` over the UTF-8 of the text.
    static func scaled(_ bytes: UnsafeBufferPointer<UInt8>, decimals: Int, exponent: Bool = true) -> Result<Int64, ScaleProblem> {
        guard let s = span(bytes, exponent: exponent) else { return .failure(.malformed) }
        // The point sits `shift` digits from the right of the digits.
        let shift = s.fractionDigits - s.exponent
        if shift > decimals { return .failure(.tooManyDecimals) }
        // (A negative number is made below zero, digit by digit, so that the least Int64 reads.)
        var value: Int64 = 0
        for k in s.intStart..<s.intEnd {
            guard appendDigit(bytes[k], to: &value, negative: s.negative) else { return .failure(.tooLarge) }
        }
        for k in s.fractionStart..<s.fractionEnd {
            guard appendDigit(bytes[k], to: &value, negative: s.negative) else { return .failure(.tooLarge) }
        }
        if value != 0 {
            var pad = decimals - shift
            while pad > 0 {
                let (m, o) = value.multipliedReportingOverflow(by: 10)
                if o { return .failure(.tooLarge) }
                value = m
                pad -= 1
            }
        }
        return .success(value)
    }

    public static func scaled(_ p: Parts, decimals: Int) throws(ScaleProblem) -> Int64 {
        // The point sits `shift` digits from the right of `digits`.
        let shift = p.fractionDigits - p.exponent
        if shift > decimals { throw .tooManyDecimals }
        // (A negative number is made below zero, digit by digit, so that the least Int64 reads.)
        var value: Int64 = 0
        for d in p.digits {
            guard appendDigit(d, to: &value, negative: p.negative) else { throw .tooLarge }
        }
        if value != 0 {
            var pad = decimals - shift
            while pad > 0 {
                let (m, o) = value.multipliedReportingOverflow(by: 10)
                if o { throw .tooLarge }
                value = m
                pad -= 1
            }
        }
        return value
    }

    /// `value * 10 + digit`; false when that overflows.
    @inline(__always)
    static func appendDigit(_ digit: UInt8, to value: inout Int64, negative: Bool) -> Bool {
        let (m, o1) = value.multipliedReportingOverflow(by: 10)
        let d = Int64(digit &- 0x30)
        let (sum, o2) = negative ? m.subtractingReportingOverflow(d) : m.addingReportingOverflow(d)
        if o1 || o2 { return false }
        value = sum
        return true
    }

    /// The whole number the text stands for, exactly; nil for fractions and out of range.
    public static func wholeValue(_ text: String) -> Int64? {
        guard var p = parts(text) else { return nil }
        if p.digits.allSatisfy({ $0 == UInt8(ascii: "0") }) { return 0 }
        // `42.0`, `4.20e1` and `420e-1` are whole: drop trailing zeros right of the point first.
        while p.fractionDigits - p.exponent > 0, p.digits.last == UInt8(ascii: "0") {
            p.digits.removeLast()
            if p.fractionDigits > 0 { p.fractionDigits -= 1 } else { p.exponent += 1 }
        }
        return try? scaled(p, decimals: 0)
    }
}
