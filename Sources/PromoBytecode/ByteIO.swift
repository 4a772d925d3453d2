/// Appends little-endian values to a byte buffer.
struct ByteWriter {
    var bytes: [UInt8] = []

    mutating func u8(_ v: UInt8) { bytes.append(v) }
    mutating func bool(_ v: Bool) { bytes.append(v ? 1 : 0) }
    mutating func u16(_ v: UInt16) { withUnsafeBytes(of: v.littleEndian) { bytes.append(contentsOf: $0) } }
    mutating func u32(_ v: UInt32) { withUnsafeBytes(of: v.littleEndian) { bytes.append(contentsOf: $0) } }
    mutating func i32(_ v: Int32) { u32(UInt32(bitPattern: v)) }
    mutating func u64(_ v: UInt64) { withUnsafeBytes(of: v.littleEndian) { bytes.append(contentsOf: $0) } }
    mutating func i64(_ v: Int64) { u64(UInt64(bitPattern: v)) }
    mutating func count(_ n: Int) { u32(UInt32(n)) }

    mutating func string(_ s: String) {
        let utf8 = Array(s.utf8)
        count(utf8.count)
        bytes.append(contentsOf: utf8)
    }

    mutating func list<T>(_ items: [T], _ write: (inout ByteWriter, T) -> Void) {
        count(items.count)
        for item in items { write(&self, item) }
    }
}

/// Reads little-endian values, refusing to read past the end. It reads the bytes in place: it
/// must not outlive the buffer it was made with (see ``BundleFormat/decode(_:)``).
struct ByteReader {
    let bytes: UnsafeBufferPointer<UInt8>
    var position: Int
    let end: Int
    /// The section being read, for error messages.
    var section: String

    init(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int = 0, to end: Int? = nil, section: String) {
        self.bytes = bytes
        self.position = start
        self.end = end ?? bytes.count
        self.section = section
    }

    var remaining: Int { end - position }

    /// Steps over `n` bytes, giving where they start.
    @inline(__always)
    mutating func take(_ n: Int) throws(BundleError) -> Int {
        guard n >= 0, n <= remaining else { throw .truncated(section: section, offset: position) }
        defer { position += n }
        return position
    }

    @inline(__always)
    mutating func u8() throws(BundleError) -> UInt8 { bytes[try take(1)] }

    mutating func bool() throws(BundleError) -> Bool {
        let v = try u8()
        guard v <= 1 else { throw .malformed(section: section, detail: "a flag holds \(v) at offset \(position - 1)") }
        return v == 1
    }

    @inline(__always)
    private mutating func little<T: FixedWidthInteger>(_: T.Type) throws(BundleError) -> T {
        let start = try take(MemoryLayout<T>.size)
        return T(littleEndian: UnsafeRawPointer(bytes.baseAddress!).loadUnaligned(fromByteOffset: start, as: T.self))
    }

    mutating func u16() throws(BundleError) -> UInt16 { try little(UInt16.self) }
    mutating func u32() throws(BundleError) -> UInt32 { try little(UInt32.self) }
    mutating func i32() throws(BundleError) -> Int32 { Int32(bitPattern: try u32()) }
    mutating func u64() throws(BundleError) -> UInt64 { try little(UInt64.self) }
    mutating func i64() throws(BundleError) -> Int64 { Int64(bitPattern: try u64()) }

    /// A count of items, each at least `minimumSize` bytes: a count the remaining bytes cannot
    /// hold is refused before anything is allocated.
    mutating func count(minimumSize: Int = 1) throws(BundleError) -> Int {
        let n = Int(try u32())
        guard n <= remaining / max(1, minimumSize) else {
            throw .malformed(section: section, detail: "a count of \(n) does not fit in the \(remaining) bytes left")
        }
        return n
    }

    mutating func string() throws(BundleError) -> String {
        let n = try count()
        let start = try take(n)
        let utf8 = UnsafeBufferPointer(rebasing: bytes[start..<start + n])
        // Decoding repairs invalid UTF-8 (each bad sequence becomes U+FFFD), which changes the
        // bytes: the text is valid exactly when its bytes come back unchanged. (This is the
        // check `String(validating:as:)` makes, without its generic, unspecialized path.)
        var s = String(decoding: utf8, as: UTF8.self)
        guard s.withUTF8({ ByteReader.same($0, utf8) }) else {
            throw .malformed(section: section, detail: "a string is not valid UTF-8 at offset \(position - n)")
        }
        return s
    }

    /// Whether two byte buffers hold the same bytes (compared eight at a time).
    static func same(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
        let n = a.count
        guard n == b.count else { return false }
        guard n > 0, let pa = a.baseAddress, let pb = b.baseAddress else { return true }
        let ra = UnsafeRawPointer(pa), rb = UnsafeRawPointer(pb)
        var i = 0
        while i + 8 <= n {
            if ra.loadUnaligned(fromByteOffset: i, as: UInt64.self) != rb.loadUnaligned(fromByteOffset: i, as: UInt64.self) { return false }
            i += 8
        }
        while i < n {
            if pa[i] != pb[i] { return false }
            i += 1
        }
        return true
    }

    @inline(__always)
    mutating func list<T>(minimumSize: Int = 1, _ read: (inout ByteReader) throws(BundleError) -> T) throws(BundleError) -> [T] {
        let n = try count(minimumSize: minimumSize)
        var items: [T] = []
        items.reserveCapacity(n)
        for _ in 0..<n { items.append(try read(&self)) }
        return items
    }

    mutating func enumeration<T: RawRepresentable>(_: T.Type, _ what: String) throws(BundleError) -> T where T.RawValue == UInt8 {
        let raw = try u8()
        guard let value = T(rawValue: raw) else {
            throw .malformed(section: section, detail: "unknown \(what) \(raw) at offset \(position - 1)")
        }
        return value
    }
}
