"""The signed 2023 result contract (seed 000, annex 4 to item 2.6) and a 2024 draft copied
from it."""

import datetime
from decimal import Decimal

from django.db import transaction

from agreements import services
from agreements.models import Activity, Chapter, Contract, Goal, Signature, Target, TargetValue
from budgets.demo import GRANT_KEY
from budgets.demo import load_app_demo as load_keys
from budgets.models import DistributionKey

P = "<p>{}</p>".format

GOALS_2023 = [
    (1, "Virksomhedernes kendskab til Erhvervshusene", "national",
     P("I 2023 skal kendskabsgraden for Erhvervshuset være steget til mindst 50 pct.")
     + P("Mindst 50 pct. af de vejledte og evaluerede virksomheder skal være nye i forhold til de virksomheder, der modtog vejledning fra Erhvervshuset året før."),
     P("Målet opgøres af Erhvervshus Nordjylland ultimo 2023 ved afrapportering på den gennemførte kendskabskampagne."),
     [("Kendskabsgrad til Erhvervshus Nordjylland", "%", Decimal("36"), datetime.date(2021, 9, 1), Decimal("50"), None)]),
    (2, "Bred geografisk spredning", "national",
     P("Der skal sikres en geografisk spredning blandt de virksomheder, som det enkelte Erhvervshus hjælper."),
     P("Målet fastsættes nærmere under de regionale mål (mål 10) og som et element i samarbejdsaftalerne."), []),
    (3, "Kvalitet, kompetencer og virksomhedernes tilfredshed", "national",
     P("Mindst 80 pct. af de vejledte virksomheder angiver i brugerevalueringen, at de er \u201dMeget tilfredse\u201d med erhvervshusmedarbejdernes faglige kompetencer.")
     + P("Erhvervshusene opnår en Net Promotor Score (NPS) på mindst 70 for hhv. deres drifts- og vækstsegment."),
     P("Målet opgøres af Erhvervsstyrelsen på baggrund af data i brugerevalueringssystemet."),
     [("Andel meget tilfredse med medarbejdernes faglige kompetencer", "%", None, None, Decimal("80"), None),
      ("Net Promoter Score", "NPS", None, None, Decimal("70"), Decimal("60"))]),
    (4, "Erhvervshusenes knudepunktsfunktion", "national",
     P("Målet i 2023 er, at mindst 50 pct. af de henviste virksomheder har benyttet den eksterne rådgivning efter henvisning fra Erhvervshuset."),
     P("Målet opgøres af Erhvervsstyrelsen."),
     [("Andel henviste, der har benyttet henvisningen", "%", Decimal("47"), datetime.date(2022, 12, 31), Decimal("50"), None)]),
    (5, "Grøn omstilling og cirkulær økonomi", "national",
     P("For Erhvervshus Nordjylland skal virksomhedernes kendskab til, at Erhvervshuset har ydelser på dette område i efteråret 2023, af gruppen der kender Erhvervshuset, være 74 %."),
     P("Erhvervshus Nordjylland dokumenterer anvendelsen af Bæredygtighedshjulet."),
     [("Kendskab til ydelser om grøn omstilling", "%", Decimal("64"), datetime.date(2020, 9, 1), Decimal("74"), None)]),
    (6, "Effekt i virksomhederne", "national",
     P("I 2023 vurderer 70 pct. af de virksomheder, der har modtaget hjælp, at vejledningen \u201dI høj grad\u201d forventes at have en positiv effekt."),
     P("Målet opgøres af Erhvervsstyrelsen."),
     [("Andel der i høj grad forventer positiv effekt", "%", None, None, Decimal("70"), None)]),
    (7, "Digitalisering og nye teknologier", "national",
     P("I 2023 vurderer 70 pct. af de virksomheder, der har modtaget vejledning om digitalisering, at vejledningen \u201dI høj grad\u201d har en positiv effekt."),
     P("Målet opgøres af Erhvervsstyrelsen."),
     [("Andel der i høj grad forventer positiv effekt (digitalisering)", "%", None, None, Decimal("70"), None)]),
]  # fmt: skip

