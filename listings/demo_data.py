"""Data for `manage.py seed_demo`: places, fictional employers and the wording of demo jobs.

Data only; the command decides how to combine it. Every employer here is invented: demo data
must never put words about visa sponsorship into a real company's mouth. Cities are real, so
landing pages look like the real thing. Text is plain (no &, < or >) because the command
drops it into HTML as it is.
"""

# Real major cities (2 to 5) for each state code, biggest job market first: the command
# weights the first ones more heavily. DC is a single city.
CITIES: dict[str, list[str]] = {
    "AL": ["Birmingham", "Huntsville", "Montgomery", "Mobile", "Tuscaloosa"],
    "AK": ["Anchorage", "Fairbanks", "Juneau"],
    "AZ": ["Phoenix", "Scottsdale", "Tempe", "Tucson", "Chandler"],
    "AR": ["Little Rock", "Bentonville", "Fayetteville", "Fort Smith"],
    "CA": ["San Francisco", "San Jose", "Los Angeles", "San Diego", "Sunnyvale"],
    "CO": ["Denver", "Boulder", "Colorado Springs", "Fort Collins"],
    "CT": ["Stamford", "Hartford", "New Haven", "Bridgeport"],
    "DE": ["Wilmington", "Newark", "Dover"],
    "DC": ["Washington"],
    "FL": ["Miami", "Tampa", "Orlando", "Jacksonville", "Fort Lauderdale"],
    "GA": ["Atlanta", "Alpharetta", "Savannah", "Augusta", "Columbus"],
    "HI": ["Honolulu", "Hilo"],
    "ID": ["Boise", "Meridian", "Idaho Falls", "Nampa"],
    "IL": ["Chicago", "Naperville", "Evanston", "Champaign", "Springfield"],
    "IN": ["Indianapolis", "Carmel", "Fort Wayne", "Bloomington"],
    "IA": ["Des Moines", "Cedar Rapids", "Iowa City", "Davenport"],
    "KS": ["Overland Park", "Wichita", "Kansas City", "Lawrence"],
    "KY": ["Louisville", "Lexington", "Bowling Green"],
    "LA": ["New Orleans", "Baton Rouge", "Lafayette", "Shreveport"],
    "ME": ["Portland", "Bangor", "Lewiston"],
    "MD": ["Baltimore", "Rockville", "Gaithersburg", "Annapolis"],
    "MA": ["Boston", "Cambridge", "Waltham", "Somerville", "Worcester"],
    "MI": ["Detroit", "Ann Arbor", "Grand Rapids", "Lansing"],
    "MN": ["Minneapolis", "Saint Paul", "Rochester", "Bloomington"],
    "MS": ["Jackson", "Gulfport", "Hattiesburg"],
    "MO": ["St. Louis", "Kansas City", "Springfield", "Columbia"],
    "MT": ["Bozeman", "Billings", "Missoula", "Helena"],
    "NE": ["Omaha", "Lincoln"],
    "NV": ["Las Vegas", "Reno", "Henderson"],
    "NH": ["Manchester", "Nashua", "Portsmouth", "Concord"],
    "NJ": ["Jersey City", "Newark", "Hoboken", "Princeton"],
    "NM": ["Albuquerque", "Santa Fe", "Las Cruces"],
    "NY": ["New York", "Buffalo", "Rochester", "Albany", "Syracuse"],
    "NC": ["Charlotte", "Raleigh", "Durham", "Cary", "Greensboro"],
    "ND": ["Fargo", "Bismarck", "Grand Forks"],
    "OH": ["Columbus", "Cleveland", "Cincinnati", "Dayton"],
    "OK": ["Oklahoma City", "Tulsa", "Norman"],
    "OR": ["Portland", "Beaverton", "Hillsboro", "Eugene"],
    "PA": ["Philadelphia", "Pittsburgh", "Harrisburg", "Allentown"],
    "RI": ["Providence", "Warwick", "Cranston"],
    "SC": ["Charleston", "Greenville", "Columbia"],
    "SD": ["Sioux Falls", "Rapid City"],
    "TN": ["Nashville", "Memphis", "Knoxville", "Chattanooga"],
    "TX": ["Austin", "Dallas", "Houston", "San Antonio", "Plano"],
    "UT": ["Salt Lake City", "Lehi", "Provo", "Ogden"],
    "VT": ["Burlington", "South Burlington", "Montpelier"],
    "VA": ["Arlington", "Richmond", "Alexandria", "Herndon", "Virginia Beach"],
    "WA": ["Seattle", "Bellevue", "Redmond", "Spokane", "Tacoma"],
    "WV": ["Charleston", "Morgantown", "Huntington"],
    "WI": ["Milwaukee", "Madison", "Green Bay"],
    "WY": ["Cheyenne", "Casper", "Laramie"],
}

