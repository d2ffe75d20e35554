package dev.gmp.internal.chan;

import dev.gmp.GoPanic;
import java.util.ArrayDeque;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.StressOptions;
import org.junit.jupiter.api.Test;

/**
 * Linearizability of {@link Hchan}'s non-blocking operations, checked by Lincheck against a sequential channel
 * ({@link Model}): {@code trySend} (Go's {@code select} with a send case and a default, chan.go
 * {@code selectnbsend}), {@code tryRecv} ({@code selectnbrecv}), {@code close} ({@code closechan}) and
 * {@code len} ({@code chanlen}), on an unbuffered channel and on buffered ones of capacity 1 and 2. The
 * operations race on real threads (Lincheck's stress mode), so the lock-free fast paths (their loads of
 * {@code qcount} and {@code closed}, in chan.go's order, see {@link Hchan}) meet the locked paths; each
 * scenario's results must match some sequential order of the model.
 *
 * <p>Why stress mode and not model checking: Lincheck's model checker snapshots the static state an operation
 * reaches and restores it after every invocation, walking {@code java.util} objects eagerly. Every operation
 * from a thread that is not a goroutine records that thread in {@link ForeignThreads}' static weak set, so the
 * walk reaches Lincheck's own threads and, through them, Lincheck's bookkeeping, and the restore fails with a
 * {@code ConcurrentModificationException} inside Lincheck (Lincheck 3.7, its issue "ConcurrentModificationException
 * caused by SnapshotTracker.restoreValues"). With that registration bypassed, model checking of these operations
 * passes; the registration is the runtime's deadlock-detection contract, not something a test may switch off.
 *
 * <p>Blocking {@code send} and {@code recv} are not Lincheck operations: a blocked one parks
 * ({@code LockSupport.park} in {@link Waiter#park}) until another operation of the scenario wakes it, and
 * Lincheck's sequential specifications can express such a wait only for Kotlin suspending functions; a Java
 * operation that parks is a hang to Lincheck, not a result. {@link HchanStressTest} checks the blocking paths
 * (direct hand-off, a receiver that takes from a parked sender, close waking every waiter) by conservation.
 */
class HchanLincheckTest {
    static final String SENT = "sent", WOULD_BLOCK = "would block", NOT_READY = "not ready", CLOSED = "closed";
    static final String SEND_PANIC = "panic: send on closed channel", CLOSE_PANIC = "panic: close of closed channel";

    /** The operations on one channel; Lincheck makes an instance per scenario. Results are plain values. */
    public abstract static class Ops {
        private final Hchan c;

        Ops(int capacity) {
            c = new Hchan(capacity);
        }

        @Operation
        public String trySend(int v) {
            try {
                return c.send(v, false) ? SENT : WOULD_BLOCK;
            } catch (GoPanic p) {
                return "panic: " + p.getMessage();
            }
        }

        @Operation
        public Object tryRecv() {
            Object v = c.recv(false);
            return v == Hchan.NOT_READY ? NOT_READY : v == Hchan.CLOSED ? CLOSED : v;
        }

        @Operation
        public String close() {
            try {
                c.close();
                return CLOSED;
            } catch (GoPanic p) {
                return "panic: " + p.getMessage();
            }
        }

        @Operation
        public int len() {
            return c.len();
        }
    }

    /**
     * A channel as Go's specification defines it, one operation at a time: a FIFO buffer of {@code capacity}
     * values and a closed flag. With no receiver waiting (none can be, without blocking operations) an unbuffered
     * send never succeeds.
     */
    public abstract static class Model {
        private final int capacity;
        private final ArrayDeque<Integer> buf = new ArrayDeque<>();
        private boolean closed;

        Model(int capacity) {
            this.capacity = capacity;
        }

        public String trySend(int v) {
            if (closed) {
                return SEND_PANIC;
            }
            if (buf.size() == capacity) {
                return WOULD_BLOCK;
            }
            buf.add(v);
            return SENT;
        }

        public Object tryRecv() {
            if (!buf.isEmpty()) {
                return buf.poll(); // a closed channel still delivers what it buffered
            }
            return closed ? CLOSED : NOT_READY;
        }

        public String close() {
            if (closed) {
                return CLOSE_PANIC;
            }
            closed = true;
            return CLOSED;
        }

        public int len() {
            return buf.size();
        }
    }

    public static final class Unbuffered extends Ops {
        public Unbuffered() {
            super(0);
        }
    }

    public static final class Unbuffered0Model extends Model {
        public Unbuffered0Model() {
            super(0);
        }
    }

    public static final class Buffered1 extends Ops {
        public Buffered1() {
            super(1);
        }
    }

    public static final class Buffered1Model extends Model {
        public Buffered1Model() {
            super(1);
        }
    }

    public static final class Buffered2 extends Ops {
        public Buffered2() {
            super(2);
        }
    }

    public static final class Buffered2Model extends Model {
        public Buffered2Model() {
            super(2);
        }
    }

    /** Many small scenarios, each run many times: a race needs the parallel part's operations to overlap. */
    private static StressOptions stress(Class<? extends Model> model) {
        return new StressOptions().sequentialSpecification(model)
                .iterations(40).invocationsPerIteration(200).threads(3).actorsPerThread(3)
                .actorsBefore(2).actorsAfter(2);
    }

    @Test
    void unbuffered() {
        stress(Unbuffered0Model.class).check(Unbuffered.class);
    }

    @Test
    void buffered1() {
        stress(Buffered1Model.class).check(Buffered1.class);
    }

    @Test
    void buffered2() {
        stress(Buffered2Model.class).check(Buffered2.class);
    }
}
