"""Sprig's crypto functions: keys, certificates, bcrypt, htpasswd, derivePassword, AES, random data.

Certificates are built as Sprig builds them: RSA 2048 keys for generated CAs and
certificates, a random 128-bit serial number, validity from now for ``daysValid``
days, server and client auth extended key usage, and PEM output with PKCS#1 RSA
keys. ``derivePassword`` is the Master Password algorithm (scrypt N=32768, r=8, p=2),
so its output is deterministic. The ``cryptography`` and ``bcrypt`` packages are
imported when a function first needs them.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import ipaddress
import os
import secrets
import struct
import uuid
from typing import Any

from kubeship.gotemplate import gotypes
from kubeship.gotemplate.functions.encoding import go_base64_decode
from kubeship.gotemplate.gotypes import GoError, GoSlice, GoStruct, go_func, string_bytes, string_from_bytes

MASTER_PASSWORD_SEED = b"com.lyndir.masterpassword"
PASSWORD_TEMPLATES = {
    "maximum": ["anoxxxxxxxxxxxxxxxxx", "axxxxxxxxxxxxxxxxxno"],
    "long": ["CvcvnoCvcvCvcv", "CvcvCvcvnoCvcv", "CvcvCvcvCvcvno", "CvccnoCvcvCvcv", "CvccCvcvnoCvcv",
             "CvccCvcvCvcvno", "CvcvnoCvccCvcv", "CvcvCvccnoCvcv", "CvcvCvccCvcvno", "CvcvnoCvcvCvcc",
             "CvcvCvcvnoCvcc", "CvcvCvcvCvccno", "CvccnoCvccCvcv", "CvccCvccnoCvcv", "CvccCvccCvcvno",
             "CvcvnoCvccCvcc", "CvcvCvccnoCvcc", "CvcvCvccCvccno", "CvccnoCvcvCvcc", "CvccCvcvnoCvcc",
             "CvccCvcvCvccno"],
    "medium": ["CvcnoCvc", "CvcCvcno"],
    "short": ["Cvcn"],
    "basic": ["aaanaaan", "aannaaan", "aaannaaa"],
    "pin": ["nnnn"],
}
TEMPLATE_CHARACTERS = {
    "V": "AEIOU",
    "C": "BCDFGHJKLMNPQRSTVWXYZ",
    "v": "aeiou",
    "c": "bcdfghjklmnpqrstvwxyz",
    "A": "AEIOUBCDFGHJKLMNPQRSTVWXYZ",
    "a": "AEIOUaeiouBCDFGHJKLMNPQRSTVWXYZbcdfghjklmnpqrstvwxyz",
    "n": "0123456789",
    "o": "@&%?,=[]_:-+*$#!'^~;()/.",
    "x": "AEIOUaeiouBCDFGHJKLMNPQRSTVWXYZbcdfghjklmnpqrstvwxyz0123456789!@#$%^&*()",
}


class Certificate(GoStruct):
    """Sprig's ``certificate``: PEM ``Cert`` and ``Key``."""

    go_type_name = "sprig.certificate"
    go_fields = {"Cert": "string", "Key": "string"}


@go_func("func(uint32, string, string, string, string) string")
def derive_password(counter: int, password_type: str, password: str, user: str, site: str) -> str:
    templates = PASSWORD_TEMPLATES.get(password_type)
    if templates is None:
        return f"cannot find password template {password_type}"
    user_bytes, site_bytes = string_bytes(user), string_bytes(site)
    salt = MASTER_PASSWORD_SEED + struct.pack(">I", len(user_bytes)) + user_bytes
    key = hashlib.scrypt(string_bytes(password), salt=salt, n=32768, r=8, p=2, dklen=64, maxmem=64 * 1024 * 1024)
    message = MASTER_PASSWORD_SEED + struct.pack(">I", len(site_bytes)) + site_bytes + struct.pack(">I", counter)
    seed = hmac.new(key, message, hashlib.sha256).digest()
    template = templates[seed[0] % len(templates)]
    characters = [TEMPLATE_CHARACTERS[element] for element in template]
    return "".join(chars[seed[index + 1] % len(chars)] for index, chars in enumerate(characters))


