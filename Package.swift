// swift-tools-version:6.1
// Octet — an int8 edge-inference engine. No package dependencies (design card: "packages: none").
import PackageDescription

let package = Package(
    name: "Octet",
    products: [
        .library(name: "Octet", targets: ["Octet"]),
        .executable(name: "octet", targets: ["octet"]),
        .executable(name: "octet-bench", targets: ["octet-bench"]),
    ],
    targets: [
        // Embeddable core: must compile in Embedded Swift (no Foundation, no `any P`, typed throws).
        // Debug builds call the stdlib's sqrt shim, which needs libm on Linux.
        .target(
            name: "Octet", path: "Sources/Octet", exclude: ["CAPI/include/octet.h"],
            linkerSettings: [.linkedLibrary("m", .when(platforms: [.linux]))]
        ),
        // Host: the comparator — conformance cases today, drift reports later (Foundation allowed).
        .target(name: "OctetCompare", dependencies: ["Octet"], path: "Sources/OctetCompare"),
        // The CLI: argument parsing and wiring only.
        .executableTarget(name: "octet", dependencies: ["Octet", "OctetCompare"], path: "Tools/octet"),
        // Shared testers, seeded RNG and the fixture loader (host only; may use Foundation).
        .target(name: "OctetTestSupport", dependencies: ["Octet"], path: "Tests/OctetTestSupport"),
        .testTarget(
            name: "OctetTests",
            dependencies: ["Octet", "OctetTestSupport"],
            path: "Tests/OctetTests"
        ),
        .testTarget(
            name: "OctetCompareTests",
            dependencies: ["OctetCompare", "Octet", "OctetTestSupport"],
            path: "Tests/OctetCompareTests"
        ),
        // Benchmarks: `swift run -c release octet-bench pool`.
        .executableTarget(name: "octet-bench", dependencies: ["Octet"], path: "Tools/octet-bench"),
    ]
)
