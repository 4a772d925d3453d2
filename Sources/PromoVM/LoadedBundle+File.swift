#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import PromoBytecode

extension LoadedBundle {
    /// The largest bundle file read: far above any real promo set.
    public static let maxFileSize = 256 << 20

    /// Reads, checks and prepares the bundle in a file; see ``init(bytes:trustedKey:)``.
    public convenience init(path: String, trustedKey: [UInt8]? = nil) throws(BundleError) {
        try self.init(bytes: LoadedBundle.read(path), trustedKey: trustedKey)
    }

    /// The bytes of a file, or ``BundleError/unreadable(path:reason:)`` with the reason.
    public static func read(_ path: String) throws(BundleError) -> [UInt8] {
        guard let file = fopen(path, "rb") else {
            throw .unreadable(path: path, reason: String(cString: strerror(errno)))
        }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, file) }
            if n > 0 { bytes.append(contentsOf: chunk[..<n]) }
            if bytes.count > maxFileSize {
                throw .unreadable(path: path, reason: "larger than \(maxFileSize >> 20) MiB, not a bundle")
            }
            if n < chunk.count {
                if ferror(file) != 0 { throw .unreadable(path: path, reason: String(cString: strerror(errno))) }
                return bytes
            }
        }
    }
}
