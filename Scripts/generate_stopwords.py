#!/usr/bin/env python3
"""Regenerates Sources/PressworkPipeline/Stages/Analysis/Words/StopwordLists.swift.

Downloads the pinned source packages from PyPI with pip into a temporary directory, reads only their word
lists, adds the lists the project wrote itself (below), normalizes every word the way tokens are (NFKC,
lowercased; the case-folded form and the form without format characters are added where they differ,
so "daß" matches "dass" too), and writes one raw string literal per language. Sources and licences:
STOPWORDS.md beside the generated file.

Usage: python3 Scripts/generate_stopwords.py
"""

import json
import pathlib
import runpy
import subprocess
import sys
import tempfile
import unicodedata
import zipfile

ROOT = pathlib.Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "Sources/PressworkPipeline/Stages/Analysis/Words/StopwordLists.swift"

SPACY = "spacy==3.8.14"  # MIT; lists in spacy/lang/<code>/stop_words.py
STOPWORDS_ISO = "stopwordsiso==0.7.1"  # MIT; stopwords-iso in stopwordsiso/stopwords-iso.json
UZBEK = "uzbek-stopwords==0.0.1"  # MIT; uzbek_stopwords/__init__.py
# Apache-2.0; converts spaCy's simplified Chinese list to traditional characters (Taiwan, Hong Kong, OpenCC's).
OPENCC = "opencc-python-reimplemented==0.1.7"

# spaCy's lists are curated for its tokenizers; stopwords-iso's merge many sources and, for English,
# hold content words ("computer", "research"), so spaCy wins where it has the language.
SPACY_SKIP = {"grc", "xx"}  # Ancient Greek; spaCy's multi-language placeholder
ISO_SKIP = {"no"}  # Norwegian comes from spaCy's Bokmål list through the "no" alias

# Written by the project from common function words (pronouns, conjunctions, postpositions, particles,
# auxiliaries): no list with a clear licence was found for these languages.
OWN = {
    "kk": """
        мен сен сіз ол біз сендер сіздер олар менің сенің сіздің оның біздің сендердің сіздердің олардың
        маған саған сізге оған бізге оларға мені сені сізді оны бізді оларды менде сенде сізде онда бізде
        оларда өз өзі өзім өзің өзін өзіне өзінің өздері өздерінің бұл осы сол мына ана анау мынау осындай
        сондай мұндай бұның мұның осының соның бұған осыған соған бұны мұны осыны соны мұнда осында сонда
        кім не қай қайда қашан қалай қанша неше неге неліктен қандай әр әрбір барлық бәрі бүкіл кейбір
        ешкім ештеңе еш ешқашан ешқандай бірнеше көп аз және мен пен бен да де та те ал бірақ алайда
        әйтсе әйткенмен немесе әлде я яғни өйткені себебі сондықтан сонымен осылайша егер әрі ма ме ба бе
        па пе ғой қой ғана қана тек әлі енді тағы тіпті шығар екен еді емес жоқ бар иә әрине сияқты
        секілді сайын үшін туралы арқылы бойынша дейін шейін кейін бері соң бұрын қарай жөнінде арасында
        ішінде үстінде астында алдында артында бірге қатар гөрі қарағанда сай байланысты бойы деп деген
        дейді болып болды болады болған болса болу болатын еткен етті етеді етіп жатыр жатқан тұр отыр
        бір екі үш бірі кезде кезінде тым өте ең аса бәлкім мүмкін керек тиіс
    """,
    "ka": """
        და რომ არ ეს ის მაგრამ თუ ან უნდა იყო არის კი ვერ ნუ ხოლო ანუ თან მას მისი მათ მათი ამ იმ ამის
        იმის ამას იმას მე შენ ჩვენ თქვენ ისინი ესენი ჩემი შენი ჩვენი თქვენი ყველა ყველაფერი რა ვინ სად
        როდის როგორ რატომ რომელიც რომელი რომლის რომლებიც რაც ვინც სადაც როცა როდესაც როგორც თუმცა
        ასევე კიდევ მხოლოდ უკვე ჯერ ძალიან უფრო ყველაზე ერთი ორი სამი შემდეგ მიერ გამო შესახებ შორის
        მერე აქ იქ ახლა ასე ისე მაინც ხომ აი არც ვერც თითქოს ოღონდ სანამ ვიდრე რადგან რადგანაც ამიტომ
        მაშინ ყოველ თავის თავისი საკუთარი იყვნენ იქნება იყოს არიან ჰქონდა აქვს ანდა ხან ზე თავად
    """,
    # spaCy's and stopwords-iso's Urdu lists are the same mis-encoded file (ثہت for بہت, اپٌب for اپنا).
    "ur": """
        کا کی کے کو میں سے پر تک نے بھی ہی تو اور یا لیکن مگر بلکہ کہ جو جس جن جنہوں جسے جنہیں وہ یہ اس ان
        اسے انہیں انہوں یہی وہی ہم تم آپ مجھے ہمیں تمہیں انھیں میرا میری میرے ہمارا ہماری ہمارے تمہارا
        تمہاری تمہارے اپنا اپنی اپنے ہے ہیں تھا تھی تھیں تھے ہو ہوں ہوا ہوئی ہوئے ہوگا ہوگی ہوں گے گا گی
        رہا رہی رہے کر کرنا کرنے کرتا کرتی کرتے کیا گئی گیا گئے جا جائے جائیں جاتا جاتی جاتے سکتا سکتی سکتے
        چاہیے چاہئے نہیں نہ مت کوئی کسی کچھ سب ہر بہت زیادہ کم اب جب تب پھر کیوں کیسے کہاں کب کون کتنا ایسے
        ایسا ایسی ویسے یعنی لیے لئے طرح ساتھ بعد پہلے بارے درمیان اندر باہر اوپر نیچے ذریعے خلاف والا والی
        والے وغیرہ و چونکہ کیونکہ اگر اگرچہ تاکہ حالانکہ لہذا پس البتہ صرف ابھی یہاں وہاں
    """,
    "tg": """
        ва дар бо аз ба ки то барои ин он ҳам ё аммо вале лекин агар чун чунки зеро пас баъд баъди пеш
        пеши байни дигар ҳар ҳама ҳамаи як ду се ман ту вай ӯ мо шумо онҳо инҳо худ худи чӣ кӣ куҷо кай
        чаро чанд чи боз низ танҳо ҳатто ҳанӯз аллакай бисёр хеле кам аст буд шуд мешавад мебошад буда
        шуда карда кард мекунад намебошад нест ҳаст бояд метавонад на не ҳа албатта ҳамин ҳамон чунин
        чунон бораи тавассути оид зидди назди сӯи рӯи зери болои қабл қабли инро онро маро туро моро
        шуморо онҳоро вайро ӯро худро мебошанд шудааст шуданд буданд
    """,
}

