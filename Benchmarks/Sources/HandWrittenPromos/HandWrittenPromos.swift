import PromoVM

/// The ten promos of the VM benchmark's `core.promo`, written directly in Swift the way a
/// point-of-sale vendor writes promos without a promo language: each promo a function with its
/// numbers in the code, run in priority order over one pass of line state. It gives the same
/// money as the VM (see docs/benchmarks.md, "The VM against hand-written Swift"):
///
/// - amounts: a line's amount is price × quantity, half up; percents are half up per line, on
///   the line's current amount (after earlier promos);
/// - restrictions of `common.promo`: alcohol never below its legal minimum price, no line more
///   than 50% off (except alcohol), no discount on tobacco; a promo that ignores restrictions
///   still keeps the legal minimum; a locked line takes no further discount;
/// - amounts spread over lines (a bundle's discount, a receipt discount) go in proportion to
///   the lines' amounts, to the kopeck, by the largest remainder (earlier line first among
///   equals), never past a line's floor;
/// - bonuses accrue on the final amounts; bonuses may pay at most 30% of the receipt.
///
/// Money is in kopecks, quantities in thousandths (as in ``Receipt``); the arithmetic is `Int64`
/// and assumes till-sized amounts (far below 10^12 kopecks). Buffers are kept between receipts:
/// use one value per thread.
public struct HandWrittenPromos {
    public enum Promo: Int, CaseIterable, Sendable {
        case milkPrice, yogurt2Plus1, breakfastCombo, chocolateSale, sweetsBonus, fruitSale, morningBakery, homeCoupon
        case bigBasket, cardBonus

        /// The promo's name in `core.promo`.
        public var name: String {
            switch self {
            case .milkPrice: "core_milk_price"
            case .yogurt2Plus1: "core_yogurt_2_plus_1"
            case .breakfastCombo: "core_breakfast_combo"
            case .chocolateSale: "core_chocolate_sale"
            case .sweetsBonus: "core_sweets_bonus"
            case .fruitSale: "core_fruit_sale"
            case .morningBakery: "core_morning_bakery"
            case .homeCoupon: "core_home_coupon"
            case .bigBasket: "core_big_basket"
            case .cardBonus: "core_card_bonus"
            }
        }
    }

    public struct LineDiscount: Hashable, Sendable {
        public var line: Int
        public var promo: Promo
        public var amount: Int64
    }

    public struct Accrual: Hashable, Sendable {
        public var promo: Promo
        /// Bonus, in kopecks.
        public var points: Int64
        public var expires: LocalDate?
    }

    /// What one receipt came to.
    public struct Outcome: Sendable {
        public var originalAmounts: [Int64] = []
        public var finalAmounts: [Int64] = []
        public var originalTotal: Int64 = 0
        public var finalTotal: Int64 = 0
        /// Every discount given, in the order given.
        public var discounts: [LineDiscount] = []
        public var accruals: [Accrual] = []
        public var messages: [String] = []
        /// Coupon codes the promos used.
        public var coupons: [String] = []
        /// The most the customer may pay with bonuses, and what the receipt's request came to.
        public var redeemable: Int64 = 0
        public var redeemed: Int64 = 0
        public var discountTotal: Int64 { originalTotal - finalTotal }
    }

    /// The result of the last ``evaluate(_:)``.
    public internal(set) var outcome = Outcome()
    var count = 0

    /// What the promos know and change of each receipt line.
    var lines: [LineState] = []

    // Scratch space of the mechanics.
    var runs: [Run] = []
    var runs2: [Run] = []
    var perLine: [Int64] = []
    var perLine2: [Int64] = []
    var setLines: [Int] = []
    var weights: [Int64] = []
    var capacities: [Int64] = []
    var shares: [Int64] = []
    var remainders: [Int64] = []
    var rounds: [Int64] = []
    var order: [Int] = []
    var pendingBonus: [Promo] = []

    public init() {}

