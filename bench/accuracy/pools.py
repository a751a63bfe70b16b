"""Vocabularies the synthetic resume generator samples from.

Plain data only. Everything is a list or tuple (never a set) so that sampling with a
seeded ``random.Random`` is reproducible regardless of ``PYTHONHASHSEED``.
"""

from __future__ import annotations

# Given and family names by origin. Several origins need Latin Extended glyphs
# (Ł, ř, ş, ğ, ı) that the PDF standard-14 encodings cannot show.
NAMES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "us": (
        ("Emily", "Michael", "Jessica", "Tyler", "Ashley", "Brandon", "Megan", "Jordan"),
        ("Carter", "Johnson", "Nguyen", "Robinson", "O'Brien", "Walker", "Bennett", "Hayes"),
    ),
    "uk": (
        ("Oliver", "Charlotte", "Harry", "Amelia", "George", "Isla", "Rhys", "Siobhán"),
        ("Thompson", "Davies", "Evans", "Wright", "Hughes", "McAllister", "Fitzgerald"),
    ),
    "de": (
        ("Jürgen", "Zoë", "Lukas", "Änne", "Björn", "Sören", "Mia", "Jörg"),
        ("Müller", "Schröder", "Weiß", "Köhler", "Groß", "Bäcker", "Schmidt", "Fuchs"),
    ),
    "fr": (
        ("François", "Chloé", "Renée", "Hélène", "Jérôme", "Anaïs", "Loïc", "Céline"),
        ("Dubois", "Lefèvre", "Bernard", "Gérard", "Moreau", "Fontaine", "Lemaître"),
    ),
    "es": (
        ("José", "Inés", "María", "Álvaro", "Nuria", "Íñigo", "Begoña", "Sergio"),
        ("García", "Martínez", "Núñez", "Peña", "Ibáñez", "Rodríguez", "Castaño"),
    ),
    "br": (
        ("João", "Luísa", "Conceição", "Thiago", "Letícia", "Caio", "Gonçalo", "Beatriz"),
        ("Silva", "Gonçalves", "Araújo", "Magalhães", "Oliveira", "Simões", "Assunção"),
    ),
    "in": (
        ("Priya", "Rahul", "Ananya", "Vikram", "Aditi", "Arjun", "Sneha", "Karthik"),
        ("Sharma", "Verma", "Iyer", "Reddy", "Banerjee", "Nair", "Chatterjee", "Menon"),
    ),
    "pl": (
        ("Łukasz", "Małgorzata", "Paweł", "Agnieszka", "Wojciech", "Zofia"),
        ("Wiśniewski", "Kowalczyk", "Wójcik", "Łuczak", "Dąbrowski", "Zieliński"),
    ),
    "cz": (("Tomáš", "Jiří", "Kateřina", "Lucie", "Ondřej"), ("Dvořák", "Novák", "Černý", "Kříž")),
    "tr": (
        ("Çağla", "Mehmet", "Ayşe", "Oğuz", "Şule", "Barış"),
        ("Yılmaz", "Öztürk", "Şahin", "Aydın", "Çelik", "Doğan"),
    ),
    "nordic": (
        ("Søren", "Åsa", "Björn", "Ingrid", "Mikael", "Sigrún"),
        ("Kierkegaard", "Andersson", "Lindqvist", "Østergaard", "Håkansson"),
    ),
}

# Countries a candidate lives in: the phone and location come from here.
COUNTRIES: tuple[str, ...] = ("US", "GB", "DE", "FR", "IN", "BR", "ES")

# (city as rendered, landline area code without trunk prefix or None)
CITIES: dict[str, tuple[tuple[str, str | None], ...]] = {
    "US": (
        ("San Francisco, CA", "415"),
        ("New York, NY", "646"),
        ("Austin, TX", "512"),
        ("Seattle, WA", "206"),
        ("Boston, MA", "617"),
        ("Chicago, IL", "312"),
    ),
    "GB": (("London, UK", "20"), ("Manchester, United Kingdom", "161"), ("Bristol, UK", None)),
    "DE": (
        ("Berlin, Germany", "30"),
        ("München, Germany", "89"),
        ("Hamburg, Deutschland", None),
        ("Köln, Germany", None),
    ),
    "FR": (("Paris, France", "1"), ("Lyon, France", "4"), ("Toulouse, France", None)),
    "IN": (("Bengaluru, India", None), ("Mumbai, India", None), ("Pune, Maharashtra, India", None)),
    "BR": (
        ("São Paulo, Brazil", "11"),
        ("Rio de Janeiro, RJ, Brazil", "21"),
        ("Curitiba, PR", None),
    ),
    "ES": (("Madrid, Spain", "91"), ("Barcelona, España", "93"), ("València, Spain", "96")),
}

