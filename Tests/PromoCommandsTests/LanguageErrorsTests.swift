import Foundation
import PromoCommands
import Testing

/// The type errors that LANGUAGE.md ("Type rules the checker enforces") promises marketers, each
/// made by one edit of the document's example file and checked with `promo check`.
///
/// The expected place of every diagnostic is computed from where the edit was made in the text,
/// so the tests follow the example if it changes.
@Suite struct LanguageErrorsTests {
    /// `Tests/Fixtures/language-example.promo`: a verbatim copy of the example in LANGUAGE.md.
    static let examplePath: String = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/language-example.promo").path

    /// A catalog that lists every category, SKU and brand the example names, and more.
    static let catalog = """
        sku,name,category,brand
        1001,Milk 3.2% 1 L,Food/Dairy/Milk,Prostokvashino
        1042,Milk 2.5% 1 L,Food/Dairy/Milk,Village House
        1077,Farm milk 1 L,Food/Dairy/Milk,Premium Farm
        1101,Gouda,Food/Dairy/Cheese,Sirobogatov
        3001,Strawberry yogurt,Food/Dairy/Yogurt,Danone
        2001,Burger,Food/Burgers,Own Kitchen
        2101,Fries,Food/Fries,Own Kitchen
        2201,Cola 0.5 L,Drinks/Soda,Cola
        8001,Cappuccino,Drinks/Coffee,Own Kitchen
        7001,Red wine,Drinks/Wine,Abrau
        9101,Cigarettes,Tobacco/Cigarettes,Any
        9201,Cat food,Pets/Cats/Food,Whiskas

        """

    static func example() throws -> String {
        try String(contentsOfFile: examplePath, encoding: .utf8)
    }

    // MARK: - The example itself

    @Test func theExampleChecksClean() throws {
        let result = try checkExample(Self.example())
        #expect(result.status == 0)
        #expect(result.diagnostics.isEmpty, "\(result.text)")
        #expect(result.summary == "checked 1 file: 0 errors, 0 warnings")
    }

    @Test func theExampleChecksCleanAgainstTheCatalog() throws {
        let result = try checkExample(Self.example(), catalog: Self.catalog)
        #expect(result.status == 0)
        #expect(result.diagnostics.isEmpty, "\(result.text)")
    }

    // MARK: - One edit, one error

    @Test func discountWithoutPercentOrDecimals() throws {
        let edit = try Edit(replacing: "discount 20% on dairy", with: "discount 20 on dairy", mark: "20")
        let result = try checkExample(edit.text)
        #expect(result.status == 1)
        let d = try #require(onlyDiagnostic(result))
        #expect(d.code == "P0303")
        #expect(d.severity == "error")
        #expect((d.line, d.column) == edit.mark)
        #expect(d.message.contains("needs a percent or money"))
        #expect(d.message.contains("`20%` or `20.00`"))
    }

    @Test func moneyComparedWithPercent() throws {
        let edit = try Edit(replacing: "when     total >= 1000.00", with: "when     total >= 20%", mark: "20%")
        let result = try checkExample(edit.text)
        #expect(result.status == 1)
        let d = try #require(onlyDiagnostic(result))
        #expect(d.code == "P0302")
        #expect((d.line, d.column) == edit.mark)
        #expect(d.message == "cannot compare money with a percent")
        // The other side is labelled too.
        let total = try location(of: "total >= 20%", in: edit.text)
        #expect(d.labels.contains { !$0.primary && ($0.line, $0.column) == total && $0.message == "this is money" })
    }

    @Test func percentDiscountAboveHundred() throws {
        let edit = try Edit(replacing: "discount 20% on dairy", with: "discount 120% on dairy", mark: "120%")
        let result = try checkExample(edit.text)
        #expect(result.status == 1)
        let d = try #require(onlyDiagnostic(result))
        #expect(d.code == "P0401")
        #expect((d.line, d.column) == edit.mark)
        #expect(d.message.contains("between 0% and 100%"))
        #expect(d.labels.first { $0.primary }?.message == "120% is out of range")
    }