# Relative share of demo jobs per state: big tech job markets first, every state above zero.
STATE_WEIGHTS: dict[str, float] = {
    "CA": 16, "TX": 10, "NY": 9, "WA": 7, "GA": 5, "MA": 5, "IL": 5, "NJ": 5,
    "VA": 4, "NC": 3.5, "FL": 3.5, "PA": 3, "CO": 3, "MD": 2.5, "MI": 2.5, "OH": 2.5,
    "MN": 2, "AZ": 2, "DC": 1.5, "OR": 1.5, "UT": 1.5, "TN": 1.2, "MO": 1.2, "WI": 1,
    "IN": 1, "CT": 1, "NV": 0.8, "SC": 0.8, "AL": 0.7, "KY": 0.6, "LA": 0.6, "OK": 0.6,
    "IA": 0.6, "KS": 0.6, "NE": 0.5, "NH": 0.5, "RI": 0.5, "DE": 0.5, "ID": 0.5, "NM": 0.4,
    "AR": 0.4, "MS": 0.3, "HI": 0.3, "ME": 0.3, "WV": 0.3, "MT": 0.3, "VT": 0.3, "ND": 0.3,
    "SD": 0.3, "AK": 0.3, "WY": 0.3,
}  # fmt: skip

# States where pay runs higher than the national ranges below (multiplied by this factor).
PAY_FACTORS: dict[str, float] = {
    "CA": 1.15, "WA": 1.12, "NY": 1.12, "MA": 1.1, "NJ": 1.05, "DC": 1.05, "CO": 1.03,
}  # fmt: skip

# Relative share of demo jobs per role slug: software and data roles dominate the board.
ROLE_WEIGHTS: dict[str, float] = {
    "software-engineer": 14, "machine-learning-engineer": 8, "data-scientist": 7,
    "data-engineer": 7, "data-analyst": 5, "devops-engineer": 5, "frontend-engineer": 5,
    "site-reliability-engineer": 4, "security-engineer": 4, "product-manager": 4,
    "research-scientist": 3, "mobile-engineer": 3, "qa-engineer": 3,
    "engineering-manager": 3, "solutions-architect": 3, "business-analyst": 3,
    "database-administrator": 2, "financial-analyst": 2, "electrical-engineer": 2,
    "mechanical-engineer": 2, "ux-designer": 2,
}  # fmt: skip

# Typical US yearly base pay (low, high) per role slug, before PAY_FACTORS.
SALARY_RANGES: dict[str, tuple[int, int]] = {
    "software-engineer": (110_000, 230_000),
    "machine-learning-engineer": (130_000, 260_000),
    "data-scientist": (110_000, 220_000),
    "data-engineer": (110_000, 215_000),
    "data-analyst": (70_000, 140_000),
    "research-scientist": (130_000, 270_000),
    "devops-engineer": (105_000, 205_000),
    "site-reliability-engineer": (120_000, 235_000),
    "security-engineer": (115_000, 225_000),
    "frontend-engineer": (100_000, 210_000),
    "mobile-engineer": (105_000, 215_000),
    "qa-engineer": (75_000, 150_000),
    "product-manager": (115_000, 230_000),
    "engineering-manager": (160_000, 290_000),
    "solutions-architect": (120_000, 230_000),
    "database-administrator": (85_000, 165_000),
    "business-analyst": (70_000, 140_000),
    "financial-analyst": (65_000, 135_000),
    "electrical-engineer": (85_000, 170_000),
    "mechanical-engineer": (75_000, 155_000),
    "ux-designer": (85_000, 175_000),
}

