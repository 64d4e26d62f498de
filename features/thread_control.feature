@pages_messaging
Feature: pages_messaging - another app holds the customer's conversation, so Interact cannot answer
  When the Page Inbox of Meta Business Suite (or another app) is the Page's primary receiver or
  took the conversation, Interact only sees it in standby and cannot reply: the reviewer would
  report "Messenger Bot Not Functional". The agent has to be told why.

  Background: The reviewer is logged into the application
    Given the reviewer accesses the application test page in the browser
    When the reviewer fills in the agent's access credentials
    And the reviewer clicks on the "ENTER" button
    Then a new browser window opens with the application and the agent is logged in

  Scenario: The Page Inbox takes the conversation and the agent sees why the reply was not sent
    When the reviewer selects the "Operating" item of the "STATUS" menu at the top of the page
    And the customer accesses the company's Facebook page in another browser window
    And the customer logs in with the Facebook test account
    And the customer clicks on the "Message" button to open "Messenger"
    And the customer sends a text message via Messenger
    Then the message sent by Facebook appears on the Interact screen as a new chat conversation
    When the Page Inbox of Meta Business Suite takes control of the customer's conversation
    And the agent replies in the chat
    Then the agent sees that another app controls the conversation, with the text kept
    And Meta refused the reply because another app controls the thread
    And the readiness check names the app holding the conversation, with its source
