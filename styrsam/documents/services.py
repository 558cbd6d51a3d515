"""Every write of governing documents (G12, G13, G14, G28, G29).

- The roles that formulate documents (capability ``draft_documents``, the IT strategist, G05,
  G13) create them, edit drafts and send them on consultation: a case of the policy's
  ``guidelines.case_type`` whose consultation step goes to the consulted group (the existing
  remiss of the cases app, G14, G28); the members answer there.
- Only the policy's adopting role (``adopting_role()``, the municipal director, G29) adopts: the
  decision gets a number without gaps (``next_number``) and an effective date.
- The communications roles (``publish_documents``, G12) publish an adopted version on the
  intranet and/or the public website; nothing that is not adopted can be published.
- The owner is reminded before the review date (``remind_reviews``, daily)."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from styrsam.cases.services import case_report, consultation_open
from styrsam.cases.services.notifications import notify
from styrsam.core.audit import audit_record, audited_create, audited_update
from styrsam.core.errors import Conflict, NotAllowed, ValidationFailed
from styrsam.core.models import next_number
from styrsam.guideline.models import PolicyVersion
from styrsam.guideline.policy import get_policy
from styrsam.guideline.services import adopt_policy_version
from styrsam.organisation.roles import has_capability, has_role

from .models import Document, DocumentVersion, Publication

Status = DocumentVersion.Status
DECISION_KEY = "documents.decision"
REMIND_DAYS = 30  # the owner is reminded this many days before the review date
MAX_TEXT = 200_000


# --- who may --------------------------------------------------------------------------------


def may_draft(user) -> bool:
    return has_capability(user, "draft_documents")


def may_adopt(user) -> bool:
    role = get_policy().adopting_role()
    return bool(role) and has_role(user, role)


def may_publish(user) -> bool:
    return has_capability(user, "publish_documents")


def _require_drafter(actor) -> None:
    if not may_draft(actor):
        raise NotAllowed(
            _("Bara %(role)s formulerar styrdokument och skickar dem på remiss (G13, G28).")
            % {"role": get_policy().capability_name("draft_documents")},
            code="not_drafter",
            rule="G13",
        )


def _require_adopter(actor) -> None:
    if not may_adopt(actor):
        policy = get_policy()
        role = policy.adopting_role()
        name = policy.role_name(role) if role else _("den som fastställer")
        raise NotAllowed(
            _("Bara %(role)s fastställer och upphäver styrdokument (G29).")
            % {"role": name.lower()},
            code="not_adopter",
            rule="G29",
        )


def _require_publisher(actor) -> None:
    if not may_publish(actor):
        raise NotAllowed(
            _("Bara kommunikationsavdelningen publicerar styrdokument (G12)."),
            code="not_publisher",
            rule="G12",
        )


# --- validation -----------------------------------------------------------------------------


def _title(title: str) -> str:
    title = (title or "").strip()
    if not title:
        raise ValidationFailed(_("Styrdokumentet måste ha en rubrik."), field="title")
    return title


def _kind(kind: str) -> str:
    if kind not in Document.Kind.values:
        raise ValidationFailed(
            _("Välj riktlinje, regel eller anvisning."), field="kind", code="invalid_choice"
        )
    return kind


def _text(text: str) -> str:
    text = (text or "").replace("\r\n", "\n")
    if len(text) > MAX_TEXT:
        raise ValidationFailed(
            _("Texten får vara högst %(n)s tecken.") % {"n": MAX_TEXT}, field="text"
        )
    return text


def _review_date(review_date: datetime.date | None) -> datetime.date | None:
    if review_date is not None and review_date <= timezone.localdate():
        raise ValidationFailed(
            _("Revideringsdatumet måste ligga framåt i tiden."), field="review_date"
        )
    return review_date


def _policy_guideline(flag: bool, kind: str, document: Document | None = None) -> bool:
    """Only a riktlinje can be the municipality's e-government guideline, and only one (G29)."""
    if not flag:
        return False
    if kind != Document.Kind.GUIDELINE:
        raise ValidationFailed(
            _("Bara en riktlinje kan vara kommunens riktlinje för e-förvaltning."),
            field="is_policy_guideline",
            rule="G29",
        )
    others = Document.objects.filter(is_policy_guideline=True)
    if document is not None:
        others = others.exclude(pk=document.pk)
    if others.exists():
        raise Conflict(
            _("Ett annat styrdokument är redan kommunens riktlinje för e-förvaltning."),
            code="policy_guideline_exists",
            rule="G29",
        )
    return True


