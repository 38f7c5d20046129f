/*
 * evloop.h — the box's one event loop: epoll for file descriptors and a
 * binary heap of timers.  Everything that waits (console input, packet
 * rings, IKE sockets, RADIUS replies) is an event here; nothing blocks.
 * Single-threaded: callbacks run on the loop, one at a time.
 */
#ifndef PIXIE_EVLOOP_H
#define PIXIE_EVLOOP_H

#include <stdbool.h>
#include <stdint.h>

typedef void (*ev_fd_fn)(int fd, uint32_t events, void *ctx);
typedef void (*ev_timer_fn)(void *ctx);

/* Watch fd for events (EPOLLIN, EPOLLOUT...).  0 or -errno. */
int ev_fd_add(int fd, uint32_t events, ev_fd_fn fn, void *ctx);
int ev_fd_mod(int fd, uint32_t events);
void ev_fd_del(int fd);

struct ev_timer;
/* One-shot timer after ms milliseconds.  The owner keeps the handle to
 * cancel it; after it fires the handle is gone (do not cancel it then). */
struct ev_timer *ev_timer_add(uint64_t ms, ev_timer_fn fn, void *ctx);
void ev_timer_cancel(struct ev_timer *t);

/* Monotonic milliseconds, read once per loop iteration. */
uint64_t ev_now_ms(void);
/* Wall clock seconds (for timestamps in show output). */
double ev_wall(void);

/* Run one iteration: wait at most timeout_ms (-1: until an event). */
void ev_run_once(int timeout_ms);
/* Run until done(ctx) is true (checked after every iteration). */
void ev_run_until(bool (*done)(void *ctx), void *ctx);

#endif
