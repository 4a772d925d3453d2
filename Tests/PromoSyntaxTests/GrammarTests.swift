import Foundation
import Testing
import PromoDiagnostics
@testable import PromoSyntax

// Keeps grammar/promo.ebnf and the parser in step: every example in the grammar is run through
// the lexer or the parser, and the grammar's terminals are checked against the keywords, the
// measure units and the punctuation the lexer knows.

// MARK: - Reading the grammar

/// What an example claims about its text.
enum ExampleKind: String, Sendable {
    /// `(*> …`: accepted with no diagnostics.
    case positive = ">"
    /// `(*! …`: rejected with at least one diagnostic.
    case negative = "!"
    /// `(*? …`: valid language the parser rejects today.
    case pending = "?"
    /// `(*?! …`: invalid language the parser accepts today.
    case pendingNegative = "?!"
}

struct GrammarExample: Sendable, CustomTestStringConvertible {
    var kind: ExampleKind
    /// What the text is: `file`, `expr`, `items`, `clause`, `tiers-clause`, `restriction-clause`,
    /// `test-clause` or `token` (with an optional token kind after it).
    var tag: String
    var text: String
    /// The production the example belongs to.
    var production: String
    /// 1-based line of the example in the grammar file.
    var line: Int

    var tagWord: String { String(tag.split(separator: " ").first ?? "") }
    var tokenKind: String? {
        let words = tag.split(separator: " ")
        return words.count > 1 ? String(words[1]) : nil
    }

    var testDescription: String {
        "promo.ebnf:\(line) \(production) \(tag): \(text.replacingOccurrences(of: "\n", with: "⏎"))"
    }
}

/// One lexical element of the EBNF text.
enum EBNFItem: Equatable, Sendable {
    case identifier(String)
    /// A double-quoted terminal: a token of the syntactic grammar.
    case token(String)
    /// A single-quoted terminal: a character of the lexical grammar.
    case character(String)
    /// `? … ?`
    case special(String)
    case number(Int)
    case symbol(Character)
}

struct Production: Sendable {
    var name: String
    var line: Int
    /// The right-hand side, without the final `;`.
    var body: [EBNFItem]
    var examples: [GrammarExample] = []

    var tokens: [String] {
        body.compactMap { if case .token(let t) = $0 { t } else { nil } }
    }
    var references: [String] {
        body.compactMap { if case .identifier(let n) = $0 { n } else { nil } }
    }
}

struct Grammar: Sendable {
    var productions: [Production] = []
    var problems: [String] = []

    var examples: [GrammarExample] { productions.flatMap(\.examples) }
    func examples(_ kind: ExampleKind) -> [GrammarExample] { examples.filter { $0.kind == kind } }
    func production(_ name: String) -> Production? { productions.first { $0.name == name } }

    /// The repository root, found from this file's path.
    static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let path = root.appendingPathComponent("grammar/promo.ebnf").path

