import PromoDiagnostics
import PromoSyntax

/// A declaration an editor can show and jump to.
public struct DeclaredName: Sendable {
    public enum Kind: Sendable, Hashable {
        case items, segment, promo, tiers, restriction, figure
        case template(TemplateKind)
        /// A level of a tier program: `loyalty.gold`.
        case level(program: String)
        /// A parameter of a template, inside that template.
        case parameter
    }

    public var name: String
    public var kind: Kind
    /// The name where it is declared.
    public var nameSpan: Span
    /// The whole declaration.
    public var span: Span
    /// The type of the name in expressions (`Items`, `Count`), or what it is (`promo`).
    public var type: String
    /// The declaration as written: its first line, or the whole of a short item set or segment.
    public var signature: String
    /// The comment lines right above the declaration, without their `#`.
    public var documentation: String?

    /// What the name is, in words: "item set", "customer figure".
    public var phrase: String {
        switch kind {
        case .items: "item set"
        case .segment: "segment"
        case .promo: "promo"
        case .tiers: "tier program"
        case .restriction: "restriction"
        case .figure: "customer figure"
        case .template(let kind): "\(kind.rawValue) template"
        case .level(let program): "level of tier program `\(program)`"
        case .parameter: "template parameter"
        }
    }
}

/// The names declared by a set of parsed files, found the way the checker finds them: a user
/// declaration hides a library's, customer figures live apart, levels belong to their program.
public struct SymbolIndex: Sendable {
    /// Item sets, segments, promos, tier programs, restrictions and templates by name.
    public private(set) var names: [String: DeclaredName] = [:]
    /// Customer figures by name (read as `customer.NAME`).
    public private(set) var figures: [String: DeclaredName] = [:]
    /// The levels of each tier program.
    public private(set) var levels: [String: [DeclaredName]] = [:]
    /// Template parameters, each with the span of its template.
    public private(set) var parameters: [(template: Span, parameter: DeclaredName)] = []

    public init(files: [(syntax: SourceFileSyntax, file: SourceFile)]) {
        var libraryNames: Set<String> = []
        var libraryFigures: Set<String> = []
        for (syntax, file) in files {
            let isLibrary = syntax.libraryName != nil
            for declaration in syntax.declarations {
                for found in Self.declared(declaration, in: file) {
                    switch found.kind {
                    case .figure:
                        Self.add(found, to: &figures, libraryNames: &libraryFigures, isLibrary: isLibrary)
                    case .level(let program):
                        levels[program, default: []].append(found)
                    case .parameter:
                        parameters.append((declaration.span, found))
                    default:
                        Self.add(found, to: &names, libraryNames: &libraryNames, isLibrary: isLibrary)
                    }
                }
            }
        }
    }

    /// The first declaration of a name wins, except that a user declaration hides a library's.
    private static func add(_ name: DeclaredName, to table: inout [String: DeclaredName], libraryNames: inout Set<String>,
                            isLibrary: Bool) {
        if table[name.name] == nil {
            table[name.name] = name
            if isLibrary { libraryNames.insert(name.name) }
        } else if !isLibrary, libraryNames.contains(name.name) {
            table[name.name] = name
            libraryNames.remove(name.name)
        }
    }

    /// The parameter `name` of the template whose declaration holds `offset`.
    public func parameter(_ name: String, at offset: Int32, file: FileID) -> DeclaredName? {
        parameters.first { entry in
            entry.template.file == file && entry.template.start <= offset && offset <= entry.template.end
                && entry.parameter.name == name
        }?.parameter
    }

    // MARK: - Reading declarations

