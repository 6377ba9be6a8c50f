"""Issue 19: screening an order book gives, line by line, the licence check's own answer.

The fault it guards: an order book could only be screened by one licence check a line, with
no file format and no summary; a set-wise screening that grouped lines wrongly (by a period of
the law that is too long, by a cached answer for another question) would give some line
another line's answer. Every expected answer here comes from check_licence on the line's own
date, never from the screening's output.
"""

from __future__ import annotations

import csv
import io
import json
import random
from datetime import date, timedelta

import pytest
from click.testing import CliRunner

from exportgraph.cli import main
from exportgraph.law.licence import check_licence
from exportgraph.law.screen.answers import LawCalendar, Screener
from exportgraph.law.screen.order_book import OrderBook, parse_columns, read_lines
from exportgraph.law.screen.summary import Summary
from exportgraph.law.screen.writers import RESULT_KEY, write_csv, write_jsonl
from tests.test_licence import SCENARIOS

ROUTES = (("CHN", "NLD"), ("DEU", "NLD"), ("USA", "BEL"), ("JPN", "NLD"))


def expected(store, item, destination, on, origin="NLD"):
    """What the licence check says, in the terms a screened line reports."""
    answer = check_licence(store, item, destination, on, origin)
    return (
        answer.required,
        {f.instrument.iri for f in answer.findings if f.required is answer.required},
        {r.code for r in answer.reasons},
        answer.item.iri,
        tuple(answer.missing),
    )


def got(screened):
    v = screened.verdict
    return (v.required, {i.iri for i in v.instruments}, set(v.reasons), v.item.iri, v.missing)


def csv_book(rows, header="item,destination,date,origin,reference", name="book.csv"):
    text = header + "\n" + "\n".join(",".join(map(str, r)) for r in rows) + "\n"
    return OrderBook(name, text.encode("utf-8"), "csv")


def screen(store, book, as_of=None, columns=None):
    return list(Screener(store, as_of).screen([book], columns))


@pytest.fixture(scope="module")
def generated_book(store):
    """Every licence-check scenario of tests/test_licence.py, and every item of the graph on
    four routes, each on days where the law changes and the days before them."""
    rng = random.Random(19)
    items = sorted(
        str(row["i"].value)
        for row in store.query(
            # A compilation entry is no item of a list (tests/test_issue_16_concordance.py).
            "SELECT ?i WHERE { { ?i exg:code ?c FILTER NOT EXISTS { ?i a exg:CompilationEntry } }"
            " UNION { ?i exg:modelName ?n } }",
            prefixes={"exg": "https://w3id.org/exportgraph/ontology#"},
        ).rows
    )
    changes = [d for d in LawCalendar(store).changes if d >= date(2023, 1, 1)]
    days = sorted(set(changes) | {d - timedelta(days=1) for d in changes})
    rows = [(i, d, on.isoformat(), o, f"S{n}") for n, (i, d, on, o, *_) in enumerate(SCENARIOS)]
    for item in items:
        for destination, origin in ROUTES:
            for on in rng.sample(days, 2):
                rows.append((item, destination, on.isoformat(), origin, f"G{len(rows)}"))
    return rows


def test_every_line_of_a_generated_book_is_the_licence_checks_answer(store, generated_book):
    screened = screen(store, csv_book(generated_book))
    assert len(screened) == len(generated_book)
    answers = []
    for line, (item, destination, on, origin, reference) in zip(
        screened, generated_book, strict=True
    ):
        assert line.line.get("reference") == reference
        want = expected(store, item, destination, date.fromisoformat(on), origin)
        assert got(line) == want, (reference, item, destination, on, origin)
        answers.append(want)
    # The book covers every answer and every reason code the check gives on this data
    # (REASONS also names not-listed and no-longer-in-force, which no reference data reaches).
    assert {a[0] for a in answers} == {True, False, None}
    assert {"not-yet-in-force", "intra-eu-transfer", "origin-outside-territory"} <= {
        code for a in answers for code in a[2]
    }


def test_the_book_is_answered_set_wise(store, generated_book):
    screener = Screener(store)
    lines = list(screener.screen([csv_book(generated_book * 3)]))
    assert len(lines) == 3 * len(generated_book)
    assert screener.checks <= len(generated_book)


