import Foundation
import PromoCommands
import Testing

/// A small promo set: line numbers matter, the sentences name them.
private let explainedPromos = """
    currency RUB

    items dairy = category "Food/Dairy"
    items wine  = category "Drinks/Wine"
    items tea   = category "Food/Tea"
    items soap  = category "Home/Soap"

    promo dairy_week "Dairy week" {
      priority 10
      weekdays mon .. fri
      when     spend(dairy) >= 500.00
      discount 20% on dairy
    }

    promo wine_evening "Wine evening" {
      priority 20
      discount 40% on wine
    }

    promo tea_days "Tea days" {
      priority 30
      active   2027-01-01 .. 2027-01-31
      discount 10% on tea
    }

    promo soap_week "Soap week" {
      priority 35
      discount 5% on soap
    }

    promo big_basket "Big basket" {
      priority 40
      when     total > 1000.00
      accrue   100 bonus
    }

    restriction wine_cap "Wine at most 30% off" {
      discount <= 30% on wine
    }

    """

/// A Wednesday receipt: the dairy week applies, the wine discount is cut by wine_cap, the tea
/// promo is not active yet, and the basket is short of its threshold.
private let wednesday = """
    {"at": "2026-12-02T10:00", "store": {"id": 751},
     "lines": [{"sku": 1, "name": "Milk", "category": "Food/Dairy/Milk", "price": "100.00", "qty": "6"},
               {"sku": 2, "name": "Wine", "category": "Drinks/Wine", "price": "449.90"},
               {"sku": 3, "name": "Tea", "category": "Food/Tea", "price": "50.00"}]}
    """

/// `promo explain`: every promo and restriction of a bundle, applied or not and why.
@Suite struct ExplainCommandTests {
    /// Writes the promo set and the receipts, builds the bundle and returns a runner for the tool.
    private func setUp(_ receipts: [String: String]) throws -> (folder: TemporaryFolder, run: ([String]) -> (Int32, CapturedOutput)) {
        let folder = try TemporaryFolder()
        try folder.write("set.promo", explainedPromos)
        for (name, text) in receipts { try folder.write(name, text) }
        let run: ([String]) -> (Int32, CapturedOutput) = { arguments in
            let output = CapturedOutput()
            return (PromoCommand.execute(arguments, output: output), output)
        }
        let build = run(["build", folder.path + "/set.promo", "-o", folder.path + "/set.bundle"])
        #expect(build.0 == 0, "\(build.1.standardError)")
        return (folder, run)
    }

    /// The paragraph of one promo: its heading line and the lines under it, with the folder
    /// taken out of the file names (`set.promo:11`).
    private func paragraph(_ name: String, in text: String, folder: TemporaryFolder) -> [String] {
        let blocks = text.replacingOccurrences(of: folder.path + "/", with: "").components(separatedBy: "\n\n")
        guard let block = blocks.first(where: { $0.hasPrefix("promo \(name) ") || $0.hasPrefix("restriction \(name) ") || $0.hasPrefix("tiers \(name) ") })
        else { return [] }
        return block.split(separator: "\n").map(String.init)
    }

