"""The words news sites write around timestamps, in the languages Newswire reads.

Each table is plain text: a line starts with the value and lists the words that mean it. A word
written with `_` between parts is a phrase of several words ("day_before_yesterday"). Words are
matched after `fold` (lower case, accents and Arabic letter variants removed), so one spelling
covers the accented and unaccented forms a site may use. `wire.timestamps` owns
the grammar; this
module only says what a word means.
"""

from __future__ import annotations

import functools
import unicodedata
from fractions import Fraction

# Letter variants that sites mix freely: Arabic and Persian forms of the same letter, Greek final
# sigma, Turkish dotless i, typographic apostrophes.
_LETTER_VARIANTS = str.maketrans(
    {
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ٱ": "ا",
        "ى": "ي",
        "ی": "ي",
        "ئ": "ي",
        "ة": "ه",
        "ک": "ك",
        "ؤ": "و",
        "ـ": None,
        "ς": "σ",
        "ı": "i",
        "’": "'",
        "ʼ": "'",
        "ʻ": "'",
        "՚": "'",
        "ꞌ": "'",
        "′": "'",
        "‵": "'",
        "ʹ": "'",
        "‘": "'",
        "`": "'",
    }
)


@functools.lru_cache(maxsize=8192)
def fold(word: str) -> str:
    """The lookup key of a word: lower case, without accents or letter variants."""
    word = word.lower()
    if word.isascii():
        return word
    decomposed = unicodedata.normalize("NFD", word)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return unicodedata.normalize("NFC", bare).translate(_LETTER_VARIANTS)


# Every word of every table as written (lower case): scripts without spaces are cut into words by
# matching these forms, before folding.
WRITTEN_FORMS: set[str] = set()


def _words(text: str) -> frozenset[str]:
    written = [word.replace("_", " ").lower() for word in text.split()]
    WRITTEN_FORMS.update(written)
    return frozenset(fold(word) for word in written)


def _table(text: str) -> dict[str, int]:
    table: dict[str, int] = {}
    for line in text.strip().splitlines():
        value, *words = line.split()
        for word in words:
            WRITTEN_FORMS.add(word.replace("_", " ").lower())
            key = fold(word.replace("_", " "))
            if table.setdefault(key, int(value)) != int(value):
                raise ValueError(f"word {word!r} is listed for {table[key]} and {value}")
    return table


