/// The text form of signing keys, as `promo keygen` writes them and tills read them: one line,
/// the key's kind and the raw 32-byte key in base64 (RFC 4648, with padding).
///
///     promo-ed25519-private 9fD0…=
///     promo-ed25519-public kE3r…=
public enum KeyText {
    public static let privateKind = "promo-ed25519-private"
    public static let publicKind = "promo-ed25519-public"

    /// The key file's line.
    public static func encode(kind: String, key: [UInt8]) -> String {
        kind + " " + base64(key) + "\n"
    }

    /// The key of a key file of `kind`, or nil when the text is not one (another kind, not
    /// base64, not 32 bytes, more than two words).
    public static func decode(_ text: [UInt8], kind: String) -> [UInt8]? {
        let words = text.split(whereSeparator: { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D })
        guard words.count == 2, Array(words[0]) == Array(kind.utf8),
              let key = unbase64(Array(words[1])), key.count == BundleSignature.keySize else { return nil }
        return key
    }

    /// The first word of a key file: its kind, whatever it is (for saying what a wrong file is).
    public static func kind(of text: [UInt8]) -> String? {
        text.split(whereSeparator: { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }).first
            .map { String(decoding: $0, as: UTF8.self) }
    }

    static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    public static func base64(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        var i = 0
        while i < bytes.count {
            let n = min(3, bytes.count - i)
            var group = UInt32(bytes[i]) << 16
            if n > 1 { group |= UInt32(bytes[i + 1]) << 8 }
            if n > 2 { group |= UInt32(bytes[i + 2]) }
            for k in 0..<4 {
                out.append(k <= n ? alphabet[Int(group >> UInt32(18 - 6 * k)) & 63] : UInt8(ascii: "="))
            }
            i += 3
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Strict base64: length a multiple of 4, padding only at the end, unused bits zero.
    public static func unbase64(_ text: [UInt8]) -> [UInt8]? {
        guard text.count % 4 == 0 else { return nil }
        var out: [UInt8] = []
        var i = 0
        while i < text.count {
            var group: UInt32 = 0
            var padding = 0
            for k in 0..<4 {
                let c = text[i + k]
                let value: UInt32
                switch c {
                case UInt8(ascii: "A")...UInt8(ascii: "Z"): value = UInt32(c - UInt8(ascii: "A"))
                case UInt8(ascii: "a")...UInt8(ascii: "z"): value = UInt32(c - UInt8(ascii: "a")) + 26
                case UInt8(ascii: "0")...UInt8(ascii: "9"): value = UInt32(c - UInt8(ascii: "0")) + 52
                case UInt8(ascii: "+"): value = 62
                case UInt8(ascii: "/"): value = 63
                case UInt8(ascii: "=") where i + 4 == text.count && k >= 2: padding += 1; value = 0
                default: return nil
                }
                if padding > 0 && c != UInt8(ascii: "=") { return nil }
                group = group << 6 | value
            }
            let bytes = [UInt8(group >> 16 & 0xFF), UInt8(group >> 8 & 0xFF), UInt8(group & 0xFF)]
            if padding == 2 && bytes[1] != 0 || padding == 1 && bytes[2] != 0 { return nil }
            out += bytes[..<(3 - padding)]
            i += 4
        }
        return out
    }
}

extension KeyText {
    /// What is wrong with a text that is not a key file of `kind`, to follow the file's name:
    /// "is not a public key file (it is a private key): expected one line `promo-ed25519-public BASE64`".
    public static func problem(_ text: [UInt8], kind: String) -> String {
        let other = kind == privateKind ? publicKind : privateKind
        let hint = self.kind(of: text) == other ? " (it is a \(other == publicKind ? "public" : "private") key)" : ""
        return "is not a \(kind == privateKind ? "private" : "public") key file\(hint): expected one line `\(kind) BASE64`"
    }
}
