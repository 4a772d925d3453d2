import PromoDiagnostics

/// The canonical layout of promo files, as the examples of the language are written.
///
/// The formatter works on the file's tokens and comments; the parser only decides whether the
/// file is valid. Line breaks stay where they are (they end clauses), and within each line:
///
/// - a block's clauses are indented two spaces per level of `{`; a clause continued on the
///   next line (`and …`, `or …`, `except …`, after a `,` or a final `=`) is lined up under the
///   value it continues, or indented two more when its line ends with `=`;
/// - in promos, templates of promos and tiers, the clause's keyword is padded so that the
///   values start in one column (`active   2026-12-01 .. 2026-12-07`), and so in restrictions;
///   the effects read as sentences (`buy 2 of yogurt get 1 free cheapest`, `bundle {…}`,
///   `price 59.90 on …`, `round down to 1.00`), and so do the limits of restrictions
///   (`redeem <= 30% of total`) and the lines of tests: those are not padded;
/// - the `level` lines of tiers are set as a table, and runs of `items` or `segment`
///   declarations have their titles and their `=` in one column;
/// - tokens are separated by one space, except around `.`, inside parentheses, before `,`
///   `)` `:`, between a function and its arguments and after a unary minus;
/// - a comment after code starts in column ``commentColumn`` (or two spaces after longer code);
///   a comment on its own line takes the indentation of the code around it;
/// - blank lines are kept, one at most in a row, none at the start or end of a block or of the
///   file; a top-level block has a blank line after it, and one before it unless a comment
///   leads into it; the file ends with one line break.
///
/// The result is checked before it is returned: it must lex to the same tokens, and carry the
/// same comments, as the input.
public enum SourceFormatter {
    /// What formatting a file gives.
    public enum Outcome: Sendable, Equatable {
        /// The file in its canonical layout (possibly the same text).
        case formatted(String)
        /// The file does not parse: these are its errors, and it is left as it is.
        case invalid([Diagnostic])
        /// The new layout would not lex to the same tokens and comments (the description says
        /// where); the file is left as it is.
        case changesMeaning(String)
    }

    /// The column (counted from 0) where a comment after code starts.
    public static let commentColumn = 47
    /// The width a padded clause keyword takes before its value: `priority` and `discount` fit.
    public static let clauseKeywordWidth = 8
    /// Spaces per level of `{`.
    public static let indentWidth = 2

    /// Formats `text`, named `path` in diagnostics.
    public static func format(_ text: String, path: String = "<input>") -> Outcome {
        format(SourceFile(id: FileID(0), path: path, text: text))
    }

    /// Formats the file.
    public static func format(_ file: SourceFile) -> Outcome {
        let errors = Parser.parse(file).diagnostics.filter { $0.severity == .error }
        guard errors.isEmpty else { return .invalid(errors) }
        let (tokens, comments, _) = Lexer.tokenizeKeepingComments(file)
        let text = Layout(file: file, tokens: tokens, comments: comments).render()

        let result = SourceFile(id: file.id, path: file.path, text: text)
        let (newTokens, newComments, _) = Lexer.tokenizeKeepingComments(result)
        if let difference = firstDifference(file, tokens, comments, result, newTokens, newComments) {
            return .changesMeaning(difference)
        }
        return .formatted(text)
    }

    // MARK: - Checking the result

    /// A token as compared: its kind and its text.
    struct Lexeme: Equatable {
        var kind: TokenKind
        var text: String
    }

    /// The tokens that carry meaning: runs of line breaks count as one, and line breaks at the
    /// start and end of the file do not count.
    static func lexemes(_ file: SourceFile, _ tokens: [Token]) -> [Lexeme] {
        var result: [Lexeme] = []
        for token in tokens where token.kind != .endOfFile {
            if token.kind == .newline, result.last?.kind == .newline || result.isEmpty { continue }
            result.append(Lexeme(kind: token.kind, text: file.text(of: token.span)))
        }
        if result.last?.kind == .newline { result.removeLast() }
        return result
    }

