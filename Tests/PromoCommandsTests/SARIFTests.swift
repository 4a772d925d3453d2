import Foundation
import PromoCommands
import PromoDiagnostics
import PromoJSON
import Testing

/// A counter read but never changed (warning P0413, line 7) and an unknown item set (error P0201, line 13).
let warnedAndBrokenPromo = """
    currency RUB

    items dairy = category "Food/Dairy"

    promo dairy_week "Dairy week" {
      priority 20
      when     counter visits >= 3
      discount 20% on dairy
    }

    promo typo "Typo" {
      priority 30
      discount 10% on dairi
    }

    """

/// A promo with a test that passes and one that fails (the failing one starts on line 16).
let promoWithFailingTest = validPromo + """

    test "twenty percent off" {
      receipt at 2026-12-02 10:00
      line sku 1 category "Food/Dairy/Milk" price 100.00 qty 1
      expect total 80.00
    }

    test "wrong total" {
      receipt at 2026-12-02 10:00
      line sku 1 category "Food/Dairy/Milk" price 100.00 qty 1
      expect total 90.00
    }

    """

/// The region of a SARIF location: start line, start column, end line, end column.
func region(_ location: JSONValue?) -> [Int64] {
    let region = location?["physicalLocation"]?["region"]
    return ["startLine", "startColumn", "endLine", "endColumn"].map { region?[$0]?.asInt64 ?? -1 }
}

@Suite struct SARIFTests {
    @Test func checkReportsErrorsAndWarningsAsResults() throws {
        let folder = try TemporaryFolder()
        try folder.write("promos/dairy.promo", warnedAndBrokenPromo)
        let (status, output) = check(["promos/dairy.promo"], in: folder, format: .sarif)
        #expect(status == 1)
        #expect(output.standardError == "checked 1 file: 1 error, 1 warning\n")

        let log = try JSONParser.parse(output.standardOutput)
        #expect(log["version"]?.asString == "2.1.0")
        #expect(log["$schema"]?.asString == "https://json.schemastore.org/sarif-2.1.0.json")
        let runs = try #require(log["runs"]?.asArray)
        #expect(runs.count == 1)
        let run = runs[0]
        #expect(run["tool"]?["driver"]?["name"]?.asString == "promo")
        #expect(run["tool"]?["driver"]?["version"]?.asString == SARIF.toolVersion)
        #expect(run["columnKind"]?.asString == "unicodeCodePoints")

        let results = try #require(run["results"]?.asArray)
        #expect(results.map { $0["ruleId"]?.asString } == ["P0413", "P0201"])
        #expect(results.map { $0["level"]?.asString } == ["warning", "error"])
        try #require(results.count == 2)
        let warning = results[0], error = results[1]
        #expect(warning["locations"]?[0]?["physicalLocation"]?["artifactLocation"]?["uri"]?.asString == "promos/dairy.promo")
        #expect(region(error["locations"]?[0]) == [13, 19, 13, 24])
        #expect(error["message"]?["text"]?.asString?.hasPrefix("unknown item set `dairi`") == true)
        #expect(error["message"]?["text"]?.asString?.contains("help: did you mean `dairy`?") == true)
        #expect(region(warning["locations"]?[0])[0] == 7)

        // One rule per code used, described, and each result points at its rule.
        let rules = try #require(run["tool"]?["driver"]?["rules"]?.asArray)
        #expect(rules.map { $0["id"]?.asString } == ["P0413", "P0201"])
        try #require(rules.count == 2)
        #expect(rules[1]["shortDescription"]?["text"]?.asString == DiagnosticCode.unknownName.summary)
        #expect(rules[1]["name"]?.asString == "UnknownName")
        #expect(results.map { $0["ruleIndex"]?.asInt64 } == [0, 1])
    }

    @Test func cleanCheckIsAnEmptyRun() throws {
        let folder = try TemporaryFolder()
        try folder.write("dairy.promo", validPromo)
        let (status, output) = check(["dairy.promo"], in: folder, format: .sarif)
        #expect(status == 0)
        let run = try JSONParser.parse(output.standardOutput)["runs"]?[0]
        #expect(run?["results"]?.asArray?.isEmpty == true)
        #expect(run?["tool"]?["driver"]?["rules"]?.asArray?.isEmpty == true)
    }

    @Test func warningsAsErrorsKeepsTheLogAndFails() throws {
        let folder = try TemporaryFolder()
        let warnedOnly = warnedAndBrokenPromo.replacingOccurrences(of: "on dairi", with: "on dairy")
        try folder.write("dairy.promo", warnedOnly)
        let (status, output) = check(["dairy.promo"], in: folder, format: .sarif, warningsAsErrors: true)
        #expect(status == 1)
        let results = try JSONParser.parse(output.standardOutput)["runs"]?[0]?["results"]?.asArray ?? []
        #expect(results.map { $0["ruleId"]?.asString } == ["P0413"])
        let parsed = try CheckCommand.parse(["--format", "sarif", "dairy.promo"])
        #expect(parsed.options.format == .sarif)
    }

    @Test func failingTestIsAResultAtItsBlock() throws {
        let folder = try TemporaryFolder()
        try folder.write("dairy.promo", promoWithFailingTest)
        let path = folder.path + "/dairy.promo"
        let output = CapturedOutput()
        let status = PromoCommand.execute(["test", "--format", "sarif", path], output: output)
        #expect(status == 1)
        #expect(output.standardError == "1 passed, 1 failed\n")
        let run = try JSONParser.parse(output.standardOutput)["runs"]?[0]
        let results = try #require(run?["results"]?.asArray)
        #expect(results.count == 1)
        #expect(results.first?["ruleId"]?.asString == "test-failure")
        #expect(results.first?["level"]?.asString == "error")
        #expect(results.first?["message"]?["text"]?.asString?.hasPrefix("test \"wrong total\" failed\nline 19: ") == true)
        let location = results.first?["locations"]?[0]
        #expect(location?["physicalLocation"]?["artifactLocation"]?["uri"]?.asString == SARIF.uri(path))
        #expect(region(location)[0] == 16)
        #expect(run?["tool"]?["driver"]?["rules"]?[0]?["id"]?.asString == "test-failure")
    }

    @Test func testWithErrorsGivesTheDiagnosticsAsALog() throws {
        let folder = try TemporaryFolder()
        try folder.write("dairy.promo", warnedAndBrokenPromo)
        let output = CapturedOutput()
        let status = PromoCommand.execute(["test", "--format", "sarif", folder.path + "/dairy.promo"], output: output)
        #expect(status == 1)
        let results = try JSONParser.parse(output.standardOutput)["runs"]?[0]?["results"]?.asArray ?? []
        #expect(results.map { $0["ruleId"]?.asString } == ["P0413", "P0201"])
    }

    @Test func pathsBecomeURIReferences() {
        #expect(SARIF.uri("promos/dairy week.promo") == "promos/dairy%20week.promo")
        #expect(SARIF.uri("/srv/p/молоко.promo") == "file:///srv/p/%D0%BC%D0%BE%D0%BB%D0%BE%D0%BA%D0%BE.promo")
    }
}
