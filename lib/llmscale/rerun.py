"""``make run``: rerun one chapter with a reader's parameters and render it like the book.

The steps, in order (``python -m llmscale.rerun 04 -p hardware H200``):

1. **Check before any kernel starts.** The arguments are parsed as papermill would
   (``-p NAME VALUE``, ``-r NAME VALUE``, ``-y YAML``, ``-f FILE``, ``--scenario FILE``),
   every name is checked against the chapter's :data:`llmscale.params.SPECS` and every
   value with :func:`llmscale.params.validate`. A rejected run prints one line (two with
   a hint) and exits with status 2; nothing is written.
2. **Execute** the chapter with papermill into a temporary folder (kernel cwd =
   ``chapters/``; the notebook is written once at the end, not after every cell). A
   failed run prints the notebook's own error in one line and leaves no file;
   ``--debug`` (``make run V=1``) shows the traceback.
3. **Summarise.** A "This run" box is inserted under the title: the parameters that
   differ from the book's defaults, and the chapter's key numbers (the glued values of
   its "Key results" box) for this run against the book's committed run.
4. **Render** the executed notebook with the book's own Jupyter Book configuration
   (glue, admonitions, citations, vendored MathJax; no CDN) into
   ``_build/runs/<name>/``; references to other pages of the book link to the book's
   own pages in ``_build/html``. Sphinx is set up in a background thread while the kernel
   runs (:class:`Renderer`); only the build itself waits for the notebook.

A rejection is fast: the check runs in a forked child (:func:`_check_in_child`) while the
parent imports papermill in a thread, and its answer is printed as soon as it arrives. No
kernel starts before the check passes.
"""

from __future__ import annotations

import argparse
import ast
import io
import json
import os
import re
import shutil
import sys
import tempfile
import threading
from pathlib import Path

from .nbtools import CHAPTERS, ROOT

#: Where runs are written; ``$LLMSCALE_RUNS_DIR`` moves it (the tests give each check its own folder).
RUNS = Path(os.environ.get("LLMSCALE_RUNS_DIR") or ROOT / "_build" / "runs")


class RunError(ValueError):
    """A rejected run: the message is what the reader sees (one line, maybe a hint line)."""


# --- 1. arguments and parameters -------------------------------------------------------

def chapter_path(chapter: str) -> Path:
    """:func:`llmscale.nbtools.chapter_path`, its refusal as a :class:`RunError`."""
    from . import nbtools

    try:
        return nbtools.chapter_path(chapter)
    except ValueError as e:
        raise RunError(str(e)) from None


