import PromoBytecode
import PromoJSON

/// Evaluates receipts against one loaded bundle. An evaluator keeps its buffers between
/// receipts; use one per thread (the bundle itself is shared). Copies of an evaluator share
/// those buffers: make a new evaluator rather than copying one.
public struct Evaluator {
    public let bundle: LoadedBundle
    let m: BundleModel

    /// Which promos the result's trace lists: all of them with the reason each one that did not
    /// apply was turned away (the default), or only those that applied. A till that reads only
    /// what applied sets ``TraceDetail/applied``: the evaluation then writes nothing for the
    /// many promos a receipt does not get.
    public var traceDetail: TraceDetail {
        get { traceAll ? .all : .applied }
        set { traceAll = newValue == .all }
    }

    // The receipt: the caller's, read in place while ``evaluate(_:)`` runs (copying it would
    // count a reference to each of its strings and lists, and again when the copy goes).
    var receiptPointer: UnsafePointer<Receipt> = Evaluator.noReceipt
    var receipt: Receipt { unsafeAddress { receiptPointer } }
    /// How many of the receipt's lines are its own (``evaluate(at:lines:into:)``); all of them
    /// otherwise.
    var lineLimit = Int.max
    /// The receipt's lines evaluated: the first ``lineLimit``.
    var receiptLineCount: Int { min(receipt.lines.count, lineLimit) }
    /// What `receiptPointer` shows between evaluations.
    nonisolated(unsafe) static let noReceipt: UnsafePointer<Receipt> = {
        let p = UnsafeMutablePointer<Receipt>.allocate(capacity: 1)
        p.initialize(to: Receipt(date: LocalDate(year: 1970, month: 1, day: 1), minute: 0))
        return UnsafePointer(p)
    }()
    /// The receipt's customer, read in place likewise; meaningful only while `hasCustomer`.
    var customerPointer: UnsafePointer<Customer> = Evaluator.noCustomer
    var customer: Customer { unsafeAddress { customerPointer } }
    /// What `customerPointer` shows without a customer.
    nonisolated(unsafe) static let noCustomer: UnsafePointer<Customer> = {
        let p = UnsafeMutablePointer<Customer>.allocate(capacity: 1)
        p.initialize(to: Customer(id: ""))
        return UnsafePointer(p)
    }()
    var dayNumber = 0
    var minuteStamp: Int64 = 0
    var weekday = 0
    var dayOfMonth = 0
    var daysInMonth = 31
    var storeFormat: Int64 = absent
    var storeRegion: Int64 = absent
    var storeCity: Int64 = absent
    var storeGroups: Pile<Int64>
    var channelBit: UInt32 = 0
    /// The same, and the receipt's weekday, as bits of a unit's ``HotUnit`` masks; the
    /// identified check's bit when there is no customer.
    var channelBits: UInt8 = 0
    var weekdayBit: UInt8 = 1
    var customerFails: UInt8 = 0
    var segments: Pile<Int64>
    /// What the evaluation reads of the customer, taken once.
    var hasCustomer = false
    var customerChips: Int64 = 0
    var customerBalance: Int64?
    var facts: UnsafeMutablePointer<Int64>
    var counters: UnsafeMutablePointer<Int64>
    var levels: UnsafeMutablePointer<Int>

    // Lines, one entry per receipt line, in buffers of `lineCapacity`.
    let memory = Memory()
    var lineCount = 0
    var lineCapacity = 0
    var original: UnsafeMutablePointer<Int64>
    var current: UnsafeMutablePointer<Int64>
    var quantity: UnsafeMutablePointer<Int64>
    var floorLegal: UnsafeMutablePointer<Int64>
    var floorRestricted: UnsafeMutablePointer<Int64>
    /// The restriction behind `floorRestricted`, -1 for the legal minimum.
    var floorSource: UnsafeMutablePointer<Int32>
    var flags: UnsafeMutablePointer<UInt8>
    var changedBy: UnsafeMutablePointer<Int32>
    var scratchPerLine: UnsafeMutablePointer<Int64>
    var scratchPerLine2: UnsafeMutablePointer<Int64>
    var redeemedShares: UnsafeMutablePointer<Int64>
    /// The lines a receipt-level amount is spread over, their weights and their room.
    var pickLines: UnsafeMutablePointer<Int>
    var pickWeights: UnsafeMutablePointer<Int64>
    var pickCapacities: UnsafeMutablePointer<Int64>
    // What a best-of group's trial runs start from.
    var savedCurrent: UnsafeMutablePointer<Int64>
    var savedFlags: UnsafeMutablePointer<UInt8>
    var savedChangedBy: UnsafeMutablePointer<Int32>
    /// The units of each line counted against the restrictions' quantity budgets (a unit
    /// discounted by several promos counts once), and a best-of group's copy; only while there
    /// are quantity budgets.
    var countedUnits: UnsafeMutablePointer<Int64>
    var savedCountedUnits: UnsafeMutablePointer<Int64>
    /// The units of each line the running unit has discounted, meaningful where `changedBy` is
    /// the unit and units are tracked (quantity budgets, or a units limit of the unit).
    var unitLineUnits: UnsafeMutablePointer<Int64>

    // Item sets as bit sets over lines, computed on first use from the lines of each atom; the
    // buffers hold `wordCapacity` words per set and per atom.
    var words = 1
    var wordCapacity = 1
    var setBits: UnsafeMutablePointer<UInt64>
    var setReady: UnsafeMutablePointer<Bool>
    /// For each atom, the lines that have it (`words` words each); only `touchedAtoms` are not
    /// zero, and they are cleared before the next receipt.
    var atomBits: UnsafeMutablePointer<UInt64>
    var atomTouched: UnsafeMutablePointer<Bool>
    var touchedAtoms: Pile<UInt32>
    /// The atoms of SKUs seen before, and the atoms of the line being bound.
    var atomCache: AtomCache
    /// What ``bindLines()`` read of the lines' places in ``atomCache`` ahead of looking them up.
    var atomTouch: UInt8 = 0
    var lineAtoms: Pile<UInt32>
    var wordStack: UnsafeMutablePointer<UInt64>

