package dev.gmp.bench;

import dev.gmp.GmpRuntime;
import java.util.concurrent.Callable;

/** Units are goroutines of a private {@link GmpRuntime} with GOMAXPROCS = {@code procs}. */
final class GmpRunner implements Runner {
    private final GmpRuntime rt;

    GmpRunner(int procs) {
        this.rt = GmpRuntime.builder().name("bench").gomaxprocs(procs).build();
    }

    @Override
    public void go(Runnable fn) {
        rt.go(fn);
    }

    @Override
    public void runMain(Runnable main) {
        rt.run(main);
    }

    @Override
    public void yield() {
        rt.gosched();
    }

    @Override
    public <T> T syscall(Callable<T> call) throws Exception {
        return rt.syscall(call);
    }

    @Override
    public void close() {
        rt.close();
    }
}
