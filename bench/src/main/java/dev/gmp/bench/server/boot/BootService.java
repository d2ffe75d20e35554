package dev.gmp.bench.server.boot;

import dev.gmp.bench.server.ServerProtocol;
import dev.gmp.bench.server.Work;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A Spring Boot service of the apps benchmark ({@link dev.gmp.bench.server.ServerBench}), as a Boot user writes
 * one: Tomcat on virtual threads, Actuator with the Prometheus registry, and gmp-spring-boot-starter on its class
 * path; nothing of GMP in its code. {@code /cpu} does {@link Work#CPU_PASSES} hash passes, {@code /file} reads a
 * {@link Work#FILE_BYTES}-byte file. Runs {@link ServerProtocol}. Its own package, so that component scanning
 * sees only it.
 */
@SpringBootApplication
@RestController
public class BootService {
    private static final LongAdder SERVED = new LongAdder();
    private static Path file;

    public static void main(String[] args) throws Exception {
        file = Work.createFile();
        SpringApplication app = new SpringApplication(BootService.class);
        app.setDefaultProperties(Map.of( // what application.properties would say
                "server.port", "0",
                "server.address", "127.0.0.1",
                "spring.threads.virtual.enabled", "true",
                "management.endpoints.web.exposure.include", "health,prometheus",
                "spring.main.banner-mode", "off",
                "logging.level.root", "warn"));
        ConfigurableApplicationContext context = app.run(args);
        ServerProtocol.serve(Integer.parseInt(context.getEnvironment().getProperty("local.server.port")), SERVED,
                context::close);
    }

    @GetMapping("/cpu")
    public String cpu() {
        SERVED.increment();
        return "cpu " + Work.hash(Work.CPU_PASSES);
    }

    @GetMapping("/file")
    public String file() throws IOException {
        SERVED.increment();
        return "file " + Work.readFile(file);
    }
}