def _lock(version: DocumentVersion) -> DocumentVersion:
    return DocumentVersion.objects.select_for_update().select_related("document").get(pk=version.pk)


def working_version(document: Document) -> DocumentVersion | None:
    """The version being written (draft or on consultation), if any."""
    return document.versions.filter(status__in=DocumentVersion.WORKING_STATUSES).first()


# --- documents and drafts -------------------------------------------------------------------


@transaction.atomic
def document_create(
    *,
    actor,
    kind: str,
    title: str,
    owner,
    text: str = "",
    review_date: datetime.date | None = None,
    is_policy_guideline: bool = False,
) -> Document:
    """A new governing document with its first draft (G13, G28). ``is_policy_guideline``:
    the municipality's e-government guideline itself, whose versions adopt the policy file
    (G29)."""
    _require_drafter(actor)
    if owner is None:
        raise ValidationFailed(_("Ange dokumentägaren."), field="owner")
    kind = _kind(kind)
    document = Document.objects.create(
        kind=kind,
        is_policy_guideline=_policy_guideline(is_policy_guideline, kind),
        title=_title(title),
        owner=owner,
        review_date=_review_date(review_date),
        created_by=actor,
    )
    audited_create(actor=actor, action="document.create", obj=document, rule="G28")
    version = DocumentVersion.objects.create(
        document=document, number=1, text=_text(text), created_by=actor
    )
    audited_create(actor=actor, action="document.version_create", obj=version, rule="G28")
    return document


@transaction.atomic
def document_update(*, actor, document: Document, **changes) -> Document:
    """Title, kind, owner, review date (the owner or the drafting role) and whether it is the
    municipality's e-government guideline (the drafting role only, G29). The same for the page
    and the API; a review date left as it was is not checked again (it may have passed)."""
    if not (may_draft(actor) or document.owner_id == actor.pk):
        _require_drafter(actor)
    document = Document.objects.select_for_update().get(pk=document.pk)
    unknown = set(changes) - {"title", "kind", "owner", "review_date", "is_policy_guideline"}
    if unknown:
        raise ValidationFailed(
            _("Okänt fält: %(f)s.") % {"f": ", ".join(sorted(unknown))}, field=sorted(unknown)[0]
        )
    if "title" in changes:
        changes["title"] = _title(changes["title"])
    if "kind" in changes:
        changes["kind"] = _kind(changes["kind"])
    if "owner" in changes and changes["owner"] is None:
        raise ValidationFailed(_("Ange dokumentägaren."), field="owner")
    if "review_date" in changes and changes["review_date"] != document.review_date:
        changes["review_date"] = _review_date(changes["review_date"])
        changes["reminded_for"] = None
    flag = bool(changes.get("is_policy_guideline", document.is_policy_guideline))
    if flag != document.is_policy_guideline or "kind" in changes:
        if flag != document.is_policy_guideline:
            _require_drafter(actor)
        if not flag and document.versions.filter(policy_draft__isnull=False).exists():
            raise Conflict(
                _("Riktlinjens versioner bär policyfilen; den kan inte sluta vara riktlinjen."),
                code="carries_policy",
                rule="G29",
            )
        changes["is_policy_guideline"] = _policy_guideline(
            flag, changes.get("kind", document.kind), document
        )
    audited_update(actor=actor, obj=document, action="document.update", changes=changes)
    return document


