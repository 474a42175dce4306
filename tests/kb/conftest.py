"""Fixtures for the knowledge-base tests: a SQLite file and a real, throwaway PostgreSQL server.

The PostgreSQL server is started once per test session from the Debian binaries (/usr/lib/postgresql/N/bin):
initdb into a temp folder, pg_ctl start on a free local port, one fresh database per test. As root the server
runs as the `postgres` user (runuser), since PostgreSQL refuses to run as root. Tests that need PostgreSQL are
skipped only when no PostgreSQL binaries exist on the machine.
"""
from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import uuid
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO.parent / "shared"


def _pg_bin() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _as_pg_user(cmd: list[str]) -> list[str]:
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--"] + cmd
    return cmd


@pytest.fixture(scope="session")
def postgres_server():
    """(host, port) of a PostgreSQL server that lives as long as the test session."""
    pg = _pg_bin()
    if pg is None:
        pytest.skip("no PostgreSQL binaries on this machine (scripts/test.sh installs them)")
    tmp = tempfile.mkdtemp(prefix="ql-pg-")
    data, sock = os.path.join(tmp, "data"), os.path.join(tmp, "sock")
    os.makedirs(sock)
    if os.geteuid() == 0:
        shutil.chown(tmp, "postgres")
        shutil.chown(sock, "postgres")
        os.chmod(tmp, 0o700)
    port = _free_port()
    subprocess.run(_as_pg_user([str(pg / "initdb"), "-D", data, "-A", "trust", "-U", "postgres", "-E", "UTF8",
                                "--no-sync"]), check=True, capture_output=True)
    subprocess.run(_as_pg_user([str(pg / "pg_ctl"), "-D", data, "-l", os.path.join(tmp, "log"), "-w", "start",
                                "-o", f"-p {port} -k {sock} -c listen_addresses=127.0.0.1 -c fsync=off"]),
                   check=True, capture_output=True)
    try:
        yield ("127.0.0.1", port)
    finally:
        subprocess.run(_as_pg_user([str(pg / "pg_ctl"), "-D", data, "-m", "immediate", "stop"]),
                       capture_output=True)
        shutil.rmtree(tmp, ignore_errors=True)


@pytest.fixture
def pg_url(postgres_server):
    """A fresh, empty database on the session's server."""
    import psycopg
    host, port = postgres_server
    name = "ql_" + uuid.uuid4().hex[:10]
    with psycopg.connect(f"host={host} port={port} user=postgres dbname=postgres", autocommit=True) as c:
        c.execute(f"CREATE DATABASE {name}")
    yield f"postgresql://postgres@{host}:{port}/{name}"


@pytest.fixture(params=["sqlite", "postgresql"])
def db(request, tmp_path):
    """A database URL for each backend: the same tests run on SQLite and on PostgreSQL."""
    if request.param == "sqlite":
        return str(tmp_path / "kb.sqlite")
    return request.getfixturevalue("pg_url")


@pytest.fixture
def kb(db):
    from quellenlage.kb.store import KnowledgeBase
    k = KnowledgeBase(db)
    yield k
    k.close()


@pytest.fixture(scope="session")
def model_available() -> bool:
    from quellenlage.lang import language_pack
    return (language_pack("de").model_dir / "config.cfg").exists()
