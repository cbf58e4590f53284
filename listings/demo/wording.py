"""The wording of demo postings: visa sentences, openings, duties, requirements, benefits.
Text is plain (no &, < or >) and in our own words; the generator escapes it into HTML."""

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
