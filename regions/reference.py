"""The 21 regions: county code, official name, short name and the other spellings found in documents.

Organisation numbers are left empty on purpose: staff enter them from the Swedish Companies Registration Office
rather than us guessing.
"""

REGIONS: tuple[tuple[str, str, str, tuple[str, ...]], ...] = (
    ("01", "Region Stockholm", "Stockholm", ("Stockholms län",)),
    ("03", "Region Uppsala", "Uppsala", ("Uppsala län",)),
    ("04", "Region Sörmland", "Sörmland", ("Södermanland", "Södermanlands län", "Region Södermanland")),
    ("05", "Region Östergötland", "Östergötland", ("Östergötlands län",)),
    ("06", "Region Jönköpings län", "Jönköping", ("Region Jönköping", "Jönköpings län")),
    ("07", "Region Kronoberg", "Kronoberg", ("Kronobergs län",)),
    ("08", "Region Kalmar län", "Kalmar", ("Region Kalmar", "Kalmar län")),
    ("09", "Region Gotland", "Gotland", ("Gotlands län",)),
    ("10", "Region Blekinge", "Blekinge", ("Blekinge län",)),
    ("12", "Region Skåne", "Skåne", ("Skåne län",)),
    ("13", "Region Halland", "Halland", ("Hallands län",)),
    ("14", "Västra Götalandsregionen", "Västra Götaland", ("Region Västra Götaland", "Västra Götalands län", "VGR")),
    ("17", "Region Värmland", "Värmland", ("Värmlands län",)),
    ("18", "Region Örebro län", "Örebro", ("Region Örebro", "Örebro län")),
    ("19", "Region Västmanland", "Västmanland", ("Västmanlands län",)),
    ("20", "Region Dalarna", "Dalarna", ("Dalarnas län",)),
    ("21", "Region Gävleborg", "Gävleborg", ("Gävleborgs län",)),
    ("22", "Region Västernorrland", "Västernorrland", ("Västernorrlands län",)),
    ("23", "Region Jämtland Härjedalen", "Jämtland Härjedalen", ("Jämtland", "Jämtlands län", "Region JH")),
    ("24", "Region Västerbotten", "Västerbotten", ("Västerbottens län",)),
    ("25", "Region Norrbotten", "Norrbotten", ("Norrbottn", "Norrbottens län")),
)


def load_reference_regions(region_model, alias_model) -> None:
    """Create or update the 21 regions and their aliases (used by the data migration and by tests)."""
    from .normalize import normalize_name

    for code, name, short_name, aliases in REGIONS:
        region, _ = region_model.objects.update_or_create(code=code, defaults={"name": name, "short_name": short_name})
        for alias in aliases:
            alias_model.objects.update_or_create(
                normalized=normalize_name(alias), defaults={"region": region, "alias": alias}
            )
