import PromoBytecode
import PromoSemantics
import PromoSyntax
import PromoVM

/// Compares one expectation of a test with the result.
public struct Expectations {
    let result: EvaluationResult
    let receipt: Receipt
    let bundle: LoadedBundle
    let program: Program

    public init(result: EvaluationResult, receipt: Receipt, bundle: LoadedBundle, program: Program) {
        self.result = result
        self.receipt = receipt
        self.bundle = bundle
        self.program = program
    }

    var decimals: Int { bundle.currencyDecimals }

    func money(_ minor: Int64) -> String { FixedPoint.format(minor, decimals: decimals) }

    func unit(_ name: String) -> Int? { bundle.unit(named: name) }

    /// What the result gives for the promo, or for everything.
    func discount(by promo: String?) -> Int64 {
        guard let promo else { return result.discountTotal }
        guard let u = unit(promo) else { return 0 }
        return result.lineDiscounts.reduce(0) { $1.unit == u ? $0 + $1.amount : $0 }
    }

    func entry(_ promo: String) -> TraceEntry? {
        guard let u = unit(promo) else { return nil }
        return result.trace.first { $0.unit == u }
    }

    /// Why the promo did not apply, in words.
    func reason(_ promo: String) -> String {
        guard let e = entry(promo) else { return "it had nothing on the receipt to apply to" }
        if e.applied { return "it applied" }
        var text = e.reason?.text ?? "it did not apply"
        if let failed = e.failed, let source = bundle.source(at: failed.pc) {
            text += " (\(source.text))"
        }
        return text
    }

