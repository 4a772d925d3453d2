// docs/receipt-format.md stays in step with the code: its receipt example decodes to the test
// fixture's receipt, and its result example is what the VM gives for it against promos/.

import Foundation
import PromoJSON
@testable import PromoVM
import Testing

@Suite struct ReceiptFormatDocTests {
    /// The ```json blocks of the page, in order.
    func examples() throws -> [String] {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let text = try String(contentsOf: root.appendingPathComponent("docs/receipt-format.md"), encoding: .utf8)
        var blocks: [String] = []
        var current: [Substring]?
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if current == nil, line == "```json" {
                current = []
            } else if current != nil, line == "```" {
                blocks.append(current!.joined(separator: "\n"))
                current = nil
            } else if current != nil {
                current!.append(line)
            }
        }
        return blocks
    }

    @Test func theReceiptExample() throws {
        let blocks = try examples()
        try #require(blocks.count == 2)
        let documented = try ReceiptJSON.decode(Array(blocks[0].utf8), decimals: 2, factTags: JSONFixtures.exampleTags)
        let fixture = try ReceiptJSON.decode(JSONFixtures.exampleBytes, decimals: 2, factTags: JSONFixtures.exampleTags)
        #expect(documented == fixture)
    }

    /// The result example is the real result of the receipt example against promos/; with
    /// `PROMO_BLESS=1` the page is rewritten to match.
    @Test func theResultExample() throws {
        let blocks = try examples()
        try #require(blocks.count == 2)
        let bundle = try LoadedBundle(bytes: try promosBundleBytes())
        let receipt = try ReceiptJSON.decode(Array(blocks[0].utf8), bundle: bundle)
        let result = try #require(evaluate(bundle, receipt))
        let actual = CaseTests.withoutSteps(ResultJSON.encode(result, receipt: receipt, bundle: bundle)).serialized(pretty: true)
        if ProcessInfo.processInfo.environment["PROMO_BLESS"] == "1", actual != blocks[1] {
            let url = repositoryRoot.appendingPathComponent("docs/receipt-format.md")
            let page = try String(contentsOf: url, encoding: .utf8)
            try page.replacingOccurrences(of: "```json\n" + blocks[1] + "\n```", with: "```json\n" + actual + "\n```")
                .write(to: url, atomically: true, encoding: .utf8)
            return
        }
        #expect(blocks[1] == actual, "docs/receipt-format.md's result example is not what the VM gives; PROMO_BLESS=1 rewrites it")
    }
}