@transaction.atomic
def version_create(*, actor, document: Document, change_note: str = "") -> DocumentVersion:
    """A new draft from the latest version's text (a revision, G28)."""
    _require_drafter(actor)
    document = Document.objects.select_for_update().get(pk=document.pk)
    if working_version(document) is not None:
        raise Conflict(
            _("Det finns redan en version under arbete; gör klart den först."),
            code="version_in_progress",
        )
    latest = document.versions.order_by("-number").first()
    version = DocumentVersion.objects.create(
        document=document,
        number=(latest.number + 1) if latest else 1,
        text=latest.text if latest else "",
        change_note=(change_note or "").strip(),
        created_by=actor,
    )
    audited_create(actor=actor, action="document.version_create", obj=version, rule="G28")
    return version


@transaction.atomic
def version_update_text(
    *, actor, version: DocumentVersion, text: str, change_note: str | None = None
) -> DocumentVersion:
    """Edit a draft, or a version whose consultation has closed (revised after the answers).
    While the preparatory group is answering, the text they read does not change (G14)."""
    _require_drafter(actor)
    version = _lock(version)
    if version.status not in DocumentVersion.WORKING_STATUSES:
        raise Conflict(
            _("Version %(n)s är fastställd och kan inte ändras; påbörja en ny version (G29).")
            % {"n": version.number},
            code="version_adopted",
            rule="G29",
        )
    if version.consultation_id and version.consultation.is_open:
        raise Conflict(
            _("Texten kan inte ändras medan den är ute på remiss (G14)."),
            code="consultation_open",
            rule="G14",
        )
    changes = {"text": _text(text)}
    if change_note is not None:
        changes["change_note"] = change_note.strip()
    audited_update(actor=actor, obj=version, action="document.text_update", changes=changes)
    return version


@transaction.atomic
def version_set_policy_draft(
    *, actor, version: DocumentVersion, policy_version: PolicyVersion | None
) -> DocumentVersion:
    """A version of the municipality's e-government guideline carries a draft of the policy
    file (or none): adopting the version adopts the draft with the same decision (G29). Set
    while the version is being written, as its text; not while the preparatory group reads it
    (G14)."""
    _require_drafter(actor)
    version = _lock(version)
    if not version.document.is_policy_guideline:
        raise Conflict(
            _("Bara kommunens riktlinje för e-förvaltning bär policyfilen (G29)."),
            code="not_policy_guideline",
            rule="G29",
        )
    if version.status not in DocumentVersion.WORKING_STATUSES:
        raise Conflict(
            _("Version %(n)s är fastställd och kan inte ändras; påbörja en ny version (G29).")
            % {"n": version.number},
            code="version_adopted",
            rule="G29",
        )
    if version.consultation_id and version.consultation.is_open:
        raise Conflict(
            _("Policyfilen kan inte bytas medan versionen är ute på remiss (G14)."),
            code="consultation_open",
            rule="G14",
        )
    if policy_version is not None:
        policy_version = PolicyVersion.objects.select_for_update().get(pk=policy_version.pk)
        if not policy_version.is_draft:
            raise Conflict(
                _("Policyversion %(n)s är redan antagen.") % {"n": policy_version.number},
                code="policy_not_a_draft",
                rule="G29",
            )
        other = (
            DocumentVersion.objects.filter(policy_draft=policy_version)
            .exclude(pk=version.pk)
            .first()
        )
        if other is not None:
            raise Conflict(
                _("Policyversion %(n)s hör redan till %(other)s.")
                % {"n": policy_version.number, "other": other},
                code="policy_draft_taken",
                rule="G29",
            )
    audited_update(
        actor=actor,
        obj=version,
        action="document.policy_draft",
        changes={"policy_draft": policy_version},
        rule="G29",
    )
    return version


