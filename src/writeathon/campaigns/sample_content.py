"""Sample campaign used by `writeathon demo` and the tests: Write for Rights 2016.

The case stories keep strictly to the facts given in Amnesty International USA's press release
of 5 October 2016 launching Write for Rights 2016; past-edition totals come from
``shared/data/editions.json`` (published figures, some approximate). Every text is given in
English, Spanish and Arabic.
"""

from __future__ import annotations

from typing import Final, Literal, TypedDict

# The officials below are real office holders of 2016 with their real postal addresses, but every
# electronic contact is fictional: email addresses are at example.org (reserved by RFC 2606), fax
# numbers are in the 555 0100-0199 range reserved for fiction, and social handles are demo
# handles. A demo or test run can therefore never reach a real office.

CaseCategory = Literal[
    "prisoner_of_conscience",
    "human_rights_defender",
    "community_at_risk",
    "unfair_trial",
]


class EditionData(TypedDict):
    """Published worldwide total of a past edition."""

    year: int
    slug: str
    name: dict[str, str]  # language code -> public name
    total: int  # messages/actions sent worldwide
    approximate: bool  # True when the published figure is rounded or a lower bound
    cases: int | None  # number of cases, where published
    note: str  # English note on the figure; "" if none


class CampaignData(TypedDict):
    """The running campaign; text fields map language code -> text."""

    slug: str
    name: dict[str, str]
    tagline: dict[str, str]
    intro: dict[str, str]
    edition_year: int
    time_zone: str  # IANA name; the window itself is set around the day the demo runs
    goal: int
    languages: list[str]
    default_language: str


class TargetData(TypedDict):
    """The official who can act on a case (one per case; title is in English)."""

    name: str
    title: str
    office: str
    address: str  # multi-line postal address, without name, title or office
    email: str  # always @example.org
    fax: str  # always +1 202 555 01xx (reserved for fiction)
    social_handle: str  # always a @writeathon_demo_* handle
    language: str  # ISO 639-1 language of correspondence


class AppealData(TypedDict):
    """What supporters read and send for one case, in one language."""

    summary: str  # one line for the case card, at most 140 characters
    story: str  # two plain-text paragraphs separated by a blank line
    ask: str  # one sentence: what we ask of the official
    letter_subject: str
    letter_body: str  # salutation ... closing; the supporter's name is appended by the app
    short_text: str  # at most 240 characters, no handles, for posts and SMS
    solidarity_guidance: str


class CaseData(TypedDict):
    slug: str
    name: str  # the same in every language
    country: str  # ISO 3166-1 alpha-2
    category: CaseCategory
    target: TargetData
    appeals: dict[str, AppealData]  # language code -> appeal


PAST_EDITIONS: Final[list[EditionData]] = [
    {
        "year": 2012,
        "slug": "write-for-rights-2012",
        "name": {
            "en": "Write for Rights 2012",
            "es": "Escribe por los derechos 2012",
            "ar": "اكتب من أجل الحقوق 2012",
        },
        "total": 1_900_000,
        "approximate": True,
        "cases": None,
        "note": "",
    },
    {
        "year": 2013,
        "slug": "write-for-rights-2013",
        "name": {
            "en": "Write for Rights 2013",
            "es": "Escribe por los derechos 2013",
            "ar": "اكتب من أجل الحقوق 2013",
        },
        "total": 2_373_422,
        "approximate": False,
        "cases": None,
        "note": "",
    },
    {
        "year": 2014,
        "slug": "write-for-rights-2014",
        "name": {
            "en": "Write for Rights 2014",
            "es": "Escribe por los derechos 2014",
            "ar": "اكتب من أجل الحقوق 2014",
        },
        "total": 3_245_565,
        "approximate": False,
        "cases": None,
        "note": "",
    },
    {
        "year": 2015,
        "slug": "write-for-rights-2015",
        "name": {
            "en": "Write for Rights 2015",
            "es": "Escribe por los derechos 2015",
            "ar": "اكتب من أجل الحقوق 2015",
        },
        "total": 3_714_141,
        "approximate": False,
        "cases": 12,
        "note": "",
    },
    {
        "year": 2017,
        "slug": "write-for-rights-2017",
        "name": {
            "en": "Write for Rights 2017",
            "es": "Escribe por los derechos 2017",
            "ar": "اكتب من أجل الحقوق 2017",
        },
        "total": 5_500_560,
        "approximate": False,
        "cases": None,
        "note": "",
    },
    {
        "year": 2018,
        "slug": "write-for-rights-2018",
        "name": {
            "en": "Write for Rights 2018",
            "es": "Escribe por los derechos 2018",
            "ar": "اكتب من أجل الحقوق 2018",
        },
        "total": 5_800_000,
        "approximate": True,
        "cases": None,
        "note": "sources give 5.8M and 5.9M",
    },
    {
        "year": 2019,
        "slug": "write-for-rights-2019",
        "name": {
            "en": "Write for Rights 2019",
            "es": "Escribe por los derechos 2019",
            "ar": "اكتب من أجل الحقوق 2019",
        },
        "total": 6_609_837,
        "approximate": False,
        "cases": None,
        "note": "",
    },
    {
        "year": 2020,
        "slug": "write-for-rights-2020",
        "name": {
            "en": "Write for Rights 2020",
            "es": "Escribe por los derechos 2020",
            "ar": "اكتب من أجل الحقوق 2020",
        },
        "total": 4_500_000,
        "approximate": True,
        "cases": None,
        "note": "",
    },
    {
        "year": 2023,
        "slug": "write-for-rights-2023",
        "name": {
            "en": "Write for Rights 2023",
            "es": "Escribe por los derechos 2023",
            "ar": "اكتب من أجل الحقوق 2023",
        },
        "total": 5_828_000,
        "approximate": True,
        "cases": None,
        "note": "5,828,000+; at least 250,500 solidarity cards",
    },
]

