/// The contents of a compiled bundle: every table the VM needs, in the order the file stores
/// them. Strings are referred to by index into ``strings``; "none" is -1 where a field is
/// optional.
public struct BundleModel: Hashable, Sendable {
    public var currencyCode: String = ""
    public var currencyDecimals: UInt8 = 2
    public var strings: [String] = []
    public var constants: [Int64] = []

    // Atoms: the line attributes item sets test. Atom ids number categories first, then SKUs,
    // brands and flags.
    /// Category paths (string ids): a line matches the atom when its category is this one or
    /// lies below it.
    public var categories: [UInt32] = []
    public var skus: [Int64] = []
    public var brands: [UInt32] = []
    /// Flag names (string ids); `excise` and `weighed` are flags too.
    public var flags: [UInt32] = []

    /// Item sets as postfix programs over atoms (see ``ItemSetOp``).
    public var itemSets: [[UInt32]] = []
    /// The customer facts the bundle reads: the manifest.
    public var facts: [FactInfo] = []
    public var counters: [UInt32] = []
    public var tiers: [TierInfo] = []
    public var limits: [LimitInfo] = []
    public var effects: [EffectInfo] = []
    public var messages: [MessageInfo] = []
    /// Promos, tier programs and restrictions, promos in application order.
    public var units: [UnitInfo] = []
    public var rules: [RuleInfo] = []
    public var code: [UInt64] = []
    /// Source places of instructions, sorted by `pc`.
    public var debug: [DebugInfo] = []
    /// What the comparisons compare, sorted by `pc`: a trace shows the values as money, dates…
    public var comparisons: [ComparisonInfo] = []
    /// For each atom, the promos (unit indices) that can only apply when a line has that atom;
    /// promos listed nowhere are candidates for every receipt.
    public var candidates: [[UInt32]] = []
    /// The step budget of an evaluation: `base + perLine * lines`.
    public var stepBase: Int64 = 0
    public var stepPerLine: Int64 = 0

    public init() {}

    public var atomCount: Int { categories.count + skus.count + brands.count + flags.count }
}

/// The operations of an item set program: each word is an operation in its top 4 bits and an
/// atom id in the rest.
public enum ItemSetOp: UInt32, Sendable {
    /// Push whether the line has the atom.
    case atom = 0
    /// Push true.
    case all = 1
    /// Pop two, push both.
    case and = 2
    /// Pop two, push either.
    case or = 3
    /// Pop two (a, b), push a and not b.
    case andNot = 4

    public static func word(_ op: ItemSetOp, _ atom: UInt32 = 0) -> UInt32 { op.rawValue << 28 | (atom & 0x0FFF_FFFF) }
    public static func decode(_ word: UInt32) -> (op: ItemSetOp?, atom: UInt32) {
        (ItemSetOp(rawValue: word >> 28), word & 0x0FFF_FFFF)
    }
    /// The deepest an item set program's stack may go.
    public static let maxDepth = 64
}

/// How a value is typed, for facts and for printing.
public enum ValueTag: UInt8, CaseIterable, Sendable {
    case money, percent, count, quantity, bool, string, date, anniversary, time, dateTime, duration
}

public struct FactInfo: Hashable, Sendable {
    /// The canonical key, as the loyalty server sends it: `purchases(last 90 days)`.
    public var key: UInt32
    public var tag: ValueTag
    public init(key: UInt32, tag: ValueTag) {
        self.key = key
        self.tag = tag
    }
}

public struct LevelInfo: Hashable, Sendable {
    public var name: UInt32
    public var title: Int32
    public var threshold: Int64
    public var effectStart: UInt32
    public var effectCount: UInt32
    public init(name: UInt32, title: Int32, threshold: Int64, effectStart: UInt32, effectCount: UInt32) {
        self.name = name
        self.title = title
        self.threshold = threshold
        self.effectStart = effectStart
        self.effectCount = effectCount
    }
}

