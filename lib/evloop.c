/* evloop.c — epoll plus a timer heap. */
#include "lib/evloop.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <time.h>

#include "lib/xalloc.h"

struct fdwatch {
	int fd;
	ev_fd_fn fn;
	void *ctx;
	bool live;
};

struct ev_timer {
	uint64_t due;
	uint64_t seq; /* FIFO among equal deadlines */
	ev_timer_fn fn;
	void *ctx;
	size_t idx; /* position in the heap */
};

static int epfd = -1;
static struct fdwatch **watches; /* indexed by fd */
static int nwatches;
static struct ev_timer **heap;
static size_t nheap, capheap;
static uint64_t now_ms, timer_seq;

static uint64_t mono_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

uint64_t ev_now_ms(void)
{
	if (!now_ms)
		now_ms = mono_ms();
	return now_ms;
}

double ev_wall(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int ep(void)
{
	if (epfd < 0)
		epfd = epoll_create1(EPOLL_CLOEXEC);
	return epfd;
}

int ev_fd_add(int fd, uint32_t events, ev_fd_fn fn, void *ctx)
{
	if (fd < 0 || ep() < 0)
		return -EBADF;
	if (fd >= nwatches) {
		int n = fd + 16;
		watches = xrealloc(watches, (size_t)n * sizeof *watches);
		memset(watches + nwatches, 0, (size_t)(n - nwatches) * sizeof *watches);
		nwatches = n;
	}
	if (watches[fd])
		return -EEXIST;
	struct fdwatch *w = xcalloc(1, sizeof *w);
	*w = (struct fdwatch){fd, fn, ctx, true};
	struct epoll_event e = {.events = events, .data.ptr = w};
	if (epoll_ctl(epfd, EPOLL_CTL_ADD, fd, &e) < 0) {
		int err = errno;
		free(w);
		return -err;
	}
	watches[fd] = w;
	return 0;
}

int ev_fd_mod(int fd, uint32_t events)
{
	if (fd < 0 || fd >= nwatches || !watches[fd])
		return -ENOENT;
	struct epoll_event e = {.events = events, .data.ptr = watches[fd]};
	return epoll_ctl(epfd, EPOLL_CTL_MOD, fd, &e) < 0 ? -errno : 0;
}

/* Deleted watches are freed only after the current batch of events, since
 * a callback may remove another fd whose event is still queued. */
static struct fdwatch **dead;
static size_t ndead;

void ev_fd_del(int fd)
{
	if (fd < 0 || fd >= nwatches || !watches[fd])
		return;
	epoll_ctl(epfd, EPOLL_CTL_DEL, fd, NULL);
	watches[fd]->live = false;
	dead = xrealloc(dead, (ndead + 1) * sizeof *dead);
	dead[ndead++] = watches[fd];
	watches[fd] = NULL;
}

/* ---- timer heap -------------------------------------------------------- */

static bool before(const struct ev_timer *a, const struct ev_timer *b)
{
	return a->due != b->due ? a->due < b->due : a->seq < b->seq;
}

static void heap_set(size_t i, struct ev_timer *t)
{
	heap[i] = t;
	t->idx = i;
}

static void sift_up(size_t i)
{
	struct ev_timer *t = heap[i];
	while (i > 0) {
		size_t p = (i - 1) / 2;
		if (!before(t, heap[p]))
			break;
		heap_set(i, heap[p]);
		i = p;
	}
	heap_set(i, t);
}

static void sift_down(size_t i)
{
	struct ev_timer *t = heap[i];
	for (;;) {
		size_t c = 2 * i + 1;
		if (c >= nheap)
			break;
		if (c + 1 < nheap && before(heap[c + 1], heap[c]))
			c++;
		if (!before(heap[c], t))
			break;
		heap_set(i, heap[c]);
		i = c;
	}
	heap_set(i, t);
}

struct ev_timer *ev_timer_add(uint64_t ms, ev_timer_fn fn, void *ctx)
{
	struct ev_timer *t = xcalloc(1, sizeof *t);
	t->due = ev_now_ms() + ms;
	t->seq = timer_seq++;
	t->fn = fn;
	t->ctx = ctx;
	if (nheap == capheap) {
		capheap = capheap ? capheap * 2 : 64;
		heap = xrealloc(heap, capheap * sizeof *heap);
	}
	heap_set(nheap++, t);
	sift_up(nheap - 1);
	return t;
}

static void heap_remove(size_t i)
{
	nheap--;
	if (i != nheap) {
		struct ev_timer *moved = heap[nheap];
		heap_set(i, moved);
		sift_down(i);
		sift_up(moved->idx);
	}
}

void ev_timer_cancel(struct ev_timer *t)
{
	if (!t)
		return;
	heap_remove(t->idx);
	free(t);
}

static void run_timers(void)
{
	while (nheap && heap[0]->due <= now_ms) {
		struct ev_timer *t = heap[0];
		heap_remove(0);
		ev_timer_fn fn = t->fn;
		void *ctx = t->ctx;
		free(t);
		fn(ctx);
	}
}

void ev_run_once(int timeout_ms)
{
	now_ms = mono_ms();
	run_timers();
	if (nheap) {
		uint64_t wait = heap[0]->due > now_ms ? heap[0]->due - now_ms : 0;
		if (timeout_ms < 0 || wait < (uint64_t)timeout_ms)
			timeout_ms = (int)(wait > 60000 ? 60000 : wait);
	}
	struct epoll_event evs[64];
	int n = epoll_wait(ep(), evs, 64, timeout_ms);
	now_ms = mono_ms();
	for (int i = 0; i < n; i++) {
		struct fdwatch *w = evs[i].data.ptr;
		if (w->live)
			w->fn(w->fd, evs[i].events, w->ctx);
	}
	for (size_t i = 0; i < ndead; i++)
		free(dead[i]);
	ndead = 0;
	run_timers();
}

void ev_run_until(bool (*done)(void *ctx), void *ctx)
{
	while (!done(ctx))
		ev_run_once(-1);
}
