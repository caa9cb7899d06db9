// swift-tools-version:6.1
// Octet — an int8 edge-inference engine. No package dependencies (design card: "packages: none").
import PackageDescription

let package = Package(
    name: "Octet",
    products: [
        .library(name: "Octet", targets: ["Octet"]),
        .executable(name: "octet-bench", targets: ["octet-bench"]),
    ],
    targets: [
        // Embeddable core: must compile in Embedded Swift (no Foundation, no `any P`, typed throws).
        .target(name: "Octet", path: "Sources/Octet", exclude: ["CAPI/include/octet.h"]),
        // Shared testers, seeded RNG and the fixture loader (host only; may use Foundation).
        .target(name: "OctetTestSupport", dependencies: ["Octet"], path: "Tests/OctetTestSupport"),
        .testTarget(
            name: "OctetTests",
            dependencies: ["Octet", "OctetTestSupport"],
            path: "Tests/OctetTests"
        ),
        // Benchmarks: `swift run -c release octet-bench pool`.
        .executableTarget(name: "octet-bench", dependencies: ["Octet"], path: "Tools/octet-bench"),
    ]
)
