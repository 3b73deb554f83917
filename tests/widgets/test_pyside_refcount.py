"""Regression guard for PySide6 6.12.0 on Python 3.11: Qt methods returning None dropped None's refcount
until the interpreter aborted (DESIGN.md section 3). 20,000 such calls must leave the count standing."""

import sys

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import QObject


def test_pyside_version_is_not_the_broken_release():
    assert pyside_version != "6.12.0"


def test_none_returning_qt_calls_keep_none_refcount(qapp):
    obj = QObject()
    before = sys.getrefcount(None)
    for i in range(20_000):
        obj.setObjectName("x")  # returns None
        obj.blockSignals(False)
    after = sys.getrefcount(None)
    # Immortal None (3.12+) reports a huge constant; on 3.11 a broken binding makes it fall by 20,000.
    assert after >= before - 100, (before, after)
