import PromoVM

/// The dry-run report as one self-contained HTML page: inline CSS, charts as inline SVG, no
/// script, nothing fetched. Every text from the report is escaped, and the same report gives
/// byte-identical HTML.
///
/// The page holds, by element id: `figures` (the header figures), `promos` (a row per promo,
/// class `promo-row`, and the total), `baseline-difference` (with a baseline: a row per promo
/// of either set, class `difference-row`), `chart-discount-by-day` (an SVG, a bar of class
/// `bar` per day with figures), `chart-top-promos` (an SVG, a bar of class `bar` per promo of
/// the ten with the largest discount) and `stores` (a row per store, class `store-row`). Each
/// table and chart states its count of rows or bars in `data-rows` or `data-bars`, which
/// `Tests/Scripts/check-report-html.sh` checks against the rendered page.
extension DryRunReport {
    /// How many promos the chart of the costliest promos shows.
    public static let topPromosCharted = 10

    public func html() -> String {
        var out = HTMLWriter()
        let title = "Dry run of " + (database.isEmpty ? "(no database)" : database)
        out.raw("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        out.raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        out.raw("<title>"); out.text(title); out.raw("</title>\n<style>\n\(HTMLWriter.style)</style>\n</head>\n<body>\n")
        out.raw("<h1>"); out.text(title); out.raw("</h1>\n")
        out.raw("<p class=\"period\">"); out.text(periodText + (askedPeriodText.map { " (\($0))" } ?? ""))
        if let shardText { out.raw(" · "); out.text(shardText) }
        out.raw("</p>\n")
        headerFigures(&out)
        // The charts first, where the page opens; the long tables after them.
        out.raw("<h2>Discount by day</h2>\n")
        discountByDayChart(&out)
        out.raw("<h2>Top promos by discount</h2>\n")
        topPromosChart(&out)
        promoTable(&out)
        if baseline != nil { differenceTable(&out) }
        storeTable(&out)
        out.raw("<p class=\"hashes\">bundle "); out.text(bundleHash.isEmpty ? "-" : bundleHash)
        if let baselineHash { out.raw(" · baseline "); out.text(baselineHash.isEmpty ? "-" : baselineHash) }
        out.raw("</p>\n</body>\n</html>\n")
        return out.html
    }

    // MARK: Figures and tables

    func htmlMoney(_ v: Int64) -> String { ReportFormat.grouped(ReportFormat.money(v, decimals: decimals), separator: HTMLWriter.groupSeparator) }
    func htmlCount(_ v: Int64) -> String { ReportFormat.grouped(String(v), separator: HTMLWriter.groupSeparator) }

    private func headerFigures(_ out: inout HTMLWriter) {
        let unit = currency.isEmpty ? "" : " " + currency
        var figures: [(String, String)] = [
            ("receipts replayed", htmlCount(scan.receipts)),
            ("of identified customers", htmlCount(scan.identifiedReceipts)),
            ("customers", htmlCount(scan.customers)),
            ("receipts with a promo", htmlCount(promoSet.all.receipts)),
            ("original total", htmlMoney(scan.originalTotal) + unit),
            ("final total", htmlMoney(scan.finalTotal) + unit),
            ("discount", htmlMoney(promoSet.all.discount) + unit),
            ("bonus accrued", htmlMoney(promoSet.all.bonus) + unit),
        ]
        if let baseline {
            let d = promoSet.all.discount - baseline.all.discount
            figures.append(("discount against the baseline",
                            ReportFormat.signed(htmlMoney(d), of: d, minus: HTMLWriter.minus) + unit))
        }
        out.raw("<div id=\"figures\" class=\"figures\">\n")
        for (label, value) in figures {
            out.raw("<div class=\"figure\"><div class=\"label\">"); out.text(label)
            out.raw("</div><div class=\"value\">"); out.text(value); out.raw("</div></div>\n")
        }
        out.raw("</div>\n")
    }

    private func figureCells(_ out: inout HTMLWriter, _ f: PromoFigures, _ columns: [FigureColumn], signed: Bool = false) {
        for c in columns {
            let v = c.value(f)
            out.raw(v < 0 ? "<td class=\"num neg\">" : "<td class=\"num\">")
            out.text(c.display(f, decimals: decimals, separator: HTMLWriter.groupSeparator, signed: signed, minus: HTMLWriter.minus))
            out.raw("</td>")
        }
    }

    private func tableHead(_ out: inout HTMLWriter, _ first: String, _ columns: [String]) {
        out.raw("<thead><tr><th>"); out.text(first); out.raw("</th>")
        for c in columns { out.raw("<th class=\"num\">"); out.text(c); out.raw("</th>") }
        out.raw("</tr></thead>\n")
    }

    private func promoTable(_ out: inout HTMLWriter) {
        let columns = displayedColumns
        let promos = promoSet.orderedPromos
        out.raw("<h2>Promos</h2>\n<table id=\"promos\" data-rows=\"\(promos.count)\">\n")
        tableHead(&out, "promo", columns.map(\.title))
        out.raw("<tbody>\n")
        for p in promos {
            out.raw("<tr class=\"promo-row\"><td class=\"name\">"); out.text(p); out.raw("</td>")
            figureCells(&out, promoSet.figures(p), columns)
            out.raw("</tr>\n")
        }
        out.raw("</tbody>\n<tfoot><tr class=\"total-row\"><td class=\"name\">all promos</td>")
        figureCells(&out, promoSet.all, columns)
        out.raw("</tr></tfoot>\n</table>\n")
        out.raw("<p class=\"note\">All promos: a receipt or a customer any promo reached counts once.</p>\n")
    }

    private func differenceTable(_ out: inout HTMLWriter) {
        guard let baseline else { return }
        let columns = displayedColumns
        let promos = unionOfPromos
        let inSet = Set(promoSet.orderedPromos), inBaseline = Set(baseline.orderedPromos)
        out.raw("<h2>Against the baseline</h2>\n<p class=\"note\">This set minus the baseline: + more, − less.</p>\n")
        out.raw("<table id=\"baseline-difference\" data-rows=\"\(promos.count)\">\n")
        tableHead(&out, "promo", columns.map(\.title))
        out.raw("<tbody>\n")
        for p in promos {
            out.raw("<tr class=\"difference-row\"><td class=\"name\">"); out.text(p)
            if !inBaseline.contains(p) { out.raw(" <span class=\"tag\">new</span>") }
            if !inSet.contains(p) { out.raw(" <span class=\"tag\">baseline only</span>") }
            out.raw("</td>")
            figureCells(&out, promoSet.figures(p).minus(baseline.figures(p)), columns, signed: true)
            out.raw("</tr>\n")
        }
        out.raw("</tbody>\n<tfoot><tr class=\"total-row\"><td class=\"name\">all promos</td>")
        figureCells(&out, promoSet.all.minus(baseline.all), columns, signed: true)
        out.raw("</tr></tfoot>\n</table>\n")
    }

    private func storeTable(_ out: inout HTMLWriter) {
        let columns = displayedColumns
        var stores = Set(promoSet.allByStore.keys)
        if let baseline { stores.formUnion(baseline.allByStore.keys) }
        let sorted = stores.sorted()
        out.raw("<h2>By store</h2>\n<table id=\"stores\" data-rows=\"\(sorted.count)\">\n")
        var heads = columns.map(\.title)
        if baseline != nil { heads += ["baseline discount", "discount difference"] }
        tableHead(&out, "store", heads)
        out.raw("<tbody>\n")
        for store in sorted {
            let f = promoSet.allByStore[store] ?? PromoFigures()
            out.raw("<tr class=\"store-row\"><td class=\"name\">\(store)</td>")
            figureCells(&out, f, columns)
            if let baseline {
                let b = baseline.allByStore[store]?.discount ?? 0
                let d = f.discount - b
                out.raw("<td class=\"num\">"); out.text(htmlMoney(b)); out.raw("</td>")
                out.raw(d < 0 ? "<td class=\"num neg\">" : "<td class=\"num\">")
                out.text(ReportFormat.signed(htmlMoney(d), of: d, minus: HTMLWriter.minus)); out.raw("</td>")
            }
            out.raw("</tr>\n")
        }
        out.raw("</tbody>\n</table>\n")
    }
}

/// Builds an HTML page: raw markup, and texts escaped.
struct HTMLWriter {
    var html = ""

