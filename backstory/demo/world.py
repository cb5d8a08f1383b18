"""The fictional world of the demo: names, the user's own company, its teams and the
organisations around it.

Everything here is invented. E-mail addresses use the reserved `.example` domain and
phone numbers come from the ranges set aside for drama (+44 7700 900xxx, +44 20 7946
0xxx), so nothing in the demo reaches a real person.
"""

from __future__ import annotations

FIRST_NAMES = [
    "Dana", "Priya", "Tomasz", "Amara", "Jonah", "Mei", "Rafael", "Ingrid", "Kwame", "Sofia",
    "Elliot", "Nadia", "Hamish", "Yuki", "Farah", "Luca", "Chloe", "Tobias", "Aisha", "Declan",
    "Marisol", "Oskar", "Hannah", "Ravi", "Bea", "Malik", "Freya", "Jun", "Leila", "Gareth",
    "Imogen", "Tariq", "Ines", "Callum", "Zara", "Matteo", "Rosa", "Niamh", "Emeka", "Clara",
    "Anders", "Sunita", "Felix", "Ayla", "Conor", "Lena", "Dmitri", "Maya", "Owen", "Thandiwe",
    "Paolo", "Harriet", "Kofi", "Elif", "Rory", "Saoirse", "Arjun", "Greta", "Idris", "Noor",
    "Bram", "Camille", "Yusuf", "Astrid", "Ezra", "Lucia", "Fionn", "Keiko", "Samir", "Orla",
    "Vikram", "Agnes", "Mateo", "Wen", "Ciaran", "Esme", "Tunde", "Petra", "Jasper", "Ana",
    "Hugo", "Divya", "Ned", "Salma", "Ruben", "Isla", "Kenji", "Mira", "Lars", "Adaeze",
    "Theo", "Carmen", "Nikhil", "Beatrix", "Jorge", "Ottilie", "Sipho", "Margot", "Hassan",
    "Eva", "Ronan", "Ji-woo", "Anouk", "Femi", "Selma", "Patrick", "Lin", "Alba", "Max",
    "Grace", "Arnav", "Delphine", "Kai", "Tessa", "Omar", "Vera", "Bilal", "Juno", "Stellan",
]

LAST_NAMES = [
    "Reyes", "Okafor", "Lindqvist", "Nakamura", "Brennan", "Haddad", "Kowalski", "Fairweather",
    "Mensah", "Castellano", "Achebe", "Thornbury", "Varga", "Iyer", "Delacroix", "Osei",
    "McAllister", "Bergström", "Tanaka", "Quinlan", "Abernethy", "Moreau", "Petrenko", "Singh",
    "Oyelaran", "Hollis", "Marchetti", "Kaur", "Duval", "Lachance", "Ferreira", "Whitlock",
    "Nguyen", "Aldridge", "Sato", "Kruger", "Mbeki", "Carrow", "Esposito", "Halloran",
    "Novak", "Adeyemi", "Blackwood", "Rahman", "Valdés", "Sørensen", "Kimura", "Ashworth",
    "Oduya", "Pellegrini", "Chaudhry", "Lindgren", "Farouk", "Greenhalgh", "Ibarra", "Voss",
    "Mwangi", "Castell", "Hartigan", "Demir", "Ellery", "Yamamoto", "Lockhart", "Benedetti",
    "Asante", "Rourke", "Kapoor", "Delaney", "Holm", "Okonkwo", "Faraday", "Jaramillo",
    "Whitcombe", "Salazar", "Brannigan", "Mahmoud", "Sherwood", "Takahashi", "Lund", "Darby",
    "Orozco", "Penhaligon", "Banerjee", "Vlasic", "Coutts", "Nwosu", "Strand", "Ambrose",
    "Kinsella", "Romero", "Hale", "Jovanović", "Amadi", "Llewellyn", "Zhou", "Galloway",
    "Ferrante", "Ishikawa", "Okoro", "Pemberton", "Adler", "Quartey", "Montague", "Bakshi",
    "Ravenscroft", "Tremblay", "Oyinlola", "Haverford", "Ekström", "Costa", "Fitzgerald",
]

