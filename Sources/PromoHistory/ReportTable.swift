import PromoVM

/// The dry-run report as text for a terminal.
extension DryRunReport {
    /// How many days the table's last line names.
    static let topDaysShown = 3

    /// The report as a text table: a header (database, period, receipts, customers, totals),
    /// one row per promo in the set's order with the total over all promos, and with a baseline
    /// a second block of differences (this set minus the baseline) per promo of either set and
    /// overall. The days with the largest discount close it; the figures by day and by store
    /// are in the JSON, CSV and HTML forms.
    public func table() -> String {
        let columns = displayedColumns
        var out = "dry run of \(database.isEmpty ? "(no database)" : database)\n"
        var header: [(String, String)] = []
        header.append(("period", periodText + (askedPeriodText.map { " (\($0))" } ?? "")))
        header.append(("receipts", "\(count(scan.receipts)) replayed, \(count(scan.identifiedReceipts)) of identified customers, \(count(scan.lines)) lines"))
        header.append(("customers", count(scan.customers)))
        let change = scan.finalTotal - scan.originalTotal
        header.append(("totals", "original \(money(scan.originalTotal)), final \(money(scan.finalTotal)), "
            + "difference \(ReportFormat.signed(money(change), of: change))" + (currency.isEmpty ? "" : " \(currency)")))
        header.append(("bundle", bundleHash.isEmpty ? "-" : String(bundleHash.prefix(16))))
        if let baselineHash { header.append(("baseline", baselineHash.isEmpty ? "-" : String(baselineHash.prefix(16)))) }
        if let shardText { header.append(("shard", shardText)) }
        let labelWidth = header.map(\.0.count).max() ?? 0
        for (label, value) in header { out += "  " + pad(label + ":", labelWidth + 1) + " " + value + "\n" }

        out += "\npromos (all promos: a receipt or a customer any promo reached counts once):\n\n"
        let rows = promoSet.orderedPromos.map { p in [p] + columns.map { $0.display(promoSet.figures(p), decimals: decimals) } }
        let total = ["all promos"] + columns.map { $0.display(promoSet.all, decimals: decimals) }
        out += TextTable(header: ["promo"] + columns.map(\.title), rows: rows, total: total).render()

        if let baseline {
            out += "\nagainst the baseline (this set minus the baseline; + more, - less):\n\n"
            let inSet = Set(promoSet.orderedPromos), inBaseline = Set(baseline.orderedPromos)
            let rows = unionOfPromos.map { p in
                let name = !inBaseline.contains(p) ? p + " (new)" : !inSet.contains(p) ? p + " (baseline only)" : p
                let d = promoSet.figures(p).minus(baseline.figures(p))
                return [name] + columns.map { $0.display(d, decimals: decimals, signed: true) }
            }
            let d = promoSet.all.minus(baseline.all)
            let total = ["all promos"] + columns.map { $0.display(d, decimals: decimals, signed: true) }
            out += TextTable(header: ["promo"] + columns.map(\.title), rows: rows, total: total).render()
        }

        let top = topDays(DryRunReport.topDaysShown)
        if !top.isEmpty {
            out += "\ndays with the largest discount: "
                + top.map { "\($0.day) \(money($0.discount))" }.joined(separator: ", ") + "\n"
        }
        return out
    }

    /// The days of the largest discount over all promos, largest first (earlier first on a
    /// tie), days without a discount left out.
    func topDays(_ n: Int) -> [(day: LocalDate, discount: Int64)] {
        let days = promoSet.allByDay.filter { $0.value.discount > 0 }.map { (day: $0.key, discount: $0.value.discount) }
        return Array(days.sorted { $0.discount != $1.discount ? $0.discount > $1.discount : $0.day < $1.day }.prefix(n))
    }

    private func money(_ v: Int64) -> String { ReportFormat.grouped(ReportFormat.money(v, decimals: decimals)) }
    private func count(_ v: Int64) -> String { ReportFormat.grouped(String(v)) }
    private func pad(_ s: String, _ width: Int) -> String { s + String(repeating: " ", count: max(0, width - s.count)) }
}

/// Columns aligned for a terminal: the first column (names) to the left, the figures to the
/// right, two spaces between, a rule above the total row.
struct TextTable {
    var header: [String]
    var rows: [[String]]
    var total: [String]?

    func render() -> String {
        let all = [header] + rows + (total.map { [$0] } ?? [])
        var widths = [Int](repeating: 0, count: header.count)
        for row in all { for (c, cell) in row.enumerated() where c < widths.count { widths[c] = max(widths[c], cell.count) } }
        func line(_ row: [String]) -> String {
            var cells: [String] = []
            for (c, cell) in row.enumerated() where c < widths.count {
                let pad = String(repeating: " ", count: widths[c] - cell.count)
                cells.append(c == 0 ? cell + pad : pad + cell)
            }
            var text = "  " + cells.joined(separator: "  ")
            while text.last == " " { text.removeLast() }
            return text + "\n"
        }
        var out = line(header)
        for row in rows { out += line(row) }
        if let total {
            out += line(widths.map { String(repeating: "-", count: $0) })
            out += line(total)
        }
        return out
    }
}