    // Scratch buffers of the effects, kept between receipts.
    var setLines: Pile<Int>
    var scratchLines: Pile<Int>
    var scratchWeights: Pile<Int64>
    var scratchCapacities: Pile<Int64>
    var scratchRuns: Pile<(line: Int, value: Int64, count: Int64)>
    var scratchRuns2: Pile<(line: Int, value: Int64, count: Int64)>
    var bundlePool: Pile<(line: Int, value: Int64, count: Int64)>
    var bundlePoolStart: Pile<Int>
    var shareAllocator = Allocator()
    var savedCounters: Pile<Int64>
    var savedBudgets: Pile<(set: UInt32, remaining: Int64, unit: Int32)>
    var savedCaps: Pile<(set: UInt32, remaining: Int64, unit: Int32)>
    var groupMembers: Pile<Int>
    var decidedGroups: Pile<Int32>
    /// Why each member of a best-of group did not apply (nil: it did), with its failed comparison.
    var groupReasons: Pile<(reason: Reason?, failed: FailedComparison?)>

    /// The candidate promos and tier programs, as bits over their places in application order.
    var candidateBits: UnsafeMutablePointer<UInt64>
    /// The places of best-of groups' first members that are no candidates themselves while
    /// another member is: a group is decided at its first member in priority order.
    var leaderBits: UnsafeMutablePointer<UInt64>
    /// The best-of groups with members, each as the range of its members in `groupList` (in
    /// run order): the evaluator's own copy, so that reading it counts no reference on the
    /// bundle's arrays, which threads share.
    let groupCount: Int
    var groupRanges: UnsafeMutablePointer<(start: Int32, end: Int32)>
    var groupList: UnsafeMutablePointer<Int32>
    /// The place in `groupRanges` of each group, by its string id (−1: no group).
    var groupIndex: UnsafeMutablePointer<Int32>
    /// The restrictions in run order, each with the range of its rules in `restrictionRules`:
    /// the evaluator's own copy, as for the groups (reading the bundle's list of each unit's
    /// rules counted a reference on it, shared by every thread, once per restriction a
    /// receipt).
    let restrictionCount: Int
    var restrictions: UnsafeMutablePointer<(unit: Int32, start: Int32, end: Int32)>
    /// Per unit: a restriction's place among the restrictions by name (the other units' are 0).
    /// Of two restrictions giving a line the same floor, the one named first is the floor's
    /// source, so that which one a clamp names does not depend on the order of the files.
    var restrictionRank: UnsafeMutablePointer<Int32>
    var restrictionRules: UnsafeMutablePointer<RuleInfo>
    /// Each unit's name, as the customer's usage is keyed: the evaluator's own strings, so that
    /// looking usage up counts no reference on the bundle's, which threads share.
    let unitNames: [String]
    /// Each unit's usage by the receipt's customer (``customerUsage(_:)``), read from the
    /// customer's usage once an evaluation, at the first look, by the keys' texts through
    /// ``StringMemo``: hashing a unit's name for the dictionary at every look cost more than
    /// reading the few keys a customer has. A unit's usage holds while its mark is the
    /// evaluation's number; `usageRead` is the evaluation whose usage was read, and
    /// `usageByName` tells that a key was no unit's name as written (such a customer's usage
    /// is looked up by name, as strings equal in Unicode may differ in bytes).
    var usageValues: UnsafeMutablePointer<Usage>
    var usageMarks: UnsafeMutablePointer<Int>
    /// Each unit's next unit of an equal name (the bundle's ``LoadedBundle/sameName``).
    var sameName: UnsafeMutablePointer<Int32>
    var evaluationNumber = 0
    var usageRead = 0
    var usageByName = false
    var registers: UnsafeMutablePointer<Int64>
    /// The bundle's code and constants (the bundle owns them).
    let code: UnsafePointer<UInt64>
    let constants: UnsafePointer<Int64>
    /// The units' eligibility prologues (the bundle owns them), and what each store condition
    /// came to in this receipt's store: 0 not run yet, 1 holds, 2 does not; its steps and last
    /// failed comparison (the slot of ``StoreCache`` for the store).
    let gates: Gates
    var storeCache: StoreCache
    /// How many times a store condition's code has run (tests read it).
    var storeConditionRuns = 0
    var storeKey: Pile<Int64>
    /// Fact names, counter names and the store's and customer's strings looked up lately.
    var strings: StringMemo
    /// The bundle's strings (``LoadedBundle/id(of:)``), the bundle's table held here: read
    /// from the bundle at each look, the table was copied each time.
    let stringIDs: ByteTable
    var storeStatus: UnsafeMutablePointer<UInt8>
    var storeSteps: UnsafeMutablePointer<Int32>
    var storeFailure: UnsafeMutablePointer<FailedComparison?>
    /// Off only in tests, which compare the results with the interpreter running every prologue.
    var checksPrologues = true
    /// Off only in tests: every prologue checked op by op, as one out of the compiler's order is.
    var checksInOrder = true
    /// Both of them, for the receipt.
    var gatesInOrder = true
    /// Whether ``runUnits()`` turns units away by the bundle's ``GateMasks`` (tests compare
    /// evaluations with and without them: the results, steps and errors must be the same).
    package var usesGateMasks = true
    /// A step budget to use instead of the bundle's (tests run out of steps at every point).
    package var budgetOverride: Int64?

