import PromoBytecode
import PromoJSON

/// The JSON form of an evaluation's result (docs/receipt-format.md): keys in a fixed order,
/// promos by name, money as decimal strings with the bundle's currency decimals, quantities as
/// decimal strings without trailing zeros. The same result gives byte-identical JSON.
public enum ResultJSON {
    public static func encode(_ result: EvaluationResult, receipt: Receipt, bundle: LoadedBundle) -> JSONValue {
        Encoder(bundle: bundle).encode(result, receipt: receipt)
    }

    /// The text of a counter operation: `+=`, `-=`, `=`.
    public static func symbol(of operation: CounterOperation) -> String {
        switch operation {
        case .add: "+="
        case .subtract: "-="
        case .set: "="
        }
    }

    /// The name of a message target: `slip`, `cashier`, `display`.
    public static func name(of target: MessageTargetCode) -> String {
        switch target {
        case .slip: "slip"
        case .cashier: "cashier"
        case .display: "display"
        }
    }

    /// The comparison an opcode makes: `>=`; nil for other opcodes.
    public static func symbol(of opcode: Opcode) -> String? {
        switch opcode {
        case .equal: "=="
        case .notEqual: "!="
        case .less: "<"
        case .lessEqual: "<="
        case .greater: ">"
        case .greaterEqual: ">="
        default: nil
        }
    }

    /// What the comparison at `pc` compares (money, a quantity, a count…), as the compiler
    /// recorded it; nil when unknown.
    public static func valueTag(ofComparisonAt pc: Int, unit: Int, bundle: LoadedBundle) -> ValueTag? {
        bundle.comparisonTag(at: pc)
    }
}

private struct Encoder {
    let bundle: LoadedBundle
    var decimals: Int { bundle.currencyDecimals }

    func money(_ v: Int64) -> JSONValue { .string(FixedPoint.money(v, decimals: decimals)) }
    func quantity(_ v: Int64) -> JSONValue { .string(FixedPoint.quantity(v)) }
    func int(_ v: Int64) -> JSONValue { .int(Int(v)) }
    func date(_ d: LocalDate?) -> JSONValue { d.map { .string($0.description) } ?? .null }

    /// A unit's name; `#7` for an index the bundle does not have (never from a real evaluation).
    func unit(_ i: Int) -> JSONValue {
        .string(bundle.model.units.indices.contains(i) ? bundle.name(ofUnit: i) : "#" + String(i))
    }

    func encode(_ r: EvaluationResult, receipt: Receipt) -> JSONValue {
        var out: [(String, JSONValue)] = []
        out.append(("currency", .string(bundle.currencyCode)))
        out.append(("totals", .object([
            ("original", money(r.originalTotal)), ("discount", money(r.discountTotal)), ("final", money(r.finalTotal)),
        ])))
        // Result lines follow the receipt's lines; the name and quantity come from there.
        let parallel = r.lines.count == receipt.lines.count
        out.append(("lines", .array(r.lines.enumerated().map { i, l in
            let source = parallel ? receipt.lines[i] : nil
            return .object([
                ("line", .int(i)),
                ("sku", int(l.sku)),
                ("name", source?.name.map(JSONValue.string) ?? .null),
                ("qty", source.map { quantity($0.quantity) } ?? .null),
                ("original", money(l.originalAmount)),
                ("discount", money(l.discountTotal)),
                ("final", money(l.finalAmount)),
                ("discounts", .array(r.discounts(ofLine: i).map { .object([("promo", unit($0.unit)), ("amount", money($0.amount))]) })),
                ("clamps", .array(r.clamps(ofLine: i).map { c in
                    .object([
                        ("promo", unit(c.unit)),
                        ("amount", money(c.amount)),
                        ("restriction", c.restriction.map(unit) ?? .string("legal minimum price")),
                    ])
                })),
                ("accrual_allowed", .bool(l.accrualAllowed)),
                ("redemption_allowed", .bool(l.redemptionAllowed)),
            ])
        })))
        out.append(("accruals", .array(r.accruals.map { a in
            .object([
                ("promo", unit(a.unit)),
                ("currency", .string(a.chips ? "chips" : "bonus")),
                ("points", a.chips ? int(a.points) : money(a.points)),
                ("activates", date(a.activates)),
                ("expires", date(a.expires)),
            ])
        })))
        out.append(("redeemable", money(r.redeemable)))
        out.append(("redeemed", money(r.redeemed)))
        out.append(("chips_spent", .array(r.chipsSpent.map { .object([("promo", unit($0.unit)), ("chips", int($0.chips))]) })))
        out.append(("coupons_applied", .array(r.couponsApplied.map { .object([("promo", unit($0.unit)), ("code", .string($0.code))]) })))
        out.append(("coupons_issued", .array(r.couponsIssued.map { c in
            .object([
                ("promo", unit(c.unit)),
                ("code", .string(c.code)),
                ("kind", .string(c.isPercent ? "percent" : "money")),
                ("value", c.isPercent ? .string(FixedPoint.percent(c.value)) : money(c.value)),
                ("valid_until", date(c.validUntil)),
            ])
        })))
        out.append(("gifts", .array(r.gifts.map { .object([("promo", unit($0.unit)), ("sku", int($0.sku)), ("count", int($0.count))]) })))
        out.append(("messages", .array(r.messages.map {
            .object([("promo", unit($0.unit)), ("target", .string(ResultJSON.name(of: $0.target))), ("text", .string($0.text))])
        })))
        out.append(("counter_changes", .array(r.counterChanges.map {
            .object([
                ("promo", unit($0.unit)), ("counter", .string($0.counter)),
                ("op", .string(ResultJSON.symbol(of: $0.operation))), ("value", quantity($0.value)),
            ])
        })))
        out.append(("usage", .array(r.usage.map { .object([("promo", unit($0.unit)), ("uses", int($0.uses)), ("units", quantity($0.units))]) })))
        out.append(("trace", .array(r.trace.map(trace))))
        out.append(("steps", int(r.steps)))
        return .object(out)
    }

