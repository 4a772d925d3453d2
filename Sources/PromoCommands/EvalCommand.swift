import ArgumentParser
import Foundation
import PromoBytecode
import PromoJSON
import PromoVM

/// `promo eval`: evaluates receipts (JSON) against a bundle and prints the results.
public struct EvalCommand: OutputCommand {
    public static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Evaluate receipts against a bundle.",
        discussion: """
            RECEIPT is a JSON file holding one receipt or an array of them (see \
            docs/receipt-format.md). Prints each result as a table, or as JSON with --json; \
            --explain adds, for every promo considered, whether it applied and why not.

            Exit status: 0 when every receipt was evaluated, 1 when the bundle or a receipt is \
            refused (the message names the field), 2 for a file that cannot be read.
            """
    )

    @Argument(help: "The bundle file.")
    public var bundle: String

    @Argument(help: "A JSON file with a receipt or an array of receipts.")
    public var receipt: String

    @Flag(help: "Print the results as JSON (one object, or an array for several receipts).")
    public var json = false

    @Flag(help: "Say for every promo considered whether it applied, and if not, why.")
    public var explain = false

    @Option(help: ArgumentHelp("Run the bundle only if this public key (a file from `promo keygen`) signed it.", valueName: "key"))
    public var trustedKey: String?

    public init() {}

    public func run(output out: CommandOutput) -> Int32 {
        var trusted: [UInt8]?
        if let trustedKey {
            guard let key = KeyFile.load(trustedKey, kind: KeyFile.publicKind, output: out) else { return ExitStatus.usage }
            trusted = key
        }
        let loaded: LoadedBundle
        switch BundleFile.bytes(bundle) {
        case .failure(let error):
            out.write("error: \(error)\n", to: .standardError)
            return ExitStatus.usage
        case .success(let bytes):
            do {
                loaded = try LoadedBundle(bytes: bytes, trustedKey: trusted)
            } catch {
                out.write("error: \(bundle): \(error)\n", to: .standardError)
                return ExitStatus.failure
            }
        }
        guard let data = FileManager.default.contents(atPath: receipt) else {
            out.write("error: cannot read \(receipt)\n", to: .standardError)
            return ExitStatus.usage
        }
        let receipts: [Receipt]
        let many: Bool
        do {
            let value = try ReceiptJSON.parse([UInt8](data))
            many = value.asArray != nil
            receipts = try ReceiptJSON.decodeMany(value, decimals: loaded.currencyDecimals, factTags: ReceiptJSON.factTags(of: loaded),
                                                  currency: loaded.currencyCode)
        } catch {
            out.write("error: \(receipt): \(error)\n", to: .standardError)
            return ExitStatus.failure
        }
        var evaluator = Evaluator(bundle: loaded)
        var values: [JSONValue] = []
        var text = ""
        for (index, r) in receipts.enumerated() {
            let result: EvaluationResult
            do {
                result = try evaluator.evaluate(r)
            } catch {
                let place = many ? "[\(index)]" + (error.field.isEmpty ? "" : "." + error.field) : error.field
                out.write("error: \(receipt): \(place.isEmpty ? "" : place + ": ")\(error.message)\n", to: .standardError)
                return ExitStatus.failure
            }
            if json {
                values.append(ResultJSON.encode(result, receipt: r, bundle: loaded))
            } else {
                if index > 0 { text += "\n" }
                text += ResultTable(bundle: loaded, receipt: r, result: result).render(explain: explain)
            }
        }
        if json {
            out.write((many ? JSONValue.array(values) : values[0]).serialized(pretty: true) + "\n", to: .standardOutput)
        } else {
            out.write(text, to: .standardOutput)
        }
        return ExitStatus.success
    }
}

/// A result as a table for people.
struct ResultTable {
    let bundle: LoadedBundle
    let receipt: Receipt
    let result: EvaluationResult

    func money(_ minor: Int64) -> String { FixedPoint.money(minor, decimals: bundle.currencyDecimals) }

    func name(_ unit: Int) -> String { bundle.name(ofUnit: unit) }