    /// Where the formatted file says something else than the original, or nil when it does not.
    static func firstDifference(_ old: SourceFile, _ oldTokens: [Token], _ oldComments: [Span],
                                _ new: SourceFile, _ newTokens: [Token], _ newComments: [Span]) -> String? {
        let before = lexemes(old, oldTokens), after = lexemes(new, newTokens)
        for i in 0..<max(before.count, after.count) {
            let a = i < before.count ? before[i] : nil, b = i < after.count ? after[i] : nil
            if a != b {
                let was = a.map { "`\($0.text)` (\($0.kind.description))" } ?? "the end of the file"
                let now = b.map { "`\($0.text)` (\($0.kind.description))" } ?? "the end of the file"
                return "token \(i + 1) would change from \(was) to \(now)"
            }
        }
        let oldTexts = oldComments.map { trimmed(old.text(of: $0)) }
        let newTexts = newComments.map { trimmed(new.text(of: $0)) }
        if oldTexts != newTexts {
            return "the comments would change"
        }
        return nil
    }

    /// `text` without the spaces, tabs and carriage returns at its end.
    static func trimmed(_ text: String) -> String {
        var scalars = Substring(text).unicodeScalars
        while let last = scalars.last, last == " " || last == "\t" || last == "\r" || last == "\u{0B}" || last == "\u{0C}" {
            scalars.removeLast()
        }
        return String(scalars)
    }
}

// MARK: - The layout engine

/// The kinds of block a `{` opens, for the layout of the lines inside.
private enum BlockKind {
    /// A promo, or a template of one: clause keywords padded.
    case promo
    /// Tiers: clause keywords padded, `level` lines set as a table.
    case tiers
    /// A restriction: clause keywords padded, except before a limit (`redeem <= 30% of total`).
    case restriction
    /// A test: one space after the keyword.
    case plain
    /// Braces inside a clause (a bundle's).
    case inline
}

/// One line of the source: its tokens (without the line break) and its comment.
private struct SourceLine {
    var tokens: [Token] = []
    var comment: String?
    var isBlank: Bool { tokens.isEmpty && comment == nil }
}

/// What the first pass learns about a line of code.
private struct LineInfo {
    /// `{` open at the start of the line.
    var depth = 0
    /// The innermost block at the start of the line (nil at top level).
    var block: BlockKind?
    /// `(` open at the start of the line.
    var parenDepth = 0
    /// The line continues the clause or declaration of an earlier line.
    var isContinuation = false
    /// The line's last token opens a block.
    var opensBlock = false
    /// The line starts with the `}` that closes a block.
    var closesBlock = false
}

private struct Layout {
    let file: SourceFile
    var lines: [SourceLine]
    var infos: [LineInfo]

    /// Clause keywords never padded: effects that read as sentences, and the rows of tiers.
    static let unpadded: Set<Keyword> = [.buy, .bundle, .price, .round, .level]
    /// Words a continuation line may start with.
    static let continuationWords: Set<Keyword> = [.and, .or, .except]
    /// Built-in functions written right against their arguments: `spend(dairy)`.
    static let builtinFunctions: Set<Keyword> = [.spend, .qty, .count]

    init(file: SourceFile, tokens: [Token], comments: [Span]) {
        self.file = file
        var lines = [SourceLine](repeating: SourceLine(), count: file.lineCount)
        for token in tokens where token.kind != .newline && token.kind != .endOfFile {
            lines[file.lineIndex(of: token.span.start)].tokens.append(token)
        }
        for comment in comments {
            lines[file.lineIndex(of: comment.start)].comment = SourceFormatter.trimmed(file.text(of: comment))
        }
        self.lines = lines
        self.infos = Layout.analyse(lines)
    }

    /// Depths, blocks and continuations, line by line.
    private static func analyse(_ lines: [SourceLine]) -> [LineInfo] {
        var infos: [LineInfo] = []
        var blocks: [BlockKind] = []
        var parens = 0
        var previousCode: SourceLine?
        for line in lines {
            var info = LineInfo(depth: blocks.count, block: blocks.last, parenDepth: parens)
            guard let first = line.tokens.first, let last = line.tokens.last else {
                infos.append(info)
                continue
            }
            let previousLast = previousCode?.tokens.last
            info.isContinuation = parens > 0
                || (first.kind == .word && first.keyword.map(continuationWords.contains) == true)
                || previousLast.map(endsIncomplete) == true
            info.closesBlock = first.kind == .rightBrace
            for (i, token) in line.tokens.enumerated() {
                switch token.kind {
                case .leftParen: parens += 1
                case .rightParen: parens = max(0, parens - 1)
                case .leftBrace:
                    if i == line.tokens.count - 1 && !info.isContinuation {
                        blocks.append(blockKind(line.tokens))
                    } else {
                        blocks.append(.inline)
                    }
                case .rightBrace:
                    if !blocks.isEmpty { blocks.removeLast() }
                default: break
                }
            }
            info.opensBlock = last.kind == .leftBrace && !info.isContinuation
            infos.append(info)
            previousCode = line
        }
        return infos
    }

