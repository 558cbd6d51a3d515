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
