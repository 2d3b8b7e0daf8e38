package dev.porthole.runner.polling;

import java.util.concurrent.Semaphore;

/**
 * The concurrency limits: {@code concurrent} across the whole process, and each entry's own {@code limit}. A
 * polling loop holds a slot while it asks for a job, and a job holds it while it runs, as gitlab-runner counts them.
 */
final class Slots {
    private final Semaphore global;

    Slots(int concurrent) {
        this.global = new Semaphore(concurrent, true);
    }

    /** A slot of the process and of the entry, or an exception when interrupted (nothing is then held). */
    Slot acquire(Semaphore entryLimit) throws InterruptedException {
        if (entryLimit != null) {
            entryLimit.acquire();
        }
        try {
            global.acquire();
        } catch (InterruptedException e) {
            if (entryLimit != null) {
                entryLimit.release();
            }
            throw e;
        }
        return new Slot(entryLimit);
    }

    /** A held slot; released once. */
    final class Slot {
        private final Semaphore entryLimit;
        private boolean released;

        private Slot(Semaphore entryLimit) {
            this.entryLimit = entryLimit;
        }

        synchronized void release() {
            if (!released) {
                released = true;
                global.release();
                if (entryLimit != null) {
                    entryLimit.release();
                }
            }
        }
    }
}