OWN_ORGANISATION = {
    "name": "Northwind Labs",
    "website": "https://northwind-labs.example",
    "domain": "northwind-labs.example",
    "notes": (
        "**Where I work.** Cash-flow and payments software for mid-sized businesses; "
        "about 600 people in London, Berlin and Leeds.\n\n"
        "- Products: Northwind Forecast, Instant Payouts, Northwind Cards, Partner API\n"
        "- Annual customer conference: *Northwind Connect* (October)\n"
        "- Comms sits in the Executive Office; I report to the COO."
    ),
}

PRODUCTS = [
    "Northwind Forecast", "Instant Payouts", "Northwind Cards", "Partner API 2.0",
    "Spend Insights", "Northwind Mobile", "Multi-Currency Accounts",
]

# (team name, note, [(title, direction), ...]); the first title is the team's leader.
TEAMS: list[tuple[str, str, list[tuple[str, str]]]] = [
    ("Executive Office", "The CEO's office; comms sits here.", [
        ("Chief Executive Officer", "up"), ("Chief Operating Officer", "up"),
        ("Chief of Staff", "across"), ("Head of Strategy", "across"),
        ("Executive Assistant to the CEO", "down"),
    ]),
    ("Sales", "Mid-market and enterprise sales; first to hear about big deals.", [
        ("VP Sales", "up"), ("Sales Director, Mid-Market", "across"),
        ("Enterprise Account Executive", "across"), ("Enterprise Account Executive", "across"),
        ("Enterprise Account Executive", "across"), ("Solutions Consultant", "across"),
        ("Sales Development Representative", "down"), ("Sales Development Representative", "down"),
    ]),
    ("Product Marketing", "Positioning, launches and customer marketing.", [
        ("Head of Product Marketing", "up"), ("Senior Product Marketing Manager", "across"),
        ("Senior Product Marketing Manager", "across"), ("Product Marketing Manager", "across"),
        ("Customer Marketing Lead", "across"), ("Content Strategist", "down"),
    ]),
    ("Product", "Roadmap owners; the launch calendar lives here.", [
        ("VP Product", "up"), ("Senior Product Manager", "across"),
        ("Senior Product Manager", "across"), ("Product Manager", "across"),
        ("Product Operations Lead", "down"),
    ]),
    ("Engineering", "Payments platform, data and security.", [
        ("Chief Technology Officer", "up"), ("Engineering Manager, Payments", "across"),
        ("Staff Engineer", "across"), ("Senior Software Engineer", "across"),
        ("Senior Software Engineer", "across"), ("Site Reliability Engineer", "across"),
        ("Security Lead", "across"), ("Data Engineer", "down"), ("Graduate Engineer", "down"),
    ]),
    ("Design", "Product and brand design, user research.", [
        ("Head of Design", "up"), ("Senior Product Designer", "across"),
        ("UX Researcher", "across"), ("Brand Designer", "down"),
    ]),
    ("Customer Success", "Onboarding, support and advocacy; knows which customers are happy.", [
        ("VP Customer Success", "up"), ("Customer Success Manager", "across"),
        ("Customer Success Manager", "across"), ("Customer Success Manager", "across"),
        ("Customer Advocacy Manager", "across"), ("Support Team Lead", "across"),
        ("Onboarding Specialist", "down"),
    ]),
    ("People & Culture", "HR, hiring, learning and inclusion.", [
        ("Chief People Officer", "up"), ("HR Business Partner", "across"),
        ("Talent Acquisition Lead", "across"), ("Learning & Development Manager", "across"),
        ("Inclusion Programme Lead", "down"),
    ]),
    ("Finance", "Reporting, planning and investor relations.", [
        ("Chief Financial Officer", "up"), ("Financial Controller", "across"),
        ("FP&A Manager", "across"), ("Investor Relations Lead", "across"),
        ("Payroll Specialist", "down"),
    ]),
    ("Legal", "Contracts, privacy and regulatory affairs.", [
        ("General Counsel", "up"), ("Senior Legal Counsel", "across"),
        ("Privacy & Compliance Manager", "across"), ("Legal Operations Specialist", "down"),
    ]),
]

