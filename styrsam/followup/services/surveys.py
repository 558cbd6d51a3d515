"""Writes of panel surveys (G31): draft, questions, send with personal links, close, and the
citizen's answer through their single-use link.

An answer to an anonymous survey is stored as a ``Response`` with its ``SurveyAnswer`` rows and
nothing else: no member, no invitation, no time, random ids. The invitation is only marked
used. A survey that is not anonymous adds one ``ResponseIdentity`` row naming the member."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from styrsam.core.audit import audit_record, audited_create, audited_update, snapshot
from styrsam.core.errors import Conflict, ValidationFailed

from .. import mail, tokens
from ..models import (
    Invitation,
    Panel,
    PanelMember,
    Question,
    QuestionOption,
    Response,
    ResponseIdentity,
    Survey,
    SurveyAnswer,
)
from ..selectors import invitation_usable
from .panels import _new_key, key_expiry, require_manages

MAX_OPTIONS = 20
MAX_TEXT = 5000
MAX_QUESTIONS = 50


def _require_draft(survey: Survey) -> None:
    if survey.status != Survey.Status.DRAFT:
        raise Conflict(
            _("Enkäten är skickad: frågorna kan inte ändras längre."),
            code="survey_sent",
            rule="G31",
        )


def _check_closes_on(closes_on: datetime.date) -> None:
    if closes_on < timezone.localdate():
        raise ValidationFailed(
            _("Sista svarsdag kan inte ha passerat."), code="deadline_passed", field="closes_on"
        )


@transaction.atomic
def survey_create(
    *,
    actor,
    panel: Panel,
    title: str,
    closes_on: datetime.date,
    introduction: str = "",
    anonymous: bool = True,
    questions: Iterable[dict] = (),
) -> Survey:
    require_manages(actor, panel)
    if not title.strip():
        raise ValidationFailed(_("Ge enkäten en rubrik."), field="title")
    _check_closes_on(closes_on)
    survey = Survey.objects.create(
        panel=panel,
        title=title.strip(),
        introduction=introduction.strip(),
        anonymous=anonymous,
        closes_on=closes_on,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    audited_create(actor=actor, action="survey.create", obj=survey, rule="G31")
    for spec in questions:
        question_add(actor=actor, survey=survey, **spec)
    return survey


@transaction.atomic
def survey_update(*, actor, survey: Survey, **changes) -> Survey:
    require_manages(actor, survey.panel)
    _require_draft(survey)
    unknown = set(changes) - {"title", "introduction", "anonymous", "closes_on"}
    if unknown:
        raise ValidationFailed(_("Okända fält: %(f)s") % {"f": ", ".join(sorted(unknown))})
    if "title" in changes and not changes["title"].strip():
        raise ValidationFailed(_("Ge enkäten en rubrik."), field="title")
    if "closes_on" in changes:
        _check_closes_on(changes["closes_on"])
    audited_update(actor=actor, obj=survey, action="survey.update", changes=changes, rule="G31")
    return survey


@transaction.atomic
def question_add(
    *,
    actor,
    survey: Survey,
    kind: str,
    text: str,
    help_text: str = "",
    required: bool = False,
    options: Iterable[str] = (),
    scale_min: int = 1,
    scale_max: int = 5,
    scale_min_label: str = "",
    scale_max_label: str = "",
) -> Question:
    """Single or multiple choice need 2–20 options; a scale runs from ``scale_min`` to
    ``scale_max`` (0–10); free text needs neither."""
    require_manages(actor, survey.panel)
    _require_draft(survey)
    if kind not in Question.Kind.values:
        raise ValidationFailed(_("Okänd frågetyp."), field="kind")
    if not text.strip():
        raise ValidationFailed(_("Skriv frågan."), field="text")
    labels = [o.strip() for o in options if o and o.strip()]
    if kind in (Question.Kind.SINGLE, Question.Kind.MULTIPLE):
        if not 2 <= len(labels) <= MAX_OPTIONS or len(set(labels)) != len(labels):
            raise ValidationFailed(
                _("Ange 2–%(n)s olika svarsalternativ, ett per rad.") % {"n": MAX_OPTIONS},
                code="options_required",
                field="options",
            )
    else:
        labels = []
    if kind == Question.Kind.SCALE and not 0 <= scale_min < scale_max <= 10:
        raise ValidationFailed(
            _("Skalan ska gå från ett lägre till ett högre värde mellan 0 och 10."),
            field="scale_max",
        )
    if survey.questions.count() >= MAX_QUESTIONS:
        raise Conflict(
            _("En enkät har högst %(n)s frågor.") % {"n": MAX_QUESTIONS}, code="too_many"
        )
    order = (survey.questions.aggregate(m=Max("order"))["m"] or 0) + 1
    question = Question.objects.create(
        survey=survey,
        order=order,
        kind=kind,
        text=text.strip()[:500],
        help_text=help_text.strip()[:500],
        required=required,
        scale_min=scale_min if kind == Question.Kind.SCALE else 1,
        scale_max=scale_max if kind == Question.Kind.SCALE else 5,
        scale_min_label=scale_min_label.strip()[:100] if kind == Question.Kind.SCALE else "",
        scale_max_label=scale_max_label.strip()[:100] if kind == Question.Kind.SCALE else "",
    )
    QuestionOption.objects.bulk_create(
        QuestionOption(question=question, order=i, label=label[:200])
        for i, label in enumerate(labels, start=1)
    )
    audit_record(
        actor=actor,
        action="survey.question_add",
        obj=survey,
        after={**snapshot(question), "options": labels},
        rule="G31",
    )
    return question


@transaction.atomic
def question_remove(*, actor, question: Question) -> None:
    survey = question.survey
    require_manages(actor, survey.panel)
    _require_draft(survey)
    audit_record(
        actor=actor,
        action="survey.question_remove",
        obj=survey,
        before=snapshot(question),
        rule="G31",
    )
    question.delete()


@transaction.atomic
def survey_send(*, actor, survey: Survey) -> int:
    """Send the survey to every active member who has consented and has no invitation yet
    (G31): each gets a personal, single-use link that expires after the last day. Sending again
    reaches members who joined since. Returns how many were invited."""
    survey = Survey.objects.select_for_update().select_related("panel").get(pk=survey.pk)
    require_manages(actor, survey.panel)
    if survey.status == Survey.Status.CLOSED:
        raise Conflict(_("Enkäten är avslutad."), code="survey_closed", rule="G31")
    _check_closes_on(survey.closes_on)
    if not survey.questions.exists():
        raise Conflict(_("Enkäten har inga frågor."), code="no_questions")
    members = list(
        PanelMember.objects.filter(
            panel=survey.panel, status=PanelMember.Status.ACTIVE, consented_at__isnull=False
        ).exclude(invitations__survey=survey)
    )
    if not members and survey.status == Survey.Status.DRAFT:
        raise Conflict(
            _(
                "Panelen har inga medlemmar som har samtyckt. Bara den som själv har samtyckt "
                "får enkäter (G31)."
            ),
            code="no_consented_members",
            rule="G31",
        )
    now = timezone.now()
    expires = timezone.make_aware(
        datetime.datetime.combine(survey.closes_on + datetime.timedelta(days=1), datetime.time.min)
    )
    invitations, messages = [], []
    for member in members:
        token, digest = tokens.new_token()
        invitations.append(
            Invitation(
                survey=survey, member=member, token_hash=digest, sent_at=now, expires_at=expires
            )
        )
        key = _new_key(member, key_expiry(member))
        messages.append(
            mail.survey_invitation(survey=survey, email=member.email, token=token, key=key)
        )
    Invitation.objects.bulk_create(invitations)
    before = snapshot(survey, ["status"])
    if survey.status == Survey.Status.DRAFT:
        survey.status, survey.sent_at = Survey.Status.OPEN, now
        survey.save(update_fields=["status", "sent_at", "updated_at"])
    audit_record(
        actor=actor,
        action="survey.send",
        obj=survey,
        before=before,
        after={"status": survey.status, "invited": len(members)},
        rule="G31",
    )
    transaction.on_commit(lambda: mail.send_all(messages))
    return len(members)


@transaction.atomic
def survey_close(*, actor, survey: Survey) -> Survey:
    survey = Survey.objects.select_for_update().select_related("panel").get(pk=survey.pk)
    require_manages(actor, survey.panel)
    if survey.status != Survey.Status.OPEN:
        raise Conflict(_("Bara en utskickad enkät kan avslutas."), code="not_open", rule="G31")
    audited_update(
        actor=actor,
        obj=survey,
        action="survey.close",
        changes={"status": Survey.Status.CLOSED, "closed_at": timezone.now()},
        rule="G31",
    )
    return survey


class LinkNotUsable(Conflict):
    """The personal link is unknown, used, expired or its survey closed: the public page
    answers this exactly as it answers a link that never existed (404)."""

    default_code = "link_invalid"


def _answer_values(question: Question, value) -> dict:
    """The stored values of one answer, or ``ValidationFailed`` on the question's field."""
    field = f"q{question.pk}"
    empty = value in (None, "", [])
    if empty:
        if question.required:
            raise ValidationFailed(_("Besvara frågan."), code="required", field=field)
        return {}
    if question.kind == Question.Kind.TEXT:
        text = str(value).strip()
        if len(text) > MAX_TEXT:
            raise ValidationFailed(
                _("Högst %(n)s tecken.") % {"n": MAX_TEXT}, code="too_long", field=field
            )
        return {"text": text} if text else {}
    if question.kind == Question.Kind.SCALE:
        if not isinstance(value, int) or not question.scale_min <= value <= question.scale_max:
            raise ValidationFailed(_("Välj ett värde på skalan."), code="invalid", field=field)
        return {"number": value}
    options = {o.pk for o in question.options.all()}
    chosen = value if isinstance(value, list) else [value]
    if (
        not all(isinstance(c, int) and c in options for c in chosen)
        or len(set(chosen)) != len(chosen)
        or (question.kind == Question.Kind.SINGLE and len(chosen) != 1)
    ):
        raise ValidationFailed(_("Välj bland svarsalternativen."), code="invalid", field=field)
    return {"choices": sorted(chosen)}


