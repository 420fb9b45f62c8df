// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "orderctl",
    platforms: [.macOS(.v14)],
    targets: [
        .systemLibrary(
            name: "CLibPQ",
            pkgConfig: "libpq",
            providers: [.apt(["libpq-dev"])]
        ),
        .target(name: "JSONCoding"),
        .target(name: "Hashing"),
        .target(name: "OrderDomain"),
        .target(name: "OrderProjections", dependencies: ["OrderDomain"]),
        .target(
            name: "OrderService",
            dependencies: ["OrderDomain", "OrderProjections", "JSONCoding", "Hashing"]
        ),
        .target(
            name: "PostgresStore",
            dependencies: ["CLibPQ", "OrderDomain", "OrderProjections", "OrderService", "JSONCoding", "Hashing"]
        ),
        .target(
            name: "DatabaseTestSupport",
            dependencies: ["PostgresStore"],
            path: "Tests/DatabaseTestSupport"
        ),
        .testTarget(name: "JSONCodingTests", dependencies: ["JSONCoding"]),
        .testTarget(name: "HashingTests", dependencies: ["Hashing"]),
        .testTarget(name: "OrderDomainTests", dependencies: ["OrderDomain"]),
        .testTarget(name: "OrderServiceTests", dependencies: ["OrderService", "OrderDomain", "OrderProjections", "JSONCoding"]),
        .testTarget(
            name: "PostgresStoreTests",
            dependencies: ["PostgresStore", "OrderService", "OrderDomain", "OrderProjections", "JSONCoding", "Hashing", "DatabaseTestSupport"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
