import Foundation
import PromoHistory
import PromoVM
import Testing

/// Hand-built reports: two shards of one run, and the whole run they add up to.
enum SampleReport {
    static func day(_ d: Int) -> LocalDate { LocalDate(year: 2025, month: 3, day: d) }

    static func figures(receipts: Int64, units: Int64, turnover: Int64, participants: Int64, issued: Int64 = 0,
                        applied: Int64 = 0, discount: Int64 = 0, bonus: Int64 = 0, chips: Int64 = 0) -> PromoFigures {
        PromoFigures(receipts: receipts, units: units, turnover: turnover, participants: participants, couponsIssued: issued,
                     couponsApplied: applied, discount: discount, bonus: bonus, chips: chips)
    }

    /// One promo's figures on a day in a store, counted in every place they show up (the
    /// sample's promos never share a receipt, so the figures of all promos are their sums).
    struct Entry {
        var promo: String
        var day: Int
        var store: Int64
        var figures: PromoFigures
        var baseline = false
    }

    static let weird = "<b>&\"x\""

    static let entries: [Entry] = [
        // Shard 1.
        Entry(promo: "Milk 10%", day: 1, store: 1, figures: figures(receipts: 2, units: 3500, turnover: 45000, participants: 2, discount: 5000)),
        Entry(promo: weird, day: 2, store: 1, figures: figures(receipts: 1, units: 2000, turnover: 123_456_789, participants: 0, issued: 1,
                                                                  applied: 1, discount: 250_000, bonus: 1234)),
        Entry(promo: "Milk 10%", day: 1, store: 1, figures: figures(receipts: 2, units: 3500, turnover: 46000, participants: 2, discount: 4000),
              baseline: true),
        // Shard 2.
        Entry(promo: "Milk 10%", day: 2, store: 7, figures: figures(receipts: 1, units: 1000, turnover: 9000, participants: 1, discount: 1000)),
        Entry(promo: weird, day: 3, store: 7, figures: figures(receipts: 3, units: 12500, turnover: 30000, participants: 2, discount: 700, bonus: 66)),
        Entry(promo: "Old bonus", day: 3, store: 7, figures: figures(receipts: 4, units: 8000, turnover: 50000, participants: 3, bonus: 500),
              baseline: true),
    ]

    static func add(_ e: Entry, to s: inout PromoSetReport) {
        s.perPromo[e.promo, default: PromoFigures()].add(e.figures)
        s.all.add(e.figures)
        s.byDay[day(e.day), default: [:]][e.promo, default: PromoFigures()].add(e.figures)
        s.allByDay[day(e.day), default: PromoFigures()].add(e.figures)
        s.byStore[e.store, default: [:]][e.promo, default: PromoFigures()].add(e.figures)
        s.allByStore[e.store, default: PromoFigures()].add(e.figures)
    }

    static func report(_ entries: [Entry], scan: ScanFigures, firstDay: Int, lastDay: Int) -> DryRunReport {
        var r = DryRunReport()
        r.database = "history.db"
        r.to = day(3)
        r.firstDay = day(firstDay)
        r.lastDay = day(lastDay)
        r.bundleHash = "9f2c4e1ab3d4c5e6f708192a3b4c5d6e"
        r.baselineHash = "0a1b2c3d4e5f60718293a4b5c6d7e8f9"
        r.currency = "RUB"
        r.decimals = 2
        r.scan = scan
        r.promoSet = PromoSetReport(promos: ["Milk 10%", weird, "Quiet"])
        var baseline = PromoSetReport(promos: ["Milk 10%", "Old bonus"])
        for e in entries { if e.baseline { add(e, to: &baseline) } else { add(e, to: &r.promoSet) } }
        r.baseline = baseline
        return r
    }

    static let scan1 = ScanFigures(receipts: 10, identifiedReceipts: 6, lines: 40, customers: 5, originalTotal: 124_000_000, finalTotal: 123_745_000)
    static let scan2 = ScanFigures(receipts: 8, identifiedReceipts: 5, lines: 30, customers: 4, originalTotal: 150_000, finalTotal: 148_300)

    static func shard(_ index: Int) -> DryRunReport {
        var r = index == 1 ? report(Array(entries.prefix(3)), scan: scan1, firstDay: 1, lastDay: 2)
            : report(Array(entries.suffix(3)), scan: scan2, firstDay: 2, lastDay: 3)
        r.shard = (index, 2)
        return r
    }