# Job titles as employers actually write them, per role slug.
TITLES: dict[str, list[str]] = {
    "software-engineer": [
        "Software Engineer",
        "Senior Software Engineer",
        "Software Engineer II",
        "Staff Software Engineer",
        "Backend Software Engineer",
        "Software Engineer, Payments Platform",
        "Full Stack Software Engineer",
    ],
    "machine-learning-engineer": [
        "Machine Learning Engineer",
        "Senior Machine Learning Engineer",
        "ML Engineer II",
        "Staff ML Engineer, Ranking",
        "Machine Learning Engineer, Computer Vision",
        "Applied ML Engineer",
    ],
    "data-scientist": [
        "Data Scientist",
        "Senior Data Scientist",
        "Data Scientist II, Experimentation",
        "Product Data Scientist",
        "Lead Data Scientist",
    ],
    "data-engineer": [
        "Data Engineer",
        "Senior Data Engineer",
        "Data Engineer II",
        "Analytics Engineer",
        "Staff Data Engineer, Streaming",
    ],
    "data-analyst": [
        "Data Analyst",
        "Senior Data Analyst",
        "Business Intelligence Analyst",
        "Marketing Data Analyst",
        "Data Analyst II",
    ],
    "research-scientist": [
        "Research Scientist",
        "Senior Research Scientist",
        "Research Scientist, Natural Language Processing",
        "Applied Research Scientist",
        "Postdoctoral Research Scientist",
    ],
    "devops-engineer": [
        "DevOps Engineer",
        "Senior DevOps Engineer",
        "Cloud Infrastructure Engineer",
        "Platform Engineer",
        "DevOps Engineer II, AWS",
    ],
    "site-reliability-engineer": [
        "Site Reliability Engineer",
        "Senior Site Reliability Engineer",
        "SRE II",
        "Staff Site Reliability Engineer",
        "Production Engineer",
    ],
    "security-engineer": [
        "Security Engineer",
        "Senior Application Security Engineer",
        "Cloud Security Engineer",
        "Security Engineer II, Detection and Response",
        "Product Security Engineer",
    ],
    "frontend-engineer": [
        "Frontend Engineer",
        "Senior Frontend Engineer",
        "Front-End Developer",
        "UI Engineer, React",
        "Frontend Engineer II",
    ],
    "mobile-engineer": [
        "Mobile Engineer",
        "Senior iOS Engineer",
        "Android Engineer",
        "Mobile Software Engineer, React Native",
        "iOS Engineer II",
    ],
    "qa-engineer": [
        "QA Engineer",
        "Senior QA Automation Engineer",
        "Software Development Engineer in Test",
        "Quality Assurance Analyst",
        "QA Engineer II",
    ],
    "product-manager": [
        "Product Manager",
        "Senior Product Manager",
        "Technical Product Manager",
        "Product Manager, Growth",
        "Group Product Manager",
    ],
    "engineering-manager": [
        "Engineering Manager",
        "Senior Engineering Manager",
        "Engineering Manager, Data Platform",
        "Software Development Manager",
        "Director of Engineering",
    ],
    "solutions-architect": [
        "Solutions Architect",
        "Senior Solutions Architect",
        "Cloud Solutions Architect",
        "Enterprise Architect",
        "Solutions Engineer",
    ],
    "database-administrator": [
        "Database Administrator",
        "Senior Database Administrator",
        "PostgreSQL DBA",
        "Database Reliability Engineer",
        "Oracle Database Administrator",
    ],
    "business-analyst": [
        "Business Analyst",
        "Senior Business Analyst",
        "Business Systems Analyst",
        "IT Business Analyst",
        "Business Analyst II",
    ],
    "financial-analyst": [
        "Financial Analyst",
        "Senior Financial Analyst",
        "Financial Planning Analyst",
        "Quantitative Analyst",
        "Financial Analyst II",
    ],
    "electrical-engineer": [
        "Electrical Engineer",
        "Senior Electrical Engineer",
        "Hardware Engineer",
        "Power Electronics Engineer",
        "Electrical Design Engineer",
    ],
    "mechanical-engineer": [
        "Mechanical Engineer",
        "Senior Mechanical Engineer",
        "Mechanical Design Engineer",
        "Manufacturing Engineer",
        "Mechanical Engineer II",
    ],
    "ux-designer": [
        "UX Designer",
        "Senior Product Designer",
        "UX Researcher",
        "Interaction Designer",
        "UX Designer II",
    ],
}

