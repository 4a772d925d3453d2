import PromoBytecode

/// What an evaluation gives back. Promos are named by their index in the bundle's units;
/// ``LoadedBundle/name(ofUnit:)`` gives the name.
public struct EvaluationResult: Sendable, Hashable {
    public var lines: [LineResult] = []
    /// Every line's discounts, grouped by line (``LineResult/discountRange``), in the order the
    /// promos gave them; one entry per promo and line.
    public var lineDiscounts: [LineDiscount] = []
    /// Every discount cut short by a floor or a cap, grouped by line (``LineResult/clampRange``).
    public var lineClamps: [Clamp] = []
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

extension EvaluationResult {
    /// Empties every part, keeping the storage for the next receipt. Most parts of most
    /// results are empty already (gifts, coupons, chips): those are left alone, as emptying an
    /// empty array still checks its uniqueness and goes through the general removal.
    mutating func clear() {
        @inline(__always) func empty<T>(_ list: inout [T]) {
            if !list.isEmpty { list.removeAll(keepingCapacity: true) }
        }
        empty(&lines)
        empty(&lineDiscounts)
        empty(&lineClamps)
        empty(&trace)
        clearRest()
    }

    /// ``clear()`` but for the lines, their discounts and the trace, which an evaluation's
    /// ``Evaluator/finish()`` replaces whole (``replace(_:with:)``): emptying them first would
    /// go through the general removal once more a receipt for each.
    mutating func clearForEvaluation() {
        if !lineClamps.isEmpty { lineClamps.removeAll(keepingCapacity: true) }
        clearRest()
    }

    /// Makes `list` the values of `values`, keeping its storage.
    @inline(__always)
    static func replace<T>(_ list: inout [T], with values: UnsafeBufferPointer<T>) {
        list.replaceSubrange(0..<list.count, with: values)
    }

    private mutating func clearRest() {
        // A list of a value or two (the usual, for the parts that are not empty) gives them up
        // one by one: quicker than the general removal, which is for the longer ones.
        @inline(__always) func empty<T>(_ list: inout [T]) {
            if list.isEmpty { return }
            if list.count <= 2 {
                while list.popLast() != nil {}
            } else {
                list.removeAll(keepingCapacity: true)
            }
        }
        originalTotal = 0
        discountTotal = 0
        empty(&accruals)
        redeemable = 0
        redeemed = 0
        empty(&chipsSpent)
        empty(&couponsApplied)
        empty(&couponsIssued)
        empty(&gifts)
        empty(&messages)
        empty(&counterChanges)
        empty(&usage)
        steps = 0
    }

    /// The discounts of line `i`, one per promo.
    public func discounts(ofLine i: Int) -> ArraySlice<LineDiscount> { lineDiscounts[lines[i].discountRange] }

    /// The clamps of line `i`.
    public func clamps(ofLine i: Int) -> ArraySlice<Clamp> { lineClamps[lines[i].clampRange] }

    /// Adds a line with its discounts and clamps (their `line` is set here).
    public mutating func appendLine(sku: Int64, originalAmount: Int64, finalAmount: Int64, discounts: [LineDiscount] = [],
                                    clamps: [Clamp] = [], accrualAllowed: Bool = true, redemptionAllowed: Bool = true) {
        let i = lines.count
        let d = lineDiscounts.count, c = lineClamps.count
        lineDiscounts += discounts.map { LineDiscount(line: i, unit: $0.unit, amount: $0.amount) }
        lineClamps += clamps.map { Clamp(line: i, unit: $0.unit, amount: $0.amount, restriction: $0.restriction) }
        lines.append(LineResult(sku: sku, originalAmount: originalAmount, finalAmount: finalAmount,
                                discountRange: d..<lineDiscounts.count, clampRange: c..<lineClamps.count,
                                accrualAllowed: accrualAllowed, redemptionAllowed: redemptionAllowed))
    }
}

public struct LineResult: Sendable, Hashable {
    public var sku: Int64
    public var originalAmount: Int64
    public var finalAmount: Int64
    /// Where the line's discounts are in ``EvaluationResult/lineDiscounts``.
    public var discountRange: Range<Int>
    /// Where the line's clamps are in ``EvaluationResult/lineClamps``.
    public var clampRange: Range<Int>
    public var accrualAllowed: Bool
    public var redemptionAllowed: Bool
    public var discountTotal: Int64 { originalAmount - finalAmount }

    public init(sku: Int64, originalAmount: Int64, finalAmount: Int64, discountRange: Range<Int>, clampRange: Range<Int>,
                accrualAllowed: Bool, redemptionAllowed: Bool) {
        self.sku = sku
        self.originalAmount = originalAmount
        self.finalAmount = finalAmount
        self.discountRange = discountRange
        self.clampRange = clampRange
        self.accrualAllowed = accrualAllowed
        self.redemptionAllowed = redemptionAllowed
    }
}

public struct LineDiscount: Sendable, Hashable {
    public var line: Int
    public var unit: Int
    public var amount: Int64

    public init(line: Int = 0, unit: Int, amount: Int64) {
        self.line = line
        self.unit = unit
        self.amount = amount
    }
}

/// A discount cut short by a floor or a cap.
public struct Clamp: Sendable, Hashable {
    public var line: Int
    public var unit: Int
    /// What was not given.
    public var amount: Int64
    /// The restriction (a unit index) that clamped it; nil for the legal minimum price.
    public var restriction: Int?

