package dev.gmp.agent.instrumentation;

import static net.bytebuddy.matcher.ElementMatchers.any;
import static net.bytebuddy.matcher.ElementMatchers.declaresMethod;
import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isAnnotatedWith;
import static net.bytebuddy.matcher.ElementMatchers.isBootstrapClassLoader;
import static net.bytebuddy.matcher.ElementMatchers.isMethod;
import static net.bytebuddy.matcher.ElementMatchers.isNative;
import static net.bytebuddy.matcher.ElementMatchers.isPrivate;
import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.isStatic;
import static net.bytebuddy.matcher.ElementMatchers.isSynthetic;
import static net.bytebuddy.matcher.ElementMatchers.nameMatches;
import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.returns;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.gmp.agent.AgentLog;
import dev.gmp.agent.config.AgentConfig;
import dev.gmp.agent.config.BlockingPattern;
import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.asm.AsmVisitorWrapper;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.dynamic.scaffold.TypeValidation;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.matcher.ElementMatchers;
import net.bytebuddy.utility.JavaModule;

/**
 * Installs every bytecode rewrite of the agent in one {@code AgentBuilder} with retransformation (classes
 * already loaded, such as {@code FileInputStream}, are rewritten in place; no class-format changes):
 * <ul>
 *   <li>{@code jdk.internal.misc.Blocker.begin/end} to entersyscall/exitsyscall ({@link BlockerAdvice});</li>
 *   <li>the Java callers of the {@code FileInputStream}/{@code FileOutputStream}/{@code RandomAccessFile}
 *       natives ({@code open}, {@code read}, {@code write}) to the syscall path ({@link SyscallAdvice});</li>
 *   <li>user-designated methods: {@code blocking=}, {@code blocking.file=}, {@code @dev.gmp.Blocking};</li>
 *   <li>{@code preempt=}: polls at method entries and back-edges ({@link PreemptionPolls});</li>
 *   <li>{@code virtualthreads=gmp}: routing in {@code ThreadBuilders.newVirtualThread} ({@link RoutingAdvice}).</li>
 * </ul>
 * A JDK target that is missing gives a warning and leaves that feature off; the application runs.
 */
public final class Rewrites {
    static final String BLOCKING_ANNOTATION = "dev.gmp.Blocking";

    /** What was installed, for the banner. */
    public record Summary(boolean blocker, boolean fileIo, boolean routing, int patterns, int preemptPrefixes) {}

    private Rewrites() {}

