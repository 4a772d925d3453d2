import Foundation
import PromoCompiler
import PromoDiagnostics
import PromoSemantics

/// Reads promo files and checks them, printing any diagnostic: the first step of `build` and
/// `test`.
enum Compilation {
    /// The checked program, or the exit status to stop with.
    /// `extra` sources are checked with the files (a dry-run's segment probe).
    static func program(paths: [String], directory: String?, catalogPath: String?, color: ColorChoice,
                        output: CommandOutput, extra: [SourceInput] = []) -> Result<Program, ExitCodeValue> {
        let colored = color.colors(.standardError, of: output)
        let directory = directory ?? FileManager.default.currentDirectoryPath
        var (inputs, problems) = InputFiles.load(paths, in: directory)
        inputs += extra
        var options = FrontendOptions()
        if let catalogPath {
            switch Check.loadCatalog(catalogPath, in: directory) {
            case .success(let catalog): options.catalog = catalog
            case .failure(let problem): problems.append(problem)
            }
        }
        guard problems.isEmpty else {
            for problem in problems { output.write(problem.rendered(colored: colored), to: .standardError) }
            return .failure(ExitCodeValue(ExitStatus.usage))
        }
        let result = Frontend.check(inputs, options: options)
        if !result.diagnostics.isEmpty {
            output.write(TextRenderer(sources: result.sources, colored: colored).render(result.diagnostics) + "\n", to: .standardError)
        }
        guard let program = result.program else {
            output.write(Check.summary(files: inputs.count, result: result) + "\n", to: .standardError)
            return .failure(ExitCodeValue(ExitStatus.failure))
        }
        return .success(program)
    }
}

/// An exit status carried as an error.
struct ExitCodeValue: Error {
    var status: Int32
    init(_ status: Int32) { self.status = status }
}

/// Writes `bytes` to `path` whole or not at all: into a temporary file beside it, then renamed.
func writeAtomically(_ bytes: [UInt8], to path: String) throws {
    let url = URL(fileURLWithPath: path)
    var isFolder: ObjCBool = false
    let folder = url.deletingLastPathComponent()
    guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isFolder), isFolder.boolValue else {
        throw CocoaError(.fileNoSuchFile, userInfo: [NSLocalizedDescriptionKey: "no such folder `\(folder.path)`"])
    }
    let temporary = url.deletingLastPathComponent()
        .appendingPathComponent(".\(url.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).tmp")
    do {
        try Data(bytes).write(to: temporary)
        // rename(2) replaces the old file in one step: readers see the old bundle or the new one.
        guard rename(temporary.path, url.path) == 0 else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSLocalizedDescriptionKey: String(cString: strerror(errno))])
        }
    } catch {
        try? FileManager.default.removeItem(at: temporary)
        throw error
    }
}