    /// What a receipt line is, for the promos here.
    struct Kinds: OptionSet {
        let rawValue: UInt16
        static let milk = Kinds(rawValue: 1 << 0)
        static let yogurt = Kinds(rawValue: 1 << 1)
        static let pastry = Kinds(rawValue: 1 << 2)
        static let coffee = Kinds(rawValue: 1 << 3)
        static let chocolate = Kinds(rawValue: 1 << 4)
        static let sweets = Kinds(rawValue: 1 << 5)
        static let fruit = Kinds(rawValue: 1 << 6)
        static let bakery = Kinds(rawValue: 1 << 7)
        static let household = Kinds(rawValue: 1 << 8)
        static let alcohol = Kinds(rawValue: 1 << 9)
        static let tobacco = Kinds(rawValue: 1 << 10)
    }

    struct LineState {
        var quantity: Int64
        var weighed: Bool
        var kinds: Kinds
        var current: Int64
        /// The floor of the restrictions, and the legal minimum alone (for promos that ignore
        /// restrictions).
        var floor: Int64
        var legal: Int64
        var locked = false
        var noRedemption = false
    }

    /// Equal units of one line: its line, the current value of one unit and how many.
    struct Run {
        var line: Int
        var value: Int64
        var count: Int64
    }

    // MARK: - The receipt

    public mutating func evaluate(_ receipt: Receipt) {
        load(receipt)
        milkPrice()
        yogurt2Plus1()
        breakfastCombo()
        bestOfSweets(receipt.customer)
        fruitSale()
        morningBakery(receipt)
        homeCoupon(receipt)
        bigBasket()
        cardBonus(receipt.customer)
        finish(receipt)
    }

    mutating func load(_ receipt: Receipt) {
        outcome.originalAmounts.removeAll(keepingCapacity: true)
        outcome.discounts.removeAll(keepingCapacity: true)
        outcome.accruals.removeAll(keepingCapacity: true)
        outcome.messages.removeAll(keepingCapacity: true)
        outcome.coupons.removeAll(keepingCapacity: true)
        lines.removeAll(keepingCapacity: true)
        pendingBonus.removeAll(keepingCapacity: true)
        var total: Int64 = 0
        let items = receipt.lines
        for n in items.indices {
            let quantity = items[n].quantity
            let amount = items[n].amount ?? roundedAmount(items[n].price, quantity)
            var k: Kinds = items[n].excise ? .alcohol : []
            if items[n].sku == 4_600_001 { k.insert(.milk) }
            if let category = items[n].category { k.formUnion(HandWrittenPromos.kinds(ofCategory: category)) }
            // The legal minimum of excise goods holds whatever a promo says.
            var minimum: Int64 = 0
            if items[n].excise, let minPrice = items[n].minPrice { minimum = min(amount, roundedAmount(minPrice, quantity)) }
            var lowest = minimum
            if !k.contains(.alcohol) { lowest = max(lowest, amount - percent(amount, 50)) } // at most 50% off
            if k.contains(.tobacco) { lowest = amount } // tobacco at its list price
            lines.append(LineState(quantity: quantity, weighed: items[n].weighed, kinds: k, current: amount, floor: lowest,
                                   legal: minimum))
            outcome.originalAmounts.append(amount)
            total += amount
        }
        count = lines.count
        outcome.originalTotal = total
    }

    /// The kinds of goods a category path is (`Food/Sweets/Chocolate` is sweets and chocolate).
    static func kinds(ofCategory category: String) -> Kinds {
        var category = category
        return category.withUTF8 { path in
            var k: Kinds = []
            if path.starts(with: "Food/") {
                if path.under("Food/Dairy/Yogurt") { k.insert(.yogurt) }
                if path.under("Food/Bakery") {
                    k.insert(.bakery)
                    if path.under("Food/Bakery/Pastry") { k.insert(.pastry) }
                }
                if path.under("Food/Sweets") {
                    k.insert(.sweets)
                    if path.under("Food/Sweets/Chocolate") { k.insert(.chocolate) }
                }
                if path.under("Food/Fruit") { k.insert(.fruit) }
            } else if path.under("Drinks/Coffee") {
                k.insert(.coffee)
            } else if path.under("Household") {
                k.insert(.household)
            } else if path.under("Tobacco") {
                k.insert(.tobacco)
            }
            return k
        }
    }

