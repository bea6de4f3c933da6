/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fatname.h - FAT long and short names (fatname.c).
 */
#ifndef STK_FATNAME_H
#define STK_FATNAME_H

#include "internal.h"

/* UTF-8 -> UTF-16 for a FAT long name; NULL if legal, else the reason.
 * *n_units gets the length. */
const char *fatname_from_utf8(const char *name, uint16_t *u16,
			      size_t *n_units);
/* UTF-16 -> UTF-8 (NUL-terminated, at most @size bytes with the NUL). */
size_t fatname_to_utf8(const uint16_t *u16, size_t n, char *out, size_t size);
/* Checksum of an 11-byte short name, stored in each LFN entry. */
uint8_t fatname_checksum(const uint8_t sfn[11]);
/* Upper-case one UTF-16 unit as FAT compares names (ASCII, Latin-1,
 * Greek, Cyrillic; others unchanged). */
uint16_t fatname_upper(uint16_t c);

enum fatname_kind {
	FATNAME_EXACT,		/* a valid 8.3 name: no LFN entries */
	FATNAME_BASIS,		/* LFN needed; basis usable if unique */
	FATNAME_TAIL,		/* LFN needed; basis needs a ~N tail */
};

#define FATNAME_LOWER_BASE	0x08	/* NT case bits, entry byte 12 */
#define FATNAME_LOWER_EXT	0x10

/*
 * Short name (space-padded 8+3 bytes) of a long name, after fatgen103's
 * basis-name algorithm with '_' for characters outside ASCII. For
 * FATNAME_EXACT, *case_bits gets the NT lower-case flags (else 0).
 */
enum fatname_kind fatname_short(const uint16_t *u16, size_t n,
				uint8_t sfn[11], uint8_t *case_bits);
/* Put the numeric tail ~N on a basis name (N >= 1). */
void fatname_tail(const uint8_t basis[11], unsigned n, uint8_t sfn[11]);
/* Short name as UTF-16 ("readme.txt" with case bits), bytes 0x80..0xff
 * read as code page 850; returns the length. */
size_t fatname_short_u16(const uint8_t sfn[11], uint8_t case_bits,
			 uint16_t out[12]);
/* Short name as ASCII text ("README.TXT"; '_' for other bytes). */
void fatname_short_text(const uint8_t sfn[11], uint8_t case_bits,
			char out[13]);

#endif /* STK_FATNAME_H */
