import PromoDiagnostics
import PromoJSON
import PromoSyntax

// The checked program: names resolved, templates expanded, literals typed and converted to
// exact values. Later stages (analyses, code generation, tests) work on this model only.

/// A set of receipt lines, as a formula over line attributes. A category matches its subtree.
public indirect enum ItemSet: Hashable, Sendable, CustomStringConvertible {
    case all
    case category(String)
    case sku(Int64)
    case brand(String)
    /// A line flag from the catalog: `excise`, `weighed`, or any named flag.
    case flag(String)
    case union([ItemSet])
    case intersection([ItemSet])
    case difference(ItemSet, ItemSet)

    public var description: String {
        switch self {
        case .all: "all"
        case .category(let c): "category \(quoted(c))"
        case .sku(let s): "sku \(s)"
        case .brand(let b): "brand \(quoted(b))"
        case .flag(let f): f == "excise" || f == "weighed" ? f : "flag \(quoted(f))"
        case .union(let parts): "(" + parts.map(\.description).joined(separator: ", ") + ")"
        case .intersection(let parts): "(" + parts.map(\.description).joined(separator: " and ") + ")"
        case .difference(let a, let b): "(\(a) except \(b))"
        }
    }
}

func quoted(_ s: String) -> String {
    var out = ""
    JSONValue.quote(s, into: &out)
    return out
}

/// An exact constant.
public enum Constant: Hashable, Sendable {
    case money(Money)
    case percent(Percent)
    case count(Int64)
    case quantity(Quantity)
    case bool(Bool)
    case string(String)
    case date(DateLiteral)
    case time(TimeLiteral)
    case dateTime(DateLiteral, TimeLiteral)
    case duration(Duration)
    case window(Window)

    public var type: ValueType {
        switch self {
        case .money: .money
        case .percent: .percent
        case .count: .count
        case .quantity: .quantity
        case .bool: .bool
        case .string: .string
        case .date: .date
        case .time: .time
        case .dateTime: .dateTime
        case .duration: .duration
        case .window: .window
        }
    }
}

/// An argument of a customer figure: `last 90 days`, `category "Pets/Cats"`.
public enum FactArgument: Hashable, Sendable, CustomStringConvertible {
    case constant(Constant)
    case items(ItemSet)

    public var description: String {
        switch self {
        case .items(let set): set.description
        case .constant(.window(let w)): w.description
        case .constant(.string(let s)): quoted(s)
        case .constant(let c): "\(c)"
        }
    }
}

/// A customer figure the receipt's evaluation needs, e.g. `purchases(last 90 days)`. The
/// bundle lists these so the loyalty server (or the dry-run) supplies them.
public struct Fact: Hashable, Sendable, CustomStringConvertible {
    public var name: String
    public var arguments: [FactArgument]
    public var type: ValueType

    public init(name: String, arguments: [FactArgument], type: ValueType) {
        self.name = name
        self.arguments = arguments
        self.type = type
    }

    /// The canonical key: `purchases(last 90 days)`, `card`.
    public var description: String {
        arguments.isEmpty ? name : name + "(" + arguments.map(\.description).joined(separator: ", ") + ")"
    }
}

public enum StoreField: String, Hashable, Sendable, CaseIterable {
    case id, format, region, city, group
}

public enum LineField: String, Hashable, Sendable, CaseIterable {
    case price, min_price
}

/// A typed expression: a condition, an amount or an item set.
public indirect enum Value: Hashable, Sendable {
    case constant(Constant)
    case items(ItemSet)
    /// The receipt's current total.
    case receiptTotal
    /// Current amount of the lines in the set.
    case spend(ItemSet)
    /// Quantity of the lines in the set.
    case quantity(ItemSet)
    /// Number of lines in the set.
    case lineCount(ItemSet)
    /// A per-customer counter.
    case counter(String)
    case fact(Fact)
    /// `customer in "Important"`: a membership the CRM computes.
    case membership(String)
    /// `loyalty.gold`: the customer is on that level of that tier program.
    case tierLevel(program: String, level: String)
    case store(StoreField)
    case line(LineField)
    case not(Value)
    case and(Value, Value)
    case or(Value, Value)
    case compare(BinaryOperator, Value, Value)
    /// `value in ("a", "b")`
    case oneOf(Value, [Constant])
    case arithmetic(BinaryOperator, Value, Value)
    /// `30% of total`
    case percentOf(Value, Value)
    /// `customer.birthday within 3 days`
    case within(Value, Duration)
    /// Stands for a template parameter while a template is checked on its own.
    case parameter(String)
    case invalid
}