def test_lines_across_the_day_the_law_changed(store):
    rows = [
        ("NXT:1980i", "CHN", "2024-09-06", "NLD", "before"),
        ("NXT:1980i", "CHN", "2024-09-07", "NLD", "on"),
        ("NXT:2000i", "CHN", "2023-08-31", "NLD", "before"),
        ("NXT:2000i", "CHN", "2023-09-01", "NLD", "on"),
    ]
    screened = screen(store, csv_book(rows))
    for line, (item, destination, on, origin, _) in zip(screened, rows, strict=True):
        assert got(line) == expected(store, item, destination, date.fromisoformat(on), origin)
    assert screened[0].verdict.required != screened[1].verdict.required
    assert screened[2].verdict.required != screened[3].verdict.required


def test_as_of_answers_every_line_on_that_date_and_names_what_changed(store):
    rows = [
        ("NXT:1980i", "CHN", "2024-08-01", "NLD", "a"),
        ("3B001.l", "USA", "2024-08-01", "NLD", "b"),
    ]
    what_if = date(2024, 9, 10)
    screened = screen(store, csv_book(rows), as_of=what_if)
    summary = Summary(as_of=what_if)
    for line, (item, destination, _, origin, _) in zip(screened, rows, strict=True):
        assert line.on == what_if
        assert got(line) == expected(store, item, destination, what_if, origin)
        summary.add(line)
    moved = set()
    for item, destination, on, origin, _ in rows:
        before = check_licence(store, item, destination, date.fromisoformat(on), origin)
        after = check_licence(store, item, destination, what_if, origin)
        for iri in {f.instrument.iri for f in before.findings + after.findings}:
            was = {f.required for f in before.findings if f.instrument.iri == iri}
            now = {f.required for f in after.findings if f.instrument.iri == iri}
            if was != now:
                moved.add(iri)
    assert moved, "the scenario changes between the two dates"
    assert set(summary.changes) == moved


def test_as_of_needs_no_date_column_but_says_so_without_it(store):
    book = OrderBook("nodate.csv", b"item,destination\nNXT:1980i,CHN\n", "csv")
    (line,) = screen(store, book, as_of=date(2024, 9, 10))
    assert got(line) == expected(store, "NXT:1980i", "CHN", date(2024, 9, 10))
    assert line.on_line_date is None and not line.changed_instruments()
    (line,) = screen(store, book)
    assert line.verdict.problem.column == "date"


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (b"item;destination;date\nNXT:2000i;CHN;2023-10-02\n", "semicolon"),
        (b"\xef\xbb\xbfitem,destination,date\r\nNXT:2000i,CHN,2023-10-02\r\n", "BOM and CRLF"),
        (b"\xef\xbb\xbfItem;Destination;Date\r\nNXT:2000i;CHN;2023-10-02\r\n", "Excel NL"),
        (b"item\tdestination\tdate\nNXT:2000i\tCHN\t2023-10-02\n", "tab"),
    ],
)
def test_csv_dialects(store, data, name):
    (line,) = screen(store, OrderBook(name, data, "csv"))
    assert line.verdict.problem is None, line.verdict.problem
    assert got(line) == expected(store, "NXT:2000i", "CHN", date(2023, 10, 2))


def test_other_columns_carried_and_headers_mapped(store):
    data = b'Part,Land,Shipped,PO,Note\nNXT:2000i,CHN,2023-10-02,PO-1,"a, quoted note"\n'
    columns = parse_columns("item=Part,destination=Land,date=Shipped,reference=PO")
    (line,) = screen(store, OrderBook("mapped.csv", data, "csv"), columns=columns)
    assert line.line.get("reference") == "PO-1"
    assert got(line) == expected(store, "NXT:2000i", "CHN", date(2023, 10, 2))
    (row,) = list(write_csv([line], ["Part", "Land", "Shipped", "PO", "Note"]))[1:]
    assert row.startswith('NXT:2000i,CHN,2023-10-02,PO-1,"a, quoted note",mapped.csv,2,true,')


def test_bad_lines_among_good_ones_name_line_and_column(store):
    rows = [
        ("NXT:2000i", "CHN", "2023-10-02", "NLD", "good"),
        ("NXT:2000i", "CHN", "2-10-2023", "NLD", "bad date"),
        ("3B001.f.9", "CHN", "2023-10-02", "NLD", "unknown item"),
        ("NXT:2000i", "CN", "2023-10-02", "NLD", "bad destination"),
        ("NXT:2000i", "CHN", "2023-10-02", "N1D", "bad origin"),
        ("NXT:1980i", "CHN", "2024-09-10", "NLD", "good"),
    ]
    text = "item,destination,date,origin,reference\n" + "\n".join(",".join(r) for r in rows)
    text += "\nNXT:2000i,CHN,2023-10-02,NLD,x,one too many\n"
    screened = screen(store, OrderBook("mixed.csv", text.encode(), "csv"))
    assert [s.line.number for s in screened] == [2, 3, 4, 5, 6, 7, 8]
    assert [s.status == "bad" for s in screened] == [False, True, True, True, True, False, True]
    columns = [s.verdict.problem.column for s in screened if s.verdict.problem]
    assert columns == ["date", "item", "destination", "origin", ""]
    assert got(screened[5]) == expected(store, "NXT:1980i", "CHN", date(2024, 9, 10))


