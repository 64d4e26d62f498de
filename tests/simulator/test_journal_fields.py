"""The journal's hot recorders spell their fields out; they must stay the documented ones."""

from __future__ import annotations

import inspect

import pytest

from simulator.journal import GRAPH_FIELDS, WEBHOOK_FIELDS, Journal, not_sent_webhook


@pytest.mark.parametrize(("recorder", "fields"), [("record_graph", GRAPH_FIELDS),
                                                  ("record_webhook", WEBHOOK_FIELDS)])
def test_recorders_take_and_write_exactly_the_kind_fields(recorder: str,
                                                          fields: tuple[str, ...]) -> None:
    journal = Journal(lambda: 7)
    parameters = inspect.signature(getattr(journal, recorder)).parameters
    assert tuple(parameters) == fields
    entry = getattr(journal, recorder)(**{fields[0]: "x"})
    assert tuple(entry) == ("seq", "kind", "time", *fields)
    assert entry[fields[0]] == "x" and entry["time"] == 7 and entry["seq"] == 1
    with pytest.raises(TypeError):
        getattr(journal, recorder)(unknown_field=1)


def test_fault_and_alert_entries_keep_their_blank_fields() -> None:
    journal = Journal(lambda: 1)
    entry = journal.record_alert(alert="webhook_failing")
    assert entry["reason"] is None and entry["alert"] == "webhook_failing"
    with pytest.raises(TypeError):
        journal.record_fault(nope=1)


def test_a_refused_event_row_is_the_entry_record_webhook_writes() -> None:
    """The router journals refusals as flat rows (`not_sent_webhook`, `record_webhooks`);
    a reader sees exactly what `record_webhook` would have written, in order, seq by seq."""
    fields = {"url": None, "event": "message_echoes", "reason": "no callback", "mid": "m_1",
              "psid": "9", "app_id": "1", "page_id": "2"}
    expected, flat = Journal(lambda: 7), Journal(lambda: 7)
    for event in ("message_echoes", "message_deliveries"):
        expected.record_webhook(url=None, event=event, outcome="not_sent", reason="no callback",
                                attempt=0, mid="m_1", psid="9", app_id="1", page_ids=["2"])
    flat.record_webhooks([not_sent_webhook(**{**fields, "event": event})
                          for event in ("message_echoes", "message_deliveries")])
    assert flat.entries() == expected.entries() and flat.last_seq == 2
    assert flat.entries(psid="9") == expected.entries(psid="9")
