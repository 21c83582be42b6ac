import Foundation

/// The entry point both fuzz executables share. Built with `-DPRESSWORK_FUZZ` (Scripts/fuzz.sh) it starts
/// libFuzzer's driver: SwiftPM aliases `main` to the module's entry point, so libFuzzer's own `main` is never
/// linked. A plain `swift build` makes an executable that replays the files named on its command line
/// instead, for crashers, without the fuzzer runtime.
public enum FuzzDriver {
    /// A target's `LLVMFuzzerTestOneInput`: one input, 0 when handled.
    public typealias Target = @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt

    /// Runs `target` under libFuzzer, or over the files given as arguments; never returns.
    public static func main(_ target: Target) -> Never {
        #if PRESSWORK_FUZZ
            var argc = CommandLine.argc
            var argv = CommandLine.unsafeArgv
            exit(LLVMFuzzerRunDriver(&argc, &argv, target))
        #else
            replay(CommandLine.arguments.dropFirst(), target)
            exit(0)
        #endif
    }

    /// Runs each file through `target`.
    static func replay(_ paths: ArraySlice<String>, _ target: Target) {
        if paths.isEmpty {
            print("usage: \(CommandLine.arguments[0]) FILE...  (Scripts/fuzz.sh builds the fuzzer itself)")
        }
        for path in paths {
            guard let bytes = FileManager.default.contents(atPath: path) else {
                print("\(path): unreadable")
                continue
            }
            // One spare byte, so that an empty file still has a base address.
            let padded = Array(bytes) + [0]
            _ = padded.withUnsafeBufferPointer { target($0.baseAddress, bytes.count) }
            print("\(path): ok")
        }
    }
}

#if PRESSWORK_FUZZ
    @_extern(c, "LLVMFuzzerRunDriver")
    func LLVMFuzzerRunDriver(
        _ argc: UnsafeMutablePointer<CInt>,
        _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
        _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
    ) -> CInt
#endif