    // What happened.
    var discounts: Pile<(line: Int32, unit: Int32, amount: Int64)>
    var clamps: Pile<(line: Int32, unit: Int32, amount: Int64, restriction: Int32)>
    var pendingAccruals: Pile<(unit: Int32, effect: Int32)>
    var pendingMessages: Pile<(unit: Int32, message: Int32)>
    var result = EvaluationResult()
    /// The trace as it grows, copied into the result at the end: a unit is traced at most once
    /// a receipt, so it never holds more than the bundle's units.
    var traceEntries: UnsafeMutablePointer<TraceEntry>
    var traceCount = 0
    let traceLimit: Int
    /// Whether promos that did not apply are traced too (``TraceDetail``).
    var traceAll = true
    /// Scratch for grouping discounts by line.
    var lineStart: Pile<Int>
    var cursor: Pile<Int>
    /// The discounts as ``groupDiscountsByLine()`` groups them, and the lines as ``finish()``
    /// makes them.
    var groupedDiscounts: Pile<LineDiscount>
    var lineResults: Pile<LineResult>

    // Restrictions.
    var discountAllowance: Int64 = .max
    var allowanceSource: Int32 = -1
    var redeemCaps: Pile<(unit: Int32, bound: BoundKind, value: Int64, scope: UInt32)>
    var quantityBudgets: Pile<(set: UInt32, remaining: Int64, unit: Int32)>
    /// Caps on the discount of the lines of a set (`discount <= N% of total on ITEMS`): what
    /// the lines of `set` may still take.
    var discountCaps: Pile<(set: UInt32, remaining: Int64, unit: Int32)>

    // The unit being run.
    var unit = 0
    /// Its `on original prices` and `ignore restrictions`.
    var unitOriginalPrices = false
    var unitIgnoresRestrictions = false
    var unitDiscount: Int64 = 0
    /// The quantity of the lines the unit has changed so far.
    var unitUnits: Int64 = 0
    /// The units the unit may still discount under its units limits (`.max`: no such limit).
    var unitUnitsLeft: Int64 = .max
    /// The chips the running unit spends, until its first effect checks the balance.
    var unitChipsDue: Int64 = 0
    var changedAnything = false
    var sawPriceEffect = false
    var lockedSkips = false
    var lastFailure: FailedComparison?
    var stopped = false
    var steps: Int64 = 0
    var budget: Int64 = 0
    var allocator = Allocator()

    static let absent = Int64.min

