/// A malformed JSON document: where (line and column, from 1; columns count Unicode scalars)
/// and what is wrong.
public struct JSONParseError: Error, Sendable, Hashable, CustomStringConvertible {
    public var line: Int
    public var column: Int
    /// The byte offset of the place.
    public var offset: Int
    public var message: String
    /// The member or element being read when it went wrong, like `lines[3].qty`; empty at the
    /// top level.
    public var path: String

    public init(line: Int, column: Int, offset: Int, message: String, path: String) {
        self.line = line
        self.column = column
        self.offset = offset
        self.message = message
        self.path = path
    }

    public var description: String { "line \(line), column \(column): \(message)" }
}

/// Field paths in the form errors use: `lines[3].qty`, `customer.facts["purchases(last 90 days)"]`.
public enum JSONPath {
    /// `base.key`, or `base["key"]` when the key is not a plain name.
    public static func member(_ base: String, _ key: String) -> String {
        if isPlainName(key) { return base.isEmpty ? key : base + "." + key }
        var out = base + "["
        JSONValue.quote(key, into: &out)
        return out + "]"
    }

    /// `base[index]`.
    public static func element(_ base: String, _ index: Int) -> String { base + "[" + String(index) + "]" }

    static func isPlainName(_ key: String) -> Bool {
        guard let first = key.utf8.first, first == UInt8(ascii: "_") || isLetter(first) else { return false }
        return key.utf8.allSatisfy { $0 == UInt8(ascii: "_") || isLetter($0) || ($0 >= 0x30 && $0 <= 0x39) }
    }

    private static func isLetter(_ b: UInt8) -> Bool { (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) }
}

/// A strict JSON parser (RFC 8259): no comments, no trailing commas, no leading zeros, no
/// unescaped control characters, escapes checked (surrogate pairs joined, lone surrogates
/// refused), input checked to be UTF-8. Numbers keep their literal text (``JSONValue/number(_:)``).
///
/// Beyond the RFC's grammar, where it leaves the choice to the parser: nesting deeper than
/// `maxDepth` arrays and objects is an error, a key repeated in one object is an error unless
/// `allowDuplicateKeys`, and a UTF-8 byte order mark at the start is skipped.
///
/// Every input gives a value or a ``JSONParseError``; the parser never traps, and its time is
/// linear in the input.
public enum JSONParser {
    public static let defaultMaxDepth = 64

    public static func parse(_ bytes: [UInt8], maxDepth: Int = defaultMaxDepth,
                             allowDuplicateKeys: Bool = false) throws(JSONParseError) -> JSONValue {
        let parsed: Result<JSONValue, Parser.Failure> = bytes.withUnsafeBufferPointer { buffer in
            var parser = Parser(bytes: buffer, maxDepth: maxDepth, allowDuplicateKeys: allowDuplicateKeys)
            do throws(Parser.Failure) {
                return .success(try parser.document())
            } catch {
                return .failure(error)
            }
        }
        do throws(Parser.Failure) {
            return try parsed.get()
        } catch {
            let (line, column) = position(of: error.offset, in: bytes)
            let path = error.path.reversed().reduce("") { base, c in
                switch c {
                case .key(let k): JSONPath.member(base, k)
                case .index(let i): JSONPath.element(base, i)
                }
            }
            throw JSONParseError(line: line, column: column, offset: error.offset, message: error.message, path: path)
        }
    }

    public static func parse(_ text: String, maxDepth: Int = defaultMaxDepth,
                             allowDuplicateKeys: Bool = false) throws(JSONParseError) -> JSONValue {
        try parse(Array(text.utf8), maxDepth: maxDepth, allowDuplicateKeys: allowDuplicateKeys)
    }

    /// Line and column (from 1) of a byte offset: a line ends at LF, CR LF or CR; a column is a
    /// Unicode scalar (a byte that does not continue a UTF-8 sequence).
    static func position(of offset: Int, in bytes: [UInt8]) -> (line: Int, column: Int) {
        var line = 1, column = 1
        var k = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        let end = min(offset, bytes.count)
        while k < end {
            let b = bytes[k]
            if b == 0x0A || (b == 0x0D && (k + 1 >= bytes.count || bytes[k + 1] != 0x0A)) {
                line += 1
                column = 1
            } else if b == 0x0D {
                // The CR of a CR LF: the LF ends the line.
            } else if b & 0xC0 != 0x80 {
                column += 1
            }
            k += 1
        }
        return (line, column)
    }
}

private struct Parser {
    enum Component {
        case key(String)
        case index(Int)
    }