    /// The grammar file, read once.
    static let shared: Grammar = {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            var grammar = Grammar()
            grammar.problems.append("cannot read \(path)")
            return grammar
        }
        return Grammar(parsing: text)
    }()

    init() {}

    init(parsing text: String) {
        let chars = Array(text.unicodeScalars)
        var i = 0
        var line = 1
        var current: Production?
        var expectingDefinition = false

        func finish() {
            if let p = current { productions.append(p) }
            current = nil
        }

        /// Reads up to `terminator`, counting lines; nil when the text ends first.
        func read(until terminator: [Unicode.Scalar]) -> String? {
            var out = String.UnicodeScalarView()
            while i < chars.count {
                if Array(chars[i..<min(chars.count, i + terminator.count)]) == terminator {
                    i += terminator.count
                    return String(out)
                }
                if chars[i] == "\n" { line += 1 }
                out.append(chars[i])
                i += 1
            }
            return nil
        }

        while i < chars.count {
            let c = chars[i]
            let startLine = line
            if c == "\n" {
                line += 1
                i += 1
            } else if c.properties.isWhitespace {
                i += 1
            } else if c == "(", i + 1 < chars.count, chars[i + 1] == "*" {
                i += 2
                guard let body = read(until: ["*", ")"]) else {
                    problems.append("line \(startLine): unterminated comment")
                    break
                }
                let markers = [ExampleKind.pendingNegative, .positive, .negative, .pending]
                guard let kind = markers.first(where: { body.hasPrefix($0.rawValue) }) else { continue }
                let content = String(body.unicodeScalars.dropFirst(kind.rawValue.unicodeScalars.count))
                guard let colon = content.firstIndex(of: ":") else {
                    problems.append("line \(startLine): example without a `tag:`")
                    continue
                }
                let tag = content[..<colon].trimmingCharacters(in: .whitespaces)
                let raw = content[content.index(after: colon)...].trimmingCharacters(in: .whitespacesAndNewlines)
                guard current != nil, !expectingDefinition else {
                    problems.append("line \(startLine): example outside a production")
                    continue
                }
                current!.examples.append(GrammarExample(
                    kind: kind, tag: tag, text: Grammar.decode(raw), production: current!.name, line: startLine))
            } else if c == "\"" || c == "'" || c == "?" {
                i += 1
                guard let value = read(until: [c]) else {
                    problems.append("line \(startLine): unterminated \(c)")
                    break
                }
                let item: EBNFItem = c == "\"" ? .token(value) : c == "'" ? .character(value) : .special(value)
                if current == nil || !expectingDefinition {
                    problems.append("line \(startLine): \(c)\(value)\(c) outside a production")
                } else {
                    current!.body.append(item)
                }
            } else if c.properties.isAlphabetic {
                var name = String.UnicodeScalarView()
                while i < chars.count, chars[i].properties.isAlphabetic || chars[i].properties.numericType != nil
                        || (chars[i] == "-" && i + 1 < chars.count && chars[i + 1].properties.isAlphabetic) {
                    name.append(chars[i])
                    i += 1
                }
                let identifier = String(name)
                if expectingDefinition {
                    current!.body.append(.identifier(identifier))
                } else {
                    // A new production: `name = … ;`
                    finish()
                    current = Production(name: identifier, line: startLine, body: [])
                    var j = i
                    while j < chars.count, chars[j] == " " { j += 1 }
                    if j < chars.count, chars[j] == "=" {
                        i = j + 1
                        expectingDefinition = true
                    } else {
                        problems.append("line \(startLine): `\(identifier)` is not followed by `=`")
                    }
                }
            } else if c.properties.numericType != nil {
                var digits = ""
                while i < chars.count, let d = chars[i].properties.numericType, d == .decimal {
                    digits.unicodeScalars.append(chars[i])
                    i += 1
                }
                if expectingDefinition { current!.body.append(.number(Int(digits) ?? 0)) }
            } else {
                i += 1
                if c == ";", expectingDefinition {
                    expectingDefinition = false
                } else if expectingDefinition, "=,|[]{}()-*".unicodeScalars.contains(c) {
                    current!.body.append(.symbol(Character(c)))
                } else {
                    problems.append("line \(startLine): unexpected `\(c)`")
                }
            }
        }
        if expectingDefinition { problems.append("the last production has no `;`") }
        finish()
    }

    /// Turns `\n` and `\t` outside string literals into a line break and a tab; string literals
    /// are kept as written, escapes included.
    static func decode(_ raw: String) -> String {
        var out = String.UnicodeScalarView()
        let s = Array(raw.unicodeScalars)
        var i = 0
        var inString = false
        while i < s.count {
            let c = s[i]
            if inString {
                out.append(c)
                if c == "\\", i + 1 < s.count {
                    out.append(s[i + 1])
                    i += 1
                } else if c == "\"" || c == "\n" {
                    inString = false
                }
            } else if c == "\\", i + 1 < s.count, s[i + 1] == "n" || s[i + 1] == "t" {
                out.append(s[i + 1] == "n" ? "\n" : "\t")
                i += 1
            } else {
                if c == "\"" { inString = true }
                out.append(c)
            }
            i += 1
        }
        return String(out)
    }
}

// MARK: - Running examples

/// Where an example's text goes, and what the parser made of it.
struct ExampleRun {
    var source: String
    var map: SourceMap
    var syntax: SourceFileSyntax?
    var tokens: [Token]
    var diagnostics: [Diagnostic]

    var rendered: String {
        diagnostics.isEmpty ? "(no diagnostics)" : TextRenderer(sources: map, colored: false).render(diagnostics)
    }

    static let wrappers: [String: @Sendable (String) -> String] = [
        "file": { $0 },
        "expr": { "segment s = \($0)" },
        "items": { "items s = \($0)" },
        "clause": { "promo p {\n\($0)\n}" },
        "tiers-clause": { "tiers t {\n\($0)\n}" },
        "restriction-clause": { "restriction r {\n\($0)\n}" },
        "test-clause": { "test \"t\" {\n\($0)\n}" },
    ]

