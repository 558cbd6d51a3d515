"""The benchmark's Markdown: machine, load, database and command line; the baselines; one row
per page with a cell per persona (status, queries, median / p95); the rent run; the load
test; the worst rows. A figure over a goal is marked ⚠. ``write_section`` replaces the part
of a file between the two markers (appended if absent)."""

from __future__ import annotations

from pathlib import Path

START, END = "<!-- benchmark:start -->", "<!-- benchmark:end -->"
GOALS = {"queries": 15, "median": 50.0, "p95": 150.0}


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


def server_note(server: dict) -> str:
    """The load test server's configuration, as the server reported it."""
    loaders = ", ".join(f"`{name.rsplit('.', 2)[-2]}`" for name in server["loaders"])
    return (
        "The server ran the production settings (`STYRSAM_ENV=production`, plain HTTP on "
        f"the loopback without the redirect to HTTPS): DEBUG {'on' if server['debug'] else 'off'}, "
        f"template loader {loaders or 'Django’s default'}, `CONN_MAX_AGE` "
        f"{server['conn_max_age']} with health checks "
        f"{'on' if server['conn_health_checks'] else 'off'}, static files from "
        f"`{server['staticfiles'].rsplit('.', 1)[-1]}`, gunicorn's configuration of "
        f"`styrsam serve` ({server['frozen']:,} objects of a worker's start-up frozen by "
        "`gc.freeze()`)."
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
        "alive at the start frozen (`gc.freeze()`, as a server's worker after its start-up), "
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
        f"**{summary(rows, {'API'})}** API list × persona pairs meet every goal.",
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
            "| request | requests | 200 | req/s | share of the 50-systems baseline | median | p95 |",
            "|---|---|---|---|---|---|---|",
        ]
        bare = info["load"][1]["per_second"] or 1  # the bare view rendering 50 systems
        for r in info["load"]:
            lines.append(
                f"| {r['label']} `{r['path']}` | {r['requests']} | {r['ok']} | "
                f"{r['per_second']:.1f} | {r['per_second'] / bare:.0%} | "
                f"{r['median']:.0f} ms | {r['p95']:.0f} ms |"
            )
        lines.append("")
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
