import ArgumentParser
import Foundation
import PromoDiagnostics
import PromoSemantics
import PromoSyntax

/// How diagnostics are printed.
public enum DiagnosticFormat: String, CaseIterable, Sendable, ExpressibleByArgument {
    /// For people: the source line with a caret under the place, on standard error.
    case text
    /// For programs: a JSON array on standard output.
    case json
    /// For code review tools: a SARIF 2.1.0 log on standard output.
    case sarif
}

extension ColorChoice: ExpressibleByArgument {}

/// `--today 2027-03-01`.
extension DateLiteral: ExpressibleByArgument {
    public init?(argument: String) {
        let parts = argument.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]) else { return nil }
        self.init(year: year, month: month, day: day)
        guard isValid else { return nil }
    }
}

/// `--max-discount 50%` (the percent sign may be left out; up to four decimals).
extension Percent: ExpressibleByArgument {
    public init?(argument: String) {
        let text = argument.hasSuffix("%") ? String(argument.dropLast()) : argument
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), !parts[0].isEmpty, parts[0].allSatisfy(\.isASCII),
              let whole = Int64(parts[0]), whole >= 0, whole <= 100 else { return nil }
        var fraction: Int64 = 0
        if parts.count == 2 {
            let digits = parts[1]
            guard !digits.isEmpty, digits.count <= Percent.maxDecimals, digits.allSatisfy(\.isASCII),
                  let value = Int64(digits + String(repeating: "0", count: Percent.maxDecimals - digits.count)) else { return nil }
            fraction = value * 100
        }
        self.init(millionths: whole * 10_000 + fraction)
        guard self <= Percent.hundred else { return nil }
    }
}

/// What `promo check` was asked to do.
public struct CheckOptions: Sendable {
    /// Files and folders; folders are searched for `*.promo` files.
    public var paths: [String]
    public var format: DiagnosticFormat
    public var color: ColorChoice
    /// Fail (exit 1) on warnings too.
    public var warningsAsErrors: Bool
    /// The folder relative paths are taken from; nil means the current directory. Paths in the
    /// output stay as given, relative ones relative.
    public var directory: String?
    /// What the front end is given besides the files (the catalog, the standard library).
    public var frontend: FrontendOptions
    /// A product catalog (CSV) to check categories, SKUs and brands against.
    public var catalogPath: String?
    /// `--cost`, `--lines`, `--max-steps`: the worst-case VM steps of the set (CostReport.swift).
    public var cost: CostOptions
    /// `--order`: print the application order, explained, after a clean check.
    public var order = false
    /// `--discounts`: print each line scope's worst-case discount after a clean check.
    public var discounts = false

    public init(paths: [String], format: DiagnosticFormat = .text, color: ColorChoice = .auto,
                warningsAsErrors: Bool = false, directory: String? = nil,
                frontend: FrontendOptions = FrontendOptions(), catalogPath: String? = nil,
                cost: CostOptions = CostOptions()) {
        self.paths = paths
        self.format = format
        self.color = color
        self.warningsAsErrors = warningsAsErrors
        self.directory = directory
        self.frontend = frontend
        self.catalogPath = catalogPath
        self.cost = cost
    }
}

/// The exit codes of the promo tools.
public enum ExitStatus {
    /// No errors (warnings allowed, unless they count as errors).
    public static let success: Int32 = 0
    /// The sources have errors.
    public static let failure: Int32 = 1
    /// The command could not do its job: a bad option, a missing or unreadable file.
    public static let usage: Int32 = 2
}

/// `promo check`: reads promo files, checks them and reports every problem.
public enum Check {
    /// Runs the check and returns the exit code: 0 without errors, 1 with errors (or with
    /// warnings under `warningsAsErrors`), 2 when the input could not be read.
    public static func run(_ options: CheckOptions, output: CommandOutput) -> Int32 {
        let colored = options.color.colors(.standardError, of: output)
        let directory = options.directory ?? FileManager.default.currentDirectoryPath

        var (inputs, problems) = InputFiles.load(options.paths, in: directory)
        var frontend = options.frontend
        if let path = options.catalogPath {
            switch loadCatalog(path, in: directory) {
            case .success(let catalog): frontend.catalog = catalog
            case .failure(let problem): problems.append(problem)
            }
        }
        guard problems.isEmpty else {
            for problem in problems { output.write(problem.rendered(colored: colored), to: .standardError) }
            return ExitStatus.usage
        }

        var result = Frontend.check(inputs, options: frontend)
        CostReport.run(options.cost, &result, format: options.format, output: output)
        switch options.format {
        case .text:
            if !result.diagnostics.isEmpty {
                let renderer = TextRenderer(sources: result.sources, colored: colored)
                output.write(renderer.render(result.diagnostics) + "\n", to: .standardError)
            }
        case .json:
            output.write(JSONRenderer(sources: result.sources).render(result.diagnostics) + "\n", to: .standardOutput)
        case .sarif:
            output.write(SARIF.render(result.diagnostics, sources: result.sources) + "\n", to: .standardOutput)
        }
        output.write(summary(files: inputs.count, result: result) + "\n", to: .standardError)
        // A SARIF log is the whole of standard output: the reports for people go beside the summary.
        let reports: StandardStream = options.format == .sarif ? .standardError : .standardOutput
        if options.order, let program = result.program {
            output.write(OrderReport.render(program, sources: result.sources, catalog: frontend.catalog), to: reports)
        }
        if options.discounts, let program = result.program {
            output.write(DiscountsReport.render(program, options: frontend.analysis), to: reports)
        }

        return exitStatus(errors: result.errorCount, warnings: result.warningCount,
                          warningsAsErrors: options.warningsAsErrors)
    }

