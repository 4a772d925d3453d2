import Foundation
import PromoBenchmarkInputs
import PromoDiagnostics
import PromoSemantics

// Writes the benchmark's promo set to a folder and checks it with the front end:
//
//     swift run generate-promos /tmp/bench-promos [PROMOS] [FILES]
//
// It prints the set's size and every diagnostic the front end reports on it.
let arguments = Array(CommandLine.arguments.dropFirst())
guard let directory = arguments.first else {
    FileHandle.standardError.write(Data("usage: generate-promos DIRECTORY [PROMOS] [FILES]\n".utf8))
    exit(2)
}
let promos = arguments.count > 1 ? Int(arguments[1]) ?? 1_000 : 1_000
let files = arguments.count > 2 ? Int(arguments[2]) ?? 20 : 20

let set = PromoSetGenerator.generate(promos: promos, files: files)
let root = URL(fileURLWithPath: directory)
try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
for file in set.files {
    // Paths are `bench/NAME.promo`; the folder given stands for `bench`.
    let name = String(file.path.split(separator: "/").last!)
    try file.text.write(to: root.appendingPathComponent(name), atomically: true, encoding: .utf8)
}
print("\(set.files.count) files, \(set.promoCount) promos, \(set.testCount) tests, \(set.lineCount) lines, "
      + "\(set.byteCount) bytes written to \(directory)")

let result = Frontend.check(set.files.map { SourceInput(path: $0.path, text: $0.text) })
print(TextRenderer(sources: result.sources, colored: false).render(result.diagnostics), terminator: "")
print("check: \(result.errorCount) errors, \(result.warningCount) warnings")
exit(result.errorCount == 0 ? 0 : 1)