def test_unknown_item_and_country_get_the_licence_checks_near_matches(store):
    from exportgraph.errors import InputError

    rows = [
        ("3B001.f.9", "CHN", "2023-10-02", "NLD", "r"),
        ("NXT:2000i", "CH", "2023-10-02", "NLD", "r"),
    ]
    screened = screen(store, csv_book(rows))
    for line, (item, destination, on, origin, _) in zip(screened, rows, strict=True):
        with pytest.raises(InputError) as raised:
            check_licence(store, item, destination, date.fromisoformat(on), origin)
        problem = line.verdict.problem
        assert problem.message == str(raised.value)
        assert problem.near and all(near in str(raised.value) for near in problem.near)


def test_a_missing_column_makes_every_line_bad_and_says_which(store):
    book = OrderBook("short.csv", b"item,date\nNXT:2000i,2023-10-02\nNXT:1980i,2024-09-10\n", "csv")
    screened = screen(store, book)
    assert [s.verdict.problem.column for s in screened] == ["destination", "destination"]
    assert "--columns destination=" in screened[0].verdict.problem.message


def test_json_lines_round_trip(store):
    records = [
        {"item": "NXT:1980i", "destination": "CHN", "date": "2024-09-10", "qty": 2, "ref": "a"},
        {"item": "3B001.f.4", "destination": "DEU", "date": "2024-01-01", "origin": "NLD"},
        {"item": "nope", "destination": "CHN", "date": "2024-01-01"},
    ]
    data = "".join(json.dumps(r) + "\n" for r in records).encode()
    first = screen(store, OrderBook("book.jsonl", data, "jsonl"))
    out = "".join(write_jsonl(first))
    back = [json.loads(line) for line in out.splitlines()]
    for record, written, line in zip(records, back, first, strict=True):
        assert {k: v for k, v in written.items() if k != RESULT_KEY} == {
            k: v if isinstance(v, str) else json.dumps(v) for k, v in record.items()
        }
        assert written[RESULT_KEY]["required"] == line.verdict.required
    again = screen(store, OrderBook("again.jsonl", out.encode(), "jsonl"))
    assert [got(s) if not s.verdict.problem else s.verdict.problem for s in again] == [
        got(s) if not s.verdict.problem else s.verdict.problem for s in first
    ]
    assert "".join(write_jsonl(again)).replace("again.jsonl", "book.jsonl") == out
    header = next(write_csv(again, ["item", "destination", "date", RESULT_KEY]))
    assert header.split(",")[:4] == ["item", "destination", "date", "source"]


def test_bad_json_lines_are_reported_not_dropped(store):
    data = b'{"item": "NXT:2000i", "destination": "CHN", "date": "2023-10-02"}\n\n[1]\n{oops\n'
    lines = list(read_lines(OrderBook("b.jsonl", data, "jsonl")))
    assert [(line.number, line.problem is not None) for line in lines] == [
        (1, False),
        (3, True),
        (4, True),
    ]


# --- the command ------------------------------------------------------------------------------


def run(*args, input=None):
    return CliRunner().invoke(main, ["screen", *args], input=input)


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_cli_csv_out_carries_the_input_and_the_answer_exit_0(tmp_path, store):
    book = write(
        tmp_path,
        "book.csv",
        "item,destination,date,reference,qty\n"
        "NXT:1980i,CHN,2024-09-10,A1,2\n3B001.f.4,DEU,2024-01-01,A2,1\n",
    )
    result = run(book, "--format", "csv")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [(r["reference"], r["qty"], r["line"]) for r in rows] == [
        ("A1", "2", "2"),
        ("A2", "1", "3"),
    ]
    for row, (item, dest, on) in zip(
        rows, [("NXT:1980i", "CHN", "2024-09-10"), ("3B001.f.4", "DEU", "2024-01-01")], strict=True
    ):
        answer = check_licence(store, item, dest, date.fromisoformat(on))
        assert row["required"] == {True: "true", False: "false"}[answer.required]
        assert row["matched_item_iri"] == answer.item.iri
        assert set(row["reasons"].split()) == {r.code for r in answer.reasons}
        assert row["as_of"] == on
    assert "Screened 2 lines" in result.stderr  # the summary, off the CSV