    /// Between groups of thousands: a narrow no-break space.
    static let groupSeparator = "\u{202F}"
    /// The sign of a negative difference: a minus sign.
    static let minus = "\u{2212}"

    mutating func raw(_ s: String) { html += s }

    /// `s` with `&`, `<`, `>`, `"` and `'` escaped: safe in element content and in quoted
    /// attribute values.
    mutating func text(_ s: String) { html += HTMLWriter.escape(s) }

    static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for scalar in s.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            // Control characters other than tab and line breaks are not allowed in HTML text.
            case _ where scalar.value < 0x20 && scalar != "\t" && scalar != "\n" && scalar != "\r": out += "\u{FFFD}"
            case _ where scalar.value == 0x7F: out += "\u{FFFD}"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    static let style = """
        body { font-family: -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: #1d2330;
               margin: 24px 32px; background: #ffffff; }
        h1 { font-size: 24px; margin: 0 0 4px 0; }
        h2 { font-size: 18px; margin: 28px 0 8px 0; }
        .period, .note, .hashes { color: #5b6475; margin: 4px 0 12px 0; font-size: 13px; }
        .hashes { margin-top: 28px; font-family: monospace; }
        .figures { display: flex; flex-wrap: wrap; gap: 12px; margin: 16px 0; }
        .figure { border: 1px solid #d7dce5; border-radius: 6px; padding: 8px 14px; min-width: 150px; background: #f6f8fb; }
        .figure .label { font-size: 12px; color: #5b6475; }
        .figure .value { font-size: 20px; font-weight: 600; font-variant-numeric: tabular-nums; }
        table { border-collapse: collapse; font-size: 13px; margin: 8px 0; }
        th, td { padding: 4px 10px; border-bottom: 1px solid #e3e7ee; }
        th { background: #eef1f6; text-align: left; font-weight: 600; }
        .num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
        .name { max-width: 420px; overflow-wrap: anywhere; }
        tbody tr:nth-child(even) { background: #fafbfd; }
        tfoot td { font-weight: 600; border-top: 2px solid #9aa3b2; }
        .neg { color: #b3261e; }
        .tag { font-size: 11px; color: #ffffff; background: #7a8699; border-radius: 3px; padding: 0 4px; }
        svg { display: block; margin: 8px 0; }
        svg text { font-family: inherit; font-size: 11px; fill: #3a4252; }
        svg .bar { fill: #3b6ea5; }
        svg .bar.neg { fill: #b3261e; }
        svg .grid { stroke: #e3e7ee; stroke-width: 1; }
        svg .axis { stroke: #6b7385; stroke-width: 1; }
        svg .baseline-line { fill: none; stroke: #e08a1e; stroke-width: 2; }
        svg .baseline-mark { stroke: #e08a1e; stroke-width: 3; }
        svg .legend-baseline { fill: #e08a1e; }
        svg .empty { font-size: 14px; fill: #5b6475; }

        """
}