    @Test func periodEndsBeforeItStarts() throws {
        let edit = try Edit(replacing: "active   2026-12-01 .. 2026-12-07", with: "active   2026-12-07 .. 2026-12-01",
                            mark: "2026-12-07 .. 2026-12-01")
        let result = try checkExample(edit.text)
        #expect(result.status == 1)
        let d = try #require(onlyDiagnostic(result))
        #expect(d.code == "P0402")
        #expect((d.line, d.column) == edit.mark)
        #expect(d.message == "the period ends before it starts")
        #expect(d.help?.contains("`active 2026-12-01 .. 2026-12-07`") == true)
    }

    @Test func unknownCategoryWithCatalog() throws {
        let edit = try Edit(replacing: "category \"Food/Dairy\" except", with: "category \"Food/Diary\" except",
                            mark: "\"Food/Diary\"")
        let result = try checkExample(edit.text, catalog: Self.catalog)
        #expect(result.status == 1)
        let d = try #require(onlyDiagnostic(result))
        #expect(d.code == "P0210")
        #expect((d.line, d.column) == edit.mark)
        #expect(d.message == "unknown category \"Food/Diary\"")
        #expect(d.help == "did you mean \"Food/Dairy\"?")
    }

    @Test func unknownCategoryIsNotReportedWithoutCatalog() throws {
        let edit = try Edit(replacing: "category \"Food/Dairy\" except", with: "category \"Food/Diary\" except",
                            mark: "\"Food/Diary\"")
        let result = try checkExample(edit.text)
        #expect(result.status == 0)
        #expect(result.diagnostics.isEmpty, "\(result.text)")
    }

    @Test func unknownSegment() throws {
        let edit = try Edit(replacing: "audience churned", with: "audience churnd", mark: "churnd")
        let result = try checkExample(edit.text)
        #expect(result.status == 1)
        let d = try #require(onlyDiagnostic(result))
        #expect(d.code == "P0201")
        #expect((d.line, d.column) == edit.mark)
        #expect(d.message == "unknown segment `churnd`")
        #expect(d.help == "did you mean `churned`?")
    }

    @Test func samePriorityOnTheSameLines() throws {
        let cheese = """
            promo cheese_days "Cheese days: 10% off cheese" {
              priority 20
              discount 10% on category "Food/Dairy/Cheese"
            }


            """
        let edit = try Edit(replacing: "promo yogurt_3_for_2", with: cheese + "promo yogurt_3_for_2", mark: "priority 20")
        let result = try checkExample(edit.text)
        #expect(result.status == 1)
        let d = try #require(onlyDiagnostic(result))
        #expect(d.code == "P0501")
        #expect(d.severity == "error")
        // The primary label is on the later promo's priority, the other on the dairy week's.
        #expect((d.line, d.column) == edit.mark)
        let dairyWeek = try location(of: "priority 20", in: edit.text)
        #expect(d.labels.contains { !$0.primary && ($0.line, $0.column) == dairyWeek })
        #expect(d.message.contains("`dairy_week`") && d.message.contains("`cheese_days`"))
        #expect(d.message.contains("share priority 20"))
        #expect(d.help?.contains("different priorities") == true)
        #expect(d.help?.contains("best of") == true)
    }

    @Test(arguments: ["lock     discounts", "stop"])
    func promoShadowedByAnEarlierOne(_ prevention: String) throws {
        let everyday = """
            promo milk_everyday "Milk 10% off every day" {
              priority 11
              discount 10% on sku 1001
              \(prevention)
            }


            """
        let edit = try Edit(replacing: "promo milk_price", with: everyday + "promo milk_price", mark: prevention)
        let result = try checkExample(edit.text)
        #expect(result.status == 0)
        let d = try #require(onlyDiagnostic(result))
        #expect(d.code == "P0502")
        #expect(d.severity == "warning")
        let milkPrice = try location(of: "milk_price \"Milk 1 L", in: edit.text)
        #expect((d.line, d.column) == milkPrice)
        #expect(d.message == "promo `milk_price` can never apply")
        #expect(d.labels.first { $0.primary }?.message.contains("`milk_everyday`") == true)
        #expect(d.labels.contains { !$0.primary && ($0.line, $0.column) == edit.mark })

        let strict = try checkExample(edit.text, warningsAsErrors: true)
        #expect(strict.status == 1)
        #expect(strict.diagnostics.map(\.code) == ["P0502"])
    }
}

