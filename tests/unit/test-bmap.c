// SPDX-License-Identifier: GPL-3.0-or-later
/* test-bmap.c - the bmap parser on hand-written XML, good and bad. */
#include <stdio.h>
#include <stdlib.h>

#include "t.h"
#include "bmap.h"
#include "digest.h"

#define SUM64 "3d904a2311309560f0a9913fc2b132cf2ca9ffb2e9fece7f5c32f6d3f0215f3c"

static const char good[] =
	"<?xml version=\"1.0\" ?>\n"
	"<!-- a comment naming <BlockMap> and <Range> -->\n"
	"<bmap version=\"2.0\">\n"
	"  <ImageSize> 10000 </ImageSize>\n"
	"  <BlockSize> 4096 </BlockSize>\n"
	"  <BlocksCount> 3 </BlocksCount>\n"
	"  <MappedBlocksCount> 2 </MappedBlocksCount>\n"
	"  <ChecksumType> sha256 </ChecksumType>\n"
	"  <BlockMap>\n"
	"    <Range chksum=\"" SUM64 "\"> 0 </Range>\n"
	"    <Range chksum='" SUM64 "'>2-2</Range>\n"
	"  </BlockMap>\n"
	"</bmap>\n";

static int parse(const char *text, struct bmap *b, const char **why)
{
	return bmap_parse(text, strlen(text), b, why);
}

static void reads_a_good_one(void)
{
	struct bmap b;
	const char *why;

	T_EQ_INT(parse(good, &b, &why), 0);
	T_EQ_U64(b.image_bytes, 10000);
	T_EQ_U64(b.block_bytes, 4096);
	T_EQ_INT(b.csum, BMAP_CSUM_SHA256);
	T_EQ_INT(b.n, 2);
	T_EQ_U64(b.range[1].first, 2);
	T_EQ_U64(b.range[1].last, 2);
	T_EQ_INT(b.range[0].sum[0], 0x3d);
	T_EQ_INT(b.range[0].sum[31], 0x3c);
	bmap_free(&b);
}

/* Replace the first @from in good[] by @to and expect @why_part. */
static void refuse(const char *from, const char *to, const char *why_part)
{
	char text[2048];
	const char *at = strstr(good, from), *why = NULL;
	struct bmap b;
	int rc;

	if (!at) {
		T_OK(at != NULL);
		return;
	}
	snprintf(text, sizeof(text), "%.*s%s%s", (int)(at - good), good, to,
		 at + strlen(from));
	rc = parse(text, &b, &why);
	T_EQ_INT(rc, -EINVAL);
	T_OK(why && strstr(why, why_part));
	if (why && !strstr(why, why_part))
		printf("# got: %s\n", why);
	bmap_free(&b);
}

static void refuses_what_does_not_add_up(void)
{
	refuse("<BlocksCount> 3", "<BlocksCount> 4", "block count");
	refuse("<MappedBlocksCount> 2", "<MappedBlocksCount> 3",
	       "mapped block count");
	refuse("2-2</Range>", "3</Range>", "past the image");
	refuse("2-2</Range>", "0-1</Range>", "overlap");
	refuse("2-2</Range>", "2-1</Range>", "first-last");
	refuse("version=\"2.0\"", "version=\"3.1\"", "not 1.x or 2.x");
	refuse("<BlockSize> 4096", "<BlockSize> 4095", "power of two");
	refuse("sha256 </Checksum", "crc32 </Checksum", "checksum type");
	refuse(SUM64 "\"", "abc\"", "hex digits");
	refuse("</bmap>", "", "not closed");
	refuse("<ImageSize> 10000", "<ImageSize> 1e4", "decimal");
	refuse("<ImageSize> 10000 </ImageSize>", "", "missing");
	refuse("</bmap>", "</bmap><bmap>", "more after");
}

static void format_1_uses_sha1(void)
{
	static const char v1[] =
		"<bmap version=\"1.4\"><ImageSize>4096</ImageSize>"
		"<BlockSize>4096</BlockSize><BlocksCount>1</BlocksCount>"
		"<MappedBlocksCount>1</MappedBlocksCount><BlockMap>"
		"<Range sha1=\"a9993e364706816aba3e25717850c26c9cd0d89d\">0"
		"</Range></BlockMap></bmap>";
	struct bmap b;
	const char *why;

	T_EQ_INT(parse(v1, &b, &why), 0);
	T_EQ_INT(b.csum, BMAP_CSUM_SHA1);
	T_OK(b.range[0].has_sum);
	bmap_free(&b);
}

/* FIPS 180 / RFC 1321 test vectors for "abc". */
static void digests_of_abc(void)
{
	static const uint8_t sha1[20] = {
		0xa9, 0x99, 0x3e, 0x36, 0x47, 0x06, 0x81, 0x6a, 0xba, 0x3e,
		0x25, 0x71, 0x78, 0x50, 0xc2, 0x6c, 0x9c, 0xd0, 0xd8, 0x9d};
	static const uint8_t md5[16] = {
		0x90, 0x01, 0x50, 0x98, 0x3c, 0xd2, 0x4f, 0xb0,
		0xd6, 0x96, 0x3f, 0x7d, 0x28, 0xe1, 0x7f, 0x72};
	struct digest *d = digest_new(BMAP_CSUM_SHA1);
	uint8_t out[32];

	T_OK(d != NULL);
	if (!d)
		return;
	digest_update(d, "ab", 2);
	digest_update(d, "c", 1);
	digest_final(d, out);
	T_OK(!memcmp(out, sha1, 20));
	digest_free(d);
	d = digest_new(BMAP_CSUM_MD5);
	digest_update(d, "abc", 3);
	digest_final(d, out);
	T_OK(!memcmp(out, md5, 16));
	digest_free(d);
}

T_MAIN(
	T_CASE(reads_a_good_one),
	T_CASE(refuses_what_does_not_add_up),
	T_CASE(format_1_uses_sha1),
	T_CASE(digests_of_abc),
)
