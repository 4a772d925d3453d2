import PromoVM

/// The charts of the HTML page, drawn as inline SVG. Coordinates are whole tenths of a pixel,
/// computed in integers.
extension DryRunReport {
    // MARK: Discount by day

    /// Bars of the discount of all promos per day, on an axis of every day from the first to
    /// the last day with figures (a day without figures has no bar); with a baseline, its
    /// discount per day as a line over the bars.
    func discountByDayChart(_ out: inout HTMLWriter) {
        let width = 1000, height = 330, left = 96, right = 20, top = 24, bottom = 48
        let plotWidth = width - left - right, plotHeight = height - top - bottom
        let days = promoSet.allByDay.keys.sorted()
        let baselineDays = baseline?.allByDay.keys.sorted() ?? []
        out.raw("<svg id=\"chart-discount-by-day\" class=\"chart\" data-bars=\"\(days.count)\" width=\"\(width)\" height=\"\(height)\" "
            + "viewBox=\"0 0 \(width) \(height)\" xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-label=\"discount by day\">\n")
        defer { out.raw("</svg>\n") }
        guard let firstDay = (days + baselineDays).min(), let lastDay = (days + baselineDays).max() else {
            out.raw("<text class=\"empty\" x=\"\(width / 2)\" y=\"\(height / 2)\" text-anchor=\"middle\">no receipts in the period</text>\n")
            return
        }
        let firstNumber = Calendar.dayNumber(firstDay)
        let slots = Calendar.dayNumber(lastDay) - firstNumber + 1
        var values = days.map { promoSet.allByDay[$0]?.discount ?? 0 }
        values += baselineDays.map { baseline?.allByDay[$0]?.discount ?? 0 }
        let axis = ChartAxis(low: values.min() ?? 0, high: values.max() ?? 0)

        // Tenths of a pixel: the left edge of a day's slot, and the height of a value.
        func slotX(_ i: Int) -> Int { left * 10 + ChartAxis.scale(Int64(i), Int64(slots), plotWidth * 10) }
        func valueY(_ v: Int64) -> Int { (top + plotHeight) * 10 - axis.scale(v, plotHeight * 10) }

        // Grid and money labels.
        for tick in axis.ticks {
            let y = valueY(tick)
            out.raw("<line class=\"grid\" x1=\"\(left)\" x2=\"\(width - right)\" y1=\"\(tenths(y))\" y2=\"\(tenths(y))\"/>")
            out.raw("<text x=\"\(left - 6)\" y=\"\(tenths(y + 40))\" text-anchor=\"end\">")
            out.text(htmlMoney(tick)); out.raw("</text>\n")
        }
        // Bars.
        let zeroY = valueY(0)
        for day in days {
            let v = promoSet.allByDay[day]?.discount ?? 0
            let i = Calendar.dayNumber(day) - firstNumber
            let x0 = slotX(i), x1 = slotX(i + 1)
            // Four fifths of the slot, at most 48 pixels, in its middle.
            let barWidth = max(1, min(x1 - x0 - (x1 - x0) / 5, 480))
            let y = valueY(v)
            let (yTop, yBottom) = v >= 0 ? (y, zeroY) : (zeroY, y)
            out.raw("<rect class=\"bar\(v < 0 ? " neg" : "")\" x=\"\(tenths(x0 + (x1 - x0 - barWidth) / 2))\" y=\"\(tenths(yTop))\" "
                + "width=\"\(tenths(barWidth))\" height=\"\(tenths(max(0, yBottom - yTop)))\">")
            out.raw("<title>"); out.text("\(day): discount \(htmlMoney(v))"); out.raw("</title></rect>\n")
        }
        // The baseline as a line through the middles of its days' slots.
        if !baselineDays.isEmpty {
            let points = baselineDays.map { day -> String in
                let i = Calendar.dayNumber(day) - firstNumber
                let x = (slotX(i) + slotX(i + 1)) / 2
                return "\(tenths(x)),\(tenths(valueY(baseline?.allByDay[day]?.discount ?? 0)))"
            }
            out.raw("<polyline class=\"baseline-line\" points=\"\(points.joined(separator: " "))\"/>\n")
            out.raw("<rect class=\"legend-bar\" x=\"\(width - right - 250)\" y=\"4\" width=\"12\" height=\"12\" fill=\"#3b6ea5\"/>")
            out.raw("<text x=\"\(width - right - 234)\" y=\"14\">this set</text>")
            out.raw("<rect class=\"legend-baseline\" x=\"\(width - right - 150)\" y=\"8\" width=\"16\" height=\"4\"/>")
            out.raw("<text x=\"\(width - right - 130)\" y=\"14\">baseline</text>\n")
        }
        // Axes and date labels: at most ten, evenly spaced.
        out.raw("<line class=\"axis\" x1=\"\(left)\" x2=\"\(width - right)\" y1=\"\(tenths(zeroY))\" y2=\"\(tenths(zeroY))\"/>")
        out.raw("<line class=\"axis\" x1=\"\(left)\" x2=\"\(left)\" y1=\"\(top)\" y2=\"\(top + plotHeight)\"/>\n")
        let step = max(1, (slots + 9) / 10)
        var i = 0
        while i < slots {
            let x = (slotX(i) + slotX(i + 1)) / 2
            let label = Calendar.date(dayNumber: firstNumber + i).description
            out.raw("<line class=\"axis\" x1=\"\(tenths(x))\" x2=\"\(tenths(x))\" y1=\"\(top + plotHeight)\" y2=\"\(top + plotHeight + 5)\"/>")
            out.raw("<text x=\"\(tenths(x))\" y=\"\(top + plotHeight + 20)\" text-anchor=\"middle\">\(label)</text>\n")
            i += step
        }
        out.raw("<text x=\"\(left)\" y=\"\(height - 6)\">")
        out.text("discount of all promos per day" + (currency.isEmpty ? "" : ", \(currency)"))
        out.raw("</text>\n")
    }

