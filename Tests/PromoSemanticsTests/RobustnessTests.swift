// Robustness of the front end: random truncations and byte mutations of every promo file in the
// repository, and hand-made pathological inputs, never crash or hang the checker, and always end
// either in success or in errors with a valid location.
//
// The mutation run is deterministic. Environment variables:
//   PROMO_MUTATION_SEED   the base seed (decimal or 0x-hex); the default is `Robustness.defaultSeed`
//   PROMO_MUTATION_CASES  how many cases to run (a long run; no time budget then)
//   PROMO_MUTATION_CASE   run only the case with this number (to reproduce a failure)

import Foundation
import PromoDiagnostics
import PromoSemantics
import PromoSyntax
import Testing

// MARK: - Configuration

enum Robustness {
    static let defaultSeed: UInt64 = 0x5EED_2026_0C0F_FEE5
    static let defaultCases = 600
    /// The default run stops starting new cases after this long, so a slower checker cannot
    /// make the suite crawl; at least ``minimumCases`` always run.
    static let defaultBudgetSeconds = 15.0
    static let minimumCases = 200
    /// One mutated file must be checked within this time, or the case counts as a hang.
    static let caseTimeoutSeconds = 5.0
    /// Pathological inputs are large; they get longer.
    static let pathologicalTimeoutSeconds = 20.0
    /// Half the 8 MB main-thread stack the command-line tool runs on, so passing leaves margin.
    static let workerStackSize = 4 << 20

    static var environment: [String: String] { ProcessInfo.processInfo.environment }

    static var seed: UInt64 {
        guard let text = environment["PROMO_MUTATION_SEED"]?.trimmingCharacters(in: .whitespaces) else {
            return defaultSeed
        }
        let parsed = text.lowercased().hasPrefix("0x") ? UInt64(text.dropFirst(2), radix: 16) : UInt64(text)
        guard let parsed else { fatalError("PROMO_MUTATION_SEED must be a decimal or 0x-hex number, not \(text)") }
        return parsed
    }

    static var requestedCases: Int? { environment["PROMO_MUTATION_CASES"].flatMap { Int($0) } }
    static var onlyCase: Int? { environment["PROMO_MUTATION_CASE"].flatMap { Int($0) } }

    static func hex(_ value: UInt64) -> String { "0x" + String(value, radix: 16, uppercase: true) }

    /// The repository root, found from this file rather than the working directory.
    static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent() // PromoSemanticsTests
        .deletingLastPathComponent() // Tests
        .deletingLastPathComponent()

    /// Where failing inputs are saved, and where inputs wait while they are checked: a trap
    /// ends the process before any message can be written, but leaves them there.
    static let outputDirectory: URL = FileManager.default.temporaryDirectory
        .appendingPathComponent("promo-robustness-\(ProcessInfo.processInfo.processIdentifier)")

    /// Says once per process where the inputs under check are kept.
    static let announceOutputDirectory: Void = {
        print("robustness: inputs are kept in \(outputDirectory.path) while they are checked; "
            + "if the process traps, the ones left there were running")
    }()

    /// Keeps `files` (name and bytes) in ``outputDirectory`` while they are checked; discard
    /// them with the returned closure when the check finished.
    static func keepWhileChecked(_ files: [(name: String, bytes: [UInt8])]) -> () -> Void {
        _ = announceOutputDirectory
        let paths = files.map { save($0.bytes, as: $0.name) }
        return {
            for path in paths { try? FileManager.default.removeItem(atPath: path) }
            // The folder goes too once nothing is left in it (rmdir refuses a folder in use).
            _ = rmdir(outputDirectory.path)
        }
    }

    /// A file name made of `text`'s letters and digits.
    static func slug(_ text: String) -> String {
        String(text.map { $0.isLetter || $0.isNumber ? $0 : "-" })
    }

    /// Saves `bytes` under a name and returns the path.
    static func save(_ bytes: [UInt8], as name: String) -> String {
        try? FileManager.default.createDirectory(at: outputDirectory, withIntermediateDirectories: true)
        let url = outputDirectory.appendingPathComponent(name)
        do {
            try Data(bytes).write(to: url)
            return url.path
        } catch {
            return "(could not save to \(url.path): \(error))"
        }
    }
}

// MARK: - Seed files

extension Robustness {
    struct SeedFile: Sendable {
        /// Relative to the repository root, as the command-line tool would be given it.
        var path: String
        var bytes: [UInt8]
    }

    /// Every `promos/**/*.promo`, every `stdlib/*.promo` and the language example.
    static func loadSeeds() -> [SeedFile] {
        let fileManager = FileManager.default
        var paths: [String] = []
        if let walker = fileManager.enumerator(atPath: root.appendingPathComponent("promos").path) {
            for case let relative as String in walker where relative.hasSuffix(".promo") {
                paths.append("promos/" + relative)
            }
        }
        let stdlib = (try? fileManager.contentsOfDirectory(atPath: root.appendingPathComponent("stdlib").path)) ?? []
        paths += stdlib.filter { $0.hasSuffix(".promo") }.map { "stdlib/" + $0 }
        paths.append("Tests/Fixtures/language-example.promo")
        return paths.sorted().compactMap { path in
            guard let data = fileManager.contents(atPath: root.appendingPathComponent(path).path) else { return nil }
            return SeedFile(path: path, bytes: Array(data))
        }
    }
}

// MARK: - Random numbers

extension Robustness {
    /// SplitMix64: small, fast and the same on every platform and Swift version (unlike the
    /// standard library's `random(in:using:)`, whose use of the generator is not specified).
    struct SplitMix64 {
        var state: UInt64

        init(seed: UInt64) { state = seed }

        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }

        /// A number in `0..<bound` (`bound` > 0).
        mutating func below(_ bound: Int) -> Int {
            precondition(bound > 0)
            return Int(next() % UInt64(bound))
        }

        /// A number in `range`.
        mutating func inRange(_ range: ClosedRange<Int>) -> Int {
            range.lowerBound + below(range.count)
        }

        /// True with probability `percent` / 100.
        mutating func chance(_ percent: Int) -> Bool { below(100) < percent }

        mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }
    }
}

// MARK: - Mutations

extension Robustness {
    /// Byte-level mutations of a promo file.
    struct Mutator {
        var rng: SplitMix64
        let seeds: [SeedFile]
        /// What was done, for failure messages.
        var log: [String] = []

