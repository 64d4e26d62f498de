@pages_messaging
Feature: pages_messaging - an unpublished Page cannot be messaged, so the reviewer cannot test the app
  "pages_messaging not approved because the Page was not published": the reviewer looks for
  the Page and finds nothing to message. The readiness check flags it before submitting.

  Scenario: The company's Page is not published and the reviewer finds nothing to message
    Given the company's Facebook Page is not published
    When the customer opens the address of the company's Facebook page
    Then Facebook answers "This content isn't available right now" and offers no "Message" button
