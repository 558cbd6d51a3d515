"""G15: the IT strategist carries current information to every system owner and system
representative — or to those of chosen systems. Stored, on the recipients' start page,
e-mailed; the same service behind the page and ``/api/v1/system-messages/``."""

from __future__ import annotations

import pytest
from django.core import mail

from styrsam.core.models import AuditEntry
from styrsam.systems.models import SystemMessage, SystemMessageRecipient
from tests.factories import SystemFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.rule("G15")]
API = "/api/v1/system-messages/"
PAGE = "/system/meddelanden/nytt/"


@pytest.fixture
def register(vof, bou):
    """Two systems with owners and representatives (one shared), and a retired one."""
    shared = UserFactory(username="delad")
    lifecare = SystemFactory(name="Lifecare", owner_unit=vof, owner=UserFactory(username="ola"))
    lifecare.representatives.set([UserFactory(username="rut"), shared])
    unikum = SystemFactory(name="Unikum", owner_unit=bou, owner=UserFactory(username="ulla"))
    unikum.representatives.set([shared])
    SystemFactory(
        name="Gammalt",
        owner_unit=bou,
        owner=UserFactory(username="pensionerad"),
        lifecycle="retired",
    )
    UserFactory(username="inaktiv", is_active=False).represented_systems.add(unikum)
    return {"lifecare": lifecare, "unikum": unikum}


def _recipients(message) -> list[str]:
    return sorted(message.deliveries.values_list("person__username", flat=True))


def test_g15_to_all_owners_and_representatives(
    client, it_strategist, register, django_capture_on_commit_callbacks
):
    client.force_login(it_strategist)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(PAGE, {"subject": "Nytt avtal", "body": "Läs detta.", "systems": ""})
    assert response.status_code == 302
    message = SystemMessage.objects.get()
    # each active owner and representative of a system in use, once; not the retired system's
    assert _recipients(message) == ["delad", "ola", "rut", "ulla"]
    assert sorted(m.to[0] for m in mail.outbox) == [
        "delad@example.se",
        "ola@example.se",
        "rut@example.se",
        "ulla@example.se",
    ]
    first = mail.outbox[0]
    assert first.subject == "Nytt avtal"
    assert "Läs detta." in first.body
    assert f"/system/meddelanden/{message.pk}/" in first.body
    entry = AuditEntry.objects.get(action="system_message.send")
    assert entry.rule == "G15"
    assert entry.after["recipients"] == 4


def test_g15_to_the_chosen_systems_only(
    client, it_strategist, register, django_capture_on_commit_callbacks
):
    client.force_login(it_strategist)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            PAGE, {"subject": "Uppgradering", "body": "I helgen.", "systems": "Unikum"}
        )
    assert response.status_code == 302
    message = SystemMessage.objects.get()
    assert _recipients(message) == ["delad", "ulla"]
    assert [s.name for s in message.systems.all()] == ["Unikum"]
    assert sorted(m.to[0] for m in mail.outbox) == ["delad@example.se", "ulla@example.se"]


def test_g15_without_mail_stores_and_lists_but_sends_nothing(
    it_strategist, register, django_capture_on_commit_callbacks
):
    """The demo's history (``mail=False``): recipients as for a sent message, no e-mail."""
    from styrsam.systems.services.messages import system_message_send

    with django_capture_on_commit_callbacks(execute=True):
        message = system_message_send(
            actor=it_strategist, subject="Historik", body="Redan känt.", mail=False
        )
    assert _recipients(message) == ["delad", "ola", "rut", "ulla"]
    assert mail.outbox == []


def test_g15_plain_employee_is_refused(client, api_client, plain_user, register):
    client.force_login(plain_user)
    assert client.get(PAGE).status_code == 403
    assert client.post(PAGE, {"subject": "x", "body": "y"}).status_code == 403
    api_client.force_authenticate(plain_user)
    response = api_client.post(API, {"subject": "x", "body": "y"}, format="json")
    assert response.status_code == 403
    assert SystemMessage.objects.count() == 0
    assert mail.outbox == []