    // MARK: - Arithmetic

    /// price × quantity (thousandths), half up.
    @inline(__always)
    func roundedAmount(_ price: Int64, _ quantity: Int64) -> Int64 {
        (price * quantity + 500) / 1000
    }

    /// `p` percent of `amount`, half up.
    @inline(__always)
    func percent(_ amount: Int64, _ p: Int64) -> Int64 {
        (amount * p + 50) / 100
    }

    /// Whole units of a line; a weighed line is one unit.
    @inline(__always)
    func units(_ i: Int) -> Int64 {
        lines[i].weighed ? 1 : max(1, lines[i].quantity / 1000)
    }

    /// The current amount of `n` units of line `i`.
    func amount(of n: Int64, unitsOf i: Int) -> Int64 {
        let q = lines[i].quantity
        if lines[i].weighed || q < 1000 { return lines[i].current }
        return (lines[i].current * n * 1000 + q / 2) / q
    }

    /// Gives line `i` up to `wanted` off, down to its floor; returns what was given.
    @discardableResult
    mutating func give(_ i: Int, _ wanted: Int64, by promo: Promo, ignoringRestrictions: Bool = false) -> Int64 {
        guard wanted > 0, !lines[i].locked else { return 0 }
        let lowest = ignoringRestrictions ? lines[i].legal : lines[i].floor
        let given = min(wanted, max(0, lines[i].current - lowest))
        guard given > 0 else { return 0 }
        lines[i].current -= given
        outcome.discounts.append(LineDiscount(line: i, promo: promo, amount: given))
        return given
    }

    /// Gives every line of a kind `p` percent off its current amount; returns the total given.
    @discardableResult
    mutating func percentOff(_ kind: Kinds, _ p: Int64, by promo: Promo) -> Int64 {
        var given: Int64 = 0
        for i in 0..<count where lines[i].kinds.contains(kind) {
            given += give(i, percent(lines[i].current, p), by: promo)
        }
        return given
    }

    func sum(_ kind: Kinds) -> Int64 {
        var s: Int64 = 0
        for line in lines where line.kinds.contains(kind) { s += line.current }
        return s
    }

    func total() -> Int64 {
        var s: Int64 = 0
        for line in lines { s += line.current }
        return s
    }

    /// The unlocked lines of a kind as runs of equal units, most expensive unit first, the
    /// earlier line first among equals: into `runs`, or `runs2` for a second pool.
    mutating func unitRuns(_ kind: Kinds, second: Bool = false) {
        var out = second ? runs2 : runs
        if second { runs2 = [] } else { runs = [] } // keeps `out` the only owner of its buffer
        out.removeAll(keepingCapacity: true)
        for i in 0..<count where lines[i].kinds.contains(kind) && !lines[i].locked {
            let n = units(i)
            let run = Run(line: i, value: lines[i].current / n, count: n)
            // Insertion keeps the order: a few lines at most.
            var k = out.count
            out.append(run)
            while k > 0, out[k - 1].value < run.value {
                out[k] = out[k - 1]
                k -= 1
            }
            out[k] = run
        }
        if second { runs2 = out } else { runs = out }
    }
}

extension UnsafeBufferPointer<UInt8> {
    /// Whether the bytes start with `prefix`.
    @inline(__always)
    func starts(with prefix: StaticString) -> Bool {
        let n = prefix.utf8CodeUnitCount
        guard count >= n else { return false }
        let p = prefix.utf8Start
        for k in 0..<n where self[k] != p[k] { return false }
        return true
    }

    /// Whether the bytes are a category path equal to `root` or in its subtree.
    @inline(__always)
    func under(_ root: StaticString) -> Bool {
        starts(with: root) && (count == root.utf8CodeUnitCount || self[root.utf8CodeUnitCount] == UInt8(ascii: "/"))
    }
}
