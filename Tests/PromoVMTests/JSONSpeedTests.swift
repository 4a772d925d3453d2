// The fast paths of the JSON parser and the receipt reader give what the plain rules say:
// repeated keys however they are written and however large the object, error paths through
// nested arrays, and values built in code with repeated or reordered members.

import PromoJSON
@testable import PromoVM
import Testing

@Suite struct JSONSpeedTests {
    func parseError(_ text: String) -> JSONParseError? {
        do {
            _ = try JSONParser.parse(text)
            return nil
        } catch {
            return error
        }
    }

    func members(_ count: Int) -> [String] { (0..<count).map { "\"k\($0)\": \($0)" } }

    @Test func repeatedKeysInSmallAndLargeObjects() {
        for size in [2, 15, 16, 17, 40] {
            let text = "{" + (members(size) + ["\"k1\": 0"]).joined(separator: ", ") + "}"
            let e = parseError(text)
            #expect(e?.message == "the key \"k1\" appears twice in this object", "\(size) members")
            #expect(e?.path == "k1")
            #expect(parseError("{" + members(size).joined(separator: ", ") + "}") == nil)
        }
    }

    @Test func repeatedKeysWrittenOtherwise() {
        // An escape, and a character that equals another as text (the Kelvin sign is K).
        #expect(parseError(#"{"ab": 1, "a\u0062": 2}"#)?.message == "the key \"ab\" appears twice in this object")
        #expect("K" == "\u{212A}")
        #expect(parseError(#"{"K": 1, "\u212A": 2}"#)?.message.hasSuffix("appears twice in this object") == true)
        #expect(parseError("{\"K\": 1, \"\u{212A}\": 2}")?.message.hasSuffix("appears twice in this object") == true)
        #expect(parseError("{\"\u{212A}\": 1, \"x\": 3, \"K\": 2}")?.message.hasSuffix("appears twice in this object") == true)
        // Same length, same letters, other order: no repeat.
        #expect(parseError(#"{"ab": 1, "ba": 2, "a\u00e9": 3, "b": 4, "ab ": 5}"#) == nil)
    }

    @Test func keysRepeatedAcrossObjectsKeepTheirText() throws {
        let v = try JSONParser.parse(#"[{"sku": 1, "qty": "2"}, {"qty": "3", "sku": 4}, {"sk": 5, "skv": 6}]"#)
        #expect(v[0]?.asObject?.map(\.0) == ["sku", "qty"])
        #expect(v[1]?.asObject?.map(\.0) == ["qty", "sku"])
        #expect(v[2]?.asObject?.map(\.0) == ["sk", "skv"])
    }

    @Test func errorPathsThroughNestedArrays() {
        #expect(parseError("[1, [2, 3, x]]")?.path == "[1][2]")
        #expect(parseError(#"{"lines": [{"a": [1, {"b": [true, nul]}]}]}"#)?.path == "lines[0].a[1].b[1]")
    }

    func line(_ members: [(String, JSONValue)]) -> JSONValue {
        .object([("at", .string("2026-12-02T10:00")), ("lines", .array([.object(members)]))])
    }

    @Test func builtValuesTakeTheFirstMemberOfAName() throws {
        let r = try ReceiptJSON.decode(line([
            ("qty", .string("2")), ("unknown", .int(1)), ("sku", .int(7)), ("name", .null), ("price", .string("1.50")),
            ("sku", .int(8)), ("name", .string("later")), ("price", .string("bad")),
        ]), decimals: 2)
        #expect(r.lines[0].sku == 7)
        #expect(r.lines[0].name == nil)
        #expect(r.lines[0].price == 150)
        #expect(r.lines[0].quantity == 2000)
    }

    @Test func factsSkipRepeatsSmallAndLarge() throws {
        for extra in [0, 40] {
            var facts: [(String, JSONValue)] = (0..<extra).map { ("f\($0)", .bool(true)) }
            facts += [("a", .null), ("a", .object([])), ("b", .int(3)), ("b", .array([]))]
            let value = JSONValue.object([
                ("at", .string("2026-12-02T10:00")), ("lines", .array([])),
                ("customer", .object([("id", .string("1")), ("facts", .object(facts))])),
            ])
            let r = try ReceiptJSON.decode(value, decimals: 2)
            #expect(r.customer?.facts["a"] == nil)
            #expect(r.customer?.facts["b"] == .number(3))
            #expect(r.customer?.facts.count == extra + 1)
        }
    }

    @Test func errorFieldsFromNestedReaders() {
        func field(_ text: String) -> String? {
            do {
                _ = try ReceiptJSON.decodeMany(Array(text.utf8), decimals: 2, factTags: ["spend now": .money])
                return nil
            } catch {
                return error.field
            }
        }
        let at = #""at": "2026-12-02T10:00""#
        #expect(field(#"[{\#(at), "lines": []}, {\#(at), "lines": [{"sku": 1, "price": "1", "qty": "-1"}]}]"#) == "[1].lines[0].qty")
        #expect(field(#"{\#(at), "lines": [], "customer": {"id": "1", "facts": {"spend now": "1.234"}}}"#) == #"customer.facts["spend now"]"#)
        #expect(field(#"{\#(at), "lines": [], "customer": {"id": "1", "usage": {"x y": {"units_day": "-1"}}}}"#) == #"customer.usage["x y"].units_day"#)
        #expect(field(#"{\#(at), "lines": [], "customer": {"id": "1", "levels": {"loyalty": 1}}}"#) == "customer.levels.loyalty")
        #expect(field(#"{\#(at), "lines": [], "coupons": ["a", 2]}"#) == "coupons[1]")
        #expect(field(#"{\#(at), "lines": [], "store": {"groups": "x"}}"#) == "store.groups")
        #expect(field(#"{\#(at), "lines": [], "store": 1}"#) == "store")
        #expect(field(#"{"lines": []}"#) == "at")
        #expect(field(#"[{\#(at), "lines": []}, 5]"#) == "[1]")
    }
}
