import Foundation
import PromoCommands
import Testing

/// A fresh folder under the temporary directory, removed when the test ends.
final class TemporaryFolder {
    let path: String

    init() throws {
        path = FileManager.default.temporaryDirectory.path + "/promo-check-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    /// Writes `text` to `relative`, creating its folders.
    func write(_ relative: String, _ text: String) throws {
        try write(relative, Data(text.utf8))
    }

    func write(_ relative: String, _ data: Data) throws {
        let full = path + "/" + relative
        try FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent,
                                                withIntermediateDirectories: true)
        try data.write(to: URL(fileURLWithPath: full))
    }
}

let validPromo = """
    currency RUB

    items dairy = category "Food/Dairy"

    promo dairy_week "Dairy week: 20% off dairy" {
      priority 20
      discount 20% on dairy
    }

    """

/// One lexical error (P0001) on line 7.
let invalidPromo = validPromo.replacingOccurrences(of: "on dairy\n", with: "on dairy;\n")

/// A promo of its own, for checks of several files: its names and priority are its own, so the
/// files do not clash. With `mistake`, a `;` ends line 5 (P0001 at column 25 + the name's length).
func separatePromo(_ name: String, priority: Int, mistake: Bool = false) -> String {
    """
    items \(name)_goods = category "Food/\(name)"

    promo \(name)_week "\(name) week: 10% off" {
      priority \(priority)
      discount 10% on \(name)_goods\(mistake ? ";" : "")
    }

    """
}

/// Runs `promo check` in `folder` and returns the exit status and what was written.
func check(_ paths: [String], in folder: TemporaryFolder, format: DiagnosticFormat = .text,
           color: ColorChoice = .never, terminal: Bool = false,
           warningsAsErrors: Bool = false) -> (status: Int32, output: CapturedOutput) {
    let output = CapturedOutput(terminal: terminal)
    let options = CheckOptions(paths: paths, format: format, color: color, warningsAsErrors: warningsAsErrors,
                               directory: folder.path)
    return (Check.run(options, output: output), output)
}

@Suite struct CheckCommandTests {
    // MARK: - Exit status and summary

    @Test func validFileExitsZero() throws {
        let folder = try TemporaryFolder()
        try folder.write("dairy.promo", validPromo)
        let (status, output) = check(["dairy.promo"], in: folder)
        #expect(status == 0)
        #expect(output.standardError == "checked 1 file: 0 errors, 0 warnings\n")
        #expect(output.standardOutput == "")
    }

    @Test func errorsExitOne() throws {
        let folder = try TemporaryFolder()
        try folder.write("dairy.promo", invalidPromo)
        let (status, output) = check(["dairy.promo"], in: folder)
        #expect(status == 1)
        #expect(output.standardError.hasPrefix("error[P0001]: unexpected character `;`\n --> dairy.promo:7:24\n"))
        #expect(output.standardError.hasSuffix("\n\nchecked 1 file: 1 error, 0 warnings\n"))
        #expect(output.standardOutput == "")
    }

    @Test func summaryCountsEveryFileAndError() throws {
        let folder = try TemporaryFolder()
        try folder.write("a.promo", invalidPromo)
        try folder.write("b.promo", separatePromo("bread", priority: 30, mistake: true))
        try folder.write("c.promo", separatePromo("fruit", priority: 40))
        let (status, output) = check(["a.promo", "b.promo", "c.promo"], in: folder)
        #expect(status == 1)
        #expect(output.standardError.hasSuffix("checked 3 files: 2 errors, 0 warnings\n"))
    }

    @Test func warningsAsErrorsDecidesTheStatus() throws {
        // The syntax stage reports no warnings, so the rule is checked on its own...
        #expect(Check.exitStatus(errors: 0, warnings: 0, warningsAsErrors: true) == 0)
        #expect(Check.exitStatus(errors: 0, warnings: 2, warningsAsErrors: false) == 0)
        #expect(Check.exitStatus(errors: 0, warnings: 2, warningsAsErrors: true) == 1)
        #expect(Check.exitStatus(errors: 1, warnings: 0, warningsAsErrors: false) == 1)
        // ...and the flag is read and leaves a clean check clean.
        let folder = try TemporaryFolder()
        try folder.write("dairy.promo", validPromo)
        #expect(check(["dairy.promo"], in: folder, warningsAsErrors: true).status == 0)
        let parsed = try CheckCommand.parse(["--warnings-as-errors", "dairy.promo"])
        #expect(parsed.options.warningsAsErrors)
    }

    // MARK: - Input problems

