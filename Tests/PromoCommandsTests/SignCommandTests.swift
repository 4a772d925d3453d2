import Foundation
import PromoCommands
import Testing

/// `promo keygen`, `promo build --sign` and `promo eval --trusted-key` together.
@Suite struct SignCommandTests {
    @Test func aSignedBundleRunsAndATamperedOneIsRefused() throws {
        let folder = try TemporaryFolder()
        try folder.write("set.promo", validPromo)
        try folder.write("receipt.json", """
            {"at": "2026-11-18T12:00", "lines": [{"sku": 1, "category": "Food/Dairy/Milk", "price": "100.00", "qty": "1"}]}
            """)
        func run(_ arguments: [String]) -> (Int32, CapturedOutput) {
            let output = CapturedOutput()
            return (PromoCommand.execute(arguments, output: output), output)
        }
        let p = folder.path
        #expect(run(["keygen", "--out", p + "/ci"]).0 == 0)
        let privateKey = try String(contentsOfFile: p + "/ci.key", encoding: .utf8)
        #expect(privateKey.hasPrefix("promo-ed25519-private "))
        let mode = try FileManager.default.attributesOfItem(atPath: p + "/ci.key")[.posixPermissions] as? Int
        #expect(mode == 0o600)
        // A second keygen never overwrites a key.
        let again = run(["keygen", "--out", p + "/ci"])
        #expect(again.0 == 2)
        #expect(try String(contentsOfFile: p + "/ci.key", encoding: .utf8) == privateKey)

        let build = run(["build", p + "/set.promo", "--sign", p + "/ci.key", "-o", p + "/set.bundle"])
        #expect(build.0 == 0)
        let publicKey = try String(contentsOfFile: p + "/ci.pub", encoding: .utf8).split(separator: " ")[1]
        #expect(build.1.standardError.contains("signed by promo-ed25519-public \(publicKey.trimmingCharacters(in: .whitespacesAndNewlines))"))

        let good = run(["eval", p + "/set.bundle", p + "/receipt.json", "--trusted-key", p + "/ci.pub", "--json"])
        #expect(good.0 == 0)
        #expect(good.1.standardOutput.contains("\"discount\": \"20.00\""))

        // One byte of the payload changed: refused before anything runs.
        var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: p + "/set.bundle")))
        bytes[60] ^= 0xFF
        try Data(bytes).write(to: URL(fileURLWithPath: p + "/tampered.bundle"))
        let bad = run(["eval", p + "/tampered.bundle", p + "/receipt.json", "--trusted-key", p + "/ci.pub"])
        #expect(bad.0 == 1)
        #expect(bad.1.standardError.contains("signature does not match the trusted key"))
        #expect(bad.1.standardOutput.isEmpty)

        // The private key is not a trusted key, and a build with a public key signs nothing.
        #expect(run(["eval", p + "/set.bundle", p + "/receipt.json", "--trusted-key", p + "/ci.key"]).0 == 2)
        let wrong = run(["build", p + "/set.promo", "--sign", p + "/ci.pub", "-o", p + "/other.bundle"])
        #expect(wrong.0 == 2)
        #expect(wrong.1.standardError.contains("is not a private key file (it is a public key)"))
        #expect(!FileManager.default.fileExists(atPath: p + "/other.bundle"))
    }
}
