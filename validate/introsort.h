/*
 * INTROSORT(name, type, order) defines `static void name(type *, size_t)`:
 * an in-place introsort (quicksort, heapsort past 2 log n levels, insertion
 * sort for short runs) with order(const type *, const type *) inlined.
 * qsort's indirect calls were most of the checks' time on big topologies,
 * and a merge sort's second array most of their memory.  Not stable: give
 * keys a total order (an index last) and the result is any sort's.
 */
#ifndef TG_INTROSORT_H
#define TG_INTROSORT_H

#include <stddef.h>

#define INTROSORT(name, T, order)					\
static inline void							\
name##_swap(T *a, T *b)							\
{									\
	T t = *a;							\
									\
	*a = *b;							\
	*b = t;								\
}									\
									\
static void								\
name##_sift(T *k, size_t root, size_t n)				\
{									\
	for (;;) {							\
		size_t c = 2 * root + 1;				\
									\
		if (c >= n)						\
			return;						\
		if (c + 1 < n && order(&k[c], &k[c + 1]) < 0)		\
			c++;						\
		if (order(&k[root], &k[c]) >= 0)			\
			return;						\
		name##_swap(&k[root], &k[c]);				\
		root = c;						\
	}								\
}									\
									\
static void								\
name##_intro(T *k, size_t n, unsigned depth)				\
{									\
	size_t a, b;							\
									\
	while (n > 16) {						\
		size_t i = 0, j = n, mid = n / 2;			\
									\
		if (depth-- == 0) {					\
			for (a = n / 2; a-- > 0;)			\
				name##_sift(k, a, n);			\
			for (a = n; a-- > 1;) {				\
				name##_swap(&k[0], &k[a]);		\
				name##_sift(k, 0, a);			\
			}						\
			return;						\
		}							\
		/* Median of three to k[0], then partition. */		\
		if (order(&k[mid], &k[0]) < 0)				\
			name##_swap(&k[mid], &k[0]);			\
		if (order(&k[n - 1], &k[0]) < 0)			\
			name##_swap(&k[n - 1], &k[0]);			\
		if (order(&k[n - 1], &k[mid]) < 0)			\
			name##_swap(&k[n - 1], &k[mid]);		\
		name##_swap(&k[0], &k[mid]);				\
		for (;;) {						\
			do						\
				i++;					\
			while (i < n && order(&k[i], &k[0]) < 0);	\
			do						\
				j--;					\
			while (order(&k[0], &k[j]) < 0);		\
			if (i >= j)					\
				break;					\
			name##_swap(&k[i], &k[j]);			\
		}							\
		name##_swap(&k[0], &k[j]);				\
		/* The smaller side first: O(log n) stack. */		\
		if (j < n - j - 1) {					\
			name##_intro(k, j, depth);			\
			k += j + 1;					\
			n -= j + 1;					\
		} else {						\
			name##_intro(k + j + 1, n - j - 1, depth);	\
			n = j;						\
		}							\
	}								\
	for (a = 1; a < n; a++) {					\
		T v = k[a];						\
									\
		for (b = a; b > 0 && order(&v, &k[b - 1]) < 0; b--)	\
			k[b] = k[b - 1];				\
		k[b] = v;						\
	}								\
}									\
									\
static void								\
name(T *k, size_t n)							\
{									\
	unsigned depth = 0;						\
	size_t m;							\
									\
	for (m = n; m > 1; m >>= 1)					\
		depth += 2;						\
	name##_intro(k, n, depth);					\
}

#endif
