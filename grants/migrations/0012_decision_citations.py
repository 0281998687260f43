"""Reword the sources of the three example programmes already loaded: cite the decisions, not internal numbers.

The definition files now cite each decision by its reference or title and section. A programme loaded from the
earlier files keeps the earlier wording, and a closed one refuses the new file (a closed programme cannot change),
so the wording is replaced here, exactly where it is the earlier one. Only the citation changes; no figure does.
Stored allocation runs keep the text they were computed with.
"""

from django.db import migrations

DEC_2024 = "Regeringsbeslut om disponibla vårdplatser 2024"
DEC_2025 = "Regeringsbeslut om att korta vårdköerna 2025"
INSTR_2022 = "Socialstyrelsens anvisningar för 2022"

PROGRAMMES = {
    "uppdamda-vardbehov-2022": (
        "S2022/00456 (seed 000); anvisningar (seed 001)",
        "Regeringsbeslut S2022/00456 den 20 januari 2022; "
        "Socialstyrelsens anvisningar för att ansöka om statsbidrag för 2022",
    ),
    "vardplatser-2024": (
        "Regeringsbeslut om disponibla vårdplatser 2024 (seed 002)",
        "Regeringsbeslut 2024: Uppdrag att fördela, betala ut och följa upp medel för att öka antalet disponibla "
        "vårdplatser, med bilaga 1 (villkor) och bilaga 2 (fördelning)",
    ),
    "vardkoer-2025": (
        "Regeringsbeslut om att korta vårdköerna 2025 (seed 003)",
        "Regeringsbeslut 2025: Uppdrag till Socialstyrelsen att fördela, betala ut och följa upp medel för att korta "
        "vårdköerna, med bilaga 1 (block 1 och 2) och bilaga 2 (maxtak)",
    ),
}
DEADLINES = [  # (programme, kind, earlier, now)
    (
        "uppdamda-vardbehov-2022",
        "requisition",
        "seed 001",
        f"{INSTR_2022}, ”När behöver Socialstyrelsen ha er rekvisition?”",
    ),
    (
        "uppdamda-vardbehov-2022",
        "survey",
        "seed 001",
        f"{INSTR_2022}, ”Enkät gällande planerade aktiviteter för 2022”",
    ),
    (
        "uppdamda-vardbehov-2022",
        "follow_up_report",
        "S2022/00456; seed 001",
        f"S2022/00456; {INSTR_2022}, ”Återrapportering av 2022 års statsbidrag”",
    ),
    *[
        ("vardplatser-2024", kind, "seed 002", f"{DEC_2024}, Regeringens beslut")
        for kind in ("payout", "repayment", "final_report")
    ],
    ("vardkoer-2025", "payout", "seed 003", f"{DEC_2025}, Regeringens beslut"),
    ("vardkoer-2025", "repayment", "seed 003; seed 004", f"{DEC_2025}, Regeringens beslut"),
    ("vardkoer-2025", "final_report", "seed 003", f"{DEC_2025}, Regeringens beslut"),
]
COMPONENTS = [  # (programme, component, earlier, now)
    (
        "vardplatser-2024",
        "grundlaggande",
        "seed 002, bilaga 1 (Grundläggande krav) och bilaga 2",
        f"{DEC_2024}, bilaga 1 (Grundläggande krav) och bilaga 2",
    ),
    (
        "vardplatser-2024",
        "prestation",
        "seed 002, bilaga 1 (Krav på prestation, Kvarstående medel)",
        f"{DEC_2024}, bilaga 1 (Krav på prestation, Kvarstående medel)",
    ),
    (
        "vardkoer-2025",
        "block-1",
        "seed 003, bilaga 1, block 1: 100 miljoner kronor fördelas lika mellan regionerna",
        f"{DEC_2025}, bilaga 1, block 1: 100 miljoner kronor fördelas lika mellan regionerna",
    ),
    (
        "vardkoer-2025",
        "block-2",
        "seed 003, bilaga 1, block 2 och bilaga 2",
        f"{DEC_2025}, bilaga 1, block 2 och bilaga 2",
    ),
]
POPULATION = (
    "seed 002, bilaga 2: folkmängd den 1 november 2023",
    f"{DEC_2024}, bilaga 2: folkmängd den 1 november 2023",
)
NEED_WEIGHTS = (
    "seed 003, bilaga 2: maxtak (kr) utifrån vårdbehov, utjämningsåret 2025, och invånare 1 november 2024",
    f"{DEC_2025}, bilaga 2: maxtak (kr) utifrån vårdbehov, utjämningsåret 2025, och invånare 1 november 2024",
)


def forwards(apps, schema_editor):
    programme, deadline, component = (apps.get_model("grants", m) for m in ("GrantProgramme", "Deadline", "Component"))
    for code, (earlier, now) in PROGRAMMES.items():
        programme.objects.filter(code=code, source=earlier).update(source=now)
    for code, kind, earlier, now in DEADLINES:
        deadline.objects.filter(programme__code=code, kind=kind, source=earlier).update(source=now)
    for code, part, earlier, now in COMPONENTS:
        component.objects.filter(programme__code=code, code=part, source=earlier).update(source=now)
    apps.get_model("regions", "PopulationFigure").objects.filter(source=POPULATION[0]).update(source=POPULATION[1])
    apps.get_model("regions", "NeedWeight").objects.filter(source=NEED_WEIGHTS[0]).update(source=NEED_WEIGHTS[1])


class Migration(migrations.Migration):
    dependencies = [("grants", "0011_swedish_field_names"), ("regions", "0006_region_calendar_token_version")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
