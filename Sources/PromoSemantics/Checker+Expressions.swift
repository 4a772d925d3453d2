import Foundation
import PromoDiagnostics
import PromoSyntax

/// Where an expression stands, which decides the names it may use.
enum ScopeKind {
    /// A receipt condition (`when`, counter values): the receipt, the customer, counters.
    case receipt
    /// A segment or an audience: the customer only.
    case customer
    /// The `stores` clause: the store's fields.
    case store
    /// A restriction's bound: the line and the receipt total.
    case rule
    /// Literals and template parameters only (priorities, counts, thresholds).
    case constant
}

struct Scope {
    var kind: ScopeKind
    /// How the place reads in a message: "a segment", "the `when` clause".
    var place: String
}

/// What a template parameter stands for.
enum Binding {
    /// While the template is checked on its own.
    case abstract(ValueType)
    /// At a use site: the argument's value and where it was written.
    case bound(Typed, span: Span)
}

/// A checked expression.
struct Typed {
    var value: Value
    var type: ValueType

    static let invalid = Typed(value: .invalid, type: .error)

    var itemSet: ItemSet? {
        if case .items(let set) = value { return set }
        return nil
    }

    var constant: Constant? {
        if case .constant(let c) = value { return c }
        return nil
    }
}

extension Checker {
    // MARK: - Entry points

    /// Checks an expression where a value of `expected` type is wanted, reporting a mismatch.
    mutating func check(_ expr: Expr, _ scope: Scope, as expected: ValueType, what: String? = nil) -> Typed {
        let typed = check(expr, scope, expecting: expected)
        guard typed.type.fits(expected) else {
            let needed = what ?? expected.phrase
            report(Diagnostic(.typeMismatch, "expected \(needed), found \(typed.type.phrase)", at: expr.span,
                              label: "this is \(typed.type.phrase)", help: conversionHelp(from: typed.type, to: expected, expr, in: scope.kind)))
            return Typed(value: .invalid, type: .error)
        }
        return typed
    }

    /// Checks an item set.
    mutating func checkItems(_ expr: Expr, _ scope: Scope) -> ItemSet {
        let typed = check(expr, scope, as: .items)
        return typed.itemSet ?? .all
    }

    /// Checks a condition.
    mutating func checkCondition(_ expr: Expr, _ scope: Scope) -> Value {
        check(expr, scope, as: .bool).value
    }

    func conversionHelp(from: ValueType, to: ValueType, _ expr: Expr, in scope: ScopeKind = .receipt) -> String? {
        switch (from, to, expr.kind) {
        case (.count, .money, .integer(let i)): "write money with its decimals: `\(i).00`"
        case (.count, .percent, .integer(let i)): "write a percent with `%`: `\(i)%`"
        case (.count, .duration, .integer(let i)): "write the unit after the number: `\(i) days`"
        case (.count, .time, .integer(let i)) where (0...24).contains(i): "write a time with its minutes: `\(i < 10 ? "0" : "")\(i):00`"
        case (.money, .percent, .decimal(let d)): "write a percent with `%`: `\(d.descriptionTrimmed)%`"
        case (.percent, .money, _): "a percent is not an amount; compare with money, like `1000.00`"
        case (.items, .bool, _) where scope == .customer:
            "an item set is not a condition on the customer; for those who bought it write `customer.bought(\(sourceText(expr)), last 90 days)`"
        case (.items, .bool, _): "an item set is not a condition; compare an amount, like `spend(\(sourceText(expr))) >= 500.00`"
        case (.segment, .items, _), (.bool, .items, _): "a condition is not an item set"
        default: nil
        }
    }

    func sourceText(_ expr: Expr) -> String {
        sources[expr.span.file].text(of: expr.span)
    }

    // MARK: - Expressions

