/// Why a bundle was refused. Every problem a file can have ends here, never in a crash.
public enum BundleError: Error, Hashable, Sendable, CustomStringConvertible {
    case notABundle
    case unsupportedVersion(found: UInt16, supported: UInt16)
    case truncated(section: String, offset: Int)
    case hashMismatch
    case malformed(section: String, detail: String)
    /// The verifier found an index, register or jump out of place.
    case invalid(unit: String, detail: String)
    case unsigned
    case badSignature
    case unreadable(path: String, reason: String)

    public var description: String {
        switch self {
        case .notABundle:
            "not a promo bundle (it does not start with PROMOBDL)"
        case .unsupportedVersion(let found, let supported):
            "bundle format version \(found) is not supported; this VM reads version \(supported) (rebuild the bundle with a matching `promo build`)"
        case .truncated(let section, let offset):
            "the bundle is truncated: the \(section) section ends early (offset \(offset))"
        case .hashMismatch:
            "the bundle is corrupted: its content does not match its hash"
        case .malformed(let section, let detail):
            "the bundle is malformed in its \(section) section: \(detail)"
        case .invalid(let unit, let detail):
            "the bundle failed verification in \(unit): \(detail)"
        case .unsigned:
            "the bundle is not signed, but a trusted key was given"
        case .badSignature:
            "the bundle's signature does not match the trusted key: it was altered or signed by another key"
        case .unreadable(let path, let reason):
            "cannot read \(path): \(reason)"
        }
    }
}
