import CPromoVM
import Foundation
import PromoVM
import PromoVMC

// Swift helpers for calling the C interface (promo_vm.h) in tests, as a C till would.


/// An error the C interface gave: its code, message and field.
struct CError: Error, Equatable, CustomStringConvertible {
    var code: Int32
    var message: String
    var field: String

    var description: String { "[\(code)] \(message)" }

    init(code: Int32, message: String, field: String) {
        self.code = code
        self.message = message
        self.field = field
    }

    /// Reads and frees the error handle.
    init(_ handle: OpaquePointer?, status: promo_status) {
        code = status
        message = handle.map { String(cString: promo_error_message($0)) } ?? "(no error handle)"
        field = handle.map { String(cString: promo_error_field($0)) } ?? ""
        if let handle {
            precondition(promo_error_code(handle) == status, "the error's code is the status returned")
            promo_error_free(handle)
        }
    }
}

/// A bundle handle, freed with this object.
final class CBundle {
    let handle: OpaquePointer

    init(_ bytes: [UInt8], key: [UInt8]? = nil) throws(CError) {
        var bundle: OpaquePointer?
        var error: OpaquePointer?
        let status = bytes.withUnsafeBytes { b in
            key.withOptionalBytes { k in promo_bundle_open(b.baseAddress, b.count, k, &bundle, &error) }
        }
        guard status == PROMO_OK, let bundle else { throw CError(error, status: status) }
        handle = bundle
    }

    init(path: String, key: [UInt8]? = nil) throws(CError) {
        var bundle: OpaquePointer?
        var error: OpaquePointer?
        let status = key.withOptionalBytes { k in promo_bundle_open_file(path, k, &bundle, &error) }
        guard status == PROMO_OK, let bundle else { throw CError(error, status: status) }
        handle = bundle
    }

    deinit { promo_bundle_free(handle) }
}

extension Optional where Wrapped == [UInt8] {
    func withOptionalBytes<R>(_ body: (UnsafePointer<UInt8>?) -> R) -> R {
        switch self {
        case .some(let bytes): bytes.withUnsafeBufferPointer { body($0.baseAddress) }
        case .none: body(nil)
        }
    }
}

/// An evaluator handle, freed with this object.
final class CEvaluator {
    let handle: OpaquePointer

    init(_ bundle: CBundle) { handle = promo_evaluator_new(bundle.handle)! }
    init(slot: OpaquePointer) { handle = promo_evaluator_new_for_slot(slot)! }
    deinit { promo_evaluator_free(handle) }

    func json(_ text: String) -> Result<OpaquePointer, CError> {
        var result: OpaquePointer?
        var error: OpaquePointer?
        var copy = text
        let status = copy.withUTF8 { u in
            u.withMemoryRebound(to: CChar.self) { promo_evaluate_json(handle, $0.baseAddress, $0.count, &result, &error) }
        }
        guard status == PROMO_OK, let result else { return .failure(CError(error, status: status)) }
        return .success(result)
    }

    func structs(_ receipt: Receipt) -> Result<OpaquePointer, CError> {
        let arena = CStructArena()
        var c = arena.receipt(receipt)
        return structs(&c)
    }

    func structs(_ receipt: inout promo_receipt) -> Result<OpaquePointer, CError> {
        var result: OpaquePointer?
        var error: OpaquePointer?
        let status = promo_evaluate(handle, &receipt, &result, &error)
        guard status == PROMO_OK, let result else { return .failure(CError(error, status: status)) }
        return .success(result)
    }
}

/// The result's JSON, as text.
func resultJSON(_ result: OpaquePointer) -> String {
    var length = 0
    let text = promo_result_json(result, &length)!
    let string = String(cString: text)
    precondition(string.utf8.count == length, "the length is the text's")
    return string
}