MONTHS = _table(
    """
1 january jan janvier janv januar jänner jän enero ene janeiro gennaio gen januari
1 januara januarja januar januára jannewaris tammikuu tammikuuta tammik ianuarie ian január
1 январь января янв јануар јануара януари січень січня січ styczeń stycznia sty leden ledna led
1 siječanj siječnja sausio janvāris janvārī jaanuar ocak oca ιανουάριος ιανουαρίου ιαν gener
1 يناير جانفي كانون_الثاني ינואר בינואר ژانویه جنوری जनवरी জানুয়ারি มกราคม ม.ค. enero
1
2 february feb febr février févr fév februar feber febrero fevereiro fev febbraio februari
2 februára februarja februar febrary helmikuu helmikuuta helmik februarie február
2 февраль февраля фев февр фебруар фебруара февруари лютий лютого лют luty lutego lut únor února
2 veljača veljače vasario februāris veebruar şubat şub φεβρουάριος φεβρουαρίου φεβ febrer
2 فبراير فيفري شباط פברואר בפברואר فوریه فروری फ़रवरी फरवरी ফেব্রুয়ারি กุมภาพันธ์ ก.พ. pebrero
3 march mar mars märz mär mrz marzo março marzo maart mrt maret mac marca marec mart marta
3 martie március márc maaliskuu maaliskuuta maalisk март марта мар березень березня бер marzec
3 březen března ožujak ožujka kovo marts märts μάρτιος μαρτίου μαρ març marso
3 مارس اذار آذار מרץ מרס במרץ במרס مارچ मार्च মার্চ มีนาคม มี.ค.
4 april apr avril avr abril aprile aprila aprilie április ápr huhtikuu huhtikuuta huhtik
4 апрель апреля апр април априла квітень квітня квіт kwiecień kwietnia kwi duben dubna
4 travanj travnja balandžio aprīlis aprill nisan nis απρίλιος απριλίου απρ
4 ابريل أبريل افريل نيسان אפריל באפריל آوریل اپریل अप्रैल এপ্রিল เมษายน เม.ย.
5 may mai mayo maio maggio mag mei maj maja mája máj május toukokuu toukokuuta toukok
5 май мая мај маја травень травня трав květen května svibanj svibnja gegužės maijs
5 mayıs μάιος μαΐου μαΐ μαι maig مايو ماي أيار ايار מאי במאי مه مئی मई মে พฤษภาคม พ.ค.
6 june jun juin junio junho giugno giu juni jún júna június junij junija haziran haz
6 июнь июня июн јун јуна юни червень червня черв czerwiec czerwca cze červen června čer
6 lipanj lipnja birželio jūnijs juuni kesäkuu kesäkuuta kesäk iunie iun ιούνιος ιουνίου ιουν
6 juny hunyo يونيو يونيه جوان حزيران יוני ביוני ژوئن جون जून জুন มิถุนายน มิ.ย.
7 july jul juillet juil julio julho luglio lug juli julai júl júla július julij julija
7 июль июля июл јул јула юли липень липня лип lipiec lipca lip červenec července čvc temmuz tem
7 srpanj srpnja liepos jūlijs juuli heinäkuu heinäkuuta heinäk iulie iul ιούλιος ιουλίου ιουλ
7 juliol hulyo يوليو يوليه يوليوز جويلية تموز יולי ביולי ژوئیه جولای جولائی जुलाई জুলাই
7 กรกฎาคม ก.ค.
8 august aug août agosto ago augusto augustus agustus agu agt ags ogos augusta avgust avgusta
8 augusztus elokuu elokuuta elok август августа серпень серпня серп sierpień sierpnia sie
8 srpen srpna kolovoz kolovoza rugpjūčio augusts ağustos ağu αύγουστος αυγούστου αυγ agost
8 أغسطس اغسطس غشت أوت اوت آب اب אוגוסט באוגוסט اوت آگوست اگست अगस्त আগস্ট สิงหาคม ส.ค.
9 september sep sept septembre septiembre setiembre setembro settembre set septembra
9 septembar septembrie szeptember szept syyskuu syyskuuta syysk сентябрь сентября сен сент
9 септембар септембра септември вересень вересня вер wrzesień września wrz září zář rujan rujna
9 rugsėjo septembris eylül eyl σεπτέμβριος σεπτεμβρίου σεπ setembre setyembre
9 سبتمبر شتنبر أيلول ايلول ספטמבר בספטמבר سپتامبر ستمبر सितंबर सितम्बर সেপ্টেম্বর กันยายน ก.ย.
10 october oct octobre octubre outubro out ottobre ott oktober okt oktobra oktobar
10 octombrie október lokakuu lokakuuta lokak октябрь октября окт октобар октобра октомври
10 жовтень жовтня жовт październik października paź říjen října říj spalio oktobris oktoober
10 ekim eki οκτώβριος οκτωβρίου οκτ oktubre
10 أكتوبر اكتوبر تشرين_الأول تشرين_الاول אוקטובר באוקטובר اکتبر اکتوبر अक्टूबर অক্টোবর
10 ตุลาคม ต.ค.
11 november nov novembre noviembre novembro novembra novembar noiembrie marraskuu
11 marraskuuta marrask ноябрь ноября ноя нояб новембар новембра ноември листопад листопада
11 listopad listopada lis listopadu lapkričio novembris kasım kas νοέμβριος νοεμβρίου νοε
11 nobyembre نوفمبر نونبر تشرين_الثاني נובמבר בנובמבר نوامبر نومبر नवंबर नवम्बर নভেম্বর
11 พฤศจิกายน พ.ย.
12 december dec décembre déc diciembre dic dezembro dez dicembre dezember desember disember
12 decembra decembar decembrie joulukuu joulukuuta jouluk декабрь декабря дек децембар
12 децембра декември грудень грудня груд grudzień grudnia gru prosinec prosince prosinac
12 prosinca gruodžio decembris detsember aralık ara δεκέμβριος δεκεμβρίου δεκ desembre
12 disyembre ديسمبر دجنبر كانون_الأول كانون_الاول דצמבר בדצמבר دسامبر دسمبر दिसंबर दिसम्बर
12 ডিসেম্বর ธันวาคม ธ.ค.
1 студзень студзеня сту студ стд ян tháng_một tháng_giêng มกรา
2 люты лютага лют фев peb pebruari tháng_hai กุมภา
3 сакавік сакавіка берез tháng_ba มีนา
4 красавік красавіка кві квіт tháng_tư tháng_bốn เมษา
5 травень траўня tháng_năm พฤษภา
6 чэрвень чэрвеня чер юни hun tháng_sáu มิถุนา
7 ліпеня ліпень юли hul tháng_bảy กรกฎา
8 жнівень жніўня авг сер tháng_tám สิงหา
9 верасень верасня верес сеп tháng_chín กันยา
10 кастрычнік кастрычніка tháng_mười ตุลา
11 лістапад лістапада листоп лист ное nob studenoga studenog studenom tháng_mười_một พฤศจิกา nopember
12 снежань снежня dis tháng_mười_hai tháng_chạp ธันวา
1 tammi לינואר জানুয়ারী
2 helmi לפברואר ফেব্রুয়ারী
3 maalis למרץ למרס
4 huhti לאפריל
5 touko למאי
6 kesä ליוני
7 heinä ליולי
8 elo לאוגוסט
9 syys לספטמבר
10 loka לאוקטובר
11 marras לנובמבר
12 joulu לדצמבר des decembrī
4 abr aprīlī
1 იანვარი იან
2 თებერვალი თებ
3 მარტი მარ
4 აპრილი აპრ
5 მაისი მაი
6 ივნისი ივნ
7 ივლისი ივლ
8 აგვისტო აგვ
9 სექტემბერი სექ
10 ოქტომბერი ოქტ
11 ნოემბერი ნოე
12 დეკემბერი დეკ
5 maijā
8 augusti
9 septembrī
10 oktobrī
11 novembrī
"""
)

# Months of the Solar Hijri (Persian) calendar: a date written with them is converted to Gregorian.
SOLAR_MONTHS = _table(
    """
1 فروردین
2 اردیبهشت
3 خرداد
4 تیر
5 مرداد امرداد
6 شهریور
7 مهر
8 آبان
9 آذر
10 دی
11 بهمن
12 اسفند
"""
)