    public init(bundle: LoadedBundle) {
        self.bundle = bundle
        let m = bundle.model
        self.m = m
        self.code = UnsafePointer(bundle.code.baseAddress!)
        self.constants = UnsafePointer(bundle.constants.baseAddress!)
        self.atomCache = AtomCache(memory: memory)
        self.strings = StringMemo(memory: memory)
        self.stringIDs = bundle.stringIDs
        discounts = Pile(memory, capacity: 256, filler: (0, 0, 0))
        touchedAtoms = Pile(memory, capacity: 64, filler: 0)
        storeGroups = Pile(memory, filler: 0)
        segments = Pile(memory, filler: 0)
        lineAtoms = Pile(memory, filler: 0)
        setLines = Pile(memory, filler: 0)
        scratchLines = Pile(memory, filler: 0)
        scratchWeights = Pile(memory, filler: 0)
        scratchCapacities = Pile(memory, filler: 0)
        scratchRuns = Pile(memory, filler: (0, 0, 0))
        scratchRuns2 = Pile(memory, filler: (0, 0, 0))
        bundlePool = Pile(memory, filler: (0, 0, 0))
        bundlePoolStart = Pile(memory, filler: 0)
        savedCounters = Pile(memory, filler: 0)
        savedBudgets = Pile(memory, filler: (0, 0, 0))
        savedCaps = Pile(memory, filler: (0, 0, 0))
        groupMembers = Pile(memory, filler: 0)
        decidedGroups = Pile(memory, filler: 0)
        groupReasons = Pile(memory, filler: (nil, nil))
        storeKey = Pile(memory, filler: 0)
        clamps = Pile(memory, filler: (0, 0, 0, 0))
        pendingAccruals = Pile(memory, filler: (0, 0))
        pendingMessages = Pile(memory, filler: (0, 0))
        lineStart = Pile(memory, filler: 0)
        cursor = Pile(memory, filler: 0)
        groupedDiscounts = Pile(memory, capacity: 256, filler: LineDiscount(line: 0, unit: 0, amount: 0))
        lineResults = Pile(memory, capacity: 64, filler: LineResult(sku: 0, originalAmount: 0, finalAmount: 0, discountRange: 0..<0,
                                                                    clampRange: 0..<0, accrualAllowed: true, redemptionAllowed: true))
        redeemCaps = Pile(memory, filler: (0, .money, 0, 0))
        quantityBudgets = Pile(memory, filler: (0, 0, 0))
        discountCaps = Pile(memory, filler: (0, 0, 0))
        traceLimit = m.units.count
        self.gates = bundle.gates
        let conditions = bundle.gates.storeConditionCount
        storeCache = StoreCache(conditions: conditions, memory: memory)
        storeStatus = storeCache.status
        storeSteps = storeCache.steps
        storeFailure = storeCache.failures
        registers = memory.buffer(Int(m.units.map(\.registers).max() ?? 0), 0)
        facts = memory.buffer(m.facts.count, Evaluator.absent)
        counters = memory.buffer(m.counters.count, 0)
        levels = memory.buffer(m.tiers.count, -1)
        candidateBits = memory.buffer(bundle.gates.runWords, 0)
        leaderBits = memory.buffer(bundle.gates.runWords, 0)
        let groups = bundle.bestOfGroups.map { bundle.groupMembers[$0] }
        groupCount = groups.count
        groupRanges = memory.buffer(max(1, groups.count), (0, 0))
        groupList = memory.buffer(max(1, groups.reduce(0) { $0 + $1.count }), 0)
        groupIndex = memory.buffer(max(1, bundle.groupMembers.count), -1)
        var next: Int32 = 0
        for (g, members) in groups.enumerated() {
            groupIndex[bundle.bestOfGroups[g]] = Int32(g)
            groupRanges[g] = (next, next + Int32(members.count))
            for u in members {
                groupList[Int(next)] = Int32(u)
                next += 1
            }
        }
        // (Made from their bytes: new storage, not the bundle's.)
        unitNames = m.units.indices.map { String(decoding: Array(bundle.name(ofUnit: $0).utf8), as: UTF8.self) }
        usageValues = memory.buffer(m.units.count, Usage())
        usageMarks = memory.buffer(m.units.count, 0)
        sameName = memory.buffer(m.units.count, -1)
        for (u, next) in bundle.sameName.enumerated() { sameName[u] = next }
        let restrictionUnits = bundle.restrictionUnits
        restrictionCount = restrictionUnits.count
        restrictions = memory.buffer(max(1, restrictionUnits.count), (0, 0, 0))
        let ruleCount = restrictionUnits.reduce(0) { $0 + bundle.rulesByUnit[$1].count }
        restrictionRules = memory.buffer(max(1, ruleCount), m.rules.first
            ?? RuleInfo(unit: 0, subject: RuleSubjectCode.allCases[0], bound: BoundKind.allCases[0], value: 0, scope: 0, limit: -1))
        restrictionRank = memory.buffer(max(1, m.units.count), 0)
        for (rank, r) in restrictionUnits.sorted(by: { bundle.name(ofUnit: $0) < bundle.name(ofUnit: $1) }).enumerated() {
            restrictionRank[r] = Int32(rank)
        }
        var nextRule: Int32 = 0
        for (k, r) in restrictionUnits.enumerated() {
            let start = nextRule
            for ruleIndex in bundle.rulesByUnit[r] {
                restrictionRules[Int(nextRule)] = m.rules[ruleIndex]
                nextRule += 1
            }
            restrictions[k] = (Int32(r), start, nextRule)
        }
        traceEntries = memory.buffer(m.units.count, TraceEntry(unit: 0, applied: false, reason: nil, failed: nil, discount: 0))
        setReady = memory.buffer(m.itemSets.count, false)
        setBits = memory.buffer(m.itemSets.count, 0)
        atomBits = memory.buffer(m.atomCount, 0)
        atomTouched = memory.buffer(m.atomCount, false)
        wordStack = memory.buffer(ItemSetOp.maxDepth + 1, 0)
        lineCapacity = 64
        original = memory.buffer(lineCapacity, 0)
        current = memory.buffer(lineCapacity, 0)
        quantity = memory.buffer(lineCapacity, 0)
        floorLegal = memory.buffer(lineCapacity, 0)
        floorRestricted = memory.buffer(lineCapacity, 0)
        floorSource = memory.buffer(lineCapacity, -1)
        flags = memory.buffer(lineCapacity, 0)
        changedBy = memory.buffer(lineCapacity, -1)
        scratchPerLine = memory.buffer(lineCapacity, 0)
        scratchPerLine2 = memory.buffer(lineCapacity, 0)
        redeemedShares = memory.buffer(lineCapacity, 0)
        pickLines = memory.buffer(lineCapacity, 0)
        pickWeights = memory.buffer(lineCapacity, 0)
        pickCapacities = memory.buffer(lineCapacity, 0)
        savedCurrent = memory.buffer(lineCapacity, 0)
        savedFlags = memory.buffer(lineCapacity, 0)
        savedChangedBy = memory.buffer(lineCapacity, -1)
        countedUnits = memory.buffer(lineCapacity, 0)
        savedCountedUnits = memory.buffer(lineCapacity, 0)
        unitLineUnits = memory.buffer(lineCapacity, 0)
    }

    /// Makes the per-line buffers hold `n` lines, and the per-set and per-atom ones `words`.
    mutating func reserve(lines n: Int) {
        if n > lineCapacity {
            let c = max(n, 2 * lineCapacity)
            lineCapacity = c
            original = memory.replace(original, c, 0)
            current = memory.replace(current, c, 0)
            quantity = memory.replace(quantity, c, 0)
            floorLegal = memory.replace(floorLegal, c, 0)
            floorRestricted = memory.replace(floorRestricted, c, 0)
            floorSource = memory.replace(floorSource, c, -1)
            flags = memory.replace(flags, c, 0)
            changedBy = memory.replace(changedBy, c, -1)
            scratchPerLine = memory.replace(scratchPerLine, c, 0)
            scratchPerLine2 = memory.replace(scratchPerLine2, c, 0)
            redeemedShares = memory.replace(redeemedShares, c, 0)
            pickLines = memory.replace(pickLines, c, 0)
            pickWeights = memory.replace(pickWeights, c, 0)
            pickCapacities = memory.replace(pickCapacities, c, 0)
            savedCurrent = memory.replace(savedCurrent, c, 0)
            savedFlags = memory.replace(savedFlags, c, 0)
            savedChangedBy = memory.replace(savedChangedBy, c, -1)
            countedUnits = memory.replace(countedUnits, c, 0)
            savedCountedUnits = memory.replace(savedCountedUnits, c, 0)
            unitLineUnits = memory.replace(unitLineUnits, c, 0)
        }
        words = max(1, (n + 63) / 64)
        if words > wordCapacity {
            wordCapacity = max(words, 2 * wordCapacity)
            setBits = memory.replace(setBits, m.itemSets.count * wordCapacity, 0)
            atomBits = memory.replace(atomBits, m.atomCount * wordCapacity, 0)
            touchedAtoms.removeAll()
            for a in 0..<m.atomCount { atomTouched[a] = false }
        }
    }

