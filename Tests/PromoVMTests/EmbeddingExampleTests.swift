import Foundation
import PromoBytecode
import PromoCompiler
import PromoSemantics
import PromoVM
import Testing

/// The example of docs/embedding.md, run: the till loads a signed bundle from a file, keeps it
/// in a slot, and evaluates a receipt through a slot evaluator.
@Suite struct EmbeddingExampleTests {
    /// The example's code, as the documentation shows it.
    static func example(path: String, trusted: [UInt8]) throws -> (discount: Int64, lines: [Int64], promos: [String]) {
        // BEGIN EXAMPLE
        // Once, when the till starts (and again whenever CI ships a new bundle):
        let bundle = try LoadedBundle(path: path, trustedKey: trusted)  // refuses unsigned or altered bundles
        let slot = BundleSlot(bundle)                                     // shared by every checkout thread

        // On each checkout thread: one evaluator, its buffers reused receipt after receipt.
        var evaluator = SlotEvaluator(slot: slot)
        let receipt = Receipt(
            date: LocalDate(year: 2026, month: 12, day: 2), minute: 10 * 60,  // 10:00 local time
            store: Store(id: 751, format: "Supermarket"),
            customer: Customer(id: "81622988", card: true),
            lines: [Line(sku: 1042, category: "Food/Dairy/Milk", price: 10_000, quantity: 6_000)])  // 6 × 100.00
        let result = try evaluator.evaluate(receipt)

        let discount = result.discountTotal                   // minor units: 12000 is 120.00
        let lines = result.lines.map(\.finalAmount)           // each line's amount to pay
        let promos = result.trace.filter(\.applied).map { bundle.name(ofUnit: $0.unit) }

        // When CI ships a new bundle, on any thread; evaluations under way finish on the old one:
        // slot.replace(with: try LoadedBundle(path: path, trustedKey: trusted))
        // END EXAMPLE
        return (discount, lines, promos)
    }

    @Test func theExampleRunsOnTheSignedPromoSet() throws {
        let (privateKey, publicKey) = BundleSignature.generateKey()
        let signed = try BundleSignature.sign(try promosBundleBytes(), privateKey: privateKey)
        let path = FileManager.default.temporaryDirectory.path + "/embedding-\(UUID().uuidString).bundle"
        try Data(signed).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }

        let (discount, lines, promos) = try Self.example(path: path, trusted: publicKey)
        // dairy_week (2026-12-01 .. 12-07, weekdays, spend on dairy 600.00 >= 500.00): 20% of 600.00.
        #expect(discount == 12_000)
        #expect(lines == [48_000])
        #expect(promos.contains("dairy_week"))

        // A file that is not there, and a bundle signed by another key, are refused with the reason.
        #expect(throws: BundleError.unreadable(path: path + ".missing", reason: "No such file or directory")) {
            try LoadedBundle(path: path + ".missing")
        }
        #expect(throws: BundleError.badSignature) {
            try LoadedBundle(path: path, trustedKey: BundleSignature.generateKey().publicKey)
        }
    }

    @Test func theDocumentationShowsTheExampleAsRun() throws {
        let test = try String(contentsOf: URL(fileURLWithPath: #filePath), encoding: .utf8)
        let doc = try String(contentsOf: repositoryRoot.appendingPathComponent("docs/embedding.md"), encoding: .utf8)
        func block(_ text: String, from start: String, to end: String) -> [String] {
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            guard let a = lines.firstIndex(where: { $0.contains(start) }),
                  let b = lines[(a + 1)...].firstIndex(where: { $0.contains(end) }) else { return [] }
            let body = Array(lines[(a + 1)..<b])
            let indent = body.filter { !$0.isEmpty }.map { $0.prefix { $0 == " " }.count }.min() ?? 0
            return body.map { String($0.dropFirst(min(indent, $0.count))) }
        }
        let example = block(test, from: "// BEGIN EXAMPLE", to: "// END EXAMPLE")
        #expect(example.count > 10)
        #expect(Array(block(doc, from: "```swift", to: "```").dropFirst(2)) == example,
                "docs/embedding.md's example differs from EmbeddingExampleTests.example")
    }
}
