/*
 * IPsec algorithms as the topology names them, with everything the rest of
 * the program needs to know about each: how racoon and setkey spell it, its
 * packet overhead (for the MTU), whether it is weak today, and whether
 * FreeBSD 13.0 removed it from the kernel.  One table, so a fact is written
 * once.
 */
#ifndef TG_ALGS_H
#define TG_ALGS_H

#include <stdbool.h>
#include <stddef.h>

enum enc_alg {
	ENC_AES128, ENC_AES192, ENC_AES256,
	ENC_CAMELLIA128, ENC_CAMELLIA192, ENC_CAMELLIA256,
	ENC_3DES, ENC_BLOWFISH, ENC_DES,
	ENC__COUNT
};

enum hash_alg {
	HASH_SHA1, HASH_SHA256, HASH_SHA384, HASH_SHA512, HASH_MD5,
	HASH__COUNT
};

enum auth_alg {
	AUTH_HMAC_SHA1, AUTH_HMAC_SHA256, AUTH_HMAC_SHA384, AUTH_HMAC_SHA512,
	AUTH_HMAC_MD5,
	AUTH__COUNT
};

struct enc_info {
	const char	*name;		/* topology: "aes-256" */
	const char	*racoon;	/* racoon.conf word: "aes" */
	unsigned	 keybits;	/* racoon key length; 0 = none written */
	const char	*setkey;	/* setkey -E word (manual keying) */
	unsigned	 block;		/* cipher block, bytes (ESP padding) */
	unsigned	 iv;		/* IV bytes carried in each ESP packet */
	bool		 weak;
	bool		 removed13;	/* gone from FreeBSD 13.0's kernel */
};

struct hash_info {
	const char	*name;		/* topology: "sha256" */
	const char	*racoon;	/* hash_algorithm word */
	bool		 weak;
	bool		 removed13;
};

struct auth_info {
	const char	*name;		/* topology: "hmac-sha256" */
	const char	*racoon;	/* sainfo authentication_algorithm word */
	const char	*setkey;	/* setkey -A word */
	unsigned	 icv;		/* integrity check value, bytes */
	bool		 weak;
	bool		 removed13;
};

struct dh_info {
	int		 group;		/* 1, 2, 5, 14 ... 18 */
	const char	*modp;		/* "modp2048" */
	bool		 weak;
};

extern const struct enc_info	enc_algs[ENC__COUNT];
extern const struct hash_info	hash_algs[HASH__COUNT];
extern const struct auth_info	auth_algs[AUTH__COUNT];

/* Lookups by topology name; -1 when unknown. */
int		 enc_lookup(const char *, size_t);
int		 hash_lookup(const char *, size_t);
int		 auth_lookup(const char *, size_t);
/* "14" or "modp2048"; NULL when unknown. */
const struct dh_info *dh_lookup(const char *, size_t);
const struct dh_info *dh_by_group(int);
/* Space-separated list of the names, for "expected one of" messages. */
const char	*enc_names(void);
const char	*hash_names(void);
const char	*auth_names(void);
const char	*dh_names(void);

/*
 * "8h", "30m", "3600s", "3600": seconds in *out.  false on bad syntax or
 * a value of zero or past 2^31-1 seconds.
 */
bool		 lifetime_parse(const char *, size_t, unsigned long *out);

#endif
