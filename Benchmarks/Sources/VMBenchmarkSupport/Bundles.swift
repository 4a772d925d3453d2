#if canImport(Glibc)
import Glibc
#endif
import PromoBenchmarkInputs
import PromoCompiler
import PromoDiagnostics
import PromoSemantics
import PromoVM

/// Everything the VM benchmark measures with: the generated 200-promo set compiled, its ten
/// core promos compiled alone, and the receipts.
public struct VMBenchmarkInputs: Sendable {
    public let set: VMPromoSet
    /// The whole set: 200 promos, the tier program and the restrictions.
    public let fullBundle: LoadedBundle
    /// The ten promos of `core.promo` with the restrictions, nothing else.
    public let coreBundle: LoadedBundle
    public let receipts: [Receipt]
    /// Warnings the front end gave on the set (it has no errors, or there would be no bundle).
    public let warnings: [String]

    public static let receiptCount = 16
    public static let linesPerReceipt = 30

    /// Generates the set and the receipts and compiles both bundles.
    public static func make() throws(BenchmarkInputError) -> VMBenchmarkInputs {
        let set = VMPromoSet.generate()
        var warnings: [String] = []
        let full = try compile(set.files, warnings: &warnings)
        var coreWarnings: [String] = []
        let core = try compile(set.coreFiles, warnings: &coreWarnings)
        let receipts = BenchmarkReceipts.generate(for: set, factKeys: full.factKeys, count: receiptCount,
                                                  lines: linesPerReceipt)
        return VMBenchmarkInputs(set: set, fullBundle: full, coreBundle: core, receipts: receipts, warnings: warnings)
    }

    /// Checks and compiles promo files into a loaded bundle.
    public static func compile(_ files: [GeneratedFile], warnings: inout [String]) throws(BenchmarkInputError) -> LoadedBundle {
        let result = Frontend.check(files.map { SourceInput(path: $0.path, text: $0.text) })
        let rendered = result.diagnostics.map { d -> String in
            let at = result.sources.location(of: d.span)
            return "\(at.file.path):\(at.start.line):\(at.start.column): \(d.severity) \(d.code.rawValue): \(d.message)"
        }
        guard let program = result.program else {
            throw BenchmarkInputError(message: "the promo set has \(result.errorCount) errors:\n" + rendered.joined(separator: "\n"))
        }
        warnings += rendered
        do {
            return try LoadedBundle(bytes: BundleCompiler.bytes(program))
        } catch {
            throw BenchmarkInputError(message: "the compiled bundle was refused: \(error)")
        }
    }
}

public struct BenchmarkInputError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }

    public init(message: String) {
        self.message = message
    }
}

/// The 1,000-promo set of the front-end benchmark, compiled: the bundle a large chain ships.
public enum LargeBundle {
    public static func bytes() throws(BenchmarkInputError) -> [UInt8] {
        let set = PromoSetGenerator.generate(promos: 1_000, files: 20)
        let result = Frontend.check(set.files.map { SourceInput(path: $0.path, text: $0.text) })
        guard let program = result.program else {
            throw BenchmarkInputError(message: "the 1,000-promo set has \(result.errorCount) errors")
        }
        return BundleCompiler.bytes(program)
    }
}

/// What the process holds in memory, for measuring what a loaded bundle keeps: the resident
/// size (`/proc/self/statm`) and the heap in use (glibc's `malloc_info`: the heap's memory
/// from the system less its free chunks, plus the blocks mapped on their own). Zero where the
/// figures are not available.
public enum ProcessMemory {
    public static func residentBytes() -> Int {
        #if canImport(Glibc)
        // statm: size, resident, … in pages.
        let fields = contents("/proc/self/statm").split(separator: UInt8(ascii: " "))
        guard fields.count > 1, let pages = Int(String(decoding: fields[1], as: UTF8.self)) else { return 0 }
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
        #else
        return 0
        #endif
    }

    public static func heapBytes() -> Int {
        #if canImport(Glibc)
        typealias MallocInfo = @convention(c) (Int32, UnsafeMutablePointer<FILE>?) -> Int32
        guard let symbol = dlsym(nil, "malloc_info"), let file = tmpfile() else { return 0 }
        let written = unsafeBitCast(symbol, to: MallocInfo.self)(0, file)
        rewind(file)
        let xml = read(file)
        fclose(file)
        guard written == 0 else { return 0 }
        // The totals over every arena follow the last `</heap>`.
        let end = Array("</heap>".utf8)
        guard let last = (0...max(0, xml.count - end.count)).last(where: { xml[$0..<min(xml.count, $0 + end.count)].elementsEqual(end) })
        else { return 0 }
        let totals = xml[last...]
        func size(_ tag: String) -> Int {
            let t = Array(tag.utf8), key = Array("size=\"".utf8)
            guard let at = totals.indices.first(where: { totals[$0...].starts(with: t) }),
                  let open = totals[at...].indices.first(where: { totals[$0...].starts(with: key) }) else { return 0 }
            let digits = totals[(open + key.count)...].prefix { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
            return Int(String(decoding: digits, as: UTF8.self)) ?? 0
        }
        return size("<system type=\"current\"") - size("<total type=\"fast\"") - size("<total type=\"rest\"")
            + size("<total type=\"mmap\"")
        #else
        return 0
        #endif
    }

    /// Gives the heap's free memory back to the system where the allocator can, so that a
    /// resident size read next counts little of what earlier work freed.
    public static func trim() {
        #if canImport(Glibc)
        typealias MallocTrim = @convention(c) (Int) -> Int32
        guard let symbol = dlsym(nil, "malloc_trim") else { return }
        _ = unsafeBitCast(symbol, to: MallocTrim.self)(0)
        #endif
    }

    #if canImport(Glibc)
    private static func contents(_ path: String) -> [UInt8] {
        guard let file = fopen(path, "r") else { return [] }
        defer { fclose(file) }
        return read(file)
    }

    private static func read(_ file: UnsafeMutablePointer<FILE>) -> [UInt8] {
        var text: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = chunk.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, file) }
            text += chunk[..<n]
            if n < chunk.count { return text }
        }
    }
    #endif
}
