import FuzzSupport
import PromoVM

/// The input as a bundle's bytes: decoded and verified as it is and, when that fails, again
/// resealed (its header's length and hash made to match, see ``FuzzSupport/resealed(_:)``), so
/// that mutations reach the sections and the code. When a bundle loads, the fixed receipt is
/// evaluated on it: a bundle the verifier accepts must never crash the VM.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzBundle(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    let loaded = (try? LoadedBundle(bytes: bytes)) ?? (try? LoadedBundle(bytes: FuzzSupport.resealed(bytes)))
    guard let bundle = loaded else { return 0 }
    FuzzSupport.evaluate(bundle, FuzzSupport.fixedReceipt)
    return 0
}

@main
enum FuzzBundle {
    static func main() { FuzzSupport.run(fuzzBundle) }
}