def notebook_defaults(path: Path) -> dict:
    """The literal defaults of a notebook's ``parameters`` cell (read with ``ast``, no kernel)."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        if "parameters" in cell.get("metadata", {}).get("tags", []):
            tree = ast.parse("".join(cell["source"]))
            out = {}
            for node in tree.body:
                if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
                    out[node.target.id] = ast.literal_eval(node.value)
                elif isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name):
                    out[node.targets[0].id] = ast.literal_eval(node.value)
            return out
    raise RunError(f"{path.name} has no cell tagged 'parameters'")


def resolve_value(text: str):
    """Type a ``-p`` value as papermill does: True/False/None, int, float, else the string."""
    if text in ("True", "False"):
        return text == "True"
    if text == "None":
        return None
    for cast in (int, float):
        try:
            return cast(text)
        except ValueError:
            pass
    return text


def _yaml(text: str, where: str) -> dict:
    import yaml

    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as e:
        raise RunError(f"{where}: not valid YAML ({str(e).splitlines()[0]})") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise RunError(f"{where}: expected a mapping of parameter names to values, got {type(data).__name__}")
    return data


def parse_args(args: list[str]) -> tuple[dict, set[str]]:
    """papermill-style arguments -> (parameters, names given with ``-p``)."""
    out: dict = {}
    via_p: set[str] = set()
    i = 0
    while i < len(args):
        a = args[i]
        if a in ("-p", "--parameters", "-r", "--parameters_raw"):
            if len(args) - i < 3:
                raise RunError(f"{a} needs a name and a value: {a} NAME VALUE")
            name, value = args[i + 1], args[i + 2]
            out[name] = resolve_value(value) if a in ("-p", "--parameters") else value
            if a in ("-p", "--parameters"):
                via_p.add(name)
            i += 3
        elif a in ("-y", "--parameters_yaml"):
            if i + 1 >= len(args):
                raise RunError(f"{a} needs a YAML mapping: {a} 'name: value'")
            out.update(_yaml(args[i + 1], f"{a} {args[i + 1]!r}"))
            i += 2
        elif a in ("-f", "--parameters_file", "--scenario"):
            if i + 1 >= len(args):
                raise RunError(f"{a} needs a file: {a} scenarios/04/fp8_kv_cache.yaml")
            f = Path(args[i + 1])
            f = f if f.is_absolute() else (Path.cwd() / f)
            if not f.is_file():
                raise RunError(f"{a} {args[i + 1]}: no such file")
            out.update(_yaml(f.read_text(encoding="utf-8"), args[i + 1]))
            i += 2
        else:
            raise RunError(f"unexpected argument {a!r}; use -p NAME VALUE, -y YAML, -f FILE or --scenario FILE")
    return out, via_p


def check_parameters(chapter: str, given: dict, via_p: set[str], defaults: dict) -> dict:
    """Names and values checked against ``params.SPECS``; returns the validated full set."""
    from . import params
    from ._checks import suggest

    spec = {p.name: p for p in params.spec(chapter)}
    for name in given:
        if name not in spec:
            hint = suggest(name, spec, cutoff=0.6)
            raise RunError(f"chapter {chapter} has no parameter {name!r}. "
                           + (f"{hint} " if hint else "")
                           + f"Its parameters: {', '.join(spec)}")
    values = {**defaults, **given}
    import contextlib

    try:
        with contextlib.chdir(CHAPTERS):  # relative paths mean what they mean to the kernel (cwd chapters/)
            return params.validate(chapter, **values)
    except ValueError as e:
        msg = str(e)
        bad = next((n for n in given if f"parameter {n!r}" in msg), None)
        if bad in via_p and spec[bad].kind.endswith("_list"):
            msg += f"\nhint: a list goes in with -y, e.g. -y '{bad}: [1000, 128000]'"
        raise RunError(msg) from None


# --- 2. execution -------------------------------------------------------------------------

def slug(params_given: dict) -> str:
    """A file-name stem for a run: ``name-value`` pairs, safe characters only."""
    parts = []
    for k, v in params_given.items():
        # 1e+25 -> "1e25": the sign would become a dash and read as 1e-25
        parts += [k, (json.dumps(v) if not isinstance(v, str) else v).replace("e+", "e")]
    s = re.sub(r"[^A-Za-z0-9._]+", "-", "-".join(parts)).strip("-")
    return s[:80] or "defaults"


def _execute(src: Path, out: Path, parameters: dict):
    """Run the chapter with papermill (it writes ``out`` once); return the executed notebook, stripped."""
    import papermill as pm

    from .nbtools import strip

    nb = pm.execute_notebook(str(src), str(out), parameters=parameters, cwd=str(CHAPTERS), progress_bar=False,
                             log_output=False, kernel_name="python3", request_save_on_cell_execute=False)
    strip(nb)
    return nb


def _notebook_error(exc: Exception) -> str:
    """papermill's execution error as one line: the exception raised in the notebook."""
    ename, evalue = getattr(exc, "ename", None), getattr(exc, "evalue", None)
    if ename:
        return f"{evalue}" if ename == "ValueError" else f"{ename}: {evalue}"
    return f"{type(exc).__name__}: {str(exc).strip().splitlines()[-1] if str(exc).strip() else ''}"


# --- 3. the "This run" summary ---------------------------------------------------------------

def glued_values(nb: dict) -> dict[str, str]:
    """Every glued value of an executed notebook (name -> text)."""
    out = {}
    for cell in nb.get("cells", []):
        for o in cell.get("outputs", []):
            sb = o.get("metadata", {}).get("scrapbook")
            key = next((k for k in o.get("data", {}) if k.endswith("text/plain")), None)
            if sb and key:
                t = o["data"][key]
                t = "".join(t) if isinstance(t, list) else t
                out[sb["name"]] = t[1:-1] if len(t) >= 2 and t[0] == t[-1] and t[0] in "'\"" else t
    return out


_KEY_BOX = re.compile(r"```\{admonition\} Key results.*?```", re.S)
_GLUE = re.compile(r"\{glue:text\}`([A-Za-z0-9_]+)(?::[^`]*)?`")


