import Foundation
import PromoDiagnostics
import Testing
@testable import PromoSyntax

private let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

/// Every promo file of promos/ and stdlib/, as paths relative to the repository.
private func repositoryFiles() -> [String] {
    var paths: [String] = []
    for folder in ["promos", "stdlib"] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent(folder).path)) ?? []
        paths += names.filter { $0.hasSuffix(".promo") }.sorted().map { folder + "/" + $0 }
    }
    return paths
}

/// The formatted text, or a description of why there is none.
private func formatted(_ text: String) -> String {
    switch SourceFormatter.format(text) {
    case .formatted(let result): result
    case .invalid(let diagnostics): "invalid: " + diagnostics.map(\.message).joined(separator: "; ")
    case .changesMeaning(let difference): "changes meaning: " + difference
    }
}

@Suite struct FormatterTests {
    // MARK: - The repository's files

    @Test func repositoryHasPromoFiles() {
        #expect(repositoryFiles().count > 20)
    }

    @Test(arguments: repositoryFiles())
    func repositoryFileIsFormattedAndStable(_ path: String) throws {
        let text = try String(contentsOf: root.appendingPathComponent(path), encoding: .utf8)
        let once = formatted(text)
        #expect(formatted(once) == once, "formatting twice changes \(path)")
        #expect(once == text, "\(path) is not in the canonical layout: run `promo fmt \(path)`")
        // Without any indentation the file comes back the same: the layout is computed, not kept.
        let flattened = text.split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.drop { $0 == " " } }.joined(separator: "\n")
        #expect(formatted(flattened) == once, "\(path) flattened does not format back")
    }

    // MARK: - Layout

    @Test func messyInputGetsTheCanonicalLayout() {
        let messy = """


            currency   RUB   # roubles
            items dairy=category "Food/Dairy"\("  ")
            items  yogurt_cups   =   category "Food/Dairy/Yogurt"   except brand "X"



            segment big = customer.app   and customer.region=="Moscow"
                and customer.average_receipt( last 90 days )>4000.00
            promo   dairy_week "Dairy week"{

                priority 20
                    active 2026-12-01..2026-12-07
              when spend( dairy )>=500.00 # spend
             # a comment inside
            \tdiscount 20% on dairy,yogurt_cups
              buy    2 of yogurt_cups get 1 free cheapest
              days -3 .. -1

            }
            test "t" {
              receipt   at 2026-12-02 10:00 store 751
              line sku 1 price 1.00 qty 1
                expect total 1.00
            }


            """
        let expected = """
            currency RUB                                   # roubles
            items dairy       = category "Food/Dairy"
            items yogurt_cups = category "Food/Dairy/Yogurt" except brand "X"

            segment big = customer.app and customer.region == "Moscow"
                          and customer.average_receipt(last 90 days) > 4000.00

            promo dairy_week "Dairy week" {
              priority 20
              active   2026-12-01 .. 2026-12-07
              when     spend(dairy) >= 500.00              # spend
              # a comment inside
              discount 20% on dairy, yogurt_cups
              buy 2 of yogurt_cups get 1 free cheapest
              days     -3 .. -1
            }

            test "t" {
              receipt at 2026-12-02 10:00 store 751
              line sku 1 price 1.00 qty 1
              expect total 1.00
            }

            """
        #expect(formatted(messy) == expected)
        #expect(formatted(expected) == expected)
    }

    @Test func commentsAreKeptInPlace() {
        let text = """
            # The file's header.
            #   indented inside the comment, kept as written

            items a = sku 1 # trailing
                # own line, inside nothing
            promo p "P" {
            # before the first clause
              priority 1   #   spaces inside kept
              discount 10% on a
                  # before the closing brace
            }
            # at the end
            """
        let expected = """
            # The file's header.
            #   indented inside the comment, kept as written

            items a = sku 1                                # trailing
            # own line, inside nothing
            promo p "P" {
              # before the first clause
              priority 1                                   #   spaces inside kept
              discount 10% on a
              # before the closing brace
            }

            # at the end

            """
        #expect(formatted(text) == expected)
    }

    @Test func longCodePushesTheCommentTwoSpacesAway() {
        let code = "items long_name = sku 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12"
        #expect(formatted(code + " # why") == code + "  # why\n")
    }

    @Test func restrictionLimitsAndTestLinesAreNotPadded() {
        let text = """
            restriction cap "Cap" {
            active 2027-10-01 .. 2027-10-31
            redeem   <=   30% of total
            }

            test "t" {
            receipt at 2026-12-02 10:00
            given customer.purchases( last 30 days )=8
            expect   total 1.00
            }
            """
        let expected = """
            restriction cap "Cap" {
              active   2027-10-01 .. 2027-10-31
              redeem <= 30% of total
            }

            test "t" {
              receipt at 2026-12-02 10:00
              given customer.purchases(last 30 days) = 8
              expect total 1.00
            }

            """
        #expect(formatted(text) == expected)
    }

    @Test func tiersLevelsMakeATable() {
        let text = """
            tiers loyalty "Loyalty program" {
              measure spend over previous calendar week
              level silver "Silver 3%" from 0 accrue 3% bonus
              level gold "Gold 6%" from 5000.00 accrue 6% bonus
              level diamond "Diamond 9%" from 10000.00 accrue 9% bonus
            }
            """
        let expected = """
            tiers loyalty "Loyalty program" {
              measure  spend over previous calendar week
              level silver  "Silver 3%"  from 0         accrue 3% bonus
              level gold    "Gold 6%"    from 5000.00   accrue 6% bonus
              level diamond "Diamond 9%" from 10000.00  accrue 9% bonus
            }

            """
        #expect(formatted(text) == expected)
    }

    @Test func declarationTitlesAndEqualsLineUp() {
        let text = """
            items e_wine "Вина винного вечера" = sku 14101
            items e_bar "Остатки бара" = sku 14110, 14111
            items plain = sku 1
            segment s = customer.card
            """
        let expected = """
            items e_wine "Вина винного вечера" = sku 14101
            items e_bar  "Остатки бара"        = sku 14110, 14111
            items plain                        = sku 1
            segment s = customer.card

            """
        #expect(formatted(text) == expected)
    }

    @Test func segmentBrokenAfterItsEqualsIsIndentedOnce() {
        let text = """
            template segment reachable(period: Duration) =
                customer.registered within period
                    and (customer.consent_sms or customer.consent_email)
            figure purchases( window : Window ) : Count
            """
        let expected = """
            template segment reachable(period: Duration) =
              customer.registered within period
              and (customer.consent_sms or customer.consent_email)
            figure purchases(window: Window): Count

            """
        #expect(formatted(text) == expected)
    }

    @Test func spacingOfCallsBlocksAndSigns() {
        let text = """
            template promo combo3(a: Items, b: Items, c: Items, amount: Money) "Combo" {
              bundle {1 of a,1 of b, 1 of c} price amount
              when spend(all except(excise, a)) >= amount and x.uses( day ) < 1
              days -n..-1
              counter c += qty (a)
            }
            """
        let expected = """
            template promo combo3(a: Items, b: Items, c: Items, amount: Money) "Combo" {
              bundle { 1 of a, 1 of b, 1 of c } price amount
              when     spend(all except (excise, a)) >= amount and x.uses(day) < 1
              days     -n .. -1
              counter  c += qty(a)
            }

            """
        #expect(formatted(text) == expected)
    }

    @Test func emptyFileStaysEmpty() {
        #expect(formatted("") == "")
        #expect(formatted("\n\n  \n") == "")
        #expect(formatted("# only a comment") == "# only a comment\n")
    }

    // MARK: - Refusals

    @Test func unparsableInputIsRefusedWithItsDiagnostic() {
        guard case .invalid(let diagnostics) = SourceFormatter.format("promo x \"X\" {\n  priority 1\n") else {
            Issue.record("an unclosed block was formatted")
            return
        }
        #expect(diagnostics.map(\.code) == [.unclosedBlock])
    }

    @Test func lexicalErrorsAreRefused() {
        guard case .invalid(let diagnostics) = SourceFormatter.format("items a = sku 1;\n") else {
            Issue.record("a file with a lexical error was formatted")
            return
        }
        #expect(diagnostics.first?.code == .unexpectedCharacter)
    }

    @Test func aLayoutThatChangesTheTokensIsCaught() {
        let old = SourceFile(id: FileID(0), path: "a.promo", text: "days -n .. -1 # c\n")
        let glued = SourceFile(id: FileID(0), path: "a.promo", text: "days -n..-1 # c\n\n")
        let changed = SourceFile(id: FileID(0), path: "a.promo", text: "days - = n .. -1 # c\n")
        let uncommented = SourceFile(id: FileID(0), path: "a.promo", text: "days -n .. -1\n")
        func difference(_ new: SourceFile) -> String? {
            let before = Lexer.tokenizeKeepingComments(old), after = Lexer.tokenizeKeepingComments(new)
            return SourceFormatter.firstDifference(old, before.tokens, before.comments, new, after.tokens, after.comments)
        }
        #expect(difference(glued) == nil)
        #expect(difference(changed) == "token 3 would change from `n` (a name) to `=` (`=`)")
        #expect(difference(uncommented) == "the comments would change")
    }

    // MARK: - Comments from the lexer

    @Test func lexerKeepsCommentsWithoutChangingTokens() {
        var map = SourceMap()
        let file = map.add(path: "t.promo", text: "priority 10 # runs first\n# a whole line\r\nstop \"#not\"")
        let plain = Lexer.tokenize(file)
        let kept = Lexer.tokenizeKeepingComments(file)
        #expect(kept.tokens == plain.tokens)
        #expect(kept.comments.map { file.text(of: $0) } == ["# runs first", "# a whole line\r"])
    }
}
