import PromoDiagnostics
import PromoSyntax

extension Checker {
    // MARK: - Item sets and segments

    /// The item set a declaration names, resolved once (a cycle is reported where it closes).
    mutating func resolveItemsDeclaration(_ named: NamedExpr) -> ItemSet {
        let name = named.name.text
        if let cached = itemSetCache[name] { return cached }
        guard enter(named.name) else { return .all }
        let saved = bindings
        bindings = [:]
        let set = checkItems(named.value, Scope(kind: .receipt, place: "an item set"))
        bindings = saved
        resolving.removeLast()
        itemSetCache[name] = set
        return set
    }

    mutating func resolveSegmentDeclaration(_ named: NamedExpr) -> Value {
        let name = named.name.text
        if let cached = segmentCache[name] { return cached }
        guard enter(named.name) else { return .invalid }
        let saved = bindings
        bindings = [:]
        let value = checkCondition(named.value, Scope(kind: .customer, place: "a segment"))
        bindings = saved
        resolving.removeLast()
        segmentCache[name] = value
        return value
    }

    /// The item sets and segments in an order where each comes after those it uses, so resolving
    /// them in turn never recurses deeply however long a chain of definitions is. A cycle is
    /// reported here, and its members resolve to nothing further.
    mutating func namedDeclarationsInDependencyOrder() -> [Symbol] {
        let named = symbols.values.filter { symbol in
            switch symbol.kind {
            case .items, .segment: true
            default: false
            }
        }.sorted { ($0.name.span.file, $0.name.span.start) < ($1.name.span.file, $1.name.span.start) }
        var order: [Symbol] = []
        var done: Set<String> = []
        var onPath: [String: Int] = [:]
        for root in named where !done.contains(root.name.text) {
            // An explicit stack of (name, its dependencies, next to visit).
            var stack: [(name: String, deps: [String], next: Int)] = [(root.name.text, dependencies(of: root), 0)]
            onPath[root.name.text] = 0
            while !stack.isEmpty {
                let top = stack.count - 1
                if stack[top].next < stack[top].deps.count {
                    let dep = stack[top].deps[stack[top].next]
                    stack[top].next += 1
                    if done.contains(dep) { continue }
                    if let start = onPath[dep] {
                        reportCycle(stack[start...].map(\.name) + [dep])
                        continue
                    }
                    guard let symbol = symbols[dep] else { continue }
                    onPath[dep] = stack.count
                    stack.append((dep, dependencies(of: symbol), 0))
                } else {
                    let finished = stack.removeLast().name
                    onPath[finished] = nil
                    done.insert(finished)
                    if let symbol = symbols[finished] { order.append(symbol) }
                }
            }
        }
        return order
    }

    /// The item sets and segments a declaration's value names, directly or through templates.
    func dependencies(of symbol: Symbol) -> [String] {
        var found: [String] = []
        var seenTemplates: Set<String> = []
        func visit(_ expr: Expr, parameters: Set<String>) {
            switch expr.kind {
            case .name(let name):
                guard !parameters.contains(name.text), let target = symbols[name.text] else { return }
                switch target.kind {
                case .items, .segment: found.append(name.text)
                default: break
                }
            case .call(let callee, let arguments):
                arguments.forEach { visit($0, parameters: parameters) }
                if case .name(let name) = callee.kind, let target = symbols[name.text],
                   case .template(let template) = target.kind, let body = template.value,
                   seenTemplates.insert(name.text).inserted {
                    visit(body, parameters: Set(template.parameters.map(\.name.text)))
                } else {
                    visit(callee, parameters: parameters)
                }
            case .member(let base, _): visit(base, parameters: parameters)
            case .unary(_, let e): visit(e, parameters: parameters)
            case .binary(_, let l, let r), .within(let l, let r):
                visit(l, parameters: parameters)
                visit(r, parameters: parameters)
            case .list(let elements), .itemAtom(_, let elements): elements.forEach { visit($0, parameters: parameters) }
            case .window(.last(let e)): visit(e, parameters: parameters)
            default: break
            }
        }
        switch symbol.kind {
        case .items(let named), .segment(let named): visit(named.value, parameters: [])
        default: break
        }
        return found
    }