// MARK: - Promos

public enum PickOrderKind: String, Hashable, Sendable {
    case cheapest
    case mostExpensive = "most expensive"
}

/// What an effect works on.
public enum Target: Hashable, Sendable {
    /// One amount over the eligible lines of the receipt, allocated to them.
    case receipt(except: ItemSet?)
    /// Every matching line.
    case lines(ItemSet)
    /// `count` units of the matching lines, the cheapest or the most expensive first.
    case pick(count: Int64, order: PickOrderKind, items: ItemSet)

    /// The lines the effect can change.
    public var scope: ItemSet {
        switch self {
        case .receipt(let except): except.map { .difference(.all, $0) } ?? .all
        case .lines(let set): set
        case .pick(_, _, let set): set
        }
    }
}

public enum Amount: Hashable, Sendable {
    case percent(Percent)
    case money(Money)
}

public struct BundleComponentModel: Hashable, Sendable {
    public var count: Int64
    public var items: ItemSet
}

public enum Reward: Hashable, Sendable {
    case free
    case percentOff(Percent)
    case price(Money)
}

public enum LoyaltyCurrency: String, Hashable, Sendable {
    case bonus, chips
}

public enum AccrualAmount: Hashable, Sendable {
    /// A percent of the final amount of the lines in scope.
    case percent(Percent)
    /// A fixed number of points (bonus in minor units, chips whole).
    case points(Int64)
    /// `points` for every `step` of the amount of `basis` (nil: the receipt total).
    case perStep(points: Int64, step: Money, basis: ItemSet?)
}

public struct Accrual: Hashable, Sendable {
    public var currency: LoyaltyCurrency
    public var amount: AccrualAmount
    public var scope: ItemSet?
    public var activatesAfter: Duration?
    public var expiresAfter: Duration?
    public var excludingRedeemed: Bool
}

public struct IssuedCoupon: Hashable, Sendable {
    public var code: String
    public var discount: Amount
    public var scope: ItemSet?
    public var valid: Duration?
}

public enum Effect: Hashable, Sendable {
    case discount(amount: Amount, perUnit: Bool, target: Target)
    case fixedPrice(price: Money, target: Target, chips: Int64?)
    case bundle(components: [BundleComponentModel], price: Money, repeating: Bool)
    case buyGet(buy: Int64, of: ItemSet, get: Int64, getOf: ItemSet?, reward: Reward, order: PickOrderKind, repeating: Bool)
    case round(mode: RoundingMode, step: Money, scope: ItemSet?)
    case accrue(Accrual)
    case redeemChips(Int64)
    case gift(count: Int64, items: ItemSet)
    case issueCoupon(IssuedCoupon)

    /// True for effects that change prices, so their order against other promos matters.
    public var changesPrices: Bool {
        switch self {
        case .discount, .fixedPrice, .bundle, .buyGet, .round: true
        case .accrue, .redeemChips, .gift, .issueCoupon: false
        }
    }

    /// The lines whose prices the effect can change.
    public var priceScope: ItemSet? {
        switch self {
        case .discount(_, _, let target), .fixedPrice(_, let target, _): target.scope
        case .bundle(let components, _, _): .union(components.map(\.items))
        case .buyGet(_, let of, _, let getOf, _, _, _): getOf.map { .union([of, $0]) } ?? of
        case .round(_, _, let scope): scope ?? .all
        case .accrue, .redeemChips, .gift, .issueCoupon: nil
        }
    }
}

public enum MessageTarget: String, Hashable, Sendable, CaseIterable {
    case slip, cashier, display
}

public enum MessagePart: Hashable, Sendable {
    case text(String)
    case placeholder(String)
}

