"""Chapter pages read as lessons: short steps, each with its own output below it, the proof folded.

The targets and how they are measured live in ``tools/lessons.py`` (``python -m tools.lessons``
prints the table); the steps themselves are the ``# %%`` cells of the snippets
(``tools/cells.py``).
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
import yaml

from tools import cells, lessons
from tools.snippets import DOCS, ROOT, Snippet, discover, includes

PAGES = lessons.chapter_pages()
WITH_CELLS = [s for s in discover() if cells.has_cells(s.path.read_text(encoding="utf-8"))]


def rel(page: Path) -> str:
    return page.relative_to(DOCS).as_posix()


def stepped(page: Path) -> dict[str, list[str]]:
    """The snippets a page shows step by step, and the steps it shows of each, in order."""
    shown: dict[str, list[str]] = {}
    for spec in includes(page, steps=True):
        path, _, step = spec.partition(":")
        if step and path.endswith(".py"):
            shown.setdefault(path, []).append(step)
    return shown


@pytest.mark.parametrize("page", PAGES, ids=rel)
def test_page_reads_as_a_lesson(page: Path):
    problems = lessons.measure(page).problems()
    assert not problems, f"{rel(page)}: " + "; ".join(problems)


@pytest.mark.parametrize("page", PAGES, ids=rel)
def test_every_step_of_a_snippet_is_shown_in_order(page: Path):
    """A page that teaches a snippet in steps shows all of them, top to bottom, and folds the
    complete file (the checks included) with its download link."""
    text = page.read_text(encoding="utf-8")
    for path, shown in stepped(page).items():
        source = (ROOT / path).read_text(encoding="utf-8")
        steps = [c.name for c in cells.parse(source) if c.is_step]
        assert shown == steps, f"{rel(page)} shows steps {shown} of {path}, which has {steps}"
        complete = [f for f in lessons.fences(text) if f.include == (path, None)]
        assert complete and all(f.folded for f in complete), (
            f"{rel(page)}: fold the complete {path} in a ??? block below its steps"
        )
        assert f"snippets/{path.removeprefix('snippets/')}){{ download }}" in text, (
            f"{rel(page)}: link the download of {path}"
        )


@pytest.mark.parametrize("page", PAGES, ids=rel)
def test_outputs_have_the_readers_caption(page: Path):
    caption = lessons.OUTPUT_CAPTION[lessons.language(page)]
    for fence in lessons.fences(page.read_text(encoding="utf-8")):
        if fence.include and fence.include[0].endswith(".output.txt"):
            assert fence.info == f'text title="{caption}"', (
                f'{rel(page)}: an output is captioned {fence.info!r}; write title="{caption}"'
            )


@pytest.mark.parametrize("snippet", WITH_CELLS, ids=lambda s: s.id)
def test_steps_are_top_level_cells_with_kebab_names(snippet: Snippet):
    source = snippet.path.read_text(encoding="utf-8")
    assert not cells.problems(source), cells.problems(source)
    markers = {n for n, line in enumerate(source.splitlines(), 1) if cells.MARKER.fullmatch(line)}
    for node in ast.parse(source).body:
        inside = markers & set(range(node.lineno, node.end_lineno + 1))
        assert not inside, f"{snippet.rel}:{min(inside)}: a # %% line inside a statement"
    header = cells.parse(source)[0]
    body = [n for n in ast.parse("\n".join(header.lines) or "pass").body]
    assert all(isinstance(n, ast.Expr) and isinstance(n.value, ast.Constant) for n in body), (
        f"{snippet.rel}: only the docstring goes before the first # %% cell"
    )


@pytest.mark.parametrize("snippet", WITH_CELLS, ids=lambda s: s.id)
def test_checks_print_nothing(snippet: Snippet):
    """What a check prints would reach no page: checks prove, steps print."""
    captured = snippet.output_path.read_text(encoding="utf-8")
    silent = {k: v for k, v in cells.split_output(captured).items() if not k or k == "check"}
    assert not any(silent.values()), f"{snippet.rel}: a check cell prints {silent}"


def test_output_is_credited_to_the_step_that_prints_it(tmp_path):
    """The capture credits each print to the step on the stack, a function defined in one step
    and called in another included; a step that leaves a line unfinished fails loudly."""
    from tools.snippets import run

    folder = tmp_path / "snippets" / "demo"
    folder.mkdir(parents=True)
    script = folder / "demo.py"
    script.write_text(
        '"""Demo."""\n\n# %% define\ndef shout(x):\n    print(f"{x}!")\n\nprint("defined")\n\n'
        "# %% check\nassert shout\n\n# %% call\nshout(1)\nshout(2)\n",
        encoding="utf-8",
    )
    result = run(Snippet(script))
    assert result.returncode == 0, result.stderr
    assert result.stdout == "# %% define\ndefined\n# %% call\n1!\n2!\n"
    assert cells.split_output(result.stdout) == {"define": "defined\n", "call": "1!\n2!\n"}
    assert cells.strip_markers(result.stdout) == "defined\n1!\n2!\n"
    script.write_text('# %% a\nprint("x", end="")\n# %% b\nprint("y")\n', encoding="utf-8")
    result = run(Snippet(script))
    assert result.returncode != 0 and "unfinished" in result.stderr


def test_the_lesson_measure_sees_what_a_reader_sees(tmp_path):
    """Folded blocks do not count, checks in shown code do, and an output must sit below its
    step: the targets fail on a page that breaks each rule."""
    long_code = "\n".join(f"x{i} = {i}" for i in range(30))
    text = (
        f"```python\n{long_code}\n```\n\n"
        '??? success "folded"\n    ```python\n' + "\n".join(
            f"    assert {i}" for i in range(40)) + "\n    ```\n\n"
        "```python\nassert x0 == 0\ny = 1\n```\n"
    )  # fmt: skip
    found = lessons.fences(text)
    assert [f.folded for f in found] == [False, True, False]
    demo = (
        "assert a\ntry:\n    f()\nexcept E:\n    pass\nelse:\n"
        "    raise AssertionError('no')\ntorch.testing.assert_close(a, b)\n"
    )
    assert lessons.scaffold_lines(demo) == 4
    page = DOCS / "tensor" / "creation.md"
    row = lessons.measure(page)
    assert row.printing_steps >= 5 and row.output_below == row.printing_steps
    broken = page.read_text(encoding="utf-8").replace(
        '```text title="运行结果"\n--8<-- "snippets/tensor/creation.output.txt:ranges"\n```', ""
    )
    assert broken != page.read_text(encoding="utf-8")
    scratch = tmp_path / "creation.md"
    scratch.write_text(broken + f"\n```python\n{long_code}\n```\n", encoding="utf-8")
    problems = " ".join(lessons.measure(scratch).problems())
    assert "lack their own output" in problems and "code block of 30 lines" in problems


def front_matter(page: Path) -> dict:
    """The page's front matter, read the way hooks/route.py reads it."""
    import sys

    sys.path.insert(0, str(ROOT / "hooks"))
    import route

    return route.front_matter(page)


