"""The start page's to-dos that wait for a value (``core.todo.Later``, issue 18): every
provider's counts, yes/no questions and single values read in one query, each item's to-dos
in its place; a query that can have no row is not asked."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from styrsam.core.todo import Todo, batched, count, exists, first_value, resolve

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    User = get_user_model()
    return [User.objects.create(username=name) for name in ("berit", "adam", "cecilia")]


def _todo(text):
    return lambda value: Todo(text=f"{text}: {value}")


def test_the_values_of_several_items_are_one_query_and_each_to_do_keeps_its_place(
    people, count_queries
):
    User = get_user_model()
    found = [
        Todo(text="först"),
        count(User.objects.filter(username__in=["adam", "berit"]), _todo("antal")),
        exists(User.objects.filter(username="david"), _todo("finns")),
        Todo(text="mitt"),
        first_value(User.objects.order_by("username").values_list("username"), _todo("först i")),
        first_value(User.objects.filter(username="david").values_list("pk"), _todo("ingen")),
        count(User.objects.all(), lambda n: [Todo(text=f"{i}") for i in range(n)]),
        exists(User.objects.filter(username="cecilia"), lambda yes: None),
    ]
    with count_queries() as q:
        items = resolve(found)
    assert q.count == 1
    assert [t.text for t in items] == [
        "först",
        "antal: 2",
        "finns: False",
        "mitt",
        "först i: adam",
        "ingen: None",
        "0",
        "1",
        "2",
    ]


def test_a_query_that_can_have_no_row_is_not_asked(people, count_queries):
    User = get_user_model()
    found = [
        count(User.objects.none(), _todo("antal")),
        exists(User.objects.filter(pk__in=[]), _todo("finns")),
        first_value(User.objects.none().values_list("username"), _todo("värde")),
    ]
    with count_queries() as q:
        items = resolve(found)
    assert q.count == 0
    assert [t.text for t in items] == ["antal: 0", "finns: False", "värde: None"]


def test_a_batched_provider_called_on_its_own_gives_its_to_dos(people):
    User = get_user_model()

    @batched
    def todos(user, policy):
        return [count(User.objects.exclude(pk=user.pk), _todo("andra"))]

    assert [t.text for t in todos(people[0], None)] == ["andra: 2"]
    assert [type(item).__name__ for item in todos.items(people[0], None)] == ["Later"]


def test_a_count_or_a_yes_reads_the_rows_not_their_columns(people, count_queries):
    """``SELECT 1``, not every column of the model and of its related objects; a distinct
    or grouped query keeps its columns, which are what it counts."""
    from django.contrib.auth.models import Group
    from django.db.models import Count

    User = get_user_model()
    staff = Group.objects.create(name="stab")
    for person in people:
        person.groups.add(staff)
    people[0].groups.add(Group.objects.create(name="ledning"))
    found = [
        count(User.objects.filter(groups__name__in=["stab", "ledning"]), _todo("rader")),
        count(User.objects.filter(groups__name__in=["stab", "ledning"]).distinct(), _todo("olika")),
        count(User.objects.values("is_staff").distinct(), _todo("sorter")),
        count(User.objects.values("is_staff").annotate(n=Count("pk")), _todo("grupper")),
        exists(User.objects.select_related(None).filter(username="adam"), _todo("adam")),
        count(User.objects.filter(username__startswith="c").order_by("-pk"), _todo("c")),
    ]
    items = resolve(found)
    assert [t.text for t in items] == [
        "rader: 4",
        "olika: 3",
        "sorter: 1",
        "grupper: 1",
        "adam: True",
        "c: 1",
    ]
    plain = [found[0], found[4], found[5]]
    with count_queries() as q:
        assert [t.text for t in resolve(plain)] == ["rader: 4", "adam: True", "c: 1"]
    sql = q.context.captured_queries[0]["sql"]
    assert "last_login" not in sql and "password" not in sql  # no column of the rows


def test_the_url_of_many_ids_is_the_reversed_url_of_each(settings):
    """``url_by_pk`` (the lists' and the to-dos'): the URL of each id reversed once, not per
    row or to-do, as ``reverse`` gives it, the script prefix of the request included."""
    from django.urls import NoReverseMatch, reverse, set_script_prefix

    from styrsam.core.lists import url_by_pk

    for prefix in ("/", "/styrsam/"):
        set_script_prefix(prefix)
        try:
            for name in ("cases:case_detail", "cases:consultation_detail"):
                url = url_by_pk(name)
                for pk in (1, 7, 40, 123456):
                    assert url(pk) == reverse(name, args=[pk])
                    assert url(pk).startswith(prefix)
        finally:
            set_script_prefix("/")
    with pytest.raises(NoReverseMatch):  # a URL without an id, as ``reverse``
        url_by_pk("home")
