import PromoBytecode
import PromoJSON

/// A place in the promo sources, from the bundle's debug info: the file, the line and the
/// clause's text on that line.
public struct SourcePlace: Sendable, Hashable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var text: String

    public init(file: String, line: Int, text: String) {
        self.file = file
        self.line = line
        self.text = text
    }

    /// `promos/dairy-week.promo:9`.
    public var description: String { file + ":" + String(line) }
}

/// The values of the comparison that decided a promo did not apply, formatted by what they hold.
public struct ExplainedComparison: Sendable, Hashable {
    /// `>=`, `==`, or the instruction's mnemonic for a test that is not an operator (`INLIST`).
    public var op: String
    /// What the condition's source compares (`spend(dairy)`), when it can be told.
    public var subject: String?
    /// The values as ``ResultJSON/value(_:tag:bundle:)`` gives them (`"412.00"`, `null` when absent).
    public var left: JSONValue
    public var right: JSONValue
    /// The values' type (`money`, `quantity`…), when the compiler recorded it.
    public var type: String?
    /// How much more of the left value would make a `>=` or `>` comparison of money, a quantity
    /// or a count hold, formatted as the values are.
    public var shortfall: JSONValue?
}

/// What one promo, tier program or restriction came to on a receipt, in words a marketer reads.
public struct Explanation: Sendable, Hashable {
    /// The unit's index in the bundle.
    public var unit: Int
    public var name: String
    public var title: String?
    public var kind: UnitKind
    /// Whether it gave something (a restriction: whether it cut something).
    public var applied: Bool
    /// Whether it was a candidate for the receipt (in the trace); restrictions always are.
    public var considered: Bool
    /// Why it did not apply, when the evaluation said.
    public var reason: Reason?
    /// The sentence: `applied: 20% off 3 lines of …, 120.00 in all` or
    /// `not applied: spend on dairy 412.00 is below 500.00; 88.00 more would trigger it`.
    public var text: String
    /// Further sentences: what restrictions cut from it (`clamped by alcohol_floor to 349.00 on line 2`).
    public var notes: [String]
    /// The file the unit is written in (where its code starts), when the bundle knows.
    public var file: String?
    /// The clause behind the sentence: the deciding condition, or the effect that gave the most.
    public var source: SourcePlace?
    /// The failed comparison behind a "not applied", with its values.
    public var comparison: ExplainedComparison?
    /// The discount it gave, in minor units.
    public var discount: Int64
}

extension Explanation {
    /// The sentence with its source place: `not applied: … (promos/dairy-week.promo:9)`.
    public var sentence: String { source.map { text + " (" + $0.description + ")" } ?? text }

    /// The JSON form: `promo`, `title`, `kind`, `applied`, `considered`, `reason`, `text`,
    /// `notes`, `file`, `source` (`file`, `line`, `text`, or `null`), `values` (the failed
    /// comparison: `op`, `subject`, `left`, `right`, `type`, `shortfall`, or `null`) and
    /// `discount` (money as a decimal string).
    public func json(bundle: LoadedBundle) -> JSONValue {
        let kindName: String = switch kind {
        case .promo: "promo"
        case .tiers: "tiers"
        case .restriction: "restriction"
        }
        var place: JSONValue = .null
        if let source {
            place = .object([("file", .string(source.file)), ("line", .int(source.line)), ("text", .string(source.text))])
        }
        var values: JSONValue = .null
        if let c = comparison {
            let fields: [(String, JSONValue)] = [
                ("op", .string(c.op)),
                ("subject", c.subject.map(JSONValue.string) ?? .null),
                ("left", c.left),
                ("right", c.right),
                ("type", c.type.map(JSONValue.string) ?? .null),
                ("shortfall", c.shortfall ?? .null),
            ]
            values = .object(fields)
        }
        var fields: [(String, JSONValue)] = []
        fields.append(("promo", .string(name)))
        fields.append(("title", title.map(JSONValue.string) ?? .null))
        fields.append(("kind", .string(kindName)))
        fields.append(("applied", .bool(applied)))
        fields.append(("considered", .bool(considered)))
        fields.append(("reason", reason.map { JSONValue.string($0.code) } ?? .null))
        fields.append(("text", .string(text)))
        fields.append(("notes", .array(notes.map(JSONValue.string))))
        fields.append(("file", file.map(JSONValue.string) ?? .null))
        fields.append(("source", place))
        fields.append(("values", values))
        fields.append(("discount", .string(FixedPoint.money(discount, decimals: bundle.currencyDecimals))))
        return .object(fields)
    }

