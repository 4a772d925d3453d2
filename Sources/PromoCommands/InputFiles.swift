import Foundation
import PromoSemantics

/// One promo file named by the user, directly or through a folder.
public struct InputFile: Hashable, Sendable {
    /// The path shown in diagnostics: as the user wrote it, or the folder as written joined with
    /// the file's path inside it. Never made absolute.
    public var displayPath: String
    /// The path used to open the file.
    public var fullPath: String
}

/// Turns the paths a user gives into promo files and reads them.
public enum InputFiles {
    /// The extension of promo source files.
    public static let fileExtension = "promo"

    /// The files behind `paths`: a file stands for itself (whatever its extension), a folder for
    /// every `*.promo` file below it, sorted by path; hidden files and folders are skipped. Paths
    /// are resolved against `directory`. A file named twice is taken once, where first named.
    /// Every path that does not exist, cannot be listed or holds no promo file is a problem.
    public static func discover(_ paths: [String], in directory: String) -> (files: [InputFile], problems: [InputProblem]) {
        var files: [InputFile] = []
        var problems: [InputProblem] = []
        var seen: Set<String> = []
        for path in paths {
            let (found, problem) = discover(path, in: directory, seen: &seen)
            files += found
            if let problem { problems.append(problem) }
        }
        return (files, problems)
    }

    /// The files behind `paths` (see ``discover(_:in:)``), read as UTF-8 with invalid bytes
    /// replaced by U+FFFD. Problems come in the order of the paths.
    public static func load(_ paths: [String], in directory: String) -> (inputs: [SourceInput], problems: [InputProblem]) {
        var inputs: [SourceInput] = []
        var problems: [InputProblem] = []
        var seen: Set<String> = []
        for path in paths {
            let (found, problem) = discover(path, in: directory, seen: &seen)
            if let problem { problems.append(problem) }
            for file in found {
                switch read(file) {
                case .success(let input): inputs.append(input)
                case .failure(let problem): problems.append(problem)
                }
            }
        }
        return (inputs, problems)
    }

    /// Reads one file as UTF-8, replacing invalid bytes with U+FFFD.
    public static func read(_ file: InputFile) -> Result<SourceInput, InputProblem> {
        guard FileManager.default.isReadableFile(atPath: file.fullPath),
              let data = FileManager.default.contents(atPath: file.fullPath) else {
            let reason = FileManager.default.fileExists(atPath: file.fullPath)
                ? "permission denied" : "no such file or directory"
            return .failure(InputProblem("cannot read `\(file.displayPath)`: \(reason)"))
        }
        return .success(SourceInput(path: file.displayPath, text: String(decoding: data, as: UTF8.self)))
    }

    private static func discover(_ path: String, in directory: String,
                                 seen: inout Set<String>) -> (files: [InputFile], problem: InputProblem?) {
        let full = resolve(path, in: directory)
        var isDirectory: ObjCBool = false
        guard !path.isEmpty, FileManager.default.fileExists(atPath: full, isDirectory: &isDirectory) else {
            return ([], InputProblem("cannot read `\(path)`: no such file or directory"))
        }
        var found: [InputFile] = []
        if isDirectory.boolValue {
            var visited: Set<String> = []
            var relative: [String] = []
            if let problem = collect(full, prefix: "", shown: path, into: &relative, visited: &visited) {
                return ([], problem)
            }
            guard !relative.isEmpty else {
                return ([], InputProblem("no .\(fileExtension) files in folder `\(path)`"))
            }
            relative.sort { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
            found = relative.map { InputFile(displayPath: join(path, $0), fullPath: join(full, $0)) }
        } else {
            found = [InputFile(displayPath: path, fullPath: full)]
        }
        return (found.filter { seen.insert(canonical($0.fullPath)).inserted }, nil)
    }

    // MARK: - Paths

    static func resolve(_ path: String, in directory: String) -> String {
        path.hasPrefix("/") ? path : (directory.hasSuffix("/") ? directory : directory + "/") + path
    }

    /// `promos/` + `dairy.promo` = `promos/dairy.promo`; `.` + `dairy.promo` = `dairy.promo`.
    static func join(_ folder: String, _ relative: String) -> String {
        var folder = folder
        while folder.count > 1, folder.hasSuffix("/") { folder.removeLast() }
        if folder == "." || folder.isEmpty { return relative }
        return folder == "/" ? "/" + relative : folder + "/" + relative
    }

    static func canonical(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
    }

    /// Adds the promo files below `folder` to `found`, as paths relative to the folder first
    /// given, each prefixed with `prefix`. A folder reached twice (through a link) is skipped.
    private static func collect(_ folder: String, prefix: String, shown: String, into found: inout [String],
                                visited: inout Set<String>) -> InputProblem? {
        guard visited.insert(canonical(folder)).inserted else { return nil }
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: folder)
        } catch {
            let shownFolder = prefix.isEmpty ? shown : join(shown, String(prefix.dropLast()))
            return InputProblem("cannot read folder `\(shownFolder)`: permission denied")
        }
        for name in names where !name.hasPrefix(".") {
            let full = folder + "/" + name
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: full, isDirectory: &isDirectory) else { continue }
            if isDirectory.boolValue {
                if let problem = collect(full, prefix: prefix + name + "/", shown: shown, into: &found, visited: &visited) {
                    return problem
                }
            } else if name.hasSuffix("." + fileExtension) {
                found.append(prefix + name)
            }
        }
        return nil
    }
}