@transaction.atomic
def survey_respond(*, invitation: Invitation, answers: dict[int, object]) -> Response:
    """The citizen's answers through their personal link, once (G31). ``answers`` maps a
    question's id to an option id (single), option ids (multiple), an integer (scale) or a
    text. The invitation is locked and marked used in the same transaction, so two
    submissions of one link store one response."""
    invitation = (
        Invitation.objects.select_for_update(of=("self",))
        .select_related("survey", "member")
        .filter(pk=invitation.pk)
        .first()
    )
    if invitation is None or not invitation_usable(invitation):
        raise LinkNotUsable(_("Länken går inte att använda."))
    survey = invitation.survey
    questions = list(survey.questions.order_by("order", "id").prefetch_related("options"))
    rows = []
    for question in questions:
        values = _answer_values(question, answers.get(question.pk))
        if values:
            rows.append((question, values))
    response = Response.objects.create(survey=survey)
    SurveyAnswer.objects.bulk_create(
        SurveyAnswer(response=response, question=question, **values) for question, values in rows
    )
    now = timezone.now()
    if not survey.anonymous:
        ResponseIdentity.objects.create(
            response=response, member=invitation.member, submitted_at=now
        )
    invitation.used_at = now
    invitation.save(update_fields=["used_at"])
    return response