    public static Summary install(Instrumentation inst, AgentConfig cfg, AgentLog log) {
        // We use Advice only (no initializers to inject): keep ByteBuddy's Nexus, and with it sun.misc.Unsafe
        // and the JDK's warning about it, out. The property is in our relocated namespace, nobody else reads it.
        System.setProperty("dev.gmp.agent.shaded.net.bytebuddy.nexus.disabled", "true");
        // User-designated methods by pattern, grouped by class.
        Map<String, List<BlockingPattern>> byClass = new LinkedHashMap<>();
        for (BlockingPattern p : cfg.blocking) {
            byClass.computeIfAbsent(p.className(), k -> new ArrayList<>()).add(p);
        }
        // What the prefilter lets through, and the already-loaded classes to retransform: only those, never a
        // scan of every loaded class (startup cost).
        Set<String> names = new java.util.HashSet<>();
        for (String jdk : new String[] {JdkTargets.BLOCKER, "java.io.FileInputStream", "java.io.FileOutputStream",
                "java.io.RandomAccessFile", JdkTargets.THREAD_BUILDERS}) {
            names.add(jdk.replace('.', '/'));
        }
        for (String c : byClass.keySet()) {
            names.add(c.replace('.', '/'));
        }
        List<String> prefixes = new ArrayList<>();
        for (String p : cfg.preempt) {
            prefixes.add(p.replace('.', '/'));
        }
        for (String jdk : new String[] {JdkTargets.BLOCKER, JdkTargets.THREAD_BUILDERS}) {
            try {
                Class.forName(jdk, false, null); // load now, so it is retransformed below, not missed meanwhile
            } catch (ClassNotFoundException | LinkageError ignored) {
                // JdkTargets warned (or will) about a missing target
            }
        }
        List<Class<?>> loaded = new ArrayList<>();
        for (Class<?> c : inst.getAllLoadedClasses()) {
            String n = c.getName().replace('.', '/');
            if (inst.isModifiableClass(c) && (names.contains(n) || prefixes.stream().anyMatch(n::startsWith))) {
                loaded.add(c);
            }
        }

        AgentBuilder ab = new AgentBuilder.Default(new ByteBuddy().with(TypeValidation.DISABLED))
                .disableClassFormatChanges()
                .with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION)
                .with(new AgentBuilder.RedefinitionStrategy.DiscoveryStrategy.Explicit(loaded.toArray(new Class<?>[0])))
                .with(AgentBuilder.InitializationStrategy.NoOp.INSTANCE)
                .with(AgentBuilder.TypeStrategy.Default.DECORATE)
                .with(new Failures(log))
                .with(Boolean.getBoolean("gmp.agent.debug")
                        ? AgentBuilder.Listener.StreamWriting.toSystemError().withTransformationsOnly()
                        : AgentBuilder.Listener.NoOp.INSTANCE)
                .ignore(nameStartsWith("net.bytebuddy.")
                        .or(nameStartsWith("dev.gmp.agent."))
                        .or(nameStartsWith("dev.gmp.internal."))
                        .or(nameMatches("dev\\.gmp\\.[^.]+")) // the runtime's API classes
                        .or(isSynthetic()));

        Class<?> token = JdkTargets.blockerToken();
        if (token == null) {
            log.warn(JdkTargets.BLOCKER + ".begin/end not found on JDK " + Runtime.version()
                    + "; its blocking operations are not syscalls");
        } else {
            boolean modern = token == boolean.class;
            Class<?> begin = modern ? BlockerAdvice.BeginBoolean.class : BlockerAdvice.BeginLong.class;
            Class<?> end = modern ? BlockerAdvice.EndBoolean.class : BlockerAdvice.EndLong.class;
            ab = ab.type(named(JdkTargets.BLOCKER)).transform((b, td, cl, m, pd) -> b
                    .visit(Advice.to(begin).on(named("begin").and(takesArguments(0)).and(returns(token))))
                    .visit(Advice.to(end).on(named("end").and(takesArguments(token)))));
        }

        String fileMissing = JdkTargets.fileIoMissing();
        if (fileMissing != null) {
            log.warn("java.io file streams differ on JDK " + Runtime.version() + " (" + fileMissing
                    + "); file reads and writes are not syscalls");
        } else {
            ElementMatcher.Junction<MethodDescription> open = named("open").and(isPrivate()).and(not(isNative()));
            ab = ab.type(named("java.io.FileInputStream")).transform((b, td, cl, m, pd) -> b
                            .visit(Advice.to(SyscallAdvice.class).on(open.or(named("read").and(isPublic())))))
                    .type(named("java.io.FileOutputStream")).transform((b, td, cl, m, pd) -> b
                            .visit(Advice.to(SyscallAdvice.class).on(open.or(named("write").and(isPublic())))))
                    .type(named("java.io.RandomAccessFile")).transform((b, td, cl, m, pd) -> b
                            .visit(Advice.to(SyscallAdvice.class).on(open.or(
                                    named("read").or(named("write")).and(isPublic()).and(not(isNative()))))));
        }

        boolean routing = false;
        if (cfg.virtualThreads == AgentConfig.VirtualThreads.GMP) {
            if (JdkTargets.routingTarget()) {
                routing = true;
                ab = ab.type(named(JdkTargets.THREAD_BUILDERS)).transform((b, td, cl, m, pd) -> b
                        .visit(Advice.to(RoutingAdvice.class).on(named(JdkTargets.NEW_VIRTUAL_THREAD)
                                .and(isStatic())
                                .and(takesArguments(Executor.class, String.class, int.class, Runnable.class)))));
            } else {
                log.warn(JdkTargets.THREAD_BUILDERS + "." + JdkTargets.NEW_VIRTUAL_THREAD + " not found on JDK "
                        + Runtime.version() + "; virtual threads stay on the JDK scheduler (Go.go still works)");
            }
        }

