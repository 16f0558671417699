"""English words for catalog values: categories, subcategories, brands, colours, tags and sorts.

Data only (Chinese is in lexicon_zh.py). Keys are canonical catalog values; the rule parser emits a
value only when the catalog's Vocabulary holds it, so these tables may name more than one catalog
sells. Aliases are lower case and matched on word boundaries, longest first; the vocabulary's own
words are always matched too, so a catalog needs no entry here to be understood.
"""

from __future__ import annotations

CATEGORY_EN: dict[str, tuple[str, ...]] = {
    "dresses": ("dress", "gown", "gowns", "frock", "sundress", "sundresses"),
    "t-shirts": ("tee", "tees", "tshirt", "tshirts", "tee shirt", "tee shirts"),
    "jeans": ("jean", "denims"),
    "jackets": (
        "coat", "coats", "windbreaker", "windbreakers", "anorak", "blazer", "blazers", "shell jacket",
    ),
    "hoodies": ("hoodie", "hoody", "sweatshirt", "sweatshirts", "hooded sweatshirt"),
    "sweaters": ("sweater", "jumper", "jumpers", "pullover sweater", "knitwear"), "skirts": ("skirt",),
    "running shoes": ("running shoe", "runners", "running sneakers", "running trainers", "jogging shoes"),
    "sneakers": ("sneaker", "trainers", "trainer", "kicks", "tennis shoes"), "boots": ("boot",),
    "backpacks": ("backpack", "rucksack", "rucksacks", "bookbag", "book bag", "knapsack"),
    "handbags": ("handbag", "purse", "purses", "hand bag", "ladies bag"),
    "headphones": ("headphone", "earphones", "earphone", "headset", "headsets"),
    "speakers": ("speaker", "boombox"),
    "smartphones": (
        "smartphone", "phone", "phones", "cellphone", "cellphones", "cell phone", "cell phones",
        "mobile phone", "mobile phones", "mobile", "android phone",
    ),
    "laptops": ("laptop", "notebook", "notebooks", "chromebook", "chromebooks", "notebook computer"),
    "tablets": ("tablet", "android tablet"),
    "smartwatches": ("smartwatch", "smart watch", "smart watches", "watch", "watches", "wearable"),
    "cameras": ("camera", "digital camera"),
    "monitors": ("monitor", "computer monitor", "computer screen", "pc monitor"),
    "coffee makers": ("coffee maker", "coffee machine", "coffee machines", "coffeemaker", "coffee brewer"),
    "blenders": ("blender", "smoothie maker", "smoothie blender"),
    "air fryers": ("air fryer", "airfryer", "airfryers", "air fry"),
    "vacuum cleaners": ("vacuum cleaner", "vacuum", "vacuums", "vaccum", "hoover"),
}  # fmt: skip

