import PromoDiagnostics
import PromoSyntax

/// What the clauses of one promo have given so far.
struct ClauseState {
    /// Clauses that may appear once, by keyword.
    var seen: [String: Span] = [:]
    var hasEffect = false
    /// An effect clause was refused, so the promo's effects are not all known.
    var effectRefused = false
    var priority: Span?
    /// A clause could not be read or a template not expanded: what is missing may be there.
    var incomplete = false
}

extension Checker {
    /// Clauses a promo may give only once.
    static let singleClauses: Set<String> = [
        "priority", "active", "hours", "weekdays", "days", "stores", "channels", "audience", "when", "coupon",
        "code", "stop", "best", "on", "ignore", "then",
    ]
    static let channels = ["pos", "sco", "web", "app", "delivery"]

    mutating func checkPromo(_ syntax: PromoSyntax) -> Promo? {
        var promo = Promo(name: syntax.name.text, title: syntax.title?.text, priority: 0, nameSpan: syntax.name.span)
        var state = ClauseState()
        for clause in syntax.clauses {
            checkPromoClause(clause, into: &promo, state: &state)
        }
        if state.priority == nil && !state.incomplete {
            report(Diagnostic(.missingPriority, "promo `\(promo.name)` has no priority", at: syntax.name.span,
                              label: "needs a `priority`",
                              notes: ["promos run in priority order, lowest first; the order is never left to chance"],
                              help: "add a line `priority 10` to the promo"))
        }
        if !state.hasEffect && !state.incomplete {
            report(Diagnostic(.promoWithoutEffect, "promo `\(promo.name)` has no effect", at: syntax.name.span,
                              label: "does nothing when it applies",
                              help: "give it an effect: `discount`, `price`, `bundle`, `buy`, `round`, `accrue`, `gift`, `issue`, `message` or `counter`"))
        }
        if promo.combination.stop, let best = promo.clauses["best"], let stop = promo.clauses["stop"] {
            report(Diagnostic(.conflictingClauses, "a promo in a best-of group cannot `stop` the promos after it", at: stop,
                              label: "stops everything after it")
                .with(best, "but the group decides whether it applies")
                .help("remove `stop`, or take the promo out of the group"))
        }
        if !state.incomplete && !state.effectRefused { checkCombinationConflicts(promo) }
        return promo
    }

    /// Combination clauses that contradict the promo's own effects.
    mutating func checkCombinationConflicts(_ promo: Promo) {
        guard !promo.effects.isEmpty || !promo.messages.isEmpty || !promo.counterChanges.isEmpty else { return }
        // Original prices matter only to percents and to the units a promo picks.
        if promo.combination.basis == .original, let on = promo.clauses["on"] {
            let usesBasis = promo.effects.contains { effect in
                switch effect {
                case .discount(.percent, _, _), .discount(_, _, .pick), .discount(_, _, .receipt), .buyGet: true
                default: false
                }
            }
            if !usesBasis {
                var d = Diagnostic(.conflictingClauses, "`on original prices` changes nothing in promo `\(promo.name)`", at: on,
                                   label: "no effect here starts from a price")
                if let first = promo.effectSpans.first { d = d.with(first, "this does not depend on earlier discounts") }
                report(d.note("fixed prices, bundle prices, amounts off each line, rounding and accruals come out the same on original and current prices")
                    .help("remove `on original prices`, or give a percent: `discount 20% on …`"))
            }
        }
        // Without `on ITEMS`, a lock or a ban covers the lines the promo changed: none, when it
        // changes no price.
        guard !promo.effects.contains(where: \.changesPrices) else { return }
        let unscoped = [("lock", promo.combination.locks.contains { $0.scope == nil }),
                        ("forbid", promo.combination.forbids.contains { $0.scope == nil })]
        for (keyword, isUnscoped) in unscoped where isUnscoped {
            guard let span = promo.clauses[keyword] else { continue }
            report(Diagnostic(.conflictingClauses, "`\(keyword)` covers no line in promo `\(promo.name)`", at: span,
                              label: "without `on`, it covers the lines the promo discounts",
                              notes: ["promo `\(promo.name)` changes no price, so there are no such lines"],
                              help: "name the lines: `\(keyword) \(keyword == "lock" ? "discounts" : "redeem") on dairy`"))
        }
        // An accrual on lines the promo itself closes to accrual gives nothing.
        for (effect, effectSpan) in zip(promo.effects, promo.effectSpans) {
            guard case .accrue(let accrual) = effect, accrual.currency == .bonus else { continue }
            let accrues = accrual.scope ?? .all
            let closes = promo.combination.forbids.filter { $0.kind == .accrue }.compactMap(\.scope)
                + promo.combination.locks.filter { $0.kinds.contains(.accrual) }.compactMap(\.scope)
            guard let closed = closes.first(where: { ItemLogic.contains($0, accrues) }) else { continue }
            let span = promo.clauses["forbid"] ?? promo.clauses["lock"] ?? promo.nameSpan
            report(Diagnostic(.conflictingClauses, "promo `\(promo.name)` closes to accrual every line it accrues on", at: span,
                              label: "closes \(closed) to accrual")
                .with(effectSpan, "accrues on \(accrues == .all ? "every line" : accrues.description)")
                .note("bonuses accrue at the end of the receipt, on lines still open to accrual")
                .help("narrow the ban with `on`, or remove it"))
        }
    }

