import Foundation
import PromoCompiler
import PromoDiagnostics
import PromoJSON
import PromoSemantics
import PromoVM
import Testing

/// Evaluation cases as folders: `Cases/NAME/case.promo`, `receipt.json` and `expected.json`
/// (the result as `promo eval --json` prints it). `PROMO_BLESS=1` rewrites the expected files.
@Suite struct CaseTests {
    static let folder = repositoryRoot.appendingPathComponent("Tests/PromoVMTests/Cases")

    static var names: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter { !$0.hasPrefix(".") }.sorted()
    }

    static func withoutSteps(_ value: JSONValue) -> JSONValue {
        guard case .object(let fields) = value else { return value }
        return .object(fields.filter { $0.0 != "steps" })
    }

    @Test func thereAreCases() {
        #expect(CaseTests.names.count >= 12)
    }

    @Test(arguments: CaseTests.names)
    func evaluationCase(_ name: String) throws {
        let dir = CaseTests.folder.appendingPathComponent(name)
        let source = try String(contentsOf: dir.appendingPathComponent("case.promo"), encoding: .utf8)
        let bundle = try #require(compileBundle(source))
        let receiptBytes = try [UInt8](Data(contentsOf: dir.appendingPathComponent("receipt.json")))
        let receipt = try ReceiptJSON.decode(receiptBytes, bundle: bundle)
        let result = try #require(evaluate(bundle, receipt))
        // The step count follows the VM's implementation, not the semantics: it is left out.
        let actual = CaseTests.withoutSteps(ResultJSON.encode(result, receipt: receipt, bundle: bundle)).serialized(pretty: true) + "\n"
        let expectedURL = dir.appendingPathComponent("expected.json")
        if ProcessInfo.processInfo.environment["PROMO_BLESS"] == "1" {
            try actual.write(to: expectedURL, atomically: true, encoding: .utf8)
            return
        }
        let expected = try String(contentsOf: expectedURL, encoding: .utf8)
        #expect(actual == expected, "case \(name) differs; run with PROMO_BLESS=1 to re-record after checking the change")
    }
}
