import Foundation
import PromoDiagnostics
import PromoJSON

/// A JSON-RPC error reply: its code and message.
public struct ResponseError: Error, Sendable, Hashable {
    public var code: Int
    public var message: String

    public init(_ code: Int, _ message: String) {
        self.code = code
        self.message = message
    }

    public static let parseError = -32700
    public static let invalidRequest = -32600
    public static let methodNotFound = -32601
    public static let invalidParams = -32602
    public static let internalError = -32603
    public static let serverNotInitialized = -32002
}

/// The language server of the promo language, without its transport: each message in gives
/// the messages out (replies and notifications), so it runs the same over stdio and in tests.
///
/// It keeps the editor's text of open documents (full sync) and on every open, change and
/// save checks the document with the other `.promo` files of its folder and the standard
/// library, as `promo check FOLDER` would, publishing the diagnostics of every open file of that
/// folder. It answers hover (the type and declaration of a name), go to definition and
/// completion. A message it cannot read gets an error reply; nothing a client sends stops it
/// but `exit`.
public final class LanguageServer {
    public static let name = "promo"
    public static let version = SARIF.toolVersion

    private var workspace = Workspace()
    /// The last check of each open document.
    private var snapshots: [String: Snapshot] = [:]
    private var initialized = false
    private var shutdownRequested = false
    /// Set by `exit`: the status the process should end with (0 after `shutdown`, 1 without).
    public private(set) var exitStatus: Int32?

    public init() {}

    /// Handles one message body as read from the stream.
    public func handle(body: [UInt8]) -> [JSONValue] {
        do {
            return handle(try JSONParser.parse(body, allowDuplicateKeys: true))
        } catch {
            return [Self.errorReply(id: .null, ResponseError(ResponseError.parseError, "invalid JSON: \(error.description)"))]
        }
    }

    /// Handles one message: a request (with an `id`) gets exactly one reply; a notification
    /// gets none, but may make the server publish diagnostics.
    public func handle(_ message: JSONValue) -> [JSONValue] {
        guard case .object = message, let method = message["method"]?.asString else {
            // A reply to a request of ours (we send none) or something that is no message.
            if case .object = message, message["id"] != nil, message["method"] == nil,
               message["result"] != nil || message["error"] != nil {
                return []
            }
            let id = message["id"].flatMap { Self.isValidID($0) ? $0 : nil } ?? .null
            return [Self.errorReply(id: id, ResponseError(ResponseError.invalidRequest, "not a JSON-RPC request or notification"))]
        }
        let params = message["params"] ?? .null
        if let id = message["id"] {
            guard Self.isValidID(id) else {
                return [Self.errorReply(id: .null, ResponseError(ResponseError.invalidRequest, "a request id must be a number or a string"))]
            }
            do {
                let (result, notifications) = try request(method, params)
                return [.object([("jsonrpc", .string("2.0")), ("id", id), ("result", result)])] + notifications
            } catch let error as ResponseError {
                return [Self.errorReply(id: id, error)]
            } catch {
                return [Self.errorReply(id: id, ResponseError(ResponseError.internalError, "\(error)"))]
            }
        }
        // Notifications never get a reply, not even an error.
        return (try? notification(method, params)) ?? []
    }

    private static func isValidID(_ id: JSONValue) -> Bool {
        switch id {
        case .int, .number, .string: true
        default: false
        }
    }

    private static func errorReply(id: JSONValue, _ error: ResponseError) -> JSONValue {
        .object([
            ("jsonrpc", .string("2.0")),
            ("id", id),
            ("error", .object([("code", .int(error.code)), ("message", .string(error.message))])),
        ])
    }

    // MARK: - Requests

