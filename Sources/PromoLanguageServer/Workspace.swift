import Foundation
import PromoDiagnostics
import PromoSemantics
import PromoSyntax

/// A document the editor has open: its text is the editor's, not the disk's.
struct OpenDocument {
    var uri: String
    /// The file's path, for `file:` URIs.
    var path: String?
    var text: String
    var version: Int?
}

/// One check of a document, as `promo check FOLDER` would check the folder the document is in:
/// the `.promo` files of that folder (open ones as the editor has them) and the standard library.
/// It answers hover, definition and completion for the document.
struct Snapshot {
    /// The files checked: the folder's, then the standard library's (unless the folder is it).
    let sources: SourceMap
    /// The document checked.
    let document: SourceFile
    /// The document's tokens.
    let tokens: [Token]
    /// The diagnostics, sorted by file and position.
    let diagnostics: [Diagnostic]
    let index: SymbolIndex
    /// The URI of every file of the folder checked (the standard library's are found on demand,
    /// see ``Workspace/stdlibURI(of:)``).
    let uris: [FileID: String]
}

/// The open documents and how to check them.
struct Workspace {
    var documents: [String: OpenDocument] = [:]
    /// Folders where a copy of the standard library may be, identical to the bundled one, so that
    /// going to a definition in it opens a real file.
    var roots: [String] = []

    /// Checks the open document `uri` with its folder; nil when it is not open.
    func snapshot(of uri: String) -> Snapshot? {
        guard let document = documents[uri] else { return nil }
        var inputs: [(input: SourceInput, uri: String)] = []
        if let path = document.path {
            let folder = (path as NSString).deletingLastPathComponent
            let openByPath = Dictionary(documents.values.compactMap { d in d.path.map { ($0, d) } },
                                        uniquingKeysWith: { first, _ in first })
            var included = false
            for name in Self.promoFiles(in: folder) {
                let full = folder == "/" ? "/" + name : folder + "/" + name
                if full == path {
                    inputs.append((SourceInput(path: path, text: document.text), uri))
                    included = true
                } else if let open = openByPath[full] {
                    inputs.append((SourceInput(path: full, text: open.text), open.uri))
                } else if let data = FileManager.default.contents(atPath: full) {
                    inputs.append((SourceInput(path: full, text: String(decoding: data, as: UTF8.self)), DocumentURI.uri(of: full)))
                }
            }
            if !included { inputs.append((SourceInput(path: path, text: document.text), uri)) }
        } else {
            inputs.append((SourceInput(path: uri, text: document.text), uri))
        }

        let result = Frontend.check(inputs.map(\.input))
        var uris: [FileID: String] = [:]
        var parsed: [(syntax: SourceFileSyntax, file: SourceFile)] = []
        var documentFile = result.sources.files[0]
        for file in result.sources.files {
            if Int(file.id.raw) < inputs.count {
                let fileURI = inputs[Int(file.id.raw)].uri
                uris[file.id] = fileURI
                if fileURI == uri { documentFile = file }
            }
            parsed.append((Parser.parse(file).syntax, file))
        }
        return Snapshot(sources: result.sources, document: documentFile, tokens: Lexer.tokenize(documentFile).tokens,
                        diagnostics: result.diagnostics, index: SymbolIndex(files: parsed), uris: uris)
    }

    /// The `.promo` files directly in `folder` (not below it), sorted; hidden files skipped.
    static func promoFiles(in folder: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return names.filter { name in
            guard !name.hasPrefix("."), name.hasSuffix(".promo") else { return false }
            var isFolder: ObjCBool = false
            let full = folder == "/" ? "/" + name : folder + "/" + name
            return FileManager.default.fileExists(atPath: full, isDirectory: &isFolder) && !isFolder.boolValue
        }.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
    }

    /// The URI of a disk copy of a bundled stdlib file (`stdlib/customer.promo`) under one of
    /// the roots or the folders above the open documents, when its text is the bundled text.
    func stdlibURI(of file: SourceFile) -> String? {
        var candidates = roots
        for document in documents.values {
            guard var folder = document.path.map({ ($0 as NSString).deletingLastPathComponent }) else { continue }
            while folder.count > 1 {
                candidates.append(folder)
                folder = (folder as NSString).deletingLastPathComponent
            }
        }
        var seen: Set<String> = []
        for root in candidates where seen.insert(root).inserted {
            let full = (root.hasSuffix("/") ? root : root + "/") + file.path
            if let data = FileManager.default.contents(atPath: full), data.elementsEqual(file.text.utf8) {
                return DocumentURI.uri(of: full)
            }
        }
        return nil
    }
}
