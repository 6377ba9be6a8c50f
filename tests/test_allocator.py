"""The server's memory allocator: jemalloc when installed, in the server and its query workers.

scripts/install-system-packages installs Debian's libjemalloc2, so `auto` finds it here.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from exportgraph import allocator
from exportgraph.cli import main
from exportgraph.errors import ConfigurationError
from tests.server_process import server_process

JEMALLOC = "libjemalloc.so.2"


def test_auto_names_jemalloc_and_system_names_none():
    assert allocator.chosen_library("auto") == JEMALLOC
    assert allocator.chosen_library("system") is None


def test_a_path_to_a_library_is_taken_as_it_is(tmp_path):
    library = tmp_path / "libmymalloc.so"
    library.write_bytes(b"")
    assert allocator.chosen_library(str(library)) == str(library)


def test_a_path_to_no_file_is_a_setting_error_naming_it():
    with pytest.raises(ConfigurationError, match=r"'/no/such/libmalloc.so'.*MEMORY_ALLOCATOR"):
        allocator.chosen_library("/no/such/libmalloc.so")


def test_loaded_reads_the_mapped_files_of_this_process():
    assert allocator.loaded("libc.so.6")
    assert not allocator.loaded("libnosuchmalloc.so.1")


def test_loaded_matches_the_library_by_file_name_not_by_a_longer_name():
    maps = "7f1-7f2 r--p 00000000 08:01 12 /usr/lib/x86_64-linux-gnu/libjemalloc_pic.so.2\n"
    assert not allocator.loaded(JEMALLOC, maps)
    maps += "7f3-7f4 r-xp 00000000 08:01 13 /usr/lib/x86_64-linux-gnu/libjemalloc.so.2\n"
    assert allocator.loaded(JEMALLOC, maps)
    assert allocator.loaded("/opt/lib/libjemalloc.so.2", maps)


def test_the_preload_list_gets_the_library_first_and_keeps_the_others_once():
    env = allocator.environment_with(JEMALLOC, {"LD_PRELOAD": f"libother.so:{JEMALLOC}", "A": "1"})
    assert env == {"LD_PRELOAD": f"{JEMALLOC}:libother.so", "A": "1"}
    assert allocator.environment_with(JEMALLOC, {})["LD_PRELOAD"] == JEMALLOC


def test_serve_refuses_a_missing_library_before_starting_anything():
    result = CliRunner().invoke(
        main, ["serve", "--port", "0"], env={"EXPORTGRAPH_MEMORY_ALLOCATOR": "/no/such/lib.so"}
    )
    assert result.exit_code == 2
    assert "setting memory_allocator: '/no/such/lib.so'" in result.output
    assert "Traceback" not in result.output


def _mapped(pid: int, library: str) -> bool:
    return allocator.loaded(library, Path(f"/proc/{pid}/maps").read_text())


def _descendants(pid: int) -> list[int]:
    parents = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # the process ended while the folder was read
        parents[int(stat.parent.name)] = int(fields[1])
    found, frontier = [], [pid]
    while frontier:
        parent = frontier.pop()
        children = [child for child, its_parent in parents.items() if its_parent == parent]
        found += children
        frontier += children
    return found


def _banner_line(server, start: str) -> str:
    for _ in range(100):
        line = next((line for line in server.output if line.startswith(start)), None)
        if line is not None:
            return line.strip()
        time.sleep(0.05)
    raise AssertionError(f"no line starting {start!r} in {server.output}")


def test_the_server_and_its_query_workers_run_on_jemalloc():
    with server_process() as server:
        assert _banner_line(server, "memory allocator") == f"memory allocator {JEMALLOC}"
        assert _mapped(server.pid, JEMALLOC)
        workers = _descendants(server.pid)
        assert len(workers) >= 2  # the zygote and the query workers it forked
        assert all(_mapped(worker, JEMALLOC) for worker in workers)


def test_system_keeps_the_c_library_malloc():
    with server_process({"memory_allocator": "system"}) as server:
        assert _banner_line(server, "memory allocator") == "memory allocator of the C library"
        assert not _mapped(server.pid, JEMALLOC)


def test_a_preload_that_names_it_already_is_not_added_twice(monkeypatch):
    monkeypatch.setenv("LD_PRELOAD", JEMALLOC)
    with server_process() as server:
        environ = Path(f"/proc/{server.pid}/environ").read_bytes().split(b"\0")
        assert environ.count(f"LD_PRELOAD={JEMALLOC}".encode()) == 1
        assert _mapped(server.pid, JEMALLOC)


def test_a_library_that_cannot_be_loaded_starts_the_server_once_on_the_c_library(tmp_path):
    # The dynamic linker skips a preload it cannot load and says so; starting again would loop.
    not_a_library = tmp_path / "libbroken.so"
    not_a_library.write_text("not an ELF file\n")
    with server_process({"memory_allocator": str(not_a_library)}) as server:
        assert _banner_line(server, "memory allocator") == "memory allocator of the C library"
        assert any("libbroken.so" in line and "ignored" in line for line in server.output)
