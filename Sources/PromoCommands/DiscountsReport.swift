import PromoSemantics

/// `promo check --discounts`: the largest discount the set can give a line of each scope, with
/// the promos behind it.
enum DiscountsReport {
    static func render(_ program: Program, options: AnalysisOptions) -> String {
        let cases = Analysis.worstCases(program, options: options)
        var out = "worst-case discount of a line, the largest first (percents; amounts off and fixed prices depend on the price):\n"
        if cases.isEmpty { return out + "\n  no promo takes a percent off a line\n" }
        let width = cases.map(\.figure.count).max() ?? 0
        for c in cases {
            out += "\n  " + c.figure + String(repeating: " ", count: width - c.figure.count) + "  on " + c.lines
            if let clamp = c.clamp { out += " (\(clamp))" }
            out += "\n" + String(repeating: " ", count: width + 4)
            out += c.promos.map { "`\($0.name)` \($0.share)" }.joined(separator: ", then ") + "\n"
        }
        return out
    }
}
