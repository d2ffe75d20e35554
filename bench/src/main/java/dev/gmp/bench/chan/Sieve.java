package dev.gmp.bench.chan;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;

/**
 * golang/go test/chan/sieve1.go: a generator goroutine and one filter goroutine per prime, chained by unbuffered
 * channels; the first 1000 primes. One op = one whole sieve. Unlike sieve1.go (which leaves its goroutines
 * blocked), the generator stops after the 1000th prime (7919) and closes its channel, every filter closes its
 * output when its input closes, and main drains the chain, so each op ends with no goroutine left.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsPrepend = {"--add-opens", "java.base/java.lang=ALL-UNNAMED"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class Sieve extends ChanBench {
    static final int PRIMES = 1000;
    static final int LAST_PRIME = 7919; // the 1000th prime

    @Benchmark
    public int sieve() {
        int[] last = new int[1];
        runner.runMain(() -> {
            Pipe ch = pipe(0);
            Pipe gen = ch;
            runner.go(() -> generate(gen));
            for (int i = 0; i < PRIMES; i++) {
                int prime = ch.recv();
                last[0] = prime;
                Pipe in = ch;
                Pipe out = pipe(0);
                runner.go(() -> filter(in, out, prime));
                ch = out;
            }
            while (ch.recv() != null) {
                throw new IllegalStateException("sieve: a value passed every filter");
            }
        });
        if (last[0] != LAST_PRIME) {
            throw new IllegalStateException("sieve: 1000th prime " + last[0] + ", want " + LAST_PRIME);
        }
        return last[0];
    }

    /** Send 2, 3, 4, ... LAST_PRIME, then close. */
    private static void generate(Pipe ch) {
        for (int i = 2; i <= LAST_PRIME; i++) {
            ch.send(i);
        }
        ch.close();
    }

    /** Copy the values from {@code in} to {@code out}, removing those divisible by {@code prime}. */
    private static void filter(Pipe in, Pipe out, int prime) {
        for (Integer i; (i = in.recv()) != null; ) {
            if (i % prime != 0) {
                out.send(i);
            }
        }
        out.close();
    }
}
