"""The MkDocs plugin ``survey-atlas``: runs the pipeline inside ``mkdocs build`` and ``mkdocs serve``.

Registered as an entry point (``mkdocs.plugins`` in ``pyproject.toml``) and configured in
``mkdocs.yml``::

    plugins:
      - search
      - survey-atlas:
          seeds: seeds          # folder of listing dumps
          taxonomy: survey.yml  # the curated chapters, sections and overrides
          search: true          # index the built site with Pagefind
          cache: true           # keep per-paper results in .survey-atlas-cache/ between builds

This class is only the glue: each build gets a fresh ``events.SiteBuild`` holding that build's
state, and every event is handed to it.  Under ``mkdocs serve`` MkDocs keeps this plugin object
(and Python keeps every imported module) from one rebuild to the next, so before each rebuild the
plugin checks the generator's source and vocabulary files and, when any changed, imports the
generator's modules afresh: an edit to ``generator/`` takes effect on the next rebuild.  This
module is the one exception (its class is already loaded); a change here needs a restart.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

from jinja2 import Environment
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils.templates import TemplateContext

if TYPE_CHECKING:
    from generator.events import BackgroundIndex, SiteBuild
    from generator.reuse import KeptPages

PACKAGE = "generator"
PACKAGE_DIR = Path(__file__).resolve().parent
# Project folders a rebuild under ``mkdocs serve`` watches, besides the seeds and the taxonomy.
WATCHED = ("templates", "generator", "overrides")


class SurveyAtlasConfig(base.Config):
    seeds = c.Type(str, default="seeds")
    taxonomy = c.Type(str, default="survey.yml")
    search = c.Type(bool, default=True)
    cache = c.Type(bool, default=True)


class SurveyAtlasPlugin(BasePlugin[SurveyAtlasConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.command = "build"
        self.dirty = False
        self.code_version: tuple[tuple[str, int], ...] = ()
        self.site: SiteBuild | None = None  # this build's state, made in on_config
        # Under mkdocs serve, the paper pages of the previous rebuild (generator/reuse.py).
        self.kept_pages: KeptPages | None = None
        # Under mkdocs serve, the previous rebuild's Pagefind run, still indexing in the background.
        self.indexer: BackgroundIndex | None = None

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Defining on_startup also asks MkDocs to keep this object across serve's rebuilds.
        self.command, self.dirty = command, dirty

    def on_config(self, config: MkDocsConfig) -> None:
        events = self.events_module()
        settings = events.Settings(
            root=Path(config.config_file_path).resolve().parent, seeds=self.config.seeds,
            taxonomy=self.config.taxonomy, search=self.config.search, dirty=self.dirty, cache=self.config.cache,
            index_in_background=self.command == "serve",
        )
        # Pages are kept only when MkDocs empties the site folder before each rebuild (reuse.py).
        if self.command == "serve" and not self.dirty and self.kept_pages is None:
            self.kept_pages = importlib.import_module(f"{PACKAGE}.reuse").KeptPages()
        self.site = events.SiteBuild(settings, kept=self.kept_pages)

    def events_module(self) -> ModuleType:
        """``generator.events``, imported afresh (with every generator module it uses) when a
        source or vocabulary file of the package changed since the last build."""
        version = source_version(PACKAGE_DIR)
        if self.code_version and version != self.code_version:
            forget_generator_modules()
            if self.kept_pages is not None:
                self.kept_pages.forget()  # pages rendered by the old code
        self.code_version = version
        return importlib.import_module(f"{PACKAGE}.events")

    @property
    def current(self) -> SiteBuild:
        if self.site is None:
            raise PluginError("Survey Atlas: an event arrived before on_config")
        return self.site

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        if self.indexer is not None:
            # MkDocs empties the site folder next: stop indexing the previous rebuild's pages first.
            self.indexer.stop()
            self.indexer = None
        self.current.on_pre_build()

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        return self.current.on_files(files, config)

    def on_env(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
        self.current.on_env(files, config)
        return env

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        return self.current.on_page_content(html, page)

    @event_priority(50)  # before Material's search plugin (default priority 0) reads page.meta
    def on_page_context(self, context: TemplateContext, *, page: Page, config: MkDocsConfig,
                        nav: Navigation) -> TemplateContext:
        return self.current.on_page_context(context, page)

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        return self.current.on_post_page(output, page)

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        self.indexer = self.current.on_post_build(config)

    def on_build_error(self, *, error: Exception) -> None:
        if self.site is not None:
            self.site.on_build_error()

    def on_shutdown(self) -> None:
        if self.kept_pages is not None:
            self.kept_pages.forget()  # removes the folder of kept pages

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        """Rebuild when a seed file, the taxonomy, a template, the generator or a theme override changes."""
        root = Path(config.config_file_path).resolve().parent
        for name in (self.config.seeds, self.config.taxonomy, *WATCHED):
            if (root / name).exists():
                server.watch(str(root / name))
        return server


def source_version(package_dir: Path) -> tuple[tuple[str, int], ...]:
    """Every source and vocabulary file of the package with its modification time."""
    files = sorted(p for pattern in ("**/*.py", "**/*.yml") for p in package_dir.glob(pattern))
    return tuple((str(p.relative_to(package_dir)), p.stat().st_mtime_ns) for p in files)


def forget_generator_modules() -> None:
    """Drop the generator's modules (but this one) from Python's module cache, so the next
    import reads them from disk again."""
    for name in [n for n in sys.modules if n.startswith(f"{PACKAGE}.") and n != __name__]:
        del sys.modules[name]
