import Foundation
import PromoJSON

/// Runs a ``LanguageServer`` over a pair of byte streams with the base protocol's framing:
/// standard input and output for `promo lsp`, pipes in tests.
public enum StdioTransport {
    /// Reads messages from `input` until `exit` or the end of the stream, writing every reply
    /// and notification to `output`, and returns the exit status: 0 after `shutdown` and `exit`,
    /// 1 otherwise (the stream ended first, or a header could not be read). `log` receives
    /// what is worth telling whoever started the server (on standard error for `promo lsp`).
    public static func run(server: LanguageServer = LanguageServer(), input: FileHandle, output: FileHandle,
                           log: (String) -> Void = { _ in }) -> Int32 {
        var reader = MessageFraming.Reader()
        while true {
            let chunk = input.availableData
            if chunk.isEmpty {
                log("promo lsp: the input ended before `exit`")
                return 1
            }
            reader.append(chunk)
            while true {
                let body: [UInt8]
                do {
                    guard let next = try reader.next() else { break }
                    body = next
                } catch {
                    log("promo lsp: \(error.message); stopping")
                    return 1
                }
                for message in server.handle(body: body) {
                    output.write(Data(MessageFraming.encode(message)))
                }
                if let status = server.exitStatus { return status }
            }
        }
    }
}
