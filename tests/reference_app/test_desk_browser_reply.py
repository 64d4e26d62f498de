"""In headless Chromium: the chat header, channel marks, a refused reply that keeps its text,
and a reply's delivery status, with the simulated Meta on the other side."""

from __future__ import annotations

from desk_browser import by_testid, close_desk_windows, enter_desk, texts, wait


def test_refused_reply_keeps_the_text_and_the_next_one_is_delivered(desk, chrome) -> None:
    try:
        enter_desk(chrome, desk.url)
        desk.send(0, "Olá, preciso de ajuda")
        wait(chrome, lambda d: d.find_element(*by_testid("chat-panel")).is_displayed(),
              "AUTOMATIC did not open the chat")
        header = chrome.find_element(*by_testid("chat-panel-name")).text
        assert header == desk.customer(0)["name"]
        assert chrome.find_element(*by_testid("chat-panel-picture")).get_attribute("src")
        assert chrome.find_element(*by_testid("chat-panel-channel")).text == "Messenger"

        desk.control.arm_fault(target="graph", action="error", error="PERMISSIONS_ERROR",
                               method="POST", path="messages", times=1)
        box = chrome.find_element(*by_testid("reply-input"))
        box.send_keys("Bom dia! Como posso ajudar?")
        chrome.find_element(*by_testid("reply-send")).click()
        wait(chrome, lambda d: "permission" in d.find_element(*by_testid("reply-error")).text,
              "the Send API's refusal was not shown")
        assert box.get_attribute("value") == "Bom dia! Como posso ajudar?"

        chrome.find_element(*by_testid("reply-send")).click()
        wait(chrome, lambda d: texts(d, "chat-message-status") == ["Delivered"],
              "the reply did not show as delivered")
        assert box.get_attribute("value") == ""
        assert not chrome.find_element(*by_testid("reply-error")).is_displayed()

        desk.send(1, "Oi pelo Instagram", channel="instagram")
        wait(chrome, lambda d: texts(d, "chat-channel") == ["Messenger", "Instagram"],
              "the Instagram chat is not marked")
    finally:
        close_desk_windows(chrome)
