/// Prints a bundle as text: its tables and every unit's code, one instruction a line, with the
/// operands named and the source place of each clause.
public enum Disassembler {
    public static func listing(_ m: BundleModel, hash: [UInt8]? = nil) -> String {
        var out = "bundle format \(BundleFormat.version), currency \(m.currencyCode) (\(m.currencyDecimals) decimals)"
        if let hash { out += ", sha256 " + hash.map { byte in (byte < 16 ? "0" : "") + String(byte, radix: 16) }.joined() }
        out += "\n"
        let promos = m.units.filter { $0.kind == .promo }.count
        out += "\(promos) promos, \(m.tiers.count) tier programs, \(m.units.count - promos - m.tiers.count) restrictions, "
        out += "\(m.code.count) instructions, \(m.itemSets.count) item sets, \(m.atomCount) atoms\n"
        out += "step budget: \(m.stepBase) + \(m.stepPerLine) per line\n"

        if !m.facts.isEmpty {
            out += "\nfacts (the customer figures the bundle needs):\n"
            for (i, f) in m.facts.enumerated() { out += "  F\(i)  \(str(m, f.key))  : \(f.tag)\n" }
        }
        if !m.itemSets.isEmpty {
            out += "\nitem sets:\n"
            for i in m.itemSets.indices { out += "  S\(i)  \(itemSet(m, i))\n" }
        }
        if !m.effects.isEmpty {
            out += "\neffects:\n"
            for (i, e) in m.effects.enumerated() { out += "  E\(i)  \(effect(m, e))\n" }
        }
        for rule in m.rules {
            out += "\nrule of \(str(m, m.units[Int(rule.unit)].name)): \(rule.subject) \(rule.bound) \(rule.value)"
            out += rule.scope == noItemSet ? "\n" : " on S\(rule.scope)\n"
        }
        if !m.constants.isEmpty {
            out += "\nconstants: " + m.constants.enumerated().map { "K\($0.offset)=\($0.element)" }.joined(separator: " ") + "\n"
        }
        var debugIndex = 0
        for u in m.units {
            out += "\n\(u.kind) \(str(m, u.name))"
            if u.title >= 0 { out += " \"\(str(m, UInt32(u.title)))\"" }
            out += u.kind == .promo ? " priority \(u.priority)" : ""
            if u.group >= 0 { out += " group \(str(m, UInt32(u.group)))" }
            if u.originalPrices { out += " original-prices" }
            if u.ignoresRestrictions { out += " ignores-restrictions" }
            out += ", \(u.registers) registers\n"
            for pc in Int(u.codeStart)..<Int(u.codeEnd) {
                while debugIndex < m.debug.count, Int(m.debug[debugIndex].pc) < pc { debugIndex += 1 }
                if debugIndex < m.debug.count, Int(m.debug[debugIndex].pc) == pc {
                    let d = m.debug[debugIndex]
                    out += "        ; \(str(m, d.file)):\(d.line): \(str(m, d.text))\n"
                }
                let word = m.code[pc]
                let pcText = String(pc)
                out += "  " + String(repeating: "0", count: max(0, 5 - pcText.count)) + pcText + "  "
                if let ins = Instruction(word: word) {
                    out += text(of: ins, bundle: m) + "\n"
                } else {
                    out += "<unknown \(word)>\n"
                }
            }
        }
        return out
    }

    /// One instruction: the mnemonic and its operands by kind.
    public static func text(of ins: Instruction, bundle m: BundleModel?) -> String {
        let info = ins.opcode.info
        let mnemonic = info.mnemonic.padding(10)
        let operands = [(info.operands.a, ins.a), (info.operands.b, ins.b), (info.operands.c, ins.c)]
            .filter { $0.0 != .none }
            .map { operand($0.0, $0.1, ins, m) }
        return mnemonic + operands.joined(separator: ", ")
    }

    static func operand(_ kind: OperandKind, _ v: UInt32, _ ins: Instruction, _ m: BundleModel?) -> String {
        switch kind {
        case .none: return ""
        case .register: return "R\(v)"
        case .constant:
            if let m, Int(v) < m.constants.count { return "K\(v)=\(m.constants[Int(v)])" }
            return "K\(v)"
        case .immediate: return String(Int32(truncatingIfNeeded: v << 16) >> 16)
        case .itemSet: return v == noItemSet ? "changed lines" : "S\(v)"
        case .fact:
            if let m, Int(v) < m.facts.count { return "F\(v) \(str(m, m.facts[Int(v)].key))" }
            return "F\(v)"
        case .string:
            if let m, Int(v) < m.strings.count { return "\"\(m.strings[Int(v)])\"" }
            return "string \(v)"
        case .target: return "@\(v)"
        case .effect: return "E\(v)"
        case .message: return "M\(v)"
        case .counter:
            if let m, Int(v) < m.counters.count { return "counter \(str(m, m.counters[Int(v)]))" }
            return "counter \(v)"
        case .limit:
            if let m, Int(v) < m.limits.count {
                let l = m.limits[Int(v)]
                let periods = ["lifetime", "day", "week", "month", "year"]
                return "limit \(l.count)\(l.units ? " units" : "") per \(l.perReceipt ? "receipt" : "customer") \(periods[Int(min(l.period, 4))])"
            }
            return "limit \(v)"
        case .tier:
            if let m, Int(v) < m.tiers.count { return "tiers \(str(m, m.tiers[Int(v)].name))" }
            return "tiers \(v)"
        case .level:
            if let m, Int(ins.b) < m.tiers.count, Int(v) < m.tiers[Int(ins.b)].levels.count {
                return "level \(str(m, m.tiers[Int(ins.b)].levels[Int(v)].name))"
            }
            return "level \(v)"
        case .mask: return "mask 0b" + String(v, radix: 2)
        case .reason: return Reason(rawValue: UInt8(truncatingIfNeeded: v))?.code ?? "reason \(v)"
        case .storeField: return StoreFieldCode(rawValue: UInt8(truncatingIfNeeded: v)).map { "\($0)" } ?? "field \(v)"
        case .counterOperation:
            return CounterOperation(rawValue: UInt8(truncatingIfNeeded: v)).map { ["+=", "-=", "="][Int($0.rawValue)] } ?? "op \(v)"
        }
    }

