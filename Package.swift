// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "orderctl",
    platforms: [.macOS(.v14)],
    targets: [
        .target(name: "JSONCoding"),
        .target(name: "Hashing"),
        .testTarget(name: "JSONCodingTests", dependencies: ["JSONCoding"]),
        .testTarget(name: "HashingTests", dependencies: ["Hashing"]),
    ],
    swiftLanguageModes: [.v6]
)
