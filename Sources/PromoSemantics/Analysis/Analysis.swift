import PromoDiagnostics
import PromoSyntax

/// Settings of the analyses of a whole promo set.
public struct AnalysisOptions: Sendable {
    /// The day the set is checked on: promos whose schedule ended before it are reported as stale.
    public var today: DateLiteral?
    /// A policy for CI: a line scope whose worst-case discount can pass this is an error.
    public var maxDiscount: Percent?
    /// The product catalog, when given: SKUs then sit in their categories and brands.
    public var catalog: Catalog?

    public init(today: DateLiteral? = nil, maxDiscount: Percent? = nil, catalog: Catalog? = nil) {
        self.today = today
        self.maxDiscount = maxDiscount
        self.catalog = catalog
    }
}

/// The analyses of a checked promo set that look at promos together: order, shadowing,
/// schedules, the worst-case discount of a line.
public enum Analysis {
    /// Every diagnostic the analyses find, in no particular order.
    public static func run(_ program: Program, options: AnalysisOptions = AnalysisOptions()) -> [Diagnostic] {
        ItemLogic.$catalog.withValue(options.catalog) { analyses(program, options: options) }
    }

    static func analyses(_ program: Program, options: AnalysisOptions) -> [Diagnostic] {
        var analysis = SetAnalysis(program: program)
        analysis.run()
        analysis.diagnostics += ScheduleAnalysis.run(program, today: options.today)
        var worstCase = WorstCaseAnalysis(program: program, options: options)
        worstCase.run()
        analysis.diagnostics += worstCase.diagnostics
        return analysis.diagnostics
    }
}