@go_func("func(string) string")
def bcrypt_hash(text: str) -> str:
    import bcrypt

    data = string_bytes(text)
    if len(data) > 72:
        # Go's bcrypt rejects passwords over 72 bytes; Sprig prints the empty hash then.
        return ""
    hashed = bcrypt.hashpw(data, bcrypt.gensalt(rounds=10, prefix=b"2a"))
    return hashed.decode("ascii")


@go_func("func(string, string) string")
def htpasswd(username: str, password: str) -> str:
    if ":" in username:
        return f"invalid username: {username}"
    return f"{username}:{bcrypt_hash(password)}"


def _private_key(kind: str) -> Any:
    from cryptography.hazmat.primitives.asymmetric import dsa, ec, ed25519, rsa

    if kind in ("", "rsa"):
        return rsa.generate_private_key(public_exponent=65537, key_size=4096)
    if kind == "dsa":
        return dsa.generate_private_key(key_size=2048)
    if kind == "ecdsa":
        return ec.generate_private_key(ec.SECP256R1())
    if kind == "ed25519":
        return ed25519.Ed25519PrivateKey.generate()
    return None


def private_key_pem(key: Any) -> str:
    """Write a key as Sprig's ``pemBlockForKey``: PKCS#1 RSA, SEC 1 EC, PKCS#8 Ed25519, DSA's ASN.1."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ed25519

    encoding = serialization.Encoding.PEM
    none = serialization.NoEncryption()
    if isinstance(key, ed25519.Ed25519PrivateKey):
        return key.private_bytes(encoding, serialization.PrivateFormat.PKCS8, none).decode()
    return key.private_bytes(encoding, serialization.PrivateFormat.TraditionalOpenSSL, none).decode()


@go_func("func(string) string")
def gen_private_key(kind: str) -> str:
    key = _private_key(kind)
    if key is None:
        return "Unknown type " + kind
    return private_key_pem(key)


def _parse_private_key(pem: str) -> Any:
    from cryptography.hazmat.primitives import serialization

    try:
        return serialization.load_pem_private_key(string_bytes(pem), password=None)
    except (ValueError, TypeError):
        raise GoError("parsing private key: no PEM data in input") from None


def _ips(values: list[Any] | None) -> list[Any]:
    addresses = []
    for value in values or []:
        if type(value) is not str:
            from kubeship.gotemplate.gofmt import format_value

            raise GoError(f"error parsing ip: {format_value(value)} is not a string")
        try:
            addresses.append(ipaddress.ip_address(value))
        except ValueError:
            raise GoError(f"error parsing ip: {value}") from None
    return addresses


def _dns_names(values: list[Any] | None) -> list[str]:
    names = []
    for value in values or []:
        if type(value) is not str:
            from kubeship.gotemplate.gofmt import format_value

            raise GoError(f"error processing alternate dns name: {format_value(value)} is not a string")
        names.append(value)
    return names


def _build_certificate(cn: str, ips: list[Any] | None, dns: list[Any] | None, days: int, key: Any,
                       issuer: Any = None, issuer_key: Any = None, is_ca: bool = False) -> Certificate:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ed25519
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    addresses = _ips(ips)
    names = _dns_names(dns)
    now = dt.datetime.now(dt.timezone.utc)
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, cn)]) if cn else x509.Name([])
    builder = (x509.CertificateBuilder()
               .subject_name(subject)
               .issuer_name(issuer.subject if issuer is not None else subject)
               .public_key(key.public_key())
               .serial_number(secrets.randbits(128) or 1)
               .not_valid_before(now)
               .not_valid_after(now + dt.timedelta(days=days))
               .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=False, key_encipherment=True,
                                            data_encipherment=False, key_agreement=False, key_cert_sign=is_ca,
                                            crl_sign=False, encipher_only=False, decipher_only=False), critical=True)
               .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH, ExtendedKeyUsageOID.CLIENT_AUTH]),
                              critical=False)
               .add_extension(x509.BasicConstraints(ca=is_ca, path_length=None), critical=True))
    alternative = [x509.DNSName(name) for name in names] + [x509.IPAddress(address) for address in addresses]
    if alternative:
        builder = builder.add_extension(x509.SubjectAlternativeName(alternative), critical=False)
    signer = issuer_key if issuer_key is not None else key
    algorithm = None if isinstance(signer, ed25519.Ed25519PrivateKey) else hashes.SHA256()
    certificate = builder.sign(signer, algorithm)
    from cryptography.hazmat.primitives import serialization

    cert_pem = certificate.public_bytes(serialization.Encoding.PEM).decode()
    return Certificate(Cert=cert_pem, Key=private_key_pem(key))


def _rsa_2048() -> Any:
    from cryptography.hazmat.primitives.asymmetric import rsa

    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def _signer(ca: Certificate) -> tuple[Any, Any]:
    from cryptography import x509

    try:
        cert = x509.load_pem_x509_certificate(string_bytes(ca.Cert))
    except ValueError:
        raise GoError("unable to decode certificate") from None
    return cert, _parse_private_key(ca.Key)


@go_func("func(string, int) (sprig.certificate, error)")
def gen_ca(cn: str, days: int) -> Certificate:
    return _build_certificate(cn, None, None, days, _rsa_2048(), is_ca=True)


@go_func("func(string, int, string) (sprig.certificate, error)")
def gen_ca_with_key(cn: str, days: int, key_pem: str) -> Certificate:
    return _build_certificate(cn, None, None, days, _parse_private_key(key_pem), is_ca=True)


@go_func("func(string, []any, []any, int) (sprig.certificate, error)")
def gen_self_signed_cert(cn: str, ips: list[Any], dns: list[Any], days: int) -> Certificate:
    return _build_certificate(cn, ips, dns, days, _rsa_2048())


@go_func("func(string, []any, []any, int, string) (sprig.certificate, error)")
def gen_self_signed_cert_with_key(cn: str, ips: list[Any], dns: list[Any], days: int, key_pem: str) -> Certificate:
    return _build_certificate(cn, ips, dns, days, _parse_private_key(key_pem))


@go_func("func(string, []any, []any, int, sprig.certificate) (sprig.certificate, error)")
def gen_signed_cert(cn: str, ips: list[Any], dns: list[Any], days: int, ca: Certificate) -> Certificate:
    issuer, issuer_key = _signer(ca)
    return _build_certificate(cn, ips, dns, days, _rsa_2048(), issuer, issuer_key)


@go_func("func(string, []any, []any, int, sprig.certificate, string) (sprig.certificate, error)")
def gen_signed_cert_with_key(cn: str, ips: list[Any], dns: list[Any], days: int, ca: Certificate,
                             key_pem: str) -> Certificate:
    issuer, issuer_key = _signer(ca)
    return _build_certificate(cn, ips, dns, days, _parse_private_key(key_pem), issuer, issuer_key)


@go_func("func(string, string) (sprig.certificate, error)")
def build_custom_cert(cert_base64: str, key_base64: str) -> Certificate:
    from cryptography import x509

    try:
        cert_pem = go_base64_decode(string_bytes(cert_base64))
    except ValueError:
        raise GoError("unable to decode base64 certificate") from None
    try:
        key_pem = go_base64_decode(string_bytes(key_base64))
    except ValueError:
        raise GoError("unable to decode base64 private key") from None
    try:
        x509.load_pem_x509_certificate(cert_pem)
    except ValueError:
        raise GoError("unable to decode certificate") from None
    _parse_private_key(string_from_bytes(key_pem))
    return Certificate(Cert=string_from_bytes(cert_pem), Key=string_from_bytes(key_pem))


def _aes_key(password: str) -> bytes:
    return string_bytes(password)[:32].ljust(32, b"\0")


@go_func("func(string, string) (string, error)")
def encrypt_aes(password: str, plaintext: str) -> str:
    from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

    if plaintext == "":
        return ""
    content = string_bytes(plaintext)
    padding = 16 - len(content) % 16
    content += bytes([padding]) * padding
    iv = os.urandom(16)
    encryptor = Cipher(algorithms.AES(_aes_key(password)), modes.CBC(iv)).encryptor()
    return base64.b64encode(iv + encryptor.update(content) + encryptor.finalize()).decode("ascii")


@go_func("func(string, string) (string, error)")
def decrypt_aes(password: str, encrypted: str) -> str:
    from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

    if encrypted == "":
        return ""
    try:
        data = go_base64_decode(string_bytes(encrypted))
    except ValueError as error:
        raise GoError(str(error)) from None
    if len(data) < 16:
        from kubeship.gotemplate.functions.panics import check_slice_bounds

        check_slice_bounds(None, 16, len(data))
    iv, body = data[:16], data[16:]
    if len(body) % 16:
        raise GoError("crypto/cipher: input not full blocks")
    if not body:
        from kubeship.gotemplate.functions.panics import index_error

        raise index_error(-1, 0)
    decryptor = Cipher(algorithms.AES(_aes_key(password)), modes.CBC(iv)).decryptor()
    plain = decryptor.update(body) + decryptor.finalize()
    cut = len(plain) - plain[-1]
    if cut < 0:
        from kubeship.gotemplate.functions.panics import check_slice_bounds

        check_slice_bounds(None, cut, len(plain))
    return string_from_bytes(plain[:cut])


@go_func("func(int) (string, error)")
def rand_bytes(count: int) -> str:
    if count < 0:
        raise GoError("runtime error: makeslice: len out of range")
    return base64.b64encode(os.urandom(count)).decode("ascii")


@go_func("func() string")
def uuidv4() -> str:
    return str(uuid.uuid4())


_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
_DIGITS = "0123456789"
_ASCII = "".join(chr(code) for code in range(32, 127))


def _random_text(count: int, alphabet: str) -> str:
    if count <= 0:
        return ""
    return "".join(secrets.choice(alphabet) for _ in range(count))


@go_func("func(int) string")
def rand_alpha_num(count: int) -> str:
    return _random_text(count, _LETTERS + _DIGITS)


@go_func("func(int) string")
def rand_alpha(count: int) -> str:
    return _random_text(count, _LETTERS)


@go_func("func(int) string")
def rand_ascii(count: int) -> str:
    return _random_text(count, _ASCII)


@go_func("func(int) string")
def rand_numeric(count: int) -> str:
    return _random_text(count, _DIGITS)


FUNCTIONS = {
    "derivePassword": derive_password,
    "bcrypt": bcrypt_hash,
    "htpasswd": htpasswd,
    "genPrivateKey": gen_private_key,
    "genCA": gen_ca,
    "genCAWithKey": gen_ca_with_key,
    "genSelfSignedCert": gen_self_signed_cert,
    "genSelfSignedCertWithKey": gen_self_signed_cert_with_key,
    "genSignedCert": gen_signed_cert,
    "genSignedCertWithKey": gen_signed_cert_with_key,
    "buildCustomCert": build_custom_cert,
    "encryptAES": encrypt_aes,
    "decryptAES": decrypt_aes,
    "randBytes": rand_bytes,
    "uuidv4": uuidv4,
    "randAlphaNum": rand_alpha_num,
    "randAlpha": rand_alpha,
    "randAscii": rand_ascii,
    "randNumeric": rand_numeric,
}