CAMPAIGN: Final[CampaignData] = {
    "slug": "write-for-rights-2016",
    "name": {
        "en": "Write for Rights 2016",
        "es": "Escribe por los derechos 2016",
        "ar": "اكتب من أجل الحقوق 2016",
    },
    "tagline": {
        "en": "Write a letter, change a life.",
        "es": "Escribe una carta, cambia una vida.",
        "ar": "اكتب رسالة، غيّر حياة.",
    },
    "intro": {
        "en": (
            "Every year around Human Rights Day on 10 December, hundreds of thousands of people "
            "worldwide write letters, emails, text messages, faxes and tweets on behalf of "
            "prisoners of conscience, human rights defenders and others at risk of human rights "
            "violations. In 2015 they sent 3,714,141 messages on 12 cases, leading to the release "
            "of Congolese pro-democracy activists Fred Bauma and Yves Makwambala, Albert Woodfox, "
            "Yecenia Armenta and Phyoe Phyoe Aung. This year, your words can help free prisoners "
            "of conscience, support human rights defenders and end other urgent cases of abuse."
        ),
        "es": (
            "Cada año, en torno al Día de los Derechos Humanos, el 10 de diciembre, cientos de "
            "miles de personas de todo el mundo escriben cartas, correos electrónicos, mensajes de "
            "texto, faxes y tuits en favor de presos y presas de conciencia, defensores y "
            "defensoras de los derechos humanos y otras personas en peligro de sufrir violaciones "
            "de derechos humanos. En 2015 enviaron 3.714.141 mensajes sobre 12 casos, lo que "
            "condujo a la liberación de los activistas prodemocracia congoleños Yves Makwambala y "
            "Fred Bauma, de Albert Woodfox, de Yecenia Armenta y de Phyoe Phyoe Aung. Este año, "
            "tus palabras pueden ayudar a liberar a presos y presas de conciencia, apoyar a "
            "defensores y defensoras de los derechos humanos y poner fin a otros casos urgentes de "
            "abusos."
        ),
        "ar": (
            "في كل عام، وفي الفترة المحيطة باليوم العالمي لحقوق الإنسان الموافق 10 ديسمبر/كانون "
            "الأول، يكتب مئات الآلاف من الناس في شتى أنحاء العالم الرسائل ورسائل البريد الإلكتروني "
            "والرسائل النصية والفاكسات والتغريدات دعمًا لسجناء الرأي والمدافعين عن حقوق الإنسان "
            "وغيرهم ممن يتعرضون لخطر انتهاك حقوقهم الإنسانية. وفي عام 2015، أرسلوا 3,714,141 رسالة "
            "بشأن 12 حالة، ما أدى إلى إطلاق سراح الناشطَين الكونغوليَّين المؤيدَين للديمقراطية "
            "فريد باوما وإيف ماكوامبالا، وألبرت وودفوكس، ويسينيا أرمينتا، وفيو فيو أونغ. وهذا "
            "العام، يمكن لكلماتك أن تساعد على الإفراج عن سجناء الرأي ودعم المدافعين عن حقوق "
            "الإنسان ووضع حد لحالات انتهاك عاجلة أخرى."
        ),
    },
    "edition_year": 2016,
    "time_zone": "UTC",
    "goal": 4_000_000,
    "languages": ["en", "es", "ar"],
    "default_language": "en",
}

