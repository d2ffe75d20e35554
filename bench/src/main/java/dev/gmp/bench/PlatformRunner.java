package dev.gmp.bench;

/**
 * Units are platform threads, one per {@code go}; the main unit is the benchmark thread itself. The OS schedules
 * them on every core, so {@code procs} does not apply; this is the "thread per task" baseline.
 */
final class PlatformRunner implements Runner {
    @Override
    public void go(Runnable fn) {
        Thread.ofPlatform().start(fn);
    }

    @Override
    public void runMain(Runnable main) {
        main.run();
    }

    @Override
    public void close() {
        // nothing to stop: every unit has ended when its batch returns
    }
}
