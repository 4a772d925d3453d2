// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "promo",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "promo", targets: ["promo"]),
        .library(name: "PromoSyntax", targets: ["PromoSyntax"]),
        .library(name: "PromoSemantics", targets: ["PromoSemantics"]),
        .library(name: "PromoCompiler", targets: ["PromoCompiler"]),
        // The VM alone, for point-of-sale software: no compiler inside.
        .library(name: "PromoVM", targets: ["PromoVM"]),
        // The VM for tills in C, C++, Java or .NET: libpromovm, with Sources/CPromoVM/include/promo_vm.h.
        .library(name: "promovm", type: .dynamic, targets: ["PromoVMC"]),
        // The dry-run over historical receipts, for the benchmarks.
        .library(name: "PromoHistory", targets: ["PromoHistory"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    ],
    targets: [
        // JSON values with exact numbers: the receipt and result format, and JSON diagnostics.
        .target(name: "PromoJSON"),
        // Source files, spans and the diagnostic model shared by every compiler stage.
        .target(name: "PromoDiagnostics", dependencies: ["PromoJSON"]),
        // Lexer, syntax tree and parser of the promo language.
        .target(name: "PromoSyntax", dependencies: ["PromoDiagnostics"]),
        // The standard library sources (stdlib/*.promo), embedded at build time.
        .target(name: "PromoStdlib", plugins: ["EmbedStdlibPlugin"]),
        // The bundle file format shared by the compiler and the VM: the opcode table, the
        // encoder and decoder, the verifier and the disassembler.
        .target(name: "PromoBytecode", dependencies: [.product(name: "Crypto", package: "swift-crypto")]),
        // Name resolution, types, clause checks and the typed model.
        .target(name: "PromoSemantics", dependencies: ["PromoSyntax", "PromoStdlib", "PromoJSON"]),
        // Code generation: the checked program to a bundle.
        .target(name: "PromoCompiler", dependencies: ["PromoSemantics", "PromoBytecode"]),
        // The VM: evaluates receipts against a verified bundle. Imports nothing of the compiler.
        .target(name: "PromoVM", dependencies: ["PromoBytecode", "PromoJSON"]),
        // The header of the VM's C interface (include/promo_vm.h) and the checks of its structs.
        .target(name: "CPromoVM"),
        // The VM's C interface: the functions of promo_vm.h, over PromoVM.
        .target(name: "PromoVMC", dependencies: ["PromoVM", "PromoJSON", "PromoBytecode", "CPromoVM"]),
        // Runs the `test` blocks of promo files through the compiled bundle and the VM.
        .target(name: "PromoTestRunner", dependencies: ["PromoCompiler", "PromoVM"]),
        // The reference evaluator: BRIEF.md's semantics followed step by step over the checked
        // program, for clarity and not speed. It shares no evaluation code with the compiler's
        // back end or the VM (only the VM's receipt and result types), so that the two can be
        // tested against each other.
        .target(name: "PromoReference", dependencies: ["PromoSemantics", "PromoVM", "PromoBytecode"]),
        // The analysts' side: the history database (read-only through GRDB), the synthetic
        // chain generator, customer figures computed from history, the dry-run and its report.
        .target(name: "PromoHistory", dependencies: [
            "PromoSemantics", "PromoVM", "PromoJSON",
            .product(name: "GRDB", package: "GRDB.swift"),
            // SQLite's own functions, for reading columns in the replay's inner loop.
            .product(name: "GRDBSQLite", package: "GRDB.swift"),
        ]),
        // The language server behind `promo lsp`: diagnostics, hover, definition and completion
        // for editors, over JSON-RPC.
        .target(name: "PromoLanguageServer", dependencies: [
            "PromoSyntax", "PromoSemantics", "PromoDiagnostics", "PromoJSON",
        ]),
        // The commands behind the `promo` executable, callable from tests.
        .target(name: "PromoCommands", dependencies: [
            "PromoSemantics", "PromoCompiler", "PromoVM", "PromoTestRunner", "PromoHistory", "PromoLanguageServer",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .executableTarget(name: "promo", dependencies: ["PromoCommands"]),

        // Build-time tool and plugin that embed stdlib/ into PromoStdlib.
        .executableTarget(name: "EmbedStdlib"),
        .plugin(name: "EmbedStdlibPlugin", capability: .buildTool(), dependencies: ["EmbedStdlib"],
                path: "Sources/EmbedStdlibPlugin"),

        .testTarget(name: "PromoSyntaxTests", dependencies: ["PromoSyntax"]),
        .testTarget(name: "PromoSemanticsTests", dependencies: ["PromoSemantics"]),
        .testTarget(name: "PromoCommandsTests", dependencies: ["PromoCommands"], exclude: ["Golden"]),
        .testTarget(name: "PromoLanguageServerTests", dependencies: [
            "PromoLanguageServer", "PromoCommands", "PromoJSON", "PromoDiagnostics",
        ]),
        .testTarget(name: "PromoHistoryTests", dependencies: [
            "PromoHistory", "PromoCommands", "PromoCompiler", "PromoSemantics", "PromoVM",
            .product(name: "GRDB", package: "GRDB.swift"),
        ]),
        .testTarget(name: "PromoReferenceTests", dependencies: [
            "PromoReference", "PromoSemantics", "PromoCompiler", "PromoVM", "PromoTestRunner",
        ]),
        .testTarget(name: "PromoDifferentialTests", dependencies: [
            "PromoReference", "PromoSemantics", "PromoCompiler", "PromoVM", "PromoTestRunner",
        ]),
        .testTarget(name: "PromoVMTests", dependencies: [
            "PromoVM", "PromoCompiler", "PromoTestRunner", "PromoVMC", "CPromoVM",
            .product(name: "Crypto", package: "swift-crypto"),
        ], exclude: ["Cases"]),
    ],
    swiftLanguageModes: [.v6]
)