    /// Lexes a `token` example, parses any other; nil for an unknown tag.
    init?(_ example: GrammarExample) {
        map = SourceMap()
        if example.tagWord == "token" {
            source = example.text
            let file = map.add(path: "example.promo", text: source)
            let lexed = Lexer.tokenize(file)
            tokens = lexed.tokens
            diagnostics = lexed.diagnostics
            syntax = nil
            return
        }
        guard let wrap = ExampleRun.wrappers[example.tagWord] else { return nil }
        source = wrap(example.text)
        let file = map.add(path: "example.promo", text: source)
        let parsed = Parser.parse(file)
        syntax = parsed.syntax
        diagnostics = parsed.diagnostics
        tokens = []
    }
}

/// Token kinds that are punctuation (everything the lexer produces but words, literals,
/// newlines, the end of the file and invalid input).
let punctuationKinds: Set<TokenKind> = {
    let other: Set<TokenKind> = [.word, .integer, .decimal, .percent, .string, .date, .time, .dateTime,
                                 .newline, .endOfFile, .invalid]
    return Set((0...255).compactMap { TokenKind(rawValue: UInt8($0)) }).subtracting(other)
}()

let tokenKindNames: [String: Set<TokenKind>] = [
    "word": [.word], "integer": [.integer], "decimal": [.decimal], "percent": [.percent],
    "string": [.string], "date": [.date], "time": [.time], "date-time": [.dateTime],
    "newline": [.newline], "punctuation": punctuationKinds,
]

/// The single token `text` lexes to, or nil when it is not exactly one token with no diagnostics.
func singleToken(_ text: String) -> Token? {
    var map = SourceMap()
    let file = map.add(path: "terminal", text: text)
    let (tokens, diagnostics) = Lexer.tokenize(file)
    guard diagnostics.isEmpty, tokens.count == 2, tokens[1].kind == .endOfFile,
          tokens[0].span.start == 0, Int(tokens[0].span.end) == file.bytes.count else { return nil }
    return tokens[0]
}

/// True when an expression holds an error node anywhere.
func containsError(_ expr: Expr) -> Bool {
    switch expr.kind {
    case .error: true
    case .integer, .decimal, .percent, .measure, .string, .date, .time, .dateTime, .bool, .name, .counter: false
    case .member(let base, _): containsError(base)
    case .call(let callee, let arguments): containsError(callee) || arguments.contains(where: containsError)
    case .unary(_, let operand): containsError(operand)
    case .binary(_, let left, let right), .within(let left, let right): containsError(left) || containsError(right)
    case .itemAtom(_, let arguments), .list(let arguments): arguments.contains(where: containsError)
    case .window(.last(let length)): containsError(length)
    case .window: false
    }
}

/// The clauses of the one block declaration a wrapped clause example yields.
func blockClauses(_ syntax: SourceFileSyntax, tag: String) -> [Clause]? {
    guard syntax.declarations.count == 1 else { return nil }
    switch (tag, syntax.declarations[0].kind) {
    case ("clause", .promo(let p)): return p.clauses
    case ("tiers-clause", .tiers(let t)): return t.clauses
    case ("restriction-clause", .restriction(let r)): return r.clauses
    case ("test-clause", .test(let t)): return t.clauses
    default: return nil
    }
}

func firstWord(_ text: String) -> String {
    String(text.prefix { !$0.isWhitespace })
}

// MARK: - Tests

@Suite struct GrammarTests {
    let grammar = Grammar.shared

    @Test func grammarFileIsWellFormed() {
        #expect(FileManager.default.fileExists(atPath: Grammar.root.appendingPathComponent("Package.swift").path),
                "the repository root is found from #filePath")
        #expect(grammar.problems.isEmpty, "\(grammar.problems.joined(separator: "\n"))")
        #expect(grammar.productions.count > 50)
        #expect(grammar.examples(.positive).count > 100)
        #expect(grammar.examples(.negative).count > 10)