# canonical subcategory -> aliases that name it (and so its category) on their own.
SUBCATEGORY_EN: dict[str, tuple[str, ...]] = {
    "over-ear": ("over-ear", "over ear", "overear", "around-ear", "over-the-ear"),
    "on-ear": ("on-ear", "on ear"),
    "earbuds": ("earbuds", "earbud", "ear buds", "in-ear", "in ear", "buds"),
    "maxi": ("maxi", "maxi dress", "maxi dresses"), "midi": ("midi", "midi dress", "midi dresses"),
    "mini": ("mini dress", "mini dresses"), "wrap": ("wrap dress", "wrap dresses"),
    "rain jacket": ("rain jacket", "rain jackets", "raincoat", "raincoats", "rain coat"),
    "puffer": ("puffer", "puffer jacket", "puffer coat", "puffy jacket", "down jacket", "down coat"),
    "parka": ("parka", "parkas"), "denim jacket": ("denim jacket", "jean jacket"),
    "ultrabook": ("ultrabook", "ultrabooks", "thin and light laptop"),
    "2-in-1": ("2-in-1", "2 in 1", "convertible laptop", "two-in-one"), "mirrorless": ("mirrorless",),
    "dslr": ("dslr", "dslrs"), "action": ("action camera", "action cam", "action cameras"),
    "compact": ("point and shoot", "point-and-shoot", "compact camera"),
    "trail": ("trail running shoes", "trail runners", "trail shoes"), "tote": ("tote", "totes", "tote bag"),
    "clutch": ("clutch", "clutch bag"), "crossbody": ("crossbody", "cross-body", "crossbody bag"),
    "satchel": ("satchel",), "shoulder bag": ("shoulder bag", "shoulder bags"),
    "cardigan": ("cardigan", "cardigans"), "turtleneck": ("turtleneck", "turtlenecks", "roll neck"),
    "e-reader": ("e-reader", "ereader", "e-book reader", "kindle"),
    "foldable": ("foldable phone", "folding phone", "flip phone"),
    "fitness tracker": ("fitness tracker", "fitness band", "activity tracker"),
    "sports watch": ("sports watch", "running watch", "gps watch"),
    "smart speaker": ("smart speaker", "smart speakers"),
    "soundbar": ("soundbar", "sound bar", "soundbars"),
    "ultrawide": ("ultrawide", "ultra-wide", "ultra wide"),
    "espresso": ("espresso machine", "espresso maker", "espresso machines"),
    "bean-to-cup": ("bean-to-cup", "bean to cup"),
    "robot": ("robot vacuum", "robot vacuums", "robovac", "robotic vacuum", "roomba"),
    "cordless stick": ("stick vacuum", "cordless stick"),
    "school": ("school bag", "school bags", "school backpack"), "skinny": ("skinny jeans",),
    "bootcut": ("bootcut", "boot cut", "boot-cut"),
    "high-top": ("high-top", "high top", "high tops", "high-tops"),
    "low-top": ("low-top", "low top", "low tops"), "slip-on": ("slip-on", "slip on", "slip-ons"),
    "chelsea": ("chelsea boots", "chelsea boot"), "pencil": ("pencil skirt",),
    "a-line": ("a-line", "a line"), "v-neck": ("v-neck", "v neck"),
    "crew neck": ("crew neck", "crewneck", "crew-neck"), "zip-up": ("zip-up", "zip up", "full zip"),
    "quarter-zip": ("quarter-zip", "quarter zip", "1/4 zip"),
}  # fmt: skip

# Single-word subcategories that identify their category without it being named.
STANDALONE_SUBCATEGORIES: frozenset[str] = frozenset({
    "2-in-1", "bootcut", "cardigan", "clutch", "crossbody", "dslr", "e-reader", "earbuds", "fleece", "maxi",
    "midi", "mirrorless", "on-ear", "over-ear", "parka", "puffer", "satchel", "soundbar", "tote",
    "turtleneck", "ultrabook", "ultrawide",
})  # fmt: skip
# Multi-word subcategories that still need their category named.
CONTEXT_SUBCATEGORIES: frozenset[str] = frozenset({
    "dual basket", "mid-range",
})  # fmt: skip

# A phrase naming several things at once: product lines, and a few fixed combinations.
COMBOS_EN: dict[str, tuple[str, ...]] = {
    "iphone": ("brand:Apple", "category:smartphones"), "iphones": ("brand:Apple", "category:smartphones"),
    "ipad": ("brand:Apple", "category:tablets"), "ipads": ("brand:Apple", "category:tablets"),
    "macbook": ("brand:Apple", "category:laptops"), "macbooks": ("brand:Apple", "category:laptops"),
    "airpods": ("brand:Apple", "category:headphones", "subcategory:earbuds"),
    "airpods max": ("brand:Apple", "category:headphones", "subcategory:over-ear"),
    "apple watch": ("brand:Apple", "category:smartwatches"),
    "galaxy": ("brand:Samsung", "category:smartphones"),
    "galaxy tab": ("brand:Samsung", "category:tablets"),
    "galaxy tablet": ("brand:Samsung", "category:tablets"),
    "true wireless": ("subcategory:earbuds", "feature:wireless"),
    "galaxy watch": ("brand:Samsung", "category:smartwatches"),
    "galaxy buds": ("brand:Samsung", "category:headphones", "subcategory:earbuds"),
    "pixel": ("brand:Google", "category:smartphones"),
    "pixel watch": ("brand:Google", "category:smartwatches"),
    "pixel buds": ("brand:Google", "category:headphones", "subcategory:earbuds"),
    "thinkpad": ("brand:Lenovo", "category:laptops"), "xps": ("brand:Dell", "category:laptops"),
    "alienware": ("brand:Dell", "category:laptops"), "zenbook": ("brand:Asus", "category:laptops"),
    "matebook": ("brand:Huawei", "category:laptops"),
    "surface laptop": ("brand:Microsoft", "category:laptops"),
    "redmi": ("brand:Xiaomi", "category:smartphones"), "kindle": ("brand:Amazon", "subcategory:e-reader"),
    "roomba": ("brand:iRobot", "category:vacuum cleaners", "subcategory:robot"),
    "chuck taylor": ("brand:Converse", "category:sneakers"), "air max": ("brand:Nike", "category:sneakers"),
    "air force 1": ("brand:Nike", "category:sneakers"), "stan smith": ("brand:Adidas", "category:sneakers"),
    "ultraboost": ("brand:Adidas", "category:running shoes"),
    "kanken": ("brand:Fjallraven", "category:backpacks"),
    "gel kayano": ("brand:Asics", "category:running shoes"),
    "nuptse": ("brand:The North Face", "subcategory:puffer"), "instant pot": ("brand:Instant",),
    "gopro hero": ("brand:GoPro", "category:cameras", "subcategory:action"),
    "with speakers": ("feature:speakers",), "built-in speakers": ("feature:speakers",),
    "noise cancelling headphones": ("feature:noise cancelling", "category:headphones"),
}  # fmt: skip