# Added by the project to any source's list: number words (cardinals, the first ordinals, round numbers),
# which never make a keyphrase ("он", ten, ranked as a Kazakh keyword), and "new", which every news story
# has. The source lists for these languages have no numbers beyond one or two.
EXTRA = {
    "kk": """
        бір екі үш төрт бес алты жеті сегіз тоғыз он жиырма отыз қырық елу алпыс жетпіс сексен тоқсан жүз
        мың миллион миллиард бірінші екінші үшінші төртінші бесінші жаңа жаңадан басқа отырып
    """,
    "ky": """
        бир эки үч төрт беш алты жети сегиз тогуз он жыйырма отуз кырк элүү алтымыш жетимиш сексен токсон
        жүз миң миллион миллиард биринчи экинчи үчүнчү төртүнчү бешинчи жаңы тийиш бардык ушул ким
    """,
    "uz": """
        bir ikki uch toʻrt to'rt besh olti yetti sakkiz toʻqqiz to'qqiz oʻn o'n yigirma oʻttiz o'ttiz qirq
        ellik oltmish yetmish sakson toʻqson to'qson yuz ming million milliard birinchi ikkinchi uchinchi
        yangi бир икки уч тўрт беш олти етти саккиз тўққиз ўн йигирма ўттиз қирқ эллик олтмиш етмиш саксон
        тўқсон юз минг миллион миллиард биринчи иккинчи учинчи янги hamda biror ushbu mazkur ва ёки билан
        учун ҳар барча ўз ҳамда эмас керак ҳеч ким унинг
    """,
    "tg": """
        чор панҷ шаш ҳафт ҳашт нӯҳ даҳ бист сӣ чил панҷоҳ шаст ҳафтод ҳаштод навад сад ҳазор миллион
        миллиард якум дуюм сеюм нав дорад доранд шавад бошад намояд ҳеҷ набояд
    """,
    "ru": """
        один одна одно одного одной два две двух три трёх трех четыре пять шесть семь восемь девять десять
        двадцать тридцать сорок пятьдесят сто тысяча тысячи тысяч миллион миллиона миллионов миллиард
        первый первая первое второй третий новый новая новое новые нового новой новых ни является каждого
    """,
    # Function and number words the sources lack, found as top non-stopword tokens or keyphrase edges in
    # the UDHR texts of ../shared/data (and cardinals checked one by one). "New" is left out where it
    # starts names (New York, Nouvelle-Calédonie).
    "ur": "ایک دو تین چار پانچ چھ سات آٹھ نو دس سو ہزار لاکھ پہلا دوسرا نیا نئی نئے",
    "en": "shall seven hundred thousand",
    "fr": "contre aucune aucun neuf",
    "de": "eins hundert tausend",
    "es": "cien ciento mil",
    "pt": "ninguém alguma será seja sejam cem",
    "it": "o i qualsiasi potrà cinque dieci mille",
    "tr": """
        bir iki üç dört beş altı yedi sekiz dokuz on yüz bin birinci ikinci vardır karşı işbu içinde
    """,
    "ar": """
        لكل جميع آخر أحد يجوز واحد واحدة اثنان اثنين ثلاثة أربعة خمسة ستة سبعة ثمانية تسعة عشرة مائة مئة ألف
    """,
    "fa": "یک دو سه چهار پنج شش هفت هشت ده صد هزار احدی بوسیله مقابل",
    "hi": """
        तथा होगा होगी जाएगा जाएगी प्रति चूंकि ऐसी प्रत्येक अन्य विरुद्ध एक दो तीन चार पांच पाँच छह सात आठ नौ दस सौ
        हज़ार हजार पहला दूसरा
    """,
    "id": "enam tujuh delapan lapan sembilan sepuluh ratus ribu",
    "ja": "及び 又は もしくは 並びに いかなる これら",
    "ko": "또는 및 모든 어느 어떠한 이러한",
    "uk": "одна сто тисяча новий повинна повинні ніхто серед кожний такого",
    "pl": """
        nikogo swych swej wolno przeciw wobec poprzez jakiekolwiek trzy cztery pięć sześć siedem osiem dziewięć
        dziesięć sto tysiąc pierwszy drugi
    """,
    "nl": "twee drie vier vijf zes zeven acht negen tien honderd duizend tweede",
    "vi": "hai bốn sáu bảy tám chín mười trăm nghìn",
    "th": "ใด บรรดา โดยที่ สอง สาม สี่ ห้า หก เจ็ด แปด เก้า สิบ ร้อย พัน",
    "el": "ή δύο τέσσερα πέντε επτά οκτώ εννέα δέκα",
    "he": "זו הואיל ללא לפי כדי לרבות",
    "hy": "ոչ չի ունի ունեն պետք կարող լինի քանզի նկատմամբ ցանկացած",
    "ka": "შეიძლება ვინაიდან ყოველი სხვა ისეთი რაიმე არავის",
    "bn": "যেহেতু সকল নিজ",
    "mr": "किंवा अथवा पाहिजे नये ज्या अशा प्रत्येक",
    "ta": "எவரும் எல்லா ஒவ்வொரு",
    "az": "hansı eyni",
    "tt": "булган торган",
}