CASES: Final[list[CaseData]] = [
    {
        "slug": "ilham-tohti",
        "name": "Ilham Tohti",
        "country": "CN",
        "category": "prisoner_of_conscience",
        "target": {
            "name": "Xi Jinping",
            "title": "President of the People's Republic of China",
            "office": "Office of the President of the People's Republic of China",
            "address": "Zhongnanhai\nXicheng District\nBeijing 100017\nPeople's Republic of China",
            "email": "president-cn@example.org",
            "fax": "+1 202 555 0101",
            "social_handle": "@writeathon_demo_cn",
            "language": "zh",
        },
        "appeals": {
            "en": {
                "summary": (
                    "A professor and prisoner of conscience serving life in jail in China for "
                    "fighting discrimination."
                ),
                "story": (
                    "Ilham Tohti is a professor in China. He is serving life in jail for fighting "
                    "discrimination. Amnesty International considers him a prisoner of conscience "
                    "and a human rights defender.\n\n"
                    "His case is part of Write for Rights 2016, which calls on government "
                    "officials to free prisoners of conscience like him. Every letter tells the "
                    "authorities that people around the world know his name and will not forget "
                    "him."
                ),
                "ask": (
                    "We ask President Xi Jinping to release Ilham Tohti immediately and "
                    "unconditionally."
                ),
                "letter_subject": "Release prisoner of conscience Ilham Tohti",
                "letter_body": (
                    "Dear President,\n\n"
                    "I am writing to you about Ilham Tohti, a professor who is serving life in "
                    "jail. Amnesty International considers him a prisoner of conscience and a "
                    "human rights defender, imprisoned for his work fighting discrimination.\n\n"
                    "Speaking out against discrimination is not a crime. It is the peaceful "
                    "exercise of rights that every person should enjoy, including the rights to "
                    "freedom of expression and freedom of thought. No one should lose their "
                    "liberty, let alone spend the rest of their life in prison, for standing up "
                    "for the equal treatment of others.\n\n"
                    "I respectfully urge you to release Ilham Tohti immediately and "
                    "unconditionally, as a prisoner of conscience held solely for his peaceful "
                    "work. People around the world are following his case, and they will not "
                    "forget him.\n\n"
                    "Thank you for your attention to this urgent matter. I look forward to your "
                    "reply.\n\n"
                    "Yours sincerely,"
                ),
                "short_text": (
                    "Ilham Tohti, a professor in China, is serving life in jail for fighting "
                    "discrimination. He is a prisoner of conscience. Free Ilham Tohti now!"
                ),
                "solidarity_guidance": (
                    "Tell Ilham Tohti that people around the world know his story and stand with "
                    "him. Keep your message short, personal and hopeful, and avoid political "
                    "comments."
                ),
            },
            "es": {
                "summary": (
                    "Profesor y preso de conciencia que cumple cadena perpetua en China por luchar "
                    "contra la discriminación."
                ),
                "story": (
                    "Ilham Tohti es profesor en China. Cumple cadena perpetua en prisión por "
                    "luchar contra la discriminación. Amnistía Internacional lo considera preso de "
                    "conciencia y defensor de los derechos humanos.\n\n"
                    "Su caso forma parte de Escribe por los derechos 2016, que pide a los "
                    "gobiernos que pongan en libertad a los presos y presas de conciencia como él. "
                    "Cada carta recuerda a las autoridades que personas de todo el mundo conocen "
                    "su nombre y no lo olvidarán."
                ),
                "ask": (
                    "Pedimos al presidente Xi Jinping que ponga en libertad a Ilham Tohti de "
                    "inmediato y sin condiciones."
                ),
                "letter_subject": "Libertad para el preso de conciencia Ilham Tohti",
                "letter_body": (
                    "Señor presidente:\n\n"
                    "Le escribo en relación con Ilham Tohti, profesor que cumple cadena perpetua "
                    "en prisión. Amnistía Internacional lo considera preso de conciencia y "
                    "defensor de los derechos humanos, encarcelado por su labor de lucha contra la "
                    "discriminación.\n\n"
                    "Alzar la voz contra la discriminación no es un delito. Es el ejercicio "
                    "pacífico de derechos que toda persona debería poder disfrutar, como la "
                    "libertad de expresión y la libertad de pensamiento. Nadie debería perder la "
                    "libertad, y mucho menos pasar el resto de su vida en prisión, por defender la "
                    "igualdad de trato de los demás.\n\n"
                    "Le insto respetuosamente a poner en libertad a Ilham Tohti de inmediato y sin "
                    "condiciones, ya que es un preso de conciencia encarcelado únicamente por su "
                    "labor pacífica. Personas de todo el mundo siguen su caso y no lo "
                    "olvidarán.\n\n"
                    "Le agradezco la atención que preste a este asunto urgente y quedo a la espera "
                    "de su respuesta.\n\n"
                    "Atentamente,"
                ),
                "short_text": (
                    "Ilham Tohti, profesor en China, cumple cadena perpetua por luchar contra la "
                    "discriminación. Es preso de conciencia. ¡Libertad para Ilham Tohti ya!"
                ),
                "solidarity_guidance": (
                    "Dile a Ilham Tohti que personas de todo el mundo conocen su historia y están "
                    "a su lado. Escribe un mensaje breve, personal y esperanzador, y evita los "
                    "comentarios políticos."
                ),
            },
            "ar": {
                "summary": (
                    "أستاذ جامعي وسجين رأي يقضي حكمًا بالسجن المؤبد في الصين بسبب نضاله ضد التمييز."
                ),
                "story": (
                    "إلهام توهتي أستاذ جامعي في الصين، يقضي حكمًا بالسجن المؤبد بسبب نضاله ضد "
                    "التمييز. وتعتبره منظمة العفو الدولية سجين رأي ومدافعًا عن حقوق الإنسان.\n\n"
                    "وقضيته جزء من حملة «اكتب من أجل الحقوق 2016» التي تدعو المسؤولين الحكوميين "
                    "إلى الإفراج عن سجناء الرأي أمثاله. وكل رسالة تذكّر السلطات بأن أناسًا في شتى "
                    "أنحاء العالم يعرفون اسمه ولن ينسوه."
                ),
                "ask": "نطالب الرئيس شي جين بينغ بالإفراج عن إلهام توهتي فورًا ودون قيد أو شرط.",
                "letter_subject": "الإفراج عن سجين الرأي إلهام توهتي",
                "letter_body": (
                    "سيادة الرئيس،\n\n"
                    "أكتب إليكم بشأن إلهام توهتي، الأستاذ الجامعي الذي يقضي حكمًا بالسجن المؤبد. "
                    "وتعتبره منظمة العفو الدولية سجين رأي ومدافعًا عن حقوق الإنسان، سُجن بسبب عمله "
                    "في مكافحة التمييز.\n\n"
                    "إن رفع الصوت ضد التمييز ليس جريمة، بل هو ممارسة سلمية لحقوق ينبغي أن يتمتع "
                    "بها كل إنسان، ومنها الحق في حرية التعبير والحق في حرية الفكر. ولا ينبغي أن "
                    "يُحرم أي شخص من حريته، ناهيك عن أن يقضي بقية حياته في السجن، لأنه دافع عن "
                    "المساواة في معاملة الآخرين.\n\n"
                    "لذا أحثكم باحترام على الإفراج عن إلهام توهتي فورًا ودون قيد أو شرط، فهو سجين "
                    "رأي محتجز لمجرد عمله السلمي. وإن أناسًا في شتى أنحاء العالم يتابعون قضيته "
                    "باهتمام، ولن ينسوه.\n\n"
                    "أشكركم على اهتمامكم بهذه المسألة العاجلة، وأتطلع إلى ردكم.\n\n"
                    "مع خالص الاحترام،"
                ),
                "short_text": (
                    "إلهام توهتي أستاذ جامعي في الصين يقضي حكمًا بالسجن المؤبد بسبب نضاله ضد "
                    "التمييز. إنه سجين رأي. أطلقوا سراح إلهام توهتي الآن!"
                ),
                "solidarity_guidance": (
                    "أخبر إلهام توهتي بأن أناسًا في شتى أنحاء العالم يعرفون قصته ويقفون إلى جانبه. "
                    "اجعل رسالتك قصيرة وشخصية ومفعمة بالأمل، وتجنّب التعليقات السياسية."
                ),
            },
        },
    },
    {
        "slug": "shawkan",
        "name": "Shawkan",
        "country": "EG",
        "category": "prisoner_of_conscience",
        "target": {
            "name": "Nabil Sadek",
            "title": "Public Prosecutor",
            "office": "Office of the Public Prosecutor",
            "address": "Supreme Court House\n1 26th of July Street\nCairo\nEgypt",
            "email": "prosecutor-eg@example.org",
            "fax": "+1 202 555 0102",
            "social_handle": "@writeathon_demo_eg",
            "language": "ar",
        },
        "appeals": {
            "en": {
                "summary": (
                    "A photojournalist and prisoner of conscience jailed in Egypt for doing his "
                    "job."
                ),
                "story": (
                    "Shawkan is a photojournalist in Egypt. He has been jailed for doing his job, "
                    "and Amnesty International considers him a prisoner of conscience.\n\n"
                    "Journalism is not a crime. Write for Rights 2016 calls on the Egyptian "
                    "authorities to free him. Your letter shows that people around the world are "
                    "watching, and that Shawkan is not forgotten."
                ),
                "ask": (
                    "We ask Public Prosecutor Nabil Sadek to release Shawkan immediately and "
                    "unconditionally."
                ),
                "letter_subject": "Release photojournalist Shawkan",
                "letter_body": (
                    "Dear Public Prosecutor,\n\n"
                    "I am writing to you about Shawkan, a photojournalist who has been jailed for "
                    "doing his job. Amnesty International considers him a prisoner of conscience, "
                    "held solely for his peaceful work as a journalist.\n\n"
                    "Journalism is not a crime. Journalists play a vital role in keeping the "
                    "public informed, and they must be able to work without fear of arrest or "
                    "imprisonment. Photojournalism is legitimate and important work that serves "
                    "the whole of society. Jailing a photojournalist for doing his job sends the "
                    "message that reporting itself is dangerous.\n\n"
                    "I respectfully urge you to release Shawkan immediately and unconditionally, "
                    "and to ensure that he is able to return to his profession without fear. "
                    "People around the world are following his case, and they will not forget "
                    "him.\n\n"
                    "Thank you for your attention to this urgent matter. I look forward to your "
                    "reply.\n\n"
                    "Yours sincerely,"
                ),
                "short_text": (
                    "Shawkan is a photojournalist jailed in Egypt for doing his job. He is a "
                    "prisoner of conscience. Journalism is not a crime. Free Shawkan now!"
                ),
                "solidarity_guidance": (
                    "Let Shawkan know that he is not forgotten and that people everywhere value "
                    "his work. A few warm words, or a photo or drawing that means something to "
                    "you, can lift his spirits."
                ),
            },
            "es": {
                "summary": (
                    "Fotoperiodista y preso de conciencia encarcelado en Egipto por hacer su "
                    "trabajo."
                ),
                "story": (
                    "Shawkan es fotoperiodista en Egipto. Está en prisión por hacer su trabajo, y "
                    "Amnistía Internacional lo considera preso de conciencia.\n\n"
                    "El periodismo no es un delito. Escribe por los derechos 2016 pide a las "
                    "autoridades egipcias que lo pongan en libertad. Tu carta demuestra que "
                    "personas de todo el mundo están pendientes de su caso y que Shawkan no está "
                    "olvidado."
                ),
                "ask": (
                    "Pedimos al fiscal general, Nabil Sadek, que ponga en libertad a Shawkan de "
                    "inmediato y sin condiciones."
                ),
                "letter_subject": "Libertad para el fotoperiodista Shawkan",
                "letter_body": (
                    "Señor fiscal general:\n\n"
                    "Le escribo en relación con Shawkan, fotoperiodista encarcelado por hacer su "
                    "trabajo. Amnistía Internacional lo considera preso de conciencia, privado de "
                    "libertad únicamente por su labor pacífica como periodista.\n\n"
                    "El periodismo no es un delito. Los y las periodistas desempeñan un papel "
                    "fundamental para mantener informada a la sociedad, y deben poder trabajar sin "
                    "temor a ser detenidos o encarcelados. El fotoperiodismo es un trabajo "
                    "legítimo e importante que está al servicio de toda la sociedad. Encarcelar a "
                    "un fotoperiodista por hacer su trabajo transmite el mensaje de que informar "
                    "es peligroso.\n\n"
                    "Le insto respetuosamente a poner en libertad a Shawkan de inmediato y sin "
                    "condiciones, y a garantizar que pueda volver a ejercer su profesión sin "
                    "miedo. Personas de todo el mundo siguen su caso y no lo olvidarán.\n\n"
                    "Le agradezco la atención que preste a este asunto urgente y quedo a la espera "
                    "de su respuesta.\n\n"
                    "Atentamente,"
                ),
                "short_text": (
                    "Shawkan es un fotoperiodista encarcelado en Egipto por hacer su trabajo. Es "
                    "preso de conciencia. El periodismo no es un delito. ¡Libertad para Shawkan ya!"
                ),
                "solidarity_guidance": (
                    "Hazle saber a Shawkan que no está olvidado y que personas de todo el mundo "
                    "valoran su trabajo. Unas palabras cálidas, o una foto o un dibujo que "
                    "signifique algo para ti, pueden darle ánimo."
                ),
            },
            "ar": {
                "summary": "مصور صحفي وسجين رأي مسجون في مصر بسبب قيامه بعمله.",
                "story": (
                    "شوكان مصور صحفي في مصر، سُجن بسبب قيامه بعمله، وتعتبره منظمة العفو الدولية "
                    "سجين رأي.\n\n"
                    "الصحافة ليست جريمة. وتدعو حملة «اكتب من أجل الحقوق 2016» السلطات المصرية إلى "
                    "الإفراج عنه. ورسالتك تُظهر أن أناسًا في شتى أنحاء العالم يتابعون قضيته، وأن "
                    "شوكان ليس منسيًا."
                ),
                "ask": (
                    "نطالب النائب العام المستشار نبيل صادق بالإفراج عن شوكان فورًا ودون قيد أو شرط."
                ),
                "letter_subject": "الإفراج عن المصور الصحفي شوكان",
                "letter_body": (
                    "السيد النائب العام،\n\n"
                    "أكتب إليكم بشأن المصور الصحفي شوكان، الذي سُجن بسبب قيامه بعمله. وتعتبره "
                    "منظمة العفو الدولية سجين رأي محتجزًا لمجرد عمله الصحفي السلمي.\n\n"
                    "إن الصحافة ليست جريمة. فالصحفيون يؤدون دورًا أساسيًا في إطلاع الناس على ما "
                    "يجري من حولهم، ويجب أن يتمكنوا من أداء عملهم دون خوف من القبض عليهم أو سجنهم. "
                    "فالتصوير الصحفي عمل مشروع ومهم يخدم المجتمع بأسره. وإن سجن مصور صحفي بسبب "
                    "قيامه بعمله يبعث برسالة مفادها أن نقل الأخبار أمر محفوف بالمخاطر.\n\n"
                    "لذا أحثكم باحترام على الإفراج عن شوكان فورًا ودون قيد أو شرط، وعلى ضمان قدرته "
                    "على العودة إلى ممارسة مهنته دون خوف. وإن أناسًا في شتى أنحاء العالم يتابعون "
                    "قضيته باهتمام، ولن ينسوه.\n\n"
                    "أشكركم على اهتمامكم بهذه المسألة العاجلة، وأتطلع إلى ردكم.\n\n"
                    "مع خالص الاحترام،"
                ),
                "short_text": (
                    "شوكان مصور صحفي مسجون في مصر بسبب قيامه بعمله. إنه سجين رأي. الصحافة ليست "
                    "جريمة. أطلقوا سراح شوكان الآن!"
                ),
                "solidarity_guidance": (
                    "أخبر شوكان بأنه ليس منسيًا وبأن أناسًا في كل مكان يقدّرون عمله. فبضع كلمات "
                    "دافئة، أو صورة أو رسمة تعني لك شيئًا، قد ترفع معنوياته."
                ),
            },
        },
    },
    {
        "slug": "annie-alfred",
        "name": "Annie Alfred",
        "country": "MW",
        "category": "community_at_risk",
        "target": {
            "name": "Peter Mutharika",
            "title": "President of the Republic of Malawi",
            "office": "Office of the President and Cabinet",
            "address": "Private Bag 301\nCapital Hill\nLilongwe 3\nMalawi",
            "email": "president-mw@example.org",
            "fax": "+1 202 555 0103",
            "social_handle": "@writeathon_demo_mw",
            "language": "en",
        },
        "appeals": {
            "en": {
                "summary": (
                    "A child with albinism in Malawi, hunted for her body parts, like other people "
                    "with albinism there."
                ),
                "story": (
                    "Annie Alfred is a child with albinism in Malawi. She has been hunted for her "
                    "body parts, and other people with albinism in Malawi live under the same "
                    "threat.\n\n"
                    "Write for Rights 2016 calls on the authorities in Malawi to protect Annie and "
                    "everyone with albinism, and to bring those who attack them to justice. Your "
                    "letter adds to the pressure for action."
                ),
                "ask": (
                    "We ask President Peter Mutharika to protect people with albinism in Malawi "
                    "and to bring those who attack them to justice."
                ),
                "letter_subject": "Protect Annie Alfred and people with albinism in Malawi",
                "letter_body": (
                    "Dear President,\n\n"
                    "I am writing to you about Annie Alfred, a child with albinism in Malawi who "
                    "has been hunted for her body parts. She is not alone: other people with "
                    "albinism in Malawi face the same danger simply because of who they are.\n\n"
                    "No child should have to live in fear of being attacked. Every child has the "
                    "right to grow up in safety. People with albinism have the same rights as "
                    "everyone else to life, to security and to live free from discrimination, and "
                    "the authorities have a duty to protect them.\n\n"
                    "I respectfully urge you to take every possible step to protect Annie Alfred "
                    "and all people with albinism in Malawi, and to ensure that those who attack "
                    "them are brought to justice. Taking a clear stand now would show that Malawi "
                    "will not tolerate these crimes.\n\n"
                    "Thank you for your attention to this urgent matter. I look forward to your "
                    "reply.\n\n"
                    "Yours sincerely,"
                ),
                "short_text": (
                    "Annie Alfred, a child with albinism in Malawi, is hunted for her body parts. "
                    "Malawi must protect people with albinism and bring those who attack them to "
                    "justice."
                ),
                "solidarity_guidance": (
                    "Send Annie a warm, child-friendly message or drawing to tell her that people "
                    "around the world care about her. Keep it simple and avoid anything that could "
                    "frighten her."
                ),
            },
            "es": {
                "summary": (
                    "Niña con albinismo de Malaui, perseguida por quienes buscan partes de su "
                    "cuerpo, igual que otras personas con albinismo."
                ),
                "story": (
                    "Annie Alfred es una niña con albinismo de Malaui. La persiguen quienes buscan "
                    "partes de su cuerpo, y otras personas con albinismo en Malaui viven bajo la "
                    "misma amenaza.\n\n"
                    "Escribe por los derechos 2016 pide a las autoridades de Malaui que protejan a "
                    "Annie y a todas las personas con albinismo, y que lleven ante la justicia a "
                    "quienes las atacan. Tu carta suma presión para que actúen."
                ),
                "ask": (
                    "Pedimos al presidente Peter Mutharika que proteja a las personas con "
                    "albinismo en Malaui y que lleve ante la justicia a quienes las atacan."
                ),
                "letter_subject": (
                    "Protección para Annie Alfred y las personas con albinismo en Malaui"
                ),
                "letter_body": (
                    "Señor presidente:\n\n"
                    "Le escribo en relación con Annie Alfred, una niña con albinismo de Malaui a "
                    "la que persiguen quienes buscan partes de su cuerpo. No es la única: otras "
                    "personas con albinismo en Malaui corren el mismo peligro simplemente por ser "
                    "quienes son.\n\n"
                    "Ningún niño ni ninguna niña debería vivir con miedo a sufrir un ataque. Toda "
                    "la infancia tiene derecho a crecer en un entorno seguro. Las personas con "
                    "albinismo tienen el mismo derecho que cualquier otra persona a la vida, a la "
                    "seguridad y a vivir sin discriminación, y las autoridades tienen el deber de "
                    "protegerlas.\n\n"
                    "Le insto respetuosamente a tomar todas las medidas posibles para proteger a "
                    "Annie Alfred y a todas las personas con albinismo en Malaui, y a garantizar "
                    "que quienes las atacan comparezcan ante la justicia. Adoptar ahora una "
                    "postura firme demostraría que Malaui no tolerará estos delitos.\n\n"
                    "Le agradezco la atención que preste a este asunto urgente y quedo a la espera "
                    "de su respuesta.\n\n"
                    "Atentamente,"
                ),
                "short_text": (
                    "Annie Alfred, niña con albinismo de Malaui, es perseguida por quienes buscan "
                    "partes de su cuerpo. Malaui debe proteger a las personas con albinismo y "
                    "llevar ante la justicia a quienes las atacan."
                ),
                "solidarity_guidance": (
                    "Envía a Annie un mensaje cariñoso o un dibujo pensado para una niña, para "
                    "decirle que personas de todo el mundo se preocupan por ella. Hazlo sencillo y "
                    "evita cualquier cosa que pueda asustarla."
                ),
            },
            "ar": {
                "summary": (
                    "طفلة مصابة بالمهق في ملاوي تتعرض للملاحقة من أجل أعضاء جسدها، شأنها شأن غيرها "
                    "من المصابين بالمهق هناك."
                ),
                "story": (
                    "آني ألفريد طفلة مصابة بالمهق في ملاوي، تتعرض للملاحقة من أجل أعضاء جسدها، "
                    "ويعيش غيرها من الأشخاص المصابين بالمهق في ملاوي تحت التهديد نفسه.\n\n"
                    "وتدعو حملة «اكتب من أجل الحقوق 2016» السلطات في ملاوي إلى حماية آني وجميع "
                    "الأشخاص المصابين بالمهق، وتقديم من يعتدون عليهم إلى العدالة. ورسالتك تزيد "
                    "الضغط من أجل التحرك."
                ),
                "ask": (
                    "نطالب الرئيس بيتر موثاريكا بحماية الأشخاص المصابين بالمهق في ملاوي وتقديم من "
                    "يعتدون عليهم إلى العدالة."
                ),
                "letter_subject": "احموا آني ألفريد والأشخاص المصابين بالمهق في ملاوي",
                "letter_body": (
                    "سيادة الرئيس،\n\n"
                    "أكتب إليكم بشأن آني ألفريد، الطفلة المصابة بالمهق في ملاوي، التي تتعرض "
                    "للملاحقة من أجل أعضاء جسدها. وهي ليست وحدها، فغيرها من الأشخاص المصابين "
                    "بالمهق في ملاوي يواجهون الخطر نفسه لمجرد أنهم مصابون بالمهق.\n\n"
                    "لا ينبغي لأي طفل أن يعيش في خوف من التعرض للاعتداء، فمن حق كل طفل أن يكبر في "
                    "أمان. فللأشخاص المصابين بالمهق الحق نفسه الذي يتمتع به الجميع في الحياة "
                    "والأمان والعيش دون تمييز، ومن واجب السلطات أن تحميهم.\n\n"
                    "لذا أحثكم باحترام على اتخاذ كل الخطوات الممكنة لحماية آني ألفريد وجميع "
                    "الأشخاص المصابين بالمهق في ملاوي، وعلى ضمان تقديم من يعتدون عليهم إلى "
                    "العدالة. فاتخاذ موقف واضح الآن سيُظهر أن ملاوي لن تتسامح مع هذه الجرائم.\n\n"
                    "أشكركم على اهتمامكم بهذه المسألة العاجلة، وأتطلع إلى ردكم.\n\n"
                    "مع خالص الاحترام،"
                ),
                "short_text": (
                    "آني ألفريد طفلة مصابة بالمهق في ملاوي تتعرض للملاحقة من أجل أعضاء جسدها. على "
                    "ملاوي حماية الأشخاص المصابين بالمهق وتقديم من يعتدون عليهم إلى العدالة."
                ),
                "solidarity_guidance": (
                    "أرسل إلى آني رسالة دافئة تناسب طفلة، أو رسمة، تخبرها فيها بأن أناسًا في شتى "
                    "أنحاء العالم يهتمون بها. اجعلها بسيطة وتجنّب أي شيء قد يخيفها."
                ),
            },
        },
    },
    {
        "slug": "leonard-peltier",
        "name": "Leonard Peltier",
        "country": "US",
        "category": "unfair_trial",
        "target": {
            "name": "Barack Obama",
            "title": "President of the United States",
            "office": "The White House",
            "address": (
                "1600 Pennsylvania Avenue NW\nWashington, DC 20500\nUnited States of America"
            ),
            "email": "president-us@example.org",
            "fax": "+1 202 555 0104",
            "social_handle": "@writeathon_demo_us",
            "language": "en",
        },
        "appeals": {
            "en": {
                "summary": (
                    "A Native American activist imprisoned for more than 40 years despite serious "
                    "concerns about his conviction."
                ),
                "story": (
                    "Leonard Peltier is a Native American activist in the United States. He has "
                    "been imprisoned for more than 40 years, despite serious concerns about the "
                    "legal processes leading to his conviction.\n\n"
                    "Through Write for Rights 2016, people around the world are asking for "
                    "clemency for him. Your letter helps make sure Leonard Peltier is not "
                    "forgotten and calls for a fair and humane response."
                ),
                "ask": (
                    "We ask President Barack Obama to grant Leonard Peltier clemency and release "
                    "him on humanitarian grounds."
                ),
                "letter_subject": "Clemency for Leonard Peltier",
                "letter_body": (
                    "Dear President,\n\n"
                    "I am writing to you about Leonard Peltier, a Native American activist who has "
                    "been imprisoned for more than 40 years. There are serious concerns about the "
                    "fairness of the legal processes that led to his conviction.\n\n"
                    "Everyone has the right to a fair trial. When there are serious doubts about "
                    "how a conviction was reached, they should not be left unanswered while a "
                    "person spends decades behind bars. More than four decades in prison is a very "
                    "long time in anyone's life.\n\n"
                    "I respectfully urge you to grant Leonard Peltier clemency and allow his "
                    "release on humanitarian grounds, in light of the serious concerns about the "
                    "legal processes leading to his conviction and the more than 40 years he has "
                    "already spent in prison. Such a decision would reflect both fairness and "
                    "compassion.\n\n"
                    "Thank you for your attention to this urgent matter. I look forward to your "
                    "reply.\n\n"
                    "Yours sincerely,"
                ),
                "short_text": (
                    "Leonard Peltier, a Native American activist, has been imprisoned for more "
                    "than 40 years despite serious concerns about his conviction. Grant him "
                    "clemency now."
                ),
                "solidarity_guidance": (
                    "Tell Leonard Peltier that, after more than 40 years, people around the world "
                    "have not forgotten him. Keep your message personal and encouraging."
                ),
            },
            "es": {
                "summary": (
                    "Activista nativo americano encarcelado desde hace más de 40 años pese a la "
                    "grave preocupación que suscita su condena."
                ),
                "story": (
                    "Leonard Peltier es un activista nativo americano de Estados Unidos. Lleva más "
                    "de 40 años en prisión, a pesar de la grave preocupación que suscitan los "
                    "procesos judiciales que condujeron a su condena.\n\n"
                    "Con Escribe por los derechos 2016, personas de todo el mundo piden clemencia "
                    "para él. Tu carta ayuda a que Leonard Peltier no caiga en el olvido y reclama "
                    "una respuesta justa y humana."
                ),
                "ask": (
                    "Pedimos al presidente Barack Obama que otorgue clemencia a Leonard Peltier y "
                    "lo ponga en libertad por razones humanitarias."
                ),
                "letter_subject": "Clemencia para Leonard Peltier",
                "letter_body": (
                    "Señor presidente:\n\n"
                    "Le escribo en relación con Leonard Peltier, activista nativo americano que "
                    "lleva más de 40 años en prisión. Existe una grave preocupación por la "
                    "imparcialidad de los procesos judiciales que condujeron a su condena.\n\n"
                    "Toda persona tiene derecho a un juicio justo. Cuando existen dudas serias "
                    "sobre cómo se llegó a una condena, no deberían quedar sin respuesta mientras "
                    "una persona pasa décadas entre rejas. Más de cuatro décadas en prisión son "
                    "muchísimo tiempo en la vida de cualquier ser humano.\n\n"
                    "Le insto respetuosamente a otorgar clemencia a Leonard Peltier y a permitir "
                    "su puesta en libertad por razones humanitarias, teniendo en cuenta la grave "
                    "preocupación que suscitan los procesos judiciales que condujeron a su condena "
                    "y los más de 40 años que ya ha pasado en prisión. Una decisión así reflejaría "
                    "a la vez justicia y compasión.\n\n"
                    "Le agradezco la atención que preste a este asunto urgente y quedo a la espera "
                    "de su respuesta.\n\n"
                    "Atentamente,"
                ),
                "short_text": (
                    "Leonard Peltier, activista nativo americano, lleva más de 40 años en prisión "
                    "pese a las graves dudas sobre su condena. ¡Clemencia para Leonard Peltier ya!"
                ),
                "solidarity_guidance": (
                    "Dile a Leonard Peltier que, después de más de 40 años, personas de todo el "
                    "mundo no lo han olvidado. Escribe un mensaje personal y alentador."
                ),
            },
            "ar": {
                "summary": (
                    "ناشط من الأمريكيين الأصليين مسجون منذ أكثر من 40 عامًا رغم مخاوف جدية بشأن "
                    "إدانته."
                ),
                "story": (
                    "ليونارد بلتيير ناشط من الأمريكيين الأصليين في الولايات المتحدة، مسجون منذ "
                    "أكثر من 40 عامًا رغم وجود مخاوف جدية بشأن الإجراءات القانونية التي أدت إلى "
                    "إدانته.\n\n"
                    "ومن خلال حملة «اكتب من أجل الحقوق 2016»، يطالب أناس في شتى أنحاء العالم "
                    "بالعفو عنه. ورسالتك تساعد على ألا يُنسى ليونارد بلتيير، وتدعو إلى استجابة "
                    "عادلة وإنسانية."
                ),
                "ask": (
                    "نطالب الرئيس باراك أوباما بمنح ليونارد بلتيير العفو والإفراج عنه لأسباب "
                    "إنسانية."
                ),
                "letter_subject": "العفو عن ليونارد بلتيير",
                "letter_body": (
                    "سيادة الرئيس،\n\n"
                    "أكتب إليكم بشأن ليونارد بلتيير، الناشط من الأمريكيين الأصليين المسجون منذ "
                    "أكثر من 40 عامًا. وثمة مخاوف جدية بشأن نزاهة الإجراءات القانونية التي أدت إلى "
                    "إدانته.\n\n"
                    "لكل إنسان الحق في محاكمة عادلة. وعندما تكون هناك شكوك جدية حول الطريقة التي "
                    "صدر بها حكم الإدانة، فلا ينبغي أن تبقى دون إجابة بينما يقضي إنسان عقودًا خلف "
                    "القضبان. فأكثر من أربعة عقود في السجن مدة طويلة جدًا في حياة أي إنسان.\n\n"
                    "لذا أحثكم باحترام على منح ليونارد بلتيير العفو والسماح بالإفراج عنه لأسباب "
                    "إنسانية، في ضوء المخاوف الجدية المتعلقة بالإجراءات القانونية التي أدت إلى "
                    "إدانته، وبعد أن قضى بالفعل أكثر من 40 عامًا في السجن. فمثل هذا القرار سيعكس "
                    "روح الإنصاف والرحمة معًا.\n\n"
                    "أشكركم على اهتمامكم بهذه المسألة العاجلة، وأتطلع إلى ردكم.\n\n"
                    "مع خالص الاحترام،"
                ),
                "short_text": (
                    "ليونارد بلتيير ناشط من الأمريكيين الأصليين مسجون منذ أكثر من 40 عامًا رغم "
                    "مخاوف جدية بشأن إدانته. امنحوه العفو الآن."
                ),
                "solidarity_guidance": (
                    "أخبر ليونارد بلتيير بأن أناسًا في شتى أنحاء العالم لم ينسوه بعد أكثر من 40 "
                    "عامًا. اجعل رسالتك شخصية ومشجعة."
                ),
            },
        },
    },
]
