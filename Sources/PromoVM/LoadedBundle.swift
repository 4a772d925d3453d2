import PromoBytecode

/// A verified bundle, ready to evaluate receipts. Immutable: one loaded bundle can be shared by
/// any number of threads, each with its own ``Evaluator``.
public final class LoadedBundle: @unchecked Sendable {
    public let model: BundleModel
    /// The code and constants as plain memory, which the interpreter reads without bounds or
    /// reference-count checks (the verifier has checked every index). Never written after
    /// loading, so sharing them between threads is safe; freed with the bundle.
    let code: UnsafeMutableBufferPointer<UInt64>
    let constants: UnsafeMutableBufferPointer<Int64>
    /// The SHA-256 of the bundle's content.
    public let contentHash: [UInt8]

    /// Category paths, brands and flags by their bytes.
    let categoryAtoms: ByteTable
    let skuAtoms: IntTable
    let brandAtoms: ByteTable
    let flagAtoms: ByteTable
    let exciseAtom: UInt32?
    let weighedAtom: UInt32?
    /// String ids by text, for comparing receipt text (a store's format) with constants.
    let stringIDs: ByteTable
    /// Fact indices by key.
    let factTable: ByteTable
    /// Facts the receipt's customer carries itself.
    let cardFact: Int?
    let bonusBalanceFact: Int?
    let chipsFact: Int?
    /// Counter indices by name.
    let counterTable: ByteTable
    let restrictionUnits: [Int]
    /// For each unit, its rules (restrictions only).
    let rulesByUnit: [[Int]]
    public let unitNames: [String]
    /// The units by the texts of their names, to read a customer's usage by its keys: a name's
    /// bytes give the first of the units whose names are equal strings, and `sameName` each
    /// one's next such unit (-1: none).
    let unitTable: ByteTable
    let sameName: [Int32]
    /// The members of each best-of group in run order, by the group's string id.
    let groupMembers: [[Int]]
    /// The string ids of the best-of groups that have members.
    let bestOfGroups: [Int]
    /// The units' eligibility prologues, decoded.
    let gates: Gates
    /// For each string, the message placeholder it names (``Placeholder``).
    let placeholders: [UInt8]
    /// For each message, the placeholders it holds, as bits by ``Placeholder`` raw value.
    let messagePlaceholders: [UInt16]
    /// For each unit, the applications its per-receipt limits allow a repeating effect.
    let repeatLimits: [Int64]
    /// For each unit, whether an evaluation reads the customer's usage of it: a limit per
    /// customer (not per receipt), or a restriction's budget of units per customer. A caller
    /// that carries usage from receipt to receipt (the dry-run) need carry only these units'.
    package let readsUsage: [Bool]
    /// For each unit, the chips its effects spend (`redeem N chips`, `price ... for N chips`):
    /// checked before its first effect, so a promo short of chips changes nothing.
    let unitChips: [Int64]

    /// Reads, checks and prepares a bundle. Given a trusted public key (32 bytes, Ed25519), the
    /// bundle must carry that key's signature of its exact bytes: an unsigned or altered bundle,
    /// or one signed by another key, is refused.
    public convenience init(bytes: [UInt8], trustedKey: [UInt8]? = nil) throws(BundleError) {
        if let trustedKey { try BundleSignature.verify(bytes, trustedKey: trustedKey) }
        let model = try BundleFormat.decode(bytes)
        try Verifier(model).verify()
        self.init(verified: model, hash: BundleFormat.contentHash(of: bytes) ?? [])
    }