    func trace(_ t: TraceEntry) -> JSONValue {
        .object([
            ("promo", unit(t.unit)),
            ("applied", .bool(t.applied)),
            ("discount", money(t.discount)),
            ("reason", t.reason.map { .string($0.code) } ?? .null),
            ("reason_text", t.reason.map { .string($0.text) } ?? .null),
            ("failed", t.failed.map { failed($0, unit: t.unit) } ?? .null),
        ])
    }

    /// A failed comparison: its values formatted by what they hold when the bundle's code tells
    /// (money as `"88.00"`), otherwise as the VM's integers, `null` for an absent value (a fact
    /// the customer's data does not have); and its source place.
    func failed(_ f: FailedComparison, unit: Int) -> JSONValue {
        let tag = ResultJSON.valueTag(ofComparisonAt: f.pc, unit: unit, bundle: bundle)
        func value(_ v: Int64) -> JSONValue { ResultJSON.value(v, tag: tag, bundle: bundle) }
        var fields: [(String, JSONValue)] = [
            ("op", .string(ResultJSON.symbol(of: f.opcode) ?? f.opcode.info.mnemonic)),
            ("left", value(f.left)),
            ("right", value(f.right)),
            ("type", tag.map { .string(ResultJSON.typeName($0)) } ?? .null),
        ]
        if let place = bundle.source(at: f.pc) {
            fields.append(("source", .object([("file", .string(place.file)), ("line", .int(place.line)), ("text", .string(place.text))])))
        } else {
            fields.append(("source", .null))
        }
        return .object(fields)
    }
}

extension ResultJSON {
    /// A value the VM compared, formatted by what it holds (`tag`, from
    /// ``valueTag(ofComparisonAt:unit:bundle:)``): money as `"88.00"` with the bundle's currency
    /// decimals, a quantity as `"0.35"`, a percent as `"12.5"`, a date as `"2026-12-01"`,
    /// anything else as the VM's integer; `null` for an absent value (a fact the customer's data
    /// does not have).
    public static func value(_ v: Int64, tag: ValueTag?, bundle: LoadedBundle) -> JSONValue {
        if v == Evaluator.absent { return .null }
        switch tag {
        case .money?: return .string(FixedPoint.money(v, decimals: bundle.currencyDecimals))
        case .quantity?: return .string(FixedPoint.quantity(v))
        case .percent?: return .string(FixedPoint.percent(v))
        case .date? where v.magnitude <= 2_900_000: return .string(Calendar.date(dayNumber: Int(v)).description)
        default: return .int(Int(v))
        }
    }

    /// The name of a value type in JSON: `money`, `quantity`, `date_time`.
    public static func typeName(_ tag: ValueTag) -> String {
        switch tag {
        case .money: "money"
        case .percent: "percent"
        case .count: "count"
        case .quantity: "quantity"
        case .bool: "bool"
        case .string: "string"
        case .date: "date"
        case .anniversary: "anniversary"
        case .time: "time"
        case .dateTime: "date_time"
        case .duration: "duration"
        }
    }
}
