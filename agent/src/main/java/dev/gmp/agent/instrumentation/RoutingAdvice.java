package dev.gmp.agent.instrumentation;

import dev.gmp.agent.bootstrap.GmpBridge;
import java.util.concurrent.Executor;
import net.bytebuddy.asm.Advice;

/**
 * Virtual-thread routing ({@code virtualthreads=gmp}): on entry to
 * {@code java.lang.ThreadBuilders.newVirtualThread(Executor scheduler, String name, int characteristics,
 * Runnable task)} — the one factory behind {@code Thread.ofVirtual()}, {@code Thread.startVirtualThread} and
 * {@code Executors.newVirtualThreadPerTaskExecutor()} — a null scheduler from a platform thread (which the
 * {@code VirtualThread} constructor would turn into the JDK's ForkJoinPool) becomes the default GMP runtime's
 * scheduler. From a virtual thread the JDK's rule (inherit the parent's scheduler) is left alone, and an
 * explicit scheduler (the runtime's own builder) is never replaced.
 */
public final class RoutingAdvice {
    private RoutingAdvice() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static void enter(@Advice.Argument(value = 0, readOnly = false) Executor scheduler) {
        if (scheduler == null) {
            scheduler = GmpBridge.schedulerForNewVirtualThread();
        }
    }
}
