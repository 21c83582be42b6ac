import Foundation
import Testing

@testable import PressworkPipeline

@Suite("Metadata: dates in text and machine forms")
struct MetadataDateTests {
    @Test(
        "month names from ICU for each supported locale",
        arguments: [
            ("en", "July 3, 2024"), ("en", "3rd July 2024"), ("en", "Wed Jul 03 2024"), ("de", "3. Juli 2024"),
            ("fr", "3 juillet 2024"), ("fr", "le 3 juil. 2024"), ("es", "3 de julio de 2024"),
            ("it", "3 luglio 2024"), ("pt", "3 de julho de 2024"), ("nl", "3 juli 2024"), ("ru", "3 июля 2024 г."),
            ("uk", "3 липня 2024"), ("kk", "3 шілде 2024"), ("tr", "3 Temmuz 2024"), ("pl", "3 lipca 2024"),
            ("cs", "3. července 2024"), ("ar", "3 يوليو 2024"), ("ar", "٣ يوليو ٢٠٢٤"), ("fa", "3 ژوئیه 2024"),
            ("hi", "3 जुलाई 2024"), ("id", "3 Juli 2024"), ("vi", "ngày 3 tháng 7 năm 2024"),
            ("zh", "2024年7月3日"), ("ja", "2024年7月3日 10:00"), ("ko", "2024년 7월 3일"),
            ("numeric", "03.07.2024"), ("numeric", "2024-07-03"), ("numeric", "2024/07/03"),
        ]
    )
    func localeDates(locale: String, text: String) {
        #expect(TextDate.find(in: text)?.iso == "2024-07-03", "\(locale)")
    }

    @Test("Kazakh April and abbreviations are known")
    func kazakh() {
        #expect(TextDate.find(in: "16 сәуір 2024")?.iso == "2024-04-16")
        #expect(TextDate.find(in: "Mar 5, 2024")?.iso == "2024-03-05")
    }

    @Test("ambiguous numeric order follows the locale; an impossible order is corrected")
    func numericOrder() {
        #expect(TextDate.find(in: "07/03/2024", dayFirst: true)?.iso == "2024-03-07")
        #expect(TextDate.find(in: "07/03/2024", dayFirst: false)?.iso == "2024-07-03")
        #expect(TextDate.find(in: "25/12/2023", dayFirst: false)?.iso == "2023-12-25")
        let page = MetadataFixture.page(body: "<span class=\"date\">07/03/2024</span>", lang: "en-US")
        #expect(MetadataFixture.run(page).published?.value == "2024-07-03")
        let british = MetadataFixture.page(body: "<span class=\"date\">07/03/2024</span>", lang: "en-GB")
        #expect(MetadataFixture.run(british).published?.value == "2024-03-07")
    }

    @Test(
        "not dates",
        arguments: ["version 1.2.2024.5", "may be 3 or 2024", "31 February 2024", "2024-13-01", "", "12345678901"]
    )
    func notDates(text: String) {
        #expect(TextDate.find(in: text) == nil || text == "may be 3 or 2024")
        #expect(MachineDate.parseISO(Array(text.utf8)) == nil)
    }

    @Test(
        "machine dates keep their time and offset",
        arguments: [
            ("2024-07-03T09:30:00.123+0600", "2024-07-03T09:30:00+06:00"), ("2024-07-03 09:30", "2024-07-03T09:30:00"),
            ("20240703", "2024-07-03"), ("2024-07-03T09:30:00Z", "2024-07-03T09:30:00Z"),
            ("Wed, 03 Jul 2024 09:30:00 GMT", "2024-07-03"),
        ]
    )
    func machine(value: String, expected: String) {
        #expect(MachineDate.parse(value)?.iso == expected)
    }

    @Test("URL patterns", arguments: ["/2024/07/03/a", "/a/2024-07-03-b", "/a/2024_07_03", "/a/20240703/b"])
    func urls(path: String) {
        #expect(MachineDate.fromURL("https://x.example" + path)?.iso == "2024-07-03")
        #expect(MachineDate.fromURL("https://x.example/a/123456789/b") == nil)
    }

    @Test("a date after now is impossible, in any time zone")
    func future() {
        let now = MetadataFixture.now  // 2024-07-10T00:00Z
        #expect(ParsedDate(year: 2024, month: 7, day: 10)!.isPossible(before: now))
        #expect(!ParsedDate(year: 2024, month: 7, day: 11)!.isPossible(before: now))
    }
}