# (outlet, website domain, [(title, beat), ...]) — one journalist per entry.
OUTLETS: list[tuple[str, str, list[tuple[str, str]]]] = [
    ("The Daily Ledger", "dailyledger.example", [
        ("Fintech Correspondent", "Fintech, payments and banking"),
        ("Senior Reporter", "Small business and the economy"),
        ("Deputy Business Editor", "Business news desk"),
    ]),
    ("Metro Business Review", "metrobusinessreview.example", [
        ("Staff Writer", "Mid-sized companies, growth and hiring"),
        ("News Editor", "Business news desk"),
    ]),
    ("TechCurrent", "techcurrent.example", [
        ("Senior Reporter", "Enterprise software and SaaS"),
        ("Startups Reporter", "Startups and venture funding"),
        ("Podcast Producer", "The TechCurrent Daily podcast"),
    ]),
    ("The Fintech Wire", "fintechwire.example", [
        ("Editor", "Payments, regulation and open banking"),
        ("Reporter", "Cards, lending and embedded finance"),
    ]),
    ("Harbourside Herald", "harbourside-herald.example", [
        ("Business Reporter", "Regional business, jobs and investment"),
        ("Chief Reporter", "Local economy and public services"),
    ]),
    ("Brightline Radio", "brightline-radio.example", [
        ("Producer, The Money Hour", "Personal finance and small business"),
        ("Presenter, The Money Hour", "Personal finance and small business"),
    ]),
    ("Venture Dispatch", "venturedispatch.example", [
        ("Funding Reporter", "Venture capital and funding rounds"),
    ]),
    ("People & Work Magazine", "peopleandwork.example", [
        ("Features Editor", "Workplace culture, HR and the future of work"),
        ("Staff Writer", "Hiring, pay and careers"),
    ]),
    ("Climate Ledger", "climateledger.example", [
        ("Climate Finance Correspondent", "Climate finance and sustainability"),
    ]),
    ("The Product Post", "productpost.example", [
        ("Newsletter Author", "Product management and design"),
    ]),
    ("Capital Tribune", "capitaltribune.example", [
        ("Economics Editor", "Economy, inflation and late payments"),
        ("Technology Correspondent", "Big tech, AI and regulation"),
    ]),
    ("Signal & Noise", "signalnoise.example", [
        ("Host", "Founders, tech culture and leadership"),
    ]),
    ("Northern Evening News", "northern-evening-news.example", [
        ("Business Producer", "Regional TV business segment"),
    ]),
    ("DataDesk Weekly", "datadesk.example", [
        ("Data Journalist", "AI, data and analytics"),
        ("Freelance Journalist", "Data stories and explainers"),
    ]),
]

# (company, domain, kind, industry)
CUSTOMERS: list[tuple[str, str, str, str]] = [
    ("Brightwater Logistics", "brightwater-logistics.example", "company", "logistics"),
    ("Halden Health", "haldenhealth.example", "company", "private healthcare"),
    ("Copperleaf Foods", "copperleaf.example", "company", "food manufacturing"),
    ("Pinecrest Outdoor", "pinecrest-outdoor.example", "company", "outdoor retail"),
    ("Meridian Property Group", "meridian-property.example", "company", "property"),
    ("Solstice Energy Co-op", "solstice-energy.example", "nonprofit", "community energy"),
    ("Atlas Freight", "atlasfreight.example", "company", "freight forwarding"),
    ("Kestrel Hotels", "kestrelhotels.example", "company", "hospitality"),
    ("Fernhill Schools Trust", "fernhill-schools.example", "education", "education"),
    ("Tidewater Marine", "tidewater-marine.example", "company", "marine engineering"),
]
CUSTOMER_TITLES = [
    "Finance Director", "Chief Financial Officer", "Head of Treasury", "Financial Controller",
    "Operations Director", "Head of Procurement", "Accounts Payable Lead",
    "Chief Operating Officer",
]