def refuse_policy_adopted_alone(*, version: PolicyVersion, decision_number: str) -> None:
    """Receiver of ``guideline.hooks.policy_adopting``: a policy draft carried by a version of
    the guideline document is adopted only with that version, under its decision (G29)."""
    if decision_number:
        return
    carrier = DocumentVersion.objects.filter(policy_draft=version).select_related("document")
    carrier = carrier.first()
    if carrier is not None:
        raise Conflict(
            _("Policyversion %(n)s hör till %(doc)s och antas när den versionen fastställs (G29).")
            % {"n": version.number, "doc": carrier},
            code="policy_draft_belongs_to_document",
            rule="G29",
        )


# --- consultation (G14, G28) ----------------------------------------------------------------


@transaction.atomic
def version_consult(
    *, actor, version: DocumentVersion, deadline: datetime.date, question: str = ""
) -> DocumentVersion:
    """Send the draft on consultation: a case of the policy's case type for governing
    documents, and the cases app's consultation on its consultation step (G14, G28)."""
    _require_drafter(actor)
    version = _lock(version)
    if version.status != Status.DRAFT:
        raise Conflict(_("Bara ett utkast kan skickas på remiss."), code="not_a_draft", rule="G28")
    if not version.text.strip():
        raise ValidationFailed(_("Skriv texten innan den skickas på remiss."), field="text")
    policy = get_policy()
    case_type = policy.document_case_type()
    step = next(
        (
            s["code"]
            for s in (policy.case_type(case_type).get("steps", []) if case_type else [])
            if s.get("consultation_group")
        ),
        None,
    )
    if step is None:
        raise Conflict(
            _("Policyn anger ingen ärendetyp med remiss för styrdokument (guidelines.case_type)."),
            code="no_consultation_case_type",
            rule="G28",
        )
    document = version.document
    case = case_report(
        actor=actor,
        case_type=case_type,
        title=_("Remiss: %(title)s, version %(n)s")
        % {"title": document.title, "n": version.number},
        description=question or document.title,
    )
    consultation = consultation_open(
        actor=actor, case=case, step=step, deadline=deadline, question=question
    )
    version.consultation = consultation
    version.status = Status.CONSULTATION
    version.save(update_fields=["consultation", "status", "updated_at"])
    audit_record(
        actor=actor,
        action="document.consult",
        obj=version,
        after={"case": case.registration_number, "deadline": deadline, "question": question},
        rule="G28",
    )
    return version


# --- adoption (G29) -------------------------------------------------------------------------


@transaction.atomic
def version_adopt(
    *, actor, version: DocumentVersion, effective_date: datetime.date | None = None
) -> DocumentVersion:
    """The adopting role adopts the version (G29) after its consultation has closed (G14):
    a decision number without gaps and the date it takes effect (default: today). A version
    of the e-government guideline that carries a policy draft adopts it in the same decision:
    same number, same effective date, one trail (G29)."""
    _require_adopter(actor)
    version = _lock(version)
    if version.status != Status.CONSULTATION:
        raise Conflict(
            _("Bara en version som har varit på remiss kan fastställas (G14, G28).")
            if version.status == Status.DRAFT
            else _("Version %(n)s är redan fastställd.") % {"n": version.number},
            code="not_ready_for_adoption",
            rule="G28",
        )
    if version.consultation is None or version.consultation.is_open:
        raise Conflict(
            _("Remissen pågår fortfarande; den avslutas innan beslut (G14)."),
            code="consultation_open",
            rule="G14",
        )
    today = timezone.localdate()
    effective_date = effective_date or today
    if effective_date < today:
        raise ValidationFailed(
            _("Ett styrdokument kan inte börja gälla före beslutet."), field="effective_date"
        )
    version.status = Status.ADOPTED
    version.adopted_by = actor
    version.adopted_on = today
    version.effective_date = effective_date
    version.decision_year = today.year
    version.decision_number = next_number(DECISION_KEY, today.year)
    version.save()
    after = {"decision": version.decision_reference, "effective_date": effective_date}
    if version.policy_draft_id:
        policy = adopt_policy_version(
            actor=actor,
            version=version.policy_draft,
            effective_date=effective_date,
            decision_text=_("Fastställd med %(doc)s.") % {"doc": version},
            decision_number=version.decision_reference,
        )
        after["policy_version"] = policy.number
    audit_record(actor=actor, action="document.adopt", obj=version, after=after, rule="G29")
    notify(
        recipients=[version.document.owner, version.created_by],
        text=_("%(title)s version %(n)s är fastställd (%(ref)s).")
        % {"title": version.document.title, "n": version.number, "ref": version.decision_reference},
        url=version.document.get_absolute_url(),
        exclude=actor,
    )
    return version