ROUTE_PAGES = [*PAGES, DOCS / "quickstart.md", DOCS / "quickstart.en.md"]


@pytest.mark.parametrize("page", ROUTE_PAGES, ids=rel)
def test_every_page_says_core_or_advanced_and_how_long(page: Path):
    """The reader sees it in the nav (Material's page status) and the page head
    (hooks/route.py); the home page's route is built from the same front matter."""
    meta = front_matter(page)
    assert meta.get("status") in ("core", "advanced"), (
        f"{rel(page)}: front matter needs status: core or status: advanced"
    )
    assert isinstance(meta.get("minutes"), int) and 3 <= meta["minutes"] <= 60, (
        f"{rel(page)}: front matter needs minutes: <reading and running time, 3 to 60>"
    )
    if lessons.language(page) == "zh":
        twin = page.with_name(page.stem + ".en.md")
        theirs = front_matter(twin)
        assert (theirs.get("status"), theirs.get("minutes")) == (meta["status"], meta["minutes"]), (
            f"{rel(page)} and {rel(twin)} disagree on status or minutes"
        )


TAKEAWAYS = {"zh": "## 小结", "en": "## Key takeaways"}


@pytest.mark.parametrize("page", [p for p in PAGES if "exercises" not in p.name], ids=rel)
def test_every_lesson_ends_with_takeaways(page: Path):
    text = page.read_text(encoding="utf-8")
    heading = TAKEAWAYS[lessons.language(page)]
    assert heading in text, f"{rel(page)}: end with a '{heading}' section of 3 to 5 points"
    tail = text.split(heading, 1)[1]
    assert "\n## " not in tail, f"{rel(page)}: '{heading}' is the last section"
    points = [line for line in tail.splitlines() if line.startswith("- ")]
    assert 3 <= len(points) <= 5, f"{rel(page)}: {len(points)} takeaways (3 to 5)"


