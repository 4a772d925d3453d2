import Crypto

/// The bundle file: `PROMOBDL`, the format version, the payload's length and SHA-256, then the
/// payload: the sections of ``BundleModel`` in a fixed order, each as a tag, a length and its
/// bytes. Everything is little-endian; the same model always gives the same bytes.
public enum BundleFormat {
    public static let magic: [UInt8] = Array("PROMOBDL".utf8)
    public static let version: UInt16 = 1
    /// Magic, version, flags, payload length, hash.
    public static let headerSize = 8 + 2 + 2 + 4 + 32

    enum Section: UInt8, CaseIterable {
        case info = 1, strings, constants, atoms, itemSets, facts, counters, tiers, limits, effects, messages
        case units, rules, code, debug, comparisons, candidates

        /// The case's name, as `String(describing:)` gives it, without reflection.
        var name: String {
            switch self {
            case .info: "info"
            case .strings: "strings"
            case .constants: "constants"
            case .atoms: "atoms"
            case .itemSets: "itemSets"
            case .facts: "facts"
            case .counters: "counters"
            case .tiers: "tiers"
            case .limits: "limits"
            case .effects: "effects"
            case .messages: "messages"
            case .units: "units"
            case .rules: "rules"
            case .code: "code"
            case .debug: "debug"
            case .comparisons: "comparisons"
            case .candidates: "candidates"
            }
        }
    }

    /// The bundle's bytes.
    public static func encode(_ model: BundleModel) -> [UInt8] {
        var payload = ByteWriter()
        for section in Section.allCases {
            var body = ByteWriter()
            write(section, of: model, to: &body)
            payload.u8(section.rawValue)
            payload.count(body.bytes.count)
            payload.bytes.append(contentsOf: body.bytes)
        }
        var out = ByteWriter()
        out.bytes.append(contentsOf: magic)
        out.u16(version)
        out.u16(0)
        out.count(payload.bytes.count)
        out.bytes.append(contentsOf: SHA256.hash(data: payload.bytes))
        out.bytes.append(contentsOf: payload.bytes)
        return out.bytes
    }

    /// The SHA-256 of the payload as recorded in the header (the content hash).
    public static func contentHash(of bytes: [UInt8]) -> [UInt8]? {
        guard bytes.count >= headerSize else { return nil }
        return Array(bytes[16..<48])
    }

    /// The payload's end: where a signature would follow.
    public static func payloadEnd(of bytes: [UInt8]) throws(BundleError) -> Int {
        guard bytes.count >= 8, bytes[0..<8].elementsEqual(magic) else { throw .notABundle }
        return try bytes.withUnsafeBufferPointer { buffer throws(BundleError) in
            var header = ByteReader(buffer, section: "header")
            _ = try header.take(8)
            let found = try header.u16()
            guard found == version else { throw .unsupportedVersion(found: found, supported: version) }
            _ = try header.u16()
            let length = Int(try header.u32())
            _ = try header.take(32)
            guard length <= header.remaining else { throw .truncated(section: "header", offset: buffer.count) }
            return headerSize + length
        }
    }

    /// Reads a bundle, checking its magic, version, length and hash, then every section's
    /// structure. Indices are checked afterwards by ``Verifier``.
    public static func decode(_ bytes: [UInt8]) throws(BundleError) -> BundleModel {
        let end = try payloadEnd(of: bytes)
        // After the payload: nothing, or a signature (checked against a key by BundleSignature).
        _ = try BundleSignature.trailer(bytes, end: end)
        let digest = SHA256.hash(data: bytes[headerSize..<end])
        guard digest.withUnsafeBytes({ $0.elementsEqual(bytes[16..<48]) }) else { throw .hashMismatch }
        return try bytes.withUnsafeBufferPointer { buffer throws(BundleError) in
            var reader = ByteReader(buffer, from: headerSize, to: end, section: "payload")
            var model = BundleModel()
            for expected in Section.allCases {
                reader.section = expected.name
                let tag = try reader.u8()
                guard tag == expected.rawValue else {
                    throw .malformed(section: expected.name, detail: "found section \(tag) where section \(expected.rawValue) belongs")
                }
                let length = Int(try reader.u32())
                guard length <= reader.remaining else { throw .truncated(section: expected.name, offset: reader.position) }
                var body = ByteReader(buffer, from: reader.position, to: reader.position + length, section: reader.section)
                try read(expected, into: &model, from: &body)
                guard body.remaining == 0 else {
                    throw .malformed(section: expected.name, detail: "\(body.remaining) bytes left over")
                }
                reader.position += length
            }
            guard reader.remaining == 0 else { throw .malformed(section: "payload", detail: "\(reader.remaining) bytes after the last section") }
            return model
        }
    }