@transaction.atomic
def version_repeal(*, actor, version: DocumentVersion) -> DocumentVersion:
    """The adopting role repeals an adopted version (G29): it leaves the public register."""
    _require_adopter(actor)
    version = _lock(version)
    if version.status not in (Status.ADOPTED, Status.PUBLISHED):
        raise Conflict(
            _("Bara en fastställd version kan upphävas."), code="not_adopted", rule="G29"
        )
    version.status = Status.REPEALED
    version.repealed_on = timezone.localdate()
    version.save(update_fields=["status", "repealed_on", "updated_at"])
    audit_record(actor=actor, action="document.repeal", obj=version, after={}, rule="G29")
    return version


# --- publication (G12, G28) -----------------------------------------------------------------


@transaction.atomic
def version_publish(*, actor, version: DocumentVersion, channel: str) -> Publication:
    """Publish an adopted version on the intranet or the public website (G12, G28). Nothing
    unadopted is ever published (G29)."""
    _require_publisher(actor)
    if channel not in Publication.Channel.values:
        raise ValidationFailed(_("Välj intranätet eller den externa webbplatsen."), field="channel")
    version = _lock(version)
    if version.status not in (Status.ADOPTED, Status.PUBLISHED):
        raise Conflict(
            _("Bara en fastställd version kan publiceras (G29)."),
            code="not_adopted",
            rule="G29",
        )
    if version.publications.filter(channel=channel).exists():
        raise Conflict(
            _("Versionen är redan publicerad där."), code="already_published", rule="G28"
        )
    if Publication.objects.filter(
        version__document=version.document, version__number__gt=version.number, channel=channel
    ).exists():
        raise Conflict(
            _("En senare version är redan publicerad där."), code="newer_published", rule="G28"
        )
    publication = Publication.objects.create(version=version, channel=channel, published_by=actor)
    if version.status != Status.PUBLISHED:
        version.status = Status.PUBLISHED
        version.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=actor,
        action="document.publish",
        obj=version,
        after={"channel": channel},
        rule="G12",
    )
    return publication


# --- review reminders -----------------------------------------------------------------------


def remind_reviews(today: datetime.date | None = None) -> list[int]:
    """Remind each owner once per review date, from ``REMIND_DAYS`` before it (idempotent)."""
    today = today or timezone.localdate()
    due = Document.objects.filter(
        review_date__isnull=False, review_date__lte=today + datetime.timedelta(days=REMIND_DAYS)
    ).select_related("owner")
    reminded = []
    for document in due:
        if document.reminded_for == document.review_date:
            continue
        with transaction.atomic():
            notify(
                recipients=[document.owner],
                text=_("%(title)s ska revideras senast %(date)s.")
                % {"title": document.title, "date": document.review_date.isoformat()},
                url=document.get_absolute_url(),
            )
            Document.objects.filter(pk=document.pk).update(reminded_for=document.review_date)
            audit_record(
                actor=None,
                action="document.remind",
                obj=document,
                after={"review_date": document.review_date},
                rule="G28",
            )
        reminded.append(document.pk)
    return reminded
