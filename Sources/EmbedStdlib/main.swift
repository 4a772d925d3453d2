import Foundation

// Usage: EmbedStdlib OUTPUT.swift FILE.promo...
// Writes a Swift file declaring `embeddedStdlibFiles`, the name and text of each input file.

let arguments = CommandLine.arguments.dropFirst()
guard let outputPath = arguments.first else {
    FileHandle.standardError.write(Data("usage: EmbedStdlib OUTPUT.swift FILE.promo...\n".utf8))
    exit(2)
}

/// A Swift raw string literal holding `text` exactly, whatever quotes and backslashes it contains.
func rawLiteral(_ text: String) -> String {
    var hashes = "#"
    while text.contains("\"" + hashes) || text.contains(hashes + "\"") { hashes += "#" }
    return hashes + "\"\"\"\n" + text + "\n\"\"\"" + hashes
}

var swift = "// Generated from stdlib/*.promo at build time. Do not edit.\n\n"
swift += "let embeddedStdlibFiles: [(name: String, text: String)] = [\n"
for path in arguments.dropFirst() {
    let url = URL(fileURLWithPath: path)
    guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
        FileHandle.standardError.write(Data("EmbedStdlib: cannot read \(path) as UTF-8\n".utf8))
        exit(1)
    }
    swift += "    (name: \(String(reflecting: url.lastPathComponent)), text: \(rawLiteral(text))),\n"
}
swift += "]\n"
do {
    try swift.write(toFile: outputPath, atomically: true, encoding: .utf8)
} catch {
    FileHandle.standardError.write(Data("EmbedStdlib: cannot write \(outputPath): \(error)\n".utf8))
    exit(1)
}