        for (Map.Entry<String, List<BlockingPattern>> e : byClass.entrySet()) {
            List<BlockingPattern> pats = e.getValue();
            ab = ab.type(named(e.getKey()), not(isBootstrapClassLoader()))
                    .transform((b, td, cl, m, pd) -> designate(b, td, pats, log));
        }

        // @dev.gmp.Blocking.
        ab = ab.type(declaresMethod(isAnnotatedWith(named(BLOCKING_ANNOTATION))), not(isBootstrapClassLoader()))
                .transform((b, td, cl, m, pd) -> b.visit(Advice.to(SyscallAdvice.class)
                        .on(isAnnotatedWith(named(BLOCKING_ANNOTATION)).and(isMethod()).and(not(isAbstract()))
                                .and(not(isNative())))));

        // preempt=.
        if (!cfg.preempt.isEmpty()) {
            ElementMatcher.Junction<TypeDescription> inPackages = ElementMatchers.none();
            for (String prefix : cfg.preempt) {
                inPackages = inPackages.or(nameStartsWith(prefix));
            }
            Set<ClassLoader> warned = ConcurrentHashMap.newKeySet();
            ab = ab.type(inPackages.and(not(ElementMatchers.isInterface())), not(isBootstrapClassLoader()))
                    .transform((b, td, cl, m, pd) -> {
                        if (!seesOurPreemption(cl)) {
                            if (warned.add(cl)) {
                                log.warn("preempt=: class loader " + cl + " cannot see the GMP runtime; "
                                        + td.getName() + " and its siblings stay cooperative");
                            }
                            return b;
                        }
                        return b.visit(new AsmVisitorWrapper.ForDeclaredMethods()
                                .invokable(any(), new PreemptionPolls()));
                    });
        }

        ab.installOn(Prefilter.gate(inst, names, prefixes));
        return new Summary(token != null, fileMissing == null, routing, cfg.blocking.size(), cfg.preempt.size());
    }

    private static DynamicType.Builder<?> designate(DynamicType.Builder<?> b, TypeDescription td,
                                                    List<BlockingPattern> pats, AgentLog log) {
        ElementMatcher.Junction<MethodDescription> methods = ElementMatchers.none();
        for (BlockingPattern p : pats) {
            if (p.allMethods()) {
                methods = methods.or(isMethod());
                continue;
            }
            var declared = td.getDeclaredMethods().filter(named(p.method()).and(isMethod()));
            if (declared.isEmpty()) {
                log.warn("blocking=" + p + ": " + td.getName() + " declares no method '" + p.method()
                        + "'; nothing designated");
            } else if (declared.filter(not(isNative()).and(not(isAbstract()))).isEmpty()) {
                log.warn("blocking=" + p + ": '" + p.method() + "' is native or abstract; designate the Java "
                        + "method that calls it");
            }
            methods = methods.or(named(p.method()).and(isMethod()));
        }
        return b.visit(Advice.to(SyscallAdvice.class).on(methods.and(not(isAbstract())).and(not(isNative()))));
    }

    private static boolean seesOurPreemption(ClassLoader cl) {
        try {
            return Class.forName(PreemptionPolls.OWNER.replace('/', '.'), false, cl)
                    == dev.gmp.internal.sched.Preemption.class;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** Transformation errors: a warning each, the class stays as it was. */
    private static final class Failures extends AgentBuilder.Listener.Adapter {
        private final AgentLog log;

        Failures(AgentLog log) {
            this.log = log;
        }

        @Override
        public void onError(String typeName, ClassLoader classLoader, JavaModule module, boolean loaded,
                            Throwable throwable) {
            log.warn("could not rewrite " + typeName + " (" + throwable + "); it runs unchanged");
        }
    }
}
