"""Section heading spellings (English, Spanish, French, German, Portuguese, Italian, Dutch)
by canonical name.

Phrases are folded (lower case, no accents, ``&`` as ``and``) before lookup. A
heading that is the whole document's title (``Curriculum Vitae``) maps to
``TITLE`` and starts no section.
"""

from __future__ import annotations

import functools
import re

from resumeflow_parser.extract.text import fold

TITLE = "title"

_PHRASES: dict[str, str] = {
    "summary": """
        summary | professional summary | career summary | executive summary | profile |
        professional profile | personal profile | career profile | about me | about |
        objective | career objective | professional objective | overview |
        personal statement | summary of qualifications |
        resumen | resumen profesional | perfil | perfil profesional | sobre mi |
        acerca de mi | objetivo | objetivo profesional |
        profil | profil professionnel | a propos | a propos de moi | objectif |
        objectif professionnel | resume professionnel |
        zusammenfassung | kurzprofil | uber mich | berufsprofil |
        resumo | resumo profissional | sobre mim | perfil profissional |
        profilo | profilo professionale | chi sono | profiel | samenvatting | over mij
    """,
    "experience": """
        experience | work experience | professional experience | employment |
        employment history | work history | career history | relevant experience |
        professional background | career | experience and internships | internships |
        work | industry experience | research experience | teaching experience |
        experiencia | experiencia laboral | experiencia profesional | historial laboral |
        trayectoria profesional |
        experiences | experience professionnelle | experiences professionnelles |
        parcours professionnel |
        berufserfahrung | erfahrung | beruflicher werdegang | werdegang | berufspraxis |
        berufliche erfahrung | berufliche erfahrungen | berufliche laufbahn |
        praxiserfahrung |
        experiencia profissional | historico profissional | trajetoria profissional |
        esperienza | esperienze | esperienza professionale | esperienze professionali |
        esperienza lavorativa | esperienze lavorative |
        werkervaring | ervaring | professionele ervaring | werkgeschiedenis | loopbaan
    """,
    "education": """
        education | academic background | education and training |
        academic qualifications | academic history | educational background | studies |
        educacion | formacion | formacion academica | estudios | educacion y formacion |
        formation | formations | etudes | parcours academique | diplomes |
        ausbildung | bildung | bildungsweg | studium | akademischer werdegang | schulbildung |
        educacao | formacao | formacao academica | escolaridade |
        istruzione | formazione | istruzione e formazione | studi |
        opleiding | opleidingen | onderwijs
    """,
    "skills": """
        skills | technical skills | core competencies | competencies | key skills |
        technologies | tech stack | technical stack | tools | tools and technologies |
        expertise | areas of expertise | skills and tools | skills and expertise |
        core skills | it skills | computer skills | skill set | skillset |
        habilidades | competencias | aptitudes | conocimientos | habilidades tecnicas |
        conocimientos tecnicos |
        competences | competences techniques | savoir-faire |
        kenntnisse | fahigkeiten | kompetenzen | fachkenntnisse | it-kenntnisse |
        edv-kenntnisse | technische kenntnisse |
        conhecimentos | competencias tecnicas |
        competenze | competenze tecniche | conoscenze | vaardigheden | competenties
    """,
    "projects": """
        projects | personal projects | selected projects | side projects | key projects |
        academic projects | open source | proyectos | projets | projekte | projetos |
        progetti | projecten
    """,
    "certifications": """
        certifications | certificates | certification | licenses and certifications |
        licences and certifications | certifications and licenses |
        courses and certifications | certifications and courses |
        certificaciones | certificados | certificats | zertifikate | zertifizierungen |
        certificacoes | certificazioni | certificaten | certificeringen
    """,
    "languages": """
        languages | language skills | spoken languages | language | idiomas | lenguas |
        langues | competences linguistiques | sprachen | sprachkenntnisse | linguas |
        lingue | conoscenze linguistiche | talen | talenkennis
    """,
    "awards": """
        awards | honors | honours | awards and honors | awards and honours |
        honors and awards | achievements | accomplishments | premios | logros |
        reconocimientos | prix | distinctions | auszeichnungen | preise | conquistas |
        premiacoes
    """,
    "publications": """
        publications | papers | selected publications | publicaciones | publikationen |
        veroffentlichungen | publicacoes
    """,
    "volunteering": """
        volunteering | volunteer experience | volunteer work | community involvement |
        community service | voluntariado | benevolat | ehrenamt |
        ehrenamtliches engagement | engagement
    """,
    "interests": """
        interests | hobbies | hobbies and interests | interests and hobbies |
        personal interests | intereses | aficiones | pasatiempos | centres d'interet |
        centres d’interet | loisirs | interets | interessen | hobbys | interesses
    """,
    "references": """
        references | referees | referencias | references professionnelles | referenzen |
        referencias profissionais
    """,
    "contact": """
        contact | contact information | contact info | contact details | personal details |
        personal information | personal data | contacto | datos personales |
        informacion personal | coordonnees | informations personnelles | kontakt |
        personliche daten | kontaktdaten | contato | dados pessoais | informacoes pessoais
    """,
    TITLE: """
        resume | curriculum vitae | cv | curriculum | lebenslauf | curriculo
    """,
}


