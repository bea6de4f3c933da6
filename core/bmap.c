// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * bmap.c - bmaptool's block map XML read from untrusted bytes: a small
 * scanner for the markup it uses (elements, attributes, comments, the
 * XML declaration) and the checks that its numbers agree.
 *
 * Format facts (bmap-tools' docs and files it writes): the root <bmap
 * version="M.m"> holds <ImageSize>, <BlockSize>, <BlocksCount>,
 * <MappedBlocksCount>, in 2.x <ChecksumType> and <BmapFileChecksum>, in
 * 1.4 <BmapFileSHA1>, and <BlockMap> with <Range chksum="hex"> (1.x:
 * sha1="hex") whose text is "first-last" or "block", in blocks.
 */
#include <stdlib.h>

#include "bmap.h"

size_t bmap_csum_bytes(enum bmap_csum c)
{
	switch (c) {
	case BMAP_CSUM_MD5:
		return 16;
	case BMAP_CSUM_SHA1:
		return 20;
	case BMAP_CSUM_SHA256:
		return 32;
	case BMAP_CSUM_NONE:
		break;
	}
	return 0;
}

const char *bmap_csum_name(enum bmap_csum c)
{
	switch (c) {
	case BMAP_CSUM_MD5:
		return "md5";
	case BMAP_CSUM_SHA1:
		return "sha1";
	case BMAP_CSUM_SHA256:
		return "sha256";
	case BMAP_CSUM_NONE:
		break;
	}
	return "none";
}

void bmap_free(struct bmap *b)
{
	if (!b)
		return;
	free(b->range);
	b->range = NULL;
	b->n = 0;
}

/* ---- the scanner -------------------------------------------------------- */

struct scan {
	const char *s;
	size_t len;
	size_t pos;
	const char *why;
};

struct tag {
	const char *name;
	size_t name_len;
	const char *attrs;
	size_t attrs_len;
	bool closing; /* </name> */
	bool empty;   /* <name/> */
};

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static bool is_name(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '_' || c == '-' || c == ':' ||
	       c == '.';
}

/* Index of @pat at or after @from, or len. */
static size_t find(const struct scan *sc, size_t from, const char *pat)
{
	size_t n = strlen(pat), i;

	for (i = from; i + n <= sc->len; i++)
		if (!memcmp(sc->s + i, pat, n))
			return i;
	return sc->len;
}

static int fail(struct scan *sc, const char *why)
{
	if (!sc->why)
		sc->why = why;
	return -EINVAL;
}

/*
 * The next element tag from sc->pos; comments, declarations and
 * whitespace are passed over, any other text is an error here.
 * Returns 1 at the end of the input.
 */
static int next_tag(struct scan *sc, struct tag *t)
{
	size_t i, e;

	for (;;) {
		while (sc->pos < sc->len && is_space(sc->s[sc->pos]))
			sc->pos++;
		if (sc->pos >= sc->len)
			return 1;
		if (sc->s[sc->pos] != '<')
			return fail(sc, "text where an element was expected");
		if (sc->len - sc->pos >= 4 &&
		    !memcmp(sc->s + sc->pos, "<!--", 4)) {
			e = find(sc, sc->pos + 4, "-->");
			if (e == sc->len)
				return fail(sc, "a comment is not closed");
			sc->pos = e + 3;
			continue;
		}
		if (sc->len - sc->pos >= 2 &&
		    (sc->s[sc->pos + 1] == '?' || sc->s[sc->pos + 1] == '!')) {
			e = find(sc, sc->pos + 2, ">");
			if (e == sc->len)
				return fail(sc, "a declaration is not closed");
			sc->pos = e + 1;
			continue;
		}
		break;
	}
	memset(t, 0, sizeof(*t));
	i = sc->pos + 1;
	if (i < sc->len && sc->s[i] == '/') {
		t->closing = true;
		i++;
	}
	t->name = sc->s + i;
	while (i < sc->len && is_name(sc->s[i]))
		i++;
	t->name_len = (size_t)(sc->s + i - t->name);
	if (!t->name_len)
		return fail(sc, "an element has no name");
	e = find(sc, i, ">");
	if (e == sc->len)
		return fail(sc, "an element tag is not closed");
	t->attrs = sc->s + i;
	t->attrs_len = e - i;
	if (t->attrs_len && t->attrs[t->attrs_len - 1] == '/') {
		t->empty = true;
		t->attrs_len--;
	}
	if (t->closing && t->empty)
		return fail(sc, "a closing tag ends in '/>'");
	sc->pos = e + 1;
	return 0;
}

static bool tag_is(const struct tag *t, const char *name)
{
	return t->name_len == strlen(name) &&
	       !memcmp(t->name, name, t->name_len);
}

/* The value of attribute @name in @t, quoted "..." or '...'; false if none. */
static bool attr(const struct tag *t, const char *name, const char **val,
		 size_t *len)
{
	size_t n = strlen(name), i = 0;

	while (i < t->attrs_len) {
		const char *a = t->attrs;
		size_t start, q;

		while (i < t->attrs_len && is_space(a[i]))
			i++;
		start = i;
		while (i < t->attrs_len && is_name(a[i]))
			i++;
		q = i;
		while (i < t->attrs_len && is_space(a[i]))
			i++;
		if (i >= t->attrs_len || a[i] != '=')
			return false;
		i++;
		while (i < t->attrs_len && is_space(a[i]))
			i++;
		if (i >= t->attrs_len || (a[i] != '"' && a[i] != '\''))
			return false;
		{
			char quote = a[i++];
			size_t v = i;

			while (i < t->attrs_len && a[i] != quote)
				i++;
			if (i >= t->attrs_len)
				return false;
			if (q - start == n && !memcmp(a + start, name, n)) {
				*val = a + v;
				*len = i - v;
				return true;
			}
			i++;
		}
	}
	return false;
}

/* The text of a leaf element up to its closing tag, trimmed. */
static int leaf_text(struct scan *sc, const struct tag *open, const char **txt,
		     size_t *len)
{
	size_t start = sc->pos, e;
	struct tag close;
	int rc;

	if (open->empty) {
		*txt = sc->s + start;
		*len = 0;
		return 0;
	}
	e = find(sc, start, "<");
	if (e == sc->len)
		return fail(sc, "an element is not closed");
	sc->pos = e;
	rc = next_tag(sc, &close);
	if (rc)
		return rc < 0 ? rc : fail(sc, "an element is not closed");
	if (!close.closing || close.name_len != open->name_len ||
	    memcmp(close.name, open->name, open->name_len))
		return fail(
			sc,
			"an element holds other elements where a value was expected");
	while (start < e && is_space(sc->s[start]))
		start++;
	while (e > start && is_space(sc->s[e - 1]))
		e--;
	*txt = sc->s + start;
	*len = e - start;
	return 0;
}

/* Past an element this parser does not use, children and all. */
static int skip_element(struct scan *sc, const struct tag *open)
{
	int depth = 1, rc;
	struct tag t;

	if (open->empty)
		return 0;
	while (depth) {
		size_t e = find(sc, sc->pos, "<");

		if (e == sc->len)
			return fail(sc, "an element is not closed");
		sc->pos = e;
		rc = next_tag(sc, &t);
		if (rc)
			return rc < 0 ? rc
				      : fail(sc, "an element is not closed");
		if (t.closing)
			depth--;
		else if (!t.empty)
			depth++;
		if (depth > 64)
			return fail(sc, "elements nest too deep");
	}
	return 0;
}

/* ---- values ---------------------------------------------------------------
 */

static bool parse_u64(const char *s, size_t len, uint64_t *out)
{
	uint64_t v = 0;
	size_t i;

	if (!len || len > 20)
		return false;
	for (i = 0; i < len; i++) {
		unsigned d = (unsigned)(s[i] - '0');

		if (d > 9 || v > (UINT64_MAX - d) / 10)
			return false;
		v = v * 10 + d;
	}
	*out = v;
	return true;
}

static bool parse_hex(const char *s, size_t len, uint8_t *out, size_t bytes)
{
	size_t i;

	while (len && is_space(*s)) {
		s++;
		len--;
	}
	while (len && is_space(s[len - 1]))
		len--;
	if (len != 2 * bytes)
		return false;
	for (i = 0; i < len; i++) {
		char c = s[i];
		unsigned v;

		if (c >= '0' && c <= '9')
			v = (unsigned)(c - '0');
		else if (c >= 'a' && c <= 'f')
			v = (unsigned)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			v = (unsigned)(c - 'A' + 10);
		else
			return false;
		if (i % 2)
			out[i / 2] |= (uint8_t)v;
		else
			out[i / 2] = (uint8_t)(v << 4);
	}
	return true;
}

/* "12", "12-40", spaces around the dash allowed. */
static bool parse_range(const char *s, size_t len, uint64_t *first,
			uint64_t *last)
{
	size_t dash = 0, a_end, b;

	while (dash < len && s[dash] != '-')
		dash++;
	a_end = dash;
	while (a_end && is_space(s[a_end - 1]))
		a_end--;
	if (!parse_u64(s, a_end, first))
		return false;
	if (dash == len) {
		*last = *first;
		return true;
	}
	b = dash + 1;
	while (b < len && is_space(s[b]))
		b++;
	return parse_u64(s + b, len - b, last);
}

static bool parse_version(const char *s, size_t len, unsigned *major,
			  unsigned *minor)
{
	uint64_t a, b;
	size_t dot = 0;

	while (dot < len && s[dot] != '.')
		dot++;
	if (dot == len || !parse_u64(s, dot, &a) ||
	    !parse_u64(s + dot + 1, len - dot - 1, &b) || a > 99 || b > 99)
		return false;
	*major = (unsigned)a;
	*minor = (unsigned)b;
	return true;
}

/* ---- the document ----------------------------------------------------------
 */

struct seen {
	bool image, block, blocks, mapped, csum;
	const char *self;
	size_t self_len;
	size_t self_at;
};

static int add_range(struct bmap *b, size_t *cap, const struct bmap_range *r)
{
	if (b->n == *cap) {
		size_t c = *cap ? 2 * *cap : 64;
		struct bmap_range *p = realloc(b->range, c * sizeof(*p));

		if (!p)
			return -ENOMEM;
		b->range = p;
		*cap = c;
	}
	b->range[b->n++] = *r;
	return 0;
}

static int block_map(struct scan *sc, struct bmap *b)
{
	size_t cap = 0;
	struct tag t;
	int rc;

	for (;;) {
		struct bmap_range r = {0};
		const char *v, *txt;
		size_t vlen, tlen;

		rc = next_tag(sc, &t);
		if (rc)
			return rc < 0 ? rc
				      : fail(sc, "<BlockMap> is not closed");
		if (t.closing) {
			if (!tag_is(&t, "BlockMap"))
				return fail(sc, "<BlockMap> is closed wrongly");
			return 0;
		}
		if (!tag_is(&t, "Range")) {
			rc = skip_element(sc, &t);
			if (rc)
				return rc;
			continue;
		}
		if (attr(&t, "chksum", &v, &vlen) ||
		    attr(&t, "sha1", &v, &vlen)) {
			r.has_sum = true;
			if (b->major == 1 && b->csum == BMAP_CSUM_NONE)
				b->csum = BMAP_CSUM_SHA1;
			if (!bmap_csum_bytes(b->csum) ||
			    !parse_hex(v, vlen, r.sum,
				       bmap_csum_bytes(b->csum)))
				return fail(
					sc,
					"a range's checksum is not hex digits of the checksum type's length");
		}
		rc = leaf_text(sc, &t, &txt, &tlen);
		if (rc)
			return rc;
		if (!parse_range(txt, tlen, &r.first, &r.last) ||
		    r.last < r.first)
			return fail(sc,
				    "a range is not 'first-last' in blocks");
		if (b->n && r.first <= b->range[b->n - 1].last)
			return fail(sc, "ranges overlap or are out of order");
		if (add_range(b, &cap, &r))
			return -ENOMEM;
	}
}

static int leaf(struct scan *sc, const struct tag *t, struct bmap *b,
		struct seen *s)
{
	static const struct {
		const char *name;
		size_t off;
		size_t seen;
	} nums[] = {
		{"ImageSize", offsetof(struct bmap, image_bytes),
		 offsetof(struct seen, image)},
		{"BlockSize", offsetof(struct bmap, block_bytes),
		 offsetof(struct seen, block)},
		{"BlocksCount", offsetof(struct bmap, blocks),
		 offsetof(struct seen, blocks)},
		{"MappedBlocksCount", offsetof(struct bmap, mapped_blocks),
		 offsetof(struct seen, mapped)},
	};
	const char *txt;
	size_t len, i;
	int rc;

	rc = leaf_text(sc, t, &txt, &len);
	if (rc)
		return rc;
	for (i = 0; i < sizeof(nums) / sizeof(nums[0]); i++) {
		bool *flag = (bool *)((char *)s + nums[i].seen);

		if (!tag_is(t, nums[i].name))
			continue;
		if (*flag)
			return fail(sc, "a size element appears twice");
		*flag = true;
		if (!parse_u64(txt, len, (uint64_t *)((char *)b + nums[i].off)))
			return fail(sc, "a size is not a decimal number");
		return 0;
	}
	if (tag_is(t, "ChecksumType")) {
		if (len == 6 && !memcmp(txt, "sha256", 6))
			b->csum = BMAP_CSUM_SHA256;
		else if (len == 4 && !memcmp(txt, "sha1", 4))
			b->csum = BMAP_CSUM_SHA1;
		else if (len == 3 && !memcmp(txt, "md5", 3))
			b->csum = BMAP_CSUM_MD5;
		else
			return fail(
				sc,
				"the checksum type is not sha256, sha1 or md5");
		s->csum = true;
	} else if (tag_is(t, "BmapFileChecksum") || tag_is(t, "BmapFileSHA1")) {
		s->self = txt;
		s->self_len = len;
		s->self_at = (size_t)(txt - sc->s);
	}
	return 0;
}

/* The numbers must agree with each other and with the ranges. */
static int check(struct scan *sc, struct bmap *b, const struct seen *s)
{
	uint64_t mapped = 0;
	size_t i;

	if (!s->image || !s->block || !s->blocks || !s->mapped)
		return fail(
			sc,
			"ImageSize, BlockSize, BlocksCount or MappedBlocksCount is missing");
	if (b->block_bytes < 512 || b->block_bytes > 64ull * STK_MIB ||
	    (b->block_bytes & (b->block_bytes - 1)))
		return fail(
			sc,
			"the block size is not a power of two from 512 bytes to 64 MiB");
	if (b->blocks != b->image_bytes / b->block_bytes +
				 !!(b->image_bytes % b->block_bytes))
		return fail(sc,
			    "the block count does not match the image size");
	if (b->major >= 2 && !s->csum)
		return fail(sc, "a format 2 bmap names no checksum type");
	for (i = 0; i < b->n; i++) {
		if (b->range[i].last >= b->blocks)
			return fail(sc, "a range ends past the image");
		if (b->major >= 2 && !b->range[i].has_sum)
			return fail(sc, "a range has no checksum");
		mapped += b->range[i].last - b->range[i].first + 1;
	}
	if (mapped != b->mapped_blocks)
		return fail(sc,
			    "the mapped block count does not match the ranges");
	if (s->self) {
		if (b->major == 1 && b->csum == BMAP_CSUM_NONE)
			b->csum = BMAP_CSUM_SHA1; /* <BmapFileSHA1> */
		if (!bmap_csum_bytes(b->csum) ||
		    !parse_hex(s->self, s->self_len, b->self_sum,
			       bmap_csum_bytes(b->csum)))
			return fail(
				sc,
				"the bmap's own checksum is not hex digits of the checksum type's length");
		b->has_self = true;
		b->self_off = s->self_at;
		b->self_len = s->self_len;
	}
	return 0;
}

int bmap_parse(const char *text, size_t len, struct bmap *out, const char **why)
{
	struct scan sc = {.s = text, .len = len};
	struct seen seen = {0};
	const char *v;
	size_t vlen;
	struct tag t;
	int rc;

	memset(out, 0, sizeof(*out));
	*why = NULL;
	if (len > BMAP_MAX_BYTES) {
		*why = "it is larger than 64 MiB";
		return -EINVAL;
	}
	/* 1. The root element and its version. */
	rc = next_tag(&sc, &t);
	if (rc > 0 || (!rc && (t.closing || !tag_is(&t, "bmap"))))
		rc = fail(&sc, "it does not start with a <bmap> element");
	if (!rc && (!attr(&t, "version", &v, &vlen) ||
		    !parse_version(v, vlen, &out->major, &out->minor)))
		rc = fail(&sc, "<bmap> has no version=\"M.m\"");
	if (!rc && (out->major < 1 || out->major > 2))
		rc = fail(&sc, "its format version is not 1.x or 2.x");
	if (!rc && out->major == 1)
		out->csum = BMAP_CSUM_NONE; /* SHA-1 where ranges carry it */

	/* 2. Its children: sizes, checksum type, the block map. */
	while (!rc) {
		rc = next_tag(&sc, &t);
		if (rc > 0) {
			rc = fail(&sc, "<bmap> is not closed");
			break;
		}
		if (rc)
			break;
		if (t.closing) {
			if (!tag_is(&t, "bmap"))
				rc = fail(&sc, "<bmap> is closed wrongly");
			break;
		}
		if (tag_is(&t, "BlockMap")) {
			if (!out->major || (out->major >= 2 && !seen.csum))
				rc = fail(
					&sc,
					"<ChecksumType> must come before <BlockMap>");
			else if (!t.empty)
				rc = block_map(&sc, out);
		} else if (t.empty) {
			continue;
		} else {
			rc = leaf(&sc, &t, out, &seen);
		}
	}
	if (!rc && next_tag(&sc, &t) != 1)
		rc = fail(&sc, "there is more after </bmap>");

	/* 3. The numbers agree. */
	if (!rc)
		rc = check(&sc, out, &seen);
	if (rc == -EINVAL)
		*why = sc.why;
	if (rc == -ENOMEM)
		*why = "out of memory";
	return rc;
}
