@testable import PromoVM
import Testing

/// Which restriction a clamp names must not depend on the order the restrictions were declared
/// in (nor so on the order of the files): of two giving a line the same floor, or the receipt
/// the same allowance, the one whose name comes first.
@Suite struct ClampSourceTests {
    /// The clamps of one evaluation, by the name of the restriction each names.
    func clampNames(_ source: String, _ lines: [Line]) throws -> [String: Int64] {
        let bundle = try #require(compileBundle(source))
        var e = Evaluator(bundle: bundle)
        let result = try e.evaluate(receipt(lines))
        var names: [String: Int64] = [:]
        for c in result.lineClamps { names[c.restriction.map { bundle.name(ofUnit: $0) } ?? "legal", default: 0] += c.amount }
        return names
    }

    @Test func equalFloorsNameTheRestrictionNamedFirst() throws {
        // 2 × 1.00: both give the line a floor of 2.00 (1.80 × 2 is more than the line itself).
        let a = "restriction floor_a {\n  price >= 1.80 on all\n}\n"
        let b = "restriction floor_b {\n  price >= 1.00 on all\n}\n"
        let promo = "currency RUB\npromo p {\n  priority 1\n  discount 27% on all\n}\n"
        let line = Line(sku: 7001, category: "Gifts", price: 100, quantity: 2_000)
        #expect(try clampNames(promo + a + b, [line]) == ["floor_a": 54])
        #expect(try clampNames(promo + b + a, [line]) == ["floor_a": 54])
    }

    @Test func equalAllowancesNameTheRestrictionNamedFirst() throws {
        let a = "restriction cap_a {\n  discount <= 10% of total\n}\n"
        let b = "restriction cap_b {\n  discount <= 10% of total\n}\n"
        let promo = "currency RUB\npromo p {\n  priority 1\n  discount 50.00 on receipt\n}\n"
        // 10% of 100.00: 10.00 given, 40.00 cut.
        let line = Line(sku: 2001, category: "Drinks/Coffee", price: 10_000)
        #expect(try clampNames(promo + a + b, [line]) == ["cap_a": 4_000])
        #expect(try clampNames(promo + b + a, [line]) == ["cap_a": 4_000])
    }
}
