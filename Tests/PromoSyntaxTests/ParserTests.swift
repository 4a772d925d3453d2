import PromoDiagnostics
import Testing
@testable import PromoSyntax

private func parse(_ text: String) -> (syntax: SourceFileSyntax, diagnostics: [Diagnostic], file: SourceFile) {
    var map = SourceMap()
    let file = map.add(path: "t.promo", text: text)
    let (syntax, diagnostics) = Parser.parse(file)
    return (syntax, diagnostics, file)
}

private func promo(_ text: String) -> PromoSyntax? {
    let (syntax, _, _) = parse(text)
    if case .promo(let p)? = syntax.declarations.first?.kind { return p }
    return nil
}

@Suite struct ParserTests {
    @Test func promoClausesAndSpans() throws {
        let text = """
            promo dairy_week "Dairy week" {
              priority 20
              discount 20% on dairy
            }
            """
        let (syntax, diagnostics, file) = parse(text)
        #expect(diagnostics.isEmpty)
        guard case .promo(let p) = syntax.declarations[0].kind else { Issue.record("not a promo"); return }
        #expect(p.name.text == "dairy_week")
        #expect(p.title?.text == "Dairy week")
        #expect(p.clauses.map(\.keyword.text) == ["priority", "discount"])
        #expect(file.text(of: p.clauses[1].span) == "discount 20% on dairy")
        guard case .discount(let d) = p.clauses[1].kind, case .items(let target) = d.target else {
            Issue.record("not a discount on items"); return
        }
        #expect(file.text(of: d.amount.span) == "20%")
        #expect(file.text(of: target.span) == "dairy")
    }

    @Test func commaBindsTighterThanExcept() {
        let (syntax, diagnostics, _) = parse("items x = all except alcohol, tobacco")
        #expect(diagnostics.isEmpty)
        guard case .items(let named) = syntax.declarations[0].kind,
              case .binary(.except, let left, let right) = named.value.kind,
              case .itemAtom(.all, _) = left.kind,
              case .binary(.union, _, _) = right.kind else {
            Issue.record("wrong shape"); return
        }
    }

    @Test func conditionContinuesOnTheNextLine() {
        let (syntax, diagnostics, _) = parse("""
            segment s = customer.app and customer.region == "Moscow"
                        and customer.average_receipt(last 90 days) > 4000.00
            """)
        #expect(diagnostics.isEmpty)
        guard case .segment(let named) = syntax.declarations[0].kind,
              case .binary(.and, _, let right) = named.value.kind,
              case .binary(.greater, let call, _) = right.kind,
              case .call(_, let arguments) = call.kind,
              case .window(.last) = arguments[0].kind else {
            Issue.record("wrong shape"); return
        }
    }

    @Test func precedence() {
        let (syntax, _, _) = parse("segment s = not a or b and c except d")
        guard case .segment(let named) = syntax.declarations[0].kind,
              case .binary(.except, let left, _) = named.value.kind,
              case .binary(.or, let notA, let andBC) = left.kind,
              case .unary(.not, _) = notA.kind,
              case .binary(.and, _, _) = andBC.kind else {
            Issue.record("wrong shape"); return
        }
    }

    @Test func bundleComponentsAndSkuLists() {
        guard let p = promo("promo c { bundle { 1 of sku 2001, 2 of sku 5, 6 } price 299.00 }"),
              case .bundle(let b) = p.clauses[0].kind else { Issue.record("no bundle"); return }
        #expect(b.components.count == 2)
        guard case .itemAtom(.sku, let skus) = b.components[1].items.kind else { Issue.record("not skus"); return }
        #expect(skus.count == 2)
    }

    @Test func buyGetForms() {
        guard let p = promo("promo b {\n buy 2 of yogurt get 1 at 50% off most expensive once\n}"),
              case .buy(let b) = p.clauses[0].kind else { Issue.record("no buy"); return }
        #expect(b.order == .mostExpensive)
        #expect(b.once)
        guard case .percentOff = b.reward else { Issue.record("reward"); return }
    }

    @Test func testBlock() {
        let (syntax, diagnostics, _) = parse("""
            test "t" {
              receipt at 2026-12-02 10:00 store 751 format "Supermarket" customer 81622988 card
              line sku 1042 category "Food/Dairy/Milk" price 100.00 qty 0.350 kg
              given customer.purchases(all time) = 0
              expect discount 120.00 by dairy_week
              expect not applied x because "spend"
            }
            """)
        #expect(diagnostics.isEmpty)
        guard case .test(let t) = syntax.declarations[0].kind else { Issue.record("no test"); return }
        guard case .receipt(let attributes) = t.clauses[0].kind else { Issue.record("no receipt"); return }
        #expect(attributes.map(\.name.text) == ["at", "store", "format", "customer", "card"])
        guard case .dateTime = attributes[0].value?.kind else { Issue.record("no date-time"); return }
        #expect(attributes[4].value == nil)
        guard case .line(let line) = t.clauses[1].kind, case .measure(let q, let unit) = line[3].value?.kind else {
            Issue.record("no quantity"); return
        }
        #expect(q == DecimalLiteral(unscaled: 350, scale: 3))
        #expect(unit.text == "kg")
        guard case .given(_, let value) = t.clauses[2].kind else { Issue.record("no given"); return }
        #expect(value != nil)
    }

    @Test func everySyntaxErrorOfAFileIsReported() {
        let (syntax, diagnostics, file) = parse("""
            promo a {
              priorty 10
              discount 20% dairy
            }
            promotion b {
            }
            promo c {
              priority 5
              discount 5% on all
            }
            """)
        #expect(diagnostics.map(\.code) == [.unknownClause, .expectedToken, .unknownDeclaration])
        #expect(diagnostics.map { file.location(of: $0.span.start).line } == [2, 3, 5])
        #expect(diagnostics[0].help == "did you mean `priority`?")
        // Recovery keeps the declarations around the errors.
        #expect(syntax.declarations.count == 2)
    }

    @Test func unclosedBlockEndsAtTheNextDeclaration() {
        let (syntax, diagnostics, file) = parse("promo a {\n  priority 1\npromo b {\n  priority 2\n}\n")
        #expect(diagnostics.map(\.code) == [.unclosedBlock])
        #expect(file.location(of: diagnostics[0].span.start) == SourceLocation(line: 1, column: 9))
        #expect(syntax.declarations.count == 2)
    }

    @Test func deepNestingIsRefused() {
        let (_, diagnostics, _) = parse("segment s = " + String(repeating: "(", count: 500) + "x" + String(repeating: ")", count: 500))
        #expect(diagnostics.contains { $0.message.contains("nested too deeply") })
    }

    @Test func reservedWordsCannotBeNames() {
        let (_, diagnostics, _) = parse("items total = all")
        #expect(diagnostics.map(\.code) == [.reservedName])
        #expect(diagnostics[0].help == "choose another name, for example `total_items`")
    }
}