    // MARK: Top promos

    /// The promos of the largest discount, largest first (the set's order on a tie), those
    /// without a discount left out.
    func topPromosByDiscount(_ n: Int) -> [(promo: String, discount: Int64)] {
        let promos = promoSet.orderedPromos.enumerated().compactMap { k, p -> (Int, String, Int64)? in
            let d = promoSet.figures(p).discount
            return d > 0 ? (k, p, d) : nil
        }
        return promos.sorted { $0.2 != $1.2 ? $0.2 > $1.2 : $0.0 < $1.0 }.prefix(n).map { (promo: $0.1, discount: $0.2) }
    }

    /// Horizontal bars of the promos with the largest discount; with a baseline, a mark at each
    /// one's baseline discount.
    func topPromosChart(_ out: inout HTMLWriter) {
        let top = topPromosByDiscount(DryRunReport.topPromosCharted)
        let width = 1000, labelWidth = 300, barLeft = 310, barMax = 540, rowHeight = 28, head = 8
        let height = max(60, head + top.count * rowHeight + 12)
        out.raw("<svg id=\"chart-top-promos\" class=\"chart\" data-bars=\"\(top.count)\" width=\"\(width)\" height=\"\(height)\" "
            + "viewBox=\"0 0 \(width) \(height)\" xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-label=\"top promos by discount\">\n")
        defer { out.raw("</svg>\n") }
        guard let largest = top.first?.discount else {
            out.raw("<text class=\"empty\" x=\"\(width / 2)\" y=\"\(height / 2)\" text-anchor=\"middle\">no promo gave a discount</text>\n")
            return
        }
        var scaleMax = largest
        if let baseline { for (p, _) in top { scaleMax = max(scaleMax, baseline.figures(p).discount) } }
        for (k, item) in top.enumerated() {
            let y = head + k * rowHeight
            let length = ChartAxis.scale(item.discount, scaleMax, barMax * 10)
            let name = item.promo.count > 44 ? String(item.promo.prefix(43)) + "…" : item.promo
            out.raw("<text x=\"\(labelWidth)\" y=\"\(y + 17)\" text-anchor=\"end\">"); out.text(name); out.raw("</text>")
            out.raw("<rect class=\"bar\" x=\"\(barLeft)\" y=\"\(y + 4)\" width=\"\(tenths(max(1, length)))\" height=\"\(rowHeight - 8)\">")
            out.raw("<title>"); out.text("\(item.promo): discount \(htmlMoney(item.discount))"); out.raw("</title></rect>")
            out.raw("<text x=\"\(tenths(barLeft * 10 + length + 60))\" y=\"\(y + 17)\">"); out.text(htmlMoney(item.discount)); out.raw("</text>")
            if let baseline, baseline.perPromo[item.promo] != nil {
                let x = barLeft * 10 + ChartAxis.scale(baseline.figures(item.promo).discount, scaleMax, barMax * 10)
                out.raw("<line class=\"baseline-mark\" x1=\"\(tenths(x))\" x2=\"\(tenths(x))\" y1=\"\(y + 1)\" y2=\"\(y + rowHeight - 1)\">")
                out.raw("<title>"); out.text("baseline \(htmlMoney(baseline.figures(item.promo).discount))"); out.raw("</title></line>")
            }
            out.raw("\n")
        }
    }

