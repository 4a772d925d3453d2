import PromoDiagnostics
import PromoSyntax

extension Checker {
    // MARK: - Names

    mutating func resolveName(_ name: Identifier, _ expr: Expr, _ scope: Scope, expecting: ValueType?) -> Typed {
        let text = name.text
        if let binding = bindings[text] {
            switch binding {
            case .abstract(let type):
                return Typed(value: type == .items ? .items(.all) : .parameter(text), type: type)
            case .bound(let typed, _):
                return typed
            }
        }
        switch text {
        case "total":
            guard scope.kind == .receipt || scope.kind == .rule else {
                return notHere("`total`", expr, scope)
            }
            return Typed(value: .receiptTotal, type: .money)
        case "customer":
            report(Diagnostic(.typeMismatch, "`customer` alone is not a value", at: expr.span,
                              label: "which figure of the customer?",
                              help: "name a figure, like `customer.card` or `customer.purchases(last 90 days)`, or test a segment: `customer in \"VIP\"`"))
            return .invalid
        case "receipt":
            report(Diagnostic(.typeMismatch, "`receipt` is not a value here", at: expr.span,
                              label: "not a value", help: "for the receipt's amount write `total`"))
            return .invalid
        default:
            break
        }
        if scope.kind == .store, let field = StoreField(rawValue: text) {
            return Typed(value: .store(field), type: field == .id ? .count : .string)
        }
        guard let symbol = symbols[text] else {
            return unknownName(name, scope, expecting: expecting)
        }
        switch symbol.kind {
        case .items(let named):
            return Typed(value: .items(resolveItemsDeclaration(named)), type: .items)
        case .segment(let named):
            if scope.kind == .store || scope.kind == .constant || scope.kind == .rule {
                return notHere("segment `\(text)`", expr, scope)
            }
            return Typed(value: resolveSegmentDeclaration(named), type: .segment)
        case .template(let template):
            let signature = template.parameters.map { "\($0.name.text): \($0.type.text)" }.joined(separator: ", ")
            report(Diagnostic(.wrongKindOfName, "template `\(text)` needs its arguments", at: name.span,
                              label: "a \(template.kind.rawValue) template",
                              help: "write `\(text)(\(template.parameters.map(\.name.text).joined(separator: ", ")))`")
                .with(template.name.span, "declared here as `\(text)(\(signature))`"))
            return .invalid
        default:
            let wanted = expecting == .items ? "an item set" : scope.kind == .customer ? "a segment" : "a value"
            report(Diagnostic(.wrongKindOfName, "`\(text)` is \(symbol.phrase), not \(wanted)", at: name.span,
                              label: "\(symbol.phrase)")
                .with(symbol.name.span, "declared here"))
            return .invalid
        }
    }

    mutating func unknownName(_ name: Identifier, _ scope: Scope, expecting: ValueType?) -> Typed {
        let what: String
        var candidates: [String]
        let parameterNames = bindings.keys
        if expecting == .string {
            // Where text is expected, a bare word is text without its quotes.
            report(Diagnostic(.unknownName, "unknown name `\(name.text)`", at: name.span, label: "not declared",
                              help: "text is written in quotes: `\"\(name.text)\"`"))
            return .invalid
        }
        if expecting == .items {
            what = "item set"
            candidates = names { if case .items = $0.kind { true } else { false } } + parameterNames
        } else if scope.kind == .customer {
            what = "segment"
            candidates = names { if case .segment = $0.kind { true } else { false } } + parameterNames
        } else if scope.kind == .store {
            what = "store field"
            candidates = Checker.storeFields
        } else {
            what = "name"
            candidates = names { if case .items = $0.kind { false } else { true } } + parameterNames
            if scope.kind == .receipt || scope.kind == .rule { candidates.append("total") }
        }
        var diagnostic = Diagnostic(.unknownName, "unknown \(what) `\(name.text)`", at: name.span,
                                    label: "not declared")
        if let suggestion = Suggestions.didYouMean(name.text, among: candidates) {
            diagnostic.help = suggestion
        } else if scope.kind == .store {
            diagnostic.help = "`stores` can use `id`, `format`, `region`, `city` and `group`, or a list of store ids"
        } else if let figure = figures[name.text], case .figure = figure.kind {
            diagnostic.help = "customer figures are read through `customer`: `customer.\(name.text)`"
        } else if Weekday(word: name.text) != nil {
            diagnostic.help = "weekdays go in a `weekdays` clause"
        }
        report(diagnostic)
        return .invalid
    }

