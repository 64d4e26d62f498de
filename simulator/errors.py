"""The one catalogue of Graph errors: specs are data, GraphError carries one, the envelope is built here."""

from __future__ import annotations

import base64
import random
from dataclasses import dataclass
from typing import Any

__all__ = ["ErrorSpec", "GraphError", "SimulatorError", "armed_error", "catalogue", "lookup",
           "new_trace_id"]


@dataclass(frozen=True)
class ErrorSpec:
    """One Graph error as Meta answers it; `message` may hold `{name}` fields filled per raise."""

    code: int
    message: str
    subcode: int | None = None
    type: str = "OAuthException"
    status: int = 400
    is_transient: bool | None = None
    auth_challenge: str | None = None  # "invalid_token" / "invalid_request" -> WWW-Authenticate


class GraphError(Exception):
    """Raised anywhere below a Graph view; the app's one handler writes the envelope."""

    def __init__(self, spec: ErrorSpec, **args: Any) -> None:
        self.spec = spec
        self.message = spec.message.format(**args) if args else spec.message
        super().__init__(f"{spec.code}/{spec.subcode}: {self.message}")

    def envelope(self, fbtrace_id: str) -> dict[str, Any]:
        """Graph's `{"error": {...}}` body; optional keys only when the spec has them."""
        body: dict[str, Any] = {"message": self.message, "type": self.spec.type,
                                "code": self.spec.code}
        if self.spec.subcode is not None:
            body["error_subcode"] = self.spec.subcode
        if self.spec.is_transient is not None:
            body["is_transient"] = self.spec.is_transient
        body["fbtrace_id"] = fbtrace_id
        return {"error": body}

    def headers(self) -> dict[str, str]:
        """`WWW-Authenticate` for token errors, as Graph sends it on 190/104."""
        if self.spec.auth_challenge is None:
            return {}
        quoted = self.message.replace('"', "'")
        return {"WWW-Authenticate":
                f'OAuth "Facebook Platform" "{self.spec.auth_challenge}" "{quoted}"'}


class SimulatorError(Exception):
    """A bad request to the simulator's own JSON APIs (/_sim control, customer pages)."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.message = message
        self.status = status

    def envelope(self) -> dict[str, Any]:
        return {"error": {"message": self.message, "type": "SimulatorError"}}


def new_trace_id(rng: random.Random, length: int = 23) -> str:
    """An opaque id shaped like today's `fbtrace_id` (~23 url-safe chars)."""
    raw = base64.urlsafe_b64encode(rng.randbytes(length)).decode("ascii")
    return "A" + raw[:length - 1]


_UNSUPPORTED = ("Unsupported {method} request. Object with ID '{node}' does not exist, cannot be "
                "loaded due to missing permissions, or does not support this operation. Please "
                "read the Graph API documentation at https://developers.facebook.com/docs/graph-api")
_DEV_MODE = ("(#10) Cannot message users who are not admins, developers or testers of the app "
             "until pages_messaging permission is reviewed and the app is live.")
_WINDOW = ("(#10) This message is sent outside of allowed window. Learn more about the new "
           "policy here: https://developers.facebook.com/docs/messenger-platform/policy-overview")

# --- code 1-4: unknown, transient, capability, app rate limit -----------------------------
UNKNOWN_ERROR = ErrorSpec(1, "An unknown error occurred.", 99, status=500, is_transient=True)
INVALID_JSON_REPLY = ErrorSpec(1, "Received invalid JSON reply.", 1357046)
SERVICE_UNAVAILABLE = ErrorSpec(2, "(#2) Service temporarily unavailable", is_transient=True)
PRIVACY_TOS_NOT_ACCEPTED = ErrorSpec(2, "(#2) Service temporarily unavailable", 2018344)
NO_CAPABILITY = ErrorSpec(3, "(#3) Application does not have the capability to make this API call.")
APP_RATE_LIMIT = ErrorSpec(4, "(#4) Application request limit reached", is_transient=True)
PHONE_SEND_LIMIT = ErrorSpec(4, "(#4) Too many send requests to phone numbers", 2018022)
TOO_MANY_ACTIONS = ErrorSpec(9, "(#9) User is performing too many actions", 2018352)
# --- code 10: permissions, windows, reachability ------------------------------------------
NO_PERMISSION = ErrorSpec(10, "(#10) Application does not have permission for this action")
OUTSIDE_WINDOW = ErrorSpec(10, _WINDOW, 2018278)
IG_OUTSIDE_WINDOW = ErrorSpec(10, "(#10) This message is sent outside of allowed window.", 2534022)
NEWS_MESSAGING_REQUIRED = ErrorSpec(
    10, "(#10) This message is sent outside of allowed window. You need News Messaging "
        "permission to be able to do it.", 2018065)
