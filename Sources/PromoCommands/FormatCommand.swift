import ArgumentParser
import Foundation
import PromoDiagnostics
import PromoSyntax

/// What `promo fmt` was asked to do.
public struct FormatOptions: Sendable {
    /// Files and folders; folders are searched for `*.promo` files.
    public var paths: [String]
    /// Write nothing: list the files that would change and fail when there are any.
    public var check: Bool
    public var color: ColorChoice
    /// The folder relative paths are taken from; nil means the current directory.
    public var directory: String?

    public init(paths: [String], check: Bool = false, color: ColorChoice = .auto, directory: String? = nil) {
        self.paths = paths
        self.check = check
        self.color = color
        self.directory = directory
    }
}

/// `promo fmt`: rewrites promo files in the canonical layout (see ``SourceFormatter``).
public enum Format {
    /// Formats the files and returns the exit code: 0 when every file is (or now is) formatted;
    /// 1 when a file does not parse, cannot be written or, under `check`, would change; 2 when
    /// a path cannot be read.
    public static func run(_ options: FormatOptions, output: CommandOutput) -> Int32 {
        let colored = options.color.colors(.standardError, of: output)
        let directory = options.directory ?? FileManager.default.currentDirectoryPath
        let (files, problems) = InputFiles.discover(options.paths, in: directory)
        guard problems.isEmpty else {
            for problem in problems { output.write(problem.rendered(colored: colored), to: .standardError) }
            return ExitStatus.usage
        }

        var changed: [String] = []
        var failed = 0
        var unreadable = false
        var sources = SourceMap()
        for input in files {
            guard let data = FileManager.default.contents(atPath: input.fullPath) else {
                let problem = InputProblem("cannot read `\(input.displayPath)`: permission denied")
                output.write(problem.rendered(colored: colored), to: .standardError)
                unreadable = true
                failed += 1
                continue
            }
            guard let text = String(data: data, encoding: .utf8) else {
                report("`\(input.displayPath)` is not UTF-8 text; left as it is", colored: colored, output: output)
                failed += 1
                continue
            }
            let file = sources.add(path: input.displayPath, text: text)
            switch SourceFormatter.format(file) {
            case .invalid(let diagnostics):
                let renderer = TextRenderer(sources: sources, colored: colored)
                output.write(renderer.render(diagnostics) + "\n", to: .standardError)
                report("`\(input.displayPath)` does not parse; left as it is", colored: colored, output: output)
                failed += 1
            case .changesMeaning(let difference):
                report("formatting `\(input.displayPath)` would change what it says (\(difference)); left as it is",
                       colored: colored, output: output)
                failed += 1
            case .formatted(let formatted):
                guard formatted != text else { continue }
                changed.append(input.displayPath)
                if options.check {
                    output.write(input.displayPath + "\n", to: .standardOutput)
                } else if let problem = writeAtomically(formatted, to: input.fullPath) {
                    report("cannot write `\(input.displayPath)`: \(problem); left as it is", colored: colored, output: output)
                    changed.removeLast()
                    failed += 1
                }
            }
        }

        let verb = options.check ? "would reformat" : "reformatted"
        var summary = "\(verb) \(changed.count) of \(counted(files.count, "file"))"
        if failed > 0 { summary += ", \(failed) left as \(failed == 1 ? "it is" : "they are")" }
        output.write(summary + "\n", to: .standardError)
        if unreadable { return ExitStatus.usage }
        if failed > 0 || (options.check && !changed.isEmpty) { return ExitStatus.failure }
        return ExitStatus.success
    }

    private static func report(_ message: String, colored: Bool, output: CommandOutput) {
        let head = colored ? "\u{1B}[1;31merror\u{1B}[0m\u{1B}[1m: " : "error: "
        output.write(head + message + (colored ? "\u{1B}[0m\n" : "\n"), to: .standardError)
    }

    /// Replaces the file at `path` with `text` in one step: the text goes to a new file beside
    /// it (with the same permissions), which is then renamed over it. Returns what went wrong.
    static func writeAtomically(_ text: String, to path: String) -> String? {
        let folder = (path as NSString).deletingLastPathComponent
        let name = (path as NSString).lastPathComponent
        let temporary = (folder.isEmpty ? "" : folder + "/") + "." + name + ".fmt-" + UUID().uuidString
        let manager = FileManager.default
        var attributes: [FileAttributeKey: Any] = [:]
        if let permissions = (try? manager.attributesOfItem(atPath: path))?[.posixPermissions] {
            attributes[.posixPermissions] = permissions
        }
        guard manager.createFile(atPath: temporary, contents: Data(text.utf8), attributes: attributes) else {
            return "cannot create a file in `\(folder.isEmpty ? "." : folder)`"
        }
        if rename(temporary, path) != 0 {
            let reason = String(cString: strerror(errno))
            try? manager.removeItem(atPath: temporary)
            return reason
        }
        return nil
    }
}

/// The `fmt` subcommand.
public struct FormatCommand: OutputCommand {
    public static let configuration = CommandConfiguration(
        commandName: "fmt",
        abstract: "Rewrite promo files in the canonical layout.",
        discussion: """
            Each path is a promo file or a folder, searched recursively for *.promo files. Every \
            file is laid out as the language's examples are: two spaces per block, clause values \
            in one column, one space between tokens, comments kept where they are, at most one \
            blank line in a row. Only the layout changes: a file is written only when it lexes \
            to the same tokens and comments afterwards, and a file that does not parse is \
            reported and left as it is. Files are replaced in one step (a new file renamed over \
            the old one).

            With --check nothing is written: the files that would change are listed on standard \
            output.

            Exit status: 0 when every file is formatted; 1 when a file does not parse or cannot \
            be written, or with --check when a file would change; 2 when a path cannot be read.
            """
    )

    @Argument(help: "Promo files, or folders to search for *.promo files.")
    public var paths: [String]

    @Flag(help: "Write nothing; list the files that would change and exit with status 1 if there are any.")
    public var check = false

    @Option(help: "When to colour messages: auto (on a terminal, unless NO_COLOR is set), always or never.")
    public var color: ColorChoice = .auto

    public init() {}

    public func run(output: CommandOutput) -> Int32 {
        Format.run(FormatOptions(paths: paths, check: check, color: color), output: output)
    }
}
