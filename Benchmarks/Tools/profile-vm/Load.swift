import Foundation
import PromoVM
import VMBenchmarkSupport

/// The 1,000-promo bundle's bytes, made by the benchmark's generator and compiler.
func largeBundleBytes() -> [UInt8] {
    do { return try LargeBundle.bytes() } catch { fatalError("\(error)") }
}

@inline(never)
func loadBundles(_ bytes: [UInt8], _ n: Int) -> Int {
    var sum = 0
    for _ in 0..<n {
        do { sum &+= try LoadedBundle(bytes: bytes).factKeys.count } catch { fatalError("\(error)") }
    }
    return sum
}

@inline(never)
func loadOnce(_ bytes: [UInt8]) -> LoadedBundle {
    do { return try LoadedBundle(bytes: bytes) } catch { fatalError("\(error)") }
}

func runLoadMode(_ mode: String, count: Int) {
    if mode == "load" {
        let bytes = largeBundleBytes()
        var checksum = loadBundles(bytes, 1)
        let elapsed = ContinuousClock().measure { checksum &+= loadBundles(bytes, count) }
        let (seconds, attoseconds) = elapsed.components
        let microseconds = seconds * 1_000_000 + attoseconds / 1_000_000_000_000
        print("load: \(count) loads of \(bytes.count) bytes, \(microseconds / Int64(max(1, count))) µs per load on average (checksum \(checksum))")
        return
    }
    // The bytes in memory first, the generator's garbage given back to the system as far as the
    // allocator can; the bytes stay alive across both readings, so the difference is what the
    // loaded bundle holds.
    let bytes = Array(largeBundleBytes())
    ProcessMemory.trim()
    let residentBefore = ProcessMemory.residentBytes(), heapBefore = ProcessMemory.heapBytes()
    let bundle = loadOnce(bytes)
    ProcessMemory.trim()
    let residentAfter = ProcessMemory.residentBytes(), heapAfter = ProcessMemory.heapBytes()
    func mib(_ n: Int) -> String { String(format: "%.2f MiB", Double(n) / 1_048_576) }
    print("memory: the 1,000-promo bundle (\(bytes.count) bytes) loaded")
    print("  resident: \(mib(residentBefore)) before, \(mib(residentAfter)) after: \(mib(residentAfter - residentBefore)) more")
    print("  heap in use: \(mib(heapBefore)) before, \(mib(heapAfter)) after: \(mib(heapAfter - heapBefore)) more")
    print("  heap in use after loading and freeing another copy: \(mib(heapAfterFreeing(bytes)))")
    let m = bundle.model
    print("  units: \(m.units.count), code words: \(m.code.count), constants: \(m.constants.count), "
        + "strings: \(m.strings.count) (\(m.strings.reduce(0) { $0 + $1.utf8.count }) bytes), debug entries: \(m.debug.count), "
        + "item sets: \(m.itemSets.count), messages: \(m.messages.count)")
    withExtendedLifetime(bundle) {}
}

/// The bundle loaded and freed again: the heap in use comes back to what it was.
func heapAfterFreeing(_ bytes: [UInt8]) -> Int {
    _ = loadOnce(bytes)
    return ProcessMemory.heapBytes()
}
