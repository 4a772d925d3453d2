// docs/receipt-format.md stays in step with the code: its receipt example decodes to the test
// fixture's receipt, and its result example is what the encoder writes for the hand-built result.

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

    @Test func theResultExample() throws {
        let blocks = try examples()
        try #require(blocks.count == 2)
        #expect(blocks[1] == ResultJSONTests.expected)
    }
}