    /// A line ending with this token goes on to the next line.
    private static func endsIncomplete(_ token: Token) -> Bool {
        switch token.kind {
        case .comma, .assign, .leftParen, .dotDot, .equal, .notEqual, .less, .lessEqual, .greater,
             .greaterEqual, .plus, .minus, .star, .plusAssign, .minusAssign:
            return true
        case .word:
            return token.keyword.map { [.and, .or, .except, .not, .in, .within].contains($0) } == true
        default:
            return false
        }
    }

    /// The block a line opens, from the declaration it starts.
    private static func blockKind(_ tokens: [Token]) -> BlockKind {
        guard let first = tokens.first?.keyword else { return .plain }
        switch first {
        case .promo: return .promo
        case .template: return tokens.count > 1 && tokens[1].keyword == .promo ? .promo : .plain
        case .tiers: return .tiers
        case .restriction: return .restriction
        default: return .plain
        }
    }

    // MARK: Spacing

    /// True for `==`, `!=`, `<`, `<=`, `>`, `>=`: a restriction's limit (`redeem <= 30% of total`)
    /// reads as a sentence.
    static func isComparison(_ token: Token) -> Bool {
        switch token.kind {
        case .equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual: true
        default: false
        }
    }

    /// True when the token ends a value (so a `-` after it subtracts).
    private static func endsValue(_ token: Token) -> Bool {
        switch token.kind {
        case .word: return token.keyword.map { $0.group != .operator } ?? true
        case .integer, .decimal, .percent, .string, .date, .time, .dateTime, .rightParen: return true
        default: return false
        }
    }

    /// The space between `a` and `b` (`before` is the token before `a` on the line).
    private func separator(_ a: Token, _ b: Token, after before: Token?) -> String {
        let glued = a.span.end == b.span.start
        switch b.kind {
        case .comma, .rightParen, .colon, .dot: return ""
        default: break
        }
        switch a.kind {
        case .leftParen, .dot: return ""
        case .minus:
            // A minus glued to what follows and not to a value before it is a sign: `-1`.
            let sign = glued && (before.map { !Layout.endsValue($0) || $0.span.end != a.span.start } ?? true)
            return sign ? "" : " "
        default: break
        }
        if b.kind == .leftParen {
            switch a.kind {
            case .word:
                if before?.kind == .dot { return "" }
                guard let keyword = a.keyword else { return "" }
                if Layout.builtinFunctions.contains(keyword) { return "" }
                if keyword.group == .operator { return " " }
                return glued ? "" : " "
            case .rightParen:
                return glued ? "" : " "
            default:
                return " "
            }
        }
        return " "
    }

    private func text(_ token: Token) -> String { file.text(of: token.span) }

    /// The tokens joined with their spaces. `previous` is the token before the first, if any:
    /// it decides the spaces after the first token (no space is put before the first).
    private func join(_ tokens: ArraySlice<Token>, previous: Token? = nil, beforePrevious: Token? = nil) -> String {
        var out = ""
        var last = previous, beforeLast = beforePrevious
        for (i, token) in zip(tokens.indices, tokens) {
            if let last, i != tokens.startIndex { out += separator(last, token, after: beforeLast) }
            out += text(token)
            beforeLast = last
            last = token
        }
        return out
    }

    // MARK: Lines

    /// A line of code as laid out, without indentation, and the column (from the start of that
    /// text) where its value starts, for the lines that continue it.
    private struct Rendered {
        var text: String
        var valueColumn: Int?
    }

    private func padded(_ text: String, to width: Int) -> String {
        text + String(repeating: " ", count: max(0, width - text.count))
    }

