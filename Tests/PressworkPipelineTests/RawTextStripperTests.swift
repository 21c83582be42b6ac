import Testing

@testable import PressworkPipeline

@Suite("Script and style contents removed before parsing")
struct RawTextStripperTests {
    func strip(_ html: String) -> String {
        String(decoding: RawTextStripper.strip(Array(html.utf8)), as: UTF8.self)
    }

    @Test(
        "contents go, elements and everything else stay",
        arguments: [
            ("<p>a</p><script>var x = '<p>';</script><p>b</p>", "<p>a</p><script></script><p>b</p>"),
            ("<STYLE type=text/css>p{}</STYLE>x", "<STYLE type=text/css></STYLE>x"),
            ("<script data-x=\"a>b\">code</script>", "<script data-x=\"a>b\"></script>"),
            ("<script src=x.js/><p>kept</p></script>", "<script src=x.js/><p>kept</p></script>"),
            ("<!-- <script> --><p>kept</p>", "<!-- <script> --><p>kept</p>"),
            ("<scripts>kept</scripts>", "<scripts>kept</scripts>"),
            (
                "<div data-embed=\"<script src=x>\"><p>kept</p></div><script>drop</script>",
                "<div data-embed=\"<script src=x>\"><p>kept</p></div><script></script>"
            ),
            ("<p>no end<script>if (a < b) {", "<p>no end<script>"),
            // libxml2 ends a script at `</script` followed by anything, as this does.
            ("<script>a</scriptx>b</script>c", "<script></scriptx>b</script>c"),
            ("plain text", "plain text"),
            // libxml2 cannot read attribute names starting with @: renamed, values and text untouched.
            ("<ul @click=\"a => b\" x=\"@y\">@home</ul>", "<ul _click=\"a => b\" x=\"@y\">@home</ul>"),
            ("<a\n@focus='f()'>x</a><script>drop</script>", "<a\n_focus='f()'>x</a><script></script>"),
        ]
    )
    func stripped(html: String, expected: String) {
        #expect(strip(html) == expected)
    }

    @Test("JSON-LD is kept whole: metadata reads it")
    func jsonLD() {
        let html = #"<script type="application/LD+JSON">{"headline": "<b>x</b>"}</script><script>drop()</script>"#
        #expect(
            strip(html) == #"<script type="application/LD+JSON">{"headline": "<b>x</b>"}</script><script></script>"#)
    }
}
