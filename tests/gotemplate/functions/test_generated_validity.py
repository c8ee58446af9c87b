"""Random and generated values checked for validity, against Go's output where one can be compared.

Certificates must parse and verify, keys must match them, bcrypt hashes must
verify, and AES ciphertexts must decrypt on the other side (kubeship's in Go,
Go's in kubeship).
"""

from __future__ import annotations

import base64
import datetime as dt
import ipaddress

import bcrypt
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import padding
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from kubeship.gotemplate.functions import crypto, helm_functions
from tests.gotemplate.functions.harness import render_oracle, render_with_values
from tests.support.oracle import oracle  # noqa: F401  (pytest fixture)


def _render(template: str) -> str:
    rendered = render_with_values("helm", template, {})
    assert rendered.ok, rendered.text
    return rendered.text


def _verify_signed_by(certificate: x509.Certificate, issuer: x509.Certificate) -> None:
    issuer.public_key().verify(certificate.signature, certificate.tbs_certificate_bytes,
                               padding.PKCS1v15(), certificate.signature_hash_algorithm)


def _extension_summary(certificate: x509.Certificate) -> dict[str, object]:
    extensions = certificate.extensions
    key_usage = extensions.get_extension_for_class(x509.KeyUsage).value
    return {
        "ca": extensions.get_extension_for_class(x509.BasicConstraints).value.ca,
        "key_cert_sign": key_usage.key_cert_sign,
        "digital_signature": key_usage.digital_signature,
        "key_encipherment": key_usage.key_encipherment,
        "ext_key_usage": list(extensions.get_extension_for_class(x509.ExtendedKeyUsage).value),
    }


def test_ca_parses_and_verifies() -> None:
    ca = crypto.gen_ca("my-ca", 30)
    certificate = x509.load_pem_x509_certificate(ca.Cert.encode())
    key = serialization.load_pem_private_key(ca.Key.encode(), password=None)
    assert certificate.subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value == "my-ca"
    _verify_signed_by(certificate, certificate)
    assert key.public_key().public_numbers() == certificate.public_key().public_numbers()
    lifetime = certificate.not_valid_after_utc - certificate.not_valid_before_utc
    assert abs(lifetime - dt.timedelta(days=30)) < dt.timedelta(seconds=5)
    assert _extension_summary(certificate)["ca"] is True


@pytest.mark.oracle
def test_ca_extensions_match_go(oracle) -> None:
    ours = x509.load_pem_x509_certificate(crypto.gen_ca("x", 1).Cert.encode())
    go = render_oracle(oracle, "helm", '{{ (genCA "x" 1).Cert }}', None)
    assert go.ok, go.text
    theirs = x509.load_pem_x509_certificate(go.text.encode())
    assert _extension_summary(ours) == _extension_summary(theirs)
    assert ours.signature_hash_algorithm.name == theirs.signature_hash_algorithm.name
    assert ours.public_key().key_size == theirs.public_key().key_size


def test_signed_cert_verifies_with_ca() -> None:
    ca = crypto.gen_ca("ca", 10)
    signed = crypto.gen_signed_cert("web", ["10.0.0.1"], ["web.local"], 5, ca)
    certificate = x509.load_pem_x509_certificate(signed.Cert.encode())
    _verify_signed_by(certificate, x509.load_pem_x509_certificate(ca.Cert.encode()))
    names = certificate.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    assert names.get_values_for_type(x509.DNSName) == ["web.local"]
    assert names.get_values_for_type(x509.IPAddress) == [ipaddress.ip_address("10.0.0.1")]
    assert ExtendedKeyUsageOID.SERVER_AUTH in _extension_summary(certificate)["ext_key_usage"]


def test_self_signed_cert_verifies() -> None:
    signed = crypto.gen_self_signed_cert("self", None, None, 1)
    certificate = x509.load_pem_x509_certificate(signed.Cert.encode())
    _verify_signed_by(certificate, certificate)
    assert _extension_summary(certificate)["ca"] is False


def test_template_cert_chain_verifies() -> None:
    text = _render('{{ $ca := genCA "ca" 3 }}{{ $c := genSignedCert "svc" nil (list "svc") 3 $ca }}'
                   '{{ $ca.Cert }}|{{ $c.Cert }}')
    ca_pem, cert_pem = text.split("|")
    _verify_signed_by(x509.load_pem_x509_certificate(cert_pem.encode()),
                      x509.load_pem_x509_certificate(ca_pem.encode()))


def test_bcrypt_hash_verifies() -> None:
    hashed = _render('{{ bcrypt "s3cret" }}')
    assert bcrypt.checkpw(b"s3cret", hashed.encode())
    assert not bcrypt.checkpw(b"other", hashed.encode())


@pytest.mark.oracle
def test_go_bcrypt_hash_verifies_here(oracle) -> None:
    go = render_oracle(oracle, "helm", '{{ htpasswd "user" "s3cret" }}', None)
    assert go.ok, go.text
    user, _, hashed = go.text.partition(":")
    assert user == "user"
    assert bcrypt.checkpw(b"s3cret", hashed.encode())
    ours = _render('{{ htpasswd "user" "s3cret" }}')
    assert bcrypt.checkpw(b"s3cret", ours.partition(":")[2].encode())


@pytest.mark.oracle
def test_aes_round_trips_between_go_and_kubeship(oracle) -> None:
    ours = crypto.encrypt_aes("key", "plain text é")
    go_plain = render_oracle(oracle, "helm", f'{{{{ decryptAES "key" "{ours}" }}}}', None)
    assert (go_plain.ok, go_plain.text) == (True, "plain text é")
    go_cipher = render_oracle(oracle, "helm", '{{ encryptAES "key" "from go" }}', None)
    assert go_cipher.ok, go_cipher.text
    assert crypto.decrypt_aes("key", go_cipher.text) == "from go"


def test_private_keys_parse() -> None:
    for kind in ("rsa", "ecdsa", "ed25519", "dsa"):
        pem = helm_functions()["genPrivateKey"](kind)
        assert serialization.load_pem_private_key(pem.encode(), password=None) is not None, kind


def test_rand_bytes_decodes_to_count() -> None:
    assert len(base64.b64decode(_render("{{ randBytes 17 }}"))) == 17
