package dev.gmp.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link RuntimeDispatch#PRELOADED} names classes that exist: a rename in the runtime fails here, not at startup. */
class RuntimeDispatchTest {
    @Test
    void everyPreloadedClassExists() {
        List<String> missing = new ArrayList<>();
        for (String name : RuntimeDispatch.PRELOADED) {
            try {
                Class.forName(name, false, RuntimeDispatch.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                missing.add(name);
            }
        }
        assertEquals(List.of(), missing, "RuntimeDispatch.PRELOADED names classes that do not exist");
    }
}