    struct Failure: Error {
        var offset: Int
        var message: String
        /// Innermost first.
        var path: [Component] = []
    }

    /// The input; every read checks its index against `bytes.count` first.
    let bytes: UnsafeBufferPointer<UInt8>
    let maxDepth: Int
    let allowDuplicateKeys: Bool
    var i = 0
    var depth = 0
    /// Keys read before, by a hash of their bytes, so that a key repeated across objects is
    /// made a `String` once.
    var keyCache: [CachedKey]
    /// How many members the last object had, and elements the last array: the capacity to
    /// start the next with.
    var objectSizeHint = 0, arraySizeHint = 0

    /// Objects with more members than this look for repeated keys in a set, smaller ones by a
    /// scan of the keys read so far.
    static let scanLimit = 16
    static let keyCacheSize = 64

    struct CachedKey {
        var start = 0
        var count = -1
        var text = ""
    }

    init(bytes: UnsafeBufferPointer<UInt8>, maxDepth: Int, allowDuplicateKeys: Bool) {
        self.bytes = bytes
        self.maxDepth = maxDepth
        self.allowDuplicateKeys = allowDuplicateKeys
        self.keyCache = Array(repeating: CachedKey(), count: Parser.keyCacheSize)
    }

    mutating func document() throws(Failure) -> JSONValue {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { i = 3 }
        skipWhitespace()
        if i >= bytes.count { throw Failure(offset: i, message: "the input is empty; expected a JSON value") }
        let value = try parseValue()
        skipWhitespace()
        if i < bytes.count { throw fail("unexpected text after the JSON value, found \(found(i))") }
        return value
    }

    // MARK: Helpers

    func fail(_ message: String, at offset: Int? = nil) -> Failure { Failure(offset: offset ?? i, message: message) }

    /// What is at `k`, for messages: `` `}` ``, "the end of the input", "byte 0xFF".
    func found(_ k: Int) -> String {
        guard k < bytes.count else { return "the end of the input" }
        let b = bytes[k]
        switch b {
        case 0x20: return "a space"
        case 0x21...0x7E: return b == UInt8(ascii: "`") ? "'`'" : "`" + String(UnicodeScalar(b)) + "`"
        case 0x00..<0x20, 0x7F: return "the control character U+" + hex(UInt32(b), width: 4)
        default:
            let n = utf8SequenceLength(at: k)
            if n > 0, let s = String(validating: bytes[k..<k + n], as: UTF8.self) { return "`" + s + "`" }
            return "the byte 0x" + hex(UInt32(b), width: 2) + ", which is not valid UTF-8"
        }
    }