def key_names(nb: dict) -> list[str]:
    """The glue names the chapter's "Key results" box cites, in order of appearance."""
    names: list[str] = []
    for cell in nb.get("cells", []):
        if cell.get("cell_type") != "markdown":
            continue
        src = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        for box in _KEY_BOX.findall(src):
            for n in _GLUE.findall(box):
                if n not in names:
                    names.append(n)
    return names


_ROLE = re.compile(r"\{glue:text\}`[A-Za-z0-9_]+(?::[^`]*)?`")
_CLAUSE = re.compile(r"[.;](?:\s|$)")
_MARKUP = re.compile(r"\{[a-z:]+\}`[^`]*`|\*\*|(?<!\w)\*|\*(?!\w)|`")


def key_labels(nb: dict) -> dict[str, str]:
    """Where each key number stands in the "Key results" box: its words around, the number as ■.

    ``c06_n_rows`` -> "Of ■ published figures"; a reader of the "This run" table sees what
    the number is without opening the notebook. At most six words on each side, within its
    clause (between full stops and semicolons), stopping at the neighbouring numbers.
    """
    out: dict[str, str] = {}
    for cell in nb.get("cells", []):
        if cell.get("cell_type") != "markdown":
            continue
        src = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        for box in _KEY_BOX.findall(src):
            for bullet in re.split(r"\n- ", box.split("\n", 2)[-1].rsplit("```", 1)[0]):
                pieces = _ROLE.split(bullet)
                names = [_GLUE.match(r).group(1) for r in _ROLE.findall(bullet)]
                for k, name in enumerate(names):
                    b, a = _MARKUP.sub("", pieces[k]), _MARKUP.sub("", pieces[k + 1])
                    b, a = _CLAUSE.split(b)[-1], _CLAUSE.split(a)[0]   # within the number's own clause
                    left = " ".join(b.split()[-6:]) + (" " if b[-1:].isspace() else "")
                    right = (" " if a[:1].isspace() else "") + " ".join(a.split()[:6])
                    label = (left + "■" + right).strip(" ,;:.-(")
                    if label.endswith(")") and label.count(")") > label.count("("):
                        label = label[:-1]   # the bracket opened before the number's clause
                    out.setdefault(name, label)
    return out


def _md(text: str) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def summary_markdown(chapter: str, changed: dict, defaults: dict, run_nb: dict, book_nb: dict) -> str:
    """The "This run" admonition: changed parameters and key numbers against the book's."""
    lines = ["```{admonition} This run", ":class: important", ""]
    if changed:
        lines.append("Parameters changed from the book's defaults:")
        lines.append("")
        for k, v in changed.items():
            lines.append(f"- `{k}` = `{v!r}` (book: `{defaults.get(k)!r}`)")
    else:
        lines.append("This run uses the book's defaults.")
    run_v, book_v = glued_values(run_nb), glued_values(book_nb)
    keys = [k for k in key_names(run_nb) if k in run_v]
    if keys:
        labels = key_labels(run_nb)
        lines += ["", "| key number (■ in the chapter's key results) | this run | the book |", "|---|---|---|"]
        for k in keys:
            mark = "" if run_v.get(k) == book_v.get(k) else " ◀"
            label = f"{_md(labels[k])} (`{k}`)" if labels.get(k) else f"`{k}`"
            lines.append(f"| {label} | {_md(run_v[k])}{mark} | {_md(book_v.get(k, '—'))} |")
        lines += ["", "◀ marks a number that differs from the book's."]
    lines += ["", f"Rerun with `make run CHAPTER={chapter} ARGS='...'`; the book's own page is "
              f"`_build/html/chapters/{chapter_path(chapter).stem}.html`.", "```"]
    return "\n".join(lines)


def add_summary(run_path: Path, book_path: Path, chapter: str, changed: dict, defaults: dict) -> None:
    """Insert the "This run" box into the notebook file ``run_path``, in place."""
    import nbformat

    nb = nbformat.read(run_path, as_version=4)
    insert_summary(nb, book_path, chapter, changed, defaults)
    nbformat.write(nb, run_path)