public struct TierInfo: Hashable, Sendable {
    public var name: UInt32
    /// The fact that decides the level.
    public var measure: UInt32
    /// Levels from the lowest threshold up.
    public var levels: [LevelInfo]
    public init(name: UInt32, measure: UInt32, levels: [LevelInfo]) {
        self.name = name
        self.measure = measure
        self.levels = levels
    }
}

public struct LimitInfo: Hashable, Sendable {
    public var count: Int64
    /// 0 uses, 1 units (thousandths in `count`).
    public var units: Bool
    /// 0 per customer, 1 per receipt.
    public var perReceipt: Bool
    /// 0 lifetime, 1 day, 2 week, 3 month, 4 year.
    public var period: UInt8
    public init(count: Int64, units: Bool, perReceipt: Bool, period: UInt8) {
        self.count = count
        self.units = units
        self.perReceipt = perReceipt
        self.period = period
    }
}

public enum TargetKind: UInt8, Sendable, CaseIterable {
    case receipt, lines, cheapest, mostExpensive
}

/// What an effect works on: a receipt amount over all lines but `set`, the lines of `set`, or
/// `count` units of `set`.
public struct TargetInfo: Hashable, Sendable {
    public var kind: TargetKind
    public var set: UInt32
    public var count: Int64
    public init(kind: TargetKind, set: UInt32, count: Int64 = 0) {
        self.kind = kind
        self.set = set
        self.count = count
    }
}

public enum AmountKind: UInt8, Sendable, CaseIterable {
    /// A percent in millionths.
    case percent
    /// Money in minor units.
    case money
}

public enum DurationUnitCode: UInt8, Sendable, CaseIterable {
    case none, days, weeks, months, years
}

/// A length of time in calendar units (none: not given).
public struct DurationInfo: Hashable, Sendable {
    public var amount: Int64
    public var unit: DurationUnitCode
    public init(amount: Int64, unit: DurationUnitCode) {
        self.amount = amount
        self.unit = unit
    }
    public static let none = DurationInfo(amount: 0, unit: .none)
}

public enum RewardKind: UInt8, Sendable, CaseIterable {
    case free, percentOff, price
}

public enum AccrualKind: UInt8, Sendable, CaseIterable {
    case percent, points, perStep
}

public struct BundleComponentInfo: Hashable, Sendable {
    public var count: Int64
    public var set: UInt32
    public init(count: Int64, set: UInt32) {
        self.count = count
        self.set = set
    }
}

/// An effect, applied by the VM's native code.
public enum EffectInfo: Hashable, Sendable {
    /// `perUnit`: a money amount off every unit.
    case discount(kind: AmountKind, value: Int64, perUnit: Bool, target: TargetInfo)
    /// `chips`: the chips it costs, -1 for none.
    case fixedPrice(price: Int64, target: TargetInfo, chips: Int64)
    case bundle(components: [BundleComponentInfo], price: Int64, repeating: Bool)
    /// `getSet` is ``noItemSet`` for "of the same items"; `order` is cheapest or most expensive.
    case buyGet(buy: Int64, set: UInt32, get: Int64, getSet: UInt32, reward: RewardKind, value: Int64,
                mostExpensive: Bool, repeating: Bool)
    /// `halfUp` false: down.
    case round(halfUp: Bool, step: Int64, set: UInt32)
    /// `chips` false: bonus. For `perStep`, `value` points per `step` of the amount of `basis`
    /// (``noItemSet``: the receipt total).
    case accrue(chips: Bool, kind: AccrualKind, value: Int64, step: Int64, basis: UInt32, scope: UInt32,
                activatesAfter: DurationInfo, expiresAfter: DurationInfo, excludingRedeemed: Bool)
    case redeemChips(Int64)
    case gift(sku: Int64, count: Int64)
    case issueCoupon(code: UInt32, kind: AmountKind, value: Int64, scope: UInt32, valid: DurationInfo)
}

public enum MessageTargetCode: UInt8, Sendable, CaseIterable {
    case slip, cashier, display
}