    func hex(_ v: UInt32, width: Int) -> String {
        let h = String(v, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, width - h.count)) + h
    }

    mutating func skipWhitespace() {
        while i < bytes.count {
            switch bytes[i] {
            case 0x20, 0x09, 0x0A, 0x0D: i += 1
            default: return
            }
        }
    }

    /// The length of the valid UTF-8 sequence that starts at `k` (2 to 4 bytes), 0 when there
    /// is none: overlong forms, surrogates and values past U+10FFFF are invalid.
    func utf8SequenceLength(at k: Int) -> Int {
        let n = bytes.count
        func cont(_ j: Int, _ low: UInt8 = 0x80, _ high: UInt8 = 0xBF) -> Bool { j < n && bytes[j] >= low && bytes[j] <= high }
        switch bytes[k] {
        case 0xC2...0xDF: return cont(k + 1) ? 2 : 0
        case 0xE0: return cont(k + 1, 0xA0) && cont(k + 2) ? 3 : 0
        case 0xE1...0xEC, 0xEE, 0xEF: return cont(k + 1) && cont(k + 2) ? 3 : 0
        case 0xED: return cont(k + 1, 0x80, 0x9F) && cont(k + 2) ? 3 : 0
        case 0xF0: return cont(k + 1, 0x90) && cont(k + 2) && cont(k + 3) ? 4 : 0
        case 0xF1...0xF3: return cont(k + 1) && cont(k + 2) && cont(k + 3) ? 4 : 0
        case 0xF4: return cont(k + 1, 0x80, 0x8F) && cont(k + 2) && cont(k + 3) ? 4 : 0
        default: return 0
        }
    }

    // MARK: Values

    mutating func parseValue() throws(Failure) -> JSONValue {
        guard i < bytes.count else { throw fail("expected a value, found the end of the input") }
        switch bytes[i] {
        case UInt8(ascii: "{"): return try parseObject()
        case UInt8(ascii: "["): return try parseArray()
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try parseNumber())
        case UInt8(ascii: "'"): throw fail("expected a value, found `'`; strings are in double quotes")
        case UInt8(ascii: "/"): throw fail("expected a value, found `/`; JSON has no comments")
        default: throw fail("expected a value, found \(found(i))")
        }
    }

    mutating func literal(_ word: StaticString) throws(Failure) {
        let start = i
        let count = word.utf8CodeUnitCount
        var k = 0
        while k < count {
            guard i + k < bytes.count, bytes[i + k] == word.utf8Start[k] else {
                throw fail("expected a value, found \(found(start)); did you mean `\(word)`?", at: start)
            }
            k += 1
        }
        i += count
    }

    mutating func enter() throws(Failure) {
        depth += 1
        if depth > maxDepth {
            throw fail("arrays and objects nest deeper than \(maxDepth) levels")
        }
    }

    mutating func parseObject() throws(Failure) -> JSONValue {
        try enter()
        i += 1
        skipWhitespace()
        if i < bytes.count, bytes[i] == UInt8(ascii: "}") {
            i += 1
            depth -= 1
            return .object([])
        }
        var fields: [(String, JSONValue)] = []
        fields.reserveCapacity(max(4, objectSizeHint))
        // The first keys of the object, while all are plain (ASCII without escapes): each one's
        // fingerprint (a hash of its bytes and its length) and the offset of its first byte.
        var plainKeys = PlainKeys()
        var allPlain = true
        var seen: Set<String>? = nil
        while true {
            skipWhitespace()
            guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else {
                if i < bytes.count, bytes[i] == UInt8(ascii: "}"), !fields.isEmpty {
                    throw fail("a trailing comma is not allowed before `}`")
                }
                throw fail("expected a key in double quotes, found \(found(i))")
            }
            let keyStart = i
            let (key, fingerprint) = try parseKey()
            let plain = fingerprint >= 0
            if !allowDuplicateKeys {
                let repeated: Bool
                if seen == nil && fields.count < Parser.scanLimit {
                    if allPlain && plain {
                        repeated = hasPlainKey(fingerprint, at: keyStart + 1, among: plainKeys, count: fields.count)
                        plainKeys.set(fields.count, fingerprint: fingerprint, start: keyStart + 1)
                    } else {
                        // A key with escapes or beyond ASCII may equal another written otherwise.
                        allPlain = false
                        repeated = fields.contains { $0.0 == key }
                    }
                } else {
                    if seen == nil { seen = Set(fields.lazy.map(\.0)) }
                    repeated = !seen!.insert(key).inserted
                }
                if repeated {
                    var f = fail("the key \(JSONValue.string(key).briefDescription) appears twice in this object", at: keyStart)
                    f.path = [.key(key)]
                    throw f
                }
            }
            skipWhitespace()
            guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else {
                throw fail("expected `:` after the key, found \(found(i))")
            }
            i += 1
            skipWhitespace()
            let value: JSONValue
            do throws(Failure) {
                value = try parseValue()
            } catch {
                var e = error
                e.path.append(.key(key))
                throw e
            }
            fields.append((key, value))
            skipWhitespace()
            guard i < bytes.count else { throw fail("expected `,` or `}` after a member, found the end of the input") }
            if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
            if bytes[i] == UInt8(ascii: "}") { i += 1; break }
            throw fail("expected `,` or `}` after a member, found \(found(i))")
        }
        depth -= 1
        objectSizeHint = min(fields.count, Parser.scanLimit)
        return .object(fields)
    }

    /// The fingerprints and offsets of the first ``Parser/scanLimit`` keys of an object.
    struct PlainKeys {
        var fingerprints: (Int, Int, Int, Int, Int, Int, Int, Int, Int, Int, Int, Int, Int, Int, Int, Int) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var starts: (Int, Int, Int, Int, Int, Int, Int, Int, Int, Int, Int, Int, Int, Int, Int, Int) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)

        func fingerprint(_ k: Int) -> Int { withUnsafeBytes(of: fingerprints) { $0.load(fromByteOffset: k &* 8, as: Int.self) } }
        func start(_ k: Int) -> Int { withUnsafeBytes(of: starts) { $0.load(fromByteOffset: k &* 8, as: Int.self) } }

        mutating func set(_ k: Int, fingerprint: Int, start: Int) {
            guard k < Parser.scanLimit else { return }
            withUnsafeMutableBytes(of: &fingerprints) { $0.storeBytes(of: fingerprint, toByteOffset: k &* 8, as: Int.self) }
            withUnsafeMutableBytes(of: &starts) { $0.storeBytes(of: start, toByteOffset: k &* 8, as: Int.self) }
        }
    }

    /// Whether the plain key at `start` with `fingerprint` is among the first `count` keys of
    /// the object, all plain: plain keys are equal when their bytes are.
    func hasPlainKey(_ fingerprint: Int, at start: Int, among keys: PlainKeys, count: Int) -> Bool {
        let length = fingerprint & 0xFFFF_FFFF
        for k in 0..<min(count, Parser.scanLimit) where keys.fingerprint(k) == fingerprint {
            let s = keys.start(k)
            var j = 0
            while j < length && bytes[s + j] == bytes[start + j] { j += 1 }
            if j == length { return true }
        }
        return false
    }

    /// Reads a key from its opening quote at `i`, with its fingerprint when it is plain (ASCII
    /// without escapes, its text then the bytes between the quotes), else -1.
    mutating func parseKey() throws(Failure) -> (String, fingerprint: Int) {
        let open = i
        let scanned = try scanString()
        guard scanned.plain else { return (makeString(scanned), -1) }
        let start = open + 1, count = i - 1 - start
        var hash: UInt32 = 2_166_136_261
        for k in start..<start + count { hash = (hash ^ UInt32(bytes[k])) &* 16_777_619 }
        let fingerprint = Int(hash) << 32 | count
        let slot = Int(hash % UInt32(Parser.keyCacheSize))
        if keyCache[slot].count == count {
            let cachedStart = keyCache[slot].start
            var j = 0
            while j < count && bytes[cachedStart + j] == bytes[start + j] { j += 1 }
            if j == count { return (keyCache[slot].text, fingerprint) }
        }
        let text = makeString(scanned)
        keyCache[slot] = CachedKey(start: start, count: count, text: text)
        return (text, fingerprint)
    }

    mutating func parseArray() throws(Failure) -> JSONValue {
        try enter()
        i += 1
        skipWhitespace()
        if i < bytes.count, bytes[i] == UInt8(ascii: "]") {
            i += 1
            depth -= 1
            return .array([])
        }
        var items: [JSONValue] = []
        items.reserveCapacity(max(4, arraySizeHint))
        while true {
            skipWhitespace()
            if i < bytes.count, bytes[i] == UInt8(ascii: "]"), !items.isEmpty {
                throw fail("a trailing comma is not allowed before `]`")
            }
            do throws(Failure) {
                items.append(try parseValue())
            } catch {
                var e = error
                e.path.append(.index(items.count))
                throw e
            }
            skipWhitespace()
            guard i < bytes.count else { throw fail("expected `,` or `]` after an element, found the end of the input") }
            if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
            if bytes[i] == UInt8(ascii: "]") { i += 1; break }
            throw fail("expected `,` or `]` after an element, found \(found(i))")
        }
        depth -= 1
        arraySizeHint = min(items.count, Parser.scanLimit)
        return .array(items)
    }

    mutating func parseNumber() throws(Failure) -> String {
        let start = i
        func isDigit(_ k: Int) -> Bool { k < bytes.count && bytes[k] >= 0x30 && bytes[k] <= 0x39 }
        if bytes[i] == UInt8(ascii: "-") {
            i += 1
            guard isDigit(i) else { throw fail("expected a digit after `-`, found \(found(i))") }
        }
        if bytes[i] == UInt8(ascii: "0") {
            i += 1
            if isDigit(i) { throw fail("a number cannot have a leading zero", at: i - 1) }
        } else {
            while isDigit(i) { i += 1 }
        }
        if i < bytes.count, bytes[i] == UInt8(ascii: ".") {
            i += 1
            guard isDigit(i) else { throw fail("expected a digit after the decimal point, found \(found(i))") }
            while isDigit(i) { i += 1 }
        }
        if i < bytes.count, bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") {
            i += 1
            if i < bytes.count, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") { i += 1 }
            guard isDigit(i) else { throw fail("expected a digit in the exponent, found \(found(i))") }
            while isDigit(i) { i += 1 }
        }
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self)
    }

    /// A string read: its text is `unescaped` when it had escapes, else the input's bytes
    /// between its quotes.
    struct ScannedString {
        var start: Int
        var end: Int
        var unescaped: [UInt8]?
        /// ASCII without escapes.
        var plain: Bool
    }

    /// Reads a string from its opening quote at `i`.
    mutating func parseString() throws(Failure) -> String {
        let scanned = try scanString()
        return makeString(scanned)
    }

    func makeString(_ s: ScannedString) -> String {
        if let u = s.unescaped { return String(decoding: u, as: UTF8.self) }
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[s.start..<s.end]), as: UTF8.self)
    }

    /// Checks a string from its opening quote at `i` and moves past it.
    mutating func scanString() throws(Failure) -> ScannedString {
        let open = i
        i += 1
        var buffer: [UInt8] = []
        var escaped = false, ascii = true
        var start = i
        while true {
            guard i < bytes.count else { throw fail("this string has no closing quote", at: open) }
            let b = bytes[i]
            if b >= 0x20 && b < 0x80 && b != UInt8(ascii: "\"") && b != UInt8(ascii: "\\") {
                i += 1
            } else if b == UInt8(ascii: "\"") {
                let scanned: ScannedString
                if !escaped {
                    scanned = ScannedString(start: start, end: i, unescaped: nil, plain: ascii)
                } else {
                    buffer.append(contentsOf: bytes[start..<i])
                    scanned = ScannedString(start: open + 1, end: i, unescaped: buffer, plain: false)
                }
                i += 1
                return scanned
            } else if b == UInt8(ascii: "\\") {
                escaped = true
                buffer.append(contentsOf: bytes[start..<i])
                try escape(into: &buffer)
                start = i
            } else if b < 0x20 {
                if b == 0x0A || b == 0x0D {
                    throw fail("a line break inside a string must be written `\\n`; is a closing quote missing?")
                }
                throw fail("\(found(i)) inside a string must be escaped, as `\\u\(hex(UInt32(b), width: 4))`")
            } else {
                ascii = false
                let n = utf8SequenceLength(at: i)
                if n == 0 { throw fail("the byte 0x\(hex(UInt32(b), width: 2)) is not valid UTF-8") }
                i += n
            }
        }
    }

    /// Reads an escape from its backslash at `i`, appending the character's UTF-8.
    mutating func escape(into buffer: inout [UInt8]) throws(Failure) {
        let start = i
        i += 1
        guard i < bytes.count else { throw fail("this string has no closing quote", at: start) }
        let c = bytes[i]
        i += 1
        switch c {
        case UInt8(ascii: "\""): buffer.append(0x22)
        case UInt8(ascii: "\\"): buffer.append(0x5C)
        case UInt8(ascii: "/"): buffer.append(0x2F)
        case UInt8(ascii: "b"): buffer.append(0x08)
        case UInt8(ascii: "f"): buffer.append(0x0C)
        case UInt8(ascii: "n"): buffer.append(0x0A)
        case UInt8(ascii: "r"): buffer.append(0x0D)
        case UInt8(ascii: "t"): buffer.append(0x09)
        case UInt8(ascii: "u"):
            let first = try hex4(escapeAt: start)
            var scalar = first
            if (0xD800...0xDBFF).contains(first) {
                guard i + 1 < bytes.count, bytes[i] == UInt8(ascii: "\\"), bytes[i + 1] == UInt8(ascii: "u") else {
                    throw fail("the escape `\\u\(hex(first, width: 4))` is half of a surrogate pair; the other half must follow", at: start)
                }
                let second = i
                i += 2
                let low = try hex4(escapeAt: second)
                guard (0xDC00...0xDFFF).contains(low) else {
                    throw fail("the escape `\\u\(hex(low, width: 4))` does not complete the surrogate pair of `\\u\(hex(first, width: 4))`", at: second)
                }
                scalar = 0x10000 + ((first - 0xD800) << 10) + (low - 0xDC00)
            } else if (0xDC00...0xDFFF).contains(first) {
                throw fail("the escape `\\u\(hex(first, width: 4))` is the second half of a surrogate pair without the first", at: start)
            }
            guard let u = UnicodeScalar(scalar) else { throw fail("invalid escape", at: start) }
            buffer.append(contentsOf: Array(String(u).utf8))
        default:
            i -= 1
            throw fail("invalid escape: a backslash followed by \(found(i)); the escapes are \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX", at: start)
        }
    }

    /// Four hex digits at `i` (after `\u`).
    mutating func hex4(escapeAt start: Int) throws(Failure) -> UInt32 {
        var v: UInt32 = 0
        for _ in 0..<4 {
            guard i < bytes.count else { throw fail("`\\u` needs four hex digits, found the end of the input") }
            let b = bytes[i]
            let d: UInt32
            switch b {
            case 0x30...0x39: d = UInt32(b - 0x30)
            case 0x41...0x46: d = UInt32(b - 0x41 + 10)
            case 0x61...0x66: d = UInt32(b - 0x61 + 10)
            default: throw fail("`\\u` needs four hex digits, found \(found(i))")
            }
            v = v << 4 | d
            i += 1
        }
        return v
    }
}
