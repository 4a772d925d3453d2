import Foundation
import PromoCommands
import PromoDiagnostics
import Testing

/// Golden tests of `promo check`.
///
/// A case in `Golden/` is a file `NAME.promo`, or a folder `NAME/` for several files, beside
/// `NAME.expected`: the first line is `# exit N`, the rest is exactly what `promo check NAME.promo`
/// prints on standard error without colour, run from the `Golden` folder. When a catalog
/// `NAME.csv` sits beside the case, the check runs with `--catalog NAME.csv`. When the case's
/// first line is `# check: OPTIONS` (e.g. `# check: --today 2027-03-01`), the options are given
/// to `promo check` too. Run the tests with
/// `PROMO_BLESS=1` in the environment to write the `.expected` files from the current output
/// instead of comparing; then read every changed file before committing it.
struct GoldenCase: Sendable, CustomTestStringConvertible {
    /// `NAME`.
    var name: String
    /// The path handed to `promo check`, relative to the Golden folder: `NAME.promo` or `NAME`.
    var input: String
    /// The catalog handed to `promo check --catalog`, relative to the Golden folder: `NAME.csv`.
    var catalog: String?

    var testDescription: String { name }
    var expectedPath: String { Golden.folder + "/" + name + ".expected" }
}

enum Golden {
    /// `Tests/PromoCommandsTests/Golden`, found from this file, whatever the working directory.
    static let folder: String = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Golden").path

    static var blessing: Bool { ProcessInfo.processInfo.environment["PROMO_BLESS"] == "1" }

    /// Every case, sorted by name.
    static func cases() -> [GoldenCase] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        var cases: [GoldenCase] = []
        for entry in names where !entry.hasPrefix(".") {
            var isDirectory: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: folder + "/" + entry, isDirectory: &isDirectory)
            if isDirectory.boolValue {
                cases.append(GoldenCase(name: entry, input: entry))
            } else if entry.hasSuffix(".promo") {
                cases.append(GoldenCase(name: String(entry.dropLast(".promo".count)), input: entry))
            }
        }
        for index in cases.indices where names.contains(cases[index].name + ".csv") {
            cases[index].catalog = cases[index].name + ".csv"
        }
        return cases.sorted { $0.name < $1.name }
    }

    /// The options of a `# check: OPTIONS` first line of the case's promo file.
    static func extraArguments(of golden: GoldenCase) -> [String] {
        guard golden.input.hasSuffix(".promo"),
              let text = try? String(contentsOfFile: folder + "/" + golden.input, encoding: .utf8),
              let first = text.split(separator: "\n", maxSplits: 1).first, first.hasPrefix("# check:") else { return [] }
        return first.dropFirst("# check:".count).split(separator: " ").map(String.init)
    }

    /// Every `.expected` file's name and text.
    static func expectations() -> [(name: String, text: String)] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return names.filter { $0.hasSuffix(".expected") }.sorted().compactMap { name in
            (try? String(contentsOfFile: folder + "/" + name, encoding: .utf8)).map { (name, $0) }
        }
    }

    /// What `promo check` prints for a case, in the `.expected` format.
    static func output(of golden: GoldenCase) -> String {
        let output = CapturedOutput()
        var options = CheckOptions(paths: [golden.input], color: .never, directory: folder, catalogPath: golden.catalog)
        let arguments = extraArguments(of: golden)
        if !arguments.isEmpty {
            do {
                options = try CheckCommand.parse(arguments + [golden.input]).options
            } catch {
                return "# bad `# check:` line: \(CheckCommand.message(for: error))\n"
            }
            options.color = .never
            options.directory = folder
            if options.catalogPath == nil { options.catalogPath = golden.catalog }
        }
        let status = Check.run(options, output: output)
        var text = "# exit \(status)\n" + output.standardError
        if !output.standardOutput.isEmpty {
            text += "# standard output\n" + output.standardOutput
        }
        return text
    }
}

@Suite struct GoldenTests {
    @Test(arguments: Golden.cases())
    func golden(_ golden: GoldenCase) throws {
        let actual = Golden.output(of: golden)
        if Golden.blessing {
            try actual.write(toFile: golden.expectedPath, atomically: true, encoding: .utf8)
            return
        }
        guard let expected = try? String(contentsOfFile: golden.expectedPath, encoding: .utf8) else {
            Issue.record("""
                \(golden.name).expected is missing; run the tests with PROMO_BLESS=1 to write it, then read it.
                The output is:
                \(actual)
                """)
            return
        }
        if actual != expected {
            Issue.record("""
                \(golden.name): the output differs from \(golden.name).expected (- expected, + actual); \
                if the change is right, run the tests with PROMO_BLESS=1 and review the new file.
                \(lineDiff(expected: expected, actual: actual))
                """)
        }
    }

    @Test func thereAreGoldenCases() {
        #expect(Golden.cases().count >= 12, "no golden cases found in \(Golden.folder)")
    }

    @Test func everyExpectedFileHasACase() {
        let cases = Set(Golden.cases().map(\.name))
        let orphans = Golden.expectations().map { String($0.name.dropLast(".expected".count)) }
            .filter { !cases.contains($0) }
        #expect(orphans.isEmpty, "expected files without a case (delete them): \(orphans.joined(separator: ", "))")
    }

    /// Every diagnostic the tools can report is shown, as the user sees it, in some golden case.
    @Test func everyDiagnosticCodeHasAGolden() {
        let all = Golden.expectations().map(\.text).joined(separator: "\n")
        let missing = DiagnosticCode.allCases.filter { !all.contains("[\($0.rawValue)]") }
        if !missing.isEmpty {
            Issue.record("""
                \(missing.count) diagnostic codes appear in no Golden/*.expected file; add a case for each:
                \(missing.map { "  \($0.rawValue) \($0): \($0.summary)" }.joined(separator: "\n"))
                """)
        }
    }
}
