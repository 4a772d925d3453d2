import ArgumentParser
import Foundation
import PromoBytecode
import PromoCompiler
import PromoDiagnostics
import PromoSemantics
import PromoTestRunner
import PromoVM

/// `promo test`: runs the `test` blocks of promo files through the compiled bundle and the VM.
public struct TestCommand: OutputCommand {
    public static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Run the test blocks of promo files.",
        discussion: """
            The files are checked and compiled into a bundle, as `promo build` would; each test's \
            receipt is evaluated by the VM against it and its expectations compared with the result. \
            Failures show what was expected and what came. With --format sarif the diagnostics \
            and the failing tests go to standard output as a SARIF 2.1.0 log, each failing test \
            located at its test block, and the counts to standard error.

            Exit status: 0 when every test passes, 1 when one fails or the sources have errors, 2 \
            when a path cannot be read.
            """
    )

    @Argument(help: "Promo files, or folders to search for *.promo files.")
    public var paths: [String]

    @Flag(name: .shortAndLong, help: "List passing tests too.")
    public var verbose = false

    @Option(help: "A product catalog (CSV with the columns sku, category, brand) to check names against.")
    public var catalog: String?

    @Option(help: "When to colour the output: auto, always or never.")
    public var color: ColorChoice = .auto

    @Option(help: "How to report: text for people, sarif for code review tools (on standard output).")
    public var format: TestReportFormat = .text

    public init() {}

    public func run(output out: CommandOutput) -> Int32 {
        if format == .sarif { return runSARIF(output: out) }
        let program: Program
        switch Compilation.program(paths: paths, directory: nil, catalogPath: catalog, color: color, output: out) {
        case .success(let p): program = p
        case .failure(let code): return code.status
        }
        let bundle: LoadedBundle
        do {
            bundle = try LoadedBundle(bytes: BundleCompiler.bytes(program))
        } catch {
            out.write("error: the compiled bundle was refused: \(error)\n", to: .standardError)
            return ExitStatus.failure
        }
        let colored = color.colors(.standardOutput, of: out)
        let outcomes = TestRunner.run(program, bundle: bundle)
        var text = ""
        for outcome in outcomes {
            if outcome.passed {
                if verbose { text += paint("ok", "\u{1B}[1;32m", colored) + "   \(outcome.name)\n" }
                continue
            }
            text += paint("FAIL", "\u{1B}[1;31m", colored) + " \(outcome.name) (\(outcome.location))\n"
            for failure in outcome.failures { text += "     \(failure)\n" }
        }
        let failed = outcomes.filter { !$0.passed }.count
        text += "\(outcomes.count - failed) passed, \(failed) failed\n"
        out.write(text, to: .standardOutput)
        return failed == 0 ? ExitStatus.success : ExitStatus.failure
    }

    /// `--format sarif`: the diagnostics of the sources and one result per failing test, as one
    /// SARIF log on standard output.
    func runSARIF(output out: CommandOutput) -> Int32 {
        let colored = color.colors(.standardError, of: out)
        let directory = FileManager.default.currentDirectoryPath
        var (inputs, problems) = InputFiles.load(paths, in: directory)
        var options = FrontendOptions()
        if let catalog {
            switch Check.loadCatalog(catalog, in: directory) {
            case .success(let loaded): options.catalog = loaded
            case .failure(let problem): problems.append(problem)
            }
        }
        guard problems.isEmpty else {
            for problem in problems { out.write(problem.rendered(colored: colored), to: .standardError) }
            return ExitStatus.usage
        }
        let result = Frontend.check(inputs, options: options)
        guard let program = result.program else {
            out.write(SARIF.render(result.diagnostics, sources: result.sources) + "\n", to: .standardOutput)
            out.write(Check.summary(files: inputs.count, result: result) + "\n", to: .standardError)
            return ExitStatus.failure
        }
        let bundle: LoadedBundle
        do {
            bundle = try LoadedBundle(bytes: BundleCompiler.bytes(program))
        } catch {
            out.write("error: the compiled bundle was refused: \(error)\n", to: .standardError)
            return ExitStatus.failure
        }
        let outcomes = TestRunner.run(program, bundle: bundle)
        // The runner gives one outcome per test, in the program's order.
        let failing = zip(program.tests, outcomes).filter { !$0.1.passed }.map { test, outcome in
            SARIFResult(ruleID: SARIFRule.testFailure.id, severity: .error,
                        message: "test \"\(outcome.name)\" failed\n" + outcome.failures.joined(separator: "\n"),
                        location: SARIFLocation(test.nameSpan, in: program.sources))
        }
        out.write(SARIF.render(result.diagnostics, sources: result.sources, more: failing, rules: [.testFailure]) + "\n",
                  to: .standardOutput)
        out.write("\(outcomes.count - failing.count) passed, \(failing.count) failed\n", to: .standardError)
        return failing.isEmpty ? ExitStatus.success : ExitStatus.failure
    }

    func paint(_ s: String, _ style: String, _ colored: Bool) -> String {
        colored ? style + s + "\u{1B}[0m" : s
    }
}


/// How `promo test` reports its results.
public enum TestReportFormat: String, CaseIterable, Sendable, ExpressibleByArgument {
    /// For people: failing tests and the counts, on standard output.
    case text
    /// For code review tools: a SARIF 2.1.0 log on standard output, the counts on standard error.
    case sarif
}