public struct Message: Hashable, Sendable {
    public var target: MessageTarget
    public var parts: [MessagePart]
}

public struct CounterChange: Hashable, Sendable {
    public var name: String
    public var op: CounterOperator
    public var value: Value
}

public enum LimitPeriod: String, Hashable, Sendable, CaseIterable {
    case day, week, month, year
}

public struct Limit: Hashable, Sendable {
    public enum Unit: String, Hashable, Sendable { case uses, units }
    public enum Per: String, Hashable, Sendable { case customer, receipt }
    public var count: Int64
    public var unit: Unit
    public var per: Per
    /// nil: the customer's lifetime (or the receipt).
    public var period: LimitPeriod?
}

/// Minutes since 1970-01-01 00:00, local time of the receipt.
public typealias MinuteStamp = Int64

/// Which receipts a promo, tier program or restriction considers at all.
public struct Eligibility: Hashable, Sendable {
    /// Active from `active.lowerBound` until before `active.upperBound`.
    public var active: Range<MinuteStamp>?
    /// Minutes of the day, `start..<end`; a range that ends before it starts runs past midnight.
    public var hours: [TimeWindow] = []
    public var weekdays: Set<Weekday>?
    /// Days of the month; negative days count from the month's end (-1 is the last day).
    public var days: Set<Int>?
    public var stores: Value?
    public var channels: Set<String>?
    public var audience: Value?
    /// A coupon pattern the receipt must present (`*` matches any characters).
    public var coupon: String?
    public var code: String?
    public var limits: [Limit] = []

    public init() {}

    /// True when no clause narrows it.
    public var isUnrestricted: Bool { self == Eligibility() }
}

public struct TimeWindow: Hashable, Sendable {
    public var start: Int
    public var end: Int
}

public enum LockKind: String, Hashable, Sendable, CaseIterable {
    case discounts, accrual, redemption
}

public struct Lock: Hashable, Sendable {
    public var kinds: Set<LockKind>
    /// nil: the lines the promo changed.
    public var scope: ItemSet?
}

public enum ForbidKind: String, Hashable, Sendable, CaseIterable {
    case redeem, accrue
}

public struct Forbid: Hashable, Sendable {
    public var kind: ForbidKind
    /// nil: the lines the promo changed.
    public var scope: ItemSet?
}

public struct Combination: Hashable, Sendable {
    public var basis: PriceBasis = .current
    public var locks: [Lock] = []
    public var forbids: [Forbid] = []
    public var stop = false
    public var bestOf: String?
    public var ignoreRestrictions = false
}

/// Where the clauses of a declaration are, for later diagnostics.
public struct ClauseSpans: Hashable, Sendable {
    public var spans: [String: Span] = [:]
    public init() {}
    public subscript(keyword: String) -> Span? {
        get { spans[keyword] }
        set { spans[keyword] = newValue }
    }
}

public struct Promo: Hashable, Sendable {
    public var name: String
    public var title: String?
    public var priority: Int64
    /// The span of the promo's name.
    public var nameSpan: Span
    public var eligibility = Eligibility()
    public var condition: Value?
    public var effects: [Effect] = []
    /// Where each effect is written, index for index.
    public var effectSpans: [Span] = []
    /// `counter coffees += …`: applied before the condition is read.
    public var counterChanges: [CounterChange] = []
    /// `then counter coffees -= 6`: applied when the promo applied.
    public var afterChanges: [CounterChange] = []
    public var combination = Combination()
    public var messages: [Message] = []
    public var clauses = ClauseSpans()
}

// MARK: - Tiers and restrictions

public struct TierLevel: Hashable, Sendable {
    public var name: String
    public var title: String?
    /// Money for spend, a count for purchases.
    public var threshold: Constant
    public var effects: [Effect]
    public var nameSpan: Span
}

public struct TierProgram: Hashable, Sendable {
    public var name: String
    public var title: String?
    public var nameSpan: Span
    /// What decides the level: `spend(previous calendar week)`.
    public var measure: Fact
    public var levels: [TierLevel]
    public var eligibility = Eligibility()
    /// Tier effects run after all promos unless a priority says otherwise.
    public var priority: Int64?
}

