import Foundation
import Testing

@testable import ZeroMQ

@Suite("CURVE keys, key files and ZAP")
struct CurveTests {
    private func temporaryDirectory() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("curve-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    @Test func keyFilesRoundTripWithPrivateModes() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let pair = try CurveKeyPair.generate()
        let paths = try CurveCertificate(publicKey: pair.publicKey, secretKey: pair.secretKey)
            .write(directory: directory, name: "alice")
        #expect(paths.secret.hasSuffix("alice.key") && paths.public.hasSuffix("alice.pub"))
        let secretMode = try FileManager.default.attributesOfItem(atPath: paths.secret)[.posixPermissions] as? Int
        #expect(secretMode == 0o600)
        #expect(try CurveCertificate.loadSecret(path: paths.secret).keyPair == pair)
        #expect(try CurveCertificate.loadPublic(path: paths.public) == CurveCertificate(publicKey: pair.publicKey))
        // The public half of a secret file is readable too; the public file holds no secret.
        #expect(try CurveCertificate.loadPublic(path: paths.secret).publicKey == pair.publicKey)
        let publicText = try String(contentsOfFile: paths.public, encoding: .utf8)
        #expect(!publicText.contains(pair.secretKey))
        #expect(publicText.contains("public-key = \"\(pair.publicKey)\""))
        // Never overwrite a key that may already be distributed.
        #expect(throws: CurveKeyFileError.self) {
            try CurveCertificate(publicKey: pair.publicKey, secretKey: pair.secretKey)
                .write(directory: directory, name: "alice")
        }
    }

    @Test func secretFileReadableByOthersIsRefused() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let pair = try CurveKeyPair.generate()
        let paths = try CurveCertificate(publicKey: pair.publicKey, secretKey: pair.secretKey)
            .write(directory: directory, name: "bob")
        chmod(paths.secret, 0o644)
        let error = #expect(throws: CurveKeyFileError.self) { try CurveCertificate.loadSecret(path: paths.secret) }
        #expect(error?.description.contains("chmod 600") == true)
    }

    @Test func bareZ85AndZcertTextParse() throws {
        let pair = try CurveKeyPair.generate()
        let secret = try CurveCertificate.parse(pair.secretKey + "\n", bareKeyIsSecret: true)
        #expect(secret.keyPair == pair)
        #expect(try CurveCertificate.parse(pair.publicKey, bareKeyIsSecret: false).publicKey == pair.publicKey)
        let zcert = "#  comment\nmetadata\ncurve\n    public-key = \"\(pair.publicKey)\"\n"
        #expect(try CurveCertificate.parse(zcert, bareKeyIsSecret: false).publicKey == pair.publicKey)
        #expect(throws: CurveKeyFileError.self) { try CurveCertificate.parse("nonsense", bareKeyIsSecret: false) }
        let other = try CurveKeyPair.generate()
        let mismatched = "public-key = \"\(other.publicKey)\"\nsecret-key = \"\(pair.secretKey)\"\n"
        #expect(throws: CurveKeyFileError.self) { try CurveCertificate.parse(mismatched, bareKeyIsSecret: true) }
    }

    /// Z85 keys may hold '#' and '=' (comment and separator characters): parse many.
    @Test func everyKeyRoundTripsBareAndAsZcert() throws {
        for _ in 0..<300 {
            let pair = try CurveKeyPair.generate()
            let certificate = CurveCertificate(publicKey: pair.publicKey, secretKey: pair.secretKey)
            #expect(try CurveCertificate.parse(certificate.text(secret: true), bareKeyIsSecret: true) == certificate)
            #expect(
                try CurveCertificate.parse(certificate.text(secret: false), bareKeyIsSecret: false).publicKey
                    == pair.publicKey)
            #expect(try CurveCertificate.parse(pair.secretKey, bareKeyIsSecret: true).keyPair == pair)
            #expect(
                try CurveCertificate.parse(pair.publicKey + "\n", bareKeyIsSecret: false).publicKey == pair.publicKey)
        }
    }

    @Test func derivedPublicKeyMatchesGenerated() throws {
        let pair = try CurveKeyPair.generate()
        #expect(CurveKeyPair.derive(fromSecretKey: pair.secretKey) == pair)
        #expect(CurveKeyPair.derive(fromSecretKey: "too short") == nil)
    }

    @Test func zapRequestParsesAndReplyHasSixFrames() throws {
        let key = [UInt8](repeating: 7, count: 32)
        let frames: [[UInt8]] = [
            Array("1.0".utf8), [1, 2], Array("presswork".utf8), Array("10.0.0.5".utf8), [], Array("CURVE".utf8), key,
        ]
        let request = try #require(ZAP.Request(frames: frames))
        #expect(request.address == "10.0.0.5")
        #expect(request.curvePublicKey == Z85.encodeKey(key))
        #expect(ZAP.Request(frames: [Array("2.0".utf8)]) == nil)
        let reply = ZAP.reply(to: [1, 2], status: 200, text: "OK", userId: "client:K")
        #expect(
            reply.count == 6 && reply[1] == [1, 2] && reply[2] == Array("200".utf8)
                && reply[4] == Array("client:K".utf8))
    }

    @Test(arguments: [
        ("tcp://127.0.0.1:7700", true), ("tcp://127.8.9.1:1", true), ("tcp://localhost:7700", true),
        ("tcp://[::1]:7700", true), ("ipc:///tmp/x", true), ("tcp://0.0.0.0:7700", false), ("tcp://*:7700", false),
        ("tcp://10.1.2.3:7700", false), ("tcp://eth0:7700", false), ("tcp://[::]:7700", false),
        ("tcp://127.example.org:7700", false), ("tcp://lo:7700", false),
    ])
    func loopbackDetection(endpoint: String, local: Bool) throws {
        #expect(try #require(Endpoint(endpoint)).isLocal == local)
    }
}
