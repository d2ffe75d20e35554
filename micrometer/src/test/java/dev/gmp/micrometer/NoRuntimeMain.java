package dev.gmp.micrometer;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** An application without the agent and without opened internals binding the binder twice: it must go on. */
public final class NoRuntimeMain {
    private NoRuntimeMain() {}

    public static void main(String[] args) {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        GmpMetrics metrics = new GmpMetrics();
        metrics.bindTo(registry);
        metrics.bindTo(new SimpleMeterRegistry());
        registry.counter("app.requests").increment();
        System.out.println("meters=" + registry.getMeters().size());
    }
}
