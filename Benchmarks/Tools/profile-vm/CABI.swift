import CPromoVM
import Foundation
import PromoBytecode
import PromoVM
import PromoVMC
import VMBenchmarkSupport

// `cabi N` and `cabi-json N`: the benchmark's receipts through the C interface (promo_vm.h),
// given as structs or as JSON, in `evaluateThroughC`; `cabi-core N`: as structs, against the ten
// core promos (compare with `core N`: the difference is what reading the structs costs):
//
//     valgrind --tool=callgrind --collect-atstart=no --toggle-collect='*evaluateThroughC*' \
//         .build/release/profile-vm cabi 2000

func runCABIMode(_ mode: String, count: Int, traceDetail: TraceDetail) throws {
    let inputs = try VMBenchmarkInputs.make()
    let loaded = mode == "cabi-core" ? inputs.coreBundle : inputs.fullBundle
    let bytes = BundleFormat.encode(loaded.model)
    var bundle: OpaquePointer?
    guard bytes.withUnsafeBytes({ promo_bundle_open($0.baseAddress, $0.count, nil, &bundle, nil) }) == PROMO_OK else {
        fatalError("the C interface refused the bundle")
    }
    let evaluator = promo_evaluator_new(bundle)!
    guard promo_evaluator_set_trace(evaluator, Int32(traceDetail == .applied ? PROMO_TRACE_APPLIED : PROMO_TRACE_ALL), nil) == PROMO_OK else {
        fatalError("the C interface refused the trace detail")
    }
    let arena = CStructArena()
    let structs = inputs.receipts.map { arena.receipt($0) }
    let tags = ReceiptJSON.factTags(of: loaded)
    let json = inputs.receipts.map { Array(ReceiptJSON.encode($0, decimals: 2, factTags: tags).serialized().utf8CString.dropLast()) }

    @inline(never)
    func evaluateThroughC(_ n: Int) -> Int64 {
        var sum: Int64 = 0
        for k in 0..<n {
            var result: OpaquePointer?
            let i = k % structs.count
            let status = mode != "cabi-json"
                ? structs.withUnsafeBufferPointer { promo_evaluate(evaluator, $0.baseAddress! + i, &result, nil) }
                : json[i].withUnsafeBufferPointer { promo_evaluate_json(evaluator, $0.baseAddress, $0.count, &result, nil) }
            guard status == PROMO_OK else { fatalError("status \(status)") }
            sum &+= promo_result_final_total(result)
        }
        return sum
    }

    var checksum = evaluateThroughC(structs.count)
    let elapsed = ContinuousClock().measure { checksum &+= evaluateThroughC(count) }
    let (seconds, attoseconds) = elapsed.components
    let nanoseconds = seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    print("\(mode): \(count) receipts, \(nanoseconds / Int64(max(1, count))) ns each (checksum \(checksum))")
    promo_evaluator_free(evaluator)
    promo_bundle_free(bundle)
}
