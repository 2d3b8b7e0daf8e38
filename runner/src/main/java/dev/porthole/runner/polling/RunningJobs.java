package dev.porthole.runner.polling;

import dev.porthole.runner.job.JobRunner;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/** The jobs this process is running, so that a shutdown can wait for them and then stop what is left. */
final class RunningJobs {
    private final Set<JobRunner> jobs = ConcurrentHashMap.newKeySet();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();

    void add(JobRunner job) {
        jobs.add(job);
    }

    void remove(JobRunner job) {
        jobs.remove(job);
        lock.lock();
        try {
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    int count() {
        return jobs.size();
    }

    /** Waits until no job runs or the time is up; true when none runs. */
    boolean awaitNone(Duration within) throws InterruptedException {
        long remaining = within.toNanos();
        lock.lock();
        try {
            while (!jobs.isEmpty() && remaining > 0) {
                remaining = changed.awaitNanos(remaining);
            }
            return jobs.isEmpty();
        } finally {
            lock.unlock();
        }
    }

    void stopAll() {
        jobs.forEach(JobRunner::stopForShutdown);
    }

    static void sleep(Duration duration) throws InterruptedException {
        TimeUnit.MILLISECONDS.sleep(duration.toMillis());
    }
}