# Seed 000: the chapters of the signed 2023 contract (abridged), numbered from 1 in that order.
CHAPTERS_2023 = [
    ("Indledning",
     P("Denne resultatkontrakt er en aftale mellem de 11 nordjyske kommuner i KKR Nordjylland og Erhvervshus Nordjylland om samarbejdsrelationer, mål og aktiviteter for Erhvervshus Nordjylland i 2023.")
     + P("Resultatkontrakten aftales inden for rammerne af Aftale om etablering af tværkommunale Erhvervshuse og Aftale om rammerne for Erhvervshuse 2021-2023.")),
    ("Om Erhvervshus Nordjylland",
     P("Erhvervshus Nordjylland er fysisk placeret i Aalborg med en filial på Mors. Erhvervshuset og de 11 nordjyske kommuner udgør - sammen med den digitale erhvervsfremmeplatform - kernen i den decentrale erhvervsservice.")),
    ("Visioner og styrende principper i et sammenhængende nordjysk erhvervsfremmesystem",
     P("Et stærkt og sammenhængende system i Nordjylland, hvor de forskellige aktører, herunder den lokale erhvervsservicefunktion og Erhvervshuset, arbejder sammen, i et tæt, tillidsfuldt og værdiskabende samarbejde.")),
    ("Særlige indsatsområder",
     P("Erhvervshus Nordjylland fokuserer på regionens hovedudfordring med at bidrage til regionens produktivitetsvækst.")),
    ("Oversigt over mål for Erhvervshus Nordjylland i 2023",
     P("De nationale mål for Erhvervshusene er fastsat i rammeaftalen 2021 – 2023 mellem KL og Erhvervsministeriet. De lokale mål aftales mellem KKR Nordjylland og Erhvervshus Nordjylland.")),
    ("Økonomi",
     P("De 11 nordjyske kommuner finansierer Erhvervshus Nordjyllands basisbevilling med kr. 17,645 mio. kr. i 2023. Beløbet faktureres kommunerne efter bopælskommunefolketal pr. 1. kv. 2022.")),
    ("Resultatopgørelse og afrapportering",
     P("Erhvervshus Nordjylland skal årligt afrapportere til KKR om resultatopfyldelse – eller når KKR anmoder om det - med udgangspunkt i den indgåede resultatkontrakt.")),
    ("Ikrafttrædelse", P("Samarbejdsaftalen træder i kraft d. 1. januar 2023.")),
]  # fmt: skip

# Seed 000: each party's signature block.
SIGNATURES_2023 = [
    ("KKR Nordjylland", "d. 25/11 – 2022", "Thomas Kastrup-Larsen", "Formand for KKR Nordjylland"),
    ("Erhvervshus Nordjylland", "d. 25/11 - 2022", "Mogens Christen Gade", "Formand for Erhvervshus Nordjylland"),
]  # fmt: skip

