// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "orderctl",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "orderctl", targets: ["orderctl"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        // The only door to C: libpq, found through pkg-config.
        .systemLibrary(
            name: "CLibPQ",
            pkgConfig: "libpq",
            providers: [.apt(["libpq-dev"])]
        ),
        // SHA-256 through the EVP interface of OpenSSL's libcrypto, which libpq already depends on.
        .systemLibrary(
            name: "CLibCrypto",
            pkgConfig: "libcrypto",
            providers: [.apt(["libssl-dev"])]
        ),
        // libcurl, for SMTP (STARTTLS, SMTPS, authentication, timeouts), opened with dlopen when the first
        // message is sent rather than linked into every command: see Sources/CLibCurl/include/CLibCurl.h.
        // Its header comes from Debian's libcurl4-openssl-dev, which make installs.
        .target(name: "CLibCurl", linkerSettings: [.linkedLibrary("dl")]),
        // Strict JSON text <-> values, with key order kept and duplicates refused.
        .target(name: "JSONCoding"),
        // SHA-256 on libcrypto's EVP interface, for command fingerprints, migration checksums and the hash chain.
        .target(name: "Hashing", dependencies: ["CLibCrypto"]),
        // AES-256-GCM on libcrypto's EVP interface for personal fields in event payloads, under a random
        // key per customer kept apart from the events: deleting the key shreds the fields
        // (crypto-shredding) while the append-only log and its hash chain stay as they were.
        .target(name: "PersonalDataProtection", dependencies: ["CLibCrypto"]),
        // Days since the epoch to calendar dates, for RFC 3339 and RFC 5322 alike.
        .target(name: "CivilCalendar"),
        // The pure domain: no I/O, no clock, no randomness, no JSON.
        .target(name: "OrderDomain", dependencies: ["CivilCalendar"]),
        // Read models as pure folds of recorded events.
        .target(name: "OrderProjections", dependencies: ["OrderDomain"]),
        // The application: ports the infrastructure implements, the command handler, the event codec.
        .target(
            name: "OrderService",
            dependencies: ["OrderDomain", "OrderProjections", "JSONCoding", "Hashing", "PersonalDataProtection", "MailMessage"]
        ),
        // The mail port over SMTP, through libcurl.
        .target(name: "SMTPDelivery", dependencies: ["CLibCurl", "OrderService"]),
        // The libpq wrapper: connections, statements, COPY, notifications, errors with SQLSTATE.
        // The only importer of CLibPQ, and it knows nothing of orders.
        .target(name: "PostgresClient", dependencies: ["CLibPQ"]),
        // The PostgreSQL adapters behind the application's ports: schema, event store, projections,
        // queries, audit. It reaches libpq only through PostgresClient.
        .target(
            name: "PostgresStore",
            dependencies: ["PostgresClient", "OrderDomain", "OrderProjections", "OrderService", "JSONCoding", "Hashing", "PersonalDataProtection", "MailMessage"]
        ),
        // RFC 5322 + MIME text for the e-mails to customers, byte for byte as SMTP takes it; no I/O and no
        // dependencies, so it stays small enough to test exhaustively and no header ever takes text unchecked.
        .target(name: "MailMessage", dependencies: ["CivilCalendar"]),
        // The subcommands and the JSON Lines edge, as a library so tests can drive it directly.
        .target(
            name: "CommandLineInterface",
            dependencies: [
                "OrderDomain", "OrderProjections", "OrderService", "JSONCoding", "PersonalDataProtection", "MailMessage",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // The composition root: wires PostgreSQL, the clock, the id source and the SMTP transport behind the ports.
        .executableTarget(name: "orderctl", dependencies: ["CommandLineInterface", "PostgresStore", "SMTPDelivery"]),

        // Creates and drops a fresh PostgreSQL database per test on the cluster `make test` starts.
        .target(
            name: "DatabaseTestSupport",
            dependencies: ["PostgresClient", "PostgresStore", "OrderService"],
            path: "Tests/DatabaseTestSupport"
        ),
        // A seeded generator, so property tests replay identically on every run.
        .target(name: "SeededRandomness", path: "Tests/SeededRandomness"),
        // Random command mixes and a comparison of every read model with a fresh fold of the log.
        .target(
            name: "ReadModelTestSupport",
            dependencies: ["OrderDomain", "OrderProjections", "OrderService", "PostgresClient", "PostgresStore", "JSONCoding", "Hashing", "SeededRandomness"],
            path: "Tests/ReadModelTestSupport"
        ),
        // Unit tests: no database, no process; they run in seconds.
        .testTarget(name: "JSONCodingTests", dependencies: ["JSONCoding", "SeededRandomness"]),
        .testTarget(name: "HashingTests", dependencies: ["Hashing"]),
        .testTarget(name: "PersonalDataProtectionTests", dependencies: ["PersonalDataProtection", "CLibCrypto"]),
        .testTarget(name: "OrderDomainTests", dependencies: ["OrderDomain"]),
        .testTarget(name: "OrderProjectionsTests", dependencies: ["OrderProjections", "OrderDomain"]),
        .testTarget(name: "OrderServiceTests", dependencies: ["OrderService", "OrderDomain", "OrderProjections", "JSONCoding", "PersonalDataProtection", "MailMessage"]),
        .testTarget(name: "PostgresClientTests", dependencies: ["PostgresClient", "DatabaseTestSupport"]),
        // Against the local SMTP server `make test` starts (Tools/smtp/maildir_server.py).
        .testTarget(name: "SMTPDeliveryTests", dependencies: ["SMTPDelivery", "OrderService", "CLibCurl"]),
        .testTarget(name: "MailMessageTests", dependencies: ["MailMessage"]),
        .testTarget(
            name: "CommandLineInterfaceTests",
            dependencies: ["CommandLineInterface", "OrderService", "OrderDomain", "OrderProjections", "JSONCoding", "SeededRandomness"]
        ),
        // Integration tests of the PostgreSQL adapters against the cluster `make test` starts.
        .testTarget(
            name: "PostgresStoreTests",
            dependencies: [
                "PostgresClient", "PostgresStore", "OrderService", "OrderDomain", "OrderProjections", "JSONCoding", "Hashing", "PersonalDataProtection",
                // The notification outbox tests prepare messages, which takes a sender address and a date.
                "MailMessage", "DatabaseTestSupport", "ReadModelTestSupport",
            ]
        ),
        // System tests: the built orderctl binary against real databases, faults and kills included.
        .testTarget(
            name: "SystemTests",
            dependencies: ["OrderService", "OrderDomain", "OrderProjections", "JSONCoding", "PostgresClient", "PostgresStore", "DatabaseTestSupport", "ReadModelTestSupport", "SeededRandomness"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
