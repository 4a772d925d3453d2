import PromoDiagnostics

/// A name as written, with its place.
public struct Identifier: Hashable, Sendable, CustomStringConvertible {
    public var text: String
    public var span: Span
    public init(_ text: String, span: Span) {
        self.text = text
        self.span = span
    }
    public var description: String { text }
}

/// Identifies an expression node, for side tables (types, resolved names) kept by later stages.
public struct ExprID: Hashable, Sendable {
    public let file: FileID
    public let index: Int32
    public init(file: FileID, index: Int32) {
        self.file = file
        self.index = index
    }
}

/// An expression: a value, a condition over the receipt or the customer, or an item set
/// (item sets are predicates over receipt lines, so they share the grammar).
public struct Expr: Sendable {
    public var id: ExprID
    public var span: Span
    public var kind: ExprKind

    public init(id: ExprID, span: Span, kind: ExprKind) {
        self.id = id
        self.span = span
        self.kind = kind
    }
}

public indirect enum ExprKind: Sendable {
    case integer(Int64)
    case decimal(DecimalLiteral)
    case percent(DecimalLiteral)
    /// A number with a unit: `14 days`, `0.350 kg`, `6 pcs`.
    case measure(DecimalLiteral, unit: Identifier)
    case string(String)
    case date(DateLiteral)
    case time(TimeLiteral)
    case dateTime(DateLiteral, TimeLiteral)
    case bool(Bool)
    case name(Identifier)
    case member(Expr, Identifier)
    case call(Expr, [Expr])
    case unary(UnaryOperator, Expr)
    case binary(BinaryOperator, Expr, Expr)
    /// `customer.birthday within 3 days`
    case within(Expr, Expr)
    /// `category "Food/Dairy"`, `sku 1001, 1002`, `brand "X"`, `excise`, `all`.
    case itemAtom(ItemAtomKind, [Expr])
    /// `last 90 days`, `all time`, `previous calendar week`.
    case window(WindowKind)
    /// `counter coffees`
    case counter(Identifier)
    /// `("Moscow", "Kazan")`
    case list([Expr])
    /// Where the parser found no expression (already reported).
    case error
}

public enum UnaryOperator: String, Sendable {
    case not
    case negate = "-"
}

public enum BinaryOperator: String, Sendable {
    case or, and, except
    /// A comma between item sets: `alcohol, tobacco`.
    case union = ","
    case equal = "==", notEqual = "!=", less = "<", lessEqual = "<=", greater = ">", greaterEqual = ">="
    case `in`
    case add = "+", subtract = "-", multiply = "*"
    /// `30% of total`
    case of

    public var isComparison: Bool {
        switch self {
        case .equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual: true
        default: false
        }
    }
}

public enum ItemAtomKind: String, Sendable, CaseIterable {
    case all, category, sku, brand, excise, weighed, flag
}

public enum WindowKind: Sendable {
    case last(Expr)
    case allTime
    case previousCalendar(Identifier)
}

/// `a .. b`, or a single value (`upper` nil).
public struct RangeSyntax: Sendable {
    public var lower: Expr
    public var upper: Expr?
    public var span: Span
    public init(lower: Expr, upper: Expr?, span: Span) {
        self.lower = lower
        self.upper = upper
        self.span = span
    }
}

// MARK: - Declarations

public struct SourceFileSyntax: Sendable {
    public var file: FileID
    public var declarations: [Declaration]
    public init(file: FileID, declarations: [Declaration]) {
        self.file = file
        self.declarations = declarations
    }
}

public struct Declaration: Sendable {
    /// The span of the declaration keyword.
    public var keyword: Span
    public var span: Span
    public var kind: DeclarationKind
    public init(keyword: Span, span: Span, kind: DeclarationKind) {
        self.keyword = keyword
        self.span = span
        self.kind = kind
    }
}

public enum DeclarationKind: Sendable {
    /// `currency RUB`
    case currency(Identifier)
    /// `library std`: the file belongs to a library that replaces the bundled copy.
    case library(Identifier)
    /// `items dairy = category "Food/Dairy"`
    case items(NamedExpr)
    /// `segment churned = customer.days_since_last_purchase >= 90`
    case segment(NamedExpr)
    case promo(PromoSyntax)
    case tiers(TiersSyntax)
    case restriction(RestrictionSyntax)
    case test(TestSyntax)
    case template(TemplateSyntax)
    /// `figure purchases(window: Window): Count`: a built-in customer figure, declared in stdlib.
    case figure(FigureSyntax)
}

