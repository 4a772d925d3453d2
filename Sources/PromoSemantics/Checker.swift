import PromoDiagnostics
import PromoSyntax

/// Resolves names, checks types and clauses, and builds the ``Program``.
///
/// Like cel-go's checker it keeps going after an error: a wrong expression gets the `error`
/// type, which fits everywhere, so one mistake gives one diagnostic.
struct Checker {
    let sources: SourceMap
    let files: [SourceFileSyntax]
    let catalog: Catalog?
    var diagnostics: [Diagnostic] = []

    var symbols: [String: Symbol] = [:]
    var figures: [String: Symbol] = [:]
    var currency: Currency?
    var currencySpan: Span?
    var reportedMissingCurrency = false

    // Named item sets and segments, resolved once; `resolving` catches cycles.
    var itemSetCache: [String: ItemSet] = [:]
    var segmentCache: [String: Value] = [:]
    var resolving: [String] = []

    /// Template expansions under way, innermost last.
    var expansions: [Expansion] = []
    /// The template being checked on its own, with its parameters abstract.
    var templateUnderCheck: String?
    /// What template parameters stand for where the checker is now.
    var bindings: [String: Binding] = [:]
    /// Diagnostics reported while checking templates on their own, so an expansion does not
    /// report the same problem again at every use.
    var templateDiagnostics: Set<String> = []

    /// Counters the program reads and changes.
    var countersRead: [String: Span] = [:]
    var countersWritten: Set<String> = []

    init(sources: SourceMap, files: [SourceFileSyntax], catalog: Catalog?) {
        self.sources = sources
        self.files = files
        self.catalog = catalog
    }

    mutating func run() -> Program {
        collectSymbols()
        checkFigures()
        checkTemplates()

        var promos: [Promo] = []
        var tiers: [TierProgram] = []
        var restrictions: [Restriction] = []
        var tests: [TestCase] = []
        var itemSets: [String: ItemSet] = [:]
        var segments: [String: Value] = [:]

        for symbol in namedDeclarationsInDependencyOrder() {
            switch symbol.kind {
            case .items(let named): itemSets[named.name.text] = resolveItemsDeclaration(named)
            case .segment(let named): segments[named.name.text] = resolveSegmentDeclaration(named)
            default: break
            }
        }
        for file in files {
            let isLibrary = file.libraryName != nil
            for declaration in file.declarations {
                switch declaration.kind {
                case .promo(let syntax):
                    // A second promo of the same name is checked, but only the first takes part in the
                    // analyses, which would otherwise compare the two copies with each other.
                    if let promo = checkPromo(syntax), symbols[syntax.name.text]?.name.span == syntax.name.span {
                        promos.append(promo)
                    }
                case .tiers(let syntax):
                    if let program = checkTiers(syntax) { tiers.append(program) }
                case .restriction(let syntax):
                    if let restriction = checkRestriction(syntax) { restrictions.append(restriction) }
                case .test(let syntax):
                    if !isLibrary, let test = checkTest(syntax) { tests.append(test) }
                case .currency, .library, .template, .figure, .items, .segment:
                    break
                }
            }
        }
        promos.sort { ($0.priority, $0.name) < ($1.priority, $1.name) }
        checkCounters()
        let program = Program(sources: sources, currency: currency, promos: promos, tiers: tiers,
                              restrictions: restrictions, tests: tests, facts: FactCollector.facts(promos, tiers, restrictions),
                              counters: Array(Set(countersRead.keys).union(countersWritten)).sorted(),
                              itemSets: itemSets, segments: segments)
        return program
    }

    // MARK: - Reporting

    /// Reports a diagnostic; inside a template expansion it is moved to the use site.
    mutating func report(_ diagnostic: Diagnostic) {
        guard let outermost = expansions.first,
              let inner = expansions.last(where: { $0.contains(diagnostic.span) }) else {
            if checkingTemplate { templateDiagnostics.insert(key(diagnostic)) }
            diagnostics.append(diagnostic)
            return
        }
        // Problems that do not depend on the arguments were reported at the template itself.
        if templateDiagnostics.contains(key(diagnostic)) { return }
        var moved = diagnostic
        moved.labels[0] = Label(span: outermost.useSite, message: diagnostic.labels[0].message, isPrimary: true)
        moved.labels.append(Label(span: diagnostic.span, message: "in this part of template `\(inner.name)`", isPrimary: false))
        diagnostics.append(moved)
    }

    private func key(_ d: Diagnostic) -> String {
        "\(d.code.rawValue)|\(d.span)|\(d.message)"
    }

    var checkingTemplate: Bool { templateUnderCheck != nil }
}

/// A template being expanded at a use site.
struct Expansion {
    var name: String
    /// The template's declaration: diagnostics inside it are moved to the use site.
    var declaration: Span
    /// The `use` clause or the call.
    var useSite: Span

    func contains(_ span: Span) -> Bool {
        span.file == declaration.file && span.start >= declaration.start && span.end <= declaration.end
    }
}
