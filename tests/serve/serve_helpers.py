"""Helpers for the web UI and API tests: a known analysis of the real Kozak report, a hostile one, a live server.

The report is read in place from ../shared/examples (never copied). Its attributions are placed by locating short
phrases in it, so the article view is tested against offsets we know to be right, independent of the model.
"""
from __future__ import annotations

import socket
import threading
import time
from pathlib import Path

from quellenlage.model import Actor, Analysis, Article, Attribution, Mention, Span

ROOT = Path(__file__).resolve().parents[2]
KOZAK = ROOT.parent / "shared" / "examples" / "kozak-nyt-report.de.txt"
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]


def kozak_text() -> str:
    return KOZAK.read_text(encoding="utf-8")


def _span(text: str, first: str, last: str | None = None, after: int = 0) -> Span:
    """The span from the start of `first` to the end of `last` (or of `first`), searching from `after`."""
    start = text.index(first, after)
    end = text.index(last, start) + len(last) if last else start + len(first)
    return Span(start, end, text[start:end])


def known_analysis(article: Article) -> Analysis:
    """A stand-in for the pipeline: sentences by line, and for the Kozak report the attributions of issue 3."""
    text = article.text
    meta = article.meta()
    sents, pos = [], 0
    for line in text.split("\n"):
        if line.strip():
            sents.append(Span(pos, pos + len(line), line))
        pos += len(line) + 1
    analysis = Analysis(document=meta, text=text, sentences=sents, pipeline={"model": "test-fixture"})
    if "Laut Berichten der renommierten" not in text:
        return analysis
    s = lambda *a, **k: _span(text, *a, **k)  # noqa: E731
    nyt_at = text.index("Laut Berichten")
    analysis.attributions = [
        Attribution("a1", cue=[s("Laut Berichten")], source=[s("The New York Times")],
                    message=[s("hat Dmitry Kozak", "aufzunehmen")], form="reported", source_type="outlet",
                    source_actor="nyt"),
        Attribution("a2", cue=[s("geäußert")], source=[s("Dmitry Kozak", after=nyt_at)],
                    message=[s("dass es notwendig sei", "aufzunehmen")], form="indirect", source_type="person",
                    source_actor="kozak", parent="a1"),
        Attribution("a3", cue=[s("behaupten")], source=[s("Quellen aus dem Umfeld des Kremls")],
                    message=[s("Kozak habe dem russischen", "zu starten")], form="indirect",
                    source_type="anonymous", source_actor="kreml-quellen"),
        Attribution("a4", message=[s("Zudem habe er", "im politischen Bereich")], form="indirect",
                    source_type="anonymous", continues="a3"),
        Attribution("a5", cue=[s("Es wird angenommen")], message=[s("dass Kozaks Einfluss", "begrenzt ist")],
                    form="indirect", epistemic="hedged", source_type="unattributed"),
        Attribution("a6", cue=[s("berichten")], source=[s("Westliche Quellen")],
                    message=[s("dass sie ihn seit 2022", "verdeutlicht")], form="indirect",
                    source_type="anonymous", source_actor="west-quellen"),
        Attribution("a7", message=[s("Er habe wiederholt", "zu überzeugen")], form="indirect",
                    source_type="anonymous", continues="a6"),
        Attribution("a8", cue=[s("berichtet", after=text.index("hatte Reuters"))],
                    source=[s("Reuters")], message=[s("dass Kozak versucht hatte", "bereits besteht")],
                    form="indirect", source_type="outlet", source_actor="reuters"),
    ]

    def mentions(*phrases):
        """Every occurrence of each phrase; 'Kozak| habe' marks only 'Kozak' where it is followed by ' habe'."""
        out = []
        for p in phrases:
            word, _, ctx = p.partition("|")
            i = text.find(word + ctx)
            while i >= 0:
                out.append(Mention(i, i + len(word), word))
                i = text.find(word + ctx, i + len(word))
        return out

    analysis.actors = [
        Actor("kozak", "Dmitry Kozak", "person",
              mentions("Dmitry Kozak", "Kozak| habe", "Kozak| stets", "Kozak| versucht", "Kozak| der einzige", "Kozaks"),
              ["einer der engsten und treuesten Weggefährten Wladimir Putins"]),
        Actor("nyt", "The New York Times", "outlet", mentions("The New York Times"),
              ["renommierte amerikanische Zeitung"]),
        Actor("putin", "Wladimir Putin", "person", mentions("Wladimir Putins", "Putin| machte")),
        Actor("kiriyenko", "Sergey Kiriyenko", "person", mentions("Sergey Kiriyenko"),
              ["der stellvertretende Leiter der Präsidialverwaltung"]),
        Actor("reuters", "Reuters", "outlet", mentions("Reuters")),
        Actor("kreml-quellen", "Quellen aus dem Umfeld des Kremls", "group",
              mentions("Quellen aus dem Umfeld des Kremls")),
        Actor("west-quellen", "Westliche Quellen", "group", mentions("Westliche Quellen")),
    ]
    return analysis


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LiveServer:
    """A real uvicorn server on loopback in a thread, for the browser tests and the raw-socket tests."""

    def __init__(self, app):
        import uvicorn

        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning"))
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self):
        self.thread.start()
        deadline = time.time() + 15
        while not self.server.started:
            if time.time() > deadline:
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.05)
        return self

    def __exit__(self, *exc):
        self.server.should_exit = True
        self.thread.join(10)




