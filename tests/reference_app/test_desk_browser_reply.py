"""In headless Chromium: the chat header, channel marks, a refused reply that keeps its text,
a reply's delivery status, and the first login that chooses a password, against the
simulated Meta."""

from __future__ import annotations

from desk_browser import by_testid, close_desk_windows, enter_desk, texts, wait

from reference_app import store


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


def test_first_login_through_enter_chooses_a_password_then_opens_the_desk(
        desk, chrome) -> None:
    with desk.app.app_context():
        store.create_agent("novo", "Novo Agente")
    try:
        chrome.get(f"{desk.url}/interact_multiagent")
        chrome.find_element(*by_testid("login-input")).send_keys("novo")
        before = set(chrome.window_handles)
        chrome.find_element(*by_testid("enter-button")).click()
        handle = wait(chrome, lambda d: next(iter(set(d.window_handles) - before), None),
                      "ENTER opened no window")
        chrome.switch_to.window(handle)
        wait(chrome, lambda d: d.find_elements(*by_testid("set-password-button")),
             "the first login did not ask for a password")
        chrome.find_element(*by_testid("new-password-input")).send_keys("Aa123*")
        chrome.find_element(*by_testid("confirm-password-input")).send_keys("Aa123*")
        chrome.find_element(*by_testid("set-password-button")).click()
        wait(chrome, lambda d: d.find_elements(*by_testid("desk")),
             "the desk did not open after choosing the password")
        assert chrome.find_element(*by_testid("agent-name")).text == "Novo Agente"
    finally:
        close_desk_windows(chrome)
