// swift-tools-version:6.1
// Octet — an int8 edge-inference engine. No package dependencies (design card: "packages: none").
import PackageDescription

// OCTET_AVX512=1: the x86 release build for AVX-512 VNNI hosts (README, "Builds"): compiles for
// this machine's CPU, runs the 512-bit convolution kernel (`-DOCTET_AVX512`) and keeps LLVM's
// machine combiner from splitting vpdpwssd into vpmaddwd + vpaddd. Every target gets the flags:
// cross-module optimization compiles Octet's kernels into their callers too. The binaries then
// need an AVX-512 CPU; results are bit-identical to the default build.
let avx512 = Context.environment["OCTET_AVX512"] == "1"
let octetSettings: [SwiftSetting] = avx512
    ? [.define("OCTET_AVX512"), .unsafeFlags(["-target-cpu", "native", "-Xllvm", "-x86-machine-combiner=false", "-Xllvm", "-sil-aggressive-inline"])]
    : []

let package = Package(
    name: "Octet",
    products: [
        .library(name: "Octet", targets: ["Octet"]),
        .library(name: "OctetModel", targets: ["OctetModel"]),
        .executable(name: "octet", targets: ["octet"]),
        .executable(name: "octet-bench", targets: ["octet-bench"]),
    ],
    targets: [
        // Embeddable core: must compile in Embedded Swift (no Foundation, no `any P`, typed throws).
        // Debug builds call the stdlib's sqrt shim, which needs libm on Linux.
        .target(
            name: "Octet", path: "Sources/Octet", exclude: ["CAPI/include/octet.h", "Runtime/OctetFormat.md"],
            swiftSettings: octetSettings,
            linkerSettings: [.linkedLibrary("m", .when(platforms: [.linux]))]
        ),
        // Host: ONNX import (own protobuf decoder), graph IR, quantizer, .octet writer, NPY files.
        .target(name: "OctetModel", dependencies: ["Octet"], path: "Sources/OctetModel", swiftSettings: octetSettings),
        // Host: the comparator — conformance cases today, drift reports later (Foundation allowed).
        .target(name: "OctetCompare", dependencies: ["Octet", "OctetModel"], path: "Sources/OctetCompare", swiftSettings: octetSettings),
        // The CLI: argument parsing and wiring only.
        .executableTarget(
            name: "octet", dependencies: ["Octet", "OctetModel", "OctetCompare"], path: "Tools/octet",
            resources: [.copy("Demo")], swiftSettings: octetSettings),
        // Shared testers, seeded RNG and the fixture loader (host only; may use Foundation).
        .target(name: "OctetTestSupport", dependencies: ["Octet"], path: "Tests/OctetTestSupport", swiftSettings: octetSettings),
        .testTarget(
            name: "OctetTests",
            dependencies: ["Octet", "OctetTestSupport"],
            path: "Tests/OctetTests", swiftSettings: octetSettings
        ),
        .testTarget(
            name: "OctetModelTests",
            dependencies: ["OctetModel", "Octet", "OctetTestSupport"],
            path: "Tests/OctetModelTests", swiftSettings: octetSettings
        ),
        .testTarget(
            name: "OctetCompareTests",
            dependencies: ["OctetCompare", "Octet", "OctetTestSupport"],
            path: "Tests/OctetCompareTests", swiftSettings: octetSettings
        ),
        // Benchmarks: `swift run -c release octet-bench pool`.
        .executableTarget(name: "octet-bench", dependencies: ["Octet", "OctetModel"], path: "Tools/octet-bench", swiftSettings: octetSettings),
    ]
)
