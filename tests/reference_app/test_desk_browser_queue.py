"""In headless Chromium: the ninth simultaneous customer waits in the queue, then is routed.

The agent logs in through LOGIN / PASSWORD / ENTER, becomes Operating through the STATUS
menu, nine customers of the simulated Meta write to the Page, eight chats fill the eight
positions and the ninth shows in the queue; closing a chat routes the ninth to the desk.
"""

from __future__ import annotations

from desk_browser import by_testid, close_desk_windows, enter_desk, texts, wait


def test_ninth_customer_waits_in_the_queue_and_is_routed_when_a_chat_closes(
        make_desk, chrome) -> None:
    desk = make_desk(customers=9)
    names = [desk.customer(index)["name"] for index in range(9)]
    try:
        enter_desk(chrome, desk.url)
        for index in range(9):
            desk.send(index, f"Olá, sou o cliente {index + 1}")
        wait(chrome, lambda d: len(texts(d, "chat-card")) == 8
              and texts(d, "queue-customer-name") == [names[8]],
              "eight chats on the desk and the ninth customer in the queue")
        assert chrome.find_element(*by_testid("queue-count")).text == "1"
        assert chrome.find_element(*by_testid("positions-used")).text == "8"
        assert names[8] not in texts(chrome, "chat-customer-name")

        first = chrome.find_elements(*by_testid("chat-card"))[0]
        first.click()
        chat_id = first.get_attribute("data-chat-id")
        wait(chrome, lambda d: d.find_element(*by_testid("chat-panel")).get_attribute(
            "data-chat-id") == chat_id, "the first chat did not open")
        chrome.find_element(*by_testid("chat-close")).click()

        wait(chrome, lambda d: names[8] in texts(d, "chat-customer-name")
              and not d.find_elements(*by_testid("queue-item")),
              "the ninth customer was not routed when a position freed")
        assert len(texts(chrome, "chat-card")) == 8
        assert chrome.find_element(*by_testid("queue-count")).text == "0"
        assert names[0] not in texts(chrome, "chat-customer-name")
    finally:
        close_desk_windows(chrome)