    // MARK: - Writing

    static func write(_ section: Section, of m: BundleModel, to w: inout ByteWriter) {
        switch section {
        case .info:
            w.string(m.currencyCode)
            w.u8(m.currencyDecimals)
            w.i64(m.stepBase)
            w.i64(m.stepPerLine)
        case .strings: w.list(m.strings) { $0.string($1) }
        case .constants: w.list(m.constants) { $0.i64($1) }
        case .atoms:
            w.list(m.categories) { $0.u32($1) }
            w.list(m.skus) { $0.i64($1) }
            w.list(m.brands) { $0.u32($1) }
            w.list(m.flags) { $0.u32($1) }
        case .itemSets: w.list(m.itemSets) { w, ops in w.list(ops) { $0.u32($1) } }
        case .facts: w.list(m.facts) { w, f in w.u32(f.key); w.u8(f.tag.rawValue) }
        case .counters: w.list(m.counters) { $0.u32($1) }
        case .tiers:
            w.list(m.tiers) { w, t in
                w.u32(t.name)
                w.u32(t.measure)
                w.list(t.levels) { w, l in
                    w.u32(l.name); w.i32(l.title); w.i64(l.threshold); w.u32(l.effectStart); w.u32(l.effectCount)
                }
            }
        case .limits:
            w.list(m.limits) { w, l in w.i64(l.count); w.bool(l.units); w.bool(l.perReceipt); w.u8(l.period) }
        case .effects: w.list(m.effects) { writeEffect($1, to: &$0) }
        case .messages:
            w.list(m.messages) { w, msg in
                w.u8(msg.target.rawValue)
                w.list(msg.parts) { w, p in w.bool(p.isPlaceholder); w.u32(p.text) }
            }
        case .units:
            w.list(m.units) { w, u in
                w.u8(u.kind.rawValue); w.u32(u.name); w.i32(u.title); w.i64(u.priority)
                w.u32(u.codeStart); w.u32(u.codeEnd); w.u16(u.registers); w.i32(u.group)
                w.bool(u.originalPrices); w.bool(u.ignoresRestrictions)
            }
        case .rules:
            w.list(m.rules) { w, r in
                w.u32(r.unit); w.u8(r.subject.rawValue); w.u8(r.bound.rawValue); w.i64(r.value); w.u32(r.scope); w.i32(r.limit)
            }
        case .code: w.list(m.code) { $0.u64($1) }
        case .debug:
            w.list(m.debug) { w, d in w.u32(d.pc); w.u32(d.file); w.u32(d.line); w.u32(d.column); w.u32(d.text) }
        case .comparisons: w.list(m.comparisons) { w, c in w.u32(c.pc); w.u8(c.tag.rawValue) }
        case .candidates: w.list(m.candidates) { w, list in w.list(list) { $0.u32($1) } }
        }
    }

    static func writeTarget(_ t: TargetInfo, to w: inout ByteWriter) {
        w.u8(t.kind.rawValue); w.u32(t.set); w.i64(t.count)
    }

    static func writeDuration(_ d: DurationInfo, to w: inout ByteWriter) {
        w.i64(d.amount); w.u8(d.unit.rawValue)
    }

