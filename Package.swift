// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "presswork",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "presswork", targets: ["presswork"]),
        .executable(name: "presswork-bench", targets: ["PressworkBench"]),
        .executable(name: "presswork-fuzz-pipeline", targets: ["presswork-fuzz-pipeline"]),
        .executable(name: "presswork-fuzz-protocol", targets: ["presswork-fuzz-protocol"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-collections.git", from: "1.6.0"),
    ],
    targets: [
        // MARK: - C libraries

        .systemLibrary(
            name: "CZeroMQ",
            pkgConfig: "libzmq",
            providers: [.apt(["libzmq3-dev"])]
        ),

        .systemLibrary(
            name: "CLibXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"])]
        ),
        // CLD2 is C++ and ships no pkg-config file: a tiny C++ target with a plain C header.
        .target(
            name: "CCLD2",
            linkerSettings: [
                // --no-as-needed keeps libcld2_full linked although no symbol is taken from it directly:
                // loading it replaces the small 83-language tables with the full 160-language ones.
                .unsafeFlags(["-Xlinker", "--no-as-needed"]),
                .linkedLibrary("cld2_full"),
                .linkedLibrary("cld2"),
            ]
        ),

        .systemLibrary(
            name: "CUchardet",
            pkgConfig: "uchardet",
            providers: [.apt(["libuchardet-dev"])]
        ),
        // SHA-256 for content hashes, from OpenSSL's libcrypto.
        .systemLibrary(
            name: "CCrypto",
            pkgConfig: "libcrypto",
            providers: [.apt(["libssl-dev"])]
        ),
        // Zstandard, for article bodies kept and sent compressed.
        .systemLibrary(
            name: "CZstd",
            pkgConfig: "libzstd",
            providers: [.apt(["libzstd-dev"])]
        ),
        // libcurl, for fetching articles by URL: HTTP/1.1 and HTTP/2 over TLS with the system's CA store, and a
        // socket hook that vets every address before connecting.
        .systemLibrary(
            name: "CCurl",
            pkgConfig: "libcurl",
            providers: [.apt(["libcurl4-openssl-dev"])]
        ),
        // zlib, for gzip-per-record WARC files (Common Crawl's).
        .systemLibrary(
            name: "CZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]
        ),
        // PostgreSQL's C client: the coordinator's store calls are synchronous on its loop thread.
        .systemLibrary(
            name: "CPostgres",
            pkgConfig: "libpq",
            providers: [.apt(["libpq-dev"])]
        ),
        // Snowball stemmers; libstemmer ships no pkg-config file, so the module map links it by name.
        .systemLibrary(
            name: "CStemmer",
            providers: [.apt(["libstemmer-dev"])]
        ),
        // ICU behind a plain C header (Foundation's bundled ICU clashes with the system headers in Swift).
        .target(
            name: "CICU",
            linkerSettings: [.linkedLibrary("icui18n"), .linkedLibrary("icuuc"), .linkedLibrary("icudata")]
        ),

        // MARK: - Libraries

        /// Thin, thread-confined Swift wrapper over libzmq.
        .target(name: "ZeroMQ", dependencies: ["CZeroMQ"]),
        /// Bytes to result document: decode, extract, identify the language, count. No networking.
        .target(
            name: "PressworkPipeline",
            dependencies: ["CLibXML2", "CCLD2", "CUchardet", "CICU", "CStemmer", "PressworkHashing", "PressworkJSON"],
            exclude: ["SCHEMA.md", "Stages/Analysis/Words/STOPWORDS.md"]
        ),
        /// `presswork langid`: language identification of a stream of lines, bytes to bytes.
        .target(name: "PressworkLangid", dependencies: ["PressworkPipeline", "PressworkJSON", "CCLD2"]),
        /// The wire protocol: messages, encoder, decoder. No ZeroMQ import.
        .target(name: "PressworkProtocol", dependencies: ["PressworkJSON"], exclude: ["PROTOCOL.md", "STATUS.md"]),
        /// JSON without Foundation for hot paths: a writer with `JSONEncoder`'s bytes and a strict reader.
        .target(name: "PressworkJSON"),
        /// SHA-256 through the system's libcrypto: content hashes and the store's body hashes.
        .target(name: "PressworkHashing", dependencies: ["CCrypto"]),
        /// Zstandard compression of article bodies, with bounded decompression of what peers send.
        .target(name: "PressworkCompression", dependencies: ["CZstd"]),
        .target(name: "PressworkFetch", dependencies: ["CCurl", "CLibXML2", "PressworkProtocol", "PressworkWARC"]),
        /// A streaming WARC reader (plain or gzip per record) and an HTTP response block parser.
        .target(name: "PressworkWARC", dependencies: ["CZlib"]),
        /// The configuration file's format: a strict reader for the TOML a config file needs.
        .target(name: "PressworkConfig"),
        /// Job journal and result documents in SQLite (WAL) through GRDB.
        .target(
            name: "PressworkStore",
            dependencies: [
                "PressworkProtocol",
                "PressworkHashing",
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            exclude: ["STORE.md"]
        ),
        /// Synchronous, thread-confined Swift wrapper over libpq, for a store in PostgreSQL.
        .target(name: "PressworkPostgres", dependencies: ["CPostgres"]),
        /// The job journal and results in a PostgreSQL database (several coordinators may share one).
        .target(
            name: "PressworkPostgresStore",
            dependencies: ["PressworkStore", "PressworkPostgres", "PressworkProtocol"],
            exclude: ["POSTGRES.md"]
        ),
        /// The broker: a state machine without I/O plus the shell that runs it on a ROUTER socket.
        .target(
            name: "PressworkCoordinator",
            dependencies: [
                "ZeroMQ",
                "PressworkHTTP",
                "PressworkProtocol",
                "PressworkStore",
                "PressworkPostgresStore",
                "PressworkLogging",
                "PressworkCompression",
                .product(name: "DequeModule", package: "swift-collections"),
                .product(name: "HeapModule", package: "swift-collections"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            exclude: ["STATE-MACHINE.md"]
        ),
        /// The worker process: a state machine without I/O plus the shell that runs it (DEALER socket, N slots).
        .target(
            name: "PressworkWorker",
            dependencies: [
                "ZeroMQ",
                "PressworkProtocol",
                "PressworkPipeline",
                "PressworkLogging",
                "PressworkCompression",
                "PressworkFetch",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            exclude: ["Machine/WORKER-MACHINE.md"]
        ),
        /// A small HTTP/1.1 server and the Prometheus text format, for the coordinator's status endpoints.
        .target(
            name: "PressworkHTTP",
            dependencies: ["PressworkLogging", .product(name: "Logging", package: "swift-log")]),
        /// Log handlers for the long-running processes (JSON lines for collectors).
        .target(
            name: "PressworkLogging",
            dependencies: ["PressworkProtocol", .product(name: "Logging", package: "swift-log")]),
        /// Client side of the protocol: submit, status, show, export, dead.
        .target(
            name: "PressworkClient",
            dependencies: [
                "ZeroMQ", "PressworkProtocol", "PressworkJSON", "PressworkWARC", "PressworkFetch", "PressworkCompression",
            ]),

        // MARK: - Executable

        .executableTarget(
            name: "presswork",
            dependencies: [
                "PressworkClient",
                "PressworkConfig",
                "PressworkCoordinator",
                "PressworkFetch",
                "PressworkLangid",
                "PressworkLogging",
                "PressworkPipeline",
                "PressworkPostgresStore",
                "PressworkProtocol",
                "PressworkWorker",
                "ZeroMQ",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),

        /// Load generators for the cluster benchmarks in Scripts/ (not installed, not tested).
        .executableTarget(
            name: "PressworkBench",
            dependencies: [
                "PressworkClient", "PressworkProtocol", "PressworkStore", "PressworkPostgresStore", "PressworkCompression",
                "PressworkWARC", "CZlib", "ZeroMQ",
            ]),
        /// libFuzzer targets (Scripts/fuzz.sh); a plain build makes crash-replaying executables.
        .executableTarget(
            name: "presswork-fuzz-pipeline", dependencies: ["PressworkPipeline", "PressworkFuzzSupport"],
            path: "Sources/PressworkFuzzPipeline"),
        .executableTarget(
            name: "presswork-fuzz-protocol", dependencies: ["PressworkProtocol", "PressworkFuzzSupport"],
            path: "Sources/PressworkFuzzProtocol"),
        .target(name: "PressworkFuzzSupport"),

        // MARK: - Tests

        .target(name: "PressworkTestSupport", dependencies: ["PressworkClient", "PressworkProtocol", "ZeroMQ"]),
        .testTarget(name: "ZeroMQTests", dependencies: ["ZeroMQ"]),
        .testTarget(
            name: "PressworkPipelineTests",
            dependencies: ["PressworkPipeline", "PressworkHashing", "PressworkJSON", "PressworkTestSupport", "CICU"]),
        .testTarget(
            name: "PressworkProtocolTests",
            dependencies: ["PressworkProtocol", "PressworkJSON", "PressworkTestSupport"]),
        .testTarget(name: "PressworkStoreTests", dependencies: ["PressworkStore", "PressworkProtocol"]),
        .testTarget(
            name: "PressworkCoordinatorTests",
            dependencies: ["PressworkCoordinator", "PressworkProtocol", "PressworkStore", "ZeroMQ", "PressworkTestSupport"]),
        .testTarget(
            name: "PressworkClientTests",
            dependencies: ["PressworkClient", "PressworkProtocol", "ZeroMQ", "PressworkTestSupport"]),
        .testTarget(name: "PressworkLoggingTests", dependencies: ["PressworkLogging", "PressworkProtocol"]),
        .testTarget(
            name: "PressworkWorkerTests", dependencies: ["PressworkWorker", "PressworkProtocol", "PressworkCompression"]),
        .testTarget(name: "PressworkConfigTests", dependencies: ["PressworkConfig"]),
        .testTarget(name: "PressworkLangidTests", dependencies: ["PressworkLangid"]),
        .testTarget(name: "PressworkHashingTests", dependencies: ["PressworkHashing"]),
        .testTarget(name: "PressworkCompressionTests", dependencies: ["PressworkCompression"]),
        .testTarget(
            name: "PressworkFetchTests", dependencies: ["PressworkFetch", "PressworkTestSupport", "PressworkWARC"]),
        .testTarget(name: "PressworkWARCTests", dependencies: ["PressworkWARC", "CZlib"]),
        .testTarget(
            name: "PressworkPostgresStoreTests",
            dependencies: ["PressworkPostgresStore", "PressworkStore", "PressworkProtocol", "PressworkTestSupport"]),
        .testTarget(name: "PressworkPostgresTests", dependencies: ["PressworkPostgres", "PressworkTestSupport"]),
        .testTarget(name: "PressworkHTTPTests", dependencies: ["PressworkHTTP", "PressworkTestSupport"]),
        .testTarget(
            name: "PressworkIntegrationTests",
            dependencies: [
                "PressworkTestSupport", "PressworkClient", "PressworkCoordinator", "PressworkStore", "ZeroMQ",
                "PressworkProtocol", "presswork",
            ]
        ),
    ]
)

// `PRESSWORK_STRICT=1 swift build`: the project's own Swift code must build without a single warning.
// `.ci/run` sets it; day-to-day builds keep warnings as warnings.
if Context.environment["PRESSWORK_STRICT"] != nil {
    for target in package.targets where target.type != .system {
        target.swiftSettings = (target.swiftSettings ?? []) + [.unsafeFlags(["-warnings-as-errors"])]
    }
}
