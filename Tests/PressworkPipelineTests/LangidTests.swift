import Foundation
import PressworkJSON
import Testing

@testable import PressworkPipeline

/// `presswork langid`: hard pairs on article-length texts, bad input, and the line formats. The texts are
/// written for these tests: a new library opening, or a bridge, in each language.
@Suite("Language identification of lines")
struct LangidTests {
    private let stage = LanguageStage()

    @Test(
        "hard pairs come out right on article-length text",
        arguments: [
            (
                "kk", "Cyrl",
                "Алматы қаласында өткен көрмеге мыңдаған адам келді. Көрмеде жергілікті шеберлердің қолөнер бұйымдары мен суреттері қойылды. Ұйымдастырушылардың айтуынша, келесі жылы көрме үлкенірек алаңда өтеді. Балаларға арналған шеберханалар да ашылып, олар кілем тоқуды үйренді."
            ),
            (
                "ru", "Cyrl",
                "В Алматы прошла выставка, на которую пришли тысячи человек. На выставке показали изделия и картины местных мастеров. По словам организаторов, в следующем году выставка пройдёт на более просторной площадке. Для детей открыли мастерские, где они учились ткать ковры."
            ),
            (
                "uk", "Cyrl",
                "У Львові відкрили нову бібліотеку, яка працюватиме щодня до пізнього вечора. Читачі зможуть безкоштовно користуватися комп'ютерами та брати книжки додому. Міська рада пообіцяла щороку поповнювати фонди новими виданнями. Перші відвідувачі вже встигли записатися на курси іноземних мов."
            ),
            (
                "sr", "Cyrl",
                "Нови мост преко реке биће завршен до краја године, рекао је градоначелник. Радови су почели прошлог пролећа и до сада су текли без већих застоја. Становници се надају да ће саобраћај у центру града коначно постати лакши. Општина је обећала и нову бициклистичку стазу поред обале."
            ),
            (
                "ur", "Arab",
                "شہر میں نئی لائبریری کا افتتاح کیا گیا جو روزانہ رات دیر تک کھلی رہے گی۔ طلبہ اور بزرگ شہری یہاں مفت کتابیں پڑھ سکیں گے۔ میئر نے کہا کہ ہر سال نئی کتابیں خریدی جائیں گی۔ پہلے دن ہی سینکڑوں لوگوں نے اپنا نام درج کروایا۔"
            ),
            (
                "fa", "Arab",
                "کتابخانه جدیدی در شهر افتتاح شد که هر روز تا دیروقت باز خواهد بود. دانشجویان و سالمندان می‌توانند به رایگان از کتاب‌ها استفاده کنند. شهردار گفت که هر سال کتاب‌های تازه خریداری خواهد شد. در همان روز اول صدها نفر نام‌نویسی کردند."
            ),
            (
                "ar", "Arab",
                "افتتحت في المدينة مكتبة جديدة ستبقى مفتوحة كل يوم حتى وقت متأخر من الليل. ويستطيع الطلاب وكبار السن قراءة الكتب مجانا. وقال رئيس البلدية إن كتبا جديدة ستشترى كل عام. وفي اليوم الأول سجل مئات الأشخاص أسماءهم."
            ),
            (
                "hi", "Deva",
                "शहर में एक नया पुस्तकालय खोला गया है जो हर दिन देर रात तक खुला रहेगा। छात्र और बुज़ुर्ग यहाँ मुफ़्त में किताबें पढ़ सकेंगे। महापौर ने कहा कि हर साल नई किताबें खरीदी जाएँगी। पहले ही दिन सैकड़ों लोगों ने अपना नाम दर्ज कराया।"
            ),
            (
                "mr", "Deva",
                "शहरात एक नवीन ग्रंथालय सुरू झाले आहे, जे दररोज रात्री उशिरापर्यंत खुले राहील. विद्यार्थी आणि ज्येष्ठ नागरिक येथे मोफत पुस्तके वाचू शकतील. महापौरांनी सांगितले की दरवर्षी नवीन पुस्तके खरेदी केली जातील. पहिल्याच दिवशी शेकडो लोकांनी आपली नावे नोंदवली."
            ),
            (
                "ne", "Deva",
                "सहरमा एउटा नयाँ पुस्तकालय खुलेको छ, जुन हरेक दिन राति अबेरसम्म खुला रहनेछ। विद्यार्थी र ज्येष्ठ नागरिकहरूले यहाँ निःशुल्क किताब पढ्न सक्नेछन्। मेयरले हरेक वर्ष नयाँ किताबहरू किनिने बताउनुभयो। पहिलो दिनमै सयौँ मानिसहरूले आफ्नो नाम दर्ता गराए।"
            ),
            (
                "ms", "Latn",
                "Sebuah perpustakaan baharu telah dibuka di bandar ini dan akan beroperasi setiap hari sehingga lewat malam. Pelajar dan warga emas boleh membaca buku secara percuma. Datuk Bandar berkata kerajaan akan membeli buku baharu setiap tahun. Pada hari pertama sahaja, beratus-ratus orang telah mendaftarkan nama mereka."
            ),
            (
                "id", "Latn",
                "Sebuah perpustakaan baru telah dibuka di kota ini dan akan buka setiap hari hingga larut malam. Mahasiswa dan warga lanjut usia bisa membaca buku secara gratis. Wali kota mengatakan pemerintah akan membeli buku-buku baru setiap tahun. Pada hari pertama saja, ratusan orang sudah mendaftarkan nama mereka."
            ),
            ("zh", "Hans", "市里新开了一座图书馆，每天开放到深夜。学生和老年人可以免费借阅图书。市长说，政府每年都会购买新书。开馆第一天，就有几百人登记办理了借书证。"),
            ("zh", "Hant", "市裡新開了一座圖書館，每天開放到深夜。學生和老年人可以免費借閱圖書。市長說，政府每年都會購買新書。開館第一天，就有幾百人登記辦理了借書證。"),
        ])
    func hardPairs(code: String, script: String, text: String) {
        let language = stage.run(title: "", text: text, declared: nil)
        #expect(language.code == code, "\(language)")
        #expect(language.script == script, "\(language)")
    }

