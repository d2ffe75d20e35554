package dev.gmp.bench;

/**
 * Units are virtual threads on the JDK's default scheduler (a ForkJoinPool). Its parallelism is fixed when the
 * JVM starts, so the fork must be given {@code -Djdk.virtualThreadScheduler.parallelism=procs}; we refuse to run
 * with another value, because the ratio GMP/JDK is only meaningful at equal parallelism.
 */
final class JdkRunner implements Runner {
    JdkRunner(int procs) {
        String p = System.getProperty("jdk.virtualThreadScheduler.parallelism");
        int parallelism = p != null ? Integer.parseInt(p.trim()) : Runtime.getRuntime().availableProcessors();
        if (parallelism != procs) {
            throw new IllegalStateException("impl=jdk with procs=" + procs + " but the JDK scheduler's parallelism is "
                    + parallelism + ": run with -jvmArgsAppend -Djdk.virtualThreadScheduler.parallelism=" + procs
                    + " (bench/compare does)");
        }
    }

    @Override
    public void go(Runnable fn) {
        Thread.startVirtualThread(fn);
    }

    @Override
    public void runMain(Runnable main) {
        Join.onVirtualThread(Thread.ofVirtual(), main);
    }

    @Override
    public void close() {
        // the default scheduler lives as long as the JVM
    }
}
