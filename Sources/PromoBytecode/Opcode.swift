/// What an operand of an instruction refers to; the verifier checks each against its table and
/// the disassembler prints it by kind.
public enum OperandKind: UInt8, Sendable {
    case none
    /// A register of the unit: `R[x]`.
    case register
    /// An index into the constant pool: `K[x]`.
    case constant
    /// A small signed immediate.
    case immediate
    /// An item set: `S[x]`.
    case itemSet
    /// A customer fact of the manifest: `F[x]`.
    case fact
    /// A string of the string table.
    case string
    /// A code index inside the unit, forward of the instruction.
    case target
    /// An effect descriptor: `E[x]`.
    case effect
    /// A message descriptor.
    case message
    /// A per-customer counter.
    case counter
    /// A usage limit descriptor.
    case limit
    /// A tier program.
    case tier
    /// A level of the tier program named by operand `b`.
    case level
    /// A bit mask.
    case mask
    /// A reason for not applying (``Reason``).
    case reason
    /// A store field (``StoreFieldCode``).
    case storeField
    /// A counter change (``CounterOperation``).
    case counterOperation
}

/// One row of the opcode table: the mnemonic, the operands `a`, `b`, `c` and the semantics.
public struct OpcodeInfo: Sendable {
    public var mnemonic: String
    public var operands: (a: OperandKind, b: OperandKind, c: OperandKind)
    public var semantics: String
    /// The instruction ends the unit's code: nothing follows it in this path.
    public var terminates: Bool

    init(_ mnemonic: String, _ kinds: [OperandKind], _ semantics: String, terminates: Bool = false) {
        self.mnemonic = mnemonic
        let k = kinds + [OperandKind](repeating: .none, count: 3 - kinds.count)
        self.operands = (k[0], k[1], k[2])
        self.semantics = semantics
        self.terminates = terminates
    }
}

/// The instruction set. Instructions are 64-bit words: opcode (8 bits), `a` (16), `b` (16),
/// `c` (24). Every unit (a promo, a tier program, a restriction) has its own code range and
/// registers; jumps go forward only, so a unit runs at most once through its code.
///
/// This table drives the encoder, the verifier and the disassembler.
public enum Opcode: UInt8, CaseIterable, Sendable {
    // Control
    case halt, jump, jumpIfFalse, jumpIfTrue, fail, require, jumpIfNothingApplied
    // Values
    case loadConstant, loadImmediate, move, total, spend, quantity, lineCount, fact, membership, tierLevel
    case counterValue, store, storeInList, receiptDate
    // Arithmetic and logic
    case add, subtract, multiply, percentOf, not, equal, notEqual, less, lessEqual, greater, greaterEqual
    case inList, withinDays, withinYearly
    // Eligibility
    case active, hours, weekdays, days, channels, identified, coupon, code, limit
    // Effects
    case effect, message, changeCounter, lock, forbid, stop, applyTier