def insert_summary(nb, book_path: Path, chapter: str, changed: dict, defaults: dict) -> None:
    """Insert the "This run" box right under the chapter's title of the notebook ``nb`` (in memory)."""
    import nbformat

    book = json.loads(book_path.read_text(encoding="utf-8"))
    text = summary_markdown(chapter, changed, defaults, nb, book)
    box = nbformat.v4.new_markdown_cell(text, id="this-run-summary")
    first = nb.cells[0]
    title, _, rest = first.source.partition("\n")
    if first.cell_type == "markdown" and title.startswith("# ") and rest.strip():
        first.source = title
        nb.cells[1:1] = [box, nbformat.v4.new_markdown_cell(rest.lstrip("\n"), id="title-rest")]
    else:
        nb.cells.insert(1, box)


# --- 4. rendering with the book's configuration ------------------------------------------------

def _run_config(src: Path) -> dict:
    import yaml

    cfg = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    cfg["only_build_toc_files"] = True
    cfg["bibtex_bibfiles"] = [str(ROOT / "data" / "references.bib")]
    sph = cfg.setdefault("sphinx", {})
    sph["local_extensions"] = {**sph.get("local_extensions", {}), "run_links": str(ROOT / "_ext")}
    conf = sph.setdefault("config", {})
    conf["extensions"] = [*conf.get("extensions", []), "run_links"]
    conf["html_extra_path"] = [str(ROOT / "_vendor")]
    conf["html_favicon"] = str(ROOT / "_vendor" / "favicon.svg")
    cfg.setdefault("html", {})["favicon"] = str(ROOT / "_vendor" / "favicon.svg")
    conf["run_links_book_html"] = str(ROOT / "_build" / "html")
    return cfg


class Renderer:
    """Render executed notebooks with the book's configuration, in two halves.

    :meth:`start` does everything that does not need the notebooks, in a background
    thread, while the kernel runs: the source folder, the book's configuration, the Sphinx
    application (extensions, theme, bibliography) and a warm-up of the caches the first page
    fills (Jinja templates, CSS-selector and syntax-highlighting regexes). :meth:`finish`
    copies the notebooks in, builds, and returns the first one's HTML page. One
    application builds once: the result is the same as a fresh ``jupyter-book build`` of
    the run folder (the tests compare them). ``make run`` renders one notebook; several
    render in one build (the tests render every chapter's run page at once).
    """

    def __init__(self, stems: list[str], outdir: Path):
        self.stems, self.outdir = list(stems), Path(outdir).resolve()
        self.src = self.outdir / "src"
        self._ready = threading.Event()      # the notebooks are in src/chapters
        self._log = io.StringIO()
        self._error: BaseException | None = None
        self._status: int | None = None
        self._thread = threading.Thread(target=self._work, name="render", daemon=True)

    def start(self) -> Renderer:
        """Write the source folder (config, table of contents), then start Sphinx in the background."""
        self._write_sources()
        self._thread.start()
        return self

    def _write_sources(self) -> None:
        import yaml

        if self.src.exists():
            shutil.rmtree(self.src)
        (self.src / "chapters").mkdir(parents=True)
        (self.src / "_config.yml").write_text(yaml.safe_dump(_run_config(self.src), sort_keys=False), encoding="utf-8")
        # the bibliography the citations resolve to: the entries this page cites (the book's page lists them all)
        (self.src / "references.md").write_text("# References\n\n```{bibliography}\n```\n", encoding="utf-8")
        others = "".join(f"  - file: chapters/{s}\n" for s in self.stems[1:])
        (self.src / "_toc.yml").write_text(f"format: jb-book\nroot: chapters/{self.stems[0]}\n"
                                           f"chapters:\n{others}  - file: references\n", encoding="utf-8")

    def _work(self) -> None:
        # As jupyter_book.sphinx.build_sphinx (jupyter-book 1.x), split in two; absolute paths only,
        # since papermill changes the process's working folder while the kernel runs.
        try:
            from jupyter_book.config import get_final_config
            from jupyter_book.pdf import update_latex_documents
            from sphinx.application import Sphinx
            from sphinx.util.docutils import docutils_namespace, patch_docutils

            config, meta = get_final_config(user_yaml=self.src / "_config.yml",
                                         cli_config={"external_toc_path": (self.src / "_toc.yml").as_posix(),
                                                     "latex_individualpages": False},
                                         sourcedir=self.src, use_external_toc=True)
            with patch_docutils(self.src), docutils_namespace():
                app = Sphinx(srcdir=self.src, confdir=None, outdir=self.outdir / "_build" / "html",
                             doctreedir=self.outdir / "_build" / ".doctrees", buildername="html",
                             confoverrides=config, status=None, warning=self._log, freshenv=True,
                             keep_going=True)
                app.config.latex_documents = update_latex_documents(app.config.latex_documents,
                                                                    meta["latex_doc_overrides"])
                _warm_up(app)
                self._ready.wait()
                if self._error is None:
                    app.build(False, [])
                    self._status = app.statuscode
        except BaseException as e:  # noqa: BLE001 - reported by finish() with the build log
            self._error = e

    def finish(self, notebooks: list[Path]) -> Path:
        """Copy the executed notebooks in, build, and return the first one's HTML page."""
        try:
            for nb in notebooks:
                shutil.copy(nb, self.src / "chapters" / nb.name)
        except BaseException as e:
            self._error = e
            raise
        finally:
            self._ready.set()
            self._thread.join()
        page = self.outdir / "_build" / "html" / "chapters" / f"{self.stems[0]}.html"
        if self._error is not None or self._status or not page.exists():
            why = f"{type(self._error).__name__}: {self._error}\n" if self._error is not None else ""
            raise RunError("rendering failed:\n" + why + self._log.getvalue()[-2000:])
        return page

    def cancel(self) -> None:
        """Stop the background half without building (a failed run)."""
        self._error = self._error or RuntimeError("cancelled")
        self._ready.set()
        self._thread.join()