USER_UNREACHABLE = ErrorSpec(10, "(#10) This person isn't receiving messages from you right now.",
                             2018108)
RECIPIENT_WITHOUT_ROLE = ErrorSpec(10, _DEV_MODE, 2018028)
PAGE_RESTRICTED = ErrorSpec(10, "(#10) You are temporarily restricted from sending messages.",
                            1893063)
USER_THREAD_IMPACT = ErrorSpec(10, "(#10) User Thread Impact", 2018336)
IG_PAGE_LINK_BROKEN = ErrorSpec(
    10, "(#10) Cannot verify the connection between the IG account, the logged in user and the "
        "page.", 2534077)
# --- code 15: app-token-only methods --------------------------------------------------------
APP_TOKEN_REQUIRED = ErrorSpec(15, "(#15) This method must be called with an app access_token.")
# --- code 100: parameters, unknown objects, recipients --------------------------------------
INVALID_PARAMETER = ErrorSpec(100, "(#100) {detail}")
PARAM_REQUIRED = ErrorSpec(100, "(#100) The parameter {name} is required")
PARAM_NOT_JSON_OBJECT = ErrorSpec(100, "(#100) Param {name} must be a JSON object")
INVALID_FBID = ErrorSpec(100, "(#100) Invalid fbid.")
TEXT_TOO_LONG = ErrorSpec(
    100, "(#100) Length of param message[text] must be less than or equal to {limit}")
TEXT_AND_ATTACHMENT = ErrorSpec(
    100, "(#100) Only one of message[text] and message[attachment] may be set")
INVALID_MESSAGING_TYPE = ErrorSpec(
    100, '(#100) Param messaging_type must be one of {{RESPONSE, UPDATE, MESSAGE_TAG}} - got '
         '"{value}"')
INVALID_SENDER_ACTION = ErrorSpec(
    100, '(#100) Param sender_action must be one of {{typing_on, typing_off, mark_seen, react, '
         'unreact}} - got "{value}"')
INVALID_TAG = ErrorSpec(100, '(#100) Param tag must be a valid message tag - got "{value}"')
NONEXISTING_FIELD = ErrorSpec(
    100, "(#100) Tried accessing nonexisting field ({field}) on node type ({node_type})")
UNSUPPORTED_GET = ErrorSpec(100, _UNSUPPORTED.replace("{method}", "get"), 33,
                            type="GraphMethodException")
UNSUPPORTED_POST = ErrorSpec(100, _UNSUPPORTED.replace("{method}", "post"), 33,
                             type="GraphMethodException")
NO_MATCHING_USER = ErrorSpec(100, "(#100) No matching user found", 2018001)
ATTACHMENT_FETCH_FAILED = ErrorSpec(100, "(#100) Failed to fetch the file from the url", 2018008)
MESSAGE_AND_STATE = ErrorSpec(100, "(#100) Cannot send both message and state at the same time.",
                              2018014)
MESSAGE_OR_STATE_REQUIRED = ErrorSpec(100, "(#100) Must send either message or state", 2018015)
EMPTY_MESSAGE = ErrorSpec(
    100, "(#100) Message cannot be empty, must provide valid attachment or text", 2018034)
UPLOAD_FAILURE = ErrorSpec(100, "(#100) Upload attachment failure.", 2018047)
ATTACHMENT_NOT_OWNED = ErrorSpec(
    100, "(#100) Possible invalid ID or you do not own the attachment.", 2018074)
ATTACHMENT_TOO_LARGE = ErrorSpec(100, "(#100) Attachment size exceeds allowable limit", 2018109)
INCORRECT_APP_ID = ErrorSpec(100, "(#100) Incorrect App ID.", 2018164)
VIDEO_TIMEOUT = ErrorSpec(100, "(#100) Video upload timed out or video is corrupted", 2018294)
IG_NOT_LINKED = ErrorSpec(100, "(#100) The page is not linked to an Instagram account", 2534013)
NO_MATCHING_IG_USER = ErrorSpec(100, "(#100) No matching Instagram user", 2534014)
IG_INVALID_MESSAGE = ErrorSpec(100, "(#100) Invalid message data", 2534015)
IG_INVALID_COMMENT = ErrorSpec(100, "(#100) The comment is invalid for a private reply", 2534025)
IG_BUSINESS_BLOCKED = ErrorSpec(
    100, "(#100) The business has been blocked from sending messages via the IG Messaging API",
    2534029)
