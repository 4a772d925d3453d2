import PromoVM

/// What one thread works with, as a till's thread has it: its own evaluator of a bundle and its
/// own receipts (decoded from their JSON, so that no two threads count references on the same
/// strings and arrays), apart from another thread's in memory. The two-thread benchmark and
/// `profile-vm threads` run one lane a thread.
public final class EvaluatorLane: @unchecked Sendable {
    public var evaluator: Evaluator
    public let receipts: [Receipt]
    /// The final totals of the last ``run(_:)``, added up.
    public private(set) var total: Int64 = 0
    /// Keeps the next lane's fields off this one's cache lines.
    private var padding: (Int64, Int64, Int64, Int64, Int64, Int64, Int64, Int64,
                          Int64, Int64, Int64, Int64, Int64, Int64, Int64, Int64) = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)

    public init(bundle: LoadedBundle, receipts: [Receipt], traceDetail: TraceDetail = .all) throws {
        evaluator = Evaluator(bundle: bundle)
        evaluator.traceDetail = traceDetail
        let tags = ReceiptJSON.factTags(of: bundle)
        self.receipts = try receipts.map { r in
            let json = ReceiptJSON.encode(r, decimals: bundle.currencyDecimals, factTags: tags).serialized()
            return try ReceiptJSON.decode(Array(json.utf8), bundle: bundle)
        }
    }

    /// Evaluates `n` receipts, the lane's in turn.
    @inline(never)
    public func run(_ n: Int) {
        var sum: Int64 = 0
        for i in 0..<n {
            do {
                sum &+= try evaluator.evaluate(receipts[i % receipts.count]).finalTotal
            } catch {
                fatalError("the VM failed on a benchmark receipt: \(error)")
            }
        }
        total = sum
    }
}
