#ifndef BEBACK_MEMORY_HINT_H
#define BEBACK_MEMORY_HINT_H

/// Asks the CPU to start loading the cache line at `address` (it is never dereferenced here, and
/// any address is allowed): the indexed open gathers each lead's records from all over a large
/// list, and asks for the next ones while it folds the current one.
static inline void beback_prefetch(const void *address) { __builtin_prefetch(address); }

#endif
