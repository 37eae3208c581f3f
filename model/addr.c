#include "model/addr.h"

#include <stdio.h>
#include <string.h>

static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Dotted quad, four decimal parts 0-255, no leading zeros. */
static bool
parse_v4(const char *s, size_t n, uint8_t out[4])
{
	size_t i = 0;
	int part;

	for (part = 0; part < 4; part++) {
		unsigned v = 0;
		size_t start = i;

		if (part > 0) {
			if (i >= n || s[i] != '.')
				return false;
			start = ++i;
		}
		while (i < n && s[i] >= '0' && s[i] <= '9') {
			v = v * 10 + (unsigned)(s[i] - '0');
			if (v > 255)
				return false;
			i++;
		}
		if (i == start || (i - start > 1 && s[start] == '0'))
			return false;
		out[part] = (uint8_t)v;
	}
	return i == n;
}

static bool
parse_v6(const char *s, size_t n, uint8_t out[16])
{
	uint16_t words[8];
	int nw = 0, gap = -1;
	size_t i = 0;

	if (n < 2)
		return false;
	if (s[0] == ':') {
		if (s[1] != ':')
			return false;
		gap = 0;
		i = 2;
		if (i == n)
			goto done;
	}
	for (;;) {
		size_t start = i;
		unsigned v = 0;

		while (i < n && hexval(s[i]) >= 0 && i - start < 4) {
			v = v * 16 + (unsigned)hexval(s[i]);
			i++;
		}
		if (i < n && s[i] == '.') {
			/* embedded IPv4 in the last 32 bits */
			uint8_t v4[4];

			if (nw > 6 || !parse_v4(s + start, n - start, v4))
				return false;
			words[nw++] = (uint16_t)(v4[0] << 8 | v4[1]);
			words[nw++] = (uint16_t)(v4[2] << 8 | v4[3]);
			i = n;
			break;
		}
		if (i == start || nw == 8)
			return false;
		if (i < n && hexval(s[i]) >= 0)
			return false;		/* more than 4 digits */
		words[nw++] = (uint16_t)v;
		if (i == n)
			break;
		if (s[i] != ':')
			return false;
		i++;
		if (i < n && s[i] == ':') {
			if (gap >= 0)
				return false;
			gap = nw;
			i++;
			if (i == n)
				break;
		} else if (i == n)
			return false;
	}
done:
	if (gap < 0 && nw != 8)
		return false;
	if (gap >= 0 && nw > 7)
		return false;
	memset(out, 0, 16);
	{
		int k, tail = gap >= 0 ? nw - gap : 0, head = gap >= 0 ? gap : nw;

		for (k = 0; k < head; k++) {
			out[2 * k] = (uint8_t)(words[k] >> 8);
			out[2 * k + 1] = (uint8_t)words[k];
		}
		for (k = 0; k < tail; k++) {
			int w = 8 - tail + k;

			out[2 * w] = (uint8_t)(words[head + k] >> 8);
			out[2 * w + 1] = (uint8_t)words[head + k];
		}
	}
	return true;
}

bool
addr_parse(const char *s, size_t n, struct addr *a)
{
	memset(a, 0, sizeof(*a));
	if (memchr(s, ':', n) != NULL) {
		if (!parse_v6(s, n, a->b))
			return false;
		a->family = AF_V6;
		return true;
	}
	if (!parse_v4(s, n, a->b))
		return false;
	a->family = AF_V4;
	return true;
}

unsigned
addr_bits(const struct addr *a)
{
	return a->family == AF_V6 ? 128 : 32;
}

static bool
parse_len(const char *s, size_t n, unsigned max, unsigned *len)
{
	unsigned v = 0;
	size_t i;

	if (n == 0 || n > 3 || (n > 1 && s[0] == '0'))
		return false;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (unsigned)(s[i] - '0');
	}
	if (v > max)
		return false;
	*len = v;
	return true;
}

static bool
split_prefix(const char *s, size_t n, bool need_len, struct prefix *p)
{
	const char *slash = memchr(s, '/', n);
	unsigned len;

	memset(p, 0, sizeof(*p));
	if (slash == NULL) {
		if (need_len || !addr_parse(s, n, &p->addr))
			return false;
		p->len = (uint8_t)addr_bits(&p->addr);
		return true;
	}
	if (!addr_parse(s, (size_t)(slash - s), &p->addr))
		return false;
	if (!parse_len(slash + 1, n - (size_t)(slash - s) - 1,
	    addr_bits(&p->addr), &len))
		return false;
	p->len = (uint8_t)len;
	return true;
}

enum prefix_status
prefix_parse(const char *s, size_t n, bool need_len, struct prefix *p)
{
	if (!split_prefix(s, n, need_len, p))
		return PREFIX_SYNTAX;
	return prefix_has_host_bits(p) ? PREFIX_HOSTBITS : PREFIX_OK;
}

bool
ifaddr_parse(const char *s, size_t n, struct prefix *p)
{
	return split_prefix(s, n, true, p);
}