# Words that name a section inside a longer styled heading ("Technical Skills & Tools").
KEYWORDS: dict[str, str] = {
    "experience": "experience", "employment": "experience", "experiencia": "experience",
    "berufserfahrung": "experience", "education": "education", "formacion": "education",
    "formation": "education", "ausbildung": "education", "formacao": "education",
    "skills": "skills", "competencies": "skills", "habilidades": "skills",
    "competences": "skills", "kenntnisse": "skills", "projects": "projects",
    "certifications": "certifications", "certificates": "certifications",
    "languages": "languages", "idiomas": "languages", "langues": "languages",
    "sprachen": "languages", "awards": "awards", "honors": "awards", "publications": "publications",
    "volunteering": "volunteering", "volunteer": "volunteering", "interests": "interests",
    "hobbies": "interests", "references": "references", "summary": "summary",
    "profile": "summary",
}  # fmt: skip

_CONNECTOR = re.compile(r"\s*(?:&|\+|/|\band\b|\by\b|\bet\b|\bund\b|\be\b)\s*")
_EDGES = re.compile(r"^[\W\d_]+|[\W_]+$")
# Letter-spaced, with kerned pairs a PDF writes as one word ("T R AY E C T O R I A")
# and hyphens kept on their letter ("I T- K E N N T N I S S E").
_LETTER_SPACED = re.compile(r"(?:[\w&+/-]{1,5}\s+){3,}\w{1,5}")
_SPACES = re.compile(r"\s+")


def _mostly_letters(folded: str) -> bool:
    tokens = folded.split()
    return 3 * sum(len(t) == 1 for t in tokens) >= 2 * len(tokens)


def _short_runs(folded: str) -> bool:
    """Capitals letter-spaced with kerning that glues some letters back together
    ("GE RE E DS CHAPS KI S T"): many runs of a few letters."""
    tokens = folded.split()
    return len(tokens) >= 5 and sum(map(len, tokens)) <= 2.5 * len(tokens)


@functools.lru_cache(maxsize=8192)
def heading_key(text: str) -> str:
    """Fold a candidate heading: ``"WORK EXPERIENCE:"`` -> ``"work experience"``."""
    folded = _EDGES.sub("", fold(text.replace("\t", " ")).strip())
    if _LETTER_SPACED.fullmatch(folded) and (
        _mostly_letters(folded) or (text.isupper() and _short_runs(folded))
    ):
        # letter-spaced: "E X P E R I E N C E", "T O O L S & T E C H ..."
        return _SPACES.sub("", re.sub(r"\s*[&+/]\s*", "and", folded))
    folded = _CONNECTOR.sub(" and ", folded)
    return " ".join(folded.split())


PHRASES: dict[str, str] = {
    heading_key(p): name
    for name, phrases in _PHRASES.items()
    for p in phrases.split("|")
    if p.strip()
}
_COMPACT: dict[str, str] = {key.replace(" ", ""): name for key, name in PHRASES.items()}


@functools.lru_cache(maxsize=8192)
def lookup(text: str) -> str | None:
    """The canonical section for an exact heading phrase (or ``TITLE``), else None."""
    key = heading_key(text)
    return PHRASES.get(key) or _COMPACT.get(key.replace(" ", ""))


def keyword_section(text: str) -> str | None:
    """The section named by the first keyword in a longer heading."""
    for word in heading_key(text).split():
        if word in KEYWORDS:
            return KEYWORDS[word]
    return None