NATIONAL_REPORTING = P(
    "Erhvervsstyrelsen afrapporterer til KL og Erhvervshusene en gang årligt. Erhvervshus Nordjylland afrapporterer årligt til KKR Nordjylland."
)
REPORTING_2023 = {
    1: P("Erhvervsstyrelsen afrapporterer til Erhvervshusene og KL vedr. virksomhedernes kendskab i efteråret 2021 og 2023."),
    2: P("Afrapportering fra Erhvervshus Nordjylland til KKR Nordjylland, KL og Erhvervsstyrelsen sker en gang årligt."),
    3: NATIONAL_REPORTING, 4: NATIONAL_REPORTING,
    5: P("Erhvervshuset afrapporterer på dette ultimo 2023 til KKR."),
    6: NATIONAL_REPORTING, 7: NATIONAL_REPORTING,
    8: P("Afrapportering til KKR sker en gang årligt."),
    9: P("Afrapportering til KKR sker en gang årligt."),
    10: P("Afrapportering til KKR sker en gang årligt."),
    11: P("Afrapportering til KKR sker en gang årligt.") + P("Målet er 100 pct. opfyldt, når der foreligger en afrapportering på procesmål vedlagt statistik og vidensgrundlag om de vejledte kunder i 2023, der lever op til, at antallet er nået."),
}  # fmt: skip
RATIONALE_2023 = {
    8: P("Det er vigtigt at sikre, at nordjyske virksomheder får en stærk andel af de tilgængelige erhvervsfremmemidler til at styrke udvikling og produktivitet i de nordjyske virksomheder.") + P("Målet understøtter Erhvervshusets kerneopgaver."),
    9: P("Det er en styrke for de nordjyske virksomheder, at vi har såvel et tværkommunalt Erhvervshus og 11 lokale erhvervskontorer samt stærke øvrige erhvervsfremmeaktører, vidensinstitutioner og beskæftigelsesaktører."),
    10: P("En analyse udført af Erhvervshus Nordjylland viser, at bæredygtighed er kommet på de nordjyske virksomheders dagsorden; der er fortsat et stort behov for at gøre grøn omstilling og cirkulær økonomi mere konkret for virksomhederne."),
    11: P("Erhvervshusene skal være et relevant vejledningstilbud til de forskellige målgrupper af virksomheder med forskellige behov."),
}  # fmt: skip

LOCAL_2023 = [
    (8, "Styrket regional strategi og styrket indsats",
     P("Målet er, at Erhvervshus Nordjylland i 2023 arbejder for at sikre en stærk strategisk erhvervsudvikling ved de tre indsatser nedenfor."),
     P("Målet opgøres af Erhvervshus Nordjylland ultimo 2023 ved afrapportering på ovenstående tre aktiviteter."),
     ["At bidrage til at udmønte så mange nye midler som muligt til virksomhedernes udviklingsindsats.",
      "At bidrage til at styrke og realisere nye prioriteringer i den statslige indsats regionalt (AddSmart, CO2Vision).",
      "At facilitere arbejdet med en ny nordjysk strategi for decentral erhvervsfremme 2024-2027."]),
    (9, "Styrket regionalt samarbejde",
     P("Målet er, at Erhvervshuset fortsat bidrager til at styrke det regionale samarbejde i 2023."),
     P("Målet opgøres af Erhvervshuset Nordjylland ultimo 2022 ved afrapportering på ovenstående 5 aktiviteter."),
     ["Systematisk fælles ejerskab til de nordjyske projekt- og programtilbud.",
      "Geografisk spredning og lige adgang gennem samarbejdet med de 11 lokale erhvervskontorer.",
      "Direktionen mødes årligt med borgmester og erhvervschef i hver kommune.",
      "Styrket samarbejde med jobcentre, arbejdsmarkedskontor og vidensinstitutioner.",
      "At gøre de nationale klynger mere tilgængelige for nordjyske virksomheder."]),
    (10, "Grøn omstilling og cirkulær økonomi",
     P("Grøn omstilling og cirkulær økonomi er højt prioriteret i region Nordjylland."),
     P("Målet opgøres af Erhvervshus Nordjylland ultimo 2023 ved afrapportering på ovenstående aktiviteter."),
     ["Styrke rollen som knudepunkt og formidle værktøjer til kommunernes miljøafdelinger og erhvervskontorer.",
      "Udmønte så mange nye udviklingsmidler til SMV'er som muligt.",
      "Styrke kompetence og vejledning om grøn omstilling med særligt henblik på CCUS.",
      "Udarbejde en intern strategi for Erhvervshusets bidrag til CO₂-reduktion."]),
]  # fmt: skip