    /// Explains every promo, tier program and restriction of `bundle` for one evaluation of
    /// `receipt`: first the candidates in the order the VM ran them (the result's trace), then
    /// the promos that were no candidates (none of their items on the receipt) in priority order,
    /// then the restrictions in the bundle's order. The result should come from an evaluator
    /// whose ``Evaluator/traceDetail`` is ``TraceDetail/all`` (the default); with a trace of the
    /// applied promos only, the others read as not considered.
    public static func explain(_ result: EvaluationResult, receipt: Receipt, bundle: LoadedBundle) -> [Explanation] {
        Explainer(bundle: bundle, receipt: receipt, result: result).all()
    }
}

/// Puts the sentences together.
private struct Explainer {
    let bundle: LoadedBundle
    let receipt: Receipt
    let result: EvaluationResult
    var m: BundleModel { bundle.model }

    func money(_ minor: Int64) -> String { FixedPoint.money(minor, decimals: bundle.currencyDecimals) }

    func all() -> [Explanation] {
        var out: [Explanation] = []
        var traced = Set<Int>()
        for (k, entry) in result.trace.enumerated() where m.units.indices.contains(entry.unit) {
            traced.insert(entry.unit)
            out.append(entry.applied ? applied(entry) : notApplied(entry, at: k))
        }
        let rest = m.units.indices.filter { m.units[$0].kind != .restriction && !traced.contains($0) }
            .sorted { (m.units[$0].priority, $0) < (m.units[$1].priority, $1) }
        for u in rest {
            out.append(base(u, applied: false, considered: false,
                            text: "not applied: none of its items are on the receipt", source: nil))
        }
        for u in m.units.indices where m.units[u].kind == .restriction {
            out.append(restriction(u))
        }
        return out
    }

    func base(_ u: Int, applied: Bool, considered: Bool, text: String, source: SourcePlace?) -> Explanation {
        Explanation(unit: u, name: bundle.name(ofUnit: u), title: bundle.title(ofUnit: u), kind: m.units[u].kind,
                    applied: applied, considered: considered, reason: nil, text: text, notes: [],
                    file: firstPlace(of: u)?.file, source: source, comparison: nil, discount: 0)
    }

    // MARK: - The unit's code and its source places

    /// The instructions of unit `u`, with their pcs.
    func instructions(of u: Int) -> [(pc: Int, ins: Instruction)] {
        let info = m.units[u]
        let range = Int(info.codeStart)..<min(Int(info.codeEnd), m.code.count)
        guard !range.isEmpty else { return [] }
        return range.compactMap { pc in Instruction(word: m.code[pc]).map { (pc, $0) } }
    }

    /// The source place of the instruction at `pc` of unit `u`: the last debug entry at or
    /// before it inside the unit's code (a check the compiler gave no clause of its own, like the
    /// customer check of a tier program, has none).
    func place(at pc: Int, in u: Int) -> SourcePlace? {
        let start = Int(m.units[u].codeStart)
        var low = 0, high = m.debug.count - 1, found: DebugInfo?
        while low <= high {
            let mid = (low + high) / 2
            if Int(m.debug[mid].pc) <= pc { found = m.debug[mid]; low = mid + 1 } else { high = mid - 1 }
        }
        guard let d = found, Int(d.pc) >= start, Int(d.file) < m.strings.count, Int(d.text) < m.strings.count else { return nil }
        return SourcePlace(file: m.strings[Int(d.file)], line: Int(d.line), text: m.strings[Int(d.text)])
    }

    /// The first source place inside the unit's code: where the unit is written.
    func firstPlace(of u: Int) -> SourcePlace? {
        let info = m.units[u]
        guard let d = m.debug.first(where: { $0.pc >= info.codeStart && $0.pc < info.codeEnd }),
              Int(d.file) < m.strings.count, Int(d.text) < m.strings.count else { return nil }
        return SourcePlace(file: m.strings[Int(d.file)], line: Int(d.line), text: m.strings[Int(d.text)])
    }

