import ArgumentParser
import Foundation
import PromoBytecode
import PromoCompiler
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
            Failures show what was expected and what came.

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

    public init() {}

    public func run(output out: CommandOutput) -> Int32 {
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

    func paint(_ s: String, _ style: String, _ colored: Bool) -> String {
        colored ? style + s + "\u{1B}[0m" : s
    }
}
