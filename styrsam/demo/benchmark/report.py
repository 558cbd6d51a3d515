"""The benchmark's Markdown: machine, load, database and command line; the baselines; one row
per page with a cell per persona (status, queries, median / p95); the rent run; the load
test; the worst rows. A figure over a goal is marked ⚠. With the figures of a run at another
scale (``--compare``, written by that run's ``--json``) also the growth of every page ×
persona pair: the median here over the median there and the difference in queries.
``write_section`` replaces the part of a file between the two markers (appended if absent)."""

from __future__ import annotations

import json
from pathlib import Path

START, END = "<!-- benchmark:start -->", "<!-- benchmark:end -->"
GOALS = {"queries": 15, "median": 50.0, "p95": 150.0}
GROWTH = 1.5  # the median at the full data over the median at a tenth of it, at most
FIGURES = ("kind", "name", "url", "persona", "status", "queries", "median", "p95", "cpu", "runs")


def over_goals(row: dict) -> list[str]:
    """What of a measured row is over a goal (a row not answered 200 is not measured)."""
    if row["status"] != 200 or row["median"] is None:
        return []
    found = []
    if row["queries"] > GOALS["queries"]:
        found.append("queries")
    if row["median"] > GOALS["median"]:
        found.append("median")
    if row["p95"] > GOALS["p95"]:
        found.append("p95")
    return found


def _cell(row: dict | None, runs: int) -> str:
    if row is None:
        return ""
    if row["status"] != 200:
        return f"{row['status']}"
    if row["median"] is None:  # --runs 0: status and queries only
        return f"{row['queries']} q"
    over = over_goals(row)

    def mark(key, text):
        return f"**{text}** ⚠" if key in over else text

    queries = mark("queries", f"{row['queries']} q")
    median = mark("median", f"{row['median']:.0f}")
    p95 = mark("p95", f"{row['p95']:.0f} ms")
    fewer = f" (n={row['runs']})" if row.get("runs") and row["runs"] < runs else ""
    return f"{queries} · {median} / {p95}{fewer}"


def _table(rows, personas, kind, runs) -> list[str]:
    chosen = [r for r in rows if r["kind"] in kind]
    names = list(dict.fromkeys((r["name"], r["url"]) for r in chosen))
    by_key = {(r["name"], r["persona"]): r for r in chosen}
    lines = [
        "| " + " | ".join(["page", *personas]) + " |",
        "|" + "---|" * (len(personas) + 1),
    ]
    for name, url in names:
        cells = [_cell(by_key.get((name, p)), runs) for p in personas]
        lines.append(f"| `{url}` ({name}) | " + " | ".join(cells) + " |")
    return lines


def _exports(rows) -> list[str]:
    if not rows:
        return []
    lines = [
        "### Exports (the IT strategist, one request each, the whole body read)",
        "",
        "| export | status | queries | size | time |",
        "|---|---|---|---|---|",
    ]
    for r in rows:
        lines.append(
            f"| `{r['url']}` | {r['status']} | {r['queries']} | {r['bytes'] / 1e6:.1f} MB | "
            f"{r['seconds']:.2f} s |"
        )
    return [*lines, ""]


def _cpu_cell(result: dict) -> str:
    if result.get("server_cpu") is None:
        return "not measured"
    return f"{result['server_cpu']:.1f} ms · {result['database_cpu']:.1f} ms"


def _prepared(server: dict) -> str:
    threshold = server.get("prepare_threshold")
    if threshold is None:
        return "no prepared statements"
    return f"a query prepared after {threshold} runs on a connection (`DB_PREPARE_THRESHOLD`)"


def server_note(server: dict) -> str:
    """The load test server's configuration, as the server reported it."""
    loaders = ", ".join(f"`{name.rsplit('.', 2)[-2]}`" for name in server["loaders"])
    return (
        "The server ran the production settings (`STYRSAM_ENV=production`, plain HTTP on "
        f"the loopback without the redirect to HTTPS): DEBUG {'on' if server['debug'] else 'off'}, "
        f"template loader {loaders or 'Django’s default'}, `CONN_MAX_AGE` "
        f"{server['conn_max_age']} with health checks "
        f"{'on' if server['conn_health_checks'] else 'off'}, {_prepared(server)}, static files from "
        f"`{server['staticfiles'].rsplit('.', 1)[-1]}`, gunicorn's configuration of "
        f"`styrsam serve` ({server['frozen']:,} objects of a worker's start-up frozen by "
        "`gc.freeze()`)."
    )