/// A message: text parts and placeholders (`{saved}`), each a string id.
public struct MessageInfo: Hashable, Sendable {
    public var target: MessageTargetCode
    /// `(isPlaceholder, string)` in order.
    public var parts: [MessagePartInfo]
    public init(target: MessageTargetCode, parts: [MessagePartInfo]) {
        self.target = target
        self.parts = parts
    }
}

public struct MessagePartInfo: Hashable, Sendable {
    public var isPlaceholder: Bool
    public var text: UInt32
    public init(isPlaceholder: Bool, text: UInt32) {
        self.isPlaceholder = isPlaceholder
        self.text = text
    }
}

public enum UnitKind: UInt8, Sendable, CaseIterable {
    case promo, tiers, restriction
}

/// A promo, a tier program or a restriction: its name, place in the order and code.
public struct UnitInfo: Hashable, Sendable {
    public var kind: UnitKind
    public var name: UInt32
    public var title: Int32
    public var priority: Int64
    public var codeStart: UInt32
    public var codeEnd: UInt32
    public var registers: UInt16
    /// The best-of group (a string id), -1 for none.
    public var group: Int32
    /// Discounts are computed on original prices.
    public var originalPrices: Bool
    /// Restrictions other than the legal minimum price do not hold for it.
    public var ignoresRestrictions: Bool
    public init(kind: UnitKind, name: UInt32, title: Int32, priority: Int64, codeStart: UInt32, codeEnd: UInt32,
                registers: UInt16, group: Int32, originalPrices: Bool, ignoresRestrictions: Bool) {
        self.kind = kind
        self.name = name
        self.title = title
        self.priority = priority
        self.codeStart = codeStart
        self.codeEnd = codeEnd
        self.registers = registers
        self.group = group
        self.originalPrices = originalPrices
        self.ignoresRestrictions = ignoresRestrictions
    }
}

public enum RuleSubjectCode: UInt8, Sendable, CaseIterable {
    case price, discount, redeem, quantity
}

public enum BoundKind: UInt8, Sendable, CaseIterable {
    /// A money amount per unit (price) or per line (discount).
    case money
    /// A percent of the line's original amount (discount) or of the receipt (redeem).
    case percent
    /// The line's legal minimum price.
    case lineMinPrice
    /// A percent of the receipt's total: a cap on the receipt's whole discount (discount) or
    /// bonus payment (redeem). With a scope (`discount <= 10% of total on ITEMS`) it is a percent
    /// of the total of the scope's lines (original amounts for a discount, final ones for a
    /// payment), and it caps only what those lines take: discounts of other lines neither count
    /// against it nor are cut by it.
    case percentOfTotal
    /// A quantity (thousandths).
    case quantity
}

/// One rule of a restriction (unit `unit`): a floor or a cap.
public struct RuleInfo: Hashable, Sendable {
    public var unit: UInt32
    public var subject: RuleSubjectCode
    public var bound: BoundKind
    public var value: Int64
    /// The lines the rule holds for (``noItemSet``: all, and the receipt as a whole).
    public var scope: UInt32
    /// For quantity rules: the limit descriptor, -1 for none.
    public var limit: Int32
    public init(unit: UInt32, subject: RuleSubjectCode, bound: BoundKind, value: Int64, scope: UInt32, limit: Int32) {
        self.unit = unit
        self.subject = subject
        self.bound = bound
        self.value = value
        self.scope = scope
        self.limit = limit
    }
}

/// The type of the values a comparison instruction compares.
public struct ComparisonInfo: Hashable, Sendable {
    public var pc: UInt32
    public var tag: ValueTag
    public init(pc: UInt32, tag: ValueTag) {
        self.pc = pc
        self.tag = tag
    }
}

/// Where an instruction came from: the source line and the text of the clause.
public struct DebugInfo: Hashable, Sendable {
    public var pc: UInt32
    public var file: UInt32
    public var line: UInt32
    public var column: UInt32
    public var text: UInt32
    public init(pc: UInt32, file: UInt32, line: UInt32, column: UInt32, text: UInt32) {
        self.pc = pc
        self.file = file
        self.line = line
        self.column = column
        self.text = text
    }
}