    /// The whole run, built from every entry at once.
    static func whole() -> DryRunReport {
        var r = report(entries, scan: ScanFigures(receipts: 18, identifiedReceipts: 11, lines: 70, customers: 9,
                                                 originalTotal: 124_150_000, finalTotal: 123_893_300), firstDay: 1, lastDay: 3)
        r.shardsMerged = [1, 2]
        return r
    }

    /// A larger report for looking at the page: 12 promos over 30 days in 5 stores, with a
    /// baseline.
    static func large() -> DryRunReport {
        var r = DryRunReport()
        r.database = "chain.db"
        r.firstDay = LocalDate(year: 2025, month: 3, day: 1)
        r.lastDay = LocalDate(year: 2025, month: 3, day: 30)
        r.bundleHash = "abcdef0123456789"
        r.baselineHash = "0123456789abcdef"
        r.currency = "RUB"
        r.scan = ScanFigures(receipts: 48_000, identifiedReceipts: 33_000, lines: 410_000, customers: 9_100,
                             originalTotal: 1_440_000_000, finalTotal: 1_396_000_000)
        let names = (1...12).map { "Promo \($0) \($0 % 3 == 0 ? "“Молоко” <−15%>" : "bonus & more")" }
        r.promoSet = PromoSetReport(promos: names)
        var baseline = PromoSetReport(promos: Array(names.prefix(6)))
        for d in 1...30 {
            for (k, name) in names.enumerated() where (d + k) % 4 != 0 {
                let amount = Int64(((d * 37 + k * 101) % 90 + 10) * (12 - k) * 100)
                let f = figures(receipts: Int64(10 + k), units: Int64(1000 * (k + 1) + 250), turnover: amount * 9,
                                participants: Int64(5 + k), discount: amount, bonus: Int64(k) * 100)
                add(Entry(promo: name, day: d, store: Int64(1 + (d + k) % 5), figures: f), to: &r.promoSet)
                if k < 6 {
                    var b = f
                    b.discount = amount * 3 / 4
                    add(Entry(promo: name, day: d, store: Int64(1 + (d + k) % 5), figures: b), to: &baseline)
                }
            }
        }
        r.baseline = baseline
        return r
    }
}

@Suite struct ReportFormatTests {
    @Test func moneyAndUnits() {
        #expect(ReportFormat.money(12345, decimals: 2) == "123.45")
        #expect(ReportFormat.money(-500, decimals: 2) == "-5.00")
        #expect(ReportFormat.money(7, decimals: 0) == "7")
        #expect(ReportFormat.money(5, decimals: 3) == "0.005")
        #expect(ReportFormat.units(12500) == "12.5")
        #expect(ReportFormat.units(6000) == "6")
        #expect(ReportFormat.units(350) == "0.35")
        #expect(ReportFormat.grouped("-1234567.89") == "-1 234 567.89")
        #expect(ReportFormat.grouped("123456") == "123 456")
        #expect(ReportFormat.grouped("999.99") == "999.99")
        #expect(ReportFormat.signed("5.00", of: 500) == "+5.00")
        #expect(ReportFormat.signed("-5.00", of: -500, minus: "−") == "−5.00")
        #expect(ReportFormat.signed("0", of: 0) == "0")
    }
}