ORIGIN_FOR_COUNTRY: dict[str, str] = {
    "US": "us",
    "GB": "uk",
    "DE": "de",
    "FR": "fr",
    "IN": "in",
    "BR": "br",
    "ES": "es",
}

EMAIL_DOMAINS: tuple[str, ...] = (
    "gmail.com",
    "outlook.com",
    "proton.me",
    "yahoo.co.uk",
    "web.de",
    "gmx.de",
    "orange.fr",
    "hotmail.com",
    "icloud.com",
)

TITLES: tuple[str, ...] = (
    "Software Engineer",
    "Senior Software Engineer",
    "Backend Developer",
    "Data Scientist",
    "Data Analyst",
    "Product Manager",
    "Engineering Manager",
    "Site Reliability Engineer",
    "Frontend Engineer",
    "Machine Learning Engineer",
    "Solutions Architect",
    "QA Engineer",
    "Technical Lead",
    "Business Analyst",
    "Ingeniera de Software",
    "Entwickler",
)

FREELANCE_TITLES: tuple[str, ...] = ("Freelance Consultant", "Independent Contractor", "Mentor")
INTERN_TITLES: tuple[str, ...] = ("Software Engineering Intern", "Research Intern", "Data Intern")

# (employer as rendered, usual city or None)
EMPLOYERS: tuple[str, ...] = (
    "Siemens AG",
    "Zalando SE",
    "Telefónica",
    "Société Générale",
    "Mercado Libre",
    "Infosys",
    "Tata Consultancy Services",
    "Deutsche Bahn",
    "Banco Santander",
    "Nubank",
    "BlaBlaCar",
    "Wayfair",
    "Datadog",
    "Revolut",
    "Criteo",
    "Flipkart",
    "Acme Analytics Inc.",
    "Globex Corporation",
    "Initech",
    "Müller & Söhne GmbH",
    "Hooli",
    "Umbrella Health Ltd",
    "Northwind Traders",
    "Contoso Ltd.",
    "Vandelay Industries",
    "Stark Logistics",
)

JOB_CITIES: tuple[str, ...] = (
    "Berlin",
    "Madrid",
    "London",
    "Paris",
    "Bengaluru",
    "São Paulo",
    "New York",
    "Remote",
)

# (institution, country hint) - the hint is unused by scoring, kept for realism.
INSTITUTIONS: tuple[str, ...] = (
    "Technische Universität München",
    "Universität Wien",
    "Universidad Complutense de Madrid",
    "École Polytechnique",
    "Universidade de São Paulo",
    "Indian Institute of Technology Bombay",
    "University of Manchester",
    "Stanford University",
    "Politecnico di Milano",
    "Uniwersytet Warszawski",
    "Sorbonne Université",
    "University of Texas at Austin",
    "Karlsruher Institut für Technologie",
    "Universitat Politècnica de Catalunya",
    "University of Edinburgh",
)

# (degree as rendered, level) - level orders bachelor before master before PhD.
DEGREES: tuple[tuple[str, int], ...] = (
    ("B.Sc.", 1),
    ("BSc", 1),
    ("Bachelor of Science", 1),
    ("B.Tech", 1),
    ("BA", 1),
    ("Licenciatura", 1),
    ("M.Sc.", 2),
    ("Master of Science", 2),
    ("Master of Engineering", 2),
    ("MBA", 2),
    ("Ph.D.", 3),
)

FIELDS_OF_STUDY: tuple[str, ...] = (
    "Computer Science",
    "Electrical Engineering",
    "Mathematics",
    "Economics",
    "Data Science",
    "Business Administration",
    "Physics",
    "Informática",
)

GRADES: tuple[str, ...] = (
    "GPA: 3.8/4.0",
    "GPA 3.6",
    "Grade: 1.3",
    "First Class Honours",
    "Magna cum laude",
    "Nota media: 8.7",
)

