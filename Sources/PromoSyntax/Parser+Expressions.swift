import PromoDiagnostics

/// Words that may follow a number as its unit: `14 days`, `0.350 kg`.
public enum MeasureUnit: String, CaseIterable, Sendable {
    case minute, minutes, hour, hours, day, days, week, weeks, month, months, year, years
    case kg, g, l, ml, pcs

    public var isDuration: Bool {
        switch self {
        case .kg, .g, .l, .ml, .pcs: false
        default: true
        }
    }
}

extension Parser {
    // MARK: - Item sets and lists (clause level)

    /// An item set at clause level, where a comma means "or" and binds tighter than `except`:
    /// `all except alcohol, tobacco` is everything but alcohol and tobacco.
    mutating func parseItemSet() -> Expr {
        var left = parseUnionList()
        while continues(.except) {
            advance()
            skipNewlines()
            let right = parseUnionList()
            left = makeExpr(.binary(.except, left, right), left.span.to(right.span))
        }
        return left
    }

    /// `a, b, c` joined by ``BinaryOperator/union``.
    mutating func parseUnionList() -> Expr {
        var left = parseOr()
        while at(.comma) {
            advance()
            skipNewlines()
            let right = parseOr()
            left = makeExpr(.binary(.union, left, right), left.span.to(right.span))
        }
        return left
    }

    // MARK: - Expressions

    /// A full expression: `except` binds loosest, then `or`, `and`, `not`, comparisons,
    /// `+ -`, `*` and `of`, unary minus, member access and calls.
    mutating func parseExpr() -> Expr {
        var left = parseOr()
        while continues(.except) {
            advance()
            skipNewlines()
            let right = parseOr()
            left = makeExpr(.binary(.except, left, right), left.span.to(right.span))
        }
        return left
    }

    /// True when the current token is `keyword`, or a newline whose next line starts with it
    /// (a condition may continue on the next line when that line starts with `and`, `or`, `except`).
    mutating func continues(_ keyword: Keyword) -> Bool {
        if at(keyword) { return true }
        guard at(.newline) else { return false }
        var i = index
        while tokens[i].kind == .newline { i += 1 }
        guard tokens[i].kind == .word, tokens[i].keyword == keyword else { return false }
        index = i
        return true
    }

    mutating func parseOr() -> Expr {
        var left = parseAnd()
        while continues(.or) {
            advance()
            skipNewlines()
            let right = parseAnd()
            left = makeExpr(.binary(.or, left, right), left.span.to(right.span))
        }
        return left
    }

    mutating func parseAnd() -> Expr {
        var left = parseNot()
        while continues(.and) {
            advance()
            skipNewlines()
            let right = parseNot()
            left = makeExpr(.binary(.and, left, right), left.span.to(right.span))
        }
        return left
    }

    mutating func parseNot() -> Expr {
        guard at(.not) else { return parseComparison() }
        let start = advance().span
        return nested { p in
            let operand = p.parseNot()
            return p.makeExpr(.unary(.not, operand), start.to(operand.span))
        }
    }

    static let comparisons: [TokenKind: BinaryOperator] = [
        .equal: .equal, .notEqual: .notEqual, .less: .less, .lessEqual: .lessEqual,
        .greater: .greater, .greaterEqual: .greaterEqual,
    ]

    mutating func parseComparison() -> Expr {
        let left = parseAdditive()
        if let op = Parser.comparisons[current.kind] {
            advance()
            let right = parseAdditive()
            return makeExpr(.binary(op, left, right), left.span.to(right.span))
        }
        if at(.in) {
            advance()
            let right = parseAdditive()
            return makeExpr(.binary(.in, left, right), left.span.to(right.span))
        }
        if at(.within) {
            advance()
            let right = parseAdditive()
            return makeExpr(.within(left, right), left.span.to(right.span))
        }
        if at(.assign), !assignEndsExpression {
            // `customer.region = "Moscow"`: a common slip.
            error(.expectedToken, "expected a comparison, found `=`", at: current.span,
                  label: "`=` assigns", help: "write `==` to compare")
            advance()
            let right = parseAdditive()
            return makeExpr(.binary(.equal, left, right), left.span.to(right.span))
        }
        return left
    }