def test_cli_exit_3_when_some_line_is_unknown_and_2_on_a_bad_line(tmp_path):
    unknown = write(tmp_path, "u.csv", "item,destination,date\nNXT:1930Di,CHN,2024-10-01\n")
    result = run(unknown)
    assert result.exit_code == 3, result.output
    bad = write(
        tmp_path,
        "b.csv",
        "item,destination,date\nNXT:1930Di,CHN,2024-10-01\nNXT:2000i,CHN,1 Oct 2023\n",
    )
    result = run(bad)
    assert result.exit_code == 2
    assert "b.csv line 3: BAD column date" in result.stdout
    assert "1 unknown, 1 bad" in result.stdout


def test_cli_columns_mapping_and_jsonl(tmp_path):
    book = write(tmp_path, "m.csv", "Part;Land;Datum\nNXT:2000i;CHN;2023-10-02\n")
    result = run(book, "--columns", "item=Part,destination=Land,date=Datum", "--format", "jsonl")
    assert result.exit_code == 0, result.output
    (record,) = [json.loads(line) for line in result.stdout.splitlines()]
    assert record["Part"] == "NXT:2000i" and record["screen"]["required"] is True
    result = run(book, "--columns", "item")
    assert result.exit_code == 2 and "FIELD=COLUMN" in result.stderr


def test_cli_as_of_names_the_instruments_that_changed(tmp_path, store):
    book = write(tmp_path, "w.csv", "item,destination,date\nNXT:1980i,CHN,2024-08-01\n")
    result = run(book, "--as-of", "2024-09-10")
    changed = [
        f.instrument.label
        for f in check_licence(store, "NXT:1980i", "CHN", date(2024, 9, 10)).findings
    ]
    assert "Changed between the lines' own dates and 2024-09-10" in result.stdout
    assert all(label in result.stdout.split("Changed between")[1] for label in changed)
    assert run(book, "--as-of", "10-9-2024").exit_code == 2


def test_cli_reads_stdin_and_shows_progress_for_a_large_file(tmp_path):
    lines = "".join(f"NXT:2000i,CHN,2023-10-02,R{n}\n" for n in range(10_000))
    result = run("-", "--format", "csv", input="item,destination,date,reference\n" + lines)
    assert result.exit_code == 0, result.stderr
    assert len(result.stdout.splitlines()) == 10_001
    assert "screened 10,000 of about 10,000 lines" in result.stderr


def test_cli_unreadable_file_is_exit_2_without_a_trace(tmp_path):
    path = tmp_path / "latin1.csv"
    path.write_bytes("item,destination,date\nNXT:2000i,CHN,2023-10-02 \xe9\n".encode("latin-1"))
    result = run(str(path))
    assert result.exit_code == 2
    assert "not UTF-8" in result.stderr and "Traceback" not in result.output
    assert run(str(tmp_path / "missing.csv")).exit_code == 2


# --- over HTTP ----------------------------------------------------------------------------------

BOOK = b"item;destination;date;reference\nNXT:1980i;CHN;2024-09-10;A\n3B001.f.9;CHN;2024-01-01;B\n"


def test_http_csv_in_csv_out(client, store):
    response = client.post("/screen", data=BOOK, content_type="text/csv")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    answer = check_licence(store, "NXT:1980i", "CHN", date(2024, 9, 10))
    assert rows[0]["reference"] == "A"
    assert rows[0]["required"] == {True: "true", False: "false", None: ""}[answer.required]
    assert rows[1]["problem_column"] == "item" and rows[1]["near_matches"]


def test_http_ndjson_in_and_the_accepted_formats(client, store):
    body = b'{"item": "3B001.f.4", "destination": "DEU", "date": "2024-01-01"}\n'
    ndjson = client.post("/screen", data=body, content_type="application/x-ndjson")
    assert ndjson.mimetype == "application/x-ndjson"
    (record,) = [json.loads(line) for line in ndjson.get_data(as_text=True).splitlines()]
    answer = check_licence(store, "3B001.f.4", "DEU", date(2024, 1, 1))
    assert record["screen"]["required"] is answer.required
    assert record["screen"]["reasons"] == list(dict.fromkeys(r.code for r in answer.reasons))
    as_json = client.post(
        "/screen?as_of=2024-09-10",
        data=body,
        content_type="application/x-ndjson",
        headers={"Accept": "application/json"},
    ).get_json()
    assert as_json["summary"]["as_of"] == "2024-09-10" and as_json["summary"]["lines"] == 1
    assert as_json["lines"][0]["input"]["item"] == "3B001.f.4"
    as_csv = client.post(
        "/screen", data=body, content_type="application/x-ndjson", headers={"Accept": "text/csv"}
    )
    assert as_csv.mimetype == "text/csv"