    /// Tenths of a pixel as SVG text: `123.4`, `-0.5`, `12`.
    func tenths(_ t: Int) -> String {
        let sign = t < 0 ? "-" : ""
        let m = t.magnitude
        return m % 10 == 0 ? sign + String(m / 10) : sign + String(m / 10) + "." + String(m % 10)
    }
}

/// A value axis from a round low to a round high with about five ticks, in minor units.
struct ChartAxis {
    var low: Int64
    var high: Int64
    var step: Int64

    /// Values past this many minor units either way are drawn at it (far beyond any real sum).
    static let limit: Int64 = 100_000_000_000_000_000

    /// An axis that holds `low`, `high` and zero.
    init(low: Int64, high: Int64) {
        let low = max(min(low, 0), -ChartAxis.limit), high = min(max(high, 0), ChartAxis.limit)
        let raw = max(1, (high - low) / 5)
        // The smallest 1, 2 or 5 times a power of ten at or above a fifth of the range.
        var power: Int64 = 1
        var step: Int64 = 0
        while step == 0 {
            for m: Int64 in [1, 2, 5] where step == 0 && power * m >= raw { step = power * m }
            power *= 10
        }
        self.step = step
        self.low = low == 0 ? 0 : (low / step - (low % step == 0 ? 0 : 1)) * step
        self.high = high == 0 ? step : (high / step + (high % step == 0 ? 0 : 1)) * step
    }

    var ticks: [Int64] {
        var out: [Int64] = []
        var t = low
        while t <= high && out.count < 12 {
            out.append(t)
            let (n, o) = t.addingReportingOverflow(step)
            if o { break }
            t = n
        }
        return out
    }

    /// Where `v` lies between low and high, in `0...pixels`.
    func scale(_ v: Int64, _ pixels: Int) -> Int {
        ChartAxis.scale(min(max(v, low), high) - low, high - low, pixels)
    }

    /// `part * pixels / whole` without overflow, for `0 <= part <= whole`; 0 when `whole` is not
    /// above 0.
    static func scale(_ part: Int64, _ whole: Int64, _ pixels: Int) -> Int {
        guard whole > 0, part > 0 else { return 0 }
        let p = min(part, whole)
        let product = p.multipliedFullWidth(by: Int64(pixels))
        let (q, _) = whole.dividingFullWidth(product)
        return Int(q)
    }
}
