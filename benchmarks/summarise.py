"""Print the Markdown tables of docs/benchmarks.md from the JSON files that run.py wrote.

Usage: python benchmarks/summarise.py benchmarks/results/run-1000-cases.json ...
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

BASELINE, REFERENCE = "rdflib-memory", "virtuoso"
CASE_STATISTICS = ("case-outcomes", "cases-per-year", "cases-per-destination")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="+", type=Path)
    reports = [json.loads(path.read_text()) for path in parser.parse_args().files]
    print("| cases | engine | load s | x rdflib | peak MB | of rdflib | slowest question p50 ms"
          " | slowest / Virtuoso | validation cases/s |")  # fmt: skip
    print("|---:|---|---:|---:|---:|---:|---|---:|---|")
    for report in reports:
        for row in engine_rows(report):
            print("| " + " | ".join(row) + " |")
    print("\nThe case statistics against Virtuoso (p50 ms, oxigraph-memory / virtuoso):\n")
    print("| cases | question | oxigraph-memory | virtuoso | ratio | rdflib-memory |")
    print("|---:|---|---:|---:|---:|---:|")
    for report in reports:
        runs = {run["engine"]: run for run in report["runs"]}
        if "oxigraph-memory" not in runs or REFERENCE not in runs:
            continue
        for name in (*CASE_STATISTICS, "cases-per-control-entry"):
            ours = runs["oxigraph-memory"]["queries"][name]["p50_ms"]
            theirs = runs[REFERENCE]["queries"][name]["p50_ms"]
            base = runs.get(BASELINE, {}).get("queries", {}).get(name, {})
            base_text = f"{base['p50_ms']:,.1f}" + runs_note(base) if base else "-"
            print(
                f"| {runs['oxigraph-memory']['cases']:,} | {name} | {ours:,.1f} | {theirs:,.1f}"
                f" | {ours / theirs:.2f} | {base_text} |"
            )
    print("\nQuestions over Virtuoso's time, paired (oxigraph-memory and Virtuoso in turn):\n")
    print("| cases | slowest ratios (question: oxigraph-memory ms / Virtuoso ms = ratio) |")
    print("|---:|---|")
    for report in reports:
        paired = report.get("paired")
        if not paired:
            continue
        ranked = sorted(paired["queries"].items(), key=lambda item: -item[1]["ratio"])
        cells = [
            f"{name}: {f['oxigraph_memory_p50_ms']:,.1f} / {f['virtuoso_p50_ms']:,.1f}"
            f" = {f['ratio']:.2f}"
            for name, f in ranked[:5]
        ]
        print(f"| {paired['cases']:,} | " + "; ".join(cells) + " |")
    print("\nHTTP (req/s, p50 / p99 ms; share of the bare app):\n")
    print("| cases | bare Flask + pyoxigraph | exportgraph, no answer cache | exportgraph,"
          " answer cache | join: in process / bare / uncached / cached ms"
          " | large answer: in process / bare / uncached / cached ms |")  # fmt: skip
    print("|---:|---|---|---|---|---|")
    for report in reports:
        http = report.get("http")
        if not http:
            continue
        cells = []
        for label in ("bare_flask", "exportgraph_uncached", "exportgraph_cached"):
            row = http[label]
            share = f"; {row['share_of_bare']:.0%}" if row.get("share_of_bare") else ""
            cells.append(f"{row['rps']:,.0f} ({row['p50_ms']:.1f} / {row['p99_ms']:.1f}{share})")
        for key in ("join", "large"):
            own = http[f"{key}_in_process_ms"]
            over = [http[label][f"{key}_p50_ms"] for label in
                    ("bare_flask", "exportgraph_uncached", "exportgraph_cached")]  # fmt: skip
            cells.append(
                f"{own:,.1f} / " + " / ".join(f"{ms:,.1f} ({ms / own:.1f}x)" for ms in over)
            )
        cases = report["runs"][0]["cases"]
        print(f"| {cases:,} | " + " | ".join(cells) + " |")


def engine_rows(report: dict) -> list[list[str]]:
    runs = report["runs"]
    base = next((r for r in runs if r["engine"] == BASELINE), None)
    reference = next((r for r in runs if r["engine"] == REFERENCE), None)
    rows = []
    for run in runs:
        questions = {k: v for k, v in run["queries"].items() if not k.startswith("(")}
        slowest = max(questions, key=lambda name: questions[name]["p50_ms"])
        worst = "-"
        if reference is not None and run is not reference:
            ratios = {
                name: figures["p50_ms"] / reference["queries"][name]["p50_ms"]
                for name, figures in questions.items()
            }
            name = max(ratios, key=lambda n: ratios[n])
            worst = f"{ratios[name]:.2f} ({name})"
        peak = run["peak_rss_mb"]
        check = run.get("validate") or {}
        rows.append(
            [
                f"{run['cases']:,}",
                run["engine"],
                f"{run['load_s']:,.2f}",
                f"{base['load_s'] / run['load_s']:.1f}" if base else "-",
                f"{peak:,.0f}" if peak else "-",
                f"{peak / base['peak_rss_mb']:.0%}" if base and peak else "-",
                f"{questions[slowest]['p50_ms']:,.1f} ({slowest}{runs_note(questions[slowest])})",
                worst,
                f"{run['validate_cases_per_s']:,.0f} ({check.get('cases', 0):,},"
                f" {check.get('engine', '-')})"
                if run.get("validate_cases_per_s")
                else "-",
            ]
        )
    return rows


def runs_note(figures: dict) -> str:
    runs = figures.get("runs")
    return f", {runs} runs" if runs is not None and runs < 5 else ""


if __name__ == "__main__":
    main()