    /// Reports a cycle of definitions once, and makes its members resolve to nothing further.
    mutating func reportCycle(_ cycle: [String]) {
        guard let first = cycle.first, let symbol = symbols[first] else { return }
        report(Diagnostic(.cyclicDefinition, "`\(first)` is defined in terms of itself", at: symbol.name.span,
                          label: "defined here", notes: ["the chain is " + cycle.map { "`\($0)`" }.joined(separator: " → ")],
                          help: "break the cycle: one of these must be written without the others"))
        for name in cycle {
            guard let member = symbols[name] else { continue }
            switch member.kind {
            case .items: itemSetCache[name] = itemSetCache[name] ?? .all
            case .segment: segmentCache[name] = segmentCache[name] ?? .invalid
            default: break
            }
        }
    }

    /// Marks a declaration as being resolved; false (and a report) when it is already, which
    /// means it refers to itself.
    mutating func enter(_ name: Identifier) -> Bool {
        if let start = resolving.firstIndex(of: name.text) {
            let cycle = resolving[start...] + [name.text]
            let symbol = symbols[name.text]
            report(Diagnostic(.cyclicDefinition, "`\(name.text)` is defined in terms of itself", at: symbol?.name.span ?? name.span,
                              label: "defined here", notes: ["the chain is " + cycle.map { "`\($0)`" }.joined(separator: " → ")],
                              help: "break the cycle: one of these must be written without the others"))
            return false
        }
        resolving.append(name.text)
        return true
    }

    // MARK: - Figures

    /// Customer figures declare their parameters and types with the language's type names.
    mutating func checkFigures() {
        for symbol in figures.values.sorted(by: { $0.name.text < $1.name.text }) {
            guard case .figure(let figure) = symbol.kind else { continue }
            checkTypeName(figure.type, allowed: [.money, .count, .quantity, .bool, .string, .date, .anniversary, .percent])
            for parameter in figure.parameters {
                checkTypeName(parameter.type, allowed: [.window, .items, .string, .count, .money, .duration])
            }
        }
    }

    @discardableResult
    mutating func checkTypeName(_ name: Identifier, allowed: [ValueType]) -> ValueType? {
        guard let type = ValueType.named(name.text), allowed.contains(type) else {
            report(Diagnostic(.unknownName, "unknown type `\(name.text)`", at: name.span, label: "not a type here",
                              help: Suggestions.didYouMean(name.text, among: allowed.map(\.rawValue))
                                ?? "the types are " + allowed.map { "`\($0.rawValue)`" }.joined(separator: ", ")))
            return nil
        }
        return type
    }

    // MARK: - Templates

    static let parameterTypes: [ValueType] = [
        .money, .percent, .count, .quantity, .bool, .string, .date, .time, .dateTime, .duration, .window, .items, .segment,
    ]

    /// Checks every template on its own, with abstract parameters, so a template's own mistakes
    /// are reported once, where it is written, whether or not it is used.
    mutating func checkTemplates() {
        let templates = symbols.values.compactMap { symbol -> TemplateSyntax? in
            if case .template(let t) = symbol.kind { return t }
            return nil
        }.sorted { ($0.name.span.file, $0.name.span.start) < ($1.name.span.file, $1.name.span.start) }
        for template in templates {
            var abstract: [String: Binding] = [:]
            var seen: [String: Span] = [:]
            for parameter in template.parameters {
                if let first = seen[parameter.name.text] {
                    report(Diagnostic(.duplicateDeclaration, "parameter `\(parameter.name.text)` is declared twice",
                                      at: parameter.name.span, label: "again").with(first, "first here"))
                }
                seen[parameter.name.text] = parameter.name.span
                let type = checkTypeName(parameter.type, allowed: Checker.parameterTypes) ?? .error
                abstract[parameter.name.text] = .abstract(type)
            }
            templateUnderCheck = template.name.text
            let saved = bindings
            bindings = abstract
            switch template.kind {
            case .promo:
                var promo = Promo(name: template.name.text, priority: 0, nameSpan: template.name.span)
                var state = ClauseState()
                for clause in template.clauses {
                    checkPromoClause(clause, into: &promo, state: &state)
                }
            case .segment:
                if let value = template.value { _ = checkCondition(value, Scope(kind: .customer, place: "a segment template")) }
            case .items:
                if let value = template.value { _ = checkItems(value, Scope(kind: .receipt, place: "an item set template")) }
            }
            bindings = saved
            templateUnderCheck = nil
        }
    }

