"""Draw one person's resume content for the real-world corpus, and its truth.

The vocabularies here are this corpus's own (not ``bench/accuracy/pools.py``), so
the parser is not scored on the words it was tuned with. Everything a template
prints comes from a :class:`Resume`; the truth is derived from the same values
and the date precision the template prints, never from a parser.
"""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass, field

import phonebook

REFERENCE_MONTH = 2026 * 12 + 10  # 2026-11: the scorer parses with today=2026-11-01
LANGS = ("en", "en", "en", "en", "de", "fr", "es", "it", "nl", "pt")

GIVEN = {
    "en": ("Hannah", "Marcus", "Olivia", "Devon", "Grace", "Nathaniel", "Imogen", "Kwame"),
    "de": ("Friederike", "Matthias", "Lena", "Jonas", "Katharina", "Maximilian", "Jörn"),
    "fr": ("Margaux", "Étienne", "Camille", "Benoît", "Anne-Sophie", "Théo", "Solène"),
    "es": ("Lucía", "Andrés", "Carmen", "Javier", "Rocío", "Ignacio", "Ainhoa"),
    "it": ("Giulia", "Lorenzo", "Chiara", "Matteo", "Francesca", "Niccolò"),
    "nl": ("Sanne", "Daan", "Femke", "Joost", "Maartje", "Bram"),
    "pt": ("Inês", "Rodrigo", "Mariana", "Tiago", "Leonor", "Duarte"),
}
FAMILY = {
    "en": ("Whitfield", "Okafor", "Pemberton", "Castellano", "Ashworth", "Mensah", "Delgado"),
    "de": ("Hoffmann", "Brandstätter", "Vogel", "Krüger", "Lindemann", "Oberhäuser"),
    "fr": ("Lambert", "Rousseau", "Chevalier", "Mercier", "Faure", "Bonnaire"),
    "es": ("Herrera", "Domínguez", "Vázquez", "Carrasco", "de la Fuente", "Ortega"),
    "it": ("Colombo", "Ricci", "Marchetti", "Esposito", "Galli", "De Santis"),
    "nl": ("de Vries", "Bakker", "van Dijk", "Visser", "Smit", "van der Berg"),
    "pt": ("Ferreira", "Carvalho", "Sousa", "Pereira", "Albuquerque", "Teixeira"),
}
COUNTRY = {"en": ("US", "GB"), "de": ("DE",), "fr": ("FR",), "es": ("ES",), "it": ("IT",)}
COUNTRY |= {"nl": ("NL",), "pt": ("PT", "BR")}
CITIES = {
    "US": ("Denver, CO", "Austin, TX", "Columbus, OH", "Raleigh, NC", "Portland, OR"),
    "GB": ("Bristol", "Leeds", "Glasgow", "Brighton", "Cardiff"),
    "DE": ("Leipzig", "Freiburg im Breisgau", "Hannover", "Nürnberg", "Bremen"),
    "FR": ("Bordeaux", "Lille", "Nantes", "Montpellier", "Rennes"),
    "ES": ("Valencia", "Bilbao", "Zaragoza", "Málaga", "Sevilla"),
    "IT": ("Bologna", "Torino", "Firenze", "Verona", "Genova"),
    "NL": ("Utrecht", "Eindhoven", "Groningen", "Leiden"),
    "PT": ("Porto", "Braga", "Coimbra"),
    "BR": ("Curitiba", "Recife", "Belo Horizonte"),
}
EMPLOYERS = {
    "en": (
        "Bluefin Health Inc.",
        "Harbour & Pike LLP",
        "Northwind Robotics",
        "Crescent Labs",
        "Tallgrass Insurance Group",
        "Meridian Freight Co.",
        "Oakridge Software Ltd",
        "Copperleaf Energy",
        "Kestrel Media Corporation",
        "Vantage Point Analytics",
        "City of Bristol Council",
        "Saltmarsh Ventures Ltd.",
        "Granite Peak Bank",
    ),
    "de": (
        "Hafenblick Logistik GmbH",
        "Nordlicht Versicherung AG",
        "Stadtwerke Kiel",
        "Bergmann & Söhne KG",
        "Datenwerk Sachsen GmbH",
        "Rheinauen Pharma SE",
        "Schwarzwald Digital GmbH & Co. KG",
    ),
    "fr": (
        "Groupe Véronèse SA",
        "Atelier Lumière SARL",
        "Banque du Littoral",
        "Transports Garonne SAS",
        "Solutions Numériques Armor",
        "Mutuelle des Alpes",
    ),
    "es": (
        "Soluciones Andinas S.L.",
        "Grupo Levante Energía S.A.",
        "Banco del Cantábrico",
        "Talleres Ebro S.L.",
        "Clínica Santa Elena",
        "Nubaria Tecnología",
    ),
    "it": (
        "Ferretti Meccanica S.p.A.",
        "Banca Adriatica",
        "Lumina Software S.r.l.",
        "Gruppo Appennino Logistica",
        "Studio Bernini Associati",
    ),
    "nl": (
        "Dijkstra & Zonen B.V.",
        "Polderdata",
        "Rabo Noord Coöperatie U.A.",
        "Grachtenhuis Media B.V.",
        "Zeeland Energie N.V.",
    ),
    "pt": (
        "Tejo Sistemas Lda.",
        "Banco Atlântico S.A.",
        "Azulejo Digital",
        "Companhia Douro Logística",
        "Mar Aberto Tecnologia Ltda.",
    ),
}
TITLES = {
    "en": (
        "Senior Data Engineer",
        "Product Manager",
        "Site Reliability Engineer",
        "UX Researcher",
        "Backend Developer",
        "Financial Analyst",
        "Marketing Coordinator",
        "QA Automation Lead",
        "Engineering Manager",
        "Cloud Solutions Architect",
        "Junior Web Developer",
        "Customer Success Manager",
        "Machine Learning Scientist",
    ),
    "de": (
        "Softwareentwicklerin",
        "Teamleiter Vertrieb",
        "Projektleiter IT",
        "Datenanalyst",
        "Werkstudentin Marketing",
        "Systemadministrator",
        "Entwicklungsingenieur",
    ),
    "fr": (
        "Chef de projet",
        "Développeuse full-stack",
        "Ingénieur DevOps",
        "Analyste financier",
        "Responsable marketing digital",
        "Consultant SAP",
    ),
    "es": (
        "Analista de datos",
        "Jefe de proyecto",
        "Desarrolladora backend",
        "Ingeniero de sistemas",
        "Técnica de soporte",
        "Diseñador UX",
    ),
    "it": (
        "Sviluppatore backend",
        "Project manager",
        "Analista programmatore",
        "Ingegnere del software",
        "Responsabile amministrativo",
    ),
    "nl": (
        "Projectleider",
        "Softwareontwikkelaar",
        "Data-analist",
        "Teamleider klantenservice",
        "Front-end developer",
    ),
    "pt": (
        "Engenheira de software",
        "Analista de sistemas",
        "Gestor de projetos",
        "Desenvolvedor mobile",
        "Consultora de dados",
    ),
}
SCHOOLS = {
    "en": (
        "University of Leeds",
        "Georgia Institute of Technology",
        "University of Edinburgh",
        "Arizona State University",
        "King's College London",
        "Rutgers University",
        "Indian Institute of Technology Madras",
        "University of Toronto",
    ),
    "de": (
        "Technische Universität Dresden",
        "Universität Leipzig",
        "Hochschule München",
        "Karlsruher Institut für Technologie",
        "Universität zu Köln",
    ),
    "fr": (
        "Université de Bordeaux",
        "INSA Lyon",
        "Université Lumière Lyon 2",
        "École Centrale de Nantes",
        "Sorbonne Université",
    ),
    "es": (
        "Universidad de Granada",
        "Universitat Politècnica de València",
        "Universidad Carlos III de Madrid",
        "Universidad de Deusto",
    ),
    "it": ("Politecnico di Torino", "Università di Bologna", "Università degli Studi di Padova"),
    "nl": ("Technische Universiteit Eindhoven", "Hogeschool Utrecht", "Universiteit Leiden"),
    "pt": ("Universidade de Coimbra", "Universidade do Porto", "Universidade Federal do Paraná"),
}
DEGREES = {
    "en": (
        ("BSc", "Bachelor of Science"),
        ("MSc", "Master of Science"),
        ("BA", "Bachelor of Arts"),
        ("MBA", "MBA"),
        ("BEng", "Bachelor of Engineering"),
        ("PhD", "PhD"),
    ),
    "de": (
        ("B.Sc.", "Bachelor of Science"),
        ("M.Sc.", "Master of Science"),
        ("Diplom", "Diplom"),
        ("B.A.", "Bachelor of Arts"),
    ),
    "fr": (
        ("Licence", "Licence"),
        ("Master", "Master"),
        ("Diplôme d'ingénieur", "Diplôme d'ingénieur"),
    ),
    "es": (("Grado", "Grado"), ("Máster", "Máster"), ("Licenciatura", "Licenciatura")),
    "it": (("Laurea triennale", "Laurea triennale"), ("Laurea magistrale", "Laurea magistrale")),
    "nl": (("Bachelor", "Bachelor"), ("Master", "Master")),
    "pt": (("Licenciatura", "Licenciatura"), ("Mestrado", "Mestrado")),
}
SUBJECTS = {
    "en": ("Computer Science", "Economics", "Mechanical Engineering", "Statistics", "Psychology"),
    "de": ("Informatik", "Wirtschaftsinformatik", "Maschinenbau", "Betriebswirtschaftslehre"),
    "fr": ("Informatique", "Économie", "Génie civil", "Mathématiques appliquées"),
    "es": ("Ingeniería Informática", "Economía", "Matemáticas", "Administración de Empresas"),
    "it": ("Ingegneria Informatica", "Economia", "Fisica"),
    "nl": ("Informatica", "Bedrijfskunde", "Werktuigbouwkunde"),
    "pt": ("Engenharia Informática", "Gestão", "Ciência da Computação"),
}
# Canonical skill names as a recruiter would write them.
SKILLS = (
    "Python",
    "TypeScript",
    "Java",
    "Go",
    "Kotlin",
    "SQL",
    "PostgreSQL",
    "MongoDB",
    "Redis",
    "Docker",
    "Kubernetes",
    "Terraform",
    "AWS",
    "Azure",
    "Google Cloud",
    "React",
    "Vue.js",
    "Node.js",
    "Django",
    "Spring Boot",
    "Kafka",
    "Airflow",
    "Pandas",
    "TensorFlow",
    "Tableau",
    "Power BI",
    "Excel",
    "Figma",
    "Jira",
    "Scrum",
    "Git",
    "Linux",
    "GraphQL",
    "Jenkins",
    "Salesforce",
    "SAP",
    "C#",
    ".NET",
    "Flutter",
    "Swift",
    "Ansible",
    "Elasticsearch",
)
# Skills printed under one name whose canonical name (the parser's published skill
# vocabulary, as for bench/accuracy) is another: the skill is the same.
CANONICAL_SKILL = {"Kafka": "Apache Kafka", "Airflow": "Apache Airflow"}
LANGUAGE_NAMES = {
    "en": {
        "English": "English",
        "German": "German",
        "French": "French",
        "Spanish": "Spanish",
        "Italian": "Italian",
        "Dutch": "Dutch",
        "Portuguese": "Portuguese",
    },
    "de": {
        "English": "Englisch",
        "German": "Deutsch",
        "French": "Französisch",
        "Spanish": "Spanisch",
    },
    "fr": {"English": "Anglais", "German": "Allemand", "French": "Français", "Spanish": "Espagnol"},
    "es": {"English": "Inglés", "German": "Alemán", "French": "Francés", "Spanish": "Español"},
    "it": {
        "English": "Inglese",
        "French": "Francese",
        "Italian": "Italiano",
        "Spanish": "Spagnolo",
    },
    "nl": {"English": "Engels", "German": "Duits", "Dutch": "Nederlands", "French": "Frans"},
    "pt": {
        "English": "Inglês",
        "Spanish": "Espanhol",
        "Portuguese": "Português",
        "French": "Francês",
    },
}
NATIVE = {
    "en": "English",
    "de": "German",
    "fr": "French",
    "es": "Spanish",
    "it": "Italian",
    "nl": "Dutch",
    "pt": "Portuguese",
}
LEVELS = ("C1", "B2", "B1", "Fluent", "Professional working proficiency")
BULLETS = (
    "Cut monthly infrastructure cost by {p}% by moving batch jobs to spot capacity.",
    "Led a team of {k} engineers through a migration of the billing platform.",
    "Designed the reporting pipeline used by {k} regional offices.",
    "Introduced code review guidelines adopted across the department.",
    "Reduced customer onboarding time from {k} weeks to {k2} days.",
    "Built dashboards tracking {p} key indicators for the leadership team.",
)

