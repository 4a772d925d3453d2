import CPromoVM
import PromoBytecode
import PromoJSON
import PromoVM

// The functions of promo_vm.h: bundles, slots, evaluators, errors and versions. Every pointer
// from the caller is checked for NULL; every failure is a status and, when asked for, an error.

public typealias ErrorOut = UnsafeMutablePointer<OpaquePointer?>?

// MARK: - Errors

@_cdecl("promo_error_code")
public func promoErrorCode(_ error: OpaquePointer?) -> promo_status {
    object(error, as: ErrorHandle.self)?.code ?? Status.argument
}

@_cdecl("promo_error_message")
public func promoErrorMessage(_ error: OpaquePointer?) -> UnsafePointer<CChar>? {
    object(error, as: ErrorHandle.self).map { UnsafePointer($0.message) }
}

@_cdecl("promo_error_field")
public func promoErrorField(_ error: OpaquePointer?) -> UnsafePointer<CChar>? {
    object(error, as: ErrorHandle.self).map { UnsafePointer($0.field) }
}

@_cdecl("promo_error_free")
public func promoErrorFree(_ error: OpaquePointer?) {
    release(error, as: ErrorHandle.self)
}

// MARK: - Versions

nonisolated(unsafe) let versionText = CStrings.copy("promo VM, C ABI \(PROMO_VM_ABI_VERSION), bundle format \(BundleFormat.version)")

@_cdecl("promo_abi_version")
public func promoABIVersion() -> UInt32 { UInt32(PROMO_VM_ABI_VERSION) }

@_cdecl("promo_bundle_format_version")
public func promoBundleFormatVersion() -> UInt32 { UInt32(BundleFormat.version) }

@_cdecl("promo_version")
public func promoVersion() -> UnsafePointer<CChar> { UnsafePointer(versionText) }

// MARK: - Keys and bundles

@_cdecl("promo_public_key_read")
public func promoPublicKeyRead(_ path: UnsafePointer<CChar>?, _ key: UnsafeMutablePointer<UInt8>?, _ error: ErrorOut) -> promo_status {
    guard let path, let key else { return fail(Status.argument, "promo_public_key_read: the path and the key buffer must not be NULL", error) }
    let name = String(cString: path)
    let text: [UInt8]
    do throws(BundleError) { text = try LoadedBundle.read(name) } catch let problem { return fail(problem, error) }
    guard let bytes = KeyText.decode(text, kind: KeyText.publicKind) else {
        return fail(Status.key, "`\(name)` \(KeyText.problem(text, kind: KeyText.publicKind))", error)
    }
    for (i, byte) in bytes.enumerated() { key[i] = byte }
    return Status.ok
}

func trusted(_ key: UnsafePointer<UInt8>?) -> [UInt8]? {
    key.map { Array(UnsafeBufferPointer(start: $0, count: BundleSignature.keySize)) }
}

@_cdecl("promo_bundle_open")
public func promoBundleOpen(_ bytes: UnsafeRawPointer?, _ length: Int, _ trustedKey: UnsafePointer<UInt8>?,
                            _ bundle: UnsafeMutablePointer<OpaquePointer?>?, _ error: ErrorOut) -> promo_status {
    guard let bundle else { return fail(Status.argument, "promo_bundle_open: the bundle pointer must not be NULL", error) }
    bundle.pointee = nil
    guard let bytes, length > 0 else { return fail(BundleError.notABundle, error) }
    let copy = [UInt8](UnsafeRawBufferPointer(start: bytes, count: length))
    return open(copy, trustedKey, bundle, error)
}

@_cdecl("promo_bundle_open_file")
public func promoBundleOpenFile(_ path: UnsafePointer<CChar>?, _ trustedKey: UnsafePointer<UInt8>?,
                                _ bundle: UnsafeMutablePointer<OpaquePointer?>?, _ error: ErrorOut) -> promo_status {
    guard let bundle, let path else { return fail(Status.argument, "promo_bundle_open_file: the path and the bundle pointer must not be NULL", error) }
    bundle.pointee = nil
    let name = String(cString: path)
    let bytes: [UInt8]
    do throws(BundleError) { bytes = try LoadedBundle.read(name) } catch let problem { return fail(problem, error) }
    return open(bytes, trustedKey, bundle, error)
}

private func open(_ bytes: [UInt8], _ trustedKey: UnsafePointer<UInt8>?, _ bundle: UnsafeMutablePointer<OpaquePointer?>,
                  _ error: ErrorOut) -> promo_status {
    do throws(BundleError) {
        let loaded = try LoadedBundle(bytes: bytes, trustedKey: trusted(trustedKey))
        bundle.pointee = Unmanaged.handle(BundleHandle(loaded))
        return Status.ok
    } catch let problem {
        return fail(problem, error)
    }
}

@_cdecl("promo_bundle_free")
public func promoBundleFree(_ bundle: OpaquePointer?) {
    release(bundle, as: BundleHandle.self)
}

@_cdecl("promo_bundle_currency")
public func promoBundleCurrency(_ bundle: OpaquePointer?) -> UnsafePointer<CChar>? {
    object(bundle, as: BundleHandle.self).map { UnsafePointer($0.currency) }
}

@_cdecl("promo_bundle_currency_decimals")
public func promoBundleCurrencyDecimals(_ bundle: OpaquePointer?) -> Int32 {
    object(bundle, as: BundleHandle.self).map { Int32($0.bundle.currencyDecimals) } ?? 0
}

@_cdecl("promo_bundle_unit_count")
public func promoBundleUnitCount(_ bundle: OpaquePointer?) -> Int {
    object(bundle, as: BundleHandle.self)?.unitNames.count ?? 0
}

