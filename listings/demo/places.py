"""Where the demo's jobs are: real cities per state, how many jobs each state gets and where
pay runs higher. Cities are real, so landing pages look like the real thing."""

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