    /// A clause or declaration line in the default layout.
    private func renderPlain(_ tokens: [Token], info: LineInfo) -> Rendered {
        guard let first = tokens.first else { return Rendered(text: "") }
        let slice = tokens[...]
        if info.depth > 0, !info.closesBlock, tokens.count > 1, first.kind == .word, let keyword = first.keyword,
           info.block == .promo || info.block == .tiers || info.block == .restriction,
           !Layout.unpadded.contains(keyword), !Layout.isComparison(tokens[1]) {
            let head = padded(text(first), to: SourceFormatter.clauseKeywordWidth) + " "
            return Rendered(text: head + join(slice.dropFirst(), previous: first), valueColumn: head.count)
        }
        if tokens.count > 1, info.depth > 0 {
            let head = text(first) + separator(first, tokens[1], after: nil)
            return Rendered(text: head + join(slice.dropFirst(), previous: first), valueColumn: head.count)
        }
        return Rendered(text: join(slice), valueColumn: nil)
    }

    /// The index of the `=` of an `items` or `segment` declaration, when something follows it.
    private func assignIndex(_ tokens: [Token]) -> Int? {
        guard let first = tokens.first?.keyword else { return nil }
        let declares = first == .items || first == .segment
            || (first == .template && tokens.count > 1 && tokens[1].keyword == .segment)
        guard declares else { return nil }
        var parens = 0
        for (i, token) in tokens.enumerated() {
            switch token.kind {
            case .leftParen: parens += 1
            case .rightParen: parens -= 1
            case .assign where parens == 0: return i < tokens.count - 1 ? i : nil
            default: break
            }
        }
        return nil
    }

    /// The key that groups declarations whose `=` line up: `items`, `segment`, `template segment`.
    private func declarationKey(_ tokens: [Token]) -> String {
        tokens.first?.keyword == .template ? "template " + text(tokens[1]) : text(tokens[0])
    }

    /// The cells of a `level NAME "TITLE" from VALUE EFFECT…` row, or nil for another shape.
    private func levelCells(_ tokens: [Token]) -> [String]? {
        guard tokens.count >= 4, tokens[0].keyword == .level, tokens[1].kind == .word else { return nil }
        var i = 2
        var title = ""
        if tokens[i].kind == .string {
            title = text(tokens[i])
            i += 1
        }
        guard i + 1 < tokens.count, tokens[i].keyword == .from else { return nil }
        let from = text(tokens[i]) + " " + text(tokens[i + 1])
        let rest = i + 2 < tokens.count ? join(tokens[(i + 2)...], previous: tokens[i + 1], beforePrevious: tokens[i]) : ""
        return [text(tokens[0]), text(tokens[1]), title, from, rest]
    }

    /// The whole file laid out.
    func render() -> String {
        var rendered = [Rendered?](repeating: nil, count: lines.count)
        for (i, line) in lines.enumerated() where !line.tokens.isEmpty && !infos[i].isContinuation {
            rendered[i] = renderPlain(line.tokens, info: infos[i])
        }
        alignDeclarations(&rendered)
        alignLevels(&rendered)

        // Indentation, and the column continuation lines start in.
        var indents = [Int](repeating: 0, count: lines.count)
        var continuationColumn = 0
        for (i, line) in lines.enumerated() where !line.tokens.isEmpty {
            let info = infos[i]
            if info.isContinuation {
                indents[i] = continuationColumn
                rendered[i] = Rendered(text: join(line.tokens[...]))
                continue
            }
            let indent = SourceFormatter.indentWidth * max(0, info.closesBlock ? info.depth - 1 : info.depth)
            indents[i] = indent
            if line.tokens.last?.kind == .assign {
                continuationColumn = indent + SourceFormatter.indentWidth
            } else if let column = rendered[i]?.valueColumn {
                continuationColumn = indent + column
            } else {
                continuationColumn = indent + SourceFormatter.indentWidth
            }
        }

        var out: [String] = []
        var previousOpened = false
        var blankPending = false
        var previousWasCode = false
        for (i, line) in lines.enumerated() {
            if line.isBlank {
                blankPending = !out.isEmpty && !previousOpened
                continue
            }
            let info = infos[i]
            let isClose = info.closesBlock
            // A top-level block is set apart from the code before it (not from its comment).
            if info.opensBlock && info.depth == 0 && previousWasCode { blankPending = true }
            if blankPending && !isClose { out.append("") }
            blankPending = false
            previousWasCode = !line.tokens.isEmpty
            var text: String
            if line.tokens.isEmpty {
                text = String(repeating: " ", count: commentIndent(at: i, indents: indents)) + (line.comment ?? "")
            } else {
                text = String(repeating: " ", count: indents[i]) + (rendered[i]?.text ?? "")
                if let comment = line.comment {
                    text += String(repeating: " ", count: max(2, SourceFormatter.commentColumn - text.count)) + comment
                }
            }
            out.append(text)
            previousOpened = info.opensBlock
            // A top-level block is followed by a blank line.
            if isClose && info.depth == 1 && line.tokens.count == 1 { blankPending = true }
        }
        while out.last == "" { out.removeLast() }
        return out.isEmpty ? "" : out.joined(separator: "\n") + "\n"
    }