def figures(info: dict, rows: list[dict], personas: list[str]) -> dict:
    """The run's raw figures (``--json``): what ``--compare`` of a later run reads."""
    return {
        "command": info["command"],
        "started": info["started"],
        "finished": info["finished"],
        "scale": info["scale"],
        "seed": info["seed"],
        "runs": info["runs"],
        "load_before": info["load_before"],
        "load_after": info["load_after"],
        "baselines": [
            {k: b.get(k) for k in ("label", "url", "status", "queries", "median", "p95")}
            for b in info["baselines"]
        ],
        "personas": personas,
        "rows": [{k: r.get(k) for k in FIGURES} for r in rows],
    }


def read_figures(path: Path) -> dict:
    figures = json.loads(path.read_text(encoding="utf-8"))
    figures["file"] = str(path)
    return figures


def _key(row: dict) -> tuple[str, str, str]:
    # a detail page's URL differs between the scales (another key): the URL name is the page
    return (row["kind"], row["name"], row["persona"])


def growth_pairs(rows: list[dict], there: dict) -> list[dict]:
    """Every page × persona pair of this run with its pair in the run ``there``: ``factor``
    (median here / median there, ``None`` unless both were timed), ``cpu_factor`` (the same
    of the median CPU times), ``more_queries`` (queries here − queries there, ``None`` unless
    both answered the same status) and ``warn`` (the factor is over ``GROWTH`` or the
    queries grew)."""
    before = {_key(r): r for r in there["rows"]}
    pairs = []
    for row in rows:
        old = before.get(_key(row))
        factor = cpu_factor = more = None
        if old is not None and old["status"] == row["status"]:
            more = row["queries"] - old["queries"]
            factor = _ratio(row.get("median"), old.get("median"))
            cpu_factor = _ratio(row.get("cpu"), old.get("cpu"))
        warn = (factor is not None and factor > GROWTH) or (more is not None and more > 0)
        pairs.append(
            {**row, "there": old, "factor": factor, "cpu_factor": cpu_factor,
             "more_queries": more, "warn": warn}
        )  # fmt: skip
    return pairs


def _ratio(now, before) -> float | None:
    return now / before if now is not None and before else None


def _growth_cell(pair: dict | None) -> str:
    if pair is None:
        return ""
    old = pair["there"]
    if old is None:
        return "not measured there"
    if old["status"] != pair["status"]:
        return f"status {old['status']} → {pair['status']}"
    if pair["status"] != 200 and pair["median"] is None:
        return f"{pair['status']}"
    more = pair["more_queries"]
    queries = f"{more:+d} q" + (" ⚠" if more > 0 else "")
    if pair["factor"] is None:  # --runs 0 on one side: queries only
        return queries
    factor = f"{pair['factor']:.2f}×"
    if pair["factor"] > GROWTH:
        factor = f"**{factor}** ⚠"
    return f"{factor} ({old['median']:.0f} → {pair['median']:.0f} ms) · {queries}"


def _growth_table(pairs, personas, kind) -> list[str]:
    chosen = [p for p in pairs if p["kind"] in kind]
    names = list(dict.fromkeys(p["name"] for p in chosen))
    by_key = {(p["name"], p["persona"]): p for p in chosen}
    url = {p["name"]: p["url"] for p in chosen}
    lines = [
        "| " + " | ".join(["page", *personas]) + " |",
        "|" + "---|" * (len(personas) + 1),
    ]
    for name in names:
        cells = [_growth_cell(by_key.get((name, p))) for p in personas]
        lines.append(f"| `{url[name]}` ({name}) | " + " | ".join(cells) + " |")
    return lines


def growth_summary(pairs, kinds, factor="factor") -> str:
    """``a of b`` pairs (both runs timed) whose median (``factor="cpu_factor"``: median CPU
    time) grew at most ``GROWTH`` times."""
    timed = [p for p in pairs if p["kind"] in kinds and p[factor] is not None]
    good = [p for p in timed if p[factor] <= GROWTH]
    return f"{len(good)} of {len(timed)}"