        init(seed: UInt64, seeds: [SeedFile]) {
            rng = SplitMix64(seed: seed)
            self.seeds = seeds
        }

        static let keywords = Keyword.allCases.map(\.rawValue)

        /// Bytes inside numbers, dates, times, strings, escapes and multi-byte characters.
        static func isLiteralByte(_ b: UInt8) -> Bool {
            (b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9")) || b >= 0x80
                || [UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: ":"), UInt8(ascii: "."), UInt8(ascii: "%"),
                    UInt8(ascii: "-"), UInt8(ascii: "T"), UInt8(ascii: "{")].contains(b)
        }

        /// Fragments worth inserting: punctuation, digits, literals on the edge of validity, quotes,
        /// line breaks, and whole and partial multi-byte UTF-8 sequences.
        static let fragments: [[UInt8]] = {
            let text = [
                "(", ")", "{", "}", "\"", "#", "\n", "\r\n", "\r", "\t", " ", ",", ".", "..", ":", "=", "==",
                "!=", "!", "<", "<=", ">", ">=", "+=", "-=", "-", "+", "*", "%", "/", "\\", "\\u{", "\\u{41}",
                "_", "0", "7", "9", "00", "1_000", "1__0", "99999999999999999999", "0.5", "1.2.3", "20%", "%%",
                "500.00", "2026-12-01", "2026-02-30", "2026-13-01", "2026-12-01T10:00", "2026-12-01T1", "08:00",
                "24:00", "99:99", "1:", "12:3", "14 days", "0.350 kg", "\"\\", "\"{saved}\"", "\"unterminated",
                "Д", "молоко", "Молочная неделя", "€", "😀", "é", "\u{301}", "“", "”", "«", "»", "–", "\u{00A0}",
                "\u{FEFF}", "\u{200B}", ";", "&", "|", "[", "]", "'", "`", "@", "$", "^", "~", "?",
            ]
            var all = text.map { Array($0.utf8) }
            all += [
                [0xD0],                   // first byte of a Cyrillic letter
                [0xD0, 0x94, 0xD0],       // a whole one and the start of the next
                [0xE2, 0x82],             // two of the three bytes of €
                [0xF0, 0x9F, 0x98],       // three of the four bytes of an emoji
                [0x80], [0xBF], [0xC0, 0xAF], [0xFE], [0xFF], [0xED, 0xA0, 0x80], // invalid sequences
                [0x00], [0x00, 0x00], [0x7F], [0x1B], [0x0B], [0x0C],
                [0xEF, 0xBB, 0xBF],       // byte order mark
            ]
            return all
        }()

        /// Applies one to four mutations.
        mutating func mutate(_ input: [UInt8]) -> [UInt8] {
            var bytes = input
            for _ in 0..<rng.inRange(1...4) {
                bytes = mutateOnce(bytes)
            }
            return bytes
        }

        mutating func mutateOnce(_ bytes: [UInt8]) -> [UInt8] {
            var bytes = bytes
            switch rng.below(13) {
            case 0, 1:
                // Half the cuts fall inside a literal or a multi-byte character.
                var at = rng.below(bytes.count + 1)
                if rng.chance(50), let inside = (at..<bytes.count).first(where: { Mutator.isLiteralByte(bytes[$0]) }) {
                    at = inside + 1
                }
                log.append("truncate at byte \(at)")
                bytes.removeSubrange(at...)
            case 2:
                guard !bytes.isEmpty else { return insertFragment(bytes) }
                let at = rng.below(bytes.count)
                let bit = UInt8(1) << UInt8(rng.below(8))
                log.append("flip bit \(bit) of byte \(at)")
                bytes[at] ^= bit
            case 3:
                guard !bytes.isEmpty else { return insertFragment(bytes) }
                let at = rng.below(bytes.count)
                let value = UInt8(truncatingIfNeeded: rng.next())
                log.append("replace byte \(at) by \(value)")
                bytes[at] = value
            case 4, 5:
                return insertFragment(bytes)
            case 6:
                let at = insertionPoint(bytes)
                let run = (0..<rng.inRange(1...8)).map { _ in UInt8(rng.inRange(0x20...0x7E)) }
                log.append("insert \(run.count) random ASCII bytes at \(at)")
                bytes.insert(contentsOf: run, at: at)
            case 7:
                guard !bytes.isEmpty else { return insertFragment(bytes) }
                let start = rng.below(bytes.count)
                let length = min(bytes.count - start, rng.chance(80) ? rng.inRange(1...16) : rng.inRange(1...400))
                log.append("delete bytes \(start)..<\(start + length)")
                bytes.removeSubrange(start..<(start + length))
            case 8, 9:
                return mutateLines(bytes)
            case 10:
                return splice(bytes)
            case 11:
                return replaceWord(bytes)
            default:
                // A run of one fragment: nesting and repetition.
                let fragment = rng.pick(["(", "{", "}", "-", "not ", "\"", "#", "\n", ", a", " and x"])
                let count = rng.inRange(2...100)
                let at = rng.below(bytes.count + 1)
                log.append("insert \(count) × \(String(reflecting: fragment)) at \(at)")
                bytes.insert(contentsOf: Array(String(repeating: fragment, count: count).utf8), at: at)
            }
            return bytes
        }

        /// Where to insert: anywhere, but the end of the file more often than chance would say, as
        /// a literal cut by the end of the file is where lexers go wrong.
        mutating func insertionPoint(_ bytes: [UInt8]) -> Int {
            rng.chance(10) ? bytes.count : rng.below(bytes.count + 1)
        }

        mutating func insertFragment(_ bytes: [UInt8]) -> [UInt8] {
            var bytes = bytes
            let fragment = rng.pick(Mutator.fragments)
            let at = insertionPoint(bytes)
            log.append("insert \(fragment.map { String($0, radix: 16) }) at \(at)")
            bytes.insert(contentsOf: fragment, at: at)
            return bytes
        }

