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
        Map<String, List<BlockingPattern>> byClass = new HashMap<>();
        for (BlockingPattern p : cfg.blocking) {
            byClass.computeIfAbsent(p.className().replace('.', '/'), k -> new ArrayList<>()).add(p);
        }
        List<String> prefixes = new ArrayList<>();
        for (String p : cfg.preempt) {
            prefixes.add(p.replace('.', '/'));
        }

        Weaver weaver = new Weaver(log, token, fileMissing == null, routing, byClass, prefixes);
        inst.addTransformer(weaver, true);

        boolean blockerOn = token != null && retransform(inst, log, JdkTargets.BLOCKER, "Blocker syscalls");
        boolean fileOn = fileMissing == null;
        if (fileOn) {
            for (String c : new String[] {"java.io.FileInputStream", "java.io.FileOutputStream",
                    "java.io.RandomAccessFile"}) {
                fileOn &= retransform(inst, log, c, "file syscalls");
            }
        }
        boolean routingOn = routing && retransform(inst, log, JdkTargets.THREAD_BUILDERS, "virtual-thread routing");
        // Application classes loaded before premain (rare: only with agentmain) are not revisited.
        return new Summary(blockerOn, fileOn, routingOn, cfg.blocking.size(), cfg.preempt.size());
    }

    private static boolean retransform(Instrumentation inst, AgentLog log, String className, String feature) {
        try {
            Class<?> c = Class.forName(className, false, null);
            inst.retransformClasses(c);
            return true;
        } catch (Throwable t) {
            log.warn("could not rewrite " + className + " on JDK " + Runtime.version() + " (" + t + "); " + feature
                    + " off");
            return false;
        }
    }
}