def _baseline_growth(info: dict, there: dict) -> str:
    old = {b["label"]: b for b in there.get("baselines", [])}
    parts = []
    for b in info["baselines"]:
        o = old.get(b["label"])
        if o and o.get("median") and b.get("median"):
            parts.append(
                f"{b['label']} {o['median']:.1f} → {b['median']:.1f} ms "
                f"({b['median'] / o['median']:.2f}×)"
            )
    return "; ".join(parts) or "not measured"


def _cpu(pair: dict) -> str:
    before, now = pair["there"].get("cpu"), pair.get("cpu")
    if before is None or now is None:
        return ""
    return f"{before:.0f} → {now:.0f} ms"


def _growth(info: dict, rows: list[dict], personas: list[str]) -> list[str]:
    there = info.get("compare")
    if not there:
        return []
    pairs = growth_pairs(rows, there)
    more = [p for p in pairs if p["more_queries"] is not None and p["more_queries"] > 0]
    pages = {"sida", "detaljsida"}
    lines = [
        f"### Growth from the scale `{there['scale']}`",
        "",
        f"Compared with `{there['file']}`: `{there['command']}`, run {there['started']}–"
        f"{there['finished']} UTC (load average before: {there['load_before']}, after: "
        f"{there['load_after']}). A cell is `growth of the median (median there → here) · "
        f"queries here − there`; ⚠ marks a growth over {GROWTH}× or a "
        "query count that grew; a bare number is a status both runs answered (not timed); "
        "every pair of this run is listed. The baselines' growth (the noise between the two "
        "runs): "
        f"{_baseline_growth(info, there)}. Medians of a few ms are noisy (a millisecond of "
        "jitter is a growth of 1.2–1.5× there), and a factor compares two runs: it means "
        "something only if both ran back to back on an equally loaded machine.",
        "",
        f"**{growth_summary(pairs, pages)}** page × persona pairs and "
        f"**{growth_summary(pairs, {'API'})}** API list × persona pairs timed in both runs "
        f"grow at most {GROWTH}×; pairs with more queries here: {len(more)}. By the median "
        "CPU time of the Django process, which depends less on the machine's load (but "
        "leaves out the database server's time): "
        f"**{growth_summary(pairs, pages, 'cpu_factor')}** and "
        f"**{growth_summary(pairs, {'API'}, 'cpu_factor')}**.",
        "",
        "#### Pages",
        "",
        *_growth_table(pairs, personas, {"sida"}),
        "",
        "#### One detail page per kind",
        "",
        *_growth_table(pairs, personas, {"detaljsida"}),
        "",
        "#### API lists",
        "",
        *_growth_table(pairs, personas, {"API"}),
        "",
        "#### Largest growth",
        "",
        "A page whose CPU time grew too grew with the data, not with the load.",
        "",
        *_largest(pairs, "factor"),
        "",
        "#### Largest growth of the CPU time",
        "",
        *_largest(pairs, "cpu_factor"),
        "",
    ]
    return lines


def _largest(pairs: list[dict], factor: str) -> list[str]:
    grown = sorted((p for p in pairs if p[factor] is not None), key=lambda p: -p[factor])
    return [
        "| page | persona | growth | median there → here | CPU there → here | "
        "queries there → here |",
        "|---|---|---|---|---|---|",
        *(
            f"| `{p['url']}` | {p['persona']} | {p[factor]:.2f}× | "
            f"{p['there']['median']:.0f} → {p['median']:.0f} ms | {_cpu(p)} | "
            f"{p['there']['queries']} → {p['queries']} |"
            for p in grown[:15]
        ),
    ]


def _growth_line(info: dict, rows: list[dict]) -> str:
    there = info.get("compare")
    if not there:
        return ""
    pairs = growth_pairs(rows, there)
    return (
        f" **{growth_summary(pairs, {'sida', 'detaljsida'})}** page × persona pairs and "
        f"**{growth_summary(pairs, {'API'})}** API list × persona pairs grow at most "
        f"{GROWTH}× from the scale `{there['scale']}` (below)."
    )


def summary(rows, kinds) -> str:
    timed = [r for r in rows if r["kind"] in kinds and r["median"] is not None]
    good = [r for r in timed if not over_goals(r)]
    return f"{len(good)} of {len(timed)}"