@_cdecl("promo_bundle_unit_name")
public func promoBundleUnitName(_ bundle: OpaquePointer?, _ unit: Int) -> UnsafePointer<CChar>? {
    guard let b = object(bundle, as: BundleHandle.self), b.unitNames.indices.contains(unit) else { return nil }
    return UnsafePointer(b.unitNames[unit])
}

@_cdecl("promo_bundle_hash")
public func promoBundleHash(_ bundle: OpaquePointer?) -> UnsafePointer<UInt8>? {
    object(bundle, as: BundleHandle.self).map { UnsafePointer($0.hash) }
}

// MARK: - Slots

@_cdecl("promo_slot_new")
public func promoSlotNew(_ bundle: OpaquePointer?) -> OpaquePointer? {
    guard let b = object(bundle, as: BundleHandle.self) else { return nil }
    return Unmanaged.handle(SlotHandle(b))
}

@_cdecl("promo_slot_replace")
public func promoSlotReplace(_ slot: OpaquePointer?, _ bundle: OpaquePointer?, _ error: ErrorOut) -> promo_status {
    guard let s = object(slot, as: SlotHandle.self), let b = object(bundle, as: BundleHandle.self) else {
        return fail(Status.argument, "promo_slot_replace: the slot and the bundle must not be NULL", error)
    }
    s.replace(with: b)
    return Status.ok
}

@_cdecl("promo_slot_free")
public func promoSlotFree(_ slot: OpaquePointer?) {
    release(slot, as: SlotHandle.self)
}

// MARK: - Evaluators

@_cdecl("promo_evaluator_new")
public func promoEvaluatorNew(_ bundle: OpaquePointer?) -> OpaquePointer? {
    guard let b = object(bundle, as: BundleHandle.self) else { return nil }
    return Unmanaged.handle(EvaluatorHandle(bundle: b, slot: nil))
}

@_cdecl("promo_evaluator_new_for_slot")
public func promoEvaluatorNewForSlot(_ slot: OpaquePointer?) -> OpaquePointer? {
    guard let s = object(slot, as: SlotHandle.self) else { return nil }
    return Unmanaged.handle(EvaluatorHandle(bundle: s.bundle, slot: s))
}

@_cdecl("promo_evaluator_free")
public func promoEvaluatorFree(_ evaluator: OpaquePointer?) {
    release(evaluator, as: EvaluatorHandle.self)
}

@_cdecl("promo_evaluator_set_trace")
public func promoEvaluatorSetTrace(_ evaluator: OpaquePointer?, _ detail: Int32, _ error: ErrorOut) -> promo_status {
    guard let e = object(evaluator, as: EvaluatorHandle.self) else {
        return fail(Status.argument, "promo_evaluator_set_trace: the evaluator must not be NULL", error)
    }
    switch Int(detail) {
    case PROMO_TRACE_ALL: e.traceDetail = .all
    case PROMO_TRACE_APPLIED: e.traceDetail = .applied
    default:
        return fail(Status.argument, "promo_evaluator_set_trace: unknown detail \(detail); the details are PROMO_TRACE_ALL and PROMO_TRACE_APPLIED", error)
    }
    return Status.ok
}

@_cdecl("promo_evaluate_json")
public func promoEvaluateJSON(_ evaluator: OpaquePointer?, _ json: UnsafePointer<CChar>?, _ length: Int,
                              _ result: UnsafeMutablePointer<OpaquePointer?>?, _ error: ErrorOut) -> promo_status {
    guard let e = object(evaluator, as: EvaluatorHandle.self), let result else {
        return fail(Status.argument, "promo_evaluate_json: the evaluator and the result pointer must not be NULL", error)
    }
    result.pointee = nil
    e.clear()
    e.followSlot()
    guard let json, length > 0 else { return fail(Status.json, "the receipt is empty", error) }
    let document: JSONValue
    do throws(EvaluationError) {
        document = try ReceiptJSON.parse([UInt8](UnsafeRawBufferPointer(start: json, count: length)))
    } catch let problem {
        return fail(Status.json, field: problem.field, problem.message, error)
    }
    let b = e.bundle
    do throws(EvaluationError) {
        e.receipt = try ReceiptJSON.decode(document, decimals: b.bundle.currencyDecimals, factTags: b.factTags,
                                           currency: b.bundle.currencyCode)
    } catch let problem {
        return fail(Status.receipt, field: problem.field, problem.message, error)
    }
    return run(e, result, error)
}

@_cdecl("promo_evaluate")
public func promoEvaluate(_ evaluator: OpaquePointer?, _ receipt: UnsafePointer<promo_receipt>?,
                          _ result: UnsafeMutablePointer<OpaquePointer?>?, _ error: ErrorOut) -> promo_status {
    guard let e = object(evaluator, as: EvaluatorHandle.self), let receipt, let result else {
        return fail(Status.argument, "promo_evaluate: the evaluator, the receipt and the result pointer must not be NULL", error)
    }
    result.pointee = nil
    e.clear()
    e.followSlot()
    do throws(EvaluationError) {
        try e.reader.read(receipt.pointee, currency: e.bundle.bundle.currencyCode)
    } catch let problem {
        return fail(Status.receipt, field: problem.field, problem.message, error)
    }
    return run(e, result, error)
}

private func run(_ e: EvaluatorHandle, _ result: UnsafeMutablePointer<OpaquePointer?>, _ error: ErrorOut) -> promo_status {
    do throws(EvaluationError) {
        try e.evaluate()
    } catch let problem {
        // Problems the VM finds in the receipt name their field; one without is the step budget.
        return fail(problem.field.isEmpty ? Status.evaluation : Status.receipt, field: problem.field, problem.message, error)
    }
    result.pointee = OpaquePointer(Unmanaged.passUnretained(e).toOpaque())
    return Status.ok
}
