package dev.gmp.agent;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.instrument.Instrumentation;
import java.nio.file.Files;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.zip.ZipEntry;

/**
 * Puts the bootstrap bridge ({@code dev.gmp.agent.bootstrap.*}) on the bootstrap class path, so advice woven
 * into {@code java.*} classes can link against it. The classes are copied from the agent jar into a small
 * temporary jar (deleted at exit) which is appended with {@link Instrumentation#appendToBootstrapClassLoaderSearch}:
 * the user still downloads one jar. Must run before anything loads a bridge class; afterwards the application
 * class loader finds the bridge through its parents, so there is exactly one copy.
 */
final class BootstrapBridgeInjector {
    static final String[] CLASSES = {
        "dev/gmp/agent/bootstrap/GmpBridge.class",
        "dev/gmp/agent/bootstrap/GmpBridge$Dispatch.class",
    };

    private BootstrapBridgeInjector() {}

    static void inject(Instrumentation inst) throws IOException {
        File jar = File.createTempFile("gmp-bootstrap-", ".jar");
        jar.deleteOnExit();
        ClassLoader cl = BootstrapBridgeInjector.class.getClassLoader();
        try (OutputStream fo = Files.newOutputStream(jar.toPath()); JarOutputStream out = new JarOutputStream(fo)) {
            for (String c : CLASSES) {
                try (InputStream in = cl.getResourceAsStream(c)) {
                    if (in == null) {
                        throw new IOException("the agent jar lacks " + c);
                    }
                    out.putNextEntry(new ZipEntry(c));
                    in.transferTo(out);
                    out.closeEntry();
                }
            }
        }
        inst.appendToBootstrapClassLoaderSearch(new JarFile(jar));
    }
}
