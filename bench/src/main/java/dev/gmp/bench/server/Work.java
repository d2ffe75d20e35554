package dev.gmp.bench.server;

import dev.gmp.bench.costs.kernels.Kernels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.zip.CRC32;

/**
 * What the benchmark servers' requests do, the same in every server: a hash over 2 KiB of ints, repeated (CPU),
 * and a whole read of a small file (blocking file I/O, from the page cache once the file has been read).
 */
public final class Work {
    /** Passes of {@link #hash} in a CPU-bound request: about 0.2 ms of work on this machine's cores. */
    public static final int CPU_PASSES = 128;
    /** The size of the file a file-reading request reads. */
    public static final int FILE_BYTES = 16 * 1024;

    private static final int[] DATA = new Random(7).ints(512).toArray();

    private Work() {}

    /** {@code passes} passes of {@link Kernels#hash} over 2 KiB. */
    public static int hash(int passes) {
        int h = 0;
        for (int round = 0; round < passes; round++) {
            h += Kernels.hash(DATA);
        }
        return h;
    }

    /** A file of {@link #FILE_BYTES} random bytes in the temporary directory, deleted when the JVM exits. */
    public static Path createFile() throws IOException {
        Path p = Files.createTempFile("gmp-serverbench", ".bin");
        p.toFile().deleteOnExit();
        byte[] b = new byte[FILE_BYTES];
        new Random(7).nextBytes(b);
        return Files.write(p, b);
    }

    /** Reads {@code file} whole on the calling thread; its length and CRC-32. */
    public static String readFile(Path file) throws IOException {
        byte[] b = Files.readAllBytes(file);
        CRC32 crc = new CRC32();
        crc.update(b);
        return b.length + " " + Long.toHexString(crc.getValue());
    }
}
