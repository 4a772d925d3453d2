import PromoDiagnostics
import PromoSyntax

/// What the word under the cursor stands for.
enum NameTarget {
    /// A declared name: an item set, segment, promo, template, figure, level or parameter.
    case declared(DeclaredName)
    /// `customer.NAME(arguments)`: a fact of the customer; `text` is the read as written.
    case fact(DeclaredName, text: String)
    /// `total`, `spend`, `qty`, `count`: names the language defines.
    case builtin(name: String, type: String, about: String)
    case keyword(Keyword)
}

/// One entry of a completion list.
struct CompletionEntry: Hashable {
    var label: String
    /// The protocol's CompletionItemKind.
    var kind: Int
    var detail: String

    static let keywordKind = 14
}

extension Snapshot {
    /// The built-in names of expressions.
    static let builtins: [String: (type: String, about: String)] = [
        "total": ("Money", "the receipt's current amount"),
        "spend": ("(Items) -> Money", "the current amount of the lines of an item set"),
        "qty": ("(Items) -> Quantity", "the quantity of the lines of an item set"),
        "count": ("(Items) -> Count", "the number of lines of an item set"),
    ]

    /// The index of the word token at `offset` (a cursor right after a word is on it).
    func wordToken(at offset: Int32) -> Int? {
        var low = 0, high = tokens.count - 1
        while low <= high {
            let mid = (low + high) / 2
            let span = tokens[mid].span
            if span.end < offset {
                low = mid + 1
            } else if span.start > offset {
                high = mid - 1
            } else {
                // `offset` touches this token; prefer a word, also when it ends right here.
                if tokens[mid].kind == .word { return mid }
                if mid + 1 < tokens.count, tokens[mid + 1].kind == .word, tokens[mid + 1].span.start == offset { return mid + 1 }
                if mid > 0, tokens[mid - 1].kind == .word, tokens[mid - 1].span.end == offset { return mid - 1 }
                return nil
            }
        }
        return nil
    }

    /// What the word at `offset` names, if anything.
    func target(at offset: Int32) -> (target: NameTarget, span: Span)? {
        guard let i = wordToken(at: offset) else { return nil }
        let token = tokens[i]
        let name = token.text
        if i >= 2, tokens[i - 1].kind == .dot, tokens[i - 2].kind == .word {
            let base = tokens[i - 2].text
            if base == "customer" {
                guard let figure = index.figures[name] else { return nil }
                return (.fact(figure, text: factText(from: i - 2)), token.span)
            }
            if let levels = index.levels[base], let level = levels.first(where: { $0.name == name }) {
                return (.declared(level), token.span)
            }
            return nil
        }
        if let parameter = index.parameter(name, at: token.span.start, file: document.id) {
            return (.declared(parameter), token.span)
        }
        if let declared = index.names[name] { return (.declared(declared), token.span) }
        if let builtin = Snapshot.builtins[name] {
            return (.builtin(name: name, type: builtin.type, about: builtin.about), token.span)
        }
        if let keyword = token.keyword { return (.keyword(keyword), token.span) }
        return nil
    }

    /// `customer.NAME` and its parenthesised arguments, as written.
    private func factText(from start: Int) -> String {
        var end = start + 2
        if end + 1 < tokens.count, tokens[end + 1].kind == .leftParen {
            var depth = 0
            var k = end + 1
            while k < tokens.count, tokens[k].kind != .newline, tokens[k].kind != .endOfFile {
                if tokens[k].kind == .leftParen { depth += 1 }
                if tokens[k].kind == .rightParen {
                    depth -= 1
                    if depth == 0 { end = k; break }
                }
                k += 1
            }
        }
        return document.text(of: tokens[start].span.to(tokens[end].span))
    }

    /// The hover text (Markdown) of what the word at `offset` names.
    func hover(at offset: Int32) -> (markdown: String, span: Span)? {
        guard let (target, span) = target(at: offset) else { return nil }
        switch target {
        case .declared(let name):
            return (describe(name, heading: name.signature), span)
        case .fact(let figure, let text):
            var markdown = describe(figure, heading: figure.signature)
            markdown += "\n\nReads the fact `\(text.replacingOccurrences(of: "customer.", with: ""))` of the customer: "
                + "the bundle lists it, and the loyalty server (or the dry-run) supplies it."
            return (markdown, span)
        case .builtin(let name, let type, let about):
            return ("```promo\n\(name)\n```\n**\(type)**: \(about)", span)
        case .keyword(let keyword):
            return ("`\(keyword.rawValue)`: \(keyword.group.rawValue) keyword", span)
        }
    }