        mutating func mutateLines(_ bytes: [UInt8]) -> [UInt8] {
            var lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map(Array.init)
            let a = rng.below(lines.count), b = rng.below(lines.count)
            switch rng.below(4) {
            case 0:
                log.append("duplicate line \(a + 1)")
                lines.insert(lines[a], at: a)
            case 1:
                log.append("swap lines \(a + 1) and \(b + 1)")
                lines.swapAt(a, b)
            case 2:
                log.append("delete line \(a + 1)")
                lines.remove(at: a)
            default:
                log.append("move line \(a + 1) before line \(b + 1)")
                let line = lines.remove(at: a)
                lines.insert(line, at: min(b, lines.count))
            }
            return Array(lines.joined(separator: [UInt8(ascii: "\n")]))
        }

        /// Copies a chunk of some seed file (maybe this one) into a random place, sometimes over
        /// what was there.
        mutating func splice(_ bytes: [UInt8]) -> [UInt8] {
            var bytes = bytes
            let donor = rng.pick(seeds)
            guard !donor.bytes.isEmpty else { return insertFragment(bytes) }
            let start = rng.below(donor.bytes.count)
            let length = min(donor.bytes.count - start, rng.inRange(1...300))
            let chunk = donor.bytes[start..<(start + length)]
            let at = rng.below(bytes.count + 1)
            let replaced = rng.chance(50) ? min(bytes.count - at, rng.inRange(0...100)) : 0
            log.append("splice \(donor.path)[\(start)..<\(start + length)] over \(at)..<\(at + replaced)")
            bytes.replaceSubrange(at..<(at + replaced), with: chunk)
            return bytes
        }

        /// Replaces a word (a run of letters, digits, `_` or non-ASCII bytes) by a keyword.
        mutating func replaceWord(_ bytes: [UInt8]) -> [UInt8] {
            var bytes = bytes
            let keyword = Array(rng.pick(Mutator.keywords).utf8)
            func isWordByte(_ b: UInt8) -> Bool {
                (b >= UInt8(ascii: "a") && b <= UInt8(ascii: "z")) || (b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z"))
                    || (b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9")) || b == UInt8(ascii: "_") || b >= 0x80
            }
            var at = bytes.isEmpty ? 0 : rng.below(bytes.count)
            while at < bytes.count, !isWordByte(bytes[at]) { at += 1 }
            guard at < bytes.count else {
                log.append("append keyword \(String(decoding: keyword, as: UTF8.self))")
                return bytes + [UInt8(ascii: " ")] + keyword
            }
            var start = at, end = at
            while start > 0, isWordByte(bytes[start - 1]) { start -= 1 }
            while end < bytes.count, isWordByte(bytes[end]) { end += 1 }
            log.append("replace word at \(start)..<\(end) by keyword \(String(decoding: keyword, as: UTF8.self))")
            bytes.replaceSubrange(start..<end, with: keyword)
            return bytes
        }
    }
}

// MARK: - Running the checker under a watchdog

extension Robustness {
    /// What one front-end run produced, validated on the worker thread.
    struct CheckReport: Sendable {
        /// Every broken promise, as a sentence.
        var problems: [String] = []
        var diagnostics = 0
        var errors = 0
        /// Lexical and syntax errors (P00xx, P01xx).
        var syntaxErrors = 0
        var seconds = 0.0
        /// The diagnostics themselves, for tests that expect particular ones.
        var found: [Diagnostic] = []
    }

    /// Holds the worker's report; the semaphore orders the write before the read.
    private final class ReportBox: @unchecked Sendable {
        var report: CheckReport?
    }

    enum Watchdog {
        /// Checks `inputs` and validates the result on a thread of its own; nil when it did not
        /// finish within `timeout` seconds (the thread is then left running: it cannot be stopped).
        static func check(_ inputs: [SourceInput], options: FrontendOptions = FrontendOptions(),
                          timeout: Double) -> CheckReport? {
            let box = ReportBox()
            let done = DispatchSemaphore(value: 0)
            let thread = Thread {
                box.report = Validation.checkAndValidate(inputs, options: options)
                done.signal()
            }
            thread.stackSize = Robustness.workerStackSize
            thread.name = "promo-robustness"
            thread.start()
            guard done.wait(timeout: .now() + timeout) == .success else { return nil }
            return box.report
        }
    }

    enum Validation {
        /// Runs the front end and checks what it says: every diagnostic located inside its file
        /// with a valid line and column, every diagnostic renderable as text and as JSON, and a
        /// missing program explained by at least one error.
        static func checkAndValidate(_ inputs: [SourceInput], options: FrontendOptions) -> CheckReport {
            let started = DispatchTime.now()
            let result = Frontend.check(inputs, options: options)
            var report = CheckReport()
            report.diagnostics = result.diagnostics.count
            report.found = result.diagnostics
            report.errors = result.errorCount

            let files = result.sources.files
            var renderable: [Diagnostic] = []
            for d in result.diagnostics {
                let path = d.labels.first.flatMap { Int($0.span.file.raw) < files.count ? files[Int($0.span.file.raw)].path : nil }
                let name = "\(d.severity.rawValue)[\(d.code.rawValue)] \(String(reflecting: d.message))"
                    + (path.map { " in \($0)" } ?? "")
                if d.severity == .error, d.code.rawValue < "P0200" { report.syntaxErrors += 1 }
                if d.message.isEmpty { report.problems.append("\(name): empty message") }
                guard let primary = d.labels.first else {
                    report.problems.append("\(name): no label, so no location")
                    continue
                }
                if !primary.isPrimary { report.problems.append("\(name): the first label is not primary") }
                var spansValid = true
                for (i, label) in d.labels.enumerated() {
                    let span = label.span
                    let which = i == 0 ? "primary span" : "label \(i) span"
                    guard span.file.raw >= 0, Int(span.file.raw) < files.count else {
                        report.problems.append("\(name): \(which) \(span) names file \(span.file.raw) of \(files.count)")
                        spansValid = false
                        continue
                    }
                    let size = files[Int(span.file.raw)].bytes.count
                    if !(0 <= span.start && span.start <= span.end && Int(span.end) <= size) {
                        report.problems.append("\(name): \(which) \(span) is not within its file of \(size) bytes")
                        spansValid = false
                    }
                }
                guard spansValid else { continue }
                let (file, start, end) = result.sources.location(of: d.span)
                if start.line < 1 || start.column < 1 || start.line > file.lineCount {
                    report.problems.append("\(name): location \(start.line):\(start.column) is not in \(file.path)")
                }
                if end < start {
                    report.problems.append("\(name): ends at \(end.line):\(end.column), before its start")
                }
                renderable.append(d)
            }
            if result.program == nil && result.errorCount == 0 {
                report.problems.append("no program, but no error says why")
            }
            if result.inputFiles.count != inputs.count {
                report.problems.append("\(inputs.count) inputs but \(result.inputFiles.count) input files")
            }

            // Rendering must not trap; the text has a location line per diagnostic, the JSON parses.
            let text = TextRenderer(sources: result.sources, colored: false).render(renderable)
            let arrows = text.components(separatedBy: "--> ").count - 1
            if arrows < renderable.count {
                report.problems.append("text rendering shows \(arrows) locations for \(renderable.count) diagnostics")
            }
            let json = JSONRenderer(sources: result.sources).render(renderable)
            switch try? JSONSerialization.jsonObject(with: Data(json.utf8)) {
            case let array as [[String: Any]] where array.count == renderable.count:
                for entry in array {
                    let line = entry["line"] as? Int ?? 0, column = entry["column"] as? Int ?? 0
                    if line < 1 || column < 1 {
                        report.problems.append("JSON location \(line):\(column) of \(entry["code"] ?? "?") is invalid")
                    }
                }
            default:
                report.problems.append("JSON rendering is not an array of \(renderable.count) objects")
            }
            report.seconds = Double(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1e9
            return report
        }
    }
}

// MARK: - The mutation run

@Suite("Robustness")
struct RobustnessTests {
    @Test("random truncations and byte mutations of every promo file never crash or hang the checker")
    func mutations() throws {
        let seeds = Robustness.loadSeeds()
        try #require(seeds.contains { $0.path == "Tests/Fixtures/language-example.promo" },
                     "the language example is missing under \(Robustness.root.path)")
        try #require(seeds.contains { $0.path.hasPrefix("stdlib/") }, "no stdlib/*.promo under \(Robustness.root.path)")

