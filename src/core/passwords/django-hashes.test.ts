import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { hash as argon2Hash } from '@node-rs/argon2'
import { isSupportedDjangoHash, verifyDjangoHash } from './django-hashes.ts'

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

// Django 3.2 (Debian's python3-django) with python3-bcrypt: make_password('lètmein', bcrypt.gensalt(4), 'bcrypt_sha256')
// and the same with 'bcrypt'.
const DJANGO_BCRYPT_SHA256 = 'bcrypt_sha256$$2b$04$OwVjXIwkOZiefkWTVt3HZuM9xC.qxrUH64sp3xjrIo/XLHzR2hLzS'
const DJANGO_BCRYPT = 'bcrypt$$2b$04$0B.WDtdVYtHeW/jiXjPyBeKbfqBIz//J5APtGF.PDKUkHyeixUrIS'
// Django 4.0+'s test_scrypt vector (make_password('lètmein', 'seasalt', 'scrypt')), reproduced with Python's
// hashlib.scrypt; and hashlib.scrypt(b'secret', salt=b'seasalt', n=1024, r=8, p=2, dklen=64).
const DJANGO_SCRYPT =
  'scrypt$16384$seasalt$8$1$Qj3+9PPyRjSJIebHnG81TMjsqtaIGxNQG/aEB/NYafTJ7tibgfYz71m0ldQESkXFRkdVCBhhY8mx7rQwite/Pw=='
const PYTHON_SCRYPT_P2 =
  'scrypt$1024$seasalt$8$2$Osu+mSuxHcPBAvBFzOU7EvouzapWi5wg+YfOv8qX8ksteRl66/U00rJI5ZTeaI78UXg+LtnG6IaKH1Fz1h9Z6w=='

describe("Django's password hash formats", () => {
  it('verifies bcrypt_sha256 as Django writes it (bcrypt over the hex SHA-256 of the password)', async () => {
    assert.equal(await verifyDjangoHash(DJANGO_BCRYPT_SHA256, 'lètmein'), true)
    assert.equal(await verifyDjangoHash(DJANGO_BCRYPT_SHA256, 'lètmeinz'), false)
    assert.equal(
      await verifyDjangoHash(DJANGO_BCRYPT_SHA256.replace('bcrypt_sha256', 'bcrypt'), 'lètmein'),
      false,
    )
  })

  it('verifies scrypt with its stored N, r and p', async () => {
    assert.equal(await verifyDjangoHash(DJANGO_SCRYPT, 'lètmein'), true)
    assert.equal(await verifyDjangoHash(DJANGO_SCRYPT, 'letmein'), false)
    assert.equal(await verifyDjangoHash(PYTHON_SCRYPT_P2, 'secret'), true)
    assert.equal(await verifyDjangoHash(PYTHON_SCRYPT_P2.replace('$2$', '$1$'), 'secret'), false)
  })

  it('tells the default hashers of Django 3.2–5.x from the ones it ships disabled', () => {
    for (const encoded of [DJANGO_51, PYTHON_SHA1, DJANGO_ARGON2I_V19, DJANGO_BCRYPT_SHA256, DJANGO_SCRYPT])
      assert.equal(isSupportedDjangoHash(encoded), true, encoded)
    for (const encoded of [
      DJANGO_BCRYPT,
      'md5$seasalt$3f86d0d3d465b7b458c231bf3555c0e3',
      'sha1$seasalt$cff36ea83f5706ce9aa7454e63e431fc726b2dc8',
      'unsalted_md5$$5f4dcc3b5aa765d61d8327deb882cf99',
      'crypt$$abN/qM.L/H8EQ',
      '!unusable',
    ])
      assert.equal(isSupportedDjangoHash(encoded), false, encoded)
  })

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
      DJANGO_BCRYPT, // plain bcrypt (truncates at 72 bytes): not among Django's default hashers
      'bcrypt_sha256$$2b$99$OwVjXIwkOZiefkWTVt3HZuM9xC.qxrUH64sp3xjrIo/XLHzR2hLzS',
      'scrypt$16385$seasalt$8$1$Qj3+9PPyRjSJIebHnG81TMjsqtaIGxNQG/aEB/NYafTJ7tibgfYz71m0ldQESkXFRkdVCBhhY8mx7rQwite/Pw==',
      'scrypt$1048576$seasalt$8$1$Qj3+9PPyRjSJIebHnG81TMjsqtaIGxNQG/aEB/NYafTJ7tibgfYz71m0ldQESkXFRkdVCBhhY8mx7rQwite/Pw==',
      'scrypt$16384$seasalt$8$Qj3+9PPyRjSJIebHnG81TMjsqtaIGxNQG/aEB/NYafTJ7tibgfYz71m0ldQESkXFRkdVCBhhY8mx7rQwite/Pw==',
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
