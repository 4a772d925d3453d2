import PromoDiagnostics
import PromoSyntax

extension Checker {
    // MARK: - Tiers

    /// Clauses of a promo that a tier program or a restriction may also have: they narrow
    /// which receipts it considers.
    static let eligibilityClauses: Set<String> = ["active", "hours", "weekdays", "days", "stores", "channels", "audience"]

    mutating func checkTiers(_ syntax: TiersSyntax) -> TierProgram? {
        var measure: Fact?
        var measureSpan: Span?
        var levels: [TierLevel] = []
        var eligibility = Promo(name: syntax.name.text, priority: 0, nameSpan: syntax.name.span)
        var state = ClauseState()
        var priority: Int64?
        var levelNames: [String: Span] = [:]
        var previousThreshold: (Constant, Span)?
        for clause in syntax.clauses {
            switch clause.kind {
            case .measure(let figure, let window):
                if let first = measureSpan {
                    report(Diagnostic(.duplicateClause, "`measure` is given twice", at: clause.keyword.span, label: "second `measure`")
                        .with(first, "first given here"))
                    continue
                }
                measureSpan = clause.span
                measure = checkMeasure(figure, window)
            case .level(let level):
                if let first = levelNames[level.name.text] {
                    report(Diagnostic(.duplicateDeclaration, "level `\(level.name.text)` is declared twice", at: level.name.span,
                                      label: "again").with(first, "first here"))
                    continue
                }
                levelNames[level.name.text] = level.name.span
                guard let checked = checkLevel(level, measure: measure) else { continue }
                if let (previous, span) = previousThreshold, !rises(previous, checked.threshold) {
                    report(Diagnostic(.levelsOutOfOrder, "level `\(level.name.text)` starts no higher than the level before it",
                                      at: level.threshold.span, label: "from \(describe(checked.threshold))")
                        .with(span, "the level before starts from \(describe(previous))")
                        .help("list levels from the lowest threshold to the highest"))
                }
                previousThreshold = (checked.threshold, level.threshold.span)
                levels.append(checked)
            case .priority(let expr):
                if let first = state.seen["priority"] {
                    report(Diagnostic(.duplicateClause, "`priority` is given twice", at: clause.keyword.span, label: "second `priority`")
                        .with(first, "first given here"))
                    continue
                }
                state.seen["priority"] = clause.span
                priority = constantCount(expr, what: "a priority", allowZero: true)
            case _ where Checker.eligibilityClauses.contains(clause.keyword.text):
                checkPromoClause(clause, into: &eligibility, state: &state)
            case .error:
                break
            default:
                report(Diagnostic(.clauseNotAllowed, "`\(clause.keyword.text)` is not a clause of a tier program",
                                  at: clause.keyword.span, label: "not allowed here",
                                  help: "a tier program has `measure`, `level`, `priority` and the clauses that narrow it: " + Checker.eligibilityClauses.sorted().map { "`\($0)`" }.joined(separator: ", ")))
            }
        }
        guard let measure else {
            if measureSpan == nil {
                report(Diagnostic(.clauseNotAllowed, "tier program `\(syntax.name.text)` has no `measure`", at: syntax.name.span,
                                  label: "what decides the level?", help: "add `measure spend over previous calendar month`"))
            }
            return nil
        }
        if levels.isEmpty && levelNames.isEmpty {
            report(Diagnostic(.clauseNotAllowed, "tier program `\(syntax.name.text)` has no levels", at: syntax.name.span,
                              label: "no `level`", help: "add levels: `level silver \"Silver 3%\" from 0 accrue 3% bonus`"))
            return nil
        }
        return TierProgram(name: syntax.name.text, title: syntax.title?.text, nameSpan: syntax.name.span, measure: measure,
                           levels: levels, eligibility: eligibility.eligibility, priority: priority)
    }

    /// `measure spend over previous calendar week`
    mutating func checkMeasure(_ figure: Identifier, _ window: Expr) -> Fact? {
        let measures = ["spend": ValueType.money, "purchases": .count]
        guard let type = measures[figure.text] else {
            report(Diagnostic(.unknownWord, "a tier program measures `spend` or `purchases`, not `\(figure.text)`",
                              at: figure.span, label: "unknown measure",
                              help: Suggestions.didYouMean(figure.text, among: measures.keys) ?? "write `measure spend over previous calendar month`"))
            return nil
        }
        let typed = check(window, Scope(kind: .constant, place: "a tier measure"), as: .window,
                          what: "a history window, like `previous calendar month`")
        guard case .window(let w)? = typed.constant else { return nil }
        let fact = Fact(name: figure.text, arguments: [.constant(.window(w))], type: type)
        return fact
    }

    mutating func checkLevel(_ level: LevelSyntax, measure: Fact?) -> TierLevel? {
        let thresholdType = measure?.type ?? .money
        let typed = check(level.threshold, Scope(kind: .constant, place: "a level threshold"), as: thresholdType,
                          what: thresholdType == .money ? "money (spend from which the level starts)" : "a number of purchases")
        var effects: [Effect] = []
        for effect in level.effects {
            if let checked = checkEffect(effect) { effects.append(checked) }
        }
        guard let threshold = typed.constant else { return nil }
        if case .money(let m) = threshold, m.minor < 0 {
            report(Diagnostic(.notPositive, "a level cannot start below zero", at: level.threshold.span, label: "negative"))
        }
        if effects.isEmpty && level.effects.isEmpty {
            report(Diagnostic(.promoWithoutEffect, "level `\(level.name.text)` gives nothing", at: level.name.span,
                              label: "no effect", help: "add what the level gives: `accrue 3% bonus`"))
        }
        return TierLevel(name: level.name.text, title: level.title?.text, threshold: threshold, effects: effects,
                         nameSpan: level.name.span)
    }

