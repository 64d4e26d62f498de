@instagram
Feature: Instagram messaging - a Direct message to the company's Instagram account arrives in Interact as a new chat
  Interact also serves customers who write to the company's Instagram professional account,
  which is linked to its Facebook Page. This is the reviewer's step-by-step of the guide done
  over Instagram Direct, against the simulated Meta side (webhook object "instagram", IGSIDs).
  Instagram sends webhooks only to Live apps, so the rehearsal starts with the app Live.

  Scenario: The reviewer sends an Instagram Direct message and it arrives as a new chat
    # Step 1
    Given the app is Live and receives the webhooks of the company's Instagram account
    And the reviewer accesses the application test page in the browser
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
    When the customer accesses the company's Instagram profile in another browser window
    Then the Instagram profile asks to "Log in to message suaempresa_oficial"
    When the customer logs in to Instagram with the test account
    # Step 7
    And the customer allows the Instagram screen to display notifications
    # Step 8
    And the customer clicks on the "Message" button to open the Direct thread
    And the customer sends a Direct message
    # Step 9
    Then Meta delivers the signed Instagram webhook of the message to the app
    And the Direct message appears on the Interact screen as a new chat conversation
    And the agent's reply reaches the customer's Direct thread

  Scenario: The Direct thread behaves like the real one: text as text, typing, replies, reactions, pictures, seen
    Given the app is Live and receives the webhooks of the company's Instagram account
    And the customer is logged in to Instagram with the Direct thread of the company open
    And the customer allows the Direct thread to display notifications
    When the customer sends the script-like text "<img src=x onerror="window.__xss=1"> <script>window.__xss=2</script> Olá, ação! ☺"
    Then the Direct thread shows that text as it was typed
    When the company reacts with "😊" to the customer's message
    Then the Direct thread shows the reaction "😊" on the customer's message
    When the company starts typing
    Then the Direct thread shows that the company is typing
    When the company replies "Olá! Um momento, por favor." while the customer's tab is hidden
    Then the reply appears in the Direct thread and the typing indicator is gone
    And the customer was notified of the reply
    When the customer reacts with "love" to the reply
    Then Meta delivers the "message_reactions" webhook to the app
    When the customer sends a picture
    Then Meta delivers the picture's webhook with a URL the app can fetch
    When the company marks the thread as seen
    Then the Direct thread shows "Seen"
