package dev.gmp.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The injector's hand-written list names every class of the bridge package, so a new nested class cannot be missed. */
class BootstrapBridgeInjectorTest {
    @Test
    void theListIsEveryClassOfTheBridgePackage() throws IOException, URISyntaxException {
        Path dir = Path.of(dev.gmp.agent.bootstrap.GmpBridge.class.getProtectionDomain().getCodeSource().getLocation()
                .toURI()).resolve("dev/gmp/agent/bootstrap");
        Set<String> compiled;
        try (Stream<Path> files = Files.list(dir)) {
            compiled = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".class"))
                    .map(n -> "dev.gmp.agent.bootstrap." + n.substring(0, n.length() - ".class".length()))
                    .collect(Collectors.toSet());
        }
        assertEquals(compiled, Set.of(BootstrapBridgeInjector.CLASSES));
    }
}
