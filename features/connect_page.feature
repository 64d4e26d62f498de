@pages_show_list @pages_manage_metadata
Feature: pages_show_list and pages_manage_metadata - the administrator connects the company's Facebook Page to Interact
  Meta's reviewers replay the whole connection: from logged out, the Facebook Login button,
  the permission dialog, the Page selection, then the feature using the data. Interact starts
  here without any Page token: the token it uses is the one Facebook Login gave it, and it
  subscribes itself to the Page's messages (pages_manage_metadata).

  Scenario: The administrator connects the Page through Facebook Login and its messages reach Interact
    Given Interact has no Page token and connects its Page with Facebook Login
    When the administrator logs in to the application from the login page
    And the administrator opens "Facebook Page" in the administration
    And the administrator clicks on "Continue with Facebook"
    Then the simulated Facebook asks the administrator to log in
    When the administrator logs in to Facebook with the account that manages the Page
    Then Facebook lists each permission Interact requests: "pages_show_list, pages_manage_metadata, pages_messaging"
    When the administrator continues with every permission on
    Then Facebook asks which Pages Interact may access
    When the administrator picks the company's Page and continues
    Then Interact lists the company's Page
    When the administrator connects the company's Page
    Then Interact shows that it is connected to the company's Page
    And Meta subscribed the app to the Page's messages with the Page token Interact obtained
    When a customer sends a message to the Page
    Then the message reaches Interact, which reads the customer's name with the token it obtained

  Scenario: The administrator declines a permission and Interact says what is missing
    Given Interact has no Page token and connects its Page with Facebook Login
    When the administrator logs in to the application from the login page
    And the administrator opens "Facebook Page" in the administration
    And the administrator clicks on "Continue with Facebook"
    And the administrator logs in to Facebook with the account that manages the Page
    And the administrator turns "pages_manage_metadata" off and continues
    And the administrator picks the company's Page and continues
    Then Interact says that "pages_manage_metadata" was declined and connects no Page

  Scenario: Interact requests a permission the app was not given and Facebook shows "Invalid Scopes"
    Given Interact has no Page token and requests the Facebook scopes "pages_show_list, pages_messaging, pages_user_gender"
    When the administrator logs in to the application from the login page
    And the administrator opens "Facebook Page" in the administration
    And the administrator clicks on "Continue with Facebook"
    Then Facebook shows "Invalid Scopes" naming "pages_user_gender"