    /// Checks one clause of a promo (or of a promo template) into `promo`.
    mutating func checkPromoClause(_ clause: Clause, into promo: inout Promo, state: inout ClauseState) {
        let keyword = clause.keyword.text
        if Checker.singleClauses.contains(keyword) {
            if let first = state.seen[keyword] {
                var help = "keep one `\(keyword)` clause\(keyword == "weekdays" || keyword == "hours" || keyword == "days" ? "; list several ranges in it with commas" : "")"
                if keyword == "when" || keyword == "audience" || keyword == "stores", expansions.isEmpty, first.file == clause.span.file {
                    let sources = self.sources
                    // A condition with `or` or `except` goes in parentheses, as `and` binds tighter.
                    func text(_ span: Span) -> String {
                        let text = sources[span.file].text(of: span).dropFirst(keyword.count).split(whereSeparator: \.isWhitespace).joined(separator: " ")
                        return text.contains(" or ") || text.contains(" except ") ? "(\(text))" : text
                    }
                    help = "join the conditions with `and` in one clause: `\(keyword) \(text(first)) and \(text(clause.span))`"
                }
                report(Diagnostic(.duplicateClause, "`\(keyword)` is given twice", at: clause.keyword.span,
                                  label: "second `\(keyword)`")
                    .with(first, "first given here")
                    .help(help))
                return
            }
            state.seen[keyword] = clause.span
        }
        if promo.clauses[keyword] == nil { promo.clauses[keyword] = clause.span }
        let receipt = Scope(kind: .receipt, place: "the `\(keyword)` clause")
        switch clause.kind {
        case .priority(let expr):
            state.priority = clause.span
            if let value = constantCount(expr, what: "a priority", allowZero: true) { promo.priority = value }
        case .active(let range):
            promo.eligibility.active = checkActive(range)
        case .hours(let ranges):
            promo.eligibility.hours = ranges.compactMap { checkHours($0) }
        case .weekdays(let ranges):
            promo.eligibility.weekdays = checkWeekdays(ranges)
        case .days(let ranges):
            promo.eligibility.days = checkDays(ranges)
        case .stores(let expr):
            promo.eligibility.stores = checkStores(expr)
        case .channels(let words):
            promo.eligibility.channels = checkChannels(words)
        case .audience(let expr):
            promo.eligibility.audience = checkCondition(expr, Scope(kind: .customer, place: "an audience"))
        case .when(let expr):
            promo.condition = checkCondition(expr, receipt)
        case .coupon(let expr):
            promo.eligibility.coupon = constantString(expr, what: "a coupon code or pattern")
        case .code(let expr):
            promo.eligibility.code = constantString(expr, what: "a promo code")
        case .limit(let limit):
            if let checked = checkLimit(limit) { promo.eligibility.limits.append(checked) }
        case .discount, .price, .bundle, .buy, .round, .accrue, .redeem, .gift, .issue:
            state.hasEffect = true
            if let effect = checkEffect(clause) {
                promo.effects.append(effect)
                promo.effectSpans.append(clause.span)
            } else {
                state.effectRefused = true
            }
        case .message(let target, let text):
            state.hasEffect = true
            if let message = checkMessage(target, text) { promo.messages.append(message) }
        case .counter(let update):
            state.hasEffect = true
            if let change = checkCounterUpdate(update) { promo.counterChanges.append(change) }
        case .then(let updates):
            promo.afterChanges += updates.compactMap { checkCounterUpdate($0) }
        case .lock(let lock):
            promo.combination.locks.append(checkLock(lock))
        case .forbid(let forbid):
            if let checked = checkForbid(forbid) { promo.combination.forbids.append(checked) }
        case .stop:
            promo.combination.stop = true
        case .best(let group):
            promo.combination.bestOf = group.text
        case .basis(let basis):
            promo.combination.basis = basis
        case .ignoreRestrictions:
            promo.combination.ignoreRestrictions = true
        case .use(let name, let arguments):
            expandPromoTemplate(name, arguments, clause.span, into: &promo, state: &state)
        case .measure, .level, .rule, .receipt, .line, .given, .expect:
            report(Diagnostic(.clauseNotAllowed, "`\(keyword)` is not a promo clause", at: clause.keyword.span,
                              label: "not allowed in a promo"))
        case .error:
            state.incomplete = true
        }
    }

