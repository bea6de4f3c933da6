// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * test-hash.c - the four digests at every padding boundary of their
 * blocks, whole and fed in uneven pieces. The expected digests were made
 * with coreutils' md5sum, sha1sum, sha256sum and sha512sum.
 */
#include "t.h"
#include "internal.h"
#include "hash.h"

static const char PATTERN[] = "abcdefghijklmnopqrstuvwxyz0123456789";

static const struct vec {
	size_t len;
	const char *md5, *sha1, *sha256, *sha512;
} vecs[] = {
	{0,
	 "d41d8cd98f00b204e9800998ecf8427e",
	 "da39a3ee5e6b4b0d3255bfef95601890afd80709",
	 "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
	 "cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e"},
	{1,
	 "0cc175b9c0f1b6a831c399e269772661",
	 "86f7e437faa5a7fce15d1ddcb9eaeaea377667b8",
	 "ca978112ca1bbdcafac231b39a23dc4da786eff8147c4e72b9807785afee48bb",
	 "1f40fc92da241694750979ee6cf582f2d5d7d28e18335de05abc54d0560e0f5302860c652bf08d560252aa5e74210546f369fbbbce8c12cfc7957b2652fe9a75"},
	{55,
	 "a49d85aaac8495cbb53b120f3b987478",
	 "9417250bc0374774aca7eb68c46fb2e973625354",
	 "82a01e3dd9cf63b32f2137747c00d92aeacfcea35dc58b37cf6b01fbcd7b5092",
	 "8376cfecfe97876fa3e54c61cc11812c3fee5af0d9ee869ef5238cf5f060e80eebd92ebe430c4dc23206ba7f6fcec147009527e6ec0a6d1a6076d1628b2e93bf"},
	{56,
	 "0b74570ac5c5b441888f67619534aa88",
	 "f26289a06d084688d78a5afd746377c5697b2283",
	 "24d78d38b3e044ec7100a06261c63a1e94f48928104858fe5576aea695db1e6f",
	 "54846ec21e5e44574b1b1c9a34b9eb9193bac58f74b991809600c32546169ec1a259d30f5fb3e01763138b1cde26dcf65c6518e117c0a63c5742e188dcd4610b"},
	{63,
	 "87d2cdc81ca700a7259acd6bc75abf0b",
	 "895811cf8168d800dfd5eeac937947ef1a71a92a",
	 "b499f29a5bed5082ce023ec3a5e7f7df025e37906d05391cdeea9b6a2d1f1a8e",
	 "6915307724c7ddaf04cc21b3138787d35c4133d1f91d0430451fbc5341e55f0161a62b7e4d5ccf2890615307fb7b26fa25ff0643f6f7a434e3ed9440083fa544"},
	{64,
	 "bbd17cbd1784152cd93cca62dee11b5b",
	 "54396de580466a1e29f03d1131851484a596192a",
	 "9811e1ddf569b14d62a237a466700c99034c0836d098a02b2bd146265489c068",
	 "3ed6149e31d5096b53652b6637a832ef698084c8df391a711de3d7f285d15b9f15b2dff9f018d171fc7dc7c62cda4ac2da435de98a0d6414137d0cacb2702dac"},
	{65,
	 "39da148ae70842bc58abffba06b4dafe",
	 "52702aaee39ca9c001e3c0e8f3a0ab58f39b13a1",
	 "4e43e86934fadc32af139ed8d8dbd9cc1c1e9468ddcc136e0c64669f0b116bd2",
	 "6eff8da1d4ef967a3696d70f901b76a2793d6a1075473f6d4390200b41f0643414e6f6cdfadb7c49126fab143e3cf8557e04da8e92e59a4b1176c06f51b8ce16"},
	{111,
	 "a4612f0066621ad41bd55d91b57c2eec",
	 "5318898803498bac5204c15778ef1baac151caea",
	 "57eef50e35b2da6f8552264db431c647e49f6a238e0949f2cbf69a110c5c0695",
	 "aec95e7fce348da13b28393c90838562a52a351d7dcb519bc4ac8e5d99025fde5d02f747d9ef89dcd0dbc521fa0ec0848695dbcfec68d12c99c7b6cd88c3f35f"},
	{112,
	 "2cd3d60ca8a0958e17d284d0e31df969",
	 "15eefa16e4bf71a06708be6cdb38e50283c54fed",
	 "a1b0c7e61a0c4f55a1d3b625a6f89c80fe4465f7b9e95c614bb8d736e07cfd6f",
	 "497dc09ee5ab72f5dbd547793412b3a7bbf9333fd53eeba799b7bca0c9eb1ad3ff20288daba12080d9adf931c75b7b01bf701ec37c39b84e022490a384f2ec2b"},
	{119,
	 "539c092f3bbaf473ca84216060a5c8a0",
	 "27004477a4803f6653334ad939288a8960b6868e",
	 "b1a702951b2223de0788c49ac9fdfd63cbc653a61e993245b709e8034d7c6366",
	 "9cdd7574a5a44c70bb85a15bb00684911140e1946201d27e6d4ee5dcf4f11cc575a3c26b9654764b6d3a534cc512eba908cc664eba6dbd09fe1bd15ad6c3fba7"},
	{120,
	 "77e1f0b553311c1938aebb2c55638b64",
	 "91d9b0f39f8ea0159f4a6584085e08395b96ce9b",
	 "fb14a9865f771eb9c48c2d045bb57765d12f51d15e29cdb8e7c3d585048933fc",
	 "6d30e21210497492a528d861d90f06f77e6d7157540aa7e0501525e12f87e202a5956dc28c0deb13df5af58b6df8bc615e06f08f0d1f4ba91101760dc9633ed2"},
	{127,
	 "d1d14fd9a9c26867e5d11b1b9c0021d5",
	 "12fc49067e629006aab47badadc67cde768dc8fc",
	 "47ee6b92e0175b943cfc9f00fcb161349d889c3f5ec68c21949119ad038182cb",
	 "1d5b3c8b271d603ca01fb4dab9cdff243ae13e6645e61845b5d46d843f7d0324dc0e66264dba6fea2341af786ac82334d5e6c88ed3f199f8bcac16c472f03ab2"},
	{128,
	 "bde3bb14a0590a2eba7a42d63c961e88",
	 "33a45ca3bec3ea6c3582f27fab63a941de4e4943",
	 "3c72b2c0505cf2b81c8743192935976a7906b5a123b5b0cdf3c5d66d7fef4c64",
	 "894cc2294ec1bd8a4e5aa7e13f2035194d5a099cb06183ab662f6d177ee294741ea188c98991826c4cdb4de78f0835faa4ecdc5d4878b247fe7dd2e0237fb428"},
	{129,
	 "f5e2adb1344166f97c0f327c4bf883a1",
	 "a520b3f6cd3740d5f8b991076e50f30271e91cf4",
	 "693da505a0473a72eca010a39bce6a31fe36081371e5e337e07d8e4058c758bc",
	 "79bb75ba391811df3bfac77493b0d607ec89d389fb099fad24fbaf8a6e33e8df92c5c4fd8de508475a789323aa80b9ff7fab6effb83bdc1416dce0022deacab5"},
	{1000,
	 "cbb740db2e037b522683a8a417f763d5",
	 "34f19fb635f34f7bf0ad57d283a9551f541fd2b2",
	 "d03dc78fef60ae9071b347800b6c56e9641df227461009fb6929be60a5775958",
	 "a3c7751c48f72e559fc81520edc80e68116dd4c7b01c9ccf9c936c594da15a039e514b9109550fb7cab3a8ada8b365bec9432e55d19061f0295ab12a3a0a332d"},
};