    /// The table: one row per opcode, in opcode order.
    public static let table: [OpcodeInfo] = [
        OpcodeInfo("HALT", [], "end of the unit: it applied if an effect changed something", terminates: true),
        OpcodeInfo("JUMP", [.target], "pc := a", terminates: true),
        OpcodeInfo("JUMPF", [.register, .target], "if R[a] is false: pc := b"),
        OpcodeInfo("JUMPT", [.register, .target], "if R[a] is true: pc := b"),
        OpcodeInfo("FAIL", [.reason], "not applied because of reason a (with the last failed comparison)", terminates: true),
        OpcodeInfo("REQUIRE", [.register, .reason], "if R[a] is false: not applied because of reason b"),
        OpcodeInfo("JUMPNA", [.target], "if no effect of the unit changed anything: pc := a"),

        OpcodeInfo("LOADK", [.register, .constant], "R[a] := K[b]"),
        OpcodeInfo("LOADI", [.register, .immediate], "R[a] := b"),
        OpcodeInfo("MOVE", [.register, .register], "R[a] := R[b]"),
        OpcodeInfo("TOTAL", [.register], "R[a] := the receipt's current total"),
        OpcodeInfo("SPEND", [.register, .itemSet], "R[a] := current amount of the lines in S[b]"),
        OpcodeInfo("QTY", [.register, .itemSet], "R[a] := quantity (thousandths) of the lines in S[b]"),
        OpcodeInfo("COUNT", [.register, .itemSet], "R[a] := number of lines in S[b]"),
        OpcodeInfo("FACT", [.register, .fact], "R[a] := F[b], or absent"),
        OpcodeInfo("MEMBER", [.register, .string], "R[a] := the customer is in the CRM segment named b"),
        OpcodeInfo("TIERLEVEL", [.register, .tier, .level], "R[a] := the customer is on level c of tier program b"),
        OpcodeInfo("COUNTER", [.register, .counter], "R[a] := counter b (the customer's value and this receipt's changes)"),
        OpcodeInfo("STORE", [.register, .storeField], "R[a] := field b of the store (text as a string id, -1 when unknown)"),
        OpcodeInfo("STOREIN", [.register, .string], "R[a] := the store is in the group named b"),
        OpcodeInfo("DATE", [.register], "R[a] := the receipt's date as a day number"),

        OpcodeInfo("ADD", [.register, .register, .register], "R[a] := R[b] + R[c]"),
        OpcodeInfo("SUB", [.register, .register, .register], "R[a] := R[b] - R[c]"),
        OpcodeInfo("MUL", [.register, .register, .register], "R[a] := R[b] * R[c] (a count times an amount)"),
        OpcodeInfo("PCTOF", [.register, .register, .register], "R[a] := R[b] percent of R[c], half up to the minor unit"),
        OpcodeInfo("NOT", [.register, .register], "R[a] := not R[b]"),
        OpcodeInfo("EQ", [.register, .register, .register], "R[a] := R[b] == R[c] (false when either is absent)"),
        OpcodeInfo("NE", [.register, .register, .register], "R[a] := R[b] != R[c] (false when either is absent)"),
        OpcodeInfo("LT", [.register, .register, .register], "R[a] := R[b] < R[c] (false when either is absent)"),
        OpcodeInfo("LE", [.register, .register, .register], "R[a] := R[b] <= R[c] (false when either is absent)"),
        OpcodeInfo("GT", [.register, .register, .register], "R[a] := R[b] > R[c] (false when either is absent)"),
        OpcodeInfo("GE", [.register, .register, .register], "R[a] := R[b] >= R[c] (false when either is absent)"),
        OpcodeInfo("INLIST", [.register, .register, .constant], "R[a] := R[b] is one of the K[c] values after K[c]"),
        OpcodeInfo("WITHIN", [.register, .register, .constant], "R[a] := the date R[b] is within K[c] days before the receipt"),
        OpcodeInfo("WITHINYEARLY", [.register, .register, .constant], "R[a] := the yearly date R[b] is within K[c] days of the receipt"),

        OpcodeInfo("ACTIVE", [.constant], "not applied unless K[a] <= the receipt's minute < K[a+1]"),
        OpcodeInfo("HOURS", [.constant, .immediate], "not applied unless the minute of the day is in one of the b windows K[a..]"),
        OpcodeInfo("WEEKDAYS", [.mask], "not applied unless the receipt's weekday is in mask a (bit 0 Monday)"),
        OpcodeInfo("DAYS", [.constant], "not applied unless the day of the month is in K[a] (bits 1-31, and 32+n for n days before the month's end)"),
        OpcodeInfo("CHANNELS", [.mask], "not applied unless the receipt's channel is in mask a"),
        OpcodeInfo("IDENTIFIED", [.reason], "not applied unless the customer is identified (reason a)"),
        OpcodeInfo("COUPON", [.string], "not applied unless a presented coupon matches pattern a"),
        OpcodeInfo("CODE", [.string], "not applied unless promo code a is presented"),
        OpcodeInfo("LIMIT", [.limit], "not applied when the customer's or the receipt's uses reach limit a"),

        OpcodeInfo("EFFECT", [.effect], "apply effect E[a]"),
        OpcodeInfo("MESSAGE", [.message], "send message a when the unit applies"),
        OpcodeInfo("CHANGE", [.counter, .counterOperation, .register], "counter a op(b) R[c]"),
        OpcodeInfo("LOCK", [.mask, .itemSet], "lock the kinds in mask a on S[b] (all sets: the lines the unit changed)"),
        OpcodeInfo("FORBID", [.mask, .itemSet], "forbid the kinds in mask a on S[b] (all sets: the lines the unit changed)"),
        OpcodeInfo("STOP", [], "no later unit runs once this one applied"),
        OpcodeInfo("APPLYTIER", [.tier, .register], "apply the effects of level R[b] of tier program a"),
    ]

    public var info: OpcodeInfo { Opcode.table[Int(rawValue)] }

    /// The operand kinds of one opcode.
    public struct OperandKinds: Sendable {
        public var a: OperandKind
        public var b: OperandKind
        public var c: OperandKind
    }

    /// The table's operand kinds by raw value, without its texts: what the verifier and the
    /// loader read for every instruction.
    static let operandKindTable: [OperandKinds] = table.map { OperandKinds(a: $0.operands.a, b: $0.operands.b, c: $0.operands.c) }

    /// The kinds of the operands `a`, `b`, `c` (the table's `operands`).
    @inline(__always)
    public var operandKinds: OperandKinds { Opcode.operandKindTable[Int(rawValue)] }

    /// Whether the instruction ends the unit's code (the table's `terminates`).
    var terminates: Bool { Opcode.table[Int(rawValue)].terminates }
}