# Industry peers: other companies and agencies where people do similar work.
PEER_ORGS: list[tuple[str, str, str]] = [
    ("Fairlight Analytics", "fairlight.example", "company"),
    ("Orbit Payments", "orbitpayments.example", "company"),
    ("Bluefin Software", "bluefin.example", "company"),
    ("Kite & Quill PR", "kiteandquill.example", "agency"),
    ("Lanternfish Studio", "lanternfish.example", "agency"),
    ("Tessellate Research", "tessellate-research.example", "company"),
    ("Greenway Climate Fund", "greenway-fund.example", "company"),
]
PEER_TITLES = [
    "Head of Communications", "PR Director", "Content Lead", "Analyst Relations Manager",
    "Account Director", "Brand Lead", "Founder", "Senior Analyst", "Communications Manager",
    "Head of Corporate Affairs",
]

COMMUNITY_ORGS: list[tuple[str, str, str]] = [
    ("Ledger & Lunch", "ledgerandlunch.example", "other"),
    ("Fintech Women North", "fintechwomennorth.example", "nonprofit"),
    ("Riverside Enterprise Hub", "riverside-hub.example", "nonprofit"),
    ("City Comms Circle", "citycommscircle.example", "nonprofit"),
]
COMMUNITY_TITLES = [
    "Organiser", "Community Manager", "Programme Lead", "Volunteer Coordinator", "Co-founder",
    "Events Lead", "Member",
]

MENTOR_ROLES: list[tuple[str, str, str]] = [
    ("Former Chief Communications Officer", "Halden Health", ""),
    ("Partner", "Kite & Quill PR", ""),
    ("Professor of Journalism", "Riverside University", "education"),
    ("Non-executive Director", "", ""),
    ("Head of Corporate Affairs", "Orbit Payments", ""),
]
MENTEE_ROLES: list[tuple[str, str]] = [
    ("Communications Executive", "Bluefin Software"),
    ("PR Assistant", "Lanternfish Studio"),
    ("Marketing Graduate", ""),
    ("Junior Content Writer", "Fairlight Analytics"),
    ("Journalism Student", "Riverside University"),
    ("Internal Comms Coordinator", "Kestrel Hotels"),
    ("Press Officer", "Fernhill Schools Trust"),
]
JOB_SEEKERS: list[tuple[str, str, str]] = [
    # (title, wants, offers)
    ("Product Marketing Manager (between roles)",
     "Looking for a product marketing role in fintech, ideally B2B and hybrid.",
     "Can offer intros to climate-tech founders from the Greenway Climate Fund portfolio."),
    ("Communications Manager, open to work",
     "A head of comms role at a scale-up, London or remote.",
     "Knows the awards circuit well; happy to review award entries."),
    ("Recent Graduate, Journalism MA",
     "A first job in a press office or an in-house comms team.",
     "Strong video editing; can help with short social clips."),
    ("Senior Copywriter (freelance)",
     "A part-time content role, three days a week.",
     "Sharp long-form writing; offered to look at our customer stories."),
    ("Events Manager, open to work",
     "Event or community roles in tech; would relocate to Leeds.",
     "Has supplier contacts for venues and AV at good rates."),
    ("Former Reporter, moving into comms",
     "Wants to move from the newsroom into in-house comms.",
     "Insider view on how business desks choose stories."),
]
FRIENDS: list[tuple[str, str]] = [
    ("Architect", "Friend from university; we do the Sunday long run together."),
    ("GP", "Neighbour and friend; always has a good book recommendation."),
    ("Product Designer", "Old flatmate, now at Orbit Payments."),
]
OTHERS: list[tuple[str, str, str]] = [
    ("Freelance Photographer", "",
     "Shot the Northwind Connect portraits; books up months ahead in autumn."),
    ("Venue Manager", "The Boathouse Rooms", "Our go-to venue for press breakfasts."),
]

EVENTS = [
    "Northwind Connect", "Open Ledger Summit", "Fintech Futures Week", "the Ledger & Lunch meetup",
    "the City Comms Circle breakfast", "the Climate Finance Forum", "SaaS Growth Live",
    "the Mid-Market Finance Awards", "the Fintech Women North dinner", "the Leeds Digital Festival",
]
CITIES = ["London", "Leeds", "Berlin", "Manchester", "Dublin", "Amsterdam", "Edinburgh", "Lisbon"]
DOG_NAMES = ["Biscuit", "Pepper", "Otto", "Mabel", "Rolo", "Juniper", "Fig", "Scout"]
