import PromoDiagnostics
import PromoStdlib
import PromoSyntax

/// One promo source file handed to the front end.
public struct SourceInput: Sendable {
    public var path: String
    public var text: String
    public init(path: String, text: String) {
        self.path = path
        self.text = text
    }
}

/// Settings of one front-end run.
public struct FrontendOptions: Sendable {
    /// The product catalog to check categories, SKUs and brands against.
    public var catalog: Catalog?
    /// Load the bundled `stdlib/` unless the inputs bring their own `library std` files.
    public var useBundledStdlib: Bool
    /// The day of the check, for stale schedules (`--today`).
    public var today: DateLiteral?
    /// The largest worst-case discount of a line allowed (`--max-discount`).
    public var maxDiscount: Percent?

    public init(catalog: Catalog? = nil, useBundledStdlib: Bool = true, today: DateLiteral? = nil,
                maxDiscount: Percent? = nil) {
        self.catalog = catalog
        self.useBundledStdlib = useBundledStdlib
        self.today = today
        self.maxDiscount = maxDiscount
    }

    public var analysis: AnalysisOptions {
        AnalysisOptions(today: today, maxDiscount: maxDiscount, catalog: catalog)
    }
}

/// What the front end found: every diagnostic, and the checked program when there were no errors.
public struct FrontendResult: Sendable {
    public var sources: SourceMap
    /// Sorted by file and position.
    public var diagnostics: [Diagnostic]
    /// The checked program; nil when there are errors.
    public var program: Program?
    /// The files the caller gave (the bundled stdlib excluded).
    public var inputFiles: [FileID]

    public var errorCount: Int { diagnostics.count { $0.severity == .error } }
    public var warningCount: Int { diagnostics.count { $0.severity == .warning } }
}

/// The front end of the promo compiler: parses the given files with the standard library,
/// resolves names, checks types and clauses and runs the whole-set analyses.
public enum Frontend {
    public static func check(_ inputs: [SourceInput], options: FrontendOptions = FrontendOptions()) -> FrontendResult {
        var sources = SourceMap()
        var parsed: [SourceFileSyntax] = []
        var bag = DiagnosticBag()
        var inputFiles: [FileID] = []

        for input in inputs {
            let file = sources.add(path: input.path, text: input.text)
            inputFiles.append(file.id)
            let (syntax, diagnostics) = Parser.parse(file)
            parsed.append(syntax)
            bag.add(contentsOf: diagnostics)
        }
        // The inputs may carry the standard library themselves (`promo check promos/ stdlib/`);
        // then the bundled copy is not loaded a second time.
        let bringsStdlib = parsed.contains { $0.libraryName == "std" }
        if options.useBundledStdlib && !bringsStdlib {
            for (path, text) in Stdlib.files {
                let file = sources.add(path: path, text: text)
                let (syntax, diagnostics) = Parser.parse(file)
                parsed.append(syntax)
                bag.add(contentsOf: diagnostics)
            }
        }

        var checker = Checker(sources: sources, files: parsed, catalog: options.catalog)
        let program = checker.run()
        bag.add(contentsOf: checker.diagnostics)
        bag.add(contentsOf: Analysis.run(program, options: options.analysis))
        return FrontendResult(sources: sources, diagnostics: bag.sorted(),
                              program: bag.hasErrors ? nil : program, inputFiles: inputFiles)
    }
}

extension SourceFileSyntax {
    /// The library a file belongs to (`library std`), if any.
    public var libraryName: String? {
        for declaration in declarations {
            if case .library(let name) = declaration.kind { return name.text }
        }
        return nil
    }
}
