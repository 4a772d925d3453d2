import ArgumentParser
import PromoBytecode
import PromoCompiler
import PromoDiagnostics
import PromoSemantics

/// What `promo check` is asked about the cost of the promo set: `--cost`, `--lines`,
/// `--max-steps`.
public struct CostOptions: Sendable, Hashable {
    /// Print the table of worst-case steps after a clean check.
    public var show: Bool
    /// The receipt size the figures are shown at, and `maxSteps` is checked at.
    public var lines: Int
    /// Fail (P0507) when the set's worst case at `lines` lines passes this many steps.
    public var maxSteps: Int64?

    public static let defaultLines = 100

    public init(show: Bool = false, lines: Int = CostOptions.defaultLines, maxSteps: Int64? = nil) {
        self.show = show
        self.lines = lines
        self.maxSteps = maxSteps
    }

    /// Whether anything is asked: otherwise the check does not compile the set.
    public var isRequested: Bool { show || maxSteps != nil }
}

/// `--lines 100`: a number of receipt lines, 0 to a million.
public struct LineCount: Sendable, Hashable, ExpressibleByArgument {
    public var value: Int
    public init?(argument: String) {
        guard !argument.isEmpty, argument.allSatisfy({ $0.isASCII && $0.isNumber }), let n = Int(argument),
              n <= 1_000_000 else { return nil }
        value = n
    }
    public init(_ value: Int) { self.value = value }
    public var defaultValueDescription: String { "\(value)" }
}

/// `--max-steps 50000`: a number of VM steps, zero or more.
public struct StepCount: Sendable, Hashable, ExpressibleByArgument {
    public var value: Int64
    public init?(argument: String) {
        guard !argument.isEmpty, argument.allSatisfy({ $0.isASCII && $0.isNumber }), let n = Int64(argument) else { return nil }
        value = n
    }
}

/// The cost part of `promo check`: the table of `--cost` and the P0507 error of `--max-steps`.
enum CostReport {
    /// After the front end: when the check is clean and a cost option is given, works out the
    /// set's cost, adds a P0507 error to `result` when it passes `--max-steps`, and prints the
    /// table of `--cost` (on standard output; on standard error with `--format json` or `sarif`, which
    /// keeps standard output for the diagnostics).
    static func run(_ options: CostOptions, _ result: inout FrontendResult, format: DiagnosticFormat, output: CommandOutput) {
        guard options.isRequested, let program = result.program else { return }
        let cost = BundleCompiler.cost(program)
        if options.show {
            output.write(table(cost, lines: options.lines), to: format == .text ? .standardOutput : .standardError)
        }
        if let budget = options.maxSteps, let diagnostic = pastBudget(cost, lines: options.lines, budget: budget, result: result) {
            result.diagnostics.append(diagnostic)
        }
    }

    /// `1234 + 5·n`.
    static func figure(_ f: StepFigure) -> String { "\(f.base) + \(f.perLine)·n" }

    static func kindName(_ kind: UnitKind) -> String {
        switch kind {
        case .promo: "promo"
        case .tiers: "tiers"
        case .restriction: "restriction"
        }
    }

    /// How many of the costliest units the table's summary and the P0507 error name.
    static let costliestShown = 5

