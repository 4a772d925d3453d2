import PromoDiagnostics
import PromoSyntax

extension Checker {
    mutating func binary(_ op: BinaryOperator, _ left: Expr, _ right: Expr, _ expr: Expr, _ scope: Scope,
                         expecting: ValueType?) -> Typed {
        switch op {
        case .and, .or, .except, .union:
            return logical(op, left, right, expr, scope, expecting: expecting)
        case .equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual:
            return comparison(op, left, right, expr, scope)
        case .in:
            return membership(left, right, expr, scope)
        case .add, .subtract, .multiply:
            return arithmetic(op, left, right, expr, scope)
        case .of:
            let percent = check(left, scope, as: .percent)
            let base = check(right, scope, as: .money)
            if percent.type == .error || base.type == .error { return .invalid }
            return Typed(value: .percentOf(percent.value, base.value), type: .money)
        }
    }

    /// `and`, `or`, `except` and `,` combine conditions, or item sets when the left side is one.
    mutating func logical(_ op: BinaryOperator, _ left: Expr, _ right: Expr, _ expr: Expr, _ scope: Scope,
                          expecting: ValueType?) -> Typed {
        if op == .or, let joined = valuesJoinedByOr(expr) {
            if check(joined.comparison, scope, as: .bool).type != .error {
                let values = joined.values.dropFirst()
                report(Diagnostic(.typeMismatch, "`or` joins conditions, not values", at: values.first!.span.to(values.last!.span),
                                  label: values.count == 1 ? "a value, not a condition" : "values, not conditions",
                                  help: "to allow any of these values write `\(sourceText(joined.subject)) in (\(joined.values.map { sourceText($0) }.joined(separator: ", ")))`"))
            }
            return .invalid
        }
        let l = check(left, scope, expecting: expecting == .items ? .items : nil)
        if l.type == .items || (l.type == .error && expecting == .items) {
            let r = check(right, scope, as: .items)
            guard let a = l.itemSet, let b = r.itemSet else { return Typed(value: .items(.all), type: l.type == .error || r.type == .error ? .error : .items) }
            let set: ItemSet
            switch op {
            case .and: set = .intersection([a, b])
            case .except: set = .difference(a, b)
            default: set = .union([a, b])
            }
            return Typed(value: .items(set), type: .items)
        }
        if op == .union {
            let r = check(right, scope)
            if l.type == .error || r.type == .error { return .invalid }
            report(Diagnostic(.invalidOperands, "a comma joins item sets, not \(l.type.phrase)", at: expr.span,
                              label: "a list of \(l.type.phrase)",
                              help: scope.kind == .store ? nil : "join conditions with `and` or `or`"))
            return .invalid
        }
        guard l.type.fits(.bool) else {
            _ = check(right, scope)
            return mismatch(left, l, expected: .bool)
        }
        let r = check(right, scope, as: .bool)
        let type: ValueType = (l.type == .segment && r.type == .segment) ? .segment : .bool
        switch op {
        case .and: return Typed(value: .and(l.value, r.value), type: type)
        case .or: return Typed(value: .or(l.value, r.value), type: type)
        default: return Typed(value: .and(l.value, .not(r.value)), type: type)
        }
    }

    /// `customer.region == "Moscow" or "Kazan"`: a comparison with `==` followed by bare values
    /// joined with `or`, meant as `customer.region in ("Moscow", "Kazan")`.
    func valuesJoinedByOr(_ expr: Expr) -> (comparison: Expr, subject: Expr, values: [Expr])? {
        switch expr.kind {
        case .binary(.equal, let subject, let value):
            return (expr, subject, [value])
        case .binary(.or, let left, let right):
            switch right.kind {
            case .string, .integer, .decimal:
                guard let joined = valuesJoinedByOr(left) else { return nil }
                return (joined.comparison, joined.subject, joined.values + [right])
            default:
                return nil
            }
        default:
            return nil
        }
    }

    /// Whether an expression is a bare number whose type follows the other side.
    func isAdaptableLiteral(_ expr: Expr) -> Bool {
        switch expr.kind {
        case .integer, .decimal: true
        case .unary(.negate, let inner): isAdaptableLiteral(inner)
        default: false
        }
    }

