/*
 * Bump allocator: a model is built once and freed whole, so per-object free()
 * would only cost time.  All allocations are 16-byte aligned.
 */
#ifndef TG_ARENA_H
#define TG_ARENA_H

#include <stddef.h>

struct arena;

struct arena	*arena_new(void);
void		 arena_free(struct arena *);
/* Never returns NULL: out of memory aborts with a message. */
void		*arena_alloc(struct arena *, size_t);
void		*arena_calloc(struct arena *, size_t nmemb, size_t size);
char		*arena_strndup(struct arena *, const char *, size_t);
char		*arena_strdup(struct arena *, const char *);
/*
 * Free this malloc'd block with the arena: for big arrays grown with
 * realloc, which would otherwise be copied in at the end.  Returns p.
 */
void		*arena_adopt(struct arena *, void *p);
/* Bytes handed out so far, for memory figures. */
size_t		 arena_used(const struct arena *);

/* malloc/realloc/calloc that abort with a message instead of returning NULL. */
void		*xmalloc(size_t);
void		*xcalloc(size_t, size_t);
void		*xrealloc(void *, size_t);
void		*xreallocarray(void *, size_t nmemb, size_t size);
char		*xstrdup(const char *);

#endif
