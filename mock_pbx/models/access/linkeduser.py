"""Linked users: the web users (portal logins) who may use a customer's account, one record per
user and account, and the SIP identity and registrations of a phone (views, not tables)."""

from pydantic import BaseModel
from pydantic import Field as WireField
from sqlmodel import Field

from mock_pbx.models.base import CustomerOwned, OwnedPublic
from mock_pbx.wire.models import ApiDateTime, ApiModel

ACCESS_LEVELS = ("CUSTOMER", "EXTENSION", "RESELLER", "SUPPORT_L1", "SUPPORT_L2", "ADMIN")


class LinkedUserFields(BaseModel):
    user_id: str = Field(description="The web user's own id, the same on every account it links")
    email: str = Field(description="The web user's email address")
    username: str = Field(description="The web user's login name for the portal and the API")
    first_name: str = Field(description="The web user's first name")
    last_name: str = Field(description="The web user's last name")
    access_level: str = Field(
        description="CUSTOMER (a company admin), EXTENSION, RESELLER, SUPPORT_L1, SUPPORT_L2 or ADMIN"
    )
    enabled: bool = Field(description="Whether the user may log in to this account")
    pending: bool = Field(description="Whether the user's invitation is still unanswered")
    accepted_invite: ApiDateTime | None = Field(
        None, description="When the user accepted the invitation to the account (UTC)"
    )
    owner: bool = Field(description="Whether the user owns the account (its first admin)")
    recording_access: str = Field(description="Which call recordings it may hear: NONE, OWN or ALL")
    default_extension: str | None = Field(
        None, description="The id of the user's own phone endpoint (a bare id), if it has one"
    )


class LinkedUser(LinkedUserFields, CustomerOwned, table=True):
    pass


class LinkedUserPublic(LinkedUserFields, OwnedPublic):
    type: str = Field("linkeduser", description="linkeduser")


class SipIdentityPublic(ApiModel):
    """What a SIP device or softphone (the Node client's WebRTC UA) registers with."""

    type: str = WireField("sipidentity", description="sipidentity")
    id: str = WireField(description="The endpoint's id: an endpoint has one SIP identity")
    uri: str = WireField(description="Its absolute URL: the endpoint's, then /sip")
    parent: str = WireField(description="The absolute URL of the endpoint")
    username: str = WireField(description="The SIP user name (authorisation user)")
    password: str = WireField(description="The SIP password (secret)")
    domain: str = WireField(description="The SIP domain (realm) to register to")
    proxy: str = WireField(description="The outbound proxy for SIP over UDP/TCP, host:port")
    ws_server: str = WireField(description="The WebSocket server for WebRTC clients (wss://...)")


class SipRegistrationPublic(ApiModel):
    """One device registered with the identity; it re-registers before `expires`."""

    type: str = WireField("sipregistration", description="sipregistration")
    id: str = WireField(description="The registration's id within the endpoint")
    uri: str = WireField(description="Its absolute URL")
    parent: str = WireField(description="The absolute URL of the SIP identity")
    user_agent: str = WireField(description="The device's SIP User-Agent, e.g. Yealink SIP-T46S")
    contact: str = WireField(description="The Contact URI the device registered")
    received: str = WireField(description="The address and port the REGISTER came from")
    socket: str = WireField(
        description="The server's socket that took it, e.g. udp:192.0.2.10:5060"
    )
    lan_ip: str = WireField(alias="lanIP", description="The device's own (private) address")
    wan_ip: str = WireField(alias="wanIP", description="The public address the device is seen from")
    updated: ApiDateTime = WireField(description="When it last registered (UTC)")
    expires: ApiDateTime = WireField(
        description="When the registration lapses unless renewed (UTC)"
    )
