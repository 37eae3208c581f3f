/* Address parsing, RFC 5952 printing and prefix arithmetic. */
#include "model/addr.h"

#include <string.h>

#include "tests/tap.h"

static const char *
fmt(const char *in)
{
	static char buf[ADDR_STRLEN];
	struct addr a;

	if (!addr_parse(in, strlen(in), &a))
		return "(invalid)";
	return addr_format(&a, buf);
}

static struct prefix
pfx(const char *s)
{
	struct prefix p;

	memset(&p, 0, sizeof(p));
	(void)prefix_parse(s, strlen(s), true, &p);
	return p;
}

int
main(void)
{
	struct addr a, m;
	struct prefix p, q;
	char buf[PREFIX_STRLEN];

	/* IPv4 literals */
	is_str(fmt("192.0.2.1"), "192.0.2.1", "plain IPv4");
	is_str(fmt("192.0.2.01"), "(invalid)", "leading zero rejected");
	is_str(fmt("256.0.0.1"), "(invalid)", "octet over 255 rejected");
	is_str(fmt("1.2.3"), "(invalid)", "three parts rejected");
	is_str(fmt("1.2.3.4.5"), "(invalid)", "five parts rejected");
	is_str(fmt(""), "(invalid)", "empty rejected");

	/* IPv6 literals and RFC 5952 */
	is_str(fmt("2001:DB8:0:0:0:0:0:1"), "2001:db8::1", "lower case, compressed");
	is_str(fmt("2001:db8:0:1:1:1:1:1"), "2001:db8:0:1:1:1:1:1",
	    "a lone zero field is not compressed");
	is_str(fmt("2001:0:0:1:0:0:0:1"), "2001:0:0:1::1",
	    "the longest zero run is compressed");
	is_str(fmt("2001:db8:0:0:1:0:0:1"), "2001:db8::1:0:0:1",
	    "the first of equal runs is compressed");
	is_str(fmt("::"), "::", "unspecified");
	is_str(fmt("::1"), "::1", "loopback");
	is_str(fmt("fe80::"), "fe80::", "trailing run");
	is_str(fmt("::ffff:192.0.2.1"), "::ffff:c000:201", "embedded IPv4 parsed");
	is_str(fmt("1:2:3:4:5:6:7:8:9"), "(invalid)", "nine fields rejected");
	is_str(fmt("1::2::3"), "(invalid)", "two gaps rejected");
	is_str(fmt("12345::1"), "(invalid)", "five hex digits rejected");
	is_str(fmt(":1:2"), "(invalid)", "single leading colon rejected");
	is_str(fmt("1:2:"), "(invalid)", "single trailing colon rejected");
	is_str(fmt("fe80::1%em0"), "(invalid)", "zones rejected");

	/* prefixes */
	ok(prefix_parse("10.0.0.0/30", 11, true, &p) == PREFIX_OK, "prefix ok");
	ok(prefix_parse("10.0.0.1/30", 11, true, &p) == PREFIX_HOSTBITS,
	    "host bits reported");
	ok(prefix_parse("10.0.0.0/33", 11, true, &p) == PREFIX_SYNTAX,
	    "length past 32 rejected");
	ok(prefix_parse("10.0.0.0/030", 12, true, &p) == PREFIX_SYNTAX,
	    "length with leading zero rejected");
	ok(prefix_parse("10.0.0.0", 8, true, &p) == PREFIX_SYNTAX,
	    "missing length rejected when required");
	ok(prefix_parse("10.0.0.0", 8, false, &p) == PREFIX_OK && p.len == 32,
	    "bare address is a /32 when allowed");
	ok(prefix_parse("2001:db8::/32", 13, true, &p) == PREFIX_OK &&
	    p.len == 32, "IPv6 prefix");
	is_str(prefix_format(&p, buf), "2001:db8::/32", "prefix printed");

	p = pfx("10.0.0.0/8");
	q = pfx("10.1.0.0/16");
	ok(prefix_overlaps(&p, &q) && prefix_covers(&p, &q) &&
	    !prefix_covers(&q, &p), "covers and overlaps");
	q = pfx("11.0.0.0/8");
	ok(!prefix_overlaps(&p, &q), "disjoint /8s");
	q = pfx("2001:db8::/32");
	ok(!prefix_overlaps(&p, &q), "families never overlap");
	p = pfx("192.168.1.0/24");
	addr_parse("192.168.1.77", 12, &a);
	ok(prefix_contains(&p, &a), "contains");
	addr_parse("192.168.2.1", 11, &a);
	ok(!prefix_contains(&p, &a), "does not contain");

	p = pfx("10.0.0.0/30");
	prefix_netmask(&p, &m);
	is_str(addr_format(&m, buf), "255.255.255.252", "netmask /30");
	prefix_last(&p, &a);
	is_str(addr_format(&a, buf), "10.0.0.3", "broadcast /30");
	addr_add(&p.addr, 2, &a);
	is_str(addr_format(&a, buf), "10.0.0.2", "network + 2");
	p = pfx("10.0.0.0/24");
	addr_add(&p.addr, 0x1ff, &a);
	is_str(addr_format(&a, buf), "10.0.1.255", "carry across octets");
	p = pfx("2001:db8::/64");
	addr_add(&p.addr, 1, &a);
	is_str(addr_format(&a, buf), "2001:db8::1", "IPv6 network + 1");

	addr_parse("224.0.0.5", 9, &a);
	ok(addr_is_multicast(&a), "IPv4 multicast");
	addr_parse("ff02::1", 7, &a);
	ok(addr_is_multicast(&a), "IPv6 multicast");
	addr_parse("127.0.0.2", 9, &a);
	ok(addr_is_loopback(&a), "IPv4 loopback /8");
	addr_parse("0.0.0.0", 7, &a);
	ok(addr_is_unspecified(&a), "IPv4 unspecified");
	addr_parse("::", 2, &a);
	ok(addr_is_unspecified(&a), "IPv6 unspecified");
	return tap_done();
}
