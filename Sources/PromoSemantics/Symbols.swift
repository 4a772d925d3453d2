import PromoDiagnostics
import PromoSyntax

/// A declaration visible by name.
struct Symbol {
    enum Kind {
        case items(NamedExpr)
        case segment(NamedExpr)
        case promo(PromoSyntax)
        case tiers(TiersSyntax)
        case restriction(RestrictionSyntax)
        case template(TemplateSyntax)
        case figure(FigureSyntax)
    }

    var name: Identifier
    var kind: Kind
    /// Declared in a library file (`library std`): a user declaration of the same name hides it.
    var isLibrary: Bool

    /// "an item set", "a promo", …
    var phrase: String {
        switch kind {
        case .items: "an item set"
        case .segment: "a segment"
        case .promo: "a promo"
        case .tiers: "a tier program"
        case .restriction: "a restriction"
        case .template(let t): "a \(t.kind.rawValue) template"
        case .figure: "a customer figure"
        }
    }

    var isFigure: Bool {
        if case .figure = kind { return true }
        return false
    }
}

extension Checker {
    /// Collects every declaration into the symbol table, reporting duplicates. Customer figures
    /// live apart (they are read as `customer.NAME`).
    mutating func collectSymbols() {
        var firstTestNames: [String: Span] = [:]
        for file in files {
            let isLibrary = file.libraryName != nil
            for declaration in file.declarations {
                switch declaration.kind {
                case .currency(let code):
                    declareCurrency(code)
                case .library:
                    break
                case .items(let named):
                    declare(Symbol(name: named.name, kind: .items(named), isLibrary: isLibrary))
                case .segment(let named):
                    declare(Symbol(name: named.name, kind: .segment(named), isLibrary: isLibrary))
                case .promo(let promo):
                    declare(Symbol(name: promo.name, kind: .promo(promo), isLibrary: isLibrary))
                case .tiers(let tiers):
                    declare(Symbol(name: tiers.name, kind: .tiers(tiers), isLibrary: isLibrary))
                case .restriction(let restriction):
                    declare(Symbol(name: restriction.name, kind: .restriction(restriction), isLibrary: isLibrary))
                case .template(let template):
                    declare(Symbol(name: template.name, kind: .template(template), isLibrary: isLibrary))
                case .figure(let figure):
                    declareFigure(Symbol(name: figure.name, kind: .figure(figure), isLibrary: isLibrary))
                case .test(let test):
                    let key = "\(test.name.span.file.raw):\(test.name.text)"
                    if let first = firstTestNames[key] {
                        report(Diagnostic(.duplicateDeclaration, "a test named \(quoted(test.name.text)) is already in this file",
                                          at: test.name.span, label: "second test with this name")
                            .with(first, "first declared here")
                            .help("give each test of a file its own name"))
                    } else {
                        firstTestNames[key] = test.name.span
                    }
                }
            }
        }
    }

    private mutating func declare(_ symbol: Symbol) {
        let name = symbol.name.text
        if let existing = symbols[name] {
            if existing.isLibrary && !symbol.isLibrary {
                symbols[name] = symbol // a user declaration hides the library's
                return
            }
            if symbol.isLibrary && !existing.isLibrary { return }
            report(Diagnostic(.duplicateDeclaration, "`\(name)` is declared twice", at: symbol.name.span,
                              label: "\(symbol.phrase) named `\(name)` again")
                .with(existing.name.span, "first declared here as \(existing.phrase)")
                .help("rename one of them; every item set, segment, promo, tier program, restriction and template needs its own name"))
            return
        }
        symbols[name] = symbol
    }

    private mutating func declareFigure(_ symbol: Symbol) {
        let name = symbol.name.text
        if let existing = figures[name] {
            if existing.isLibrary && !symbol.isLibrary {
                figures[name] = symbol
                return
            }
            if symbol.isLibrary && !existing.isLibrary { return }
            report(Diagnostic(.duplicateDeclaration, "customer figure `\(name)` is declared twice", at: symbol.name.span,
                              label: "declared again")
                .with(existing.name.span, "first declared here"))
            return
        }
        figures[name] = symbol
    }

    private mutating func declareCurrency(_ code: Identifier) {
        guard let decimals = Currency.known[code.text.uppercased()], code.text == code.text.uppercased() else {
            let known = Currency.known.keys.sorted()
            let upper = code.text.uppercased()
            let help = if Currency.known[upper] != nil {
                "currency codes are upper case: `\(upper)`"
            } else if let current = Currency.replaced[upper] {
                "`\(upper)` is a withdrawn code; write `\(current)`"
            } else {
                Suggestions.didYouMean(upper, among: known) ?? "use an ISO 4217 code such as RUB, KZT, BYN, UZS, USD or EUR"
            }
            report(Diagnostic(.unknownCurrency, "unknown currency `\(code.text)`", at: code.span,
                              label: "not an ISO 4217 currency code", help: help))
            // The money literals are in the currency meant here; saying none is declared would repeat this error.
            reportedMissingCurrency = true
            return
        }
        let currency = Currency(code: code.text, decimals: decimals)
        if let existing = self.currency, let span = currencySpan {
            if existing != currency {
                report(Diagnostic(.currencyConflict, "files declare different currencies: \(existing.code) and \(currency.code)",
                                  at: code.span, label: "\(currency.code) here")
                    .with(span, "\(existing.code) here")
                    .note("one bundle prices every receipt in one currency")
                    .help("build promos for each currency separately"))
            }
            return
        }
        self.currency = currency
        currencySpan = code.span
    }

    /// Names of the symbols matching `filter`, for suggestions.
    func names(where filter: (Symbol) -> Bool) -> [String] {
        symbols.values.filter(filter).map(\.name.text)
    }
}
