import Foundation
import PromoJSON
import PromoLanguageServer
import Testing

/// The `promo` executable built beside the tests, if there is one.
let promoExecutable: String? = {
    let candidates = [CommandLine.arguments.first, Bundle.main.executablePath, Bundle.main.bundlePath].compactMap { $0 }
    for start in candidates {
        var folder = URL(fileURLWithPath: start)
        for _ in 0..<4 {
            folder = folder.deletingLastPathComponent()
            let path = folder.appendingPathComponent("promo").path
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), !isFolder.boolValue,
               FileManager.default.isExecutableFile(atPath: path) {
                return path
            }
        }
    }
    return nil
}()

/// A short session, framed: initialize, open dairy-week.promo with a mistake, hover, shutdown, exit.
func framedSession() throws -> [UInt8] {
    let original = try String(contentsOfFile: packageRoot + "/" + dairyWeek, encoding: .utf8)
    let broken = original.replacingOccurrences(of: "  discount 20% on dairy\n", with: "  discount 20% on dairi\n")
    let messages = [
        #"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"processId":null,"rootUri":null,"capabilities":{}}}"#,
        #"{"jsonrpc":"2.0","method":"initialized","params":{}}"#,
        #"{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":\#(json(uri(dairyWeek))),"languageId":"promo","version":1,"text":\#(json(broken))}}}"#,
        #"{"jsonrpc":"2.0","id":2,"method":"textDocument/hover","params":{"textDocument":{"uri":\#(json(uri(dairyWeek)))},"position":{"line":8,"character":22}}}"#,
        #"{"jsonrpc":"2.0","id":3,"method":"shutdown"}"#,
        #"{"jsonrpc":"2.0","method":"exit"}"#,
    ]
    return messages.flatMap { body -> [UInt8] in
        let bytes = Array(body.utf8)
        return Array("Content-Length: \(bytes.count)\r\n\r\n".utf8) + bytes
    }
}

/// The messages of a framed stream.
func unframed(_ bytes: [UInt8]) throws -> [JSONValue] {
    var reader = MessageFraming.Reader()
    reader.append(bytes)
    var messages: [JSONValue] = []
    while let body = try reader.next() { messages.append(try JSONParser.parse(body)) }
    return messages
}

/// What the framed session must answer.
func expectSessionReplies(_ messages: [JSONValue]) {
    #expect(messages.first?["id"]?.asInt64 == 1)
    #expect(messages.first?["result"]?["capabilities"]?["definitionProvider"]?.asBool == true)
    let diagnostics = published(messages, for: uri(dairyWeek)) ?? []
    #expect(diagnostics.map { $0["code"]?.asString } == ["P0201"])
    #expect(range(diagnostics.first?["range"]) == [9, 18, 9, 23])
    let hover = messages.first { $0["id"]?.asInt64 == 2 }
    #expect(hover?["result"]?["contents"]?["value"]?.asString?.contains("**Items** · item set") == true)
    #expect(messages.contains { $0["id"]?.asInt64 == 3 && $0["result"]?.isNull == true })
}

@Suite struct TransportTests {
    @Test func sessionThroughAPipe() throws {
        let input = Pipe()
        input.fileHandleForWriting.write(Data(try framedSession()))
        try input.fileHandleForWriting.close()
        let outputPath = FileManager.default.temporaryDirectory.path + "/promo-lsp-" + UUID().uuidString
        #expect(FileManager.default.createFile(atPath: outputPath, contents: nil))
        defer { try? FileManager.default.removeItem(atPath: outputPath) }
        let output = try #require(FileHandle(forWritingAtPath: outputPath))
        let status = StdioTransport.run(input: input.fileHandleForReading, output: output)
        try output.close()
        #expect(status == 0)
        expectSessionReplies(try unframed(Array(try Data(contentsOf: URL(fileURLWithPath: outputPath)))))
    }

    @Test func inputEndingBeforeExitGivesStatusOne() throws {
        let input = Pipe()
        let body = Array(#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{}}"#.utf8)
        input.fileHandleForWriting.write(Data(Array("Content-Length: \(body.count)\r\n\r\n".utf8) + body))
        try input.fileHandleForWriting.close()
        let output = Pipe()
        var logged: [String] = []
        let status = StdioTransport.run(input: input.fileHandleForReading, output: output.fileHandleForWriting) { logged.append($0) }
        #expect(status == 1)
        #expect(logged == ["promo lsp: the input ended before `exit`"])
    }

    @Test(.enabled(if: promoExecutable != nil, "the promo executable is built beside the tests"))
    func sessionWithThePromoProcess() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(promoExecutable))
        process.arguments = ["lsp"]
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        input.fileHandleForWriting.write(Data(try framedSession()))
        try input.fileHandleForWriting.close()
        let replies = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        expectSessionReplies(try unframed(Array(replies)))
    }
}
