// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "promo",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "promo", targets: ["promo"]),
        .library(name: "PromoSyntax", targets: ["PromoSyntax"]),
        .library(name: "PromoSemantics", targets: ["PromoSemantics"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.6.0"),
    ],
    targets: [
        // Source files, spans and the diagnostic model shared by every compiler stage.
        .target(name: "PromoDiagnostics"),
        // Lexer, syntax tree and parser of the promo language.
        .target(name: "PromoSyntax", dependencies: ["PromoDiagnostics"]),
        // The standard library sources (stdlib/*.promo), embedded at build time.
        .target(name: "PromoStdlib", plugins: ["EmbedStdlibPlugin"]),
        // Name resolution, types, clause checks and the typed model.
        .target(name: "PromoSemantics", dependencies: ["PromoSyntax", "PromoStdlib"]),
        // The commands behind the `promo` executable, callable from tests.
        .target(name: "PromoCommands", dependencies: [
            "PromoSemantics",
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
    ],
    swiftLanguageModes: [.v6]
)
