"""JSON Schema of the policy file. Structure only; cross-references are checked in validation.py."""

CODE = {"type": "string", "pattern": "^[a-z][a-z0-9_]*$"}
TEXT = {"type": "string", "minLength": 1}
RULE = {"type": "string", "pattern": "^G[0-9]{2}$"}
CODES = {"type": "array", "items": CODE, "uniqueItems": True}
TEXTS = {"type": "array", "items": TEXT}
YEAR_RANGE = {
    "type": "object",
    "required": ["min", "max"],
    "additionalProperties": False,
    "properties": {
        "min": {"type": "integer", "minimum": 0, "maximum": 366},
        "max": {"type": "integer", "minimum": 0, "maximum": 366},
    },
}
BODY = {
    "type": "object",
    "additionalProperties": False,
    "minProperties": 1,
    "maxProperties": 1,
    "properties": {"group": CODE, "role": CODE},
}

# What Styrsam's code depends on, asked of the policy by meaning instead of by code
# (docs/decisions/0006). Each capability lists the roles that have it; a role of scope
# ``unit`` has it for its own unit only (the ``unit`` capabilities).
CAPABILITIES = {
    "coordinate": "samordnar: grupper, roller, remisser, vidarebefordran, bolagsmöten, "
    "systemförteckningen och hyressystemet (G02, G05)",
    "record_decisions": "registrerar beslutande gruppers beslut utanför protokoll (G13)",
    "register_systems": "registrerar system för sin enhet (G17)",
    "manage_platform": "förvaltar IT-plattformens anslutningar (G06, G20)",
    "read_all_costs": "ser alla systems kostnader (G16)",
    "read_unit_costs": "ser kostnader för system som den egna enheten äger (G25)",
    "read_all_ledger": "ser alla förvaltningars hyror och utrustning (G24)",
    "read_unit_ledger": "ser den egna förvaltningens hyror (G24)",
    "manage_budget": "förvaltar IT-enhetens investeringsbudget (G08)",
    "read_budget": "ser investeringsbudgeten (G08)",
    "run_rent": "kör månadens hyresdebitering (G08, G24)",
    "read_unit_orders": "ser den egna förvaltningens beställningar (G07)",
    "lead_unit": "leder en förvaltning: får vidarebefordrad information (G03)",
    # Added after schema 2 (the finance app, issue 14); guideline/upgrade.py fills them in,
    # by the default guideline's roles, in a policy that does not state them.
    "propose_budget": "föreslår IT-budgetar för kommande 3–4 år (G13, G16)",
    "record_budget_decisions": "registrerar budgetbeslut ur den beslutande gruppens protokoll (G16)",
    "read_all_finance": "ser alla förvaltningars IT-kostnader, budgetar och fördelningar (G16, G24–G27)",
    "read_unit_finance": "ser den egna förvaltningens IT-kostnader och budget (G24–G27)",
    "manage_allocation": "fastställer fördelningsnycklar för kommungemensamma system (G26)",
    "manage_unit_budget": "anger den egna förvaltningens IT-budget (G24–G27)",
    "run_panels": "driver medborgarpaneler och enkäter för sin enhet (G31)",
    # the documents app (issue 15): governing documents from draft to the public website
    "draft_documents": "formulerar styrdokument och skickar dem på remiss (G05, G13, G28)",
    "publish_documents": "publicerar fastställda styrdokument på intranätet och webbplatsen (G12, G28)",
    "manage_projects": "registrerar och ändrar projekt och planer, för sin enhet (G01, G03, G05)",
    "staff_projects": "bemannar förvaltningarnas projekt med IT-enhetens personal (G11)",
}
CAPABILITY_SCHEMA = {**CODES, "minItems": 1}
# The budget kinds of the finance app (``finance.models.BudgetKind``): IT unit investment
# (G08) and operating budgets (G16), the IT platform (G13), the co-financing pool (G27).
BUDGET_KINDS = ["investment", "operating", "platform", "pool"]