    @Test func appliedClampedNotActiveFailedAndNoCandidate() throws {
        let (folder, run) = try setUp(["wed.json": wednesday])
        let p = folder.path
        let (status, output) = run(["explain", p + "/set.bundle", p + "/wed.json"])
        #expect(status == 0)
        #expect(output.standardError.isEmpty)
        let text = output.standardOutput
        #expect(text.hasPrefix("receipt 2026-12-02 10:00, store 751: 1099.90, 254.97 off, 844.93 to pay\n"))
        // 20% of 600.00 of milk.
        #expect(paragraph("dairy_week", in: text, folder: folder) == [
            "promo dairy_week \"Dairy week\" (set.promo)",
            "  applied: 20% off 1 line of category \"Food/Dairy\", 120.00 in all (set.promo:12)",
        ])
        // 40% of 449.90 = 179.96 wanted; wine_cap allows 30% = 134.97, so 44.99 is not given.
        #expect(paragraph("wine_evening", in: text, folder: folder) == [
            "promo wine_evening \"Wine evening\" (set.promo)",
            "  applied: 40% off 1 line of category \"Drinks/Wine\", 134.97 in all (set.promo:17)",
            "  clamped by wine_cap to 314.93 on line 2 \"Wine\", 44.99 not given",
        ])
        #expect(paragraph("tea_days", in: text, folder: folder) == [
            "promo tea_days \"Tea days\" (set.promo)",
            "  not applied: not active on 2026-12-02 10:00; it runs 2027-01-01 .. 2027-01-31 (set.promo:22)",
        ])
        // 1000.00 - 844.93 = 155.07, and one kopeck more to be above 1000.00.
        #expect(paragraph("big_basket", in: text, folder: folder) == [
            "promo big_basket \"Big basket\" (set.promo)",
            "  not applied: the receipt total 844.93 is not above 1000.00; 155.08 more would trigger it (set.promo:33)",
        ])
        #expect(paragraph("soap_week", in: text, folder: folder) == [
            "promo soap_week \"Soap week\" (set.promo)",
            "  not applied: none of its items are on the receipt",
        ])
        #expect(paragraph("wine_cap", in: text, folder: folder) == [
            "restriction wine_cap \"Wine at most 30% off\"",
            "  applied: clamped wine_evening to 314.93 on line 2 \"Wine\", 44.99 not given",
        ])
        // In the order the VM ran them, then the promos that were no candidates, then restrictions.
        let headings = text.split(separator: "\n").filter { $0.hasPrefix("promo ") || $0.hasPrefix("restriction ") }
            .map { $0.split(separator: " ")[1] }
        #expect(headings == ["dairy_week", "wine_evening", "tea_days", "big_basket", "soap_week", "wine_cap"])
    }

    @Test func aThresholdShortOfItsAmountAndAWrongWeekday() throws {
        let (folder, run) = try setUp([
            "under.json": """
                {"at": "2026-12-02T10:00", "lines": [{"sku": 1, "category": "Food/Dairy/Milk", "price": "103.00", "qty": "4"}]}
                """,
            "saturday.json": """
                {"at": "2026-12-05T18:30", "lines": [{"sku": 1, "category": "Food/Dairy/Milk", "price": "100.00", "qty": "6"}]}
                """,
        ])
        let p = folder.path
        let under = run(["explain", p + "/set.bundle", p + "/under.json"])
        #expect(under.0 == 0)
        #expect(paragraph("dairy_week", in: under.1.standardOutput, folder: folder) == [
            "promo dairy_week \"Dairy week\" (set.promo)",
            "  not applied: spend on dairy 412.00 is below 500.00; 88.00 more would trigger it (set.promo:11)",
        ])
        let saturday = run(["explain", p + "/set.bundle", p + "/saturday.json"])
        #expect(saturday.0 == 0)
        #expect(paragraph("dairy_week", in: saturday.1.standardOutput, folder: folder) == [
            "promo dairy_week \"Dairy week\" (set.promo)",
            "  not applied: not on a Saturday; it runs mon .. fri (set.promo:10)",
        ])
        #expect(paragraph("wine_cap", in: saturday.1.standardOutput, folder: folder) == [
            "restriction wine_cap \"Wine at most 30% off\"",
            "  cut nothing on this receipt",
        ])
    }

    @Test func jsonHasOneObjectPerPromoWithItsValues() throws {
        let (folder, run) = try setUp([
            "under.json": """
                {"at": "2026-12-02T10:00", "lines": [{"sku": 1, "category": "Food/Dairy/Milk", "price": "103.00", "qty": "4"}]}
                """,
        ])
        let p = folder.path
        let (status, output) = run(["explain", p + "/set.bundle", p + "/under.json", "--json"])
        #expect(status == 0)
        let parsed = try JSONSerialization.jsonObject(with: Data(output.standardOutput.utf8))
        let items = try #require(parsed as? [[String: Any]])
        #expect(items.map { $0["promo"] as? String } == ["dairy_week", "big_basket", "wine_evening", "tea_days", "soap_week", "wine_cap"])
        let dairy = items[0]
        #expect(dairy["applied"] as? Bool == false)
        #expect(dairy["considered"] as? Bool == true)
        #expect(dairy["kind"] as? String == "promo")
        #expect(dairy["reason"] as? String == "condition_false")
        #expect(dairy["text"] as? String == "not applied: spend on dairy 412.00 is below 500.00; 88.00 more would trigger it")
        let source = try #require(dairy["source"] as? [String: Any])
        #expect(source["file"] as? String == p + "/set.promo")
        #expect(source["line"] as? Int == 11)
        #expect(source["text"] as? String == "when     spend(dairy) >= 500.00")
        let values = try #require(dairy["values"] as? [String: Any])
        #expect(values["op"] as? String == ">=")
        #expect(values["subject"] as? String == "spend(dairy)")
        #expect(values["left"] as? String == "412.00")
        #expect(values["right"] as? String == "500.00")
        #expect(values["type"] as? String == "money")
        #expect(values["shortfall"] as? String == "88.00")
        let soap = items[4]
        #expect(soap["considered"] as? Bool == false)
        #expect(soap["text"] as? String == "not applied: none of its items are on the receipt")
        #expect(soap["source"] is NSNull)
        #expect(soap["values"] is NSNull)
        #expect(items[5]["kind"] as? String == "restriction")
    }

    @Test func lockedStoppedAndBestOfGroupNameThePromoThatDecided() throws {
        let folder = try TemporaryFolder()
        try folder.write("order.promo", """
            currency RUB

            items tv     = category "Electronics/TV"
            items sofa   = category "Furniture/Sofa"
            items vacuum = category "Electronics/Vacuum"

            promo tv_lock "TV 15% off, nothing else" {
              priority 10
              discount 15% on tv
              lock     discounts
            }

            promo tv_more "TV another 10% off" {
              priority 20
              discount 10% on tv
            }

            promo sofa_stop "Sofa 25% off from 30 000" {
              priority 30
              when     spend(sofa) >= 30000.00
              discount 25% on sofa
              stop
            }

            promo vacuum_percent "Vacuum cleaners 15% off" {
              priority 40
              discount 15% on vacuum
              best     of vacuum_offer
            }

            promo vacuum_money "Vacuum cleaners 1000.00 off" {
              priority 41
              discount 1000.00 on vacuum
              best     of vacuum_offer
            }

            """)
        try folder.write("stop.json", """
            {"at": "2027-10-15T12:00", "lines": [{"sku": 1, "category": "Electronics/TV", "price": "1000.00"},
              {"sku": 2, "category": "Furniture/Sofa", "price": "40000.00"},
              {"sku": 3, "category": "Electronics/Vacuum", "price": "10000.00"}]}
            """)
        try folder.write("group.json", """
            {"at": "2027-10-15T12:00", "lines": [{"sku": 3, "category": "Electronics/Vacuum", "price": "10000.00"}]}
            """)
        func run(_ arguments: [String]) -> (Int32, CapturedOutput) {
            let output = CapturedOutput()
            return (PromoCommand.execute(arguments, output: output), output)
        }
        let p = folder.path
        #expect(run(["build", p + "/order.promo", "-o", p + "/order.bundle"]).0 == 0)
        let stop = run(["explain", p + "/order.bundle", p + "/stop.json"])
        #expect(stop.0 == 0)
        let stopped = stop.1.standardOutput
        #expect(paragraph("tv_more", in: stopped, folder: folder) == [
            "promo tv_more \"TV another 10% off\" (order.promo)",
            "  not applied: its lines are locked by tv_lock, which ran before it (order.promo:15)",
        ])
        #expect(paragraph("vacuum_percent", in: stopped, folder: folder) == [
            "promo vacuum_percent \"Vacuum cleaners 15% off\" (order.promo)",
            "  not applied: stopped by sofa_stop, an exclusive promo before it",
        ])
        // 15% of 10000.00 = 1500.00 gives more than 1000.00 off.
        let group = run(["explain", p + "/order.bundle", p + "/group.json"])
        #expect(group.0 == 0)
        #expect(paragraph("vacuum_money", in: group.1.standardOutput, folder: folder) == [
            "promo vacuum_money \"Vacuum cleaners 1000.00 off\" (order.promo)",
            "  not applied: lost its best-of group \"vacuum_offer\" to vacuum_percent, which gives the customer more",
        ])
    }

    @Test func anAudienceNamesTheCustomerFigureItCompares() throws {
        let folder = try TemporaryFolder()
        try folder.write("seg.promo", """
            currency RUB

            segment lapsed = customer.days_since_last_purchase >= 60

            promo winback "Come back" {
              priority 10
              audience lapsed
              accrue   300 bonus
            }

            """)
        // Three receipts in one file: one report each, in order.
        try folder.write("seg.json", """
            [{"at": "2027-04-10T12:00", "customer": {"id": 5, "facts": {"days_since_last_purchase": 40}}, "lines": [{"sku": 1, "price": "10.00"}]},
             {"at": "2027-04-10T12:00", "customer": {"id": 6, "facts": {"days_since_last_purchase": 70}}, "lines": [{"sku": 1, "price": "10.00"}]},
             {"at": "2027-04-10T12:00", "customer": {"id": 7}, "lines": [{"sku": 1, "price": "10.00"}]}]
            """)
        let p = folder.path
        #expect(PromoCommand.execute(["build", p + "/seg.promo", "-o", p + "/seg.bundle"], output: CapturedOutput()) == 0)
        let output = CapturedOutput()
        #expect(PromoCommand.execute(["explain", p + "/seg.bundle", p + "/seg.json"], output: output) == 0)
        let lines = output.standardOutput.replacingOccurrences(of: p + "/", with: "").split(separator: "\n").filter { $0.hasPrefix("  ") }
        #expect(lines == [
            "  not applied: the customer is not in its audience: customer.days_since_last_purchase 40 is below 60; 20 more would trigger it (seg.promo:7)",
            "  applied: accrued 300.00 bonus (seg.promo:8)",
            "  not applied: the customer is not in its audience: customer.days_since_last_purchase is not known for this receipt or customer (seg.promo:7)",
        ])
    }

    @Test func badInputsGetLocatedErrors() throws {
        let (folder, run) = try setUp([
            "bad.json": """
                {"at": "2026-12-02T10:00", "lines": [{"sku": 1, "price": "1.000"}]}
                """,
            "broken.json": "{\"at\": ",
        ])
        let p = folder.path
        let bad = run(["explain", p + "/set.bundle", p + "/bad.json"])
        #expect(bad.0 == 1)
        #expect(bad.1.standardError.contains("bad.json: lines[0].price"))
        #expect(bad.1.standardOutput.isEmpty)
        let broken = run(["explain", p + "/set.bundle", p + "/broken.json"])
        #expect(broken.0 == 1)
        #expect(broken.1.standardError.contains("line 1, column"))
        let missing = run(["explain", p + "/none.bundle", p + "/bad.json"])
        #expect(missing.0 == 2)
        try folder.write("junk.bundle", "not a bundle")
        let junk = run(["explain", p + "/junk.bundle", p + "/bad.json"])
        #expect(junk.0 == 1)
        #expect(junk.1.standardError.hasPrefix("error: \(p)/junk.bundle: "))
    }
}