    /// Evaluates one receipt. Bad input gives an error naming the field; the evaluation itself
    /// never fails except by running past the bundle's step budget.
    public mutating func evaluate(_ receipt: Receipt) throws(EvaluationError) -> EvaluationResult {
        try withUnsafePointer(to: receipt) { (p) throws(EvaluationError) in try evaluate(at: p) }
    }

    /// Evaluates the receipt at `p`, read in place: for callers that keep a receipt in memory of
    /// their own (the C interface's reader), so that passing it copies nothing (a copy would
    /// count a reference to each of its strings and lists, and again when it goes).
    package mutating func evaluate(at p: UnsafePointer<Receipt>) throws(EvaluationError) -> EvaluationResult {
        try evaluateInPlace(at: p)
        return result
    }

    /// Evaluates the receipt at `p` (as ``evaluate(at:)``) and gives the result in `out`, whose
    /// lists the evaluator keeps in exchange, to fill at its next evaluation: no list of the
    /// result is copied or counted, and none is made anew. (For a caller that evaluates receipt
    /// after receipt and reads each result before the next, as the dry-run does.) On an error,
    /// `out` is left as it was.
    ///
    /// Only the first `lines` lines of the receipt are its own: the rest are ignored, as if the
    /// receipt had not got them. (So that a caller filling a receipt in place, receipt after
    /// receipt, keeps its list of lines as long as the longest receipt's, instead of making
    /// and dropping lines as the receipts grow and shrink.)
    package mutating func evaluate(at p: UnsafePointer<Receipt>, lines: Int, into out: inout EvaluationResult) throws(EvaluationError) {
        lineLimit = max(0, lines)
        defer { lineLimit = Int.max }
        try evaluateInPlace(at: p)
        swap(&result, &out)
    }

    /// Evaluates the receipt at `p` into ``result``.
    private mutating func evaluateInPlace(at p: UnsafePointer<Receipt>) throws(EvaluationError) {
        receiptPointer = p
        defer {
            receiptPointer = Evaluator.noReceipt
            customerPointer = Evaluator.noCustomer
        }
        // The customer in place too: an optional customer is laid out as the customer itself
        // (the spare bits of its fields tell nil), so the optional's memory is the customer's.
        // Were it ever laid out otherwise, the customer is copied instead. (Whether there is
        // one, asked through a field: comparing the optional with nil would copy it.)
        guard receipt.customer?.card != nil else {
            try run()
            return
        }
        guard MemoryLayout<Customer?>.size == MemoryLayout<Customer>.size,
              MemoryLayout<Customer?>.stride == MemoryLayout<Customer>.stride,
              let optional = p.pointer(to: \.customer) else {
            try withUnsafePointer(to: receipt.customer!) { (c) throws(EvaluationError) in
                customerPointer = c
                try run()
            }
            return
        }
        try optional.withMemoryRebound(to: Customer.self, capacity: 1) { (c) throws(EvaluationError) in
            customerPointer = c
            try run()
        }
    }

    /// Evaluates the receipt `receiptPointer` shows.
    mutating func run() throws(EvaluationError) {
        try bind()
        try applyRestrictions()
        try runUnits()
        try finish()
    }

    // MARK: - Binding the receipt

    mutating func bind() throws(EvaluationError) {
        evaluationNumber &+= 1
        guard receipt.date.isValid else { throw EvaluationError(field: "at", message: "\(receipt.date) is not a date") }
        guard (0..<1440).contains(receipt.minute) else { throw EvaluationError(field: "at", message: "the time is outside the day") }
        guard receiptLineCount <= 100_000 else {
            throw EvaluationError(field: "lines", message: "\(receiptLineCount) lines is more than 100,000")
        }
        dayNumber = Calendar.dayNumber(receipt.date)
        minuteStamp = Int64(dayNumber) * 1440 + Int64(receipt.minute)
        weekday = Calendar.weekday(dayNumber: dayNumber)
        weekdayBit = 1 << UInt8(weekday)
        gatesInOrder = checksPrologues && checksInOrder
        dayOfMonth = receipt.date.day
        daysInMonth = Calendar.daysIn(month: receipt.date.month, year: receipt.date.year)

        storeFormat = id(of: receipt.store.format)
        storeRegion = id(of: receipt.store.region)
        storeCity = id(of: receipt.store.city)
        storeGroups.removeAll()
        for g in receipt.store.groups { storeGroups.append(id(of: g)) }
        if gates.storeConditionCount > 0 {
            // The store as the conditions see it: only the fields they read.
            let read = gates.storeFieldsRead
            storeKey.removeAll()
            if read & 1 << StoreFieldCode.id.rawValue != 0 { storeKey.append(receipt.store.id ?? Evaluator.absent) }
            if read & 1 << StoreFieldCode.format.rawValue != 0 { storeKey.append(storeFormat) }
            if read & 1 << StoreFieldCode.region.rawValue != 0 { storeKey.append(storeRegion) }
            if read & 1 << StoreFieldCode.city.rawValue != 0 { storeKey.append(storeCity) }
            if read & Gates.groupsRead != 0 { storeKey.append(contentsOf: storeGroups) }
            let slot = storeCache.slot(for: storeKey.buffer)
            let offset = slot * storeCache.conditions
            storeStatus = storeCache.status + offset
            storeSteps = storeCache.steps + offset
            storeFailure = storeCache.failures + offset
        }
        channelBit = 0
        if let channel = receipt.channel {
            guard let code = ChannelCode.allCases.first(where: { $0.name == channel }) else {
                throw EvaluationError(field: "channel", message: "unknown channel \"\(channel)\"; the channels are pos, sco, web, app, delivery")
            }
            channelBit = 1 << UInt32(code.rawValue)
        }
        channelBits = UInt8(truncatingIfNeeded: channelBit)
        try bindCustomer()
        customerFails = hasCustomer ? 0 : HotUnit.identifiedBit
        try bindLines()

        result.clearForEvaluation()
        discounts.removeAll()
        clamps.removeAll()
        pendingAccruals.removeAll()
        pendingMessages.removeAll()
        discountAllowance = .max
        allowanceSource = -1
        redeemCaps.removeAll()
        quantityBudgets.removeAll()
        discountCaps.removeAll()
        stopped = false
        traceCount = 0
        steps = 0
        budget = budgetOverride ?? m.stepBase &+ m.stepPerLine &* Int64(lineCount)
    }


