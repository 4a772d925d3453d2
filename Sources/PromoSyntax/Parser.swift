import PromoDiagnostics

/// A recursive-descent parser for promo files.
///
/// It never stops at the first error: a clause that cannot be read is reported once and skipped
/// to the end of its line, a declaration that cannot be read is skipped to the next declaration,
/// so one run reports every syntax error in a file. Every loop consumes a token or ends, and
/// nesting is bounded, so no input makes it hang or overflow the stack.
public struct Parser {
    let file: SourceFile
    var tokens: [Token]
    var index = 0
    var diagnostics: [Diagnostic] = []
    var nextExprIndex: Int32 = 0
    /// Inside `(…)` newlines do not end a clause.
    var parenDepth = 0
    /// Recursion depth of expressions, bounded by ``maxDepth``.
    var depth = 0
    /// Set by the first error of a clause; later errors of the same clause are consequences.
    var clauseFailed = false
    /// End of the last consumed token, for node spans.
    var lastEnd: Int32 = 0
    /// `{` opened inside the current clause (a bundle's) and not yet closed.
    var clauseBraces = 0
    /// In `given FIGURE = VALUE` a `=` ends the figure instead of being a slip for `==`.
    var assignEndsExpression = false

    /// The height of each expression built, by its index. Chains are parsed in loops but make
    /// left-leaning trees as deep as they are long, and whatever walks a tree recursively (the
    /// checker, or just its release) would overflow the stack on a megabyte of `a and a and …`.
    var heights: [Int32] = [0]

    static let maxDepth = 64
    /// No expression tree is deeper than this; a deeper one is cut and reported.
    public static let maxHeight: Int32 = 200

    public init(file: SourceFile) {
        self.file = file
        let (tokens, lexical) = Lexer.tokenize(file)
        // Invalid tokens were reported by the lexer; the parser sees them as errors to skip.
        self.tokens = tokens
        self.diagnostics = lexical
    }

    /// Parses a whole file.
    public static func parse(_ file: SourceFile) -> (syntax: SourceFileSyntax, diagnostics: [Diagnostic]) {
        var parser = Parser(file: file)
        let declarations = parser.parseFile()
        return (SourceFileSyntax(file: file.id, declarations: declarations), parser.diagnostics)
    }

    // MARK: - Tokens

    var current: Token { tokens[index] }

    func peek(_ offset: Int = 1) -> Token {
        tokens[min(index + offset, tokens.count - 1)]
    }

    func at(_ kind: TokenKind) -> Bool { current.kind == kind }

    func at(_ keyword: Keyword) -> Bool { current.kind == .word && current.keyword == keyword }

    func at(_ keywords: Keyword...) -> Bool {
        current.kind == .word && current.keyword.map(keywords.contains) == true
    }

    var atClauseEnd: Bool {
        switch current.kind {
        case .newline, .rightBrace, .endOfFile: true
        default: false
        }
    }

    /// True when the current token is the first of its line.
    var atLineStart: Bool {
        index == 0 || tokens[index - 1].kind == .newline
    }

    /// True when the current token starts in the first column.
    var atFirstColumn: Bool {
        let line = file.lineIndex(of: current.span.start)
        return file.lineStarts[line] == current.span.start
    }

    @discardableResult
    mutating func advance() -> Token {
        let token = current
        if token.kind != .endOfFile {
            index += 1
            lastEnd = token.span.end
        }
        if parenDepth > 0 { skipNewlines() }
        return token
    }

    mutating func skipNewlines() {
        while current.kind == .newline { index += 1 }
    }

    mutating func eat(_ kind: TokenKind) -> Token? {
        at(kind) ? advance() : nil
    }

    mutating func eat(_ keyword: Keyword) -> Token? {
        at(keyword) ? advance() : nil
    }

    /// Consumes a token of `kind` or reports what was expected.
    @discardableResult
    mutating func expect(_ kind: TokenKind, _ what: String? = nil, help: String? = nil) -> Token? {
        if let token = eat(kind) { return token }
        expected(what ?? kind.description, help: help)
        return nil
    }

    @discardableResult
    mutating func expect(_ keyword: Keyword, help: String? = nil) -> Token? {
        if let token = eat(keyword) { return token }
        expected("`\(keyword.rawValue)`", help: help, suggestions: [keyword.rawValue])
        return nil
    }

    /// How the current token is named in messages.
    var foundDescription: String {
        switch current.kind {
        case .word: "`\(current.text)`"
        case .integer, .decimal, .percent, .date, .time, .dateTime:
            "\(current.kind.description) `\(file.text(of: current.span))`"
        default: current.kind.description
        }
    }

