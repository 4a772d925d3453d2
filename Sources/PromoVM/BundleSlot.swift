import Synchronization

/// The bundle a till runs, which a new one may replace while receipts are being evaluated.
///
/// Each evaluation takes the bundle in the slot once, at its start, and runs on it to the end: it
/// sees the old bundle or the new one, never parts of both. A bundle replaced stays alive until
/// the last evaluation using it ends (it is reference counted).
///
///     let slot = BundleSlot(try LoadedBundle(bytes: old, trustedKey: key))
///     // on each checkout thread:
///     var evaluator = SlotEvaluator(slot: slot)
///     let result = try evaluator.evaluate(receipt)
///     // when CI ships a new bundle, on any thread:
///     slot.replace(with: try LoadedBundle(bytes: new, trustedKey: key))
public final class BundleSlot: Sendable {
    private let current: Mutex<LoadedBundle>

    public init(_ bundle: LoadedBundle) {
        current = Mutex(bundle)
    }

    /// The bundle evaluations starting now run on.
    public var bundle: LoadedBundle {
        current.withLock { $0 }
    }

    /// Puts `bundle` in the slot; evaluations under way finish on the bundle they started with.
    public func replace(with bundle: LoadedBundle) {
        current.withLock { $0 = bundle }
    }
}

/// An evaluator of one thread that follows a ``BundleSlot``: each evaluation runs on the bundle
/// in the slot when it starts. The evaluator's buffers are kept while the bundle stays the same
/// and made anew, once, for a new bundle.
public struct SlotEvaluator {
    public let slot: BundleSlot
    public private(set) var evaluator: Evaluator

    public init(slot: BundleSlot) {
        self.slot = slot
        evaluator = Evaluator(bundle: slot.bundle)
    }

    /// ``Evaluator/traceDetail``, kept for the evaluator of each new bundle.
    public var traceDetail: TraceDetail {
        get { evaluator.traceDetail }
        set { evaluator.traceDetail = newValue }
    }

    public mutating func evaluate(_ receipt: Receipt) throws(EvaluationError) -> EvaluationResult {
        let bundle = slot.bundle
        if bundle !== evaluator.bundle {
            let detail = evaluator.traceDetail
            evaluator = Evaluator(bundle: bundle)
            evaluator.traceDetail = detail
        }
        return try evaluator.evaluate(receipt)
    }
}
