"""Sign-in to a remote platform server (`main.py --server URL`): URL, then a token or user + password.

The URL and user name are remembered in QSettings; secrets never are (a wall console is shared).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QT_TRANSLATE_NOOP, QEvent, QSettings
from PySide6.QtWidgets import (QButtonGroup, QDialog, QDialogButtonBox, QFormLayout, QHBoxLayout, QLabel, QLineEdit,
                               QRadioButton, QVBoxLayout, QWidget)

from widgets.theme import set_tone


@dataclass(frozen=True)
class Login:
    """What the officer entered; becomes `console.connection.Credentials` in app.py."""

    url: str
    token: str = ""
    user: str | None = None
    password: str | None = field(default=None, repr=False)


def validate(url: str, use_token: bool, token: str, user: str, password: str) -> str | None:
    """The reason the form cannot be sent (English source, translated by the caller), or None."""
    if not url.startswith(("ws://", "wss://")) or len(url) <= len("ws://"):
        return QT_TRANSLATE_NOOP("LoginDialog", "The server URL must start with ws:// or wss://")
    if use_token and not token:
        return QT_TRANSLATE_NOOP("LoginDialog", "Enter an access token")
    if not use_token and not (user and password):
        return QT_TRANSLATE_NOOP("LoginDialog", "Enter a user name and a password")
    return None


class LoginDialog(QDialog):
    """Modal sign-in form; `login()` returns the entered values after `exec()` is accepted."""

    def __init__(self, url: str = "", settings: QSettings | None = None, error: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("login_dialog")
        self.setMinimumWidth(560)
        self._settings = settings if settings is not None else QSettings()
        self.url_edit = QLineEdit(url or str(self._settings.value("login/url", "") or ""))
        self.url_edit.setPlaceholderText("ws://host:8765/ws")
        self.use_token = QRadioButton()
        self.use_password = QRadioButton()
        group = QButtonGroup(self)
        group.addButton(self.use_token)
        group.addButton(self.use_password)
        self.token_edit = QLineEdit()
        self.token_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.user_edit = QLineEdit(str(self._settings.value("login/user", "") or ""))
        self.password_edit = QLineEdit()
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        (self.use_password if self.user_edit.text() else self.use_token).setChecked(True)
        self.error_label = QLabel(error)
        self.error_label.setWordWrap(True)
        set_tone(self.error_label, "overdue")

        self.form = QFormLayout()
        self.url_label, self.token_label = QLabel(), QLabel()
        self.user_label, self.password_label = QLabel(), QLabel()
        mode = QHBoxLayout()
        mode.addWidget(self.use_token)
        mode.addWidget(self.use_password)
        mode.addStretch(1)
        self.form.addRow(self.url_label, self.url_edit)
        self.form.addRow(None, mode)
        self.form.addRow(self.token_label, self.token_edit)
        self.form.addRow(self.user_label, self.user_edit)
        self.form.addRow(self.password_label, self.password_edit)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self._on_accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self.use_token.toggled.connect(self._on_mode)
        self._on_mode()
        self._retranslate()

    def login(self) -> Login:
        if self.use_token.isChecked():
            return Login(self.url_edit.text().strip(), token=self.token_edit.text().strip())
        return Login(self.url_edit.text().strip(), user=self.user_edit.text().strip(),
                     password=self.password_edit.text())

    def _on_mode(self, *_: object) -> None:
        token = self.use_token.isChecked()
        for w in (self.token_label, self.token_edit):
            w.setVisible(token)
        for w in (self.user_label, self.user_edit, self.password_label, self.password_edit):
            w.setVisible(not token)

    def _on_accept(self) -> None:
        entered = self.login()
        problem = validate(entered.url, self.use_token.isChecked(), entered.token, entered.user or "",
                           entered.password or "")
        if problem:
            self.error_label.setText(self.tr(problem))
            return
        self._settings.setValue("login/url", entered.url)
        self._settings.setValue("login/user", entered.user or "")
        self.accept()

    def _retranslate(self) -> None:
        self.setWindowTitle(self.tr("Sign in to the Gridline server"))
        self.url_label.setText(self.tr("Server"))
        self.use_token.setText(self.tr("Access token"))
        self.use_password.setText(self.tr("User and password"))
        self.token_label.setText(self.tr("Token"))
        self.user_label.setText(self.tr("User"))
        self.password_label.setText(self.tr("Password"))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

