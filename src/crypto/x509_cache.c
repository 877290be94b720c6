/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The certificate cache of the OpenSSL backend (cspdm/cspdm.h says what it is for): parsed
 * certificates by the SHA-256 of their DER, each with the SHA-256 of the issuers whose signature
 * on it has been verified. A hash table over an LRU list, both under one mutex; entries hold a
 * reference on their X509, and a lookup hands out one more, so that an entry evicted meanwhile
 * by another thread never frees a certificate in use.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/x509.h>

#include "crypto/openssl_priv.h"

#define DEFAULT_ENTRIES 1024
#define MAX_ISSUERS	4 /* verified issuers kept per certificate */

struct cache_entry {
	uint8_t digest[CSPDM_X509_DIGEST_SIZE];
	X509 *x;
	uint8_t issuer[MAX_ISSUERS][CSPDM_X509_DIGEST_SIZE];
	unsigned issuers;		 /* how many of issuer[] are set */
	unsigned next_issuer;		 /* the slot the next one replaces when all are set */
	struct cache_entry *prev, *next; /* LRU list, most recent first */
	struct cache_entry *bucket_next; /* hash chain */
};

struct cspdm_x509_cache {
	pthread_mutex_t lock;
	EVP_MD *sha256;
	size_t max, count, nbuckets;
	struct cache_entry **buckets;
	struct cache_entry *head, *tail;
	struct cspdm_x509_cache_stats stats;
};

static size_t bucket_of(const struct cspdm_x509_cache *c, const uint8_t *digest)
{
	size_t h;

	memcpy(&h, digest, sizeof(h)); /* SHA-256 bytes: already uniform */
	return h & (c->nbuckets - 1);
}

cspdm_status cspdm_x509_cache_new(struct cspdm_x509_cache **out, size_t max_entries)
{
	struct cspdm_x509_cache *c;
	cspdm_status st;

	if (!out)
		return CSPDM_E_INVALID_ARG;
	*out = NULL;
	c = calloc(1, sizeof(*c));
	if (!c)
		return CSPDM_E_BUFFER_TOO_SMALL;
	c->max = max_entries ? max_entries : DEFAULT_ENTRIES;
	for (c->nbuckets = 16; c->nbuckets < c->max && c->nbuckets < ((size_t)1 << 20);)
		c->nbuckets <<= 1;
	c->buckets = calloc(c->nbuckets, sizeof(struct cache_entry *));
	c->sha256 = EVP_MD_fetch(NULL, "SHA2-256", NULL);
	if (!c->buckets || !c->sha256 || pthread_mutex_init(&c->lock, NULL) != 0) {
		st = c->sha256 ? CSPDM_E_BUFFER_TOO_SMALL : CSPDM_E_CRYPTO;
		EVP_MD_free(c->sha256);
		free(c->buckets);
		free(c);
		ERR_clear_error();
		return st;
	}
	*out = c;
	return CSPDM_OK;
}

void cspdm_x509_cache_free(struct cspdm_x509_cache *c)
{
	struct cache_entry *e, *next;

	if (!c)
		return;
	for (e = c->head; e; e = next) {
		next = e->next;
		X509_free(e->x);
		free(e);
	}
	pthread_mutex_destroy(&c->lock);
	EVP_MD_free(c->sha256);
	free(c->buckets);
	free(c);
}

void cspdm_x509_cache_get_stats(struct cspdm_x509_cache *c, struct cspdm_x509_cache_stats *s)
{
	if (!s)
		return;
	memset(s, 0, sizeof(*s));
	if (!c)
		return;
	pthread_mutex_lock(&c->lock);
	*s = c->stats;
	s->entries = c->count;
	pthread_mutex_unlock(&c->lock);
}

cspdm_status cspdm_x509_cache_digest(const struct cspdm_x509_cache *c, const uint8_t *der,
				     size_t len, uint8_t *digest)
{
	unsigned int n = 0;

	if (EVP_Digest(der, len, digest, &n, c->sha256, NULL) != 1 || n != CSPDM_X509_DIGEST_SIZE) {
		ERR_clear_error();
		return CSPDM_E_CRYPTO;
	}
	return CSPDM_OK;
}