def _warm_up(app) -> None:
    """Fill the caches the first page would fill, so the build after the kernel is short.

    Every HTML template of the theme compiled (about 160; a page uses about 30), the CSS
    selector engine the theme uses (soupsieve compiles its grammar on first use) and the
    notebook code lexer. Nothing here changes what is built.
    """
    try:
        templates = app.builder.templates   # Sphinx's loader: one file-system loader per theme level
        names = {n for loader in templates.loaders for n in loader.list_templates() if n.endswith(".html")}
        for name in sorted(names):
            try:
                templates.environment.get_template(name)
            except Exception:  # noqa: BLE001 - a template the page never uses may not compile alone
                pass
        import soupsieve
        from pygments import highlight
        from pygments.formatters import HtmlFormatter
        from pygments.lexers import get_lexer_by_name

        soupsieve.compile("div.bd-sidebar > nav a[href], li:not(.x) ul li")
        highlight("import numpy as np\nx: float = np.sqrt(2.0)  # ok\n", get_lexer_by_name("ipython3"),
                  HtmlFormatter())
    except Exception:  # noqa: BLE001 - a warm-up only; the build reports real problems
        pass


def render(run_nb: Path | list[Path], outdir: Path) -> Path:
    """Render executed notebooks with the book's configuration; return the (first) HTML page."""
    nbs = [run_nb] if isinstance(run_nb, Path) else list(run_nb)
    return Renderer([nb.stem for nb in nbs], outdir).start().finish(nbs)


# --- the whole run -------------------------------------------------------------------------------

def check(chapter: str, args: list[str]) -> dict:
    """Step 1 alone (``make run CHECK=1``): the validated parameters, or :class:`RunError`."""
    src = chapter_path(chapter)
    given, via_p = parse_args(args)
    return check_parameters(src.stem[:2], given, via_p, notebook_defaults(src))


def _check_in_child(chapter: str, given: dict, via_p: set[str], defaults: dict, in_process: bool = False):
    """Start :func:`check_parameters` in a forked child; return a function that waits for its
    answer and raises its :class:`RunError`. In-process where ``os.fork`` is missing, or once
    threads run (a fork is only safe before)."""
    if in_process or not hasattr(os, "fork") or threading.active_count() > 1:
        check_parameters(chapter, given, via_p, defaults)
        return lambda: None
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: check, report, leave without running the parent's exit handlers
        code = 0
        try:
            os.close(r)
            try:
                check_parameters(chapter, given, via_p, defaults)
                msg = ""
            except RunError as e:
                msg = "E" + str(e)
            except BaseException as e:  # noqa: BLE001 - reported by the parent
                msg = f"X{type(e).__name__}: {e}"
            os.write(w, msg.encode("utf-8"))
            os.close(w)
        except BaseException:  # noqa: BLE001
            code = 1
        os._exit(code)
    os.close(w)

    def wait() -> None:
        with os.fdopen(r, "rb") as f:
            msg = f.read().decode("utf-8")
        _, status = os.waitpid(pid, 0)
        if msg.startswith("E"):
            raise RunError(msg[1:])
        if msg.startswith("X") or status:
            raise RuntimeError(f"the parameter check failed: {msg[1:] or f'exit status {status}'}")

    return wait