MONTHS = {
    "en": (
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ),
    "de": (
        "Januar",
        "Februar",
        "März",
        "April",
        "Mai",
        "Juni",
        "Juli",
        "August",
        "September",
        "Oktober",
        "November",
        "Dezember",
    ),
    "fr": (
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ),
    "es": (
        "enero",
        "febrero",
        "marzo",
        "abril",
        "mayo",
        "junio",
        "julio",
        "agosto",
        "septiembre",
        "octubre",
        "noviembre",
        "diciembre",
    ),
    "it": (
        "gennaio",
        "febbraio",
        "marzo",
        "aprile",
        "maggio",
        "giugno",
        "luglio",
        "agosto",
        "settembre",
        "ottobre",
        "novembre",
        "dicembre",
    ),
    "nl": (
        "januari",
        "februari",
        "maart",
        "april",
        "mei",
        "juni",
        "juli",
        "augustus",
        "september",
        "oktober",
        "november",
        "december",
    ),
    "pt": (
        "janeiro",
        "fevereiro",
        "março",
        "abril",
        "maio",
        "junho",
        "julho",
        "agosto",
        "setembro",
        "outubro",
        "novembro",
        "dezembro",
    ),
}
SHORT_MONTHS = {
    "en": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
    "de": (
        "Jan.",
        "Feb.",
        "März",
        "Apr.",
        "Mai",
        "Juni",
        "Juli",
        "Aug.",
        "Sept.",
        "Okt.",
        "Nov.",
        "Dez.",
    ),
    "fr": (
        "janv.",
        "févr.",
        "mars",
        "avr.",
        "mai",
        "juin",
        "juil.",
        "août",
        "sept.",
        "oct.",
        "nov.",
        "déc.",
    ),
    "es": (
        "ene.",
        "feb.",
        "mar.",
        "abr.",
        "may.",
        "jun.",
        "jul.",
        "ago.",
        "sept.",
        "oct.",
        "nov.",
        "dic.",
    ),
    "it": ("gen", "feb", "mar", "apr", "mag", "giu", "lug", "ago", "set", "ott", "nov", "dic"),
    "nl": ("jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"),
    "pt": ("jan", "fev", "mar", "abr", "mai", "jun", "jul", "ago", "set", "out", "nov", "dez"),
}
PRESENT = {
    "en": "Present",
    "de": "heute",
    "fr": "aujourd'hui",
    "es": "actualidad",
    "it": "oggi",
    "nl": "heden",
    "pt": "atual",
}