# (canonical skill, aliases a resume may write instead)
SKILLS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Python", ("python3",)),
    ("JavaScript", ("JS",)),
    ("TypeScript", ("TS",)),
    ("Kubernetes", ("k8s", "K8s")),
    ("PostgreSQL", ("Postgres", "psql")),
    ("Go", ("Golang",)),
    ("Java", ()),
    ("Kotlin", ()),
    ("Rust", ()),
    ("C++", ("cpp",)),
    ("C#", ("CSharp",)),
    ("React", ("ReactJS", "React.js")),
    ("Node.js", ("NodeJS", "Node")),
    ("Docker", ()),
    ("Terraform", ()),
    ("AWS", ("Amazon Web Services",)),
    ("Google Cloud", ("GCP",)),
    ("Azure", ("Microsoft Azure",)),
    ("MongoDB", ("Mongo",)),
    ("Redis", ()),
    ("GraphQL", ()),
    ("Django", ()),
    ("FastAPI", ()),
    ("Pandas", ()),
    ("NumPy", ()),
    ("scikit-learn", ("sklearn",)),
    ("TensorFlow", ("TF",)),
    ("PyTorch", ()),
    ("Apache Spark", ("Spark", "PySpark")),
    ("SQL", ()),
    ("Git", ()),
    ("Linux", ()),
    ("CI/CD", ()),
    ("Machine Learning", ("ML",)),
    ("Scrum", ()),
    ("Figma", ()),
)

# (canonical language, how it is written)
LANGUAGES: tuple[tuple[str, str], ...] = (
    ("English", "English"),
    ("German", "German"),
    ("Spanish", "Spanish"),
    ("French", "French"),
    ("Portuguese", "Portuguese"),
    ("Hindi", "Hindi"),
    ("Italian", "Italian"),
    ("Polish", "Polish"),
    ("Turkish", "Turkish"),
    ("Mandarin", "Mandarin Chinese"),
)

NATIVE_LANGUAGE: dict[str, str] = {
    "us": "English",
    "uk": "English",
    "de": "German",
    "fr": "French",
    "es": "Spanish",
    "br": "Portuguese",
    "in": "Hindi",
    "pl": "Polish",
    "cz": "German",
    "tr": "Turkish",
    "nordic": "English",
}

PROFICIENCIES: tuple[str, ...] = (
    "Fluent",
    "C1",
    "B2",
    "Professional working proficiency",
    "Intermediate (B1)",
    "Basic",
    "Conversational",
)
NATIVE_WORDS: tuple[str, ...] = ("Native", "Native speaker", "Mother tongue", "C2")

# (certification name, issuer, canonical skill it implies or None)
CERTIFICATIONS: tuple[tuple[str, str, str | None], ...] = (
    ("AWS Certified Solutions Architect – Associate", "Amazon Web Services", "AWS"),
    ("Certified Kubernetes Administrator", "CNCF", "Kubernetes"),
    ("Professional Scrum Master I", "Scrum.org", "Scrum"),
    ("Google Professional Data Engineer", "Google Cloud", "Google Cloud"),
    ("Microsoft Certified: Azure Fundamentals", "Microsoft", "Azure"),
    ("Project Management Professional", "PMI", None),
    ("TensorFlow Developer Certificate", "Google", "TensorFlow"),
    ("Oracle Certified Professional, Java SE 11 Developer", "Oracle", "Java"),
    ("ITIL 4 Foundation", "Axelos", None),
    ("HashiCorp Certified: Terraform Associate", "HashiCorp", "Terraform"),
)

BULLET_TEMPLATES: tuple[str, ...] = (
    "Built and maintained services used by {n} customers using {skill}.",
    "Reduced infrastructure cost by {p}% by migrating batch jobs to {skill}.",
    "Led a team of {k} engineers delivering the new onboarding flow.",
    "Designed data pipelines processing {n} events per day.",
    "Introduced code review guidelines and mentored junior colleagues.",
    "Improved page load time by {p}% through caching and profiling with {skill}.",
    "Owned the release process and on-call rotation for the payments team.",
    "Collaborated with product and design to ship {k} major features.",
)

HEADLINES: tuple[str, ...] = (
    "Software engineer focused on reliable backend systems",
    "Data person who likes clean pipelines",
    "Building products people enjoy using",
    "Engineer, mentor and occasional speaker",
)

SUMMARIES: tuple[str, ...] = (
    "Engineer with a track record of shipping reliable systems and growing teams.",
    "Analytical problem solver who enjoys turning messy data into decisions.",
    "Pragmatic developer who cares about testing, observability and clear documentation.",
    "Curious generalist comfortable across the stack, from databases to user interfaces.",
)
