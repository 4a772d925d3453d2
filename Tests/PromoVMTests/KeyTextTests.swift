import Foundation
import PromoBytecode
import Testing

/// The key files `promo keygen` writes and tills read: kind and base64, read strictly.
@Suite struct KeyTextTests {
    @Test func keysGoToTextAndBackAsFoundationWritesBase64() {
        for seed in 0..<20 {
            let key = (0..<32).map { UInt8(truncatingIfNeeded: $0 * 37 + seed * 11) }
            let text = KeyText.encode(kind: KeyText.publicKind, key: key)
            #expect(text == "promo-ed25519-public " + Data(key).base64EncodedString() + "\n")
            #expect(KeyText.decode(Array(text.utf8), kind: KeyText.publicKind) == key)
            #expect(KeyText.decode(Array(text.utf8), kind: KeyText.privateKind) == nil)
        }
        #expect(KeyText.base64(Array("foobar".utf8)) == "Zm9vYmFy")
        #expect(KeyText.base64(Array("fooba".utf8)) == "Zm9vYmE=")
        #expect(KeyText.base64(Array("foob".utf8)) == "Zm9vYg==")
        #expect(KeyText.unbase64(Array("Zm9vYg==".utf8)) == Array("foob".utf8))
    }

    @Test func anythingElseIsNotAKey() {
        let key = [UInt8](repeating: 7, count: 32)
        let good = Data(key).base64EncodedString()
        func decode(_ text: String) -> [UInt8]? { KeyText.decode(Array(text.utf8), kind: KeyText.publicKind) }
        #expect(decode("promo-ed25519-public \(good)") == key)
        #expect(decode("promo-ed25519-public \(good.dropLast())") == nil)             // not a multiple of 4
        #expect(decode("promo-ed25519-public \(good.dropLast(4))") == nil)            // 30 bytes
        #expect(decode("promo-ed25519-public \(good) extra") == nil)
        #expect(decode("promo-ed25519-public " + good.replacingOccurrences(of: "B", with: "-")) == nil)
        #expect(decode("promo-ed25519-public") == nil)
        #expect(KeyText.unbase64(Array("Zm9vYh==".utf8)) == nil)                         // bits after the last byte
        #expect(KeyText.unbase64(Array("Zm=vYg==".utf8)) == nil)                         // padding inside
        #expect(KeyText.problem(Array("promo-ed25519-private \(good)".utf8), kind: KeyText.publicKind)
            == "is not a public key file (it is a private key): expected one line `promo-ed25519-public BASE64`")
    }
}