    public init(line: Int = 0, unit: Int, amount: Int64, restriction: Int?) {
        self.line = line
        self.unit = unit
        self.amount = amount
        self.restriction = restriction
    }
}

public struct AccrualResult: Sendable, Hashable {
    public var unit: Int
    public var chips: Bool
    /// Bonus in minor units, or whole chips.
    public var points: Int64
    public var activates: LocalDate
    public var expires: LocalDate?

    public init(unit: Int, chips: Bool, points: Int64, activates: LocalDate, expires: LocalDate?) {
        self.unit = unit
        self.chips = chips
        self.points = points
        self.activates = activates
        self.expires = expires
    }
}

public struct ChipsSpent: Sendable, Hashable {
    public var unit: Int
    public var chips: Int64

    public init(unit: Int, chips: Int64) {
        self.unit = unit
        self.chips = chips
    }
}

public struct CouponApplied: Sendable, Hashable {
    public var unit: Int
    public var code: String

    public init(unit: Int, code: String) {
        self.unit = unit
        self.code = code
    }
}

public struct CouponIssued: Sendable, Hashable {
    public var unit: Int
    public var code: String
    /// Percent in millionths or money in minor units.
    public var isPercent: Bool
    public var value: Int64
    public var validUntil: LocalDate?

    public init(unit: Int, code: String, isPercent: Bool, value: Int64, validUntil: LocalDate?) {
        self.unit = unit
        self.code = code
        self.isPercent = isPercent
        self.value = value
        self.validUntil = validUntil
    }
}

public struct Gift: Sendable, Hashable {
    public var unit: Int
    public var sku: Int64
    public var count: Int64

    public init(unit: Int, sku: Int64, count: Int64) {
        self.unit = unit
        self.sku = sku
        self.count = count
    }
}

/// A message a promo sends. Its text is put together when it is read: evaluating a receipt
/// only notes the figures its placeholders need, so a receipt whose messages nobody reads costs
/// no text building.
public struct MessageResult: Sendable, Hashable {
    public var unit: Int
    public var target: MessageTargetCode
    var content: Content

    enum Content: Sendable {
        case text(String)
        case template(MessageTemplate)
    }

    public init(unit: Int, target: MessageTargetCode, text: String) {
        self.unit = unit
        self.target = target
        self.content = .text(text)
    }

    init(unit: Int, target: MessageTargetCode, template: MessageTemplate) {
        self.unit = unit
        self.target = target
        self.content = .template(template)
    }

    /// The message with its placeholders filled in.
    public var text: String {
        get {
            switch content {
            case .text(let text): text
            case .template(let template): template.render(unit: unit)
            }
        }
        set { content = .text(newValue) }
    }

    public static func == (a: MessageResult, b: MessageResult) -> Bool {
        a.unit == b.unit && a.target == b.target && a.text == b.text
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(unit)
        hasher.combine(target)
        hasher.combine(text)
    }
}

/// What a message's placeholders stand for on one receipt.
struct MessageTemplate: Sendable {
    let bundle: LoadedBundle
    let message: Int32
    var name: String?
    var coupon: String?
    var saved: Int64 = 0
    var balance: Int64 = 0
    var accrued: Int64 = 0
    var total: Int64 = 0
    var chips: Int64 = 0

    func render(unit u: Int) -> String {
        let m = bundle.model
        var text = ""
        for part in m.messages[Int(message)].parts {
            let s = m.strings[Int(part.text)]
            guard part.isPlaceholder else { text += s; continue }
            switch Placeholder(rawValue: bundle.placeholders[Int(part.text)]) ?? .none {
            case .name: text += name ?? ""
            case .saved: text += money(saved)
            case .balance: text += money(balance)
            case .accrued: text += money(accrued)
            case .total: text += money(total)
            case .promo: text += bundle.title(ofUnit: u) ?? bundle.name(ofUnit: u)
            case .chips: text += String(chips)
            case .coupon: text += coupon ?? ""
            case .none: break
            }
        }
        return text
    }

    func money(_ minor: Int64) -> String { FixedPoint.money(minor, decimals: bundle.currencyDecimals) }
}

/// The placeholders a message can hold, by their name in the bundle's strings.
enum Placeholder: UInt8 {
    case none, name, saved, balance, accrued, total, promo, chips, coupon

    init(name: String) {
        switch name {
        case "name": self = .name
        case "saved": self = .saved
        case "balance": self = .balance
        case "accrued": self = .accrued
        case "total": self = .total
        case "promo": self = .promo
        case "chips": self = .chips
        case "coupon": self = .coupon
        default: self = .none
        }
    }
}

public struct CounterChange: Sendable, Hashable {
    public var unit: Int
    public var counter: String
    public var operation: CounterOperation
    /// In thousandths.
    public var value: Int64

    public init(unit: Int, counter: String, operation: CounterOperation, value: Int64) {
        self.unit = unit
        self.counter = counter
        self.operation = operation
        self.value = value
    }
}

public struct UsageChange: Sendable, Hashable {
    public var unit: Int
    public var uses: Int64
    /// Units of goods it changed, in thousandths.
    public var units: Int64

    public init(unit: Int, uses: Int64, units: Int64) {
        self.unit = unit
        self.uses = uses
        self.units = units
    }
}

/// Which promos an evaluation's trace lists (``Evaluator/traceDetail``).
public enum TraceDetail: Sendable, Hashable {
    /// Every promo and restriction, applied or not, with the reason of each that did not apply.
    case all
    /// Only the promos and restrictions that applied.
    case applied
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
