import PromoBytecode

/// What an evaluation gives back. Promos are named by their index in the bundle's units;
/// ``LoadedBundle/name(ofUnit:)`` gives the name.
public struct EvaluationResult: Sendable, Hashable {
    public var lines: [LineResult] = []
    public var originalTotal: Int64 = 0
    public var discountTotal: Int64 = 0
    public var finalTotal: Int64 { originalTotal - discountTotal }
    public var accruals: [AccrualResult] = []
    /// The most the customer may pay with bonuses.
    public var redeemable: Int64 = 0
    /// What was paid with bonuses, when the receipt asked for a bonus payment.
    public var redeemed: Int64 = 0
    public var chipsSpent: [ChipsSpent] = []
    public var couponsApplied: [CouponApplied] = []
    public var couponsIssued: [CouponIssued] = []
    public var gifts: [Gift] = []
    public var messages: [MessageResult] = []
    public var counterChanges: [CounterChange] = []
    public var usage: [UsageChange] = []
    /// Every candidate unit in order: applied, or why not.
    public var trace: [TraceEntry] = []
    /// Instructions and effect steps the evaluation took.
    public var steps: Int64 = 0

    public init() {}
}

public struct LineResult: Sendable, Hashable {
    public var sku: Int64
    public var originalAmount: Int64
    public var finalAmount: Int64
    public var discounts: [LineDiscount]
    public var clamps: [Clamp]
    public var accrualAllowed: Bool
    public var redemptionAllowed: Bool
    public var discountTotal: Int64 { originalAmount - finalAmount }
}

public struct LineDiscount: Sendable, Hashable {
    public var unit: Int
    public var amount: Int64
}

/// A discount cut short by a floor or a cap.
public struct Clamp: Sendable, Hashable {
    public var unit: Int
    /// What was not given.
    public var amount: Int64
    /// The restriction (a unit index) that clamped it; nil for the legal minimum price.
    public var restriction: Int?
}

public struct AccrualResult: Sendable, Hashable {
    public var unit: Int
    public var chips: Bool
    /// Bonus in minor units, or whole chips.
    public var points: Int64
    public var activates: LocalDate
    public var expires: LocalDate?
}

public struct ChipsSpent: Sendable, Hashable {
    public var unit: Int
    public var chips: Int64
}

public struct CouponApplied: Sendable, Hashable {
    public var unit: Int
    public var code: String
}

public struct CouponIssued: Sendable, Hashable {
    public var unit: Int
    public var code: String
    /// Percent in millionths or money in minor units.
    public var isPercent: Bool
    public var value: Int64
    public var validUntil: LocalDate?
}

public struct Gift: Sendable, Hashable {
    public var unit: Int
    public var sku: Int64
    public var count: Int64
}

public struct MessageResult: Sendable, Hashable {
    public var unit: Int
    public var target: MessageTargetCode
    public var text: String
}

public struct CounterChange: Sendable, Hashable {
    public var unit: Int
    public var counter: String
    public var operation: CounterOperation
    /// In thousandths.
    public var value: Int64
}

public struct UsageChange: Sendable, Hashable {
    public var unit: Int
    public var uses: Int64
    /// Units of goods it changed, in thousandths.
    public var units: Int64
}

public struct TraceEntry: Sendable, Hashable {
    public var unit: Int
    public var applied: Bool
    public var reason: Reason?
    /// The comparison that failed, when a condition did not hold.
    public var failed: FailedComparison?
    /// Total discount the unit gave.
    public var discount: Int64
}

public struct FailedComparison: Sendable, Hashable {
    /// Where it is in the code (for the source place).
    public var pc: Int
    public var left: Int64
    public var right: Int64
    public var opcode: Opcode
}

/// Why an evaluation could not be done.
public struct EvaluationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The input field at fault, like `lines[3].quantity`.
    public var field: String
    public var message: String

    public init(field: String, message: String) {
        self.field = field
        self.message = message
    }

    public var description: String { field.isEmpty ? message : "\(field): \(message)" }
}
