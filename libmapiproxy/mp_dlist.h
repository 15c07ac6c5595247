/*
 * Doubly linked lists threaded through an object's own prev/next members,
 * head insertion, O(1) removal: what samba's util/dlinklist.h gives its own
 * code, which samba-dev does not install.  The head's prev is NULL.
 *
 * Copyright (C) mapiproxy authors.  GPL-3.0-or-later.
 */
#ifndef MAPIPROXY_MP_DLIST_H
#define MAPIPROXY_MP_DLIST_H

/* Puts p first in the list whose head pointer is list. */
#define MP_DLIST_ADD(list, p) do {			\
	(p)->prev = NULL;				\
	(p)->next = (list);				\
	if ((p)->next != NULL) {			\
		(p)->next->prev = (p);			\
	}						\
	(list) = (p);					\
} while (0)

/* Takes p, a member, out of the list whose head pointer is list. */
#define MP_DLIST_REMOVE(list, p) do {			\
	if ((p)->prev != NULL) {			\
		(p)->prev->next = (p)->next;		\
	} else {					\
		(list) = (p)->next;			\
	}						\
	if ((p)->next != NULL) {			\
		(p)->next->prev = (p)->prev;		\
	}						\
	(p)->prev = (p)->next = NULL;			\
} while (0)

#endif /* MAPIPROXY_MP_DLIST_H */
