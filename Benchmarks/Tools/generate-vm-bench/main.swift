import Foundation
import PromoBenchmarkInputs
import PromoVM
import VMBenchmarkSupport

// Writes the VM benchmark's inputs to a folder and checks them:
//
//     swift run generate-vm-bench /tmp/vm-bench
//
// DIR/vm/*.promo is the 200-promo set (common.promo, core.promo and four regional files),
// DIR/vm-core/*.promo the ten core promos alone, DIR/receipts.json the receipts. It prints what
// the front end says about the set, figures about the receipts against it, and whether the
// hand-written promos agree with the VM; the exit status is 1 when they do not.
let arguments = Array(CommandLine.arguments.dropFirst())
guard let directory = arguments.first else {
    FileHandle.standardError.write(Data("usage: generate-vm-bench DIRECTORY\n".utf8))
    exit(2)
}

let inputs: VMBenchmarkInputs
do {
    inputs = try VMBenchmarkInputs.make()
} catch {
    FileHandle.standardError.write(Data("\(error)\n".utf8))
    exit(1)
}
let root = URL(fileURLWithPath: directory)
for file in inputs.set.files + inputs.set.coreFiles {
    let url = root.appendingPathComponent(file.path)
    try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    try file.text.write(to: url, atomically: true, encoding: .utf8)
}
let bundle = inputs.fullBundle
let tags = ReceiptJSON.factTags(of: bundle)
let json = "[\n" + inputs.receipts.map {
    ReceiptJSON.encode($0, decimals: bundle.currencyDecimals, factTags: tags).serialized(pretty: true)
}.joined(separator: ",\n") + "\n]\n"
try json.write(to: root.appendingPathComponent("receipts.json"), atomically: true, encoding: .utf8)

let lines = inputs.set.files.reduce(0) { $0 + $1.text.utf8.count { $0 == UInt8(ascii: "\n") } }
print("\(inputs.set.promoCount) promos in \(inputs.set.files.count) files (\(lines) lines), "
      + "\(inputs.receipts.count) receipts of \(VMBenchmarkInputs.linesPerReceipt) lines written to \(directory)")
print("check: \(inputs.warnings.count) warnings")
for warning in inputs.warnings { print("  " + warning) }
print("customer facts the bundle needs: " + bundle.factKeys.joined(separator: ", "))
var problems: [String] = []
for (title, b) in [("200 promos", bundle), ("10 core promos", inputs.coreBundle)] {
    let figures = ReceiptFigures(receipts: inputs.receipts, bundle: b)
    print("\nThe receipts against the \(title):")
    print(figures.summary)
    problems += figures.problems.map { "\(title): \($0)" }
}
for problem in problems { print("VM problem: " + problem) }
print("applied (receipts out of \(inputs.receipts.count)): "
      + Agreement.coverage(on: inputs.receipts, coreBundle: inputs.coreBundle).map { "\($0.promo) \($0.applied)" }.joined(separator: ", "))

let differences = Agreement.differences(on: inputs.receipts, coreBundle: inputs.coreBundle)
if differences.isEmpty && problems.isEmpty {
    print("\nhand-written promos and the VM agree on all \(inputs.receipts.count) receipts")
} else if !differences.isEmpty {
    print("\nhand-written promos and the VM differ:")
    for d in differences { print("  " + d) }
    exit(1)
} else {
    exit(1)
}
