import CPromoVM
import PromoBytecode
import PromoVM

// The accessors of promo_result: the evaluator's last result. A NULL result reads as empty; an
// index out of range is PROMO_ERROR_ARGUMENT and leaves `out` as it was.

func evaluated(_ result: OpaquePointer?) -> EvaluatorHandle? { object(result, as: EvaluatorHandle.self) }

func cDate(_ d: LocalDate) -> promo_date { promo_date(year: Int32(d.year), month: Int32(d.month), day: Int32(d.day)) }

/// Fills `out` with entry `index` of one of the result's lists, made by `make`; an index out of
/// range (or a NULL result or `out`) is an argument error and leaves `out` as it was.
func entry<Element, Out>(_ result: OpaquePointer?, _ index: Int, _ out: UnsafeMutablePointer<Out>?,
                         _ list: (EvaluatorHandle) -> [Element], _ make: (EvaluatorHandle, Element) -> Out) -> promo_status {
    guard let e = evaluated(result), let out else { return Status.argument }
    let items = list(e)
    guard items.indices.contains(index) else { return Status.argument }
    out.pointee = make(e, items[index])
    return Status.ok
}

@_cdecl("promo_result_original_total")
public func promoResultOriginalTotal(_ result: OpaquePointer?) -> Int64 { evaluated(result)?.result.originalTotal ?? 0 }

@_cdecl("promo_result_discount_total")
public func promoResultDiscountTotal(_ result: OpaquePointer?) -> Int64 { evaluated(result)?.result.discountTotal ?? 0 }

@_cdecl("promo_result_final_total")
public func promoResultFinalTotal(_ result: OpaquePointer?) -> Int64 { evaluated(result)?.result.finalTotal ?? 0 }

@_cdecl("promo_result_bonus_accrued")
public func promoResultBonusAccrued(_ result: OpaquePointer?) -> Int64 {
    evaluated(result)?.result.accruals.reduce(0) { $1.chips ? $0 : $0 + $1.points } ?? 0
}

@_cdecl("promo_result_chips_accrued")
public func promoResultChipsAccrued(_ result: OpaquePointer?) -> Int64 {
    evaluated(result)?.result.accruals.reduce(0) { $1.chips ? $0 + $1.points : $0 } ?? 0
}

@_cdecl("promo_result_redeemable")
public func promoResultRedeemable(_ result: OpaquePointer?) -> Int64 { evaluated(result)?.result.redeemable ?? 0 }

@_cdecl("promo_result_redeemed")
public func promoResultRedeemed(_ result: OpaquePointer?) -> Int64 { evaluated(result)?.result.redeemed ?? 0 }

@_cdecl("promo_result_line_count")
public func promoResultLineCount(_ result: OpaquePointer?) -> Int { evaluated(result)?.result.lines.count ?? 0 }

@_cdecl("promo_result_line")
public func promoResultLine(_ result: OpaquePointer?, _ index: Int, _ out: UnsafeMutablePointer<promo_line_result>?) -> promo_status {
    entry(result, index, out, { $0.result.lines }) { _, l in
        promo_line_result(sku: l.sku, original_amount: l.originalAmount, final_amount: l.finalAmount,
                          discount: l.discountTotal, discount_count: l.discountRange.count,
                          accrual_allowed: l.accrualAllowed ? 1 : 0, redemption_allowed: l.redemptionAllowed ? 1 : 0)
    }
}

@_cdecl("promo_result_line_discount")
public func promoResultLineDiscount(_ result: OpaquePointer?, _ line: Int, _ index: Int,
                                    _ out: UnsafeMutablePointer<promo_line_discount>?) -> promo_status {
    guard let e = evaluated(result), let out, e.result.lines.indices.contains(line) else { return Status.argument }
    let range = e.result.lines[line].discountRange
    guard index >= 0, index < range.count else { return Status.argument }
    let d = e.result.lineDiscounts[range.lowerBound + index]
    out.pointee = promo_line_discount(promo: e.bundle.name(d.unit), amount: d.amount)
    return Status.ok
}