@dataclass
class Job:
    employer: str
    title: str
    city: str | None
    start: int  # month index (year * 12 + month - 1)
    end: int | None  # None: current
    bullets: list[str]


@dataclass
class School:
    institution: str
    degree: str  # short form, as printed
    degree_long: str
    subject: str
    start: int
    end: int


@dataclass
class Resume:
    id: str
    lang: str
    given: str
    family: str
    headline: str
    city: str
    country: str
    email: str
    phone: phonebook.Phone
    links: list[tuple[str, str]]  # (bare url without scheme, kind)
    jobs: list[Job]
    schools: list[School]
    skills: list[str]
    languages: list[tuple[str, str]]  # (canonical English name, level as printed)
    summary: str
    meta: dict[str, object] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return f"{self.given} {self.family}"

    def lang_label(self, canon: str) -> str:
        return LANGUAGE_NAMES[self.lang].get(canon, canon)


def ascii_fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _slug(text: str) -> str:
    return "".join(c for c in ascii_fold(text).lower() if c.isalnum())


def sample(rng: random.Random, resume_id: str) -> Resume:
    lang = rng.choice(LANGS)
    country = rng.choice(COUNTRY[lang])
    given, family = rng.choice(GIVEN[lang]), rng.choice(FAMILY[lang])
    g, f = _slug(given), _slug(family)
    domain = rng.choice(
        (
            "gmail.com",
            "outlook.com",
            "posteo.de",
            "proton.me",
            "fastmail.com",
            "yahoo.fr",
            "hotmail.es",
            "libero.it",
            "icloud.com",
        )
    )
    email = rng.choice((f"{g}.{f}", f"{g[0]}{f}", f"{f}.{g}", f"{g}{rng.randint(10, 99)}"))
    email += f"@{domain}"
    links = []
    if rng.random() < 0.8:
        links.append((f"linkedin.com/in/{g}-{f}-{rng.randrange(100, 999)}", "linkedin"))
    if rng.random() < 0.5:
        links.append((f"github.com/{g[0]}{f}", "github"))
    if rng.random() < 0.25:
        links.append((f"{g}{f}.{rng.choice(('dev', 'io', 'net'))}", "portfolio"))
    jobs = _jobs(rng, lang)
    oldest = min(j.start for j in jobs)
    schools = _schools(rng, lang, oldest)
    skills = rng.sample(SKILLS, rng.randint(5, 11))
    langs = [(NATIVE[lang], "native")]
    others = [c for c in LANGUAGE_NAMES[lang] if c != NATIVE[lang]]
    for canon in rng.sample(others, rng.randint(1, 2)):
        langs.append((canon, rng.choice(LEVELS)))
    return Resume(
        id=resume_id,
        lang=lang,
        given=given,
        family=family,
        headline=jobs[0].title,
        city=rng.choice(CITIES[country]),
        country=country,
        email=email,
        phone=phonebook.sample(rng, country),
        links=links,
        jobs=jobs,
        schools=schools,
        skills=skills,
        languages=langs,
        summary=rng.choice(SUMMARIES[lang]),
    )


