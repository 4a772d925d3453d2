// swift-tools-version: 6.1
import PackageDescription

// Benchmarks of the promo compiler, kept apart from the main package so that its build and CI
// do not fetch or compile the benchmark harness. Run from this folder (a release build):
//
//     swift package benchmark
//
// docs/benchmarks.md records the figures.
let package = Package(
    name: "PromoBenchmarks",
    platforms: [.macOS(.v14)],
    dependencies: [
        // Named, so that the targets below can refer to it whatever the clone's folder is called.
        .package(name: "promo", path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        // The deterministic generator of the benchmark's promo set.
        .target(name: "PromoBenchmarkInputs", dependencies: [.product(name: "PromoSyntax", package: "promo")],
                path: "Sources/PromoBenchmarkInputs"),

        // `swift run generate-promos DIR` writes the generated set to DIR and checks it.
        .executableTarget(
            name: "generate-promos",
            dependencies: ["PromoBenchmarkInputs", .product(name: "PromoSemantics", package: "promo")],
            path: "Tools/generate-promos"
        ),

        // Benchmark targets live in folders directly under Benchmarks/, as the benchmark plugin expects.
        .executableTarget(
            name: "FrontendBenchmarks",
            dependencies: [
                "PromoBenchmarkInputs",
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "PromoSyntax", package: "promo"),
                .product(name: "PromoSemantics", package: "promo"),
            ],
            path: "FrontendBenchmarks",
            plugins: [
                .plugin(name: "BenchmarkPlugin", package: "benchmark"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