/// An `S[x]` operand that means "no item set": everything, or the lines the unit changed.
public let noItemSet: UInt32 = 0xFFFF

/// One instruction word.
public struct Instruction: Hashable, Sendable, CustomStringConvertible {
    public var opcode: Opcode
    public var a: UInt32
    public var b: UInt32
    public var c: UInt32

    public init(_ opcode: Opcode, _ a: UInt32 = 0, _ b: UInt32 = 0, _ c: UInt32 = 0) {
        self.opcode = opcode
        self.a = a
        self.b = b
        self.c = c
    }

    public static let maxA: UInt32 = 0xFFFF
    public static let maxB: UInt32 = 0xFFFF
    public static let maxC: UInt32 = 0xFF_FFFF

    /// Packs the instruction: opcode in bits 0-7, `a` in 8-23, `b` in 24-39, `c` in 40-63.
    public var word: UInt64 {
        UInt64(opcode.rawValue) | UInt64(a & 0xFFFF) << 8 | UInt64(b & 0xFFFF) << 24 | UInt64(c & 0xFF_FFFF) << 40
    }

    /// Unpacks a word; nil when its opcode is unknown.
    public init?(word: UInt64) {
        guard let opcode = Opcode(rawValue: UInt8(truncatingIfNeeded: word)) else { return nil }
        self.init(opcode, UInt32(truncatingIfNeeded: word >> 8) & 0xFFFF, UInt32(truncatingIfNeeded: word >> 24) & 0xFFFF,
                  UInt32(truncatingIfNeeded: word >> 40) & 0xFF_FFFF)
    }

    public var description: String { Disassembler.text(of: self, bundle: nil) }
}

/// Why a unit did not apply.
public enum Reason: UInt8, CaseIterable, Sendable {
    case notActive, outsideHours, wrongWeekday, wrongDayOfMonth, wrongStore, wrongChannel, needsCustomer
    case notInAudience, couponMissing, codeMissing, limitReached, conditionFalse, nothingToChange
    case linesLocked, stopped, betterInGroup, stepBudget, noLevel, notEnoughChips

    public var text: String {
        switch self {
        case .notActive: "not active at the receipt's time"
        case .outsideHours: "outside its hours"
        case .wrongWeekday: "not on this weekday"
        case .wrongDayOfMonth: "not on this day of the month"
        case .wrongStore: "not in this store"
        case .wrongChannel: "not in this sales channel"
        case .needsCustomer: "needs an identified customer"
        case .notInAudience: "the customer is not in its audience"
        case .couponMissing: "no coupon of its pattern presented"
        case .codeMissing: "its promo code was not presented"
        case .limitReached: "its usage limit is reached"
        case .conditionFalse: "its condition does not hold"
        case .nothingToChange: "nothing on the receipt to apply it to"
        case .linesLocked: "its lines are locked by an earlier promo"
        case .stopped: "an earlier promo stopped all later ones"
        case .betterInGroup: "another promo of its best-of group gives more"
        case .stepBudget: "the evaluation ran out of its step budget"
        case .noLevel: "the customer has no level"
        case .notEnoughChips: "the customer has too few chips"
        }
    }

    /// A stable name for JSON.
    public var code: String {
        switch self {
        case .notActive: "not_active"
        case .outsideHours: "outside_hours"
        case .wrongWeekday: "wrong_weekday"
        case .wrongDayOfMonth: "wrong_day_of_month"
        case .wrongStore: "wrong_store"
        case .wrongChannel: "wrong_channel"
        case .needsCustomer: "needs_customer"
        case .notInAudience: "not_in_audience"
        case .couponMissing: "coupon_missing"
        case .codeMissing: "code_missing"
        case .limitReached: "limit_reached"
        case .conditionFalse: "condition_false"
        case .nothingToChange: "nothing_to_change"
        case .linesLocked: "lines_locked"
        case .stopped: "stopped"
        case .betterInGroup: "better_in_group"
        case .stepBudget: "step_budget"
        case .noLevel: "no_level"
        case .notEnoughChips: "not_enough_chips"
        }
    }
}

/// The store fields a `STORE` instruction reads.
public enum StoreFieldCode: UInt8, CaseIterable, Sendable {
    case id, format, region, city
}

/// How `CHANGE` changes a counter.
public enum CounterOperation: UInt8, CaseIterable, Sendable {
    case add, subtract, set
}

/// Bits of `LOCK` and `FORBID` masks.
public enum LockBits {
    public static let discounts: UInt32 = 1
    public static let accrual: UInt32 = 2
    public static let redemption: UInt32 = 4
}

/// Channel bits of `CHANNELS`.
public enum ChannelCode: UInt8, CaseIterable, Sendable {
    case pos, sco, web, app, delivery
    public var name: String {
        switch self {
        case .pos: "pos"
        case .sco: "sco"
        case .web: "web"
        case .app: "app"
        case .delivery: "delivery"
        }
    }
}