def run(chapter: str, args: list[str], debug: bool = False) -> tuple[Path, Path]:
    """Check, execute, summarise and render one chapter; return (notebook, HTML page).

    ``debug``: check in this process, so that a rejection's traceback shows where it was raised.
    """
    src = chapter_path(chapter)
    chapter = src.stem[:2]
    given, via_p = parse_args(args)
    defaults = notebook_defaults(src)
    # the check runs in a forked process while this one imports papermill: two cores, not one
    # (in a thread the two imports, pandas and papermill, would take turns); no kernel starts
    # before the check's answer arrives
    pending = _check_in_child(chapter, given, via_p, defaults, in_process=debug)
    warm = threading.Thread(target=lambda: __import__("papermill"), daemon=True)
    warm.start()
    pending()      # a rejection is reported as soon as the child answers, mid-import or not
    warm.join()
    import nbformat
    changed = {k: v for k, v in given.items() if defaults.get(k) != v}
    name = f"{src.stem}--{slug(changed)}"
    final = RUNS / name
    RUNS.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".run-", dir=RUNS))
    renderer = Renderer([src.stem], tmp).start()   # Sphinx starts while the kernel runs
    try:
        nb_path = tmp / f"{src.stem}.ipynb"
        try:
            nb = _execute(src, nb_path, given)
        except Exception as e:  # papermill's execution error carries the notebook's exception
            if type(e).__name__ != "PapermillExecutionError":
                raise
            raise RunError(_notebook_error(e)) from e
        insert_summary(nb, src, chapter, changed, defaults)
        nbformat.write(nb, nb_path)   # the notebook's only write after papermill's
        renderer.finish([nb_path])
        if final.exists():
            shutil.rmtree(final)
        tmp.rename(final)
    except BaseException:
        renderer.cancel()
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return final / f"{src.stem}.ipynb", final / "_build" / "html" / "chapters" / f"{src.stem}.html"


def _shown(path: Path) -> Path:
    """A path as the reader should see it: relative to the repository, or absolute outside it
    (``$LLMSCALE_RUNS_DIR`` may point anywhere)."""
    return path.relative_to(ROOT) if path.is_relative_to(ROOT) else path


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="make run", description=__doc__.splitlines()[0])
    ap.add_argument("chapter", nargs="?", default="")
    ap.add_argument("--debug", action="store_true", help="show tracebacks")
    ap.add_argument("--scenario", help="a YAML parameter file, e.g. scenarios/04/fp8_kv_cache.yaml")
    ap.add_argument("--check", action="store_true", help="only check the parameters (no kernel, nothing written)")
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0].startswith("-"):
        argv.insert(0, "")  # no chapter given: it comes from the scenario's folder
    ns, rest = ap.parse_known_args(argv)
    try:
        if ns.scenario:
            if not ns.chapter:
                ns.chapter = Path(ns.scenario).parent.name
            rest = ["--scenario", ns.scenario, *rest]
        if not ns.chapter:
            raise RunError("usage: make run CHAPTER=04 ARGS='-p hardware H200'  or  make run SCENARIO=scenarios/04/x.yaml")
        if ns.check:
            ok = check(ns.chapter, rest)
            print(f"ok: chapter {chapter_path(ns.chapter).stem[:2]} accepts " + ", ".join(f"{k}={v!r}" for k, v in ok.items()))
            return 0
        nb, html = run(ns.chapter, rest, debug=ns.debug)
    except RunError as e:
        if ns.debug:
            raise
        print(f"error: {e}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    print(f"notebook: {_shown(nb)}")
    print(f"page:     {_shown(html)}")
    return 0


if __name__ == "__main__":
    code = main()
    sys.stdout.flush()
    sys.stderr.flush()
    # Everything is written and closed and the kernel is shut down: skip the interpreter's
    # teardown of Sphinx, papermill and their objects (0.4-0.7 s of a run on 2 cores).
    os._exit(code)