@_cdecl("promo_result_applied_count")
public func promoResultAppliedCount(_ result: OpaquePointer?) -> Int { evaluated(result)?.applied().count ?? 0 }

@_cdecl("promo_result_applied")
public func promoResultApplied(_ result: OpaquePointer?, _ index: Int, _ out: UnsafeMutablePointer<promo_applied>?) -> promo_status {
    entry(result, index, out, { $0.applied() }) { e, t in promo_applied(promo: e.bundle.name(t.unit), discount: t.discount) }
}

@_cdecl("promo_result_accrual_count")
public func promoResultAccrualCount(_ result: OpaquePointer?) -> Int { evaluated(result)?.result.accruals.count ?? 0 }

@_cdecl("promo_result_accrual")
public func promoResultAccrual(_ result: OpaquePointer?, _ index: Int, _ out: UnsafeMutablePointer<promo_accrual>?) -> promo_status {
    entry(result, index, out, { $0.result.accruals }) { e, a in
        promo_accrual(promo: e.bundle.name(a.unit), chips: a.chips ? 1 : 0, points: a.points,
                      activates: cDate(a.activates), expires_set: a.expires == nil ? 0 : 1,
                      expires: a.expires.map(cDate) ?? promo_date())
    }
}

@_cdecl("promo_result_message_count")
public func promoResultMessageCount(_ result: OpaquePointer?) -> Int { evaluated(result)?.result.messages.count ?? 0 }

nonisolated(unsafe) let targetNames = MessageTargetCode.allCases.map { CStrings.copy(ResultJSON.name(of: $0)) }

@_cdecl("promo_result_message")
public func promoResultMessage(_ result: OpaquePointer?, _ index: Int, _ out: UnsafeMutablePointer<promo_message>?) -> promo_status {
    entry(result, index, out, { $0.result.messages }) { e, m in
        promo_message(promo: e.bundle.name(m.unit), target: UnsafePointer(targetNames[Int(m.target.rawValue)]),
                      text: e.texts.keep(m.text))
    }
}

@_cdecl("promo_result_coupon_count")
public func promoResultCouponCount(_ result: OpaquePointer?) -> Int { evaluated(result)?.result.couponsIssued.count ?? 0 }

@_cdecl("promo_result_coupon")
public func promoResultCoupon(_ result: OpaquePointer?, _ index: Int, _ out: UnsafeMutablePointer<promo_coupon>?) -> promo_status {
    entry(result, index, out, { $0.result.couponsIssued }) { e, c in
        promo_coupon(promo: e.bundle.name(c.unit), code: e.texts.keep(c.code), is_percent: c.isPercent ? 1 : 0,
                     value: c.value, valid_until_set: c.validUntil == nil ? 0 : 1,
                     valid_until: c.validUntil.map(cDate) ?? promo_date())
    }
}

@_cdecl("promo_result_gift_count")
public func promoResultGiftCount(_ result: OpaquePointer?) -> Int { evaluated(result)?.result.gifts.count ?? 0 }

@_cdecl("promo_result_gift")
public func promoResultGift(_ result: OpaquePointer?, _ index: Int, _ out: UnsafeMutablePointer<promo_gift>?) -> promo_status {
    entry(result, index, out, { $0.result.gifts }) { e, g in promo_gift(promo: e.bundle.name(g.unit), sku: g.sku, count: g.count) }
}

@_cdecl("promo_result_json")
public func promoResultJSON(_ result: OpaquePointer?, _ length: UnsafeMutablePointer<Int>?) -> UnsafePointer<CChar>? {
    guard let e = evaluated(result) else {
        length?.pointee = 0
        return nil
    }
    if e.json == nil {
        let text = ResultJSON.encode(e.result, receipt: e.receipt, bundle: e.bundle.bundle).serialized()
        e.json = (e.texts.keep(text), text.utf8.count)
    }
    length?.pointee = e.json!.length
    return e.json!.pointer
}
