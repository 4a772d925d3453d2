import Foundation
import PromoCommands
import Testing

/// A promo file in the canonical layout.
private let tidy = """
    items dairy = category "Food/Dairy"

    promo dairy_week "Dairy week" {
      priority 20
      discount 20% on dairy                        # every day
    }

    """

/// The same file, badly laid out.
private let untidy = """
    items   dairy=category "Food/Dairy"
    promo dairy_week "Dairy week"{
       priority 20
        discount 20%   on dairy # every day
    }
    """

/// Runs `promo fmt` in `folder`.
private func fmt(_ paths: [String], check: Bool = false, in folder: TemporaryFolder) -> (status: Int32, output: CapturedOutput) {
    let output = CapturedOutput()
    let options = FormatOptions(paths: paths, check: check, color: .never, directory: folder.path)
    return (Format.run(options, output: output), output)
}

private func contents(_ relative: String, in folder: TemporaryFolder) throws -> String {
    try String(contentsOfFile: folder.path + "/" + relative, encoding: .utf8)
}

@Suite struct FormatCommandTests {
    @Test func checkListsTheFilesThatWouldChangeAndWritesNothing() throws {
        let folder = try TemporaryFolder()
        try folder.write("promos/a.promo", untidy)
        try folder.write("promos/b.promo", tidy)
        try folder.write("promos/sub/c.promo", untidy)
        let (status, output) = fmt(["promos"], check: true, in: folder)
        #expect(status == 1)
        #expect(output.standardOutput == "promos/a.promo\npromos/sub/c.promo\n")
        #expect(output.standardError == "would reformat 2 of 3 files\n")
        #expect(try contents("promos/a.promo", in: folder) == untidy)
        #expect(try contents("promos/sub/c.promo", in: folder) == untidy)
    }

    @Test func checkOfFormattedFilesExitsZero() throws {
        let folder = try TemporaryFolder()
        try folder.write("b.promo", tidy)
        let (status, output) = fmt(["b.promo"], check: true, in: folder)
        #expect(status == 0)
        #expect(output.standardOutput == "")
        #expect(output.standardError == "would reformat 0 of 1 file\n")
    }

    @Test func formatRewritesInPlaceAndLeavesNoTemporaryFile() throws {
        let folder = try TemporaryFolder()
        try folder.write("a.promo", untidy)
        try folder.write("b.promo", tidy)
        let (status, output) = fmt(["."], in: folder)
        #expect(status == 0)
        #expect(output.standardError == "reformatted 1 of 2 files\n")
        #expect(try contents("a.promo", in: folder) == tidy)
        #expect(try contents("b.promo", in: folder) == tidy)
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        #expect(names == ["a.promo", "b.promo"])
        // Formatting again changes nothing, and the check is clean.
        let again = fmt(["."], check: true, in: folder)
        #expect(again.status == 0)
        #expect(again.output.standardOutput == "")
    }

    @Test func anUnparsableFileIsReportedAndLeftUntouched() throws {
        let folder = try TemporaryFolder()
        let broken = "promo x \"X\" {\n   priority 1\n"
        try folder.write("broken.promo", broken)
        try folder.write("a.promo", untidy)
        let (status, output) = fmt(["broken.promo", "a.promo"], in: folder)
        #expect(status == 1)
        #expect(try contents("broken.promo", in: folder) == broken)
        #expect(try contents("a.promo", in: folder) == tidy)
        #expect(output.standardError.contains("error[P0104]: the promo's block is never closed"))
        #expect(output.standardError.contains(" --> broken.promo:1:13"))
        #expect(output.standardError.contains("error: `broken.promo` does not parse; left as it is"))
        #expect(output.standardError.hasSuffix("reformatted 1 of 2 files, 1 left as it is\n"))

        let check = fmt(["broken.promo"], check: true, in: folder)
        #expect(check.status == 1)
        #expect(check.output.standardOutput == "")
    }

    @Test func aMissingPathIsAUsageError() throws {
        let folder = try TemporaryFolder()
        let (status, output) = fmt(["nowhere.promo"], in: folder)
        #expect(status == 2)
        #expect(output.standardError == "error[P0901]: cannot read `nowhere.promo`: no such file or directory\n")
    }

    @Test func theCommandLineReachesFmt() throws {
        let output = CapturedOutput()
        let status = PromoCommand.execute(["fmt", "--check", "/nonexistent-folder-for-fmt"], output: output)
        #expect(status == 2)
        #expect(output.standardError.contains("cannot read `/nonexistent-folder-for-fmt`"))
    }
}
