"""Is this phrase a job title or an organisation? Word lists in seven languages."""

from __future__ import annotations

import re

from resumeflow_parser.extract.text import fold, wordset

_TITLE_WORDS = wordset(
    """
    engineer engineering developer programmer architect manager director head lead analyst
    consultant designer scientist researcher specialist coordinator administrator officer
    intern internship trainee apprentice assistant associate advisor adviser strategist
    technician representative executive president vp founder cofounder co-founder owner
    partner ceo cto cfo coo cio cmo cpo sre devops qa tester editor writer accountant
    auditor nurse teacher lecturer professor tutor instructor recruiter supervisor agent
    clerk secretary chef cook driver operator mechanic electrician attorney lawyer paralegal
    physician doctor pharmacist therapist psychologist owner scrum principal
    staff fellow postdoc student volunteer marketer salesperson buyer planner producer
    photographer journalist translator ingeniero ingeniera desarrollador desarrolladora
    programador programadora gerente jefe jefa analista consultor consultora disenador
    disenadora becario becaria practicante coordinador coordinadora responsable tecnico
    tecnica asesor asesora ingenieur developpeur developpeuse chef directeur directrice
    stagiaire alternant charge chargee conseiller conseillere concepteur entwickler
    entwicklerin ingenieurin leiter leiterin berater beraterin werkstudent werkstudentin
    praktikant praktikantin geschaftsfuhrer mitarbeiter referent engenheiro engenheira
    desenvolvedor desenvolvedora estagiario estagiaria gerente coordenador coordenadora
    diretor diretora assistente analyste gestor gestora sviluppatore sviluppatrice
    ingegnere programmatore programmatrice responsabile impiegato impiegata tecnico ontwikkelaar
    analist adviseur medewerker leider leidinggevende beheerder projectleider teamleider
    verantwoordelijke stagiair
    """
)
# Title words that are common surnames too ("Sam Cook", "Ana Partner").
_SURNAMES = wordset(
    """
    cook chef driver partner owner fellow agent head lead staff student buyer planner
    producer writer editor clerk principal mechanic officer tutor
    """
)
# German compounds put the role at the end: "Softwareentwickler", "Projektleiterin".
_TITLE_SUFFIXES = (
    "entwickler", "entwicklerin", "ingenieur", "leiter", "leiterin", "berater",
    "ingenieurin", "beraterin", "analyst", "analystin", "manager", "managerin", "designer",
    "designerin", "architekt", "architektin", "administrator", "administratorin",
    "spezialist", "spezialistin", "referentin", "techniker", "technikerin", "assistentin",
    # Dutch compounds likewise: "Softwareontwikkelaar", "Projectleider", "Data-analist".
    "ontwikkelaar", "leider", "analist", "adviseur", "medewerker",
)  # fmt: skip

# Words that make a phrase an organisation wherever they stand ("Bank of America")...
_ORG_WORDS = wordset(
    """
    inc inc. llc l.l.c. ltd ltd. limited plc gmbh ag kg sa s.a. sl s.l. sas sarl srl spa
    s.p.a. bv b.v. nv n.v. a/s pty ltda lda corp corp. corporation bank university
    universidad universite universitat universidade college hospital clinic ministry
    government council foundation institute llp companhia compania compagnie gruppo grupo
    groupe banco banque banca cooperatie cooperativa cooperative stadtwerke stiftung
    fundacion fundacao fondazione ministerio ministere gemeente clinica klinik
    """
)
# ...and words that do only at the end ("Acme Software", but not "Software Engineer").
_ORG_ENDINGS = wordset(
    """
    company co. group holdings technologies technology labs lab systems solutions software
    consulting partners studio studios agency games media networks ventures capital services
    associates associati associes asociados se ab oy oyj asa aps kft ohg gbr ug e.v. sasu
    eurl bvba vof s.r.l. s.a.s. s.c. ua u.a. analytics robotics insurance logistics
    logistica logistique logistik tecnologia tecnologias technologie technologien pharma
    energy energia energie digital versicherung verzekeringen seguros assicurazioni
    """
)
# Legal-form words: "Globex, Inc." is one name, however it is punctuated.
_LEGAL_FORMS = wordset(
    """
    inc inc. llc l.l.c. ltd ltd. limited plc gmbh ag kg sa s.a. sl s.l. sas sarl srl spa
    s.p.a. bv b.v. nv n.v. a/s pty ltda lda corp corp. corporation co co.
    """
)
_AT = re.compile(r"^(?P<title>.+?)\s+(?:at|@|chez|bei|presso|bij)\s+(?P<org>\S.*)$")
# Prepositions that also join a title to its field ("Ingeniero en Sistemas"): they
# split only when the right side names an organisation or is a run of capitalised words.
_AT_WEAK = re.compile(r"^(?P<title>.+?)\s+(?:en|na|no|em)\s+(?P<org>[A-Z]\S*(?:\s+\S+)*)$")


def is_title(text: str, *, could_be_name: bool = False) -> bool:
    """Does ``text`` name a job? ``could_be_name``: ignore words that are also surnames."""
    tokens = re.findall(r"[\w-]+", fold(text))
    if not tokens or len(tokens) > 8:
        return False
    words = _TITLE_WORDS - _SURNAMES if could_be_name else _TITLE_WORDS
    return any(t in words or t.endswith(_TITLE_SUFFIXES) for t in tokens)


def org_strength(text: str) -> int:
    """2: surely an organisation ("Globex Inc."), 1: probably ("Acme Software"), 0: no sign."""
    tokens = [t.strip(",()") for t in fold(text).split()]
    if any(t in _ORG_WORDS or _dotted_form(t) for t in tokens):
        return 2
    return 1 if tokens and tokens[-1] in _ORG_ENDINGS else 0


def is_org(text: str) -> bool:
    return org_strength(text) > 0


def is_legal_form(text: str) -> bool:
    """Is ``text`` only a legal form (``"Inc."``, ``"S.A."``, ``"GmbH & Co. KG"``)?"""
    tokens = [t.strip(",()&") for t in fold(text).split()]
    tokens = [t for t in tokens if t]
    return bool(tokens) and all(t in _LEGAL_FORMS or _dotted_form(t) for t in tokens)


def _dotted_form(token: str) -> bool:
    """ "ltda.", "gmbh.", "srl.": a legal form with an abbreviation or closing full stop
    (two-letter forms such as "ag." are left out: too many ordinary words end so)."""
    return len(token) > 3 and token.endswith(".") and token[:-1] in _LEGAL_FORMS


def split_title_at_org(text: str) -> tuple[str, str] | None:
    """``"Engineer at Acme"`` -> ``("Engineer", "Acme")`` when the left side is a title."""
    m = _AT.match(text)
    if m is None:
        m = _AT_WEAK.match(text)
        if m is None or not (is_org(m["org"]) or _capitalised(m["org"])):
            return None
    if not is_title(m["title"]):
        return None
    return m["title"].strip(" ,"), m["org"].strip(" ,")


def _capitalised(text: str) -> bool:
    tokens = text.split()
    return len(tokens) >= 2 and all(
        t[0].isupper() or t in ("&", "de", "del", "da", "do") for t in tokens
    )
