#include "model/algs.h"

#include <limits.h>
#include <string.h>

/* Sizes: RFC 3602 (AES-CBC), RFC 4303, RFC 4868 (SHA-2 ICVs). */
const struct enc_info enc_algs[ENC__COUNT] = {
	[ENC_AES128] = { "aes-128", "aes", 128, "aes-cbc", 16, 16, false, false },
	[ENC_AES192] = { "aes-192", "aes", 192, "aes-cbc", 16, 16, false, false },
	[ENC_AES256] = { "aes-256", "aes", 256, "aes-cbc", 16, 16, false, false },
	[ENC_CAMELLIA128] = { "camellia-128", "camellia", 128, "camellia-cbc",
	    16, 16, false, true },
	[ENC_CAMELLIA192] = { "camellia-192", "camellia", 192, "camellia-cbc",
	    16, 16, false, true },
	[ENC_CAMELLIA256] = { "camellia-256", "camellia", 256, "camellia-cbc",
	    16, 16, false, true },
	[ENC_3DES] = { "3des", "3des", 0, "3des-cbc", 8, 8, true, true },
	[ENC_BLOWFISH] = { "blowfish", "blowfish", 0, "blowfish-cbc", 8, 8,
	    true, true },
	[ENC_DES] = { "des", "des", 0, "des-cbc", 8, 8, true, true },
};

/* IKE hashes run in racoon (user space); md5 is weak, not a kernel matter. */
const struct hash_info hash_algs[HASH__COUNT] = {
	[HASH_SHA1] = { "sha1", "sha1", true, false },
	[HASH_SHA256] = { "sha256", "sha256", false, false },
	[HASH_SHA384] = { "sha384", "sha384", false, false },
	[HASH_SHA512] = { "sha512", "sha512", false, false },
	[HASH_MD5] = { "md5", "md5", true, false },
};

const struct auth_info auth_algs[AUTH__COUNT] = {
	[AUTH_HMAC_SHA1] = { "hmac-sha1", "hmac_sha1", "hmac-sha1", 12,
	    true, false },
	[AUTH_HMAC_SHA256] = { "hmac-sha256", "hmac_sha256", "hmac-sha2-256",
	    16, false, false },
	[AUTH_HMAC_SHA384] = { "hmac-sha384", "hmac_sha384", "hmac-sha2-384",
	    24, false, false },
	[AUTH_HMAC_SHA512] = { "hmac-sha512", "hmac_sha512", "hmac-sha2-512",
	    32, false, false },
	[AUTH_HMAC_MD5] = { "hmac-md5", "hmac_md5", "hmac-md5", 12,
	    true, true },
};

static const struct dh_info dh_groups[] = {
	{ 1, "modp768", true },
	{ 2, "modp1024", true },
	{ 5, "modp1536", true },
	{ 14, "modp2048", false },
	{ 15, "modp3072", false },
	{ 16, "modp4096", false },
	{ 17, "modp6144", false },
	{ 18, "modp8192", false },
};

static bool
eq(const char *s, size_t n, const char *name)
{
	return strlen(name) == n && memcmp(s, name, n) == 0;
}

int
enc_lookup(const char *s, size_t n)
{
	int i;

	for (i = 0; i < ENC__COUNT; i++)
		if (eq(s, n, enc_algs[i].name))
			return i;
	return -1;
}

int
hash_lookup(const char *s, size_t n)
{
	int i;

	for (i = 0; i < HASH__COUNT; i++)
		if (eq(s, n, hash_algs[i].name))
			return i;
	return -1;
}

int
auth_lookup(const char *s, size_t n)
{
	int i;

	for (i = 0; i < AUTH__COUNT; i++)
		if (eq(s, n, auth_algs[i].name))
			return i;
	return -1;
}

const struct dh_info *
dh_lookup(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < sizeof(dh_groups) / sizeof(dh_groups[0]); i++) {
		char num[4];
		int k = 0, g = dh_groups[i].group;

		if (g >= 10)
			num[k++] = (char)('0' + g / 10);
		num[k++] = (char)('0' + g % 10);
		num[k] = '\0';
		if (eq(s, n, num) || eq(s, n, dh_groups[i].modp))
			return &dh_groups[i];
	}
	return NULL;
}

const struct dh_info *
dh_by_group(int g)
{
	size_t i;

	for (i = 0; i < sizeof(dh_groups) / sizeof(dh_groups[0]); i++)
		if (dh_groups[i].group == g)
			return &dh_groups[i];
	return NULL;
}

const char *
enc_names(void)
{
	return "aes-128 aes-192 aes-256 camellia-128 camellia-192 "
	    "camellia-256 3des blowfish des";
}

const char *
hash_names(void)
{
	return "sha1 sha256 sha384 sha512 md5";
}

const char *
auth_names(void)
{
	return "hmac-sha1 hmac-sha256 hmac-sha384 hmac-sha512 hmac-md5";
}

const char *
dh_names(void)
{
	return "1 2 5 14 15 16 17 18 (or modp768 ... modp8192)";
}

bool
lifetime_parse(const char *s, size_t n, unsigned long *out)
{
	unsigned long v = 0, mult = 1;
	size_t i;

	if (n > 0) {
		switch (s[n - 1]) {
		case 's':
			n--;
			break;
		case 'm':
			mult = 60;
			n--;
			break;
		case 'h':
			mult = 3600;
			n--;
			break;
		}
	}
	if (n == 0 || n > 10)
		return false;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (unsigned long)(s[i] - '0');
	}
	if (v == 0 || v > (unsigned long)INT_MAX / mult)
		return false;
	*out = v * mult;
	return true;
}
