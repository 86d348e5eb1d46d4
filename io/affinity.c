/*
 * affinity.c — pin the calling thread to one CPU, and give it back the
 * CPU set it had.
 *
 * envscan pins only threads it runs work on, and only for the length of
 * a scan: the walk's threads (its own, except worker 0, which is the
 * caller's thread) and the OpenMP workers of the scan's parallel region
 * (threads of the process's pool, which the embedding program uses
 * too). Each saves its set first and restores it before the scan call
 * returns, so the program around us finds its threads as it left them.
 */
#include "io_internal.h"

#include <pthread.h>
#include <sched.h>
#include <string.h>

size_t es_cpu_list(int *cpus, size_t max)
{
    cpu_set_t set;
    CPU_ZERO(&set);
    if (sched_getaffinity(0, sizeof set, &set) != 0)
        return 0;
    size_t n = 0;
    for (int c = 0; c < CPU_SETSIZE && n < max; c++)
        if (CPU_ISSET(c, &set))
            cpus[n++] = c;
    return n;
}

int es_cpu_for(es_affinity_plan plan, const int *cpus, size_t ncpus, unsigned worker,
               unsigned nworkers)
{
    if (plan == ES_AFFINITY_NONE || ncpus == 0)
        return -1;
    if (plan == ES_AFFINITY_SPREAD && nworkers > 0 && nworkers < ncpus)
        return cpus[(size_t)worker * ncpus / nworkers];
    return cpus[worker % ncpus];
}

int es_pin_self(int cpu, es_cpu_saved *saved)
{
    saved->valid = 0;
    if (cpu < 0 || cpu >= CPU_SETSIZE)
        return -1;
    cpu_set_t *old = (cpu_set_t *)saved->set;
    _Static_assert(sizeof saved->set >= sizeof(cpu_set_t), "room for a cpu_set_t");
    if (pthread_getaffinity_np(pthread_self(), sizeof *old, old) != 0)
        return -1;
    cpu_set_t one;
    CPU_ZERO(&one);
    CPU_SET(cpu, &one);
    if (pthread_setaffinity_np(pthread_self(), sizeof one, &one) != 0)
        return -1;
    saved->valid = 1;
    return 0;
}

void es_pin_restore(const es_cpu_saved *saved)
{
    if (saved->valid)
        pthread_setaffinity_np(pthread_self(), sizeof(cpu_set_t), (const cpu_set_t *)saved->set);
}
