import Foundation
import Testing

@testable import PressworkPipeline

/// Byline rules beyond prefixes: lines, dates, credits, parentheses, credentials, identifiers.
@Suite("Metadata: byline rules")
struct MetadataBylineRulesTests {
    @Test(
        "lines: the first line naming someone wins; a prefix-only or separator-ended line runs on",
        arguments: [
            ("By Brenda Goodman, MA\nWebMD Health News", ["Brenda Goodman"]),
            ("Written by Rob Ewaschuk\nEdited by Betsy Beyer", ["Rob Ewaschuk"]),
            ("By\nScott Cunningham", ["Scott Cunningham"]),
            ("Jane Doe and\nJohn Roe", ["Jane Doe", "John Roe"]),
            ("Share\nJane Doe", ["Jane Doe"]),
        ]
    )
    func lines(byline: String, expected: [String]) {
        #expect(Byline.names(byline) == expected)
    }

    @Test(
        "dates and times after the name are cut",
        arguments: [
            ("By Nathan Willis March 25, 2015", "Nathan Willis"),
            ("By GILLIAN MOHNEY March 11, 2015 3:46 PM", "GILLIAN MOHNEY"),
            ("Jane Doe 3 hours ago", "Jane Doe"), ("Jane Doe, Tuesday 4 June 2024", "Jane Doe"),
            ("by Lucas Nolan22 Dec 2016", "Lucas Nolan"), ("記者 張三 2015年3月5日", "張三"),
        ]
    )
    func dates(byline: String, expected: String) {
        #expect(Byline.names(byline) == [expected])
    }

    @Test(
        "credits for other roles end the names",
        arguments: [
            ("Jane Doe. Photos by John Roe", ["Jane Doe."]), ("By Jane Doe, edited by John Roe", ["Jane Doe"]),
            ("Jane Doe Reviewed by John Roe, MD", ["Jane Doe"]),
        ]
    )
    func roles(byline: String, expected: [String]) {
        #expect(Byline.names(byline) == expected)
    }

    @Test(
        "parentheses: addresses go, joiners name more authors, nicknames stay",
        arguments: [
            ("Bradley M. Kuhn (http://ebb.org/bkuhn/)", ["Bradley M. Kuhn"]),
            ("jane@example.com (Jane Doe)", ["Jane Doe"]),
            ("Jane Doe (jane@example.com)", ["Jane Doe"]),
            (
                "Martin Untersinger (avec Damien Leloup et Morgane Tual)",
                ["Martin Untersinger", "Damien Leloup", "Morgane Tual"]
            ),
            ("Jane Doe (with John Roe)", ["Jane Doe", "John Roe"]),
            ("Richard (R.J.) Eskow", ["Richard (R.J.) Eskow"]),
            ("Jane Doe @janedoe", ["Jane Doe"]),
        ]
    )
    func parentheses(byline: String, expected: [String]) {
        #expect(Byline.names(byline) == expected)
    }

    @Test(
        "credentials after a comma go; a one-letter piece keeps a separator inside a name",
        arguments: [
            ("Brenda Goodman, MA", ["Brenda Goodman"]), ("Jane Doe, M.D., Ph.D.", ["Jane Doe"]),
            ("Mac & i", ["Mac & i"]), ("Doe, Jane", ["Doe, Jane"]),
        ]
    )
    func credentials(byline: String, expected: [String]) {
        #expect(Byline.names(byline) == expected)
    }

    @Test("user names and IDs are no authors", arguments: ["CC7567", "user123", "@libe", "Edited by Jane Doe"])
    func identifiers(byline: String) {
        #expect(Byline.names(byline).isEmpty)
    }
}