        let seed = Robustness.seed
        let requested = Robustness.requestedCases
        let total = requested ?? Robustness.defaultCases
        let budget: Double? = requested == nil ? Robustness.defaultBudgetSeconds : nil
        let caseNumbers = Robustness.onlyCase.map { [$0] } ?? Array(0..<total)
        let reproduce = "PROMO_MUTATION_SEED=\(Robustness.hex(seed))"
        print("robustness: seed \(Robustness.hex(seed)), \(caseNumbers.count) cases over \(seeds.count) files")

        let started = DispatchTime.now()
        var ran = 0, withErrors = 0, slowest = 0.0
        for number in caseNumbers {
            let elapsed = Double(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1e9
            if let budget, elapsed > budget, ran >= Robustness.minimumCases { break }

            // Every case has its own generator, so one can be rerun alone with PROMO_MUTATION_CASE.
            var mutator = Robustness.Mutator(seed: seed ^ (UInt64(number) &* 0xD1B5_4A32_D192_ED03), seeds: seeds)
            let original = seeds[number % seeds.count]
            let mutated = mutator.mutate(original.bytes)
            var inputs = [SourceInput(path: original.path, text: String(decoding: mutated, as: UTF8.self))]
            var companion = ""
            if mutator.rng.chance(25) {
                let other = mutator.rng.pick(seeds)
                let path = other.path == original.path ? "copy-of-" + other.path : other.path
                inputs.append(SourceInput(path: path, text: String(decoding: other.bytes, as: UTF8.self)))
                companion = " together with the unmutated \(other.path)"
            }
            let discard = Robustness.keepWhileChecked([("running-\(Robustness.hex(seed))-case-\(number).promo", mutated)])
            let describe = "case \(number) (\(reproduce) PROMO_MUTATION_CASE=\(number)): \(original.path)"
                + " after \(mutator.log.joined(separator: ", "))\(companion)"
            guard let report = Robustness.Watchdog.check(inputs, timeout: Robustness.caseTimeoutSeconds) else {
                let saved = Robustness.save(mutated, as: "hang-\(Robustness.hex(seed))-case-\(number).promo")
                Issue.record("""
                    the checker did not finish within \(Robustness.caseTimeoutSeconds) s on \(describe); \
                    input saved to \(saved)
                    """)
                return // the stuck thread keeps a core busy; later cases would not be meaningful
            }
            discard()
            ran += 1
            slowest = max(slowest, report.seconds)
            if report.errors > 0 { withErrors += 1 }
            if !report.problems.isEmpty {
                let saved = Robustness.save(mutated, as: "fail-\(Robustness.hex(seed))-case-\(number).promo")
                Issue.record("""
                    \(describe); input saved to \(saved):
                    \(report.problems.prefix(10).joined(separator: "\n"))
                    """)
            }
        }

        let seconds = Double(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1e9
        print("robustness: seed \(Robustness.hex(seed)): \(ran) of \(caseNumbers.count) cases in "
            + String(format: "%.1f s", seconds) + " (slowest " + String(format: "%.2f s", slowest)
            + "), \(withErrors) with errors")
        if ran < caseNumbers.count {
            print("robustness: time budget of \(Robustness.defaultBudgetSeconds) s reached; "
                + "set PROMO_MUTATION_CASES to run them all")
        }
        #expect(ran >= min(caseNumbers.count, Robustness.minimumCases))
    }

    @Test("every prefix of every fragment, cut by the end of the file")
    func fragmentsCutByTheEndOfTheFile() {
        // Each prefix is a file of its own, so each is cut by the end of its file; one check per
        // context takes them all.
        let contexts = ["", "promo p {\n  when x >= ", "segment s = customer.bought(category \"A\", last "]
        for (c, context) in contexts.enumerated() {
            var inputs: [SourceInput] = []
            for (f, fragment) in Robustness.Mutator.fragments.enumerated() {
                for length in 1...fragment.count {
                    let bytes = Array(context.utf8) + fragment.prefix(length)
                    inputs.append(SourceInput(path: "cut-\(c)-\(f)-\(length).promo", text: String(decoding: bytes, as: UTF8.self)))
                }
            }
            expectRobust(inputs, "\(inputs.count) fragments cut after \(String(reflecting: context))")
        }
    }

    @Test("every seed file checks without crashing, alone and all together")
    func unmutatedSeeds() {
        let seeds = Robustness.loadSeeds()
        let all = seeds.map { SourceInput(path: $0.path, text: String(decoding: $0.bytes, as: UTF8.self)) }
        for input in all {
            expectRobust([input], "\(input.path) unmutated")
        }
        expectRobust(all, "all seed files together")
    }
}

// MARK: - Pathological inputs

extension Robustness {
    /// A named hand-made input.
    struct Pathological: Sendable, CustomTestStringConvertible {
        var name: String
        /// Built when the test runs, not when the tests are listed.
        var make: @Sendable () -> [SourceInput]
        /// Lexical and syntax errors are not allowed (the input is well formed).
        var wellFormed = false
        /// A bound on the time of the check alone, for inputs that must be fast.
        var maxSeconds: Double?