    mutating func parseAdditive() -> Expr {
        var left = parseMultiplicative()
        while at(.plus) || at(.minus) {
            let op: BinaryOperator = advance().kind == .plus ? .add : .subtract
            let right = parseMultiplicative()
            left = makeExpr(.binary(op, left, right), left.span.to(right.span))
        }
        return left
    }

    mutating func parseMultiplicative() -> Expr {
        var left = parseUnary()
        while at(.star) || at(.of) {
            let op: BinaryOperator = advance().kind == .star ? .multiply : .of
            let right = parseUnary()
            left = makeExpr(.binary(op, left, right), left.span.to(right.span))
        }
        return left
    }

    mutating func parseUnary() -> Expr {
        guard at(.minus) else { return parsePostfix() }
        let start = advance().span
        return nested { p in
            let operand = p.parseUnary()
            return p.makeExpr(.unary(.negate, operand), start.to(operand.span))
        }
    }

    mutating func parsePostfix() -> Expr {
        var expr = parsePrimary()
        while true {
            if at(.dot) {
                advance()
                guard at(.word) else {
                    expected("a field name after `.`")
                    return expr
                }
                let token = advance()
                expr = makeExpr(.member(expr, Identifier(token.text, span: token.span)), expr.span.to(token.span))
            } else if at(.leftParen) {
                let arguments = parseArguments()
                expr = makeExpr(.call(expr, arguments), span(from: expr.span))
            } else {
                return expr
            }
        }
    }

    /// `( expr, expr )`
    mutating func parseArguments() -> [Expr] {
        advance() // (
        parenDepth += 1
        skipNewlines()
        var arguments: [Expr] = []
        if !at(.rightParen) {
            repeat {
                arguments.append(nested { $0.parseExpr() })
            } while eat(.comma) != nil && !clauseFailed
        }
        closeParen()
        return arguments
    }

    mutating func closeParen() {
        parenDepth = max(0, parenDepth - 1)
        if eat(.rightParen) == nil {
            expected("`)`")
        }
    }

    /// Runs `body` one level deeper, refusing input nested beyond ``Parser/maxDepth``.
    mutating func nested(_ body: (inout Parser) -> Expr) -> Expr {
        guard depth < Parser.maxDepth else {
            error(.expectedToken, "expression nested too deeply", at: current.span,
                  label: "more than \(Parser.maxDepth) levels", help: "split the expression into named segments or item sets")
            // Skip the rest so the caller does not meet the same nesting again.
            skipToEndOfLine()
            return errorExpr()
        }
        depth += 1
        defer { depth -= 1 }
        return body(&self)
    }

    // MARK: - Primaries

    mutating func parsePrimary() -> Expr {
        let token = current
        switch token.kind {
        case .integer, .decimal:
            advance()
            let value: DecimalLiteral
            switch token.value {
            case .integer(let i): value = DecimalLiteral(unscaled: i, scale: 0)
            case .decimal(let d): value = d
            default: value = DecimalLiteral(unscaled: 0, scale: 0)
            }
            if at(.word), MeasureUnit(rawValue: current.text) != nil {
                let unitToken = advance()
                return makeExpr(.measure(value, unit: Identifier(unitToken.text, span: unitToken.span)), token.span.to(unitToken.span))
            }
            return makeExpr(token.kind == .integer ? .integer(value.unscaled) : .decimal(value), token.span)
        case .percent:
            advance()
            var value = DecimalLiteral(unscaled: 0, scale: 0)
            if case .integer(let i) = token.value { value = DecimalLiteral(unscaled: i, scale: 0) }
            if case .decimal(let d) = token.value { value = d }
            return makeExpr(.percent(value), token.span)
        case .string:
            advance()
            return makeExpr(.string(token.text), token.span)
        case .date:
            advance()
            guard case .date(let date) = token.value else { return errorExpr() }
            if at(TokenKind.time), case .time(let time) = current.value {
                let timeToken = advance()
                return makeExpr(.dateTime(date, time), token.span.to(timeToken.span))
            }
            return makeExpr(.date(date), token.span)
        case .time:
            advance()
            guard case .time(let time) = token.value else { return errorExpr() }
            return makeExpr(.time(time), token.span)
        case .dateTime:
            advance()
            guard case .dateTime(let date, let time) = token.value else { return errorExpr() }
            return makeExpr(.dateTime(date, time), token.span)
        case .leftParen:
            return parseParenthesized()
        case .word:
            return parseWordPrimary()
        case .invalid:
            // Reported by the lexer; stand in for the value and go on.
            advance()
            clauseFailed = true
            return makeExpr(.error, token.span)
        default:
            expected("a value")
            return errorExpr()
        }
    }