@Suite struct ReportTableTests {
    @Test func wholeRunTable() {
        let lines = SampleReport.whole().table().split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let expected = """
            dry run of history.db
              period:    2025-03-01 … 2025-03-03 (asked to 2025-03-03)
              receipts:  18 replayed, 11 of identified customers, 70 lines
              customers: 9
              totals:    original 1 241 500.00, final 1 238 933.00, difference -2 567.00 RUB
              bundle:    9f2c4e1ab3d4c5e6
              baseline:  0a1b2c3d4e5f6071
              shard:     merged from shards 1, 2

            promos (all promos: a receipt or a customer any promo reached counts once):

              promo       receipts  units      turnover  participants  coupons issued  coupons applied  discount  bonus
              Milk 10%           3    4.5        540.00             3               0                0     60.00   0.00
              <b>&"x"            4   14.5  1 234 867.89             2               1                1  2 507.00  13.00
              Quiet              0      0          0.00             0               0                0      0.00   0.00
              ----------  --------  -----  ------------  ------------  --------------  ---------------  --------  -----
              all promos         7     19  1 235 407.89             5               1                1  2 567.00  13.00

            against the baseline (this set minus the baseline; + more, - less):

              promo                      receipts  units       turnover  participants  coupons issued  coupons applied   discount   bonus
              Milk 10%                         +1     +1         +80.00            +1               0                0     +20.00    0.00
              <b>&"x" (new)                    +4  +14.5  +1 234 867.89            +2              +1               +1  +2 507.00  +13.00
              Quiet (new)                       0      0           0.00             0               0                0       0.00    0.00
              Old bonus (baseline only)        -4     -8        -500.00            -3               0                0       0.00   -5.00
              -------------------------  --------  -----  -------------  ------------  --------------  ---------------  ---------  ------
              all promos                       +1   +7.5  +1 234 447.89             0              +1               +1  +2 527.00   +8.00

            days with the largest discount: 2025-03-02 2 510.00, 2025-03-01 50.00, 2025-03-03 7.00

            """
        let want = expected.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.count == want.count)
        for (k, line) in want.enumerated() where k < lines.count {
            #expect(lines[k] == line, "line \(k + 1)")
        }
    }

    @Test func partialTableNamesItsShard() {
        let text = SampleReport.shard(2).table()
        #expect(text.contains("  shard:     shard 2 of 2 (a partial report)\n"))
        #expect(text.contains("  period:    2025-03-02 … 2025-03-03 (asked to 2025-03-03)\n"))
        #expect(!text.contains("chips"))
    }
}

@Suite struct ReportJSONTests {
    @Test func roundTripOfEverything() throws {
        var r = SampleReport.whole()
        r.from = SampleReport.day(1)
        // A day with figures over all promos and none per promo, a store with an empty map,
        // and figures of a promo the set does not list: all must come back as they were.
        r.promoSet.allByDay[SampleReport.day(4)] = SampleReport.figures(receipts: 1, units: 1, turnover: -1, participants: 0, chips: 3)
        r.promoSet.byStore[99] = [:]
        r.promoSet.perPromo["Unlisted, \"quoted\""] = SampleReport.figures(receipts: 1, units: 999, turnover: 1, participants: 1)
        let text = r.json()
        let back = try DryRunReport(json: text, file: "r.json")
        #expect(back == r)
        #expect(back.promoSet.byDay == r.promoSet.byDay)
        #expect(back.promoSet.byStore == r.promoSet.byStore)
        #expect(back.json() == text)

        let shard = SampleReport.shard(2)
        let shardBack = try DryRunReport(json: shard.json(), file: "s.json")
        #expect(shardBack == shard)
        #expect(shardBack.shard?.index == 2 && shardBack.shard?.count == 2)

        var plain = DryRunReport()
        plain.database = "empty.db"
        #expect(try DryRunReport(json: plain.json(), file: "e.json") == plain)
    }

