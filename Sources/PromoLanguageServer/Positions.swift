import Foundation
import PromoDiagnostics
import PromoJSON

/// A position as the protocol counts it: a 0-based line and a 0-based character offset in
/// UTF-16 code units within the line.
public struct LSPPosition: Hashable, Sendable {
    public var line: Int
    public var character: Int

    public init(line: Int, character: Int) {
        self.line = line
        self.character = character
    }

    /// The position of byte `offset` of `file`.
    public init(offset: Int32, in file: SourceFile) {
        let offset = Int(min(max(0, offset), Int32(file.bytes.count)))
        let line = file.lineIndex(of: Int32(offset))
        var i = Int(file.lineStarts[line])
        var character = 0
        while i < offset {
            let length = LSPPosition.scalarLength(file.bytes[i])
            // Scalars outside the Basic Multilingual Plane take two UTF-16 units.
            character += length == 4 ? 2 : 1
            i += length
        }
        self.init(line: line, character: character)
    }

    /// The byte offset of this position in `file`, clamped to its line (a character past the end
    /// of the line is the end of the line) and to the file.
    public func offset(in file: SourceFile) -> Int32 {
        guard line >= 0 else { return 0 }
        guard line < file.lineCount else { return Int32(file.bytes.count) }
        var i = Int(file.lineStarts[line])
        var end = line + 1 < file.lineCount ? Int(file.lineStarts[line + 1]) - 1 : file.bytes.count
        if end > i, end - 1 < file.bytes.count, file.bytes[end - 1] == 13 { end -= 1 }
        var units = 0
        while i < end, units < character {
            let length = LSPPosition.scalarLength(file.bytes[i])
            units += length == 4 ? 2 : 1
            i += length
        }
        return Int32(min(i, end))
    }

    var json: JSONValue { .object([("line", .int(line)), ("character", .int(character))]) }

    /// The length of the UTF-8 sequence a byte starts (1 for a stray continuation byte).
    static func scalarLength(_ byte: UInt8) -> Int {
        switch byte {
        case 0xF0...: 4
        case 0xE0...: 3
        case 0xC0...: 2
        default: 1
        }
    }
}

/// A span as a protocol range.
func rangeJSON(_ span: Span, in file: SourceFile) -> JSONValue {
    .object([
        ("start", LSPPosition(offset: span.start, in: file).json),
        ("end", LSPPosition(offset: span.end, in: file).json),
    ])
}

/// `file:` URIs and the paths they name.
public enum DocumentURI {
    /// The path of a `file:` URI, percent-decoded; nil for other schemes.
    public static func path(of uri: String) -> String? {
        guard uri.hasPrefix("file://") else { return nil }
        var rest = Substring(uri.dropFirst("file://".count))
        // `file://host/path`: only the local host is meaningful here.
        if !rest.hasPrefix("/") {
            guard let slash = rest.firstIndex(of: "/") else { return nil }
            rest = rest[slash...]
        }
        return percentDecoded(rest)
    }

    /// The `file:` URI of an absolute path.
    public static func uri(of path: String) -> String {
        var out = "file://"
        for byte in path.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: "/"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = String(byte, radix: 16, uppercase: true)
                out += "%" + (hex.count == 1 ? "0" : "") + hex
            }
        }
        return out
    }

    private static func percentDecoded(_ text: Substring) -> String {
        var bytes: [UInt8] = []
        let utf8 = Array(text.utf8)
        var i = 0
        while i < utf8.count {
            if utf8[i] == UInt8(ascii: "%"), i + 2 < utf8.count,
               let value = UInt8(String(decoding: utf8[(i + 1)...(i + 2)], as: UTF8.self), radix: 16) {
                bytes.append(value)
                i += 3
            } else {
                bytes.append(utf8[i])
                i += 1
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
