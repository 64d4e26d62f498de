@best_practices
Feature: Best practices - the application is prepared the way the homologation guide asks
  Section 1 of the homologation guide lists what to prepare before asking Meta for a
  permission: the direct URL of the application, one receptive service answered by one agent
  with AUTOMATIC chat answering and 8 positions, and Facebook test accounts added as testers.
  The application's own best-practice check and the simulated Meta world are read here.

  Scenario: The direct URL leads straight to the login, not to the portal of solutions
    Given the reviewer accesses the application test page in the browser
    Then the application's login screen appears, not the portal of solutions

  Scenario: One agent answers a receptive chat service automatically in 8 positions
    When the administrator opens the app's best-practice check
    Then the chat service is receptive, without call classification and without post-service
    And exactly one agent answers the chats of that service
    And the agent has logged in beforehand and set a password
    And the agent's chat auto-answer is AUTOMATIC
    And the agent has 8 simultaneous chat positions

  Scenario: The Facebook test account given to the reviewer is a tester of the app
    Given the Facebook test account the step-by-step gives the reviewer
    Then that account is a tester of the app