def test_g15_empty_subject_is_400_and_nothing_stored(client, api_client, it_strategist, register):
    api_client.force_authenticate(it_strategist)
    response = api_client.post(API, {"subject": "  ", "body": "Text"}, format="json")
    assert response.status_code == 400
    assert response.json()["code"] == "required"
    assert response.json()["rule"] == "G15"
    client.force_login(it_strategist)
    page = client.post(PAGE, {"subject": "", "body": "Text"})
    assert page.status_code == 400
    assert "Text" in page.content.decode()  # the form stays bound
    assert SystemMessage.objects.count() == 0
    assert SystemMessageRecipient.objects.count() == 0
    assert not AuditEntry.objects.filter(action="system_message.send").exists()
    assert mail.outbox == []


def test_g15_system_without_owner_or_representative_is_409(api_client, it_strategist, vof):
    SystemFactory(name="Föräldralöst", owner_unit=vof, owner=None)
    api_client.force_authenticate(it_strategist)
    response = api_client.post(
        API, {"subject": "Hej", "body": "Text", "systems": ["Föräldralöst"]}, format="json"
    )
    assert response.status_code == 409
    assert response.json()["code"] == "no_recipients"
    assert SystemMessage.objects.count() == 0


def test_g15_api_send_list_and_read(
    api_client, it_strategist, register, django_capture_on_commit_callbacks
):
    api_client.force_authenticate(it_strategist)
    with django_capture_on_commit_callbacks(execute=True):
        response = api_client.post(
            API,
            {"subject": "Budget", "body": "Underlag senast fredag.", "systems": ["Lifecare"]},
            format="json",
        )
    assert response.status_code == 201
    body = response.json()
    assert body["systems"] == ["Lifecare"]
    assert body["recipient_count"] == 3
    assert body["sender"] == "strateg"
    assert len(mail.outbox) == 3

    rut = register["lifecare"].representatives.get(username="rut")
    api_client.force_authenticate(rut)
    listed = api_client.get(API).json()["results"]
    assert [(m["subject"], m["read_at"]) for m in listed] == [("Budget", None)]
    read = api_client.post(f"{API}{body['id']}/read/")
    assert read.status_code == 200
    assert read.json()["read_at"] is not None

    ulla = register["unikum"].owner
    api_client.force_authenticate(ulla)
    assert api_client.get(API).json()["results"] == []
    assert api_client.get(f"{API}{body['id']}/").status_code == 404


def test_g15_start_page_lists_unread_then_read(client, it_strategist, register):
    from styrsam.systems.services.messages import system_message_send

    message = system_message_send(
        actor=it_strategist, subject="Driftstopp", body="Natten mot lördag."
    )
    ola = register["lifecare"].owner
    client.force_login(ola)
    home = client.get("/").content.decode()
    assert "Information till systemägare" in home
    assert "Driftstopp" in home
    assert "1 oläst" in home
    assert client.post(f"/system/meddelanden/{message.pk}/last/").status_code == 302
    home = client.get("/").content.decode()
    assert "Driftstopp" in home
    assert "oläst" not in home
    # someone who received nothing and may not send sees no such section
    client.force_login(UserFactory(username="annan"))
    assert "Information till systemägare" not in client.get("/").content.decode()


def test_g15_message_lists_take_the_same_queries_for_1_and_50(
    client, api_client, it_strategist, register, count_queries
):
    from styrsam.systems.services.messages import system_message_send

    def measure() -> list[int]:
        counts = []
        for pk in (it_strategist.pk, register["lifecare"].owner_id):
            user = type(it_strategist).objects.get(pk=pk)  # fresh: roles are cached per object
            client.force_login(user)
            api_client.force_authenticate(user)
            for get in (
                lambda: client.get("/system/meddelanden/"),
                lambda: client.get("/"),
                lambda: api_client.get(API),
            ):
                with count_queries() as q:
                    assert get().status_code == 200
                counts.append(q.count)
        return counts

    system_message_send(actor=it_strategist, subject="Ett", body="Text")
    measure()  # warm: the municipality's name is kept in the cache for every page (issue 18)
    one = measure()
    for n in range(49):
        system_message_send(actor=it_strategist, subject=f"Nr {n}", body="Text")
    assert measure() == one