    mutating func parseParenthesized() -> Expr {
        let start = current.span
        return nested { p in
            p.advance() // (
            p.parenDepth += 1
            p.skipNewlines()
            if p.at(.rightParen) {
                p.expected("a value inside the parentheses")
                p.closeParen()
                return p.makeExpr(.error, p.span(from: start))
            }
            // A comma inside parentheses makes a list; as an item set a list means any of them.
            let first = p.parseExpr()
            if p.at(.comma) {
                var elements = [first]
                while p.eat(.comma) != nil, !p.at(.rightParen), !p.clauseFailed {
                    elements.append(p.parseExpr())
                }
                p.closeParen()
                return p.makeExpr(.list(elements), p.span(from: start))
            }
            p.closeParen()
            // Keep the parenthesised span, so errors underline what the author grouped.
            return Expr(id: first.id, span: p.span(from: start), kind: first.kind)
        }
    }

    mutating func parseWordPrimary() -> Expr {
        let token = current
        switch token.keyword {
        case .true?, .false?:
            advance()
            return makeExpr(.bool(token.keyword == .true), token.span)
        case .all?:
            advance()
            if at(Keyword.time) {
                advance()
                return makeExpr(.window(.allTime), span(from: token.span))
            }
            return makeExpr(.itemAtom(.all, []), token.span)
        case .category?, .brand?, .flag?:
            advance()
            let kind = ItemAtomKind(rawValue: token.text)!
            return makeExpr(.itemAtom(kind, parseAtomArguments(.string)), span(from: token.span))
        case .sku?:
            advance()
            return makeExpr(.itemAtom(.sku, parseAtomArguments(.integer)), span(from: token.span))
        case .excise?, .weighed?:
            advance()
            return makeExpr(.itemAtom(ItemAtomKind(rawValue: token.text)!, []), token.span)
        case .last?:
            advance()
            return nested { p in
                let length = p.parseUnary()
                return p.makeExpr(.window(.last(length)), p.span(from: token.span))
            }
        case .and?, .or?, .not?, .except?, .in?, .within?:
            expected("a value", help: "`\(token.text)` is an operator; it goes between two values")
            return errorExpr()
        case .previous?:
            advance()
            expect(.calendar, help: "write `previous calendar week` or `previous calendar month`")
            guard at(.word) else {
                expected("`week` or `month`")
                return errorExpr()
            }
            let unit = advance()
            return makeExpr(.window(.previousCalendar(Identifier(unit.text, span: unit.span))), span(from: token.span))
        case .counter?:
            advance()
            guard let name = expectName("counter") else { return errorExpr() }
            return makeExpr(.counter(name), span(from: token.span))
        default:
            advance()
            return makeExpr(.name(Identifier(token.text, span: token.span)), token.span)
        }
    }

    /// The values after `category`, `brand`, `flag` (strings) or `sku` (numbers): one, or
    /// several separated by commas.
    mutating func parseAtomArguments(_ kind: TokenKind) -> [Expr] {
        let what = kind == .string ? "a quoted name, like \"Food/Dairy\"" : "a SKU number"
        guard at(kind) else {
            expected(what)
            return [errorExpr()]
        }
        var values: [Expr] = []
        while true {
            let token = advance()
            values.append(kind == .string
                ? makeExpr(.string(token.text), token.span)
                : makeExpr(.integer(token.integerValue), token.span))
            // `sku 1, 2` lists SKUs, but in `1 of sku 2001, 1 of fries` the `1` starts a component.
            guard at(.comma), peek().kind == kind, peek(2).keyword != .of || peek(2).kind != .word else { return values }
            advance()
        }
    }
}

extension Token {
    var integerValue: Int64 {
        if case .integer(let i) = value { return i }
        return 0
    }
}