# 0 is Monday, as in datetime.weekday().
WEEKDAYS = _table(
    """
0 monday mon lundi lun montag mo lunes lunedì segunda segunda-feira seg maandag ma
0 понедельник пн понеділок пон poniedziałek pon pondělí pondelok ponedeljak ponedjeljak
0 pazartesi pzt δευτέρα δευ mandag måndag maanantai maanantaina luni hétfő senin isnin
0 thứ_hai الاثنين الإثنين اثنين יום_שני دوشنبه सोमवार সোমবার วันจันทร์ จันทร์ dilluns
0
1 tuesday tue tues mardi dienstag di martes martedì terça terça-feira ter dinsdag
1 вторник вт вівторок вів wtorek wt úterý út utorok utorak salı sal τρίτη τρι
1 tirsdag tisdag tiistai tiistaina marți marti kedd selasa thứ_ba الثلاثاء ثلاثاء
1 יום_שלישי سه_شنبه سه‌شنبه मंगलवार মঙ্গলবার วันอังคาร อังคาร dimarts
2 wednesday wed mercredi mer mittwoch mi miércoles mié mercoledì quarta quarta-feira qua
2 woensdag wo mit среда среду ср середа środa śr středa streda srijeda sreda çarşamba çar
2 τετάρτη τετ onsdag keskiviikko keskiviikkona miercuri szerda rabu thứ_tư
2 الأربعاء الاربعاء اربعاء יום_רביעי چهارشنبه बुधवार বুধবার วันพุธ พุธ dimecres
3 thursday thu thur thurs jeudi jeu donnerstag do jueves jue giovedì gio quinta
3 quinta-feira qui donderdag четверг чт четвер чтв czwartek czw čtvrtek čt štvrtok četvrtak
3 četrtek perşembe per πέμπτη πεμ torsdag torstai torstaina joi csütörtök kamis khamis
3 thứ_năm الخميس خميس יום_חמישי پنجشنبه پنج‌شنبه پنج_شنبه गुरुवार बृहस्पतिवार
3 বৃহস্পতিবার วันพฤหัสบดี วันพฤหัส พฤหัสบดี พฤหัส dijous
4 friday fri vendredi ven freitag fr viernes vie venerdì sexta sexta-feira sex vrijdag vr
4 пятница пятницу пт п'ятниця пʼятниця piątek pátek pá piatok petak cuma cum
4 παρασκευή παρ fredag perjantai perjantaina vineri péntek jumat jum'at jumaat thứ_sáu
4 الجمعة جمعة יום_שישי جمعه शुक्रवार শুক্রবার วันศุกร์ ศุกร์ divendres
5 saturday sat samedi sam samstag sonnabend sa sábado sáb sabato sab zaterdag za суббота
5 субботу сб субота sobota sob subota cumartesi cmt σάββατο σαβ lørdag lördag lauantai
5 lauantaina sâmbătă sambata szombat sabtu thứ_bảy السبت سبت שבת יום_שבת شنبه
5 शनिवार শনিবার วันเสาร์ เสาร์ dissabte
6 sunday sun dimanche dim sonntag so domingo dom domenica zondag zo воскресенье вс
6 неділя нд niedziela niedz neděle nedeľa nedjelja nedelja pazar paz κυριακή κυρ
6 søndag söndag sunnuntai sunnuntaina duminică duminica vasárnap minggu ahad chủ_nhật cn
6 الأحد الاحد احد יום_ראשון یکشنبه रविवार রবিবার วันอาทิตย์ อาทิตย์ diumenge
0 панядзелак пнд
0 ორშაბათი
1 სამშაბათი
2 ოთხშაბათი
3 ხუთშაბათი
4 პარასკევი
5 შაბათი
6 კვირა
1 аўторак
2 серада срд
3 чацвер чтв
4 пятніца птн vi
5 сбт
6 нядзеля вск
0 星期一 周一 週一 礼拜一 禮拜一 月曜日 月曜 월요일 सोम
1 星期二 周二 週二 礼拜二 禮拜二 火曜日 火曜 화요일 मंगल
2 星期三 周三 週三 礼拜三 禮拜三 水曜日 水曜 수요일 बुध
3 星期四 周四 週四 礼拜四 禮拜四 木曜日 木曜 목요일 गुरु
4 星期五 周五 週五 礼拜五 禮拜五 金曜日 金曜 금요일 शुक्र
5 星期六 周六 週六 礼拜六 禮拜六 土曜日 土曜 토요일 शनि
6 星期日 星期天 周日 週日 礼拜天 禮拜天 礼拜日 禮拜日 日曜日 日曜 일요일 रवि
"""
    # German writes the part of the day into the weekday's name ("am Sonntagabend", "Montagmorgen").
    + "".join(
        f"{day} {name}{part}\n"
        for day, name in enumerate(["montag", "dienstag", "mittwoch", "donnerstag", "freitag", "samstag", "sonntag"])
        for part in ("morgen", "vormittag", "mittag", "nachmittag", "abend", "nacht")
    )
)

# Words that are also ordinary words in some language: they count only when not written all in lower
# case ("May 3", but not "it may take 3 hours").
CASED_ONLY = _words(
    """
may mon sun sat wed out set mo di mi do fr sa so ma wo vr za zo sam per sal sex ter qua qui dom
mer ven cum ara gen jeu vie dim sie lip sty led mag lug mac vi mit hun hul dis des лист
"""
)

# Abbreviations of a weekday that are a month's too ("mar": mardi, martes, martedì, and March): the weekday
# before a day and a month's name ("mar. 14 mai 2019", "mar 14 may 2019"), the month elsewhere.
MONTH_OR_WEEKDAY = {"mar": 1}

# Finnish weekdays in two letters ("ti helmi 16, 2015"): words of other languages too ("to", "la", "su", "pe"), so
# a weekday only before a Finnish month's name and its day, where no other language puts them.
FINNISH_SHORT_WEEKDAYS = {day: i for i, day in enumerate(["ma", "ti", "ke", "to", "pe", "la", "su"])}
_FINNISH_MONTH_STEMS = [
    "tammi",
    "helmi",
    "maalis",
    "huhti",
    "touko",
    "kesä",
    "heinä",
    "elo",
    "syys",
    "loka",
    "marras",
    "joulu",
]
FINNISH_MONTHS = frozenset(fold(stem + ending) for stem in _FINNISH_MONTH_STEMS for ending in ("", "kuu", "kuuta", "k"))

# "pm" adds 12 to hours 1-11; "am" maps 12 to 0.
AM_PM = _table(
    """
0 am a.m. a.m vorm. matin mañana manhã mattina morgens утра ranem rano dopoledne
0 öö ص صباحا صباحاً صباح قبل_الظهر ق.ظ 上午 早上 凌晨 午前 오전 sáng pagi π.μ. πμ
12 pm p.m. p.m nachm. abends soir tarde noite sera вечера дня popołudniu odpoledne
12 ös م مساء مساءً مساءا ظهرا ب.ظ 下午 晚上 中午 午後 오후 chiều tối siang sore malam μ.μ. μμ
0 早 ap पूर्वाह्न
12 晚 ip अपराह्न
0 בבוקר לפנות_בוקר אחר_חצות אחרי_חצות
12 בצהריים בצהרים אחרי_הצהריים אחרי_הצהרים לפנות_ערב בערב
"""
)