    static func str(_ m: BundleModel, _ i: UInt32) -> String {
        Int(i) < m.strings.count ? m.strings[Int(i)] : "<string \(i)>"
    }

    /// An item set program written back as a formula over atoms.
    public static func itemSet(_ m: BundleModel, _ index: Int) -> String {
        var stack: [String] = []
        for word in m.itemSets[index] {
            let (op, atom) = ItemSetOp.decode(word)
            switch op {
            case .atom?: stack.append(atomText(m, Int(atom)))
            case .all?: stack.append("all")
            case .and?, .or?, .andNot?:
                guard stack.count >= 2 else { return "<malformed>" }
                let b = stack.removeLast(), a = stack.removeLast()
                stack.append("(" + a + (op == .and ? " and " : op == .or ? ", " : " except ") + b + ")")
            case nil: return "<malformed>"
            }
        }
        return stack.last ?? "<empty>"
    }

    public static func atomText(_ m: BundleModel, _ atom: Int) -> String {
        var i = atom
        if i < m.categories.count { return "category \"\(str(m, m.categories[i]))\"" }
        i -= m.categories.count
        if i < m.skus.count { return "sku \(m.skus[i])" }
        i -= m.skus.count
        if i < m.brands.count { return "brand \"\(str(m, m.brands[i]))\"" }
        i -= m.brands.count
        if i < m.flags.count { return "flag \(str(m, m.flags[i]))" }
        return "<atom \(atom)>"
    }

    static func set(_ s: UInt32) -> String { s == noItemSet ? "all" : "S\(s)" }

    static func effect(_ m: BundleModel, _ e: EffectInfo) -> String {
        func amount(_ kind: AmountKind, _ v: Int64) -> String { kind == .percent ? "\(v)ppm" : "\(v)" }
        func target(_ t: TargetInfo) -> String {
            switch t.kind {
            case .receipt: "receipt except \(set(t.set))"
            case .lines: "lines of \(set(t.set))"
            case .cheapest: "\(t.count) cheapest of \(set(t.set))"
            case .mostExpensive: "\(t.count) most expensive of \(set(t.set))"
            }
        }
        func duration(_ d: DurationInfo) -> String { d.unit == .none ? "-" : "\(d.amount) \(d.unit)" }
        switch e {
        case .discount(let kind, let value, let perUnit, let t):
            return "discount \(amount(kind, value))\(perUnit ? " each" : "") on \(target(t))"
        case .fixedPrice(let price, let t, let chips):
            return "price \(price) on \(target(t))" + (chips >= 0 ? " for \(chips) chips" : "")
        case .bundle(let components, let price, let repeating):
            return "bundle {" + components.map { "\($0.count) of \(set($0.set))" }.joined(separator: ", ") + "} price \(price)"
                + (repeating ? "" : " once")
        case .buyGet(let buy, let s, let get, let getSet, let reward, let value, let mostExpensive, let repeating):
            return "buy \(buy) of \(set(s)) get \(get)" + (getSet == noItemSet ? "" : " of \(set(getSet))")
                + " \(reward) \(value) \(mostExpensive ? "most expensive" : "cheapest")" + (repeating ? "" : " once")
        case .round(let halfUp, let step, let s):
            return "round \(halfUp ? "half up" : "down") to \(step) on \(set(s))"
        case .accrue(let chips, let kind, let value, let step, let basis, let scope, let a, let x, let excluding):
            return "accrue \(kind) \(value)\(kind == .perStep ? " per \(step) of \(set(basis))" : "") \(chips ? "chips" : "bonus") on \(set(scope))"
                + " activates after \(duration(a)) expires after \(duration(x))" + (excluding ? " excluding redeemed" : "")
        case .redeemChips(let n): return "redeem \(n) chips"
        case .gift(let sku, let count): return "gift \(count) of sku \(sku)"
        case .issueCoupon(let code, let kind, let value, let scope, let valid):
            return "issue coupon \"\(str(m, code))\" discount \(amount(kind, value)) on \(set(scope)) valid \(duration(valid))"
        }
    }
}

extension String {
    func padding(_ width: Int) -> String {
        count >= width ? self + " " : self + String(repeating: " ", count: width - count)
    }
}
