"""console/ and backend/ never import Qt (DESIGN.md section 2): models stay testable without a GUI."""

import ast
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
QT_MODULES = ("PySide6", "shiboken6", "pyqtgraph", "PyQt5", "PyQt6", "vlc")


def qt_imports(package: str) -> list[str]:
    found = []
    for path in sorted((ROOT / package).rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            for name in names:
                if name.split(".")[0] in QT_MODULES:
                    found.append(f"{path.relative_to(ROOT)}:{node.lineno} imports {name}")
    return found


@pytest.mark.parametrize("package", ["console", "backend"])
def test_package_imports_no_qt(package):
    assert (ROOT / package).is_dir()
    assert qt_imports(package) == []


def test_detector_sees_a_qt_import(tmp_path, monkeypatch):
    pkg = tmp_path / "probe"
    pkg.mkdir()
    (pkg / "m.py").write_text("from PySide6.QtCore import QObject\n")
    monkeypatch.setattr(sys.modules[__name__], "ROOT", tmp_path)
    assert qt_imports("probe") == ["probe/m.py:1 imports PySide6.QtCore"]
