import ArgumentParser
import Foundation
import PromoBytecode

/// Key files of bundle signatures (``KeyText``), read and written by the commands.
enum KeyFile {
    static let privateKind = KeyText.privateKind
    static let publicKind = KeyText.publicKind

    static func text(kind: String, key: [UInt8]) -> String { KeyText.encode(kind: kind, key: key) }

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
        guard let data = FileManager.default.contents(atPath: path) else {
            return .failure(InputProblem("cannot read key file `\(path)`"))
        }
        guard let key = KeyText.decode([UInt8](data), kind: kind) else {
            return .failure(InputProblem("`\(path)` \(KeyText.problem([UInt8](data), kind: kind))"))
        }
        return .success(key)
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