    func render(explain: Bool) -> String {
        var out = "receipt \(receipt.date) \(time(receipt.minute))"
        if let store = receipt.store.id { out += ", store \(store)" }
        if let format = receipt.store.format { out += " (\(format))" }
        if let c = receipt.customer { out += ", customer \(c.id)" }
        out += "\n"
        var rows: [[String]] = [["#", "sku", "qty", "amount", "discount", "final", "promos"]]
        for (i, line) in result.lines.enumerated() {
            let promos = result.discounts(ofLine: i).map { "\(name($0.unit)) -\(money($0.amount))" }
                + result.clamps(ofLine: i).map { "(clamped \(money($0.amount)) by \($0.restriction.map(name) ?? "legal minimum price"))" }
            rows.append([String(i + 1), String(line.sku), FixedPoint.quantity(receipt.lines[i].quantity), money(line.originalAmount),
                         line.discountTotal > 0 ? money(line.discountTotal) : "", money(line.finalAmount), promos.joined(separator: ", ")])
        }
        rows.append(["", "total", "", money(result.originalTotal), money(result.discountTotal), money(result.finalTotal), ""])
        out += table(rows)
        for a in result.accruals {
            let amount = a.chips ? "\(a.points) chips" : "\(money(a.points)) bonus"
            out += "accrued \(amount) by \(name(a.unit)), from \(a.activates)" + (a.expires.map { " until \($0)" } ?? "") + "\n"
        }
        if receipt.customer != nil {
            out += "redeemable with bonuses: \(money(result.redeemable))" + (result.redeemed > 0 ? ", redeemed \(money(result.redeemed))" : "") + "\n"
        }
        for c in result.chipsSpent { out += "chips spent: \(c.chips) by \(name(c.unit))\n" }
        for c in result.couponsApplied { out += "coupon applied: \(c.code) by \(name(c.unit))\n" }
        for c in result.couponsIssued {
            let value = c.isPercent ? FixedPoint.percent(c.value) + "%" : money(c.value)
            out += "coupon issued: \(c.code), \(value) off" + (c.validUntil.map { ", valid until \($0)" } ?? "") + "\n"
        }
        for g in result.gifts { out += "gift: \(g.count) × sku \(g.sku) by \(name(g.unit))\n" }
        for msg in result.messages { out += "message to \(ResultJSON.name(of: msg.target)): \"\(msg.text)\"\n" }
        for c in result.counterChanges {
            out += "counter \(c.counter) \(ResultJSON.symbol(of: c.operation)) \(FixedPoint.quantity(c.value)) by \(name(c.unit))\n"
        }
        if explain {
            out += "\npromos considered, in order:\n"
            for entry in result.trace {
                out += "  " + (entry.applied ? "applied     " : "not applied ") + name(entry.unit)
                if entry.applied {
                    out += entry.discount > 0 ? ": \(money(entry.discount)) off\n" : "\n"
                    continue
                }
                out += ": " + (entry.reason?.text ?? "")
                if let failed = entry.failed, let source = bundle.source(at: failed.pc) {
                    out += "\n      \(source.file):\(source.line): \(source.text)"
                    if let shown = comparison(failed) { out += "\n      \(shown)" }
                }
                out += "\n"
            }
            let skipped = bundle.model.units.indices.filter { u in
                bundle.model.units[u].kind != .restriction && !result.trace.contains { $0.unit == u }
            }
            if !skipped.isEmpty {
                out += "  not considered (no line of theirs on the receipt): " + skipped.map(name).joined(separator: ", ") + "\n"
            }
        }
        return out
    }

    /// `412.00 >= 500.00 is false` in the values' own units.
    func comparison(_ f: FailedComparison) -> String? {
        guard let symbol = ResultJSON.symbol(of: f.opcode) else { return nil }
        let tag = bundle.comparisonTag(at: f.pc)
        func show(_ v: Int64) -> String {
            if v == Int64.min { return "unknown" }
            switch tag {
            case .money?: return money(v)
            case .quantity?: return FixedPoint.quantity(v)
            case .percent?: return FixedPoint.percent(v) + "%"
            case .date?, .anniversary?: return Calendar.date(dayNumber: Int(v)).description
            case .string?: return v >= 0 && Int(v) < bundle.model.strings.count ? "\"\(bundle.model.strings[Int(v)])\"" : "another value"
            case .bool?: return v == 1 ? "true" : "false"
            default: return String(v)
            }
        }
        var text = "\(show(f.left)) \(symbol) \(show(f.right)) is false"
        if tag == .money, f.left != Int64.min, f.right != Int64.min, f.opcode == .greaterEqual, f.right > f.left {
            text += "; \(money(f.right - f.left)) more would do"
        }
        return text
    }

    func time(_ minute: Int) -> String {
        (minute / 60 < 10 ? "0" : "") + String(minute / 60) + ":" + (minute % 60 < 10 ? "0" : "") + String(minute % 60)
    }

    /// Columns padded to their widest cell; numbers right-aligned.
    func table(_ rows: [[String]]) -> String {
        let widths = (0..<rows[0].count).map { c in rows.map { $0[c].count }.max() ?? 0 }
        return rows.map { row in
            row.enumerated().map { c, cell in
                let pad = String(repeating: " ", count: widths[c] - cell.count)
                return c == row.count - 1 ? cell : (c >= 2 && c <= 5 ? pad + cell : cell + pad)
            }.joined(separator: "  ").trimmingTrailingSpaces
        }.joined(separator: "\n") + "\n"
    }
}

extension String {
    var trimmingTrailingSpaces: String {
        var s = self
        while s.last == " " { s.removeLast() }
        return s
    }
}
