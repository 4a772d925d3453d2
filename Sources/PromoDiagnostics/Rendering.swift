import PromoJSON
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Renders diagnostics the way rustc does: a header with the code, the location, the source
/// line with a caret or underline under the exact place, secondary labels, notes and help.
public struct TextRenderer: Sendable {
    public var sources: SourceMap
    public var colored: Bool

    public init(sources: SourceMap, colored: Bool) {
        self.sources = sources
        self.colored = colored
    }

    /// Whether the stream behind `descriptor` is a terminal that wants colour.
    public static func wantsColor(descriptor: Int32) -> Bool {
        if let value = getenv("NO_COLOR"), value.pointee != 0 { return false }
        if let term = getenv("TERM"), String(cString: term) == "dumb" { return false }
        return isatty(descriptor) != 0
    }

    public func render(_ diagnostics: [Diagnostic]) -> String {
        diagnostics.map(render).joined(separator: "\n")
    }

    public func render(_ d: Diagnostic) -> String {
        var out = paint(d.severity.rawValue + "[\(d.code.rawValue)]", severityStyle(d.severity))
        out += paint(": " + d.message, Style.bold) + "\n"

        let gutterWidth = String(maxLineNumber(d)).count
        let pad = String(repeating: " ", count: gutterWidth)
        let bar = paint("|", Style.blue)

        for (index, group) in labelGroups(d).enumerated() {
            let file = sources[group.file]
            let first = group.labels.first { $0.isPrimary } ?? group.labels[0]
            let at = file.location(of: first.span.start)
            let arrow = index == 0 ? "-->" : ":::"
            out += pad + paint(arrow, Style.blue) + " \(file.path):\(at.line):\(at.column)\n"
            out += pad + " " + bar + "\n"
            out += snippet(file: file, labels: group.labels, severity: d.severity, pad: pad, bar: bar)
        }
        if !d.notes.isEmpty || d.help != nil { out += pad + " " + bar + "\n" }
        for note in d.notes {
            out += pad + " " + paint("=", Style.blue) + " " + paint("note", Style.bold) + ": " + note + "\n"
        }
        if let help = d.help {
            out += pad + " " + paint("=", Style.blue) + " " + paint("help", Style.bold) + ": " + help + "\n"
        }
        return out
    }

    // MARK: - Snippets

    private struct Group {
        var file: FileID
        var labels: [Label]
    }

    /// Labels grouped by file, the primary label's file first.
    private func labelGroups(_ d: Diagnostic) -> [Group] {
        var groups: [Group] = []
        for label in d.labels {
            if let i = groups.firstIndex(where: { $0.file == label.span.file }) {
                groups[i].labels.append(label)
            } else {
                groups.append(Group(file: label.span.file, labels: [label]))
            }
        }
        return groups
    }

    private func maxLineNumber(_ d: Diagnostic) -> Int {
        d.labels.map { sources[$0.span.file].location(of: $0.span.start).line }.max() ?? 1
    }

    private func snippet(file: SourceFile, labels: [Label], severity: Severity, pad: String, bar: String) -> String {
        var byLine: [Int: [Label]] = [:]
        for label in labels { byLine[file.lineIndex(of: label.span.start), default: []].append(label) }
        var out = ""
        var previous: Int?
        for line in byLine.keys.sorted() {
            if let previous, line > previous + 1 { out += paint("...", Style.blue) + "\n" }
            previous = line
            let text = file.lineText(line)
            let number = String(line + 1)
            out += paint(String(repeating: " ", count: pad.count - number.count) + number, Style.blue)
            out += " " + bar + (text.isEmpty ? "" : " " + expandTabs(text)) + "\n"
            let lineStart = file.lineStarts[line]
            let marks = byLine[line]!.sorted { $0.span.start < $1.span.start }.map { label -> Mark in
                let start = displayColumn(text, bytes: Int(label.span.start - lineStart))
                let endByte = min(Int(label.span.end - lineStart), text.utf8.count)
                let end = max(displayColumn(text, bytes: endByte), start + 1)
                return Mark(start: start, end: end, label: label,
                            style: label.isPrimary ? severityStyle(severity) : Style.blue)
            }
            let prefix = pad + " " + bar + " "
            let disjoint = zip(marks, marks.dropFirst()).allSatisfy { $0.end < $1.start }
            guard disjoint else {
                // Overlapping labels: one row each.
                for mark in marks { out += prefix + row([mark], message: mark) + "\n" }
                continue
            }
            // rustc's layout: every underline on one row, the rightmost message beside it, the
            // others below, each hanging from its underline by `|`.
            out += prefix + row(marks, message: marks.last) + "\n"
            for k in stride(from: marks.count - 2, through: 0, by: -1) where !marks[k].label.message.isEmpty {
                out += prefix + pipes(marks[...k]) + "\n"
                out += prefix + pipes(marks[..<k]) + String(repeating: " ", count: marks[k].start - width(marks[..<k]))
                    + paint(marks[k].label.message, marks[k].style) + "\n"
            }
        }
        return out
    }