    /// `use n_plus_one(2, 1, yogurt)`: the template's clauses, checked with its arguments.
    mutating func expandPromoTemplate(_ name: Identifier, _ arguments: [Expr], _ site: Span,
                                      into promo: inout Promo, state: inout ClauseState) {
        state.incomplete = state.incomplete || symbols[name.text].map { symbol in
            if case .template(let t) = symbol.kind { t.kind != .promo } else { true }
        } ?? true
        guard let symbol = symbols[name.text] else {
            report(Diagnostic(.unknownName, "unknown template `\(name.text)`", at: name.span, label: "not declared",
                              help: Suggestions.didYouMean(name.text, among: names {
                                  if case .template(let t) = $0.kind { t.kind == .promo } else { false }
                              })))
            return
        }
        guard case .template(let template) = symbol.kind, template.kind == .promo else {
            report(Diagnostic(.wrongKindOfName, "`\(name.text)` is \(symbol.phrase), not a promo template", at: name.span,
                              label: "cannot be used here", help: "`use` takes a `template promo`")
                .with(symbol.name.span, "declared here"))
            return
        }
        guard !expansions.contains(where: { $0.name == template.name.text }) else {
            report(Diagnostic(.cyclicDefinition, "template `\(name.text)` uses itself", at: site, label: "used again inside its own expansion"))
            return
        }
        guard expansions.count < Checker.maxExpansionDepth else {
            _ = expansionTooDeep(name.text, site)
            state.incomplete = true
            return
        }
        let scope = Scope(kind: .receipt, place: "a template argument")
        guard let bound = bindArguments(template, arguments, at: site, scope) else {
            state.incomplete = true
            return
        }
        let saved = bindings
        bindings = bound
        expansions.append(Expansion(name: template.name.text, declaration: templateSpan(template), useSite: site))
        for clause in template.clauses {
            checkPromoClause(clause, into: &promo, state: &state)
        }
        expansions.removeLast()
        bindings = saved
    }

    // MARK: - Constants

