/// The promo set of the VM benchmark: 200 promos as one chain's store might load them in the
/// week of 7 December 2026. Ten of them (`core.promo`) are one of each common mechanic; they are
/// also written by hand in Swift (target `HandWrittenPromos`), and compiled alone for the
/// comparison. The other 190 are the regional campaigns of ``PromoSetGenerator``, with their
/// `active` periods around that week so that most of them are live.
public struct VMPromoSet: Sendable {
    /// The whole set: `vm/common.promo`, `vm/core.promo` and four regional files.
    public let files: [GeneratedFile]
    /// The ten promos alone, with the shared declarations they use (without the tier program).
    public let coreFiles: [GeneratedFile]
    /// How many promos `files` has.
    public let promoCount: Int
    /// The regions of the campaign files, as customers and stores name them.
    public let regions: [String]
    /// SKUs the regional promos name, with a shelf price and a category.
    let namedLines: [NamedLine]
    /// Coupon patterns of the regional promos without their final `*`.
    let couponPrefixes: [String]
    /// Counters the regional promos keep per customer.
    let counters: [String]

    public static let defaultSeed: UInt64 = 0x5EED_2026_1207

    /// The first day of the benchmark's week (a Monday); receipts fall in that week.
    static let week = Day(2026, 12, 7)

    /// Campaigns start from 17 days before the week to 3 days into it and run 7 to 60 days, so
    /// about three quarters of them are live on a day of the week.
    static let season = Season(start: week.adding(-17), spread: 20)

    /// - Parameters:
    ///   - regionalPromos: promos besides the ten of `core.promo`, spread over `files` regional files.
    public static func generate(regionalPromos: Int = 190, files: Int = 4, seed: UInt64 = defaultSeed) -> VMPromoSet {
        precondition(files > 0 && regionalPromos >= files, "at least one promo per file")
        var random = SeededRandom(seed: seed)
        var generated = [
            GeneratedFile(path: "vm/common.promo", text: SharedFile.text()),
            GeneratedFile(path: "vm/core.promo", text: CorePromos.text),
        ]
        var named: [NamedLine] = []
        var coupons: [String] = []
        var counters: [String] = []
        var regions: [String] = []
        for index in 0..<files {
            let count = regionalPromos / files + (index < regionalPromos % files ? 1 : 0)
            var file = CampaignFile(index: index, promoCount: count, random: SeededRandom(seed: random.next()), season: season,
                                    regionalStores: true)
            generated.append(GeneratedFile(path: "vm/\(file.fileName).promo", text: file.text()))
            named += file.namedLines
            coupons += file.couponPrefixes
            counters += file.counters
            regions.append(file.regionName)
        }
        let core = [
            GeneratedFile(path: "vm-core/common.promo", text: SharedFile.text(tiers: false)),
            GeneratedFile(path: "vm-core/core.promo", text: CorePromos.text),
        ]
        return VMPromoSet(files: generated, coreFiles: core, promoCount: regionalPromos + CorePromos.names.count,
                          regions: regions, namedLines: named, couponPrefixes: coupons, counters: counters)
    }
}

/// The ten promos of the VM benchmark that `HandWrittenPromos` implements by hand. Their
/// priorities end in 5, so they fall between those of the regional files (which end in 0).
public enum CorePromos {
    /// The promos in `text`, in the order they run (by priority).
    public static let names = [
        "core_milk_price", "core_yogurt_2_plus_1", "core_breakfast_combo", "core_chocolate_sale", "core_sweets_bonus",
        "core_fruit_sale", "core_morning_bakery", "core_home_coupon", "core_big_basket", "core_card_bonus",
    ]

    /// The SKU of the milk with a fixed price.
    public static let milkSku: Int64 = 4_600_001

    public static let text = #"""
        # The ten promos the VM benchmark also runs as hand-written Swift (Benchmarks/Sources/HandWrittenPromos):
        # one of each common mechanic. Item sets and restrictions come from common.promo.
        currency RUB

        # Price of the week, and no other discount on that milk.
        promo core_milk_price "Milk 1 L for 69.90" {
          priority 105
          price    69.90 on sku 4600001
          lock     discounts
        }

        # Of every three yogurts the cheapest is free; a gift, so the 50% cap does not apply.
        promo core_yogurt_2_plus_1 "Yogurts 2+1" {
          priority 115
          buy      2 of yogurt get 1 free cheapest
          ignore   restrictions
        }

        promo core_breakfast_combo "2 pastries + coffee = 399.00" {
          priority 125
          bundle   { 2 of category "Food/Bakery/Pastry", 1 of category "Drinks/Coffee" } price 399.00
          message  display "Breakfast combo: 2 pastries and a coffee for 399.00"
        }

        # Sweets: a discount on chocolate or bonuses on all sweets, whichever is worth more.
        promo core_chocolate_sale "25% off chocolate" {
          priority 135
          discount 25% on chocolate
          best     of core_sweets
        }

        promo core_sweets_bonus "15% of sweets back in bonuses" {
          priority 145
          audience customer.card
          accrue   15% bonus on sweets
          best     of core_sweets
        }

        promo core_fruit_sale "Fruit: 10% off" {
          priority 1205
          discount 10% on fruit
        }

        promo core_morning_bakery "Bakery before noon on weekdays: 20% off" {
          priority 2205
          weekdays mon .. fri
          hours    08:00 .. 12:00
          stores   format != "Discounter"
          discount 20% on bakery
        }

        promo core_home_coupon "25% off household goods with a coupon" {
          priority 3205
          coupon   "HOME-*"
          when     spend(household) >= 500.00
          discount 25% on household
          forbid   redeem on household
          limit    1 per customer per day
        }

        promo core_big_basket "200.00 off a receipt from 3000.00" {
          priority 4905
          when     total >= 3000.00
          discount 200.00 on receipt except alcohol, tobacco
          message  slip "Big basket: you saved {saved}"
        }

        promo core_card_bonus "2% bonuses for card holders on a receipt from 1000.00" {
          priority 4915
          audience customer.card and customer.purchases(last 90 days) >= 2
          when     total >= 1000.00
          accrue   2% bonus on all except alcohol, tobacco expires after 90 days
        }

        """#
}
