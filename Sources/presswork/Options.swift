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
    }

    func client() throws -> CoordinatorClient {
        try CoordinatorClient(endpoint: try endpoint, timeout: timeout)
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
