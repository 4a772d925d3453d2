import Foundation
import PromoCommands
import Testing

/// `promo check --cost`, `--lines` and `--max-steps`.
@Suite struct CostCommandTests {
    /// A combo held to 5 sets a receipt, a discount and a rounding of the receipt.
    static let promos = """
        currency RUB

        items burgers = category "Food/Burgers"
        items fries   = category "Food/Fries"
        items soda    = category "Drinks/Soda"

        promo lunch_combo "Combo" {
          priority 150
          limit 5 per receipt
          bundle { 1 of burgers, 1 of fries, 1 of soda } price 299.00
        }

        promo soda_10 "Soda -10%" {
          priority 120
          discount 10% on soda
        }

        promo rounding "Rounding" {
          priority 950
          round down to 1.00
        }

        restriction cap "At most half off" {
          discount <= 50% on all
        }

        """

    /// Runs `promo check ARGUMENTS set.promo` on ``promos`` as the command line would.
    func run(_ arguments: [String], source: String = CostCommandTests.promos) throws -> (status: Int32, output: CapturedOutput) {
        let folder = try TemporaryFolder()
        try folder.write("set.promo", source)
        var options = try CheckCommand.parse(arguments + ["set.promo"]).options
        options.directory = folder.path
        options.color = .never
        let output = CapturedOutput()
        return (Check.run(options, output: output), output)
    }

    /// The figures by hand: `cap` runs no instruction but its HALT (1 + 0·n). `soda_10` and
    /// `rounding`: EFFECT and HALT, and a discount on each line (2 + 1·n). `lunch_combo`:
    /// LIMIT, EFFECT, HALT, and at most 5 sets of 3 lines, each line counted once for the set and
    /// once for its discount: 3 + 30. The item sets: burgers, fries, soda and `all`, one atom each,
    /// computed once a receipt for every 64 lines: 4 + 1·n. In all 42 + 3·n: 132 at 30 lines.
    @Test func costPrintsEveryUnitInOrderWithTheSharedPartAndTheTotal() throws {
        let (status, output) = try run(["--cost", "--lines", "30"])
        #expect(status == 0)
        #expect(output.standardError == "checked 1 file: 0 errors, 0 warnings\n")
        #expect(output.standardOutput == """
            worst-case VM steps of a receipt of n lines, each unit in the order the VM applies them:

              #  name         kind         steps for n lines  at 30  rank
              1  cap          restriction  1 + 0·n                1     4
              2  soda_10      promo        2 + 1·n               32     2
              3  lunch_combo  promo        33 + 0·n              33     1
              4  rounding     promo        2 + 1·n               32     3
              -  -----------  -----------  -----------------  -----  ----
                 item sets    shared       4 + 1·n               34
                 total                     42 + 3·n             132

            costliest at 30 lines:
              1. lunch_combo  33  (25% of the total)
              2. soda_10      32  (24% of the total)
              3. rounding     32  (24% of the total)
              4. cap           1  (<1% of the total)

            """)
        // At 100 lines (the default) the per-line promos come first.
        let (_, byDefault) = try run(["--cost"])
        #expect(byDefault.standardOutput.contains("  1. soda_10      102  (29% of the total)\n"))
        #expect(byDefault.standardOutput.contains("     total                     42 + 3·n              342\n"))
    }

    @Test func maxStepsPassesAtTheTotalAndFailsJustBelow() throws {
        let at = try run(["--max-steps", "132", "--lines", "30"])
        #expect(at.status == 0)
        #expect(at.output.standardError == "checked 1 file: 0 errors, 0 warnings\n")
        #expect(at.output.standardOutput == "")

        let below = try run(["--max-steps", "131", "--lines", "30"])
        #expect(below.status == 1)
        #expect(below.output.standardError.hasPrefix("""
            error[P0507]: the promo set can take 132 steps on a receipt of 30 lines, past --max-steps 131
              --> set.promo:7:7
               |
             7 | promo lunch_combo "Combo" {
               |       ^^^^^^^^^^^ `lunch_combo` can take 33 steps (33 + 0·n)
            ...
            13 | promo soda_10 "Soda -10%" {
               |       ------- `soda_10` can take 32 steps (2 + 1·n)
            ...
            18 | promo rounding "Rounding" {
               |       -------- `rounding` can take 32 steps (2 + 1·n)
               |

            """))
        #expect(below.output.standardError.contains("= note: the worst case is 42 + 3·n steps for n lines: 132 at 30 lines\n"))
        #expect(below.output.standardError.contains(
            "= note: the costliest at 30 lines: `lunch_combo` 33, `soda_10` 32, `rounding` 32, `cap` 1"))
        #expect(below.output.standardError.hasSuffix("checked 1 file: 1 error, 0 warnings\n"))
        // The default receipt is 100 lines: 342.
        #expect(try run(["--max-steps", "342"]).status == 0)
        #expect(try run(["--max-steps", "341"]).status == 1)
    }

    @Test func jsonKeepsStandardOutputForTheDiagnostics() throws {
        let (status, output) = try run(["--format", "json", "--cost", "--max-steps", "100", "--lines", "30"])
        #expect(status == 1)
        #expect(output.standardOutput.hasPrefix("[\n  {\n"))
        #expect(output.standardOutput.contains("\"code\": \"P0507\""))
        #expect(output.standardOutput.contains("\"message\": \"the promo set can take 132 steps on a receipt of 30 lines, past --max-steps 100\""))
        // The table goes to standard error, before the summary.
        #expect(output.standardError.hasPrefix("worst-case VM steps of a receipt of n lines"))
        #expect(output.standardError.hasSuffix("checked 1 file: 1 error, 0 warnings\n"))
    }

    @Test func worksWithTheOtherOptions() throws {
        let (status, output) = try run(["--warnings-as-errors", "--today", "2026-01-01", "--max-discount", "60%",
                                        "--cost", "--lines", "1", "--max-steps", "48"])
        #expect(status == 0)
        #expect(output.standardOutput.contains("     total                     42 + 3·n             45\n"))
        let parsed = try CheckCommand.parse(["--cost", "--lines", "7", "--max-steps", "900", "x.promo"]).options
        #expect(parsed.cost == CostOptions(show: true, lines: 7, maxSteps: 900))
        #expect(try CheckCommand.parse(["x.promo"]).options.cost == CostOptions())
    }

    @Test func nothingIsFiguredAfterErrors() throws {
        let broken = Self.promos.replacingOccurrences(of: "priority 120", with: "priority 120;")
        let (status, output) = try run(["--cost", "--max-steps", "1"], source: broken)
        #expect(status == 1)
        #expect(output.standardOutput == "")
        #expect(!output.standardError.contains("P0507"))
    }

    @Test func badValuesAreRefused() {
        for arguments in [["--lines", "-1"], ["--lines", "many"], ["--lines", "2000000"], ["--max-steps", "1e5"], ["--max-steps", "-3"]] {
            #expect(throws: (any Error).self, "\(arguments)") { try CheckCommand.parse(arguments + ["x.promo"]) }
        }
    }
}
