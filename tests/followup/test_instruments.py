"""Instruments as data (G30): loaded from YAML or JSON with line-precise validation, the file's
size and YAML aliases limited before parsing; a command, an upload page and the API."""

from __future__ import annotations

import json
from io import StringIO

import pytest
import yaml
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from styrsam.core.errors import Conflict, NotAllowed, ValidationFailed
from styrsam.followup import services
from styrsam.followup.instruments import (
    MAX_INSTRUMENT_BYTES,
    InstrumentInvalid,
    validate_instrument,
)
from styrsam.followup.models import Indicator, Instrument, ScaleLevel

from .conftest import INSTRUMENTS

pytestmark = [pytest.mark.django_db, pytest.mark.rule("G30")]


def text(name="eblomlada.yaml") -> str:
    return (INSTRUMENTS / name).read_text(encoding="utf-8")


def line_of(source: str, needle: str) -> int:
    return next(i for i, line in enumerate(source.splitlines(), start=1) if needle in line)


def problems(source) -> list:
    with pytest.raises(InstrumentInvalid) as info:
        validate_instrument(source)
    return info.value.problems


def test_g30_the_shipped_instruments_are_valid_and_different_in_shape():
    eblomlada = validate_instrument(text())
    assert [a["name"] for a in eblomlada["areas"]] == [
        "Digitala tjänster per målgrupp",
        "Ledning och arbetssätt",
        "Tekniska förutsättningar",
    ]
    assert [lvl["label"] for lvl in eblomlada["scales"]["fulfilment"]["levels"]] == [
        "Uppfyllt",
        "Delvis uppfyllt",
        "Ej uppfyllt",
    ]
    maturity = validate_instrument(text("digital_mognad.yaml"))
    values = [lvl["value"] for lvl in maturity["scales"]["maturity"]["levels"]]
    assert values == [1, 2, 3, 4, 5, None]  # a 1–5 scale with an unscored "Vet ej"
    assert len(maturity["areas"]) == 4 and set(maturity["scales"]) == {"maturity", "yes_no"}


def test_g30_an_unknown_scale_and_a_duplicate_indicator_name_their_lines():
    source = text("digital_mognad.yaml")
    broken = source.replace("        scale: yes_no", "        scale: yesno").replace(
        "      - code: automation", "      - code: processes_mapped"
    )
    found = {p.path: p for p in problems(broken)}
    assert set(found) == {"areas[0].indicators[3].scale", "areas[1].indicators[1].code"}
    assert found["areas[0].indicators[3].scale"].line == line_of(broken, "scale: yesno")
    duplicate = found["areas[1].indicators[1].code"]
    lines = [i for i, line in enumerate(broken.splitlines(), 1) if "code: processes_mapped" in line]
    assert duplicate.line == lines[1]
    assert "finns redan" in duplicate.message_sv and "duplicate" in duplicate.message_en


def test_g30_a_missing_field_and_an_unknown_field_name_their_lines():
    broken = text().replace(
        "        label: Uppfyllt\n", "        label: Uppfyllt\n        colour: green\n"
    )
    broken = broken.replace("name: Ledning och arbetssätt", "namn: Ledning och arbetssätt")
    found = problems(broken)
    paths = {p.path: p.line for p in found}
    assert paths["scales.fulfilment.levels[0].colour"] == line_of(broken, "colour: green")
    assert paths["areas[1].namn"] == line_of(broken, "namn: Ledning")
    assert any(p.path == "areas[1]" and "name" in p.message_sv for p in found)


def test_g30_yaml_aliases_are_refused_before_the_document_is_built():
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
        for i in range(8)
    )
    found = problems(bomb)
    assert found[0].line == 1 and "alias" in found[0].message_sv


def test_g30_the_size_is_limited_before_parsing():
    found = problems("#" * (MAX_INSTRUMENT_BYTES + 1))
    assert found[0].line is None and "för stor" in found[0].message_sv


def test_g30_deep_nesting_is_refused():
    found = problems("a: " + "[" * 200 + "]" * 200)
    assert "nästlad" in found[0].message_sv