# Fictional employers: (name, what they do). Invented names; none is meant to be a real
# company. The "what they do" phrase completes "<name> builds ...".
EMPLOYERS: list[tuple[str, str]] = [
    ("Peachtree Analytics", "analytics software for regional hospitals"),
    ("Blue Ridge Robotics", "warehouse robots and the software that runs them"),
    ("Harborlight Systems", "logistics software for ports and shipping lines"),
    ("Cobalt Finch Software", "scheduling tools for field service teams"),
    ("Lanternfish Data", "data pipelines for ocean and weather research"),
    ("Quillmoss Labs", "document automation for law firms"),
    ("Sagebrush Circuitworks", "power electronics for solar farms"),
    ("Tidewater Ledger", "accounting software for small businesses"),
    ("Northwind Orchard Health", "patient scheduling and telehealth tools"),
    ("Copperleaf Mobility", "routing software for electric bus fleets"),
    ("Granite Loop Security", "intrusion detection for mid-size companies"),
    ("Prairie Signal Networks", "rural broadband network planning tools"),
    ("Emberline Games", "multiplayer mobile games"),
    ("Silverpine Insurance Tech", "claims processing software for insurers"),
    ("Kestrel Ridge Capital Systems", "trading and risk systems for asset managers"),
    ("Bayou Current Energy", "grid forecasting software for utilities"),
    ("Magnolia Byte Works", "ordering apps for restaurants"),
    ("Foxglove Genomics", "sequencing analysis pipelines for research labs"),
    ("Driftwood Commerce", "storefront software for independent retailers"),
    ("Ironbark Manufacturing Labs", "sensors and analytics for factory equipment"),
    ("Cinder Valley Cloud", "managed Kubernetes hosting"),
    ("Wrenfield Learning", "online courses for working adults"),
    ("Mesa Verde Mapping", "satellite imagery analysis"),
    ("Saltmarsh Biologics", "lab automation for drug discovery"),
    ("Orchard Lane Payments", "payment processing for clinics"),
    ("Thistledown Travel Tech", "booking software for boutique hotels"),
    ("Redcedar Aerospace Software", "flight test data systems"),
    ("Bluestem Agritech", "crop yield forecasting for farmers"),
    ("Lakeshore Freight Labs", "freight matching for trucking companies"),
    ("Starling Harbor Media", "a streaming platform for independent film"),
    ("Juniper Crest Health Data", "population health analytics"),
    ("Palisade Quantum Works", "control software for quantum hardware"),
    ("Marigold Civic Software", "permitting software for city governments"),
    ("Hollowell Batteries", "battery management systems"),
    ("Ashgrove Retail Intelligence", "demand forecasting for grocery chains"),
    ("Canyon Wren Biotech", "protein design tools"),
    ("Riverbend Fintech Studio", "budgeting apps for young families"),
    ("Gullwing Logistics Software", "last-mile delivery planning"),
    ("Sundial Pharmacy Systems", "pharmacy inventory software"),
    ("Highmoor Cyber Defense", "threat intelligence for banks"),
    ("Pinecone Hollow Interactive", "educational games for kids"),
    ("Clearwater Sensor Co", "water quality monitoring devices"),
    ("Brightmeadow Insurance Labs", "pricing models for home insurance"),
    ("Oakhaven Property Tech", "tenant and building management software"),
    ("Nimbus Quarry Data", "analytics for mining and construction"),
    ("Fernbrook Medical Devices", "wearable heart monitors"),
    ("Stonecrop Supply Chain", "procurement software for manufacturers"),
    ("Willowmere Credit Systems", "loan origination software for credit unions"),
    ("Skyhollow Drone Works", "inspection drones for bridges and power lines"),
    ("Lodestar Hearth Energy", "home energy management systems"),
    ("Bramblewood Research Group", "language models for customer support"),
    ("Tallgrass Transit Analytics", "ridership analytics for transit agencies"),
    ("Everbright Loom Textiles Tech", "design software for apparel makers"),
    ("Quarry Lake Semiconductors", "mixed-signal chips for medical devices"),
    ("Cedar Hollow Credit Union Tech", "core banking software for small lenders"),
    ("Heronsgate Legal Data", "contract analytics"),
    ("Amberfield Foods Digital", "supply planning for food producers"),
    ("Moonwater Music Labs", "audio tools for podcasters and musicians"),
    ("Pebblebrook Civic Data", "open data portals for state agencies"),
    ("Larkspur Vision Systems", "camera-based quality inspection for factories"),
    ("Hollis Ridge University", "open research software for climate and health science"),
    ("Millbrook State University", "teaching and research computing for thirty thousand students"),
    ("Carver Institute for Applied Research", "simulation tools for materials research"),
    ("Westbrook Systems Consulting", "core systems for banks and insurers, as a consultancy"),
    ("Meridian Loop Technologies", "enterprise software projects for clients, as a consultancy"),
]

