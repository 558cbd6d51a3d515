"""Events and providers of the organisation app that higher apps fill in
(``styrsam.core.hooks``)."""

from styrsam.core.hooks import Hook

owners_of_criticality = Hook(
    "owners_of_criticality",
    "Provider: first(criticality=) -> queryset of the active people who own a system of that "
    "criticality (G15: the system owners group's composition). The systems app answers it.",
)