public struct NamedExpr: Sendable {
    public var name: Identifier
    public var title: Identifier?
    public var value: Expr
    public init(name: Identifier, title: Identifier?, value: Expr) {
        self.name = name
        self.title = title
        self.value = value
    }
}

public struct PromoSyntax: Sendable {
    public var name: Identifier
    /// The quoted title, its text in `text`.
    public var title: Identifier?
    public var clauses: [Clause]
    public init(name: Identifier, title: Identifier?, clauses: [Clause]) {
        self.name = name
        self.title = title
        self.clauses = clauses
    }
}

public struct TiersSyntax: Sendable {
    public var name: Identifier
    public var title: Identifier?
    public var clauses: [Clause]
    public init(name: Identifier, title: Identifier?, clauses: [Clause]) {
        self.name = name
        self.title = title
        self.clauses = clauses
    }
}

public struct RestrictionSyntax: Sendable {
    public var name: Identifier
    public var title: Identifier?
    public var clauses: [Clause]
    public init(name: Identifier, title: Identifier?, clauses: [Clause]) {
        self.name = name
        self.title = title
        self.clauses = clauses
    }
}

public struct TestSyntax: Sendable {
    /// The test's name, a string.
    public var name: Identifier
    public var clauses: [Clause]
    public init(name: Identifier, clauses: [Clause]) {
        self.name = name
        self.clauses = clauses
    }
}

public enum TemplateKind: String, Sendable {
    case promo, segment, items
}

public struct Parameter: Sendable {
    public var name: Identifier
    public var type: Identifier
    public init(name: Identifier, type: Identifier) {
        self.name = name
        self.type = type
    }
}

public struct TemplateSyntax: Sendable {
    public var kind: TemplateKind
    public var name: Identifier
    public var parameters: [Parameter]
    public var title: Identifier?
    /// The clauses of a promo template.
    public var clauses: [Clause]
    /// The value of a segment or items template.
    public var value: Expr?
    public init(kind: TemplateKind, name: Identifier, parameters: [Parameter], title: Identifier?,
                clauses: [Clause], value: Expr?) {
        self.kind = kind
        self.name = name
        self.parameters = parameters
        self.title = title
        self.clauses = clauses
        self.value = value
    }
}

public struct FigureSyntax: Sendable {
    public var name: Identifier
    public var parameters: [Parameter]
    public var type: Identifier
    public init(name: Identifier, parameters: [Parameter], type: Identifier) {
        self.name = name
        self.parameters = parameters
        self.type = type
    }
}

// MARK: - Clauses

/// One line of a block: a promo clause, a tier level, a restriction rule or a test statement.
public struct Clause: Sendable {
    /// The word that starts the clause.
    public var keyword: Identifier
    public var span: Span
    public var kind: ClauseKind
    public init(keyword: Identifier, span: Span, kind: ClauseKind) {
        self.keyword = keyword
        self.span = span
        self.kind = kind
    }
}

public enum ClauseKind: Sendable {
    // Order and combination
    case priority(Expr)
    case lock(LockSyntax)
    case forbid(ForbidSyntax)
    case stop
    case best(group: Identifier)
    case basis(PriceBasis)
    case ignoreRestrictions
    case use(name: Identifier, arguments: [Expr])

    // Eligibility
    case active(RangeSyntax)
    case hours([RangeSyntax])
    case weekdays([RangeSyntax])
    case days([RangeSyntax])
    case stores(Expr)
    case channels([Identifier])
    case audience(Expr)
    case when(Expr)
    case coupon(Expr)
    case code(Expr)
    case limit(LimitSyntax)

    // Effects
    case discount(DiscountSyntax)
    case price(PriceSyntax)
    case bundle(BundleSyntax)
    case buy(BuySyntax)
    case round(RoundSyntax)
    case accrue(AccrueSyntax)
    case redeem(amount: Expr, unit: Identifier)
    case gift(count: Expr?, items: Expr)
    case issue(IssueSyntax)
    case message(target: Identifier, text: Expr)
    case counter(CounterUpdate)
    case then([CounterUpdate])

    // Tiers
    case measure(figure: Identifier, window: Expr)
    case level(LevelSyntax)