        var seen: Set<String> = []
        for p in grammar.productions {
            #expect(seen.insert(p.name).inserted, "`\(p.name)` is defined twice (line \(p.line))")
            #expect(!p.body.isEmpty, "`\(p.name)` has an empty definition (line \(p.line))")
        }
        let referenced = Set(grammar.productions.flatMap(\.references))
        for p in grammar.productions {
            for name in p.references where !seen.contains(name) {
                Issue.record("`\(p.name)` (line \(p.line)) refers to `\(name)`, which is not defined")
            }
        }
        // The two roots: the syntactic grammar starts at `file`, the lexical one at `source-text`.
        for p in grammar.productions where !referenced.contains(p.name) && !["file", "source-text"].contains(p.name) {
            Issue.record("`\(p.name)` (line \(p.line)) is defined but never used")
        }
        for example in grammar.examples where example.tagWord != "token" && ExampleRun.wrappers[example.tagWord] == nil {
            Issue.record("promo.ebnf:\(example.line): unknown example tag `\(example.tag)`")
        }
        for example in grammar.examples where example.tagWord == "token" {
            if let kind = example.tokenKind {
                #expect(tokenKindNames[kind] != nil, "promo.ebnf:\(example.line): unknown token kind `\(kind)`")
            } else {
                #expect(example.kind == .negative, "promo.ebnf:\(example.line): a positive token example names its kind")
            }
        }
    }

    @Test func everyProductionHasAPositiveExample() {
        for p in grammar.productions where !p.examples.contains(where: { $0.kind == .positive }) {
            Issue.record("`\(p.name)` (promo.ebnf:\(p.line)) has no positive example")
        }
    }

    /// (a) Every positive example is accepted with no diagnostics, in the expected shape.
    @Test(arguments: Grammar.shared.examples(.positive))
    func positiveExampleParses(_ example: GrammarExample) throws {
        let run = try #require(ExampleRun(example), "unknown tag `\(example.tag)`")
        #expect(run.diagnostics.isEmpty, "\(example.testDescription)\n\(run.rendered)")
        guard run.diagnostics.isEmpty else { return }

        switch example.tagWord {
        case "token":
            let kinds = try #require(tokenKindNames[example.tokenKind ?? ""], "unknown token kind in `\(example.tag)`")
            #expect(run.tokens.count == 2 && run.tokens[1].kind == .endOfFile,
                    "`\(run.source)` lexes to \(run.tokens.count - 1) tokens, not one")
            if let token = run.tokens.first {
                #expect(kinds.contains(token.kind), "`\(run.source)` is \(token.kind.description), not a \(example.tokenKind!)")
                #expect(token.span.start == 0 && Int(token.span.end) == run.source.utf8.count,
                        "the token does not cover `\(run.source)`")
            }
        case "expr", "items":
            let syntax = try #require(run.syntax)
            try #require(syntax.declarations.count == 1, "\(example.testDescription): \(syntax.declarations.count) declarations")
            switch syntax.declarations[0].kind {
            case .segment(let named) where example.tagWord == "expr":
                #expect(!containsError(named.value), "\(example.testDescription): an error node")
            case .items(let named) where example.tagWord == "items":
                #expect(!containsError(named.value), "\(example.testDescription): an error node")
            default:
                Issue.record("\(example.testDescription): not read as a single \(example.tagWord == "expr" ? "segment" : "items") declaration")
            }
        case "clause", "tiers-clause", "restriction-clause", "test-clause":
            let syntax = try #require(run.syntax)
            let clauses = try #require(blockClauses(syntax, tag: example.tagWord),
                                       "\(example.testDescription): not read as one block")
            try #require(clauses.count == 1, "\(example.testDescription): \(clauses.count) clauses, not one")
            #expect(clauses[0].keyword.text == firstWord(example.text),
                    "\(example.testDescription): read as a `\(clauses[0].keyword.text)` clause")
            if case .error = clauses[0].kind { Issue.record("\(example.testDescription): an error clause") }
        default:
            break
        }
    }

    /// (d) Every negative example is rejected.
    @Test(arguments: Grammar.shared.examples(.negative))
    func negativeExampleIsRejected(_ example: GrammarExample) throws {
        let run = try #require(ExampleRun(example), "unknown tag `\(example.tag)`")
        #expect(!run.diagnostics.isEmpty, "\(example.testDescription) is accepted, but the grammar says it is not")
    }

    /// Pending examples are valid language the parser does not accept yet. Once it does, this
    /// test fails: move the example to the positive set (`(*>`).
    @Test(arguments: Grammar.shared.examples(.pending))
    func pendingExampleIsStillRejected(_ example: GrammarExample) throws {
        let run = try #require(ExampleRun(example), "unknown tag `\(example.tag)`")
        withKnownIssue("the parser does not accept this yet: \(example.testDescription)") {
            #expect(run.diagnostics.isEmpty, "\(run.rendered)")
        }
    }

    /// Pending negative examples are invalid language the parser still accepts. Once it rejects
    /// them, this test fails: move the example to the negative set (`(*!`).
    @Test(arguments: Grammar.shared.examples(.pendingNegative))
    func pendingNegativeExampleIsStillAccepted(_ example: GrammarExample) throws {
        let run = try #require(ExampleRun(example), "unknown tag `\(example.tag)`")
        withKnownIssue("the parser does not reject this yet: \(example.testDescription)") {
            #expect(!run.diagnostics.isEmpty, "\(example.testDescription) is accepted")
        }
    }

    /// (b) Every double-quoted terminal is a keyword, a measure unit or a punctuation token.
    @Test func terminalsAreKnownTokens() {
        for p in grammar.productions {
            for terminal in p.tokens {
                if Keyword(rawValue: terminal) != nil || MeasureUnit(rawValue: terminal) != nil { continue }
                guard let token = singleToken(terminal), punctuationKinds.contains(token.kind) else {
                    Issue.record("`\(p.name)` (promo.ebnf:\(p.line)): \"\(terminal)\" is neither a keyword, a measure unit nor a punctuation token")
                    continue
                }
            }
        }
    }

    /// (c) Every keyword appears as a terminal of the grammar.
    @Test func everyKeywordIsInTheGrammar() {
        let terminals = Set(grammar.productions.flatMap(\.tokens))
        for keyword in Keyword.allCases where !terminals.contains(keyword.rawValue) {
            Issue.record("keyword `\(keyword.rawValue)` is not a terminal of grammar/promo.ebnf")
        }
    }

    /// Every keyword is shown in use by some example.
    @Test func everyKeywordIsInAnExample() {
        var used: Set<Keyword> = []
        for example in grammar.examples where example.kind == .positive || example.kind == .pending {
            var map = SourceMap()
            let file = map.add(path: "example", text: example.text)
            for token in Lexer.tokenize(file).tokens {
                if let keyword = token.keyword { used.insert(keyword) }
            }
        }
        for keyword in Keyword.allCases where !used.contains(keyword) {
            Issue.record("no example uses the keyword `\(keyword.rawValue)`")
        }
    }

    /// The reserved words of the grammar are those of ``Keyword/isReserved``.
    @Test func reservedWordsMatch() throws {
        let production = try #require(grammar.production("reserved-word"))
        let inGrammar = Set(production.tokens)
        let reserved = Set(Keyword.allCases.filter(\.isReserved).map(\.rawValue))
        #expect(inGrammar.subtracting(reserved).isEmpty, "reserved in the grammar only: \(inGrammar.subtracting(reserved).sorted())")
        #expect(reserved.subtracting(inGrammar).isEmpty, "reserved in Keyword only: \(reserved.subtracting(inGrammar).sorted())")
    }

    /// The measure units of the grammar are ``MeasureUnit``'s.
    @Test func measureUnitsMatch() throws {
        let production = try #require(grammar.production("measure-unit"))
        #expect(Set(production.tokens) == Set(MeasureUnit.allCases.map(\.rawValue)))
    }

    /// The grammar's punctuation is every punctuation token the lexer produces.
    @Test func punctuationMatches() throws {
        let production = try #require(grammar.production("punctuation"))
        let kinds = production.tokens.compactMap { singleToken($0)?.kind }
        #expect(kinds.count == production.tokens.count, "a punctuation terminal is not a single token")
        #expect(Set(kinds) == punctuationKinds,
                "missing from the grammar: \(punctuationKinds.subtracting(kinds).map(\.description).sorted())")
    }

    /// Every clause keyword of the parser has a clause example starting with it.
    @Test func everyPromoClauseHasAnExample() {
        let starts = Set(grammar.examples(.positive).filter { $0.tagWord == "clause" }.map { firstWord($0.text) })
        for keyword in Parser.promoClauseKeywords where !starts.contains(keyword.rawValue) {
            Issue.record("no `clause:` example starts with `\(keyword.rawValue)`")
        }
    }

    /// The example scanner itself: `\n` is a line break outside strings, an escape inside.
    @Test func exampleTextDecoding() {
        #expect(Grammar.decode(#"a\nb "c\nd" e\tf"#) == "a\nb \"c\\nd\" e\tf")
        #expect(Grammar.decode(#""\"\n" \n"#) == "\"\\\"\\n\" \n")
    }
}