    static func writeEffect(_ e: EffectInfo, to w: inout ByteWriter) {
        switch e {
        case .discount(let kind, let value, let perUnit, let target):
            w.u8(0); w.u8(kind.rawValue); w.i64(value); w.bool(perUnit); writeTarget(target, to: &w)
        case .fixedPrice(let price, let target, let chips):
            w.u8(1); w.i64(price); writeTarget(target, to: &w); w.i64(chips)
        case .bundle(let components, let price, let repeating):
            w.u8(2); w.list(components) { w, c in w.i64(c.count); w.u32(c.set) }; w.i64(price); w.bool(repeating)
        case .buyGet(let buy, let set, let get, let getSet, let reward, let value, let mostExpensive, let repeating):
            w.u8(3); w.i64(buy); w.u32(set); w.i64(get); w.u32(getSet); w.u8(reward.rawValue); w.i64(value)
            w.bool(mostExpensive); w.bool(repeating)
        case .round(let halfUp, let step, let set):
            w.u8(4); w.bool(halfUp); w.i64(step); w.u32(set)
        case .accrue(let chips, let kind, let value, let step, let basis, let scope, let activates, let expires, let excluding):
            w.u8(5); w.bool(chips); w.u8(kind.rawValue); w.i64(value); w.i64(step); w.u32(basis); w.u32(scope)
            writeDuration(activates, to: &w); writeDuration(expires, to: &w); w.bool(excluding)
        case .redeemChips(let n):
            w.u8(6); w.i64(n)
        case .gift(let sku, let count):
            w.u8(7); w.i64(sku); w.i64(count)
        case .issueCoupon(let code, let kind, let value, let scope, let valid):
            w.u8(8); w.u32(code); w.u8(kind.rawValue); w.i64(value); w.u32(scope); writeDuration(valid, to: &w)
        }
    }

    // MARK: - Reading

    static func read(_ section: Section, into m: inout BundleModel, from r: inout ByteReader) throws(BundleError) {
        switch section {
        case .info:
            m.currencyCode = try r.string()
            m.currencyDecimals = try r.u8()
            m.stepBase = try r.i64()
            m.stepPerLine = try r.i64()
        case .strings: m.strings = try r.list(minimumSize: 4) { r throws(BundleError) in try r.string() }
        case .constants: m.constants = try r.list(minimumSize: 8) { r throws(BundleError) in try r.i64() }
        case .atoms:
            m.categories = try r.list(minimumSize: 4) { r throws(BundleError) in try r.u32() }
            m.skus = try r.list(minimumSize: 8) { r throws(BundleError) in try r.i64() }
            m.brands = try r.list(minimumSize: 4) { r throws(BundleError) in try r.u32() }
            m.flags = try r.list(minimumSize: 4) { r throws(BundleError) in try r.u32() }
        case .itemSets:
            m.itemSets = try r.list(minimumSize: 4) { r throws(BundleError) in
                try r.list(minimumSize: 4) { r throws(BundleError) in try r.u32() }
            }
        case .facts:
            m.facts = try r.list(minimumSize: 5) { r throws(BundleError) in
                FactInfo(key: try r.u32(), tag: try r.enumeration(ValueTag.self, "value type"))
            }
        case .counters: m.counters = try r.list(minimumSize: 4) { r throws(BundleError) in try r.u32() }
        case .tiers:
            m.tiers = try r.list(minimumSize: 12) { r throws(BundleError) in
                let name = try r.u32(), measure = try r.u32()
                let levels = try r.list(minimumSize: 24) { r throws(BundleError) in
                    LevelInfo(name: try r.u32(), title: try r.i32(), threshold: try r.i64(), effectStart: try r.u32(),
                              effectCount: try r.u32())
                }
                return TierInfo(name: name, measure: measure, levels: levels)
            }
        case .limits:
            m.limits = try r.list(minimumSize: 11) { r throws(BundleError) in
                LimitInfo(count: try r.i64(), units: try r.bool(), perReceipt: try r.bool(), period: try r.u8())
            }
        case .effects: m.effects = try r.list(minimumSize: 9) { r throws(BundleError) in try readEffect(&r) }
        case .messages:
            m.messages = try r.list(minimumSize: 5) { r throws(BundleError) in
                let target = try r.enumeration(MessageTargetCode.self, "message target")
                let parts = try r.list(minimumSize: 5) { r throws(BundleError) in
                    MessagePartInfo(isPlaceholder: try r.bool(), text: try r.u32())
                }
                return MessageInfo(target: target, parts: parts)
            }
        case .units:
            m.units = try r.list(minimumSize: 33) { r throws(BundleError) in
                UnitInfo(kind: try r.enumeration(UnitKind.self, "unit kind"), name: try r.u32(), title: try r.i32(),
                         priority: try r.i64(), codeStart: try r.u32(), codeEnd: try r.u32(), registers: try r.u16(),
                         group: try r.i32(), originalPrices: try r.bool(), ignoresRestrictions: try r.bool())
            }
        case .rules:
            m.rules = try r.list(minimumSize: 22) { r throws(BundleError) in
                RuleInfo(unit: try r.u32(), subject: try r.enumeration(RuleSubjectCode.self, "rule subject"),
                         bound: try r.enumeration(BoundKind.self, "rule bound"), value: try r.i64(), scope: try r.u32(),
                         limit: try r.i32())
            }
        case .code: m.code = try r.list(minimumSize: 8) { r throws(BundleError) in try r.u64() }
        case .debug:
            m.debug = try r.list(minimumSize: 20) { r throws(BundleError) in
                DebugInfo(pc: try r.u32(), file: try r.u32(), line: try r.u32(), column: try r.u32(), text: try r.u32())
            }
        case .comparisons:
            m.comparisons = try r.list(minimumSize: 5) { r throws(BundleError) in
                ComparisonInfo(pc: try r.u32(), tag: try r.enumeration(ValueTag.self, "value type"))
            }
        case .candidates:
            m.candidates = try r.list(minimumSize: 4) { r throws(BundleError) in
                try r.list(minimumSize: 4) { r throws(BundleError) in try r.u32() }
            }
        }
    }