        var testDescription: String { name }

        init(_ name: String, wellFormed: Bool = false, maxSeconds: Double? = nil, _ text: @escaping @Sendable () -> String) {
            self.name = name
            self.wellFormed = wellFormed
            self.maxSeconds = maxSeconds
            self.make = { [SourceInput(path: "pathological.promo", text: text())] }
        }

        init(_ name: String, files: @escaping @Sendable () -> [SourceInput]) {
            self.name = name
            self.make = files
        }

        static func repeated(_ s: String, _ n: Int) -> String { String(repeating: s, count: n) }

        static let languageExample: String = {
            let url = Robustness.root.appendingPathComponent("Tests/Fixtures/language-example.promo")
            return (try? String(contentsOf: url, encoding: .utf8)) ?? ""
        }()

        static let megabyte = 1 << 20
        /// Long-line variants are smaller, to keep the suite fast; they still far exceed any limit.
        static let longLine = 8 << 10

        /// `count` distinct, well-formed promos of ten lines each.
        static func manyPromos(_ count: Int) -> String {
            var text = "currency RUB\n\n"
            text.reserveCapacity(count * 330)
            for i in 0..<count {
                text += """
                    items set_\(i) = category "Food/Group \(i)" except brand "Brand \(i)"
                    promo promo_\(i) "Promo number \(i)" {
                      priority \(i + 1)
                      active   2026-12-01 .. 2026-12-07
                      hours    08:00 .. 22:00
                      when     spend(set_\(i)) >= 500.00
                      discount \(i % 90 + 1)% on set_\(i)
                      limit    1 per customer per day
                    }

                    """
            }
            return text
        }