def test_g30_json_is_read_with_lines_even_with_tabs_and_escaped_slashes():
    data = yaml.safe_load(text())
    data["source"] = "https:\\/\\/example.se"
    source = json.dumps(data, indent="\t", ensure_ascii=False).replace("\\\\/", "\\/")
    assert validate_instrument(source)["source"] == "https://example.se"
    data["areas"][2]["indicators"][1]["scale"] = "nope"
    broken = json.dumps(data, indent="\t", ensure_ascii=False)
    (problem,) = problems(broken)
    assert problem.path == "areas[2].indicators[1].scale"
    assert problem.line == line_of(broken, '"scale": "nope"')


def test_g30_load_creates_the_structure_once(instrument):
    assert instrument.areas.count() == 3
    assert Indicator.objects.filter(area__instrument=instrument).count() == 23
    assert ScaleLevel.objects.filter(scale__instrument=instrument).count() == 3
    assert services.instrument_load(actor=None, raw=text(), source="igen.yaml") == instrument
    assert Instrument.objects.count() == 1


def test_g30_a_changed_file_with_the_same_version_is_refused(instrument):
    changed = text().replace("Tekniska förutsättningar", "Teknik")
    with pytest.raises(Conflict) as info:
        services.instrument_load(actor=None, raw=changed)
    assert info.value.code == "instrument_version_exists"
    version_two = changed.replace("\nversion: 1", "\nversion: 2")
    assert services.instrument_load(actor=None, raw=version_two).version == 2


def test_g30_only_the_coordinator_loads_instruments(plain_user, strategist):
    with pytest.raises(NotAllowed):
        services.instrument_load(actor=plain_user, raw=text())
    assert not Instrument.objects.exists()
    assert services.instrument_load(actor=strategist, raw=text()).code == "eblomlada"


def test_g30_an_invalid_file_lists_its_problems_and_writes_nothing():
    with pytest.raises(ValidationFailed) as info:
        services.instrument_load(actor=None, raw=text().replace("value: 2", "value: två"))
    assert info.value.code == "invalid_instrument"
    assert info.value.extra["problems"][0]["line"] == line_of(text(), "value: 2")
    assert not Instrument.objects.exists() and not Indicator.objects.exists()


def test_g30_the_command_loads_and_reports_lines(tmp_path, policy):
    good = tmp_path / "instrument.yaml"
    good.write_text(text(), encoding="utf-8")
    out = StringIO()
    call_command("load_instrument", str(good), stdout=out)
    assert "23 indikatorer" in out.getvalue()
    bad = tmp_path / "fel.yaml"
    bad.write_text(text("digital_mognad.yaml").replace("scale: yes_no", "scale: ja_nej"))
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("load_instrument", str(bad), stderr=err)
    line = line_of(bad.read_text(), "scale: ja_nej")
    assert f"{bad}:{line}: areas[0].indicators[3].scale: okänd skala 'ja_nej'" in err.getvalue()
    assert Instrument.objects.count() == 1


def test_g30_the_upload_page_loads_or_lists_every_problem(client, strategist, plain_user):
    url = reverse("followup:instrument_upload")
    client.force_login(plain_user)
    assert client.get(url).status_code == 403
    client.force_login(strategist)
    broken = text().replace("  - code: leadership\n", "  - code: Leadership\n")
    response = client.post(url, {"file": SimpleUploadedFile("fel.yaml", broken.encode())})
    assert response.status_code == 400
    body = response.content.decode()
    assert f"Rad {line_of(broken, 'code: Leadership')}" in body and "areas[1].code" in body
    assert not Instrument.objects.exists()
    response = client.post(url, {"file": SimpleUploadedFile("ok.yaml", text().encode())})
    assert response.status_code == 302
    assert response["Location"] == Instrument.objects.get().get_absolute_url()
    assert client.get(response["Location"]).status_code == 200


def test_g30_the_api_loads_an_instrument_or_answers_400_with_problems(api_client, strategist):
    url = reverse("assessment-instrument-list")
    api_client.force_authenticate(strategist)
    response = api_client.post(
        url, {"text": text().replace("\nversion: 1", "\nversion: x")}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_instrument"
    assert response.json()["problems"][0]["path"] == "version"
    response = api_client.post(url, {"text": text(), "source": "eblomlada.yaml"}, format="json")
    assert response.status_code == 201
    body = response.json()
    assert body["code"] == "eblomlada" and len(body["areas"]) == 3
    assert body["scales"][0]["levels"][0] == {
        "code": "fully",
        "label": "Uppfyllt",
        "description": body["scales"][0]["levels"][0]["description"],
        "value": 2.0,
    }