    init(verified m: BundleModel, hash: [UInt8]) {
        model = m
        contentHash = hash
        code = .allocate(capacity: max(1, m.code.count))
        _ = code.initialize(from: m.code)
        constants = .allocate(capacity: max(1, m.constants.count))
        _ = constants.initialize(from: m.constants)
        func text(_ i: UInt32) -> String { m.strings[Int(i)] }
        // Atom ids: categories, then SKUs, brands and flags. Of equal texts (or SKUs) the last one
        // counts, as in a dictionary filled in order: the tables, which keep the first of equal
        // keys, are filled from the end.
        let skuBase = m.categories.count, brandBase = skuBase + m.skus.count, flagBase = brandBase + m.brands.count
        categoryAtoms = ByteTable(m.categories.indices.reversed().lazy.map { i -> (key: String, value: UInt32) in
            (key: text(m.categories[i]), value: UInt32(i))
        })
        skuAtoms = IntTable(m.skus.indices.reversed().lazy.map { i -> (key: Int64, value: UInt32) in
            (key: m.skus[i], value: UInt32(skuBase + i))
        })
        brandAtoms = ByteTable(m.brands.indices.reversed().lazy.map { i -> (key: String, value: UInt32) in
            (key: text(m.brands[i]), value: UInt32(brandBase + i))
        })
        flagAtoms = ByteTable(m.flags.indices.reversed().lazy.map { i -> (key: String, value: UInt32) in
            (key: text(m.flags[i]), value: UInt32(flagBase + i))
        })
        exciseAtom = flagAtoms.value("excise")
        weighedAtom = flagAtoms.value("weighed")
        stringIDs = ByteTable(m.strings.indices.lazy.map { i -> (key: String, value: UInt32) in (key: m.strings[i], value: UInt32(i)) })
        factTable = ByteTable(m.facts.indices.lazy.map { i -> (key: String, value: UInt32) in
            (key: text(m.facts[i].key), value: UInt32(i))
        })
        cardFact = factTable.value("card").map(Int.init)
        bonusBalanceFact = factTable.value("bonus_balance").map(Int.init)
        chipsFact = factTable.value("chips").map(Int.init)
        counterTable = ByteTable(m.counters.indices.lazy.map { i -> (key: String, value: UInt32) in
            (key: text(m.counters[i]), value: UInt32(i))
        })
        unitNames = m.units.map { text($0.name) }
        var firstByName: [String: Int] = [:], lastByName: [String: Int] = [:]
        var same = [Int32](repeating: -1, count: m.units.count)
        for (u, name) in unitNames.enumerated() {
            if let last = lastByName[name] { same[last] = Int32(u) } else { firstByName[name] = u }
            lastByName[name] = u
        }
        sameName = same
        unitTable = ByteTable(unitNames.lazy.map { name -> (key: String, value: UInt32) in (key: name, value: UInt32(firstByName[name]!)) })

        // Promos run in priority order; tier programs without a priority after every promo.
        let runnable = m.units.indices.filter { m.units[$0].kind != .restriction }
        let runOrder = runnable.sorted { (m.units[$0].priority, $0) < (m.units[$1].priority, $1) }
        restrictionUnits = m.units.indices.filter { m.units[$0].kind == .restriction }
        var indexed = [Bool](repeating: false, count: m.units.count)
        for list in m.candidates { for unit in list { indexed[Int(unit)] = true } }
        let alwaysCandidates = m.units.indices.map { m.units[$0].kind != .promo || !indexed[$0] }
        var groups = [[Int]](repeating: [], count: m.strings.count)
        for u in runOrder where m.units[u].group >= 0 { groups[Int(m.units[u].group)].append(u) }
        groupMembers = groups
        bestOfGroups = groups.indices.filter { !groups[$0].isEmpty }
        var rules = [[Int]](repeating: [], count: m.units.count)
        for (i, r) in m.rules.enumerated() { rules[Int(r.unit)].append(i) }
        rulesByUnit = rules
        gates = Gates(m, runOrder: runOrder, alwaysCandidates: alwaysCandidates)
        var names = [UInt8](repeating: Placeholder.none.rawValue, count: m.strings.count)
        for message in m.messages {
            for part in message.parts where part.isPlaceholder {
                names[Int(part.text)] = Placeholder(name: m.strings[Int(part.text)]).rawValue
            }
        }
        placeholders = names
        messagePlaceholders = m.messages.map { message in
            message.parts.reduce(UInt16(0)) { bits, part in
                part.isPlaceholder ? bits | 1 << UInt16(names[Int(part.text)]) : bits
            }
        }
        // One pass over the code for both: a unit's per-receipt use limits and the chips its
        // effects spend.
        var limits = [Int64](repeating: .max, count: m.units.count)
        var chips = [Int64](repeating: 0, count: m.units.count)
        var reads = [Bool](repeating: false, count: m.units.count)
        m.code.withUnsafeBufferPointer { code in
            for (u, info) in m.units.enumerated() {
                for pc in Int(info.codeStart)..<Int(info.codeEnd) {
                    guard let ins = Instruction(word: code[pc]) else { continue }
                    if ins.opcode == .limit {
                        let l = m.limits[Int(ins.a)]
                        if l.perReceipt && !l.units { limits[u] = min(limits[u], l.count) }
                        if !l.perReceipt { reads[u] = true }
                    } else if ins.opcode == .effect {
                        switch m.effects[Int(ins.a)] {
                        case .redeemChips(let n): chips[u] = chips[u].addingReportingOverflow(n).partialValue
                        case .fixedPrice(_, _, let n) where n > 0: chips[u] = chips[u].addingReportingOverflow(n).partialValue
                        default: break
                        }
                    }
                }
            }
        }
        repeatLimits = limits
        unitChips = chips
        for rule in m.rules where rule.limit >= 0 && Int(rule.limit) < m.limits.count && !m.limits[Int(rule.limit)].perReceipt
            && Int(rule.unit) < reads.count {
            reads[Int(rule.unit)] = true
        }
        readsUsage = reads
    }