def _contract_2023():
    contract = Contract.objects.create(
        year=2023,
        version_label="endelig version underskrevet",
        effective_date=datetime.date(2023, 1, 1),
        signatories="Formand for KKR Nordjylland; Bestyrelsesformand for Erhvervshus Nordjylland",
        signed_date=datetime.date(2023, 1, 20),
        basic_grant=Decimal("17645000"),
    )
    for position, (title, body) in enumerate(CHAPTERS_2023, 1):
        Chapter.objects.create(
            contract=contract, position=position, title=title, body=body,
            lists_goals=title.startswith("Oversigt over mål"),
        )  # fmt: skip
    for position, (party, date_text, signatory, role) in enumerate(SIGNATURES_2023, 1):
        Signature.objects.create(
            contract=contract, position=position, party=party, date_text=date_text,
            signatory=signatory, role=role,
        )  # fmt: skip
    for number, title, kind, goal_text, method, targets in GOALS_2023:
        goal = Goal.objects.create(contract=contract, number=number, title=title, kind=kind,
                                   goal_text=goal_text, method=method)  # fmt: skip
        for position, (indicator, unit, base, base_date, value, partial) in enumerate(targets, 1):
            target = Target.objects.create(
                goal=goal, position=position, indicator=indicator, unit=unit,
                baseline_value=base, baseline_date=base_date, partial_value=partial,
            )  # fmt: skip
            TargetValue.objects.create(target=target, year=2023, value=value)
    for number, title, goal_text, method, activities in LOCAL_2023:
        goal = Goal.objects.create(contract=contract, number=number, title=title, kind="local",
                                   goal_text=goal_text, method=method)  # fmt: skip
        Activity.objects.bulk_create(
            Activity(goal=goal, position=i, text=text) for i, text in enumerate(activities, 1)
        )
    goal = Goal.objects.create(
        contract=contract, number=11, kind="local",
        title="Specialiseret vejledning til Erhvervshusenes forskellige målgrupper",
        goal_text=P("Erhvervshus Nordjylland skal vejlede mindst 800 unikke virksomheder årligt.")
        + P("Målsætning for antal vejledninger: Vækst- og driftsforløb 350, korte forløb og Early Warning 600."),
        method=P("Målet opgøres ved afrapportering på antal vejledte kunder inden for de 4 kategorier."),
    )  # fmt: skip
    for position, (indicator, value) in enumerate(
        [("Unikke vejledte virksomheder", "800"), ("Vækst- og driftsforløb", "350"),
         ("Korte forløb og Early Warning", "600")], 1,
    ):  # fmt: skip
        target = Target.objects.create(
            goal=goal, position=position, indicator=indicator, unit="antal"
        )
        TargetValue.objects.create(target=target, year=2023, value=Decimal(value))
    for number, reporting in REPORTING_2023.items():
        Goal.objects.filter(contract=contract, number=number).update(reporting=reporting)
    for number, rationale in RATIONALE_2023.items():
        Goal.objects.filter(contract=contract, number=number).update(rationale=rationale)
    contract.status = Contract.Status.SIGNED
    contract.save(update_fields=["status"])
    return contract


@transaction.atomic
def load_app_demo():
    # The 2023 contract's basic grant is split by the Erhvervshus key of the budgets demo.
    load_keys()
    grant = DistributionKey.objects.get(name=GRANT_KEY)
    Contract.objects.filter(year=2023, grant_key=None).update(grant_key=grant)
    if Contract.objects.filter(year=2023).exists():
        return
    signed = _contract_2023()
    signed.grant_key = grant
    signed.save(update_fields=["grant_key"])
    nps = Target.objects.get(goal__contract=signed, indicator="Net Promoter Score")
    services.result_record(target=nps, year=2023, achieved=Decimal("64"))
    draft = services.contract_copy_to_next_year(contract=signed)
    goal = draft.goals.get(number=10)
    goal.title = "Bæredygtig og digital omstilling"
    goal.save()