    private func request(_ method: String, _ params: JSONValue) throws -> (JSONValue, [JSONValue]) {
        if method == "initialize" {
            return (initialize(params), [])
        }
        guard initialized else {
            throw ResponseError(ResponseError.serverNotInitialized, "the server is not initialized")
        }
        guard !shutdownRequested else {
            throw ResponseError(ResponseError.invalidRequest, "the server is shutting down")
        }
        switch method {
        case "shutdown":
            shutdownRequested = true
            return (.null, [])
        case "textDocument/hover":
            let (snapshot, offset) = try locate(params)
            guard let (markdown, span) = snapshot.hover(at: offset) else { return (.null, []) }
            return (.object([
                ("contents", .object([("kind", .string("markdown")), ("value", .string(markdown))])),
                ("range", rangeJSON(span, in: snapshot.document)),
            ]), [])
        case "textDocument/definition":
            let (snapshot, offset) = try locate(params)
            guard let span = snapshot.definition(at: offset),
                  let uri = snapshot.uris[span.file] ?? workspace.stdlibURI(of: snapshot.sources[span.file]) else {
                return (.null, [])
            }
            return (.object([("uri", .string(uri)), ("range", rangeJSON(span, in: snapshot.sources[span.file]))]), [])
        case "textDocument/completion":
            let (snapshot, offset) = try locate(params)
            let items = snapshot.completions(at: offset).map { entry -> JSONValue in
                .object([("label", .string(entry.label)), ("kind", .int(entry.kind)), ("detail", .string(entry.detail))])
            }
            return (.object([("isIncomplete", .bool(false)), ("items", .array(items))]), [])
        default:
            throw ResponseError(ResponseError.methodNotFound, "unknown method `\(method)`")
        }
    }

    private func initialize(_ params: JSONValue) -> JSONValue {
        initialized = true
        var roots: [String] = []
        if let uri = params["rootUri"]?.asString, let path = DocumentURI.path(of: uri) { roots.append(path) }
        if let path = params["rootPath"]?.asString { roots.append(path) }
        for folder in params["workspaceFolders"]?.asArray ?? [] {
            if let uri = folder["uri"]?.asString, let path = DocumentURI.path(of: uri) { roots.append(path) }
        }
        workspace.roots = roots
        return .object([
            ("capabilities", .object([
                ("textDocumentSync", .object([
                    ("openClose", .bool(true)),
                    ("change", .int(1)),
                    ("save", .object([("includeText", .bool(false))])),
                ])),
                ("hoverProvider", .bool(true)),
                ("definitionProvider", .bool(true)),
                ("completionProvider", .object([("triggerCharacters", .array([.string(".")]))])),
            ])),
            ("serverInfo", .object([("name", .string(Self.name)), ("version", .string(Self.version))])),
        ])
    }

    /// The snapshot of the document a position request names, and the byte offset of its position.
    private func locate(_ params: JSONValue) throws -> (Snapshot, Int32) {
        let uri = try Self.documentURI(params)
        guard let position = params["position"], let line = position["line"]?.asInt64,
              let character = position["character"]?.asInt64, line >= 0, character >= 0,
              line <= Int64(Int32.max), character <= Int64(Int32.max) else {
            throw ResponseError(ResponseError.invalidParams, "`position` must have a `line` and a `character`, whole numbers from 0")
        }
        guard let snapshot = snapshots[uri] ?? workspace.snapshot(of: uri) else {
            throw ResponseError(ResponseError.invalidParams, "the document `\(uri)` is not open")
        }
        snapshots[uri] = snapshot
        return (snapshot, LSPPosition(line: Int(line), character: Int(character)).offset(in: snapshot.document))
    }

    private static func documentURI(_ params: JSONValue) throws -> String {
        guard let uri = params["textDocument"]?["uri"]?.asString else {
            throw ResponseError(ResponseError.invalidParams, "`textDocument.uri` is missing")
        }
        return uri
    }

    // MARK: - Notifications

    private func notification(_ method: String, _ params: JSONValue) throws -> [JSONValue] {
        if method == "exit" {
            exitStatus = shutdownRequested ? 0 : 1
            return []
        }
        guard initialized, !shutdownRequested else { return [] }
        switch method {
        case "textDocument/didOpen":
            guard let item = params["textDocument"], let uri = item["uri"]?.asString, let text = item["text"]?.asString else {
                return []
            }
            workspace.documents[uri] = OpenDocument(uri: uri, path: DocumentURI.path(of: uri), text: text,
                                                    version: item["version"]?.asInt64.map { Int($0) })
            return check(uri)
        case "textDocument/didChange":
            let uri = try Self.documentURI(params)
            guard var document = workspace.documents[uri], let changes = params["contentChanges"]?.asArray else { return [] }
            for change in changes {
                guard let text = change["text"]?.asString else { continue }
                if let range = change["range"] {
                    document.text = Self.applying(text, in: range, to: document.text)
                } else {
                    document.text = text
                }
            }
            document.version = params["textDocument"]?["version"]?.asInt64.map { Int($0) } ?? document.version
            workspace.documents[uri] = document
            return check(uri)
        case "textDocument/didSave":
            let uri = try Self.documentURI(params)
            guard workspace.documents[uri] != nil else { return [] }
            return check(uri)
        case "textDocument/didClose":
            let uri = try Self.documentURI(params)
            workspace.documents[uri] = nil
            snapshots[uri] = nil
            return [publish(uri: uri, version: nil, [])]
        default:
            // `initialized`, `$/cancelRequest`, `workspace/didChangeConfiguration` and the like.
            return []
        }
    }