# Brand aliases beyond the catalog spelling (always matched, also without punctuation: "levis").
BRAND_EN: dict[str, tuple[str, ...]] = {
    "The North Face": ("north face", "tnf"), "Under Armour": ("under armor",),
    "Levi's": ("levi", "levis", "levi strauss"),
    "Dr. Martens": ("doc martens", "doc marten", "dr martens", "dr. marten", "martens"),
    "Arc'teryx": ("arcteryx", "arc teryx"), "De'Longhi": ("delonghi", "de longhi"),
    "J.Crew": ("j crew", "jcrew"), "Mr. Coffee": ("mr coffee",), "H&M": ("h and m",),
    "Audio-Technica": ("audio technica",), "Tommy Hilfiger": ("tommy", "hilfiger"),
    "Ralph Lauren": ("polo ralph lauren",), "UGG": ("uggs",), "GoPro": ("go pro",),
    "KitchenAid": ("kitchen aid",), "OnePlus": ("one plus",), "JanSport": ("jan sport",),
    "Fjallraven": ("fjall raven",), "Hoka": ("hoka one one",), "New Balance": ("newbalance",),
    "Red Wing": ("red wings", "redwing"), "Michael Kors": ("kors",), "Sennheiser": ("senheiser",),
    "Skechers": ("sketchers",), "On": ("on cloud", "on cloudmonster", "oncloud"),
    "Ultimate Ears": ("ue boom", "ue wonderboom"), "Hamilton Beach": ("hamilton",), "iRobot": ("i robot",),
}  # fmt: skip
# Brand words that are also ordinary English words: a brand only when the words around say so.
AMBIGUOUS_BRANDS: frozenset[str] = frozenset({
    "amazon", "apple", "beats", "brooks", "champion", "coach", "columbia", "converse", "fossil", "gap",
    "hamilton", "hoover", "instant", "lee", "mango", "marshall", "ninja", "on", "shark", "tommy", "vans",
})  # fmt: skip

COLOR_EN: dict[str, tuple[str, ...]] = {
    "black": ("black", "jet black", "onyx"),
    "white": ("white", "off-white", "off white", "ivory", "snow white"),
    "grey": (
        "grey", "gray", "charcoal", "graphite", "dark grey", "dark gray", "light grey", "light gray",
        "slate", "space grey", "space gray",
    ),
    "red": ("red", "crimson", "scarlet", "burgundy", "maroon", "wine red", "cherry red"),
    "blue": ("blue", "light blue", "sky blue", "royal blue", "baby blue", "cobalt", "turquoise", "teal"),
    "navy": ("navy", "navy blue", "dark blue", "midnight blue"),
    "green": ("green", "olive", "olive green", "khaki green", "forest green", "mint", "sage", "emerald"),
    "yellow": ("yellow", "mustard", "lemon yellow"), "orange": ("orange", "coral", "rust"),
    "pink": ("pink", "rose", "blush", "hot pink", "fuchsia", "magenta", "rose gold"),
    "purple": ("purple", "violet", "lilac", "lavender", "plum", "mauve"),
    "brown": ("brown", "chocolate", "camel", "tan", "cognac", "coffee brown"),
    "beige": ("beige", "cream", "khaki", "nude", "sand", "oatmeal", "taupe", "off-beige"),
    "silver": ("silver", "metallic silver"), "gold": ("gold", "golden", "champagne gold"),
    "multicolor": (
        "multicolor", "multicolour", "multi-color", "multi-colour", "multi-colored", "multi-coloured",
        "multicolored", "multicoloured",
        "rainbow", "colorful", "colourful",
    ),
}  # fmt: skip