char *
addr_format(const struct addr *a, char buf[ADDR_STRLEN])
{
	int i, best = -1, bestlen = 0, cur = -1, curlen = 0;
	char *p = buf;

	if (a->family == AF_V4) {
		snprintf(buf, ADDR_STRLEN, "%u.%u.%u.%u", a->b[0], a->b[1],
		    a->b[2], a->b[3]);
		return buf;
	}
	if (a->family != AF_V6) {
		strcpy(buf, "-");
		return buf;
	}
	for (i = 0; i < 8; i++) {
		if (a->b[2 * i] == 0 && a->b[2 * i + 1] == 0) {
			if (cur < 0) {
				cur = i;
				curlen = 0;
			}
			if (++curlen > bestlen) {
				best = cur;
				bestlen = curlen;
			}
		} else
			cur = -1;
	}
	if (bestlen < 2)
		best = -1;
	for (i = 0; i < 8; i++) {
		if (i == best) {
			*p++ = ':';
			if (i == 0)
				*p++ = ':';
			i += bestlen - 1;
			continue;
		}
		p += sprintf(p, "%x", (unsigned)(a->b[2 * i] << 8 | a->b[2 * i + 1]));
		if (i < 7)
			*p++ = ':';
	}
	*p = '\0';
	return buf;
}

char *
prefix_format(const struct prefix *pf, char buf[PREFIX_STRLEN])
{
	char a[ADDR_STRLEN];

	snprintf(buf, PREFIX_STRLEN, "%s/%u", addr_format(&pf->addr, a),
	    (unsigned)pf->len);
	return buf;
}

int
addr_cmp(const struct addr *x, const struct addr *y)
{
	if (x->family != y->family)
		return x->family < y->family ? -1 : 1;
	return memcmp(x->b, y->b, x->family == AF_V4 ? 4 : 16);
}

bool
addr_eq(const struct addr *x, const struct addr *y)
{
	return addr_cmp(x, y) == 0;
}

int
prefix_cmp(const struct prefix *x, const struct prefix *y)
{
	int c = addr_cmp(&x->addr, &y->addr);

	if (c != 0)
		return c;
	return x->len == y->len ? 0 : x->len < y->len ? -1 : 1;
}

/* Do the first len bits of x and y agree? */
static bool
same_bits(const uint8_t *x, const uint8_t *y, unsigned len)
{
	unsigned full = len / 8, rest = len % 8;

	if (memcmp(x, y, full) != 0)
		return false;
	if (rest == 0)
		return true;
	return ((x[full] ^ y[full]) & (uint8_t)(0xff << (8 - rest))) == 0;
}

bool
prefix_has_host_bits(const struct prefix *p)
{
	unsigned bits = addr_bits(&p->addr), i;

	for (i = p->len; i < bits; i++)
		if (p->addr.b[i / 8] & (0x80 >> (i % 8)))
			return true;
	return false;
}

bool
prefix_contains(const struct prefix *p, const struct addr *a)
{
	return p->addr.family == a->family &&
	    same_bits(p->addr.b, a->b, p->len);
}

bool
prefix_covers(const struct prefix *a, const struct prefix *b)
{
	return a->addr.family == b->addr.family && a->len <= b->len &&
	    same_bits(a->addr.b, b->addr.b, a->len);
}

bool
prefix_overlaps(const struct prefix *a, const struct prefix *b)
{
	return a->addr.family == b->addr.family &&
	    same_bits(a->addr.b, b->addr.b, a->len < b->len ? a->len : b->len);
}

void
prefix_netmask(const struct prefix *p, struct addr *m)
{
	unsigned i;

	memset(m, 0, sizeof(*m));
	m->family = p->addr.family;
	for (i = 0; i < p->len; i++)
		m->b[i / 8] |= (uint8_t)(0x80 >> (i % 8));
}

void
addr_add(const struct addr *base, uint64_t n, struct addr *out)
{
	int i = (int)addr_bits(base) / 8 - 1;
	unsigned carry = 0;

	*out = *base;
	for (; i >= 0 && (n != 0 || carry != 0); i--) {
		unsigned v = out->b[i] + (unsigned)(n & 0xff) + carry;

		out->b[i] = (uint8_t)v;
		carry = v >> 8;
		n >>= 8;
	}
}

void
prefix_last(const struct prefix *p, struct addr *out)
{
	unsigned bits = addr_bits(&p->addr), i;

	*out = p->addr;
	for (i = p->len; i < bits; i++)
		out->b[i / 8] |= (uint8_t)(0x80 >> (i % 8));
}

unsigned
prefix_host_bits(const struct prefix *p)
{
	return addr_bits(&p->addr) - p->len;
}

bool
addr_is_unspecified(const struct addr *a)
{
	static const uint8_t zero[16];

	return memcmp(a->b, zero, a->family == AF_V4 ? 4 : 16) == 0;
}

bool
addr_is_loopback(const struct addr *a)
{
	static const uint8_t one[16] = { [15] = 1 };

	if (a->family == AF_V4)
		return a->b[0] == 127;
	return memcmp(a->b, one, 16) == 0;
}

bool
addr_is_multicast(const struct addr *a)
{
	if (a->family == AF_V4)
		return (a->b[0] & 0xf0) == 0xe0;
	return a->b[0] == 0xff;
}
