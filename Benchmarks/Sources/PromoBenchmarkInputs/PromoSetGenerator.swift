/// One generated promo file.
public struct GeneratedFile: Sendable {
    public let path: String
    public let text: String
}

/// A generated promo set: a shared file of item sets, segments, restrictions and tiers, and one
/// campaign file per region, as a retail chain splits its promos.
public struct PromoSet: Sendable {
    public let files: [GeneratedFile]
    /// How many `promo` blocks the set has.
    public let promoCount: Int
    /// How many `test` blocks the set has.
    public let testCount: Int

    /// Lines over all files.
    public var lineCount: Int {
        files.reduce(0) { $0 + $1.text.utf8.count { $0 == UInt8(ascii: "\n") } }
    }

    /// Bytes over all files.
    public var byteCount: Int {
        files.reduce(0) { $0 + $1.text.utf8.count }
    }
}

/// Writes a deterministic, realistic promo set for the benchmarks: the same seed gives the same
/// text on every machine. Only constructs of the language reference are used, every name is
/// declared, every promo has its own priority (unless `sharedPriorities`) and locks only SKUs no
/// other promo names, so the set is meant to check without errors.
public enum PromoSetGenerator {
    public static let defaultSeed: UInt64 = 0x5EED_2026_1201

    /// - Parameters:
    ///   - promos: how many promo blocks, spread evenly over the campaign files.
    ///   - files: how many campaign files (besides the shared one).
    ///   - sharedPriorities: promos of a file share a priority where their order cannot matter,
    ///     as marketers number them: every promo that changes no price (bonuses, chips, issued
    ///     coupons) one priority per file, and price-changing promos whose `active` periods or
    ///     weekdays never meet one priority per group. The text is otherwise the same as without.
    public static func generate(promos: Int = 1_000, files: Int = 20, seed: UInt64 = defaultSeed,
                                sharedPriorities: Bool = false) -> PromoSet {
        precondition(files > 0 && promos >= files, "at least one promo per file")
        var random = SeededRandom(seed: seed)
        var generated = [GeneratedFile(path: "bench/common.promo", text: SharedFile.text())]
        var promoCount = 0
        var testCount = 0
        for index in 0..<files {
            let count = promos / files + (index < promos % files ? 1 : 0)
            var file = CampaignFile(index: index, promoCount: count, random: SeededRandom(seed: random.next()))
            file.sharedPriorities = sharedPriorities
            generated.append(GeneratedFile(path: "bench/\(file.fileName).promo", text: file.text()))
            promoCount += count
            testCount += file.testCount
        }
        return PromoSet(files: generated, promoCount: promoCount, testCount: testCount)
    }
}

/// Lines of a file being written.
struct Lines {
    private(set) var lines: [String] = []

    mutating func add(_ line: String) {
        lines.append(line)
    }

    /// A clause inside a block, its keyword padded so the values line up.
    mutating func clause(_ keyword: String, _ rest: String) {
        lines.append(Lines.clauseText(keyword, rest))
    }

    /// Writes line `index` again, as a clause.
    mutating func replaceClause(at index: Int, _ keyword: String, _ rest: String) {
        lines[index] = Lines.clauseText(keyword, rest)
    }

    static func clauseText(_ keyword: String, _ rest: String) -> String {
        let padding = String(repeating: " ", count: max(0, 8 - keyword.count))
        return "  " + keyword + padding + " " + rest
    }

    mutating func blank() {
        lines.append("")
    }

    var text: String {
        lines.joined(separator: "\n") + "\n"
    }
}

/// The file every campaign file relies on.
enum SharedFile {
    /// - Parameter tiers: whether to write the tier program (a unit that runs for every receipt).
    static func text(tiers: Bool = true) -> String {
        var out = Lines()
        out.add("# Shared definitions of the chain: item sets, segments, restrictions and the tier program.")
        out.add("# Campaign files of the regions use these names.")
        out.add("currency RUB")
        out.blank()
        out.add("# Item sets: predicates over receipt lines. A category matches its whole subtree.")
        let width = Assortment.itemSets.map(\.name.count).max() ?? 0
        for set in Assortment.itemSets {
            let padding = String(repeating: " ", count: width - set.name.count)
            out.add("items \(set.name)\(padding) = \(set.definition)")
        }
        out.blank()
        out.add("# Segments: predicates over the customer.")
        out.add("segment churned        = customer.days_since_last_purchase >= 90")
        out.add(#"segment cat_owners     = customer.bought(category "Pets/Cats", last 180 days)"#)
        out.add(#"segment dog_owners     = customer.bought(category "Pets/Dogs", last 180 days)"#)
        out.add(#"segment coffee_lovers  = customer.bought(category "Drinks/Coffee", last 60 days)"#)
        out.add(#"segment young_parents  = customer.bought(category "Baby/Diapers", last 90 days)"#)
        out.add(#"segment big_app_moscow = customer.app and customer.region == "Москва""#)
        out.add("                         and customer.average_receipt(last 90 days) > 4000.00")
        out.add(#"segment vip            = customer in "Important"      # membership computed by the CRM"#)
        out.add(#"segment students       = customer in "Students""#)
        out.add("segment outflow        = (customer.purchases(last 90 days) >= 1) except vip")
        out.add("segment newcomers      = customer.purchases(all time) == 0 and customer.registered within 30 days")
        out.add("segment app_users      = customer.app")
        out.add("segment card_holders   = customer.card")
        out.add("segment frequent       = customer.purchases(last 30 days) >= 8")
        out.add("segment big_basket     = customer.average_receipt(last 90 days) > 3000.00")
        out.blank()
        if tiers {
            out.add(#"tiers loyalty "Loyalty program" {"#)
            out.add("  measure  spend over previous calendar week     # customers move up or down every Monday")
            out.add(#"  level silver  "Silver 3%"  from 0         accrue 3% bonus"#)
            out.add(#"  level gold    "Gold 6%"    from 5000.00   accrue 6% bonus"#)
            out.add(#"  level diamond "Diamond 9%" from 10000.00  accrue 9% bonus"#)
            out.add("}")
            out.blank()
        }
        out.add(#"restriction alcohol_floor "Alcohol never below its legal minimum price" {"#)
        out.add("  price >= line.min_price on alcohol")
        out.add("}")
        out.blank()
        out.add(#"restriction max_line_discount "No item more than 50% off" {"#)
        out.add("  discount <= 50% on all except alcohol")
        out.add("}")
        out.blank()
        out.add(#"restriction no_tobacco_discount "Tobacco is sold at its list price" {"#)
        out.add("  discount <= 0% on tobacco")
        out.add("}")
        out.blank()
        out.add(#"restriction bonus_cap "Bonuses pay at most 30% of a receipt" {"#)
        out.add("  redeem <= 30% of total")
        out.add("}")
        return out.text
    }
}