# Codes that share another code's list. spaCy's Malay list is its Indonesian one, word for word.
ALIASES = {"no": "nb", "ms": "id"}


def pip_download(requirement: str, directory: pathlib.Path, *extra: str) -> pathlib.Path:
    subprocess.run(
        [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "-d", str(directory), *extra, requirement],
        check=True,
    )
    name = requirement.split("==")[0].replace("-", "_")
    return next(directory.glob(f"{name}-*.whl"))


def spacy_lists(wheel: pathlib.Path, directory: pathlib.Path) -> dict[str, list[str]]:
    lists = {}
    with zipfile.ZipFile(wheel) as archive:
        for member in archive.namelist():
            parts = member.split("/")
            if len(parts) == 4 and parts[:2] == ["spacy", "lang"] and parts[3] == "stop_words.py":
                code = parts[2]
                if code in SPACY_SKIP:
                    continue
                path = directory / f"spacy_{code}.py"
                path.write_bytes(archive.read(member))
                # The modules are plain data (a set built from string literals); no spaCy import needed.
                lists[code] = list(runpy.run_path(str(path))["STOP_WORDS"])
    return lists


def iso_lists(wheel: pathlib.Path) -> dict[str, list[str]]:
    with zipfile.ZipFile(wheel) as archive:
        data = json.loads(archive.read("stopwordsiso/stopwords-iso.json"))
    return {code: words for code, words in data.items() if code not in ISO_SKIP}


def uzbek_list(wheel: pathlib.Path, directory: pathlib.Path) -> list[str]:
    path = directory / "uzbek_stopwords.py"
    with zipfile.ZipFile(wheel) as archive:
        path.write_bytes(archive.read("uzbek_stopwords/__init__.py"))
    return list(runpy.run_path(str(path))["uzbek_stopwords"])