        static let all: [Pathological] = [
            Pathological("empty file") { "" },
            Pathological("only spaces and blank lines") { repeated(" \t \n\n", 1000) },
            Pathological("only a comment without a newline") { "# nothing here" },
            Pathological("no files at all", files: { [] }),
            Pathological("10,000 nested (") { repeated("(", 10_000) },
            Pathological("10,000 nested ( in a segment") { "segment s = " + repeated("(", 10_000) + "x" },
            Pathological("10,000 nested ( closed") { "segment s = " + repeated("(", 10_000) + "x" + repeated(")", 10_000) },
            Pathological("10,000 nested ( in a promo's when") {
                "promo p {\n  priority 1\n  when " + repeated("(", 10_000) + "\n  discount 5% on all\n}\n"
            },
            Pathological("10,000 not") { "segment s = " + repeated("not ", 10_000) + "customer.app" },
            Pathological("10,000 -") { "promo p {\n  priority " + repeated("-", 10_000) + "1\n}\n" },
            Pathological("10,000 - separated") { "promo p {\n  priority " + repeated("- ", 10_000) + "1\n}\n" },
            Pathological("10,000 last") { "segment s = customer.bought(all, " + repeated("last ", 10_000) + "3 days)" },
            Pathological("10,000 nested calls") { "segment s = " + repeated("f(", 10_000) + repeated(")", 10_000) },
            Pathological("10,000 member accesses") { "segment s = customer" + repeated(".a", 10_000) + " == 1" },
            Pathological("10,000 calls in a row") { "segment s = f" + repeated("()", 10_000) },
            Pathological("10,000 nested bundle braces") {
                "promo p {\n  priority 1\n  bundle " + repeated("{ ", 10_000) + "\n}\n"
            },
            Pathological("1,000 { in a promo") { "promo p {\n" + repeated("{\n", 1_000) },
            Pathological("a file of only {") { repeated("{", 20_000) },
            Pathological("a file of only }") { repeated("}", 20_000) },
            Pathological("a file of only \"") { repeated("\"", 20_000) },
            Pathological("a file of only (") { repeated("(", 20_000) },
            Pathological("a file of only )") { repeated(")", 20_000) },
            Pathological("a file of only newlines") { repeated("\n", 20_000) },
            Pathological("a file of only #") { repeated("#", 20_000) },
            Pathological("a file of only -") { repeated("-", 20_000) },
            Pathological("a file of only .") { repeated(".", 20_000) },
            Pathological("a file of only backslashes in a string") { "\"" + repeated("\\", 20_001) },
            Pathological("a 1 MB name") { "segment " + repeated("a", megabyte) + " = true" },
            Pathological("a 64 KB unknown word") { repeated("x", 64 << 10) },
            Pathological("an 8 KB unknown clause") { "promo p {\n  " + repeated("x", longLine) + "\n}\n" },
            Pathological("an 8 KB reference") { "promo p {\n  priority 1\n  audience " + repeated("q", longLine) + "\n}\n" },
            Pathological("an 8 KB number") { "promo p {\n  priority " + repeated("9", longLine) + "\n}\n" },
            Pathological("an 8 KB decimal") { "promo p {\n  priority 1." + repeated("5", longLine) + "\n}\n" },
            Pathological("a 1 MB string") { "promo p \"" + repeated("ж", megabyte / 2) + "\" {\n  priority 1\n}\n" },
            Pathological("an 8 KB unterminated string") { "message \"" + repeated("z", longLine) },
            Pathological("a 1 MB comment") { "# " + repeated("comment ", megabyte / 8) },
            Pathological("an 8 KB line of and") { "segment s = a" + repeated(" and a", longLine / 6) },
            Pathological("an 8 KB line of or") { "segment s = a" + repeated(" or a", longLine / 5) },
            Pathological("an 8 KB line of +") { "promo p {\n  priority 1" + repeated("+1", longLine / 2) + "\n}\n" },
            Pathological("an 8 KB line of *") { "promo p {\n  priority 1" + repeated("*1", longLine / 2) + "\n}\n" },
            Pathological("an 8 KB item list") { "items i = a" + repeated(", a", longLine / 3) },
            Pathological("an 8 KB line of except") { "items i = a" + repeated(" except a", longLine / 9) },
            Pathological("an 8 KB list in parentheses") { "segment s = customer.region in (\"a\"" + repeated(", \"a\"", longLine / 5) + ")" },
            Pathological("an 8 KB sku list") { "items i = sku 1" + repeated(", 1", longLine / 3) },
            Pathological("an 8 KB call argument list") { "segment s = f(1" + repeated(", 1", longLine / 3) + ")" },
            Pathological("an 8 KB line of ranges") { "promo p {\n  priority 1\n  weekdays mon" + repeated(", mon .. fri", longLine / 12) + "\n}\n" },
            Pathological("an 8 KB line of accrue options") {
                "promo p {\n  priority 1\n  accrue 5% bonus" + repeated(" expires after 1 day", longLine / 20) + "\n}\n"
            },
            Pathological("an 8 KB line of test attributes") { "test \"t\" {\n  line" + repeated(" qty 1", longLine / 6) + "\n}\n" },
            Pathological("an 8 KB line of symbols") { repeated("=<>!+-*,.:", longLine / 10) },
            Pathological("an 8 KB line of non-ASCII") { repeated("ж€😀\u{301}", longLine / 11) },
            Pathological("an 8 KB line of invalid characters") { repeated("@", longLine) },
            Pathological("a union of 150 item sets", wellFormed: true) {
                "items i = " + (0..<150).map { "category \"C\($0)\"" }.joined(separator: ", ")
            },
            Pathological("a multi-line condition of 10,000 lines") {
                "segment s = customer.app\n" + repeated("  and customer.card\n", 10_000)
            },
            Pathological("a promo never closed, then many declarations") {
                "currency RUB\npromo open \"never closed\" {\n  priority 1\n"
                    + repeated("items x = category \"A\"\nsegment y = customer.app\npromo q {\n  priority 2\n}\n", 300)
            },
            Pathological("a promo never closed, then many indented declarations") {
                "promo open {\n  priority 1\n" + repeated("  promo q {\n    priority 2\n  }\n", 300)
            },
            Pathological("a bundle never closed, then many lines") {
                "promo p {\n  priority 1\n  bundle { 1 of sku 1,\n" + repeated("  2 of sku 2,\n", 10_000)
            },
            Pathological("a parenthesis never closed, then many lines") {
                "segment s = customer.bought(\n" + repeated("  promo q {\n    priority 2\n  }\n", 300)
            },
            Pathological("NUL bytes only") { repeated("\u{0}", 10_000) },
            Pathological("NUL bytes everywhere") {
                languageExample.unicodeScalars.map { $0 == " " ? "\u{0}" : String($0) }.joined()
            },
            Pathological("NUL bytes in a string, a name and a comment") {
                "promo p\u{0}q \"ti\u{0}tle\" {\n  priority 1\u{0}\n  message slip \"a\u{0}b\\\u{0}\"\n}\n# \u{0}\n"
            },
            Pathological("control characters") { (1..<32).map { String(UnicodeScalar(UInt8($0))) }.joined() + "\u{7F}" },
            Pathological("a byte order mark", wellFormed: true) { "\u{FEFF}" + languageExample },
            Pathological("byte order marks everywhere") { languageExample.replacingOccurrences(of: "\n", with: "\n\u{FEFF}") },
            Pathological("CRLF line endings", wellFormed: true) { languageExample.replacingOccurrences(of: "\n", with: "\r\n") },
            Pathological("CR line endings") { languageExample.replacingOccurrences(of: "\n", with: "\r") },
            Pathological("tabs for spaces", wellFormed: true) { languageExample.replacingOccurrences(of: "  ", with: "\t") },
            Pathological("form feeds and vertical tabs") { languageExample.replacingOccurrences(of: " ", with: "\u{0C}\u{0B}") },
            Pathological("Unicode line and paragraph separators") {
                languageExample.replacingOccurrences(of: "\n", with: "\u{2028}").replacingOccurrences(of: " ", with: "\u{2029}")
            },
            Pathological("no-break spaces") { languageExample.replacingOccurrences(of: " ", with: "\u{00A0}") },
            Pathological("lossily decoded invalid UTF-8") {
                String(decoding: (0...255).map { UInt8($0) } + [0xC0, 0x80, 0xED, 0xA0, 0x80, 0xF4, 0x90, 0x80, 0x80], as: UTF8.self)
            },
            Pathological("combining marks after numbers and words") { "promo p\u{301} {\n  priority 1\u{301}\n  discount 5%\u{301} on all\n}\n" },
            Pathological("50,000 lines of valid promos", wellFormed: true, maxSeconds: 10) { manyPromos(5_000) },
            Pathological("every keyword alone on a line") { Keyword.allCases.map(\.rawValue).joined(separator: "\n") },
            Pathological("every keyword alone on a line of a promo") {
                "promo p {\n" + Keyword.allCases.map { "  " + $0.rawValue }.joined(separator: "\n") + "\n}\n"
            },
            Pathological("every keyword alone on a line of tiers, restriction and test blocks") {
                ["tiers t", "restriction r", "test \"t\""].map { header in
                    header + " {\n" + Keyword.allCases.map { "  " + $0.rawValue }.joined(separator: "\n") + "\n}\n"
                }.joined()
            },
            Pathological("every keyword as every kind of name") {
                Keyword.allCases.map(\.rawValue).map { k in
                    "items \(k) = category \"\(k)\"\nsegment \(k) = \(k)\npromo \(k) {\n  priority 1\n  audience \(k)\n  discount 1% on \(k)\n}\n"
                        + "tiers \(k) {\n  level \(k) from 0 accrue 1% bonus\n}\nrestriction \(k) {\n  \(k) <= 1\n}\n"
                        + "template promo \(k)(\(k): \(k)) {\n  priority \(k)\n}\nfigure \(k)(\(k): \(k)): \(k)\n"
                }.joined()
            },
            Pathological("every keyword after every clause keyword") {
                Parser.promoClauseKeywords.map { clause in
                    "promo p_\(clause.rawValue) {\n" + Keyword.allCases.map { "  \(clause.rawValue) \($0.rawValue)" }.joined(separator: "\n") + "\n}\n"
                }.joined()
            },
            Pathological("every clause keyword without its arguments, at the end of the file") {
                Parser.promoClauseKeywords.map { "promo p {\n  \($0.rawValue)" }.joined(separator: "\n}\n")
            },
            Pathological("dates, times and numbers on the edge") {
                """
                promo p {
                  priority 0
                  active 0000-00-00 .. 9999-99-99
                  active 2026-02-29 .. 2024-02-29
                  hours 24:00 .. 24:01
                  hours 99:99 .. 1:
                  hours 12:3 .. 2026-12-01T25:00
                  when total >= 999999999999999999.99
                  when total >= 9999999999999999999
                  when total >= 1__0 + 1_ + 1.2.3 + 14days + 20%% + 2026-12-01T1
                  discount 100000000000000000% on all
                }
                2026-12-01T1
                """
            },
            Pathological("a date-time cut after the T's first digit", files: {
                ["2026-12-01T1", "2026-12-01T12", "2026-12-01T1\n", "x 2026-12-01T1x", "2026-12-01T1ж", "2026-12-01T9\u{0}"]
                    .enumerated().map { SourceInput(path: "cut-\($0.offset).promo", text: $0.element) }
            }),
            Pathological("a time cut after its colon", files: {
                ["1:", "12:", "1:2", "12:3", "1:\n", "23:5ж"].enumerated().map { SourceInput(path: "time-\($0.offset).promo", text: $0.element) }
            }),
            Pathological("escapes on the edge") {
                #"""
                promo p "\u{" { }
                promo q "\u{FFFFFFFFF}" { }
                promo r "\u{D800}\u{110000}\u{}\u{zz}" { }
                promo s "\ж\😀\"
                promo t "\
                """#
            },
            Pathological("1,000 duplicate declarations") { repeated("segment s = customer.app\n", 1_000) },
            Pathological("300 declarations referring to unknown names") {
                (0..<300).map { "segment s\($0) = s\($0)x and customer.card\n" }.joined()
            },
            Pathological("a cycle of 1,000 segments") {
                (0..<1_000).map { "segment s\($0) = s\(($0 + 1) % 1_000)\n" }.joined()
            },
            Pathological("a chain of 1,000 segments, each using the one declared after it") {
                (0..<1_000).map { "segment s\($0) = " + ($0 == 999 ? "customer.app" : "s\($0 + 1)") + "\n" }.joined()
            },
            Pathological("a chain of 1,000 item sets, each using the one declared after it") {
                (0..<1_000).map { "items i\($0) = " + ($0 == 999 ? "all" : "i\($0 + 1)") + "\n" }.joined()
            },
            Pathological("a chain of 5,000 segments") {
                (0..<5_000).map { "segment s\($0) = " + ($0 == 0 ? "customer.app" : "s\($0 - 1)") + "\n" }.joined()
            },
            Pathological("templates that use themselves and each other") {
                """
                currency RUB
                template promo me(p: Percent) {
                  use me(p)
                }
                template promo ping(p: Percent) {
                  use pong(p)
                }
                template promo pong(p: Percent) {
                  use ping(p)
                }
                template segment loop(n: Count) = loop(n) and customer.app
                template items spin(x: Items) = spin(x), x
                promo a {
                  priority 1
                  use me(5%)
                  use ping(5%)
                  audience loop(3)
                  discount 5% on spin(all)
                }
                """
            },
            Pathological("a chain of 300 segment templates") {
                (0..<300).map { "template segment t\($0)(n: Count) = " + ($0 == 299 ? "customer.app" : "t\($0 + 1)(n)") + "\n" }.joined()
                    + "segment s = t0(1)\n"
            },
            Pathological("template calls nested 60 deep") {
                "template segment t(n: Count) = customer.app\nsegment s = " + repeated("t(", 60) + "1" + repeated(")", 60)
            },
            Pathological("the same file twice", files: {
                [SourceInput(path: "a.promo", text: languageExample), SourceInput(path: "a.promo", text: languageExample)]
            }),
            Pathological("a second file that declares another currency and the std library", files: {
                [SourceInput(path: "a.promo", text: languageExample),
                 SourceInput(path: "b.promo", text: "library std\ncurrency JPY\ncurrency XXX\nlibrary\n")]
            }),
            Pathological("a file named like the stdlib", files: {
                [SourceInput(path: "stdlib/prelude.promo", text: "library std\n" + repeated("}", 10)), SourceInput(path: "", text: "")]
            }),
        ]
    }
}

extension RobustnessTests {
    @Test("pathological inputs finish and give located errors or none", arguments: Robustness.Pathological.all)
    func pathological(_ input: Robustness.Pathological) {
        let inputs = input.make()
        let files = inputs.enumerated().map { i, file in
            (name: "running-\(Robustness.slug(input.name))-\(i).promo", bytes: Array(file.text.utf8))
        }
        let discard = Robustness.keepWhileChecked(files)
        guard let report = Robustness.Watchdog.check(inputs, timeout: Robustness.pathologicalTimeoutSeconds) else {
            let saved = files.map { Robustness.save($0.bytes, as: "hang-" + $0.name.dropFirst("running-".count)) }
            Issue.record("""
                the checker did not finish within \(Robustness.pathologicalTimeoutSeconds) s on \(input.name); \
                input saved to \(saved.joined(separator: ", "))
                """)
            return
        }
        discard()
        #expect(report.problems.isEmpty, "\(input.name):\n\(report.problems.prefix(10).joined(separator: "\n"))")
        if input.wellFormed {
            #expect(report.syntaxErrors == 0, "\(input.name) is well formed but gave \(report.syntaxErrors) syntax errors")
        }
        if let limit = input.maxSeconds {
            #expect(report.seconds < limit, "\(input.name) took \(report.seconds) s; it must take under \(limit) s")
        }
    }
}

// MARK: - Helpers

extension RobustnessTests {
    /// Checks `inputs` under the watchdog and records every broken promise.
    func expectRobust(_ inputs: [SourceInput], _ what: String,
                      sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        guard let report = Robustness.Watchdog.check(inputs, timeout: Robustness.pathologicalTimeoutSeconds) else {
            Issue.record("the checker did not finish on \(what)", sourceLocation: sourceLocation)
            return
        }
        #expect(report.problems.isEmpty, "\(what):\n\(report.problems.prefix(10).joined(separator: "\n"))",
                sourceLocation: sourceLocation)
    }
}

// MARK: - Regressions

/// Inputs that once crashed, hung or misplaced an error, each with what it does now.
extension RobustnessTests {
    /// Checks one file under the watchdog and records any broken promise; nil on a hang.
    func robustReport(_ text: String, _ what: String,
                      sourceLocation: Testing.SourceLocation = #_sourceLocation) -> Robustness.CheckReport? {
        guard let report = Robustness.Watchdog.check([SourceInput(path: "regression.promo", text: text)],
                                          timeout: Robustness.pathologicalTimeoutSeconds) else {
            Issue.record("the checker did not finish on \(what)", sourceLocation: sourceLocation)
            return nil
        }
        #expect(report.problems.isEmpty, "\(what):\n\(report.problems.prefix(10).joined(separator: "\n"))",
                sourceLocation: sourceLocation)
        return report
    }

