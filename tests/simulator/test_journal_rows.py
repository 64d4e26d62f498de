"""The journal keeps rows of plain values and gives readers the same entries as before."""

from __future__ import annotations

import gc

from simulator.journal import Journal


def test_list_fields_read_back_as_lists() -> None:
    journal = Journal(lambda: 3)
    journal.record_webhook(url="http://app/webhook", mids=["m_1", "m_2"], psids=["9"],
                           page_ids=["1"], outcome="delivered")
    (entry,) = journal.entries()
    assert (entry["mids"], entry["psids"], entry["page_ids"]) == (["m_1", "m_2"], ["9"], ["1"])
    assert entry["outcome"] == "delivered" and entry["time"] == 3


def test_recorder_returns_a_read_only_view_of_the_stored_entry() -> None:
    journal = Journal(lambda: 3)
    returned = journal.record_webhook(page_ids=["1"], mid="m_1")
    assert dict(returned) == journal.entries()[0]
    assert returned == journal.entries()[0] and returned["page_ids"] == ["1"]


def test_readers_get_fresh_dicts() -> None:
    journal = Journal(lambda: 3)
    journal.record_webhook(page_ids=["1"])
    journal.entries()[0]["page_ids"].append("2")
    assert journal.entries()[0]["page_ids"] == ["1"]


def test_filters_read_the_rows() -> None:
    journal = Journal(lambda: 3)
    journal.record_graph(method="POST", path="/v25.0/me/messages", psid="9")
    journal.record_webhook(url="http://app/webhook", psids=["9", "8"])
    journal.record_alert(alert="webhook_failing")
    assert [e["seq"] for e in journal.entries(psid="9")] == [1, 2]
    assert [e["seq"] for e in journal.entries(psid="8")] == [2]
    assert [e["seq"] for e in journal.entries(path="/v25.0/me")] == [1]
    assert [e["seq"] for e in journal.entries(path="http://app")] == [2]
    assert [e["kind"] for e in journal.entries(kind="alert")] == ["alert"]
    assert journal.wait_for(lambda e: e["kind"] == "alert", timeout=0)["seq"] == 3


def test_rows_leave_the_collectors_tracking_before_they_grow_old() -> None:
    """Why rows are flat tuples: the young collections stop tracking them, so a long journal
    adds nothing to what every full collection traverses."""
    journal = Journal(lambda: 3)
    journal.record_graph(method="POST", path="/v25.0/me/messages")
    journal.record_webhook(outcome="not_sent", page_ids=["1"])
    gc.collect(0)
    gc.collect(1)
    assert not any(gc.is_tracked(row) for row in journal._rows)