    /// An incremental change: `text` in place of `range`.
    private static func applying(_ text: String, in range: JSONValue, to old: String) -> String {
        let file = SourceFile(id: FileID(0), path: "", text: old)
        func offset(_ position: JSONValue?) -> Int32? {
            guard let line = position?["line"]?.asInt64, let character = position?["character"]?.asInt64,
                  line >= 0, character >= 0, line <= Int64(Int32.max), character <= Int64(Int32.max) else { return nil }
            return LSPPosition(line: Int(line), character: Int(character)).offset(in: file)
        }
        guard let start = offset(range["start"]), let end = offset(range["end"]), start <= end else { return old }
        let bytes = file.bytes
        return String(decoding: bytes[..<Int(start)] + Array(text.utf8) + bytes[Int(end)...], as: UTF8.self)
    }

    /// Checks an open document and publishes the diagnostics of every open file checked with it.
    private func check(_ uri: String) -> [JSONValue] {
        guard let snapshot = workspace.snapshot(of: uri) else { return [] }
        // The other open files of the folder see this one's new text at their next check.
        for other in snapshot.uris.values where other != uri { snapshots[other] = nil }
        snapshots[uri] = snapshot
        var byFile: [FileID: [Diagnostic]] = [:]
        for diagnostic in snapshot.diagnostics { byFile[diagnostic.span.file, default: []].append(diagnostic) }
        var messages: [JSONValue] = []
        for (id, fileURI) in snapshot.uris.sorted(by: { $0.key < $1.key }) {
            guard let document = workspace.documents[fileURI] else { continue }
            messages.append(publish(uri: fileURI, version: document.version,
                                    (byFile[id] ?? []).map { diagnosticJSON($0, snapshot) }))
        }
        return messages
    }

    private func publish(uri: String, version: Int?, _ diagnostics: [JSONValue]) -> JSONValue {
        var params: [(String, JSONValue)] = [("uri", .string(uri))]
        if let version { params.append(("version", .int(version))) }
        params.append(("diagnostics", .array(diagnostics)))
        return .object([
            ("jsonrpc", .string("2.0")),
            ("method", .string("textDocument/publishDiagnostics")),
            ("params", .object(params)),
        ])
    }

    private func diagnosticJSON(_ diagnostic: Diagnostic, _ snapshot: Snapshot) -> JSONValue {
        var message = diagnostic.message
        let primary = diagnostic.labels[0].message
        if !primary.isEmpty { message += ": " + primary }
        for note in diagnostic.notes { message += "\nnote: " + note }
        if let help = diagnostic.help { message += "\nhelp: " + help }
        let severity = switch diagnostic.severity {
        case .error: 1
        case .warning: 2
        case .note: 3
        }
        var fields: [(String, JSONValue)] = [
            ("range", rangeJSON(diagnostic.span, in: snapshot.sources[diagnostic.span.file])),
            ("severity", .int(severity)),
            ("code", .string(diagnostic.code.rawValue)),
            ("source", .string("promo")),
            ("message", .string(message)),
        ]
        let related = diagnostic.labels.dropFirst().compactMap { label -> JSONValue? in
            let file = snapshot.sources[label.span.file]
            guard let uri = snapshot.uris[label.span.file] ?? workspace.stdlibURI(of: file) else { return nil }
            return .object([
                ("location", .object([("uri", .string(uri)), ("range", rangeJSON(label.span, in: file))])),
                ("message", .string(label.message.isEmpty ? "related" : label.message)),
            ])
        }
        if !related.isEmpty { fields.append(("relatedInformation", .array(related))) }
        return .object(fields)
    }
}
