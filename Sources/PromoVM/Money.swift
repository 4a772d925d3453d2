import PromoJSON

/// Fixed-point integers as decimal text, both ways: money in minor units (`123450` is
/// `"1234.50"` with 2 decimals), quantities in thousandths (`350` is `"0.35"`), percents in
/// millionths of the whole (`125000` is `"12.5"`).
public enum FixedPoint {
    /// Decimals of a quantity: thousandths.
    public static let quantityDecimals = 3
    /// Decimals of a percent written in percent units: `12.3456` (millionths of the whole).
    public static let percentDecimals = 4

    /// Every decimal written: `format(123450, decimals: 2)` is `"1234.50"`, `-5` is `"-0.05"`,
    /// and with 0 decimals there is no point.
    public static func format(_ value: Int64, decimals: Int) -> String {
        let decimals = min(max(decimals, 0), 18)
        let digits = String(value.magnitude)
        var out = value < 0 ? "-" : ""
        if decimals == 0 { return out + digits }
        let padded = digits.count <= decimals ? String(repeating: "0", count: decimals - digits.count + 1) + digits : digits
        let point = padded.index(padded.endIndex, offsetBy: -decimals)
        out += padded[..<point]
        out += "."
        out += padded[point...]
        return out
    }

    /// Without trailing zeros after the point, nor the point when nothing follows it:
    /// `formatTrimmed(6000, decimals: 3)` is `"6"`, `350` is `"0.35"`.
    public static func formatTrimmed(_ value: Int64, decimals: Int) -> String {
        var text = format(value, decimals: decimals)
        guard text.contains(".") else { return text }
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }

    /// Money in minor units with the currency's decimals: `"1234.50"`.
    public static func money(_ minor: Int64, decimals: Int) -> String { format(minor, decimals: decimals) }

    /// A quantity in thousandths: `"6"`, `"0.35"`.
    public static func quantity(_ thousandths: Int64) -> String { formatTrimmed(thousandths, decimals: quantityDecimals) }

    /// A percent in millionths of the whole, in percent units: `"12.5"` for 125000.
    public static func percent(_ millionths: Int64) -> String { formatTrimmed(millionths, decimals: percentDecimals) }

    /// The inverse of ``format(_:decimals:)``: decimal text `-?(0|[1-9][0-9]*)(\.[0-9]+)?` in
    /// units of `10^-decimals`. At most `decimals` digits after the point (trailing zeros
    /// count: `"1.500"` has 3); no exponent, sign `+`, spaces or leading zeros.
    public static func parse(_ text: String, decimals: Int) throws(JSONNumber.ScaleProblem) -> Int64 {
        try JSONNumber.scaled(text, decimals: decimals, exponent: false)
    }
}