    private func describe(_ name: DeclaredName, heading: String) -> String {
        let file = sources[name.nameSpan.file]
        let line = file.location(of: name.nameSpan.start).line
        var markdown = "```promo\n\(heading)\n```\n**\(name.type)** · \(name.phrase) · declared in `\(Snapshot.shortPath(file.path)):\(line)`"
        if let documentation = name.documentation { markdown += "\n\n" + documentation }
        return markdown
    }

    /// The last two components of a path: `promos/dairy-week.promo`.
    static func shortPath(_ path: String) -> String {
        let parts = path.split(separator: "/")
        return parts.suffix(2).joined(separator: "/")
    }

    /// Where the name at `offset` is declared: its name's span.
    func definition(at offset: Int32) -> Span? {
        switch target(at: offset)?.target {
        case .declared(let name)?: name.nameSpan
        case .fact(let figure, _)?: figure.nameSpan
        default: nil
        }
    }

    // MARK: - Completion

    /// The keywords and names that can be written at `offset`: after `customer.` the figures,
    /// after a tier program and a dot its levels, at the start of a line the words that start a
    /// declaration or a clause of the block the line is in, elsewhere every keyword and name.
    func completions(at offset: Int32) -> [CompletionEntry] {
        // The tokens before the word being typed.
        var before = tokens.prefix { $0.span.end <= offset && $0.kind != .endOfFile }
        if let last = before.last, last.kind == .word, last.span.end == offset { before = before.dropLast() }

        if let dot = before.last, dot.kind == .dot, before.count >= 2 {
            let base = before[before.index(before.endIndex, offsetBy: -2)]
            if base.kind == .word, base.text == "customer" {
                return index.figures.values.map { entry($0) }.sorted { $0.label < $1.label }
            }
            if base.kind == .word, let levels = index.levels[base.text] {
                return levels.map { entry($0) }
            }
            return []
        }

        var depth = 0
        var block: Keyword?
        var lineStart = true
        for token in before {
            switch token.kind {
            case .newline:
                lineStart = true
                continue
            case .leftBrace: depth += 1
            case .rightBrace: depth = max(0, depth - 1)
            case .word where depth == 0 && lineStart:
                if let keyword = token.keyword, keyword.group == .declaration { block = keyword }
            default: break
            }
            lineStart = false
        }
        let cursorLine = document.lineIndex(of: offset)
        let atLineStart = !before.contains { $0.kind != .newline && document.lineIndex(of: $0.span.start) == cursorLine }

        if atLineStart {
            if depth == 0 {
                return Keyword.allCases.filter { $0.group == .declaration }.map(keywordEntry)
            }
            let clauses: [Keyword] = switch block {
            case .test?: [.receipt, .line, .given, .expect]
            case .tiers?: [.measure, .level] + Parser.promoClauseKeywords
            case .restriction?: [.price, .discount, .redeem, .qty] + Parser.promoClauseKeywords
            default: Parser.promoClauseKeywords
            }
            var seen: Set<Keyword> = []
            return clauses.filter { seen.insert($0).inserted }.map(keywordEntry)
        }
        var entries = Keyword.allCases.map(keywordEntry)
        entries += index.names.values.sorted { $0.name < $1.name }.map { entry($0) }
        entries += index.parameters.filter {
            $0.template.file == document.id && $0.template.start <= offset && offset <= $0.template.end
        }.map { entry($0.parameter) }
        return entries
    }

    private func keywordEntry(_ keyword: Keyword) -> CompletionEntry {
        CompletionEntry(label: keyword.rawValue, kind: CompletionEntry.keywordKind, detail: "\(keyword.group.rawValue) keyword")
    }

    private func entry(_ name: DeclaredName) -> CompletionEntry {
        // CompletionItemKind: Function 3, Field 5, Variable 6, Class 7, Module 9, EnumMember 20.
        let kind = switch name.kind {
        case .items, .segment, .parameter: 6
        case .promo, .restriction: 7
        case .tiers: 9
        case .template: 3
        case .figure: 5
        case .level: 20
        }
        return CompletionEntry(label: name.name, kind: kind, detail: "\(name.type) · \(name.phrase)")
    }
}
