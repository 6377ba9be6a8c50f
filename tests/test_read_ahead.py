"""read_ahead: the items in order, the reader's error raised in the caller, and no reader left
running when the caller stops early."""

from __future__ import annotations

import threading

import pytest

from exportgraph.store.read_ahead import read_ahead


def test_items_come_in_order():
    assert list(read_ahead(iter(range(100)), depth=3)) == list(range(100))


def test_an_error_while_reading_is_raised_in_the_caller():
    def broken():
        yield 1
        raise OSError("disk gone")

    got = []
    with pytest.raises(OSError, match="disk gone"):
        for item in read_ahead(broken()):
            got.append(item)
    assert got == [1]


def test_stopping_early_stops_the_reader():
    def endless():
        number = 0
        while True:
            yield number
            number += 1

    items = read_ahead(endless(), depth=1)
    assert next(items) == 0
    items.close()
    assert not any(
        t.name == "exportgraph-read-ahead" and t.is_alive() for t in threading.enumerate()
    )