    mutating func comparison(_ op: BinaryOperator, _ left: Expr, _ right: Expr, _ expr: Expr, _ scope: Scope) -> Typed {
        // A bare number takes the type of the other side: `qty(yogurt) >= 3`.
        var l: Typed, r: Typed
        if isAdaptableLiteral(left) && !isAdaptableLiteral(right) {
            r = check(right, scope)
            l = check(left, scope, expecting: r.type)
        } else {
            l = check(left, scope)
            r = check(right, scope, expecting: l.type)
        }
        if l.type == .error || r.type == .error { return Typed(value: .invalid, type: .bool) }
        let comparable: Set<ValueType> = [.money, .percent, .count, .quantity, .date, .time, .dateTime, .string, .bool, .duration]
        for (side, typed) in [(left, l), (right, r)] where !comparable.contains(typed.type) && typed.type != .segment {
            report(Diagnostic(.invalidOperands, "\(typed.type.phrase) cannot be compared", at: side.span,
                              label: "this is \(typed.type.phrase)",
                              help: typed.type == .items ? "compare an amount of the items: `spend(\(sourceText(side)))` or `qty(\(sourceText(side)))`" : nil))
            return Typed(value: .invalid, type: .bool)
        }
        var lt = l.type == .segment ? .bool : l.type
        var rt = r.type == .segment ? .bool : r.type
        if lt == .count && rt == .quantity { lt = .quantity }
        if rt == .count && lt == .quantity { rt = .quantity }
        guard lt == rt else {
            report(Diagnostic(.incomparableTypes, "cannot compare \(l.type.phrase) with \(r.type.phrase)", at: right.span,
                              label: "this is \(r.type.phrase)", help: conversionHelp(from: r.type, to: l.type, right))
                .with(left.span, "this is \(l.type.phrase)"))
            return Typed(value: .invalid, type: .bool)
        }
        if (lt == .string || lt == .bool) && op != .equal && op != .notEqual {
            report(Diagnostic(.invalidOperands, "\(lt.phrase) can only be compared with `==` or `!=`", at: expr.span,
                              label: "`\(op.rawValue)` on \(lt.phrase)"))
            return Typed(value: .invalid, type: .bool)
        }
        return Typed(value: .compare(op, l.value, r.value), type: l.type == .segment || r.type == .segment ? .segment : .bool)
    }

    /// `customer in "VIP"` (a CRM segment) or `VALUE in ("a", "b")`.
    mutating func membership(_ left: Expr, _ right: Expr, _ expr: Expr, _ scope: Scope) -> Typed {
        if case .name(let name) = left.kind, name.text == "customer", bindings["customer"] == nil {
            guard scope.kind == .customer || scope.kind == .receipt else {
                return notHere("`customer in …`", expr, scope)
            }
            let segment = check(right, scope, as: .string, what: "the name of a CRM segment in quotes")
            guard case .string(let name)? = segment.constant else {
                return Typed(value: .invalid, type: .segment)
            }
            return Typed(value: .membership(name), type: .segment)
        }
        let l = check(left, scope)
        let elements: [Expr]
        if case .list(let items) = right.kind { elements = items } else { elements = [right] }
        var constants: [Constant] = []
        for element in elements {
            let typed = check(element, scope, expecting: l.type)
            guard let constant = typed.constant else {
                if typed.type != .error && l.type != .error {
                    report(Diagnostic(.typeMismatch, "the list after `in` must hold fixed values", at: element.span,
                                      label: "not a fixed value", help: "write the values, like `(\"Moscow\", \"Kazan\")`"))
                }
                return Typed(value: .invalid, type: .bool)
            }
            guard typed.type.fits(l.type) else {
                report(Diagnostic(.incomparableTypes, "cannot compare \(l.type.phrase) with \(typed.type.phrase)", at: element.span,
                                  label: "this is \(typed.type.phrase)").with(left.span, "this is \(l.type.phrase)"))
                return Typed(value: .invalid, type: .bool)
            }
            constants.append(constant)
        }
        if l.type == .error { return Typed(value: .invalid, type: .bool) }
        return Typed(value: .oneOf(l.value, constants), type: .bool)
    }