    /// The first instruction of unit `u` that can turn it away with `reason`.
    func deciding(_ reason: Reason, in u: Int) -> (pc: Int, ins: Instruction)? {
        instructions(of: u).first { _, ins in
            switch reason {
            case .notActive: ins.opcode == .active
            case .outsideHours: ins.opcode == .hours
            case .wrongWeekday: ins.opcode == .weekdays
            case .wrongDayOfMonth: ins.opcode == .days
            case .wrongChannel: ins.opcode == .channels
            case .needsCustomer: ins.opcode == .identified
            case .couponMissing: ins.opcode == .coupon
            case .codeMissing: ins.opcode == .code
            case .limitReached: ins.opcode == .limit
            case .wrongStore, .notInAudience, .conditionFalse: ins.opcode == .require && ins.b == UInt32(reason.rawValue)
            case .nothingToChange, .linesLocked, .notEnoughChips: ins.opcode == .effect
            case .noLevel: ins.opcode == .applyTier
            case .stopped, .betterInGroup, .stepBudget: false
            }
        }
    }

    /// The clause's value: its text without the leading keyword (`08:00 .. 22:00` of
    /// `hours    08:00 .. 22:00`).
    func clauseValue(_ place: SourcePlace?) -> String? {
        guard let text = place?.text else { return nil }
        guard let space = text.firstIndex(where: { $0 == " " || $0 == "\t" }) else { return nil }
        let rest = text[space...].drop { $0 == " " || $0 == "\t" }
        return rest.isEmpty ? nil : String(rest)
    }

    func string(_ id: UInt32) -> String? { Int(id) < m.strings.count ? m.strings[Int(id)] : nil }

    // MARK: - Applied

    func applied(_ entry: TraceEntry) -> Explanation {
        let u = entry.unit
        var parts: [String] = []
        let code = instructions(of: u)
        let effects = code.filter { $0.ins.opcode == .effect && Int($0.ins.a) < m.effects.count }
        var source: SourcePlace?
        if entry.discount > 0 {
            var lines = Set<Int>()
            for d in result.lineDiscounts where d.unit == u && d.amount > 0 { lines.insert(d.line) }
            let described = effects.lazy.compactMap { self.discountPhrase(self.m.effects[Int($0.ins.a)], lines: lines.count) }.first
            parts.append((described ?? "\(money(entry.discount)) off \(count(lines.count, "line"))") + ", \(money(entry.discount)) in all")
            source = effects.lazy.compactMap { self.place(at: $0.pc, in: u) }.first
        }
        for a in result.accruals where a.unit == u {
            var s = "accrued " + (a.chips ? count(Int(a.points), "chip") : "\(money(a.points)) bonus")
            if a.activates != receipt.date { s += ", active from \(a.activates)" }
            if let e = a.expires { s += ", until \(e)" }
            parts.append(s)
        }
        for c in result.chipsSpent where c.unit == u { parts.append("spent \(count(Int(c.chips), "chip"))") }
        for c in result.couponsApplied where c.unit == u { parts.append("took coupon \(c.code)") }
        for c in result.couponsIssued where c.unit == u {
            let value = c.isPercent ? FixedPoint.percent(c.value) + "%" : money(c.value)
            parts.append("issued coupon \(c.code) for \(value) off" + (c.validUntil.map { ", valid until \($0)" } ?? ""))
        }
        for g in result.gifts where g.unit == u { parts.append("gave \(g.count) × sku \(g.sku) as a gift") }
        for c in result.counterChanges where c.unit == u {
            parts.append("counter \(c.counter) \(ResultJSON.symbol(of: c.operation)) \(FixedPoint.quantity(c.value))")
        }
        for msg in result.messages where msg.unit == u { parts.append("message to \(ResultJSON.name(of: msg.target)): \"\(msg.text)\"") }
        if source == nil { source = effects.lazy.compactMap { self.place(at: $0.pc, in: u) }.first ?? firstPlace(of: u) }
        var e = base(u, applied: true, considered: true, text: parts.isEmpty ? "applied" : "applied: " + parts.joined(separator: "; "),
                     source: source)
        e.discount = entry.discount
        e.notes = clampNotes(ofPromo: u)
        return e
    }

    func count(_ n: Int, _ noun: String) -> String { "\(n) \(noun)" + (n == 1 ? "" : "s") }