SUMMARIES = {
    "en": (
        "Pragmatic engineer who likes boring technology and measurable outcomes.",
        "Analyst with a background in operations, happiest close to the data.",
    ),
    "de": ("Erfahrene Fachkraft mit Freude an sauberen Prozessen und klarer Kommunikation.",),
    "fr": ("Professionnelle rigoureuse, orientée résultats et travail en équipe.",),
    "es": ("Profesional con experiencia en proyectos internacionales y equipos ágiles.",),
    "it": ("Professionista con esperienza in progetti complessi e orientamento al risultato.",),
    "nl": ("Resultaatgerichte professional met oog voor kwaliteit en samenwerking.",),
    "pt": ("Profissional com experiência em equipas multidisciplinares e projetos ágeis.",),
}


def _jobs(rng: random.Random, lang: str) -> list[Job]:
    count = rng.choice((1, 2, 2, 3, 3, 4))
    pool_lang = lang if rng.random() < 0.7 else "en"
    employers = rng.sample(EMPLOYERS[pool_lang], count)
    titles = rng.sample(TITLES[lang], min(count, len(TITLES[lang])))
    while len(titles) < count:
        titles.append(rng.choice(TITLES["en"]))
    end: int | None = None if rng.random() < 0.6 else REFERENCE_MONTH - rng.randint(1, 10)
    jobs = []
    for i in range(count):
        top = end if end is not None else REFERENCE_MONTH
        start = top - rng.randint(8, 50)
        bullets = [
            b.format(p=rng.randint(10, 45), k=rng.randint(3, 9), k2=rng.randint(2, 6))
            for b in rng.sample(BULLETS, rng.randint(0, 3))
        ]
        city = rng.choice(CITIES[rng.choice(COUNTRY[lang])]) if rng.random() < 0.5 else None
        jobs.append(Job(employers[i], titles[i], city, start, end, bullets))
        end = start - rng.randint(1, 5)
    return jobs


