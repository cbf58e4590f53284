"""The demo's fictional employers and what their fictional government records say about
them. Every employer here is invented: demo data must never put words about visa sponsorship
into a real company's mouth."""

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
    ("Summitline Career College", "evening coding and IT support courses, as a for-profit school"),
]

# What the demo's fictional government records say about the employers above. Universities,
# a university-affiliated research institute and a for-profit college file under NAICS 6113;
# that alone never makes an employer cap-exempt, so CAP_EXEMPT flags the first three with
# their reason, as the admin would, and leaves the college cap-subject. The
# two consultancies are H-1B-dependent, and one of them is listed as a
# willful violator. Employers in NEVER_SPONSORED have no filings at all, so their jobs are
# listed only when the posting itself offers sponsorship.
DEFAULT_NAICS = "541511"  # custom computer programming services
NAICS: dict[str, str] = {
    "Hollis Ridge University": "611310",
    "Millbrook State University": "611310",
    "Carver Institute for Applied Research": "611310",
    "Summitline Career College": "611310",
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
# Employers that file for H-1B workers but never for a green card: their records hold LCAs
# and hub counts, and no PERM labor certification.
NO_GREEN_CARDS: list[str] = [
    "Emberline Games",
    "Cinder Valley Cloud",
    "Starling Harbor Media",
    "Lakeshore Freight Labs",
    "Tallgrass Transit Analytics",
    "Gullwing Logistics Software",
]
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
