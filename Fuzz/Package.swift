// swift-tools-version: 6.1
import PackageDescription

// libFuzzer harnesses over the promo front end, the bundle loader and the receipt JSON, kept
// apart from the main package so that its build and CI never see the fuzzer flags. Each harness
// is an executable whose `main` hands its entry to libFuzzer's driver (`LLVMFuzzerRunDriver`):
// SwiftPM links an executable target's own `main`, so libFuzzer's cannot be used. Build and run them with `./run.sh` from
// this folder; docs/fuzzing.md describes the harnesses and records the figures.
//
//     swift build -c release --scratch-path .build-fuzz \
//         -Xswiftc -sanitize=fuzzer -Xswiftc -use-ld=lld
//
// `-sanitize=fuzzer` instruments every Swift target, the main package's too, for libFuzzer's
// coverage; lld because gold stops with an internal error on these links.
// A harness's file holds its `@main` beside `LLVMFuzzerTestOneInput`.
let harness: [SwiftSetting] = [.unsafeFlags(["-parse-as-library"])]

let package = Package(
    name: "PromoFuzz",
    platforms: [.macOS(.v15)],
    dependencies: [
        // Named, so that the targets below can refer to it whatever the clone's folder is called.
        .package(name: "promo", path: ".."),
        // The main package's own, for the bundle harness to reseal mutated bundles.
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
    ],
    targets: [
        // libFuzzer's driver, called from each harness's `main`.
        .target(name: "FuzzDriver", path: "Sources/FuzzDriver"),

        // What the harnesses share: the fixed receipt, the promos/ bundle, the checks of a result.
        .target(name: "FuzzSupport", dependencies: [
            .product(name: "PromoSemantics", package: "promo"),
            .product(name: "PromoCompiler", package: "promo"),
            .product(name: "PromoVM", package: "promo"),
            .product(name: "Crypto", package: "swift-crypto"),
            "FuzzDriver",
        ], path: "Sources/FuzzSupport"),

        // The bytes as promo source: lexer, parser, checker, compiler, loader and verifier.
        .executableTarget(name: "FuzzFrontend", dependencies: ["FuzzSupport"], path: "Sources/FuzzFrontend",
                          swiftSettings: harness),
        // The bytes as a bundle: decoder and verifier, then one receipt on what loads.
        .executableTarget(name: "FuzzBundle", dependencies: ["FuzzSupport"], path: "Sources/FuzzBundle",
                          swiftSettings: harness),
        // The bytes as receipt JSON against the promos/ bundle, evaluated and encoded back.
        .executableTarget(name: "FuzzReceipt", dependencies: ["FuzzSupport"], path: "Sources/FuzzReceipt",
                          swiftSettings: harness),
    ],
    swiftLanguageModes: [.v6]
)
