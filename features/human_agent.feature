@human_agent
Feature: Human Agent - an agent answers a conversation older than 24 hours with the HUMAN_AGENT tag
  After 24 hours without a message from the customer, Messenger only accepts a reply typed by
  a person, tagged HUMAN_AGENT, up to 7 days after the customer's last message, and only when
  the app was granted the Human Agent feature. The reviewer needs a conversation older than
  24 hours, with its date visible, a reply typed by the agent, and that reply in Messenger.

  Background: The reviewer is logged into the application
    Given the reviewer accesses the application test page in the browser
    When the reviewer fills in the agent's access credentials
    And the reviewer clicks on the "ENTER" button
    Then a new browser window opens with the application and the agent is logged in

  Scenario: The agent answers a conversation older than 24 hours and the reply arrives in Messenger
    Given the app was granted the Human Agent feature
    And the customer wrote to the Page 26 hours ago
    When the reviewer selects the "Operating" item of the "STATUS" menu at the top of the page
    Then the conversation appears on the Interact screen with the date and time of the message
    When the agent replies in the chat
    And the customer accesses the company's Facebook page in another browser window
    And the customer logs in with the Facebook test account
    And the customer clicks on the "Message" button to open "Messenger"
    Then the agent's reply arrives in the customer's Messenger
    And Meta accepted the reply tagged HUMAN_AGENT

  Scenario: Without the Human Agent feature the agent sees why the reply was not sent
    Given the customer wrote to the Page 26 hours ago
    When the reviewer selects the "Operating" item of the "STATUS" menu at the top of the page
    Then the conversation appears on the Interact screen with the date and time of the message
    When the agent replies in the chat
    Then the agent sees that replying needs the Human Agent feature, with the text kept
    And Meta refused the HUMAN_AGENT tag because the feature was not granted

  Scenario: Seven days after the customer's last message the agent sees that no reply is possible
    Given the app was granted the Human Agent feature
    And the customer wrote to the Page 170 hours ago
    When the reviewer selects the "Operating" item of the "STATUS" menu at the top of the page
    Then the conversation appears on the Interact screen with the date and time of the message
    When the agent replies in the chat
    Then the agent sees that no reply is possible 7 days after the customer's last message
