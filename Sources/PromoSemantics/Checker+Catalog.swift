import PromoDiagnostics
import PromoSyntax

extension Checker {
    enum CatalogKind { case category, sku, brand }

    /// Reports a category, SKU or brand that the catalog does not list.
    mutating func checkCatalog(_ kind: CatalogKind, _ value: String, _ expr: Expr) {
        guard let catalog, !checkingTemplate else { return }
        switch kind {
        case .category:
            guard !catalog.categories.contains(value) else { return }
            report(Diagnostic(.unknownCatalogEntry, "unknown category \(quoted(value))", at: expr.span,
                              label: "not in the catalog",
                              help: Suggestions.didYouMean(value, among: catalog.categories, quote: "\"")))
        case .brand:
            guard !catalog.brands.contains(value) else { return }
            report(Diagnostic(.unknownCatalogEntry, "unknown brand \(quoted(value))", at: expr.span, label: "not in the catalog",
                              help: Suggestions.didYouMean(value, among: catalog.brands, quote: "\"")))
        case .sku:
            guard let sku = Int64(value), !catalog.skus.contains(sku) else { return }
            report(Diagnostic(.unknownCatalogEntry, "unknown SKU \(value)", at: expr.span, label: "not in the catalog",
                              help: Suggestions.didYouMean(value, among: catalog.skus.map(String.init))))
        }
    }
}