    mutating func arithmetic(_ op: BinaryOperator, _ left: Expr, _ right: Expr, _ expr: Expr, _ scope: Scope) -> Typed {
        var l: Typed, r: Typed
        if isAdaptableLiteral(left) && !isAdaptableLiteral(right) {
            r = check(right, scope)
            l = check(left, scope, expecting: op == .multiply ? nil : r.type)
        } else {
            l = check(left, scope)
            r = check(right, scope, expecting: op == .multiply ? nil : l.type)
        }
        if l.type == .error || r.type == .error { return .invalid }
        let result: ValueType?
        switch (op, l.type, r.type) {
        case (.add, .money, .money), (.subtract, .money, .money): result = .money
        case (.add, .count, .count), (.subtract, .count, .count): result = .count
        case (.add, .quantity, .quantity), (.subtract, .quantity, .quantity),
             (.add, .quantity, .count), (.subtract, .quantity, .count),
             (.add, .count, .quantity), (.subtract, .count, .quantity): result = .quantity
        case (.add, .percent, .percent), (.subtract, .percent, .percent): result = .percent
        case (.multiply, .money, .count), (.multiply, .count, .money): result = .money
        case (.multiply, .count, .count): result = .count
        case (.multiply, .quantity, .count), (.multiply, .count, .quantity): result = .quantity
        default: result = nil
        }
        guard let result else {
            let verb = op == .add ? "add" : op == .subtract ? "subtract" : "multiply"
            report(Diagnostic(.invalidOperands, "cannot \(verb) \(l.type.phrase) and \(r.type.phrase)", at: expr.span,
                              label: "`\(op.rawValue)` on \(l.type.phrase) and \(r.type.phrase)",
                              help: l.type == .percent || r.type == .percent ? "a percent of an amount is written `20% of total`" : nil))
            return .invalid
        }
        return Typed(value: fold(op, l.value, r.value) ?? .arithmetic(op, l.value, r.value), type: result)
    }

    /// Constant folding of arithmetic on literals; nil when not both constant or on overflow.
    func fold(_ op: BinaryOperator, _ a: Value, _ b: Value) -> Value? {
        guard case .constant(let x) = a, case .constant(let y) = b else { return nil }
        func apply(_ p: Int64, _ q: Int64) -> Int64? {
            let (v, o): (Int64, Bool)
            switch op {
            case .add: (v, o) = p.addingReportingOverflow(q)
            case .subtract: (v, o) = p.subtractingReportingOverflow(q)
            default: (v, o) = p.multipliedReportingOverflow(by: q)
            }
            return o ? nil : v
        }
        switch (x, y) {
        case (.money(let p), .money(let q)): return apply(p.minor, q.minor).map { .constant(.money(Money(minor: $0))) }
        case (.money(let p), .count(let q)), (.count(let q), .money(let p)): return apply(p.minor, q).map { .constant(.money(Money(minor: $0))) }
        case (.count(let p), .count(let q)): return apply(p, q).map { .constant(.count($0)) }
        case (.percent(let p), .percent(let q)): return apply(p.millionths, q.millionths).map { .constant(.percent(Percent(millionths: $0))) }
        case (.quantity(let p), .quantity(let q)): return apply(p.milli, q.milli).map { .constant(.quantity(Quantity(milli: $0))) }
        default: return nil
        }
    }

    /// `customer.birthday within 3 days`, `customer.registered within 30 days`.
    mutating func within(_ left: Expr, _ right: Expr, _ expr: Expr, _ scope: Scope) -> Typed {
        let l = check(left, scope)
        let r = check(right, scope, as: .duration)
        if l.type == .error || r.type == .error { return .invalid }
        guard [.date, .dateTime, .anniversary].contains(l.type) else {
            report(Diagnostic(.invalidOperands, "`within` needs a date on its left, found \(l.type.phrase)", at: left.span,
                              label: "this is \(l.type.phrase)", help: "for example `customer.registered within 30 days`"))
            return .invalid
        }
        guard case .duration(let duration)? = r.constant else {
            return Typed(value: .invalid, type: .bool)
        }
        guard duration.days != nil || duration.unit == .months || duration.unit == .years else {
            report(Diagnostic(.typeMismatch, "`within` counts whole days, weeks, months or years", at: right.span,
                              label: "\(duration.unit.rawValue) are too fine", help: "write a number of days, like `within 3 days`"))
            return .invalid
        }
        if duration.amount < 0 { return notPositive(right, "the length of `within`") }
        let type: ValueType = scope.kind == .customer || isCustomerOnly(l.value) ? .segment : .bool
        return Typed(value: .within(l.value, duration), type: type)
    }

