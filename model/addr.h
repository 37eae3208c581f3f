/*
 * IPv4/IPv6 addresses and prefixes: strict numeric parsing (no names, no
 * zones, no leading zeros in IPv4 parts), RFC 5952 printing so that every
 * output is byte-stable across C libraries, and the prefix arithmetic the
 * checks need.
 */
#ifndef TG_ADDR_H
#define TG_ADDR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define AF_V4	4
#define AF_V6	6

struct addr {
	uint8_t		family;		/* AF_V4, AF_V6, or 0 = none */
	uint8_t		b[16];		/* network order; IPv4 uses b[0..3] */
};

struct prefix {
	struct addr	addr;
	uint8_t		len;
};

#define ADDR_STRLEN	48
#define PREFIX_STRLEN	52

enum prefix_status {
	PREFIX_OK = 0,
	PREFIX_SYNTAX = -1,	/* not an address, or no/bad length */
	PREFIX_HOSTBITS = 1,	/* parsed, but bits past len are set */
};

/* A numeric literal of exactly n bytes: "192.0.2.1", "2001:db8::1". */
bool		addr_parse(const char *s, size_t n, struct addr *);
/*
 * "A/len".  With need_len false a bare address is taken as a full-length
 * prefix.  Host bits are reported, not cleared: the caller decides.
 */
enum prefix_status prefix_parse(const char *s, size_t n, bool need_len,
		    struct prefix *);
/* "A/len" where A may have host bits (an interface address). */
bool		ifaddr_parse(const char *s, size_t n, struct prefix *);

/* RFC 5952: lower case, longest zero run compressed (not a lone one). */
char		*addr_format(const struct addr *, char buf[ADDR_STRLEN]);
char		*prefix_format(const struct prefix *, char buf[PREFIX_STRLEN]);

unsigned	addr_bits(const struct addr *);		/* 32 or 128 */
int		addr_cmp(const struct addr *, const struct addr *);
bool		addr_eq(const struct addr *, const struct addr *);
int		prefix_cmp(const struct prefix *, const struct prefix *);
bool		prefix_has_host_bits(const struct prefix *);
bool		prefix_contains(const struct prefix *, const struct addr *);
/* b lies entirely inside a. */
bool		prefix_covers(const struct prefix *a, const struct prefix *b);
bool		prefix_overlaps(const struct prefix *, const struct prefix *);
/* The netmask of len bits for this family, as an address. */
void		prefix_netmask(const struct prefix *, struct addr *mask);
/* Network address plus n (wraps silently; callers check sizes first). */
void		addr_add(const struct addr *base, uint64_t n, struct addr *out);
/* Last address of the prefix (IPv4 broadcast). */
void		prefix_last(const struct prefix *, struct addr *out);
/* log2 of the number of addresses in the prefix. */
unsigned	prefix_host_bits(const struct prefix *);

bool		addr_is_unspecified(const struct addr *);
bool		addr_is_loopback(const struct addr *);
bool		addr_is_multicast(const struct addr *);

#endif
