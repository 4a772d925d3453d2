import Foundation
import PromoDiagnostics
@testable import PromoSemantics

/// Checks one file (with the bundled stdlib).
func check(_ text: String, catalog: Catalog? = nil) -> FrontendResult {
    Frontend.check([SourceInput(path: "t.promo", text: text)], options: FrontendOptions(catalog: catalog))
}

/// The program of a file that must check clean.
func program(_ text: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> Program? {
    let result = check(text)
    if !result.diagnostics.isEmpty {
        Issue.record(Comment(rawValue: TextRenderer(sources: result.sources, colored: false).render(result.diagnostics)),
                     sourceLocation: sourceLocation)
    }
    return result.program
}

/// The repository's root, from this file's place.
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

import Testing
