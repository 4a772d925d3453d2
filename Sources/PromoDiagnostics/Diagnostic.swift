/// How serious a diagnostic is.
public enum Severity: String, Sendable, Comparable, CaseIterable {
    case error
    case warning
    case note

    private var rank: Int {
        switch self {
        case .error: 2
        case .warning: 1
        case .note: 0
        }
    }
    public static func < (a: Severity, b: Severity) -> Bool { a.rank < b.rank }
}

/// A span with a message: the primary label marks where the problem is (`^^^`), secondary
/// labels mark related places (`---`).
public struct Label: Hashable, Sendable {
    public var span: Span
    public var message: String
    public var isPrimary: Bool

    public init(span: Span, message: String = "", isPrimary: Bool) {
        self.span = span
        self.message = message
        self.isPrimary = isPrimary
    }
}

/// One problem found in the sources: data only; ``TextRenderer`` and ``JSONRenderer`` show it.
public struct Diagnostic: Hashable, Sendable {
    public var code: DiagnosticCode
    public var severity: Severity
    /// Lowercase, without a final period: "a discount needs a percent or money".
    public var message: String
    /// The first label is primary; the others are secondary.
    public var labels: [Label]
    public var notes: [String]
    /// How to fix it, when we know.
    public var help: String?

    public init(_ code: DiagnosticCode, _ message: String, at span: Span, label: String = "",
                severity: Severity? = nil, notes: [String] = [], help: String? = nil) {
        self.code = code
        self.severity = severity ?? code.defaultSeverity
        self.message = message
        self.labels = [Label(span: span, message: label, isPrimary: true)]
        self.notes = notes
        self.help = help
    }

    /// The primary span: where the problem is.
    public var span: Span { labels[0].span }

    /// Adds a secondary label.
    public func with(_ span: Span, _ message: String) -> Diagnostic {
        var copy = self
        copy.labels.append(Label(span: span, message: message, isPrimary: false))
        return copy
    }

    public func note(_ text: String) -> Diagnostic {
        var copy = self
        copy.notes.append(text)
        return copy
    }

    public func help(_ text: String?) -> Diagnostic {
        var copy = self
        copy.help = text
        return copy
    }
}

/// Collects diagnostics of one run.
public struct DiagnosticBag: Sendable {
    public private(set) var all: [Diagnostic] = []
    public init() {}

    public mutating func add(_ diagnostic: Diagnostic) { all.append(diagnostic) }
    public mutating func add(contentsOf other: [Diagnostic]) { all.append(contentsOf: other) }

    public var errorCount: Int { all.count { $0.severity == .error } }
    public var warningCount: Int { all.count { $0.severity == .warning } }
    public var hasErrors: Bool { all.contains { $0.severity == .error } }

    /// The diagnostics ordered by file, position and code, so output never depends on the order
    /// in which checks ran.
    public func sorted() -> [Diagnostic] {
        all.enumerated().sorted { a, b in
            let x = a.element.span, y = b.element.span
            if x.file != y.file { return x.file < y.file }
            if x.start != y.start { return x.start < y.start }
            if a.element.code != b.element.code { return a.element.code.rawValue < b.element.code.rawValue }
            return a.offset < b.offset
        }.map(\.element)
    }
}
