import ArgumentParser
import Foundation
import ZeroMQ

/// `presswork keygen`: a CURVE key pair for the coordinator, a worker or a client.
struct KeygenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keygen",
        abstract: "Make a CURVE key pair: NAME.key (secret, mode 0600) and NAME.pub (public).",
        discussion: """
            Both files are ZeroMQ certificates (zcert format, readable by CZMQ and pyzmq's \
            zmq.auth.load_certificate). Copy NAME.pub to the coordinator's --worker-keys or --client-keys \
            directory; NAME.key never leaves the machine that uses it.
            """)

    @Option(help: ArgumentHelp("Directory to write the files into (created if missing).", valueName: "dir"))
    var out = "."

    @Option(help: ArgumentHelp("Base name of the files, e.g. coordinator, worker-a, alice.", valueName: "name"))
    var name: String

    func validate() throws {
        guard !name.isEmpty, !name.contains("/"), !name.hasPrefix(".") else {
            throw ValidationError("--name must be a plain file name (no '/', not starting with '.')")
        }
    }

    func run() throws {
        guard ZMQContext.has("curve") else { throw ValidationError("this libzmq was built without CURVE support") }
        do {
            try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
            let pair = try CurveKeyPair.generate()
            let paths = try CurveCertificate(publicKey: pair.publicKey, secretKey: pair.secretKey)
                .write(directory: out, name: name)
            Output.line("public key \(pair.publicKey)")
            Output.line("wrote \(paths.secret) (secret, mode 0600) and \(paths.public)")
        } catch let error as CurveKeyFileError {
            Output.error(error.description)
            throw ExitCode(ExitStatus.usage)
        } catch {
            Output.error("cannot make a key pair: \(error)")
            throw ExitCode(ExitStatus.jobFailures)
        }
    }
}
