"""The words of a submission pack: each permission's use-case text and the recording checklist.

The use-case texts are the homologation guide's (sections 2.1-2.3) with the product's name;
every checklist item cites shared/reference/app-review.md (section, rejection row, sources).
"""

from __future__ import annotations

__all__ = ["CHECKLISTS", "PERMISSIONS", "READINESS_PERMISSIONS", "usage_text"]

PERMISSIONS = {
    "pages_messaging": "pages_messaging",
    "business_asset_user_profile_access": "Business Asset User Profile Access",
    "platform_desktop": "Platform settings: Desktop",
    "instagram": "instagram_manage_messages",
    "human_agent": "Human Agent",
    "pages_show_list": "pages_show_list",
    "pages_manage_metadata": "pages_manage_metadata",
}

_INTRO = (
    "{product} is a contact center application that manages customer service for a company. "
    "These services take place through chat conversations where customers exchange messages "
    "with the company.\n\n"
    "Chat messages are received by {product}, which then selects a human attendant to respond "
    "to the messages received.\n\n"
    "There are several ways that customers can use to start a chat with {product}, including "
    "{channel}. In this example, {example}\n\n"
    "To then allow chat messages sent by {users} users to be received and served by "
    "{product}, we depend on Facebook's application permissions.\n\n"
)
_MESSENGER = {"channel": "Messenger (on the company's Facebook page)", "users": "Facebook",
              "example": "the customer accesses the company's Facebook page and sends messages "
                         "via Messenger."}
_INSTAGRAM = {"channel": "Instagram Direct (on the company's Instagram account)",
              "users": "Instagram",
              "example": "the customer opens the company's Instagram account and sends a "
                         "Direct message."}
_CLOSING = {
    "pages_messaging": "In this use case we are requesting the pages_messaging permission so "
                       "that {product} can receive messages sent from Facebook.",
    "business_asset_user_profile_access":
        "In this use case, we are requesting the \u201cBusiness Asset User Profile Access\u201d "
        "permission so that {product} can receive and display the identification of the user "
        "(name) who sent the messages from Facebook.",
    "platform_desktop":
        "Site URL: {login_url}\n\nIn this use case we are requesting the pages_messaging "
        "permission so that {product} can receive messages sent from Facebook and the "
        "\u201cBusiness Asset User Profile Access\u201d permission is for our application to "
        "read the user fields of users who interact with your business assets such as name.",
    "human_agent": "In this use case we are requesting the Human Agent feature so that the "
                   "human attendants of {product} can answer a customer up to 7 days after the "
                   "customer's last message, when the answer needs more than 24 hours. Only a "
                   "person typing in {product} sends these replies; automated messages never use "
                   "the HUMAN_AGENT tag.",
    "pages_show_list": "In this use case we are requesting the pages_show_list permission so "
                       "that the administrator of {product} can see, in Facebook Login, the "
                       "Pages he or she manages and choose the company's Page whose messages "
                       "{product} receives and answers.",
    "pages_manage_metadata": "In this use case we are requesting the pages_manage_metadata "
                             "permission so that {product} can subscribe itself to the webhooks "
                             "of the Page the administrator connected: it is what makes the "
                             "Page's messages reach {product}.",
    "instagram": "In this use case we are requesting the instagram_manage_messages permission "
                 "so that {product} can receive and answer the Direct messages sent to the "
                 "company's Instagram account.",
}


# The permissions (and features) whose "one successful API call in 30 days" each pack checks.
READINESS_PERMISSIONS = {
    "pages_messaging": ("pages_messaging",),
    "business_asset_user_profile_access": ("business_asset_user_profile_access",),
    "platform_desktop": ("pages_messaging", "business_asset_user_profile_access"),
    "instagram": ("instagram_basic", "instagram_manage_messages"),
    "human_agent": ("human_agent",),
    "pages_show_list": ("pages_show_list",),
    "pages_manage_metadata": ("pages_manage_metadata",),
}


def usage_text(permission: str, product: str, login_url: str) -> str:
    """"Tell us how you are using this permission or feature", in the guide's words."""
    channel = _INSTAGRAM if permission == "instagram" else _MESSENGER
    intro = _INTRO.format(product=product, **channel)
    return intro + _CLOSING[permission].format(product=product, login_url=login_url) + "\n"


