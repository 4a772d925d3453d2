import Foundation
import PromoDiagnostics
import PromoJSON
import PromoLanguageServer
import Testing

/// The package's root folder: its `promos/` and `stdlib/` are the files of the sessions below.
let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().path

/// A client talking to an in-process server, message by message.
final class Session {
    let server = LanguageServer()
    private var nextID = 0
    /// Every notification the server sent, oldest first.
    private(set) var notifications: [JSONValue] = []

    /// Sends a request and returns its reply (the whole message), keeping the notifications.
    func request(_ method: String, _ params: String = "null") throws -> JSONValue {
        nextID += 1
        let replies = try send(#"{"jsonrpc":"2.0","id":\#(nextID),"method":"\#(method)","params":\#(params)}"#)
        let reply = try #require(replies.first { $0["id"]?.asInt64 == Int64(nextID) })
        #expect(replies.filter { $0["id"] != nil }.count == 1)
        return reply
    }

    /// Sends a notification and returns what the server published in answer.
    @discardableResult
    func notify(_ method: String, _ params: String) throws -> [JSONValue] {
        let sent = try send(#"{"jsonrpc":"2.0","method":"\#(method)","params":\#(params)}"#)
        #expect(sent.allSatisfy { $0["id"] == nil })
        return sent
    }

    func send(_ text: String) throws -> [JSONValue] {
        let out = server.handle(body: Array(text.utf8))
        notifications += out.filter { $0["method"] != nil }
        return out
    }

    /// `didOpen` of a file with `text` in place of its contents.
    @discardableResult
    func open(_ path: String, text: String) throws -> [JSONValue] {
        try notify("textDocument/didOpen", #"{"textDocument":{"uri":\#(json(uri(path))),"languageId":"promo","version":1,"text":\#(json(text))}}"#)
    }

    /// A position request on `path` at a 0-based line and character.
    func at(_ method: String, _ path: String, _ line: Int, _ character: Int) throws -> JSONValue {
        try request(method, #"{"textDocument":{"uri":\#(json(uri(path)))},"position":{"line":\#(line),"character":\#(character)}}"#)
    }

    func initialize() throws {
        let reply = try request("initialize", #"{"processId":null,"rootUri":\#(json(DocumentURI.uri(of: packageRoot))),"capabilities":{}}"#)
        #expect(reply["result"]?["capabilities"]?["hoverProvider"]?.asBool == true)
        try notify("initialized", "{}")
    }
}

func uri(_ relative: String) -> String { DocumentURI.uri(of: packageRoot + "/" + relative) }
func json(_ text: String) -> String { JSONValue.string(text).serialized() }

/// The diagnostics published for `uri`, the last time.
func published(_ messages: [JSONValue], for uri: String) -> [JSONValue]? {
    messages.last { $0["method"]?.asString == "textDocument/publishDiagnostics" && $0["params"]?["uri"]?.asString == uri }?["params"]?["diagnostics"]?.asArray
}

func range(_ value: JSONValue?) -> [Int64] {
    [value?["start"]?["line"], value?["start"]?["character"], value?["end"]?["line"], value?["end"]?["character"]]
        .map { $0?.asInt64 ?? -1 }
}

let dairyWeek = "promos/dairy-week.promo"

@Suite struct LanguageServerTests {
    @Test func scriptedSessionOnAPromosFile() throws {
        let original = try String(contentsOfFile: packageRoot + "/" + dairyWeek, encoding: .utf8)
        // Line 10 (0-based 9) names an item set that does not exist.
        let broken = original.replacingOccurrences(of: "  discount 20% on dairy\n", with: "  discount 20% on dairi\n")
        #expect(broken != original)

        let session = Session()
        try session.initialize()

        // Diagnostics on open: the unknown name, located on the word.
        let opened = try session.open(dairyWeek, text: broken)
        let diagnostics = try #require(published(opened, for: uri(dairyWeek)))
        let unknown = try #require(diagnostics.first { $0["code"]?.asString == "P0201" })
        #expect(range(unknown["range"]) == [9, 18, 9, 23])
        #expect(unknown["severity"]?.asInt64 == 1)
        #expect(unknown["message"]?.asString?.hasPrefix("unknown item set `dairi`") == true)
        #expect(unknown["message"]?.asString?.contains("did you mean `dairy`?") == true)

        // Fixed in the editor: the diagnostics go away.
        let changed = try session.notify("textDocument/didChange", #"{"textDocument":{"uri":\#(json(uri(dairyWeek))),"version":2},"contentChanges":[{"text":\#(json(original))}]}"#)
        #expect(published(changed, for: uri(dairyWeek))?.isEmpty == true)
        #expect(changed.last?["params"]?["version"]?.asInt64 == 2)

        // Hover on `dairy` in `when spend(dairy) >= 500.00` (line 9, 0-based 8).
        let hover = try session.at("textDocument/hover", dairyWeek, 8, 22)
        let markdown = try #require(hover["result"]?["contents"]?["value"]?.asString)
        #expect(markdown.contains("items dairy   = category \"Food/Dairy\" except brand \"Premium Farm\""))
        #expect(markdown.contains("**Items** · item set · declared in `promos/common.promo:7`"))
        #expect(range(hover["result"]?["range"]) == [8, 17, 8, 22])

        // Its definition is in promos/common.promo, line 7 (0-based 6).
        let definition = try session.at("textDocument/definition", dairyWeek, 9, 20)
        #expect(definition["result"]?["uri"]?.asString == uri("promos/common.promo"))
        #expect(range(definition["result"]?["range"]) == [6, 6, 6, 11])

        // A promo named in a test: `expect discount 120.00 by dairy_week` (line 20, 0-based 19).
        let promo = try session.at("textDocument/definition", dairyWeek, 19, 30)
        #expect(promo["result"]?["uri"]?.asString == uri(dairyWeek))
        #expect(range(promo["result"]?["range"]) == [2, 6, 2, 16])
        let promoHover = try session.at("textDocument/hover", dairyWeek, 19, 30)
        #expect(promoHover["result"]?["contents"]?["value"]?.asString?.contains("promo dairy_week \"Молочная неделя: 20% на молочное\" {") == true)

        // Completion at the start of a line inside the promo: its clauses, not declarations.
        let inside = try session.at("textDocument/completion", dairyWeek, 14, 0)
        let clauseLabels = Set((inside["result"]?["items"]?.asArray ?? []).compactMap { $0["label"]?.asString })
        #expect(clauseLabels.isSuperset(of: ["priority", "discount", "when", "limit", "use"]))
        #expect(!clauseLabels.contains("promo"))
        // In an expression: every keyword and the declared names.
        let anywhere = try session.at("textDocument/completion", dairyWeek, 8, 20)
        let items = anywhere["result"]?["items"]?.asArray ?? []
        let dairy = try #require(items.first { $0["label"]?.asString == "dairy" })
        #expect(dairy["detail"]?.asString == "Items · item set")
        let labels = Set(items.compactMap { $0["label"]?.asString })
        #expect(labels.isSuperset(of: ["and", "category", "dairy", "churned", "dairy_week", "n_plus_one"]))

        #expect(try session.request("shutdown")["result"]?.isNull == true)
        try session.notify("exit", "null")
        #expect(session.server.exitStatus == 0)
    }

    @Test func figuresAndFactsOfTheCustomer() throws {
        let session = Session()
        try session.initialize()
        let common = try String(contentsOfFile: packageRoot + "/promos/common.promo", encoding: .utf8)
        try session.open("promos/common.promo", text: common)

        // `segment churned        = customer.days_since_last_purchase >= 90` (line 15, 0-based 14).
        let hover = try session.at("textDocument/hover", "promos/common.promo", 14, 40)
        let markdown = try #require(hover["result"]?["contents"]?["value"]?.asString)
        #expect(markdown.contains("figure days_since_last_purchase: Count"))
        #expect(markdown.contains("**Count** · customer figure"))
        #expect(markdown.contains("Whole days since the last purchase before this receipt."))
        // The definition is in the stdlib copy of the package, identical to the bundled one.
        let definition = try session.at("textDocument/definition", "promos/common.promo", 14, 40)
        #expect(definition["result"]?["uri"]?.asString == uri("stdlib/customer.promo"))
        #expect(range(definition["result"]?["range"])[0] == 57)

        // A fact with its arguments: `customer.bought(category "Pets/Cats", last 180 days)`.
        let fact = try session.at("textDocument/hover", "promos/common.promo", 15, 36)
        #expect(fact["result"]?["contents"]?["value"]?.asString?.contains("`bought(category \"Pets/Cats\", last 180 days)`") == true)

        // After `customer.` the figures are offered.
        let figures = try session.at("textDocument/completion", "promos/common.promo", 14, 34)
        let labels = (figures["result"]?["items"]?.asArray ?? []).compactMap { $0["label"]?.asString }
        #expect(labels.contains("days_since_last_purchase") && labels.contains("bought") && !labels.contains("dairy"))
    }

    @Test func mistakesGetErrorRepliesNotACrash() throws {
        let session = Session()
        // Before `initialize`.
        let early = try session.request("textDocument/hover", #"{"textDocument":{"uri":"file:///x.promo"},"position":{"line":0,"character":0}}"#)
        #expect(early["error"]?["code"]?.asInt64 == -32002)
        try session.initialize()

        let garbage = try session.send("{not json")
        #expect(garbage.count == 1 && garbage[0]["error"]?["code"]?.asInt64 == -32700 && garbage[0]["id"]?.isNull == true)
        #expect(try session.send("[1, 2]").first?["error"]?["code"]?.asInt64 == -32600)
        #expect(try session.request("workspace/unknown")["error"]?["code"]?.asInt64 == -32601)
        #expect(try session.request("textDocument/hover", #"{"textDocument":{"uri":"file:///x.promo"}}"#)["error"]?["code"]?.asInt64 == -32602)
        #expect(try session.request("textDocument/hover", #"{"textDocument":{"uri":"file:///nowhere.promo"},"position":{"line":0,"character":0}}"#)["error"]?["code"]?.asInt64 == -32602)
        // Unknown notifications and notifications with bad params are ignored.
        #expect(try session.notify("$/cancelRequest", #"{"id":1}"#).isEmpty)
        #expect(try session.notify("textDocument/didChange", #"{"contentChanges":7}"#).isEmpty)

        // A document outside any folder on disk, positions past the end of lines and files.
        try session.notify("textDocument/didOpen", #"{"textDocument":{"uri":"untitled:1","version":1,"text":"items a = category \"X\"\npromo p {\n  discount 10% on a\n}\n"}}"#)
        let past = try session.request("textDocument/hover", #"{"textDocument":{"uri":"untitled:1"},"position":{"line":99,"character":99}}"#)
        #expect(past["result"]?.isNull == true)
        let onA = try session.request("textDocument/definition", #"{"textDocument":{"uri":"untitled:1"},"position":{"line":2,"character":200}}"#)
        #expect(onA["result"]?["uri"]?.asString == "untitled:1")
        #expect(range(onA["result"]?["range"]) == [0, 6, 0, 7])

        // An incremental change (a range and its new text): `on a` becomes `on b`.
        let changed = try session.notify("textDocument/didChange", #"{"textDocument":{"uri":"untitled:1","version":2},"contentChanges":[{"range":{"start":{"line":2,"character":18},"end":{"line":2,"character":19}},"text":"b"}]}"#)
        let diagnostics = published(changed, for: "untitled:1") ?? []
        let codes: [String] = diagnostics.compactMap { $0["code"]?.asString }
        #expect(codes.contains("P0201"))
        #expect(range(diagnostics.first { $0["code"]?.asString == "P0201" }?["range"]) == [2, 18, 2, 19])

        #expect(try session.request("shutdown")["result"]?.isNull == true)
        #expect(try session.request("textDocument/hover", #"{"textDocument":{"uri":"untitled:1"},"position":{"line":0,"character":0}}"#)["error"]?["code"]?.asInt64 == -32600)
        try session.notify("exit", "null")
        #expect(session.server.exitStatus == 0)
    }

    @Test func positionsCountUTF16Units() throws {
        let file = SourceFile(id: FileID(0), path: "x", text: "a😀b\nпривет мир\n")
        // 😀 is 4 bytes and 2 UTF-16 units.
        #expect(LSPPosition(offset: 5, in: file) == LSPPosition(line: 0, character: 3))
        #expect(LSPPosition(line: 0, character: 3).offset(in: file) == 5)
        #expect(LSPPosition(line: 1, character: 7).offset(in: file) == 7 + 13)
        #expect(LSPPosition(line: 0, character: 99).offset(in: file) == 6)
        #expect(LSPPosition(line: 9, character: 0).offset(in: file) == Int32(file.bytes.count))
        #expect(DocumentURI.path(of: "file:///tmp/a%20b/%D0%BC.promo") == "/tmp/a b/м.promo")
        #expect(DocumentURI.uri(of: "/tmp/a b/м.promo") == "file:///tmp/a%20b/%D0%BC.promo")
    }

    @Test func framingCutsMessagesWhereverTheBytesSplit() throws {
        let message = JSONValue.object([("jsonrpc", .string("2.0")), ("method", .string("exit"))])
        let bytes = MessageFraming.encode(message) + MessageFraming.encode(message)
        var reader = MessageFraming.Reader()
        var bodies: [[UInt8]] = []
        for byte in bytes {
            reader.append([byte])
            while let body = try reader.next() { bodies.append(body) }
        }
        #expect(bodies.count == 2)
        #expect(bodies.allSatisfy { String(decoding: $0, as: UTF8.self) == #"{"jsonrpc":"2.0","method":"exit"}"# })

        var bad = MessageFraming.Reader()
        bad.append(Array("Content-Type: x\r\n\r\n{}".utf8))
        #expect(throws: MessageFraming.HeaderError.self) { try bad.next() }
    }
}