IG_NOT_THREAD_OWNER = ErrorSpec(100, "(#100) The action is invalid since it's not the thread owner.",
                                2534037)
APPSECRET_PROOF_REQUIRED = ErrorSpec(
    100, "API calls from the server require an appsecret_proof argument",
    type="GraphMethodException")
APPSECRET_PROOF_INVALID = ErrorSpec(
    100, "Invalid appsecret_proof provided in the API argument", type="GraphMethodException")
# --- code 104 / 190: tokens ---------------------------------------------------------------
TOKEN_REQUIRED = ErrorSpec(104, "An access token is required to request this resource.",
                           auth_challenge="invalid_request")
TOKEN_UNPARSEABLE = ErrorSpec(190, "Invalid OAuth access token - Cannot parse access token",
                              auth_challenge="invalid_token")
TOKEN_APP_NOT_AUTHORIZED = ErrorSpec(
    190, "Error validating access token: The user has not authorized application {app_id}.", 458,
    auth_challenge="invalid_token")
TOKEN_PASSWORD_CHANGED = ErrorSpec(
    190, "Error validating access token: The session has been invalidated because the user "
         "changed their password or Facebook has changed the session for security reasons.", 460,
    auth_challenge="invalid_token")
TOKEN_EXPIRED = ErrorSpec(
    190, "Error validating access token: Session has expired on {expired_at}. The current time "
         "is {now}.", 463, auth_challenge="invalid_token")
TOKEN_LOGGED_OUT = ErrorSpec(
    190, "Error validating access token: The session is invalid because the user logged out.", 467,
    auth_challenge="invalid_token")
TOKEN_PAGE_ROLE_LOST = ErrorSpec(190, "Error validating access token: The session is invalid.", 492,
                                 auth_challenge="invalid_token")
# --- code 200 / 210 / 230: permissions and token kinds --------------------------------------
PERMISSIONS_ERROR = ErrorSpec(200, "(#200) Permissions error", status=403)
USER_UNAVAILABLE = ErrorSpec(200, "(#200) Message Not Sent: This person isn't available right now.",
                             1545041)
IG_MESSAGES_DISABLED = ErrorSpec(
    200, "(#200) The account owner has disabled access to instagram direct messages.", 2534041)
PAGE_TOKEN_REQUIRED = ErrorSpec(210, "(#210) This call requires a Page access token.", status=403)
PAGES_MESSAGING_REQUIRED = ErrorSpec(
    230, "(#230) Requires pages_messaging permission to manage the object")
ABUSIVE_ACTION = ErrorSpec(
    368, "(#368) The action attempted has been deemed abusive or is otherwise disallowed")
PERSON_UNAVAILABLE = ErrorSpec(551, "(#551) This person isn't available right now.")
RATE_LIMIT = ErrorSpec(613, "(#613) Calls to this api have exceeded the rate limit.",
                       is_transient=True)
TAG_ABUSE = ErrorSpec(
    613, "(#613) Warning! You are engaging in behavior that may be considered bothersome or "
         "abusive.", 2018338)
IG_RATE_LIMIT = ErrorSpec(613, "(#613) Calls to this api have exceeded the rate limit.", 2534040)
TEMPORARY_SEND_FAILURE = ErrorSpec(
    1200, "(#1200) Temporary send message failure. Please try again later.", is_transient=True)
USER_REQUEST_LIMIT = ErrorSpec(17, "(#17) User request limit reached", is_transient=True)
PAGE_REQUEST_LIMIT = ErrorSpec(32, "(#32) Page request limit reached", is_transient=True)
MESSENGER_BUC_LIMIT = ErrorSpec(
    80006, "(#80006) There have been too many messenger api calls to this Page account. Wait a "
           "bit and try again.", is_transient=True)
# --- webhooks, paths, misc ----------------------------------------------------------------
CALLBACK_VERIFICATION_FAILED = ErrorSpec(
    2200, "(#2200) Callback verification failed with the following errors: {details}")
CHALLENGE_MISMATCH = ErrorSpec(
    2201, '(#2201) response does not match challenge, expected value="{expected}", '
          'received="{received}"')
