package dev.gmp.testapp;

import dev.gmp.Go;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import net.bytebuddy.ByteBuddy;

/**
 * An application with its own ByteBuddy, of another version than the agent's (relocated under
 * dev.gmp.agent.shaded), and its own Micrometer (the agent has none): both work, and its virtual threads are still
 * goroutines. Prints where
 * each library was loaded from.
 */
public final class OwnDeps {
    public static void main(String[] args) throws Exception {
        Class<?> generated = new ByteBuddy().subclass(Object.class).name("dev.gmp.testapp.Generated").make()
                .load(OwnDeps.class.getClassLoader()).getLoaded();
        System.out.println("generated " + generated.getName());
        System.out.println("bytebuddy_from " + ByteBuddy.class.getProtectionDomain().getCodeSource().getLocation());
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        registry.counter("app.requests").increment(3);
        System.out.println("counter " + (long) registry.counter("app.requests").count());
        System.out.println("micrometer_from "
                + SimpleMeterRegistry.class.getProtectionDomain().getCodeSource().getLocation());
        long[] goid = {0};
        Thread.ofVirtual().start(() -> goid[0] = Go.goid()).join();
        System.out.println("vt_goid_nonzero=" + (goid[0] != 0 ? 1 : 0));
    }
}
