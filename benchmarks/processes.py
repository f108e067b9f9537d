"""Built-in catalogue of realistic municipal processes for the synthetic register.

Used when no Blaupausen catalogue (``blueprints/prozesse/*.yaml``) is available. LeiKa keys,
OZG ids and legal bases are taken from the public LeiKa 2019 extract (see
``tests/data/reference/leika-2019.csv.gz``); Produktbereiche follow the NKF-NRW Produktrahmen.
"""

from __future__ import annotations

from typing import NamedTuple


class Vorlage(NamedTuple):
    """One process template: enough to build a realistic Steckbrief."""

    slug: str
    name: str
    bereich: str
    produkt: str
    bezeichnung: str
    amt: str
    leika: str
    themenfeld: str
    ozg_leistung: str
    ozg_id: str
    recht: str
    recht_uri: str


_GII = "https://www.gesetze-im-internet.de"

VORLAGEN: tuple[Vorlage, ...] = (
    Vorlage("gewerbeanmeldung", "Gewerbeanmeldung entgegennehmen", "02", "02.01.03",
            "Gewerbeangelegenheiten", "Ordnungsamt", "99050012104000",
            "unternehmensfuehrung_entwicklung", "Gewerbeanmeldung", "10124",
            "§ 14 Gewerbeordnung (GewO)", f"{_GII}/gewo/__14.html"),
    Vorlage("gaststaettenerlaubnis", "Gaststättenerlaubnis erteilen", "02", "02.01.04",
            "Gaststättenrecht", "Ordnungsamt", "99025002000000",
            "unternehmensfuehrung_entwicklung", "Unternehmensanmeldung und -genehmigung",
            "10294", "§ 2 Gaststättengesetz (GastG)", f"{_GII}/gastg/__2.html"),
    Vorlage("hundesteuer-anmeldung", "Hund zur Hundesteuer anmelden", "16", "16.01.02",
            "Steuern und Abgaben", "Steueramt", "99102013000000", "engagement_hobby",
            "Hundehaltung", "10160", "Hundesteuersatzung", "urn:satzung:hundesteuer"),
    Vorlage("wohngeld", "Wohngeldantrag bescheiden", "05", "05.02.01", "Wohngeld",
            "Sozialamt", "99107023000000", "arbeit_ruhestand", "Wohngeld", "10092",
            "Wohngeldgesetz (WoGG)", f"{_GII}/wogg/"),
    Vorlage("personalausweis", "Personalausweis ausstellen", "02", "02.02.01",
            "Pass- und Ausweiswesen", "Bürgerbüro", "99008001012000",
            "querschnittsleistungen", "Personalausweis", "10119",
            "§ 9 Personalausweisgesetz (PAuswG)", f"{_GII}/pauswg/__9.html"),
    Vorlage("meldebescheinigung", "Meldebescheinigung ausstellen", "02", "02.02.02",
            "Meldewesen", "Bürgerbüro", "99115008000000", "querschnittsleistungen",
            "Meldebescheinigung und -registerauskunft", "10559",
            "§ 18 Bundesmeldegesetz (BMG)", f"{_GII}/bmg/__18.html"),
    Vorlage("bewohnerparkausweis", "Bewohnerparkausweis ausstellen", "12", "12.03.01",
            "Straßenverkehrsangelegenheiten", "Straßenverkehrsamt", "99108001000000",
            "mobilitaet_reisen", "Parkausweise und Zufahrtsberechtigungen", "10173",
            "§ 45 Straßenverkehrs-Ordnung (StVO)", f"{_GII}/stvo_2013/__45.html"),
    Vorlage("fundsache", "Fundsache annehmen und verwahren", "02", "02.01.07", "Fundbüro",
            "Bürgerbüro", "99089017000000", "recht_ordnung", "Fundsachen", "10244",
            "§§ 965 ff. Bürgerliches Gesetzbuch (BGB)", f"{_GII}/bgb/__965.html"),
    Vorlage("baumfaellgenehmigung", "Baumfällgenehmigung erteilen", "13", "13.01.02",
            "Baumschutz", "Umweltamt", "99093003000000", "bauen_wohnen",
            "Baumfällgenehmigung", "10112", "Bundesnaturschutzgesetz (BNatSchG)",
            f"{_GII}/bnatschg_2009/"),
    Vorlage("grundsteuer-festsetzung", "Grundsteuer festsetzen", "16", "16.01.01",
            "Grundsteuer", "Steueramt", "99102012000000", "bauen_wohnen", "Grundsteuer",
            "10117", "Grundsteuergesetz (GrStG)", f"{_GII}/grstg_1973/"),
    Vorlage("briefwahl", "Briefwahlunterlagen ausgeben", "01", "01.04.01", "Wahlen",
            "Wahlamt", "99128001000000", "engagement_hobby", "Wahlschein und Briefwahl",
            "10145", "§ 36 Bundeswahlgesetz (BWahlG)", f"{_GII}/bwahlg/__36.html"),
    Vorlage("jagderlaubnis", "Jagdschein erteilen", "02", "02.03.01", "Jagdwesen",
            "Untere Jagdbehörde", "99067001000000", "engagement_hobby",
            "Jagdschein und -erlaubnis", "10149", "§ 15 Bundesjagdgesetz (BJagdG)",
            f"{_GII}/bjagdg/__15.html"),
    Vorlage("aufenthaltserlaubnis", "Aufenthaltserlaubnis erteilen", "02", "02.04.01",
            "Ausländerangelegenheiten", "Ausländerbehörde", "99010001000000",
            "ein_auswanderung", "Aufenthaltstitel", "10255",
            "§ 7 Aufenthaltsgesetz (AufenthG)", f"{_GII}/aufenthg_2004/__7.html"),
    Vorlage("unterhaltsvorschuss", "Unterhaltsvorschuss bewilligen", "06", "06.03.01",
            "Unterhaltsvorschuss", "Jugendamt", "99107021000000", "familie_kind",
            "Unterhaltsvorschuss", "10035", "Unterhaltsvorschussgesetz (UhVorschG)",
            f"{_GII}/uhvorschg/"),
    Vorlage("schuelerbefoerderung", "Schülerfahrkosten erstatten", "03", "03.06.01",
            "Schülerbeförderung", "Schulamt", "99088011000000", "bildung",
            "Schülerbeförderung", "10042", "Schülerfahrkostenverordnung NRW",
            "urn:nrw:sfkvo"),
    Vorlage("abfallgebuehr", "Abfallgebühren festsetzen", "11", "11.01.01",
            "Abfallwirtschaft", "Abfallwirtschaftsbetrieb", "99001001002000", "bauen_wohnen",
            "Abfallentsorgung", "10110", "Abfallgebührensatzung", "urn:satzung:abfall"),
    Vorlage("fuehrungszeugnis", "Führungszeugnis beantragen", "02", "02.02.03",
            "Meldewesen", "Bürgerbüro", "99049001000000", "querschnittsleistungen",
            "Führungszeugnis", "10562", "§ 30 Bundeszentralregistergesetz (BZRG)",
            f"{_GII}/bzrg/__30.html"),
    Vorlage("geburt-beurkundung", "Geburt beurkunden", "02", "02.05.01", "Personenstandswesen",
            "Standesamt", "99027003026000", "familie_kind",
            "Geburtsurkunde und -bescheinigung", "10557",
            "§ 21 Personenstandsgesetz (PStG)", f"{_GII}/pstg/__21.html"),
    Vorlage("eheschliessung", "Eheschließung anmelden", "02", "02.05.02",
            "Personenstandswesen", "Standesamt", "99054001000000", "familie_kind",
            "Eheschließung", "10027", "§ 12 Personenstandsgesetz (PStG)",
            f"{_GII}/pstg/__12.html"),
    Vorlage("sondernutzung-halteverbot", "Halteverbotszone für Umzug einrichten", "12",
            "12.03.02", "Sondernutzungen", "Straßenverkehrsamt", "99108011000000",
            "unternehmensfuehrung_entwicklung",
            "Sondernutzung von Straßen und Verkehrsraumeinschränkung", "10348",
            "§ 45 Straßenverkehrs-Ordnung (StVO)", f"{_GII}/stvo_2013/__45.html"),
    Vorlage("waffenbesitzkarte", "Waffenbesitzkarte erteilen", "02", "02.03.02", "Waffenrecht",
            "Ordnungsamt", "99089018001013", "engagement_hobby", "Waffenerlaubnis", "10151",
            "§ 10 Waffengesetz (WaffG)", f"{_GII}/waffg_2002/__10.html"),
    Vorlage("baugenehmigung", "Bauantrag bescheiden", "10", "10.01.01", "Bauaufsicht",
            "Bauordnungsamt", "99096016000000", "bauen_wohnen", "Baugenehmigung", "10086",
            "§ 74 Landesbauordnung NRW (BauO NRW)", "urn:nrw:bauo:74"),
    Vorlage("kita-platz", "Kita-Platz vergeben", "06", "06.01.01",
            "Tageseinrichtungen für Kinder", "Jugendamt", "99114004000000", "familie_kind",
            "Kita-Platz", "10044", "§ 24 SGB VIII", f"{_GII}/sgb_8/__24.html"),
    Vorlage("elterngeld", "Elterngeld bewilligen", "06", "06.03.02", "Elterngeld",
            "Elterngeldstelle", "99106001000000", "familie_kind", "Elterngeld", "10038",
            "Bundeselterngeld- und Elternzeitgesetz (BEEG)", f"{_GII}/beeg/"),
    Vorlage("kfz-zulassung", "Fahrzeug zulassen", "12", "12.02.01", "Kfz-Zulassung",
            "Straßenverkehrsamt", "99036004000000", "mobilitaet_reisen",
            "Kraftfahrzeugzulassung, -um- und Abmeldung", "10439",
            "Fahrzeug-Zulassungsverordnung (FZV)", f"{_GII}/fzv_2023/"),
    Vorlage("fahrerlaubnis", "Fahrerlaubnis erteilen", "12", "12.02.02", "Fahrerlaubnisse",
            "Führerscheinstelle", "99086003000000", "mobilitaet_reisen",
            "Fahrerlaubnis", "10436", "Fahrerlaubnis-Verordnung (FeV)", f"{_GII}/fev_2010/"),
    Vorlage("veranstaltung-anzeige", "Veranstaltung anzeigen", "02", "02.01.05",
            "Veranstaltungen", "Ordnungsamt", "99089003000000", "recht_ordnung",
            "Veranstaltungsanzeige", "10349", "Ordnungsbehördengesetz NRW (OBG)",
            "urn:nrw:obg"),
    Vorlage("schwerbehindertenausweis", "Schwerbehindertenausweis ausstellen", "05",
            "05.03.01", "Schwerbehindertenrecht", "Versorgungsamt", "99070002000000",
            "gesundheit", "Schwerbehindertenausweis", "10219", "§ 152 SGB IX",
            f"{_GII}/sgb_9_2018/__152.html"),
    Vorlage("bestattung-genehmigung", "Bestattung genehmigen", "13", "13.05.01",
            "Friedhofs- und Bestattungswesen", "Friedhofsverwaltung", "99017003000000",
            "gesundheit", "Bestattung", "10236", "Bestattungsgesetz NRW (BestG NRW)",
            "urn:nrw:bestg"),
    Vorlage("rechnungseingang", "Eingangsrechnung bearbeiten", "01", "01.11.02",
            "Finanzbuchhaltung", "Kämmerei", "99001002000000", "querschnittsleistungen",
            "E-Rechnung", "10574", "E-Rechnungsverordnung NRW", "urn:nrw:erechvo"),
)

FACHVERFAHREN: tuple[str, ...] = (
    "OK.VORG", "VOIS|MESO", "AKDB OK.EWO", "H&H proDoppik", "Infoma newsystem",
    "Prosoz 14plus", "d-NRW Serviceportal", "enaio", "regisafe", "ProBauG",
)
BETEILIGTE: tuple[str, ...] = (
    "Antragsteller/in", "Sachbearbeitung", "Sachgebietsleitung", "Kasse",
    "Poststelle", "Fachaufsicht", "Datenschutzbeauftragte", "Bürgerbüro", "Kreiskasse",
)
#: Qualifiers that tell apart several Steckbriefe drawn from the same catalogue entry.
VARIANTEN: tuple[str, ...] = (
    "Außenstelle Nord", "Außenstelle Süd", "Bürgerbüro Mitte", "Ortsteil Ost", "Ortsteil West",
    "Eilverfahren", "Sonderfall", "Nachbearbeitung", "Widerspruch", "Verlängerung",
    "Änderung", "Ersatz", "Auslandsfall", "Sammelantrag", "Onlineantrag",
)