public struct RestrictionRule: Hashable, Sendable {
    public var subject: RuleSubject
    public var op: BinaryOperator
    public var bound: Value
    public var scope: ItemSet?
    public var per: Limit?
    public var span: Span
}

public struct Restriction: Hashable, Sendable {
    public var name: String
    public var title: String?
    public var nameSpan: Span
    public var rules: [RestrictionRule]
    public var eligibility = Eligibility()
}

// MARK: - Tests

public struct ReceiptSpec: Hashable, Sendable {
    public var at: MinuteStamp = 0
    public var date = DateLiteral(year: 1970, month: 1, day: 1)
    public var time = TimeLiteral(hour: 0, minute: 0)
    public var store: Int64?
    public var format: String?
    public var region: String?
    public var city: String?
    public var groups: [String] = []
    public var channel: String?
    public var customer: Int64?
    /// The customer's name, for `{name}` in messages.
    public var customerName: String?
    public var card = false
    public var coupons: [String] = []
    public var codes: [String] = []
    /// Bonus balance in minor units.
    public var bonusBalance: Int64?
    /// Bonus payment the customer asks for, in minor units.
    public var redeem: Int64?
    public var chips: Int64?
}

public struct LineSpec: Hashable, Sendable {
    public var sku: Int64 = 0
    public var name: String?
    public var category: String?
    public var brand: String?
    public var price = Money.zero
    public var quantity = Quantity(milli: 1000)
    public var excise = false
    public var weighed = false
    public var minPrice: Money?
    public var flags: [String] = []
    public var span: Span
}

public enum Given: Hashable, Sendable {
    case fact(Fact, Constant)
    case membership(String)
    case counter(String, Quantity)
    case tierLevel(program: String, level: String)
    /// `given dairy_week.uses(day) = 1`, `given qty_cap.units(month) = 3`: how often the customer
    /// used a promo (or reached a restriction) before the receipt; `units` in thousandths.
    case usage(unit: String, period: UsagePeriod, units: Bool, amount: Int64)
}

/// The period of a usage count: a limit's `per day`, ..., or the whole lifetime.
public enum UsagePeriod: String, Hashable, Sendable, CaseIterable {
    case day, week, month, year, lifetime
}

public enum Expectation: Hashable, Sendable {
    case discount(Money, by: String?)
    case total(Money)
    case applied(String)
    case notApplied(String, because: String?)
    case lineField(line: Int, field: String, value: Constant, by: String?)
    case accrued(Int64, currency: LoyaltyCurrency, by: String?, activates: DateLiteral?, expires: DateLiteral?)
    case spent(Int64, by: String?)
    case redeemable(Money)
    case coupon(String, value: Constant?, until: DateLiteral?)
    case gift(ItemSet, count: Int64?)
    case message(MessageTarget, String)
    case counter(String, CounterOperator, Quantity)
}

public struct TestCase: Hashable, Sendable {
    public var name: String
    public var nameSpan: Span
    public var receipt: ReceiptSpec
    public var lines: [LineSpec]
    public var givens: [Given]
    public var expectations: [(Expectation, Span)]

    public static func == (a: TestCase, b: TestCase) -> Bool {
        a.name == b.name && a.nameSpan == b.nameSpan && a.receipt == b.receipt && a.lines == b.lines
            && a.givens == b.givens && a.expectations.map(\.0) == b.expectations.map(\.0)
    }
    public func hash(into hasher: inout Hasher) {
        hasher.combine(name)
        hasher.combine(nameSpan)
    }
}

// MARK: - Program

/// A checked promo set.
public struct Program: Sendable {
    public var sources: SourceMap
    public var currency: Currency?
    /// In application order: by priority, then name.
    public var promos: [Promo]
    public var tiers: [TierProgram]
    public var restrictions: [Restriction]
    public var tests: [TestCase]
    /// Every customer figure the promos, tiers and restrictions read.
    public var facts: [Fact]
    /// Every counter read or changed.
    public var counters: [String]
    /// Named item sets and segments, for tools (hover, explain).
    public var itemSets: [String: ItemSet]
    public var segments: [String: Value]
}