POLICY_SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "required": [
        "schema_version",
        "name",
        "roles",
        "units",
        "groups",
        "system_categories",
        "common_system_kinds",
        "financing",
        "case_types",
        "obligations",
        "capabilities",
        "designations",
    ],
    "additionalProperties": False,
    "properties": {
        "schema_version": {"const": 2},
        "capabilities": {
            "type": "object",
            "additionalProperties": False,
            "required": list(CAPABILITIES),
            "properties": dict.fromkeys(CAPABILITIES, CAPABILITY_SCHEMA),
        },
        "designations": {
            "type": "object",
            "additionalProperties": False,
            "required": ["it_unit", "system_owner_role"],
            "properties": {
                "it_unit": CODE,  # the unit (under units) that is the IT unit (G06)
                "system_owner_role": CODE,  # the role of a system's owner (G15)
            },
        },
        "name": TEXT,
        "adopted_by": CODE,
        "roles": {
            "type": "object",
            "minProperties": 1,
            "propertyNames": CODE,
            "additionalProperties": {
                "type": "object",
                "required": ["name", "scope"],
                "additionalProperties": False,
                "properties": {
                    "name": TEXT,
                    "scope": {"enum": ["municipality", "unit"]},
                    "rule": RULE,
                    "duties": TEXTS,
                    # the roles a holder of this role may grant to others (and end), never
                    # to themselves (issue 11: who may give which role)
                    "grants": CODES,
                },
            },
        },
        "units": {"type": "object", "propertyNames": CODE, "additionalProperties": TEXT},
        "groups": {
            "type": "object",
            "minProperties": 1,
            "propertyNames": CODE,
            "additionalProperties": {
                "type": "object",
                "required": ["name", "chair", "convener", "meetings_per_year", "composition"],
                "additionalProperties": False,
                "properties": {
                    "name": TEXT,
                    "rule": RULE,
                    "purpose": TEXT,
                    "chair": {
                        "type": "object",
                        "additionalProperties": False,
                        "minProperties": 1,
                        "properties": {
                            "role": CODE,
                            "may_appoint": {"type": "boolean"},
                            "elected": {"type": "boolean"},
                        },
                    },
                    "convener": {
                        "type": "object",
                        "additionalProperties": False,
                        "required": ["role"],
                        "properties": {"role": CODE},
                    },
                    "meetings_per_year": YEAR_RANGE,
                    "composition": {
                        "type": "object",
                        "additionalProperties": False,
                        "minProperties": 1,
                        "properties": {
                            "roles": CODES,
                            "represent_each_unit_kind": {
                                "type": "array",
                                "items": {"enum": ["department", "company", "staff_unit"]},
                            },
                            "represent_units": CODES,
                            "every_holder_of": CODES,
                            "owners_of_criticality": CODE,
                        },
                    },
                    "duties": TEXTS,
                    "member_duties": TEXTS,
                    "standing_items": TEXTS,
                    "budget_horizon_years": YEAR_RANGE,
                },
            },
        },
        "system_categories": {
            "type": "object",
            "propertyNames": CODE,
            "minProperties": 1,
            "additionalProperties": {
                "type": "object",
                "required": ["name"],
                "additionalProperties": False,
                "properties": {
                    "name": TEXT,
                    "rule": RULE,
                    "one_per_kind": {"type": "boolean"},
                },
            },
        },
        "common_system_kinds": {
            "type": "object",
            "propertyNames": CODE,
            "additionalProperties": {
                "type": "object",
                "required": ["name"],
                "additionalProperties": False,
                "properties": {
                    "name": TEXT,
                    "components": CODES,
                    "platform": {"type": "boolean"},  # this kind is the IT platform (G18, G20)
                    "one_network_including_companies": {"type": "boolean"},
                    "one_phone_number_including_companies": {"type": "boolean"},
                },
            },
        },
        "financing": {
            "type": "object",
            "required": ["principles"],
            "additionalProperties": False,
            "properties": {
                "base_principle": {
                    "type": "object",
                    "additionalProperties": False,
                    "properties": {"rule": RULE, "text": TEXT},
                },
                "principles": {
                    "type": "object",
                    "propertyNames": CODE,
                    "minProperties": 1,
                    "additionalProperties": {
                        "type": "object",
                        "required": ["name", "categories"],
                        "additionalProperties": False,
                        "properties": {
                            "name": TEXT,
                            "rule": RULE,
                            "categories": CODES,
                            # who pays a system of this principle: its owning department
                            # (G25), the departments by an allocation key (G26) or central
                            # funds (G26); upgrade.py fills it in for the default codes
                            "charged_to": {"enum": ["owner", "allocated", "central"]},
                        },
                    },
                },
                "co_financing": {
                    "type": "object",
                    "additionalProperties": False,
                    "properties": {"rule": RULE, "decided_by": BODY},
                },
            },
        },
        "case_types": {
            "type": "object",
            "propertyNames": CODE,
            "additionalProperties": {
                "type": "object",
                "required": ["name", "series", "steps"],
                "additionalProperties": False,
                "properties": {
                    "name": TEXT,
                    "rule": RULE,
                    "series": {"type": "string", "pattern": "^[A-ZÅÄÖ]{1,6}$"},
                    "reported_by": CODES,
                    # a decision to buy registers a system of this category (G17, G21, G23)
                    "registers_system": CODE,
                    # the case applies for and is granted an amount (G27)
                    "carries_amount": {"type": "boolean"},
                    "steps": {
                        "type": "array",
                        "minItems": 1,
                        "items": {
                            "type": "object",
                            "required": ["code", "name", "performers"],
                            "additionalProperties": False,
                            "properties": {
                                "code": CODE,
                                "name": TEXT,
                                "performers": {
                                    "type": "object",
                                    "additionalProperties": False,
                                    "required": ["roles"],
                                    "properties": {
                                        "roles": {**CODES, "minItems": 1},
                                    },
                                },
                                "when_needed": {"type": "boolean"},
                                "consultation_group": CODE,
                                # plain; consultation (needs consultation_group, G14);
                                # forwarding (G03: passes the case on, then closes it)
                                "kind": {"enum": ["plain", "consultation", "forwarding"]},
                                # a consultation anchors the case only with at least this
                                # many answers (G14, G21); optional, 0 when not stated
                                "min_answers": {"type": "integer", "minimum": 0, "maximum": 100},
                            },
                        },
                    },
                    "decision": {
                        "oneOf": [
                            {"type": "null"},
                            {
                                "type": "object",
                                "required": ["body"],
                                "additionalProperties": False,
                                "properties": {"body": BODY, "escalation": BODY},
                            },
                        ]
                    },
                },
            },
        },
        "obligations": {
            "type": "object",
            "propertyNames": CODE,
            "additionalProperties": {
                "type": "object",
                "required": ["name", "min_per_year"],
                "additionalProperties": False,
                "properties": {
                    "name": TEXT,
                    "rule": RULE,
                    # what Styrsam follows up for it (company_meetings: G04)
                    "kind": {"enum": ["company_meetings", "self_assessment", "citizen_panel"]},
                    "responsible_role": CODE,
                    "per_unit_kind": {"enum": ["department", "company", "staff_unit"]},
                    "group": CODE,
                    # the group the obligation's result is reported to (G30: the steering group)
                    "report_to": CODE,
                    "min_per_year": {"type": "integer", "minimum": 0},
                    "remind_from": {"type": "string", "pattern": "^[01][0-9]-[0-3][0-9]$"},
                },
            },
        },
        "orders": {
            "type": "object",
            "required": ["approvals"],
            "additionalProperties": False,
            "properties": {
                "rule": RULE,
                "approvals": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "required": ["role", "of"],
                        "additionalProperties": False,
                        "properties": {
                            "role": CODE,
                            "of": {"enum": ["ordering_unit", "system"]},
                            "kinds": CODES,
                        },
                    },
                },
                "fulfilled_by": CODES,
                "catalogue_managed_by": CODES,
            },
        },
        "rental": {
            "type": "object",
            "required": ["rent_decided_by", "rent_decision_roles"],
            "additionalProperties": False,
            "properties": {
                "rule": RULE,
                "rent_decided_by": BODY,
                "rent_decision_roles": {**CODES, "minItems": 1},
                "managed_by": CODES,
                "budget_warning_percent": {"type": "integer", "minimum": 1, "maximum": 100},
                # Celery beat runs last month's rent on the 1st (styrsam/schedule.py); off unless
                # the policy says so.
                "monthly_rent_run": {"type": "boolean"},
            },
        },
        # Budgets of the finance app (G13, G16): the group whose minutes decide them and, per
        # budget kind, a group that proposes it first (G13: the IT platform's budget).
        "finance": {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                "rule": RULE,
                "budget_decided_by": BODY,
                "budget_proposed_by": {
                    "type": "object",
                    "propertyNames": {"enum": BUDGET_KINDS},
                    "additionalProperties": BODY,
                },
            },
        },
        # Bounds of dates, months and years the system accepts (styrsam.core.bounds).
        "limits": {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                "date_window": {
                    "type": "object",
                    "required": ["first_year", "last_year"],
                    "additionalProperties": False,
                    "properties": {
                        "first_year": {"type": "integer", "minimum": 1900, "maximum": 9998},
                        "last_year": {"type": "integer", "minimum": 1901, "maximum": 9999},
                    },
                },
            },
        },
        "guidelines": {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                "produced_by": BODY,
                "consulted": BODY,
                "adopted_by": BODY,
                "published_on": CODES,
                "case_type": CODE,
            },
        },
    },
}
