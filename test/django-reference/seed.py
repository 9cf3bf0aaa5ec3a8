"""Creates the migration test's users, each with a password hash of another Django hasher. Prints nothing."""
import base64
import hashlib
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backend.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth.hashers import make_password  # noqa: E402
from django.contrib.auth.models import User  # noqa: E402

# Django's shipped hashers, enabled only to write the hashes (the reference keeps the default list).
settings.PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.BCryptSHA256PasswordHasher",
    "django.contrib.auth.hashers.MD5PasswordHasher",
]


def scrypt(password: str, salt: str) -> str:
    # Django 4.0+'s ScryptPasswordHasher.encode with its defaults (Django 3.2 has no scrypt hasher).
    digest = hashlib.scrypt(password.encode(), salt=salt.encode(), n=2**14, r=8, p=1, maxmem=0, dklen=64)
    return "scrypt$%d$%s$%d$%d$%s" % (2**14, salt, 8, 1, base64.b64encode(digest).decode("ascii").strip())


User.objects.create_superuser("admin", "admin@example.test", "admin-local-pass")
User.objects.create_user("alice", "alice@example.test", "correct horse battery staple", first_name="Alice", last_name="Liddell")
for username, hasher in [("bob", "argon2"), ("carol", "bcrypt_sha256"), ("dave", "pbkdf2_sha1"), ("mallory", "md5")]:
    user = User.objects.create_user(username, f"{username}@example.test", first_name=username.title())
    user.password = make_password(f"{username} passphrase 1", hasher=hasher)
    user.save()
frank = User.objects.create_user("frank", "frank@example.test", first_name="Frank")
frank.password = scrypt("frank passphrase 1", "seasalt4frank")
frank.save()
User.objects.create_user("erin", "erin@example.test")  # no password: Django's unusable '!' marker
