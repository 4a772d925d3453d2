import Testing
import Foundation
import PromoDiagnostics
@testable import PromoSyntax

@Test func smoke() throws {
    let text = try String(contentsOfFile: "Tests/Fixtures/language-example.promo", encoding: .utf8)
    var map = SourceMap()
    let file = map.add(path: "example.promo", text: text)
    let (syntax, diags) = Parser.parse(file)
    print(TextRenderer(sources: map, colored: false).render(diags))
    print(syntax.declarations.count)
    #expect(diags.isEmpty)
}
