package dev.gmp.agent;

import dev.gmp.internal.jdk.JdkInternals;
import java.io.IOException;
import java.io.InputStream;

/**
 * Defines the bootstrap bridge ({@code dev.gmp.agent.bootstrap.*}) in the bootstrap class loader, so code
 * rewritten in {@code java.*} classes can link against it. The class files are read from the agent jar and
 * defined with {@link JdkInternals#defineInBootLoader}; nothing is written to disk and the bootstrap class path
 * is left alone. (Appending a jar with {@code Instrumentation.appendToBootstrapClassLoaderSearch}, the usual
 * agent way, makes HotSpot switch class data sharing off for all but boot classes and print "Sharing is only
 * supported for boot loader classes because bootstrap classpath has been appended" at every start.)
 *
 * <p>Must run after {@code java.lang} is opened to the runtime ({@link ModuleOpener}) and before anything loads
 * a bridge class; afterwards the application class loader finds the bridge through its parents, so there is
 * exactly one copy (the agent jar's own class files are never defined).
 */
final class BootstrapBridgeInjector {
    /** The bridge's classes, each after the classes it refers to (the boot loader finds only defined classes). */
    static final String[] CLASSES = {
        "dev.gmp.agent.bootstrap.GmpBridge$Dispatch",
        "dev.gmp.agent.bootstrap.GmpBridge",
    };

    private BootstrapBridgeInjector() {}

    static void inject() throws IOException {
        ClassLoader cl = BootstrapBridgeInjector.class.getClassLoader();
        for (String name : CLASSES) {
            if (definedInBootLoader(name)) {
                continue; // an agent attached earlier in this JVM defined it already: one bridge per JVM
            }
            String resource = name.replace('.', '/') + ".class";
            byte[] bytes;
            try (InputStream in = cl.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IOException("the agent jar lacks " + resource);
                }
                bytes = in.readAllBytes();
            }
            JdkInternals.defineInBootLoader(name, bytes);
        }
    }

    private static boolean definedInBootLoader(String name) {
        try {
            Class.forName(name, false, null);
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}