    /// Reports "expected X, found Y" at the current token; when the token is a word close to
    /// one of `suggestions`, the help says so.
    mutating func expected(_ what: String, help: String? = nil, suggestions: [String] = []) {
        let span = current.kind == .newline || current.kind == .endOfFile
            ? Span(file: file.id, start: lastEnd, end: lastEnd) : current.span
        var help = help
        if current.kind == .word, let closest = Suggestions.didYouMean(current.text, among: suggestions) {
            help = closest
        }
        error(.expectedToken, "expected \(what), found \(foundDescription)", at: span,
              label: "expected \(what)", help: help)
    }

    mutating func error(_ code: DiagnosticCode, _ message: String, at span: Span, label: String = "",
                        help: String? = nil, notes: [String] = []) {
        guard !clauseFailed else { return }
        clauseFailed = true
        // The lexer already reported an invalid token; do not pile a parse error on it.
        if current.kind == .invalid, span == current.span { return }
        diagnostics.append(Diagnostic(code, message, at: span, label: label, notes: notes, help: help))
    }

    mutating func report(_ diagnostic: Diagnostic) {
        guard !clauseFailed else { return }
        clauseFailed = true
        diagnostics.append(diagnostic)
    }

    // MARK: - Nodes

    func span(from start: Span) -> Span {
        Span(file: file.id, start: start.start, end: max(start.end, lastEnd))
    }

    mutating func makeExpr(_ kind: ExprKind, _ span: Span) -> Expr {
        nextExprIndex += 1
        let id = ExprID(file: file.id, index: nextExprIndex)
        let height = 1 + childHeight(of: kind)
        guard height <= Parser.maxHeight else {
            // The tree is cut here: the parse goes on, and the node is an error.
            heights.append(1)
            var last = max(0, index - 1)
            while last > 0, tokens[last].kind == .newline { last -= 1 }
            error(.expectedToken, "expression too long", at: tokens[last].span,
                  label: "more than \(Parser.maxHeight) levels of operators",
                  help: "split the expression into named segments or item sets")
            return Expr(id: id, span: span, kind: .error)
        }
        heights.append(height)
        return Expr(id: id, span: span, kind: kind)
    }

    /// The greatest height of the expressions a node is built from.
    private func childHeight(of kind: ExprKind) -> Int32 {
        func h(_ e: Expr) -> Int32 { Int(e.id.index) < heights.count ? heights[Int(e.id.index)] : 1 }
        func h(_ es: [Expr]) -> Int32 { es.reduce(0) { max($0, h($1)) } }
        switch kind {
        case .member(let e, _), .unary(_, let e), .window(.last(let e)): return h(e)
        case .call(let e, let arguments): return max(h(e), h(arguments))
        case .binary(_, let l, let r), .within(let l, let r): return max(h(l), h(r))
        case .itemAtom(_, let arguments): return h(arguments)
        case .list(let elements): return h(elements)
        default: return 0
        }
    }

    /// An error node at the current position (the error is already reported).
    mutating func errorExpr() -> Expr {
        let s = current.kind == .newline || current.kind == .endOfFile
            ? Span(file: file.id, start: lastEnd, end: lastEnd) : current.span
        return makeExpr(.error, s)
    }

    /// A name for a declaration or a reference: any word but a reserved one.
    mutating func expectName(_ what: String) -> Identifier? {
        guard current.kind == .word else {
            expected("a name for the \(what)")
            return nil
        }
        let token = advance()
        let name = Identifier(token.text, span: token.span)
        if let keyword = token.keyword, keyword.isReserved {
            let suffix = what == "item set" ? "items" : String(what.split(separator: " ").last ?? "name")
            error(.reservedName, "`\(token.text)` is a reserved word and cannot name \(article(what)) \(what)",
                  at: token.span, label: "reserved word", help: "choose another name, for example `\(token.text)_\(suffix)`")
        }
        return name
    }

    func article(_ word: String) -> String {
        guard let first = word.first else { return "a" }
        return "aeiou".contains(first) ? "an" : "a"
    }

    /// An optional quoted title after a name.
    mutating func optionalTitle() -> Identifier? {
        guard at(.string) else { return nil }
        let token = advance()
        return Identifier(token.text, span: token.span)
    }

    // MARK: - Recovery

    /// Skips the rest of the current line (keeping a `}` that closes the enclosing block).
    mutating func skipToEndOfLine() {
        var braces = clauseBraces
        clauseBraces = 0
        parenDepth = 0
        while true {
            switch current.kind {
            case .endOfFile, .newline: return
            case .leftBrace: braces += 1
            case .rightBrace:
                if braces == 0 { return }
                braces -= 1
            default: break
            }
            advance()
        }
    }

    /// Ends a clause: anything left on its line is reported and skipped.
    mutating func finishClause() {
        parenDepth = 0
        if !atClauseEnd || clauseBraces > 0 {
            let start = current.span
            error(.extraInput, "unexpected \(foundDescription) after the end of the clause", at: start,
                  label: "not expected here", help: "each clause goes on its own line")
            skipToEndOfLine()
        }
    }
}
