"""A local SAML identity provider for the tests (pysaml2), standing in for a Sweden Connect e-identification.

`TestIdentityProvider(folder, site_url)` writes keys, certificates and its metadata to `folder`, gives the
service provider's configuration to use as settings.SAML_CONFIG, and answers an authentication request with a
signed assertion carrying the person's personal identity number and e-mail address.
"""

import base64
import datetime
from pathlib import Path
from urllib.parse import parse_qs, urlparse

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from saml2 import BINDING_HTTP_POST, BINDING_HTTP_REDIRECT
from saml2.config import IdPConfig, SPConfig
from saml2.metadata import create_metadata_string
from saml2.saml import NAME_FORMAT_URI, NAMEID_FORMAT_TRANSIENT
from saml2.server import Server

from config.settings import saml_config

IDP = "https://idp.test.example/idp"
SSO = "https://idp.test.example/sso"
LOA3 = "http://id.elegnamnden.se/loa/1.0/loa3"


def _key_pair(folder: Path, name: str) -> tuple[str, str]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=30))
        .sign(key, hashes.SHA256())
    )
    key_file, cert_file = folder / f"{name}.key", folder / f"{name}.crt"
    key_file.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    cert_file.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    return str(key_file), str(cert_file)


class TestIdentityProvider:
    __test__ = False  # not a test class, whatever its name

    def __init__(self, folder: Path, site_url: str):
        idp_key, idp_cert = _key_pair(folder, "idp")
        sp_key, sp_cert = _key_pair(folder, "sp")
        idp_settings = {
            "entityid": IDP,
            "xmlsec_binary": "/usr/bin/xmlsec1",
            "service": {
                "idp": {
                    "endpoints": {"single_sign_on_service": [(SSO, BINDING_HTTP_REDIRECT)]},
                    "name_id_format": [NAMEID_FORMAT_TRANSIENT],
                    "policy": {"default": {"lifetime": {"minutes": 5}, "name_form": NAME_FORMAT_URI}},
                }
            },
            "key_file": idp_key,
            "cert_file": idp_cert,
        }
        idp_metadata = folder / "idp.xml"
        idp_metadata.write_text(create_metadata_string(None, config=IdPConfig().load(dict(idp_settings))).decode())
        self.sp_config = saml_config(
            idp_metadata={"local": [str(idp_metadata)]}, key_file=sp_key, cert_file=sp_cert, site_url=site_url
        )
        sp_metadata = create_metadata_string(None, config=SPConfig().load(dict(self.sp_config))).decode()
        self.server = Server(config=IdPConfig().load({**idp_settings, "metadata": {"inline": [sp_metadata]}}))

    def respond(self, redirect_url: str, *, number: str, mail: str = "") -> dict:
        """Answer the request in the redirect to the IdP: return the form the browser would post to the ACS."""
        query = parse_qs(urlparse(redirect_url).query)
        request = self.server.parse_authn_request(query["SAMLRequest"][0], BINDING_HTTP_REDIRECT).message
        identity = {"urn:oid:1.2.752.29.4.13": [number]}
        if mail:
            identity["urn:oid:0.9.2342.19200300.100.1.3"] = [mail]
        response = self.server.create_authn_response(
            identity=identity,
            in_response_to=request.id,
            destination=request.assertion_consumer_service_url,
            sp_entity_id=request.issuer.text,
            name_id_policy=request.name_id_policy,
            userid=number,
            authn={"class_ref": LOA3},
            sign_assertion=True,
        )
        return {
            "SAMLResponse": base64.b64encode(str(response).encode()).decode(),
            "RelayState": query.get("RelayState", [""])[0],
        }

    @property
    def post_binding(self) -> str:
        return BINDING_HTTP_POST