    mutating func check(_ expr: Expr, _ scope: Scope, expecting: ValueType? = nil) -> Typed {
        switch expr.kind {
        case .integer(let i):
            return integerLiteral(i, expr, expecting: expecting)
        case .decimal(let d):
            return decimalLiteral(d, expr, expecting: expecting)
        case .percent(let d):
            return percentLiteral(d, expr)
        case .measure(let d, let unit):
            return measureLiteral(d, unit: unit, expr)
        case .string(let s):
            return Typed(value: .constant(.string(unescape(s))), type: .string)
        case .date(let d):
            return Typed(value: .constant(.date(d)), type: .date)
        case .time(let t):
            return Typed(value: .constant(.time(t)), type: .time)
        case .dateTime(let d, let t):
            return Typed(value: .constant(.dateTime(d, t)), type: .dateTime)
        case .bool(let b):
            return Typed(value: .constant(.bool(b)), type: .bool)
        case .name(let name):
            return resolveName(name, expr, scope, expecting: expecting)
        case .member(let base, let field):
            return resolveMember(base, field, expr, scope)
        case .call(let callee, let arguments):
            return resolveCall(callee, arguments, expr, scope)
        case .unary(.not, let operand):
            let typed = check(operand, scope)
            if typed.type == .items {
                report(Diagnostic(.invalidOperands, "`not` does not apply to an item set", at: expr.span,
                                  label: "an item set", help: "to leave lines out, write `all except \(sourceText(operand))`"))
                return .invalid
            }
            guard typed.type.fits(.bool) else { return mismatch(operand, typed, expected: .bool) }
            return Typed(value: .not(typed.value), type: typed.type == .segment ? .segment : .bool)
        case .unary(.negate, let operand):
            return negate(operand, expr, scope, expecting: expecting)
        case .binary(let op, let left, let right):
            return binary(op, left, right, expr, scope, expecting: expecting)
        case .within(let left, let right):
            return within(left, right, expr, scope)
        case .itemAtom(let kind, let arguments):
            return itemAtom(kind, arguments, expr)
        case .window(let kind):
            return window(kind, expr, scope)
        case .counter(let name):
            guard scope.kind == .receipt else {
                return notHere("`counter \(name.text)`", expr, scope, help: "counters can be read in a promo's `when`")
            }
            if countersRead[name.text] == nil { countersRead[name.text] = name.span }
            return Typed(value: .counter(name.text), type: .quantity)
        case .list(let elements):
            // A list in parentheses is a union when it holds item sets.
            var sets: [ItemSet] = []
            for element in elements {
                let typed = check(element, scope, expecting: .items)
                guard typed.type == .items || typed.type == .error else {
                    report(Diagnostic(.typeMismatch, "a list in parentheses can only follow `in` or hold item sets",
                                      at: expr.span, label: "a list of \(typed.type.phrase)",
                                      help: "to test membership write `VALUE in (\(sourceText(element)), …)`"))
                    return .invalid
                }
                if let set = typed.itemSet { sets.append(set) }
            }
            return Typed(value: .items(.union(sets)), type: .items)
        case .error:
            return .invalid
        }
    }

    mutating func mismatch(_ expr: Expr, _ typed: Typed, expected: ValueType) -> Typed {
        if typed.type != .error {
            report(Diagnostic(.typeMismatch, "expected \(expected.phrase), found \(typed.type.phrase)", at: expr.span,
                              label: "this is \(typed.type.phrase)", help: conversionHelp(from: typed.type, to: expected, expr)))
        }
        return .invalid
    }

    mutating func notHere(_ what: String, _ expr: Expr, _ scope: Scope, help: String? = nil) -> Typed {
        report(Diagnostic(.wrongKindOfName, "\(what) cannot be used in \(scope.place)", at: expr.span,
                          label: "not available here", help: help ?? scopeHelp(scope)))
        return .invalid
    }

    func scopeHelp(_ scope: Scope) -> String {
        switch scope.kind {
        case .customer: "\(scope.place) describes the customer; put conditions on the receipt in the promo's `when`"
        case .store: "`stores` can use the store's `id`, `format`, `region`, `city` and `group`"
        case .rule: "a restriction's bound can use `line.price`, `line.min_price`, `total` and fixed amounts"
        case .constant: "write a fixed value here"
        case .receipt: "a condition can use the receipt (`total`, `spend(…)`, `qty(…)`), the customer and counters"
        }
    }

    // MARK: - Literals

    mutating func integerLiteral(_ i: Int64, _ expr: Expr, expecting: ValueType?) -> Typed {
        switch expecting {
        case .money?:
            if i == 0 { return Typed(value: .constant(.money(.zero)), type: .money) }
            report(Diagnostic(.countUsedAsMoney, "a whole number where money is needed", at: expr.span,
                              label: "this is a whole number", help: "write money with its decimals: `\(i).\(String(repeating: "0", count: max(1, moneyDecimals)))`"))
            return .invalid
        case .quantity?:
            let (milli, overflow) = i.multipliedReportingOverflow(by: 1000)
            if overflow { return tooLarge(expr) }
            return Typed(value: .constant(.quantity(Quantity(milli: milli))), type: .quantity)
        default:
            return Typed(value: .constant(.count(i)), type: .count)
        }
    }

    var moneyDecimals: Int { currency?.decimals ?? 2 }

    mutating func tooLarge(_ expr: Expr) -> Typed {
        report(Diagnostic(.malformedNumber, "`\(sourceText(expr))` is too large", at: expr.span, label: "out of range"))
        return .invalid
    }

    mutating func decimalLiteral(_ d: DecimalLiteral, _ expr: Expr, expecting: ValueType?) -> Typed {
        switch expecting {
        case .quantity?:
            guard d.significantScale <= Quantity.maxDecimals else {
                report(Diagnostic(.tooManyDecimals, "a quantity has at most 3 decimals", at: expr.span,
                                  label: "\(d.scale) decimals", help: "quantities are counted to the gram or millilitre: `0.350`"))
                return .invalid
            }
            guard let milli = d.scaled(to: 3) else { return tooLarge(expr) }
            return Typed(value: .constant(.quantity(Quantity(milli: milli))), type: .quantity)
        case .count?:
            report(Diagnostic(.typeMismatch, "expected a whole number, found `\(d)`", at: expr.span,
                              label: "a decimal number"))
            return .invalid
        default:
            return money(d, expr)
        }
    }