    /// The customer is read as the caller's value (a copy would count references to its lists).
    mutating func bindCustomer() throws(EvaluationError) {
        for i in 0..<m.facts.count { facts[i] = Evaluator.absent }
        for i in 0..<m.counters.count { counters[i] = 0 }
        for i in 0..<m.tiers.count { levels[i] = -1 }
        segments.removeAll()
        guard customerPointer != Evaluator.noCustomer else {
            hasCustomer = false
            customerChips = 0
            customerBalance = nil
            return
        }
        hasCustomer = true
        customerChips = customer.chips ?? 0
        customerBalance = customer.bonusBalance
        // (Through its buffer: a loop over the list itself holds a reference to it.)
        customer.segments.withUnsafeBufferPointer { list in
            for k in 0..<list.count { segments.append(id(of: list[k])) }
        }
        // (The table taken once: read from the bundle at every key, it was copied every time.)
        let factTable = bundle.factTable
        try customer.facts.keys.withUnsafeBufferPointer { (keys) throws(EvaluationError) in
            try customer.facts.values.withUnsafeBufferPointer { (values) throws(EvaluationError) in
                for j in 0..<keys.count {
                    guard let index = strings.value(keys[j], in: factTable, tag: 1).map(Int.init) else { continue }
                    let tag = m.facts[index].tag
                    // A text is one of the bundle's strings, looked up through the memo as the
                    // store's are: a customer's texts come again receipt after receipt.
                    if tag == .string, case .text(let text) = values[j] {
                        facts[index] = id(of: text)
                        continue
                    }
                    facts[index] = try Evaluator.factValue(values[j], tag: tag, key: keys[j], bundle: bundle)
                }
            }
        }
        // The figures a receipt carries itself.
        if let index = bundle.cardFact, facts[index] == Evaluator.absent { facts[index] = customer.card ? 1 : 0 }
        if let index = bundle.bonusBalanceFact, facts[index] == Evaluator.absent, let b = customer.bonusBalance { facts[index] = b }
        if let index = bundle.chipsFact, facts[index] == Evaluator.absent, let n = customer.chips { facts[index] = n }
        if !m.counters.isEmpty {
            let counterTable = bundle.counterTable
            for (name, value) in customer.counters {
                if let index = strings.value(name, in: counterTable, tag: 2) { counters[Int(index)] = value }
            }
        }
        let anyLevels = !customer.levels.isEmpty
        // (Each tier read in place: a copy of one, or a loop over the list, holds references.)
        for t in 0..<m.tiers.count {
            // (The tier's name only for a customer with levels.)
            if anyLevels, case let name = m.strings[Int(m.tiers[t].name)], let level = customer.levels[name] {
                guard let l = m.tiers[t].levels.firstIndex(where: { m.strings[Int($0.name)] == level }) else {
                    throw EvaluationError(field: "customer.levels.\(name)", message: "tier program \(name) has no level \"\(level)\"")
                }
                levels[t] = l
                continue
            }
            let measure = facts[Int(m.tiers[t].measure)]
            guard measure != Evaluator.absent else { continue }
            let found: Int? = m.tiers[t].levels.withUnsafeBufferPointer { list in
                var found: Int?
                for l in 0..<list.count where measure >= list[l].threshold { found = l }
                return found
            }
            if let found { levels[t] = found }
        }
    }

    /// What the customer has used unit `u` before (`customer.usage` by the unit's name).
    @inline(__always)
    mutating func customerUsage(_ u: Int) -> Usage? {
        guard !customer.usage.isEmpty else { return nil }
        if usageRead != evaluationNumber { readUsage() }
        if usageByName { return customer.usage[unitNames[u]] }
        return usageMarks[u] == evaluationNumber ? usageValues[u] : nil
    }

    /// Reads the customer's usage into `usageValues` (``customerUsage(_:)``).
    mutating func readUsage() {
        usageRead = evaluationNumber
        usageByName = false
        let unitTable = bundle.unitTable
        for (name, usage) in customer.usage {
            guard let first = strings.value(name, in: unitTable, tag: 4) else {
                usageByName = true
                return
            }
            var u = Int(first)
            while u >= 0 {
                usageMarks[u] = evaluationNumber
                usageValues[u] = usage
                u = Int(sameName[u])
            }
        }
    }

    /// The number of one of the bundle's strings (``LoadedBundle/id(of:)``), remembered.
    @inline(__always)
    mutating func id(of text: String?) -> Int64 {
        guard let text else { return Int64.min }
        return strings.value(text, in: stringIDs, tag: 3).map(Int64.init) ?? -2
    }

    static func factValue(_ value: FactValue, tag: ValueTag, key: String, bundle: LoadedBundle) throws(EvaluationError) -> Int64 {
        switch (value, tag) {
        case (.bool(let b), .bool): return b ? 1 : 0
        case (.number(let n), .money), (.number(let n), .count), (.number(let n), .percent), (.number(let n), .quantity),
             (.number(let n), .time), (.number(let n), .dateTime), (.number(let n), .duration):
            return n
        case (.date(let d), .date), (.date(let d), .anniversary):
            guard d.isValid else { throw EvaluationError(field: JSONPath.member("customer.facts", key), message: "\(d) is not a date") }
            return Int64(Calendar.dayNumber(d))
        case (.text(let s), .string): return bundle.id(of: s)
        default:
            throw EvaluationError(field: JSONPath.member("customer.facts", key), message: "expected \(tag), found \(value)")
        }
    }