    @Test func nonexistentPathExitsTwoNamingIt() throws {
        let folder = try TemporaryFolder()
        try folder.write("dairy.promo", validPromo)
        let (status, output) = check(["dairy.promo", "missing.promo"], in: folder)
        #expect(status == 2)
        #expect(output.standardError == "error[P0901]: cannot read `missing.promo`: no such file or directory\n")
        #expect(output.standardOutput == "")
    }

    @Test func everyInputProblemIsReported() throws {
        let folder = try TemporaryFolder()
        try folder.write("empty/notes.txt", "no promos here")
        let (status, output) = check(["missing.promo", "empty", "gone/"], in: folder)
        #expect(status == 2)
        #expect(output.standardError == """
            error[P0901]: cannot read `missing.promo`: no such file or directory
            error[P0901]: no .promo files in folder `empty`
            error[P0901]: cannot read `gone/`: no such file or directory

            """)
    }

    @Test func inputProblemsGoToStandardErrorInJSONMode() throws {
        let folder = try TemporaryFolder()
        let (status, output) = check(["missing.promo"], in: folder, format: .json)
        #expect(status == 2)
        #expect(output.standardOutput == "")
        #expect(output.standardError.hasPrefix("error[P0901]: cannot read `missing.promo`"))
    }

    @Test(.enabled(if: getuid() != 0, "root can read any file"))
    func unreadableFileExitsTwo() throws {
        let folder = try TemporaryFolder()
        try folder.write("secret.promo", validPromo)
        try FileManager.default.setAttributes([.posixPermissions: 0], ofItemAtPath: folder.path + "/secret.promo")
        let (status, output) = check(["secret.promo"], in: folder)
        #expect(status == 2)
        #expect(output.standardError == "error[P0901]: cannot read `secret.promo`: permission denied\n")
    }

    @Test func invalidUTF8IsReadLossily() throws {
        let folder = try TemporaryFolder()
        var bytes = Data("# price list from the old system: caf".utf8)
        bytes.append(contentsOf: [0xE9, 0xFF]) // Latin-1 "é" and a stray byte
        bytes.append(Data("\n".utf8))
        bytes.append(Data(validPromo.utf8))
        try folder.write("legacy.promo", bytes)
        let (status, output) = check(["legacy.promo"], in: folder)
        #expect(status == 0)
        #expect(output.standardError == "checked 1 file: 0 errors, 0 warnings\n")
    }

    // MARK: - Folders

    @Test func foldersAreSearchedRecursivelyInSortedOrder() throws {
        let folder = try TemporaryFolder()
        try folder.write("promos/winter/december.promo", "")
        try folder.write("promos/dairy.promo", "")
        try folder.write("promos/b/coffee.promo", "")
        try folder.write("promos/notes.txt", "")
        try folder.write("promos/.hidden.promo", "")
        try folder.write("promos/.drafts/draft.promo", "")
        try folder.write("single.txt", "")
        let (files, problems) = InputFiles.discover(["promos/", "single.txt", "promos/dairy.promo"], in: folder.path)
        #expect(problems.isEmpty)
        #expect(files.map(\.displayPath) == [
            "promos/b/coffee.promo",
            "promos/dairy.promo",
            "promos/winter/december.promo",
            "single.txt",
        ])
    }

    @Test func aFileNamedTwiceIsCheckedOnce() throws {
        let folder = try TemporaryFolder()
        try folder.write("promos/dairy.promo", invalidPromo)
        let (status, output) = check(["promos/dairy.promo", "promos", "./promos/dairy.promo"], in: folder)
        #expect(status == 1)
        #expect(output.standardError.hasSuffix("checked 1 file: 1 error, 0 warnings\n"))
    }

    @Test func aLinkBackToAFolderDoesNotLoop() throws {
        let folder = try TemporaryFolder()
        try folder.write("promos/dairy.promo", "")
        try FileManager.default.createSymbolicLink(atPath: folder.path + "/promos/again", withDestinationPath: "..")
        let (files, problems) = InputFiles.discover(["promos"], in: folder.path)
        #expect(problems.isEmpty)
        #expect(files.map(\.displayPath) == ["promos/dairy.promo"])
    }

    @Test func theCurrentFolderIsNotShownInPaths() throws {
        let folder = try TemporaryFolder()
        try folder.write("dairy.promo", "")
        let (files, _) = InputFiles.discover(["."], in: folder.path)
        #expect(files.map(\.displayPath) == ["dairy.promo"])
    }

    @Test func aFolderReportsDiagnosticsOfAllItsFiles() throws {
        let folder = try TemporaryFolder()
        try folder.write("promos/dairy.promo", validPromo)
        try folder.write("promos/week/bread.promo", separatePromo("bread", priority: 30, mistake: true))
        let (status, output) = check(["promos"], in: folder)
        #expect(status == 1)
        #expect(output.standardError.hasPrefix("error[P0001]: unexpected character `;`\n --> promos/week/bread.promo:5:30\n"))
        #expect(output.standardError.hasSuffix("checked 2 files: 1 error, 0 warnings\n"))
    }

    @Test func absolutePathsStayAsGiven() throws {
        let folder = try TemporaryFolder()
        try folder.write("dairy.promo", invalidPromo)
        let path = folder.path + "/dairy.promo"
        let (status, output) = check([path], in: folder)
        #expect(status == 1)
        #expect(output.standardError.contains(" --> \(path):7:24\n"))
    }

    // MARK: - JSON

    @Test func jsonIsAnArrayOfDiagnosticsOnStandardOutput() throws {
        let folder = try TemporaryFolder()
        try folder.write("dairy.promo", invalidPromo)
        let (status, output) = check(["dairy.promo"], in: folder, format: .json)
        #expect(status == 1)
        let parsed = try JSONSerialization.jsonObject(with: Data(output.standardOutput.utf8))
        let array = try #require(parsed as? [[String: Any]])
        try #require(array.count == 1)
        let diagnostic = array[0]
        for key in ["file", "line", "column", "end_line", "end_column", "severity", "code", "message", "help"] {
            #expect(diagnostic[key] != nil, "missing \(key)")
        }
        #expect(diagnostic["file"] as? String == "dairy.promo")
        #expect((diagnostic["line"] as? NSNumber)?.intValue == 7)
        #expect((diagnostic["column"] as? NSNumber)?.intValue == 24)
        #expect((diagnostic["end_line"] as? NSNumber)?.intValue == 7)
        #expect((diagnostic["end_column"] as? NSNumber)?.intValue == 25)
        #expect(diagnostic["severity"] as? String == "error")
        #expect(diagnostic["code"] as? String == "P0001")
        #expect(diagnostic["message"] as? String == "unexpected character `;`")
        #expect(diagnostic["help"] as? String == "a clause ends at the end of its line; remove the `;`")
        // Standard error holds the summary only, no rendered diagnostics.
        #expect(output.standardError == "checked 1 file: 1 error, 0 warnings\n")
    }

    @Test func jsonOfACleanCheckIsAnEmptyArray() throws {
        let folder = try TemporaryFolder()
        try folder.write("dairy.promo", validPromo)
        let (status, output) = check(["dairy.promo"], in: folder, format: .json)
        #expect(status == 0)
        #expect(output.standardOutput == "[]\n")
        let parsed = try JSONSerialization.jsonObject(with: Data(output.standardOutput.utf8))
        #expect((parsed as? [Any])?.isEmpty == true)
    }

    // MARK: - Colour

    @Test func colourFollowsTheChoiceAndTheTerminal() throws {
        let folder = try TemporaryFolder()
        try folder.write("dairy.promo", invalidPromo)
        let escape = "\u{1B}["
        #expect(check(["dairy.promo"], in: folder, color: .always).output.standardError.contains(escape))
        #expect(!check(["dairy.promo"], in: folder, color: .never, terminal: true).output.standardError.contains(escape))
        #expect(check(["dairy.promo"], in: folder, color: .auto, terminal: true).output.standardError.contains(escape))
        #expect(!check(["dairy.promo"], in: folder, color: .auto, terminal: false).output.standardError.contains(escape))
        #expect(check(["missing.promo"], in: folder, color: .always).output.standardError.contains(escape))
    }

    // MARK: - The command line

    @Test func theCommandLineReachesTheCheck() throws {
        let folder = try TemporaryFolder()
        try folder.write("dairy.promo", invalidPromo)
        let output = CapturedOutput()
        let status = PromoCommand.execute(["check", "--color", "never", "--format", "json", folder.path + "/dairy.promo"],
                                          output: output)
        #expect(status == 1)
        #expect(output.standardOutput.hasPrefix("[\n  {\n    \"file\": "))
    }

    @Test func aBadCommandLineExitsTwo() {
        for arguments in [["check"], ["check", "--format", "xml", "a.promo"], ["check", "--colour", "a.promo"]] {
            let output = CapturedOutput()
            #expect(PromoCommand.execute(arguments, output: output) == 2, "\(arguments)")
            #expect(output.standardError.hasPrefix("Error: "), "\(arguments)")
            #expect(output.standardError.contains("Usage: promo check"), "\(arguments)")
            #expect(output.standardOutput == "")
        }
    }

    @Test func helpExitsZero() {
        let output = CapturedOutput()
        #expect(PromoCommand.execute(["check", "--help"], output: output) == 0)
        #expect(output.standardOutput.contains("--warnings-as-errors"))
        #expect(output.standardError == "")
    }

    @Test func optionsAreParsed() throws {
        let command = try CheckCommand.parse(["--format", "json", "--color", "always", "a.promo", "promos/"])
        #expect(command.options.paths == ["a.promo", "promos/"])
        #expect(command.options.format == .json)
        #expect(command.options.color == .always)
        #expect(!command.options.warningsAsErrors)
        #expect(command.options.directory == nil)
    }
}

@Suite struct LineDiffTests {
    @Test func showsRemovedThenAddedLinesWithContext() {
        let expected = "a\nb\nc\nd\ne\nf\ng\nh\ni\n"
        let actual = "a\nb\nc\nd\nE\nf\ng\nh\ni\n"
        #expect(lineDiff(expected: expected, actual: actual, context: 1) == """
              d
            - e
            + E
              f
            """)
        let twoChanges = lineDiff(expected: "1\n2\n3\n4\n5\n6\n7", actual: "0\n2\n3\n4\n5\n6\n8", context: 1)
        #expect(twoChanges == "- 1\n+ 0\n  2\n  …\n  6\n- 7\n+ 8")
    }

    @Test func marksTrailingWhitespace() {
        #expect(lineDiff(expected: "x", actual: "x ", context: 0) == "- x\n+ x ⟵ ends with whitespace")
    }
}

@Suite struct CheckOrderTests {
    static let set = """
        currency RUB

        promo fish_week "Рыбная неделя" {
          priority 20
          discount 20% on category "Food/Fish"
        }

        promo dairy_week "Молочная неделя" {
          priority 20
          discount 20% on category "Food/Dairy"
          lock     discounts
        }

        promo card_bonus "Бонусы по карте" {
          priority 700
          accrue   1% bonus
        }

        """

    @Test func orderIsPrintedAfterACleanCheck() throws {
        let folder = try TemporaryFolder()
        try folder.write("set.promo", Self.set)
        let output = CapturedOutput()
        let status = PromoCommand.execute(["check", folder.path + "/set.promo", "--order"], output: output)
        #expect(status == 0)
        let lines = output.standardOutput.split(separator: "\n").map(String.init)
        #expect(lines.first == "application order: 3 promos; the lowest priority number runs first")
        // dairy_week before fish_week: one priority, by name, and their lines never meet.
        #expect(lines.filter { $0.first?.isNumber == true }.map { $0.split(separator: " ")[1] } == ["dairy_week", "fish_week", "card_bonus"])
        #expect(lines.contains("   - shares priority 20 with `dairy_week`, and runs after it by name: they change prices of different lines"))
        #expect(lines.contains("   - locks discounts on the lines it changes for every later promo"))
        #expect(lines.contains("   - after `fish_week`: priority 20 is lower"))
    }

    @Test func noOrderWhenTheSetHasErrors() throws {
        let folder = try TemporaryFolder()
        try folder.write("set.promo", Self.set.replacingOccurrences(of: "Food/Fish", with: "Food"))
        let output = CapturedOutput()
        let status = PromoCommand.execute(["check", folder.path + "/set.promo", "--order"], output: output)
        #expect(status == 1)
        #expect(output.standardOutput.isEmpty)
        #expect(output.standardError.contains("error[P0501]"))
    }
}

@Suite struct CheckDiscountsTests {
    @Test func eachScopeShowsItsLargestStack() throws {
        let folder = try TemporaryFolder()
        try folder.write("set.promo", """
            currency RUB

            restriction cap {
              discount <= 50% on category "Home"
            }

            promo dairy_week {
              priority 10
              discount 20% on category "Food/Dairy"
            }

            promo cheese_day {
              priority 20
              discount 30% on category "Food/Dairy/Cheese"
            }

            promo home_sale {
              priority 30
              discount 40% on category "Home"
              on       original prices
            }

            promo home_coupon {
              priority 40
              discount 25% on category "Home/Textile"
              on       original prices
            }

            """)
        let output = CapturedOutput()
        #expect(PromoCommand.execute(["check", folder.path + "/set.promo", "--discounts"], output: output) == 0)
        let lines = output.standardOutput.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        // 40% + 25% of the original price is 65%, held at 50% by the cap; 20% then 30% is 44%.
        #expect(lines.contains("  50%  on category \"Home/Textile\" (held by `cap`)"))
        #expect(lines.contains("       `home_sale` 40% of the original price, then `home_coupon` 25% of the original price"))
        #expect(lines.contains("  44%  on category \"Food/Dairy/Cheese\""))
        #expect(lines.contains("       `dairy_week` 20%, then `cheese_day` 30%"))
        // The largest first; a chain found from each of its promos is listed once.
        let figures = lines.filter { $0.hasPrefix("  ") && $0.dropFirst(2).first?.isNumber == true }.map { $0.split(separator: " ")[0] }
        #expect(figures == ["50%", "44%"])
    }
}
