import Foundation
import Testing

@testable import PressworkPipeline

@Suite("SimHash fingerprint")
struct SimHashTests {
    typealias Fixtures = KeyphraseFixtures

    static let replacedSentence =
        "Thousands of activists marched through the streets of Paris, demanding an end to coal and oil."

    func fingerprint(_ text: String) -> UInt64 {
        SimHash.fingerprint(Fixtures.normalizedWords(text))
    }

    @Test func identicalTextsHaveTheSameFingerprint() {
        let first = fingerprint(Fixtures.englishClimate)
        #expect(first != 0)
        #expect(SimHash.hammingDistance(first, fingerprint(Fixtures.englishClimate)) == 0)
        // Case and Unicode form do not matter: the words are normalized first.
        #expect(fingerprint(Fixtures.englishClimate.uppercased()) == first)
    }

    @Test func oneChangedSentenceIsNear() {
        let edited = Fixtures.englishClimate.replacingOccurrences(
            of: Self.replacedSentence, with: "Police closed several roads near the conference centre for security.")
        #expect(edited != Fixtures.englishClimate)
        let distance = SimHash.hammingDistance(fingerprint(Fixtures.englishClimate), fingerprint(edited))
        #expect(distance > 0)
        #expect(distance < 10)
    }

    @Test func oneChangedWordIsNearer() {
        let english = Fixtures.englishClimate.replacingOccurrences(of: "Glasgow", with: "Madrid")
        #expect(SimHash.hammingDistance(fingerprint(Fixtures.englishClimate), fingerprint(english)) <= 6)
        let chinese = Fixtures.chineseClimate.replacingOccurrences(of: "格拉斯哥", with: "马德里")
        #expect(SimHash.hammingDistance(fingerprint(Fixtures.chineseClimate), fingerprint(chinese)) <= 6)
    }

    @Test func unrelatedTextsAreFar() {
        let texts = [
            Fixtures.englishClimate, Fixtures.englishTransport, Fixtures.russianClimate, Fixtures.chineseClimate,
            Fixtures.kazakhOil,
        ]
        let fingerprints = texts.map(fingerprint)
        for i in fingerprints.indices {
            for j in fingerprints.indices where j > i {
                #expect(SimHash.hammingDistance(fingerprints[i], fingerprints[j]) >= 20, "texts \(i) and \(j)")
            }
        }
    }

    @Test func shortTextsAreOneShingle() {
        #expect(SimHash.fingerprint([]) == 0)
        // One shingle of weight 1: the fingerprint is its hash.
        #expect(SimHash.fingerprint(["climate", "summit"]) == SimHash.shingleHash(["climate", "summit"]))
        #expect(SimHash.fingerprint(["气候"]) == SimHash.shingleHash(["气候"]))
        // The separator keeps word boundaries apart.
        #expect(SimHash.fingerprint(["ab", "c"]) != SimHash.fingerprint(["a", "bc"]))
    }

    @Test func hashFunctionsMatchTheirReferenceValues() {
        // FNV-1a 64 reference values, and splitmix64's first output for seed 0.
        #expect(SimHash.fnv1a([""]) == 0xcbf2_9ce4_8422_2325)
        #expect(SimHash.fnv1a(["a"]) == 0xaf63_dc4c_8601_ec8c)
        #expect(SimHash.fnv1a(["foobar"]) == 0x8594_4171_f739_67e8)
        #expect(SimHash.mix(0x9e37_79b9_7f4a_7c15) == 0xe220_a839_7b1d_cdaf)
    }

    @Test func hexHasSixteenLowercaseDigits() {
        #expect(SimHash.hex(0) == "0000000000000000")
        #expect(SimHash.hex(0x1) == "0000000000000001")
        #expect(SimHash.hex(0xDEAD_BEEF_0000_00FF) == "deadbeef000000ff")
        #expect(SimHash.hex(.max) == "ffffffffffffffff")
        let value = fingerprint(Fixtures.kazakhOil)
        #expect(SimHash.fingerprint(hex: SimHash.hex(value)) == value)
        #expect(SimHash.fingerprint(hex: "") == nil)
        #expect(SimHash.fingerprint(hex: "0123456789abcdef0") == nil)
        #expect(SimHash.fingerprint(hex: "xyz") == nil)
    }

    @Test func hammingDistanceCountsDifferingBits() {
        #expect(SimHash.hammingDistance(0, 0) == 0)
        #expect(SimHash.hammingDistance(0, .max) == 64)
        #expect(SimHash.hammingDistance(0b1011, 0b0110) == 3)
    }
}
