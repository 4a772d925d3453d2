import Crypto
import Foundation
import FuzzDriver
import PromoCompiler
import PromoSemantics
import PromoVM

/// What the harnesses share. A harness reports a finding by stopping the process: libFuzzer
/// then keeps the input that did it as a crash file.
public enum FuzzSupport {
    /// A small receipt that touches most of what promos look at: a card customer with facts,
    /// segments and chips, a coupon, a bonus payment, a weighed line, an excise line with its
    /// legal minimum, and plain lines in a few categories.
    public static let fixedReceipt = Receipt(
        date: LocalDate(year: 2026, month: 11, day: 20), minute: 12 * 60,
        store: Store(id: 751, format: "Supermarket", region: "Moscow", city: "Moscow", groups: ["North"]),
        channel: "pos",
        customer: Customer(id: "5550001", card: true, name: "Anna", segments: ["VIP"],
                           facts: ["purchases(last 90 days)": .number(3), "app": .bool(true)],
                           bonusBalance: 150_000, chips: 25),
        coupons: ["HALF-2026"], codes: ["SUMMER"], redeem: 30_000,
        lines: [
            Line(sku: 1001, name: "Milk 1 L", category: "Food/Dairy/Milk", brand: "Farm", price: 7_990, quantity: 6_000),
            Line(sku: 3001, category: "Food/Dairy/Yogurt", price: 5_500, quantity: 3_000),
            Line(sku: 2001, category: "Food/Dairy/Cheese", price: 89_990, quantity: 350, weighed: true, flags: ["local"]),
            Line(sku: 3050, category: "Drinks/Spirits", price: 49_900, excise: true, minPrice: 34_900),
            Line(sku: 5001, category: "Household/Cleaning", brand: "Shine", price: 250_000),
        ])

    /// Evaluates `receipt` twice on `bundle` and stops the process when the result breaks one
    /// of ``Invariants`` or the second evaluation differs from the first. An evaluation error
    /// (a receipt the bundle refuses) is a proper answer, not a finding.
    @discardableResult
    public static func evaluate(_ bundle: LoadedBundle, _ receipt: Receipt) -> EvaluationResult? {
        var evaluator = Evaluator(bundle: bundle)
        let result: EvaluationResult
        do {
            result = try evaluator.evaluate(receipt)
        } catch {
            return nil
        }
        let violations = Invariants.violations(of: result, receipt: receipt)
        if !violations.isEmpty { stop("the result breaks an invariant: " + violations.joined(separator: "; ")) }
        let again = try? evaluator.evaluate(receipt)
        if again != result { stop("a second evaluation of the same receipt gave another result") }
        return result
    }

    /// Checks `inputs` and, when they have no errors, compiles them and loads the bundle.
    /// A bundle the compiler made that the verifier refuses is a finding.
    public static func compile(_ inputs: [SourceInput]) -> LoadedBundle? {
        let checked = Frontend.check(inputs)
        guard let program = checked.program else { return nil }
        let bytes = BundleCompiler.bytes(program)
        do {
            return try LoadedBundle(bytes: bytes)
        } catch {
            stop("the verifier refused a bundle the compiler made: \(error)")
        }
    }

    /// `bytes` with the header's payload length and SHA-256 set to match what follows the
    /// header, so that a mutated bundle reaches the section decoder and the verifier instead of
    /// stopping at the hash check. Bytes too short for a header, or without the magic, are
    /// returned as they are.
    public static func resealed(_ bytes: [UInt8]) -> [UInt8] {
        let headerSize = 48
        let magic = Array("PROMOBDL".utf8)
        guard bytes.count >= headerSize, bytes[0..<8].elementsEqual(magic) else { return bytes }
        var out = bytes
        let length = UInt32(truncatingIfNeeded: bytes.count - headerSize)
        for i in 0..<4 { out[12 + i] = UInt8(truncatingIfNeeded: length >> (8 * UInt32(i))) }
        let digest = SHA256.hash(data: out[headerSize...])
        out.replaceSubrange(16..<48, with: Array(digest))
        return out
    }

    /// The repository's root: `PROMO_ROOT` when set, otherwise found from this file's place.
    public static var repositoryRoot: URL {
        if let root = ProcessInfo.processInfo.environment["PROMO_ROOT"], !root.isEmpty {
            return URL(fileURLWithPath: root)
        }
        return URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
    }

    /// promos/common.promo (the currency, item sets and segments the other promo files use),
    /// checked with every front-end input so that the seeds from promos/ compile; nil when
    /// the file cannot be read.
    public static let commonPromos: SourceInput? = {
        let url = repositoryRoot.appendingPathComponent("promos/common.promo")
        guard let text = try? String(contentsOf: url, encoding: .utf8) else { return nil }
        return SourceInput(path: "promos/common.promo", text: text)
    }()

    /// The promos/ folder compiled with the stdlib and loaded, made on first use.
    public static let promosBundle: LoadedBundle = {
        let folder = repositoryRoot.appendingPathComponent("promos")
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [])
            .filter { $0.hasSuffix(".promo") }.sorted()
        let inputs = names.compactMap { name -> SourceInput? in
            guard let text = try? String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8) else { return nil }
            return SourceInput(path: "promos/" + name, text: text)
        }
        guard !inputs.isEmpty else { stop("no promo files in \(folder.path) (set PROMO_ROOT to the repository)") }
        guard let bundle = compile(inputs) else { stop("the promos in \(folder.path) do not check") }
        return bundle
    }()

    /// Runs libFuzzer over `entry` with the process's arguments (corpus folders, `-runs=`,
    /// `-max_total_time=` and the rest of libFuzzer's options) and exits with its status.
    public static func run(_ entry: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32) -> Never {
        exit(promo_fuzz_run(CommandLine.argc, CommandLine.unsafeArgv, entry))
    }

    /// Stops the process with `message` on standard error.
    public static func stop(_ message: String) -> Never {
        FileHandle.standardError.write(Data(("fuzz: " + message + "\n").utf8))
        abort()
    }
}
