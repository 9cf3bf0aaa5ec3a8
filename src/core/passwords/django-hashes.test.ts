import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { hash as argon2Hash } from '@node-rs/argon2'
import { verifyDjangoHash } from './django-hashes.ts'

// Django 5.1's tests/auth_tests/test_hashers.py::test_pbkdf2: make_password('lètmein', 'seasalt', 'pbkdf2_sha256').
const DJANGO_51 = 'pbkdf2_sha256$870000$seasalt$wJSpLMQRQz0Dhj/pFpbyjMj71B2gUYp6HJS5AU+32Ac='
// python3: base64.b64encode(hashlib.pbkdf2_hmac('sha256', b'secret', b'seasalt', 1000))
const PYTHON_SHA256 = 'pbkdf2_sha256$1000$seasalt$+hs9qSCcGyNSGDNojIEbomuX9WI/mzTF5yfwAXqyKOo='
// python3: base64.b64encode(hashlib.pbkdf2_hmac('sha1', 'lètmein'.encode(), b'seasalt', 870000))
const PYTHON_SHA1 = 'pbkdf2_sha1$870000$seasalt$UiqYIlBUWaJY1625aFAwcLy17so='
// Django's test_argon2: an argon2i hash from before argon2-cffi wrote `v=` (version 0x10), and one with it.
const DJANGO_ARGON2I_V16 =
  'argon2$argon2i$m=8,t=1,p=1$c29tZXNhbHQ$gwQOXSNhxiOxPOA0+PY10P9QFO4NAYysnqRt1GSQLE55m+2GYDt9FEjPMHhP2Cuf0nOEXXMocVrsJAtNSsKyfg'
const DJANGO_ARGON2I_V19 = 'argon2$argon2i$v=19$m=8,t=1,p=1$c2FsdHNhbHQ$YC9+jJCrQhs5R6db7LlN8Q'

describe("Django's password hash formats", () => {
  it("verifies Django 5.1's own pbkdf2_sha256 vector, UTF-8 password included", async () => {
    assert.equal(await verifyDjangoHash(DJANGO_51, 'lètmein'), true)
    assert.equal(await verifyDjangoHash(DJANGO_51, 'lètmeinz'), false)
    assert.equal(await verifyDjangoHash(DJANGO_51, 'letmein'), false)
  })

  it('verifies pbkdf2_sha256 and pbkdf2_sha1 vectors computed with Python’s hashlib', async () => {
    assert.equal(await verifyDjangoHash(PYTHON_SHA256, 'secret'), true)
    assert.equal(await verifyDjangoHash(PYTHON_SHA256, 'Secret'), false)
    assert.equal(await verifyDjangoHash(PYTHON_SHA1, 'lètmein'), true)
    assert.equal(await verifyDjangoHash(PYTHON_SHA1, 'lètmeinz'), false)
  })

  it('verifies Django’s argon2 format: old argon2i with and without a version, and argon2id', async () => {
    assert.equal(await verifyDjangoHash(DJANGO_ARGON2I_V16, 'secret'), true)
    assert.equal(await verifyDjangoHash(DJANGO_ARGON2I_V16, 'wrong'), false)
    assert.equal(await verifyDjangoHash(DJANGO_ARGON2I_V19, 'secret'), true)
    assert.equal(await verifyDjangoHash(DJANGO_ARGON2I_V19, 'wrong'), false)
    // Django's Argon2PasswordHasher writes 'argon2' + argon2-cffi's PHC string.
    const argon2id = `argon2${await argon2Hash('lètmein', { memoryCost: 1024, timeCost: 1 })}`
    assert.match(argon2id, /^argon2\$argon2id\$v=19\$/)
    assert.equal(await verifyDjangoHash(argon2id, 'lètmein'), true)
    assert.equal(await verifyDjangoHash(argon2id, 'lètmeinz'), false)
  })

  it('compares the re-encoded digest as Django does: other spellings of the same hash do not match', async () => {
    for (const encoded of [
      PYTHON_SHA256.replace(/=$/, ''),
      PYTHON_SHA256.replace('$1000$', '$01000$'),
      `${PYTHON_SHA256}A`,
      `${PYTHON_SHA256}$`,
      PYTHON_SHA256.replace('pbkdf2_sha256', 'pbkdf2_sha1'),
    ])
      assert.equal(await verifyDjangoHash(encoded, 'secret'), false, encoded)
  })

  it('refuses unknown, unusable and garbled hashes without throwing', async () => {
    for (const encoded of [
      '',
      'secret',
      '!kQ6P3EXVnJ2jKyRz5HyXFiRy0xFs6GBoBcxqZqGb', // Django's set_unusable_password()
      'md5$seasalt$d4e76b0dc8ecf6bd0d2a5d7d7bd7e3b0',
      'bcrypt_sha256$$2b$12$LZSJchsWG/DrBy1erNs4eeYo6tZNlLFQmONdxN9HPesa1EyXVcTXK',
      'pbkdf2_sha256$0$seasalt$+hs9qSCcGyNSGDNojIEbomuX9WI/mzTF5yfwAXqyKOo=',
      'pbkdf2_sha256$99999999$seasalt$+hs9qSCcGyNSGDNojIEbomuX9WI/mzTF5yfwAXqyKOo=',
      'pbkdf2_sha256$1e3$seasalt$+hs9qSCcGyNSGDNojIEbomuX9WI/mzTF5yfwAXqyKOo=',
      'pbkdf2_sha256$1000$$+hs9qSCcGyNSGDNojIEbomuX9WI/mzTF5yfwAXqyKOo=',
      'pbkdf2_sha512$1000$seasalt$+hs9qSCcGyNSGDNojIEbomuX9WI/mzTF5yfwAXqyKOo=',
      'argon2$argon2id$v=19$m=1024,t=1,p=1$bad',
      'argon2$argon2id$v=19$m=0,t=1,p=1$c2FsdHNhbHQ$YC9+jJCrQhs5R6db7LlN8Q',
      'argon2$argon2x$v=19$m=8,t=1,p=1$c2FsdHNhbHQ$YC9+jJCrQhs5R6db7LlN8Q',
      DJANGO_ARGON2I_V19.slice('argon2'.length), // a bare PHC string is not Django's format
    ])
      assert.equal(await verifyDjangoHash(encoded, 'secret'), false, encoded)
  })
})