def nav() -> list:
    """mkdocs.yml's nav (its !!python and !ENV tags read as nothing)."""

    class Loader(yaml.SafeLoader):
        pass

    Loader.add_multi_constructor("!", lambda loader, suffix, node: None)
    Loader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)
    return yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=Loader)["nav"]


def test_the_home_page_shows_the_core_route_and_the_glossary():
    """A start-here route of 15 to 20 core pages, built from the pages' own front matter
    (hooks/route.py), on both home pages, which also link the glossary and the about page."""
    import sys

    sys.path.insert(0, str(ROOT / "hooks"))
    import route

    for home, lang in ((DOCS / "index.md", "zh"), (DOCS / "index.en.md", "en")):
        text = home.read_text(encoding="utf-8")
        assert route.MARKER in text and "(glossary.md)" in text and "(about.md)" in text, home.name
        table = route.route(nav(), lang)
        core = [
            p
            for p in PAGES
            if lessons.language(p) == "zh"
            and front_matter(p).get("status") == "core"
            and "exercises" not in p.name
        ]
        for page in core:
            uri = page.relative_to(DOCS).as_posix()
            assert f"({uri})" in table, f"{rel(page)} is not on the route"
        assert "(quickstart.md)" in table
    assert 15 <= len(core) + 1 <= 20, f"the core route has {len(core) + 1} pages (15 to 20)"


def test_labels_say_core_or_advanced_under_the_title():
    import sys

    sys.path.insert(0, str(ROOT / "hooks"))
    import route

    assert "核心路线 · 约 15 分钟" in route.label({"status": "core", "minutes": 15}, "zh")
    assert route.label({"status": "advanced", "minutes": 20}, "en").startswith("!!! note")
    assert route.label({}, "en") == ""


# Words for the site's machinery, not for a learner: CI is explained once, on the about page.
JARGON = re.compile(r"\bCI\b|GPU 通道|GPU lane|断言")


@pytest.mark.parametrize(
    "page", sorted(p for p in DOCS.rglob("*.md") if not p.name.startswith("about")), ids=rel
)
def test_pages_speak_to_a_learner(page: Path):
    """No CI, no "GPU lane", no 断言 as a verb ("用 `assert` 检查"), outside the about page."""
    prose = re.sub(r"`[^`\n]*`", "", page.read_text(encoding="utf-8"))
    found = sorted(set(JARGON.findall(prose)))
    assert not found, f"{rel(page)} says {found} to the reader: see CONTRIBUTING.md"


def test_walkthrough_notebooks_are_labelled_advanced():
    """Notebooks have no front matter: hooks/route.py labels them advanced (nav and page head)."""
    import sys
    from types import SimpleNamespace

    sys.path.insert(0, str(ROOT / "hooks"))
    import route

    # One source for both languages: the English page is told by the site's language.
    page = SimpleNamespace(file=SimpleNamespace(src_uri="tensor/walkthrough.py"), meta={})
    english = SimpleNamespace(theme={"language": "en"})  # the English site's config
    html = route.on_page_content("<p>cells</p>", page, english, None)
    assert page.meta["status"] == "advanced" and "Advanced · notebook" in html
    lesson = SimpleNamespace(file=SimpleNamespace(src_uri="tensor/creation.md"), meta={})
    assert route.on_page_content("<p>x</p>", lesson, None, None) == "<p>x</p>"