    /// Binds a template's arguments to its parameters; nil when they do not fit.
    mutating func bindArguments(_ template: TemplateSyntax, _ arguments: [Expr], at site: Span, _ scope: Scope) -> [String: Binding]? {
        let parameters = template.parameters
        guard arguments.count == parameters.count else {
            let signature = parameters.map { "\($0.name.text): \($0.type.text)" }.joined(separator: ", ")
            report(Diagnostic(.wrongArgumentCount,
                              "template `\(template.name.text)` takes \(parameters.count) argument\(parameters.count == 1 ? "" : "s"), \(arguments.count) given",
                              at: site, label: "wrong number of arguments",
                              help: "write `\(template.name.text)(\(parameters.map(\.name.text).joined(separator: ", ")))`")
                .with(template.name.span, "declared here as `\(template.name.text)(\(signature))`"))
            return nil
        }
        var bound: [String: Binding] = [:]
        var ok = true
        for (parameter, argument) in zip(parameters, arguments) {
            guard let type = ValueType.named(parameter.type.text) else { ok = false; continue }
            let typed = check(argument, scope, as: type == .segment ? .bool : type,
                              what: "\(type.phrase) for `\(parameter.name.text)`")
            if typed.type == .error { ok = false }
            bound[parameter.name.text] = .bound(typed, span: argument.span)
        }
        return ok ? bound : nil
    }

    /// `churned(90)`: a segment or items template used as a value.
    mutating func expandValueTemplate(_ template: TemplateSyntax, _ arguments: [Expr], _ expr: Expr, _ scope: Scope) -> Typed {
        guard let bound = bindArguments(template, arguments, at: expr.span, scope), let body = template.value else {
            return .invalid
        }
        guard !expansions.contains(where: { $0.name == template.name.text }) else {
            report(Diagnostic(.cyclicDefinition, "template `\(template.name.text)` uses itself", at: expr.span,
                              label: "used again inside its own expansion"))
            return .invalid
        }
        guard expansions.count < Checker.maxExpansionDepth else { return expansionTooDeep(template.name.text, expr.span) }
        let saved = bindings
        bindings = bound
        expansions.append(Expansion(name: template.name.text, declaration: templateSpan(template), useSite: expr.span))
        defer {
            expansions.removeLast()
            bindings = saved
        }
        switch template.kind {
        case .segment:
            let value = checkCondition(body, Scope(kind: scope.kind == .receipt ? .receipt : .customer, place: "a segment"))
            return Typed(value: value, type: .segment)
        case .items:
            return Typed(value: .items(checkItems(body, scope)), type: .items)
        case .promo:
            return .invalid
        }
    }

    /// Templates used inside templates nest at most this deep.
    static let maxExpansionDepth = 16

    mutating func expansionTooDeep(_ name: String, _ span: Span) -> Typed {
        report(Diagnostic(.cyclicDefinition, "templates nest more than \(Checker.maxExpansionDepth) deep", at: span,
                          label: "`\(name)` is the \(Checker.maxExpansionDepth + 1)th template inside another",
                          help: "write some of these templates out instead of using one inside the next"))
        return .invalid
    }

    /// The whole declaration of a template, from its name to its last clause or value.
    func templateSpan(_ template: TemplateSyntax) -> Span {
        var span = template.name.span
        if let last = template.clauses.last { span = span.to(last.span) }
        if let value = template.value { span = span.to(value.span) }
        return span
    }
}