def _schools(rng: random.Random, lang: str, before: int) -> list[School]:
    out = []
    end = before - rng.randint(1, 6)
    for _ in range(rng.choice((1, 1, 2))):
        short, long = rng.choice(DEGREES[lang])
        start = end - 12 * rng.choice((2, 3, 4)) - rng.randint(0, 2)
        inst = rng.choice(SCHOOLS[lang])
        out.append(School(inst, short, long, rng.choice(SUBJECTS[lang]), start, end))
        end = start - rng.randint(1, 4)
    return out


def print_long_degrees(r: Resume) -> None:
    """For a template that prints "Master of Science": the truth is what it prints.

    (The first 32 templates keep the short form in the truth either way; templates
    added later call this so their degree truth is the printed one.)"""
    for school in r.schools:
        school.degree = school.degree_long


# ---- dates as printed, and the truth for the precision printed ----------------------


def ym(index: int) -> tuple[int, int]:
    return index // 12, index % 12 + 1


def show_date(index: int, style: str, lang: str) -> str:
    """One month in the given style: mon, month, mm/yyyy, mm.yyyy, yyyy-mm, yyyy."""
    year, month = ym(index)
    name = MONTHS[lang][month - 1]
    if style == "mon":
        return f"{SHORT_MONTHS[lang][month - 1]} {year}"
    if style == "month":
        return f"{name} {year}"
    if style == "mm/yyyy":
        return f"{month:02d}/{year}"
    if style == "mm.yyyy":
        return f"{month:02d}.{year}"
    if style == "yyyy-mm":
        return f"{year}-{month:02d}"
    if style == "yyyy":
        return str(year)
    raise ValueError(style)