    private static func declared(_ declaration: Declaration, in file: SourceFile) -> [DeclaredName] {
        let documentation = comment(above: declaration.span, in: file)
        func make(_ name: Identifier, _ kind: DeclaredName.Kind, type: String, whole: Bool = false) -> DeclaredName {
            DeclaredName(name: name.text, kind: kind, nameSpan: name.span, span: declaration.span, type: type,
                         signature: whole ? text(of: declaration.span, in: file, maxLines: 6) : firstLine(of: declaration.span, in: file),
                         documentation: documentation)
        }
        switch declaration.kind {
        case .currency, .library, .test:
            return []
        case .items(let named):
            return [make(named.name, .items, type: "Items", whole: true)]
        case .segment(let named):
            return [make(named.name, .segment, type: "Segment", whole: true)]
        case .promo(let promo):
            return [make(promo.name, .promo, type: "promo")]
        case .restriction(let restriction):
            return [make(restriction.name, .restriction, type: "restriction")]
        case .tiers(let tiers):
            var found = [make(tiers.name, .tiers, type: "tier program")]
            for clause in tiers.clauses {
                guard case .level(let level) = clause.kind else { continue }
                found.append(DeclaredName(name: level.name.text, kind: .level(program: tiers.name.text),
                                          nameSpan: level.name.span, span: clause.span, type: "Segment",
                                          signature: text(of: clause.span, in: file, maxLines: 1), documentation: nil))
            }
            return found
        case .template(let template):
            let type = switch template.kind {
            case .promo: "promo template"
            case .segment: "Segment"
            case .items: "Items"
            }
            var found = [make(template.name, .template(template.kind), type: type)]
            for parameter in template.parameters {
                found.append(DeclaredName(name: parameter.name.text, kind: .parameter, nameSpan: parameter.name.span,
                                          span: parameter.name.span.to(parameter.type.span), type: parameter.type.text,
                                          signature: "\(parameter.name.text): \(parameter.type.text)", documentation: nil))
            }
            return found
        case .figure(let figure):
            return [make(figure.name, .figure, type: figure.type.text)]
        }
    }

    /// The text of the line a span starts on, from the span's start, without trailing spaces
    /// or a comment.
    static func firstLine(of span: Span, in file: SourceFile) -> String {
        let line = file.lineIndex(of: span.start)
        let lineEnd = line + 1 < file.lineCount ? file.lineStarts[line + 1] : Int32(file.bytes.count)
        let end = min(span.end, lineEnd)
        return trimmed(file.text(of: Span(file: span.file, start: span.start, end: end)))
    }

    /// The text of a span, cut after `maxLines` lines (with `…`).
    static func text(of span: Span, in file: SourceFile, maxLines: Int) -> String {
        let lines = file.text(of: span).split(separator: "\n", omittingEmptySubsequences: false).map { trimmed(String($0)) }
        let kept = lines.prefix(maxLines)
        return kept.joined(separator: "\n") + (lines.count > maxLines ? " …" : "")
    }

    /// The comment lines right above the line a span starts on (none when a blank line is between).
    static func comment(above span: Span, in file: SourceFile) -> String? {
        var line = file.lineIndex(of: span.start) - 1
        var lines: [String] = []
        while line >= 0 {
            let text = file.lineText(line).drop { $0 == " " || $0 == "\t" }
            guard text.hasPrefix("#") else { break }
            var body = text.dropFirst()
            if body.hasPrefix(" ") { body = body.dropFirst() }
            lines.append(String(body))
            line -= 1
        }
        guard !lines.isEmpty else { return nil }
        return lines.reversed().joined(separator: "\n")
    }

    /// Without trailing spaces and without a trailing `# comment` (outside strings).
    static func trimmed(_ line: String) -> String {
        var inString = false
        var escaped = false
        var cut = line.endIndex
        for index in line.indices {
            let c = line[index]
            if inString {
                if escaped { escaped = false } else if c == "\\" { escaped = true } else if c == "\"" { inString = false }
            } else if c == "\"" {
                inString = true
            } else if c == "#" {
                cut = index
                break
            }
        }
        var result = line[..<cut]
        while let last = result.last, last == " " || last == "\t" || last == "\r" { result.removeLast() }
        return String(result)
    }
}
