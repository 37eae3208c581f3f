/*
 * What the schema leaves to tunnelgen: inner addresses from a prefix,
 * interface units, the MTU and rc.conf route names.  Everything here must
 * cope with a topology that has errors, because check derives before it
 * validates: whatever cannot be derived is left unset, never guessed.
 */
#include "model/derive.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/arena.h"

/* Interface units live in two name spaces per host: gif and gre. */
#define SLOTS_PER_HOST	2

static size_t
unit_slot(size_t host, enum tun_type type)
{
	return host * SLOTS_PER_HOST + (type == TUN_GRE ? 1 : 0);
}

int
tunnel_inner_family(const struct tunnel *t)
{
	if (t->type == TUN_IPSEC || !t->has_inner)
		return 0;
	if (t->inner_is_map)
		return t->end[0].inner.family;
	return t->inner_prefix.addr.family;
}

bool
tunnel_inner_prefix(const struct tunnel *t, struct prefix *out)
{
	memset(out, 0, sizeof(*out));
	if (t->type == TUN_IPSEC || !t->has_inner)
		return false;
	if (!t->inner_is_map) {
		*out = t->inner_prefix;
		return out->addr.family != 0;
	}
	if (t->end[0].inner.family == 0 ||
	    t->end[0].inner_plen > addr_bits(&t->end[0].inner))
		return false;
	prefix_mask(&t->end[0].inner, t->end[0].inner_plen, out);
	return true;
}

void
prefix_mask(const struct addr *a, unsigned len, struct prefix *out)
{
	unsigned i, bits = addr_bits(a);

	memset(out, 0, sizeof(*out));
	out->addr.family = a->family;
	if (len > bits)
		len = bits;
	out->len = (uint8_t)len;
	for (i = 0; i < bits / 8; i++) {
		if (len >= 8 * (i + 1))
			out->addr.b[i] = a->b[i];
		else if (len > 8 * i)
			out->addr.b[i] = a->b[i] &
			    (uint8_t)(0xff << (8 - (len - 8 * i)));
	}
}

/* Prefix form: /31 and /127 are point-to-point, otherwise skip the network. */
static void
derive_inner(struct tunnel *t)
{
	const struct prefix *p = &t->inner_prefix;
	unsigned hb;

	if (t->type == TUN_IPSEC || !t->has_inner)
		return;
	if (t->inner_is_map) {
		t->inner_len = t->end[0].inner_plen;
		return;
	}
	t->inner_len = p->len;
	if (p->addr.family == 0 || p->len > addr_bits(&p->addr))
		return;
	hb = prefix_host_bits(p);
	if (hb == 0)
		return;		/* a /32 or /128 holds one address */
	if (hb == 1) {
		t->end[0].inner = p->addr;
		addr_add(&p->addr, 1, &t->end[1].inner);
	} else {
		addr_add(&p->addr, 1, &t->end[0].inner);
		addr_add(&p->addr, 2, &t->end[1].inner);
	}
}

struct pin {
	size_t	slot;
	int	unit;
};

static int
pin_cmp(const void *a, const void *b)
{
	const struct pin *x = a, *y = b;

	if (x->slot != y->slot)
		return x->slot < y->slot ? -1 : 1;
	return x->unit < y->unit ? -1 : x->unit > y->unit;
}

static bool
end_is_pinned(const struct topology *top, const struct tunnel *t, int e)
{
	const struct tunnel_end *end = &t->end[e];

	return end->pin_unit >= 0 && end->host < top->nhosts &&
	    (end->pin_type == TUN_GIF || end->pin_type == TUN_GRE);
}

/*
 * Pins first, then the lowest free unit per host and type in file order.
 * Allocation on one host and type only ever moves up, so a cursor that
 * steps over the sorted pins gives every end its unit in O(1) amortized;
 * sorting the pins makes the whole O(n log n).
 */