    /// The lexer stepped over the colon of a date-time's time without looking, so at the end of
    /// the file the error (and the end-of-file token) lay past the end of the file.
    @Test("regression: a date-time cut after the T's digits is reported inside the file")
    func dateTimeCutAfterItsHour() {
        for text in ["2026-12-01T1", "2026-12-01T12", "promo p {\n  active 2026-12-01T1", "2026-12-01T1x\nitems a = all"] {
            guard let report = robustReport(text, String(reflecting: text)) else { continue }
            let invalid = report.found.filter { $0.code == .invalidTime }
            #expect(invalid.count == 1, "\(String(reflecting: text)) gives \(invalid.count) invalid-time errors")
            #expect(invalid.allSatisfy { Int($0.span.end) <= text.utf8.count })
        }
    }

    /// `last` parsed its length with unbounded recursion: 10,000 of them overflowed the stack.
    @Test("regression: 10,000 `last` in a row are refused as too deeply nested")
    func manyLasts() {
        let text = "segment s = customer.bought(all, " + String(repeating: "last ", count: 10_000) + "3 days)"
        guard let report = robustReport(text, "10,000 `last`") else { return }
        #expect(report.found.contains { $0.message == "expression nested too deeply" })
    }

    /// Chains are parsed in a loop but build left-leaning trees: a megabyte of `a and a and …`
    /// made a tree 175,000 deep whose release alone overflowed the stack, and the checker walks
    /// trees recursively with large frames (a union of 450 item sets overflowed a 4 MB stack).
    @Test("regression: a megabyte of `and` is refused as too deep a tree, without a crash")
    func longChains() {
        let chain = { (n: Int) in "segment a = customer.app\nsegment s = a" + String(repeating: " and a", count: n) }
        let allowed = Int(Parser.maxHeight) - 1 // operators in a chain as high as allowed
        if let report = robustReport(chain(allowed), "\(allowed) operators") {
            #expect(report.syntaxErrors == 0, "a chain of \(allowed) operators is allowed")
        }
        if let report = robustReport(chain(allowed + 1), "\(allowed + 1) operators") {
            #expect(report.found.filter { $0.message == "expression too long" }.count == 1)
        }
        let union = "items i = " + (0...(allowed + 1)).map { "category \"C\($0)\"" }.joined(separator: ", ")
        if let report = robustReport(union, "a union of \(allowed + 2) item sets") {
            #expect(report.found.filter { $0.message == "expression too long" }.count == 1)
        }
        for text in [chain(Robustness.Pathological.megabyte / 6), "segment s = customer" + String(repeating: ".a", count: 100_000),
                     "segment s = f" + String(repeating: "()", count: 100_000)] {
            guard let report = robustReport(text, "a chain of \(text.utf8.count) bytes") else { continue }
            #expect(report.found.filter { $0.message == "expression too long" }.count == 1)
        }
    }