# Relative units, in seconds; months and years are calendar units (-1 and -12).
UNITS = _table(
    """
1 second seconds sec secs s sekunde sekunden sek seconde secondes segundo segundos secondo
1 secondi
1 секунда секунду секунды секунд сек секунди sekunda sekundy sekund sekundou sekundami saniye sn
1 δευτερόλεπτο δευτερόλεπτα ثانية ثوان ثواني שנייה שניות ثانیه 秒 秒钟 초 giây detik sekuntia
1 sekundes seconden sekunder sekunti secundă secunde másodperce másodperccel วินาที सेकंड সেকেন্ড
60 minute minutes min mins m minuten minuut minuto minutos minuti минута минуту минуты минут
60 мин хвилина хвилину хвилини хвилин хв minuta minutę minuty minut minutou minutami dakika dk
60 λεπτό λεπτά دقيقة دقائق دقيقه דקה דקות دقیقه 分 分钟 分鐘 분 phút menit minuttia minutter
60 minutt minuter minuutti perce perc perccel mn মিনিট मिनट นาที
1800 mezz'ora
3600 un'ora
3600 hour hours hr hrs h stunde stunden std heure heures hora horas ora ore uur час часа часов
3600 ч годин godzina godzinę godziny godzin godz hodina hodinou
3600 hodinami hodin saat sa ώρα ώρες ωρα ساعة ساعات שעה שעות ساعت 小时 小時 時間 时 시간 giờ jam
3600 tunti tuntia timme timmar time timer óra órája órával ชั่วโมง घंटे घंटा ঘণ্টা
86400 day days d tag tage tagen jour jours día días dia dias giorno giorni dag dagen dagar dage
86400 dager день дня дней дні днів dzień dni dnem dny gün γ ημέρα ημέρες μέρα μέρες يوم ايام
86400 أيام
86400 יום ימים روز 天 日 일 ngày hari päivä päivää napja nap nappal zi zile দিন दिन วัน
604800 week weeks wk wks w woche wochen semaine semaines semana semanas settimana settimane
604800 weken неделя неделю недели недель неділю тиждень тижні тижнів tydzień tygodnie tygodni
604800 týden týdnem týdny hafta εβδομάδα εβδομάδες أسبوع اسبوع أسابيع اسابيع שבוע שבועות هفته
604800 周 週 週間 星期 주 tuần minggu viikko viikkoa vecka veckor uge uger uke uker hete hét héttel
604800 সপ্তাহ सप्ताह हफ्ते สัปดาห์
-1 month months mo mos monat monate monaten mois mes meses mese mesi maand maanden месяц месяца
-1 месяцев місяць місяці місяців miesiąc miesiące miesięcy měsíc měsícem měsíci ay μήνα μήνες
-1 شهر أشهر اشهر شهور חודש חודשים ماه 个月 個月 か月 ヶ月 ケ月 개월 달 tháng bulan kuukausi
-1 kuukautta månad månader måned måneder hónapja hónappal luna luni মাস महीने महीना เดือน
-12 year years yr yrs jahr jahre jahren an ans année années año años ano anos anno anni jaar
-12 jaren год года лет рік роки років rok lata lat roku rokem lety yıl sene χρόνο χρόνια έτος
-12 سنة سنوات عام أعوام اعوام שנה שנים سال 年 년 năm tahun vuosi vuotta år året évvel éve
-12 ani বছর साल ปี
1 vteřin vteřina vteřiny vteřinou segon segons sekundi saniyə секунды
60 хвіліну хвіліны хвілін хвіл minut minuts minutu dəqiqə minit minúta minútu minútou minútami
3600 гадзіна гадзіны гадзін гадзіну hodinu hodiny ঘন্টা sati sata sat hores tund tundi сат сата сати
86400 den dní dnů ден дни dies dana päeva
604800 týdny týdnů седмица седмици тыдзень тыдні тыдняў setmana setmanes tjedan tjedna tjedana
604800 sedmica sedmice həftə nädala
-1 月 měsíce měsíců месяцы месяцаў mjesec mjeseci mjeseca  kuu
-12 roky वर्ष  godina godine godinu гады гадоў aasta року године rokom rokmi rokov thn সাল
-12 gadiem gadu gads gadus metų metus
-1 mesiacom mesiacmi mesiacov mesiac mesiace bln месеца месеци месец mēnešiem mēneša mēnesi mėnesių mėnesį mėnesius
604800 týždňom týždňami týždňov týždeň týždne tednom tedni tednov nedelje недеље седм sed
604800 nedēļām nedēļu nedēļas savaičių savaitę savaites
86400 dňom dňami dní dienām dienas dienu dienų dieną dienas
3600 stundām stundu stundas valandų valandą valandas
60 minūtēm minūti minūtes minučių minutę minutes
1 sekundēm sekundi sekundes sekundžių sekundę
30 полминуты півхвилини
900 kwadrans kwadransa kwadranse viertelstunde kwartier negyedóra
900 quarter-hour
1800 half-hour полчаса півгодини półgodziny halvtimme halvtime demi-heure mezzora halbstunde
2700 dreiviertelstunde
3600 d'heure
43200 полдня півдня demi-journée
-6 полгода півроку
-120 decade decades jahrzehnt jahrzehnten décennie décennies década décadas decennio decenni
-120 decennium dekade dekada десятилетие दशक
"""
)

# Fractions written out, as the number before a unit or a part of one: "half an hour", "pół godziny", "a
# quarter of an hour", "vor einer halben Stunde", "2 and a half hours", "an hour and a half", "una hora y
# media". Read as exact fractions: 1.5 hours is 90 minutes.
FRACTIONS: dict[str, Fraction] = {
    fold(word): Fraction(value)
    for value, written in (
        (
            "1/2",
            "half halve halb halbe halben halber halbes demi demie media medio meia meio mezza mezzo pół půl pol "
            "pola пол пола пів половина половину половины puoli puolen halv halva halvt yarım μισή μισό μισής "
            "nửa fél jumătate jumatate نصف ونصف חצי וחצי 半 setengah rưỡi buçuk ½",
        ),
        (
            "1/4",
            "quarter quarters quart quarts viertel cuarto cuartos quarto quarti четверть четверти ćwierć "
            "çeyrek ربع وربع רבע ורבע ¼",
        ),
        ("3/4", "dreiviertel three-quarters three-quarter trois-quarts ¾"),
        ("1/3", "third thirds tiers drittel tercio ⅓"),
        ("2/3", "⅔"),
    )
    for word in written.split()
}
# Counts that are fractions: one and a half, two and a half.
FRACTION_COUNTS: dict[str, Fraction] = {
    fold(word): Fraction(value)
    for value, written in (
        (
            "3/2",
            "anderthalb eineinhalb полтора полторы півтора півтори półtora półtorej anderhalf puolitoista másfél "
            "μιάμιση halvannen halvanden halvannan",
        ),
        ("5/2", "zweieinhalb tweeënhalf"),
        ("7/2", "dreieinhalb"),
        ("9/2", "viereinhalb"),
    )
    for word in written.split()
}
WRITTEN_FORMS.update(word.lower() for word in (*FRACTIONS, *FRACTION_COUNTS))

