/// The properties every result must have, whatever the promos: checked by the test suite on
/// every evaluation it makes.
public enum Invariants {
    /// Every property the result breaks, in words; empty when it is sound.
    public static func violations(of result: EvaluationResult, receipt: Receipt) -> [String] {
        var found: [String] = []
        var lineDiscounts: Int64 = 0
        for (i, line) in result.lines.enumerated() {
            let discounts = result.discounts(ofLine: i)
            let sum = discounts.reduce(0) { $0 + $1.amount }
            if sum != line.originalAmount - line.finalAmount {
                found.append("line \(i + 1): its discounts add up to \(sum), not to original minus final \(line.originalAmount - line.finalAmount)")
            }
            if line.finalAmount < 0 { found.append("line \(i + 1): negative final amount \(line.finalAmount)") }
            if discounts.contains(where: { $0.amount <= 0 }) { found.append("line \(i + 1): a discount that is not positive") }
            if i < receipt.lines.count, receipt.lines[i].excise, let minimum = receipt.lines[i].minPrice {
                let floor = min(line.originalAmount, Exact.amount(price: minimum, quantity: receipt.lines[i].quantity))
                if line.finalAmount < floor {
                    found.append("line \(i + 1): final amount \(line.finalAmount) below its legal minimum \(floor)")
                }
            }
            lineDiscounts += sum
        }
        if lineDiscounts != result.discountTotal {
            found.append("line discounts add up to \(lineDiscounts), the receipt's discount is \(result.discountTotal)")
        }
        if result.originalTotal != result.lines.reduce(0, { $0 + $1.originalAmount }) {
            found.append("the original total is not the sum of the lines")
        }
        if result.finalTotal < 0 { found.append("negative final total") }
        if result.redeemable < 0 || result.redeemable > max(0, result.finalTotal) {
            found.append("redeemable \(result.redeemable) is outside 0 ... the final total \(result.finalTotal)")
        }
        if result.redeemed > result.redeemable { found.append("redeemed more than redeemable") }
        if result.accruals.contains(where: { $0.points <= 0 }) { found.append("an accrual that is not positive") }
        return found
    }
}
