"""The report templates, compiled ahead of time: a speed-up behind Jinja2's own loader, proven equal by
tests/test_compiled_templates.py.

Compiling ``checklist.md.j2`` is the largest single cost of a Markdown ``vetting assess`` after the
imports (docs/performance.md, "Cold start"). ``python -m vetting.outputs.templates`` writes each
report template's Python code, as Jinja2 itself generates it, into ``vetting/outputs/compiled/`` — one
module per template and kind of environment (Markdown or HTML), each naming the SHA-256 of the
template text it came from and the Jinja2 version that made it. ``Loader`` uses such a module only
when both still match (an edited template, or another Jinja2 release, compiles as before); it is
shipped code of the package, like any module, never a cache written at run time.
"""
from __future__ import annotations

import hashlib
import importlib.util
import re
from pathlib import Path

import jinja2

PACKAGE = "vetting.outputs.compiled"
HERE = Path(__file__).resolve().parent / "compiled"
# the templates on the way of `vetting assess` (the checklist and the one-page summary, with what they
# include and import), each for the kind of environment it is rendered in: md_final (Markdown, every value
# through md_escape) or html (autoescaped). The checklists are a head (the values every section reads)
# that includes its sections, one template each, so that no module of generated code
# passes the size rule's 400 lines (tests/test_sizes.py counts them like any module).
PARTS = {"md_final": ("top", "path", "areas", "letter", "clauses"), "html": ("head", "path", "areas", "letter", "clauses")}
NAMES = {"checklist.md.j2": ("md_final",), "checklist.html.j2": ("html",), "_source.j2": ("md_final", "html"),
         "_style.css.j2": ("html",), "summary.md.j2": ("md_final",), "summary.html.j2": ("html",),
         **{f"_checklist_{part}.{'md' if kind == 'md_final' else 'html'}.j2": (kind,)
            for kind, parts in PARTS.items() for part in parts}}


def kind_of(env: jinja2.Environment) -> str:
    """Code Jinja2 generates differs only by autoescaping and by whether a finalize function is set."""
    return ("html" if env.autoescape else "md") + ("_final" if env.finalize else "")


def module_name(name: str, kind: str) -> str:
    return f"{kind}__{re.sub(r'[^0-9a-zA-Z]', '_', name)}"


def digest(source: str) -> str:
    return hashlib.sha256(source.encode("utf-8")).hexdigest()


class Loader(jinja2.FileSystemLoader):
    """A FileSystemLoader that takes a template's ahead-of-time code when it was made from this very text
    by this very Jinja2 release, and compiles it otherwise. The code object comes from the module's
    bytecode as Python caches any module's; it runs in a fresh namespace per environment, exactly as
    Jinja2 runs the code it compiles itself (``Template.from_code``)."""

    def load(self, environment, name, globals=None):
        source, filename, uptodate = self.get_source(environment, name)
        code = _compiled(name, kind_of(environment), digest(source))
        if code is None:
            return super().load(environment, name, globals)
        return environment.template_class.from_code(environment, code, environment.make_globals(globals), uptodate)


def _compiled(name: str, kind: str, sha: str):
    """The code object of ``name``'s module for ``kind``, when it was made from text ``sha`` by this Jinja2."""
    if kind not in NAMES.get(name, ()):
        return None
    module = module_name(name, kind)
    path = HERE / f"{module}.py"
    try:
        with path.open(encoding="utf-8") as f:
            head = [f.readline() for _ in range(3)]
    except OSError:
        return None
    if head[1:] != [f"SOURCE_SHA256 = {sha!r}\n", f"JINJA2 = {jinja2.__version__!r}\n"]:
        return None
    spec = importlib.util.find_spec(f"{PACKAGE}.{module}")
    return spec.loader.get_code(spec.name) if spec and spec.loader else None
