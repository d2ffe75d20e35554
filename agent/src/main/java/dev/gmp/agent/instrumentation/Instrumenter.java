package dev.gmp.agent.instrumentation;

import dev.gmp.agent.AgentLog;
import dev.gmp.agent.config.AgentConfig;
import dev.gmp.agent.config.BlockingPattern;
import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Installs the {@link Weaver} and rewrites the JDK classes that are already loaded (retransformation: no class
 * format changes). Each JDK feature is checked first ({@link JdkTargets}) and retransformed on its own, so an
 * unexpected JDK turns off one feature with a warning and never stops the application:
 * <ul>
 *   <li>{@code jdk.internal.misc.Blocker.begin/end} to entersyscall/exitsyscall;</li>
 *   <li>the Java callers of the {@code FileInputStream}/{@code FileOutputStream}/{@code RandomAccessFile} natives
 *       ({@code open}, {@code read}, {@code write}) to the syscall path;</li>
 *   <li>{@code virtualthreads=gmp}: routing in {@code ThreadBuilders.newVirtualThread};</li>
 *   <li>{@code ForkJoinWorkerThread.hasKnownQueuedWork()} answers for a goroutine's P, and {@code Phaser} asks it
 *   before it spins (docs/agent.md);</li>
 *   <li>application classes as they load: {@code blocking=}, {@code blocking.file=}, {@code @dev.gmp.Blocking},
 *       {@code preempt=}.</li>
 * </ul>
 */
public final class Instrumenter {
    /** What was installed, for the banner. */
    public record Summary(boolean blocker, boolean fileIo, boolean routing, int patterns, int preemptPrefixes) {}

    private Instrumenter() {}

    public static Summary install(Instrumentation inst, AgentConfig cfg, AgentLog log) {
        Class<?> token = JdkTargets.blockerToken();
        if (token == null) {
            log.warn(JdkTargets.BLOCKER + ".begin/end not found on JDK " + Runtime.version()
                    + "; its blocking operations are not syscalls");
        }
        String fileMissing = JdkTargets.fileIoMissing();
        if (fileMissing != null) {
            log.warn("java.io file streams differ on JDK " + Runtime.version() + " (" + fileMissing
                    + "); file reads and writes are not syscalls");
        }
        boolean routing = false;
        if (cfg.virtualThreads == AgentConfig.VirtualThreads.GMP) {
            routing = JdkTargets.routingTarget();
            if (!routing) {
                log.warn(JdkTargets.THREAD_BUILDERS + "." + JdkTargets.NEW_VIRTUAL_THREAD + " not found on JDK "
                        + Runtime.version() + "; virtual threads stay on the JDK scheduler (Go.go still works)");
            }
        }
        boolean queuedWork = JdkTargets.queuedWorkTarget();
        if (!queuedWork) {
            log.warn(JdkTargets.FJ_WORKER + "." + JdkTargets.HAS_KNOWN_QUEUED_WORK + " not found on JDK "
                    + Runtime.version() + "; SynchronousQueue and Exchanger waiters on goroutines spin as on a "
                    + "platform thread");
        }
        Map<String, List<BlockingPattern>> byClass = new HashMap<>();
        for (BlockingPattern p : cfg.blocking) {
            String internal = p.className().replace('.', '/');
            List<BlockingPattern> list = byClass.get(internal);
            if (list == null) {
                list = new ArrayList<>();
                byClass.put(internal, list);
            }
            list.add(p);
        }
        List<String> prefixes = new ArrayList<>();
        for (String p : cfg.preempt) {
            prefixes.add(p.replace('.', '/'));
        }

        Weaver weaver = new Weaver(log, token, fileMissing == null, routing, queuedWork, byClass, prefixes);
        inst.addTransformer(weaver, true);

        // One retransformation for all the JDK targets (one VM operation); if it fails, one class at a time, so
        // the warning names the class and only its feature goes off.
        List<String> targets = new ArrayList<>();
        if (token != null) {
            targets.add(JdkTargets.BLOCKER);
        }
        if (fileMissing == null) {
            targets.addAll(List.of("java.io.FileInputStream", "java.io.FileOutputStream", "java.io.RandomAccessFile"));
        }
        if (routing) {
            targets.add(JdkTargets.THREAD_BUILDERS);
        }
        if (queuedWork) {
            targets.add(JdkTargets.FJ_WORKER);
        }
        targets.add(JdkTargets.PHASER);
        // A target not loaded yet is woven by the transformer when it loads. Loading it here only to retransform
        // it would weave it twice, and load a class the application may never use (Phaser, usually).
        java.util.Set<String> loaded = new java.util.HashSet<>();
        for (Class<?> c : inst.getAllLoadedClasses()) {
            if (c.getClassLoader() == null) {
                loaded.add(c.getName());
            }
        }
        targets.removeIf(c -> !loaded.contains(c));
        java.util.Set<String> failed = new java.util.HashSet<>();
        if (!retransformAll(inst, targets)) {
            for (String c : targets) {
                if (!retransform(inst, log, c)) {
                    failed.add(c);
                }
            }
        }
        boolean blockerOn = token != null && !failed.contains(JdkTargets.BLOCKER);
        boolean fileOn = fileMissing == null && !failed.contains("java.io.FileInputStream")
                && !failed.contains("java.io.FileOutputStream") && !failed.contains("java.io.RandomAccessFile");
        boolean routingOn = routing && !failed.contains(JdkTargets.THREAD_BUILDERS);
        // Application classes loaded before premain (rare: only with agentmain) are not revisited.
        return new Summary(blockerOn, fileOn, routingOn, cfg.blocking.size(), cfg.preempt.size());
    }

    private static boolean retransformAll(Instrumentation inst, List<String> classNames) {
        try {
            Class<?>[] classes = new Class<?>[classNames.size()];
            for (int i = 0; i < classes.length; i++) {
                classes[i] = Class.forName(classNames.get(i), false, null);
            }
            inst.retransformClasses(classes);
            return true;
        } catch (Throwable t) {
            return false;
        }
    }

    private static boolean retransform(Instrumentation inst, AgentLog log, String className) {
        try {
            inst.retransformClasses(Class.forName(className, false, null));
            return true;
        } catch (Throwable t) {
            log.warn("could not rewrite " + className + " on JDK " + Runtime.version() + " (" + t
                    + "); its rewrite is off, the application runs");
            return false;
        }
    }
}
