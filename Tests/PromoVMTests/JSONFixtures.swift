// Shared inputs of the JSON tests: the example receipt of docs/receipt-format.md, a seeded
// generator and a small bundle.

import PromoBytecode
import PromoJSON
@testable import PromoVM

enum JSONFixtures {
    /// The example receipt of docs/receipt-format.md.
    static let exampleReceipt = """
    {
      "at": "2026-12-02T10:00",
      "store": {"id": 751, "format": "Supermarket", "region": "Moscow", "city": "Moscow", "groups": ["North"]},
      "channel": "pos",
      "coupons": ["HALF-2026"],
      "codes": [],
      "redeem": "300.00",
      "customer": {
        "id": "81622988",
        "card": true,
        "name": "Anna",
        "segments": ["VIP"],
        "bonus_balance": "1500.00",
        "chips": 25,
        "facts": {
          "purchases(last 90 days)": 3,
          "birthday": "1990-12-04",
          "registered": "2026-11-10",
          "spend(previous calendar week)": "7500.00",
          "app": true,
          "region": "Moscow"
        },
        "counters": {"coffees": "5"},
        "usage": {"dairy_week": {"day": 1, "week": 1, "month": 2, "year": 5, "lifetime": 9, "units_day": "6"}},
        "levels": {"loyalty": "gold"}
      },
      "lines": [
        {"sku": 1042, "name": "Milk 1 L", "category": "Food/Dairy/Milk", "brand": "Farm", "price": "100.00",
         "qty": "6", "amount": "600.00", "excise": false, "weighed": false, "min_price": null, "flags": []},
        {"sku": "2001", "name": "Cheese", "category": "Food/Dairy/Cheese", "price": "899.90", "qty": "0.350",
         "weighed": true, "flags": ["local"]},
        {"sku": 3050, "name": "Vodka 0.5 L", "category": "Drinks/Spirits", "price": "499.00", "excise": true,
         "min_price": "349.00"}
      ]
    }
    """

    /// The fact manifest the example is written for.
    static let exampleTags: [String: ValueTag] = [
        "purchases(last 90 days)": .count,
        "birthday": .anniversary,
        "registered": .date,
        "spend(previous calendar week)": .money,
        "app": .bool,
        "region": .string,
    ]

    static var exampleBytes: [UInt8] { Array(exampleReceipt.utf8) }

    /// A bundle with four units (promos `dairy_week`, `welcome` and `big_basket`, restriction
    /// `max_discount`) and the example's fact manifest. `big_basket` compares the spend on
    /// every line with 5000.00 and fails when it is less.
    static func bundle(currency: String = "RUB", decimals: UInt8 = 2) throws -> LoadedBundle {
        var m = BundleModel()
        m.currencyCode = currency
        m.currencyDecimals = decimals
        func string(_ s: String) -> UInt32 {
            if let i = m.strings.firstIndex(of: s) { return UInt32(i) }
            m.strings.append(s)
            return UInt32(m.strings.count - 1)
        }
        m.itemSets = [[ItemSetOp.word(.all)]]
        m.constants = [500_000]
        for (key, tag) in exampleTags.sorted(by: { $0.key < $1.key }) { m.facts.append(FactInfo(key: string(key), tag: tag)) }
        // big_basket (pc 2...6): R0 := spend(all); R1 := 5000.00; R2 := R0 >= R1; require R2; halt.
        let basket: [Instruction] = [
            Instruction(.spend, 0, 0), Instruction(.loadConstant, 1, 0), Instruction(.greaterEqual, 2, 0, 1),
            Instruction(.require, 2, UInt32(Reason.conditionFalse.rawValue)), Instruction(.halt),
        ]
        let halt = Instruction(.halt).word
        m.code = [halt, halt] + basket.map(\.word) + [halt]
        func unit(_ kind: UnitKind, _ name: String, _ title: String?, _ priority: Int64, _ start: UInt32, _ end: UInt32,
                  registers: UInt16 = 0) -> UnitInfo {
            UnitInfo(kind: kind, name: string(name), title: title.map { Int32(string($0)) } ?? -1, priority: priority,
                     codeStart: start, codeEnd: end, registers: registers, group: -1, originalPrices: false,
                     ignoresRestrictions: false)
        }
        m.units = [
            unit(.promo, "dairy_week", "Dairy week: 20% off dairy", 10, 0, 1),
            unit(.promo, "welcome", nil, 20, 1, 2),
            unit(.promo, "big_basket", nil, 30, 2, 7, registers: 3),
            unit(.restriction, "max_discount", nil, 0, 7, 8),
        ]
        m.debug = [DebugInfo(pc: 4, file: string("promos/basket.promo"), line: 5, column: 3, text: string("when spend >= 5000.00"))]
        m.comparisons = [ComparisonInfo(pc: 4, tag: .money)]
        return try LoadedBundle(bytes: BundleFormat.encode(m))
    }
}

/// SplitMix64: a small deterministic generator for the fuzz tests.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
