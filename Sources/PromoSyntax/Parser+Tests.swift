import PromoDiagnostics

extension Parser {
    static let testClauseWords = ["receipt", "line", "given", "expect"]
    static let expectationWords = [
        "discount", "total", "applied", "not", "line", "accrued", "spent", "redeemable", "coupon", "gift", "message", "counter",
    ]
    /// Attributes whose value is a word rather than a literal: `channel web`.
    static let wordAttributes: Set<String> = ["channel"]

    mutating func parseTestClause() -> Clause? {
        guard at(.word) else { return unknownClause(in: "test", known: Parser.testClauseWords) }
        switch current.keyword {
        case .receipt?:
            let token = advance()
            return clause(token, .receipt(parseAttributes()))
        case .line?:
            let token = advance()
            return clause(token, .line(parseAttributes()))
        case .given?:
            let token = advance()
            assignEndsExpression = true
            let fact = parseExpr()
            assignEndsExpression = false
            let value = eat(.assign) != nil ? parseExpr() : nil
            return clause(token, .given(fact, value: value))
        case .expect?:
            let token = advance()
            return parseExpectation().map { clause(token, .expect($0)) }
        default:
            return unknownClause(in: "test", known: Parser.testClauseWords)
        }
    }

    /// `at 2026-12-02 10:00 store 751 format "Supermarket" customer 81622988 card`: words, each
    /// followed by its value when it has one.
    mutating func parseAttributes() -> [Attribute] {
        var attributes: [Attribute] = []
        while !atClauseEnd, !clauseFailed {
            guard at(.word) else {
                expected("an attribute name, like `store` or `price`")
                break
            }
            let token = advance()
            let name = Identifier(token.text, span: token.span)
            var value: Expr?
            if Parser.wordAttributes.contains(token.text), at(.word) {
                let word = advance()
                value = makeExpr(.name(Identifier(word.text, span: word.span)), word.span)
            } else if isLiteralStart {
                value = parseUnary()
            }
            attributes.append(Attribute(name: name, value: value))
        }
        return attributes
    }

    var isLiteralStart: Bool {
        switch current.kind {
        case .integer, .decimal, .percent, .string, .date, .time, .dateTime, .minus: true
        default: false
        }
    }

    mutating func parseExpectation() -> ExpectSyntax? {
        guard at(.word) else {
            expected("what to expect, like `discount 120.00` or `total 480.00`")
            return nil
        }
        let word = current
        switch word.keyword {
        case .discount?:
            advance()
            let amount = parseUnary()
            return .discount(amount, by: parseBy())
        case .total?:
            advance()
            return .total(parseUnary())
        case .applied?:
            advance()
            return expectName("promo").map(ExpectSyntax.applied)
        case .not?:
            advance()
            guard expect(.applied, help: "write `expect not applied PROMO`") != nil,
                  let promo = expectName("promo") else { return nil }
            let because = eat(.because) != nil ? parsePrimary() : nil
            return .notApplied(promo, because: because)
        case .line?:
            advance()
            let number = parsePrimary()
            guard let field = expectWord("`price`, `discount` or `total`") else { return nil }
            let value = parseUnary()
            return .line(number, field: field, value: value, by: parseBy())
        case .accrued?:
            advance()
            let amount = parseUnary()
            guard let unit = expectWord("`bonus` or `chips`") else { return nil }
            let by = parseBy()
            var activates: Expr?, expires: Expr?
            while at(.word), current.keyword == .activates || current.keyword == .expires {
                let option = advance()
                if option.keyword == .activates { activates = parseUnary() } else { expires = parseUnary() }
            }
            return .accrued(amount, unit: unit, by: by, activates: activates, expires: expires)
        case .spent?:
            advance()
            let amount = parseUnary()
            guard let unit = expectWord("`chips`") else { return nil }
            return .spent(amount, unit: unit, by: parseBy())
        case .redeemable?:
            advance()
            return .redeemable(parseUnary())
        case .coupon?:
            advance()
            let code = parsePrimary()
            var value: Expr?, until: Expr?
            while at(.word), current.keyword == .discount || current.keyword == .until {
                let option = advance()
                if option.keyword == .discount { value = parseUnary() } else { until = parseUnary() }
            }
            return .coupon(code, value: value, until: until)
        case .gift?:
            advance()
            var count: Expr?
            if at(.integer), peek().kind == .word, peek().keyword == .of {
                count = parsePrimary()
                advance()
            }
            return .gift(count: count, items: parseItemSet())
        case .message?:
            advance()
            guard let target = expectWord("`slip`, `cashier` or `display`") else { return nil }
            return .message(target: target, text: parsePrimary())
        case .counter?:
            advance()
            return parseCounterUpdate().map(ExpectSyntax.counter)
        default:
            let help = Suggestions.didYouMean(word.text, among: Parser.expectationWords)
                ?? "expect one of: " + Parser.expectationWords.map { "`\($0)`" }.joined(separator: ", ")
            error(.unknownClause, "unknown expectation `\(word.text)`", at: word.span,
                  label: "nothing to expect by that name", help: help)
            skipToEndOfLine()
            return nil
        }
    }

    /// `by PROMO`
    mutating func parseBy() -> Identifier? {
        eat(.by) != nil ? expectName("promo") : nil
    }
}
