// swift-tools-version: 6.1
import PackageDescription

// Benchmarks of the promo compiler and the VM, kept apart from the main package so that its build
// and CI do not fetch or compile the benchmark harness. Run from this folder (a release build):
//
//     swift package benchmark                          # every benchmark
//     swift package benchmark --target VMBenchmarks    # the VM only
//
// docs/benchmarks.md records the figures.
let package = Package(
    name: "PromoBenchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        // Named, so that the targets below can refer to it whatever the clone's folder is called.
        .package(name: "promo", path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        // The deterministic generator of the benchmark's promo sets and receipts.
        .target(name: "PromoBenchmarkInputs", dependencies: [
            .product(name: "PromoSyntax", package: "promo"),
            .product(name: "PromoVM", package: "promo"),
        ], path: "Sources/PromoBenchmarkInputs"),

        // Ten promos of the VM benchmark's set written by hand in Swift, as a point-of-sale vendor
        // would write them without the language: the yardstick for the VM.
        .target(name: "HandWrittenPromos", dependencies: [.product(name: "PromoVM", package: "promo")],
                path: "Sources/HandWrittenPromos"),

        // Compiles the VM benchmark's bundles and compares the hand-written promos with the VM.
        .target(name: "VMBenchmarkSupport", dependencies: [
            "PromoBenchmarkInputs", "HandWrittenPromos",
            .product(name: "PromoSemantics", package: "promo"),
            .product(name: "PromoCompiler", package: "promo"),
            .product(name: "PromoVM", package: "promo"),
        ], path: "Sources/VMBenchmarkSupport"),

        // `swift run generate-promos DIR` writes the generated set to DIR and checks it.
        .executableTarget(
            name: "generate-promos",
            dependencies: [
                "PromoBenchmarkInputs",
                .product(name: "PromoSyntax", package: "promo"),
                .product(name: "PromoSemantics", package: "promo"),
            ],
            path: "Tools/generate-promos"
        ),

        // `swift run generate-vm-bench DIR` writes the VM benchmark's 200-promo set and receipts to
        // DIR, checks and compiles the set, and compares the hand-written promos with the VM.
        .executableTarget(
            name: "generate-vm-bench",
            dependencies: ["VMBenchmarkSupport"],
            path: "Tools/generate-vm-bench"
        ),

        // `profile-vm [full|core|hand] [RECEIPTS]`: the benchmark's evaluations in a loop, for
        // valgrind, perf or heaptrack.
        .executableTarget(
            name: "profile-vm",
            dependencies: ["VMBenchmarkSupport", "HandWrittenPromos", .product(name: "PromoVM", package: "promo"),
                           .product(name: "promovm", package: "promo")],
            path: "Tools/profile-vm"
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
        .executableTarget(
            name: "VMBenchmarks",
            dependencies: [
                "VMBenchmarkSupport", "HandWrittenPromos",
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "PromoVM", package: "promo"),
            ],
            path: "VMBenchmarks",
            plugins: [
                .plugin(name: "BenchmarkPlugin", package: "benchmark"),
            ]
        ),

        .executableTarget(
            name: "EmbeddingBenchmarks",
            dependencies: [
                "VMBenchmarkSupport",
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "PromoVM", package: "promo"),
                .product(name: "promovm", package: "promo"),
            ],
            path: "EmbeddingBenchmarks",
            plugins: [
                .plugin(name: "BenchmarkPlugin", package: "benchmark"),
            ]
        ),

        .executableTarget(
            name: "DryRunBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "PromoHistory", package: "promo"),
                .product(name: "PromoSemantics", package: "promo"),
                .product(name: "PromoCompiler", package: "promo"),
                .product(name: "PromoVM", package: "promo"),
            ],
            path: "DryRunBenchmarks",
            plugins: [
                .plugin(name: "BenchmarkPlugin", package: "benchmark"),
            ]
        ),

        // `swift test`: the hand-written promos give the VM's discounts and totals on the
        // benchmark's receipts.
        .testTarget(
            name: "VMBenchmarkTests",
            dependencies: ["VMBenchmarkSupport", "PromoBenchmarkInputs", "HandWrittenPromos"],
            path: "Tests/VMBenchmarkTests"
        ),
    ],
    swiftLanguageModes: [.v6]
)
