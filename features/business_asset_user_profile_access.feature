@business_asset_user_profile_access
Feature: Business Asset User Profile Access - the new chat shows the name of the user who wrote
  Interact is a contact center application that manages customer service for a company.
  With Business Asset User Profile Access, Interact reads the name of the user who sends a
  message to the company's Facebook Page, so the agent sees who is writing. This is the
  reviewer's step-by-step of section 2.3 of the homologation guide, performed against the
  simulated Meta side.

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
    # Step 5
    And the reviewer selects the "Operating" item of the "STATUS" menu at the top of the page
    Then the agent's status is "Operating", able to receive new chats

  Scenario: The new chat shows the name of the Facebook user who sent the message
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

  Scenario: Without Business Asset User Profile Access the new chat shows a fallback name
    Given the app was not granted Business Asset User Profile Access
    When the customer accesses the company's Facebook page in another browser window
    And the customer logs in with the Facebook test account
    And the customer clicks on the "Message" button to open "Messenger"
    And the customer sends a text message via Messenger
    Then the message sent by Facebook appears on the Interact screen as a new chat conversation
    And Meta refuses the app's request for the user's name
    And the new chat shows a fallback name instead of the user's name