    /// `20% off 3 lines of category "Food/Dairy"`: what a discount-like effect gave, or nil for
    /// effects that give no discount.
    func discountPhrase(_ effect: EffectInfo, lines: Int) -> String? {
        func percent(_ v: Int64) -> String { FixedPoint.percent(v) + "%" }
        func on(_ t: TargetInfo) -> String {
            switch t.kind {
            case .receipt:
                let except = itemSet(t.set).map { " except " + $0 } ?? ""
                return "the receipt" + except + " (spread over \(count(lines, "line")))"
            case .lines: return count(lines, "line") + (itemSet(t.set).map { " of " + $0 } ?? "")
            case .cheapest: return "the cheapest " + count(Int(t.count), "unit") + (itemSet(t.set).map { " of " + $0 } ?? "")
            case .mostExpensive: return "the most expensive " + count(Int(t.count), "unit") + (itemSet(t.set).map { " of " + $0 } ?? "")
            }
        }
        let onLines = count(lines, "line")
        switch effect {
        case .discount(let kind, let value, let perUnit, let target):
            let amount = kind == .percent ? percent(value) : money(value)
            return amount + (perUnit ? " off each unit of " : " off ") + on(target)
        case .fixedPrice(let price, let target, _):
            return "price \(money(price)) on " + on(target)
        case .bundle(_, let price, _):
            return "bundle price \(money(price)) on \(onLines)"
        case .buyGet(let buy, _, let get, _, let reward, let value, _, _):
            let what: String = switch reward {
            case .free: "free"
            case .percentOff: percent(value) + " off"
            case .price: "for \(money(value))"
            }
            return "buy \(buy) get \(get) \(what) on \(onLines)"
        case .round(let halfUp, let step, _):
            return "rounded \(halfUp ? "half up" : "down") to \(money(step)) on \(onLines)"
        default:
            return nil
        }
    }

    /// An item set written as its formula (`category "Food/Dairy" except brand "Premium Farm"`),
    /// nil for all items or a formula too long to read in a sentence.
    func itemSet(_ set: UInt32) -> String? {
        guard set != noItemSet, Int(set) < m.itemSets.count else { return nil }
        var text = Disassembler.itemSet(m, Int(set))
        if text.hasPrefix("("), text.hasSuffix(")") { text = String(text.dropFirst().dropLast()) }
        return text.count <= 60 && !text.contains("<") ? text : nil
    }

    // MARK: - Clamps

    /// Where a line is on the receipt: `line 2 "Wine"` (numbered from 1, as the till shows).
    func lineName(_ i: Int) -> String {
        let name = receipt.lines.indices.contains(i) ? receipt.lines[i].name : nil
        return "line \(i + 1)" + (name.map { " \"\($0)\"" } ?? "")
    }

    func finalAmount(_ i: Int) -> String { result.lines.indices.contains(i) ? money(result.lines[i].finalAmount) : "?" }

    /// Whether restriction `r` caps the receipt's whole discount (`discount <= 10% of total`).
    func isReceiptCap(_ r: Int) -> Bool {
        m.rules.contains { Int($0.unit) == r && $0.subject == .discount && $0.bound == .percentOfTotal }
    }

    func clampNotes(ofPromo u: Int) -> [String] {
        result.lineClamps.filter { $0.unit == u }.map { c in
            guard let r = c.restriction, m.units.indices.contains(r) else {
                return "clamped by the legal minimum price to \(finalAmount(c.line)) on \(lineName(c.line)), \(money(c.amount)) not given"
            }
            if isReceiptCap(r) {
                return "held to the receipt cap of \(bundle.name(ofUnit: r)) on \(lineName(c.line)), \(money(c.amount)) not given"
            }
            return "clamped by \(bundle.name(ofUnit: r)) to \(finalAmount(c.line)) on \(lineName(c.line)), \(money(c.amount)) not given"
        }
    }

    func restriction(_ r: Int) -> Explanation {
        let clamps = result.lineClamps.filter { $0.restriction == r }
        guard !clamps.isEmpty else {
            return base(r, applied: false, considered: true, text: "cut nothing on this receipt", source: nil)
        }
        let cap = isReceiptCap(r)
        let cuts = clamps.map { c in
            let promo = m.units.indices.contains(c.unit) ? bundle.name(ofUnit: c.unit) : "#\(c.unit)"
            return cap ? "held \(promo) to the receipt cap on \(lineName(c.line)), \(money(c.amount)) not given"
                : "clamped \(promo) to \(finalAmount(c.line)) on \(lineName(c.line)), \(money(c.amount)) not given"
        }
        return base(r, applied: true, considered: true, text: "applied: " + cuts.joined(separator: "; "), source: nil)
    }

