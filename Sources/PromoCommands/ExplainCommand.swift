import ArgumentParser
import Foundation
import PromoBytecode
import PromoJSON
import PromoVM

/// `promo explain`: evaluates receipts against a bundle and says, for every promo, tier
/// program and restriction of the bundle, whether it applied and why, in words a marketer reads.
public struct ExplainCommand: OutputCommand {
    public static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Say for every promo whether it applied to a receipt, and why.",
        discussion: """
            RECEIPT is a JSON file holding one receipt or an array of them (see \
            docs/receipt-format.md). For every promo of the bundle, in the order they ran and then \
            those that were no candidates, prints what it gave, or why it did not apply with the \
            source line of the deciding condition and, for a threshold, how much more would \
            trigger it; then what each restriction cut. With --json, the same as an array of \
            objects (an array of such arrays for several receipts).

            Exit status: 0 when every receipt was explained, 1 when the bundle or a receipt is \
            refused (the message names the field), 2 for a file that cannot be read.
            """
    )

    @Argument(help: "The bundle file.")
    public var bundle: String

    @Argument(help: "A JSON file with a receipt or an array of receipts.")
    public var receipt: String

    @Flag(help: "Print the explanations as JSON.")
    public var json = false

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
        evaluator.traceDetail = .all
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
            let explanations = Explanation.explain(result, receipt: r, bundle: loaded)
            if json {
                values.append(.array(explanations.map { $0.json(bundle: loaded) }))
            } else {
                if index > 0 { text += "\n" }
                text += ExplainCommand.render(explanations, receipt: r, result: result, bundle: loaded)
            }
        }
        if json {
            out.write((many ? JSONValue.array(values) : values.first ?? .array([])).serialized(pretty: true) + "\n", to: .standardOutput)
        } else {
            out.write(text, to: .standardOutput)
        }
        return ExitStatus.success
    }

    /// The receipt in one line, then one paragraph per explanation: its kind, name, title and
    /// file, then its sentence with the source line and its notes, indented.
    static func render(_ explanations: [Explanation], receipt: Receipt, result: EvaluationResult, bundle: LoadedBundle) -> String {
        func money(_ minor: Int64) -> String { FixedPoint.money(minor, decimals: bundle.currencyDecimals) }
        let table = ResultTable(bundle: bundle, receipt: receipt, result: result)
        var out = "receipt \(receipt.date) \(table.time(receipt.minute))"
        if let store = receipt.store.id { out += ", store \(store)" }
        if let format = receipt.store.format { out += " (\(format))" }
        if let c = receipt.customer { out += ", customer \(c.id)" }
        out += ": \(money(result.originalTotal)), \(money(result.discountTotal)) off, \(money(result.finalTotal)) to pay\n"
        for e in explanations {
            let kind: String = switch e.kind {
            case .promo: "promo"
            case .tiers: "tiers"
            case .restriction: "restriction"
            }
            out += "\n\(kind) \(e.name)" + (e.title.map { " \"\($0)\"" } ?? "") + (e.file.map { " (\($0))" } ?? "") + "\n"
            out += "  " + e.sentence + "\n"
            for note in e.notes { out += "  " + note + "\n" }
        }
        return out
    }
}
