package dev.gmp;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real deadlock (main goroutine receiving on a channel nobody sends on) reaches the counter and JFR. */
class DeadlockExportTest {
    @TempDir
    Path dir;

    @Test
    @org.junit.jupiter.api.Timeout(60)
    void deadlockIsCountedAndRecorded() throws Exception {
        Path file = dir.resolve("deadlock.jfr");
        try (GmpRuntime rt = GmpRuntime.builder().gomaxprocs(2).err(new PrintStream(new ByteArrayOutputStream()))
                .build();
             Recording rec = new Recording()) {
            rec.enable("dev.gmp.Deadlock");
            JfrTesting.awaitGmpEventsLive();
            rec.start();
            assertEquals(0, rt.stats().deadlocks());
            DeadlockError e = assertThrows(DeadlockError.class, () -> rt.run(() -> {
                Chan<Integer> never = Chan.make(); // made by a goroutine: only goroutines can reach it
                rt.go(() -> never.recv());
                never.recv();
            }));
            assertTrue(e.getMessage().startsWith("fatal error: all goroutines are asleep - deadlock!"));
            assertEquals(1, rt.stats().deadlocks());
            rec.stop();
            rec.dump(file);
        }
        List<RecordedEvent> events = RecordingFile.readAllEvents(file).stream()
                .filter(ev -> ev.getEventType().getName().equals("dev.gmp.Deadlock")).toList();
        assertEquals(1, events.size());
        assertEquals(2, events.get(0).getInt("goroutines"));
        assertTrue(events.get(0).getString("dump").contains("[chan receive"), events.get(0).getString("dump"));
    }
}