    /// Suggestions computed the edit distance to every candidate, at a cost of the product of
    /// the lengths: an unknown clause of a megabyte took minutes.
    @Test("regression: suggestions for a 1 MB word are quick, and unchanged for normal words")
    func suggestionsForHugeWords() {
        let started = DispatchTime.now()
        let candidates = Parser.promoClauseKeywords.map(\.rawValue)
        #expect(Suggestions.closest(to: String(repeating: "x", count: Robustness.Pathological.megabyte), among: candidates).isEmpty)
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1e9
        #expect(seconds < 5, "took \(seconds) s")
        #expect(Suggestions.closest(to: "discont", among: candidates) == ["discount"])
        #expect(Suggestions.closest(to: "weekday", among: candidates) == ["weekdays"])
        #expect(Suggestions.closest(to: "restrict", among: ["restrictions", "redeem"]) == ["restrictions"])
    }

    /// Every invalid character was an error: a line of 10,000 gave 10,000 errors, each shown
    /// with the whole line, which took minutes to render.
    @Test("regression: a line of garbage gives a few lexical errors, not one per character")
    func garbageLines() {
        for (name, text) in [("@", String(repeating: "@", count: 10_000)), ("NUL", String(repeating: "\u{0}", count: 10_000)),
                             ("!", String(repeating: "a ! ", count: 10_000))] {
            guard let report = robustReport(text, "a line of \(name)") else { continue }
            let lexical = report.found.filter { $0.code == .unexpectedCharacter }
            #expect(lexical.count == Lexer.maxErrorsPerLine, "a line of \(name) gives \(lexical.count) lexical errors")
        }
        let twoLines = "@@@@@@@@@@\n  promo p { @@@@@@@@@@ }\n"
        if let report = robustReport(twoLines, "two lines of @") {
            #expect(report.found.filter { $0.code == .unexpectedCharacter }.count == 2 * Lexer.maxErrorsPerLine)
        }
    }

    /// A block left open ends at the declaration that starts the next line; that declaration
    /// was then skipped as if it were the rest of the block's line.
    @Test("regression: the declaration after a block left open is still parsed")
    func declarationAfterAnUnclosedBlock() {
        var sources = SourceMap()
        let file = sources.add(path: "open.promo", text: """
            promo a {
              priority 1
            items x = category "A"
            segment y = customer.app
            """)
        let (syntax, diagnostics) = Parser.parse(file)
        #expect(diagnostics.map(\.code) == [.unclosedBlock])
        let kinds = syntax.declarations.map { declaration -> String in
            switch declaration.kind {
            case .promo: "promo"
            case .items: "items"
            case .segment: "segment"
            default: "other"
            }
        }
        #expect(kinds == ["promo", "items", "segment"])
    }
}