    // MARK: - Members

    mutating func resolveMember(_ base: Expr, _ field: Identifier, _ expr: Expr, _ scope: Scope) -> Typed {
        guard case .name(let baseName) = base.kind else {
            report(Diagnostic(.unknownField, "`.\(field.text)` cannot follow this expression", at: field.span,
                              label: "no such field"))
            return .invalid
        }
        switch baseName.text {
        case "customer":
            return customerFigure(field, arguments: nil, expr, scope)
        case "line":
            guard scope.kind == .rule else {
                return notHere("`line.\(field.text)`", expr, scope,
                               help: "`line.…` is for restrictions; a promo reads lines through item sets")
            }
            guard let lineField = LineField(rawValue: field.text) else {
                report(Diagnostic(.unknownField, "a line has no field `\(field.text)`", at: field.span,
                                  label: "unknown field",
                                  help: Suggestions.didYouMean(field.text, among: LineField.allCases.map(\.rawValue))
                                    ?? "a line has `price` and `min_price`"))
                return .invalid
            }
            return Typed(value: .line(lineField), type: .money)
        default:
            break
        }
        // `loyalty.gold`: a level of a tier program.
        if let symbol = symbols[baseName.text], case .tiers(let tiers) = symbol.kind {
            guard scope.kind == .customer || scope.kind == .receipt else {
                return notHere("a tier level", expr, scope)
            }
            let levels = tiers.clauses.compactMap { clause -> Identifier? in
                if case .level(let level) = clause.kind { return level.name }
                return nil
            }
            guard levels.contains(where: { $0.text == field.text }) else {
                report(Diagnostic(.unknownField, "tier program `\(baseName.text)` has no level `\(field.text)`",
                                  at: field.span, label: "unknown level",
                                  help: Suggestions.didYouMean(field.text, among: levels.map(\.text))
                                    ?? "its levels are " + levels.map { "`\($0.text)`" }.joined(separator: ", "))
                    .with(tiers.name.span, "declared here"))
                return .invalid
            }
            return Typed(value: .tierLevel(program: baseName.text, level: field.text), type: .segment)
        }
        if symbols[baseName.text] == nil && bindings[baseName.text] == nil {
            var d = Diagnostic(.unknownName, "unknown name `\(baseName.text)`", at: baseName.span, label: "not declared")
            d.help = Suggestions.didYouMean(baseName.text, among: ["customer", "line"] + names { if case .tiers = $0.kind { true } else { false } })
            report(d)
            return .invalid
        }
        report(Diagnostic(.unknownField, "`\(baseName.text)` has no fields", at: field.span, label: "no field `\(field.text)`",
                          help: "fields are read from `customer`, `line` and tier programs"))
        return .invalid
    }

