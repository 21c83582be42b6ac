import ArgumentParser
import Foundation
import PressworkClient
import PressworkProtocol
import ZeroMQ

/// `--connect` and `--timeout`, shared by every command that talks to a coordinator.
struct ConnectionOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "Coordinator endpoint (default: $PRESSWORK_CONNECT or tcp://127.0.0.1:7700).", valueName: "endpoint"))
    var connect: String?

    @Option(name: .long, help: "Seconds to wait for each reply from the coordinator.")
    var timeout: Double = 10

    @Option(
        name: .long,
        help: ArgumentHelp("This peer's secret key file for CURVE (default: $PRESSWORK_KEY).", valueName: "file"))
    var key: String?

    @Option(
        name: .customLong("server-public-key"),
        help: ArgumentHelp(
            "The coordinator's public key file for CURVE (default: $PRESSWORK_SERVER_PUBLIC_KEY).", valueName: "file"))
    var serverPublicKey: String?

    /// The CURVE credentials, when a key and the server's public key are given (both or neither).
    var curve: CurveClientCredentials? {
        get throws {
            let environment = ProcessInfo.processInfo.environment
            let keyPath = key ?? environment["PRESSWORK_KEY"].flatMap { $0.isEmpty ? nil : $0 }
            let serverPath =
                serverPublicKey ?? environment["PRESSWORK_SERVER_PUBLIC_KEY"].flatMap { $0.isEmpty ? nil : $0 }
            switch (keyPath, serverPath) {
            case (nil, nil):
                return nil
            case (.some, nil):
                throw ValidationError("--key needs --server-public-key FILE (or PRESSWORK_SERVER_PUBLIC_KEY)")
            case (nil, .some):
                throw ValidationError("--server-public-key needs --key FILE (or PRESSWORK_KEY)")
            case (.some(let keyPath), .some(let serverPath)):
                do {
                    guard let own = try CurveCertificate.loadSecret(path: keyPath).keyPair else {
                        throw ValidationError("\(keyPath) holds no secret key")
                    }
                    let server = try CurveCertificate.loadPublic(path: serverPath)
                    return try CurveClientCredentials(keyPair: own, serverPublicKey: server.publicKey)
                } catch let error as CurveKeyFileError {
                    throw ValidationError("\(error)")
                } catch let error as ValidationError {
                    throw error
                } catch {
                    throw ValidationError("CURVE keys: \(error)")
                }
            }
        }
    }

    var endpoint: Endpoint {
        get throws {
            let text = connect ?? ProcessInfo.processInfo.environment["PRESSWORK_CONNECT"] ?? "tcp://127.0.0.1:7700"
            guard let endpoint = Endpoint(text) else {
                throw ValidationError("'\(text)' is not an endpoint like tcp://HOST:PORT or ipc://PATH")
            }
            return endpoint
        }
    }

    func validate() throws {
        guard timeout > 0 else { throw ValidationError("--timeout must be positive") }
        _ = try endpoint
        _ = try curve
    }

    func client() throws -> CoordinatorClient {
        try CoordinatorClient(endpoint: try endpoint, timeout: timeout, curve: try curve)
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
        case .badInput: status = ExitStatus.usage
        default: status = ExitStatus.jobFailures
        }
    }
    if status != ExitStatus.ok { throw ExitCode(status) }
}
