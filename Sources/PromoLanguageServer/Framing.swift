import PromoJSON

/// The base protocol's framing of JSON-RPC messages: a header of `Name: value` lines ended by
/// an empty line (`\r\n\r\n`), whose `Content-Length` gives the length in bytes of the JSON body
/// that follows.
public enum MessageFraming {
    /// The largest body accepted: a message claiming more is refused rather than buffered.
    public static let maxBodyLength = 64 << 20
    /// The largest header accepted.
    public static let maxHeaderLength = 8 << 10

    /// A message with its header, ready to write.
    public static func encode(_ message: JSONValue) -> [UInt8] {
        let body = Array(message.serialized().utf8)
        return Array("Content-Length: \(body.count)\r\n\r\n".utf8) + body
    }

    /// A header that cannot be read. The stream cannot be resynchronised after it.
    public struct HeaderError: Error, Sendable, Hashable, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }

    /// Collects bytes as they arrive and cuts them into message bodies.
    public struct Reader: Sendable {
        private var buffer: [UInt8] = []
        /// Where the unread part of `buffer` starts.
        private var start = 0

        public init() {}

        /// Adds bytes read from the stream.
        public mutating func append<S: Sequence>(_ bytes: S) where S.Element == UInt8 {
            if start > 0 && start == buffer.count {
                buffer.removeAll(keepingCapacity: true)
                start = 0
            }
            buffer.append(contentsOf: bytes)
        }

        /// The body of the next complete message, or nil when more bytes are needed.
        public mutating func next() throws(HeaderError) -> [UInt8]? {
            guard let headerEnd = findHeaderEnd() else {
                if buffer.count - start > MessageFraming.maxHeaderLength {
                    throw HeaderError(message: "message header longer than \(MessageFraming.maxHeaderLength) bytes")
                }
                return nil
            }
            let header = String(decoding: buffer[start..<headerEnd], as: UTF8.self)
            var length: Int?
            for line in header.split(separator: "\r\n", omittingEmptySubsequences: true) {
                guard let colon = line.firstIndex(of: ":") else {
                    throw HeaderError(message: "malformed header line `\(line)`")
                }
                let name = line[..<colon].trimmingSpaces.lowercased()
                let value = line[line.index(after: colon)...].trimmingSpaces
                if name == "content-length" {
                    guard let n = Int(value), n >= 0 else {
                        throw HeaderError(message: "invalid Content-Length `\(value)`")
                    }
                    guard n <= MessageFraming.maxBodyLength else {
                        throw HeaderError(message: "message of \(n) bytes is larger than \(MessageFraming.maxBodyLength)")
                    }
                    length = n
                }
            }
            guard let length else { throw HeaderError(message: "message header without Content-Length") }
            let bodyStart = headerEnd + 4
            guard buffer.count - bodyStart >= length else { return nil }
            let body = Array(buffer[bodyStart..<(bodyStart + length)])
            start = bodyStart + length
            if start > 1 << 16 {
                buffer.removeFirst(start)
                start = 0
            }
            return body
        }

        /// The offset of the `\r\n\r\n` that ends the header, if it has arrived.
        private func findHeaderEnd() -> Int? {
            var i = start
            while i + 3 < buffer.count {
                if buffer[i] == 13 && buffer[i + 1] == 10 && buffer[i + 2] == 13 && buffer[i + 3] == 10 { return i }
                i += 1
            }
            return nil
        }
    }
}

private extension Substring {
    var trimmingSpaces: String {
        var s = self
        while let first = s.first, first == " " || first == "\t" { s.removeFirst() }
        while let last = s.last, last == " " || last == "\t" { s.removeLast() }
        return String(s)
    }
}