    /// `customer.NAME` or `customer.NAME(arguments)`.
    mutating func customerFigure(_ field: Identifier, arguments: [Expr]?, _ expr: Expr, _ scope: Scope) -> Typed {
        guard scope.kind == .customer || scope.kind == .receipt else {
            return notHere("`customer.\(field.text)`", expr, scope)
        }
        guard let symbol = figures[field.text], case .figure(let figure) = symbol.kind else {
            let known = figures.keys.sorted()
            // `days_since_purchase`: a figure whose name holds every word of the one written.
            let words = field.text.split(separator: "_")
            let holding = known.filter { figure in words.allSatisfy { figure.split(separator: "_").contains($0) } }
            report(Diagnostic(.unknownField, "unknown customer figure `\(field.text)`", at: field.span,
                              label: "not a figure of the customer",
                              help: Suggestions.didYouMean(field.text, among: known)
                                ?? (holding.count == 1 ? "did you mean `\(holding[0])`?" : nil)
                                ?? "the customer figures are listed in stdlib/customer.promo"))
            return .invalid
        }
        guard let type = ValueType.named(figure.type.text) else { return .invalid }
        let parameters = figure.parameters
        let given = arguments ?? []
        if arguments == nil && !parameters.isEmpty {
            report(Diagnostic(.wrongArgumentCount, "`customer.\(field.text)` needs \(parameters.count == 1 ? "an argument" : "\(parameters.count) arguments")",
                              at: expr.span, label: "missing " + parameters.map(\.name.text).joined(separator: ", "),
                              help: "write `customer.\(field.text)(\(parameters.map { exampleArgument($0) }.joined(separator: ", ")))`")
                .with(figure.name.span, "declared here"))
            return .invalid
        }
        guard given.count == parameters.count else {
            report(Diagnostic(.wrongArgumentCount,
                              "`customer.\(field.text)` takes \(parameters.count) argument\(parameters.count == 1 ? "" : "s"), not \(given.count)",
                              at: expr.span, label: "wrong number of arguments",
                              help: parameters.isEmpty ? "write `customer.\(field.text)` without parentheses"
                                : "write `customer.\(field.text)(\(parameters.map { exampleArgument($0) }.joined(separator: ", ")))`")
                .with(figure.name.span, "declared here"))
            return .invalid
        }
        var factArguments: [FactArgument] = []
        for (parameter, argument) in zip(parameters, given) {
            guard let parameterType = ValueType.named(parameter.type.text) else { return .invalid }
            let typed = check(argument, scope, as: parameterType, what: "\(parameterType.phrase) for `\(parameter.name.text)`")
            switch typed.value {
            case .items(let set): factArguments.append(.items(set))
            case .constant(let c): factArguments.append(.constant(c))
            case .invalid: return .invalid
            default:
                if checkingTemplate { return Typed(value: .invalid, type: type) }
                report(Diagnostic(.typeMismatch, "the argument of a customer figure must be fixed", at: argument.span,
                                  label: "computed from the receipt", help: "write a literal, like `last 90 days`"))
                return .invalid
            }
        }
        let fact = Fact(name: field.text, arguments: factArguments, type: type)
        return Typed(value: .fact(fact), type: type)
    }

    func exampleArgument(_ parameter: Parameter) -> String {
        switch ValueType.named(parameter.type.text) {
        case .window?: "last 90 days"
        case .items?: "category \"Pets/Cats\""
        case .string?: "\"…\""
        default: parameter.name.text
        }
    }

    // MARK: - Calls

    mutating func resolveCall(_ callee: Expr, _ arguments: [Expr], _ expr: Expr, _ scope: Scope) -> Typed {
        if case .member(let base, let field) = callee.kind, case .name(let baseName) = base.kind, baseName.text == "customer" {
            return customerFigure(field, arguments: arguments, expr, scope)
        }
        guard case .name(let name) = callee.kind else {
            report(Diagnostic(.typeMismatch, "this cannot be called", at: callee.span, label: "not a function or template"))
            return .invalid
        }
        if Checker.builtinFunctions.contains(name.text) {
            return builtinCall(name, arguments, expr, scope)
        }
        guard let symbol = symbols[name.text] else {
            report(Diagnostic(.unknownName, "unknown function or template `\(name.text)`", at: name.span, label: "not declared",
                              help: Suggestions.didYouMean(name.text, among: Checker.builtinFunctions + names {
                                  if case .template = $0.kind { true } else { false }
                              })))
            return .invalid
        }
        guard case .template(let template) = symbol.kind, template.kind != .promo else {
            let help: String? = if case .template = symbol.kind { "a promo template is used inside a promo: `use \(name.text)(…)`" } else { nil }
            report(Diagnostic(.wrongKindOfName, "`\(name.text)` is \(symbol.phrase) and cannot be called", at: name.span,
                              label: "not callable", help: help)
                .with(symbol.name.span, "declared here"))
            return .invalid
        }
        return expandValueTemplate(template, arguments, expr, scope)
    }

    mutating func builtinCall(_ name: Identifier, _ arguments: [Expr], _ expr: Expr, _ scope: Scope) -> Typed {
        guard scope.kind == .receipt else {
            return notHere("`\(name.text)(…)`", expr, scope)
        }
        guard arguments.count == 1 else {
            report(Diagnostic(.wrongArgumentCount, "`\(name.text)` takes one item set, not \(arguments.count) arguments",
                              at: expr.span, label: "wrong number of arguments",
                              help: arguments.count > 1 ? "to add several item sets, put them in parentheses: `\(name.text)((a, b))` or declare an item set" : "write `\(name.text)(dairy)`"))
            return .invalid
        }
        let set = checkItems(arguments[0], scope)
        switch name.text {
        case "spend": return Typed(value: .spend(set), type: .money)
        case "qty": return Typed(value: .quantity(set), type: .quantity)
        default: return Typed(value: .lineCount(set), type: .count)
        }
    }
}
