@pages_messaging
Feature: pages_messaging - a message sent to the company's Facebook Page arrives in Interact as a new chat
  Interact is a contact center application that manages customer service for a company.
  Chat messages sent by Facebook Messenger users are received by Interact, which selects a
  human attendant to answer them. This is the reviewer's step-by-step of section 2.2 of the
  homologation guide, performed against the simulated Meta side.

  Background: The reviewer is logged into the application
    # Step 1
    Given the reviewer accesses the application test page in the browser
    # Step 2
    When the reviewer fills in the agent's access credentials
    # Step 3
    And the reviewer clicks on the "ENTER" button
    Then a new browser window opens with the application and the agent is logged in
    # Step 4
    When the reviewer allows the new window to display notifications

  Scenario: The reviewer sends a Messenger message to the Page and it arrives as a new chat
    # Step 5
    When the reviewer selects the "Operating" item of the "STATUS" menu at the top of the page
    Then the agent's status is "Operating", able to receive new chats
    # Step 6
    When the customer accesses the company's Facebook page in another browser window
    Then a screen with the title "Connect with SUA_EMPRESA on Facebook" appears
    When the customer logs in with the Facebook test account
    # Step 7
    And the customer allows the Facebook screen to display notifications
    # Step 8
    And the customer clicks on the "Message" button to open "Messenger"
    And the customer sends a text message via Messenger
    # Step 9
    Then the message sent by Facebook appears on the Interact screen as a new chat conversation
    And the chat conversation can be continued from there

  Scenario: A customer without a role on the app writes while the app is in development mode
    Given the customer's Facebook account has no role on the app, which is in development mode
    When the reviewer selects the "Operating" item of the "STATUS" menu at the top of the page
    And the customer accesses the company's Facebook page in another browser window
    And the customer logs in with the Facebook test account
    And the customer clicks on the "Message" button to open "Messenger"
    And the customer sends a text message via Messenger
    Then Meta sends no webhook for the message, because the sender has no role on the app
    And no chat appears on the Interact screen

  Scenario: A message sent while the agent is not Operating waits for the agent
    Given the agent's status is not Operating
    When the customer accesses the company's Facebook page in another browser window
    And the customer logs in with the Facebook test account
    And the customer clicks on the "Message" button to open "Messenger"
    And the customer sends a text message via Messenger
    Then Meta delivers the message to the app's webhook
    And no chat appears on the Interact screen
    When the reviewer selects the "Operating" item of the "STATUS" menu at the top of the page
    Then the message sent by Facebook appears on the Interact screen as a new chat conversation

  Scenario: A reply after the 24-hour window is refused and the agent sees why
    When the reviewer selects the "Operating" item of the "STATUS" menu at the top of the page
    And the customer accesses the company's Facebook page in another browser window
    And the customer logs in with the Facebook test account
    And the customer clicks on the "Message" button to open "Messenger"
    And the customer sends a text message via Messenger
    Then the message sent by Facebook appears on the Interact screen as a new chat conversation
    When more than 24 hours pass without a new message from the customer
    And the agent replies in the chat
    Then the agent sees that the reply was not sent because the 24-hour window has closed
    And Meta refused the reply outside the messaging window