    /// Nil when the expectation holds; otherwise what was expected and what came.
    public func failure(of expectation: Expectation) -> String? {
        switch expectation {
        case .discount(let m, let by):
            let got = discount(by: by)
            return got == m.minor ? nil
                : "expected discount \(money(m.minor))\(by.map { " by \($0)" } ?? ""), got \(money(got))" + (by.map { " (\(reason($0)))" } ?? "")
        case .total(let m):
            return result.finalTotal == m.minor ? nil : "expected total \(money(m.minor)), got \(money(result.finalTotal))"
        case .applied(let promo):
            return entry(promo)?.applied == true ? nil : "expected \(promo) to apply, but \(reason(promo))"
        case .notApplied(let promo, let because):
            if entry(promo)?.applied == true { return "expected \(promo) not to apply, but it applied" }
            if let because {
                let why = reason(promo)
                let code = entry(promo)?.reason?.code ?? ""
                if !why.lowercased().contains(because.lowercased()) && !code.contains(because.lowercased()) {
                    return "expected \(promo) not to apply because of \"\(because)\", but \(why)"
                }
            }
            return nil
        case .lineField(let n, let field, let value, let by):
            guard n >= 1, n <= result.lines.count else { return "there is no line \(n); the receipt has \(result.lines.count)" }
            let line = result.lines[n - 1]
            let got: Int64
            var expected: Int64 = 0
            switch value {
            case .money(let m): expected = m.minor
            case .quantity(let q): expected = q.milli
            default: break
            }
            switch field {
            case "price":
                let q = receipt.lines[n - 1].quantity
                got = receipt.lines[n - 1].weighed || q < 1000 ? line.finalAmount : (line.finalAmount * 1000 + q / 2) / q
            case "discount":
                let u = by.flatMap(unit)
                got = by == nil ? line.discountTotal : result.discounts(ofLine: n - 1).reduce(0) { $1.unit == u ? $0 + $1.amount : $0 }
            case "qty": got = receipt.lines[n - 1].quantity
            default: got = line.finalAmount
            }
            let shown = field == "qty" ? (FixedPoint.format(expected, decimals: 3), FixedPoint.format(got, decimals: 3))
                : (money(expected), money(got))
            return got == expected ? nil : "expected line \(n) \(field) \(shown.0), got \(shown.1)"
        case .accrued(let points, let currency, let by, let activates, let expires):
            let u = by.flatMap(unit)
            let accruals = result.accruals.filter { $0.chips == (currency == .chips) && (by == nil || $0.unit == u) }
            let got = accruals.reduce(0) { $0 + $1.points }
            let shown = currency == .chips ? (String(points), String(got)) : (money(points), money(got))
            let what = currency == .chips ? "chips" : "bonus"
            guard got == points else {
                return "expected \(shown.0) \(what) accrued\(by.map { " by \($0)" } ?? ""), got \(shown.1)" + (by.map { " (\(reason($0)))" } ?? "")
            }
            if let activates, let wrong = accruals.first(where: { $0.activates != LocalDate(activates) }) {
                return "expected the \(what) to activate on \(LocalDate(activates)), got \(wrong.activates)"
            }
            if let expires, let wrong = accruals.first(where: { $0.expires != LocalDate(expires) }) {
                return "expected the \(what) to expire on \(LocalDate(expires)), got " + (wrong.expires.map { "\($0)" } ?? "no expiry")
            }
            return nil
        case .spent(let chips, let by):
            let u = by.flatMap(unit)
            let got = result.chipsSpent.reduce(0) { by == nil || $1.unit == u ? $0 + $1.chips : $0 }
            return got == chips ? nil : "expected \(chips) chips spent\(by.map { " by \($0)" } ?? ""), got \(got)"
        case .redeemable(let m):
            return result.redeemable == m.minor ? nil : "expected redeemable \(money(m.minor)), got \(money(result.redeemable))"
        case .coupon(let code, let value, let until):
            guard let coupon = result.couponsIssued.first(where: { $0.code == code }) else {
                return "expected coupon \"\(code)\" to be issued, got " + (result.couponsIssued.isEmpty ? "none" : result.couponsIssued.map { "\"\($0.code)\"" }.joined(separator: ", "))
            }
            let issued = coupon.isPercent ? percent(coupon.value) : money(coupon.value)
            switch value {
            case .percent(let p)? where !coupon.isPercent || coupon.value != p.millionths:
                return "expected coupon \"\(code)\" for \(percent(p.millionths)), got \(issued)"
            case .money(let m)? where coupon.isPercent || coupon.value != m.minor:
                return "expected coupon \"\(code)\" for \(money(m.minor)), got \(issued)"
            default: break
            }
            if let until, coupon.validUntil != LocalDate(until) {
                return "expected coupon \"\(code)\" valid until \(LocalDate(until)), got " + (coupon.validUntil.map { "\($0)" } ?? "no end")
            }
            return nil
        case .gift(let items, let count):
            guard case .sku(let sku) = items else { return "a gift is expected by SKU" }
            let given = result.gifts.filter { $0.sku == sku }.reduce(0) { $0 + $1.count }
            if given == 0 || count.map({ $0 != given }) == true {
                return "expected \(count.map { "\($0) of " } ?? "")sku \(sku) as a gift, got " + (result.gifts.isEmpty ? "none" : result.gifts.map { "\($0.count) of sku \($0.sku)" }.joined(separator: ", "))
            }
            return nil
        case .message(let target, let text):
            let code = MessageTargetCode(rawValue: UInt8(MessageTarget.allCases.firstIndex(of: target) ?? 0))
            let messages = result.messages.filter { $0.target == code }
            return messages.contains { $0.text.contains(text) } ? nil
                : "expected a \(target.rawValue) message with \"\(text)\", got " + (messages.isEmpty ? "none" : messages.map { "\"\($0.text)\"" }.joined(separator: ", "))
        case .counter(let name, let op, let q):
            let operation: CounterOperation = op == .add ? .add : op == .subtract ? .subtract : .set
            return result.counterChanges.contains { $0.counter == name && $0.operation == operation && $0.value == q.milli } ? nil
                : "expected counter \(name) \(op.rawValue) \(FixedPoint.format(q.milli, decimals: 3)), got "
                + (result.counterChanges.isEmpty ? "no changes" : result.counterChanges.map {
                    "\($0.counter) \(["+=", "-=", "="][Int($0.operation.rawValue)]) \(FixedPoint.format($0.value, decimals: 3))"
                }.joined(separator: ", "))
        }
    }
}

extension Expectations {
    /// A percent in millionths as a marketer writes it: `10%`, `12.5%`.
    func percent(_ millionths: Int64) -> String { FixedPoint.percent(millionths) + "%" }
}
