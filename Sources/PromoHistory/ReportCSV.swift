import PromoVM

/// The dry-run report as one CSV table (RFC 4180: CRLF line ends, a field with a comma, a quote
/// or a line break in double quotes, quotes doubled).
///
/// Columns: `scope` (`total`, `day`, `store`), `key` (the date, the store id, empty for the
/// total), `set` (`promos`, `baseline`), `promo` (a promo's name, `*` for all promos together),
/// then the figures: money and units as decimal strings, counts as integers. Rows come scope by
/// scope, days and stores sorted, the set before its baseline, the `*` row before the promos,
/// promos in the set's order. The total scope has a row for every promo of the set, those
/// that never applied included; days and stores only the promos that have figures there.
extension DryRunReport {
    public func csv() -> String {
        var out = ""
        func row(_ fields: [String]) {
            out += fields.map(DryRunReport.csvField).joined(separator: ",") + "\r\n"
        }
        func figures(_ f: PromoFigures) -> [String] { FigureColumn.allCases.map { $0.text(f, decimals: decimals) } }

        row(["scope", "key", "set", "promo"] + FigureColumn.allCases.map(\.key))
        let sets: [(String, PromoSetReport)] = [("promos", promoSet)] + (baseline.map { [("baseline", $0)] } ?? [])
        for (name, s) in sets {
            row(["total", "", name, "*"] + figures(s.all))
            for p in s.orderedPromos { row(["total", "", name, p] + figures(s.figures(p))) }
        }
        let days = sets.reduce(into: Set<LocalDate>()) { $0.formUnion($1.1.byDay.keys); $0.formUnion($1.1.allByDay.keys) }.sorted()
        for day in days {
            for (name, s) in sets {
                if let all = s.allByDay[day] { row(["day", day.description, name, "*"] + figures(all)) }
                if let m = s.byDay[day] {
                    for p in s.promosIn(m) { if let f = m[p] { row(["day", day.description, name, p] + figures(f)) } }
                }
            }
        }
        let stores = sets.reduce(into: Set<Int64>()) { $0.formUnion($1.1.byStore.keys); $0.formUnion($1.1.allByStore.keys) }.sorted()
        for store in stores {
            for (name, s) in sets {
                if let all = s.allByStore[store] { row(["store", String(store), name, "*"] + figures(all)) }
                if let m = s.byStore[store] {
                    for p in s.promosIn(m) { if let f = m[p] { row(["store", String(store), name, p] + figures(f)) } }
                }
            }
        }
        return out
    }

    /// A CSV field, quoted when it holds a comma, a quote, a line break, or space at either end.
    static func csvField(_ s: String) -> String {
        let needsQuotes = s.contains { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }
            || s.first == " " || s.last == " "
        guard needsQuotes else { return s }
        var out = "\""
        for ch in s { if ch == "\"" { out += "\"\"" } else { out.append(ch) } }
        return out + "\""
    }
}