    // Restrictions: `price >= line.min_price on alcohol`, `redeem <= 30% of total`
    case rule(RuleSyntax)

    // Tests
    case receipt([Attribute])
    case line([Attribute])
    case given(Expr, value: Expr?)
    case expect(ExpectSyntax)

    /// A clause the parser could not read (already reported).
    case error
}

public enum PriceBasis: String, Sendable {
    case original, current
}

public struct LockSyntax: Sendable {
    /// `discounts`, `accrual`, `redemption`.
    public var what: [Identifier]
    public var scope: Expr?
    public init(what: [Identifier], scope: Expr?) {
        self.what = what
        self.scope = scope
    }
}

public struct ForbidSyntax: Sendable {
    /// `redeem` or `accrue`.
    public var what: Identifier
    public var scope: Expr?
    public init(what: Identifier, scope: Expr?) {
        self.what = what
        self.scope = scope
    }
}

public struct LimitSyntax: Sendable {
    public var count: Expr
    /// `uses` (the default) or `units`.
    public var unit: Identifier?
    /// `customer` or `receipt`.
    public var per: Identifier
    /// `day`, `week`, `month`, `year`; nil for the customer's lifetime or the receipt.
    public var period: Identifier?
    public init(count: Expr, unit: Identifier?, per: Identifier, period: Identifier?) {
        self.count = count
        self.unit = unit
        self.per = per
        self.period = period
    }
}

/// What an effect works on.
public enum TargetSyntax: Sendable {
    /// `receipt` or `receipt except alcohol`: one amount over the eligible lines, allocated.
    case receipt(except: Expr?, span: Span)
    /// Every matching line.
    case items(Expr)
    /// `1 cheapest of coffee`, `2 most expensive of shoes`.
    case pick(count: Expr, order: PickOrder, items: Expr)
}

public enum PickOrder: String, Sendable {
    case cheapest
    case mostExpensive = "most expensive"
}

public struct DiscountSyntax: Sendable {
    public var amount: Expr
    /// `discount 10.00 each on …`: off every unit instead of every line.
    public var perUnit: Bool
    public var target: TargetSyntax
    public init(amount: Expr, perUnit: Bool, target: TargetSyntax) {
        self.amount = amount
        self.perUnit = perUnit
        self.target = target
    }
}

public struct PriceSyntax: Sendable {
    public var amount: Expr
    public var target: TargetSyntax
    /// `for 20 chips`: the price is paid partly in chips.
    public var chips: Expr?
    public init(amount: Expr, target: TargetSyntax, chips: Expr?) {
        self.amount = amount
        self.target = target
        self.chips = chips
    }
}

public struct BundleComponent: Sendable {
    public var count: Expr
    public var items: Expr
    public var span: Span
    public init(count: Expr, items: Expr, span: Span) {
        self.count = count
        self.items = items
        self.span = span
    }
}

public struct BundleSyntax: Sendable {
    public var components: [BundleComponent]
    public var price: Expr
    public var once: Bool
    public init(components: [BundleComponent], price: Expr, once: Bool) {
        self.components = components
        self.price = price
        self.once = once
    }
}

public enum RewardSyntax: Sendable {
    case free
    /// `at 50% off`
    case percentOff(Expr)
    /// `for 1.00`
    case price(Expr)
}

public struct BuySyntax: Sendable {
    public var count: Expr
    public var items: Expr
    public var getCount: Expr
    /// `get 1 of sku 5` (nil: of the same items).
    public var getItems: Expr?
    public var reward: RewardSyntax
    public var order: PickOrder
    public var once: Bool
    public init(count: Expr, items: Expr, getCount: Expr, getItems: Expr?, reward: RewardSyntax, order: PickOrder, once: Bool) {
        self.count = count
        self.items = items
        self.getCount = getCount
        self.getItems = getItems
        self.reward = reward
        self.order = order
        self.once = once
    }
}

public enum RoundingMode: String, Sendable {
    case down
    case halfUp = "half up"
}

public struct RoundSyntax: Sendable {
    public var mode: RoundingMode
    public var step: Expr
    public var scope: Expr?
    public init(mode: RoundingMode, step: Expr, scope: Expr?) {
        self.mode = mode
        self.step = step
        self.scope = scope
    }
}