    /// A whole number fixed when the promo is compiled.
    mutating func constantCount(_ expr: Expr, what: String, allowZero: Bool = false, help: String? = nil) -> Int64? {
        let typed = check(expr, Scope(kind: .constant, place: what), as: .count, what: what)
        guard case .count(let value)? = typed.constant else {
            if case .parameter = typed.value { return nil }
            if typed.type != .error {
                report(Diagnostic(.typeMismatch, "\(what) must be a fixed whole number", at: expr.span, label: "not fixed"))
            }
            return nil
        }
        if value < 0 || (value == 0 && !allowZero) {
            report(Diagnostic(.notPositive, "\(what) must be \(allowZero ? "zero or more" : "at least 1"), found \(value)",
                              at: reportSpan(expr), label: allowZero ? "negative" : "not positive", help: help))
            return nil
        }
        return value
    }

    mutating func constantString(_ expr: Expr, what: String) -> String? {
        let typed = check(expr, Scope(kind: .constant, place: what), as: .string, what: what)
        guard case .string(let value)? = typed.constant else { return nil }
        if value.isEmpty {
            report(Diagnostic(.typeMismatch, "\(what) cannot be empty", at: expr.span, label: "empty"))
            return nil
        }
        return value
    }

    /// A fixed constant of one of the `allowed` types, or nil (reported).
    mutating func constant(_ expr: Expr, _ allowed: [ValueType], what: String) -> Constant? {
        let typed = check(expr, Scope(kind: .constant, place: what), expecting: allowed.first)
        if typed.type == .error { return nil }
        if case .parameter = typed.value { return nil }
        guard allowed.contains(where: { typed.type.fits($0) }), let c = typed.constant else {
            report(Diagnostic(.typeMismatch, "expected \(what), found \(typed.type.phrase)", at: expr.span,
                              label: "this is \(typed.type.phrase)", help: conversionHelp(from: typed.type, to: allowed[0], expr)))
            return nil
        }
        return c
    }

    /// Where to point for a value: at the argument, when it came from a template parameter.
    func reportSpan(_ expr: Expr) -> Span {
        if case .name(let name) = expr.kind, case .bound(_, let span)? = bindings[name.text] { return span }
        return expr.span
    }

    // MARK: - Schedule

    /// Minutes since 1970-01-01 of a date (at `time`) or a date-time constant.
    func minuteStamp(_ c: Constant, endOfDay: Bool) -> MinuteStamp? {
        switch c {
        case .date(let d): return Int64(d.dayNumber + (endOfDay ? 1 : 0)) * 1440
        case .dateTime(let d, let t): return Int64(d.dayNumber) * 1440 + Int64(t.minutes)
        default: return nil
        }
    }

    mutating func checkActive(_ range: RangeSyntax) -> Range<MinuteStamp>? {
        guard let lower = constant(range.lower, [.date, .dateTime], what: "a date") else { return nil }
        let upperExpr = range.upper ?? range.lower
        guard let upper = constant(upperExpr, [.date, .dateTime], what: "a date") else { return nil }
        guard let start = minuteStamp(lower, endOfDay: false), let end = minuteStamp(upper, endOfDay: true) else { return nil }
        guard start < end else {
            var help = "write the earlier date first: `active \(sourceText(upperExpr)) .. \(sourceText(range.lower))`"
            if let wrapped = nextYear(upper, after: lower) {
                help = "if it runs into the next year, write `active \(sourceText(range.lower)) .. \(wrapped)`; otherwise " + help
            }
            report(Diagnostic(.periodEndsBeforeStart, "the period ends before it starts", at: range.span,
                              label: "\(sourceText(range.lower)) is after \(sourceText(upperExpr))", help: help))
            return nil
        }
        return start..<end
    }

    /// `end` a year later, written out, when it falls in an earlier month of the same year as
    /// `start`: a period over New Year written with the old year (`2026-12-25 .. 2026-01-10`).
    func nextYear(_ end: Constant, after start: Constant) -> String? {
        func date(_ c: Constant) -> DateLiteral? {
            switch c {
            case .date(let d), .dateTime(let d, _): d
            default: nil
            }
        }
        guard let from = date(start), let to = date(end), from.year == to.year, to.month < from.month,
              !(to.month == 2 && to.day == 29) else { return nil }
        let later = DateLiteral(year: to.year + 1, month: to.month, day: to.day)
        if case .dateTime(_, let time) = end { return "\(later) \(time)" }
        return "\(later)"
    }

