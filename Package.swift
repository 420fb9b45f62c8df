// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "orderctl",
    platforms: [.macOS(.v14)],
    targets: [
        .target(name: "JSONCoding"),
        .target(name: "Hashing"),
        .target(name: "OrderDomain"),
        .target(name: "OrderProjections", dependencies: ["OrderDomain"]),
        .target(
            name: "OrderService",
            dependencies: ["OrderDomain", "OrderProjections", "JSONCoding", "Hashing"]
        ),
        .testTarget(name: "JSONCodingTests", dependencies: ["JSONCoding"]),
        .testTarget(name: "HashingTests", dependencies: ["Hashing"]),
        .testTarget(name: "OrderDomainTests", dependencies: ["OrderDomain"]),
        .testTarget(name: "OrderServiceTests", dependencies: ["OrderService", "OrderDomain", "OrderProjections", "JSONCoding"]),
    ],
    swiftLanguageModes: [.v6]
)
