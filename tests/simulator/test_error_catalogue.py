"""The one error catalogue: every entry is reachable through an armed fault and answers
Graph's whole envelope (code, subcode, type, `(#code)` message, status, fbtrace_id, and
`WWW-Authenticate` for token errors). Expected values are written from meta-api.md section 5."""

from __future__ import annotations

import pytest
import requests
from meta_helpers import whole_error

from simulator.client import Control

# name: (HTTP status, code, subcode, type, message prefix) as section 5 of the spec lists them
SECTION_5 = {
    "UNKNOWN_ERROR": (500, 1, 99, "OAuthException", "An unknown error occurred."),
    "SERVICE_UNAVAILABLE": (400, 2, None, "OAuthException", "(#2) Service temporarily"),
    "NO_CAPABILITY": (400, 3, None, "OAuthException", ("(#3) Application does not have the "
                                                       "capability")),
    "APP_RATE_LIMIT": (400, 4, None, "OAuthException", "(#4) Application request limit"),
    "NO_PERMISSION": (400, 10, None, "OAuthException", ("(#10) Application does not have "
                                                        "permission")),
    "OUTSIDE_WINDOW": (400, 10, 2018278, "OAuthException", "(#10) This message is sent outside"),
    "IG_OUTSIDE_WINDOW": (400, 10, 2534022, "OAuthException", "(#10) This message is sent"),
    "USER_UNREACHABLE": (400, 10, 2018108, "OAuthException", "(#10) This person isn't"),
    "RECIPIENT_WITHOUT_ROLE": (400, 10, 2018028, "OAuthException", "(#10) Cannot message users"),
    "PAGE_RESTRICTED": (400, 10, 1893063, "OAuthException", "(#10) You are temporarily"),
    "NO_MATCHING_USER": (400, 100, 2018001, "OAuthException", "(#100) No matching user found"),
    "UNSUPPORTED_GET": (400, 100, 33, "GraphMethodException", "Unsupported get request."),
    "ATTACHMENT_FETCH_FAILED": (400, 100, 2018008, "OAuthException", "(#100) Failed to fetch"),
    "NO_MATCHING_IG_USER": (400, 100, 2534014, "OAuthException", "(#100) No matching Instagram"),
    "APPSECRET_PROOF_REQUIRED": (400, 100, None, "GraphMethodException", ("API calls from the "
                                                                          "server require")),
    "TOKEN_REQUIRED": (400, 104, None, "OAuthException", "An access token is required"),
    "TOKEN_UNPARSEABLE": (400, 190, None, "OAuthException", "Invalid OAuth access token"),
    "TOKEN_EXPIRED": (400, 190, 463, "OAuthException", ("Error validating access token: Session "
                                                        "has expired")),
    "PERMISSIONS_ERROR": (403, 200, None, "OAuthException", "(#200) Permissions error"),
    "IG_MESSAGES_DISABLED": (400, 200, 2534041, "OAuthException", "(#200) The account owner"),
    "PAGE_TOKEN_REQUIRED": (403, 210, None, "OAuthException", "(#210) This call requires a Page"),
    "PAGES_MESSAGING_REQUIRED": (400, 230, None, "OAuthException", ("(#230) Requires "
                                                                    "pages_messaging")),
    "PERSON_UNAVAILABLE": (400, 551, None, "OAuthException", "(#551) This person isn't"),
    "RATE_LIMIT": (400, 613, None, "OAuthException", "(#613) Calls to this api have exceeded"),
    "IG_RATE_LIMIT": (400, 613, 2534040, "OAuthException", "(#613) Calls to this api"),
    "TEMPORARY_SEND_FAILURE": (400, 1200, None, "OAuthException", "(#1200) Temporary send"),
    "CALLBACK_VERIFICATION_FAILED": (400, 2200, None, "OAuthException", ("(#2200) Callback "
                                                                         "verification failed")),
    "CHALLENGE_MISMATCH": (400, 2201, None, "OAuthException", "(#2201) response does not match"),
    "UNKNOWN_PATH": (400, 2500, None, "OAuthException", "Unknown path components"),
    "NO_PROFILE_AVAILABLE": (400, 2018218, None, "OAuthException", "No profile available"),
    "INSUFFICIENT_PROFILE_PERMISSION": (400, 2018247, None, "OAuthException", ("Insufficient "
                                                                               "permission")),
    "THREAD_CONTROLLED_BY_OTHER_APP": (400, 2018300, None, "OAuthException", ("Message failed to "
                                                                              "send because")),
    "MESSAGE_DELETED": (400, 9000001, None, "OAuthException", "This Message has been deleted"),
}


@pytest.mark.parametrize("name", sorted(SECTION_5))
def test_catalogue_error_is_reachable_with_its_whole_envelope(base_url: str, page_token: str,
                                                              control: Control,
                                                              name: str) -> None:
    control.arm_fault(action="error", error=name, path="/me$")
    reply = requests.get(f"{base_url}/v25.0/me", params={"access_token": page_token},
                         timeout=10)
    status, code, subcode, kind, message = whole_error(reply)
    expected = SECTION_5[name]
    assert (status, code, subcode, kind) == expected[:4]
    assert message.startswith(expected[4]), message
    if code in (104, 190):
        assert reply.headers["WWW-Authenticate"].startswith('OAuth "Facebook Platform" "invalid_')
    else:
        assert "WWW-Authenticate" not in reply.headers


def test_transient_errors_say_so(base_url: str, page_token: str, control: Control) -> None:
    control.arm_fault(action="error", error="SERVICE_UNAVAILABLE")
    reply = requests.get(f"{base_url}/v25.0/me", params={"access_token": page_token}, timeout=10)
    assert reply.json()["error"]["is_transient"] is True
