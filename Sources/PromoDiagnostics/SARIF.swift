import PromoJSON

/// A rule of a SARIF log: what kind of problem a result reports.
public struct SARIFRule: Hashable, Sendable {
    /// `P0201`, or `test-failure` for a failing test block.
    public var id: String
    /// A name in the style SARIF viewers show: `UnknownName`.
    public var name: String
    /// One line saying what the rule means.
    public var shortDescription: String

    public init(id: String, name: String, shortDescription: String) {
        self.id = id
        self.name = name
        self.shortDescription = shortDescription
    }

    /// The rule of a diagnostic code, described by its summary.
    public init(_ code: DiagnosticCode) {
        let caseName = String(describing: code)
        self.init(id: code.rawValue, name: caseName.prefix(1).uppercased() + caseName.dropFirst(),
                  shortDescription: code.summary)
    }

    /// The rule of failing `test` blocks.
    public static let testFailure = SARIFRule(id: "test-failure", name: "TestFailure",
                                              shortDescription: "a test block whose expectations do not hold")
}

/// A place in a source file, for a SARIF result: the path as given and a 1-based region whose
/// end is the position just after the last character.
public struct SARIFLocation: Hashable, Sendable {
    public var path: String
    public var start: SourceLocation
    public var end: SourceLocation
    /// What the place is, for related locations ("first declared here").
    public var message: String?

    public init(path: String, start: SourceLocation, end: SourceLocation, message: String? = nil) {
        self.path = path
        self.start = start
        self.end = end
        self.message = message
    }

    /// The place a span covers in `sources`.
    public init(_ span: Span, in sources: SourceMap, message: String? = nil) {
        let (file, start, end) = sources.location(of: span)
        self.init(path: file.path, start: start, end: end, message: message)
    }
}

/// One finding of a SARIF log.
public struct SARIFResult: Hashable, Sendable {
    public var ruleID: String
    public var severity: Severity
    public var message: String
    public var location: SARIFLocation
    public var related: [SARIFLocation]

    public init(ruleID: String, severity: Severity, message: String, location: SARIFLocation,
                related: [SARIFLocation] = []) {
        self.ruleID = ruleID
        self.severity = severity
        self.message = message
        self.location = location
        self.related = related
    }

    /// A diagnostic as a result: its message with the notes and the help below it, its primary
    /// label as the location and its secondary labels as related locations.
    public init(_ diagnostic: Diagnostic, sources: SourceMap) {
        var text = diagnostic.message
        let primary = diagnostic.labels[0].message
        if !primary.isEmpty { text += ": " + primary }
        for note in diagnostic.notes { text += "\nnote: " + note }
        if let help = diagnostic.help { text += "\nhelp: " + help }
        self.init(ruleID: diagnostic.code.rawValue, severity: diagnostic.severity, message: text,
                  location: SARIFLocation(diagnostic.span, in: sources),
                  related: diagnostic.labels.dropFirst().map { SARIFLocation($0.span, in: sources, message: $0.message) })
    }
}

/// Writes SARIF 2.1.0 logs (the Static Analysis Results Interchange Format), which code review
/// tools such as GitHub code scanning read to annotate promo files.
///
/// A log has one run: the `promo` driver with one rule per rule ID its results use, and the
/// results in the order given. Columns count Unicode code points, as in every other output of
/// the tools; the log says so (`columnKind`).
public enum SARIF {
    /// The name of the tool in the log.
    public static let toolName = "promo"
    /// The version of the tool in the log.
    public static let toolVersion = "0.1.0"
    public static let schema = "https://json.schemastore.org/sarif-2.1.0.json"
    public static let version = "2.1.0"

    /// The log of `results`; `rules` describes every rule ID they use (diagnostic codes are
    /// described without being listed).
    public static func log(_ results: [SARIFResult], rules extraRules: [SARIFRule] = []) -> JSONValue {
        var rules: [SARIFRule] = []
        var index: [String: Int] = [:]
        for result in results where index[result.ruleID] == nil {
            let rule = extraRules.first { $0.id == result.ruleID }
                ?? DiagnosticCode(rawValue: result.ruleID).map(SARIFRule.init)
                ?? SARIFRule(id: result.ruleID, name: result.ruleID, shortDescription: result.ruleID)
            index[result.ruleID] = rules.count
            rules.append(rule)
        }
        let driver: JSONValue = .object([
            ("name", .string(toolName)),
            ("version", .string(toolVersion)),
            ("rules", .array(rules.map(value))),
        ])
        let run: JSONValue = .object([
            ("tool", .object([("driver", driver)])),
            ("columnKind", .string("unicodeCodePoints")),
            ("results", .array(results.map { value($0, ruleIndex: index[$0.ruleID] ?? 0) })),
        ])
        return .object([
            ("$schema", .string(schema)),
            ("version", .string(version)),
            ("runs", .array([run])),
        ])
    }

    /// The log of `diagnostics` and any further results, as indented JSON.
    public static func render(_ diagnostics: [Diagnostic], sources: SourceMap, more: [SARIFResult] = [],
                              rules: [SARIFRule] = []) -> String {
        log(diagnostics.map { SARIFResult($0, sources: sources) } + more, rules: rules).serialized(pretty: true)
    }

    /// The SARIF `level` of a severity.
    public static func level(_ severity: Severity) -> String {
        switch severity {
        case .error: "error"
        case .warning: "warning"
        case .note: "note"
        }
    }

    /// A path as a URI reference: relative paths stay relative, absolute ones become `file:` URIs;
    /// characters a URI cannot hold are percent-encoded.
    public static func uri(_ path: String) -> String {
        var out = path.hasPrefix("/") ? "file://" : ""
        for byte in path.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: "/"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = String(byte, radix: 16, uppercase: true)
                out += "%" + (hex.count == 1 ? "0" : "") + hex
            }
        }
        return out
    }

    private static func value(_ rule: SARIFRule) -> JSONValue {
        .object([
            ("id", .string(rule.id)),
            ("name", .string(rule.name)),
            ("shortDescription", .object([("text", .string(rule.shortDescription))])),
            ("defaultConfiguration", .object([("level", .string(defaultLevel(rule)))])),
        ])
    }

    private static func defaultLevel(_ rule: SARIFRule) -> String {
        DiagnosticCode(rawValue: rule.id).map { level($0.defaultSeverity) } ?? "error"
    }

    private static func value(_ result: SARIFResult, ruleIndex: Int) -> JSONValue {
        var fields: [(String, JSONValue)] = [
            ("ruleId", .string(result.ruleID)),
            ("ruleIndex", .int(ruleIndex)),
            ("level", .string(level(result.severity))),
            ("message", .object([("text", .string(result.message))])),
            ("locations", .array([location(result.location, id: nil)])),
        ]
        if !result.related.isEmpty {
            fields.append(("relatedLocations", .array(result.related.enumerated().map { location($0.element, id: $0.offset + 1) })))
        }
        return .object(fields)
    }

    private static func location(_ place: SARIFLocation, id: Int?) -> JSONValue {
        var fields: [(String, JSONValue)] = []
        if let id { fields.append(("id", .int(id))) }
        fields.append(("physicalLocation", .object([
            ("artifactLocation", .object([("uri", .string(uri(place.path)))])),
            ("region", .object([
                ("startLine", .int(place.start.line)),
                ("startColumn", .int(place.start.column)),
                ("endLine", .int(place.end.line)),
                ("endColumn", .int(place.end.column)),
            ])),
        ])))
        if let message = place.message, !message.isEmpty {
            fields.append(("message", .object([("text", .string(message))])))
        }
        return .object(fields)
    }
}
