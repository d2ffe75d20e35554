package dev.gmp.internal.chan;

/**
 * One goroutine's place in one channel's wait queue (Go's {@code sudog}, runtime2.go). A goroutine blocked in a
 * plain send or receive has one; a goroutine blocked in a select has one per case, all sharing one
 * {@link Waiter} (Go's {@code sudog.g}).
 *
 * <p>Ownership: {@link #next}/{@link #prev} are guarded by the lock of {@link #c}. {@link #elem} and
 * {@link #success} are written by the waker under that lock before it publishes the sudog in
 * {@link Waiter#param} (a volatile write); the woken goroutine reads them after reading {@code param}.
 */
final class Sudog {
    final Waiter w;         // sudog.g
    final Hchan c;          // sudog.c
    final boolean isSelect; // sudog.isSelect: waking must first win w.selectDone
    final int caseIndex;    // select case this sudog stands for (Go derives it from the waiting list)
    Object elem;            // sudog.elem: the value to send, or the value received
    boolean success;        // sudog.success: true if woken by a value, false if woken by close
    Sudog next;             // waitq links
    Sudog prev;
    Sudog waitlink;         // sudog.waitlink: the next sudog of the same select, in lock order

    Sudog(Waiter w, Hchan c, Object elem, boolean isSelect, int caseIndex) {
        this.w = w;
        this.c = c;
        this.elem = elem;
        this.isSelect = isSelect;
        this.caseIndex = caseIndex;
    }
}