    /// CLD2 reads this ekavian (Serbian-only) text as Bosnian: the Latin-script Serbo-Croatian languages
    /// are one cluster to it. Kept visible until the stage tells them apart.
    @Test("Serbian in Latin script")
    func serbianLatin() {
        let text =
            "Novi most preko reke biće završen do kraja godine, rekao je gradonačelnik. Radovi su počeli prošlog proleća i do sada su tekli bez većih zastoja. Stanovnici se nadaju da će saobraćaj u centru grada konačno postati lakši. Opština je obećala i novu biciklističku stazu pored obale."
        let language = stage.run(title: "", text: text, declared: nil)
        #expect(language.script == "Latn")
        withKnownIssue("CLD2 answers Bosnian for Latin-script Serbian text") {
            #expect(language.code == "sr", "\(language)")
        }
    }

    @Test(
        "bad input is und or a best-effort answer, never a crash",
        arguments: ["", " \n\t ", "1234 5678 90", "!!! ??? ... ---", "\u{0}\u{1}\u{7F}\u{FFFD}\u{FFFD}"])
    func badInput(text: String) {
        let language = stage.run(title: "", text: text, declared: nil)
        #expect(language.code == "und", "\(language)")
        #expect(!language.reliable)
    }

    @Test("a made-up language is und or an unreliable guess")
    func madeUpLanguage() {
        let text = "Vo sinta mirelo kavan tu, esh vorani delmo prata. Kiru selvana toma veshi, ando mirasta pelun kor."
        let language = stage.run(title: "", text: text, declared: nil)
        #expect(language.code == "und" || !language.reliable, "\(language)")
    }

    @Test("ten megabytes of text are judged")
    func tenMegabytes() {
        let sentence = "The city council approved a new budget for road repairs and public libraries on Tuesday. "
        let text = String(repeating: sentence, count: 10_000_000 / sentence.utf8.count)
        #expect(stage.run(title: "", text: text, declared: nil).code == "en")
    }

    @Test("traditional Chinese declared as bare zh stays Chinese (the hint makes CLD2 say Japanese)")
    func traditionalChineseDeclaredZh() {
        let text = """
            市政府昨天宣佈，新建的公共圖書館將於下個月正式開放。這座圖書館位於市中心，藏書超過十萬冊，並設有兒童閱覽區\
            與多媒體資料室。館長表示，圖書館每天開放十二小時，週末也照常服務，市民只要攜帶身分證件即可免費辦理借書證。\
            許多家長對此表示歡迎，認為孩子們終於有了安靜的學習環境。
            """
        for declared in ["zh", "zh-TW", nil] {
            let language = stage.run(title: "", text: text, declared: declared)
            #expect(language.code == "zh" && language.script == "Hant", "\(declared ?? "none"): \(language)")
            #expect(language.spans.isEmpty, "\(language.spans)")
        }
    }

    @Test(
        "numbers are written short",
        arguments: [(0.0, "0"), (1.0, "1"), (0.495, "0.495"), (0.5, "0.5"), (0.05, "0.05")])
    func decimals(value: Double, expected: String) {
        var out: [UInt8] = []
        JSONBytes.appendDecimal(value, decimals: 3, to: &out)
        #expect(String(decoding: out, as: UTF8.self) == expected)
    }

    @Test(
        "meaningless short strings are und", arguments: ["asdf qwer zxcv", "qwerty", "xkcd qqq zzzz jjjj", "hjkl uiop"])
    func junk(text: String) {
        #expect(stage.run(title: "", text: text, declared: nil).code == "und")
    }
}
