extension TextNormalizer {
    /// One scalar of an NFKC_Casefold-ed search term with Arabic-script spelling variants unified, or nil
    /// when the scalar is dropped.
    ///
    /// Writers of Arabic, Persian and Urdu mix these freely (keyboard layouts differ, diacritics are
    /// optional, final letters are often written loosely), so a search must not tell them apart:
    /// - tatweel U+0640 (a stretching stroke), harakat and other marks U+064B…U+065F (including hamza
    ///   above and below), superscript alef U+0670: dropped;
    /// - alef with madda, hamza above or below, wasla, wavy hamza (آ أ إ ٱ ٲ ٳ) → bare alef ا;
    /// - alef maksura ى and Persian yeh ی → Arabic yeh ي;
    /// - Persian keheh ک and swash kaf ڪ → Arabic kaf ك;
    /// - teh marbuta ة → heh ه, and Persian heh with yeh above ۀ → heh ه: informal Arabic and Persian write
    ///   a final ة as ه, and few word pairs differ only there, so merging them costs little precision and
    ///   finds many more matches (the common choice of Arabic search normalizers);
    /// - Arabic-Indic digits ٠…٩ and Persian digits ۰…۹ → ASCII 0…9, so `۲۰۲۴` matches `2024`.
    ///
    /// Hamza seats ؤ and ئ and Kurdish ە are left alone: they spell different words.
    static func arabicFolded(_ scalar: Unicode.Scalar) -> Unicode.Scalar? {
        switch scalar.value {
        case 0x0640, 0x064B...0x065F, 0x0670: nil
        case 0x0622, 0x0623, 0x0625, 0x0671, 0x0672, 0x0673: "\u{0627}"
        case 0x0649, 0x06CC: "\u{064A}"
        case 0x06A9, 0x06AA: "\u{0643}"
        case 0x0629, 0x06C0: "\u{0647}"
        case 0x0660...0x0669: Unicode.Scalar(scalar.value - 0x0660 + 0x30)
        case 0x06F0...0x06F9: Unicode.Scalar(scalar.value - 0x06F0 + 0x30)
        default: scalar
        }
    }
}