# Fractions that add to the number before them without a word for "and" ("iki buçuk saat", "satu setengah jam",
# "1½ hours", "一个半小时"), where "einer halben Stunde" or "three quarters" multiply.
ADDING_FRACTIONS = frozenset(fold(word) for word in ["半", "setengah", "buçuk", "rưỡi", "½", "¼", "¾", "⅓", "⅔"])
# Fractions that add to the unit before them without a word for "and": "1時間半", "một giờ rưỡi", "ساعة ونصف"
# (the "and" is glued to them), "שעה וחצי".
TRAILING_FRACTIONS = frozenset(fold(word) for word in ["半", "rưỡi", "ونصف", "وربع", "וחצי", "ורבע"])
# The words for "and" that join a fraction to what it adds to: "2 and a half hours", "une heure et demie".
CONJUNCTIONS = frozenset(
    fold(word)
    for word in [
        "and",
        "et",
        "y",
        "e",
        "und",
        "i",
        "a",
        "и",
        "і",
        "og",
        "och",
        "en",
        "és",
        "dan",
        "và",
        "ja",
        "和",
        "ve",
    ]
)

# Units in the plural, which stand for no number alone: "hours ago" is some hours ago ("a few hours ago",
# "несколько минут назад"), never one, as "час назад" is.
PLURAL_UNITS = _words(
    """
seconds secs minutes mins hours hrs days weeks wks months mos years yrs decades sekunden minuten stunden tage
tagen wochen monate monaten jahre jahren secondes heures jours semaines années segundos minutos horas días dias
semanas meses años anos secondi minuti ore giorni settimane mesi anni seconden minuten uren dagen weken maanden
jaren секунд минут часов дней недель месяцев лет секунды минуты часы дни недели месяцы годы sekund minut godzin
dni tygodni miesięcy lat hodin dní týdnů měsíců let
"""
)

# Unit letters that are units only glued to their count ("2y ago"): alone, "y" is the Spanish "and".
GLUED_UNITS = {"y": -12}

# Unit words that mean an hour in Ukrainian ("2 години тому") and a year in Bulgarian, Serbian and Macedonian
# ("преди 2 години", "пре 5 година"): a year after those languages' words for ago, an hour elsewhere.
AMBIGUOUS_UNITS = {fold(word): (3600, -12) for word in ("година", "годину", "години")}
SOUTH_SLAVIC_AGO = _words(
    """
пре преди пред
"""
)

# Unit words that carry their count (Arabic and Hebrew duals): the count times the unit in seconds.
COUNTED_UNITS = _table(
    """
2 ثانيتين دقيقتين ساعتين يومين أسبوعين اسبوعين שעתיים יומיים שבועיים
"""
)
COUNTED_UNIT_SECONDS = {
    fold("ثانيتين"): 1,
    fold("دقيقتين"): 60,
    fold("ساعتين"): 3600,
    fold("שעתיים"): 3600,
    fold("يومين"): 86400,
    fold("יומיים"): 86400,
    fold("أسبوعين"): 604800,
    fold("اسبوعين"): 604800,
    fold("שבועיים"): 604800,
}

# "ago" in its two positions: before the amount ("vor 2 Stunden") or after it ("2 hours ago").
AGO = _words(
    """
il_ya il_y_a_environ gelede таму öncə पूर्व পূর্বে eest пре пред prieš pirms
ago vor il_y_a hace há ha fa geleden назад тому temu před pred prije pre преди önce πριν
πριν_από منذ قبل לפני پیش 前 전 trước lalu yang_lalu sitten siden sedan atrás ezelőtt acum ที่แล้ว
ก่อน पहले আগে
"""
)

# The words for ago written before their amount ("il y a 3 heures", "hace 2 días", "منذ ساعتين"): their amount
# is the one after them, whatever stands before ("Mis à jour il y a 3 heures" was updated 3 hours ago, not a day).
AGO_BEFORE_AMOUNT = _words(
    """
il_ya il_y_a il_y_a_environ vor hace há ha пре пред prieš pirms před pred prije pre преди πριν πριν_από منذ
قبل לפני acum
"""
)

# Of those, the words that mean ago and nothing else: after them hours and minutes with a colon are an amount
# ("il y a 1:30" is 90 minutes ago). The others also mean before or since a time of day ("vor 10:00 Uhr",
# "منذ 10:00", "πριν τις 10:00"), where the colon writes that time.
AGO_BEFORE_CLOCK = _words(
    """
il_ya il_y_a il_y_a_environ hace há
"""
)

# Days named relative to today.
DAY_WORDS = _table(
    """
0 today heute aujourd'hui hoy hoje oggi vandaag сегодня сьогодні dzisiaj dziś dnes bugün σήμερα
0 اليوم היום امروز 今天 今日 本日 오늘 hôm_nay hari_ini idag i_dag tänään astăzi azi
-1 yesterday gestern hier ayer ontem ieri gisteren вчера вчора wczoraj včera vcera dün χθες
-1 أمس امس البارحة אתמול دیروز 昨天 昨日 어제 hôm_qua kemarin igår i_går eilen tegnap
-1 เมื่อวาน เมื่อวานนี้
-2 day_before_yesterday the_day_before_yesterday vorgestern avant-hier anteayer antier anteontem
-2 l'altro_ieri altro_ieril'altro eergisteren позавчера позавчора przedwczoraj předevčírem
-2 evvelsi_gün προχθές προχτές أول_أمس اول_امس אתמול_שלשום שלשום پریروز 前天 一昨日 おととい
-2 그저께 그제 hôm_kia kemarin_lusa tegnapelőtt
0 днес сёння วันนี้ 今天 きょう आज
-2 เมื่อวานซืน predvčerom
-1 учора ўчора
-2 онзи_ден пазаўчора
1 tomorrow demain amanhã domani завтра jutro zítra yarın αύριο غدا غداً מחר فردا 明天 明日 내일 ngày_mai
1 besok imorgon i_morgen huomenna mâine holnap พรุ่งนี้
2 day_after_tomorrow the_day_after_tomorrow übermorgen après-demain pasado_mañana depois_de_amanhã dopodomani
2 overmorgen послезавтра післязавтра pojutrze pozítří μεθαύριο بعد_غد מחרתיים 后天 後天 明後日 あさって 모레
2 ngày_kia
"""
)