    func rises(_ a: Constant, _ b: Constant) -> Bool {
        switch (a, b) {
        case (.money(let x), .money(let y)): y > x
        case (.count(let x), .count(let y)): y > x
        default: true
        }
    }

    func describe(_ c: Constant) -> String {
        switch c {
        case .money(let m): m.formatted(decimals: moneyDecimals)
        case .count(let n): String(n)
        default: "\(c)"
        }
    }

    // MARK: - Restrictions

    mutating func checkRestriction(_ syntax: RestrictionSyntax) -> Restriction? {
        var rules: [RestrictionRule] = []
        var eligibility = Promo(name: syntax.name.text, priority: 0, nameSpan: syntax.name.span)
        var state = ClauseState()
        for clause in syntax.clauses {
            switch clause.kind {
            case .rule(let rule):
                if let checked = checkRule(rule, clause.span) { rules.append(checked) }
            case _ where Checker.eligibilityClauses.contains(clause.keyword.text):
                checkPromoClause(clause, into: &eligibility, state: &state)
            case .error:
                break
            default:
                report(Diagnostic(.clauseNotAllowed, "`\(clause.keyword.text)` is not a clause of a restriction",
                                  at: clause.keyword.span, label: "not allowed here",
                                  help: "a restriction holds rules like `price >= line.min_price on alcohol` or `discount <= 50% on all`"))
            }
        }
        if rules.isEmpty && !syntax.clauses.contains(where: { if case .rule = $0.kind { true } else { false } }) {
            report(Diagnostic(.promoWithoutEffect, "restriction `\(syntax.name.text)` has no rule", at: syntax.name.span,
                              label: "restricts nothing", help: "add a rule, like `discount <= 50% on all`"))
            return nil
        }
        return Restriction(name: syntax.name.text, title: syntax.title?.text, nameSpan: syntax.name.span, rules: rules,
                           eligibility: eligibility.eligibility)
    }

    /// `price >= line.min_price on alcohol`, `discount <= 50% on all`, `discount <= 1000.00`,
    /// `redeem <= 30% of total`, `qty <= 6 per customer per day on alcohol`.
    mutating func checkRule(_ rule: RuleSyntax, _ span: Span) -> RestrictionRule? {
        let scope = Scope(kind: .rule, place: "a restriction")
        let expectedOps: [BinaryOperator] = rule.subject == .price ? [.greaterEqual, .greater] : [.lessEqual, .less]
        guard expectedOps.contains(rule.op) else {
            let right = rule.subject == .price ? ">=" : "<="
            report(Diagnostic(.invalidOperands, "a restriction on \(rule.subject.rawValue) is a \(rule.subject == .price ? "floor" : "cap")",
                              at: span, label: "`\(rule.op.rawValue)` does not restrict",
                              help: "write `\(rule.subject.rawValue) \(right) …`"))
            return nil
        }
        let bound = check(rule.bound, scope, expecting: rule.subject == .qty ? .quantity : .money)
        if bound.type == .error { return nil }
        let allowed: [ValueType]
        switch rule.subject {
        case .price: allowed = [.money]
        case .discount, .redeem: allowed = [.percent, .money]
        case .qty: allowed = [.quantity, .count]
        }
        guard allowed.contains(where: { bound.type.fits($0) }) else {
            report(Diagnostic(.typeMismatch, "a rule on \(rule.subject.rawValue) needs \(allowed.map(\.phrase).joined(separator: " or ")), found \(bound.type.phrase)",
                              at: rule.bound.span, label: "this is \(bound.type.phrase)"))
            return nil
        }
        if case .constant(.percent(let p)) = bound.value, p < .zero || p > .hundred {
            report(Diagnostic(.percentOutOfRange, "a percent cap must be between 0% and 100%", at: rule.bound.span,
                              label: "\(p.description) is out of range"))
            return nil
        }
        var per: Limit?
        if let limit = rule.per {
            guard rule.subject == .qty else {
                report(Diagnostic(.clauseNotAllowed, "`per` goes with a rule on `qty`", at: span, label: "not a quantity rule"))
                return nil
            }
            guard let who = word(limit.per, as: Limit.Per.self, what: "`customer` or `receipt`") else { return nil }
            let period = limit.period.flatMap { word($0, as: LimitPeriod.self, what: "`day`, `week`, `month` or `year`") }
            var count: Int64 = 0
            if case .constant(.quantity(let q)) = bound.value { count = q.milli }
            if case .constant(.count(let n)) = bound.value { count = n * 1000 }
            per = Limit(count: count, unit: .units, per: who, period: period)
        } else if rule.subject == .qty {
            report(Diagnostic(.clauseNotAllowed, "a rule on `qty` needs `per customer` or `per receipt`", at: span,
                              label: "per what?", help: "write `qty <= 6 per customer per day on alcohol`"))
            return nil
        }
        let items = rule.scope.map { checkItems($0, itemsScope) }
        return RestrictionRule(subject: rule.subject, op: rule.op, bound: bound.value, scope: items, per: per, span: span)
    }
}
