package dev.gmp.internal.sched;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@link ClassPreload}'s hand-made list cannot rot silently: a name that no longer exists (a renamed class, an
 * anonymous class javac renumbered) would be skipped at run time and the goroutine that loads the real class
 * pinned again, so here it fails the build.
 */
class ClassPreloadTest {

    @Test
    void everyListedClassExists() {
        List<String> missing = new ArrayList<>();
        for (String name : ClassPreload.NAMES) {
            if (ClassPreload.NOT_IN_EVERY_JDK.contains(name)) {
                continue;
            }
            try {
                Class.forName(name, false, name.startsWith("dev.gmp.") ? ClassPreload.class.getClassLoader() : null);
            } catch (ClassNotFoundException e) {
                missing.add(name);
            }
        }
        assertEquals(List.of(), missing, "listed in ClassPreload.NAMES but not on the class path or in JDK "
                + Runtime.version().feature());
    }

    @Test
    void theListHasNoDuplicates() {
        assertEquals(ClassPreload.NAMES.size(), new HashSet<>(ClassPreload.NAMES).size());
        assertTrue(ClassPreload.NAMES.containsAll(ClassPreload.NOT_IN_EVERY_JDK));
    }

    /**
     * A listed class of ours loads its nested classes on the same paths (Timer's callbacks are {@code Timer$1} and
     * {@code Timer$2}); a new one, or a renumbered one, must be listed too.
     */
    @Test
    void aListedClassOfOursComesWithAllItsNestedClasses() throws Exception {
        Set<String> listed = new HashSet<>(ClassPreload.NAMES);
        Set<String> unlisted = new TreeSet<>();
        for (String name : ClassPreload.NAMES) {
            if (!name.startsWith("dev.gmp.") || name.contains("$")) {
                continue;
            }
            for (String nested : nestedClasses(name)) {
                if (!listed.contains(nested)) {
                    unlisted.add(nested);
                }
            }
        }
        assertEquals(Set.of(), unlisted, "nested classes of classes listed in ClassPreload.NAMES, not listed");
        assertTrue(nestedClasses("dev.gmp.Timer").contains("dev.gmp.Timer$1"), "the check sees nested classes");
    }

    /** Every {@code top$...} class file beside {@code top}'s, in a directory or a jar. */
    private static List<String> nestedClasses(String top) throws IOException {
        Class<?> c;
        try {
            c = Class.forName(top, false, ClassPreload.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            return List.of(); // everyListedClassExists reports it
        }
        URI root = URI.create(c.getProtectionDomain().getCodeSource().getLocation().toString());
        String pkg = top.substring(0, top.lastIndexOf('.'));
        String simple = top.substring(top.lastIndexOf('.') + 1);
        if (root.getPath().endsWith(".jar")) {
            try (FileSystem jar = FileSystems.newFileSystem(Path.of(root), Map.of())) {
                return nestedIn(jar.getPath(pkg.replace('.', '/')), pkg, simple);
            }
        }
        return nestedIn(Path.of(root).resolve(pkg.replace('.', '/')), pkg, simple);
    }

    private static List<String> nestedIn(Path dir, String pkg, String simple) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(f -> f.startsWith(simple + "$") && f.endsWith(".class"))
                    .map(f -> pkg + "." + f.substring(0, f.length() - ".class".length()))
                    .sorted().toList();
        }
    }
}
