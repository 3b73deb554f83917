"""Runtime language switching: zh_CN ⇄ en, with the translators kept alive while installed.

Source strings are English (self.tr / QCoreApplication.translate); resources/i18n holds the .ts
sources and compiled .qm files. Installing a translator makes Qt send QEvent.LanguageChange to
every widget, and each widget retranslates itself in its changeEvent.

One catalogue per capability (`gridline_*` for the shell and board, `map_*`, `wall_*`, `stats_*`),
so that each capability's strings are kept beside its own files; every `*_<lang>.qm` is installed.
Update a catalogue after changing strings, e.g. the shell's:
    .venv/bin/pyside6-lupdate widgets/*.py -ts resources/i18n/gridline_zh_CN.ts resources/i18n/gridline_en.ts
    .venv/bin/pyside6-lrelease resources/i18n/gridline_zh_CN.ts resources/i18n/gridline_en.ts
(a capability runs lupdate on its own modules into its own `<name>_<lang>.ts`).
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

log = logging.getLogger(__name__)

I18N_DIR = Path(__file__).resolve().parents[1] / "resources" / "i18n"
LANGUAGES = ("zh_CN", "en")
DEFAULT_LANGUAGE = "zh_CN"  # the console's users are Chinese command-center staff
NATIVE_NAMES = {"zh_CN": "中文", "en": "English"}  # menu entries stay in their own language

_installed: list[QTranslator] = []  # Qt does not own installed translators: keep them referenced
_current: str | None = None


def current_language() -> str | None:
    return _current


def install_language(lang: str) -> bool:
    """Replace the installed translators by those of `lang`; False when its catalogue is missing."""
    global _current
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; expected one of {LANGUAGES}")
    app = QCoreApplication.instance()
    for tr in _installed:
        app.removeTranslator(tr)
    _installed.clear()

    ok = False
    catalogues: list[tuple[QTranslator, bool]] = []
    # Qt's own strings (OK/Cancel in standard dialogs), when the PySide6 wheel ships them.
    qt_tr = QTranslator()
    catalogues.append((qt_tr, qt_tr.load(QLocale(lang), "qtbase", "_",
                                         QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))))
    for path in sorted(I18N_DIR.glob(f"*_{lang}.qm")):
        ours = QTranslator()
        loaded = ours.load(str(path))
        if not loaded:
            log.warning("translation catalogue %s could not be loaded", path)
        ok = ok or (loaded and path.name == f"gridline_{lang}.qm")
        catalogues.append((ours, loaded))
    if not ok:
        log.warning("translation catalogue for %s not found in %s", lang, I18N_DIR)
    for tr, loaded in catalogues:
        if loaded:
            app.installTranslator(tr)
            _installed.append(tr)
    # Removing and installing translators both post LanguageChange to every widget.
    _current = lang
    QLocale.setDefault(QLocale(lang))
    return ok



def language() -> str:
    """The language shown now: the installed one, else the default (Simplified Chinese)."""
    return _current or DEFAULT_LANGUAGE


def is_english() -> bool:
    return language() == "en"


def short_language() -> str:
    """"zh" or "en": the language code of console/ texts (board countdowns)."""
    return "en" if is_english() else "zh"


def pick(zh: str, en: str) -> str:
    """One of a zh/en pair of data labels (column, category, status names) by the current language."""
    return en if is_english() else zh


# "中文说明 (English text)": the form of every server and core message (docs/protocol.md §1).
_BILINGUAL = re.compile(r"(.*?[^\x00-\x7f].*?)\s*\(([\x00-\x7f]+)\)\s*", re.S)


def localize(message: str) -> str:
    """The half of a "中文 (English)" message in the current language; other text unchanged."""
    m = _BILINGUAL.fullmatch(message or "")
    if m is None:
        return message
    return m.group(2) if is_english() else m.group(1).rstrip(" ,;:，；：")


class Bilingual(dict):
    """code -> Chinese label, with `en` the English labels: lookups answer in the current language.

    A plain dict of the Chinese names underneath (dict(table) copies those), so code that reads
    `TABLE.get(code, code)` or `TABLE[code]` follows the language switch without changing.
    """

    def __init__(self, zh: dict, en: dict) -> None:
        super().__init__(zh)
        self.en = dict(en)

    def __getitem__(self, key):  # type: ignore[override]
        if is_english() and key in self.en:
            return self.en[key]
        return super().__getitem__(key)

    def get(self, key, default=None):  # type: ignore[override]
        return self[key] if key in self else default

    def items(self):  # type: ignore[override]
        return [(k, self[k]) for k in self]

    def values(self):  # type: ignore[override]
        return [self[k] for k in self]
