package dev.gmp.internal.chan;

import dev.gmp.internal.sched.WaitReason;
import java.util.concurrent.locks.LockSupport;

/**
 * Waits that never end (Go's {@code gopark(nil, nil, ...)} with no waker): operations on nil channels and a
 * select with no cases. The goroutine parks on a blocker nobody else references, so the leak detector can prove
 * it leaked, and the deadlock detector counts it as blocked on a runtime primitive.
 */
public final class Blocking {
    private Blocking() {}

    private record Forever(String waitReason) implements WaitReason {}

    /** Blocks the calling goroutine (or thread) forever with the given Go wait reason. Never returns. */
    public static void forever(String reason) {
        Forever blocker = new Forever(reason);
        for (;;) {
            LockSupport.park(blocker);
            Thread.interrupted(); // Go has no interrupts: a nil-channel wait cannot be ended
        }
    }
}
