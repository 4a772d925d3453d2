import PromoDiagnostics

extension Parser {
    static let declarationKeywords: [Keyword] = [
        .currency, .library, .items, .segment, .promo, .tiers, .restriction, .test, .template, .figure,
    ]

    var atDeclarationKeyword: Bool {
        current.kind == .word && current.keyword.map(Parser.declarationKeywords.contains) == true
    }

    mutating func parseFile() -> [Declaration] {
        var declarations: [Declaration] = []
        while true {
            skipNewlines()
            if at(.endOfFile) { break }
            clauseFailed = false
            parenDepth = 0
            let before = index
            if let declaration = parseDeclaration() {
                declarations.append(declaration)
            } else {
                synchronizeToDeclaration()
            }
            if index == before { advance() }
        }
        return declarations
    }

    /// Skips to the next line that starts with a declaration keyword outside any block (or in
    /// the first column, where a block left open is most likely over).
    mutating func synchronizeToDeclaration() {
        var braces = 0
        while !at(.endOfFile) {
            if atLineStart, atDeclarationKeyword, braces == 0 || atFirstColumn { return }
            if at(.leftBrace) { braces += 1 }
            if at(.rightBrace) { braces = max(0, braces - 1) }
            advance()
        }
    }

    mutating func parseDeclaration() -> Declaration? {
        guard current.kind == .word, let keyword = current.keyword, Parser.declarationKeywords.contains(keyword) else {
            unknownDeclaration()
            return nil
        }
        let start = advance().span
        let kind: DeclarationKind?
        switch keyword {
        case .currency, .library:
            kind = parseSimpleDeclaration(keyword)
        case .items, .segment:
            kind = parseNamedExpr(keyword)
        case .promo:
            kind = parsePromo()
        case .tiers:
            kind = parseTiers()
        case .restriction:
            kind = parseRestriction()
        case .test:
            kind = parseTest()
        case .template:
            kind = parseTemplate()
        case .figure:
            kind = parseFigure()
        default:
            kind = nil
        }
        guard let kind else { return nil }
        // Blocks end at their `}`; one-line declarations at the end of the line. A block left
        // open ends where the next declaration starts, and that declaration must not be skipped.
        if !(atDeclarationKeyword && atFirstColumn) { finishClause() }
        return Declaration(keyword: start, span: span(from: start), kind: kind)
    }

    mutating func unknownDeclaration() {
        let what = current.kind == .word ? "`\(current.text)`" : foundDescription
        var help = "a file holds declarations: " + Parser.declarationKeywords.map { "`\($0.rawValue)`" }.joined(separator: ", ")
        if current.kind == .word,
           let suggestion = Suggestions.didYouMean(current.text, among: Parser.declarationKeywords.map(\.rawValue)) {
            help = suggestion
        } else if current.kind == .word, let keyword = current.keyword, keyword.group == .clause {
            help = "`\(current.text)` is a clause; clauses go inside a promo block `promo name { … }`"
        } else if at(.rightBrace) {
            help = "this `}` closes no block; remove it"
        }
        error(.unknownDeclaration, "expected a declaration, found \(what)", at: current.span,
              label: "not a declaration", help: help)
    }

    /// `currency RUB`, `library std`
    mutating func parseSimpleDeclaration(_ keyword: Keyword) -> DeclarationKind? {
        guard at(.word) else {
            expected(keyword == .currency ? "a currency code, like `RUB`" : "a library name")
            return nil
        }
        let token = advance()
        let name = Identifier(token.text, span: token.span)
        return keyword == .currency ? .currency(name) : .library(name)
    }

    /// `items NAME ["title"] = item set`, `segment NAME ["title"] = condition`
    mutating func parseNamedExpr(_ keyword: Keyword) -> DeclarationKind? {
        let what = keyword == .items ? "item set" : "segment"
        guard let name = expectName(what) else { return nil }
        let title = optionalTitle()
        guard expect(.assign, help: "write `\(keyword.rawValue) \(name.text) = …`") != nil else { return nil }
        skipNewlines()
        let value = keyword == .items ? parseItemSet() : parseExpr()
        let named = NamedExpr(name: name, title: title, value: value)
        return keyword == .items ? .items(named) : .segment(named)
    }

    mutating func parsePromo() -> DeclarationKind? {
        guard let name = expectName("promo") else { return nil }
        let title = optionalTitle()
        let clauses = parseBlock("promo") { $0.parsePromoClause() }
        return .promo(PromoSyntax(name: name, title: title, clauses: clauses))
    }

    mutating func parseTiers() -> DeclarationKind? {
        guard let name = expectName("tier program") else { return nil }
        let title = optionalTitle()
        let clauses = parseBlock("tiers") { $0.parseTiersClause() }
        return .tiers(TiersSyntax(name: name, title: title, clauses: clauses))
    }

    mutating func parseRestriction() -> DeclarationKind? {
        guard let name = expectName("restriction") else { return nil }
        let title = optionalTitle()
        let clauses = parseBlock("restriction") { $0.parseRestrictionClause() }
        return .restriction(RestrictionSyntax(name: name, title: title, clauses: clauses))
    }

