package dev.gmp.bench;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The syscall fast path: a goroutine calls getpid(2) (a real, trivial system call, through the FFM API) wrapped in
 * {@link dev.gmp.GmpRuntime#syscall} — entersyscall, the call, exitsyscall re-acquiring its own P. {@code jdk}
 * makes the call on a JDK virtual thread (the JDK has no handoff protocol: the carrier is simply held), so
 * GMP/JDK is the price of the handoff bookkeeping. The Go side (bench/go BenchmarkSyscall) is
 * {@code syscall.Syscall(SYS_GETPID)}, which goes through Go's entersyscall/exitsyscall the same way.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsPrepend = {"--add-opens", "java.base/java.lang=ALL-UNNAMED",
        "--enable-native-access=ALL-UNNAMED"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class Syscall extends RunnerBench {
    static final int OPS = 100_000;
    private static final MethodHandle GETPID = Linker.nativeLinker().downcallHandle(
            Linker.nativeLinker().defaultLookup().find("getpid").orElseThrow(),
            FunctionDescriptor.of(ValueLayout.JAVA_INT));

    @Param({"gmp", "jdk"})
    public String impl;

    @Override
    protected String impl() {
        return impl;
    }

    static int getpid() {
        try {
            return (int) GETPID.invokeExact();
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public void syscall(Blackhole bh) {
        Callable<Integer> call = Syscall::getpid;
        runner.runMain(() -> {
            try {
                for (int i = 0; i < OPS; i++) {
                    bh.consume(runner.syscall(call));
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }
}