    // MARK: - Not applied

    func notApplied(_ entry: TraceEntry, at index: Int) -> Explanation {
        let u = entry.unit
        guard let reason = entry.reason else {
            return base(u, applied: false, considered: true, text: "not applied", source: firstPlace(of: u))
        }
        let decidingAt = entry.failed.flatMap { f in
            f.pc >= 0 && f.pc < m.code.count ? Instruction(word: m.code[f.pc]).map { (pc: f.pc, ins: $0) } : nil
        } ?? deciding(reason, in: u)
        let source = decidingAt.flatMap { place(at: $0.pc, in: u) }
        let clause = clauseValue(source)
        let comparison = entry.failed.map { explained($0, source: source, unit: u) }
        var text: String
        switch reason {
        case .notActive:
            text = "not active on \(receipt.date) \(time(receipt.minute))" + (clause.map { "; it runs \($0)" } ?? "")
        case .outsideHours:
            text = "outside its hours at \(time(receipt.minute))" + (clause.map { "; it runs \($0)" } ?? "")
        case .wrongWeekday:
            let day = Calendar.weekday(dayNumber: Calendar.dayNumber(receipt.date))
            text = "not on a \(Explainer.weekdays[day])" + (clause.map { "; it runs \($0)" } ?? "")
        case .wrongDayOfMonth:
            text = "not on day \(receipt.date.day) of the month" + (clause.map { "; it runs on days \($0)" } ?? "")
        case .wrongChannel:
            text = (receipt.channel.map { "not in the \($0) sales channel" } ?? "the receipt names no sales channel")
                + (clause.map { "; it is for the channels \($0)" } ?? "")
        case .wrongStore:
            var store = receipt.store.id.map { "store \($0)" } ?? "a receipt without a store"
            if let format = receipt.store.format { store += " (\(format))" }
            text = "not for \(store)" + (clause.map { "; it is for stores \($0)" } ?? "")
        case .needsCustomer:
            text = "needs an identified customer, and the receipt has none"
        case .notInAudience:
            text = "the customer is not in its audience"
            if let comparison, let said = sentence(comparison, failed: entry.failed, clause: clause) { text += ": " + said }
            else if let clause { text += "; it needs \(clause)" }
        case .couponMissing:
            let pattern = decidingAt.flatMap { string($0.ins.a) }
            text = pattern.map { "no coupon matching \"\($0)\" was presented" } ?? Reason.couponMissing.text
        case .codeMissing:
            let code = decidingAt.flatMap { string($0.ins.a) }
            text = code.map { "its promo code \"\($0)\" was not entered" } ?? Reason.codeMissing.text
        case .limitReached:
            text = "its usage limit is reached" + (clause.map { " (\($0))" } ?? "")
        case .conditionFalse:
            if let comparison, let said = sentence(comparison, failed: entry.failed, clause: clause) { text = said }
            else { text = "its condition does not hold" + (clause.map { ": \($0)" } ?? "") }
        case .nothingToChange:
            text = "nothing on the receipt to apply it to" + (clause.map { " (\($0))" } ?? "")
        case .linesLocked:
            text = earlier(than: index, with: .lock).map { "its lines are locked by \($0), which ran before it" } ?? reason.text
        case .stopped:
            text = earlier(than: index, with: .stop).map { "stopped by \($0), an exclusive promo before it" } ?? reason.text
        case .betterInGroup:
            let group = m.units[u].group
            if group >= 0, let name = string(UInt32(group)),
               let winner = result.trace.first(where: { $0.applied && $0.unit != u && m.units.indices.contains($0.unit) && m.units[$0.unit].group == group }) {
                text = "lost its best-of group \"\(name)\" to \(bundle.name(ofUnit: winner.unit)), which gives the customer more"
            } else {
                text = reason.text
            }
        case .stepBudget:
            text = "the evaluation ran out of its step budget before it"
        case .noLevel:
            text = "the customer has no level in it"
        case .notEnoughChips:
            let has = receipt.customer?.chips ?? 0
            text = "the customer has too few chips (\(has))"
        }
        var e = base(u, applied: false, considered: true, text: "not applied: " + text, source: source)
        e.reason = reason
        e.comparison = comparison
        return e
    }

