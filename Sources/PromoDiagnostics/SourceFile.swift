/// Identifies a source file within a ``SourceMap``.
public struct FileID: Hashable, Sendable, Comparable {
    public let raw: Int32
    public init(_ raw: Int32) { self.raw = raw }
    public static func < (a: FileID, b: FileID) -> Bool { a.raw < b.raw }
}

/// A half-open byte range `start..<end` in one source file.
public struct Span: Hashable, Sendable, CustomStringConvertible {
    public var file: FileID
    public var start: Int32
    public var end: Int32

    public init(file: FileID, start: Int32, end: Int32) {
        self.file = file
        self.start = start
        self.end = max(start, end)
    }

    /// The smallest span covering both (both must be in the same file).
    public func to(_ other: Span) -> Span {
        Span(file: file, start: min(start, other.start), end: max(end, other.end))
    }

    /// An empty span at this span's end: where something missing was expected.
    public var endPoint: Span { Span(file: file, start: end, end: end) }

    public var isEmpty: Bool { start == end }
    public var length: Int { Int(end - start) }

    public var description: String { "\(file.raw):\(start)..<\(end)" }
}

/// A 1-based line and column; the column counts characters (Unicode scalars), not bytes.
public struct SourceLocation: Hashable, Sendable, Comparable {
    public var line: Int
    public var column: Int
    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }
    public static func < (a: SourceLocation, b: SourceLocation) -> Bool {
        (a.line, a.column) < (b.line, b.column)
    }
}

/// One source file: its path as shown to users, its text and a table of line starts.
public final class SourceFile: Sendable {
    public let id: FileID
    public let path: String
    public let text: String
    /// The UTF-8 bytes of `text`.
    public let bytes: [UInt8]
    /// Byte offset at which each line starts; the first is 0.
    public let lineStarts: [Int32]

    public init(id: FileID, path: String, text: String) {
        self.id = id
        self.path = path
        self.text = text
        let bytes = Array(text.utf8)
        self.bytes = bytes
        var starts: [Int32] = [0]
        for (i, b) in bytes.enumerated() where b == UInt8(ascii: "\n") {
            starts.append(Int32(i + 1))
        }
        self.lineStarts = starts
    }

    public var lineCount: Int { lineStarts.count }

    /// The 0-based index of the line holding byte `offset`.
    public func lineIndex(of offset: Int32) -> Int {
        var low = 0, high = lineStarts.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if lineStarts[mid] <= offset { low = mid } else { high = mid - 1 }
        }
        return low
    }

    /// Line and column of byte `offset` (clamped to the file).
    public func location(of offset: Int32) -> SourceLocation {
        let offset = min(max(0, offset), Int32(bytes.count))
        let line = lineIndex(of: offset)
        let start = Int(lineStarts[line])
        var column = 1
        var i = start
        while i < Int(offset) {
            // Count scalars: skip UTF-8 continuation bytes.
            if bytes[i] & 0xC0 != 0x80 { column += 1 }
            i += 1
        }
        // An offset in the middle of a scalar belongs to that scalar.
        if Int(offset) < bytes.count, bytes[Int(offset)] & 0xC0 == 0x80 { column -= 1 }
        return SourceLocation(line: line + 1, column: column)
    }

    /// The text of the 0-based line `index`, without its line break.
    public func lineText(_ index: Int) -> String {
        guard index >= 0, index < lineStarts.count else { return "" }
        let start = Int(lineStarts[index])
        var end = index + 1 < lineStarts.count ? Int(lineStarts[index + 1]) : bytes.count
        while end > start, bytes[end - 1] == UInt8(ascii: "\n") || bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }

    /// The source text a span covers.
    public func text(of span: Span) -> String {
        let start = Int(min(max(0, span.start), Int32(bytes.count)))
        let end = Int(min(max(span.start, span.end), Int32(bytes.count)))
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }
}

/// All source files of one compilation, addressed by ``FileID``.
public struct SourceMap: Sendable {
    public private(set) var files: [SourceFile] = []

    public init() {}

    /// Adds a file and returns it.
    @discardableResult
    public mutating func add(path: String, text: String) -> SourceFile {
        let file = SourceFile(id: FileID(Int32(files.count)), path: path, text: text)
        files.append(file)
        return file
    }

    public subscript(id: FileID) -> SourceFile { files[Int(id.raw)] }

    public func location(of span: Span) -> (file: SourceFile, start: SourceLocation, end: SourceLocation) {
        let file = self[span.file]
        return (file, file.location(of: span.start), file.location(of: span.end))
    }
}