_EVERY_RECORDING = [
    (("It is recorded on real Facebook with the app you submit: the rehearsal video is "
     "simulated and cannot be submitted."), "app-review.md \u00a71 Instagram-specific [S25]"),
    ("One screen recording for this permission, named after it.",
     "app-review.md \u00a70.2, \u00a73 row 5 [S3,S4]"),
    ("It starts logged out and shows the whole login flow.", "app-review.md \u00a70.3 [S5]"),
    ("English UI or English captions; 1080p or better.", "app-review.md \u00a70.3 [S4,S6]"),
    ("Every URL, button and status label in the video is the one in the written steps.",
     "app-review.md \u00a70.1, \u00a73 row 1 [S1,S2]"),
    ("The first URL is the direct login of the app, not a portal or the site root.",
     "app-review.md \u00a73 row 2 [S3,S31]"),
    ("The credentials shown work, with no placeholders and no personal Facebook account.",
     "app-review.md \u00a73 row 3 [S18,S21b,S28]"),
    ("The Facebook account used is a tester of the app (or the reviewer's own account).",
     "app-review.md \u00a71 test users, \u00a76 [S29,S31]"),
]
_MESSAGING = [
    (("A person messages the Page, the message appears in the app as a new chat, the agent "
     "replies and the reply is visible in the customer's Messenger (both screens)."),
     "app-review.md \u00a72 pages_messaging, \u00a73 row 6 [S37,S38]"),
    ("The Page is published and its Message button is on.",
     "app-review.md \u00a71 Messenger-specific, \u00a73 row 20 [S9,S55]"),
    ("The webhook answers 200 quickly (under 20 s) and the app is the Page's thread owner.",
     "app-review.md \u00a71 Messenger-specific, \u00a73 row 9 [S9,S26,S46]"),
]
_CONNECTING = [
    (("The recording shows where the Facebook Login button is (\u201cContinue with Facebook\u201d "
     "in the administration), the permission dialog and the Page selection."),
     "app-review.md \u00a70.3, \u00a73 row 4 [S5,S19,S20]"),
]
CHECKLISTS = {
    "pages_show_list": _EVERY_RECORDING + _CONNECTING + [
        (("The Facebook Login dialog shows the Page picker and the app then lists the Pages; a "
         "Page resolved in the backend, off camera, is rejected."),
         "app-review.md \u00a72 pages_show_list, \u00a73 row 7 [S39,S37]"),
        ("The written steps say which button opens the dialog and which Page to pick.",
         "app-review.md \u00a72 pages_show_list [S26b]"),
    ],
    "pages_manage_metadata": _EVERY_RECORDING + _CONNECTING + [
        (("A visible connect (subscribe) action and its result: the Page's messages now reach "
         "the app."), "app-review.md \u00a72 pages_manage_metadata, \u00a73 row 8 [S37]"),
        (("The written steps say where the connect action is and that it is what makes messages "
         "reach the app."), "app-review.md \u00a72 pages_manage_metadata [S37]"),
    ],
    "pages_messaging": _EVERY_RECORDING + _MESSAGING,
    "business_asset_user_profile_access": _EVERY_RECORDING + [
        (("The new chat shows the customer's real name (and picture), not a placeholder such "
         "as \u201cJohn Doe\u201d or a fallback name."),
         "app-review.md \u00a72 BAUPA, \u00a73 row 10 [S31,S43,S47]"),
        (("The written steps say where the name appears (the new chat, with the user's "
         "identification)."), "app-review.md \u00a72 BAUPA [S31]"),
        ("The app asks the Profile API only for approved fields (name, picture).",
         "app-review.md \u00a73 row 10 [S26]"),
    ],
    "platform_desktop": _EVERY_RECORDING + [
        (("The Desktop/Website platform's site URL is public (no localhost, no VPN, valid "
         "HTTPS) and is the direct login URL."), ("app-review.md \u00a71 before you submit, "
         "\u00a73 row 2 [S40,S31]")),
        ("Only the platforms you want reviewed are listed under Settings > Basic.",
         "app-review.md \u00a71 before you submit [S24]"),
    ],
    "human_agent": _EVERY_RECORDING + [
        (("A conversation older than 24 hours, with its date visible, a human agent typing a "
         "reply in the app, and the reply arriving in Messenger; automation-only footage is not "
         "enough."), "app-review.md \u00a72 Human Agent [S19,S20,S45]"),
        (("The step-by-step points to a pre-seeded conversation older than 24 hours, pinned and "
         "labelled for the reviewer, and says that bots never use the tag."),
         "app-review.md \u00a72 Human Agent, \u00a73 row 9 [S45,S20]"),
    ],
    "instagram": _EVERY_RECORDING + [
        (("The Instagram account is linked to the Page on camera, with every credential the "
         "reviewer needs."), "app-review.md \u00a71 Instagram-specific [S25,S33]"),
        (("A Direct message from another account reaches the inbox, the agent replies and the "
         "reply arrives in Instagram; an unsent message disappears."),
         "app-review.md \u00a72 instagram_manage_messages [S25,S34]"),
        ("A path to a human agent is shown.", "app-review.md \u00a71 Instagram-specific [S34]"),
    ],
}
