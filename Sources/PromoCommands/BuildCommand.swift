import ArgumentParser
import Foundation
import PromoBytecode
import PromoCompiler
import PromoDiagnostics
import PromoSemantics

/// `promo build`: checks promo files and writes the bundle the VM runs.
public struct BuildCommand: OutputCommand {
    public static let configuration = CommandConfiguration(
        commandName: "build",
        abstract: "Compile promo files into a bundle for the VM.",
        discussion: """
            Checks the files as `promo check` does; with no errors, writes the bundle (the same \
            sources always give the same bytes) and lists the customer facts it needs, which the \
            loyalty server sends with each receipt.

            Exit status: 0 when the bundle is written, 1 when the sources have errors, 2 when a \
            path cannot be read or written.
            """
    )

    @Argument(help: "Promo files, or folders to search for *.promo files.")
    public var paths: [String]

    @Option(name: [.short, .long], help: "The bundle file to write.")
    public var output: String

    @Option(help: "A product catalog (CSV with the columns sku, category, brand) to check names against.")
    public var catalog: String?

    @Option(help: "When to colour diagnostics: auto, always or never.")
    public var color: ColorChoice = .auto

    @Option(help: ArgumentHelp("Sign the bundle with this private key (a file from `promo keygen`).", valueName: "key"))
    public var sign: String?

    public init() {}

    public func run(output out: CommandOutput) -> Int32 {
        var privateKey: [UInt8]?
        if let sign {
            guard let key = KeyFile.load(sign, kind: KeyFile.privateKind, output: out) else { return ExitStatus.usage }
            privateKey = key
        }
        let program: Program
        switch Compilation.program(paths: paths, directory: nil, catalogPath: catalog, color: color, output: out) {
        case .success(let p): program = p
        case .failure(let code): return code.status
        }
        let model = BundleCompiler.compile(program)
        var bytes = BundleFormat.encode(model)
        if let privateKey {
            do {
                bytes = try BundleSignature.sign(bytes, privateKey: privateKey)
            } catch {
                out.write(InputProblem("cannot sign with `\(sign ?? "")`: \(error)").rendered(colored: false), to: .standardError)
                return ExitStatus.usage
            }
        }
        do {
            try writeAtomically(bytes, to: output)
        } catch {
            out.write(InputProblem("cannot write `\(output)`: \(error.localizedDescription)").rendered(colored: false), to: .standardError)
            return ExitStatus.usage
        }
        out.write(BuildCommand.summary(model, bytes: bytes, path: output), to: .standardError)
        return ExitStatus.success
    }

    static func summary(_ model: BundleModel, bytes: [UInt8], path: String) -> String {
        let promos = model.units.filter { $0.kind == .promo }.count
        let restrictions = model.units.filter { $0.kind == .restriction }.count
        var text = "built \(path): \(counted(promos, "promo")), \(counted(model.tiers.count, "tier program")), "
        text += "\(counted(restrictions, "restriction")), \(counted(bytes.count, "byte"))\n"
        let hash = BundleFormat.contentHash(of: bytes) ?? []
        text += "  sha256 " + hash.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined() + "\n"
        if let signer = try? BundleSignature.signer(of: bytes) {
            text += "  signed by " + KeyFile.text(kind: KeyFile.publicKind, key: signer)
        }
        if !model.facts.isEmpty {
            text += "  customer facts it needs:\n"
            for fact in model.facts { text += "    \(model.strings[Int(fact.key)])  (\(fact.tag))\n" }
        }
        return text
    }
}

/// `promo disasm`: prints a bundle's tables and code.
public struct DisasmCommand: OutputCommand {
    public static let configuration = CommandConfiguration(
        commandName: "disasm",
        abstract: "Print a bundle's tables and code.",
        discussion: "The bundle is verified first; a corrupted one is refused with the reason (exit 1)."
    )

    @Argument(help: "The bundle file.")
    public var bundle: String

    public init() {}

    public func run(output out: CommandOutput) -> Int32 {
        switch BundleFile.read(bundle) {
        case .failure(let error):
            out.write("error: \(error)\n", to: .standardError)
            return ExitStatus.failure
        case .success(let (model, bytes)):
            out.write(Disassembler.listing(model, hash: BundleFormat.contentHash(of: bytes)), to: .standardOutput)
            return ExitStatus.success
        }
    }
}

/// Reading bundle files for the commands.
enum BundleFile {
    static func bytes(_ path: String) -> Result<[UInt8], BundleError> {
        guard let data = FileManager.default.contents(atPath: path) else {
            let reason = FileManager.default.fileExists(atPath: path) ? "permission denied" : "no such file"
            return .failure(.unreadable(path: path, reason: reason))
        }
        return .success([UInt8](data))
    }

    static func read(_ path: String) -> Result<(BundleModel, [UInt8]), BundleError> {
        switch bytes(path) {
        case .failure(let error): return .failure(error)
        case .success(let bytes):
            do {
                let model = try BundleFormat.decode(bytes)
                try Verifier(model).verify()
                return .success((model, bytes))
            } catch {
                return .failure(error)
            }
        }
    }
}