/* The first @len bytes of PATTERN repeated. */
static void fill(uint8_t *buf, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		buf[i] = (uint8_t)PATTERN[i % (sizeof(PATTERN) - 1)];
}

/* @buf through @algo, in pieces of @piece bytes (0: in one go). */
static void digest(enum stk_hash_algo algo, const uint8_t *buf, size_t len,
		   size_t piece, char *hex)
{
	struct hash h;
	size_t at, n;

	hash_init(&h, algo);
	for (at = 0; at < len; at += n) {
		n = piece && len - at > piece ? piece : len - at;
		hash_update(&h, buf + at, n);
	}
	hash_final_hex(&h, hex);
}

static void check(size_t piece)
{
	static const enum stk_hash_algo algos[] = {
		STK_HASH_MD5, STK_HASH_SHA1, STK_HASH_SHA256, STK_HASH_SHA512};
	uint8_t buf[1000];
	char hex[2 * SHA512_BYTES + 1];
	size_t i, a;

	for (i = 0; i < sizeof(vecs) / sizeof(vecs[0]); i++) {
		const char *want[] = {vecs[i].md5, vecs[i].sha1,
				      vecs[i].sha256, vecs[i].sha512};

		fill(buf, vecs[i].len);
		for (a = 0; a < 4; a++) {
			digest(algos[a], buf, vecs[i].len, piece, hex);
			if (strcmp(hex, want[a]))
				printf("#   %s of %zu bytes, pieces of %zu\n",
				       stk_hash_name(algos[a]), vecs[i].len,
				       piece);
			T_EQ_STR(hex, want[a]);
		}
	}
}

static void whole_messages(void)
{
	check(0);
}

static void messages_in_uneven_pieces(void)
{
	check(7);
	check(61);
	check(130);
}

T_MAIN(T_CASE(whole_messages), T_CASE(messages_in_uneven_pieces))
