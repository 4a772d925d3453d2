import CPromoVM
import PromoBytecode
import PromoVM
import Synchronization

// The objects behind the opaque handles of promo_vm.h. A handle is an object retained once for
// the caller (`Unmanaged.passRetained`) and released by its `_free` function; the objects hold
// each other strongly, so handles may be freed in any order.

/// C strings owned by a handle, freed with it or when it is reset.
struct CStrings {
    private var owned: [UnsafeMutablePointer<CChar>] = []

    /// A NUL-terminated copy of `text`, valid until `reset` or the owner's end.
    mutating func keep(_ text: String) -> UnsafePointer<CChar> {
        let copy = CStrings.copy(text)
        owned.append(copy)
        return UnsafePointer(copy)
    }

    static func copy(_ text: String) -> UnsafeMutablePointer<CChar> {
        let utf8 = text.utf8
        let copy = UnsafeMutablePointer<CChar>.allocate(capacity: utf8.count + 1)
        var i = 0
        for byte in utf8 {
            copy[i] = CChar(bitPattern: byte)
            i += 1
        }
        copy[i] = 0
        return copy
    }

    mutating func reset() {
        for p in owned { p.deallocate() }
        owned.removeAll(keepingCapacity: true)
    }
}

/// `promo_bundle`: a loaded bundle with its texts as C strings.
final class BundleHandle {
    let bundle: LoadedBundle
    let currency: UnsafeMutablePointer<CChar>
    let unitNames: [UnsafeMutablePointer<CChar>]
    let hash: UnsafeMutablePointer<UInt8>
    /// The bundle's fact manifest, for reading receipts' facts by their types.
    let factTags: [String: ValueTag]

    init(_ bundle: LoadedBundle) {
        self.bundle = bundle
        currency = CStrings.copy(bundle.currencyCode)
        unitNames = (0..<bundle.model.units.count).map { CStrings.copy(bundle.name(ofUnit: $0)) }
        hash = .allocate(capacity: 32)
        hash.initialize(repeating: 0, count: 32)
        for (i, byte) in bundle.contentHash.prefix(32).enumerated() { hash[i] = byte }
        factTags = ReceiptJSON.factTags(of: bundle)
    }

    deinit {
        currency.deallocate()
        for name in unitNames { name.deallocate() }
        hash.deallocate()
    }

    /// The unit's name; "" for an index the bundle does not have (never reached: results name
    /// only the bundle's units).
    func name(_ unit: Int) -> UnsafePointer<CChar> {
        unitNames.indices.contains(unit) ? UnsafePointer(unitNames[unit]) : UnsafePointer(noName)
    }
}

nonisolated(unsafe) let noName = CStrings.copy("")

/// `promo_slot`: the bundle in use, which any thread may read or replace.
final class SlotHandle: Sendable {
    private let current: Mutex<BundleHandle>

    init(_ bundle: BundleHandle) {
        current = Mutex(bundle)
    }

    var bundle: BundleHandle { current.withLock { $0 } }

    func replace(with bundle: BundleHandle) {
        current.withLock { $0 = bundle }
    }
}

extension BundleHandle: @unchecked Sendable {}

/// `promo_evaluator`, and `promo_result`, which is the same object: its last result.
final class EvaluatorHandle {
    let slot: SlotHandle?
    private(set) var bundle: BundleHandle
    private var evaluator: Evaluator
    /// The last receipt (read into the reader's storage) and result: the result JSON needs both.
    var reader = ReceiptReader()
    var receipt: Receipt {
        get { reader.receipt }
        set { reader.adopt(newValue) }
    }
    var result = EvaluationResult()
    /// Texts of the last result handed out (messages, JSON).
    var texts = CStrings()
    var json: (pointer: UnsafePointer<CChar>, length: Int)?
    /// The trace entries of the promos that applied, made when first asked for.
    private var appliedEntries: [TraceEntry]?

    /// ``Evaluator/traceDetail``, kept here too so that an evaluator made for a new bundle in
    /// the slot has it.
    var traceDetail: TraceDetail = .all {
        didSet { evaluator.traceDetail = traceDetail }
    }

