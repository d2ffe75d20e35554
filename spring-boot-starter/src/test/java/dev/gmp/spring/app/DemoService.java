package dev.gmp.spring.app;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * A Spring Boot service as a user writes one: Tomcat on virtual threads, Actuator, the Prometheus registry, and
 * gmp-spring-boot-starter on its class path; nothing of GMP in its code. Prints {@code port=N} when it serves.
 */
@SpringBootApplication
@RestController
public class DemoService {
    /** Requests parked here forever: reachable, so suspected leaks (never proven), each a goroutine with the agent. */
    private static final List<CompletableFuture<String>> PARKED = new CopyOnWriteArrayList<>();

    public static void main(String[] args) {
        SpringApplication.run(DemoService.class, args);
    }

    @EventListener(ApplicationReadyEvent.class)
    public void ready(ApplicationReadyEvent e) {
        Environment env = e.getApplicationContext().getEnvironment();
        System.out.println("port=" + env.getProperty("local.server.port"));
    }

    @GetMapping("/hello")
    public String hello() {
        return "hello from " + (Thread.currentThread().isVirtual() ? "a virtual thread" : "a platform thread") + "\n";
    }

    /**
     * Starts {@code n} virtual threads, each waiting for a future that nothing else can reach: real leaks, which the
     * agent proves once the garbage collector has run ({@code /gc}).
     */
    @GetMapping("/leak")
    public String leak(@RequestParam("n") int n) {
        for (int i = 0; i < n; i++) {
            Thread.ofVirtual().start(() -> new CompletableFuture<String>().join());
        }
        return "leaked " + n + "\n";
    }

    /** A full collection, as an operator's {@code /debug/gmp/leaks?check=1} would run. */
    @GetMapping("/gc")
    public String gc() {
        System.gc();
        return "gc\n";
    }

    /** Starts a virtual thread that waits for a future nobody completes, and answers at once. */
    @GetMapping("/park")
    public String park() {
        CompletableFuture<String> never = new CompletableFuture<>();
        PARKED.add(never);
        Thread.ofVirtual().start(never::join);
        return "parked " + PARKED.size() + "\n";
    }
}
