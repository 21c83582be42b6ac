import ArgumentParser
import Foundation
import PressworkClient
import PressworkProtocol
import ZeroMQ

/// Where and how a command reaches the coordinator, each setting declared once in `table`; the defaults
/// live here.
struct ConnectionSettings: Sendable {
    var endpoint = Endpoint.defaultCoordinator
    /// Key files, loaded by `curve(_:)`.
    var key: String?
    var serverPublicKey: String?

    /// `connect`, `key` and `server-public-key`: flags and `PRESSWORK_*` variables of every command that
    /// talks to a coordinator, and keys of the worker's table.
    static let table = SettingsTable<Self, PeerOptions>(
        [
            Setting(
                "connect", \.endpoint, flag: \.connect, .transport,
                help: "Coordinator endpoint (default: $PRESSWORK_CONNECT or \(Endpoint.defaultCoordinator)).",
                valueName: "endpoint"),
            Setting(
                "key", \.key, flag: \.key, .nonEmpty,
                help: "This peer's secret key file for CURVE (default: $PRESSWORK_KEY).",
                valueName: "file"),
            Setting(
                "server-public-key", \.serverPublicKey, flag: \.serverPublicKey, .nonEmpty,
                help: "The coordinator's public key file for CURVE (default: $PRESSWORK_SERVER_PUBLIC_KEY).",
                valueName: "file"),
        ], defaults: Self())

    private static let keyName = table.setting(\PeerOptions.key).name
    private static let serverPublicKeyName = table.setting(\PeerOptions.serverPublicKey).name

    /// The CURVE credentials, when a key and the server's public key are given (both or neither);
    /// `from` says where a setting came from, for messages.
    func curve(from: (String) -> String) throws(ValidationErrorText) -> CurveClientCredentials? {
        switch (key, serverPublicKey) {
        case (nil, nil):
            return nil
        case (.some, nil):
            throw ValidationErrorText("\(Self.keyName) needs \(Self.serverPublicKeyName)\(from(Self.keyName))")
        case (nil, .some):
            throw ValidationErrorText(
                "\(Self.serverPublicKeyName) needs \(Self.keyName)\(from(Self.serverPublicKeyName))")
        case (.some(let keyPath), .some(let serverPath)):
            do {
                guard let own = try CurveCertificate.loadSecret(path: keyPath).keyPair else {
                    throw ValidationErrorText("\(keyPath) holds no secret key")
                }
                let server = try CurveCertificate.loadPublic(path: serverPath)
                return try CurveClientCredentials(keyPair: own, serverPublicKey: server.publicKey)
            } catch let error as CurveKeyFileError {
                throw ValidationErrorText("\(error)")
            } catch let error as ValidationErrorText {
                throw error
            } catch {
                throw ValidationErrorText("CURVE keys: \(error)")
            }
        }
    }
}

/// `--connect`, `--key` and `--server-public-key` (see `ConnectionSettings.table`); nil when not given.
struct PeerOptions: ParsableArguments {
    @Option(name: Self.name(\.connect), help: Self.help(\.connect)) var connect: String?
    @Option(name: Self.name(\.key), help: Self.help(\.key)) var key: String?
    @Option(name: Self.name(\.serverPublicKey), help: Self.help(\.serverPublicKey)) var serverPublicKey: String?

    private static func name(_ flag: PartialKeyPath<Self>) -> NameSpecification { ConnectionSettings.table.name(flag) }
    private static func help(_ flag: PartialKeyPath<Self>) -> ArgumentHelp { ConnectionSettings.table.help(flag) }
}

/// The peer options and `--timeout`, shared by every client command.
struct ConnectionOptions: ParsableArguments {
    @OptionGroup var peer: PeerOptions

    @Option(name: .long, help: "Seconds to wait for each reply from the coordinator.")
    var timeout: Double = 10

    /// The endpoint and credentials: flags over `PRESSWORK_*` variables over the defaults.
    private func settings() throws -> (endpoint: Endpoint, curve: CurveClientCredentials?) {
        do {
            let settings = try ConnectionSettings.table.resolve(
                flags: peer, environment: ProcessInfo.processInfo.environment)
            return (settings.values.endpoint, try settings.values.curve(from: settings.from))
        } catch {
            // A usage error like ArgumentParser's own, raised while it validates.
            throw ValidationError("\(error)")
        }
    }

    func validate() throws {
        guard timeout > 0 else { throw ValidationError("--timeout must be positive") }
        _ = try settings()
    }

    func client() throws -> CoordinatorClient {
        let settings = try settings()
        return try CoordinatorClient(endpoint: settings.endpoint, timeout: timeout, curve: settings.curve)
    }
}

/// Runs a client command body, turning client errors into a message and the documented exit status.
func withClientErrors(_ body: () throws -> Int32) throws {
    let status: Int32
    do {
        status = try body()
    } catch let error as ClientError {
        Output.error(error.message)
        switch error.code {
        case .unreachable, .badReply: status = ExitStatus.unreachable
        case _ where error.isStoreUnavailable: status = ExitStatus.unreachable
        case .badInput: status = ExitStatus.usage
        default: status = ExitStatus.jobFailures
        }
    }
    if status != ExitStatus.ok { throw ExitCode(status) }
}