# "now": a relative expression with no offset.
JUST_NOW = _words(
    """
just_now right_now gerade_eben soeben à_l'instant a_l'instant ahora_mismo agora_mesmo adesso
zojuist только_что щойно przed_chwilą právě_teď az_önce μόλις_τώρα الآن الان עכשיו همین_الان 刚刚
剛剛 たった今 방금 เมื่อสักครู่ vừa_xong baru_saja
"""
)

_TENS = [(20, "twenty", "vingt"), (30, "thirty", "trente"), (40, "forty", "quarante"), (50, "fifty", "cinquante")]
NUMBER_WORDS = _table(
    """
1 a an one ein eine einer einem einen un une uno una um uma een één один одна одну одного jeden
1 jedną jedna bir ένα μία μια واحد واحدة אחד אחת یک 一 한 satu
2 two zwei deux dos dois duas due twee два две dwa dwie dva dvě iki δύο اثنين اثنان שתי שני
2 دو 二 两 두 dua
3 three drei trois tres três tre drie три trzy tři üç τρία τρεις ثلاث ثلاثة שלוש سه 三 세 tiga
4 four vier quatre cuatro quatro quattro четыре cztery čtyři dört τέσσερα أربع أربعة ארבע
4 چهار 四 네 empat
5 five fünf cinq cinco cinque vijf пять pięć pět beş πέντε خمس خمسة חמש پنج 五 다섯 lima
6 six sechs seis sei zes шесть sześć šest altı έξι ست ستة שש شش 六 enam
7 seven sieben sept siete sete sette zeven семь siedem sedm yedi επτά سبع سبعة שבע هفت 七 tujuh
8 eight acht huit ocho oito otto восемь osiem osm sekiz οκτώ ثمان ثمانية שמונה هشت 八 delapan
9 nine neun neuf nueve nove negen девять dziewięć devět dokuz εννέα تسع تسعة תשע نه 九 sembilan
10 ten zehn dix diez dez dieci tien десять dziesięć deset on δέκα عشر عشرة עשר ده 十 sepuluh
11 eleven elf onze once undici
12 twelve zwölf douze doce dodici twaalf
15 fifteen fünfzehn quinze quince
13 thirteen dreizehn treize trece treze tredici dertien
14 fourteen vierzehn quatorze catorce quattordici veertien
16 sixteen sechzehn seize dieciséis dezesseis sedici zestien
17 seventeen siebzehn dix-sept diecisiete dezessete diciassette zeventien
18 eighteen achtzehn dix-huit dieciocho dezoito diciotto achttien
19 nineteen neunzehn dix-neuf diecinueve dezenove diciannove negentien
20 twenty zwanzig vingt veinte vinte venti twintig
30 thirty dreißig trente treinta trinta trenta dertig
40 forty vierzig quarante cuarenta quarenta quaranta veertig
50 fifty fünfzig cinquante cincuenta cinquenta cinquanta vijftig
1 един една
"""
    # Tens and units written with a hyphen, as English and French write them ("twenty-five", "vingt-cinq").
    + "".join(
        f"{tens + unit} {tens_word}-{unit_word} {french}-{'et-un' if unit == 1 else french_unit}\n"
        for tens, tens_word, french in _TENS
        for unit, unit_word, french_unit in [
            (1, "one", "un"),
            (2, "two", "deux"),
            (3, "three", "trois"),
            (4, "four", "quatre"),
            (5, "five", "cinq"),
            (6, "six", "six"),
            (7, "seven", "sept"),
            (8, "eight", "huit"),
            (9, "nine", "neuf"),
        ]
    )
)
# The tens of NUMBER_WORDS that a units word may follow after a space ("twenty five minutes ago").
NUMBER_TENS = frozenset(["twenty", "thirty", "forty", "fifty"])
NUMBER_UNITS = frozenset(["one", "two", "three", "four", "five", "six", "seven", "eight", "nine"])

# Ordinal suffixes written after the day number ("1st", "2nd", "1er", "2º", "3ème").
ORDINAL_SUFFIXES = _words(
    """
st nd rd th er re e ème eme º ª o a ste de লা রা ঠা ই শে
"""
)

# Words that mark the role of the number before them (CJK, Korean) or introduce a time of day.
YEAR_MARKS = _words(
    """
年 년
"""
)
MONTH_MARKS = _words(
    """
月 월
"""
)
DAY_MARKS = _words(
    """
日 일 号 號
"""
)
_HOUR_MARKS = """
時 时 点 點 시 uhr h hs hrs hod godz o'clock น นาฬิกา giờ óra बजे
"""
_MINUTE_MARKS = """
分 분 phút perc min
"""
_SECOND_MARKS = """
秒 초 giây
"""
HOUR_MARKS = _words(_HOUR_MARKS)
MINUTE_MARKS = _words(_MINUTE_MARKS)
SECOND_MARKS = _words(_SECOND_MARKS)
# A mark whose letters without their accents are a month's or a weekday's abbreviation in another language
# ("giờ", Vietnamese for o'clock, is Italian "gio", Thursday): written with its accents, it is the mark.
ACCENTED_MARKS: dict[str, str] = {
    written: kind
    for text, kind in ((_HOUR_MARKS, "hour"), (_MINUTE_MARKS, "minute"), (_SECOND_MARKS, "second"))
    for written in text.split()
    if fold(written) != written.lower() and (fold(written) in WEEKDAYS or fold(written) in MONTHS)
}

# Weekdays written as one character in parentheses after a Japanese, Korean or Chinese date: (火).
WEEKDAY_SIGNS = {
    sign: day
    for day, signs in enumerate(("月월一", "火화二", "水수三", "木목四", "金금五", "土토六", "日일天"))
    for sign in signs
}

# Words before a number that say what it is (Vietnamese writes "ngày 9 tháng 1 năm 2015").
MONTH_PREFIXES = _words(
    """
tháng thg
"""
)
YEAR_PREFIXES = _words(
    """
năm
"""
)

NOON = _words(
    """
noon midday mittag midi mediodía mezzogiorno meio-dia middag полдень podne poledne צהריים
"""
)
MIDNIGHT = _words(
    """
midnight mitternacht minuit medianoche mezzanotte meia-noite middernacht полночь ponoć půlnoc חצות
"""
)