@pytest.mark.parametrize(
    ("kwargs", "status", "code"),
    [
        ({"data": b"item,destination,date\n", "content_type": "text/plain"}, 415, None),
        ({"data": b"  ", "content_type": "text/csv"}, 400, "bad-input"),
        ({"data": b"\xff\xfeitem", "content_type": "text/csv"}, 400, "bad-input"),
        (
            {"data": BOOK, "content_type": "text/csv", "query_string": {"as_of": "10-9-2024"}},
            400,
            "bad-input",
        ),
        (
            {"data": BOOK, "content_type": "text/csv", "query_string": {"columns": "part"}},
            400,
            "bad-input",
        ),
        ({"data": BOOK, "content_type": "text/csv", "headers": {"Accept": "image/png"}}, 406, None),
    ],
)
def test_http_bad_input_is_the_json_error_shape(client, kwargs, status, code):
    response = client.post("/screen", **kwargs)
    assert response.status_code == status
    error = response.get_json()
    # The one shape; a bad field adds its name and near matches (web/errors.input_details).
    assert (
        {"error", "message", "status"}
        <= set(error)
        <= {
            "error",
            "message",
            "status",
            "field",
            "near_matches",
        }
    )
    assert error["status"] == status
    if code:
        assert error["error"] == code


def test_http_size_limits(app):
    from exportgraph.config import Settings
    from exportgraph.web import create_app

    small = create_app(
        Settings.load(max_lines_per_request=2, max_body_bytes=400),
        store=app.config["EXPORTGRAPH_STORE"],
    )
    client = small.test_client()
    try:
        three = b"item,destination,date\n" + b"NXT:2000i,CHN,2023-10-02\n" * 3
        response = client.post("/screen", data=three, content_type="text/csv")
        assert (
            response.status_code == 400
            and "max_lines_per_request" in response.get_json()["message"]
        )
        big = b"item,destination,date\n" + b"x" * 500
        assert client.post("/screen", data=big, content_type="text/csv").status_code == 413
    finally:
        small.config["EXPORTGRAPH_ENDPOINT"].close()


def test_page_in_english_and_dutch_and_the_upload(client):
    english = client.get("/screen?lang=en", headers={"Accept": "text/html"})
    dutch = client.get("/screen?lang=nl", headers={"Accept": "text/html"})
    assert "Screen an order book" in english.get_data(as_text=True)
    assert "Een orderboek screenen" in dutch.get_data(as_text=True)
    page = client.post(
        "/screen",
        data={"file": (io.BytesIO(BOOK), "book.csv"), "lang": "en"},
        content_type="multipart/form-data",
        headers={"Accept": "text/html"},
    ).get_data(as_text=True)
    assert 'href="/licence-check?item=NXT:1980i&amp;destination=CHN&amp;date=2024-09-10' in page
    assert 'id="download-csv"' in page and 'class="status-bad"' in page
    download = client.post(
        "/screen",
        data={"book": BOOK.decode(), "name": "book.csv", "fmt": "csv", "format": "csv"},
        content_type="multipart/form-data",
    )
    assert download.mimetype == "text/csv"
    assert "attachment" in download.headers["Content-Disposition"]
    assert len(list(csv.DictReader(io.StringIO(download.get_data(as_text=True))))) == 2


def test_page_as_of_names_the_changes_in_dutch(client, store):
    book = b"item,destination,date\nNXT:1980i,CHN,2024-08-01\n"
    page = client.post(
        "/screen",
        data={"file": (io.BytesIO(book), "wat-als.csv"), "as_of": "2024-09-10", "lang": "nl"},
        content_type="multipart/form-data",
        headers={"Accept": "text/html"},
    ).get_data(as_text=True)
    words = {True: "vereist", False: "niet vereist", None: "onbekend"}
    before = check_licence(store, "NXT:1980i", "CHN", date(2024, 8, 1)).findings
    after = {
        f.instrument.iri: f
        for f in check_licence(store, "NXT:1980i", "CHN", date(2024, 9, 10)).findings
    }
    changed = [
        (f, after[f.instrument.iri])
        for f in before
        if after[f.instrument.iri].required != f.required
    ]
    assert changed
    for was, now in changed:
        assert f"{was.instrument.label}: {words[was.required]} → {words[now.required]}: 1" in page