    /// Reads and parses a catalog CSV; a problem names the file and the line.
    static func loadCatalog(_ path: String, in directory: String) -> Result<Catalog, InputProblem> {
        let text: String
        switch InputFiles.read(InputFile(displayPath: path, fullPath: InputFiles.resolve(path, in: directory))) {
        case .success(let input): text = input.text
        case .failure(let problem): return .failure(problem)
        }
        do {
            return .success(try Catalog.load(path: path, text: text))
        } catch {
            return .failure(InputProblem("invalid catalog \(error.description)", code: .invalidCatalog))
        }
    }

    /// 1 when there are errors, or warnings that count as errors; otherwise 0.
    public static func exitStatus(errors: Int, warnings: Int, warningsAsErrors: Bool) -> Int32 {
        errors > 0 || (warningsAsErrors && warnings > 0) ? ExitStatus.failure : ExitStatus.success
    }

    /// `checked 14 files: 0 errors, 2 warnings`
    static func summary(files: Int, result: FrontendResult) -> String {
        "checked \(counted(files, "file")): \(counted(result.errorCount, "error")), \(counted(result.warningCount, "warning"))"
    }
}

/// The `check` subcommand.
public struct CheckCommand: OutputCommand {
    public static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check promo files and report every problem found.",
        discussion: """
            Each path is a promo file or a folder, searched recursively for *.promo files. \
            Diagnostics go to standard error, followed by a summary line; with --format json \
            they go to standard output as a JSON array instead, and with --format sarif as a \
            SARIF 2.1.0 log (for code review tools such as GitHub code scanning).

            Exit status: 0 when there are no errors, 1 when there are errors (or warnings, with \
            --warnings-as-errors), 2 when a path cannot be read or the command line is wrong.
            """
    )

    @Argument(help: "Promo files, or folders to search for *.promo files.")
    public var paths: [String]

    @Option(help: "How to print diagnostics: text for people, json for programs, sarif for code review tools (json and sarif on standard output).")
    public var format: DiagnosticFormat = .text

    @Option(help: "When to colour diagnostics: auto (on a terminal, unless NO_COLOR is set), always or never.")
    public var color: ColorChoice = .auto

    @Flag(help: "Exit with status 1 when there are warnings, as if they were errors.")
    public var warningsAsErrors = false

    @Option(help: "A product catalog (CSV with the columns sku, category, brand) to check the categories, SKUs and brands named.")
    public var catalog: String?

    @Option(help: ArgumentHelp("Report promos whose schedule ended before this day (YYYY-MM-DD).", valueName: "date"))
    public var today: DateLiteral?

    @Option(help: ArgumentHelp("Fail when the stacked discounts of some line can pass this percent (e.g. 50%).", valueName: "percent"))
    public var maxDiscount: Percent?

    @Flag(help: "After a clean check, print the worst-case VM steps of each promo and of the whole set (see docs/cost.md).")
    public var cost = false

    @Flag(help: "After a clean check, print the order the promos run in and why each sits where it is (see docs/analysis.md).")
    public var order = false

    @Flag(help: "After a clean check, print the largest discount the set can give a line of each scope, and the promos behind it.")
    public var discounts = false

    @Option(help: ArgumentHelp("The receipt size --cost and --max-steps take, in lines.", valueName: "n"))
    public var lines = LineCount(CostOptions.defaultLines)

    @Option(help: ArgumentHelp("Fail when the set's worst case on a receipt of --lines lines passes this many VM steps.", valueName: "steps"))
    public var maxSteps: StepCount?

    public init() {}

    public var options: CheckOptions {
        var options = CheckOptions(paths: paths, format: format, color: color, warningsAsErrors: warningsAsErrors,
                                   frontend: FrontendOptions(today: today, maxDiscount: maxDiscount), catalogPath: catalog,
                                   cost: CostOptions(show: cost, lines: lines.value, maxSteps: maxSteps?.value))
        options.order = order
        options.discounts = discounts
        return options
    }

    public func run(output: CommandOutput) -> Int32 {
        Check.run(options, output: output)
    }
}
