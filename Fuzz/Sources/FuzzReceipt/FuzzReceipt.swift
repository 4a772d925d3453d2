import FuzzSupport
import PromoVM

/// The input as receipt JSON, decoded against the promos/ bundle; a receipt that decodes is
/// evaluated, and its result encoded as the result JSON and serialized.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzReceipt(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    let bundle = FuzzSupport.promosBundle
    guard let receipt = try? ReceiptJSON.decode(bytes, bundle: bundle) else { return 0 }
    if let result = FuzzSupport.evaluate(bundle, receipt) {
        _ = ResultJSON.encode(result, receipt: receipt, bundle: bundle).serialized()
    }
    return 0
}

@main
enum FuzzReceipt {
    static func main() { FuzzSupport.run(fuzzReceipt) }
}
