package dev.gmp.agent;

import java.lang.instrument.Instrumentation;
import java.util.Map;
import java.util.Set;

/**
 * Opens the JDK packages the runtime reflects into (see {@code JdkInternals}: {@code java.lang}, for the
 * virtual-thread builder with a custom scheduler, the continuation task's thread field and the scheduler field
 * that links a thread to its goroutine; {@code jdk.internal.vm} and {@code java.util.concurrent}, for the task a
 * routed virtual thread runs, which keys its cached creation site and gets the goroutine's bottom frame) to the
 * module of the runtime: the same as
 * {@code --add-opens java.base/java.lang=ALL-UNNAMED} and so on, done with {@link Instrumentation#redefineModule}.
 * The application class loader's unnamed module is opened too, so a runtime the application bundles itself
 * (one runtime per JVM) works as well.
 */
final class ModuleOpener {
    static final String[] PACKAGES = {"java.lang", "jdk.internal.vm", "java.util.concurrent"};

    private ModuleOpener() {}

    static void open(Instrumentation inst) {
        Module javaBase = Object.class.getModule();
        Module ours = dev.gmp.GmpRuntime.class.getModule();
        Module app = ClassLoader.getSystemClassLoader().getUnnamedModule();
        Set<Module> to = ours == app ? Set.of(app) : Set.of(app, ours);
        Map<String, Set<Module>> opens = new java.util.HashMap<>();
        for (String p : PACKAGES) {
            opens.put(p, to);
        }
        inst.redefineModule(javaBase, Set.of(), Map.of(), opens, Set.of(), Map.of());
    }
}
