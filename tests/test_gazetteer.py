"""The gazetteer index: folding, candidate lookup, region forms and bring-your-own GeoNames dumps."""

from __future__ import annotations

import time
import zipfile
from pathlib import Path

import pytest

from frontwire.gazetteer import Gazetteer, build_index, fold, loose
from frontwire.gazetteer.names import adjective_stems, region_base


@pytest.fixture(scope="session")
def gaz() -> Gazetteer:
    """The default index (built into the cache dir on first use, then only opened)."""
    return Gazetteer.open()


def test_fold_ignores_case_accents_apostrophes_and_punctuation():
    assert fold("Kyïv") == fold("KYIV") == "kyiv"
    assert fold("Ivano-Frankivsk") == "ivano frankivsk"
    assert fold("Kam’yanka") == fold("Kam'yanka") == "kamyanka"
    assert fold("St. Louis") == "st louis"


def test_loose_merges_transliteration_variants_only():
    assert loose(fold("Avdiivka")) == loose(fold("Avdiyivka"))
    assert loose(fold("Zaporizhzhia")) == loose(fold("Zaporizhia"))
    assert loose(fold("Kharkiv")) == loose(fold("Harkiv"))
    assert loose(fold("Kharkiv")) != loose(fold("Kherson"))


def test_region_words_reduce_to_the_base_name():
    assert region_base("belgorod oblast") == "belgorod"
    assert region_base("republic of dagestan") == "dagestan"
    assert "kharkiv" in adjective_stems("kharkivska")
    assert "donetsk" in adjective_stems("donetska")
    assert "belgorod" in adjective_stems("belgorodskaya")


def test_open_is_fast_once_built(gaz):
    t = time.perf_counter()
    g2 = Gazetteer(gaz.path)
    assert time.perf_counter() - t < 1.0
    assert g2.candidates("Kyiv")


@pytest.mark.parametrize(
    ("variant", "canonical"),
    [("Kiev", "Kyiv"), ("Avdiivka", "Avdiyivka"), ("Kharkov", "Kharkiv"), ("Artemivsk", "Bakhmut"),
     ("ZAPOROZHYE", "Zaporizhzhia")],
)
def test_transliteration_variants_reach_the_same_place(gaz, variant, canonical):
    a = {c.geonameid for c in gaz.candidates(variant) if c.level == 3}
    b = {c.geonameid for c in gaz.candidates(canonical) if c.level == 3}
    assert a & b


@pytest.mark.parametrize("form", ["Belgorod", "Belgorodskaya", "Belgorod Oblast"])
def test_region_forms_reach_the_admin1(gaz, form):
    regions = [c for c in gaz.candidates(form) if c.level == 1]
    assert regions and regions[0].country_code == "RU" and regions[0].admin1 == "Belgorod"


def test_adjectival_ukrainian_regions_are_named_after_their_city(gaz):
    (kh,) = [c for c in gaz.candidates("Kharkivska") if c.level == 1]
    assert kh.admin1 == "Kharkiv" and kh.iso3 == "UKR"
    (dn,) = [c for c in gaz.candidates("Donetska") if c.level == 1]
    assert dn.admin1 == "Donetsk"


def test_admin1_names_follow_the_short_english_convention(gaz):
    def a1(name: str) -> str | None:
        return next(c.admin1 for c in gaz.candidates(name) if c.level == 3 and c.country_code == "UA")

    # a region named after its city takes the city's simple spelling; its point is the city
    assert a1("Zaporizhzhia") == "Zaporizhia" and a1("Mykolaiv") == "Mykolaiv" and a1("Dnipro") == "Dnipropetrovsk"
    zp = next(c for c in gaz.candidates("Zaporizka") if c.level == 1)
    city = next(c for c in gaz.candidates("Zaporizhzhia") if c.level == 3)
    assert abs(zp.latitude - city.latitude) < 0.01 and abs(zp.longitude - city.longitude) < 0.01
    # the capital with region status beside its namesake oblast is "Kyiv City"
    assert a1("Kyiv") == "Kyiv City"
    assert {c.admin1 for c in gaz.candidates("Kyivska") if c.level == 1} == {"Kyiv"}
    assert any(c.level == 1 and c.admin1 == "Crimea" for c in gaz.candidates("Crimea"))