    func isCustomerOnly(_ value: Value) -> Bool {
        if case .fact = value { return true }
        return false
    }

    mutating func notPositive(_ expr: Expr, _ what: String) -> Typed {
        report(Diagnostic(.notPositive, "\(what) must be positive", at: expr.span, label: "not positive"))
        return .invalid
    }

    // MARK: - Item atoms

    mutating func itemAtom(_ kind: ItemAtomKind, _ arguments: [Expr], _ expr: Expr) -> Typed {
        var sets: [ItemSet] = []
        for argument in arguments {
            switch (kind, argument.kind) {
            case (.category, .string(let path)):
                let path = normalizedCategory(unescape(path), argument)
                checkCatalog(.category, path, argument)
                sets.append(.category(path))
            case (.brand, .string(let name)):
                checkCatalog(.brand, unescape(name), argument)
                sets.append(.brand(unescape(name)))
            case (.flag, .string(let name)):
                sets.append(.flag(unescape(name)))
            case (.sku, .integer(let sku)):
                checkCatalog(.sku, String(sku), argument)
                sets.append(.sku(sku))
            default:
                break // a parse error, already reported
            }
        }
        switch kind {
        case .all: return Typed(value: .items(.all), type: .items)
        case .excise: return Typed(value: .items(.flag("excise")), type: .items)
        case .weighed: return Typed(value: .items(.flag("weighed")), type: .items)
        default:
            if sets.isEmpty { return Typed(value: .items(.all), type: .error) }
            return Typed(value: .items(sets.count == 1 ? sets[0] : .union(sets)), type: .items)
        }
    }

    /// A category path without stray spaces or slashes at its ends.
    mutating func normalizedCategory(_ path: String, _ expr: Expr) -> String {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false).map { $0.trimmingSpaces }
        if parts.contains(where: \.isEmpty) {
            report(Diagnostic(.typeMismatch, "category path \(quoted(path)) has an empty part", at: expr.span,
                              label: "empty between slashes", help: "write the path from the top, like \"Food/Dairy/Yogurt\""))
        }
        return parts.filter { !$0.isEmpty }.joined(separator: "/")
    }

    // MARK: - Windows

    mutating func window(_ kind: WindowKind, _ expr: Expr, _ scope: Scope) -> Typed {
        switch kind {
        case .allTime:
            return Typed(value: .constant(.window(.allTime)), type: .window)
        case .previousCalendar(let unit):
            switch unit.text {
            case "week": return Typed(value: .constant(.window(.previousCalendarWeek)), type: .window)
            case "month": return Typed(value: .constant(.window(.previousCalendarMonth)), type: .window)
            default:
                report(Diagnostic(.unknownWord, "unknown calendar period `\(unit.text)`", at: unit.span,
                                  label: "not `week` or `month`",
                                  help: Suggestions.didYouMean(unit.text, among: ["week", "month"]) ?? "write `previous calendar week` or `previous calendar month`"))
                return .invalid
            }
        case .last(let length):
            let typed = check(length, scope, as: .duration, what: "a number of days, weeks or months")
            guard case .duration(let duration)? = typed.constant else {
                return Typed(value: .invalid, type: typed.type == .error ? .error : .window)
            }
            guard duration.unit != .minutes && duration.unit != .hours else {
                report(Diagnostic(.typeMismatch, "a history window counts days, weeks, months or years", at: length.span,
                                  label: "\(duration.unit.rawValue) are too fine"))
                return .invalid
            }
            guard duration.amount > 0 else { return notPositive(length, "a history window") }
            return Typed(value: .constant(.window(.last(duration))), type: .window)
        }
    }
}

extension Substring {
    var trimmingSpaces: String {
        var s = self
        while s.first?.isWhitespace == true { s.removeFirst() }
        while s.last?.isWhitespace == true { s.removeLast() }
        return String(s)
    }
}