def markdown(info: dict, rows: list[dict], personas: list[str]) -> str:
    base = info["baselines"]
    lines = [
        START,
        "## The project's own benchmark (issue 18)",
        "",
        f"`{info['command']}`, run {info['started']}–{info['finished']} UTC on "
        f"{info['machine']}; {info['database']}; `CONN_MAX_AGE` {info['conn_max_age']}. "
        f"Load average (1, 5, 15 min) before: {info['load_before']}, after: "
        f"{info['load_after']}. {info['note']}",
        "",
        f"Data (the demo municipality plus the scale `{info['scale']}`, seed {info['seed']}, "
        f"generated in {info['generated']}): " + ", ".join(info["totals"]) + ".",
        "",
        f"Each page was requested {info['runs']} times per persona after one warm-up request, "
        "through Django's test client (whole middleware stack, logged in), with the objects "
        "alive at the start frozen (`gc.freeze()`, as a server's worker after its start-up) "
        "and the garbage of the pages before collected before each page's runs, "
        "beside the bare-Django baselines of the same run: "
        + "; ".join(
            f"{b['label']}: median {b['median']:.1f} ms, p95 {b['p95']:.1f} ms, "
            f"{b['queries']} queries"
            for b in base
        )
        + ". A cell is `queries · median / p95`; ⚠ marks a figure over a goal (≤ 15 queries, "
        "median ≤ 50 ms, p95 ≤ 150 ms); a bare number is the status of a page the persona "
        "may not open (not timed). A page whose runs took 5 s in all was not requested "
        "again: `(n=…)` says how many runs its figures come from.",
        "",
        f"**{summary(rows, {'sida', 'detaljsida'})}** page × persona pairs and "
        f"**{summary(rows, {'API'})}** API list × persona pairs meet every goal."
        + _growth_line(info, rows),
        "",
        "### Pages",
        "",
        *_table(rows, personas, {"sida"}, info["runs"]),
        "",
        "### One detail page per kind",
        "",
        *_table(rows, personas, {"detaljsida"}, info["runs"]),
        "",
        "### API lists (`GET`, first page)",
        "",
        *_table(rows, personas, {"API"}, info["runs"]),
        "",
        *_growth(info, rows, personas),
        *_exports(info.get("exports")),
        "### Rent run",
        "",
        "| run | time | lines | amount |",
        "|---|---|---|---|",
        *(f"| {r[0]} | {r[1]:.2f} s | {r[2]} | {r[3]} kr |" for r in info["rent"]),
        "",
        "### Loopback load test",
        "",
        info["load_note"],
        "",
    ]
    if info["load"]:
        lines += [
            "| request | requests | 200 | req/s | share of the 50-systems baseline | median | p95 "
            "| CPU per request: server · PostgreSQL |",
            "|---|---|---|---|---|---|---|---|",
        ]
        bare = info["load"][1]["per_second"] or 1  # the bare view rendering 50 systems
        for r in info["load"]:
            lines.append(
                f"| {r['label']} `{r['path']}` | {r['requests']} | {r['ok']} | "
                f"{r['per_second']:.1f} | {r['per_second'] / bare:.0%} | "
                f"{r['median']:.0f} ms | {r['p95']:.0f} ms | {_cpu_cell(r)} |"
            )
        lines += [
            "",
            "The CPU time is the server's gunicorn workers' and this machine's PostgreSQL "
            "processes' during the page's requests, divided by the requests (from `/proc`, in "
            "10 ms clock ticks); the clients' share of the machine is not in it.",
            "",
        ]
    worst = sorted((r for r in rows if r["median"] is not None), key=lambda r: -r["median"])
    lines += [
        "### Slowest page × persona pairs",
        "",
        "| page | persona | queries | median | p95 |",
        "|---|---|---|---|---|",
        *(
            f"| `{r['url']}` | {r['persona']} | {r['queries']} | {r['median']:.0f} ms | "
            f"{r['p95']:.0f} ms |"
            for r in worst[:15]
        ),
        END,
    ]
    return "\n".join(lines) + "\n"


def write_section(path: Path, text: str) -> None:
    old = path.read_text(encoding="utf-8") if path.exists() else ""
    if START in old and END in old:
        before, rest = old.split(START, 1)
        after = rest.split(END, 1)[1].lstrip("\n")
        new = before + text + (("\n" + after) if after else "")
    else:
        new = old.rstrip("\n") + ("\n\n" if old else "") + text
    path.write_text(new, encoding="utf-8")
