import PromoBenchmarkInputs
import PromoCompiler
import PromoDiagnostics
import PromoSemantics
import PromoVM

/// Everything the VM benchmark measures with: the generated 200-promo set compiled, its ten
/// core promos compiled alone, and the receipts.
public struct VMBenchmarkInputs: Sendable {
    public let set: VMPromoSet
    /// The whole set: 200 promos, the tier program and the restrictions.
    public let fullBundle: LoadedBundle
    /// The ten promos of `core.promo` with the restrictions, nothing else.
    public let coreBundle: LoadedBundle
    public let receipts: [Receipt]
    /// Warnings the front end gave on the set (it has no errors, or there would be no bundle).
    public let warnings: [String]

    public static let receiptCount = 16
    public static let linesPerReceipt = 30

    /// Generates the set and the receipts and compiles both bundles.
    public static func make() throws(BenchmarkInputError) -> VMBenchmarkInputs {
        let set = VMPromoSet.generate()
        var warnings: [String] = []
        let full = try compile(set.files, warnings: &warnings)
        var coreWarnings: [String] = []
        let core = try compile(set.coreFiles, warnings: &coreWarnings)
        let receipts = BenchmarkReceipts.generate(for: set, factKeys: full.factKeys, count: receiptCount,
                                                  lines: linesPerReceipt)
        return VMBenchmarkInputs(set: set, fullBundle: full, coreBundle: core, receipts: receipts, warnings: warnings)
    }

    /// Checks and compiles promo files into a loaded bundle.
    public static func compile(_ files: [GeneratedFile], warnings: inout [String]) throws(BenchmarkInputError) -> LoadedBundle {
        let result = Frontend.check(files.map { SourceInput(path: $0.path, text: $0.text) })
        let rendered = result.diagnostics.map { d -> String in
            let at = result.sources.location(of: d.span)
            return "\(at.file.path):\(at.start.line):\(at.start.column): \(d.severity) \(d.code.rawValue): \(d.message)"
        }
        guard let program = result.program else {
            throw BenchmarkInputError(message: "the promo set has \(result.errorCount) errors:\n" + rendered.joined(separator: "\n"))
        }
        warnings += rendered
        do {
            return try LoadedBundle(bytes: BundleCompiler.bytes(program))
        } catch {
            throw BenchmarkInputError(message: "the compiled bundle was refused: \(error)")
        }
    }
}

public struct BenchmarkInputError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }

    public init(message: String) {
        self.message = message
    }
}

/// The 1,000-promo set of the front-end benchmark, compiled: the bundle a large chain ships.
public enum LargeBundle {
    public static func bytes() throws(BenchmarkInputError) -> [UInt8] {
        let set = PromoSetGenerator.generate(promos: 1_000, files: 20)
        let result = Frontend.check(set.files.map { SourceInput(path: $0.path, text: $0.text) })
        guard let program = result.program else {
            throw BenchmarkInputError(message: "the 1,000-promo set has \(result.errorCount) errors")
        }
        return BundleCompiler.bytes(program)
    }
}