TOKEN = "test-token-1234"
AUTH = {"Authorization": f"Bearer {TOKEN}"}



HOSTILE_TEXT = ('Die </script><script>window.__pwned=1</script> Quelle sagte am Montag, '
                '"<img src=x onerror=window.__pwned=2>" sei wahr. <b onmouseover="window.__pwned=3">fett</b>')


def hostile_analysis(article: Article) -> Analysis:
    """An analysis whose source, cue and message all carry markup, to prove every page escapes it."""
    analysis = known_analysis(article)
    text = article.text
    if "window.__pwned" not in text:
        return analysis
    src = _span(text, "</script><script>", "Quelle")
    analysis.attributions = [Attribution("h1", cue=[_span(text, "sagte")], source=[src],
                                         message=[_span(text, '"<img', "sei wahr")], form="direct",
                                         source_type="anonymous", source_actor="h")]
    analysis.actors = [Actor("h", src.text, "group", [Mention(src.start, src.end, src.text)],
                             ['<i onclick="window.__pwned=4">Rolle</i>'])]
    return analysis


# ---------------------------------------------------------------- analysers run in the server's worker processes
# (module level, so they can be sent to the workers; each stands for one kind of pipeline behaviour)
SLOW_MARK = "LANGSAMER TEXT"


def no_model_analysis(article: Article) -> Analysis:
    """The bundled model is missing."""
    from quellenlage.errors import ModelMissingError
    raise ModelMissingError("no trained pipeline at /nowhere")


def crashing_analysis(article: Article) -> Analysis:
    """A bug in the pipeline, with details that must never reach the client."""
    raise RuntimeError("SECRET internal detail /etc/shadow")


def slow_analysis(article: Article) -> Analysis:
    """A text the pipeline chews on for a minute (issue 20: quadratic inputs), else the known analysis."""
    if SLOW_MARK in article.text:
        deadline = time.time() + 60
        while time.time() < deadline:  # busy, as a pipeline is: CPU-bound, not sleeping
            sum(i * i for i in range(10_000))
    return known_analysis(article)


def pid_analysis(article: Article) -> Analysis:
    """The known analysis, with the id of the process that made it in its pipeline block."""
    import os
    analysis = known_analysis(article)
    analysis.pipeline = {**analysis.pipeline, "pid": str(os.getpid())}
    return analysis