def traditional(words: list[str], wheel: pathlib.Path, directory: pathlib.Path) -> list[str]:
    """The words in traditional characters as OpenCC writes them for Taiwan, Hong Kong and by default."""
    unpacked = directory / "opencc"
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(unpacked)
    sys.path.insert(0, str(unpacked))
    from opencc import OpenCC  # noqa: E402 (the downloaded package)

    converted = set()
    for config in ("s2t", "s2tw", "s2hk"):
        converter = OpenCC(config)
        converted |= {converter.convert(word) for word in words}
    return sorted(converted - set(words))


def normalized(words: list[str]) -> list[str]:
    result = set()
    for word in words:
        word = unicodedata.normalize("NFKC", word.strip())
        # A stopword list is matched against single tokens: phrases ("a ha", spaCy's "a_ha"), punctuation
        # and fragments that begin with a combining mark (damaged Thai and Urdu entries) never match one.
        if not word or any(c.isspace() or c == "_" for c in word) or not any(c.isalpha() for c in word):
            continue
        if unicodedata.category(word[0]).startswith("M"):
            continue
        lower = unicodedata.normalize("NFKC", word.lower())
        folded = unicodedata.normalize("NFKC", lower.casefold())
        forms = {lower, folded}
        # Sources write the apostrophe of l'un, o'z as U+0027; text mostly as U+2019 (and Uzbek as U+02BB).
        for form in list(forms):
            if "'" in form:
                forms |= {form.replace("'", "\u2019"), form.replace("'", "\u02bb")}
        for form in sorted(forms):
            result.add(form)
            # NFKC_Casefold (ICU's nfkc_cf) also drops format characters such as the zero-width
            # non-joiner inside Persian words and soft hyphens: add that form too.
            result.add("".join(c for c in form if unicodedata.category(c) != "Cf"))
    return sorted(result)


def literal_lines(words: list[str], width: int = 100) -> list[str]:
    lines, line = [], ""
    for word in words:
        assert '"""#' not in word and "\\" not in word, word
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    if line:
        lines.append(line)
    return lines


def swift_source(lists: dict[str, tuple[str, list[str]]]) -> str:
    out = [
        "// Generated by Scripts/generate_stopwords.py; do not edit. Sources and licences: STOPWORDS.md.",
        "",
        "extension Stopwords {",
        "    /// Every language code with a list, including aliases, sorted.",
        "    static let packedLanguageCodes: [String] = [",
    ]
    codes = sorted(list(lists) + list(ALIASES))
    for start in range(0, len(codes), 12):
        out.append("        " + " ".join(f'"{code}",' for code in codes[start : start + 12]))
    out += [
        "    ]",
        "",
        "    /// One language's words separated by spaces and newlines: one literal per language compiles",
        "    /// fast, where an array literal of thousands of strings would not.",
        "    static func packedList(for code: String) -> String? {",
        "        switch code {",
    ]
    for alias, target in sorted(ALIASES.items()):
        out.append(f'        case "{alias}": return packedList(for: "{target}")')
    for code in sorted(lists):
        source, words = lists[code]
        out.append(f'        case "{code}":  // {source}, {len(words)} words')
        out.append('            return #"""')
        out += [f"                {line}" for line in literal_lines(words)]
        out.append('                """#')
    out += ["        default: return nil", "        }", "    }", "}", ""]
    return "\n".join(out)


def main() -> None:
    with tempfile.TemporaryDirectory() as temp:
        directory = pathlib.Path(temp)
        spacy_wheel = pip_download(
            SPACY, directory, "--only-binary", ":all:", "--platform", "manylinux2014_x86_64", "--python-version", "3.11"
        )
        sources: dict[str, tuple[str, list[str]]] = {}
        for code, words in iso_lists(pip_download(STOPWORDS_ISO, directory)).items():
            sources[code] = ("stopwords-iso", words)
        for code, words in spacy_lists(spacy_wheel, directory).items():
            sources[code] = ("spaCy", words)
        sources["uz"] = ("uzbek-stopwords", uzbek_list(pip_download(UZBEK, directory), directory))
        # Chinese text in traditional characters (Taiwan, Hong Kong) shares the code zh.
        source, words = sources["zh"]
        sources["zh"] = (source, words + traditional(words, pip_download(OPENCC, directory), directory))
        for code, text in OWN.items():
            sources[code] = ("Presswork", text.split())
        for alias in ALIASES:
            sources.pop(alias, None)
        for code, text in EXTRA.items():
            source, words = sources[code]
            sources[code] = (source, words + text.split())
    lists = {code: (source, normalized(words)) for code, (source, words) in sources.items()}
    OUTPUT.write_text(swift_source(lists), encoding="utf-8")
    for code, (source, words) in sorted(lists.items()):
        print(f"{code}\t{source}\t{len(words)}")


if __name__ == "__main__":
    main()