# Calendar eras: the Common Era is the default; a Buddhist-era year is 543 years ahead.
COMMON_ERA = _words(
    """
ad a.d. ce c.e. n.chr. n._chr.
"""
)
BEFORE_COMMON_ERA = _words(
    """
bc b.c. bce b.c.e. v.chr. v._chr. ق.م
"""
)
BUDDHIST_ERA = _words(
    """
พ.ศ. พ.ศ b.e. be
"""
)
# Eras whose years are counted from their start, by the year before each one's first: the Japanese eras
# (令和3年 is 2021) and Taiwan's Minguo calendar, counted from the Republic of China's founding in 1912
# (民國111年 is 2022). 元年 is an era's first year.
COUNTED_ERAS = _table(
    """
2018 令和
1988 平成
1925 昭和
1911 民國 民国 中華民國 中华民国
"""
)
COUNTED_ERA_FIRST_YEARS = _table(
    """
2019 令和元
1989 平成元
1926 昭和元
1912 民國元 民国元 中華民國元 中华民国元
"""
)

# Words that may stand between the parts of a timestamp or before it: labels ("Published",
# "Aktualisiert"), prepositions ("on", "am", "le", "de") and hedges ("kurz nach"). They join parts
# but are never part of the span reported for a timestamp.
FILLERS = _words(
    """
г р u у
přibližně asi zhruba около каля приблизно 约 約 প্রায় लगभग i и і og och ja és và dan এবং 和
published updated posted modified created last first on at the by of and around about approx
approximately circa ca ca. zirka cirka cca cca. since date time publish update edited dated in am um den der dem des vom
exactly_at precisely_at with_timezone with_time_zone timezone time_zone zone sometime
shortly_after shortly_before just_after just_before
peu_après peu_avant juste_après juste_avant poco_después_de poco_antes_de poco_dopo poco_prima tuż_po tuż_przed
krótko_po вскоре_после незадолго_до kort_na kort_voor vlak_na vlak_voor kort_efter kort_etter strax_efter
strax_etter strax_før strax_före pouco_depois pouco_antes pouco_depois_das pouco_antes_das logo_após logo_depois
stand veröffentlicht aktualisiert erstellt geändert zuletzt publiziert zuletzt_aktualisiert
update kurz nach gegen etwa ungefähr und seit datum zeit le la les du de des à a au aux publié
publiée mis mise jour modifié modifiée actualisé actualisée par et vers environ dernière el del
en las los al publicado publicada actualizado actualizada y hacia cerca fecha às as do da em
atualizado atualizada publicado_em e por op om gepubliceerd bijgewerkt laatst rond omstreeks en
il alle ore pubblicato aggiornato aggiornamento ultimo verso в во от опубликовано обновлено
обновлён около примерно дата о об з опубліковано оновлено близько w o dnia opublikowano r
zaktualizowano aktualizacja około ok v ve dne publikováno aktualizováno kolem yayınlanma
güncelleme tarihi tarih yaklaşık yayın güncellenme στις στη στο δημοσιεύθηκε ενημερώθηκε περίπου
في الساعة نشر تاريخ بتاريخ اخر تحديث حوالي حوالى نشر_في تم ב ה בשעה פורסם עודכן עדכון در ساعت
تاریخ انتشار منتشر شده به بروزرسانی को प्रकाशित अपडेटेड
发布时间 发布 时间 更新 日期 于 发表 發布 發表 更新時間
公開 更新日 投稿日 公開日 掲載 발행 입력 수정
기사입력 최종수정 등록 업데이트 เผยแพร่ เมื่อ ที่ ปรับปรุง วันที่ เวลา lúc ngày cập_nhật đăng vào khoảng
个 個 diterbitkan diperbarui pukul pada tanggal sekitar dikemas_kini kl kl. klo kello klockan klokken
publisert oppdatert publiceret opdateret publicerad uppdaterad julkaistu päivitetty publicat
actualizat ora pe megjelent frissítve frissítés წლის წ
"""
)

# Fillers after which a "21.25" means a time of day, not the 21st of a month.
TIME_FILLERS = _words(
    """
u у
г u у
přibližně asi zhruba около каля приблизно 约 約 প্রায় लगभग i и і og och ja és và dan এবং 和
at um à a às alle ore om в о o v saat στις lúc pukul kl kl. klo kello klockan klokken الساعة
ساعت בשעה
"""
)

# Fixed-offset zone abbreviations, in minutes east of UTC, taken literally even out of season.
ZONE_OFFSETS = {
    key: int(minutes)
    for minutes, *keys in (
        line.split()
        for line in """
0 GMT UT UTC Z ZULU WET WEZ GMT0 UCT ZEČ AZOST EGST UTC0
60 BST IST_IE CET MET MEZ WAT WEST WESZ HNEC SEČ WETDST
120 CEST MEST MESZ CEDT HAEC SELČ EET OEZ SAST CAT IDT_ EEZ VEČ WAST
180 EEST OESZ MSK MSK+0 EAT IDT AST_ARABIA TRT FET SYOT VELČ AST_SA TSI
210 IRST
240 GST MSD SAMT AZT GET AMT_AM MUT RET SCT
270 AFT IRDT
300 PKT YEKT UZT TJT TMT MVT
330 IST
345 NPT
360 BDT_BD BST_BD ALMT OMST KGT BTT
390 MMT CCT
420 WIB ICT KRAT NOVT HOVT THA
480 WITA SGT MYT HKT AWST PHT PHST BJT CST_CN IRKT ULAT BNT WST_AU
525 ACWST
540 WIT JST KST YAKT TLT PWT
570 ACST
600 AEST CHST VLAT PGT
630 ACDT LHST
660 AEDT SBT VUT NCT MAGT SRET LHDT
720 NZST FJT ANAT PETT MHT TVT GILT
765 CHAST
780 NZDT TOT PHOT
-60 CVT AZOT EGT
-120 FNT BRST GST_SG
-150 NDT HAT
-180 ART AR BRT ADT CLST GFT PMST SRT UYT WGT FKST PYST HAA
-210 NST HNT
-240 AST EDT CLT BOT GYT VET AMT PYT FKT HAE HNA
-300 EST CDT COT PET ECT ACT CST_CU HNE HAC
-360 CST MDT GALT EAST HNC HAR
-420 MST PDT HNR HAP
-480 PST AKDT HNP
-540 AKST HDT GAMT
-600 HST TAHT CKT HAST
-660 SST NUT
""".strip().splitlines()
    )
    for key in keys
    if "_" not in key
}