    @Test func layout() {
        let text = SampleReport.whole().json()
        #expect(text.hasPrefix("{\n  \"report\": \"promo dryrun\",\n  \"version\": 1,\n  \"database\": \"history.db\",\n"))
        #expect(text.contains("\"original_total\": \"1241500.00\""))
        #expect(text.contains("""
                  "<b>&\\"x\\"": {
                    "receipts": 4,
                    "units": "14.5",
                    "turnover": "1234867.89",
                    "participants": 2,
                    "coupons_issued": 1,
                    "coupons_applied": 1,
                    "discount": "2507.00",
                    "bonus": "13.00",
                    "chips": 0
                  }
            """))
        // The difference against the baseline is written for readers.
        #expect(text.contains("\"against_baseline\": {"))
        let days = ["2025-03-01", "2025-03-02", "2025-03-03"].map { text.range(of: "\"day\": \"\($0)\"")?.lowerBound }
        #expect(days.allSatisfy { $0 != nil })
        #expect(days[0]! < days[1]! && days[1]! < days[2]!)
    }

    @Test func errorsNameTheFileAndTheField() {
        let text = SampleReport.whole().json()
        func error(_ json: String) -> String {
            do {
                _ = try DryRunReport(json: json, file: "q1.json")
                return "no error"
            } catch {
                return error.description
            }
        }
        #expect(error(text.replacingOccurrences(of: "\"original_total\": \"1241500.00\"", with: "\"original_total\": 12"))
            == "q1.json: scan.original_total: expected money like \"123.45\" as a string, found 12")
        #expect(error(text.replacingOccurrences(of: "\"original_total\": \"1241500.00\"", with: "\"original_total\": \"1.005\""))
            == "q1.json: scan.original_total: \"1.005\" has more than 2 decimals")
        #expect(error(text.replacingOccurrences(of: "\"bundle_hash\"", with: "\"bundle\""))
            == "q1.json: bundle_hash: is missing")
        #expect(error(text.replacingOccurrences(of: "\"units\": \"14.5\"", with: "\"units\": \"lots\""))
            == "q1.json: promos.per_promo[\"<b>&\\\"x\\\"\"].units: expected units like \"12.5\", found \"lots\"")
        #expect(error(text.replacingOccurrences(of: "\"day\": \"2025-03-02\"", with: "\"day\": \"2025-02-30\""))
            == "q1.json: promos.by_day[1].day: expected a date like \"2025-03-01\", found \"2025-02-30\"")
        #expect(error("{\"version\": 1,}") == "q1.json: invalid JSON at line 1, column 15: a trailing comma is not allowed before `}`")
        #expect(error("[]") == "q1.json: expected an object, found an empty array")
    }
}

@Suite struct ReportCSVTests {
    @Test func headerAndRows() {
        let rows = SampleReport.whole().csv().components(separatedBy: "\r\n")
        #expect(rows[0] == "scope,key,set,promo,receipts,units,turnover,participants,coupons_issued,coupons_applied,discount,bonus,chips")
        #expect(rows[1] == "total,,promos,*,7,19,1235407.89,5,1,1,2567.00,13.00,0")
        #expect(rows[2] == "total,,promos,Milk 10%,3,4.5,540.00,3,0,0,60.00,0.00,0")
        #expect(rows[3] == "total,,promos,\"<b>&\"\"x\"\"\",4,14.5,1234867.89,2,1,1,2507.00,13.00,0")
        #expect(rows[4] == "total,,promos,Quiet,0,0,0.00,0,0,0,0.00,0.00,0")
        #expect(rows[5] == "total,,baseline,*,6,11.5,960.00,5,0,0,40.00,5.00,0")
        #expect(rows.contains("day,2025-03-02,promos,\"<b>&\"\"x\"\"\",1,2,1234567.89,0,1,1,2500.00,12.34,0"))
        #expect(rows.contains("store,7,baseline,Old bonus,4,8,500.00,3,0,0,0.00,5.00,0"))
        // The header, 4 + 3 totals, days (1st: 2 + 2, 2nd: 3, 3rd: 2 + 2), stores (1: 3 + 2, 7: 3 + 2),
        // and the empty text after the last line end.
        #expect(rows.count == 1 + 7 + 11 + 10 + 1)
        #expect(rows.last == "")
        let dayRows = rows.filter { $0.hasPrefix("day,") }.map { $0.split(separator: ",")[1] }
        #expect(dayRows == dayRows.sorted())
    }
}

@Suite struct ReportMergeTests {
    @Test func twoShardsMakeTheWhole() throws {
        let merged = try DryRunReport.merge([(file: "s2.json", report: SampleReport.shard(2)), (file: "s1.json", report: SampleReport.shard(1))])
        let whole = SampleReport.whole()
        #expect(merged.shard == nil)
        #expect(merged.shardsMerged == [1, 2])
        #expect(merged.firstDay == whole.firstDay && merged.lastDay == whole.lastDay)
        #expect(merged.scan == whole.scan)
        #expect(merged.promoSet.perPromo == whole.promoSet.perPromo)
        #expect(merged.promoSet.all == whole.promoSet.all)
        #expect(merged.promoSet.byDay == whole.promoSet.byDay)
        #expect(merged.promoSet.allByDay == whole.promoSet.allByDay)
        #expect(merged.promoSet.byStore == whole.promoSet.byStore)
        #expect(merged.promoSet.allByStore == whole.promoSet.allByStore)
        #expect(merged.baseline == whole.baseline)
        #expect(merged.promoSet.promos == ["Milk 10%", SampleReport.weird, "Quiet"])
        #expect(merged == whole)
        #expect(merged.json() == whole.json())
    }

    func refusal(_ parts: [(file: String, report: DryRunReport)], allowPartial: Bool = false) -> String {
        do {
            _ = try DryRunReport.merge(parts, allowPartial: allowPartial)
            return "merged"
        } catch {
            return error.description
        }
    }

    @Test func refusals() throws {
        var other = SampleReport.shard(2)
        other.bundleHash = "ffff"
        #expect(refusal([("a.json", SampleReport.shard(1)), ("b.json", other)])
            == "b.json: bundle_hash: \"ffff\" differs from \"9f2c4e1ab3d4c5e6f708192a3b4c5d6e\" in a.json; only the partial reports of one run can be merged")
        #expect(refusal([("a.json", SampleReport.shard(1)), ("b.json", SampleReport.shard(2)), ("c.json", SampleReport.shard(1))])
            == "c.json: shard.index: shard 1 of 2 is merged already from a.json")
        #expect(refusal([("a.json", SampleReport.shard(1))])
            == "a.json: shard 2 of 2 is missing; give every shard's report, or allow a partial merge")
        var three = SampleReport.shard(2)
        three.shard = (2, 3)
        #expect(refusal([("a.json", SampleReport.shard(1)), ("b.json", three)])
            == "b.json: shard.count: 3 shards differs from 2 in a.json; only the partial reports of one run can be merged")
        #expect(refusal([("w.json", SampleReport.whole())]).hasPrefix("w.json: shard: is not a shard's partial report"))
        #expect(refusal([]) == "(no files): there are no partial reports to merge")

        let partial = try DryRunReport.merge([("a.json", SampleReport.shard(1))], allowPartial: true)
        #expect(partial.shardsMerged == [1])
        #expect(partial.scan == SampleReport.scan1)
    }
}

@Suite struct ReportHTMLTests {
    /// The part of `html` from the element with `id` to the end of that element.
    func element(_ html: String, id: String, closing: String) -> String? {
        guard let start = html.range(of: "id=\"\(id)\"") else { return nil }
        guard let end = html.range(of: closing, range: start.upperBound..<html.endIndex) else { return nil }
        return String(html[start.lowerBound..<end.upperBound])
    }

    func count(_ needle: String, in text: String) -> Int { text.components(separatedBy: needle).count - 1 }

    @Test func chartsTablesAndEscaping() throws {
        let html = SampleReport.whole().html()
        let days = try #require(element(html, id: "chart-discount-by-day", closing: "</svg>"))
        #expect(days.contains("data-bars=\"3\""))
        #expect(count("<rect class=\"bar", in: days) == 3)
        #expect(days.contains("<title>2025-03-02: discount 2\u{202F}510.00</title>"))
        #expect(days.contains("class=\"baseline-line\""))
        let top = try #require(element(html, id: "chart-top-promos", closing: "</svg>"))
        #expect(top.contains("data-bars=\"2\""))
        #expect(count("<rect class=\"bar", in: top) == 2)
        let promos = try #require(element(html, id: "promos", closing: "</table>"))
        #expect(count("<tr class=\"promo-row\">", in: promos) == 3)
        let stores = try #require(element(html, id: "stores", closing: "</table>"))
        #expect(count("<tr class=\"store-row\">", in: stores) == 2)
        let difference = try #require(element(html, id: "baseline-difference", closing: "</table>"))
        #expect(count("<tr class=\"difference-row\">", in: difference) == 4)

        #expect(html.contains("&lt;b&gt;&amp;&quot;x&quot;"))
        #expect(!html.contains(SampleReport.weird))
        #expect(!html.contains("<b>"))
        #expect(!html.contains("<script"))
        #expect(!html.contains("http://") || html.components(separatedBy: "http://").count == 3)
        #expect(html == SampleReport.whole().html())
    }

    @Test func topTenOfMany() throws {
        let report = SampleReport.large()
        let html = report.html()
        let days = try #require(element(html, id: "chart-discount-by-day", closing: "</svg>"))
        #expect(count("<rect class=\"bar", in: days) == 30)
        let top = try #require(element(html, id: "chart-top-promos", closing: "</svg>"))
        #expect(count("<rect class=\"bar", in: top) == 10)
        // Written for Tests/Scripts/check-report-html.sh when asked.
        if let dir = ProcessInfo.processInfo.environment["PROMO_REPORT_HTML_DIR"] {
            try html.write(toFile: dir + "/large-report.html", atomically: true, encoding: .utf8)
            try SampleReport.whole().html().write(toFile: dir + "/small-report.html", atomically: true, encoding: .utf8)
        }
    }

    @Test func emptyReportDrawsNoBars() {
        let html = DryRunReport().html()
        #expect(html.contains("data-bars=\"0\""))
        #expect(html.contains("no receipts in the period"))
        #expect(html.contains("no promo gave a discount"))
    }
}
