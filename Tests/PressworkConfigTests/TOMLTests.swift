import Testing

@testable import PressworkConfig

@Suite("TOML configuration reader")
struct TOMLTests {
    @Test("Tables, keys, every value kind, comments and blank lines")
    func values() throws {
        let entries = try TOML.parse(
            """
            # Presswork
            [coordinator]
            bind = "tcp://0.0.0.0:7700"   # all interfaces
            data = '/var/lib/presswork'
            job-timeout = 120.5
            max-pending-per-client = 100_000
            retries = -1
            insecure = false
            escaped = "a\\"b\\\\c\\u00e9\\n"

            [worker]
            tokens = true\r
            ratio = 1e3
            """)
        #expect(
            entries.map { "\($0.table ?? "-").\($0.key)=\($0.value)@\($0.line)" } == [
                #"coordinator.bind="tcp://0.0.0.0:7700"@3"#, #"coordinator.data="/var/lib/presswork"@4"#,
                "coordinator.job-timeout=120.5@5", "coordinator.max-pending-per-client=100000@6",
                "coordinator.retries=-1@7", "coordinator.insecure=false@8", #"coordinator.escaped="a\"b\\cé\n"@9"#,
                "worker.tokens=true@12", "worker.ratio=1000.0@13",
            ])
    }

    @Test(
        "What the reader does not support, or TOML does not allow, is refused with its line",
        arguments: [
            ("[coordinator]\nbind = tcp://x", 2, "strings need quotes"),
            ("a = [1, 2]", 1, "arrays and inline tables are not supported"),
            ("a = { b = 1 }", 1, "arrays and inline tables are not supported"),
            ("a.b = 1", 1, "dotted keys are not supported"),
            ("\"a\" = 1", 1, "quoted keys are not supported"),
            ("a = \"\"\"x\"\"\"", 1, "multi-line strings are not supported"),
            ("a = 1\na = 2", 2, "'a' is set twice"),
            ("[t]\n[t]", 2, "table [t] is defined twice"),
            ("a = \"open", 1, "unterminated string"),
            ("a = 1 2", 1, "unexpected text after the value"),
            ("a = 012", 1, "leading zero"),
            ("a = 1__0", 1, "not a valid number"),
            ("a = 0x1F", 1, "hexadecimal"),
            ("a = inf", 1, "not a finite number"),
            ("a = 99999999999999999999", 1, "does not fit"),
            ("a =", 1, "missing value"),
            ("[t", 1, "ends with ']'"),
            ("a = \"\\q\"", 1, "invalid escape"),
        ])
    func refused(_ text: String, _ line: Int, _ reason: String) {
        do {
            _ = try TOML.parse(text)
            Issue.record("accepted: \(text)")
        } catch {
            #expect(error.line == line)
            #expect(error.reason.contains(reason), "\(error.reason)")
        }
    }

    @Test("Strings written by quoted() read back the same")
    func quoting() throws {
        for text in ["plain", "quote \" and \\ backslash", "tab\tnewline\n", "control \u{01}\u{7F}", "Қазақ 中文"] {
            let entries = try TOML.parse("k = \(TOML.quoted(text))")
            #expect(entries.first?.value == .string(text))
        }
    }
}
