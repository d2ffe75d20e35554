package dev.gmp.agent;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.Instrumentation;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.util.jar.JarFile;
import java.util.zip.CRC32;

/**
 * Puts the bootstrap bridge ({@code dev.gmp.agent.bootstrap.*}) on the bootstrap class path, so code rewritten
 * in {@code java.*} classes can link against it. The classes are copied from the agent jar into a small
 * temporary jar (deleted at exit) which is appended with {@link Instrumentation#appendToBootstrapClassLoaderSearch}:
 * the user still downloads one jar. Must run before anything loads a bridge class; afterwards the application
 * class loader finds the bridge through its parents, so there is exactly one copy.
 *
 * <p>The jar is written by hand (stored entries, a fixed timestamp): {@code java.util.zip.ZipOutputStream} would
 * pull in time-zone rules and a deflater, and {@code File.createTempFile} a SecureRandom, ~100 ms of startup.
 */
final class BootstrapBridgeInjector {
    static final String[] CLASSES = {
        "dev/gmp/agent/bootstrap/GmpBridge.class",
        "dev/gmp/agent/bootstrap/GmpBridge$Dispatch.class",
    };

    private BootstrapBridgeInjector() {}

    static void inject(Instrumentation inst) throws IOException {
        ClassLoader cl = BootstrapBridgeInjector.class.getClassLoader();
        byte[][] contents = new byte[CLASSES.length][];
        for (int i = 0; i < CLASSES.length; i++) {
            try (InputStream in = cl.getResourceAsStream(CLASSES[i])) {
                if (in == null) {
                    throw new IOException("the agent jar lacks " + CLASSES[i]);
                }
                contents[i] = in.readAllBytes();
            }
        }
        File jar = new File(System.getProperty("java.io.tmpdir"),
                "gmp-bootstrap-" + ProcessHandle.current().pid() + "-" + System.nanoTime() + ".jar");
        jar.deleteOnExit();
        Files.write(jar.toPath(), storedZip(CLASSES, contents), StandardOpenOption.CREATE_NEW);
        inst.appendToBootstrapClassLoaderSearch(new JarFile(jar));
    }

    /** A zip of stored (uncompressed) entries: local headers, central directory, end record (APPNOTE 4.3). */
    static byte[] storedZip(String[] names, byte[][] contents) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream central = new ByteArrayOutputStream();
        for (int i = 0; i < names.length; i++) {
            byte[] name = names[i].getBytes(StandardCharsets.UTF_8);
            byte[] data = contents[i];
            CRC32 crc = new CRC32();
            crc.update(data);
            int offset = out.size();
            // local file header
            le32(out, 0x04034b50);
            le16(out, 10);         // version needed
            le16(out, 0);          // flags
            le16(out, 0);          // method: stored
            le16(out, 0);          // time
            le16(out, 0x21);       // date: 1980-01-01
            le32(out, (int) crc.getValue());
            le32(out, data.length);
            le32(out, data.length);
            le16(out, name.length);
            le16(out, 0);
            out.writeBytes(name);
            out.writeBytes(data);
            // central directory header
            le32(central, 0x02014b50);
            le16(central, 20);     // version made by
            le16(central, 10);
            le16(central, 0);
            le16(central, 0);
            le16(central, 0);
            le16(central, 0x21);
            le32(central, (int) crc.getValue());
            le32(central, data.length);
            le32(central, data.length);
            le16(central, name.length);
            le16(central, 0);      // extra
            le16(central, 0);      // comment
            le16(central, 0);      // disk
            le16(central, 0);      // internal attributes
            le32(central, 0);      // external attributes
            le32(central, offset);
            central.writeBytes(name);
        }
        int cdOffset = out.size();
        int cdSize = central.size();
        out.writeBytes(central.toByteArray());
        le32(out, 0x06054b50);
        le16(out, 0);
        le16(out, 0);
        le16(out, names.length);
        le16(out, names.length);
        le32(out, cdSize);
        le32(out, cdOffset);
        le16(out, 0);
        return out.toByteArray();
    }

    private static void le16(ByteArrayOutputStream o, int v) {
        o.write(v & 0xFF);
        o.write((v >>> 8) & 0xFF);
    }

    private static void le32(ByteArrayOutputStream o, int v) {
        le16(o, v & 0xFFFF);
        le16(o, (v >>> 16) & 0xFFFF);
    }
}