    mutating func bindLines() throws(EvaluationError) {
        clearAtomBits()
        lineCount = receiptLineCount
        words = max(1, (lineCount + 63) / 64)
        reserve(lines: lineCount)
        try receipt.lines.withUnsafeBufferPointer { (all) throws(EvaluationError) in
            let lines = UnsafeBufferPointer(rebasing: all[..<lineCount])
            // The lines' places in the atom cache, read first in a short loop: each is a look-up
            // at random in a table larger than the processor's nearest caches, and read so they
            // wait for memory together, not one by one in the loop below, which finds them at
            // hand. (What is read is kept, so that the reading is not left out.)
            var touched: UInt8 = 0
            for i in 0..<lines.count { touched &+= atomCache.touch(lines[i].sku) }
            atomTouch = touched
            for i in 0..<lines.count {
                let line = lines.baseAddress! + i
                let qty = line.pointee.quantity, price = line.pointee.price
                guard qty > 0, qty <= 1_000_000_000 else {
                    throw EvaluationError(field: "lines[\(i)].qty", message: "a quantity must be above zero and at most 1000000")
                }
                guard price >= 0, price <= 10_000_000_000_000 else {
                    throw EvaluationError(field: "lines[\(i)].price", message: "a price must be zero or more and at most 10^13 minor units")
                }
                let amount = line.pointee.amount ?? Exact.mulDivHalfUpChecked(price, qty, 1000) ?? -1
                guard amount >= 0, amount <= 10_000_000_000_000 else {
                    throw EvaluationError(field: "lines[\(i)].amount", message: "a line amount must be zero or more and at most 10^13 minor units")
                }
                original[i] = amount
                current[i] = amount
                quantity[i] = qty
                var legal: Int64 = 0
                let excise = line.pointee.excise, weighed = line.pointee.weighed
                if excise, let minimum = line.pointee.minPrice {
                    guard minimum >= 0, minimum <= 10_000_000_000_000 else {
                        throw EvaluationError(field: "lines[\(i)].min_price", message: "a minimum price must be zero or more")
                    }
                    legal = min(amount, Exact.mulDivHalfUpChecked(minimum, qty, 1000) ?? amount)
                }
                floorLegal[i] = legal
                floorRestricted[i] = legal
                floorSource[i] = -1
                changedBy[i] = -1
                flags[i] = (weighed ? LineFlag.weighed : 0) | (excise ? LineFlag.excise : 0)
                addAtoms(of: line, i)
            }
        }
        for i in 0..<m.itemSets.count { setReady[i] = false }

        candidateBits.update(from: gates.alwaysBits.baseAddress!, count: gates.runWords)
        let starts = gates.candidateStarts, list = gates.candidateList
        for atom in touchedAtoms.buffer {
            for k in Int(starts[Int(atom)])..<Int(starts[Int(atom) + 1]) {
                let p = Int(list[k])
                candidateBits[p >> 6] |= 1 << UInt64(p & 63)
            }
        }
        if groupCount > 0 { markGroupLeaders() }
    }

    /// Marks the first member of each best-of group that has a candidate member but is none
    /// itself: the index tells which promos can match, not where a group is decided.
    mutating func markGroupLeaders() {
        for w in 0..<gates.runWords { leaderBits[w] = 0 }
        for g in 0..<groupCount {
            let (start, end) = groupRanges[g]
            let leader = Int(groupList[Int(start)])
            guard !isCandidate(leader) else { continue }
            var other = false
            for k in Int(start + 1)..<Int(end) where isCandidate(Int(groupList[k])) {
                other = true
                break
            }
            let p = Int(gates.runPosition[leader])
            if other && p >= 0 { leaderBits[p >> 6] |= 1 << UInt64(p & 63) }
        }
    }

    /// Whether unit `u` (a promo or tier program) is a candidate for this receipt.
    @inline(__always)
    func isCandidate(_ u: Int) -> Bool {
        let p = Int(gates.runPosition[u])
        return p >= 0 && candidateBits[p >> 6] >> UInt64(p & 63) & 1 == 1
    }

    /// Clears the bits of the atoms the last receipt's lines had.
    mutating func clearAtomBits() {
        let stride = wordCapacity
        for atom in touchedAtoms.buffer {
            let base = Int(atom) * stride
            for w in 0..<stride { atomBits[base + w] = 0 }
            atomTouched[Int(atom)] = false
        }
        touchedAtoms.removeAll()
    }

    /// Line `i` has `atom`.
    @inline(__always)
    mutating func add(atom: UInt32, line i: Int) {
        let a = Int(atom)
        atomBits[a * wordCapacity + i >> 6] |= 1 << UInt64(i & 63)
        if !atomTouched[a] {
            atomTouched[a] = true
            touchedAtoms.append(atom)
        }
    }

    /// The atoms line `i` has: its category and every ancestor the bundle names, its SKU, brand
    /// and flags; those of a SKU seen before with the same texts come from ``AtomCache``.
    @inline(__always)
    mutating func addAtoms(of line: UnsafePointer<Line>, _ i: Int) {
        // Free-form flags the bundle names are not cached.
        let cacheable = line.pointee.flags.isEmpty || bundle.flagAtoms.isEmpty
        let cached = cacheable ? atomCache.find(line.pointee.sku) : nil
        if let entry = cached, AtomCache.matches(entry, line) {
            let n = Int(entry.pointee.count)
            if n <= AtomCache.inlineAtoms {
                let inline = entry.pointee.inline
                if n > 0 { add(atom: inline.0, line: i) }
                if n > 1 { add(atom: inline.1, line: i) }
                if n > 2 { add(atom: inline.2, line: i) }
            } else {
                let spill = atomCache.spill, first = Int(entry.pointee.first)
                for a in first..<first + n { add(atom: spill[a], line: i) }
            }
            return
        }
        lineAtoms.removeAll()
        findAtoms(of: line)
        for atom in lineAtoms { add(atom: atom, line: i) }
        if cacheable && cached == nil { atomCache.insert(line, atoms: lineAtoms, memory: memory) }
    }

