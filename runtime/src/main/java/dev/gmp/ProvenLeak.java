package dev.gmp;

import dev.gmp.internal.sched.Traceback;
import java.util.List;

/**
 * A proven goroutine leak: the goroutine was garbage-collected while waiting, so nothing could ever have woken it
 * (the JVM counterpart of Go 1.26's {@code goroutineleak} profile, golang/go#74609, where the GC marks a goroutine
 * blocked on unreachable concurrency primitives {@code _Gleaked}).
 *
 * @param goid         goroutine id
 * @param parentGoid   the goroutine that created it, 0 for a platform thread
 * @param waitReason   what it waited for, in Go's words
 * @param blockedNanos how long it had been waiting when the collection was noticed
 * @param createdBy    the {@code go} call's frame (or the whole creating stack with full creation stacks on)
 * @param lastStack    its last known stack, innermost first; empty if it was collected before the sampler saw it
 * @param foundAtMillis wall-clock time the leak was found ({@code System.currentTimeMillis()})
 */
public record ProvenLeak(long goid, long parentGoid, String waitReason, long blockedNanos,
                         List<StackTraceElement> createdBy, List<StackTraceElement> lastStack, long foundAtMillis) {
    public ProvenLeak {
        createdBy = List.copyOf(createdBy);
        lastStack = List.copyOf(lastStack);
    }

    /**
     * The goroutine in Go's traceback shape, marked leaked as Go 1.26 marks it:
     * <pre>
     * goroutine 18 [chan receive (leaked), 7 minutes]:
     * com.acme.Worker.lambda$start$0(...)
     * 	Worker.java:42
     * created by com.acme.Worker.start in goroutine 1
     * 	Worker.java:40
     * </pre>
     */
    public String traceback() {
        StringBuilder sb = new StringBuilder(256);
        Traceback.header(sb, goid, waitReason + " (leaked)", blockedNanos);
        if (lastStack.isEmpty()) {
            sb.append("\t(stack unknown: collected before it had waited long enough to be sampled)\n");
        } else {
            Traceback.frames(sb, lastStack.toArray(new StackTraceElement[0]));
        }
        Traceback.createdBy(sb, createdBy.toArray(new StackTraceElement[0]), parentGoid);
        return sb.toString();
    }
}