public struct AccrueSyntax: Sendable {
    /// A percent of the amount, a fixed number of points, or points per money step.
    public var amount: Expr
    /// `bonus` or `chip` (any spelling).
    public var unit: Identifier
    /// `per 500.00 of total`: the amount is given for every such step.
    public var perStep: Expr?
    /// `of total` (nil) or `of dairy`.
    public var perBasis: Expr?
    /// `on all except alcohol`.
    public var scope: Expr?
    public var activatesAfter: Expr?
    public var expiresAfter: Expr?
    public var excludingRedeemed: Bool
    public init(amount: Expr, unit: Identifier, perStep: Expr?, perBasis: Expr?, scope: Expr?,
                activatesAfter: Expr?, expiresAfter: Expr?, excludingRedeemed: Bool) {
        self.amount = amount
        self.unit = unit
        self.perStep = perStep
        self.perBasis = perBasis
        self.scope = scope
        self.activatesAfter = activatesAfter
        self.expiresAfter = expiresAfter
        self.excludingRedeemed = excludingRedeemed
    }
}

public struct IssueSyntax: Sendable {
    /// The coupon code, a string.
    public var code: Expr
    /// `discount 10%` or `discount 100.00`.
    public var discount: Expr
    public var scope: Expr?
    public var valid: Expr?
    public init(code: Expr, discount: Expr, scope: Expr?, valid: Expr?) {
        self.code = code
        self.discount = discount
        self.scope = scope
        self.valid = valid
    }
}

public enum CounterOperator: String, Sendable {
    case add = "+="
    case subtract = "-="
    case set = "="
}

public struct CounterUpdate: Sendable {
    public var name: Identifier
    public var op: CounterOperator
    public var value: Expr
    public var span: Span
    public init(name: Identifier, op: CounterOperator, value: Expr, span: Span) {
        self.name = name
        self.op = op
        self.value = value
        self.span = span
    }
}

public struct LevelSyntax: Sendable {
    public var name: Identifier
    public var title: Identifier?
    public var threshold: Expr
    /// The effects of the level: `accrue 3% bonus`, `discount 5% on all`.
    public var effects: [Clause]
    public init(name: Identifier, title: Identifier?, threshold: Expr, effects: [Clause]) {
        self.name = name
        self.title = title
        self.threshold = threshold
        self.effects = effects
    }
}

public enum RuleSubject: String, Sendable {
    case price, discount, redeem, qty
}

public struct RuleSyntax: Sendable {
    public var subject: RuleSubject
    public var op: BinaryOperator
    public var bound: Expr
    public var scope: Expr?
    /// `per customer per day` for quantity rules.
    public var per: LimitSyntax?
    public init(subject: RuleSubject, op: BinaryOperator, bound: Expr, scope: Expr?, per: LimitSyntax?) {
        self.subject = subject
        self.op = op
        self.bound = bound
        self.scope = scope
        self.per = per
    }
}

/// `store 751`, `card`, `price 100.00` in a test's `receipt` or `line`.
public struct Attribute: Sendable {
    public var name: Identifier
    public var value: Expr?
    public init(name: Identifier, value: Expr?) {
        self.name = name
        self.value = value
    }
}

public enum ExpectSyntax: Sendable {
    /// `expect discount 120.00 [by dairy_week]`
    case discount(Expr, by: Identifier?)
    /// `expect total 480.00`
    case total(Expr)
    /// `expect applied dairy_week`
    case applied(Identifier)
    /// `expect not applied dairy_week [because "spend"]`
    case notApplied(Identifier, because: Expr?)
    /// `expect line 2 price 59.90` / `expect line 2 discount 10.00 [by p]`
    case line(Expr, field: Identifier, value: Expr, by: Identifier?)
    /// `expect accrued 500 bonus [by welcome] [activates 2026-12-03] [expires 2026-12-17]`
    case accrued(Expr, unit: Identifier, by: Identifier?, activates: Expr?, expires: Expr?)
    /// `expect spent 20 chips [by knife]`
    case spent(Expr, unit: Identifier, by: Identifier?)
    /// `expect redeemable 300.00`
    case redeemable(Expr)
    /// `expect coupon "NEXT10" [discount 10%] [until 2026-12-16]` (issued)
    case coupon(Expr, value: Expr?, until: Expr?)
    /// `expect gift [2 of] sku 5001`
    case gift(count: Expr?, items: Expr)
    /// `expect message slip "saved"`
    case message(target: Identifier, text: Expr)
    /// `expect counter coffees += 6`
    case counter(CounterUpdate)
}