# What the demo's fictional government records say about the employers above. Universities
# and a university-affiliated research institute file under NAICS 6113; that alone never makes
# an employer cap-exempt, so CAP_EXEMPT flags them with their reason, as the admin would. The
# two consultancies are H-1B-dependent, and one of them is listed as a
# willful violator. Employers in NEVER_SPONSORED have no filings at all, so their jobs are
# listed only when the posting itself offers sponsorship.
DEFAULT_NAICS = "541511"  # custom computer programming services
NAICS: dict[str, str] = {
    "Hollis Ridge University": "611310",
    "Millbrook State University": "611310",
    "Carver Institute for Applied Research": "611310",
    "Foxglove Genomics": "541714",
    "Saltmarsh Biologics": "541714",
    "Canyon Wren Biotech": "541714",
    "Fernbrook Medical Devices": "334510",
    "Quarry Lake Semiconductors": "334413",
    "Westbrook Systems Consulting": "541512",
    "Meridian Loop Technologies": "541512",
}
CAP_EXEMPT: dict[str, str] = {
    "Hollis Ridge University": "university",
    "Millbrook State University": "university",
    "Carver Institute for Applied Research": "affiliate",
}
H1B_DEPENDENT: list[str] = ["Westbrook Systems Consulting", "Meridian Loop Technologies"]
WILLFUL_VIOLATOR: list[str] = ["Meridian Loop Technologies"]
NEVER_SPONSORED: list[str] = [
    "Magnolia Byte Works",
    "Pinecone Hollow Interactive",
    "Moonwater Music Labs",
    "Driftwood Commerce",
    "Thistledown Travel Tech",
    "Riverbend Fintech Studio",
    "Amberfield Foods Digital",
    "Everbright Loom Textiles Tech",
]

# How much of the visa sentence names, in our own words: (sentence, visa type codes named).
STATED_SENTENCES: list[tuple[str, tuple[str, ...]]] = [
    ("We sponsor H-1B visas and support H-1B transfers for qualified candidates.", ("h-1b",)),
    (
        "This role is open to candidates who need H-1B sponsorship, and we file green card "
        "applications for permanent employees after their first year.",
        ("h-1b", "green-card"),
    ),
    (
        "Candidates on F-1 OPT or F-1 STEM OPT are welcome to apply, and we will file an "
        "H-1B petition for them when the time comes.",
        ("f-1-opt", "f-1-stem-opt", "h-1b"),
    ),
    (
        "Visa sponsorship is available for this position, including H-1B, TN and E-3.",
        ("h-1b", "tn", "e-3"),
    ),
    (
        "We support immigration for this role: H-1B sponsorship, H-1B1 and E-3 visas for "
        "eligible citizens, and green card sponsorship.",
        ("h-1b", "h-1b1", "e-3", "green-card"),
    ),
    (
        "Canadian and Mexican professionals can join us on TN status, and we sponsor H-1B "
        "visas for everyone else.",
        ("tn", "h-1b"),
    ),
    (
        "We can sponsor an O-1A visa for candidates with a strong record of published work, "
        "as well as H-1B visas.",
        ("o-1a", "h-1b"),
    ),
    (
        "Colleagues moving from one of our offices abroad can relocate on an L-1 visa, and "
        "we sponsor H-1B visas for new hires.",
        ("l-1", "h-1b"),
    ),
    (
        "Visiting researchers can be hosted on a J-1 visa, and we sponsor H-1B visas for "
        "full-time hires.",
        ("j-1", "h-1b"),
    ),
    (
        "We sponsor employment-based green cards for this role and pay all legal and filing fees.",
        ("green-card",),
    ),
    (
        "Students on F-1 STEM OPT are encouraged to apply; we use E-Verify and will complete "
        "the STEM OPT training plan with you.",
        ("f-1-stem-opt",),
    ),
    (
        "H-1B sponsorship, including the transfer of an existing H-1B, is available for the "
        "successful candidate.",
        ("h-1b",),
    ),
]