    static let weekdays = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]

    func time(_ minute: Int) -> String {
        (minute / 60 < 10 ? "0" : "") + String(minute / 60) + ":" + (minute % 60 < 10 ? "0" : "") + String(minute % 60)
    }

    /// The name of the last unit before trace entry `index` that applied and has an instruction
    /// with `opcode` (a `lock`, a `stop`).
    func earlier(than index: Int, with opcode: Opcode) -> String? {
        result.trace[..<index].last { entry in
            entry.applied && m.units.indices.contains(entry.unit) && instructions(of: entry.unit).contains { $0.ins.opcode == opcode }
        }.map { bundle.name(ofUnit: $0.unit) }
    }

    // MARK: - Comparisons

    func explained(_ f: FailedComparison, source: SourcePlace?, unit: Int) -> ExplainedComparison {
        let tag = bundle.comparisonTag(at: f.pc)
        let symbol = ResultJSON.symbol(of: f.opcode)
        var shortfall: JSONValue?
        if let tag, tag == .money || tag == .quantity || tag == .count,
           f.left != Evaluator.absent, f.right != Evaluator.absent {
            let (gap, overflow) = f.right.subtractingReportingOverflow(f.left)
            if !overflow {
                if f.opcode == .greaterEqual, gap > 0 { shortfall = ResultJSON.value(gap, tag: tag, bundle: bundle) }
                if f.opcode == .greater, gap >= 0, gap < Int64.max { shortfall = ResultJSON.value(gap + 1, tag: tag, bundle: bundle) }
            }
        }
        return ExplainedComparison(op: symbol ?? f.opcode.info.mnemonic,
                                   subject: subject(of: source, symbol: f.opcode == .inList ? " in " : symbol)
                                       ?? loaded(f, in: unit),
                                   left: ResultJSON.value(f.left, tag: tag, bundle: bundle),
                                   right: f.opcode == .inList ? .null : ResultJSON.value(f.right, tag: tag, bundle: bundle),
                                   type: tag.map(ResultJSON.typeName), shortfall: shortfall)
    }

    /// A value of a comparison in words: money, quantities and dates as JSON has them, a
    /// percent with its sign, text in quotes.
    func shown(_ v: JSONValue, raw: Int64, tag: ValueTag?) -> String? {
        if raw == Evaluator.absent { return nil }
        switch tag {
        case .string?:
            return raw >= 0 && raw < Int64(m.strings.count) ? "\"\(m.strings[Int(raw)])\"" : "another value"
        case .bool?:
            return raw != 0 ? "true" : "false"
        case .percent?:
            if case .string(let s) = v { return s + "%" }
        default:
            break
        }
        switch v {
        case .string(let s): return s
        case .int(let n): return String(n)
        default: return nil
        }
    }

    /// `spend on dairy 412.00 is below 500.00; 88.00 more would trigger it`.
    func sentence(_ c: ExplainedComparison, failed f: FailedComparison?, clause: String?) -> String? {
        guard let f else { return nil }
        let tag = bundle.comparisonTag(at: f.pc)
        let what = c.subject.map(Explainer.humanized) ?? "the value"
        // Without a name for the value, the clause says where it is compared.
        let within = c.subject == nil ? clause.map { " in \($0)" } ?? "" : ""
        guard let left = shown(c.left, raw: f.left, tag: tag) else { return "\(what)\(within) is not known for this receipt or customer" }
        if f.opcode == .inList { return "\(what)\(within) is \(left), not one of those listed" }
        guard let right = shown(c.right, raw: f.right, tag: tag) else {
            return "\(what)\(within) is \(left); the value it is compared with is not known"
        }
        var text: String
        switch f.opcode {
        case .greaterEqual: text = "\(what) \(left) is below \(right)"
        case .greater: text = "\(what) \(left) is not above \(right)"
        case .lessEqual: text = "\(what) \(left) is above \(right)"
        case .less: text = "\(what) \(left) is not below \(right)"
        case .equal: text = "\(what) is \(left), not \(right)"
        case .notEqual: text = "\(what) is \(left), which it must not be"
        default: text = "\(what) \(left) \(c.op) \(right) does not hold"
        }
        text += within
        if let more = c.shortfall, let amount = shown(more, raw: 0, tag: tag) { text += "; \(amount) more would trigger it" }
        return text
    }

    /// What the left operand of the comparison at `f.pc` was loaded from, written as in the
    /// language (`customer.days_since_last_purchase`, `spend(category "Food/Dairy")`), when the
    /// instruction that last set its register before the comparison loads a figure.
    func loaded(_ f: FailedComparison, in u: Int) -> String? {
        guard f.pc < m.code.count, let comparison = Instruction(word: m.code[f.pc]),
              comparison.opcode.info.operands.b == .register else { return nil }
        let register = comparison.b
        let start = Int(m.units[u].codeStart)
        guard f.pc > start else { return nil }
        for pc in stride(from: f.pc - 1, through: start, by: -1) {
            guard let ins = Instruction(word: m.code[pc]), ins.opcode.info.operands.a == .register, ins.a == register else { continue }
            switch ins.opcode {
            case .jumpIfFalse, .jumpIfTrue, .require:
                continue
            case .fact:
                guard Int(ins.b) < m.facts.count, let key = string(m.facts[Int(ins.b)].key) else { return nil }
                return "customer." + key
            case .total:
                return "total"
            case .spend, .quantity, .lineCount:
                let set = ins.b == noItemSet ? "all" : Int(ins.b) < m.itemSets.count ? Disassembler.itemSet(m, Int(ins.b)) : nil
                let function = ins.opcode == .spend ? "spend" : ins.opcode == .quantity ? "qty" : "count"
                return set.map { function + "(" + $0 + ")" }
            case .counterValue:
                return Int(ins.b) < m.counters.count ? string(m.counters[Int(ins.b)]).map { "counter " + $0 } : nil
            default:
                return nil
            }
        }
        return nil
    }

    /// What a comparison's source compares: the text before its operator in the clause, when
    /// the operator appears there once (`spend(dairy)` of `when spend(dairy) >= 500.00`).
    func subject(of place: SourcePlace?, symbol: String?) -> String? {
        guard let clause = clauseValue(place), let symbol else { return nil }
        let text = Array(clause)
        let op = Array(symbol)
        var found: [Int] = []
        var inString = false
        var i = 0
        while i < text.count {
            if text[i] == "\"" { inString.toggle() }
            if !inString, i + op.count <= text.count, Array(text[i..<i + op.count]) == op {
                // `>` is not the start of `>=`.
                let next = i + op.count < text.count ? text[i + op.count] : " "
                if symbol.count != 1 || next != "=" { found.append(i) }
            }
            i += 1
        }
        guard found.count == 1 else { return nil }
        // The last operand of `and`, `or`, `except` before the operator.
        var start = 0
        for word in [" and ", " or ", " except "].map(Array.init) where found[0] >= word.count {
            for k in stride(from: found[0] - word.count, through: start, by: -1) where Array(text[k..<k + word.count]) == word {
                start = k + word.count
                break
            }
        }
        var left = String(text[start..<found[0]]).trimmingSpaces
        while left.hasPrefix("not ") { left = String(left.dropFirst(4)).trimmingSpaces }
        while left.hasPrefix("("), left.filter({ $0 == "(" }).count > left.filter({ $0 == ")" }).count {
            left = String(left.dropFirst()).trimmingSpaces
        }
        return left.isEmpty ? nil : left
    }

    /// `spend on dairy` for `spend(dairy)`, `quantity of yogurt` for `qty(yogurt)`, `the receipt
    /// total` for `total`; other expressions as written.
    static func humanized(_ expression: String) -> String {
        func argument(_ function: String) -> String? {
            guard expression.hasPrefix(function + "("), expression.hasSuffix(")") else { return nil }
            let inner = expression.dropFirst(function.count + 1).dropLast()
            return inner.contains("(") || inner.contains(")") ? nil : String(inner)
        }
        if expression == "total" { return "the receipt total" }
        if let items = argument("spend") { return "spend on \(items)" }
        if let items = argument("qty") { return "quantity of \(items)" }
        if let items = argument("count") { return "number of lines of \(items)" }
        return expression
    }
}

private extension String {
    var trimmingSpaces: String {
        var s = Substring(self)
        while s.first == " " || s.first == "\t" { s = s.dropFirst() }
        while s.last == " " || s.last == "\t" { s = s.dropLast() }
        return String(s)
    }
}