    init(bundle: BundleHandle, slot: SlotHandle?) {
        self.slot = slot
        self.bundle = bundle
        evaluator = Evaluator(bundle: bundle.bundle)
    }

    deinit {
        texts.reset()
        // The lines may borrow the texts cache's strings: returned before both go.
        reader.returnLineTexts()
    }

    /// Takes the bundle in the slot, when the evaluator follows one: the receipt is read and
    /// evaluated on it.
    func followSlot() {
        guard let slot else { return }
        let current = slot.bundle
        if current !== bundle {
            bundle = current
            evaluator = Evaluator(bundle: current.bundle)
            evaluator.traceDetail = traceDetail
        }
    }

    /// Evaluates `receipt` and keeps the result. The receipt is read where the reader keeps it:
    /// passing `reader.receipt` as a value would copy it (a reference counted for each of its
    /// strings and lists, and released again).
    func evaluate() throws(EvaluationError) {
        result = try reader.withReceipt { (p) throws(EvaluationError) in
            try evaluator.evaluate(at: p)
        }
    }

    /// The applied promos of the last result, in the order they ran.
    func applied() -> [TraceEntry] {
        if let appliedEntries { return appliedEntries }
        let entries = result.trace.filter(\.applied)
        appliedEntries = entries
        return entries
    }

    /// Forgets the last result before the next evaluation, so that the evaluator's buffers are
    /// its own again (a result still held here would make them be copied).
    func clear() {
        result = EvaluationResult()
        appliedEntries = nil
        texts.reset()
        json = nil
    }
}

/// `promo_error`.
final class ErrorHandle {
    let code: promo_status
    let message: UnsafeMutablePointer<CChar>
    let field: UnsafeMutablePointer<CChar>

    init(code: Int32, field: String, message: String) {
        self.code = code
        self.message = CStrings.copy(field.isEmpty ? message : "\(field): \(message)")
        self.field = CStrings.copy(field)
    }

    deinit {
        message.deallocate()
        field.deallocate()
    }
}

// MARK: - Handles to objects and back

extension Unmanaged {
    static func handle(_ object: Instance) -> OpaquePointer { OpaquePointer(passRetained(object).toOpaque()) }
}

func object<T: AnyObject>(_ handle: OpaquePointer?, as: T.Type) -> T? {
    guard let handle else { return nil }
    return Unmanaged<T>.fromOpaque(UnsafeRawPointer(handle)).takeUnretainedValue()
}

func release<T: AnyObject>(_ handle: OpaquePointer?, as: T.Type) {
    guard let handle else { return }
    Unmanaged<T>.fromOpaque(UnsafeRawPointer(handle)).release()
}

/// The status codes of promo_vm.h.
enum Status {
    static let ok = promo_status(PROMO_OK)
    static let argument = promo_status(PROMO_ERROR_ARGUMENT)
    static let io = promo_status(PROMO_ERROR_IO)
    static let bundle = promo_status(PROMO_ERROR_BUNDLE)
    static let signature = promo_status(PROMO_ERROR_SIGNATURE)
    static let json = promo_status(PROMO_ERROR_JSON)
    static let receipt = promo_status(PROMO_ERROR_RECEIPT)
    static let evaluation = promo_status(PROMO_ERROR_EVALUATION)
    static let key = promo_status(PROMO_ERROR_KEY)
}

/// Stores an error for the caller when it asked for one, and gives its code.
func fail(_ code: Int32, field: String = "", _ message: String, _ error: UnsafeMutablePointer<OpaquePointer?>?) -> promo_status {
    error?.pointee = Unmanaged.handle(ErrorHandle(code: code, field: field, message: message))
    return code
}

func fail(_ bundleError: BundleError, _ error: UnsafeMutablePointer<OpaquePointer?>?) -> promo_status {
    let code = switch bundleError {
    case .unreadable: Status.io
    case .unsigned, .badSignature: Status.signature
    default: Status.bundle
    }
    return fail(code, bundleError.description, error)
}