# Refusals, in our own words. Jobs with these are stored but never listed.
REFUSED_SENTENCES: list[str] = [
    "Applicants must be authorized to work in the US without employer sponsorship now or in "
    "the future.",
    "We are unable to sponsor or take over sponsorship of an employment visa for this position.",
    "This position does not offer visa sponsorship; candidates must already hold US work "
    "authorization.",
    "Because of contract requirements, this role is open to US citizens and permanent "
    "residents only.",
    "We cannot consider candidates who will need visa sponsorship now or in the future.",
    "Work authorization that does not require sponsorship is a condition of employment for "
    "this role.",
]

# What each demo posting says about the kind of employment (by schema.org employmentType).
EMPLOYMENT_SENTENCES: dict[str, str] = {
    "FULL_TIME": "This is a full-time position.",
    "CONTRACTOR": "This is a contract role for twelve months, with the option to extend.",
}

# Opening paragraphs. Placeholders: {employer}, {title}, {what} (what the employer builds)
# and {place} ("Atlanta, Georgia", "Georgia" or "anywhere in the US").
INTROS: list[str] = [
    "{employer} builds {what}. We are hiring a {title} to join our team in {place}.",
    "At {employer} we build {what}, and we are looking for a {title} based in {place}.",
    "{employer} is growing, and this {title} role in {place} is a chance to shape how we "
    "build {what}.",
    "Join {employer} as a {title} in {place}. Our customers rely on us for {what}.",
    "We are {employer}: a team that builds {what}. This {title} opening is in {place}.",
    "{employer} is looking for a {title} in {place} to help us build {what} that people "
    "enjoy using.",
]

# Role slugs grouped by the kind of work, so responsibilities and requirements fit the role.
ROLE_FAMILIES: dict[str, str] = {
    "software-engineer": "software",
    "frontend-engineer": "software",
    "mobile-engineer": "software",
    "qa-engineer": "software",
    "machine-learning-engineer": "data",
    "data-scientist": "data",
    "data-engineer": "data",
    "data-analyst": "data",
    "research-scientist": "data",
    "devops-engineer": "infrastructure",
    "site-reliability-engineer": "infrastructure",
    "database-administrator": "infrastructure",
    "security-engineer": "infrastructure",
    "solutions-architect": "infrastructure",
    "product-manager": "business",
    "engineering-manager": "business",
    "business-analyst": "business",
    "financial-analyst": "business",
    "electrical-engineer": "hardware",
    "mechanical-engineer": "hardware",
    "ux-designer": "design",
}

