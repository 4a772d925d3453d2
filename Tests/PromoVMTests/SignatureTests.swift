import Crypto
import PromoBytecode
import PromoCompiler
import PromoSemantics
import PromoVM
import Testing

/// Signed bundles: a till given the trusted public key runs only the exact bytes CI signed.
@Suite struct SignatureTests {
    static let source = """
        currency RUB

        promo dairy_week {
          priority 10
          discount 20% on category "Food/Dairy"
        }

        """

    static func bundleBytes() throws -> [UInt8] {
        let program = try #require(Frontend.check([SourceInput(path: "s.promo", text: source)]).program)
        return BundleCompiler.bytes(program)
    }

    static let milk = receipt([Line(sku: 1, category: "Food/Dairy/Milk", price: 10_000, quantity: 1000)])

    static func refusal(_ bytes: [UInt8], key: [UInt8]?) -> BundleError? {
        do {
            _ = try LoadedBundle(bytes: bytes, trustedKey: key)
            return nil
        } catch {
            return error
        }
    }

    @Test func aSignedBundleLoadsWithItsKeyAndEvaluatesAsUnsigned() throws {
        let (privateKey, publicKey) = BundleSignature.generateKey()
        let unsigned = try Self.bundleBytes()
        let signed = try BundleSignature.sign(unsigned, privateKey: privateKey)
        #expect(signed.count == unsigned.count + BundleSignature.trailerSize)
        #expect(Array(signed.prefix(unsigned.count)) == unsigned)
        #expect(try BundleSignature.signer(of: signed) == publicKey)
        #expect(try BundleSignature.signer(of: unsigned) == nil)

        let trusted = try LoadedBundle(bytes: signed, trustedKey: publicKey)
        let result = try #require(evaluate(trusted, Self.milk))
        // 20% of 100.00.
        #expect(result.discountTotal == 2_000)
        // Without a key the signature is not asked for, and the bundle runs the same.
        let plain = try LoadedBundle(bytes: signed)
        #expect(evaluate(plain, Self.milk)?.discountTotal == 2_000)
    }

    @Test func anAlteredBundleIsRefused() throws {
        let (privateKey, publicKey) = BundleSignature.generateKey()
        let signed = try BundleSignature.sign(try Self.bundleBytes(), privateKey: privateKey)
        let end = try BundleFormat.payloadEnd(of: signed)
        // The percent in the constants, 20% (200,000 millionths), becomes 90%, and the header's hash
        // is recomputed, as a forger would: the bundle is well formed but not what was signed.
        var forged = signed
        let twenty: [UInt8] = withUnsafeBytes(of: Int64(200_000).littleEndian, Array.init)
        let ninety: [UInt8] = withUnsafeBytes(of: Int64(900_000).littleEndian, Array.init)
        let at = try #require((BundleFormat.headerSize..<end - 8).first { Array(forged[$0..<$0 + 8]) == twenty })
        forged.replaceSubrange(at..<at + 8, with: ninety)
        forged.replaceSubrange(16..<48, with: Array(SHA256.hash(data: forged[BundleFormat.headerSize..<end])))
        // Unchecked, the forgery would run and give 90%.
        #expect(evaluate(try LoadedBundle(bytes: forged), Self.milk)?.discountTotal == 9_000)
        #expect(Self.refusal(forged, key: publicKey) == .badSignature)
        // So is a flipped bit anywhere in the signed bytes, and in the signature itself.
        for offset in [0, 20, end / 2, end - 1, end + 40, signed.count - 1] {
            var flipped = signed
            flipped[offset] ^= 0x01
            #expect(Self.refusal(flipped, key: publicKey) != nil, "byte \(offset)")
        }
        #expect(Self.refusal(signed, key: publicKey) == nil)
    }

    @Test func unsignedOrSignedByAnotherKeyIsRefused() throws {
        let (privateKey, _) = BundleSignature.generateKey()
        let (_, otherPublic) = BundleSignature.generateKey()
        let unsigned = try Self.bundleBytes()
        let signed = try BundleSignature.sign(unsigned, privateKey: privateKey)
        #expect(Self.refusal(unsigned, key: otherPublic) == .unsigned)
        #expect(Self.refusal(signed, key: otherPublic) == .badSignature)
        #expect(Self.refusal(signed, key: [1, 2, 3]) == .badSignature)
        #expect(BundleError.unsigned.description == "the bundle is not signed, but a trusted key was given")
    }

    @Test func signingAgainReplacesTheSignature() throws {
        let (first, _) = BundleSignature.generateKey()
        let (second, secondPublic) = BundleSignature.generateKey()
        let unsigned = try Self.bundleBytes()
        let twice = try BundleSignature.sign(try BundleSignature.sign(unsigned, privateKey: first), privateKey: second)
        #expect(twice.count == unsigned.count + BundleSignature.trailerSize)
        #expect(Self.refusal(twice, key: secondPublic) == nil)
    }

    @Test func bytesAfterThePayloadMustBeASignature() throws {
        let unsigned = try Self.bundleBytes()
        #expect(Self.refusal(unsigned + [0], key: nil) == .malformed(section: "signature", detail: "1 bytes after the payload are not a signature"))
        let garbage = unsigned + Array(repeating: 7, count: BundleSignature.trailerSize)
        #expect(Self.refusal(garbage, key: nil) == .malformed(section: "signature", detail: "100 bytes after the payload are not a signature"))
        #expect(throws: BundleError.self) { try BundleSignature.sign(unsigned, privateKey: [1, 2]) }
    }
}