    mutating func checkHours(_ range: RangeSyntax) -> TimeWindow? {
        guard let upperExpr = range.upper else {
            report(Diagnostic(.typeMismatch, "hours are a range of times", at: range.span, label: "a single time",
                              help: "write `hours 08:00 .. 22:00`"))
            return nil
        }
        guard case .time(let from)? = constant(range.lower, [.time], what: "a time"),
              case .time(let to)? = constant(upperExpr, [.time], what: "a time") else { return nil }
        if from.hour == 24 {
            report(Diagnostic(.invalidTime, "24:00 can only end a range of hours", at: range.lower.span, label: "starts at 24:00",
                              help: "write `00:00`"))
            return nil
        }
        guard from != to, !(from.minutes == 0 && to.minutes == 0) else {
            report(Diagnostic(.emptyHours, "the hours \(from) .. \(to) contain no time", at: range.span,
                              label: "starts and ends at the same time",
                              help: "for the whole day leave `hours` out; for a night write `22:00 .. 06:00`"))
            return nil
        }
        return TimeWindow(start: from.minutes, end: to.minutes)
    }

    mutating func weekday(_ expr: Expr) -> Weekday? {
        guard case .name(let name) = expr.kind else {
            report(Diagnostic(.typeMismatch, "expected a weekday, like `mon`", at: expr.span, label: "not a weekday"))
            return nil
        }
        guard let day = Weekday(word: name.text) else {
            let names = Weekday.allCases.map(\.shortName) + Weekday.allCases.map(\.fullName)
            report(Diagnostic(.unknownWord, "unknown weekday `\(name.text)`", at: name.span, label: "not a weekday",
                              help: Suggestions.didYouMean(name.text, among: names) ?? "weekdays are mon, tue, wed, thu, fri, sat, sun"))
            return nil
        }
        return day
    }

    mutating func checkWeekdays(_ ranges: [RangeSyntax]) -> Set<Weekday>? {
        var days: Set<Weekday> = []
        var ok = true
        for range in ranges {
            guard let from = weekday(range.lower) else { ok = false; continue }
            guard let upperExpr = range.upper else { days.insert(from); continue }
            guard let to = weekday(upperExpr) else { ok = false; continue }
            guard from <= to else {
                let untilSunday = from == .sunday ? sourceText(range.lower) : "\(sourceText(range.lower)) .. sun"
                let fromMonday = to == .monday ? sourceText(upperExpr) : "mon .. \(sourceText(upperExpr))"
                report(Diagnostic(.badWeekdayRange, "the weekday range \(sourceText(range.lower)) .. \(sourceText(upperExpr)) runs backwards",
                                  at: range.span, label: "weeks run from mon to sun",
                                  help: "split it at the week's end: `\(untilSunday), \(fromMonday)`"))
                ok = false
                continue
            }
            for raw in from.rawValue...to.rawValue { days.insert(Weekday(rawValue: raw)!) }
        }
        return ok ? days : nil
    }

    mutating func dayOfMonth(_ expr: Expr) -> Int? {
        let typed = check(expr, Scope(kind: .constant, place: "a day of the month"), as: .count, what: "a day of the month")
        guard case .count(let day)? = typed.constant else { return nil }
        guard (1...31).contains(day) || (-31 ... -1).contains(day) else {
            report(Diagnostic(.dayOfMonthOutOfRange, "there is no day \(day) in a month", at: expr.span,
                              label: "days run from 1 to 31",
                              help: day == 0 ? "days count from 1: the first day of the month is `1`, the last is `-1`"
                                : "count from the month's end with negative days: `-1` is the last day"))
            return nil
        }
        return Int(day)
    }

