import ArgumentParser
import Foundation
import PromoBytecode

/// Key files of bundle signatures: one line, a kind and the raw key in base64.
///
///     promo-ed25519-private 9fD0…=
///     promo-ed25519-public  kE3r…=
enum KeyFile {
    static let privateKind = "promo-ed25519-private"
    static let publicKind = "promo-ed25519-public"

    static func text(kind: String, key: [UInt8]) -> String {
        kind + " " + Data(key).base64EncodedString() + "\n"
    }

    /// The key of the key file at `path`, or nil after writing what is wrong to standard error.
    static func load(_ path: String, kind: String, output: CommandOutput) -> [UInt8]? {
        switch read(path, kind: kind) {
        case .success(let key): return key
        case .failure(let problem):
            output.write(problem.rendered(colored: false), to: .standardError)
            return nil
        }
    }

    /// The key of a key file of `kind`; the error names the file and what is wrong.
    static func read(_ path: String, kind: String) -> Result<[UInt8], InputProblem> {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            return .failure(InputProblem("cannot read key file `\(path)`"))
        }
        let parts = text.split(whereSeparator: \.isWhitespace)
        guard parts.count == 2, parts[0] == kind,
              let key = Data(base64Encoded: String(parts[1])), key.count == BundleSignature.keySize else {
            let other = kind == privateKind ? publicKind : privateKind
            let hint = parts.first.map { String($0) } == other ? " (it is a \(other == publicKind ? "public" : "private") key)" : ""
            return .failure(InputProblem("`\(path)` is not a \(kind == privateKind ? "private" : "public") key file\(hint): expected one line `\(kind) BASE64`"))
        }
        return .success([UInt8](key))
    }
}

/// `promo keygen`: writes a new Ed25519 key pair for signing bundles.
public struct KeygenCommand: OutputCommand {
    public static let configuration = CommandConfiguration(
        commandName: "keygen",
        abstract: "Write a new key pair for signing bundles.",
        discussion: """
            Writes NAME.key (the private key, readable by its owner only: keep it in CI's secrets) \
            and NAME.pub (the public key the tills trust). `promo build --sign NAME.key` signs a \
            bundle; `promo eval --trusted-key NAME.pub` runs only bundles signed with it. An \
            existing file is never overwritten.
            """
    )

    @Option(name: [.short, .long], help: "The key files' path without extension: writes NAME.key and NAME.pub.")
    public var out: String

    public init() {}

    public func run(output: CommandOutput) -> Int32 {
        let privatePath = out + ".key", publicPath = out + ".pub"
        for path in [privatePath, publicPath] where FileManager.default.fileExists(atPath: path) {
            output.write(InputProblem("`\(path)` exists already; choose another name or remove it").rendered(colored: false), to: .standardError)
            return ExitStatus.usage
        }
        let (privateKey, publicKey) = BundleSignature.generateKey()
        do {
            try writeAtomically(Array(KeyFile.text(kind: KeyFile.privateKind, key: privateKey).utf8), to: privatePath)
            _ = chmod(privatePath, 0o600)
            try writeAtomically(Array(KeyFile.text(kind: KeyFile.publicKind, key: publicKey).utf8), to: publicPath)
        } catch {
            try? FileManager.default.removeItem(atPath: privatePath)
            output.write(InputProblem("cannot write the key files: \(error.localizedDescription)").rendered(colored: false), to: .standardError)
            return ExitStatus.usage
        }
        output.write("wrote \(privatePath) (private: keep it secret) and \(publicPath) (public)\n", to: .standardError)
        return ExitStatus.success
    }
}