    private struct Mark {
        var start: Int
        var end: Int
        var label: Label
        var style: String
    }

    /// The underlines of `marks` on one row, with the message of `message` after the last.
    private func row(_ marks: [Mark], message: Mark?) -> String {
        var out = ""
        var column = 0
        for mark in marks {
            out += String(repeating: " ", count: max(0, mark.start - column))
            out += paint(String(repeating: mark.label.isPrimary ? "^" : "-", count: mark.end - mark.start), mark.style)
            column = mark.end
        }
        if let message, !message.label.message.isEmpty { out += " " + paint(message.label.message, message.style) }
        return out
    }

    /// `|` under the start of each mark.
    private func pipes(_ marks: ArraySlice<Mark>) -> String {
        var out = ""
        var column = 0
        for mark in marks {
            out += String(repeating: " ", count: max(0, mark.start - column)) + paint("|", mark.style)
            column = mark.start + 1
        }
        return out
    }

    private func width(_ marks: ArraySlice<Mark>) -> Int {
        marks.last.map { $0.start + 1 } ?? 0
    }

    /// The display column (0-based) after the first `bytes` UTF-8 bytes of `line`, with tabs as
    /// four spaces.
    private func displayColumn(_ line: String, bytes: Int) -> Int {
        var column = 0
        var consumed = 0
        for scalar in line.unicodeScalars {
            if consumed >= bytes { break }
            consumed += UTF8.width(scalar)
            column += scalar == "\t" ? 4 : 1
        }
        if consumed < bytes { column += bytes - consumed }
        return column
    }

    private func expandTabs(_ s: String) -> String {
        s.contains("\t") ? s.replacingTabs() : s
    }

    // MARK: - Colour

    private enum Style {
        static let bold = "\u{1B}[1m"
        static let red = "\u{1B}[1;31m"
        static let yellow = "\u{1B}[1;33m"
        static let green = "\u{1B}[1;32m"
        static let blue = "\u{1B}[1;34m"
        static let reset = "\u{1B}[0m"
    }

    private func severityStyle(_ s: Severity) -> String {
        switch s {
        case .error: Style.red
        case .warning: Style.yellow
        case .note: Style.green
        }
    }

    private func paint(_ text: String, _ style: String) -> String {
        colored ? style + text + Style.reset : text
    }
}

private extension String {
    func replacingTabs() -> String {
        var out = ""
        for c in self { out += c == "\t" ? "    " : String(c) }
        return out
    }
}

/// Renders diagnostics as a JSON array: file, line, column, end, severity, code, message, help,
/// then every label and note.
public struct JSONRenderer: Sendable {
    public var sources: SourceMap
    public init(sources: SourceMap) { self.sources = sources }

    public func value(_ d: Diagnostic) -> JSONValue {
        let (file, start, end) = sources.location(of: d.span)
        return .object([
            ("file", .string(file.path)),
            ("line", .int(start.line)),
            ("column", .int(start.column)),
            ("end_line", .int(end.line)),
            ("end_column", .int(end.column)),
            ("severity", .string(d.severity.rawValue)),
            ("code", .string(d.code.rawValue)),
            ("message", .string(d.message)),
            ("help", d.help.map(JSONValue.string) ?? .null),
            ("labels", .array(d.labels.map(label))),
            ("notes", .array(d.notes.map(JSONValue.string))),
        ])
    }

    private func label(_ l: Label) -> JSONValue {
        let (file, start, end) = sources.location(of: l.span)
        return .object([
            ("file", .string(file.path)),
            ("line", .int(start.line)),
            ("column", .int(start.column)),
            ("end_line", .int(end.line)),
            ("end_column", .int(end.column)),
            ("message", .string(l.message)),
            ("primary", .bool(l.isPrimary)),
        ])
    }

    public func render(_ diagnostics: [Diagnostic]) -> String {
        JSONValue.array(diagnostics.map(value)).serialized(pretty: true)
    }
}