    mutating func parseTest() -> DeclarationKind? {
        guard at(.string) else {
            expected("the test's name in quotes", help: "write `test \"dairy week on a Wednesday\" { … }`")
            return nil
        }
        let token = advance()
        let clauses = parseBlock("test") { $0.parseTestClause() }
        return .test(TestSyntax(name: Identifier(token.text, span: token.span), clauses: clauses))
    }

    /// `template promo NAME(params) ["title"] { clauses }` or
    /// `template segment|items NAME(params) ["title"] = expression`
    mutating func parseTemplate() -> DeclarationKind? {
        guard at(.word), let kind = TemplateKind(rawValue: current.text) else {
            expected("`promo`, `segment` or `items` after `template`")
            return nil
        }
        advance()
        guard let name = expectName("template") else { return nil }
        let parameters = parseParameters()
        let title = optionalTitle()
        if kind == .promo {
            let clauses = parseBlock("template") { $0.parsePromoClause() }
            return .template(TemplateSyntax(kind: kind, name: name, parameters: parameters, title: title, clauses: clauses, value: nil))
        }
        guard expect(.assign) != nil else { return nil }
        skipNewlines()
        let value = kind == .items ? parseItemSet() : parseExpr()
        return .template(TemplateSyntax(kind: kind, name: name, parameters: parameters, title: title, clauses: [], value: value))
    }

    /// `figure NAME[(params)]: Type`
    mutating func parseFigure() -> DeclarationKind? {
        // Figures are read as `customer.NAME`, so even reserved words (`spend`) may name one.
        guard let name = expectWord("a name for the figure") else { return nil }
        let parameters = at(.leftParen) ? parseParameters() : []
        guard expect(.colon, "`:` and the figure's type") != nil else { return nil }
        guard at(.word) else {
            expected("a type name, like `Count`")
            return nil
        }
        let type = advance()
        return .figure(FigureSyntax(name: name, parameters: parameters, type: Identifier(type.text, span: type.span)))
    }

    /// `(name: Type, name: Type)`
    mutating func parseParameters() -> [Parameter] {
        guard expect(.leftParen, "`(` and the parameters") != nil else { return [] }
        parenDepth += 1
        skipNewlines()
        var parameters: [Parameter] = []
        while !at(.rightParen), !at(.endOfFile), !clauseFailed {
            guard let name = expectName("parameter") else { break }
            guard expect(.colon, "`:` and the parameter's type") != nil else { break }
            guard at(.word) else {
                expected("a type name, like `Percent`")
                break
            }
            let type = advance()
            parameters.append(Parameter(name: name, type: Identifier(type.text, span: type.span)))
            if eat(.comma) == nil { break }
        }
        closeParen()
        return parameters
    }

    // MARK: - Blocks

    /// `{ clause NEWLINE clause … }`. A declaration keyword in the first column means the block
    /// was left open: that is reported at the `{` and the block ends there.
    mutating func parseBlock(_ what: String, clause: (inout Parser) -> Clause?) -> [Clause] {
        guard at(.leftBrace) else {
            expected("`{` to open the \(what)'s block")
            return []
        }
        let open = advance().span
        var clauses: [Clause] = []
        while true {
            skipNewlines()
            if at(.rightBrace) {
                advance()
                break
            }
            if at(.endOfFile) || (atDeclarationKeyword && atFirstColumn) {
                clauseFailed = false
                error(.unclosedBlock, "the \(what)'s block is never closed", at: open,
                      label: "this `{` has no matching `}`",
                      help: "add `}` after the last clause of the \(what)")
                return clauses
            }
            clauseFailed = false
            clauseBraces = 0
            let before = index
            let first = current
            if let parsed = clause(&self) {
                clauses.append(parsed)
            } else if first.kind == .word {
                // Keep a placeholder, so later stages know the block lost a clause.
                clauses.append(Clause(keyword: Identifier(first.text, span: first.span), span: span(from: first.span), kind: .error))
            }
            finishClause()
            if index == before { advance() }
        }
        clauseFailed = false
        return clauses
    }

    /// Reports a word that starts no clause of a block, suggesting the closest one.
    mutating func unknownClause(in what: String, known: [String]) -> Clause? {
        if current.kind == .word {
            let help = Suggestions.didYouMean(current.text, among: known)
                ?? "a \(what) clause starts with one of: " + known.sorted().map { "`\($0)`" }.joined(separator: ", ")
            error(.unknownClause, "unknown clause `\(current.text)` in a \(what)", at: current.span,
                  label: "not a \(what) clause", help: help)
        } else {
            expected("a clause")
        }
        skipToEndOfLine()
        return nil
    }

    func clause(_ keyword: Token, _ kind: ClauseKind) -> Clause {
        Clause(keyword: Identifier(keyword.text, span: keyword.span), span: span(from: keyword.span), kind: kind)
    }
}
