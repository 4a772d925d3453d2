// The strict JSON parser: valid documents, exact numbers, every kind of error with its line and
// column, the depth limit, and random bytes that never crash it.

import PromoJSON
import Testing

@Suite struct JSONParserTests {
    func parse(_ text: String) throws -> JSONValue { try JSONParser.parse(text) }

    func failure(_ text: String) -> JSONParseError? { failure(Array(text.utf8)) }

    func failure(_ bytes: [UInt8]) -> JSONParseError? {
        do {
            _ = try JSONParser.parse(bytes)
            return nil
        } catch {
            return error
        }
    }

    @Test func scalarsAndContainers() throws {
        #expect(try parse("null") == .null)
        #expect(try parse(" true ") == .bool(true))
        #expect(try parse("false") == .bool(false))
        #expect(try parse("\"abc\"") == .string("abc"))
        #expect(try parse("[]") == .array([]))
        #expect(try parse("{}") == .object([]))
        let v = try parse(#"{"b": [1, 2.5, {"c": null}], "a": "x"}"#)
        #expect(v.asObject?.map(\.0) == ["b", "a"], "keys keep their order")
        #expect(v["b"]?[1]?.numberText == "2.5")
        #expect(v["b"]?[2]?["c"]?.isNull == true)
        #expect(v["a"]?.asString == "x")
        #expect(v["missing"] == nil)
        #expect(v["b"]?[3] == nil)
    }

    @Test(arguments: [
        "0", "-0", "0.1", "100.00", "1e400", "-1.5E-7", "123456789012345678901234567890.000000000000000000001", "2E+3",
    ])
    func numbersAreExact(text: String) throws {
        let v = try parse(text)
        #expect(v == .number(text))
        #expect(v.serialized() == text, "the literal text goes back out unchanged")
    }

    @Test(arguments: [
        #"{"a":[1,2,{"b":null,"c":"d"}],"e":true,"f":-0.50}"#,
        #"[[],{},"",0,"\u0001\"\\"]"#,
        #"{"é":"ünïcödé 😀 日本"}"#,
    ])
    func compactDocumentsRoundTrip(text: String) throws {
        #expect(try parse(text).serialized() == text)
    }

    @Test func stringEscapes() throws {
        #expect(try parse(#""\"\\\/\b\f\n\r\t""#) == .string("\"\\/\u{08}\u{0C}\n\r\t"))
        #expect(try parse(#""\u00e9\u00C9""#) == .string("éÉ"))
        #expect(try parse(#""\ud83d\ude00""#) == .string("😀"), "a surrogate pair is one character")
        #expect(try parse(#""a\u0000b""#) == .string("a\u{0}b"))
        #expect(try parse("\"日本 😀\"") == .string("日本 😀"))
    }

    @Test func accessors() throws {
        #expect(JSONValue.number("42").asInt64 == 42)
        #expect(JSONValue.number("-7").asInt64 == -7)
        #expect(JSONValue.number("42.0").asInt64 == 42)
        #expect(JSONValue.number("4.20e1").asInt64 == 42)
        #expect(JSONValue.number("420e-1").asInt64 == 42)
        #expect(JSONValue.number("0e-9").asInt64 == 0)
        #expect(JSONValue.number("9223372036854775807").asInt64 == Int64.max)
        #expect(JSONValue.number("9223372036854775808").asInt64 == nil)
        #expect(JSONValue.number("1e19").asInt64 == nil)
        #expect(JSONValue.number("1.5").asInt64 == nil)
        #expect(JSONValue.int(12).asInt64 == 12)
        #expect(JSONValue.string("12").asInt64 == nil)
        #expect(JSONValue.bool(true).asBool == true)
        #expect(JSONValue.string("x").asBool == nil)
        #expect(JSONValue.string(String(repeating: "a", count: 50)).briefDescription.count == 43)
        #expect(JSONValue.number("1").isNull == false)
        #expect(JSONValue.int(3) == JSONValue.number("3"), "values compare by their JSON text")
    }

    @Test func numberTextThatIsNotANumberIsWrittenAsAString() {
        #expect(JSONValue.array([.number("12abc")]).serialized() == #"["12abc"]"#)
    }

    @Test func byteOrderMarkIsSkipped() throws {
        #expect(try JSONParser.parse([0xEF, 0xBB, 0xBF] + Array("[1]".utf8)) == .array([.number("1")]))
    }

    /// (input, message fragment, line, column)
    static let invalid: [(String, String, Int, Int)] = [
        ("", "the input is empty", 1, 1),
        ("   \n ", "the input is empty", 2, 2),
        ("[1, 2,]", "trailing comma", 1, 7),
        (#"{"a": 1,}"#, "trailing comma", 1, 9),
        ("[1 2]", "expected `,` or `]` after an element, found `2`", 1, 4),
        (#"{"a" 1}"#, "expected `:` after the key, found `1`", 1, 6),
        (#"{"a": 1 "b": 2}"#, "expected `,` or `}` after a member", 1, 9),
        ("{a: 1}", "expected a key in double quotes, found `a`", 1, 2),
        ("[1] // note", "unexpected text after the JSON value", 1, 5),
        ("/* c */ 1", "JSON has no comments", 1, 1),
        ("01", "leading zero", 1, 1),
        ("-01", "leading zero", 1, 2),
        ("1.", "expected a digit after the decimal point", 1, 3),
        (".5", "expected a value, found `.`", 1, 1),
        ("-", "expected a digit after `-`, found the end of the input", 1, 2),
        ("+1", "expected a value, found `+`", 1, 1),
        ("1e", "expected a digit in the exponent", 1, 3),
        ("NaN", "expected a value, found `N`", 1, 1),
        ("tru", "did you mean `true`", 1, 1),
        ("nul", "did you mean `null`", 1, 1),
        ("'a'", "strings are in double quotes", 1, 1),
        (#""abc"#, "no closing quote", 1, 1),
        ("\"a\nb\"", "a line break inside a string", 1, 3),
        ("\"a\u{1}b\"", "must be escaped, as `\\u0001`", 1, 3),
        (#""\x""#, "invalid escape", 1, 2),
        (#""\u12""#, "four hex digits", 1, 6),
        (#""\ud800""#, "half of a surrogate pair", 1, 2),
        (#""\ud800\u0041""#, "does not complete the surrogate pair", 1, 8),
        (#""\udc00""#, "second half of a surrogate pair", 1, 2),
        (#"{"a": 1, "a": 2}"#, "the key \"a\" appears twice", 1, 10),
        ("[1, [2, 3]", "expected `,` or `]` after an element, found the end of the input", 1, 11),
        ("{\"a\": [\n  1,\n  tru\n]}", "did you mean `true`", 3, 3),
        ("[\"é\", x]", "expected a value, found `x`", 1, 7),
        ("[1]\r\n[2]", "unexpected text", 2, 1),
    ]

    @Test(arguments: 0..<invalid.count)
    func invalidDocuments(index: Int) {
        let (input, fragment, line, column) = Self.invalid[index]
        guard let error = failure(input) else {
            Issue.record("\(input.debugDescription) parsed")
            return
        }
        #expect(error.message.contains(fragment), "\(input.debugDescription): \(error.message)")
        #expect(error.line == line && error.column == column, "\(input.debugDescription): \(error)")
    }

    @Test func invalidUTF8() {
        let cases: [[UInt8]] = [
            [0x22, 0xFF, 0x22],             // never valid
            [0x22, 0xC0, 0xAF, 0x22],       // overlong "/"
            [0x22, 0xE0, 0x80, 0xAF, 0x22], // overlong
            [0x22, 0xED, 0xA0, 0x80, 0x22], // a surrogate encoded
            [0x22, 0xF4, 0x90, 0x80, 0x80, 0x22], // past U+10FFFF
            [0x22, 0xE2, 0x82, 0x22],       // cut short
            [0x22, 0x80, 0x22],             // a lone continuation byte
        ]
        for bytes in cases {
            let error = failure(bytes)
            #expect(error?.message.contains("not valid UTF-8") == true, "\(bytes): \(String(describing: error))")
            #expect(error?.column == 2)
        }
        #expect(failure([0xFF])?.message.contains("not valid UTF-8") == true)
    }

    @Test func errorsNameThePathBeingRead() {
        #expect(failure(#"{"lines": [{"sku": 1}, {"qty": x}]}"#)?.path == "lines[1].qty")
        #expect(failure(#"{"customer": {"facts": {"spend(last 7 days)": 01}}}"#)?.path
                == #"customer.facts["spend(last 7 days)"]"#)
        #expect(failure("[1,").map(\.path) == "[1]")
        #expect(failure("{").map(\.path) == "")
    }

    @Test func depthLimit() throws {
        let ok = String(repeating: "[", count: 64) + String(repeating: "]", count: 64)
        #expect(try parse(ok).serialized() == ok)
        let deep = String(repeating: "[", count: 65) + String(repeating: "]", count: 65)
        #expect(failure(deep)?.message == "arrays and objects nest deeper than 64 levels")
        #expect(failure(deep)?.column == 65)
        let objects = String(repeating: #"{"a":"#, count: 65) + "1" + String(repeating: "}", count: 65)
        #expect(failure(objects)?.message.contains("deeper than 64") == true)
        // Far deeper than any stack would take without the limit.
        #expect(failure(String(repeating: "[", count: 1_000_000)) != nil)
        #expect(failure(String(repeating: "[{\"a\":", count: 100_000)) != nil)
        #expect(try JSONParser.parse("[[[1]]]", maxDepth: 3) == .array([.array([.array([.number("1")])])]))
        #expect(throws: JSONParseError.self) { try JSONParser.parse("[[[1]]]", maxDepth: 2) }
    }

    @Test func duplicateKeysWhenAllowed() throws {
        let v = try JSONParser.parse(#"{"a": 1, "a": 2}"#, allowDuplicateKeys: true)
        #expect(v.asObject?.count == 2)
        #expect(v["a"]?.numberText == "1", "the subscript gives the first")
    }

    @Test func randomBytesNeverCrash() {
        var rng = SeededGenerator(seed: 0x4A53_4F4E)
        let alphabet = Array(#"{}[]:,"\-+.0123456789eEtrufalsn ubé"#.utf8) + [0x0A, 0x00, 0xFF, 0xC3, 0xED, 0xF0]
        for _ in 0..<5000 {
            let count = Int.random(in: 0...40, using: &rng)
            let bytes = (0..<count).map { _ in alphabet.randomElement(using: &rng)! }
            do {
                let value = try JSONParser.parse(bytes)
                // Whatever parses serializes to JSON that parses to the same value.
                #expect(try JSONParser.parse(value.serialized()) == value)
            } catch {
                #expect(error.line >= 1 && error.column >= 1 && error.offset <= bytes.count)
            }
        }
    }
}
