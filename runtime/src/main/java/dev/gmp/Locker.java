package dev.gmp;

/** Go's {@code sync.Locker} (sync/mutex.go): an object that can be locked and unlocked. */
public interface Locker {
    /** {@code Lock()}. */
    void lock();

    /** {@code Unlock()}. */
    void unlock();
}