    /// The table: every unit in the order the VM applies them with its figure, its steps at
    /// `lines` lines and its rank (1: the costliest), the shared part, the total, and the
    /// costliest units with their share of the total.
    static func table(_ cost: BundleCost, lines: Int) -> String {
        let total = cost.figure
        let totalSteps = total.steps(lines: lines)
        let ranks = Dictionary(uniqueKeysWithValues: cost.costliest(lines: lines).enumerated().map { ($0.element.unit, $0.offset + 1) })

        let header = ["#", "name", "kind", "steps for n lines", "at \(lines)", "rank"]
        var rows: [[String]] = []
        for (k, unit) in cost.units.enumerated() {
            rows.append(["\(k + 1)", unit.name, kindName(unit.kind), figure(unit.figure), "\(unit.steps(lines: lines))",
                         "\(ranks[unit.unit] ?? 0)"])
        }
        var tail: [[String]] = []
        for part in cost.shared {
            tail.append(["", part.name, "shared", figure(part.figure), "\(part.figure.steps(lines: lines))", ""])
        }
        tail.append(["", "total", "", figure(total), "\(totalSteps)", ""])

        let all = [header] + rows + tail
        var widths = [Int](repeating: 0, count: header.count)
        for row in all { for (c, cell) in row.enumerated() { widths[c] = max(widths[c], cell.count) } }
        // Numbers to the right, text to the left.
        let right: Set<Int> = [0, 4, 5]
        func line(_ row: [String]) -> String {
            let cells = row.enumerated().map { c, cell in
                let pad = String(repeating: " ", count: widths[c] - cell.count)
                return right.contains(c) ? pad + cell : cell + pad
            }
            return "  " + cells.joined(separator: "  ").trimmingTrailingSpaces + "\n"
        }
        var out = "worst-case VM steps of a receipt of n lines, each unit in the order the VM applies them:\n\n"
        out += line(header)
        for row in rows { out += line(row) }
        out += line(widths.map { String(repeating: "-", count: $0) })
        for row in tail { out += line(row) }

        let top = cost.costliest(lines: lines).prefix(costliestShown)
        if !top.isEmpty {
            out += "\ncostliest at \(counted(lines, "line")):\n"
            let nameWidth = top.map(\.name.count).max() ?? 0
            let stepsWidth = top.map { "\($0.steps(lines: lines))".count }.max() ?? 0
            for (k, unit) in top.enumerated() {
                let steps = "\(unit.steps(lines: lines))"
                out += "  \(k + 1). " + unit.name + String(repeating: " ", count: nameWidth - unit.name.count) + "  "
                out += String(repeating: " ", count: stepsWidth - steps.count) + steps
                out += "  (\(percent(unit.steps(lines: lines), of: totalSteps)) of the total)\n"
            }
        }
        return out
    }

    /// `42%`, rounded down; `<1%` for a small but real share.
    static func percent(_ part: Int64, of whole: Int64) -> String {
        guard whole > 0 else { return "0%" }
        let p = part.multipliedReportingOverflow(by: 100).overflow ? part / (whole / 100 + 1) : part * 100 / whole
        return p == 0 && part > 0 ? "<1%" : "\(p)%"
    }

    /// The P0507 error when the set's worst case at `lines` lines passes `budget`: at the
    /// costliest units, with the figures.
    static func pastBudget(_ cost: BundleCost, lines: Int, budget: Int64, result: FrontendResult) -> Diagnostic? {
        let total = cost.figure
        let steps = total.steps(lines: lines)
        guard steps > budget else { return nil }
        let top = Array(cost.costliest(lines: lines).prefix(costliestShown))
        let placed = top.filter { $0.span != nil }
        let at: Span
        if let first = placed.first?.span {
            at = first
        } else if let file = result.inputFiles.first {
            at = Span(file: file, start: 0, end: 0)
        } else {
            return nil
        }
        func costs(_ unit: UnitCost) -> String {
            "`\(unit.name)` can take \(unit.steps(lines: lines)) steps (\(figure(unit.figure)))"
        }
        var diagnostic = Diagnostic(.costPastBudget,
                                    "the promo set can take \(steps) steps on a receipt of \(counted(lines, "line")), past --max-steps \(budget)",
                                    at: at, label: placed.first.map(costs) ?? "")
        // The next ones are marked too when they weigh: a tenth of the whole at least.
        for unit in placed.dropFirst().prefix(2) where unit.steps(lines: lines) >= steps / 10 {
            diagnostic = diagnostic.with(unit.span!, costs(unit))
        }
        diagnostic = diagnostic.note("the worst case is \(figure(total)) steps for n lines: \(steps) at \(counted(lines, "line"))")
        let list = top.map { "`\($0.name)` \($0.steps(lines: lines))" }.joined(separator: ", ")
        diagnostic = diagnostic.note("the costliest at \(counted(lines, "line")): \(list) (`promo check --cost` shows every figure)")
        let shared = cost.shared.reduce(StepFigure.zero) { $0 + $1.figure }
        diagnostic = diagnostic.note("shared by all: \(shared.steps(lines: lines)) (item sets, best-of groups run again)")
        return diagnostic.help(
            "hold a repeating bundle or N+M to `limit N per receipt`, narrow the item sets of the costliest promos, "
                + "or raise --max-steps to what a till can spend on a receipt")
    }
}