    /// A decimal literal as money of the program's currency.
    mutating func money(_ d: DecimalLiteral, _ expr: Expr) -> Typed {
        if currency == nil && !reportedMissingCurrency && !checkingTemplate {
            reportedMissingCurrency = true
            report(Diagnostic(.missingCurrency, "money is used but no currency is declared", at: expr.span,
                              label: "money in which currency?", help: "declare the currency at the top of a file: `currency RUB`"))
        }
        let decimals = moneyDecimals
        guard d.significantScale <= decimals else {
            let code = currency?.code ?? "the currency"
            let down = DecimalLiteral(unscaled: d.unscaled / Int64(pow10(d.scale - decimals)), scale: decimals)
            let up = DecimalLiteral(unscaled: down.unscaled + (d.unscaled < 0 ? -1 : 1), scale: decimals)
            report(Diagnostic(.tooManyDecimals, "\(code) has \(decimals) decimals, `\(d)` has \(d.significantScale)",
                              at: expr.span, label: "too many decimals",
                              help: "amounts are exact to the \(decimals == 0 ? "unit" : "minor unit"); round it: `\(down)` or `\(up)`"))
            return .invalid
        }
        guard let minor = d.scaled(to: decimals) else { return tooLarge(expr) }
        return Typed(value: .constant(.money(Money(minor: minor))), type: .money)
    }

    mutating func percentLiteral(_ d: DecimalLiteral, _ expr: Expr) -> Typed {
        guard d.significantScale <= Percent.maxDecimals else {
            report(Diagnostic(.tooManyDecimals, "a percent has at most \(Percent.maxDecimals) decimals", at: expr.span,
                              label: "\(d.significantScale) decimals"))
            return .invalid
        }
        // `20%` is 20/100 of the whole, 200_000 millionths: the percent to four decimals.
        guard let millionths = d.scaled(to: Percent.maxDecimals) else { return tooLarge(expr) }
        return Typed(value: .constant(.percent(Percent(millionths: millionths))), type: .percent)
    }

    mutating func measureLiteral(_ d: DecimalLiteral, unit: Identifier, _ expr: Expr) -> Typed {
        guard let measure = MeasureUnit(rawValue: unit.text) else { return .invalid }
        if measure.isDuration {
            guard d.scale == 0 else {
                report(Diagnostic(.typeMismatch, "a duration is a whole number of \(unit.text)", at: expr.span,
                                  label: "a fraction", help: "write it in a smaller unit, like `36 hours`"))
                return .invalid
            }
            let durationUnit: DurationUnit
            switch measure {
            case .minute, .minutes: durationUnit = .minutes
            case .hour, .hours: durationUnit = .hours
            case .day, .days: durationUnit = .days
            case .week, .weeks: durationUnit = .weeks
            case .month, .months: durationUnit = .months
            default: durationUnit = .years
            }
            return Typed(value: .constant(.duration(Duration(amount: d.unscaled, unit: durationUnit))), type: .duration)
        }
        // Grams and millilitres are thousandths of a kilogram and a litre.
        let digits = measure == .g || measure == .ml ? 0 : 3
        guard let milli = d.scaled(to: digits) else {
            report(Diagnostic(.tooManyDecimals, "a quantity is exact to the gram or millilitre", at: expr.span,
                              label: "too many decimals"))
            return .invalid
        }
        return Typed(value: .constant(.quantity(Quantity(milli: milli))), type: .quantity)
    }

    /// Escapes kept by the lexer for messages (`\{`, `\}`) become plain braces elsewhere.
    func unescape(_ s: String) -> String {
        s.contains("\\") ? s.replacingOccurrences(of: "\\{", with: "{").replacingOccurrences(of: "\\}", with: "}") : s
    }

    mutating func negate(_ operand: Expr, _ expr: Expr, _ scope: Scope, expecting: ValueType?) -> Typed {
        let typed = check(operand, scope, expecting: expecting)
        switch typed.value {
        case .constant(.count(let i)): return Typed(value: .constant(.count(-i)), type: .count)
        case .constant(.money(let m)): return Typed(value: .constant(.money(Money(minor: -m.minor))), type: .money)
        case .constant(.quantity(let q)): return Typed(value: .constant(.quantity(Quantity(milli: -q.milli))), type: .quantity)
        case .constant(.percent(let p)): return Typed(value: .constant(.percent(Percent(millionths: -p.millionths))), type: .percent)
        case .invalid: return .invalid
        case .parameter: return typed
        default:
            report(Diagnostic(.invalidOperands, "`-` applies to numbers only", at: expr.span,
                              label: "\(typed.type.phrase) cannot be negated"))
            return .invalid
        }
    }
}

extension Checker {
    static let builtinFunctions = ["spend", "qty", "count"]
    static let storeFields = StoreField.allCases.map(\.rawValue)
}
