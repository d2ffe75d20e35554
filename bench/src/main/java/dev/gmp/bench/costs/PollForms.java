package dev.gmp.bench.costs;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Which form of poll a loop can afford (the 5 % budget), without the agent: the loops of
 * {@code PreemptPolls.sum} and {@code hash} with no poll ({@code none}), with the agent's poll, a static volatile
 * read ({@code volatile}), with an opaque read ({@code VarHandle.getOpaque}, the weakest read the JIT may not
 * hoist out of a loop; {@code opaque}), and with the volatile read only every 1024th iteration
 * ({@code every1024}). Each form runs in its own fork and is a constant there ({@link Loops#FORM}), so the JIT
 * compiles only that form into the loop. Run by hand: {@code java -jar bench/target/benchmarks.jar
 * costs.PollForms}; docs/performance.md has a run.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(2)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class PollForms {
    static final String PROPERTY = "gmp.bench.pollform";

    @Param({"none", "volatile", "opaque", "every1024"})
    public String form;

    private final int[] ints = new Random(42).ints(4096).toArray();

    /** Before Loops is initialised: its FORM is then this fork's constant. */
    @Setup
    public void chooseForm() {
        System.setProperty(PROPERTY, form);
        if (!Loops.FORM.equals(form)) {
            throw new IllegalStateException("Loops was initialised before the form was set");
        }
    }

    @Benchmark
    public long sum() {
        return Loops.sum(ints);
    }

    @Benchmark
    public int hash() {
        return Loops.hash(ints);
    }

    /** The loops, with this fork's poll form folded in. */
    static final class Loops {
        static final String FORM = System.getProperty(PROPERTY, "none");
        private static final boolean VOLATILE = FORM.equals("volatile");
        private static final boolean OPAQUE = FORM.equals("opaque");
        private static final boolean EVERY_1024 = FORM.equals("every1024");
        private static final VarHandle OPAQUE_FLAG;
        private static volatile boolean flag;
        private static boolean opaqueFlag;

        static {
            try {
                OPAQUE_FLAG = MethodHandles.lookup().findStaticVarHandle(Loops.class, "opaqueFlag", boolean.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        private Loops() {}

        static long sum(int[] a) {
            long s = 0;
            for (int i = 0; i < a.length; i++) {
                s += a[i];
                poll(i);
            }
            return s;
        }

        static int hash(int[] a) {
            int h = 1;
            for (int i = 0; i < a.length; i++) {
                h = 31 * h + (a[i] ^ (h >>> 7));
                poll(i);
            }
            return h;
        }

        /** The back-edge poll of iteration i; the three flags are constants, so "none" compiles to nothing. */
        private static void poll(int i) {
            if ((VOLATILE || EVERY_1024 && (i & 1023) == 0) && flag
                    || OPAQUE && (boolean) OPAQUE_FLAG.getOpaque()) {
                Thread.yield(); // never reached: nothing sets the flags
            }
        }
    }
}
