// Fixed-point values as decimal text, both ways.

import PromoJSON
@testable import PromoVM
import Testing

@Suite struct FixedPointTests {
    @Test func format() {
        #expect(FixedPoint.format(123_450, decimals: 2) == "1234.50")
        #expect(FixedPoint.format(5, decimals: 2) == "0.05")
        #expect(FixedPoint.format(-5, decimals: 2) == "-0.05")
        #expect(FixedPoint.format(0, decimals: 2) == "0.00")
        #expect(FixedPoint.format(100, decimals: 2) == "1.00")
        #expect(FixedPoint.format(7, decimals: 0) == "7")
        #expect(FixedPoint.format(1234, decimals: 3) == "1.234")
        #expect(FixedPoint.format(Int64.max, decimals: 2) == "92233720368547758.07")
        #expect(FixedPoint.format(Int64.min, decimals: 2) == "-92233720368547758.08")
        #expect(FixedPoint.format(-1, decimals: 4) == "-0.0001")
    }

    @Test func trimmed() {
        #expect(FixedPoint.quantity(6000) == "6")
        #expect(FixedPoint.quantity(350) == "0.35")
        #expect(FixedPoint.quantity(1) == "0.001")
        #expect(FixedPoint.quantity(0) == "0")
        #expect(FixedPoint.quantity(-1500) == "-1.5")
        #expect(FixedPoint.percent(125_000) == "12.5")
        #expect(FixedPoint.percent(1_000_000) == "100")
        #expect(FixedPoint.percent(123_456) == "12.3456")
        #expect(FixedPoint.formatTrimmed(700, decimals: 0) == "700")
    }

    @Test func parse() throws {
        #expect(try FixedPoint.parse("1234.50", decimals: 2) == 123_450)
        #expect(try FixedPoint.parse("1234.5", decimals: 2) == 123_450)
        #expect(try FixedPoint.parse("0.05", decimals: 2) == 5)
        #expect(try FixedPoint.parse("-0.05", decimals: 2) == -5)
        #expect(try FixedPoint.parse("7", decimals: 2) == 700)
        #expect(try FixedPoint.parse("0", decimals: 0) == 0)
        #expect(try FixedPoint.parse("0.350", decimals: 3) == 350)
        #expect(try FixedPoint.parse("92233720368547758.07", decimals: 2) == Int64.max)
    }

    @Test(arguments: [
        ("1.234", JSONNumber.ScaleProblem.tooManyDecimals), ("1.500", .tooManyDecimals), ("abc", .malformed),
        ("", .malformed), ("01", .malformed), ("1e3", .malformed), (" 1", .malformed), ("1 ", .malformed),
        ("+1", .malformed), (".5", .malformed), ("5.", .malformed), ("1,5", .malformed), ("--1", .malformed),
        ("92233720368547758.08", .tooLarge), ("99999999999999999999", .tooLarge),
    ])
    func parseErrors(text: String, problem: JSONNumber.ScaleProblem) {
        #expect(throws: problem) { try FixedPoint.parse(text, decimals: 2) }
    }

    @Test func numberLiteralsUseTheSameRule() throws {
        #expect(try JSONNumber.scaled("1.5e2", decimals: 2) == 15_000)
        #expect(try JSONNumber.scaled("15e-1", decimals: 2) == 150)
        #expect(throws: JSONNumber.ScaleProblem.tooManyDecimals) { try JSONNumber.scaled("1e-3", decimals: 2) }
        #expect(throws: JSONNumber.ScaleProblem.tooLarge) { try JSONNumber.scaled("1e30", decimals: 2) }
        #expect(throws: JSONNumber.ScaleProblem.tooLarge) { try JSONNumber.scaled("1e999999999999", decimals: 2) }
        #expect(try JSONNumber.scaled("0e999999999999", decimals: 2) == 0)
    }

    @Test func theEndsOfTheRangeRead() throws {
        // The least Int64 has no positive counterpart: made below zero, it reads.
        #expect(JSONNumber.wholeValue("-9223372036854775808") == Int64.min)
        #expect(JSONNumber.wholeValue("9223372036854775807") == Int64.max)
        #expect(JSONNumber.wholeValue("9223372036854775808") == nil)
        #expect(JSONNumber.wholeValue("-9223372036854775809") == nil)
        #expect(try JSONNumber.scaled("-92233720368547758.08", decimals: 2) == Int64.min)
        #expect(try JSONNumber.scaled("92233720368547758.07", decimals: 2) == Int64.max)
        #expect(throws: JSONNumber.ScaleProblem.tooLarge) { try JSONNumber.scaled("92233720368547758.08", decimals: 2) }
        #expect(throws: JSONNumber.ScaleProblem.tooLarge) { try JSONNumber.scaled("-92233720368547758.09", decimals: 2) }
        #expect(try JSONNumber.scaled("-12.5", decimals: 2) == -1250)
    }

    /// `parse(format(v))` is `v` for every value and decimals; `format(parse(t))` is `t` for
    /// text written with every decimal.
    @Test func bothDirections() throws {
        var rng = SeededGenerator(seed: 0xF1_7ED)
        for _ in 0..<20_000 {
            let decimals = Int.random(in: 0...4, using: &rng)
            let magnitude = Int64.random(in: 0...18, using: &rng)
            var bound: Int64 = 1
            for _ in 0..<magnitude { bound *= 10 }
            let v = Int64.random(in: -bound...bound, using: &rng)
            let text = FixedPoint.format(v, decimals: decimals)
            #expect(try FixedPoint.parse(text, decimals: decimals) == v)
            #expect(FixedPoint.format(try FixedPoint.parse(text, decimals: decimals), decimals: decimals) == text || v == 0)
            let trimmed = FixedPoint.formatTrimmed(v, decimals: decimals)
            #expect(try FixedPoint.parse(trimmed, decimals: decimals) == v)
        }
        for v in [Int64.max, Int64.min + 1, 0, 1, -1] {
            #expect(try FixedPoint.parse(FixedPoint.format(v, decimals: 2), decimals: 2) == v)
        }
    }
}