# Zone names that mean a place's civil time on that date (summer time included).
ZONE_PLACES_BY_ABBREVIATION = {
    "ET": "America/New_York",
    "CT": "America/Chicago",
    "MT": "America/Denver",
    "PT": "America/Los_Angeles",
    "AT": "America/Halifax",
    "AKT": "America/Anchorage",
    "HT": "Pacific/Honolulu",
}

# Generic abbreviations that are also words (AT, PT): read as zones only right after a time.
ZONES_AFTER_TIME_ONLY = frozenset({"AT", "PT", "MT", "CT", "ET", "HT", "AR", "AKT"})

# Zone words in other scripts and languages ("МСК", "北京时间", "Paris time").
ZONE_WORDS = {
    fold(w.replace("_", " ")): zone
    for zone, words in (
        ("+03:00", "мск по_московскому_времени توقيت_مكة بتوقيت_مكة"),
        ("+08:00", "北京时间 北京時間"),
        ("+09:00", "日本時間 한국시간 한국_시간"),
        ("+00:00", "غرينتش بتوقيت_غرينتش جرينتش بتوقيت_جرينتش גריניץ'"),
        ("Asia/Jerusalem", "שעון_ישראל"),
        ("Europe/Athens", "ώρα_ελλάδας"),
        ("Asia/Tehran", "به_وقت_تهران وقت_تهران"),
        ("Europe/Istanbul", "türkiye_saati"),
        # Zones written out: the generic US ones mean that zone's civil time, as ET and PT do (rule 3); those
        # that say standard, daylight or summer time are fixed, as their abbreviations are.
        ("America/New_York", "eastern_time"),
        ("America/Chicago", "central_time"),
        ("America/Denver", "mountain_time"),
        ("America/Los_Angeles", "pacific_time"),
        ("America/Halifax", "atlantic_time"),
        ("-03:00", "atlantic_daylight_time"),
        ("-04:00", "eastern_daylight_time atlantic_standard_time"),
        ("-05:00", "eastern_standard_time central_daylight_time"),
        ("-06:00", "central_standard_time mountain_daylight_time"),
        ("-07:00", "mountain_standard_time pacific_daylight_time"),
        ("-08:00", "pacific_standard_time"),
        ("+00:00", "greenwich_mean_time coordinated_universal_time"),
        ("+01:00", "british_summer_time central_european_time central_european_standard_time mitteleuropäische_zeit"),
        ("+02:00", "central_european_summer_time eastern_european_time mitteleuropäische_sommerzeit"),
        ("+03:00", "eastern_european_summer_time moscow_standard_time"),
        ("+05:30", "india_standard_time"),
        ("+08:00", "china_standard_time"),
        ("+09:00", "japan_standard_time korea_standard_time"),
        ("+10:00", "australian_eastern_standard_time"),
        ("+11:00", "australian_eastern_daylight_time"),
    )
    for w in words.split()
}

# Zone words of scripts written without spaces ("北京时间", "한국시간") are words the tokenizer finds in a run.
WRITTEN_FORMS.update(ZONE_WORDS)

# Region words that name a zone only right after a time ("4 p.m. Eastern, July 4"): elsewhere they are prose
# ("Eastern Cape", "Pacific islands").
ZONE_WORDS_AFTER_TIME = {
    "eastern": "America/New_York",
    "central": "America/Chicago",
    "mountain": "America/Denver",
    "pacific": "America/Los_Angeles",
    "atlantic": "America/Halifax",
}

# Places named in parentheses as a zone, "(Paris)", and in "Paris time".
PLACES = {
    fold(w.replace("_", " ")): zone
    for zone, words in (
        ("Europe/Paris", "paris"),
        ("Europe/London", "london londres londra"),
        ("Europe/Berlin", "berlin"),
        ("Europe/Madrid", "madrid"),
        ("Europe/Rome", "rome roma rom"),
        ("Europe/Brussels", "brussels bruxelles brüssel"),
        ("Europe/Amsterdam", "amsterdam"),
        ("Europe/Vienna", "vienna wien vienne"),
        ("Europe/Zurich", "zurich zürich geneva genève genf"),
        ("Europe/Moscow", "moscow moscou moskau москва"),
        ("Europe/Kyiv", "kyiv kiev київ"),
        ("Europe/Istanbul", "istanbul"),
        ("Europe/Athens", "athens athènes athen"),
        ("America/New_York", "new_york washington nyc"),
        ("America/Chicago", "chicago"),
        ("America/Denver", "denver"),
        ("America/Los_Angeles", "los_angeles san_francisco"),
        ("America/Sao_Paulo", "brasília brasilia são_paulo"),
        ("America/Argentina/Buenos_Aires", "buenos_aires"),
        ("America/Mexico_City", "mexico méxico ciudad_de_méxico"),
        ("Asia/Beirut", "beirut beyrouth"),
        ("Asia/Jerusalem", "jerusalem"),
        ("Asia/Tehran", "tehran téhéran"),
        ("Asia/Dubai", "dubai"),
        ("Asia/Riyadh", "riyadh"),
        ("Africa/Cairo", "cairo le_caire"),
        ("Asia/Kolkata", "delhi new_delhi mumbai kolkata"),
        ("Asia/Shanghai", "beijing shanghai pékin"),
        ("Asia/Hong_Kong", "hong_kong"),
        ("Asia/Singapore", "singapore"),
        ("Asia/Tokyo", "tokyo"),
        ("Asia/Seoul", "seoul séoul"),
        ("Asia/Bangkok", "bangkok"),
        ("Asia/Jakarta", "jakarta"),
        ("Australia/Sydney", "sydney"),
    )
    for w in words.split()
}
# "10:00 a.m. Paris time", "à 10h, heure de Paris": a place's civil time, as "(Paris)" is.
ZONE_WORDS.update({f"{place} time": zone for place, zone in PLACES.items()})
ZONE_WORDS.update({f"heure de {place}": zone for place, zone in PLACES.items()})
# Spanish and Portuguese say it so too: "10:00 hora de Madrid", "às 10h (horário de Brasília)".
ZONE_WORDS.update({f"{word} de {place}": zone for place, zone in PLACES.items() for word in ("hora", "horario")})