    deinit {
        code.deallocate()
        constants.deallocate()
        for table in [categoryAtoms, brandAtoms, flagAtoms, factTable, stringIDs, counterTable, unitTable] { table.free() }
        skuAtoms.free()
        gates.free()
    }

    /// The string id of a text, -2 for a text the bundle does not know, absent (`Int64.min`)
    /// for none.
    func id(of text: String?) -> Int64 {
        guard let text else { return Int64.min }
        return stringIDs.value(text).map(Int64.init) ?? -2
    }

    /// The name of a unit (a promo, a tier program, a restriction).
    public func name(ofUnit unit: Int) -> String { unitNames[unit] }

    public func title(ofUnit unit: Int) -> String? {
        let t = model.units[unit].title
        return t >= 0 ? model.strings[Int(t)] : nil
    }

    /// The unit with this name.
    public func unit(named name: String) -> Int? { unitNames.firstIndex(of: name) }

    public var currencyCode: String { model.currencyCode }
    public var currencyDecimals: Int { Int(model.currencyDecimals) }

    /// The keys of the customer facts the bundle needs.
    public var factKeys: [String] { model.facts.map { model.strings[Int($0.key)] } }

    /// What the comparison at `pc` compares (money, a date…), when the compiler recorded it.
    public func comparisonTag(at pc: Int) -> ValueTag? {
        var low = 0, high = model.comparisons.count - 1
        while low <= high {
            let mid = (low + high) / 2
            let at = Int(model.comparisons[mid].pc)
            if at == pc { return model.comparisons[mid].tag }
            if at < pc { low = mid + 1 } else { high = mid - 1 }
        }
        return nil
    }

    /// The source place of the instruction at `pc`: the nearest debug entry at or before it.
    public func source(at pc: Int) -> (file: String, line: Int, text: String)? {
        var low = 0, high = model.debug.count - 1, found: DebugInfo?
        while low <= high {
            let mid = (low + high) / 2
            if Int(model.debug[mid].pc) <= pc { found = model.debug[mid]; low = mid + 1 } else { high = mid - 1 }
        }
        guard let d = found else { return nil }
        return (model.strings[Int(d.file)], Int(d.line), model.strings[Int(d.text)])
    }
}