def test_second_level_subdivisions_are_admin2_areas(gaz):
    (oud,) = [c for c in gaz.candidates("Oudalan") if c.country_code == "BF"]
    assert (oud.level, oud.admin1, oud.admin2, oud.feature_code) == (2, "Sahel", "Oudalan", "ADM2")


def test_cities_carry_admin1_from_the_code_vote_and_no_admin2(gaz):
    sheb = gaz.candidates("Shebekino")[0]
    assert (sheb.country_code, sheb.iso3, sheb.admin1, sheb.admin2) == ("RU", "RUS", "Belgorod", None)
    djibo = gaz.candidates("Djibo")[0]
    assert (djibo.country_code, djibo.admin1) == ("BF", "Sahel")


def test_countries_by_name_and_initials(gaz):
    assert any(c.level == 0 and c.country_code == "GB" for c in gaz.candidates("UK"))
    assert any(c.level == 0 and c.country_code == "US" for c in gaz.candidates("U.S."))
    assert gaz.demonym("american") is None or gaz.demonym("american").country_code == "US"


def test_unknown_name_has_no_candidates(gaz):
    assert gaz.candidates("Qqzxyvillebourg") == []


def _row(gid: int, name: str, alts: str, lat: float, lon: float, fcl: str, fcode: str, a1: str, a2: str, pop: int) -> str:
    cols = [str(gid), name, name, alts, str(lat), str(lon), fcl, fcode, "UA", "", a1, a2, "", "", str(pop), "",
            "100", "Europe/Kyiv", "2024-01-01"]
    return "\t".join(cols) + "\n"


@pytest.fixture(scope="session")
def byo_index(tmp_path_factory) -> Gazetteer:
    """A dump-only index from a tiny GeoNames country file (zipped, as GeoNames ships it), with
    alternate names and admin code files: invented places so the test proves the dump was read."""
    d = tmp_path_factory.mktemp("geonames")
    table = (_row(90000001, "Testograd", "", 48.30, 37.90, "P", "PPL", "14", "1234", 12000)
             + _row(90000002, "Test Raion", "", 48.31, 37.91, "A", "ADM2", "14", "1234", 0)
             + _row(90000003, "Zelenopillia Test", "Zelenopillya Test", 48.5, 38.0, "P", "PPL", "14", "", 800))
    with zipfile.ZipFile(d / "UA.zip", "w") as z:
        z.writestr("UA.txt", table)
        z.writestr("readme.txt", "not data")
    (d / "alternateNamesV2.txt").write_text("1\t90000001\ten\tTestogradsk\t\t\t\t\t\t\n"
                                            "2\t90000001\tiata\tTGX\t\t\t\t\t\t\n", encoding="utf-8")
    (d / "admin1CodesASCII.txt").write_text("UA.14\tDonetsk Test Oblast\tDonetsk Test Oblast\t709716\n", encoding="utf-8")
    (d / "admin2Codes.txt").write_text("UA.14.1234\tTest Raion\tTest Raion\t90000002\n", encoding="utf-8")
    out = build_index(d / "byo.sqlite", geonames=[d / "UA.zip", d / "alternateNamesV2.txt",
                                                   d / "admin1CodesASCII.txt", d / "admin2Codes.txt"], builtin=False)
    return Gazetteer(out)


def test_byo_dump_adds_places_alternate_names_and_admin2(byo_index):
    (c,) = byo_index.candidates("Testogradsk")
    assert c.name == "Testograd" and c.geonameid == 90000001
    assert c.admin2 == "Test Raion" and c.country_code == "UA" and c.admin1
    assert byo_index.candidates("TGX") == []  # airport codes are not names
    assert byo_index.candidates("Zelenopillya Test")[0].geonameid == 90000003
    # countries and regions from the packaged data are still there
    assert any(x.level == 0 for x in byo_index.candidates("Ukraine"))


def test_build_reports_a_missing_dump(tmp_path):
    with pytest.raises(FileNotFoundError, match="download it"):
        build_index(tmp_path / "x.sqlite", geonames=tmp_path / "allCountries.zip")


def test_cli_build_missing_dump_exits_2(tmp_path):
    from typer.testing import CliRunner

    from frontwire.cli import app

    r = CliRunner().invoke(app, ["gazetteer", "build", "--geonames", str(tmp_path / "nope.zip"),
                                 "--out", str(tmp_path / "g.sqlite")])
    assert r.exit_code == 2
    assert not Path(tmp_path / "g.sqlite").exists()
