import PromoDiagnostics
import PromoSemantics

/// `promo check --order`: the order the VM runs the promos in, and why each sits where it is.
enum OrderReport {
    /// The report for a checked program: one entry per promo or tier program, each with its
    /// priority, name, title and place, and the reasons under it.
    static func render(_ program: Program, sources: SourceMap, catalog: Catalog?) -> String {
        let entries = ApplicationOrder.entries(program, catalog: catalog)
        let promos = entries.count { $0.kind == .promo }, tiers = entries.count - promos
        var out = "application order: \(counted(promos, "promo"))"
        if tiers > 0 { out += ", \(counted(tiers, "tier program"))" }
        out += "; the lowest priority number runs first\n"
        let width = String(entries.count).count
        for (k, entry) in entries.enumerated() {
            let location = sources.location(of: entry.span)
            let number = String(k + 1)
            let priority = entry.priority.map { "priority \($0)" } ?? "no priority"
            out += "\n" + String(repeating: " ", count: width - number.count) + number + ". "
            out += "\(entry.kind == .tiers ? "tiers " : "")\(entry.name)  (\(priority))"
            if let title = entry.title { out += "  \"\(title)\"" }
            out += "  \(location.file.path):\(location.start.line)\n"
            for reason in entry.reasons {
                out += String(repeating: " ", count: width + 2) + "- " + reason + "\n"
            }
        }
        return out
    }
}
