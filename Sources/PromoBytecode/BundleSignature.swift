import Crypto

/// Ed25519 signatures of bundles: CI signs the bundle it approved, and a till given the trusted
/// public key runs no other.
///
/// A signed bundle is the bundle's bytes followed by a trailer: `PSIG`, the signer's 32-byte
/// public key and the 64-byte signature of every byte before the trailer (header and payload).
/// An unsigned bundle has no trailer; anything else after the payload is refused.
public enum BundleSignature {
    static let magic: [UInt8] = Array("PSIG".utf8)
    public static let trailerSize = 4 + 32 + 64
    public static let keySize = 32

    /// A new key pair: the raw 32-byte private key (its seed) and public key.
    public static func generateKey() -> (privateKey: [UInt8], publicKey: [UInt8]) {
        let key = Curve25519.Signing.PrivateKey()
        return (Array(key.rawRepresentation), Array(key.publicKey.rawRepresentation))
    }

    /// The public key of a private key, or nil when the bytes are not one.
    public static func publicKey(of privateKey: [UInt8]) -> [UInt8]? {
        guard privateKey.count == keySize, let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: privateKey) else { return nil }
        return Array(key.publicKey.rawRepresentation)
    }

    /// The bundle signed with `privateKey` (a signature it had already is replaced).
    public static func sign(_ bundle: [UInt8], privateKey: [UInt8]) throws(BundleError) -> [UInt8] {
        let end = try BundleFormat.payloadEnd(of: bundle)
        guard privateKey.count == keySize, let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: privateKey),
              let signature = try? key.signature(for: bundle[..<end]) else {
            throw .malformed(section: "signature", detail: "the private key is not a 32-byte Ed25519 key")
        }
        return Array(bundle[..<end]) + magic + Array(key.publicKey.rawRepresentation) + Array(signature)
    }

    /// The signer's public key, or nil for an unsigned bundle; a malformed trailer is refused.
    public static func signer(of bundle: [UInt8]) throws(BundleError) -> [UInt8]? {
        let end = try BundleFormat.payloadEnd(of: bundle)
        return try trailer(bundle, end: end)?.key
    }

    /// Checks that `trustedKey` signed exactly these bytes.
    public static func verify(_ bundle: [UInt8], trustedKey: [UInt8]) throws(BundleError) {
        let end = try BundleFormat.payloadEnd(of: bundle)
        guard let found = try trailer(bundle, end: end) else { throw .unsigned }
        guard trustedKey.count == keySize, found.key == trustedKey,
              let key = try? Curve25519.Signing.PublicKey(rawRepresentation: trustedKey),
              key.isValidSignature(found.signature, for: bundle[..<end]) else { throw .badSignature }
    }

    /// What follows the payload: nothing, or exactly one signature trailer.
    static func trailer(_ bundle: [UInt8], end: Int) throws(BundleError) -> (key: [UInt8], signature: [UInt8])? {
        let rest = bundle.count - end
        if rest == 0 { return nil }
        guard rest == trailerSize, Array(bundle[end..<end + 4]) == magic else {
            throw .malformed(section: "signature", detail: "\(rest) bytes after the payload are not a signature")
        }
        return (Array(bundle[end + 4..<end + 36]), Array(bundle[end + 36..<end + trailerSize]))
    }
}