    /// A comment on its own line is indented as the code line after it when that line continues
    /// a clause, otherwise to the depth of the block it is in.
    private func commentIndent(at index: Int, indents: [Int]) -> Int {
        var j = index + 1
        while j < lines.count, lines[j].tokens.isEmpty { j += 1 }
        if j < lines.count, infos[j].isContinuation { return indents[j] }
        return SourceFormatter.indentWidth * infos[index].depth
    }

    /// Runs of `items` (or `segment`) declarations written one after another have their `=` in
    /// one column. A blank line, a comment line or another declaration ends a run.
    private func alignDeclarations(_ rendered: inout [Rendered?]) {
        var run: [(line: Int, name: String, title: String?, tail: String)] = []
        var key = ""
        func flush(_ rendered: inout [Rendered?]) {
            // Titles make a column of their own.
            let nameWidth = run.filter { $0.title != nil }.map(\.name.count).max() ?? 0
            let heads = run.map { entry in entry.title.map { padded(entry.name, to: nameWidth) + " " + $0 } ?? entry.name }
            let width = heads.map(\.count).max() ?? 0
            for (entry, head) in zip(run, heads) {
                let head = padded(head, to: width) + " = "
                rendered[entry.line] = Rendered(text: head + entry.tail, valueColumn: head.count)
            }
            run = []
        }
        for (i, line) in lines.enumerated() {
            if !line.tokens.isEmpty && infos[i].isContinuation { continue }
            guard infos[i].depth == 0, !line.tokens.isEmpty,
                  let at = assignIndex(line.tokens) else {
                flush(&rendered)
                continue
            }
            let thisKey = declarationKey(line.tokens)
            if thisKey != key { flush(&rendered) }
            key = thisKey
            let tokens = line.tokens[...]
            let hasTitle = at > 1 && tokens[at - 1].kind == .string
            let name = join(tokens[..<(hasTitle ? at - 1 : at)])
            let title = hasTitle ? text(tokens[at - 1]) : nil
            let tail = join(tokens[(at + 1)...], previous: tokens[at], beforePrevious: tokens[at - 1])
            run.append((i, name, title, tail))
        }
        flush(&rendered)
    }

    /// The `level` rows of tiers written one after another make a table.
    private func alignLevels(_ rendered: inout [Rendered?]) {
        var run: [(line: Int, cells: [String])] = []
        func flush(_ rendered: inout [Rendered?]) {
            guard !run.isEmpty else { return }
            var widths = [Int](repeating: 0, count: 5)
            for entry in run {
                for (c, cell) in entry.cells.enumerated() { widths[c] = max(widths[c], cell.count) }
            }
            for entry in run {
                let c = entry.cells
                var text = c[0] + " " + padded(c[1], to: widths[1]) + " "
                if widths[2] > 0 { text += padded(c[2], to: widths[2]) + " " }
                text += c[4].isEmpty ? c[3] : padded(c[3], to: widths[3]) + "  " + c[4]
                rendered[entry.line] = Rendered(text: text, valueColumn: c[0].count + 1)
            }
            run = []
        }
        for (i, line) in lines.enumerated() {
            guard infos[i].block == .tiers, !infos[i].isContinuation, let cells = levelCells(line.tokens) else {
                flush(&rendered)
                continue
            }
            run.append((i, cells))
        }
        flush(&rendered)
    }
}