// MARK: - Editing the example

/// The example with one piece of text replaced, and where a mark inside the new text lands.
struct Edit {
    var text: String
    /// Line and column (1-based; the column counts Unicode scalars, as diagnostics do) of the
    /// first occurrence of the mark inside the replacement.
    var mark: (Int, Int)

    /// Replaces the only occurrence of `old` in the example with `new`.
    init(replacing old: String, with new: String, mark: String) throws {
        let example = try LanguageErrorsTests.example()
        let occurrences = example.components(separatedBy: old).count - 1
        try #require(occurrences == 1, "`\(old)` occurs \(occurrences) times in the example")
        let range = try #require(example.range(of: old))
        let markRange = try #require(new.range(of: mark), "the mark `\(mark)` is not in the new text")
        text = example.replacingCharacters(in: range, with: new)
        self.mark = lineAndColumn(before: String(example[..<range.lowerBound]) + String(new[..<markRange.lowerBound]))
    }
}

/// Line and column of the first occurrence of `needle` in `text`.
func location(of needle: String, in text: String) throws -> (Int, Int) {
    let range = try #require(text.range(of: needle), "`\(needle)` is not in the text")
    return lineAndColumn(before: String(text[..<range.lowerBound]))
}

/// Line and column of the place right after `prefix`.
func lineAndColumn(before prefix: String) -> (Int, Int) {
    let lines = prefix.split(separator: "\n", omittingEmptySubsequences: false)
    return (lines.count, lines.last!.unicodeScalars.count + 1)
}

// MARK: - Running `promo check`

/// One diagnostic as `promo check --format json` prints it.
struct ReportedDiagnostic: Decodable {
    struct Label: Decodable {
        var line: Int
        var column: Int
        var message: String
        var primary: Bool
    }

    var line: Int
    var column: Int
    var severity: String
    var code: String
    var message: String
    var help: String?
    var labels: [Label]
    var notes: [String]
}

struct ExampleCheck {
    var status: Int32
    var diagnostics: [ReportedDiagnostic]
    /// The JSON text, for failure messages.
    var text: String
    /// The summary line on standard error.
    var summary: String
}

/// Checks `source` as `example.promo`, with `catalog` as `catalog.csv` when given.
func checkExample(_ source: String, catalog: String? = nil, warningsAsErrors: Bool = false) throws -> ExampleCheck {
    let folder = try TemporaryFolder()
    try folder.write("example.promo", source)
    if let catalog { try folder.write("catalog.csv", catalog) }
    let output = CapturedOutput()
    let options = CheckOptions(paths: ["example.promo"], format: .json, color: .never, warningsAsErrors: warningsAsErrors,
                               directory: folder.path, catalogPath: catalog == nil ? nil : "catalog.csv")
    let status = Check.run(options, output: output)
    let diagnostics = try JSONDecoder().decode([ReportedDiagnostic].self, from: Data(output.standardOutput.utf8))
    return ExampleCheck(status: status, diagnostics: diagnostics, text: output.standardOutput,
                       summary: output.standardError.trimmingCharacters(in: .newlines))
}

/// The diagnostic of a check that reports exactly one.
func onlyDiagnostic(_ result: ExampleCheck) -> ReportedDiagnostic? {
    #expect(result.diagnostics.count == 1, "expected one diagnostic, got:\n\(result.text)")
    return result.diagnostics.count == 1 ? result.diagnostics[0] : nil
}
