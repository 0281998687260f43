"""The seed tables, copied exactly from the seed documents, keyed by county code.

Names are spelled as in each seed ("Sörmland"/"Södermanland", "Jämtland", "Norrbottn"); REGIONS holds the short
names the engine uses.
"""

from datetime import date

REGIONS = {
    "01": "Stockholm",
    "03": "Uppsala",
    "04": "Södermanland",
    "05": "Östergötland",
    "06": "Jönköping",
    "07": "Kronoberg",
    "08": "Kalmar",
    "09": "Gotland",
    "10": "Blekinge",
    "12": "Skåne",
    "13": "Halland",
    "14": "Västra Götaland",
    "17": "Värmland",
    "18": "Örebro",
    "19": "Västmanland",
    "20": "Dalarna",
    "21": "Gävleborg",
    "22": "Västernorrland",
    "23": "Jämtland Härjedalen",
    "24": "Västerbotten",
    "25": "Norrbotten",
}

# Seed 000, bilaga: "Fördelning av 1 997 500 000 kronor efter invånare per region (1 november 2021)".
# (county code, name in the seed, population 1 November 2021, amount in kr)
TOTAL_2022 = 1_997_500_000
POPULATION_DATE_2022 = date(2021, 11, 1)
POPULATION_SUM_2022 = 10_443_100
TABLE_2022 = (
    ("01", "Stockholm", 2_411_859, 461_327_417),
    ("03", "Uppsala", 394_154, 75_391_657),
    ("04", "Sörmland", 301_382, 57_646_728),
    ("05", "Östergötland", 469_445, 89_792_915),
    ("06", "Jönköping", 366_840, 70_167_182),
    ("07", "Kronoberg", 203_243, 38_875_228),
    ("08", "Kalmar", 246_989, 47_242_728),
    ("09", "Gotland", 60_972, 11_662_396),
    ("10", "Blekinge", 158_999, 30_412_474),
    ("12", "Skåne", 1_400_973, 267_970_580),
    ("13", "Halland", 339_903, 65_014_818),
    ("14", "Västra Götaland", 1_743_304, 333_449_813),
    ("17", "Värmland", 283_169, 54_163_043),
    ("18", "Örebro", 306_688, 58_661_631),
    ("19", "Västmanland", 278_721, 53_312_254),
    ("20", "Dalarna", 288_164, 55_118_460),
    ("21", "Gävleborg", 287_873, 55_062_799),
    ("22", "Västernorrland", 244_223, 46_713_662),
    ("23", "Jämtland Härjedalen", 131_914, 25_231_800),
    ("24", "Västerbotten", 274_533, 52_511_196),
    ("25", "Norrbotten", 249_752, 47_771_219),
)

# Seed 002, bilaga 2: "Fördelning av 750 000 000 kronor efter folkmängd den 1 november 2023 (kr)".
TOTAL_2024 = 750_000_000
POPULATION_DATE_2024 = date(2023, 11, 1)
POPULATION_SUM_2024 = 10_557_682
TABLE_2024 = (
    ("01", "Stockholm", 2_455_914, 174_464_006),
    ("03", "Uppsala", 404_714, 28_750_203),
    ("04", "Södermanland", 302_310, 21_475_595),
    ("05", "Östergötland", 472_660, 33_576_973),
    ("06", "Jönköping", 369_201, 26_227_419),
    ("07", "Kronoberg", 204_028, 14_493_806),
    ("08", "Kalmar", 247_063, 17_550_941),
    ("09", "Gotland", 61_093, 4_339_944),
    ("10", "Blekinge", 158_226, 11_240_109),
    ("12", "Skåne", 1_422_288, 101_036_951),
    ("13", "Halland", 343_989, 24_436_401),
    ("14", "Västra Götaland", 1_767_641, 125_570_248),
    ("17", "Värmland", 283_661, 20_150_801),
    ("18", "Örebro", 308_413, 21_909_142),
    ("19", "Västmanland", 280_965, 19_959_282),
    ("20", "Dalarna", 287_451, 20_420_036),
    ("21", "Gävleborg", 286_085, 20_322_998),
    ("22", "Västernorrland", 242_343, 17_215_640),
    ("23", "Jämtland", 132_466, 9_410_162),
    ("24", "Västerbotten", 278_518, 19_785_451),
    ("25", "Norrbotten", 248_653, 17_663_892),
)

# Seed 003, bilaga 2: "Maxtak (kr)" per region; "Riket 397 000 000".
CAPS_TOTAL_2025 = 397_000_000
CAPS_2025 = (
    ("01", "Stockholm", 84_167_924),
    ("03", "Uppsala", 14_924_388),
    ("04", "Södermanland", 11_982_450),
    ("05", "Östergötland", 17_951_597),
    ("06", "Jönköping", 14_237_946),
    ("07", "Kronoberg", 7_892_885),
    ("08", "Kalmar", 10_233_131),
    ("09", "Gotland", 2_636_976),
    ("10", "Blekinge", 6_374_821),
    ("12", "Skåne", 52_753_560),
    ("13", "Halland", 13_158_464),
    ("14", "Västra Götaland", 65_462_875),
    ("17", "Värmland", 11_618_683),
    ("18", "Örebro", 11_963_724),
    ("19", "Västmanland", 10_913_317),
    ("20", "Dalarna", 11_956_879),
    ("21", "Gävleborg", 11_667_372),
    ("22", "Västernorrland", 9_946_895),
    ("23", "Jämtland", 5_502_825),
    ("24", "Västerbotten", 11_070_528),
    ("25", "Norrbottn", 10_582_760),
)


def populations(table: tuple) -> dict[str, int]:
    """Return county code -> population of a population table."""
    return {code: population for code, _name, population, _amount in table}


def amounts(table: tuple) -> dict[str, int]:
    """Return county code -> published amount of a population table."""
    return {code: amount for code, _name, _population, amount in table}


def caps() -> dict[str, int]:
    """Return county code -> 2025 cap."""
    return {code: cap for code, _name, cap in CAPS_2025}
