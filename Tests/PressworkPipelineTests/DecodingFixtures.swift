/// Sentences written for the decoding tests (no third-party text), one per language, long enough for
/// uchardet to recognise their charset.
enum DecodingFixtures {
    static let russian =
        "Городской совет утвердил новый бюджет на ремонт дорог и мостов. Жители района давно жаловались на ямы "
        + "и разбитые тротуары, а депутаты обещали начать работы уже весной."
    static let simplifiedChinese =
        "市议会昨天批准了修缮道路和桥梁的新预算。附近的居民长期抱怨路面坑洼和人行道破损，议员们承诺春天就开始施工。市长表示，第一批街道将在夏天结束前修好。"
    static let traditionalChinese =
        "市議會昨天批准了修繕道路和橋樑的新預算。附近的居民長期抱怨路面坑窪和人行道破損，議員們承諾春天就開始施工。市長表示，第一批街道將在夏天結束前修好。"
    static let japanese =
        "市議会は昨日、道路と橋の補修のための新しい予算を承認した。近くの住民は長い間、路面の穴や壊れた歩道について不満を訴えてきたが、"
        + "議員たちは春には工事を始めると約束した。"
    static let korean =
        "시의회는 어제 도로와 다리 보수를 위한 새 예산을 승인했다. 인근 주민들은 오랫동안 도로의 구멍과 부서진 보도에 대해 불만을 제기해 왔으며, "
        + "의원들은 봄에 공사를 시작하겠다고 약속했다."
    static let thai =
        "สภาเมืองได้อนุมัติงบประมาณใหม่สำหรับการซ่อมแซมถนนและสะพานเมื่อวานนี้ ชาวบ้านในละแวกนั้นบ่นเรื่องหลุมบ่อบนถนนและทางเท้าที่ชำรุดมานาน "
        + "และสมาชิกสภาสัญญาว่าจะเริ่มงานในฤดูใบไม้ผลิ"
    static let czech =
        "Městská rada včera schválila nový rozpočet na opravu silnic a mostů. Obyvatelé čtvrti si dlouho stěžovali "
        + "na díry v silnici a rozbité chodníky, a zastupitelé slíbili, že práce začnou už na jaře."
    static let polish =
        "Rada miejska zatwierdziła wczoraj nowy budżet na remont dróg i mostów. Mieszkańcy dzielnicy od dawna "
        + "skarżyli się na dziury w jezdni i zniszczone chodniki, a radni obiecali, że prace ruszą już wiosną."
    static let greek =
        "Το δημοτικό συμβούλιο ενέκρινε χθες τον νέο προϋπολογισμό για την επισκευή δρόμων και γεφυρών. Οι κάτοικοι "
        + "της περιοχής παραπονιούνταν εδώ και καιρό για τις λακκούβες και τα σπασμένα πεζοδρόμια."
    /// Greek with “curly quotes”, which only windows-1253 has (in its 0x80–0x9F range).
    static let greekQuoted = "Ο δήμαρχος είπε: “Οι εργασίες θα ξεκινήσουν την άνοιξη”. " + greek
    static let turkish =
        "Belediye meclisi dün yolların ve köprülerin onarımı için yeni bütçeyi onayladı. Mahalle sakinleri uzun "
        + "süredir yollardaki çukurlardan ve kırık kaldırımlardan şikâyet ediyordu, meclis üyeleri ise "
        + "çalışmaların ilkbaharda başlayacağına söz verdi."
    static let french =
        "Le conseil municipal a approuvé hier le nouveau budget consacré à la réfection des routes et des ponts. "
        + "Les habitants du quartier se plaignaient depuis longtemps des trottoirs abîmés ; les élus ont promis que "
        + "les travaux commenceraient dès le printemps."
    /// French with € and œ, which ISO-8859-15 has where ISO-8859-1 has ¤ and ½.
    static let frenchLatin9 =
        "Le conseil municipal a approuvé hier un budget de 3 millions € pour la réfection des routes. Les élus "
        + "ont promis que les œuvres commenceraient dès le printemps, avec le cœur à l'ouvrage."
    static let german =
        "Der Stadtrat hat gestern das neue Budget für die Straßenreparatur genehmigt. Die Anwohner hatten sich lange "
        + "über Schlaglöcher und kaputte Gehwege beschwert."
    static let hebrew =
        "מועצת העיר אישרה אתמול תקציב חדש לתיקון כבישים וגשרים. תושבי השכונה התלוננו זמן רב על בורות בכביש ועל "
        + "מדרכות שבורות, וחברי המועצה הבטיחו שהעבודות יתחילו כבר באביב."
    static let arabic =
        "وافق مجلس المدينة أمس على ميزانية جديدة لإصلاح الطرق والجسور. وقد اشتكى سكان الحي طويلا من الحفر في الطرق "
        + "والأرصفة المكسورة، ووعد أعضاء المجلس بأن تبدأ الأعمال في الربيع."

    /// `text` in a small HTML page, with a `<meta charset>` when `declaring` is given.
    static func page(_ text: String, declaring charset: String? = nil) -> String {
        let meta = charset.map { "<meta charset=\"\($0)\">" } ?? ""
        return "<!DOCTYPE html><html><head>\(meta)<title>Budget</title></head><body><p>\(text)</p></body></html>"
    }
}