RESPONSIBILITIES: dict[str, list[str]] = {
    "software": [
        "Design, build and ship features end to end, from the database to the user interface.",
        "Review code and help teammates raise the quality bar.",
        "Write automated tests and keep our release pipeline fast and reliable.",
        "Break large projects into small, safe changes and deliver them steadily.",
        "Work with product and design to turn customer problems into working software.",
        "Improve performance and reliability of services that handle millions of requests.",
        "Take part in a fair, well-paid on-call rotation for the services you own.",
    ],
    "data": [
        "Build and maintain models and pipelines that power product decisions.",
        "Design experiments, analyse results and explain them to non-technical colleagues.",
        "Turn messy source data into clean, documented and tested datasets.",
        "Train, evaluate and deploy models to production, and monitor them once live.",
        "Work with engineers to bring new data sources into the warehouse.",
        "Build dashboards and reports that teams actually use.",
        "Read recent research and turn promising ideas into prototypes.",
    ],
    "infrastructure": [
        "Run and improve our cloud infrastructure, mostly defined as code.",
        "Own monitoring, alerting and incident response for core systems.",
        "Automate the toil out of deployments, backups and upgrades.",
        "Plan capacity and keep cloud costs under control.",
        "Harden systems against attacks and review designs for security risks.",
        "Help product teams design services that are easy to operate.",
        "Write clear runbooks and lead calm, blameless post-incident reviews.",
    ],
    "business": [
        "Talk to customers every week and turn what you learn into clear priorities.",
        "Write crisp requirements and work closely with engineering to deliver them.",
        "Build models and forecasts that guide planning and budgets.",
        "Define success metrics and report progress to leadership.",
        "Lead a team through planning, delivery and retrospectives.",
        "Coordinate launches across engineering, sales, support and marketing.",
        "Find the gaps in current processes and propose practical fixes.",
    ],
    "hardware": [
        "Design, prototype and test new hardware from concept to production.",
        "Create schematics, drawings and specifications for manufacturing partners.",
        "Run simulations and lab tests, and document the results clearly.",
        "Work with suppliers on parts selection, cost and lead times.",
        "Investigate field failures and drive fixes into the next revision.",
        "Support certification and compliance testing.",
    ],
    "design": [
        "Run user research and turn findings into clear design decisions.",
        "Design flows, wireframes and high-fidelity prototypes.",
        "Maintain and extend our design system with the frontend team.",
        "Test designs with real users and iterate quickly.",
        "Make accessibility a standard part of every design.",
        "Present work to stakeholders and take feedback in stride.",
    ],
}

REQUIREMENTS: dict[str, list[str]] = {
    "software": [
        "A degree in computer science or a related field, or equivalent experience.",
        "Strong skills in at least one of Python, Java, Go, TypeScript or Kotlin.",
        "Experience with relational databases such as PostgreSQL.",
        "Comfort working in a codebase with good tests and continuous integration.",
        "Experience with cloud platforms and containers.",
    ],
    "data": [
        "A degree in statistics, computer science, mathematics or a related field.",
        "Strong Python and SQL skills.",
        "Experience with machine learning libraries such as PyTorch or scikit-learn.",
        "Hands-on experience with data warehouses and orchestration tools.",
        "Solid grounding in statistics and experiment design.",
    ],
    "infrastructure": [
        "Experience running production systems on a major cloud provider.",
        "Fluency with Linux, networking basics and infrastructure as code.",
        "Experience with Kubernetes, Terraform or similar tools.",
        "Scripting skills in Python, Go or Bash.",
        "A working knowledge of security best practices.",
    ],
    "business": [
        "A degree in business, economics, engineering or a related field.",
        "Strong written and spoken communication.",
        "Comfort with spreadsheets, SQL or BI tools to answer your own questions.",
        "Experience working with engineering teams.",
        "A track record of delivering projects with many stakeholders.",
    ],
    "hardware": [
        "A degree in electrical or mechanical engineering.",
        "Experience with CAD or schematic capture tools.",
        "Hands-on lab skills and comfort with test equipment.",
        "Familiarity with design for manufacturing.",
        "Clear technical writing.",
    ],
    "design": [
        "A portfolio that shows your process, not only final screens.",
        "Fluency with Figma or a similar design tool.",
        "Experience running usability studies.",
        "Understanding of accessibility guidelines.",
        "Comfort working closely with engineers.",
    ],
}

# Shared by every family: experience level and working style.
GENERAL_REQUIREMENTS: list[str] = [
    "Two or more years of professional experience in a similar role.",
    "Five or more years of experience, including leading projects.",
    "A habit of writing things down so others can follow your work.",
    "Curiosity and the patience to debug hard problems.",
    "Good judgement about when to move fast and when to be careful.",
]

BENEFITS: list[str] = [
    "Medical, dental and vision insurance with most premiums covered.",
    "A 401(k) plan with a company match.",
    "Sixteen weeks of paid parental leave.",
    "Flexible paid time off and eleven company holidays.",
    "A yearly learning budget for courses, books and conferences.",
    "Relocation support for candidates moving to the area.",
    "Equity in a growing company.",
    "A home office stipend.",
    "Commuter benefits.",
]

CLOSINGS: list[str] = [
    "We are an equal opportunity employer and value a diverse team.",
    "We welcome applicants of every background and are glad to discuss accommodations.",
    "Tell us about something you built or improved when you apply.",
    "Our interview process has four steps, and we reply to every applicant.",
]
