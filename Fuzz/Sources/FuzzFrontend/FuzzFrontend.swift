import FuzzSupport
import PromoSemantics
import PromoVM

/// The input as one promo file (lossy UTF-8), checked with the stdlib and promos/common.promo
/// (which the promo files of the seed corpus build on); when it has no errors, compiled,
/// loaded and verified, and the fixed receipt evaluated on the bundle.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzFrontend(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    let text = String(decoding: bytes, as: UTF8.self)
    var inputs = [SourceInput(path: "fuzz.promo", text: text)]
    if let common = FuzzSupport.commonPromos { inputs.append(common) }
    if let bundle = FuzzSupport.compile(inputs) {
        FuzzSupport.evaluate(bundle, FuzzSupport.fixedReceipt)
    }
    return 0
}

@main
enum FuzzFrontend {
    static func main() { FuzzSupport.run(fuzzFrontend) }
}
