import PromoDiagnostics
import Testing
@testable import PromoSyntax

/// Lexes `text` and returns the tokens without the final end of file.
private func lex(_ text: String) -> (tokens: [Token], diagnostics: [Diagnostic], file: SourceFile) {
    var map = SourceMap()
    let file = map.add(path: "t.promo", text: text)
    let (tokens, diagnostics) = Lexer.tokenize(file)
    return (Array(tokens.dropLast()), diagnostics, file)
}

@Suite struct LexerTests {
    @Test func typedLiterals() {
        let (tokens, diagnostics, file) = lex("500.00 20% 0.5% 14 2026-12-01 08:00 2026-12-02T10:30 \"Молоко\"")
        #expect(diagnostics.isEmpty)
        #expect(tokens.map(\.kind) == [.decimal, .percent, .percent, .integer, .date, .time, .dateTime, .string])
        #expect(tokens[0].value == .decimal(DecimalLiteral(unscaled: 50000, scale: 2)))
        #expect(tokens[1].value == .decimal(DecimalLiteral(unscaled: 20, scale: 0)))
        #expect(tokens[2].value == .decimal(DecimalLiteral(unscaled: 5, scale: 1)))
        #expect(tokens[4].value == .date(DateLiteral(year: 2026, month: 12, day: 1)))
        #expect(tokens[5].value == .time(TimeLiteral(hour: 8, minute: 0)))
        #expect(tokens[6].value == .dateTime(DateLiteral(year: 2026, month: 12, day: 2), TimeLiteral(hour: 10, minute: 30)))
        #expect(tokens[7].text == "Молоко")
        #expect(file.text(of: tokens[7].span) == "\"Молоко\"")
    }

    @Test func cyrillicNamesAndKeywords() {
        let (tokens, diagnostics, _) = lex("items молочка = category \"Еда/Молочное\"")
        #expect(diagnostics.isEmpty)
        #expect(tokens[0].keyword == .items)
        #expect(tokens[1].kind == .word && tokens[1].keyword == nil && tokens[1].text == "молочка")
        #expect(tokens[2].kind == .assign)
        #expect(tokens[3].keyword == .category)
    }

    @Test func commentsAndNewlines() {
        let (tokens, _, _) = lex("priority 10 # runs first\n# a whole line\nstop")
        #expect(tokens.map(\.kind) == [.word, .integer, .newline, .newline, .word])
    }

    @Test func separatorsInNumbers() {
        let (tokens, diagnostics, _) = lex("5_000.00 1_000_000")
        #expect(diagnostics.isEmpty)
        #expect(tokens[0].value == .decimal(DecimalLiteral(unscaled: 500_000, scale: 2)))
        #expect(tokens[1].value == .integer(1_000_000))
    }

    @Test func rangesAreNotDecimals() {
        let (tokens, _, _) = lex("1..5")
        #expect(tokens.map(\.kind) == [.integer, .dotDot, .integer])
    }

    @Test func stringEscapes() {
        let (tokens, diagnostics, _) = lex(#""a \"quoted\" \\ word\n\u{41} \{saved\}""#)
        #expect(diagnostics.isEmpty)
        #expect(tokens[0].text == "a \"quoted\" \\ word\nA \\{saved\\}")
    }

    @Test(arguments: [
        ("2026-02-30", DiagnosticCode.invalidDate, "February 2026 has 28 days"),
        ("2026-13-01", .invalidDate, "there is no month 13"),
        ("25:00", .invalidTime, "hours run from 00 to 23"),
        ("08:61", .invalidTime, "minutes run from 00 to 59"),
        ("14days", .malformedNumber, "not a number"),
        ("\"open", .unterminatedString, "no closing"),
        ("\"a\\qb\"", .invalidEscape, "unknown escape"),
        ("@", .unexpectedCharacter, "not part of the language"),
        ("99999999999999999999", .malformedNumber, "at most 18 digits"),
    ])
    func lexicalErrors(text: String, code: DiagnosticCode, label: String) {
        let (_, diagnostics, _) = lex(text)
        #expect(diagnostics.count == 1)
        #expect(diagnostics.first?.code == code)
        #expect(diagnostics.first?.labels[0].message.contains(label) == true, "\(diagnostics)")
    }

    @Test func leapDay() {
        let (tokens, diagnostics, _) = lex("2028-02-29")
        #expect(diagnostics.isEmpty)
        #expect(tokens[0].kind == .date)
    }

    @Test func columnsCountCharacters() {
        var map = SourceMap()
        let file = map.add(path: "t.promo", text: "items молоко = x\n  ошибка @")
        let offset = Int32(Array(file.text.utf8).firstIndex(of: UInt8(ascii: "@"))!)
        #expect(file.location(of: offset) == SourceLocation(line: 2, column: 10))
        let equals = Int32(Array(file.text.utf8).firstIndex(of: UInt8(ascii: "="))!)
        #expect(file.location(of: equals) == SourceLocation(line: 1, column: 14))
    }

    @Test func dateArithmetic() {
        #expect(DateLiteral(year: 1970, month: 1, day: 1).dayNumber == 0)
        #expect(DateLiteral(year: 2026, month: 12, day: 2).dayNumber == 20_789)
        #expect(DateLiteral(year: 2000, month: 3, day: 1).dayNumber - DateLiteral(year: 2000, month: 2, day: 28).dayNumber == 2)
        for n in [-800_000, -1, 0, 59, 20_789, 2_932_896] {
            #expect(DateLiteral(dayNumber: n).dayNumber == n)
        }
        #expect(DateLiteral(dayNumber: 20_789) == DateLiteral(year: 2026, month: 12, day: 2))
    }
}