FEATURE_EN: dict[str, tuple[str, ...]] = {
    "waterproof": ("waterproof", "water-proof", "water proof", "rainproof"),
    "water resistant": ("water resistant", "water-resistant", "splash proof", "splashproof", "showerproof"),
    "noise cancelling": (
        "noise cancelling", "noise-cancelling", "noise canceling", "noise-canceling", "noise cancellation",
        "anc", "active noise cancelling",
    ),
    "bluetooth": ("bluetooth", "bt"), "wireless": ("wireless", "cordless", "cable-free"),
    "sports": (
        "sports", "sport", "sporty", "running", "for running", "for runners", "workout", "workouts", "gym",
        "jogging", "exercise", "training", "athletic",
    ),
    "sweat resistant": ("sweat resistant", "sweat-resistant", "sweatproof", "sweat-proof", "sweat proof"),
    "lightweight": (
        "lightweight", "light weight", "light-weight", "ultralight", "ultra light", "featherweight",
    ),
    "breathable": ("breathable",), "organic cotton": ("organic cotton", "organic"),
    "stretch": ("stretch", "stretchy", "stretchable"), "warm": ("warm", "cozy", "cosy"),
    "windproof": ("windproof", "wind-proof", "wind proof"), "insulated": ("insulated", "insulation"),
    "4k": ("4k", "uhd", "ultra hd", "2160p"), "oled": ("oled", "amoled"),
    "fast charging": ("fast charging", "fast charge", "quick charge", "quick charging", "fast-charging"),
    "long battery life": (
        "long battery life", "long battery", "long-lasting battery", "all-day battery",
        "long lasting battery", "great battery life", "good battery life", "battery life",
    ),
    "gps": ("gps",), "heart rate": ("heart rate", "heart-rate", "heart rate monitor", "hr monitor"),
    "portable": ("portable",), "usb-c": ("usb-c", "usb c", "type-c", "type c", "usbc"),
    "gaming": ("gaming", "gamer", "gamers", "for games"), "touchscreen": ("touchscreen", "touch screen"),
    "5g": ("5g",), "quiet": ("quiet", "silent", "low noise", "low-noise", "whisper quiet"),
    "casual": ("casual",), "formal": ("formal", "dressy", "office wear"), "summer": ("summer",),
    "winter": ("winter",), "travel": ("travel", "traveling", "travelling", "for travel"),
    "kids": ("kids", "kid", "children", "child", "for kids"), "leather": ("leather", "genuine leather"),
    "vegan": ("vegan", "vegan leather"), "hepa filter": ("hepa", "hepa filter"),
    "pet hair": ("pet hair", "pets", "pet"), "self-cleaning": ("self cleaning", "self-cleaning"),
    "dishwasher safe": ("dishwasher safe", "dishwasher-safe"), "milk frother": ("milk frother", "frother"),
    "nonstick": ("nonstick", "non-stick", "non stick"),
    "eye care": ("eye care", "flicker free", "flicker-free"),
    "height adjustable": ("height adjustable", "height-adjustable"), "hdr": ("hdr",),
    "slim fit": ("slim fit", "slim-fit"), "relaxed fit": ("relaxed fit", "relaxed-fit", "loose fit"),
}  # fmt: skip