def _loaded(tree: ast.AST) -> set[str]:
    return {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)}


def _imported(tree: ast.AST) -> set[str]:
    return {
        (alias.asname or alias.name).split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom)
        for alias in node.names
    }


def _stored(tree: ast.AST) -> set[str]:
    names = _imported(tree)
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store | ast.Del):
            names.add(node.id)
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, ast.arg):
            names.add(node.arg)
        elif isinstance(node, ast.ExceptHandler) and node.name:
            names.add(node.name)
    return names


def names_only_checks_define(source: str) -> list[tuple[str, list[str]]]:
    """Shown steps that use a name which only a (folded) check cell defined before them: typed
    out from the page, such a step raises NameError."""
    import builtins

    by_steps, by_checks, found = set(dir(builtins)), set(), []
    for cell in cells.parse(source):
        tree = ast.parse("\n".join(cell.lines))
        if cell.is_step:
            missing = (_loaded(tree) - by_steps - _stored(tree)) & by_checks
            if missing:
                found.append((cell.name, sorted(missing)))
            by_steps |= _stored(tree)
        else:
            by_checks |= _stored(tree) - by_steps
    return found


@pytest.mark.parametrize("snippet", WITH_CELLS, ids=lambda s: s.id)
def test_shown_steps_need_nothing_that_only_a_check_defines(snippet: Snippet):
    found = names_only_checks_define(snippet.path.read_text(encoding="utf-8"))
    assert not found, f"{snippet.rel}: steps use names only a check cell defines: {found}"


def test_the_hidden_name_check_sees_a_name_defined_only_in_a_check():
    source = "# %% a\nx = 1\n\n# %% check\nnames = [x]\n\n# %% b\nprint(names, x)\n"
    assert names_only_checks_define(source) == [("b", ["names"])]


def imports_only_checks_use(source: str) -> list[tuple[str, list[str]]]:
    """Names a shown step imports that no shown step uses, only a check: noise on the page (the
    reader wonders what `assert_close` is for), so the check imports them itself."""
    imported, used_by_steps, used_by_checks = {}, set(), set()
    for cell in cells.parse(source):
        tree = ast.parse("\n".join(cell.lines))
        if cell.is_step:
            used_by_steps |= _loaded(tree)
            imported |= dict.fromkeys(_imported(tree), cell.name)
        else:
            used_by_checks |= _loaded(tree)
    found: dict[str, list[str]] = {}
    for name, step in imported.items():
        if name in used_by_checks and name not in used_by_steps:
            found.setdefault(step, []).append(name)
    return [(step, sorted(names)) for step, names in found.items()]


@pytest.mark.parametrize("snippet", WITH_CELLS, ids=lambda s: s.id)
def test_shown_steps_import_only_what_steps_use(snippet: Snippet):
    found = imports_only_checks_use(snippet.path.read_text(encoding="utf-8"))
    assert not found, f"{snippet.rel}: move these imports into the check that uses them: {found}"


def test_the_import_check_sees_an_import_only_a_check_uses():
    source = "# %% a\nimport math\nimport os\nprint(os.sep)\n\n# %% check\nassert math.pi\n"
    assert imports_only_checks_use(source) == [("a", ["math"])]


@pytest.mark.parametrize("snippet", discover(), ids=lambda s: s.id)
def test_downloads_drop_annotation_markers_and_keep_the_code(snippet: Snippet):
    """The complete program a page folds and the file a reader downloads leave out Material's
    ``# (1)!`` markers (their lists sit under the steps); the code is the tested code."""
    source = snippet.path.read_text(encoding="utf-8")
    clean = cells.strip_annotations(source)
    assert not re.search(r"# \(\d+\)!", clean), snippet.rel
    assert ast.dump(ast.parse(clean)) == ast.dump(ast.parse(source))
    assert clean.count("\n") == source.count("\n")  # no line lost: tracebacks keep line numbers