UNKNOWN_PATH = ErrorSpec(2500, "Unknown path components: {path}")
INVALID_ACCOUNT_LINKING_TOKEN = ErrorSpec(
    10303, "(#10303) Account Linking Error: Invalid account_linking_token.")
NO_PROFILE_AVAILABLE = ErrorSpec(2018218, "No profile available for this user.")
INSUFFICIENT_PROFILE_PERMISSION = ErrorSpec(
    2018247, "Insufficient permission to access user profile.")
THREAD_CONTROLLED_BY_OTHER_APP = ErrorSpec(
    2018300, "Message failed to send because another app is controlling this thread now.")
MESSAGE_DELETED = ErrorSpec(9000001, "This Message has been deleted by the user or the business.")
UNKNOWN_FIELD_SUBSCRIPTION = ErrorSpec(
    100, "(#100) Param subscribed_fields must be one of {{{fields}}} - got \"{value}\"")
PAGE_PERMISSIONS_EDGE = ErrorSpec(
    100, "(#100) Tried accessing nonexisting field (permissions) on node type (Page)")
DEBUG_TOKEN_APP_TOKEN = ErrorSpec(
    100, "(#100) You must provide an app access token, or a user access token that is an owner "
         "or developer of the app")

# --- Facebook Login for Business: the dialog's pages ("Title: text") and the token endpoint ---
LOGIN_INVALID_APP_ID = ErrorSpec(
    101, "Invalid App ID: The provided app ID does not look like a valid app ID.")
LOGIN_URL_BLOCKED = ErrorSpec(
    191, "URL blocked: This redirect failed because the redirect URI is not whitelisted in the "
         "app's Client OAuth Settings. Make sure Client and Web OAuth Login are on and add all "
         "your app domains as Valid OAuth Redirect URIs.")
LOGIN_INVALID_SCOPES = ErrorSpec(
    100, "Invalid Scopes: {scopes}. This message is only shown to developers. Users of your app "
         "will ignore these permissions if present. Please read the documentation for valid "
         "permissions at: https://developers.facebook.com/docs/facebook-login/permissions")
LOGIN_INVALID_CONFIG = ErrorSpec(
    100, "Invalid Configuration: config_id {value} is not a Facebook Login for Business "
         "configuration of this app.")
LOGIN_RESPONSE_TYPE = ErrorSpec(
    100, "Unsupported response_type: {value}. This simulated Facebook Login answers "
         "response_type=code only.")
OAUTH_INVALID_CLIENT = ErrorSpec(101, "Error validating application. Invalid application ID.")
OAUTH_CLIENT_SECRET = ErrorSpec(1, "Error validating client secret.")
OAUTH_CODE_INVALID = ErrorSpec(100, "Invalid verification code format.", 36007)
OAUTH_REDIRECT_MISMATCH = ErrorSpec(
    100, "Error validating verification code. Please make sure your redirect_uri is identical "
         "to the one you used in the OAuth dialog request", 36008)
OAUTH_CODE_USED = ErrorSpec(100, "This authorization code has been used.", 36009)


class _Defaults(dict):
    def __missing__(self, key: str) -> str:
        return f"<{key}>"


def lookup(name: object) -> ErrorSpec | None:
    """A catalogue entry by its constant name (`RATE_LIMIT`), for faults armed by name."""
    if not isinstance(name, str) or not name.isupper():
        return None
    value = globals().get(name)
    return value if isinstance(value, ErrorSpec) else None


def catalogue() -> dict[str, ErrorSpec]:
    """Every named error, for the control API's fault validation and the docs."""
    return {name: value for name, value in globals().items()
            if name.isupper() and isinstance(value, ErrorSpec)}


def armed_error(spec: ErrorSpec) -> GraphError:
    """A catalogue error raised by a fault: template fields become `<name>` placeholders."""
    error = GraphError(spec)
    error.message = spec.message.format_map(_Defaults())
    return error
SUBSCRIBE_FIELDS_PERMISSION = ErrorSpec(200, "(#200) {problems}", status=403)


def inner_error(code: int, message: str, subcode: int | None = None) -> dict[str, Any]:
    """The `error` object `/debug_token` embeds in its data for an invalid input token."""
    inner: dict[str, Any] = {"code": code, "message": message}
    if subcode is not None:
        inner["subcode"] = subcode
    return {"error": inner}
