import Foundation
import PromoDiagnostics

/// The two streams a command writes to.
public enum StandardStream: Sendable {
    /// Results meant for programs: JSON, bundles, reports.
    case standardOutput
    /// Messages meant for people: diagnostics, summaries, errors.
    case standardError
}

/// Where a command's text goes. The executable writes to the process's streams; tests capture
/// the text to compare it.
public protocol CommandOutput: AnyObject {
    func write(_ text: String, to stream: StandardStream)
    /// Whether `stream` is a terminal that wants colour (the meaning of `--color auto`).
    func wantsColor(_ stream: StandardStream) -> Bool
}

/// The process's standard output and standard error.
public final class StandardStreams: CommandOutput {
    public init() {}

    public func write(_ text: String, to stream: StandardStream) {
        let handle = stream == .standardOutput ? FileHandle.standardOutput : FileHandle.standardError
        handle.write(Data(text.utf8))
    }

    public func wantsColor(_ stream: StandardStream) -> Bool {
        TextRenderer.wantsColor(descriptor: stream == .standardOutput ? 1 : 2)
    }
}

/// Keeps everything written, for tests.
public final class CapturedOutput: CommandOutput {
    /// What was written to standard output.
    public private(set) var standardOutput = ""
    /// What was written to standard error.
    public private(set) var standardError = ""
    private let terminal: Bool

    /// `terminal`: whether to behave as if both streams were colour terminals.
    public init(terminal: Bool = false) {
        self.terminal = terminal
    }

    public func write(_ text: String, to stream: StandardStream) {
        switch stream {
        case .standardOutput: standardOutput += text
        case .standardError: standardError += text
        }
    }

    public func wantsColor(_ stream: StandardStream) -> Bool { terminal }
}

/// When to colour text meant for people.
public enum ColorChoice: String, CaseIterable, Sendable {
    /// Colour when the stream is a terminal and `NO_COLOR` is not set.
    case auto
    /// Always colour, even into a pipe or with `NO_COLOR` set.
    case always
    /// Never colour.
    case never

    public func colors(_ stream: StandardStream, of output: CommandOutput) -> Bool {
        switch self {
        case .auto: output.wantsColor(stream)
        case .always: true
        case .never: false
        }
    }
}

/// A one-line problem with the command's own input, such as a path that does not exist; shown
/// as `error[P0901]: cannot read `x.promo`: no such file or directory`.
public struct InputProblem: Error, Hashable, Sendable {
    public var code: DiagnosticCode
    public var message: String

    public init(_ message: String, code: DiagnosticCode = .unreadableFile) {
        self.code = code
        self.message = message
    }

    /// The line as shown to the user, ending with a line break.
    public func rendered(colored: Bool) -> String {
        let head = "error[\(code.rawValue)]"
        guard colored else { return head + ": " + message + "\n" }
        return "\u{1B}[1;31m" + head + "\u{1B}[0m" + "\u{1B}[1m" + ": " + message + "\u{1B}[0m\n"
    }
}

/// `1 file`, `2 files`, `0 errors`.
func counted(_ count: Int, _ singular: String, _ plural: String? = nil) -> String {
    "\(count) " + (count == 1 ? singular : plural ?? singular + "s")
}
