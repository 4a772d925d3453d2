import ArgumentParser
import Foundation
import PromoBytecode
import PromoCompiler
import PromoHistory
import PromoSemantics
import PromoVM

/// `promo segment`: how many customers of a history database are in a segment on a day.
public struct SegmentCommand: OutputCommand {
    public static let configuration = CommandConfiguration(
        commandName: "segment",
        abstract: "Count the customers of a history database who are in a segment.",
        discussion: """
            Each customer's figures (purchases, spend, days since the last purchase, ...) are computed \
            from their receipts before the day (--as-of; default: the day after the last receipt), and \
            the segment is decided by the compiled promos' own rules, as at a till. --ids writes the \
            matching customers' ids as CSV.

            Exit status: 0 when counted, 1 when the promos do not compile, the segment is unknown or \
            the history is refused, 2 for a bad command line.
            """
    )

    @Argument(help: "Promo files, or folders to search for *.promo files (where the segment is defined).")
    public var paths: [String]

    @Option(help: ArgumentHelp("The history database (SQLite).", valueName: "file"))
    public var db: String

    @Option(help: ArgumentHelp("The segment's name.", valueName: "name"))
    public var segment: String

    @Option(help: ArgumentHelp("The day the segment is taken on (YYYY-MM-DD).", valueName: "date"))
    public var asOf: String?

    @Option(help: ArgumentHelp("Write the matching customers' ids to this CSV file.", valueName: "file"))
    public var ids: String?

    @Option(help: "When to colour diagnostics: auto, always or never.")
    public var color: ColorChoice = .auto

    public init() {}

    /// The probe promo: its audience is the segment, and it applies to anyone in it.
    static let probeName = "segment_probe__"

    public func run(output out: CommandOutput) -> Int32 {
        var day: LocalDate?
        if let asOf {
            guard let d = HistoryDatabase.date(asOf) else {
                out.write("error: --as-of \(asOf) is not a date (YYYY-MM-DD)\n", to: .standardError)
                return ExitStatus.usage
            }
            day = d
        }
        guard segment.unicodeScalars.allSatisfy({ $0 == "_" || $0.properties.isAlphabetic || ("0"..."9").contains($0) }),
              !segment.isEmpty else {
            out.write("error: `\(segment)` is not a segment name\n", to: .standardError)
            return ExitStatus.usage
        }
        // Checked with the promos first, so that an unknown name is reported as the promos' own.
        let program: Program
        switch Compilation.program(paths: paths, directory: nil, catalogPath: nil, color: color, output: out) {
        case .success(let p): program = p
        case .failure(let code): return code.status
        }
        guard program.segments[segment] != nil else {
            let known = program.segments.keys.sorted()
            let close = known.filter { $0.contains(segment) || segment.contains($0) }.prefix(3)
            out.write("error: no segment `\(segment)` in the promos\(close.isEmpty ? "" : "; did you mean \(close.map { "`\($0)`" }.joined(separator: ", "))?")\n",
                      to: .standardError)
            return ExitStatus.failure
        }
        let probe = SourceInput(path: "<segment \(segment)>", text: """
            promo \(SegmentCommand.probeName) {
              priority 1
              audience \(segment)
              message slip "in"
            }
            """)
        let probed: Program
        switch Compilation.program(paths: paths, directory: nil, catalogPath: nil, color: color, output: out, extra: [probe]) {
        case .success(let p): probed = p
        case .failure(let code): return code.status
        }
        do {
            let bundle = try LoadedBundle(bytes: BundleFormat.encode(BundleCompiler.compile(probed)))
            guard let unit = bundle.model.units.indices.first(where: { bundle.name(ofUnit: $0) == SegmentCommand.probeName }) else {
                out.write("error: the segment probe is missing from the compiled bundle\n", to: .standardError)
                return ExitStatus.failure
            }
            let database = try HistoryDatabase(path: db)
            let plan = try FigurePlan(facts: probed.facts)
            for key in plan.unknown {
                out.write("warning: the history does not give the figure `\(key)`: comparisons with it are false\n", to: .standardError)
            }
            let counter = SegmentCount(database: database, bundle: bundle, probe: unit, plan: plan)
            guard let on = try day ?? counter.dayAfterLastReceipt() else {
                out.write("error: \(database.name) has no receipts; give the day with --as-of\n", to: .standardError)
                return ExitStatus.failure
            }
            let (members, customers) = try counter.members(on: on)
            if let ids {
                let text = "customer_id\n" + members.map { "\($0)\n" }.joined()
                do {
                    try writeAtomically(Array(text.utf8), to: ids)
                } catch {
                    out.write("error: cannot write \(ids): \(error.localizedDescription)\n", to: .standardError)
                    return ExitStatus.usage
                }
            }
            out.write("\(segment): \(SegmentCommand.grouped(members.count)) customers match, of \(SegmentCommand.grouped(customers)), on \(on)\n",
                      to: .standardOutput)
            return ExitStatus.success
        } catch {
            out.write("error: \(error)\n", to: .standardError)
            return ExitStatus.failure
        }
    }

    /// 448902 as "448 902".
    static func grouped(_ n: Int) -> String {
        let digits = Array(String(n.magnitude))
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(" ") }
            out.append(c)
        }
        return (n < 0 ? "-" : "") + out
    }
}