static void
derive_units(struct topology *top)
{
	size_t nslots = top->nhosts * SLOTS_PER_HOST, npins = 0, i, s;
	struct pin *pins;
	size_t *first, *pos;
	int *cursor;
	int e;

	for (i = 0; i < top->ntunnels; i++)
		for (e = 0; e < 2; e++) {
			top->tunnels[i].end[e].unit = -1;
			if (top->tunnels[i].type != TUN_IPSEC &&
			    end_is_pinned(top, &top->tunnels[i], e))
				npins++;
		}
	if (nslots == 0)
		return;
	pins = xcalloc(npins + 1, sizeof(*pins));
	first = xcalloc(nslots + 1, sizeof(*first));
	pos = xcalloc(nslots, sizeof(*pos));
	cursor = xcalloc(nslots, sizeof(*cursor));
	npins = 0;
	for (i = 0; i < top->ntunnels; i++) {
		struct tunnel *t = &top->tunnels[i];

		if (t->type == TUN_IPSEC)
			continue;
		for (e = 0; e < 2; e++) {
			if (!end_is_pinned(top, t, e))
				continue;
			pins[npins].slot = unit_slot(t->end[e].host,
			    t->end[e].pin_type);
			pins[npins].unit = t->end[e].pin_unit;
			npins++;
			/* A pin of the other type names no unit of this one. */
			if (t->end[e].pin_type == t->type)
				t->end[e].unit = t->end[e].pin_unit;
		}
	}
	qsort(pins, npins, sizeof(*pins), pin_cmp);
	for (i = 0; i < npins; i++)
		first[pins[i].slot + 1]++;
	for (s = 0; s < nslots; s++) {
		first[s + 1] += first[s];
		pos[s] = first[s];
	}
	for (i = 0; i < top->ntunnels; i++) {
		struct tunnel *t = &top->tunnels[i];

		if (t->type == TUN_IPSEC)
			continue;
		for (e = 0; e < 2; e++) {
			size_t p, pe;
			int c;

			if (t->end[e].pin_unit >= 0 ||
			    t->end[e].host >= top->nhosts)
				continue;
			s = unit_slot(t->end[e].host, t->type);
			c = cursor[s];
			p = pos[s];
			pe = first[s + 1];
			for (;;) {
				while (p < pe && pins[p].unit < c)
					p++;
				if (p < pe && pins[p].unit == c &&
				    c <= TG_UNIT_MAX) {
					c++;
					continue;
				}
				break;
			}
			pos[s] = p;
			if (c > TG_UNIT_MAX) {
				cursor[s] = c;
				continue;	/* left at -1: exhausted */
			}
			t->end[e].unit = c;
			cursor[s] = c + 1;
		}
	}
	free(cursor);
	free(pos);
	free(first);
	free(pins);
}

int
mtu_compute(const struct tunnel *t, int outer_family)
{
	const struct ipsec *s = &t->ipsec;
	int p = 1500 - (outer_family == AF_V6 ? 40 : 20);

	if (s->present) {
		bool esp = s->pol->protocol != IPSEC_AH;
		bool ah = s->pol->protocol != IPSEC_ESP;
		int icv = 16;

		if ((unsigned)s->pol->p2.auth < AUTH__COUNT)
			icv = (int)auth_algs[s->pol->p2.auth].icv;
		if (ah) {
			/* 12 + ICV, padded to 4 bytes (IPv4) or 8 (IPv6). */
			int align = outer_family == AF_V6 ? 8 : 4;

			p -= (12 + icv + align - 1) / align * align;
		}
		if (esp) {
			int iv = 16, block = 16;

			if ((unsigned)s->pol->p2.enc < ENC__COUNT) {
				iv = (int)enc_algs[s->pol->p2.enc].iv;
				block = (int)enc_algs[s->pol->p2.enc].block;
			}
			if (block <= 0)
				block = 4;
			if (s->pol->natt != NATT_OFF)
				p -= 8;
			/* payload + padding + 2 fills whole cipher blocks */
			p = (p - 8 - iv - icv) / block * block - 2;
		}
	}
	if (t->type == TUN_GRE)
		p -= 4;
	if (t->type == TUN_GIF && tunnel_inner_family(t) == AF_V6 && p < 1280)
		p = 1280;
	return p;
}

void
derive_topology(struct topology *top)
{
	size_t i;

	for (i = 0; i < top->ntunnels; i++) {
		struct tunnel *t = &top->tunnels[i];
		int fam = AF_V4;

		derive_inner(t);
		if (t->end[0].host < top->nhosts &&
		    top->hosts[t->end[0].host].address.family == AF_V6)
			fam = AF_V6;
		t->eff_mtu = t->mtu > 0 ? t->mtu : mtu_compute(t, fam);
	}
	derive_units(top);
}

void
iface_name(const struct tunnel *t, int end, char buf[16])
{
	if (t->type == TUN_IPSEC || t->end[end].unit < 0) {
		buf[0] = '\0';
		return;
	}
	snprintf(buf, 16, "%s%d", t->type == TUN_GRE ? "gre" : "gif",
	    t->end[end].unit);
}

void
route_name(const struct tunnel *t, size_t i, char *buf, size_t len)
{
	const char *s;
	size_t o = 0;

	if (len == 0)
		return;
	for (s = t->name != NULL ? t->name : ""; *s != '\0' && o + 1 < len; s++)
		buf[o++] = route_name_char(*s);
	buf[o] = '\0';
	if (i > 0)
		snprintf(buf + o, len - o, "_%zu", i + 1);
}