cspdm_status cspdm_x509_cache_digest_cert(const struct cspdm_x509_cache *c, const X509 *x,
					  uint8_t *digest)
{
	unsigned int n = 0;

	if (X509_digest(x, c->sha256, digest, &n) != 1 || n != CSPDM_X509_DIGEST_SIZE) {
		ERR_clear_error();
		return CSPDM_E_CRYPTO;
	}
	return CSPDM_OK;
}

/* ---- the table and the LRU list (the lock held) ---------------------------------------------- */

static struct cache_entry *find(const struct cspdm_x509_cache *c, const uint8_t *digest)
{
	struct cache_entry *e = c->buckets[bucket_of(c, digest)];

	while (e && memcmp(e->digest, digest, CSPDM_X509_DIGEST_SIZE) != 0)
		e = e->bucket_next;
	return e;
}

static void lru_unlink(struct cspdm_x509_cache *c, struct cache_entry *e)
{
	if (e->prev)
		e->prev->next = e->next;
	else
		c->head = e->next;
	if (e->next)
		e->next->prev = e->prev;
	else
		c->tail = e->prev;
	e->prev = e->next = NULL;
}

static void lru_front(struct cspdm_x509_cache *c, struct cache_entry *e)
{
	e->next = c->head;
	if (c->head)
		c->head->prev = e;
	c->head = e;
	if (!c->tail)
		c->tail = e;
}

static void evict_oldest(struct cspdm_x509_cache *c)
{
	struct cache_entry *e = c->tail, **pp;

	if (!e)
		return;
	lru_unlink(c, e);
	for (pp = &c->buckets[bucket_of(c, e->digest)]; *pp != e; pp = &(*pp)->bucket_next)
		;
	*pp = e->bucket_next;
	X509_free(e->x);
	free(e);
	c->count--;
}

/* ---- what the backend asks ------------------------------------------------------------------ */

X509 *cspdm_x509_cache_get(struct cspdm_x509_cache *c, const uint8_t *digest)
{
	struct cache_entry *e;
	X509 *x = NULL;

	pthread_mutex_lock(&c->lock);
	e = find(c, digest);
	if (e && X509_up_ref(e->x) == 1) {
		x = e->x;
		lru_unlink(c, e);
		lru_front(c, e);
		c->stats.parse_hits++;
	}
	pthread_mutex_unlock(&c->lock);
	return x;
}

void cspdm_x509_cache_put(struct cspdm_x509_cache *c, const uint8_t *digest, X509 *x)
{
	struct cache_entry *e = calloc(1, sizeof(*e));

	pthread_mutex_lock(&c->lock);
	c->stats.parsed++;
	if (e && !find(c, digest) && X509_up_ref(x) == 1) {
		if (c->count >= c->max)
			evict_oldest(c);
		memcpy(e->digest, digest, CSPDM_X509_DIGEST_SIZE);
		e->x = x;
		e->bucket_next = c->buckets[bucket_of(c, digest)];
		c->buckets[bucket_of(c, digest)] = e;
		lru_front(c, e);
		c->count++;
		e = NULL;
	}
	pthread_mutex_unlock(&c->lock);
	free(e); /* not kept: already there, or no reference */
}

static int has_issuer(const struct cache_entry *e, const uint8_t *issuer)
{
	unsigned i;

	for (i = 0; i < e->issuers; i++)
		if (memcmp(e->issuer[i], issuer, CSPDM_X509_DIGEST_SIZE) == 0)
			return 1;
	return 0;
}

int cspdm_x509_cache_verified(struct cspdm_x509_cache *c, const uint8_t *subject,
			      const uint8_t *issuer)
{
	struct cache_entry *e;
	int known;

	pthread_mutex_lock(&c->lock);
	e = find(c, subject);
	known = e && has_issuer(e, issuer);
	if (known)
		c->stats.sig_hits++;
	pthread_mutex_unlock(&c->lock);
	return known;
}

void cspdm_x509_cache_set_verified(struct cspdm_x509_cache *c, const uint8_t *subject,
				   const uint8_t *issuer)
{
	struct cache_entry *e;
	unsigned slot;

	pthread_mutex_lock(&c->lock);
	c->stats.sig_verified++;
	e = find(c, subject);
	if (e && !has_issuer(e, issuer)) {
		slot = e->issuers < MAX_ISSUERS ? e->issuers++ : e->next_issuer++ % MAX_ISSUERS;
		memcpy(e->issuer[slot], issuer, CSPDM_X509_DIGEST_SIZE);
	}
	pthread_mutex_unlock(&c->lock);
}
