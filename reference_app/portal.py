"""The solutions portal at ``/``: where a reviewer lands before Interact Multiagent."""

from __future__ import annotations

from flask import Blueprint, render_template

__all__ = ["SOLUTIONS", "bp"]

bp = Blueprint("portal", __name__)

# (name, description, endpoint or None when the solution is not part of the rehearsal)
SOLUTIONS = (
    ("Interact Multiagent", "Customer service desk for chat, Messenger and Instagram.",
     "auth.login_page"),
    ("Interact Supervisor", "Real-time monitoring of services and agents.", None),
    ("Interact Reports", "Service levels and history.", None),
)


@bp.get("/")
def index() -> str:
    return render_template("portal/index.html", solutions=SOLUTIONS)
