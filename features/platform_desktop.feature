@platform_desktop
Feature: Platform Desktop - the site URL leads the reviewer straight to the application
  Interact is a contact center application that manages a company's customer service. Chat
  messages sent by Facebook Messenger users are received by Interact, which selects a human
  attendant to answer them. Section 2.1 of the homologation guide registers the Desktop
  platform with the application's direct URL and walks the reviewer through both permissions,
  pages_messaging and Business Asset User Profile Access, performed here against the
  simulated Meta side.

  Scenario: The reviewer follows the Desktop step-by-step for both permissions
    # Step 1
    Given the reviewer accesses the application test page in the browser
    Then the application's login screen appears, not the portal of solutions
    # Step 2
    When the reviewer fills in the agent's access credentials
    # Step 3
    And the reviewer clicks on the "ENTER" button
    Then a new browser window opens with the application and the agent is logged in
    # Step 4
    When the reviewer allows the new window to display notifications
    # Step 5
    And the reviewer selects the "Operating" item of the "STATUS" menu at the top of the page
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
    And the new chat shows the user's identification (name)
    And the chat conversation can be continued from there