    mutating func checkDays(_ ranges: [RangeSyntax]) -> Set<Int>? {
        var days: Set<Int> = []
        var ok = true
        for range in ranges {
            guard let from = dayOfMonth(range.lower) else { ok = false; continue }
            guard let upperExpr = range.upper else { days.insert(from); continue }
            guard let to = dayOfMonth(upperExpr) else { ok = false; continue }
            guard (from > 0) == (to > 0), from <= to else {
                report(Diagnostic(.periodEndsBeforeStart, "the days \(from) .. \(to) run backwards", at: range.span,
                                  label: "ends before it starts",
                                  help: (from > 0) == (to > 0) ? "write the earlier day first: `\(to) .. \(from)`" : "count both ends the same way: from the start (`25 .. 31`) or from the end (`-7 .. -1`)"))
                ok = false
                continue
            }
            for day in from...to { days.insert(day) }
        }
        return ok ? days : nil
    }

    mutating func checkStores(_ expr: Expr) -> Value? {
        // `stores 751, 752`: store ids.
        let parts = flattenUnion(expr)
        if parts.allSatisfy({ if case .integer = $0.kind { true } else { false } }) {
            let ids: [Constant] = parts.compactMap { if case .integer(let i) = $0.kind { .count(i) } else { nil } }
            return .oneOf(.store(.id), ids)
        }
        return checkCondition(expr, Scope(kind: .store, place: "`stores`"))
    }

    func flattenUnion(_ expr: Expr) -> [Expr] {
        if case .binary(.union, let a, let b) = expr.kind { return flattenUnion(a) + flattenUnion(b) }
        return [expr]
    }

    mutating func checkChannels(_ words: [Identifier]) -> Set<String>? {
        var channels: Set<String> = []
        for word in words {
            guard Checker.channels.contains(word.text) else {
                report(Diagnostic(.unknownWord, "unknown channel `\(word.text)`", at: word.span, label: "not a sales channel",
                                  help: Suggestions.didYouMean(word.text, among: Checker.channels)
                                    ?? "the channels are " + Checker.channels.map { "`\($0)`" }.joined(separator: ", ")))
                continue
            }
            channels.insert(word.text)
        }
        return channels
    }

    mutating func checkLimit(_ syntax: LimitSyntax) -> Limit? {
        let count = constantCount(syntax.count, what: "a limit", help: "for no limit leave the `limit` clause out")
        var unit = Limit.Unit.uses
        if let word = syntax.unit { unit = word.text == "uses" ? .uses : .units }
        guard let per = word(syntax.per, as: Limit.Per.self, what: "`customer` or `receipt`") else { return nil }
        var period: LimitPeriod?
        if let word = syntax.period {
            guard per == .customer else {
                let n = sourceText(syntax.count) + (syntax.unit.map { " " + $0.text } ?? "")
                report(Diagnostic(.clauseNotAllowed, "a limit per receipt has no period", at: word.span, label: "not needed",
                                  help: "write `limit \(n) per receipt`, or `limit \(n) per customer per \(word.text)`"))
                return nil
            }
            period = self.word(word, as: LimitPeriod.self, what: "`day`, `week`, `month` or `year`")
            if period == nil { return nil }
        }
        guard let count else { return nil }
        return Limit(count: count, unit: unit, per: per, period: period)
    }

    /// A fixed word of the language, checked against an enumeration's raw values.
    mutating func word<T: RawRepresentable & CaseIterable>(_ word: Identifier, as: T.Type, what: String) -> T? where T.RawValue == String {
        if let value = T(rawValue: word.text) { return value }
        let all = T.allCases.map(\.rawValue)
        report(Diagnostic(.unknownWord, "unknown word `\(word.text)`", at: word.span, label: "expected \(what)",
                          help: Suggestions.didYouMean(word.text, among: all) ?? "write \(what)"))
        return nil
    }
}

extension Limit.Per: CaseIterable {
    public static var allCases: [Limit.Per] { [.customer, .receipt] }
}