    /// Finds the atoms of a line from its texts into `lineAtoms`. Texts are looked up by their
    /// bytes in place, one pass over each.
    mutating func findAtoms(of line: UnsafePointer<Line>) {
        let categories = bundle.categoryAtoms
        if !categories.isEmpty, let path = line.pointee.category {
            let found: Void? = path.utf8.withContiguousStorageIfAvailable { bytes in
                findCategoryAtoms(bytes, categories)
            }
            if found == nil {
                var copy = path
                copy.withUTF8 { findCategoryAtoms($0, categories) }
            }
        }
        if let atom = bundle.skuAtoms.value(line.pointee.sku) { lineAtoms.append(atom) }
        if let brand = line.pointee.brand, let atom = bundle.brandAtoms.value(brand) { lineAtoms.append(atom) }
        if line.pointee.excise, let atom = bundle.exciseAtom { lineAtoms.append(atom) }
        if line.pointee.weighed, let atom = bundle.weighedAtom { lineAtoms.append(atom) }
        if !bundle.flagAtoms.isEmpty {
            for flag in line.pointee.flags {
                if let atom = bundle.flagAtoms.value(flag) { lineAtoms.append(atom) }
            }
        }
    }

    /// The category atoms of a path: each prefix ending before a `/`, and the whole path.
    @inline(__always)
    mutating func findCategoryAtoms(_ bytes: UnsafeBufferPointer<UInt8>, _ categories: ByteTable) {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        for k in 0..<bytes.count where base[k] == UInt8(ascii: "/") {
            let prefix = UnsafeBufferPointer(start: base, count: k)
            if let atom = categories.value(prefix, hash: ByteTable.hash(prefix)) { lineAtoms.append(atom) }
        }
        if let atom = categories.value(bytes, hash: ByteTable.hash(bytes)) { lineAtoms.append(atom) }
    }

    // MARK: - Item sets

    /// Computes item set `s` over the lines, once per receipt (``computeSet(_:)``). The check
    /// is made in place: most calls find the set ready, and a call to find that cost more than
    /// the check.
    @inline(__always)
    mutating func ensure(_ s: Int) {
        if !setReady[s] { computeSet(s) }
    }

    /// Computes item set `s` over the lines, a word of 64 lines at a time.
    @inline(never)
    mutating func computeSet(_ s: Int) {
        setReady[s] = true
        let program = m.itemSets[s]
        let stride = wordCapacity
        let base = s * stride
        let words = self.words, lineCount = self.lineCount
        let atoms = atomBits, stack = wordStack, bits = setBits
        program.withUnsafeBufferPointer { program in
            for w in 0..<words {
                var depth = 0
                for word in program {
                    switch word >> 28 {
                    case ItemSetOp.atom.rawValue:
                        stack[depth] = atoms[Int(word & 0x0FFF_FFFF) * stride + w]
                        depth += 1
                    case ItemSetOp.all.rawValue:
                        stack[depth] = ~0
                        depth += 1
                    case ItemSetOp.and.rawValue:
                        depth -= 1
                        stack[depth - 1] &= stack[depth]
                    case ItemSetOp.or.rawValue:
                        depth -= 1
                        stack[depth - 1] |= stack[depth]
                    default:
                        depth -= 1
                        stack[depth - 1] &= ~stack[depth]
                    }
                }
                // Bits past the last line are not lines.
                let valid = lineCount - w * 64
                bits[base + w] = stack[0] & (valid >= 64 ? ~0 : (1 << UInt64(valid)) &- 1)
            }
        }
        steps += Int64(program.count * words)
    }

    /// Whether line `i` is in set `s` (``noItemSet``: every line).
    @inline(__always)
    mutating func contains(_ s: UInt32, _ i: Int) -> Bool {
        if s == noItemSet { return true }
        ensure(Int(s))
        return setBits[Int(s) * wordCapacity + i >> 6] >> UInt64(i & 63) & 1 == 1
    }

    /// Calls `body` with each line of set `s` (``noItemSet``: every line), in receipt order,
    /// visiting only the lines whose bits are set.
    @inline(__always)
    mutating func forEachLine(in s: UInt32, _ body: (inout Evaluator, Int) -> Void) {
        if s == noItemSet {
            for i in 0..<lineCount { body(&self, i) }
            return
        }
        ensure(Int(s))
        let base = Int(s) * wordCapacity
        for w in 0..<words {
            var bits = setBits[base + w]
            while bits != 0 {
                body(&self, w << 6 | bits.trailingZeroBitCount)
                bits &= bits &- 1
            }
        }
    }

    /// The lines of set `s`, in receipt order, into `setLines`.
    mutating func collectLines(in s: UInt32) {
        setLines.removeAll()
        forEachLine(in: s) { e, i in e.setLines.append(i) }
    }

    func floor(_ i: Int) -> Int64 {
        unitIgnoresRestrictions ? floorLegal[i] : floorRestricted[i]
    }
}

enum LineFlag {
    static let locked: UInt8 = 1
    static let noAccrual: UInt8 = 2
    static let noRedemption: UInt8 = 4
    static let weighed: UInt8 = 8
    static let excise: UInt8 = 16
}