def show_range(start: int, end: int | None, style: str, lang: str, sep: str = " – ") -> str:
    last = PRESENT[lang] if end is None else show_date(end, style, lang)
    return f"{show_date(start, style, lang)}{sep}{last}"


def truth_date(index: int, year_only: bool) -> str:
    year, month = ym(index)
    return str(year) if year_only else f"{year}-{month:02d}"


def _span(start: int, end: int | None, year_only: bool) -> tuple[int, int]:
    last = REFERENCE_MONTH if end is None else end
    if year_only:  # a year-only date counts as January of that year (bench/README)
        return start // 12 * 12, last // 12 * 12 if end is not None else last
    return start, last


def total_months(spans: list[tuple[int, int]]) -> int:
    total, cover_end = 0, -1
    for first, last in sorted(spans):
        if last <= cover_end:
            continue
        total += last - max(first, cover_end + 1) + 1
        cover_end = last
    return total


def truth(
    r: Resume, *, year_only: bool, printed: dict[str, bool] | None = None
) -> dict[str, object]:
    """Labels in bench/accuracy's truth schema (so its matching rules apply).

    ``printed`` drops fields a template does not print at all (e.g. a theme without
    a languages section): the truth is what the document shows.
    """
    shown = {"links": True, "languages": True, "skills": True, "education": True} | (printed or {})
    return {
        "id": r.id,
        "meta": r.meta,
        "name": r.name,
        "emails": [r.email],
        "phones": [{"raw": r.phone.raw, "value": r.phone.e164}],
        "links": [{"url": u, "kind": k} for u, k in r.links] if shown["links"] else [],
        "location": r.city,
        "experience": [
            {
                "employer": j.employer,
                "title": j.title,
                "location": j.city,
                "start": truth_date(j.start, year_only),
                "end": None if j.end is None else truth_date(j.end, year_only),
                "is_current": j.end is None,
            }
            for j in r.jobs
        ],
        "total_experience_months": total_months([_span(j.start, j.end, year_only) for j in r.jobs]),
        "education": [
            {
                "institution": s.institution,
                "degree": s.degree,
                "field": s.subject,
                "start": truth_date(s.start, year_only),
                "end": truth_date(s.end, year_only),
                "grade": None,
            }
            for s in r.schools
        ]
        if shown["education"]
        else [],
        "skills": [{"name": CANONICAL_SKILL.get(s, s), "raw": s} for s in r.skills]
        if shown["skills"]
        else [],
        "languages": [
            {"language": c, "raw": r.lang_label(c), "proficiency": lvl} for c, lvl in r.languages
        ]
        if shown["languages"]
        else [],
        "certifications": [],
    }