# Sort words. "!" marks a word that only orders results when nothing stronger does (see rules.py).
SORT_EN: dict[str, str] = {
    "cheapest": "price_asc", "lowest price": "price_asc", "least expensive": "price_asc",
    "lowest priced": "price_asc", "price low to high": "price_asc", "low to high": "price_asc",
    "most affordable": "price_asc", "sort by price": "price_asc", "cheapest first": "price_asc",
    "most expensive": "price_desc", "priciest": "price_desc", "highest price": "price_desc",
    "price high to low": "price_desc", "high to low": "price_desc", "highest priced": "price_desc",
    "best rated": "rating", "best-rated": "rating", "top rated": "rating", "top-rated": "rating",
    "highest rated": "rating", "highly rated": "!rating", "well reviewed": "!rating",
    "best reviewed": "rating", "best reviews": "rating", "highest rating": "rating",
    "best rating": "rating", "sort by rating": "rating", "most popular": "popularity",
    "bestselling": "popularity", "best selling": "popularity", "best-selling": "popularity",
    "best seller": "popularity", "best sellers": "popularity", "bestseller": "popularity",
    "bestsellers": "popularity", "top selling": "popularity", "most reviewed": "popularity",
    "trending": "popularity", "sort by popularity": "popularity", "cheap": "!price_asc",
    "cheaper": "!price_asc", "affordable": "!price_asc", "inexpensive": "!price_asc",
    "low cost": "!price_asc", "low-cost": "!price_asc", "budget": "!price_asc", "on a budget": "!price_asc",
    "not expensive": "!price_asc", "not too expensive": "!price_asc", "bargain": "!price_asc",
    "premium": "!price_desc", "luxury": "!price_desc", "luxurious": "!price_desc",
    "high-end": "!price_desc", "high end": "!price_desc", "expensive": "!price_desc",
    "popular": "!popularity",
}  # fmt: skip

# Nouns that say "a product" without naming a category: context for ambiguous brand words.
GENERIC_EN: frozenset[str] = frozenset({
    "accessories", "apparel", "bag", "bags", "brand", "brands", "clothes", "clothing", "device", "devices",
    "electronics", "gear", "items", "model", "models", "pants", "pot", "product", "products", "shirt",
    "shirts", "shoe", "shoes", "store", "stuff", "wallet",
})  # fmt: skip
# Categories where "M" or "medium" is a size, and where a bare "10.5" is.
CLOTHING_CATEGORIES: frozenset[str] = frozenset({
    "dresses", "hoodies", "jackets", "jeans", "skirts", "sweaters", "t-shirts",
})  # fmt: skip
FOOTWEAR_CATEGORIES: frozenset[str] = frozenset({
    "boots", "running shoes", "sneakers",
})  # fmt: skip

NEGATORS_EN: tuple[str, ...] = (
    "not", "no", "except", "excluding", "exclude", "without", "other than", "anything but", "but not",
    "avoid", "non", "never", "don't want", "dont want", "do not want", "no more", "nothing from", "minus",
)  # fmt: skip
# Words allowed between a negator and what it negates ("not from Apple", "no black or white").
NEGATION_FILLERS_EN: frozenset[str] = frozenset({
    "a", "an", "and", "any", "anything", "brand", "brands", "by", "color", "colored", "colors", "colour",
    "coloured", "colours", "from", "in", "items", "like", "made", "nor", "of", "or", "please", "products",
    "s", "stuff", "the", "thing", "things", "want",
})  # fmt: skip

# Words that are never keywords.
STOPWORDS_EN: frozenset[str] = frozenset(
    """
a about also am an and any anything approximately are around as at available be been best better brand
brands bucks but buy buying by can color colors colour colours cost costs could cute did do does dollar
dollars down find for from get gift give good great had has have hello help hey hi i i'd i'm i've id ideally
if im in into is it it's item items its ive just kind least less like look looking love lovely made make
many may maybe me might model more most much must my need needed needs new nice no not of off on one ones
only option options or our out over pair pairs piece pieces please prefer preferably preferred present
pretty price priced prices product products purchase really recommend recommendation roughly shall should
show so some something sort style stylish suggest than thank thanks that the then there these this those to
too type under up usd very want wanted wants was we wear wearing what which who will with without would you
your keep keeps while when where during use used using go going get getting let lets whatever
""".split()
)  # fmt: skip

# Ordinary English words within typo distance of a brand or category: never "corrected" into one.
# Found by running the typo matcher over the 50,000 most frequent English words.
NEVER_FUZZY: frozenset[str] = frozenset(
    """
acre airman alienate ander anger backpacker backpackers bell bender bike blazed blazes blended blinders
blunder blunders cannon cano canoe canton canyon caron cellophane clark clarke clerks deli denies dressed
dresser dull googled googly headstone headstones hike hooker hooper hooves jabba jacked jumped leia leila
levies levin lewis like martins mike nice niko nikos nixon otter ouster outer oyster philip philipp phoned
phoney pulses purges pursues racer rarer razed razor redding runner seater sell sketched sketches sneaked
solos song songs sonny sono sons soros suppresses sweeter tabled tables timberlake tony trailer trailers
trained trainee trainees trainor vitamin watched watcher watchers well witches wrangle
""".split()
)  # fmt: skip