    static func readTarget(_ r: inout ByteReader) throws(BundleError) -> TargetInfo {
        TargetInfo(kind: try r.enumeration(TargetKind.self, "target kind"), set: try r.u32(), count: try r.i64())
    }

    static func readDuration(_ r: inout ByteReader) throws(BundleError) -> DurationInfo {
        DurationInfo(amount: try r.i64(), unit: try r.enumeration(DurationUnitCode.self, "duration unit"))
    }

    static func readEffect(_ r: inout ByteReader) throws(BundleError) -> EffectInfo {
        let tag = try r.u8()
        switch tag {
        case 0:
            return .discount(kind: try r.enumeration(AmountKind.self, "amount kind"), value: try r.i64(), perUnit: try r.bool(),
                             target: try readTarget(&r))
        case 1:
            return .fixedPrice(price: try r.i64(), target: try readTarget(&r), chips: try r.i64())
        case 2:
            let components = try r.list(minimumSize: 12) { r throws(BundleError) in
                BundleComponentInfo(count: try r.i64(), set: try r.u32())
            }
            return .bundle(components: components, price: try r.i64(), repeating: try r.bool())
        case 3:
            return .buyGet(buy: try r.i64(), set: try r.u32(), get: try r.i64(), getSet: try r.u32(),
                           reward: try r.enumeration(RewardKind.self, "reward"), value: try r.i64(),
                           mostExpensive: try r.bool(), repeating: try r.bool())
        case 4:
            return .round(halfUp: try r.bool(), step: try r.i64(), set: try r.u32())
        case 5:
            return .accrue(chips: try r.bool(), kind: try r.enumeration(AccrualKind.self, "accrual kind"), value: try r.i64(),
                           step: try r.i64(), basis: try r.u32(), scope: try r.u32(), activatesAfter: try readDuration(&r),
                           expiresAfter: try readDuration(&r), excludingRedeemed: try r.bool())
        case 6:
            return .redeemChips(try r.i64())
        case 7:
            return .gift(sku: try r.i64(), count: try r.i64())
        case 8:
            return .issueCoupon(code: try r.u32(), kind: try r.enumeration(AmountKind.self, "amount kind"), value: try r.i64(),
                                scope: try r.u32(), valid: try readDuration(&r))
        default:
            throw .malformed(section: r.section, detail: "unknown effect kind \(tag)")
        }
    }
}
