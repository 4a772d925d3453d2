import Foundation
import PromoBenchmarkInputs
import PromoDiagnostics
import PromoSemantics
import PromoSyntax

// Writes the benchmark's promo set to a folder and checks it with the front end:
//
//     swift run generate-promos [--shared-priorities] /tmp/bench-promos [PROMOS] [FILES]
//
// It prints the set's size and every diagnostic the front end reports on it. With
// `--shared-priorities`, the variant of the analysis benchmark: promos whose order cannot matter
// share a priority.
var arguments = Array(CommandLine.arguments.dropFirst())
let sharedPriorities = arguments.first == "--shared-priorities"
if sharedPriorities { arguments.removeFirst() }
guard let directory = arguments.first else {
    FileHandle.standardError.write(Data("usage: generate-promos [--shared-priorities] DIRECTORY [PROMOS] [FILES]\n".utf8))
    exit(2)
}
let promos = arguments.count > 1 ? Int(arguments[1]) ?? 1_000 : 1_000
let files = arguments.count > 2 ? Int(arguments[2]) ?? 20 : 20

let set = PromoSetGenerator.generate(promos: promos, files: files, sharedPriorities: sharedPriorities)
let root = URL(fileURLWithPath: directory)
try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
for file in set.files {
    // Paths are `bench/NAME.promo`; the folder given stands for `bench`.
    let name = String(file.path.split(separator: "/").last!)
    try file.text.write(to: root.appendingPathComponent(name), atomically: true, encoding: .utf8)
}
print("\(set.files.count) files, \(set.promoCount) promos, \(set.testCount) tests, \(set.lineCount) lines, "
      + "\(set.byteCount) bytes written to \(directory)")

// The analysis benchmark's options (`--today 2026-12-01 --max-discount 70%`) for its variant.
let options = sharedPriorities
    ? FrontendOptions(today: DateLiteral(year: 2026, month: 12, day: 1), maxDiscount: Percent(millionths: 700_000))
    : FrontendOptions()
let clock = ContinuousClock()
let start = clock.now
let result = Frontend.check(set.files.map { SourceInput(path: $0.path, text: $0.text) }, options: options)
let elapsed = clock.now - start
print(TextRenderer(sources: result.sources, colored: false).render(result.diagnostics), terminator: "")
print("check: \(result.errorCount) errors, \(result.warningCount) warnings, in \(elapsed)")
exit(result.errorCount == 0 ? 0 : 1)
